"""Benchmarks (``make bench``): layer speed vs dense, accuracy vs block size, fixed-point quality.

Each benchmark writes JSON (machine-readable), a Markdown table and a PNG plot under ``--out``.
Numbers are measurements on the machine that runs them; the machine is recorded in the JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np
import torch
from tqdm import tqdm

from swm.errors import SwmError


def machine() -> dict:
    """Where the numbers were measured."""
    return {"machine": platform.machine(), "processor": platform.processor() or "unknown",
            "cpus": os.cpu_count(), "python": platform.python_version(), "torch": torch.__version__,
            "torch_threads": torch.get_num_threads(), "date": time.strftime("%Y-%m-%d")}


def _write(out: Path, name: str, result: dict, table: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    (out / f"{name}.md").write_text(table)
    print(table)


def _time(fn: Callable[[], None], repeats: int) -> float:
    """Best wall time of ``fn`` in seconds over ``repeats`` calls after a warm-up (robust to other load)."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.min(times))


def bench_layers(out: Path, sizes: tuple[int, ...] = (256, 1024, 4096), blocks: tuple[int, ...] = (8, 16, 64),
                 batch: int = 64, repeats: int = 10) -> dict:
    """Forward+backward time of BlockCirculantLinear vs nn.Linear (n x n, batch 64, CPU)."""
    from swm.layers import BlockCirculantLinear  # noqa: PLC0415

    torch.manual_seed(0)
    rows = []
    cases = [(n, None) for n in sizes] + [(n, k) for n in sizes for k in blocks]
    for n, k in tqdm(cases, desc="layer timing", unit="case"):
        layer = torch.nn.Linear(n, n) if k is None else BlockCirculantLinear(n, n, k)
        x = torch.randn(batch, n, requires_grad=True)

        def step() -> None:
            layer.zero_grad(set_to_none=True)
            layer(x).sum().backward()

        rows.append({"n": n, "k": k, "seconds": _time(step, repeats),
                     "params": sum(p.numel() for p in layer.parameters())})
    dense = {r["n"]: r["seconds"] for r in rows if r["k"] is None}
    for r in rows:
        r["speedup_vs_dense"] = dense[r["n"]] / r["seconds"]
    target = next(r for r in rows if r["n"] == max(sizes) and r["k"] == max(blocks))
    result = {"benchmark": "layers", "batch": batch, "rows": rows, "machine": machine(),
              "target": {"n": target["n"], "k": target["k"], "speedup": target["speedup_vs_dense"],
                         "required": 5.0, "met": target["speedup_vs_dense"] >= 5.0}}
    lines = ["| n | layer | fwd+bwd time (ms) | speed-up vs dense | params |", "|---|---|---|---|---|"]
    for r in rows:
        name = "dense nn.Linear" if r["k"] is None else f"block-circulant k={r['k']}"
        lines.append(f"| {r['n']} | {name} | {1e3 * r['seconds']:.3f} | {r['speedup_vs_dense']:.1f}x | {r['params']} |")
    lines.append(f"\nTarget n={target['n']}, k={target['k']}: {target['speedup_vs_dense']:.1f}x "
                 f"(required >= 5x: {'met' if result['target']['met'] else 'NOT met'}).\n")
    _write(out, "layers", result, "\n".join(lines) + "\n")
    _plot_layers(out / "layers.png", rows, sizes, blocks)
    return result


