// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_frame_check.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment: reset in the first cycle; the source keeps valid high and data/last stable until its
// sample is accepted; with F_WELLFORMED also that its frames are well formed (tlast exactly on a
// step's last sample, and on sample N-1 at the latest). The sink may stall for any number of cycles.
// Properties (assertions, labelled group_what):
//   frame   every output frame has a whole number of STEP-sample steps, at most N samples, tlast on its
//           last sample (and always on sample N-1); the counters follow the output position
//   iface   valid held and data/last stable until accepted (the module itself never withdraws a
//           sample: it passes the source's, pads with zeros, or drops)
//   err     too_short / too_long pulse exactly for a tlast inside a step / a sample N-1 without tlast
//   live    padding is always offered, dropping always takes the input, passing is ready exactly when
//           the sink is
//   cons    (F_WELLFORMED) a pure pass-through: output = input, ready = the sink's, no error

    `include "swm_formal_reset.vh"

    `include "swm_formal_source.vh"

    // output position in the current output frame; input position in the current input frame
    reg [7:0] f_opos = 8'd0;
    reg [7:0] f_ipos = 8'd0;
    wire      f_in_fire = s_axis_tvalid && s_axis_tready;
    wire      f_out_fire = m_axis_tvalid && m_axis_tready;
    wire      f_step_end = ((f_opos + 8'd1) % STEP) == 0;

    always @(posedge clk) begin
        if (rst) begin
            f_opos <= 8'd0;
            f_ipos <= 8'd0;
        end else begin
            if (f_out_fire) begin
                f_opos <= m_axis_tlast ? 8'd0 : f_opos + 8'd1;
            end
            if (f_in_fire) begin
                f_ipos <= s_axis_tlast ? 8'd0 : f_ipos + 8'd1;
            end
        end
    end

`ifdef F_WELLFORMED
    always @(*) begin
        if (s_axis_tvalid) begin
            assume(s_axis_tlast == (((f_ipos + 8'd1) % STEP) == 0 && (f_ipos == N - 1 || s_axis_tlast)));
            assume(f_ipos != N - 1 || s_axis_tlast);
        end
    end
`endif

    always @(*) begin
        if (f_past_valid && !rst) begin
            frame_within_n: assert(f_opos < N);
            frame_count_follows: assert(cnt_reg == f_opos[CW-1:0]);
            frame_step_count_follows: assert(sc_reg == f_opos % STEP);
            frame_state_known: assert(state_reg != 2'd3);
            if (m_axis_tvalid) begin
                frame_last_on_step_end: assert(!m_axis_tlast || f_step_end);
                frame_last_at_n: assert(f_opos != N - 1 || m_axis_tlast);
            end
            err_too_short_exact: assert(too_short == (state_reg == PASS && f_in_fire && s_axis_tlast && !f_step_end));
            err_too_long_exact: assert(too_long == (state_reg == PASS && f_in_fire && !s_axis_tlast && f_opos == N - 1));
            live_pad_offered: assert(state_reg != PAD || m_axis_tvalid);
            live_drop_takes_input: assert(state_reg != DROP || s_axis_tready);
            live_pad_holds_input: assert(state_reg != PAD || !s_axis_tready);
            live_pass_ready_with_sink: assert(state_reg != PASS || s_axis_tready == m_axis_tready);
`ifdef F_WELLFORMED
            cons_pass_through: assert(state_reg == PASS && m_axis_tvalid == s_axis_tvalid
                                      && m_axis_tdata == s_axis_tdata && (!s_axis_tvalid || m_axis_tlast == s_axis_tlast)
                                      && s_axis_tready == m_axis_tready);
            cons_no_error: assert(!too_short && !too_long);
            cons_frames_aligned: assert(f_ipos == f_opos);
`endif
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && !rst) begin
            if ($past(too_short)) begin
                err_pads_after_too_short: assert(state_reg == PAD);
            end
            if ($past(too_long)) begin
                err_drops_after_too_long: assert(state_reg == DROP);
            end
            if ($past(state_reg == DROP && f_in_fire && s_axis_tlast)) begin
                live_drop_ends_on_tlast: assert(state_reg == PASS);
            end
        end
        if (f_past_valid && !$past(rst) && !rst && $past(m_axis_tvalid && !m_axis_tready)) begin
            iface_valid_held: assert(m_axis_tvalid);
            iface_data_stable: assert(m_axis_tdata == $past(m_axis_tdata));
            iface_last_stable: assert(m_axis_tlast == $past(m_axis_tlast));
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cover(state_reg == PAD && f_out_fire && m_axis_tlast);
            cover(state_reg == DROP && f_in_fire && s_axis_tlast);
        end
    end
