// SPDX-License-Identifier: Apache-2.0
// Stream broadcast: every beat of one AXI4-Stream to all N outputs (weight load of replicated stages).

`resetall
`timescale 1ns / 1ps
`default_nettype none

// A beat is offered to every output and leaves the input once each output has taken it; an
// output that took it already sees tvalid low until the next beat (taken_reg), so each output
// gets every beat exactly once and tvalid never drops before its handshake. Outputs are packed
// as in swm_img_split. Used where one weight-load adapter feeds the N copies of a replicated
// stage (swm compile): the copies hold the same weights.
module swm_axis_bcast #(
    // beat width
    parameter integer WIDTH = 16,
    // outputs, >= 2
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

    initial begin
        if (N < 2 || WIDTH < 1) begin
            $error("%m: N = %0d must be >= 2 and WIDTH = %0d >= 1", N, WIDTH);
            $finish;
        end
    end

    reg [N-1:0] taken_reg;   // outputs that took the current beat

    wire [N-1:0] done = taken_reg | m_axis_tready;

    assign s_axis_tready = &done;
    assign m_axis_tdata  = {N{s_axis_tdata}};
    assign m_axis_tvalid = {N{s_axis_tvalid}} & ~taken_reg;
    assign m_axis_tlast  = {N{s_axis_tlast}};

    always @(posedge clk) begin
        if (s_axis_tvalid) begin
            taken_reg <= s_axis_tready ? {N{1'b0}} : (taken_reg | (m_axis_tvalid & m_axis_tready));
        end
        if (rst) begin
            taken_reg <= {N{1'b0}};
        end
    end

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_axis_bcast/
    `include "swm_axis_bcast_props.vh"
`endif

endmodule

`resetall
