"""Bit-accurate golden model of the block-circulant layer datapath and the dataflow stages (docs/datapath.md).

All integer arrays are numpy int64 with any leading batch dimensions. The RTL must equal these
functions bit for bit; every step cites the section of docs/datapath.md it implements.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from swm import limits
from swm.errors import SwmError
from swm.memimg import pack_lanes, read_hex, to_signed, to_unsigned, write_hex  # noqa: F401  (read_hex/write_hex re-exported)
from swm.fixed import DatapathConfig, _as_int64, choose_frac, quantize, round_shift, saturate

ACTIVATIONS = {"identity": 0, "relu": 1, "sigmoid": 2, "tanh": 3}  # RTL encoding


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def _check_range(a: np.ndarray, width: int, what: str) -> None:
    """Raise SwmError unless every element of ``a`` is a ``width``-bit signed integer."""
    if a.size == 0:
        return
    lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
    mn, mx = int(a.min()), int(a.max())
    if mn < lo or mx > hi:
        raise SwmError(
            f"{what} has values in [{mn}, {mx}] outside the {width}-bit range [{lo}, {hi}]; "
            "saturate/quantize it to that width first"
        )


def _bitrev_perm(L: int) -> np.ndarray:
    """perm[m] = bitrev_L(m)."""
    n = 1 << L
    return np.array([int(format(m, f"0{L}b")[::-1], 2) if L else 0 for m in range(n)], dtype=np.intp)


def twiddles(K: int, TW: int) -> tuple[np.ndarray, np.ndarray]:
    """Forward twiddles wr[t] = floor(cos(2 pi t/K) 2^TF + 0.5), wi[t] = floor(-sin(2 pi t/K) 2^TF + 0.5).

    t = 0..K/2-1, TF = TW - 2, computed with numpy float64 (``2.0 * np.pi * t / K``).
    """
    limits.check_model_block_size(K, "twiddles: K")
    limits.check_model_twiddle_width(TW, "twiddles: TW")
    TF = TW - 2
    t = np.arange(K // 2, dtype=np.float64)
    ang = 2.0 * np.pi * t / K
    scale = np.ldexp(1.0, TF)
    wr = np.floor(np.cos(ang) * scale + 0.5).astype(np.int64)
    wi = np.floor(-np.sin(ang) * scale + 0.5).astype(np.int64)
    return wr, wi


def twiddle_rom_words(K: int, TW: int) -> list[int]:
    """Twiddle ROM image: word t = {wr[t], wi[t]} (wr in the upper TW bits), two's complement."""
    wr, wi = twiddles(K, TW)
    return pack_lanes(np.stack([wr, wi], axis=-1)[:, None, :], TW)


# ---------------------------------------------------------------------------------------------
# Steps 1 and 3: the radix-2 DIF butterfly network
# ---------------------------------------------------------------------------------------------

