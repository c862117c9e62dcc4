// SPDX-License-Identifier: Apache-2.0
// Image merger: N AXI4-Streams of images -> one stream, whole images taken round robin.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// The other end of swm_img_split: image i is taken, whole, from input i mod N (input 0 first
// after reset), so images leave in the order they entered the split. An image ends on its tlast
// beat; then the next input is served. Inputs are packed as in swm_img_split. Combinational:
// the served input's tvalid/tdata/tlast are the output's; only it sees m_axis_tready.
module swm_img_merge #(
    // beat width
    parameter integer WIDTH = 16,
    // inputs (copies of the replicated group), >= 2
    parameter integer N = 2
) (
    input  wire               clk,
    input  wire               rst,
    input  wire [N*WIDTH-1:0] s_axis_tdata,
    input  wire [N-1:0]       s_axis_tvalid,
    output wire [N-1:0]       s_axis_tready,
    input  wire [N-1:0]       s_axis_tlast,
    output wire [WIDTH-1:0]   m_axis_tdata,
    output wire               m_axis_tvalid,
    input  wire               m_axis_tready,
    output wire               m_axis_tlast
);

    localparam integer SW = (N > 1) ? $clog2(N) : 1;
    localparam integer LAST = N - 1;

    initial begin
        if (N < 2 || WIDTH < 1) begin
            $error("%m: N = %0d must be >= 2 and WIDTH = %0d >= 1", N, WIDTH);
            $finish;
        end
    end

    reg [SW-1:0] sel_reg;   // input of the image in flight

    assign m_axis_tdata  = s_axis_tdata[sel_reg*WIDTH +: WIDTH];
    assign m_axis_tvalid = s_axis_tvalid[sel_reg];
    assign m_axis_tlast  = s_axis_tlast[sel_reg];

    genvar j;
    generate
        for (j = 0; j < N; j = j + 1) begin : g_in
            assign s_axis_tready[j] = m_axis_tready && (sel_reg == j[SW-1:0]);
        end
    endgenerate

    always @(posedge clk) begin
        if (m_axis_tvalid && m_axis_tready && m_axis_tlast) begin
            sel_reg <= (sel_reg == LAST[SW-1:0]) ? {SW{1'b0}} : sel_reg + 1'b1;
        end
        if (rst) begin
            sel_reg <= {SW{1'b0}};
        end
    end

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_img_merge/
    `include "swm_img_merge_props.vh"
`endif

endmodule

`resetall
