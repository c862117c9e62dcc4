"""Testbench class for swm_bc_layer: clock, reset, the four streams bound by prefix, start/done.

pytest side: :func:`run_layer_case` builds one engine (parameters from
``swm.fixed.DatapathConfig.rtl_params``) and runs the cocotb tests of
verif/swm_bc_layer/test_swm_bc_layer.py on it; verif/bench_rtl.py uses it too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

from cocotb.triggers import RisingEdge
from cocotbext.axi import AxiStreamBus, AxiStreamFrame

from verif.common import tb as tbh
from verif.common.monitor import ProtocolMonitor
from verif.swm_bc_layer.loader import bias_image, weight_image

if TYPE_CHECKING:
    from swm.fixed import DatapathConfig

ACTS = ("identity", "relu", "sigmoid", "tanh")
TOP = "swm_bc_layer"
TEST_MODULE = "verif.swm_bc_layer.test_swm_bc_layer"
# datapath width sets (DW, FW, WW, TW) the engine tests and benchmarks use
WIDTH_SETS = {
    "w16": dict(DW=16, FW=18, WW=16, TW=16),
    "w12": dict(DW=12, FW=14, WW=12, TW=12),
}


class _XBusNoTlast(AxiStreamBus):
    """s_axis_x without tlast: the source never drives it (tests that tlast is not required)."""

    _optional_signals = ["tvalid", "tready"]


class LayerTB:
    """Clock, reset, the four streams bound by prefix and the start/done handshake.

    ``monitor`` (verif/common/monitor.py) checks the stream rules and the run-control contract on
    every edge. ``x_tlast=False`` leaves ``s_axis_x_tlast`` to the test (the source drives no tlast).
    ``control=False`` checks the stream rules only (the convolution mode, whose input is counted
    in images, not in ``q*K``-sample vectors).
    """

    STREAMS = ("s_axis_x", "s_axis_w", "s_axis_b", "m_axis_y")

    def __init__(self, dut, P: dict, x_tlast: bool = True, control: bool = True) -> None:
        self.dut = dut
        self.P = P
        dut.rst.setimmediatevalue(1)
        self.src_x = tbh.axis_source(dut, "s_axis_x", bus=None if x_tlast else _XBusNoTlast(dut, "s_axis_x"))
        self.src_w = tbh.axis_source(dut, "s_axis_w")
        self.src_b = tbh.axis_source(dut, "s_axis_b")
        self.sink_y = tbh.axis_sink(dut, "m_axis_y")
        self.monitor = ProtocolMonitor(dut, self.STREAMS, control=control, params=P if control else None,
                                       name="swm_bc_layer monitor").start()

    async def init(self) -> None:
        d = self.dut
        d.start.value = 0
        for n in ("cfg_p", "cfg_q", "cfg_acc_shift", "cfg_out_shift", "cfg_act", "cfg_y_frac", "cfg_count"):
            getattr(d, n).value = 0
        await tbh.start_clock(d)
        await tbh.reset(d)

    async def load(self, wpath: Path, bpath: Path, p: int, q: int) -> None:
        P = self.P
        w = weight_image(wpath, p, q, P["K"], P["LANES"], P["WW"], P.get("ROWS", 1))
        b = bias_image(bpath, p, P["K"], P["FW"])
        await self.src_w.send(AxiStreamFrame(w))
        await self.src_b.send(AxiStreamFrame(b))
        await self.src_w.wait()
        await self.src_b.wait()
        await tbh.cycles(self.dut, 2)

    async def start(self, **cfg) -> None:
        d = self.dut
        await RisingEdge(d.clk)
        for k, v in cfg.items():
            getattr(d, f"cfg_{k}").value = v
        d.start.value = 1
        await RisingEdge(d.clk)
        d.start.value = 0

    async def wait_done(self, limit: int) -> int:
        d = self.dut
        for _ in range(limit):
            await RisingEdge(d.clk)
            if int(d.done.value):
                return int(d.cycles.value)
        raise AssertionError(f"no done within {limit} cycles")


# ---------------------------------------------------------------------------------------------
# pytest side
# ---------------------------------------------------------------------------------------------
def layer_config(K: int, widths: Mapping[str, int], round_mode: int, max_q: int) -> "DatapathConfig":
    """DatapathConfig of an engine with the given widths and the smallest exact accumulator for max_q."""
    from swm.fixed import ROUNDING_MODES, DatapathConfig
    from swm.limits import min_acc_width

    return DatapathConfig(K=K, AW=min_acc_width(widths["WW"], widths["FW"], max_q),
                          rounding=ROUNDING_MODES[round_mode], max_q=max_q, **widths).validate()


def run_layer_case(K: int, lanes: int, widths: Mapping[str, int], round_mode: int, sim: str,
                   runs: Sequence[dict], max_p: int, max_q: int, case: str, rows: int = 1) -> Path:
    """Build swm_bc_layer for (K, LANES, widths, ROUND_MODE, MAX_P, MAX_Q, ROWS) and run ``runs`` on it.

    Each run is a dict(p, q, n, act, kind, stall) of layer_matches_golden; the build directory
    build/sim/swm_bc_layer/<case>-<sim>/ is returned. Raises AssertionError on any mismatch.
    """
    from verif.common.sim import BUILD, run_cocotb, top_sources

    P = layer_config(K, widths, round_mode, max_q).rtl_params(lanes, max_p, max_q, rows=rows)
    work = BUILD / TOP / f"{case}-{sim}"
    return run_cocotb(TOP, top_sources(TOP), TEST_MODULE, P, sim, case,
                      extra_env={"SWM_PARAMS": json.dumps(P), "SWM_RUNS": json.dumps(list(runs)),
                                 "SWM_WORK": str(work)})
