"""Formal proofs of the stream modules with SymbiYosys (``make formal``; docs/architecture.md "Formal").

    python -m verif.formal.formal [--out build/formal] [--only MODULE,..] [-v]

One job per module: ``verif/formal/<module>/<module>.sby`` (tasks ``prove`` and ``cover``) reads the
module from hw/ with ``FORMAL`` defined, which includes its properties
(``verif/formal/<module>/<module>_props.vh``). Each job's mutants (``MUTANTS``) are the same RTL with
one deliberate fault; every one must fail a property, which shows that the property can fail. The
summary table goes to ``build/formal/summary.md`` and ``summary.json``; a failing job's
counterexample trace (VCD) stays in its work directory and its path is printed.

Shared preambles (reset in the first cycle, the s_axis source rules) are in ``verif/formal/common/``.

SymbiYosys calls programs named ``yosys``, ``yosys-smtbmc`` and ``boolector``: ``make setup`` puts
shims that run the YoWASP ones in ``.venv/formal-bin`` (first on PATH here); Debian's yosys is too
old for this SymbiYosys.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from verif.common.mutate import replace_once

ROOT = Path(__file__).resolve().parents[2]
FORMAL = Path(__file__).resolve().parent
SHIMS = ROOT / ".venv" / "formal-bin"
SBY = ROOT / ".venv" / "bin" / "yowasp-sby"


class FormalError(RuntimeError):
    """A job that could not run (tools missing, a syntax error): one line naming the log."""


@dataclass(frozen=True)
class Mutant:
    """One deliberate fault: ``old`` replaced by ``new`` in the job's hw/<module>.v (once); ``expect``
    names what breaks; ``task`` the proof that must fail."""

    name: str
    old: str
    new: str
    expect: str
    task: str = "prove"


@dataclass(frozen=True)
class Job:
    """One module's proof: what it shows, how (task -> method), and its mutants."""

    module: str
    properties: str
    mutants: tuple[Mutant, ...]


