"""swm_bc_layer in convolution mode (CONV = 1) against swm.golden_cnn.conv_int, bit for bit.

Random block-circulant convolutions (kernel 1/3/5 and non-square, stride 1/2, padding 0/1/2, odd
image sizes, K 4..64, LANES, ROWS), several images back to back (five in the unpadded case),
random input idles and output backpressure; every output pixel's p*K samples are compared, and the cycle count without stalls
with swm.perf.conv_cycles.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import numpy as np
import pytest

from verif.common.sim import SIMULATORS, top_sources

try:
    import cocotb
    from cocotb.triggers import RisingEdge
    from cocotbext.axi import AxiStreamFrame
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_bc_layer"
ACTS = ("identity", "relu", "sigmoid", "tanh")
# geometry parameter names of the RTL, in the order of a case tuple after (K, LANES, ROWS, p)
GEOM = ("QIN", "IN_H", "IN_W", "KH", "KW", "STRIDE_H", "STRIDE_W", "PAD_H", "PAD_W")


def _geometry(P: dict):
    from swm.golden_cnn import ConvGeometry

    return ConvGeometry(P["IN_H"], P["IN_W"], P["KH"], P["KW"], (P["STRIDE_H"], P["STRIDE_W"]),
                        (P["PAD_H"], P["PAD_W"]))


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.swm_bc_layer.layer_tb import LayerTB

    def _case(rng, P, p, n, act, kind):
        """Random convolution (weights, bias, images) and its golden output."""
        from swm.fixed import DatapathConfig
        from swm.golden import choose_acc_shift
        from swm.golden_cnn import ConvParams, conv_int

        K, DW, FW, WW, q = P["K"], P["DW"], P["FW"], P["WW"], P["QIN"]
        g = _geometry(P)
        cfg = DatapathConfig(K=K, DW=DW, FW=FW, WW=WW, TW=P["TW"], AW=P["AW"],
                             rounding=("half_up", "convergent")[P["ROUND_MODE"]], max_q=P["MAX_Q"])

        def words(shape, width, ext=0.05):
            lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
            v = rng.integers(lo, hi + 1, size=shape)
            u = rng.random(shape)
            return np.where(u < ext, lo, np.where(u < 2 * ext, hi, v)).astype(np.int64)

        Wp = words((p, q, g.kh, g.kw, K // 2, 2), WW)
        x = words((n, g.in_h, g.in_w, q * K), DW, 0.15 if kind == "saturate" else 0.02)
        bias = words((p * K,), FW - 2)
        lp0 = ConvParams(p, q, g, 0, 0, 0, 0, 0, "identity")
        _, tr = conv_int(x, Wp, bias, lp0, cfg, trace=True)
        acc_shift = choose_acc_shift(int(np.max(np.abs(tr["acc"]))), cfg)
        out_shift = FW - DW
        if kind == "saturate":
            acc_shift, out_shift = max(0, acc_shift - 3), max(0, out_shift - 2)
        y_frac = int(rng.integers(0, DW - 3)) if act in ("sigmoid", "tanh") else int(rng.integers(0, DW))
        lp = ConvParams(p, q, g, 0, 0, acc_shift, out_shift, y_frac, act)
        return Wp, bias, x, conv_int(x, Wp, bias, lp, cfg), lp

    @cocotb.test()
    async def conv_matches_golden(dut):
        """Runs from $SWM_RUNS on one engine: every output pixel equal to conv_int."""
        from swm import perf
        from swm.golden import bias_words, weight_words, write_hex
        from swm.golden_cnn import bc_conv_matrix

        P = tbh.sim_params()
        runs = json.loads(os.environ["SWM_RUNS"])
        s = tbh.seed("swm_bc_conv")
        rng, prng = np.random.default_rng(s), random.Random(s)
        tb = LayerTB(dut, P, control=False)
        await tb.init()
        K, DW, FW, lanes, rows = P["K"], P["DW"], P["FW"], P["LANES"], P.get("ROWS", 1)
        g = _geometry(P)
        q = P["QIN"] * g.kh * g.kw
        work = Path(os.environ.get("SWM_WORK", "."))
        for r, run in enumerate(runs):
            p, n, act, kind, stall = run["p"], run["n"], run["act"], run["kind"], run["stall"]
            Wp, bias, x, y, lp = _case(rng, P, p, n, act, kind)
            wpath, bpath = work / f"w{r}.hex", work / f"b{r}.hex"
            write_hex(wpath, weight_words(bc_conv_matrix(Wp), lanes, P["WW"], rows), rows * lanes * 2 * P["WW"],
                      "test weights")
            write_hex(bpath, bias_words(bias, FW), FW, "test bias")
            await tb.load(wpath, bpath, p, q)
            tbh.apply_pauses(tb.src_x, prng, stall)
            tbh.apply_pauses(tb.sink_y, prng, stall)
            for v in range(n):
                tb.src_x.send_nowait(AxiStreamFrame([tbh.to_unsigned(int(t), DW) for t in x[v].reshape(-1)]))
            await tb.start(p=p, q=q, acc_shift=lp.acc_shift, out_shift=lp.out_shift,
                           act=ACTS.index(act), y_frac=lp.y_frac, count=n)
            assert int(dut.cfg_error.value) == 0, f"run {r}: cfg_error for a valid config {run}"
            model = perf.conv_cycles(p, P["QIN"], g, K, lanes, n, rows)
            cycles = await tb.wait_done(20 * model + 2000)
            for v in range(n):
                for oy in range(g.out_h):
                    for ox in range(g.out_w):
                        fr = await tb.sink_y.recv()
                        got = [tbh.to_signed(t, DW) for t in fr.tdata]
                        tbh.compare(got, y[v, oy, ox].tolist(),
                                    f"run {r} {run} image {v} output pixel ({oy}, {ox}) (samples; tlast placement)",
                                    lambda k: f"block {k // K}, n {k % K}")
            assert tb.sink_y.empty(), f"run {r}: extra output beyond {n} images"
            assert int(dut.busy.value) == 0
            dut._log.info("run %d %s: cycles measured %d model %d (%.3f)", r, run, cycles, model, cycles / model)
            if stall == 0:
                assert abs(cycles - model) <= 0.05 * model, \
                    f"run {r}: cycles {cycles} not within 5 % of swm.perf.conv_cycles {model}"
            tbh.apply_pauses(tb.src_x, prng, 0)
            tbh.apply_pauses(tb.sink_y, prng, 0)

    @cocotb.test()
    async def wrong_block_count_flags_error(dut):
        """cfg_q other than KH*KW*QIN raises cfg_error and does not start."""
        P = tbh.sim_params()
        tb = LayerTB(dut, P, control=False)
        await tb.init()
        q = P["QIN"] * P["KH"] * P["KW"]
        for bad in (q - 1, q + 1):
            if bad < 1 or bad >= 1 << len(dut.cfg_q):
                continue
            await tb.start(p=1, q=bad, acc_shift=0, out_shift=0, act=0, y_frac=0, count=1)
            await RisingEdge(dut.clk)
            assert int(dut.cfg_error.value) == 1, f"cfg_q = {bad} (KH*KW*QIN = {q}): cfg_error not set"
            assert int(dut.busy.value) == 0, f"cfg_q = {bad}: engine started"


def _runs(p: int) -> list[dict]:
    return [
        dict(p=p, n=2, act="relu", kind="normal", stall=0.0),
        dict(p=max(1, p - 1), n=2, act="identity", kind="saturate", stall=0.4),
        dict(p=p, n=1, act="tanh", kind="normal", stall=0.7),
    ]


def run_conv_case(case: tuple, sim: str, runs: list[dict] | None = None, tag: str = "") -> Path:
    """Build swm_bc_layer with CONV = 1 for case (K, LANES, ROWS, p, QIN, IN_H, IN_W, KH, KW, SH, SW, PH, PW)."""
    from verif.common.sim import BUILD, run_cocotb
    from verif.swm_bc_layer.layer_tb import WIDTH_SETS, layer_config

    K, lanes, rows, p = case[:4]
    geom = dict(zip(GEOM, case[4:]))
    max_q = geom["QIN"] * geom["KH"] * geom["KW"]
    P = layer_config(K, WIDTH_SETS["w16" if K >= 16 else "w12"], (K // 4) % 2, max_q).rtl_params(
        lanes, p, max_q, rows=rows)
    P.update(CONV=1, **geom)
    name = "conv_" + _id(case) + tag
    work = BUILD / TOP / f"{name}-{sim}"
    return run_cocotb(TOP, top_sources(TOP), "verif.swm_bc_conv.test_swm_bc_conv", P, sim, name,
                      extra_env={"SWM_PARAMS": json.dumps(P), "SWM_RUNS": json.dumps(runs or _runs(p)),
                                 "SWM_WORK": str(work)})


def _id(c: tuple) -> str:
    K, L, R, p, qin, h, w, kh, kw, sh, sw, ph, pw = c
    return f"K{K}_L{L}_R{R}_p{p}_q{qin}_{h}x{w}_k{kh}x{kw}_s{sh}x{sw}_p{ph}x{pw}"


# (K, LANES, ROWS, p, QIN, IN_H, IN_W, KH, KW, SH, SW, PH, PW)
QUICK = [(8, 2, 2, 3, 2, 5, 6, 3, 3, 1, 1, 1, 1), (16, 4, 1, 2, 1, 7, 5, 5, 5, 2, 2, 2, 2)]
FULL = [(4, 1, 1, 2, 1, 3, 4, 1, 1, 1, 1, 0, 0), (64, 8, 2, 2, 1, 4, 3, 3, 3, 2, 2, 1, 1),
        (16, 8, 2, 4, 2, 7, 7, 5, 5, 1, 1, 2, 2), (32, 2, 3, 4, 1, 5, 7, 3, 5, 2, 1, 1, 2),
        (16, 1, 1, 1, 3, 6, 5, 3, 3, 1, 2, 0, 1), (8, 4, 4, 4, 1, 9, 9, 5, 5, 2, 2, 1, 0)]


# make test runs each QUICK case on one simulator (the K = 8 case on Verilator, K = 16 on Icarus),
# make test-full both cases on both
@pytest.mark.parametrize("case,sim", [
    pytest.param(c, s, id=f"{_id(c)}-{s}", marks=[] if (s == "verilator") == (c[0] == 8) else [pytest.mark.slow])
    for c in QUICK for s in SIMULATORS])
def test_swm_bc_conv(case, sim):
    run_conv_case(case, sim)


# an unpadded 5x5 convolution, five images back to back (the first whose first row sits past the
# middle of the line buffer used to wrap its row address; the buffer holds the next image's first
# field, so the images follow one another without a gap: cycles within 5 % of the model)
UNPADDED = (16, 8, 2, 4, 1, 7, 7, 5, 5, 1, 1, 0, 0)


@pytest.mark.parametrize("sim", [pytest.param(s, marks=[pytest.mark.slow] if s == "icarus" else []) for s in SIMULATORS])
def test_swm_bc_conv_unpadded_image_train(sim):
    run_conv_case(UNPADDED, sim, [dict(p=4, n=5, act="relu", kind="normal", stall=0.0),
                                  dict(p=4, n=5, act="identity", kind="normal", stall=0.3)], "_train")


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("case", FULL, ids=[_id(c) for c in FULL])
def test_swm_bc_conv_full(case, sim):
    run_conv_case(case, sim)
