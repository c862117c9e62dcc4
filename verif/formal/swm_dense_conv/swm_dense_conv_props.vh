// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_dense_conv.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// swm_dense_conv composes swm_window and swm_dense_fc; here both are their contracts
// (swm_window_contract.vh, ../swm_dense_stage/swm_dense_fc_contract.vh: free outputs constrained by
// the properties proved in their own jobs, asserting the source rules those jobs assume), so what is
// proved is the composition: the window's output straight into swm_dense_fc (whose source rules the
// window's interface keeps), one output frame per image, busy and err_len.
// Environment (assumptions): reset in the first cycle; the x source keeps valid high and data/last
// stable until its sample is accepted; the sink and the loads are free. Contract placed here (it
// needs the output count below): swm_dense_fc's tlast on output N_OUT-1 of each vector (its
// iface_last_on_output_n_1), on y_last_pix with its output handshake, which is this module's.
// Properties (assertions, labelled group_what), with an output count in the image (f_ocnt):
//   iface   nothing valid, no error, not busy after reset; valid held and data/last stable until
//           accepted (swm_dense_fc's, with the sink's ready passed through)
//   cons    the pixel counter = the output pixels of the image sent (f_ocnt / C_OUT); err_len rises
//           only in the cycle after an accepted sample (swm_window's, fed the module's input)
//   func    tlast only on the image's last output sample (OH*OW*C_OUT-1)
//   live    the image's last sample carries tlast (the next stage's frame ends); the handshakes
//           are the cores' (no cycle added): the latency of a pixel is swm_window's plus
//           swm_dense_fc's (2*N_IN + 13 from its first input, N_IN = KH*KW*C_IN)
//   ctl     err_len sticky; busy while an output is held or an image's outputs are partly sent
//           (a pixel of it sent: between the outputs of one pixel busy is swm_dense_fc's, whose
//           contract shows only an output held);
//           the loads (swm_dense_fc's) ready only while swm_dense_fc is idle

    `include "swm_formal_reset.vh"

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && $past(s_axis_x_tvalid && !s_axis_x_tready)) begin
            assume(s_axis_x_tvalid);
            assume(s_axis_x_tdata == $past(s_axis_x_tdata));
            assume(s_axis_x_tlast == $past(s_axis_x_tlast));
        end
    end

    localparam integer F_NOUT = NPIX * C_OUT;
    wire       f_in_fire  = s_axis_x_tvalid && s_axis_x_tready;
    wire       f_out_fire = m_axis_y_tvalid && m_axis_y_tready;
    reg  [7:0] f_ocnt = 8'd0;

    always @(posedge clk) begin
        if (rst) begin
            f_ocnt <= 8'd0;
        end else if (f_out_fire) begin
            f_ocnt <= (f_ocnt == F_NOUT - 1) ? 8'd0 : f_ocnt + 8'd1;
        end
    end

    // the contract of swm_dense_fc's output framing, on its output handshake (this module's)
    always @(*) begin
        if (f_past_valid && !rst && m_axis_y_tvalid) begin
            assume(y_last_pix == (f_ocnt % C_OUT == C_OUT - 1));
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            iface_nothing_after_reset: assert(!m_axis_y_tvalid && !err_len && !busy);
        end
        if (f_past_valid && !$past(rst)) begin
            if ($past(m_axis_y_tvalid && !m_axis_y_tready)) begin
                iface_valid_held: assert(m_axis_y_tvalid);
                iface_data_stable: assert(m_axis_y_tdata == $past(m_axis_y_tdata));
                iface_last_stable: assert(m_axis_y_tlast == $past(m_axis_y_tlast));
            end
            ctl_error_sticky: assert(!$past(err_len) || err_len);
            cons_error_after_input: assert(!err_len || $past(err_len) || $past(f_in_fire));
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cons_pixel_count: assert(f_ocnt < F_NOUT && pix_reg == f_ocnt / C_OUT);
            if (m_axis_y_tvalid && m_axis_y_tlast) begin
                func_no_early_tlast: assert(f_ocnt == F_NOUT - 1);
            end
            if (m_axis_y_tvalid && f_ocnt == F_NOUT - 1) begin
                live_tlast_on_image_end: assert(m_axis_y_tlast);
            end
            ctl_busy: assert(!(m_axis_y_tvalid || f_ocnt >= C_OUT) || busy);
            ctl_loads_only_fc_idle: assert(!(s_axis_w_tready || s_axis_b_tready) || !fc_busy);
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && !rst) begin
            cover(f_out_fire && m_axis_y_tlast && $past(f_in_fire));
            cover(f_ocnt == C_OUT && !m_axis_y_tvalid && busy);
        end
    end
