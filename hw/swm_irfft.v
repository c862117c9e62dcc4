// SPDX-License-Identifier: Apache-2.0
// swm_irfft: streaming inverse real FFT, K/2 packed spectrum slots in, K real samples out.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// docs/datapath.md step 3 after the acc_shift rounding. Input: K/2 slots {re, im} (FW bits each)
// per block in slot order (slot 0 = {Y[0], Y[K/2]}, both real); s_axis_tlast, if used, marks
// slot K/2-1 (ignored elsewhere). The Hermitian spectrum is unpacked exactly (the conjugate of
// an imaginary part -2^(FW-1) is kept as +2^(FW-1), so buffer 0 holds FW+1-bit components), run
// through the DIF network with conjugate twiddles, and y[n] = Re z[bitrev(n)] is output in
// natural order n = 0..K-1, FW bits each; m_axis_tlast is set on sample K-1 of a block whose
// last slot carried tlast. Throughput 1 output sample per clock sustained.
module swm_irfft #(
    // block size (FFT points), power of two 4..64
    parameter integer K = 16,
    // FFT-domain word width (input re/im and output samples)
    parameter integer FW = 18,
    // twiddle width (TW-2 fraction bits)
    parameter integer TW = 16,
    // rounding mode: 0 half_up, 1 convergent
    parameter integer ROUND_MODE = 0,
    // stage scaling mask (log2(K) bits), bit s set = stage s halves; default all stages
    parameter integer SCALE = K - 1,
    // twiddle ROM of (K, TW), K/2 forward words {wr, wi}: hw/rom/swm_twiddle_k<K>_tw<TW>.hex (checked)
    parameter TWIDDLE_FILE = "hw/rom/swm_twiddle_k16_tw16.hex"
) (
    input  wire                 clk,
    input  wire                 rst,

    input  wire [2*FW-1:0]      s_axis_tdata,
    input  wire                 s_axis_tvalid,
    output wire                 s_axis_tready,
    input  wire                 s_axis_tlast,

    output wire [FW-1:0]        m_axis_tdata,
    output wire                 m_axis_tvalid,
    input  wire                 m_axis_tready,
    output wire                 m_axis_tlast
);

// stages
localparam integer L = $clog2(K);
// stage-0 input component width (exact conjugate)
localparam integer IW0 = FW + 1;
// output buffer banks: the back end needs K cycles per block, so small K needs a third bank
localparam integer NB_OUT = (K <= 8) ? 3 : 2;
// word address K/2 (Y[K/2])
localparam [$clog2(K)-1:0] ADDR_HALF = 1 << ($clog2(K) - 1);

initial begin
    if (K < 4 || K > 64 || (K & (K - 1)) != 0) begin
        $error("%m: K = %0d must be a power of two in 4..64", K);
        $finish;
    end
    if (FW < 4) begin
        $error("%m: FW = %0d must be >= 4", FW);
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

// ---- front end: slot m -> Y[m] and Y[K-m] = conj(Y[m]); slot 0 -> Y[0], Y[K/2] -----------
reg [L-2:0] in_m_reg;
wire in_can_reserve;
wire in_first = in_m_reg == {(L-1){1'b0}};
wire in_lastw = &in_m_reg;
wire in_fire = s_axis_tvalid && s_axis_tready;
wire [IW0-1:0] in_re = {s_axis_tdata[2*FW-1], s_axis_tdata[2*FW-1:FW]};
wire [IW0-1:0] in_im = {s_axis_tdata[FW-1], s_axis_tdata[FW-1:0]};
wire [IW0-1:0] in_im_neg = -in_im;
wire [L-1:0] in_m_ext = {1'b0, in_m_reg};
wire [L-1:0] in_addr1 = in_first ? ADDR_HALF : -in_m_ext;
wire [2*IW0-1:0] in_data0 = in_first ? {in_re, {IW0{1'b0}}} : {in_re, in_im};
wire [2*IW0-1:0] in_data1 = in_first ? {in_im, {IW0{1'b0}}} : {in_re, in_im_neg};

assign s_axis_tready = !in_first || in_can_reserve;

always @(posedge clk) begin
    if (in_fire) begin
        in_m_reg <= in_m_reg + 1'b1;
    end
    if (rst) begin
        in_m_reg <= {(L-1){1'b0}};
    end
end

// ---- back end: sample n <- Re z[bitrev(n)], registered output ---------------------------
// Reads of buffer L go through swm_read_skid (read ahead + output and skid registers), which
// sustains one sample per clock under any output backpressure.
reg [L-1:0]     rd_n_reg;

wire            out_avail, out_tag;
wire [2*FW-1:0] out_data0, out_data1;
wire            rd_ready;
wire            rd_issue = out_avail && rd_ready;
wire            rd_lastw = &rd_n_reg;
reg  [L-1:0]    out_addr0;

integer i;
always @* begin
    for (i = 0; i < L; i = i + 1) begin
        out_addr0[i] = rd_n_reg[L-1-i];
    end
end

/* verilator lint_off UNUSEDSIGNAL */
// only the real part of read port 0 is used; port 1 (kept in the other RAM) is unused
wire [2*FW-1:0] out_data0_u = out_data0;
wire [2*FW-1:0] out_data1_u = out_data1;
/* verilator lint_on UNUSEDSIGNAL */

always @(posedge clk) begin
    if (rd_issue) begin
        rd_n_reg <= rd_n_reg + 1'b1;
    end
    if (rst) begin
        rd_n_reg <= {L{1'b0}};
    end
end

// the sample returned by the read of the previous cycle
swm_read_skid #(.W(FW)) u_out (
    .clk(clk), .rst(rst),
    .rd_ready(rd_ready), .rd_issue(rd_issue), .rd_last(out_tag && rd_lastw),
    .rd_data(out_data0_u[2*FW-1:FW]),
    .m_axis_tdata(m_axis_tdata), .m_axis_tvalid(m_axis_tvalid),
    .m_axis_tready(m_axis_tready), .m_axis_tlast(m_axis_tlast)
);

swm_fft_core #(
    .K(K), .IW0(IW0), .FW(FW), .TW(TW), .ROUND_MODE(ROUND_MODE), .SCALE(SCALE),
    .INVERSE(1), .NB_OUT(NB_OUT), .TWIDDLE_FILE(TWIDDLE_FILE)
) u_core (
    .clk(clk), .rst(rst),
    .in_can_reserve(in_can_reserve), .in_reserve(in_fire && in_first),
    .in_en0(in_fire), .in_addr0(in_m_ext), .in_data0(in_data0),
    .in_en1(in_fire), .in_addr1(in_addr1), .in_data1(in_data1),
    .in_commit(in_fire && in_lastw), .in_tag(s_axis_tlast),
    .out_avail(out_avail), .out_tag(out_tag),
    .out_addr0(out_addr0), .out_data0(out_data0),
    .out_addr1(out_addr0 ^ {{(L-1){1'b0}}, 1'b1}), .out_data1(out_data1),
    .out_release(rd_issue && rd_lastw)
);

`ifdef FORMAL
// SymbiYosys only (make formal): the properties live in verif/formal/swm_irfft/
`include "swm_irfft_props.vh"
`endif

endmodule

`resetall
