// SPDX-License-Identifier: Apache-2.0
// swm_round: rnd(v, s), arithmetic right shift with rounding (docs/datapath.md), optionally pipelined.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Computed shift first: u = floor(2v / 2^s) (so u[0] is the bit just below the result and u >> 1
// = floor(v / 2^s)), then dout = (u + c) >> 1 with the round-up increment c (half_up: s != 0;
// convergent: s != 0 and not an exact tie to an even result). PIPE = 0: combinational, clk and ce
// unused. PIPE = 1: u and the rounding flags are registered when ce is high (the variable shift
// and the increment in different cycles), dout follows din by one ce cycle.
module swm_round #(
    // width of the signed input value
    parameter integer IN_W = 32,
    // width of the signed result (before any saturation); the result is truncated to OUT_W bits,
    // so OUT_W >= IN_W (or >= IN_W - minimum shift) makes it exact
    parameter integer OUT_W = 32,
    // largest shift the `shift` port can request (1..IN_W)
    parameter integer MAX_SHIFT = 16,
    // rounding mode: 0 = half_up (ties toward +inf), 1 = convergent (ties to even)
    parameter integer ROUND_MODE = 0,
    // 0: combinational; 1: one register stage (between the shift and the increment)
    parameter integer PIPE = 0
) (
    // clock and stage enable (PIPE = 1 only)
    input  wire                             clk,
    input  wire                             ce,
    input  wire [IN_W-1:0]                  din,
    input  wire [$clog2(MAX_SHIFT+1)-1:0]   shift,
    output wire [OUT_W-1:0]                 dout
);

// shift port width
localparam integer SW = $clog2(MAX_SHIFT + 1);
// value width: one guard bit so that the increment cannot overflow
localparam integer XW = IN_W + 1;
// width of 2v
localparam integer UW = XW + 1;

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
    if (PIPE != 0 && PIPE != 1) begin
        $error("%m: PIPE = %0d must be 0 or 1", PIPE);
        $finish;
    end
end

// ---- shift: u = floor(2v / 2^s), sticky = any of the bits of v below bit s-1 ----------------
wire signed [UW-1:0] v2 = {din[IN_W-1], din, 1'b0};
wire [UW-1:0]        shift_u = {{(UW-SW){1'b0}}, shift};
wire signed [UW-1:0] u_c = v2 >>> shift_u;
wire                 nz_c = |shift;
// bits of 2v below bit s (v's bits below s-1, and the zero appended): ~(all-ones << s)
wire [UW-1:0]        low_mask = ~({UW{1'b1}} << shift_u);
wire                 sticky_c = |(v2 & low_mask);

wire signed [UW-1:0] u;
wire                 nz;
wire                 sticky;

generate
    if (PIPE == 1) begin : g_pipe
        reg signed [UW-1:0] u_reg;
        reg                 nz_reg;
        reg                 sticky_reg;
        always @(posedge clk) begin
            if (ce) begin
                u_reg      <= u_c;
                nz_reg     <= nz_c;
                sticky_reg <= sticky_c;
            end
        end
        assign u      = u_reg;
        assign nz     = nz_reg;
        assign sticky = sticky_reg;
    end else begin : g_comb
        /* verilator lint_off UNUSEDSIGNAL */
        wire unused_clk = clk ^ ce;
        /* verilator lint_on UNUSEDSIGNAL */
        assign u      = u_c;
        assign nz     = nz_c;
        assign sticky = sticky_c;
    end
endgenerate

// ---- increment: half_up rounds up whenever bit s-1 is set (c = 1 is harmless when it is
// clear); convergent keeps an exact tie (bit s-1 set, nothing below) on an even result
/* verilator lint_off UNUSEDSIGNAL */
wire tie_even = u[0] && !sticky && !u[1];
/* verilator lint_on UNUSEDSIGNAL */
wire c = (ROUND_MODE == 1) ? (nz && !tie_even) : nz;
wire signed [UW-1:0] sum = u + {{(UW-1){1'b0}}, c};

// the guard bits above OUT_W and the bit shifted out are dropped by construction (see OUT_W)
/* verilator lint_off UNUSEDSIGNAL */
wire [UW-1:0] sum_u = sum;
/* verilator lint_on UNUSEDSIGNAL */
assign dout = sum_u[OUT_W:1];

`ifdef FORMAL
// SymbiYosys only (make formal): the properties live in verif/formal/swm_round/
`include "swm_round_props.vh"
`endif

endmodule

`resetall
