"""Model zoo: every model builds and runs, block-size specs resolve, parameter counts."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from swm.errors import SwmError
from swm.layers import BlockCirculantLinear
from swm.zoo import MLP_HIDDEN, MODEL_NAMES, bc_layers, build_model, count_params, layer_names, model_block_sizes

SEED = 4321
SHAPES = {"mlp": (1, 28, 28), "lenet": (1, 28, 28), "lenet5": (1, 28, 28), "cifar_cnn": (3, 32, 32),
          "cifar_small": (3, 32, 32), "lstm": (29, 12)}


@pytest.fixture(autouse=True)
def _seed() -> None:
    """Seed torch for every test."""
    torch.manual_seed(SEED)


def test_model_names() -> None:
    assert set(MODEL_NAMES) == set(SHAPES)


@pytest.mark.parametrize("k", [1, 4, 16, 64])
@pytest.mark.parametrize("name", sorted(SHAPES))
def test_builds_and_runs(name: str, k: int) -> None:
    model = build_model(name, 10, SHAPES[name], k)
    model.eval()
    x = torch.randn(3, *SHAPES[name])
    with torch.no_grad():
        y = model(x)
    assert y.shape == (3, 10)
    assert torch.isfinite(y).all()
    assert model_block_sizes(model) == [k] * len(layer_names(name))


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_trains_one_step(name: str) -> None:
    model = build_model(name, 5, SHAPES[name], 8)
    x = torch.randn(4, *SHAPES[name])
    loss = nn.functional.cross_entropy(model(x), torch.tensor([0, 1, 2, 3]))
    loss.backward()
    assert all(p.grad is not None for p in model.parameters())


def test_other_input_shapes() -> None:
    assert build_model("mlp", 10, (3, 32, 32), 16)(torch.randn(2, 3, 32, 32)).shape == (2, 10)
    assert build_model("lenet", 7, (3, 32, 32), 16)(torch.randn(2, 3, 32, 32)).shape == (2, 7)
    assert build_model("lenet5", 7, (3, 32, 32), 16)(torch.randn(2, 3, 32, 32)).shape == (2, 7)
    assert build_model("cifar_cnn", 10, (3, 16, 24), 16)(torch.randn(2, 3, 16, 24)).shape == (2, 10)
    assert build_model("cifar_small", 10, (3, 16, 24), 16)(torch.randn(2, 3, 16, 24)).shape == (2, 10)


def test_cifar_small_layout() -> None:
    """cifar_small: conv1 3->32, pool after every convolution, fc1 sees 128 x 4 x 4 features."""
    model = build_model("cifar_small", 10, (3, 32, 32), 16)
    names = [n for n, _ in model.features.named_children()]
    assert names == ["conv1", "bn1", "relu1", "pool1", "conv2", "bn2", "relu2", "pool2",
                     "conv3", "bn3", "relu3", "pool3"]
    assert model.features.conv1.out_channels == 32 and model.features.conv3.out_channels == 128
    assert model.classifier.fc1.in_features == 2048
    assert "pool1" not in dict(build_model("cifar_cnn", 10, (3, 32, 32), 16).features.named_children())


def test_mlp_is_plain_sequential() -> None:
    model = build_model("mlp", 10, (1, 28, 28), 16)
    kinds = [type(m) for m in model.layers]
    assert kinds == [nn.Flatten, BlockCirculantLinear, nn.ReLU, BlockCirculantLinear, nn.ReLU, BlockCirculantLinear]
    first = model.layers[1]
    assert (first.in_features, first.out_features, first.q) == (784, MLP_HIDDEN, 49)


def test_lstm_lengths() -> None:
    model = build_model("lstm", 9, (29, 12), 16)
    model.eval()
    x = torch.randn(3, 29, 12)
    lengths = torch.tensor([29, 10, 15])
    with torch.no_grad():
        full = model(x, lengths)
        # padding after the valid length must not change the logits
        x2 = x.clone()
        x2[1, 10:] = 100.0
        x2[2, 15:] = -3.0
        assert torch.allclose(model(x2, lengths), full, atol=1e-6)
        # a sequence cut to its length gives the same logits
        assert torch.allclose(model(x[1:2, :10]), full[1:2], atol=1e-5)


def test_block_size_list_and_dict() -> None:
    names = layer_names("cifar_cnn")
    ks = [1, 2, 4, 8, 16]
    model = build_model("cifar_cnn", 10, (3, 32, 32), ks)
    assert model_block_sizes(model) == ks
    assert [q.rsplit(".", 1)[-1] for q, _ in bc_layers(model)] == list(names)

    model = build_model("lenet", 10, (1, 28, 28), {"conv2": 4, "fc1": 16})
    assert model_block_sizes(model) == [4, 16]
    model = build_model("mlp", 10, (1, 28, 28), {"fc2": 32, "default": 4})
    assert model_block_sizes(model) == [4, 32, 4]
    model = build_model("lstm", 9, (29, 12), [8])
    assert model_block_sizes(model) == [8]
    assert isinstance(model.head, nn.Linear)


@pytest.mark.parametrize(
    "spec,match",
    [
        ([16, 16], "3 block-circulant layers"),
        ([16, 16, 16, 16], "one per layer"),
        ({"fc1": 16}, "lacks layer"),
        ({"fc9": 16, "default": 4}, "unknown layer"),
        (0, ">= 1"),
        ([16, -2, 16], ">= 1"),
        ({"default": 3.5}, "positive integer"),
        ("16", "positive integer"),
    ],
)
def test_bad_block_size_spec(spec: object, match: str) -> None:
    with pytest.raises(SwmError, match=match):
        build_model("mlp", 10, (1, 28, 28), spec)  # type: ignore[arg-type]


def test_bad_model_arguments() -> None:
    with pytest.raises(SwmError, match="mlp, lenet, lenet5, cifar_cnn, cifar_small, lstm"):
        build_model("resnet", 10, (3, 32, 32))
    with pytest.raises(SwmError, match="num_classes"):
        build_model("mlp", 0, (1, 28, 28))
    with pytest.raises(SwmError, match="in_shape"):
        build_model("lenet", 10, (28, 28))
    with pytest.raises(SwmError, match="in_shape"):
        build_model("mlp", 10, (1, 0, 28))
    with pytest.raises(SwmError, match="4x4"):
        build_model("lenet", 10, (1, 3, 12))


def test_count_params_mlp() -> None:
    stored, dense = count_params(build_model("mlp", 10, (1, 28, 28), 1))
    h = MLP_HIDDEN
    expect = 784 * h + h + h * h + h + h * 10 + 10
    assert stored == dense == expect
    for k in (4, 16, 64):
        stored, dense = count_params(build_model("mlp", 10, (1, 28, 28), k))
        assert dense == expect
        assert dense / stored > 1
    stored16, _ = count_params(build_model("mlp", 10, (1, 28, 28), 16))
    hb = -(-h // 16)
    assert stored16 == hb * 49 * 16 + h + hb * hb * 16 + h + 1 * hb * 16 + 10


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_count_params_ratio(name: str) -> None:
    stored1, dense1 = count_params(build_model(name, 10, SHAPES[name], 1))
    assert stored1 == dense1
    stored, dense = count_params(build_model(name, 10, SHAPES[name], 16))
    assert dense == dense1 and dense / stored > 4
