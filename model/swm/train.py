"""Training and evaluation of zoo models on the project's datasets (CPU by default, CUDA if present)."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from swm import data as swm_data
from swm import zoo
from swm.errors import SwmError
from swm.limits import check_train_block_size
from swm.memimg import atomic_dir

SEQUENCE_MODELS = ("lstm",)
SEQUENCE_DATASETS = ("japanese-vowels",)
# Adam learning rate per model when --lr is not given (the wide block-circulant MLP trains
# faster at a higher rate; measured with `make bench`).
DEFAULT_LR = {"mlp": 3e-3, "lstm": 3e-3}
# --augment: largest random shift (pixels, each axis) of a training image, zero filled
AUGMENT_SHIFT = 4
# mini-batch size per model when --batch-size is not given (JapaneseVowels has only 270 sequences)
DEFAULT_BATCH = {"lstm": 32}


@dataclass
class TrainConfig:
    """Everything that defines a training run (saved with the checkpoint)."""

    dataset: str = "mnist"
    model: str = "mlp"
    block_size: Any = 16
    epochs: int = 3
    batch_size: int | None = None  # None: DEFAULT_BATCH of the model, else 128
    lr: float | None = None  # None: DEFAULT_LR of the model, else 1e-3
    weight_decay: float = 0.0
    seed: int = 0
    limit: int | None = None
    data_dir: str | None = None
    device: str = "auto"
    qat: dict | None = field(default=None)
    init: str | None = None
    augment: bool = False  # images: random horizontal flip and shift by up to AUGMENT_SHIFT pixels


def pick_device(name: str) -> torch.device:
    """'auto' picks CUDA when present, else the CPU; 'cpu'/'cuda' force one."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name not in ("cpu", "cuda"):
        raise SwmError(f"unknown device {name!r}: use --device auto, cpu or cuda")
    if name == "cuda" and not torch.cuda.is_available():
        raise SwmError("--device cuda was asked for but no CUDA device is present: use --device cpu")
    return torch.device(name)


def check_block_size(block_size: Any) -> None:
    """Reject block sizes below 1 (one size or a list of them) with a clear message."""
    sizes = block_size if isinstance(block_size, (list, tuple)) else [block_size]
    for k in sizes:
        check_train_block_size(k, "block size")


def _tensors(ds: Any, sequential: bool) -> tuple[torch.Tensor, ...]:
    """Dataset -> tensors (x, y) or (x, lengths, y) for sequence data."""
    y = torch.as_tensor(np.asarray(ds.y), dtype=torch.long)
    if sequential:
        xp, lengths = swm_data.pad_sequences(ds.x)
        return torch.as_tensor(xp), torch.as_tensor(lengths, dtype=torch.long), y
    return torch.as_tensor(np.asarray(ds.x, dtype=np.float32)), y


def augment_batch(x: torch.Tensor, gen: torch.Generator, shift: int = AUGMENT_SHIFT) -> torch.Tensor:
    """Random horizontal flip and shift of a batch of images ``(N, C, H, W)`` (the usual CIFAR-10
    augmentation: pad by ``shift`` with zeros, crop at a random offset); one draw per image."""
    n, _, h, w = x.shape
    flip = torch.rand(n, generator=gen) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(-1), x)
    if shift <= 0:
        return x
    padded = nn.functional.pad(x, (shift, shift, shift, shift))
    dy = torch.randint(0, 2 * shift + 1, (n,), generator=gen)
    dx = torch.randint(0, 2 * shift + 1, (n,), generator=gen)
    rows = (dy[:, None] + torch.arange(h)[None, :])[:, None, :, None]
    cols = (dx[:, None] + torch.arange(w)[None, :])[:, None, None, :]
    idx_n = torch.arange(n)[:, None, None, None]
    idx_c = torch.arange(x.shape[1])[None, :, None, None]
    return padded[idx_n, idx_c, rows, cols]


def _forward(model: nn.Module, batch: tuple[torch.Tensor, ...], sequential: bool) -> torch.Tensor:
    if sequential:
        return model(batch[0], lengths=batch[1])
    return model(batch[0])


def evaluate(model: nn.Module, tensors: tuple[torch.Tensor, ...], sequential: bool,
             device: torch.device, batch_size: int = 512) -> float:
    """Top-1 accuracy of ``model`` on the given tensors."""
    model.eval()
    n = len(tensors[-1])
    correct = 0
    with torch.no_grad():
        for s in range(0, n, batch_size):
            batch = tuple(t[s:s + batch_size].to(device) for t in tensors)
            pred = _forward(model, batch[:-1], sequential).argmax(dim=-1)
            correct += int((pred == batch[-1]).sum())
    return correct / max(n, 1)


