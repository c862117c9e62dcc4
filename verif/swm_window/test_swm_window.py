"""swm_window against swm.golden_cnn.patches: every output pixel's receptive field (tap-major,
channel-minor, zeros outside the image) from frames of random feature maps, for kernels 1/3/5,
strides 1/2, paddings 0/1/2 and odd image sizes, under input idles and output backpressure;
back-to-back frames; a misframed input sets err_len.
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

TOP = "swm_window"
NAMES = ("DW", "H", "W", "C", "KH", "KW", "STRIDE", "PAD")


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.common.monitor import ProtocolMonitor

    def _expected(P, x):
        from swm import golden_cnn as gc

        g = gc.ConvGeometry(P["H"], P["W"], P["KH"], P["KW"], P["STRIDE"], P["PAD"])
        return gc.patches(x, g).reshape(len(x), g.out_h * g.out_w, -1)

    async def _setup(dut):
        P = tbh.sim_params()
        dut.rst.setimmediatevalue(1)
        src, sink = tbh.axis_source(dut, "s_axis"), tbh.axis_sink(dut, "m_axis")
        ProtocolMonitor(dut, ("s_axis", "m_axis"), name="swm_window monitor").start()
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        return P, src, sink

    def _maps(P, rng, n):
        lo, hi = -(1 << (P["DW"] - 1)), (1 << (P["DW"] - 1)) - 1
        return rng.integers(lo, hi + 1, size=(n, P["H"], P["W"], P["C"]))

    async def _check(P, sink, x, what):
        y = _expected(P, x)
        for f in range(len(x)):
            for o in range(y.shape[1]):
                fr = await with_timeout(sink.recv(), 100 * x[0].size * max(1, y.shape[2]) + 100000, "ns")
                got = [tbh.to_signed(int(t), P["DW"]) for t in fr.tdata]
                tbh.compare(got, y[f, o].tolist(), f"{what} frame {f} output pixel {o} (receptive field; tlast)",
                            lambda k: f"tap {k // P['C']}, channel {k % P['C']}")
        assert sink.empty(), f"{what}: output beyond the expected vectors"

    @cocotb.test()
    async def window_matches_golden(dut):
        P, src, sink = await _setup(dut)
        s = tbh.seed(TOP)
        rng, prng = np.random.default_rng(s), random.Random(s)
        for phase, stall in enumerate((0.0, 0.4, 0.8)):
            x = _maps(P, rng, 3)
            tbh.apply_pauses(src, prng, stall)
            tbh.apply_pauses(sink, prng, stall if phase != 2 else 0.2)
            for v in x:
                src.send_nowait(AxiStreamFrame([tbh.to_unsigned(int(t), P["DW"]) for t in v.reshape(-1)]))
            await _check(P, sink, x, f"phase {phase} (stall {stall})")
            await src.wait()
            for _ in range(4):
                await RisingEdge(dut.clk)
            assert int(dut.busy.value) == 0, "busy after the last frame"
            assert int(dut.err_len.value) == 0, "err_len set by well-framed input"

    @cocotb.test()
    async def misframed_input_sets_err_len(dut):
        P, src, sink = await _setup(dut)
        rng = np.random.default_rng(tbh.seed(TOP + " misframed"))
        x = _maps(P, rng, 1)
        words = [tbh.to_unsigned(int(t), P["DW"]) for t in x.reshape(-1)]
        src.send_nowait(AxiStreamFrame(words[:2]))  # an early tlast
        src.send_nowait(AxiStreamFrame(words[2:]))
        await _check(P, sink, x, "after an early tlast")
        assert int(dut.err_len.value) == 1, "err_len not set by an early tlast"
        await tbh.reset(dut)
        assert int(dut.err_len.value) == 0, "err_len not cleared by rst"


QUICK = [(16, 6, 7, 2, 3, 3, 1, 1), (8, 7, 5, 1, 5, 5, 2, 2)]
FULL = [(16, 28, 28, 1, 5, 5, 1, 2), (16, 8, 8, 3, 1, 1, 1, 0), (16, 9, 9, 2, 3, 3, 2, 0), (16, 5, 5, 4, 5, 5, 1, 2),
        (12, 6, 9, 2, 3, 2, 2, 1), (16, 3, 3, 1, 3, 3, 1, 0), (16, 10, 4, 3, 3, 3, 3, 1)]


def _run(case, sim):
    rtl = dict(zip(NAMES, case))
    run_cocotb(TOP, top_sources(TOP), f"verif.{TOP}.test_{TOP}", rtl, sim,
               "_".join(f"{k}{v}" for k, v in rtl.items()), extra_env={"SWM_PARAMS": json.dumps(rtl)})


def _id(c):
    return f"H{c[1]}_W{c[2]}_C{c[3]}_k{c[4]}x{c[5]}_s{c[6]}_p{c[7]}"


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("case", QUICK, ids=[_id(c) for c in QUICK])
def test_swm_window(case, sim):
    _run(case, sim)


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("case", FULL, ids=[_id(c) for c in FULL])
def test_swm_window_full(case, sim):
    _run(case, sim)
