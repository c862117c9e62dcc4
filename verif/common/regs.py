"""Register access by name for cocotb testbenches: RegDriver over a cocotbext-axi AxiLiteMaster.

Addresses, field positions and access types come from swm.regmap (generated from
hw/swm_accel_regs.rdl by `make regs`), so no test types an address.

API:
    axil_master(dut, prefix="s_axil")   -> AxiLiteMaster bound by prefix on dut.clk / dut.rst,
                                           logging warnings only unless $V=1.
    RegDriver(master, base=0)
        await read_raw(addr)            -> (data, resp)   any address, resp 0 OKAY / 2 SLVERR
        await write_raw(addr, data, strb=0xF) -> resp     strb: contiguous byte strobes
        await read(reg)                 -> int            by name; asserts OKAY
        await write(reg, value)                           by name; asserts OKAY
        await read_field(reg, field)    -> int
        await write_field(reg, field, value)              RW: read-modify-write of the register;
                                                          W1C / W1P: writes the field alone
                                                          (the other bits 0: no effect)
"""

from __future__ import annotations

import logging
import os

from cocotbext.axi import AxiLiteBus, AxiLiteMaster

from swm import regmap as rm


def axil_master(dut, prefix: str = "s_axil") -> AxiLiteMaster:
    """AXI4-Lite master bound by ``prefix`` on dut.clk / dut.rst (quiet unless $V=1)."""
    if os.environ.get("V", "0") in ("", "0"):
        logging.getLogger(f"cocotb.{dut._name}.{prefix}").setLevel(logging.WARNING)
    return AxiLiteMaster(AxiLiteBus.from_prefix(dut, prefix), dut.clk, dut.rst)


class RegDriver:
    """Reads and writes the swm_accel registers by name through an AxiLiteMaster."""

    def __init__(self, master: AxiLiteMaster, base: int = 0) -> None:
        self.master = master
        self.base = base

    async def read_raw(self, addr: int) -> tuple[int, int]:
        """One 32-bit read at byte address ``addr`` (offset from base): (data, resp)."""
        r = await self.master.read(self.base + (addr & ~3), 4)
        return int.from_bytes(r.data, "little"), int(r.resp)

    async def write_raw(self, addr: int, data: int, strb: int = 0xF) -> int:
        """One 32-bit write at ``addr`` with byte strobes ``strb`` (contiguous, non-zero): resp."""
        lanes = [i for i in range(4) if (strb >> i) & 1]
        if not lanes or lanes != list(range(lanes[0], lanes[-1] + 1)):
            raise ValueError(f"strobes {strb:#06b}: give contiguous byte lanes (AxiLiteMaster writes bytes)")
        word = (data & 0xFFFFFFFF).to_bytes(4, "little")
        r = await self.master.write(self.base + (addr & ~3) + lanes[0], word[lanes[0]:lanes[-1] + 1])
        return int(r.resp)

    async def read(self, reg: str) -> int:
        """Register ``reg`` by name."""
        data, resp = await self.read_raw(rm.REGISTERS[reg].address)
        assert resp == 0, f"read {reg}: response {resp} (SLVERR = 2)"
        return data

    async def write(self, reg: str, value: int) -> None:
        """Write ``value`` to register ``reg``."""
        resp = await self.write_raw(rm.REGISTERS[reg].address, value)
        assert resp == 0, f"write {reg}: response {resp} (SLVERR = 2)"

    async def read_field(self, reg: str, field: str) -> int:
        """Field ``reg.field``."""
        f = rm.REGISTERS[reg].field(field)
        return (await self.read(reg) >> f.lsb) & ((1 << f.width) - 1)

    async def write_field(self, reg: str, field: str, value: int) -> None:
        """Set ``reg.field`` to ``value`` (RW: read-modify-write; W1C/W1P: the field's bits alone)."""
        f = rm.REGISTERS[reg].field(field)
        if f.access in (rm.ACCESS_RO, rm.ACCESS_RO_HW):
            raise ValueError(f"{reg}.{field} is read-only")
        if value >> f.width:
            raise ValueError(f"{reg}.{field}: {value} does not fit in {f.width} bits")
        keep = 0
        if f.access == rm.ACCESS_RW:  # the other RW fields keep their values; W1C/W1P bits are written 0
            others = sum(g.mask for g in rm.REGISTERS[reg].fields if g.access == rm.ACCESS_RW and g.name != field)
            keep = await self.read(reg) & others
        await self.write(reg, keep | (value << f.lsb))