def _check_model_dataset(model: str, ds_name: str, sequential_data: bool) -> bool:
    sequential_model = model in SEQUENCE_MODELS
    if sequential_model != sequential_data:
        kind = "a sequence" if sequential_data else "an image"
        fit = "lstm" if sequential_data else "mlp, lenet, lenet5, cifar_cnn or cifar_small"
        raise SwmError(f"model {model!r} does not fit {kind} dataset {ds_name!r}: use --model {fit}")
    return sequential_model


def load_data(cfg: TrainConfig, split: str) -> Any:
    """Load one split of the configured dataset (honours --limit and --data-dir)."""
    # sequence features are standardised with train-split statistics (images are already in [0, 1])
    standardize = cfg.dataset in SEQUENCE_DATASETS
    return swm_data.load_dataset(cfg.dataset, split, data_dir=cfg.data_dir, limit=cfg.limit, standardize=standardize)


def model_in_shape(ds: Any) -> tuple[int, ...]:
    """Input shape a zoo model is built for: (C, H, W) for images, (T_max, F) for sequences."""
    if getattr(ds, "lengths", None) is not None:
        return (int(np.max(ds.lengths)), int(ds.in_shape[-1]))
    return tuple(int(v) for v in ds.in_shape)


def build(cfg: TrainConfig, ds: Any) -> nn.Module:
    """Build the configured zoo model for a dataset."""
    check_block_size(cfg.block_size)
    return zoo.build_model(cfg.model, num_classes=ds.num_classes, in_shape=model_in_shape(ds),
                           block_size=cfg.block_size)


def train(cfg: TrainConfig, out: Path, force: bool = False) -> dict:
    """Train a model, write ``out/model.pt`` and ``out/metrics.json`` atomically; return the metrics."""
    out = Path(out)
    if out.exists() and not force:
        raise SwmError(f"output directory {out} exists: choose another --out or pass --force to replace it")
    if cfg.epochs < 0:
        raise SwmError(f"--epochs must be >= 0, got {cfg.epochs}")
    check_block_size(cfg.block_size)
    torch.manual_seed(cfg.seed)
    np.random.seed(cfg.seed)
    device = pick_device(cfg.device)
    train_ds = load_data(cfg, "train")
    test_ds = load_data(cfg, "test")
    sequential = _check_model_dataset(cfg.model, cfg.dataset, bool(getattr(train_ds, "lengths", None) is not None))
    if cfg.augment and (sequential or len(train_ds.in_shape) != 3):
        raise SwmError(f"--augment flips and shifts images; dataset {cfg.dataset!r} has no images: drop --augment")
    model = build(cfg, train_ds)
    if cfg.init:
        model.load_state_dict(_init_state(cfg))
    model = model.to(device)
    if cfg.qat:
        from swm import qat  # noqa: PLC0415  (optional feature)
        qat.enable(model, **cfg.qat)
    train_t = _tensors(train_ds, sequential)
    test_t = _tensors(test_ds, sequential)
    lr = cfg.lr if cfg.lr is not None else DEFAULT_LR.get(cfg.model, 1e-3)
    batch_size = cfg.batch_size if cfg.batch_size is not None else DEFAULT_BATCH.get(cfg.model, 128)
    if batch_size < 1:
        raise SwmError(f"--batch-size must be >= 1, got {batch_size}")
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=cfg.weight_decay)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(cfg.epochs, 1))
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(cfg.seed)
    n = len(train_t[-1])
    t0 = time.time()
    history = []
    for epoch in range(cfg.epochs):
        model.train()
        perm = torch.randperm(n, generator=gen)
        total, seen = 0.0, 0
        bar = tqdm(range(0, n, batch_size), desc=f"epoch {epoch + 1}/{cfg.epochs}", unit="batch",
                   leave=False, disable=None)
        for s in bar:
            idx = perm[s:s + batch_size]
            batch = tuple(t[idx] for t in train_t)
            if cfg.augment:
                batch = (augment_batch(batch[0], gen), *batch[1:])
            batch = tuple(t.to(device) for t in batch)
            opt.zero_grad()
            loss = loss_fn(_forward(model, batch[:-1], sequential), batch[-1])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            seen += len(idx)
            bar.set_postfix(loss=f"{total / seen:.4f}")
        sched.step()
        acc = evaluate(model, test_t, sequential, device)
        history.append({"epoch": epoch + 1, "train_loss": total / max(seen, 1), "test_accuracy": acc})
        tqdm.write(f"epoch {epoch + 1}/{cfg.epochs}: loss {total / max(seen, 1):.4f}, test accuracy {acc:.4f}")
    params, dense_params = zoo.count_params(model)
    metrics = {
        "dataset": cfg.dataset,
        "model": cfg.model,
        "epochs": cfg.epochs,
        "block_sizes": zoo.model_block_sizes(model),
        "test_accuracy": evaluate(model, test_t, sequential, device),
        "params": params,
        "dense_params": dense_params,
        "compression_ratio": dense_params / params,
        "train_samples": n,
        "test_samples": len(test_t[-1]),
        "seed": cfg.seed,
        "lr": lr,
        "batch_size": batch_size,
        "device": str(device),
        "train_seconds": round(time.time() - t0, 2),
        "history": history,
        "qat": cfg.qat,
        "augment": cfg.augment,
    }
    _write_run(out, model, cfg, train_ds, metrics, force)
    return metrics


