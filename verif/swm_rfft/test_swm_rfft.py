"""cocotb testbench for hw/swm_rfft.v against swm.golden.fft_int (docs/datapath.md step 1)."""

from __future__ import annotations

import random

import cocotb
import numpy as np
import pytest

from verif.common import block_stream_tb as bst
from verif.common import tb

TOP = "swm_rfft"


def _cfg(p: dict):
    from swm.fixed import ROUNDING_MODES, DatapathConfig

    L = p["K"].bit_length() - 1
    return DatapathConfig(
        K=p["K"], DW=p["DW"], FW=p["FW"], TW=p["TW"], AW=62, rounding=ROUNDING_MODES[p["ROUND_MODE"]],
        fft_scale=tuple((p["SCALE"] >> s) & 1 for s in range(L)),
    ).validate()


def make_blocks(rng: random.Random, n: int, K: int, DW: int) -> np.ndarray:
    """n random DW-bit blocks of K samples: uniform, full-scale extremes, impulses, small values."""
    lo, hi = -(1 << (DW - 1)), (1 << (DW - 1)) - 1
    out = np.zeros((n, K), dtype=np.int64)
    for b in range(n):
        kind = rng.randrange(9)
        if kind <= 2:
            v = [rng.randint(lo, hi) for _ in range(K)]
        elif kind == 3:
            v = [rng.choice((lo, hi)) for _ in range(K)]
        elif kind == 4:
            c = rng.choice((lo, hi, 0, -1, 1))
            v = [c] * K
        elif kind == 5:
            v = [lo if (i & 1) else hi for i in range(K)] if rng.random() < 0.5 else [hi if (i & 1) else lo for i in range(K)]
        elif kind == 6:
            v = [0] * K
            v[rng.randrange(K)] = rng.choice((lo, hi))
        elif kind == 7:
            v = [rng.randint(-4, 4) for _ in range(K)]
        else:
            a = rng.choice((lo, hi))
            v = [a if rng.random() < 0.7 else rng.randint(lo, hi) for _ in range(K)]
        out[b] = v
    return out


class TB(bst.BlockStreamTB):
    """swm_rfft testbench: K DW-bit samples in, S = K/2 packed {re, im} FW-bit slots out per block."""

    item = "slot"
    stimulus = "input block"

    def __init__(self, dut):
        super().__init__(dut)
        self.DW, self.FW = self.p["DW"], self.p["FW"]

    def make_cfg(self, p: dict):
        return _cfg(p)

    @property
    def out_per_block(self) -> int:
        return self.S

    def expected(self, blocks: np.ndarray) -> list[tuple[int, int]]:
        from swm.golden import fft_int

        X = fft_int(blocks, self.cfg)
        return [(int(X[b, m, 0]), int(X[b, m, 1])) for b in range(X.shape[0]) for m in range(self.S)]

    def pack(self, blocks: np.ndarray) -> list[int]:
        return [tb.to_unsigned(v, self.DW) for v in blocks.reshape(-1).tolist()]

    def unpack(self, words: list[int]) -> list[tuple[int, int]]:
        FW = self.FW
        return [(tb.to_signed(w >> FW, FW), tb.to_signed(w, FW)) for w in words]


def _make(rng: random.Random, n: int, t: TB) -> np.ndarray:
    return make_blocks(rng, n, t.K, t.DW)


@cocotb.test()
async def test_random(dut):
    """Random and extreme blocks in multi-block frames under random idles and backpressure."""
    await bst.random_test(dut, TB, TOP, _make)


@cocotb.test()
async def test_throughput(dut):
    """No pauses: blocks stream at one sample per clock; steady state <= K cycles per block."""
    await bst.throughput_test(dut, TB, TOP, _make)


# ---------------------------------------------------------------------------------------------
# pytest side
# ---------------------------------------------------------------------------------------------
WIDTHS = {"w16": dict(DW=16, FW=18, TW=16), "w12": dict(DW=12, FW=14, TW=12)}
# extra width corners, slow only: PRE = 0 (FW = DW + 1) and a wide PRE with a narrow twiddle
EXTRA_WIDTHS = {"pre0": dict(DW=16, FW=17, TW=16), "pre7": dict(DW=8, FW=16, TW=10)}

QUICK = [
    (4, 0, "w16", "all", "icarus"),
    (16, 1, "w12", "alt", "icarus"),
    (64, 0, "w16", "all", "icarus"),
    (16, 0, "w16", "all", "verilator"),
]


@pytest.mark.parametrize(bst.PARAM_NAMES, list(bst.cases(WIDTHS, EXTRA_WIDTHS, QUICK)))
def test_swm_rfft(request, K, rm, widths, scale, sim):
    bst.run_case(TOP, request, K, rm, widths, scale, sim, {**WIDTHS, **EXTRA_WIDTHS})


@pytest.mark.parametrize("sim", ["icarus", "verilator"])
def test_swm_rfft_wrong_rom(sim):
    """A twiddle ROM of another TW stops elaboration with a message naming the right file."""
    from verif.common.sim import HW, top_sources
    from verif.swm_bc_layer.elab import elaboration_output

    sources = top_sources(TOP)
    rom = HW / "rom" / "swm_twiddle_k16_tw12.hex"
    out = elaboration_output(TOP, sources, dict(K=16, TW=16, TWIDDLE_FILE=f'"{rom}"'), sim)
    assert "is not the twiddle ROM of K = 16, TW = 16: use hw/rom/swm_twiddle_k16_tw16.hex" in out, out
