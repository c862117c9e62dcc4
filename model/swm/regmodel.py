"""Reference model of the swm_accel registers: predicts every read, response and pulse (RAL mirror).

:class:`RegModel` is the register file as swm.regmap (generated from hw/swm_accel_regs.rdl)
describes it, at transaction level: ``write(addr, data, strb)`` / ``read(addr)`` give the
response (OKAY, or SLVERR for an unmapped address) and the data, using only the access types
of the generated map (RO, RO-HW, RW, W1P, W1C). Hardware sets of W1C fields are applied with
``hw_set`` between transactions. :class:`CsrModel` adds the wiring of hw/swm_accel_csr.v: which
input drives which hardware field, the error events, the START gating and the irq output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from swm import regmap as rm

OKAY = 0
SLVERR = 2


def strobe_mask(strb: int) -> int:
    """Bit enables of a 32-bit write from its 4 byte strobes."""
    return sum(0xFF << (8 * i) for i in range(4) if (strb >> i) & 1)


@dataclass
class Pulses:
    """W1P fields pulsed by one write, as (register, field) names."""

    fields: set[tuple[str, str]] = field(default_factory=set)

    def __contains__(self, item: tuple[str, str]) -> bool:
        return item in self.fields


class RegModel:
    """The register file of swm.regmap: storage, access rules, SLVERR on unmapped addresses."""

    def __init__(self) -> None:
        self.regs: Mapping[str, rm.Register] = rm.REGISTERS
        self.store: dict[tuple[str, str], int] = {}
        self.reset()

    # ---- state
    def reset(self) -> None:
        """Every stored field back to its reset value."""
        self.store = {(r.name, f.name): f.reset or 0 for r in self.regs.values() for f in r.fields
                      if f.access in (rm.ACCESS_RW, rm.ACCESS_W1C)}

    def hw_value(self, reg: str, fld: str) -> int:
        """Value of a hardware-driven (RO-HW) field; a subclass wires it to its inputs."""
        raise NotImplementedError(f"{reg}.{fld} is driven by hardware: use a model that wires it")

    def value(self, reg: str, fld: str) -> int:
        """What a read returns in ``reg.fld`` now."""
        f = self.regs[reg].field(fld)
        if f.access == rm.ACCESS_RO:
            return f.reset or 0
        if f.access == rm.ACCESS_RO_HW:
            return self.hw_value(reg, fld) & ((1 << f.width) - 1)
        if f.access == rm.ACCESS_W1P:
            return 0
        return self.store[(reg, fld)]

    def hw_set(self, reg: str, fld: str) -> None:
        """Hardware sets a W1C field (it wins over a software clear in the same cycle)."""
        f = self.regs[reg].field(fld)
        assert f.access == rm.ACCESS_W1C, f"{reg}.{fld} is not set by hardware"
        self.store[(reg, fld)] = (1 << f.width) - 1

    def intr(self, reg: str) -> bool:
        """Interrupt output of ``reg``: some W1C field set together with its enable (if it has one)."""
        out = False
        for f in self.regs[reg].fields:
            if f.access != rm.ACCESS_W1C:
                continue
            on = self.store[(reg, f.name)] != 0
            if f.enable is not None:
                en_reg, en_fld = f.enable.split(".")
                on = on and self.value(en_reg, en_fld) != 0
            out = out or on
        return out

    # ---- bus
    @staticmethod
    def register_at(addr: int) -> rm.Register | None:
        """The register an access to byte address ``addr`` reaches (the low two bits are ignored)."""
        if not 0 <= addr < (1 << rm.ADDR_WIDTH):
            return None
        return rm.BY_ADDRESS.get(addr & ~3)

    def read(self, addr: int) -> tuple[int, int]:
        """(data, resp) of a read: the register's fields, or (0, SLVERR) when unmapped."""
        reg = self.register_at(addr)
        if reg is None:
            return 0, SLVERR
        return sum(self.value(reg.name, f.name) << f.lsb for f in reg.fields), OKAY

    def write(self, addr: int, data: int, strb: int = 0xF) -> tuple[int, Pulses]:
        """(resp, pulses) of a write; SLVERR and no effect when unmapped."""
        pulses = Pulses()
        reg = self.register_at(addr)
        if reg is None:
            return SLVERR, pulses
        be = strobe_mask(strb)
        for f in reg.fields:
            fmask = (1 << f.width) - 1
            d = (data >> f.lsb) & fmask
            e = (be >> f.lsb) & fmask
            key = (reg.name, f.name)
            if f.access == rm.ACCESS_RW:
                self.store[key] = (self.store[key] & ~e) | (d & e)
            elif f.access == rm.ACCESS_W1C:
                self.store[key] &= ~(d & e)
            elif f.access == rm.ACCESS_W1P and d & e:
                pulses.fields.add(key)
        return OKAY, pulses


