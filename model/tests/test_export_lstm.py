"""Export of the zoo's lstm on JapaneseVowels: files, reload, vectors, golden accuracy, QAT, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from swm import golden
from swm import golden_lstm as gl
from swm import qat
from swm.compile import compile_network
from swm.data import pad_sequences
from swm.errors import SwmError
from swm.export import eval_export, export_run, load_export, run_integer
from swm.fixed import quantize
from swm.memimg import read_hex
from swm.train import TrainConfig, load_data, load_run, train


@pytest.fixture(scope="module")
def lstm_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "lstm"
    train(TrainConfig(dataset="japanese-vowels", model="lstm", block_size=8, epochs=4, lr=3e-3), out)
    return out


@pytest.fixture(scope="module")
def exported(lstm_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports") / "lstm"
    export_run(lstm_run, out, lanes=2, n_vectors=3)
    return out


def test_export_files_and_vectors(exported: Path) -> None:
    doc = json.loads((exported / "network.json").read_text())
    assert [d["type"] for d in doc["layers"]] == ["lstm", "dense"]
    L0 = doc["layers"][0]
    assert (L0["n_x"], L0["hidden"], L0["block_size"], L0["p"], L0["q"]) == (12, 128, 8, 64, 2 + 16)
    assert doc["input"]["max_len"] == L0["max_len"] == 29 and doc["input"]["standardize"] is True
    assert doc["layers"][1]["x_frac"] == L0["x_frac"] == doc["input"]["frac"]
    assert len(read_hex(exported / L0["weights"]["file"], L0["weights"]["width"])) == 64 * 18 * 4 // 2
    _, layers = load_export(exported)
    vec = json.loads((exported / "vectors" / "vectors.json").read_text())
    lens = np.array(vec["lengths"])
    x = np.array(vec["input"])
    y, outs = run_integer(layers, x, keep=True, lengths=lens)
    for L, o in zip(layers, outs):
        assert vec["layers"][L.index]["output"] == o.tolist()
    for n, length in enumerate(lens):
        words = read_hex(exported / "vectors" / f"input{n}.hex", 16)
        assert len(words) == length * 12  # only the valid steps, time-major
        assert read_hex(exported / "vectors" / f"layer0_out{n}.hex", 16) == [v & 0xFFFF for v in outs[0][n]]
    assert not list(exported.parent.glob(".lstm.*")), "temporary export directory left behind"


def test_reload_equals_checkpoint_and_rows_layout(lstm_run: Path, exported: Path, tmp_path: Path) -> None:
    model, _, _ = load_run(lstm_run)
    _, layers = load_export(exported)
    m = model.lstm
    w = gl.merge_gate_weights(m.ih.weight.detach().double().numpy(), m.hh.weight.detach().double().numpy())
    Wp, w_frac = golden.pack_weights(w, layers[0].cfg)
    assert w_frac == layers[0].lp.w_frac
    np.testing.assert_array_equal(Wp, layers[0].Wp)
    out = tmp_path / "rows"
    export_run(lstm_run, out, lanes=4, n_vectors=1, rows=8)
    doc = json.loads((out / "network.json").read_text())
    assert doc["layers"][0]["weights"]["rows"] == 8 and doc["layers"][0]["weights"]["lanes"] == 4
    np.testing.assert_array_equal(load_export(out)[1][0].Wp, Wp)


def test_golden_accuracy_beside_float(exported: Path) -> None:
    res = eval_export(exported)
    assert res["test_samples"] == 370
    # a 4-epoch model: the 16-bit integer network within 2 pp of its float accuracy (docs/results.md has the
    # fully trained k = 4, 8, 16 models)
    assert res["float_accuracy"] > 0.5 and abs(res["int_accuracy"] - res["float_accuracy"]) <= 0.02
    assert json.loads((exported / "eval.json").read_text())["int_accuracy"] == res["int_accuracy"]


def test_qat_runs_the_integer_cell(lstm_run: Path, exported: Path) -> None:
    """The QAT forward pass models the integer cell: its logits follow the golden network's closely."""
    model, tcfg, _ = load_run(lstm_run)
    _, layers = load_export(exported)
    qat.enable(model)
    assert isinstance(model.lstm, qat.QATBlockCirculantLSTM)
    test = load_data(tcfg, "test")
    x, lens = pad_sequences(test.x[:40])
    model.train()
    with torch.no_grad():  # one pass in training mode sets the running maxima
        model(torch.as_tensor(x), lengths=torch.as_tensor(lens))
    model.eval()
    with torch.no_grad():
        logits = model(torch.as_tensor(x), lengths=torch.as_tensor(lens)).double().numpy()
    y, _ = run_integer(layers, quantize(x.astype(np.float64), layers[0].lp.x_frac, 16), lengths=lens)
    got = y / 2.0 ** layers[1].lp.y_frac
    assert np.abs(got - logits).max() < 0.1 * np.abs(logits).max()
    assert (got.argmax(-1) == logits.argmax(-1)).mean() >= 0.95


