"""swm_axis_reg (the register slice in front of the network's image and load inputs): random frames
through it under random idles and backpressure must come out unchanged (data and tlast), with the
stream rules checked on both ports; s_axis_tready must be a flip-flop output (it changes only at
clock edges); with neither side pausing one beat moves per clock; `busy` is high exactly while the
slice holds a beat.
"""

from __future__ import annotations

import json
import random

import pytest

from verif.common.sim import SIMULATORS, hw_sources, run_cocotb

try:
    import cocotb
    from cocotb.triggers import ClockCycles, FallingEdge, RisingEdge
    from cocotbext.axi import AxiStreamFrame
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_axis_reg"


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.common.monitor import ProtocolMonitor

    async def _watch(dut, counts: dict) -> None:
        """Every edge: count the transfers; busy == (beats in - beats out) > 0."""
        while True:
            await RisingEdge(dut.clk)
            if int(dut.rst.value):
                counts["in"] = counts["out"] = 0
                continue
            held = counts["in"] - counts["out"]
            assert int(dut.busy.value) == (held > 0), f"busy {int(dut.busy.value)} with {held} beats held"
            assert held <= 2, f"{held} beats held in a 2-entry slice"
            if int(dut.s_axis_tvalid.value) and int(dut.s_axis_tready.value):
                counts["in"] += 1
            if int(dut.m_axis_tvalid.value) and int(dut.m_axis_tready.value):
                counts["out"] += 1

    @cocotb.test()
    async def frames_pass_in_order(dut):
        """Random frames in, the same frames out, random idles on both sides, then full speed."""
        P = tbh.sim_params()
        W = P["W"]
        rng = random.Random(tbh.seed("swm_axis_reg"))
        dut.rst.setimmediatevalue(1)
        src = tbh.axis_source(dut, "s_axis")
        sink = tbh.axis_sink(dut, "m_axis")
        ProtocolMonitor(dut, ("s_axis", "m_axis"), name="swm_axis_reg monitor").start()
        counts = {"in": 0, "out": 0}
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        cocotb.start_soon(_watch(dut, counts))
        frames = [[rng.getrandbits(W) for _ in range(rng.randint(1, 12))] for _ in range(tbh.scaled(40))]
        src.set_pause_generator(tbh.pause_generator(rng, 0.3))
        sink.set_pause_generator(tbh.pause_generator(rng, 0.5))
        for f in frames:
            src.send_nowait(AxiStreamFrame(f))
        for i, f in enumerate(frames):
            got = await sink.recv()
            tbh.compare(list(got.tdata), f, f"frame {i}")
        # full speed: no idles, one beat per clock
        src.clear_pause_generator()
        sink.clear_pause_generator()
        src.pause = sink.pause = False   # clearing a generator keeps its last pause value
        n = 64
        src.send_nowait(AxiStreamFrame([rng.getrandbits(W) for _ in range(n)]))
        await ClockCycles(dut.clk, 4)
        before = counts["out"]
        await ClockCycles(dut.clk, n // 2)
        assert counts["out"] - before == n // 2, f"full speed: {counts['out'] - before} beats in {n // 2} cycles"
        await sink.recv()
        assert sink.empty()

    @cocotb.test()
    async def ready_depends_on_no_input(dut):
        """s_axis_tready is a flip-flop: toggling m_axis_tready between edges never moves it."""
        dut.rst.setimmediatevalue(1)
        dut.s_axis_tvalid.setimmediatevalue(0)
        dut.s_axis_tlast.setimmediatevalue(0)
        dut.s_axis_tdata.setimmediatevalue(0)
        dut.m_axis_tready.setimmediatevalue(0)
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        rng = random.Random(7)
        filled = 0
        for _ in range(200):
            await FallingEdge(dut.clk)
            dut.s_axis_tvalid.value = rng.random() < 0.7
            dut.s_axis_tdata.value = rng.getrandbits(int(tbh.sim_params()["W"]))
            r0 = int(dut.s_axis_tready.value)
            for v in (0, 1, 0, rng.random() < 0.3):
                dut.m_axis_tready.value = v
                await cocotb.triggers.Timer(1, "ns")
                assert int(dut.s_axis_tready.value) == r0, "s_axis_tready follows m_axis_tready combinationally"
            filled += int(not r0)
        assert filled > 0, "the skid register was never used: the test did not stall the sink"


# W
CASES = [1, 16, 40]


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("w", CASES)
def test_swm_axis_reg(w, sim):
    """A 1-bit, an image-sample and the load-beat (32 + select) slice."""
    rtl = dict(W=w)
    run_cocotb(TOP, hw_sources(TOP), f"verif.{TOP}.test_{TOP}", rtl, sim, f"W{w}",
               extra_env={"SWM_PARAMS": json.dumps(rtl)})
