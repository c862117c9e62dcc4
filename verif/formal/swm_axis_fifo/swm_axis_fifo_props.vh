// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_axis_fifo.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment (assumptions): reset in the first cycle; the source keeps valid high and data/last
// stable until its word is accepted. The sink may stall for any number of cycles.
// Properties (assertions, labelled group_what):
//   iface   nothing valid after reset; valid held and data/last stable until accepted
//   cap     pointers follow the accepted-word counters; level = words held (array + output
//           register), at most DEPTH + 1; ready exactly while the array has room
//   cons    words out = words in, in order: counters and one watched word (an arbitrary input index)
//           held in the array slot of its index or in the output register, leaving at its own
//           index with its data and last
//   live    the output register is refilled in the cycle it frees whenever the array holds a word
//           (with cap_ready_iff_room: never refuses input while there is room, never holds a word back)

    `include "swm_formal_reset.vh"

    `include "swm_formal_source.vh"

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

    // ---- counters of accepted words (modulo 2^8) and one watched word --------------------------------
    wire       f_in_fire  = s_axis_tvalid && s_axis_tready;
    wire       f_out_fire = m_axis_tvalid && m_axis_tready;
    reg  [7:0] f_in_cnt = 8'd0;
    reg  [7:0] f_out_cnt = 8'd0;
    wire [7:0] f_held = f_in_cnt - f_out_cnt;
    wire [7:0] f_rd = f_out_cnt + {7'd0, out_valid_reg};   // index of the array's oldest word
    wire [7:0] f_used = f_in_cnt - f_rd;                     // words in the array

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
    reg [WIDTH-1:0] f_data;
    reg             f_last;
    wire [7:0]      f_ahead = f_index - f_out_cnt;
    wire            f_inside = f_ahead < f_held;
    wire            f_in_out_reg = f_inside && f_ahead == 8'd0 && out_valid_reg;
    wire            f_in_array = f_inside && !f_in_out_reg;

    always @(posedge clk) begin
        if (!rst && f_in_fire && f_in_cnt == f_index) begin
            f_data <= s_axis_tdata;
            f_last <= s_axis_tlast;
        end
    end

    always @(*) begin
        if (f_past_valid) begin
            cap_wr_ptr: assert(wr_ptr_reg == f_in_cnt[AW:0]);
            cap_rd_ptr: assert(rd_ptr_reg == f_rd[AW:0]);
            cap_level: assert({{(8-LVW){1'b0}}, level} == f_held);
            cap_at_most_depth_plus_one: assert(f_held <= DEPTH + 1);
            cap_output_reg_counted: assert(!out_valid_reg || f_held != 8'd0);
            cap_array_at_most_depth: assert(f_used <= DEPTH);
            cap_ready_iff_room: assert(s_axis_tready == (f_used < DEPTH));
            cons_watched_in_output_reg: assert(!f_in_out_reg || (out_data_reg == f_data && out_last_reg == f_last));
            cons_watched_in_array: assert(!f_in_array || mem[f_index[AW-1:0]] == {f_last, f_data});
            if (f_out_fire && f_out_cnt == f_index) begin
                cons_leaves_when_held: assert(f_inside);
                cons_leaves_unchanged: assert(m_axis_tdata == f_data && m_axis_tlast == f_last);
            end
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && $past(f_used != 8'd0 && (!m_axis_tvalid || m_axis_tready))) begin
            live_output_refilled: assert(m_axis_tvalid);
        end
    end

    always @(*) begin
        if (f_past_valid) begin
            cover(f_held == DEPTH + 1);
            cover(f_out_fire && f_out_cnt == f_index && f_index == DEPTH + 2);
        end
    end