def test_compile_makes_an_lstm_stage(exported: Path, tmp_path: Path) -> None:
    """swm compile: swm_lstm_stage + dense + argmax; sequence framing for swm_accel; the model at max_len."""
    from swm import perf

    b = compile_network(exported, tmp_path / "net", lanes=["4x2", "3"])
    st = b["stages"][0]
    assert [s["type"] for s in b["stages"]] == ["lstm", "dense"] and st["module"] == "swm_lstm_stage"
    assert (st["p"], st["q"], st["K"], st["lanes"], st["rows"]) == (64, 18, 8, 4, 2)
    assert st["interval"] == perf.lstm_sequence_cycles(29, 12, 128, 8, 4, 2)
    assert b["accel_params"]["IMG_N"] == 12 * 29 and b["accel_params"]["IMG_STEP"] == 12
    rp = st["rtl_params"]
    assert (rp["N_X"], rp["HIDDEN"], rp["MAX_LEN"], rp["G_FRAC"]) == (12, 128, 29, json.loads(
        (exported / "network.json").read_text())["layers"][0]["g_frac"])
    assert "swm_lstm_stage" in (tmp_path / "net" / "swm_net.v").read_text()
    with pytest.raises(SwmError, match="LANES must be a power of two <= K/2 = 4, not 3"):
        compile_network(exported, tmp_path / "bad", lanes=["3", "1"])
    assert not (tmp_path / "bad").exists()


def test_bad_exports_are_refused(exported: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(exported, bad)
    doc = json.loads((bad / "network.json").read_text())
    doc["layers"][0]["g_frac"] = 13
    (bad / "network.json").write_text(json.dumps(doc))
    with pytest.raises(SwmError, match="layer 0 \\(lstm\\): g_frac = 13 must be in 0..DW-4"):
        load_export(bad)
    shutil.rmtree(bad)
    shutil.copytree(exported, bad)
    doc = json.loads((exported / "network.json").read_text())
    doc["layers"][0]["n_x"] = doc["layers"][0]["in_features"] = 13   # still two input blocks of 8
    (bad / "network.json").write_text(json.dumps(doc))
    with pytest.raises(SwmError, match="gives 12 features but the network takes 13: export and dataset do not match"):
        eval_export(bad, limit=5)
    doc["layers"][0]["n_x"] = doc["layers"][0]["in_features"] = 12
    doc["layers"][0]["max_len"] = doc["input"]["max_len"] = 20
    (bad / "network.json").write_text(json.dumps(doc))
    with pytest.raises(SwmError, match="has a sequence of 2[0-9] steps but the export takes at most 20: re-export"):
        eval_export(bad)
    shutil.rmtree(bad)
    shutil.copytree(exported, bad)
    lines = (bad / "layer0_weights.hex").read_text().splitlines()
    (bad / "layer0_weights.hex").write_text("\n".join(lines[:-3]) + "\n")
    with pytest.raises(SwmError, match="layer0_weights.hex holds .* words but layer 0 \\(lstm"):
        load_export(bad)


@pytest.mark.slow
def test_lstm_bench_reports_integer_beside_float(tmp_path: Path) -> None:
    """swm.bench lstm (one block size, one epoch): JSON, Markdown, the integer column only where the RTL takes k."""
    from swm.bench import bench_lstm

    res = bench_lstm(tmp_path, blocks=(2, 4), epochs=1)
    r2, r4 = res["rows"]
    assert r2["int_accuracy"] is None and 0.0 < r4["int_accuracy"] <= 1.0
    assert res["target"]["int_within_1pp_of_float_at_16bit"] == (abs(r4["int_accuracy"] - r4["test_accuracy"]) <= 0.01)
    md = (tmp_path / "lstm.md").read_text()
    assert f"| 4 | {100 * r4['test_accuracy']:.2f} | {100 * r4['int_accuracy']:.2f} |" in md
    assert json.loads((tmp_path / "lstm.json").read_text())["rows"][1]["k"] == 4
