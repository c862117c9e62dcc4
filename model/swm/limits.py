"""Every size limit of the project, each defined once: training layers, golden model, RTL engine.

Three different things are limited, and each has its own rule here:

* **training** (``swm.layers``, ``swm.zoo``, ``swm train``): any block size ``k >= 1`` (``k = 1`` is
  an ordinary dense layer; ``k`` need not be a power of two);
* **golden model** (``swm.fixed.DatapathConfig``, ``swm.golden``): ``K`` a power of two in 2..64
  and the word widths the int64 arithmetic can hold;
* **RTL engine** (``hw/swm_bc_layer.v``): the elaboration checks of its ``initial`` block, mirrored
  one for one by :func:`check_hardware` (``K`` a power of two in 4..64, ``LANES``, ``ROWS``, widths,
  ``AW``);
* **dataflow stages** (``hw/swm_dense_fc.v``, ``hw/swm_argmax.v``): their elaboration checks,
  mirrored by :func:`check_dense_hardware` and :func:`check_argmax_hardware`; the dense layer's
  exact accumulator rule is :func:`min_dense_acc_width` (golden model and RTL alike).

A rule is a constant plus one ``check_*`` function that raises :class:`swm.errors.SwmError` with
one line naming the problem and the fix; every other module calls these functions.
"""

from __future__ import annotations

import operator
from typing import Any

from swm.errors import SwmError

# ---- training layers ---------------------------------------------------------------------------
TRAIN_MIN_BLOCK = 1  # k = 1 is a dense layer

# ---- golden model (DatapathConfig.validate) ---------------------------------------------------
MODEL_BLOCK_SIZES = (2, 4, 8, 16, 32, 64)
MODEL_DW = (4, 32)  # inclusive ranges
MODEL_WW = (4, 32)
MODEL_TW = (4, 24)
MODEL_FW_MAX = 40
MODEL_AW_MAX = 62
MODEL_FW_TW_MAX = 62  # butterfly products must fit int64

# ---- RTL engine (hw/swm_bc_layer.v initial block) ---------------------------------------------
HW_BLOCK_SIZES = (4, 8, 16, 32, 64)
HW_DW_MIN = 5
HW_WW_MIN = 2
HW_TW_MIN = 4
HW_ROUND_MODES = (0, 1)
# swm_bc_layer's weight RAM is split into banks of this many words (one block-RAM depth), each
# registered before the bank multiplexer; a banked memory cannot be preloaded from one image
W_BANK_DEPTH = 2048


def _list(values: tuple[int, ...]) -> str:
    """'4, 8, 16, 32 or 64'."""
    return ", ".join(str(v) for v in values[:-1]) + f" or {values[-1]}"


def is_pow2(n: int) -> bool:
    """True for 1, 2, 4, 8, ..."""
    return n >= 1 and n & (n - 1) == 0


def clog2(n: int) -> int:
    """Verilog ``$clog2``: ceil(log2(n)), 0 for n <= 1."""
    return max(0, int(n) - 1).bit_length()


def min_acc_width(WW: int, FW: int, max_q: int) -> int:
    """Smallest exact accumulator width: WW + FW + 2 + clog2(max_q) (golden model and RTL alike)."""
    return int(WW) + int(FW) + 2 + clog2(max_q)


def min_dense_acc_width(WW: int, DW: int, n_in: int) -> int:
    """Exact accumulator width of a dense layer: WW + DW + clog2(n_in) (golden model and RTL alike).

    The sum of n_in products of a WW-bit weight and a DW-bit input has magnitude at most
    n_in * 2^(WW+DW-2), which this width holds with a bit to spare.
    """
    return int(WW) + int(DW) + clog2(n_in)


def check_dense_acc_width(AW: int, WW: int, DW: int, n_in: int, what: str = "AW") -> int:
    """Raise SwmError unless AW >= WW + DW + clog2(n_in); return AW."""
    need = min_dense_acc_width(WW, DW, n_in)
    if int(AW) < need:
        raise SwmError(f"{what} = {AW} is too small for a dense layer with n_in = {n_in}; "
                       f"use AW >= WW + DW + clog2(n_in) = {need}")
    return int(AW)


