"""Quantize a trained run and export it for the RTL; run exported integer networks (golden model).

``export_run`` writes, atomically (temp dir, then rename):

* ``network.json`` — format version, datapath config, source run, float accuracy, input format,
  and the layers in order (type, shapes, block size, formats, shifts, activation, image files);
* ``layerN_weights.hex`` — FFT-domain weights in the RTL weight-memory layout
  (``swm.golden.weight_words``: ``rows x lanes`` slots per word, ``rows`` = ROWS clamped to the
  layer's p, see :func:`layer_rows`), ``$readmemh`` format; for a dense layer
  (``"type": "dense"``, a block size 1 layer) the weight matrix in the ``swm_dense_fc`` layout
  (``swm.golden.dense_weight_words``, ``min(lanes, out_features)`` weights per word);
* ``layerN_bias.hex`` — bias at the IFFT-output scale (``swm.golden.bias_words``), for a dense
  layer at the scale of its rounded sum;
* ``vectors/`` — a few test inputs with the expected integer output of every layer
  (``vectors.json`` plus ``inputN.hex`` / ``layerN_outM.hex``).

``eval_export`` reads only those files (never the checkpoint) and runs the whole integer network
on a dataset split with ``swm.golden.layer_int`` (``dense_int`` for dense layers), vectorised
over the batch.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from swm import data as swm_data
from swm import golden
from swm import golden_cnn as gc
from swm import golden_lstm
from swm.errors import SwmError
from swm.fixed import DatapathConfig, choose_frac, quantize
from swm.layers import BlockCirculantLinear
from swm.limits import check_dense_acc_width, check_hw_block_size, check_hw_lanes, check_hw_rows
from swm.memimg import atomic_dir, atomic_write_text, read_hex, to_signed, to_unsigned, unpack_lanes, write_hex
# the CNN stage types (swm.export_cnn imports this module only inside its functions)
from swm.export_cnn import _stream, is_cnn, load_cnn_layer, quantize_cnn, walk, write_cnn_layer
from swm.export_lstm import load_lstm_layer, lstm_parts, quantize_lstm, write_lstm_layer

FORMAT_VERSION = 1
SUPPORTED = ("Flatten, BlockCirculantLinear (block size 1: a dense layer), ReLU (an MLP such as the zoo's `mlp`, "
             "e.g. `--block-size 16,16,1` for a dense head)")
LAYER_TYPES = ("bc_linear", "dense", "dense_conv", "bc_conv", "affine", "maxpool", "lstm")  # network.json layer types
CALIBRATION_SAMPLES = 1024


@dataclasses.dataclass
class ExportLayer:
    """One layer ready for the integer model.

    ``type`` ``"bc_linear"``: ``lp`` is :class:`swm.golden.LayerParams`, ``Wp`` the packed FFT-domain
    weights (p, q, S, 2), ``bias`` (p*K,). ``type`` ``"dense"``: ``lp`` is
    :class:`swm.golden.DenseParams`, ``Wp`` the integer weight matrix (n_out, n_in), ``bias``
    (n_out,); of ``cfg`` only DW, WW, FW, AW and the rounding mode apply. ``type`` ``"lstm"``:
    ``lp`` is :class:`swm.golden_lstm.LstmParams`, ``Wp`` the merged gate weights, ``bias`` (4H,);
    its input is a sequence (N, T, n_x) with one length per sequence, its output the final ``h``.
    """

    index: int
    in_features: int
    out_features: int
    cfg: DatapathConfig
    lp: golden.LayerParams | golden.DenseParams
    Wp: np.ndarray
    bias: np.ndarray
    type: str = "bc_linear"

    @property
    def in_samples(self) -> int:
        """Samples per input vector of the layer's datapath: q*K (zero-padded input), n_in, or the
        feature map's H*W*C (convolutional stages take whole channel blocks, so no padding)."""
        if self.type == "bc_linear":
            return self.lp.q * self.cfg.K
        if self.type == "lstm":  # a sequence: up to max_len steps of n_x samples
            return self.lp.n_x * self.lp.max_len
        return self.lp.n_in if self.type == "dense" else self.in_features

    @property
    def out_samples(self) -> int:
        """Samples per output vector: p*K (the first out_features are the outputs), n_out or OH*OW*C."""
        if self.type == "bc_linear":
            return self.lp.p * self.cfg.K
        return self.lp.n_out if self.type == "dense" else self.out_features

    def run(self, x: np.ndarray, lengths: np.ndarray | None = None) -> np.ndarray:
        """The golden layer on x (..., in_samples) -> (..., out_samples); feature maps flattened HWC.
        An lstm stage takes sequences (N, T, n_x) (or (N, T*n_x)) and ``lengths`` (default: all T)."""
        if self.type == "lstm":
            xs = x.reshape(len(x), -1, self.lp.n_x)
            lens = np.full(len(xs), xs.shape[1]) if lengths is None else lengths
            return golden_lstm.lstm_int(xs, lens, self.Wp, self.bias, self.lp, self.cfg)
        if self.type == "dense":
            return golden.dense_int(x, self.Wp, self.bias, self.lp, self.cfg)
        if self.type == "bc_linear":
            return golden.layer_int(x, self.Wp, self.bias, self.lp, self.cfg)
        lead = x.shape[:-1]
        if self.type == "affine":
            y = gc.affine_int(x.reshape(lead + (-1, self.lp.channels)), self.Wp, self.bias, self.lp, self.cfg)
        elif self.type == "maxpool":
            lp = self.lp
            y = gc.maxpool_int(x.reshape(lead + (lp.in_h, lp.in_w, lp.channels)), lp.size)
        else:
            g = self.lp.geom
            xs = x.reshape(lead + (g.in_h, g.in_w, -1))
            fn = gc.conv_int if self.type == "bc_conv" else gc.dense_conv_int
            y = fn(xs, self.Wp, self.bias, self.lp, self.cfg)
        return y.reshape(lead + (-1,))


