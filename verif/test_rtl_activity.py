"""asic/rtl_activity.py on a hand-made VCD and netlist: sampling per cycle, values derived from cells,
the RTL/netlist agreement check, activity; bad input is one clear error."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from asic import rtl_activity as ra
from asic.errors import AsicError

# clock period 10 ns (1 ps units), rising edges at 1, 10, 20, ... ns; `a` changes just after edges
# (as flip-flop outputs do), `v` is a 2-bit vector, `q` = a one cycle late (a flip-flop of a)
VCD = """$timescale 1ps $end
$scope module top $end
$var wire 1 ! clk $end
$var wire 1 " a $end
$var wire 2 # v [1:0] $end
$var wire 1 $ q $end
$scope module u_sub $end
$var wire 1 % m [0:0] $end
$upscope $end
$upscope $end
$enddefinitions $end
#0
0!
0"
b0 #
0$
0%
#1000
1!
#5000
0!
#10000
1!
1"
b10 #
#15000
0!
#20000
1!
0"
1$
b11 #
1%
#25000
0!
#30000
1!
0$
1"
#35000
0!
#40000
1!
1$
#45000
0!
"""


def _vcd(tmp_path: Path, text: str = VCD) -> Path:
    p = tmp_path / "rtl.vcd"
    p.write_text(text)
    return p


def _bits(packed: np.ndarray, T: int) -> list[int]:
    return np.unpackbits(packed, count=T + 1).astype(int).tolist()


def test_sample_vcd_takes_the_value_before_each_next_edge(tmp_path: Path) -> None:
    s, T = ra.sample_vcd(_vcd(tmp_path), "top", 10.0, 40.0)
    assert T == 3                                   # cycles starting at 10, 20, 30 ns
    assert _bits(s["a"], T) == [0, 1, 0, 1]         # cycle -1 (0..10 ns), then 10.., 20.., 30..
    assert _bits(s["q"], T) == [0, 0, 1, 0]
    assert _bits(s["v[1]"], T) == [0, 1, 1, 1] and _bits(s["v[0]"], T) == [0, 0, 1, 1]
    assert _bits(s["u_sub.m[0]"], T) == [0, 0, 1, 1]
    # the last cycle of a file that ends inside it: its final values
    s, T = ra.sample_vcd(_vcd(tmp_path), "top", 10.0, 50.0)
    assert T == 4 and _bits(s["q"], T) == [0, 0, 1, 0, 1]


def test_sample_vcd_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(AsicError, match="no clock top.clock"):
        ra.sample_vcd(_vcd(tmp_path), "top", 10.0, 40.0, clock="clock")
    with pytest.raises(AsicError, match="fewer than two clock edges"):
        ra.sample_vcd(_vcd(tmp_path), "top", 10.0, 15.0)
    with pytest.raises(AsicError, match="no clock edge before the window"):
        ra.sample_vcd(_vcd(tmp_path), "top", 1.0, 40.0)
    with pytest.raises(AsicError, match="no \\$enddefinitions"):
        ra.sample_vcd(_vcd(tmp_path, "$timescale 1ps $end\n"), "top", 10.0, 40.0)
    with pytest.raises(AsicError, match="cannot read the RTL VCD"):
        ra.sample_vcd(tmp_path / "none.vcd", "top", 10.0, 40.0)


def _netlist(tmp_path: Path) -> Path:
    """top: ports clk, a; INVX1 a -> n (unnamed); DFFPOSX1 D = n -> Q = q; NAND2X1 (a, q) -> y (unnamed)."""
    mod = dict(
        ports={"clk": dict(direction="input", bits=[2]), "a": dict(direction="input", bits=[3])},
        netnames={"clk": dict(bits=[2]), "a": dict(bits=[3]), "$abc$n": dict(hide_name=1, bits=[4]),
                  "q": dict(bits=[5]), "$abc$y": dict(hide_name=1, bits=[6])},
        cells={"inv": dict(type="INVX1", connections=dict(A=[3], Y=[4])),
               "ff": dict(type="DFFPOSX1", connections=dict(CLK=[2], D=[4], Q=[5])),
               "nand": dict(type="NAND2X1", connections=dict(A=[3], B=[5], Y=[6]))})
    p = tmp_path / "flat.json"
    p.write_text(json.dumps(dict(modules=dict(top=mod))))
    return p


def test_netlist_values_derive_unnamed_nets_and_check_named_ones(tmp_path: Path) -> None:
    T = 6
    a = np.array([0, 1, 1, 0, 1, 0, 0], dtype=bool)
    q = np.concatenate([[True], ~a[:-1]])              # the flip-flop of !a, one cycle late
    samples = {"a": np.packbits(a), "q": np.packbits(q)}
    nv = ra.netlist_values(_netlist(tmp_path), "top", samples, T)
    assert nv.from_rtl == 2 and nv.derived == 2 and nv.mismatches == [] and nv.checked == 1
    assert _bits(nv.values[4], T) == (~a).astype(int).tolist()
    assert _bits(nv.values[6], T) == (~(a & q)).astype(int).tolist()
    assert nv.unknown == [2]                           # the clock: not a sampled signal
    acts = ra.activities(nv, {3: "a", 6: "n6"}, 10.0)
    assert acts["a"].toggles == 4 and acts["a"].activity == pytest.approx(4 / T)
    assert acts["a"].duty == pytest.approx(3 / T)
    # a flip-flop whose RTL values are not its input one cycle late: reported by name
    bad = dict(samples, q=np.packbits(np.concatenate([[True], a[:-1]])))
    assert ra.netlist_values(_netlist(tmp_path), "top", bad, T).mismatches == ["q"]


def test_netlist_values_with_a_prefix_and_unknown_inputs(tmp_path: Path) -> None:
    T = 3
    a = np.packbits(np.array([0, 1, 0, 1], dtype=bool))
    nv = ra.netlist_values(_netlist(tmp_path), "top", {"a": a}, T, prefix="u_net.")
    assert nv.from_rtl == 0 and nv.derived == 0 and set(nv.unknown) == {2, 3, 4, 5, 6}
    nv = ra.netlist_values(_netlist(tmp_path), "top", {"a": a}, T)   # q derived from the flip-flop
    assert nv.from_rtl == 1 and nv.derived == 3 and nv.checked == 0


def test_power_sum_parses_and_counts_nan_cells(tmp_path: Path) -> None:
    """The fallback when OpenSTA 2019's report_power stops on a NaN cell power: per-group sums."""
    from asic import sta

    f = tmp_path / "power_sum.txt"
    f.write_text("sequential 0.5 0.1 1e-06\ncombinational 0.25 0.05 2e-06\nmacro 0 0 0\nnan_cells 2 c1 c7\n")
    p = sta.parse_power_sum(f)
    assert p["total_w"] == pytest.approx(0.900003) and p["internal_w"] == pytest.approx(0.75)
    assert p["groups"]["sequential"]["total_w"] == pytest.approx(0.600001)
    assert p["nan_cells"] == 2 and p["nan_cell_examples"] == ["c1", "c7"]
    f.write_text("")
    with pytest.raises(AsicError, match="is empty"):
        sta.parse_power_sum(f)
    script = sta.power_sum_script("top", Path("n.v"), Path("c.sdc"), Path("a.tcl"), tmp_path)
    assert "sta::instance_power" in script and "source a.tcl" in script and "report_checks" not in script
