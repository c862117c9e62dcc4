"""Hardware build configurations (hw/configs/<name>.json): one RTL top with its parameters.

The FPGA and ASIC flows, their tests and benchmarks read a build configuration by name (or by
path) and get the Verilog top, its source list and its parameters from here, so a design is
described once. A configuration file looks like::

    {
      "design": "swm_bc_layer",
      "description": "the demo MNIST MLP's layer engine",
      "datapath": {"K": 16, "DW": 16, "FW": 18, "WW": 16, "TW": 16, "AW": 48, "rounding": "half_up"},
      "engine": {"lanes": 4, "max_p": 64, "max_q": 64},
      "layer": {"p": 64, "q": 49},
      "clock_mhz": 100
    }

``datapath`` is a :class:`swm.fixed.DatapathConfig` (omitted fields take its defaults; ``AW``
omitted = the smallest exact width for ``max_q``), ``engine`` the RTL sizing, ``layer`` the
block shape that throughput and energy figures are quoted for, ``clock_mhz`` the requested clock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from swm.errors import SwmError

ROOT = Path(__file__).resolve().parents[2]
HW = ROOT / "hw"
CONFIG_DIR = HW / "configs"
DESIGNS = ("swm_bc_layer",)  # tops the flows know how to parametrise
NET_TOP = "swm_accel"        # the system top of a compiled network (`swm compile` output directory)


def read_filelist(path: str | Path) -> list[Path]:
    """Sources named in a `.f` file list, one per line, relative to the list's directory.

    Blank lines and comments (`//` or `#`, whole-line or trailing) are skipped. The one parser of
    file lists: the flows and the testbenches (verif.common.sim) use it.
    """
    path = Path(path)
    out = []
    for line in path.read_text().splitlines():
        line = line.split("//", 1)[0].split("#", 1)[0].strip()
        if line:
            out.append(path.parent / line)
    return out


def top_sources(top: str) -> list[Path]:
    """Sources of hw/<top>: its `.f` list (hw/<top>.v appended if the list lacks it), else hw/<top>.v."""
    f = HW / f"{top}.f"
    own = HW / f"{top}.v"
    if not f.exists():
        return [own]
    srcs = read_filelist(f)
    return srcs if own in srcs else srcs + [own]


@dataclass(frozen=True)
class HwConfig:
    """One named hardware build: top, datapath widths, engine sizing, reference layer, clock."""

    name: str
    design: str
    description: str
    datapath: dict[str, Any]
    lanes: int
    max_p: int
    max_q: int
    p: int
    q: int
    clock_mhz: float
    source: Path = field(default=Path())

    def datapath_config(self):
        """The swm.fixed.DatapathConfig of this build (AW defaulting to the smallest exact width)."""
        from swm.fixed import DatapathConfig
        from swm.limits import min_acc_width

        d = dict(self.datapath)
        d.setdefault("max_q", self.max_q)
        if "AW" not in d:
            d["AW"] = min_acc_width(d.get("WW", DatapathConfig.WW), d.get("FW", DatapathConfig.FW), self.max_q)
        return DatapathConfig.from_dict(d)

    def rtl_params(self) -> dict[str, Any]:
        """Verilog parameters of the top (checked exactly as the RTL's elaboration checks)."""
        return self.datapath_config().rtl_params(self.lanes, self.max_p, self.max_q)

    def sources(self) -> list[Path]:
        """Absolute paths of the top's sources, in hw/<design>.f order (the top last)."""
        return top_sources(self.design)

    def cycles_per_vector(self) -> int:
        """Steady-state cycles per input vector of the reference layer (swm.perf)."""
        from swm import perf

        return perf.layer_cycles_parts(self.p, self.q, int(self.datapath_config().K), self.lanes, 1).per_vector

    def throughput_label(self) -> str:
        """What one "vector" of cycles_per_vector is, for reports."""
        return f"{self.p} x {self.q} blocks of K = {self.datapath_config().K}, {self.lanes} lanes"

    unit = "vectors"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (as in the file, plus the resolved name)."""
        return dict(name=self.name, design=self.design, description=self.description, datapath=dict(self.datapath),
                    engine=dict(lanes=self.lanes, max_p=self.max_p, max_q=self.max_q),
                    layer=dict(p=self.p, q=self.q), clock_mhz=self.clock_mhz)


@dataclass(frozen=True)
class NetConfig:
    """A compiled network (`swm compile --out DIR`) as a flow input: top swm_accel, one image per interval.

    Same interface as :class:`HwConfig` for the FPGA and ASIC flows: name, design, description,
    rtl_params(), sources(), cycles_per_vector(), throughput_label(), to_dict(), clock_mhz.
    """

    name: str
    build: dict[str, Any] = field(hash=False)
    source: Path = field(default=Path())
    design: str = NET_TOP
    unit = "images"

    @property
    def description(self) -> str:
        st = self.build["stages"]
        kinds = ", ".join(f"{sum(s['type'] == t for s in st)} {t}" for t in dict.fromkeys(s["type"] for s in st))
        return (f"compiled network {self.name}: {len(st)} stages ({kinds}) + argmax, LANES (xROWS) "
                f"{_folds(st)}, {self.build['mults_total']} multipliers (model)")

    @property
    def clock_mhz(self) -> float:
        return float(self.build["clock_mhz"])

    def rtl_params(self) -> dict[str, Any]:
        """Parameters of swm_accel (build.json accel_params; ROM_DIR absolute)."""
        return dict(self.build["accel_params"])

    def sources(self) -> list[Path]:
        """swm_accel.f of the compiled network: hand-written modules, the generated swm_net.v, the top."""
        return read_filelist(self.source / f"{NET_TOP}.f")

    def cycles_per_vector(self) -> int:
        """Cycles per image of the pipeline (the slowest stage's interval, swm.perf)."""
        return int(self.build["pipeline"]["interval_cycles"])

    def throughput_label(self) -> str:
        st = self.build["stages"]
        return (f"network of {len(st)} stages, LANES (xROWS) {_folds(st)}; "
                f"stage {self.build['pipeline']['bottleneck_stage']} sets the interval")

    def to_dict(self) -> dict[str, Any]:
        return dict(name=self.name, design=self.design, description=self.description, network=str(self.source),
                    stages=[{k: s[k] for k in ("p", "q", "K", "lanes", "interval", "mults")} for s in self.build["stages"]],
                    pipeline=dict(self.build["pipeline"]), clock_mhz=self.clock_mhz)


def _folds(stages: list[dict[str, Any]]) -> str:
    """Per-stage foldings as `swm compile --lanes` writes them: 8, 8x2, 3*16, ..."""
    from swm.compile import fold_text  # noqa: PLC0415  (swm.compile imports this module)

    return ",".join(fold_text(s["lanes"], s.get("rows", 1), copies=s.get("copies", 1)) for s in stages)


def net_name(path: str | Path) -> str:
    """The flow name of a compiled network directory (build/fpga/<name>, build/asic/<name>)."""
    return f"net-{Path(path).resolve().name}"


def load_net(path: str | Path) -> NetConfig:
    """A `swm compile` output directory as a flow input; SwmError when it is not one."""
    d = Path(path)
    bj = d / "build.json"
    if not bj.is_file() or not (d / f"{NET_TOP}.f").is_file():
        raise SwmError(f"{d}: not a compiled network (no build.json / {NET_TOP}.f): create it with "
                       f"`swm compile --export EXPORT --out {d}`")
    try:
        b = json.loads(bj.read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise SwmError(f"{bj}: not readable JSON ({e}); recompile the network with `swm compile`") from None
    keys = ("accel_params", "pipeline", "stages", "mults_total", "clock_mhz")
    if not isinstance(b, dict) or any(k not in b for k in keys) or "ROM_DIR" not in b["accel_params"]:
        raise SwmError(f"{bj}: not a build.json of this version of `swm compile` (needs {', '.join(keys)} and "
                       "accel_params.ROM_DIR); recompile the network")
    missing = [str(s) for s in read_filelist(d / f"{NET_TOP}.f") if not s.is_file()]
    if missing:
        raise SwmError(f"{d}: {len(missing)} source(s) of {NET_TOP}.f are missing (first: {missing[0]}); recompile "
                       "the network with `swm compile`")
    return NetConfig(name=net_name(d), build=b, source=d.resolve())


def available() -> list[str]:
    """Names of the configurations in hw/configs/."""
    return sorted(p.stem for p in CONFIG_DIR.glob("*.json"))


def load(name_or_path: str | Path) -> HwConfig | NetConfig:
    """Load and check a configuration by name (hw/configs/<name>.json), path, or compiled-network directory.

    SwmError on any problem.
    """
    p = Path(name_or_path)
    if p.is_dir():
        return load_net(p)
    if p.suffix != ".json":
        p = CONFIG_DIR / f"{name_or_path}.json"
    if not p.is_file():
        raise SwmError(f"unknown hardware configuration {str(name_or_path)!r}: use one of "
                       f"{', '.join(available())} or a path to a .json file")
    try:
        d = json.loads(p.read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise SwmError(f"{p}: not a readable JSON configuration ({e}); fix the file") from None
    known = {"design", "description", "datapath", "engine", "layer", "clock_mhz"}
    if not isinstance(d, dict) or set(d) - known:
        raise SwmError(f"{p}: unknown keys {sorted(set(d) - known) if isinstance(d, dict) else d!r}; use {sorted(known)}")
    design = d.get("design", "swm_bc_layer")
    if design not in DESIGNS or not (HW / f"{design}.v").is_file():
        raise SwmError(f"{p}: unknown design {design!r}; use one of {', '.join(DESIGNS)}")
    try:
        eng, lay = d.get("engine", {}), d.get("layer", {})
        cfg = HwConfig(name=p.stem, design=design, description=str(d.get("description", "")),
                       datapath=dict(d.get("datapath", {})), lanes=int(eng["lanes"]), max_p=int(eng["max_p"]),
                       max_q=int(eng["max_q"]), p=int(lay.get("p", eng["max_p"])), q=int(lay.get("q", eng["max_q"])),
                       clock_mhz=float(d.get("clock_mhz", 100.0)), source=p)
    except (KeyError, TypeError, ValueError) as e:
        raise SwmError(f"{p}: engine needs integer lanes, max_p, max_q and layer p, q ({e}); fix the file") from None
    if not (1 <= cfg.p <= cfg.max_p and 1 <= cfg.q <= cfg.max_q):
        raise SwmError(f"{p}: layer {cfg.p} x {cfg.q} blocks does not fit max_p x max_q = {cfg.max_p} x {cfg.max_q}")
    if not cfg.clock_mhz > 0:
        raise SwmError(f"{p}: clock_mhz = {cfg.clock_mhz} must be > 0")
    cfg.rtl_params()  # every RTL elaboration check, as one clear error
    return cfg