def _plot_layers(path: Path, rows: list[dict], sizes: tuple[int, ...], blocks: tuple[int, ...]) -> None:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, ax = plt.subplots(figsize=(6, 4))
    for k in (None, *blocks):
        pts = [(r["n"], 1e3 * r["seconds"]) for r in rows if r["k"] == k]
        ax.loglog(*zip(*pts), marker="o", label="dense nn.Linear" if k is None else f"block-circulant k={k}")
    n = np.array(sizes, dtype=float)
    ref = next(1e3 * r["seconds"] for r in rows if r["k"] is None and r["n"] == sizes[-1])
    ax.loglog(n, ref * (n / n[-1]) ** 2, "k:", lw=0.8, label="O(n^2) reference")
    ref_bc = next(1e3 * r["seconds"] for r in rows if r["k"] == blocks[-1] and r["n"] == sizes[-1])
    ax.loglog(n, ref_bc * (n * np.log2(n)) / (n[-1] * np.log2(n[-1])), "k--", lw=0.8, label="O(n log n) reference")
    ax.set_xlabel("layer width n (n x n weights)")
    ax.set_ylabel("forward+backward time, batch 64 (ms)")
    ax.set_title("Block-circulant vs dense layer on the CPU")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def bench_accuracy(out: Path, models: tuple[str, ...] = ("mlp", "lenet"), blocks: tuple[int, ...] = (1, 4, 8, 16, 32, 64),
                   epochs: dict | None = None, limit: int | None = None) -> dict:
    """Accuracy and compression vs block size on MNIST (trains one run per model and k)."""
    from swm.train import TrainConfig, train  # noqa: PLC0415

    epochs = epochs or {"mlp": 5, "lenet": 3}
    rows = []
    for model in models:
        for k in tqdm(blocks, desc=f"accuracy sweep {model}", unit="run"):
            cfg = TrainConfig(dataset="mnist", model=model, block_size=k, epochs=epochs[model], limit=limit)
            m = train(cfg, out / "runs" / f"mnist-{model}-k{k}", force=True)
            rows.append({"model": model, "k": k, "test_accuracy": m["test_accuracy"], "params": m["params"],
                         "dense_params": m["dense_params"], "compression_ratio": m["compression_ratio"],
                         "epochs": m["epochs"], "train_seconds": m["train_seconds"]})
            out.mkdir(parents=True, exist_ok=True)  # partial results survive an interrupted sweep
            (out / "accuracy.partial.json").write_text(json.dumps({"rows": rows, "machine": machine()}, indent=2))
    targets = {"lenet": 0.990, "mlp_k16": 0.975}
    met = {}
    cnn = [r for r in rows if r["model"] == "lenet" and r["k"] > 1]
    if cnn:
        met["lenet_all_k_ge_99.0"] = all(r["test_accuracy"] >= targets["lenet"] for r in cnn)
    mlp16 = [r for r in rows if r["model"] == "mlp" and r["k"] == 16]
    if mlp16:
        met["mlp_k16_ge_97.5"] = mlp16[0]["test_accuracy"] >= targets["mlp_k16"]
    result = {"benchmark": "accuracy", "dataset": "mnist", "rows": rows, "targets_met": met, "machine": machine()}
    lines = ["| model | k | test accuracy (%) | params | dense params | compression | epochs | train time (s) |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['model']} | {r['k']} | {100 * r['test_accuracy']:.2f} | {r['params']} | {r['dense_params']} "
                     f"| {r['compression_ratio']:.1f}x | {r['epochs']} | {r['train_seconds']:.0f} |")
    lines.append("\nTargets: " + ", ".join(f"{k}: {'met' if v else 'NOT met'}" for k, v in met.items()) + "\n")
    _write(out, "accuracy", result, "\n".join(lines) + "\n")
    _plot_accuracy(out / "accuracy.png", rows)
    (out / "accuracy.partial.json").unlink(missing_ok=True)
    return result


