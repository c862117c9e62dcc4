"""Block-circulant layers against their dense equivalents, gradients and input validation."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call

from swm.errors import SwmError
from swm.layers import BlockCirculantConv2d, BlockCirculantLinear, BlockCirculantLSTM

SEED = 1234
TOL = {torch.float32: 1e-5, torch.float64: 1e-10}


@pytest.fixture(autouse=True)
def _seed() -> None:
    """Seed torch for every test (the seed is a module constant, printed on failure by pytest)."""
    torch.manual_seed(SEED)


def _close(a: torch.Tensor, b: torch.Tensor, dtype: torch.dtype) -> None:
    """Assert two tensors agree within the tolerance of ``dtype`` (relative to their scale)."""
    scale = max(1.0, b.abs().max().item())
    err = (a - b).abs().max().item()
    assert err <= TOL[dtype] * scale, f"max abs error {err:.3g} (scale {scale:.3g})"


def _naive_dense(weight: torch.Tensor, out: int, inp: int) -> torch.Tensor:
    """Expand ``(p, q, k)`` first columns into a dense matrix with explicit loops (B[r,c]=w[(r-c)%k])."""
    p, q, k = weight.shape
    dense = torch.zeros(p * k, q * k, dtype=weight.dtype)
    for i in range(p):
        for j in range(q):
            for r in range(k):
                for c in range(k):
                    dense[i * k + r, j * k + c] = weight[i, j, (r - c) % k]
    return dense[:out, :inp]


# ---------------------------------------------------------------- Linear

LINEAR_CASES = [(12, 8, 4), (10, 7, 4), (3, 17, 8), (784, 256, 16), (5, 9, 1), (16, 16, 16), (7, 3, 64), (33, 20, 5)]


def test_linear_convention_first_column() -> None:
    layer = BlockCirculantLinear(7, 5, 3)
    _close(layer.to_dense().detach(), _naive_dense(layer.weight.detach(), 5, 7), torch.float32)
    # block (0, 0)'s first column is weight[0, 0]
    _close(layer.to_dense()[:3, 0].detach(), layer.weight[0, 0].detach(), torch.float32)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("inp,out,k", LINEAR_CASES)
def test_linear_matches_dense(inp: int, out: int, k: int, dtype: torch.dtype) -> None:
    layer = BlockCirculantLinear(inp, out, k).to(dtype)
    assert layer.weight.shape == (layer.p, layer.q, k)
    assert layer.p == -(-out // k) and layer.q == -(-inp // k)
    x = torch.randn(2, 3, inp, dtype=dtype)
    dense = layer.to_dense()
    assert dense.shape == (out, inp)
    _close(layer(x), F.linear(x, dense, layer.bias), dtype)


def test_linear_no_bias_and_1d_input() -> None:
    layer = BlockCirculantLinear(9, 6, 4, bias=False).double()
    assert layer.bias is None
    x = torch.randn(9, dtype=torch.float64)
    _close(layer(x), layer.to_dense() @ x, torch.float64)
    assert layer.dense_params() == 54


def test_linear_params_and_repr() -> None:
    layer = BlockCirculantLinear(784, 256, 16)
    assert sum(p.numel() for p in layer.parameters()) == 16 * 49 * 16 + 256
    assert layer.dense_params() == 784 * 256 + 256
    assert layer.block_size == 16
    assert "block_size=16" in repr(layer) and "blocks=(16, 49)" in repr(layer)


def test_linear_init_variance_matches_nn_linear() -> None:
    layer = BlockCirculantLinear(256, 256, 16)
    ref = nn.Linear(256, 256)
    ratio = layer.to_dense().detach().var().item() / ref.weight.detach().var().item()
    assert 0.8 < ratio < 1.25


@pytest.mark.parametrize("inp,out,k", [(6, 5, 3), (8, 8, 4), (5, 3, 1), (3, 7, 8)])
def test_linear_gradcheck(inp: int, out: int, k: int) -> None:
    layer = BlockCirculantLinear(inp, out, k).double()
    x = torch.randn(2, inp, dtype=torch.float64, requires_grad=True)
    w = layer.weight.detach().clone().requires_grad_(True)
    b = layer.bias.detach().clone().requires_grad_(True)

    def fn(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return functional_call(layer, {"weight": w, "bias": b}, (x,))

    assert torch.autograd.gradcheck(fn, (x, w, b))


def test_linear_weight_grad_matches_dense_grad() -> None:
    layer = BlockCirculantLinear(10, 7, 4).double()
    x = torch.randn(3, 10, dtype=torch.float64)
    layer(x).square().sum().backward()
    g_fft = layer.weight.grad.clone()
    layer.weight.grad = None
    F.linear(x, layer.to_dense(), layer.bias).square().sum().backward()
    _close(g_fft, layer.weight.grad, torch.float64)


# ---------------------------------------------------------------- Conv2d

CONV_CASES = [
    # in, out, kernel, k, stride, padding
    (5, 6, 3, 4, 2, 1),
    (8, 8, 3, 8, 1, 1),
    (3, 7, (3, 2), 1, 1, 1),
    (9, 4, 3, 8, (2, 1), (0, 2)),
    (32, 20, 5, 16, 1, 0),
    (4, 10, 1, 3, 1, 0),
]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("cin,cout,ks,k,stride,pad", CONV_CASES)
def test_conv_matches_dense(cin: int, cout: int, ks: int, k: int, stride: int, pad: int, dtype: torch.dtype) -> None:
    conv = BlockCirculantConv2d(cin, cout, ks, k, stride=stride, padding=pad).to(dtype)
    dense = conv.to_dense()
    assert dense.shape == (cout, cin, *conv.kernel_size)
    x = torch.randn(2, cin, 9, 10, dtype=dtype)
    _close(conv(x), F.conv2d(x, dense, conv.bias, conv.stride, conv.padding), dtype)


def test_conv_tap_matrix_is_block_circulant() -> None:
    conv = BlockCirculantConv2d(7, 5, 3, 3, bias=False)
    dense = conv.to_dense().detach()
    for u in range(3):
        for v in range(3):
            _close(dense[:, :, u, v], _naive_dense(conv.weight[:, :, u, v].detach(), 5, 7), torch.float32)


def test_conv_unbatched_and_no_bias() -> None:
    conv = BlockCirculantConv2d(6, 4, 3, 4, padding=1, bias=False).double()
    x = torch.randn(6, 5, 5, dtype=torch.float64)
    _close(conv(x), F.conv2d(x[None], conv.to_dense(), None, 1, 1)[0], torch.float64)
    assert conv.dense_params() == 6 * 4 * 9


@pytest.mark.parametrize("k,stride,pad", [(4, 2, 1), (3, 1, 0), (1, 1, 1)])
def test_conv_gradcheck(k: int, stride: int, pad: int) -> None:
    conv = BlockCirculantConv2d(5, 6, 3, k, stride=stride, padding=pad).double()
    x = torch.randn(1, 5, 5, 5, dtype=torch.float64, requires_grad=True)
    w = conv.weight.detach().clone().requires_grad_(True)
    b = conv.bias.detach().clone().requires_grad_(True)

    def fn(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return functional_call(conv, {"weight": w, "bias": b}, (x,))

    assert torch.autograd.gradcheck(fn, (x, w, b))


# ---------------------------------------------------------------- LSTM


def _reference_lstm(layer: BlockCirculantLSTM, dtype: torch.dtype) -> nn.LSTM:
    """Return an nn.LSTM loaded with ``layer.to_dense()``."""
    ref = nn.LSTM(layer.input_size, layer.hidden_size, batch_first=layer.batch_first).to(dtype)
    ref.load_state_dict({name: t.detach() for name, t in layer.to_dense().items()})
    return ref


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("inp,hidden,k,batch_first", [(5, 6, 4, True), (12, 16, 8, False), (3, 5, 1, True), (7, 8, 16, True)])
def test_lstm_matches_nn_lstm(inp: int, hidden: int, k: int, batch_first: bool, dtype: torch.dtype) -> None:
    layer = BlockCirculantLSTM(inp, hidden, k, batch_first=batch_first).to(dtype)
    ref = _reference_lstm(layer, dtype)
    shape = (3, 6, inp) if batch_first else (6, 3, inp)
    x = torch.randn(*shape, dtype=dtype)
    h0 = torch.randn(1, 3, hidden, dtype=dtype)
    c0 = torch.randn(1, 3, hidden, dtype=dtype)
    for hx in (None, (h0, c0)):
        out, (h, c) = layer(x, hx)
        ref_out, (ref_h, ref_c) = ref(x, hx)
        assert h.shape == (1, 3, hidden) and c.shape == (1, 3, hidden)
        _close(out, ref_out, dtype)
        _close(h, ref_h, dtype)
        _close(c, ref_c, dtype)


def test_lstm_lengths_match_packed_sequence() -> None:
    layer = BlockCirculantLSTM(6, 8, 4).double()
    ref = _reference_lstm(layer, torch.float64)
    x = torch.randn(4, 7, 6, dtype=torch.float64)
    lengths = torch.tensor([7, 3, 5, 1])
    out, (h, c) = layer(x, lengths=lengths)
    packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    ref_packed, (ref_h, ref_c) = ref(packed)
    ref_out, _ = nn.utils.rnn.pad_packed_sequence(ref_packed, batch_first=True, total_length=7)
    _close(out, ref_out, torch.float64)
    _close(h, ref_h, torch.float64)
    _close(c, ref_c, torch.float64)


def test_lstm_unbatched() -> None:
    layer = BlockCirculantLSTM(4, 5, 2)
    ref = _reference_lstm(layer, torch.float32)
    x = torch.randn(6, 4)
    out, (h, c) = layer(x)
    ref_out, (ref_h, ref_c) = ref(x)
    assert h.shape == ref_h.shape == (1, 5)
    _close(out, ref_out, torch.float32)
    _close(c, ref_c, torch.float32)


def test_lstm_params_and_init() -> None:
    layer = BlockCirculantLSTM(12, 16, 8)
    assert layer.dense_params() == sum(p.numel() for p in nn.LSTM(12, 16).parameters())
    assert layer.block_size == 8
    bound = 1.0 / 16**0.5
    assert all(p.abs().max().item() <= bound for p in layer.parameters())


def test_lstm_gradcheck() -> None:
    layer = BlockCirculantLSTM(3, 4, 4).double()
    names = [name for name, _ in layer.named_parameters()]
    params = [p.detach().clone().requires_grad_(True) for p in layer.parameters()]
    x = torch.randn(2, 3, 3, dtype=torch.float64, requires_grad=True)

    def fn(x: torch.Tensor, *ps: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        out, (h, c) = functional_call(layer, dict(zip(names, ps)), (x,), {"lengths": [3, 2]})
        return out, c

    assert torch.autograd.gradcheck(fn, (x, *params))


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize("bad", [0, -4, 2.5, 16.0, "16", True, None])
def test_bad_block_size(bad: object) -> None:
    with pytest.raises(SwmError, match="block_size"):
        BlockCirculantLinear(8, 8, bad)  # type: ignore[arg-type]
    with pytest.raises(SwmError, match="block_size"):
        BlockCirculantConv2d(8, 8, 3, bad)  # type: ignore[arg-type]
    with pytest.raises(SwmError, match="block_size"):
        BlockCirculantLSTM(8, 8, bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("inp,out", [(0, 4), (4, 0), (-1, 4), (4.0, 4)])
def test_bad_sizes(inp: object, out: object) -> None:
    with pytest.raises(SwmError):
        BlockCirculantLinear(inp, out, 4)  # type: ignore[arg-type]
    with pytest.raises(SwmError):
        BlockCirculantConv2d(inp, out, 3, 4)  # type: ignore[arg-type]


def test_bad_conv_geometry() -> None:
    with pytest.raises(SwmError, match="kernel_size"):
        BlockCirculantConv2d(4, 4, 0, 2)
    with pytest.raises(SwmError, match="kernel_size"):
        BlockCirculantConv2d(4, 4, (3, 3, 3), 2)  # type: ignore[arg-type]
    with pytest.raises(SwmError, match="stride"):
        BlockCirculantConv2d(4, 4, 3, 2, stride=0)


def test_bad_inputs() -> None:
    with pytest.raises(SwmError, match="last dimension 8"):
        BlockCirculantLinear(8, 4, 4)(torch.randn(2, 7))
    with pytest.raises(SwmError, match="in_channels|input"):
        BlockCirculantConv2d(4, 4, 3, 2)(torch.randn(1, 3, 8, 8))
    lstm = BlockCirculantLSTM(4, 4, 2)
    with pytest.raises(SwmError, match="features=4"):
        lstm(torch.randn(2, 3, 5))
    with pytest.raises(SwmError, match="lengths"):
        lstm(torch.randn(2, 3, 4), lengths=[3])
    with pytest.raises(SwmError, match="length"):
        lstm(torch.randn(2, 3, 4), lengths=[4, 1])
    with pytest.raises(SwmError, match="hx"):
        lstm(torch.randn(2, 3, 4), (torch.zeros(2, 4), torch.zeros(2, 4)))


def test_flatten_hwc_is_the_stream_order():
    """FlattenHWC puts feature (h*W + w)*C + c at channel c of pixel (h, w); other ranks as nn.Flatten."""
    from swm.layers import FlattenHWC

    x = torch.arange(2 * 3 * 4 * 5, dtype=torch.float64).reshape(2, 3, 4, 5)
    y = FlattenHWC()(x)
    n, c, h, w = 1, 2, 3, 1
    assert y[n, (h * 5 + w) * 3 + c] == x[n, c, h, w]
    assert torch.equal(y, x.permute(0, 2, 3, 1).reshape(2, -1))
    z = torch.randn(4, 7, 3)
    assert torch.equal(FlattenHWC()(z), torch.nn.Flatten()(z))
