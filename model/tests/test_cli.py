"""CLI: a tiny train/eval round trip and one clear error per bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from swm.cli import main


def _run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    rc = main(args)
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def test_train_eval_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    rc, stdout, _ = _run_cli(["train", "--dataset", "mnist", "--model", "mlp", "--block-size", "16", "--epochs", "1",
                              "--limit", "1000", "--batch-size", "32", "--lr", "3e-3", "--out", str(out)], capsys)
    assert rc == 0
    metrics = json.loads((out / "metrics.json").read_text())
    for key in ("test_accuracy", "params", "dense_params", "compression_ratio", "block_sizes", "dataset", "model",
                "epochs"):
        assert key in metrics, key
    assert metrics["block_sizes"] == [16, 16, 16]
    assert metrics["compression_ratio"] > 10
    assert metrics["test_accuracy"] > 0.5  # 1000 samples, one epoch: far above chance (0.1)
    assert "compression" in stdout
    rc, stdout, _ = _run_cli(["eval", "--run", str(out), "--limit", "1000", "--json"], capsys)
    assert rc == 0
    res = json.loads(stdout[stdout.index("{"):])
    assert res["test_accuracy"] == pytest.approx(metrics["test_accuracy"])
    # no leftovers from the atomic write
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_train_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    accs = []
    for name in ("a", "b"):
        rc, _, _ = _run_cli(["train", "--model", "mlp", "--block-size", "8", "--epochs", "1", "--limit", "300",
                             "--out", str(tmp_path / name)], capsys)
        assert rc == 0
        accs.append(json.loads((tmp_path / name / "metrics.json").read_text())["history"])
    assert accs[0] == accs[1]


def test_lstm_on_japanese_vowels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = _run_cli(["train", "--dataset", "japanese-vowels", "--model", "lstm", "--block-size", "4",
                           "--epochs", "1", "--limit", "64", "--out", str(tmp_path / "v")], capsys)
    assert rc == 0, err
    assert json.loads((tmp_path / "v" / "metrics.json").read_text())["dataset"] == "japanese-vowels"


@pytest.mark.parametrize(
    "args, needle",
    [
        (["train", "--dataset", "nope", "--out", "X"], "nope"),
        (["train", "--model", "resnet9000", "--limit", "10", "--out", "X"], "resnet9000"),
        (["train", "--dataset", "cifar10", "--data-dir", "MISSING", "--out", "X"], "MISSING"),
        (["train", "--dataset", "japanese-vowels", "--model", "mlp", "--limit", "10", "--out", "X"], "--model lstm"),
        (["train", "--dataset", "japanese-vowels", "--model", "lstm", "--augment", "--limit", "10", "--out", "X"],
         "drop --augment"),
        (["eval", "--run", "NORUN"], "no checkpoint"),
        (["eval"], "exactly one of"),
    ],
)
def test_bad_input_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                   needle: str) -> None:
    args = [str(tmp_path / a) if a in ("X", "MISSING", "NORUN") else a for a in args]
    needle = str(tmp_path / needle) if needle in ("MISSING",) else needle
    rc, _, err = _run_cli(args, capsys)
    assert rc == 2
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("swm: error:"), err
    assert needle in lines[0]
    assert "Traceback" not in err
    assert not (tmp_path / "X").exists()


def test_dense_layers_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--dense-layers fc3 gives the same block sizes as --block-size 16,16,1; unknown names: one clear error."""
    from swm.cli import with_dense_layers

    assert with_dense_layers("mlp", 16, ["fc3"]) == [16, 16, 1]
    assert with_dense_layers("mlp", [8, 16, 4], ["fc1", "fc3"]) == [1, 16, 1]
    rc, stdout, err = _run_cli(["train", "--model", "mlp", "--block-size", "16", "--dense-layers", "fc3", "--epochs", "0",
                                "--limit", "50", "--out", str(tmp_path / "d")], capsys)
    assert rc == 0, err
    assert json.loads((tmp_path / "d" / "metrics.json").read_text())["block_sizes"] == [16, 16, 1]
    for args, needle in ((["--dense-layers", "fc4"], "has no layer 'fc4'; its layers are fc1, fc2, fc3"),
                         (["--block-size", "16,16", "--dense-layers", "fc3"], "give one per layer")):
        rc, _, err = _run_cli(["train", "--model", "mlp", *args, "--epochs", "0", "--limit", "10",
                               "--out", str(tmp_path / "x")], capsys)
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert rc == 2 and len(lines) == 1 and needle in lines[0], err
    assert not (tmp_path / "x").exists()


def test_block_size_below_one_is_rejected() -> None:
    proc = subprocess.run([sys.executable, "-m", "swm", "train", "--block-size", "0", "--out", "x"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "block size must be >= 1" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr


def test_unreadable_checkpoint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = tmp_path / "broken"
    run.mkdir()
    (run / "model.pt").write_bytes(b"this is not a checkpoint")
    rc, _, err = _run_cli(["eval", "--run", str(run)], capsys)
    assert rc == 2
    assert "unreadable checkpoint" in err and "Traceback" not in err


def test_existing_output_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "exists"
    out.mkdir()
    rc, _, err = _run_cli(["train", "--limit", "10", "--epochs", "0", "--out", str(out)], capsys)
    assert rc == 2 and "--force" in err


def test_augment_flips_and_shifts_images() -> None:
    """augment_batch: each image is itself, flipped and/or shifted by at most AUGMENT_SHIFT pixels with
    zero fill; the same generator seed gives the same batch."""
    import torch

    from swm.train import AUGMENT_SHIFT, augment_batch

    x = torch.rand(64, 3, 8, 8) + 1.0  # no zeros, so zero fill is visible
    a = augment_batch(x, torch.Generator().manual_seed(5))
    assert torch.equal(a, augment_batch(x, torch.Generator().manual_seed(5)))
    assert a.shape == x.shape
    s = AUGMENT_SHIFT
    for i in range(len(x)):
        pad = torch.nn.functional.pad(x[i], (s, s, s, s))
        padf = torch.nn.functional.pad(x[i].flip(-1), (s, s, s, s))
        hits = [(dy, dx, f) for f, p in ((0, pad), (1, padf)) for dy in range(2 * s + 1) for dx in range(2 * s + 1)
                if torch.equal(a[i], p[:, dy:dy + 8, dx:dx + 8])]
        assert hits, f"image {i} is not a flip/shift of its input"
    changed = sum(not torch.equal(a[i], x[i]) for i in range(len(x)))
    assert changed > len(x) // 2


def test_train_with_augment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--augment trains (recorded in metrics.json) and differs from the same run without it."""
    hist = {}
    for name, extra in (("plain", []), ("aug", ["--augment"])):
        rc, _, err = _run_cli(["train", "--model", "lenet5", "--block-size", "16", "--epochs", "1", "--limit", "256",
                               "--out", str(tmp_path / name), *extra], capsys)
        assert rc == 0, err
        m = json.loads((tmp_path / name / "metrics.json").read_text())
        assert m["augment"] is bool(extra)
        hist[name] = m["history"][0]["train_loss"]
    assert hist["plain"] != hist["aug"]
