"""Run a compiled network (``swm compile``) on the RTL: real test images of its dataset in, class indices out.

The pytest tests and ``make demo`` call :func:`run_net`: it takes the first ``n`` images of the
export's dataset test split, quantises them exactly as ``swm eval --export`` does, computes the
golden classes (``swm.export.run_integer`` + ``swm.golden.argmax_int`` over the last layer's
classes), simulates ``swm_net`` (verif/swm_net/tb_net.py) and compares every class.

    python -m verif.swm_net.run_net --net build/net/mlp16 [--sim verilator] [--images 20]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from swm.errors import SwmError
from verif.common.sim import read_filelist, run_cocotb

ROOT = Path(__file__).resolve().parents[2]

TOP = "swm_net"
TEST_MODULE = "verif.swm_net.tb_net"


def golden_images(net: Path, n: int, offset: int = 0) -> dict:
    """The first ``n`` test images (from ``offset``) quantised, their labels and golden classes."""
    from swm import data as swm_data
    from swm import golden
    from swm.export import load_export, run_integer
    from swm.export_cnn import _stream
    from swm.fixed import quantize

    build = json.loads((net / "build.json").read_text())
    doc, layers = load_export(Path(build["export"]))
    inp = doc["input"]
    test = swm_data.load_dataset(doc["dataset"], "test", limit=offset + n, standardize=bool(inp.get("standardize")))
    if layers[0].type == "lstm":  # sequences: each sent as its valid steps, time-major
        xs, lens = swm_data.pad_sequences(test.x[offset:offset + n])
        if xs.shape[2] != layers[0].lp.n_x:
            raise SwmError(f"dataset {doc['dataset']} gives {xs.shape[2]} features per step but the compiled network "
                           f"takes {layers[0].lp.n_x}: compile an export of a model trained on this dataset")
        xq = quantize(xs.astype(np.float64), inp["frac"], inp["width"])
        y, per_layer = run_integer(layers, xq, keep=True, lengths=lens)
        return dict(dataset=doc["dataset"], x=[xq[i, :lens[i]].reshape(-1).astype(int).tolist() for i in range(len(xq))],
                    lengths=[int(v) for v in lens], labels=[int(v) for v in test.y[offset:offset + n]],
                    classes=[int(c) for c in golden.argmax_int(y)], float_accuracy=doc["float_accuracy"],
                    stage_out=[o.astype(int).tolist() for o in per_layer])
    x = _stream(np.asarray(test.x)).astype(np.float64)[offset:offset + n]   # images in HWC stream order
    if x.shape[1] != layers[0].in_features:
        raise SwmError(f"dataset {doc['dataset']} gives {x.shape[1]} samples per image but the compiled network takes "
                       f"{layers[0].in_features}: compile an export of a model trained on this dataset")
    xq = quantize(x, inp["frac"], inp["width"])
    y, per_layer = run_integer(layers, xq, keep=True)
    classes = golden.argmax_int(y)
    samples = build["input"]["samples"]
    xq = np.pad(xq, [(0, 0), (0, samples - xq.shape[1])])
    return dict(dataset=doc["dataset"], x=xq.astype(int).tolist(), labels=[int(v) for v in test.y[offset:offset + n]],
                classes=[int(c) for c in classes], float_accuracy=doc["float_accuracy"],
                stage_out=[o.astype(int).tolist() for o in per_layer])


def write_stimulus(net: Path, build: dict, gold: dict, path: Path, pauses: bool = False) -> Path:
    """The testbenches' input ($SWM_NET_STIM): build.json, the network directory, golden images and classes."""
    path.write_text(json.dumps(dict(gold, build=build, net=str(net), pauses=pauses)))
    return path


