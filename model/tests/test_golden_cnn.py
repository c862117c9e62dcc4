"""swm.golden_cnn: convolution, affine and max-pool golden models against independent references.

- dense_conv_int with unit shifts equals PyTorch's conv2d of the same integers (kernel 1/3/5,
  stride 1/2, padding 0/1/2, odd image sizes);
- conv_int equals a per-pixel loop over swm.golden's step functions (the contract, written
  out), bit for bit, and tracks the float CirCNN convolution (swm.layers.BlockCirculantConv2d);
- affine_int and maxpool_int against the formulas and torch.max_pool2d;
- chunking of the batch does not change a result.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from swm import golden_cnn as gc
from swm.errors import SwmError
from swm.fixed import DatapathConfig, round_shift, saturate
from swm.golden import activation_int, fft_int, ifft_int, mac_int
from swm.layers import BlockCirculantConv2d

GEOMS = [  # (H, W, k, stride, pad)
    (7, 9, 3, 1, 1), (9, 7, 5, 2, 2), (5, 5, 1, 1, 0), (11, 6, 3, 2, 0), (6, 8, 5, 1, 2), (4, 4, 3, 2, 1),
]


@pytest.mark.parametrize("H,W,k,s,p", GEOMS)
def test_dense_conv_equals_torch(H, W, k, s, p):
    rng = np.random.default_rng(H * 100 + W * 10 + k)
    c_in, c_out = 3, 5
    x = rng.integers(-200, 200, size=(2, H, W, c_in))
    w = rng.integers(-100, 100, size=(c_out, c_in, k, k))
    b = rng.integers(-1000, 1000, size=c_out)
    g = gc.ConvGeometry(H, W, k, k, s, p)
    lp = gc.DenseConvParams(c_in, c_out, g, 0, 0, acc_shift=0, out_shift=0, y_frac=0, act="identity")
    cfg = DatapathConfig(DW=24, WW=8, FW=28, AW=40)
    y = gc.dense_conv_int(x, w, b, lp, cfg)
    ref = F.conv2d(torch.tensor(x).permute(0, 3, 1, 2).double(), torch.tensor(w).double(),
                   torch.tensor(b).double(), stride=s, padding=p).permute(0, 2, 3, 1).numpy()
    assert y.shape == ref.shape == (2, g.out_h, g.out_w, c_out)
    assert np.array_equal(y, ref.astype(np.int64))


def _conv_loop(x, Wp, bias, lp, cfg):
    """The contract written out: per output pixel, sum of mac_int over taps of the pixel spectra."""
    g, K = lp.geom, cfg.K
    B = x.shape[0]
    X = fft_int(x.reshape(B, g.in_h, g.in_w, lp.q, K), cfg)
    y = np.zeros((B, g.out_h, g.out_w, lp.p * K), dtype=np.int64)
    for oh in range(g.out_h):
        for ow in range(g.out_w):
            acc = np.zeros((B, lp.p, cfg.S, 2), dtype=np.int64)
            for u in range(g.kh):
                for v in range(g.kw):
                    ih, iw = oh * g.stride[0] + u - g.pad[0], ow * g.stride[1] + v - g.pad[1]
                    if 0 <= ih < g.in_h and 0 <= iw < g.in_w:
                        acc += mac_int(Wp[:, :, u, v], X[:, ih, iw], cfg)
            Y = saturate(round_shift(acc, lp.acc_shift, cfg.rounding), cfg.FW)
            z = ifft_int(Y, cfg).reshape(B, lp.p * K)
            o = saturate(round_shift(z + bias, lp.out_shift, cfg.rounding), cfg.DW)
            y[:, oh, ow] = activation_int(o, lp.act, lp.y_frac, cfg)
    return y


@pytest.mark.parametrize("H,W,k,s,p", GEOMS)
@pytest.mark.parametrize("K", [4, 16])
def test_conv_int_equals_contract_loop(H, W, k, s, p, K):
    rng = np.random.default_rng(K * 1000 + H * 10 + k)
    cfg = DatapathConfig(K=K)
    pb, qb = 2, 2
    g = gc.ConvGeometry(H, W, k, k, s, p)
    lp = gc.ConvParams(pb, qb, g, x_frac=8, w_frac=12, acc_shift=10, out_shift=2, y_frac=0, act="relu")
    x = rng.integers(-(1 << 12), 1 << 12, size=(3, H, W, qb * K))
    Wp = rng.integers(-(1 << 13), 1 << 13, size=(pb, qb, k, k, cfg.S, 2))
    bias = rng.integers(-(1 << 10), 1 << 10, size=pb * K)
    y, tr = gc.conv_int(x, Wp, bias, lp, cfg, trace=True)
    assert np.array_equal(y, _conv_loop(x, Wp, bias, lp, cfg))
    assert tr["acc"].shape == (3, g.out_h, g.out_w, pb, cfg.S, 2)
    assert np.any(y != 0) and np.any(y == 0)  # relu both ways: the case is not degenerate


def test_conv_int_tracks_float_circnn():
    """Quantised weights and inputs through conv_int vs BlockCirculantConv2d: small relative error."""
    torch.manual_seed(0)
    K, cin, cout, H = 8, 16, 16, 6
    layer = BlockCirculantConv2d(cin, cout, 3, K, padding=1, bias=False)
    x = torch.rand(2, cin, H, H) * 2 - 1
    ref = layer(x).detach().numpy().transpose(0, 2, 3, 1)  # (B, H, W, cout)
    cfg = DatapathConfig(K=K)
    Wp, w_frac = gc.pack_conv_weights(layer.weight.detach().numpy(), cfg)
    x_frac = 14
    xi = np.floor(x.numpy().transpose(0, 2, 3, 1) * 2 ** x_frac + 0.5).astype(np.int64)
    g = gc.ConvGeometry(H, H, 3, 3, 1, 1)
    acc_shift = 14  # the spectra use the FW range without saturating (12 saturates)
    from swm.golden import output_exponent

    E = output_exponent(x_frac, w_frac, acc_shift, cfg)
    lp = gc.ConvParams(2, 2, g, x_frac, w_frac, acc_shift, out_shift=0, y_frac=E, act="identity")
    y = gc.conv_int(xi, Wp, np.zeros(2 * K, dtype=np.int64), lp, cfg)
    assert np.abs(y).max() < 2 ** (cfg.DW - 1) - 1  # no saturation: the comparison is of rounding only
    got = y / 2.0 ** E
    err = np.abs(got - ref).max() / np.abs(ref).max()
    assert err < 1e-3, err


def test_chunking_does_not_change_results(monkeypatch):
    rng = np.random.default_rng(5)
    cfg = DatapathConfig(K=4)
    g = gc.ConvGeometry(5, 5, 3, 3, 1, 1)
    lp = gc.ConvParams(1, 1, g, 8, 12, 10, 2, 0, "identity")
    x = rng.integers(-(1 << 12), 1 << 12, size=(7, 5, 5, 4))
    Wp = rng.integers(-(1 << 13), 1 << 13, size=(1, 1, 3, 3, 2, 2))
    b = np.zeros(4, dtype=np.int64)
    dlp = gc.DenseConvParams(4, 3, g, 0, 0, 4, 0, 0, "identity")
    Wd = rng.integers(-100, 100, size=(3, 4, 3, 3))
    whole = gc.conv_int(x, Wp, b, lp, cfg), gc.dense_conv_int(x, Wd, np.zeros(3, np.int64), dlp, cfg)
    monkeypatch.setattr(gc, "_CHUNK_ELEMS", 1)  # one image per chunk
    parts = gc.conv_int(x, Wp, b, lp, cfg), gc.dense_conv_int(x, Wd, np.zeros(3, np.int64), dlp, cfg)
    assert all(np.array_equal(a, c) for a, c in zip(whole, parts))


def test_pack_conv_weights_per_tap():
    """Tap (u, v) of pack_conv_weights is the packed rfft of that tap's vectors, one w_frac for all."""
    cfg = DatapathConfig(K=8)
    w = np.random.default_rng(1).normal(size=(2, 3, 3, 5, 8))
    Wp, w_frac = gc.pack_conv_weights(w, cfg)
    assert Wp.shape == (2, 3, 3, 5, 4, 2)
    F_ = np.fft.rfft(w, axis=-1) * 2.0 ** w_frac
    assert np.abs(Wp[..., 1:, 0] - F_[..., 1:4].real).max() <= 0.5
    assert np.abs(Wp[..., 1:, 1] - F_[..., 1:4].imag).max() <= 0.5
    assert np.abs(Wp[..., 0, 1] - F_[..., 4].real).max() <= 0.5
    assert np.abs(Wp).max() >= 2 ** (cfg.WW - 2)  # the largest word uses the range


