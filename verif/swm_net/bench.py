"""Network-accelerator benchmark: foldings of one export, the compiler's model against the RTL.

    python -m verif.swm_net.bench --export build/demo-mnist-mlp-k16 [--images 8] [--out build/bench]

For each folding (smallest: one lane per stage; the default budget's balanced one; K/2 lanes on
every stage; two block rows at once (ROWS = 2) on the two 64-block-row stages at K/2 lanes) the export is
compiled, simulated stall-free on Verilator with real MNIST test images (every class and stage
output equal to the golden model) and the measured interval and latency are set beside
build.json's; then the FPGA open flow places and routes the folding's system top (swm_accel) on
the ECP5 LFE5U-85F (``--no-fpga`` skips it) for its Fmax, resources and images/s at that Fmax.
Writes ``net_foldings.json``, ``net_foldings.md`` and ``net_foldings.png``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

from tqdm import tqdm

from swm.errors import SwmError

# (key, name, --lanes or budget:N)
FOLDINGS = [("smallest", "smallest", "1,1,1"), ("balanced", "balanced (budget 100)", "budget:100"),
            ("largest", "largest that fits the LFE5U-85F (148 of 156 MULT18X18D)", "8,8x2,1"),
            ("rows", "two block rows at once in both big stages (180 multipliers)", "8x2,8x2,1")]
FPGA_SPEED = 6


def fpga_row(net: Path, out: Path, interval: float) -> dict:
    """Place and route the compiled network's swm_accel on the ECP5; resources, Fmax, images/s at Fmax."""
    from swm.fpga import run_open

    try:
        rep = run_open(str(net), speed=FPGA_SPEED, out=out, command=f"make fpga CONFIG={net} SPEED={FPGA_SPEED}")
    except SwmError as e:  # e.g. more multipliers than the device has: recorded, not fatal
        return dict(fits=False, error=str(e))
    res, pnr = rep["pnr"]["resources"], rep["pnr"]
    return dict(fits=True, fmax_mhz=pnr["fmax_mhz"], images_per_s_at_fmax=pnr["fmax_mhz"] * 1e6 / interval,
                **{k: res[k]["used"] for k in ("LUT4", "TRELLIS_FF", "DP16KD", "MULT18X18D")},
                available={k: res[k]["available"] for k in ("LUT4", "TRELLIS_FF", "DP16KD", "MULT18X18D")},
                critical_path=f"{pnr['critical_path'].get('start', '?')} -> {pnr['critical_path'].get('end', '?')}",
                report=str(out / "report.md"))


def run(export: Path, out: Path, images: int, sim: str = "verilator", fpga: bool = True) -> dict:
    """Compile and simulate every folding; returns the result written to net_foldings.json."""
    from swm.compile import compile_network, fold_text
    from verif.swm_net.run_net import run_net

    rows = []
    for key, name, spec in tqdm(FOLDINGS, desc="network foldings", unit="folding"):
        net = out / "nets" / key
        if spec.startswith("budget:"):
            b = compile_network(export, net, budget=int(spec.split(":")[1]))
        else:
            b = compile_network(export, net, lanes=spec.split(","))
        r = run_net(net, sim, images=images)
        pl = b["pipeline"]
        rows.append(dict(folding=name, lanes=[fold_text(s["lanes"], s["rows"]) for s in b["stages"]],
                         stage_intervals=[s["interval"] for s in b["stages"]], mults=b["mults_total"],
                         model_interval=pl["interval_cycles"], measured_interval=r["interval_cycles"],
                         model_latency=pl["latency_cycles"], measured_latency=r["latency_cycles"],
                         images_per_s_100mhz=1e8 / r["interval_cycles"], images=r["images"],
                         classes_equal_golden=True, rtl_accuracy=r["rtl_accuracy"],
                         fpga=fpga_row(net, out / "fpga" / key, r["interval_cycles"]) if fpga else None))
    return {"benchmark": "net_foldings", "export": str(export), "simulator": sim, "rows": rows,
            "fpga_target": f"ECP5 LFE5U-85F CABGA756 speed {FPGA_SPEED} (yowasp nextpnr-ecp5)" if fpga else None,
            "machine": {"machine": platform.machine(), "cpus": os.cpu_count(), "python": platform.python_version()}}


def write(res: dict, out: Path) -> str:
    """JSON, Markdown table and a PNG of stage intervals per folding; returns the table."""
    (out / "net_foldings.json").write_text(json.dumps(res, indent=2) + "\n")
    lines = ["| folding | LANES (xROWS) per stage | stage intervals (model) | multipliers (model) | interval measured / model | "
             "latency measured / model | images/s at 100 MHz |", "|---|---|---|---|---|---|---|"]
    for r in res["rows"]:
        lines.append(f"| {r['folding']} | {','.join(map(str, r['lanes']))} | {', '.join(map(str, r['stage_intervals']))} | "
                     f"{r['mults']} | {r['measured_interval']:.0f} / {r['model_interval']} | "
                     f"{r['measured_latency']} / {r['model_latency']} | {r['images_per_s_100mhz']:,.0f} |")
    table = "\n".join(lines) + "\n"
    if res.get("fpga_target"):
        lines = ["", f"FPGA place and route: {res['fpga_target']}.", "",
                 "| folding | Fmax | images/s at Fmax | latency at Fmax | LUT4 | FF | DP16KD (EBR) | MULT18X18D |",
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
    (out / "net_foldings.md").write_text(f"# Network foldings ({res['simulator']}, {res['rows'][0]['images']} images each)\n\n"
                                         + table)
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
    fig.savefig(out / "net_foldings.png", dpi=120)
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
    a = ap.parse_args(argv)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        res = run(Path(a.export), out, a.images, a.sim, fpga=not a.no_fpga)
    except SwmError as e:
        print(f"bench: error: {e}", file=sys.stderr)
        return 2
    print(write(res, out), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
