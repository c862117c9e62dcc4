"""swm_maxpool against swm.golden_cnn.maxpool_int: frames of random feature maps (odd sizes drop
their last row / column, one channel and many) under input idles and output backpressure, the
output tlast on each frame's last sample, one input sample per clock without stalls, and a
misframed input that sets err_len.
"""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from verif.common.sim import SIMULATORS, run_cocotb, top_sources

try:
    import cocotb
    from cocotb.triggers import RisingEdge, with_timeout
    from cocotbext.axi import AxiStreamFrame
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_maxpool"


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.common.monitor import ProtocolMonitor

    class PoolTB:
        def __init__(self, dut, P):
            self.dut, self.P = dut, P
            dut.rst.setimmediatevalue(1)
            self.src = tbh.axis_source(dut, "s_axis")
            self.sink = tbh.axis_sink(dut, "m_axis")
            self.monitor = ProtocolMonitor(dut, ("s_axis", "m_axis"), name="swm_maxpool monitor").start()
            self.accepted = 0
            cocotb.start_soon(self._count())

        async def _count(self):
            while True:
                await RisingEdge(self.dut.clk)
                if int(self.dut.s_axis_tvalid.value) and int(self.dut.s_axis_tready.value):
                    self.accepted += 1

        async def init(self):
            await tbh.start_clock(self.dut)
            await tbh.reset(self.dut)

        def maps(self, rng, n):
            P = self.P
            lo, hi = -(1 << (P["DW"] - 1)), (1 << (P["DW"] - 1)) - 1
            x = rng.integers(lo, hi + 1, size=(n, P["H"], P["W"], P["C"]))
            x[0, 0, 0] = lo  # extremes and ties
            x[0, -1, -1] = hi
            x[-1, :2, :2] = 7
            return x

        async def check(self, x, what):
            from swm.golden_cnn import maxpool_int

            P = self.P
            y = maxpool_int(x, 2).reshape(len(x), -1)
            for f in range(len(x)):
                fr = await with_timeout(self.sink.recv(), 20 * x.size + 20000, "ns")
                got = [tbh.to_signed(int(t), P["DW"]) for t in fr.tdata]
                tbh.compare(got, y[f].tolist(), f"{what} frame {f} (samples; tlast placement)",
                            lambda k: f"output pixel {k // P['C']}, channel {k % P['C']}")
            assert self.sink.empty(), f"{what}: output beyond {len(x)} frames"

    @cocotb.test()
    async def maxpool_matches_golden(dut):
        P = tbh.sim_params()
        s = tbh.seed(TOP)
        rng, prng = np.random.default_rng(s), random.Random(s)
        tb = PoolTB(dut, P)
        await tb.init()
        for phase, stall in enumerate((0.3, 0.0, 0.7)):
            x = tb.maps(rng, 3)
            tbh.apply_pauses(tb.src, prng, stall)
            tbh.apply_pauses(tb.sink, prng, stall)
            t0 = cocotb.utils.get_sim_time("ns")
            n0 = tb.accepted
            for v in x:
                tb.src.send_nowait(AxiStreamFrame([tbh.to_unsigned(int(t), P["DW"]) for t in v.reshape(-1)]))
            await tb.check(x, f"phase {phase} (stall {stall})")
            await tb.src.wait()  # a dropped last row arrives after the frame's last output
            if stall == 0:
                took = (cocotb.utils.get_sim_time("ns") - t0) / 10
                assert tb.accepted - n0 == x.size
                assert took <= x.size + 8, f"{x.size} samples took {took} clocks without stalls"
            assert int(dut.err_len.value) == 0, "err_len set by well-framed input"
            for _ in range(4):
                await RisingEdge(dut.clk)
            assert int(dut.busy.value) == 0, "busy after the last frame"

    @cocotb.test()
    async def misframed_input_sets_err_len(dut):
        P = tbh.sim_params()
        rng = np.random.default_rng(tbh.seed(TOP + " misframed"))
        tb = PoolTB(dut, P)
        await tb.init()
        x = tb.maps(rng, 2)
        words = [tbh.to_unsigned(int(t), P["DW"]) for t in x.reshape(-1)]
        tb.src.send_nowait(AxiStreamFrame(words[:3]))  # an early tlast, then the rest in one frame
        tb.src.send_nowait(AxiStreamFrame(words[3:]))
        await tb.check(x, "after an early tlast")
        assert int(dut.err_len.value) == 1, "err_len not set by an early tlast"
        await tbh.reset(dut)
        assert int(dut.err_len.value) == 0, "err_len not cleared by rst"


# (DW, H, W, C)
QUICK = [(16, 6, 6, 3), (8, 5, 7, 1)]
FULL = [(16, 28, 28, 4), (16, 2, 2, 1), (16, 3, 2, 5), (12, 14, 14, 64), (16, 7, 9, 2)]


def _run(case, sim):
    rtl = dict(zip(("DW", "H", "W", "C"), case))
    run_cocotb(TOP, top_sources(TOP), f"verif.{TOP}.test_{TOP}", rtl, sim,
               "_".join(f"{k}{v}" for k, v in rtl.items()), extra_env={"SWM_PARAMS": json.dumps(rtl)})


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("case", QUICK, ids=[f"H{c[1]}_W{c[2]}_C{c[3]}" for c in QUICK])
def test_swm_maxpool(case, sim):
    _run(case, sim)


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("case", FULL, ids=[f"H{c[1]}_W{c[2]}_C{c[3]}" for c in FULL])
def test_swm_maxpool_full(case, sim):
    _run(case, sim)
