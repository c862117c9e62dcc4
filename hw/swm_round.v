// SPDX-License-Identifier: Apache-2.0
// swm_round: rnd(v, s), arithmetic right shift with rounding (docs/datapath.md), combinational.

`resetall
`timescale 1ns / 1ps
`default_nettype none

module swm_round #(
    // width of the signed input value
    parameter integer IN_W = 32,
    // width of the signed result (before any saturation); the result is truncated to OUT_W bits,
    // so OUT_W >= IN_W (or >= IN_W - minimum shift) makes it exact
    parameter integer OUT_W = 32,
    // largest shift the `shift` port can request (1..IN_W)
    parameter integer MAX_SHIFT = 16,
    // rounding mode: 0 = half_up (ties toward +inf), 1 = convergent (ties to even)
    parameter integer ROUND_MODE = 0
) (
    input  wire [IN_W-1:0]                  din,
    input  wire [$clog2(MAX_SHIFT+1)-1:0]   shift,
    output wire [OUT_W-1:0]                 dout
);

// shift port width
localparam SW = $clog2(MAX_SHIFT + 1);
// internal width: one guard bit so that adding the rounding constant cannot overflow
localparam XW = IN_W + 1;

initial begin
    if (IN_W < 2) begin
        $error("%m: IN_W = %0d must be >= 2", IN_W);
        $finish;
    end
    if (OUT_W < 1 || OUT_W > XW) begin
        $error("%m: OUT_W = %0d must be in 1..IN_W+1", OUT_W);
        $finish;
    end
    if (MAX_SHIFT < 1 || MAX_SHIFT > IN_W) begin
        $error("%m: MAX_SHIFT = %0d must be in 1..IN_W", MAX_SHIFT);
        $finish;
    end
    if (ROUND_MODE != 0 && ROUND_MODE != 1) begin
        $error("%m: ROUND_MODE = %0d must be 0 (half_up) or 1 (convergent)", ROUND_MODE);
        $finish;
    end
end

wire signed [XW-1:0] v = {din[IN_W-1], din};
wire [XW-1:0] shift_x = {{(XW-SW){1'b0}}, shift};
wire nz = |shift;
// 2^(s-1) for s >= 1, 0 for s = 0
wire [XW-1:0] half = nz ? ({{(XW-1){1'b0}}, 1'b1} << (shift_x - 1'b1)) : {XW{1'b0}};
// floor(v / 2^s): its LSB is the convergent tie-breaker
/* verilator lint_off UNUSEDSIGNAL */
wire signed [XW-1:0] q = v >>> shift_x;
/* verilator lint_on UNUSEDSIGNAL */
wire [XW-1:0] bias = (ROUND_MODE == 1) ? (half - {{(XW-1){1'b0}}, nz} + {{(XW-1){1'b0}}, q[0] & nz}) : half;
wire signed [XW-1:0] sum = v + $signed(bias);
wire signed [XW-1:0] res = sum >>> shift_x;

// the guard bits above OUT_W are dropped by construction (see OUT_W)
/* verilator lint_off UNUSEDSIGNAL */
wire [XW-1:0] res_u = res;
/* verilator lint_on UNUSEDSIGNAL */
assign dout = res_u[OUT_W-1:0];

endmodule

`resetall
