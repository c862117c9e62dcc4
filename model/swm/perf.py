"""Analytical cycle models of hw/swm_bc_layer.v (docs/architecture.md "Cycle model") and of the
dense dataflow stage hw/swm_dense_fc.v (:func:`dense_cycles`, docs/architecture.md "Dataflow stages").

Per input vector the engine does three overlapped jobs (all 1 item per clock):

* input + forward FFT: ``t_in  = q*K`` samples,
* packed-slot MACs:    ``t_mac = NG*q*G`` issue cycles, ``G = K/(2*LANES)`` slot groups per block,
  ``NG = ceil(p/ROWS)`` row groups (ROWS block rows share each beat),
* inverse FFT + output: ``t_out = p*K`` samples.

The X buffer (spectra) and the Y buffer (one row group) are double-buffered, so in steady state
a vector costs ``max(t_in, t_mac, t_out)``. A run of N vectors takes::

    cycles = fill + (N - 1) * max(t_in, t_mac, t_out) + tail
    fill   = q*K + FFT_LAT(K)                        first spectrum in the X buffer
    tail   = max(NG*q*G + R_last*K, q*G + p*K) + MAC_LAT + IFFT_LAT(K) + OUT_LAT
                                                      MACs of the last vector and the output of
                                                      its last group (MAC-bound: the R_last =
                                                      p - (NG-1)*ROWS rows of the last group drain
                                                      after the MACs; output-bound: p rows of K)

FFT_LAT / IFFT_LAT / MAC_LAT / OUT_LAT are pipeline latencies of this RTL (see ``latencies``),
measured from simulation and kept here as constants; the model is exact for stall-free runs. The lower bound the project is judged against is
``N*p*q*(K/2+1)/(LANES*ROWS)`` (the complex-MAC work of an unpacked K/2+1-bin spectrum).
Every function takes ``rows`` (the RTL's ROWS, default 1: one block row at a time).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from swm.errors import SwmError
from swm.limits import check_hw_block_size, check_hw_lanes, check_hw_rows

# MAC pipeline: issue -> RAM read -> per-bank fabric register -> bank multiplexer + output
# register -> products -> sum/difference of
# products -> accumulator ring -> rounding shift -> rounding increment -> saturation + Y buffer
# write -> IFFT sees it
MAC_LAT = 9

# output pipeline beyond the IFFT's output register: bias RAM read, its fabric output register,
# z + bias, rounding shift, rounding increment/saturation, three activation stages
OUT_LAT = 8


def latencies(K: int) -> tuple[int, int]:
    """(FFT_LAT, IFFT_LAT) of swm_rfft / swm_irfft for block size K, in cycles (measured).

    FFT_LAT: last input sample of a vector accepted -> its last slot written to the X buffer.
    IFFT_LAT: a Y half complete -> the last output sample of that row accepted, minus K.
    """
    L = K.bit_length() - 1
    # each of the L radix-2 stages of swm_rfft/swm_irfft holds a whole block (K/2 issue cycles),
    # plus four register stages per stage (operand read, sum/difference, products, rounding
    # shift), plus the registered RAM read of the back end (one cycle each); measured in
    # simulation: FFT + IFFT = K*L + K + 8*L + 4
    lat = K * L // 2 + K // 2 + 4 * L + 2
    # the IFFT is fed through a register slice after the Y-buffer read (swm_bc_layer u_yreg)
    return lat, lat + 1


@dataclass(frozen=True)
class LayerCycles:
    """Parts of the cycle model for one run (all in clock cycles)."""

    t_in: int
    t_mac: int
    t_out: int
    fill: int
    tail: int
    per_vector: int
    total: int
    bound: float

    def to_dict(self) -> dict:
        """Plain-JSON dict of the fields."""
        return asdict(self)


def _check(p: int, q: int, K: int, lanes: int, n_vectors: int, rows: int = 1) -> None:
    """The cycle model covers exactly the engines the RTL builds (swm.limits)."""
    check_hw_block_size(K)
    check_hw_lanes(lanes, K)
    check_hw_rows(rows)
    if p < 1 or q < 1 or n_vectors < 1:
        raise SwmError(f"p = {p}, q = {q}, n_vectors = {n_vectors} must all be >= 1")


def row_groups(p: int, rows: int = 1) -> tuple[int, int]:
    """(NG, R_last): ceil(p/ROWS) row groups, and the rows of the last one (p - (NG-1)*ROWS)."""
    ng = -(-int(p) // int(rows))
    return ng, int(p) - (ng - 1) * int(rows)


def lower_bound(p: int, q: int, K: int, lanes: int, n_vectors: int, rows: int = 1) -> float:
    """Target lower bound N*p*q*(K/2+1)/(LANES*ROWS) cycles."""
    _check(p, q, K, lanes, n_vectors, rows)
    return n_vectors * p * q * (K / 2 + 1) / (lanes * rows)


def layer_cycles_parts(p: int, q: int, K: int, lanes: int, n_vectors: int, rows: int = 1) -> LayerCycles:
    """All parts of the cycle model for a run of n_vectors through a p x q layer."""
    _check(p, q, K, lanes, n_vectors, rows)
    G = K // (2 * lanes)
    ng, r_last = row_groups(p, rows)
    fft_lat, ifft_lat = latencies(K)
    t_in, t_mac, t_out = q * K, ng * q * G, p * K
    per_vector = max(t_in, t_mac, t_out)
    fill = q * K + fft_lat
    tail = max(ng * q * G + r_last * K, q * G + p * K) + MAC_LAT + ifft_lat + OUT_LAT
    total = fill + (n_vectors - 1) * per_vector + tail
    return LayerCycles(t_in, t_mac, t_out, fill, tail, per_vector, total,
                       lower_bound(p, q, K, lanes, n_vectors, rows))


def layer_cycles(p: int, q: int, K: int, lanes: int, n_vectors: int, rows: int = 1) -> int:
    """Predicted value of swm_bc_layer's `cycles` output (start to done) without stalls."""
    return layer_cycles_parts(p, q, K, lanes, n_vectors, rows).total