# ----------------------------------------------------------------------------------------------
# model -> list of (BlockCirculantLinear, activation)
# ----------------------------------------------------------------------------------------------
def _bc_of(module: nn.Module) -> BlockCirculantLinear | None:
    if isinstance(module, BlockCirculantLinear):
        return module
    inner = getattr(module, "inner", None)  # QAT wrapper
    return inner if isinstance(inner, BlockCirculantLinear) else None


def network_layers(model: nn.Module) -> list[tuple[BlockCirculantLinear, str]]:
    """Walk a sequential model into (layer, activation) pairs; unsupported layer types are an error."""
    leaves = [m for m in model.modules() if not list(m.children()) or _bc_of(m) is not None]
    # drop leaves that sit inside a QAT wrapper (the wrapper stands for them)
    wrapped = {id(m.inner) for m in model.modules() if _bc_of(m) is not None and hasattr(m, "inner")}
    leaves = [m for m in leaves if id(m) not in wrapped]
    layers: list[tuple[BlockCirculantLinear, str]] = []
    for m in leaves:
        bc = _bc_of(m)
        if bc is not None:
            layers.append((bc, "identity"))
        elif isinstance(m, nn.ReLU):
            if not layers or layers[-1][1] != "identity":
                raise SwmError("a ReLU that does not follow a block-circulant or dense layer cannot be exported: "
                               f"the hardware export supports {SUPPORTED}")
            layers[-1] = (layers[-1][0], "relu")
        elif isinstance(m, (nn.Flatten, nn.Identity, nn.Dropout)):
            continue
        else:
            raise SwmError(f"layer type {type(m).__name__} is not supported by the hardware export: "
                           f"export a model built from {SUPPORTED}")
    if not layers:
        raise SwmError(f"the model has no block-circulant layer to export: export a model built from {SUPPORTED}")
    return layers


def check_hardware_layers(model: nn.Module, lanes: int, rows: int = 1) -> None:
    """Fail before any calibration when a layer's block size, ``lanes`` or ``rows`` cannot be built by the RTL engine.

    Block size 1 layers are dense layers (``swm_dense_fc``): any shape, their images use
    ``min(lanes, out_features)`` weights per word (ROWS does not apply to them).
    """
    if lanes < 1:
        raise SwmError(f"--lanes {lanes} must be >= 1")
    check_hw_rows(rows)
    for i, (layer, _) in enumerate(network_layers(model)):
        if layer.block_size == 1:
            continue
        check_hw_block_size(layer.block_size, f"layer {i}")
        check_hw_lanes(lanes, layer.block_size)


def layer_rows(rows: int, p: int) -> int:
    """ROWS of the engine built for a layer of p block rows: ``rows`` clamped to p.

    The engine needs ROWS <= MAX_P (= p for a per-layer engine); ``swm export --rows`` gives one value
    for every layer, so a layer with fewer block rows (e.g. a 10-class output layer, p = 1) gets fewer.
    """
    return min(int(rows), int(p))


