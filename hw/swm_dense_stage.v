// SPDX-License-Identifier: Apache-2.0
// Dataflow stage: one dense layer (swm_dense_fc) with the port list of swm_bc_stage, for swm compile.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// swm_dense_fc behind exactly the ports of swm_bc_stage, so that the generated network top
// (swm compile, swm_net.v) wires a dense layer like a block-circulant one
// (docs/architecture.md "Network accelerator"):
//   * run: while high the stage takes input vectors (s_axis_x_tready is low while run is low);
//     swm_dense_fc itself needs no start, it computes every vector it receives;
//   * loads: s_axis_w / s_axis_b are taken while run is low and the stage is idle (as the
//     block-circulant stage, whose engine is busy from the first run on); the weight word is
//     LANES*WW bits (swm.golden.dense_weight_words), not swm_bc_stage's LANES*2*WW;
//   * cfg_error: swm_dense_fc's sticky err_len, an input tlast that is not on sample N_IN-1. In a
//     network the input is framed by swm_frame_check and each stage's tlast, so a misplaced tlast
//     means the stage's N_IN does not match the stream: a build mistake, as swm_bc_stage's
//     cfg_error. Cleared by rst;
//   * busy: swm_dense_fc's busy (a vector is in the stage), not high for the whole run;
//   * in_stall / out_stall: waiting for input (ready, no valid) / blocked by the next stage.
// CONV = 1 builds a dense convolution instead (swm_dense_conv: swm_window -> swm_dense_fc; N_OUT
// output channels, receptive fields of KH*KW*C_IN samples, IN_H x IN_W images of C_IN channels,
// one output frame of OH*OW*N_OUT samples per image; N_IN is unused); its cfg_error is
// swm_window's err_len (an input tlast not on the image's last sample).
// The parameters are checked by swm_dense_fc (and swm_window) at elaboration.
module swm_dense_stage #(
    // activation (input / output sample) width
    parameter integer DW = 16,
    // weight width
    parameter integer WW = 16,
    // width of the rounded sum and of the bias words
    parameter integer FW = 18,
    // accumulator width (>= WW + DW + clog2(N_IN))
    parameter integer AW = 48,
    // inputs per vector
    parameter integer N_IN = 16,
    // outputs per vector
    parameter integer N_OUT = 10,
    // multipliers: output neurons computed in parallel (1..N_OUT)
    parameter integer LANES = 2,
    // 0: half-up, 1: convergent rounding
    parameter integer ROUND_MODE = 0,
    // accumulator rounding shift (docs/datapath.md "Dense layer")
    parameter integer ACC_SHIFT = 16,
    // output rounding shift
    parameter integer OUT_SHIFT = 2,
    // activation: 0 identity, 1 ReLU, 2 sigmoid, 3 tanh
    parameter integer ACT = 0,
    // fraction bits of the activation's input/output (sigmoid/tanh)
    parameter integer Y_FRAC = 8,
    // 1: dense convolution (see above); its geometry: image rows, columns, input channels,
    // kernel, stride and zero padding (the same on both axes)
    parameter integer CONV = 0,
    parameter integer IN_H = 1,
    parameter integer IN_W = 1,
    parameter integer C_IN = 1,
    parameter integer KH = 1,
    parameter integer KW = 1,
    parameter integer STRIDE = 1,
    parameter integer PAD = 0
) (
    input  wire                     clk,
    input  wire                     rst,
    input  wire                     run,
    output wire                     busy,
    output wire                     cfg_error,
    output wire                     in_stall,
    output wire                     out_stall,
    input  wire [DW-1:0]            s_axis_x_tdata,
    input  wire                     s_axis_x_tvalid,
    output wire                     s_axis_x_tready,
    input  wire                     s_axis_x_tlast,
    output wire [DW-1:0]            m_axis_y_tdata,
    output wire                     m_axis_y_tvalid,
    input  wire                     m_axis_y_tready,
    output wire                     m_axis_y_tlast,
    input  wire [LANES*WW-1:0]      s_axis_w_tdata,
    input  wire                     s_axis_w_tvalid,
    output wire                     s_axis_w_tready,
    input  wire                     s_axis_w_tlast,
    input  wire [FW-1:0]            s_axis_b_tdata,
    input  wire                     s_axis_b_tvalid,
    output wire                     s_axis_b_tready,
    input  wire                     s_axis_b_tlast
);

    wire x_ready;
    wire w_ready;
    wire b_ready;

    // input only while running, loads only while not
    assign s_axis_x_tready = run && x_ready;
    assign s_axis_w_tready = !run && w_ready;
    assign s_axis_b_tready = !run && b_ready;

    assign in_stall  = s_axis_x_tready && !s_axis_x_tvalid;
    assign out_stall = m_axis_y_tvalid && !m_axis_y_tready;

    generate
        if (CONV != 0) begin : g_conv
            swm_dense_conv #(
                .DW(DW), .WW(WW), .FW(FW), .AW(AW), .H(IN_H), .W(IN_W), .C_IN(C_IN), .C_OUT(N_OUT), .KH(KH), .KW(KW),
                .STRIDE(STRIDE), .PAD(PAD), .LANES(LANES),
                .ACC_SHIFT(ACC_SHIFT), .OUT_SHIFT(OUT_SHIFT), .ACT(ACT), .Y_FRAC(Y_FRAC), .ROUND_MODE(ROUND_MODE)
            ) u_conv (
                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),
                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),
                .s_axis_x_tlast(s_axis_x_tlast),
                .m_axis_y_tdata(m_axis_y_tdata), .m_axis_y_tvalid(m_axis_y_tvalid), .m_axis_y_tready(m_axis_y_tready),
                .m_axis_y_tlast(m_axis_y_tlast),
                .s_axis_w_tdata(s_axis_w_tdata), .s_axis_w_tvalid(s_axis_w_tvalid && !run), .s_axis_w_tready(w_ready),
                .s_axis_w_tlast(s_axis_w_tlast),
                .s_axis_b_tdata(s_axis_b_tdata), .s_axis_b_tvalid(s_axis_b_tvalid && !run), .s_axis_b_tready(b_ready),
                .s_axis_b_tlast(s_axis_b_tlast)
            );
        end else begin : g_fc
            swm_dense_fc #(
                .DW(DW), .WW(WW), .FW(FW), .AW(AW), .N_IN(N_IN), .N_OUT(N_OUT), .LANES(LANES),
                .ACC_SHIFT(ACC_SHIFT), .OUT_SHIFT(OUT_SHIFT), .ACT(ACT), .Y_FRAC(Y_FRAC), .ROUND_MODE(ROUND_MODE)
            ) u_dense (
                .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),
                .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid && run), .s_axis_x_tready(x_ready),
                .s_axis_x_tlast(s_axis_x_tlast),
                .m_axis_y_tdata(m_axis_y_tdata), .m_axis_y_tvalid(m_axis_y_tvalid), .m_axis_y_tready(m_axis_y_tready),
                .m_axis_y_tlast(m_axis_y_tlast),
                .s_axis_w_tdata(s_axis_w_tdata), .s_axis_w_tvalid(s_axis_w_tvalid && !run), .s_axis_w_tready(w_ready),
                .s_axis_w_tlast(s_axis_w_tlast),
                .s_axis_b_tdata(s_axis_b_tdata), .s_axis_b_tvalid(s_axis_b_tvalid && !run), .s_axis_b_tready(b_ready),
                .s_axis_b_tlast(s_axis_b_tlast)
            );
        end
    endgenerate

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_dense_stage/
    `include "swm_dense_stage_props.vh"
`endif

endmodule

`resetall
