"""swm.hwconfig: the shipped build configurations load, map to RTL parameters, and bad ones fail clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from swm import hwconfig
from swm.errors import SwmError


@pytest.mark.parametrize("name", hwconfig.available())
def test_shipped_configs_load(name: str) -> None:
    c = hwconfig.load(name)
    P = c.rtl_params()
    assert P["K"] == c.datapath_config().K and P["LANES"] == c.lanes
    assert P["MAX_P"] == c.max_p and P["MAX_Q"] == c.max_q
    assert Path(P["TWIDDLE_FILE"]).is_file()
    assert c.sources()[-1].name == f"{c.design}.v" and all(s.is_file() for s in c.sources())
    assert c.cycles_per_vector() >= c.p * c.q * c.datapath_config().K // (2 * c.lanes)


def test_mnist_mlp_is_the_demo_layer() -> None:
    c = hwconfig.load("mnist_mlp")
    assert (c.datapath_config().K, c.lanes, c.max_p, c.max_q) == (16, 4, 64, 64)


def _write(tmp_path: Path, d: dict) -> Path:
    p = tmp_path / "cfg.json"
    p.write_text(json.dumps(d))
    return p


@pytest.mark.parametrize("d,msg", [
    (dict(engine=dict(lanes=4, max_p=4, max_q=4), datapath=dict(K=4)), "LANES"),
    (dict(engine=dict(lanes=2, max_p=4, max_q=4), datapath=dict(K=2)), "K"),
    (dict(engine=dict(lanes=2, max_p=4, max_q=4), layer=dict(p=5, q=1), datapath=dict(K=8)), "does not fit"),
    (dict(engine=dict(lanes=2, max_p=4), datapath=dict(K=8)), "engine needs"),
    (dict(design="nope", engine=dict(lanes=2, max_p=4, max_q=4)), "unknown design"),
    (dict(engine=dict(lanes=2, max_p=4, max_q=4), clock=5), "unknown keys"),
])
def test_bad_configs_fail_with_one_line(tmp_path: Path, d: dict, msg: str) -> None:
    with pytest.raises(SwmError, match=msg) as e:
        hwconfig.load(_write(tmp_path, d))
    assert "\n" not in str(e.value)


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(SwmError, match="small"):
        hwconfig.load("no_such_config")
