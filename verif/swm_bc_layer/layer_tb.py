"""Testbench class for swm_bc_layer: clock, reset, the four streams bound by prefix, start/done."""

from __future__ import annotations

from pathlib import Path

from cocotb.triggers import RisingEdge
from cocotbext.axi import AxiStreamBus, AxiStreamFrame, AxiStreamSink, AxiStreamSource

from verif.common import tb as tbh
from verif.common.monitor import ProtocolMonitor
from verif.swm_bc_layer.loader import bias_image, weight_image

ACTS = ("identity", "relu", "sigmoid", "tanh")


class _XBusNoTlast(AxiStreamBus):
    """s_axis_x without tlast: the source never drives it (tests that tlast is not required)."""

    _optional_signals = ["tvalid", "tready"]


class LayerTB:
    """Clock, reset, the four streams bound by prefix and the start/done handshake.

    ``monitor`` (verif/common/monitor.py) checks the stream rules and the run-control contract on
    every edge. ``x_tlast=False`` leaves ``s_axis_x_tlast`` to the test (the source drives no tlast).
    """

    STREAMS = ("s_axis_x", "s_axis_w", "s_axis_b", "m_axis_y")

    def __init__(self, dut, P: dict, x_tlast: bool = True) -> None:
        self.dut = dut
        self.P = P
        dut.rst.setimmediatevalue(1)
        kw = dict(byte_lanes=1)
        bus_x = AxiStreamBus.from_prefix(dut, "s_axis_x") if x_tlast else _XBusNoTlast(dut, "s_axis_x")
        self.src_x = AxiStreamSource(bus_x, dut.clk, dut.rst, **kw)
        self.src_w = AxiStreamSource(AxiStreamBus.from_prefix(dut, "s_axis_w"), dut.clk, dut.rst, **kw)
        self.src_b = AxiStreamSource(AxiStreamBus.from_prefix(dut, "s_axis_b"), dut.clk, dut.rst, **kw)
        self.sink_y = AxiStreamSink(AxiStreamBus.from_prefix(dut, "m_axis_y"), dut.clk, dut.rst, **kw)
        self.monitor = ProtocolMonitor(dut, self.STREAMS, control=True, params=P, name="swm_bc_layer monitor").start()

    async def init(self) -> None:
        d = self.dut
        d.start.value = 0
        for n in ("cfg_p", "cfg_q", "cfg_acc_shift", "cfg_out_shift", "cfg_act", "cfg_y_frac", "cfg_count"):
            getattr(d, n).value = 0
        await tbh.start_clock(d)
        await tbh.reset(d)

    async def load(self, wpath: Path, bpath: Path, p: int, q: int) -> None:
        P = self.P
        w = weight_image(wpath, p, q, P["K"], P["LANES"], P["WW"])
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
