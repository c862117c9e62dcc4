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
    names what breaks; ``task`` the proof that must fail; ``file``: another of the job's hw files
    (e.g. ``swm_argmax.v``) instead of hw/<module>.v."""

    name: str
    old: str
    new: str
    expect: str
    task: str = "prove"
    file: str = ""


@dataclass(frozen=True)
class Job:
    """One module's proof: what it shows, how (task -> method), and its mutants."""

    module: str
    properties: str
    mutants: tuple[Mutant, ...]
    # a directory (relative to verif/formal/<module>/) holding a network.json: `swm compile` writes its
    # swm_net.v into the work directory at run time (generated code is never checked in)
    net: str = ""


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
    Job("swm_read_skid",
        "interface (nothing valid after reset, valid held, data/last stable); capacity (words held in the "
        "output, skid and in-flight registers = reads issued - words sent, at most 2, the skid only behind a "
        "full output register); conservation (counters + one watched read: its rd_last and returned rd_data held "
        "where the occupancy says, leaving at its own index unchanged); no deadlock (rd_ready whenever the output "
        "register is empty or the sink ready, a returned word offered in the next cycle, a word sent by the "
        "second sink-ready cycle after its read)",
        (Mutant("always_ready", "assign rd_ready = (out_held <= 2'd1);", "assign rd_ready = 1'b1;",
                "a read issued with both registers full is lost"),
         Mutant("ready_with_two_held", "assign rd_ready = (out_held <= 2'd1);",
                "assign rd_ready = (out_held <= 2'd2);", "a read issued while two words wait is lost"),
         Mutant("ready_ignores_output_transfer", "\n                          - {1'b0, out_pop};", ";",
                "rd_ready low while the sink takes a word (half rate)"),
         Mutant("output_from_ram_over_skid", "                m_tdata_reg    <= skid_tdata_reg;",
                "                m_tdata_reg    <= rd_data;", "the parked word overtaken by the returning one"),
         Mutant("skid_not_emptied", "                skid_valid_reg <= rd_valid_reg;",
                "                skid_valid_reg <= 1'b1;", "the parked word sent twice"),
         Mutant("valid_survives_reset", "            m_tvalid_reg   <= 1'b0;\n", "",
                "a word offered right after reset"),
         Mutant("read_survives_reset", "            rd_valid_reg   <= 1'b0;\n", "",
                "a read issued in reset returns after it"),
         Mutant("withdraws_stalled_word", "if (!m_tvalid_reg || m_axis_tready) begin",
                "if (!m_tvalid_reg || m_axis_tready || !rd_valid_reg) begin",
                "a stalled word withdrawn when no word returns"),
         Mutant("overwrites_stalled_word", "if (!m_tvalid_reg || m_axis_tready) begin",
                "if (!m_tvalid_reg || m_axis_tready || rd_valid_reg) begin",
                "a stalled word replaced by the returning one"),
         Mutant("last_follows_ram", "            skid_last_reg  <= rd_last_reg;\n            skid_valid_reg <= 1'b1;",
                "            skid_last_reg  <= rd_last_reg;\n            skid_valid_reg <= 1'b1;\n"
                "            m_tlast_reg    <= rd_last_reg;", "a stalled word's last replaced by the parked word's"),
         Mutant("output_last_not_delayed", "                m_tlast_reg  <= rd_last_reg;",
                "                m_tlast_reg  <= rd_last;", "tlast of the next read instead of the returned one"),
         Mutant("skid_last_not_delayed", "            skid_last_reg  <= rd_last_reg;\n            skid_valid_reg <= 1'b1;",
                "            skid_last_reg  <= rd_last;\n            skid_valid_reg <= 1'b1;",
                "a parked word's tlast of the next read"),
         Mutant("read_last_dropped", "    rd_last_reg  <= rd_last;", "    rd_last_reg  <= 1'b0;",
                "tlast lost in flight"),
         Mutant("offered_without_read", "                m_tvalid_reg <= rd_valid_reg;",
                "                m_tvalid_reg <= 1'b1;", "a word offered that was never read"),
         Mutant("parks_when_output_free",
                "                m_tdata_reg  <= rd_data;\n                m_tlast_reg  <= rd_last_reg;\n"
                "                m_tvalid_reg <= rd_valid_reg;",
                "                m_tvalid_reg   <= 1'b0;\n                skid_tdata_reg <= rd_data;\n"
                "                skid_last_reg  <= rd_last_reg;\n                skid_valid_reg <= rd_valid_reg;",
                "a returned word parked instead of offered (a bubble per word)"))),
    Job("swm_act",
        "the function outright: out_data = the step 4 activation of docs/datapath.md (identity, relu, PWL sigmoid "
        "and tanh with the constants floor(c * ONE)) for every input word, every act and every frac (F <= DW - 4 "
        "for sigmoid/tanh), against a reference written from the text in wide arithmetic (DW 16, PIPE 0); "
        "PIPE 1 (DW 8): out_data = the reference of the inputs of the third-last ce cycle (frac taken with the "
        "value, act unchanged), the stage registers holding the doc's intermediate values (|a| and the "
        "constants, f(a), the sigmoid before sat), for any ce pattern",
        (Mutant("threshold_2375_high", "localparam [CW-1:0] C2375_32 = 76;", "localparam [CW-1:0] C2375_32 = 77;",
                "the 2.375 threshold at 2.40625 (the middle segments meet late)"),
         Mutant("offset_084_high", "localparam [CW-1:0] C084_32 = 27;", "localparam [CW-1:0] C084_32 = 28;",
                "the upper segment's offset 0.875 instead of 0.84375"),
         Mutant("upper_slope_doubled", "(a >> 5) + c084_1", "(a >> 4) + c084_1", "the upper segment's slope 1/16"),
         Mutant("tanh_of_o", "wire signed [DW-1:0] s_in = tanh_sel ? o2 : o;",
                "wire signed [DW-1:0] s_in = o;", "tanh computed from sigmoid(o) instead of sigmoid(2o)"),
         Mutant("negative_not_mirrored", "wire [CW-1:0]        sig = neg_2 ? one_2 - f_2 : f_2;",
                "wire [CW-1:0]        sig = f_2;", "sigmoid of a negative input = sigmoid of |o|"),
         Mutant("tanh_offset_missing", "(sig_s <<< 1) - one_s", "(sig_s <<< 1)", "tanh = 2 sigmoid(2o), ONE not subtracted"),
         Mutant("abs_not_saturated", "wire signed [DW:0]   abs_wide = s_in[DW-1] ? -s_in_wide : s_in_wide;",
                "wire signed [DW:0]   abs_wide = s_in[DW-1] ? {1'b0, ~s_in} : s_in_wide;",
                "|o| as the one's complement (one short for negative inputs)"),
         Mutant("stage1_ignores_ce", "if (ce) begin\n                    q_reg <= {o, s_in[DW-1], a_sat",
                "if (1'b1) begin\n                    q_reg <= {o, s_in[DW-1], a_sat",
                "stage 1 moves while ce is low", task="prove_pipe"),
         Mutant("offset_0625_high_pipe", "localparam [CW-1:0] C0625_32 = 20;", "localparam [CW-1:0] C0625_32 = 22;",
                "the second segment's offset 0.6875 (a registered constant wrong)", task="prove_pipe"),
         Mutant("stage2_ignores_ce", "if (ce) begin\n                    q_reg <= {o_1, neg_1, f, one_1};",
                "if (1'b1) begin\n                    q_reg <= {o_1, neg_1, f, one_1};",
                "stage 2 moves while ce is low", task="prove_pipe"),
         Mutant("stage3_ignores_ce", "if (ce) begin\n                    q_reg <= {o_2, sig, one_2};",
                "if (1'b1) begin\n                    q_reg <= {o_2, sig, one_2};",
                "stage 3 moves while ce is low", task="prove_pipe"),
         Mutant("relu_tests_wrong_bit", "(o_3[DW-1] ? {DW{1'b0}} : o_3)", "(o_3[DW-2] ? {DW{1'b0}} : o_3)",
                "relu zeroes large positive values and passes small negative ones", task="prove_pipe"))),
    Job("swm_maxpool",
        "k-induction (H 5, W 5, C 2: odd sizes, a row and a column dropped): interface (nothing valid, no error, "
        "not busy after reset; valid held, data/last stable; tlast exactly on output OH*OW*C-1 of each output "
        "frame); conservation by counters (the position registers and RAM pointers follow the accepted-sample "
        "count, one output per completed 2x2 window, in order); no deadlock (input taken exactly when the output "
        "register is free or taken; a completed window offered after the next advance); err_len exact and "
        "sticky, busy = frame in progress or pipeline not empty. Bounded (BMC 28 cycles from reset: a frame of "
        "H 4, W 3, C 2 with arbitrary initial RAM contents, the properties cannot see into swm_sram_1r1w): the "
        "same properties, and the output of a watched window (anyconst) = the signed maximum of its four samples, "
        "with the delay line and row buffer reads on the way",
        (Mutant("valid_survives_reset", "            y_valid_reg  <= 1'b0;\n", "",
                "an output offered right after reset"),
         Mutant("err_survives_reset", "            err_reg       <= 1'b0;\n", "", "err_len set after reset"),
         Mutant("missing_tlast_not_flagged", "if (s_axis_tlast != frame_last) begin",
                "if (s_axis_tlast && !frame_last) begin", "a frame without tlast on its last sample not flagged",
                task="bmc"),
         Mutant("data_moves_while_stalled",
                "            y_reg        <= vmax;\n            y_last_reg   <= s1_last_reg;\n        end",
                "            y_last_reg   <= s1_last_reg;\n        end\n        y_reg <= vmax;",
                "the stalled output's data replaced", task="bmc"),
         Mutant("last_moves_while_stalled", "            y_last_reg   <= s1_last_reg;\n        end",
                "        end\n        y_last_reg <= s1_last_reg;", "the stalled output's tlast replaced", task="bmc"),
         Mutant("advances_without_input", "wire adv    = !y_valid_reg || m_axis_tready;",
                "wire adv    = !s_axis_tvalid || m_axis_tready;", "a stalled output withdrawn when no input comes",
                task="bmc"),
         Mutant("ready_only_when_empty", "wire adv    = !y_valid_reg || m_axis_tready;",
                "wire adv    = !y_valid_reg;", "input refused while the sink takes the output (half rate)", task="bmc"),
         Mutant("output_lost_on_refill", "y_valid_reg  <= s1_valid_reg && s1_keep_reg && s1_hodd_reg;",
                "y_valid_reg  <= s1_valid_reg && s1_keep_reg && s1_hodd_reg && !y_valid_reg;",
                "a window completing as the previous output is taken is lost", task="bmc"),
         Mutant("column_count_runs_on", "w_reg <= w_last ? {WW_{1'b0}} : w_reg + 1'b1;", "w_reg <= w_reg + 1'b1;",
                "the column count not restarted at the row end", task="bmc"),
         Mutant("pair_base_steps_one", "pair_base_reg <= pair_base_reg + C_STEP;",
                "pair_base_reg <= pair_base_reg + 1'b1;", "row-buffer pairs overlap (step 1 instead of C)"),
         Mutant("tlast_every_row", "s1_last_reg  <= c_last && (w_reg == W_KEEP) && (h_reg == H_KEEP);",
                "s1_last_reg  <= c_last && (w_reg == W_KEEP);", "tlast at the end of every output row", task="bmc"),
         Mutant("busy_without_stage1", "assign busy = s1_valid_reg || y_valid_reg || ",
                "assign busy = y_valid_reg || ", "busy low while the frame's last sample is in stage 1", task="bmc"),
         Mutant("stage1_takes_partner", "s1_x_reg     <= s_axis_tdata;", "s1_x_reg     <= partner;",
                "stage 1 takes the delay line's word instead of the sample", task="bmc"),
         Mutant("delay_line_odd_columns_only", ".we(x_fire), .waddr(dl_ptr_reg)",
                ".we(x_fire && w_reg[0]), .waddr(dl_ptr_reg)", "the pair's left sample never stored", task="bmc"),
         Mutant("delay_line_frozen_in_odd_rows", ".we(x_fire), .waddr(dl_ptr_reg)",
                ".we(x_fire && !h_reg[0]), .waddr(dl_ptr_reg)", "the odd row paired with the even row's sample",
                task="bmc"),
         Mutant("row_max_unsigned", "wire signed [DW-1:0] rs = row_q;", "wire [DW-1:0] rs = row_q;",
                "the row-buffer maximum compared unsigned", task="bmc"),
         Mutant("row_buffer_written_ahead", ".waddr(s1_idx_reg)", ".waddr(rb_idx)",
                "the pair maximum written at the next sample's address", task="bmc"))),
    Job("swm_window",
        "k-induction (H 4, W 3, C 2, KH 3, KW 2, STRIDE 2, PAD 1): interface (nothing valid after reset; valid "
        "held, data/last stable; tlast exactly on sample KH*KW*C-1 of every vector) and framing (the reader's "
        "position in its vector and its frame = the output count + the samples in flight: OH*OW vectors per "
        "frame). Bounded (BMC 20 cycles from reset = one whole frame at full rate, H 3, W 2, C 1, KH 2, KW 2, "
        "STRIDE 2, PAD 1, DW 1; the line buffer's contents are not visible to the properties): the same, and the "
        "output of a watched position (anyconst pixel, tap, channel) = the input sample it shows or 0 in the "
        "padding; never deadlocked (input accepted or the reader has its rows), a read offered two cycles later "
        "with the sink ready; err_len exact and sticky; busy = an input frame in progress or outputs not all sent",
        (Mutant("valid_survives_reset", "            y_valid_reg <= 1'b0;\n", "",
                "a sample offered right after reset"),
         Mutant("data_moves_while_stalled",
                "            y_reg       <= p_zero_reg ? {DW{1'b0}} : rd_data;\n            y_last_reg  <= p_last_reg;\n        end",
                "            y_last_reg  <= p_last_reg;\n        end\n        y_reg <= p_zero_reg ? {DW{1'b0}} : rd_data;",
                "the stalled output's data replaced", task="bmc"),
         Mutant("last_moves_while_stalled", "            y_last_reg  <= p_last_reg;\n        end",
                "        end\n        y_last_reg <= p_last_reg;", "the stalled output's tlast replaced", task="bmc"),
         Mutant("advances_while_stalled", "wire adv = !y_valid_reg || m_axis_tready;", "wire adv = 1'b1;",
                "the output register overwritten while the sink stalls", task="bmc"),
         Mutant("tlast_every_tap_row", "wire vec_end = k_end && u_end;", "wire vec_end = k_end;",
                "tlast at the end of every tap row", task="bmc"),
         Mutant("one_tap_row_too_many", "wire u_end  = (u_reg == KH_S - ONE);", "wire u_end  = (u_reg == KH_S);",
                "KH + 1 tap rows per vector", task="bmc"),
         Mutant("one_column_too_many", "wire ow_end = (ow_reg == OW_S - ONE);", "wire ow_end = (ow_reg == OW_S);",
                "OW + 1 vectors per output row", task="bmc"),
         Mutant("top_padding_read", "wire in_image = (ih_reg >= 16'sd0) && ", "wire in_image = ",
                "the padding above the image read from the line buffer", task="bmc"),
         Mutant("window_does_not_step", "col_reg  <= col0_reg + SC_S;", "col_reg  <= col0_reg;",
                "the next output pixel's first tap row read at the previous column", task="bmc"),
         Mutant("one_row_line_buffer", "wire w_room = (ahead < NR_S);", "wire w_room = (ahead < ONE);",
                "the writer stops one row ahead: the reader waits for rows that never come", task="bmc"),
         Mutant("output_bubble", "y_valid_reg <= p_valid_reg;", "y_valid_reg <= p_valid_reg && !y_valid_reg;",
                "a read dropped when the output register is refilled", task="bmc"),
         Mutant("missing_tlast_not_flagged", "if (s_axis_tlast != w_frame_end) begin",
                "if (s_axis_tlast && !w_frame_end) begin", "a frame without tlast not flagged", task="bmc"),
         Mutant("busy_ignores_partial_row", " || (w_pos_reg != 16'sd0);", ";",
                "busy low while the first row of a frame is partly received", task="bmc"))),
    Job("swm_affine",
        "k-induction (DW 5, WW 3, C 2, N 4, half_up, OUT_SHIFT 2, relu): interface (nothing valid, no error, not "
        "busy after reset; valid held, data/last stable; tlast exactly on output N-1 of each frame); conservation "
        "(samples held = the four stage valids, in order; the channel counter = n mod C is the RAM read address; "
        "a watched sample moves one stage per advance and leaves at its own index); the function of the watched "
        "sample: relu(sat(rnd(x*scale + shift, OUT_SHIFT), DW)) of its x and the scale/shift words read for its "
        "channel, with the exact sum and the rounding as stage invariants; no deadlock (input taken exactly when "
        "the output register is free or taken; offered after three more advances); err_len exact and sticky, busy "
        "= sample in the pipeline or frame in progress, the load streams ready exactly while not busy",
        (Mutant("valid_survives_reset", "            y_valid_reg <= 1'b0;\n", "", "an output offered right after reset"),
         Mutant("err_survives_reset", "            err_reg <= 1'b0;\n", "", "err_len set after reset"),
         Mutant("missing_tlast_not_flagged", "if (s_axis_x_tlast != n_last) begin",
                "if (s_axis_x_tlast && !n_last) begin", "a frame without tlast on sample N-1 not flagged"),
         Mutant("advances_while_stalled", "wire adv = !y_valid_reg || m_axis_y_tready;", "wire adv = 1'b1;",
                "the pipeline moves while the sink stalls"),
         Mutant("advances_without_input", "wire adv = !y_valid_reg || m_axis_y_tready;",
                "wire adv = !y_valid_reg || m_axis_y_tready || !s_axis_x_tvalid;",
                "a stalled output withdrawn or replaced when no input comes"),
         Mutant("data_moves_while_stalled", "            y_reg       <= y_act;\n        end",
                "        end\n        y_reg <= y_act;", "the stalled output's data replaced"),
         Mutant("last_moves_while_stalled",
                "            y_last_reg  <= r_last_reg;\n            y_reg       <= y_act;\n        end",
                "            y_reg       <= y_act;\n        end\n        y_last_reg <= r_last_reg;",
                "the stalled output's tlast replaced"),
         Mutant("tlast_from_input", "a_last_reg  <= n_last;", "a_last_reg  <= s_axis_x_tlast;",
                "the output framed by the input tlast instead of the count"),
         Mutant("channel_stuck", "c_reg <= (c_reg == C_LAST) ? {CW{1'b0}} : c_reg + 1'b1;",
                "c_reg <= (c_reg == C_LAST) ? {CW{1'b0}} : c_reg;", "every sample scaled with channel 0's words"),
         Mutant("stage_b_drops_on_refill", "b_valid_reg <= a_valid_reg;", "b_valid_reg <= a_valid_reg && !b_valid_reg;",
                "a sample dropped between stages a and b"),
         Mutant("stage_a_moves_while_stalled",
                "        if (adv) begin\n            a_valid_reg <= s_axis_x_tvalid;\n            a_last_reg  <= n_last;\n"
                "            a_x_reg     <= s_axis_x_tdata;\n",
                "        a_x_reg <= s_axis_x_tdata;\n        if (adv) begin\n            a_valid_reg <= s_axis_x_tvalid;\n"
                "            a_last_reg  <= n_last;\n", "stage a's sample replaced while the pipeline stalls"),
         Mutant("unsigned_product", "wire signed [SW-1:0] prod = $signed(a_x_reg) * $signed(scale_q);",
                "wire signed [SW-1:0] prod = a_x_reg * scale_q;", "x * scale computed unsigned"),
         Mutant("shift_zero_extended", "{shift_q[SW-1], shift_q}", "{1'b0, shift_q}",
                "a negative shift word zero-extended"),
         Mutant("rounding_ignores_advance", ".ce(adv), .din(b_a_reg)", ".ce(1'b1), .din(b_a_reg)",
                "the rounding register moves while the pipeline stalls"),
         Mutant("saturation_skipped", ".in_data(r_o)", ".in_data(r_rnd[DW-1:0])",
                "the rounded sum truncated to DW bits instead of saturated"),
         Mutant("stage_r_drops_on_refill", "r_valid_reg <= b_valid_reg;", "r_valid_reg <= b_valid_reg && !r_valid_reg;",
                "a sample dropped between stages b and r"),
         Mutant("busy_without_stage_a", "assign busy = a_valid_reg || ", "assign busy = ",
                "busy low while a sample is in stage a"),
         Mutant("load_while_busy", "wire          load_en = !busy;", "wire          load_en = !y_valid_reg;",
                "scale/shift words loaded while a frame is in the pipeline"))),
    Job("swm_slot_buf",
        "the slot addressing of the halves (the half protocol is swm_bank_ctrl's own job): for a watched half "
        "and slot (anyconst), a read of that slot of that half returns the last value written to it while it "
        "was the write half; k-induction with the flip-flop memory (combinational slot reads; slot writes with "
        "LANES 2, word writes with LANES 4; NB 2, DEPTH 2), the memory word holding the value as the invariant; "
        "bounded (BMC 12) for the registered word reads through swm_sram_1r1w (NB 3), whose contents the "
        "properties cannot see",
        (Mutant("read_half0_at_half1_base", "(rd_half == {BW{1'b0}}) ? {MAW{1'b0}} :",
                "(rd_half == {BW{1'b0}}) ? DEPTH_C :", "half 0 read from half 1's words"),
         Mutant("slot_low_bits_as_word", "assign wr_word = wr_idx[SIW-1:LOG_L];", "assign wr_word = wr_idx[WIW-1:0];",
                "a slot written to the word of its lane bits"),
         Mutant("all_lanes_written", "if (wr_en && wr_lane_en[l]) begin", "if (wr_en) begin",
                "a slot write overwrites the other lanes of its word"),
         Mutant("read_lane_fixed", "if ({{(32-LOG_L){1'b0}}, rd_idx[LOG_L-1:0]} == i) begin", "if (i == 1) begin",
                "every slot read from lane 1"),
         Mutant("word_write_lane0_everywhere", "assign wr_lane_data = wr_data[l*W +: W];",
                "assign wr_lane_data = wr_data[W-1:0];", "a word write puts its lane-0 slot in every lane",
                task="prove_word"),
         Mutant("half2_on_half1", "(wr_half == HALF1) ? DEPTH_C : DEPTH_C << 1;",
                "(wr_half == HALF1) ? DEPTH_C : DEPTH_C;", "the third half written over the second", task="bmc"),
         Mutant("ram_read_only_when_writing", ".re(1'b1), .raddr(rd_addr)", ".re(wr_en), .raddr(rd_addr)",
                "the registered read holds a stale word", task="bmc"))),
    Job("swm_bank_ctrl",
        "the buffer protocol (NB 3 with 2-bit tags, and NB 2), with the caller keeping the protocol (assumed): "
        "after reset nothing available, a bank reservable, both banks 0; wr_can_reserve exactly while fewer than "
        "NB banks are reserved and not released, rd_avail exactly while a committed bank is not released; banks "
        "committed and read in reservation order (wr_bank = commits mod NB, rd_bank = releases mod NB, wr_bank = "
        "rd_bank + committed banks); the occupancy registers follow the counters; a watched commit's tag held "
        "from commit to release and shown on rd_tag while its bank is the oldest (so a committed bank is offered and "
        "a released one reservable in the next cycle)",
        (Mutant("used_survives_reset", "            used_reg   <= {CW{1'b0}};\n", "",
                "banks still in use after reset"),
         Mutant("read_bank_survives_reset", "            rbank_reg  <= {BW{1'b0}};\n", "",
                "the reader starts on another bank than the writer after reset"),
         Mutant("one_bank_short", "assign wr_can_reserve = (used_reg != NB_C);",
                "assign wr_can_reserve = (used_reg != NB_C - 1'b1);", "one bank never used"),
         Mutant("release_not_freeing", " - {{(CW-1){1'b0}}, rd_release};\n        filled_reg",
                ";\n        filled_reg", "a released bank never reservable again"),
         Mutant("avail_when_reserved", "assign rd_avail       = (filled_reg != {CW{1'b0}});",
                "assign rd_avail       = (filled_reg != {CW{1'b0}}) || (used_reg != {CW{1'b0}});",
                "a bank offered to the reader before it is committed"),
         Mutant("filled_counts_reservations", "filled_reg <= filled_reg + {{(CW-1){1'b0}}, wr_commit}",
                "filled_reg <= filled_reg + {{(CW-1){1'b0}}, wr_reserve}", "a bank counted as filled when reserved"),
         Mutant("avail_waits_for_producer", "assign rd_avail       = (filled_reg != {CW{1'b0}});",
                "assign rd_avail       = (filled_reg != {CW{1'b0}}) && (used_reg == filled_reg);",
                "a committed bank withheld while the producer holds a reservation"),
         Mutant("bank_no_wrap", "bank_inc = (b == LAST_BANK) ? {BW{1'b0}} : b + {{(BW-1){1'b0}}, 1'b1};",
                "bank_inc = b + {{(BW-1){1'b0}}, 1'b1};", "bank NB (that does not exist) after bank NB - 1"),
         Mutant("bank_advances_on_reserve", "        if (wr_commit) begin\n            wbank_reg ",
                "        if (wr_reserve) begin\n            wbank_reg ", "wr_bank moves on at the reservation"),
         Mutant("tag_stored_at_read_bank", "tag_mem[wbank_reg] <= wr_tag;", "tag_mem[rbank_reg] <= wr_tag;",
                "a commit's tag written over the bank being read"),
         Mutant("tag_read_at_write_bank", "assign rd_tag         = tag_mem[rbank_reg];",
                "assign rd_tag         = tag_mem[wbank_reg];", "rd_tag of the bank being filled"))),
    Job("swm_load_adapter",
        "interface (after reset no word without tlast, a word only from the selected adapter's beat, valid held, "
        "data/last stable); framing (a word ends exactly at its NB-th beat or a tlast and carries that tlast); "
        "conservation (words out = words completed by the accepted beats, the beat position follows the reference, "
        "a watched beat buffered in its segment and leaving in its own word at its own 32-bit position unchanged, "
        "zeros above a word's last beat); no deadlock (ready unless the beat completes a word and the sink stalls; "
        "a buffered beat leaves after at most NB-1-pos more beats offered with the sink ready); overflow exactly for "
        "the words of a packet past DEPTH",
        (Mutant("end_ignores_tlast", "wire end_word = (beat_reg == NB_LAST) || s_axis_tlast;",
                "wire end_word = (beat_reg == NB_LAST);", "a tlast does not end the word (misaligned load)"),
         Mutant("ready_ignores_sink", "assign s_axis_tready = selected && (!end_word || m_axis_tready);",
                "assign s_axis_tready = selected;", "a completed word lost while the memory side stalls"),
         Mutant("early_beats_wait_for_sink", "assign s_axis_tready = selected && (!end_word || m_axis_tready);",
                "assign s_axis_tready = selected && m_axis_tready;", "buffered beats stall on the sink"),
         Mutant("valid_unselected", "assign m_axis_tvalid = selected && s_axis_tvalid && end_word;",
                "assign m_axis_tvalid = s_axis_tvalid && end_word;", "a word offered by an adapter not selected"),
         Mutant("word_per_beat", "assign m_axis_tvalid = selected && s_axis_tvalid && end_word;",
                "assign m_axis_tvalid = selected && s_axis_tvalid;", "a word offered on every beat"),
         Mutant("advances_without_handshake", "if (fire) begin\n            word_reg",
                "if (s_axis_tvalid && selected) begin\n            word_reg",
                "the beat position moves while the word stalls"),
         Mutant("last_gated_by_ready", "assign m_axis_tlast  = s_axis_tlast;",
                "assign m_axis_tlast  = s_axis_tlast && m_axis_tready;", "tlast moving while the word stalls"),
         Mutant("beat_survives_reset", "        if (rst) begin\n            beat_reg <= {BW{1'b0}};\n        end\n",
                "", "a load after reset starts mid-word"),
         Mutant("stale_segments_above", "(beat_reg > SEG)  ? word_reg[gi*32 +: 32] : 32'd0;",
                "word_reg[gi*32 +: 32];", "a word ended early keeps the previous word's upper segments"),
         Mutant("buffered_from_input", "(beat_reg > SEG)  ? word_reg[gi*32 +: 32]",
                "(beat_reg > SEG)  ? s_axis_tdata", "the earlier beats of a word replaced by the last one"),
         Mutant("one_beat_too_many", "localparam [BW-1:0] NB_LAST = NB_LAST_I[BW-1:0];",
                "localparam [BW-1:0] NB_LAST = NB_LAST_I[BW-1:0] + 1'b1;", "words of NB + 1 beats"),
         Mutant("beat_stuck", "beat_reg <= end_word ? {BW{1'b0}} : beat_reg + {{(BW-1){1'b0}}, 1'b1};",
                "beat_reg <= end_word ? {BW{1'b0}} : beat_reg;", "a word without tlast never completes"),
         Mutant("count_not_restarted", "if (m_axis_tlast) begin\n                        words_reg",
                "if (1'b0) begin\n                        words_reg", "the packet length counted across packets"),
         Mutant("overflow_one_early", "assign overflow = word_fire && (words_reg == DEPTH_C);",
                "assign overflow = word_fire && (words_reg == DEPTH_C - 1'b1);", "the last word that fits flagged"),
         Mutant("count_survives_reset",
                "                if (rst) begin\n                    words_reg <= {CWD{1'b0}};\n                end\n",
                "", "a stale packet length after reset"))),
    Job("swm_dense_fc",
        "interface (nothing valid, no error, not busy after reset; valid held, data/last stable; tlast exactly on "
        "output N_OUT-1 of each vector); the output index pipeline (bidx = outputs sent + outputs in the output "
        "register and stages, each stage's last flag that of its index) and the input position (cons_*); err_len "
        "exact and sticky, busy with a partial input vector or an output in the stages, loads only while idle "
        "(ctl_*). Bounded (bmc): outputs sent <= N_OUT * vectors accepted; while outputs are owed one leaves within "
        "15 sink-ready cycles. The function stage by stage against docs/datapath.md \"Dense layer\" over the words "
        "the RAMs return, the Y bank controller and the activation replaced by their contracts (prove_func, "
        "k-induction; bmc_func 24 from reset for the mutants): issue (g, i) reads W word g*N_IN + i and X sample i, "
        "the MAC stages' beats in order, every lane's product exact, the accumulator the exact sum of the group's "
        "products, each Y half the exact sums committed to it, a bank reserved per group and committed in order "
        "(ctl_y_protocol), the halves read in commit order (the one read holds group rd_g), the slot read next "
        "output index g*LANES + lane, then o1 = that exact sum, rnd(ACC_SHIFT), sat(FW), + the bias word of the "
        "sample's index, sat(rnd(OUT_SHIFT), DW), y = relu three advances later (func_*)",
        (Mutant("valid_survives_reset", "            o_valid_reg <= {OSTG{1'b0}};\n            y_valid_reg <= 1'b0;\n",
                "            o_valid_reg <= {OSTG{1'b0}};\n", "an output offered right after reset"),
         Mutant("err_survives_reset", "            err_reg    <= 1'b0;\n", "", "a stale error after reset"),
         Mutant("output_ignores_ready", "assign o_adv = !y_valid_reg || m_axis_y_tready;", "assign o_adv = 1'b1;",
                "a stalled output overwritten", task="bmc"),
         Mutant("data_moves_while_stalled", "        if (o_adv) begin\n            o_valid_reg",
                "        y_data_reg  <= act_out;\n        if (o_adv) begin\n            o_valid_reg",
                "the output data replaced while the sink stalls", task="bmc"),
         Mutant("last_moves_while_stalled", "        if (o_adv) begin\n            o_valid_reg",
                "        y_last_reg  <= o_last_reg[OSTG-1];\n        if (o_adv) begin\n            o_valid_reg",
                "the output tlast replaced while the sink stalls", task="bmc"),
         Mutant("last_one_stage_early", "y_last_reg  <= o_last_reg[OSTG-1];", "y_last_reg  <= o_last_reg[OSTG-2];",
                "tlast taken from the wrong output stage", task="bmc"),
         Mutant("tlast_every_group", "o_last_reg  <= {o_last_reg[OSTG-2:0], bidx_last};",
                "o_last_reg  <= {o_last_reg[OSTG-2:0], lane_end};", "tlast at the end of every group"),
         Mutant("output_index_no_wrap", "bidx_reg <= bidx_last ? {OW{1'b0}} : bidx_reg + {{(OW-1){1'b0}}, 1'b1};",
                "bidx_reg <= bidx_reg + {{(OW-1){1'b0}}, 1'b1};", "the output index runs past N_OUT-1", task="bmc"),
         Mutant("input_advances_without_ready", "if (xw_fire) begin\n            xw_idx_reg",
                "if (s_axis_x_tvalid) begin\n            xw_idx_reg", "the input position moves on a refused sample"),
         Mutant("missing_tlast_not_flagged", "if (s_axis_x_tlast != xw_last) begin",
                "if (s_axis_x_tlast && !xw_last) begin", "a vector without tlast on sample N_IN-1 not flagged"),
         Mutant("busy_without_output_reg", "y_avail || (|o_valid_reg) || y_valid_reg;", "y_avail || (|o_valid_reg);",
                "not busy while the last output waits", task="bmc"),
         Mutant("load_while_busy", ".load_en(!busy_w),\n        .s_axis_tdata(s_axis_w_tdata)",
                ".load_en(1'b1),\n        .s_axis_tdata(s_axis_w_tdata)", "weights loaded while a vector is computed"),
         Mutant("dropped_slot_sent", "wire out_fire  = rd_fire && slot_ok;", "wire out_fire  = rd_fire;",
                "the last group's slot beyond N_OUT sent", task="bmc"),
         Mutant("only_last_group_committed", "s1_last_reg  <= mi_i_end;", "s1_last_reg  <= mi_i_end && mi_g_end;",
                "a group's sums never committed: outputs owed forever (deadlock)", task="bmc"),
         Mutant("x_one_stage_early", "wire signed [DW-1:0] x_l = x_q2_reg;", "wire signed [DW-1:0] x_l = x_q_reg;",
                "the product of the W word with the next beat's x", task="bmc_func"),
         Mutant("product_unsigned", "p_reg <= w_l * x_l;", "p_reg <= $unsigned(w_l) * $unsigned(x_l);",
                "W x computed unsigned", task="bmc_func"),
         Mutant("acc_not_cleared", "(s4_first_reg ? {AW{1'b0}} : acc_reg)", "acc_reg",
                "a group's sum starts from the last group's", task="bmc_func"),
         Mutant("first_flag_on_last", "s1_first_reg <= (mi_i_reg == {XIW{1'b0}});", "s1_first_reg <= mi_i_end;",
                "the sum cleared on the group's last beat", task="bmc_func"),
         Mutant("half_written_at_read_bank", "if (y_commit && (y_wr_bank == B_C)) begin",
                "if (y_commit && (y_rd_bank == B_C)) begin", "a group's sums written into the half being read",
                task="bmc_func"),
         Mutant("w_address_per_group", "mi_waddr_reg <= vec_end ? {WAW{1'b0}} :", "mi_waddr_reg <= grp_end ? {WAW{1'b0}} :",
                "every group multiplied with group 0's weights", task="bmc_func"),
         Mutant("slot_lane_0", "if ({{(32-LW){1'b0}}, rd_lane_reg} == ys_i) begin", "if (1'b0) begin",
                "every slot of a group read from lane 0", task="bmc_func"),
         Mutant("acc_shift_wrong", ".din(o1_acc_reg), .shift(ACC_SH_C)", ".din(o1_acc_reg), .shift(ACC_SH_C + 1'b1)",
                "acc rounded by ACC_SHIFT + 1", task="bmc_func"),
         Mutant("acc_sat_skipped", "o3_z_reg    <= z_sat;", "o3_z_reg    <= o2_rnd_reg[FW-1:0];",
                "rnd(acc) truncated to FW bits instead of saturated", task="bmc_func"),
         Mutant("bias_zero_extended", "{bias_q[FW-1], bias_q}", "{1'b0, bias_q}",
                "a negative bias zero-extended", task="bmc_func"),
         Mutant("bias_address_next", "assign bias_rd_addr = o1_idx_reg;", "assign bias_rd_addr = bidx_reg;",
                "the bias of the next output index", task="bmc_func"),
         Mutant("out_sat_skipped", "o5_sat_reg  <= o_sat;", "o5_sat_reg  <= v_rnd[DW-1:0];",
                "rnd(v, OUT_SHIFT) truncated to DW bits instead of saturated", task="bmc_func"),
         Mutant("last_slot_kept", "({1'b0, rd_lane_reg} < N_LAST_C)", "({1'b0, rd_lane_reg} <= N_LAST_C)",
                "a slot beyond N_OUT sent as an output", task="bmc_func"),
         Mutant("commit_every_beat", "wire                y_commit = s4_valid_reg && s4_last_reg;",
                "wire                y_commit = s4_valid_reg;", "a Y half committed per beat, not per group",
                task="bmc_func"),
         Mutant("read_group_every_slot", "            if (lane_end) begin\n                rd_g_reg",
                "            if (1'b1) begin\n                rd_g_reg", "the group read moves on every slot",
                task="bmc_func"),
         Mutant("activation_skipped", "y_data_reg  <= act_out;", "y_data_reg  <= o5_sat_reg;",
                "the output without its activation", task="bmc_func"))),
    Job("swm_mac_array",
        "no handshake: nothing valid in the three cycles after reset, the reset-emptied stages (iface_*); out_valid = "
        "in_valid three cycles before (live_*), out_last with it = its beat's in_last (ctl_*). Bounded (bmc, from reset, "
        "the caller's beat order assumed): every output = a reference ring of G complex accumulators, "
        "(in_first ? 0 : the group's running sum) + w * x, slot 0 two real products (func_*)",
        (Mutant("valid_survives_reset", "            a_valid_reg <= 1'b0;\n", "",
                "an output shown right after reset"),
         Mutant("valid_stage_skipped", "a_valid_reg <= p_valid_reg;", "a_valid_reg <= m_valid_reg;",
                "out_valid a cycle before its sums"),
         Mutant("last_stage_skipped", "a_last_reg  <= p_last_reg;", "a_last_reg  <= m_last_reg;",
                "out_last of the next beat"),
         Mutant("no_clear_on_first", "wire signed [AW-1:0] t_re = p_first ? {AW{1'b0}} :",
                "wire signed [AW-1:0] t_re = 1'b0 ? {AW{1'b0}} :", "a block row's real sums not started from zero",
                task="bmc"),
         Mutant("first_one_stage_early", ".d({m_valid_reg, m_first_reg})", ".d({m_valid_reg, in_first})",
                "the clear applied to the wrong beat", task="bmc"),
         Mutant("slot0_complex", "p_re_reg <= m_slot0 ? rr : rr - ii;", "p_re_reg <= rr - ii;",
                "slot 0 multiplied as a complex slot", task="bmc"),
         Mutant("imag_sign", "p_im_reg <= m_slot0 ? ii : ri + ir;", "p_im_reg <= m_slot0 ? ii : ri - ir;",
                "the imaginary cross products subtracted", task="bmc"),
         Mutant("ring_rotates_every_cycle", "if (p_valid) begin\n                    ring_reg[0]",
                "if (1'b1) begin\n                    ring_reg[0]", "the ring rotating in idle cycles", task="bmc"))),
    Job("swm_fft_stage",
        "the block handshakes, the word order and the butterfly values (K 8, stages 1 and 0): nothing "
        "written after reset; K/2 issue cycles per block, each source word read exactly once as pairs (a, a + h), "
        "every pair written 4 cycles after its issue at the same addresses with the block's tag (cons_*); reserve "
        "at a block's start, release with its last issue, commit with its last write (ctl_*); a block starts as "
        "soon as the source is committed and the destination reservable, no stall inside a block (live_*); "
        "every written pair = sat(rnd(a + b)), sat(rnd((a - b) * w^t)) of its own issue's words and twiddle, "
        "against a wide-arithmetic reference (func_*), for stage 1 (multiplier-free) and, task prove_mult, "
        "stage 0 (the multiplier pipeline, the same 4-cycle latency)",
        (Mutant("start_ignores_destination", "wire         start      = !busy_reg && src_avail && dst_can_reserve;",
                "wire         start      = !busy_reg && src_avail;", "a block started without a destination bank"),
         Mutant("busy_survives_reset", "            busy_reg <= 1'b0;\n", "", "a block resumed after reset"),
         Mutant("release_on_every_issue", "assign src_release = last_issue;", "assign src_release = issue;",
                "the source bank released before it is read"),
         Mutant("wrong_half_span", "wire [L-1:0] idx_b  = idx_a | HB_BIT;", "wire [L-1:0] idx_b  = idx_a | (HB_BIT << 1);",
                "the butterfly partner of another stage"),
         Mutant("no_gap_in_index", "wire [L-1:0] idx_a  = ((j_ext & ~LO_MASK) << 1) | (j_ext & LO_MASK);",
                "wire [L-1:0] idx_a  = j_ext;", "words read twice and others never"),
         Mutant("commit_every_write", "assign dst_commit = p4_valid_reg && p4_last_reg;",
                "assign dst_commit = p4_valid_reg;", "the destination committed before the block is written"),
         Mutant("write_one_stage_early", "assign dst_en     = p4_valid_reg;", "assign dst_en     = p3_valid_reg;",
                "a write before its data"),
         Mutant("second_address_of_first", "assign dst_addr1  = p4_b_reg;", "assign dst_addr1  = p4_a_reg;",
                "the difference written over the sum"),
         Mutant("write_survives_reset", "            p4_valid_reg <= 1'b0;\n", "", "a write right after reset"),
         Mutant("tag_dropped", "p1_tag_reg   <= src_tag;", "p1_tag_reg   <= 1'b0;",
                "the block's tag not carried to the destination"),
         Mutant("stall_inside_block", "wire         issue      = busy_reg || start;",
                "wire         issue      = (busy_reg && dst_can_reserve) || start;",
                "a block stalled by the destination's next bank"),
         Mutant("blocks_of_two", "wire         last_issue = issue && (&j);", "wire         last_issue = issue && j[0];",
                "a block ended after two issues"),
         Mutant("reserve_every_issue", "assign dst_reserve = start;", "assign dst_reserve = issue;",
                "a destination bank reserved per issue"),
         Mutant("commit_one_early", "p4_last_reg  <= p3_last_reg;", "p4_last_reg  <= p2_last_reg;",
                "the commit before the last write"),
         Mutant("minus_i_not_negated", "p3_pi_reg <= -p2_dr_x;", "p3_pi_reg <= p2_dr_x;",
                "the trivial stage's (a - b) * -i with the wrong sign"),
         Mutant("sum_re_from_im", "p3_sr_reg <= p2_sr_reg;", "p3_sr_reg <= p2_si_reg;",
                "the sum's real part replaced by its imaginary part"),
         Mutant("twiddle_one_off_format", "localparam [TW-1:0] TW_ONE = 1 << TF;",
                "localparam [TW-1:0] TW_ONE = 1 << (TF - 1);", "a twiddle format that is not the ROM's"),
         Mutant("twiddle_of_next_stage", "wire [L-2:0] tw_idx = (j & LO_MASK[L-2:0]) << STAGE;",
                "wire [L-2:0] tw_idx = (j & LO_MASK[L-2:0]) << (STAGE + 1);",
                "the multiplier stage's twiddles of the next stage", task="prove_mult"),
         Mutant("forward_conjugated", "p2_wi_reg <= (INVERSE == 1) ? -p1_wi : p1_wi;", "p2_wi_reg <= -p1_wi;",
                "conjugate twiddles in the forward transform", task="prove_mult"),
         Mutant("ii_added", "- $signed({p3_ii_reg[HMW-1], p3_ii_reg});", "+ $signed({p3_ii_reg[HMW-1], p3_ii_reg});",
                "pr = dr*wr + di*wi", task="prove_mult"),
         Mutant("cross_product_operand", ".b(p2_wi_reg), .p(p3_ri_reg)", ".b(p2_wr_reg), .p(p3_ri_reg)",
                "pi's dr*wi term multiplied by wr", task="prove_mult"),
         Mutant("product_shift_without_scale", "localparam integer SHP_I = TF + SCALE;", "localparam integer SHP_I = TF;",
                "the product not halved in a scaling stage", task="prove_mult"),
         Mutant("twiddle_real_one_cycle_late", "wire signed [TW-1:0] p1_wr = p1_tw_reg[2*TW-1:TW];",
                "wire signed [TW-1:0] p1_wr = p2_wr_reg;", "the twiddle's real part of the issue before",
                task="prove_mult"))),
    Job("swm_bc_layer",
        "the run control for every configuration (K 4, LANES 1, ROWS 1, MAX_P 2, MAX_Q 2; every cfg_* input, start, "
        "rst, the x source, the sink and the loads free): nothing valid, not busy, no done or error, cycles 0 after "
        "reset; valid held, data/last stable while busy; tlast on every p*K-th output sample (iface_*); the latched "
        "configuration and its loop bounds, the input position (vector, sample), the output index pipeline and vector "
        "count follow references (cons_*); cfg_error set at a start while idle exactly for the bad configurations and "
        "changed at no other time, busy = accepted start .. the run's last output transfer, done one cycle after it, "
        "cycles = edges since the start edge, x ready only while the run needs input, loads only while idle (ctl_*). "
        "Bounded (bmc from reset): nothing valid while idle; with the sink always ready and the input always valid a "
        "run of cfg_count 1 / 2 ends within 70 / 78 cycles; input refused at most LIVE_IN sink-ready cycles while "
        "the run needs it (live_*)",
        (Mutant("error_survives_reset", "            error_reg  <= 1'b0;\n", "", "a stale cfg_error after reset"),
         Mutant("output_ignores_ready", "assign o_adv = !y_valid_reg || m_axis_y_tready;", "assign o_adv = 1'b1;",
                "a stalled output overwritten", task="stall"),
         Mutant("data_moves_while_stalled", "        if (o_adv) begin\n            o_valid_reg",
                "        y_data_reg  <= act_out;\n        if (o_adv) begin\n            o_valid_reg",
                "the output data replaced while the sink stalls", task="stall"),
         Mutant("last_moves_while_stalled", "        if (o_adv) begin\n            o_valid_reg",
                "        y_last_reg  <= o_last_reg[OSTG-1];\n        if (o_adv) begin\n            o_valid_reg",
                "the output tlast replaced while the sink stalls", task="stall"),
         Mutant("last_one_stage_early", "y_last_reg  <= o_last_reg[OSTG-1];", "y_last_reg  <= o_last_reg[OSTG-2];",
                "tlast taken from the wrong output stage", task="stall"),
         Mutant("start_while_busy_latches", "if (start_ok) begin\n            q_reg", "if (start) begin\n            q_reg",
                "a start while busy (or a bad one) overwrites the latched configuration"),
         Mutant("output_bound_off_by_one", "pk_last_reg   <= pk_full - {{(BLW-1){1'b0}}, 1'b1};",
                "pk_last_reg   <= pk_full;", "output vectors of p*K + 1 samples"),
         Mutant("input_advances_without_ready", "if (x_fire) begin\n            if (in_cnt_reg",
                "if (s_axis_x_tvalid) begin\n            if (in_cnt_reg", "the input position moves on a refused sample",
                task="bmc"),
         Mutant("output_index_no_wrap", "bidx_reg <= bidx_wrap ? {BLW{1'b0}} : bidx_reg + {{(BLW-1){1'b0}}, 1'b1};",
                "bidx_reg <= bidx_reg + {{(BLW-1){1'b0}}, 1'b1};", "the output index runs past p*K-1",
                task="stall"),
         Mutant("stage_last_dropped", "o_last_reg  <= {o_last_reg[OSTG-2:0], bidx_wrap};",
                "o_last_reg  <= {o_last_reg[OSTG-2:0], 1'b0};", "tlast lost in the output stages",
                task="stall"),
         Mutant("vector_count_per_sample", "if (out_img_end) begin\n            out_vec_reg",
                "if (y_fire) begin\n            out_vec_reg", "the output vector count moves on every sample",
                task="stall"),
         Mutant("good_start_keeps_error", "error_reg <= cfg_bad;", "error_reg <= error_reg || cfg_bad;",
                "a good start does not clear cfg_error"),
         Mutant("error_while_busy", "if (start && !busy_reg) begin\n            error_reg",
                "if (start) begin\n            error_reg", "a start while busy changes cfg_error"),
         Mutant("q_zero_accepted", "(cfg_q == {QCW{1'b0}}) || ", "", "no cfg_error for q = 0"),
         Mutant("count_zero_accepted", "(cfg_count == 32'd0) ||", "", "no cfg_error for cfg_count = 0"),
         Mutant("p_above_max_accepted", "(cfg_p > MAX_P_C) ||", "", "no cfg_error for p > MAX_P"),
         Mutant("acc_shift_max_refused", "(cfg_acc_shift > ACC_SH_MAX)", "(cfg_acc_shift >= ACC_SH_MAX)",
                "cfg_error for cfg_acc_shift = AW-1"),
         Mutant("out_shift_max_refused", "(cfg_out_shift > OUT_SH_MAX)", "(cfg_out_shift >= OUT_SH_MAX)",
                "cfg_error for cfg_out_shift = FW+1"),
         Mutant("frac_max_refused", "(cfg_y_frac > FRAC_MAX)", "(cfg_y_frac >= FRAC_MAX)",
                "cfg_error for sigmoid/tanh with cfg_y_frac = DW-4"),
         Mutant("frac_checked_for_relu", "(cfg_act[1] && (cfg_y_frac", "(cfg_act[0] && (cfg_y_frac",
                "the y_frac bound applied to relu instead of sigmoid"),
         Mutant("start_while_busy_restarts", "wire start_ok = start && !busy_reg && !cfg_bad;",
                "wire start_ok = start && !cfg_bad;", "a start while busy restarts the run"),
         Mutant("done_sticky", "        done_reg <= 1'b0;\n        if (start && !busy_reg)",
                "        if (start && !busy_reg)", "done high until reset, not a pulse", task="live"),
         Mutant("cycles_off_by_one", "busy_reg   <= 1'b1;\n            cycles_reg <= 32'd0;",
                "busy_reg   <= 1'b1;\n            cycles_reg <= 32'd1;", "cycles one too many"),
         Mutant("x_ready_after_last_vector", "wire          in_en = busy_reg && (in_vec_reg < count_reg);",
                "wire          in_en = busy_reg;", "s_axis_x_tready up after the run's last input vector",
                task="bmc"),
         Mutant("x_ready_while_idle", "wire          in_en = busy_reg && (in_vec_reg < count_reg);",
                "wire          in_en = (in_vec_reg < count_reg);", "s_axis_x_tready up while idle"),
         Mutant("weights_load_while_busy", ".load_en(!busy_reg),\n        .s_axis_tdata(s_axis_w_tdata)",
                ".load_en(1'b1),\n        .s_axis_tdata(s_axis_w_tdata)", "weights loaded while a run computes"),
         Mutant("valid_survives_reset", "            y_valid_reg <= 1'b0;\n            out_vec_reg",
                "            out_vec_reg", "an output offered after reset, while idle", task="bmc"),
         Mutant("two_y_halves", "localparam integer Y_NB = (K <= 4) ? 3 : 2;", "localparam integer Y_NB = 2;",
                "two Y halves at K = 4: the run stalls and ends late", task="live"),
         Mutant("spectrum_never_taken", "assign fft_m_ready = x_can_fill;",
                "assign fft_m_ready = x_can_fill && !busy_reg;", "the FFT output never taken in a run (deadlock)",
                task="live"))),
    Job("swm_lstm_cell",
        "k-induction (DW 6, HIDDEN 3, G 2, C 1, A 2, half_up): interface (nothing valid, no err, no step_done after "
        "reset; valid held, data/last stable; tlast exactly on the HIDDEN-th h of a sequence); framing and "
        "conservation (the input position follows the sample count, 4H per step; S1/S1b samples at their positions; "
        "the o samples in the pipeline in order with their unit and their step's flags; outputs owed = last-step o "
        "samples in the pipeline, in unit order; step_done owed = o[H-1] samples in S1..S5); err exact and sticky, "
        "c = 0 for a first step's o samples, step_done only after the step's h are stored; input refused exactly "
        "while an h waits on a stalling sink; the function of a watched unit stage by stage against "
        "docs/datapath.md (activations, operands from the gate memories, products, c, tanh(c), h; c and h stored, "
        "h on h_rdata and m_axis_h). Bounded (bmc): an h of a last step offered within 7 cycles of its last "
        "pre-activation, the tlast h after exactly 7 advancing cycles",
        (Mutant("valid_survives_reset", "            v6_reg   <= 1'b0;\n            done_reg <= 1'b0;\n",
                "            done_reg <= 1'b0;\n", "an h offered right after reset"),
         Mutant("err_survives_reset", "            err_reg   <= 1'b0;\n", "", "a stale err after reset"),
         Mutant("done_survives_reset", "            v6_reg   <= 1'b0;\n            done_reg <= 1'b0;\n",
                "            v6_reg   <= 1'b0;\n", "step_done right after reset"),
         Mutant("ready_ignores_sink", "wire          ce = !(v6_reg && !m_axis_h_tready);", "wire          ce = 1'b1;",
                "the pipeline moves while an h waits on a stalling sink"),
         Mutant("withdraws_stalled_h", "        if (rst) begin\n            v6_reg   <= 1'b0;",
                "        if (rst || (v6_reg && !m_axis_h_tready)) begin\n            v6_reg   <= 1'b0;",
                "the waiting h withdrawn"),
         Mutant("data_moves_while_stalled", "            v6_reg <= v5_reg && last5_reg;\n            h6_reg <= h_new;\n",
                "            v6_reg <= v5_reg && last5_reg;\n        end\n        h6_reg <= h_new;\n        if (ce) begin\n",
                "the waiting h replaced"),
         Mutant("last_moves_while_stalled", "            t6_reg <= (n5_reg == H_LAST);\n        end",
                "        end\n        t6_reg <= (n5_reg == H_LAST);", "the waiting h's tlast replaced"),
         Mutant("tlast_on_unit_0", "t6_reg <= (n5_reg == H_LAST);", "t6_reg <= (n5_reg == {HW{1'b0}});",
                "tlast on the first h of a sequence"),
         Mutant("unit_no_wrap", "n_reg <= (n_reg == H_LAST) ? {HW{1'b0}} : n_reg + 1'b1;", "n_reg <= n_reg + 1'b1;",
                "the unit index runs past H-1 (a gate of 2^HW samples)"),
         Mutant("input_advances_without_ready", "if (z_fire) begin\n            n_reg", "if (s_axis_z_tvalid) begin\n            n_reg",
                "the input position moves on a refused sample"),
         Mutant("missing_tlast_not_flagged", "if (s_axis_z_tlast != at_end) begin", "if (s_axis_z_tlast && !at_end) begin",
                "a step without tlast on sample 4H-1 not flagged"),
         Mutant("flags_taken_every_sample", "if (at_start) begin\n                first_reg", "if (1'b1) begin\n                first_reg",
                "step_first / step_last taken with every sample, not the step's first"),
         Mutant("s1b_gate_of_next_sample", "g1b_reg     <= g1_reg;", "g1b_reg     <= gate_reg;",
                "a sample in S1b with the gate of the next one"),
         Mutant("last_flag_of_next_sample", "last2_reg <= last1b_reg;", "last2_reg <= last1_reg;",
                "an o sample with the next sample's step flag (a step's last h lost or sent for the next step)"),
         Mutant("h_for_every_step", "v6_reg <= v5_reg && last5_reg;", "v6_reg <= v5_reg;", "h sent for every step"),
         Mutant("last_h_dropped", "v6_reg <= v5_reg && last5_reg;", "v6_reg <= v5_reg && last5_reg && (n5_reg != H_LAST);",
                "the h of unit H-1 never sent"),
         Mutant("last_h_dropped_bmc", "v6_reg <= v5_reg && last5_reg;", "v6_reg <= v5_reg && last5_reg && (n5_reg != H_LAST);",
                "the tlast h never offered", task="bmc"),
         Mutant("stage_s4b_skipped", "v5_reg    <= v4b_reg;", "v5_reg    <= v4_reg;",
                "an h offered one advance early (with the wrong data)", task="bmc"),
         Mutant("halts_without_output", "wire          ce = !(v6_reg && !m_axis_h_tready);",
                "wire          ce = !((v6_reg || v5_reg) && !m_axis_h_tready);",
                "the pipeline halted by a stalling sink with no h to take (deadlock)", task="bmc"),
         Mutant("halts_without_output_prove", "wire          ce = !(v6_reg && !m_axis_h_tready);",
                "wire          ce = !((v6_reg || v5_reg) && !m_axis_h_tready);",
                "input refused while no h waits"),
         Mutant("done_every_unit", "done_reg      <= (n5_reg == H_LAST);", "done_reg      <= 1'b1;",
                "step_done for every unit"),
         Mutant("done_one_stage_early", "done_reg      <= (n5_reg == H_LAST);", "done_reg      <= (n4b_reg == H_LAST) && v4b_reg;",
                "step_done before unit H-1's h is stored"),
         Mutant("c_not_zeroed_on_first", "c2_reg    <= first1b_reg ? {DW{1'b0}} : c_mem[n1b_reg];",
                "c2_reg    <= c_mem[n1b_reg];", "a sequence's first step starts from the last sequence's c"),
         Mutant("c_stored_at_next_unit", "c_mem[n3_reg] <= c_new;", "c_mem[n2_reg] <= c_new;", "c written to another unit"),
         Mutant("g_as_sigmoid", "wire [1:0]    act_sel = (g1_reg == 2'd2) ? 2'd3 : 2'd2;", "wire [1:0]    act_sel = 2'd2;",
                "g = sigmoid instead of tanh"),
         Mutant("f_stored_at_next_unit", "f_mem[n1b_reg] <= act1_reg;", "f_mem[n1_reg] <= act1_reg;",
                "f written to another unit"),
         Mutant("g_read_at_next_unit", "g2_reg    <= g_mem[n1b_reg];", "g2_reg    <= g_mem[n1_reg];",
                "g read for another unit"),
         Mutant("c_shifts_swapped", ".din(fc3_reg), .shift(SH_F_C)", ".din(fc3_reg), .shift(SH_I_C)",
                "f*c rounded by 2G - C instead of G"),
         Mutant("tanh_c_at_g", ".frac(C_C)", ".frac(G_C)", "tanh(c) with G fraction bits instead of C"),
         Mutant("tanh_c_not_registered", "tc4b_reg   <= tc4;", "tc4b_reg   <= c4_reg;", "o multiplied by c instead of tanh(c)"),
         Mutant("h_shift_wrong", ".din(oc5_reg), .shift(SH_H_C)", ".din(oc5_reg), .shift(SH_F_C)",
                "o*tanh(c) rounded by G instead of G + C - A"),
         Mutant("h_out_from_memory", "h6_reg <= h_new;", "h6_reg <= h_mem[n5_reg];",
                "the h sent is its unit's h of the step before (read before the write)"),
         Mutant("h_stored_at_next_unit", "h_mem[n5_reg] <= h_new;", "h_mem[n4b_reg] <= h_new;", "h written to another unit"),
         Mutant("unsigned_product", "fc3_reg   <= f2_reg * c2_reg;", "fc3_reg   <= $unsigned(f2_reg) * $unsigned(c2_reg);",
                "f*c computed unsigned"))),
    Job("swm_lstm_stage",
        "the control and framing (K 4, DW 5, N_X 3, HIDDEN 4, MAX_LEN 3, LANES 1; data words cut, and in prove / "
        "bmc_cut the whole gate engine): nothing valid and no protocol error after reset, valid held, data/last "
        "stable (iface_*); the sequencer against a reference of the input framing (sample in step, step in "
        "sequence, dropping; every accepted sample to the engine at its place, padding and first-step h zeros, "
        "XLEN + H samples per engine vector, tlast on the last) (cons_*); the protocol error exact and sticky, input "
        "only while run, in_stall / out_stall (ctl_*). Bounded: tlast on the H-th output of a burst; outputs only "
        "for ended sequences (one burst each); cfg_error = the protocol error; h part only after step_done; busy "
        "after run, held, while a sample is held; loads refused while busy; at full rate a 1 / 2 "
        "step sequence's last output within 87 / 170 cycles of its first input (live_*)",
        (Mutant("perr_survives_reset", "            perr_reg      <= 1'b0;\n", "", "a stale protocol error after reset"),
         Mutant("drop_never_ends", "if (drop_reg && x_fire && s_axis_x_tlast) begin", "if (1'b0) begin",
                "the dropping of an over-long sequence never ends"),
         Mutant("long_not_flagged", "drop_next_reg <= 1'b1;\n                    perr_reg      <= 1'b1;",
                "drop_next_reg <= 1'b1;", "an over-long sequence not flagged"),
         Mutant("short_not_flagged", "pad_reg  <= 1'b1;\n                        perr_reg <= 1'b1;",
                "pad_reg  <= 1'b1;", "a tlast inside a step not flagged"),
         Mutant("long_not_dropped", "drop_next_reg <= 1'b1;\n                    perr_reg",
                "drop_next_reg <= 1'b0;\n                    perr_reg", "the rest of an over-long sequence taken as a new one"),
         Mutant("max_len_one_short", "xi_reg == NX_M1 && step_reg == LEN_M1", "xi_reg == NX_M1 && step_reg == LEN_M1 - 1'b1",
                "sequences of MAX_LEN steps cut as over-long"),
         Mutant("early_tlast_not_padded", "pad_reg  <= 1'b1;", "pad_reg  <= 1'b0;",
                "after a tlast inside a step the next sequence's samples fill the step"),
         Mutant("pad_not_cleared", "                pad_reg   <= 1'b0;\n", "",
                "the padding flag carried into the h part and the next step"),
         Mutant("padding_with_input", "(x_real ? s_axis_x_tdata : {DW{1'b0}})", "s_axis_x_tdata",
                "the padding carries the input's data"),
         Mutant("first_h_not_zero", "(first_step ? {DW{1'b0}} : h_rdata)", "h_rdata",
                "a sequence's first step gets the last sequence's h"),
         Mutant("x_ready_ignores_engine", "(x_real && e_tready)", "x_real",
                "a sample taken while the engine's slice is full (lost)"),
         Mutant("dropped_samples_sent", "(s_axis_x_tvalid && !drop_reg)", "s_axis_x_tvalid",
                "the dropped samples of an over-long sequence sent to the engine"),
         Mutant("tlast_every_h", "wire             e_tlast = phase_reg && (hi_reg == H_M1);",
                "wire             e_tlast = phase_reg;", "an engine vector tlast on every h sample"),
         Mutant("no_padding", "if (xi_reg == XLEN_M1) begin", "if (xi_reg == NX_M1) begin",
                "the x part not padded to XLEN (vectors one short)"),
         Mutant("step_not_restarted", "step_reg  <= cur_last_reg ? {TCW{1'b0}} : step_reg + 1'b1;",
                "step_reg  <= step_reg + 1'b1;", "the step index runs on into the next sequence"),
         Mutant("last_flag_not_cleared", "                last_pend_reg <= 1'b0;\n                h_avail_reg   <= 1'b0;",
                "                h_avail_reg   <= 1'b0;", "every step after a sequence's last flagged last"),
         Mutant("drop_before_step_sent", "drop_next_reg <= 1'b1;\n                    perr_reg",
                "drop_reg      <= 1'b1;\n                    perr_reg", "dropping starts before the over-long step's padding"),
         Mutant("input_without_run", "assign s_axis_x_tready = run && (", "assign s_axis_x_tready = (",
                "input taken while run is low"),
         Mutant("in_stall_without_ready", "assign in_stall  = s_axis_x_tready && !s_axis_x_tvalid;",
                "assign in_stall  = !s_axis_x_tvalid;", "in_stall counted while the stage refuses input"),
         Mutant("output_ignores_ready", ".m_axis_h_tready(m_axis_y_tready)", ".m_axis_h_tready(1'b1)",
                "the final h replaced while the sink stalls", task="bmc_cut"),
         Mutant("output_data_undriven", ".m_axis_h_tdata(m_axis_y_tdata)", ".m_axis_h_tdata()",
                "m_axis_y_tdata not driven by the cell", task="bmc_cut"),
         Mutant("output_last_undriven", ".m_axis_h_tlast(m_axis_y_tlast)", ".m_axis_h_tlast()",
                "m_axis_y_tlast not driven by the cell", task="bmc_cut"),
         Mutant("output_valid_undriven", ".m_axis_h_tvalid(m_axis_y_tvalid)", ".m_axis_h_tvalid()",
                "m_axis_y_tvalid not driven by the cell", task="bmc_cut"),
         Mutant("h_before_step_done", ": (hi_reg != {HW{1'b0}} || h_avail_reg));", ": 1'b1);",
                "h_{t-1} sent before the cell stored it", task="bmc"),
         Mutant("step_done_undriven", ".step_done(step_done)", ".step_done()",
                "the sequencer's step_done not the cell's", task="bmc"),
         Mutant("every_step_last", ".step_last(cur_last_reg)", ".step_last(1'b1)",
                "an h burst for every step", task="bmc"),
         Mutant("error_without_protocol", "assign cfg_error = perr_reg || eng_err || cell_err;",
                "assign cfg_error = eng_err || cell_err;", "cfg_error misses the protocol errors", task="bmc"),
         Mutant("error_always", "assign cfg_error = perr_reg || eng_err || cell_err;",
                "assign cfg_error = 1'b1;", "cfg_error after reset", task="bmc_short"),
         Mutant("busy_always", "assign busy      = eng_busy || slice_busy;", "assign busy      = 1'b1;",
                "busy after reset and before run", task="bmc_short"),
         Mutant("busy_from_slice", "assign busy      = eng_busy || slice_busy;", "assign busy      = slice_busy;",
                "busy falls while the engine runs", task="bmc"),
         Mutant("busy_from_engine", "assign busy      = eng_busy || slice_busy;", "assign busy      = eng_busy;",
                "not busy while the slice holds the first sample", task="bmc"),
         Mutant("load_ready_undriven", ".s_axis_w_tready(eng_w_tready)", ".s_axis_w_tready()",
                "s_axis_w_tready not the engine's (ready while busy)", task="bmc"),
         Mutant("load_ready_while_slice_busy", "assign s_axis_b_tready = eng_b_tready && !slice_busy;",
                "assign s_axis_b_tready = eng_b_tready;",
                "bias load ready while the slice holds the first sample (busy)", task="bmc"),
         Mutant("no_h_after_reset", "            h_avail_reg   <= 1'b1;\n            perr_reg",
                "            h_avail_reg   <= 1'b0;\n            perr_reg",
                "the first h part never sent (deadlock)", task="live"),
         Mutant("step_done_missed_while_waiting", "if (step_done) begin", "if (step_done && !phase_reg) begin",
                "a step_done that comes while the h part waits is lost (deadlock from step 2)", task="live"))),
    Job("swm_rfft",
        "the stream control (K 4, data words cut): nothing valid after reset, valid held, data/last stable "
        "(iface_*, k-induction); BMC from reset: at most F_CAP blocks inside, a slot only for a completed input "
        "block, tlast exactly on slot K/2-1 of a block whose sample K-1 had tlast (cons_*); input ready "
        "whenever nothing is inside, at most F_BUB sink-ready cycles without a transfer while a block is owed; "
        "at full rate each block's last slot exactly swm.perf.latencies(K)[0] cycles after its last sample (live_*)",
        (Mutant("output_ignores_ready", ".m_axis_tready(m_axis_tready)", ".m_axis_tready(1'b1)",
                "slots moved on while the sink stalls"),
         Mutant("skid_not_reset", ".clk(clk), .rst(rst),\n    .rd_ready(rd_ready)", ".clk(clk), .rst(1'b0),\n    .rd_ready(rd_ready)",
                "the output register surviving reset"),
         Mutant("data_undriven", ".m_axis_tdata(m_axis_tdata)", ".m_axis_tdata()", "m_axis_tdata not the output register's"),
         Mutant("last_undriven", ".m_axis_tlast(m_axis_tlast)", ".m_axis_tlast()", "m_axis_tlast not the output register's"),
         Mutant("valid_undriven", ".m_axis_tvalid(m_axis_tvalid)", ".m_axis_tvalid()",
                "m_axis_tvalid not the output register's"),
         Mutant("ready_without_bank", "assign s_axis_tready = !in_first || in_can_reserve;",
                "assign s_axis_tready = 1'b1;", "a block taken with no free bank", task="bmc"),
         Mutant("release_every_slot", ".out_release(rd_issue && rd_lastw)", ".out_release(rd_issue)",
                "a block released after its first slot", task="bmc"),
         Mutant("tlast_every_slot", ".rd_last(out_tag && rd_lastw)", ".rd_last(out_tag)",
                "tlast on every slot of a tagged block", task="bmc"),
         Mutant("tag_always", ".in_tag(s_axis_tlast)", ".in_tag(1'b1)", "tlast on blocks without it", task="bmc"),
         Mutant("commit_after_two", "wire in_lastw = &in_n_reg;", "wire in_lastw = in_n_reg[0];",
                "a block committed after two samples", task="bmc"),
         Mutant("first_sample_never_taken", "assign s_axis_tready = !in_first || in_can_reserve;",
                "assign s_axis_tready = !in_first;", "input refused forever (deadlock)", task="bmc"),
         Mutant("tagged_blocks_never_read", "wire            rd_issue = out_avail && rd_ready;",
                "wire            rd_issue = out_avail && rd_ready && !out_tag;",
                "a block with tlast never read (deadlock at the output)", task="bmc"),
         Mutant("bubble_after_slot0", "wire            rd_issue = out_avail && rd_ready;",
                "wire            rd_issue = out_avail && rd_ready && !(rd_m_reg[0] && rd_slot0_reg);",
                "a read bubble after slot 0 of each block (one cycle late)", task="live"),
         )),
    Job("swm_accel",
        "the system top's run control with the generated network u_net cut (every output free but for the "
        "class stream's rules and one class per image that entered it) and the register block real (AXI4-Lite "
        "free): the stages run exactly from a START until reset / SOFT_RESET and only with the load slice "
        "empty; load beats reach the network only before the first START and with STAGE_SEL < NUM_STAGES, later "
        "or misaddressed beats taken, dropped and flagged (the error input one cycle later, ERROR.WEIGHT_LOAD the "
        "next); one load packet at a time; images taken only while the run needs them, never more than IMAGE_COUNT, classes never more "
        "than images, images in flight = images in - classes out, the pipeline empty between runs; BUSY from an "
        "accepted START (CSR: only while idle) to the last class, DONE and IRQ_STATUS.DONE then; START clears "
        "CYCLES, IMAGES_IN, IMAGES_OUT and the stall counters, SOFT_RESET everything; CYCLES counts BUSY "
        "cycles; the network's input streams keep the stream rules",
        (Mutant("run_survives_soft_reset", "            run_reg        <= 1'b0;\n", "",
                "the stages keep running after SOFT_RESET (loads refused)"),
         Mutant("run_ignores_load_slice", "wire net_run = run_reg && !ld_pending;", "wire net_run = run_reg;",
                "the stages start while a load beat is still on its way", task="bmc"),
         Mutant("run_waits_for_packet_end", "wire net_run = run_reg && !ld_pending;",
                "wire net_run = run_reg && !ld_pending && !lock_reg;",
                "a START inside a load packet never starts the stages (deadlock)", task="bmc"),
         Mutant("load_after_start", "wire ld_ok     = !run_reg && (stage_sel < NS_C);",
                "wire ld_ok     = (stage_sel < NS_C);", "a load beat after START reaches a running stage", task="bmc"),
         Mutant("load_ignores_stage_sel", "wire ld_ok     = !run_reg && (stage_sel < NS_C);",
                "wire ld_ok     = !run_reg;", "a beat for STAGE_SEL >= NUM_STAGES passed on, not flagged", task="bmc"),
         Mutant("start_while_busy", "assign start = ctrl_start && !busy && !ctrl_soft_reset;",
                "assign start = ctrl_start && !ctrl_soft_reset;", "a START while busy restarts the run",
                task="bmc", file="swm_accel_csr.v"),
         Mutant("busy_kept_at_end", "                busy_reg <= 1'b0;\n                done_reg <= 1'b1;",
                "                done_reg <= 1'b1;", "DONE while BUSY stays high (the run never ends)", task="bmc"),
         Mutant("input_ignores_count", "wire in_open  = busy_reg && (free_run || images_in_reg != count_reg);",
                "wire in_open  = busy_reg;", "images taken beyond IMAGE_COUNT", task="bmc"),
         Mutant("class_counted_twice", "images_out_reg <= images_out_reg + 32'd1;",
                "images_out_reg <= images_out_reg + 32'd2;", "IMAGES_OUT ahead of the classes", task="bmc"),
         Mutant("ends_one_class_early", "(images_out_reg + 32'd1 == count_reg)", "(images_out_reg + 32'd2 == count_reg)",
                "the run ends before its last class", task="bmc"),
         Mutant("ends_at_first_class", "wire last_out = cls_fire && !free_run && (images_out_reg + 32'd1 == count_reg);",
                "wire last_out = cls_fire && !free_run;", "the run ends at its first class, images still inside",
                task="bmc"),
         Mutant("image_counted_per_sample", "if (fc_out_fire && fc_out_last && images_in_reg",
                "if (fc_out_fire && images_in_reg", "IMAGES_IN counts samples", task="bmc"),
         Mutant("image_counted_at_port", "if (fc_out_fire && fc_out_last && images_in_reg",
                "if (s_axis_x_tvalid && s_axis_x_tready && s_axis_x_tlast && images_in_reg",
                "a short image counted before its padding: the input closes while the frame check pads", task="bmc"),
         Mutant("frame_check_gate_missing", ".s_axis_tvalid(s_axis_x_tvalid && in_open)", ".s_axis_tvalid(s_axis_x_tvalid)",
                "samples passed to the network while the input is closed"),
         Mutant("x_ready_only_when_empty", "assign s_axis_x_tready = in_open && fc_in_tready;",
                "assign s_axis_x_tready = in_open && fc_in_tready && !nx_tvalid;",
                "the input refused while the x slice has room", task="bmc"),
         Mutant("x_slice_not_soft_reset", "swm_axis_reg #(.W(DW)) u_x_reg (\n        .clk(clk), .rst(net_rst),",
                "swm_axis_reg #(.W(DW)) u_x_reg (\n        .clk(clk), .rst(rst),",
                "SOFT_RESET leaves samples in the x slice", task="bmc"),
         Mutant("b_ready_always", "assign s_axis_b_tready = pick_b && ld_tready;",
                "assign s_axis_b_tready = ld_tready;", "both load streams ready at once"),
         Mutant("no_packet_lock", "wire pick_b    = lock_reg ? lock_b_reg : !s_axis_w_tvalid;",
                "wire pick_b    = !s_axis_w_tvalid;", "a W packet interleaved with B beats"),
         Mutant("late_load_refused", "wire ld_tready = ld_ok ? ld_slice_ready : 1'b1;",
                "wire ld_tready = ld_ok ? ld_slice_ready : 1'b0;", "a late load beat never taken (a hang)", task="bmc"),
         Mutant("overflow_not_flagged", "err_load_reg <= (ld_fire && !ld_ok) || net_ld_overflow;",
                "err_load_reg <= (ld_fire && !ld_ok);", "a load past the memory's end not flagged"),
         Mutant("load_error_not_wired", ".hwif_in_error_weight_load(err_weight_load)", ".hwif_in_error_weight_load(1'b0)",
                "ERROR.WEIGHT_LOAD never set", task="bmc", file="swm_accel_csr.v"),
         Mutant("irq_done_from_busy", ".hwif_in_irq_status_done(done)", ".hwif_in_irq_status_done(busy)",
                "IRQ_STATUS.DONE set by BUSY, not DONE", task="bmc", file="swm_accel_csr.v"),
         Mutant("dropped_load_starts_run", "if (start) begin\n            run_reg        <= 1'b1;",
                "if (start || (ld_fire && !ld_ok)) begin\n            run_reg        <= 1'b1;",
                "BUSY rises without a START (a dropped load beat starts a run)", task="bmc"),
         Mutant("busy_after_reset", "            busy_reg       <= 1'b0;\n", "            busy_reg       <= 1'b1;\n",
                "BUSY without a START"),
         Mutant("done_kept_by_start", "            done_reg       <= 1'b0;\n            count_reg      <= image_count;",
                "            count_reg      <= image_count;", "DONE of the last run kept through START", task="bmc"),
         Mutant("cycles_kept_by_start", "            count_reg      <= image_count;\n            cycles_reg     <= 32'd0;",
                "            count_reg      <= image_count;\n            cycles_reg     <= cycles_reg;",
                "CYCLES not cleared by START", task="bmc"),
         Mutant("cycles_while_idle", "if (busy_reg && cycles_reg != 32'hFFFF_FFFF) begin",
                "if (cycles_reg != 32'hFFFF_FFFF) begin", "CYCLES counts while idle"),
         Mutant("stalls_kept_by_start", ".clr(net_rst || start)", ".clr(net_rst)",
                "the stall counters not cleared by START", task="bmc"),
         Mutant("slice_withdraws_beat", "if (!valid_reg || m_ready) begin", "if (!valid_reg || m_ready || !s_valid) begin",
                "a register slice withdraws a stalled beat (the network's input rules broken)", task="bmc",
                file="swm_axis_reg.v"),
         Mutant("slice_skid_survives_reset", "            valid_reg      <= 1'b0;\n            skid_valid_reg <= 1'b0;\n",
                "            valid_reg      <= 1'b0;\n", "a register slice's skid beat survives reset",
                file="swm_axis_reg.v"),
         Mutant("frame_count_survives_reset", "            cnt_reg   <= {CW{1'b0}};\n", "",
                "the frame check's sample count not reset (frames misaligned)", file="swm_frame_check.v")),
        net="net"),
    Job("swm_affine_stage",
        "the wrapper, with swm_affine replaced by its contract (the properties of its own job assumed, the x "
        "source rules it assumes asserted): nothing valid, no cfg_error, not busy after reset; valid held, "
        "data/last stable with the sink's ready passed through (iface_*); busy rises only after an accepted sample "
        "(cons_*); s_axis_x_tready = run && the core's ready (live_*); input only while run, loads exactly while "
        "!run and idle, cfg_error sticky and set only after an accepted sample, in_stall, out_stall (ctl_*)",
        (Mutant("input_ignores_run", "assign s_axis_x_tready = run && x_ready;", "assign s_axis_x_tready = x_ready;",
                "input taken while run is low"),
         Mutant("core_valid_ignores_run", ".s_axis_x_tvalid(s_axis_x_tvalid && run)",
                ".s_axis_x_tvalid(s_axis_x_tvalid)",
                "the core takes samples the stage refuses (run low)"),
         Mutant("w_load_while_running", "assign s_axis_w_tready = !run && w_ready;",
                "assign s_axis_w_tready = w_ready;",
                "scale words loaded while run is high"),
         Mutant("b_load_while_running", "assign s_axis_b_tready = !run && b_ready;",
                "assign s_axis_b_tready = b_ready;",
                "shift words loaded while run is high"),
         Mutant("in_stall_without_ready", "assign in_stall  = s_axis_x_tready && !s_axis_x_tvalid;",
                "assign in_stall  = !s_axis_x_tvalid;",
                "in_stall counted while the stage refuses input"),
         Mutant("out_stall_without_valid", "assign out_stall = m_axis_y_tvalid && !m_axis_y_tready;",
                "assign out_stall = !m_axis_y_tready;",
                "out_stall counted with nothing to send"),
         Mutant("output_ignores_ready", ".m_axis_y_tready(m_axis_y_tready)", ".m_axis_y_tready(1'b1)",
                "the core's output replaced while the sink stalls"),
         Mutant("valid_undriven", ".m_axis_y_tvalid(m_axis_y_tvalid)", ".m_axis_y_tvalid()",
                "m_axis_y_tvalid not the core's"),
         Mutant("error_undriven", ".err_len(cfg_error)", ".err_len()",
                "cfg_error not the core's err_len"),
         Mutant("busy_undriven", ".busy(busy)", ".busy()",
                "busy not the core's"),
         Mutant("core_data_masked", ".s_axis_x_tdata(s_axis_x_tdata)",
                ".s_axis_x_tdata(x_ready ? s_axis_x_tdata : {DW{1'b0}})",
                "the core's input data zeroed while it refuses (changes before it is taken)"))),
    Job("swm_maxpool_stage",
        "the wrapper, with swm_maxpool replaced by its contract (the properties of its own job assumed, the source "
        "rules it assumes asserted): nothing valid, no cfg_error, not busy after reset; valid held, data/last "
        "stable with the sink's ready passed through (iface_*); busy rises only after an accepted sample (cons_*); "
        "s_axis_x_tready = run && the core's ready (live_*); input only while run, the load ports never ready, "
        "cfg_error sticky and set only after an accepted sample, in_stall, out_stall (ctl_*)",
        (Mutant("input_ignores_run", "assign s_axis_x_tready = run && x_ready;", "assign s_axis_x_tready = x_ready;",
                "input taken while run is low"),
         Mutant("core_valid_ignores_run", ".s_axis_tvalid(s_axis_x_tvalid && run)", ".s_axis_tvalid(s_axis_x_tvalid)",
                "the core takes samples the stage refuses (run low)"),
         Mutant("w_port_ready", "assign s_axis_w_tready = 1'b0;", "assign s_axis_w_tready = 1'b1;",
                "the tied-off weight port takes words"),
         Mutant("in_stall_without_ready", "assign in_stall  = s_axis_x_tready && !s_axis_x_tvalid;",
                "assign in_stall  = !s_axis_x_tvalid;",
                "in_stall counted while the stage refuses input"),
         Mutant("out_stall_without_valid", "assign out_stall = m_axis_y_tvalid && !m_axis_y_tready;",
                "assign out_stall = !m_axis_y_tready;",
                "out_stall counted with nothing to send"),
         Mutant("output_ignores_ready", ".m_axis_tready(m_axis_y_tready)", ".m_axis_tready(1'b1)",
                "the core's output replaced while the sink stalls"),
         Mutant("valid_undriven", ".m_axis_tvalid(m_axis_y_tvalid)", ".m_axis_tvalid()",
                "m_axis_y_tvalid not the core's"),
         Mutant("error_undriven", ".err_len(cfg_error)", ".err_len()",
                "cfg_error not the core's err_len"),
         Mutant("busy_undriven", ".busy(busy)", ".busy()",
                "busy not the core's"),
         Mutant("core_data_masked", ".s_axis_tdata(s_axis_x_tdata)",
                ".s_axis_tdata(x_ready ? s_axis_x_tdata : {DW{1'b0}})",
                "the core's input data zeroed while it refuses (changes before it is taken)"))),
    Job("swm_dense_stage",
        "the wrapper (CONV 0 and CONV 1), with swm_dense_fc / swm_dense_conv replaced by its contract (the "
        "properties of its own job assumed, the x source rules it assumes asserted): nothing valid, no cfg_error, "
        "not busy after reset; valid held, data/last stable with the sink's ready passed through (iface_*); "
        "cfg_error rises only after an accepted sample (cons_*); s_axis_x_tready = run && the core's ready "
        "(live_*); input only while run, loads only while !run and idle, cfg_error sticky, in_stall, out_stall "
        "(ctl_*)",
        (Mutant("input_ignores_run", "assign s_axis_x_tready = run && x_ready;", "assign s_axis_x_tready = x_ready;",
                "input taken while run is low"),
         Mutant("w_load_while_running", "assign s_axis_w_tready = !run && w_ready;",
                "assign s_axis_w_tready = w_ready;",
                "weights loaded while run is high"),
         Mutant("b_load_while_running", "assign s_axis_b_tready = !run && b_ready;",
                "assign s_axis_b_tready = b_ready;",
                "bias words loaded while run is high"),
         Mutant("in_stall_without_ready", "assign in_stall  = s_axis_x_tready && !s_axis_x_tvalid;",
                "assign in_stall  = !s_axis_x_tvalid;",
                "in_stall counted while the stage refuses input"),
         Mutant("out_stall_without_valid", "assign out_stall = m_axis_y_tvalid && !m_axis_y_tready;",
                "assign out_stall = !m_axis_y_tready;",
                "out_stall counted with nothing to send"),
         Mutant("fc_valid_ignores_run",
                "u_dense (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),",
                "u_dense (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid), .s_axis_x_tready(x_ready),",
                "the dense core takes samples the stage refuses (run low)"),
         Mutant("fc_output_ignores_ready",
                "u_dense (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),\n"
                "                .s_axis_x_tlast(s_axis_x_tlast),\n"
                "                .m_axis_y_tdata(m_axis_y_tdata), .m_axis_y_tvalid(m_axis_y_tvalid), .m_axis_y_tready(m_axis_y_tready),",
                "u_dense (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),\n"
                "                .s_axis_x_tlast(s_axis_x_tlast),\n"
                "                .m_axis_y_tdata(m_axis_y_tdata), .m_axis_y_tvalid(m_axis_y_tvalid), .m_axis_y_tready(1'b1),",
                "the dense core's output replaced while the sink stalls"),
         Mutant("fc_error_undriven",
                "u_dense (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                ",
                "u_dense (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(),\n"
                "                ",
                "cfg_error not the core's err_len"),
         Mutant("fc_busy_undriven",
                "u_dense (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                ",
                "u_dense (\n"
                "                .clk(clk), .rst(rst), .busy(), .err_len(cfg_error),\n"
                "                ",
                "busy not the core's"),
         Mutant("fc_data_masked",
                "u_dense (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),",
                "u_dense (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(x_ready ? s_axis_x_tdata : {DW{1'b0}}), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),",
                "the dense core's input data zeroed while it refuses"),
         Mutant("conv_valid_ignores_run",
                "u_conv (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),",
                "u_conv (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid), .s_axis_x_tready(x_ready),",
                "the conv core takes samples the stage refuses (run low)", task="prove_conv"),
         Mutant("conv_output_ignores_ready",
                "u_conv (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),\n"
                "                .s_axis_x_tlast(s_axis_x_tlast),\n"
                "                .m_axis_y_tdata(m_axis_y_tdata), .m_axis_y_tvalid(m_axis_y_tvalid), .m_axis_y_tready(m_axis_y_tready),",
                "u_conv (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),\n"
                "                .s_axis_x_tlast(s_axis_x_tlast),\n"
                "                .m_axis_y_tdata(m_axis_y_tdata), .m_axis_y_tvalid(m_axis_y_tvalid), .m_axis_y_tready(1'b1),",
                "the conv core's output replaced while the sink stalls", task="prove_conv"),
         Mutant("conv_valid_undriven",
                "u_conv (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),\n"
                "                .s_axis_x_tlast(s_axis_x_tlast),\n"
                "                .m_axis_y_tdata(m_axis_y_tdata), .m_axis_y_tvalid(m_axis_y_tvalid), .m_axis_y_tready(m_axis_y_tready),",
                "u_conv (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),\n"
                "                .s_axis_x_tlast(s_axis_x_tlast),\n"
                "                .m_axis_y_tdata(m_axis_y_tdata), .m_axis_y_tvalid(), .m_axis_y_tready(m_axis_y_tready),",
                "m_axis_y_tvalid not the conv core's", task="prove_conv"),
         Mutant("conv_error_undriven",
                "u_conv (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                ",
                "u_conv (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(),\n"
                "                ",
                "cfg_error not the conv core's err_len", task="prove_conv"),
         Mutant("conv_busy_undriven",
                "u_conv (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                ",
                "u_conv (\n"
                "                .clk(clk), .rst(rst), .busy(), .err_len(cfg_error),\n"
                "                ",
                "busy not the conv core's", task="prove_conv"),
         Mutant("conv_data_masked",
                "u_conv (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),",
                "u_conv (\n"
                "                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),\n"
                "                .s_axis_x_tdata(x_ready ? s_axis_x_tdata : {DW{1'b0}}), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),",
                "the conv core's input data zeroed while it refuses", task="prove_conv"))),
    Job("swm_dense_conv",
        "the composition swm_window -> swm_dense_fc (H 4, W 2, C_IN 1, KH = KW = 2, STRIDE 1, PAD 0: 3 output "
        "pixels; C_OUT 2), with both cores replaced by their contracts (the properties of their own jobs assumed, "
        "the source rules they assume asserted, swm_dense_fc's tlast every N_OUT outputs assumed on its output): "
        "nothing valid, no error, not busy after reset; valid held, data/last stable (iface_*); the pixel counter "
        "= output pixels of the image sent, err_len set only after an accepted sample (cons_*); tlast only on the "
        "image's last output sample (func_*) and always on it (live_*); err_len sticky, busy while an output is "
        "held or an image partly sent, loads only while swm_dense_fc is idle (ctl_*)",
        (Mutant("pixel_count_no_wrap", "pix_reg <= (pix_reg == PIX_LAST) ? {PW{1'b0}} : pix_reg + 1'b1;",
                "pix_reg <= pix_reg + 1'b1;",
                "the pixel counter runs past the image's last pixel"),
         Mutant("tlast_every_pixel", "assign m_axis_y_tlast = y_last_pix && (pix_reg == PIX_LAST);",
                "assign m_axis_y_tlast = y_last_pix;",
                "a frame per output pixel instead of per image"),
         Mutant("tlast_waits_for_ready", "assign m_axis_y_tlast = y_last_pix && (pix_reg == PIX_LAST);",
                "assign m_axis_y_tlast = y_last_pix && (pix_reg == PIX_LAST) && m_axis_y_tready;",
                "tlast shown only while the sink is ready (moves while stalled)"),
         Mutant("pixel_count_every_sample", "wire         pix_done = m_axis_y_tvalid && m_axis_y_tready && y_last_pix;",
                "wire         pix_done = m_axis_y_tvalid && m_axis_y_tready;",
                "every output sample counted as a pixel"),
         Mutant("pixel_count_without_ready", "wire         pix_done = m_axis_y_tvalid && m_axis_y_tready && y_last_pix;",
                "wire         pix_done = m_axis_y_tvalid && y_last_pix;",
                "a stalled pixel counted (tlast moves while stalled)"),
         Mutant("pixel_count_survives_reset", "            pix_reg <= {PW{1'b0}};\n        end\n    end",
                "        end\n    end",
                "the pixel counter not reset"),
         Mutant("busy_without_pixel_count", "assign busy    = win_busy || fc_busy || (pix_reg != {PW{1'b0}});",
                "assign busy    = win_busy || fc_busy;",
                "not busy between the pixels of an image"),
         Mutant("busy_without_fc", "assign busy    = win_busy || fc_busy || (pix_reg != {PW{1'b0}});",
                "assign busy    = win_busy || (pix_reg != {PW{1'b0}});",
                "not busy while swm_dense_fc holds an output"),
         Mutant("error_from_fc", "assign err_len = win_err;", "assign err_len = fc_err;",
                "err_len from swm_dense_fc (set by the window's vectors, not the input)"),
         Mutant("window_output_ignores_fc", ".m_axis_tready(v_ready)", ".m_axis_tready(1'b1)",
                "the window's output moves on while swm_dense_fc refuses it"),
         Mutant("window_data_masked", ".s_axis_tdata(s_axis_x_tdata)",
                ".s_axis_tdata(s_axis_x_tready ? s_axis_x_tdata : {DW{1'b0}})",
                "the window's input data zeroed while it refuses"),
         Mutant("output_ignores_ready", ".m_axis_y_tready(m_axis_y_tready)", ".m_axis_y_tready(1'b1)",
                "swm_dense_fc's output replaced while the sink stalls"),
         Mutant("valid_undriven", ".m_axis_y_tvalid(m_axis_y_tvalid)", ".m_axis_y_tvalid()",
                "m_axis_y_tvalid not swm_dense_fc's"),
         Mutant("error_undriven", ".err_len(win_err)", ".err_len()",
                "err_len not the window's"),
         Mutant("load_ready_undriven", ".s_axis_w_tready(s_axis_w_tready)", ".s_axis_w_tready()",
                "s_axis_w_tready not swm_dense_fc's (ready while it computes)"))),
    Job("swm_bc_stage",
        "the wrapper (CONV 0; CONV 1 with 3 output pixels per image; K 2, P 1), with the engine swm_bc_layer "
        "replaced by its contract (the properties of its own job assumed, its tlast every p*K outputs assumed on "
        "its output; a start only while it is idle asserted): nothing valid, not busy, no cfg_error after reset, "
        "valid held, data/last stable (iface_*); the pixel counter = engine frames of the image sent (cons_*); "
        "tlast only on the image's last sample (func_*) and always on it, the engine started within two cycles "
        "whenever run is high, it is idle and there is no cfg_error (live_*); the start only after a cycle with "
        "run, the engine idle, no start pending and no cfg_error, never while busy; input only while busy, loads "
        "only while idle, in_stall, out_stall (ctl_*)",
        (Mutant("start_while_pending", "start_reg <= run && !eng_busy && !start_reg && !cfg_error;",
                "start_reg <= run && !eng_busy && !cfg_error;",
                "a second start in the cycle the engine takes the first"),
         Mutant("start_while_busy", "start_reg <= run && !eng_busy && !start_reg && !cfg_error;",
                "start_reg <= run && !start_reg && !cfg_error;",
                "starts while the engine runs"),
         Mutant("start_with_error", "start_reg <= run && !eng_busy && !start_reg && !cfg_error;",
                "start_reg <= run && !eng_busy && !start_reg;",
                "the engine restarted with a bad configuration"),
         Mutant("start_without_run", "start_reg <= run && !eng_busy && !start_reg && !cfg_error;",
                "start_reg <= !eng_busy && !start_reg && !cfg_error;",
                "the engine started before run"),
         Mutant("start_survives_reset", "            start_reg <= 1'b0;\n", "",
                "a start in the cycle after reset"),
         Mutant("never_started", ".start(start_reg)", ".start(1'b0)",
                "the engine never started (deadlock)"),
         Mutant("in_stall_without_ready", "assign in_stall  = s_axis_x_tready && !s_axis_x_tvalid;",
                "assign in_stall  = !s_axis_x_tvalid;",
                "in_stall counted while the stage refuses input"),
         Mutant("out_stall_without_valid", "assign out_stall = m_axis_y_tvalid && !m_axis_y_tready;",
                "assign out_stall = !m_axis_y_tready;",
                "out_stall counted with nothing to send"),
         Mutant("busy_low", "assign busy      = eng_busy;", "assign busy      = 1'b0;",
                "busy low while the engine runs"),
         Mutant("busy_from_run", "assign busy      = eng_busy;", "assign busy      = eng_busy || run;",
                "busy while run is high though the engine is not started"),
         Mutant("engine_busy_undriven", ".busy(eng_busy)", ".busy()",
                "the start logic not told the engine is busy"),
         Mutant("output_ignores_ready", ".m_axis_y_tready(m_axis_y_tready)", ".m_axis_y_tready(1'b1)",
                "the engine's output replaced while the sink stalls"),
         Mutant("valid_undriven", ".m_axis_y_tvalid(m_axis_y_tvalid)", ".m_axis_y_tvalid()",
                "m_axis_y_tvalid not the engine's"),
         Mutant("error_undriven", ".cfg_error(cfg_error)", ".cfg_error()",
                "cfg_error not the engine's"),
         Mutant("x_ready_undriven", ".s_axis_x_tready(s_axis_x_tready)", ".s_axis_x_tready()",
                "s_axis_x_tready not the engine's"),
         Mutant("w_ready_undriven", ".s_axis_w_tready(s_axis_w_tready)", ".s_axis_w_tready()",
                "s_axis_w_tready not the engine's (ready while it runs)"),
         Mutant("pixel_count_no_wrap", "px_reg <= (px_reg == NPIX_M1) ? {PXW{1'b0}} : px_reg + 1'b1;",
                "px_reg <= px_reg + 1'b1;",
                "the pixel counter runs past the image's last pixel", task="prove_conv"),
         Mutant("tlast_every_pixel", "assign m_axis_y_tlast = eng_y_last && (px_reg == NPIX_M1);",
                "assign m_axis_y_tlast = eng_y_last;",
                "a frame per engine frame (pixel) instead of per image", task="prove_conv"),
         Mutant("tlast_waits_for_ready", "assign m_axis_y_tlast = eng_y_last && (px_reg == NPIX_M1);",
                "assign m_axis_y_tlast = eng_y_last && (px_reg == NPIX_M1) && m_axis_y_tready;",
                "tlast shown only while the sink is ready (moves while stalled)", task="prove_conv"),
         Mutant("pixel_count_every_sample", "if (m_axis_y_tvalid && m_axis_y_tready && eng_y_last) begin",
                "if (m_axis_y_tvalid && m_axis_y_tready) begin",
                "every output sample counted as a pixel", task="prove_conv"),
         Mutant("pixel_count_without_ready", "if (m_axis_y_tvalid && m_axis_y_tready && eng_y_last) begin",
                "if (m_axis_y_tvalid && eng_y_last) begin",
                "a stalled engine frame end counted", task="prove_conv"),
         Mutant("pixel_count_survives_reset", "                    px_reg <= {PXW{1'b0}};\n", "",
                "the pixel counter not reset", task="prove_conv"),
         Mutant("tlast_from_engine_in_fc", "            assign m_axis_y_tlast = eng_y_last;\n",
                "            assign m_axis_y_tlast = 1'b0;\n",
                "CONV 0: vectors without tlast"))),
    Job("swm_load_ram",
        "WIDTH 2, DEPTH 4: s_axis_tready only while load_en (iface_*) and always while load_en (live_*: no stall, "
        "an over-long load's extra words dropped); the write address = words accepted since the last tlast or "
        "reset, stopping at DEPTH (cons_*). Bounded (bmc, OUT_REG 1 / 0 / 2 with two banks): for a watched address "
        "written since reset, rd_data = the word last written to it as of the rd_en cycle OUT_REG cycles before "
        "the last one (read-old-data) (func_*)",
        (Mutant("ready_always", "assign s_axis_tready = load_en;", "assign s_axis_tready = 1'b1;",
                "words taken (and lost) while load_en is low"),
         Mutant("refuses_overlong", "assign s_axis_tready = load_en;",
                "assign s_axis_tready = load_en && (wr_addr_reg != DEPTH_C);",
                "an over-long load stalls instead of dropping (the loader hangs)"),
         Mutant("tlast_not_rewinding", "if (s_axis_tlast) begin\n                wr_addr_reg <= {LW{1'b0}};",
                "if (1'b0) begin\n                wr_addr_reg <= {LW{1'b0}};",
                "the next load continues at the old address"),
         Mutant("address_not_stopping", "end else if (wr_addr_reg != DEPTH_C) begin", "end else begin",
                "the write address runs past DEPTH"),
         Mutant("address_survives_reset",
                "        if (rst) begin\n"
                "            wr_addr_reg <= {LW{1'b0}};\n"
                "        end\n"
                "",
                "",
                "a load after reset starts at a stale address"),
         Mutant("advances_without_load_en", "wire fire = s_axis_tvalid && load_en;", "wire fire = s_axis_tvalid;",
                "the address moves on words that are not taken"),
         Mutant("writes_past_depth", "wire wr_ok = fire && (wr_addr_reg != DEPTH_C);", "wire wr_ok = fire;",
                "an over-long load's extra word overwrites address 0", task="bmc"),
         Mutant("output_register_ignores_rd_en", "if (rd_en) begin\n                        rd_data_reg <= rd_q;",
                "if (1'b1) begin\n                        rd_data_reg <= rd_q;",
                "rd_data moves without rd_en (latency 1 in cycles)", task="bmc"),
         Mutant("written_one_address_late", ".waddr(wr_addr_reg[AW-1:0])", ".waddr(wr_addr_reg[AW-1:0] + 1'b1)",
                "the k-th word written to address k + 1", task="bmc_r0"),
         Mutant("bank_mux_one_stage_early", "rd_data_reg <= bank_q[sel2_reg];", "rd_data_reg <= bank_q[sel1_reg];",
                "the bank multiplexer selects with the younger read's bank", task="bmc_banked"),
         Mutant("written_to_every_bank", ".we(wr_ok && (wr_sel == B_C))", ".we(wr_ok)",
                "a word written to its offset in every bank", task="bmc_banked"))),
    Job("swm_net_live",
        "network-level liveness of a real generated network (swm compile of swm_accel/net/network.json: one "
        "block-circulant stage K 4, p = q = 1, a FIFO, the argmax; data words cut, RAM contents free), from reset "
        "with run high and no later reset: the class stream's rules at the output (nothing valid after reset, "
        "valid held, data/last stable, tlast on every class) and no class before its image (iface_*, cons_*); "
        "task live (images always offered, classes always taken): the first sample taken in the third cycle after "
        "reset, the first class 62 cycles after it (swm.perf: latency_cycles 63 counts from t = 1), then a class "
        "every 4 cycles (the interval) (covers reach the bounds exactly); task stall (source and sink each idle at "
        "most every other cycle): first sample by the fourth cycle, first class within 66, then the next within 9 "
        "cycles of the one before, over 100 cycles (covers reach 66 and 9) (live_*)",
        (Mutant("class_valid_survives_reset", "            err_reg       <= 1'b0;\n            out_valid_reg <= 1'b0;",
                "            err_reg       <= 1'b0;", "a class offered right after reset", task="live",
                file="swm_argmax.v"),
         Mutant("class_tlast_low", "assign m_axis_tlast  = 1'b1;", "assign m_axis_tlast  = 1'b0;",
                "a class without tlast", task="live", file="swm_argmax.v"),
         Mutant("class_dropped_unread", "if (m_axis_tvalid && m_axis_tready) begin\n            out_valid_reg <= 1'b0;",
                "if (m_axis_tvalid) begin\n            out_valid_reg <= 1'b0;",
                "a class withdrawn while the sink stalls: it never leaves", task="stall", file="swm_argmax.v"),
         Mutant("stage_never_started", "start_reg <= run && !eng_busy && !start_reg && !cfg_error;",
                "start_reg <= 1'b0 && run && !eng_busy && !start_reg && !cfg_error;",
                "the stage's engine never started: no input taken (deadlock)", task="live", file="swm_bc_stage.v"),
         Mutant("stage_never_started_stall", "start_reg <= run && !eng_busy && !start_reg && !cfg_error;",
                "start_reg <= 1'b0 && run && !eng_busy && !start_reg && !cfg_error;",
                "the stage's engine never started (with stalls)", task="stall", file="swm_bc_stage.v"),
         Mutant("spectrum_never_taken", "assign fft_m_ready = x_can_fill;", "assign fft_m_ready = x_can_fill && !busy_reg;",
                "the engine never takes its FFT output in a run (deadlock inside the stage)", task="live",
                file="swm_bc_layer.v"),
         Mutant("fifo_refill_late", "wire rd    = !empty && (!out_valid_reg || m_axis_tready);",
                "wire rd    = !empty && !out_valid_reg;", "a bubble after every FIFO word: the first class late",
                task="live", file="swm_axis_fifo.v"),
         Mutant("every_other_image_lost", "out_valid_reg <= 1'b1;",
                "out_valid_reg <= 1'b1;\n                        drop_reg      <= 1'b1;",
                "the vector after each class dropped: every other image without a class", task="live",
                file="swm_argmax.v"),
         Mutant("every_other_image_lost_stall", "out_valid_reg <= 1'b1;",
                "out_valid_reg <= 1'b1;\n                        drop_reg      <= 1'b1;",
                "the vector after each class dropped (with stalls)", task="stall", file="swm_argmax.v")),
        net="../swm_accel/net"),
    Job("swm_spec_window",
        "k-induction (prove: LANES 2, QIN 2, G 2, IN 4x3, kernel 3x2, stride 2x1, padding 1; prove_tight: IN 5x3, "
        "kernel 2x2, stride 2, no padding, NR = IN_H - (OH-1)*SH + KH rows, a row and a column never read), the "
        "reader assumed to read only while rd_avail and to release with the field's last word: after reset no field "
        "available and the writer accepted, a field available until released (iface_*); the write position (slot, "
        "pixel count, base and word address) and the read position (field word: tap, block, slot group; output "
        "pixel in raster order, image) follow references (cons_*); the field's sums, rd_avail exactly when every "
        "input pixel of the field is written, wr_ready exactly while the writer is fewer than NR rows ahead of the "
        "field's first row and never more (ctl_*); every in-image word read at the address the writer used for its "
        "pixel, block and slot, that pixel written and not overwritten while the field is available, rd_data zero "
        "exactly after a padding read (func_*); the writer accepted or the reader has its field (live_*). Bounded "
        "(bmc 24 from reset = every read of the first image, with a buffer wrap, LANES 2, IN 4x2, kernel 2x1, "
        "padding 1; the RAM's contents are not visible to the properties): a watched slot read at a watched field "
        "position = the slot written for its input pixel, or 0 in the padding",
        (Mutant("wp_survives_reset", "            wp_reg    <= 32'd0;\n", "",
                "a stale pixel count after reset: a field offered before its pixels are written", task="bmc_short"),
         Mutant("avail_gated_by_writer", "assign rd_avail  = !have[31];", "assign rd_avail  = !have[31] && wr_ready;",
                "the field withdrawn once the writer is NR rows ahead (deadlock)", task="bmc_short"),
         Mutant("base_no_wrap", "wbase_reg <= (wbase_reg == WB_LAST) ? {MAW{1'b0}} : wbase_reg + PWD_C;",
                "wbase_reg <= wbase_reg + PWD_C;", "the writer's pixel address not wrapped at NR rows", task="bmc_short"),
         Mutant("word_per_slot", "(sc_32 >> SH_L)", "sc_32", "a slot written at word slot instead of slot / LANES",
                task="bmc_short"),
         Mutant("reread_row_not_restarted", "                        iy_reg <= iy0_reg;\n", "",
                "a re-read of the field starts below its first tap row", task="bmc_short"),
         Mutant("row_slot_wraps_late", "(rb_step >= DEPTH_S)", "(rb_step > DEPTH_S)",
                "the tap row after the buffer's last row slot read past the buffer", task="bmc_short"),
         Mutant("rows_from_top", "raddr_s = rb_reg + co_reg;", "raddr_s = rb0_reg + co_reg;",
                "every tap row read from the field's first row", task="bmc_short"),
         Mutant("avail_one_pixel_early", "IN_W_M1_32 : x + KW_M1_32) + 32'sd1;", "IN_W_M1_32 : x + KW_M1_32) + 32'sd0;",
                "a field offered before its last pixel is written", task="bmc_short"),
         Mutant("writer_one_pixel_early", "wire [31:0] wr_room = wp_reg - limit;",
                "wire [31:0] wr_room = wp_reg + 32'd1 - limit;", "the writer refused one pixel before the limit",
                task="bmc_short"),
         Mutant("writer_unlimited", "assign wr_ready = wr_room[31];", "assign wr_ready = 1'b1;",
                "rows of the field overwritten", task="bmc_short"),
         Mutant("buffer_too_short", "NRW_32    = NR * IN_W;", "NRW_32    = (KH - 1) * IN_W;",
                "the writer limited to KH - 1 rows ahead: a field never complete (deadlock)", task="bmc_short"),
         Mutant("padding_not_zeroed", "pad_q_reg <= pad;", "pad_q_reg <= 1'b0;",
                "the padding read from the RAM", task="bmc_short"),
         Mutant("all_lanes_written", "assign lane_we = wr_fire && (sc_reg[LOG_L-1:0] == L_C);",
                "assign lane_we = wr_fire;", "every slot written into every lane of its word", task="bmc"))),
    Job("swm_irfft",
        "the stream control (K 4, FW 4, buffer L with 3 banks, data words cut): nothing valid after reset, valid held, "
        "data/last stable (iface_*, k-induction); BMC from reset: at most F_CAP blocks inside, a sample only for "
        "a completed input block, tlast exactly on sample K-1 of a block whose slot K/2-1 had tlast (cons_*); "
        "input ready whenever nothing is inside, at most F_BUB sink-ready cycles without a transfer while a block "
        "is owed; at full rate every block's last sample at most F_LAT = 24 cycles after its last slot (live_*)",
        (Mutant("output_ignores_ready", ".m_axis_tready(m_axis_tready)", ".m_axis_tready(1'b1)",
                "samples moved on while the sink stalls"),
         Mutant("skid_not_reset", ".clk(clk), .rst(rst),\n    .rd_ready(rd_ready)", ".clk(clk), .rst(1'b0),\n    .rd_ready(rd_ready)",
                "the output register surviving reset"),
         Mutant("data_undriven", ".m_axis_tdata(m_axis_tdata)", ".m_axis_tdata()", "m_axis_tdata not the output register's"),
         Mutant("last_undriven", ".m_axis_tlast(m_axis_tlast)", ".m_axis_tlast()", "m_axis_tlast not the output register's"),
         Mutant("valid_undriven", ".m_axis_tvalid(m_axis_tvalid)", ".m_axis_tvalid()",
                "m_axis_tvalid not the output register's"),
         Mutant("ready_without_bank", "assign s_axis_tready = !in_first || in_can_reserve;",
                "assign s_axis_tready = 1'b1;", "a block taken with no free bank", task="bmc"),
         Mutant("release_every_sample", ".out_release(rd_issue && rd_lastw)", ".out_release(rd_issue)",
                "a block released after its first sample", task="bmc"),
         Mutant("tlast_every_sample", ".rd_last(out_tag && rd_lastw)", ".rd_last(out_tag)",
                "tlast on every sample of a tagged block", task="bmc"),
         Mutant("tag_always", ".in_tag(s_axis_tlast)", ".in_tag(1'b1)", "tlast on blocks without it", task="bmc"),
         Mutant("commit_every_slot", ".in_commit(in_fire && in_lastw)", ".in_commit(in_fire)",
                "a block committed after one slot", task="bmc"),
         Mutant("first_slot_never_taken", "assign s_axis_tready = !in_first || in_can_reserve;",
                "assign s_axis_tready = !in_first;", "input refused forever (deadlock)", task="bmc"),
         Mutant("tagged_blocks_never_read", "wire            rd_issue = out_avail && rd_ready;",
                "wire            rd_issue = out_avail && rd_ready && !out_tag;",
                "a block with tlast never read (deadlock at the output)", task="bmc"),
         Mutant("first_read_waits", "wire            rd_issue = out_avail && rd_ready;",
                "wire            rd_issue = out_avail && rd_ready && !(rd_n_reg == 0 && m_axis_tvalid);",
                "a block's first read waits for an empty output register (late blocks)", task="live"),
         )),
    Job("swm_fft_core",
        "the block bookkeeping of buffer 0 -> L stages -> buffer L (K 4, data words cut), BMC from reset: every "
        "stage reserves its destination only while reservable and releases its source only while a block is "
        "there (ctl_*); every buffer's avail / can_reserve exactly its counted occupancy, stages "
        "commit and write only reserved banks, released <= committed <= reserved <= released + NB, one block "
        "per stage between its source release and its destination reservation, at most 2L + NB_OUT blocks "
        "inside, every block's tag at the output its own, in order (cons_*); with the consumer releasing at "
        "once, every block committed to buffer L within L (K/2 + 4) + K/2 + 3 = 17 cycles of its commit to buffer 0 "
        "(live_*)",
        (Mutant("stage0_reserves_when_full", ".src_release(b0_release),\n                .dst_can_reserve(lk_can_reserve[s])",
                ".src_release(b0_release),\n                .dst_can_reserve(1'b1)", "stage 0 starts a block without a destination bank", task="bmc"),
         Mutant("stage0_release_undriven", ".src_release(b0_release),", ".src_release(),",
                "buffer 0 released by something other than stage 0's last issue", task="bmc"),
         Mutant("tag_dropped", ".src_avail(b0_avail), .src_tag(b0_tag),", ".src_avail(b0_avail), .src_tag(1'b0),",
                "stage 0 does not carry the block's tag", task="bmc"),
         Mutant("out_avail_of_buffer0", "assign out_avail = lk_avail[L-1];", "assign out_avail = lk_avail[L-1] || b0_avail;",
                "the output offered while buffer L is empty", task="bmc"),
         Mutant("reserve_at_commit", ".wr_can_reserve(lk_can_reserve[s]), .wr_reserve(lk_reserve[s]),",
                ".wr_can_reserve(lk_can_reserve[s]), .wr_reserve(lk_commit[s]),",
                "a stage's buffer counting reservations at the commit", task="bmc"),
         Mutant("stage0_not_reset", ".clk(clk), .rst(rst),\n                .src_avail(b0_avail)",
                ".clk(clk), .rst(1'b0),\n                .src_avail(b0_avail)", "stage 0 mid-block after reset", task="bmc"),
         Mutant("buffer0_not_reset", ".clk(clk), .rst(rst),\n    .wr_can_reserve(in_can_reserve)",
                ".clk(clk), .rst(1'b0),\n    .wr_can_reserve(in_can_reserve)", "buffer 0's banks in use after reset",
                task="bmc"),
         Mutant("output_never_released", "assign lk_release[L-1] = out_release;", "assign lk_release[L-1] = 1'b0;",
                "buffer L never freed (deadlock)", task="live"),
         )),
    Job("swm_fft_buf",
        "the words through the two RAMs (K 4, W 2; NB 2 with BANK_MASK 2, NB 3 with BANK_MASK 1): for a watched word address (anyconst), a "
        "read on either port while a block is available returns in the next cycle the last word written to that "
        "address while the bank now read was the write bank; the RAM row of that address in each bank holds it "
        "(func_*); the bank bookkeeping is swm_bank_ctrl's proof",
        (Mutant("read_ports_swapped", "assign rd_data0 = rd_sel0_reg ? q[2*W-1:W] : q[W-1:0];",
                "assign rd_data0 = rd_sel0_reg ? q[W-1:0] : q[2*W-1:W];", "port 0 returns port 1's RAM word"),
         Mutant("route_not_registered", "rd_sel0_reg <= rd_sel0;", "rd_sel0_reg <= rd_sel1;",
                "the read words routed by the wrong port's RAM"),
         Mutant("port0_writes_both", "wire           w_port0 = wr_en0 && (wr_sel0 == M);",
                "wire           w_port0 = wr_en0;", "port 0's word written into both RAMs"),
         Mutant("row_keeps_bank_bit", "row_of[i] = (i < HB) ? a[i] : a[i+1];", "row_of[i] = a[i];",
                "the row address with the RAM-select bit instead of the one above it", task="prove_mask1"),
         Mutant("read_row_of_port0", "wire [RW-1:0]  r_row   = (rd_sel0 == M) ? row_of(rd_addr0) : row_of(rd_addr1);",
                "wire [RW-1:0]  r_row   = row_of(rd_addr0);", "both RAMs read at port 0's row"),
         Mutant("read_write_bank", "q_reg <= mem[{rd_bank, r_row}];", "q_reg <= mem[{wr_bank, r_row}];",
                "reads from the bank being written"),
         )),
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
        if mutant is not None and path.name == (mutant.file or f"{job.module}.v"):
            try:
                body = replace_once(body, mutant.old, mutant.new, f"hw/{path.name}")
            except ValueError as exc:
                raise FormalError(f"mutant {mutant.name}: its text is not in hw/{path.name} exactly once ({exc}); "
                                  "update verif/formal/formal.py") from None
        (work / path.name).write_text(body)
    if job.net:
        compile_net(src.parent / job.net, work)
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
    # the assertion labels (module.label), or file:line for an unlabelled one; a label inside a
    # generate block has an escaped scope with a space (``top.\g_fc.u_core .label``)
    failed = sorted({lab.split(".")[-1] if "_witness_" not in lab else loc for lab, loc in
                     re.findall(r"failed assertion (\S+(?: \.\S+)?) at (\S+?)\.\d+-\d+\.\d+", out)})
    return {"status": status, "seconds": round(dt, 1), "trace": str(traces[0]) if traces else "",
            "failed": failed, "log": str(log)}


