// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_lstm_stage.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// The stage's control and framing (docs/architecture.md "LSTM stage"), not its function: the .sby
// cuts the data words (free values), and in tasks prove and bmc_cut the whole gate engine
// (u_gates: its outputs free, so every engine behaviour is allowed, which only adds behaviours).
// Environment (assumptions): reset in the first cycle and the s_axis_x source rules (valid held,
// data/last stable until accepted); run, rst, the sink's ready and the load streams free. Tasks
// live and cover (FORMAL_LIVE) assume the full-rate run from the reset state: no later reset, run
// high, the input always valid, the sink always ready.
// Reference (counters written from the docs): the input framing (sample in step, step in
// sequence, dropping, the protocol error), the step being sent to the engine and its position,
// sequences ended at the input, output samples and bursts sent.
// Properties (assertions, labelled group_what):
//   iface   m_axis_y: nothing valid and no protocol error after reset, valid held and data/last
//           stable until accepted (k-induction); tlast exactly on the HIDDEN-th output of a burst
//           (bounded); not busy and no cfg_error after reset (bounded, full model)
//   cons    input framing: N_X samples per step, a sequence ends at its tlast or after step
//           MAX_LEN - 1, the rest of an over-long one dropped up to its tlast; every accepted sample
//           sent to the engine at its position in the step, padding zeros, h_{t-1} zeros on a
//           first step; XLEN + HIDDEN samples per engine vector, tlast on the last; the sequencer's
//           registers follow the reference (k-induction). Bounded (full model): outputs only for a
//           sequence ended at the input, one burst per sequence
//   ctl     the protocol error (perr) exact and sticky (k-induction); cfg_error = it (the engine
//           and the cell never flag a well-framed stream; bounded); input and engine stream only
//           while run; in_stall / out_stall; the h part of a step only after step_done of the
//           step before; busy only after run, then held; loads only while not busy (bounded)
//   live    bounded (live task): at full rate from reset, a one-step sequence's last output
//           transfer LIVE_T1 cycles after its first input transfer at the latest (a cover reaches
//           it), a two-step one's within LIVE_T2

    `include "swm_formal_reset.vh"

    // the s_axis_x source rules (swm_formal_source.vh names the port s_axis_t*)
    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && $past(s_axis_x_tvalid && !s_axis_x_tready)) begin
            assume(s_axis_x_tvalid);
            assume(s_axis_x_tdata == $past(s_axis_x_tdata));
            assume(s_axis_x_tlast == $past(s_axis_x_tlast));
        end
    end

    localparam integer F_VLEN = XLEN + HIDDEN;       // samples per engine vector
    wire f_x_fire   = x_fire && !rst;
    wire f_e_fire   = e_fire && !rst;
    wire f_out_fire = m_axis_y_tvalid && m_axis_y_tready && !rst;

    // ---- reference: the input framing -------------------------------------------------------------
    reg  [7:0] f_xs;          // sample index in the step
    reg  [7:0] f_st;          // step index in the sequence
    reg        f_drop;        // dropping the rest of an over-long sequence
    reg        f_err;         // a protocol error seen since reset
    reg        f_end_pend;    // the input's sequence ended in the step being sent to the engine
    reg  [7:0] f_est;         // index (in its sequence) of the step being sent to the engine
    reg  [7:0] f_epos;        // position of the next engine sample in its vector
    wire       f_short = f_x_fire && !f_drop && s_axis_x_tlast && f_xs != N_X - 1;
    wire       f_long  = f_x_fire && !f_drop && !s_axis_x_tlast && f_xs == N_X - 1 && f_st == MAX_LEN - 1;
    wire       f_seq_end = f_x_fire && !f_drop && (s_axis_x_tlast || (f_xs == N_X - 1 && f_st == MAX_LEN - 1));
    wire       f_e_last = f_e_fire && (f_epos == F_VLEN - 1);

    always @(posedge clk) begin
        if (f_x_fire) begin
            if (f_drop) begin
                if (s_axis_x_tlast) begin
                    f_drop <= 1'b0;
                end
            end else if (f_seq_end) begin
                f_xs <= 8'd0;
                f_st <= 8'd0;
                f_drop <= f_long;
            end else if (f_xs == N_X - 1) begin
                f_xs <= 8'd0;
                f_st <= f_st + 8'd1;
            end else begin
                f_xs <= f_xs + 8'd1;
            end
        end
        if (f_short || f_long) begin
            f_err <= 1'b1;
        end
        if (f_e_fire) begin
            f_epos <= f_e_last ? 8'd0 : f_epos + 8'd1;
        end
        if (f_e_last) begin
            f_est <= f_end_pend ? 8'd0 : f_est + 8'd1;
        end
        if (f_seq_end) begin
            f_end_pend <= 1'b1;
        end else if (f_e_last) begin
            f_end_pend <= 1'b0;
        end
        if (rst) begin
            f_xs       <= 8'd0;
            f_st       <= 8'd0;
            f_drop     <= 1'b0;
            f_err      <= 1'b0;
            f_end_pend <= 1'b0;
            f_est      <= 8'd0;
            f_epos     <= 8'd0;
        end
    end

    // the sequencer's flag "the step being sent is its sequence's last" (last_pend until the h part starts)
    wire       f_rtl_last = (phase_reg && hi_reg != {HW{1'b0}}) ? cur_last_reg : last_pend_reg;
    wire [7:0] f_rtl_pos  = phase_reg ? XLEN + {6'd0, hi_reg} : {{(8 - XW){1'b0}}, xi_reg};

    // ---- interface and sequencer invariants (every task) ---------------------------------------------
    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            iface_idle_after_reset: assert(!m_axis_y_tvalid && !perr_reg);
        end
        if (f_past_valid && !$past(rst) && !rst && $past(m_axis_y_tvalid && !m_axis_y_tready)) begin
            iface_valid_held: assert(m_axis_y_tvalid);
            iface_data_stable: assert(m_axis_y_tdata == $past(m_axis_y_tdata));
            iface_last_stable: assert(m_axis_y_tlast == $past(m_axis_y_tlast));
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            // the sequencer follows the reference
            cons_drop: assert(f_drop == (drop_reg || drop_next_reg) && !(drop_reg && drop_next_reg));
            cons_engine_position: assert(f_epos == f_rtl_pos && f_epos < F_VLEN &&
                                         (!phase_reg || xi_reg == {XW{1'b0}}) && (phase_reg || hi_reg == {HW{1'b0}}));
            cons_step_index: assert({{(8 - TCW){1'b0}}, step_reg} == f_est && f_est < MAX_LEN &&
                                    f_end_pend == f_rtl_last && (!drop_next_reg || f_end_pend) &&
                                    !(phase_reg && hi_reg != {HW{1'b0}} && last_pend_reg));
            if (x_real) begin
                cons_input_position: assert(f_xs == f_epos && f_xs < N_X && f_st == f_est && !f_end_pend);
            end else begin
                cons_step_complete: assert(f_xs == 8'd0 && f_st == (f_end_pend ? 8'd0 : f_est + 8'd1) && f_st < MAX_LEN);
            end
            if (pad_reg) begin
                cons_padding_ends_sequence: assert(!phase_reg && f_end_pend && !f_drop);
            end
            if (drop_reg) begin
                cons_dropping_at_step_start: assert(!phase_reg && xi_reg == {XW{1'b0}} && f_est == 8'd0 && !f_end_pend);
            end
            // every accepted sample of a sequence goes to the engine at its place; dropped ones do not
            if (f_x_fire && !f_drop) begin
                cons_sample_to_engine: assert(f_e_fire && !phase_reg && f_epos == f_xs &&
                                              e_tdata == s_axis_x_tdata && !e_tlast);
            end
            if (f_x_fire && f_drop) begin
                cons_dropped_not_sent: assert(!e_tvalid);
            end
            if (f_e_fire && !phase_reg && !x_fire) begin
                cons_padding_zero: assert(e_tdata == {DW{1'b0}} && !x_real);
            end
            if (e_tvalid && phase_reg) begin
                cons_h_part: assert(e_tdata == ((f_est == 8'd0) ? {DW{1'b0}} : h_rdata));
            end
            if (e_tvalid) begin
                cons_vector_tlast: assert(e_tlast == (f_epos == F_VLEN - 1));
            end
            // protocol errors: exact (a tlast inside a step, a sequence longer than MAX_LEN) and sticky
            ctl_protocol_error: assert(perr_reg == f_err);
            // run gating
            if (s_axis_x_tready || e_tvalid) begin
                ctl_input_needs_run: assert(run);
            end
            ctl_stall_flags: assert(in_stall == (s_axis_x_tready && !s_axis_x_tvalid) &&
                                    out_stall == (m_axis_y_tvalid && !m_axis_y_tready));
        end
    end

`ifdef FORMAL_BMC
    // ---- bounded: the output framing (the cell's count) ---------------------------------------------
    reg [7:0] f_ocnt;         // outputs sent in the current burst
    always @(posedge clk) begin
        if (f_out_fire) begin
            f_ocnt <= m_axis_y_tlast ? 8'd0 : f_ocnt + 8'd1;
        end
        if (rst) begin
            f_ocnt <= 8'd0;
        end
    end
    always @(*) begin
        if (f_past_valid && !rst && m_axis_y_tvalid) begin
            iface_tlast_hth: assert(m_axis_y_tlast == (f_ocnt == HIDDEN - 1) && f_ocnt < HIDDEN);
        end
    end
