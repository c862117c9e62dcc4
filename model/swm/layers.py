"""Block-circulant (structured weight matrix) layers: Linear, Conv2d and LSTM.

Convention
----------
A block-circulant ``out x in`` matrix is split into ``p x q`` square blocks of size
``k = block_size`` with ``p = ceil(out / k)`` and ``q = ceil(in / k)``. Block ``(i, j)`` is the
circulant matrix whose FIRST COLUMN is the stored vector ``w = weight[i, j]``::

    B[r, c] = w[(r - c) mod k]

so ``B @ x`` is the circular convolution ``w (*) x`` and equals ``irfft(rfft(w) * rfft(x), n=k)``.
The equivalent dense matrix is the ``(p*k, q*k)`` block matrix cut to ``(out, in)``: inputs are
zero-padded from ``in`` to ``q*k`` entries and outputs are cut from ``p*k`` to ``out`` entries, so
sizes need not be multiples of ``k``. ``to_dense()`` of every layer returns that equivalent dense
weight, and the dense PyTorch op applied to it reproduces the layer (the tests check this).

Cost
----
Storage is ``p*q*k`` weights instead of ``out*in`` (a factor ``k`` fewer, O(n) per block instead
of O(n^2)). The forward pass takes the real FFT of each input block ONCE, multiplies it with the
spectra of the weights, accumulates over the input blocks ``j`` (and, for convolutions, over the
kernel taps) in the frequency domain and runs a single inverse FFT per output block, which is
O(p*q*k log k) work instead of O(p*q*k^2). ``block_size=1`` is an ordinary dense layer and uses a
plain matmul / convolution.
"""

from __future__ import annotations

import math
import operator
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from swm.errors import SwmError
from swm.limits import check_train_block_size

__all__ = [
    "FlattenHWC",
    "BlockCirculantLinear",
    "BlockCirculantConv2d",
    "BlockCirculantLSTM",
    "circulant_index",
    "check_block_size",
]


def check_block_size(block_size: Any, what: str = "block_size") -> int:
    """Return ``block_size`` as an int >= 1 (the training rule, ``swm.limits``) or raise SwmError."""
    return check_train_block_size(block_size, what)


def _check_size(value: Any, what: str) -> int:
    """Return a layer dimension as a positive int or raise SwmError."""
    if isinstance(value, bool):
        raise SwmError(f"{what} must be a positive integer, got {value!r}")
    try:
        size = operator.index(value)
    except TypeError:
        raise SwmError(f"{what} must be a positive integer, got {value!r}") from None
    if size < 1:
        raise SwmError(f"{what} must be >= 1, got {size}; give the layer at least one {what}")
    return size


def circulant_index(k: int, device: torch.device | None = None) -> Tensor:
    """Return the ``(k, k)`` index matrix ``(r - c) mod k`` that expands a first column to a circulant."""
    r = torch.arange(k, device=device)
    return (r[:, None] - r[None, :]) % k


