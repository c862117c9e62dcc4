"""Network-accelerator benchmark: foldings of one export, the compiler's model against the RTL.

    python -m verif.swm_net.bench --export build/demo-mnist-mlp-k16 [--images 8] [--out build/bench]
        [--foldings smallest,largest] [--no-fpga]

For each folding (smallest: one lane per stage; the compiler's choice at a budget of 100
multipliers; LANES 8 with power-of-two ROWS (8,8x2,1); the compiler's choice at the LFE5U-85F's
156 MULT18X18D; with ``--dense-export``, the same choice for the MLP with a dense last layer)
the export is compiled, simulated stall-free on Verilator with real MNIST test images (every
class and stage output equal to the golden model) and the measured interval and latency are set
beside build.json's; then the FPGA open flow places and routes the folding's
system top (swm_accel) on the ECP5 LFE5U-85F with nextpnr's router2 (``--no-fpga`` skips it) for
its Fmax, resources and images/s at that Fmax. A place and route is reused when the build
directory holds one of the same sources, speed and router (its report names the command).
Writes ``net_foldings.json``, ``net_foldings.md`` and ``net_foldings.png``. For a convolutional
export (LeNet, LeNet-5, the CIFAR-10 CNNs) the foldings are the compiler's choices at 100 and at 156
multipliers, and at 110 and at 156 with up to four copies of a stage (replicated groups), written to
``<model>_foldings.{json,md,png}``; the images are the export's dataset's (MNIST or CIFAR-10).
An LSTM export (JapaneseVowels sequences) gets one lane per stage, the choice at 100 multipliers and
the choice at 52 (the block sizes compared at equal multipliers, ``verif.swm_net.lstm_k``), written to
``lstm-k<K>_foldings.{json,md,png}``. A folding that compiles to the LANES of one already measured
is not simulated or placed again: its row repeats that one's.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import sys
from pathlib import Path

from tqdm import tqdm

from swm.errors import SwmError

# (key, name, --lanes or budget:N, export: "main" = --export, "dense" = --dense-export)
FOLDINGS = [("smallest", "smallest", "1,1,1", "main"), ("balanced", "balanced (budget 100)", "budget:100", "main"),
            ("pow2", "LANES 8, power-of-two ROWS (148 multipliers)", "8,8x2,1", "main"),
            ("largest", "largest that fits the LFE5U-85F (budget 156 MULT18X18D)", "budget:156", "main"),
            ("dense156", "dense head (fc3 dense), largest that fits (budget 156)", "budget:156", "dense")]
# a convolutional export (LeNet): the compiler's choice at 100 multipliers and at the 156 MULT18X18D
CNN_FOLDINGS = [("balanced", "balanced (budget 100)", "budget:100", "main"),
                ("largest", "largest that fits the LFE5U-85F (budget 156 MULT18X18D)", "budget:156", "main"),
                # budget 110: the replicated folding that routes on the LFE5U-85F (at 156 router2 did not converge)
                ("copies", "up to 4 copies of a stage (budget 110, --max-copies 4)", "budget:110:4", "main"),
                ("copies156", "up to 4 copies of a stage, largest that fits (budget 156, --max-copies 4)",
                 "budget:156:4", "main")]
# an LSTM export (the zoo's lstm): one lane per stage, and the compiler's choice at 100 multipliers (the
# step is bound by the 4H pre-activations leaving the IFFT at one per clock from LANES 8 on)
LSTM_FOLDINGS = [("smallest", "smallest (one lane per stage)", "1,1", "main"),
                 ("balanced", "balanced (budget 100)", "budget:100", "main"),
                 # the block sizes compared at equal multipliers (python -m verif.swm_net.lstm_k): at k = 16 the
                 # same folding as balanced (LANES 8), at k = 8 LANES 2 x ROWS 5, at k = 4 LANES 2 x ROWS 6
                 ("equal52", "52 multipliers (budget 52)", "budget:52", "main")]
FPGA_SPEED = 6
FPGA_ROUTER = "router2"  # router1 does not finish a whole network in reasonable time
FPGA_PLACER = "static"   # nextpnr's electrostatic placer: the whole networks route with it (docs/results.md)


def _reusable(net: Path, out: Path) -> bool:
    """A finished place and route in `out` of the same sources, speed and router."""
    from swm import hwconfig
    from swm.fpga import file_params, flow_inputs

    rep = out / "report.json"
    if not rep.is_file():
        return False
    r = json.loads(rep.read_text())   # swm.fpga's report: speed, router and placer at its top level
    if (r.get("speed"), r.get("router"), r.get("placer", "heap")) != (FPGA_SPEED, FPGA_ROUTER, FPGA_PLACER):
        return False
    inputs = flow_inputs(hwconfig.load(str(net)), None)
    files = list(inputs.sources) + file_params(inputs)
    return all((out / f).is_file() and filecmp.cmp(inputs.origin(f), out / f, shallow=False) for f in files)


def lstm_tag(doc: dict) -> str:
    """An LSTM export's name in the bench's files: ``lstm-k<K>`` (one benchmark per block size)."""
    return f"{doc['model']}-k{doc['layers'][0]['block_size']}"


def fpga_row(net: Path, out: Path, interval: float) -> dict:
    """Place and route the compiled network's swm_accel on the ECP5; resources, Fmax, images/s at Fmax."""
    from swm.fpga import run_open

    try:
        if _reusable(net, out):
            rep = json.loads((out / "report.json").read_text())
        else:
            rep = run_open(str(net), speed=FPGA_SPEED, out=out, router=FPGA_ROUTER, placer=FPGA_PLACER,
                           command=f"make fpga CONFIG={net} SPEED={FPGA_SPEED} ROUTER={FPGA_ROUTER}"
                                   + (f" PLACER={FPGA_PLACER}" if FPGA_PLACER != "heap" else ""))
    except SwmError as e:  # e.g. more multipliers than the device has: recorded, not fatal
        return dict(fits=False, error=str(e))
    res, pnr = rep["pnr"]["resources"], rep["pnr"]
    return dict(fits=True, fmax_mhz=pnr["fmax_mhz"], images_per_s_at_fmax=pnr["fmax_mhz"] * 1e6 / interval,
                **{k: res[k]["used"] for k in ("LUT4", "TRELLIS_FF", "DP16KD", "MULT18X18D")},
                available={k: res[k]["available"] for k in ("LUT4", "TRELLIS_FF", "DP16KD", "MULT18X18D")},
                critical_path=f"{pnr['critical_path'].get('start', '?')} -> {pnr['critical_path'].get('end', '?')}",
                router=pnr.get("router"), report=str(out / "report.md"))


