"""Fixed-point primitives and the datapath configuration (docs/datapath.md is the contract).

Everything here is two's-complement integer arithmetic on numpy int64 arrays:
``rnd(v, s)`` (:func:`round_shift`), ``sat(v, W)`` (:func:`saturate`), quantization of floats
(:func:`quantize`) and the fraction-bit choice rule (:func:`choose_frac`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from swm import limits
from swm.errors import SwmError

ROUNDING_MODES = ("half_up", "convergent")  # RTL ROUND_MODE 0 / 1

# The RTL tree beside this package (model/swm -> hw/): twiddle ROMs live in hw/rom/.
HW_DIR = Path(__file__).resolve().parents[2] / "hw"
ROM_DIR = HW_DIR / "rom"


def twiddle_rom_name(K: int, TW: int) -> str:
    """File name of the twiddle ROM for block size K and twiddle width TW."""
    return f"swm_twiddle_k{int(K)}_tw{int(TW)}.hex"


def twiddle_rom_path(K: int, TW: int) -> Path:
    """Absolute path of the checked-in twiddle ROM hw/rom/swm_twiddle_k{K}_tw{TW}.hex (may not exist)."""
    return ROM_DIR / twiddle_rom_name(K, TW)


# Largest shift round_shift accepts: 2^(s-1) and the int64 sums stay below 2^63.
_MAX_SHIFT = 62


def _as_int64(v: Any, what: str = "value") -> np.ndarray:
    """Return ``v`` as an int64 array; integer inputs only (floats are a caller bug)."""
    a = np.asarray(v)
    if a.dtype == np.int64:
        return a
    if a.dtype.kind in "iub":
        return a.astype(np.int64)
    if a.dtype == object:
        try:
            return a.astype(np.int64)
        except OverflowError as e:
            raise SwmError(f"{what} does not fit in int64; pass integers within the datapath widths") from e
    raise SwmError(f"{what} has dtype {a.dtype}; pass integer arrays (quantize floats with swm.fixed.quantize first)")


@dataclass(frozen=True)
class DatapathConfig:
    """Widths, rounding mode and FFT stage scaling of the datapath (docs/datapath.md "Defaults")."""

    K: int = 16
    DW: int = 16
    FW: int = 18
    WW: int = 16
    TW: int = 16
    AW: int = 48
    rounding: str = "half_up"
    fft_scale: tuple[int, ...] | None = None  # per stage 0/1, None = all ones (len L)
    ifft_scale: tuple[int, ...] | None = None
    max_q: int = 1024  # largest q the accumulator width must support
    act_frac: int | None = None  # fixed activation fraction bits for every layer; None = calibrated per layer

    # ---- derived -------------------------------------------------------------------------
    @property
    def L(self) -> int:
        """Number of radix-2 stages, log2(K)."""
        return int(self.K).bit_length() - 1

    @property
    def S(self) -> int:
        """Packed spectrum slots per block, K/2."""
        return self.K // 2

    @property
    def TF(self) -> int:
        """Twiddle fraction bits, TW - 2 (so +1.0 = 2^TF is exact)."""
        return self.TW - 2

    @property
    def PRE(self) -> int:
        """Left shift of the input samples into the FFT word, FW - DW - 1."""
        return self.FW - self.DW - 1

    @property
    def fft_stages(self) -> tuple[int, ...]:
        """Forward stage scaling bits, stage 0 first (None expanded to all ones)."""
        return tuple(self.fft_scale) if self.fft_scale is not None else (1,) * self.L

    @property
    def ifft_stages(self) -> tuple[int, ...]:
        """Inverse stage scaling bits, stage 0 first (None expanded to all ones)."""
        return tuple(self.ifft_scale) if self.ifft_scale is not None else (1,) * self.L

    @property
    def fft_mask(self) -> int:
        """RTL FFT_SCALE parameter: bit s set = forward stage s halves."""
        return sum(int(b) << s for s, b in enumerate(self.fft_stages))

    @property
    def ifft_mask(self) -> int:
        """RTL IFFT_SCALE parameter: bit s set = inverse stage s halves."""
        return sum(int(b) << s for s, b in enumerate(self.ifft_stages))

    @property
    def Sf(self) -> int:
        """Number of scaled forward stages."""
        return sum(self.fft_stages)

    @property
    def Si(self) -> int:
        """Number of scaled inverse stages."""
        return sum(self.ifft_stages)

    @property
    def round_mode_id(self) -> int:
        """RTL ROUND_MODE parameter (0 half_up, 1 convergent)."""
        return ROUNDING_MODES.index(self.rounding)

    # ---- validation / serialisation ------------------------------------------------------
    def validate(self, bc_acc: bool = True) -> "DatapathConfig":
        """Check every field; raise SwmError naming the bad field and the fix; return self.

        ``bc_acc=False`` skips the block-circulant accumulator minimum (``AW >= WW + FW + 2 +
        clog2(max_q)``): the dense layer (``swm.golden.dense_int``) checks its own rule instead.
        """

        def need_int(name: str) -> int:
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
                raise SwmError(f"DatapathConfig.{name} = {v!r} is not an integer; set it to an int")
            return int(v)

        K = limits.check_model_block_size(need_int("K"))
        DW, FW, WW, TW, AW = (need_int(n) for n in ("DW", "FW", "WW", "TW", "AW"))
        max_q = need_int("max_q")
        lo, hi = limits.MODEL_DW
        if not lo <= DW <= hi:
            raise SwmError(f"DatapathConfig.DW = {DW} is out of range; use {lo}..{hi}")
        fw_max = limits.MODEL_FW_MAX
        if not DW + 1 <= FW <= fw_max:
            raise SwmError(f"DatapathConfig.FW = {FW} is out of range; use DW+1..{fw_max} (= {DW + 1}..{fw_max})")
        lo, hi = limits.MODEL_WW
        if not lo <= WW <= hi:
            raise SwmError(f"DatapathConfig.WW = {WW} is out of range; use {lo}..{hi}")
        limits.check_model_twiddle_width(TW)
        if FW + TW > limits.MODEL_FW_TW_MAX:
            raise SwmError(
                f"DatapathConfig.FW + TW = {FW + TW} exceeds {limits.MODEL_FW_TW_MAX} (butterfly products must "
                "fit int64); reduce FW or TW"
            )
        if max_q < 1:
            raise SwmError(f"DatapathConfig.max_q = {max_q} is invalid; use a positive integer")
        need_aw = limits.min_acc_width(WW, FW, max_q)
        if AW > limits.MODEL_AW_MAX:
            raise SwmError(f"DatapathConfig.AW = {AW} exceeds {limits.MODEL_AW_MAX}; use AW <= {limits.MODEL_AW_MAX}")
        if bc_acc and AW < need_aw:
            raise SwmError(
                f"DatapathConfig.AW = {AW} is too small for WW={WW}, FW={FW}, max_q={max_q}; "
                f"use AW >= WW + FW + 2 + ceil(log2(max_q)) = {need_aw}"
            )
        if self.act_frac is not None:
            af = need_int("act_frac")
            if not 0 <= af <= DW - 1:
                raise SwmError(f"DatapathConfig.act_frac = {af} is out of range; use 0..DW-1 (= 0..{DW - 1}) or None")
        if self.rounding not in ROUNDING_MODES:
            raise SwmError(f"DatapathConfig.rounding = {self.rounding!r} is unknown; use one of {ROUNDING_MODES}")
        L = K.bit_length() - 1
        for name in ("fft_scale", "ifft_scale"):
            v = getattr(self, name)
            if v is None:
                continue
            if not isinstance(v, (tuple, list)) or len(v) != L or any(
                isinstance(b, bool) or b not in (0, 1) for b in v
            ):
                raise SwmError(
                    f"DatapathConfig.{name} = {v!r} is invalid; use None or a tuple of L = {L} entries, each 0 or 1"
                )
        return self

    # ---- the RTL engine (hw/swm_bc_layer.v) ------------------------------------------------
    def check_hardware(self, lanes: int, max_p: int, max_q: int, rows: int = 1) -> "DatapathConfig":
        """Check that swm_bc_layer elaborates with this config and LANES/MAX_P/MAX_Q/ROWS; return self.

        Mirrors the ``initial`` block of hw/swm_bc_layer.v exactly (``swm.limits.check_hardware``);
        raises SwmError naming the parameter and the fix.
        """
        self.validate()
        limits.check_hardware(self.K, self.DW, self.FW, self.WW, self.TW, self.AW, int(lanes), int(max_p),
                              int(max_q), self.round_mode_id, rows=int(rows))
        return self

    def rtl_params(self, lanes: int, max_p: int, max_q: int, weight_file: str | Path | None = None,
                   bias_file: str | Path | None = None, rows: int = 1) -> dict[str, Any]:
        """Verilog parameters of swm_bc_layer for this config (after :meth:`check_hardware`).

        File parameters are absolute paths as plain strings (the simulator runner quotes them);
        TWIDDLE_FILE is hw/rom/swm_twiddle_k{K}_tw{TW}.hex and must exist (SwmError naming
        ``make roms`` otherwise); WEIGHT_FILE / BIAS_FILE are included only when given. ROWS is
        included only when ``rows != 1`` (the RTL default), so existing engines keep their
        parameter lists.
        """
        self.check_hardware(lanes, max_p, max_q, rows)
        rom = twiddle_rom_path(self.K, self.TW)
        if not rom.is_file():
            raise SwmError(f"no twiddle ROM {rom} for K={self.K}, TW={self.TW}: "
                           f"generate it with `make roms K={self.K} TW={self.TW}`")
        params: dict[str, Any] = dict(
            K=self.K, DW=self.DW, FW=self.FW, WW=self.WW, TW=self.TW, AW=self.AW, LANES=int(lanes),
            MAX_P=int(max_p), MAX_Q=int(max_q), ROUND_MODE=self.round_mode_id, FFT_SCALE=self.fft_mask,
            IFFT_SCALE=self.ifft_mask, TWIDDLE_FILE=str(rom),
        )
        if int(rows) != 1:
            params["ROWS"] = int(rows)
        wdepth = -(-int(max_p) // int(rows)) * int(max_q) * (self.K // 2 // int(lanes))
        if weight_file is not None and wdepth > limits.W_BANK_DEPTH:
            raise SwmError(f"a WEIGHT_FILE preload needs ceil(MAX_P/ROWS)*MAX_Q*K/2/LANES = {wdepth} <= "
                           f"{limits.W_BANK_DEPTH} weight words (one RAM bank); load larger weight "
                           f"memories over the s_axis_w stream")
        for name, f in (("WEIGHT_FILE", weight_file), ("BIAS_FILE", bias_file)):
            if f is not None:
                params[name] = str(Path(f).resolve())
        return params

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON dict of the fields (scale tuples as lists)."""
        d = asdict(self)
        for name in ("fft_scale", "ifft_scale"):
            if d[name] is not None:
                d[name] = [int(b) for b in d[name]]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "DatapathConfig":
        """Inverse of :meth:`to_dict`; unknown keys are an error. Returns a validated config."""
        known = set(cls.__dataclass_fields__)
        extra = set(d) - known
        if extra:
            raise SwmError(f"unknown DatapathConfig field(s) {sorted(extra)}; use only {sorted(known)}")
        kw = dict(d)
        for name in ("fft_scale", "ifft_scale"):
            if kw.get(name) is not None:
                kw[name] = tuple(kw[name])
        return cls(**kw).validate()