JOBS = [
    Job("swm_axis_reg",
        "interface (valid held, data/last stable, nothing valid after reset); capacity 2; conservation "
        "(counters + one watched beat: same index, data, last); no deadlock (ready when empty and one cycle "
        "after the sink's ready); busy = a beat held",
        (Mutant("always_ready", "assign s_axis_tready = !skid_valid_reg;",
                "assign s_axis_tready = 1'b1;", "a beat arriving with both registers full is lost"),
         Mutant("input_before_skid", "if (skid_valid_reg) begin\n                data_reg",
                "if (1'b0) begin\n                data_reg", "the parked beat is overtaken (order)"),
         Mutant("loses_beat_when_sink_stalls", "valid_reg <= s_valid;",
                "valid_reg <= s_valid && m_ready;", "a beat taken while the sink is not ready is lost"),
         Mutant("valid_survives_reset", "            valid_reg      <= 1'b0;\n", "",
                "a beat is offered right after reset"),
         Mutant("skid_survives_reset",
                "            valid_reg      <= 1'b0;\n            skid_valid_reg <= 1'b0;\n",
                "            valid_reg      <= 1'b0;\n", "not ready right after reset"),
         Mutant("withdraws_stalled_beat", "if (!valid_reg || m_ready) begin",
                "if (!valid_reg || m_ready || !s_valid) begin", "a stalled beat withdrawn when no input comes"),
         Mutant("overwrites_stalled_beat", "if (!valid_reg || m_ready) begin",
                "if (!valid_reg || m_ready || s_valid) begin", "a stalled beat's data replaced by the next"),
         Mutant("last_follows_input", "skid_last_reg  <= s_axis_tlast;",
                "skid_last_reg  <= s_axis_tlast;\n            last_reg       <= s_axis_tlast;",
                "a stalled beat's last replaced by the parked beat's"),
         Mutant("busy_from_skid", "assign busy          = valid_reg;",
                "assign busy          = skid_valid_reg;", "busy low while a beat is held"))),
    Job("swm_axis_fifo",
        "interface (nothing valid after reset, valid held, data/last stable); capacity (pointers follow the "
        "accepted-word counters, level = words held <= DEPTH + 1, ready exactly while the array has room); "
        "conservation (counters + one watched word in its array slot or the output register, leaving at its "
        "own index with its data and last); liveness (the output register refilled in the cycle it frees; "
        "ready exactly while there is room, above)",
        (Mutant("ready_when_full", "assign s_axis_tready = !full;", "assign s_axis_tready = 1'b1;",
                "a word offered to a full FIFO is taken and lost"),
         Mutant("never_full",
                "wire full  = (wr_ptr_reg == {~rd_ptr_reg[AW], rd_ptr_reg[AW-1:0]});", "wire full  = 1'b0;",
                "a write over an unread word"),
         Mutant("reads_into_stalled_output",
                "wire rd    = !empty && (!out_valid_reg || m_axis_tready);", "wire rd    = !empty;",
                "the stalled output word overwritten"),
         Mutant("refill_one_cycle_late",
                "wire rd    = !empty && (!out_valid_reg || m_axis_tready);", "wire rd    = !empty && !out_valid_reg;",
                "a bubble after every read"),
         Mutant("reads_when_empty",
                "wire rd    = !empty && (!out_valid_reg || m_axis_tready);",
                "wire rd    = (!out_valid_reg || m_axis_tready);", "a word that never came in is sent"),
         Mutant("drops_stalled_output", "end else if (m_axis_tready) begin", "end else begin",
                "the output word withdrawn while the sink stalls"),
         Mutant("valid_survives_reset",
                "            rd_ptr_reg    <= {(AW+1){1'b0}};\n            out_valid_reg <= 1'b0;\n",
                "            rd_ptr_reg    <= {(AW+1){1'b0}};\n", "a word offered right after reset"),
         Mutant("write_pointer_survives_reset", "            wr_ptr_reg    <= {(AW+1){1'b0}};\n",
                "", "stale words after reset"),
         Mutant("read_pointer_stuck", "rd_ptr_reg <= rd_ptr_reg + {{AW{1'b0}}, 1'b1};",
                "rd_ptr_reg <= rd_ptr_reg;", "the same word read again (duplicated)"),
         Mutant("last_not_stored", "<= {s_axis_tlast, s_axis_tdata};",
                "<= {1'b0, s_axis_tdata};", "tlast lost in the array"),
         Mutant("level_without_output", "assign level = used + {{AW{1'b0}}, out_valid_reg};",
                "assign level = used;", "level misses the output register's word"))),
    Job("swm_round",
        "the function: dout = rnd(din, shift) of docs/datapath.md (half_up; convergent; registered with ce), "
        "truncated to OUT_W bits, for every input and every shift up to MAX_SHIFT, against a reference "
        "written from the definition (floor quotient, remainder against half)",
        (Mutant("half_up_never_rounds", ": nz;\nwire signed [UW-1:0] sum", ": 1'b0;\nwire signed [UW-1:0] sum",
                "truncation instead of rounding"),
         Mutant("logical_shift", "wire signed [UW-1:0] u_c = v2 >>> shift_u;",
                "wire signed [UW-1:0] u_c = v2 >> shift_u;", "negative values shifted as unsigned"),
         Mutant("convergent_ties_up", "? (nz && !tie_even)", "? nz",
                "ties rounded up instead of to even", task="prove_convergent"),
         Mutant("convergent_ignores_sticky", "wire tie_even = u[0] && !sticky && !u[1];",
                "wire tie_even = u[0] && !u[1];", "a value just above a tie taken for a tie", task="prove_convergent"),
         Mutant("pipe_ignores_ce", "if (ce) begin\n                u_reg", "if (1'b1) begin\n                u_reg",
                "the registered result moves while ce is low", task="prove_pipe"))),
    Job("swm_sat",
        "the function: dout = sat(din, OUT_W) of docs/datapath.md (clamped to the signed OUT_W-bit range; "
        "sign-extended when OUT_W >= IN_W) for every input",
        (Mutant("clamp_one_short", "{din[IN_W-1], {(OUT_W-1){~din[IN_W-1]}}}",
                "{din[IN_W-1], {(OUT_W-2){~din[IN_W-1]}}, 1'b0}", "the positive limit one below the largest value"),
         Mutant("fits_ignores_sign_bit", "wire [IN_W-OUT_W:0] top = din[IN_W-1:OUT_W-1];",
                "wire [IN_W-OUT_W:0] top = {din[IN_W-1:OUT_W], din[IN_W-1]};",
                "a value with the wrong sign in bit OUT_W-1 passed unclamped"),
         Mutant("extend_with_zeros", "assign dout = {{(OUT_W-IN_W){din[IN_W-1]}}, din};",
                "assign dout = {{(OUT_W-IN_W){1'b0}}, din};", "negative values zero-extended",
                task="prove_extend"))),
    Job("swm_frame_check",
        "framing (every output frame a whole number of STEP-sample steps, at most N, tlast on its last sample "
        "and always on sample N-1; the counters follow the output position); interface (valid held, data/last "
        "stable); errors (too_short / too_long exactly for a tlast inside a step / sample N-1 without tlast, "
        "then padding / dropping); liveness (padding offered, dropping takes input, passing ready with the sink, "
        "dropping ends on tlast); with well-formed input a pure pass-through (conservation)",
        (Mutant("pads_with_input", "assign m_axis_tdata  = (state_reg == PAD) ? {DW{1'b0}} : s_axis_tdata;",
                "assign m_axis_tdata  = s_axis_tdata;", "padding carries the idle input's data"),
         Mutant("no_tlast_at_n", "assign m_axis_tlast  = at_end || ", "assign m_axis_tlast  = ",
                "a frame without tlast on sample N-1"),
         Mutant("tlast_inside_step", "(step_end && ((state_reg == PASS && s_axis_tlast) || state_reg == PAD))",
                "((state_reg == PASS && s_axis_tlast) || state_reg == PAD)", "an input tlast inside a step passed on",
                task="prove_seq"),
         Mutant("takes_input_while_padding", "assign s_axis_tready = (state_reg == DROP) || (state_reg == PASS && m_axis_tready);",
                "assign s_axis_tready = (state_reg == DROP) || (state_reg != DROP && m_axis_tready);",
                "input taken and lost while padding"),
         Mutant("pad_not_offered", "assign m_axis_tvalid = (state_reg == PAD) || ", "assign m_axis_tvalid = ",
                "the padding never sent"),
         Mutant("short_flag_at_frame_end", "assign too_short = in_pass && s_axis_tlast && !step_end;",
                "assign too_short = in_pass && s_axis_tlast && !at_end;", "a step-aligned short sequence flagged",
                task="prove_seq"),
         Mutant("long_flag_missing", "assign too_long  = in_pass && !s_axis_tlast && at_end;",
                "assign too_long  = 1'b0;", "an over-long frame not flagged"),
         Mutant("long_frame_padded", "state_reg <= DROP;\n                end", "state_reg <= PAD;\n                end",
                "the rest of an over-long frame padded instead of dropped"),
         Mutant("short_frame_dropped", "state_reg <= PAD;\n                end else if (too_long)",
                "state_reg <= DROP;\n                end else if (too_long)", "a short frame's padding skipped"),
         Mutant("drop_never_ends", "if (s_axis_tvalid && s_axis_tlast) begin\n                    state_reg <= PASS;",
                "if (1'b0) begin\n                    state_reg <= PASS;", "the dropping never ends"),
         Mutant("count_not_restarted", "cnt_reg <= m_axis_tlast ? {CW{1'b0}} : ",
                "cnt_reg <= 1'b0 ? {CW{1'b0}} : ", "the sample count runs on across frames"),
         Mutant("unknown_state_code", "PAD = 2'd1, DROP = 2'd2;", "PAD = 2'd1, DROP = 2'd3;",
                "the drop state on an unused code"),
         Mutant("step_count_runs_on", "sc_reg  <= (m_axis_tlast || step_end) ?", "sc_reg  <= (m_axis_tlast) ?",
                "the step counter not restarted at a step's end", task="prove_seq"),
         Mutant("pad_last_from_input", "|| state_reg == PAD))", "|| (state_reg == PAD && s_axis_tlast)))",
                "the padding's tlast follows the idle input", task="prove_seq"),
         Mutant("pad_valid_from_input", "assign m_axis_tvalid = (state_reg == PAD) || ",
                "assign m_axis_tvalid = (state_reg == PAD && s_axis_tvalid) || ", "the padding offered only while the input is valid"),
         Mutant("drop_waits_for_sink", "assign s_axis_tready = (state_reg == DROP) ||",
                "assign s_axis_tready = (state_reg == DROP && m_axis_tready) ||", "dropping stalls on the sink"),
         Mutant("pass_ready_without_sink", "|| (state_reg == PASS && m_axis_tready);", "|| (state_reg == PASS);",
                "input taken while the sink stalls"),
         Mutant("flag_on_good_frames", "assign too_short = in_pass && s_axis_tlast && !step_end;",
                "assign too_short = in_pass && s_axis_tlast && !at_end;", "well-formed sequences flagged and padded",
                task="prove_wellformed"))),
    Job("swm_axis_bcast",
        "interface per output (valid held, data/last stable); per output beats taken = beats released at the "
        "input plus the one taken and not yet released; every output gets every beat exactly once, in order, "
        "unchanged (a watched beat); the input released exactly when every output has taken the beat, an "
        "output offered the beat until it takes it (N = 3 outputs stalling independently)",
        (Mutant("offered_again", "assign m_axis_tvalid = {N{s_axis_tvalid}} & ~taken_reg;",
                "assign m_axis_tvalid = {N{s_axis_tvalid}};", "an output that took the beat gets it again"),
         Mutant("released_by_any", "assign s_axis_tready = &done;", "assign s_axis_tready = |done;",
                "the beat released before every output took it"),
         Mutant("taken_not_cleared", "taken_reg <= s_axis_tready ? {N{1'b0}} :",
                "taken_reg <= 1'b0 ? {N{1'b0}} :", "the next beat withheld from outputs that took the last one"),
         Mutant("taken_survives_reset", "        if (rst) begin\n            taken_reg <= {N{1'b0}};\n        end\n",
                "", "outputs skip the first beat after reset"),
         Mutant("last_not_broadcast", "assign m_axis_tlast  = {N{s_axis_tlast}};",
                "assign m_axis_tlast  = {{(N-1){1'b0}}, s_axis_tlast};", "tlast reaches output 0 only"),
         Mutant("data_to_one_output", "assign m_axis_tdata  = {N{s_axis_tdata}};",
                "assign m_axis_tdata  = {{((N-1)*WIDTH){1'b0}}, s_axis_tdata};", "data reaches output 0 only"))),
    Job("swm_img_split",
        "interface per output (valid held, data/last stable); every input beat leaves on exactly one output, "
        "unchanged, in the cycle it is accepted; whole images: output 0 first after reset, then the same output "
        "until a tlast and the next one (N - 1 -> 0) after it, one output offered at a time; ready with the "
        "selected output (N = 3 outputs stalling independently)",
        (Mutant("wraps_late", "sel_reg <= (sel_reg == LAST[SW-1:0]) ?", "sel_reg <= (sel_reg == {SW{1'b1}}) ?",
                "the output after N - 1 is one that does not exist"),
         Mutant("switch_every_beat", "if (s_axis_tvalid && s_axis_tready && s_axis_tlast) begin",
                "if (s_axis_tvalid && s_axis_tready) begin", "an image split across outputs"),
         Mutant("switch_before_handshake", "if (s_axis_tvalid && s_axis_tready && s_axis_tlast) begin",
                "if (s_axis_tvalid && s_axis_tlast) begin", "the next output chosen before the last beat is taken"),
         Mutant("ready_from_output_0", "assign s_axis_tready = m_axis_tready[sel_reg];",
                "assign s_axis_tready = m_axis_tready[0];", "the input follows output 0's ready"),
         Mutant("offered_to_all", "assign m_axis_tvalid[j] = s_axis_tvalid && (sel_reg == j[SW-1:0]);",
                "assign m_axis_tvalid[j] = s_axis_tvalid;", "every output offered every beat"),
         Mutant("valid_waits_for_ready", "assign m_axis_tvalid[j] = s_axis_tvalid && (sel_reg == j[SW-1:0]);",
                "assign m_axis_tvalid[j] = s_axis_tvalid && m_axis_tready[j] && (sel_reg == j[SW-1:0]);",
                "valid withdrawn while the output stalls"),
         Mutant("data_follows_ready", "assign m_axis_tdata  = {N{s_axis_tdata}};",
                "assign m_axis_tdata  = {N{s_axis_tdata ^ {WIDTH{m_axis_tready[0]}}}};", "data changing while stalled"),
         Mutant("sel_survives_reset", "        if (rst) begin\n            sel_reg <= {SW{1'b0}};\n        end\n", "",
                "the first image after reset on any output"),
         Mutant("tlast_dropped", "assign m_axis_tlast[j]  = s_axis_tlast;", "assign m_axis_tlast[j]  = 1'b0;",
                "images without their tlast"))),
    Job("swm_img_merge",
        "interface (valid held, data/last stable at the output); every output beat exactly one input beat, "
        "unchanged, taken in the same cycle; whole images in turn: input 0 first after reset, the same input "
        "until a tlast and the next one (N - 1 -> 0) after it, only the served input sees ready; the output's "
        "valid is the served input's (N = 3 inputs)",
        (Mutant("wraps_late", "sel_reg <= (sel_reg == LAST[SW-1:0]) ?", "sel_reg <= (sel_reg == {SW{1'b1}}) ?",
                "an input after N - 1 that does not exist"),
         Mutant("switch_every_beat", "if (m_axis_tvalid && m_axis_tready && m_axis_tlast) begin",
                "if (m_axis_tvalid && m_axis_tready) begin", "images interleaved beat by beat"),
         Mutant("switch_before_handshake", "if (m_axis_tvalid && m_axis_tready && m_axis_tlast) begin",
                "if (m_axis_tvalid && m_axis_tlast) begin", "the next input served before the last beat is taken"),
         Mutant("ready_to_all", "assign s_axis_tready[j] = m_axis_tready && (sel_reg == j[SW-1:0]);",
                "assign s_axis_tready[j] = m_axis_tready;", "inputs not served take beats that are lost"),
         Mutant("valid_from_input_0", "assign m_axis_tvalid = s_axis_tvalid[sel_reg];",
                "assign m_axis_tvalid = s_axis_tvalid[0];", "the output valid of the wrong input"),
         Mutant("data_from_input_0", "assign m_axis_tdata  = s_axis_tdata[sel_reg*WIDTH +: WIDTH];",
                "assign m_axis_tdata  = s_axis_tdata[0 +: WIDTH];", "the data of the wrong input"),
         Mutant("last_from_input_0", "assign m_axis_tlast  = s_axis_tlast[sel_reg];",
                "assign m_axis_tlast  = s_axis_tlast[0];", "the tlast of the wrong input"),
         Mutant("sel_survives_reset", "        if (rst) begin\n            sel_reg <= {SW{1'b0}};\n        end\n", "",
                "the first image after reset from any input"))),
    Job("swm_argmax",
        "the function: every output index is the argmax (lowest index among equal maxima) of its vector's "
        "first N_CLASSES samples, against a shadow copy of the samples, with the running maximum as an "
        "invariant; one output per well-formed vector, none for a short or long one; err_len sticky and exact; "
        "a long vector dropped up to its tlast; interface (nothing valid after reset, valid held, data stable, "
        "tlast = 1); input refused only for a last sample while the previous index waits",
        (Mutant("ties_to_last", "wire greater = $signed(s_axis_tdata) > $signed(max_reg);",
                "wire greater = $signed(s_axis_tdata) >= $signed(max_reg);", "the last of equal maxima wins"),
         Mutant("unsigned_compare", "wire greater = $signed(s_axis_tdata) > $signed(max_reg);",
                "wire greater = s_axis_tdata > max_reg;", "negative samples compared as unsigned"),
         Mutant("non_classes_compete", "|| (greater && is_class);", "|| greater;",
                "samples beyond N_CLASSES win", task="prove_classes"),
         Mutant("last_sample_ignored", "out_idx_reg   <= take ? cnt_reg : idx_reg;",
                "out_idx_reg   <= idx_reg;", "the last sample never wins"),
         Mutant("output_for_long_vector", "err_reg  <= 1'b1;\n                        drop_reg <= 1'b1;",
                "err_reg  <= 1'b1;\n                        out_valid_reg <= 1'b1;\n                        drop_reg <= 1'b1;",
                "a long vector gives an index"),
         Mutant("short_not_flagged", "// short vector: no output, the next sample starts a vector\n                    err_reg <= 1'b1;",
                "// short vector: no output, the next sample starts a vector", "a short vector not flagged"),
         Mutant("long_not_dropped", "drop_reg <= 1'b1;", "drop_reg <= 1'b0;",
                "a long vector's rest taken as the next vector"),
         Mutant("always_ready", "assign s_axis_tready = !(at_last && out_valid_reg);", "assign s_axis_tready = 1'b1;",
                "a waiting index overwritten"),
         Mutant("valid_drops_unread", "if (m_axis_tvalid && m_axis_tready) begin", "if (m_axis_tvalid) begin",
                "an index withdrawn before the sink takes it"),
         Mutant("err_survives_reset", "            err_reg       <= 1'b0;\n", "", "err_len set after reset"),
         Mutant("valid_survives_reset", "            err_reg       <= 1'b0;\n            out_valid_reg <= 1'b0;\n",
                "            err_reg       <= 1'b0;\n", "an index offered right after reset"),
         Mutant("tlast_low", "assign m_axis_tlast  = 1'b1;", "assign m_axis_tlast  = 1'b0;", "results without tlast"),
         Mutant("position_runs_on", "if (at_last) begin\n                    cnt_reg <= {IW{1'b0}};",
                "if (at_last) begin\n                    cnt_reg <= cnt_reg + 1'b1;", "the sample position runs past N - 1",
                task="prove_classes"))),
]


