"""Build a module with given parameters and return what its elaboration-time checks print."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Mapping, Sequence

from verif.common.sim import BUILD, VERILATOR_BUILD_ARGS, simulator_env, verilog_params


def elaboration_output(top: str, sources: Sequence[Path], params: Mapping[str, object], sim: str) -> str:
    """Compile and run ``top`` alone (no cocotb) and return stdout + stderr of build and run.

    Used to check that a bad parameter set is rejected by its ``initial ... $error`` check.
    """
    tag = "_".join(f"{k}{v}" for k, v in params.items() if not isinstance(v, str))
    d = BUILD / top / f"elab-{tag}-{sim}"
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    srcs = [str(s) for s in sources]
    params = verilog_params(params)
    out = ""
    if sim == "icarus":
        pflags = [f"-P{top}.{k}={v}" for k, v in params.items()]
        r = subprocess.run(["iverilog", "-g2012", "-s", top, "-o", str(d / "sim.vvp"), *pflags, *srcs],
                           capture_output=True, text=True)
        out += r.stdout + r.stderr
        if r.returncode == 0:
            r = subprocess.run(["vvp", "-n", str(d / "sim.vvp")], capture_output=True, text=True, timeout=60)
            out += r.stdout + r.stderr
    else:
        env = simulator_env(dict(os.environ))
        pflags = [f"-G{k}={v}" for k, v in params.items()]
        r = subprocess.run(["verilator", "--binary", *VERILATOR_BUILD_ARGS, "--top-module", top, "--Mdir", str(d),
                            "-o", "sim", *pflags, *srcs], capture_output=True, text=True, env=env)
        out += r.stdout + r.stderr
        if r.returncode == 0:
            r = subprocess.run([str(d / "sim")], capture_output=True, text=True, timeout=60)
            out += r.stdout + r.stderr
    return out