def test_affine_int_formula_and_saturation():
    cfg = DatapathConfig(DW=8, WW=8)
    ap = gc.AffineParams(channels=3, x_frac=4, s_frac=6, out_shift=6, y_frac=4, act="relu")
    x = np.array([[10, -20, 127], [-128, 64, 1]])
    scale = np.array([64, -32, 127])
    shift = np.array([32, 0, 1000])
    y, tr = gc.affine_int(x, scale, shift, ap, cfg, trace=True)
    a = x * scale + shift
    assert np.array_equal(tr["a"], a)
    o = np.clip((a + 32) >> 6, -128, 127)  # half_up
    assert np.array_equal(tr["o"], o) and np.array_equal(y, np.maximum(o, 0))
    assert tr["o"][0, 2] == 127  # (127*127 + 1000 + 32) >> 6 = 268 saturates
    with pytest.raises(SwmError, match="affine shift"):
        gc.affine_int(x, scale, np.array([0, 0, 1 << 20]), ap, cfg)
    with pytest.raises(SwmError, match="channels = 3"):
        gc.affine_int(x[:, :2], scale, shift, ap, cfg)


@pytest.mark.parametrize("H,W", [(4, 4), (7, 5), (28, 28)])
def test_maxpool_equals_torch(H, W):
    x = np.random.default_rng(H).integers(-1000, 1000, size=(2, H, W, 3))
    y = gc.maxpool_int(x, 2)
    ref = F.max_pool2d(torch.tensor(x).permute(0, 3, 1, 2).double(), 2).permute(0, 2, 3, 1).numpy()
    assert np.array_equal(y, ref.astype(np.int64))


