"""Folding compiler: an exported network (``swm export``) -> a dataflow accelerator top for the RTL.

``swm compile --export DIR --out DIR [--lanes F0,F1,.. | --budget-mults N] [--clock MHZ]``

One hardware stage per layer, chosen by the layer's ``type`` in network.json (``STAGE_TYPES``):
``bc_linear`` -> ``hw/swm_bc_stage.v`` (the block-circulant engine sized for that layer), ``dense``
-> ``hw/swm_dense_stage.v`` (``swm_dense_fc``, LANES output neurons in parallel); both have one
port list, so the top wires them alike. Stages are chained by AXI4-Stream FIFOs
(``hw/swm_axis_fifo.v``), a final argmax stage (``hw/swm_argmax.v``) emits the class index, and
one 32-bit weight-load stream reaches every stage memory through a load adapter
(``hw/swm_load_adapter.v``) selected by ``load_sel`` (stage ``s``: weights ``2*s``, bias ``2*s+1``).
A block-circulant stage's folding is its LANES (complex MACs per block row) and ROWS (block rows
computed at once, sharing each FFT(x) read): ``--lanes`` takes ``L`` or ``LxR`` per stage (e.g.
``8,8x2,1``; a dense stage's ROWS is 1). The compiler chooses the foldings so that the stages are
balanced (the pipeline's throughput is set by its slowest stage), writes

* ``swm_net.v``: the generated top (instances, parameters and wires only; every module it uses is
  hand-written in ``hw/``); ``swm_net.f``: its source list;
* ``stage<s>_weights.hex`` / ``stage<s>_bias.hex``: the memory images for each stage's LANES and ROWS;
* ``build.json``: per stage its shape, LANES, ROWS, initiation interval and latency (``swm.perf``),
  memory bits and multipliers; the pipeline's interval, latency and images/s at the clock;
* ``build.md``: the same as a table.

Everything is written to a temporary directory and renamed into place, so a failed compile leaves
nothing half-written.
"""

from __future__ import annotations

import dataclasses
import json
import math
import shutil
from pathlib import Path
from typing import Any, Callable

import numpy as np

from swm import golden, limits, perf
from swm import golden_cnn as gc
from swm.errors import SwmError
from swm.export import ExportLayer, load_export
from swm.hwconfig import read_filelist
from swm.memimg import to_unsigned, write_hex

ROOT = Path(__file__).resolve().parents[2]
HW = ROOT / "hw"
TOP = "swm_net"
ACCEL = "swm_accel"   # the hand-written system top around swm_net (hw/swm_accel.v)
LOAD_W = 32          # load-bus beat width (swm_load_adapter)
SEL_W = 8            # load_sel width: up to 128 stages
DEFAULT_FIFO_DEPTH = 16
ARGMAX = "swm_argmax"
ROM_DIR = HW / "rom"            # twiddle ROMs; build.json's net_params/accel_params give it absolute
ROM_DIR_DEFAULT = "hw/rom"      # the generated default: relative to the repository root (the flows' cwd)


@dataclasses.dataclass
class Stage:
    """One compiled stage (``type`` from network.json; p, q, K are None for a dense stage)."""

    index: int
    p: int | None
    q: int | None
    K: int | None
    lanes: int
    rows: int              # block rows computed at once (ROWS)
    in_features: int
    out_features: int
    interval: int          # cycles per image in steady state
    latency: int           # cycles from its first input sample to its last output sample, one image
    weight_bits: int
    bias_bits: int
    mults: int             # real multipliers: 4 per MAC (ROWS x LANES) + the FFT and IFFT (dense: LANES)
    params: dict[str, Any]
    type: str = "bc_linear"          # network.json layer type
    module: str = "swm_bc_stage"     # the hand-written stage module
    in_samples: int = 0              # samples per image on its input stream (q*K, or n_in)
    out_samples: int = 0             # samples per image on its output stream (p*K, or n_out)
    buffer_bits: int = 0             # line buffers (convolution, max-pool) and vector buffers in the stage
    mac_ops: int = 0                 # real multiplications of its MACs per image (FFT/IFFT not counted)
    copies: int = 1                  # image-level replicas (a replicated group: swm_img_split/merge)
    copy_interval: int = 0           # one copy's cycles per image (interval = the group's, per image)
    image_fifo_bits: int = 0         # whole-image FIFOs at a replicated group's input/output, all copies


def engine_mults(K: int, lanes: int, rows: int = 1) -> int:
    """Real multipliers of one engine: 4 per complex MAC (ROWS x LANES), plus those of the FFT and the IFFT (swm.perf)."""
    return 4 * lanes * rows + perf.fft_multipliers(K)


def stage_interval(p: int, q: int, K: int, lanes: int, rows: int = 1) -> int:
    """Steady-state cycles per image of one engine: max(input, MAC, output) (swm.perf)."""
    return perf.layer_cycles_parts(p, q, K, lanes, 1, rows).per_vector


