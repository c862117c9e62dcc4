// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_read_skid.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment (assumptions): reset in the first cycle; the caller issues a read only while rd_ready
// (the module's contract), and the RAM returns the word on rd_data in the next cycle (rd_data is
// free in every other cycle). A read issued in a reset cycle is not counted (the reset drops it).
// The sink may stall for any number of cycles.
// Properties (assertions, labelled group_what):
//   iface   nothing valid after reset; valid held and data/last stable until accepted
//   cap     words held (output register, skid register, read in flight) = reads issued - words sent,
//           at most two; the skid register fills only behind a full output register
//   cons    words out = reads in, in order: counters and one watched read (an arbitrary index,
//           anyconst) whose rd_last and returned rd_data are held in flight / in the skid or output
//           register as the occupancy says, and leave at its own index unchanged
//   live    rd_ready whenever the output register is empty and whenever the sink is ready (one read
//           per clock sustained); a returned word is offered in the next cycle; the watched word
//           leaves by the second sink-ready cycle after it was issued (a counter of sink-ready
//           cycles while it is held stays <= 1; after one it is in the output register)

    `include "swm_formal_reset.vh"

    // ---- environment: reads only while rd_ready --------------------------------------------------
    always @(*) begin
        if (!rst) begin
            assume(!rd_issue || rd_ready);
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

    // ---- counters of issued reads and sent words (modulo 2^8), one watched read -------------------
    wire       f_in_fire  = rd_issue && !rst;
    wire       f_out_fire = m_axis_tvalid && m_axis_tready;
    reg  [7:0] f_in_cnt = 8'd0;
    reg  [7:0] f_out_cnt = 8'd0;
    wire [7:0] f_held = f_in_cnt - f_out_cnt;
    wire [7:0] f_n_out = {7'd0, m_tvalid_reg};
    wire [7:0] f_n_regs = {7'd0, m_tvalid_reg} + {7'd0, skid_valid_reg};

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
    wire [7:0]  f_ahead = f_index - f_out_cnt;   // words ahead of the watched one
    wire        f_inside = f_ahead < f_held;
    // the watched word's read is the one in flight (its data on rd_data in this cycle)
    wire        f_returning = f_inside && f_ahead == f_n_regs && rd_valid_reg;

    always @(posedge clk) begin
        if (f_in_fire && f_in_cnt == f_index) begin
            f_last <= rd_last;
        end
        if (!rst && f_returning) begin
            f_data <= rd_data;
        end
    end

    // sink-ready cycles seen while the watched word is held (saturating)
    reg  [1:0] f_ready_seen = 2'd0;
    always @(posedge clk) begin
        if (rst || !f_inside) begin
            f_ready_seen <= 2'd0;
        end else if (m_axis_tready && f_ready_seen != 2'd3) begin
            f_ready_seen <= f_ready_seen + 2'd1;
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cap_occupancy: assert(f_held == f_n_regs + {7'd0, rd_valid_reg});
            cap_at_most_two: assert(f_held <= 8'd2);
            cap_skid_behind_output: assert(!skid_valid_reg || m_tvalid_reg);
            // where the watched word is: output register, skid register, or in flight
            if (f_inside && f_ahead < f_n_out) begin
                cons_watched_in_output_reg: assert(m_tdata_reg == f_data && m_tlast_reg == f_last);
            end
            if (f_inside && f_ahead >= f_n_out && f_ahead < f_n_regs) begin
                cons_watched_in_skid_reg: assert(skid_tdata_reg == f_data && skid_last_reg == f_last);
            end
            if (f_inside && f_ahead >= f_n_regs) begin
                cons_watched_in_flight: assert(rd_valid_reg && rd_last_reg == f_last);
            end
            if (f_out_fire && f_out_cnt == f_index) begin
                cons_leaves_when_held: assert(f_inside);
                cons_leaves_unchanged: assert(m_axis_tdata == f_data && m_axis_tlast == f_last);
            end
            // no deadlock
            if (!m_axis_tvalid || m_axis_tready) begin
                live_ready_when_room: assert(rd_ready);
            end
            if (f_inside) begin
                live_leaves_by_second_ready: assert(f_ready_seen <= 2'd1);
                if (f_ready_seen == 2'd1) begin
                    live_at_output_after_one_ready: assert(f_ahead == 8'd0 && m_tvalid_reg);
                end
            end
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && !rst && $past(rd_valid_reg)) begin
            live_returned_word_offered: assert(m_axis_tvalid);
        end
    end

    // reachability: two words held with the sink stalled, then the watched one leaves; full rate
    reg [2:0] f_streak = 3'd0;
    always @(posedge clk) begin
        if (rst || !f_out_fire) begin
            f_streak <= 3'd0;
        end else if (f_streak != 3'd7) begin
            f_streak <= f_streak + 3'd1;
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cover(skid_valid_reg && rd_valid_reg == 1'b0 && !m_axis_tready);
            cover(f_out_fire && f_out_cnt == f_index && f_index == 8'd3 && f_last);
            cover(f_streak == 3'd4);   // one word per clock for five cycles
        end
    end