def run(export: Path, out: Path, images: int, sim: str = "verilator", fpga: bool = True,
        keys: list[str] | None = None, dense_export: Path | None = None) -> dict:
    """Compile and simulate every folding (or those named in `keys`; the dense-head one only with
    `dense_export`); returns the result written to net_foldings.json."""
    from swm.compile import compile_network, fold_text
    from verif.swm_net.run_net import run_net

    from swm.export_cnn import CNN_TYPES

    rows = []
    if not (Path(export) / "network.json").is_file():
        raise SwmError(f"no network.json in {export}: export a trained run first (swm export --run RUN --out {export})")
    doc = json.loads((Path(export) / "network.json").read_text())
    seq = doc["layers"][0]["type"] == "lstm"
    cnn = seq or any(d["type"] in CNN_TYPES for d in doc["layers"])   # (named per model, as the CNNs)
    foldings = LSTM_FOLDINGS if seq else CNN_FOLDINGS if cnn else FOLDINGS
    unknown = sorted(set(keys or []) - {f[0] for f in foldings})
    if unknown:
        raise SwmError(f"--foldings {','.join(unknown)}: unknown; use some of {','.join(f[0] for f in foldings)}")
    dense_keys = [f[0] for f in foldings if f[3] == "dense" and keys and f[0] in keys]
    if dense_keys and dense_export is None:
        raise SwmError(f"--foldings {','.join(dense_keys)} needs --dense-export DIR (an export trained with "
                       "--dense-layers fc3)")
    todo = [f for f in foldings if (not keys or f[0] in keys) and (f[3] == "main" or dense_export is not None)]
    out.mkdir(parents=True, exist_ok=True)
    if dense_export is None and not keys and not cnn:
        print("bench: the dense-head folding is skipped (no --dense-export)", file=sys.stderr)
    tag = lstm_tag(doc) if seq else doc["model"]
    for key, name, spec, src in tqdm(todo, desc="network foldings", unit="folding"):
        net = out / "nets" / (f"{tag}-{key}" if cnn else key)
        exp = export if src == "main" else Path(dense_export)
        if spec.startswith("budget:"):
            parts = spec.split(":")   # budget:N or budget:N:max-copies
            b = compile_network(exp, net, budget=int(parts[1]), max_copies=int(parts[2]) if len(parts) > 2 else 1)
        else:
            b = compile_network(exp, net, lanes=spec.split(","))
        lanes = [fold_text(s["lanes"], s["rows"], copies=s["copies"]) for s in b["stages"]]
        same = next((r for r in rows if r["lanes"] == lanes and r["export"] == str(exp)), None)
        if same is not None:   # e.g. an LSTM's budget-52 folding is its balanced one at k = 16: measured once
            rows.append({**same, "key": key, "folding": name, "same_as": same["folding"]})
            continue
        r = run_net(net, sim, images=images)
        pl = b["pipeline"]
        rows.append(dict(key=key, folding=name, export=str(exp), lanes=lanes,
                         stage_intervals=[s["interval"] for s in b["stages"]], mults=b["mults_total"],
                         model_interval=r["model_interval"] if seq else pl["interval_cycles"],
                         measured_interval=r["interval_cycles"],
                         model_latency=f"{pl['latency_cycles']} (longest)" if seq else pl["latency_cycles"],
                         measured_latency=r["latency_cycles"],
                         images_per_s_100mhz=1e8 / r["interval_cycles"], images=r["images"],
                         classes_equal_golden=True, rtl_accuracy=r["rtl_accuracy"], golden_accuracy=r["golden_accuracy"],
                         stage_types=[s["type"] for s in b["stages"]],
                         model_busy_share=[s["interval"] / pl["interval_cycles"] for s in b["stages"]],
                         **{k: r[k] for k in ("stage_busy_share", "stage_in_stall_share", "stage_out_stall_share")},
                         fpga=fpga_row(net, out / "fpga" / net.name, r["interval_cycles"]) if fpga else None,
                         float_accuracy=doc["float_accuracy"],
                         **({"lengths": r["lengths"], "step_cycles": _step_cycles(b)} if seq else {})))
    return {"benchmark": f"{tag}_foldings" if cnn else "net_foldings", "export": str(export),
            "unit": "sequences" if seq else "images",
            **({"lstm": {k: doc["layers"][0][k] for k in ("n_x", "hidden", "block_size")}} if seq else {}),
            "model": doc["model"], "dense_export": str(dense_export) if dense_export else None,
            "simulator": sim, "rows": rows,
            "fpga_target": (f"ECP5 LFE5U-85F CABGA756 speed {FPGA_SPEED} (yowasp nextpnr-ecp5, {FPGA_ROUTER})"
                            if fpga else None),
            "machine": {"machine": platform.machine(), "cpus": os.cpu_count(), "python": platform.python_version()}}


