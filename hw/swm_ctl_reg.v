// SPDX-License-Identifier: Apache-2.0
// swm_ctl_reg: a W-bit control register kept as its own hierarchy, one copy per load group (fan-out replication).

`resetall
`timescale 1ns / 1ps
`default_nettype none

// A wide datapath enabled by one valid bit loads that bit with thousands of flip-flops; one copy
// of the bit per lane (or row) keeps each net local. Synthesis would merge identical copies back
// into one flip-flop (Yosys opt_merge), so every instance is its own hierarchy
// (`keep_hierarchy`: Yosys' flatten leaves it, nextpnr reads the hierarchical netlist). Bits set
// in RST_MASK clear on `rst` (valid bits); the others are datapath-like and have no reset.
(* keep_hierarchy *)
module swm_ctl_reg #(
    // register width
    parameter integer W = 1,
    // bits cleared by rst (1) or left without reset (0)
    parameter [W-1:0] RST_MASK = {W{1'b1}}
) (
    input  wire         clk,
    input  wire         rst,
    input  wire [W-1:0] d,
    output reg  [W-1:0] q
);

    initial begin
        if (W < 1) begin
            $error("%m: W = %0d must be >= 1", W);
            $finish;
        end
    end

    always @(posedge clk) begin
        q <= rst ? (d & ~RST_MASK) : d;
    end

endmodule

`resetall
