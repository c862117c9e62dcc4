// SPDX-License-Identifier: Apache-2.0
// swm_dense_conv: dense convolution of an HWC-streamed feature map: swm_window -> swm_dense_fc, one frame per image.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// docs/datapath.md "Convolution, affine and max-pool" (swm.golden_cnn.dense_conv_int): every
// output pixel is the dense layer applied to its receptive field (KH*KW*C_IN samples, tap major,
// channel minor, zeros outside the image), so swm_window feeds swm_dense_fc with N_IN =
// KH*KW*C_IN and N_OUT = C_OUT. The weight image is swm.golden.dense_weight_words of
// swm.golden_cnn.dense_conv_matrix(W) (LANES output channels per word), the bias C_OUT words.
// Input frames: H*W*C_IN samples (tlast on the last); output frames: OH*OW*C_OUT samples in the
// same order (output pixel raster, channels innermost), tlast on the last: swm_dense_fc marks
// every pixel's last channel and this module keeps only the frame's last one.
// err_len: swm_window's (an input tlast not on sample H*W*C_IN-1); swm_dense_fc's cannot happen,
// its input is framed by swm_window. Loads (s_axis_w / s_axis_b) as swm_dense_fc's.
module swm_dense_conv #(
    parameter integer DW = 16,
    parameter integer WW = 16,
    parameter integer FW = 18,
    // accumulator width (>= WW + DW + clog2(KH*KW*C_IN))
    parameter integer AW = 48,
    // input rows, columns and channels
    parameter integer H = 8,
    parameter integer W = 8,
    parameter integer C_IN = 1,
    // output channels
    parameter integer C_OUT = 4,
    // kernel, stride, zero padding
    parameter integer KH = 3,
    parameter integer KW = 3,
    parameter integer STRIDE = 1,
    parameter integer PAD = 1,
    // output channels computed in parallel (1..C_OUT)
    parameter integer LANES = 2,
    parameter integer ROUND_MODE = 0,
    parameter integer ACC_SHIFT = 16,
    parameter integer OUT_SHIFT = 2,
    // activation: 0 identity, 1 ReLU, 2 sigmoid, 3 tanh
    parameter integer ACT = 1,
    parameter integer Y_FRAC = 8,
    // $readmemh preloads ("" = none)
    parameter WEIGHT_FILE = "",
    parameter BIAS_FILE = ""
) (
    input  wire                 clk,
    input  wire                 rst,
    output wire                 busy,
    output wire                 err_len,

    input  wire [DW-1:0]        s_axis_x_tdata,
    input  wire                 s_axis_x_tvalid,
    output wire                 s_axis_x_tready,
    input  wire                 s_axis_x_tlast,

    output wire [DW-1:0]        m_axis_y_tdata,
    output wire                 m_axis_y_tvalid,
    input  wire                 m_axis_y_tready,
    output wire                 m_axis_y_tlast,

    input  wire [LANES*WW-1:0]  s_axis_w_tdata,
    input  wire                 s_axis_w_tvalid,
    output wire                 s_axis_w_tready,
    input  wire                 s_axis_w_tlast,
    input  wire [FW-1:0]        s_axis_b_tdata,
    input  wire                 s_axis_b_tvalid,
    output wire                 s_axis_b_tready,
    input  wire                 s_axis_b_tlast
);

    localparam integer OH = (H + 2 * PAD - KH) / STRIDE + 1;
    localparam integer OW = (W + 2 * PAD - KW) / STRIDE + 1;
    localparam integer NPIX = OH * OW;
    localparam integer PW = (NPIX > 1) ? $clog2(NPIX) : 1;
    localparam integer NPIX_I = NPIX;
    localparam [PW-1:0] PIX_LAST = NPIX_I[PW-1:0] - 1'b1;

    wire [DW-1:0] v_data;
    wire          v_valid, v_ready, v_last;
    wire          win_busy, fc_busy, win_err;
    /* verilator lint_off UNUSEDSIGNAL */
    wire          fc_err;   // cannot be set: swm_window frames every vector
    /* verilator lint_on UNUSEDSIGNAL */
    wire          y_last_pix;

    swm_window #(.DW(DW), .H(H), .W(W), .C(C_IN), .KH(KH), .KW(KW), .STRIDE(STRIDE), .PAD(PAD)) u_win (
        .clk(clk), .rst(rst), .busy(win_busy), .err_len(win_err),
        .s_axis_tdata(s_axis_x_tdata), .s_axis_tvalid(s_axis_x_tvalid), .s_axis_tready(s_axis_x_tready),
        .s_axis_tlast(s_axis_x_tlast),
        .m_axis_tdata(v_data), .m_axis_tvalid(v_valid), .m_axis_tready(v_ready), .m_axis_tlast(v_last));

    swm_dense_fc #(
        .DW(DW), .WW(WW), .FW(FW), .AW(AW), .N_IN(KH * KW * C_IN), .N_OUT(C_OUT), .LANES(LANES),
        .ACC_SHIFT(ACC_SHIFT), .OUT_SHIFT(OUT_SHIFT), .ACT(ACT), .Y_FRAC(Y_FRAC), .ROUND_MODE(ROUND_MODE),
        .WEIGHT_FILE(WEIGHT_FILE), .BIAS_FILE(BIAS_FILE)
    ) u_fc (
        .clk(clk), .rst(rst), .busy(fc_busy), .err_len(fc_err),
        .s_axis_x_tdata(v_data), .s_axis_x_tvalid(v_valid), .s_axis_x_tready(v_ready), .s_axis_x_tlast(v_last),
        .m_axis_y_tdata(m_axis_y_tdata), .m_axis_y_tvalid(m_axis_y_tvalid), .m_axis_y_tready(m_axis_y_tready),
        .m_axis_y_tlast(y_last_pix),
        .s_axis_w_tdata(s_axis_w_tdata), .s_axis_w_tvalid(s_axis_w_tvalid), .s_axis_w_tready(s_axis_w_tready),
        .s_axis_w_tlast(s_axis_w_tlast),
        .s_axis_b_tdata(s_axis_b_tdata), .s_axis_b_tvalid(s_axis_b_tvalid), .s_axis_b_tready(s_axis_b_tready),
        .s_axis_b_tlast(s_axis_b_tlast));

    // ---- one frame per image: count the output pixels --------------------------------------------
    reg [PW-1:0] pix_reg;
    wire         pix_done = m_axis_y_tvalid && m_axis_y_tready && y_last_pix;

    always @(posedge clk) begin
        if (pix_done) begin
            pix_reg <= (pix_reg == PIX_LAST) ? {PW{1'b0}} : pix_reg + 1'b1;
        end
        if (rst) begin
            pix_reg <= {PW{1'b0}};
        end
    end

    assign m_axis_y_tlast = y_last_pix && (pix_reg == PIX_LAST);
    assign busy    = win_busy || fc_busy || (pix_reg != {PW{1'b0}});
    assign err_len = win_err;

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_dense_conv/
    `include "swm_dense_conv_props.vh"
`endif

endmodule

`resetall
