"""RTL throughput benchmark: measured swm_bc_layer cycles vs the cycle model and the MAC lower bound.

    python -m verif.bench_rtl [--sim verilator] [--out build/bench] [--no-gates]

Writes ``rtl_cycles.json`` and ``rtl_cycles.md``; then the LSTM gate matrix measured
block-circulant against dense at equal MAC multipliers (``lstm_gates.json`` / ``.md``). Every run
is also a bit-exact check against swm.golden (random weights and inputs, no stalls so that the
cycle count is the throughput).
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
from verif.swm_dense_fc.dense_tb import run_dense_case

# (K, LANES, p, q, N): the 16x16-block target shapes, a wider layer, and the MNIST MLP's first layer
CASES = [(16, 1, 16, 16, 4), (16, 2, 16, 16, 4), (16, 4, 16, 16, 4), (64, 4, 16, 16, 2), (8, 4, 32, 32, 2),
         (16, 4, 64, 49, 2)]


# the JapaneseVowels LSTM's merged gate matrix (swm.golden_lstm): 4H x (n_x + H), H = 128, n_x = 12
GATE_NX, GATE_H = 12, 128
# (K, block-circulant LANES): the compiler's choice at K = 16 (swm compile --budget-mults 100), the
# largest LANES (K/2) at K = 8 and 4
GATE_CASES = [(16, 8), (8, 4), (4, 2)]


def _interval(rows: list[dict], key: str, value: int) -> dict:
    """Measured and model cycles of the 1- and 4-vector runs of one case; per vector = (4 - 1) / 3."""
    one, four = (next(r for r in rows if r[key] == value and r["n"] == n) for n in (1, 4))
    return dict(per_vector=(four["measured"] - one["measured"]) / 3,
                per_vector_model=(four["model"] - one["model"]) / 3, first=one["measured"],
                first_model=one["model"])


def gate_comparison(sim: str, out: Path) -> list[dict]:
    """The LSTM gate matrix, measured: swm_bc_layer (p = 4H/K, q = ceil(n_x/K) + H/K) against
    swm_dense_fc (n_x + H -> 4H) with the same MAC multipliers (4 x LANES of the block-circulant
    engine); one and four vectors each, every output bit-exact against swm.golden."""
    from swm import compile as cc

    out.mkdir(parents=True, exist_ok=True)
    log = out / "lstm_gates.jsonl"
    log.unlink(missing_ok=True)
    os.environ["SWM_PERF_OUT"] = str(log.resolve())
    n_in, n_out = GATE_NX + GATE_H, 4 * GATE_H
    runs = [dict(n=n, act="identity", kind="normal", stall=0.0) for n in (1, 4)]
    # (K, LANES, p, q): the merged gate matrix in K-blocks
    shapes = [(K, lanes, n_out // K, -(-GATE_NX // K) + GATE_H // K) for K, lanes in GATE_CASES]
    for K, lanes, p, q in tqdm(shapes, desc="LSTM gate matrix, BC and dense", unit="K"):
        run_layer_case(K, lanes, WIDTH_SETS["w16"], 0, sim, [dict(r, p=p, q=q) for r in runs],
                       max_p=p, max_q=q, case=f"K{K}_L{lanes}_w16_rm0_P{p}Q{q}_gates")
        # the dense stage with the block-circulant engine's MAC multipliers, then with all of them (FFTs too)
        for dl in sorted({4 * lanes, cc.engine_mults(K, lanes)}):
            run_dense_case(n_in, n_out, dl, "identity", "w16", 0, False, sim,
                           [dict(n=r["n"], stall=0.0, kind="normal") for r in runs], seed=K, tag="gates_")
    perf_rows = [json.loads(line) for line in log.read_text().splitlines()]
    log.unlink(missing_ok=True)
    bc_rows = [r for r in perf_rows if "K" in r]
    dense_rows = [r for r in perf_rows if "N_IN" in r]
    rows = []
    for K, lanes, p, q in shapes:
        total = cc.engine_mults(K, lanes)
        bc = _interval([r for r in bc_rows if r["K"] == K], "LANES", lanes)
        dn = _interval(dense_rows, "LANES", 4 * lanes)
        dt = _interval(dense_rows, "LANES", total)
        rows.append(dict(K=K, p=p, q=q, lanes_bc=lanes, mac_mults=4 * lanes, total_mults=total,
                         bc_weight_bits=p * q * K * WIDTH_SETS["w16"]["WW"],
                         dense_weight_bits=n_in * n_out * WIDTH_SETS["w16"]["WW"],
                         bc=bc, dense=dn, dense_total=dt, speedup=dn["per_vector"] / bc["per_vector"],
                         speedup_total=dt["per_vector"] / bc["per_vector"]))
    result = {"benchmark": "lstm_gates", "simulator": sim, "shape": dict(n_x=GATE_NX, hidden=GATE_H, n_in=n_in,
              n_out=n_out), "rows": rows,
              "machine": {"machine": platform.machine(), "cpus": os.cpu_count(), "python": platform.python_version()}}
    (out / "lstm_gates.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [f"LSTM gate matrix {n_in} -> {n_out} (n_x = {GATE_NX}, H = {GATE_H}), measured on {sim}: cycles per "
             "vector in steady state ((4 vectors - 1 vector) / 3; the model's in brackets). The dense stage "
             "(`swm_dense_fc`) gets the block-circulant engine's MAC multipliers (4 x LANES), then all of its "
             "multipliers (MACs, FFT and IFFT).", "",
             "| K | blocks p x q | BC LANES: MAC / all multipliers | BC cycles per vector | dense, LANES = MAC "
             "multipliers | dense / BC | dense, LANES = all multipliers | dense / BC | BC first vector in to last out "
             "| weight bits BC / dense |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        b, d, t = r["bc"], r["dense"], r["dense_total"]
        lines.append(f"| {r['K']} | {r['p']} x {r['q']} | {r['lanes_bc']}: {r['mac_mults']} / {r['total_mults']} | "
                     f"{b['per_vector']:.0f} ({b['per_vector_model']:.0f}) | {d['per_vector']:.0f} "
                     f"({d['per_vector_model']:.0f}) | {r['speedup']:.2f}x | {t['per_vector']:.0f} "
                     f"({t['per_vector_model']:.0f}) | {r['speedup_total']:.2f}x | {b['first']} ({b['first_model']}) | "
                     f"{r['bc_weight_bits']:,} / {r['dense_weight_bits']:,} |")
    table = "\n".join(lines) + "\n"
    (out / "lstm_gates.md").write_text(table)
    print(table)
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the cases, write JSON + Markdown, print the table."""
    ap = argparse.ArgumentParser(prog="python -m verif.bench_rtl", description=__doc__.splitlines()[0])
    ap.add_argument("--sim", default="verilator", choices=("icarus", "verilator"))
    ap.add_argument("--out", default="build/bench")
    ap.add_argument("--no-gates", action="store_true", help="skip the LSTM gate-matrix comparison")
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
    if not args.no_gates:
        gate_comparison(args.sim, out)
    return 0 if all(r["target_met"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
