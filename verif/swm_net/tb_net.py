"""cocotb testbench of a compiled network top (swm_net): load, run, stream images, check classes.

Driven by verif/swm_net/run_net.py through $SWM_NET_STIM (a JSON with the build, the quantised
images and the golden classes); writes $SWM_NET_RESULT. Checks: every class equals the golden
model's, in order, one per image; the stream rules on every port (monitor); the measured interval
between consecutive results (stall-free run) within 5 % of the compiler's model. It also counts,
from the first input to the last class, the share of cycles each stage is busy, input-starved and
output-blocked (the signals behind swm_accel's stall counters), for the benchmark.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import cocotb
from cocotb.triggers import ClockCycles, RisingEdge
from cocotb.utils import get_sim_time
from cocotbext.axi import AxiStreamFrame

from swm.compile import replica_groups, to_load_beats
from swm.memimg import read_hex
from verif.common import tb as tbh
from verif.common.monitor import ProtocolMonitor


async def _count_outputs(dut, times: list[int], first_in: list[int], window_ns: list[float]) -> None:
    """Record the cycle of every class transfer and of the first input sample, and the simulation
    times (ns) of the edges that take the first input and the last class so far (``window_ns``)."""
    cyc = 0
    while True:
        await RisingEdge(dut.clk)
        cyc += 1
        if not first_in and int(dut.s_axis_x_tvalid.value) and int(dut.s_axis_x_tready.value):
            first_in.append(cyc)
            window_ns[:] = [get_sim_time("ns")]
        if int(dut.m_axis_class_tvalid.value) and int(dut.m_axis_class_tready.value):
            times.append(cyc)
            window_ns[1:] = [get_sim_time("ns")]


async def _count_status(dut, counts: dict) -> None:
    """From the first input sample on, count per stage the cycles it is busy, input-starved and
    output-blocked (stage_busy / stage_in_stall / stage_out_stall, the stall counters' events)
    until counts["stop"] is set (the last class)."""
    ns = len(dut.stage_busy)
    for k in ("busy", "in_stall", "out_stall"):
        counts[k] = [0] * ns
    counts["cycles"] = 0
    while not counts.get("stop"):
        await RisingEdge(dut.clk)
        if not counts["cycles"] and not (int(dut.s_axis_x_tvalid.value) and int(dut.s_axis_x_tready.value)):
            continue
        counts["cycles"] += 1
        for k in ("busy", "in_stall", "out_stall"):
            v = int(dut[f"stage_{k}"].value)
            if v:
                for s in range(ns):
                    counts[k][s] += v >> s & 1


async def _watch_stage(dut, s: int, DW: int, expected: list[list[int]], errors: list[str],
                       copy: int | None = None, copies: int = 1) -> None:
    """Compare every output sample of stage s (y<s>, or copy j's y<s>_c<j> inside a replicated group:
    images j, j + copies, ...) with the golden layer output, in order."""
    y = f"y{s}" if copy is None else f"y{s}_c{copy}"
    valid, ready, data = dut[f"{y}_tvalid"], dut[f"{y}_tready"], dut[f"{y}_tdata"]
    images = list(range(len(expected))) if copy is None else list(range(copy, len(expected), copies))
    flat = [(i, k, v) for i in images for k, v in enumerate(expected[i])]
    k = 0
    while k < len(flat):
        await RisingEdge(dut.clk)
        if int(valid.value) and int(ready.value):
            v = data.value
            got = tbh.to_signed(int(v), DW) if v.is_resolvable else str(v)
            img, pos, want = flat[k]
            if got != want and not errors:
                where = f"stage {s}" + ("" if copy is None else f" copy {copy}")
                errors.append(f"{where} output: image {img} sample {pos}: rtl {got} != golden {want}")
            k += 1


def _watch_points(stages: list[dict]) -> list[tuple[int, int | None, int]]:
    """(stage, copy or None, copies) of every stream to check: y<s>, or each copy's output inside a
    replicated group (its last stage's copies are merged into y<s>)."""
    groups = replica_groups([st.get("copies", 1) for st in stages])
    inner = {s: c for f, l, c in groups for s in range(f, l)}
    pts: list[tuple[int, int | None, int]] = []
    for s in range(len(stages)):
        if s in inner:
            pts.extend((s, j, inner[s]) for j in range(inner[s]))
        else:
            pts.append((s, None, 1))
    return pts


@cocotb.test()
async def network_classifies(dut):
    """Load every stage, run, stream the images; every class must equal the golden model's."""
    stim = json.loads(Path(os.environ["SWM_NET_STIM"]).read_text())
    b = stim["build"]
    net = Path(stim["net"])
    DW = b["input"]["width"]
    rng = random.Random(tbh.seed("swm_net"))
    dut.rst.setimmediatevalue(1)
    dut.run.value = 0
    dut.load_sel.value = 0
    src_load = tbh.axis_source(dut, "s_axis_load")
    src_x = tbh.axis_source(dut, "s_axis_x")
    sink = tbh.axis_sink(dut, "m_axis_class")
    ProtocolMonitor(dut, ("s_axis_load", "s_axis_x", "m_axis_class"), name="swm_net monitor").start()
    await tbh.start_clock(dut)
    await tbh.reset(dut)
    # weights and bias of every stage over the one load stream
    for st in b["stages"]:
        if "weights" not in st:   # a stage with nothing to load (max-pool)
            continue
        for sel, mem in ((2 * st["index"], st["weights"]), (2 * st["index"] + 1, st["bias"])):
            words = read_hex(net / mem["file"], mem["width"])
            assert len(words) == mem["words"], f"{mem['file']}: {len(words)} words, build.json says {mem['words']}"
            dut.load_sel.value = sel
            await src_load.send(AxiStreamFrame(to_load_beats(words, mem["width"])))
            await src_load.wait()
            await ClockCycles(dut.clk, 2)
    dut.load_sel.value = (1 << len(dut.load_sel)) - 1   # nothing selected
    dut.run.value = 1
    await ClockCycles(dut.clk, 4)
    assert int(dut.stage_cfg_error.value) == 0, "a stage refused its configuration"
    times: list[int] = []
    first_in: list[int] = []
    window_ns: list[float] = []
    cocotb.start_soon(_count_outputs(dut, times, first_in, window_ns))
    status: dict = {}
    cocotb.start_soon(_count_status(dut, status))
    stage_err: list[str] = []
    watchers = [cocotb.start_soon(_watch_stage(dut, s, DW, stim["stage_out"][s], stage_err, j, c))
                for s, j, c in _watch_points(b["stages"])]
    if stim["pauses"]:
        src_x.set_pause_generator(tbh.pause_generator(rng, 0.2))
        sink.set_pause_generator(tbh.pause_generator(rng, 0.5))
    for img in stim["x"]:
        src_x.send_nowait(AxiStreamFrame([tbh.to_unsigned(int(v), DW) for v in img]))
    got = []
    for _ in stim["x"]:
        fr = await sink.recv()
        assert len(fr.tdata) == 1, f"class frame of {len(fr.tdata)} beats (expected 1 beat with tlast)"
        got.append(int(fr.tdata[0]))
    status["stop"] = True
    for w in watchers:
        await w
    assert not stage_err, stage_err[0]
    tbh.compare(got, stim["classes"], "classes (image order)", lambda i: f"image {i} (label {stim['labels'][i]})")
    assert sink.empty(), "extra class output"
    assert int(dut.argmax_err_len.value) == 0, "argmax saw a vector of the wrong length"
    assert int(dut.stage_cfg_error.value) == 0, "a stage flagged cfg_error (a dense stage: a misframed input vector)"
    n = len(got)
    interval = (times[-1] - times[0]) / (n - 1) if n > 1 else float("nan")
    share = {f"stage_{k}_share": [c / max(status["cycles"], 1) for c in status[k]]
             for k in ("busy", "in_stall", "out_stall")}
    res = dict(images=n, classes=got, out_cycles=times, first_in=first_in[0], status_cycles=status["cycles"], **share,
               latency_cycles=times[0] - first_in[0], interval_cycles=interval,
               # [edge taking the first input, edge after the one taking the last class): the run's window
               window_ns=[window_ns[0], window_ns[1] + tbh.CLOCK_NS],
               model_interval=b["pipeline"]["interval_cycles"], model_latency=b["pipeline"]["latency_cycles"])
    Path(os.environ["SWM_NET_RESULT"]).write_text(json.dumps(res))
    dut._log.info("%d images classified equal to golden; interval %.0f cycles (model %d), latency %d",
                  n, interval, b["pipeline"]["interval_cycles"], res["latency_cycles"])
