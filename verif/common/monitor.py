"""Protocol and run-control monitor: a cocotb coroutine that checks every clock edge of a DUT.

Started by a TB class (``ProtocolMonitor(dut, ...).start()``) and running for the whole cocotb
test; the first violation raises ``ProtocolViolation`` (an AssertionError) inside its task, which
fails the test with one message naming the cycle, the time, the port and what changed.

Sampling: at every rising edge of ``clk`` the monitor reads the values the DUT sees at that edge
(the same sampling as the cocotbext-axi bus models), so "cycle n" below is the clock period that
ends at edge n and a transfer in cycle n happens at edge n. Checks:

AXI-Stream (every port given by prefix, inputs and outputs alike):
  * once ``tvalid`` is high and ``tready`` low, ``tvalid`` stays high and ``tdata`` / ``tlast``
    stay unchanged in the next cycle;
  * ``tvalid`` of an output (``m_axis*``) is 0 in every cycle that follows a reset edge; the
    handshake signals the DUT drives (``m_axis*_tvalid``, ``s_axis*_tready``) are never X/Z
    after the first reset.

Run control of swm_bc_layer (``control=True``; docs/architecture.md "Stream protocol and
handshake"):
  * ``start`` while idle samples ``cfg_*``: ``cfg_error`` becomes 1 exactly for a bad
    configuration (p or q of 0 or above MAX_P/MAX_Q, count 0, acc_shift > AW-1,
    out_shift > FW+1, sigmoid/tanh with y_frac > DW-4) and ``busy`` rises exactly for a good one,
    and ``cfg_error`` changes at no other time (``start`` while busy is ignored);
  * ``busy`` rises only at an accepted ``start`` and falls only together with ``done``; ``done``
    is a one-cycle pulse in the cycle after the transfer of the last output sample of the run
    (vector ``cfg_count``); ``done`` and ``busy`` are 0 after reset;
  * ``cycles`` equals the number of edges from the start edge to the edge of the last output
    transfer when ``done`` is high, and holds while idle (until the next accepted ``start``);
  * ``s_axis_x_tready`` is low while idle and after the last input sample of the run
    (``cfg_count * q * K`` samples); ``s_axis_w_tready`` / ``s_axis_b_tready`` are low while busy;
    ``m_axis_y_tvalid`` is low while idle; ``m_axis_y_tlast`` is on every ``p*K``-th output sample.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import cocotb
from cocotb.triggers import RisingEdge
from cocotb.utils import get_sim_time

ACT_SIGMOID_TANH = 2  # cfg_act[1]


class ProtocolViolation(AssertionError):
    """A DUT broke the AXI-Stream rules or the documented run-control contract."""


def _int(handle) -> int | None:
    """Integer value of a signal, None when it holds X/Z."""
    v = handle.value
    try:
        return int(v)
    except ValueError:
        return None


def _fmt(v) -> str:
    if v is None:
        return "X"
    if isinstance(v, int):
        return str(v) if v < 10 else hex(v)
    return str(v)


class _Port:
    """Handles and per-cycle state of one AXI-Stream port."""

    def __init__(self, dut, prefix: str) -> None:
        self.name = prefix
        self.output = prefix.startswith("m_")
        self.valid = getattr(dut, f"{prefix}_tvalid")
        self.ready = getattr(dut, f"{prefix}_tready")
        self.data = getattr(dut, f"{prefix}_tdata")
        self.last = getattr(dut, f"{prefix}_tlast") if hasattr(dut, f"{prefix}_tlast") else None
        self.stalled = False  # last cycle had tvalid && !tready
        self.held: tuple | None = None  # (tdata, tlast) of the stalled beat

    def payload(self) -> tuple:
        d = self.data.value
        d = int(d) if d.is_resolvable else str(d)
        last = _int(self.last) if self.last is not None else 0
        return d, last


@dataclass
class _Run:
    """What the monitor knows about the run in progress."""

    p: int
    q: int
    count: int
    start_edge: int
    x_beats: int = 0
    y_beats: int = 0
    y_vectors: int = 0
    last_y_edge: int | None = field(default=None)


class ProtocolMonitor:
    """Per-edge AXI-Stream and run-control checker (see the module docstring for the rules).

    ``streams``: port prefixes (``s_axis_x``, ``m_axis_y``, ...). ``control``: check the
    swm_bc_layer run-control contract (needs ``params`` with K, DW, FW, AW, MAX_P, MAX_Q).
    """

    def __init__(
        self,
        dut,
        streams: Sequence[str],
        control: bool = False,
        params: Mapping[str, int] | None = None,
        name: str = "monitor",
    ) -> None:
        self.dut = dut
        self.name = name
        self.ports = [_Port(dut, s) for s in streams]
        self.control = control
        self.P = dict(params or {})
        if control:
            missing = [k for k in ("K", "DW", "FW", "AW", "MAX_P", "MAX_Q") if k not in self.P]
            if missing:
                raise ValueError(f"{name}: run-control checks need the RTL parameters {missing}")
            self.x = next(p for p in self.ports if p.name == "s_axis_x")
            self.y = next(p for p in self.ports if p.name == "m_axis_y")
            self.wb = [p for p in self.ports if p.name in ("s_axis_w", "s_axis_b")]
        self.edge = 0
        self.violations: list[str] = []
        self.runs_done = 0
        self.starts_accepted = 0
        self.starts_rejected = 0
        self._task = None
        self._run: _Run | None = None

    # --- life cycle ---------------------------------------------------------------------------
    def start(self) -> "ProtocolMonitor":
        """Start the checking coroutine (once); returns self."""
        if self._task is None:
            self._task = cocotb.start_soon(self._watch())
        return self

    def stop(self) -> None:
        """Stop checking (e.g. before deliberately breaking the protocol in a test)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    # --- helpers ------------------------------------------------------------------------------
    def _fail(self, port: str, what: str) -> None:
        msg = (f"{self.name}: cycle {self.edge} (t = {get_sim_time('ns'):.0f} ns), {port}: {what}")
        self.violations.append(msg)
        self.dut._log.error(msg)
        raise ProtocolViolation(msg)

    def cfg_bad(self, cfg: Mapping[str, int | None]) -> bool:
        """True when the documented start checks reject this configuration."""
        P = self.P
        if any(v is None for v in cfg.values()):
            return True
        return (
            cfg["p"] == 0 or cfg["p"] > P["MAX_P"] or cfg["q"] == 0 or cfg["q"] > P["MAX_Q"]
            or cfg["count"] == 0 or cfg["acc_shift"] > P["AW"] - 1 or cfg["out_shift"] > P["FW"] + 1
            or (bool(cfg["act"] & ACT_SIGMOID_TANH) and cfg["y_frac"] > P["DW"] - 4)
        )

    def _read_cfg(self) -> dict:
        d = self.dut
        return {k: _int(getattr(d, f"cfg_{k}")) for k in ("p", "q", "count", "acc_shift", "out_shift", "act", "y_frac")}

    # --- main loop ----------------------------------------------------------------------------
    async def _watch(self) -> None:
        d = self.dut
        edge = RisingEdge(d.clk)
        seen_reset = False
        prev_rst = 1
        prev: dict | None = None  # control sample of the previous cycle
        while True:
            await edge
            self.edge += 1
            rst = _int(d.rst)
            # ---- streams: values of the cycle ending at this edge
            sample = {}
            for pt in self.ports:
                v, r = _int(pt.valid), _int(pt.ready)
                sample[pt.name] = (v, r)
                if not seen_reset:
                    continue
                if prev_rst:
                    if pt.output and v != 0:
                        self._fail(pt.name, f"tvalid = {_fmt(v)} in the cycle after a reset edge (must be 0)")
                    pt.stalled, pt.held = False, None
                    continue
                if pt.output and v is None:
                    self._fail(pt.name, "tvalid is X/Z")
                if not pt.output and r is None:
                    self._fail(pt.name, "tready is X/Z")
                if pt.stalled:
                    now = pt.payload() if v else None
                    if v != 1:
                        self._fail(pt.name, f"tvalid dropped to {_fmt(v)} while the previous beat was stalled "
                                   f"(tvalid = 1, tready = 0), beat tdata {_fmt(pt.held[0])} not transferred")
                    if now[0] != pt.held[0]:
                        self._fail(pt.name, f"tdata changed {_fmt(pt.held[0])} -> {_fmt(now[0])} while stalled "
                                   "(tvalid = 1, tready = 0 in the previous cycle)")
                    if now[1] != pt.held[1]:
                        self._fail(pt.name, f"tlast changed {_fmt(pt.held[1])} -> {_fmt(now[1])} while stalled "
                                   f"(tdata {_fmt(now[0])})")
                if v == 1 and r == 0:
                    if not pt.stalled:
                        pt.held = pt.payload()
                    pt.stalled = True
                else:
                    pt.stalled, pt.held = False, None
            if self.control and (seen_reset or rst == 1):
                cur = self._control_sample(sample)
                if prev is not None:
                    self._check_control(prev, cur, prev_rst)
                prev = cur
            if rst == 1:
                seen_reset = True
            prev_rst = 1 if rst != 0 else 0

    def _control_sample(self, sample: dict) -> dict:
        d = self.dut
        s = dict(start=_int(d.start), busy=_int(d.busy), done=_int(d.done), err=_int(d.cfg_error),
                 cycles=_int(d.cycles), edge=self.edge, streams=sample)
        if s["start"] == 1 and s["busy"] == 0:
            s["cfg"] = self._read_cfg()
        yv, yr = sample["m_axis_y"]
        s["y_fire"] = yv == 1 and yr == 1
        s["y_last"] = _int(self.y.last) if s["y_fire"] else None
        xv, xr = sample["s_axis_x"]
        s["x_fire"] = xv == 1 and xr == 1
        return s

    def _check_control(self, prev: dict, cur: dict, reset_edge: int) -> None:
        """prev: the cycle ending at edge n; cur: the cycle after it (shows the state edge n made)."""
        n = prev["edge"]
        if reset_edge:  # rst sampled high at edge n
            for k in ("busy", "done"):
                if cur[k] != 0:
                    self._fail(k, f"{k} = {_fmt(cur[k])} after a reset edge (must be 0)")
            self._run = None
            return
        for k in ("busy", "done", "err", "cycles", "start"):
            if cur[k] is None:
                self._fail({"err": "cfg_error"}.get(k, k), "is X/Z after reset")

        # ---- levels in cycle n (prev)
        if not prev["busy"]:
            if prev["streams"]["s_axis_x"][1]:
                self._fail("s_axis_x", "tready high while idle (busy = 0)")
            if prev["streams"]["m_axis_y"][0]:
                self._fail("m_axis_y", "tvalid high while idle (busy = 0): output outside a run")
        else:
            for pt in self.wb:
                if prev["streams"][pt.name][1]:
                    self._fail(pt.name, "tready high while busy (loads are ignored during a run)")
        run = self._run
        if run is not None and prev["busy"]:
            total_x = run.count * run.q * self.P["K"]
            if run.x_beats >= total_x and prev["streams"]["s_axis_x"][1]:
                self._fail("s_axis_x", f"tready high after the last input vector of the run was accepted "
                           f"({run.x_beats} = count {run.count} x q {run.q} x K {self.P['K']} samples)")
            if prev["x_fire"]:
                run.x_beats += 1
            if prev["y_fire"]:
                pk = run.p * self.P["K"]
                want_last = run.y_beats % pk == pk - 1
                if prev["y_last"] != int(want_last):
                    self._fail("m_axis_y", f"tlast = {_fmt(prev['y_last'])} on output sample {run.y_beats % pk} "
                               f"of vector {run.y_vectors} (tlast belongs on sample p*K-1 = {pk - 1})")
                run.y_beats += 1
                if want_last:
                    run.y_vectors += 1
                    run.last_y_edge = n

        # ---- edge n: start / busy / done / cycles / cfg_error
        accepted = False
        if prev["start"] == 1 and prev["busy"] == 0:
            cfg = prev["cfg"]
            bad = self.cfg_bad(cfg)
            if cur["err"] != int(bad):
                self._fail("cfg_error", f"= {cur['err']} after start with {cfg}: expected {int(bad)} "
                           f"({'bad' if bad else 'good'} configuration for MAX_P {self.P['MAX_P']}, MAX_Q "
                           f"{self.P['MAX_Q']}, AW {self.P['AW']}, FW {self.P['FW']}, DW {self.P['DW']})")
            if cur["busy"] != int(not bad):
                self._fail("busy", f"= {cur['busy']} after start with {'bad' if bad else 'good'} configuration {cfg}")
            if bad:
                self.starts_rejected += 1
            else:
                accepted = True
                self.starts_accepted += 1
                self._run = _Run(p=cfg["p"], q=cfg["q"], count=cfg["count"], start_edge=n)
        elif cur["err"] != prev["err"]:
            why = "start while busy must be ignored" if prev["start"] == 1 else "no start"
            self._fail("cfg_error", f"changed {prev['err']} -> {cur['err']} ({why})")

        if prev["done"] == 1 and cur["done"] == 1:
            self._fail("done", "high for more than one cycle (must be a one-cycle pulse)")
        if prev["busy"] == 1 and cur["busy"] == 0 and cur["done"] != 1:
            self._fail("busy", "fell without done in the same cycle")
        if cur["done"] == 1:
            if not (prev["busy"] == 1 and cur["busy"] == 0):
                self._fail("done", f"pulse while busy was {prev['busy']} -> {cur['busy']} "
                           "(busy must fall in the same cycle as done)")
            if run is None or run.y_vectors != run.count or run.last_y_edge != n:
                got = "no run" if run is None else (f"{run.y_vectors} of {run.count} vectors out, last vector "
                                                    f"ended at edge {run.last_y_edge}")
                self._fail("done", f"not in the cycle after the last output sample of the run was accepted ({got})")
            if cur["cycles"] != n - run.start_edge:
                self._fail("cycles", f"= {cur['cycles']} at done, expected {n - run.start_edge} "
                           f"(edges from the start edge {run.start_edge} to the last transfer at edge {n})")
            self.runs_done += 1
            self._run = None
        if prev["busy"] == 0 and cur["busy"] == 1 and not accepted:
            self._fail("busy", "rose without an accepted start")

        if prev["busy"] == 0 and not accepted and cur["cycles"] != prev["cycles"]:
            self._fail("cycles", f"changed {prev['cycles']} -> {cur['cycles']} while idle (must hold until the next start)")