# swm_accel_csr ports driving RO-HW fields, and the events (inputs) setting W1C fields
CSR_HW_INPUTS = {
    ("NUM_STAGES", "NUM_STAGES"): "num_stages",
    ("STATUS", "BUSY"): "busy",
    ("STATUS", "DONE"): "done",
    ("CYCLES", "CYCLES"): "cycles",
    ("IMAGES_IN", "IMAGES_IN"): "images_in",
    ("IMAGES_OUT", "IMAGES_OUT"): "images_out",
    ("STAGE_IN_STALL", "CYCLES"): "stage_in_stall",
    ("STAGE_OUT_STALL", "CYCLES"): "stage_out_stall",
}
CSR_ERROR_INPUTS = {
    "err_image_too_short": "IMAGE_TOO_SHORT",
    "err_image_too_long": "IMAGE_TOO_LONG",
    "err_cfg": "CFG",
    "err_weight_load": "WEIGHT_LOAD",
}


class CsrModel(RegModel):
    """hw/swm_accel_csr.v: RegModel plus its wiring (inputs, error events, START gating, irq)."""

    def __init__(self) -> None:
        self.inputs: dict[str, int] = {name: 0 for name in CSR_HW_INPUTS.values()}
        super().__init__()

    def hw_value(self, reg: str, fld: str) -> int:
        if (reg, fld) == ("STATUS", "ERROR"):
            return int(self.intr("ERROR"))
        if (reg, fld) == ("STATUS", "IRQ"):
            return int(self.irq)
        return self.inputs[CSR_HW_INPUTS[(reg, fld)]]

    @property
    def irq(self) -> bool:
        """The irq output."""
        return self.intr("IRQ_STATUS")

    @property
    def image_count(self) -> int:
        return self.value("IMAGE_COUNT", "IMAGE_COUNT")

    @property
    def stage_sel(self) -> int:
        return self.value("STAGE_SEL", "STAGE")

    def set_input(self, name: str, value: int) -> None:
        """A status input changes (held for at least one clock); a rising `done` sets IRQ_STATUS.DONE."""
        if name == "done" and value and not self.inputs["done"]:
            assert self.regs["IRQ_STATUS"].field("DONE").hw_set == "posedge"
            self.hw_set("IRQ_STATUS", "DONE")
        self.inputs[name] = int(value)

    def error_event(self, *names: str) -> None:
        """Error inputs high for a cycle: their ERROR flags and IRQ_STATUS.ERROR are set."""
        for n in names:
            self.hw_set("ERROR", CSR_ERROR_INPUTS[n] if n in CSR_ERROR_INPUTS else n)
        if names:
            self.hw_set("IRQ_STATUS", "ERROR")

    def write(self, addr: int, data: int, strb: int = 0xF) -> tuple[int, Pulses]:
        """As RegModel.write; CTRL.START becomes the `start` output only when idle and not under SOFT_RESET.

        The returned pulses name the outputs: ("out", "start") and ("out", "soft_reset").
        """
        resp, pulses = super().write(addr, data, strb)
        out = Pulses()
        soft = ("CTRL", "SOFT_RESET") in pulses
        if soft:
            out.fields.add(("out", "soft_reset"))
        if ("CTRL", "START") in pulses and not soft:
            if self.inputs["busy"]:
                self.error_event("START_WHILE_BUSY")
            else:
                out.fields.add(("out", "start"))
        return resp, out
