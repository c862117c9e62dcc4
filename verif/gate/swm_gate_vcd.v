// SPDX-License-Identifier: Apache-2.0
// Gate-level simulation helper: dumps the top-level nets of the netlist to the VCD named by +swm_vcd=<path>.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// A second simulation root (iverilog -s swm_gate_vcd) beside the netlist's swm_bc_layer; depth 1
// dumps every net of the flat netlist (cell internals excluded), which is what the power
// analysis annotates.
module swm_gate_vcd;
    reg [8*1024-1:0] path;

    initial begin
        if ($value$plusargs("swm_vcd=%s", path)) begin
            $dumpfile(path);
            $dumpvars(1, swm_bc_layer);
        end
    end
endmodule

`resetall