# ---- training ------------------------------------------------------------------------------------
def check_train_block_size(value: Any, what: str = "block_size") -> int:
    """Return a training block size as an int >= 1 or raise SwmError naming the fix."""
    if isinstance(value, bool):
        raise SwmError(f"{what} must be a positive integer, got {value!r}; pass e.g. 8 or 16")
    try:
        k = operator.index(value)
    except TypeError:
        raise SwmError(f"{what} must be a positive integer, got {value!r}; pass e.g. 8 or 16") from None
    if k < TRAIN_MIN_BLOCK:
        raise SwmError(f"{what} must be >= {TRAIN_MIN_BLOCK}, got {k}; use 1 for a dense layer or e.g. 16")
    return k


# ---- golden model --------------------------------------------------------------------------------
def check_model_block_size(K: int, what: str = "DatapathConfig.K") -> int:
    """The golden datapath takes K a power of two in 2..64."""
    if K not in MODEL_BLOCK_SIZES:
        raise SwmError(f"{what} = {K} is invalid; use a power of two in "
                       f"{MODEL_BLOCK_SIZES[0]}..{MODEL_BLOCK_SIZES[-1]}")
    return K


def check_model_twiddle_width(TW: int, what: str = "DatapathConfig.TW") -> int:
    """Twiddle widths the golden model computes exactly: 4..24."""
    if not MODEL_TW[0] <= TW <= MODEL_TW[1]:
        raise SwmError(f"{what} = {TW} is out of range; use {MODEL_TW[0]}..{MODEL_TW[1]}")
    return TW


# ---- RTL engine ----------------------------------------------------------------------------------
def check_hw_block_size(K: int, where: str = "") -> int:
    """swm_bc_layer builds K = 4, 8, 16, 32 or 64 (and hw/rom holds twiddle ROMs for exactly those)."""
    if K not in HW_BLOCK_SIZES:
        at = f"{where} has " if where else ""
        raise SwmError(f"{at}block size {K}, which the RTL engine cannot build (swm_bc_layer takes K a power "
                       f"of two in {HW_BLOCK_SIZES[0]}..{HW_BLOCK_SIZES[-1]}): retrain with --block-size "
                       f"{_list(HW_BLOCK_SIZES)}")
    return K


def check_hw_lanes(lanes: int, K: int) -> int:
    """LANES is a power of two with 1 <= LANES <= K/2."""
    if not is_pow2(lanes) or lanes > K // 2:
        raise SwmError(f"--lanes {lanes} cannot be built for K = {K}: LANES must be a power of two "
                       f"with 1 <= LANES <= K/2 = {K // 2}; use --lanes 1..{K // 2} (a power of two)")
    return lanes


def check_hw_rows(rows: int, max_p: int | None = None) -> int:
    """ROWS (block rows computed at once) is an integer with 1 <= ROWS <= MAX_P (when given).

    Any integer can be built; a power of two indexes the engine's Y buffer exactly, other values
    pad its halves to the next power of two of rows (zeros, never read)."""
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
        raise SwmError(f"ROWS = {rows!r} cannot be built: ROWS must be an integer >= 1 (block rows computed at "
                       "once); use 1, 2, 3, ...")
    if max_p is not None and rows > max_p:
        raise SwmError(f"ROWS = {rows} cannot be built for MAX_P = {max_p}: ROWS must be <= MAX_P (a row group "
                       f"larger than the layer only adds idle multipliers); use ROWS <= {max_p}")
    return rows


def check_hardware(K: int, DW: int, FW: int, WW: int, TW: int, AW: int, lanes: int, max_p: int, max_q: int,
                   round_mode: int, rows: int = 1) -> None:
    """Mirror of the elaboration checks of hw/swm_bc_layer.v, in the same order; SwmError on the first."""
    check_hw_block_size(K)
    check_hw_lanes(lanes, K)
    if DW < HW_DW_MIN:
        raise SwmError(f"DW = {DW} is too small for the RTL engine; use DW >= {HW_DW_MIN}")
    if FW < DW + 1:
        raise SwmError(f"FW = {FW} is too small for the RTL engine; use FW >= DW + 1 = {DW + 1}")
    if WW < HW_WW_MIN or TW < HW_TW_MIN:
        raise SwmError(f"WW = {WW} / TW = {TW} are too small for the RTL engine; "
                       f"use WW >= {HW_WW_MIN} and TW >= {HW_TW_MIN}")
    if max_p < 1 or max_q < 1:
        raise SwmError(f"MAX_P = {max_p} and MAX_Q = {max_q} must be >= 1; size the engine for at least one block")
    check_hw_rows(rows, max_p)
    need = min_acc_width(WW, FW, max_q)
    if AW < need:
        raise SwmError(f"AW = {AW} is too small for MAX_Q = {max_q}; "
                       f"use AW >= WW + FW + 2 + clog2(MAX_Q) = {need}")
    if round_mode not in HW_ROUND_MODES:
        raise SwmError(f"ROUND_MODE = {round_mode} is invalid; use 0 (half_up) or 1 (convergent)")


