// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_slot_buf.v, included by it under `ifdef FORMAL (SymbiYosys only): the
// slot addressing of the halves. The half protocol itself (wr_half, rd_half, wr_can_reserve,
// rd_avail) is swm_bank_ctrl's, proved in its own job.
//
// Environment: reset in the first cycle; every input free (the properties hold for any caller).
// Watched: one half f_b and one slot f_i (anyconst); f_data = the last slot value written to slot f_i
// while half f_b was the write half (slot write: wr_idx = f_i; word write: its lane of word f_i / LANES).
// Properties (assertions, labelled group_what):
//   func    a read of slot f_i of half f_b returns f_data: RD_SLOT = 1 rd_data (combinational) when
//           rd_idx = f_i; RD_SLOT = 0 lane f_i % LANES of rd_data (registered) one cycle after
//           rd_idx = f_i / LANES; for the flip-flop memory (RD_SLOT = 1) with the word of half f_b,
//           lane f_i % LANES, holding f_data as the invariant (k-induction); the registered RAM is
//           not visible to the properties (bounded)

    `include "swm_formal_reset.vh"

    localparam integer F_SLOTS = DEPTH * LANES;
    (* anyconst *) reg [BW-1:0]  f_b;
    (* anyconst *) reg [SIW-1:0] f_i;
    wire [WIW-1:0]   f_word = (LANES > 1) ? f_i / LANES : f_i[WIW-1:0];
    wire [7:0]       f_lane = f_i % LANES;
    reg  [W-1:0]     f_data;
    reg              f_written = 1'b0;

    always @(*) begin
        assume(f_b < NB && f_i < F_SLOTS);
    end

    // the write of slot f_i of half f_b, and its value
    wire         f_hit;
    wire [W-1:0] f_wval;
    generate
        if (WR_SLOT != 0) begin : g_f_wslot
            assign f_hit  = wr_en && wr_half == f_b && wr_idx == f_i;
            assign f_wval = wr_data[W-1:0];
        end else begin : g_f_wword
            assign f_hit  = wr_en && wr_half == f_b && wr_idx == f_word;
            assign f_wval = wr_data[f_lane * W +: W];
        end
    endgenerate

    always @(posedge clk) begin
        if (f_hit) begin
            f_data    <= f_wval;
            f_written <= 1'b1;
        end
    end

    generate
        if (RD_SLOT != 0) begin : g_f_rslot
            // the flip-flop memory word of half f_b, lane f_i % LANES, holds the watched value
            genvar f_l;
            wire [LANES*W-1:0] f_mem_word;
            for (f_l = 0; f_l < LANES; f_l = f_l + 1) begin : g_f_lane
                assign f_mem_word[f_l * W +: W] = g_lane[f_l].g_comb.mem[f_b * DEPTH + f_word];
            end
            always @(*) begin
                if (f_past_valid && f_written) begin
                    func_memory_holds_slot: assert(f_mem_word[f_lane * W +: W] == f_data);
                end
            end
            always @(*) begin
                if (f_past_valid && f_written && rd_half == f_b && rd_idx == f_i) begin
                    func_read_slot: assert(rd_data == f_data);
                end
                if (f_past_valid && rd_half == f_b && rd_idx == f_i && f_written && f_i == F_SLOTS - 1 && f_b == NB - 1) begin
                    cover(1'b1);
                end
            end
        end else begin : g_f_rword
            // registered: the word addressed in the previous cycle, as it was then
            reg f_asked = 1'b0;
            reg f_asked_written;
            reg [W-1:0] f_asked_data;
            always @(posedge clk) begin
                f_asked         <= rd_half == f_b && rd_idx == f_word;
                f_asked_written <= f_written;
                f_asked_data    <= f_data;
            end
            always @(*) begin
                if (f_past_valid && f_asked && f_asked_written) begin
                    func_read_word: assert(rd_data[f_lane * W +: W] == f_asked_data);
                    cover(f_b == NB - 1 && f_i == F_SLOTS - 1);
                end
            end
        end
    endgenerate
