"""swm_accel, the system top: the host flow over AXI4-Lite on a compiled MNIST network (tb_accel.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from verif.common.sim import BUILD, SIMULATORS, build_once, read_filelist, run_cocotb, verilog_params
from verif.swm_net.run_net import golden_images, write_stimulus

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("sim", [pytest.param(s, marks=[pytest.mark.slow] if s == "verilator" else []) for s in SIMULATORS])
def test_accel_host_flow(testrun_uid: str, mnist_export: Path, sim: str) -> None:
    """Registers, loading, runs, interrupts, START while busy, SOFT_RESET, a short image, a late load."""
    net, b = _compiled(mnist_export, testrun_uid)
    stim = write_stimulus(net, b, golden_images(net, 6), net / f"stimulus-{sim}.json")
    run_cocotb("swm_accel", read_filelist(net / "swm_accel.f"), "verif.swm_accel.tb_accel", b["accel_params"], sim,
               "host-flow", extra_env={"SWM_NET_STIM": str(stim)})


def _compiled(mnist_export: Path, run_id: str, name: str = "mlp16-l8_8_1",
              lanes: tuple[int, ...] = (8, 8, 1)) -> tuple[Path, dict]:
    """The export compiled with these LANES (once per test run, shared by the workers)."""
    import json

    from swm.compile import compile_network

    net = BUILD / "swm_accel" / name
    build_once(net, run_id, lambda: compile_network(mnist_export, net, lanes=list(lanes)))
    return net, json.loads((net / "build.json").read_text())


def _dense_compiled(mnist_dense_export: Path, run_id: str) -> tuple[Path, dict]:
    """The MLP with a dense head (fc3 -> swm_dense_stage, LANES 3)."""
    return _compiled(mnist_dense_export, run_id, "mlp16-dense-l8_8_3", (8, 8, 3))


@pytest.mark.slow
def test_accel_host_flow_dense_head(testrun_uid: str, mnist_dense_export: Path) -> None:
    """The host flow on a network whose last stage is swm_dense_stage (Verilator): the same checks,
    ERROR.CFG (a dense stage's cfg_error) stays clear."""
    net, b = _dense_compiled(mnist_dense_export, testrun_uid)
    assert b["stages"][2]["module"] == "swm_dense_stage"
    stim = write_stimulus(net, b, golden_images(net, 6), net / "stimulus-verilator.json")
    run_cocotb("swm_accel", read_filelist(net / "swm_accel.f"), "verif.swm_accel.tb_accel", b["accel_params"],
               "verilator", "host-flow-dense", extra_env={"SWM_NET_STIM": str(stim)})


@pytest.mark.parametrize("head", ["bc", "dense"])
def test_accel_lint(testrun_uid: str, mnist_export: Path, mnist_dense_export: Path, head: str) -> None:
    """verilator --lint-only -Wall of swm_accel with a compiled network (generated files: their waivers),
    block-circulant only and with a dense head."""
    import subprocess

    from verif.test_lint_synth import LINT_WAIVERS, VERILATOR

    net, b = (_compiled(mnist_export, testrun_uid) if head == "bc"
              else _dense_compiled(mnist_dense_export, testrun_uid))
    cmd = [str(VERILATOR), "--lint-only", "-Wall", "--top-module", "swm_accel", str(LINT_WAIVERS)]
    cmd += [f"-G{k}={v}" for k, v in verilog_params(b["accel_params"]).items()]
    cmd += [str(s) for s in read_filelist(net / "swm_accel.f")]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=BUILD.parents[1])
    assert r.returncode == 0 and "%Warning" not in r.stderr, f"{' '.join(cmd)}\n{r.stderr}"


@pytest.mark.parametrize("sim", [pytest.param(s, marks=[pytest.mark.slow] if s == "verilator" else []) for s in SIMULATORS])
def test_accel_elaboration_check(testrun_uid: str, mnist_export: Path, sim: str) -> None:
    """swm_accel refuses NS = 0 naming the parameter (its case in verif/test_elab.py runs here)."""
    from verif.swm_bc_layer.elab import elaboration_output
    from verif.test_elab import CHECKS

    net, b = _compiled(mnist_export, testrun_uid)
    (c,) = [c for c in CHECKS if c.top == "swm_accel"]
    out = elaboration_output("swm_accel", read_filelist(net / "swm_accel.f"), dict(b["accel_params"], **c.params), sim)
    assert c.message in out, out


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
def test_accel_lstm_sequences(testrun_uid: str, vowels_lstm_export: Path, sim: str) -> None:
    """An LSTM network behind swm_accel: an over-long sequence and a cut step are flagged and framed (tb_accel_seq)."""
    import json

    from swm.compile import compile_network

    net = BUILD / "swm_accel" / "lstm16-l8_4"
    build_once(net, testrun_uid, lambda: compile_network(vowels_lstm_export, net, lanes=[8, 4]))
    b = json.loads((net / "build.json").read_text())
    stim = write_stimulus(net, b, golden_images(net, 5), net / f"stimulus-{sim}.json")
    run_cocotb("swm_accel", read_filelist(net / "swm_accel.f"), "verif.swm_accel.tb_accel_seq", b["accel_params"], sim,
               "lstm-sequences", extra_env={"SWM_NET_STIM": str(stim)})
