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

from verif.common.sim import HW, top_sources
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
    elsewhere: str = ""  # the case runs in this other test (a top that needs a generated module)

    @property
    def id(self) -> str:
        return f"{self.top}-" + "-".join(f"{k}{v}" for k, v in self.params.items() if not isinstance(v, str))


def _rom(K: int, TW: int = 16) -> str:
    return f'"{HW / "rom" / f"swm_twiddle_k{K}_tw{TW}.hex"}"'


def sources(top: str) -> list:
    """hw/<top>.f when it exists, else hw/<top>.v alone (verif.common.sim.top_sources)."""
    return top_sources(top)


DEAD_CHECK = ("the port/counter widths $clog2({0}+1) are 0 bits for {0} = 0, so elaboration fails on a "
              "zero replication before the check can print its message (report: RTL defect)")
B, RF, IR, ST, FB, FC = "swm_bc_layer", "swm_rfft", "swm_irfft", "swm_fft_stage", "swm_fft_buf", "swm_fft_core"
D, A = "swm_dense_fc", "swm_argmax"
# every message is "<instance>: NAME = value ...": for a top module the instance is the module name
CHECKS = [
    # swm_bc_layer (docs/architecture.md "Elaboration checks of swm_bc_layer")
    Check(B, "K = %0d must be a power of two in 4..64", dict(K=128, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: K = 128 must be a power of two in 4..64"),
    Check(B, "LANES = %0d must be", dict(LANES=3, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: LANES = 3 must be a power of two"),
    Check(B, "DW = %0d must be >= 5", dict(DW=4, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: DW = 4 must be >= 5"),
    Check(B, "FW = %0d must be >= DW + 1", dict(FW=16, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: FW = 16 must be >= DW + 1 = 17"),
    Check(B, "WW = %0d must be >= 2", dict(WW=1, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: WW = 1 must be >= 2"),
    Check(B, "WW = %0d must be >= 2", dict(TW=3, TWIDDLE_FILE=_rom(16)), "TW = 3 >= 4"),
    Check(B, "MAX_P = %0d and MAX_Q", dict(MAX_P=0, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: MAX_P = 0", xfail=DEAD_CHECK.format("MAX_P")),
    Check(B, "MAX_P = %0d and MAX_Q", dict(MAX_Q=0, TWIDDLE_FILE=_rom(16)), "MAX_Q = 0 must be >= 1", xfail=DEAD_CHECK.format("MAX_Q")),
    Check(B, "ROWS = %0d must be >= 1 and <= MAX_P", dict(ROWS=0, TWIDDLE_FILE=_rom(16)),
          "swm_bc_layer: ROWS = 0 must be >= 1 and <= MAX_P = 4"),
    Check(B, "ROWS = %0d must be >= 1 and <= MAX_P", dict(ROWS=5, MAX_P=4, TWIDDLE_FILE=_rom(16)),
          "swm_bc_layer: ROWS = 5 must be >= 1 and <= MAX_P = 4", quick_verilator=True),
    Check(B, "X_COPY_ROWS = %0d must be >= 1", dict(X_COPY_ROWS=0, TWIDDLE_FILE=_rom(16)),
          "swm_bc_layer: X_COPY_ROWS = 0 must be >= 1"),
    Check(B, "AW = %0d must be >= WW + FW + 2 + clog2(MAX_Q)", dict(AW=36, TWIDDLE_FILE=_rom(16)),
          "swm_bc_layer: AW = 36 must be >= WW + FW + 2 + clog2(MAX_Q) = 38", quick_verilator=True),
    Check(B, "ROUND_MODE = %0d must be 0", dict(ROUND_MODE=2, TWIDDLE_FILE=_rom(16)), "swm_bc_layer: ROUND_MODE = 2 must be 0"),
    # swm_rfft / swm_irfft
    Check(RF, "K = %0d must be a power of two in 4..64", dict(K=128, TWIDDLE_FILE=_rom(16)), "swm_rfft: K = 128 must be a power of two in 4..64"),
    Check(RF, "FW = %0d must be >= DW + 1", dict(DW=16, FW=16, TWIDDLE_FILE=_rom(16)), "swm_rfft: FW = 16 must be >= DW + 1 = 17"),
    Check(RF, "TW = %0d must be >= 4", dict(TW=3, TWIDDLE_FILE=_rom(16)), "swm_rfft: TW = 3 must be >= 4"),
    Check(RF, "ROUND_MODE = %0d must be 0 or 1", dict(ROUND_MODE=2, TWIDDLE_FILE=_rom(16)), "swm_rfft: ROUND_MODE = 2 must be 0 or 1"),
    Check(RF, "SCALE = %0d must be a log2(K)-bit mask", dict(K=16, SCALE=16, TWIDDLE_FILE=_rom(16)), "swm_rfft: SCALE = 16 must be a log2(K)-bit mask"),
    Check(IR, "K = %0d must be a power of two in 4..64", dict(K=128, TWIDDLE_FILE=_rom(16)), "swm_irfft: K = 128 must be a power of two in 4..64"),
    Check(IR, "FW = %0d must be >= 4", dict(FW=3, TWIDDLE_FILE=_rom(16)), "swm_irfft: FW = 3 must be >= 4"),
    Check(IR, "TW = %0d must be >= 4", dict(TW=3, TWIDDLE_FILE=_rom(16)), "swm_irfft: TW = 3 must be >= 4"),
    Check(IR, "ROUND_MODE = %0d must be 0 or 1", dict(ROUND_MODE=2, TWIDDLE_FILE=_rom(16)), "swm_irfft: ROUND_MODE = 2 must be 0 or 1"),
    Check(IR, "SCALE = %0d must be a log2(K)-bit mask", dict(K=16, SCALE=16, TWIDDLE_FILE=_rom(16)), "swm_irfft: SCALE = 16 must be a log2(K)-bit mask"),
    # FFT internals
    Check(ST, "K = %0d must be a power of two in 4..64", dict(K=12, TWIDDLE_FILE=_rom(16)), "swm_fft_stage: K = 12 must be a power of two in 4..64"),
    Check(ST, "STAGE = %0d must be in 0..log2(K)-1", dict(K=16, STAGE=4, TWIDDLE_FILE=_rom(16)), "swm_fft_stage: STAGE = 4 must be in 0..log2(K)-1"),
    Check(ST, "TW = %0d must be >= 4", dict(TW=3, TWIDDLE_FILE=_rom(16)), "swm_fft_stage: TW = 3 must be >= 4"),
    Check(ST, "SCALE = %0d must be 0 or 1", dict(SCALE=2, TWIDDLE_FILE=_rom(16)), "swm_fft_stage: SCALE = 2 must be 0 or 1"),
    Check(ST, "INVERSE = %0d must be 0 or 1", dict(INVERSE=2, TWIDDLE_FILE=_rom(16)), "swm_fft_stage: INVERSE = 2 must be 0 or 1"),
    Check(ST, "is not the twiddle ROM of K", dict(K=32, TW=16, TWIDDLE_FILE=_rom(16)),
          "is not the twiddle ROM of K = 32, TW = 16: use hw/rom/swm_twiddle_k32_tw16.hex", quick_verilator=True),
    Check(FB, "K = %0d must be a power of two in 4..64", dict(K=12), "swm_fft_buf: K = 12 must be a power of two in 4..64"),
    Check(FB, "NB = %0d must be 2 or 3", dict(NB=4), "swm_fft_buf: NB = 4 must be 2 or 3"),
    Check(FB, "BANK_MASK = %0d must be", dict(K=16, BANK_MASK=0), "swm_fft_buf: BANK_MASK = 0 must be a nonzero log2(K)-bit mask"),
    Check("swm_read_skid", "W = %0d must be >= 1", dict(W=0), "swm_read_skid: W = 0 must be >= 1"),
    Check(FC, "K = %0d must be a power of two in 4..64", dict(K=128, TWIDDLE_FILE=_rom(16)), "swm_fft_core: K = 128 must be a power of two in 4..64"),
    Check(FC, "NB_OUT = %0d must be 2 or 3", dict(NB_OUT=4, TWIDDLE_FILE=_rom(16)), "swm_fft_core: NB_OUT = 4 must be 2 or 3"),
    # MACs, activation, memories, rounding, saturation
    Check("swm_mac_array", "K = %0d must be a power of two >= 4", dict(K=12), "swm_mac_array: K = 12 must be a power of two >= 4"),
    Check("swm_mac_array", "LANES = %0d must be", dict(K=8, LANES=3), "swm_mac_array: LANES = 3 must be a power of two"),
    Check("swm_mac_array", "ROWS = %0d must be >= 1", dict(K=8, ROWS=0), "swm_mac_array: ROWS = 0 must be >= 1"),
    Check("swm_mac_array", "AW = %0d must be >= WW + FW + 2", dict(WW=16, FW=18, AW=35), "swm_mac_array: AW = 35 must be >= WW + FW + 2 = 36"),
    Check("swm_act", "DW = %0d must be >= 5", dict(DW=4), "swm_act: DW = 4 must be >= 5"),
    Check("swm_act", "PIPE = %0d must be 0 or 1", dict(PIPE=2), "swm_act: PIPE = 2 must be 0 or 1"),
    Check("swm_axis_fifo", "DEPTH = %0d must be a power of two >= 2 and WIDTH", dict(DEPTH=6),
          "swm_axis_fifo: DEPTH = 6 must be a power of two >= 2"),
    Check("swm_img_split", "N = %0d must be >= 2 and WIDTH", dict(N=1), "swm_img_split: N = 1 must be >= 2"),
    Check("swm_img_merge", "N = %0d must be >= 2 and WIDTH", dict(N=1), "swm_img_merge: N = 1 must be >= 2"),
    Check("swm_axis_bcast", "N = %0d must be >= 2 and WIDTH", dict(N=1), "swm_axis_bcast: N = 1 must be >= 2"),
    Check("swm_copy_status", "N = %0d must be >= 2", dict(N=1), "swm_copy_status: N = 1 must be >= 2"),
    Check("swm_load_adapter", "WIDTH = %0d must be >= 1, SEL = %0d must fit", dict(SEL=16, SEL_W=4),
          "swm_load_adapter: WIDTH = 128 must be >= 1, SEL = 16 must fit SEL_W = 4 bits, DEPTH = 0 must be >= 0"),
    Check("swm_load_adapter", "WIDTH = %0d must be >= 1, SEL = %0d must fit", dict(DEPTH=-1),
          "swm_load_adapter: WIDTH = 128 must be >= 1, SEL = 0 must fit SEL_W = 4 bits, DEPTH = -1 must be >= 0"),
    Check("swm_bc_stage", "ACC_SHIFT = %0d must be in 0..AW-1", dict(ACC_SHIFT=48, TWIDDLE_FILE=_rom(16)),
          "swm_bc_stage: ACC_SHIFT = 48 must be in 0..AW-1"),
    Check("swm_bc_stage", "ACT = %0d must be 0..3 and Y_FRAC", dict(ACT=4, TWIDDLE_FILE=_rom(16)),
          "swm_bc_stage: ACT = 4 must be 0..3"),
    Check("swm_bc_stage", "ACT = %0d must be 0..3 and Y_FRAC", dict(ACT=2, Y_FRAC=13, TWIDDLE_FILE=_rom(16)),
          "swm_bc_stage: ACT = 2 must be 0..3 and Y_FRAC = 13 in 0..DW-1 (0..DW-4 for sigmoid/tanh)"),
    Check("swm_frame_check", "N = %0d and DW = %0d must be >= 1", dict(N=0), "swm_frame_check: N = 0 and DW = 16 must be >= 1"),
    Check("swm_axis_reg", "W = %0d must be >= 1", dict(W=0), "swm_axis_reg: W = 0 must be >= 1"),
    Check("swm_ctl_reg", "W = %0d must be >= 1", dict(W=0, RST_MASK=0), "swm_ctl_reg: W = 0 must be >= 1"),
    Check("swm_affine", "DW = %0d must be >= 5 and WW", dict(DW=4), "swm_affine: DW = 4 must be >= 5 and WW = 16 >= 2"),
    Check("swm_affine", "N = %0d must be a positive multiple of C", dict(C=3, N=10), "swm_affine: N = 10 must be a positive multiple of C = 3"),
    Check("swm_affine", "OUT_SHIFT = %0d must be in 0..DW+WW", dict(OUT_SHIFT=33), "swm_affine: OUT_SHIFT = 33 must be in 0..DW+WW = 32"),
    Check("swm_affine", "ACT = %0d must be 0..3 and Y_FRAC", dict(ACT=2, Y_FRAC=13), "swm_affine: ACT = 2 must be 0..3 and Y_FRAC = 13"),
    Check("swm_maxpool", "DW = %0d, H = %0d, W = %0d must be >= 2", dict(H=1), "swm_maxpool: DW = 16, H = 1, W = 4 must be >= 2 and C = 2 >= 1"),
    Check(B, "CONV = %0d must be 0 (fully connected)", dict(CONV=2, TWIDDLE_FILE=_rom(16)),
          "swm_bc_layer: CONV = 2 must be 0 (fully connected) or 1 (convolution)"),
    Check(B, "KH*KW*QIN = %0d block columns exceed", dict(CONV=1, IN_H=4, IN_W=4, KH=3, KW=3, TWIDDLE_FILE=_rom(16)),
          "swm_bc_layer: KH*KW*QIN = 9 block columns exceed MAX_Q = 4"),
    Check("swm_spec_window", "LANES = %0d must be a power of two with", dict(LANES=3),
          "swm_spec_window: LANES = 3 must be a power of two with 1 <= LANES <= S = 8"),
    Check("swm_spec_window", "S = %0d must be a power of two >= 2", dict(S=6), "swm_spec_window: S = 6 must be a power of two >= 2"),
    Check("swm_spec_window", "QIN = %0d, IN_H = %0d, IN_W = %0d, KH", dict(KW=0, PW=0),
          "swm_spec_window: QIN = 1, IN_H = 8, IN_W = 8, KH = 3, KW = 0 must be >= 1"),
    Check("swm_spec_window", "stride %0dx%0d must be >= 1 and padding", dict(PH=3),
          "swm_spec_window: stride 1x1 must be >= 1 and padding 3x1 in 0..kernel-1 (kernel 3x3)"),
    Check("swm_spec_window", "a %0dx%0d kernel does not fit the", dict(IN_H=1, PH=0),
          "swm_spec_window: a 3x3 kernel does not fit the 1x8 image with padding 0x1"),
    Check("swm_window", "DW = %0d, H = %0d, W = %0d, C = %0d, KH", dict(C=0), "swm_window: DW = 16, H = 8, W = 8, C = 0, KH = 3, KW = 3 must all be >= 1"),
    Check("swm_window", "STRIDE = %0d must be >= 1 and PAD", dict(PAD=3), "swm_window: STRIDE = 1 must be >= 1 and PAD = 3 in 0..min(KH, KW)-1"),
    Check("swm_window", "a %0dx%0d kernel with PAD", dict(H=2, PAD=0), "swm_window: a 3x3 kernel with PAD = 0 does not fit a 2x8 image"),
    Check("swm_window", "the line buffer (%0d words)", dict(W=256, C=64), "swm_window: the line buffer (65536 words) must hold at most 32768 words"),
    Check("swm_stall_counters", "NS = %0d must be in 1..255", dict(NS=256), "swm_stall_counters: NS = 256 must be in 1..255"),
    Check("swm_load_ram", "OUT_REG = %0d must be 0, 1 or 2", dict(OUT_REG=3), "swm_load_ram: OUT_REG = 3 must be 0, 1 or 2"),
    Check("swm_load_ram", "BANK_DEPTH = %0d must be a power", dict(BANK_DEPTH=24), "swm_load_ram: BANK_DEPTH = 24 must be a power of two"),
    Check("swm_load_ram", "INIT_FILE preload needs DEPTH", dict(DEPTH=64, OUT_REG=2, BANK_DEPTH=16, INIT_FILE='"w.hex"'),
          "swm_load_ram: INIT_FILE preload needs DEPTH = 64 <= BANK_DEPTH = 16"),
    Check("swm_round", "PIPE = %0d must be 0 or 1", dict(PIPE=2), "swm_round: PIPE = 2 must be 0 or 1"),
    Check("swm_slot_buf", "NB = %0d must be 2 or 3", dict(NB=4), "swm_slot_buf: NB = 4 must be 2 or 3"),
    Check("swm_load_ram", "DEPTH = %0d and WIDTH", dict(WIDTH=0), "swm_load_ram: DEPTH = 16 and WIDTH = 0 must be at least 1"),
    Check("swm_sram_1r1w", "DEPTH = %0d, WIDTH = %0d must be", dict(DEPTH=32, AW=4),
          "swm_sram_1r1w: DEPTH = 32, WIDTH = 32 must be >= 1 and AW = 4 must address DEPTH"),
    Check("swm_round", "IN_W = %0d must be >= 2", dict(IN_W=1, OUT_W=1, MAX_SHIFT=1), "swm_round: IN_W = 1 must be >= 2"),
    Check("swm_round", "OUT_W = %0d must be in 1..IN_W+1", dict(IN_W=8, OUT_W=10), "swm_round: OUT_W = 10 must be in 1..IN_W+1"),
    Check("swm_round", "MAX_SHIFT = %0d must be in 1..IN_W", dict(IN_W=8, OUT_W=8, MAX_SHIFT=9), "swm_round: MAX_SHIFT = 9 must be in 1..IN_W"),
    Check("swm_round", "ROUND_MODE = %0d must be 0", dict(ROUND_MODE=2), "swm_round: ROUND_MODE = 2 must be 0 (half_up) or 1",
          quick_verilator=True),
    Check("swm_dsp_mul", "AW = %0d and BW = %0d must be >= 2", dict(AW=1), "swm_dsp_mul: AW = 1 and BW = 16 must be >= 2"),
    Check("swm_sat", "IN_W = %0d must be >= 1 and OUT_W", dict(OUT_W=1), "swm_sat: IN_W = 20 must be >= 1 and OUT_W = 1 >= 2"),
    # buffer protocol and slot buffer
    Check("swm_bank_ctrl", "NB = %0d must be in 2..8", dict(NB=9), "swm_bank_ctrl: NB = 9 must be in 2..8"),
    Check("swm_bank_ctrl", "TAG_W = %0d must be >= 1", dict(TAG_W=0), "swm_bank_ctrl: TAG_W = 0 must be >= 1"),
    Check("swm_slot_buf", "LANES = %0d must be a power of two >= 1", dict(LANES=3), "swm_slot_buf: LANES = 3 must be a power of two >= 1"),
    Check("swm_slot_buf", "WR_SLOT = %0d and RD_SLOT", dict(RD_SLOT=2), "swm_slot_buf: WR_SLOT = 1 and RD_SLOT = 2 must be 0 or 1"),
    # dataflow stages (docs/architecture.md "Dataflow stages"; swm.limits.check_dense_hardware / check_argmax_hardware)
    Check(D, "DW = %0d must be >= 5", dict(DW=4), "swm_dense_fc: DW = 4 must be >= 5"),
    Check(D, "FW = %0d must be >= DW + 1", dict(FW=16), "swm_dense_fc: FW = 16 must be >= DW + 1 = 17"),
    Check(D, "WW = %0d must be >= 2", dict(WW=1), "swm_dense_fc: WW = 1 must be >= 2"),
    Check(D, "N_IN = %0d and N_OUT = %0d must be >= 1", dict(N_IN=0), "swm_dense_fc: N_IN = 0 and N_OUT = 10 must be >= 1"),
    Check(D, "N_IN = %0d and N_OUT = %0d must be >= 1", dict(N_OUT=0, LANES=1), "N_OUT = 0 must be >= 1"),
    Check(D, "LANES = %0d must be in 1..N_OUT", dict(LANES=11), "swm_dense_fc: LANES = 11 must be in 1..N_OUT = 10"),
    Check(D, "LANES = %0d must be in 1..N_OUT", dict(LANES=0), "swm_dense_fc: LANES = 0 must be in 1..N_OUT = 10"),
    Check(D, "AW = %0d must be >= WW + DW + clog2(N_IN)", dict(AW=35), "swm_dense_fc: AW = 35 must be >= WW + DW + clog2(N_IN) = 36",
          quick_verilator=True),
    Check(D, "ACC_SHIFT = %0d must be in 0..AW-1", dict(ACC_SHIFT=40), "swm_dense_fc: ACC_SHIFT = 40 must be in 0..AW-1 = 39"),
    Check(D, "ACC_SHIFT = %0d must be in 0..AW-1", dict(OUT_SHIFT=20), "OUT_SHIFT = 20 in 0..FW+1 = 19"),
    Check(D, "ACT = %0d must be 0 (identity)", dict(ACT=4), "swm_dense_fc: ACT = 4 must be 0 (identity), 1 (relu)"),
    Check(D, "Y_FRAC = %0d must be in 0..DW-1", dict(ACT=2, Y_FRAC=13), "swm_dense_fc: Y_FRAC = 13 must be in 0..DW-1 (0..DW-4 = 12"),
    Check(D, "Y_FRAC = %0d must be in 0..DW-1", dict(ACT=1, Y_FRAC=16), "swm_dense_fc: Y_FRAC = 16 must be in 0..DW-1"),
    Check(D, "ROUND_MODE = %0d must be 0", dict(ROUND_MODE=2), "swm_dense_fc: ROUND_MODE = 2 must be 0 (half_up) or 1"),
    # swm_accel instantiates swm_net, which `swm compile` generates: built with a compiled network
    Check("swm_accel", "NS = %0d must be in 1..127", dict(NS=0), "swm_accel: NS = 0 must be in 1..127",
          elsewhere="verif/swm_accel/test_swm_accel.py::test_accel_elaboration_check"),
    Check(A, "N = %0d must be >= 2", dict(N=1), "swm_argmax: N = 1 must be >= 2"),
    Check(A, "DW = %0d must be >= 2", dict(DW=1), "swm_argmax: DW = 1 must be >= 2"),
    Check(A, "OUT_W = %0d must be >= clog2(N_CLASSES)", dict(N=16, N_CLASSES=10, OUT_W=3),
          "swm_argmax: OUT_W = 3 must be >= clog2(N_CLASSES) = 4", quick_verilator=True),
    Check(A, "N_CLASSES = %0d must be in 1..N", dict(N=10, N_CLASSES=11), "swm_argmax: N_CLASSES = 11 must be in 1..N = 10"),
    Check("swm_frame_check", "STEP = %0d must be >= 1 and divide N", dict(N=10, STEP=4),
          "swm_frame_check: STEP = 4 must be >= 1 and divide N = 10"),
    # the LSTM cell and stage (docs/architecture.md "LSTM stage"; swm.golden_lstm.check_lstm_params)
    Check("swm_lstm_cell", "DW = %0d must be >= 5 and HIDDEN", dict(HIDDEN=1),
          "swm_lstm_cell: DW = 16 must be >= 5 and HIDDEN = 1 >= 2"),
    Check("swm_lstm_cell", "G_FRAC = %0d and C_FRAC = %0d must be in 0..DW-4", dict(G_FRAC=13),
          "swm_lstm_cell: G_FRAC = 13 and C_FRAC = 12 must be in 0..DW-4 = 12", quick_verilator=True),
    Check("swm_lstm_cell", "need C_FRAC <= 2*G_FRAC", dict(G_FRAC=2, C_FRAC=6),
          "swm_lstm_cell: need C_FRAC <= 2*G_FRAC (6, 2)"),
    Check("swm_lstm_cell", "need C_FRAC <= 2*G_FRAC", dict(G_FRAC=4, C_FRAC=4, X_FRAC=9), "X_FRAC = 9 <= G_FRAC + C_FRAC"),
    Check("swm_lstm_cell", "ROUND_MODE = %0d must be 0", dict(ROUND_MODE=2), "swm_lstm_cell: ROUND_MODE = 2 must be 0 (half_up) or 1"),
    Check("swm_lstm_stage", "N_X = %0d must be >= 1 and HIDDEN", dict(HIDDEN=24),
          "swm_lstm_stage: N_X = 12 must be >= 1 and HIDDEN = 24 a multiple of K = 16"),
    Check("swm_lstm_stage", "MAX_LEN = %0d must be >= 1", dict(MAX_LEN=0), "swm_lstm_stage: MAX_LEN = 0 must be >= 1",
          quick_verilator=True),
]


def _cases():
    for c in CHECKS:
        if c.elsewhere:
            continue
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
        for m in re.finditer(r'\$error\s*\(\s*"((?:[^"\\]|\\.)*)"', v.read_text()):
            found.append((v.name, m.group(1)))
    return found


def test_every_check_has_a_case() -> None:
    """Each $error format string in hw/*.v is covered by a case of CHECKS (same module file)."""
    formats = _error_formats()
    assert formats, "no $error checks found in hw/*.v"
    missing = [f"{f}: {s!r}" for f, s in formats
               if not any(c.top == f[:-2] and c.check in s for c in CHECKS)]
    assert not missing, "elaboration checks without a test case in verif/test_elab.py:\n" + "\n".join(missing)
