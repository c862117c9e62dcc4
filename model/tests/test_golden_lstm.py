"""The LSTM cell of docs/datapath.md "LSTM cell": a scalar reference written from the text, batching
with variable lengths, agreement with the float cell, the export's calibration rules, bad formats."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch

from swm import golden
from swm import golden_lstm as gl
from swm.errors import SwmError
from swm.export_lstm import quantize_lstm
from swm.fixed import DatapathConfig, choose_frac, quantize
from swm.qat import pwl_sigmoid, pwl_tanh
from swm.zoo import LSTMClassifier


# ---------------------------------------------------------------- scalar reference from the contract text
def _rnd(v: int, s: int, mode: str) -> int:
    if s == 0:
        return v
    q, r = divmod(v, 1 << s)  # floor division and its remainder
    half = 1 << (s - 1)
    if r > half or (r == half and (mode == "half_up" or q & 1)):
        q += 1
    return q


def _sat(v: int, w: int) -> int:
    return max(-(1 << (w - 1)), min((1 << (w - 1)) - 1, v))


def _sig(o: int, F: int, DW: int) -> int:
    one = 1 << F
    a = _sat(abs(o), DW)
    if a >= 5 * one:
        f = one
    elif a >= (19 * one) // 8:
        f = (a >> 5) + (27 * one) // 32
    elif a >= one:
        f = (a >> 3) + (5 * one) // 8
    else:
        f = (a >> 2) + one // 2
    return _sat(f if o >= 0 else one - f, DW)


def _tanh(o: int, F: int, DW: int) -> int:
    return _sat(2 * _sig(_sat(2 * o, DW), F, DW) - (1 << F), DW)


def _cell(z: list[int], c: list[int], H: int, G: int, C: int, A: int, DW: int, mode: str) -> tuple[list, list]:
    hs, cs = [], []
    for n in range(H):
        i, f = _sig(z[n], G, DW), _sig(z[H + n], G, DW)
        g, o = _tanh(z[2 * H + n], G, DW), _sig(z[3 * H + n], G, DW)
        cn = _sat(_rnd(f * c[n], G, mode) + _rnd(i * g, 2 * G - C, mode), DW)
        cs.append(cn)
        hs.append(_sat(_rnd(o * _tanh(cn, C, DW), G + C - A, mode), DW))
    return hs, cs


def _params(H: int, G: int, C: int, A: int, **kw) -> gl.LstmParams:
    return gl.LstmParams(n_x=kw.get("n_x", 5), hidden=H, x_frac=A, w_frac=kw.get("w_frac", 10), acc_shift=0,
                         out_shift=0, g_frac=G, c_frac=C, max_len=kw.get("max_len", 40))


@pytest.mark.parametrize("mode", ["half_up", "convergent"])
@pytest.mark.parametrize("DW,G,C,A", [(16, 12, 12, 12), (16, 9, 11, 12), (16, 12, 6, 15), (12, 8, 3, 7), (8, 4, 4, 2)])
def test_cell_matches_scalar_reference(mode: str, DW: int, G: int, C: int, A: int) -> None:
    cfg = DatapathConfig(K=4, DW=DW, rounding=mode)
    H = 16
    lp = _params(H, G, C, A)
    rng = np.random.default_rng(DW * 1000 + G * 100 + C * 10 + A)
    lim = 1 << (DW - 1)
    # full-range words (saturating pre-activations and cell states) and small ones
    z = np.concatenate([rng.integers(-lim, lim, (6, 4 * H)), rng.integers(-(8 << G) // 8, (8 << G) // 8, (6, 4 * H))])
    c = np.concatenate([rng.integers(-lim, lim, (6, H)), rng.integers(-(2 << C), 2 << C, (6, H))])
    h, cn, tr = gl.cell_int(z, c, lp, cfg, trace=True)
    for r in range(len(z)):
        hs, cs = _cell([int(v) for v in z[r]], [int(v) for v in c[r]], H, G, C, A, DW, mode)
        assert cn[r].tolist() == cs and h[r].tolist() == hs, f"row {r}"
    assert set(tr) == {"i", "f", "g", "o", "tc"}


def _random_layer(cfg: DatapathConfig, lp: gl.LstmParams, seed: int) -> tuple[np.ndarray, np.ndarray]:
    gp = lp.gate_params(cfg.K)
    rng = np.random.default_rng(seed)
    Wp = rng.integers(-(1 << (cfg.WW - 3)), 1 << (cfg.WW - 3), (gp.p, gp.q, cfg.S, 2))
    bias = rng.integers(-(1 << (cfg.FW - 4)), 1 << (cfg.FW - 4), gp.p * cfg.K)
    return Wp, bias


def test_batch_with_lengths_equals_each_sequence_alone() -> None:
    """Sequences of lengths 1..40 in one padded batch give the final h each gives alone; padding is ignored."""
    cfg = DatapathConfig(K=8)
    E = golden.output_exponent(12, 12, 6, cfg)
    lp = gl.LstmParams(n_x=12, hidden=16, x_frac=12, w_frac=12, acc_shift=6, out_shift=E - min(12, E),
                       g_frac=min(12, E), c_frac=10, max_len=40)
    Wp, bias = _random_layer(cfg, lp, 1)
    rng = np.random.default_rng(2)
    lens = np.array([1, 40, 7, 23, 2, 40, 13])
    x = rng.integers(-(1 << 13), 1 << 13, (len(lens), 40, 12))
    x_garbage = x.copy()
    for n, L in enumerate(lens):
        x[n, L:] = 0
        x_garbage[n, L:] = rng.integers(-(1 << 15), 1 << 15, (40 - L, 12))
    h, tr = gl.lstm_int(x, lens, Wp, bias, lp, cfg, trace=True)
    np.testing.assert_array_equal(gl.lstm_int(x_garbage, lens, Wp, bias, lp, cfg), h)
    for n, L in enumerate(lens):
        alone = gl.lstm_int(x[n:n + 1, :L], [L], Wp, bias, lp, cfg)
        np.testing.assert_array_equal(alone[0], h[n])
        np.testing.assert_array_equal(tr["h"][n, L - 1], h[n])
        assert not tr["h"][n, L:].any() and not tr["c"][n, L:].any()
    # the step really recurs: a one-step sequence differs from a longer one with the same first step
    assert (tr["h"][1, 0] != tr["h"][1, 39]).any()


def _float_pwl(model: LSTMClassifier, x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Final h of the float cell with the contract's PWL functions (no quantization)."""
    m = model.lstm
    with torch.no_grad():
        xt = torch.as_tensor(x, dtype=torch.float64)
        H = m.hidden_size
        gx = torch.nn.functional.linear(xt, m.ih.to_dense().double(), m.ih.bias.double())
        whh, bhh = m.hh.to_dense().double(), m.hh.bias.double()
        h = torch.zeros(len(x), H, dtype=torch.float64)
        c = torch.zeros_like(h)
        for t in range(x.shape[1]):
            i, f, g, o = (gx[:, t] + h @ whh.T + bhh).chunk(4, dim=-1)
            cn = pwl_sigmoid(f) * c + pwl_sigmoid(i) * pwl_tanh(g)
            hn = pwl_sigmoid(o) * pwl_tanh(cn)
            keep = torch.as_tensor(lengths)[:, None] > t
            h, c = torch.where(keep, hn, h), torch.where(keep, cn, c)
    return h.numpy()