# published accelerators of LSTM inference, for a different network (a speech-recognition LSTM on TIMIT),
# quoted as their papers give them: never measured here
ESE_PUBLISHED = "ESE (Han et al., FPGA 2017): Xilinx KU060, 200 MHz, 282 GOPS, 41 W"
CLSTM_PUBLISHED = ("C-LSTM (Wang et al., FPGA 2018; block-circulant, FFT-based, 16-bit): 18.8x ESE's performance "
                   "and 33.5x its energy efficiency (Ding et al.'s structured-matrices paper quotes up to 21x and 33.5x)")


def lstm_dense_equivalent_ops(n_x: int, hidden: int) -> int:
    """Operations of one LSTM step's gate matrix as a dense product, 2 per multiply-accumulate:
    2 * 4H * (n_x + H) (how the LSTM accelerator papers count equivalent operations)."""
    return 2 * 4 * hidden * (n_x + hidden)


def lstm_published_md(res: dict) -> str:
    """Per-step latency and dense-equivalent GOPS at the routed Fmax, beside ESE and C-LSTM (published)."""
    sh = res["lstm"]
    ops = lstm_dense_equivalent_ops(sh["n_x"], sh["hidden"])
    lines = ["", f"Per time step at the routed Fmax, and the gate matrix's dense-equivalent operations per second "
             f"({ops:,} per step: `2 * 4H * (n_x + H)`, n_x = {sh['n_x']}, H = {sh['hidden']}, k = "
             f"{sh['block_size']}):", "", "| folding | cycles per step | step at Fmax | dense-equivalent GOPS at Fmax |",
             "|---|---|---|---|"]
    for r in res["rows"]:
        f = r["fpga"]
        if f and f["fits"]:
            lines.append(f"| {r['folding']} | {r['step_cycles']} | {r['step_cycles'] / f['fmax_mhz']:.2f} us | "
                         f"{ops * f['fmax_mhz'] * 1e6 / r['step_cycles'] / 1e9:.2f} |")
    lines += ["", f"Published, for a different network and device (not measured here): {ESE_PUBLISHED}; "
              f"{CLSTM_PUBLISHED}.", ""]
    return "\n".join(lines) + "\n"


