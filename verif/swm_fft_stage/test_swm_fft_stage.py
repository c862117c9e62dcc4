"""cocotb testbench for hw/swm_fft_stage.v alone against swm.golden.fft_stage_int (docs/datapath.md step 1).

The stage is driven directly, so its butterfly inputs can be any IW-bit words: full scale,
negative full scale, the largest differences (a = max, b = min and the reverse), small odd
values whose halving is a rounding tie, both rounding modes, scaled and unscaled, forward and
inverse. That reaches the corners where the multiplier-free path of the last two stages (w in
{1, -+i}) could differ from the rounded product, which the transforms' own tests reach only
through the stages before them. The testbench plays both buffers of swm_fft_core: a source of
committed blocks with a registered read (the word of the address of the previous cycle) and a
destination that can hold two reserved blocks, with random gaps on both sides; it checks every
written word, the block tags, the one-write-per-word rule and the issue-to-write latency.
"""

from __future__ import annotations

import json
import random

import cocotb
import numpy as np
import pytest
from cocotb.triggers import FallingEdge, ReadOnly

from verif.common import tb

TOP = "swm_fft_stage"
# issue -> operands -> sum/dif -> products (or pass-through) -> rounding shift -> write
STAGE_LAT = 4


def _cfg(p: dict):
    from swm.fixed import ROUNDING_MODES, DatapathConfig

    return DatapathConfig(K=p["K"], DW=p["FW"] - 2, FW=p["FW"], TW=p["TW"], AW=62,
                          rounding=ROUNDING_MODES[p["ROUND_MODE"]]).validate()


def make_blocks(rng: random.Random, n: int, K: int, IW: int, stage: int) -> np.ndarray:
    """n blocks (n, K, 2) of IW-bit words: uniform, extremes, extreme butterflies, small (ties)."""
    lo, hi = -(1 << (IW - 1)), (1 << (IW - 1)) - 1
    h = K >> (stage + 1)
    out = np.zeros((n, K, 2), dtype=np.int64)
    for b in range(n):
        kind = rng.randrange(7)
        if kind <= 1:
            z = [[rng.randint(lo, hi) for _ in range(2)] for _ in range(K)]
        elif kind == 2:
            z = [[rng.choice((lo, hi)) for _ in range(2)] for _ in range(K)]
        elif kind == 3:
            # largest differences: a = +-full scale, b = the other end, per component
            z = [[0, 0] for _ in range(K)]
            for g in range(0, K, 2 * h):
                for i in range(h):
                    for c in range(2):
                        a = rng.choice((lo, hi, lo + 1))
                        z[g + i][c], z[g + i + h][c] = a, (hi if a < 0 else lo)
        elif kind == 4:
            z = [[rng.randint(-3, 3) for _ in range(2)] for _ in range(K)]
        elif kind == 5:
            z = [[rng.choice((lo, hi, lo + 1, hi - 1, -1, 0, 1)) for _ in range(2)] for _ in range(K)]
        else:
            c = [rng.choice((lo, hi)), rng.choice((lo, hi))]
            z = [list(c) for _ in range(K)]
        out[b] = z
    return out


