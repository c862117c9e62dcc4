"""cocotb testbench for hw/swm_irfft.v against swm.golden.ifft_int (docs/datapath.md step 3)."""

from __future__ import annotations

import random

import cocotb
import numpy as np
import pytest

from verif.common import block_stream_tb as bst
from verif.common import tb

TOP = "swm_irfft"


def _cfg(p: dict):
    from swm.fixed import ROUNDING_MODES, DatapathConfig

    L = p["K"].bit_length() - 1
    return DatapathConfig(
        K=p["K"], DW=p["FW"] - 2, FW=p["FW"], TW=p["TW"], AW=62, rounding=ROUNDING_MODES[p["ROUND_MODE"]],
        ifft_scale=tuple((p["SCALE"] >> s) & 1 for s in range(L)),
    ).validate()


def make_spectra(rng: random.Random, n: int, cfg) -> np.ndarray:
    """n packed FW-bit spectra (n, S, 2): uniform, extremes (incl. -2^(FW-1)), sparse, and FFTs of blocks."""
    from swm.golden import fft_int

    K, S, FW = cfg.K, cfg.S, cfg.FW
    lo, hi = -(1 << (FW - 1)), (1 << (FW - 1)) - 1
    out = np.zeros((n, S, 2), dtype=np.int64)
    for b in range(n):
        kind = rng.randrange(8)
        if kind <= 1:
            v = [[rng.randint(lo, hi) for _ in range(2)] for _ in range(S)]
        elif kind == 2:
            v = [[rng.choice((lo, hi)) for _ in range(2)] for _ in range(S)]
        elif kind == 3:
            v = [[rng.choice((lo, hi, 0)), lo] for _ in range(S)]
        elif kind == 4:
            v = [[0, 0] for _ in range(S)]
            v[rng.randrange(S)] = [rng.choice((lo, hi)), rng.choice((lo, hi))]
        elif kind == 5:
            v = [[rng.randint(-3, 3) for _ in range(2)] for _ in range(S)]
        else:
            lo_x, hi_x = -(1 << (cfg.DW - 1)), (1 << (cfg.DW - 1)) - 1
            x = np.array([rng.randint(lo_x, hi_x) for _ in range(K)], dtype=np.int64)
            v = fft_int(x, cfg).tolist()
        out[b] = v
    return out


class TB(bst.BlockStreamTB):
    """swm_irfft testbench: S = K/2 packed {re, im} FW-bit slots in, K FW-bit samples out per block."""

    item = "sample"
    stimulus = "input spectrum"

    def __init__(self, dut):
        super().__init__(dut)
        self.FW = self.p["FW"]

    def make_cfg(self, p: dict):
        return _cfg(p)

    @property
    def out_per_block(self) -> int:
        return self.K

    def expected(self, spectra: np.ndarray) -> list[int]:
        from swm.golden import ifft_int

        return [int(v) for v in ifft_int(spectra, self.cfg).reshape(-1)]

    def pack(self, spectra: np.ndarray) -> list[int]:
        FW = self.FW
        return [(tb.to_unsigned(re, FW) << FW) | tb.to_unsigned(im, FW) for re, im in spectra.reshape(-1, 2).tolist()]

    def unpack(self, words: list[int]) -> list[int]:
        return [tb.to_signed(w, self.FW) for w in words]


def _make(rng: random.Random, n: int, t: TB) -> np.ndarray:
    return make_spectra(rng, n, t.cfg)


@cocotb.test()
async def test_random(dut):
    """Random and extreme spectra in multi-block frames under random idles and backpressure."""
    await bst.random_test(dut, TB, TOP, _make)


@cocotb.test()
async def test_throughput(dut):
    """No pauses: one output sample per clock; steady state <= K cycles per block."""
    await bst.throughput_test(dut, TB, TOP, _make)


# ---------------------------------------------------------------------------------------------
# pytest side
# ---------------------------------------------------------------------------------------------
WIDTHS = {"w16": dict(FW=18, TW=16), "w12": dict(FW=14, TW=12)}
# extra width corners, slow only: wide FW with a narrow twiddle, narrow FW
EXTRA_WIDTHS = {"f24t10": dict(FW=24, TW=10), "f8": dict(FW=8, TW=16)}

QUICK = [
    (4, 1, "w16", "all", "icarus"),
    (16, 0, "w12", "alt", "icarus"),
    (64, 1, "w16", "all", "icarus"),
    (8, 0, "w16", "all", "verilator"),
]


@pytest.mark.parametrize(bst.PARAM_NAMES, list(bst.cases(WIDTHS, EXTRA_WIDTHS, QUICK)))
def test_swm_irfft(request, K, rm, widths, scale, sim):
    bst.run_case(TOP, request, K, rm, widths, scale, sim, {**WIDTHS, **EXTRA_WIDTHS})


@pytest.mark.parametrize("sim", ["icarus", "verilator"])
def test_swm_irfft_wrong_rom(sim):
    """A twiddle ROM of another K stops elaboration with a message naming the right file."""
    from verif.common.sim import HW, top_sources
    from verif.swm_bc_layer.elab import elaboration_output

    sources = top_sources(TOP)
    rom = HW / "rom" / "swm_twiddle_k8_tw16.hex"
    out = elaboration_output(TOP, sources, dict(K=16, TWIDDLE_FILE=f'"{rom}"'), sim)
    assert "is not the twiddle ROM of K = 16, TW = 16: use hw/rom/swm_twiddle_k16_tw16.hex" in out, out
