"""swm_argmax against swm.golden.argmax_int: random vectors with ties and range limits under input
idles and output backpressure, wrong-length vectors (err_len, resynchronisation at tlast),
back-to-back throughput and the one-result output buffer."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from verif.common.sim import SIMULATORS, run_cocotb, top_sources

try:
    import cocotb
    from cocotb.triggers import RisingEdge, with_timeout
    from cocotbext.axi import AxiStreamFrame
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_argmax"


if cocotb is not None:
    from verif.common import tb as tbh
    from verif.common.monitor import ProtocolMonitor

    class ArgmaxTB:
        """Clock, reset, s_axis source / m_axis sink bound by prefix, monitor, framing reference.

        The edge watcher follows the documented framing rule on every accepted input beat (position
        in the vector, dropping a long vector up to its tlast) and asserts that ``err_len`` is set
        exactly from the cycle after the first wrong tlast (early or missing) until reset. It also
        counts accepted samples and records the first-input / last-output transfer edges.
        """

        def __init__(self, dut, P: dict) -> None:
            self.dut = dut
            self.P = P
            self.N = P["N"]
            dut.rst.setimmediatevalue(1)
            self.src = tbh.axis_source(dut, "s_axis")
            self.sink = tbh.axis_sink(dut, "m_axis")
            self.monitor = ProtocolMonitor(dut, ("s_axis", "m_axis"), name="swm_argmax monitor").start()
            self.edge = 0
            self.accepted = 0
            self.first_x: int | None = None
            self.last_y: int | None = None
            self._pos, self._drop, self._err = 0, False, 0
            cocotb.start_soon(self._watch())

        async def _watch(self) -> None:
            d = self.dut
            while True:
                await RisingEdge(d.clk)
                self.edge += 1
                if int(d.rst.value):
                    self._pos, self._drop, self._err = 0, False, 0
                    continue
                err = int(d.err_len.value)
                assert err == self._err, (f"edge {self.edge}: err_len = {err}, expected {self._err} "
                                          f"(set the cycle after the first early or missing tlast, sticky)")
                if int(d.s_axis_tvalid.value) and int(d.s_axis_tready.value):
                    self.accepted += 1
                    if self.first_x is None:
                        self.first_x = self.edge
                    last = int(d.s_axis_tlast.value)
                    if self._drop:
                        self._drop = not last
                    elif self._pos == self.N - 1:
                        self._pos = 0
                        if not last:
                            self._err, self._drop = 1, True
                    elif last:
                        self._err, self._pos = 1, 0
                    else:
                        self._pos += 1
                if int(d.m_axis_tvalid.value) and int(d.m_axis_tready.value):
                    self.last_y = self.edge

        async def init(self) -> None:
            await tbh.start_clock(self.dut)
            await tbh.reset(self.dut)

        def send(self, frames) -> None:
            DW = self.P["DW"]
            for f in frames:
                self.src.send_nowait(AxiStreamFrame([tbh.to_unsigned(int(t), DW) for t in f]))

        async def receive(self, expected, what: str) -> None:
            got = []
            for _ in range(len(expected)):
                fr = await with_timeout(self.sink.recv(), 20 * (len(expected) + 4) * (self.N + 20) * 10, "ns")
                assert len(fr.tdata) == 1, f"{what}: output frame of {len(fr.tdata)} beats (tlast must be on every beat)"
                got.append(int(fr.tdata[0]))
            tbh.compare(got, [int(v) for v in expected], what, lambda k: f"vector {k}")
            assert self.sink.empty(), f"{what}: more outputs than vectors"

    def _vectors(rng: np.random.Generator, n_vec: int, N: int, DW: int) -> np.ndarray:
        """Random vectors: narrow ranges (many ties), full range, range limits, directed tie patterns."""
        lo, hi = -(1 << (DW - 1)), (1 << (DW - 1)) - 1
        rows = []
        for v in range(n_vec):
            k = v % 6
            if k == 0:
                r = rng.integers(-2, 2, N)                         # ties almost everywhere
            elif k == 1:
                r = rng.integers(lo, hi + 1, N)
            elif k == 2:
                r = np.where(rng.random(N) < 0.5, lo, hi)          # ties at the range limits
            elif k == 3:
                r = np.full(N, rng.integers(lo, hi + 1))           # all equal: index 0
            elif k == 4:
                r = np.full(N, lo)
                r[rng.integers(0, N, 2)] = rng.integers(lo + 1, hi + 1)  # one or two maxima anywhere
            else:
                r = np.full(N, lo)
                r[N - 1] = lo + 1 if v % 2 else lo                 # maximum last / all minimum
            rows.append(r)
        return np.array(rows, dtype=np.int64)

    @cocotb.test()
    async def argmax_matches_golden(dut):
        """Random and tie-heavy vectors under five input-idle / output-backpressure phases."""
        from swm.golden import argmax_int

        P = tbh.sim_params()
        s = tbh.seed("swm_argmax")
        rng, prng = np.random.default_rng(s), random.Random(s)
        tb = ArgmaxTB(dut, P)
        await tb.init()
        for phase, (pin, pout) in enumerate([(0.0, 0.0), (0.5, 0.0), (0.0, 0.7), (0.3, 0.3), (0.8, 0.8)]):
            x = _vectors(rng, tbh.scaled(24), P["N"], P["DW"])
            tbh.apply_pauses(tb.src, prng, pin)
            tbh.apply_pauses(tb.sink, prng, pout)
            tb.send(x)
            await tb.receive(argmax_int(np.asarray(x)[..., :P.get("N_CLASSES", P["N"])], P["DW"]), f"phase {phase} (pauses in {pin}, out {pout})")
        tbh.apply_pauses(tb.src, prng, 0)
        tbh.apply_pauses(tb.sink, prng, 0)

    @cocotb.test()
    async def wrong_length_vectors(dut):
        """Short and long vectors set err_len and give no output; the stage resynchronises at tlast."""
        from swm.golden import argmax_int

        P = tbh.sim_params()
        N, DW = P["N"], P["DW"]
        s = tbh.seed("swm_argmax wrong length")
        rng, prng = np.random.default_rng(s), random.Random(s)
        tb = ArgmaxTB(dut, P)
        await tb.init()
        for phase, stall in enumerate((0.0, 0.4)):
            tbh.apply_pauses(tb.src, prng, stall)
            tbh.apply_pauses(tb.sink, prng, stall)
            good = _vectors(rng, 6, N, DW)
            tb.send(good)
            await tb.receive(argmax_int(np.asarray(good)[..., :P.get("N_CLASSES", N)], DW), f"phase {phase}: well-formed vectors first")
            assert int(dut.err_len.value) == 0
            frames, expected = [], []
            for k in range(tbh.scaled(30)):
                # the first bad frame is short in phase 0 and long in phase 1 (err_len is sticky)
                kind = k % 3 if k else 1 + phase
                # the lengths a stage without resynchronisation would misread as whole vectors
                # (2N, 3N: the tail after sample N-1 looks like one or two vectors) come every time
                if kind == 0:
                    length = N
                elif kind == 1:
                    length = (1, N - 1, int(rng.integers(1, N)))[(k // 3) % 3]           # early tlast
                else:
                    length = (2 * N, N + 1, 3 * N, int(rng.integers(N + 1, 3 * N + 2)))[(k // 3) % 4]  # late
                f = rng.integers(-(1 << (DW - 1)), 1 << (DW - 1), length)
                frames.append(f)
                if length == N:
                    expected.append(int(argmax_int(np.asarray(f)[..., :P.get("N_CLASSES", N)])))
            tb.send(frames)
            await tb.receive(expected, f"phase {phase}: well-formed vectors among short and long ones")
            await with_timeout(tb.src.wait(), 100, "us")  # short or long frames may follow the last good one
            await tbh.cycles(dut, 2)
            assert int(dut.err_len.value) == 1
            await tbh.reset(dut)
            assert int(dut.err_len.value) == 0, "err_len not cleared by rst"
        tbh.apply_pauses(tb.src, prng, 0)
        tbh.apply_pauses(tb.sink, prng, 0)

    @cocotb.test()
    async def back_to_back_throughput(dut):
        """No idles, ready sink: one sample per clock, each index out the cycle after its vector."""
        from swm.golden import argmax_int

        P = tbh.sim_params()
        N = P["N"]
        rng = np.random.default_rng(tbh.seed("swm_argmax throughput"))
        tb = ArgmaxTB(dut, P)
        await tb.init()
        x = _vectors(rng, 12, N, P["DW"])
        tb.send(x)
        await tb.receive(argmax_int(np.asarray(x)[..., :P.get("N_CLASSES", N)]), "back-to-back vectors")
        assert tb.last_y - tb.first_x == len(x) * N, (
            f"{tb.last_y - tb.first_x} edges from the first input to the last output transfer, expected "
            f"vectors x N = {len(x) * N} (one sample per clock, the index one edge after the last sample)")

    @cocotb.test()
    async def holds_one_result_under_backpressure(dut):
        """A stalled sink holds one index while the next vector's first N-1 samples are accepted."""
        from swm.golden import argmax_int

        P = tbh.sim_params()
        N = P["N"]
        rng = np.random.default_rng(tbh.seed("swm_argmax backpressure"))
        tb = ArgmaxTB(dut, P)
        await tb.init()
        tb.sink.pause = True
        x = _vectors(rng, 3, N, P["DW"])
        tb.send(x)
        await tbh.cycles(dut, 4 * N + 10)
        assert tb.accepted == 2 * N - 1, (f"{tb.accepted} samples accepted while the output was stalled, expected "
                                          f"2N - 1 = {2 * N - 1} (one result held, the next vector up to its last sample)")
        assert int(dut.m_axis_tvalid.value) == 1
        assert int(dut.m_axis_tdata.value) == int(argmax_int(np.asarray(x[0])[..., :P.get("N_CLASSES", N)]))
        tb.sink.pause = False
        await tb.receive(argmax_int(np.asarray(x)[..., :P.get("N_CLASSES", N)]), "vectors after the stall")