def run_net(net: Path, sim: str = "icarus", images: int = 4, pauses: bool = False, case: str | None = None,
            vcd: Path | None = None) -> dict:
    """Simulate ``images`` images through the compiled network ``net``; returns the testbench's result.

    ``vcd`` (Verilator): a VCD of every signal of swm_net is written there (asic/rtl_activity.py)."""
    net = Path(net).resolve()
    if not (net / "build.json").is_file():
        raise SwmError(f"no build.json in {net}: compile the network with `swm compile --export DIR --out {net}`")
    if images < 1:
        raise SwmError(f"--images {images}: need at least one image")
    build = json.loads((net / "build.json").read_text())
    work = net / "rtl"
    work.mkdir(exist_ok=True)
    gold = golden_images(net, images)
    stim = write_stimulus(net, build, gold, work / f"stimulus-{sim}.json", pauses)
    out = work / f"result-{sim}.json"
    out.unlink(missing_ok=True)
    run_cocotb(TOP, read_filelist(net / f"{TOP}.f"), TEST_MODULE, build["net_params"], sim, case or f"{net.name}-{images}",
               extra_env={"SWM_NET_STIM": str(stim), "SWM_NET_RESULT": str(out)}, vcd=vcd)
    res = json.loads(out.read_text())
    res["rtl_accuracy"] = float(np.mean(np.array(res["classes"]) == np.array(gold["labels"])))
    res["golden_accuracy"] = float(np.mean(np.array(gold["classes"]) == np.array(gold["labels"])))
    res["float_accuracy_full_test_set"] = gold["float_accuracy"]
    res["clock_mhz"] = build["clock_mhz"]
    res["dataset"] = gold["dataset"]
    res["labels"] = gold["labels"]
    if "lengths" in gold:  # sequences: the model at each sequence's own length (build.json's is at max_len)
        res["lengths"] = gold["lengths"]
        res["unit"] = "sequences"
        # the interval between results: sequences 1..n-1 (the first one's cost is its latency)
        res["model_interval"] = sequence_model_interval(build, gold["lengths"][1:])
    return res


def sequence_model_interval(build: dict, lengths: list[int]) -> float:
    """Mean cycles per sequence of these lengths by the model, back to back: each sequence costs the
    LSTM stage its steps (swm.perf.lstm_sequence_cycles), the other stages their fixed intervals."""
    from swm import perf
    from swm.compile import lstm_stage_args

    args = lstm_stage_args(build["stages"][0])
    others = max([s["interval"] for s in build["stages"][1:]], default=0)
    per = [max(perf.lstm_sequence_cycles(n, *args), others) for n in lengths]
    return float(np.mean(per)) if per else float("nan")


def fpga_fmax(net: Path) -> tuple[float, Path] | None:
    """(P&R Fmax in MHz, report) of this compiled network from `make fpga CONFIG=<net>`, if it was run.

    The report must be of this directory and newer than its build.json (else it is of another folding).
    """
    from swm.fpga import BUILD as FPGA_BUILD
    from swm.hwconfig import net_name

    net = Path(net).resolve()
    rep = FPGA_BUILD / net_name(net) / "report.json"
    if not rep.is_file() or rep.stat().st_mtime < (net / "build.json").stat().st_mtime:
        return None
    r = json.loads(rep.read_text())
    if r.get("config", {}).get("network") != str(net):
        return None
    return float(r["pnr"]["fmax_mhz"]), rep


def main(argv: list[str] | None = None) -> int:
    """CLI: one summary line; exit 0 when every class equals the golden model's."""
    ap = argparse.ArgumentParser(prog="python -m verif.swm_net.run_net", description=__doc__.splitlines()[0])
    ap.add_argument("--net", required=True, help="directory written by `swm compile`")
    ap.add_argument("--sim", default="icarus", choices=("icarus", "verilator"))
    ap.add_argument("--images", type=int, default=4)
    args = ap.parse_args(argv)
    try:
        r = run_net(Path(args.net), args.sim, args.images)
    except SwmError as exc:
        print(f"run_net: error: {exc}", file=sys.stderr)
        return 2
    except AssertionError as exc:
        print(f"run_net: RTL run failed: {exc}", file=sys.stderr)
        return 1
    unit = r.get("unit", "images")
    print(f"network on {args.sim}: {r['images']} {r['dataset']} test {unit}, every class equal to the golden model; "
          f"accuracy RTL {100 * r['rtl_accuracy']:.1f} % = golden {100 * r['golden_accuracy']:.1f} % on these {unit} "
          f"(float {100 * r['float_accuracy_full_test_set']:.2f} % on the full test set); "
          f"{r['interval_cycles']:.0f} cycles per {unit[:-1]} measured (model {r['model_interval']:.0f}), "
          f"latency {r['latency_cycles']} cycles; " + _rate(Path(args.net), r).replace("images/s", f"{unit}/s"))
    return 0


def _rate(net: Path, r: dict) -> str:
    """Images/s at the FPGA flow's measured Fmax when it ran on this network, else at the compile clock."""
    fm = fpga_fmax(net)
    if fm is None:
        return (f"{r['clock_mhz'] * 1e6 / r['interval_cycles']:,.0f} images/s at {r['clock_mhz']:g} MHz (the compile "
                f"clock; `make fpga CONFIG={net}` measures the Fmax)")
    fmax, rep = fm
    return (f"{fmax * 1e6 / r['interval_cycles']:,.0f} images/s at the ECP5 P&R Fmax {fmax:.2f} MHz "
            f"({rep.relative_to(ROOT) if rep.is_relative_to(ROOT) else rep})")


if __name__ == "__main__":
    sys.exit(main())
