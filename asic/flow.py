"""`make asic`: the open ASIC flow of one hardware configuration on the OSU 0.18 um cells.

Steps (one line each on the terminal; full logs in the build directory):

1. ``synth``  Yosys: the configuration's top with its parameters -> OSU 0.18 um cells, hierarchy
   kept for the area by block, checked for latches and unmapped cells, then flattened
   (asic/synth.py);
2. ``timing`` OpenSTA at the configuration's clock with the one constraint.sdc (asic/sta.py);
3. ``gatesim`` the netlist on the cells' Verilog models under the RTL's cocotb testbench, on the
   MNIST workload (asic/workload.py), bit-exact against swm.golden, dumping a VCD (verif/gate/);
4. ``power``  per-net toggle rates and static probabilities from the VCD (pyvcd,
   asic/activity.py) as ``set_power_activity`` commands, then ``report_power``;
5. ``report`` report.json + report.md in build/asic/<config>[-macro]/.

The run is built in ``<out>.tmp`` and renamed into place when every step has passed, so a failed
run leaves the previous results untouched (and its logs in ``<out>.tmp``).

``python -m asic.flow --config small [--clock-mhz F] [--mem flops|macro] [--flow open|orfs]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from asic import activity as act
from asic import orfs, sta, synth
from asic.errors import AsicError
from swm import hwconfig
from swm.errors import SwmError

ROOT = hwconfig.ROOT
BUILD = ROOT / "build" / "asic"
MACRO_MODEL = ROOT / "hw" / "swm_sram_1r1w.v"             # the macro's behavioural model (black box in synthesis)
SIM_CLOCK_NS = 10.0   # the testbench's clock (verif.common.tb.start_clock)
DEFAULT_VECTORS = 16
DEFAULT_NET_INPUTS = 2   # a network's RTL VCD (every signal, memories included) is hundreds of MB per input


def _loud() -> bool:
    return os.environ.get("V", "0") not in ("", "0")


def _say(step: str, msg: str) -> None:
    print(f"asic: {step:<8} {msg}", flush=True)


def _run(cmd: list[str], log: Path, what: str, cwd: Path = ROOT) -> None:
    """Run a tool with its output in ``log`` (and on the terminal with V=1); AsicError on failure."""
    if shutil.which(cmd[0]) is None:
        raise AsicError(f"{cmd[0]} not found: run `make setup` (Debian packages yosys, opensta)")
    with open(log, "w") as fh:
        if _loud():
            p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for line in p.stdout:
                fh.write(line)
                sys.stdout.write(line)
            rc = p.wait()
        else:
            rc = subprocess.run(cmd, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT).returncode
    if rc != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-8:])
        how = f"crashed (signal {-rc}, a tool defect)" if rc < 0 else f"failed (exit {rc})"
        raise AsicError(f"{what} {how}; full log: {log}\n{tail}")


MAX_FLOP_MEMORY_BITS = 1 << 18  # weight + bias bits the flow builds from flip-flops (small: 2 624)


def flop_memory_bits(params: dict) -> int:
    """Bits of the weight and bias memories of swm_bc_layer with these parameters (as in the RTL)."""
    K, lanes, rows = params["K"], params["LANES"], params.get("ROWS", 1)
    words = -(-params["MAX_P"] // rows) * params["MAX_Q"] * (K // 2 // lanes)
    return words * rows * lanes * 2 * params["WW"] + params["MAX_P"] * K * params["FW"]


def expected_macros(params: dict) -> int:
    """swm_sram_1r1w instances of swm_bc_layer: the weight RAM's banks (swm.limits.W_BANK_DEPTH words
    each), the bias RAM and one X-buffer RAM per lane."""
    from swm.limits import W_BANK_DEPTH

    words = -(-params["MAX_P"] // params.get("ROWS", 1)) * params["MAX_Q"] * (params["K"] // 2 // params["LANES"])
    return -(-words // W_BANK_DEPTH) + 1 + params["LANES"]


def _stage_params(stage: dict) -> dict:
    """swm_bc_layer-style parameters (MAX_P/MAX_Q) of one stage of a compiled network's build.json."""
    rp = stage["rtl_params"]
    return dict(rp, MAX_P=rp["P"], MAX_Q=rp["Q"])


def memory_bits(hw) -> int:
    """Weight and bias memory bits of a configuration or of every stage of a compiled network."""
    if isinstance(hw, hwconfig.NetConfig):
        return sum(int(st["weight_bits"]) + int(st["bias_bits"]) for st in hw.build["stages"])
    return flop_memory_bits(hw.rtl_params())


