"""Export -> reload round trip, golden accuracy on an MNIST slice, QAT, and every bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from swm import golden
from swm.cli import main
from swm.errors import SwmError
from swm.export import eval_export, export_run, load_export, network_layers, run_integer, unpack_weight_words
from swm.fixed import DatapathConfig, quantize
from swm.train import TrainConfig, load_run, train


@pytest.fixture(scope="module")
def mlp_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "mlp"
    train(TrainConfig(dataset="mnist", model="mlp", block_size=16, epochs=1, limit=4000, lr=3e-3), out)
    return out


@pytest.fixture(scope="module")
def exported(mlp_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports") / "mlp"
    export_run(mlp_run, out, lanes=2, n_vectors=3)
    return out


def test_export_files(exported: Path) -> None:
    doc = json.loads((exported / "network.json").read_text())
    assert [d["type"] for d in doc["layers"]] == ["bc_linear"] * 3
    assert [d["act"] for d in doc["layers"]] == ["relu", "relu", "identity"]
    for d in doc["layers"]:
        assert (exported / d["weights"]["file"]).is_file()
        assert (exported / d["bias"]["file"]).is_file()
        assert d["y_frac"] == d["x_frac"] + d["w_frac"] + DatapathConfig().PRE - d["acc_shift"] - d["out_shift"] \
            - DatapathConfig(K=d["block_size"]).Sf - DatapathConfig(K=d["block_size"]).Si + DatapathConfig(K=d["block_size"]).L
    # consecutive layers agree on the activation format
    for a, b in zip(doc["layers"], doc["layers"][1:]):
        assert b["x_frac"] == a["y_frac"]
    assert (exported / "vectors" / "vectors.json").is_file()
    assert (exported / "vectors" / "input0.hex").is_file()
    assert not list(exported.parent.glob(".mlp.*")), "temporary export directory left behind"


def test_export_rows(mlp_run: Path, exported: Path, tmp_path: Path) -> None:
    """--rows R: images in the ROWS layout (R clamped to each layer's p), the same integer network."""
    out = tmp_path / "rows"
    export_run(mlp_run, out, lanes=2, n_vectors=1, rows=4)
    doc = json.loads((out / "network.json").read_text())
    ps = [d["p"] for d in doc["layers"]]
    assert doc["rows"] == 4 and [d["weights"]["rows"] for d in doc["layers"]] == [min(4, p) for p in ps]
    assert doc["layers"][-1]["weights"]["rows"] == 1  # the 10-class output layer has p = 1
    for d in doc["layers"]:
        w = d["weights"]
        assert w["width"] == w["rows"] * 2 * 2 * 16 and w["words"] == -(-d["p"] // w["rows"]) * d["q"] * 8 // 2
    _, ref = load_export(exported)
    _, got = load_export(out)
    for a, b in zip(ref, got):
        np.testing.assert_array_equal(a.Wp, b.Wp)
    with pytest.raises(SwmError, match="ROWS = 0 cannot be built"):
        export_run(mlp_run, tmp_path / "bad", rows=0)
    assert not (tmp_path / "bad").exists()


def test_reload_round_trip_matches_checkpoint(mlp_run: Path, exported: Path) -> None:
    """Images re-read from disk give the same integer network as quantizing the checkpoint directly."""
    doc, layers = load_export(exported)
    model, _, _ = load_run(mlp_run)
    for L, (bc, _) in zip(layers, network_layers(model)):
        Wp, w_frac = golden.pack_weights(bc.weight.detach().double().numpy(), L.cfg)
        assert w_frac == L.lp.w_frac
        np.testing.assert_array_equal(Wp, L.Wp)
    vec = json.loads((exported / "vectors" / "vectors.json").read_text())
    y, outs = run_integer(layers, np.array(vec["input"], dtype=np.int64), keep=True)
    for o, ref in zip(outs, vec["layers"]):
        np.testing.assert_array_equal(o, np.array(ref["output"]))


def test_weight_words_round_trip() -> None:
    cfg = DatapathConfig(K=8)
    rng = np.random.default_rng(1)
    Wp = rng.integers(-(2 ** 15), 2 ** 15, size=(3, 5, cfg.S, 2), dtype=np.int64)
    for lanes in (1, 2, 4):
        np.testing.assert_array_equal(unpack_weight_words(golden.weight_words(Wp, lanes, cfg.WW), 3, 5, lanes, cfg), Wp)
        for rows in (2, 4):  # row groups, the last one short (p = 3)
            words = golden.weight_words(Wp, lanes, cfg.WW, rows)
            np.testing.assert_array_equal(unpack_weight_words(words, 3, 5, lanes, cfg, rows), Wp)


def test_golden_accuracy_close_to_float(mlp_run: Path, exported: Path) -> None:
    res = eval_export(exported, limit=500)
    model, _, _ = load_run(mlp_run)
    from swm import data  # noqa: PLC0415

    ds = data.load_dataset("mnist", "test", limit=500)
    with torch.no_grad():
        float_acc = float((model(torch.as_tensor(ds.x)).argmax(-1).numpy() == ds.y).mean())
    assert res["test_samples"] == 500
    assert res["int_accuracy"] > 0.5
    assert abs(res["int_accuracy"] - float_acc) <= 0.01, (res["int_accuracy"], float_acc)
    assert json.loads((exported / "eval.json").read_text())["int_accuracy"] == res["int_accuracy"]


def test_integer_results_independent_of_batch_order(exported: Path) -> None:
    doc, layers = load_export(exported)
    from swm import data  # noqa: PLC0415

    x = quantize(data.load_dataset("mnist", "test", limit=64).x.reshape(64, -1).astype(np.float64),
                 doc["input"]["frac"], doc["input"]["width"])
    perm = np.random.default_rng(0).permutation(64)
    y, _ = run_integer(layers, x)
    yp, _ = run_integer(layers, x[perm])
    np.testing.assert_array_equal(y[perm], yp)


def test_cli_export_and_eval(mlp_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "e"
    assert main(["export", "--run", str(mlp_run), "--out", str(out), "--set", "WW=12", "--vectors", "1"]) == 0
    assert json.loads((out / "network.json").read_text())["datapath"]["WW"] == 12
    assert main(["eval", "--export", str(out), "--limit", "200"]) == 0
    assert "integer (golden) accuracy" in capsys.readouterr().out


def _err(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_bad_datapath_and_lanes(mlp_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bad"
    assert "DW" in _err(["export", "--run", str(mlp_run), "--out", str(out), "--set", "DW=2"], capsys)
    assert "NOPE" in _err(["export", "--run", str(mlp_run), "--out", str(out), "--set", "NOPE=1"], capsys)
    assert "WW=abc" in _err(["export", "--run", str(mlp_run), "--out", str(out), "--set", "WW=abc"], capsys)
    assert "fft_scale" in _err(["export", "--run", str(mlp_run), "--out", str(out), "--set", "fft_scale=1,1"], capsys)
    assert "--lanes" in _err(["export", "--run", str(mlp_run), "--out", str(out), "--lanes", "3"], capsys)
    assert "--lanes" in _err(["export", "--run", str(mlp_run), "--out", str(out), "--lanes", "16"], capsys)
    assert not out.exists() and not list(tmp_path.glob(".bad.*"))


def test_unsupported_block_size_and_layer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = tmp_path / "k12"
    train(TrainConfig(model="mlp", block_size=12, epochs=0, limit=64), run)
    assert "power of two" in _err(["export", "--run", str(run), "--out", str(tmp_path / "x")], capsys)
    run = tmp_path / "k2"  # the golden model takes K = 2, the RTL engine does not
    train(TrainConfig(model="mlp", block_size=2, epochs=0, limit=64), run)
    err = _err(["export", "--run", str(run), "--out", str(tmp_path / "x")], capsys)
    assert err.startswith("swm: error: layer 0 has block size 2") and "--block-size 4, 8, 16, 32 or 64" in err, err
    run = tmp_path / "cnn"  # a CNN too: its block-circulant convolution needs a block size the engine builds
    train(TrainConfig(model="lenet", block_size=2, epochs=0, limit=64), run)
    err = _err(["export", "--run", str(run), "--out", str(tmp_path / "y")], capsys)
    assert err.startswith("swm: error: layer 2 (bc_conv) has block size 2"), err
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_malformed_exports(exported: Path, tmp_path: Path) -> None:
    def broken(edit) -> Path:  # noqa: ANN001
        d = tmp_path / f"b{len(list(tmp_path.iterdir()))}"
        shutil.copytree(exported, d)
        edit(d)
        return d

    cases = [
        (lambda d: (d / "network.json").write_text("{ not json"), "malformed"),
        (lambda d: (d / "network.json").unlink(), "no network.json"),
        (lambda d: (d / "layer1_weights.hex").write_text("\n".join(
            (d / "layer1_weights.hex").read_text().splitlines()[:-3]) + "\n"), "needs"),
        (lambda d: (d / "layer0_bias.hex").unlink(), "missing"),
        (lambda d: (d / "layer2_weights.hex").write_text("zz\n"), "not a hex word"),
    ]

    def set_type(d: Path) -> None:
        doc = json.loads((d / "network.json").read_text())
        doc["layers"][0]["type"] = "bc_conv2d"
        (d / "network.json").write_text(json.dumps(doc))

    def bad_format(d: Path) -> None:
        doc = json.loads((d / "network.json").read_text())
        doc["layers"][0]["datapath"]["FW"] = 99
        (d / "network.json").write_text(json.dumps(doc))

    cases += [(set_type, "does not support"), (bad_format, "FW")]
    for edit, needle in cases:
        with pytest.raises(SwmError, match=needle):
            load_export(broken(edit))


def test_qat_finetune_and_export(mlp_run: Path, tmp_path: Path) -> None:
    """Fine-tune a float run with QAT at 12-bit activations / 8-bit weights, export at those widths."""
    run = tmp_path / "qat"
    m = train(TrainConfig(model="mlp", block_size=16, epochs=1, limit=1000, lr=3e-3, init=str(mlp_run),
                          qat={"act_bits": 12, "weight_bits": 8}), run)
    assert m["qat"] == {"act_bits": 12, "weight_bits": 8}
    model, cfg, _ = load_run(run)
    assert cfg.qat and len(network_layers(model)) == 3
    out = tmp_path / "qe"
    export_run(run, out, overrides={"WW": 8, "DW": 12, "FW": 14, "TW": 12}, n_vectors=1)
    res = eval_export(out, limit=300)
    assert res["int_accuracy"] > 0.6
    with pytest.raises(SwmError, match="QAT run"):
        train(TrainConfig(model="mlp", block_size=16, epochs=0, limit=10, init=str(run)), tmp_path / "again")


def test_fixed_activation_format(mlp_run: Path, tmp_path: Path) -> None:
    """--set act_frac=F gives every activation the same Q-format; out-of-range values are refused."""
    out = tmp_path / "q"
    export_run(mlp_run, out, overrides={"act_frac": "6"}, n_vectors=1)
    doc = json.loads((out / "network.json").read_text())
    assert doc["input"]["frac"] == 6
    assert all(d["x_frac"] == 6 and d["y_frac"] == 6 for d in doc["layers"])
    assert eval_export(out, limit=200)["int_accuracy"] > 0.5
    with pytest.raises(SwmError, match="act_frac"):
        export_run(mlp_run, tmp_path / "bad", overrides={"act_frac": "16"})  # beyond DW - 1
    with pytest.raises(SwmError, match="needs more fraction bits"):
        export_run(mlp_run, tmp_path / "bad", overrides={"act_frac": "15"})  # more than the IFFT gives
    assert not (tmp_path / "bad").exists()