class TB:
    """swm_fft_stage between a modelled source buffer (registered reads) and destination buffer."""

    def __init__(self, dut):
        self.dut = dut
        self.p = tb.sim_params()
        self.K, self.IW, self.FW = self.p["K"], self.p["IW"], self.p["FW"]
        self.cfg = _cfg(self.p)
        dut.rst.value = 1
        dut.src_avail.value = 0
        dut.src_tag.value = 0
        dut.src_data0.value = 0
        dut.src_data1.value = 0
        dut.dst_can_reserve.value = 0

    def expected(self, block: np.ndarray) -> list[tuple[int, int]]:
        from swm.golden import fft_stage_int

        z = fft_stage_int(block, self.p["STAGE"], self.p["SCALE"], bool(self.p["INVERSE"]), self.cfg)
        return [(int(r), int(i)) for r, i in z.tolist()]

    def word(self, z) -> int:
        IW = self.IW
        return (tb.to_unsigned(int(z[0]), IW) << IW) | tb.to_unsigned(int(z[1]), IW)

    def unword(self, w: int) -> tuple[int, int]:
        FW = self.FW
        return tb.to_signed(w >> FW, FW), tb.to_signed(w & ((1 << FW) - 1), FW)

    async def run(self, blocks: np.ndarray, tags: list[int], rng: random.Random, p_src: float, p_dst: float) -> int:
        """Stream the blocks through; check every committed block against the golden stage."""
        dut, K = self.dut, self.K
        src = list(range(len(blocks)))  # committed source blocks, head first
        data = (0, 0)                   # registered read data for the next cycle
        reserved = 0                    # destination blocks reserved and not yet committed
        starts: list[int] = []          # cycle of each block's first issue
        writes: dict[int, tuple[int, int]] = {}
        first_write = None
        done = 0
        cycle = 0
        while done < len(blocks):
            await FallingEdge(dut.clk)
            cycle += 1
            assert cycle < 20 * K * (len(blocks) + 4), f"stuck: {done} of {len(blocks)} blocks after {cycle} cycles"
            can_reserve = reserved < 2 and rng.random() >= p_dst
            dut.src_avail.value = int(bool(src) and rng.random() >= p_src)
            dut.src_tag.value = tags[src[0]] if src else 0
            dut.src_data0.value, dut.src_data1.value = data
            dut.dst_can_reserve.value = int(can_reserve)
            await ReadOnly()
            if src:
                a0, a1 = int(dut.src_addr0.value), int(dut.src_addr1.value)
                data = (self.word(blocks[src[0]][a0]), self.word(blocks[src[0]][a1]))
            if int(dut.dst_reserve.value):
                assert can_reserve, "dst_reserve while dst_can_reserve = 0"
                assert src, "dst_reserve with no committed source block"
                reserved += 1
                starts.append(cycle)
            if int(dut.src_release.value):
                assert src, "src_release with no source block"
                src.pop(0)
            if int(dut.dst_en.value):
                if first_write is None:
                    first_write = cycle
                for a, d in ((dut.dst_addr0, dut.dst_data0), (dut.dst_addr1, dut.dst_data1)):
                    addr = int(a.value)
                    assert addr not in writes, f"block {done}: word {addr} written twice"
                    writes[addr] = self.unword(int(d.value))
            if int(dut.dst_commit.value):
                assert reserved > 0, "dst_commit without a reserved block"
                assert sorted(writes) == list(range(K)), f"block {done}: words written {sorted(writes)}"
                assert first_write - starts[done] == STAGE_LAT, (
                    f"block {done}: first write {first_write - starts[done]} cycles after issue, expected {STAGE_LAT}")
                assert int(dut.dst_tag.value) == tags[done], f"block {done}: dst_tag {int(dut.dst_tag.value)}"
                tb.compare([writes[a] for a in range(K)], self.expected(blocks[done]), f"block {done} (words)",
                           lambda k, b=done: f"word {k}; input {blocks[b].tolist()}")
                reserved -= 1
                writes, first_write = {}, None
                done += 1
        return done


@cocotb.test()
async def test_corners(dut):
    """Random and corner blocks under random source and destination gaps, then back to back."""
    t = TB(dut)
    rng = random.Random(tb.seed(f"{TOP} test_corners"))
    await tb.start_clock(dut)
    await tb.reset(dut)
    n = int(t.p.get("BLOCKS", 64))
    total = 0
    for p_src, p_dst in ((0.0, 0.0), (0.5, 0.3), (0.2, 0.8)):
        blocks = make_blocks(rng, n, t.K, t.IW, t.p["STAGE"])
        tags = [rng.randrange(2) for _ in range(n)]
        total += await t.run(blocks, tags, rng, p_src, p_dst)
    await FallingEdge(dut.clk)
    dut.src_avail.value = 0
    for _ in range(4 * STAGE_LAT):
        await FallingEdge(dut.clk)
        assert not int(dut.dst_en.value), "write after the last block"
    dut._log.info("checked %d blocks", total)


# ---------------------------------------------------------------------------------------------
# pytest side
# ---------------------------------------------------------------------------------------------
WIDTHS = {"w16": dict(FW=18, TW=16), "w8": dict(FW=8, TW=6)}

# (K, STAGE, INVERSE, SCALE, ROUND_MODE, widths, wide input (IW = FW + 1), sim)
QUICK = [
    (8, 1, 0, 1, 1, "w16", False, "icarus"),   # w in {1, -i}, halving, convergent
    (8, 1, 1, 0, 0, "w16", False, "icarus"),   # w in {1, +i}, unscaled (saturates), half_up
    (8, 2, 0, 1, 0, "w16", False, "icarus"),   # w = 1
    (4, 0, 1, 1, 1, "w16", True, "icarus"),    # the first inverse stage of K = 4: 19-bit input
    (16, 1, 1, 0, 1, "w8", True, "icarus"),    # a multiplier stage, narrow words
    (16, 2, 1, 0, 1, "w16", False, "verilator"),
]