def _init_state(cfg: TrainConfig) -> dict:
    """State dict of the float run named by ``cfg.init`` (fine-tuning); it must match model and block sizes."""
    src_model, src_cfg, ckpt = load_run(Path(cfg.init))
    if src_cfg.qat:
        raise SwmError(f"--init {cfg.init} is itself a QAT run: fine-tune from a float run")
    if (src_cfg.model, src_cfg.dataset, src_cfg.block_size) != (cfg.model, cfg.dataset, cfg.block_size):
        raise SwmError(f"--init {cfg.init} was trained as {src_cfg.model}/{src_cfg.dataset}/k={src_cfg.block_size}: "
                       f"use the same --model, --dataset and --block-size to fine-tune it")
    return src_model.state_dict()


def _write_run(out: Path, model: nn.Module, cfg: TrainConfig, ds: Any, metrics: dict, force: bool) -> None:
    """Write checkpoint + metrics into a temp dir next to ``out`` and rename it into place."""
    with atomic_dir(out, force) as tmp:
        torch.save({"config": asdict(cfg), "state_dict": model.cpu().state_dict(),
                    "num_classes": ds.num_classes, "in_shape": list(model_in_shape(ds))}, tmp / "model.pt")
        (tmp / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")


def load_run(run: Path) -> tuple[nn.Module, TrainConfig, dict]:
    """Load ``run/model.pt`` -> (model, config, checkpoint dict); clear errors for bad checkpoints."""
    run = Path(run)
    ckpt_path = run / "model.pt"
    if not ckpt_path.is_file():
        raise SwmError(f"no checkpoint at {ckpt_path}: train one with `swm train --out {run}`")
    try:
        ckpt = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        cfg = TrainConfig(**ckpt["config"])
        model = zoo.build_model(cfg.model, num_classes=ckpt["num_classes"], in_shape=tuple(ckpt["in_shape"]),
                                block_size=cfg.block_size)
        if cfg.qat:
            from swm import qat  # noqa: PLC0415
            qat.enable(model, **cfg.qat)
        model.load_state_dict(ckpt["state_dict"])
    except SwmError:
        raise
    except Exception as exc:  # noqa: BLE001 - any unpickling/shape problem is the same user error
        raise SwmError(f"unreadable checkpoint {ckpt_path} ({type(exc).__name__}): retrain it with `swm train`") from exc
    return model, cfg, ckpt


def eval_run(run: Path, device: str = "auto", limit: int | None = None, data_dir: str | None = None) -> dict:
    """Re-evaluate a trained run on its dataset's test split."""
    model, cfg, _ = load_run(run)
    if limit is not None:
        cfg.limit = limit
    if data_dir is not None:
        cfg.data_dir = data_dir
    dev = pick_device(device)
    test_ds = load_data(cfg, "test")
    sequential = cfg.model in SEQUENCE_MODELS
    acc = evaluate(model.to(dev), _tensors(test_ds, sequential), sequential, dev)
    params, dense_params = zoo.count_params(model)
    return {"run": str(run), "dataset": cfg.dataset, "model": cfg.model, "test_accuracy": acc,
            "test_samples": len(test_ds.y), "params": params, "dense_params": dense_params,
            "compression_ratio": dense_params / params, "block_sizes": zoo.model_block_sizes(model)}
