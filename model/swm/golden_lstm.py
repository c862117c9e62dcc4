"""Bit-accurate golden model of the block-circulant LSTM cell (docs/datapath.md "LSTM cell").

One time step of a sequence, all integer (numpy int64, vectorised over a batch of sequences):

* the gate layer is one block-circulant layer (steps 1-4 of the contract, identity activation)
  over the merged input ``v = [x_t zero-padded to q_x*K ; h_{t-1}]`` (``A`` fraction bits, DW
  bits): ``z = layer_int(v)`` holds the four gates' pre-activations ``i, f, g, o`` (4H samples,
  ``G`` fraction bits, ``G <= DW - 4``), the input and recurrent biases summed into one bias;
* ``i, f, o = sigmoid(z)``, ``g = tanh(z)`` (the contract's PWL functions at ``G``);
* ``c = sat(rnd(f*c, G) + rnd(i*g, 2G - C), DW)`` (``C`` fraction bits, ``C <= DW - 4``);
* ``h = sat(rnd(o * tanh(c), G + C - A), DW)`` (``tanh`` at ``C``; ``h`` has ``A`` fraction bits,
  the input's format, so it joins ``x_{t+1}`` in the next step's merged input).

``h`` and ``c`` start at 0 for every sequence; a sequence of length ``n`` runs steps ``0..n-1``
and its final ``h`` goes to the next stage (the dense head).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from swm import golden
from swm.errors import SwmError
from swm.fixed import DatapathConfig, _as_int64, round_shift, saturate


@dataclass
class LstmParams:
    """Shapes and formats of one block-circulant LSTM layer (network.json ``"type": "lstm"``)."""

    n_x: int        # input features per time step
    hidden: int     # H (a multiple of K)
    x_frac: int     # A: fraction bits of x_t and h (DW-bit words)
    w_frac: int     # merged gate matrix's FFT-domain weight exponent
    acc_shift: int
    out_shift: int  # E - G
    g_frac: int     # G: gate pre-activations and i, f, g, o
    c_frac: int     # C: cell state
    max_len: int    # longest sequence the stage takes

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON dict of the fields."""
        return asdict(self)

    def q_x(self, K: int) -> int:
        """Input blocks of x_t (zero-padded to q_x*K samples)."""
        return -(-int(self.n_x) // K)

    def gate_params(self, K: int) -> golden.LayerParams:
        """The merged gate layer: p = 4H/K output blocks, q = q_x + H/K input blocks, identity."""
        return golden.LayerParams(p=4 * self.hidden // K, q=self.q_x(K) + self.hidden // K, x_frac=self.x_frac,
                                  w_frac=self.w_frac, acc_shift=self.acc_shift, out_shift=self.out_shift,
                                  y_frac=self.g_frac, act="identity")


def check_lstm_params(lp: LstmParams, cfg: DatapathConfig, what: str = "lstm") -> None:
    """Raise SwmError naming the field and the fix when the cell cannot run these formats."""
    K, DW = cfg.K, cfg.DW
    if lp.n_x < 1 or lp.hidden < 1 or lp.max_len < 1:
        raise SwmError(f"{what}: n_x = {lp.n_x}, hidden = {lp.hidden}, max_len = {lp.max_len} must all be >= 1")
    if lp.hidden % K:
        raise SwmError(f"{what}: hidden = {lp.hidden} is not a multiple of K = {K}: choose a block size that divides it")
    for name in ("g_frac", "c_frac"):
        v = int(getattr(lp, name))
        if not 0 <= v <= DW - 4:
            raise SwmError(f"{what}: {name} = {v} must be in 0..DW-4 = {DW - 4} (the PWL sigmoid/tanh need 5.0 in range)")
    if not 0 <= lp.x_frac <= DW - 1:
        raise SwmError(f"{what}: x_frac = {lp.x_frac} must be in 0..DW-1 = {DW - 1}")
    if 2 * lp.g_frac < lp.c_frac:
        raise SwmError(f"{what}: 2*g_frac = {2 * lp.g_frac} < c_frac = {lp.c_frac}: i*g cannot be shifted to the "
                       "cell format; lower c_frac")
    if lp.g_frac + lp.c_frac < lp.x_frac:
        raise SwmError(f"{what}: g_frac + c_frac = {lp.g_frac + lp.c_frac} < x_frac = {lp.x_frac}: o*tanh(c) cannot "
                       "be shifted to the input format; lower x_frac")
    E = golden.output_exponent(lp.x_frac, lp.w_frac, lp.acc_shift, cfg)
    if lp.out_shift != E - lp.g_frac or lp.out_shift < 0:
        raise SwmError(f"{what}: out_shift = {lp.out_shift} must be E - g_frac = {E - lp.g_frac} >= 0: re-export")


def cell_int(z: Any, c: Any, lp: LstmParams, cfg: DatapathConfig, trace: bool = False):
    """The element-wise cell on gate pre-activations ``z`` (..., 4H) at ``G`` and state ``c`` (..., H) at ``C``.

    Returns ``(h, c_new)`` (``h`` at ``A``); with ``trace=True`` also ``dict(i, f, g, o, tc)``."""
    H, G, C, A = int(lp.hidden), int(lp.g_frac), int(lp.c_frac), int(lp.x_frac)
    za, ca = _as_int64(z, "gate pre-activations"), _as_int64(c, "cell state")
    if za.shape[-1] != 4 * H or ca.shape[-1] != H:
        raise SwmError(f"cell_int: z must end in 4H = {4 * H} and c in H = {H}, got {za.shape} and {ca.shape}")
    sig = lambda v: golden.activation_int(v, "sigmoid", G, cfg)  # noqa: E731
    i, f = sig(za[..., :H]), sig(za[..., H:2 * H])
    g = golden.activation_int(za[..., 2 * H:3 * H], "tanh", G, cfg)
    o = sig(za[..., 3 * H:])
    mode = cfg.rounding
    c_new = saturate(round_shift(f * ca, G, mode) + round_shift(i * g, 2 * G - C, mode), cfg.DW)
    tc = golden.activation_int(c_new, "tanh", C, cfg)
    h = saturate(round_shift(o * tc, G + C - A, mode), cfg.DW)
    if trace:
        return h, c_new, dict(i=i, f=f, g=g, o=o, tc=tc)
    return h, c_new


def merged_input(x_t: np.ndarray, h: np.ndarray, lp: LstmParams, K: int) -> np.ndarray:
    """``[x_t zero-padded to q_x*K ; h]`` (..., q_x*K + H): the gate layer's input vector."""
    pad = lp.q_x(K) * K - x_t.shape[-1]
    xp = np.concatenate([x_t, np.zeros(x_t.shape[:-1] + (pad,), dtype=np.int64)], axis=-1) if pad else x_t
    return np.concatenate([xp, h], axis=-1)


def lstm_int(x: Any, lengths: Any, Wp: Any, bias: Any, lp: LstmParams, cfg: DatapathConfig, trace: bool = False):
    """Run sequences ``x`` (N, T, n_x) DW-bit (padded after each length) with ``lengths`` (N,) in 1..T.

    Returns the final ``h`` (N, H) (``A`` fraction bits) of every sequence; with ``trace=True``
    ``(h, dict(h=(N, T, H), c=(N, T, H), z=(N, T, 4H)))`` of every step (zero after a sequence's end).
    ``Wp`` (4H/K, q_x + H/K, S, 2) are the merged gate weights, ``bias`` (4H,) at the IFFT scale."""
    check_lstm_params(lp, cfg)
    xa = _as_int64(x, "sequence input")
    if xa.ndim != 3 or xa.shape[-1] != lp.n_x:
        raise SwmError(f"lstm_int: input shape {xa.shape} must be (N, T, n_x = {lp.n_x})")
    N, T, _ = xa.shape
    lens = _as_int64(lengths, "lengths").reshape(-1)
    if lens.shape != (N,):
        raise SwmError(f"lstm_int: {lens.size} lengths for {N} sequences: give one length per sequence")
    if N and (lens.min() < 1 or lens.max() > min(T, lp.max_len)):
        raise SwmError(f"lstm_int: lengths must be in 1..{min(T, lp.max_len)} (max_len {lp.max_len}, {T} steps "
                       f"given), got {int(lens.min())}..{int(lens.max())}: split or trim the sequence")
    gp = lp.gate_params(cfg.K)
    H = lp.hidden
    h = np.zeros((N, H), dtype=np.int64)
    c = np.zeros((N, H), dtype=np.int64)
    rec = {k: np.zeros((N, T, w), dtype=np.int64) for k, w in (("h", H), ("c", H), ("z", 4 * H))} if trace else None
    for t in range(int(lens.max()) if N else 0):
        idx = np.nonzero(lens > t)[0]  # the sequences still running at step t
        z = golden.layer_int(merged_input(xa[idx, t], h[idx], lp, cfg.K), Wp, bias, gp, cfg)
        h[idx], c[idx] = cell_int(z, c[idx], lp, cfg)
        if rec is not None:
            rec["h"][idx, t], rec["c"][idx, t], rec["z"][idx, t] = h[idx], c[idx], z
    return (h, rec) if trace else h


def merge_gate_weights(w_ih: np.ndarray, w_hh: np.ndarray) -> np.ndarray:
    """Float circulant vectors of ``ih`` (p, q_x, K) and ``hh`` (p, H/K, K) -> the merged (p, q_x + H/K, K)."""
    if w_ih.shape[0] != w_hh.shape[0] or w_ih.shape[-1] != w_hh.shape[-1]:
        raise SwmError(f"merge_gate_weights: ih {w_ih.shape} and hh {w_hh.shape} differ in p or K")
    return np.concatenate([w_ih, w_hh], axis=1)


__all__ = ["LstmParams", "cell_int", "check_lstm_params", "lstm_int", "merge_gate_weights", "merged_input"]