def _lane_options(K: int) -> list[int]:
    return [lanes for lanes in (1, 2, 4, 8, 16, 32) if lanes <= K // 2]


def parse_folding(spec: Any) -> tuple[int, int]:
    """One stage's folding (LANES, ROWS) from ``L`` (ROWS = 1), ``"LxR"`` or a (LANES, ROWS) pair."""
    if isinstance(spec, bool):
        raise SwmError(f"--lanes entry {spec!r} is not L or LxR (e.g. 8 or 8x2)")
    if isinstance(spec, int):
        return int(spec), 1
    if isinstance(spec, (tuple, list)) and len(spec) == 2 and all(isinstance(v, int) for v in spec):
        return int(spec[0]), int(spec[1])
    if isinstance(spec, str):
        parts = spec.strip().lower().split("x")
        if 1 <= len(parts) <= 2 and all(p.strip().isdigit() for p in parts):
            return int(parts[0]), int(parts[1]) if len(parts) == 2 else 1
    raise SwmError(f"--lanes entry {spec!r} is not L or LxR (LANES, or LANES x ROWS, e.g. 8 or 8x2)")


def fold_text(lanes: int, rows: int, lanes_label: str = "", rows_label: str = "x", copies: int = 1) -> str:
    """A folding as text: ``8`` / ``8x2`` / ``3*16`` (ROWS and copies shown only when they are not 1)."""
    return (f"{copies}*" if copies != 1 else "") + f"{lanes_label}{lanes}" + (f"{rows_label}{rows}" if rows != 1 else "")


MAX_COPIES = 8   # image-level replicas of one stage (``C*L``)


def parse_stage_folding(spec: Any) -> tuple[int, int, int]:
    """One stage's (copies, LANES, ROWS) from ``L``, ``LxR``, ``C*L`` or ``C*LxR`` (or a pair / triple)."""
    if isinstance(spec, (tuple, list)) and len(spec) == 3 and all(isinstance(v, int) for v in spec):
        return int(spec[0]), int(spec[1]), int(spec[2])
    if isinstance(spec, str) and "*" in spec:
        c, _, rest = spec.partition("*")
        if not c.strip().isdigit() or int(c) < 1:
            raise SwmError(f"--lanes entry {spec!r}: the copies before '*' must be a whole number >= 1 (e.g. 3*16)")
        return (int(c), *parse_folding(rest))
    return (1, *parse_folding(spec))


def parse_foldings(text: str) -> list[tuple[int, int]]:
    """``--lanes`` text: a comma list of ``L`` or ``LxR`` per stage, e.g. ``8,8x2,1``."""
    return [parse_folding(v) for v in text.split(",")]


def parse_stage_foldings(text: str) -> list[tuple[int, int, int]]:
    """``--lanes`` text with replicas: a comma list of ``[C*]L[xR]`` per stage, e.g. ``3*16,3*1,4x3,2,1``."""
    return [parse_stage_folding(v) for v in text.split(",")]


def replica_groups(copies: list[int]) -> list[tuple[int, int, int]]:
    """Replicated groups (first stage, last stage, copies): maximal runs of stages with the same copies > 1."""
    groups, i = [], 0
    while i < len(copies):
        j = i
        while j + 1 < len(copies) and copies[j + 1] == copies[i]:
            j += 1
        if copies[i] > 1:
            groups.append((i, j, copies[i]))
        i = j + 1
    return groups


def group_interval(copy_intervals: list[int], copies: int, in_samples: int, out_samples: int) -> int:
    """Cycles per image of a group of stages replicated ``copies`` times (one stage: a list of one).

    Images are dealt whole, round robin, to the copies (swm_img_split) and collected in the same
    order (swm_img_merge) through FIFOs that hold a whole image, so each copy works on every
    copies-th image: the group takes ceil(slowest copy interval / copies) per image, but no less
    than its input and output streams of one sample per clock (in_samples, out_samples).
    """
    if copies == 1:
        return max(copy_intervals)
    return max(-(-max(copy_intervals) // copies), in_samples, out_samples)


@dataclasses.dataclass(frozen=True)
class StageType:
    """How one network.json layer type becomes a hardware stage (the compiler's only per-type code)."""

    module: str                                            # hand-written stage, hw/<module>.v and .f
    lane_options: Callable[[ExportLayer], list[int]]            # LANES it can be built with, ascending
    row_options: Callable[[ExportLayer], list[int]]             # ROWS it can be built with, ascending
    interval: Callable[[ExportLayer, int, int], int]            # steady-state cycles per image (swm.perf)
    latency: Callable[[ExportLayer, int, int], int]             # first input to last output, one image
    mults: Callable[[ExportLayer, int, int], int]               # real multipliers
    weight_width: Callable[[ExportLayer, int, int], int]        # bits of one weight-memory word
    weight_words: Callable[[ExportLayer, int, int], list[int]]  # the weight-memory image
    bias_width: Callable[[ExportLayer], int]                    # bits of one bias (affine: shift) word
    bias_words: Callable[[ExportLayer], list[int]]              # the bias (affine: shift) memory image
    buffer_bits: Callable[[ExportLayer, int, int], int]         # line buffers and vector buffers
    mac_ops: Callable[[ExportLayer], int]                       # real multiplications of the MACs per image
    params: Callable[[ExportLayer, int, int], dict[str, Any]]   # Verilog parameters of the stage
    check: Callable[[ExportLayer], None]                        # SwmError when no stage can be built
    describe: Callable[[ExportLayer, int, int], str]            # one line for the generated top
    # output-sample times of one image from its input-sample times (swm.perf stream timing)
    timing: Callable[[ExportLayer, int, int, np.ndarray], np.ndarray] = None  # type: ignore[assignment]
    memories: bool = True                                       # False: nothing to load (max-pool)


def _bc_params(L: ExportLayer, n: int, r: int) -> dict[str, Any]:
    cfg, lp = L.cfg, L.lp
    params = dict(cfg.rtl_params(n, lp.p, lp.q, rows=r))
    for k in ("MAX_P", "MAX_Q"):
        params.pop(k)
    params.update(P=lp.p, Q=lp.q, ACC_SHIFT=lp.acc_shift, OUT_SHIFT=lp.out_shift,
                  ACT=golden.ACTIVATIONS[lp.act], Y_FRAC=lp.y_frac)
    return params


def _dense_fc_params(cfg: Any, lp: golden.DenseParams, n: int) -> dict[str, Any]:
    """swm_dense_stage's parameters of swm_dense_fc (golden.dense_rtl_params without file parameters)."""
    params = golden.dense_rtl_params(cfg, lp, n)
    return {k: params[k] for k in ("DW", "WW", "FW", "AW", "N_IN", "N_OUT", "LANES", "ROUND_MODE", "ACC_SHIFT",
                                   "OUT_SHIFT", "ACT", "Y_FRAC")}


def _dense_params(L: ExportLayer, n: int, r: int = 1) -> dict[str, Any]:
    return _dense_fc_params(L.cfg, L.lp, n)


def _check_bc(L: ExportLayer) -> None:
    L.cfg.check_hardware(1, L.lp.p, L.lp.q)  # the elaboration checks of swm_bc_layer (MAX_P = p, MAX_Q = q)


def _check_dense(L: ExportLayer) -> None:
    golden.dense_rtl_params(L.cfg, L.lp, 1)  # the elaboration checks of swm_dense_fc (any LANES)


def _dense_groups(L: ExportLayer, n: int) -> int:
    return -(-L.lp.n_out // n)


BC_STAGE = StageType(
    module="swm_bc_stage",
    lane_options=lambda L: _lane_options(L.cfg.K),
    row_options=lambda L: list(range(1, L.lp.p + 1)),
    interval=lambda L, n, r: stage_interval(L.lp.p, L.lp.q, L.cfg.K, n, r),
    latency=lambda L, n, r: perf.layer_cycles(L.lp.p, L.lp.q, L.cfg.K, n, 1, r),
    mults=lambda L, n, r: engine_mults(L.cfg.K, n, r),
    weight_width=lambda L, n, r: r * n * 2 * L.cfg.WW,
    weight_words=lambda L, n, r: golden.weight_words(L.Wp, n, L.cfg.WW, r),
    bias_width=lambda L: L.cfg.FW,
    bias_words=lambda L: golden.bias_words(L.bias, L.cfg.FW),
    buffer_bits=lambda L, n, r: 0,
    params=_bc_params,
    check=_check_bc,
    describe=lambda L, n, r: (f"block-circulant {L.lp.q * L.cfg.K} -> {L.lp.p * L.cfg.K} (p = {L.lp.p}, "
                              f"q = {L.lp.q}, K = {L.cfg.K}, {fold_text(n, r, 'LANES = ', ', ROWS = ')})"),
    timing=lambda L, n, r, a: perf.vector_timing(a, BC_STAGE.latency(L, n, r), L.out_samples),
    mac_ops=lambda L: 4 * L.lp.p * L.lp.q * L.cfg.S,
)

DENSE_STAGE = StageType(
    module="swm_dense_stage",
    lane_options=lambda L: list(range(1, L.lp.n_out + 1)),
    row_options=lambda L: [1],
    interval=lambda L, n, r: perf.dense_cycles_parts(L.lp.n_in, L.lp.n_out, n, 1).per_vector,
    latency=lambda L, n, r: perf.dense_cycles(L.lp.n_in, L.lp.n_out, n, 1),
    mults=lambda L, n, r: n,
    weight_width=lambda L, n, r: n * L.cfg.WW,
    weight_words=lambda L, n, r: golden.dense_weight_words(L.Wp, n, L.cfg.WW),
    bias_width=lambda L: L.cfg.FW,
    bias_words=lambda L: golden.bias_words(L.bias, L.cfg.FW),
    buffer_bits=lambda L, n, r: 0,
    params=_dense_params,
    check=_check_dense,
    describe=lambda L, n, r: f"dense {L.lp.n_in} -> {L.lp.n_out} (LANES = {n}, {_dense_groups(L, n)} output groups)",
    timing=lambda L, n, r, a: perf.vector_timing(a, DENSE_STAGE.latency(L, n, r), L.out_samples),
    mac_ops=lambda L: L.lp.n_in * L.lp.n_out,
)


# ---- convolutional-network stages (network.json types of swm.export_cnn) ----------------------
def _conv_q(L: ExportLayer) -> int:
    """Block columns of a block-circulant convolution's layer grid: kh*kw*q."""
    g = L.lp.geom
    return g.kh * g.kw * L.lp.q


def _bc_conv_params(L: ExportLayer, n: int, r: int) -> dict[str, Any]:
    cfg, lp, g = L.cfg, L.lp, L.lp.geom
    q = _conv_q(L)
    params = dict(cfg.rtl_params(n, lp.p, q, rows=r))
    for k in ("MAX_P", "MAX_Q"):
        params.pop(k)
    params.update(P=lp.p, Q=q, ACC_SHIFT=lp.acc_shift, OUT_SHIFT=lp.out_shift, ACT=golden.ACTIVATIONS[lp.act],
                  Y_FRAC=lp.y_frac, CONV=1, IN_H=g.in_h, IN_W=g.in_w, QIN=lp.q, KH=g.kh, KW=g.kw,
                  STRIDE_H=g.stride[0], STRIDE_W=g.stride[1], PAD_H=g.pad[0], PAD_W=g.pad[1])
    return params


def _check_bc_conv(L: ExportLayer) -> None:
    g = L.lp.geom
    if g.pad[0] >= g.kh or g.pad[1] >= g.kw:
        raise SwmError(f"padding {g.pad} is not smaller than the {g.kh}x{g.kw} kernel: the line buffer of spectra "
                       "takes padding < kernel size; use less padding")
    L.cfg.check_hardware(1, L.lp.p, _conv_q(L))


def spec_window_rows(g: Any) -> int:
    """swm_spec_window's buffer rows NR: max(KH + STRIDE_H, IN_H - (OH-1)*STRIDE_H + KH)."""
    return max(g.kh + g.stride[0], g.in_h - (g.out_h - 1) * g.stride[0] + g.kh)


def _conv_buffer_bits(L: ExportLayer) -> int:
    """swm_spec_window's line buffer: NR rows of IN_W pixels' QIN*K/2 complex FW-bit slots."""
    g = L.lp.geom
    return spec_window_rows(g) * g.in_w * L.lp.q * L.cfg.S * 2 * L.cfg.FW


def _dense_conv_params(L: ExportLayer, n: int, r: int = 1) -> dict[str, Any]:
    lp, g = L.lp, L.lp.geom
    params = _dense_fc_params(L.cfg, lp.dense(), n)
    params.update(CONV=1, IN_H=g.in_h, IN_W=g.in_w, C_IN=lp.c_in, KH=g.kh, KW=g.kw, STRIDE=g.stride[0],
                  PAD=g.pad[0])
    return params


def _check_dense_conv(L: ExportLayer) -> None:
    g = L.lp.geom
    if g.stride[0] != g.stride[1] or g.pad[0] != g.pad[1]:
        raise SwmError(f"stride {g.stride} and padding {g.pad} differ between the axes: the dense convolution "
                       "stage (swm_window) takes one stride and one padding for both; use square ones")
    golden.dense_rtl_params(L.cfg, L.lp.dense(), 1)


def _dense_conv_buffer_bits(L: ExportLayer, n: int) -> int:
    """swm_window's line buffer (kh rows of the image) and swm_dense_fc's two vector halves."""
    g = L.lp.geom
    return (g.kh * g.in_w * L.lp.c_in + 2 * g.kh * g.kw * L.lp.c_in) * L.cfg.DW


def _affine_params(L: ExportLayer, n: int = 1, r: int = 1) -> dict[str, Any]:
    lp = L.lp
    return dict(DW=L.cfg.DW, WW=L.cfg.WW, C=lp.channels, N=L.in_features, ROUND_MODE=L.cfg.round_mode_id,
                OUT_SHIFT=lp.out_shift, ACT=golden.ACTIVATIONS[lp.act], Y_FRAC=lp.y_frac)


def _check_affine(L: ExportLayer) -> None:
    lp, cfg = L.lp, L.cfg
    if L.in_features % lp.channels:
        raise SwmError(f"{L.in_features} samples are not whole pixels of {lp.channels} channels: re-export")
    if not 0 <= lp.out_shift <= cfg.DW + cfg.WW:
        raise SwmError(f"output shift {lp.out_shift} is outside 0..DW+WW = {cfg.DW + cfg.WW}: re-export with a wider WW")


def _check_pool(L: ExportLayer) -> None:
    lp = L.lp
    if lp.size != 2 or lp.in_h < 2 or lp.in_w < 2:
        raise SwmError(f"a {lp.size}x{lp.size} max-pool of a {lp.in_h}x{lp.in_w} map: the stage pools 2x2 windows of "
                       "maps at least 2x2")


def _pool_samples(L: ExportLayer) -> int:
    return L.lp.in_h * L.lp.in_w * L.lp.channels


BC_CONV_STAGE = StageType(
    module="swm_bc_stage",
    lane_options=lambda L: _lane_options(L.cfg.K),
    row_options=lambda L: list(range(1, L.lp.p + 1)),
    interval=lambda L, n, r: perf.conv_interval(L.lp.p, L.lp.q, L.lp.geom, L.cfg.K, n, r),
    latency=lambda L, n, r: perf.conv_cycles(L.lp.p, L.lp.q, L.lp.geom, L.cfg.K, n, 1, r),
    mults=lambda L, n, r: engine_mults(L.cfg.K, n, r),
    weight_width=lambda L, n, r: r * n * 2 * L.cfg.WW,
    weight_words=lambda L, n, r: golden.weight_words(gc.bc_conv_matrix(L.Wp), n, L.cfg.WW, r),
    bias_width=lambda L: L.cfg.FW,
    bias_words=lambda L: golden.bias_words(L.bias, L.cfg.FW),
    buffer_bits=lambda L, n, r: _conv_buffer_bits(L),
    params=_bc_conv_params,
    check=_check_bc_conv,
    describe=lambda L, n, r: (f"block-circulant conv {L.lp.geom.kh}x{L.lp.geom.kw} {L.lp.q * L.cfg.K} -> "
                              f"{L.lp.p * L.cfg.K} channels on {L.lp.geom.in_h}x{L.lp.geom.in_w} (K = {L.cfg.K}, "
                              f"{fold_text(n, r, 'LANES = ', ', ROWS = ')})"),
    timing=lambda L, n, r, a: perf.conv_timing(a, L.lp.p, L.lp.q, L.lp.geom, L.cfg.K, n, r),
    mac_ops=lambda L: 4 * L.lp.geom.out_h * L.lp.geom.out_w * L.lp.p * _conv_q(L) * L.cfg.S,
)

DENSE_CONV_STAGE = StageType(
    module="swm_dense_stage",
    lane_options=lambda L: list(range(1, L.lp.c_out + 1)),
    row_options=lambda L: [1],
    interval=lambda L, n, r: perf.dense_conv_interval(L.lp.geom, L.lp.c_in, L.lp.c_out, n),
    latency=lambda L, n, r: perf.dense_conv_cycles(L.lp.geom, L.lp.c_in, L.lp.c_out, n, 1),
    mults=lambda L, n, r: n,
    weight_width=lambda L, n, r: n * L.cfg.WW,
    weight_words=lambda L, n, r: golden.dense_weight_words(gc.dense_conv_matrix(L.Wp), n, L.cfg.WW),
    bias_width=lambda L: L.cfg.FW,
    bias_words=lambda L: golden.bias_words(L.bias, L.cfg.FW),
    buffer_bits=lambda L, n, r: _dense_conv_buffer_bits(L, n),
    params=_dense_conv_params,
    check=_check_dense_conv,
    describe=lambda L, n, r: (f"dense conv {L.lp.geom.kh}x{L.lp.geom.kw} {L.lp.c_in} -> {L.lp.c_out} channels on "
                              f"{L.lp.geom.in_h}x{L.lp.geom.in_w} (LANES = {n})"),
    timing=lambda L, n, r, a: perf.dense_conv_timing(a, L.lp.geom, L.lp.c_in, L.lp.c_out, n),
    mac_ops=lambda L: L.lp.geom.out_h * L.lp.geom.out_w * L.lp.c_out * L.lp.geom.kh * L.lp.geom.kw * L.lp.c_in,
)

AFFINE_STAGE = StageType(
    module="swm_affine_stage",
    lane_options=lambda L: [1],
    row_options=lambda L: [1],
    interval=lambda L, n, r: L.in_features,
    latency=lambda L, n, r: L.in_features - 1 + perf.AFFINE_LAT,
    mults=lambda L, n, r: 1,
    weight_width=lambda L, n, r: L.cfg.WW,
    weight_words=lambda L, n, r: golden.bias_words(L.Wp, L.cfg.WW),
    bias_width=lambda L: gc.affine_shift_width(L.cfg),
    bias_words=lambda L: golden.bias_words(L.bias, gc.affine_shift_width(L.cfg)),
    buffer_bits=lambda L, n, r: 0,
    params=_affine_params,
    check=_check_affine,
    describe=lambda L, n, r: f"per-channel affine ({L.lp.channels} channels, {L.lp.act})",
    timing=lambda L, n, r, a: perf.affine_timing(a),
    mac_ops=lambda L: L.in_features,
)

POOL_STAGE = StageType(
    module="swm_maxpool_stage",
    lane_options=lambda L: [1],
    row_options=lambda L: [1],
    interval=lambda L, n, r: _pool_samples(L),
    latency=lambda L, n, r: _pool_samples(L) - 1 + perf.POOL_LAT,
    mults=lambda L, n, r: 0,
    weight_width=lambda L, n, r: 1,
    weight_words=lambda L, n, r: [],
    bias_width=lambda L: 1,
    bias_words=lambda L: [],
    buffer_bits=lambda L, n, r: (L.lp.in_w // 2) * L.lp.channels * L.cfg.DW,
    params=lambda L, n, r: dict(DW=L.cfg.DW, H=L.lp.in_h, W=L.lp.in_w, C=L.lp.channels),
    check=_check_pool,
    describe=lambda L, n, r: f"2x2 max-pool of {L.lp.in_h}x{L.lp.in_w}x{L.lp.channels}",
    memories=False,
    timing=lambda L, n, r, a: perf.pool_timing(a, L.lp.in_h, L.lp.in_w, L.lp.channels),
    mac_ops=lambda L: 0,
)

# ---- the LSTM stage (network.json type "lstm" of swm.export_lstm) --------------------------------
def _lstm_args(L: ExportLayer, n: int, r: int) -> tuple[int, int, int, int, int]:
    return L.lp.n_x, L.lp.hidden, L.cfg.K, n, r


def _lstm_params(L: ExportLayer, n: int, r: int) -> dict[str, Any]:
    cfg, lp = L.cfg, L.lp
    gp = lp.gate_params(cfg.K)
    params = dict(cfg.rtl_params(n, gp.p, gp.q, rows=r))
    for k in ("MAX_P", "MAX_Q"):
        params.pop(k)
    params.update(N_X=lp.n_x, HIDDEN=lp.hidden, MAX_LEN=lp.max_len, ACC_SHIFT=lp.acc_shift, OUT_SHIFT=lp.out_shift,
                  G_FRAC=lp.g_frac, C_FRAC=lp.c_frac, X_FRAC=lp.x_frac)
    return params


def _check_lstm(L: ExportLayer) -> None:
    gp = L.lp.gate_params(L.cfg.K)
    L.cfg.check_hardware(1, gp.p, gp.q)  # the gate engine's elaboration checks


# a sequence's interval and latency at the longest length the stage takes (the pipeline model's
# image is a sequence of max_len steps); the cell adds three multipliers and five H-word memories
LSTM_STAGE = StageType(
    module="swm_lstm_stage",
    lane_options=lambda L: _lane_options(L.cfg.K),
    row_options=lambda L: list(range(1, L.lp.gate_params(L.cfg.K).p + 1)),
    interval=lambda L, n, r: perf.lstm_sequence_cycles(L.lp.max_len, *_lstm_args(L, n, r)),
    latency=lambda L, n, r: perf.lstm_latency(L.lp.max_len, *_lstm_args(L, n, r)),
    mults=lambda L, n, r: engine_mults(L.cfg.K, n, r) + 3,
    weight_width=lambda L, n, r: r * n * 2 * L.cfg.WW,
    weight_words=lambda L, n, r: golden.weight_words(L.Wp, n, L.cfg.WW, r),
    bias_width=lambda L: L.cfg.FW,
    bias_words=lambda L: golden.bias_words(L.bias, L.cfg.FW),
    buffer_bits=lambda L, n, r: 5 * L.lp.hidden * L.cfg.DW,
    params=_lstm_params,
    check=_check_lstm,
    describe=lambda L, n, r: (f"block-circulant LSTM {L.lp.n_x} -> {L.lp.hidden} (gates {L.lp.gate_params(L.cfg.K).p} x "
                              f"{L.lp.gate_params(L.cfg.K).q} blocks, K = {L.cfg.K}, up to {L.lp.max_len} steps, "
                              f"{fold_text(n, r, 'LANES = ', ', ROWS = ')})"),
    timing=lambda L, n, r, a: perf.lstm_timing(a, *_lstm_args(L, n, r)),
    mac_ops=lambda L: 4 * L.lp.gate_params(L.cfg.K).p * L.lp.gate_params(L.cfg.K).q * L.cfg.S * L.lp.max_len,
)

# network.json layer type -> stage; a type not listed here cannot be compiled
STAGE_TYPES: dict[str, StageType] = {"bc_linear": BC_STAGE, "dense": DENSE_STAGE, "bc_conv": BC_CONV_STAGE,
                                     "dense_conv": DENSE_CONV_STAGE, "affine": AFFINE_STAGE, "maxpool": POOL_STAGE,
                                     "lstm": LSTM_STAGE}


def stage_type(i: int, L: ExportLayer) -> StageType:
    """The stage of layer ``i``; one-line SwmError naming the layer and its type when there is none."""
    try:
        return STAGE_TYPES[L.type]
    except KeyError:
        raise SwmError(f"layer {i} has type {L.type!r}, which swm compile cannot map to a hardware stage "
                       f"(it builds {', '.join(STAGE_TYPES)}): re-train it as one of those") from None


def stage_foldings(k: StageType, L: ExportLayer) -> list[tuple[int, int, int, int]]:
    """Every folding a stage can be built with: (mults, interval, LANES, ROWS), cheapest first
    (fewer multipliers, then a shorter interval, then more LANES and fewer ROWS)."""
    opts = [(k.mults(L, n, r), k.interval(L, n, r), n, r) for n in k.lane_options(L) for r in k.row_options(L)]
    return sorted(opts, key=lambda o: (o[0], o[1], -o[2], o[3]))


def _segments(layers: list[ExportLayer]) -> list[list[int]]:
    """Stages the budget search replicates together: a stage with the affine / max-pool stages after it
    (so a convolution's fast output stream stays inside its copies and only the pooled one is merged)."""
    segs: list[list[int]] = []
    for i, L in enumerate(layers):
        if segs and L.type in ("affine", "maxpool"):
            segs[-1].append(i)
        else:
            segs.append([i])
    return segs


def choose_foldings(layers: list[ExportLayer], budget: int | None, max_copies: int = 1) -> list[tuple[int, int, int]]:
    """Balance the stages under a multiplier budget with image-level replicas; (copies, LANES, ROWS) per stage.

    As :func:`choose_lanes`, and a segment (a stage with the affine / max-pool stages after it)
    may also be replicated up to ``max_copies`` times (:func:`group_interval`): for each
    candidate interval T every segment takes its cheapest option (fewer multipliers, then fewer
    copies) whose group interval is <= T, and the smallest T whose total fits is chosen. With
    ``max_copies = 1`` this is exactly :func:`choose_lanes`.
    """
    kinds = [stage_type(i, L) for i, L in enumerate(layers)]
    opts = [stage_foldings(k, L) for k, L in zip(kinds, layers)]
    cheapest = sum(o[0][0] for o in opts)
    if budget is not None and cheapest > budget:
        raise SwmError(f"--budget-mults {budget} is below the {cheapest} multipliers of one lane per stage: "
                       f"raise the budget to at least {cheapest}")
    if budget is None:
        return [(1, 1, 1)] * len(layers)
    segs = _segments(layers)

    def seg_option(seg: list[int], T: int) -> tuple[int, int, list[tuple[int, int]]] | None:
        best = None
        for c in range(1, max_copies + 1):
            if c > 1 and (layers[seg[0]].in_samples > T or layers[seg[-1]].out_samples > T):
                break
            pick = [next((o for o in opts[i] if -(-o[1] // c) <= T), None) for i in seg]
            if any(o is None for o in pick):
                continue
            cost = c * sum(o[0] for o in pick)
            if best is None or cost < best[0]:
                best = (cost, c, [(o[2], o[3]) for o in pick])
        return best

    cands = {o[1] for so in opts for o in so}
    cands |= {-(-o[1] // c) for so in opts for o in so for c in range(2, max_copies + 1)}
    for T in sorted(cands):
        picks = [seg_option(seg, T) for seg in segs]
        if all(p is not None for p in picks) and sum(p[0] for p in picks) <= budget:
            out: list[tuple[int, int, int]] = []
            for p in picks:
                out.extend((p[1], n, r) for n, r in p[2])
            return out
    raise AssertionError("unreachable: the cheapest foldings fit the budget")


def choose_lanes(layers: list[ExportLayer], budget: int | None) -> list[tuple[int, int]]:
    """Balance the stages under a multiplier budget; returns (LANES, ROWS) per stage.

    Finds the shortest pipeline interval T (the slowest stage's cycles per image) that the budget
    affords: for every candidate T (the intervals the stages can have) each stage takes its
    cheapest folding with an interval <= T (fewer multipliers, then a shorter interval, then more
    LANES before more ROWS), and the smallest T whose total fits is chosen. Every stage is
    therefore only as fast as the pipeline needs, which keeps the stages balanced; a stage bound
    by its one-sample-per-clock input or output stream stays at its cheapest folding at that
    bound. Without a budget every stage gets one lane, one row.
    """
    return [(n, r) for _, n, r in choose_foldings(layers, budget, 1)]


def _check_network(doc: dict, layers: list[ExportLayer]) -> None:
    """Refuse what the dataflow stages cannot take, naming the layer."""
    if doc.get("input", {}).get("features", layers[0].in_features) != layers[0].in_features:
        raise SwmError("network.json: input features differ from layer 0's in_features: re-export")
    for i, L in enumerate(layers):
        kind = stage_type(i, L)
        try:
            kind.check(L)
        except SwmError as e:
            raise SwmError(f"layer {i} ({L.type}) cannot be built: {e}") from None
        if i + 1 < len(layers) and L.out_features != L.out_samples:
            raise SwmError(f"layer {i} gives {L.out_features} features from p*K = {L.out_samples} engine outputs: a "
                           "stage that trims and re-pads between layers is not built yet; choose a block size that "
                           "divides every hidden width")
        if i and L.in_samples != L.in_features:
            raise SwmError(f"layer {i} takes {L.in_features} features but its engine reads q*K = {L.in_samples}: the "
                           "stream between stages carries whole blocks; choose a block size that divides every "
                           "hidden width")
        if i and layers[i - 1].cfg.DW != L.cfg.DW:
            raise SwmError(f"layers {i - 1} and {i} use different sample widths DW: re-export with one datapath")


# block RAM of the LFE5U-85F (208 DP16KD of 18 kbit): the default --max-memory-bits
ECP5_85F_RAM_BITS = 208 * 18 * 1024


def compile_network(export: Path, out: Path, lanes: list[Any] | None = None, budget: int | None = None,
                    clock_mhz: float = 100.0, fifo_depth: int = DEFAULT_FIFO_DEPTH,
                    max_memory_bits: int | None = ECP5_85F_RAM_BITS, max_copies: int = 1) -> dict:
    """Compile an export into ``out`` (see the module docstring); returns build.json's content.

    ``lanes``: one folding per layer, each ``L`` (LANES, ROWS = 1), ``"LxR"``, ``"C*L"`` / ``"C*LxR"``
    (C image-level copies) or a (LANES, ROWS) pair. ``max_copies``: the copies the budget search
    may use (1: none).
    """
    export, out = Path(export), Path(out)
    doc, layers = load_export(export)
    _check_network(doc, layers)
    if lanes is not None and budget is not None:
        raise SwmError("give --lanes or --budget-mults, not both")
    if not 1 <= max_copies <= MAX_COPIES:
        raise SwmError(f"--max-copies {max_copies} must be in 1..{MAX_COPIES}")
    folds3 = (choose_foldings(layers, budget, max_copies) if lanes is None
              else [parse_stage_folding(v) for v in lanes])
    if len(folds3) != len(layers):
        raise SwmError(f"--lanes lists {len(folds3)} values for {len(layers)} layers: give one per layer")
    copies = [c for c, _, _ in folds3]
    folds = [(n, r) for _, n, r in folds3]
    for i, c in enumerate(copies):
        if not 1 <= c <= MAX_COPIES:
            raise SwmError(f"--lanes: layer {i} asks for {c} copies; give 1..{MAX_COPIES}")
    for i, (L, (n, r)) in enumerate(zip(layers, folds)):
        kind = stage_type(i, L)
        if n not in kind.lane_options(L):
            if L.type in ("affine", "maxpool"):
                raise SwmError(f"--lanes: layer {i} is {L.type}: it streams one sample per clock, give 1, not {n}")
            if L.type in ("dense", "dense_conv"):
                n_out = L.lp.n_out if L.type == "dense" else L.lp.c_out
                raise SwmError(f"--lanes: layer {i} is {L.type} with {n_out} outputs; its LANES must be in "
                               f"1..{n_out}, not {n}")
            raise SwmError(f"--lanes: layer {i} has K = {L.cfg.K}; its LANES must be a power of two <= K/2 = "
                           f"{L.cfg.K // 2}, not {n}")
        if r not in kind.row_options(L):
            if L.type not in ("bc_linear", "bc_conv"):
                raise SwmError(f"--lanes: layer {i} is {L.type}: it has no ROWS folding (write {n}, not {n}x{r})")
            raise SwmError(f"--lanes: layer {i} has p = {L.lp.p} block rows; its ROWS must be in 1..p = {L.lp.p}, "
                           f"not {r} (write LANES x ROWS as e.g. 8x2)")
    if not clock_mhz > 0:
        raise SwmError(f"--clock {clock_mhz} must be > 0 MHz")
    if fifo_depth < 2 or fifo_depth & (fifo_depth - 1):
        raise SwmError(f"--fifo-depth {fifo_depth} must be a power of two >= 2")
    n_classes = layers[-1].out_features
    last = layers[-1]
    limits.check_argmax_hardware(last.cfg.DW, last.out_samples, class_width(n_classes), n_classes)

    stages = []
    images: list[tuple[list[int], list[int]]] = []   # (weight, bias) memory words per stage
    for i, (L, (n, r)) in enumerate(zip(layers, folds)):
        kind = stage_type(i, L)
        bc = L.type in ("bc_linear", "bc_conv")
        gp = L.lp.gate_params(L.cfg.K) if L.type == "lstm" else None   # an LSTM's merged gate matrix
        images.append((kind.weight_words(L, n, r), kind.bias_words(L)) if kind.memories else ([], []))
        words = len(images[-1][0])
        stages.append(Stage(
            index=i, p=L.lp.p if bc else (gp.p if gp else None), q=L.lp.q if bc else (gp.q if gp else None),
            K=L.cfg.K if bc or gp else None, lanes=n, rows=r,
            in_features=L.in_features, out_features=L.out_features, interval=kind.interval(L, n, r),
            latency=kind.latency(L, n, r), weight_bits=words * kind.weight_width(L, n, r),
            bias_bits=len(images[-1][1]) * kind.bias_width(L), mults=kind.mults(L, n, r),
            params=kind.params(L, n, r), type=L.type, module=kind.module, in_samples=L.in_samples,
            out_samples=L.out_samples, buffer_bits=kind.buffer_bits(L, n, r), mac_ops=kind.mac_ops(L)))
    _replicate(stages, copies, layers[0].cfg.DW)

    mem = [(s.copies * (s.weight_bits + s.bias_bits), s.copies * s.buffer_bits + s.image_fifo_bits) for s in stages]
    total = sum(w + b for w, b in mem)
    if max_memory_bits is not None and total > max_memory_bits:
        big = max(range(len(stages)), key=lambda i: sum(mem[i]))
        raise SwmError(f"the network needs {total:,} memory bits (weights and biases {sum(w for w, _ in mem):,}, line and "
                       f"vector buffers {sum(b for _, b in mem):,}; stage {big} ({stages[big].type}) alone "
                       f"{sum(mem[big]):,}), more than the {max_memory_bits:,} bits of --max-memory-bits (default: the "
                       "LFE5U-85F's block RAM): use larger blocks k or a smaller model, or raise --max-memory-bits "
                       "for a larger device")

    work = out.with_name(out.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        build = _write(work, out, export, stages, layers, images, clock_mhz, fifo_depth, n_classes)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if out.exists():
        shutil.rmtree(out)
    work.rename(out)
    return build


def image_fifo_depth(samples: int) -> int:
    """Depth of a replicated group's input/output FIFO: a whole image (the next power of two)."""
    return max(2, 1 << (samples - 1).bit_length())


def _replicate(stages: list[Stage], copies: list[int], DW: int) -> None:
    """Apply the copies: each stage's interval becomes its group's share (group_interval), its
    multipliers are counted per copy, and a group's first / last stage carries the whole-image
    FIFOs of its copies (image_fifo_bits)."""
    for st in stages:
        st.copy_interval = st.interval
    for first, last, c in replica_groups(copies):
        for s in range(first, last + 1):
            st = stages[s]
            st.copies = c
            st.mults *= c
            st.interval = group_interval([st.copy_interval], c, stages[first].in_samples if s == first else 0,
                                         stages[last].out_samples if s == last else 0)
        stages[first].image_fifo_bits += c * image_fifo_depth(stages[first].in_samples) * (DW + 1)
        stages[last].image_fifo_bits += c * image_fifo_depth(stages[last].out_samples) * (DW + 1)


def _write(work: Path, out: Path, export: Path, stages: list[Stage], layers: list[ExportLayer],
           images: list[tuple[list[int], list[int]]], clock_mhz: float,
           fifo_depth: int, n_classes: int) -> dict:
    for st, L, (wwords, bwords) in zip(stages, layers, images):
        kind = STAGE_TYPES[st.type]
        if not kind.memories:
            continue
        write_hex(work / f"stage{st.index}_weights.hex", wwords,
                  kind.weight_width(L, st.lanes, st.rows),
                  f"stage {st.index} ({st.type}) weights, {fold_text(st.lanes, st.rows, 'LANES = ', ', ROWS = ')} "
                  "(swm compile)")
        write_hex(work / f"stage{st.index}_bias.hex", bwords, kind.bias_width(L),
                  f"stage {st.index} ({st.type}) {'shift' if st.type == 'affine' else 'bias'} (swm compile)")
    net = network_perf(stages, layers, clock_mhz)
    DW = layers[0].cfg.DW
    last = layers[-1]
    build = dict(
        generator="swm compile", export=str(export.resolve()), top=TOP, clock_mhz=clock_mhz, fifo_depth=fifo_depth,
        input=dict(samples=layers[0].in_samples, features=layers[0].in_features, width=DW),
        output=dict(classes=n_classes, samples_per_image=last.out_samples, class_width=class_width(n_classes)),
        load=dict(width=LOAD_W, sel_width=SEL_W,
                  order="stage s: load_sel = 2*s for its weights, 2*s+1 for its bias; each memory word is "
                        "ceil(width/32) beats, least significant first; tlast on the image's last beat"),
        stages=[{k: v for k, v in dataclasses.asdict(s).items() if k != "params"} | dict(
            rtl_params={k: v for k, v in s.params.items() if k != "TWIDDLE_FILE"},
            **_memories(s, layers[s.index])) for s in stages],
        argmax=dict(samples=last.out_samples, classes=n_classes,
                    tie="lowest index among equal maxima (numpy.argmax)"),
        pipeline=net,
        mults_total=sum(s.mults for s in stages),
        accel_params=dict(NS=len(stages), DW=DW, CW=class_width(n_classes), IMG_N=layers[0].in_samples,
                          ROM_DIR=str(ROM_DIR))
        | (dict(IMG_STEP=layers[0].lp.n_x) if layers[0].type == "lstm" else {}),
        net_params=dict(ROM_DIR=str(ROM_DIR)),
    )
    (work / f"{TOP}.v").write_text(net_verilog(stages, layers, build, fifo_depth))
    modules = list(dict.fromkeys(s.module for s in stages))
    if any(s.copies > 1 for s in stages):
        modules += REPLICA_MODULES
    (work / f"{TOP}.f").write_text(source_list(out, modules))
    (work / f"{ACCEL}.f").write_text(accel_source_list(out, modules))
    (work / "build.json").write_text(json.dumps(build, indent=2) + "\n")
    (work / "build.md").write_text(build_md(build))
    return build


def _memories(s: Stage, L: ExportLayer) -> dict:
    """build.json's weights / bias entries of a stage (none for a stage without memories)."""
    kind = STAGE_TYPES[s.type]
    if not kind.memories:
        return {}
    ww, bw = kind.weight_width(L, s.lanes, s.rows), kind.bias_width(L)
    return dict(weights=dict(file=f"stage{s.index}_weights.hex", words=s.weight_bits // ww, width=ww),
                bias=dict(file=f"stage{s.index}_bias.hex", words=s.bias_bits // bw, width=bw))


def class_width(n_classes: int) -> int:
    """Width of the class index on m_axis_class."""
    return max(1, limits.clog2(n_classes))


FIFO_LAT = 2    # swm_axis_fifo: a word written at an edge is in its output register one edge later
ARGMAX_LAT = 1  # swm_argmax: the index is registered the edge its vector's last sample is accepted


def network_perf(stages: list[Stage], layers: list[ExportLayer], clock_mhz: float) -> dict:
    """Pipeline model: the interval is the slowest stage's.

    Latency (first input sample to the class, one image in an idle pipeline): the image's samples
    are followed through the stages (``StageType.timing``, swm.perf's stream timing: each stage maps
    its input-sample times to its output-sample times), with FIFO_LAT between stages and the argmax
    at the end. For fully connected stages this is each stage's own latency
    (``swm.perf.layer_cycles`` / ``dense_cycles`` for one vector) minus the time its input stream
    overlaps the output of the stage before it; convolution, affine and max-pool stages start on
    the first pixels they need, while the stage before is still sending. A replicated group adds
    its whole-image FIFOs at its input and output (one FIFO_LAT each); the image goes through one
    copy as it would through the stage.
    """
    interval = max(s.interval for s in stages)
    t = np.arange(1, stages[0].in_samples + 1, dtype=np.int64)   # the network input, one sample per clock
    last_out = []
    groups = replica_groups([s.copies for s in stages])
    for st, L in zip(stages, layers):
        if any(st.index == g[0] for g in groups):
            t = perf.accept(t) + FIFO_LAT   # the group's whole-image input FIFO (behind swm_img_split)
        t = STAGE_TYPES[st.type].timing(L, st.lanes, st.rows, perf.accept(t))
        if any(st.index == g[1] for g in groups):
            t = perf.accept(t) + FIFO_LAT   # its output FIFO (before swm_img_merge)
        last_out.append(int(t[-1]))
        t = t + FIFO_LAT
    latency = int(t[-1]) + ARGMAX_LAT
    ops = sum(s.mac_ops for s in stages)
    mac_mults = sum(s.mults - s.copies * (perf.fft_multipliers(s.K) if s.type in ("bc_linear", "bc_conv", "lstm") else 0)
                    for s in stages)
    return dict(interval_cycles=interval,
                mac_ops=ops, mac_multipliers=mac_mults, mac_utilization=ops / (interval * max(mac_mults, 1)), bottleneck_stage=int(np.argmax([s.interval for s in stages])),
                latency_cycles=latency, images_per_s=clock_mhz * 1e6 / interval,
                latency_us=latency / clock_mhz, stage_last_out=last_out,
                balance=min(s.interval for s in stages) / interval)


REPLICA_MODULES = ["swm_img_split", "swm_img_merge", "swm_axis_bcast", "swm_copy_status"]   # replicated groups


def source_list(out: Path, modules: list[str] | None = None) -> str:
    """swm_net.f: the hand-written modules (the stage modules' ``hw/<module>.f``), then the generated top."""
    names = ["swm_axis_fifo", "swm_load_adapter", ARGMAX]
    srcs = [f"{HW}/{n}.v" for n in names]
    for m in modules or [BC_STAGE.module]:
        for s in read_filelist(HW / f"{m}.f"):
            if str(s) not in srcs:
                srcs.append(str(s))
    srcs.append(str(out.resolve() / f"{TOP}.v"))
    return "\n".join(srcs) + "\n"


def accel_source_list(out: Path, modules: list[str] | None = None) -> str:
    """swm_accel.f: swm_net.f, then the register block and the system top (hw/swm_accel.v)."""
    srcs = source_list(out, modules).splitlines()
    for s in [str(s) for s in read_filelist(HW / "swm_accel_csr.f")] + [
            f"{HW}/{n}.v" for n in ("swm_frame_check", "swm_stall_counters", "swm_axis_reg", ACCEL)]:
        if s not in srcs:  # a module the stages already use (e.g. swm_axis_reg) is listed once
            srcs.append(s)
    return "\n".join(srcs) + "\n"


def _rom_param(path: Any) -> str:
    """A ROM of hw/rom as `{ROM_DIR, "/name"}` (so flows and simulators choose the directory)."""
    p = Path(path)
    if p.parent.resolve() != ROM_DIR.resolve():
        raise SwmError(f"twiddle ROM {p} is not in {ROM_DIR}: generate it with `make roms`")
    return f'{{ROM_DIR, "/{p.name}"}}'


def _vparam(v: Any) -> str:
    return f'"{v}"' if isinstance(v, str) else str(int(v))


def net_verilog(stages: list[Stage], layers: list[ExportLayer], build: dict, fifo_depth: int) -> str:
    """The generated top: instances, parameters and wires only."""
    ns = len(stages)
    DW = layers[0].cfg.DW
    CW = build["output"]["class_width"]
    L = []
    w = L.append
    w(f"// generated by `swm compile` from {build['export']}/network.json: do not edit")
    w("// SPDX-License-Identifier: Apache-2.0")
    kinds = ", ".join(f"{sum(s.type == t for s in stages)} {t}" for t in dict.fromkeys(s.type for s in stages))
    w(f"// Dataflow network top: {ns} stage(s) ({kinds}) -> argmax ({build['output']['classes']} classes).")
    w("")
    w("`resetall")
    w("`timescale 1ns / 1ps")
    w("`default_nettype none")
    w("")
    w(f"module {TOP} #(")
    w("    // directory of the twiddle ROMs (hw/rom): relative to the tool's working directory, or absolute")
    w(f'    parameter ROM_DIR = "{ROM_DIR_DEFAULT}"')
    w(") (")
    w("    input  wire              clk,")
    w("    input  wire              rst,")
    w("    input  wire              run,")
    w(f"    input  wire [{SEL_W - 1}:0]        load_sel,")
    w("    input  wire [31:0]       s_axis_load_tdata,")
    w("    input  wire              s_axis_load_tvalid,")
    w("    output wire              s_axis_load_tready,")
    w("    input  wire              s_axis_load_tlast,")
    w(f"    input  wire [{DW - 1}:0]       s_axis_x_tdata,")
    w("    input  wire              s_axis_x_tvalid,")
    w("    output wire              s_axis_x_tready,")
    w("    input  wire              s_axis_x_tlast,")
    w(f"    output wire [{CW - 1}:0]        m_axis_class_tdata,")
    w("    output wire              m_axis_class_tvalid,")
    w("    input  wire              m_axis_class_tready,")
    w("    output wire              m_axis_class_tlast,")
    w(f"    output wire [{ns - 1}:0]        stage_busy,")
    w(f"    output wire [{ns - 1}:0]        stage_cfg_error,")
    w(f"    output wire [{ns - 1}:0]        stage_in_stall,")
    w(f"    output wire [{ns - 1}:0]        stage_out_stall,")
    w("    output wire              argmax_err_len,")
    w("    output wire              load_overflow")
    w(");")
    w("")
    w(f"    wire [{2 * ns - 1}:0] load_ready;")
    w("    assign s_axis_load_tready = |load_ready;")
    w(f"    wire [{2 * ns - 1}:0] load_ovf;   // a load ran past the end of a stage memory")
    w("    assign load_overflow = |load_ovf;")
    w("")
    # stream wires: x<s> is the input of stage s; x<ns> the input of the argmax
    for s in range(ns + 1):
        w(f"    wire [{DW - 1}:0] x{s}_tdata;")
        w(f"    wire x{s}_tvalid, x{s}_tready, x{s}_tlast;")
        if s < ns:
            w(f"    wire [{DW - 1}:0] y{s}_tdata;")
            w(f"    wire y{s}_tvalid, y{s}_tready, y{s}_tlast;")
    w("    assign x0_tdata = s_axis_x_tdata;")
    w("    assign x0_tvalid = s_axis_x_tvalid;")
    w("    assign s_axis_x_tready = x0_tready;")
    w("    assign x0_tlast = s_axis_x_tlast;")
    w("")
    groups = {g[0]: g for g in replica_groups([st.copies for st in stages])}
    ends = {g[1]: g for g in groups.values()}
    for st, lay in zip(stages, layers):
        s = st.index
        c = st.copies
        kind = STAGE_TYPES[st.type]
        WWd = kind.weight_width(lay, st.lanes, st.rows)
        BWd = kind.bias_width(lay)
        what = kind.describe(lay, st.lanes, st.rows)
        if c > 1:
            what += f", {c} copies ({st.copy_interval} cycles per image each)"
        w(f"    // ---- stage {s}: {what}; interval {st.interval} cycles")
        w(f"    wire [{WWd - 1}:0] w{s}_tdata;")
        w(f"    wire w{s}_tvalid, w{s}_tready, w{s}_tlast;")
        w(f"    wire [{BWd - 1}:0] b{s}_tdata;")
        w(f"    wire b{s}_tvalid, b{s}_tready, b{s}_tlast;")
        if not kind.memories:
            w("    // nothing to load: its load selects never answer")
            for mem, sel in (("w", 2 * s), ("b", 2 * s + 1)):
                w(f"    assign {mem}{s}_tdata = 1'b0;")
                w(f"    assign {mem}{s}_tvalid = 1'b0;")
                w(f"    assign {mem}{s}_tlast = 1'b0;")
                w(f"    assign load_ready[{sel}] = 1'b0;")
                w(f"    assign load_ovf[{sel}] = 1'b0;")
            if c == 1:
                w("    /* verilator lint_off UNUSEDSIGNAL */")
                w(f"    wire unused_load{s} = w{s}_tready | b{s}_tready;")
                w("    /* verilator lint_on UNUSEDSIGNAL */")
        # memory depths (words) for the adapters' load-length check, as build.json gives them
        bst = build["stages"][s]
        depths = (bst["weights"]["words"], bst["bias"]["words"]) if kind.memories else (0, 0)
        if kind.memories and 0 in depths:
            raise SwmError(f"stage {s} ({st.type}) has an empty memory: re-export the network")
        mems = (("w", 2 * s, WWd, depths[0]), ("b", 2 * s + 1, BWd, depths[1])) if kind.memories else ()
        for mem, sel, width, depth in mems:
            w(f"    swm_load_adapter #(.WIDTH({width}), .SEL({sel}), .SEL_W({SEL_W}), .DEPTH({depth})) u_load_{mem}{s} (")
            w(f"        .clk(clk), .rst(rst), .sel(load_sel), .overflow(load_ovf[{sel}]),")
            w("        .s_axis_tdata(s_axis_load_tdata), .s_axis_tvalid(s_axis_load_tvalid), "
              f".s_axis_tready(load_ready[{sel}]), .s_axis_tlast(s_axis_load_tlast),")
            w(f"        .m_axis_tdata({mem}{s}_tdata), .m_axis_tvalid({mem}{s}_tvalid), "
              f".m_axis_tready({mem}{s}_tready), .m_axis_tlast({mem}{s}_tlast)")
            w("    );")
        ps = ", ".join(f".{k}({_rom_param(v) if k == 'TWIDDLE_FILE' else _vparam(v)})" for k, v in st.params.items())
        if c == 1:
            _stage_instance(w, st.module, ps, f"u_stage{s}", f"x{s}", f"y{s}", (f"w{s}", f"b{s}"),
                            [f"stage_{n}[{s}]" for n in ("busy", "cfg_error", "in_stall", "out_stall")])
            _fifo(w, f"u_fifo{s}", f"fifo{s}_level", DW, fifo_depth, _bundle(f"y{s}"), _bundle(f"x{s + 1}"))
            w("")
            continue
        # ---- a replicated stage: c copies (swm_img_split / swm_img_merge around the group)
        first = s in groups
        last = s in ends
        if first:
            w(f"    // replicated group: stages {s}..{groups[s][1]} in {c} copies; image i goes to copy i mod {c}")
            w(f"    wire [{c * DW - 1}:0] sp{s}_tdata;")
            w(f"    wire [{c - 1}:0] sp{s}_tvalid, sp{s}_tready, sp{s}_tlast;")
            w(f"    swm_img_split #(.WIDTH({DW}), .N({c})) u_split{s} (")
            w("        .clk(clk), .rst(rst),")
            w(f"        .s_axis_tdata(x{s}_tdata), .s_axis_tvalid(x{s}_tvalid), .s_axis_tready(x{s}_tready), "
              f".s_axis_tlast(x{s}_tlast),")
            w(f"        .m_axis_tdata(sp{s}_tdata), .m_axis_tvalid(sp{s}_tvalid), .m_axis_tready(sp{s}_tready), "
              f".m_axis_tlast(sp{s}_tlast)")
            w("    );")
        for j in range(c):
            w(f"    wire [{DW - 1}:0] x{s}_c{j}_tdata;")
            w(f"    wire x{s}_c{j}_tvalid, x{s}_c{j}_tready, x{s}_c{j}_tlast;")
            w(f"    wire [{DW - 1}:0] y{s}_c{j}_tdata;")
            w(f"    wire y{s}_c{j}_tvalid, y{s}_c{j}_tready, y{s}_c{j}_tlast;")
        if first:
            depth = image_fifo_depth(st.in_samples)
            for j in range(c):
                _fifo(w, f"u_ififo{s}_c{j}", f"ififo{s}_c{j}_level", DW, depth, _slice(f"sp{s}", j, DW), _bundle(f"x{s}_c{j}"))
        # weight load: one adapter per memory, its words broadcast to every copy
        for mem, width in (("w", WWd), ("b", BWd)):
            w(f"    wire [{c * width - 1}:0] {mem}{s}_all_tdata;")
            w(f"    wire [{c - 1}:0] {mem}{s}_all_tvalid, {mem}{s}_all_tready, {mem}{s}_all_tlast;")
            if kind.memories:
                w(f"    swm_axis_bcast #(.WIDTH({width}), .N({c})) u_bcast_{mem}{s} (")
                w("        .clk(clk), .rst(rst),")
                w(f"        .s_axis_tdata({mem}{s}_tdata), .s_axis_tvalid({mem}{s}_tvalid), .s_axis_tready({mem}{s}_tready), "
                  f".s_axis_tlast({mem}{s}_tlast),")
                w(f"        .m_axis_tdata({mem}{s}_all_tdata), .m_axis_tvalid({mem}{s}_all_tvalid), "
                  f".m_axis_tready({mem}{s}_all_tready), .m_axis_tlast({mem}{s}_all_tlast)")
                w("    );")
            else:
                w(f"    assign {mem}{s}_all_tdata = {{{c}{{{mem}{s}_tdata}}}};")
                w(f"    assign {mem}{s}_all_tvalid = {{{c}{{{mem}{s}_tvalid}}}};")
                w(f"    assign {mem}{s}_all_tlast = {{{c}{{{mem}{s}_tlast}}}};")
                w(f"    assign {mem}{s}_tready = 1'b0;")
        if not kind.memories:
            w("    /* verilator lint_off UNUSEDSIGNAL */")
            w(f"    wire [{c - 1}:0] unused_load{s} = w{s}_all_tready | b{s}_all_tready | {{{c}{{w{s}_tready | b{s}_tready}}}};")
            w("    /* verilator lint_on UNUSEDSIGNAL */")
        w(f"    wire [{c - 1}:0] busy{s}_c, cfg_error{s}_c, in_stall{s}_c, out_stall{s}_c;")
        for j in range(c):
            _stage_instance(w, st.module, ps, f"u_stage{s}_c{j}", f"x{s}_c{j}", f"y{s}_c{j}",
                            (_slice(f"w{s}_all", j, WWd), _slice(f"b{s}_all", j, BWd)),
                            [f"{n}{s}_c[{j}]" for n in ("busy", "cfg_error", "in_stall", "out_stall")])
        w(f"    swm_copy_status #(.N({c})) u_status{s} (")
        w(f"        .busy_c(busy{s}_c), .cfg_error_c(cfg_error{s}_c), .in_stall_c(in_stall{s}_c), .out_stall_c(out_stall{s}_c),")
        w(f"        .busy(stage_busy[{s}]), .cfg_error(stage_cfg_error[{s}]), .in_stall(stage_in_stall[{s}]), "
          f".out_stall(stage_out_stall[{s}])")
        w("    );")
        if not last:
            for j in range(c):
                _fifo(w, f"u_fifo{s}_c{j}", f"fifo{s}_c{j}_level", DW, fifo_depth, _bundle(f"y{s}_c{j}"),
                      _bundle(f"x{s + 1}_c{j}"))
            w("")
            continue
        depth = image_fifo_depth(st.out_samples)
        w(f"    wire [{c * DW - 1}:0] mg{s}_tdata;")
        w(f"    wire [{c - 1}:0] mg{s}_tvalid, mg{s}_tready, mg{s}_tlast;")
        for j in range(c):
            _fifo(w, f"u_ofifo{s}_c{j}", f"ofifo{s}_c{j}_level", DW, depth, _bundle(f"y{s}_c{j}"), _slice(f"mg{s}", j, DW))
        w(f"    swm_img_merge #(.WIDTH({DW}), .N({c})) u_merge{s} (")
        w("        .clk(clk), .rst(rst),")
        w(f"        .s_axis_tdata(mg{s}_tdata), .s_axis_tvalid(mg{s}_tvalid), .s_axis_tready(mg{s}_tready), "
          f".s_axis_tlast(mg{s}_tlast),")
        w(f"        .m_axis_tdata(y{s}_tdata), .m_axis_tvalid(y{s}_tvalid), .m_axis_tready(y{s}_tready), "
          f".m_axis_tlast(y{s}_tlast)")
        w("    );")
        _fifo(w, f"u_fifo{s}", f"fifo{s}_level", DW, fifo_depth, _bundle(f"y{s}"), _bundle(f"x{s + 1}"))
        w("")
    am = build["argmax"]
    w(f"    // ---- argmax over the first {am['classes']} of {am['samples']} samples; tie: {am['tie']}")
    w(f"    {ARGMAX} #(.DW({DW}), .N({am['samples']}), .N_CLASSES({am['classes']}), .OUT_W({CW})) u_argmax (")
    w("        .clk(clk), .rst(rst), .err_len(argmax_err_len),")
    w(f"        .s_axis_tdata(x{ns}_tdata), .s_axis_tvalid(x{ns}_tvalid), .s_axis_tready(x{ns}_tready), "
      f".s_axis_tlast(x{ns}_tlast),")
    w("        .m_axis_tdata(m_axis_class_tdata), .m_axis_tvalid(m_axis_class_tvalid), "
      ".m_axis_tready(m_axis_class_tready), .m_axis_tlast(m_axis_class_tlast)")
    w("    );")
    w("")
    w("endmodule")
    w("")
    w("`resetall")
    return "\n".join(L) + "\n"


def _bundle(prefix: str) -> tuple[str, str, str, str]:
    """A stream's tdata, tvalid, tready, tlast signal names."""
    return tuple(f"{prefix}_{n}" for n in ("tdata", "tvalid", "tready", "tlast"))  # type: ignore[return-value]


def _slice(prefix: str, j: int, width: int) -> tuple[str, str, str, str]:
    """Stream j of a packed bundle (tdata in bits [j*width +: width], the others bit j)."""
    return (f"{prefix}_tdata[{(j + 1) * width - 1}:{j * width}]", f"{prefix}_tvalid[{j}]", f"{prefix}_tready[{j}]",
            f"{prefix}_tlast[{j}]")


def _fifo(w: Callable[[str], None], name: str, level: str, width: int, depth: int,
          src: tuple[str, str, str, str], dst: tuple[str, str, str, str]) -> None:
    """One swm_axis_fifo instance from stream src to stream dst."""
    w("    /* verilator lint_off UNUSEDSIGNAL */")
    w(f"    wire [{int(math.log2(depth))}:0] {level};   // words in the FIFO: seen in simulation, not used")
    w("    /* verilator lint_on UNUSEDSIGNAL */")
    w(f"    swm_axis_fifo #(.WIDTH({width}), .DEPTH({depth})) {name} (")
    w("        .clk(clk), .rst(rst),")
    w(f"        .s_axis_tdata({src[0]}), .s_axis_tvalid({src[1]}), .s_axis_tready({src[2]}), .s_axis_tlast({src[3]}),")
    w(f"        .m_axis_tdata({dst[0]}), .m_axis_tvalid({dst[1]}), .m_axis_tready({dst[2]}), .m_axis_tlast({dst[3]}),")
    w(f"        .level({level})")
    w("    );")


def _stage_instance(w: Callable[[str], None], module: str, params: str, name: str, x: str, y: str,
                    loads: tuple[Any, Any], status: list[str]) -> None:
    """One stage instance: input stream x and output y (prefixes), weight and bias streams, status bits."""
    xs = _bundle(x)
    ys = _bundle(y)
    ls = [_bundle(m) if isinstance(m, str) else m for m in loads]
    w(f"    {module} #({params}) {name} (")
    w(f"        .clk(clk), .rst(rst), .run(run), .busy({status[0]}), .cfg_error({status[1]}),")
    w(f"        .in_stall({status[2]}), .out_stall({status[3]}),")
    w(f"        .s_axis_x_tdata({xs[0]}), .s_axis_x_tvalid({xs[1]}), .s_axis_x_tready({xs[2]}), .s_axis_x_tlast({xs[3]}),")
    w(f"        .m_axis_y_tdata({ys[0]}), .m_axis_y_tvalid({ys[1]}), .m_axis_y_tready({ys[2]}), .m_axis_y_tlast({ys[3]}),")
    for port, sig in zip(("w", "b"), ls):
        end = "," if port == "w" else ""
        w(f"        .s_axis_{port}_tdata({sig[0]}), .s_axis_{port}_tvalid({sig[1]}), .s_axis_{port}_tready({sig[2]}), "
          f".s_axis_{port}_tlast({sig[3]}){end}")
    w("    );")


def build_md(b: dict) -> str:
    """The human summary of build.json."""
    pl = b["pipeline"]
    rows = "\n".join(
        f"| {s['index']} | {s['type']} (`{s['module']}`) | {s['in_features']} -> {s['out_features']} | "
        f"{_shape(s)} | {s['lanes']} | {s['rows']} | {s['copies']} | "
        f"{s['interval']} ({100 * s['interval'] / pl['interval_cycles']:.0f} %) | {s['latency']} | "
        f"{s['copies'] * (s['weight_bits'] + s['bias_bits']):,} | {s['copies'] * s['buffer_bits'] + s['image_fifo_bits']:,} | "
        f"{s['mults']} |"
        for s in b["stages"])
    return f"""# Compiled network: `{b['top']}` ({len(b['stages'])} stages + argmax)

From `{b['export']}`; clock {b['clock_mhz']:g} MHz; FIFOs of {b['fifo_depth']} words between stages.
Estimates of the cycle model (`swm.perf`), not measurements.

| stage | type | features | blocks p x q, K | LANES | ROWS | copies | interval (cycles/image; share of the pipeline's: busy cycles) | latency (cycles) | weight + bias bits | buffer bits | multipliers |
|---|---|---|---|---|---|---|---|---|---|---|---|
{rows}

Pipeline: one image per **{pl['interval_cycles']}** cycles (stage {pl['bottleneck_stage']} is the slowest; slowest/fastest
balance {pl['balance']:.2f}), **{pl['images_per_s']:,.0f} images/s** at {b['clock_mhz']:g} MHz; latency
{pl['latency_cycles']} cycles ({pl['latency_us']:.1f} us) per image; {b['mults_total']} multipliers.
MAC work: {pl['mac_ops']:,} real multiplications per image on {pl['mac_multipliers']} MAC multipliers (FFT/IFFT
multipliers not counted), busy {100 * pl['mac_utilization']:.0f} % of the cycles; with these multipliers no folding
goes below {-(-pl['mac_ops'] // max(pl['mac_multipliers'], 1)):,} cycles per image.
{_copies_md(b)}{_seq_md(b)}Input: {b['input']['samples']} samples of {b['input']['width']} bits per image; output: one class index
({b['output']['class_width']} bits) per image; argmax tie rule: {b['argmax']['tie']}.
Weight load: {b['load']['order']}.
"""


def lstm_stage_args(stage: dict) -> tuple[int, int, int, int, int]:
    """(n_x, hidden, K, LANES, ROWS) of a compiled lstm stage (its build.json entry): swm.perf's LSTM arguments."""
    rp = stage["rtl_params"]
    return rp["N_X"], rp["HIDDEN"], rp["K"], rp["LANES"], rp.get("ROWS", 1)


def _seq_md(b: dict) -> str:
    """build.md's line on sequences (an LSTM network), else empty."""
    st = b["stages"][0]
    if st["type"] != "lstm":
        return ""
    rp = st["rtl_params"]
    return (f"Images are sequences of 1..{rp['MAX_LEN']} steps of {rp['N_X']} samples (tlast on the last); the interval, "
            f"latency and images/s above are for the longest: a sequence of T steps costs the LSTM stage T x "
            f"{perf.lstm_step_cycles(*lstm_stage_args(st))} cycles "
            "(`swm.perf.lstm_sequence_cycles`).\n")


def _copies_md(b: dict) -> str:
    """build.md's line on replicated groups (empty without copies)."""
    groups = replica_groups([s["copies"] for s in b["stages"]])
    if not groups:
        return ""
    txt = "; ".join(f"stages {f}..{l} in {c} copies (one copy: {max(b['stages'][i]['copy_interval'] for i in range(f, l + 1))} "
                    "cycles per image)" for f, l, c in groups)
    return (f"Replicated: {txt}; images are dealt whole, round robin, and collected in order; weights, buffers and "
            "multipliers are counted for every copy, buffer bits include the whole-image FIFOs.\n")


def _shape(s: dict) -> str:
    """build.md shape column: p x q blocks of K (a block-circulant convolution: per tap), or the stage kind."""
    if s["type"] in ("bc_linear", "bc_conv", "lstm"):
        return (f"{s['p']} x {s['q']}" + {"bc_conv": " per tap", "lstm": " (gates over [x; h])"}.get(s["type"], "")
                + f", K = {s['K']}")
    return {"dense": "dense", "dense_conv": "dense", "affine": "per channel", "maxpool": "2x2 max"}[s["type"]]


def to_load_beats(words: list[int], width: int) -> list[int]:
    """Memory words -> 32-bit load-bus beats (swm_load_adapter: least significant beat first)."""
    nb = -(-width // LOAD_W)
    out = []
    for v in words:
        u = int(to_unsigned(int(v), width)) if v < 0 else int(v)
        out.extend((u >> (LOAD_W * i)) & 0xFFFFFFFF for i in range(nb))
    return out
