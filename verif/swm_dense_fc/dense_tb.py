"""Testbench class for swm_dense_fc: clock, reset, the four streams bound by prefix, edge watcher.

cocotb side: :class:`DenseTB` (streams, ProtocolMonitor, per-edge checks of the load gating and
``err_len``, first-input / last-output transfer edges for the cycle model) and :func:`case_data`
(random layers and inputs). pytest side: :func:`dense_case_params` (the RTL parameters of a test
configuration, from ``swm.golden.dense_rtl_params``) and :func:`run_dense_case`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

ACTS = ("identity", "relu", "sigmoid", "tanh")
TOP = "swm_dense_fc"
TEST_MODULE = "verif.swm_dense_fc.test_swm_dense_fc"
# datapath width sets (DW, WW, FW) of the tests
WIDTH_SETS = {
    "w16": dict(DW=16, WW=16, FW=18),
    "w8": dict(DW=8, WW=8, FW=10),
}


def layer_of(P: Mapping[str, Any]):
    """(DatapathConfig, DenseParams) of a built stage's parameters."""
    from swm.fixed import ROUNDING_MODES, DatapathConfig
    from swm.golden import DenseParams

    cfg = DatapathConfig(DW=P["DW"], FW=P["FW"], WW=P["WW"], AW=P["AW"], rounding=ROUNDING_MODES[P["ROUND_MODE"]],
                         max_q=1)
    lp = DenseParams(n_in=P["N_IN"], n_out=P["N_OUT"], x_frac=0, w_frac=0, acc_shift=P["ACC_SHIFT"],
                     out_shift=P["OUT_SHIFT"], y_frac=P["Y_FRAC"], act=ACTS[P["ACT"]])
    return cfg, lp


def _words(rng: np.random.Generator, shape, width: int, ext: float) -> np.ndarray:
    """Random signed width-bit integers, a fraction ``ext`` each of them at the minimum / maximum."""
    lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
    v = rng.integers(lo, hi + 1, size=shape)
    u = rng.random(shape)
    return np.where(u < ext, lo, np.where(u < 2 * ext, hi, v)).astype(np.int64)


def case_data(rng: np.random.Generator, P: Mapping[str, Any], n: int, kind: str):
    """(W, bias, x) of one run: ``normal`` (inputs at random scales), or ``extreme`` (weights and
    inputs at their range limits; vector 0 reaches the largest sum n_in * 2^(WW+DW-2))."""
    n_in, n_out, DW, WW, FW = P["N_IN"], P["N_OUT"], P["DW"], P["WW"], P["FW"]
    if kind == "extreme":
        lo_w, lo_x = -(1 << (WW - 1)), -(1 << (DW - 1))
        W = np.where(rng.random((n_out, n_in)) < 0.7, lo_w, -lo_w - 1).astype(np.int64)
        W[0] = lo_w
        x = np.where(rng.random((n, n_in)) < 0.5, lo_x, -lo_x - 1).astype(np.int64)
        x[0] = lo_x
    else:
        W = _words(rng, (n_out, n_in), WW, 0.1)
        x = _words(rng, (n, n_in), DW, 0.05) >> rng.integers(0, 5, size=(n, 1))
    bias = _words(rng, (n_out,), FW - 2, 0.1)
    return W, bias, x


class DenseTB:
    """Clock, reset, the four streams bound by prefix; checks on every edge.

    ``monitor`` (verif/common/monitor.py) checks AXI-Stream stability on all four ports. The
    edge watcher asserts that the load streams are ready exactly while ``busy`` is low and that
    ``err_len`` stays 0 unless ``expect_err``; it records the edges of the first input and the
    first and last output transfers since :meth:`mark` (``first_x``, ``first_y``, ``last_y``).
    """

    STREAMS = ("s_axis_x", "s_axis_w", "s_axis_b", "m_axis_y")

    def __init__(self, dut, P: dict) -> None:
        import cocotb

        from verif.common import tb as tbh
        from verif.common.monitor import ProtocolMonitor

        self.dut = dut
        self.P = P
        dut.rst.setimmediatevalue(1)
        self.src_x = tbh.axis_source(dut, "s_axis_x")
        self.src_w = tbh.axis_source(dut, "s_axis_w")
        self.src_b = tbh.axis_source(dut, "s_axis_b")
        self.sink_y = tbh.axis_sink(dut, "m_axis_y")
        self.monitor = ProtocolMonitor(dut, self.STREAMS, name="swm_dense_fc monitor").start()
        self.edge = 0
        self.first_x: int | None = None
        self.first_y: int | None = None
        self.last_y: int | None = None
        self.expect_err = False
        self._watch_task = cocotb.start_soon(self._watch())

    def mark(self) -> None:
        """Start a new measurement of the first-input / last-output transfer edges."""
        self.first_x, self.first_y, self.last_y = None, None, None

    async def _watch(self) -> None:
        from cocotb.triggers import RisingEdge

        d = self.dut
        while True:
            await RisingEdge(d.clk)
            self.edge += 1
            if int(d.rst.value):
                continue
            busy = int(d.busy.value)
            for name in ("s_axis_w", "s_axis_b"):
                ready = int(getattr(d, f"{name}_tready").value)
                assert ready == 1 - busy, (f"edge {self.edge}: {name}_tready = {ready} with busy = {busy} "
                                           "(loads are taken exactly while the stage is idle)")
            if not self.expect_err:
                assert int(d.err_len.value) == 0, f"edge {self.edge}: err_len set by well-framed input"
            if int(d.s_axis_x_tvalid.value) and int(d.s_axis_x_tready.value) and self.first_x is None:
                self.first_x = self.edge
            if int(d.m_axis_y_tvalid.value) and int(d.m_axis_y_tready.value):
                self.last_y = self.edge
                if self.first_y is None:
                    self.first_y = self.edge

    async def init(self) -> None:
        from verif.common import tb as tbh

        await tbh.start_clock(self.dut)
        await tbh.reset(self.dut)

    async def wait_idle(self, limit: int) -> None:
        """Wait until ``busy`` is low (at most ``limit`` cycles)."""
        from cocotb.triggers import RisingEdge

        for _ in range(limit):
            await RisingEdge(self.dut.clk)
            if not int(self.dut.busy.value):
                return
        raise AssertionError(f"busy still high after {limit} cycles")

    async def load(self, W: np.ndarray, bias: np.ndarray) -> None:
        """Stream the weight and bias images (swm.golden.dense_weight_words / bias_words) while idle."""
        from cocotb.triggers import with_timeout
        from cocotbext.axi import AxiStreamFrame

        from swm.golden import bias_words, dense_weight_words
        from verif.common import tb as tbh

        P = self.P
        await self.wait_idle(100000)
        w = dense_weight_words(W, P["LANES"], P["WW"])
        b = bias_words(bias, P["FW"])
        await self.src_w.send(AxiStreamFrame(w))
        await self.src_b.send(AxiStreamFrame(b))
        await with_timeout(self.src_w.wait(), 100 + 20 * len(w), "us")
        await with_timeout(self.src_b.wait(), 100 + 20 * len(b), "us")
        await tbh.cycles(self.dut, 2)


