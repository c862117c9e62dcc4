// SPDX-License-Identifier: Apache-2.0
// Per-stage stall counters of swm_accel: input-starved and output-blocked cycles, read by index.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Two saturating 32-bit counters per stage count the cycles with en high in which the stage's
// in_stall / out_stall bit is 1; clr zeroes them. sel_in / sel_out show stage `sel`'s counters
// (0 for sel >= NS), registered.
module swm_stall_counters #(
    // number of stages
    parameter integer NS = 3
) (
    input  wire          clk,
    input  wire          clr,
    input  wire          en,
    input  wire [NS-1:0] in_stall,
    input  wire [NS-1:0] out_stall,
    input  wire [7:0]    sel,
    output reg  [31:0]   sel_in,
    output reg  [31:0]   sel_out
);

    initial begin
        if (NS < 1 || NS > 255) begin
            $error("%m: NS = %0d must be in 1..255", NS);
            $finish;
        end
    end

    reg [31:0] in_cnt_reg  [0:NS-1];
    reg [31:0] out_cnt_reg [0:NS-1];

    integer s;
    always @(posedge clk) begin
        for (s = 0; s < NS; s = s + 1) begin
            if (clr) begin
                in_cnt_reg[s]  <= 32'd0;
                out_cnt_reg[s] <= 32'd0;
            end else if (en) begin
                if (in_stall[s] && in_cnt_reg[s] != 32'hFFFF_FFFF) begin
                    in_cnt_reg[s] <= in_cnt_reg[s] + 32'd1;
                end
                if (out_stall[s] && out_cnt_reg[s] != 32'hFFFF_FFFF) begin
                    out_cnt_reg[s] <= out_cnt_reg[s] + 32'd1;
                end
            end
        end
        sel_in  <= 32'd0;
        sel_out <= 32'd0;
        for (s = 0; s < NS; s = s + 1) begin
            if (sel == s[7:0]) begin
                sel_in  <= in_cnt_reg[s];
                sel_out <= out_cnt_reg[s];
            end
        end
    end

endmodule

`resetall
