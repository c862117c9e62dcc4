// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_load_adapter.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment (assumptions): reset in the first cycle; the s_axis source rules (valid held,
// data/last stable until accepted); `sel` held while a beat offered to this adapter waits (the top
// changes the select between loads only). The sink may stall for any number of cycles.
// The output is combinational from the word's last beat, so a word may be offered in the cycle
// after reset (when that beat carries tlast): "nothing valid after reset" is the framing rule below.
// Properties (assertions, labelled group_what):
//   iface   after reset no word is offered without tlast (a word needs NB beats or a tlast); a word
//           offered only by the selected adapter with a beat; valid held, data/last stable until accepted
//   frame   a word ends exactly at its NB-th beat or at a tlast (a reference beat position counted
//           here), and carries that beat's tlast
//   cons    words out = words completed by the accepted beats (counters), the beat position follows
//           the reference; a watched beat (an anyconst index among the accepted beats) is buffered in
//           its 32-bit segment and leaves in its own word (the word index counted from the input
//           side) at its own position, its bits unchanged (truncated to WIDTH), and the segments
//           above a word's last beat are zero
//   live    ready whenever selected and the beat does not complete a word, or the sink is ready;
//           a buffered watched beat leaves after at most NB-1-pos more beats offered with the sink ready
//   ctl     `overflow` exactly for the words of a packet past DEPTH (a reference count, restarted on tlast)

    `include "swm_formal_reset.vh"
    `include "swm_formal_source.vh"

    // ---- environment: the select held while a selected beat waits --------------------------------
    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && $past(s_axis_tvalid && !s_axis_tready && selected)) begin
            assume(sel == $past(sel));
        end
    end

    wire f_in_fire  = s_axis_tvalid && s_axis_tready && !rst;
    wire f_out_fire = m_axis_tvalid && m_axis_tready && !rst;

    // ---- reference: beat position in the word, words completed, words of the packet -------------
    reg  [BW-1:0] f_beat = {BW{1'b0}};
    reg  [7:0]    f_words_in = 8'd0;
    reg  [7:0]    f_words_out = 8'd0;
    reg  [7:0]    f_in_cnt = 8'd0;       // accepted beats, saturating at 255
    wire          f_ref_end = (f_beat == NB_LAST) || s_axis_tlast;
    localparam integer F_PW = CWD + 1;
    reg  [F_PW-1:0] f_pkt = {F_PW{1'b0}};   // words of this packet sent, saturating at DEPTH
    always @(posedge clk) begin
        if (rst) begin
            f_beat      <= {BW{1'b0}};
            f_words_in  <= 8'd0;
            f_words_out <= 8'd0;
            f_in_cnt    <= 8'd0;
            f_pkt       <= {F_PW{1'b0}};
        end else begin
            if (f_in_fire) begin
                f_beat <= f_ref_end ? {BW{1'b0}} : f_beat + {{(BW-1){1'b0}}, 1'b1};
                f_words_in <= f_words_in + {7'd0, f_ref_end};
                if (f_in_cnt != 8'd255) begin
                    f_in_cnt <= f_in_cnt + 8'd1;
                end
            end
            f_words_out <= f_words_out + {7'd0, f_out_fire};
            if (f_out_fire) begin
                f_pkt <= m_axis_tlast ? {F_PW{1'b0}} : (f_pkt == DEPTH) ? f_pkt : f_pkt + 1'b1;
            end
        end
    end

    // ---- one watched beat (anyconst index among the accepted beats) --------------------------------
    (* anyconst *) reg [7:0] f_index;
    always @(*) begin
        assume(f_index != 8'd255);
    end
    reg  [31:0]   f_data;
    reg  [BW-1:0] f_pos;
    reg  [7:0]    f_word;     // the index of its word, from the input side
    reg           f_done = 1'b0;
    wire          f_take = f_in_fire && f_in_cnt == f_index;
    wire          f_seen = (f_in_cnt > f_index);
    wire          f_buffered = f_seen && !f_done;
    // its word leaves now: it is buffered, or it is the beat completing the word
    wire          f_leaving = f_out_fire && (f_buffered || f_take);
    always @(posedge clk) begin
        if (rst) begin
            f_done <= 1'b0;
        end else begin
            if (f_take) begin
                f_data <= s_axis_tdata;
                f_pos  <= f_beat;
                f_word <= f_words_in;
            end
            if (f_leaving) begin
                f_done <= 1'b1;
            end
        end
    end
    wire [BW-1:0]    f_pos_now  = f_take ? f_beat : f_pos;
    wire [31:0]      f_data_now = f_take ? s_axis_tdata : f_data;
    wire [7:0]       f_word_now = f_take ? f_words_in : f_word;
    wire [NB*32-1:0] f_out  = {{(NB*32-WIDTH){1'b0}}, m_axis_tdata};
    wire [NB*32-1:0] f_mask = {{((NB-1)*32){1'b0}}, 32'hffff_ffff} << (f_pos_now * 32);
    wire [NB*32-1:0] f_exp  = {{((NB-1)*32){1'b0}}, f_data_now} << (f_pos_now * 32);
    wire [NB*32-1:0] f_mask_w = {{(NB*32-WIDTH){1'b0}}, {WIDTH{1'b1}}};
    wire [NB*32-1:0] f_word_reg_mask = {{((NB-1)*32){1'b0}}, 32'hffff_ffff} << (f_pos * 32);
    wire [NB*32-1:0] f_word_reg_exp  = {{((NB-1)*32){1'b0}}, f_data} << (f_pos * 32);
    // segments above the current beat (zero in an output word)
    wire [NB*32-1:0] f_above = ~(({{(NB*32-1){1'b0}}, 1'b1} << ((f_beat + 1) * 32)) - 1);

    // sink-ready offers while the watched beat is buffered (saturating)
    reg [2:0] f_opp = 3'd0;
    always @(posedge clk) begin
        if (rst || !f_buffered || f_leaving) begin
            f_opp <= 3'd0;
        end else if (selected && s_axis_tvalid && m_axis_tready && f_opp != 3'd7) begin
            f_opp <= f_opp + 3'd1;
        end
    end

    // ---- interface -----------------------------------------------------------------------------
    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            iface_no_word_after_reset_without_last: assert(!m_axis_tvalid || m_axis_tlast);
        end
        if (f_past_valid && !$past(rst) && $past(m_axis_tvalid && !m_axis_tready)) begin
            iface_valid_held: assert(m_axis_tvalid);
            iface_data_stable: assert(m_axis_tdata == $past(m_axis_tdata));
            iface_last_stable: assert(m_axis_tlast == $past(m_axis_tlast));
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            iface_valid_with_beat: assert(!m_axis_tvalid || (selected && s_axis_tvalid));
            // framing
            frame_beat_bounded: assert(beat_reg <= NB_LAST);
            if (selected && s_axis_tvalid) begin
                frame_word_end: assert(m_axis_tvalid == f_ref_end);
            end
            if (m_axis_tvalid) begin
                frame_last_of_beat: assert(m_axis_tlast == s_axis_tlast);
            end
            // conservation
            cons_position: assert(beat_reg == f_beat);
            cons_words: assert(f_words_out == f_words_in);
            if (f_buffered) begin
                cons_watched_buffered: assert(f_word == f_words_out && f_pos < f_beat
                                              && (word_reg & f_word_reg_mask) == f_word_reg_exp);
            end
            if (f_leaving) begin
                cons_watched_leaves_in_its_word: assert(f_words_out == f_word_now);
                cons_watched_leaves_unchanged: assert((f_out & f_mask & f_mask_w) == (f_exp & f_mask_w));
            end
            if (m_axis_tvalid) begin
                cons_zero_above_last_beat: assert((f_out & f_above) == {(NB*32){1'b0}});
            end
            // no deadlock
            if (selected && (!f_ref_end || m_axis_tready)) begin
                live_ready: assert(s_axis_tready);
            end
            if (f_buffered) begin
                // offers with the sink ready each took a beat: at most NB-1-pos before the word leaves
                live_watched_within_bound: assert({1'b0, f_opp} + {2'b0, f_pos} + 4'd1 <= {2'b0, beat_reg});
            end
            // control
            ctl_overflow_exact: assert(overflow == (f_out_fire && f_pkt == DEPTH));
        end
    end

    generate
        if (DEPTH > 0) begin : g_f_check
            always @(*) begin
                if (f_past_valid && !rst) begin
                    ctl_count_follows: assert({1'b0, g_check.words_reg} == f_pkt && f_pkt <= DEPTH);
                end
            end
        end
    endgenerate

    // ---- reachability: a word ended early by tlast, a full word stalled then sent, an overflow -------
    always @(*) begin
        if (f_past_valid && !rst) begin
            cover(f_out_fire && m_axis_tlast && beat_reg == 1);
            cover(f_leaving && f_pos == 1 && f_index == 4);
            cover(overflow);
            cover(f_past_valid && m_axis_tvalid && !m_axis_tready && beat_reg == NB_LAST);
        end
    end