def round_shift(v: Any, s: int, mode: str) -> np.ndarray:
    """rnd(v, s): arithmetic right shift by s >= 0 with rounding ``mode`` (docs/datapath.md)."""
    a = _as_int64(v, "round_shift input")
    s = int(s)
    if s < 0 or s > _MAX_SHIFT:
        raise SwmError(f"round_shift: shift {s} out of range; use 0..{_MAX_SHIFT}")
    if s == 0:
        return a.copy()
    half = np.int64(1) << np.int64(s - 1)
    sh = np.int64(s)
    if mode == "half_up":
        return (a + half) >> sh
    if mode == "convergent":
        return (a + (half - 1) + ((a >> sh) & 1)) >> sh
    raise SwmError(f"rounding mode {mode!r} is unknown; use one of {ROUNDING_MODES}")


def saturate(v: Any, width: int) -> np.ndarray:
    """sat(v, W): clamp to [-2^(W-1), 2^(W-1) - 1] (never wrap)."""
    a = _as_int64(v, "saturate input")
    width = int(width)
    if not 1 <= width <= 63:
        raise SwmError(f"saturate: width {width} out of range; use 1..63")
    lo = -(1 << (width - 1))
    hi = (1 << (width - 1)) - 1
    return np.clip(a, lo, hi).astype(np.int64)


