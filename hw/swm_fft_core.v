// SPDX-License-Identifier: Apache-2.0
// swm_fft_core: block-pipelined radix-2 DIF FFT network, buffer 0 -> log2(K) stages -> buffer L.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Buffer 0 is written by the caller's front end (natural order, complex words of IW0 bits per
// component), stage s reads buffer s and writes buffer s+1, and the caller's back end reads the
// bit-reversed result from buffer L (FW bits per component). Every buffer is a swm_fft_buf with
// block-level reserve/commit/release handshakes, so each stage runs a block (K/2 cycles) only
// when its input is complete and its output bank is free: nothing stalls inside a block.
//
// Each buffer is two RAMs with one write and one registered read port; a word goes to the RAM
// given by the parity of its address bits in the buffer's bank mask, chosen so that the two
// words written and the two words read in one cycle are always in different RAMs:
//   buffer 0: the MSB (stage 0 reads z[n], z[n+K/2]; the irfft front end writes Y[m], Y[K-m],
//             and Y[0], Y[K/2], which also differ in the MSB);
//   buffer s+1, s < L-1: bits L-1-s and L-2-s (stage s writes pairs differing in bit L-1-s,
//             stage s+1 reads pairs differing in bit L-2-s);
//   buffer L: bit 0 (stage L-1 writes pairs differing in bit 0; the back end reads one word,
//             or words 0 and 1).
// Reads are registered: out_data0/1 are the words of the addresses of the previous cycle.
module swm_fft_core #(
    // block size, power of two 4..64
    parameter integer K = 16,
    // component width of buffer 0 (the stage-0 butterfly input)
    parameter integer IW0 = 18,
    // component width of every stage output
    parameter integer FW = 18,
    // twiddle width
    parameter integer TW = 16,
    // rounding mode: 0 half_up, 1 convergent
    parameter integer ROUND_MODE = 0,
    // stage scaling mask, bit s = stage s halves
    parameter integer SCALE = 15,
    // 1: conjugate twiddles (inverse transform)
    parameter integer INVERSE = 0,
    // banks of the output buffer (2, or 3 when the back end needs K cycles per block and K is small)
    parameter integer NB_OUT = 2,
    // $readmemh twiddle ROM of (K, TW), K/2 words {wr, wi}: hw/rom/swm_twiddle_k<K>_tw<TW>.hex
    parameter TWIDDLE_FILE = "hw/rom/swm_twiddle_k16_tw16.hex"
) (
    input  wire                 clk,
    input  wire                 rst,

    // buffer 0, producer side
    output wire                 in_can_reserve,
    input  wire                 in_reserve,
    input  wire                 in_en0,
    input  wire [$clog2(K)-1:0] in_addr0,
    input  wire [2*IW0-1:0]     in_data0,
    input  wire                 in_en1,
    input  wire [$clog2(K)-1:0] in_addr1,
    input  wire [2*IW0-1:0]     in_data1,
    input  wire                 in_commit,
    input  wire                 in_tag,

    // buffer L, consumer side
    output wire                 out_avail,
    output wire                 out_tag,
    input  wire [$clog2(K)-1:0] out_addr0,
    output wire [2*FW-1:0]      out_data0,
    input  wire [$clog2(K)-1:0] out_addr1,
    output wire [2*FW-1:0]      out_data1,
    input  wire                 out_release
);

// stages
localparam integer L = $clog2(K);
// address width
localparam integer AW = L;

initial begin
    if (K < 4 || K > 64 || (K & (K - 1)) != 0) begin
        $error("%m: K = %0d must be a power of two in 4..64", K);
        $finish;
    end
    if (NB_OUT < 2 || NB_OUT > 3) begin
        $error("%m: NB_OUT = %0d must be 2 or 3", NB_OUT);
        $finish;
    end
end

// buffer 0 read side
wire                 b0_avail, b0_tag, b0_release;
wire [AW-1:0]        b0_raddr0, b0_raddr1;
wire [2*IW0-1:0]     b0_rdata0, b0_rdata1;

swm_fft_buf #(.K(K), .W(2 * IW0), .NB(2), .BANK_MASK(1 << (L - 1))) u_buf0 (
    .clk(clk), .rst(rst),
    .wr_can_reserve(in_can_reserve), .wr_reserve(in_reserve),
    .wr_en0(in_en0), .wr_addr0(in_addr0), .wr_data0(in_data0),
    .wr_en1(in_en1), .wr_addr1(in_addr1), .wr_data1(in_data1),
    .wr_commit(in_commit), .wr_tag(in_tag),
    .rd_avail(b0_avail), .rd_tag(b0_tag),
    .rd_addr0(b0_raddr0), .rd_data0(b0_rdata0),
    .rd_addr1(b0_raddr1), .rd_data1(b0_rdata1),
    .rd_release(b0_release)
);

