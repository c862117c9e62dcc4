"""Export of convolutional networks (the zoo's ``lenet`` and ``cifar_cnn``): walk, fold, quantize.

A model is walked into a list of stages in stream order (docs/datapath.md "Convolution, affine
and max-pool"):

* ``nn.Conv2d`` -> ``dense_conv``; a BatchNorm2d after it is folded into its weights and bias
  (a per-output-channel scale of a dense matrix is still a dense matrix);
* ``BlockCirculantConv2d`` -> ``bc_conv``; a BatchNorm2d after it -> an ``affine`` stage (a
  per-row scale is not circulant, so it cannot be folded into block-circulant weights);
* ``BlockCirculantLinear`` (block size > 1) -> ``bc_linear``; a BatchNorm1d after it -> ``affine``;
* ``nn.Linear`` or a block size 1 ``BlockCirculantLinear`` -> ``dense``; a BatchNorm1d is folded;
* ``ReLU`` -> the activation of the stage before it; ``MaxPool2d(2)`` -> ``maxpool``;
* ``FlattenHWC`` -> nothing (the stream is already in that order); ``nn.Flatten`` only where it
  is the same order (one channel, or one pixel).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import torch
from torch import nn

from swm import golden
from swm import golden_cnn as gc
from swm.errors import SwmError
from swm.fixed import DatapathConfig, choose_frac, quantize
from swm.layers import BlockCirculantConv2d, BlockCirculantLinear, FlattenHWC
from swm.limits import check_dense_acc_width, check_hw_block_size

CNN_TYPES = ("dense_conv", "bc_conv", "affine", "maxpool")
SUPPORTED_CNN = ("Conv2d, BlockCirculantConv2d, BatchNorm2d/1d, ReLU, MaxPool2d(2), FlattenHWC, "
                 "BlockCirculantLinear, Linear (the zoo's lenet, lenet5, cifar_cnn and cifar_small)")


@dataclasses.dataclass
class PoolParams:
    """Image size, channels and window of a max-pool stage (window = stride = size)."""

    in_h: int
    in_w: int
    channels: int
    x_frac: int
    size: int = 2

    @property
    def y_frac(self) -> int:
        """Pooling keeps the format of its input."""
        return self.x_frac

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON dict of the fields."""
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Op:
    """One stage of the walked model, before quantization (float weights, shapes in HWC)."""

    kind: str  # dense_conv | bc_conv | bc_linear | dense | affine | maxpool
    module: nn.Module | None
    in_shape: tuple[int, int, int]  # (H, W, C); vectors are (1, 1, features)
    out_shape: tuple[int, int, int]
    act: str = "identity"
    w: np.ndarray | None = None  # dense weights (after BatchNorm folding)
    b: np.ndarray | None = None
    scale: np.ndarray | None = None  # affine
    shift: np.ndarray | None = None


def is_cnn(model: nn.Module) -> bool:
    """True when the model has a layer only the CNN export handles (a convolution, BatchNorm, pooling, Linear)."""
    kinds = (nn.Conv2d, BlockCirculantConv2d, nn.BatchNorm1d, nn.BatchNorm2d, nn.MaxPool2d, nn.Linear, FlattenHWC)
    return any(isinstance(m, kinds) for m in model.modules())


def _bn_affine(bn: nn.Module) -> tuple[np.ndarray, np.ndarray]:
    """BatchNorm (eval mode) as y = x*scale + shift per channel."""
    var = bn.running_var.detach().double().numpy()
    mean = bn.running_mean.detach().double().numpy()
    gamma = bn.weight.detach().double().numpy() if bn.weight is not None else np.ones_like(var)
    beta = bn.bias.detach().double().numpy() if bn.bias is not None else np.zeros_like(var)
    scale = gamma / np.sqrt(var + bn.eps)
    return scale, beta - mean * scale


