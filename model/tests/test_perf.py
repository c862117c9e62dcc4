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


@pytest.mark.parametrize("args", [(0, 1, 16, 1, 1), (1, 1, 12, 1, 1), (1, 1, 8, 8, 1), (1, 1, 8, 3, 1), (1, 1, 8, 1, 0),
                                  (1, 1, 8, 1, 1, -3), (1, 1, 8, 1, 1, 0)])
def test_rejects_bad_shapes(args) -> None:
    with pytest.raises(SwmError):
        perf.layer_cycles(*args)


# ---- ROWS block rows at once --------------------------------------------------------------------
@pytest.mark.parametrize("p,q,K,lanes,n", [(4, 3, 16, 2, 5), (64, 64, 16, 8, 3), (1, 8, 16, 4, 2), (8, 1, 16, 4, 2),
                                           (5, 4, 8, 1, 3)])
def test_rows_one_is_the_default(p, q, K, lanes, n) -> None:
    assert perf.layer_cycles_parts(p, q, K, lanes, n, 1) == perf.layer_cycles_parts(p, q, K, lanes, n)
    assert perf.fixed_latency(p, q, K, lanes, rows=1) == perf.fixed_latency(p, q, K, lanes)


def test_rows_mac_time_counts_row_groups() -> None:
    for p, rows in [(64, 2), (64, 4), (5, 2), (5, 4), (1, 4), (7, 8)]:
        c = perf.layer_cycles_parts(p, 16, 16, 2, 3, rows)
        ng = -(-p // rows)
        assert perf.row_groups(p, rows) == (ng, p - (ng - 1) * rows)
        assert c.t_mac == ng * 16 * 4 and c.t_in == 16 * 16 and c.t_out == p * 16
        assert c.per_vector == max(c.t_in, c.t_mac, c.t_out)
        assert c.total == c.fill + 2 * c.per_vector + c.tail
    # the MNIST MLP's 64 x 64-block layer at K = 16, LANES = K/2: ROWS = 2 halves the MAC-bound interval
    one, two = perf.layer_cycles_parts(64, 64, 16, 8, 1), perf.layer_cycles_parts(64, 64, 16, 8, 1, 2)
    assert (one.per_vector, two.per_vector) == (4096, 2048)
    assert perf.layer_cycles_parts(64, 64, 16, 8, 1, 4).per_vector == 1024 == 64 * 16  # now output-bound
    assert perf.lower_bound(64, 64, 16, 8, 1, 2) == perf.lower_bound(64, 64, 16, 8, 1) / 2


def test_rows_tail_drains_the_last_group() -> None:
    """MAC-bound: the last group's rows leave after its MACs; output-bound: p rows after the first group."""
    _, ifft_lat = perf.latencies(16)
    lat = perf.MAC_LAT + ifft_lat + perf.OUT_LAT
    c = perf.layer_cycles_parts(5, 16, 16, 1, 1, 2)  # MAC-bound, last group of one row
    assert c.tail == 3 * 16 * 8 + 1 * 16 + lat
    c = perf.layer_cycles_parts(8, 1, 16, 8, 1, 4)  # output-bound
    assert c.tail == 1 * 1 + 8 * 16 + lat


def test_rows_measured_values() -> None:
    """Stall-free cycle counts measured on the RTL with ROWS > 1 (verif/swm_bc_layer, both simulators)."""
    assert perf.layer_cycles(3, 2, 8, 2, 3, 2) == 170
    assert perf.layer_cycles(16, 16, 16, 8, 2, 4) == 918
    assert perf.layer_cycles(5, 1, 4, 1, 4, 2) == 136
    assert perf.layer_cycles(13, 16, 16, 8, 2, 4) == 870


# ---- swm_dense_fc -------------------------------------------------------------------------------
def test_dense_parts_and_initiation_interval() -> None:
    c = perf.dense_cycles_parts(12, 10, 4, 5)
    assert (c.groups, c.t_in, c.t_mac, c.t_out) == (3, 12, 36, 12)
    assert c.per_vector == 3 * max(12, 4) == max(c.t_in, c.t_mac, c.t_out)
    # output-bound (n_in < lanes): every group costs its lanes output slots
    assert perf.dense_cycles_parts(2, 7, 3, 1).per_vector == 3 * 3
    # every output in parallel, n_in >= lanes: one input sample per clock
    assert perf.dense_cycles_parts(784, 10, 10, 1).per_vector == 784


@pytest.mark.parametrize("shape", [(12, 10, 4), (2, 7, 3), (1, 1, 1), (40, 6, 1), (16, 16, 16), (1, 9, 4)])
def test_dense_linear_in_vectors(shape) -> None:
    n_in, n_out, lanes = shape
    c1, c4 = perf.dense_cycles(n_in, n_out, lanes, 1), perf.dense_cycles(n_in, n_out, lanes, 4)
    assert c4 - c1 == 3 * perf.dense_cycles_parts(n_in, n_out, lanes, 1).per_vector
    # one vector: input, the first group's MACs, the other groups, the last group's pipeline and outputs
    groups = -(-n_out // lanes)
    n_last = n_out - (groups - 1) * lanes
    assert c1 == (2 * n_in + (groups - 1) * max(n_in, lanes) + n_last + perf.DENSE_MAC_LAT
                  + perf.DENSE_OUT_LAT - 1)


def test_dense_measured_values() -> None:
    """Stall-free cycle counts measured on the RTL (verif/swm_dense_fc, both simulators)."""
    assert perf.dense_latency(12) == 37 and perf.dense_latency(1) == 15
    assert perf.dense_cycles(12, 10, 4, 4) == 170
    assert perf.dense_cycles(2, 7, 3, 4) == 50
    assert perf.dense_cycles(1, 1, 1, 4) == 18
    assert perf.dense_cycles(40, 6, 1, 4) == 1013


def test_dense_y_halves_fit_the_bank_controller() -> None:
    assert perf.dense_y_halves(1, 1) == 6 and perf.dense_y_halves(12, 4) == 2 and perf.dense_y_halves(2, 3) == 3
    for n_in in range(1, 40):
        for lanes in range(1, 40):
            nb = perf.dense_y_halves(n_in, lanes)
            assert 2 <= nb <= 8  # swm_bank_ctrl NB range
            assert nb * max(n_in, lanes) >= lanes + perf.DENSE_MAC_LAT + 1


@pytest.mark.parametrize("args", [(0, 1, 1, 1), (1, 0, 1, 1), (4, 3, 4, 1), (4, 3, 0, 1), (4, 3, 1, 0)])
def test_dense_rejects_bad_shapes(args) -> None:
    with pytest.raises(SwmError):
        perf.dense_cycles(*args)


@pytest.mark.parametrize("K", [4, 8, 16, 32, 64])
def test_fft_stage_trivial_from_the_twiddle_indices(K: int) -> None:
    """A stage is trivial exactly when it indexes only w^0 and w^(K/4), which are exact for every TW."""
    from swm.golden import twiddles

    L = K.bit_length() - 1
    for s in range(L):
        t = {n << s for n in range(K >> (s + 1))}
        assert perf.fft_stage_trivial(K, s) == (t <= {0, K // 4}), (K, s)
    assert [perf.fft_stage_trivial(K, s) for s in range(L)] == [s >= L - 2 for s in range(L)]
    for TW in range(4, 25):
        wr, wi = twiddles(K, TW)
        one = 1 << (TW - 2)
        assert (wr[0], wi[0]) == (one, 0) and (wr[K // 4], wi[K // 4]) == (0, -one), TW


def test_fft_multipliers() -> None:
    assert [perf.fft_multipliers(K) for K in (4, 8, 16, 32, 64)] == [0, 8, 16, 24, 32]
    with pytest.raises(SwmError, match="stage 3 is out of range"):
        perf.fft_stage_trivial(8, 3)
    with pytest.raises(SwmError, match="block size 2"):
        perf.fft_multipliers(2)


def test_rows_not_a_power_of_two() -> None:
    """ROWS = 5 and 13: ceil(p/ROWS) row groups, the last one short (RTL-checked in verif/swm_bc_layer and swm_net)."""
    assert perf.row_groups(64, 5) == (13, 4)
    assert perf.layer_cycles_parts(64, 49, 16, 2, 1, 5).per_vector == 13 * 49 * 4
    assert perf.layer_cycles_parts(64, 49, 16, 1, 1, 13).per_vector == 5 * 49 * 8


def test_conv_need_and_cycles():
    """conv_need: the input pixels each output pixel's field needs (clipped at the image edges);
    conv_cycles: each further image costs at least its input stream."""
    from swm.golden_cnn import ConvGeometry

    g = ConvGeometry(4, 4, 3, 3, 1, 1)
    need = perf.conv_need(g)
    assert len(need) == 16
    assert need[0] == 1 * 4 + 1 + 1          # rows 0..1, columns 0..1 of a 4x4 image
    assert need[3] == 1 * 4 + 3 + 1          # the right edge clips at column 3
    assert need[-1] == 16                    # the last field needs the last pixel
    assert need[12] == need[8] == 3 * 4 + 1 + 1   # the bottom rows clip at row 3: not monotonic
    g2 = ConvGeometry(7, 5, 5, 5, 2, 2)
    assert perf.conv_need(g2)[0] == 2 * 5 + 2 + 1
    one = perf.conv_cycles(2, 1, g, 16, 2, 1)
    two = perf.conv_cycles(2, 1, g, 16, 2, 2)
    assert two > one
    # 16 input pixels of 16 samples per image: at least 16*16 cycles per image
    assert two - one >= 16 * 16


def test_stream_timing_functions() -> None:
    """The network model's stream timing: one sample per clock at a stage input, a pool output with
    the last sample of its window, a vector stage's outputs ending latency - n_in after its last input."""
    import numpy as np

    assert perf.accept(np.array([5, 5, 5])).tolist() == [5, 6, 7]
    assert perf.accept(np.array([1, 10, 3])).tolist() == [1, 10, 11]
    a = np.arange(1, 4 * 4 * 2 + 1)                       # a 4x4 map of 2 channels, one sample per edge
    t = perf.pool_timing(a, 4, 4, 2)
    assert t.tolist() == [a[(1 * 4 + 1) * 2 + c] + perf.POOL_LAT for c in (0, 1)] + \
        [a[(1 * 4 + 3) * 2 + c] + perf.POOL_LAT for c in (0, 1)] + \
        [a[(3 * 4 + 1) * 2 + c] + perf.POOL_LAT for c in (0, 1)] + [a[(3 * 4 + 3) * 2 + c] + perf.POOL_LAT for c in (0, 1)]
    assert (perf.affine_timing(a) == a + perf.AFFINE_LAT).all()
    v = perf.vector_timing(np.arange(1, 65), 200, 10)
    assert v.tolist() == list(range(200 - 9, 201))
    # a convolution whose input arrives slowly ends soon after its last input, not a whole standalone run later
    from swm.golden_cnn import ConvGeometry

    g = ConvGeometry(6, 6, 3, 3, 1, 1)
    fast = perf.conv_timing(np.arange(1, 6 * 6 * 16 + 1), 1, 1, g, 16, 8)
    slow = perf.conv_timing(np.arange(1, 6 * 6 * 16 + 1) * 10, 1, 1, g, 16, 8)
    assert fast[-1] == perf.conv_cycles(1, 1, g, 16, 8, 1)
    assert slow[-1] - 6 * 6 * 16 * 10 <= fast[-1] - 6 * 6 * 16 < fast[-1]   # the same tail after the last input


def test_lstm_step_model() -> None:
    """The LSTM step: h sent, one engine vector's FFT tail, MACs, IFFT and outputs, the cell; a sequence is
    its steps (the RTL agrees cycle for cycle in verif/swm_lstm_stage)."""
    from swm import perf

    c = perf.layer_cycles_parts(32, 9, 16, 8, 1, 1)
    fft_lat, _ = perf.latencies(16)
    assert perf.lstm_step_cycles(12, 128, 16, 8) == 128 + perf.LSTM_SLICE_LAT + fft_lat + c.tail + perf.CELL_LAT
    assert perf.lstm_sequence_cycles(29, 12, 128, 16, 8) == 29 * perf.lstm_step_cycles(12, 128, 16, 8)
    steps = [perf.lstm_step_cycles(12, 128, 16, n) for n in (1, 2, 4, 8)]
    assert steps == sorted(steps, reverse=True) and steps[-1] < steps[0] / 3
    with pytest.raises(SwmError, match="at least one step"):
        perf.lstm_sequence_cycles(0, 12, 128, 16, 8)