def fixed_latency(p: int, q: int, K: int, lanes: int, rows: int = 1) -> int:
    """Cycles a run costs beyond N * per-vector time: fill + tail - one vector's steady time."""
    c = layer_cycles_parts(p, q, K, lanes, 1, rows)
    return c.fill + c.tail - c.per_vector


# ---------------------------------------------------------------------------------------------
# real multipliers of the FFTs (hw/swm_fft_stage.v), the RTL's own elaboration-time rule
# ---------------------------------------------------------------------------------------------
# real multipliers of one complex twiddle product ((a-b) * w: rr, ii, ri, ir), each one MULT18X18D
# on ECP5 (the difference is split to 18 bits; TW <= 18)
STAGE_MULTS = 4


def fft_stage_trivial(K: int, stage: int) -> bool:
    """True when radix-2 stage ``stage`` of a K-point DIF uses only w^0 = 1 and w^(K/4) = -+i.

    Stage s multiplies by w^t, t = n * 2^s (n < K >> (s+1)): only t in {0, K/4} when 2^s >= K/4,
    the last two stages (both for K = 4). swm_fft_stage builds those without multipliers.
    """
    check_hw_block_size(K)
    L = K.bit_length() - 1
    if not 0 <= stage < L:
        raise SwmError(f"stage {stage} is out of range for K = {K}; use 0..{L - 1}")
    return (1 << stage) >= K // 4


def fft_multipliers(K: int) -> int:
    """Real multipliers of swm_rfft + swm_irfft for block size K (4 per non-trivial stage each).

    Equals the MULT18X18D count of a Yosys synth_ecp5 of the two transforms for TW <= 18:
    0, 8, 16, 24, 32 for K = 4, 8, 16, 32, 64 (8*log2(K) before the trivial stages lost theirs).
    """
    L = K.bit_length() - 1
    per_transform = sum(STAGE_MULTS for s in range(L) if not fft_stage_trivial(K, s))
    return 2 * per_transform


