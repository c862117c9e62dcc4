"""swm_accel_csr (+ the generated register block swm_accel_regs) over AXI4-Lite against swm.regmodel.

Every expected value comes from the generated map swm.regmap and the reference model
swm.regmodel.CsrModel (no address or reset value is typed here). The testbench drives the
hardware-side inputs and watches the outputs every cycle:

* reset values of every register; read-only registers ignore writes, RW registers read back,
  byte-strobed writes change only their bytes;
* CTRL's single pulses last exactly one cycle (writes of 0: none; START while busy: none, and
  ERROR.START_WHILE_BUSY; START with SOFT_RESET: only the soft reset);
* W1C flags clear only the bits written 1; a hardware set in the very cycle of the software clear
  wins (the cycle is measured on the irq output first); irq follows IRQ_STATUS & IRQ_ENABLE;
* any unmapped address of the 4 KiB window answers SLVERR on reads and writes (and a write there
  changes nothing);
* a seeded random sequence of reads, writes, unmapped accesses and hardware events against the
  model (a RAL-style scoreboard: every read, response, pulse and output compared).
"""

from __future__ import annotations

import random

import pytest

from verif.common.sim import SIMULATORS, run_cocotb, top_sources

try:
    import cocotb
    from cocotb.triggers import ReadOnly, RisingEdge, Timer
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_accel_csr"