# (DW, N, OUT_W)
QUICK = [(16, 10, 8), (6, 2, 1)]
FULL = [(12, 16, 4), (8, 3, 32), (5, 257, 9)]


def _run(DW: int, N: int, out_w: int, sim: str, n_classes: int | None = None) -> None:
    rtl = dict(DW=DW, N=N, OUT_W=out_w) | ({} if n_classes is None else dict(N_CLASSES=n_classes))
    run_cocotb(TOP, top_sources(TOP), f"verif.{TOP}.test_{TOP}", rtl, sim,
               f"DW{DW}_N{N}_O{out_w}" + ("" if n_classes is None else f"_C{n_classes}"),
               extra_env={"SWM_PARAMS": json.dumps(rtl)})


@pytest.mark.parametrize("sim", SIMULATORS)
def test_swm_argmax_classes(sim):
    """16 samples, the first 10 are classes (the MNIST MLP's last layer, p*K = 16); a 4-bit index."""
    _run(16, 16, 4, sim, n_classes=10)


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("DW,N,out_w", QUICK)
def test_swm_argmax(DW, N, out_w, sim):
    """Ten classes in a byte; the smallest stage (N = 2, a one-bit index)."""
    _run(DW, N, out_w, sim)


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("DW,N,out_w", FULL)
def test_swm_argmax_full(DW, N, out_w, sim):
    """A power-of-two N with OUT_W = clog2(N), a wide output word, N one above a power of two."""
    _run(DW, N, out_w, sim)
