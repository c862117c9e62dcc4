"""Memory-image loader for swm_bc_layer: read a $readmemh hex image, check its size, stream it."""

from __future__ import annotations

from pathlib import Path

from swm.errors import SwmError
from swm.golden import read_hex


def weight_image(path: Path, p: int, q: int, K: int, lanes: int, WW: int, rows: int = 1) -> list[int]:
    """Weight words of a p x q layer; raises SwmError unless there are exactly ceil(p/rows)*q*K/(2*lanes)."""
    words = read_hex(path)
    ng = -(-p // rows)
    n = ng * q * (K // 2) // lanes
    if len(words) != n:
        what = (f"p*q*K/(2*LANES) = {p}*{q}*{K}/(2*{lanes})" if rows == 1 else
                f"ceil(p/ROWS)*q*K/(2*LANES) = {ng}*{q}*{K}/(2*{lanes})")
        raise SwmError(
            f"weight image {path} has {len(words)} words, expected {what} = {n}; "
            "export it for this layer shape, LANES and ROWS"
        )
    width = rows * lanes * 2 * WW
    if any(w >> width for w in words):
        raise SwmError(f"weight image {path} has words wider than ROWS*LANES*2*WW = {width} bits")
    return words


def bias_image(path: Path, p: int, K: int, FW: int) -> list[int]:
    """Bias words of a layer with p output blocks; raises SwmError unless there are exactly p*K."""
    words = read_hex(path)
    if len(words) != p * K:
        raise SwmError(f"bias image {path} has {len(words)} words, expected p*K = {p * K}; export it for this layer")
    if any(w >> FW for w in words):
        raise SwmError(f"bias image {path} has words wider than FW = {FW} bits")
    return words
