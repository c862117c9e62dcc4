"""Tests of swm.fixed: rnd/sat/quantize semantics and DatapathConfig validation (docs/datapath.md)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from swm.errors import SwmError
from swm.fixed import ROUNDING_MODES, DatapathConfig, choose_frac, quantize, round_shift, saturate


# ---- rnd(v, s): hand-checked against the formula definitions ----------------------------------
# half_up:    (v + 2^(s-1)) >> s                       ties toward +infinity
# convergent: (v + 2^(s-1) - 1 + ((v >> s) & 1)) >> s  ties to even
# value v / 2^s:            -2.5 -1.5 -0.5 0.5 1.5 2.5 | -1.25 -0.75 0.25 0.75 1.25 -1.75
_V1 = [-5, -3, -1, 1, 3, 5]  # s = 1 (all ties)
_V2 = [-5, -3, 1, 3, 5, -7]  # s = 2 (no ties)


@pytest.mark.parametrize(
    "mode, s, v, want",
    [
        ("half_up", 1, _V1, [-2, -1, 0, 1, 2, 3]),
        ("convergent", 1, _V1, [-2, -2, 0, 0, 2, 2]),
        ("half_up", 2, _V2, [-1, -1, 0, 1, 1, -2]),
        ("convergent", 2, _V2, [-1, -1, 0, 1, 1, -2]),
        # s = 2 ties: -1.5 -0.5 0.5 1.5 2.5
        ("half_up", 2, [-6, -2, 2, 6, 10], [-1, 0, 1, 2, 3]),
        ("convergent", 2, [-6, -2, 2, 6, 10], [-2, 0, 0, 2, 2]),
    ],
)
def test_round_shift_hand_checked(mode, s, v, want):
    assert round_shift(np.array(v), s, mode).tolist() == want


@pytest.mark.parametrize("mode", ROUNDING_MODES)
def test_round_shift_zero_is_identity_and_matches_formula(mode):
    rng = np.random.default_rng(1)
    v = rng.integers(-(2**40), 2**40, size=2000)
    assert np.array_equal(round_shift(v, 0, mode), v)
    for s in (1, 3, 7, 20):
        got = round_shift(v, s, mode)
        # reference from exact rational arithmetic: nearest integer, tie rule per mode
        q = v / 2.0**s  # exact in float64 for these magnitudes
        fl = np.floor(q)
        frac = q - fl
        tie_up = np.ones_like(fl, dtype=bool) if mode == "half_up" else (fl % 2 == 1)
        ref = np.where(frac > 0.5, fl + 1, np.where(frac < 0.5, fl, np.where(tie_up, fl + 1, fl)))
        assert np.array_equal(got, ref.astype(np.int64)), (mode, s)


def test_round_shift_extremes_and_errors():
    big = np.array([2**61 - 1, -(2**61)], dtype=np.int64)
    assert round_shift(big, 61, "half_up").tolist() == [1, -1]
    with pytest.raises(SwmError):
        round_shift(1, -1, "half_up")
    with pytest.raises(SwmError):
        round_shift(1, 1, "nearest")
    with pytest.raises(SwmError):
        round_shift(np.array([0.5]), 1, "half_up")


def test_saturate_extremes():
    v = np.array([-(2**40), -129, -128, -1, 0, 127, 128, 2**40])
    assert saturate(v, 8).tolist() == [-128, -128, -128, -1, 0, 127, 127, 127]
    assert saturate(np.array([2**62, -(2**62)]), 63).tolist() == [2**62 - 1, -(2**62)]
    assert saturate(np.array([5, -5]), 1).tolist() == [0, -1]


def test_quantize():
    x = np.array([-1.0, -0.5 / 256, 0.5 / 256, 1.5 / 256, 0.99, 1.0, 1e30, -1e30])
    # floor(x * 256 + 0.5), then sat to 9 bits [-256, 255]
    assert quantize(x, 8, 9).tolist() == [-256, 0, 1, 2, 253, 255, 255, -256]
    assert quantize(np.float64(3.0), -1, 8).tolist() == 2  # floor(1.5 + 0.5)
    with pytest.raises(SwmError):
        quantize(np.array([np.nan]), 4, 8)


def test_choose_frac():
    # largest f with max_abs * 2^f <= 2^(width-1-headroom) - 1
    assert choose_frac(1.0, 16) == 14  # 2^14 <= 32767 < 2^15
    assert choose_frac(0.99, 16) == 15  # 0.99 * 32768 = 32440 <= 32767
    assert choose_frac(32767.0, 16) == 0
    assert choose_frac(32768.0, 16) == -1
    assert choose_frac(1.0, 16, headroom_bits=1) == 13
    assert choose_frac(0.0, 8) == 6  # zero is treated as 1.0
    for m in (1e-9, 3.3, 12345.678, 7e20):
        f = choose_frac(m, 12)
        assert m * 2.0**f <= 2**11 - 1 < m * 2.0 ** (f + 1)
    with pytest.raises(SwmError):
        choose_frac(-1.0, 8)
    with pytest.raises(SwmError):
        choose_frac(float("inf"), 8)


# ---- DatapathConfig ---------------------------------------------------------------------------
def test_config_defaults_and_derived():
    c = DatapathConfig().validate()
    assert (c.K, c.DW, c.FW, c.WW, c.TW, c.AW, c.rounding) == (16, 16, 18, 16, 16, 48, "half_up")
    assert (c.L, c.S, c.TF, c.PRE) == (4, 8, 14, 1)
    assert c.fft_mask == 0b1111 and c.ifft_mask == 0b1111 and c.round_mode_id == 0
    c2 = DatapathConfig(K=8, rounding="convergent", fft_scale=(1, 0, 1), ifft_scale=(0, 0, 1)).validate()
    assert c2.fft_mask == 0b101 and c2.ifft_mask == 0b100 and c2.round_mode_id == 1
    assert c2.Sf == 2 and c2.Si == 1
    assert DatapathConfig.from_dict(c2.to_dict()) == c2
    assert DatapathConfig.from_dict(c.to_dict()) == c


@pytest.mark.parametrize(
    "kw, field",
    [
        (dict(K=12), "K"),
        (dict(K=1), "K"),
        (dict(K=128), "K"),
        (dict(DW=3), "DW"),
        (dict(DW=33, FW=40), "DW"),
        (dict(FW=16), "FW"),
        (dict(FW=41), "FW"),
        (dict(WW=3), "WW"),
        (dict(WW=33), "WW"),
        (dict(TW=3), "TW"),
        (dict(TW=25), "TW"),
        (dict(FW=40, TW=24, DW=16), "FW + TW"),
        (dict(AW=63), "AW"),
        (dict(AW=45), "AW"),
        (dict(max_q=0), "max_q"),
        (dict(rounding="nearest"), "rounding"),
        (dict(fft_scale=(1, 1, 1)), "fft_scale"),
        (dict(ifft_scale=(1, 1, 2, 1)), "ifft_scale"),
        (dict(K=16.0), "K"),
    ],
)
def test_config_validation_errors(kw, field):
    with pytest.raises(SwmError, match=f"DatapathConfig.{field}".replace("+", r"\+")):
        DatapathConfig(**kw).validate()


def test_config_aw_rule_boundary():
    need = 16 + 18 + 2 + math.ceil(math.log2(1024))
    DatapathConfig(AW=need).validate()
    with pytest.raises(SwmError, match="AW"):
        DatapathConfig(AW=need - 1).validate()
    with pytest.raises(SwmError, match="unknown DatapathConfig field"):
        DatapathConfig.from_dict({"K": 16, "bogus": 1})
