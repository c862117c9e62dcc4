"""swm_axis_fifo (the FIFO between dataflow stages): random frames through it under random idles.

The source sends random frames with random gaps, the sink applies random backpressure, and the
frames out must equal the frames in (data and tlast placement), with the stream rules checked on
both ports by the project's monitor. ``level`` is checked every cycle against a count of the
words accepted minus the words delivered, and a full FIFO must still accept a word in a cycle
where one leaves (no bubble at full throughput: a phase with no idles on either side must move one
word per clock).
"""

from __future__ import annotations

import json
import random

import pytest

from verif.common.sim import SIMULATORS, hw_sources, run_cocotb

try:
    import cocotb
    from cocotb.triggers import ClockCycles, RisingEdge
    from cocotbext.axi import AxiStreamFrame
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_axis_fifo"


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.common.monitor import ProtocolMonitor

    async def _level_check(dut, counts: dict) -> None:
        """Every edge: level == words accepted - words delivered (both counted at the edge)."""
        while True:
            await RisingEdge(dut.clk)
            if int(dut.rst.value):
                counts["in"] = counts["out"] = 0
                continue
            lvl = int(dut.level.value)
            assert lvl == counts["in"] - counts["out"], f"level {lvl}, expected {counts['in'] - counts['out']}"
            if int(dut.s_axis_tvalid.value) and int(dut.s_axis_tready.value):
                counts["in"] += 1
            if int(dut.m_axis_tvalid.value) and int(dut.m_axis_tready.value):
                counts["out"] += 1

    @cocotb.test()
    async def frames_pass_in_order(dut):
        """Random frames in, the same frames out, random idles on both sides, then full speed."""
        P = tbh.sim_params()
        W = P["WIDTH"]
        rng = random.Random(tbh.seed("swm_axis_fifo"))
        dut.rst.setimmediatevalue(1)
        src = tbh.axis_source(dut, "s_axis")
        sink = tbh.axis_sink(dut, "m_axis")
        ProtocolMonitor(dut, ("s_axis", "m_axis"), name="swm_axis_fifo monitor").start()
        counts = {"in": 0, "out": 0}
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        cocotb.start_soon(_level_check(dut, counts))
        frames = [[rng.getrandbits(W) for _ in range(rng.randint(1, 3 * P["DEPTH"]))] for _ in range(tbh.scaled(30))]
        src.set_pause_generator(tbh.pause_generator(rng, 0.3))
        sink.set_pause_generator(tbh.pause_generator(rng, 0.5))
        for f in frames:
            src.send_nowait(AxiStreamFrame(f))
        for i, f in enumerate(frames):
            got = await sink.recv()
            tbh.compare(list(got.tdata), f, f"frame {i}")
        # full speed: no idles, one word per clock once the pipeline is primed
        src.clear_pause_generator()
        sink.clear_pause_generator()
        src.pause = sink.pause = False   # clearing a generator keeps its last pause value
        n = 4 * P["DEPTH"] + 16
        src.send_nowait(AxiStreamFrame([rng.getrandbits(W) for _ in range(n)]))
        await ClockCycles(dut.clk, 4)
        before = counts["out"]
        await ClockCycles(dut.clk, n // 2)
        moved = counts["out"] - before
        assert moved == n // 2, f"full speed: {moved} words in {n // 2} cycles"
        await sink.recv()
        assert sink.empty()


# (WIDTH, DEPTH)
CASES = [(16, 4), (9, 2), (33, 16)]


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("w,depth", CASES)
def test_swm_axis_fifo(w, depth, sim):
    """Small, minimal and wide FIFOs."""
    rtl = dict(WIDTH=w, DEPTH=depth)
    run_cocotb(TOP, hw_sources(TOP), f"verif.{TOP}.test_{TOP}", rtl, sim, f"W{w}_D{depth}",
               extra_env={"SWM_PARAMS": json.dumps(rtl)})