@pytest.mark.parametrize("K", [4, 16])
def test_integer_cell_follows_the_float_cell(K: int) -> None:
    """quantize_lstm's formats (docs/datapath.md calibration rules) and the integer final h within 2^-9 of
    the float PWL cell after up to 30 steps at the default widths."""
    torch.manual_seed(K)
    model = LSTMClassifier(12, 9, {"lstm": K}).double().eval()
    rng = np.random.default_rng(K)
    lens = rng.integers(1, 31, 48)
    x = rng.normal(0.0, 1.0, (48, 30, 12)) * (np.arange(30)[None, :, None] < lens[:, None, None])
    cfg = DatapathConfig()
    A, (L0, L1) = quantize_lstm(model, cfg, x, lens, max_len=30)
    lp = L0.lp
    assert A == lp.x_frac == choose_frac(max(float(np.abs(x).max()), 1.0), cfg.DW)
    E = golden.output_exponent(lp.x_frac, lp.w_frac, lp.acc_shift, L0.cfg)
    assert lp.g_frac == min(12, E) and lp.out_shift == E - lp.g_frac
    assert lp.c_frac <= 12 and lp.max_len == 30 and L1.type == "dense" and L1.lp.x_frac == A
    h = gl.lstm_int(quantize(x, A, cfg.DW), lens, L0.Wp, L0.bias, lp, L0.cfg)
    err = np.abs(h / 2.0 ** A - _float_pwl(model, x, lens)).max()
    assert err < 2.0 ** -9, err  # measured 6e-4 (K = 4) and 8e-4 (K = 16)


