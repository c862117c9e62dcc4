// SPDX-License-Identifier: Apache-2.0
// swm_rfft: streaming real-input K-point FFT, K real samples in, K/2 packed spectrum slots out.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// docs/datapath.md step 1. Input: blocks of K DW-bit samples in natural order (s_axis_tlast,
// if used, marks sample K-1 of a block; tlast on other samples is ignored). Output: K/2 slots
// {re, im} (FW bits each) in slot order, slot 0 = {Re X[0], Re X[K/2]}, slot m = X[m];
// m_axis_tlast is set on slot K/2-1 of a block whose input sample K-1 carried tlast.
// Throughput 1 sample per clock sustained; any input idles and output backpressure are safe.
module swm_rfft #(
    // block size (FFT points), power of two 4..64
    parameter integer K = 16,
    // input sample width
    parameter integer DW = 16,
    // FFT-domain word width (each of re, im), FW >= DW + 1
    parameter integer FW = 18,
    // twiddle width (TW-2 fraction bits)
    parameter integer TW = 16,
    // rounding mode: 0 half_up, 1 convergent
    parameter integer ROUND_MODE = 0,
    // stage scaling mask (log2(K) bits), bit s set = stage s halves; default all stages
    parameter integer SCALE = K - 1,
    // twiddle ROM of (K, TW), K/2 words {wr, wi}: hw/rom/swm_twiddle_k<K>_tw<TW>.hex (checked)
    parameter TWIDDLE_FILE = "hw/rom/swm_twiddle_k16_tw16.hex"
) (
    input  wire                 clk,
    input  wire                 rst,

    input  wire [DW-1:0]        s_axis_tdata,
    input  wire                 s_axis_tvalid,
    output wire                 s_axis_tready,
    input  wire                 s_axis_tlast,

    output wire [2*FW-1:0]      m_axis_tdata,
    output wire                 m_axis_tvalid,
    input  wire                 m_axis_tready,
    output wire                 m_axis_tlast
);

// stages
localparam integer L = $clog2(K);
// left shift of the input into the FFT word
localparam integer PRE = FW - DW - 1;

initial begin
    if (K < 4 || K > 64 || (K & (K - 1)) != 0) begin
        $error("%m: K = %0d must be a power of two in 4..64", K);
        $finish;
    end
    if (FW < DW + 1) begin
        $error("%m: FW = %0d must be >= DW + 1 = %0d", FW, DW + 1);
        $finish;
    end
    if (TW < 4) begin
        $error("%m: TW = %0d must be >= 4", TW);
        $finish;
    end
    if (ROUND_MODE != 0 && ROUND_MODE != 1) begin
        $error("%m: ROUND_MODE = %0d must be 0 or 1", ROUND_MODE);
        $finish;
    end
    if (SCALE < 0 || SCALE >= K) begin
        $error("%m: SCALE = %0d must be a log2(K)-bit mask", SCALE);
        $finish;
    end
end

// ---- front end: sample n of the block -> buffer 0 word n = (x << PRE, 0) ---------------
reg [L-1:0] in_n_reg;
wire in_can_reserve;
wire in_first = in_n_reg == {L{1'b0}};
wire in_lastw = &in_n_reg;
wire in_fire = s_axis_tvalid && s_axis_tready;
wire [FW-1:0] in_re = {{(FW-DW){s_axis_tdata[DW-1]}}, s_axis_tdata} << PRE;

assign s_axis_tready = !in_first || in_can_reserve;

always @(posedge clk) begin
    if (in_fire) begin
        in_n_reg <= in_n_reg + 1'b1;
    end
    if (rst) begin
        in_n_reg <= {L{1'b0}};
    end
end

// ---- back end: slot m <- bit-reversed buffer L, registered output ----------------------
// Reads of buffer L go through swm_read_skid (read ahead + output and skid registers), which
// sustains one slot per clock under any output backpressure.
reg [L-2:0]     rd_m_reg;
reg             rd_slot0_reg;

wire            out_avail, out_tag;
wire [2*FW-1:0] out_data0, out_data1;
wire            rd_ready;
wire            rd_issue = out_avail && rd_ready;
wire            rd_lastw = &rd_m_reg;
wire [L-1:0]    rd_m_ext = {1'b0, rd_m_reg};
reg  [L-1:0]    out_addr0;

integer i;
always @* begin
    for (i = 0; i < L; i = i + 1) begin
        out_addr0[i] = rd_m_ext[L-1-i];
    end
end

/* verilator lint_off UNUSEDSIGNAL */
// slot 0 uses only Re z[1] of port 1
wire [2*FW-1:0] out_data1_u = out_data1;
/* verilator lint_on UNUSEDSIGNAL */

// slot returned by the read of the previous cycle: slot 0 = {Re z[0], Re z[1]}, else z[bitrev(m)]
wire [2*FW-1:0] rd_slot = rd_slot0_reg ? {out_data0[2*FW-1:FW], out_data1_u[2*FW-1:FW]} : out_data0;

always @(posedge clk) begin
    if (rd_issue) begin
        rd_m_reg <= rd_m_reg + 1'b1;
    end
    rd_slot0_reg <= rd_m_reg == {(L-1){1'b0}};
    if (rst) begin
        rd_m_reg <= {(L-1){1'b0}};
    end
end

swm_read_skid #(.W(2 * FW)) u_out (
    .clk(clk), .rst(rst),
    .rd_ready(rd_ready), .rd_issue(rd_issue), .rd_last(out_tag && rd_lastw), .rd_data(rd_slot),
    .m_axis_tdata(m_axis_tdata), .m_axis_tvalid(m_axis_tvalid),
    .m_axis_tready(m_axis_tready), .m_axis_tlast(m_axis_tlast)
);

swm_fft_core #(
    .K(K), .IW0(FW), .FW(FW), .TW(TW), .ROUND_MODE(ROUND_MODE), .SCALE(SCALE),
    .INVERSE(0), .NB_OUT(2), .TWIDDLE_FILE(TWIDDLE_FILE)
) u_core (
    .clk(clk), .rst(rst),
    .in_can_reserve(in_can_reserve), .in_reserve(in_fire && in_first),
    .in_en0(in_fire), .in_addr0(in_n_reg), .in_data0({in_re, {FW{1'b0}}}),
    .in_en1(1'b0), .in_addr1({L{1'b0}}), .in_data1({2*FW{1'b0}}),
    .in_commit(in_fire && in_lastw), .in_tag(s_axis_tlast),
    .out_avail(out_avail), .out_tag(out_tag),
    .out_addr0(out_addr0), .out_data0(out_data0),
    .out_addr1({{(L-1){1'b0}}, 1'b1}), .out_data1(out_data1),
    .out_release(rd_issue && rd_lastw)
);

`ifdef FORMAL
// SymbiYosys only (make formal): the properties live in verif/formal/swm_rfft/
`include "swm_rfft_props.vh"
`endif

endmodule

`resetall
