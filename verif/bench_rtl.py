"""RTL throughput benchmark: measured swm_bc_layer cycles vs the cycle model and the MAC lower bound.

    python -m verif.bench_rtl [--sim verilator] [--out build/bench]

Writes ``rtl_cycles.json`` and ``rtl_cycles.md``. Every run is also a bit-exact check against
swm.golden (random weights and inputs, no stalls so that the cycle count is the throughput).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

from tqdm import tqdm

from swm import perf
from verif.swm_bc_layer.layer_tb import WIDTH_SETS, run_layer_case

# (K, LANES, p, q, N): the 16x16-block target shapes, a wider layer, and the MNIST MLP's first layer
CASES = [(16, 1, 16, 16, 4), (16, 2, 16, 16, 4), (16, 4, 16, 16, 4), (64, 4, 16, 16, 2), (8, 4, 32, 32, 2),
         (16, 4, 64, 49, 2)]


def main(argv: list[str] | None = None) -> int:
    """Run the cases, write JSON + Markdown, print the table."""
    ap = argparse.ArgumentParser(prog="python -m verif.bench_rtl", description=__doc__.splitlines()[0])
    ap.add_argument("--sim", default="verilator", choices=("icarus", "verilator"))
    ap.add_argument("--out", default="build/bench")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    log = out / "rtl_cycles.jsonl"
    log.unlink(missing_ok=True)
    os.environ["SWM_PERF_OUT"] = str(log.resolve())
    for K, lanes, p, q, n in tqdm(CASES, desc="RTL cycle runs", unit="layer"):
        run_layer_case(K, lanes, WIDTH_SETS["w16"], 0, args.sim,
                       [dict(p=p, q=q, n=n, act="relu", kind="normal", stall=0.0)],
                       max_p=p, max_q=q, case=f"K{K}_L{lanes}_w16_rm0_P{p}Q{q}_bench")
    rows = []
    for line in log.read_text().splitlines():
        r = json.loads(line)
        K, lanes, p, q, n = r["K"], r["LANES"], r["p"], r["q"], r["n"]
        bound = perf.lower_bound(p, q, K, lanes, n)
        latency = perf.fixed_latency(p, q, K, lanes)
        rows.append(dict(r, bound=bound, latency=latency, ratio_to_bound=r["measured"] / bound,
                         target=1.10 * bound + latency, target_met=r["measured"] <= 1.10 * bound + latency,
                         model_error=abs(r["model"] - r["measured"]) / r["measured"]))
    result = {"benchmark": "rtl_cycles", "simulator": args.sim, "rows": rows,
              "machine": {"machine": platform.machine(), "cpus": os.cpu_count(), "python": platform.python_version()}}
    (out / "rtl_cycles.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = ["| K | LANES | p x q blocks | vectors | measured cycles | model | bound N*p*q*(K/2+1)/LANES | "
             "measured / bound | 1.10 x bound + latency |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['K']} | {r['LANES']} | {r['p']} x {r['q']} | {r['n']} | {r['measured']} | {r['model']} | "
                     f"{r['bound']:.0f} | {r['ratio_to_bound']:.3f} | {r['target']:.0f} "
                     f"({'met' if r['target_met'] else 'NOT met'}) |")
    table = "\n".join(lines) + "\n"
    (out / "rtl_cycles.md").write_text(table)
    log.unlink(missing_ok=True)
    print(table)
    return 0 if all(r["target_met"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