def _dif_stage(
    re: np.ndarray, im: np.ndarray, wr: np.ndarray, wi: np.ndarray, s: int, sh: int, cfg: DatapathConfig,
    count: bool = True,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Stage ``s`` of the radix-2 DIF network on (n, K) re/im (natural positions, any integer widths).

    Returns the new (re, im) and the number of words saturation changed (0 unless ``count``:
    counting costs a pass over every word). ``sh`` (0 or 1) is the stage's scaling shift;
    ``wr``/``wi`` are the twiddles actually used.
    """
    K, TF, FW, mode = cfg.K, cfg.TF, cfg.FW, cfg.rounding
    lo, hi = -(1 << (FW - 1)), (1 << (FW - 1)) - 1
    h = K >> (s + 1)
    shape = (re.shape[0], K // (2 * h), 2, h)
    zr, zi = re.reshape(shape), im.reshape(shape)
    ar, br = zr[..., 0, :], zr[..., 1, :]
    ai, bi = zi[..., 0, :], zi[..., 1, :]
    t = np.arange(h) << s
    tr, ti = wr[t], wi[t]
    dif_r, dif_i = ar - br, ai - bi
    vals = (
        round_shift(ar + br, sh, mode),  # sum.re
        round_shift(ai + bi, sh, mode),  # sum.im
        round_shift(dif_r * tr - dif_i * ti, TF + sh, mode),  # pr
        round_shift(dif_r * ti + dif_i * tr, TF + sh, mode),  # pi
    )
    nr, ni = np.empty_like(re), np.empty_like(im)
    vr, vi = nr.reshape(shape), ni.reshape(shape)
    dests = (vr[..., 0, :], vi[..., 0, :], vr[..., 1, :], vi[..., 1, :])
    for v, d in zip(vals, dests):
        np.clip(v, lo, hi, out=d)  # sat(., FW)
    if not count:
        return nr, ni, 0
    return nr, ni, int(sum(int(np.count_nonzero(d != v)) for v, d in zip(vals, dests)))


def _dif(
    re: np.ndarray,
    im: np.ndarray,
    wr: np.ndarray,
    wi: np.ndarray,
    stages: tuple[int, ...],
    cfg: DatapathConfig,
    sat_count: list[int] | None = None,
    stage_out: list[tuple[np.ndarray, np.ndarray]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Radix-2 DIF network of docs/datapath.md step 1 on (..., K) re/im; natural in, bit-reversed out.

    ``wr``/``wi`` are the twiddles actually used (forward, or conjugated for the inverse).
    If ``sat_count`` is a list, the number of words that saturation changed is appended per stage;
    if ``stage_out`` is a list, each stage's (re, im) output (natural positions) is appended.
    """
    K, L = cfg.K, cfg.L
    lead = re.shape[:-1]
    re, im = re.reshape(-1, K), im.reshape(-1, K)
    for s in range(L):
        re, im, n_sat = _dif_stage(re, im, wr, wi, s, int(stages[s]), cfg, count=sat_count is not None)
        if sat_count is not None:
            sat_count.append(n_sat)
        if stage_out is not None:
            stage_out.append((re.reshape(lead + (K,)), im.reshape(lead + (K,))))
    re, im = re.reshape(lead + (K,)), im.reshape(lead + (K,))
    return re, im


def fft_stage_int(z: Any, stage: int, scale: int, inverse: bool, cfg: DatapathConfig) -> np.ndarray:
    """One radix-2 DIF stage (hw/swm_fft_stage.v): (..., K, 2) words {re, im} -> (..., K, 2) FW-bit words.

    Stage ``stage`` of step 1 (step 3 with ``inverse``: conjugate twiddles), halving when
    ``scale`` is 1; natural positions in and out. The input words may be up to FW + 1 bits (the
    first inverse stage's input). ``fft_int`` / ``ifft_int`` are these stages in sequence.
    """
    cfg.validate()
    K = cfg.K
    za = _as_int64(z, "fft_stage_int input")
    if za.ndim < 2 or za.shape[-2:] != (K, 2):
        raise SwmError(f"fft_stage_int: input shape {za.shape} must end in (K, 2) = ({K}, 2)")
    if not 0 <= stage < cfg.L or scale not in (0, 1):
        raise SwmError(f"fft_stage_int: stage {stage} must be in 0..{cfg.L - 1} and scale 0 or 1")
    _check_range(za, cfg.FW + 1, "fft_stage_int input")
    wr, wi = twiddles(K, cfg.TW)
    lead = za.shape[:-2]
    re, im = za[..., 0].reshape(-1, K), za[..., 1].reshape(-1, K)
    nr, ni, _ = _dif_stage(re, im, wr, -wi if inverse else wi, stage, scale, cfg)
    return np.stack([nr, ni], axis=-1).reshape(lead + (K, 2))


def fft_int(x: Any, cfg: DatapathConfig) -> np.ndarray:
    """Step 1: DW-bit blocks x (..., K) -> packed FW-bit spectrum (..., S, 2) ([..., m, 0] re, [..., m, 1] im)."""
    return _fft_int(x, cfg)


def _fft_int(x: Any, cfg: DatapathConfig, sat_count: list[int] | None = None) -> np.ndarray:
    cfg.validate()
    K, S = cfg.K, cfg.S
    xa = _as_int64(x, "fft_int input")
    if xa.ndim < 1 or xa.shape[-1] != K:
        raise SwmError(f"fft_int: input shape {xa.shape} must end in K = {K}; reshape to (..., K)")
    _check_range(xa, cfg.DW, "fft_int input")
    wr, wi = twiddles(K, cfg.TW)
    re = xa << np.int64(cfg.PRE)
    im = np.zeros_like(re)
    zr, zi = _dif(re, im, wr, wi, cfg.fft_stages, cfg, sat_count)
    perm = _bitrev_perm(cfg.L)
    Xr, Xi = zr[..., perm], zi[..., perm]  # X[m] = z[bitrev(m)]
    out = np.empty(xa.shape[:-1] + (S, 2), dtype=np.int64)
    out[..., 0, 0] = Xr[..., 0]
    out[..., 0, 1] = Xr[..., S]
    out[..., 1:, 0] = Xr[..., 1:S]
    out[..., 1:, 1] = Xi[..., 1:S]
    return out


def ifft_int(Y: Any, cfg: DatapathConfig) -> np.ndarray:
    """Step 3 after the acc_shift rounding: packed FW-bit spectrum (..., S, 2) -> FW-bit real block (..., K).

    The conjugate ``Y[K-m] = conj(slot m)`` is exact: an imaginary word of -2^(FW-1) becomes
    +2^(FW-1) (FW+1 bits) at the stage-0 butterfly input; nothing is saturated before stage 0.
    """
    return _ifft_int(Y, cfg)


def _ifft_int(Y: Any, cfg: DatapathConfig, sat_count: list[int] | None = None) -> np.ndarray:
    cfg.validate()
    K, S = cfg.K, cfg.S
    Ya = _as_int64(Y, "ifft_int input")
    if Ya.ndim < 2 or Ya.shape[-2:] != (S, 2):
        raise SwmError(f"ifft_int: input shape {Ya.shape} must end in (S, 2) = ({S}, 2); pack the spectrum first")
    _check_range(Ya, cfg.FW, "ifft_int input")
    lead = Ya.shape[:-2]
    re = np.zeros(lead + (K,), dtype=np.int64)
    im = np.zeros(lead + (K,), dtype=np.int64)
    re[..., 0] = Ya[..., 0, 0]
    re[..., S] = Ya[..., 0, 1]
    re[..., 1:S] = Ya[..., 1:, 0]
    im[..., 1:S] = Ya[..., 1:, 1]
    re[..., S + 1 :] = Ya[..., 1:, 0][..., ::-1]  # Y[K-m] = conj(Y[m]), m = S-1..1
    im[..., S + 1 :] = -Ya[..., 1:, 1][..., ::-1]
    wr, wi = twiddles(K, cfg.TW)
    zr, _ = _dif(re, im, wr, -wi, cfg.ifft_stages, cfg, sat_count)
    perm = _bitrev_perm(cfg.L)
    return zr[..., perm]  # y[n] = Re z[bitrev(n)]


def _exact_in_float(product_bits: int, terms: int) -> bool:
    """True when a sum of `terms` products of magnitude <= 2^product_bits stays below 2^53, so a
    float64 matrix product of the integers is exact whatever the summation order."""
    return product_bits + max(int(terms), 1).bit_length() + 1 < 53  # +1: the difference of two sums


# ---------------------------------------------------------------------------------------------
# Step 2: frequency-domain MAC
# ---------------------------------------------------------------------------------------------
def mac_int(Wp: Any, Xp: Any, cfg: DatapathConfig) -> np.ndarray:
    """Step 2: Wp (p, q, S, 2) WW-bit, Xp (..., q, S, 2) FW-bit -> exact accumulators (..., p, S, 2).

    Slots m >= 1 are complex products; slot 0 is two real products (re*re, im*im).
    """
    cfg.validate()
    W = _as_int64(Wp, "mac_int weights")
    X = _as_int64(Xp, "mac_int input spectrum")
    S = cfg.S
    if W.ndim != 4 or W.shape[2:] != (S, 2):
        raise SwmError(f"mac_int: weight shape {W.shape} must be (p, q, {S}, 2); use pack_weights")
    p, q = W.shape[:2]
    if X.ndim < 3 or X.shape[-3:] != (q, S, 2):
        raise SwmError(f"mac_int: input spectrum shape {X.shape} must end in (q, S, 2) = ({q}, {S}, 2)")
    if q > cfg.max_q:
        raise SwmError(f"mac_int: q = {q} exceeds DatapathConfig.max_q = {cfg.max_q}; raise max_q (and AW)")
    _check_range(W, cfg.WW, "mac_int weights")
    _check_range(X, cfg.FW, "mac_int input spectrum")
    lead = X.shape[:-3]
    Xf = X.reshape((-1, q, S, 2))
    Xr, Xi = Xf[..., 0], Xf[..., 1]  # (B, q, S)
    Wr, Wi = W[..., 0], W[..., 1]  # (p, q, S)
    if _exact_in_float(cfg.WW + cfg.FW - 2, q):
        # BLAS in float64: every partial sum is an integer below 2^53, so exact (and much faster)
        Xr, Xi, Wr, Wi = (a.astype(np.float64) for a in (Xr, Xi, Wr, Wi))
    acc = np.empty((Xf.shape[0], p, S, 2), dtype=np.int64)
    for m in range(S):
        xr, xi = Xr[:, :, m], Xi[:, :, m]  # (B, q)
        wr, wi = Wr[:, :, m].T, Wi[:, :, m].T  # (q, p)
        if m == 0:
            acc[:, :, 0, 0] = xr @ wr
            acc[:, :, 0, 1] = xi @ wi
        else:
            acc[:, :, m, 0] = xr @ wr - xi @ wi
            acc[:, :, m, 1] = xi @ wr + xr @ wi
    return acc.reshape(lead + (p, S, 2))


# ---------------------------------------------------------------------------------------------
# Step 4: activations
# ---------------------------------------------------------------------------------------------
def _pwl_sigmoid(o: np.ndarray, F: int, DW: int) -> np.ndarray:
    """PLAN sigmoid of docs/datapath.md step 4 on DW-bit o with F fraction bits."""
    one = 1 << F
    c5 = math.floor(5 * one)
    c2375 = math.floor(2.375 * one)
    c084 = math.floor(0.84375 * one)
    c0625 = math.floor(0.625 * one)
    chalf = math.floor(0.5 * one)
    a = saturate(np.abs(o), DW)
    f = np.where(
        a >= c5,
        np.int64(one),
        np.where(a >= c2375, (a >> 5) + c084, np.where(a >= one, (a >> 3) + c0625, (a >> 2) + chalf)),
    ).astype(np.int64)
    return saturate(np.where(o >= 0, f, one - f), DW)


def activation_int(o: Any, act: str, frac: int, cfg: DatapathConfig) -> np.ndarray:
    """Step 4 activation on DW-bit ``o`` with ``frac`` (= y_frac) fraction bits."""
    oa = _as_int64(o, "activation input")
    if act not in ACTIVATIONS:
        raise SwmError(f"activation {act!r} is unknown; use one of {sorted(ACTIVATIONS)}")
    if act == "identity":
        return oa.copy()
    if act == "relu":
        return np.maximum(oa, 0)
    F = int(frac)
    if not 0 <= F <= cfg.DW - 4:
        raise SwmError(
            f"{act} needs 0 <= y_frac <= DW - 4 = {cfg.DW - 4} (got {F}); lower y_frac (raise out_shift)"
        )
    if act == "sigmoid":
        return _pwl_sigmoid(oa, F, cfg.DW)
    # tanh = 2 * sigmoid(sat(2o, DW)) - ONE, then sat
    s = _pwl_sigmoid(saturate(2 * oa, cfg.DW), F, cfg.DW)
    return saturate(2 * s - (1 << F), cfg.DW)


def check_act_shifts(lp: Any, what: str) -> None:
    """``lp.act`` a known activation and ``lp.acc_shift`` / ``lp.out_shift`` (those it has) in 0..62."""
    if lp.act not in ACTIVATIONS:
        raise SwmError(f"{what}.act = {lp.act!r} is unknown; use one of {sorted(ACTIVATIONS)}")
    for name in ("acc_shift", "out_shift"):
        if hasattr(lp, name):
            v = int(getattr(lp, name))
            if not 0 <= v <= 62:
                raise SwmError(f"{what}.{name} = {v} is out of range; use 0..62")


# ---------------------------------------------------------------------------------------------
# The whole layer
# ---------------------------------------------------------------------------------------------
@dataclass
class LayerParams:
    """Per-layer exponents and activation (docs/datapath.md "Layer parameters")."""

    p: int
    q: int
    x_frac: int
    w_frac: int
    acc_shift: int
    out_shift: int
    y_frac: int
    act: str

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON dict of the fields."""
        return asdict(self)


def output_exponent(x_frac: int, w_frac: int, acc_shift: int, cfg: DatapathConfig) -> int:
    """E = x_frac + PRE - Sf + w_frac - acc_shift - Si + L: the IFFT output y approximates c * 2^E."""
    return int(x_frac) + cfg.PRE - cfg.Sf + int(w_frac) - int(acc_shift) - cfg.Si + cfg.L


def layer_int(x: Any, Wp: Any, bias: Any, lp: LayerParams, cfg: DatapathConfig, trace: bool = False):
    """One block-circulant layer, steps 1-4: x (..., q*K) DW-bit -> y (..., p*K) DW-bit.

    ``bias`` is (p*K,) FW-bit at the IFFT output scale (address i*K + n). With ``trace=True``
    returns ``(y, dict(X, acc, Y, z, o))``: X (..., q, S, 2), acc and Y (..., p, S, 2),
    z (IFFT output) and o (before the activation) (..., p*K).
    """
    K, S = cfg.K, cfg.S
    p, q = int(lp.p), int(lp.q)
    xa = _as_int64(x, "layer input")
    if xa.ndim < 1 or xa.shape[-1] != q * K:
        raise SwmError(f"layer_int: input shape {xa.shape} must end in q*K = {q * K}; pad the input to q*K")
    W = _as_int64(Wp, "layer weights")
    if W.shape != (p, q, S, 2):
        raise SwmError(f"layer_int: weight shape {W.shape} must be (p, q, S, 2) = ({p}, {q}, {S}, 2)")
    b = _as_int64(bias, "layer bias")
    if b.shape != (p * K,):
        raise SwmError(f"layer_int: bias shape {b.shape} must be (p*K,) = ({p * K},); pad the bias to p*K")
    _check_range(b, cfg.FW, "layer bias")
    check_act_shifts(lp, "LayerParams")
    lead = xa.shape[:-1]
    X = fft_int(xa.reshape(lead + (q, K)), cfg)  # (..., q, S, 2)
    acc = mac_int(W, X, cfg)  # (..., p, S, 2)
    Y = saturate(round_shift(acc, lp.acc_shift, cfg.rounding), cfg.FW)
    z = ifft_int(Y, cfg).reshape(lead + (p * K,))
    v = z + b
    o = saturate(round_shift(v, lp.out_shift, cfg.rounding), cfg.DW)
    y = activation_int(o, lp.act, lp.y_frac, cfg)
    if trace:
        return y, dict(X=X, acc=acc, Y=Y, z=z, o=o)
    return y


# ---------------------------------------------------------------------------------------------
# Dataflow stages: dense layer (hw/swm_dense_fc.v) and argmax (hw/swm_argmax.v)
# ---------------------------------------------------------------------------------------------
@dataclass
class DenseParams:
    """Shape, exponents and activation of a dense layer (docs/datapath.md "Dense layer")."""

    n_in: int
    n_out: int
    x_frac: int
    w_frac: int
    acc_shift: int
    out_shift: int
    y_frac: int
    act: str

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON dict of the fields."""
        return asdict(self)


def dense_int(x: Any, W: Any, bias: Any, lp: DenseParams, cfg: DatapathConfig, trace: bool = False):
    """Dense layer: x (..., n_in) DW-bit, W (n_out, n_in) WW-bit, bias (n_out,) FW-bit -> y (..., n_out) DW-bit.

    acc = W x exact (AW >= WW + DW + clog2(n_in)); z = sat(rnd(acc, acc_shift), FW);
    o = sat(rnd(z + bias, out_shift), DW); y = act(o) (docs/datapath.md "Dense layer"). With
    ``trace=True`` returns ``(y, dict(acc, z, o))``, each (..., n_out).
    """
    Wa, b = check_dense(W, bias, lp, cfg)
    xa = _as_int64(x, "dense input")
    if xa.ndim < 1 or xa.shape[-1] != int(lp.n_in):
        raise SwmError(f"dense_int: input shape {xa.shape} must end in n_in = {int(lp.n_in)}; reshape the input to (..., n_in)")
    _check_range(xa, cfg.DW, "dense input")
    if _exact_in_float(cfg.WW + cfg.DW - 2, int(lp.n_in)):  # BLAS, exact: every partial sum is an integer < 2^53
        acc = (xa.astype(np.float64) @ Wa.T.astype(np.float64)).astype(np.int64)
    else:
        acc = xa @ Wa.T  # exact: |acc| < 2^(AW-1) <= 2^61
    return dense_output(acc, b, lp, cfg, trace)


def check_dense(W: Any, bias: Any, lp: DenseParams, cfg: DatapathConfig) -> tuple[np.ndarray, np.ndarray]:
    """The checks of ``dense_int`` on everything but its input; returns (W, bias) as int64."""
    cfg.validate(bc_acc=False)
    n_in, n_out = int(lp.n_in), int(lp.n_out)
    if n_in < 1 or n_out < 1:
        raise SwmError(f"DenseParams n_in = {n_in}, n_out = {n_out} must both be >= 1")
    Wa = _as_int64(W, "dense weights")
    if Wa.shape != (n_out, n_in):
        raise SwmError(f"dense_int: weight shape {Wa.shape} must be (n_out, n_in) = ({n_out}, {n_in})")
    b = _as_int64(bias, "dense bias")
    if b.shape != (n_out,):
        raise SwmError(f"dense_int: bias shape {b.shape} must be (n_out,) = ({n_out},)")
    _check_range(Wa, cfg.WW, "dense weights")
    _check_range(b, cfg.FW, "dense bias")
    check_act_shifts(lp, "DenseParams")
    limits.check_dense_acc_width(cfg.AW, cfg.WW, cfg.DW, n_in, "DatapathConfig.AW")
    return Wa, b


def dense_output(acc: np.ndarray, b: np.ndarray, lp: DenseParams, cfg: DatapathConfig, trace: bool = False):
    """The dense layer after its exact product sum ``acc``: z = sat(rnd(acc, acc_shift), FW),
    o = sat(rnd(z + bias, out_shift), DW), y = act(o); ``trace``: (y, dict(acc, z, o))."""
    z = saturate(round_shift(acc, lp.acc_shift, cfg.rounding), cfg.FW)
    o = saturate(round_shift(z + b, lp.out_shift, cfg.rounding), cfg.DW)
    y = activation_int(o, lp.act, lp.y_frac, cfg)
    if trace:
        return y, dict(acc=acc, z=z, o=o)
    return y


def dense_rtl_params(cfg: DatapathConfig, lp: DenseParams, lanes: int, weight_file: str | Path | None = None,
                     bias_file: str | Path | None = None) -> dict[str, Any]:
    """Verilog parameters of swm_dense_fc for this layer (the one mapping; mirrors its elaboration checks).

    File parameters are absolute paths as plain strings and included only when given; a
    WEIGHT_FILE preload needs ceil(n_out/lanes)*n_in <= swm.limits.W_BANK_DEPTH words.
    """
    cfg.validate(bc_acc=False)
    if lp.act not in ACTIVATIONS:
        raise SwmError(f"DenseParams.act = {lp.act!r} is unknown; use one of {sorted(ACTIVATIONS)}")
    n_in, n_out, lanes = int(lp.n_in), int(lp.n_out), int(lanes)
    act = ACTIVATIONS[lp.act]
    limits.check_dense_hardware(cfg.DW, cfg.WW, cfg.FW, cfg.AW, n_in, n_out, lanes, int(lp.acc_shift),
                                int(lp.out_shift), act, int(lp.y_frac), cfg.round_mode_id)
    params: dict[str, Any] = dict(
        DW=cfg.DW, WW=cfg.WW, FW=cfg.FW, AW=cfg.AW, N_IN=n_in, N_OUT=n_out, LANES=lanes,
        ACC_SHIFT=int(lp.acc_shift), OUT_SHIFT=int(lp.out_shift), ACT=act, Y_FRAC=int(lp.y_frac),
        ROUND_MODE=cfg.round_mode_id,
    )
    depth = -(-n_out // lanes) * n_in
    if weight_file is not None and depth > limits.W_BANK_DEPTH:
        raise SwmError(f"a WEIGHT_FILE preload needs ceil(N_OUT/LANES)*N_IN = {depth} <= {limits.W_BANK_DEPTH} "
                       "weight words (one RAM bank); load larger weight memories over the s_axis_w stream")
    for name, f in (("WEIGHT_FILE", weight_file), ("BIAS_FILE", bias_file)):
        if f is not None:
            params[name] = str(Path(f).resolve())
    return params


def argmax_int(y: Any, width: int | None = None) -> np.ndarray:
    """Class index of each vector y (..., N) -> int64 (...,): the LOWEST index among equal maxima.

    Same as ``numpy.argmax(y, axis=-1)`` (docs/datapath.md "Argmax"); ``width`` (optional) checks
    that every sample is a ``width``-bit signed integer.
    """
    a = _as_int64(y, "argmax input")
    if a.ndim < 1 or a.shape[-1] < 1:
        raise SwmError(f"argmax_int: input shape {a.shape} must end in N >= 1 samples; pass vectors (..., N)")
    if width is not None:
        _check_range(a, int(width), "argmax input")
    return np.argmax(a, axis=-1).astype(np.int64)


# ---------------------------------------------------------------------------------------------
# Export helpers: weights, memory images, calibration rules
# ---------------------------------------------------------------------------------------------
def _packed_rfft(w: np.ndarray, K: int) -> np.ndarray:
    """Float packed spectrum (..., S, 2) of real blocks (..., K): slot 0 = (X0, X[K/2]), slot m = (Re, Im)."""
    F = np.fft.rfft(w, axis=-1)  # (..., K/2 + 1)
    S = K // 2
    out = np.empty(w.shape[:-1] + (S, 2), dtype=np.float64)
    out[..., 0, 0] = F[..., 0].real
    out[..., 0, 1] = F[..., S].real
    out[..., 1:, 0] = F[..., 1:S].real
    out[..., 1:, 1] = F[..., 1:S].imag
    return out


def pack_weights(w: Any, cfg: DatapathConfig) -> tuple[np.ndarray, int]:
    """Float circulant vectors w (p, q, K) (first column of each block) -> (Wp int64 (p, q, S, 2), w_frac).

    Wf = rfft(w) packed into slots; w_frac = choose_frac(max |packed word|, WW) over the layer;
    Wp = sat(floor(Wf * 2^w_frac + 0.5), WW).
    """
    wa = np.asarray(w, dtype=np.float64)
    if wa.ndim != 3 or wa.shape[-1] != cfg.K:
        raise SwmError(f"pack_weights: weight shape {wa.shape} must be (p, q, K={cfg.K})")
    if not np.all(np.isfinite(wa)):
        raise SwmError("pack_weights: weights contain NaN or infinity; fix the trained model")
    Wf = _packed_rfft(wa, cfg.K)
    w_frac = choose_frac(float(np.max(np.abs(Wf))) if Wf.size else 0.0, cfg.WW)
    return quantize(Wf, w_frac, cfg.WW), w_frac


def weight_words(Wp: Any, lanes: int, WW: int, rows: int = 1) -> list[int]:
    """Weight-memory image of an engine with LANES = lanes and ROWS = rows.

    Row group r holds block rows i = r*rows + rr (rr = 0..rows-1); address (r*q + j)*G + g with
    G = S//lanes, ceil(p/rows)*q*G words of rows*lanes*2*WW bits; word lane rr*lanes + l (bits
    [(rr*lanes + l)*2*WW +: 2*WW]) = slot g*lanes + l of block (r*rows + rr, j); inside a lane
    {re, im}, re in the upper WW bits. Rows i >= p of a short last group are zeros. rows = 1 is
    address (i*q + j)*G + g, lane l = slot g*lanes + l.
    """
    W = _as_int64(Wp, "weight_words input")
    if W.ndim != 4 or W.shape[-1] != 2:
        raise SwmError(f"weight_words: shape {W.shape} must be (p, q, S, 2); use pack_weights")
    p, q, S, _ = W.shape
    lanes, rows = int(lanes), int(rows)
    if lanes < 1 or S % lanes:
        raise SwmError(f"weight_words: lanes = {lanes} must divide S = {S}; use a power of two <= S")
    if rows < 1:
        raise SwmError(f"weight_words: rows = {rows} must be >= 1")
    _check_range(W, WW, "weight_words input")
    G, ng = S // lanes, -(-p // rows)
    if ng * rows != p:
        W = np.concatenate([W, np.zeros((ng * rows - p, q, S, 2), dtype=np.int64)])
    W = W.reshape(ng, rows, q, G, lanes, 2).transpose(0, 2, 3, 1, 4, 5)
    return pack_lanes(W.reshape(ng * q * G, rows * lanes, 2), WW)


def bias_words(bias: Any, FW: int) -> list[int]:
    """Bias-memory image: p*K words of FW bits, address i*K + n (flattened order), two's complement.

    Also the swm_dense_fc bias image: n_out words, address o.
    """
    b = _as_int64(bias, "bias_words input").reshape(-1)
    _check_range(b, FW, "bias_words input")
    return [int(v) for v in to_unsigned(b, FW).tolist()]


def dense_weight_words(W: Any, lanes: int, WW: int) -> list[int]:
    """swm_dense_fc weight-memory image: W (n_out, n_in) WW-bit -> ceil(n_out/lanes)*n_in words.

    Address g*n_in + i; lane l at bits [l*WW +: WW] holds W[g*lanes + l, i] (two's complement),
    0 for g*lanes + l >= n_out (the padding lanes of the last group).
    """
    Wa = _as_int64(W, "dense_weight_words input")
    if Wa.ndim != 2:
        raise SwmError(f"dense_weight_words: shape {Wa.shape} must be (n_out, n_in)")
    n_out, n_in = Wa.shape
    lanes = int(lanes)
    if not 1 <= lanes <= n_out:
        raise SwmError(f"dense_weight_words: lanes = {lanes} must be in 1..n_out = {n_out}")
    _check_range(Wa, WW, "dense_weight_words input")
    groups = -(-n_out // lanes)
    padded = np.zeros((groups * lanes, n_in), dtype=np.int64)
    padded[:n_out] = Wa
    u = to_unsigned(padded, WW).reshape(groups, lanes, n_in)
    words = []
    for g in range(groups):
        for i in range(n_in):
            word = 0
            for lane, v in enumerate(u[g, :, i].tolist()):
                word |= int(v) << (lane * WW)
            words.append(word)
    return words


def unpack_dense_weight_words(words: Any, n_out: int, n_in: int, lanes: int, WW: int) -> np.ndarray:
    """Inverse of :func:`dense_weight_words`: ceil(n_out/lanes)*n_in words -> W (n_out, n_in) int64.

    The padding lanes of the last group must hold 0 (SwmError otherwise: the image is not a
    dense weight image of this shape).
    """
    n_out, n_in, lanes, WW = int(n_out), int(n_in), int(lanes), int(WW)
    if n_out < 1 or n_in < 1 or not 1 <= lanes <= n_out:
        raise SwmError(f"unpack_dense_weight_words: n_out = {n_out}, n_in = {n_in} must be >= 1 and lanes = {lanes} "
                       f"in 1..n_out")
    ws = [int(w) for w in words]
    groups = -(-n_out // lanes)
    if len(ws) != groups * n_in:
        raise SwmError(f"unpack_dense_weight_words: {len(ws)} words, expected ceil(n_out/lanes)*n_in = {groups * n_in}")
    mask = (1 << WW) - 1
    padded = np.empty((groups, lanes, n_in), dtype=np.int64)
    for lane in range(lanes):
        u = np.array([(w >> (lane * WW)) & mask for w in ws], dtype=np.int64)
        padded[:, lane, :] = to_signed(u, WW).reshape(groups, n_in)
    W = padded.reshape(groups * lanes, n_in)
    if np.any(W[n_out:]):
        raise SwmError(f"unpack_dense_weight_words: the padding lanes beyond n_out = {n_out} are not 0; "
                       "the image does not hold a dense layer of this shape")
    return W[:n_out].copy()


def choose_acc_shift(max_abs_acc: int, cfg: DatapathConfig) -> int:
    """Smallest shift >= 0 with max|acc| >> shift < 2^(FW-2) (the IFFT input then uses FW-2 bits)."""
    m = int(max_abs_acc)
    if m < 0:
        raise SwmError(f"choose_acc_shift: max_abs_acc = {m} is negative; pass max |acc|")
    s = 0
    while (m >> s) >= (1 << (cfg.FW - 2)):
        s += 1
    return s


def choose_out_shift(E: int, max_abs_out: float, act: str, cfg: DatapathConfig) -> tuple[int, int]:
    """(out_shift, y_frac): y_frac = choose_frac(max|float output|, DW, headroom_bits=1) (output uses
    DW-2 bits), capped at DW-4 for sigmoid/tanh; out_shift = E - y_frac; if that is negative,
    out_shift = 0 and y_frac = E."""
    y_frac = choose_frac(max_abs_out, cfg.DW, headroom_bits=1)
    if act in ("sigmoid", "tanh"):
        y_frac = min(y_frac, cfg.DW - 4)
    out_shift = int(E) - y_frac
    if out_shift < 0:
        out_shift, y_frac = 0, int(E)
    return out_shift, y_frac


def choose_layer_params(
    p: int,
    q: int,
    x_frac: int,
    w_frac: int,
    max_abs_acc: int,
    max_abs_out: float,
    act: str,
    cfg: DatapathConfig,
) -> LayerParams:
    """Calibration rule of docs/datapath.md "Defaults" from observed maxima (calibration batch):
    acc_shift = choose_acc_shift(max|acc|), then E = output_exponent(...), then
    (out_shift, y_frac) = choose_out_shift(E, max|float layer output before activation|)."""
    acc_shift = choose_acc_shift(max_abs_acc, cfg)
    E = output_exponent(x_frac, w_frac, acc_shift, cfg)
    out_shift, y_frac = choose_out_shift(E, max_abs_out, act, cfg)
    return LayerParams(p=p, q=q, x_frac=int(x_frac), w_frac=int(w_frac), acc_shift=acc_shift,
                       out_shift=out_shift, y_frac=y_frac, act=act)


def bc_matvec_float(w: Any, x: Any, cfg: DatapathConfig) -> np.ndarray:
    """Float block-circulant mat-vec through the integer datapath: w (p, q, K), x (q*K,) -> (p*K,).

    Rule: x_frac = choose_frac(max|x|, DW); (Wp, w_frac) = pack_weights(w); bias 0;
    acc_shift = smallest shift with max|acc| >> shift < 2^(FW-2) (from this x's actual acc);
    max|float output| is estimated as max|z| * 2^-E from the IFFT output z at that acc_shift;
    y_frac/out_shift by choose_out_shift; identity activation; result = y * 2^-y_frac.
    Also accepts a batch x (..., q*K) (maxima then taken over the whole batch).
    """
    cfg.validate()
    wa = np.asarray(w, dtype=np.float64)
    xa = np.asarray(x, dtype=np.float64)
    if wa.ndim != 3 or wa.shape[-1] != cfg.K:
        raise SwmError(f"bc_matvec_float: weight shape {wa.shape} must be (p, q, K={cfg.K})")
    p, q, K = wa.shape
    if xa.shape[-1:] != (q * K,):
        raise SwmError(f"bc_matvec_float: x shape {xa.shape} must end in q*K = {q * K}")
    x_frac = choose_frac(float(np.max(np.abs(xa))) if xa.size else 0.0, cfg.DW)
    xi = quantize(xa, x_frac, cfg.DW)
    Wp, w_frac = pack_weights(wa, cfg)
    X = fft_int(xi.reshape(xi.shape[:-1] + (q, K)), cfg)
    acc = mac_int(Wp, X, cfg)
    acc_shift = choose_acc_shift(int(np.max(np.abs(acc))) if acc.size else 0, cfg)
    E = output_exponent(x_frac, w_frac, acc_shift, cfg)
    Y = saturate(round_shift(acc, acc_shift, cfg.rounding), cfg.FW)
    z = ifft_int(Y, cfg)
    max_out = math.ldexp(float(np.max(np.abs(z))) if z.size else 0.0, -E)
    out_shift, y_frac = choose_out_shift(E, max_out, "identity", cfg)
    lp = LayerParams(p=p, q=q, x_frac=x_frac, w_frac=w_frac, acc_shift=acc_shift,
                     out_shift=out_shift, y_frac=y_frac, act="identity")
    y = layer_int(xi, Wp, np.zeros(p * K, dtype=np.int64), lp, cfg)
    return np.ldexp(y.astype(np.float64), -y_frac)
