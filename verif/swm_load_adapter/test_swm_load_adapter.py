"""swm_load_adapter: 32-bit load beats -> memory words, selected by `sel`, under random idles.

Random words of WIDTH bits are split into beats exactly as the host does (swm.compile.to_load_beats)
and sent in packets; the words out must equal the words in, with tlast on the packet's last word.
A packet whose tlast comes on an earlier beat of a word must give that word with the missing beats
zero, and the next packet must start aligned. While `sel` names another adapter, tready stays low.
"""

from __future__ import annotations

import json
import random

import pytest

from verif.common.sim import SIMULATORS, hw_sources, run_cocotb

try:
    import cocotb
    from cocotb.triggers import ClockCycles, RisingEdge, Timer
    from cocotbext.axi import AxiStreamFrame
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_load_adapter"


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.common.monitor import ProtocolMonitor

    @cocotb.test()
    async def words_from_beats(dut):
        """Packets of random words (and one cut short) through the adapter; every word checked."""
        from swm.compile import LOAD_W, to_load_beats

        P = tbh.sim_params()
        W, SEL = P["WIDTH"], P["SEL"]
        nb = -(-W // LOAD_W)
        rng = random.Random(tbh.seed("swm_load_adapter"))
        dut.rst.setimmediatevalue(1)
        dut.sel.value = SEL + 1
        src = tbh.axis_source(dut, "s_axis")
        sink = tbh.axis_sink(dut, "m_axis")
        ProtocolMonitor(dut, ("s_axis", "m_axis"), name="swm_load_adapter monitor").start()
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        # not selected: nothing is taken
        src.send_nowait(AxiStreamFrame([1]))
        await ClockCycles(dut.clk, 5)
        await Timer(1, "ns")
        assert int(dut.s_axis_tready.value) == 0, "tready while another adapter is selected"
        dut.sel.value = SEL
        got0 = await sink.recv()
        assert list(got0.tdata) == [1], f"the waiting beat as a word cut short: {list(got0.tdata)}"
        src.set_pause_generator(tbh.pause_generator(rng, 0.3))
        sink.set_pause_generator(tbh.pause_generator(rng, 0.3))
        packets = [[rng.getrandbits(W) for _ in range(rng.randint(1, 6))] for _ in range(tbh.scaled(12))]
        for words in packets:
            src.send_nowait(AxiStreamFrame(to_load_beats(words, W)))
        for i, words in enumerate(packets):
            fr = await sink.recv()
            tbh.compare(list(fr.tdata), words, f"packet {i}")
        if nb > 1:   # a packet ending one beat early: the last word's top beat is zero
            w = rng.getrandbits(W)
            src.send_nowait(AxiStreamFrame(to_load_beats([w], W)[:-1]))
            fr = await sink.recv()
            want = w & ((1 << (LOAD_W * (nb - 1))) - 1)
            assert list(fr.tdata) == [want], f"cut word {list(fr.tdata)}, expected {want:#x}"
            words = [rng.getrandbits(W) for _ in range(3)]
            src.send_nowait(AxiStreamFrame(to_load_beats(words, W)))
            fr = await sink.recv()
            tbh.compare(list(fr.tdata), words, "packet after a cut one (aligned again)")
        assert sink.empty()
        # DEPTH: packets of DEPTH words pass silently; each word beyond pulses overflow once
        depth = P.get("DEPTH", 0)
        if depth:
            pulses = []

            async def count_overflow():
                while True:
                    await RisingEdge(dut.clk)
                    if int(dut.overflow.value):
                        pulses.append(1)

            task = cocotb.start_soon(count_overflow())
            for n in (depth, depth + 2, 1, depth + 1):
                words = [rng.getrandbits(W) for _ in range(n)]
                src.send_nowait(AxiStreamFrame(to_load_beats(words, W)))
                fr = await sink.recv()
                tbh.compare(list(fr.tdata), words, f"packet of {n} words (DEPTH {depth})")
            await ClockCycles(dut.clk, 3)
            task.cancel()
            assert len(pulses) == 3, f"overflow pulses {len(pulses)}, expected 2 + 1 for DEPTH = {depth}"


# (WIDTH, SEL, DEPTH): one beat (bias), exactly 32, several beats with a partial last one, 8 beats
# (LANES 8 weights); DEPTH 0 = no length check
CASES = [(18, 3, 5), (32, 0, 0), (70, 5, 3), (256, 1, 0)]


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("w,sel,depth", CASES)
def test_swm_load_adapter(w, sel, depth, sim):
    """Bias-, word- and multi-beat-wide memories, with and without the length check."""
    rtl = dict(WIDTH=w, SEL=sel, SEL_W=4, DEPTH=depth)
    run_cocotb(TOP, hw_sources(TOP), f"verif.{TOP}.test_{TOP}", rtl, sim, f"W{w}_S{sel}_D{depth}",
               extra_env={"SWM_PARAMS": json.dumps(rtl)})