# ---------------------------------------------------------------------------------------------
# pytest side
# ---------------------------------------------------------------------------------------------
def dense_case_params(n_in: int, n_out: int, lanes: int, act: str, widths: Mapping[str, int], round_mode: int,
                      weight_file: Path | None = None, bias_file: Path | None = None) -> dict:
    """RTL parameters of a test configuration: the smallest exact AW, shifts for full-scale data.

    ACC_SHIFT = WW + DW - FW + clog2(n_in) // 2 puts random full-scale sums near 2^(FW-3) (range
    limits saturate); OUT_SHIFT = FW - DW; Y_FRAC = DW - 6.
    """
    from swm.fixed import ROUNDING_MODES, DatapathConfig
    from swm.golden import DenseParams, dense_rtl_params
    from swm.limits import clog2, min_dense_acc_width

    DW, WW, FW = widths["DW"], widths["WW"], widths["FW"]
    cfg = DatapathConfig(DW=DW, WW=WW, FW=FW, AW=min_dense_acc_width(WW, DW, n_in),
                         rounding=ROUNDING_MODES[round_mode], max_q=1)
    acc_shift = max(0, WW + DW - FW + clog2(n_in) // 2)
    lp = DenseParams(n_in=n_in, n_out=n_out, x_frac=0, w_frac=0, acc_shift=acc_shift, out_shift=FW - DW,
                     y_frac=DW - 6, act=act)
    return dense_rtl_params(cfg, lp, lanes, weight_file, bias_file)


def run_dense_case(n_in: int, n_out: int, lanes: int, act: str, wset: str, round_mode: int, init: bool, sim: str,
                   runs: Sequence[dict], seed: int, hw_dir: Path | None = None, testcase: str | None = None,
                   tag: str = "") -> Path:
    """Build swm_dense_fc for one configuration and run the cocotb tests of test_swm_dense_fc.py.

    Each run is dict(n, stall, kind); with ``init`` the first run uses weight and bias images
    preloaded with $readmemh (WEIGHT_FILE / BIAS_FILE, written here from ``seed``), the others load
    theirs over s_axis_w / s_axis_b. ``hw_dir`` replaces hw/ (a mutated copy), ``testcase`` runs
    one cocotb test only, ``tag`` prefixes the case name. Returns the build directory;
    AssertionError on any failure.
    """
    from swm.golden import bias_words, dense_weight_words, write_hex
    from verif.common.sim import BUILD, run_cocotb, top_sources

    widths = WIDTH_SETS[wset]
    case = f"{tag}I{n_in}_O{n_out}_L{lanes}_{act}_{wset}_rm{round_mode}{'_init' if init else ''}"
    work = BUILD / TOP / f"{case}-{sim}"
    work.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    if init:
        P0 = dense_case_params(n_in, n_out, lanes, act, widths, round_mode)
        print(f"[{TOP} init images] seed {seed}")
        W, bias, _ = case_data(np.random.default_rng(seed), P0, 1, "normal")
        files = dict(weight_file=work / "init_w.hex", bias_file=work / "init_b.hex")
        write_hex(files["weight_file"], dense_weight_words(W, lanes, P0["WW"]), lanes * P0["WW"], "init weights")
        write_hex(files["bias_file"], bias_words(bias, P0["FW"]), P0["FW"], "init bias")
        (work / "init.json").write_text(json.dumps(dict(W=W.tolist(), bias=bias.tolist())))
    P = dense_case_params(n_in, n_out, lanes, act, widths, round_mode, **files)
    srcs = top_sources(TOP) if hw_dir is None else [hw_dir / src.name for src in top_sources(TOP)]
    env = {"SWM_PARAMS": json.dumps(P), "SWM_RUNS": json.dumps(list(runs)), "SWM_WORK": str(work),
           "SWM_INIT": "1" if init else "0"}
    if testcase:
        env["COCOTB_TEST_FILTER"] = testcase
    return run_cocotb(TOP, srcs, TEST_MODULE, P, sim, case, extra_env=env)


__all__ = ["ACTS", "TOP", "WIDTH_SETS", "DenseTB", "case_data", "dense_case_params", "layer_of", "run_dense_case"]
