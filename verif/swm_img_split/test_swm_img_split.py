"""Image-level replication (swm_img_split, swm_img_merge, swm_axis_bcast) through tb_swm_img_repl.

Split -> N copy FIFOs -> merge: random images (1 to 3 FIFO depths long) with random source idles,
random sink backpressure and a random hold on every copy's output (the copies drain at different
rates) must come out whole and in order, and image i must have entered copy i mod N (every beat
watched). The broadcast: every output gets every beat exactly once, in order, under random
per-output readiness, and an offered beat stays valid and stable until its output takes it.
The stream rules are checked on the outer ports by the project's monitor.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from verif.common.sim import HW, SIMULATORS, run_cocotb

try:
    import cocotb
    from cocotb.triggers import ReadOnly, RisingEdge, with_timeout
    from cocotbext.axi import AxiStreamFrame
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "tb_swm_img_repl"

if cocotb is not None:
    from verif.common import tb as tbh
    from verif.common.monitor import ProtocolMonitor

    async def _random_bits(dut, signal, n: int, rng: random.Random, prob: float) -> None:
        """Drive an n-bit signal with bits that are 1 with probability prob, a new draw every cycle."""
        while True:
            signal.value = sum(1 << j for j in range(n) if rng.random() < prob)
            await RisingEdge(dut.clk)

    async def _copy_of_beats(dut, copies: list[int]) -> None:
        """Record which copy took each input beat (copy_in is one-hot on a beat into a copy)."""
        while True:
            await RisingEdge(dut.clk)
            v = int(dut.copy_in.value)
            if v:
                assert v & (v - 1) == 0, f"a beat entered two copies at once (copy_in = {v:b})"
                copies.append(v.bit_length() - 1)

    @cocotb.test()
    async def images_in_order(dut):
        """Random images through split, unevenly draining copies and merge: same images, same order."""
        P = tbh.sim_params()
        W, N, D = P["WIDTH"], P["N"], P["DEPTH"]
        rng = random.Random(tbh.seed("swm_img_repl"))
        dut.rst.setimmediatevalue(1)
        dut.hold.value = 0
        dut.s_axis_b_tvalid.value = 0
        dut.m_axis_b_tready.value = 0
        src = tbh.axis_source(dut, "s_axis")
        sink = tbh.axis_sink(dut, "m_axis")
        ProtocolMonitor(dut, ("s_axis", "m_axis"), name="tb_swm_img_repl monitor").start()
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        beat_copy: list[int] = []
        cocotb.start_soon(_copy_of_beats(dut, beat_copy))
        cocotb.start_soon(_random_bits(dut, dut.hold, N, rng, 0.4))
        src.set_pause_generator(tbh.pause_generator(rng, 0.2))
        sink.set_pause_generator(tbh.pause_generator(rng, 0.4))
        images = [[rng.getrandbits(W) for _ in range(rng.randint(1, 3 * D))] for _ in range(tbh.scaled(6 * N))]
        for img in images:
            src.send_nowait(AxiStreamFrame(img))
        budget_ns = 10 * 40 * (sum(map(len, images)) + 100)   # generous: a hang fails instead of stalling the run
        for i, img in enumerate(images):
            got = await with_timeout(sink.recv(), budget_ns, "ns")
            tbh.compare(list(got.tdata), img, f"image {i}")
        assert sink.empty(), "extra output"
        expected = [i % N for i, img in enumerate(images) for _ in img]
        tbh.compare(beat_copy, expected, "copy of each input beat", lambda k: f"beat {k}")

    @cocotb.test()
    async def broadcast_every_beat_once(dut):
        """Every output of swm_axis_bcast gets every beat once, in order; offered beats stay until taken."""
        P = tbh.sim_params()
        W, N = P["WIDTH"], P["N"]
        rng = random.Random(tbh.seed("swm_axis_bcast"))
        dut.rst.setimmediatevalue(1)
        dut.hold.value = 0
        dut.s_axis_b_tdata.value = 0   # driven by the source once it is bound, after the reset
        dut.s_axis_b_tlast.value = 0
        dut.s_axis_b_tvalid.value = 0
        dut.s_axis_tvalid.value = 0
        dut.m_axis_tready.value = 0
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        # bound after the reset: the broadcast's tready is unknown until its first reset edge
        src = tbh.axis_source(dut, "s_axis_b")
        ProtocolMonitor(dut, ("s_axis_b",), name="tb_swm_img_repl bcast monitor").start()
        cocotb.start_soon(_random_bits(dut, dut.m_axis_b_tready, N, rng, 0.5))
        src.set_pause_generator(tbh.pause_generator(rng, 0.3))
        frames = [[rng.getrandbits(W) for _ in range(rng.randint(1, 12))] for _ in range(tbh.scaled(12))]
        for f in frames:
            src.send_nowait(AxiStreamFrame(f))
        flat = [v for f in frames for v in f]
        lasts = [k == len(f) - 1 for f in frames for k in range(len(f))]
        got: list[list[tuple[int, int]]] = [[] for _ in range(N)]
        offered: list[tuple[int, int] | None] = [None] * N   # beat offered and not taken last cycle
        mask = (1 << W) - 1
        for cyc in range(40 * len(flat) + 200):
            if cyc:
                await RisingEdge(dut.clk)
            await ReadOnly()   # the values that decide the next edge's handshakes (from before the first beat)
            valid, ready = int(dut.m_axis_b_tvalid.value), int(dut.m_axis_b_tready.value)
            if not valid:
                assert all(o is None for o in offered), "an offered beat was withdrawn (tvalid fell)"
                continue
            data, last = int(dut.m_axis_b_tdata.value), int(dut.m_axis_b_tlast.value)
            for j in range(N):
                beat = ((data >> (j * W)) & mask, (last >> j) & 1)
                if offered[j] is not None:
                    assert valid >> j & 1 and beat == offered[j], (
                        f"output {j}: beat {offered[j]} offered and not taken, then tvalid/tdata changed")
                if valid >> j & 1:
                    if ready >> j & 1:
                        got[j].append(beat)
                        offered[j] = None
                    else:
                        offered[j] = beat
            if all(len(g) == len(flat) for g in got):
                break
        for j in range(N):
            tbh.compare(got[j], list(zip(flat, map(int, lasts))), f"output {j} beats")


# (WIDTH, N, DEPTH)
CASES = [(16, 3, 8), (9, 2, 2), (17, 4, 16)]


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("w,n,depth", CASES)
def test_swm_img_repl(w, n, depth, sim):
    """Three, two and four copies; narrow, odd and wide beats; FIFOs shorter and longer than images."""
    rtl = dict(WIDTH=w, N=n, DEPTH=depth)
    sources = [HW / f"{m}.v" for m in ("swm_img_split", "swm_img_merge", "swm_axis_bcast", "swm_axis_fifo",
                                      "swm_axis_reg")] + [Path(__file__).with_name(f"{TOP}.v")]
    run_cocotb(TOP, sources, "verif.swm_img_split.test_swm_img_split", rtl, sim, f"W{w}_N{n}_D{depth}",
               extra_env={"SWM_PARAMS": json.dumps(rtl)})
