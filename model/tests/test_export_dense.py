"""Dense (block size 1) layers through training, QAT and export: network.json ``"type": "dense"``,
the swm_dense_fc memory images, shifts chosen so that the calibration data never saturates, and
the integer network (``swm.golden.dense_int``) bit-exact between the checkpoint, the files and the
stored vectors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from swm import golden, qat
from swm.cli import main
from swm.errors import SwmError
from swm.export import CALIBRATION_SAMPLES, eval_export, export_run, load_export, network_layers, run_integer
from swm.fixed import DatapathConfig, choose_frac, quantize
from swm.memimg import read_hex, to_signed
from swm.train import TrainConfig, load_data, load_run, train


@pytest.fixture(scope="module")
def dense_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The MNIST MLP with block-circulant fc1, fc2 (k = 16) and a dense head (fc3, k = 1)."""
    out = tmp_path_factory.mktemp("runs") / "mlp-dense"
    train(TrainConfig(dataset="mnist", model="mlp", block_size=[16, 16, 1], epochs=1, limit=2000, lr=3e-3), out)
    return out


@pytest.fixture(scope="module")
def dense_export(dense_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports") / "mlp-dense"
    export_run(dense_run, out, lanes=4, n_vectors=3)
    return out


def test_dense_layer_in_network_json(dense_run: Path, dense_export: Path) -> None:
    """Layer 2 is written as "dense" with its DenseParams, swm_dense_fc images equal to the quantized checkpoint."""
    doc = json.loads((dense_export / "network.json").read_text())
    assert [d["type"] for d in doc["layers"]] == ["bc_linear", "bc_linear", "dense"]
    d = doc["layers"][2]
    assert (d["n_in"], d["n_out"], d["in_features"], d["out_features"], d["act"]) == (1024, 10, 1024, 10, "identity")
    assert d["x_frac"] == doc["layers"][1]["y_frac"]
    E = d["x_frac"] + d["w_frac"] - d["acc_shift"]
    assert d["y_frac"] == E - d["out_shift"]
    assert d["weights"] == {"file": "layer2_weights.hex", "words": 3 * 1024, "width": 4 * 16, "lanes": 4}
    assert d["bias"] == {"file": "layer2_bias.hex", "words": 10, "width": 18}
    model, _, _ = load_run(dense_run)
    fc3, _ = network_layers(model)[2]
    assert fc3.block_size == 1
    w = fc3.to_dense().detach().double().numpy()
    assert d["w_frac"] == choose_frac(float(np.abs(w).max()), 16)
    W = quantize(w, d["w_frac"], 16)
    assert read_hex(dense_export / "layer2_weights.hex", 64) == golden.dense_weight_words(W, 4, 16)
    b = quantize(fc3.bias.detach().double().numpy(), E, 18)
    assert read_hex(dense_export / "layer2_bias.hex", 18) == golden.bias_words(b, 18)


def test_dense_round_trip_and_vectors(dense_export: Path) -> None:
    """load_export reads the dense layer back; run_integer on the stored inputs equals the stored outputs,
    and its dense layer is golden.dense_int of the previous layer's output."""
    doc, layers = load_export(dense_export)
    L = layers[2]
    assert L.type == "dense" and L.in_samples == 1024 and L.out_samples == 10 and L.Wp.shape == (10, 1024)
    vec = json.loads((dense_export / "vectors" / "vectors.json").read_text())
    x = np.array(vec["input"], dtype=np.int64)
    y, outs = run_integer(layers, x, keep=True)
    for o, ref in zip(outs, vec["layers"]):
        np.testing.assert_array_equal(o, np.array(ref["output"]))
    assert vec["layers"][2]["input_padded"] == 1024
    np.testing.assert_array_equal(outs[2], golden.dense_int(outs[1][:, :1024], L.Wp, L.bias, L.lp, L.cfg))
    np.testing.assert_array_equal(y, outs[2])
    expect = [to_signed(int(v), 16) for v in read_hex(dense_export / "vectors" / "layer2_out0.hex", 16)]
    assert expect == outs[2][0].tolist()


def test_dense_shifts_do_not_overflow_on_calibration(dense_run: Path, dense_export: Path) -> None:
    """acc_shift is the smallest shift that keeps the calibration sums below 2^(FW-2) (no saturation at FW),
    and the outputs use at most DW-1 bits (one bit of headroom), as for the block-circulant layers."""
    doc, layers = load_export(dense_export)
    _, tcfg, _ = load_run(dense_run)
    calib = np.asarray(load_data(TrainConfig(**{**tcfg.__dict__, "limit": CALIBRATION_SAMPLES}), "train").x)
    x = quantize(calib.reshape(len(calib), -1).astype(np.float64), doc["input"]["frac"], 16)
    _, outs = run_integer(layers, x, keep=True)
    L = layers[2]
    _, tr = golden.dense_int(outs[1][:, :1024], L.Wp, L.bias, L.lp, L.cfg, trace=True)
    FW, DW = L.cfg.FW, L.cfg.DW
    m = int(np.abs(tr["acc"]).max())
    assert m >> L.lp.acc_shift < 2 ** (FW - 2)
    assert L.lp.acc_shift == 0 or m >> (L.lp.acc_shift - 1) >= 2 ** (FW - 2), "acc_shift is not the smallest"
    assert int(np.abs(tr["z"]).max()) < 2 ** (FW - 1) - 1, "rounded sums saturate at FW on the calibration data"
    assert int(np.abs(tr["o"]).max()) < 2 ** (DW - 1) - 1, "outputs saturate at DW on the calibration data"


def test_dense_integer_accuracy_close_to_float(dense_run: Path, dense_export: Path) -> None:
    from swm import data  # noqa: PLC0415

    res = eval_export(dense_export, limit=500)
    model, _, _ = load_run(dense_run)
    ds = data.load_dataset("mnist", "test", limit=500)
    with torch.no_grad():
        float_acc = float((model(torch.as_tensor(ds.x)).argmax(-1).numpy() == ds.y).mean())
    assert res["int_accuracy"] > 0.5
    assert abs(res["int_accuracy"] - float_acc) <= 0.01, (res["int_accuracy"], float_acc)


def test_dense_lanes_and_fixed_format(dense_run: Path, tmp_path: Path) -> None:
    """--lanes beyond the dense layer's outputs packs n_out weights per word; --set act_frac applies to it too."""
    out = tmp_path / "l8"
    export_run(dense_run, out, lanes=8, n_vectors=1)
    d = json.loads((out / "network.json").read_text())["layers"][2]
    assert d["weights"]["lanes"] == 8 and d["weights"]["words"] == 2 * 1024
    out = tmp_path / "f"
    export_run(dense_run, out, overrides={"act_frac": "8"}, n_vectors=1)
    doc = json.loads((out / "network.json").read_text())
    assert all(d["x_frac"] == 8 and d["y_frac"] == 8 for d in doc["layers"])
    assert eval_export(out, limit=200)["int_accuracy"] > 0.5
    # an all-dense MLP whose accumulator is too narrow for 784 inputs (the block-circulant rule does
    # not apply with max_q = 1)
    run = tmp_path / "k1"
    train(TrainConfig(model="mlp", block_size=1, epochs=0, limit=64), run)
    with pytest.raises(SwmError, match=r"layer 0 \(dense\): DatapathConfig.AW = 40 is too small .* use AW >= "
                                       r"WW \+ DW \+ clog2\(n_in\) = 42"):
        export_run(run, tmp_path / "aw", overrides={"AW": "40", "max_q": "1"})
    assert not (tmp_path / "aw").exists()


def test_malformed_dense_exports(dense_export: Path, tmp_path: Path) -> None:
    def broken(edit) -> Path:  # noqa: ANN001
        d = tmp_path / f"b{len(list(tmp_path.iterdir()))}"
        shutil.copytree(dense_export, d)
        edit(d)
        return d

    def edit_layer(**kv):  # noqa: ANN003, ANN202
        def f(d: Path) -> None:
            doc = json.loads((d / "network.json").read_text())
            doc["layers"][2].update(kv)
            (d / "network.json").write_text(json.dumps(doc))
        return f

    def pad_lane(d: Path) -> None:  # a non-zero weight in a lane beyond n_out
        lines = (d / "layer2_weights.hex").read_text().splitlines()
        lines[-1] = f"{int(lines[-1], 16) | (1 << (3 * 16)):016x}"
        (d / "layer2_weights.hex").write_text("\n".join(lines) + "\n")

    cases = [
        (edit_layer(type="bc_conv2d"), r"layer 2 has type 'bc_conv2d', which the hardware does not support"),
        (edit_layer(n_out=11), r"layer 2 \(dense\) has n_in x n_out = 1024 x 11"),
        (edit_layer(weights={"file": "layer2_weights.hex", "words": 3072, "width": 64, "lanes": 2}), "wider than 32 bits"),
        (lambda d: (d / "layer2_weights.hex").write_text("\n".join(
            (d / "layer2_weights.hex").read_text().splitlines()[:-3]) + "\n"), "needs 3072"),
        (lambda d: (d / "layer2_bias.hex").write_text("0\n"), "layer 2 needs 10"),
        (pad_lane, "padding lanes"),
    ]
    for edit, needle in cases:
        with pytest.raises(SwmError, match=needle):
            load_export(broken(edit))


def test_qat_covers_the_dense_layer(dense_run: Path, tmp_path: Path) -> None:
    """QAT fake-quantizes the dense layer's weight matrix with the export's exponent; a QAT run with a
    dense head exports at its widths and its integer accuracy is close to its float accuracy."""
    run = tmp_path / "qat"
    train(TrainConfig(model="mlp", block_size=[16, 16, 1], epochs=1, limit=1000, lr=1e-3, init=str(dense_run),
                      qat={"act_bits": 12, "weight_bits": 8}), run)
    model, _, _ = load_run(run)
    wrapped = [m for m in model.modules() if isinstance(m, qat.QATBlockCirculantLinear)]
    assert len(wrapped) == 3 and wrapped[2].inner.block_size == 1
    out = tmp_path / "qe"
    export_run(run, out, overrides={"WW": 8, "DW": 12, "FW": 14, "TW": 12}, n_vectors=1)
    d = json.loads((out / "network.json").read_text())["layers"][2]
    w = wrapped[2].inner.to_dense().detach().double().numpy()
    assert d["type"] == "dense" and d["w_frac"] == choose_frac(float(np.abs(w).max()), 8)
    # the QAT forward pass of the dense layer uses exactly the exported integer weights
    op = wrapped[2].inner.spectrum().detach().double()
    fq = qat.fake_quant(op, d["w_frac"], 8).numpy() * 2.0 ** d["w_frac"]
    _, layers = load_export(out)
    np.testing.assert_array_equal(fq.astype(np.int64), layers[2].Wp)
    res = eval_export(out, limit=300)
    assert res["int_accuracy"] > 0.6


def test_cli_export_eval_dense(dense_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "e"
    assert main(["export", "--run", str(dense_run), "--out", str(out), "--vectors", "1"]) == 0
    assert "exported 3 layers" in capsys.readouterr().out
    assert main(["eval", "--export", str(out), "--limit", "200"]) == 0
    assert "integer (golden) accuracy" in capsys.readouterr().out
    assert DatapathConfig.from_dict(json.loads((out / "network.json").read_text())["layers"][2]["datapath"]).WW == 16
