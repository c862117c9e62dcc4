"""swm_dense_conv against swm.golden_cnn.dense_conv_int: random dense convolutions (kernels
1/3/5, strides 1/2, paddings 0/1/2, odd sizes, 1 and 3 input channels, LANES dividing C_OUT or
not) with weights and bias loaded over their streams, frames of random feature maps under input
idles and output backpressure, one output frame per image with tlast on its last sample.
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

TOP = "swm_dense_conv"
ACTS = ("identity", "relu", "sigmoid", "tanh")
NAMES = ("H", "W", "C_IN", "C_OUT", "KH", "KW", "STRIDE", "PAD", "LANES", "ACT")
FIXED = dict(DW=16, WW=16, FW=18, AW=48, ACC_SHIFT=14, OUT_SHIFT=2, Y_FRAC=8, ROUND_MODE=0)


def _layer(P):
    from swm import golden_cnn as gc
    from swm.fixed import DatapathConfig

    cfg = DatapathConfig(DW=P["DW"], WW=P["WW"], FW=P["FW"], AW=P["AW"])
    g = gc.ConvGeometry(P["H"], P["W"], P["KH"], P["KW"], P["STRIDE"], P["PAD"])
    lp = gc.DenseConvParams(P["C_IN"], P["C_OUT"], g, 0, 0, P["ACC_SHIFT"], P["OUT_SHIFT"], P["Y_FRAC"], ACTS[P["ACT"]])
    return cfg, lp


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.common.monitor import ProtocolMonitor

    @cocotb.test()
    async def dense_conv_matches_golden(dut):
        from swm import golden, golden_cnn as gc

        P = tbh.sim_params()
        s = tbh.seed(TOP)
        rng, prng = np.random.default_rng(s), random.Random(s)
        dut.rst.setimmediatevalue(1)
        src_x, src_w, src_b = (tbh.axis_source(dut, n) for n in ("s_axis_x", "s_axis_w", "s_axis_b"))
        sink = tbh.axis_sink(dut, "m_axis_y")
        ProtocolMonitor(dut, ("s_axis_x", "s_axis_w", "s_axis_b", "m_axis_y"), name="swm_dense_conv monitor").start()
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        cfg, lp = _layer(P)
        W = rng.integers(-(1 << 15), 1 << 15, size=(P["C_OUT"], P["C_IN"], P["KH"], P["KW"]))
        b = rng.integers(-(1 << 16), 1 << 16, size=P["C_OUT"])
        await src_w.send(AxiStreamFrame(golden.dense_weight_words(gc.dense_conv_matrix(W), P["LANES"], P["WW"])))
        await src_b.send(AxiStreamFrame(golden.bias_words(b, P["FW"])))
        await src_w.wait()
        await src_b.wait()
        for phase, stall in enumerate((0.0, 0.5)):
            x = rng.integers(-(1 << 15), 1 << 15, size=(2, P["H"], P["W"], P["C_IN"])) >> int(rng.integers(0, 3))
            y = gc.dense_conv_int(x, W, b, lp, cfg).reshape(2, -1)
            tbh.apply_pauses(src_x, prng, stall)
            tbh.apply_pauses(sink, prng, stall)
            for v in x:
                src_x.send_nowait(AxiStreamFrame([tbh.to_unsigned(int(t), 16) for t in v.reshape(-1)]))
            for f in range(2):
                fr = await with_timeout(sink.recv(), 2_000_000_000, "ns")
                tbh.compare([tbh.to_signed(int(t), 16) for t in fr.tdata], y[f].tolist(),
                            f"phase {phase} frame {f} (samples; one tlast per frame)",
                            lambda k: f"output pixel {k // P['C_OUT']}, channel {k % P['C_OUT']}")
            assert sink.empty(), "output beyond the expected frames"
            await src_x.wait()
            for _ in range(8):
                await RisingEdge(dut.clk)
            assert int(dut.busy.value) == 0 and int(dut.err_len.value) == 0


QUICK = [(6, 5, 1, 4, 3, 3, 1, 1, 2, 1), (7, 7, 3, 3, 5, 5, 2, 2, 2, 0)]
FULL = [(9, 8, 1, 8, 5, 5, 1, 2, 8, 1), (5, 5, 3, 5, 1, 1, 1, 0, 5, 3), (8, 6, 1, 6, 3, 3, 2, 0, 4, 1)]


def _run(case, sim):
    rtl = dict(zip(NAMES, case), **FIXED)
    run_cocotb(TOP, top_sources(TOP), f"verif.{TOP}.test_{TOP}", rtl, sim,
               "_".join(f"{k}{v}" for k, v in zip(NAMES, case)), extra_env={"SWM_PARAMS": json.dumps(rtl)})


def _id(c):
    return f"{c[0]}x{c[1]}x{c[2]}_o{c[3]}_k{c[4]}x{c[5]}_s{c[6]}_p{c[7]}_L{c[8]}_act{c[9]}"


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("case", QUICK, ids=[_id(c) for c in QUICK])
def test_swm_dense_conv(case, sim):
    _run(case, sim)


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("case", FULL, ids=[_id(c) for c in FULL])
def test_swm_dense_conv_full(case, sim):
    _run(case, sim)
