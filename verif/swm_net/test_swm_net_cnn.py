"""A compiled convolutional network (LeNet) on the RTL classifies real MNIST images like the golden model.

``mnist_lenet_export`` (verif/conftest.py: the zoo's LeNet, k = 16, 1 epoch on 2000 images) has
eight stages: a dense 5x5 convolution (``swm_dense_stage`` CONV = 1), 2x2 max-pool, a
block-circulant 5x5 convolution (``swm_bc_stage`` CONV = 1: the line buffer of spectra), a
per-channel affine with ReLU (folded BatchNorm), max-pool, a block-circulant FC layer, an affine
and a dense head. The testbench (verif/swm_net/tb_net.py) compares every output sample of every
stage with ``swm.export.run_integer`` and every class with the golden model. The quick case runs
on Verilator with random input idles and output backpressure; the slow ones measure the interval
and latency against the compiler's model, run Icarus, and another folding.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from swm.compile import compile_network
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
