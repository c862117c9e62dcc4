"""The ASIC flow's quick checks: ORFS files fresh, one SDC, VCD reader, and mistakes -> one line + exit 2.

The end-to-end run of the open flow (synthesis, timing, gate-level simulation, power) is
verif/gate/test_gate_level.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from asic import orfs
from asic.activity import activity_tcl, read_activity
from asic.errors import AsicError
from swm import hwconfig

ROOT = Path(__file__).resolve().parents[1]


def _flow(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    e = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "model")]))
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "asic.flow", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=e)


def _one_line_error(r: subprocess.CompletedProcess, *words: str) -> None:
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("make asic: error: "), r.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])


@pytest.mark.parametrize("name", hwconfig.available())
def test_orfs_design_fresh(name: str, tmp_path: Path) -> None:
    """asic/orfs/<config>/{config.mk,constraint.sdc} equal a fresh `python -m asic.orfs`."""
    hw = hwconfig.load(name)
    fresh = orfs.write_design(hw, tmp_path)
    for f in ("config.mk", "constraint.sdc"):
        committed = orfs.ORFS_DIR / name / f
        assert committed.is_file(), f"{committed} missing: run `python -m asic.orfs`"
        assert committed.read_text() == (fresh / f).read_text(), f"{committed} is stale: run `python -m asic.orfs`"


def test_orfs_config_mk_content() -> None:
    """config.mk names the design, platform, sources, SDC, utilisation, density and every top parameter."""
    hw = hwconfig.load("small")
    mk = orfs.config_mk(hw)
    for var in ("DESIGN_NAME = swm_bc_layer", "PLATFORM ?= ", "VERILOG_FILES = ", "SDC_FILE = ", "CORE_UTILIZATION ?= ",
                "PLACE_DENSITY ?= ", "VERILOG_TOP_PARAMS = "):
        assert var in mk, var
    params = hw.rtl_params()
    for k, v in params.items():
        assert (f"{k} {v}" in mk) or (k == "TWIDDLE_FILE" and "swm_twiddle_k8_tw16.hex" in mk), k
    for s in hw.sources():
        assert str(s.relative_to(ROOT)) in mk
    sdc = orfs.sdc_for(hw)
    assert "set clk_period 10.0000" in sdc and "set clk_port_name clk" in sdc
    assert "set clk_period 4.0000" in orfs.sdc_for(hw, 250.0)


def test_unknown_config() -> None:
    _one_line_error(_flow("--config", "no_such_config"), "no_such_config", "small")


def test_config_the_rtl_rejects(tmp_path: Path) -> None:
    bad = json.loads((hwconfig.CONFIG_DIR / "small.json").read_text())
    bad["engine"]["lanes"] = 3
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(bad))
    _one_line_error(_flow("--config", str(p)), "LANES")


def test_flop_memories_too_large() -> None:
    """mnist_mlp's 1 Mbit of weights cannot be flip-flops: one line pointing at MEM=macro."""
    from asic.flow import flop_memory_bits
    from swm import hwconfig as hc

    assert flop_memory_bits(hc.load("small").rtl_params()) == 32 * 64 + 32 * 18
    _one_line_error(_flow("--config", "mnist_mlp"), "MEM=macro")


def test_bad_mem_and_clock() -> None:
    _one_line_error(_flow("--mem", "sram"), "MEM=sram")
    _one_line_error(_flow("--clock-mhz", "0"), "CLOCK_MHZ")


def test_missing_orfs() -> None:
    """FLOW=orfs without OpenROAD: one line naming what is missing and the command, exit 2."""
    r = _flow("--flow", "orfs", env={"PATH": "/usr/bin:/bin", "ORFS_ROOT": "", "FLOW_HOME": ""})
    _one_line_error(r, "OpenROAD-flow-scripts", "asic/orfs/small/config.mk")


def test_make_asic_missing_orfs() -> None:
    r = subprocess.run(["make", "-s", "asic", "FLOW=orfs"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, PATH=f"{ROOT / '.venv' / 'bin'}:/usr/bin:/bin", ORFS_ROOT=""))
    assert r.returncode != 0
    assert "make asic: error: FLOW=orfs needs OpenROAD-flow-scripts" in r.stderr


