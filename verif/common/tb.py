"""Shared cocotb testbench helpers (stable, small API; used by every verif/<module>/ test).

API:
    seed(name="")                 -> int: $SWM_SEED if set, else a fresh random seed; printed.
    scaled(n)                     -> int: n * $SWM_VECTORS (float factor, default 1), at least 1.
    pause_generator(rng, prob)    -> endless iterator of bools (True = pause this cycle) with
                                     P(pause) = prob, for AxiStreamSource/Sink.set_pause_generator.
    apply_pauses(model, rng, prob) attach pause_generator(rng, prob) to a cocotbext-axi source/sink,
                                     or (prob <= 0) detach it AND clear a pause left asserted
                                     (cocotbext-axi keeps the last value otherwise).
    await start_clock(dut, period_ns=10)       start a clock on dut.clk.
    await reset(dut, cycles=4)                 synchronous active-high dut.rst for `cycles` clocks.
    await cycles(dut, n)                       wait n rising edges of dut.clk.
    to_signed(u, width) / to_unsigned(v, width)  two's-complement conversion (swm.memimg's).
    sim_params()                  -> dict: the RTL parameters of this run (JSON in $SWM_PARAMS,
                                     set by the pytest side through run_cocotb(extra_env=...)).
    axis_source(dut, prefix) / axis_sink(dut, prefix)  cocotbext-axi models bound by prefix on
                                     dut.clk / dut.rst, logging warnings only unless $V=1.
    compare(got, expected, what, where=None)   the scoreboard: assert equal sequences, reporting
                                     the number of mismatches and the first one.
"""

from __future__ import annotations

import json
import logging
import os
import random
from typing import Any, Callable, Iterator, Sequence

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, RisingEdge
from cocotbext.axi import AxiStreamBus, AxiStreamSink, AxiStreamSource

from swm.memimg import to_signed, to_unsigned  # noqa: F401  (re-exported for the testbenches)


def seed(name: str = "") -> int:
    """Seed from $SWM_SEED or fresh; printed so a failure can be reproduced with SWM_SEED=<seed>."""
    env = os.environ.get("SWM_SEED")
    s = int(env, 0) if env else random.SystemRandom().randrange(1 << 32)
    print(f"[{name or 'tb'}] SWM_SEED={s}")
    cocotb.log.info("%s: SWM_SEED=%d (set SWM_SEED to reproduce)", name or "tb", s)
    return s


def scaled(n: int) -> int:
    """Scale a vector count by $SWM_VECTORS (default 1.0)."""
    return max(1, int(round(n * float(os.environ.get("SWM_VECTORS", "1")))))


def pause_generator(rng: random.Random, prob: float) -> Iterator[bool]:
    """Endless seeded pause pattern: True (pause) with probability prob, independently per cycle."""
    while True:
        yield rng.random() < prob


def apply_pauses(model, rng: random.Random, prob: float) -> None:
    """Give a cocotbext-axi source/sink random pauses with probability prob (0 = never pause)."""
    if prob > 0:
        model.set_pause_generator(pause_generator(rng, prob))
    else:
        model.clear_pause_generator()
        model.pause = False


CLOCK_NS = 10.0  # the testbenches' clock period


async def start_clock(dut, period_ns: float = CLOCK_NS) -> None:
    """Start a free-running clock on dut.clk."""
    Clock(dut.clk, period_ns, unit="ns").start()
    await RisingEdge(dut.clk)


async def reset(dut, cycles: int = 4) -> None:
    """Hold the synchronous active-high dut.rst for `cycles` clock edges, then release it."""
    dut.rst.value = 1
    await ClockCycles(dut.clk, cycles)
    dut.rst.value = 0
    await RisingEdge(dut.clk)


async def cycles(dut, n: int) -> None:
    """Wait n rising edges of dut.clk."""
    await ClockCycles(dut.clk, n)


def _bus_log_level(dut, prefix: str) -> None:
    """cocotbext-axi logs every frame at INFO (whole weight images on one line): warnings only unless $V=1."""
    if os.environ.get("V", "0") in ("", "0"):
        logging.getLogger(f"cocotb.{dut._name}.{prefix}").setLevel(logging.WARNING)


def axis_source(dut, prefix: str, bus: AxiStreamBus | None = None, **kw: Any) -> AxiStreamSource:
    """AXI-stream source bound by ``prefix`` (``s_axis_x`` ...) on dut.clk / dut.rst, one byte lane per beat.

    ``bus`` replaces the bus found by prefix (e.g. one without ``tlast``).
    """
    _bus_log_level(dut, prefix)
    bus = bus if bus is not None else AxiStreamBus.from_prefix(dut, prefix)
    return AxiStreamSource(bus, dut.clk, dut.rst, **dict(dict(byte_lanes=1), **kw))


def axis_sink(dut, prefix: str, **kw: Any) -> AxiStreamSink:
    """AXI-stream sink bound by ``prefix`` (``m_axis_y`` ...) on dut.clk / dut.rst, one byte lane per beat."""
    _bus_log_level(dut, prefix)
    return AxiStreamSink(AxiStreamBus.from_prefix(dut, prefix), dut.clk, dut.rst, **dict(dict(byte_lanes=1), **kw))


def compare(got: Sequence, expected: Sequence, what: str, where: Callable[[int], str] | None = None) -> int:
    """Scoreboard: assert ``got == expected`` item by item; the message gives the count and the first mismatch.

    ``where(i)`` may describe item i (e.g. "block 2 sample 5"). Returns the number of items checked.
    """
    got, expected = list(got), list(expected)
    assert len(got) == len(expected), f"{what}: {len(got)} items, expected {len(expected)}"
    bad = [i for i, (g, e) in enumerate(zip(got, expected)) if g != e]
    if bad:
        i = bad[0]
        at = f" ({where(i)})" if where is not None else ""
        raise AssertionError(f"{what}: {len(bad)} of {len(got)} mismatch, first at {i}{at}: "
                             f"rtl {got[i]} != golden {expected[i]}")
    return len(got)


def sim_params() -> dict:
    """RTL parameters of this run, from $SWM_PARAMS (JSON) written by the pytest wrapper."""
    return json.loads(os.environ.get("SWM_PARAMS", "{}"))
