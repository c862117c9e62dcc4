"""The compiled network accelerator (swm compile -> swm_net) classifies real MNIST images like the golden model.

A small MNIST MLP (verif/conftest.py ``mnist_export``) is compiled with several foldings and run on
the RTL: every class must equal the golden model's, and the measured interval between results
must be within 5 % of the compiler's pipeline model. The quick case runs a few images on Icarus
with random input idles and output backpressure; the slow cases run more images on Verilator
(stall-free, so the interval is measured), a second folding, and a folding with two block rows
at once (ROWS = 2) on the two 64-block-row stages. The same MLP with a dense head
(``mnist_dense_export``: fc3 is a dense layer, a ``swm_dense_stage``) runs the same way; the
testbench checks every output sample of every stage, the dense one included.
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


def _compile(export: Path, lanes: str, run_id: str, name: str = "mlp16") -> Path:
    """Compile with ``lanes`` as `swm compile --lanes` takes it (L or LxR per stage), once per test run
    (shared by the workers)."""
    out = BUILD / "swm_net" / f"{name}-l{lanes.replace(',', '_')}"
    build_once(out, run_id, lambda: compile_network(export, out, lanes=lanes.split(",")))
    return out


def _check(r: dict, n: int) -> None:
    assert r["images"] == n and len(r["classes"]) == n
    assert r["rtl_accuracy"] == r["golden_accuracy"]


@pytest.mark.slow
def test_net_icarus_with_stalls(mnist_export: Path, testrun_uid: str) -> None:
    """3 images, random idles/backpressure, LANES 8,8,1: classes equal to golden (make test runs the
    same block-circulant stages with a dense head on Icarus with stalls, below)."""
    net = _compile(mnist_export, "8,8,1", testrun_uid)
    r = run_net(net, "icarus", images=3, pauses=True, case="stalls")
    _check(r, 3)


@pytest.mark.slow
def test_net_verilator_interval(mnist_export: Path, testrun_uid: str) -> None:
    """200 images stall-free on Verilator: classes equal, interval within 5 % of the model."""
    net = _compile(mnist_export, "8,8,1", testrun_uid)
    r = run_net(net, "verilator", images=200)
    _check(r, 200)
    assert np.isclose(r["interval_cycles"], r["model_interval"], rtol=0.05), r
    assert np.isclose(r["latency_cycles"], r["model_latency"], rtol=0.05), r


@pytest.mark.slow
def test_net_other_folding(mnist_export: Path, testrun_uid: str) -> None:
    """A different folding (LANES 4,8,2) gives the same classes as golden."""
    net = _compile(mnist_export, "4,8,2", testrun_uid)
    r = run_net(net, "verilator", images=8)
    _check(r, 8)
    b = json.loads((net / "build.json").read_text())
    assert [s["lanes"] for s in b["stages"]] == [4, 8, 2]


@pytest.mark.slow
def test_net_verilator_rows(mnist_export: Path, testrun_uid: str) -> None:
    """LANES x ROWS 8x2,8x2,1: classes equal, interval (half that of 8,8,1) within 5 % of the model."""
    net = _compile(mnist_export, "8x2,8x2,1", testrun_uid)
    b = json.loads((net / "build.json").read_text())
    assert [(s["lanes"], s["rows"]) for s in b["stages"]] == [(8, 2), (8, 2), (1, 1)]
    assert b["pipeline"]["interval_cycles"] == 2048
    r = run_net(net, "verilator", images=60)
    _check(r, 60)


@pytest.mark.slow
def test_net_verilator_budget_156(mnist_export: Path, testrun_uid: str) -> None:
    """The compiler's folding at the LFE5U-85F's 156 MULT18X18D: ROWS that are not powers of two
    (2x5 on the 64 x 49 stage); classes equal, interval and latency within 5 % of the model."""
    out = BUILD / "swm_net" / "mlp16-b156"
    build_once(out, testrun_uid, lambda: compile_network(mnist_export, out, budget=156))
    b = json.loads((out / "build.json").read_text())
    assert [(s["lanes"], s["rows"]) for s in b["stages"]] == [(2, 5), (8, 2), (1, 1)]
    assert b["pipeline"]["interval_cycles"] == 2548 and b["mults_total"] == 156
    r = run_net(out, "verilator", images=40)
    _check(r, 40)
    assert np.isclose(r["interval_cycles"], r["model_interval"], rtol=0.05), r
    assert np.isclose(r["latency_cycles"], r["model_latency"], rtol=0.05), r


def test_net_dense_head_icarus_with_stalls(mnist_dense_export: Path, testrun_uid: str) -> None:
    """Dense head (swm_dense_stage, LANES 3), 3 images, random idles/backpressure: classes and every stage's
    output equal to golden."""
    net = _compile(mnist_dense_export, "8,8,3", testrun_uid, "mlp16-dense")
    b = json.loads((net / "build.json").read_text())
    assert [s["module"] for s in b["stages"]] == ["swm_bc_stage", "swm_bc_stage", "swm_dense_stage"]
    r = run_net(net, "icarus", images=3, pauses=True, case="dense-stalls")
    _check(r, 3)


@pytest.mark.slow
def test_net_dense_head_verilator_interval(mnist_dense_export: Path, testrun_uid: str) -> None:
    """Dense head at LANES 1, the slowest stage (10 groups of 1024 cycles): 100 images stall-free on
    Verilator, classes equal, interval and latency within 5 % of the model."""
    net = _compile(mnist_dense_export, "8,8,1", testrun_uid, "mlp16-dense")
    b = json.loads((net / "build.json").read_text())
    assert b["pipeline"]["bottleneck_stage"] == 2 and b["pipeline"]["interval_cycles"] == 10 * 1024
    r = run_net(net, "verilator", images=100)
    _check(r, 100)
    assert np.isclose(r["interval_cycles"], r["model_interval"], rtol=0.05), r
    assert np.isclose(r["latency_cycles"], r["model_latency"], rtol=0.05), r
