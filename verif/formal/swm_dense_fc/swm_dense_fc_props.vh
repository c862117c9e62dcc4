// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_dense_fc.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment (assumptions): reset in the first cycle; the s_axis_x source rules (valid held,
// data/last stable until accepted). The load streams and the sink are free (the sink may stall
// for any number of cycles).
// Yosys has no hierarchical references, so the state inside the X buffer, the Y bank controller
// and the RAMs cannot be named here: what depends on it (no deadlock, outputs per vector) is
// bounded (task bmc, FORMAL_BMC defined), the rest is proved by k-induction (task prove).
// Properties (assertions, labelled group_what):
//   iface   nothing valid, no error and not busy after reset; valid held, data/last stable until
//           accepted; tlast exactly on output N_OUT-1 of each vector (an output count mod N_OUT)
//   cons    the output index pipeline: bidx = the output count + the outputs in the y register
//           and the 8 output stages (mod N_OUT), each stage's last flag that of its index; the
//           input position follows the accepted samples mod N_IN.
//           Bounded (bmc): outputs sent <= N_OUT * vectors accepted
//   live    bounded (bmc): while outputs are owed, an output leaves within LIVE_T sink-ready
//           cycles (a counter of sink-ready cycles since the last output, or since outputs became
//           owed); input ready again after a vector while the pipeline drains (cover)
//   func    (FORMAL_FUNC: tasks prove_func, k-induction, and bmc_func, the mutants' task) the function
//           stage by stage against docs/datapath.md "Dense layer", over the words the RAMs return
//           (not visible here): issue (g, i) reads W word g*N_IN + i and X sample i; the beats in
//           the MAC stages in order with their first/last flags and X words; every lane's product
//           = W word lane l (on w_rd 3 cycles after issue) * x (on x_rd_data 1 cycle after), exact;
//           the accumulator = the exact sum of the group's products so far (within AW bits); each
//           Y half = the exact sums committed to it; the slot read next is output index
//           g*LANES + lane; o1 = that slot, o2 = rnd(o1, ACC_SHIFT), o3 = sat(o2, FW),
//           o4 = o3 + the bias word (read at the sample's index), o5 = sat(rnd(o4, OUT_SHIFT), DW).
//           With the Y bank controller and the activation replaced by their contracts (outputs cut,
//           the contracts assumed: swm_bank_ctrl's and swm_act's own jobs): the halves committed and
//           not released hold the groups of the commits since the last release in order, the one
//           read holds group rd_g (so o1 of output index o is the exact sum of group o / LANES, lane
//           o mod LANES), and y = act(o5) three advances later. Not here: the RAM contents
//           (swm_load_ram's and swm_slot_buf's jobs) and which vector's X half the MACs read
//           (swm_slot_buf's half protocol); the whole stage is checked against swm.golden in simulation.
//           (An end-to-end BMC of one vector's outputs against a reference over the loaded weights
//           did not finish in minutes at depth 24.)
//   ctl     err_len sticky and set exactly by an input tlast not on sample N_IN-1; busy while an
//           input vector is partial or an output is held or in the output stages; the weight and
//           bias load streams ready only while not busy. FORMAL_FUNC: the Y bank protocol's caller
//           side (a bank reserved for every group in the MAC stages, committed in order, at most NB
//           held: ctl_y_protocol)

    `include "swm_formal_reset.vh"

    // ---- environment: the x source ---------------------------------------------------------------
    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && $past(s_axis_x_tvalid && !s_axis_x_tready)) begin
            assume(s_axis_x_tvalid);
            assume(s_axis_x_tdata == $past(s_axis_x_tdata));
            assume(s_axis_x_tlast == $past(s_axis_x_tlast));
        end
    end

    wire f_in_fire  = s_axis_x_tvalid && s_axis_x_tready && !rst;
    wire f_out_fire = m_axis_y_tvalid && m_axis_y_tready && !rst;

    // ---- references: input position and error, output index --------------------------------------
    reg  [XIW-1:0] f_xi = {XIW{1'b0}};
    reg            f_err = 1'b0;
    reg  [OW-1:0]  f_oidx = {OW{1'b0}};
    always @(posedge clk) begin
        if (rst) begin
            f_xi   <= {XIW{1'b0}};
            f_err  <= 1'b0;
            f_oidx <= {OW{1'b0}};
        end else begin
            if (f_in_fire) begin
                f_xi <= (f_xi == NIN_LAST) ? {XIW{1'b0}} : f_xi + {{(XIW-1){1'b0}}, 1'b1};
                if (s_axis_x_tlast != (f_xi == NIN_LAST)) begin
                    f_err <= 1'b1;
                end
            end
            if (f_out_fire) begin
                f_oidx <= (f_oidx == NOUT_LAST) ? {OW{1'b0}} : f_oidx + {{(OW-1){1'b0}}, 1'b1};
            end
        end
    end

    // the index of each output stage's sample (the y register's first, then stage 7 down to 0)
    reg [OW-1:0] f_stage_idx [0:OSTG-1];
    reg [OW-1:0] f_next_idx;
    integer      f_j;
    always @(*) begin
        f_next_idx = f_oidx;
        if (y_valid_reg) begin
            f_next_idx = (f_next_idx == NOUT_LAST) ? {OW{1'b0}} : f_next_idx + {{(OW-1){1'b0}}, 1'b1};
        end
        for (f_j = OSTG - 1; f_j >= 0; f_j = f_j - 1) begin
            f_stage_idx[f_j] = f_next_idx;
            if (o_valid_reg[f_j]) begin
                f_next_idx = (f_next_idx == NOUT_LAST) ? {OW{1'b0}} : f_next_idx + {{(OW-1){1'b0}}, 1'b1};
            end
        end
    end
    reg f_stage_ok;
    integer f_k;
    always @(*) begin
        f_stage_ok = 1'b1;
        for (f_k = 0; f_k < OSTG; f_k = f_k + 1) begin
            if (o_valid_reg[f_k] && (o_last_reg[f_k] != (f_stage_idx[f_k] == NOUT_LAST))) begin
                f_stage_ok = 1'b0;
            end
        end
    end

    // ---- interface, output framing, control (k-induction) ------------------------------------------
    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            iface_no_valid_after_reset: assert(!m_axis_y_tvalid && !err_len && !busy);
        end
        if (f_past_valid && !$past(rst) && $past(m_axis_y_tvalid && !m_axis_y_tready)) begin
            iface_valid_held: assert(m_axis_y_tvalid);
            iface_data_stable: assert(m_axis_y_tdata == $past(m_axis_y_tdata));
            iface_last_stable: assert(m_axis_y_tlast == $past(m_axis_y_tlast));
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            if (m_axis_y_tvalid) begin
                iface_last_on_output_n_1: assert(m_axis_y_tlast == (f_oidx == NOUT_LAST));
            end
            cons_output_index: assert(bidx_reg == f_next_idx);
            cons_stage_last_flags: assert(f_stage_ok);
            cons_input_position: assert(xw_idx_reg == f_xi);
            ctl_err_exact: assert(err_len == f_err);
            if (f_xi != {XIW{1'b0}} || m_axis_y_tvalid || (|o_valid_reg)) begin
                ctl_busy: assert(busy);
            end
            if (s_axis_w_tready || s_axis_b_tready) begin
                ctl_load_only_idle: assert(!busy);
            end
        end
    end

`ifdef FORMAL_BMC
    // ---- bounded: outputs per vector, no deadlock ---------------------------------------------------
    localparam integer LIVE_T = 15;
    reg [7:0] f_vec_in = 8'd0;
    reg [7:0] f_out_cnt = 8'd0;
    reg [7:0] f_wait = 8'd0;
    wire [7:0] f_owed = f_vec_in * NOUT_C - f_out_cnt;
    always @(posedge clk) begin
        if (rst) begin
            f_vec_in  <= 8'd0;
            f_out_cnt <= 8'd0;
            f_wait    <= 8'd0;
        end else begin
            f_vec_in  <= f_vec_in + {7'd0, f_in_fire && f_xi == NIN_LAST};
            f_out_cnt <= f_out_cnt + {7'd0, f_out_fire};
            if (f_out_fire || f_owed == 8'd0) begin
                f_wait <= 8'd0;
            end else if (m_axis_y_tready && f_wait != 8'hff) begin
                f_wait <= f_wait + 8'd1;
            end
        end
    end
    always @(*) begin
        if (f_past_valid && !rst) begin
            cons_no_extra_output: assert(f_out_cnt <= f_vec_in * NOUT_C);
            live_output_within_bound: assert(f_wait <= LIVE_T);
            // reachability: two vectors' outputs, the second vector's input while the first drains
            cover(f_out_cnt == 2 * NOUT_C);
            cover(f_wait == LIVE_T);   // the bound is reached (the first output of a vector)
            cover(f_out_fire && m_axis_y_tlast && f_vec_in == 8'd2);
        end
    end
`endif

`ifdef FORMAL_FUNC
    // ---- the function, stage by stage against docs/datapath.md "Dense layer" (task prove_func) ------
    // The words the RAMs return (the W RAM, the X buffer, the bias RAM) are not visible here: the
    // reference takes the words read (the X word on x_rd_data the cycle after its issue, the W word
    // on w_rd three cycles after it: the read latencies of swm_slot_buf and swm_load_ram OUT_REG 2,
    // proved in their own jobs) and the addresses are asserted: issue (g, i) reads W word g*N_IN + i
    // and X sample i; the output of index o reads bias word o. Per lane, in wide arithmetic:
    //   product  p = W word lane l * x (signed, exact)
    //   acc      the exact sum of the group's products so far (cleared on i = 0), within AW bits
    //   Y half   each half holds the exact sums of the group last committed to it
    //   o1..o5   the slot read; rnd(acc, ACC_SHIFT); sat(., FW); + bias; sat(rnd(., OUT_SHIFT), DW)
    // (half_up only: ROUND_MODE 0; the activation, o6..o8, is swm_act's own proof, PIPE 1)
    localparam integer F_WIDE = AW + 4;
    localparam integer F_PMAX = 1 << (WW + DW - 2);   // |product| <= 2^(WW+DW-2)

    function automatic signed [F_WIDE-1:0] f_rnd(input signed [F_WIDE-1:0] v, input integer s);
        begin
            f_rnd = (s == 0) ? v : (v + (1 <<< (s - 1))) >>> s;
        end
    endfunction
    // step 4 activation: identity or relu (the job's ACT; sigmoid / tanh are swm_act's own proof)
    function automatic [DW-1:0] f_act(input signed [F_WIDE-1:0] v);
        begin
            f_act = (ACT == 1 && v < 0) ? {DW{1'b0}} : v[DW-1:0];
        end
    endfunction
    function automatic signed [F_WIDE-1:0] f_sat(input signed [F_WIDE-1:0] v, input integer n);
        reg signed [F_WIDE-1:0] hi, lo;
        begin
            hi = (1 <<< (n - 1)) - 1;
            lo = -(1 <<< (n - 1));
            f_sat = (v > hi) ? hi : (v < lo) ? lo : v;
        end
    endfunction

    // issue (g, i) -> W word g*N_IN + i, X sample i (the X buffer's read index is mi_i_reg)
    always @(*) begin
        if (f_past_valid && !rst) begin
            func_issue_address: assert(mi_waddr_reg == mi_g_reg * NIN_C + mi_i_reg && mi_i_reg <= NIN_LAST
                                       && mi_g_reg <= NG_LAST);
        end
    end

    // the beat in each MAC stage: its input index (first / last flags)
    reg [XIW-1:0] f_i1, f_i2, f_i3, f_i4;
    reg [GW-1:0]  f_g1, f_g2, f_g3, f_g4; // and its group
    reg [DW-1:0]  f_x2, f_x3, f_x4;       // its X word (read on x_rd_data in the cycle after issue)
    always @(posedge clk) begin
        f_g1 <= mi_g_reg;
        f_g2 <= f_g1;
        f_g3 <= f_g2;
        f_g4 <= f_g3;
        f_i1 <= mi_i_reg;
        f_i2 <= f_i1;
        f_i3 <= f_i2;
        f_i4 <= f_i3;
        f_x2 <= x_rd_data;
        f_x3 <= f_x2;
        f_x4 <= f_x3;
    end

    // per lane: the W word at s3, the exact product at s4, the exact running sum, the Y halves
    reg  [NB_Y-1:0] f_hset = {NB_Y{1'b0}};
    reg  [GW-1:0]   f_hg [0:NB_Y-1];      // the group whose sums each half holds
    always @(posedge clk) begin
        if (rst) begin
            f_hset <= {NB_Y{1'b0}};
        end else if (y_commit) begin
            f_hset[y_wr_bank] <= 1'b1;
            f_hg[y_wr_bank]   <= f_g4;
        end
    end
    // the halves committed and not released hold the groups of the commits since the last release,
    // in order; the output reads the oldest, group rd_g
    reg     f_order_ok;
    integer f_bb;
    reg [7:0] f_d;
    always @(*) begin
        f_order_ok = (rd_g_reg == f_nrel % NG);
        for (f_bb = 0; f_bb < NB_Y; f_bb = f_bb + 1) begin
            f_d = (f_bb + NB_Y - f_nrel % NB_Y) % NB_Y;
            if (f_d < f_full && !(f_hset[f_bb] && f_hg[f_bb] == (f_nrel + f_d) % NG)) begin
                f_order_ok = 1'b0;
            end
        end
    end
    always @(*) begin
        if (f_past_valid && !rst) begin
            func_y_order: assert(f_order_ok);
        end
    end

    wire [LAN_C-1:0] f_ok_prod, f_ok_acc, f_ok_half;
    reg  [XIW:0]     f_n = 0;           // products of the current group accumulated (all lanes)
    always @(posedge clk) begin
        if (rst) begin
            f_n <= 0;
        end else if (s4_valid_reg) begin
            f_n <= s4_first_reg ? 1 : f_n + 1;
        end
    end
    // the Y bank controller replaced by its contract (swm_bank_ctrl's own job; its outputs are cut in
    // the .sby): reference counts of reservations (a group's last issue), commits and releases
    reg  [7:0] f_nres = 8'd0, f_ncom = 8'd0, f_nrel = 8'd0;
    always @(posedge clk) begin
        if (rst) begin
            f_nres <= 8'd0;
            f_ncom <= 8'd0;
            f_nrel <= 8'd0;
        end else begin
            f_nres <= f_nres + {7'd0, grp_end};
            f_ncom <= f_ncom + {7'd0, y_commit};
            f_nrel <= f_nrel + {7'd0, y_release};
        end
    end
    wire [7:0] f_held = f_nres - f_nrel;      // reserved and not released
    wire [7:0] f_full = f_ncom - f_nrel;      // committed and not released
    always @(*) begin
        if (f_past_valid) begin
            assume(y_wr_bank == f_ncom % NB_Y);
            assume(y_rd_bank == f_nrel % NB_Y);
            assume(y_avail == (f_full != 8'd0));
            assume(y_can_claim == (f_held != NB_Y));
        end
    end
    // the caller's side: a bank reserved for every group in the MAC stages, committed in order
    wire [7:0] f_inflight = {7'd0, s1_valid_reg && s1_last_reg} + {7'd0, s2_valid_reg && s2_last_reg}
                          + {7'd0, s3_valid_reg && s3_last_reg} + {7'd0, s4_valid_reg && s4_last_reg};
    always @(*) begin
        if (f_past_valid && !rst) begin
            ctl_y_protocol: assert(f_nres - f_ncom == f_inflight && f_held <= NB_Y && f_full <= f_held);
        end
    end

    // the beats in the MAC stages are the group's next ones, in order, then the issue's: a walk
    // from the oldest (s4) with the index of the next product to accumulate and the group of the
    // next commit
    reg          f_beats_ok;
    reg  [XIW:0] f_e;
    reg  [7:0]   f_ge;
    always @(*) begin
        f_beats_ok = (f_n <= NIN_C);
        f_e = (f_n == NIN_C) ? 0 : f_n;
        f_ge = f_ncom % NG;
        if (s4_valid_reg) begin
            f_beats_ok = f_beats_ok && (f_g4 == f_ge[GW-1:0]);
            f_ge = (s4_last_reg && f_ge == NG - 1) ? 0 : f_ge + {7'd0, s4_last_reg};
        end
        if (s3_valid_reg) begin
            f_beats_ok = f_beats_ok && (f_g3 == f_ge[GW-1:0]);
            f_ge = (s3_last_reg && f_ge == NG - 1) ? 0 : f_ge + {7'd0, s3_last_reg};
        end
        if (s2_valid_reg) begin
            f_beats_ok = f_beats_ok && (f_g2 == f_ge[GW-1:0]);
            f_ge = (s2_last_reg && f_ge == NG - 1) ? 0 : f_ge + {7'd0, s2_last_reg};
        end
        if (s1_valid_reg) begin
            f_beats_ok = f_beats_ok && (f_g1 == f_ge[GW-1:0]);
            f_ge = (s1_last_reg && f_ge == NG - 1) ? 0 : f_ge + {7'd0, s1_last_reg};
        end
        f_beats_ok = f_beats_ok && (mi_g_reg == f_ge[GW-1:0]);
        if (s4_valid_reg) begin
            f_beats_ok = f_beats_ok && (f_i4 == f_e[XIW-1:0]);
            f_e = (f_e == NIN_LAST) ? 0 : f_e + 1;
        end
        if (s3_valid_reg) begin
            f_beats_ok = f_beats_ok && (f_i3 == f_e[XIW-1:0]);
            f_e = (f_e == NIN_LAST) ? 0 : f_e + 1;
        end
        if (s2_valid_reg) begin
            f_beats_ok = f_beats_ok && (f_i2 == f_e[XIW-1:0]);
            f_e = (f_e == NIN_LAST) ? 0 : f_e + 1;
        end
        if (s1_valid_reg) begin
            f_beats_ok = f_beats_ok && (f_i1 == f_e[XIW-1:0]);
            f_e = (f_e == NIN_LAST) ? 0 : f_e + 1;
        end
        f_beats_ok = f_beats_ok && (mi_i_reg == f_e[XIW-1:0]);
    end
    genvar f_l;
    generate
        for (f_l = 0; f_l < LAN_C; f_l = f_l + 1) begin : f_lane
            reg  signed [WW-1:0]      w4;
            reg  signed [F_WIDE-1:0]  acc;      // the exact sum of the group's products so far
            reg  signed [F_WIDE-1:0]  hsum [0:NB_Y-1];
            wire signed [F_WIDE-1:0]  prod = $signed(w4) * $signed(f_x4);
            wire signed [F_WIDE-1:0]  acc_nx = (s4_first_reg ? {F_WIDE{1'b0}} : acc) + prod;
            always @(posedge clk) begin
                if (s3_valid_reg) begin
                    w4 <= w_rd[f_l*WW +: WW];
                end
                if (s4_valid_reg && !rst) begin
                    acc <= acc_nx;
                end
                if (rst) begin
                    acc <= {F_WIDE{1'b0}};
                end
                if (y_commit && !rst) begin
                    hsum[y_wr_bank] <= acc_nx;
                end
            end
            // the lane's checks (asserted below for all lanes)
            reg ok_half;
            integer kb;
            always @(*) begin
                ok_half = 1'b1;
                for (kb = 0; kb < NB_Y; kb = kb + 1) begin
                    if (f_hset[kb] && !($signed(y_half[kb][f_l*AW +: AW]) == hsum[kb]
                                        && hsum[kb] <= NIN_C * F_PMAX && hsum[kb] >= -(NIN_C * F_PMAX))) begin
                        ok_half = 1'b0;
                    end
                end
            end
            assign f_ok_prod[f_l] = !s4_valid_reg || $signed(g_lane[f_l].p_reg) == prod;
            wire signed [F_WIDE-1:0] bound = $signed({1'b0, f_n}) * F_PMAX;
            assign f_ok_acc[f_l]  = acc <= bound && acc >= -bound
                                    && (f_n == 0 || $signed(g_lane[f_l].acc_reg) == acc);
            assign f_ok_half[f_l] = ok_half;
        end
    endgenerate

    always @(*) begin
        if (f_past_valid && !rst) begin
            func_product: assert(&f_ok_prod);
            func_acc_exact: assert(&f_ok_acc);
            func_y_half: assert(&f_ok_half);
        end
    end

    // the MAC stages' flags and indices
    always @(*) begin
        if (f_past_valid && !rst) begin
            func_mac_stages: assert((!s1_valid_reg || (s1_first_reg == (f_i1 == 0) && s1_last_reg == (f_i1 == NIN_LAST)))
                                    && (!s2_valid_reg || (s2_first_reg == (f_i2 == 0) && s2_last_reg == (f_i2 == NIN_LAST)))
                                    && (!s3_valid_reg || (s3_first_reg == (f_i3 == 0) && s3_last_reg == (f_i3 == NIN_LAST)))
                                    && (!s4_valid_reg || (s4_first_reg == (f_i4 == 0) && s4_last_reg == (f_i4 == NIN_LAST)))
                                    && (!s2_valid_reg || f_x2 == x_q_reg) && (!s3_valid_reg || f_x3 == x_q2_reg)
                                    && f_beats_ok);
        end
    end

    // the output stages: o1 = the exact sum of the slot read (lane rd_lane of the oldest committed
    // half, group rd_g: output index rd_g*LANES + rd_lane), then the doc's steps
    reg  signed [F_WIDE-1:0] f_o1, f_o2, f_o3, f_o4, f_o5, f_o6, f_o7, f_o8;
    reg  [DW-1:0]            f_y;
    reg  [GW-1:0]            f_o1_g;
    reg  [LW-1:0]            f_o1_l;
    wire signed [F_WIDE-1:0] f_slot_sum [0:LAN_C-1];
    generate
        for (f_l = 0; f_l < LAN_C; f_l = f_l + 1) begin : f_slot
            assign f_slot_sum[f_l] = f_lane[f_l].hsum[y_rd_bank];
        end
    endgenerate
    always @(posedge clk) begin
        if (o_adv) begin
            f_o1     <= f_slot_sum[rd_lane_reg];
            f_o1_g   <= f_hg[y_rd_bank];
            f_o1_l   <= rd_lane_reg;
            f_o2     <= f_rnd(f_o1, ACC_SHIFT);
            f_o3     <= f_sat(f_o2, FW);
            f_o4     <= f_o3 + $signed(bias_q);
            f_o5     <= f_sat(f_rnd(f_o4, OUT_SHIFT), DW);
            f_o6     <= f_o5;
            f_o7     <= f_o6;
            f_o8     <= f_o7;
            f_y      <= f_act(f_o8);
        end
    end

    // the activation (o6..o8, swm_act PIPE 1) replaced by its contract, proved in swm_act's job:
    // out_data = act(in_data of the third-last ce cycle); act_out is cut in the .sby
    reg  [DW-1:0] f_a1, f_a2, f_a3;
    always @(posedge clk) begin
        if (o_adv) begin
            f_a1 <= o5_sat_reg;
            f_a2 <= f_a1;
            f_a3 <= f_a2;
        end
    end
    always @(*) begin
        assume(act_out == f_act($signed(f_a3)));
    end
    always @(*) begin
        if (f_past_valid && !rst) begin
            if (o_valid_reg[0]) begin
                func_o1_slot: assert($signed(o1_acc_reg) == f_o1 && o1_idx_reg == f_stage_idx[0]
                                     && o1_idx_reg == f_o1_g * LAN_C + f_o1_l);
            end
            if (o_valid_reg[1]) begin
                func_o2_rnd: assert($signed(o2_rnd_reg) == f_o2);
            end
            if (o_valid_reg[2]) begin
                func_o3_sat: assert($signed(o3_z_reg) == f_o3);
            end
            if (o_valid_reg[3]) begin
                func_o4_bias: assert($signed(o4_sum_reg) == f_o4);
            end
            if (o_valid_reg[4]) begin
                func_o5_out: assert($signed(o5_sat_reg) == f_o5);
            end
            if (o_valid_reg[5] || o_valid_reg[6] || o_valid_reg[7] || y_valid_reg) begin
                func_y_act: assert((!o_valid_reg[5] || (f_o6 == $signed(f_a1) && f_o6 == f_sat(f_o6, DW)))
                                   && (!o_valid_reg[6] || (f_o7 == $signed(f_a2) && f_o7 == f_sat(f_o7, DW)))
                                   && (!o_valid_reg[7] || (f_o8 == $signed(f_a3) && f_o8 == f_sat(f_o8, DW)))
                                   && (!y_valid_reg || m_axis_y_tdata == f_y));
            end
            // the output index of the sample in o1 addresses the bias RAM (read latency 2 advances)
            func_bias_address: assert(bias_rd_addr == o1_idx_reg);
            // the slot read next (group rd_g, lane rd_lane) is output index g*LANES + lane (0 while
            // the last group's slots beyond N_OUT are read and dropped)
            func_read_slot_index: assert(rd_lane_reg <= LAN_LAST && rd_g_reg <= NG_LAST
                                         && bidx_reg == (slot_ok ? rd_g_reg * LAN_C + rd_lane_reg : 0));
        end
    end
`endif