# ---- dataflow stages ----------------------------------------------------------------------------
DENSE_ACTS = (0, 1, 2, 3)  # identity, relu, sigmoid, tanh (swm.golden.ACTIVATIONS)


def check_dense_hardware(DW: int, WW: int, FW: int, AW: int, n_in: int, n_out: int, lanes: int,
                         acc_shift: int, out_shift: int, act: int, y_frac: int, round_mode: int) -> None:
    """Mirror of the elaboration checks of hw/swm_dense_fc.v, in the same order; SwmError on the first."""
    if DW < HW_DW_MIN:
        raise SwmError(f"DW = {DW} is too small for swm_dense_fc; use DW >= {HW_DW_MIN}")
    if FW < DW + 1:
        raise SwmError(f"FW = {FW} is too small for swm_dense_fc; use FW >= DW + 1 = {DW + 1}")
    if WW < HW_WW_MIN:
        raise SwmError(f"WW = {WW} is too small for swm_dense_fc; use WW >= {HW_WW_MIN}")
    if n_in < 1 or n_out < 1:
        raise SwmError(f"N_IN = {n_in} and N_OUT = {n_out} must be >= 1")
    if not 1 <= lanes <= n_out:
        raise SwmError(f"LANES = {lanes} cannot be built for N_OUT = {n_out}: use 1 <= LANES <= N_OUT "
                       "(LANES output neurons are computed in parallel)")
    check_dense_acc_width(AW, WW, DW, n_in)
    if not 0 <= acc_shift <= AW - 1 or not 0 <= out_shift <= FW + 1:
        raise SwmError(f"ACC_SHIFT = {acc_shift} / OUT_SHIFT = {out_shift} out of range; "
                       f"use 0..AW-1 = 0..{AW - 1} and 0..FW+1 = 0..{FW + 1}")
    if act not in DENSE_ACTS:
        raise SwmError(f"ACT = {act} is invalid; use 0 (identity), 1 (relu), 2 (sigmoid) or 3 (tanh)")
    top = DW - 4 if act >= 2 else DW - 1
    if not 0 <= y_frac <= top:
        raise SwmError(f"Y_FRAC = {y_frac} out of range for ACT = {act}; use 0..{top}")
    if round_mode not in HW_ROUND_MODES:
        raise SwmError(f"ROUND_MODE = {round_mode} is invalid; use 0 (half_up) or 1 (convergent)")


def check_argmax_hardware(DW: int, n: int, out_w: int, n_classes: int | None = None) -> None:
    """Mirror of the elaboration checks of hw/swm_argmax.v; SwmError on the first."""
    nc = n if n_classes is None else int(n_classes)
    if n < 2:
        raise SwmError(f"N = {n} is too small for swm_argmax; use N >= 2 samples per vector")
    if DW < 2:
        raise SwmError(f"DW = {DW} is too small for swm_argmax; use DW >= 2")
    if not 1 <= nc <= n:
        raise SwmError(f"N_CLASSES = {nc} must be in 1..N = {n}: the classes are the first N_CLASSES samples")
    if out_w < clog2(nc):
        raise SwmError(f"OUT_W = {out_w} cannot hold a class index below N_CLASSES = {nc}; use OUT_W >= "
                       f"clog2(N_CLASSES) = {clog2(nc)}")


__all__ = [
    "TRAIN_MIN_BLOCK", "MODEL_BLOCK_SIZES", "HW_BLOCK_SIZES", "is_pow2", "clog2", "min_acc_width",
    "check_train_block_size", "check_model_block_size", "check_model_twiddle_width", "check_hw_block_size",
    "check_hw_lanes", "check_hw_rows", "check_hardware", "min_dense_acc_width", "check_dense_acc_width", "check_dense_hardware",
    "check_argmax_hardware",
]