@pytest.mark.parametrize("field,value,match", [
    ("hidden", 18, "not a multiple of K"),
    ("g_frac", 13, "g_frac = 13 must be in 0..DW-4"),
    ("c_frac", -1, "c_frac = -1"),
    ("x_frac", 16, "x_frac = 16"),
    ("max_len", 0, "must all be >= 1"),
])
def test_bad_formats_are_refused(field: str, value: int, match: str) -> None:
    cfg = DatapathConfig(K=4)
    lp = dataclasses.replace(_params(16, 12, 12, 12), **{field: value})
    with pytest.raises(SwmError, match=match):
        gl.check_lstm_params(lp, cfg)


def test_format_relations_and_bad_sequences_are_refused() -> None:
    cfg = DatapathConfig(K=4)
    E = golden.output_exponent(12, 10, 0, cfg)
    with pytest.raises(SwmError, match="2\\*g_frac = 4 < c_frac = 6"):
        gl.check_lstm_params(_params(16, 2, 6, 1, w_frac=10), cfg)
    with pytest.raises(SwmError, match="g_frac \\+ c_frac = 8 < x_frac = 12"):
        gl.check_lstm_params(_params(16, 4, 4, 12), cfg)
    with pytest.raises(SwmError, match="out_shift = 0 must be E - g_frac"):
        gl.check_lstm_params(_params(16, 12, 12, 12), cfg)
    lp = dataclasses.replace(_params(16, 12, 12, 12), out_shift=E - 12, max_len=5)
    Wp, bias = _random_layer(cfg, lp, 3)
    x = np.zeros((2, 6, 5), dtype=np.int64)
    for lens, match in (([0, 3], "lengths must be in 1..5"), ([6, 3], "lengths must be in 1..5"),
                        ([3], "1 lengths for 2 sequences")):
        with pytest.raises(SwmError, match=match):
            gl.lstm_int(x, lens, Wp, bias, lp, cfg)
    with pytest.raises(SwmError, match="must be \\(N, T, n_x = 5\\)"):
        gl.lstm_int(np.zeros((2, 3, 4), dtype=np.int64), [1, 1], Wp, bias, lp, cfg)


def test_worked_example_of_the_datapath_doc() -> None:
    """docs/datapath.md "LSTM cell", worked example."""
    cfg = DatapathConfig(K=4)
    lp = _params(4, 12, 11, 12, n_x=3)
    z = np.zeros((1, 16), dtype=np.int64)
    z[0, ::4] = [3276, 8192, -2457, 6144]
    c = np.array([[1536, 0, 0, 0]])
    h, cn, tr = gl.cell_int(z, c, lp, cfg, trace=True)
    assert [int(tr[k][0, 0]) for k in ("i", "f", "g", "o", "tc")] == [2867, 3584, -2252, 3328, 556]
    assert (int(cn[0, 0]), int(h[0, 0])) == (556, 904)
