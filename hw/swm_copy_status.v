// SPDX-License-Identifier: Apache-2.0
// Status of a replicated stage: its N copies' busy / cfg_error / stall bits as one stage's.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// A stage replicated N times (swm compile, docs/architecture.md "Replicated stages") reports to
// the network's per-stage status like one stage: busy and cfg_error when any copy is busy or
// flags an error; in_stall / out_stall (the stall counters' events) only when every copy stalls
// on that side in the cycle, i.e. when the stage as a whole makes no progress there.
module swm_copy_status #(
    // copies
    parameter integer N = 2
) (
    input  wire [N-1:0] busy_c,
    input  wire [N-1:0] cfg_error_c,
    input  wire [N-1:0] in_stall_c,
    input  wire [N-1:0] out_stall_c,
    output wire         busy,
    output wire         cfg_error,
    output wire         in_stall,
    output wire         out_stall
);

    initial begin
        if (N < 2) begin
            $error("%m: N = %0d must be >= 2", N);
            $finish;
        end
    end

    assign busy      = |busy_c;
    assign cfg_error = |cfg_error_c;
    assign in_stall  = &in_stall_c;
    assign out_stall = &out_stall_c;

endmodule

`resetall