def env() -> dict[str, str]:
    """The environment SymbiYosys needs: the shims first on PATH; FormalError when they are missing."""
    missing = [t for t in ("yosys", "yosys-smtbmc", "boolector") if not (SHIMS / t).is_file()]
    if missing or not SBY.is_file():
        raise FormalError(f"formal tools missing ({', '.join(missing) or 'yowasp-sby'}): run `make setup`")
    e = dict(os.environ)
    e["PATH"] = f"{SHIMS}{os.pathsep}{e.get('PATH', '')}"
    return e


def _sby_tasks(text: str) -> dict[str, dict[str, str]]:
    """task -> {mode, depth} from a .sby file's [options] (lines ``task: key value``)."""
    tasks = re.search(r"\[tasks\]\n(.*?)\n\n", text, re.S).group(1).split()
    opts = {t: {} for t in tasks}
    body = re.search(r"\[options\]\n(.*?)\n\n", text, re.S).group(1)
    for line in body.splitlines():
        m = re.match(r"(\w+):\s*(\w+)\s+(\S+)", line.strip())
        if m and m.group(1) in opts:
            opts[m.group(1)][m.group(2)] = m.group(3)
    return opts


def run_task(job: Job, task: str, work: Path, mutant: Mutant | None = None, verbose: bool = False) -> dict:
    """Run one task of a job's .sby in ``work`` (its hw file replaced by a mutant's when given).

    Returns {status: PASS | FAIL | UNKNOWN, seconds, trace (a counterexample or cover VCD, or ""), log};
    FormalError when SymbiYosys ends in ERROR (a tool or syntax problem, not a property)."""
    src = FORMAL / job.module / f"{job.module}.sby"
    text = src.read_text()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    for line in re.search(r"\[files\]\n(.*?)(?:\n\n|\Z)", text, re.S).group(1).split():
        path = (src.parent / line).resolve()
        body = path.read_text()
        if mutant is not None and path.name == f"{job.module}.v":
            try:
                body = replace_once(body, mutant.old, mutant.new, f"hw/{path.name}")
            except ValueError as exc:
                raise FormalError(f"mutant {mutant.name}: its text is not in hw/{path.name} exactly once ({exc}); "
                                  "update verif/formal/formal.py") from None
        (work / path.name).write_text(body)
    text = re.sub(r"\[files\]\n.*?(\n\n|\Z)", lambda m: "[files]\n" + "\n".join(
        p.name for p in sorted(work.iterdir())) + m.group(1), text, flags=re.S)
    (work / "job.sby").write_text(text)
    log = work / "sby.log"
    t0 = time.monotonic()
    with open(log, "w") as fh:
        r = subprocess.run([str(SBY), "-f", "job.sby", task, "-d", "run"], cwd=work, env=env(),
                           stdout=None if verbose else fh, stderr=subprocess.STDOUT, timeout=3600)
    dt = time.monotonic() - t0
    out = log.read_text() if not verbose else ""
    # SymbiYosys: 0 PASS, 2 FAIL (a counterexample), 4 UNKNOWN (e.g. the base case holds but induction
    # does not close: not a proof, and not a counterexample either)
    status = {0: "PASS", 2: "FAIL", 4: "UNKNOWN"}.get(r.returncode, "ERROR")
    if status == "ERROR":
        raise FormalError(f"{job.module} {task}{' (' + mutant.name + ')' if mutant else ''}: SymbiYosys ended "
                          f"with status {r.returncode}; full log: {log}")
    traces = sorted((work / "run").rglob("*.vcd"))
    # the assertion labels (module.label), or file:line for an unlabelled one
    failed = sorted({lab.split(".")[-1] if "_witness_" not in lab else loc for lab, loc in
                     re.findall(r"failed assertion (\S+) at (\S+?)\.\d+-\d+\.\d+", out)})
    return {"status": status, "seconds": round(dt, 1), "trace": str(traces[0]) if traces else "",
            "failed": failed, "log": str(log)}


