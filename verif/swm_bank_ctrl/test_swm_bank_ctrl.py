"""swm_bank_ctrl (the one reserve/commit/release bank protocol) against a cycle reference model.

Random legal sequences of reserve, commit and release (including all three in one cycle and the
reserve-with-commit style) drive the RTL and a Python model of the documented protocol side by
side; every output is compared every cycle. Protocol misuse must stop the simulation with the
module's message.
"""

from __future__ import annotations

import json
import random

import pytest

from verif.common.sim import SIMULATORS, hw_sources, run_cocotb
from verif.swm_bc_layer.elab import elaboration_output

try:
    import cocotb
    from cocotb.triggers import ReadOnly, RisingEdge, Timer
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_bank_ctrl"


class BankModel:
    """Reference model of docs/architecture.md "Buffer protocol" for NB banks."""

    def __init__(self, nb: int) -> None:
        self.nb = nb
        self.used = 0       # reserved, not released
        self.filled = 0     # committed, not released
        self.wbank = 0
        self.rbank = 0
        self.tags = [None] * nb

    def outputs(self) -> dict:
        """Values of the RTL outputs in the current state."""
        return dict(wr_can_reserve=int(self.used != self.nb), rd_avail=int(self.filled != 0),
                    wr_bank=self.wbank, rd_bank=self.rbank)

    def step(self, reserve: int, commit: int, tag: int, release: int) -> None:
        """Advance one clock edge."""
        if commit:
            self.tags[self.wbank] = tag
            self.wbank = (self.wbank + 1) % self.nb
        if release:
            self.rbank = (self.rbank + 1) % self.nb
        self.used += reserve - release
        self.filled += commit - release


if cocotb is not None:
    from verif.common import tb as tbh

    @cocotb.test()
    async def matches_reference_model(dut):
        """Random legal reserve/commit/release traffic; all outputs equal the model every cycle."""
        P = tbh.sim_params()
        nb, tw = P["NB"], P["TAG_W"]
        rng = random.Random(tbh.seed("swm_bank_ctrl"))
        m = BankModel(nb)
        for n in ("wr_reserve", "wr_commit", "wr_tag", "rd_release"):
            getattr(dut, n).value = 0
        await tbh.start_clock(dut)
        await tbh.reset(dut)
        n_commit = n_release = 0
        for cyc in range(tbh.scaled(3000)):
            await Timer(1, unit="ns")
            for k, v in m.outputs().items():
                got = int(getattr(dut, k).value)
                assert got == v, f"cycle {cyc}: {k} = {got}, model {v}"
            if m.filled:
                got = int(dut.rd_tag.value)
                assert got == m.tags[m.rbank], f"cycle {cyc}: rd_tag = {got}, model {m.tags[m.rbank]}"
            bias = (cyc // 200) % 3          # phases: producer faster, balanced, consumer faster
            pr = (0.8, 0.5, 0.2)[bias]
            reserved_open = m.used - m.filled  # reserved, not yet committed
            reserve = int(m.used < m.nb and rng.random() < pr)
            commit = int((reserved_open > 0 or reserve) and rng.random() < pr)
            release = int(m.filled > 0 and rng.random() < 1 - pr + 0.1)
            tag = rng.getrandbits(tw)
            dut.wr_reserve.value = reserve
            dut.wr_commit.value = commit
            dut.wr_tag.value = tag
            dut.rd_release.value = release
            await RisingEdge(dut.clk)
            m.step(reserve, commit, tag, release)
            n_commit += commit
            n_release += release
        assert n_commit > 100 and n_release > 100, f"too little traffic: {n_commit} commits, {n_release} releases"
        dut._log.info("%d commits, %d releases checked", n_commit, n_release)


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("nb,tag_w", [(2, 1), (3, 3)])
def test_swm_bank_ctrl(nb: int, tag_w: int, sim: str) -> None:
    """Ping-pong and the three-bank buffer of the small-K inverse FFT."""
    rtl = dict(NB=nb, TAG_W=tag_w)
    run_cocotb(TOP, hw_sources(TOP), f"verif.{TOP}.test_{TOP}", rtl, sim, f"NB{nb}_T{tag_w}",
               extra_env={"SWM_PARAMS": json.dumps(rtl)})


@pytest.mark.parametrize("sim", SIMULATORS)
def test_swm_bank_ctrl_bad_nb(sim: str) -> None:
    """NB outside 2..8 is refused at elaboration."""
    out = elaboration_output(TOP, hw_sources(TOP), dict(NB=1), sim)
    assert "NB = 1 must be in 2..8" in out, out
