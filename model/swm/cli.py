"""Command-line interface: ``swm train | eval | export | rom`` (also ``python -m swm``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from swm.errors import SwmError
from swm.limits import check_train_block_size


def _block_size(text: str) -> int | list[int]:
    """'16' -> 16; '16,8,4' -> [16, 8, 4] (one per block-circulant layer)."""
    try:
        vals = [int(v) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"block size must be an integer or a comma list of integers, got {text!r}")
    for v in vals:
        try:
            check_train_block_size(v, "block size")
        except SwmError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return vals[0] if len(vals) == 1 else vals


def _name_list(text: str) -> list[str]:
    """'fc3' -> ['fc3']; 'fc2,fc3' -> ['fc2', 'fc3']."""
    names = [v.strip() for v in text.split(",")]
    if not all(names):
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma list of layer names, e.g. fc3 or fc2,fc3")
    return names


def with_dense_layers(model: str, block_size: int | list[int], dense: list[str]) -> int | list[int]:
    """``--dense-layers``: the block-size list with 1 (a dense layer) for each named layer of ``model``."""
    from swm.zoo import layer_names  # noqa: PLC0415

    names = list(layer_names(model))
    for n in dense:
        if n not in names:
            raise SwmError(f"--dense-layers: model {model!r} has no layer {n!r}; its layers are {', '.join(names)}")
    ks = list(block_size) if isinstance(block_size, list) else [block_size] * len(names)
    if len(ks) != len(names):
        raise SwmError(f"--block-size lists {len(ks)} sizes but model {model!r} has {len(names)} layers "
                       f"{', '.join(names)}: give one per layer")
    return [1 if n in dense else k for n, k in zip(names, ks)]


def _cmd_train(args: argparse.Namespace) -> int:
    from swm.train import TrainConfig, train  # noqa: PLC0415 - keep `swm --help` fast

    qat = None
    if args.qat:
        qat = {"act_bits": args.act_bits, "weight_bits": args.weight_bits}
    if args.dense_layers:
        args.block_size = with_dense_layers(args.model, args.block_size, args.dense_layers)
    cfg = TrainConfig(dataset=args.dataset, model=args.model, block_size=args.block_size, epochs=args.epochs,
                      batch_size=args.batch_size, lr=args.lr, seed=args.seed, limit=args.limit,
                      data_dir=args.data_dir, device=args.device, qat=qat, init=args.init,
                      augment=args.augment)
    metrics = train(cfg, Path(args.out), force=args.force)
    print(f"{metrics['model']} on {metrics['dataset']}: test accuracy {100 * metrics['test_accuracy']:.2f} %, "
          f"{metrics['params']} parameters vs {metrics['dense_params']} dense "
          f"(compression {metrics['compression_ratio']:.1f}x), block sizes {metrics['block_sizes']}")
    print(f"wrote {args.out}/model.pt and {args.out}/metrics.json")
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    if (args.run is None) == (args.export is None):
        raise SwmError("give exactly one of --run RUN_DIR (float checkpoint) or --export EXPORT_DIR (integer model)")
    if args.run is not None:
        from swm.train import eval_run  # noqa: PLC0415

        res = eval_run(Path(args.run), device=args.device, limit=args.limit, data_dir=args.data_dir)
        print(f"{res['model']} on {res['dataset']}: test accuracy {100 * res['test_accuracy']:.2f} % "
              f"on {res['test_samples']} samples, compression {res['compression_ratio']:.1f}x")
    else:
        from swm.export import eval_export  # noqa: PLC0415

        res = eval_export(Path(args.export), limit=args.limit, data_dir=args.data_dir)
        print(f"{res['model']} on {res['dataset']}: integer (golden) accuracy {100 * res['int_accuracy']:.2f} %, "
              f"float accuracy {100 * res['float_accuracy']:.2f} % on {res['test_samples']} samples")
    if args.json:
        print(json.dumps(res, indent=2))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from swm.export import export_run  # noqa: PLC0415

    overrides = dict(kv.split("=", 1) for kv in args.set) if args.set else {}
    info = export_run(Path(args.run), Path(args.out), config=args.config, overrides=overrides,
                      lanes=args.lanes, n_vectors=args.vectors, force=args.force, rows=args.rows)
    print(f"exported {info['layers']} layers to {args.out} (network.json, memory images, {info['vectors']} vectors)")
    return 0


def _fold_list(text: str) -> list[tuple[int, int, int]]:
    from swm.compile import parse_stage_foldings  # noqa: PLC0415

    try:
        return parse_stage_foldings(text)
    except SwmError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None


def _cmd_compile(args: argparse.Namespace) -> int:
    from swm.compile import compile_network, fold_text  # noqa: PLC0415

    b = compile_network(Path(args.export), Path(args.out), lanes=args.lanes, budget=args.budget_mults,
                        clock_mhz=args.clock, fifo_depth=args.fifo_depth, max_copies=args.max_copies,
                        **({} if args.max_memory_bits is None else {"max_memory_bits": args.max_memory_bits}))
    pl = b["pipeline"]
    folds = ",".join(fold_text(s["lanes"], s["rows"], copies=s["copies"]) for s in b["stages"])
    seq = b["stages"][0]["type"] == "lstm"
    unit = (f"sequence of {b['stages'][0]['rtl_params']['MAX_LEN']} steps (the longest)", "sequences/s") if seq \
        else ("image", "images/s")
    print(f"compiled {len(b['stages'])} stages (LANES {folds}, "
          f"{b['mults_total']} multipliers) to {args.out}: {pl['interval_cycles']} cycles per {unit[0]}, "
          f"{pl['images_per_s']:,.0f} {unit[1]} at {args.clock:g} MHz (model); build.md, build.json, swm_net.v")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors as one line (`swm: error: ...`) instead of usage + error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argparse tree of the ``swm`` command."""
    p = _Parser(prog="swm", description="Block-circulant (SWM) networks: train, evaluate, export, compile.")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)

    t = sub.add_parser("train", help="train a zoo model on a dataset")
    t.add_argument("--dataset", default="mnist", help="mnist, fashion-mnist, cifar10, svhn, japanese-vowels")
    t.add_argument("--model", default="mlp", help="mlp, lenet, lenet5, cifar_cnn, cifar_small, lstm")
    t.add_argument("--block-size", type=_block_size, default=16,
                   help="block size k for every block-circulant layer, or a comma list, one per layer; "
                        "k = 1 makes a layer dense (mlp: --block-size 16,16,1 has a dense head, which "
                        "swm export writes as a \"dense\" layer for the swm_dense_stage hardware)")
    t.add_argument("--dense-layers", type=_name_list, default=None, metavar="NAME[,NAME..]",
                   help="make these block-circulant layers dense (block size 1), by their zoo names (mlp: fc1, fc2, fc3); "
                        "e.g. --block-size 16 --dense-layers fc3 is --block-size 16,16,1")
    t.add_argument("--epochs", type=int, default=3)
    t.add_argument("--batch-size", type=int, default=None, help="mini-batch size (default: 32 for lstm, else 128)")
    t.add_argument("--lr", type=float, default=None, help="Adam learning rate (default: 3e-3 for mlp, else 1e-3)")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--limit", type=int, default=None, help="use only the first N samples of each split")
    t.add_argument("--data-dir", default=None, help="directory holding CIFAR-10/SVHN (or other) dataset files")
    t.add_argument("--device", default="auto", help="auto (CUDA if present), cpu or cuda")
    t.add_argument("--qat", action="store_true", help="quantization-aware training with the datapath contract")
    t.add_argument("--act-bits", type=int, default=16, help="QAT activation width")
    t.add_argument("--weight-bits", type=int, default=16, help="QAT FFT-domain weight width")
    t.add_argument("--augment", action="store_true",
                   help="images: random horizontal flip and shift by up to 4 pixels per training image (CIFAR-10)")
    t.add_argument("--init", default=None, metavar="RUN", help="start from the weights of a float run (fine-tuning)")
    t.add_argument("--out", required=True, help="run directory to write (model.pt, metrics.json)")
    t.add_argument("--force", action="store_true", help="replace an existing run directory")
    t.set_defaults(func=_cmd_train)

    e = sub.add_parser("eval", help="re-evaluate a checkpoint (--run) or an exported integer network (--export)")
    e.add_argument("--run", default=None)
    e.add_argument("--export", default=None)
    e.add_argument("--limit", type=int, default=None)
    e.add_argument("--data-dir", default=None)
    e.add_argument("--device", default="auto")
    e.add_argument("--json", action="store_true", help="also print the result as JSON")
    e.set_defaults(func=_cmd_eval)

    x = sub.add_parser("export", help="quantize a run and write network.json + memory images for the RTL")
    x.add_argument("--run", required=True)
    x.add_argument("--out", required=True)
    x.add_argument("--config", default=None, help="JSON file with DatapathConfig fields")
    x.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                   help="override one DatapathConfig field, e.g. --set WW=12")
    x.add_argument("--lanes", type=int, default=1, help="MAC lanes of the target engine (weight image word size)")
    x.add_argument("--rows", type=int, default=1,
                   help="block rows the target engine computes at once (ROWS; clamped per layer to its p)")
    x.add_argument("--vectors", type=int, default=4, help="number of test vectors to write")
    x.add_argument("--force", action="store_true", help="replace an existing export directory")
    x.set_defaults(func=_cmd_export)

    c = sub.add_parser(
        "compile", help="fold an export into a dataflow accelerator top (swm_net.v, build.json)",
        description="Fold an export into the dataflow network accelerator: one stage per layer, by its network.json "
                    "type: bc_linear / bc_conv -> swm_bc_stage (the block-circulant engine), dense / dense_conv (a layer "
                    "trained with block size 1, e.g. swm train --block-size 16,16,1) -> swm_dense_stage (LANES output "
                    "neurons in parallel), affine -> swm_affine_stage, maxpool -> swm_maxpool_stage; FIFOs between stages, swm_argmax at the end. Writes swm_net.v, swm_net.f, "
                    "swm_accel.f, per-stage memory images, build.json and build.md (per stage its type, LANES, "
                    "interval, latency, memory, multipliers).")
    c.add_argument("--export", required=True, help="export directory (network.json + memory images)")
    c.add_argument("--out", required=True, help="directory to write (replaced)")
    c.add_argument("--lanes", type=_fold_list, default=None, metavar="F0,F1,..",
                   help="folding per layer: L (LANES) or LxR (LANES x ROWS block rows at once), e.g. 8,8x2,1; "
                        "LANES: a power of two <= K/2 for a block-circulant layer (complex MACs), 1..n_out for a "
                        "dense layer (output neurons in parallel, no ROWS); C*L or C*LxR: C image-level copies "
                        "(consecutive stages with the same C > 1 form one replicated group), e.g. 3*16,3*1,4x3")
    c.add_argument("--budget-mults", type=int, default=None, metavar="N",
                   help="balance the stages with at most N real multipliers (a block-circulant stage: 4 per lane "
                        "+ its FFTs; a dense stage: 1 per lane); default: one lane per stage")
    c.add_argument("--max-copies", type=int, default=1, metavar="C",
                   help="with --budget-mults: let the search replicate a stage (with the affine / max-pool stages "
                        "after it) up to C times, images dealt round robin to the copies; default 1 (no copies)")
    c.add_argument("--clock", type=float, default=100.0, metavar="MHZ", help="clock for the images/s estimate")
    c.add_argument("--fifo-depth", type=int, default=16, help="words of each FIFO between stages")
    c.add_argument("--max-memory-bits", type=int, default=None,
                   help="refuse a network whose weights, biases and buffers need more bits (default: the block RAM "
                        "of the LFE5U-85F, 208 x 18 kbit)")
    c.set_defaults(func=_cmd_compile)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; user errors print one line on stderr and exit with status 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SwmError as exc:
        print(f"swm: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("swm: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
