"""The block-circulant LSTM at k = 4, 8, 16 with equal multipliers: accuracy, ECP5 and OSU 0.18 um.

    python -m verif.swm_net.lstm_k [--bench build/bench] [--ks 4,8,16]

Collects what ``make bench`` measured for each block size's 52-multiplier folding (the
``equal52`` row of ``verif.swm_net.bench``'s ``lstm-k<K>_foldings.json``: its test sequences on
Verilator, every class equal to the golden model, and its ECP5 place and route) and the open ASIC
flow of the same compiled network (``python -m asic.flow --config <bench>/nets/lstm-k<K>-equal52
--mem macro --vectors 2 --out <bench>/asic/lstm-k<K>-equal52``: area, pre-layout Fmax and the power
from the RTL's activity), beside the export's accuracies (float, and the integer golden model on all
370 test sequences: ``swm eval --export``). Per-step and per-sequence energy: the flow's power at
its clock times the cycles of a step (the model's, which the RTL equals) and of the test set's mean
sequence. Writes ``lstm_k.json``, ``lstm_k.md`` and ``lstm_k.png`` into the bench directory.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from swm.errors import SwmError

KEY = "equal52"


def test_mean_steps() -> float:
    """Mean length (time steps) of the JapaneseVowels test sequences."""
    from swm import data as swm_data

    test = swm_data.load_dataset("japanese-vowels", "test")
    _, lens = swm_data.pad_sequences(test.x)
    return float(sum(int(v) for v in lens) / len(lens))


def _load(path: Path, fix: str) -> dict:
    if not path.is_file():
        raise SwmError(f"{path} is missing: {fix}")
    return json.loads(path.read_text())


def collect(bench: Path, ks: list[int]) -> dict:
    """One row per block size from the bench's JSON files and the ASIC reports."""
    mean_steps = test_mean_steps()
    rows = []
    for k in ks:
        res = _load(bench / f"lstm-k{k}_foldings.json",
                    f"run python -m verif.swm_net.bench --export build/lstm-k{k} --images 40 --foldings {KEY} "
                    f"--out {bench}")
        row = next((r for r in res["rows"] if r.get("key") == KEY), None)
        if row is None:
            raise SwmError(f"{bench}/lstm-k{k}_foldings.json has no {KEY} row: rerun the bench with --foldings {KEY}")
        ev = _load(Path(res["export"]) / "eval.json", f"run swm eval --export {res['export']}")
        f = row["fpga"] or {}
        net = f"lstm-k{k}-{KEY}"
        asic_rep = bench / "asic" / net / "report.json"
        a = json.loads(asic_rep.read_text()) if asic_rep.is_file() else None
        step = row["step_cycles"]
        st = _load(bench / "nets" / net / "build.json", f"run the bench for k = {k} (its compiled network)")["stages"][0]
        r = dict(k=k, lanes=row["lanes"], mults=row["mults"], step_cycles=step, sequences=row["images"],
                 lstm_weight_bits=st["weight_bits"] + st["bias_bits"],
                 interval_measured=row["measured_interval"], interval_model=row["model_interval"],
                 float_accuracy=ev["float_accuracy"], int_accuracy=ev["int_accuracy"],
                 rtl_accuracy=row["rtl_accuracy"], golden_accuracy=row.get("golden_accuracy"),
                 fpga=None, asic=None)
        if f.get("fits"):
            r["fpga"] = dict(fmax_mhz=f["fmax_mhz"], sequences_per_s=f["images_per_s_at_fmax"],
                             step_us=step / f["fmax_mhz"], **{x: f[x] for x in ("LUT4", "TRELLIS_FF", "DP16KD",
                                                                                 "MULT18X18D")},
                             critical_path=f.get("critical_path"))
        if a is not None:
            clock_mhz, p = a["clock_mhz"], a["power"]
            step_uj = p["total_w"] * step / clock_mhz   # W x cycles / MHz = uJ
            r["asic"] = dict(area_mm2=a["area"]["total_um2"] / 1e6, cells=a["area"]["cells"],
                             flops=a["area"]["flops"], fmax_mhz=a["timing"]["fmax_mhz"], clock_mhz=clock_mhz,
                             power_w=p["total_w"], activity=a["activity"]["source"], step_uj=step_uj,
                             sequence_uj=step_uj * mean_steps, report=str(asic_rep.with_suffix(".md")))
        rows.append(r)
    return dict(benchmark="lstm_k", bench=str(bench), folding=KEY, test_mean_steps=mean_steps, rows=rows)


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.2f}"


