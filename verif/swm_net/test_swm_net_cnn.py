"""A compiled convolutional network (LeNet) on the RTL classifies real MNIST images like the golden model.

``mnist_lenet_export`` (verif/conftest.py: the zoo's LeNet, k = 16, 1 epoch on 2000 images) has
eight stages: a dense 5x5 convolution (``swm_dense_stage`` CONV = 1), 2x2 max-pool, a
block-circulant 5x5 convolution (``swm_bc_stage`` CONV = 1: the line buffer of spectra), a
per-channel affine with ReLU (folded BatchNorm), max-pool, a block-circulant FC layer, an affine
and a dense head. The testbench (verif/swm_net/tb_net.py) compares every output sample of every
stage with ``swm.export.run_integer`` and every class with the golden model. LeNet's cases are
slow: Verilator with random input idles and output backpressure, the interval and latency
against the compiler's model, Icarus, and another folding. A CIFAR-10 CNN (the
zoo's ``cifar_cnn``, 15 stages) classifies 20 real CIFAR-10 test images when the dataset is
there (``$SWM_DATA_DIR`` or ``../shared/data``; skipped with the reason otherwise), and so does
the benchmark's ``cifar_small`` with its first convolution replicated.
The LeNet-5 layout (``mnist_lenet5_export``, zoo ``lenet5``) runs with conv1 + pool1 replicated
three times (images dealt round robin by ``swm_img_split``, collected in order by
``swm_img_merge``): the quick case under stalls, a slow one against the model's interval.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from swm.compile import compile_network
from swm.errors import SwmError
from verif.common.sim import BUILD, build_once
from verif.swm_net.run_net import run_net

pytestmark = pytest.mark.e2e

STAGES = ["dense_conv", "maxpool", "bc_conv", "affine", "maxpool", "bc_linear", "affine", "dense"]


def _compile(export: Path, run_id: str, lanes: str | None = None, budget: int | None = None) -> Path:
    """Compile LeNet once per test run (shared by the workers), by --lanes or --budget-mults."""
    out = BUILD / "swm_net" / ("lenet16-" + (f"l{lanes.replace(',', '_')}" if lanes else f"b{budget}"))
    build_once(out, run_id, lambda: compile_network(export, out, lanes=lanes.split(",") if lanes else None,
                                                   budget=budget))
    b = json.loads((out / "build.json").read_text())
    assert [s["type"] for s in b["stages"]] == STAGES
    return out


def _check(r: dict, n: int) -> None:
    assert r["images"] == n and len(r["classes"]) == n
    assert r["rtl_accuracy"] == r["golden_accuracy"]


def _compile5(export: Path, run_id: str, lanes: str | None = None) -> Path:
    """Compile the LeNet-5 layout once per test run: by --lanes (with copies), or the compiler's
    choice at 156 multipliers with up to 4 copies."""
    tag = lanes.replace(",", "_").replace("*", "c") if lanes else "b156c4"
    out = BUILD / "swm_net" / f"lenet5-16-{tag}"
    build_once(out, run_id, lambda: compile_network(export, out, lanes=lanes.split(",") if lanes else None,
                                                   budget=None if lanes else 156, max_copies=4))
    b = json.loads((out / "build.json").read_text())
    assert [s["type"] for s in b["stages"]] == STAGES
    return out


def test_lenet5_replicated_verilator_with_stalls(mnist_lenet5_export: Path, testrun_uid: str) -> None:
    """LeNet-5 at the compiler's 156-multiplier folding with up to 4 copies (conv1 + pool1 replicated by
    swm_img_split / swm_img_merge), 5 images under random idles and backpressure: every copy's and
    stage's output and every class equal to golden, in order."""
    net = _compile5(mnist_lenet5_export, testrun_uid)
    b = json.loads((net / "build.json").read_text())
    assert b["stages"][0]["copies"] > 1 and b["stages"][1]["copies"] == b["stages"][0]["copies"]
    assert b["mults_total"] <= 156
    r = run_net(net, "verilator", images=5, pauses=True, case="lenet5-stalls")
    _check(r, 5)


@pytest.mark.slow
@pytest.mark.parametrize("lanes", [None, "2*16,2*1,4x3,1,1,2,1,1"])
def test_lenet5_replicated_interval(mnist_lenet5_export: Path, testrun_uid: str, lanes: str | None) -> None:
    """12 images stall-free through the compiler's folding and a two-copy one: the same classes,
    interval and latency within 5 % of the model."""
    net = _compile5(mnist_lenet5_export, testrun_uid, lanes)
    r = run_net(net, "verilator", images=12)
    _check(r, 12)
    assert np.isclose(r["interval_cycles"], r["model_interval"], rtol=0.05), r
    assert np.isclose(r["latency_cycles"], r["model_latency"], rtol=0.05), r
    # the shares of cycles behind the stall counters (first input to last class): the slowest
    # stage, the replicated conv1, is never blocked by the stages after it, and the last stages
    # (fc1's affine, the head), which need a small part of the interval, wait for input most of the time
    shares = [r[f"stage_{k}_share"] for k in ("busy", "in_stall", "out_stall")]
    assert all(len(v) == len(STAGES) and all(0 <= x <= 1 for x in v) for v in shares), shares
    assert r["stage_out_stall_share"][0] < 0.01, shares
    assert min(r["stage_in_stall_share"][6:]) > 0.5, shares


