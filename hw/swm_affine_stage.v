// SPDX-License-Identifier: Apache-2.0
// Dataflow stage: per-channel affine + activation (swm_affine) with the port list of swm_bc_stage, for swm compile.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// swm_affine (folded BatchNorm, then the activation) behind the network stage ports
// (docs/architecture.md "Network accelerator"), as hw/swm_dense_stage.v wraps a dense layer:
//   * run: input only while high; loads (s_axis_w = the C scale words of WW bits, s_axis_b = the
//     C shift words of DW+WW bits) only while low;
//   * cfg_error: swm_affine's sticky err_len (an input tlast not on sample N-1: the stage's N
//     does not match the stream);
//   * busy: swm_affine's busy; in_stall / out_stall as in swm_bc_stage.
module swm_affine_stage #(
    // sample width
    parameter integer DW = 16,
    // scale width
    parameter integer WW = 16,
    // channels (innermost in the stream)
    parameter integer C = 4,
    // samples per image (a multiple of C)
    parameter integer N = 16,
    // 0: half-up, 1: convergent rounding
    parameter integer ROUND_MODE = 0,
    // output rounding shift (0..DW+WW)
    parameter integer OUT_SHIFT = 8,
    // activation: 0 identity, 1 ReLU, 2 sigmoid, 3 tanh
    parameter integer ACT = 1,
    // fraction bits of the output (sigmoid/tanh)
    parameter integer Y_FRAC = 8
) (
    input  wire                  clk,
    input  wire                  rst,
    input  wire                  run,
    output wire                  busy,
    output wire                  cfg_error,
    output wire                  in_stall,
    output wire                  out_stall,
    input  wire [DW-1:0]         s_axis_x_tdata,
    input  wire                  s_axis_x_tvalid,
    output wire                  s_axis_x_tready,
    input  wire                  s_axis_x_tlast,
    output wire [DW-1:0]         m_axis_y_tdata,
    output wire                  m_axis_y_tvalid,
    input  wire                  m_axis_y_tready,
    output wire                  m_axis_y_tlast,
    input  wire [WW-1:0]         s_axis_w_tdata,
    input  wire                  s_axis_w_tvalid,
    output wire                  s_axis_w_tready,
    input  wire                  s_axis_w_tlast,
    input  wire [DW+WW-1:0]      s_axis_b_tdata,
    input  wire                  s_axis_b_tvalid,
    output wire                  s_axis_b_tready,
    input  wire                  s_axis_b_tlast
);

    wire x_ready;
    wire w_ready;
    wire b_ready;

    assign s_axis_x_tready = run && x_ready;
    assign s_axis_w_tready = !run && w_ready;
    assign s_axis_b_tready = !run && b_ready;

    assign in_stall  = s_axis_x_tready && !s_axis_x_tvalid;
    assign out_stall = m_axis_y_tvalid && !m_axis_y_tready;

    swm_affine #(
        .DW(DW), .WW(WW), .C(C), .N(N), .ROUND_MODE(ROUND_MODE), .OUT_SHIFT(OUT_SHIFT), .ACT(ACT), .Y_FRAC(Y_FRAC)
    ) u_affine (
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

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_affine_stage/
    `include "swm_affine_stage_props.vh"
`endif

endmodule

`resetall