def run_job(job: Job, out: Path, verbose: bool = False) -> list[dict]:
    """Every task of one job, then every mutant's prove task (each must FAIL); the result rows."""
    tasks = _sby_tasks((FORMAL / job.module / f"{job.module}.sby").read_text())
    rows = []
    for task, opt in tasks.items():
        r = run_task(job, task, out / job.module / task, verbose=verbose)
        mode = opt.get("mode", task)
        method = {"prove": "k-induction (smtbmc, boolector)", "bmc": "bounded model check",
                  "cover": "cover (reachability)"}[mode]
        rows.append(dict(module=job.module, check=task, properties=job.properties if mode == "prove" else
                         "every cover statement reached", method=method, depth=int(opt.get("depth", 0)),
                         **r, expected="PASS"))
    for m in job.mutants:
        r = run_task(job, m.task, out / job.module / f"mutant-{m.name}", mutant=m, verbose=verbose)
        rows.append(dict(module=job.module, check=f"mutant {m.name}" + (f" ({m.task})" if m.task != "prove" else ""),
                         properties=m.expect, method="k-induction (must fail)",
                         depth=int(tasks[m.task].get("depth", 0)), **r, expected="FAIL"))
    return rows


def assertion_labels(job: Job) -> list[str]:
    """The labelled assertions of a job's properties (``label: assert(...)``)."""
    return sorted({m for f in (FORMAL / job.module).glob("*.vh")
                   for m in re.findall(r"(\w+):\s*assert\(", f.read_text())})