VCD = """$date today $end
$timescale 1ns $end
$scope module swm_bc_layer $end
$var wire 1 ! clk $end
$var wire 1 " n5 $end
$var wire 2 # d [1:0] $end
$upscope $end
$enddefinitions $end
#0
0!
0"
b00 #
#5
1!
1"
b01 #
#10
0!
b11 #
#15
1!
0"
#20
0!
b10 #
#25
1!
#30
0!
"""


def test_vcd_activity(tmp_path: Path) -> None:
    """Toggle rates per clock period and static probabilities over the window, per bit."""
    p = tmp_path / "a.vcd"
    p.write_text(VCD)
    a = read_activity(p, "swm_bc_layer", 0.0, 30.0, 10.0)
    assert a["clk"].toggles == 5 and a["clk"].activity == pytest.approx(5 / 3) and a["clk"].duty == pytest.approx(0.5)
    assert a["n5"].toggles == 2 and a["n5"].duty == pytest.approx(10 / 30)
    assert a["d[0]"].toggles == 2 and a["d[1]"].toggles == 1
    assert a["d[1]"].duty == pytest.approx(20 / 30)
    w = read_activity(p, "swm_bc_layer", 10.0, 30.0, 10.0)  # window: 2 cycles
    assert w["n5"].toggles == 1 and w["n5"].activity == pytest.approx(0.5)
    tcl = tmp_path / "act.tcl"
    cov = activity_tcl(a, {"n5": ["c1/A", "c2/B"], "clk": ["c3/CLK"]}, {"d": 2, "clk": 1}, "clk", tcl)
    text = tcl.read_text()
    assert "set_power_activity -pins {c1/A c2/B} -activity 0.666667 -duty 0.333333" in text
    assert "c3/CLK" not in text and "-input_ports {d[1]}" in text
    assert cov["nets_annotated"] == 1


@pytest.mark.parametrize("text,what", [
    (VCD.replace("$enddefinitions $end", "$enddefinitions"), "corrupt"),
    ("this is not a VCD file\n", "corrupt"),
    (VCD[: VCD.index("#10")], "cut short"),
    ("", "corrupt"),
])
def test_corrupt_vcd(tmp_path: Path, text: str, what: str) -> None:
    p = tmp_path / "bad.vcd"
    p.write_text(text)
    with pytest.raises(AsicError) as ei:
        read_activity(p, "swm_bc_layer", 0.0, 30.0, 10.0)
    msg = str(ei.value)
    assert what in msg and "\n" not in msg and str(p) in msg


