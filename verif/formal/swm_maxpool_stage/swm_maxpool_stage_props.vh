// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_maxpool_stage.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// The stage wraps swm_maxpool; here swm_maxpool is its contract (swm_maxpool_contract.vh: free outputs
// constrained by the properties proved in swm_maxpool's own job, and asserting the source rules that
// job assumes), so what is proved is the wrapper: the run gating, the load ports tied off, the
// pass-through of the output, busy, cfg_error, in_stall and out_stall.
// Environment (assumptions): reset in the first cycle; the x source keeps valid high and data/last
// stable until its sample is accepted; `run`, once high, stays high until a reset (swm_accel's
// run_reg: set by START, cleared only by the pipeline reset); the sink and the load ports are free.
// Properties (assertions, labelled group_what):
//   iface   nothing valid, no cfg_error, not busy after reset; valid held and data/last stable until
//           accepted (the core's, with the sink's ready passed through)
//   cons    busy rises only in the cycle after the stage accepted a sample (the core sees exactly
//           the stage's samples: none while run is low)
//   live    the stage adds no condition but run: s_axis_x_tready = run && the core's ready
//           (= run && (!m_axis_y_tvalid || m_axis_y_tready), the core's live_ready_iff_room); the
//           output is the core's, so the latency is swm_maxpool's (a completed window offered in
//           the cycle after the next advance, its live_offered_after_advance)
//   ctl     input only while run; the load ports never ready (no memory to load); cfg_error sticky
//           and set only in the cycle after an accepted sample (the core's err_len: exact in its
//           job); in_stall = ready && !valid at the input, out_stall = valid && !ready at the output

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
            ctl_cfg_error: assert(cfg_error == $past(cfg_error) || (cfg_error && $past(f_in_fire)));
            cons_busy_after_input: assert($past(busy) || !busy || $past(f_in_fire));
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            ctl_input_only_while_run: assert(!s_axis_x_tready || run);
            live_ready_iff_room: assert(s_axis_x_tready == (run && (!m_axis_y_tvalid || m_axis_y_tready)));
            ctl_no_loads: assert(!s_axis_w_tready && !s_axis_b_tready);
            ctl_in_stall: assert(in_stall == (s_axis_x_tready && !s_axis_x_tvalid));
            ctl_out_stall: assert(out_stall == (m_axis_y_tvalid && !m_axis_y_tready));
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && !rst) begin
            cover(f_in_fire && m_axis_y_tvalid && m_axis_y_tready);
            cover(m_axis_y_tvalid && m_axis_y_tready && m_axis_y_tlast && cfg_error);
            cover(in_stall);
            cover(out_stall && busy);
        end
    end
