"""make formal in the quick suite: the SymbiYosys jobs prove, every mutant fails, every assertion is
shown to fail by some mutant; the tool's error paths are one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from verif.formal import formal


# the longer jobs run in make test-full (and all of them in make formal)
SLOW_JOBS = {"swm_axis_fifo", "swm_frame_check", "swm_axis_bcast", "swm_img_split", "swm_img_merge", "swm_argmax",
             "swm_read_skid", "swm_act", "swm_maxpool", "swm_window", "swm_affine",
             "swm_slot_buf", "swm_bank_ctrl", "swm_load_adapter", "swm_dense_fc",
             "swm_mac_array", "swm_fft_stage", "swm_bc_layer", "swm_lstm_cell",
             "swm_lstm_stage", "swm_rfft", "swm_irfft", "swm_fft_core", "swm_accel", "swm_net_live", "swm_spec_window",
             "swm_affine_stage", "swm_maxpool_stage", "swm_dense_stage", "swm_dense_conv", "swm_bc_stage",
             "swm_load_ram"}


@pytest.mark.parametrize("job", [pytest.param(j, marks=pytest.mark.slow) if j.module in SLOW_JOBS else j
                                 for j in formal.JOBS], ids=[j.module for j in formal.JOBS])
def test_proof_holds_and_each_assertion_fails_on_a_mutant(job: formal.Job, tmp_path: Path) -> None:
    rows = formal.run_job(job, tmp_path)
    for r in rows:
        assert r["status"] == r["expected"], f"{r['module']} {r['check']}: {r['status']}; log {r['log']}"
        if r["expected"] == "FAIL":
            assert r["failed"] and Path(r["trace"]).is_file(), r   # a counterexample, kept with its path
    assert formal.uncaught(job, rows) == [], "assertions no mutant made fail"
    labels = formal.assertion_labels(job)
    assert labels
    if any(a.startswith("iface_") for a in labels):   # a stream module: interface, liveness, and conservation
        groups = {a.split("_")[0] for a in labels}     # (or the function itself, func_) proved
        assert groups >= {"iface", "live"} and groups & {"cons", "func"}, labels


def test_unknown_module_is_one_line(capsys) -> None:
    assert formal.main(["--only", "swm_nothing"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown module swm_nothing" in err[0]


def test_missing_tools_are_one_line(monkeypatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setattr(formal, "SHIMS", tmp_path / "none")
    assert formal.main(["--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "run `make setup`" in err[0]
    assert not (tmp_path / "out" / "summary.md").exists()


def test_a_stale_mutant_is_reported(monkeypatch, tmp_path: Path) -> None:
    job = formal.JOBS[0]
    stale = formal.Mutant("stale", "text that is not in the RTL", "x", "-")
    with pytest.raises(formal.FormalError, match="mutant stale: its text is not in hw/"):
        formal.run_task(job, "prove", tmp_path / "w", mutant=stale)