def _step_cycles(b: dict) -> int:
    """An LSTM network's cycles per time step (swm.perf.lstm_step_cycles of its first stage)."""
    from swm import perf
    from swm.compile import lstm_stage_args

    return perf.lstm_step_cycles(*lstm_stage_args(b["stages"][0]))


def write(res: dict, out: Path) -> str:
    """JSON, Markdown table and a PNG of stage intervals per folding; returns the table."""
    name = res["benchmark"]
    unit = res.get("unit", "images")
    (out / f"{name}.json").write_text(json.dumps(res, indent=2) + "\n")
    lines = ["| folding | LANES (xROWS) per stage | stage intervals (model) | multipliers (model) | interval measured / model | "
             f"latency measured / model | {unit}/s at 100 MHz |", "|---|---|---|---|---|---|---|"]
    for r in res["rows"]:
        lines.append(f"| {r['folding']} | {','.join(map(str, r['lanes']))} | {', '.join(map(str, r['stage_intervals']))} | "
                     f"{r['mults']} | {r['measured_interval']:.0f} / {r['model_interval']:.0f} | "
                     f"{r['measured_latency']} / {r['model_latency']} | {r['images_per_s_100mhz']:,.0f} |")
    table = "\n".join(lines) + "\n"
    if res.get("fpga_target"):
        lines = ["", f"FPGA place and route: {res['fpga_target']}.", "",
                 f"| folding | Fmax | {unit}/s at Fmax | latency at Fmax | LUT4 | FF | DP16KD (EBR) | MULT18X18D |",
                 "|---|---|---|---|---|---|---|---|"]
        for r in res["rows"]:
            f = r["fpga"]
            if not f["fits"]:
                lines.append(f"| {r['folding']} | does not fit: {f['error']} | | | | | | |")
                continue
            av = f["available"]
            lines.append(f"| {r['folding']} | {f['fmax_mhz']:.2f} MHz | {f['images_per_s_at_fmax']:,.0f} | "
                         f"{r['measured_latency'] / f['fmax_mhz']:.1f} us | {f['LUT4']} / {av['LUT4']} | "
                         f"{f['TRELLIS_FF']} / {av['TRELLIS_FF']} | {f['DP16KD']} / {av['DP16KD']} | "
                         f"{f['MULT18X18D']} / {av['MULT18X18D']} |")
        table += "\n".join(lines) + "\n"
    lines = ["", "Share of the cycles (first input to last class, RTL) each stage is busy, waiting for input "
             "and blocked at its output, beside the model's (its interval over the pipeline's):", "",
             "| folding | stage | type | busy (RTL) | input-starved | output-blocked | model |", "|---|---|---|---|---|---|---|"]
    for r in res["rows"]:
        for i, t in enumerate(r["stage_types"]):
            lines.append(f"| {r['folding'] if i == 0 else ''} | {i} | {t} | {100 * r['stage_busy_share'][i]:.0f} % | "
                         f"{100 * r['stage_in_stall_share'][i]:.0f} % | {100 * r['stage_out_stall_share'][i]:.0f} % | "
                         f"{100 * r['model_busy_share'][i]:.0f} % |")
    table += "\n".join(lines) + "\n"
    if unit == "sequences" and res.get("fpga_target"):
        table += lstm_published_md(res)
    if unit == "sequences":
        r0 = res["rows"][0]
        table += (f"\nAn image is a sequence: the measured interval is the mean over sequences 1..n-1 of their own lengths "
                  f"(mean {sum(r0['lengths'][1:]) / max(len(r0['lengths']) - 1, 1):.1f} steps), the model's at those "
                  "lengths; build.json's interval is for the longest sequence. Cycles per step: "
                  + ", ".join(f"{r['folding']} {r['step_cycles']}" for r in res["rows"]) + ".\n")
    model = res["model"] + (f" (k = {res['lstm']['block_size']})" if "lstm" in res else "")
    (out / f"{name}.md").write_text(f"# Network foldings of {model} ({res['simulator']}, "
                                    f"{res['rows'][0]['images']} {unit} each)\n\n" + table)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    for r in res["rows"]:
        ax.plot(range(len(r["stage_intervals"])), r["stage_intervals"], marker="o",
                label=f"{r['folding']} (LANES {','.join(map(str, r['lanes']))})")
    ax.set_xlabel("stage")
    ax.set_ylabel("interval (cycles / image)")
    ax.set_yscale("log")
    ax.set_xticks(range(len(res["rows"][0]["stage_intervals"])))
    ax.legend(fontsize=7)
    ax.set_title("Stage intervals per folding (the slowest sets the throughput)")
    fig.tight_layout()
    fig.savefig(out / f"{name}.png", dpi=120)
    plt.close(fig)
    return table


