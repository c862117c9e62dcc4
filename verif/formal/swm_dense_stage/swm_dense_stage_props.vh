// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_dense_stage.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// The stage wraps swm_dense_fc (CONV = 0) or swm_dense_conv (CONV = 1); here the core is its
// contract (swm_dense_fc_contract.vh / swm_dense_conv_contract.vh: free outputs constrained by the
// properties proved in the core's own job, asserting the source rules that job assumes), so what is
// proved is the wrapper: the run gating, the load gating, the pass-through of the output, busy,
// cfg_error, in_stall and out_stall.
// Environment (assumptions): reset in the first cycle; the x source keeps valid high and data/last
// stable until its sample is accepted; `run`, once high, stays high until a reset (swm_accel's
// run_reg: set by START, cleared only by the pipeline reset); the sink and the loads are free.
// Properties (assertions, labelled group_what):
//   iface   nothing valid, no cfg_error, not busy after reset; valid held and data/last stable until
//           accepted (the core's, with the sink's ready passed through)
//   cons    cfg_error rises only in the cycle after the stage accepted a sample (the core sees
//           exactly the stage's samples: none while run is low)
//   live    the stage adds no condition but run: s_axis_x_tready = run && the core's ready; the
//           output is the core's, so the latency is the core's (swm_dense_fc: first output
//           2*N_IN + 13 cycles after the first input of a vector entering an idle stage, its
//           bounded live_output_within_bound)
//   ctl     input only while run; the loads ready exactly while !run and the core's are (CONV 0:
//           only while not busy; CONV 1: swm_dense_conv's loads are its swm_dense_fc's, ready only
//           while that is idle, which its ports do not show); cfg_error sticky (the core's err_len);
//           in_stall = ready && !valid at the input, out_stall = valid && !ready at the output

    `include "swm_formal_reset.vh"

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst)) begin
            if ($past(s_axis_x_tvalid && !s_axis_x_tready)) begin
                assume(s_axis_x_tvalid);
                assume(s_axis_x_tdata == $past(s_axis_x_tdata));
                assume(s_axis_x_tlast == $past(s_axis_x_tlast));
            end
            if ($past(run)) begin
                assume(run);
            end
        end
    end

    wire f_in_fire = s_axis_x_tvalid && s_axis_x_tready;

    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            iface_nothing_after_reset: assert(!m_axis_y_tvalid && !cfg_error && !busy);
        end
        if (f_past_valid && !$past(rst)) begin
            if ($past(m_axis_y_tvalid && !m_axis_y_tready)) begin
                iface_valid_held: assert(m_axis_y_tvalid);
                iface_data_stable: assert(m_axis_y_tdata == $past(m_axis_y_tdata));
                iface_last_stable: assert(m_axis_y_tlast == $past(m_axis_y_tlast));
            end
            ctl_cfg_error_sticky: assert(!$past(cfg_error) || cfg_error);
            cons_error_after_input: assert(!cfg_error || $past(cfg_error) || $past(f_in_fire));
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            ctl_input_only_while_run: assert(!s_axis_x_tready || run);
            live_ready_is_cores: assert(s_axis_x_tready == (run && x_ready));
            ctl_loads_when_stopped: assert(s_axis_w_tready == (!run && w_ready) && s_axis_b_tready == (!run && b_ready));
            if (CONV == 0) begin   // swm_dense_fc's loads only while it is idle (its ctl_load_only_idle)
                ctl_loads_only_idle: assert(!(s_axis_w_tready || s_axis_b_tready) || !busy);
            end
            ctl_in_stall: assert(in_stall == (s_axis_x_tready && !s_axis_x_tvalid));
            ctl_out_stall: assert(out_stall == (m_axis_y_tvalid && !m_axis_y_tready));
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && !rst) begin
            cover($past(s_axis_w_tvalid && s_axis_w_tready) && f_in_fire && run);
            cover(m_axis_y_tvalid && m_axis_y_tready && m_axis_y_tlast && cfg_error);
            cover(in_stall);
            cover(out_stall && busy);
        end
    end
