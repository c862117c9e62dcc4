// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_affine.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment (assumptions): reset in the first cycle; the x source keeps valid high and data/last
// stable until its sample is accepted (its tlast may be anywhere: err_len is checked); the sink may
// stall for any number of cycles; the scale/shift load streams are free.
// Properties (assertions, labelled group_what), with a watched sample (anyconst index):
//   iface   nothing valid (no error, not busy) after reset; valid held and data/last stable until
//           accepted; tlast exactly on output N-1 of each output frame
//   cons    samples out = samples in, in order: held = the four stage valids; the channel counter
//           follows the sample count (the RAM read address = n mod C); the watched sample moves one
//           stage per advance and leaves at its own index
//   func    the watched sample's output = relu(sat(rnd(x*scale + shift, OUT_SHIFT), DW)) (half_up), of its
//           x and the scale/shift words read for its channel, with the exact sum and the rounding as
//           stage invariants (reference in wide arithmetic, written from docs/datapath.md)
//   live    input taken exactly when the output register is free or taken; a sample is offered after
//           three more advances (four stages)
//   ctl     err_len sticky and exact; busy = a sample in the pipeline or a frame in progress; the
//           scale/shift load streams ready exactly while not busy

    `include "swm_formal_reset.vh"

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && $past(s_axis_x_tvalid && !s_axis_x_tready)) begin
            assume(s_axis_x_tvalid);
            assume(s_axis_x_tdata == $past(s_axis_x_tdata));
            assume(s_axis_x_tlast == $past(s_axis_x_tlast));
        end
    end

    wire       f_in_fire  = s_axis_x_tvalid && s_axis_x_tready;
    wire       f_out_fire = m_axis_y_tvalid && m_axis_y_tready;
    reg  [7:0] f_in_cnt = 8'd0, f_out_cnt = 8'd0;
    reg  [7:0] f_ipos = 8'd0, f_opos = 8'd0, f_ch = 8'd0;   // input / output index in the frame, channel
    reg        f_err = 1'b0;
    wire [7:0] f_held = f_in_cnt - f_out_cnt;

    always @(posedge clk) begin
        if (rst) begin
            {f_in_cnt, f_out_cnt, f_ipos, f_opos, f_ch} <= 40'd0;
            f_err <= 1'b0;
        end else begin
            if (f_in_fire) begin
                f_in_cnt <= f_in_cnt + 8'd1;
                f_ipos   <= (f_ipos == N - 1) ? 8'd0 : f_ipos + 8'd1;
                f_ch     <= (f_ch == C - 1) ? 8'd0 : f_ch + 8'd1;
                if (s_axis_x_tlast != (f_ipos == N - 1)) begin
                    f_err <= 1'b1;
                end
            end
            if (f_out_fire) begin
                f_out_cnt <= f_out_cnt + 8'd1;
                f_opos    <= (f_opos == N - 1) ? 8'd0 : f_opos + 8'd1;
            end
        end
    end

    // ---- the reference, in wide arithmetic ------------------------------------------------------
    localparam integer F_W = SW + 4;
    function signed [F_W-1:0] f_ref_y(input signed [F_W-1:0] a);
        reg signed [F_W-1:0] r;
        begin
            r = (OUT_SHIFT == 0) ? a : ((a + (64'sd1 <<< (OUT_SHIFT - 1))) >>> OUT_SHIFT);
            r = (r > (64'sd1 <<< (DW - 1)) - 1) ? (64'sd1 <<< (DW - 1)) - 1
              : (r < -(64'sd1 <<< (DW - 1))) ? -(64'sd1 <<< (DW - 1)) : r;
            f_ref_y = (r < 0) ? {F_W{1'b0}} : r;   // relu (ACT = 1)
        end
    endfunction

    // ---- the watched sample ----------------------------------------------------------------------
    (* anyconst *) reg [7:0] f_index;
    reg  [DW-1:0]        f_x;
    reg  signed [F_W-1:0] f_a;       // x*scale + shift with the words read for its channel
    reg  [1:0]           f_stage;    // advances since it was accepted (0: stage a .. 3: output register)
    wire [7:0]           f_ahead = f_index - f_out_cnt;
    wire                 f_inside = f_ahead < f_held;
    wire signed [F_W-1:0] f_a_now = $signed({{(F_W-DW){a_x_reg[DW-1]}}, a_x_reg})
                                    * $signed({{(F_W-WW){scale_q[WW-1]}}, scale_q})
                                    + $signed({{(F_W-SW){shift_q[SW-1]}}, shift_q});

    always @(posedge clk) begin
        if (!rst && f_in_fire && f_in_cnt == f_index) begin
            f_x     <= s_axis_x_tdata;
            f_stage <= 2'd0;
        end else if (!rst && f_inside && s_axis_x_tready && f_stage != 2'd3) begin
            f_stage <= f_stage + 2'd1;
            if (f_stage == 2'd0) begin
                f_a <= f_a_now;
            end
        end
    end

    // ---- interface ---------------------------------------------------------------------------------
    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            iface_nothing_after_reset: assert(!m_axis_y_tvalid && !err_len && !busy);
        end
        if (f_past_valid && !$past(rst) && $past(m_axis_y_tvalid && !m_axis_y_tready)) begin
            iface_valid_held: assert(m_axis_y_tvalid);
            iface_data_stable: assert(m_axis_y_tdata == $past(m_axis_y_tdata));
            iface_last_stable: assert(m_axis_y_tlast == $past(m_axis_y_tlast));
        end
    end

    wire [7:0] f_nvalid = {7'd0, a_valid_reg} + {7'd0, b_valid_reg} + {7'd0, r_valid_reg} + {7'd0, y_valid_reg};
    // the frame position of the sample in a stage: output position + valid stages after it
    wire [7:0] f_pos_a = f_opos + {7'd0, y_valid_reg} + {7'd0, r_valid_reg} + {7'd0, b_valid_reg};
    wire [7:0] f_pos_b = f_opos + {7'd0, y_valid_reg} + {7'd0, r_valid_reg};
    wire [7:0] f_pos_r = f_opos + {7'd0, y_valid_reg};

    always @(*) begin
        if (f_past_valid && !rst) begin
            if (m_axis_y_tvalid) begin
                iface_tlast_framing: assert(m_axis_y_tlast == (f_opos == N - 1));
            end
            cons_held: assert(f_held == f_nvalid && f_ipos < N && f_opos < N
                              && (f_opos + f_held == f_ipos || f_opos + f_held == f_ipos + N));
            cons_channel: assert(c_reg == f_ch && n_reg == f_ipos && f_ch == f_ipos % C);
            cons_stage_last: assert((!a_valid_reg || a_last_reg == (f_pos_a % N == N - 1))
                                    && (!b_valid_reg || b_last_reg == (f_pos_b % N == N - 1))
                                    && (!r_valid_reg || r_last_reg == (f_pos_r % N == N - 1)));
            if (f_inside) begin
                cons_watched_stage: assert(f_stage == 2'd0 ? a_valid_reg && f_ahead == f_nvalid - 8'd1 :
                                           f_stage == 2'd1 ? b_valid_reg && f_ahead == {7'd0, y_valid_reg} + {7'd0, r_valid_reg} :
                                           f_stage == 2'd2 ? r_valid_reg && f_ahead == {7'd0, y_valid_reg} :
                                                             y_valid_reg && f_ahead == 8'd0);
                if (f_stage == 2'd0) begin
                    func_stage_a: assert(a_x_reg == f_x);
                end
                if (f_stage == 2'd1) begin
                    func_stage_b: assert($signed(b_a_reg) == f_a);
                end
                if (f_stage == 2'd2) begin
                    func_stage_r: assert($signed(r_rnd) == ((OUT_SHIFT == 0) ? f_a
                                             : ((f_a + (64'sd1 <<< (OUT_SHIFT - 1))) >>> OUT_SHIFT)));
                end
                if (f_stage == 2'd3) begin
                    func_output: assert($signed({3'b000, m_axis_y_tdata}) == f_ref_y(f_a));
                end
            end
            if (f_out_fire && f_out_cnt == f_index) begin
                cons_leaves_when_held: assert(f_inside && f_stage == 2'd3);
            end
            live_ready_iff_room: assert(s_axis_x_tready == (!m_axis_y_tvalid || m_axis_y_tready));
            ctl_err_len: assert(err_len == f_err);
            ctl_busy: assert(busy == (f_held != 8'd0 || f_ipos != 8'd0));
            ctl_load_when_idle: assert(s_axis_w_tready == !busy && s_axis_b_tready == !busy);
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && !rst && $past(f_inside && f_stage == 2'd2 && s_axis_x_tready)) begin
            live_offered_after_three_advances: assert(m_axis_y_tvalid && f_ahead == 8'd0);
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cover(f_out_fire && f_out_cnt == f_index && f_index == 8'd5 && m_axis_y_tdata != 0 && f_a[0]);
            cover(f_held == 8'd4 && !m_axis_y_tready);
        end
    end
