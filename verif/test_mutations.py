"""Mutation checks: each protocol/run-control assertion must fail on a deliberately broken RTL.

Every case copies hw/*.v into build/mutations/<case>/hw/ with ONE textual change (the original
must occur exactly once), builds the copy and runs one cocotb test against it; the pytest case
passes only if that test FAILS and its failure message names the expected violation. The hw/
sources themselves are never touched. Slow (one simulator build per case); run with
``pytest verif/test_mutations.py -m slow`` (add ``-k icarus`` for the quick simulator).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from verif.common.mutate import replace_once
from verif.common.sim import BUILD, HW, SIMULATORS, run_cocotb, top_sources

MUT_DIR = BUILD.parent / "mutations"
ROOT_VERIF = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Mutation:
    """One textual change to one hw file and the test that must catch it."""

    name: str
    file: str
    old: str
    new: str
    top: str  # "swm_bc_layer" (control tests), "swm_rfft" / "swm_irfft" (block-stream tests), "swm_load_ram",
    # "swm_accel_csr", "swm_argmax", "swm_dense_fc" (I2_O7_L3 output-bound configuration)
    testcase: str  # cocotb test function that must fail
    expect: tuple[str, ...]  # one of these must appear in the failure output
    rows: bool = False  # swm_bc_layer only: run on the ROWS = 2 control engine (CONTROL_ROWS) instead of CONTROL

    def apply(self, dest: Path) -> Path:
        """Write the mutated copy of hw/ into dest/hw and return that directory."""
        hw = dest / "hw"
        if hw.exists():
            shutil.rmtree(hw)
        shutil.copytree(HW, hw)
        path = hw / self.file
        try:
            path.write_text(replace_once(path.read_text(), self.old, self.new, f"mutation {self.name} of hw/{self.file}"))
        except ValueError as exc:
            raise AssertionError(str(exc)) from None
        return hw


L = "swm_bc_layer.v"
TOP = "swm_bc_layer"
G = "gen/swm_accel_regs.v"
CSR = "swm_accel_csr"
MUTATIONS = [
    Mutation("done_two_cycles", L, "assign done      = done_reg;",
             "reg done_d_mut; always @(posedge clk) done_d_mut <= !rst && done_reg;\n    assign done      = done_reg || done_d_mut;",
             TOP, "done_busy_cycles_timing", ("done: high for more than one cycle",)),
    Mutation("busy_falls_after_done", L, "assign busy      = busy_reg;", "assign busy      = busy_reg || done_reg;",
             TOP, "done_busy_cycles_timing", ("busy must fall in the same cycle as done",)),
    Mutation("x_tready_after_last_vector", L, "wire          in_en = busy_reg && (in_vec_reg < count_reg);",
             "wire          in_en = busy_reg;", TOP, "done_busy_cycles_timing",
             ("tready high after the last input vector",)),
    Mutation("x_tready_while_idle", L, "wire          in_en = busy_reg && (in_vec_reg < count_reg);",
             "wire          in_en = !busy_reg || (in_vec_reg < count_reg);", TOP, "done_busy_cycles_timing",
             ("s_axis_x: tready high while idle",)),
    Mutation("y_tdata_unstable_under_backpressure", L, "assign o_adv = !y_valid_reg || m_axis_y_tready;",
             "assign o_adv = 1'b1;", TOP, "done_busy_cycles_timing", ("m_axis_y: tdata changed", "m_axis_y: tlast changed")),
    Mutation("y_tvalid_in_reset", L, "assign m_axis_y_tvalid = y_valid_reg;", "assign m_axis_y_tvalid = y_valid_reg | rst;",
             TOP, "done_busy_cycles_timing", ("m_axis_y: tvalid = 1 in the cycle after a reset edge",)),
    Mutation("y_tlast_missing", L, "y_last_reg  <= o_last_reg[OSTG-1];", "y_last_reg  <= 1'b0;", TOP, "done_busy_cycles_timing",
             ("m_axis_y: tlast = 0 on output sample",)),
    Mutation("no_cfg_error_for_q0", L, "(cfg_q == {QCW{1'b0}}) || ", "", TOP, "cfg_error_matrix",
             ("cfg_error: = 0 after start", "cfg_error = 0 after start")),
    Mutation("out_shift_boundary_refused", L, "(cfg_out_shift > OUT_SH_MAX)", "(cfg_out_shift >= OUT_SH_MAX)", TOP,
             "cfg_error_matrix", ("cfg_error: = 1 after start", "cfg_error = 1 after start")),
    Mutation("y_frac_boundary_refused", L, "(cfg_y_frac > FRAC_MAX)", "(cfg_y_frac >= FRAC_MAX)", TOP,
             "cfg_error_matrix", ("cfg_error: = 1 after start", "cfg_error = 1 after start")),
    Mutation("good_start_keeps_cfg_error", L, "error_reg <= cfg_bad;", "error_reg <= error_reg | cfg_bad;", TOP,
             "cfg_error_matrix", ("cfg_error: = 1 after start", "cfg_error = 1 after start")),
    Mutation("start_while_busy_restarts", L, "wire start_ok = start && !busy_reg && !cfg_bad;",
             "wire start_ok = start && !cfg_bad;", TOP, "start_while_busy_ignored",
             ("start while busy", "mismatches", "no done within", "tready high after the last input vector")),
    Mutation("cfg_act_not_sampled", L, ".act(act_reg)", ".act(cfg_act)", TOP, "cfg_changed_mid_run",
             ("cfg changed mid-run vector",)),
    Mutation("cycles_count_while_idle", L, "end else if (busy_reg) begin", "end else begin", TOP,
             "done_busy_cycles_timing", ("cycles: changed",)),
    Mutation("w_load_while_busy", L, ".clk(clk), .rst(rst), .load_en(!busy_reg),\n        .s_axis_tdata(s_axis_w_tdata)",
             ".clk(clk), .rst(rst), .load_en(1'b1),\n        .s_axis_tdata(s_axis_w_tdata)", TOP,
             "loads_ignored_while_busy", ("s_axis_w: tready high while busy",)),
    Mutation("x_tlast_frames_input", L, "if (in_cnt_reg == qk_last_reg) begin",
             "if (in_cnt_reg == qk_last_reg || s_axis_x_tlast) begin", TOP, "input_tlast_not_required",
             ("random tlast, stalls vector", "tlast always 1 vector", "no done within", "TimeoutError")),
    Mutation("cycle_model_off_by_one", L, "cycles_reg <= 32'd0;\n        end else if (busy_reg) begin",
             "cycles_reg <= 32'd1;\n        end else if (busy_reg) begin", TOP, "cycle_model_exact",
             ("cycles: = ", "!= swm.perf.layer_cycles")),
    # row groups (ROWS = 2, MAX_P = 3): the IFFT must read only the real rows of a short last group
    Mutation("rows_short_last_group_read_in_full", L,
             "wire            yr_row_end = (yr_row_reg == (yr_grp_end ? rows_last_reg : ROWS_M1));",
             "wire            yr_row_end = (yr_row_reg == ROWS_M1);", TOP, "cycle_model_exact",
             ("mismatches", "samples, expected", "output beyond", "no done within", "!= swm.perf.layer_cycles"),
             rows=True),
    Mutation("rfft_tdata_unstable_under_backpressure", "swm_read_skid.v",
             "if (!m_tvalid_reg || m_axis_tready) begin", "if (1'b1) begin",
             "swm_rfft", "test_random", ("m_axis: tdata changed", "m_axis: tlast changed")),
    Mutation("irfft_tdata_unstable_under_backpressure", "swm_read_skid.v",
             "if (!m_tvalid_reg || m_axis_tready) begin", "if (1'b1) begin",
             "swm_irfft", "test_random", ("m_axis: tdata changed", "m_axis: tlast changed")),
    # multiplier-free FFT stages (w in {1, -+i}): K = 8, stages 1 and 2
    Mutation("fft_trivial_stage_w_plus_i", "swm_fft_stage.v", "p3_pi_reg <= -p2_dr_x;", "p3_pi_reg <= p2_dr_x;",
             "swm_rfft", "test_random", ("mismatch",)),
    Mutation("ifft_trivial_stage_not_halved", "swm_fft_stage.v", ".din(p3_pr_reg), .shift(SH)",
             ".din(p3_pr_reg), .shift(1'b0)", "swm_irfft", "test_random", ("mismatch",)),
    Mutation("load_ram_bank_select_early", "swm_load_ram.v", "rd_data_reg <= bank_q[sel2_reg];",
             "rd_data_reg <= bank_q[sel1_reg];", "swm_load_ram", "loads_then_reads", ("rd_data",)),
    # register block (generated hw/gen/swm_accel_regs.v) and its wrapper swm_accel_csr
    Mutation("csr_sw_clear_beats_hw_set", G, "if(hwif_in_error_cfg) begin",
             "if(hwif_in_error_cfg && !(decoded_reg_strb_error && decoded_req_is_wr)) begin", CSR,
             "hw_set_beats_sw_clear", ("the software clear beat the hardware set",)),
    Mutation("csr_w1c_clears_unwritten_bits", G,
             "next_c = field_storage_error_cfg_value & ~(decoded_wr_data[3:3] & decoded_wr_biten[3:3]);",
             "next_c = 1'b0;", CSR, "w1c_and_irq", ("read ERROR",)),
    Mutation("csr_unmapped_answers_okay", G, "decoded_err = ~is_valid_addr & decoded_req;",
             "decoded_err = 1'b0;", CSR, "unmapped_slverr", ("(SLVERR = 2)",)),
    Mutation("csr_irq_ignores_enable", G,
             "|(field_storage_irq_status_done_value & field_storage_irq_enable_done_value)",
             "|(field_storage_irq_status_done_value)", CSR, "w1c_and_irq", ("irq: IRQ_STATUS.DONE is not enabled",)),
    Mutation("csr_start_while_busy_passed_on", "swm_accel_csr.v",
             "assign start = ctrl_start && !busy && !ctrl_soft_reset;", "assign start = ctrl_start && !ctrl_soft_reset;",
             CSR, "single_pulses", ("start pulses",)),
    Mutation("csr_soft_reset_two_cycles", "swm_accel_csr.v", "assign soft_reset = ctrl_soft_reset;",
             "reg sr_d_mut; always @(posedge clk) sr_d_mut <= ctrl_soft_reset;\n"
             "    assign soft_reset = ctrl_soft_reset || sr_d_mut;", CSR, "single_pulses", ("soft_reset pulses",)),
    # dataflow stages
    Mutation("argmax_ties_highest_index", "swm_argmax.v", "$signed(s_axis_tdata) > $signed(max_reg)",
             "$signed(s_axis_tdata) >= $signed(max_reg)", "swm_argmax", "argmax_matches_golden", ("mismatch",)),
    Mutation("argmax_overwrites_held_result", "swm_argmax.v", "assign s_axis_tready = !(at_last && out_valid_reg);",
             "assign s_axis_tready = 1'b1;", "swm_argmax", "holds_one_result_under_backpressure",
             ("m_axis: tdata changed", "samples accepted while the output was stalled")),
    Mutation("argmax_long_vector_not_flagged", "swm_argmax.v",
             "                        err_reg  <= 1'b1;\n                        drop_reg <= 1'b1;",
             "                        drop_reg <= 1'b1;", "swm_argmax", "wrong_length_vectors",
             ("err_len = 0, expected 1",)),
    Mutation("argmax_no_resync_at_tlast", "swm_argmax.v", "                        drop_reg <= 1'b1;", "",
             "swm_argmax", "wrong_length_vectors", ("mismatch", "items, expected")),
    Mutation("dense_two_y_halves", "swm_dense_fc.v", "localparam integer NB_Y   = (NB_YC > 2) ? NB_YC : 2;",
             "localparam integer NB_Y   = 2;", "swm_dense_fc", "dense_matches_golden", ("!= swm.perf.dense_cycles",)),
    Mutation("dense_padding_slots_emitted", "swm_dense_fc.v", "wire out_fire  = rd_fire && slot_ok;",
             "wire out_fire  = rd_fire;", "swm_dense_fc", "dense_matches_golden", ("mismatch", "items, expected")),
    Mutation("dense_y_tdata_unstable_under_backpressure", "swm_dense_fc.v",
             "assign o_adv = !y_valid_reg || m_axis_y_tready;", "assign o_adv = 1'b1;", "swm_dense_fc",
             "dense_matches_golden", ("m_axis_y: tdata changed", "m_axis_y: tlast changed")),
    Mutation("dense_bias_one_stage_early", "swm_dense_fc.v", "assign bias_rd_addr = o1_idx_reg;",
             "assign bias_rd_addr = bidx_reg;", "swm_dense_fc", "dense_matches_golden", ("mismatch",)),
    Mutation("dense_b_load_while_busy", "swm_dense_fc.v",
             ".clk(clk), .rst(rst), .load_en(!busy_w),\n        .s_axis_tdata(s_axis_b_tdata)",
             ".clk(clk), .rst(rst), .load_en(1'b1),\n        .s_axis_tdata(s_axis_b_tdata)", "swm_dense_fc",
             "dense_matches_golden", ("s_axis_b_tready = 1 with busy = 1",)),
    Mutation("load_adapter_count_not_restarted", "swm_load_adapter.v",
             "                    if (m_axis_tlast) begin\n                        words_reg <= {CWD{1'b0}};\n                    end else if",
             "                    if (1'b0) begin\n                    end else if", "swm_load_adapter",
             "words_from_beats", ("overflow pulses",)),
    Mutation("dense_err_len_never_set", "swm_dense_fc.v", "                err_reg <= 1'b1;", "", "swm_dense_fc",
             "misframed_input_sets_err_len", ("err_len not set",)),
    # image-level replication (tb_swm_img_repl): the split never moves to the next copy, the merge
    # serves its inputs in the wrong order, the broadcast forgets which outputs took a beat
    Mutation("split_stays_on_copy_0", "swm_img_split.v", "sel_reg <= (sel_reg == LAST[SW-1:0]) ? {SW{1'b0}} : sel_reg + 1'b1;",
             "sel_reg <= sel_reg;", "tb_swm_img_repl", "images_in_order", ("copy of each input beat", "SimTimeoutError")),
    Mutation("merge_moves_on_every_beat", "swm_img_merge.v", "if (m_axis_tvalid && m_axis_tready && m_axis_tlast) begin",
             "if (m_axis_tvalid && m_axis_tready) begin", "tb_swm_img_repl", "images_in_order",
             ("image 0", "image 1", "Timeout")),
    Mutation("bcast_without_taken", "swm_axis_bcast.v", "assign m_axis_tvalid = {N{s_axis_tvalid}} & ~taken_reg;",
             "assign m_axis_tvalid = {N{s_axis_tvalid}};", "tb_swm_img_repl", "broadcast_every_beat_once",
             ("beats", "withdrawn", "offered and not taken")),
]


def _run_mutant(m: Mutation, sim: str) -> None:
    """Build the mutant and run its cocotb test; raises AssertionError when the test fails."""
    dest = MUT_DIR / f"{m.name}-{sim}"
    hw = m.apply(dest)
    if m.top == "swm_bc_layer":
        from verif.swm_bc_layer.test_swm_bc_layer_control import (CONTROL, CONTROL_ROWS, QUICK_SHAPES,
                                                                  QUICK_SHAPES_ROWS, layer_params, run_control)

        c = CONTROL_ROWS if m.rows else dict(CONTROL, rows=1)
        P = layer_params(c["K"], c["lanes"], c["max_p"], c["max_q"], rows=c["rows"])
        run_control(P, sim, f"mut_{m.name}", testcase=m.testcase, hw_dir=hw,
                    shapes=QUICK_SHAPES_ROWS if m.rows else QUICK_SHAPES)
    elif m.top == CSR:
        srcs = [hw / src.relative_to(HW) for src in top_sources(m.top)]
        run_cocotb(m.top, srcs, "verif.swm_accel_regs.test_swm_accel_regs", {}, sim, f"mut_{m.name}",
                   extra_env={"COCOTB_TEST_FILTER": m.testcase})
    elif m.top == "swm_dense_fc":
        from verif.swm_dense_fc.test_swm_dense_fc import QUICK, RUNS
        from verif.swm_dense_fc.dense_tb import run_dense_case

        # the output-bound configuration (3 Y halves, a partial last group)
        run_dense_case(*QUICK[1], sim=sim, runs=RUNS, seed=1, hw_dir=hw, testcase=m.testcase, tag=f"mut_{m.name}_")
    elif m.top == "swm_argmax":
        rtl = dict(DW=16, N=10, OUT_W=8)
        srcs = [hw / src.name for src in top_sources(m.top)]
        run_cocotb(m.top, srcs, f"verif.{m.top}.test_{m.top}", rtl, sim, f"mut_{m.name}",
                   extra_env={"SWM_PARAMS": json.dumps(rtl), "COCOTB_TEST_FILTER": m.testcase})
    elif m.top == "tb_swm_img_repl":
        rtl = dict(WIDTH=16, N=3, DEPTH=8)
        srcs = [hw / f"{n}.v" for n in ("swm_img_split", "swm_img_merge", "swm_axis_bcast", "swm_axis_fifo",
                                       "swm_axis_reg")] + [ROOT_VERIF / "swm_img_split" / "tb_swm_img_repl.v"]
        run_cocotb(m.top, srcs, "verif.swm_img_split.test_swm_img_split", rtl, sim, f"mut_{m.name}",
                   extra_env={"SWM_PARAMS": json.dumps(rtl), "COCOTB_TEST_FILTER": m.testcase})
    elif m.top == "swm_load_adapter":
        rtl = dict(WIDTH=70, SEL=5, SEL_W=4, DEPTH=3)
        srcs = [hw / src.name for src in top_sources(m.top)]
        run_cocotb(m.top, srcs, f"verif.{m.top}.test_{m.top}", rtl, sim, f"mut_{m.name}",
                   extra_env={"SWM_PARAMS": json.dumps(rtl), "COCOTB_TEST_FILTER": m.testcase})
    elif m.top == "swm_load_ram":
        rtl = dict(WIDTH=12, DEPTH=40, OUT_REG=2, BANK_DEPTH=16)
        srcs = [hw / src.name for src in top_sources(m.top)]
        run_cocotb(m.top, srcs, f"verif.{m.top}.test_{m.top}", rtl, sim, f"mut_{m.name}",
                   extra_env={"SWM_PARAMS": json.dumps(rtl), "COCOTB_TEST_FILTER": m.testcase})
    else:
        from verif.common.block_stream_tb import scale_mask, tb_blocks

        K, w = 8, dict(DW=16, FW=18, TW=16) if m.top == "swm_rfft" else dict(FW=18, TW=16)
        params = dict(K=K, ROUND_MODE=0, SCALE=scale_mask(K, "all"), **w)
        rom = HW / "rom" / f"swm_twiddle_k{K}_tw16.hex"
        srcs = [hw / src.name for src in top_sources(m.top)]
        run_cocotb(m.top, srcs, f"verif.{m.top}.test_{m.top}", dict(params, TWIDDLE_FILE=f'"{rom}"'), sim,
                   f"mut_{m.name}", extra_env={"SWM_PARAMS": json.dumps(dict(params, BLOCKS=tb_blocks(K, False))),
                                               "COCOTB_TEST_FILTER": m.testcase})


@pytest.mark.slow
@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("m", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_mutation_is_caught(m: Mutation, sim: str, capfd) -> None:
    """The mutant must fail its test, with one of the expected messages in the failure output."""
    top_dir = BUILD / m.top / f"mut_{m.name}-{sim}"
    if m.top == "swm_dense_fc":
        from verif.swm_dense_fc.test_swm_dense_fc import QUICK, _id

        top_dir = BUILD / m.top / f"mut_{m.name}_{_id(QUICK[1])}-{sim}"
    try:
        _run_mutant(m, sim)
    except (AssertionError, SystemExit) as e:  # cocotb_tools' runner exits 1 when a test failed
        xml = top_dir / "results.xml"
        assert xml.exists() and "<failure" in xml.read_text(), f"{m.name}: build or set-up error, not a test failure: {e!r}"
    else:
        pytest.fail(f"mutation {m.name} ({m.file}: {m.old!r} -> {m.new!r}) was NOT caught by {m.testcase}")
    out = capfd.readouterr()
    text = out.out + out.err + (top_dir / "results.xml").read_text()
    assert any(s in text for s in m.expect), (f"{m.name}: {m.testcase} failed, but not with any of {m.expect}; "
                                              f"see {top_dir}")
