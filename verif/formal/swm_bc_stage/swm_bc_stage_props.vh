// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_bc_stage.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// The stage wraps the engine swm_bc_layer; here the engine is its contract
// (swm_bc_layer_contract.vh: free outputs constrained by the properties proved in its own job, and
// asserting that the stage starts it only while idle), so what is proved is the wrapper: the start
// logic, the per-image framing (CONV = 1), the pass-through of the streams, busy, cfg_error,
// in_stall and out_stall.
// Environment (assumptions): reset in the first cycle; `run`, the x source, the sink and the loads
// free (the engine's proof assumes nothing of its x source). Contract placed here (it needs the
// output count below): the engine's tlast on every p*K-th output sample (its iface_* of task
// prove), on its output handshake, which is the stage's.
// Properties (assertions, labelled group_what), with the output count in the image (f_cnt, mod
// NPIX*P*K):
//   iface   nothing valid, not busy, no cfg_error after reset; valid held and data/last stable
//           until accepted (the engine's, the sink's ready passed through; the stage's tlast only
//           moves with a transfer)
//   cons    CONV = 1: the pixel counter = the engine frames of the image sent (f_cnt / (P*K))
//   func    tlast only on the image's last output sample (NPIX*P*K - 1: CONV = 1 OH*OW engine frames
//           per image, CONV = 0 one)
//   live    the image's last output sample carries tlast; the engine is started (busy, or cfg_error
//           for a bad configuration) within two cycles whenever run is high, the engine idle and
//           no cfg_error: the stage adds at most one cycle (start_reg) before the engine's start
//           edge, and the streams are the engine's (no cycle added), so a run's latency is the
//           engine's (its live_run_ends: the last output of a run of 1 / 2 vectors by edge 70 / 78
//           after the start edge at K 4, p = q = 2, BMC in its job)
//   ctl     the start only in the cycle after one with run high, the engine idle, no start pending
//           and no cfg_error (and never while the engine is busy: the contract's
//           ctl_start_only_while_idle); busy (the engine's) rises and cfg_error (the engine's: the
//           configuration does not fit) changes only in the cycle after a start, so a bad
//           configuration is flagged at the first start and never started again; input only while
//           the engine is busy (running), the loads
//           only while it is idle; in_stall = ready && !valid at the input, out_stall = valid &&
//           !ready at the output

    `include "swm_formal_reset.vh"

    localparam integer F_PK = P * K;
    localparam integer F_NOUT = NPIX * F_PK;
    wire       f_out_fire = m_axis_y_tvalid && m_axis_y_tready;
    reg  [7:0] f_cnt = 8'd0;
    reg        f_past2_valid = 1'b0;

    always @(posedge clk) begin
        f_past2_valid <= f_past_valid;
        if (rst) begin
            f_cnt <= 8'd0;
        end else if (f_out_fire) begin
            f_cnt <= (f_cnt == F_NOUT - 1) ? 8'd0 : f_cnt + 8'd1;
        end
    end

    // the contract of the engine's output framing, on its output handshake (the stage's)
    always @(*) begin
        if (f_past_valid && !rst && m_axis_y_tvalid) begin
            assume(eng_y_last == (f_cnt % F_PK == F_PK - 1));
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            iface_nothing_after_reset: assert(!m_axis_y_tvalid && !busy && !cfg_error);
        end
        if (f_past_valid && !$past(rst) && $past(m_axis_y_tvalid && !m_axis_y_tready)) begin
            iface_valid_held: assert(m_axis_y_tvalid);
            iface_data_stable: assert(m_axis_y_tdata == $past(m_axis_y_tdata));
            iface_last_stable: assert(m_axis_y_tlast == $past(m_axis_y_tlast));
        end
        if (f_past_valid && start_reg) begin
            ctl_start_when_due: assert(!$past(rst) && $past(run && !eng_busy && !start_reg && !cfg_error));
        end
        if (f_past_valid && !$past(rst)) begin
            ctl_busy_from_start: assert(!busy || $past(busy) || $past(start_reg));
            ctl_cfg_error_from_start: assert(cfg_error == $past(cfg_error) || $past(start_reg));
        end
        if (f_past2_valid && !$past(rst, 2) && !$past(rst) && $past(run && !eng_busy && !cfg_error, 2)) begin
            live_engine_started: assert($past(eng_busy || cfg_error) || eng_busy || cfg_error);
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            func_no_early_tlast: assert(f_cnt < F_NOUT && (!(m_axis_y_tvalid && m_axis_y_tlast) || f_cnt == F_NOUT - 1));
            if (m_axis_y_tvalid && f_cnt == F_NOUT - 1) begin
                live_tlast_on_image_end: assert(m_axis_y_tlast);
            end
            ctl_input_only_while_busy: assert(!s_axis_x_tready || busy);
            ctl_loads_only_idle: assert(!(s_axis_w_tready || s_axis_b_tready) || !busy);
            ctl_in_stall: assert(in_stall == (s_axis_x_tready && !s_axis_x_tvalid));
            ctl_out_stall: assert(out_stall == (m_axis_y_tvalid && !m_axis_y_tready));
        end
    end

    generate
        if (NPIX > 1) begin : f_g_frame
            always @(*) begin
                if (f_past_valid && !rst) begin
                    cons_pixel_count: assert(f_cnt < F_NOUT && g_frame.px_reg == f_cnt / F_PK);
                end
            end
        end
    endgenerate

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && !rst) begin
            cover(f_out_fire && m_axis_y_tlast && f_cnt == F_NOUT - 1);
            cover(cfg_error && run);
            cover($past(eng_busy) && !eng_busy && run && !cfg_error);   // a run ends: restarted
            cover(in_stall && out_stall);
        end
    end