// link s = buffer s+1: write side driven by stage s, read side by stage s+1 (or the back end)
wire [L-1:0]      lk_can_reserve, lk_reserve, lk_en, lk_commit, lk_wtag;
wire [L*AW-1:0]   lk_waddr0, lk_waddr1;
wire [L*2*FW-1:0] lk_wdata0, lk_wdata1;
wire [L-1:0]      lk_avail, lk_rtag, lk_release;
wire [L*AW-1:0]   lk_raddr0, lk_raddr1;
wire [L*2*FW-1:0] lk_rdata0, lk_rdata1;

genvar s;
generate
    for (s = 0; s < L; s = s + 1) begin : g_stage
        if (s == 0) begin : g_first
            swm_fft_stage #(
                .K(K), .STAGE(0), .IW(IW0), .FW(FW), .TW(TW), .ROUND_MODE(ROUND_MODE),
                .SCALE((SCALE >> s) & 1), .INVERSE(INVERSE), .TWIDDLE_FILE(TWIDDLE_FILE)
            ) u_stage (
                .clk(clk), .rst(rst),
                .src_avail(b0_avail), .src_tag(b0_tag),
                .src_addr0(b0_raddr0), .src_data0(b0_rdata0),
                .src_addr1(b0_raddr1), .src_data1(b0_rdata1),
                .src_release(b0_release),
                .dst_can_reserve(lk_can_reserve[s]), .dst_reserve(lk_reserve[s]), .dst_en(lk_en[s]),
                .dst_addr0(lk_waddr0[s*AW +: AW]), .dst_data0(lk_wdata0[s*2*FW +: 2*FW]),
                .dst_addr1(lk_waddr1[s*AW +: AW]), .dst_data1(lk_wdata1[s*2*FW +: 2*FW]),
                .dst_commit(lk_commit[s]), .dst_tag(lk_wtag[s])
            );
        end else begin : g_next
            swm_fft_stage #(
                .K(K), .STAGE(s), .IW(FW), .FW(FW), .TW(TW), .ROUND_MODE(ROUND_MODE),
                .SCALE((SCALE >> s) & 1), .INVERSE(INVERSE), .TWIDDLE_FILE(TWIDDLE_FILE)
            ) u_stage (
                .clk(clk), .rst(rst),
                .src_avail(lk_avail[s-1]), .src_tag(lk_rtag[s-1]),
                .src_addr0(lk_raddr0[(s-1)*AW +: AW]), .src_data0(lk_rdata0[(s-1)*2*FW +: 2*FW]),
                .src_addr1(lk_raddr1[(s-1)*AW +: AW]), .src_data1(lk_rdata1[(s-1)*2*FW +: 2*FW]),
                .src_release(lk_release[s-1]),
                .dst_can_reserve(lk_can_reserve[s]), .dst_reserve(lk_reserve[s]), .dst_en(lk_en[s]),
                .dst_addr0(lk_waddr0[s*AW +: AW]), .dst_data0(lk_wdata0[s*2*FW +: 2*FW]),
                .dst_addr1(lk_waddr1[s*AW +: AW]), .dst_data1(lk_wdata1[s*2*FW +: 2*FW]),
                .dst_commit(lk_commit[s]), .dst_tag(lk_wtag[s])
            );
        end

        swm_fft_buf #(
            .K(K), .W(2 * FW), .NB((s == L - 1) ? NB_OUT : 2),
            .BANK_MASK((s == L - 1) ? 1 : ((1 << (L - 1 - s)) | (1 << (L - 2 - s))))
        ) u_buf (
            .clk(clk), .rst(rst),
            .wr_can_reserve(lk_can_reserve[s]), .wr_reserve(lk_reserve[s]),
            .wr_en0(lk_en[s]), .wr_addr0(lk_waddr0[s*AW +: AW]), .wr_data0(lk_wdata0[s*2*FW +: 2*FW]),
            .wr_en1(lk_en[s]), .wr_addr1(lk_waddr1[s*AW +: AW]), .wr_data1(lk_wdata1[s*2*FW +: 2*FW]),
            .wr_commit(lk_commit[s]), .wr_tag(lk_wtag[s]),
            .rd_avail(lk_avail[s]), .rd_tag(lk_rtag[s]),
            .rd_addr0(lk_raddr0[s*AW +: AW]), .rd_data0(lk_rdata0[s*2*FW +: 2*FW]),
            .rd_addr1(lk_raddr1[s*AW +: AW]), .rd_data1(lk_rdata1[s*2*FW +: 2*FW]),
            .rd_release(lk_release[s])
        );
    end
endgenerate

// back end reads the last buffer
assign out_avail = lk_avail[L-1];
assign out_tag = lk_rtag[L-1];
assign lk_raddr0[(L-1)*AW +: AW] = out_addr0;
assign lk_raddr1[(L-1)*AW +: AW] = out_addr1;
assign out_data0 = lk_rdata0[(L-1)*2*FW +: 2*FW];
assign out_data1 = lk_rdata1[(L-1)*2*FW +: 2*FW];
assign lk_release[L-1] = out_release;

`ifdef FORMAL
// SymbiYosys only (make formal): the properties live in verif/formal/swm_fft_core/
`include "swm_fft_core_props.vh"
`endif

endmodule

`resetall
