// SPDX-License-Identifier: Apache-2.0
// Image splitter: one AXI4-Stream of images -> N streams, whole images dealt round robin.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Image-level replication of a group of stages (docs/architecture.md "Replicated stages"):
// image i goes, whole, to output i mod N (image 0 to output 0 after reset). An image ends on
// its tlast beat; the next beat goes to the next output. Outputs are packed, output j in bits
// [j*WIDTH +: WIDTH] of m_axis_tdata and bit j of the other m_axis signals. Combinational: the
// selected output's tready is s_axis_tready, the others see tvalid low. A missing tlast keeps
// every beat on one output (the stages' frame checks flag it).
module swm_img_split #(
    // beat width
    parameter integer WIDTH = 16,
    // outputs (copies of the replicated group), >= 2
    parameter integer N = 2
) (
    input  wire               clk,
    input  wire               rst,
    input  wire [WIDTH-1:0]   s_axis_tdata,
    input  wire               s_axis_tvalid,
    output wire               s_axis_tready,
    input  wire               s_axis_tlast,
    output wire [N*WIDTH-1:0] m_axis_tdata,
    output wire [N-1:0]       m_axis_tvalid,
    input  wire [N-1:0]       m_axis_tready,
    output wire [N-1:0]       m_axis_tlast
);

    localparam integer SW = (N > 1) ? $clog2(N) : 1;
    localparam integer LAST = N - 1;

    initial begin
        if (N < 2 || WIDTH < 1) begin
            $error("%m: N = %0d must be >= 2 and WIDTH = %0d >= 1", N, WIDTH);
            $finish;
        end
    end

    reg [SW-1:0] sel_reg;   // output of the image in flight

    assign s_axis_tready = m_axis_tready[sel_reg];
    assign m_axis_tdata  = {N{s_axis_tdata}};

    genvar j;
    generate
        for (j = 0; j < N; j = j + 1) begin : g_out
            assign m_axis_tvalid[j] = s_axis_tvalid && (sel_reg == j[SW-1:0]);
            assign m_axis_tlast[j]  = s_axis_tlast;
        end
    endgenerate

    always @(posedge clk) begin
        if (s_axis_tvalid && s_axis_tready && s_axis_tlast) begin
            sel_reg <= (sel_reg == LAST[SW-1:0]) ? {SW{1'b0}} : sel_reg + 1'b1;
        end
        if (rst) begin
            sel_reg <= {SW{1'b0}};
        end
    end

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_img_split/
    `include "swm_img_split_props.vh"
`endif

endmodule

`resetall
