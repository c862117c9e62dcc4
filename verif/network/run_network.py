"""Run an exported network (``swm export``) layer by layer on the RTL engine and compare bit for bit.

Every layer of ``network.json`` is built as one ``swm_bc_layer`` (K, widths, LANES and ROWS from the
export, MAX_P/MAX_Q = the layer's p/q), its weight and bias images are streamed in from the
export's hex files, the export's test vectors (real dataset samples) are streamed through, and
every output sample is compared with the golden model's expected output in ``vectors/``.

    python -m verif.network.run_network --export build/demo [--sim icarus|verilator] [--vectors N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from swm.errors import SwmError
from swm.fixed import DatapathConfig
from verif.common.sim import run_cocotb, top_sources

TOP = "swm_bc_layer"
TEST_MODULE = "verif.network.tb_network"


def layer_parameters(layer: dict, lanes: int, rows: int = 1) -> dict:
    """RTL parameters of swm_bc_layer for one exported layer (MAX_P/MAX_Q = the layer's p/q, its LANES/ROWS)."""
    cfg = DatapathConfig.from_dict(layer["datapath"])
    if cfg.K != layer["block_size"]:
        raise SwmError(f"layer {layer['index']}: block_size {layer['block_size']} differs from its datapath "
                       f"K = {cfg.K}: re-run `swm export`")
    return cfg.rtl_params(lanes, layer["p"], layer["q"], rows=rows)


def run_network(export: Path, sim: str = "icarus", vectors: int | None = None) -> list[dict]:
    """Simulate every layer of ``export`` on ``sim``; returns one result dict per layer (raises on mismatch)."""
    export = Path(export).resolve()
    path = export / "network.json"
    if not path.is_file():
        raise SwmError(f"no network.json in {export}: create it with `swm export --run RUN --out {export}`")
    doc = json.loads(path.read_text())
    vec = json.loads((export / "vectors" / "vectors.json").read_text())
    n = vec["count"] if vectors is None else min(vectors, vec["count"])
    if n < 1:
        raise SwmError(f"{export}/vectors holds no test vectors: re-export with --vectors 1 or more")
    for layer in doc["layers"]:
        if layer["type"] != "bc_linear":
            raise SwmError(f"layer {layer['index']} is {layer['type']!r}: this runner builds swm_bc_layer for each "
                           f"layer; run the whole network with `swm compile --export {export} --out NET` and "
                           "`python -m verif.swm_net.run_net --net NET`")
    results = []
    for layer in doc["layers"]:
        params = layer_parameters(layer, layer["weights"].get("lanes", doc["lanes"]), layer["weights"].get("rows", 1))
        out = export / "rtl" / f"layer{layer['index']}-{sim}.json"
        out.parent.mkdir(exist_ok=True)
        env = {"SWM_EXPORT": str(export), "SWM_LAYER": str(layer["index"]), "SWM_NVEC": str(n),
               "SWM_PARAMS": json.dumps(params), "SWM_RESULT": str(out)}
        case = f"{export.name}-layer{layer['index']}"
        run_cocotb(TOP, top_sources(TOP), TEST_MODULE, params, sim, case, extra_env=env)
        results.append(json.loads(out.read_text()))
    return results


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; prints one line per layer, exit 0 when every layer matched the golden model."""
    ap = argparse.ArgumentParser(prog="python -m verif.network.run_network", description=__doc__.splitlines()[0])
    ap.add_argument("--export", required=True, help="export directory written by `swm export`")
    ap.add_argument("--sim", default="icarus", choices=("icarus", "verilator"))
    ap.add_argument("--vectors", type=int, default=None, help="number of test vectors to run (default: all)")
    args = ap.parse_args(argv)
    try:
        res = run_network(Path(args.export), args.sim, args.vectors)
    except SwmError as exc:
        print(f"run_network: error: {exc}", file=sys.stderr)
        return 2
    except AssertionError as exc:
        print(f"run_network: RTL run failed: {exc}", file=sys.stderr)
        return 1
    for r in res:
        print(f"layer {r['layer']}: {r['p']}x{r['q']} blocks, K={r['K']}, LANES={r['LANES']}, ROWS={r['ROWS']}: "
              f"{r['vectors']} vectors, "
              f"{r['samples']} output samples bit-exact vs golden on {args.sim}; {r['cycles']} cycles "
              f"(model {r['model_cycles']}, {r['cycles'] / r['vectors']:.0f} per vector)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