def walk(model: nn.Module, in_shape: tuple[int, ...]) -> list[Op]:
    """The model's stages in stream order; ``in_shape`` is one input's (C, H, W) or (features,)."""
    shape = (in_shape[1], in_shape[2], in_shape[0]) if len(in_shape) == 3 else (1, 1, int(np.prod(in_shape)))
    ops: list[Op] = []
    for name, m in model.named_modules():
        if list(m.children()):
            continue
        H, W, C = shape
        if isinstance(m, BlockCirculantConv2d) or isinstance(m, nn.Conv2d):
            if isinstance(m, nn.Conv2d) and (m.groups != 1 or m.dilation != (1, 1) or m.padding_mode != "zeros"):
                raise SwmError(f"layer {name}: Conv2d with groups, dilation or non-zero padding mode cannot be exported")
            if m.in_channels != C:
                raise SwmError(f"layer {name} takes {m.in_channels} channels but gets {C}: the model does not chain")
            g = gc.ConvGeometry(H, W, *m.kernel_size, stride=m.stride, pad=m.padding)
            out = (g.out_h, g.out_w, m.out_channels)
            if isinstance(m, BlockCirculantConv2d):
                ops.append(Op("bc_conv", m, shape, out))
            else:
                w = m.weight.detach().double().numpy()
                b = m.bias.detach().double().numpy() if m.bias is not None else np.zeros(m.out_channels)
                ops.append(Op("dense_conv", m, shape, out, w=w, b=b))
            shape = out
        elif isinstance(m, (BlockCirculantLinear, nn.Linear)):
            if H * W * C != m.in_features:
                raise SwmError(f"layer {name} takes {m.in_features} inputs but gets {H * W * C}: the model does not chain")
            out = (1, 1, m.out_features)
            if isinstance(m, BlockCirculantLinear) and m.block_size > 1:
                ops.append(Op("bc_linear", m, (1, 1, m.in_features), out))
            else:
                w = (m.to_dense() if isinstance(m, BlockCirculantLinear) else m.weight).detach().double().numpy()
                b = m.bias.detach().double().numpy() if m.bias is not None else np.zeros(m.out_features)
                ops.append(Op("dense", m, (1, 1, m.in_features), out, w=w, b=b))
            shape = out
        elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            if not ops or ops[-1].act != "identity" or ops[-1].kind in ("affine", "maxpool"):
                raise SwmError(f"layer {name}: a BatchNorm must follow a convolution or linear layer directly")
            if m.num_features != C:
                raise SwmError(f"layer {name} normalises {m.num_features} channels but gets {C}")
            scale, shift = _bn_affine(m)
            last = ops[-1]
            if last.kind in ("dense_conv", "dense"):  # fold: W' = W*scale[o], b' = b*scale + shift
                last.w = last.w * scale.reshape((-1,) + (1,) * (last.w.ndim - 1))
                last.b = last.b * scale + shift
            else:
                ops.append(Op("affine", m, shape, shape, scale=scale, shift=shift))
        elif isinstance(m, nn.ReLU):
            if not ops or ops[-1].act != "identity" or ops[-1].kind == "maxpool":
                raise SwmError(f"layer {name}: a ReLU must follow a convolution, linear layer or BatchNorm")
            ops[-1].act = "relu"
        elif isinstance(m, nn.MaxPool2d):
            k, s = m.kernel_size, m.stride
            if k not in (2, (2, 2)) or s not in (2, (2, 2)) or m.padding not in (0, (0, 0)) or m.ceil_mode \
                    or m.dilation not in (1, (1, 1)):
                raise SwmError(f"layer {name}: only MaxPool2d(2) (2x2 window, stride 2, no padding) can be exported")
            out = (H // 2, W // 2, C)
            ops.append(Op("maxpool", m, shape, out))
            shape = out
        elif isinstance(m, FlattenHWC) or (isinstance(m, nn.Flatten) and (C == 1 or H * W == 1)):
            shape = (1, 1, H * W * C)
        elif isinstance(m, nn.Flatten):
            raise SwmError(f"layer {name}: nn.Flatten of a {C}-channel {H}x{W} map is channel-major, not the "
                           "accelerator's stream order; build the model with swm.layers.FlattenHWC and retrain")
        elif isinstance(m, (nn.Identity, nn.Dropout)):
            continue
        else:
            raise SwmError(f"layer {name} ({type(m).__name__}) is not supported by the hardware export: "
                           f"export a model built from {SUPPORTED_CNN}")
    if not ops:
        raise SwmError(f"the model has no layer to export: export a model built from {SUPPORTED_CNN}")
    return ops


def check_cnn_hardware(ops: list[Op]) -> None:
    """Shapes the hardware stages take: block sizes the engine builds, channel counts that are whole blocks."""
    for i, op in enumerate(ops):
        if op.kind in ("bc_conv", "bc_linear"):
            k = op.module.block_size
            check_hw_block_size(k, f"layer {i} ({op.kind})")
            cin, cout = op.in_shape[2], op.out_shape[2]
            if op.kind == "bc_conv" and (cin % k or cout % k):
                raise SwmError(f"layer {i} (bc_conv) has {cin} -> {cout} channels, not multiples of its block size {k}: "
                               "the line buffer holds whole channel blocks; use channel counts divisible by k")


def _stream(x: np.ndarray) -> np.ndarray:
    """(N, C, H, W) or (N, features) -> (N, features) in stream order (HWC)."""
    return x.transpose(0, 2, 3, 1).reshape(len(x), -1) if x.ndim == 4 else x.reshape(len(x), -1)


def _quantize_dense_conv(i: int, op: Op, base: DatapathConfig, x: np.ndarray, x_frac: int):
    from swm.export import ExportLayer

    H, W, C = op.in_shape
    m = op.module
    g = gc.ConvGeometry(H, W, *m.kernel_size, stride=m.stride, pad=m.padding)
    n_in = g.kh * g.kw * C
    check_dense_acc_width(base.AW, base.WW, base.DW, n_in, f"layer {i} (dense_conv): DatapathConfig.AW")
    if not np.all(np.isfinite(op.w)):
        raise SwmError(f"layer {i}: weights contain NaN or infinity; fix the trained model")
    w_frac = choose_frac(float(np.abs(op.w).max()), base.WW)
    Wq = quantize(op.w, w_frac, base.WW)
    xs = x.reshape(-1, H, W, C)
    acc = gc._conv_f64(xs, Wq, g)
    acc_shift = golden.choose_acc_shift(int(np.abs(acc).max()) if acc.size else 0, base)
    E = x_frac + w_frac - acc_shift
    with torch.no_grad():
        yfl = torch.nn.functional.conv2d(torch.as_tensor(xs.transpose(0, 3, 1, 2) / 2.0 ** x_frac),
                                         torch.as_tensor(op.w), torch.as_tensor(op.b), stride=m.stride,
                                         padding=m.padding).numpy()
    out_shift, y_frac = golden.choose_out_shift(E, float(np.abs(yfl).max()), op.act, base)
    lp = gc.DenseConvParams(C, op.out_shape[2], g, x_frac, w_frac, acc_shift, out_shift, y_frac, op.act)
    return ExportLayer(i, H * W * C, int(np.prod(op.out_shape)), base, lp, Wq, quantize(op.b, E, base.FW),
                       type="dense_conv")


def _quantize_bc_conv(i: int, op: Op, base: DatapathConfig, x: np.ndarray, x_frac: int):
    from swm.export import ExportLayer

    H, W, C = op.in_shape
    m = op.module
    k = m.block_size
    g = gc.ConvGeometry(H, W, *m.kernel_size, stride=m.stride, pad=m.padding)
    p, q = op.out_shape[2] // k, C // k
    cfg = dataclasses.replace(base, K=k, max_q=max(base.max_q, g.kh * g.kw * q)).validate()
    Wp, w_frac = gc.pack_conv_weights(m.weight.detach().double().numpy(), cfg)
    b = m.bias.detach().double().numpy() if m.bias is not None else np.zeros(op.out_shape[2])
    xs = x.reshape(-1, H, W, C)
    probe = gc.ConvParams(p, q, g, x_frac, w_frac, 0, 0, 0, "identity")
    _, tr = gc.conv_int(xs, Wp, np.zeros(p * k, np.int64), probe, cfg, trace=True)
    acc_shift = golden.choose_acc_shift(int(np.abs(tr["acc"]).max()), cfg)
    E = golden.output_exponent(x_frac, w_frac, acc_shift, cfg)
    with torch.no_grad():
        yfl = m(torch.as_tensor(xs.transpose(0, 3, 1, 2) / 2.0 ** x_frac, dtype=torch.float32)).double().numpy()
    out_shift, y_frac = golden.choose_out_shift(E, float(np.abs(yfl).max()), op.act, cfg)
    lp = gc.ConvParams(p, q, g, x_frac, w_frac, acc_shift, out_shift, y_frac, op.act)
    return ExportLayer(i, H * W * C, int(np.prod(op.out_shape)), cfg, lp, Wp, quantize(b, E, cfg.FW), type="bc_conv")


def _quantize_affine(i: int, op: Op, base: DatapathConfig, x: np.ndarray, x_frac: int):
    from swm.export import ExportLayer

    C = op.in_shape[2]
    s_frac = choose_frac(float(np.abs(op.scale).max()), base.WW)
    scale = quantize(op.scale, s_frac, base.WW)
    shift = quantize(op.shift, x_frac + s_frac, gc.affine_shift_width(base))
    yfl = (x.reshape(-1, C) / 2.0 ** x_frac) * op.scale + op.shift
    out_shift, y_frac = golden.choose_out_shift(x_frac + s_frac, float(np.abs(yfl).max()), op.act, base)
    ap = gc.AffineParams(C, x_frac, s_frac, out_shift, y_frac, op.act)
    n = int(np.prod(op.in_shape))
    return ExportLayer(i, n, n, base, ap, scale, shift, type="affine")


def quantize_cnn(model: nn.Module, base: DatapathConfig, calib: np.ndarray) -> tuple[int, list]:
    """Formats and shifts of every stage from a float calibration batch (N, C, H, W); (input x_frac, layers)."""
    from swm.export import ExportLayer, _pad, _quantize_bc_linear, _quantize_dense_matrix

    ops = walk(model, tuple(calib.shape[1:]))
    check_cnn_hardware(ops)
    xf = _stream(calib.astype(np.float64))
    x_frac = base.act_frac if base.act_frac is not None else choose_frac(float(np.abs(xf).max()), base.DW)
    x_int = quantize(xf, x_frac, base.DW)
    first = x_frac
    layers: list[ExportLayer] = []
    for i, op in enumerate(ops):
        if op.kind == "dense_conv":
            L = _quantize_dense_conv(i, op, base, x_int, x_frac)
        elif op.kind == "bc_conv":
            L = _quantize_bc_conv(i, op, base, x_int, x_frac)
        elif op.kind == "affine":
            L = _quantize_affine(i, op, base, x_int, x_frac)
        elif op.kind == "maxpool":
            H, W, C = op.in_shape
            L = ExportLayer(i, H * W * C, int(np.prod(op.out_shape)), base, PoolParams(H, W, C, x_frac, 2),
                            np.zeros(0, np.int64), np.zeros(0, np.int64), type="maxpool")
        elif op.kind == "bc_linear":
            L = _quantize_bc_linear(i, op.module, op.act, base, x_int, x_frac)
        else:
            L = _quantize_dense_matrix(i, op.w, op.b, op.act, base, x_int, x_frac)
        y = L.run(_pad(x_int, L.in_samples))
        layers.append(L)
        x_int = y[:, : L.out_features]
        x_frac = L.lp.y_frac
    return first, layers


# ----------------------------------------------------------------------------------------------
# network.json entries and memory images of the convolutional stage types
# ----------------------------------------------------------------------------------------------
def write_cnn_layer(tmp, L, lanes: int, rows: int, run) -> dict:
    """A convolutional-network stage's images and its network.json entry."""
    from swm.export import dense_image_lanes, layer_rows
    from swm.memimg import write_hex

    made = f"made by `swm export --run {run}`"
    entry = {"index": L.index, "type": L.type, "in_features": L.in_features, "out_features": L.out_features,
             **L.lp.to_dict(), "datapath": L.cfg.to_dict()}
    wname, bname = f"layer{L.index}_weights.hex", f"layer{L.index}_bias.hex"
    if L.type == "dense_conv":
        dl = dense_image_lanes(lanes, L.lp.c_out)
        words = golden.dense_weight_words(gc.dense_conv_matrix(L.Wp), dl, L.cfg.WW)
        write_hex(tmp / wname, words, dl * L.cfg.WW, f"layer {L.index} dense conv weights "
                  f"{L.lp.c_out}x({L.lp.geom.kh}x{L.lp.geom.kw}x{L.lp.c_in}), tap-major, lanes={dl}; {made}")
        write_hex(tmp / bname, golden.bias_words(L.bias, L.cfg.FW), L.cfg.FW, f"layer {L.index} bias; {made}")
        entry["weights"] = {"file": wname, "words": len(words), "width": dl * L.cfg.WW, "lanes": dl}
        entry["bias"] = {"file": bname, "words": L.lp.c_out, "width": L.cfg.FW}
    elif L.type == "bc_conv":
        lr = layer_rows(rows, L.lp.p)
        words = golden.weight_words(gc.bc_conv_matrix(L.Wp), lanes, L.cfg.WW, lr)
        write_hex(tmp / wname, words, lr * lanes * 2 * L.cfg.WW, f"layer {L.index} FFT-domain conv weights, "
                  f"{L.lp.p}x({L.lp.geom.kh}x{L.lp.geom.kw}x{L.lp.q}) blocks (tap-major), K={L.cfg.K}, lanes={lanes}, "
                  f"rows={lr}; {made}")
        write_hex(tmp / bname, golden.bias_words(L.bias, L.cfg.FW), L.cfg.FW, f"layer {L.index} bias; {made}")
        entry["weights"] = {"file": wname, "words": len(words), "width": lr * lanes * 2 * L.cfg.WW, "lanes": lanes,
                            "rows": lr}
        entry["bias"] = {"file": bname, "words": L.lp.p * L.cfg.K, "width": L.cfg.FW}
    elif L.type == "affine":
        sw = gc.affine_shift_width(L.cfg)
        write_hex(tmp / f"layer{L.index}_scale.hex", golden.bias_words(L.Wp, L.cfg.WW), L.cfg.WW,
                  f"layer {L.index} per-channel scale, {L.lp.s_frac} fraction bits; {made}")
        write_hex(tmp / f"layer{L.index}_shift.hex", golden.bias_words(L.bias, sw), sw,
                  f"layer {L.index} per-channel shift at scale 2^{L.lp.x_frac + L.lp.s_frac}; {made}")
        entry["scale"] = {"file": f"layer{L.index}_scale.hex", "words": L.lp.channels, "width": L.cfg.WW}
        entry["shift"] = {"file": f"layer{L.index}_shift.hex", "words": L.lp.channels, "width": sw}
    return entry


def _geom(d: dict) -> gc.ConvGeometry:
    g = d["geom"]
    return gc.ConvGeometry(g["in_h"], g["in_w"], g["kh"], g["kw"], tuple(g["stride"]), tuple(g["pad"]))


def _words(export, d: dict, key: str, width: int, want: int, i: int) -> list[int]:
    from swm.memimg import read_hex

    words = read_hex(export / d[key]["file"], width)
    if len(words) != want:
        raise SwmError(f"{d[key]['file']} holds {len(words)} words but layer {i} ({d['type']}) needs {want}: "
                       "the export is inconsistent, re-run `swm export`")
    return words


def load_cnn_layer(export, i: int, d: dict):
    """One convolutional-network entry of network.json and its images -> ExportLayer."""
    from swm.export import ExportLayer, unpack_weight_words
    from swm.memimg import to_signed

    cfg = DatapathConfig.from_dict(d["datapath"]).validate(bc_acc=d["type"] == "bc_conv")
    t = d["type"]
    fields = lambda cls: {f.name: d[f.name] for f in dataclasses.fields(cls) if f.name != "geom"}  # noqa: E731
    if t == "maxpool":
        return ExportLayer(i, d["in_features"], d["out_features"], cfg, PoolParams(**fields(PoolParams)),
                           np.zeros(0, np.int64), np.zeros(0, np.int64), type=t)
    if t == "affine":
        lp = gc.AffineParams(**fields(gc.AffineParams))
        scale = to_signed(np.array(_words(export, d, "scale", cfg.WW, lp.channels, i), np.int64), cfg.WW)
        sw = gc.affine_shift_width(cfg)
        shift = to_signed(np.array(_words(export, d, "shift", sw, lp.channels, i), np.int64), sw)
        return ExportLayer(i, d["in_features"], d["out_features"], cfg, lp, scale, shift, type=t)
    g = _geom(d)
    if t == "dense_conv":
        lp = gc.DenseConvParams(geom=g, **fields(gc.DenseConvParams))
        dl = d["weights"]["lanes"]
        n_in = g.kh * g.kw * lp.c_in
        words = _words(export, d, "weights", dl * cfg.WW, -(-lp.c_out // dl) * n_in, i)
        W2 = golden.unpack_dense_weight_words(words, lp.c_out, n_in, dl, cfg.WW)
        W = W2.reshape(lp.c_out, g.kh, g.kw, lp.c_in).transpose(0, 3, 1, 2)
        bias = to_signed(np.array(_words(export, d, "bias", cfg.FW, lp.c_out, i), np.int64), cfg.FW)
    else:  # bc_conv
        lp = gc.ConvParams(geom=g, **fields(gc.ConvParams))
        lanes, rows = d["weights"]["lanes"], d["weights"]["rows"]
        cols = g.kh * g.kw * lp.q
        words = _words(export, d, "weights", rows * lanes * 2 * cfg.WW, -(-lp.p // rows) * cols * cfg.S // lanes, i)
        Wt = unpack_weight_words(words, lp.p, cols, lanes, cfg, rows)
        W = np.ascontiguousarray(Wt.reshape(lp.p, g.kh, g.kw, lp.q, cfg.S, 2).transpose(0, 3, 1, 2, 4, 5))
        bias = to_signed(np.array(_words(export, d, "bias", cfg.FW, lp.p * cfg.K, i), np.int64), cfg.FW)
    return ExportLayer(i, d["in_features"], d["out_features"], cfg, lp, W, bias, type=t)
