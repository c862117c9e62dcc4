"""Memory-image formats, defined once: two's complement, lane packing, ``$readmemh`` files, atomic writes.

* :func:`to_unsigned` / :func:`to_signed`: two's-complement bit pattern <-> signed value, for Python
  ints and numpy integer arrays alike.
* :func:`pack_lanes` / :func:`unpack_lanes`: a word of ``lanes`` complex values, lane ``l`` at
  bits ``[l*2*W +: 2*W]``, inside a lane ``{re, im}`` with ``re`` in the upper ``W`` bits
  (docs/architecture.md "Naming"). One lane is a plain complex word ``{re, im}``.
* :func:`write_hex` / :func:`read_hex`: ``$readmemh`` files (``//`` comment header, one zero-padded
  hex word per line).
* :func:`atomic_dir` / :func:`atomic_write_text`: write a directory or a file next to its final
  place and rename it there, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator, overload

import numpy as np

from swm.errors import SwmError


def _check_width(width: int, what: str) -> int:
    width = int(width)
    if width < 1:
        raise SwmError(f"{what}: width {width} is invalid; use a positive bit width")
    return width


# ---- two's complement ------------------------------------------------------------------------
@overload
def to_unsigned(v: int, width: int, check: bool = ...) -> int: ...
@overload
def to_unsigned(v: np.ndarray, width: int, check: bool = ...) -> np.ndarray: ...
def to_unsigned(v: Any, width: int, check: bool = False) -> Any:
    """Two's-complement bit pattern of ``v`` in ``width`` bits (int -> int, array -> int64/object array).

    With ``check=True`` a value outside the signed ``width``-bit range is an error instead of wrapping.
    """
    width = _check_width(width, "to_unsigned")
    mask = (1 << width) - 1
    if check:
        _check_signed(v, width, "to_unsigned")
    if isinstance(v, np.ndarray):
        if width <= 62:
            return v.astype(np.int64) & np.int64(mask)
        return np.array([int(x) & mask for x in v.reshape(-1).tolist()], dtype=object).reshape(v.shape)
    return int(v) & mask


@overload
def to_signed(u: int, width: int) -> int: ...
@overload
def to_signed(u: np.ndarray, width: int) -> np.ndarray: ...
def to_signed(u: Any, width: int) -> Any:
    """Signed value of the ``width``-bit two's-complement pattern ``u`` (upper bits are ignored)."""
    width = _check_width(width, "to_signed")
    mask, sign = (1 << width) - 1, 1 << (width - 1)
    if isinstance(u, np.ndarray):
        if width <= 62:
            a = u.astype(np.int64) & np.int64(mask)
            return np.where(a >= sign, a - np.int64(1 << width), a)
        return np.array([to_signed(int(x), width) for x in u.reshape(-1).tolist()], dtype=object).reshape(u.shape)
    x = int(u) & mask
    return x - (1 << width) if x & sign else x


def _check_signed(v: Any, width: int, what: str) -> None:
    lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
    vals = [int(x) for x in np.asarray(v).reshape(-1).tolist()]
    if vals and (min(vals) < lo or max(vals) > hi):
        bad = next(x for x in vals if not lo <= x <= hi)
        raise SwmError(f"{what}: value {bad} does not fit in {width} signed bits; saturate it first")


# ---- lane packing ----------------------------------------------------------------------------
def pack_lanes(values: Any, width: int) -> list[int]:
    """Signed ``(..., lanes, 2)`` {re, im} values -> one word per leading index (``lanes*2*width`` bits).

    Lane ``l`` sits at bits ``[l*2*width +: 2*width]``, ``re`` in its upper half. Values must fit in
    ``width`` signed bits.
    """
    width = _check_width(width, "pack_lanes")
    a = np.asarray(values)
    if a.ndim < 2 or a.shape[-1] != 2:
        raise SwmError(f"pack_lanes: shape {a.shape} must end in (lanes, 2); give {{re, im}} pairs per lane")
    _check_signed(a, width, "pack_lanes")
    lanes = a.shape[-2]
    mask = (1 << width) - 1
    words = []
    for group in a.reshape(-1, lanes, 2).tolist():
        word = 0
        for lane, (re, im) in enumerate(group):
            word |= (((int(re) & mask) << width) | (int(im) & mask)) << (lane * 2 * width)
        words.append(word)
    return words


