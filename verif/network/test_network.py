"""A trained MNIST network exported by `swm export`, run on real test images through the RTL engine.

Every layer's output must equal the golden model bit for bit, on Icarus and on Verilator, and the
measured cycles must match the analytical model (swm.perf) within 5 %.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from verif.common.sim import SIMULATORS
from verif.network.run_network import run_network

pytestmark = pytest.mark.e2e  # trains a small MNIST model first (verif/conftest.py: not selected by `make sim`)


@pytest.mark.parametrize("sim", SIMULATORS)
def test_exported_mnist_network_bit_exact(mnist_export: Path, sim: str) -> None:
    results = run_network(mnist_export, sim)
    assert [r["layer"] for r in results] == [0, 1, 2]
    for r in results:
        assert r["bit_exact"] and r["vectors"] == 2
        assert np.isclose(r["model_cycles"], r["cycles"], rtol=0.05), r