def quantize(x: Any, frac: int, width: int) -> np.ndarray:
    """sat(floor(x * 2^frac + 0.5), width) as int64 (float64 arithmetic)."""
    xf = np.asarray(x, dtype=np.float64)
    if not np.all(np.isfinite(xf)):
        raise SwmError("quantize: input contains NaN or infinity; clean the data before quantizing")
    width = int(width)
    if not 1 <= width <= 63:
        raise SwmError(f"quantize: width {width} out of range; use 1..63")
    lo = -(1 << (width - 1))
    hi = (1 << (width - 1)) - 1
    r = np.floor(xf * np.ldexp(1.0, int(frac)) + 0.5)
    # clamp in float first (exact for |values| <= 2^53 bounds used here), then exact int clamp
    r = np.clip(r, float(lo) - 1.0, float(hi) + 1.0)
    return np.clip(r.astype(np.int64), lo, hi).astype(np.int64)


def choose_frac(max_abs: float, width: int, headroom_bits: int = 0) -> int:
    """Largest f with max_abs * 2^f <= 2^(width-1-headroom_bits) - 1.

    ``max_abs == 0`` is treated as 1.0 (any f would do; this gives the frac that holds +-1.0).
    """
    m = float(max_abs)
    if not math.isfinite(m) or m < 0:
        raise SwmError(f"choose_frac: max_abs = {max_abs!r} is invalid; pass a finite value >= 0")
    limit = (1 << (int(width) - 1 - int(headroom_bits))) - 1
    if limit < 1:
        raise SwmError(
            f"choose_frac: width {width} with headroom {headroom_bits} leaves no magnitude bits; "
            "increase width or reduce headroom_bits"
        )
    if m == 0.0:
        m = 1.0
    f = math.floor(math.log2(limit / m))
    # fix up float log2 edge cases with the exact (power-of-two scaling) comparison
    while math.ldexp(m, f + 1) <= limit:
        f += 1
    while math.ldexp(m, f) > limit:
        f -= 1
    return f
