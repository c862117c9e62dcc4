"""A trained MNIST network exported by `swm export`, run on real test images through the RTL engine.

Every layer's output must equal the golden model bit for bit, on Icarus and on Verilator, and the
measured cycles must match the analytical model (swm.perf) within 5 %.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from verif.common.sim import BUILD, SIMULATORS
from verif.network.run_network import run_network

pytestmark = pytest.mark.e2e  # trains a small MNIST model first (verif/conftest.py: not selected by `make sim`)


@pytest.fixture(scope="module")
def mnist_export() -> Path:
    from swm.export import export_run
    from swm.train import TrainConfig, train

    root = BUILD / "network"
    run, out = root / "run-mlp-k16", root / "export-mlp-k16"
    train(TrainConfig(dataset="mnist", model="mlp", block_size=16, epochs=1, limit=2000), run, force=True)
    export_run(run, out, lanes=4, n_vectors=2, force=True)
    return out


@pytest.mark.parametrize("sim", SIMULATORS)
def test_exported_mnist_network_bit_exact(mnist_export: Path, sim: str) -> None:
    results = run_network(mnist_export, sim)
    assert [r["layer"] for r in results] == [0, 1, 2]
    for r in results:
        assert r["bit_exact"] and r["vectors"] == 2
        assert np.isclose(r["model_cycles"], r["cycles"], rtol=0.05), r
