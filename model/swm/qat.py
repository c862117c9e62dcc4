"""Quantization-aware training: fake-quantize the datapath contract in the forward pass.

``enable(model, act_bits, weight_bits)`` swaps every ``BlockCirculantLinear`` of a model for a
``QATBlockCirculantLinear`` holding the same parameters. Its forward pass models the fixed-point
effects of docs/datapath.md that dominate the error, with straight-through gradients:

* the input activations are rounded and saturated to ``act_bits`` with the fraction bits the
  export will choose (``choose_frac`` of a running maximum of ``|x|``);
* the FFT-domain weights ``rfft(w)`` are rounded and saturated to ``weight_bits`` with one
  exponent per layer (``w_frac``), exactly as the export quantizes them; a dense layer (block
  size 1, exported as ``"type": "dense"`` for ``swm_dense_stage``) has its weight matrix
  quantized the same way, which is exactly the integer matrix the export writes when
  ``weight_bits`` equals the export's ``WW``;
* the pre-activation output is rounded and saturated to ``act_bits`` with the output fraction
  bits the export will choose from its own running maximum.

Convolutional networks (``lenet``, ``cifar_cnn``): every ``BlockCirculantConv2d`` becomes a
``QATConv`` whose FFT-domain weights are quantized the same way (one exponent per layer, as
``swm.golden_cnn.pack_conv_weights`` does), and every dense ``nn.Conv2d`` / ``nn.Linear`` a
``QATConv`` with its input and output activations and its weights fake-quantized. A BatchNorm
after a dense convolution is folded into its weights at export; its output format is then the
folded layer's, which QAT approximates by the convolution's own output range.

The block-circulant LSTM (``lstm``) becomes a ``QATBlockCirculantLSTM`` that runs the integer
cell of docs/datapath.md "LSTM cell" in float: ``x_t`` and ``h`` fake-quantized to one format
``A`` (from a running maximum of ``max(|x|, 1)``), the input and recurrent spectra to one
exponent (the merged gate matrix's), the gate pre-activations to ``G = act_bits - 4`` fraction
bits, the contract's PWL sigmoid and tanh (``pwl_sigmoid``, ``pwl_tanh``), the cell state to
``C`` (running maximum of ``|c|``, one bit of headroom, at most ``act_bits - 4``).

The FFT-internal rounding (a few LSBs at 18 bits) is not modelled: it is far below the
activation and weight quantization at the default widths (see docs/datapath.md for its SQNR).
"""

from __future__ import annotations

import torch
from torch import nn

from swm import limits
from swm.errors import SwmError
from swm.fixed import choose_frac
from swm.layers import BlockCirculantConv2d, BlockCirculantLinear, BlockCirculantLSTM


def _choose_frac(max_abs: float, width: int, headroom_bits: int = 0) -> int:
    """The export's rule (swm.fixed.choose_frac): largest f with max_abs * 2^f <= 2^(width-1-headroom) - 1."""
    return choose_frac(max_abs, width, headroom_bits)


def fake_quant(x: torch.Tensor, frac: int, width: int) -> torch.Tensor:
    """sat(floor(x * 2^frac + 0.5), width) / 2^frac in the forward pass, identity gradient."""
    scale = 2.0 ** frac
    lo, hi = -(2 ** (width - 1)), 2 ** (width - 1) - 1
    q = torch.clamp(torch.floor(x * scale + 0.5), lo, hi) / scale
    return x + (q - x).detach()