def write(res: dict, out: Path) -> str:
    """lstm_k.json, lstm_k.md (returned) and lstm_k.png."""
    (out / "lstm_k.json").write_text(json.dumps(res, indent=2) + "\n")
    lines = ["| k | LSTM weight + bias bits | LANES (xROWS) | multipliers | cycles per step | interval measured / model | float (%) | "
             "integer, 370 sequences (%) | RTL = golden on the measured sequences (%) | ECP5 Fmax | sequences/s at Fmax | "
             "step at Fmax | LUT4 | FF | DP16KD | OSU 0.18 um area | pre-layout Fmax | power (clock) | energy per step | "
             f"per mean test sequence ({res['test_mean_steps']:.2f} steps) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in res["rows"]:
        f, a = r["fpga"], r["asic"]
        fp = (f"{f['fmax_mhz']:.2f} MHz | {f['sequences_per_s']:,.0f} | {f['step_us']:.1f} us | {f['LUT4']} | "
              f"{f['TRELLIS_FF']} | {f['DP16KD']}" if f else "not routed | | | | |")
        ap = (f"{a['area_mm2']:.2f} mm2 | {a['fmax_mhz']:.1f} MHz | {1e3 * a['power_w']:.0f} mW ({a['clock_mhz']:.0f} MHz) | "
              f"{a['step_uj']:.2f} uJ | {a['sequence_uj']:.0f} uJ" if a else "not run | | | |")
        lines.append(f"| {r['k']} | {r['lstm_weight_bits']:,} | {','.join(map(str, r['lanes']))} | {r['mults']} | {r['step_cycles']} | "
                     f"{r['interval_measured']:.0f} / {r['interval_model']:.0f} | {_pct(r['float_accuracy'])} | "
                     f"{_pct(r['int_accuracy'])} | {_pct(r['rtl_accuracy'])} ({r['sequences']}) | {fp} | {ap} |")
    table = "\n".join(lines) + "\n"
    (out / "lstm_k.md").write_text("# Block-circulant LSTM (JapaneseVowels, H = 128) at equal multipliers, by k\n\n"
                                   + table)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in res["rows"] if r["fpga"]]
    fig, ax = plt.subplots(1, 2, figsize=(8, 3.2))
    ax[0].bar([str(r["k"]) for r in rows], [r["fpga"]["sequences_per_s"] for r in rows], color="tab:blue")
    ax[0].set_xlabel("block size k")
    ax[0].set_ylabel("sequences/s (ECP5, routed Fmax)")
    arows = [r for r in res["rows"] if r["asic"]]
    ax[1].bar([str(r["k"]) for r in arows], [r["asic"]["step_uj"] for r in arows], color="tab:orange")
    ax[1].set_xlabel("block size k")
    ax[1].set_ylabel("uJ per step (OSU 0.18 um)")
    fig.suptitle("LSTM at 52 multipliers: throughput and energy by block size", fontsize=9)
    fig.tight_layout()
    fig.savefig(out / "lstm_k.png", dpi=120)
    plt.close(fig)
    return table


def main(argv: list[str] | None = None) -> int:
    """CLI: collect and print the table."""
    ap = argparse.ArgumentParser(prog="python -m verif.swm_net.lstm_k", description=__doc__.splitlines()[0])
    ap.add_argument("--bench", default="build/bench", help="the bench directory (make bench's build/bench)")
    ap.add_argument("--ks", default="4,8,16", help="block sizes, separated by commas or spaces")
    a = ap.parse_args(argv)
    try:
        ks = [int(v) for v in a.ks.replace(",", " ").split()]
    except ValueError:
        print(f"lstm_k: error: --ks {a.ks}: give block sizes as integers, e.g. 4,8,16", file=sys.stderr)
        return 2
    try:
        res = collect(Path(a.bench), ks)
    except SwmError as e:
        print(f"lstm_k: error: {e}", file=sys.stderr)
        return 2
    print(write(res, Path(a.bench)), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
