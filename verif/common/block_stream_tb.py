"""Shared testbench for block-streaming AXI-stream RTL (one block in, one block out): swm_rfft, swm_irfft.

cocotb side:
    BlockStreamTB          base TB class: clock, reset, s_axis source / m_axis sink bound by prefix,
                           pause generators and a frame scoreboard; a subclass supplies the golden
                           model (expected), the port packing (pack/unpack) and the block geometry.
    await random_test(...)      random/extreme blocks in multi-block frames under six pause phases.
    await throughput_test(...)  no pauses: steady state <= K cycles per block, total <= N*K + latency.

pytest side:
    PARAM_NAMES, cases(...), scale_mask(K, scale), tb_blocks(K, slow), run_case(...): the
    parametrization grid (K x rounding x widths x scale x simulator, quick/slow split) and the
    run_cocotb call with the RTL parameters and $SWM_PARAMS.
"""

from __future__ import annotations

import json
import random
from typing import Callable, Iterator, Mapping, Sequence

import cocotb
import numpy as np
import pytest
from cocotb.triggers import RisingEdge, with_timeout
from cocotbext.axi import AxiStreamFrame

from verif.common import tb
from verif.common.monitor import ProtocolMonitor

# pause probabilities (input, output) of the phases of random_test
PHASES = [(0.0, 0.0), (0.5, 0.0), (0.0, 0.6), (0.3, 0.3), (0.85, 0.85), (0.1, 0.9)]


class BlockStreamTB:
    """Base testbench: clock, reset, AXI-stream source/sink, pause generators, frame scoreboard.

    Subclasses set ``item`` (name of one output word in messages), ``stimulus`` (name of one input
    block in messages) and implement ``make_cfg``, ``out_per_block``, ``expected``, ``pack`` and
    ``unpack``.
    """

    item = "word"
    stimulus = "input block"

    def __init__(self, dut):
        self.dut = dut
        self.p = tb.sim_params()
        self.K = self.p["K"]
        self.S = self.K // 2
        self.cfg = self.make_cfg(self.p)
        dut.rst.value = 1  # hold reset from time 0 so the bus models never sample X
        self.source = tb.axis_source(dut, "s_axis")
        self.sink = tb.axis_sink(dut, "m_axis")
        self.monitor = ProtocolMonitor(dut, ("s_axis", "m_axis"), name=f"{type(self).__module__} monitor").start()

    # --- supplied by the subclass -------------------------------------------------------------
    def make_cfg(self, p: dict):
        """swm.fixed.DatapathConfig of this run's RTL parameters."""
        raise NotImplementedError

    @property
    def out_per_block(self) -> int:
        """Output words per block."""
        raise NotImplementedError

    def expected(self, frame: np.ndarray) -> list:
        """Golden output words (decoded) of one frame of input blocks."""
        raise NotImplementedError

    def pack(self, frame: np.ndarray) -> list[int]:
        """Input tdata words of one frame of input blocks."""
        raise NotImplementedError

    def unpack(self, words: list[int]) -> list:
        """Decode received tdata words."""
        raise NotImplementedError

    # --- shared -------------------------------------------------------------------------------
    async def init(self) -> None:
        """Start the clock and reset the DUT."""
        await tb.start_clock(self.dut)
        await tb.reset(self.dut)

    def set_pauses(self, rng: random.Random, p_in: float, p_out: float) -> None:
        """Random input idles with probability p_in, output backpressure with probability p_out."""
        tb.apply_pauses(self.source, rng, p_in)
        tb.apply_pauses(self.sink, rng, p_out)

    async def run_frames(self, frames: list[np.ndarray], timeout_us: float) -> int:
        """Send frames (each a stack of input blocks), receive and check each; return blocks checked."""
        exp = [self.expected(f) for f in frames]
        n = self.out_per_block

        async def receive():
            for i, e in enumerate(exp):
                rx = await with_timeout(self.sink.recv(), timeout_us, "us")
                tb.compare(self.unpack(rx.tdata), e, f"frame {i} ({self.item}s)",
                           lambda k, i=i: f"block {k // n} {self.item} {k % n}; "
                                          f"{self.stimulus} {frames[i][k // n].tolist()}")

        rx_task = cocotb.start_soon(receive())
        for f in frames:
            await self.source.send(AxiStreamFrame(self.pack(f)))
        await rx_task
        return sum(f.shape[0] for f in frames)


MakeBlocks = Callable[[random.Random, int, BlockStreamTB], np.ndarray]


async def random_test(dut, tb_cls: type[BlockStreamTB], top: str, make: MakeBlocks) -> None:
    """Random and extreme blocks (make(rng, n, t)) in multi-block frames under random idles and backpressure."""
    t = tb_cls(dut)
    rng = random.Random(tb.seed(f"{top} test_random"))
    await t.init()
    nblk = int(t.p.get("BLOCKS", 64))
    total = 0
    for p_in, p_out in PHASES:
        t.set_pauses(rng, p_in, p_out)
        dut._log.info("phase: input pause %.2f, output pause %.2f", p_in, p_out)
        blocks = make(rng, max(2, nblk // len(PHASES)), t)
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


async def throughput_test(dut, tb_cls: type[BlockStreamTB], top: str, make: MakeBlocks, n: int = 24) -> None:
    """No pauses: n blocks in one frame; steady state <= K cycles per block, total <= n*K + latency."""
    t = tb_cls(dut)
    rng = random.Random(tb.seed(f"{top} test_throughput"))
    await t.init()
    blocks = make(rng, n, t)
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
                if words % t.out_per_block == 0:
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
PARAM_NAMES = "K,rm,widths,scale,sim"


def cases(widths: Mapping[str, dict], extra_widths: Mapping[str, dict], quick: Sequence[tuple]) -> Iterator:
    """pytest params (K, rm, widths, scale, sim): the full grid over `widths` (slow unless in `quick`)
    plus `extra_widths` corners at K = 4 and 32 (slow only)."""
    for K in (4, 8, 16, 64):
        for rm in (0, 1):
            for w in widths:
                for scale in ("all", "alt"):
                    for sim in ("icarus", "verilator"):
                        c = (K, rm, w, scale, sim)
                        marks = () if c in quick else (pytest.mark.slow,)
                        yield pytest.param(*c, marks=marks, id=f"K{K}-rm{rm}-{w}-{scale}-{sim}")
    for K in (4, 32):
        for w in extra_widths:
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


def run_case(
    top: str, request, K: int, rm: int, widths: str, scale: str, sim: str, width_sets: Mapping[str, dict]
) -> None:
    """Build hw/<top>.f with the case's parameters and twiddle ROM, run verif.<top>.test_<top> on sim."""
    from verif.common.gen_roms import rom_file
    from verif.common.sim import BUILD, run_cocotb, top_sources

    slow = request.node.get_closest_marker("slow") is not None
    w = width_sets[widths]
    case = f"K{K}-rm{rm}-{widths}-{scale}"
    rom = rom_file(K, w["TW"], BUILD / top / "rom")
    params = dict(K=K, ROUND_MODE=rm, SCALE=scale_mask(K, scale), **w)
    env_params = dict(params, BLOCKS=tb_blocks(K, slow))
    run_cocotb(
        top, top_sources(top), f"verif.{top}.test_{top}", dict(params, TWIDDLE_FILE=str(rom)), sim, case,
        extra_env={"SWM_PARAMS": json.dumps(env_params)},
    )
