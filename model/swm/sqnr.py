"""SQNR of the integer block-circulant datapath against float64 (measured, not estimated).

Run: ``python -m swm.sqnr [--trials N] [--seed S] [--json PATH]``: prints a Markdown table of
SQNR (dB) vs K at 16 and 12 bits and writes the same numbers as JSON.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

import numpy as np

from swm.errors import SwmError
from swm.fixed import DatapathConfig
from swm.golden import bc_matvec_float
from swm.limits import HW_BLOCK_SIZES

KS = HW_BLOCK_SIZES  # every block size the RTL engine builds
BITS = (16, 12)
N = 256  # layer size: 256 inputs x 256 outputs, p = q = 256 / K


def config_for_bits(K: int, bits: int, rounding: str = "half_up") -> DatapathConfig:
    """16 bits: the defaults; otherwise DW = WW = TW = bits, FW = bits + 2."""
    if bits == 16:
        return DatapathConfig(K=K, rounding=rounding).validate()
    return DatapathConfig(K=K, DW=bits, WW=bits, TW=bits, FW=bits + 2, rounding=rounding).validate()


def dense_block_circulant(w: np.ndarray) -> np.ndarray:
    """Dense (p*K, q*K) matrix of circulant vectors w (p, q, K): B[r, c] = w[(r - c) mod K]."""
    p, q, K = w.shape
    r = np.arange(K)
    idx = (r[:, None] - r[None, :]) % K
    return w[:, :, idx].transpose(0, 2, 1, 3).reshape(p * K, q * K)


def measure_sqnr(K: int, bits: int, trials: int, seed: int, rounding: str = "half_up") -> float:
    """SQNR (dB) = 10 log10(sum ref^2 / sum (y - ref)^2) over ``trials`` random 256x256 layers.

    Each trial: w uniform in [-1, 1) / sqrt(256) (p = q = 256/K blocks), x uniform in [-1, 1)
    (full scale), y = bc_matvec_float(w, x, cfg), ref = dense float64 matrix @ x.
    """
    if trials < 1:
        raise SwmError(f"trials = {trials} must be >= 1; pass --trials 1 or more")
    cfg = config_for_bits(K, bits, rounding)
    rng = np.random.default_rng([seed, K, bits])
    p = q = N // K
    sig = noise = 0.0
    for _ in range(trials):
        w = rng.uniform(-1.0, 1.0, size=(p, q, K)) / np.sqrt(q * K)
        x = rng.uniform(-1.0, 1.0, size=q * K)
        ref = dense_block_circulant(w) @ x
        y = bc_matvec_float(w, x, cfg)
        sig += float(np.sum(ref**2))
        noise += float(np.sum((y - ref) ** 2))
    return float(10.0 * np.log10(sig / noise)) if noise > 0 else float("inf")


def sqnr_table(trials: int = 100, seed: int = 0, rounding: str = "half_up") -> dict:
    """Measure every (bits, K) pair; return a JSON-ready dict."""
    rows = {str(b): {str(K): round(measure_sqnr(K, b, trials, seed, rounding), 2) for K in KS} for b in BITS}
    return {
        "kind": "measured",
        "metric": "SQNR dB of bc_matvec_float vs float64 dense block-circulant matvec",
        "layer": f"{N}x{N}, x ~ U[-1,1), w ~ U[-1,1)/sqrt({N})",
        "trials": trials,
        "seed": seed,
        "rounding": rounding,
        "configs": {str(b): config_for_bits(16, b, rounding).to_dict() | {"K": "varies"} for b in BITS},
        "sqnr_db": rows,
        "machine": f"{platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}",
    }


def to_markdown(res: dict) -> str:
    """Human table of :func:`sqnr_table` results."""
    head = "| bits (DW=WW=TW, FW) | " + " | ".join(f"K={K}" for K in KS) + " |"
    sep = "| --- |" + " ---: |" * len(KS)
    lines = [head, sep]
    for b in BITS:
        c = config_for_bits(16, b)
        vals = " | ".join(f"{res['sqnr_db'][str(b)][str(K)]:.1f}" for K in KS)
        lines.append(f"| {b} ({c.DW}, {c.FW}) | {vals} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """CLI: print the Markdown table and write JSON."""
    ap = argparse.ArgumentParser(prog="python -m swm.sqnr", description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rounding", default="half_up")
    ap.add_argument("--json", type=Path, default=Path("build/reports/sqnr.json"))
    a = ap.parse_args(argv)
    try:
        res = sqnr_table(a.trials, a.seed, a.rounding)
    except SwmError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(json.dumps(res, indent=2) + "\n")
    print(to_markdown(res))
    print(f"\n(measured; {res['machine']}; JSON: {a.json})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
