"""cocotb test: one exported layer on swm_bc_layer with the export's images and real test vectors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import cocotb
import numpy as np
from cocotbext.axi import AxiStreamFrame

from verif.common import tb as tbh
from verif.swm_bc_layer.layer_tb import ACTS, LayerTB


def _pad(v: list[int], n: int) -> list[int]:
    return list(v) + [0] * (n - len(v))


@cocotb.test()
async def exported_layer_matches_golden(dut):
    """Stream the export's weights, bias and vectors through the engine; every sample bit-exact."""
    from swm import perf

    P = tbh.sim_params()
    export = Path(os.environ["SWM_EXPORT"])
    index = int(os.environ["SWM_LAYER"])
    nvec = int(os.environ["SWM_NVEC"])
    doc = json.loads((export / "network.json").read_text())
    layer = doc["layers"][index]
    vec = json.loads((export / "vectors" / "vectors.json").read_text())
    K, DW, lanes, rows = P["K"], P["DW"], P["LANES"], P.get("ROWS", 1)
    p, q = layer["p"], layer["q"]
    if index == 0:
        inputs = [_pad(v, q * K) for v in vec["input"][:nvec]]
    else:
        prev = doc["layers"][index - 1]
        inputs = [_pad(v[: prev["out_features"]], q * K) for v in vec["layers"][index - 1]["output"][:nvec]]
    expected = np.array(vec["layers"][index]["output"][:nvec], dtype=np.int64)

    tb = LayerTB(dut, P)
    await tb.init()
    await tb.load(export / layer["weights"]["file"], export / layer["bias"]["file"], p, q)
    for x in inputs:
        tb.src_x.send_nowait(AxiStreamFrame([tbh.to_unsigned(int(t), DW) for t in x]))
    await tb.start(p=p, q=q, acc_shift=layer["acc_shift"], out_shift=layer["out_shift"],
                   act=ACTS.index(layer["act"]), y_frac=layer["y_frac"], count=nvec)
    assert int(dut.cfg_error.value) == 0, f"engine refused the exported configuration of layer {index}"
    model = perf.layer_cycles(p, q, K, lanes, nvec, rows)
    cycles = await tb.wait_done(4 * model + 2000)
    for v in range(nvec):
        fr = await tb.sink_y.recv()
        got = [tbh.to_signed(t, DW) for t in fr.tdata]
        tbh.compare(got, expected[v].tolist(), f"layer {index} vector {v} (samples)",
                    lambda k: f"block {k // K}, n {k % K}")
    assert tb.sink_y.empty(), f"layer {index}: output beyond {nvec} vectors"
    Path(os.environ["SWM_RESULT"]).write_text(json.dumps({
        "layer": index, "p": p, "q": q, "K": K, "LANES": lanes, "ROWS": rows, "vectors": nvec, "samples": nvec * p * K,
        "cycles": cycles, "model_cycles": model, "bit_exact": True}) + "\n")