def main(argv: list[str] | None = None) -> int:
    """CLI: run the foldings and print the table."""
    ap = argparse.ArgumentParser(prog="python -m verif.swm_net.bench", description=__doc__.splitlines()[0])
    ap.add_argument("--export", required=True, help="export directory (swm export)")
    ap.add_argument("--images", type=int, default=8)
    ap.add_argument("--sim", default="verilator", choices=("icarus", "verilator"))
    ap.add_argument("--out", default="build/bench")
    ap.add_argument("--no-fpga", action="store_true", help="skip place and route (cycles only)")
    ap.add_argument("--dense-export", default=None, help="an export of the same MLP with its last layer dense "
                    "(swm train --dense-layers fc3): adds the dense-head folding")
    ap.add_argument("--foldings", default="", help="comma-separated subset of: " + ",".join(f[0] for f in FOLDINGS)
                    + " (a convolutional export: " + ",".join(f[0] for f in CNN_FOLDINGS) + ")")
    a = ap.parse_args(argv)
    out = Path(a.out)
    try:
        res = run(Path(a.export), out, a.images, a.sim, fpga=not a.no_fpga,
                  keys=[k for k in a.foldings.split(",") if k] or None,
                  dense_export=Path(a.dense_export) if a.dense_export else None)
    except SwmError as e:
        print(f"bench: error: {e}", file=sys.stderr)
        return 2
    print(write(res, out), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
