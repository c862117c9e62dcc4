"""swm_load_ram (the W and B memories of swm_bc_layer): stream loads, then reads under random rd_en.

A random image (sometimes with an overlong tail, which must be dropped) is loaded over the stream
with random idles; then random addresses are read with rd_en random, and every rd_data must equal
the word the reference pipeline predicts: the pipeline of OUT_REG + 1 stages advances only on
rd_en cycles, so rd_data shows the word addressed OUT_REG + 1 rd_en cycles earlier. Covered: the
plain RAM (OUT_REG 0 and 1) and the banked form (OUT_REG 2) with several banks, a short last bank
and a single bank; a second load must replace the first.
"""

from __future__ import annotations

import json
import random

import pytest

from verif.common.sim import SIMULATORS, top_sources, run_cocotb

try:
    import cocotb
    from cocotb.triggers import RisingEdge, Timer
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_load_ram"


if cocotb is not None:
    from verif.common import tb as tbh

    async def _load(dut, rng, words) -> None:
        """Stream ``words`` (tlast on the last one) with random idles."""
        dut.load_en.value = 1
        i = 0
        while i < len(words):
            await RisingEdge(dut.clk)
            await Timer(1, unit="ns")
            if rng.random() < 0.3:
                dut.s_axis_tvalid.value = 0
                continue
            dut.s_axis_tvalid.value = 1
            dut.s_axis_tdata.value = words[i]
            dut.s_axis_tlast.value = int(i == len(words) - 1)
            i += 1
        await RisingEdge(dut.clk)
        await Timer(1, unit="ns")
        dut.s_axis_tvalid.value = 0
        dut.s_axis_tlast.value = 0
        dut.load_en.value = 0

    async def _read_check(dut, rng, mem, n_reads: int, out_reg: int) -> int:
        """Random reads with random rd_en; returns the number of words checked."""
        depth = len(mem)
        pipe: list[int | None] = [None] * (out_reg + 1)   # word in each stage, newest first
        shown: int | None = None
        checked = 0
        for _ in range(n_reads):
            await RisingEdge(dut.clk)
            await Timer(1, unit="ns")
            # the value registered at this edge
            if shown is not None:
                got = int(dut.rd_data.value)
                assert got == shown, f"rd_data {got:#x}, expected {shown:#x}"
                checked += 1
            en = int(rng.random() < 0.7)
            addr = rng.randrange(depth)
            dut.rd_en.value = en
            dut.rd_addr.value = addr
            if en:
                pipe = [mem[addr]] + pipe[:-1]
            shown = pipe[-1]   # after the next edge, rd_data shows the oldest stage
        return checked

    @cocotb.test()
    async def loads_then_reads(dut):
        """Two loads (the second overlong), each followed by random reads under random rd_en."""
        P = tbh.sim_params()
        W, D, OR = P["WIDTH"], P["DEPTH"], P["OUT_REG"]
        rng = random.Random(tbh.seed("swm_load_ram"))
        for n in ("load_en", "s_axis_tvalid", "s_axis_tdata", "s_axis_tlast", "rd_en", "rd_addr"):
            getattr(dut, n).value = 0
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        total = 0
        for extra in (0, 3):
            words = [rng.getrandbits(W) for _ in range(D + extra)]
            await _load(dut, rng, words)
            total += await _read_check(dut, rng, words[:D], tbh.scaled(6 * D + 20), OR)
        assert total > 0
        dut._log.info("%d reads checked", total)


# (WIDTH, DEPTH, OUT_REG, BANK_DEPTH): plain, banked with a short last bank, one bank, depth 1
QUICK = [(12, 40, 2, 16), (9, 13, 1, 2048)]
FULL = [(12, 40, 0, 2048), (8, 64, 2, 16), (7, 16, 2, 16), (5, 1, 2, 2), (33, 5, 2, 2)]


def _run(w: int, depth: int, out_reg: int, bank: int, sim: str) -> None:
    rtl = dict(WIDTH=w, DEPTH=depth, OUT_REG=out_reg, BANK_DEPTH=bank)
    run_cocotb(TOP, top_sources(TOP), f"verif.{TOP}.test_{TOP}", rtl, sim,
               f"W{w}_D{depth}_R{out_reg}_B{bank}", extra_env={"SWM_PARAMS": json.dumps(rtl)})


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("w,depth,out_reg,bank", QUICK)
def test_swm_load_ram(w, depth, out_reg, bank, sim):
    """Banked (3 banks, the last short) and plain memories."""
    _run(w, depth, out_reg, bank, sim)


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("w,depth,out_reg,bank", FULL)
def test_swm_load_ram_full(w, depth, out_reg, bank, sim):
    """Every OUT_REG, exact multiples of the bank depth, depth 1 and one-word banks."""
    _run(w, depth, out_reg, bank, sim)
