"""The network benchmark's own logic: folding selection and the reuse of a finished place and route."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from swm import hwconfig
from swm.compile import compile_network
from swm.errors import SwmError
from swm.fpga import file_params, flow_inputs
from verif.swm_net import bench


def test_unknown_folding_is_one_line(mnist_export: Path, tmp_path: Path) -> None:
    with pytest.raises(SwmError, match=r"^--foldings nope: unknown; use some of smallest,balanced,pow2,largest,dense156$"):
        bench.run(mnist_export, tmp_path / "out", 1, keys=["nope", "smallest"])
    with pytest.raises(SwmError, match=r"^--foldings dense156 needs --dense-export DIR"):
        bench.run(mnist_export, tmp_path / "out", 1, keys=["dense156"])
    with pytest.raises(SwmError, match=r"^no network.json in .*no-export: export a trained run first"):
        bench.run(tmp_path / "no-export", tmp_path / "out", 1)
    assert not (tmp_path / "out").exists()


def test_reuse_only_same_sources_speed_router(mnist_export: Path, tmp_path: Path) -> None:
    net = tmp_path / "net"
    compile_network(mnist_export, net, lanes=["1", "1", "1"])
    out = tmp_path / "fpga"
    assert not bench._reusable(net, out)  # nothing there
    inputs = flow_inputs(hwconfig.load(str(net)), None)
    for f in list(inputs.sources) + file_params(inputs):  # what run_open copies into its build directory
        (out / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(inputs.origin(f), out / f)
    rep = {"speed": bench.FPGA_SPEED, "router": bench.FPGA_ROUTER, "placer": bench.FPGA_PLACER}
    (out / "report.json").write_text(json.dumps(rep))
    assert bench._reusable(net, out)
    (out / "report.json").write_text(json.dumps(dict(rep, router="router1")))
    assert not bench._reusable(net, out)  # another router
    other = "static" if bench.FPGA_PLACER != "static" else "heap"
    (out / "report.json").write_text(json.dumps(dict(rep, placer=other)))
    assert not bench._reusable(net, out)  # another placer
    (out / "report.json").write_text(json.dumps(dict(rep, placer=bench.FPGA_PLACER)))
    assert bench._reusable(net, out)
    (out / "report.json").write_text(json.dumps(rep))
    top = next(f for f in inputs.sources if f.endswith("swm_net.v"))  # the generated top (another folding)
    (out / top).write_text((out / top).read_text().replace(".LANES(1)", ".LANES(2)", 1))
    assert not bench._reusable(net, out)


def test_lstm_per_step_and_published_rows() -> None:
    """Per-step latency and dense-equivalent GOPS come from the routed Fmax and the cycles per step;
    the published figures are labelled as such; a folding that did not fit has no row."""
    assert bench.lstm_dense_equivalent_ops(12, 128) == 2 * 512 * 140
    res = {"lstm": {"n_x": 12, "hidden": 128, "block_size": 16},
           "rows": [{"folding": "a", "step_cycles": 800, "fpga": {"fits": True, "fmax_mhz": 50.0}},
                    {"folding": "b", "step_cycles": 800, "fpga": {"fits": False, "error": "x"}}]}
    md = bench.lstm_published_md(res)
    gops = 2 * 512 * 140 * 50e6 / 800 / 1e9
    assert f"| a | 800 | 16.00 us | {gops:.2f} |" in md
    assert "| b |" not in md
    assert "Published, for a different network and device (not measured here)" in md
    assert "282 GOPS, 41 W" in md and "18.8x" in md and "33.5x" in md