def dense_image_lanes(lanes: int, n_out: int) -> int:
    """Weights per word of a dense layer's exported image: the export's ``lanes``, at most n_out."""
    return max(1, min(int(lanes), int(n_out)))


# ----------------------------------------------------------------------------------------------
# quantization / calibration
# ----------------------------------------------------------------------------------------------
def _pad(x: np.ndarray, width: int) -> np.ndarray:
    return np.pad(x, [(0, 0)] * (x.ndim - 1) + [(0, width - x.shape[-1])])


def quantize_network(model: nn.Module, base: DatapathConfig, calib: np.ndarray) -> tuple[int, list[ExportLayer]]:
    """Choose every format and shift from a float calibration batch; returns (input x_frac, layers)."""
    pairs = network_layers(model)
    xf = calib.reshape(len(calib), -1).astype(np.float64)
    x_frac = base.act_frac if base.act_frac is not None else choose_frac(float(np.abs(xf).max()), base.DW)
    x_int = quantize(xf, x_frac, base.DW)
    first_frac = x_frac
    out: list[ExportLayer] = []
    for idx, (layer, act) in enumerate(pairs):
        k = layer.block_size
        if k == 1:
            L = _quantize_dense(idx, layer, act, base, x_int, x_frac)
            out.append(L)
            x_int, x_frac = L.run(x_int), L.lp.y_frac
            continue
        L = _quantize_bc_linear(idx, layer, act, base, x_int, x_frac)
        out.append(L)
        x_int, x_frac = L.run(_pad(x_int, L.in_samples))[:, : layer.out_features], L.lp.y_frac
    return first_frac, out


def _quantize_bc_linear(idx: int, layer: BlockCirculantLinear, act: str, base: DatapathConfig, x_int: np.ndarray,
                        x_frac: int) -> ExportLayer:
    """Formats and shifts of a block-circulant layer from the calibration batch (docs/datapath.md
    "Calibration rules"): w_frac from the packed spectra, acc_shift from the accumulators,
    y_frac / out_shift from the float layer output on the same (dequantized) inputs."""
    k = layer.block_size
    check_hw_block_size(k, f"layer {idx}")
    cfg = dataclasses.replace(base, K=k, max_q=max(base.max_q, layer.q)).validate()
    w = layer.weight.detach().double().numpy()
    b = (layer.bias.detach().double().numpy() if layer.bias is not None else np.zeros(layer.out_features))
    Wp, w_frac = golden.pack_weights(w, cfg)
    xin = _pad(x_int, layer.q * k)
    # accumulator range on the calibration batch -> acc_shift
    X = golden.fft_int(xin.reshape(len(xin), layer.q, k), cfg)
    acc = golden.mac_int(Wp, X, cfg)
    acc_shift = golden.choose_acc_shift(int(np.abs(acc).max()), cfg)
    E = golden.output_exponent(x_frac, w_frac, acc_shift, cfg)
    # float pre-activation range on the same (dequantized) inputs -> y_frac, out_shift
    with torch.no_grad():
        yfl = torch.nn.functional.linear(torch.as_tensor(xin[:, : layer.in_features] / 2.0 ** x_frac),
                                         layer.to_dense().double(), torch.as_tensor(b)).numpy()
    if base.act_frac is None:
        out_shift, y_frac = golden.choose_out_shift(E, float(np.abs(yfl).max()), act, cfg)
    else:  # a fixed Q-format for every activation
        y_frac, out_shift = base.act_frac, E - base.act_frac
        if out_shift < 0:
            raise SwmError(f"act_frac = {base.act_frac} needs more fraction bits than layer {idx} produces "
                           f"(its IFFT output has {E}): lower act_frac or raise WW/FW")
    bias_full = np.zeros(layer.p * k)
    bias_full[: layer.out_features] = b
    bias_int = quantize(bias_full, E, cfg.FW)
    lp = golden.LayerParams(p=layer.p, q=layer.q, x_frac=x_frac, w_frac=w_frac, acc_shift=acc_shift,
                            out_shift=out_shift, y_frac=y_frac, act=act)
    return ExportLayer(idx, layer.in_features, layer.out_features, cfg, lp, Wp, bias_int)


def _quantize_dense(idx: int, layer: BlockCirculantLinear, act: str, base: DatapathConfig, x_int: np.ndarray,
                    x_frac: int) -> ExportLayer:
    """A block size 1 BlockCirculantLinear as a dense layer (``_quantize_dense_matrix``)."""
    b = (layer.bias.detach().double().numpy() if layer.bias is not None else np.zeros(layer.out_features))
    return _quantize_dense_matrix(idx, layer.to_dense().detach().double().numpy(), b, act, base, x_int, x_frac)


