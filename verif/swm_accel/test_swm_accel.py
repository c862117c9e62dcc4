"""swm_accel, the system top: the host flow over AXI4-Lite on a compiled MNIST network (tb_accel.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verif.common.sim import BUILD, SIMULATORS, read_filelist, run_cocotb
from verif.swm_net.run_net import golden_images

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("sim", SIMULATORS)
def test_accel_host_flow(mnist_export: Path, sim: str) -> None:
    """Registers, loading, runs, interrupts, START while busy, SOFT_RESET, a short image, a late load."""
    from swm.compile import compile_network

    net = BUILD / "swm_accel" / "mlp16-l8_8_1"
    b = compile_network(mnist_export, net, lanes=[8, 8, 1])
    gold = golden_images(net, 6)
    stim = net / f"stimulus-{sim}.json"
    stim.write_text(json.dumps(dict(gold, build=b, net=str(net), pauses=False)))
    run_cocotb("swm_accel", read_filelist(net / "swm_accel.f"), "verif.swm_accel.tb_accel", b["accel_params"], sim,
               "host-flow", extra_env={"SWM_NET_STIM": str(stim)})
