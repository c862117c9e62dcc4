"""Model zoo: block-circulant networks selectable by name, with per-layer block sizes.

Every model names its block-circulant (BC) layers in a fixed order (``layer_names(name)``).
``block_size`` given to :func:`build_model` may be

* an ``int``: the same block size for every BC layer;
* a ``list``/``tuple``: one block size per BC layer, in that order;
* a ``dict``: BC layer name -> block size; a ``"default"`` entry covers the layers not named.

Block size 1 makes a layer dense-equivalent. A :class:`~swm.layers.BlockCirculantLSTM` counts
as ONE BC layer (its input and recurrent matrices share one block size). First convolutions on
raw images (1 or 3 input channels) are ordinary ``nn.Conv2d``: with ``in_channels <= k`` the
channel matrix is a single, mostly zero-padded block column, so a block-circulant version saves
almost nothing and badly constrains the layer that sees the pixels. The final classifier of
``lenet``, ``lenet5``, ``cifar_cnn``, ``cifar_small`` and ``lstm`` is an ordinary ``nn.Linear`` too: with
``num_classes < k`` a block-circulant head is ONE circulant block cut to ``num_classes`` rows,
so every logit is the same weight vector applied to a cyclic shift of the features; in our
runs that cost LeNet at k=16 about 1 point of MNIST accuracy after 3 epochs (97.8% vs 98.9%
with the same network and a dense head); the head is tiny (e.g. 256*10 weights) so keeping it dense costs little. ``mlp`` keeps a BC head
by default; ``block_size=[16, 16, 1]`` gives it a dense head, which the hardware export writes as a
``"dense"`` layer (``swm_dense_stage`` in the network accelerator). The CNNs flatten their
feature maps channels-last (:class:`~swm.layers.FlattenHWC`), the order the accelerator streams
them in.
"""

from __future__ import annotations

import math
import operator
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Union

from torch import Tensor, nn

from swm.errors import SwmError
from swm.layers import BlockCirculantConv2d, BlockCirculantLinear, BlockCirculantLSTM, FlattenHWC, check_block_size

__all__ = [
    "MODEL_NAMES",
    "BlockSizeSpec",
    "MLP",
    "LeNet",
    "CifarCNN",
    "CifarSmall",
    "LSTMClassifier",
    "build_model",
    "layer_names",
    "resolve_block_sizes",
    "bc_layers",
    "model_block_sizes",
    "count_params",
]

BlockSizeSpec = Union[int, Sequence[int], Mapping[str, int]]
BC_TYPES = (BlockCirculantLinear, BlockCirculantConv2d, BlockCirculantLSTM)

MLP_HIDDEN = 1024
LSTM_HIDDEN = 128


class MLP(nn.Module):
    """Flatten -> BC-Linear(in, 1024) -> ReLU -> BC-Linear(1024, 1024) -> ReLU -> BC-Linear(1024, classes).

    ``layers`` is a plain ``nn.Sequential`` of ``nn.Flatten``, ``BlockCirculantLinear`` and
    ``nn.ReLU`` only (the exporter walks it). The input width (784 for MNIST) need not be a
    multiple of ``k``: the first layer zero-pads it to ``q*k`` (e.g. 784 -> 800 for k=16/32,
    832 for k=64); only the stored weights that meet real inputs matter.
    """

    def __init__(self, in_features: int, num_classes: int, ks: Mapping[str, int]) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            OrderedDict(
                [
                    ("flatten", nn.Flatten()),
                    ("fc1", BlockCirculantLinear(in_features, MLP_HIDDEN, ks["fc1"])),
                    ("relu1", nn.ReLU()),
                    ("fc2", BlockCirculantLinear(MLP_HIDDEN, MLP_HIDDEN, ks["fc2"])),
                    ("relu2", nn.ReLU()),
                    ("fc3", BlockCirculantLinear(MLP_HIDDEN, num_classes, ks["fc3"])),
                ]
            )
        )

    def forward(self, x: Tensor) -> Tensor:
        """Return class logits for images ``(N, C, H, W)`` (or any ``(N, ...)``)."""
        return self.layers(x)


