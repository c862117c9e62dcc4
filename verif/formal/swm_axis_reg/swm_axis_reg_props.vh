// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_axis_reg.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment (assumptions): reset in the first cycle; the source keeps valid high and data/last
// stable until its beat is accepted. The sink is free: it may stall for any number of cycles.
// Properties (assertions):
//   interface   valid held and data/last stable until accepted; no valid in the cycle after reset
//   capacity    at most two beats held; the skid register fills only behind a full output register
//   conservation words out = words in, in order: counters of accepted beats, and one watched beat
//               (an arbitrary input index, anyconst) that must leave at the same index with the same
//               data and last; the invariant names where the watched beat is held
//   no deadlock s_axis_tready whenever the slice is empty, and one cycle after any m_axis_tready;
//               a held beat is always offered at the output (m_axis_tvalid)
//   control     busy is high exactly while a beat is held

    `include "swm_formal_reset.vh"

    `include "swm_formal_source.vh"

    // ---- interface ---------------------------------------------------------------------------------
    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            iface_no_valid_after_reset: assert(!m_axis_tvalid);
            iface_ready_after_reset: assert(s_axis_tready);
        end
        if (f_past_valid && !$past(rst) && $past(m_axis_tvalid && !m_axis_tready)) begin
            iface_valid_held: assert(m_axis_tvalid);
            iface_data_stable: assert(m_axis_tdata == $past(m_axis_tdata));
            iface_last_stable: assert(m_axis_tlast == $past(m_axis_tlast));
        end
    end

    // ---- conservation: counters of accepted beats (modulo 2^8) and one watched beat -----------------
    wire       f_in_fire  = s_axis_tvalid && s_axis_tready;
    wire       f_out_fire = m_axis_tvalid && m_axis_tready;
    reg  [7:0] f_in_cnt = 8'd0;
    reg  [7:0] f_out_cnt = 8'd0;
    wire [7:0] f_held = f_in_cnt - f_out_cnt;

    always @(posedge clk) begin
        if (rst) begin
            f_in_cnt  <= 8'd0;
            f_out_cnt <= 8'd0;
        end else begin
            f_in_cnt  <= f_in_cnt + {7'd0, f_in_fire};
            f_out_cnt <= f_out_cnt + {7'd0, f_out_fire};
        end
    end

    (* anyconst *) reg [7:0] f_index;
    reg [W-1:0] f_data;
    reg         f_last;
    // the watched beat is held, and how many beats are ahead of it (0: in the output register)
    wire [7:0]  f_ahead = f_index - f_out_cnt;
    wire        f_inside = f_ahead < f_held;

    always @(posedge clk) begin
        if (!rst && f_in_fire && f_in_cnt == f_index) begin
            f_data <= s_axis_tdata;
            f_last <= s_axis_tlast;
        end
    end

    always @(*) begin
        if (f_past_valid) begin
            // capacity and occupancy
            cap_at_most_two: assert(f_held <= 8'd2);
            cap_occupancy: assert(f_held == {7'd0, valid_reg} + {7'd0, skid_valid_reg});
            cap_skid_behind_output: assert(!skid_valid_reg || valid_reg);
            // where the watched beat is
            if (f_inside && f_ahead == 8'd0) begin
                cons_watched_in_output_reg: assert(data_reg == f_data && last_reg == f_last);
            end
            if (f_inside && f_ahead == 8'd1) begin
                cons_watched_in_skid_reg: assert(skid_reg == f_data && skid_last_reg == f_last);
            end
            // it leaves at its own index, unchanged
            if (f_out_fire && f_out_cnt == f_index) begin
                cons_leaves_when_held: assert(f_inside);
                cons_leaves_unchanged: assert(m_axis_tdata == f_data && m_axis_tlast == f_last);
            end
            // no deadlock; control
            if (!m_axis_tvalid) begin
                live_ready_when_empty: assert(s_axis_tready);
            end
            live_offered_when_held: assert(m_axis_tvalid == (f_held != 8'd0));
            ctl_busy: assert(busy == (f_held != 8'd0));
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && $past(m_axis_tready)) begin
            live_ready_after_sink_ready: assert(s_axis_tready);
        end
    end

    // reachability: two beats held, then the watched one leaves
    always @(*) begin
        if (f_past_valid) begin
            cover(f_held == 8'd2);
            cover(f_out_fire && f_out_cnt == f_index && f_index == 8'd2);
        end
    end
