// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_bc_layer.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// The engine's run control (docs/architecture.md "Stream protocol and handshake" and "Verification
// monitor"), for every configuration: cfg_p, cfg_q, cfg_count (32 bits), cfg_acc_shift,
// cfg_out_shift, cfg_act and cfg_y_frac are free inputs (any value at any time), and so are start,
// rst (after the first cycle), the x source (no source rules assumed), the sink's ready and both
// load streams. The function (the samples' values) is not checked here: the .sby cuts the data
// path (free words); simulation checks the values against swm.golden.
// Environment (assumptions): reset in the first cycle; nothing else (tasks prove, prove_rows2,
// bmc). Tasks live, stall and cover (FORMAL_LIVE) assume a run from the reset state: no later
// reset, the input always valid, start only in the cycle after the reset or while busy, the sink
// always ready (live) or ready every other cycle (stall, FORMAL_STALL).
// Reference: the contract, written as counters here (the configuration latched by an accepted
// start; input samples accepted in the run as (vector, sample); output samples sent in the run as
// (vector, sample); busy, done, cfg_error and the cycle count as the contract defines them).
// Yosys has no hierarchical references, so the state inside the FFTs, the X and Y buffers and the
// RAMs cannot be named here: what depends on it (no output while idle, no deadlock, and the
// failing of the output-side mutants, whose first output comes about 60 cycles after a start) is
// bounded (tasks bmc, live, stall: FORMAL_BMC defined), the rest is proved by k-induction (tasks
// prove, prove_rows2).
// Properties (assertions, labelled group_what):
//   iface   nothing valid, not busy, no done, no error, cycles 0 after reset; valid held and
//           data/last stable until accepted while busy (idle: nothing valid); tlast exactly on every p*K-th output sample of the
//           run. Bounded (bmc): m_axis_y_tvalid low while idle
//   cons    the latched configuration and the loop bounds derived from it; the input position
//           (vector, sample) = the samples accepted in the run; the output index pipeline: bidx =
//           the output samples sent + those in the output register and the 8 output stages (mod
//           p*K), each stage's last flag that of its index; the output vector count
//   ctl     cfg_error changes only at a start while idle, to "the configuration is bad"; busy =
//           a good start seen while idle and the run's last output sample not yet sent (so busy
//           rises only at an accepted start, falls only with done, a start while busy is
//           ignored); done exactly in the cycle after the transfer of the last output sample of
//           vector cfg_count; cycles = the edges from the start edge (to that transfer), held
//           while idle; s_axis_x_tready only while busy and fewer than cfg_count*q*K samples of
//           the run were taken; s_axis_w/b_tready low while busy
//   live    bounded (bmc): with the sink always ready and the input always valid from the start, a
//           run of cfg_count <= 2 makes its last output transfer by edge LIVE_RUN1 + (cfg_count - 1)
//           * LIVE_RUN_N after the start edge (cycles at done <= 70 / 78 at p = q = 2; done the
//           cycle after; a cover reaches the bound for cfg_count = 1 and 2); while a run still
//           needs input, s_axis_x_tready is high again within LIVE_IN sink-ready cycles

    `include "swm_formal_reset.vh"

    // ---- the contract's configuration check, written from the text ------------------------------
    localparam integer F_PKW = BLW + 1;
    wire f_bad = (cfg_p == 0) || (cfg_p > MAX_P) || (cfg_q == 0) || (cfg_q > MAX_Q) ||
                 (cfg_count == 32'd0) || (cfg_acc_shift > AW - 1) || (cfg_out_shift > FW + 1) ||
                 ((cfg_act == 2'd2 || cfg_act == 2'd3) && (cfg_y_frac > DW - 4));
    wire f_acc = start && !f_busy && !f_bad;       // an accepted start (the engine latches then)

    wire f_in_fire  = s_axis_x_tvalid && s_axis_x_tready && !rst;
    wire f_out_fire = m_axis_y_tvalid && m_axis_y_tready && !rst;

    // ---- reference ---------------------------------------------------------------------------------
    reg                f_started;            // a start accepted since the last reset (the latched fields defined)
    reg  [PCW-1:0]     f_p;
    reg  [QCW-1:0]     f_q;
    reg  [31:0]        f_count;
    reg  [ASW-1:0]     f_acc_shift;
    reg  [OSW-1:0]     f_out_shift;
    reg  [1:0]         f_act;
    reg  [FRW-1:0]     f_frac;
    reg                f_busy;
    reg                f_done;
    reg                f_err;
    reg  [31:0]        f_cycles;
    reg  [31:0]        f_ivec;               // input vectors completed in the run
    reg  [ICW-1:0]     f_iidx;               // input sample within the vector
    reg  [31:0]        f_ovec;               // output vectors completed in the run
    reg  [BLW-1:0]     f_oidx;               // output sample within the vector

    wire [F_PKW-1:0]   f_pk_m1 = ({{(F_PKW-PCW){1'b0}}, f_p} << LOG_K) - 1'b1;   // p*K - 1
    wire [ICW:0]       f_qk_m1 = ({{(ICW+1-QCW){1'b0}}, f_q} << LOG_K) - 1'b1;   // q*K - 1
    wire               f_o_last = ({1'b0, f_oidx} == f_pk_m1);
    wire               f_run_last = f_busy && f_out_fire && f_o_last && (f_ovec == f_count - 32'd1);

    initial begin
        f_busy   = 1'b0;
        f_done   = 1'b0;
        f_err    = 1'b0;
        f_started = 1'b0;
    end

    always @(posedge clk) begin
        f_done <= 1'b0;
        if (start && !f_busy) begin
            f_err <= f_bad;
        end
        if (f_acc) begin
            f_started   <= !rst;
            f_p         <= cfg_p;
            f_q         <= cfg_q;
            f_count     <= cfg_count;
            f_acc_shift <= cfg_acc_shift;
            f_out_shift <= cfg_out_shift;
            f_act       <= cfg_act;
            f_frac      <= cfg_y_frac;
        end
        if (f_acc) begin
            f_busy   <= 1'b1;
            f_cycles <= 32'd0;
        end else if (f_busy) begin
            f_cycles <= f_cycles + 32'd1;
            if (f_run_last) begin
                f_busy <= 1'b0;
                f_done <= 1'b1;
            end
        end
        if (f_in_fire) begin
            if ({1'b0, f_iidx} == f_qk_m1) begin
                f_iidx <= {ICW{1'b0}};
                f_ivec <= f_ivec + 32'd1;
            end else begin
                f_iidx <= f_iidx + 1'b1;
            end
        end
        if (f_out_fire) begin
            if (f_o_last) begin
                f_oidx <= {BLW{1'b0}};
                f_ovec <= f_ovec + 32'd1;
            end else begin
                f_oidx <= f_oidx + 1'b1;
            end
        end
        if (rst || f_acc) begin
            f_ivec <= 32'd0;
            f_iidx <= {ICW{1'b0}};
            f_ovec <= 32'd0;
            f_oidx <= {BLW{1'b0}};
        end
        if (rst) begin
            f_started <= 1'b0;
            f_busy   <= 1'b0;
            f_done   <= 1'b0;
            f_err    <= 1'b0;
            f_cycles <= 32'd0;
        end
    end

    // the index of each output stage's sample (the y register's first, then stage 7 down to 0)
    reg [BLW-1:0] f_stage_idx [0:OSTG-1];
    reg [BLW-1:0] f_next_idx;
    integer       f_j;
    always @(*) begin
        f_next_idx = f_oidx;
        if (y_valid_reg) begin
            f_next_idx = ({1'b0, f_next_idx} == f_pk_m1) ? {BLW{1'b0}} : f_next_idx + 1'b1;
        end
        for (f_j = OSTG - 1; f_j >= 0; f_j = f_j - 1) begin
            f_stage_idx[f_j] = f_next_idx;
            if (o_valid_reg[f_j]) begin
                f_next_idx = ({1'b0, f_next_idx} == f_pk_m1) ? {BLW{1'b0}} : f_next_idx + 1'b1;
            end
        end
    end
    reg     f_stage_ok;
    integer f_k;
    always @(*) begin
        f_stage_ok = 1'b1;
        for (f_k = 0; f_k < OSTG; f_k = f_k + 1) begin
            if (o_valid_reg[f_k] && (o_last_reg[f_k] != ({1'b0, f_stage_idx[f_k]} == f_pk_m1))) begin
                f_stage_ok = 1'b0;
            end
        end
    end

    // the loop bounds the engine derives from the latched p and q
    wire [PCW-1:0] f_grp_last  = (f_p - 1'b1) / ROWS;
    wire [PCW-1:0] f_rows_last = (f_p - 1'b1) % ROWS;

    // ---- interface -------------------------------------------------------------------------------
    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            iface_idle_after_reset: assert(!m_axis_y_tvalid && !busy && !done && !cfg_error && cycles == 32'd0);
        end
        // (while idle nothing is valid: bounded, iface_no_valid_while_idle)
        if (f_past_valid && !$past(rst) && $past(f_busy && m_axis_y_tvalid && !m_axis_y_tready)) begin
            iface_valid_held: assert(m_axis_y_tvalid);
            iface_data_stable: assert(m_axis_y_tdata == $past(m_axis_y_tdata));
            iface_last_stable: assert(m_axis_y_tlast == $past(m_axis_y_tlast));
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            if (m_axis_y_tvalid && f_started) begin
                iface_last_every_pk: assert(m_axis_y_tlast == f_o_last);
            end
            // ---- the references the engine's counters follow (k-induction invariants) ----------
            if (f_started) begin
                cons_config_latched: assert(q_reg == f_q && count_reg == f_count && acc_shift_reg == f_acc_shift &&
                                            out_shift_reg == f_out_shift && act_reg == f_act && frac_reg == f_frac);
                cons_loop_bounds: assert({1'b0, pk_last_reg} == f_pk_m1 && {1'b0, qk_last_reg} == f_qk_m1 &&
                                         grp_last_reg == f_grp_last && rows_last_reg == f_rows_last[RW-1:0]);
                cons_input_position: assert(in_cnt_reg == f_iidx && in_vec_reg == f_ivec);
                cons_output_index: assert(bidx_reg == f_next_idx);
                cons_stage_last_flags: assert(f_stage_ok);
                cons_output_vector: assert(out_vec_reg == f_ovec && out_px_reg == {PXW{1'b0}});
            end
            // ---- run control ------------------------------------------------------------------------
            ctl_error_exact: assert(cfg_error == f_err);
            ctl_busy_exact: assert(busy == f_busy && (!f_busy || f_started));
            ctl_done_exact: assert(done == f_done);
            ctl_cycles: assert(cycles == f_cycles);
            if (s_axis_x_tready) begin
                ctl_x_ready_only_while_needed: assert(f_busy && f_ivec < f_count);
            end
            if (busy) begin
                ctl_loads_only_idle: assert(!s_axis_w_tready && !s_axis_b_tready);
            end
        end
    end

`ifdef FORMAL_LIVE
    // ---- task live (and cover) only: the full-rate environment of the run-length bound -------------
    // no reset after the first cycle, the input always valid, the sink always ready (task stall,
    // FORMAL_STALL: ready every other cycle, so that outputs stall); start only in the cycle after
    // the reset (a run from the reset state) and while busy (ignored, ctl_*); the configuration
    // stays free. live_run_ends is asserted for the runs whose sink was always ready.
    reg f_past_valid2 = 1'b0;
    reg f_toggle = 1'b0;
