"""Golden model of the dataflow stages: swm.golden.dense_int, argmax_int, dense_weight_words, dense_rtl_params.

dense_int is checked against an independent pure-Python reference of docs/datapath.md "Dense
layer" (Python integers, rounding by floor division) and against the float product within the
error bound of its quantization and roundings; argmax_int against numpy and a first-maximum loop.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from swm.errors import SwmError
from swm.fixed import DatapathConfig, quantize
from swm.golden import (
    DenseParams,
    argmax_int,
    bias_words,
    dense_int,
    dense_rtl_params,
    dense_weight_words,
    unpack_dense_weight_words,
)
from swm.limits import min_dense_acc_width
from swm.memimg import to_signed

SEED = 20250611


def _cfg(DW=16, WW=16, FW=18, n_in=8, rounding="half_up", extra_aw=0) -> DatapathConfig:
    return DatapathConfig(DW=DW, WW=WW, FW=FW, AW=min_dense_acc_width(WW, DW, n_in) + extra_aw, rounding=rounding,
                          max_q=1)


# ---- pure-Python reference ----------------------------------------------------------------------
def _rnd(v: int, s: int, mode: str) -> int:
    if s == 0:
        return v
    q, r = divmod(v, 1 << s)  # floor division: q = floor(v / 2^s), 0 <= r < 2^s
    half = 1 << (s - 1)
    if r > half or (r == half and (mode == "half_up" or q & 1)):
        return q + 1
    return q


def _sat(v: int, w: int) -> int:
    return max(-(1 << (w - 1)), min((1 << (w - 1)) - 1, v))


def _dense_ref(x, W, b, lp: DenseParams, cfg: DatapathConfig) -> list[list[int]]:
    out = []
    for row in x.tolist():
        y = []
        for o in range(lp.n_out):
            acc = sum(int(w) * int(v) for w, v in zip(W[o].tolist(), row))
            z = _sat(_rnd(acc, lp.acc_shift, cfg.rounding), cfg.FW)
            s = _sat(_rnd(z + int(b[o]), lp.out_shift, cfg.rounding), cfg.DW)
            y.append(max(s, 0) if lp.act == "relu" else s)
        out.append(y)
    return out


def _rand(rng, shape, width, ext=0.1):
    lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
    v = rng.integers(lo, hi + 1, size=shape)
    u = rng.random(shape)
    return np.where(u < ext, lo, np.where(u < 2 * ext, hi, v)).astype(np.int64)


@pytest.mark.parametrize("rounding", ["half_up", "convergent"])
@pytest.mark.parametrize("act", ["identity", "relu"])
@pytest.mark.parametrize("n_in,n_out,widths", [(1, 1, (8, 8, 10)), (7, 5, (8, 6, 12)), (33, 4, (16, 16, 18))])
def test_dense_int_matches_python_reference(rounding, act, n_in, n_out, widths):
    DW, WW, FW = widths
    rng = np.random.default_rng(SEED + n_in)
    cfg = _cfg(DW, WW, FW, n_in, rounding)
    x = _rand(rng, (40, n_in), DW)
    W = _rand(rng, (n_out, n_in), WW)
    b = _rand(rng, (n_out,), FW)
    for acc_shift, out_shift in [(0, 0), (WW + DW - FW + 2, FW - DW), (cfg.AW - 1, FW + 1), (3, 1)]:
        lp = DenseParams(n_in, n_out, 0, 0, acc_shift, out_shift, 0, act)
        got = dense_int(x, W, b, lp, cfg)
        assert got.dtype == np.int64
        assert got.tolist() == _dense_ref(x, W, b, lp, cfg)


def test_dense_int_reaches_accumulator_limit_exactly():
    """All weights and inputs at the minimum: acc = n_in * 2^(WW+DW-2), held exactly by the minimal AW."""
    for n_in in (1, 2, 3, 16, 1000):
        cfg = _cfg(16, 16, 18, n_in)
        x = np.full((1, n_in), -(1 << 15))
        W = np.full((1, n_in), -(1 << 15))
        lp = DenseParams(n_in, 1, 0, 0, 0, 0, 0, "identity")
        _, tr = dense_int(x, W, np.zeros(1, dtype=np.int64), lp, cfg, trace=True)
        assert int(tr["acc"][0, 0]) == n_in << 30
        assert int(tr["acc"][0, 0]) < 1 << (cfg.AW - 1)
        assert int(tr["z"][0, 0]) == (1 << 17) - 1  # saturated at FW
        assert int(tr["o"][0, 0]) == (1 << 15) - 1  # saturated at DW


def test_dense_int_vs_float():
    """Identity layer, no saturation: dense_int * 2^-y_frac is W x + b within the quantization bound."""
    rng = np.random.default_rng(SEED)
    n_in, n_out, DW, WW, FW = 64, 12, 16, 16, 20
    cfg = _cfg(DW, WW, FW, n_in)
    xf = rng.uniform(-1, 1, (50, n_in))
    Wf = rng.uniform(-1, 1, (n_out, n_in)) / math.sqrt(n_in)
    bf = rng.uniform(-0.5, 0.5, n_out)
    x_frac, w_frac = DW - 1, WW - 1
    xi, Wi = quantize(xf, x_frac, DW), quantize(Wf, w_frac, WW)
    acc_shift = 15  # z has E = x_frac + w_frac - acc_shift = 15 fraction bits: |W x + b| < 8 fits FW = 20
    E = x_frac + w_frac - acc_shift
    out_shift = 3  # y_frac = 12: |y| < 8 fits DW = 16
    y_frac = E - out_shift
    bi = quantize(bf, E, FW)
    lp = DenseParams(n_in, n_out, x_frac, w_frac, acc_shift, out_shift, y_frac, "identity")
    y = dense_int(xi, Wi, bi, lp, cfg).astype(np.float64) * 2.0 ** -y_frac
    ref = xf @ Wf.T + bf
    # |dx| <= 2^-(x_frac+1), |dW| <= 2^-(w_frac+1) per word; half an LSB per rounding (z, bias, o)
    bound = (n_in * (2.0 ** -(x_frac + 1) * np.max(np.abs(Wf)) + 2.0 ** -(w_frac + 1) * 1.0 + 2.0 ** -(x_frac + w_frac + 2))
             + 2 * 0.5 * 2.0 ** -E + 0.5 * 2.0 ** -y_frac)
    assert np.max(np.abs(y - ref)) <= bound
    assert np.max(np.abs(y - ref)) < 2.0 ** -10


def test_dense_int_batch_shape_and_trace():
    rng = np.random.default_rng(SEED + 1)
    cfg = _cfg(12, 12, 14, 9)
    x = _rand(rng, (2, 3, 9), 12)
    W = _rand(rng, (5, 9), 12)
    b = _rand(rng, (5,), 14)
    lp = DenseParams(9, 5, 0, 0, 10, 2, 4, "tanh")
    y, tr = dense_int(x, W, b, lp, cfg, trace=True)
    assert y.shape == (2, 3, 5) and tr["acc"].shape == tr["z"].shape == tr["o"].shape == (2, 3, 5)
    flat = dense_int(x.reshape(6, 9), W, b, lp, cfg)
    assert np.array_equal(flat.reshape(2, 3, 5), y)
    assert np.array_equal(tr["acc"], x @ W.T)


def test_dense_int_errors():
    cfg = _cfg(8, 8, 10, 4)
    x, W, b = np.zeros((2, 4), dtype=np.int64), np.zeros((3, 4), dtype=np.int64), np.zeros(3, dtype=np.int64)
    lp = DenseParams(4, 3, 0, 0, 2, 1, 0, "relu")
    dense_int(x, W, b, lp, cfg)
    cases = [
        (dict(x=np.zeros((2, 5), dtype=np.int64)), "must end in n_in = 4"),
        (dict(x=np.zeros((2, 4))), "dtype float64"),
        (dict(W=np.zeros((4, 3), dtype=np.int64)), r"must be \(n_out, n_in\) = \(3, 4\)"),
        (dict(b=np.zeros(4, dtype=np.int64)), r"must be \(n_out,\) = \(3,\)"),
        (dict(x=np.full((1, 4), 128)), "dense input has values in .* outside the 8-bit range"),
        (dict(W=np.full((3, 4), -129)), "dense weights has values .* outside the 8-bit range"),
        (dict(b=np.full(3, 512)), "dense bias has values .* outside the 10-bit range"),
        (dict(lp=DenseParams(4, 3, 0, 0, 2, 1, 0, "gelu")), "act = 'gelu' is unknown"),
        (dict(lp=DenseParams(4, 3, 0, 0, 63, 1, 0, "relu")), "acc_shift = 63 is out of range"),
        (dict(lp=DenseParams(4, 3, 0, 0, 2, -1, 0, "relu")), "out_shift = -1 is out of range"),
        (dict(lp=DenseParams(0, 3, 0, 0, 2, 1, 0, "relu")), "n_in = 0, n_out = 3 must both be >= 1"),
        (dict(cfg=DatapathConfig(DW=8, WW=8, FW=10, AW=17, max_q=1)),
         r"AW = 17 is too small .* use AW >= WW \+ DW \+ clog2\(n_in\) = 18"),
        (dict(cfg=DatapathConfig(DW=8, WW=8, FW=10, AW=63, max_q=1)), "AW = 63 exceeds 62"),
    ]
    for over, msg in cases:
        kw = dict(x=x, W=W, b=b, lp=lp, cfg=cfg)
        kw.update(over)
        with pytest.raises(SwmError, match=msg):
            dense_int(kw["x"], kw["W"], kw["b"], kw["lp"], kw["cfg"])


def test_validate_dense_skips_only_the_bc_accumulator_rule():
    cfg = DatapathConfig(DW=8, WW=8, FW=10, AW=18, max_q=1)
    with pytest.raises(SwmError, match="use AW >= WW \\+ FW \\+ 2"):
        cfg.validate()
    assert cfg.validate(bc_acc=False) is cfg
    with pytest.raises(SwmError, match="FW = 8 is out of range"):
        DatapathConfig(DW=8, WW=8, FW=8, AW=30).validate(bc_acc=False)


# ---- argmax ---------------------------------------------------------------------------------------
def _first_max(row: list[int]) -> int:
    best = 0
    for i, v in enumerate(row):
        if v > row[best]:
            best = i
    return best


def test_argmax_int_matches_numpy_and_first_maximum():
    rng = np.random.default_rng(SEED)
    for N in (1, 2, 10, 17):
        for span in (2, 1 << 15):  # many ties / few ties
            y = rng.integers(-span, span, size=(4, 25, N))
            got = argmax_int(y, width=17)
            assert got.dtype == np.int64 and got.shape == (4, 25)
            assert np.array_equal(got, np.argmax(y, axis=-1))
            assert got.reshape(-1).tolist() == [_first_max(r) for r in y.reshape(-1, N).tolist()]


def test_argmax_int_ties_lowest_index():
    y = np.array([[3, 1, 3], [0, 0, 0], [-5, -5, -4], [-4, -5, -4], [7, 9, 9]])
    assert argmax_int(y).tolist() == [0, 0, 2, 0, 1]
    # every pattern of two values over four positions
    for row in itertools.product((0, 1), repeat=4):
        assert int(argmax_int(np.array(row))) == _first_max(list(row))


def test_argmax_int_errors():
    with pytest.raises(SwmError, match="dtype float64"):
        argmax_int(np.zeros(3))
    with pytest.raises(SwmError, match=r"input shape \(\) must end in N >= 1"):
        argmax_int(np.int64(3))
    with pytest.raises(SwmError, match=r"input shape \(2, 0\)"):
        argmax_int(np.zeros((2, 0), dtype=np.int64))
    with pytest.raises(SwmError, match="outside the 8-bit range"):
        argmax_int([[1, 200]], width=8)


# ---- memory images and RTL parameters ------------------------------------------------------------
@pytest.mark.parametrize("n_out,lanes", [(10, 4), (8, 8), (7, 1), (5, 3)])
def test_dense_weight_words_layout(n_out, lanes):
    rng = np.random.default_rng(SEED + n_out)
    n_in, WW = 6, 9
    W = _rand(rng, (n_out, n_in), WW)
    words = dense_weight_words(W, lanes, WW)
    groups = -(-n_out // lanes)
    assert len(words) == groups * n_in
    for g in range(groups):
        for i in range(n_in):
            word = words[g * n_in + i]
            assert word >> (lanes * WW) == 0
            for lane in range(lanes):
                o = g * lanes + lane
                v = to_signed((word >> (lane * WW)) & ((1 << WW) - 1), WW)
                assert v == (int(W[o, i]) if o < n_out else 0), (g, i, lane)
    assert bias_words(np.array([-1, 2]), 5) == [31, 2]


@pytest.mark.parametrize("n_out,lanes,WW", [(10, 4, 16), (10, 10, 16), (7, 1, 9), (5, 3, 32)])
def test_unpack_dense_weight_words_round_trip(n_out, lanes, WW):
    """unpack_dense_weight_words inverts dense_weight_words; non-zero padding lanes are refused."""
    rng = np.random.default_rng(SEED + 7 * n_out + WW)
    W = _rand(rng, (n_out, 5), WW)
    words = dense_weight_words(W, lanes, WW)
    np.testing.assert_array_equal(unpack_dense_weight_words(words, n_out, 5, lanes, WW), W)
    with pytest.raises(SwmError, match="expected ceil"):
        unpack_dense_weight_words(words[:-1], n_out, 5, lanes, WW)
    if n_out % lanes:
        bad = list(words)
        bad[-1] |= 1 << ((lanes - 1) * WW)  # the last group's last lane lies beyond n_out
        with pytest.raises(SwmError, match="padding lanes"):
            unpack_dense_weight_words(bad, n_out, 5, lanes, WW)


def test_dense_weight_words_errors():
    W = np.zeros((3, 4), dtype=np.int64)
    with pytest.raises(SwmError, match="lanes = 4 must be in 1..n_out = 3"):
        dense_weight_words(W, 4, 8)
    with pytest.raises(SwmError, match="lanes = 0"):
        dense_weight_words(W, 0, 8)
    with pytest.raises(SwmError, match=r"shape \(12,\) must be \(n_out, n_in\)"):
        dense_weight_words(W.reshape(-1), 1, 8)
    with pytest.raises(SwmError, match="outside the 8-bit range"):
        dense_weight_words(W + 128, 1, 8)


def test_dense_rtl_params_mirror_the_rtl_checks(tmp_path):
    cfg = _cfg(16, 16, 18, 12)
    lp = DenseParams(12, 10, 0, 0, 16, 2, 8, "relu")
    P = dense_rtl_params(cfg, lp, 4)
    assert P == dict(DW=16, WW=16, FW=18, AW=36, N_IN=12, N_OUT=10, LANES=4, ACC_SHIFT=16, OUT_SHIFT=2, ACT=1,
                     Y_FRAC=8, ROUND_MODE=0)
    P = dense_rtl_params(cfg, lp, 4, weight_file=tmp_path / "w.hex", bias_file=tmp_path / "b.hex")
    assert P["WEIGHT_FILE"] == str(tmp_path / "w.hex") and P["BIAS_FILE"] == str(tmp_path / "b.hex")
    bad = [
        (dict(lanes=11), "LANES = 11 cannot be built for N_OUT = 10"),
        (dict(lanes=0), "LANES = 0 cannot be built"),
        (dict(cfg=_cfg(16, 16, 18, 12, extra_aw=-1)), r"use AW >= WW \+ DW \+ clog2\(n_in\) = 36"),
        (dict(lp=DenseParams(12, 10, 0, 0, 36, 2, 8, "relu")), "ACC_SHIFT = 36 / OUT_SHIFT = 2 out of range"),
        (dict(lp=DenseParams(12, 10, 0, 0, 16, 20, 8, "relu")), "OUT_SHIFT = 20 out of range"),
        (dict(lp=DenseParams(12, 10, 0, 0, 16, 2, 13, "sigmoid")), "Y_FRAC = 13 out of range for ACT = 2; use 0..12"),
        (dict(lp=DenseParams(12, 10, 0, 0, 16, 2, 8, "swish")), "act = 'swish' is unknown"),
        (dict(cfg=DatapathConfig(DW=4, WW=16, FW=18, AW=40, max_q=1)), "DW = 4 is too small for swm_dense_fc"),
        (dict(lp=DenseParams(3000, 10, 0, 0, 16, 2, 8, "relu"), cfg=_cfg(16, 16, 18, 3000), weight_file="w.hex"),
         "a WEIGHT_FILE preload needs ceil"),
    ]
    for over, msg in bad:
        kw = dict(cfg=cfg, lp=lp, lanes=4, weight_file=None)
        kw.update(over)
        with pytest.raises(SwmError, match=msg):
            dense_rtl_params(kw["cfg"], kw["lp"], kw["lanes"], kw["weight_file"])


@pytest.mark.parametrize("rounding,o,y", [("half_up", [105, -128, 127], [105, 0, 127]),
                                         ("convergent", [104, -128, 127], [104, 0, 127])])
def test_dense_worked_example(rounding, o, y):
    """docs/datapath.md "Dense layer", worked example."""
    cfg = DatapathConfig(DW=8, WW=8, FW=10, AW=18, rounding=rounding, max_q=1)
    x, W, b = np.array([100, -50, 127]), np.array([[64, -128, 3], [-1, 2, -100], [127, 127, 127]]), np.array([6, -300, -2])
    got, tr = dense_int(x, W, b, DenseParams(3, 3, 0, 0, 5, 2, 0, "relu"), cfg, trace=True)
    assert tr["acc"].tolist() == [13181, -12900, 22479]
    assert tr["z"].tolist() == [412, -403, 511]
    assert tr["o"].tolist() == o and got.tolist() == y
    assert int(argmax_int(got)) == 2
    assert [f"{w:04x}" for w in dense_weight_words(W, 2, 8)] == ["ff40", "0280", "9c03", "007f", "007f", "007f"]
    assert [f"{w:03x}" for w in bias_words(b, 10)] == ["006", "2d4", "3fe"]
