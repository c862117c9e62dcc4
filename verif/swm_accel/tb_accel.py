"""cocotb testbench of the system top swm_accel: a host's view over AXI4-Lite and the streams.

Driven by verif/swm_accel/test_swm_accel.py through $SWM_NET_STIM (as verif/swm_net/tb_net.py).
One simulation walks through what a driver does and what can go wrong:
  1. identity registers, NUM_STAGES, an unmapped address answered with SLVERR;
  2. weights and bias of every stage loaded over s_axis_w / s_axis_b with STAGE_SEL, one load a
     word too long: ERROR.WEIGHT_LOAD (the extra word dropped, the memory intact);
  3. a run of two images: classes equal to the golden model, BUSY/DONE, the DONE interrupt raised
     and cleared (write 1 to clear), IMAGES_IN/OUT, CYCLES, per-stage stall counters;
  4. START while busy: ignored, ERROR.START_WHILE_BUSY set, the run still correct;
  5. SOFT_RESET in the middle of an image, then a new run: correct classes again;
  6. an image one sample short: ERROR.IMAGE_TOO_SHORT, and the next image still classified right;
  7. a load after the stages started: dropped, ERROR.WEIGHT_LOAD (never a hang).
The monitor checks the stream rules on every stream port.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import cocotb
from cocotb.triggers import ClockCycles, Timer
from cocotbext.axi import AxiStreamFrame

from swm import regmap as R
from swm.compile import to_load_beats
from swm.memimg import read_hex
from verif.common import tb as tbh
from verif.common.monitor import ProtocolMonitor
from verif.common.regs import RegDriver, axil_master


class AccelTB:
    """Clock, reset, the AXI4-Lite driver and the four streams of swm_accel."""

    def __init__(self, dut, stim: dict) -> None:
        self.dut = dut
        self.stim = stim
        self.DW = stim["build"]["input"]["width"]
        dut.rst.setimmediatevalue(1)
        self.regs = RegDriver(axil_master(dut))
        self.src_x = tbh.axis_source(dut, "s_axis_x")
        self.src_w = tbh.axis_source(dut, "s_axis_w")
        self.src_b = tbh.axis_source(dut, "s_axis_b")
        self.sink = tbh.axis_sink(dut, "m_axis_class")
        ProtocolMonitor(dut, ("s_axis_x", "s_axis_w", "s_axis_b", "m_axis_class"), name="swm_accel monitor").start()

    def image(self, i: int) -> list[int]:
        return [tbh.to_unsigned(int(v), self.DW) for v in self.stim["x"][i]]

    async def load_all(self, extra_bias_words: int = 0) -> None:
        """Every stage's weights and bias; ``extra_bias_words`` more words after the last stage's bias."""
        net = Path(self.stim["net"])
        stages = self.stim["build"]["stages"]
        for st in stages:
            if "weights" not in st:   # a stage with nothing to load (max-pool)
                continue
            await self.regs.write("STAGE_SEL", st["index"])
            for src, mem in ((self.src_w, st["weights"]), (self.src_b, st["bias"])):
                words = read_hex(net / mem["file"], mem["width"])
                if mem is stages[-1]["bias"]:
                    words = words + [0] * extra_bias_words
                await src.send(AxiStreamFrame(to_load_beats(words, mem["width"])))
                await src.wait()
        await ClockCycles(self.dut.clk, 4)

    async def run(self, images: list[int], start_while_busy: bool = False) -> list[int]:
        """A run of the given image indices; returns the classes (checks DONE and the interrupt)."""
        await self.regs.write("IMAGE_COUNT", len(images))
        await self.regs.write_field("CTRL", "START", 1)
        assert await self.regs.read_field("STATUS", "BUSY") == 1, "BUSY after START"
        for i in images:
            self.src_x.send_nowait(AxiStreamFrame(self.image(i)))
        if start_while_busy:
            await self.regs.write_field("CTRL", "START", 1)
            assert await self.regs.read_field("ERROR", "START_WHILE_BUSY") == 1
        got = []
        for _ in images:
            fr = await self.sink.recv()
            got.append(int(fr.tdata[0]))
        for _ in range(50):
            if await self.regs.read_field("STATUS", "DONE"):
                break
        assert await self.regs.read_field("STATUS", "BUSY") == 0, "BUSY after the last class"
        assert await self.regs.read_field("STATUS", "DONE") == 1, "DONE after the last class"
        assert await self.regs.read("IMAGES_IN") == len(images)
        assert await self.regs.read("IMAGES_OUT") == len(images)
        return got


@cocotb.test()
async def accel_host_flow(dut):
    """The whole host flow and its error cases (see the module docstring)."""
    stim = json.loads(Path(os.environ["SWM_NET_STIM"]).read_text())
    b = stim["build"]
    tb = AccelTB(dut, stim)
    gold = stim["classes"]
    await tbh.start_clock(dut)
    await tbh.reset(dut)
    regs = tb.regs
    # 1. identity, stage count, SLVERR
    assert await regs.read("ID") == R.ID_RESET
    assert await regs.read("VERSION") == R.VERSION_RESET
    assert await regs.read_field("NUM_STAGES", "NUM_STAGES") == len(b["stages"])
    _, resp = await regs.read_raw(0xFFC)
    assert resp == 2, f"unmapped read answered {resp}, expected SLVERR (2)"
    # 2. weights: a load one word longer than the last stage's bias memory is flagged (the word
    # is dropped, the memory keeps its words), then cleared; the runs below prove the data intact
    await tb.load_all(extra_bias_words=1)
    err = await regs.read("ERROR")
    assert err == R.ERROR_WEIGHT_LOAD_MASK, f"ERROR = {err:#x} after an overlong bias load, expected only WEIGHT_LOAD"
    await regs.write_field("ERROR", "WEIGHT_LOAD", 1)
    assert await regs.read("ERROR") == 0, "error flags after loading and clearing WEIGHT_LOAD"
    # 3. a run of two images with the DONE interrupt
    await regs.write_field("IRQ_ENABLE", "DONE", 1)
    got = await tb.run([0, 1])
    tbh.compare(got, gold[0:2], "run 1 classes")
    await Timer(1, "ns")
    assert int(dut.irq.value) == 1, "irq after DONE with IRQ_ENABLE.DONE"
    await regs.write_field("IRQ_STATUS", "DONE", 1)
    await ClockCycles(dut.clk, 2)
    assert int(dut.irq.value) == 0, "irq after clearing IRQ_STATUS.DONE"
    cycles = await regs.read("CYCLES")
    assert cycles > 0
    for s in range(len(b["stages"])):
        await regs.write("STAGE_SEL", s)
        await ClockCycles(dut.clk, 2)
        st_in, st_out = await regs.read("STAGE_IN_STALL"), await regs.read("STAGE_OUT_STALL")
        assert st_in + st_out <= cycles, f"stage {s}: stalls {st_in} + {st_out} > run cycles {cycles}"
        if s > 0:
            assert st_in > 0, f"stage {s} never waited for input (it must wait for stage {s - 1})"
    # 4. START while busy
    got = await tb.run([2], start_while_busy=True)
    tbh.compare(got, gold[2:3], "run 2 classes (START while busy)")
    await regs.write_field("ERROR", "START_WHILE_BUSY", 1)
    assert await regs.read("ERROR") == 0
    # 5. SOFT_RESET in the middle of an image
    await regs.write("IMAGE_COUNT", 1)
    await regs.write_field("CTRL", "START", 1)
    tb.src_x.send_nowait(AxiStreamFrame(tb.image(3)))
    await ClockCycles(dut.clk, len(stim["x"][3]) // 2)
    accepted = int(await regs.read("IMAGES_IN"))
    await regs.write_field("CTRL", "SOFT_RESET", 1)
    assert accepted == 0, "the image was complete before the soft reset"
    tb.src_x.assert_reset()   # the host abandons the rest of the image
    await ClockCycles(dut.clk, 10)
    assert await regs.read_field("STATUS", "BUSY") == 0
    tb.sink.clear()
    got = await tb.run([3])
    tbh.compare(got, gold[3:4], "run after SOFT_RESET")
    # 6. an image one sample short, then a good one
    await regs.write("IMAGE_COUNT", 2)
    await regs.write_field("CTRL", "START", 1)
    tb.src_x.send_nowait(AxiStreamFrame(tb.image(4)[:-1]))
    tb.src_x.send_nowait(AxiStreamFrame(tb.image(5)))
    got = [int((await tb.sink.recv()).tdata[0]) for _ in range(2)]
    assert got[1] == gold[5], f"image after a short one: class {got[1]}, golden {gold[5]}"
    assert await regs.read_field("ERROR", "IMAGE_TOO_SHORT") == 1
    # 7. a load after the stages started is dropped, flagged, and does not hang
    await regs.write("STAGE_SEL", 0)
    await tb.src_b.send(AxiStreamFrame([1, 2, 3]))
    await tb.src_b.wait()
    assert await regs.read_field("ERROR", "WEIGHT_LOAD") == 1
    assert await regs.read_field("ERROR", "CFG") == 0, "a stage flagged cfg_error (a dense stage: misframed input)"
    assert tb.sink.empty()
    dut._log.info("host flow passed: %d classes equal to golden", 6)
