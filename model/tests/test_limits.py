"""swm.limits and DatapathConfig.check_hardware / rtl_params: one rule per limit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from swm import limits
from swm.errors import SwmError
from swm.fixed import DatapathConfig, twiddle_rom_path

HW = Path(__file__).resolve().parents[2] / "hw"


def test_training_accepts_any_positive_block_size() -> None:
    assert [limits.check_train_block_size(k) for k in (1, 3, 12, 128)] == [1, 3, 12, 128]
    for bad in (0, -1, 2.5, True, "4"):
        with pytest.raises(SwmError):
            limits.check_train_block_size(bad)


def test_model_and_hardware_block_sizes_differ_by_k2() -> None:
    DatapathConfig(K=2).validate()  # the golden model takes K = 2 ...
    with pytest.raises(SwmError, match=r"block size 2, which the RTL engine cannot build.*--block-size 4, 8, 16, 32 or 64"):
        DatapathConfig(K=2).check_hardware(1, 1, 1)  # ... the RTL engine does not
    with pytest.raises(SwmError, match="power of two in 2..64"):
        DatapathConfig(K=128).validate()


def test_hw_block_sizes_match_the_rtl_comment_and_roms() -> None:
    src = (HW / "swm_bc_layer.v").read_text()
    assert "power of two in 4..64" in src
    assert limits.HW_BLOCK_SIZES == tuple(2 ** n for n in range(2, 7))
    roms = {int(m.group(1)) for m in (re.match(r"swm_twiddle_k(\d+)_tw\d+\.hex", p.name)
                                      for p in (HW / "rom").glob("*.hex")) if m}
    assert roms == set(limits.HW_BLOCK_SIZES)


@pytest.mark.parametrize(
    "kw,lanes,max_p,max_q,needle",
    [
        (dict(K=16), 3, 1, 1, "LANES must be a power of two"),
        (dict(K=16), 16, 1, 1, "K/2 = 8"),
        (dict(K=16), 0, 1, 1, "LANES"),
        (dict(K=16, DW=4, FW=6), 1, 1, 1, "DW >= 5"),
        (dict(K=16), 1, 0, 1, "MAX_P"),
        (dict(K=16), 1, 1, 0, "MAX_Q"),
        (dict(K=16, DW=12, WW=12, FW=14, AW=29, max_q=2), 1, 1, 4, "AW >= WW \\+ FW \\+ 2 \\+ clog2\\(MAX_Q\\) = 30"),
    ],
)
def test_check_hardware_mirrors_rtl(kw: dict, lanes: int, max_p: int, max_q: int, needle: str) -> None:
    with pytest.raises(SwmError, match=needle):
        DatapathConfig(**kw).check_hardware(lanes, max_p, max_q)


@pytest.mark.parametrize("rows,max_p,needle", [(0, 4, "ROWS = 0 cannot be built: ROWS must be an integer >= 1"),
                                                (-2, 4, "ROWS = -2 cannot be built"),
                                                (8, 4, "ROWS = 8 cannot be built for MAX_P = 4: ROWS must be <= MAX_P")])
def test_check_hardware_rows(rows: int, max_p: int, needle: str) -> None:
    """ROWS an integer with 1 <= ROWS <= MAX_P, as the RTL's elaboration check."""
    with pytest.raises(SwmError, match=needle):
        DatapathConfig(K=16).check_hardware(2, max_p, 4, rows=rows)
    for ok in (1, 2, 3, 4):
        DatapathConfig(K=16).check_hardware(2, 4, 4, rows=ok)
    assert limits.check_hw_rows(4, 5) == 4
    src = (HW / "swm_bc_layer.v").read_text()
    assert "ROWS < 1 || ROWS > MAX_P" in src


def test_check_hardware_accepts_the_minimum_accumulator() -> None:
    for max_q in (1, 2, 3, 4, 5, 64):
        aw = limits.min_acc_width(12, 14, max_q)
        assert aw == 12 + 14 + 2 + (max_q - 1).bit_length()
        DatapathConfig(K=8, DW=12, FW=14, WW=12, TW=12, AW=aw, max_q=max_q).check_hardware(4, 2, max_q)