@pytest.mark.slow
def test_lenet_verilator_with_stalls(mnist_lenet_export: Path, testrun_uid: str) -> None:
    """The compiler's folding at 156 multipliers, 2 images under random idles and backpressure:
    every stage's output and every class equal to golden."""
    net = _compile(mnist_lenet_export, testrun_uid, budget=156)
    b = json.loads((net / "build.json").read_text())
    assert b["mults_total"] <= 156
    r = run_net(net, "verilator", images=2, pauses=True, case="lenet-stalls")
    _check(r, 2)


@pytest.mark.slow
def test_lenet_verilator_interval(mnist_lenet_export: Path, testrun_uid: str) -> None:
    """20 images stall-free: interval and latency within 5 % of the compiler's model."""
    net = _compile(mnist_lenet_export, testrun_uid, budget=156)
    r = run_net(net, "verilator", images=20)
    _check(r, 20)
    assert np.isclose(r["interval_cycles"], r["model_interval"], rtol=0.05), r
    assert np.isclose(r["latency_cycles"], r["model_latency"], rtol=0.05), r


@pytest.mark.slow
def test_lenet_icarus(mnist_lenet_export: Path, testrun_uid: str) -> None:
    """One image on Icarus under random idles and backpressure (about 3 minutes)."""
    net = _compile(mnist_lenet_export, testrun_uid, budget=156)
    r = run_net(net, "icarus", images=1, pauses=True, case="lenet-stalls")
    _check(r, 1)


@pytest.mark.slow
def test_lenet_other_folding(mnist_lenet_export: Path, testrun_uid: str) -> None:
    """Another folding (LANES 8 on conv1, 2x4 on conv2, 4x2 on fc1, 5 on the head): the same classes,
    interval within 5 % of the model."""
    net = _compile(mnist_lenet_export, testrun_uid, lanes="8,1,2x4,1,1,4x2,1,5")
    r = run_net(net, "verilator", images=4)
    _check(r, 4)
    assert np.isclose(r["interval_cycles"], r["model_interval"], rtol=0.05), r
    assert np.isclose(r["latency_cycles"], r["model_latency"], rtol=0.05), r


def _cifar_export(model: str, run_id: str) -> Path:
    """The zoo's ``model`` (k = 16) trained one epoch on 1 000 CIFAR-10 images and exported, once per
    test run; skips (with the loader's reason) when CIFAR-10 is not on this machine."""
    from swm import data as swm_data
    from swm.export import export_run
    from swm.train import TrainConfig, train

    try:
        swm_data.load_dataset("cifar10", "test", limit=1)
    except SwmError as e:
        pytest.skip(f"CIFAR-10 is not on this machine: {e}")
    tag = "cifar" if model == "cifar_cnn" else model
    root = BUILD / "network"
    run, out = root / f"run-{tag}-k16", root / f"export-{tag}-k16"

    def make() -> None:
        train(TrainConfig(dataset="cifar10", model=model, block_size=16, epochs=1, limit=1000, lr=3e-3), run,
              force=True)
        export_run(run, out, lanes=4, n_vectors=1, force=True)

    build_once(out, run_id, make)
    return out


@pytest.fixture(scope="module")
def cifar_export(testrun_uid: str) -> Path:
    """cifar_cnn on CIFAR-10 (see _cifar_export)."""
    return _cifar_export("cifar_cnn", testrun_uid)


@pytest.fixture(scope="module")
def cifar_small_export(testrun_uid: str) -> Path:
    """cifar_small on CIFAR-10 (see _cifar_export)."""
    return _cifar_export("cifar_small", testrun_uid)


@pytest.mark.slow
def test_cifar_cnn_verilator(cifar_export: Path, testrun_uid: str) -> None:
    """cifar_cnn (dense conv, four block-circulant convolutions with affines and pools, FC, head) at the
    compiler's 400-multiplier folding: 20 real CIFAR-10 test images, every stage output and class equal to golden."""
    out = BUILD / "swm_net" / "cifar16-b400"
    build_once(out, testrun_uid, lambda: compile_network(cifar_export, out, budget=400))
    b = json.loads((out / "build.json").read_text())
    assert [s["type"] for s in b["stages"]].count("bc_conv") == 4 and len(b["stages"]) == 15
    r = run_net(out, "verilator", images=20)
    _check(r, 20)
    assert np.isclose(r["interval_cycles"], r["model_interval"], rtol=0.05), r


@pytest.mark.slow
def test_cifar_small_replicated_verilator(cifar_small_export: Path, testrun_uid: str) -> None:
    """cifar_small (the CIFAR-10 benchmark network) at the compiler's 156-multiplier folding with up to
    four copies (conv1 and its pool replicated): 20 real CIFAR-10 test images, every stage's and every
    copy's output and every class equal to golden; interval and latency within 5 % of the model."""
    out = BUILD / "swm_net" / "cifar_small16-b156c4"
    build_once(out, testrun_uid, lambda: compile_network(cifar_small_export, out, budget=156, max_copies=4))
    b = json.loads((out / "build.json").read_text())
    assert [s["type"] for s in b["stages"]] == ["dense_conv", "maxpool", "bc_conv", "affine", "maxpool", "bc_conv",
                                                "affine", "maxpool", "bc_linear", "affine", "dense"]
    assert b["stages"][0]["copies"] > 1
    r = run_net(out, "verilator", images=20)
    _check(r, 20)
    assert len(set(r["labels"])) > 3   # test images of many classes (the subset is spread, not sorted)
    assert np.isclose(r["interval_cycles"], r["model_interval"], rtol=0.05), r
    assert np.isclose(r["latency_cycles"], r["model_latency"], rtol=0.05), r
