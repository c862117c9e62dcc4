"""swm_mac_array against swm.golden.mac_int: random rows (ROWS at once) with idle beats, extreme values included."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from swm.memimg import pack_lanes, unpack_lanes
from verif.common.sim import ECP5_DSP_DEFINES, ECP5_DSP_MODEL, SIMULATORS, run_cocotb, top_sources
from verif.swm_bc_layer.elab import elaboration_output

try:
    import cocotb
    from cocotb.triggers import ReadOnly, RisingEdge

    from verif.common import tb as tbh
except ImportError:  # pragma: no cover
    cocotb = None


def _rand_words(rng: np.random.Generator, shape: tuple, width: int) -> np.ndarray:
    """Random signed words with a share of full-scale extremes."""
    lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
    v = rng.integers(lo, hi + 1, size=shape)
    pick = rng.random(shape)
    v = np.where(pick < 0.1, lo, np.where(pick < 0.2, hi, v))
    return v.astype(np.int64)


if cocotb is not None:

    class MacTB:
        """Clock, reset and a beat driver / result monitor for swm_mac_array."""

        def __init__(self, dut, prm: dict, seed: int) -> None:
            self.dut = dut
            self.prm = prm
            self.rnd = random.Random(seed)
            self.results: list[int] = []

        async def init(self) -> None:
            """Idle inputs, start the clock, reset."""
            d = self.dut
            for name in ("in_valid", "in_first", "in_last", "in_slot0", "in_w", "in_x"):
                getattr(d, name).value = 0
            await tbh.start_clock(d)
            await tbh.reset(d, 3)

        async def monitor(self) -> None:
            d = self.dut
            while True:
                await RisingEdge(d.clk)
                await ReadOnly()
                if int(d.out_valid.value) and int(d.out_last.value):
                    self.results.append(int(d.out_acc.value))

        async def drive_row(self, Wrow: np.ndarray, X: np.ndarray, idle: float) -> None:
            """Feed one row group: Wrow (ROWS, q, S, 2), X (q, S, 2), j-major, g-minor."""
            d, P = self.dut, self.prm
            lanes, rows, q = P["LANES"], Wrow.shape[0], Wrow.shape[1]
            G = P["K"] // 2 // lanes
            for j in range(q):
                for g in range(G):
                    while self.rnd.random() < idle:
                        d.in_valid.value = 0
                        await RisingEdge(d.clk)
                    sl = slice(g * lanes, (g + 1) * lanes)
                    d.in_valid.value = 1
                    d.in_first.value = int(j == 0)
                    d.in_last.value = int(j == q - 1)
                    d.in_slot0.value = int(g == 0)
                    d.in_w.value = pack_lanes(Wrow[:, j, sl].reshape(rows * lanes, 2), P["WW"])[0]
                    # every row's copy of X carries the same slots
                    d.in_x.value = pack_lanes(np.tile(X[j, sl], (rows, 1)), P["FW"])[0]
                    await RisingEdge(d.clk)
            d.in_valid.value = 0

    @cocotb.test()
    async def mac_matches_golden(dut):
        """Several layers (p rows, random q), random idle beats; every final group is compared.

        With ROWS > 1 the rows go in groups of ROWS; a short last group is padded with zero weights
        (as in the weight image), whose accumulators must be zero."""
        from swm.fixed import DatapathConfig
        from swm.golden import mac_int

        P = tbh.sim_params()
        K, lanes, WW, FW, AW, R = P["K"], P["LANES"], P["WW"], P["FW"], P["AW"], P.get("ROWS", 1)
        S, G = K // 2, K // 2 // lanes
        seed = tbh.seed("swm_mac_array")
        rng = np.random.default_rng(seed)
        cfg = DatapathConfig(K=K, DW=FW - 2, FW=FW, WW=WW, TW=16, AW=AW, max_q=P["MAX_Q"])
        tb = MacTB(dut, P, seed)
        await tb.init()
        cocotb.start_soon(tb.monitor())
        expected: list[np.ndarray] = []
        for trial, idle in enumerate((0.0, 0.3, 0.0)):
            p = int(rng.integers(1, 4))
            q = P["MAX_Q"] if trial == 2 else int(rng.integers(1, P["MAX_Q"] + 1))
            Wp = _rand_words(rng, (p, q, S, 2), WW)
            X = _rand_words(rng, (q, S, 2), FW)
            if trial == 2:  # worst case: every product at its extreme, all the same sign
                Wp[...] = -(1 << (WW - 1))
                X[...] = -(1 << (FW - 1))
            acc = mac_int(Wp, X, cfg)  # (p, S, 2)
            ng = -(-p // R)
            Wpad = np.concatenate([Wp, np.zeros((ng * R - p, q, S, 2), dtype=np.int64)])
            accpad = np.concatenate([acc, np.zeros((ng * R - p, S, 2), dtype=np.int64)])
            for r in range(ng):
                # one result per slot group g: ROWS x LANES lanes, row-major
                expected.extend(accpad[r * R:(r + 1) * R].reshape(R, G, lanes, 2).transpose(1, 0, 2, 3))
                await tb.drive_row(Wpad[r * R:(r + 1) * R], X, idle)
        for _ in range(6):
            await RisingEdge(dut.clk)
        got = unpack_lanes(tb.results, R * lanes, AW).reshape(-1).tolist()
        want = np.asarray(expected, dtype=np.int64).reshape(-1).tolist()
        tbh.compare(got, want, "accumulators of the final groups",
                    lambda k: f"group {k // (2 * R * lanes)} row {k // (2 * lanes) % R} lane {k // 2 % lanes} "
                              f"{('re', 'im')[k % 2]}")
        dut._log.info("checked %d groups of %d rows x %d lanes", len(expected), R, lanes)


WIDTHS = {"w16": dict(WW=16, FW=18, AW=48), "w12": dict(WW=12, FW=14, AW=31)}
QUICK = [(4, 1, "w12"), (8, 2, "w16"), (16, 4, "w12"), (64, 2, "w16")]
FULL = [(K, L, w) for K in (4, 8, 16, 64) for L in (1, 2, 4) if L <= K // 2 for w in WIDTHS]


def _run(K: int, lanes: int, wset: str, sim: str, rows: int = 1, ecp5: bool = False) -> None:
    prm = dict(K=K, LANES=lanes, MAX_Q=8, **WIDTHS[wset])
    rtl = {k: prm[k] for k in ("K", "LANES", "WW", "FW", "AW")}
    if rows != 1:
        prm["ROWS"] = rtl["ROWS"] = rows
    model = [ECP5_DSP_MODEL] if ecp5 else []
    run_cocotb(
        "swm_mac_array",
        [*model, *top_sources("swm_mac_array")],
        "verif.swm_mac_array.test_swm_mac_array",
        rtl,
        sim,
        ("ecp5_" if ecp5 else "") + f"K{K}_L{lanes}_{wset}" + (f"_R{rows}" if rows != 1 else ""),
        extra_env={"SWM_PARAMS": json.dumps(prm)},
        defines=ECP5_DSP_DEFINES if ecp5 else None,
    )


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("K,lanes,wset", QUICK)
def test_swm_mac_array(K: int, lanes: int, wset: str, sim: str) -> None:
    """Quick subset of the parameter space."""
    _run(K, lanes, wset, sim)


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("K,lanes,wset", [c for c in FULL if c not in QUICK])
def test_swm_mac_array_full(K: int, lanes: int, wset: str, sim: str) -> None:
    """Every valid (K, LANES, width set)."""
    _run(K, lanes, wset, sim)


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("K,lanes,wset,rows", [(8, 2, "w16", 2), (4, 1, "w12", 4), (8, 4, "w16", 3)])
def test_swm_mac_array_rows(K: int, lanes: int, wset: str, rows: int, sim: str) -> None:
    """ROWS block rows fed at once with the same X slots (short last groups padded with zero weights)."""
    _run(K, lanes, wset, sim, rows)


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("K,lanes,wset,rows", [(16, 4, "w16", 1), (8, 2, "w12", 2)])
def test_swm_mac_array_ecp5_dsp(K: int, lanes: int, wset: str, rows: int, sim: str) -> None:
    """SWM_ECP5_DSP defined: every product from a MULT18X18D with its output register, as the ECP5 flow
    configures it (verif/common/ecp5_mult18x18d.v), bit for bit and cycle for cycle the same."""
    _run(K, lanes, wset, sim, rows, ecp5=True)


@pytest.mark.parametrize("sim", SIMULATORS)
def test_swm_mac_array_bad_lanes(sim: str) -> None:
    """K = 4 with LANES = 4 (> K/2) must fail elaboration with the $error message."""
    out = elaboration_output("swm_mac_array", top_sources("swm_mac_array"), dict(K=4, LANES=4), sim)
    assert "LANES = 4 must be a power of two with 1 <= LANES <= K/2 = 2" in out, out
