"""cocotb testbench of swm_accel with an LSTM network: sequences over the host's streams.

Driven by verif/swm_accel/test_swm_accel.py (``test_accel_lstm_sequences``) through $SWM_NET_STIM.
Five sequences in one run: two well-formed ones, one longer than the network's ``max_len`` steps
(ERROR.IMAGE_TOO_LONG; classified on its first ``max_len`` steps), one whose last step is cut
(ERROR.IMAGE_TOO_SHORT; the step padded with zeros), then a well-formed one: every class equal to
the golden model of what the frame check passes on, and the stream never hangs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import cocotb
import numpy as np
from cocotbext.axi import AxiStreamFrame

from swm import golden
from swm import regmap as R
from swm.export import load_export, run_integer
from verif.common import tb as tbh
from verif.swm_accel.tb_accel import AccelTB


@cocotb.test()
async def accel_lstm_sequences(dut):
    stim = json.loads(Path(os.environ["SWM_NET_STIM"]).read_text())
    b = stim["build"]
    _, layers = load_export(Path(b["export"]))
    lp = layers[0].lp
    n_x, M = lp.n_x, lp.max_len
    seqs = [np.array(v, dtype=np.int64).reshape(-1, n_x) for v in stim["x"][:5]]
    long_seq = np.concatenate([seqs[2]] * (M // len(seqs[2]) + 2))[: M + 3]   # max_len + 3 steps
    cut = seqs[3].reshape(-1)[: len(seqs[3]) * n_x - n_x // 2]                  # the last step cut short
    cut_pad = np.concatenate([cut, np.zeros(n_x // 2, dtype=np.int64)]).reshape(-1, n_x)
    sent = [seqs[0].reshape(-1), seqs[1].reshape(-1), long_seq.reshape(-1), cut, seqs[4].reshape(-1)]
    passed = [seqs[0], seqs[1], long_seq[:M], cut_pad, seqs[4]]
    T = max(len(s) for s in passed)
    x = np.zeros((len(passed), T, n_x), dtype=np.int64)
    for i, s in enumerate(passed):
        x[i, : len(s)] = s
    y, _ = run_integer(layers, x, lengths=np.array([len(s) for s in passed]))
    want = golden.argmax_int(y).tolist()

    tb = AccelTB(dut, stim)
    await tbh.start_clock(dut)
    await tbh.reset(dut)
    await tb.load_all()
    assert await tb.regs.read("ERROR") == 0, "error flags after loading"
    await tb.regs.write("IMAGE_COUNT", len(sent))
    await tb.regs.write_field("CTRL", "START", 1)
    for s in sent:
        tb.src_x.send_nowait(AxiStreamFrame([tbh.to_unsigned(int(v), tb.DW) for v in s]))
    got = []
    for _ in sent:
        fr = await tb.sink.recv()
        got.append(int(fr.tdata[0]))
    tbh.compare(got, want, "classes (sequence order)")
    err = await tb.regs.read("ERROR")
    assert err == R.ERROR_IMAGE_TOO_LONG_MASK | R.ERROR_IMAGE_TOO_SHORT_MASK, f"ERROR = {err:#x}"
    assert await tb.regs.read("IMAGES_OUT") == len(sent)
