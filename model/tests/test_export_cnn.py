"""CNN export (swm.export_cnn): LeNet walked into stages with BatchNorm folded into the dense
convolution and kept as an affine stage after the block-circulant ones; the integer network
(swm.golden_cnn) equal between the quantized model, the files read back and the stored vectors;
integer and float networks agree; unsupported models are refused with one line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from swm import golden_cnn as gc
from swm.errors import SwmError
from swm.export import eval_export, export_run, load_export, run_integer
from swm.export_cnn import _stream, quantize_cnn, walk
from swm.fixed import DatapathConfig, quantize
from swm.layers import BlockCirculantConv2d, FlattenHWC
from swm.train import TrainConfig, load_data, load_run, train


@pytest.fixture(scope="module")
def lenet_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LeNet (k = 16) on 1 000 MNIST images, one epoch: enough for non-trivial BatchNorm statistics."""
    out = tmp_path_factory.mktemp("runs") / "lenet"
    train(TrainConfig(dataset="mnist", model="lenet", block_size=16, epochs=1, limit=1000, lr=3e-3), out)
    return out


@pytest.fixture(scope="module")
def lenet_export(lenet_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports") / "lenet"
    export_run(lenet_run, out, lanes=4, n_vectors=2)
    return out


def test_lenet_stages(lenet_export: Path) -> None:
    doc = json.loads((lenet_export / "network.json").read_text())
    types = [d["type"] for d in doc["layers"]]
    assert types == ["dense_conv", "maxpool", "bc_conv", "affine", "maxpool", "bc_linear", "affine", "dense"]
    acts = [d.get("act") for d in doc["layers"]]
    assert acts == ["relu", None, "identity", "relu", None, "identity", "relu", "identity"]
    feats = [(d["in_features"], d["out_features"]) for d in doc["layers"]]
    assert feats == [(784, 28 * 28 * 32), (25088, 14 * 14 * 32), (6272, 14 * 14 * 64), (12544, 12544),
                     (12544, 7 * 7 * 64), (3136, 256), (256, 256), (256, 10)]
    conv2 = doc["layers"][2]
    assert (conv2["p"], conv2["q"], conv2["geom"]["kh"], conv2["geom"]["pad"]) == (4, 2, 5, [2, 2])
    # formats chain: every stage's input format is the previous stage's output format
    for a, b in zip(doc["layers"], doc["layers"][1:]):
        assert b["x_frac"] == a.get("y_frac", a["x_frac"])
    assert doc["input"]["layout"].startswith("HWC")


def test_files_equal_the_quantized_model(lenet_run: Path, lenet_export: Path) -> None:
    """Reading the export back gives the same integer network as quantizing the checkpoint; the
    stored vectors are that network's outputs."""
    model, tcfg, _ = load_run(lenet_run)
    model.eval()
    calib = np.asarray(load_data(TrainConfig(**{**tcfg.__dict__, "limit": 1024}), "train").x)
    x_frac, layers = quantize_cnn(model, DatapathConfig(), calib)
    doc, loaded = load_export(lenet_export)
    assert doc["input"]["frac"] == x_frac
    for a, b in zip(layers, loaded):
        assert a.type == b.type and a.lp.to_dict() == b.lp.to_dict()
        assert np.array_equal(a.Wp, b.Wp) and np.array_equal(a.bias, b.bias)
    vec = json.loads((lenet_export / "vectors" / "vectors.json").read_text())
    _, outs = run_integer(loaded, np.array(vec["input"]), keep=True)
    for o, ref in zip(outs, vec["layers"]):
        assert np.array_equal(o, np.array(ref["output"]))


def test_integer_network_tracks_float(lenet_run: Path, lenet_export: Path) -> None:
    """On 200 test images the 16-bit integer LeNet gives the float model's class almost always."""
    model, tcfg, _ = load_run(lenet_run)
    model.eval()
    test = load_data(TrainConfig(**{**tcfg.__dict__, "limit": 200}), "test")
    doc, layers = load_export(lenet_export)
    x = np.asarray(test.x)
    y, _ = run_integer(layers, quantize(_stream(x.astype(np.float64)), doc["input"]["frac"], 16))
    with torch.no_grad():
        yf = model(torch.as_tensor(x)).numpy()
    assert (y.argmax(-1) == yf.argmax(-1)).mean() >= 0.98
    res = eval_export(lenet_export, limit=500)
    assert res["int_accuracy"] > 0.5  # one epoch on 1 000 images: far above chance


def test_batchnorm_folding_and_affine(lenet_run: Path) -> None:
    """BatchNorm after the dense conv is folded into it; after a block-circulant conv it is an affine stage."""
    model, _, _ = load_run(lenet_run)
    model.eval()
    ops = walk(model, (1, 28, 28))
    assert [o.kind for o in ops] == ["dense_conv", "maxpool", "bc_conv", "affine", "maxpool", "bc_linear", "affine",
                                     "dense"]
    conv1, bn1 = model.features.conv1, model.features.bn1
    x = torch.rand(2, 1, 28, 28)
    with torch.no_grad():
        ref = bn1(conv1(x)).numpy()
        got = torch.nn.functional.conv2d(x.double(), torch.as_tensor(ops[0].w), torch.as_tensor(ops[0].b),
                                         padding=2).numpy()
    assert np.allclose(got, ref, atol=1e-4)


@pytest.mark.parametrize("model,msg", [
    (nn.Sequential(BlockCirculantConv2d(16, 16, 3, 16, padding=1), nn.Flatten(), nn.Linear(16 * 16, 10)),
     "FlattenHWC"),
    (nn.Sequential(nn.Conv2d(1, 16, 3), nn.AvgPool2d(2), FlattenHWC(), nn.Linear(16 * 7 * 7, 10)), "AvgPool2d"),
    (nn.Sequential(nn.Conv2d(1, 16, 3), nn.MaxPool2d(3), FlattenHWC(), nn.Linear(16 * 4 * 4, 10)), "MaxPool2d\\(2\\)"),
])
def test_unsupported_models_are_refused(model: nn.Module, msg: str) -> None:
    with pytest.raises(SwmError, match=msg):
        walk(model, (16, 16, 16) if isinstance(model[0], BlockCirculantConv2d) else (1, 16, 16))


def test_bc_conv_channels_must_be_whole_blocks() -> None:
    model = nn.Sequential(nn.Conv2d(1, 24, 3, padding=1), BlockCirculantConv2d(24, 16, 3, 16, padding=1),
                          FlattenHWC(), nn.Linear(16 * 8 * 8, 10))
    model.eval()
    with pytest.raises(SwmError, match="24 -> 16 channels, not multiples of its block size 16"):
        quantize_cnn(model, DatapathConfig(), np.random.default_rng(0).random((4, 1, 8, 8)))


def test_maxpool_stage_keeps_the_format() -> None:
    p = gc.maxpool_int(np.arange(16).reshape(1, 2, 2, 4))
    assert p.shape == (1, 1, 1, 4) and p.reshape(-1).tolist() == [12, 13, 14, 15]


def test_conv_spectrum_override() -> None:
    """BlockCirculantConv2d(x, spec=...) with its own spectrum is its forward pass (the QAT hook)."""
    torch.manual_seed(0)
    m = BlockCirculantConv2d(8, 16, 3, 4, padding=1)
    x = torch.randn(2, 8, 5, 5)
    assert torch.allclose(m(x), m(x, spec=m.spectrum()), atol=1e-6)
    assert not torch.allclose(m(x), m(x, spec=m.spectrum() * 2), atol=1e-3)


def test_qat_covers_conv_layers(lenet_run: Path, tmp_path: Path) -> None:
    """QAT fine-tuning of LeNet wraps both convolutions and the dense head (QATConv) and fc1, and the
    16-bit export of the QAT run classifies like the QAT model's float forward pass."""
    from swm import qat

    run = tmp_path / "qat"
    train(TrainConfig(dataset="mnist", model="lenet", block_size=16, epochs=1, limit=500, lr=1e-3,
                      init=str(lenet_run), qat={"act_bits": 16, "weight_bits": 16}), run)
    model, _, _ = load_run(run)
    assert [type(m.inner).__name__ for m in model.modules() if isinstance(m, qat.QATConv)] == \
        ["Conv2d", "BlockCirculantConv2d", "Linear"]
    assert sum(isinstance(m, qat.QATBlockCirculantLinear) for m in model.modules()) == 4  # 3 QATConv + fc1
    out = tmp_path / "qe"
    export_run(run, out, lanes=4, n_vectors=1)
    res = eval_export(out, limit=500)
    test = load_data(TrainConfig(dataset="mnist", model="lenet", limit=500), "test")
    model.eval()
    with torch.no_grad():
        float_acc = float((model(torch.as_tensor(np.asarray(test.x))).argmax(-1).numpy() == test.y).mean())
    assert abs(res["int_accuracy"] - float_acc) <= 0.004, (res, float_acc)


def test_cifar_small_stages_and_integer_network() -> None:
    """cifar_small (untrained, BatchNorm statistics from a random batch) walks into the stages the
    accelerator takes, in the order streamed, and its integer network follows the float one."""
    from swm.zoo import build_model

    torch.manual_seed(0)
    model = build_model("cifar_small", 10, (3, 32, 32), 16)
    x = torch.rand(16, 3, 32, 32)
    model.train()
    with torch.no_grad():
        model(x)   # BatchNorm running statistics
    model.eval()
    first, layers = quantize_cnn(model, DatapathConfig(), x.numpy())
    assert [L.type for L in layers] == ["dense_conv", "maxpool", "bc_conv", "affine", "maxpool", "bc_conv", "affine",
                                        "maxpool", "bc_linear", "affine", "dense"]
    assert [(L.in_features, L.out_features) for L in layers][:3] == [(3072, 32 * 32 * 32), (32768, 16 * 16 * 32),
                                                                     (8192, 16 * 16 * 64)]
    xq = quantize(_stream(x.numpy().astype(np.float64)), first, 16)
    for L in layers:
        xq = L.run(xq)[:, : L.out_features]
    with torch.no_grad():
        ref = model(x).numpy()
    got = xq / 2.0 ** layers[-1].lp.y_frac
    assert np.corrcoef(got.reshape(-1), ref.reshape(-1))[0, 1] > 0.99