def test_corrupt_vcd_cli(tmp_path: Path) -> None:
    p = tmp_path / "bad.vcd"
    p.write_text("garbage\n")
    e = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "model")]))
    r = subprocess.run([sys.executable, "-m", "asic.activity", str(p), "--window", "0", "30"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60, env=e)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "corrupt VCD" in r.stderr, r.stderr


def test_netlist_writer_folds_constant_cells(tmp_path: Path) -> None:
    """Cells whose constant inputs force their output are dropped and the constant propagated
    (liberty functions, three-valued); real logic stays. OpenSTA 2.0.17 crashes on such cells."""
    from asic.synth import eval_function, write_netlist

    assert eval_function("(!((S A) + (!S B)))", dict(A=0, B=0, S=None)) == 1      # MUX2X1 of equal constants
    assert eval_function("(!((S A) + (!S B)))", dict(A=0, B=1, S=None)) is None
    assert eval_function("(!(A + B + C))", dict(A=None, B=1, C=None)) == 0        # NOR3X1, one input high
    assert eval_function("(A^B)", dict(A=1, B=1)) == 0
    mod = {"ports": {"s": {"direction": "input", "bits": [2]}, "y": {"direction": "output", "bits": [3]},
                     "z": {"direction": "output", "bits": [4]}, "u": {"direction": "output", "bits": [7]}},
           "netnames": {"s": {"bits": [2]}, "y": {"bits": [3]}, "z": {"bits": [4]}, "u": {"bits": [7]}},
           "cells": {"m0": {"type": "MUX2X1", "connections": {"A": ["0"], "B": ["0"], "S": [2], "Y": [3]}},
                     "m1": {"type": "MUX2X1", "connections": {"A": ["0"], "B": ["1"], "S": [2], "Y": [4]}},
                     "i0": {"type": "INVX1", "connections": {"A": ["0"], "Y": [5]}},
                     "n0": {"type": "NOR2X1", "connections": {"A": [5], "B": [2], "Y": [6]}},
                     "n1": {"type": "NAND2X1", "connections": {"A": [6], "B": [2], "Y": [7]}}}}
    (tmp_path / "flat.json").write_text(json.dumps({"modules": {"t": mod}}))
    conn = write_netlist(tmp_path / "flat.json", "t", tmp_path / "netlist.v", tmp_path / "names.json")
    v = (tmp_path / "netlist.v").read_text()
    assert "assign y = 1'b1;" in v and "assign u = 1'b1;" in v, v     # !0; NOR(1, s) = 0, NAND(0, s) = 1
    assert "MUX2X1 c2 (.A(1'b0), .B(1'b1), .S(s), .Y(z));" in v, v    # a real multiplexer stays
    assert "INVX1" not in v and "NOR2X1" not in v and "NAND2X1" not in v, v
    assert conn["pins"]["s"] == ["c2/S"]


# ---- a compiled network as the top --------------------------------------------------------------------

def test_network_memory_and_macro_counts(mnist_export: Path, tmp_path: Path) -> None:
    """A network's memory bits and SRAM macros are its stages' (each stage an engine of MAX_P x MAX_Q = P x Q)."""
    from asic.flow import expected_macros, macros_of, memory_bits
    from swm.compile import compile_network

    b = compile_network(mnist_export, tmp_path / "net", lanes=[2, 4, 1])
    hw = hwconfig.load(tmp_path / "net")
    assert memory_bits(hw) == sum(s["weight_bits"] + s["bias_bits"] for s in b["stages"])
    per_stage = [expected_macros(dict(K=s["K"], LANES=s["lanes"], MAX_P=s["p"], MAX_Q=s["q"])) for s in b["stages"]]
    assert macros_of(hw) == sum(per_stage) and per_stage[0] != per_stage[2]
    sdc = orfs.sdc_for(hw, 50)
    assert "swm compile output net/" in sdc and "20.000" in sdc


@pytest.mark.slow
def test_network_top_open_flow(mnist_export: Path, tmp_path: Path, monkeypatch) -> None:
    """`make asic CONFIG=<swm compile dir> MEM=macro`: synthesis and timing of swm_accel; power from a
    test image on the RTL (LANES 8,8,1: 4 096 cycles per image), its activity mapped onto the netlist."""
    from asic.flow import macros_of, run_flow
    from swm.compile import compile_network

    compile_network(mnist_export, tmp_path / "net", lanes=[8, 8, 1])
    monkeypatch.chdir(tmp_path)   # a relative --out (the RTL simulation runs in its own directory)
    rep = run_flow(str(tmp_path / "net"), mem="macro", vectors=1, out=Path("asic"))
    hw = hwconfig.load(tmp_path / "net")
    assert len(rep["area"]["macros"]) == macros_of(hw)
    blocks = rep["area"]["blocks_um2"]
    assert blocks["fft"] > blocks["mac"] > 0 and blocks["control"] > 0  # every stage's engine found in the tree
    assert rep["timing"]["fmax_mhz"] > 1
    p, e, a = rep["power"], rep["energy"], rep["activity"]
    assert p["total_w"] > p["leakage_w"] > 0 and e["per_vector_steady_nj"] > 0 and e["unit"] == "image"
    assert a["source"] == "rtl" and a["rtl"]["inputs"] == 1 and a["rtl"]["classes_equal_golden"]
    # nearly every net has its activity (the register block and host-side slices are outside swm_net)
    assert a["nets_annotated"] > 0.95 * (a["nets_annotated"] + a["nets_without_vcd"]), a
    md = (tmp_path / "asic" / "report.md").read_text()
    assert "activity from the RTL simulation mapped onto the netlist" in md
    assert "swm_accel" in (tmp_path / "asic" / "report.json").read_text()
