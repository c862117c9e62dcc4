"""swm.regs (the register map generator) and swm.regmodel (the reference model of the registers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from swm import regmap as rm
from swm import regs
from swm.regmodel import OKAY, SLVERR, CsrModel, RegModel, strobe_mask

RDL_TEXT = regs.RDL.read_text()


def _bad(tmp_path: Path, old: str, new: str) -> Path:
    assert RDL_TEXT.count(old) >= 1, old
    path = tmp_path / "bad.rdl"
    path.write_text(RDL_TEXT.replace(old, new, 1))
    return path


@pytest.mark.parametrize("old,new,expect", [
    ("} CTRL @ 0x0C;", "} CTRL @ 0x0C", "missing ';'"),
    ("} IMAGES_OUT @ 0x2C;", "} IMAGES_OUT @ 0x28;", "overlaps"),
    ("default onwrite = woclr;", "default onwrite = wzc;", "access type swm.regs does not model"),
], ids=["syntax", "overlap", "unsupported-access"])
def test_bad_rdl_one_line_exit_2_nothing_written(tmp_path, capsys, old, new, expect):
    """A broken .rdl: exit 2, one line `file:line: error: ...`, no output file written or changed."""
    bad = _bad(tmp_path, old, new)
    out = tmp_path / "out"
    keep = out / regs.MARKDOWN_OUT
    keep.parent.mkdir(parents=True)
    keep.write_text("old contents\n")
    assert regs.main(["--rdl", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith(f"{bad}:") and ": error: " in err[0] and expect in err[0], err[0]
    assert err[0].split(":")[1].isdigit(), f"no line number: {err[0]}"
    assert keep.read_text() == "old contents\n"
    assert sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file()) == [regs.MARKDOWN_OUT]


def test_missing_rdl(tmp_path, capsys):
    assert regs.main(["--rdl", str(tmp_path / "none.rdl"), "--out", str(tmp_path)]) == 2
    assert "no such SystemRDL file" in capsys.readouterr().err


def test_check_reports_stale(tmp_path, capsys):
    """--check: exit 1 naming the stale files and `make regs`; 0 after a generation."""
    assert regs.main(["--check", "--out", str(tmp_path)]) == 1
    assert "run `make regs`" in capsys.readouterr().err
    assert regs.main(["--out", str(tmp_path)]) == 0
    assert regs.main(["--check", "--out", str(tmp_path)]) == 0


def test_regmap_layout():
    """Word-aligned, unique addresses inside the window; fields inside 32 bits and not overlapping."""
    addrs = [r.address for r in rm.REGISTERS.values()]
    assert len(set(addrs)) == len(addrs) and all(a % 4 == 0 and a < (1 << rm.ADDR_WIDTH) for a in addrs)
    for r in rm.REGISTERS.values():
        masks = [f.mask for f in r.fields]
        assert sum(masks) == r.mask and all(m >> 32 == 0 for m in masks), r.name
        assert sum(bin(m).count("1") for m in masks) == bin(r.mask).count("1"), f"{r.name}: overlapping fields"
    assert rm.ID_RESET == int.from_bytes(b"SWMA", "big")
    assert (rm.VERSION_MAJOR_RESET, rm.VERSION_MINOR_RESET, rm.VERSION_PATCH_RESET) == (1, 0, 0)
    assert rm.REGISTERS["IRQ_STATUS"].field("DONE").enable == "IRQ_ENABLE.DONE"


def test_strobe_mask():
    assert strobe_mask(0xF) == 0xFFFFFFFF and strobe_mask(0x5) == 0x00FF00FF and strobe_mask(0) == 0


def test_model_access_rules():
    """RO ignores writes, RW by byte strobes, W1C clears only written ones, W1P reads 0, SLVERR off the map."""
    m = CsrModel()
    assert m.read(rm.ID) == (rm.ID_RESET, OKAY)
    assert m.write(rm.ID, 0)[0] == OKAY and m.read(rm.ID)[0] == rm.ID_RESET
    m.write(rm.IMAGE_COUNT, 0xAABBCCDD, strb=0x2)
    assert m.read(rm.IMAGE_COUNT)[0] == (rm.IMAGE_COUNT_RESET & ~0xFF00) | 0xCC00
    m.error_event("err_cfg", "err_image_too_long")
    assert m.read(rm.ERROR)[0] == rm.ERROR_CFG_MASK | rm.ERROR_IMAGE_TOO_LONG_MASK
    m.write(rm.ERROR, rm.ERROR_CFG_MASK | rm.ERROR_WEIGHT_LOAD_MASK)
    assert m.read(rm.ERROR)[0] == rm.ERROR_IMAGE_TOO_LONG_MASK
    assert m.read(rm.STATUS)[0] == rm.STATUS_ERROR_MASK
    assert m.read(rm.CTRL)[0] == 0
    assert m.read(rm.ID + 2) == m.read(rm.ID)                  # low address bits ignored
    assert m.read(0x3C) == (0, SLVERR) and m.write(0xFFC, 1)[0] == SLVERR
    assert m.read(1 << rm.ADDR_WIDTH)[1] == SLVERR
    with pytest.raises(NotImplementedError):
        RegModel().read(rm.STATUS)


def test_model_start_gating_and_irq():
    m = CsrModel()
    _, p = m.write(rm.CTRL, rm.CTRL_START_MASK)
    assert ("out", "start") in p
    _, p = m.write(rm.CTRL, rm.CTRL_START_MASK | rm.CTRL_SOFT_RESET_MASK)
    assert p.fields == {("out", "soft_reset")}
    m.set_input("busy", 1)
    _, p = m.write(rm.CTRL, rm.CTRL_START_MASK)
    assert not p.fields and m.read(rm.ERROR)[0] == rm.ERROR_START_WHILE_BUSY_MASK
    assert not m.irq
    m.write(rm.IRQ_ENABLE, rm.IRQ_ENABLE_ERROR_MASK)
    assert m.irq and m.read(rm.STATUS)[0] == rm.STATUS_BUSY_MASK | rm.STATUS_ERROR_MASK | rm.STATUS_IRQ_MASK
    m.write(rm.IRQ_STATUS, rm.IRQ_STATUS_ERROR_MASK)
    assert not m.irq
    m.set_input("done", 1)                                   # rising edge
    m.set_input("done", 1)                                   # held: no new event
    assert m.read(rm.IRQ_STATUS)[0] == rm.IRQ_STATUS_DONE_MASK
