// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_axis_bcast.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment: reset in the first cycle; the source keeps valid high and data/last stable until its
// beat is accepted. Each of the N sinks may stall for any number of cycles, independently.
// Properties (assertions, labelled group_what):
//   iface   per output: valid held and data/last stable until accepted
//   cap     per output: beats taken = beats accepted at the input, plus one while the current beat
//           is taken but not yet released (taken_reg)
//   cons    every output gets every input beat exactly once and in order: a watched beat (an
//           arbitrary input index) reaches each output at that output's same index, unchanged
//   live    the input is released in the cycle every output has taken (or is taking) the beat; an
//           output that has not taken the current beat is offered it

    `include "swm_formal_reset.vh"

    `include "swm_formal_source.vh"

    wire       f_in_fire = s_axis_tvalid && s_axis_tready;
    reg  [7:0] f_in_cnt = 8'd0;
    (* anyconst *) reg [7:0] f_index;

    always @(posedge clk) begin
        if (rst) begin
            f_in_cnt <= 8'd0;
        end else begin
            f_in_cnt <= f_in_cnt + {7'd0, f_in_fire};
        end
    end

    // the watched beat, as the input presents it (stable until accepted)
    wire f_watched_now = s_axis_tvalid && f_in_cnt == f_index;

    // per output: each check as one bit, asserted over all outputs below (labels must be unique)
    wire [N-1:0] f_ok_taken, f_ok_once, f_ok_watched, f_ok_offered, f_ok_held, f_ok_data, f_ok_last;

    genvar f_i;
    generate
        for (f_i = 0; f_i < N; f_i = f_i + 1) begin : g_f_out
            wire             o_valid = m_axis_tvalid[f_i];
            wire             o_ready = m_axis_tready[f_i];
            wire [WIDTH-1:0] o_data = m_axis_tdata[f_i*WIDTH +: WIDTH];
            wire             o_last = m_axis_tlast[f_i];
            wire             o_fire = o_valid && o_ready;
            reg  [7:0]       o_cnt = 8'd0;
            reg              p_stall = 1'b0;   // offered and not taken in the last cycle (no reset then or now)
            reg [WIDTH-1:0]  p_data;
            reg              p_last;

            always @(posedge clk) begin
                if (rst) begin
                    o_cnt <= 8'd0;
                end else begin
                    o_cnt <= o_cnt + {7'd0, o_fire};
                end
                p_stall <= !rst && o_valid && !o_ready;
                p_data  <= o_data;
                p_last  <= o_last;
            end

            assign f_ok_taken[f_i]   = o_cnt == f_in_cnt + {7'd0, taken_reg[f_i]};
            assign f_ok_once[f_i]    = !o_fire || o_cnt == f_in_cnt;
            assign f_ok_watched[f_i] = !(o_fire && o_cnt == f_index)
                                       || (f_watched_now && o_data == s_axis_tdata && o_last == s_axis_tlast);
            assign f_ok_offered[f_i] = o_valid == (s_axis_tvalid && !taken_reg[f_i]);
            assign f_ok_held[f_i]    = !p_stall || rst || o_valid;
            assign f_ok_data[f_i]    = !p_stall || rst || o_data == p_data;
            assign f_ok_last[f_i]    = !p_stall || rst || o_last == p_last;
        end
    endgenerate

    always @(*) begin
        if (f_past_valid && !rst) begin
            cap_taken_counted: assert(&f_ok_taken);
            cons_each_beat_once: assert(&f_ok_once);
            cons_watched_unchanged: assert(&f_ok_watched);
            live_offered_until_taken: assert(&f_ok_offered);
            live_released_when_all_took: assert(s_axis_tready == &(taken_reg | m_axis_tready));
            iface_valid_held: assert(&f_ok_held);
            iface_data_stable: assert(&f_ok_data);
            iface_last_stable: assert(&f_ok_last);
            cover(taken_reg == {{(N-1){1'b1}}, 1'b0} && f_in_fire);
        end
    end
