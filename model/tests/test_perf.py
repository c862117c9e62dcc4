"""Unit tests of the analytical cycle model swm.perf."""

from __future__ import annotations

import pytest

from swm import perf
from swm.errors import SwmError


def test_parts_add_up() -> None:
    c = perf.layer_cycles_parts(4, 3, 16, 2, 5)
    assert c.t_in == 3 * 16 and c.t_mac == 4 * 3 * 4 and c.t_out == 4 * 16
    assert c.per_vector == max(c.t_in, c.t_mac, c.t_out)
    assert c.total == c.fill + 4 * c.per_vector + c.tail
    assert perf.layer_cycles(4, 3, 16, 2, 5) == c.total


def test_linear_in_vectors() -> None:
    a, b = perf.layer_cycles(16, 16, 16, 2, 1), perf.layer_cycles(16, 16, 16, 2, 3)
    assert b - a == 2 * 16 * 16 * 4  # MAC bound: p*q*K/(2*LANES) per extra vector


def test_big_layer_meets_target() -> None:
    for K, lanes in [(16, 1), (16, 2), (16, 4), (64, 2), (8, 4)]:
        for n in (1, 4, 16):
            c = perf.layer_cycles(16, 16, K, lanes, n)
            assert c <= 1.10 * perf.lower_bound(16, 16, K, lanes, n) + perf.fixed_latency(16, 16, K, lanes)


def test_bottlenecks() -> None:
    # input bound (p small), output bound (q small, many lanes), MAC bound (big)
    assert perf.layer_cycles_parts(1, 8, 16, 4, 1).per_vector == 8 * 16
    assert perf.layer_cycles_parts(8, 1, 16, 4, 1).per_vector == 8 * 16
    assert perf.layer_cycles_parts(8, 8, 16, 1, 1).per_vector == 8 * 8 * 8


def test_lower_bound() -> None:
    assert perf.lower_bound(2, 3, 8, 2, 4) == 4 * 2 * 3 * 5 / 2


@pytest.mark.parametrize("args", [(0, 1, 16, 1, 1), (1, 1, 12, 1, 1), (1, 1, 8, 8, 1), (1, 1, 8, 3, 1), (1, 1, 8, 1, 0)])
def test_rejects_bad_shapes(args) -> None:
    with pytest.raises(SwmError):
        perf.layer_cycles(*args)