def test_bad_geometry_and_shapes():
    with pytest.raises(SwmError, match="does not fit"):
        gc.ConvGeometry(3, 3, 5, 5, 1, 0)
    with pytest.raises(SwmError, match="stride"):
        gc.ConvGeometry(8, 8, 3, 3, 0, 1)
    cfg = DatapathConfig(K=4, max_q=8)
    g = gc.ConvGeometry(5, 5, 3, 3, 1, 1)
    lp = gc.ConvParams(1, 1, g, 8, 12, 10, 2, 0, "identity")
    with pytest.raises(SwmError, match="must end in"):
        gc.conv_int(np.zeros((1, 5, 6, 4), np.int64), np.zeros((1, 1, 3, 3, 2, 2), np.int64), np.zeros(4, np.int64), lp, cfg)
    with pytest.raises(SwmError, match="max_q"):
        gc.conv_int(np.zeros((1, 5, 5, 4), np.int64), np.zeros((1, 1, 3, 3, 2, 2), np.int64), np.zeros(4, np.int64), lp, cfg)
    assert math.isclose(gc.conv_out_size(28, 5, 1, 2), 28)


def test_worked_example_of_the_contract():
    """The numbers of docs/datapath.md "Convolution, affine and max-pool", worked example."""
    cfg = DatapathConfig(DW=8, WW=8, FW=10, AW=18)
    x = np.array([[10, -20, 30], [40, 50, -60], [70, -80, 90]]).reshape(1, 3, 3, 1)
    W = np.array([[[[1, 2], [3, 4]]], [[[-5, 6], [7, -8]]]])
    g = gc.ConvGeometry(3, 3, 2, 2, 1, 0)
    lp = gc.DenseConvParams(1, 2, g, 0, 0, acc_shift=1, out_shift=1, y_frac=0, act="identity")
    y, tr = gc.dense_conv_int(x, W, np.array([3, -4]), lp, cfg, trace=True)
    assert tr["acc"].reshape(-1).tolist() == [290, -290, -50, 1110, 30, 1230, 50, -1890]
    assert tr["z"].reshape(-1).tolist() == [145, -145, -25, 511, 15, 511, 25, -512]
    assert y.reshape(-1).tolist() == [74, -74, -11, 127, 9, 127, 14, -128]
    ap = gc.AffineParams(2, 0, 6, 6, 0, "relu")
    ya, ta = gc.affine_int(y, np.array([96, -48]), np.array([-64, 640]), ap, cfg, trace=True)
    assert ta["a"].reshape(-1).tolist() == [7040, 4192, -1120, -5456, 800, -5456, 1280, 6784]
    assert ya.reshape(-1).tolist() == [110, 66, 0, 0, 13, 0, 20, 106]
    assert gc.maxpool_int(ya).reshape(-1).tolist() == [110, 106]
