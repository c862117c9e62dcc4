"""Export of the zoo's ``lstm`` (BlockCirculantLSTM -> dense head): calibration and quantization.

The model becomes two stages (docs/datapath.md "LSTM cell"): an ``lstm`` stage (the merged
block-circulant gate matrix over ``[x_t; h_{t-1}]``, both biases summed, the fixed-point cell)
whose output is each sequence's final ``h``, and the ``dense`` head. Formats (calibration rules):

* ``A = x_frac = choose_frac(max(max|x|, 1), DW)``: one format for ``x_t`` and ``h`` (``|h| < 1``);
* ``w_frac`` from the merged spectra; ``acc_shift`` from the accumulators of the calibration
  steps (the float model's ``h`` quantized to ``A``, beside the quantized ``x_t``);
* ``G = min(DW - 4, E)``: the PWL functions are flat beyond ``|z| >= 5`` (``2.5`` for tanh), so
  saturating the pre-activations at ``2^(DW-1-G) = 8`` loses nothing and ``G`` is the largest
  format the PWL functions take; ``out_shift = E - G``;
* ``C = min(DW - 4, choose_frac(max|c|, DW, 1))`` from the float model's cell states;
* the head's formats by the dense-layer rules on the integer final ``h`` of the calibration set.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import torch
from torch import nn

from swm import golden
from swm import golden_lstm as gl
from swm.errors import SwmError
from swm.fixed import DatapathConfig, choose_frac, quantize
from swm.layers import BlockCirculantLSTM
from swm.limits import check_hw_block_size

SUPPORTED_LSTM = "BlockCirculantLSTM followed by a Linear head on the final hidden state (the zoo's lstm)"


def lstm_parts(model: nn.Module) -> tuple[BlockCirculantLSTM, nn.Linear] | None:
    """(the LSTM, the dense head) of an LSTM classifier (QAT wrappers looked through), else None."""
    lstm = getattr(model, "lstm", None)
    lstm = getattr(lstm, "inner", lstm)
    if not isinstance(lstm, BlockCirculantLSTM):
        return None
    head = getattr(model, "head", None)
    head = getattr(head, "inner", head)
    if not isinstance(head, nn.Linear) or head.in_features != lstm.hidden_size:
        raise SwmError(f"an LSTM model needs a Linear head on its {lstm.hidden_size} hidden states to be exported; "
                       f"supported: {SUPPORTED_LSTM}")
    return lstm, head


def float_trace(lstm: BlockCirculantLSTM, x: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Float h and c of every valid step (N, T, H) each (zero after a sequence's end), nn.LSTM semantics."""
    with torch.no_grad():
        xt = torch.as_tensor(np.asarray(x)).to(lstm.ih.weight.dtype)
        N, T, _ = xt.shape
        H = lstm.hidden_size
        gates_x = lstm.ih(xt)
        op_hh = lstm.hh.spectrum()
        h, c = xt.new_zeros(N, H), xt.new_zeros(N, H)
        hs, cs = xt.new_zeros(N, T, H), xt.new_zeros(N, T, H)
        live = torch.as_tensor(lengths)[:, None] > torch.arange(T)[None, :]
        for t in range(T):
            gates = gates_x[:, t] + lstm.hh.apply_operator(h, op_hh) + lstm.hh.bias
            i, f, g, o = gates.chunk(4, dim=-1)
            cn = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            hn = torch.sigmoid(o) * torch.tanh(cn)
            m = live[:, t, None]
            h, c = torch.where(m, hn, h), torch.where(m, cn, c)
            hs[:, t], cs[:, t] = torch.where(m, hn, 0.0), torch.where(m, cn, 0.0)
    return hs.double().numpy(), cs.double().numpy()


