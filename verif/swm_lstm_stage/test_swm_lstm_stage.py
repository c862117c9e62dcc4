"""swm_lstm_stage against swm.golden_lstm.lstm_int: sequences of random lengths 1..MAX_LEN under
random input idles and output backpressure (every final h equal to golden), saturating inputs,
back-to-back sequences; an over-long sequence and a tlast inside a step set the sticky cfg_error,
end the sequence as documented and never hang the stream."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from verif.common.sim import SIMULATORS

try:
    import cocotb
    from cocotb.triggers import RisingEdge, with_timeout
    from cocotbext.axi import AxiStreamFrame
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_lstm_stage"
TEST_MODULE = "verif.swm_lstm_stage.test_swm_lstm_stage"


def case_layer(K: int, n_x: int, hidden: int, max_len: int, rm: int, seed: int):
    """A random BlockCirculantLSTM quantized by the export's calibration rules -> (LstmParams, cfg, Wp, bias)."""
    import torch
    from torch import nn

    from swm.export_lstm import quantize_lstm
    from swm.fixed import DatapathConfig
    from swm.layers import BlockCirculantLSTM

    torch.manual_seed(seed)
    model = nn.Module()
    model.lstm = BlockCirculantLSTM(n_x, hidden, K)
    with torch.no_grad():  # larger weights than the default init: gates and cell state use their ranges
        model.lstm.ih.weight.mul_(4.0)
        model.lstm.hh.weight.mul_(2.0)
    model.head = nn.Linear(hidden, 2)
    rng = np.random.default_rng(seed)
    lens = rng.integers(1, max_len + 1, 64)
    x = rng.normal(0.0, 1.5, (64, max_len, n_x)) * (np.arange(max_len)[None, :, None] < lens[:, None, None])
    cfg = DatapathConfig(rounding=("half_up", "convergent")[rm])
    _, (L0, _) = quantize_lstm(model, cfg, x, lens, max_len)
    return L0.lp, L0.cfg, L0.Wp, L0.bias


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.common.monitor import ProtocolMonitor

    class LstmTB:
        """Clock, reset, the four streams and a protocol monitor on each."""

        def __init__(self, dut, P: dict) -> None:
            self.dut, self.P = dut, P
            dut.rst.setimmediatevalue(1)
            dut.run.setimmediatevalue(0)
            self.src_x = tbh.axis_source(dut, "s_axis_x")
            self.src_w = tbh.axis_source(dut, "s_axis_w")
            self.src_b = tbh.axis_source(dut, "s_axis_b")
            self.sink_y = tbh.axis_sink(dut, "m_axis_y")
            ProtocolMonitor(dut, ("s_axis_x", "s_axis_w", "s_axis_b", "m_axis_y"), name="swm_lstm_stage monitor").start()
            self.lp, self.cfg = None, None

        async def setup(self) -> None:
            from swm import golden
            from swm.golden_lstm import LstmParams
            from swm.fixed import DatapathConfig

            P = self.P
            d = np.load(P["DATA"])
            self.lp = LstmParams(**json.loads(str(d["lp"])))
            self.cfg = DatapathConfig.from_dict(json.loads(str(d["cfg"])))
            self.Wp, self.bias = d["Wp"], d["bias"]
            await tbh.start_clock(self.dut)
            await tbh.reset(self.dut)
            await self.src_w.send(AxiStreamFrame(golden.weight_words(self.Wp, P["LANES"], P["WW"], P["ROWS"])))
            await self.src_b.send(AxiStreamFrame(golden.bias_words(self.bias, P["FW"])))
            await with_timeout(self.src_w.wait(), 1000000, "ns")
            await with_timeout(self.src_b.wait(), 1000000, "ns")
            await tbh.cycles(self.dut, 2)

        def golden(self, seqs: list[np.ndarray]) -> np.ndarray:
            from swm.golden_lstm import lstm_int

            T = max(len(s) for s in seqs)
            x = np.zeros((len(seqs), T, self.lp.n_x), dtype=np.int64)
            for n, s in enumerate(seqs):
                x[n, : len(s)] = s
            return lstm_int(x, [len(s) for s in seqs], self.Wp, self.bias, self.lp, self.cfg)

        def send(self, words: list[int]) -> None:
            self.src_x.send_nowait(AxiStreamFrame([tbh.to_unsigned(int(v), self.P["DW"]) for v in words]))

        async def receive(self, h: np.ndarray, what: str) -> None:
            DW = self.P["DW"]
            for n in range(len(h)):
                fr = await with_timeout(self.sink_y.recv(), 20000000, "ns")
                got = [tbh.to_signed(int(t), DW) for t in fr.tdata]
                tbh.compare(got, h[n].tolist(), f"{what} sequence {n}", lambda k: f"h[{k}]")

    def _sequences(rng: np.random.Generator, P: dict, count: int, x_frac: int) -> list[np.ndarray]:
        """Random lengths 1..MAX_LEN (both ends included); normal samples, every fourth sequence full-range."""
        lim = 1 << (P["DW"] - 1)
        lens = rng.integers(1, P["MAX_LEN"] + 1, count)
        lens[:2] = [1, P["MAX_LEN"]]
        out = []
        for n, L in enumerate(lens):
            if n % 4 == 3:
                out.append(rng.integers(-lim, lim, (L, P["N_X"])))
            else:
                out.append(np.clip(np.round(rng.normal(0, 1.5, (L, P["N_X"])) * 2.0 ** x_frac), -lim, lim - 1)
                           .astype(np.int64))
        return out

    @cocotb.test()
    async def sequences_equal_golden(dut):
        """Random-length sequences back to back, random idles and backpressure: every final h equals lstm_int."""
        P = tbh.sim_params()
        s = tbh.seed("swm_lstm_stage")
        rng, prng = np.random.default_rng(s), random.Random(s)
        tb = LstmTB(dut, P)
        await tb.setup()
        seqs = _sequences(rng, P, P["SEQS"], tb.lp.x_frac)
        expect = tb.golden(seqs)
        tbh.apply_pauses(tb.src_x, prng, 0.3)
        tbh.apply_pauses(tb.sink_y, prng, 0.5)
        dut.run.value = 1
        for sq in seqs:
            tb.send(sq.reshape(-1).tolist())
        await tb.receive(expect, "run")
        await tbh.cycles(dut, 50)
        assert tb.sink_y.empty(), "output beyond the sequences sent"
        assert int(dut.cfg_error.value) == 0, "cfg_error set by well-formed sequences"

    @cocotb.test()
    async def bad_sequences_set_error_and_do_not_hang(dut):
        """Over-long sequence: ended after MAX_LEN steps, the rest dropped; tlast inside a step: the step is
        zero-padded and ends the sequence. Both set cfg_error; the sequences after them are correct; rst clears it."""
        P = tbh.sim_params()
        s = tbh.seed("swm_lstm_stage bad")
        rng = np.random.default_rng(s)
        tb = LstmTB(dut, P)
        await tb.setup()
        n_x, M = P["N_X"], P["MAX_LEN"]
        good = _sequences(rng, P, 3, tb.lp.x_frac)
        long_seq = _sequences(rng, P, 2, tb.lp.x_frac)[1]
        long_seq = np.concatenate([long_seq, long_seq[: 3]])  # MAX_LEN + 3 steps
        part = good[2].copy()
        cut = len(part) * n_x - max(1, n_x // 2)   # the last step loses its last n_x//2 (>= 1) samples
        part_x = part.reshape(-1)[:cut]
        part_pad = part.reshape(-1).copy()
        part_pad[cut:] = 0
        expect = tb.golden([good[0], long_seq[:M], good[1], part_pad.reshape(-1, n_x), good[0]])
        dut.run.value = 1
        for words in (good[0].reshape(-1), long_seq.reshape(-1), good[1].reshape(-1), part_x, good[0].reshape(-1)):
            tb.send(words.tolist())
        await tb.receive(expect, "bad input")
        await tbh.cycles(dut, 50)
        assert tb.sink_y.empty(), "output beyond one final h per sequence"
        assert int(dut.cfg_error.value) == 1, "cfg_error not set by an over-long sequence and a short step"
        dut.run.value = 0
        await tbh.reset(dut)
        assert int(dut.cfg_error.value) == 0, "cfg_error not cleared by rst"


    @cocotb.test()
    async def step_cycles_match_the_model(dut):
        """Stall-free sequences back to back: the cycles between consecutive final h (the sequence's
        interval) are within 5 % of swm.perf.lstm_sequence_cycles."""
        from swm import perf

        P = tbh.sim_params()
        s = tbh.seed("swm_lstm_stage cycles")
        rng = np.random.default_rng(s)
        tb = LstmTB(dut, P)
        await tb.setup()
        seqs = _sequences(rng, P, 6, tb.lp.x_frac)
        tb.sink_y.pause = False
        dut.run.value = 1
        for sq in seqs:
            tb.send(sq.reshape(-1).tolist())
        ends, edge, first_in = [], 0, None
        while len(ends) < len(seqs):
            await RisingEdge(dut.clk)
            edge += 1
            if first_in is None and int(dut.s_axis_x_tvalid.value) and int(dut.s_axis_x_tready.value):
                first_in = edge
            if int(dut.m_axis_y_tvalid.value) and int(dut.m_axis_y_tready.value) and int(dut.m_axis_y_tlast.value):
                ends.append(edge)
        lat = ends[0] - first_in + 1
        want_lat = perf.lstm_latency(len(seqs[0]), P["N_X"], P["HIDDEN"], P["K"], P["LANES"], P["ROWS"])
        cocotb.log.info("sequence 0: %d steps, latency %d cycles (model %d)", len(seqs[0]), lat, want_lat)
        assert abs(lat - want_lat) <= 0.05 * want_lat, f"sequence 0 latency {lat}, model {want_lat}"
        for n in range(1, len(seqs)):
            got = ends[n] - ends[n - 1]
            want = perf.lstm_sequence_cycles(len(seqs[n]), P["N_X"], P["HIDDEN"], P["K"], P["LANES"], P["ROWS"])
            cocotb.log.info("sequence %d: %d steps, %d cycles (model %d)", n, len(seqs[n]), got, want)
            assert abs(got - want) <= 0.05 * want, f"sequence {n} ({len(seqs[n])} steps): {got} cycles, model {want}"


# (K, N_X, HIDDEN, LANES, ROWS, MAX_LEN, ROUND_MODE, sequences)
CASES = [
    (4, 5, 8, 1, 1, 6, 0, 10),        # x in two blocks (5 -> 8), one lane
    (8, 12, 16, 2, 2, 9, 1, 8),       # ROWS 2, convergent
]
SLOW_CASES = [
    (16, 12, 32, 4, 1, 40, 0, 24),    # lengths 1..40, the JapaneseVowels features
    (16, 12, 128, 8, 2, 29, 0, 12),   # the zoo's lstm shape
    (4, 3, 4, 2, 1, 12, 1, 24),       # H = K, x in one block
    (32, 40, 64, 16, 2, 7, 0, 12),    # K 32, x in two blocks
]


def _id(c) -> str:
    return "K{}_X{}_H{}_L{}_R{}_T{}_rm{}".format(*c[:7])


def _run(case, sim: str) -> None:
    from verif.common.gen_roms import rom_file
    from verif.common.sim import BUILD, run_cocotb, top_sources

    K, n_x, H, lanes, rows, max_len, rm, seqs = case
    lp, cfg, Wp, bias = case_layer(K, n_x, H, max_len, rm, seed=K * 1000 + H)
    d = BUILD / TOP / f"{_id(case)}-{sim}"
    d.mkdir(parents=True, exist_ok=True)
    data = d / "layer.npz"
    np.savez(data, lp=json.dumps(lp.to_dict()), cfg=json.dumps(cfg.to_dict()), Wp=Wp, bias=bias)
    rom = rom_file(K, cfg.TW, BUILD / TOP / "rom")
    params = dict(K=K, DW=cfg.DW, FW=cfg.FW, WW=cfg.WW, TW=cfg.TW, AW=cfg.AW, LANES=lanes, ROWS=rows,
                  ROUND_MODE=rm, N_X=n_x, HIDDEN=H, MAX_LEN=max_len, ACC_SHIFT=lp.acc_shift,
                  OUT_SHIFT=lp.out_shift, G_FRAC=lp.g_frac, C_FRAC=lp.c_frac, X_FRAC=lp.x_frac)
    run_cocotb(TOP, top_sources(TOP), TEST_MODULE, dict(params, TWIDDLE_FILE=str(rom)), sim, _id(case),
               extra_env={"SWM_PARAMS": json.dumps(dict(params, SEQS=seqs, DATA=str(data)))})


def _quick_cases():
    """Both cases on Icarus (the quick suite); their Verilator builds (the whole gate engine) in the slow suite."""
    for c in CASES:
        for sim in SIMULATORS:
            marks = [pytest.mark.slow] if sim == "verilator" else []
            yield pytest.param(c, sim, marks=marks, id=f"{_id(c)}-{sim}")


@pytest.mark.parametrize("case,sim", list(_quick_cases()))
def test_swm_lstm_stage(case, sim):
    _run(case, sim)


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("case", SLOW_CASES, ids=[_id(c) for c in SLOW_CASES])
def test_swm_lstm_stage_sweep(case, sim):
    _run(case, sim)
