"""Gate-level simulation of a synthesised swm_bc_layer netlist under the RTL's cocotb testbench.

:func:`run_gate_sim` builds the flat netlist (asic/synth.py's ``netlist.v``) with the OSU 0.18 um
cells' Verilog models (``osu018_stdcells.v``) on Icarus and runs the cocotb test
``gate_layer_matches_golden`` of verif/gate/test_gate_level.py: LayerTB (the RTL engine's
testbench class) loads the workload's weights and bias, streams its input vectors, and every
output sample is compared with the golden model's; a VCD of the netlist's nets is dumped when asked.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from cocotb_tools.runner import Icarus, get_results

from verif.common.sim import ROOT, _excerpt, simulator_env, verbose

TOP = "swm_bc_layer"
TEST_MODULE = "verif.gate.test_gate_level"
CELL_MODELS = Path("/usr/share/qflow/tech/osu018/osu018_stdcells.v")
VCD_DUMPER = Path(__file__).with_name("swm_gate_vcd.v")


class _IcarusVcd(Icarus):
    """cocotb's Icarus runner, but vvp keeps its default VCD output (cocotb passes `-none` without waves)
    so that swm_gate_vcd's $dumpfile writes a VCD (cocotb's own waves are FST). cocotb is pinned (2.1.0)."""

    def _test_command(self):
        return [["-vcd" if a == "-none" else a for a in cmd] for cmd in super()._test_command()]


class GateSimError(AssertionError):
    """The gate-level build or simulation failed, or its outputs differ from the golden model."""


def run_gate_sim(netlist: Path, workload: Path, params: dict, work: Path, vcd: Path | None = None,
                 extra_sources: list[Path] | None = None) -> dict:
    """Simulate ``netlist`` on the workload; returns the testbench's result (cycles, window, bit_exact).

    ``params`` are the RTL parameters the netlist was built with (the testbench reads K, LANES, widths
    from them); ``extra_sources`` are behavioural models of black boxes (the SRAM macro).
    Build/simulator output goes to ``work``/build.log and sim.log (V=1: the terminal).
    Raises GateSimError naming the log on any failure.
    """
    simulator_env()
    netlist, workload, work = netlist.resolve(), workload.resolve(), work.resolve()
    vcd = vcd.resolve() if vcd is not None else None
    loud = verbose()
    work.mkdir(parents=True, exist_ok=True)
    build_log, sim_log = work / "build.log", work / "sim.log"
    result = work / "gate_result.json"
    result.unlink(missing_ok=True)
    sources = [netlist, CELL_MODELS, *(extra_sources or [])]
    build_args = []
    if vcd is not None:
        sources.append(VCD_DUMPER)
        build_args = ["-s", "swm_gate_vcd"]
    runner = _IcarusVcd()
    try:
        runner.build(sources=sources, hdl_toplevel=TOP, build_args=build_args, build_dir=work, always=True,
                     timescale=("1ns", "1ps"), verbose=loud, log_file=None if loud else build_log)
    except (RuntimeError, SystemExit) as exc:
        raise GateSimError(f"gate-level build failed ({exc}); full log: {build_log}\n{_excerpt(build_log)}") from None
    env = {"PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "model"), os.environ.get("PYTHONPATH", "")]),
           "SWM_PARAMS": json.dumps(params), "SWM_WORKLOAD": str(workload), "SWM_GATE_RESULT": str(result),
           "SWM_GATE_NETLIST": str(netlist)}
    results_xml = work / "results.xml"
    try:
        runner.test(test_module=TEST_MODULE, hdl_toplevel=TOP, build_dir=work, test_dir=Path(__file__).parent,
                    extra_env=env, plusargs=[f"+swm_vcd={vcd}"] if vcd else [], results_xml=str(results_xml),
                    testcase="gate_layer_matches_golden", verbose=loud, log_file=None if loud else sim_log)
        _, failed = get_results(results_xml)
    except (RuntimeError, SystemExit) as exc:
        raise GateSimError(f"gate-level simulation did not complete ({exc}); full log: {sim_log}\n{_excerpt(sim_log)}") from None
    if failed or not result.exists():
        raise GateSimError(f"gate-level simulation failed (outputs differ from the golden model or no result); "
                           f"full log: {sim_log}\n{_excerpt(sim_log)}")
    return json.loads(result.read_text())
