"""swm_bc_layer run control and stream contract (docs/architecture.md "Stream protocol and handshake").

Directed tests, each also watched by the protocol monitor that LayerTB starts
(verif/common/monitor.py): the cfg_error matrix (each bad field alone, the boundary-good values,
a good start clearing the error), start while busy ignored, cfg_* changed during a run, input
tlast absent or random, weight/bias words beyond the memory dropped and loads ignored while busy,
done/busy/cycles timing and s_axis_x_tready after the last vector, and the cycle model
(swm.perf.layer_cycles) matched exactly on stall-free runs.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from verif.common.sim import HW, SIMULATORS, run_cocotb, top_sources
from verif.swm_bc_layer.layer_tb import WIDTH_SETS, layer_config

try:
    import cocotb
    from cocotb.triggers import RisingEdge, with_timeout
    from cocotbext.axi import AxiStreamFrame
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_bc_layer"
TEST_MODULE = "verif.swm_bc_layer.test_swm_bc_layer_control"
ACTS = ("identity", "relu", "sigmoid", "tanh")

if cocotb is not None:
    import numpy as np

    from verif.common import tb as tbh
    from verif.swm_bc_layer.layer_tb import LayerTB

    def _dcfg(P: dict):
        from swm.fixed import DatapathConfig

        return DatapathConfig(K=P["K"], DW=P["DW"], FW=P["FW"], WW=P["WW"], TW=P["TW"], AW=P["AW"],
                              rounding=("half_up", "convergent")[P["ROUND_MODE"]], max_q=P["MAX_Q"])

    class Layer:
        """One random layer (p x q blocks) with its memory images, n input vectors and golden output."""

        def __init__(self, rng, P: dict, p: int, q: int, n: int, act: str = "identity", y_frac: int = 0,
                     acc_shift: int | None = None, out_shift: int | None = None) -> None:
            from swm.golden import LayerParams, bias_words, choose_acc_shift, layer_int, weight_words

            K, DW, FW, WW = P["K"], P["DW"], P["FW"], P["WW"]
            cfg = _dcfg(P)
            self.P, self.p, self.q, self.n = P, p, q, n

            def words(shape, width):
                lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
                return rng.integers(lo, hi + 1, size=shape).astype(np.int64)

            self.Wp = words((p, q, K // 2, 2), WW)
            self.bias = words((p * K,), FW - 2)
            self.x = words((n, q * K), DW)
            if acc_shift is None:
                _, tr = layer_int(self.x, self.Wp, self.bias, LayerParams(p, q, 0, 0, 0, 0, 0, "identity"), cfg,
                                  trace=True)
                acc_shift = choose_acc_shift(int(np.max(np.abs(tr["acc"]))), cfg)
            out_shift = FW - DW if out_shift is None else out_shift
            self.lp = LayerParams(p, q, 0, 0, acc_shift, out_shift, y_frac, act)
            self.y = layer_int(self.x, self.Wp, self.bias, self.lp, cfg)
            self.w_words = weight_words(self.Wp, P["LANES"], WW, P.get("ROWS", 1))
            self.b_words = bias_words(self.bias, FW)

        def cfg(self, count: int | None = None) -> dict:
            lp = self.lp
            return dict(p=self.p, q=self.q, acc_shift=lp.acc_shift, out_shift=lp.out_shift,
                        act=ACTS.index(lp.act), y_frac=lp.y_frac, count=self.n if count is None else count)

        def x_frames(self) -> list:
            DW = self.P["DW"]
            return [AxiStreamFrame([int(t) & ((1 << DW) - 1) for t in v]) for v in self.x]

    class ControlTB(LayerTB):
        """LayerTB plus the run helpers of these tests."""

        def __init__(self, dut, x_tlast: bool = True) -> None:
            super().__init__(dut, tbh.sim_params(), x_tlast=x_tlast)
            s = tbh.seed(f"{TOP} control")
            self.rng = np.random.default_rng(s)
            self.prng = random.Random(s)

        def layer(self, p: int, q: int, n: int, **kw) -> Layer:
            return Layer(self.rng, self.P, p, q, n, **kw)

        async def load_layer(self, layer: Layer) -> None:
            await self.load_words(layer.w_words, layer.b_words)

        async def load_words(self, w: list[int], b: list[int]) -> None:
            await self.src_w.send(AxiStreamFrame(w))
            await self.src_b.send(AxiStreamFrame(b))
            await with_timeout(self.src_w.wait(), 100 + 2 * len(w), "us")
            await with_timeout(self.src_b.wait(), 100 + 2 * len(b), "us")
            await tbh.cycles(self.dut, 2)

        def limit(self, layer: Layer) -> int:
            from swm import perf

            return 30 * perf.layer_cycles(layer.p, layer.q, self.P["K"], self.P["LANES"], layer.n,
                                          self.P.get("ROWS", 1)) + 2000

        async def start_checked(self, cfg: dict, expect_error: bool) -> None:
            """Pulse start with cfg while idle; check cfg_error and busy in the cycle after the start edge."""
            d = self.dut
            await self.start(**cfg)
            await RisingEdge(d.clk)  # values read here are those of the cycle after the start edge
            err, busy = int(d.cfg_error.value), int(d.busy.value)
            assert err == int(expect_error), f"cfg_error = {err} after start with {cfg}, expected {int(expect_error)}"
            assert busy == int(not expect_error), f"busy = {busy} after start with {cfg}"

        async def outputs(self, layer: Layer, count: int | None = None, tag: str = "") -> None:
            """Receive count vectors and compare them with layer's golden output (bit-exact)."""
            K, DW = self.P["K"], self.P["DW"]
            for v in range(layer.n if count is None else count):
                fr = await with_timeout(self.sink_y.recv(), 20 * self.limit(layer), "ns")
                got = [tbh.to_signed(t, DW) for t in fr.tdata]
                assert len(got) == layer.p * K, f"{tag} vector {v}: {len(got)} samples, expected {layer.p * K}"
                bad = [k for k in range(len(got)) if got[k] != layer.y[v, k]]
                assert not bad, (f"{tag} vector {v}: {len(bad)} mismatches, first at sample {bad[0]}: "
                                 f"rtl {got[bad[0]]} != golden {layer.y[v, bad[0]]}")

        async def run(self, layer: Layer, tag: str = "", cfg: dict | None = None) -> int:
            """Load, send, start, wait for done, check the output; return the cycles output."""
            await self.load_layer(layer)
            for f in layer.x_frames():
                self.src_x.send_nowait(f)
            await self.start_checked(cfg or layer.cfg(), expect_error=False)
            cycles = await self.wait_done(self.limit(layer))
            await self.outputs(layer, tag=tag)
            assert self.sink_y.empty(), f"{tag}: output beyond {layer.n} vectors"
            return cycles

    async def _init(dut, **kw) -> ControlTB:
        tb = ControlTB(dut, **kw)
        await tb.init()
        return tb

    # ------------------------------------------------------------------------------------------
    @cocotb.test()
    async def cfg_error_matrix(dut):
        """Each bad cfg field alone sets cfg_error and does not start; boundary-good values run and
        clear cfg_error; start with a bad config after an error keeps it set."""
        tb = await _init(dut)
        P = tb.P
        MP, MQ, K, DW, FW, AW = P["MAX_P"], P["MAX_Q"], P["K"], P["DW"], P["FW"], P["AW"]
        good = dict(p=1, q=1, acc_shift=0, out_shift=0, act=0, y_frac=0, count=1)
        bad_cases = [
            ("p = 0", dict(p=0)), ("q = 0", dict(q=0)),
            ("p = MAX_P + 1", dict(p=MP + 1)), ("q = MAX_Q + 1", dict(q=MQ + 1)),
            ("p = all ones", dict(p=(1 << len(dut.cfg_p)) - 1)), ("q = all ones", dict(q=(1 << len(dut.cfg_q)) - 1)),
            ("count = 0", dict(count=0)),
            ("acc_shift = AW", dict(acc_shift=AW)), ("out_shift = FW + 2", dict(out_shift=FW + 2)),
            ("sigmoid y_frac = DW - 3", dict(act=2, y_frac=DW - 3)), ("tanh y_frac = DW - 3", dict(act=3, y_frac=DW - 3)),
            ("tanh y_frac = all ones", dict(act=3, y_frac=(1 << len(dut.cfg_y_frac)) - 1)),
        ]
        tested = 0
        for name, bad in bad_cases:
            cfg = dict(good, **bad)
            if any(v >= 1 << len(getattr(dut, f"cfg_{k}")) for k, v in cfg.items()):
                dut._log.info("cfg_error %s: not representable on the port, skipped", name)
                continue
            if cfg["p"] <= MP and cfg["q"] <= MQ and cfg["p"] and cfg["q"] and name.startswith(("p =", "q =")):
                continue  # all-ones value is a legal p/q for this MAX_P/MAX_Q
            await tb.start_checked(cfg, expect_error=True)
            await tbh.cycles(dut, 3)
            assert int(dut.cfg_error.value) == 1, f"{name}: cfg_error did not hold"
            assert int(dut.s_axis_x_tready.value) == 0, f"{name}: s_axis_x_tready high after a refused start"
            tested += 1
            dut._log.info("cfg_error for %s: ok", name)
        assert tested >= 9, f"only {tested} bad configurations were representable"
        # boundary-good values, each alone: the run starts, clears cfg_error and matches the golden model
        boundary = [
            ("p = MAX_P, q = MAX_Q", dict(p=MP, q=MQ), {}),
            ("acc_shift = AW - 1", dict(), dict(acc_shift=AW - 1)),
            ("out_shift = FW + 1", dict(), dict(out_shift=FW + 1)),
            ("sigmoid y_frac = DW - 4", dict(), dict(act="sigmoid", y_frac=DW - 4)),
            ("tanh y_frac = DW - 4", dict(), dict(act="tanh", y_frac=DW - 4)),
            ("relu y_frac = DW - 1", dict(), dict(act="relu", y_frac=DW - 1)),
        ]
        for name, shape, kw in boundary:
            assert int(dut.cfg_error.value) == 1, f"before {name}: cfg_error should still be set"
            layer = tb.layer(shape.get("p", 1), shape.get("q", 1), 1, **kw)
            await tb.run(layer, tag=f"boundary {name}")
            assert int(dut.cfg_error.value) == 0, f"{name}: good start did not clear cfg_error"
            await tb.start_checked(dict(good, count=0), expect_error=True)  # set it again for the next case
            dut._log.info("boundary-good %s: ran, cfg_error cleared", name)

    @cocotb.test()
    async def start_while_busy_ignored(dut):
        """start (good or bad config) while busy changes nothing: same output, cfg_error, cycles."""
        tb = await _init(dut)
        P = tb.P
        layer = tb.layer(P["MAX_P"], P["MAX_Q"], 3, act="relu")
        ref_cycles = await tb.run(layer, tag="reference")
        other = dict(p=1, q=1, acc_shift=0, out_shift=0, act=3, y_frac=0, count=1)
        for variant, extra in (("good", other), ("bad", dict(other, count=0))):
            await tb.load_layer(layer)
            for f in layer.x_frames():
                tb.src_x.send_nowait(f)
            await tb.start_checked(layer.cfg(), expect_error=False)
            pulses = 0
            for c in range(ref_cycles - 3):
                if c % 7 == 3:
                    for k, v in extra.items():
                        getattr(dut, f"cfg_{k}").value = v
                    dut.start.value = 1
                    pulses += 1
                else:
                    dut.start.value = 0
                await RisingEdge(dut.clk)
                assert int(dut.busy.value) == 1, f"{variant}: busy fell early at cycle {c}"
                assert int(dut.cfg_error.value) == 0, f"{variant}: start while busy changed cfg_error"
            dut.start.value = 0
            cycles = await tb.wait_done(4 * ref_cycles)
            await tb.outputs(layer, tag=f"start while busy ({variant})")
            assert tb.sink_y.empty()
            assert cycles == ref_cycles, f"{variant}: {pulses} starts while busy changed cycles {ref_cycles} -> {cycles}"

    @cocotb.test()
    async def cfg_changed_mid_run(dut):
        """cfg_* are sampled only at start: random cfg values every cycle of a run leave output and cycles unchanged."""
        tb = await _init(dut)
        P = tb.P
        layer = tb.layer(P["MAX_P"], 1, 3, act="tanh", y_frac=P["DW"] - 5)
        ref_cycles = await tb.run(layer, tag="reference")
        await tb.load_layer(layer)
        for f in layer.x_frames():
            tb.src_x.send_nowait(f)
        await tb.start_checked(layer.cfg(), expect_error=False)
        names = ("p", "q", "acc_shift", "out_shift", "act", "y_frac", "count")
        while True:
            for k in names:
                h = getattr(dut, f"cfg_{k}")
                h.value = tb.prng.randrange(1 << min(len(h), 16))
            await RisingEdge(dut.clk)
            if int(dut.done.value):
                cycles = int(dut.cycles.value)
                break
        await tb.outputs(layer, tag="cfg changed mid-run")
        assert tb.sink_y.empty()
        assert cycles == ref_cycles, f"cycles {cycles} != {ref_cycles} of the same run with constant cfg"

    async def _drive_tlast(dut, rng: random.Random, prob: float) -> None:
        """Drive s_axis_x_tlast: random (P = prob) per beat, held while a beat is stalled."""
        while True:
            await RisingEdge(dut.clk)
            try:
                stalled = int(dut.s_axis_x_tvalid.value) and not int(dut.s_axis_x_tready.value)
            except ValueError:
                stalled = False
            if not stalled:
                dut.s_axis_x_tlast.value = int(rng.random() < prob)

    @cocotb.test()
    async def input_tlast_not_required(dut):
        """Runs with s_axis_x_tlast always 0, and random, under stalls, give the golden output."""
        dut.s_axis_x_tlast.setimmediatevalue(0)
        tb = await _init(dut, x_tlast=False)
        P = tb.P
        for name, prob, stall in (("tlast always 0", 0.0, 0.0), ("tlast always 0, stalls", 0.0, 0.4),
                                  ("random tlast, stalls", 0.3, 0.3), ("tlast always 1", 1.0, 0.2)):
            drv = cocotb.start_soon(_drive_tlast(dut, tb.prng, prob)) if prob > 0 else None
            tbh.apply_pauses(tb.src_x, tb.prng, stall)
            tbh.apply_pauses(tb.sink_y, tb.prng, stall)
            layer = tb.layer(P["MAX_P"], P["MAX_Q"], 3)
            await tb.run(layer, tag=name)
            if drv is not None:
                drv.cancel()
            dut.s_axis_x_tlast.value = 0
            tbh.apply_pauses(tb.src_x, tb.prng, 0)
            tbh.apply_pauses(tb.sink_y, tb.prng, 0)

    def _depths(P: dict) -> tuple[int, int]:
        G, R = P["K"] // (2 * P["LANES"]), P.get("ROWS", 1)
        return -(-P["MAX_P"] // R) * P["MAX_Q"] * G, P["MAX_P"] * P["K"]

    @cocotb.test()
    async def loads_ignored_while_busy(dut):
        """s_axis_w/s_axis_b are not accepted while busy; the pending load completes after done."""
        tb = await _init(dut)
        P = tb.P
        layer = tb.layer(P["MAX_P"], P["MAX_Q"], 2)
        other = tb.layer(P["MAX_P"], P["MAX_Q"], 2)
        await tb.load_layer(layer)
        for f in layer.x_frames():
            tb.src_x.send_nowait(f)
        await tb.start_checked(layer.cfg(), expect_error=False)
        # a new layer's images offered during the run must not be taken
        await tb.src_w.send(AxiStreamFrame(other.w_words))
        await tb.src_b.send(AxiStreamFrame(other.b_words))
        w_taken = b_taken = busy_cycles = 0
        while True:
            await RisingEdge(dut.clk)  # values of the cycle ending at this edge
            if not int(dut.busy.value):
                break
            busy_cycles += 1
            w_taken += int(dut.s_axis_w_tvalid.value) & int(dut.s_axis_w_tready.value)
            b_taken += int(dut.s_axis_b_tvalid.value) & int(dut.s_axis_b_tready.value)
        assert busy_cycles > 10
        assert (w_taken, b_taken) == (0, 0), f"{w_taken} weight / {b_taken} bias words accepted while busy"
        assert not (tb.src_w.idle() or tb.src_b.idle()), "the images offered while busy were consumed"
        await tb.outputs(layer, tag="run with loads offered while busy")
        # after done the offered images load; a second run uses them
        await with_timeout(tb.src_w.wait(), 100, "us")
        await with_timeout(tb.src_b.wait(), 100, "us")
        await tbh.cycles(dut, 2)
        for f in other.x_frames():
            tb.src_x.send_nowait(f)
        await tb.start_checked(other.cfg(), expect_error=False)
        await tb.wait_done(tb.limit(other))
        await tb.outputs(other, tag="run with the images loaded after done")

    async def _beyond_depth(dut, extra_of) -> None:
        tb = await _init(dut)
        P = tb.P
        wdepth, bdepth = _depths(P)
        layer = tb.layer(P["MAX_P"], P["MAX_Q"], 2)
        assert len(layer.w_words) == wdepth and len(layer.b_words) == bdepth
        junk_w = [tb.prng.getrandbits(P.get("ROWS", 1) * P["LANES"] * 2 * P["WW"]) for _ in range(extra_of(wdepth))]
        junk_b = [tb.prng.getrandbits(P["FW"]) for _ in range(extra_of(bdepth))]
        await tb.load_words(layer.w_words + junk_w, layer.b_words + junk_b)
        dut._log.info("loaded %d + %d weight words, %d + %d bias words", wdepth, len(junk_w), bdepth, len(junk_b))
        for f in layer.x_frames():
            tb.src_x.send_nowait(f)
        await tb.start_checked(layer.cfg(), expect_error=False)
        await tb.wait_done(tb.limit(layer))
        await tb.outputs(layer, tag=f"after a load of {len(junk_w)} / {len(junk_b)} words beyond the memory")
        # a load ended by tlast starts again at address 0
        await tb.run(tb.layer(P["MAX_P"], P["MAX_Q"], 1), tag="reload after an overlong load")

    @cocotb.test()
    async def words_beyond_memory_dropped(dut):
        """A load longer than the memory (a few words more) keeps the first DEPTH words; the rest are accepted and dropped."""
        await _beyond_depth(dut, lambda depth: 3)

    # the write address stops at DEPTH: a load three memories long must not wrap around
    @cocotb.test()
    async def words_far_beyond_memory_dropped(dut):
        """A load of three memories' worth of words keeps the first DEPTH words (no address wrap-around)."""
        await _beyond_depth(dut, lambda depth: 2 * depth + 5)

    @cocotb.test()
    async def done_busy_cycles_timing(dut):
        """done is one cycle with busy falling together; cycles holds until the next start;
        s_axis_x_tready stays low after the last vector (an extra queued vector waits for the next run)."""
        tb = await _init(dut)
        P = tb.P
        layer = tb.layer(P["MAX_P"], P["MAX_Q"], 3)
        extra = tb.layer(P["MAX_P"], P["MAX_Q"], 1)
        extra.Wp, extra.bias, extra.w_words, extra.b_words = layer.Wp, layer.bias, layer.w_words, layer.b_words
        from swm.golden import layer_int

        extra.y = layer_int(extra.x, layer.Wp, layer.bias, layer.lp, _dcfg(P))
        tbh.apply_pauses(tb.sink_y, tb.prng, 0.5)
        await tb.load_layer(layer)
        for f in layer.x_frames() + extra.x_frames():
            tb.src_x.send_nowait(f)
        await tb.start_checked(layer.cfg(), expect_error=False)
        cycles = await tb.wait_done(tb.limit(layer))
        # in the done cycle: busy already low
        assert int(dut.busy.value) == 0, "busy still high in the done cycle"
        for c in range(40):
            await RisingEdge(dut.clk)
            assert int(dut.done.value) == 0, f"done high again {c + 1} cycles after the pulse"
            assert int(dut.busy.value) == 0
            assert int(dut.cycles.value) == cycles, f"cycles changed {cycles} -> {int(dut.cycles.value)} after done"
            assert int(dut.s_axis_x_tready.value) == 0, "s_axis_x_tready high after the run"
        await tb.outputs(layer, tag="run")
        assert tb.sink_y.empty(), "output beyond cfg_count vectors"
        assert not tb.src_x.idle(), "the extra input vector was consumed after the last vector of the run"
        # a refused start does not touch cycles either
        await tb.start_checked(dict(layer.cfg(), count=0), expect_error=True)
        assert int(dut.cycles.value) == cycles, "cycles changed at a refused start"
        # the next run consumes the waiting vector
        await tb.start_checked(layer.cfg(count=1), expect_error=False)
        cycles2 = await tb.wait_done(tb.limit(extra))
        await tb.outputs(extra, tag="next run (queued vector)")
        assert tb.src_x.idle()
        dut._log.info("cycles %d then %d; done/busy/cycles timing ok", cycles, cycles2)

    @cocotb.test()
    async def cycle_model_exact(dut):
        """Stall-free runs: the cycles output equals swm.perf.layer_cycles exactly, for $SWM_SHAPES."""
        from swm import perf

        tb = await _init(dut)
        P = tb.P
        shapes = json.loads(os.environ.get("SWM_SHAPES", "[]"))
        assert shapes, "no shapes"
        for p, q, n in shapes:
            layer = tb.layer(p, q, n)
            cycles = await tb.run(layer, tag=f"p{p} q{q} n{n}")
            rows = P.get("ROWS", 1)
            model = perf.layer_cycles(p, q, P["K"], P["LANES"], n, rows)
            print(f"PERF-EXACT K={P['K']} LANES={P['LANES']} ROWS={rows} p={p} q={q} n={n} measured={cycles} "
                  f"model={model}")
            assert cycles == model, (f"K={P['K']} LANES={P['LANES']} ROWS={rows} p={p} q={q} n={n}: measured cycles "
                                     f"{cycles} != swm.perf.layer_cycles {model} (difference {cycles - model})")


# ---------------------------------------------------------------------------------------------
# pytest side
# ---------------------------------------------------------------------------------------------
def layer_params(K: int, lanes: int, max_p: int, max_q: int, wset: str = "w16", rm: int = 0, rows: int = 1) -> dict:
    """RTL parameters of a case (swm.fixed.DatapathConfig.rtl_params; AW the smallest the RTL accepts)."""
    return layer_config(K, WIDTH_SETS[wset], rm, max_q).rtl_params(lanes, max_p, max_q, rows=rows)


def sources(hw_dir: Path = HW) -> list[Path]:
    """Sources of swm_bc_layer (hw/swm_bc_layer.f), taken from hw_dir (a mutated copy of hw/)."""
    return [Path(hw_dir) / src.name for src in top_sources(TOP)]


def run_control(P: dict, sim: str, case: str, testcase: str | None = None, hw_dir: Path = HW,
                shapes: list | None = None) -> None:
    """Build swm_bc_layer (from hw_dir) with P and run this module's cocotb tests (or one testcase)."""
    env = {"SWM_PARAMS": json.dumps(P), "SWM_SHAPES": json.dumps(shapes or [])}
    if testcase:
        env["COCOTB_TEST_FILTER"] = testcase
    run_cocotb(TOP, sources(hw_dir), TEST_MODULE, P, sim, case, extra_env=env)


# control tests: small layer so every case is quick; MAX_P = MAX_Q = 2 makes p = 3 and q = 3
# representable on the 2-bit cfg_p / cfg_q ports (bad values above MAX_P / MAX_Q)
CONTROL = dict(K=8, lanes=2, max_p=2, max_q=2)
QUICK_SHAPES = [[2, 2, 3], [1, 2, 2], [2, 1, 4], [1, 1, 1]]


@pytest.mark.parametrize("sim", SIMULATORS)
def test_swm_bc_layer_control(sim):
    """All directed run-control tests plus the exact cycle model on a small layer (K=8, LANES=2, 2 x 2)."""
    P = layer_params(CONTROL["K"], CONTROL["lanes"], CONTROL["max_p"], CONTROL["max_q"])
    run_control(P, sim, "control_K8_L2_P2Q2", shapes=QUICK_SHAPES)


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("K,lanes,wset,rm", [(4, 1, "w12", 1), (16, 4, "w12", 0), (64, 2, "w16", 1)])
def test_swm_bc_layer_control_full(K, lanes, wset, rm, sim):
    """The directed run-control tests for other K, LANES, widths and rounding modes."""
    P = layer_params(K, lanes, 2, 2, wset, rm)
    run_control(P, sim, f"control_K{K}_L{lanes}_{wset}_rm{rm}_P2Q2", shapes=[[2, 2, 2], [1, 2, 3]])


# (K, LANES, MAX_P, MAX_Q, shapes [p, q, n]): MAC-bound, output-bound and input-bound shapes
EXACT = [
    (4, 1, 3, 4, [[3, 1, 4], [1, 4, 3], [3, 4, 2], [2, 3, 1]]),
    (8, 1, 2, 5, [[2, 5, 4], [1, 5, 2], [2, 1, 3]]),
    (16, 2, 4, 4, [[4, 4, 3], [1, 4, 2], [4, 1, 2], [3, 2, 1]]),
    (16, 4, 16, 16, [[16, 16, 2], [2, 16, 2], [16, 2, 2]]),
    (32, 2, 3, 3, [[3, 3, 2], [1, 3, 2], [3, 1, 2]]),
    (64, 2, 3, 2, [[3, 2, 2], [1, 2, 3]]),
    (64, 8, 2, 4, [[2, 4, 2], [2, 1, 2]]),
]


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("K,lanes,max_p,max_q,shapes", EXACT, ids=[f"K{c[0]}-L{c[1]}-P{c[2]}Q{c[3]}" for c in EXACT])
def test_swm_bc_layer_cycles_exact(K, lanes, max_p, max_q, shapes, sim):
    """Stall-free cycles == swm.perf.layer_cycles exactly over several (K, LANES, p, q, n)."""
    P = layer_params(K, lanes, max_p, max_q, "w12")
    run_control(P, sim, f"exact_K{K}_L{lanes}_P{max_p}Q{max_q}", testcase="cycle_model_exact", shapes=shapes)


# ROWS block rows at once: MAX_P = 3 gives a short last row group at p = 3 and p = 1 < ROWS
CONTROL_ROWS = dict(K=8, lanes=2, rows=2, max_p=3, max_q=2)
QUICK_SHAPES_ROWS = [[3, 2, 3], [1, 2, 2], [3, 1, 4], [2, 2, 2]]


@pytest.mark.parametrize("sim", SIMULATORS)
def test_swm_bc_layer_control_rows(sim):
    """The directed run-control tests and the exact cycle model with ROWS = 2 (K=8, LANES=2, 3 x 2)."""
    c = CONTROL_ROWS
    P = layer_params(c["K"], c["lanes"], c["max_p"], c["max_q"], rows=c["rows"])
    run_control(P, sim, "control_K8_L2_R2_P3Q2", shapes=QUICK_SHAPES_ROWS)


# (K, LANES, ROWS, MAX_P, MAX_Q, shapes [p, q, n]): MAC-bound, output-bound and input-bound
# shapes, short last row groups (p % ROWS != 0) and p < ROWS
EXACT_ROWS = [
    (4, 1, 2, 5, 4, [[5, 1, 4], [1, 4, 3], [5, 4, 2], [2, 3, 2], [4, 1, 3]]),
    (4, 2, 4, 5, 2, [[5, 2, 3], [4, 1, 3], [3, 2, 2], [1, 1, 2]]),
    (8, 1, 2, 5, 5, [[5, 5, 3], [2, 5, 2], [5, 1, 3], [3, 2, 2]]),
    (8, 4, 4, 8, 3, [[8, 3, 3], [7, 1, 3], [8, 1, 2], [1, 3, 2], [6, 3, 2]]),
    (16, 2, 2, 4, 4, [[4, 4, 3], [1, 4, 2], [4, 1, 2], [3, 2, 2]]),
    (16, 8, 2, 6, 3, [[6, 3, 3], [5, 1, 3], [6, 1, 2], [2, 3, 2], [5, 3, 2]]),
    (16, 8, 4, 16, 16, [[16, 16, 2], [15, 2, 2], [2, 16, 2], [13, 16, 2]]),
    (32, 4, 2, 3, 3, [[3, 3, 2], [1, 3, 2], [3, 1, 2]]),
    (64, 8, 2, 3, 2, [[3, 2, 2], [1, 2, 3], [2, 1, 2]]),
]


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("K,lanes,rows,max_p,max_q,shapes", EXACT_ROWS,
                         ids=[f"K{c[0]}-L{c[1]}-R{c[2]}-P{c[3]}Q{c[4]}" for c in EXACT_ROWS])
def test_swm_bc_layer_cycles_exact_rows(K, lanes, rows, max_p, max_q, shapes, sim):
    """Stall-free cycles == swm.perf.layer_cycles(..., rows) exactly with ROWS = 2 and 4."""
    P = layer_params(K, lanes, max_p, max_q, "w12", rows=rows)
    run_control(P, sim, f"exact_K{K}_L{lanes}_R{rows}_P{max_p}Q{max_q}", testcase="cycle_model_exact", shapes=shapes)