def test_rtl_params() -> None:
    cfg = DatapathConfig(K=8, DW=12, FW=14, WW=12, TW=12, AW=31, rounding="convergent",
                         fft_scale=(1, 0, 1), max_q=5)
    P = cfg.rtl_params(2, 3, 5, weight_file="w.hex")
    assert P == dict(K=8, DW=12, FW=14, WW=12, TW=12, AW=31, LANES=2, MAX_P=3, MAX_Q=5, ROUND_MODE=1,
                     FFT_SCALE=0b101, IFFT_SCALE=0b111, TWIDDLE_FILE=str(HW / "rom" / "swm_twiddle_k8_tw12.hex"),
                     WEIGHT_FILE=str(Path("w.hex").resolve()))
    assert Path(P["TWIDDLE_FILE"]).is_absolute() and Path(P["TWIDDLE_FILE"]).is_file()
    assert "BIAS_FILE" not in P
    assert "ROWS" not in P  # ROWS = 1, the RTL default, is left out
    assert cfg.rtl_params(2, 3, 5, rows=2)["ROWS"] == 2
    with pytest.raises(SwmError, match="ROWS = 4 cannot be built for MAX_P = 3"):
        cfg.rtl_params(2, 3, 5, rows=4)
    # the preload limit counts row-group words: ceil(MAX_P/ROWS)*MAX_Q*K/2/LANES
    big = DatapathConfig(K=16, max_q=64, AW=48)
    with pytest.raises(SwmError, match="= 4096 <= 2048"):
        big.rtl_params(1, 8, 64, weight_file="w.hex")
    assert big.rtl_params(1, 8, 64, weight_file="w.hex", rows=2)["ROWS"] == 2  # 4*64*8 = 2048 words
    with pytest.raises(SwmError, match="make roms K=16 TW=14"):
        DatapathConfig(K=16, TW=14).rtl_params(1, 1, 1)
    assert twiddle_rom_path(16, 14).name == "swm_twiddle_k16_tw14.hex"


# ---- dataflow stages (hw/swm_dense_fc.v, hw/swm_argmax.v) -----------------------------------------
def test_min_dense_acc_width() -> None:
    assert [limits.min_dense_acc_width(16, 16, n) for n in (1, 2, 3, 4, 5, 784)] == [32, 33, 34, 34, 35, 42]
    assert limits.check_dense_acc_width(36, 16, 16, 12) == 36
    with pytest.raises(SwmError, match=r"AW = 35 is too small .* use AW >= WW \+ DW \+ clog2\(n_in\) = 36"):
        limits.check_dense_acc_width(35, 16, 16, 12)


GOOD_DENSE = dict(DW=16, WW=16, FW=18, AW=36, n_in=12, n_out=10, lanes=4, acc_shift=16, out_shift=2, act=1,
                  y_frac=8, round_mode=0)


@pytest.mark.parametrize(
    "over,needle",
    [
        (dict(DW=4), "DW = 4 is too small"),
        (dict(FW=16), "FW >= DW \\+ 1 = 17"),
        (dict(WW=1), "WW >= 2"),
        (dict(n_in=0), "N_IN = 0 and N_OUT = 10"),
        (dict(lanes=11), "1 <= LANES <= N_OUT"),
        (dict(AW=35), "AW >= WW \\+ DW \\+ clog2\\(n_in\\) = 36"),
        (dict(acc_shift=36), "ACC_SHIFT = 36"),
        (dict(out_shift=20), "OUT_SHIFT = 20"),
        (dict(act=4), "ACT = 4 is invalid"),
        (dict(act=3, y_frac=13), "use 0..12"),
        (dict(y_frac=16), "use 0..15"),
        (dict(round_mode=2), "ROUND_MODE = 2"),
    ],
)
def test_check_dense_hardware_mirrors_rtl(over: dict, needle: str) -> None:
    limits.check_dense_hardware(**GOOD_DENSE)
    with pytest.raises(SwmError, match=needle):
        limits.check_dense_hardware(**dict(GOOD_DENSE, **over))


def test_dense_and_argmax_checks_name_the_rtl_limits() -> None:
    """The RTL's $error conditions use the same bounds as swm.limits."""
    dense = (HW / "swm_dense_fc.v").read_text()
    for text in ("DW < 5", "FW < DW + 1", "WW < 2", "LANES > N_OUT", "AW < WW + DW + $clog2(NIN_C)",
                 "ACC_SHIFT > AW - 1", "OUT_SHIFT > FW + 1", "ACT > 3", "Y_FRAC > DW - 4"):
        assert text in dense, text
    argmax = (HW / "swm_argmax.v").read_text()
    for text in ("N < 2", "DW < 2", "N_CLASSES < 1 || N_CLASSES > N", "OUT_W < CIW"):
        assert text in argmax, text


def test_check_argmax_hardware() -> None:
    limits.check_argmax_hardware(16, 10, 4)
    limits.check_argmax_hardware(2, 2, 1)
    with pytest.raises(SwmError, match="N = 1 is too small"):
        limits.check_argmax_hardware(16, 1, 4)
    with pytest.raises(SwmError, match="DW = 1 is too small"):
        limits.check_argmax_hardware(1, 10, 4)
    with pytest.raises(SwmError, match="OUT_W >= clog2\\(N_CLASSES\\) = 4"):
        limits.check_argmax_hardware(16, 10, 3)
    limits.check_argmax_hardware(16, 16, 4, n_classes=10)
    with pytest.raises(SwmError, match="N_CLASSES = 17 must be in 1..N = 16"):
        limits.check_argmax_hardware(16, 16, 5, n_classes=17)
