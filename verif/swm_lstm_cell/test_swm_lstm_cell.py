"""swm_lstm_cell against swm.golden_lstm.cell_int: steps of full-range (saturating) and in-range
pre-activations, sequences of random lengths (c restarts at 0 on a first step), every step's h read
back on h_raddr after step_done, the final h of each sequence on m_axis_h under backpressure, and
the sticky err on a misplaced tlast."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from verif.common.sim import SIMULATORS

try:
    import cocotb
    from cocotb.triggers import FallingEdge, RisingEdge, Timer, with_timeout
    from cocotbext.axi import AxiStreamFrame
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_lstm_cell"
TEST_MODULE = "verif.swm_lstm_cell.test_swm_lstm_cell"


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.common.monitor import ProtocolMonitor

    def _params(P: dict):
        from swm.fixed import DatapathConfig
        from swm.golden_lstm import LstmParams

        cfg = DatapathConfig(K=4, DW=P["DW"], rounding=("half_up", "convergent")[P["ROUND_MODE"]])
        lp = LstmParams(n_x=1, hidden=P["HIDDEN"], x_frac=P["X_FRAC"], w_frac=0, acc_shift=0, out_shift=0,
                        g_frac=P["G_FRAC"], c_frac=P["C_FRAC"], max_len=64)
        return cfg, lp

    async def _step_flags(dut, flags: list[tuple[int, int]], H4: int) -> None:
        """Drive step_first / step_last for each step (4H samples) before its first sample is taken."""
        n = 0
        dut.step_first.value, dut.step_last.value = flags[0]
        taken = 0
        while n < len(flags):
            await RisingEdge(dut.clk)
            if int(dut.s_axis_z_tvalid.value) and int(dut.s_axis_z_tready.value):
                taken += 1
                if taken == H4:
                    taken, n = 0, n + 1
                    if n < len(flags):
                        dut.step_first.value, dut.step_last.value = flags[n]

    @cocotb.test()
    async def steps_equal_golden(dut):
        """Random sequences of steps: the h of every step (read back) and each final h (m_axis_h) equal cell_int."""
        from swm.golden_lstm import cell_int

        P = tbh.sim_params()
        s = tbh.seed("swm_lstm_cell")
        rng, prng = np.random.default_rng(s), random.Random(s)
        cfg, lp = _params(P)
        H, DW, G = P["HIDDEN"], P["DW"], P["G_FRAC"]
        dut.rst.setimmediatevalue(1)
        dut.h_raddr.setimmediatevalue(0)
        src = tbh.axis_source(dut, "s_axis_z")
        sink = tbh.axis_sink(dut, "m_axis_h")
        ProtocolMonitor(dut, ("s_axis_z", "m_axis_h"), name="swm_lstm_cell monitor").start()
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        lens = [int(v) for v in rng.integers(1, 6, P["SEQS"])]
        lim = 1 << (DW - 1)
        flags, steps, finals, hs = [], [], [], []
        for L in lens:
            c = np.zeros(H, dtype=np.int64)
            for t in range(L):
                z = (rng.integers(-lim, lim, 4 * H) if t % 3 == 2
                     else np.clip(rng.integers(-(6 << G), 6 << G, 4 * H), -lim, lim - 1))
                h, c = cell_int(z, c, lp, cfg)
                flags.append((int(t == 0), int(t == L - 1)))
                steps.append(z)
                hs.append(h)
            finals.append(h)
        tbh.apply_pauses(src, prng, 0.2)
        tbh.apply_pauses(sink, prng, 0.6)
        flag_task = cocotb.start_soon(_step_flags(dut, flags, 4 * H))
        for z in steps:
            src.send_nowait(AxiStreamFrame([tbh.to_unsigned(int(v), DW) for v in z]))
        # every step's h, read back on h_raddr after step_done, one unit per ns: the next step's h is
        # written only after its 3H samples of i, f and g
        got_h = []
        while len(got_h) < len(steps):
            await with_timeout(RisingEdge(dut.step_done), 10000000, "ns")
            await FallingEdge(dut.clk)
            row = []
            for n in range(H):
                dut.h_raddr.value = n
                await Timer(1, "ns")
                row.append(tbh.to_signed(int(dut.h_rdata.value), DW))
            got_h.append(row)
        for t, (row, h) in enumerate(zip(got_h, hs)):
            tbh.compare(row, h.tolist(), f"step {t} h (h_rdata)", lambda k: f"h[{k}]")
        for n, h in enumerate(finals):
            fr = await with_timeout(sink.recv(), 10000000, "ns")
            tbh.compare([tbh.to_signed(int(v), DW) for v in fr.tdata], h.tolist(), f"sequence {n} final h",
                        lambda k: f"h[{k}]")
        await flag_task
        assert sink.empty() and int(dut.err.value) == 0

    @cocotb.test()
    async def misplaced_tlast_sets_err(dut):
        """A tlast before sample 4H-1 sets the sticky err; rst clears it."""
        P = tbh.sim_params()
        H, DW = P["HIDDEN"], P["DW"]
        dut.rst.setimmediatevalue(1)
        dut.step_first.setimmediatevalue(1)
        dut.step_last.setimmediatevalue(0)
        dut.h_raddr.setimmediatevalue(0)
        src = tbh.axis_source(dut, "s_axis_z")
        dut.m_axis_h_tready.setimmediatevalue(1)
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        await src.send(AxiStreamFrame([0] * (2 * H)))
        await src.send(AxiStreamFrame([0] * (2 * H)))
        await src.wait()
        await tbh.cycles(dut, 10)
        assert int(dut.err.value) == 1, "err not set by a tlast at sample 2H-1"
        await tbh.reset(dut)
        assert int(dut.err.value) == 0, "err not cleared by rst"


# (HIDDEN, G_FRAC, C_FRAC, X_FRAC, DW, ROUND_MODE, sequences)
CASES = [(8, 12, 12, 12, 16, 0, 6), (5, 9, 11, 14, 16, 1, 6), (2, 4, 4, 6, 8, 0, 8)]


def _cases():
    """Every case on Icarus; on Verilator the first quick, the others slow."""
    for i, c in enumerate(CASES):
        for sim in SIMULATORS:
            marks = [pytest.mark.slow] if sim == "verilator" and i else []
            yield pytest.param(c, sim, marks=marks, id="H{}_G{}_C{}_A{}_DW{}_rm{}".format(*c[:6]) + f"-{sim}")


@pytest.mark.parametrize("case,sim", list(_cases()))
def test_swm_lstm_cell(case, sim):
    from verif.common.sim import run_cocotb, top_sources

    H, G, C, A, DW, rm, seqs = case
    P = dict(HIDDEN=H, G_FRAC=G, C_FRAC=C, X_FRAC=A, DW=DW, ROUND_MODE=rm)
    run_cocotb(TOP, top_sources(TOP), TEST_MODULE, P, sim, "H{}_G{}_C{}_A{}_DW{}_rm{}".format(*case[:6]),
               extra_env={"SWM_PARAMS": json.dumps(dict(P, SEQS=seqs))})