def quantize_lstm(model: nn.Module, base: DatapathConfig, x: np.ndarray, lengths: np.ndarray, max_len: int):
    """Formats of the lstm stage and the head from calibration sequences x (N, T, F) with lengths.

    Returns ``(x_frac, [lstm ExportLayer, dense ExportLayer])``."""
    from swm.export import ExportLayer, _quantize_dense_matrix  # noqa: PLC0415 (swm.export imports this module)

    lstm, head = lstm_parts(model)
    K, H = lstm.block_size, lstm.hidden_size
    check_hw_block_size(K, "layer 0 (lstm)")
    if H % K:
        raise SwmError(f"layer 0 (lstm): hidden size {H} is not a multiple of the block size {K}: "
                       "train with a block size that divides it")
    x = np.asarray(x, dtype=np.float64)
    lengths = np.asarray(lengths, dtype=np.int64)
    live = np.arange(x.shape[1])[None, :] < lengths[:, None]
    xmax = float(np.abs(x[live]).max()) if live.any() else 0.0
    A = base.act_frac if base.act_frac is not None else choose_frac(max(xmax, 1.0), base.DW)
    w = gl.merge_gate_weights(lstm.ih.weight.detach().double().numpy(), lstm.hh.weight.detach().double().numpy())
    p, q = w.shape[0], w.shape[1]
    cfg = dataclasses.replace(base, K=K, max_q=max(base.max_q, q)).validate()
    Wp, w_frac = golden.pack_weights(w, cfg)
    hs, cs = float_trace(lstm, x, lengths)
    # the calibration steps' merged inputs: x_t and the float h_{t-1}, both quantized to A
    hprev = np.concatenate([np.zeros_like(hs[:, :1]), hs[:, :-1]], axis=1)
    lp0 = gl.LstmParams(n_x=x.shape[2], hidden=H, x_frac=A, w_frac=w_frac, acc_shift=0, out_shift=0, g_frac=0,
                        c_frac=0, max_len=max_len)
    v = gl.merged_input(quantize(x[live], A, cfg.DW), quantize(hprev[live], A, cfg.DW), lp0, K)
    acc_max = 0
    for s in range(0, len(v), 2048):
        X = golden.fft_int(v[s:s + 2048].reshape(-1, q, K), cfg)
        acc_max = max(acc_max, int(np.abs(golden.mac_int(Wp, X, cfg)).max()))
    acc_shift = golden.choose_acc_shift(acc_max, cfg)
    E = golden.output_exponent(A, w_frac, acc_shift, cfg)
    G = min(cfg.DW - 4, E)
    if G < 0:
        raise SwmError(f"layer 0 (lstm): the gate layer's output exponent E = {E} is negative: raise WW or FW")
    C = min(cfg.DW - 4, choose_frac(float(np.abs(cs).max()), cfg.DW, headroom_bits=1), 2 * G)
    lp = dataclasses.replace(lp0, acc_shift=acc_shift, out_shift=E - G, g_frac=G, c_frac=C)
    gl.check_lstm_params(lp, cfg, "layer 0 (lstm)")
    b = (lstm.ih.bias + lstm.hh.bias).detach().double().numpy()
    bias = quantize(b, E, cfg.FW)
    L0 = ExportLayer(0, x.shape[2], H, cfg, lp, Wp, bias, type="lstm")
    h_int = gl.lstm_int(quantize(x, A, cfg.DW) * live[..., None], lengths, Wp, bias, lp, cfg)
    hb = head.bias.detach().double().numpy() if head.bias is not None else np.zeros(head.out_features)
    L1 = _quantize_dense_matrix(1, head.weight.detach().double().numpy(), hb, "identity", base, h_int, A)
    return A, [L0, L1]


def write_lstm_layer(tmp, L, lanes: int, rows: int, run) -> dict:
    """The lstm stage's weight and bias images and its network.json entry."""
    from swm.export import layer_rows  # noqa: PLC0415
    from swm.memimg import write_hex  # noqa: PLC0415

    gp = L.lp.gate_params(L.cfg.K)
    lrows = layer_rows(rows, gp.p)
    wname, bname = f"layer{L.index}_weights.hex", f"layer{L.index}_bias.hex"
    words = golden.weight_words(L.Wp, lanes, L.cfg.WW, lrows)
    E = golden.output_exponent(L.lp.x_frac, L.lp.w_frac, L.lp.acc_shift, L.cfg)
    write_hex(tmp / wname, words, lrows * lanes * 2 * L.cfg.WW,
              f"layer {L.index} lstm gate weights (i, f, g, o over [x_t; h]), {gp.p}x{gp.q} blocks, K={L.cfg.K}, "
              f"lanes={lanes}, rows={lrows}; made by `swm export --run {run}`")
    write_hex(tmp / bname, golden.bias_words(L.bias, L.cfg.FW), L.cfg.FW,
              f"layer {L.index} lstm bias (input + recurrent) at scale 2^{E}; made by `swm export --run {run}`")
    return {"index": L.index, "type": "lstm", "in_features": L.in_features, "out_features": L.out_features,
            "block_size": L.cfg.K, **L.lp.to_dict(), "p": gp.p, "q": gp.q, "datapath": L.cfg.to_dict(),
            "gate_order": "i, f, g, o", "input_order": "x_t zero-padded to q_x*K, then h_{t-1}",
            "weights": {"file": wname, "words": len(words), "width": lrows * lanes * 2 * L.cfg.WW, "lanes": lanes,
                        "rows": lrows},
            "bias": {"file": bname, "words": gp.p * L.cfg.K, "width": L.cfg.FW}}


def load_lstm_layer(export, i: int, d: dict):
    """One ``"type": "lstm"`` entry of network.json and its images -> ExportLayer."""
    from swm.export import ExportLayer, load_bc_images  # noqa: PLC0415

    cfg = DatapathConfig.from_dict(d["datapath"]).validate()
    lp = gl.LstmParams(**{f.name: d[f.name] for f in dataclasses.fields(gl.LstmParams)})
    gl.check_lstm_params(lp, cfg, f"layer {i} (lstm)")
    if i != 0 or (lp.n_x, lp.hidden) != (d["in_features"], d["out_features"]):
        raise SwmError(f"layer {i} (lstm) must be the first layer with in/out_features = n_x/hidden: re-run `swm export`")
    gp = lp.gate_params(cfg.K)
    Wp, bias = load_bc_images(export, d, i, gp.p, gp.q, cfg, "lstm, ")
    return ExportLayer(i, lp.n_x, lp.hidden, cfg, lp, Wp, bias, type="lstm")


__all__ = ["float_trace", "load_lstm_layer", "lstm_parts", "quantize_lstm", "write_lstm_layer", "SUPPORTED_LSTM"]