def _quantize_dense_matrix(idx: int, w: np.ndarray, b: np.ndarray, act: str, base: DatapathConfig,
                           x_int: np.ndarray, x_frac: int) -> ExportLayer:
    """Formats and shifts of a dense layer (float weights (n_out, n_in), bias (n_out,)) from the
    calibration batch (docs/datapath.md "Dense layer"): w_frac from max |W|; acc_shift so that
    max |acc| >> acc_shift < 2^(FW-2), the rule of the block-circulant layers
    (``choose_acc_shift``), so the rounded sums never saturate on the calibration data;
    E = x_frac + w_frac - acc_shift; y_frac / out_shift as the block-circulant layers
    (``choose_out_shift``)."""
    cfg = base
    n_out, n_in = w.shape
    check_dense_acc_width(cfg.AW, cfg.WW, cfg.DW, n_in, f"layer {idx} (dense): DatapathConfig.AW")
    if not np.all(np.isfinite(w)):
        raise SwmError(f"layer {idx}: weights contain NaN or infinity; fix the trained model")
    w_frac = choose_frac(float(np.abs(w).max()), cfg.WW)
    W = quantize(w, w_frac, cfg.WW)
    acc = x_int @ W.T
    acc_shift = golden.choose_acc_shift(int(np.abs(acc).max()) if acc.size else 0, cfg)
    E = x_frac + w_frac - acc_shift
    with torch.no_grad():
        yfl = torch.nn.functional.linear(torch.as_tensor(x_int / 2.0 ** x_frac), torch.as_tensor(w),
                                         torch.as_tensor(b)).numpy()
    if base.act_frac is None:
        out_shift, y_frac = golden.choose_out_shift(E, float(np.abs(yfl).max()), act, cfg)
    else:
        y_frac, out_shift = base.act_frac, E - base.act_frac
        if out_shift < 0:
            raise SwmError(f"act_frac = {base.act_frac} needs more fraction bits than layer {idx} produces "
                           f"(its rounded sum has {E}): lower act_frac or raise WW/FW")
    lp = golden.DenseParams(n_in=n_in, n_out=n_out, x_frac=x_frac, w_frac=w_frac, acc_shift=acc_shift,
                            out_shift=out_shift, y_frac=y_frac, act=act)
    return ExportLayer(idx, n_in, n_out, cfg, lp, W, quantize(b, E, cfg.FW), type="dense")


def run_integer(layers: list[ExportLayer], x_int: np.ndarray, keep: bool = False,
                lengths: np.ndarray | None = None) -> tuple[np.ndarray, list[np.ndarray]]:
    """Run the integer network on x_int (N, in_features), or on sequences (N, T, n_x) with ``lengths``
    for an lstm network; returns (last output cut to out_features, per-layer outputs)."""
    outs = []
    x = x_int
    for L in layers:
        y = L.run(x, lengths) if L.type == "lstm" else L.run(_pad(x, L.in_samples))
        if keep:
            outs.append(y)
        x = y[:, : L.out_features]
    return x, outs


