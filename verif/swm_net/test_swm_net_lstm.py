"""A compiled LSTM network (the zoo's ``lstm``: block-circulant LSTM, k = 16, hidden 128, and a dense
head) classifies real JapaneseVowels test sequences on the RTL like the golden model.

``vowels_lstm_export`` (verif/conftest.py) is trained 6 epochs and exported; ``swm compile`` makes a
``swm_lstm_stage`` and a ``swm_dense_stage`` + argmax. The testbench (verif/swm_net/tb_net.py)
sends each sequence as one frame of its valid steps and compares the LSTM stage's final ``h`` and
every class with ``swm.export.run_integer``. Quick: two sequences on Icarus. Slow: all 370 test
sequences on Verilator, the measured interval against the step model at each sequence's length;
another folding under random stalls.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from swm.compile import compile_network
from verif.common.sim import BUILD, build_once
from verif.swm_net.run_net import run_net

pytestmark = pytest.mark.e2e


def _compile(export: Path, run_id: str, lanes: str) -> Path:
    out = BUILD / "swm_net" / f"lstm16-l{lanes.replace(',', '_')}"
    build_once(out, run_id, lambda: compile_network(export, out, lanes=lanes.split(",")))
    b = json.loads((out / "build.json").read_text())
    assert [s["type"] for s in b["stages"]] == ["lstm", "dense"]
    assert b["accel_params"]["IMG_STEP"] == 12 and b["accel_params"]["IMG_N"] == 12 * 29
    return out


def _check(r: dict, n: int) -> None:
    assert r["images"] == n and len(r["classes"]) == n and r["unit"] == "sequences"
    assert r["rtl_accuracy"] == r["golden_accuracy"]


def test_lstm_network_icarus(vowels_lstm_export: Path, testrun_uid: str) -> None:
    net = _compile(vowels_lstm_export, testrun_uid, "8x2,4")
    r = run_net(net, "icarus", images=2, case="lstm16-2")
    _check(r, 2)


@pytest.mark.slow
def test_lstm_network_all_test_sequences_verilator(vowels_lstm_export: Path, testrun_uid: str) -> None:
    """All 370 test sequences: every class equal to golden; the interval within 5 % of the step model."""
    net = _compile(vowels_lstm_export, testrun_uid, "8x2,4")
    r = run_net(net, "verilator", images=370, case="lstm16-370")
    _check(r, 370)
    assert abs(r["interval_cycles"] - r["model_interval"]) <= 0.05 * r["model_interval"], r
    print(f"RTL accuracy {r['rtl_accuracy']:.4f} = golden {r['golden_accuracy']:.4f}, "
          f"float {r['float_accuracy_full_test_set']:.4f}")


@pytest.mark.slow
def test_lstm_network_other_folding_with_stalls_verilator(vowels_lstm_export: Path, testrun_uid: str) -> None:
    net = _compile(vowels_lstm_export, testrun_uid, "2,1")
    r = run_net(net, "verilator", images=12, pauses=True, case="lstm16-l2-12")
    _check(r, 12)