if cocotb is not None:
    from swm import regmap as rm
    from swm.regmodel import CSR_ERROR_INPUTS, CSR_HW_INPUTS, OKAY, SLVERR, CsrModel
    from verif.common import tb as tbh
    from verif.common.regs import RegDriver, axil_master

    HW_INPUTS = sorted(set(CSR_HW_INPUTS.values()))
    ERR_INPUTS = sorted(CSR_ERROR_INPUTS)
    INPUT_WIDTH = {name: rm.REGISTERS[reg].field(fld).width for (reg, fld), name in CSR_HW_INPUTS.items()}
    UNMAPPED = [a for a in range(0, 1 << rm.ADDR_WIDTH, 4) if a not in rm.BY_ADDRESS]

    class CsrTB:
        """Clock, reset, AXI4-Lite master, the register model and a per-cycle output monitor."""

        def __init__(self, dut) -> None:
            self.dut = dut
            self.regs = RegDriver(axil_master(dut))
            self.model = CsrModel()
            self.pulses = {"start": [], "soft_reset": []}   # lengths of finished pulses, in cycles
            self._high = {"start": 0, "soft_reset": 0}
            self.trace: list[dict[str, int]] = []            # per cycle while recording
            self.recording = False

        async def start(self) -> None:
            # rst high before the first edge: the bus models stay idle until the outputs are defined
            self.dut.rst.value = 1
            for n in HW_INPUTS + ERR_INPUTS:
                getattr(self.dut, n).value = 0
            await tbh.start_clock(self.dut)
            await tbh.reset(self.dut)
            cocotb.start_soon(self._monitor())

        async def _monitor(self) -> None:
            """Every cycle: pulse lengths of start/soft_reset; a trace of the bus and irq when recording."""
            d = self.dut
            while True:
                await RisingEdge(d.clk)
                await ReadOnly()
                for n in self._high:
                    v = int(getattr(d, n).value)
                    if v:
                        self._high[n] += 1
                    elif self._high[n]:
                        self.pulses[n].append(self._high[n])
                        self._high[n] = 0
                if self.recording:
                    self.trace.append({
                        "aw": int(d.s_axil_awvalid.value) & int(d.s_axil_awready.value),
                        "w": int(d.s_axil_wvalid.value) & int(d.s_axil_wready.value),
                        "irq": int(d.irq.value)})

        async def edge(self, n: int = 1) -> None:
            """n rising edges, then 1 ns (inputs driven now are sampled at the next edge)."""
            for _ in range(n):
                await RisingEdge(self.dut.clk)
            await Timer(1, unit="ns")

        async def set_inputs(self, **values: int) -> None:
            """Drive status inputs (held from the next edge on) and tell the model."""
            await self.edge()
            for n, v in values.items():
                getattr(self.dut, n).value = v
                self.model.set_input(n, v)
            await self.edge(2)

        async def error_pulse(self, *names: str) -> None:
            """Error inputs high for exactly one cycle."""
            await self.edge()
            for n in names:
                getattr(self.dut, n).value = 1
            await self.edge()
            for n in names:
                getattr(self.dut, n).value = 0
            self.model.error_event(*names)
            await self.edge()

        async def read(self, addr: int, what: str = "") -> int:
            """Read ``addr`` and compare data and response with the model."""
            data, resp = await self.regs.read_raw(addr)
            exp, exp_resp = self.model.read(addr)
            name = what or _name(addr)
            assert resp == exp_resp, f"read {name}: resp {resp}, model {exp_resp} (SLVERR = {SLVERR})"
            assert data == exp, f"read {name}: {data:#010x}, model {exp:#010x}"
            return data

        async def write(self, addr: int, data: int, strb: int = 0xF, what: str = "") -> None:
            """Write and compare the response, the start/soft_reset pulses and the outputs with the model."""
            before = {n: len(p) for n, p in self.pulses.items()}
            resp = await self.regs.write_raw(addr, data, strb)
            exp_resp, pulses = self.model.write(addr, data, strb)
            name = what or _name(addr)
            assert resp == exp_resp, f"write {name} {data:#010x}: resp {resp}, model {exp_resp}"
            await self.edge(3)
            for n in self.pulses:
                got = self.pulses[n][before[n]:]
                exp = [1] if ("out", n) in pulses else []
                assert got == exp, f"write {name} {data:#010x} strb {strb:#x}: {n} pulses {got}, model {exp}"
            self.check_outputs(f"after write {name} {data:#010x}")

        def check_outputs(self, where: str) -> None:
            d, m = self.dut, self.model
            got = dict(irq=int(d.irq.value), image_count=int(d.image_count.value), stage_sel=int(d.stage_sel.value))
            exp = dict(irq=int(m.irq), image_count=m.image_count, stage_sel=m.stage_sel)
            assert got == exp, f"{where}: outputs {got}, model {exp}"

        async def read_all(self, where: str = "") -> None:
            for r in rm.REGISTERS.values():
                await self.read(r.address, f"{r.name}{' ' + where if where else ''}")

    def _name(addr: int) -> str:
        r = CsrModel.register_at(addr)
        return f"{r.name}@{addr:#05x}" if r is not None else f"unmapped@{addr:#05x}"

    def _random_inputs(rng: random.Random) -> dict[str, int]:
        return {n: rng.getrandbits(INPUT_WIDTH[n]) for n in HW_INPUTS if n not in ("busy", "done")}

    @cocotb.test()
    async def reset_values_and_access(dut):
        """Reset values; RO ignores writes, RW reads back (also byte by byte), W1P reads 0."""
        rng = random.Random(tbh.seed("swm_accel_regs reset_values_and_access"))
        tb = CsrTB(dut)
        await tb.start()
        tb.check_outputs("after reset")
        assert int(dut.start.value) == 0 and int(dut.soft_reset.value) == 0
        # hardware-driven registers read their inputs; stored ones their reset values
        await tb.set_inputs(**_random_inputs(rng))
        await tb.read_all("after reset")
        for r in rm.REGISTERS.values():
            hw_bits = sum(f.mask for f in r.fields if f.access == rm.ACCESS_RO_HW)
            got = await tb.regs.read(r.name) & ~hw_bits
            assert got == r.reset, f"{r.name}: reset value {got:#010x}, regmap {r.reset:#010x}"
        # every register: all ones, a random word, zero; then a read of everything
        for r in rm.REGISTERS.values():
            if r.name == "CTRL":
                continue   # pulses: covered by single_pulses
            for value in (0xFFFFFFFF, rng.getrandbits(32), 0):
                await tb.write(r.address, value)
                await tb.read(r.address)
                if r.name in ("ERROR", "IRQ_STATUS"):
                    await tb.error_pulse(*ERR_INPUTS)   # set every flag again
        await tb.read_all("after the writes")
        # RW registers byte by byte (contiguous strobes)
        for r in (rm.REGISTERS["IMAGE_COUNT"], rm.REGISTERS["STAGE_SEL"]):
            for strb in (0x1, 0x2, 0x4, 0x8, 0x3, 0xC, 0x6, 0xE, 0x7):
                await tb.write(r.address, rng.getrandbits(32), strb)
                await tb.read(r.address)
        # a byte read at an unaligned address returns that byte of its word
        resp = await tb.regs.master.read(rm.ID + 1, 1)
        assert int(resp.resp) == OKAY and resp.data[0] == (rm.ID_RESET >> 8) & 0xFF, resp

    @cocotb.test()
    async def single_pulses(dut):
        """START and SOFT_RESET pulse for exactly one cycle; the START gating of swm_accel_csr."""
        tb = CsrTB(dut)
        await tb.start()
        start = rm.CTRL_START_MASK
        soft = rm.CTRL_SOFT_RESET_MASK
        for value in (0, start, soft, start | soft, 0, start, 0xFFFFFFFF & ~(start | soft)):
            await tb.write(rm.CTRL, value)
        assert tb.pulses["start"] == [1, 1] and tb.pulses["soft_reset"] == [1, 1], tb.pulses
        await tb.read(rm.CTRL)
        # START while busy: no start pulse, the error flag and the interrupt status are set
        await tb.set_inputs(busy=1)
        await tb.write(rm.CTRL, start)
        assert tb.pulses["start"] == [1, 1], tb.pulses
        await tb.read(rm.ERROR)
        assert await tb.regs.read_field("ERROR", "START_WHILE_BUSY") == 1
        assert await tb.regs.read_field("IRQ_STATUS", "ERROR") == 1
        assert await tb.regs.read_field("STATUS", "ERROR") == 1
        await tb.write(rm.CTRL, soft)   # a soft reset while busy is passed on
        await tb.set_inputs(busy=0)
        await tb.write(rm.CTRL, start)
        assert tb.pulses["start"] == [1, 1, 1] and tb.pulses["soft_reset"] == [1, 1, 1], tb.pulses
        # a strobe without byte 0 writes no START
        await tb.write(rm.CTRL, 0xFFFFFFFF, strb=0xE)
        assert tb.pulses["start"] == [1, 1, 1], tb.pulses

    @cocotb.test()
    async def w1c_and_irq(dut):
        """W1C clears only the bits written 1; hardware sets; irq = |(IRQ_STATUS & IRQ_ENABLE)."""
        tb = CsrTB(dut)
        await tb.start()
        await tb.error_pulse(*ERR_INPUTS)
        await tb.write(rm.CTRL, rm.CTRL_START_MASK)
        await tb.set_inputs(busy=1)
        await tb.write(rm.CTRL, rm.CTRL_START_MASK)          # START_WHILE_BUSY
        await tb.read(rm.ERROR)
        assert await tb.regs.read("ERROR") == rm.REGISTERS["ERROR"].mask
        # clear one flag at a time: only that bit goes
        for f in rm.REGISTERS["ERROR"].fields:
            await tb.write(rm.ERROR, f.mask)
            await tb.read(rm.ERROR)
            await tb.read(rm.STATUS)
        assert await tb.regs.read_field("STATUS", "ERROR") == 0
        # irq: status without enable stays low; enable raises it; W1C lowers it
        assert tb.model.irq is False and int(dut.irq.value) == 0, "irq without any enable"
        await tb.write(rm.IRQ_ENABLE, rm.IRQ_ENABLE_ERROR_MASK)
        assert int(dut.irq.value) == 1, "irq: IRQ_STATUS.ERROR is set and now enabled"
        await tb.write(rm.IRQ_STATUS, rm.IRQ_STATUS_DONE_MASK)   # the other bit: no change
        assert int(dut.irq.value) == 1, "irq: a W1C of IRQ_STATUS.DONE cleared ERROR"
        await tb.write(rm.IRQ_STATUS, rm.IRQ_STATUS_ERROR_MASK)
        assert int(dut.irq.value) == 0, "irq: IRQ_STATUS.ERROR cleared"
        await tb.read(rm.STATUS)
        # DONE: the rising edge of done sets IRQ_STATUS.DONE once; enabled, it raises irq
        await tb.set_inputs(busy=0, done=1)
        await tb.read(rm.IRQ_STATUS)
        assert int(dut.irq.value) == 0, "irq: IRQ_STATUS.DONE is not enabled"
        await tb.write(rm.IRQ_ENABLE, rm.IRQ_ENABLE_DONE_MASK | rm.IRQ_ENABLE_ERROR_MASK)
        assert int(dut.irq.value) == 1, "irq: IRQ_STATUS.DONE now enabled"
        await tb.read(rm.STATUS)
        await tb.write(rm.IRQ_STATUS, rm.IRQ_STATUS_DONE_MASK)
        assert int(dut.irq.value) == 0, "irq: done held high must not set IRQ_STATUS.DONE again"
        await tb.set_inputs(done=0)
        await tb.set_inputs(done=1)
        assert int(dut.irq.value) == 1, "irq: a new rising edge of done"
        await tb.read_all("end")

    async def _w1c_race(tb: CsrTB, addr: int, mask: int, err: str | None, offset: int | None):
        """W1C write of ``mask`` at ``addr``; ``err`` high for the one cycle ``offset`` cycles after the
        later of the AW/W handshakes (None: no event). Returns the per-cycle trace."""
        d = tb.dut
        tb.trace = []
        tb.recording = True
        task = cocotb.start_soon(tb.regs.write_raw(addr, mask))
        if err is not None:
            seen = {"aw": False, "w": False}
            while not all(seen.values()):
                await RisingEdge(d.clk)
                await ReadOnly()
                seen["aw"] |= bool(int(d.s_axil_awvalid.value) and int(d.s_axil_awready.value))
                seen["w"] |= bool(int(d.s_axil_wvalid.value) and int(d.s_axil_wready.value))
            # now in the cycle of the later handshake (it completes at the next edge)
            assert offset >= 1, f"the clear's cycle is {offset} cycles after the handshake: cannot drive it"
            await tb.edge(offset)
            getattr(d, err).value = 1
            await tb.edge()
            getattr(d, err).value = 0
        resp = await task
        await tb.edge(3)
        tb.recording = False
        assert resp == OKAY
        return tb.trace

    @cocotb.test()
    async def hw_set_beats_sw_clear(dut):
        """A hardware set in the cycle of the W1C write that clears the flag wins (precedence = hw)."""
        tb = CsrTB(dut)
        await tb.start()
        await tb.write(rm.IRQ_ENABLE, rm.IRQ_ENABLE_ERROR_MASK)
        # 1. measure: the cycle in which a clear takes effect, seen on irq
        await tb.error_pulse("err_cfg")
        assert int(dut.irq.value) == 1
        trace = await _w1c_race(tb, rm.IRQ_STATUS, rm.IRQ_STATUS_ERROR_MASK, None, None)
        hs = max(next(i for i, t in enumerate(trace) if t["aw"]), next(i for i, t in enumerate(trace) if t["w"]))
        low = next(i for i, t in enumerate(trace) if not t["irq"])
        offset = low - 1 - hs        # the write strobe is high in cycle low-1
        tb.model.write(rm.IRQ_STATUS, rm.IRQ_STATUS_ERROR_MASK)
        await tb.write(rm.ERROR, rm.REGISTERS["ERROR"].mask)
        dut._log.info("W1C takes effect %d cycle(s) after the AW/W handshake cycle", offset)

        # 2. event exactly in that cycle: irq never drops, both flags stay set
        for addr, mask, check in ((rm.IRQ_STATUS, rm.IRQ_STATUS_ERROR_MASK, ("IRQ_STATUS", "ERROR")),
                                  (rm.ERROR, rm.ERROR_CFG_MASK, ("ERROR", "CFG"))):
            await tb.error_pulse("err_cfg")
            trace = await _w1c_race(tb, addr, mask, "err_cfg", offset)
            tb.model.write(addr, mask)
            tb.model.error_event("err_cfg")         # the set wins: it lands after the clear
            if addr == rm.IRQ_STATUS:
                assert all(t["irq"] for t in trace), f"irq dropped: {[t['irq'] for t in trace]}"
            assert await tb.regs.read_field(*check) == 1, f"{check}: the software clear beat the hardware set"
            await tb.read_all(f"after the race on {check}")

        # 3. the probe is exact: one cycle later, irq drops for exactly one cycle
        trace = await _w1c_race(tb, rm.IRQ_STATUS, rm.IRQ_STATUS_ERROR_MASK, "err_cfg", offset + 1)
        tb.model.write(rm.IRQ_STATUS, rm.IRQ_STATUS_ERROR_MASK)
        tb.model.error_event("err_cfg")
        lows = [i for i, t in enumerate(trace) if not t["irq"]]
        assert len(lows) == 1, f"expected one cycle of irq low, got {[t['irq'] for t in trace]}"
        # one cycle earlier (when that is after the handshake): the set comes first, the clear wins
        if offset >= 2:
            await _w1c_race(tb, rm.ERROR, rm.ERROR_CFG_MASK, "err_cfg", offset - 1)
            tb.model.error_event("err_cfg")
            tb.model.write(rm.ERROR, rm.ERROR_CFG_MASK)
            assert await tb.regs.read_field("ERROR", "CFG") == 0
        await tb.read_all("end")

    @cocotb.test()
    async def unmapped_slverr(dut):
        """Every access to an unmapped address answers SLVERR and changes nothing."""
        rng = random.Random(tbh.seed("swm_accel_regs unmapped_slverr"))
        tb = CsrTB(dut)
        await tb.start()
        await tb.set_inputs(**_random_inputs(rng))
        await tb.error_pulse("err_weight_load")
        await tb.write(rm.IRQ_ENABLE, 0xFFFFFFFF)
        addrs = [UNMAPPED[0], UNMAPPED[-1]] + rng.sample(UNMAPPED, 24)
        for a in addrs:
            await tb.read(a)
            await tb.write(a, 0xFFFFFFFF)   # would clear every W1C flag and pulse every W1P
            await tb.write(a, rng.getrandbits(32), strb=rng.choice((0x1, 0x3, 0xF)))
        assert tb.pulses == {"start": [], "soft_reset": []}, tb.pulses
        await tb.read_all("after the unmapped writes")

    @cocotb.test()
    async def random_against_model(dut):
        """Seeded random reads, writes, unmapped accesses and hardware events; every result checked."""
        rng = random.Random(tbh.seed("swm_accel_regs random_against_model"))
        tb = CsrTB(dut)
        await tb.start()
        n_ops = tbh.scaled(600)
        regs = list(rm.REGISTERS.values())
        # registers with behaviour get more writes than the plain ones
        weights = {"CTRL": 6, "ERROR": 4, "IRQ_STATUS": 4, "IRQ_ENABLE": 3}
        start, soft = rm.CTRL_START_MASK, rm.CTRL_SOFT_RESET_MASK
        counts = dict(read=0, write=0, unmapped=0, inputs=0, errors=0)
        for _ in range(n_ops):
            op = rng.choices(("read", "write", "unmapped", "inputs", "errors"), (30, 35, 8, 15, 12))[0]
            counts[op] += 1
            if op == "read":
                await tb.read(rng.choice(regs).address)
            elif op == "write":
                r = rng.choices(regs, [weights.get(r.name, 1) for r in regs])[0]
                data = rng.choice((0, 0xFFFFFFFF, rng.getrandbits(32), 1 << rng.randrange(32)))
                if r.name == "CTRL":
                    data = rng.choice((start, start, soft, start | soft, data))
                await tb.write(r.address, data, rng.choice((0xF, 0xF, 0xF, 0x1, 0x3, 0x6, 0xC, 0x8)))
            elif op == "unmapped":
                a = rng.choice(UNMAPPED)
                if rng.random() < 0.5:
                    await tb.read(a)
                else:
                    await tb.write(a, rng.getrandbits(32))
            elif op == "inputs":
                vals = _random_inputs(rng)
                vals = dict(rng.sample(sorted(vals.items()), rng.randint(1, 3)))
                vals.update({k: rng.getrandbits(1) for k in ("busy", "done") if rng.random() < 0.5})
                await tb.set_inputs(**vals)
            else:
                await tb.error_pulse(*rng.sample(ERR_INPUTS, rng.randint(1, len(ERR_INPUTS))))
            tb.check_outputs(f"after {op}")
        await tb.read_all("end")
        assert all(p == 1 for ps in tb.pulses.values() for p in ps), tb.pulses
        dut._log.info("%d random operations: %s; pulses %s", n_ops, counts,
                      {k: len(v) for k, v in tb.pulses.items()})


@pytest.mark.parametrize("sim", SIMULATORS)
def test_swm_accel_regs(sim):
    """The register block and its wrapper on both simulators."""
    run_cocotb(TOP, top_sources(TOP), "verif.swm_accel_regs.test_swm_accel_regs", {}, sim, "default")
