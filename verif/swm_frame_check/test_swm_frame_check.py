"""swm_frame_check against a reference of its rules (hw/swm_frame_check.v header): fixed-size frames
(STEP = N) and sequences of whole steps (STEP < N): good frames pass unchanged, a tlast inside a step
is padded with zeros to the step's end (too_short), a frame without tlast by sample N-1 is cut there
and the rest dropped (too_long); random idles and backpressure."""

from __future__ import annotations

import json
import random

import pytest

from verif.common.sim import SIMULATORS

try:
    import cocotb
    from cocotb.triggers import RisingEdge, with_timeout
    from cocotbext.axi import AxiStreamFrame
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_frame_check"
TEST_MODULE = "verif.swm_frame_check.test_swm_frame_check"


def reference(frames: list[list[int]], N: int, STEP: int) -> tuple[list[list[int]], int, int]:
    """Output frames and the too_short / too_long pulse counts the rules give."""
    out, short, long_ = [], 0, 0
    for f in frames:
        if len(f) > N:
            out.append(f[:N])
            long_ += 1
        elif len(f) % STEP:
            out.append(f + [0] * (STEP - len(f) % STEP))
            short += 1
        else:
            out.append(list(f))
    return out, short, long_


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.common.monitor import ProtocolMonitor

    async def _count(dut, counts: dict) -> None:
        while True:
            await RisingEdge(dut.clk)
            counts["short"] += int(dut.too_short.value)
            counts["long"] += int(dut.too_long.value)

    @cocotb.test()
    async def frames_follow_the_rules(dut):
        P = tbh.sim_params()
        N, STEP = P["N"], P["STEP"]
        s = tbh.seed("swm_frame_check")
        rng = random.Random(s)
        dut.rst.setimmediatevalue(1)
        src = tbh.axis_source(dut, "s_axis")
        sink = tbh.axis_sink(dut, "m_axis")
        ProtocolMonitor(dut, ("s_axis", "m_axis"), name="swm_frame_check monitor").start()
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        counts = {"short": 0, "long": 0}
        cocotb.start_soon(_count(dut, counts))
        lens = [N, STEP, 1, N + 1, N + STEP + 3, max(1, STEP - 1), N - 1 if N > 1 else 1]
        lens += [rng.randint(1, N + 2 * STEP) for _ in range(P["FRAMES"])]
        frames = [[rng.randrange(1, 1 << P["DW"]) for _ in range(n)] for n in lens]
        want, short, long_ = reference(frames, N, STEP)
        tbh.apply_pauses(src, rng, 0.3)
        tbh.apply_pauses(sink, rng, 0.4)
        for f in frames:
            src.send_nowait(AxiStreamFrame(f))
        for i, w in enumerate(want):
            fr = await with_timeout(sink.recv(), 1000000, "ns")
            tbh.compare([int(v) for v in fr.tdata], w, f"frame {i} (sent {len(frames[i])} samples)")
        await tbh.cycles(dut, 10)
        assert sink.empty(), "output beyond one frame per input frame"
        assert (counts["short"], counts["long"]) == (short, long_), (counts, short, long_)


# (N, STEP, DW)
CASES = [(12, 12, 8), (12, 3, 8), (20, 4, 6), (7, 1, 4)]


def _cases():
    """Every case on Icarus; on Verilator the sequence case (12, 3) quick, the others slow."""
    for c in CASES:
        for sim in SIMULATORS:
            marks = [pytest.mark.slow] if sim == "verilator" and c[:2] != (12, 3) else []
            yield pytest.param(c, sim, marks=marks, id="N{}_S{}_DW{}".format(*c) + f"-{sim}")


@pytest.mark.parametrize("case,sim", list(_cases()))
def test_swm_frame_check(case, sim):
    from verif.common.sim import hw_sources, run_cocotb

    N, STEP, DW = case
    P = dict(N=N, STEP=STEP, DW=DW)
    run_cocotb(TOP, hw_sources(TOP), TEST_MODULE, P, sim, "N{}_S{}_DW{}".format(*case),
               extra_env={"SWM_PARAMS": json.dumps(dict(P, FRAMES=40))})
