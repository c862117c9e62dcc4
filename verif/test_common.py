"""The shared verif/common helpers: .f file lists, simulator environment, parameters, scoreboard."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from verif.common import tb
from verif.common.sim import HW, VERILATOR_BIN, read_filelist, simulator_env, top_sources, verilog_params


def test_read_filelist_skips_comments_and_blanks(tmp_path: Path) -> None:
    f = tmp_path / "top.f"
    f.write_text("// header comment\n# another\n\na.v\n  b.v  // trailing\nsub/c.v # trailing\n")
    assert read_filelist(f) == [tmp_path / "a.v", tmp_path / "b.v", tmp_path / "sub" / "c.v"]


def test_top_sources() -> None:
    srcs = top_sources("swm_bc_layer")
    assert srcs[-1] == HW / "swm_bc_layer.v" and HW / "swm_round.v" in srcs
    assert all(p.is_file() for p in srcs)
    assert top_sources("swm_round") == [HW / "swm_round.v"]  # no .f: the module alone


def test_verilog_params_quote_strings_once() -> None:
    assert verilog_params({"K": 16, "F": "/a/b.hex", "G": '"x.hex"'}) == {"K": 16, "F": '"/a/b.hex"', "G": '"x.hex"'}


def test_simulator_env_is_idempotent() -> None:
    env = simulator_env({"PATH": "/usr/bin", "MAKEFLAGS": "-j2"})
    again = simulator_env(dict(env))
    cache = " OBJCACHE=ccache" if shutil.which("ccache", path="/usr/bin") else ""
    assert again == env and env["MAKEFLAGS"] == "-j2 CFG_CXXFLAGS_PCH_I=-include" + cache
    if VERILATOR_BIN.is_dir():
        assert env["PATH"].split(os.pathsep)[0] == str(VERILATOR_BIN)


def test_compare_reports_the_first_mismatch() -> None:
    assert tb.compare([1, 2, 3], [1, 2, 3], "ok") == 3
    with pytest.raises(AssertionError, match=r"v: 2 of 4 mismatch, first at 1 \(block 0 n 1\): rtl 5 != golden 2"):
        tb.compare([1, 5, 3, 0], [1, 2, 3, 4], "v", lambda k: f"block {k // 2} n {k % 2}")
    with pytest.raises(AssertionError, match="3 items, expected 2"):
        tb.compare([1, 2, 3], [1, 2], "len")
    assert tb.to_signed(tb.to_unsigned(-5, 8), 8) == -5