def _pair(value: int | tuple[int, int], what: str) -> tuple[int, int]:
    """Return an int or a 2-sequence as a pair of non-negative ints or raise SwmError."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise SwmError(f"{what} must be an int or a pair (h, w), got {value!r}")
        items = tuple(value)
    else:
        items = (value, value)
    out: list[int] = []
    for item in items:
        if isinstance(item, bool):
            raise SwmError(f"{what} must be an int or a pair (h, w) of ints, got {value!r}")
        try:
            out.append(operator.index(item))
        except TypeError:
            raise SwmError(f"{what} must be an int or a pair (h, w) of ints, got {value!r}") from None
    return out[0], out[1]


class _BlockGrid:
    """Shared accessors of the block-circulant layers: ``weight`` is ``(p, q, ..., k)``."""

    _k: int
    weight: nn.Parameter
    bias: nn.Parameter | None

    @property
    def block_size(self) -> int:
        """Block size ``k`` (edge length of each circulant block)."""
        return self._k

    @property
    def p(self) -> int:
        """Number of block rows, ``ceil(outputs / k)``."""
        return self.weight.shape[0]

    @property
    def q(self) -> int:
        """Number of block columns, ``ceil(inputs / k)``."""
        return self.weight.shape[1]

    def _init_uniform(self, bound: float) -> None:
        """Weights and bias uniform in ``[-bound, bound]``."""
        nn.init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            nn.init.uniform_(self.bias, -bound, bound)


class BlockCirculantLinear(_BlockGrid, nn.Module):
    """Linear layer whose ``out x in`` weight matrix is block-circulant with block size ``k``.

    ``weight`` has shape ``(p, q, k)``; ``weight[i, j]`` is the first column of block ``(i, j)``.
    ``bias`` (if any) has shape ``(out_features,)``. Inputs may have any leading batch
    dimensions; the last one must be ``in_features``.
    """

    def __init__(self, in_features: int, out_features: int, block_size: int, bias: bool = True) -> None:
        super().__init__()
        self.in_features = _check_size(in_features, "in_features")
        self.out_features = _check_size(out_features, "out_features")
        self._k = check_block_size(block_size)
        p = math.ceil(self.out_features / self._k)
        q = math.ceil(self.in_features / self._k)
        self.weight = nn.Parameter(torch.empty(p, q, self._k))
        if bias:
            self.bias: nn.Parameter | None = nn.Parameter(torch.empty(self.out_features))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self, bound: float | None = None) -> None:
        """Initialise uniformly in ``[-bound, bound]``, by default ``1/sqrt(in_features)`` like nn.Linear."""
        if bound is None:
            bound = 1.0 / math.sqrt(self.in_features)
        self._init_uniform(bound)

    def dense_params(self) -> int:
        """Parameter count of the equivalent dense nn.Linear (weights plus bias)."""
        return self.in_features * self.out_features + (self.out_features if self.bias is not None else 0)

    def to_dense(self) -> Tensor:
        """Return the equivalent ``(out_features, in_features)`` dense weight (differentiable)."""
        k = self._k
        blocks = self.weight[:, :, circulant_index(k, self.weight.device)]  # (p, q, k_r, k_c)
        dense = blocks.permute(0, 2, 1, 3).reshape(self.p * k, self.q * k)
        return dense[: self.out_features, : self.in_features]

    def spectrum(self) -> Tensor:
        """Return the operator used by :meth:`apply_operator`: rfft of the weights (or the dense matrix for k=1)."""
        if self._k == 1:
            return self.weight[:, :, 0]
        return torch.fft.rfft(self.weight, dim=-1)  # (p, q, k//2 + 1)

    def apply_operator(self, x: Tensor, op: Tensor) -> Tensor:
        """Apply a precomputed :meth:`spectrum` to ``x`` (no bias); lets recurrent callers reuse it."""
        if self._k == 1:
            return F.linear(x, op)
        k = self._k
        lead = x.shape[:-1]
        pad = self.q * k - self.in_features
        if pad:
            x = F.pad(x, (0, pad))
        xf = torch.fft.rfft(x.reshape(*lead, self.q, k), dim=-1)  # (..., q, kf): one FFT per input block
        # Accumulate over j in the frequency domain: per bin, one real matmul
        # [Re x | Im x] (batch x 2q) @ [[Re w, Im w], [-Im w, Re w]] (2q x 2p) = [Re y | Im y]
        # (faster on the CPU than complex einsum/bmm, whose kernels are slow for these shapes).
        xr = torch.view_as_real(xf.reshape(-1, self.q, xf.shape[-1]).permute(2, 0, 1))  # (kf, batch, q, 2)
        xcat = torch.cat([xr[..., 0], xr[..., 1]], dim=-1)  # (kf, batch, 2q)
        wr = torch.view_as_real(op.permute(2, 1, 0))  # (kf, q, p, 2)
        wre, wim = wr[..., 0], wr[..., 1]
        wmat = torch.cat([torch.cat([wre, wim], dim=-1), torch.cat([-wim, wre], dim=-1)], dim=1)  # (kf, 2q, 2p)
        ycat = torch.matmul(xcat, wmat)  # (kf, batch, 2p)
        yf = torch.complex(ycat[..., : self.p], ycat[..., self.p :]).permute(1, 2, 0)  # (batch, p, kf)
        y = torch.fft.irfft(yf, n=k, dim=-1)  # one inverse FFT per output block
        return y.reshape(*lead, self.p * k)[..., : self.out_features]

    def forward(self, x: Tensor) -> Tensor:
        """Return ``x @ to_dense().T + bias`` computed with real FFTs."""
        if x.shape[-1] != self.in_features:
            raise SwmError(
                f"BlockCirculantLinear expects inputs with last dimension {self.in_features}, "
                f"got shape {tuple(x.shape)}; reshape/flatten the input or fix in_features"
            )
        y = self.apply_operator(x, self.spectrum())
        if self.bias is not None:
            y = y + self.bias
        return y

    def extra_repr(self) -> str:
        """Describe sizes, block size and block grid."""
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"block_size={self._k}, blocks=({self.p}, {self.q}), bias={self.bias is not None}"
        )


class BlockCirculantConv2d(_BlockGrid, nn.Module):
    """2-D convolution whose ``out x in`` channel matrix at every kernel tap is block-circulant (CirCNN).

    ``weight`` has shape ``(p, q, kh, kw, k)``; ``weight[i, j, u, v]`` is the first column of
    block ``(i, j)`` of tap ``(u, v)``. Channels are zero-padded to ``q*k`` and the output is cut
    to ``out_channels``. Equivalent to ``F.conv2d(x, to_dense(), bias, stride, padding)``.

    The forward pass takes the rfft over channel blocks of every input pixel once, then performs
    the per-frequency complex products accumulated over input blocks and kernel taps as one
    grouped real convolution (one group per frequency bin, complex product written as a 2x2 real
    block), and finishes with one irfft per output pixel and block.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, int],
        block_size: int,
        stride: int | tuple[int, int] = 1,
        padding: int | tuple[int, int] = 0,
        bias: bool = True,
    ) -> None:
        super().__init__()
        self.in_channels = _check_size(in_channels, "in_channels")
        self.out_channels = _check_size(out_channels, "out_channels")
        self._k = check_block_size(block_size)
        self.kernel_size = _pair(kernel_size, "kernel_size")
        self.stride = _pair(stride, "stride")
        self.padding = _pair(padding, "padding")
        if min(self.kernel_size) < 1 or min(self.stride) < 1 or min(self.padding) < 0:
            raise SwmError(
                f"BlockCirculantConv2d needs kernel_size >= 1, stride >= 1, padding >= 0; got "
                f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"
            )
        p = math.ceil(self.out_channels / self._k)
        q = math.ceil(self.in_channels / self._k)
        kh, kw = self.kernel_size
        self.weight = nn.Parameter(torch.empty(p, q, kh, kw, self._k))
        if bias:
            self.bias: nn.Parameter | None = nn.Parameter(torch.empty(self.out_channels))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self, bound: float | None = None) -> None:
        """Initialise uniformly with nn.Conv2d's bound ``1/sqrt(in_channels*kh*kw)`` unless given."""
        if bound is None:
            kh, kw = self.kernel_size
            bound = 1.0 / math.sqrt(self.in_channels * kh * kw)
        self._init_uniform(bound)

    def dense_params(self) -> int:
        """Parameter count of the equivalent dense nn.Conv2d (weights plus bias)."""
        kh, kw = self.kernel_size
        weights = self.out_channels * self.in_channels * kh * kw
        return weights + (self.out_channels if self.bias is not None else 0)

    def to_dense(self) -> Tensor:
        """Return the equivalent ``(out_channels, in_channels, kh, kw)`` dense weight (differentiable)."""
        k = self._k
        kh, kw = self.kernel_size
        blocks = self.weight[..., circulant_index(k, self.weight.device)]  # (p, q, kh, kw, k_r, k_c)
        dense = blocks.permute(0, 4, 1, 5, 2, 3).reshape(self.p * k, self.q * k, kh, kw)
        return dense[: self.out_channels, : self.in_channels]

    def spectrum(self) -> Tensor:
        """rfft of the circulant vectors, ``(p, q, kh, kw, k/2+1)`` complex (what the hardware stores)."""
        return torch.fft.rfft(self.weight, dim=-1)

    def _freq_weight(self, spec: Tensor | None = None) -> Tensor:
        """Return the grouped real conv weight ``(kf*2p, 2q, kh, kw)`` holding rfft(weight) (or ``spec``) as 2x2 blocks."""
        wf = (self.spectrum() if spec is None else spec).permute(4, 0, 1, 2, 3)  # (kf, p, q, kh, kw)
        wr, wi = wf.real, wf.imag
        top = torch.cat([wr, -wi], dim=2)  # Yr = Wr Xr - Wi Xi
        bot = torch.cat([wi, wr], dim=2)  # Yi = Wi Xr + Wr Xi
        blk = torch.cat([top, bot], dim=1)  # (kf, 2p, 2q, kh, kw)
        kf = blk.shape[0]
        return blk.reshape(kf * 2 * self.p, 2 * self.q, *self.kernel_size)

    def forward(self, x: Tensor, spec: Tensor | None = None) -> Tensor:
        """Return ``F.conv2d(x, to_dense(), bias, stride, padding)`` computed with real FFTs
        (``spec``: use these weight spectra instead of rfft(weight), e.g. quantized ones for QAT)."""
        unbatched = x.dim() == 3
        if unbatched:
            x = x.unsqueeze(0)
        if x.dim() != 4 or x.shape[1] != self.in_channels:
            raise SwmError(
                f"BlockCirculantConv2d expects input (N, {self.in_channels}, H, W), got shape "
                f"{tuple(x.shape)}; fix in_channels or the input layout (channels first)"
            )
        if self._k == 1:
            y = F.conv2d(x, self.weight[..., 0], self.bias, self.stride, self.padding)
            return y.squeeze(0) if unbatched else y
        k, p, q = self._k, self.p, self.q
        n, _, h, w = x.shape
        pad = q * k - self.in_channels
        if pad:
            x = F.pad(x, (0, 0, 0, 0, 0, pad))
        xf = torch.fft.rfft(x.reshape(n, q, k, h, w), dim=2)  # (n, q, kf, h, w): once per pixel
        kf = xf.shape[2]
        xr = torch.stack([xf.real, xf.imag], dim=1)  # (n, 2, q, kf, h, w)
        xr = xr.permute(0, 3, 1, 2, 4, 5).reshape(n, kf * 2 * q, h, w)  # group f: [Xr_j, Xi_j]
        yr = F.conv2d(xr, self._freq_weight(spec), None, self.stride, self.padding, groups=kf)
        ho, wo = yr.shape[-2:]
        yr = yr.reshape(n, kf, 2, p, ho, wo).permute(0, 3, 4, 5, 1, 2).contiguous()
        y = torch.fft.irfft(torch.view_as_complex(yr), n=k, dim=-1)  # (n, p, ho, wo, k)
        y = y.permute(0, 1, 4, 2, 3).reshape(n, p * k, ho, wo)[:, : self.out_channels]
        if self.bias is not None:
            y = y + self.bias[:, None, None]
        return y.squeeze(0) if unbatched else y

    def extra_repr(self) -> str:
        """Describe channels, kernel, stride, padding, block size and block grid."""
        return (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}, padding={self.padding}, block_size={self._k}, "
            f"blocks=({self.p}, {self.q}), bias={self.bias is not None}"
        )


