"""cocotb test of hw/swm_round.v and hw/swm_sat.v against swm.fixed.round_shift / saturate."""

from __future__ import annotations

import json
import random
from pathlib import Path

import cocotb
import pytest
from cocotb.triggers import Timer

from verif.common import tb

TOP = "tb_swm_round"
EXHAUSTIVE_BITS = 10  # sweep every input when the width is at most this


def _values(rng: random.Random, width: int, n: int) -> list[int]:
    """Every width-bit signed value if small, else edges + near-powers-of-two + random."""
    lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
    if width <= EXHAUSTIVE_BITS:
        return list(range(lo, hi + 1))
    vals = {lo, lo + 1, -1, 0, 1, hi - 1, hi}
    for b in range(width - 1):
        for d in (-1, 0, 1):
            vals.update({max(lo, min(hi, (1 << b) + d)), max(lo, min(hi, -(1 << b) + d))})
    vals.update(rng.randint(lo, hi) for _ in range(n))
    return sorted(vals)


@cocotb.test()
async def test_round(dut):
    """rnd(v, s) for every shift 0..MAX_SHIFT over exhaustive or edge+random values."""
    from swm.fixed import ROUNDING_MODES, round_shift

    p = tb.sim_params()
    rng = random.Random(tb.seed("swm_round"))
    mode = ROUNDING_MODES[p["ROUND_MODE"]]
    IN_W, OUT_W = p["IN_W"], p["OUT_W"]
    n = 0
    for s in range(p["MAX_SHIFT"] + 1):
        vals = _values(rng, IN_W, tb.scaled(600))
        exp = round_shift(vals, s, mode).tolist()
        dut.r_shift.value = s
        for v, e in zip(vals, exp):
            dut.r_din.value = tb.to_unsigned(v, IN_W)
            await Timer(1, unit="ns")
            got = tb.to_signed(int(dut.r_dout.value), OUT_W)
            assert got == e, f"rnd({v}, {s}) [{mode}]: RTL {got} != golden {e}"
            n += 1
    dut._log.info("checked %d rounding cases", n)


@cocotb.test()
async def test_sat(dut):
    """sat(v, OUT_W) over exhaustive or edge+random IN_W-bit values."""
    from swm.fixed import saturate

    p = tb.sim_params()
    rng = random.Random(tb.seed("swm_sat"))
    IN_W, OUT_W = p["SAT_IN_W"], p["SAT_OUT_W"]
    vals = _values(rng, IN_W, tb.scaled(3000))
    for b in range(1, IN_W):  # values just around the output range
        for edge in ((1 << (OUT_W - 1)) - 1, -(1 << (OUT_W - 1))):
            for d in (-1, 0, 1):
                if -(1 << (IN_W - 1)) <= edge + d < (1 << (IN_W - 1)):
                    vals.append(edge + d)
    exp = saturate(vals, OUT_W).tolist()
    for v, e in zip(vals, exp):
        dut.s_din.value = tb.to_unsigned(v, IN_W)
        await Timer(1, unit="ns")
        got = tb.to_signed(int(dut.s_dout.value), OUT_W)
        assert got == e, f"sat({v}, {OUT_W}): RTL {got} != golden {e}"
    dut._log.info("checked %d saturation cases", len(vals))


# ---------------------------------------------------------------------------------------------
# pytest side
# ---------------------------------------------------------------------------------------------
# (IN_W, OUT_W, MAX_SHIFT, SAT_IN_W, SAT_OUT_W)
SHAPES = {
    "small": (8, 8, 8, 9, 5),
    "wide": (41, 41, 17, 41, 18),
    "mid": (19, 20, 15, 6, 10),
}
QUICK = {("small", 0, "icarus"), ("small", 1, "icarus"), ("wide", 1, "icarus"), ("mid", 0, "icarus")}


def _cases():
    for shape in SHAPES:
        for rm in (0, 1):
            for sim in ("icarus", "verilator"):
                marks = () if (shape, rm, sim) in QUICK else (pytest.mark.slow,)
                yield pytest.param(shape, rm, sim, marks=marks, id=f"{shape}-rm{rm}-{sim}")


@pytest.mark.parametrize("shape,rm,sim", list(_cases()))
def test_swm_round(shape, rm, sim):
    from verif.common.sim import HW, run_cocotb

    in_w, out_w, max_shift, sat_in, sat_out = SHAPES[shape]
    params = dict(IN_W=in_w, OUT_W=out_w, MAX_SHIFT=max_shift, ROUND_MODE=rm, SAT_IN_W=sat_in, SAT_OUT_W=sat_out)
    sources = [HW / "swm_round.v", HW / "swm_sat.v", Path(__file__).with_name("tb_swm_round.v")]
    run_cocotb(
        TOP, sources, "verif.swm_round.test_swm_round", params, sim, f"{shape}-rm{rm}",
        extra_env={"SWM_PARAMS": json.dumps(params)},
    )