class LeNet(nn.Module):
    """LeNet-style CNN for 1x28x28: dense conv 5x5 -> 32, BC conv 5x5 -> 64, BC-Linear 3136 -> 256, dense head.

    Both convolutions use padding 2 and are followed by BatchNorm, ReLU and 2x2 max-pooling
    (28 -> 14 -> 7); fc1 is followed by BatchNorm1d and ReLU. At k=16 one run (50k training
    images, 3 epochs, Adam 1e-3 with cosine decay, batch 128) reached 99.18% MNIST test accuracy.
    """

    def __init__(self, in_shape: tuple[int, int, int], num_classes: int, ks: Mapping[str, int]) -> None:
        super().__init__()
        c, h, w = in_shape
        if h < 4 or w < 4:
            raise SwmError(f"lenet needs images of at least 4x4, got in_shape={in_shape}")
        self.features = nn.Sequential(
            OrderedDict(
                [
                    ("conv1", nn.Conv2d(c, 32, 5, padding=2, bias=False)),
                    ("bn1", nn.BatchNorm2d(32)),
                    ("relu1", nn.ReLU()),
                    ("pool1", nn.MaxPool2d(2)),
                    ("conv2", BlockCirculantConv2d(32, 64, 5, ks["conv2"], padding=2, bias=False)),
                    ("bn2", nn.BatchNorm2d(64)),
                    ("relu2", nn.ReLU()),
                    ("pool2", nn.MaxPool2d(2)),
                ]
            )
        )
        self.classifier = nn.Sequential(
            OrderedDict(
                [
                    ("flatten", FlattenHWC()),
                    ("fc1", BlockCirculantLinear(64 * (h // 4) * (w // 4), 256, ks["fc1"])),
                    ("bn3", nn.BatchNorm1d(256)),
                    ("relu3", nn.ReLU()),
                    ("head", nn.Linear(256, num_classes)),
                ]
            )
        )

    def forward(self, x: Tensor) -> Tensor:
        """Return class logits for images ``(N, C, H, W)``."""
        return self.classifier(self.features(x))


class LeNet5(nn.Module):
    """LeNet-5 layout for 1x28x28: dense conv 5x5 -> 16 (padding 2), BC conv 5x5 -> 64 (no padding), BC-Linear 1600 -> 256, dense head.

    The classic LeNet-5 arrangement (28 -> pool 14 -> conv 10 -> pool 5, so fc1 sees 5x5 maps)
    with channel counts that k = 16 blocks divide: conv2's 16 input channels are one block
    column. Each convolution is followed by BatchNorm, ReLU and 2x2 max-pooling; fc1 by
    BatchNorm1d and ReLU. It needs about a third of ``lenet``'s multiplications per image
    (no padding on conv2 halves its output pixels, 16 first-layer channels halve the rest), which
    is what lets the accelerator reach its throughput target on an LFE5U-85F (docs/results.md).
    """

    def __init__(self, in_shape: tuple[int, int, int], num_classes: int, ks: Mapping[str, int]) -> None:
        super().__init__()
        c, h, w = in_shape
        if h < 12 or w < 12:
            raise SwmError(f"lenet5 needs images of at least 12x12, got in_shape={in_shape}")
        self.features = nn.Sequential(
            OrderedDict(
                [
                    ("conv1", nn.Conv2d(c, 16, 5, padding=2, bias=False)),
                    ("bn1", nn.BatchNorm2d(16)),
                    ("relu1", nn.ReLU()),
                    ("pool1", nn.MaxPool2d(2)),
                    ("conv2", BlockCirculantConv2d(16, 64, 5, ks["conv2"], padding=0, bias=False)),
                    ("bn2", nn.BatchNorm2d(64)),
                    ("relu2", nn.ReLU()),
                    ("pool2", nn.MaxPool2d(2)),
                ]
            )
        )
        oh, ow = (h // 2 - 4) // 2, (w // 2 - 4) // 2
        self.classifier = nn.Sequential(
            OrderedDict(
                [
                    ("flatten", FlattenHWC()),
                    ("fc1", BlockCirculantLinear(64 * oh * ow, 256, ks["fc1"])),
                    ("bn3", nn.BatchNorm1d(256)),
                    ("relu3", nn.ReLU()),
                    ("head", nn.Linear(256, num_classes)),
                ]
            )
        )

    def forward(self, x: Tensor) -> Tensor:
        """Return class logits for images ``(N, C, H, W)``."""
        return self.classifier(self.features(x))


def _conv_bn_relu(conv: nn.Module, channels: int, pool: bool) -> list[nn.Module]:
    """Return conv -> BatchNorm -> ReLU (-> 2x2 max-pool) as a module list."""
    mods: list[nn.Module] = [conv, nn.BatchNorm2d(channels), nn.ReLU()]
    if pool:
        mods.append(nn.MaxPool2d(2))
    return mods


class CifarCNN(nn.Module):
    """Small CIFAR/SVHN CNN for 3x32x32: dense conv 3->64, BC convs 64-64-128-128-256, BC-Linear 4096->256, dense head.

    All convolutions are 3x3 with padding 1 followed by BatchNorm and ReLU; 2x2 max-pooling
    after conv2, conv4 and conv5 (32 -> 16 -> 8 -> 4); fc1 is followed by BatchNorm1d and ReLU.
    Subclasses change ``FIRST`` (conv1's output channels), ``POOL1`` (pool after conv1) and
    ``CONVS`` (name, in channels, out channels, pool after it).
    """

    FIRST = 64
    POOL1 = False
    ZOO_NAME = "cifar_cnn"
    CONVS: tuple[tuple[str, int, int, bool], ...] = (
        ("conv2", 64, 64, True), ("conv3", 64, 128, False), ("conv4", 128, 128, True), ("conv5", 128, 256, True)
    )

    def __init__(self, in_shape: tuple[int, int, int], num_classes: int, ks: Mapping[str, int]) -> None:
        super().__init__()
        c, h, w = in_shape
        if h < 8 or w < 8:
            raise SwmError(f"{self.ZOO_NAME} needs images of at least 8x8, got in_shape={in_shape}")
        mods: list[tuple[str, nn.Module]] = list(
            zip(("conv1", "bn1", "relu1", "pool1"),
                _conv_bn_relu(nn.Conv2d(c, self.FIRST, 3, padding=1, bias=False), self.FIRST, self.POOL1))
        )
        for name, cin, cout, pool in self.CONVS:
            n = name.removeprefix("conv")
            conv = BlockCirculantConv2d(cin, cout, 3, ks[name], padding=1, bias=False)
            mods.extend(zip((name, f"bn{n}", f"relu{n}", f"pool{n}"), _conv_bn_relu(conv, cout, pool)))
        self.features = nn.Sequential(OrderedDict(mods))
        pools = self.POOL1 + sum(pool for *_, pool in self.CONVS)
        fh, fw = h >> pools, w >> pools
        self.classifier = nn.Sequential(
            OrderedDict(
                [
                    ("flatten", FlattenHWC()),
                    ("fc1", BlockCirculantLinear(self.CONVS[-1][2] * fh * fw, 256, ks["fc1"])),
                    (f"bn{len(self.CONVS) + 2}", nn.BatchNorm1d(256)),
                    (f"relu{len(self.CONVS) + 2}", nn.ReLU()),
                    ("head", nn.Linear(256, num_classes)),
                ]
            )
        )

    def forward(self, x: Tensor) -> Tensor:
        """Return class logits for images ``(N, C, H, W)``."""
        return self.classifier(self.features(x))


class CifarSmall(CifarCNN):
    """CIFAR/SVHN CNN sized for one ECP5-85 FPGA: dense conv 3->32, BC convs 32-64-128, BC-Linear 2048->256, dense head.

    All convolutions are 3x3 with padding 1, each followed by BatchNorm, ReLU and 2x2
    max-pooling (32 -> 16 -> 8 -> 4); fc1 by BatchNorm1d and ReLU. About a tenth of
    ``cifar_cnn``'s multiplications per image, so an epoch takes minutes on a CPU and its
    weights and line buffers fit the LFE5U-85F's block RAM (docs/results.md).
    """

    FIRST = 32
    POOL1 = True
    CONVS = (("conv2", 32, 64, True), ("conv3", 64, 128, True))
    ZOO_NAME = "cifar_small"


class LSTMClassifier(nn.Module):
    """BlockCirculantLSTM(features, 128) -> dense nn.Linear(128, classes) on the last valid hidden state.

    Input is ``(N, T, F)`` (batch first), padded at the end; ``lengths`` gives each sequence's
    valid length (default: all ``T``).
    """

    def __init__(self, in_features: int, num_classes: int, ks: Mapping[str, int]) -> None:
        super().__init__()
        self.lstm = BlockCirculantLSTM(in_features, LSTM_HIDDEN, ks["lstm"], batch_first=True)
        self.head = nn.Linear(LSTM_HIDDEN, num_classes)

    def forward(self, x: Tensor, lengths: Tensor | Sequence[int] | None = None) -> Tensor:
        """Return class logits for sequences ``(N, T, F)`` with optional valid ``lengths``."""
        _, (h, _) = self.lstm(x, lengths=lengths)
        return self.head(h[0])


@dataclass(frozen=True)
class ModelSpec:
    """How to build one zoo model: its BC layer names (in order) and input rank."""

    name: str
    bc_names: tuple[str, ...]
    in_rank: int
    in_layout: str
    build: Callable[[int, tuple[int, ...], Mapping[str, int]], nn.Module]
    description: str


def _build_mlp(num_classes: int, in_shape: tuple[int, ...], ks: Mapping[str, int]) -> nn.Module:
    """Build :class:`MLP` for any input shape (flattened)."""
    return MLP(math.prod(in_shape), num_classes, ks)


def _build_lenet(num_classes: int, in_shape: tuple[int, ...], ks: Mapping[str, int]) -> nn.Module:
    """Build :class:`LeNet` for ``(C, H, W)`` images."""
    return LeNet((in_shape[0], in_shape[1], in_shape[2]), num_classes, ks)


def _build_lenet5(num_classes: int, in_shape: tuple[int, ...], ks: Mapping[str, int]) -> nn.Module:
    """Build :class:`LeNet5` for ``(C, H, W)`` images."""
    return LeNet5((in_shape[0], in_shape[1], in_shape[2]), num_classes, ks)


def _build_cifar(num_classes: int, in_shape: tuple[int, ...], ks: Mapping[str, int]) -> nn.Module:
    """Build :class:`CifarCNN` for ``(C, H, W)`` images."""
    return CifarCNN((in_shape[0], in_shape[1], in_shape[2]), num_classes, ks)


def _build_cifar_small(num_classes: int, in_shape: tuple[int, ...], ks: Mapping[str, int]) -> nn.Module:
    """Build :class:`CifarSmall` for ``(C, H, W)`` images."""
    return CifarSmall((in_shape[0], in_shape[1], in_shape[2]), num_classes, ks)


def _build_lstm(num_classes: int, in_shape: tuple[int, ...], ks: Mapping[str, int]) -> nn.Module:
    """Build :class:`LSTMClassifier` for ``(T, F)`` sequences."""
    return LSTMClassifier(in_shape[-1], num_classes, ks)


_SPECS: Mapping[str, ModelSpec] = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            ModelSpec("mlp", ("fc1", "fc2", "fc3"), 0, "any shape (flattened)", _build_mlp,
                      f"3-layer BC MLP 784-{MLP_HIDDEN}-{MLP_HIDDEN}-classes (MNIST)"),
            ModelSpec("lenet", ("conv2", "fc1"), 3, "(C, H, W)", _build_lenet,
                      "LeNet-style CNN, dense first conv (MNIST)"),
            ModelSpec("lenet5", ("conv2", "fc1"), 3, "(C, H, W)", _build_lenet5,
                      "LeNet-5 layout (unpadded conv2), 16/64 channels, dense first conv (MNIST)"),
            ModelSpec("cifar_cnn", ("conv2", "conv3", "conv4", "conv5", "fc1"), 3, "(C, H, W)",
                      _build_cifar, "small VGG-style CNN, dense first conv (CIFAR-10/SVHN)"),
            ModelSpec("cifar_small", ("conv2", "conv3", "fc1"), 3, "(C, H, W)", _build_cifar_small,
                      "3-conv CNN 32-64-128 sized for an ECP5-85, dense first conv (CIFAR-10/SVHN)"),
            ModelSpec("lstm", ("lstm",), 2, "(T, F)", _build_lstm,
                      "BC-LSTM sequence classifier (JapaneseVowels)"),
        )
    }
)

MODEL_NAMES: tuple[str, ...] = tuple(_SPECS)


def _is_positive_int(value: object) -> bool:
    """Return True for a positive integer (Python or numpy int, not bool)."""
    if isinstance(value, bool):
        return False
    try:
        return operator.index(value) >= 1  # type: ignore[arg-type]
    except TypeError:
        return False


def _spec(name: str) -> ModelSpec:
    """Return the spec of a zoo model or raise SwmError listing the valid names."""
    if name not in _SPECS:
        raise SwmError(f"unknown model {name!r}; choose one of: {', '.join(MODEL_NAMES)}")
    return _SPECS[name]


def layer_names(name: str) -> tuple[str, ...]:
    """Return the BC layer names of zoo model ``name`` in the order block-size lists use."""
    return _spec(name).bc_names


def resolve_block_sizes(name: str, block_size: BlockSizeSpec) -> dict[str, int]:
    """Turn an int / list / dict block-size spec into ``{bc_layer_name: k}`` for model ``name``."""
    names = layer_names(name)
    if isinstance(block_size, Mapping):
        valid = set(names) | {"default"}
        unknown = [key for key in block_size if key not in valid]
        if unknown:
            raise SwmError(
                f"block_size names unknown layer(s) {unknown} for model {name!r}; "
                f"valid names: {', '.join(names)} (or 'default')"
            )
        missing = [n for n in names if n not in block_size]
        if missing and "default" not in block_size:
            raise SwmError(
                f"block_size dict for model {name!r} lacks layer(s) {missing}; "
                f"name every layer of {list(names)} or add a 'default' entry"
            )
        default = block_size.get("default")
        return {
            n: check_block_size(block_size[n] if n in block_size else default, f"block_size[{n!r}]")
            for n in names
        }
    if isinstance(block_size, (list, tuple)):
        if len(block_size) != len(names):
            raise SwmError(
                f"block_size list has {len(block_size)} entries but model {name!r} has "
                f"{len(names)} block-circulant layers {list(names)}; give one per layer"
            )
        return {n: check_block_size(k, f"block_size[{i}] ({n})") for i, (n, k) in enumerate(zip(names, block_size))}
    k = check_block_size(block_size)
    return {n: k for n in names}


def build_model(name: str, num_classes: int, in_shape: tuple[int, ...], block_size: BlockSizeSpec = 16) -> nn.Module:
    """Build zoo model ``name`` for ``num_classes`` classes and per-sample input shape ``in_shape``."""
    spec = _spec(name)
    if not _is_positive_int(num_classes):
        raise SwmError(f"num_classes must be a positive integer, got {num_classes!r}")
    shape = tuple(in_shape) if isinstance(in_shape, Sequence) and not isinstance(in_shape, str) else ()
    if not shape or not all(_is_positive_int(d) for d in shape):
        raise SwmError(f"in_shape must be a tuple of positive ints (no batch dim), got {in_shape!r}")
    shape = tuple(operator.index(d) for d in shape)
    if spec.in_rank and len(shape) != spec.in_rank:
        raise SwmError(f"model {name!r} expects in_shape {spec.in_layout} without the batch dim, got {shape}")
    ks = resolve_block_sizes(name, block_size)
    model = spec.build(operator.index(num_classes), shape, ks)
    found = [qual.rsplit(".", 1)[-1] for qual, _ in bc_layers(model)]
    assert found == list(spec.bc_names), f"zoo spec for {name} lists {spec.bc_names}, model has {found}"
    return model


def bc_layers(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """Return ``(qualified_name, module)`` of every BC layer in order; an LSTM counts once."""
    found: list[tuple[str, nn.Module]] = []
    inside: list[str] = []
    for qual, mod in model.named_modules():
        if any(qual.startswith(prefix + ".") for prefix in inside):
            continue
        if isinstance(mod, BC_TYPES):
            found.append((qual, mod))
            inside.append(qual)
    return found


def model_block_sizes(model: nn.Module) -> list[int]:
    """Return the block size of every BC layer of ``model`` in order."""
    return [mod.block_size for _, mod in bc_layers(model)]  # type: ignore[union-attr]


def count_params(model: nn.Module) -> tuple[int, int]:
    """Return ``(stored, dense_equivalent)`` parameter counts; BC layers count their dense equivalent."""
    stored = sum(p.numel() for p in model.parameters())
    dense = stored
    for _, mod in bc_layers(model):
        dense += mod.dense_params() - sum(p.numel() for p in mod.parameters())  # type: ignore[operator]
    return stored, dense