def _plot_accuracy(path: Path, rows: list[dict]) -> None:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, ax = plt.subplots(figsize=(6, 4))
    for model in sorted({r["model"] for r in rows}):
        pts = sorted((r["compression_ratio"], 100 * r["test_accuracy"], r["k"]) for r in rows if r["model"] == model)
        ax.semilogx([p[0] for p in pts], [p[1] for p in pts], marker="o", label=model)
        for c, a, k in pts:
            ax.annotate(f"k={k}", (c, a), fontsize=7, textcoords="offset points", xytext=(3, 3))
    ax.set_xlabel("compression ratio (dense / stored parameters)")
    ax.set_ylabel("MNIST test accuracy (%)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def bench_sqnr(out: Path, trials: int = 100) -> dict:
    """SQNR of the integer datapath vs float64 for K in 4..64 at 16 and 12 bits (swm.sqnr)."""
    from swm import sqnr  # noqa: PLC0415

    result = sqnr.sqnr_table(trials=trials, seed=0)
    result["machine"] = machine()
    _write(out, "sqnr", result, sqnr.to_markdown(result))
    return result


def bench_qat(out: Path, epochs: int = 8, finetune_epochs: int = 2, weight_bits: tuple[int, ...] = (16, 12, 8)) -> dict:
    """Integer (golden) vs float accuracy of the MNIST MLP (k=16) at 16-bit, and QAT 12/8-bit weight variants."""
    from swm.export import eval_export, export_run  # noqa: PLC0415
    from swm.train import TrainConfig, train  # noqa: PLC0415

    runs = out / "runs"
    base = runs / "mnist-mlp-k16-float"
    fm = train(TrainConfig(model="mlp", block_size=16, epochs=epochs), base, force=True)
    rows = []
    for wb in tqdm(weight_bits, desc="weight widths", unit="width"):
        overrides = {} if wb == 16 else {"WW": wb}
        src = base
        if wb != 16:
            src = runs / f"mnist-mlp-k16-qat-w{wb}"
            train(TrainConfig(model="mlp", block_size=16, epochs=finetune_epochs, lr=3e-4, init=str(base),
                              qat={"act_bits": 16, "weight_bits": wb}), src, force=True)
        exp = out / "exports" / src.name
        export_run(src, exp, overrides=overrides, force=True)
        ev = eval_export(exp)
        rows.append({"weight_bits": wb, "qat": wb != 16, "float_accuracy": ev["float_accuracy"],
                     "int_accuracy": ev["int_accuracy"], "float_baseline": fm["test_accuracy"],
                     "gap_pp": 100 * (ev["float_accuracy"] - ev["int_accuracy"])})
    r16 = rows[0]
    result = {"benchmark": "qat", "dataset": "mnist", "model": "mlp", "block_size": 16, "rows": rows,
              "target": {"int_within_0.3pp_of_float_at_16bit": abs(r16["gap_pp"]) <= 0.3}, "machine": machine()}
    lines = ["| FFT-domain weight bits | training | float accuracy (%) | integer golden accuracy (%) | gap (pp) |",
             "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['weight_bits']} | {'QAT fine-tune' if r['qat'] else 'float'} | {100 * r['float_accuracy']:.2f} "
                     f"| {100 * r['int_accuracy']:.2f} | {r['gap_pp']:+.2f} |")
    lines.append(f"\nActivations 16-bit in every row. Target (16-bit integer within 0.3 pp of float): "
                 f"{'met' if result['target']['int_within_0.3pp_of_float_at_16bit'] else 'NOT met'}.\n")
    _write(out, "qat", result, "\n".join(lines) + "\n")
    return result


def bench_lstm(out: Path, blocks: tuple[int, ...] = (1, 2, 4, 8, 16), epochs: int = 30) -> dict:
    """Block-circulant LSTM on JapaneseVowels (speaker identification): accuracy vs block size, and for
    the block sizes the hardware takes (K >= 4) the exported 16-bit integer network's (golden model)."""
    from swm.export import eval_export, export_run  # noqa: PLC0415
    from swm.train import TrainConfig, train  # noqa: PLC0415

    rows = []
    for k in tqdm(blocks, desc="lstm sweep", unit="run"):
        run = out / "runs" / f"vowels-lstm-k{k}"
        m = train(TrainConfig(dataset="japanese-vowels", model="lstm", block_size=k, epochs=epochs), run, force=True)
        row = {"k": k, "test_accuracy": m["test_accuracy"], "params": m["params"],
               "dense_params": m["dense_params"], "compression_ratio": m["compression_ratio"],
               "epochs": epochs, "train_seconds": m["train_seconds"], "int_accuracy": None}
        if k >= 4:
            exp = out / "exports" / f"vowels-lstm-k{k}"
            export_run(run, exp, lanes=2, n_vectors=2, force=True)
            row["int_accuracy"] = eval_export(exp)["int_accuracy"]
        rows.append(row)
    gaps = [abs(r["int_accuracy"] - r["test_accuracy"]) for r in rows if r["int_accuracy"] is not None]
    result = {"benchmark": "lstm", "dataset": "japanese-vowels", "rows": rows, "machine": machine(),
              "target": {"int_within_1pp_of_float_at_16bit": bool(gaps) and max(gaps) <= 0.01}}
    lines = ["| k | float test accuracy (%) | 16-bit integer (%) | params | dense params | compression | epochs |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        ia = "-" if r["int_accuracy"] is None else f"{100 * r['int_accuracy']:.2f}"
        lines.append(f"| {r['k']} | {100 * r['test_accuracy']:.2f} | {ia} | {r['params']} | {r['dense_params']} "
                     f"| {r['compression_ratio']:.1f}x | {r['epochs']} |")
    lines.append("\nInteger: `swm export` (16-bit datapath, merged gate matrix, PWL sigmoid/tanh) and `swm eval --export` "
                 "on all 370 test sequences (k >= 4: the block sizes the RTL takes). Target (integer within 1 pp of "
                 f"float): {'met' if result['target']['int_within_1pp_of_float_at_16bit'] else 'NOT met'}.\n")
    _write(out, "lstm", result, "\n".join(lines) + "\n")
    return result


BENCHES = {"layers": bench_layers, "accuracy": bench_accuracy, "sqnr": bench_sqnr, "qat": bench_qat,
           "lstm": bench_lstm}


def main(argv: list[str] | None = None) -> int:
    """``python -m swm.bench [all|layers|accuracy ...] --out DIR``."""
    p = argparse.ArgumentParser(prog="python -m swm.bench", description=__doc__.splitlines()[0])
    p.add_argument("which", nargs="*", default=["all"], help=f"all or any of {sorted(BENCHES)}")
    p.add_argument("--out", default="build/bench")
    args = p.parse_args(argv)
    names = sorted(BENCHES) if "all" in args.which else args.which
    try:
        unknown = [n for n in names if n not in BENCHES]
        if unknown:
            raise SwmError(f"unknown benchmark(s) {unknown}: choose from all, {', '.join(sorted(BENCHES))}")
        for n in names:
            BENCHES[n](Path(args.out))
    except SwmError as exc:
        print(f"swm.bench: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