def compile_net(export: Path, work: Path) -> None:
    """`swm compile` of the network.json in ``export`` (one lane per stage, FIFO depth 2): its swm_net.v
    into ``work`` (compiled in ``work``-net beside it, removed afterwards)."""
    from swm.compile import compile_network   # the model package: only the jobs with a network need it

    out = work.with_name(work.name + "-net")
    try:
        compile_network(export, out, fifo_depth=2)
    except Exception as exc:   # a stale network.json: one line naming it
        raise FormalError(f"swm compile of {export / 'network.json'} failed: {exc}") from None
    shutil.copy(out / "swm_net.v", work / "swm_net.v")
    shutil.rmtree(out, ignore_errors=True)


def run_job(job: Job, out: Path, verbose: bool = False) -> list[dict]:
    """Every task of one job, then every mutant's task (each must FAIL); the result rows."""
    tasks = _sby_tasks((FORMAL / job.module / f"{job.module}.sby").read_text())
    rows = []
    for task, opt in tasks.items():
        r = run_task(job, task, out / job.module / task, verbose=verbose)
        mode = opt.get("mode", task)
        method = {"prove": "k-induction (smtbmc, boolector)", "bmc": "bounded model check",
                  "cover": "cover (reachability)"}[mode]
        rows.append(dict(module=job.module, check=task, properties=job.properties if mode != "cover" else
                         "every cover statement reached", method=method, depth=int(opt.get("depth", 0)),
                         **r, expected="PASS"))
    for m in job.mutants:
        r = run_task(job, m.task, out / job.module / f"mutant-{m.name}", mutant=m, verbose=verbose)
        rows.append(dict(module=job.module, check=f"mutant {m.name}" + (f" ({m.task})" if m.task != "prove" else ""),
                         properties=m.expect,
                         method={"prove": "k-induction (must fail)", "bmc": "bounded model check (must fail)"}[
                             tasks[m.task].get("mode", "prove")],
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
