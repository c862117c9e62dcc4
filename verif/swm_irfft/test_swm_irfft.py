"""cocotb testbench for hw/swm_irfft.v against swm.golden.ifft_int (docs/datapath.md step 3)."""

from __future__ import annotations

import json
import random

import cocotb
import numpy as np
import pytest
from cocotb.triggers import RisingEdge, with_timeout
from cocotbext.axi import AxiStreamBus, AxiStreamFrame, AxiStreamSink, AxiStreamSource

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


class TB:
    """swm_irfft testbench: clock, reset, AXI-stream source/sink, pause generators, golden model."""

    def __init__(self, dut):
        self.dut = dut
        self.p = tb.sim_params()
        self.K, self.FW = self.p["K"], self.p["FW"]
        self.S = self.K // 2
        self.cfg = _cfg(self.p)
        dut.rst.value = 1  # hold reset from time 0 so the bus models never sample X
        self.source = AxiStreamSource(AxiStreamBus.from_prefix(dut, "s_axis"), dut.clk, dut.rst, byte_lanes=1)
        self.sink = AxiStreamSink(AxiStreamBus.from_prefix(dut, "m_axis"), dut.clk, dut.rst, byte_lanes=1)

    async def init(self) -> None:
        await tb.start_clock(self.dut)
        await tb.reset(self.dut)

    def set_pauses(self, rng: random.Random, p_in: float, p_out: float) -> None:
        tb.apply_pauses(self.source, rng, p_in)
        tb.apply_pauses(self.sink, rng, p_out)

    def expected(self, spectra: np.ndarray) -> list[int]:
        from swm.golden import ifft_int

        return [int(v) for v in ifft_int(spectra, self.cfg).reshape(-1)]

    async def run_frames(self, frames: list[np.ndarray], timeout_us: float) -> int:
        """Send frames (each (nblocks, S, 2)), receive and check each; return blocks checked."""
        exp = [self.expected(f) for f in frames]
        FW = self.FW

        async def receive():
            for i, e in enumerate(exp):
                rx = await with_timeout(self.sink.recv(), timeout_us, "us")
                got = [tb.to_signed(w, FW) for w in rx.tdata]
                assert len(got) == len(e), f"frame {i}: {len(got)} samples, expected {len(e)}"
                for k, (g, x) in enumerate(zip(got, e)):
                    assert g == x, (
                        f"frame {i} block {k // self.K} sample {k % self.K}: RTL {g} != golden {x}; "
                        f"input spectrum {frames[i][k // self.K].tolist()}"
                    )

        rx_task = cocotb.start_soon(receive())
        for f in frames:
            words = [(tb.to_unsigned(re, FW) << FW) | tb.to_unsigned(im, FW) for re, im in f.reshape(-1, 2).tolist()]
            await self.source.send(AxiStreamFrame(words))
        await rx_task
        return sum(f.shape[0] for f in frames)


