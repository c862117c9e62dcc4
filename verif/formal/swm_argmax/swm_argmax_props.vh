// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_argmax.v, included by it under `ifdef FORMAL (SymbiYosys only): the
// class index proved against docs/datapath.md's argmax (lowest index among equal maxima over the
// first N_CLASSES samples) for every well-formed vector, with the framing and handshake rules.
//
// Environment: reset in the first cycle; the source keeps valid high and data/last stable until its
// sample is accepted (any framing: short and long vectors included). The sink may stall.
// Properties (assertions, labelled group_what):
//   func    the running maximum and its lowest index equal those of the vector's samples so far
//           (a shadow copy of the samples); every output index is the argmax of its vector
//   frame   one output per well-formed vector (counters), none for a short or long one; err_len
//           sticky and set exactly by a framing error (one assertion); a long vector dropped up to its tlast
//   iface   nothing valid after reset; valid held and data stable until accepted; tlast = 1
//   live    the input is refused only for a vector's last sample while the previous index waits

    `include "swm_formal_reset.vh"

    `include "swm_formal_source.vh"

    // shadow copy of the current vector's samples (position cnt_reg is the next one)
    reg [DW-1:0] f_s [0:N-1];
    always @(posedge clk) begin
        if (fire && !drop_reg) begin
            f_s[cnt_reg] <= s_axis_tdata;
        end
    end

    // reference: maximum and lowest index over the classes among samples 0 .. f_k-1
    function [DW+IW-1:0] f_ref;   // {max, index}
        input integer f_k;
        integer f_j;
        reg [DW-1:0] m;
        reg [IW-1:0] ix;
        begin
            m = f_s[0];
            ix = {IW{1'b0}};
            for (f_j = 1; f_j < N; f_j = f_j + 1) begin
                if (f_j < f_k && f_j < N_CLASSES && $signed(f_s[f_j]) > $signed(m)) begin
                    m = f_s[f_j];
                    ix = f_j[IW-1:0];
                end
            end
            f_ref = {m, ix};
        end
    endfunction

    wire [DW+IW-1:0] f_so_far = f_ref({{(32-IW){1'b0}}, cnt_reg});
    // the expected index of the vector that completes now (its last sample included)
    wire [IW-1:0]    f_expect_now;
    wire [DW+IW-1:0] f_prev = f_so_far;
    assign f_expect_now = (N - 1 < N_CLASSES && $signed(s_axis_tdata) > $signed(f_prev[DW+IW-1:IW]))
                          ? N_LAST : f_prev[IW-1:0];

    // counters: well-formed vectors completed, outputs taken (modulo 2^8)
    wire       f_good = fire && at_last && s_axis_tlast;
    wire       f_out_fire = m_axis_tvalid && m_axis_tready;
    reg  [7:0] f_good_cnt = 8'd0;
    reg  [7:0] f_out_cnt = 8'd0;
    reg  [IW-1:0] f_expect;
    always @(posedge clk) begin
        if (rst) begin
            f_good_cnt <= 8'd0;
            f_out_cnt  <= 8'd0;
        end else begin
            f_good_cnt <= f_good_cnt + {7'd0, f_good};
            f_out_cnt  <= f_out_cnt + {7'd0, f_out_fire};
        end
        if (f_good) begin
            f_expect <= f_expect_now;
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            func_running_max: assert(cnt_reg == 0 || drop_reg || {max_reg, idx_reg} == f_so_far);
            func_output_is_argmax: assert(!out_valid_reg || out_idx_reg == f_expect);
            frame_one_output_per_vector: assert(f_good_cnt - f_out_cnt == {7'd0, out_valid_reg});
            frame_position_in_range: assert(cnt_reg <= N_LAST && (!drop_reg || cnt_reg == 0));
            iface_last_set: assert(m_axis_tlast);
            live_refused_only_when_waiting: assert(s_axis_tready == !(at_last && out_valid_reg));
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && !rst) begin
            frame_err_exact: assert(err_len == ($past(err_len) || $past(fire && !drop_reg
                                   && (at_last ? !s_axis_tlast : s_axis_tlast))));
            frame_drop_until_tlast: assert(drop_reg == ($past(drop_reg) ? !$past(fire && s_axis_tlast)
                                                         : $past(fire && at_last && !s_axis_tlast)));
        end
        if (f_past_valid && $past(rst)) begin
            iface_no_valid_after_reset: assert(!m_axis_tvalid && !err_len);
        end
        if (f_past_valid && !$past(rst) && !rst && $past(m_axis_tvalid && !m_axis_tready)) begin
            iface_valid_held: assert(m_axis_tvalid);
            iface_data_stable: assert(m_axis_tdata == $past(m_axis_tdata));
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cover(f_out_fire && m_axis_tdata != 0);
            cover(drop_reg && fire && s_axis_tlast);
        end
    end