def unpack_lanes(words: Iterable[int], lanes: int, width: int) -> np.ndarray:
    """Inverse of :func:`pack_lanes`: words -> signed ``(len(words), lanes, 2)`` int64 array (width <= 63)."""
    width = _check_width(width, "unpack_lanes")
    if width > 63:
        raise SwmError(f"unpack_lanes: width {width} does not fit int64; use width <= 63")
    lanes = int(lanes)
    if lanes < 1:
        raise SwmError(f"unpack_lanes: lanes = {lanes} is invalid; use lanes >= 1")
    mask = (1 << width) - 1
    ws = [int(w) for w in words]
    out = np.empty((len(ws), lanes, 2), dtype=np.int64)
    for a, word in enumerate(ws):
        for lane in range(lanes):
            slot = word >> (lane * 2 * width)
            out[a, lane, 0] = to_signed((slot >> width) & mask, width)
            out[a, lane, 1] = to_signed(slot & mask, width)
    return out


def pack_complex(re: int, im: int, width: int) -> int:
    """One ``{re, im}`` word of ``2*width`` bits (a single lane)."""
    return pack_lanes([[[re, im]]], width)[0]


def unpack_complex(word: int, width: int) -> tuple[int, int]:
    """Signed ``(re, im)`` of one ``{re, im}`` word of ``2*width`` bits."""
    return to_signed(int(word) >> width, width), to_signed(word, width)


# ---- $readmemh files -------------------------------------------------------------------------
def write_hex(path: Any, words: Iterable[int], width: int, header: str) -> None:
    """Write a $readmemh file: ``// header`` comment lines, then one zero-padded hex word per line."""
    width = _check_width(width, "write_hex")
    digits = (width + 3) // 4
    lines = [f"// {h}".rstrip() for h in str(header).splitlines()] if header else []
    for a, w in enumerate(words):
        w = int(w)
        if not 0 <= w < (1 << width):
            raise SwmError(
                f"write_hex: word {a} = {w} does not fit in {width} unsigned bits; "
                "convert to two's complement of that width first"
            )
        lines.append(format(w, f"0{digits}x"))
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("\n".join(lines) + "\n")


def read_hex(path: Path, width: int | None = None) -> list[int]:
    """Words of a ``$readmemh`` image (``//`` comments, blank lines, several words a line);
    with ``width``, a word wider than ``width`` bits is an error. Errors name the file and line."""
    path = Path(path)
    if not path.is_file():
        raise SwmError(f"memory image {path} is missing: re-run `swm export`")
    words = []
    for ln, line in enumerate(path.read_text().splitlines(), 1):
        for tok in line.split("//", 1)[0].split():
            try:
                v = int(tok, 16)
            except ValueError:
                raise SwmError(f"{path}:{ln}: {tok!r} is not a hex word: re-run `swm export`") from None
            if width is not None and v >> width:
                raise SwmError(f"{path}:{ln}: word {tok} is wider than {width} bits: re-run `swm export`")
            words.append(v)
    return words


# ---- atomic writes ---------------------------------------------------------------------------
@contextlib.contextmanager
def atomic_dir(out: Path, force: bool = False, what: str = "output directory",
               option: str = "--out") -> Iterator[Path]:
    """Yield a fresh temporary directory beside ``out``; on success it replaces ``out``, on error it is removed.

    An existing ``out`` is an error (naming ``option`` and ``--force``) unless ``force``.
    """
    out = Path(out)
    if out.exists() and not force:
        raise SwmError(f"{what} {out} exists: choose another {option} or pass --force to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield tmp
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


__all__ = ["to_unsigned", "to_signed", "pack_lanes", "unpack_lanes", "pack_complex", "unpack_complex",
           "write_hex", "read_hex", "atomic_dir", "atomic_write_text"]
