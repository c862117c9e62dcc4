// SPDX-License-Identifier: Apache-2.0
// Dataflow stage: 2x2 max-pool (swm_maxpool) with the port list of swm_bc_stage, for swm compile.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// swm_maxpool behind the network stage ports (docs/architecture.md "Network accelerator"). It
// has no memory to load: s_axis_w / s_axis_b are one bit wide and never ready (swm compile ties
// them off and gives the stage no load_sel). run: input only while high. cfg_error: swm_maxpool's
// sticky err_len (an input tlast not on sample H*W*C-1). busy, in_stall, out_stall as in
// swm_bc_stage.
module swm_maxpool_stage #(
    // sample width
    parameter integer DW = 16,
    // input rows, columns and channels (output: H/2 x W/2 x C)
    parameter integer H = 4,
    parameter integer W = 4,
    parameter integer C = 2
) (
    input  wire            clk,
    input  wire            rst,
    input  wire            run,
    output wire            busy,
    output wire            cfg_error,
    output wire            in_stall,
    output wire            out_stall,
    input  wire [DW-1:0]   s_axis_x_tdata,
    input  wire            s_axis_x_tvalid,
    output wire            s_axis_x_tready,
    input  wire            s_axis_x_tlast,
    output wire [DW-1:0]   m_axis_y_tdata,
    output wire            m_axis_y_tvalid,
    input  wire            m_axis_y_tready,
    output wire            m_axis_y_tlast,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [0:0]      s_axis_w_tdata,
    input  wire            s_axis_w_tvalid,
    output wire            s_axis_w_tready,
    input  wire            s_axis_w_tlast,
    input  wire [0:0]      s_axis_b_tdata,
    input  wire            s_axis_b_tvalid,
    output wire            s_axis_b_tready,
    input  wire            s_axis_b_tlast
    /* verilator lint_on UNUSEDSIGNAL */
);

    wire x_ready;

    assign s_axis_x_tready = run && x_ready;
    assign s_axis_w_tready = 1'b0;
    assign s_axis_b_tready = 1'b0;

    assign in_stall  = s_axis_x_tready && !s_axis_x_tvalid;
    assign out_stall = m_axis_y_tvalid && !m_axis_y_tready;

    swm_maxpool #(.DW(DW), .H(H), .W(W), .C(C)) u_pool (
        .clk(clk), .rst(rst), .busy(busy), .err_len(cfg_error),
        .s_axis_tdata(s_axis_x_tdata), .s_axis_tvalid(s_axis_x_tvalid && run), .s_axis_tready(x_ready),
        .s_axis_tlast(s_axis_x_tlast),
        .m_axis_tdata(m_axis_y_tdata), .m_axis_tvalid(m_axis_y_tvalid), .m_axis_tready(m_axis_y_tready),
        .m_axis_tlast(m_axis_y_tlast)
    );

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_maxpool_stage/
    `include "swm_maxpool_stage_props.vh"
`endif

endmodule

`resetall
