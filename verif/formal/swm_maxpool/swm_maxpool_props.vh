// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_maxpool.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment (assumptions): reset in the first cycle; the source keeps valid high and data/last
// stable until its sample is accepted (its tlast may be anywhere: err_len is checked). The sink may
// stall for any number of cycles.
// Positions are counted here from the accepted samples: (h, w, c) the raster coordinates of the
// next sample in its frame of H*W*C; a window (i, j, c) completes with its sample (2i+1, 2j+1, c)
// when 2i+1 < H and 2j+1 < W; outputs are counted in frames of OH*OW*C.
// Properties (assertions, labelled group_what):
//   iface   nothing valid (and no error, not busy) after reset; valid held and data/last stable until
//           accepted; tlast exactly on output OH*OW*C - 1 of each output frame
//   cons    the position registers follow the accepted-sample count (delay-line pointer = channel,
//           row-buffer base = (w/2)*C mod 2^RBW), stage 1 the flags of the sample before; one output per
//           completed window, in order: outputs owed = windows completed - outputs sent = the output
//           register + a completing sample in stage 1, and output position + owed = the windows
//           completed so far in the frame
//   live    input taken exactly when the output register is free or taken (no bubble, no deadlock);
//           a completed window is offered in the cycle after the next advance (s_axis_tready)
//   ctl     err_len sticky, set exactly by a tlast on a sample other than H*W*C-1 or a missing one;
//           busy = a frame in progress (position != 0) or a sample in the pipeline
//   func    (SWM_FORMAL_FUNC, bounded: the two RAMs' contents are not visible to the properties) the
//           output of a watched window (anyconst index) = the signed maximum of its four samples (shadow
//           copies); on the way, stage 1 holds the last sample, the delay line returns the sample C
//           back (the pair's left one) and the row buffer the even row's pair maximum

    `include "swm_formal_reset.vh"

    `include "swm_formal_source.vh"

    localparam integer F_NOUT = OH * OW * C;

    wire       f_in_fire  = s_axis_tvalid && s_axis_tready;
    wire       f_out_fire = m_axis_tvalid && m_axis_tready;
    // raster position (h, w, c) of the next sample, and of the one before it (stage 1's)
    reg  [7:0] f_c = 8'd0, f_w = 8'd0, f_h = 8'd0;
    reg  [7:0] f_opos = 8'd0;      // output index in the output frame
    reg  [7:0] f_win_cnt = 8'd0;   // windows completed (mod 2^8)
    reg  [7:0] f_out_cnt = 8'd0;   // outputs sent (mod 2^8)
    reg        f_err = 1'b0;

    wire [7:0] f_pc = (f_c == 0) ? C - 1 : f_c - 8'd1;
    wire [7:0] f_pw = (f_c != 0) ? f_w : (f_w == 0) ? W - 1 : f_w - 8'd1;
    wire [7:0] f_ph = (f_c != 0 || f_w != 0) ? f_h : (f_h == 0) ? H - 1 : f_h - 8'd1;
    wire       f_at_end = f_c == C - 1 && f_w == W - 1 && f_h == H - 1;
    wire       f_completes = f_h[0] && f_w[0] && f_h < 2 * OH && f_w < 2 * OW;
    wire [7:0] f_owed = f_win_cnt - f_out_cnt;
    // windows completed in this input frame before the current position
    wire [7:0] f_rows_done = (f_h / 2 < OH) ? f_h / 2 : OH;
    wire [7:0] f_cols_done = (f_w / 2 < OW) ? f_w / 2 : OW;
    wire [7:0] f_wins = f_rows_done * (OW * C)
                        + ((f_h[0] && f_h < 2 * OH) ? f_cols_done * C + ((f_w[0] && f_w < 2 * OW) ? f_c : 8'd0)
                                                    : 8'd0);
    wire [7:0] f_wins_mod = (f_wins == F_NOUT) ? 8'd0 : f_wins;
    // row-buffer base of the pixel pair (modulo 2^RBW: wraps only in a dropped last column)
    wire [7:0] f_base = (f_w / 2) * C;

    always @(posedge clk) begin
        if (rst) begin
            {f_c, f_w, f_h} <= {8'd0, 8'd0, 8'd0};
            f_opos    <= 8'd0;
            f_win_cnt <= 8'd0;
            f_out_cnt <= 8'd0;
            f_err     <= 1'b0;
        end else begin
            if (f_in_fire) begin
                f_c <= (f_c == C - 1) ? 8'd0 : f_c + 8'd1;
                if (f_c == C - 1) begin
                    f_w <= (f_w == W - 1) ? 8'd0 : f_w + 8'd1;
                    if (f_w == W - 1) begin
                        f_h <= (f_h == H - 1) ? 8'd0 : f_h + 8'd1;
                    end
                end
                if (f_completes) begin
                    f_win_cnt <= f_win_cnt + 8'd1;
                end
                if (s_axis_tlast != f_at_end) begin
                    f_err <= 1'b1;
                end
            end
            if (f_out_fire) begin
                f_out_cnt <= f_out_cnt + 8'd1;
                f_opos    <= (f_opos == F_NOUT - 1) ? 8'd0 : f_opos + 8'd1;
            end
        end
    end

    // ---- interface ---------------------------------------------------------------------------------
    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            iface_nothing_after_reset: assert(!m_axis_tvalid && !err_len && !busy);
        end
        if (f_past_valid && !$past(rst) && $past(m_axis_tvalid && !m_axis_tready)) begin
            iface_valid_held: assert(m_axis_tvalid);
            iface_data_stable: assert(m_axis_tdata == $past(m_axis_tdata));
            iface_last_stable: assert(m_axis_tlast == $past(m_axis_tlast));
        end
    end

    wire f_s1_completing = s1_valid_reg && s1_keep_reg && s1_hodd_reg;

    always @(*) begin
        if (f_past_valid && !rst) begin
            if (m_axis_tvalid) begin
                iface_tlast_framing: assert(m_axis_tlast == (f_opos == F_NOUT - 1));
            end
            // positions
            cons_position: assert(f_c < C && f_w < W && f_h < H && c_reg == f_c && w_reg == f_w && h_reg == f_h);
            cons_memory_pointers: assert(dl_ptr_reg == f_c && pair_base_reg == f_base[RBW-1:0]);
            // one output per completed window
            cons_outputs_owed: assert(f_owed == {7'd0, m_axis_tvalid} + {7'd0, f_s1_completing});
            // stage 1 holds the flags of the sample before the current position
            if (s1_valid_reg) begin
                cons_stage1_flags: assert(s1_hodd_reg == f_ph[0]
                                          && s1_keep_reg == (f_pw[0] && f_pw < 2 * OW && f_ph < 2 * OH)
                                          && s1_last_reg == (f_pc == C - 1 && f_pw == 2 * OW - 1
                                                             && f_ph == 2 * OH - 1));
            end
            // outputs sent + owed = the windows completed in this frame so far (mod OH*OW*C)
            cons_outputs_in_frame: assert(f_opos < F_NOUT && (f_opos + f_owed == f_wins_mod
                                                                  || f_opos + f_owed == f_wins_mod + F_NOUT));
            // liveness and control
            live_ready_iff_room: assert(s_axis_tready == (!m_axis_tvalid || m_axis_tready));
            ctl_err_len: assert(err_len == f_err);
            ctl_busy: assert(busy == ({f_c, f_w, f_h} != 24'd0 || s1_valid_reg || m_axis_tvalid));
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && !rst && $past(f_s1_completing && s_axis_tready)) begin
            live_offered_after_advance: assert(m_axis_tvalid);
        end
    end

`ifdef SWM_FORMAL_FUNC
    // ---- the function (bounded): one watched window, shadow copies of its four samples -------------
    (* anyconst *) reg [7:0] f_ki, f_kj, f_kc;   // window row, column, channel
    wire [7:0] f_k = (f_ki * OW + f_kj) * C + f_kc;  // its output index in the output frame
    wire       f_in_win = f_c == f_kc && f_w[7:1] == f_kj && f_h[7:1] == f_ki;
    wire       f_p_in_win = f_pc == f_kc && f_pw[7:1] == f_kj && f_ph[7:1] == f_ki;
    wire signed [DW-1:0] f_x = s_axis_tdata;
    reg  signed [DW-1:0] f_last_x;                    // the last accepted sample
    reg  signed [DW-1:0] f_x00, f_x01, f_x10, f_x11;  // the window's samples (row, column parity)
    reg                  f_res_set = 1'b0;

    function signed [DW-1:0] f_max(input signed [DW-1:0] a, input signed [DW-1:0] b);
        f_max = (a > b) ? a : b;
    endfunction

    wire signed [DW-1:0] f_even = f_max(f_x00, f_x01);
    wire signed [DW-1:0] f_res = f_max(f_even, f_max(f_x10, f_x11));

    always @(*) begin
        assume(f_ki < OH && f_kj < OW && f_kc < C);
    end

    always @(posedge clk) begin
        if (!rst && f_in_fire) begin
            f_last_x <= f_x;
            if (f_in_win) begin
                case ({f_h[0], f_w[0]})
                    2'b00: f_x00 <= f_x;
                    2'b01: f_x01 <= f_x;
                    2'b10: f_x10 <= f_x;
                    default: begin
                        f_x11     <= f_x;
                        f_res_set <= 1'b1;
                    end
                endcase
            end
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            // lemmas on the way (stage 1 and the two RAM reads), then the output itself
            if (s1_valid_reg) begin
                func_stage1_sample: assert(s1_x_reg == f_last_x);
                if (f_p_in_win && !f_ph[0] && f_pw[0]) begin
                    func_partner_even_row: assert(partner == f_x00);
                end
                if (f_p_in_win && f_ph[0] && f_pw[0]) begin
                    func_partner_odd_row: assert(partner == f_x10);
                    func_row_buffer_read: assert(row_q == f_even);
                end
            end
            if (m_axis_tvalid && f_opos == f_k) begin
                func_watched_max: assert(f_res_set && m_axis_tdata == f_res);
            end
        end
    end

    // reachability: the last window's output, its maximum from the odd row and negative
    always @(*) begin
        if (f_past_valid && !rst) begin
            cover(f_out_fire && f_opos == f_k && f_ki == OH - 1 && f_kc == C - 1 && m_axis_tlast && f_res < 0
                  && f_res != f_even);
        end
    end
`endif

    always @(*) begin
        if (f_past_valid && !rst) begin
            cover(f_owed == 8'd2 && !m_axis_tready);
            cover(err_len && m_axis_tvalid);
        end
    end
