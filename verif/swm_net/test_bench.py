"""The network benchmark's own logic: folding selection and the reuse of a finished place and route."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from swm import hwconfig
from swm.compile import compile_network
from swm.errors import SwmError
from swm.fpga import file_params, flow_inputs
from verif.swm_net import bench


def test_unknown_folding_is_one_line(mnist_export: Path, tmp_path: Path) -> None:
    with pytest.raises(SwmError, match=r"^--foldings nope: unknown; use some of smallest,balanced,pow2,largest,dense156$"):
        bench.run(mnist_export, tmp_path / "out", 1, keys=["nope", "smallest"])
    with pytest.raises(SwmError, match=r"^--foldings dense156 needs --dense-export DIR"):
        bench.run(mnist_export, tmp_path / "out", 1, keys=["dense156"])
    with pytest.raises(SwmError, match=r"^no network.json in .*no-export: export a trained run first"):
        bench.run(tmp_path / "no-export", tmp_path / "out", 1)
    assert not (tmp_path / "out").exists()


def test_reuse_only_same_sources_speed_router(mnist_export: Path, tmp_path: Path) -> None:
    net = tmp_path / "net"
    compile_network(mnist_export, net, lanes=["1", "1", "1"])
    out = tmp_path / "fpga"
    assert not bench._reusable(net, out)  # nothing there
    inputs = flow_inputs(hwconfig.load(str(net)), None)
    for f in list(inputs.sources) + file_params(inputs):  # what run_open copies into its build directory
        (out / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(inputs.origin(f), out / f)
    rep = {"speed": bench.FPGA_SPEED, "router": bench.FPGA_ROUTER, "placer": bench.FPGA_PLACER}
    (out / "report.json").write_text(json.dumps(rep))
    assert bench._reusable(net, out)
    (out / "report.json").write_text(json.dumps(dict(rep, router="router1")))
    assert not bench._reusable(net, out)  # another router
    other = "static" if bench.FPGA_PLACER != "static" else "heap"
    (out / "report.json").write_text(json.dumps(dict(rep, placer=other)))
    assert not bench._reusable(net, out)  # another placer
    (out / "report.json").write_text(json.dumps(dict(rep, placer=bench.FPGA_PLACER)))
    assert bench._reusable(net, out)
    (out / "report.json").write_text(json.dumps(rep))
    top = next(f for f in inputs.sources if f.endswith("swm_net.v"))  # the generated top (another folding)
    (out / top).write_text((out / top).read_text().replace(".LANES(1)", ".LANES(2)", 1))
    assert not bench._reusable(net, out)


def test_lstm_per_step_and_published_rows() -> None:
    """Per-step latency and dense-equivalent GOPS come from the routed Fmax and the cycles per step;
    the published figures are labelled as such; a folding that did not fit has no row."""
    assert bench.lstm_dense_equivalent_ops(12, 128) == 2 * 512 * 140
    res = {"lstm": {"n_x": 12, "hidden": 128, "block_size": 16},
           "rows": [{"folding": "a", "step_cycles": 800, "fpga": {"fits": True, "fmax_mhz": 50.0}},
                    {"folding": "b", "step_cycles": 800, "fpga": {"fits": False, "error": "x"}}]}
    md = bench.lstm_published_md(res)
    gops = 2 * 512 * 140 * 50e6 / 800 / 1e9
    assert f"| a | 800 | 16.00 us | {gops:.2f} |" in md
    assert "| b |" not in md
    assert "Published, for a different network and device (not measured here)" in md
    assert "282 GOPS, 41 W" in md and "18.8x" in md and "33.5x" in md


def test_lstm_equal_folding_measured_once(vowels_lstm_export: Path, tmp_path: Path, monkeypatch) -> None:
    """At k = 16 the 52-multiplier folding is the balanced one: simulated once, its row repeated under
    the second name; the files are named by the block size."""
    import verif.swm_net.run_net as run_net_mod

    calls = []

    def fake_run_net(net, sim, images):
        calls.append(Path(net).name)
        return dict(interval_cycles=1000.0 + len(calls), model_interval=1000.0, latency_cycles=1200,
                    images=images, rtl_accuracy=0.5, golden_accuracy=0.5, lengths=[3, 4],
                    stage_busy_share=[1.0, 0.1], stage_in_stall_share=[0.0, 0.9], stage_out_stall_share=[0.0, 0.0])

    monkeypatch.setattr(run_net_mod, "run_net", fake_run_net)
    res = bench.run(vowels_lstm_export, tmp_path, 2, fpga=False, keys=["balanced", "equal52"])
    assert res["benchmark"] == "lstm-k16_foldings"
    assert calls == ["lstm-k16-balanced"]
    bal, eq = res["rows"]
    assert (bal["key"], eq["key"], eq["same_as"]) == ("balanced", "equal52", bal["folding"])
    assert eq["lanes"] == bal["lanes"] and eq["measured_interval"] == bal["measured_interval"] == 1001.0
    assert (tmp_path / "nets" / "lstm-k16-equal52" / "build.json").is_file()
    bench.write(res, tmp_path)
    assert (tmp_path / "lstm-k16_foldings.md").is_file() and (tmp_path / "lstm-k16_foldings.png").is_file()


def _lstm_k_inputs(tmp: Path, k: int, step: int, asic: bool) -> None:
    export = tmp / f"export-k{k}"
    export.mkdir(parents=True)
    (export / "eval.json").write_text(json.dumps({"int_accuracy": 0.95, "float_accuracy": 0.94}))
    row = {"key": "equal52", "folding": "52", "lanes": ["2x6", "1"], "mults": 52, "step_cycles": step, "images": 40,
           "measured_interval": 17.5 * step, "model_interval": 17.5 * step, "rtl_accuracy": 0.9, "golden_accuracy": 0.9,
           "fpga": {"fits": True, "fmax_mhz": 50.0, "images_per_s_at_fmax": 50e6 / (17.5 * step), "LUT4": 1,
                    "TRELLIS_FF": 2, "DP16KD": 3, "MULT18X18D": 52, "critical_path": "a -> b"}}
    (tmp / f"lstm-k{k}_foldings.json").write_text(json.dumps({"export": str(export), "rows": [row]}))
    (tmp / "nets" / f"lstm-k{k}-equal52").mkdir(parents=True)
    (tmp / "nets" / f"lstm-k{k}-equal52" / "build.json").write_text(json.dumps({"stages": [{"weight_bits": 1000 * k,
                                                                                            "bias_bits": 24}]}))
    if asic:
        d = tmp / "asic" / f"lstm-k{k}-equal52"
        d.mkdir(parents=True)
        (d / "report.json").write_text(json.dumps({
            "clock_mhz": 100.0, "area": {"total_um2": 2.5e6, "cells": 10, "flops": 5},
            "timing": {"fmax_mhz": 40.0}, "power": {"total_w": 0.5}, "activity": {"source": "rtl"}}))


def test_lstm_k_table(tmp_path: Path, monkeypatch) -> None:
    """Energy per step = power x cycles per step / clock; per sequence at the test set's mean length;
    a block size without an ASIC run says so; a missing bench file is one line naming the command."""
    from verif.swm_net import lstm_k

    monkeypatch.setattr(lstm_k, "test_mean_steps", lambda: 15.0)
    _lstm_k_inputs(tmp_path, 4, 1000, asic=True)
    _lstm_k_inputs(tmp_path, 8, 800, asic=False)
    res = lstm_k.collect(tmp_path, [4, 8])
    a = res["rows"][0]["asic"]
    assert a["step_uj"] == pytest.approx(0.5 * 1000 / 100.0)          # 0.5 W x 10 us
    assert a["sequence_uj"] == pytest.approx(15.0 * a["step_uj"])
    assert res["rows"][0]["fpga"]["step_us"] == pytest.approx(20.0)  # 1000 cycles at 50 MHz
    assert res["rows"][1]["asic"] is None
    md = lstm_k.write(res, tmp_path)
    assert "| 4 | 4,024 | 2x6,1 | 52 | 1000 |" in md and "2.50 mm2 | 40.0 MHz | 500 mW (100 MHz) | 5.00 uJ | 75 uJ |" in md
    assert "| 8 |" in md and "not run" in md
    assert (tmp_path / "lstm_k.png").is_file() and json.loads((tmp_path / "lstm_k.json").read_text())["rows"]
    with pytest.raises(SwmError, match=r"lstm-k16_foldings.json is missing: run python -m verif.swm_net.bench "
                                       r"--export build/lstm-k16 --images 40 --foldings equal52"):
        lstm_k.collect(tmp_path, [16])
    assert lstm_k.main(["--bench", str(tmp_path), "--ks", "4 x"]) == 2


def test_japanese_vowels_test_mean_steps() -> None:
    from verif.swm_net import lstm_k

    assert 7 <= lstm_k.test_mean_steps() <= 29   # 370 utterances of 7-29 frames