def uncaught(job: Job, rows: list[dict]) -> list[str]:
    """Assertions of a job that no mutant made fail (each must be shown to fail before it is trusted)."""
    seen = {a for r in rows if r["module"] == job.module and r["expected"] == "FAIL" for a in r["failed"]}
    return [a for a in assertion_labels(job) if a not in seen]


def summary_md(rows: list[dict]) -> str:
    lines = ["| module | check | properties | method | depth | result | expected | failed assertions | time |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ok = r["status"] == r["expected"]
        lines.append(f"| {r['module']} | {r['check']} | {r['properties']} | {r['method']} | {r['depth']} | "
                     f"{r['status']}{'' if ok else ' (**unexpected**)'} | {r['expected']} | "
                     f"{', '.join(f'`{a}`' for a in r['failed']) or '-'} | {r['seconds']:.1f} s |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="make formal", description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="build/formal")
    ap.add_argument("--only", default="", help="comma-separated modules (default: all)")
    ap.add_argument("-v", "--verbose", action="store_true", default=os.environ.get("V", "0") == "1")
    args = ap.parse_args(argv)
    only = [m for m in args.only.split(",") if m]
    unknown = sorted(set(only) - {j.module for j in JOBS})
    if unknown:
        print(f"make formal: error: unknown module {', '.join(unknown)}; known: "
              f"{', '.join(j.module for j in JOBS)}", file=sys.stderr)
        return 2
    out = Path(args.out)
    rows: list[dict] = []
    try:
        env()   # the tools first: one line before any output when they are missing
    except FormalError as exc:
        print(f"make formal: error: {exc}", file=sys.stderr)
        return 1
    try:
        for job in tqdm([j for j in JOBS if not only or j.module in only], desc="formal", unit="module",
                        disable=args.verbose):
            rows += run_job(job, out, args.verbose)
    except FormalError as exc:
        print(f"make formal: error: {exc}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text(json.dumps(rows, indent=2) + "\n")
    table = summary_md(rows)
    bad = [r for r in rows if r["status"] != r["expected"]]
    missed = {j.module: uncaught(j, rows) for j in JOBS if any(r["module"] == j.module for r in rows)}
    for module, labels in missed.items():
        n = len(assertion_labels(next(j for j in JOBS if j.module == module)))
        table += f"\n{module}: {n - len(labels)} of {n} assertions failed by at least one mutant" + (
            f"; never failed: {', '.join(labels)}" if labels else "") + "\n"
    (out / "summary.md").write_text("# Formal proofs (`make formal`)\n\n" + table)
    print(table)
    for r in bad:
        print(f"formal: {r['module']} {r['check']}: {r['status']}, expected {r['expected']}"
              + (f"; trace {r['trace']}" if r["trace"] else "") + f"; log {r['log']}", file=sys.stderr)
    for r in rows:
        if r["status"] == "FAIL" and r["expected"] == "FAIL":
            print(f"formal: {r['module']} {r['check']}: counterexample {r['trace']}")
    print(f"formal: {len(rows) - len(bad)}/{len(rows)} as expected; summary {out / 'summary.md'}")
    return 1 if bad or any(missed.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
