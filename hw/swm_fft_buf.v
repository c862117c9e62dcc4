// SPDX-License-Identifier: Apache-2.0
// swm_fft_buf: multi-bank (ping-pong) block buffer between FFT stages, block-level handshake.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// A buffer of NB banks of K complex words. The producer reserves a bank when it starts a block
// (wr_reserve, allowed while wr_can_reserve), writes it with up to two words per cycle and
// commits it with its last write (wr_commit, wr_tag). Banks are written and read in order, so
// the write bank is always the oldest reserved, uncommitted one. The consumer sees a committed
// bank (rd_avail, rd_tag), reads it combinationally at any addresses and frees it (rd_release).
module swm_fft_buf #(
    // words per bank (block size), power of two
    parameter K = 16,
    // width of one word (a complex {re, im} word is 2*component width)
    parameter W = 36,
    // number of banks (2 = ping-pong, 3 where the consumer is slower than a block time)
    parameter NB = 2
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

// bank index bits
localparam BW = (NB > 2) ? 2 : 1;
// bank count and last bank index at their register widths
localparam integer NB_I = NB;
localparam integer LAST_I = NB - 1;
localparam [1:0] NB_C = NB_I[1:0];
localparam [1:0] LAST_C = LAST_I[1:0];
localparam [BW-1:0] LAST_BANK = LAST_C[BW-1:0];

initial begin
    if (K < 2 || (K & (K - 1)) != 0) begin
        $error("swm_fft_buf: K (%0d) must be a power of two >= 2", K);
        $finish;
    end
    if (NB < 2 || NB > 3) begin
        $error("swm_fft_buf: NB (%0d) must be 2 or 3", NB);
        $finish;
    end
end

reg [W-1:0] mem [0:NB*K-1];

// banks reserved by the producer and not yet released by the consumer
reg [1:0] used_reg, used_next;
// banks committed and not yet released
reg [1:0] filled_reg, filled_next;
// bank being written (oldest uncommitted) and bank being read (oldest committed)
reg [BW-1:0] wbank_reg, wbank_next;
reg [BW-1:0] rbank_reg, rbank_next;
reg [NB-1:0] tag_reg, tag_next;

assign wr_can_reserve = used_reg != NB_C;
assign rd_avail = filled_reg != 2'd0;
assign rd_tag = tag_reg[rbank_reg];
assign rd_data0 = mem[{rbank_reg, rd_addr0}];
assign rd_data1 = mem[{rbank_reg, rd_addr1}];

function [BW-1:0] bank_inc(input [BW-1:0] b);
    bank_inc = (b == LAST_BANK) ? {BW{1'b0}} : b + 1'b1;
endfunction

always @* begin
    used_next = used_reg + {1'b0, wr_reserve} - {1'b0, rd_release};
    filled_next = filled_reg + {1'b0, wr_commit} - {1'b0, rd_release};
    wbank_next = wr_commit ? bank_inc(wbank_reg) : wbank_reg;
    rbank_next = rd_release ? bank_inc(rbank_reg) : rbank_reg;
    tag_next = tag_reg;
    if (wr_commit) begin
        tag_next[wbank_reg] = wr_tag;
    end
end

always @(posedge clk) begin
    used_reg <= used_next;
    filled_reg <= filled_next;
    wbank_reg <= wbank_next;
    rbank_reg <= rbank_next;
    tag_reg <= tag_next;
    if (rst) begin
        used_reg <= 2'd0;
        filled_reg <= 2'd0;
        wbank_reg <= {BW{1'b0}};
        rbank_reg <= {BW{1'b0}};
        tag_reg <= {NB{1'b0}};
    end
end

always @(posedge clk) begin
    if (wr_en0) begin
        mem[{wbank_reg, wr_addr0}] <= wr_data0;
    end
    if (wr_en1) begin
        mem[{wbank_reg, wr_addr1}] <= wr_data1;
    end
end

endmodule

`resetall