`endif

`ifdef FORMAL_FULL
    // ---- bounded, the full model (the engine not cut) ----------------------------------------------
    reg [7:0] f_seqs;         // sequences ended at the input
    reg [7:0] f_bursts;       // output bursts completed (tlast sent)
    reg [1:0] f_pend;         // steps whose h part started and whose step_done has not come
    reg       f_ran;          // run seen high since reset
    wire      f_h_start = f_e_fire && phase_reg && hi_reg == {HW{1'b0}};
    always @(posedge clk) begin
        if (f_seq_end) begin
            f_seqs <= f_seqs + 8'd1;
        end
        if (f_out_fire && m_axis_y_tlast) begin
            f_bursts <= f_bursts + 8'd1;
        end
        f_pend <= f_pend + {1'b0, f_h_start} - {1'b0, step_done && !rst};
        if (run) begin
            f_ran <= 1'b1;
        end
        if (rst) begin
            f_seqs   <= 8'd0;
            f_bursts <= 8'd0;
            f_pend   <= 2'd0;
            f_ran    <= 1'b0;
        end
    end
    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            ctl_idle_after_reset: assert(!busy && !cfg_error);
        end
        if (f_past_valid && !$past(rst) && !rst && $past(busy)) begin
            ctl_busy_held: assert(busy);
        end
    end
    always @(*) begin
        if (f_past_valid && !rst) begin
            if (m_axis_y_tvalid) begin
                cons_burst_per_sequence: assert(f_bursts < f_seqs);
            end
            ctl_error_exact: assert(cfg_error == f_err);
            if (f_h_start) begin
                ctl_h_after_step_done: assert(f_pend == 2'd0);
            end
            if (step_done) begin
                ctl_step_done_owed: assert(f_pend != 2'd0);
            end
            if (busy) begin
                ctl_busy_after_run: assert(f_ran);
            end
            if (g_tvalid || z_tvalid || m_axis_y_tvalid) begin
                ctl_busy_while_held: assert(busy);
            end
            // loads refused in every busy cycle (also the first, where the register slice holds the
            // first sample and the engine has not started yet)
            if (busy) begin
                ctl_loads_only_idle: assert(!s_axis_w_tready && !s_axis_b_tready);
            end
        end
    end
`endif

`ifdef FORMAL_LIVE
    // ---- live and cover: a full-rate run from the reset state ------------------------------------
    localparam integer LIVE_T1 = 87;     // swm.perf.lstm_latency(1, ..) - 1 edges, + 1: the engine starts with run
    localparam integer LIVE_T2 = 170;    // swm.perf.lstm_latency(2, ..) - 1 edges, + 1
    always @(*) begin
        if (f_past_valid) begin
            assume(!rst);
            assume(run);
            assume(s_axis_x_tvalid);
            assume(m_axis_y_tready);
        end
    end
    reg       f_go = 1'b0;        // the first input sample was accepted
    reg [8:0] f_cyc = 9'd0;       // edges since then
    reg [7:0] f_len = 8'd0;       // steps of the first sequence (0 until it ended)
    reg       f_out_done = 1'b0;  // its last output sent
    always @(posedge clk) begin
        if (f_x_fire && !f_go) begin
            f_go <= 1'b1;
        end
        if ((f_go || f_x_fire) && f_cyc != 9'h1ff) begin
            f_cyc <= f_cyc + 9'd1;
        end
        if (f_seq_end && f_len == 8'd0) begin
            f_len <= f_st + 8'd1;
        end
        if (f_out_fire && m_axis_y_tlast) begin
            f_out_done <= 1'b1;
        end
    end
    always @(*) begin
        if (f_past_valid && f_go && !f_out_done) begin
            if (f_len == 8'd1) begin
                live_one_step_sequence: assert(f_cyc <= LIVE_T1);
            end
            if (f_len == 8'd2) begin
                live_two_step_sequence: assert(f_cyc <= LIVE_T2);
            end
        end
        if (f_past_valid && f_go && f_out_fire && m_axis_y_tlast && !f_out_done) begin
            cover(f_len == 8'd1 && f_cyc == LIVE_T1);
            cover(f_len == 8'd2 && f_cyc == LIVE_T2);
        end
        if (f_past_valid) begin
            cover(pad_reg && cfg_error);                      // a tlast inside a step: padded, flagged
            cover(f_drop && cfg_error && f_bursts == 8'd0);    // an over-long sequence cut (its rest to be dropped)
        end
    end
`endif
