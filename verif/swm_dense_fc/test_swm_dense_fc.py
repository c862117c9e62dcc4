"""swm_dense_fc against swm.golden.dense_int: random layers under input idles and output
backpressure, sums at the accumulator's range limit, preloaded ($readmemh) and streamed memories,
misframed input (err_len), stall-free cycle counts equal to swm.perf.dense_cycles."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import numpy as np
import pytest

from verif.common.sim import SIMULATORS
from verif.swm_dense_fc.dense_tb import run_dense_case

try:
    import cocotb
    from cocotb.triggers import RisingEdge, with_timeout
    from cocotbext.axi import AxiStreamFrame
except ImportError:  # pragma: no cover
    cocotb = None


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.swm_dense_fc.dense_tb import DenseTB, case_data, layer_of

    def _frames(x: np.ndarray, DW: int) -> list[AxiStreamFrame]:
        return [AxiStreamFrame([tbh.to_unsigned(int(t), DW) for t in v]) for v in x]

    async def _receive(tb: DenseTB, y: np.ndarray, what: str, limit_ns: int) -> None:
        """Receive len(y) output vectors and compare them with the golden rows."""
        DW = tb.P["DW"]
        for v in range(len(y)):
            fr = await with_timeout(tb.sink_y.recv(), limit_ns, "ns")
            got = [tbh.to_signed(int(t), DW) for t in fr.tdata]
            tbh.compare(got, y[v].tolist(), f"{what} vector {v} (samples; tlast placement)",
                        lambda k: f"output {k}")
        assert tb.sink_y.empty(), f"{what}: output beyond {len(y)} vectors"

    @cocotb.test()
    async def dense_matches_golden(dut):
        """Runs from $SWM_RUNS: random layers compared with dense_int; stall-free cycles with swm.perf."""
        from swm import perf
        from swm.golden import dense_int

        P = tbh.sim_params()
        runs = json.loads(os.environ["SWM_RUNS"])
        s = tbh.seed("swm_dense_fc")
        rng = np.random.default_rng(s)
        prng = random.Random(s)
        tb = DenseTB(dut, P)
        await tb.init()
        cfg, lp = layer_of(P)
        n_in, n_out, lanes, DW, FW = P["N_IN"], P["N_OUT"], P["LANES"], P["DW"], P["FW"]
        sat_fw = free_fw = 0
        for r, run in enumerate(runs):
            n, stall, kind = run["n"], run["stall"], run["kind"]
            W, bias, x = case_data(rng, P, n, kind)
            if r == 0 and os.environ.get("SWM_INIT") == "1":
                init = json.loads((Path(os.environ["SWM_WORK"]) / "init.json").read_text())
                W, bias = np.array(init["W"], dtype=np.int64), np.array(init["bias"], dtype=np.int64)
            else:
                await tb.load(W, bias)
            y, tr = dense_int(x, W, bias, lp, cfg, trace=True)
            zmax = (1 << (FW - 1)) - 1
            sat_fw += int(np.count_nonzero(np.abs(tr["z"]) >= zmax))
            free_fw += int(np.count_nonzero(np.abs(tr["z"]) < zmax))
            tbh.apply_pauses(tb.src_x, prng, stall)
            tbh.apply_pauses(tb.sink_y, prng, stall)
            tb.mark()
            for fr in _frames(x, DW):
                tb.src_x.send_nowait(fr)
            model = perf.dense_cycles(n_in, n_out, lanes, n)
            await _receive(tb, y, f"run {r} {run}", 10 * (20 * model + 2000))
            await tb.wait_idle(100)
            cycles = tb.last_y - tb.first_x
            perf_line = json.dumps(dict(run, N_IN=n_in, N_OUT=n_out, LANES=lanes, measured=cycles, model=model))
            print(f"PERF {perf_line}")
            if os.environ.get("SWM_PERF_OUT"):  # collected by verif/bench_rtl.py
                with open(os.environ["SWM_PERF_OUT"], "a") as fh:
                    fh.write(perf_line + "\n")
            if stall == 0:
                assert cycles == model, (f"run {r}: {cycles} cycles from the first input to the last output "
                                         f"transfer != swm.perf.dense_cycles = {model} (exact without stalls)")
                lat = tb.first_y - tb.first_x
                assert lat == perf.dense_latency(n_in), (f"run {r}: first output {lat} edges after the first input "
                                                         f"!= swm.perf.dense_latency = {perf.dense_latency(n_in)}")
            tbh.apply_pauses(tb.src_x, prng, 0)
            tbh.apply_pauses(tb.sink_y, prng, 0)
        dut._log.info("sums saturated at FW: %d, in range: %d", sat_fw, free_fw)
        assert free_fw > 0, "every sum saturated at FW: the test data does not exercise the rounding"

    @cocotb.test()
    async def misframed_input_sets_err_len(dut):
        """A missing and an early input tlast set the sticky err_len; framing stays by count; rst clears it."""
        from swm.golden import dense_int

        P = tbh.sim_params()
        s = tbh.seed("swm_dense_fc misframed")
        rng = np.random.default_rng(s)
        tb = DenseTB(dut, P)
        await tb.init()
        cfg, lp = layer_of(P)
        n_in, DW = P["N_IN"], P["DW"]
        W, bias, x = case_data(rng, P, 4, "normal")
        await tb.load(W, bias)
        y = dense_int(x, W, bias, lp, cfg)
        tb.expect_err = True
        assert int(dut.err_len.value) == 0
        words = [[tbh.to_unsigned(int(t), DW) for t in v] for v in x]
        # vector 0 well framed; vectors 1 and 2 in one frame (no tlast on vector 1's last sample)
        tb.src_x.send_nowait(AxiStreamFrame(words[0]))
        tb.src_x.send_nowait(AxiStreamFrame(words[1] + words[2]))
        await _receive(tb, y[:1], "well-framed vector before the error", 200000)
        await _receive(tb, y[1:3], "vectors after a missing tlast", 200000)
        assert int(dut.err_len.value) == 1, "err_len not set by a missing tlast"
        # vector 3 split after its first sample (an early tlast), when N_IN > 1
        await tbh.reset(dut)  # clears err_len; the memories keep their contents
        assert int(dut.err_len.value) == 0, "err_len not cleared by rst"
        if n_in > 1:
            tb.src_x.send_nowait(AxiStreamFrame(words[3][:1]))
            tb.src_x.send_nowait(AxiStreamFrame(words[3][1:]))
        else:
            tb.src_x.send_nowait(AxiStreamFrame(words[3]))
        await _receive(tb, y[3:], "vector after an early tlast", 200000)
        await RisingEdge(dut.clk)
        assert int(dut.err_len.value) == int(n_in > 1), f"err_len = {int(dut.err_len.value)} after the early tlast"


# (N_IN, N_OUT, LANES, activation, width set, ROUND_MODE, preloaded images)
QUICK = [
    (12, 10, 4, "relu", "w16", 0, True),      # partial last group (2 of 4), MAC-bound
    (2, 7, 3, "identity", "w8", 1, False),    # output-bound, last group 1 of 3, 3 Y halves
]
FULL = [
    (1, 1, 1, "identity", "w8", 0, False),    # one input, one output: 6 Y halves
    (1, 9, 4, "relu", "w16", 1, False),
    (16, 16, 16, "sigmoid", "w16", 0, True),  # every output in parallel: one input per clock
    (5, 12, 5, "tanh", "w8", 0, False),
    (40, 6, 1, "relu", "w8", 1, True),
    (4, 4, 4, "identity", "w16", 1, False),
    (64, 10, 10, "relu", "w16", 0, False),
]
RUNS = [
    dict(n=4, stall=0.0, kind="normal"),
    dict(n=5, stall=0.3, kind="normal"),
    dict(n=3, stall=0.0, kind="extreme"),
    dict(n=4, stall=0.7, kind="normal"),
]


def _seed() -> int:
    env = os.environ.get("SWM_SEED")
    return int(env, 0) if env else random.SystemRandom().randrange(1 << 32)


def _id(c) -> str:
    return "I{}_O{}_L{}_{}_{}_rm{}{}".format(*c[:6], "_init" if c[6] else "")


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("cfg", QUICK, ids=[_id(c) for c in QUICK])
def test_swm_dense_fc(cfg, sim):
    """Quick: a partial last group (MAC-bound) and an output-bound stage, both activations kinds."""
    run_dense_case(*cfg, sim=sim, runs=RUNS, seed=_seed())


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("cfg", FULL, ids=[_id(c) for c in FULL])
def test_swm_dense_fc_full(cfg, sim):
    """Single-lane, fully parallel, one input, equal N_IN and LANES; sigmoid and tanh."""
    run_dense_case(*cfg, sim=sim, runs=RUNS, seed=_seed())
