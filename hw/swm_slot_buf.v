// SPDX-License-Identifier: Apache-2.0
// swm_slot_buf: double- (or triple-) buffered spectrum-slot memory of LANES lanes (X and Y buffers).

`resetall
`timescale 1ns / 1ps
`default_nettype none

// NB halves (banks, 2 or 3) of DEPTH words; a word holds LANES slots of W bits, slot i of a half
// lives in lane i % LANES at word i / LANES, so one word feeds all LANES MAC lanes in one cycle.
// The halves follow the bank protocol of swm_bank_ctrl (reserve / commit / release, in order). Writes go
// to the half being filled and reads to the oldest full half; each port is either slot-wide
// (one slot by slot index) or word-wide (LANES slots by word index):
//   WR_SLOT = 1: wr_data[W-1:0] is written to slot wr_idx;  0: wr_data (LANES slots) to word wr_idx.
//   RD_SLOT = 1: rd_data (one slot) = slot rd_idx, combinational (small buffers: flip-flops);
//            0: rd_data (LANES slots) = word rd_idx, registered (synchronous read: maps to RAM).
module swm_slot_buf #(
    // slots per word (memory lanes), power of two >= 1
    parameter integer LANES = 2,
    // bits per slot
    parameter integer W = 36,
    // words per half
    parameter integer DEPTH = 4,
    // number of halves (banks): 2, or 3 where a half is held longer than two producer periods
    parameter integer NB = 2,
    // write port: 1 = one slot by slot index, 0 = one word by word index
    parameter integer WR_SLOT = 1,
    // read port: 1 = one slot by slot index (combinational), 0 = one word by word index (registered)
    parameter integer RD_SLOT = 0
) (
    input  wire                                              clk,
    input  wire                                              rst,

    // half protocol (swm_bank_ctrl)
    output wire                                              wr_can_reserve,
    input  wire                                              wr_reserve,
    input  wire                                              wr_commit,
    output wire                                              rd_avail,
    input  wire                                              rd_release,

    // write port (the half being filled)
    input  wire                                              wr_en,
    // slot index (WR_SLOT = 1) or word index (WR_SLOT = 0)
    input  wire [(WR_SLOT != 0 ? ((DEPTH * LANES > 1) ? $clog2(DEPTH * LANES) : 1)
                               : ((DEPTH > 1) ? $clog2(DEPTH) : 1))-1:0] wr_idx,
    input  wire [(WR_SLOT != 0 ? W : LANES*W)-1:0]           wr_data,

    // read port (the oldest full half)
    // slot index (RD_SLOT = 1) or word index (RD_SLOT = 0)
    input  wire [(RD_SLOT != 0 ? ((DEPTH * LANES > 1) ? $clog2(DEPTH * LANES) : 1)
                               : ((DEPTH > 1) ? $clog2(DEPTH) : 1))-1:0] rd_idx,
    output wire [(RD_SLOT != 0 ? W : LANES*W)-1:0]           rd_data
);

    // lane-select bits, word-index and slot-index widths, memory address width
    localparam integer LOG_L = $clog2(LANES);
    localparam integer WIW   = (DEPTH > 1) ? $clog2(DEPTH) : 1;
    localparam integer SIW   = (DEPTH * LANES > 1) ? $clog2(DEPTH * LANES) : 1;
    localparam integer MAW   = $clog2(NB * DEPTH);
    localparam integer BW    = $clog2(NB);
    localparam integer DEPTH_I = DEPTH;
    localparam [MAW-1:0] DEPTH_C = DEPTH_I[MAW-1:0];

    initial begin
        if (LANES < 1 || (LANES & (LANES - 1)) != 0) begin
            $error("%m: LANES = %0d must be a power of two >= 1", LANES);
            $finish;
        end
        if (NB < 2 || NB > 3) begin
            $error("%m: NB = %0d must be 2 or 3", NB);
            $finish;
        end
        if ((WR_SLOT != 0 && WR_SLOT != 1) || (RD_SLOT != 0 && RD_SLOT != 1)) begin
            $error("%m: WR_SLOT = %0d and RD_SLOT = %0d must be 0 or 1", WR_SLOT, RD_SLOT);
            $finish;
        end
    end

    wire [BW-1:0] wr_half;
    wire [BW-1:0] rd_half;
    /* verilator lint_off UNUSEDSIGNAL */
    wire rd_tag_unused;
    /* verilator lint_on UNUSEDSIGNAL */

    swm_bank_ctrl #(.NB(NB), .TAG_W(1)) u_ctrl (
        .clk(clk), .rst(rst),
        .wr_can_reserve(wr_can_reserve), .wr_reserve(wr_reserve), .wr_commit(wr_commit),
        .wr_tag(1'b0), .wr_bank(wr_half),
        .rd_avail(rd_avail), .rd_tag(rd_tag_unused), .rd_bank(rd_half), .rd_release(rd_release)
    );

    // word index and lane of each port
    wire [WIW-1:0] wr_word;
    wire [WIW-1:0] rd_word;
    wire [LANES-1:0] wr_lane_en;

    generate
        if (WR_SLOT != 0 && LANES > 1 && DEPTH > 1) begin : g_wr_slot
            assign wr_word = wr_idx[SIW-1:LOG_L];
            assign wr_lane_en = {{(LANES-1){1'b0}}, 1'b1} << wr_idx[LOG_L-1:0];
        end else if (WR_SLOT != 0 && LANES > 1) begin : g_wr_slot1
            // one word per half: the slot index is the lane
            assign wr_word = 1'b0;
            assign wr_lane_en = {{(LANES-1){1'b0}}, 1'b1} << wr_idx;
        end else begin : g_wr_word
            assign wr_word = wr_idx[WIW-1:0];
            assign wr_lane_en = {LANES{1'b1}};
        end
        if (RD_SLOT != 0 && LANES > 1 && DEPTH > 1) begin : g_rd_slot
            assign rd_word = rd_idx[SIW-1:LOG_L];
        end else if (RD_SLOT != 0 && LANES > 1) begin : g_rd_slot1
            assign rd_word = 1'b0;
        end else begin : g_rd_word
            assign rd_word = rd_idx[WIW-1:0];
        end
    endgenerate

    // half h starts at word h * DEPTH
    localparam [BW-1:0] HALF1 = 1;
    wire [MAW-1:0] wr_base = (wr_half == {BW{1'b0}}) ? {MAW{1'b0}} : (wr_half == HALF1) ? DEPTH_C : DEPTH_C << 1;
    wire [MAW-1:0] rd_base = (rd_half == {BW{1'b0}}) ? {MAW{1'b0}} : (rd_half == HALF1) ? DEPTH_C : DEPTH_C << 1;
    wire [MAW-1:0] wr_addr = wr_base + {{(MAW-WIW){1'b0}}, wr_word};
    wire [MAW-1:0] rd_addr = rd_base + {{(MAW-WIW){1'b0}}, rd_word};
    wire [LANES*W-1:0] rd_word_data;

    genvar l;
    generate
        for (l = 0; l < LANES; l = l + 1) begin : g_lane
            wire [W-1:0] wr_lane_data;
            if (WR_SLOT != 0) begin : g_wd_slot
                assign wr_lane_data = wr_data[W-1:0];
            end else begin : g_wd_word
                assign wr_lane_data = wr_data[l*W +: W];
            end
            if (RD_SLOT != 0) begin : g_comb
                // combinational slot reads (the small Y buffer): flip-flops
                reg [W-1:0] mem [0:NB*DEPTH-1];
                always @(posedge clk) begin
                    if (wr_en && wr_lane_en[l]) begin
                        mem[wr_addr] <= wr_lane_data;
                    end
                end
                assign rd_word_data[l*W +: W] = mem[rd_addr];
            end else begin : g_reg
                // registered word reads (the X buffer): one RAM per lane, the SRAM macro of
                // make asic MEM=macro (read every cycle; read-during-write returns the old word)
                swm_sram_1r1w #(.WIDTH(W), .DEPTH(NB * DEPTH), .AW(MAW)) u_sram (
                    .clk(clk), .we(wr_en && wr_lane_en[l]), .waddr(wr_addr), .wdata(wr_lane_data),
                    .re(1'b1), .raddr(rd_addr), .rdata(rd_word_data[l*W +: W])
                );
            end
        end

        if (RD_SLOT != 0 && LANES > 1) begin : g_rd_mux
            // the lane of the slot read is selected after the memory (a mux over constant part
            // selects: an index times W would be a multiplier that FPGA synthesis puts in a DSP)
            reg [W-1:0] rd_sel;
            integer i;
            always @(*) begin
                rd_sel = rd_word_data[W-1:0];
                for (i = 1; i < LANES; i = i + 1) begin
                    if ({{(32-LOG_L){1'b0}}, rd_idx[LOG_L-1:0]} == i) begin
                        rd_sel = rd_word_data[i*W +: W];
                    end
                end
            end
            assign rd_data = rd_sel;
        end else begin : g_rd_all
            assign rd_data = rd_word_data;
        end
    endgenerate

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_slot_buf/
    `include "swm_slot_buf_props.vh"
`endif

endmodule

`resetall