# ----------------------------------------------------------------------------------------------
# writing and reading the export
# ----------------------------------------------------------------------------------------------
def export_run(run: Path, out: Path, config: str | None = None, overrides: dict | None = None, lanes: int = 1,
               n_vectors: int = 4, force: bool = False, rows: int = 1) -> dict:
    """Quantize ``run`` with the datapath config and write the export directory ``out``.

    The weight images are laid out for an engine with LANES = ``lanes`` and ROWS = ``rows`` (per
    layer clamped by :func:`layer_rows`); ``network.json`` records both per layer.
    """
    from swm.train import load_data, load_run  # noqa: PLC0415

    model, tcfg, _ = load_run(Path(run))
    base = _load_config(config, overrides or {})
    cnn = is_cnn(model)
    seq = lstm_parts(model) is not None
    if cnn or seq:
        if lanes < 1:
            raise SwmError(f"--lanes {lanes} must be >= 1")
        check_hw_rows(rows)
    else:
        check_hardware_layers(model, lanes, rows)  # fail early on unsupported models, block sizes, lanes and rows
    calib = load_data(dataclasses.replace(tcfg, limit=CALIBRATION_SAMPLES), "train").x
    model.eval()
    test = load_data(tcfg, "test")
    if seq:
        cx, cl = swm_data.pad_sequences(calib)
        xt, lt = swm_data.pad_sequences(test.x)
        x_frac, layers = quantize_lstm(model, base, cx, cl, max(cx.shape[1], xt.shape[1]))
    elif cnn:
        walk(model, tuple(np.asarray(calib).shape[1:]))  # unsupported layers fail before the calibration
        x_frac, layers = quantize_cnn(model, base, np.asarray(calib))
    else:
        x_frac, layers = quantize_network(model, base, np.asarray(calib))
    for L in layers:  # the engine built for each layer (MAX_P = p, MAX_Q = q) must elaborate
        if L.type == "dense":  # swm_dense_fc with these shifts (any LANES in 1..n_out)
            try:
                golden.dense_rtl_params(L.cfg, L.lp, 1)
            except SwmError as e:
                raise SwmError(f"layer {L.index} (dense) cannot be built by swm_dense_fc: {e}") from None
        elif L.type == "bc_linear":
            L.cfg.check_hardware(lanes, L.lp.p, L.lp.q, layer_rows(rows, L.lp.p))
        elif L.type == "lstm":
            gp = L.lp.gate_params(L.cfg.K)
            L.cfg.check_hardware(lanes, gp.p, gp.q, layer_rows(rows, gp.p))
    with torch.no_grad():
        if seq:
            logits = model(torch.as_tensor(xt), lengths=torch.as_tensor(lt))
        else:
            xt, lt = _stream(np.asarray(test.x)), None
            logits = model(torch.as_tensor(np.asarray(test.x)))
        float_acc = float((logits.argmax(-1).numpy() == test.y).mean())
    with atomic_dir(Path(out), force, what="export directory") as tmp:
        doc = {
            "format_version": FORMAT_VERSION,
            "generator": "swm export",
            "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "source_run": str(run),
            "dataset": tcfg.dataset,
            "model": tcfg.model,
            "float_accuracy": float_acc,
            "lanes": lanes,
            "rows": rows,
            "datapath": base.to_dict(),
            "input": {"features": layers[0].in_features, "shape": list(np.asarray(test.x).shape[1:]),
                      "layout": "HWC (raster order, channels innermost)", "frac": x_frac, "width": base.DW},
            "layers": [],
        }
        if seq:
            doc["input"].update(shape=[layers[0].lp.max_len, layers[0].lp.n_x], max_len=layers[0].lp.max_len,
                                standardize=True,  # per-feature mean/std of the train split (swm.data)
                                layout="a sequence of time steps, n_x features each (time-major), one length per "
                                       "sequence (tlast on the last step's last feature)")
        for L in layers:
            wname, bname = f"layer{L.index}_weights.hex", f"layer{L.index}_bias.hex"
            if L.type == "dense":
                doc["layers"].append(_write_dense(tmp, L, lanes, wname, bname, run))
                continue
            if L.type == "lstm":
                doc["layers"].append(write_lstm_layer(tmp, L, lanes, rows, run))
                continue
            if L.type != "bc_linear":
                doc["layers"].append(write_cnn_layer(tmp, L, lanes, rows, run))
                continue
            lrows = layer_rows(rows, L.lp.p)
            words = golden.weight_words(L.Wp, lanes, L.cfg.WW, lrows)
            write_hex(tmp / wname, words, lrows * lanes * 2 * L.cfg.WW,
                             f"layer {L.index} FFT-domain weights, {L.lp.p}x{L.lp.q} blocks, K={L.cfg.K}, "
                             f"lanes={lanes}, rows={lrows}; made by `swm export --run {run}`")
            write_hex(tmp / bname, golden.bias_words(L.bias, L.cfg.FW), L.cfg.FW,
                             f"layer {L.index} bias at scale 2^{golden.output_exponent(L.lp.x_frac, L.lp.w_frac, L.lp.acc_shift, L.cfg)}; "
                             f"made by `swm export --run {run}`")
            doc["layers"].append({
                "index": L.index, "type": "bc_linear", "in_features": L.in_features,
                "out_features": L.out_features, "block_size": L.cfg.K, **dataclasses.asdict(L.lp),
                "datapath": L.cfg.to_dict(),
                "weights": {"file": wname, "words": len(words), "width": lrows * lanes * 2 * L.cfg.WW, "lanes": lanes,
                            "rows": lrows},
                "bias": {"file": bname, "words": L.lp.p * L.cfg.K, "width": L.cfg.FW},
            })
        (tmp / "network.json").write_text(json.dumps(doc, indent=2) + "\n")
        _write_vectors(tmp / "vectors", layers, xt[:n_vectors], x_frac, base, test.y[:n_vectors],
                       None if lt is None else lt[:n_vectors])
    return {"layers": len(layers), "vectors": min(n_vectors, len(xt)), "float_accuracy": float_acc}