# ---------------------------------------------------------------------------------------------
# hw/swm_dense_fc.v: output-parallel dense layer (docs/architecture.md "Dataflow stages")
# ---------------------------------------------------------------------------------------------
# issue edge of a group's last MAC beat -> edge its sums are written into a Y half: RAM read,
# W RAM bank register / x_q, W RAM output register / x_q2 (multiplier inputs), product, accumulator
DENSE_MAC_LAT = 4
# Y half read (o1) -> output transfer with a ready sink: rnd(acc_shift), sat FW, + bias,
# rnd(out_shift) + sat DW, three activation stages, the m_axis_y register, the transfer edge
DENSE_OUT_LAT = 9


@dataclass(frozen=True)
class DenseCycles:
    """Parts of the dense-stage cycle model for one stall-free run (all in clock cycles)."""

    groups: int
    t_in: int
    t_mac: int
    t_out: int
    per_vector: int
    total: int

    def to_dict(self) -> dict:
        """Plain-JSON dict of the fields."""
        return asdict(self)


def _check_dense(n_in: int, n_out: int, lanes: int, n_vectors: int) -> None:
    if n_in < 1 or n_out < 1 or n_vectors < 1:
        raise SwmError(f"n_in = {n_in}, n_out = {n_out}, n_vectors = {n_vectors} must all be >= 1")
    if not 1 <= lanes <= n_out:
        raise SwmError(f"lanes = {lanes} must be in 1..n_out = {n_out} (swm_dense_fc LANES)")


