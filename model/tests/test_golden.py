"""Tests of swm.golden against float references, with error bounds derived from the arithmetic.

FFT error bound (docs/datapath.md "Error bounds"): with every stage scaled (sh = 1) and the
complex magnitude of every stage value <= M = 2^(FW-2), each stage adds at most
  sqrt(2)/2                       (rounding of re and im, |e| <= 1/2 LSB each, both modes)
+ |dif| * |dw| / 2 <= 2M * (sqrt(2)/2 * 2^-TF) / 2 = sqrt(2)/2 * 2^(FW-TW)   (twiddle quantization)
and propagates earlier errors with gain |w| ~ 1, so every output word is within
  B = L * sqrt(2)/2 * (1 + 2^(FW-TW)) (+ 1 LSB slack for the |w| > 1 growth)
of the exact scaled DFT. Measured errors are ~10x smaller; the test checks the proven bound.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from swm.errors import SwmError
from swm.fixed import ROUNDING_MODES, DatapathConfig, quantize, round_shift
from swm.golden import (
    ACTIVATIONS,
    _dif,
    _fft_int,
    _ifft_int,
    activation_int,
    bc_matvec_float,
    bias_words,
    choose_acc_shift,
    choose_layer_params,
    fft_int,
    fft_stage_int,
    ifft_int,
    layer_int,
    mac_int,
    output_exponent,
    pack_weights,
    twiddle_rom_words,
    twiddles,
    weight_words,
    write_hex,
)

KS = (2, 4, 8, 16, 32, 64)
SEED = 20240611


def _bound(cfg: DatapathConfig) -> float:
    return cfg.L * math.sqrt(0.5) * (1 + 2.0 ** (cfg.FW - cfg.TW)) + 1.0


def _unpack(X: np.ndarray, K: int) -> np.ndarray:
    """Packed (..., S, 2) -> complex half spectrum (..., K/2 + 1)."""
    S = K // 2
    out = np.empty(X.shape[:-2] + (S + 1,), dtype=complex)
    out[..., 0] = X[..., 0, 0]
    out[..., S] = X[..., 0, 1]
    out[..., 1:S] = X[..., 1:, 0] + 1j * X[..., 1:, 1]
    return out


def _dense(w: np.ndarray) -> np.ndarray:
    """Dense block-circulant matrix, first-column convention B[r, c] = w[(r - c) mod K]."""
    p, q, K = w.shape
    r = np.arange(K)
    idx = (r[:, None] - r[None, :]) % K
    return w[:, :, idx].transpose(0, 2, 1, 3).reshape(p * K, q * K)


def _fft_inputs(cfg: DatapathConfig, rng: np.random.Generator) -> np.ndarray:
    K, lo, hi = cfg.K, -(2 ** (cfg.DW - 1)), 2 ** (cfg.DW - 1) - 1
    rand = rng.integers(lo, hi + 1, size=(200, K))
    n = np.arange(K)
    extremes = np.stack(
        [
            np.full(K, lo),
            np.full(K, hi),
            np.where(n % 2 == 0, lo, hi),  # all energy at K/2
            np.where(n % 2 == 0, hi, lo),
            np.where(n < K // 2, lo, hi),
            np.where(n == 0, lo, 0),  # impulse
            np.zeros(K, dtype=np.int64),
        ]
    )
    return np.concatenate([rand, extremes]).astype(np.int64)


# ---- twiddles / ROM -----------------------------------------------------------------------------
def test_twiddles_formula_and_rom(tmp_path: Path):
    wr, wi = twiddles(8, 16)
    assert wr.tolist() == [16384, 11585, 0, -11585]
    assert wi.tolist() == [0, -11585, -16384, -11585]
    words = twiddle_rom_words(8, 16)
    assert words == [0x40000000, 0x2D41D2BF, 0x0000C000, 0xD2BFD2BF]
    for K in KS:
        wr, wi = twiddles(K, 12)
        t = np.arange(K // 2)
        assert np.array_equal(wr, np.floor(np.cos(2.0 * np.pi * t / K) * 1024 + 0.5))
        assert np.array_equal(wi, np.floor(-np.sin(2.0 * np.pi * t / K) * 1024 + 0.5))
    f = tmp_path / "rom" / "tw.hex"
    write_hex(f, words, 32, "twiddle ROM K=8 TW=16\nmade by test")
    lines = f.read_text().splitlines()
    assert lines == ["// twiddle ROM K=8 TW=16", "// made by test", "40000000", "2d41d2bf", "0000c000", "d2bfd2bf"]
    with pytest.raises(SwmError):
        write_hex(f, [1 << 32], 32, "")
    with pytest.raises(SwmError):
        write_hex(f, [-1], 32, "")


# ---- one butterfly stage (hw/swm_fft_stage.v) ------------------------------------------------------
@pytest.mark.parametrize("inverse", (False, True))
@pytest.mark.parametrize("K", (4, 16, 64))
def test_fft_stage_int_in_sequence_is_the_dif_network(K: int, inverse: bool):
    """fft_stage_int for s = 0..L-1 equals the DIF network of fft_int / ifft_int stage by stage."""
    rng = np.random.default_rng(SEED)
    cfg = DatapathConfig(K=K, rounding="convergent", fft_scale=tuple(s % 2 for s in range(int(math.log2(K)))))
    hi = 1 << (cfg.FW - 1)
    re, im = rng.integers(-hi, hi, size=(2, 50, K))
    wr, wi = twiddles(K, cfg.TW)
    outs: list = []
    _dif(re, im, wr, -wi if inverse else wi, cfg.fft_stages, cfg, stage_out=outs)
    z = np.stack([re, im], axis=-1)
    for s, (r, i) in enumerate(outs):
        z = fft_stage_int(z, s, cfg.fft_stages[s], inverse, cfg)
        assert np.array_equal(z[..., 0], r) and np.array_equal(z[..., 1], i), s
    with pytest.raises(SwmError, match="stage 9 must be in"):
        fft_stage_int(z, 9, 0, inverse, cfg)
    with pytest.raises(SwmError, match="outside the 19-bit range"):
        fft_stage_int(z * 4, 0, 0, inverse, cfg)


def _trivial_stage_shortcut(z: np.ndarray, K: int, s: int, sh: int, inverse: bool, cfg: DatapathConfig) -> np.ndarray:
    """The multiplier-free stage of swm_fft_stage: the product by w^0 = 1 is (dr, di), by w^(K/4)
    (-i forward, +i inverse) (di, -dr) / (-di, dr); rounded by sh like the sum, then saturated."""
    lo, hi = -(1 << (cfg.FW - 1)), (1 << (cfg.FW - 1)) - 1
    h = K >> (s + 1)
    zz = z.reshape(z.shape[0], K // (2 * h), 2, h, 2)
    a, b = zz[:, :, 0], zz[:, :, 1]
    d = a - b
    quarter = (np.arange(h) << s) == K // 4
    sign = 1 if inverse else -1
    pr = np.where(quarter, -sign * d[..., 1], d[..., 0])
    pi = np.where(quarter, sign * d[..., 0], d[..., 1])
    out = np.empty_like(zz)
    out[:, :, 0] = np.clip(round_shift(a + b, sh, cfg.rounding), lo, hi)
    out[:, :, 1, :, 0] = np.clip(round_shift(pr, sh, cfg.rounding), lo, hi)
    out[:, :, 1, :, 1] = np.clip(round_shift(pi, sh, cfg.rounding), lo, hi)
    return out.reshape(z.shape)


@pytest.mark.parametrize("TW", (4, 16))
@pytest.mark.parametrize("mode", ROUNDING_MODES)
def test_trivial_stages_need_no_multiplier(mode: str, TW: int):
    """In the last two stages (w in {1, -+i}) rnd(d * w, TF + sh) = rnd(pass-through or swap/negate, sh)
    for every input pair of a 7-bit (FW + 1) range, both scalings, both directions: the identity
    swm_fft_stage's multiplier-free stages rely on."""
    FW = 6
    v = np.arange(-(1 << FW), 1 << FW)
    pairs = np.stack(np.meshgrid(v, v, indexing="ij"), axis=-1).reshape(-1, 2)  # every (a, b)
    rng = np.random.default_rng(SEED)
    for K in (4, 8, 16):
        L = K.bit_length() - 1
        cfg = DatapathConfig(K=K, DW=4, FW=FW, WW=4, TW=TW, rounding=mode)
        nb = len(pairs) // (K // 2)  # blocks of K/2 butterflies
        for s in range(max(L - 2, 0), L):
            h = K >> (s + 1)
            pos = np.arange(K).reshape(K // (2 * h), 2, h)
            pos_a, pos_b = pos[:, 0].ravel(), pos[:, 1].ravel()
            for sh in (0, 1):
                for inverse in (False, True):
                    # every (a, b) pair once as the re parts of a butterfly (at a random position), im random
                    ab = rng.permutation(pairs)[: nb * (K // 2)].reshape(nb, K // 2, 2)
                    z = np.empty((nb, K, 2), dtype=np.int64)
                    z[:, pos_a, 0], z[:, pos_b, 0] = ab[..., 0], ab[..., 1]
                    z[..., 1] = rng.integers(-(1 << FW), 1 << FW, size=(nb, K))
                    for zz in (z, z[..., ::-1].copy()):  # and as the im parts
                        got = fft_stage_int(zz, s, sh, inverse, cfg)
                        want = _trivial_stage_shortcut(zz, K, s, sh, inverse, cfg)
                        assert np.array_equal(got, want), (K, s, sh, inverse)


# ---- forward / inverse FFT vs numpy ---------------------------------------------------------------
@pytest.mark.parametrize("mode", ROUNDING_MODES)
@pytest.mark.parametrize("K", KS)
@pytest.mark.parametrize("bits", (16, 12))
def test_fft_int_vs_numpy(K, mode, bits):
    cfg = (DatapathConfig(K=K, rounding=mode) if bits == 16 else
           DatapathConfig(K=K, DW=12, WW=12, TW=12, FW=14, rounding=mode)).validate()
    rng = np.random.default_rng(SEED + K)
    x = _fft_inputs(cfg, rng)
    sat: list[int] = []
    X = _fft_int(x, cfg, sat)
    assert X.shape == (len(x), K // 2, 2) and X.dtype == np.int64
    assert sum(sat) == 0, f"unexpected saturation with default scaling, per stage {sat}"
    ref = np.fft.rfft(x * 2.0**cfg.PRE, axis=-1) / 2.0**cfg.Sf
    err = _unpack(X, K) - ref
    worst = max(np.abs(err.real).max(), np.abs(err.imag).max())
    assert worst <= _bound(cfg), (worst, _bound(cfg))
    # public wrapper identical to the instrumented one
    assert np.array_equal(fft_int(x, cfg), X)


@pytest.mark.parametrize("mode", ROUNDING_MODES)
@pytest.mark.parametrize("K", KS)
def test_ifft_int_vs_numpy(K, mode):
    cfg = DatapathConfig(K=K, rounding=mode).validate()
    rng = np.random.default_rng(SEED + 100 + K)
    S, M = K // 2, 2 ** (cfg.FW - 2)
    n = 300
    mag = rng.uniform(0, M, size=(n, S))
    ph = rng.uniform(0, 2 * np.pi, size=(n, S))
    Y = np.empty((n, S, 2), dtype=np.int64)
    Y[:, :, 0] = np.trunc(mag * np.cos(ph))
    Y[:, :, 1] = np.trunc(mag * np.sin(ph))
    Y[:, 0, :] = rng.integers(-M, M + 1, size=(n, 2))
    Y[0] = M  # extreme: every word at +M
    Y[1] = -M
    sat: list[int] = []
    y = _ifft_int(Y, cfg, sat)
    assert y.shape == (n, K) and sum(sat) == 0, sat
    half = _unpack(Y, K)
    ref = np.fft.irfft(half, n=K, axis=-1) * K / 2.0**cfg.Si  # unnormalised inverse sum / 2^Si
    assert np.abs(y - ref).max() <= _bound(cfg)
    assert np.array_equal(ifft_int(Y, cfg), y)


@pytest.mark.parametrize("mode", ROUNDING_MODES)
@pytest.mark.parametrize("K", KS)
def test_fft_ifft_round_trip(K, mode):
    """ifft(fft(x)) = x * 2^(PRE - Sf - Si + L) within B_fft + B_ifft LSB."""
    cfg = DatapathConfig(K=K, rounding=mode).validate()
    x = _fft_inputs(cfg, np.random.default_rng(SEED + 7 * K))
    z = ifft_int(fft_int(x, cfg), cfg)
    scale = 2.0 ** (cfg.PRE - cfg.Sf - cfg.Si + cfg.L)
    assert np.abs(z - x * scale).max() <= 2 * _bound(cfg)


def test_ifft_conjugate_is_exact():
    """Y[K-m] = conj(slot m) is exact: im = -2^(FW-1) conjugates to +2^(FW-1) (no wrap, no sat).

    K = 4, Y[1] = -j 2^17 (FW = 18), so Y[3] = +j 2^17. Stage 0, n = 1 (t = 1, inverse twiddle
    (wr, -wi) = (0, +2^14)): dif = Y[1] - Y[3] = -j 2^18 (FW+1 bits), pr = 2^18 * 2^14,
    rnd(pr, 15) = 2^17 -> sat(., 18) = 2^17 - 1. Stage 1 (pair 2, 3 with z[2] = 0):
    rnd(131071, 1) = 65536 and rnd(-131071, 1) = -65535 (half_up), at y[1] and y[3].
    A wrapped conjugate (-2^17 again) would cancel in the difference and give all zeros.
    """
    cfg = DatapathConfig(K=4).validate()
    Y = np.zeros((2, 2), dtype=np.int64)
    Y[1, 1] = -(2 ** (cfg.FW - 1))
    assert ifft_int(Y, cfg).tolist() == [0, 65536, 0, -65535]
    # the same spectrum at half amplitude does not saturate: y = 2^(FW-3) sin(pi n / 2)
    Y[1, 1] = -(2 ** (cfg.FW - 2))
    assert ifft_int(Y, cfg).tolist() == [0, 2 ** (cfg.FW - 3), 0, -(2 ** (cfg.FW - 3))]


def test_fft_rejects_bad_inputs():
    cfg = DatapathConfig(K=8)
    with pytest.raises(SwmError, match="16-bit"):
        fft_int(np.full(8, 2**15), cfg)
    with pytest.raises(SwmError, match="K = 8"):
        fft_int(np.zeros(6, dtype=np.int64), cfg)
    with pytest.raises(SwmError):
        fft_int(np.zeros(8), cfg)  # float input
    with pytest.raises(SwmError, match="18-bit"):
        ifft_int(np.full((4, 2), 2**17), cfg)


# ---- MAC --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("K", (2, 8, 64))
def test_mac_int_exact(K):
    cfg = DatapathConfig(K=K).validate()
    rng = np.random.default_rng(SEED + 3 * K)
    p, q, S = 3, 5, K // 2
    Wp = rng.integers(-(2**15), 2**15, size=(p, q, S, 2))
    Xp = rng.integers(-(2**17), 2**17, size=(4, 2, q, S, 2))
    Wp[0, 0] = -(2**15)
    Xp[0, 0, 0] = -(2**17)
    acc = mac_int(Wp, Xp, cfg)
    assert acc.shape == (4, 2, p, S, 2)
    Wc = Wp[..., 0] + 1j * Wp[..., 1]
    Xc = Xp[..., 0] + 1j * Xp[..., 1]
    ref = np.einsum("ijm,...jm->...im", Wc, Xc)  # exact in float64 (< 2^53)
    assert np.array_equal(acc[..., 1:, 0], ref[..., 1:].real.astype(np.int64))
    assert np.array_equal(acc[..., 1:, 1], ref[..., 1:].imag.astype(np.int64))
    # slot 0: two real products
    assert np.array_equal(acc[..., 0, 0], np.einsum("ij,...j->...i", Wp[:, :, 0, 0], Xp[..., 0, 0]))
    assert np.array_equal(acc[..., 0, 1], np.einsum("ij,...j->...i", Wp[:, :, 0, 1], Xp[..., 0, 1]))


def test_mac_int_errors():
    cfg = DatapathConfig(K=4, max_q=4, AW=40)
    with pytest.raises(SwmError, match="max_q"):
        mac_int(np.zeros((1, 5, 2, 2), dtype=np.int64), np.zeros((5, 2, 2), dtype=np.int64), cfg)
    with pytest.raises(SwmError, match="q, S, 2"):
        mac_int(np.zeros((1, 3, 2, 2), dtype=np.int64), np.zeros((4, 2, 2), dtype=np.int64), cfg)


# ---- activations ---------------------------------------------------------------------------------
def test_activation_relu_identity_exact():
    cfg = DatapathConfig()
    o = np.arange(-(2**15), 2**15, 37)
    assert np.array_equal(activation_int(o, "identity", 8, cfg), o)
    assert np.array_equal(activation_int(o, "relu", 8, cfg), np.maximum(o, 0))
    with pytest.raises(SwmError, match="unknown"):
        activation_int(o, "gelu", 8, cfg)
    with pytest.raises(SwmError, match="DW - 4"):
        activation_int(o, "sigmoid", 13, cfg)
    assert ACTIVATIONS == {"identity": 0, "relu": 1, "sigmoid": 2, "tanh": 3}


@pytest.mark.parametrize("F", (8, 10, 12))
def test_activation_pwl(F):
    """PLAN sigmoid: max error 0.0189 (+ truncation 2^-F); tanh = 2 sigmoid(2x) - 1 doubles it.

    PLAN is monotone except for its documented step down at |x| = 2.375: segment 2 ends at
    0.921875, segment 3 starts at 0.91796875 (a drop of 2^-8), so we check monotonicity
    everywhere else and the size of that one drop.
    """
    cfg = DatapathConfig()
    o = np.arange(-(2**15), 2**15, dtype=np.int64)
    xs = o / 2.0**F
    sig = activation_int(o, "sigmoid", F, cfg) / 2.0**F
    th = activation_int(o, "tanh", F, cfg) / 2.0**F
    true_sig = 0.5 * (1 + np.tanh(xs / 2))
    assert np.abs(sig - true_sig).max() <= 0.0190 + 3 * 2.0**-F
    assert np.abs(th - np.tanh(xs)).max() <= 2 * (0.0190 + 3 * 2.0**-F)
    # exact small cases (F fraction bits): f(0) = ONE/2, f(>= 5) = ONE
    one = 2**F
    assert activation_int(np.array([0, 5 * one, -5 * one, -(2**15)]), "sigmoid", F, cfg).tolist() == [one // 2, one, 0, 0]
    assert activation_int(np.array([0, 3 * one, -(2**15), 2**15 - 1]), "tanh", F, cfg).tolist() == [0, one, -one, one]
    for y, drop_at in ((sig, 2.375), (th, 2.375 / 2)):
        d = np.diff(y)
        bad = xs[1:][d < 0]
        assert np.all(np.isclose(np.abs(bad), drop_at, atol=2.0**-F)), bad
        if bad.size:
            assert (-d[d < 0]).max() <= 2 * 2.0**-8 + 2.0**-F


# ---- whole layer --------------------------------------------------------------------------------------
def _random_layer(K=16, p=3, q=4, seed=SEED, act="relu"):
    cfg = DatapathConfig(K=K).validate()
    rng = np.random.default_rng(seed)
    w = rng.uniform(-1, 1, size=(p, q, K)) / np.sqrt(q * K)
    Wp, w_frac = pack_weights(w, cfg)
    x = rng.integers(-(2**15), 2**15, size=(6, 5, q * K))
    bias = rng.integers(-(2**12), 2**12, size=p * K)
    X = fft_int(x.reshape(6, 5, q, K), cfg)
    acc = mac_int(Wp, X, cfg)
    lp = choose_layer_params(p, q, 15, w_frac, int(np.abs(acc).max()), 1.0, act, cfg)
    return cfg, Wp, x, bias, lp


def test_layer_int_batch_order_and_shape_independent():
    cfg, Wp, x, bias, lp = _random_layer()
    y, tr = layer_int(x, Wp, bias, lp, cfg, trace=True)
    assert y.shape == (6, 5, lp.p * cfg.K)
    assert set(tr) == {"X", "acc", "Y", "z", "o"}
    assert tr["X"].shape == (6, 5, lp.q, cfg.S, 2) and tr["acc"].shape == (6, 5, lp.p, cfg.S, 2)
    assert tr["Y"].shape == tr["acc"].shape and tr["z"].shape == tr["o"].shape == y.shape
    flat = x.reshape(30, -1)
    perm = np.random.default_rng(SEED).permutation(30)
    y_perm = layer_int(flat[perm], Wp, bias, lp, cfg)
    assert np.array_equal(y_perm, y.reshape(30, -1)[perm])
    for i in (0, 7, 29):  # single vector, no batch dims
        assert np.array_equal(layer_int(flat[i], Wp, bias, lp, cfg), y.reshape(30, -1)[i])
    # every intermediate within its width; pipeline matches the step-by-step definition
    assert np.abs(tr["Y"]).max() < 2 ** (cfg.FW - 1) and np.abs(y).max() < 2 ** (cfg.DW - 1) + 1
    assert np.array_equal(tr["z"], ifft_int(tr["Y"], cfg).reshape(6, 5, -1))


def test_layer_int_errors():
    cfg, Wp, x, bias, lp = _random_layer()
    with pytest.raises(SwmError, match="q\\*K"):
        layer_int(x[..., :-1], Wp, bias, lp, cfg)
    with pytest.raises(SwmError, match="bias shape"):
        layer_int(x, Wp, bias[:-1], lp, cfg)
    with pytest.raises(SwmError, match="18-bit"):
        layer_int(x, Wp, bias + 2**17, lp, cfg)
    with pytest.raises(SwmError, match="16-bit"):
        layer_int(x + 2**15, Wp, bias, lp, cfg)


def test_calibration_rules():
    cfg = DatapathConfig()
    assert choose_acc_shift(0, cfg) == 0
    assert choose_acc_shift(2**16 - 1, cfg) == 0
    assert choose_acc_shift(2**16, cfg) == 1
    assert choose_acc_shift(2**40, cfg) == 25
    assert output_exponent(15, 10, 20, cfg) == 15 + 1 - 4 + 10 - 20 - 4 + 4
    lp = choose_layer_params(2, 3, 15, 10, 2**36, 3.0, "identity", cfg)
    # acc_shift: 2^36 >> 21 = 2^15 < 2^16; E = 15 + 1 - 4 + 10 - 21 - 4 + 4 = 1;
    # y_frac from 3.0: 3 * 2^12 <= 2^14 - 1 -> 12, out_shift = 1 - 12 < 0 -> (0, E)
    assert (lp.acc_shift, lp.out_shift, lp.y_frac) == (21, 0, 1)
    lp = choose_layer_params(2, 3, 15, 10, 2**20, 3.0, "identity", cfg)  # E = 17 -> out_shift 5
    assert (lp.acc_shift, lp.out_shift, lp.y_frac) == (5, 5, 12)
    lp = choose_layer_params(2, 3, 15, 10, 2**20, 3.0, "sigmoid", cfg)  # y_frac capped at DW - 4
    assert (lp.acc_shift, lp.out_shift, lp.y_frac) == (5, 5, 12)
    lp = choose_layer_params(2, 3, 15, 10, 2**20, 0.1, "tanh", cfg)
    assert (lp.out_shift, lp.y_frac) == (5, 12)
    # negative out_shift is clamped: y_frac = E
    lp = choose_layer_params(2, 3, 0, 0, 10, 1e-6, "identity", cfg)
    assert lp.out_shift == 0 and lp.y_frac == output_exponent(0, 0, 0, cfg)


# ---- float reference ----------------------------------------------------------------------------------
@pytest.mark.parametrize("K", (4, 8, 16, 32, 64))
def test_bc_matvec_float_sqnr(K):
    cfg = DatapathConfig(K=K).validate()
    rng = np.random.default_rng(SEED + K)
    p = q = max(2, 128 // K)
    sig = noise = 0.0
    for _ in range(4):
        w = rng.uniform(-1, 1, size=(p, q, K)) / np.sqrt(q * K)
        x = rng.uniform(-1, 1, size=q * K)
        y = bc_matvec_float(w, x, cfg)
        ref = _dense(w) @ x
        sig += float(np.sum(ref**2))
        noise += float(np.sum((y - ref) ** 2))
    sqnr = 10 * np.log10(sig / noise)
    assert sqnr >= 55.0, sqnr


def test_dense_convention_matches_circular_convolution():
    rng = np.random.default_rng(SEED)
    w = rng.normal(size=(1, 1, 8))
    x = rng.normal(size=8)
    ref = np.real(np.fft.ifft(np.fft.fft(w[0, 0]) * np.fft.fft(x)))
    assert np.allclose(_dense(w) @ x, ref)


# ---- memory images ------------------------------------------------------------------------------------
def _s(u: int, width: int) -> int:
    return u - (1 << width) if u >> (width - 1) else u


@pytest.mark.parametrize("lanes", (1, 2, 8))
def test_weight_words_round_trip(lanes):
    cfg = DatapathConfig(K=16)
    rng = np.random.default_rng(SEED + lanes)
    p, q, S, WW = 2, 3, cfg.S, cfg.WW
    Wp = rng.integers(-(2**15), 2**15, size=(p, q, S, 2))
    Wp[0, 0, 0] = [-(2**15), 2**15 - 1]
    words = weight_words(Wp, lanes, WW)
    assert len(words) == p * q * S // lanes
    back = np.zeros_like(Wp)
    for i in range(p):
        for j in range(q):
            for g in range(S // lanes):
                word = words[(i * q + j) * (S // lanes) + g]
                assert 0 <= word < 1 << (2 * WW * lanes)
                for lane in range(lanes):
                    pair = (word >> (lane * 2 * WW)) & ((1 << 2 * WW) - 1)
                    back[i, j, g * lanes + lane] = [_s(pair >> WW, WW), _s(pair & ((1 << WW) - 1), WW)]
    assert np.array_equal(back, Wp)
    with pytest.raises(SwmError, match="divide"):
        weight_words(Wp, 3, WW)


@pytest.mark.parametrize("lanes,rows,p", [(1, 2, 3), (2, 2, 4), (8, 4, 5), (2, 4, 1), (4, 1, 2), (2, 3, 7), (1, 5, 5)])
def test_weight_words_rows_layout(lanes, rows, p):
    """ROWS layout: address (r*q + j)*G + g, lane rr*lanes + l = slot g*lanes + l of block (r*rows + rr, j)."""
    cfg = DatapathConfig(K=16)
    rng = np.random.default_rng(SEED + 10 * rows + lanes)
    q, S, WW, G = 3, cfg.S, cfg.WW, cfg.S // lanes
    Wp = rng.integers(-(2**15), 2**15, size=(p, q, S, 2))
    words = weight_words(Wp, lanes, WW, rows)
    ng = -(-p // rows)
    assert len(words) == ng * q * G
    for r in range(ng):
        for j in range(q):
            for g in range(G):
                word = words[(r * q + j) * G + g]
                assert 0 <= word < 1 << (2 * WW * lanes * rows)
                for rr in range(rows):
                    for lane in range(lanes):
                        pair = (word >> ((rr * lanes + lane) * 2 * WW)) & ((1 << 2 * WW) - 1)
                        got = [_s(pair >> WW, WW), _s(pair & ((1 << WW) - 1), WW)]
                        i = r * rows + rr
                        want = Wp[i, j, g * lanes + lane].tolist() if i < p else [0, 0]  # short last group: zeros
                        assert got == want, (r, j, g, rr, lane)
    if rows == 1:
        assert words == weight_words(Wp, lanes, WW)
    with pytest.raises(SwmError, match="rows = 0 must be >= 1"):
        weight_words(Wp, lanes, WW, 0)


def test_bias_words_round_trip():
    b = np.array([0, 1, -1, 2**17 - 1, -(2**17)], dtype=np.int64)
    words = bias_words(b, 18)
    assert words == [0, 1, 2**18 - 1, 2**17 - 1, 2**17]
    assert [_s(u, 18) for u in words] == b.tolist()
    with pytest.raises(SwmError):
        bias_words(np.array([2**17]), 18)


def test_pack_weights_rule():
    cfg = DatapathConfig(K=8)
    rng = np.random.default_rng(SEED)
    w = rng.uniform(-1, 1, size=(2, 3, 8))
    Wp, w_frac = pack_weights(w, cfg)
    F = np.fft.rfft(w, axis=-1)
    m = max(np.abs(F.real).max(), np.abs(F.imag).max())
    assert m * 2.0**w_frac <= 2**15 - 1 < m * 2.0 ** (w_frac + 1)
    assert np.array_equal(Wp[..., 0, 0], quantize(F[..., 0].real, w_frac, 16))
    assert np.array_equal(Wp[..., 0, 1], quantize(F[..., 4].real, w_frac, 16))
    assert np.array_equal(Wp[..., 1:, 1], quantize(F[..., 1:4].imag, w_frac, 16))


# ---- docs/datapath.md worked example (numbers in the doc must stay true) ------------------------------
@pytest.mark.parametrize(
    "mode, X, acc, Y, z, o, y",
    [
        ("half_up", [[17203, 10650], [-4096, 26215]], [[253675438, 226834350], [-463060992, 147644416]],
         [[30966, 27690], [-56526, 18023]], [-13599, -8192, 42927, 9831], [-2580, -3686, 10732, 5735],
         [0, 0, 10732, 5735]),
        ("convergent", [[17202, 10650], [-4096, 26214]], [[253660692, 226834350], [-463044608, 147636224]],
         [[30964, 27690], [-56524, 18022]], [-13598, -8192, 42926, 9830], [-2580, -3686, 10732, 5734],
         [0, 0, 10732, 5734]),
    ],
)
def test_worked_example(mode, X, acc, Y, z, o, y):
    cfg = DatapathConfig(K=4, rounding=mode).validate()
    x = np.array([0.3, -0.7, 0.55, 0.9])
    w = np.array([[[0.4, -0.3, 0.15, 0.2]]])
    b = np.array([0.05, -0.1, 0.0, 0.2])
    xi = quantize(x, 15, cfg.DW)
    assert xi.tolist() == [9830, -22938, 18022, 29491]
    Wp, w_frac = pack_weights(w, cfg)
    assert w_frac == 15 and Wp.tolist() == [[[[14746, 21299], [8192, 16384]]]]
    assert [f"{v:x}" for v in weight_words(Wp, 2, 16)] == ["20004000399a5333"]
    c = _dense(w) @ x
    lp = choose_layer_params(1, 1, 15, w_frac, max(abs(v) for row in acc for v in row),
                             float(np.abs(c + b).max()), "relu", cfg)
    assert (lp.acc_shift, lp.out_shift, lp.y_frac) == (13, 2, 14)
    E = output_exponent(15, w_frac, lp.acc_shift, cfg)
    bias = quantize(b, E, cfg.FW)
    assert E == 16 and bias.tolist() == [3277, -6554, 0, 13107]
    yy, tr = layer_int(xi, Wp, bias, lp, cfg, trace=True)
    assert tr["X"].tolist() == [X] and tr["acc"].tolist() == [acc] and tr["Y"].tolist() == [Y]
    assert tr["z"].tolist() == z and tr["o"].tolist() == o and yy.tolist() == y


def test_sqnr_entry_point(tmp_path: Path):
    from swm.sqnr import main, measure_sqnr

    assert measure_sqnr(16, 16, 1, 0) > 60.0
    assert main(["--trials", "1", "--json", str(tmp_path / "s.json")]) == 0
    assert (tmp_path / "s.json").exists()