`ifdef FORMAL_STALL
    wire f_half_rate = 1'b1;
`else
    wire f_half_rate = 1'b0;
`endif
    always @(posedge clk) begin
        f_past_valid2 <= f_past_valid;
        f_toggle      <= !f_toggle;
    end
    always @(*) begin
        if (f_past_valid) begin
            assume(!rst);
            assume(s_axis_x_tvalid);
            assume(m_axis_y_tready == (!f_half_rate || f_toggle));
        end
        if (f_past_valid2 && !f_busy) begin
            assume(!start);
        end
    end
`endif

`ifdef FORMAL_BMC
    // ---- bounded: nothing sent while idle, the run ends, input not refused forever ------------------
    localparam integer LIVE_RUN1  = 70;
    localparam integer LIVE_RUN_N = 8;
    localparam integer LIVE_IN    = 20;
    reg        f_ideal = 1'b0;       // since the run's start, the sink always ready, the input always valid
    reg [7:0]  f_refused = 8'd0;     // sink-ready cycles the input was refused while the run needs it
    wire       f_needs_in = f_busy && f_ivec < f_count;
    always @(posedge clk) begin
        if (rst) begin
            f_ideal   <= 1'b0;
            f_refused <= 8'd0;
        end else begin
            if (f_acc) begin
                f_ideal <= m_axis_y_tready && s_axis_x_tvalid;
            end else if (!m_axis_y_tready || !s_axis_x_tvalid) begin
                f_ideal <= 1'b0;
            end
            if (!f_needs_in || s_axis_x_tready || f_acc) begin
                f_refused <= 8'd0;
            end else if (m_axis_y_tready && f_refused != 8'hff) begin
                f_refused <= f_refused + 8'd1;
            end
        end
    end
    wire [31:0] f_run_bound = LIVE_RUN1 + (f_count - 32'd1) * LIVE_RUN_N;
    always @(*) begin
        if (f_past_valid && !rst) begin
            if (!f_busy) begin
                iface_no_valid_while_idle: assert(!m_axis_y_tvalid);
            end
            if (f_busy && f_ideal && f_count <= 32'd2) begin
                live_run_ends: assert(f_cycles < f_run_bound);     // the last transfer by edge f_run_bound
            end
            live_input_not_refused: assert(f_refused <= LIVE_IN);
        end
    end
    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && !rst) begin
            // reachability: runs of one and two vectors at full rate, the bound reached
            cover($past(f_ideal) && done && f_count == 32'd1 && cycles == f_run_bound);
            cover($past(f_ideal) && done && f_count == 32'd2 && cycles == f_run_bound);
            cover($past(start && busy && !f_bad) && busy);         // a start while busy, ignored
            cover($past(start && !busy && f_bad) && cfg_error);     // a bad configuration flagged
        end
    end
`endif
