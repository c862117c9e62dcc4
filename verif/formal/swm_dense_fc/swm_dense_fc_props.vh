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
//   (the function is not checked here: a BMC of one vector's outputs against a reference over the
//   loaded weights did not finish in minutes at depth 24; its arithmetic stages are swm_round's,
//   swm_sat's and swm_act's own proofs, the whole stage is checked against swm.golden in simulation)
//   ctl     err_len sticky and set exactly by an input tlast not on sample N_IN-1; busy while an
//           input vector is partial or an output is held or in the output stages; the weight and
//           bias load streams ready only while not busy

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