def _write_dense(tmp: Path, L: ExportLayer, lanes: int, wname: str, bname: str, run: Path) -> dict:
    """A dense layer's images (swm_dense_fc layout) and its network.json entry."""
    dl = dense_image_lanes(lanes, L.lp.n_out)
    words = golden.dense_weight_words(L.Wp, dl, L.cfg.WW)
    write_hex(tmp / wname, words, dl * L.cfg.WW,
              f"layer {L.index} dense weights {L.lp.n_out}x{L.lp.n_in}, lanes={dl} (swm_dense_fc layout); "
              f"made by `swm export --run {run}`")
    E = L.lp.x_frac + L.lp.w_frac - L.lp.acc_shift
    write_hex(tmp / bname, golden.bias_words(L.bias, L.cfg.FW), L.cfg.FW,
              f"layer {L.index} dense bias at scale 2^{E}; made by `swm export --run {run}`")
    return {"index": L.index, "type": "dense", "in_features": L.in_features, "out_features": L.out_features,
            **dataclasses.asdict(L.lp), "datapath": L.cfg.to_dict(),
            "weights": {"file": wname, "words": len(words), "width": dl * L.cfg.WW, "lanes": dl},
            "bias": {"file": bname, "words": L.lp.n_out, "width": L.cfg.FW}}


def _write_vectors(vdir: Path, layers: list[ExportLayer], x: np.ndarray, x_frac: int, base: DatapathConfig,
                   labels: np.ndarray, lengths: np.ndarray | None = None) -> None:
    """A few inputs and every layer's expected output; sequences (N, T, n_x) with ``lengths``: inputN.hex
    holds the sequence's valid steps only (length * n_x words, time-major)."""
    vdir.mkdir()
    x_int = quantize(x.astype(np.float64), x_frac, base.DW)
    _, outs = run_integer(layers, x_int, keep=True, lengths=lengths)
    doc = {"count": len(x), "labels": [int(v) for v in labels], "input": x_int.tolist(),
           "layers": [{"index": L.index, "input_padded": L.in_samples, "output": o.tolist()}
                      for L, o in zip(layers, outs)]}
    if lengths is not None:
        doc["lengths"] = [int(v) for v in lengths]
    (vdir / "vectors.json").write_text(json.dumps(doc) + "\n")
    for n in range(len(x)):
        if lengths is not None:
            xin = x_int[n, : int(lengths[n])].reshape(-1)
        else:
            xin = _pad(x_int[n:n + 1], layers[0].in_samples)[0]
        write_hex(vdir / f"input{n}.hex", to_unsigned(xin, base.DW, check=True).tolist(),
                  base.DW, f"input vector {n} (label {int(labels[n])}), DW={base.DW}, frac={x_frac}")
        for L, o in zip(layers, outs):
            write_hex(vdir / f"layer{L.index}_out{n}.hex", to_unsigned(o[n], base.DW, check=True).tolist(), base.DW,
                      f"expected output of layer {L.index} for input vector {n}")


def _load_config(config: str | None, overrides: dict) -> DatapathConfig:
    fields = {}
    if config:
        try:
            fields = json.loads(Path(config).read_text())
        except (OSError, ValueError) as exc:
            raise SwmError(f"cannot read datapath config {config} ({exc}): give a JSON object of DatapathConfig fields")
    known = {f.name: f.type for f in dataclasses.fields(DatapathConfig)}
    for key, val in overrides.items():
        if key not in known:
            raise SwmError(f"unknown datapath field {key!r} in --set: use one of {', '.join(known)}")
        try:
            if key == "rounding":
                fields[key] = val
            elif key in ("fft_scale", "ifft_scale"):
                fields[key] = None if str(val) == "None" else [int(b) for b in str(val).split(",")]
            elif key == "act_frac" and str(val) == "None":
                fields[key] = None
            else:
                fields[key] = int(val)
        except ValueError:
            raise SwmError(f"--set {key}={val}: not a valid value; give an integer "
                           "(fft_scale/ifft_scale: a comma list of 0/1 per stage)") from None
    try:
        return DatapathConfig.from_dict(fields).validate()
    except TypeError as exc:
        raise SwmError(f"bad datapath config ({exc}): use the fields of swm.fixed.DatapathConfig")