class FlattenHWC(nn.Module):
    """Flatten ``(N, C, H, W)`` feature maps channels-last: feature ``(h*W + w)*C + c``.

    This is the order in which the accelerator streams a feature map (raster order, channels
    innermost), so a layer after it sees its inputs in the trained order and ``Flatten`` is a
    no-op in hardware. (``nn.Flatten`` would give ``c*H*W + h*W + w``: permuting the input columns
    of a block-circulant layer does not keep it block-circulant.) Other ranks flatten as ``nn.Flatten``.
    """

    def forward(self, x: Tensor) -> Tensor:
        """Return ``x`` flattened to ``(N, features)``."""
        if x.dim() == 4:
            x = x.permute(0, 2, 3, 1)
        return x.flatten(1)


class BlockCirculantLSTM(nn.Module):
    """Single-layer LSTM (nn.LSTM semantics, gate order i, f, g, o) with block-circulant weights.

    ``ih`` is a :class:`BlockCirculantLinear` ``input_size -> 4*hidden_size`` holding
    ``weight_ih`` and ``bias_ih``; ``hh`` is one ``hidden_size -> 4*hidden_size`` holding
    ``weight_hh`` and ``bias_hh``. Both biases are kept, as in nn.LSTM, so :meth:`to_dense`
    maps one-to-one onto an nn.LSTM state dict. The four gates are stacked along the output
    dimension before blocking, so blocks align with gate boundaries when ``hidden_size`` is a
    multiple of ``block_size`` (otherwise a block straddles two gates; still exact).
    """

    def __init__(self, input_size: int, hidden_size: int, block_size: int, batch_first: bool = True) -> None:
        super().__init__()
        self.input_size = _check_size(input_size, "input_size")
        self.hidden_size = _check_size(hidden_size, "hidden_size")
        self._k = check_block_size(block_size)
        self.batch_first = bool(batch_first)
        self.ih = BlockCirculantLinear(self.input_size, 4 * self.hidden_size, self._k, bias=True)
        self.hh = BlockCirculantLinear(self.hidden_size, 4 * self.hidden_size, self._k, bias=True)
        self.reset_parameters()

    @property
    def block_size(self) -> int:
        """Block size ``k`` shared by the input and recurrent matrices."""
        return self._k

    def reset_parameters(self) -> None:
        """Initialise every weight and bias in ``[-1/sqrt(hidden), 1/sqrt(hidden)]`` like nn.LSTM."""
        bound = 1.0 / math.sqrt(self.hidden_size)
        self.ih.reset_parameters(bound)
        self.hh.reset_parameters(bound)

    def dense_params(self) -> int:
        """Parameter count of the equivalent nn.LSTM (both weight matrices and both biases)."""
        return self.ih.dense_params() + self.hh.dense_params()

    def to_dense(self) -> dict[str, Tensor]:
        """Return an nn.LSTM state dict (``weight_ih_l0``, ``weight_hh_l0``, ``bias_ih_l0``, ``bias_hh_l0``)."""
        assert self.ih.bias is not None and self.hh.bias is not None
        return {
            "weight_ih_l0": self.ih.to_dense(),
            "weight_hh_l0": self.hh.to_dense(),
            "bias_ih_l0": self.ih.bias,
            "bias_hh_l0": self.hh.bias,
        }

    def _check_lengths(self, lengths: Tensor | list[int], batch: int, steps: int, device: torch.device) -> Tensor:
        """Return ``lengths`` as a long tensor on ``device`` or raise SwmError if out of range."""
        lens = torch.as_tensor(lengths).to(device=device, dtype=torch.long).reshape(-1)
        if lens.numel() != batch:
            raise SwmError(f"lengths has {lens.numel()} entries but the batch has {batch}; give one per sequence")
        if bool((lens < 1).any()) or bool((lens > steps).any()):
            raise SwmError(f"every length must be in [1, {steps}] (the padded sequence length), got {lens.tolist()}")
        return lens

    def forward(
        self,
        x: Tensor,
        hx: tuple[Tensor, Tensor] | None = None,
        lengths: Tensor | list[int] | None = None,
    ) -> tuple[Tensor, tuple[Tensor, Tensor]]:
        """Run the LSTM; return ``output, (h, c)`` like nn.LSTM, ``h``/``c`` of shape ``(1, batch, hidden)``.

        With ``lengths`` (one valid length per sequence, padding at the end) the state stops
        updating after each sequence's last valid step, so ``h``/``c`` hold the last valid state
        (as with a packed sequence) and ``output`` is zero at padded steps.
        """
        unbatched = x.dim() == 2
        if unbatched:
            x = x.unsqueeze(0 if self.batch_first else 1)
        if x.dim() != 3 or x.shape[-1] != self.input_size:
            layout = "(batch, time, features)" if self.batch_first else "(time, batch, features)"
            raise SwmError(
                f"BlockCirculantLSTM expects input {layout} with features={self.input_size}, "
                f"got shape {tuple(x.shape)}"
            )
        if not self.batch_first:
            x = x.transpose(0, 1)
        batch, steps, _ = x.shape
        if hx is None:
            h = x.new_zeros(batch, self.hidden_size)
            c = x.new_zeros(batch, self.hidden_size)
        else:
            h0, c0 = hx
            expect = (1, batch, self.hidden_size) if not unbatched else (1, self.hidden_size)
            if tuple(h0.shape) != expect or tuple(c0.shape) != expect:
                raise SwmError(
                    f"hx must be (h0, c0) each of shape {expect}, got {tuple(h0.shape)} and {tuple(c0.shape)}"
                )
            h, c = h0.reshape(batch, self.hidden_size), c0.reshape(batch, self.hidden_size)
        mask = None
        if lengths is not None:
            lens = self._check_lengths(lengths, batch, steps, x.device)
            mask = torch.arange(steps, device=x.device)[None, :] < lens[:, None]  # (batch, steps)
        gates_x = self.ih(x)  # all input projections at once: (batch, steps, 4H)
        op_hh = self.hh.spectrum()  # recurrent weight spectrum computed once per call
        outputs = []
        for t in range(steps):
            gates = gates_x[:, t] + self.hh.apply_operator(h, op_hh) + self.hh.bias
            i, f, g, o = gates.chunk(4, dim=-1)
            c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h_new = torch.sigmoid(o) * torch.tanh(c_new)
            if mask is not None:
                m = mask[:, t, None]
                h = torch.where(m, h_new, h)
                c = torch.where(m, c_new, c)
                outputs.append(torch.where(m, h_new, torch.zeros_like(h_new)))
            else:
                h, c = h_new, c_new
                outputs.append(h_new)
        out = torch.stack(outputs, dim=1)  # (batch, steps, H)
        if not self.batch_first:
            out = out.transpose(0, 1)
        h_n, c_n = h.unsqueeze(0), c.unsqueeze(0)
        if unbatched:
            out = out.squeeze(0 if self.batch_first else 1)
            h_n, c_n = h_n.squeeze(1), c_n.squeeze(1)
        return out, (h_n, c_n)

    def extra_repr(self) -> str:
        """Describe sizes, block size and layout."""
        return (
            f"input_size={self.input_size}, hidden_size={self.hidden_size}, "
            f"block_size={self._k}, batch_first={self.batch_first}"
        )