def macros_of(hw) -> int | None:
    """SRAM black boxes MEM=macro must find (every stage's, for a compiled network); None when a
    network has a stage other than block-circulant (its RAMs are not counted here)."""
    if isinstance(hw, hwconfig.NetConfig):
        if any(st.get("type", "bc_linear") != "bc_linear" for st in hw.build["stages"]):
            return None
        return sum(expected_macros(_stage_params(st)) for st in hw.build["stages"])
    return expected_macros(hw.rtl_params())


def sources_for(hw, mem: str) -> tuple[list[Path], list[Path]]:
    """(synthesised sources, black-box model sources) of a configuration in memory mode ``mem``."""
    srcs = hw.sources()
    if mem == "flops":
        return srcs, []
    # swm_load_ram keeps its word array in swm_sram_1r1w: read as a black box instead
    return [s for s in srcs if s != MACRO_MODEL], [MACRO_MODEL]


def run_flow(config: str, clock_mhz: float | None = None, mem: str = "flops", vectors: int | None = None,
             out: Path | None = None) -> dict:
    """Run every step of the open flow; returns the report (also written to <out>/report.json)."""
    if mem not in ("flops", "macro"):
        raise AsicError(f"MEM={mem} is unknown: use MEM=flops (flip-flop memories) or MEM=macro (SRAM black box)")
    hw = hwconfig.load(config)
    is_net = isinstance(hw, hwconfig.NetConfig)
    if vectors is None:
        vectors = DEFAULT_NET_INPUTS if is_net else DEFAULT_VECTORS
    if vectors < 1:
        raise AsicError(f"--vectors {vectors}: need at least one input")
    mhz = clock_mhz if clock_mhz is not None else hw.clock_mhz
    if not mhz > 0:
        raise AsicError(f"CLOCK_MHZ={mhz} must be > 0")
    period = 1000.0 / mhz
    params = hw.rtl_params()
    mem_bits = memory_bits(hw)
    if mem == "flops" and mem_bits > MAX_FLOP_MEMORY_BITS:
        raise AsicError(f"configuration {hw.name!r} has {mem_bits} weight/bias memory bits, too many for flip-flops "
                        f"(limit {MAX_FLOP_MEMORY_BITS}: Yosys would run for hours); use MEM=macro")
    name = hw.name + ("-macro" if mem == "macro" else "")
    final = Path(out).resolve() if out else BUILD / name   # absolute: the RTL simulation runs elsewhere
    work = final.with_name(final.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    t_start = time.time()
    report: dict = dict(config=hw.to_dict(), mem=mem, clock_mhz=mhz, rtl_params=params,
                        tools=dict(yosys=_version(["yosys", "-V"]), sta=_version(["sta", "-version"]),
                                   liberty=str(synth.LIBERTY)))

    # 1. synthesis
    t = time.time()
    srcs, models = sources_for(hw, mem)
    (work / "synth.ys").write_text(synth.yosys_script(hw.design, srcs, params, work, models, period))
    _run(["yosys", "-l", str(work / "synth.log"), "-q", "-s", str(work / "synth.ys")], work / "yosys.out", "Yosys synthesis")
    s = synth.summarise(work, hw.design)
    if s.latches:
        raise AsicError(f"synthesis inferred {s.latches} latch cell(s); see {work / 'synth.log'}")
    if s.unmapped:
        raise AsicError(f"synthesis left unmapped cells {s.unmapped}; see {work / 'synth.log'}")
    if mem == "macro" and macros_of(hw) is not None and len(s.macros) != macros_of(hw):
        raise AsicError(f"MEM=macro expected {macros_of(hw)} SRAM macros (u_wmem banks, u_bmem, u_xbuf lanes), "
                        f"found {len(s.macros)}")
    conn = synth.write_netlist(work / "flat.json", hw.design, work / "netlist.v", work / "names.json")
    _say("synth", f"{s.cells} cells ({s.flops} flip-flops), area {s.area_total:,.0f} um2, no latches, "
                  f"no unmapped cells [{time.time() - t:.0f} s]")

    # 2. timing
    t = time.time()
    committed = orfs.ORFS_DIR / hw.name / "constraint.sdc"
    sdc_txt = orfs.sdc_for(hw, mhz)
    if committed.is_file() and committed.read_text() == sdc_txt:
        sdc = committed  # the very file ORFS uses
    else:
        sdc = work / "constraint.sdc"
        sdc.write_text(sdc_txt)
    (work / "timing.tcl").write_text(sta.sta_script(hw.design, work / "netlist.v", sdc, None, work) + "exit\n")
    _run(["sta", "-no_splash", "-exit", str(work / "timing.tcl")], work / "timing.log", "OpenSTA timing")
    timing = sta.parse_timing(work / "timing.rpt", period)
    names = conn["names"]
    for k in ("startpoint", "endpoint"):
        inst = timing[k].split("/")[0]
        timing[k + "_yosys"] = names["registers"].get(inst) or names["cells"].get(inst) or timing[k]
    fmax = timing["fmax_mhz"]
    _say("timing", f"{mhz:g} MHz: worst slack {timing['worst_slack_ns']:.2f} ns, Fmax {fmax:.1f} MHz "
                   f"({timing['startpoint_yosys']} -> {timing['endpoint_yosys']}) [{time.time() - t:.0f} s]")

    if is_net:
        # a network's gate-level run (weight load + inputs through every stage) is too long on this
        # netlist size: the activity comes from its RTL on Verilator, mapped onto the netlist
        t = time.time()
        from asic.rtl_activity import net_activity

        acts, rtl = net_activity(hw.source, vectors, work / "flat.json", hw.design, conn["nets"], work / "rtl",
                                 SIM_CLOCK_NS)
        _say("activity", f"{rtl['inputs']} test {rtl['unit']} classified equal to golden on the RTL (Verilator); "
                         f"{rtl['window_cycles']} cycles mapped onto the netlist: {rtl['nets_from_rtl']} nets from "
                         f"the RTL, {rtl['nets_derived']} derived from their cells, {rtl['nets_unknown']} without "
                         f"activity [{time.time() - t:.0f} s]")
        power, cover = _power(hw, work, sdc, acts, conn)
        steady = _steady_cycles(hw, rtl)
        energy = _energy(power, mhz, rtl["window_cycles"] / rtl["inputs"], steady, rtl["unit"][:-1],
                         f"{rtl['inputs']} {rtl['unit']}")
        _say("power", _power_line(power, energy))
        report.update(
            area=_area(s, mem), timing=timing, power=power, energy=energy, gatesim=None,
            activity=dict(source="rtl", window_ns=rtl["window_ns"], window_cycles=rtl["window_cycles"],
                          sim_clock_ns=SIM_CLOCK_NS, rtl=rtl, **cover),
            power_note=("activity from the RTL simulation (Verilator) mapped onto the netlist: named nets take the "
                        "RTL's values, the others are computed from their cells (asic/rtl_activity.py; zero-delay, "
                        "no glitches)"),
            sdc=str(sdc if sdc == committed else final / "constraint.sdc"),
            logs={k: str(final / v) for k, v in dict(synth="synth.log", timing="timing.log", timing_report="timing.rpt",
                                                         power="power.log", power_report="power.rpt",
                                                         netlist="netlist.v").items()},
            runtime_s=round(time.time() - t_start, 1))
        return _publish(report, work, final)

    # 3. workload + gate-level simulation
    t = time.time()
    from asic.workload import make_workload, write_workload
    from verif.gate.gate_tb import GateSimError, run_gate_sim

    wl = make_workload(hw, vectors)
    wl_path = write_workload(wl, hw, work / "workload")
    vcd = work / "gatesim" / "activity.vcd"
    try:
        gate = run_gate_sim(work / "netlist.v", wl_path, params, work / "gatesim", vcd,
                            models + ([work / "macros.v"] if conn["macros"] else []))
    except GateSimError as e:
        raise AsicError(str(e)) from None
    _say("gatesim", f"{vectors} MNIST vectors bit-exact on the netlist ({gate['cycles']} cycles, model "
                    f"{gate['model_cycles']}) [{time.time() - t:.0f} s]")

    # 4. power from the VCD
    t = time.time()
    acts = act.read_activity(vcd, hw.design, gate["t0_ns"], gate["t1_ns"], SIM_CLOCK_NS)
    power, cover = _power(hw, work, sdc, acts, conn)
    window_cycles = (gate["t1_ns"] - gate["t0_ns"]) / SIM_CLOCK_NS
    energy = _energy(power, mhz, window_cycles / gate["vectors"], hw.cycles_per_vector(), "vector",
                     f"{gate['vectors']} vectors", f"swm.perf's cycles per vector of the configuration's "
                                                   f"{hw.p} x {hw.q}-block layer")
    _say("power", _power_line(power, energy) + f" [{time.time() - t:.0f} s]")

    # 5. the same workload on the RTL, its activity mapped onto the netlist: the check of the method
    # that gives a network top its power (no gate-level run there)
    t = time.time()
    from asic.rtl_activity import layer_activity

    acts_rtl, rtl = layer_activity(hw, params, wl_path, work / "flat.json", conn["nets"],
                                   work / "rtl", SIM_CLOCK_NS)
    power_rtl, _ = _power(hw, work / "rtl", sdc, acts_rtl, conn, netlist=work / "netlist.v")
    rtl.update(power_w=power_rtl["total_w"], gate_power_w=power["total_w"],
               ratio=power_rtl["total_w"] / power["total_w"])
    _say("rtl-check", f"power from the RTL's activity mapped onto the netlist {power_rtl['total_w'] * 1e3:.3f} mW "
                      f"= {100 * rtl['ratio']:.2f} % of the gate-level figure [{time.time() - t:.0f} s]")

    report.update(
        area=_area(s, mem),
        timing=timing, power=power, energy=energy,
        activity=dict(source="gate", vcd=str(final / "gatesim" / "activity.vcd"),
                      window_ns=[gate["t0_ns"], gate["t1_ns"]], window_cycles=window_cycles,
                      sim_clock_ns=SIM_CLOCK_NS, **cover),
        rtl_activity_check=rtl,
        gatesim=dict(gate, workload=wl.description, labels=[int(v) for v in wl.labels]),
        sdc=str(sdc if sdc == committed else final / "constraint.sdc"),
        logs={k: str(final / v) for k, v in dict(synth="synth.log", timing="timing.log", timing_report="timing.rpt",
                                                     power="power.log", power_report="power.rpt",
                                                     gatesim="gatesim/sim.log", netlist="netlist.v").items()},
        runtime_s=round(time.time() - t_start, 1))
    return _publish(report, work, final)


def _power(hw, work: Path, sdc: Path, acts: dict, conn: dict, netlist: Path | None = None) -> tuple[dict, dict]:
    """OpenSTA's power of ``netlist`` (default ``work``/netlist.v) with these per-net activities:
    (power, annotation coverage); activity.tcl, power.tcl, power.rpt and power.log in ``work``."""
    inputs = {p: w for p, (d, w) in conn["ports"].items() if d == "input"}
    cover = act.activity_tcl(acts, conn["pins"], inputs, sta.CLOCK_PORT, work / "activity.tcl")
    netlist = netlist or work / "netlist.v"
    (work / "power.tcl").write_text(sta.sta_script(hw.design, netlist, sdc, work / "activity.tcl", work) + "exit\n")
    _run(["sta", "-no_splash", "-exit", str(work / "power.tcl")], work / "power.log", "OpenSTA power")
    try:
        power = sta.parse_power(work / "power.rpt")
    except AsicError:   # report_power stopped on a NaN cell power (OpenSTA 2019): sum the instances
        (work / "power_sum.tcl").write_text(sta.power_sum_script(hw.design, netlist, sdc, work / "activity.tcl", work)
                                            + "exit\n")
        _run(["sta", "-no_splash", "-exit", str(work / "power_sum.tcl")], work / "power_sum.log", "OpenSTA power sum")
        power = sta.parse_power_sum(work / "power_sum.txt")
    if not power["total_w"] > 0:
        raise AsicError(f"OpenSTA reported no power; see {work / 'power.log'}")
    return power, cover


def _energy(power: dict, mhz: float, run_cycles: float, steady_cycles: float, unit: str, simulated: str,
            steady_from: str = "swm.perf's interval of the compiled network for these inputs") -> dict:
    """Energy per input (power x cycles / f) over the simulated run and at the steady-state interval."""
    return dict(
        per_vector_run_nj=power["total_w"] * run_cycles / (mhz * 1e6) * 1e9,
        run_cycles_per_vector=run_cycles,
        per_vector_steady_nj=power["total_w"] * steady_cycles / (mhz * 1e6) * 1e9,
        steady_cycles_per_vector=steady_cycles, unit=unit,
        note=(f"power x cycles / f: 'run' uses the simulated window (first input to last result, fill and drain "
              f"included) divided by the {simulated}; 'steady' uses {steady_from}"))


def _power_line(power: dict, energy: dict) -> str:
    return (f"{power['total_w'] * 1e3:.3f} mW total (internal {power['internal_w'] * 1e3:.3f}, switching "
            f"{power['switching_w'] * 1e3:.3f}, leakage {power['leakage_w'] * 1e6:.3f} uW); "
            f"{energy['per_vector_run_nj']:.3f} nJ per {energy['unit']}")


def _steady_cycles(hw, rtl: dict) -> float:
    """Cycles per input at the steady state for the simulated inputs: the model's interval of the
    compiled network (for sequences, at their own lengths)."""
    if rtl.get("lengths"):
        from verif.swm_net.run_net import sequence_model_interval

        return sequence_model_interval(hw.build, rtl["lengths"])
    return float(hw.cycles_per_vector())


def _area(s, mem: str) -> dict:
    return dict(total_um2=s.area_total, blocks_um2=s.area_blocks, cells=s.cells, flops=s.flops,
                latches=s.latches, unmapped=s.unmapped, cell_types=s.cell_types,
                macros=s.macros, macro_area_note=("SRAM macro area excluded (black box, no OSU 0.18 um SRAM)"
                                                  if mem == "macro" else None))


def _publish(report: dict, work: Path, final: Path) -> dict:
    """Write report.json/.md and move the complete result into place."""
    (work / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    (work / "report.md").write_text(report_md(report))
    if final.exists():
        shutil.rmtree(final)
    work.rename(final)
    _say("report", f"{final / 'report.md'}")
    return report


def _version(cmd: list[str]) -> str:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def _power_md(r: dict) -> str:
    """The power and energy section (or why there is none)."""
    p, e = r["power"], r["energy"]
    if p is None:
        return f"## Power\n\nNot measured: {r['power_note']}.\n\n"
    a = r["activity"]
    unit = e.get("unit", "vector")
    if a.get("source") == "rtl":
        rtl = a["rtl"]
        how = "activity from the RTL simulation mapped onto the netlist"
        where = (f"Workload: {rtl['inputs']} test {rtl['unit']} of the network's dataset on the RTL (Verilator), every "
                 f"class equal to the golden model; {a['window_cycles']} cycles from the first input to the last "
                 f"result. Activity per net: {rtl['nets_from_rtl']} nets named in the RTL take its values, "
                 f"{rtl['nets_derived']} are computed from their cells, cycle by cycle (zero delay: no glitches); "
                 f"{rtl['nets_unknown']} depend on logic outside the simulated `swm_net` (the register block and "
                 f"the host-side slices of `swm_accel`) and keep OpenSTA's default activity. {rtl['nets_checked']} "
                 f"nets known both ways agree. On `small` this method gives the gate-level run's power within "
                 f"the `rtl-check` figure of its report.")
    else:
        how = "activity from the gate-level simulation"
        chk = r.get("rtl_activity_check")
        where = (f"Workload: {r['gatesim']['workload']}. {r['gatesim']['vectors']} vectors, bit-exact against "
                 f"swm.golden on the netlist; {a['nets_annotated']} nets annotated from the VCD over "
                 f"{a['window_cycles']:.0f} cycles.")
        if chk:
            where += (f" Check of the RTL-activity method (used for network tops): the same workload on the RTL, "
                      f"its activity mapped onto the netlist, gives {chk['power_w'] * 1e3:.4f} mW, "
                      f"{100 * chk['ratio']:.2f} % of the figure above.")
    macro = ("The SRAM macros' own read/write and leakage power is not included (a black box has no liberty power "
             "model); everything around them is.\n\n" if r["mem"] == "macro" else "")
    if p.get("nan_cells"):
        macro += (f"OpenSTA 2019-11 gives NaN as the internal power of {p['nan_cells']} cells (e.g. "
                  f"{', '.join(p['nan_cell_examples'][:3])}) and stops its power report there: the figures are the "
                  f"sum of every instance's power, those cells' internal power left out.\n\n")
    return f"""## Power at {r['clock_mhz']:g} MHz, {how}

| internal | switching | leakage | total |
| ---: | ---: | ---: | ---: |
| {p['internal_w'] * 1e3:.4f} mW | {p['switching_w'] * 1e3:.4f} mW | {p['leakage_w'] * 1e6:.4f} uW | {p['total_w'] * 1e3:.4f} mW |

{macro}Energy per input {unit}: **{e['per_vector_run_nj']:.3f} nJ** over the simulated run ({e['run_cycles_per_vector']:.1f} cycles per {unit}),
{e['per_vector_steady_nj']:.3f} nJ at the steady-state {e['steady_cycles_per_vector']:.0f} cycles per {unit} (swm.perf).

{where}

"""


def report_md(r: dict) -> str:
    """The human table of a report."""
    a, t, c = r["area"], r["timing"], r["config"]
    tot = a["total_um2"]
    labels = dict(fft="FFT (u_rfft, u_irfft)", mac="MAC array (u_mac)", buffers="buffers (u_xbuf, u_ybuf)",
                  memories="memories (u_wmem, u_bmem)", control="control (the rest)")
    rows = [f"| {labels[b]} | {a['blocks_um2'][b]:,.0f} | {100 * a['blocks_um2'][b] / tot:.1f} % |"
            for b in ("fft", "mac", "buffers", "control", "memories")]
    mem_note = (f"\nMemories: {a['macro_area_note']}; the row above is their wrapper logic only.\n"
                if a.get("macro_area_note") else "\nMemories are flip-flop arrays (OSU 0.18 um has no SRAM compiler).\n")
    return f"""# ASIC open flow: `{c['name']}` on OSU 0.18 um (MEM={r['mem']})

{c['description']}; RTL parameters {', '.join(f'{k} = {v}' for k, v in r['rtl_params'].items() if k not in ('TWIDDLE_FILE', 'ROM_DIR'))}.
Tools: {r['tools']['yosys']}; OpenSTA {r['tools']['sta']}; liberty {r['tools']['liberty']} (typical, 1.8 V, 25 C).

## Area (cell area, um2; {a['cells']} cells, {a['flops']} flip-flops, {a['latches']} latches, {len(a['unmapped'])} unmapped)

| block | area | share |
| --- | ---: | ---: |
{chr(10).join(rows)}
| **total** | **{tot:,.0f}** | 100 % |
{mem_note}
## Timing at {r['clock_mhz']:g} MHz (period {t['period_ns']:.3f} ns; I/O delays 20 % of the period)

| worst slack | WNS | critical path (period - slack) | Fmax |
| ---: | ---: | ---: | ---: |
| {t['worst_slack_ns']:.3f} ns | {t['wns_ns']:.3f} ns | {t['critical_path_ns']:.3f} ns | {t['fmax_mhz']:.1f} MHz |

Critical path: `{t['startpoint_yosys']}` -> `{t['endpoint_yosys']}` (netlist `{t['startpoint']}` -> `{t['endpoint']}`).

{_power_md(r)}Logs: {', '.join(f'{k} `{v}`' for k, v in r['logs'].items())}.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="make asic", description=__doc__.splitlines()[0])
    ap.add_argument("--config", default="small",
                    help="hardware configuration name (hw/configs/), .json path, or `swm compile` output directory")
    ap.add_argument("--clock-mhz", type=float, default=None, help="clock (default: the configuration's clock_mhz)")
    ap.add_argument("--mem", default="flops", help="flops (default) or macro (weight/bias RAMs as SRAM black boxes)")
    ap.add_argument("--flow", default="open", help="open (yosys + OpenSTA here, default) or orfs (OpenROAD-flow-scripts)")
    ap.add_argument("--vectors", type=int, default=None,
                    help=f"inputs of the power simulation (default {DEFAULT_VECTORS} MNIST vectors for a layer "
                         f"configuration, {DEFAULT_NET_INPUTS} test inputs for a compiled network)")
    ap.add_argument("--out", type=Path, default=None, help="output directory (default build/asic/<config>[-macro])")
    a = ap.parse_args(argv)
    try:
        if a.flow == "orfs":
            hw = hwconfig.load(a.config)
            flow = orfs.require_orfs(hw)
            d = orfs.ORFS_DIR / hw.name
            if not (d / "config.mk").is_file():
                d = orfs.write_design(hw, BUILD / hw.name / "orfs")
            return subprocess.run(["make", "-C", str(flow), f"DESIGN_CONFIG={d / 'config.mk'}"]).returncode
        if a.flow != "open":
            raise AsicError(f"FLOW={a.flow} is unknown: use FLOW=open (default) or FLOW=orfs")
        run_flow(a.config, a.clock_mhz, a.mem, a.vectors, a.out)
    except SwmError as e:  # AsicError included
        print(f"make asic: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