class QATBlockCirculantLinear(nn.Module):
    """A BlockCirculantLinear whose forward pass fake-quantizes input, FFT-domain weights and output."""

    def __init__(self, layer: BlockCirculantLinear, act_bits: int, weight_bits: int, momentum: float = 0.1):
        super().__init__()
        self.inner = layer
        self.act_bits = act_bits
        self.weight_bits = weight_bits
        self.momentum = momentum
        self.register_buffer("x_max", torch.zeros(()))
        self.register_buffer("y_max", torch.zeros(()))

    def _track(self, name: str, value: torch.Tensor) -> float:
        buf = getattr(self, name)
        if self.training:
            v = value.detach().abs().max()
            buf.copy_(v if float(buf) == 0.0 else (1 - self.momentum) * buf + self.momentum * v)
        return max(float(buf), 1e-8)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Fake-quantized block-circulant product (frequency-domain accumulation, one irfft per block)."""
        layer = self.inner
        xq = fake_quant(x, _choose_frac(self._track("x_max", x), self.act_bits), self.act_bits)
        op = layer.spectrum()  # rfft(weight) (p, q, k/2+1); the weight matrix itself when k = 1
        if op.is_complex():
            wmax = float(torch.maximum(op.real.abs().max(), op.imag.abs().max()).detach())
            wfrac = _choose_frac(max(wmax, 1e-12), self.weight_bits)
            op = torch.complex(fake_quant(op.real, wfrac, self.weight_bits), fake_quant(op.imag, wfrac, self.weight_bits))
        else:
            op = fake_quant(op, _choose_frac(max(float(op.abs().max().detach()), 1e-12), self.weight_bits),
                            self.weight_bits)
        y = layer.apply_operator(xq, op)
        if layer.bias is not None:
            y = y + layer.bias
        # the export gives the output one bit of headroom (swm.golden.choose_out_shift)
        return fake_quant(y, _choose_frac(self._track("y_max", y), self.act_bits, 1), self.act_bits)


def _quant_spectrum(op: torch.Tensor, bits: int) -> torch.Tensor:
    """Complex spectra rounded to ``bits`` with one exponent for real and imaginary parts (the export's)."""
    wmax = float(torch.maximum(op.real.abs().max(), op.imag.abs().max()).detach())
    wfrac = _choose_frac(max(wmax, 1e-12), bits)
    return torch.complex(fake_quant(op.real, wfrac, bits), fake_quant(op.imag, wfrac, bits))


class QATConv(QATBlockCirculantLinear):
    """A convolution or dense layer (``BlockCirculantConv2d``, ``nn.Conv2d``, ``nn.Linear``) with its input
    activations, weights (FFT-domain for a block-circulant convolution) and output fake-quantized."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """The layer on quantized input and weights, its output quantized (one bit of headroom)."""
        m = self.inner
        xq = fake_quant(x, _choose_frac(self._track("x_max", x), self.act_bits), self.act_bits)
        if isinstance(m, BlockCirculantConv2d) and m.block_size > 1:
            y = m(xq, spec=_quant_spectrum(m.spectrum(), self.weight_bits))
        else:
            w = m.weight
            wq = fake_quant(w, _choose_frac(max(float(w.abs().max().detach()), 1e-12), self.weight_bits),
                            self.weight_bits)
            if isinstance(m, nn.Conv2d):
                y = torch.nn.functional.conv2d(xq, wq, m.bias, m.stride, m.padding, m.dilation, m.groups)
            elif isinstance(m, BlockCirculantConv2d):  # block size 1: a dense convolution
                y = torch.nn.functional.conv2d(xq, wq[..., 0], m.bias, m.stride, m.padding)
            else:
                y = torch.nn.functional.linear(xq, wq, m.bias)
        return fake_quant(y, _choose_frac(self._track("y_max", y), self.act_bits, 1), self.act_bits)


def pwl_sigmoid(v: torch.Tensor) -> torch.Tensor:
    """The contract's PLAN sigmoid in float (docs/datapath.md step 4, without the ``>>`` truncation)."""
    a = v.abs()
    f = torch.where(a >= 5, torch.ones_like(a),
                    torch.where(a >= 2.375, a / 32 + 0.84375, torch.where(a >= 1, a / 8 + 0.625, a / 4 + 0.5)))
    return torch.where(v >= 0, f, 1 - f)


def pwl_tanh(v: torch.Tensor) -> torch.Tensor:
    """The contract's tanh, ``2 * sigmoid(2v) - 1`` with the PWL sigmoid."""
    return 2 * pwl_sigmoid(2 * v) - 1


class QATBlockCirculantLSTM(nn.Module):
    """A BlockCirculantLSTM (batch first) whose forward pass runs the fixed-point LSTM cell in float."""

    def __init__(self, layer: BlockCirculantLSTM, act_bits: int, weight_bits: int, momentum: float = 0.1):
        super().__init__()
        if not layer.batch_first:
            raise SwmError("--qat supports a batch-first BlockCirculantLSTM (the zoo's lstm)")
        self.inner = layer
        self.act_bits, self.weight_bits, self.momentum = act_bits, weight_bits, momentum
        self.register_buffer("x_max", torch.zeros(()))
        self.register_buffer("c_max", torch.zeros(()))

    def _track(self, name: str, value: torch.Tensor) -> float:
        buf = getattr(self, name)
        if self.training:
            v = value.detach().abs().max()
            buf.copy_(v if float(buf) == 0.0 else (1 - self.momentum) * buf + self.momentum * v)
        return max(float(buf), 1e-8)

    def forward(self, x: torch.Tensor, hx=None, lengths=None):
        """``output, (h, c)`` like BlockCirculantLSTM, for ``(batch, time, features)`` input from zero state."""
        m, bits = self.inner, self.act_bits
        if x.dim() != 3 or hx is not None:
            raise SwmError("QATBlockCirculantLSTM takes (batch, time, features) input and starts from a zero state")
        N, T, _ = x.shape
        H = m.hidden_size
        A = _choose_frac(max(self._track("x_max", x), 1.0), bits)
        xq = fake_quant(x, A, bits)
        op_ih, op_hh = m.ih.spectrum(), m.hh.spectrum()
        wmax = max(float(torch.maximum(o.real.abs().max(), o.imag.abs().max()).detach()) for o in (op_ih, op_hh))
        wfrac = _choose_frac(max(wmax, 1e-12), self.weight_bits)
        op_ih, op_hh = (torch.complex(fake_quant(o.real, wfrac, self.weight_bits),
                                      fake_quant(o.imag, wfrac, self.weight_bits)) for o in (op_ih, op_hh))
        gates_x = m.ih.apply_operator(xq, op_ih)
        bias = m.ih.bias + m.hh.bias
        G = bits - 4
        C = min(bits - 4, _choose_frac(float(self.c_max) if float(self.c_max) > 0 else 1.0, bits, 1))
        live = None
        if lengths is not None:
            live = torch.arange(T, device=x.device)[None, :] < torch.as_tensor(lengths, device=x.device)[:, None]
        h, c = x.new_zeros(N, H), x.new_zeros(N, H)
        outs, cmax = [], x.new_zeros(())
        for t in range(T):
            z = fake_quant(gates_x[:, t] + m.hh.apply_operator(h, op_hh) + bias, G, bits)
            i, f, g, o = z.chunk(4, dim=-1)
            cn = pwl_sigmoid(f) * c + pwl_sigmoid(i) * pwl_tanh(g)
            cmax = torch.maximum(cmax, cn.detach().abs().max())
            cn = fake_quant(cn, C, bits)
            hn = fake_quant(pwl_sigmoid(o) * pwl_tanh(cn), A, bits)
            if live is not None:
                keep = live[:, t, None]
                h, c = torch.where(keep, hn, h), torch.where(keep, cn, c)
                outs.append(torch.where(keep, hn, torch.zeros_like(hn)))
            else:
                h, c = hn, cn
                outs.append(hn)
        self._track("c_max", cmax)
        return torch.stack(outs, dim=1), (h.unsqueeze(0), c.unsqueeze(0))


def enable(model: nn.Module, act_bits: int = 16, weight_bits: int = 16) -> nn.Module:
    """Replace every BlockCirculantLinear in ``model`` (in place) by its QAT version; returns ``model``."""
    # the golden datapath's DW and WW ranges (swm.limits): the export must be able to use these widths
    for bits, name, (lo, hi) in ((act_bits, "act_bits", limits.MODEL_DW), (weight_bits, "weight_bits", limits.MODEL_WW)):
        if not isinstance(bits, int) or not lo <= bits <= hi:
            raise SwmError(f"--{name.replace('_', '-')} must be an integer in {lo}..{hi}, got {bits!r}")
    count = 0
    for parent in list(model.modules()):
        if isinstance(parent, (BlockCirculantLSTM, QATBlockCirculantLSTM)):
            continue  # its two gate matrices are quantized together by QATBlockCirculantLSTM
        for child_name, child in list(parent.named_children()):
            if isinstance(child, BlockCirculantLSTM):
                setattr(parent, child_name, QATBlockCirculantLSTM(child, act_bits, weight_bits))
                count += 1
            elif isinstance(child, BlockCirculantLinear):
                setattr(parent, child_name, QATBlockCirculantLinear(child, act_bits, weight_bits))
                count += 1
            elif isinstance(child, (BlockCirculantConv2d, nn.Conv2d, nn.Linear)):
                setattr(parent, child_name, QATConv(child, act_bits, weight_bits))
                count += 1
    if count == 0:
        raise SwmError("--qat found no block-circulant, convolution or linear layer in this model: "
                       "QAT supports the zoo's mlp, lenet, lenet5, cifar_cnn, cifar_small and lstm")
    return model
