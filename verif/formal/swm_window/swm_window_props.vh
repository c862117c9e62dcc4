// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_window.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment (assumptions): reset in the first cycle; the source keeps valid high and data/last
// stable until its sample is accepted (its tlast may be anywhere: err_len is checked). The sink may
// stall for any number of cycles.
// Output positions are counted here: an output frame is OH*OW vectors of VEC = KH*KW*C samples.
// Properties (assertions, labelled group_what):
//   iface   nothing valid after reset; valid held and data/last stable until accepted; tlast exactly
//           on sample VEC-1 of every vector (k-induction: the reader's tap position, with the samples
//           in the read pipeline, follows the output count)
//   cons    OH*OW vectors per frame: the reader's position in its frame (output row, column, tap
//           row, sample) = the output count in the frame + the samples in flight (k-induction)
//   (bounded, SWM_FORMAL_BMC: the line buffer's contents are not visible to the properties)
//   func    the output sample of a watched position (anyconst output pixel, tap, channel) = the input
//           sample at (oh*STRIDE - PAD + u, ow*STRIDE - PAD + v, c) of the same frame, 0 outside the image
//   live    never deadlocked: the input is accepted or the reader has its rows; the read pipeline
//           offers a sample two cycles after a read with the sink ready
//   ctl     err_len sticky and exact (a tlast not on sample H*W*C-1, or a missing one); busy = an input
//           frame in progress or an input frame whose outputs are not all sent

    `include "swm_formal_reset.vh"

    `include "swm_formal_source.vh"

    localparam integer F_VEC = KH * KW * C;
    localparam integer F_NOUT = OH * OW * F_VEC;

    wire       f_in_fire  = s_axis_tvalid && s_axis_tready;
    wire       f_out_fire = m_axis_tvalid && m_axis_tready;
    reg  [7:0] f_vpos = 8'd0;   // output sample index in its vector
    reg  [7:0] f_opos = 8'd0;   // output sample index in its frame
    reg  [7:0] f_out_frames = 8'd0;

    always @(posedge clk) begin
        if (rst) begin
            f_vpos       <= 8'd0;
            f_opos       <= 8'd0;
            f_out_frames <= 8'd0;
        end else if (f_out_fire) begin
            f_vpos <= (f_vpos == F_VEC - 1) ? 8'd0 : f_vpos + 8'd1;
            f_opos <= (f_opos == F_NOUT - 1) ? 8'd0 : f_opos + 8'd1;
            if (f_opos == F_NOUT - 1) begin
                f_out_frames <= f_out_frames + 8'd1;
            end
        end
    end

    // ---- interface ---------------------------------------------------------------------------------
    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            iface_no_valid_after_reset: assert(!m_axis_tvalid);
        end
        if (f_past_valid && !$past(rst) && $past(m_axis_tvalid && !m_axis_tready)) begin
            iface_valid_held: assert(m_axis_tvalid);
            iface_data_stable: assert(m_axis_tdata == $past(m_axis_tdata));
            iface_last_stable: assert(m_axis_tlast == $past(m_axis_tlast));
        end
    end

    // the reader's position in the vector (tap row u, sample k of it), and where the samples in flight are
    wire [7:0] f_rpos = u_reg[7:0] * KC + k_reg[7:0];
    wire [7:0] f_flight = {7'd0, m_axis_tvalid} + {7'd0, p_valid_reg};
    wire [7:0] f_sum = f_vpos + f_flight;
    wire [7:0] f_rframe = ((oh_reg[7:0] * OW + ow_reg[7:0]) * KH + u_reg[7:0]) * KC + k_reg[7:0];
    wire [7:0] f_fsum = f_opos + f_flight;
    wire [7:0] f_p_pos = (f_vpos + {7'd0, m_axis_tvalid} == F_VEC) ? 8'd0 : f_vpos + {7'd0, m_axis_tvalid};

    always @(*) begin
        if (f_past_valid && !rst) begin
            if (m_axis_tvalid) begin
                iface_tlast_every_vector: assert(m_axis_tlast == (f_vpos == F_VEC - 1));
            end
            // the reader's tap position = output count + samples in flight (the framing's invariant)
            iface_reader_position: assert(k_reg >= 0 && k_reg < KC && u_reg >= 0 && u_reg < KH && f_vpos < F_VEC
                                          && (f_sum == f_rpos || f_sum == f_rpos + F_VEC)
                                          && (!p_valid_reg || p_last_reg == (f_p_pos == F_VEC - 1)));
            // OH*OW vectors per frame: the reader's position in its frame = output count + in flight
            cons_reader_frame_position: assert(ow_reg >= 0 && ow_reg < OW && oh_reg >= 0 && oh_reg < OH
                                               && f_opos < F_NOUT
                                               && (f_fsum == f_rframe || f_fsum == f_rframe + F_NOUT));
        end
    end

`ifdef SWM_FORMAL_BMC
    // ---- bounded: positions of the input and the output frames, a watched output sample -------------
    reg  [7:0] f_ic = 8'd0, f_iw = 8'd0, f_ih = 8'd0;   // input position (channel, column, row)
    reg  [7:0] f_in_frames = 8'd0;
    reg        f_err = 1'b0;
    wire       f_in_end = f_ic == C - 1 && f_iw == W - 1 && f_ih == H - 1;

    (* anyconst *) reg [7:0] f_oh, f_ow, f_u, f_v, f_c;
    wire [7:0] f_k = (((f_oh * OW + f_ow) * KH + f_u) * KW + f_v) * C + f_c;
    wire signed [9:0] f_wh = f_oh * STRIDE - PAD + f_u;   // the input pixel it shows
    wire signed [9:0] f_ww = f_ow * STRIDE - PAD + f_v;
    wire       f_inside = f_wh >= 0 && f_wh < H && f_ww >= 0 && f_ww < W;
    reg  [DW-1:0] f_val [0:1];                           // its input sample, per input frame parity
    reg  [1:0]    f_val_set = 2'b00;

    always @(*) begin
        assume(f_oh < OH && f_ow < OW && f_u < KH && f_v < KW && f_c < C);
    end

    always @(posedge clk) begin
        if (rst) begin
            {f_ic, f_iw, f_ih} <= 24'd0;
            f_in_frames  <= 8'd0;
            f_err        <= 1'b0;
            f_val_set    <= 2'b00;
        end else begin
            if (f_in_fire) begin
                f_ic <= (f_ic == C - 1) ? 8'd0 : f_ic + 8'd1;
                if (f_ic == C - 1) begin
                    f_iw <= (f_iw == W - 1) ? 8'd0 : f_iw + 8'd1;
                    if (f_iw == W - 1) begin
                        f_ih <= (f_ih == H - 1) ? 8'd0 : f_ih + 8'd1;
                    end
                end
                if (f_in_end) begin
                    f_in_frames <= f_in_frames + 8'd1;
                end
                if (s_axis_tlast != f_in_end) begin
                    f_err <= 1'b1;
                end
                if (f_inside && f_ih == f_wh && f_iw == f_ww && f_ic == f_c) begin
                    f_val[f_in_frames[0]]     <= s_axis_tdata;
                    f_val_set[f_in_frames[0]] <= 1'b1;
                end
            end
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            if (m_axis_tvalid && f_opos == f_k) begin
                func_watched_sample: assert(f_inside ? (f_val_set[f_out_frames[0]]
                                                        && m_axis_tdata == f_val[f_out_frames[0]])
                                                     : m_axis_tdata == {DW{1'b0}});
            end
            live_no_deadlock: assert(s_axis_tready || rows_ready);
            ctl_err_len: assert(err_len == f_err);
            ctl_busy: assert(busy == ({f_ic, f_iw, f_ih} != 24'd0 || f_in_frames != f_out_frames));
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst, 2) && !$past(rst) && !rst && $past(r_fire, 2)
                && $past(!m_axis_tvalid || m_axis_tready)) begin
            live_offered_after_read: assert(m_axis_tvalid);
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cover(f_out_fire && f_opos == F_NOUT - 1 && f_out_frames == 8'd0);
            cover(f_out_fire && f_opos == f_k && f_inside && f_oh == OH - 1 && f_out_frames == 8'd0);
            cover(!s_axis_tready && s_axis_tvalid);
        end
    end
`endif