@cocotb.test()
async def test_random(dut):
    """Random and extreme spectra in multi-block frames under random idles and backpressure."""
    t = TB(dut)
    rng = random.Random(tb.seed(f"{TOP} test_random"))
    await t.init()
    nblk = int(t.p.get("BLOCKS", 64))
    phases = [(0.0, 0.0), (0.5, 0.0), (0.0, 0.6), (0.3, 0.3), (0.85, 0.85), (0.1, 0.9)]
    total = 0
    for p_in, p_out in phases:
        t.set_pauses(rng, p_in, p_out)
        dut._log.info("phase: input pause %.2f, output pause %.2f", p_in, p_out)
        blocks = make_spectra(rng, max(2, nblk // len(phases)), t.cfg)
        frames, i = [], 0
        while i < len(blocks):
            n = rng.choice((1, 1, 1, 2, 3))
            frames.append(blocks[i : i + n])
            i += n
        total += await t.run_frames(frames, timeout_us=50 + 2 * len(blocks) * t.K)
    await tb.cycles(dut, 10 * t.K)
    assert t.sink.empty(), "sink holds unexpected output"
    assert not int(dut.m_axis_tvalid.value), "extra output word after the last block"
    dut._log.info("checked %d blocks", total)


@cocotb.test()
async def test_throughput(dut):
    """No pauses: one output sample per clock; steady state <= K cycles per block."""
    t = TB(dut)
    rng = random.Random(tb.seed(f"{TOP} test_throughput"))
    await t.init()
    n = 24
    blocks = make_spectra(rng, n, t.cfg)
    cycle = 0
    done: list[int] = []
    first_in: list[int] = []

    async def monitor():
        nonlocal cycle
        words = 0
        while True:
            await RisingEdge(dut.clk)
            cycle += 1
            if not first_in and int(dut.s_axis_tvalid.value) and int(dut.s_axis_tready.value):
                first_in.append(cycle)
            if int(dut.m_axis_tvalid.value) and int(dut.m_axis_tready.value):
                words += 1
                if words % t.K == 0:
                    done.append(cycle)

    mon = cocotb.start_soon(monitor())
    await t.run_frames([blocks], timeout_us=100 + 4 * n * t.K)
    mon.cancel()
    latency = done[0] - first_in[0]
    steady = (done[-1] - done[n // 2]) / (n - 1 - n // 2)
    dut._log.info("K=%d: first block out after %d cycles, steady state %.2f cycles/block", t.K, latency, steady)
    assert steady <= t.K, f"steady state {steady} cycles per block > K = {t.K}"
    assert done[-1] - first_in[0] <= n * t.K + latency, "total cycles exceed N*K + latency"
    assert t.sink.empty()


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


def _cases():
    for K in (4, 8, 16, 64):
        for rm in (0, 1):
            for w in WIDTHS:
                for scale in ("all", "alt"):
                    for sim in ("icarus", "verilator"):
                        c = (K, rm, w, scale, sim)
                        marks = () if c in QUICK else (pytest.mark.slow,)
                        yield pytest.param(*c, marks=marks, id=f"K{K}-rm{rm}-{w}-{scale}-{sim}")
    for K in (4, 32):
        for w in EXTRA_WIDTHS:
            for sim in ("icarus", "verilator"):
                yield pytest.param(K, 1, w, "all", sim, marks=pytest.mark.slow, id=f"K{K}-rm1-{w}-all-{sim}")


def scale_mask(K: int, scale: str) -> int:
    """Stage mask: 'all' = every stage halves; 'alt' = odd stages do not (exercises saturation)."""
    L = K.bit_length() - 1
    full = (1 << L) - 1
    return full if scale == "all" else full & 0x55555555


def tb_blocks(K: int, slow: bool) -> int:
    """Random blocks per case (scaled by $SWM_VECTORS)."""
    return tb.scaled((400 if slow else 120) * (16 // min(K, 16)) // (4 if K >= 64 else 1))


@pytest.mark.parametrize("K,rm,widths,scale,sim", list(_cases()))
def test_swm_irfft(request, K, rm, widths, scale, sim):
    from verif.common.gen_roms import rom_file
    from verif.common.sim import BUILD, HW, run_cocotb

    slow = request.node.get_closest_marker("slow") is not None
    w = {**WIDTHS, **EXTRA_WIDTHS}[widths]
    case = f"K{K}-rm{rm}-{widths}-{scale}"
    rom = rom_file(K, w["TW"], BUILD / TOP / "rom")
    params = dict(K=K, ROUND_MODE=rm, SCALE=scale_mask(K, scale), **w)
    env_params = dict(params, BLOCKS=tb_blocks(K, slow))
    sources = [HW / line.strip() for line in (HW / f"{TOP}.f").read_text().splitlines() if line.strip()]
    run_cocotb(
        TOP, sources, f"verif.{TOP}.test_{TOP}", dict(params, TWIDDLE_FILE=f'"{rom}"'), sim, case,
        extra_env={"SWM_PARAMS": json.dumps(env_params)},
    )
