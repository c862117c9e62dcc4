"""Elaboration checks: every ``initial ... $error`` parameter check in hw/*.v refuses a bad value.

One case per check (module, bad parameter values, the text the message must contain), on Icarus
and Verilator: the build or the run must be refused and the message must name the parameter.
``test_every_check_has_a_case`` keeps the table complete: each ``$error`` format string found
in hw/*.v must be covered by a case. Icarus cases are quick; each Verilator case compiles a C++
model (3-15 s), so only a representative subset of those is in the quick suite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from verif.common.sim import HW
from verif.swm_bc_layer.elab import elaboration_output


@dataclass(frozen=True)
class Check:
    """One elaboration check: build ``top`` with ``params`` and expect ``message`` in the output."""

    top: str
    check: str  # text identifying the $error format string in hw/<top>.v (module prefix + parameter)
    params: dict = field(default_factory=dict)
    message: str = ""  # must appear in the simulator output
    quick_verilator: bool = False
    xfail: str = ""  # known RTL defect: the check cannot fire (reason)

    @property
    def id(self) -> str:
        return f"{self.top}-" + "-".join(f"{k}{v}" for k, v in self.params.items() if not isinstance(v, str))


def _rom(K: int, TW: int = 16) -> str:
    return f'"{HW / "rom" / f"swm_twiddle_k{K}_tw{TW}.hex"}"'


def sources(top: str) -> list:
    """hw/<top>.f when it exists, else hw/<top>.v alone."""
    f = HW / f"{top}.f"
    if f.exists():
        return [HW / line.strip() for line in f.read_text().splitlines() if line.strip()]
    return [HW / f"{top}.v"]


DEAD_CHECK = ("the port/counter widths $clog2({0}+1) are 0 bits for {0} = 0, so elaboration fails on a "
              "zero replication before the check can print its message (report: RTL defect)")
B, RF, IR = "swm_bc_layer", "swm_rfft", "swm_irfft"
CHECKS = [
    # swm_bc_layer (docs/architecture.md "Elaboration checks of swm_bc_layer")
    Check(B, "swm_bc_layer: K =", dict(K=128, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: K = 128 must be a power of two in 4..64"),
    Check(B, "swm_bc_layer: LANES =", dict(LANES=3, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: LANES = 3 must be a power of two"),
    Check(B, "swm_bc_layer: DW =", dict(DW=4, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: DW = 4 must be >= 5"),
    Check(B, "swm_bc_layer: FW =", dict(FW=16, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: FW = 16 must be >= DW + 1 = 17"),
    Check(B, "swm_bc_layer: WW =", dict(WW=1, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: WW = 1 must be >= 2"),
    Check(B, "swm_bc_layer: WW =", dict(TW=3, TWIDDLE_FILE=_rom(16)), "TW = 3 >= 4"),
    Check(B, "swm_bc_layer: MAX_P =", dict(MAX_P=0, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: MAX_P = 0", xfail=DEAD_CHECK.format("MAX_P")),
    Check(B, "swm_bc_layer: MAX_P =", dict(MAX_Q=0, TWIDDLE_FILE=_rom(16)), "MAX_Q = 0 must be >= 1", xfail=DEAD_CHECK.format("MAX_Q")),
    Check(B, "swm_bc_layer: AW =", dict(AW=36, TWIDDLE_FILE=_rom(16)),
          "swm_bc_layer: AW = 36 must be >= WW + FW + 2 + clog2(MAX_Q) = 38", quick_verilator=True),
    Check(B, "swm_bc_layer: ROUND_MODE =", dict(ROUND_MODE=2, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: ROUND_MODE = 2 must be 0"),
    # swm_rfft / swm_irfft
    Check(RF, "swm_rfft: K (", dict(K=128, TWIDDLE_FILE=_rom(16)), "swm_rfft: K (128) must be a power of two in 4..64"),
    Check(RF, "swm_rfft: FW (", dict(DW=16, FW=16, TWIDDLE_FILE=_rom(16)), "swm_rfft: FW (16) must be >= DW + 1 (17)"),
    Check(RF, "swm_rfft: TW (", dict(TW=3, TWIDDLE_FILE=_rom(16)), "swm_rfft: TW (3) must be >= 4"),
    Check(RF, "swm_rfft: ROUND_MODE (", dict(ROUND_MODE=2, TWIDDLE_FILE=_rom(16)), "swm_rfft: ROUND_MODE (2) must be 0 or 1"),
    Check(RF, "swm_rfft: SCALE (", dict(K=16, SCALE=16, TWIDDLE_FILE=_rom(16)), "swm_rfft: SCALE (16) must be a log2(K)-bit mask"),
    Check(IR, "swm_irfft: K (", dict(K=128, TWIDDLE_FILE=_rom(16)), "swm_irfft: K (128) must be a power of two in 4..64"),
    Check(IR, "swm_irfft: FW (", dict(FW=3, TWIDDLE_FILE=_rom(16)), "swm_irfft: FW (3) must be >= 4"),
    Check(IR, "swm_irfft: TW (", dict(TW=3, TWIDDLE_FILE=_rom(16)), "swm_irfft: TW (3) must be >= 4"),
    Check(IR, "swm_irfft: ROUND_MODE (", dict(ROUND_MODE=2, TWIDDLE_FILE=_rom(16)), "swm_irfft: ROUND_MODE (2) must be 0 or 1"),
    Check(IR, "swm_irfft: SCALE (", dict(K=16, SCALE=16, TWIDDLE_FILE=_rom(16)), "swm_irfft: SCALE (16) must be a log2(K)-bit mask"),
    # FFT internals
    Check("swm_fft_stage", "swm_fft_stage: K (", dict(K=12), "swm_fft_stage: K (12) must be a power of two >= 4"),
    Check("swm_fft_stage", "swm_fft_stage: STAGE (", dict(K=16, STAGE=4), "swm_fft_stage: STAGE (4) must be in 0..log2(K)-1"),
    Check("swm_fft_stage", "swm_fft_stage: TW (", dict(TW=3), "swm_fft_stage: TW (3) must be >= 4"),
    Check("swm_fft_stage", "swm_fft_stage: SCALE (", dict(SCALE=2), "swm_fft_stage: SCALE (2) must be 0 or 1"),
    Check("swm_fft_buf", "swm_fft_buf: K (", dict(K=12), "swm_fft_buf: K (12) must be a power of two >= 2"),
    Check("swm_fft_buf", "swm_fft_buf: NB (", dict(NB=4), "swm_fft_buf: NB (4) must be 2 or 3"),
    # MACs, activation, memories, rounding, saturation
    Check("swm_mac_array", "swm_mac_array: K =", dict(K=12), "swm_mac_array: K = 12 must be a power of two >= 4"),
    Check("swm_mac_array", "swm_mac_array: LANES =", dict(K=8, LANES=3), "swm_mac_array: LANES = 3 must be a power of two"),
    Check("swm_mac_array", "swm_mac_array: AW =", dict(WW=16, FW=18, AW=35), "swm_mac_array: AW = 35 must be >= WW + FW + 2 = 36"),
    Check("swm_act", "swm_act: DW =", dict(DW=4), "swm_act: DW = 4 must be >= 5"),
    Check("swm_load_ram", "swm_load_ram: DEPTH (", dict(WIDTH=0), "swm_load_ram: DEPTH (16) and WIDTH (0) must be at least 1"),
    Check("swm_round", "swm_round: IN_W (", dict(IN_W=1, OUT_W=1, MAX_SHIFT=1), "swm_round: IN_W (1) must be >= 2"),
    Check("swm_round", "swm_round: OUT_W (", dict(IN_W=8, OUT_W=10), "swm_round: OUT_W (10) must be in 1..IN_W+1"),
    Check("swm_round", "swm_round: MAX_SHIFT (", dict(IN_W=8, OUT_W=8, MAX_SHIFT=9), "swm_round: MAX_SHIFT (9) must be in 1..IN_W"),
    Check("swm_round", "swm_round: ROUND_MODE (", dict(ROUND_MODE=2), "swm_round: ROUND_MODE (2) must be 0 (half_up) or 1",
          quick_verilator=True),
    Check("swm_sat", "swm_sat: IN_W (", dict(OUT_W=1), "swm_sat: IN_W (20) must be >= 1 and OUT_W (1) >= 2"),
    # swm_bank_ctrl (bank protocol module; cases run once it is in hw/)
    Check("swm_bank_ctrl", "NB = %0d must be in 2..8", dict(NB=9), "NB = 9 must be in 2..8"),
    Check("swm_bank_ctrl", "TAG_W = %0d must be >= 1", dict(TAG_W=0), "TAG_W = 0 must be >= 1"),
]


def _cases():
    for c in CHECKS:
        for sim in ("icarus", "verilator"):
            marks = []
            if sim == "verilator" and not c.quick_verilator:
                marks.append(pytest.mark.slow)
            if c.xfail:
                marks.append(pytest.mark.xfail(strict=True, reason=c.xfail))
            yield pytest.param(c, sim, marks=marks, id=f"{c.id}-{sim}")


@pytest.mark.parametrize("c,sim", list(_cases()))
def test_elaboration_check(c: Check, sim: str) -> None:
    """The bad parameter value is refused (no clean run) and the message names the parameter."""
    if not (HW / f"{c.top}.v").exists():
        pytest.skip(f"hw/{c.top}.v not in this tree")
    out = elaboration_output(c.top, sources(c.top), c.params, sim)
    refused = re.search(r"error|assertion failed|\$stop", out, re.IGNORECASE) is not None
    assert refused, f"{c.top} {c.params} on {sim}: not refused; output:\n{out}"
    assert c.message in out, f"{c.top} {c.params} on {sim}: refused without naming the parameter ({c.message!r}); output:\n{out}"


def _error_formats() -> list[tuple[str, str]]:
    """(file, format string) of every $error call in hw/*.v."""
    found = []
    for v in sorted(HW.glob("*.v")):
        for m in re.finditer(r'\$error\s*\(\s*"([^"]*)"', v.read_text()):
            found.append((v.name, m.group(1)))
    return found


def test_every_check_has_a_case() -> None:
    """Each $error format string in hw/*.v is covered by a case of CHECKS (same module file)."""
    formats = _error_formats()
    assert formats, "no $error checks found in hw/*.v"
    missing = [f"{f}: {s!r}" for f, s in formats
               if not any(c.top == f[:-2] and c.check in s for c in CHECKS)]
    assert not missing, "elaboration checks without a test case in verif/test_elab.py:\n" + "\n".join(missing)
