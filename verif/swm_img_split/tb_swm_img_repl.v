// SPDX-License-Identifier: Apache-2.0
// tb_swm_img_repl: test wrapper, swm_img_split -> N FIFOs -> swm_img_merge, and a swm_axis_bcast (verification only).

`resetall
`timescale 1ns / 1ps
`default_nettype none

// The replication path of a compiled network without stages: images are dealt to N copies
// (each a swm_axis_fifo whose output the test holds back at random through hold[j], then a
// register slice, so the copies drain at different rates) and merged back. The broadcast is exposed on its own.
module tb_swm_img_repl #(
    // beat width
    parameter integer WIDTH = 16,
    // copies
    parameter integer N = 3,
    // words of each copy's FIFO
    parameter integer DEPTH = 8
) (
    input  wire               clk,
    input  wire               rst,
    input  wire [WIDTH-1:0]   s_axis_tdata,
    input  wire               s_axis_tvalid,
    output wire               s_axis_tready,
    input  wire               s_axis_tlast,
    output wire [WIDTH-1:0]   m_axis_tdata,
    output wire               m_axis_tvalid,
    input  wire               m_axis_tready,
    output wire               m_axis_tlast,
    input  wire [N-1:0]       hold,
    output wire [N-1:0]       copy_in,
    input  wire [WIDTH-1:0]   s_axis_b_tdata,
    input  wire               s_axis_b_tvalid,
    output wire               s_axis_b_tready,
    input  wire               s_axis_b_tlast,
    output wire [N*WIDTH-1:0] m_axis_b_tdata,
    output wire [N-1:0]       m_axis_b_tvalid,
    input  wire [N-1:0]       m_axis_b_tready,
    output wire [N-1:0]       m_axis_b_tlast
);

    wire [N*WIDTH-1:0] sp_tdata, mg_tdata;
    wire [N-1:0] sp_tvalid, sp_tready, sp_tlast, mg_tvalid, mg_tready, mg_tlast;
    wire [N-1:0] q_tvalid, q_tready;

    assign copy_in = sp_tvalid & sp_tready;

    swm_img_split #(.WIDTH(WIDTH), .N(N)) u_split (
        .clk(clk), .rst(rst),
        .s_axis_tdata(s_axis_tdata), .s_axis_tvalid(s_axis_tvalid), .s_axis_tready(s_axis_tready),
        .s_axis_tlast(s_axis_tlast),
        .m_axis_tdata(sp_tdata), .m_axis_tvalid(sp_tvalid), .m_axis_tready(sp_tready), .m_axis_tlast(sp_tlast)
    );

    genvar j;
    generate
        for (j = 0; j < N; j = j + 1) begin : g_copy
            /* verilator lint_off UNUSEDSIGNAL */
            wire [$clog2(DEPTH):0] level;
            /* verilator lint_on UNUSEDSIGNAL */
            wire [WIDTH-1:0] q_tdata;
            wire q_tlast;
            swm_axis_fifo #(.WIDTH(WIDTH), .DEPTH(DEPTH)) u_fifo (
                .clk(clk), .rst(rst),
                .s_axis_tdata(sp_tdata[j*WIDTH +: WIDTH]), .s_axis_tvalid(sp_tvalid[j]),
                .s_axis_tready(sp_tready[j]), .s_axis_tlast(sp_tlast[j]),
                .m_axis_tdata(q_tdata), .m_axis_tvalid(q_tvalid[j]), .m_axis_tready(q_tready[j]),
                .m_axis_tlast(q_tlast),
                .level(level)
            );
            // hold[j] stalls copy j's output (a slow copy); a register slice behind the hold keeps
            // the merge's inputs within the stream rules
            wire h_ready;
            /* verilator lint_off UNUSEDSIGNAL */
            wire h_busy;
            /* verilator lint_on UNUSEDSIGNAL */
            assign q_tready[j] = h_ready && !hold[j];
            swm_axis_reg #(.W(WIDTH)) u_hold (
                .clk(clk), .rst(rst),
                .s_axis_tdata(q_tdata), .s_axis_tvalid(q_tvalid[j] && !hold[j]), .s_axis_tready(h_ready),
                .s_axis_tlast(q_tlast),
                .m_axis_tdata(mg_tdata[j*WIDTH +: WIDTH]), .m_axis_tvalid(mg_tvalid[j]), .m_axis_tready(mg_tready[j]),
                .m_axis_tlast(mg_tlast[j]), .busy(h_busy)
            );
        end
    endgenerate

    swm_img_merge #(.WIDTH(WIDTH), .N(N)) u_merge (
        .clk(clk), .rst(rst),
        .s_axis_tdata(mg_tdata), .s_axis_tvalid(mg_tvalid), .s_axis_tready(mg_tready), .s_axis_tlast(mg_tlast),
        .m_axis_tdata(m_axis_tdata), .m_axis_tvalid(m_axis_tvalid), .m_axis_tready(m_axis_tready),
        .m_axis_tlast(m_axis_tlast)
    );

    swm_axis_bcast #(.WIDTH(WIDTH), .N(N)) u_bcast (
        .clk(clk), .rst(rst),
        .s_axis_tdata(s_axis_b_tdata), .s_axis_tvalid(s_axis_b_tvalid), .s_axis_tready(s_axis_b_tready),
        .s_axis_tlast(s_axis_b_tlast),
        .m_axis_tdata(m_axis_b_tdata), .m_axis_tvalid(m_axis_b_tvalid), .m_axis_tready(m_axis_b_tready),
        .m_axis_tlast(m_axis_b_tlast)
    );

endmodule

`resetall
