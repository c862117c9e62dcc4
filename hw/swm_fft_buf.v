// SPDX-License-Identifier: Apache-2.0
// swm_fft_buf: multi-bank (ping-pong) block buffer between FFT stages, two RAMs, registered reads.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// A buffer of NB banks of K complex words with the reserve/commit/release handshake of
// swm_bank_ctrl: the producer reserves a bank when it starts a block (wr_reserve, allowed while
// wr_can_reserve), writes it with up to two words per cycle and commits it with its last write
// (wr_commit, wr_tag); the consumer sees the oldest committed bank (rd_avail, rd_tag), reads it
// two words per cycle and frees it (rd_release).
//
// Storage: two simple dual-port memories (one write port, one registered read port each), so
// the buffer maps to distributed or block RAM. Word a of a bank lives in memory ^(a & BANK_MASK)
// at row a with bit HB removed (HB = highest bit of BANK_MASK). The caller guarantees that the
// two words written in one cycle, and the two words read in one cycle, lie in different memories
// (e.g. a pair differing in exactly one bit of BANK_MASK); simulation stops on a violation.
// Reads are synchronous: rd_data0/1 are the words at rd_addr0/1 of the bank read one cycle
// earlier (rd_release in that cycle does not affect them).
module swm_fft_buf #(
    // words per bank (block size), power of two 4..64
    parameter integer K = 16,
    // width of one word (a complex {re, im} word is 2*component width)
    parameter integer W = 36,
    // number of banks (2 = ping-pong, 3 where the consumer is slower than a block time)
    parameter integer NB = 2,
    // word-address bits whose parity selects the memory of a word (nonzero, below K)
    parameter integer BANK_MASK = 1
) (
    input  wire                 clk,
    input  wire                 rst,

    // producer side
    output wire                 wr_can_reserve,
    input  wire                 wr_reserve,
    input  wire                 wr_en0,
    input  wire [$clog2(K)-1:0] wr_addr0,
    input  wire [W-1:0]         wr_data0,
    input  wire                 wr_en1,
    input  wire [$clog2(K)-1:0] wr_addr1,
    input  wire [W-1:0]         wr_data1,
    input  wire                 wr_commit,
    input  wire                 wr_tag,

    // consumer side
    output wire                 rd_avail,
    output wire                 rd_tag,
    input  wire [$clog2(K)-1:0] rd_addr0,
    output wire [W-1:0]         rd_data0,
    input  wire [$clog2(K)-1:0] rd_addr1,
    output wire [W-1:0]         rd_data1,
    input  wire                 rd_release
);

    // word-address bits, row-address bits inside one memory and bank-index bits
    localparam integer L = $clog2(K);
    localparam integer RW = L - 1;
    localparam integer BW = $clog2(NB);
    // words per memory
    localparam integer DEPTH = NB * K / 2;
    // address bit dropped from the row address (the highest bit of BANK_MASK)
    localparam integer HB = $clog2(BANK_MASK + 1) - 1;
    localparam [L-1:0] MASK = BANK_MASK[L-1:0];

    initial begin
        if (K < 4 || K > 64 || (K & (K - 1)) != 0) begin
            $error("%m: K = %0d must be a power of two in 4..64", K);
            $finish;
        end
        if (NB < 2 || NB > 3) begin
            $error("%m: NB = %0d must be 2 or 3", NB);
            $finish;
        end
        if (BANK_MASK < 1 || BANK_MASK >= K) begin
            $error("%m: BANK_MASK = %0d must be a nonzero log2(K)-bit mask", BANK_MASK);
            $finish;
        end
    end

    // memory of word address a
    function sel_of(input [L-1:0] a);
        sel_of = ^(a & MASK);
    endfunction

    // row of word address a inside its memory: a without bit HB
    function [RW-1:0] row_of(input [L-1:0] a);
        integer i;
        begin
            for (i = 0; i < RW; i = i + 1) begin
                row_of[i] = (i < HB) ? a[i] : a[i+1];
            end
        end
    endfunction

    wire [BW-1:0] wr_bank, rd_bank;

    swm_bank_ctrl #(.NB(NB), .TAG_W(1)) u_ctrl (
        .clk(clk), .rst(rst),
        .wr_can_reserve(wr_can_reserve), .wr_reserve(wr_reserve),
        .wr_commit(wr_commit), .wr_tag(wr_tag), .wr_bank(wr_bank),
        .rd_avail(rd_avail), .rd_tag(rd_tag), .rd_bank(rd_bank),
        .rd_release(rd_release)
    );

    wire wr_sel0 = sel_of(wr_addr0);
    wire wr_sel1 = sel_of(wr_addr1);
    wire rd_sel0 = sel_of(rd_addr0);
    wire rd_sel1 = sel_of(rd_addr1);

    // memory of read port 0 in the previous cycle (routes the registered read words)
    reg rd_sel0_reg;
    always @(posedge clk) begin
        rd_sel0_reg <= rd_sel0;
    end

    // registered read words of memories 0 and 1
    wire [2*W-1:0] q;

    genvar m;
    generate
        for (m = 0; m < 2; m = m + 1) begin : g_mem
            // this memory's index
            localparam [0:0] M = (m == 1) ? 1'b1 : 1'b0;

            reg [W-1:0] mem [0:DEPTH-1];
            reg [W-1:0] q_reg;

            // port 0 writes here when its word belongs here, else port 1 does
            wire           w_port0 = wr_en0 && (wr_sel0 == M);
            wire           we      = w_port0 || (wr_en1 && (wr_sel1 == M));
            wire [RW-1:0]  w_row   = w_port0 ? row_of(wr_addr0) : row_of(wr_addr1);
            wire [W-1:0]   w_data  = w_port0 ? wr_data0 : wr_data1;
            wire [RW-1:0]  r_row   = (rd_sel0 == M) ? row_of(rd_addr0) : row_of(rd_addr1);

            always @(posedge clk) begin
                if (we) begin
                    mem[{wr_bank, w_row}] <= w_data;
                end
                q_reg <= mem[{rd_bank, r_row}];
            end

            assign q[m*W +: W] = q_reg;
        end
    endgenerate

    assign rd_data0 = rd_sel0_reg ? q[2*W-1:W] : q[W-1:0];
    assign rd_data1 = rd_sel0_reg ? q[W-1:0] : q[2*W-1:W];

`ifndef SYNTHESIS
    // two words of one cycle in the same memory: the caller broke the bank rule
    always @(posedge clk) begin
        if (!rst) begin
            if (wr_en0 && wr_en1 && (wr_sel0 == wr_sel1)) begin
                $fatal(1, "%m: write addresses %0d and %0d fall in the same memory", wr_addr0, wr_addr1);
            end
            if (rd_avail && (rd_sel0 == rd_sel1)) begin
                $fatal(1, "%m: read addresses %0d and %0d fall in the same memory", rd_addr0, rd_addr1);
            end
        end
    end
`endif

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_fft_buf/
    `include "swm_fft_buf_props.vh"
`endif

endmodule

`resetall