def unpack_weight_words(words: list[int], p: int, q: int, lanes: int, cfg: DatapathConfig,
                        rows: int = 1) -> np.ndarray:
    """Inverse of ``swm.golden.weight_words``: memory words -> packed weights (p, q, S, 2)."""
    ng, G = -(-p // rows), cfg.S // lanes
    W = unpack_lanes(words, rows * lanes, cfg.WW).reshape(ng, q, G, rows, lanes, 2).transpose(0, 3, 1, 2, 4, 5)
    return np.ascontiguousarray(W.reshape(ng * rows, q, cfg.S, 2)[:p])


def load_export(export: Path) -> tuple[dict, list[ExportLayer]]:
    """Read and validate ``network.json`` and its memory images into integer layers."""
    export = Path(export)
    path = export / "network.json"
    if not path.is_file():
        raise SwmError(f"no network.json in {export}: create the export with `swm export --run RUN --out {export}`")
    try:
        doc = json.loads(path.read_text())
        if doc.get("format_version") != FORMAT_VERSION:
            raise SwmError(f"{path} has format_version {doc.get('format_version')!r}, expected {FORMAT_VERSION}: re-export it")
        layers = []
        for i, d in enumerate(doc["layers"]):
            if d["type"] not in LAYER_TYPES:
                raise SwmError(f"{path}: layer {i} has type {d['type']!r}, which the hardware does not support "
                               f"(types: {', '.join(LAYER_TYPES)}): re-export")
            if d["type"] == "lstm":
                layers.append(load_lstm_layer(export, i, d))
                continue
            if d["type"] in ("dense", "dense_conv", "bc_conv", "affine", "maxpool"):
                layers.append(_load_dense(export, path, i, d) if d["type"] == "dense" else load_cnn_layer(export, i, d))
                if i and d["in_features"] != layers[-2].out_features:
                    raise SwmError(f"{path}: layer {i} takes {d['in_features']} inputs but layer {i - 1} gives "
                                   f"{layers[-2].out_features}: re-export")
                continue
            cfg = DatapathConfig.from_dict(d["datapath"]).validate()
            lp = golden.LayerParams(**{f.name: d[f.name] for f in dataclasses.fields(golden.LayerParams)})
            Wp, bias = load_bc_images(export, d, i, lp.p, lp.q, cfg)
            if i and d["in_features"] != layers[-1].out_features:
                raise SwmError(f"{path}: layer {i} takes {d['in_features']} inputs but layer {i - 1} gives "
                               f"{layers[-1].out_features}: re-export")
            layers.append(ExportLayer(i, d["in_features"], d["out_features"], cfg, lp, Wp, bias))
    except SwmError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise SwmError(f"malformed {path} ({type(exc).__name__}: {exc}): re-run `swm export`") from exc
    if not layers:
        raise SwmError(f"{path} lists no layers: re-run `swm export`")
    return doc, layers


def load_bc_images(export: Path, d: dict, i: int, p: int, q: int, cfg: DatapathConfig,
                   kind: str = "") -> tuple[np.ndarray, np.ndarray]:
    """The images of a block-circulant matrix of p x q blocks (network.json entry ``d`` of layer ``i``):
    packed weights (p, q, S, 2) from the ROWS x LANES layout and the bias (p*K,); SwmError on a wrong size."""
    lanes, rows = d["weights"]["lanes"], d["weights"].get("rows", 1)
    check_hw_rows(rows)
    want = -(-p // rows) * q * cfg.S // lanes
    words = read_hex(export / d["weights"]["file"], rows * lanes * 2 * cfg.WW)
    if len(words) != want:
        raise SwmError(f"{d['weights']['file']} holds {len(words)} words but layer {i} ({kind}{p}x{q} blocks, "
                       f"K={cfg.K}, lanes={lanes}, rows={rows}) needs {want}: the export is inconsistent, "
                       "re-run `swm export`")
    bwords = read_hex(export / d["bias"]["file"], cfg.FW)
    if len(bwords) != p * cfg.K:
        raise SwmError(f"{d['bias']['file']} holds {len(bwords)} words but layer {i} needs {p * cfg.K}: "
                       "re-run `swm export`")
    return unpack_weight_words(words, p, q, lanes, cfg, rows), to_signed(np.array(bwords, dtype=np.int64), cfg.FW)


def _load_dense(export: Path, path: Path, i: int, d: dict) -> ExportLayer:
    """One ``"type": "dense"`` entry of network.json and its images -> ExportLayer."""
    cfg = DatapathConfig.from_dict(d["datapath"])
    lp = golden.DenseParams(**{f.name: d[f.name] for f in dataclasses.fields(golden.DenseParams)})
    if (lp.n_in, lp.n_out) != (d["in_features"], d["out_features"]):
        raise SwmError(f"{path}: layer {i} (dense) has n_in x n_out = {lp.n_in} x {lp.n_out} but in/out_features "
                       f"{d['in_features']} / {d['out_features']}: re-run `swm export`")
    lanes = d["weights"]["lanes"]
    if not 1 <= lanes <= lp.n_out:
        raise SwmError(f"{path}: layer {i} (dense) has weights.lanes = {lanes}, not in 1..{lp.n_out}: re-run `swm export`")
    want = -(-lp.n_out // lanes) * lp.n_in
    words = read_hex(export / d["weights"]["file"], lanes * cfg.WW)
    if len(words) != want:
        raise SwmError(f"{d['weights']['file']} holds {len(words)} words but layer {i} (dense {lp.n_in} -> {lp.n_out}, "
                       f"lanes={lanes}) needs {want}: the export is inconsistent, re-run `swm export`")
    try:
        W = golden.unpack_dense_weight_words(words, lp.n_out, lp.n_in, lanes, cfg.WW)
    except SwmError as e:
        raise SwmError(f"{d['weights']['file']} of layer {i}: {e}: re-run `swm export`") from None
    bwords = read_hex(export / d["bias"]["file"], cfg.FW)
    if len(bwords) != lp.n_out:
        raise SwmError(f"{d['bias']['file']} holds {len(bwords)} words but layer {i} needs {lp.n_out}: "
                       "re-run `swm export`")
    bias = to_signed(np.array(bwords, dtype=np.int64), cfg.FW)
    return ExportLayer(i, d["in_features"], d["out_features"], cfg, lp, W, bias, type="dense")


def eval_export(export: Path, limit: int | None = None, data_dir: str | None = None, batch: int = 250,
                workers: int | None = None) -> dict:
    """Accuracy of the exported integer network (golden model) beside the float accuracy.

    Batches of ``batch`` images (small enough that a CNN's feature maps stay in cache-friendly
    chunks) run on ``workers`` threads (default: the CPU count; numpy and torch release the GIL in
    the large array operations)."""
    doc, layers = load_export(Path(export))
    test = swm_data.load_dataset(doc["dataset"], "test", data_dir=data_dir, limit=limit,
                                 standardize=bool(doc["input"].get("standardize", False)))
    lens = None
    if layers[0].type == "lstm":
        x, lens = swm_data.pad_sequences(test.x)
        x = x.astype(np.float64)
        if lens.max() > layers[0].lp.max_len:
            raise SwmError(f"dataset {doc['dataset']} has a sequence of {int(lens.max())} steps but the export takes "
                           f"at most {layers[0].lp.max_len}: re-export")
        feats = x.shape[2]
    else:
        x = _stream(np.asarray(test.x)).astype(np.float64)
        feats = x.shape[1]
    if feats != layers[0].in_features:
        raise SwmError(f"dataset {doc['dataset']} gives {feats} features but the network takes "
                       f"{layers[0].in_features}: export and dataset do not match")
    inp = doc["input"]
    def score(s: int) -> int:
        y, _ = run_integer(layers, quantize(x[s:s + batch], inp["frac"], inp["width"]),
                           lengths=None if lens is None else lens[s:s + batch])
        return int((y.argmax(-1) == test.y[s:s + batch]).sum())

    starts = range(0, len(x), batch)
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        correct = sum(tqdm(pool.map(score, starts), total=len(starts), desc="integer network", unit="batch",
                           leave=False, disable=None))
    res = {"export": str(export), "dataset": doc["dataset"], "model": doc["model"], "test_samples": len(x),
           "int_accuracy": correct / max(len(x), 1), "float_accuracy": doc["float_accuracy"],
           "float_accuracy_note": "float accuracy of the source run on the full test split, measured at export"}
    atomic_write_text(Path(export) / "eval.json", json.dumps(res, indent=2) + "\n")
    return res


__all__ = ["export_run", "check_hardware_layers", "dense_image_lanes", "eval_export", "load_export", "quantize_network",
           "run_integer", "network_layers", "unpack_weight_words", "layer_rows", "ExportLayer", "LAYER_TYPES"]
