"""swm.memimg: two's complement, lane packing, $readmemh files and atomic writes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from swm.errors import SwmError
from swm.memimg import (
    atomic_dir,
    atomic_write_text,
    pack_complex,
    pack_lanes,
    read_hex,
    to_signed,
    to_unsigned,
    unpack_complex,
    unpack_lanes,
    write_hex,
)


@pytest.mark.parametrize("width", [1, 2, 5, 16, 48, 62, 64, 80])
def test_twos_complement_round_trip(width: int) -> None:
    lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
    vals = sorted({lo, hi, 0, -1 if width > 1 else 0, max(lo, -2), min(hi, 1)})
    for v in vals:
        u = to_unsigned(v, width)
        assert 0 <= u < (1 << width)
        assert to_signed(u, width) == v
    arr = np.array(vals, dtype=np.int64) if width <= 62 else np.array(vals, dtype=object)
    np.testing.assert_array_equal(to_signed(to_unsigned(arr, width), width), arr)


def test_twos_complement_known_values() -> None:
    assert to_unsigned(-1, 16) == 0xFFFF
    assert to_unsigned(-32768, 16) == 0x8000
    assert to_signed(0x8000, 16) == -32768
    assert to_signed(0x7FFF, 16) == 32767
    assert to_signed(0x1FFFF, 16) == -1  # upper bits ignored
    np.testing.assert_array_equal(to_unsigned(np.array([-1, 2]), 4), [15, 2])
    np.testing.assert_array_equal(to_signed(np.array([15, 7, 8]), 4), [-1, 7, -8])
    with pytest.raises(SwmError, match="does not fit in 4 signed bits"):
        to_unsigned(np.array([8]), 4, check=True)
    with pytest.raises(SwmError, match="width"):
        to_unsigned(1, 0)


def test_pack_lanes_layout() -> None:
    # lane l at [l*2*W +: 2*W], {re, im} with re in the upper half
    assert pack_lanes([[[1, 2]]], 4) == [0x12]
    assert pack_lanes([[[1, 2], [3, -1]]], 4) == [0x3F12]
    assert pack_complex(-1, 1, 8) == 0xFF01
    assert unpack_complex(0xFF01, 8) == (-1, 1)
    with pytest.raises(SwmError, match="does not fit"):
        pack_lanes([[[8, 0]]], 4)
    with pytest.raises(SwmError, match="lanes, 2"):
        pack_lanes([1, 2, 3], 4)


@pytest.mark.parametrize("lanes,width", [(1, 16), (2, 12), (4, 16), (2, 48)])
def test_pack_unpack_round_trip(lanes: int, width: int) -> None:
    rng = np.random.default_rng(1)
    lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
    v = rng.integers(lo, hi + 1, size=(7, lanes, 2), dtype=np.int64)
    v[0, 0] = (lo, hi)
    words = pack_lanes(v, width)
    assert len(words) == 7 and all(0 <= w < 1 << (lanes * 2 * width) for w in words)
    np.testing.assert_array_equal(unpack_lanes(words, lanes, width), v)


def test_hex_round_trip_and_errors(tmp_path: Path) -> None:
    f = tmp_path / "sub" / "img.hex"
    write_hex(f, [0, 0x2A, 0x3FFFF], 18, "a header\nsecond line")
    lines = f.read_text().splitlines()
    assert lines == ["// a header", "// second line", "00000", "0002a", "3ffff"]
    assert read_hex(f, 18) == [0, 0x2A, 0x3FFFF]
    with pytest.raises(SwmError, match="wider than 16 bits"):
        read_hex(f, 16)
    with pytest.raises(SwmError, match="unsigned bits"):
        write_hex(f, [-1], 8, "")
    (tmp_path / "bad.hex").write_text("// c\n12 zz\n")
    with pytest.raises(SwmError, match="bad.hex:2"):
        read_hex(tmp_path / "bad.hex")
    with pytest.raises(SwmError, match="missing"):
        read_hex(tmp_path / "none.hex")


def test_atomic_dir(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with atomic_dir(out) as tmp:
        (tmp / "a.txt").write_text("1")
        assert not out.exists()
    assert (out / "a.txt").read_text() == "1"
    with pytest.raises(SwmError, match="--force"):
        with atomic_dir(out):
            pass
    with pytest.raises(RuntimeError):
        with atomic_dir(out, force=True) as tmp:
            (tmp / "b.txt").write_text("2")
            raise RuntimeError("boom")
    assert (out / "a.txt").exists() and not (out / "b.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary left behind
    with atomic_dir(out, force=True) as tmp:
        (tmp / "b.txt").write_text("2")
    assert sorted(p.name for p in out.iterdir()) == ["b.txt"]
    atomic_write_text(out / "c.json", "{}\n")
    assert (out / "c.json").read_text() == "{}\n" and not list(out.glob(".*"))
