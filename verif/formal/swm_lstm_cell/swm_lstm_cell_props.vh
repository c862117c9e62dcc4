// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_lstm_cell.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment (assumptions): reset in the first cycle; the z source keeps valid high and data/last
// stable until its sample is accepted (its tlast may be anywhere: err is checked); step_first /
// step_last are free (the cell takes them with a step's first sample); the sink may stall for any
// number of cycles; h_raddr is free. Only half_up rounding (ROUND_MODE 0) is in this job.
// The state (gate memories, c and h) is in this module's own registers, so everything but the
// cycle bounds is proved by k-induction (task prove); the bounds in cycles are bounded (task bmc,
// FORMAL_BMC and FORMAL_BOUNDS_ONLY defined: only the bounds and the covers, from reset).
// Properties (assertions, labelled group_what), with a watched unit u (anyconst):
//   iface   nothing valid, no err and no step_done after reset; valid held, data/last stable until
//           accepted; tlast exactly on the HIDDEN-th h of each sequence (an output count mod H)
//   cons    the input position follows a reference count (gate = pos / H, unit = pos mod H) and
//           the step's flags; every sample in S1 / S1b at its position; the o samples in the
//           pipeline (S1 .. S5 and the output register) in order, each with its unit and its step's
//           flags, no more than k - 1 samples taken after the one in stage k (a walk from the
//           youngest, the o of the latest step first); outputs owed = o samples of last steps in
//           the pipeline (none for other steps, none lost), in unit order 0..H-1; step_done owed =
//           o[H-1] samples in S1 .. S5 + step_done
//   ctl     err exact and sticky (a tlast not on sample 4H-1, the count frames the steps); the c
//           operand 0 for every o sample of a sequence's first step; step_done only once the step's
//           h are all stored (no o[H-1] left in S1 .. S5)
//   live    input refused exactly while an h waits on a stalling sink (ready = !valid || sink ready).
//           Bounded (bmc): after the last pre-activation of a last step an h of the sequence is
//           offered within LIVE_T = 7 cycles (a cover reaches it) and its tlast h after exactly 7
//           advancing (ce) cycles
//   func    stage by stage against docs/datapath.md "LSTM cell" (a reference in wide arithmetic:
//           the PWL sigmoid / tanh of step 4, half_up rnd, sat): every S1 activation (tanh for g);
//           unit u's latest i, f, g in the gate memories; the watched o[u]'s operands (o; i, f, g
//           of its step; c = 0 on a first step, else the c unit u stored in the step before, once a
//           first step has fixed the chain after reset); the exact products of the stage before;
//           c = sat(rnd(f*c, G) + rnd(i*g, 2G - C)), tanh(c) at C, h = sat(rnd(o*tanh(c), G + C - A))
//           on their stage's registers; c and h stored (h on h_rdata) and the watched h sent.
//           (An end-to-end reference, the watched h recomputed from its z with the reference's own
//           multipliers, did not close by k-induction in 5 minutes: the multiplier miter.)
// The cell does not use h itself (the sequencer sends zeros for h on a first step), so h is not
// reset here.

    `include "swm_formal_reset.vh"

    // ---- environment: the z source -------------------------------------------------------------------
    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && $past(s_axis_z_tvalid && !s_axis_z_tready)) begin
            assume(s_axis_z_tvalid);
            assume(s_axis_z_tdata == $past(s_axis_z_tdata));
            assume(s_axis_z_tlast == $past(s_axis_z_tlast));
        end
    end

    wire f_in_fire  = s_axis_z_tvalid && s_axis_z_tready && !rst;
    wire f_out_fire = m_axis_h_tvalid && m_axis_h_tready && !rst;
    localparam integer F_H3 = 3 * H;
    localparam integer F_H4 = 4 * H;

    // ---- references: position in the step, the steps' flags, err, owed outputs and step_done ---------
    reg  [7:0] f_pos = 8'd0;        // samples of the current step taken (0 .. 4H-1)
    reg  [1:0] f_nst = 2'd0;        // steps started since reset, saturating at 2
    reg        f_first = 1'b0, f_last = 1'b0;     // flags of the latest step started
    reg        f_pfirst = 1'b0, f_plast = 1'b0;   // and of the one before
    reg        f_err = 1'b0;
    reg  [7:0] f_h_owed = 8'd0, f_done_owed = 8'd0, f_hpos = 8'd0;
    wire       f_at_end = (f_pos == F_H4 - 1);

    always @(posedge clk) begin
        if (rst) begin
            f_pos <= 8'd0;
            f_nst <= 2'd0;
            {f_first, f_last, f_pfirst, f_plast, f_err} <= 5'd0;
            f_h_owed    <= 8'd0;
            f_done_owed <= 8'd0;
            f_hpos      <= 8'd0;
        end else begin
            if (f_in_fire) begin
                f_pos <= f_at_end ? 8'd0 : f_pos + 8'd1;
                if (f_pos == 8'd0) begin
                    f_pfirst <= f_first;
                    f_plast  <= f_last;
                    f_first  <= step_first;
                    f_last   <= step_last;
                    if (f_nst != 2'd2) begin
                        f_nst <= f_nst + 2'd1;
                    end
                end
                if (s_axis_z_tlast != f_at_end) begin
                    f_err <= 1'b1;
                end
            end
            f_h_owed    <= f_h_owed + {7'd0, f_in_fire && f_pos >= F_H3 && f_last} - {7'd0, f_out_fire};
            f_done_owed <= f_done_owed + {7'd0, f_in_fire && f_at_end} - {7'd0, step_done};
            if (f_out_fire) begin
                f_hpos <= (f_hpos == H - 1) ? 8'd0 : f_hpos + 8'd1;
            end
        end
    end

    // ---- the o samples in the pipeline: a walk from the youngest stage (1: S1) to the oldest (8: h out)
    // samples of the latest step started: f_q (4H once it is complete)
    wire [7:0]    f_q = (f_pos == 8'd0 && f_nst != 2'd0) ? F_H4[7:0] : f_pos;
    wire [8:1]    f_pres = {v6_reg, v5_reg, v4b_reg, v4_reg, v3_reg, v2_reg,
                            v1b_reg && (g1b_reg == 2'd3), v1_reg && (g1_reg == 2'd3)};
    wire [8*HW-1:0] f_units = {{HW{1'b0}}, n5_reg, n4b_reg, n4_reg, n3_reg, n2_reg, n1b_reg, n1_reg};
    wire [8:1]    f_lasts = {1'b1, last5_reg, last4b_reg, last4_reg, last3_reg, last2_reg, last1b_reg, last1_reg};
    wire [8:1]    f_firsts = {6'd0, first1b_reg, first1_reg};
    (* anyconst *) reg [HW-1:0] f_u;   // the watched unit

    reg           f_walk_ok;
    reg  [7:0]    f_e, f_d, f_nlast, f_ndone, f_u6, f_oldest;
    reg  [1:0]    f_a;
    reg           f_any_last, f_flast, f_ffirst;
    reg  [8:1]    f_st_first, f_is_u, f_is_last_unit;
    integer       f_k;
    always @(*) begin
        f_walk_ok  = 1'b1;
        f_e        = (f_q > F_H3) ? f_q - F_H3 - 8'd1 : H - 1;   // the unit of the latest o taken
        f_a        = (f_q > F_H3) ? 2'd0 : 2'd1;                  // of the latest step (0) or the one before
        f_nlast    = 8'd0;
        f_ndone    = 8'd0;
        f_u6       = 8'd0;
        f_oldest   = 8'd0;
        f_any_last = 1'b0;
        f_st_first = 8'd0;
        f_is_u     = 8'd0;
        f_is_last_unit = 8'd0;
        f_d        = 8'd0;
        f_flast    = 1'b0;
        f_ffirst   = 1'b0;
        for (f_k = 1; f_k <= 8; f_k = f_k + 1) begin
            if (f_pres[f_k]) begin
                if (f_a > 2'd1 || (f_a == 2'd0 && f_nst == 2'd0) || (f_a == 2'd1 && f_nst != 2'd2)) begin
                    f_walk_ok = 1'b0;   // a step that was never taken
                end
                f_flast  = (f_a == 2'd0) ? f_last : f_plast;
                f_ffirst = (f_a == 2'd0) ? f_first : f_pfirst;
                // samples taken after it: at most one per advance since it was taken
                f_d = ((f_a == 2'd0) ? f_q : f_q + F_H4[7:0]) - 8'd1 - F_H3[7:0] - f_e;
                if (f_d > f_k - 1) begin
                    f_walk_ok = 1'b0;
                end
                if (f_k <= 7 && {{(8-HW){1'b0}}, f_units[(f_k-1)*HW +: HW]} != f_e) begin
                    f_walk_ok = 1'b0;
                end
                if (f_lasts[f_k] != f_flast) begin   // stage 8 (h out): only a last step's
                    f_walk_ok = 1'b0;
                end
                if (f_k <= 2 && f_firsts[f_k] != f_ffirst) begin
                    f_walk_ok = 1'b0;
                end
                if (f_k == 8) begin
                    f_u6 = f_e;
                end
                if (f_flast) begin
                    f_nlast    = f_nlast + 8'd1;
                    f_oldest   = f_e;
                    f_any_last = 1'b1;
                end
                if (f_k <= 7 && f_e == H - 1) begin
                    f_ndone = f_ndone + 8'd1;
                end
                f_st_first[f_k] = f_ffirst;
                f_is_u[f_k]     = (f_e == {{(8-HW){1'b0}}, f_u});
                f_is_last_unit[f_k] = (f_e == H - 1);
                if (f_e == 8'd0) begin
                    f_e = H - 1;
                    f_a = f_a + 2'd1;
                end else begin
                    f_e = f_e - 8'd1;
                end
            end
        end
    end

    // the next output's unit: the oldest last-step o in the pipeline, else the latest step's o count
    wire [7:0] f_hpos_exp = f_any_last ? f_oldest
                          : (f_nst != 2'd0 && f_last && f_q > F_H3 && f_q < F_H4) ? f_q - F_H3[7:0] : 8'd0;

    // S1 / S1b positions (gate * H + unit) of every sample
    wire [7:0] f_p1  = {6'd0, g1_reg} * H + {{(8-HW){1'b0}}, n1_reg};
    wire [7:0] f_p1b = {6'd0, g1b_reg} * H + {{(8-HW){1'b0}}, n1b_reg};
    wire [7:0] f_p1b_exp = (f_q >= 8'd1 + {7'd0, v1_reg}) ? f_q - 8'd1 - {7'd0, v1_reg} : F_H4 - 1;
    wire       f_p1b_prev = !(f_q >= 8'd1 + {7'd0, v1_reg});   // S1b's sample of the step before

    // ---- the reference (docs/datapath.md), in F_W = 2 DW + 4 bits (signed; no overflow) -------------------------------------------
    localparam integer F_W = 2 * DW + 4;
    localparam signed [F_W-1:0] F_C1 = 1, F_C5 = 5, F_C19 = 19, F_C27 = 27;
    localparam signed [F_W-1:0] F_MAX = (F_C1 <<< (DW - 1)) - F_C1;
    localparam signed [F_W-1:0] F_MIN = -(F_C1 <<< (DW - 1));

    function signed [F_W-1:0] f_satw(input signed [F_W-1:0] v);
        f_satw = (v > F_MAX) ? F_MAX : (v < F_MIN) ? F_MIN : v;
    endfunction

    // rnd(v, s), half_up: (v + 2^(s-1)) >> s (floor), rnd(v, 0) = v
    function signed [F_W-1:0] f_rnd(input signed [F_W-1:0] v, input integer s);
        f_rnd = (s == 0) ? v : ((v + (F_C1 <<< (s - 1))) >>> s);
    endfunction

    // PWL sigmoid with F fraction bits: the constants floor(c * ONE)
    function signed [F_W-1:0] f_sig(input signed [F_W-1:0] o, input integer fr);
        reg signed [F_W-1:0] one, a, fa;
        begin
            one = F_C1 <<< fr;
            a   = f_satw((o < 0) ? -o : o);
            if (a >= (one <<< 2) + one) begin
                fa = one;
            end else if (a >= ((F_C19 <<< fr) >>> 3)) begin          // 2.375 = 19/8
                fa = (a >>> 5) + ((F_C27 <<< fr) >>> 5);             // 0.84375 = 27/32
            end else if (a >= one) begin
                fa = (a >>> 3) + ((F_C5 <<< fr) >>> 3);              // 0.625 = 5/8
            end else begin
                fa = (a >>> 2) + (one >>> 1);
            end
            f_sig = f_satw((o < 0) ? one - fa : fa);
        end
    endfunction

    function signed [F_W-1:0] f_tanh(input signed [F_W-1:0] o, input integer fr);
        f_tanh = f_satw((f_sig(f_satw(o <<< 1), fr) <<< 1) - (F_C1 <<< fr));
    endfunction

    localparam integer F_SH_F = G_FRAC;
    localparam integer F_SH_I = 2 * G_FRAC - C_FRAC;
    localparam integer F_SH_H = G_FRAC + C_FRAC - X_FRAC;

    // ---- unit u: the latest i, f, g (activated) and the watched o[u] with its whole step -------------
    wire signed [F_W-1:0]   f_zw     = {{(F_W-DW){s_axis_z_tdata[DW-1]}}, s_axis_z_tdata};
    wire signed [F_W-1:0]   f_sig_z  = f_sig(f_zw, G_FRAC);
    wire signed [F_W-1:0]   f_tanh_z = f_tanh(f_zw, G_FRAC);
    reg  signed [DW-1:0] f_iref, f_fref, f_gref;
    reg                  f_iv = 1'b0, f_fv = 1'b0, f_gv = 1'b0;
    reg  signed [DW-1:0] f_wi, f_wf, f_wg, f_wo, f_wcin;   // the watched o[u]'s inputs
    // what is known of the watched o[u]: 0 none taken since reset, 1 taken, 2 with its i, f, g taken
    // since reset, 3 and its c input known (a first step since reset)
    reg  [1:0]           f_wlvl = 2'd0;
    wire                 f_wv    = (f_wlvl != 2'd0);
    wire                 f_wg_ok = f_wlvl[1];
    wire                 f_wk    = (f_wlvl == 2'd3);
    reg                  f_wfirst = 1'b0;   // its step the first of a sequence
    wire [7:0]           f_u8 = {{(8-HW){1'b0}}, f_u};

    // the c and h stored for unit u by the latest watched o[u] that passed S3 / S5 (valid: its c input
    // was known)
    reg  signed [DW-1:0] f_cst, f_hst;
    reg                  f_cv = 1'b0, f_hv = 1'b0;
    wire signed [F_W-1:0] f_cst_w = {{(F_W-DW){f_cst[DW-1]}}, f_cst};
    wire signed [F_W-1:0] f_tc_ref = f_tanh(f_cst_w, C_FRAC);

    // each arithmetic stage against docs/datapath.md, on its operand registers:
    // c = sat(rnd(f*c, G) + rnd(i*g, 2G - C), DW); tanh(c) at C; h = sat(rnd(o * tanh(c), G + C - A), DW)
    wire signed [F_W-1:0] f_c_of_s3 = f_satw(f_rnd({{(F_W-PW){fc3_reg[PW-1]}}, fc3_reg}, F_SH_F)
                                             + f_rnd({{(F_W-PW){ig3_reg[PW-1]}}, ig3_reg}, F_SH_I));
    wire signed [F_W-1:0] f_tc_of_s4 = f_tanh({{(F_W-DW){c4_reg[DW-1]}}, c4_reg}, C_FRAC);
    wire signed [F_W-1:0] f_h_of_s5 = f_satw(f_rnd({{(F_W-PW){oc5_reg[PW-1]}}, oc5_reg}, F_SH_H));
    wire signed [F_W-1:0] f_z1w = {{(F_W-DW){z1_reg[DW-1]}}, z1_reg};
    wire signed [F_W-1:0] f_act_of_s1 = (g1_reg == 2'd2) ? f_tanh(f_z1w, G_FRAC) : f_sig(f_z1w, G_FRAC);
    // the products (exact, 2DW bits) of the stage before
    wire signed [PW-1:0] f_fc_now = f2_reg * c2_reg;
    wire signed [PW-1:0] f_ig_now = i2_reg * g2_reg;
    wire signed [PW-1:0] f_oc_now = o4b_reg * tc4b_reg;

    // the watched o[u] in stage k
    wire [8:1] f_w_at = f_pres & f_is_u & {8{f_wv}};

    always @(*) begin
        assume(f_u < H);
    end

    always @(posedge clk) begin
        if (rst) begin
            {f_iv, f_fv, f_gv} <= 3'd0;
            f_wlvl <= 2'd0;
        end else if (f_in_fire) begin
            if (f_pos == f_u8) begin
                f_iref <= f_sig_z[DW-1:0];
                f_iv   <= 1'b1;
            end
            if (f_pos == H + f_u8) begin
                f_fref <= f_sig_z[DW-1:0];
                f_fv   <= 1'b1;
            end
            if (f_pos == 2 * H + f_u8) begin
                f_gref <= f_tanh_z[DW-1:0];
                f_gv   <= 1'b1;
            end
            if (f_pos == F_H3 + f_u8) begin
                f_wi    <= f_iref;
                f_wf    <= f_fref;
                f_wg    <= f_gref;
                f_wo    <= f_sig_z[DW-1:0];
                f_wcin  <= f_first ? {DW{1'b0}} : f_cst;   // c of the step before
                f_wfirst <= f_first;
                f_wlvl   <= !(f_iv && f_fv && f_gv) ? 2'd1 : (f_first || f_cv) ? 2'd3 : 2'd2;
            end
        end
    end

    always @(posedge clk) begin
        if (rst) begin
            f_cv <= 1'b0;
            f_hv <= 1'b0;
        end else if (ce) begin
            if (f_w_at[4]) begin
                f_cst <= c_new;
                f_cv  <= f_wk;
            end
            if (f_w_at[7]) begin
                f_hst <= h_new;
                f_hv  <= f_wk;
            end
        end
    end

    // the i, f, g samples of unit u in S1 / S1b
    wire f_s1_u  = v1_reg && n1_reg == f_u;
    wire f_s1b_u = v1b_reg && n1b_reg == f_u;
    wire [DW-1:0] f_ref_s1  = (g1_reg == 2'd0) ? f_iref : (g1_reg == 2'd1) ? f_fref : (g1_reg == 2'd2) ? f_gref : f_wo;
    wire          f_ok_s1   = (g1_reg == 2'd0) ? f_iv : (g1_reg == 2'd1) ? f_fv : (g1_reg == 2'd2) ? f_gv : f_wv;
    wire [DW-1:0] f_ref_s1b = (g1b_reg == 2'd0) ? f_iref : (g1b_reg == 2'd1) ? f_fref : (g1b_reg == 2'd2) ? f_gref : f_wo;
    wire          f_ok_s1b  = (g1b_reg == 2'd0) ? f_iv : (g1b_reg == 2'd1) ? f_fv : (g1b_reg == 2'd2) ? f_gv : f_wv;
    wire f_i_fly = (f_s1_u && g1_reg == 2'd0) || (f_s1b_u && g1b_reg == 2'd0);
    wire f_f_fly = (f_s1_u && g1_reg == 2'd1) || (f_s1b_u && g1b_reg == 2'd1);
    wire f_g_fly = (f_s1_u && g1_reg == 2'd2) || (f_s1b_u && g1b_reg == 2'd2);

`ifndef FORMAL_BOUNDS_ONLY
    // ---- interface ----------------------------------------------------------------------------------
    // (the previous cycle's values in registers, so that these are checked in the same step as the
    // combinational properties: a mutant's first failing step names all of them)
    reg          f_prev_rst = 1'b1, f_prev_stall = 1'b0, f_prev_last = 1'b0;
    reg [DW-1:0] f_prev_data = {DW{1'b0}};
    always @(posedge clk) begin
        f_prev_rst   <= rst;
        f_prev_stall <= m_axis_h_tvalid && !m_axis_h_tready;
        f_prev_data  <= m_axis_h_tdata;
        f_prev_last  <= m_axis_h_tlast;
    end
    always @(*) begin
        if (f_past_valid && f_prev_rst) begin
            iface_nothing_after_reset: assert(!m_axis_h_tvalid && !err && !step_done);
        end
        if (f_past_valid && !f_prev_rst && f_prev_stall) begin
            iface_valid_held: assert(m_axis_h_tvalid);
            iface_data_stable: assert(m_axis_h_tdata == f_prev_data);
            iface_last_stable: assert(m_axis_h_tlast == f_prev_last);
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            if (m_axis_h_tvalid) begin
                iface_tlast_on_unit_h_1: assert(m_axis_h_tlast == (f_hpos == H - 1));
            end
            // ---- framing and conservation ----
            cons_input_position: assert(f_pos < F_H4 && f_nst != 2'd3 && (f_nst != 2'd0 || f_pos == 8'd0) && {6'd0, gate_reg} * H + {{(8-HW){1'b0}}, n_reg} == f_pos
                                        && n_reg < H && first_reg == f_first && last_reg == f_last);
            cons_stage_positions: assert((!v1_reg || (f_q >= 8'd1 && f_p1 == f_q - 8'd1 && n1_reg < H))
                                         && (!v1b_reg || (f_p1b == f_p1b_exp && n1b_reg < H
                                                          && (!f_p1b_prev || f_nst == 2'd2))));
            cons_o_order: assert(f_walk_ok && (f_wv || !(|(f_pres & f_is_u))));
            cons_h_owed: assert(f_h_owed == f_nlast);
            cons_done_owed: assert(f_done_owed == f_ndone + {7'd0, done_reg});
            cons_output_unit_order: assert(f_hpos == f_hpos_exp && (!v6_reg || f_u6 == f_hpos));
            // ---- control ----
            ctl_err_exact: assert(err == f_err);
            if (v2_reg && f_st_first[3]) begin
                ctl_c_zero_on_first: assert(c2_reg == {DW{1'b0}});
            end
            if (step_done) begin
                ctl_done_after_store: assert(!(|(f_pres[7:1] & f_is_last_unit[7:1])));
            end
            // ---- no deadlock ----
            live_ready_rule: assert(s_axis_z_tready == (!m_axis_h_tvalid || m_axis_h_tready));
            // ---- the function of unit u ----
            func_gate_act: assert((!v1_reg || $signed(act1c) == f_act_of_s1)
                                  && (!(f_s1_u && f_ok_s1) || act1c == f_ref_s1)
                                  && (!(f_s1b_u && f_ok_s1b) || act1_reg == f_ref_s1b));
            func_gate_memories: assert((!f_iv || f_i_fly || i_mem[f_u] == f_iref)
                                       && (!f_fv || f_f_fly || f_mem[f_u] == f_fref)
                                       && (!f_gv || f_g_fly || g_mem[f_u] == f_gref));
            // the watched o[u]'s operands: stored while it is in S1 / S1b, read into S2
            func_operands: assert((!(f_w_at[1] || f_w_at[2])
                                   || ((!f_wg_ok || (i_mem[f_u] == f_wi && f_mem[f_u] == f_wf && g_mem[f_u] == f_wg))
                                       && (!f_wk || ((f_w_at[1] ? first1_reg : first1b_reg) ? {DW{1'b0}}
                                                     : c_mem[f_u]) == f_wcin)))
                                  && (!f_w_at[3]
                                      || (o2_reg == f_wo && (!f_wg_ok || (i2_reg == f_wi && f2_reg == f_wf
                                                                          && g2_reg == f_wg))
                                          && (!f_wk || c2_reg == f_wcin))));
            func_cell_state: assert((!v3_reg || $signed(c_new) == f_c_of_s3)
                                    && (!f_w_at[4] || o3_reg == f_wo)
                                    && (!f_w_at[5] || (o4_reg == f_wo && (!f_wk || c4_reg == f_cst)))
                                    && (!f_cv || c_mem[f_u] == f_cst));
            func_tanh_c: assert((!v4_reg || $signed(tc4) == f_tc_of_s4)
                                && (!f_w_at[6] || (o4b_reg == f_wo && (!f_wk || $signed(tc4b_reg) == f_tc_ref))));
            func_h: assert((!v5_reg || $signed(h_new) == f_h_of_s5)
                           && (!(f_w_at[8] && f_hv) || h6_reg == f_hst));
            if (f_hv && !(|f_w_at[7:1])) begin
                func_h_stored: assert(h_mem[f_u] == f_hst && (h_raddr != f_u || h_rdata == f_hst));
            end
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && $past(ce)) begin
            func_products: assert(fc3_reg == $past(f_fc_now) && ig3_reg == $past(f_ig_now)
                                  && oc5_reg == $past(f_oc_now));
        end
    end
`endif

`ifdef FORMAL_BMC
    // ---- bounded: cycles from the last pre-activation of a last step to its h ------------------------
    localparam integer LIVE_T = 7;
    reg       f_lpend = 1'b0, f_tpend = 1'b0;
    reg [7:0] f_lw = 8'd0, f_tw = 8'd0;
    always @(posedge clk) begin
        if (rst) begin
            f_lpend <= 1'b0;
            f_tpend <= 1'b0;
            f_lw    <= 8'd0;
            f_tw    <= 8'd0;
        end else if (f_in_fire && f_at_end && f_last) begin
            f_lpend <= 1'b1;
            f_tpend <= 1'b1;
            f_lw    <= 8'd0;
            f_tw    <= 8'd0;
        end else begin
            if (f_lpend) begin
                if (m_axis_h_tvalid) begin
                    f_lpend <= 1'b0;
                end else begin
                    f_lw <= f_lw + 8'd1;
                end
            end
            if (f_tpend) begin
                if (m_axis_h_tvalid && m_axis_h_tlast) begin
                    f_tpend <= 1'b0;
                end else if (s_axis_z_tready) begin
                    f_tw <= f_tw + 8'd1;
                end
            end
        end
    end
    always @(*) begin
        if (f_past_valid && !rst) begin
            if (f_lpend && !m_axis_h_tvalid) begin
                live_first_h_within_bound: assert(f_lw < LIVE_T);
            end
            if (f_tpend) begin
                live_tlast_h_after_7_advances: assert(f_tw <= 8'd7 && ((m_axis_h_tvalid && m_axis_h_tlast) == (f_tw == 8'd7)));
            end
            cover(f_lpend && m_axis_h_tvalid && f_lw == LIVE_T);   // the bound is reached
            // a two-step sequence: the watched unit's final h with c from the step before, stalled once
            cover(f_out_fire && v6_reg && f_u6 == f_u8 && f_wk && !f_wfirst && m_axis_h_tlast && f_wcin != 0);
            cover(err && f_out_fire);
            cover(m_axis_h_tvalid && !m_axis_h_tready && s_axis_z_tvalid);
        end
    end
`endif
