"""swm_bc_layer against swm.golden.layer_int: whole layers, all activations, stalls, cycle model."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import numpy as np
import pytest

from verif.common.sim import HW, SIMULATORS, top_sources
from verif.swm_bc_layer.elab import elaboration_output
from verif.swm_bc_layer.layer_tb import WIDTH_SETS, run_layer_case

try:
    import cocotb
    from cocotb.triggers import RisingEdge
    from cocotbext.axi import AxiStreamFrame
except ImportError:  # pragma: no cover
    cocotb = None

ACTS = ("identity", "relu", "sigmoid", "tanh")
TOP = "swm_bc_layer"


def _sources() -> list[Path]:
    return top_sources(TOP)


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.swm_bc_layer.layer_tb import LayerTB
    from verif.swm_bc_layer.loader import weight_image

    def _case_data(rng, P, p, q, n, act, kind):
        """Random layer (weights, bias, inputs) and its golden output for one run."""
        from swm.fixed import DatapathConfig
        from swm.golden import LayerParams, choose_acc_shift, layer_int

        K, DW, FW, WW = P["K"], P["DW"], P["FW"], P["WW"]
        S = K // 2
        cfg = DatapathConfig(K=K, DW=DW, FW=FW, WW=WW, TW=P["TW"], AW=P["AW"],
                             rounding=("half_up", "convergent")[P["ROUND_MODE"]], max_q=P["MAX_Q"])

        def words(shape, width, ext=0.1):
            lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
            v = rng.integers(lo, hi + 1, size=shape)
            u = rng.random(shape)
            return np.where(u < ext, lo, np.where(u < 2 * ext, hi, v)).astype(np.int64)

        Wp = words((p, q, S, 2), WW)
        x = words((n, q * K), DW, 0.15 if kind == "saturate" else 0.02)
        bias = words((p * K,), FW - 2)
        lp0 = LayerParams(p, q, 0, 0, 0, 0, 0, "identity")
        _, tr = layer_int(x, Wp, bias, lp0, cfg, trace=True)
        acc_shift = choose_acc_shift(int(np.max(np.abs(tr["acc"]))), cfg)
        out_shift = FW - DW
        if kind == "saturate":  # push both the IFFT input and the output into saturation
            acc_shift = max(0, acc_shift - 3)
            out_shift = max(0, out_shift - 2)
        y_frac = int(rng.integers(0, DW - 3)) if act in ("sigmoid", "tanh") else int(rng.integers(0, DW))
        lp = LayerParams(p, q, 0, 0, acc_shift, out_shift, y_frac, act)
        y = layer_int(x, Wp, bias, lp, cfg)
        return Wp, bias, x, y, lp

    @cocotb.test()
    async def layer_matches_golden(dut):
        """Runs from $SWM_RUNS: random layers compared with layer_int; cycles compared with swm.perf."""
        from swm import perf
        from swm.golden import bias_words, weight_words, write_hex

        P = tbh.sim_params()
        runs = json.loads(os.environ["SWM_RUNS"])
        s = tbh.seed("swm_bc_layer")
        rng = np.random.default_rng(s)
        prng = random.Random(s)
        tb = LayerTB(dut, P)
        await tb.init()
        K, DW, FW, lanes, rows = P["K"], P["DW"], P["FW"], P["LANES"], P.get("ROWS", 1)
        work = Path(os.environ.get("SWM_WORK", "."))
        for r, run in enumerate(runs):
            p, q, n, act, kind, stall = run["p"], run["q"], run["n"], run["act"], run["kind"], run["stall"]
            Wp, bias, x, y, lp = _case_data(rng, P, p, q, n, act, kind)
            wpath, bpath = work / f"w{r}.hex", work / f"b{r}.hex"
            write_hex(wpath, weight_words(Wp, lanes, P["WW"], rows), rows * lanes * 2 * P["WW"], "test weights")
            write_hex(bpath, bias_words(bias, FW), FW, "test bias")
            await tb.load(wpath, bpath, p, q)
            tbh.apply_pauses(tb.src_x, prng, stall)
            tbh.apply_pauses(tb.sink_y, prng, stall)
            for v in range(n):
                tb.src_x.send_nowait(AxiStreamFrame([tbh.to_unsigned(int(t), DW) for t in x[v]]))
            await tb.start(p=p, q=q, acc_shift=lp.acc_shift, out_shift=lp.out_shift,
                           act=ACTS.index(act), y_frac=lp.y_frac, count=n)
            assert int(dut.cfg_error.value) == 0, f"run {r}: cfg_error for a valid config {run}"
            limit = 20 * perf.layer_cycles(p, q, K, lanes, n, rows) + 2000
            cycles = await tb.wait_done(limit)
            seen = 0
            for v in range(n):
                fr = await tb.sink_y.recv()
                got = [tbh.to_signed(t, DW) for t in fr.tdata]
                tbh.compare(got, y[v].tolist(), f"run {r} {run} vector {v} (samples; tlast placement)",
                            lambda k: f"block {k // K}, n {k % K}")
                seen += 1
            assert seen == n
            assert tb.sink_y.empty(), f"run {r}: extra output beyond {n} vectors"
            assert int(dut.busy.value) == 0
            model = perf.layer_cycles(p, q, K, lanes, n, rows)
            dut._log.info("run %d %s: cycles measured %d model %d (%.3f) bound %.0f", r, run, cycles, model,
                          cycles / model, perf.lower_bound(p, q, K, lanes, n, rows))
            perf_line = json.dumps(dict(run, K=K, LANES=lanes, ROWS=rows, measured=cycles, model=model))
            print(f"PERF {perf_line}")
            if os.environ.get("SWM_PERF_OUT"):  # collected by verif/bench_rtl.py
                with open(os.environ["SWM_PERF_OUT"], "a") as fh:
                    fh.write(perf_line + "\n")
            if stall == 0 and not os.environ.get("SWM_CALIBRATE"):
                assert cycles == model, f"run {r}: cycles {cycles} != swm.perf model {model} (exact without stalls)"
                if p >= 16 and q >= 16:
                    bound = (perf.lower_bound(p, q, K, lanes, n, rows) * 1.10
                             + perf.fixed_latency(p, q, K, lanes, rows))
                    assert cycles <= bound, f"run {r}: cycles {cycles} > 1.10 x bound + latency = {bound}"
            tbh.apply_pauses(tb.src_x, prng, 0)
            tbh.apply_pauses(tb.sink_y, prng, 0)

    @cocotb.test()
    async def bad_config_flags_error(dut):
        """cfg_p > MAX_P (or q > MAX_Q, or count 0) raises cfg_error and does not start."""
        P = tbh.sim_params()
        tb = LayerTB(dut, P)
        await tb.init()
        for bad in (dict(p=P["MAX_P"] + 1, q=1), dict(p=1, q=P["MAX_Q"] + 1), dict(p=1, q=1, count=0)):
            cfg = dict(dict(p=1, q=1, acc_shift=0, out_shift=0, act=0, y_frac=0, count=1), **bad)
            if cfg["p"] >= 1 << len(dut.cfg_p) or cfg["q"] >= 1 << len(dut.cfg_q):
                continue  # not representable on the port: cannot be requested
            await tb.start(**cfg)
            await RisingEdge(dut.clk)
            assert int(dut.cfg_error.value) == 1, f"{bad}: cfg_error not set"
            assert int(dut.busy.value) == 0, f"{bad}: engine started"

    @cocotb.test()
    async def weight_image_size_checked(dut):
        """The loader rejects a weight image whose length does not match p, q, K, LANES."""
        from swm.errors import SwmError
        from swm.golden import write_hex

        P = tbh.sim_params()
        K, lanes, WW, rows = P["K"], P["LANES"], P["WW"], P.get("ROWS", 1)
        path = Path(os.environ.get("SWM_WORK", ".")) / "short.hex"
        n = -(-2 // rows) * 1 * (K // 2) // lanes
        write_hex(path, [1] * (n - 1), rows * lanes * 2 * WW, "one word short")
        try:
            weight_image(path, 2, 1, K, lanes, WW, rows)
        except SwmError as e:
            want = "expected p*q*K/(2*LANES)" if rows == 1 else "expected ceil(p/ROWS)*q*K/(2*LANES)"
            assert want in str(e) and str(n) in str(e), str(e)
        else:
            raise AssertionError("short weight image was accepted")
        write_hex(path, [1] * n, rows * lanes * 2 * WW, "right size")
        assert len(weight_image(path, 2, 1, K, lanes, WW, rows)) == n


WIDTHS = WIDTH_SETS


def _run(K, lanes, wset, rm, sim, runs, max_p=4, max_q=4, tag="", rows=1):
    rtag = f"_R{rows}" if rows != 1 else ""
    case = f"K{K}_L{lanes}{rtag}_{wset}_rm{rm}_P{max_p}Q{max_q}{tag}"
    run_layer_case(K, lanes, WIDTHS[wset], rm, sim, runs, max_p, max_q, case, rows=rows)


def _functional_runs(max_p: int, max_q: int) -> list[dict]:
    return [
        dict(p=max_p, q=max_q, n=3, act="identity", kind="normal", stall=0.0),
        dict(p=2, q=min(3, max_q), n=3, act="relu", kind="saturate", stall=0.3),
        dict(p=1, q=1, n=2, act="sigmoid", kind="normal", stall=0.5),
        dict(p=min(3, max_p), q=2, n=2, act="tanh", kind="saturate", stall=0.2),
    ]


QUICK = [(16, 2, "w16", 0), (8, 4, "w12", 1)]


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("K,lanes,wset,rm", QUICK)
def test_swm_bc_layer(K, lanes, wset, rm, sim):
    """Quick subset: functional runs with stalls and all activations, cycle model checked."""
    _run(K, lanes, wset, rm, sim, _functional_runs(4, 4))


FULL = [(K, L, w, rm) for K in (4, 8, 16, 64) for L in (1, 2, 4) if L <= K // 2 for w in WIDTHS for rm in (0, 1)]


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("K,lanes,wset,rm", [c for c in FULL if c not in QUICK])
def test_swm_bc_layer_full(K, lanes, wset, rm, sim):
    """Every valid (K, LANES, width set, ROUND_MODE)."""
    _run(K, lanes, wset, rm, sim, _functional_runs(4, 4))


# ROWS block rows at once: (K, LANES, ROWS, width set, ROUND_MODE) on MAX_P = MAX_Q = 4, so the
# functional runs have p = 4, 2 (full groups), 3 (a short last group) and 1 (p < ROWS); ROWS = 3
# (not a power of two: a padded Y buffer, a constant divider) has p = 3 full, 4 short, 1 and 2 < ROWS
QUICK_ROWS = [(8, 4, 2, "w12", 0), (16, 1, 4, "w16", 1), (16, 2, 3, "w16", 0)]


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("K,lanes,rows,wset,rm", QUICK_ROWS)
def test_swm_bc_layer_rows(K, lanes, rows, wset, rm, sim):
    """ROWS > 1 (quick): functional runs with stalls, short last row groups, cycle model checked."""
    _run(K, lanes, wset, rm, sim, _functional_runs(4, 4), rows=rows)


FULL_ROWS = [(K, L, R, w, (K // L + R) % 2) for K in (4, 8, 16, 64) for L in (1, 2, 4, 8) if L <= K // 2
             for R in (2, 3, 4) for w in ("w12",)] + [(16, 8, 2, "w16", 0), (8, 2, 4, "w16", 1), (16, 1, 5, "w16", 1)]


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("K,lanes,rows,wset,rm", [c for c in FULL_ROWS if c not in QUICK_ROWS])
def test_swm_bc_layer_rows_full(K, lanes, rows, wset, rm, sim):
    """ROWS = 2, 3 and 4 for every K and LANES, and 5 (MAX_P = 5: a short last group at p = 5 too)."""
    runs = _functional_runs(5, 4) + [dict(p=5, q=1, n=2, act="relu", kind="normal", stall=0.3)]
    _run(K, lanes, wset, rm, sim, runs, max_p=5, max_q=4, rows=rows)


PERF_CASES = [(16, 2, 16, 16, 3), (16, 4, 16, 16, 2), (8, 1, 2, 5, 4), (64, 2, 3, 2, 2), (4, 1, 3, 1, 4)]


@pytest.mark.parametrize("sim", ["verilator"])
def test_swm_bc_layer_perf(sim):
    """Measured cycles equal swm.perf for the 16x16 shape, and stay within 1.10 x bound."""
    for K, lanes, p, q, n in PERF_CASES[:1]:  # the 16x16 case; the rest are in the slow sweep
        _run(K, lanes, "w12", 0, sim, [dict(p=p, q=q, n=n, act="identity", kind="normal", stall=0.0)],
             max_p=p, max_q=q, tag="_perf")
    # two block rows at once on a MAC-bound 16 x 16 layer: half the MAC beats of ROWS = 1, within the bound
    K, lanes, rows, p, q, n = PERF_CASES_ROWS[1]
    _run(K, lanes, "w12", 0, sim, [dict(p=p, q=q, n=n, act="identity", kind="normal", stall=0.0)],
         max_p=p, max_q=q, tag="_perf", rows=rows)


# (K, LANES, ROWS, p, q, N): the MNIST MLP's 64 x 64-block layer at LANES = K/2 with ROWS 2, 1, 4
# (MAC-bound, MAC-bound, stream-bound), a MAC-bound 16 x 16 layer (the bound is checked for p, q >= 16),
# short last groups
PERF_CASES_ROWS = [(16, 8, 2, 64, 64, 2), (16, 4, 2, 16, 16, 3), (16, 8, 1, 64, 64, 2), (16, 8, 4, 64, 64, 2),
                   (8, 1, 4, 5, 2, 3), (64, 8, 2, 3, 2, 2), (16, 4, 3, 64, 49, 2), (16, 2, 5, 64, 49, 2)]


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("K,lanes,rows,p,q,n", PERF_CASES_ROWS)
def test_swm_bc_layer_perf_rows(K, lanes, rows, p, q, n, sim):
    """Cycle model with ROWS block rows at once, including the 64 x 64-block MNIST layer (K = 16, LANES = 8)."""
    _run(K, lanes, "w12", 0, sim, [dict(p=p, q=q, n=n, act="relu", kind="normal", stall=0.0)],
         max_p=p, max_q=q, tag="_perf", rows=rows)


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("K,lanes,p,q,n", PERF_CASES)
def test_swm_bc_layer_perf_full(K, lanes, p, q, n, sim):
    """Cycle model over several shapes on both simulators."""
    _run(K, lanes, "w12", 0, sim, [dict(p=p, q=q, n=n, act="relu", kind="normal", stall=0.0)],
         max_p=p, max_q=q, tag="_perf")


@pytest.mark.parametrize("sim", SIMULATORS)
def test_swm_bc_layer_bad_lanes(sim):
    """K = 4 with LANES = 4 must fail elaboration with the $error message."""
    rom = HW / "rom" / "swm_twiddle_k4_tw16.hex"
    out = elaboration_output(TOP, _sources(), dict(K=4, LANES=4, TWIDDLE_FILE=f'"{rom}"'), sim)
    assert "LANES = 4 must be a power of two with 1 <= LANES <= K/2 = 2" in out, out
