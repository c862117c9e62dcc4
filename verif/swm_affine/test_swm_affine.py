"""swm_affine against swm.golden_cnn.affine_int: random scales and shifts loaded over their
streams, frames of random samples (extremes included) under input idles and output
backpressure, the output tlast on every frame's last sample, a full-speed phase (one sample per
clock), and a misframed input that sets err_len.
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

TOP = "swm_affine"
ACTS = ("identity", "relu", "sigmoid", "tanh")


def _params(P):
    from swm.fixed import ROUNDING_MODES, DatapathConfig
    from swm.golden_cnn import AffineParams

    cfg = DatapathConfig(DW=P["DW"], WW=P["WW"], FW=P["DW"] + 2, rounding=ROUNDING_MODES[P["ROUND_MODE"]])
    ap = AffineParams(channels=P["C"], x_frac=0, s_frac=0, out_shift=P["OUT_SHIFT"], y_frac=P["Y_FRAC"],
                      act=ACTS[P["ACT"]])
    return cfg, ap


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.common.monitor import ProtocolMonitor

    def _rand(rng: np.random.Generator, shape, width: int, ext: float = 0.1) -> np.ndarray:
        lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
        v = rng.integers(lo, hi + 1, size=shape)
        u = rng.random(shape)
        return np.where(u < ext, lo, np.where(u < 2 * ext, hi, v)).astype(np.int64)

    class AffineTB:
        def __init__(self, dut, P):
            self.dut, self.P = dut, P
            dut.rst.setimmediatevalue(1)
            self.src_x = tbh.axis_source(dut, "s_axis_x")
            self.src_w = tbh.axis_source(dut, "s_axis_w")
            self.src_b = tbh.axis_source(dut, "s_axis_b")
            self.sink = tbh.axis_sink(dut, "m_axis_y")
            self.monitor = ProtocolMonitor(dut, ("s_axis_x", "s_axis_w", "s_axis_b", "m_axis_y"),
                                           name="swm_affine monitor").start()

        async def init(self):
            await tbh.start_clock(self.dut)
            await tbh.reset(self.dut)

        async def load(self, scale, shift):
            P = self.P
            await self.src_w.send(AxiStreamFrame([tbh.to_unsigned(int(v), P["WW"]) for v in scale]))
            await self.src_b.send(AxiStreamFrame([tbh.to_unsigned(int(v), P["DW"] + P["WW"]) for v in shift]))
            await self.src_w.wait()
            await self.src_b.wait()
            for _ in range(4):
                await RisingEdge(self.dut.clk)

        async def frames(self, x: np.ndarray, what: str):
            """Send the frames x (n, N) and check the outputs against the golden model."""
            from swm.golden_cnn import affine_int

            P = self.P
            cfg, ap = _params(P)
            y = affine_int(x.reshape(len(x), -1, P["C"]), self.scale, self.shift, ap, cfg).reshape(len(x), -1)
            for v in x:
                self.src_x.send_nowait(AxiStreamFrame([tbh.to_unsigned(int(t), P["DW"]) for t in v]))
            for f in range(len(x)):
                fr = await with_timeout(self.sink.recv(), 50 * x.size + 10000, "ns")
                got = [tbh.to_signed(int(t), P["DW"]) for t in fr.tdata]
                tbh.compare(got, y[f].tolist(), f"{what} frame {f} (samples; tlast placement)",
                            lambda k: f"sample {k}, channel {k % P['C']}")
            assert self.sink.empty(), f"{what}: output beyond {len(x)} frames"

    @cocotb.test()
    async def affine_matches_golden(dut):
        """Random parameters and frames under stalls, then a stall-free phase at one sample per clock."""
        P = tbh.sim_params()
        s = tbh.seed(TOP)
        rng, prng = np.random.default_rng(s), random.Random(s)
        tb = AffineTB(dut, P)
        await tb.init()
        C, N, DW, WW = P["C"], P["N"], P["DW"], P["WW"]
        for phase, stall in enumerate((0.3, 0.0, 0.7)):
            tb.scale = _rand(rng, C, WW)
            tb.shift = _rand(rng, C, DW + WW, 0.05) >> int(rng.integers(0, WW))
            await tb.load(tb.scale, tb.shift)
            x = _rand(rng, (4, N), DW) >> rng.integers(0, 4, size=(4, 1))
            tbh.apply_pauses(tb.src_x, prng, stall)
            tbh.apply_pauses(tb.sink, prng, stall)
            t0 = None
            if stall == 0:
                start = [0]

                async def first_in():
                    while True:
                        await RisingEdge(dut.clk)
                        if int(dut.s_axis_x_tvalid.value) and int(dut.s_axis_x_tready.value):
                            start[0] = cocotb.utils.get_sim_time("ns")
                            return
                t0 = cocotb.start_soon(first_in())
            await tb.frames(x, f"phase {phase} (stall {stall})")
            if t0 is not None:
                took = (cocotb.utils.get_sim_time("ns") - start[0]) / 10
                assert took <= x.size + 6, f"{x.size} samples took {took} clocks without stalls (one per clock expected)"
            assert int(dut.err_len.value) == 0, "err_len set by well-framed input"
            for _ in range(8):
                await RisingEdge(dut.clk)
            assert int(dut.busy.value) == 0, "busy after the last frame"

    @cocotb.test()
    async def misframed_input_sets_err_len(dut):
        """An early tlast sets the sticky err_len; the output stays framed by count; rst clears it."""
        P = tbh.sim_params()
        rng = np.random.default_rng(tbh.seed(TOP + " misframed"))
        tb = AffineTB(dut, P)
        await tb.init()
        C, N, DW, WW = P["C"], P["N"], P["DW"], P["WW"]
        tb.scale, tb.shift = _rand(rng, C, WW), _rand(rng, C, DW + WW) >> WW
        await tb.load(tb.scale, tb.shift)
        x = _rand(rng, (2, N), DW)
        words = [tbh.to_unsigned(int(t), DW) for t in x.reshape(-1)]
        tb.src_x.send_nowait(AxiStreamFrame(words[:1]))  # tlast after the first sample
        tb.src_x.send_nowait(AxiStreamFrame(words[1:]))
        from swm.golden_cnn import affine_int

        cfg, ap = _params(P)
        y = affine_int(x.reshape(2, -1, C), tb.scale, tb.shift, ap, cfg).reshape(2, -1)
        for f in range(2):
            fr = await with_timeout(tb.sink.recv(), 100000, "ns")
            tbh.compare([tbh.to_signed(int(t), DW) for t in fr.tdata], y[f].tolist(), f"frame {f} after an early tlast")
        assert int(dut.err_len.value) == int(N > 1), "err_len after an early tlast"
        await tbh.reset(dut)
        assert int(dut.err_len.value) == 0, "err_len not cleared by rst"


# (DW, WW, C, N, OUT_SHIFT, ACT, Y_FRAC, ROUND_MODE)
QUICK = [(16, 16, 4, 32, 14, 1, 8, 0), (8, 8, 3, 12, 6, 3, 4, 1)]
FULL = [(16, 16, 1, 5, 0, 0, 0, 0), (16, 16, 64, 128, 20, 2, 10, 1), (16, 12, 7, 21, 28, 1, 15, 0)]
NAMES = ("DW", "WW", "C", "N", "OUT_SHIFT", "ACT", "Y_FRAC", "ROUND_MODE")


def _run(case, sim):
    rtl = dict(zip(NAMES, case))
    run_cocotb(TOP, top_sources(TOP), f"verif.{TOP}.test_{TOP}", rtl, sim,
               "_".join(f"{k}{v}" for k, v in rtl.items()), extra_env={"SWM_PARAMS": json.dumps(rtl)})


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("case", QUICK, ids=[f"C{c[2]}_N{c[3]}_act{c[5]}" for c in QUICK])
def test_swm_affine(case, sim):
    _run(case, sim)


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("case", FULL, ids=[f"C{c[2]}_N{c[3]}_act{c[5]}" for c in FULL])
def test_swm_affine_full(case, sim):
    _run(case, sim)
