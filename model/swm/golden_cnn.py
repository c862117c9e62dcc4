"""Bit-accurate golden model of the convolutional stages (docs/datapath.md "Convolution, affine, max-pool").

Feature maps are ``(..., H, W, C)`` int64 arrays: pixels in raster order, channels innermost,
the order in which the stages stream them. Every function here is vectorised over the leading
batch dimensions and processes them in chunks so that the whole MNIST test set fits in memory.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from swm.errors import SwmError
from swm.fixed import DatapathConfig, _as_int64, round_shift, saturate
from swm.golden import (DenseParams, _check_range, _exact_in_float, activation_int, check_act_shifts, check_dense,
                        dense_int, dense_output, fft_int, ifft_int, mac_int)

# elements of the largest intermediate array one chunk may hold (about 160 MB of int64)
_CHUNK_ELEMS = 20_000_000


def _pair(v: Any, what: str) -> tuple[int, int]:
    if isinstance(v, (tuple, list)):
        if len(v) != 2:
            raise SwmError(f"{what} = {v!r} must be an integer or a pair (h, w)")
        return int(v[0]), int(v[1])
    return int(v), int(v)


def conv_out_size(n: int, k: int, stride: int, pad: int) -> int:
    """Output length of a convolution (PyTorch's floor rule): (n + 2*pad - k) // stride + 1."""
    return (int(n) + 2 * int(pad) - int(k)) // int(stride) + 1


@dataclass
class ConvGeometry:
    """Image size, kernel, stride and zero padding of a convolution (PyTorch's Conv2d semantics)."""

    in_h: int
    in_w: int
    kh: int
    kw: int
    stride: tuple[int, int] = (1, 1)
    pad: tuple[int, int] = (0, 0)

    def __post_init__(self) -> None:
        self.stride = _pair(self.stride, "stride")
        self.pad = _pair(self.pad, "padding")
        for name in ("in_h", "in_w", "kh", "kw"):
            if int(getattr(self, name)) < 1:
                raise SwmError(f"convolution {name} = {getattr(self, name)} must be >= 1")
        if min(self.stride) < 1 or min(self.pad) < 0:
            raise SwmError(f"convolution stride {self.stride} must be >= 1 and padding {self.pad} >= 0")
        if self.out_h < 1 or self.out_w < 1:
            raise SwmError(f"a {self.kh}x{self.kw} kernel with padding {self.pad} does not fit a "
                           f"{self.in_h}x{self.in_w} image; use a smaller kernel or more padding")

    @property
    def out_h(self) -> int:
        return conv_out_size(self.in_h, self.kh, self.stride[0], self.pad[0])

    @property
    def out_w(self) -> int:
        return conv_out_size(self.in_w, self.kw, self.stride[1], self.pad[1])

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON dict of the fields."""
        d = asdict(self)
        d["stride"], d["pad"] = list(self.stride), list(self.pad)
        return d


def patches(x: Any, g: ConvGeometry, tail: int = 1) -> np.ndarray:
    """Receptive field of every output pixel: x (..., H, W, *T) -> (..., OH, OW, kh, kw, *T).

    ``T`` is the ``tail`` trailing axes of a pixel (its channels, or the slots of its channel
    blocks' spectra). Pixels outside the image (zero padding) are zeros. A strided view, not a copy.
    """
    a = np.asarray(x)
    hax = a.ndim - int(tail) - 2
    if hax < 0 or a.shape[hax:hax + 2] != (g.in_h, g.in_w):
        raise SwmError(f"feature map shape {a.shape} does not hold a {g.in_h}x{g.in_w} image followed by "
                       f"{tail} pixel axes; give (..., H, W, C) in raster order, channels innermost")
    pad = [(0, 0)] * a.ndim
    pad[hax], pad[hax + 1] = (g.pad[0], g.pad[0]), (g.pad[1], g.pad[1])
    v = np.lib.stride_tricks.sliding_window_view(np.pad(a, pad), (g.kh, g.kw), axis=(hax, hax + 1))
    v = v[(slice(None),) * hax + (slice(None, None, g.stride[0]), slice(None, None, g.stride[1]))]
    return np.moveaxis(v, (-2, -1), (hax + 2, hax + 3))


def _conv_f64(x: np.ndarray, w: np.ndarray, g: ConvGeometry, groups: int = 1) -> np.ndarray:
    """Integer convolution x (n, H, W, Cin) * w (Cout, Cin/groups, kh, kw) -> (n, OH, OW, Cout) int64,
    computed as a float64 convolution (PyTorch's direct im2col + matrix product; no Winograd or
    FFT for float64): exact when the caller has checked that every partial sum stays below 2^53."""
    import torch
    import torch.nn.functional as F

    xt = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2), dtype=np.float64))
    wt = torch.from_numpy(np.ascontiguousarray(w, dtype=np.float64))
    with torch.no_grad():
        y = F.conv2d(xt, wt, stride=g.stride, padding=g.pad, groups=groups)
    return y.numpy().transpose(0, 2, 3, 1).astype(np.int64)


def _freq_mac_conv(X: np.ndarray, W: np.ndarray, g: ConvGeometry) -> np.ndarray:
    """Step 2 of the convolution: spectra X (n, H, W, q, S, 2), weights (p, q, kh, kw, S, 2) ->
    exact accumulators (n, OH, OW, p, S, 2): one grouped float64 convolution, a group per slot
    (slot m >= 1: the complex product as the 2x2 real block [[Wr, -Wi], [Wi, Wr]]; slot 0: two
    real products, [[W0r, 0], [0, W0i]])."""
    n, H, Wd, q, S, _ = X.shape
    p, kh, kw = W.shape[0], W.shape[2], W.shape[3]
    xin = X.transpose(0, 1, 2, 4, 5, 3).reshape(n, H, Wd, S * 2 * q)  # channel (m, re/im, j)
    Wr = W[..., 0].transpose(4, 0, 1, 2, 3)  # (S, p, q, kh, kw)
    Wi = W[..., 1].transpose(4, 0, 1, 2, 3)
    blk = np.zeros((S, 2, p, 2, q, kh, kw), dtype=np.int64)  # (m, out re/im, i, in re/im, j, u, v)
    blk[:, 0, :, 0], blk[:, 0, :, 1] = Wr, -Wi
    blk[:, 1, :, 0], blk[:, 1, :, 1] = Wi, Wr
    blk[0, 0, :, 1] = 0  # slot 0: (Re X0 * Re W0, Re XS * Re WS)
    blk[0, 1, :, 0] = 0
    blk[0, 1, :, 1] = Wi[0]
    acc = _conv_f64(xin, blk.reshape(S * 2 * p, 2 * q, kh, kw), g, groups=S)  # (n, OH, OW, S*2*p)
    return acc.reshape(n, g.out_h, g.out_w, S, 2, p).transpose(0, 1, 2, 5, 3, 4)


def _chunks(n: int, per_item: int):
    """Slices of range(n) holding at most _CHUNK_ELEMS / per_item items each (at least one)."""
    step = max(1, _CHUNK_ELEMS // max(int(per_item), 1))
    for i in range(0, n, step):
        yield slice(i, min(n, i + step))


# ---------------------------------------------------------------------------------------------
# Block-circulant convolution (CirCNN): one FFT per input pixel and channel block, MACs over
# taps and input blocks in the frequency domain, one IFFT per output pixel and block
# ---------------------------------------------------------------------------------------------
@dataclass
class ConvParams:
    """Blocks, geometry, exponents and activation of a block-circulant convolution."""

    p: int
    q: int
    geom: ConvGeometry
    x_frac: int
    w_frac: int
    acc_shift: int
    out_shift: int
    y_frac: int
    act: str

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON dict of the fields."""
        d = asdict(self)
        d["geom"] = self.geom.to_dict()
        return d


def pack_conv_weights(w: Any, cfg: DatapathConfig) -> tuple[np.ndarray, int]:
    """Float circulant vectors w (p, q, kh, kw, K) (swm.layers.BlockCirculantConv2d.weight) ->
    (Wp int64 (p, q, kh, kw, S, 2), w_frac): every tap's blocks packed as by swm.golden.pack_weights,
    one w_frac for the whole layer."""
    from swm.golden import pack_weights

    wa = np.asarray(w, dtype=np.float64)
    if wa.ndim != 5 or wa.shape[-1] != cfg.K:
        raise SwmError(f"pack_conv_weights: weight shape {wa.shape} must be (p, q, kh, kw, K={cfg.K})")
    p, q, kh, kw, K = wa.shape
    Wp, w_frac = pack_weights(wa.transpose(0, 2, 3, 1, 4).reshape(p, kh * kw * q, K), cfg)
    return Wp.reshape(p, kh, kw, q, cfg.S, 2).transpose(0, 3, 1, 2, 4, 5).copy(), w_frac


def bc_conv_matrix(Wp: Any) -> np.ndarray:
    """Packed conv spectra (p, q, kh, kw, S, 2) -> the (p, kh*kw*q, S, 2) block grid summed per
    output block: block column (u*kw + v)*q + j (tap major, input block minor), also the order of
    the exported weight image."""
    W = np.asarray(Wp)
    p, q, kh, kw, S, _ = W.shape
    return np.ascontiguousarray(W.transpose(0, 2, 3, 1, 4, 5).reshape(p, kh * kw * q, S, 2))


def conv_int(x: Any, Wp: Any, bias: Any, lp: ConvParams, cfg: DatapathConfig, trace: bool = False):
    """Block-circulant convolution, steps 1-4: x (..., H, W, q*K) DW-bit -> y (..., OH, OW, p*K) DW-bit.

    ``Wp`` (p, q, kh, kw, S, 2) WW-bit packed spectra (``pack_conv_weights``); ``bias`` (p*K,)
    FW-bit at the IFFT output scale. X = FFT of every input pixel's q channel blocks (zero
    spectra outside the image); acc[oh, ow, i] = sum over taps (u, v) and blocks j of
    Wp[i, j, u, v] * X[oh*sh + u - ph, ow*sw + v - pw, j] (exact); then steps 3 and 4 of the
    block-circulant layer. With ``trace=True`` returns ``(y, dict(X, acc, Y, z, o))``.
    """
    K, S = cfg.K, cfg.S
    g = lp.geom
    p, q, kh, kw = int(lp.p), int(lp.q), g.kh, g.kw
    xa = _as_int64(x, "conv input")
    if xa.ndim < 3 or xa.shape[-3:] != (g.in_h, g.in_w, q * K):
        raise SwmError(f"conv_int: input shape {xa.shape} must end in (H, W, q*K) = ({g.in_h}, {g.in_w}, {q * K}); "
                       "pad the channels to q*K")
    W = _as_int64(Wp, "conv weights")
    if W.shape != (p, q, kh, kw, S, 2):
        raise SwmError(f"conv_int: weight shape {W.shape} must be (p, q, kh, kw, S, 2) = ({p}, {q}, {kh}, {kw}, {S}, 2)")
    b = _as_int64(bias, "conv bias")
    if b.shape != (p * K,):
        raise SwmError(f"conv_int: bias shape {b.shape} must be (p*K,) = ({p * K},)")
    _check_range(b, cfg.FW, "conv bias")
    check_act_shifts(lp, "ConvParams")
    terms = kh * kw * q
    if terms > cfg.max_q:
        raise SwmError(f"conv_int: kh*kw*q = {terms} products per accumulator exceed DatapathConfig.max_q = "
                       f"{cfg.max_q}; raise max_q (and AW)")
    _check_range(xa, cfg.DW, "conv input")
    lead = xa.shape[:-3]
    xf = xa.reshape((-1, g.in_h, g.in_w, q * K))
    OH, OW = g.out_h, g.out_w
    out = {k: [] for k in ("y", "X", "acc", "Y", "z", "o")}
    per_image = OH * OW * terms * S * 2 + g.in_h * g.in_w * q * K * 4
    for sl in _chunks(xf.shape[0], per_image):
        X = fft_int(xf[sl].reshape(-1, g.in_h, g.in_w, q, K), cfg)  # (n, H, W, q, S, 2)
        if _exact_in_float(cfg.WW + cfg.FW - 2, 2 * terms):
            acc = _freq_mac_conv(X, W, g)  # (n, OH, OW, p, S, 2)
        else:
            acc = mac_int(bc_conv_matrix(W), patches(X, g, tail=3).reshape(-1, OH, OW, terms, S, 2), cfg)
        Y = saturate(round_shift(acc, lp.acc_shift, cfg.rounding), cfg.FW)
        z = ifft_int(Y, cfg).reshape(-1, OH, OW, p * K)
        o = saturate(round_shift(z + b, lp.out_shift, cfg.rounding), cfg.DW)
        out["y"].append(activation_int(o, lp.act, lp.y_frac, cfg))
        if trace:
            for k, v in (("X", X), ("acc", acc), ("Y", Y), ("z", z), ("o", o)):
                out[k].append(v)
    y = np.concatenate(out["y"]).reshape(lead + (OH, OW, p * K))
    if not trace:
        return y
    shapes = {"X": (g.in_h, g.in_w, q, S, 2), "acc": (OH, OW, p, S, 2), "Y": (OH, OW, p, S, 2),
              "z": (OH, OW, p * K), "o": (OH, OW, p * K)}
    return y, {k: np.concatenate(out[k]).reshape(lead + shapes[k]) for k in shapes}


# ---------------------------------------------------------------------------------------------
# Dense convolution (first layers with few input channels): the dense layer on every receptive field
# ---------------------------------------------------------------------------------------------
@dataclass
class DenseConvParams:
    """Channels, geometry, exponents and activation of a dense convolution."""

    c_in: int
    c_out: int
    geom: ConvGeometry
    x_frac: int
    w_frac: int
    acc_shift: int
    out_shift: int
    y_frac: int
    act: str

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON dict of the fields."""
        d = asdict(self)
        d["geom"] = self.geom.to_dict()
        return d

    def dense(self) -> DenseParams:
        """The dense layer applied to one receptive field (n_in = kh*kw*c_in, tap-major, channel-minor)."""
        g = self.geom
        return DenseParams(n_in=g.kh * g.kw * self.c_in, n_out=self.c_out, x_frac=self.x_frac, w_frac=self.w_frac,
                           acc_shift=self.acc_shift, out_shift=self.out_shift, y_frac=self.y_frac, act=self.act)


def dense_conv_matrix(W: Any) -> np.ndarray:
    """Conv weights (c_out, c_in, kh, kw) (PyTorch order) -> the (c_out, kh*kw*c_in) matrix applied to
    a receptive field in stream order (tap (u, v) major, input channel minor)."""
    Wa = _as_int64(W, "dense conv weights")
    if Wa.ndim != 4:
        raise SwmError(f"dense conv weight shape {Wa.shape} must be (c_out, c_in, kh, kw)")
    c_out, c_in, kh, kw = Wa.shape
    return Wa.transpose(0, 2, 3, 1).reshape(c_out, kh * kw * c_in)


def dense_conv_int(x: Any, W: Any, bias: Any, lp: DenseConvParams, cfg: DatapathConfig, trace: bool = False):
    """Dense convolution: x (..., H, W, c_in) DW-bit, W (c_out, c_in, kh, kw) WW-bit, bias (c_out,)
    FW-bit -> y (..., OH, OW, c_out) DW-bit; every output pixel is ``dense_int`` of its receptive
    field (zeros outside the image). With ``trace=True`` returns ``(y, dict(acc, z, o))``."""
    g = lp.geom
    xa = _as_int64(x, "dense conv input")
    if xa.ndim < 3 or xa.shape[-3:] != (g.in_h, g.in_w, lp.c_in):
        raise SwmError(f"dense_conv_int: input shape {xa.shape} must end in (H, W, c_in) = "
                       f"({g.in_h}, {g.in_w}, {lp.c_in})")
    W2 = dense_conv_matrix(W)
    if W2.shape != (lp.c_out, g.kh * g.kw * lp.c_in):
        raise SwmError(f"dense_conv_int: weight shape {np.shape(W)} must be (c_out, c_in, kh, kw) = "
                       f"({lp.c_out}, {lp.c_in}, {g.kh}, {g.kw})")
    lead = xa.shape[:-3]
    xf = xa.reshape((-1, g.in_h, g.in_w, lp.c_in))
    OH, OW, dp = g.out_h, g.out_w, lp.dense()
    ys, tr = [], {"acc": [], "z": [], "o": []}
    fast = _exact_in_float(cfg.WW + cfg.DW - 2, dp.n_in)
    for sl in _chunks(xf.shape[0], OH * OW * ((1 if fast else dp.n_in) + 4 * lp.c_out)):
        if fast:  # the products summed by a float64 convolution (exact), the rest as dense_int
            _, b = check_dense(W2, bias, dp, cfg)
            _check_range(xf[sl], cfg.DW, "dense conv input")
            r = dense_output(_conv_f64(xf[sl], _as_int64(W, "dense conv weights"), g), b, dp, cfg, trace)
        else:
            P = patches(xf[sl], g, tail=1).reshape(-1, OH, OW, dp.n_in)
            r = dense_int(P, W2, bias, dp, cfg, trace=trace)
        if trace:
            ys.append(r[0])
            for k in tr:
                tr[k].append(r[1][k])
        else:
            ys.append(r)
    y = np.concatenate(ys).reshape(lead + (OH, OW, lp.c_out))
    if not trace:
        return y
    return y, {k: np.concatenate(v).reshape(lead + (OH, OW, lp.c_out)) for k, v in tr.items()}


# ---------------------------------------------------------------------------------------------
# Per-channel affine (folded BatchNorm) and max-pool
# ---------------------------------------------------------------------------------------------
@dataclass
class AffineParams:
    """Channels, exponents and activation of a per-channel affine stage y = act(x*scale[c] + shift[c])."""

    channels: int
    x_frac: int
    s_frac: int
    out_shift: int
    y_frac: int
    act: str

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON dict of the fields."""
        return asdict(self)


def affine_shift_width(cfg: DatapathConfig) -> int:
    """Width of the stored shift: the product x*scale's, DW + WW bits."""
    return cfg.DW + cfg.WW


def affine_int(x: Any, scale: Any, shift: Any, ap: AffineParams, cfg: DatapathConfig, trace: bool = False):
    """Per-channel affine: x (..., C) DW-bit, scale (C,) WW-bit, shift (C,) (DW+WW)-bit -> y (..., C) DW-bit.

    a = x*scale[c] + shift[c] (exact, DW+WW+1 bits); o = sat(rnd(a, out_shift), DW); y = act(o)
    with F = y_frac. With ``trace=True`` returns ``(y, dict(a, o))``.
    """
    C = int(ap.channels)
    xa = _as_int64(x, "affine input")
    if C < 1 or xa.ndim < 1 or xa.shape[-1] != C:
        raise SwmError(f"affine_int: input shape {xa.shape} must end in channels = {C}")
    sc, sh = _as_int64(scale, "affine scale"), _as_int64(shift, "affine shift")
    if sc.shape != (C,) or sh.shape != (C,):
        raise SwmError(f"affine_int: scale {sc.shape} and shift {sh.shape} must both be (channels,) = ({C},)")
    _check_range(xa, cfg.DW, "affine input")
    _check_range(sc, cfg.WW, "affine scale")
    _check_range(sh, affine_shift_width(cfg), "affine shift")
    check_act_shifts(ap, "AffineParams")
    a = xa * sc + sh
    o = saturate(round_shift(a, ap.out_shift, cfg.rounding), cfg.DW)
    y = activation_int(o, ap.act, ap.y_frac, cfg)
    return (y, dict(a=a, o=o)) if trace else y


def maxpool_int(x: Any, size: int = 2) -> np.ndarray:
    """Max-pool: x (..., H, W, C) -> (..., H // size, W // size, C), window size x size, stride size;
    a last row or column that does not fill a window is dropped (PyTorch's MaxPool2d default)."""
    xa = _as_int64(x, "max-pool input")
    k = int(size)
    if k < 1:
        raise SwmError(f"max-pool size = {k} must be >= 1")
    if xa.ndim < 3 or xa.shape[-3] < k or xa.shape[-2] < k:
        raise SwmError(f"maxpool_int: input shape {xa.shape} must end in (H, W, C) with H, W >= {k}")
    H, W, C = xa.shape[-3:]
    oh, ow = H // k, W // k
    v = xa[..., : oh * k, : ow * k, :].reshape(xa.shape[:-3] + (oh, k, ow, k, C))
    return v.max(axis=(-4, -2))
