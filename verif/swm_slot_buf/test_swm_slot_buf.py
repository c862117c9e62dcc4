"""swm_slot_buf (the X and Y buffers of swm_bc_layer): frames of random slots through both halves.

A producer fills frames of random length into the half being filled and a consumer reads them
back from the oldest full half, both with random idles; every word read must be the word written
(the scoreboard is the list of frames written, in order), frames must come out in order, and the
protocol (swm_bank_ctrl) must never let the producer overwrite a half the consumer still reads.
Both port shapes used by the engine are covered: slot writes + registered word reads (X buffer,
reserve with the commit) and word writes + combinational slot reads (Y buffer, reserve first).
"""

from __future__ import annotations

import json
import random

import pytest

from verif.common.sim import SIMULATORS, run_cocotb, top_sources

try:
    import cocotb
    from cocotb.triggers import ReadOnly, RisingEdge, Timer
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_slot_buf"


if cocotb is not None:
    from verif.common import tb as tbh

    @cocotb.test()
    async def frames_pass_in_order(dut):
        """Random frames in, the same frames out, under random idles on both sides."""
        P = tbh.sim_params()
        L, W, D, wr_slot, rd_slot = P["LANES"], P["W"], P["DEPTH"], P["WR_SLOT"], P["RD_SLOT"]
        rng = random.Random(tbh.seed("swm_slot_buf"))
        n_frames = tbh.scaled(40)
        # each frame: a whole number of words (1..DEPTH) of LANES random W-bit slots
        frames = []
        for _ in range(n_frames):
            nw = rng.randint(1, D)
            frames.append([[rng.getrandbits(W) for _ in range(L)] for _ in range(nw)])

        for n in ("wr_reserve", "wr_commit", "rd_release", "wr_en", "wr_idx", "wr_data", "rd_idx"):
            getattr(dut, n).value = 0
        await tbh.start_clock(dut)
        await tbh.reset(dut)

        prod = dict(f=0, i=0, reserved=False)   # frame, item (slot or word) within it
        cons = dict(f=0, i=0, pending=None)     # pending: expected word of a registered read
        seen_words = 0
        # idle probabilities change every few frames, so either side is sometimes the slower one
        idle = {"p": 0.3, "c": 0.3}
        for cyc in range(200 * n_frames * (D * L + 4)):
            await RisingEdge(dut.clk)
            await Timer(1, unit="ns")
            if cyc % 64 == 0:
                idle = {"p": rng.choice((0.0, 0.3, 0.8)), "c": rng.choice((0.0, 0.3, 0.8))}
            # registered read issued last cycle: its data is valid now
            if cons["pending"] is not None:
                exp, where = cons["pending"]
                got = int(dut.rd_data.value)
                assert got == exp, f"{where}: read {got:#x}, wrote {exp:#x}"
                seen_words += 1
                cons["pending"] = None
            # ---- producer
            we = res = com = 0
            widx = wdata = 0
            if prod["f"] < n_frames and rng.random() >= idle["p"]:
                fr = frames[prod["f"]]
                items = len(fr) * L if wr_slot else len(fr)
                can = int(dut.wr_can_reserve.value)
                if wr_slot:   # X style: write while a half is free, reserve with the commit
                    ok = can
                else:         # Y style: reserve the half first, then write it
                    ok = prod["reserved"] or can
                    if not prod["reserved"] and can:
                        res = 1
                        prod["reserved"] = True
                if ok:
                    i = prod["i"]
                    we = 1
                    widx = i
                    if wr_slot:
                        wdata = fr[i // L][i % L]
                    else:
                        wdata = sum(v << (l * W) for l, v in enumerate(fr[i]))
                    if i == items - 1:
                        com = 1
                        res = 1 if wr_slot else res
                        prod["f"] += 1
                        prod["i"] = 0
                        prod["reserved"] = False
                    else:
                        prod["i"] = i + 1
            dut.wr_en.value = we
            dut.wr_idx.value = widx
            dut.wr_data.value = wdata
            dut.wr_reserve.value = res
            dut.wr_commit.value = com
            # ---- consumer
            rel = 0
            ridx = 0
            read = False
            if cons["f"] < n_frames and int(dut.rd_avail.value) and rng.random() >= idle["c"]:
                fr = frames[cons["f"]]
                items = len(fr) * L if rd_slot else len(fr)
                i = cons["i"]
                ridx = i
                read = True
                where = f"frame {cons['f']} item {i}"
                exp = fr[i // L][i % L] if rd_slot else sum(v << (l * W) for l, v in enumerate(fr[i]))
                if i == items - 1:
                    rel = 1
                    cons["f"] += 1
                    cons["i"] = 0
                else:
                    cons["i"] = i + 1
            dut.rd_idx.value = ridx
            dut.rd_release.value = rel
            if read:
                if rd_slot:   # combinational: check in this cycle
                    await ReadOnly()
                    got = int(dut.rd_data.value)
                    assert got == exp, f"{where}: read {got:#x}, wrote {exp:#x}"
                    seen_words += 1
                else:
                    cons["pending"] = (exp, where)
            if cons["f"] == n_frames and cons["pending"] is None:
                break
        assert prod["f"] == n_frames, f"producer stuck after {prod['f']} of {n_frames} frames"
        assert cons["f"] == n_frames, f"consumer saw {cons['f']} of {n_frames} frames"
        expect = sum(len(f) * (L if rd_slot else 1) for f in frames)
        assert seen_words == expect, f"checked {seen_words} reads, expected {expect}"
        dut._log.info("%d frames, %d reads checked", n_frames, seen_words)


# (LANES, W, DEPTH, WR_SLOT, RD_SLOT): the X-buffer and Y-buffer shapes, single-word and one-lane edges
QUICK = [(4, 12, 3, 1, 0), (2, 10, 2, 0, 1)]
FULL = [(1, 8, 5, 1, 0), (8, 6, 1, 1, 0), (4, 9, 1, 0, 1), (1, 7, 4, 0, 1), (2, 16, 4, 1, 0), (8, 5, 2, 0, 1)]


def _run(lanes: int, w: int, depth: int, wr_slot: int, rd_slot: int, sim: str, nb: int = 2) -> None:
    rtl = dict(LANES=lanes, W=w, DEPTH=depth, NB=nb, WR_SLOT=wr_slot, RD_SLOT=rd_slot)
    run_cocotb(TOP, top_sources(TOP), f"verif.{TOP}.test_{TOP}", rtl, sim,
               f"L{lanes}_W{w}_D{depth}_NB{nb}_w{wr_slot}_r{rd_slot}", extra_env={"SWM_PARAMS": json.dumps(rtl)})


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("lanes,w,depth,wr_slot,rd_slot", QUICK)
def test_swm_slot_buf(lanes, w, depth, wr_slot, rd_slot, sim):
    """The two port shapes the engine uses."""
    _run(lanes, w, depth, wr_slot, rd_slot, sim)


@pytest.mark.parametrize("sim", SIMULATORS)
def test_swm_slot_buf_three_halves(sim):
    """The Y-buffer shape with three halves (swm_bc_layer uses NB = 3 for K = 4)."""
    _run(2, 10, 1, 0, 1, sim, nb=3)


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("lanes,w,depth,wr_slot,rd_slot", FULL)
def test_swm_slot_buf_full(lanes, w, depth, wr_slot, rd_slot, sim):
    """One lane, one word per half and wide words."""
    _run(lanes, w, depth, wr_slot, rd_slot, sim)
