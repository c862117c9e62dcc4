// SPDX-License-Identifier: Apache-2.0
// tb_swm_round: test wrapper exposing one swm_round and one swm_sat side by side (verification only).

`resetall
`timescale 1ns / 1ps
`default_nettype none

module tb_swm_round #(
    // swm_round input width
    parameter IN_W = 8,
    // swm_round result width
    parameter OUT_W = 8,
    // swm_round largest shift
    parameter MAX_SHIFT = 8,
    // swm_round mode: 0 half_up, 1 convergent
    parameter ROUND_MODE = 0,
    // swm_sat input width
    parameter SAT_IN_W = 8,
    // swm_sat output width
    parameter SAT_OUT_W = 5
) (
    input  wire [IN_W-1:0]                r_din,
    input  wire [$clog2(MAX_SHIFT+1)-1:0] r_shift,
    output wire [OUT_W-1:0]               r_dout,
    input  wire [SAT_IN_W-1:0]            s_din,
    output wire [SAT_OUT_W-1:0]           s_dout
);

swm_round #(.IN_W(IN_W), .OUT_W(OUT_W), .MAX_SHIFT(MAX_SHIFT), .ROUND_MODE(ROUND_MODE))
    u_round (.clk(1'b0), .ce(1'b0), .din(r_din), .shift(r_shift), .dout(r_dout));

swm_sat #(.IN_W(SAT_IN_W), .OUT_W(SAT_OUT_W)) u_sat (.din(s_din), .dout(s_dout));

endmodule

`resetall
