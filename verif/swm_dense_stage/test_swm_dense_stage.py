"""swm_dense_stage (swm_dense_fc behind swm_bc_stage's port list) against swm.golden.dense_int:
``run`` gates the input and the loads, ``cfg_error`` is the sticky framing error, ``in_stall`` /
``out_stall`` follow the handshakes; outputs under random input idles and output backpressure."""

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

TOP = "swm_dense_stage"
TEST_MODULE = "verif.swm_dense_stage.test_swm_dense_stage"


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.common.monitor import ProtocolMonitor
    from verif.swm_dense_fc.dense_tb import case_data, layer_of

    class StageTB:
        """Clock, reset, the four streams; an edge watcher of the wrapper's own rules.

        Every edge out of reset: the load streams are ready exactly while ``run`` is low and the
        stage idle; the input is ready only while ``run`` is high; ``in_stall`` = input ready and
        not valid; ``out_stall`` = output valid and not ready; ``cfg_error`` stays 0 unless
        ``expect_err``. It counts the edges each stall output was high.
        """

        def __init__(self, dut, P: dict) -> None:
            self.dut, self.P = dut, P
            dut.rst.setimmediatevalue(1)
            dut.run.setimmediatevalue(0)
            self.src_x = tbh.axis_source(dut, "s_axis_x")
            self.src_w = tbh.axis_source(dut, "s_axis_w")
            self.src_b = tbh.axis_source(dut, "s_axis_b")
            self.sink_y = tbh.axis_sink(dut, "m_axis_y")
            ProtocolMonitor(dut, ("s_axis_x", "s_axis_w", "s_axis_b", "m_axis_y"), name="swm_dense_stage monitor").start()
            self.expect_err = False
            self.edge = 0
            self.in_stalls = self.out_stalls = self.x_taken = 0
            cocotb.start_soon(self._watch())

        async def _watch(self) -> None:
            d = self.dut
            while True:
                await RisingEdge(d.clk)
                self.edge += 1
                if int(d.rst.value):
                    continue
                run, busy = int(d.run.value), int(d.busy.value)
                for name in ("s_axis_w", "s_axis_b"):
                    ready = int(d[f"{name}_tready"].value)
                    assert ready == int(not run and not busy), (
                        f"edge {self.edge}: {name}_tready = {ready} with run = {run}, busy = {busy} "
                        "(loads are taken exactly while run is low and the stage idle)")
                xv, xr = int(d.s_axis_x_tvalid.value), int(d.s_axis_x_tready.value)
                yv, yr = int(d.m_axis_y_tvalid.value), int(d.m_axis_y_tready.value)
                assert not (xr and not run), f"edge {self.edge}: s_axis_x_tready high while run is low"
                assert int(d.in_stall.value) == int(xr and not xv), f"edge {self.edge}: in_stall != ready & !valid"
                assert int(d.out_stall.value) == int(yv and not yr), f"edge {self.edge}: out_stall != valid & !ready"
                self.in_stalls += int(d.in_stall.value)
                self.out_stalls += int(d.out_stall.value)
                self.x_taken += xv and xr
                if not self.expect_err:
                    assert int(d.cfg_error.value) == 0, f"edge {self.edge}: cfg_error set by well-framed input"

        async def load(self, W: np.ndarray, bias: np.ndarray) -> None:
            from swm.golden import bias_words, dense_weight_words

            P = self.P
            await self.src_w.send(AxiStreamFrame(dense_weight_words(W, P["LANES"], P["WW"])))
            await self.src_b.send(AxiStreamFrame(bias_words(bias, P["FW"])))
            await with_timeout(self.src_w.wait(), 100000, "ns")
            await with_timeout(self.src_b.wait(), 100000, "ns")
            await tbh.cycles(self.dut, 2)

        async def receive(self, y: np.ndarray, what: str) -> None:
            DW = self.P["DW"]
            for v in range(len(y)):
                fr = await with_timeout(self.sink_y.recv(), 2000000, "ns")
                got = [tbh.to_signed(int(t), DW) for t in fr.tdata]
                tbh.compare(got, y[v].tolist(), f"{what} vector {v}", lambda k: f"output {k}")

    def _frames(x: np.ndarray, DW: int) -> list[AxiStreamFrame]:
        return [AxiStreamFrame([tbh.to_unsigned(int(t), DW) for t in v]) for v in x]

    @cocotb.test()
    async def stage_runs_like_golden(dut):
        """Load while run is low (input refused), run with stalls (loads refused), outputs equal dense_int."""
        from swm.golden import dense_int

        P = tbh.sim_params()
        s = tbh.seed("swm_dense_stage")
        rng, prng = np.random.default_rng(s), random.Random(s)
        tb = StageTB(dut, P)
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        cfg, lp = layer_of(P)
        W, bias, x = case_data(rng, P, 6, "normal")
        await tb.load(W, bias)
        # before run: a vector offered is not taken, and no input stall is counted
        for fr in _frames(x[:1], P["DW"]):
            tb.src_x.send_nowait(fr)
        await tbh.cycles(dut, 3 * P["N_IN"] + 20)
        assert tb.x_taken == 0 and tb.in_stalls == 0, "the stage took input (or counted an input stall) before run"
        assert tb.sink_y.empty() and not int(dut.busy.value)
        tbh.apply_pauses(tb.src_x, prng, 0.3)
        tbh.apply_pauses(tb.sink_y, prng, 0.5)
        dut.run.value = 1
        for fr in _frames(x[1:], P["DW"]):
            tb.src_x.send_nowait(fr)
        await tb.receive(dense_int(x, W, bias, lp, cfg), "run")
        assert tb.sink_y.empty(), "output beyond the vectors sent"
        assert tb.in_stalls > 0 and tb.out_stalls > 0, (tb.in_stalls, tb.out_stalls)
        # a load offered while running is not taken
        from swm.golden import bias_words

        tb.src_b.send_nowait(AxiStreamFrame(bias_words(bias, P["FW"])))
        await tbh.cycles(dut, 20)
        assert int(dut.s_axis_b_tready.value) == 0 and not tb.src_b.idle(), "bias load taken while run is high"

    @cocotb.test()
    async def misframed_input_sets_cfg_error(dut):
        """An early input tlast sets the sticky cfg_error; the outputs stay correct (framing by count); rst clears it."""
        from swm.golden import dense_int

        P = tbh.sim_params()
        s = tbh.seed("swm_dense_stage misframed")
        rng = np.random.default_rng(s)
        tb = StageTB(dut, P)
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        cfg, lp = layer_of(P)
        W, bias, x = case_data(rng, P, 2, "normal")
        await tb.load(W, bias)
        dut.run.value = 1
        tb.expect_err = True
        words = [[tbh.to_unsigned(int(t), P["DW"]) for t in v] for v in x]
        tb.src_x.send_nowait(AxiStreamFrame(words[0]))
        tb.src_x.send_nowait(AxiStreamFrame(words[1][:1]))   # early tlast
        tb.src_x.send_nowait(AxiStreamFrame(words[1][1:]))
        await tb.receive(dense_int(x, W, bias, lp, cfg), "misframed")
        await RisingEdge(dut.clk)
        assert int(dut.cfg_error.value) == 1, "cfg_error not set by an early tlast"
        dut.run.value = 0
        await tbh.reset(dut)
        assert int(dut.cfg_error.value) == 0, "cfg_error not cleared by rst"


# (N_IN, N_OUT, LANES, activation, width set, ROUND_MODE)
CASES = [
    (12, 10, 4, "relu", "w16", 0),        # partial last group, MAC-bound
    (3, 7, 7, "identity", "w8", 1),       # every output in parallel, output-bound
]


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("case", CASES, ids=["I{}_O{}_L{}_{}_{}_rm{}".format(*c) for c in CASES])
def test_swm_dense_stage(case, sim):
    from verif.common.sim import run_cocotb, top_sources
    from verif.swm_dense_fc.dense_tb import WIDTH_SETS, dense_case_params

    n_in, n_out, lanes, act, wset, rm = case
    P = dense_case_params(n_in, n_out, lanes, act, WIDTH_SETS[wset], rm)
    run_cocotb(TOP, top_sources(TOP), TEST_MODULE, P, sim, "I{}_O{}_L{}_{}_{}_rm{}".format(*case),
               extra_env={"SWM_PARAMS": json.dumps(P)})
