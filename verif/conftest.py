"""pytest markers of the RTL suite, so `make sim` selects RTL tests by marker, never by name.

* ``rtl``: every test under verif/ except the end-to-end ones (it builds, simulates, lints or
  synthesises the RTL);
* ``e2e``: trains and exports a model, then runs it on the RTL (verif/network/) — not ``rtl``;
* ``icarus`` / ``verilator``: the simulator a test is parametrized with (``sim``).

``make sim SIM=icarus`` runs ``-m "rtl and not verilator"``: the RTL tests on Icarus plus the
simulator-independent lint, synthesis and ROM checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from verif.common.sim import BUILD, SIMULATORS, build_once


def _shared_export(testrun_uid: str, name: str, block_size: int | list[int], model: str = "mlp") -> Path:
    """A small MNIST model (1 epoch on 2000 images) trained and exported once per test run, under
    build/sim/network/{run,export}-<name> (shared by the xdist workers: verif.common.sim.build_once)."""
    from swm.export import export_run
    from swm.train import TrainConfig, train

    root = BUILD / "network"
    run, out = root / f"run-{name}", root / f"export-{name}"

    def make() -> None:
        lr = {"lenet": 3e-3, "lenet5": 3e-3}.get(model)   # None: the model's default
        train(TrainConfig(dataset="mnist", model=model, block_size=block_size, epochs=1, limit=2000, lr=lr), run,
              force=True)
        export_run(run, out, lanes=4, n_vectors=2, force=True)

    build_once(out, testrun_uid, make)
    return out


@pytest.fixture(scope="session")
def mnist_export(testrun_uid: str) -> Path:
    """The MNIST MLP with block size 16 in every layer, exported (shared by the xdist workers)."""
    return _shared_export(testrun_uid, "mlp-k16", 16)


@pytest.fixture(scope="session")
def mnist_dense_export(testrun_uid: str) -> Path:
    """The MNIST MLP with a dense head: fc1, fc2 block-circulant (k = 16), fc3 dense (k = 1), exported."""
    return _shared_export(testrun_uid, "mlp-k16-dense", [16, 16, 1])


@pytest.fixture(scope="session")
def mnist_lenet_export(testrun_uid: str) -> Path:
    """LeNet (zoo ``lenet``: dense conv1, block-circulant conv2 and fc1 with k = 16, dense head), exported."""
    return _shared_export(testrun_uid, "lenet-k16", 16, "lenet")


@pytest.fixture(scope="session")
def mnist_lenet5_export(testrun_uid: str) -> Path:
    """LeNet-5 layout (zoo ``lenet5``: 16-channel dense conv1, unpadded block-circulant conv2, fc1, k = 16), exported."""
    return _shared_export(testrun_uid, "lenet5-k16", 16, "lenet5")


@pytest.fixture(scope="session")
def vowels_lstm_export(testrun_uid: str) -> Path:
    """The zoo's lstm (k = 16, hidden 128) trained 6 epochs on JapaneseVowels and exported (shared by the workers)."""
    from swm.export import export_run
    from swm.train import TrainConfig, train

    root = BUILD / "network"
    run, out = root / "run-lstm-k16", root / "export-lstm-k16"

    def make() -> None:
        train(TrainConfig(dataset="japanese-vowels", model="lstm", block_size=16, epochs=6, lr=3e-3), run, force=True)
        export_run(run, out, lanes=4, n_vectors=2, force=True)

    build_once(out, testrun_uid, make)
    return out


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers (pyproject.toml registers `slow`)."""
    config.addinivalue_line("markers", "rtl: builds, simulates, lints or synthesises the RTL (selected by `make sim`)")
    config.addinivalue_line("markers", "e2e: trains and exports a model, then runs it on the RTL (not `rtl`)")
    for sim in SIMULATORS:
        config.addinivalue_line("markers", f"{sim}: runs on the {sim} simulator")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Add ``rtl`` and the simulator marker to the tests collected under verif/."""
    for item in items:
        if "verif" not in item.path.relative_to(config.rootpath).parts[:1]:
            continue
        if item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.rtl)
        sim = getattr(item, "callspec", None) and item.callspec.params.get("sim")
        if sim in SIMULATORS:
            item.add_marker(getattr(pytest.mark, sim))