def _cases():
    seen = set()
    for c in QUICK:
        seen.add(c)
        yield pytest.param(*c, id=_id(c))
    for K in (4, 8, 16):
        for s in range(K.bit_length() - 1):
            for inv in (0, 1):
                for scale in (0, 1):
                    for rm in (0, 1):
                        for w in WIDTHS:
                            c = (K, s, inv, scale, rm, w, s == 0 and inv == 1, "icarus")
                            if c not in seen:
                                yield pytest.param(*c, marks=pytest.mark.slow, id=_id(c))
    for K, s in ((4, 0), (4, 1), (8, 1), (8, 2), (16, 0)):
        c = (K, s, 1, 1, 1, "w16", s == 0, "verilator")
        yield pytest.param(*c, marks=pytest.mark.slow, id=_id(c))


def _id(c: tuple) -> str:
    K, s, inv, scale, rm, w, wide, sim = c
    return f"K{K}-s{s}-{'inv' if inv else 'fwd'}-sc{scale}-rm{rm}-{w}{'-iw+1' if wide else ''}-{sim}"


@pytest.mark.parametrize("K,stage,inverse,scale,rm,widths,wide,sim", list(_cases()))
def test_swm_fft_stage(request, K, stage, inverse, scale, rm, widths, wide, sim):
    from verif.common.gen_roms import rom_file
    from verif.common.sim import BUILD, run_cocotb, top_sources

    slow = request.node.get_closest_marker("slow") is not None
    w = WIDTHS[widths]
    params = dict(K=K, STAGE=stage, IW=w["FW"] + int(wide), FW=w["FW"], TW=w["TW"], ROUND_MODE=rm, SCALE=scale,
                  INVERSE=inverse)
    rom = rom_file(K, w["TW"], BUILD / TOP / "rom")
    blocks = tb.scaled((120 if slow else 60) * 8 // K)
    run_cocotb(TOP, top_sources(TOP), f"verif.{TOP}.test_{TOP}", dict(params, TWIDDLE_FILE=str(rom)), sim,
               _id((K, stage, inverse, scale, rm, widths, wide, sim)).rsplit("-", 1)[0],
               extra_env={"SWM_PARAMS": json.dumps(dict(params, BLOCKS=blocks))})


# the ECP5 branch of hw/swm_dsp_mul.v: each product from a MULT18X18D with its output register, as
# the ECP5 flow configures it (verif/common/ecp5_mult18x18d.v models that configuration); the
# cases split the difference (IW + 1 > 18 bits) or not, in both directions
ECP5_CASES = [
    pytest.param(16, 0, 0, 1, 0, "w16", True, "icarus", id="K16-s0-fwd-sc1-rm0-w16-iw+1-icarus"),
    pytest.param(16, 1, 1, 0, 1, "w8", False, "icarus", marks=pytest.mark.slow, id="K16-s1-inv-sc0-rm1-w8-icarus"),
    pytest.param(16, 0, 1, 1, 1, "w16", True, "verilator", marks=pytest.mark.slow,
                 id="K16-s0-inv-sc1-rm1-w16-iw+1-verilator"),
    pytest.param(32, 2, 0, 0, 0, "w16", False, "verilator", marks=pytest.mark.slow,
                 id="K32-s2-fwd-sc0-rm0-w16-verilator"),
]


@pytest.mark.parametrize("K,stage,inverse,scale,rm,widths,wide,sim", ECP5_CASES)
def test_swm_fft_stage_ecp5_dsp(K, stage, inverse, scale, rm, widths, wide, sim):
    """SWM_ECP5_DSP defined: the same stage, bit for bit and cycle for cycle, with the DSP primitive."""
    from verif.common.gen_roms import rom_file
    from verif.common.sim import BUILD, ECP5_DSP_DEFINES, ECP5_DSP_MODEL, run_cocotb, top_sources

    w = WIDTHS[widths]
    params = dict(K=K, STAGE=stage, IW=w["FW"] + int(wide), FW=w["FW"], TW=w["TW"], ROUND_MODE=rm, SCALE=scale,
                  INVERSE=inverse)
    rom = rom_file(K, w["TW"], BUILD / TOP / "rom")
    run_cocotb(TOP, [ECP5_DSP_MODEL, *top_sources(TOP)], f"verif.{TOP}.test_{TOP}",
               dict(params, TWIDDLE_FILE=str(rom)), sim,
               "ecp5-" + _id((K, stage, inverse, scale, rm, widths, wide, sim)).rsplit("-", 1)[0],
               extra_env={"SWM_PARAMS": json.dumps(dict(params, BLOCKS=tb.scaled(60 * 8 // K)))},
               defines=ECP5_DSP_DEFINES)
