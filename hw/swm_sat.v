// SPDX-License-Identifier: Apache-2.0
// swm_sat: sat(v, W), clamp a signed IN_W-bit value to the signed OUT_W-bit range, combinational.

`resetall
`timescale 1ns / 1ps
`default_nettype none

module swm_sat #(
    // width of the signed input value
    parameter integer IN_W = 20,
    // width of the signed, saturated output (OUT_W >= IN_W sign-extends)
    parameter integer OUT_W = 16
) (
    input  wire [IN_W-1:0]  din,
    output wire [OUT_W-1:0] dout
);

initial begin
    if (IN_W < 1 || OUT_W < 2) begin
        $error("%m: IN_W = %0d must be >= 1 and OUT_W = %0d >= 2", IN_W, OUT_W);
        $finish;
    end
end

generate
    if (OUT_W >= IN_W) begin : g_extend
        assign dout = {{(OUT_W-IN_W){din[IN_W-1]}}, din};
    end else begin : g_clamp
        // bits that must all equal the sign for the value to fit
        wire [IN_W-OUT_W:0] top = din[IN_W-1:OUT_W-1];
        wire fits = (&top) | ~(|top);
        assign dout = fits ? din[OUT_W-1:0] : {din[IN_W-1], {(OUT_W-1){~din[IN_W-1]}}};
    end
endgenerate

`ifdef FORMAL
// SymbiYosys only (make formal): the properties live in verif/formal/swm_sat/
`include "swm_sat_props.vh"
`endif

endmodule

`resetall