def dense_y_halves(n_in: int, lanes: int) -> int:
    """Y-buffer halves of swm_dense_fc: max(2, ceil((LANES + DENSE_MAC_LAT + 1) / max(N_IN, LANES))).

    A half is reserved when a group's last beat issues and can be reserved again LANES +
    DENSE_MAC_LAT + 1 edges later (commit, LANES slot reads, release); at full rate one group
    starts every max(N_IN, LANES) edges, so this many halves never stall the MAC issue.
    """
    t = max(int(n_in), int(lanes))
    return max(2, -(-(int(lanes) + DENSE_MAC_LAT + 1) // t))


def dense_cycles_parts(n_in: int, n_out: int, lanes: int, n_vectors: int) -> DenseCycles:
    """All parts of the swm_dense_fc cycle model (see :func:`dense_cycles`)."""
    _check_dense(n_in, n_out, lanes, n_vectors)
    groups = -(-n_out // lanes)
    n_last = n_out - (groups - 1) * lanes
    t_grp = max(n_in, lanes)
    per_vector = groups * t_grp
    total = 2 * n_in + (n_vectors * groups - 1) * t_grp + n_last + DENSE_MAC_LAT + DENSE_OUT_LAT - 1
    return DenseCycles(groups, n_in, groups * n_in, groups * lanes, per_vector, total)


def dense_latency(n_in: int) -> int:
    """Edges from the first input transfer to the first output transfer of a vector entering an idle
    swm_dense_fc (ready sink): its input, its first group's MACs, DENSE_MAC_LAT + DENSE_OUT_LAT."""
    if n_in < 1:
        raise SwmError(f"n_in = {n_in} must be >= 1")
    return 2 * int(n_in) + DENSE_MAC_LAT + DENSE_OUT_LAT


def dense_cycles(n_in: int, n_out: int, lanes: int, n_vectors: int) -> int:
    """Edges from the first input transfer to the last output transfer of a stall-free swm_dense_fc run.

    NG = ceil(n_out/lanes) groups of ``lanes`` outputs; each group is n_in MAC beats and ``lanes``
    output slots (slots beyond n_out are read and dropped), so the initiation interval is
    II = NG * max(n_in, lanes) cycles per vector and::

        total = 2*n_in + (n_vectors*NG - 1) * max(n_in, lanes) + n_last + DENSE_MAC_LAT + DENSE_OUT_LAT - 1

    with n_last = n_out - (NG-1)*lanes: the first vector's input (n_in), its first group's MACs
    (n_in - 1 more edges to the last beat), every later group at max(n_in, lanes), then the last
    group's pipeline and its n_last valid slots. Exact when the source is never idle and the sink
    never stalls (verif/swm_dense_fc asserts equality).
    """
    return dense_cycles_parts(n_in, n_out, lanes, n_vectors).total


# ---------------------------------------------------------------------------------------------
# block-circulant convolution (swm_bc_layer CONV = 1, hw/swm_spec_window.v)
# ---------------------------------------------------------------------------------------------
def conv_need(geom) -> "list[int]":
    """For every output pixel (raster order) of a convolution with geometry ``geom``
    (swm.golden_cnn.ConvGeometry): the number of input pixels (raster order) that must be in the
    line buffer before its receptive field can be read (swm_spec_window rd_avail)."""
    out = []
    for oy in range(geom.out_h):
        ylast = min(oy * geom.stride[0] - geom.pad[0] + geom.kh - 1, geom.in_h - 1)
        for ox in range(geom.out_w):
            xlast = min(ox * geom.stride[1] - geom.pad[1] + geom.kw - 1, geom.in_w - 1)
            out.append(ylast * geom.in_w + xlast + 1)
    return out


def conv_cycles(p: int, qin: int, geom, K: int, lanes: int, n_images: int, rows: int = 1) -> int:
    """Predicted `cycles` of swm_bc_layer in convolution mode for n_images without stalls.

    Each output pixel is one vector of the block-circulant layer with q = kh*kw*qin block
    columns: its MACs take t_px = max(NG*q*G, p*K) cycles in steady state (MAC- or output-bound)
    and start once the input pixels its field needs have passed the FFT (input pixel i of the run
    at (i + 1)*qin*K + FFT_LAT, one sample per clock). The last output pixel ends with the tail
    of :func:`layer_cycles_parts`. Within 5 % of the RTL (verif/swm_bc_conv checks it). The
    schedule is :func:`conv_timing`'s, with input sample j of the run at edge j + 1."""
    import numpy as np

    _check(p, geom.kh * geom.kw * qin, K, lanes, n_images, rows)
    n_in = n_images * geom.in_h * geom.in_w * qin * K
    return int(conv_timing(np.arange(1, n_in + 1), p, qin, geom, K, lanes, rows)[-1])


# ---------------------------------------------------------------------------------------------
# dense convolution (hw/swm_dense_conv.v: swm_window -> swm_dense_fc), affine and max-pool stages
# ---------------------------------------------------------------------------------------------
WINDOW_LAT = 2   # swm_window: edges from the input sample that completes a field to the field's first word
AFFINE_LAT = 4   # swm_affine: register stages from an input sample to its output sample
POOL_LAT = 2     # swm_maxpool: edges from a window's last input sample to its output sample


def dense_conv_cycles(geom, c_in: int, c_out: int, lanes: int, n_images: int) -> int:
    """Predicted edges from the first input sample to the last output sample of a stall-free
    swm_dense_conv run of ``n_images`` images (input one sample per clock).

    Output pixel i's receptive field (n_in = kh*kw*c_in samples) streams out of swm_window once the
    input samples it needs are in (``conv_need`` pixels of c_in channels, plus WINDOW_LAT) and after
    the previous field (f_i); swm_dense_fc takes a vector while it computes the one before (f_i >=
    m_{i-1}), so vector i's MACs start at m_i = max(f_i + n_in, m_{i-1} + NG*max(n_in, lanes)), and
    the run ends with the last vector's groups (the tail of :func:`dense_cycles`). The schedule is
    :func:`dense_conv_timing`'s, with input sample j at edge j."""
    import numpy as np

    _check_dense(geom.kh * geom.kw * c_in, c_out, lanes, n_images)
    n_in = n_images * geom.in_h * geom.in_w * c_in
    return int(dense_conv_timing(np.arange(n_in), geom, c_in, c_out, lanes)[-1])


def dense_conv_interval(geom, c_in: int, c_out: int, lanes: int) -> int:
    """Steady-state cycles per image of swm_dense_conv: its input, or its output pixels' MAC groups."""
    n_in = geom.kh * geom.kw * c_in
    groups = -(-c_out // lanes)
    return max(geom.in_h * geom.in_w * c_in, geom.out_h * geom.out_w * groups * max(n_in, lanes))


def conv_interval(p: int, qin: int, geom, K: int, lanes: int, rows: int = 1) -> int:
    """Steady-state cycles per image of swm_bc_layer in convolution mode (images back to back)."""
    return conv_cycles(p, qin, geom, K, lanes, 2, rows) - conv_cycles(p, qin, geom, K, lanes, 1, rows)


# ---------------------------------------------------------------------------------------------
# stream timing of one image through a stage (the network model's latency, swm.compile)
# ---------------------------------------------------------------------------------------------
# Each function maps the times at which a stage's input samples are available (edges, one image,
# the first input of the network at edge 1) to the times of its output samples. A stage takes at
# most one sample per clock; an idle pipeline does not apply backpressure within one image (every
# stage buffers what a faster producer sends), so these compose stage by stage.
def accept(avail: "np.ndarray") -> "np.ndarray":
    """Transfer times of samples offered at ``avail`` to a one-sample-per-clock input."""
    import numpy as np

    k = np.arange(len(avail))
    return np.maximum.accumulate(np.asarray(avail, dtype=np.int64) - k) + k


def vector_timing(a: "np.ndarray", latency: int, out_samples: int) -> "np.ndarray":
    """A fully connected stage (whole input vector first): its last output ``latency - in_samples``
    edges after its last input transfer (``latency`` from :func:`layer_cycles` / :func:`dense_cycles`
    with the input at one sample per clock), the outputs one per clock before it."""
    import numpy as np

    end = int(a[-1]) + latency - len(a)
    return end - np.arange(out_samples - 1, -1, -1)


def affine_timing(a: "np.ndarray") -> "np.ndarray":
    """swm_affine: every sample AFFINE_LAT edges after its input."""
    return a + AFFINE_LAT


def pool_timing(a: "np.ndarray", h: int, w: int, c: int) -> "np.ndarray":
    """swm_maxpool: an output sample POOL_LAT edges after the last input of its 2x2 window."""
    import numpy as np

    oy, ox, ch = np.meshgrid(np.arange(h // 2), np.arange(w // 2), np.arange(c), indexing="ij")
    return a[(((2 * oy + 1) * w + 2 * ox + 1) * c + ch).reshape(-1)] + POOL_LAT


def conv_timing(a: "np.ndarray", p: int, qin: int, geom, K: int, lanes: int, rows: int = 1) -> "np.ndarray":
    """swm_bc_layer in convolution mode (the schedule of :func:`conv_cycles` with these input times):
    output pixel i starts at max(start_{i-1} + t_px, last sample of its field in + FFT_LAT) and its
    p*K samples end ``tail`` edges later."""
    import numpy as np

    q = geom.kh * geom.kw * qin
    G = K // (2 * lanes)
    ng, r_last = row_groups(p, rows)
    fft_lat, ifft_lat = latencies(K)
    t_px = max(ng * q * G, p * K)
    tail = max(ng * q * G + r_last * K, q * G + p * K) + MAC_LAT + ifft_lat + OUT_LAT
    need = conv_need(geom)
    img = geom.in_h * geom.in_w   # input pixels per image; ``a`` may hold several images back to back
    n_img = len(a) // (img * qin * K)
    ends = np.empty(n_img * len(need), dtype=np.int64)
    start = -(1 << 60)
    for i, nd in enumerate(nd + n * img for n in range(n_img) for nd in need):
        start = max(start + t_px, int(a[nd * qin * K - 1]) + fft_lat)
        ends[i] = start + tail
    return (ends[:, None] - np.arange(p * K - 1, -1, -1)[None, :]).reshape(-1)


def dense_conv_timing(a: "np.ndarray", geom, c_in: int, c_out: int, lanes: int) -> "np.ndarray":
    """swm_dense_conv (the schedule of :func:`dense_conv_cycles` with these input times): output
    channel c = g*lanes + k of pixel i at m_i + n_in + g*max(n_in, lanes) + k + DENSE_MAC_LAT + DENSE_OUT_LAT."""
    import numpy as np

    n_in = geom.kh * geom.kw * c_in
    groups = -(-c_out // lanes)
    t_grp = max(n_in, lanes)
    need = conv_need(geom)
    img = geom.in_h * geom.in_w   # input pixels per image; ``a`` may hold several images back to back
    n_img = len(a) // (img * c_in)
    ch = np.arange(c_out)
    off = (ch // lanes) * t_grp + ch % lanes + n_in + DENSE_MAC_LAT + DENSE_OUT_LAT
    out = np.empty((n_img * len(need), c_out), dtype=np.int64)
    f = m = -(1 << 60)
    for i, nd in enumerate(nd + n * img for n in range(n_img) for nd in need):
        f = max(int(a[nd * c_in - 1]) + WINDOW_LAT, f + n_in, m)
        m = max(f + n_in, m + groups * t_grp)
        out[i] = m + off
    return out.reshape(-1)


# ---------------------------------------------------------------------------------------------
# the LSTM stage (hw/swm_lstm_stage.v): one gate-engine vector per time step, in recurrence
# ---------------------------------------------------------------------------------------------
# swm_lstm_cell: the last pre-activation accepted -> the sequencer sees h of that step stored
# (S1 .. S5, S1b, S4b, the h store and the step_done register; measured, verif/swm_lstm_stage)
CELL_LAT = 8
# swm_lstm_stage: the register slice between the sequencer and the gate engine
LSTM_SLICE_LAT = 1


def lstm_step_cycles(n_x: int, hidden: int, K: int, lanes: int, rows: int = 1) -> int:
    """Cycles of one time step in steady state: h_{t-1} sent (H samples; x_t is already in the
    engine), the FFT of its last block, the MACs and IFFT of the gate vector (4H pre-activations),
    and the cell (CELL_LAT), plus the register slice in front of the engine. The x part of the next
    step overlaps it."""
    qx = -(-n_x // K)
    p, q = 4 * hidden // K, qx + hidden // K
    c = layer_cycles_parts(p, q, K, lanes, 1, rows)
    fft_lat, _ = latencies(K)
    return hidden + LSTM_SLICE_LAT + fft_lat + c.tail + CELL_LAT


def lstm_sequence_cycles(length: int, n_x: int, hidden: int, K: int, lanes: int, rows: int = 1) -> int:
    """Cycles a sequence of ``length`` steps occupies the stage back to back with others (its interval)."""
    if length < 1:
        raise SwmError(f"a sequence needs at least one step, got {length}")
    return length * lstm_step_cycles(n_x, hidden, K, lanes, rows)


def lstm_latency(length: int, n_x: int, hidden: int, K: int, lanes: int, rows: int = 1) -> int:
    """Edges from a sequence's first input sample to its final h's last sample, idle stage, input at
    one sample per clock: the first step's x part (QX*K samples, the padding made by the sequencer),
    then ``length`` steps."""
    qx = -(-n_x // K)
    return qx * K + lstm_sequence_cycles(length, n_x, hidden, K, lanes, rows)


def lstm_timing(a: "np.ndarray", n_x: int, hidden: int, K: int, lanes: int, rows: int = 1) -> "np.ndarray":
    """swm_lstm_stage: output-sample times (the final h, one per clock) of one sequence from its
    input-sample times ``a`` (length * n_x of them): the steps follow the first sample, and the last
    step cannot start before its x part is in (its padding after the last sample)."""
    import numpy as np

    length = len(a) // n_x
    qx = -(-n_x // K)
    end = max(int(a[0]) + lstm_latency(length, n_x, hidden, K, lanes, rows) - 1,
              int(a[-1]) + qx * K - n_x + lstm_step_cycles(n_x, hidden, K, lanes, rows))
    return end - np.arange(hidden - 1, -1, -1)
