// SPDX-License-Identifier: Apache-2.0
// SRAM macro interface (1 write port, 1 synchronous read port) and its behavioural model.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// The ASIC flow's MEM=macro (asic/README.md) synthesises this module as a black box, the way
// OpenROAD flows use fake RAM macros; simulation uses this behavioural model. One clock; a write
// (we) stores wdata at waddr at the rising edge; a read (re) loads rdata with mem[raddr] at the
// rising edge and rdata holds it otherwise (read-during-write of the same address returns the old
// word). No reset. hw/swm_load_ram.v keeps its word array here, so on FPGAs and in the flip-flop
// ASIC flow this model is the memory (INIT_FILE preloads it with $readmemh); a macro has no
// initial contents and is loaded through swm_load_ram's stream.
module swm_sram_1r1w #(
    // word width in bits
    parameter integer WIDTH = 32,
    // number of words
    parameter integer DEPTH = 16,
    // address width
    parameter integer AW = 4,
    // $readmemh image to preload the model ("" = none; not available on a macro)
    parameter INIT_FILE = ""
) (
    input  wire             clk,
    input  wire             we,
    input  wire [AW-1:0]    waddr,
    input  wire [WIDTH-1:0] wdata,
    input  wire             re,
    input  wire [AW-1:0]    raddr,
    output reg  [WIDTH-1:0] rdata
);

    initial begin
        if (DEPTH < 1 || WIDTH < 1 || (1 << AW) < DEPTH) begin
            $error("%m: DEPTH = %0d, WIDTH = %0d must be >= 1 and AW = %0d must address DEPTH", DEPTH, WIDTH, AW);
            $finish;
        end
    end

    reg [WIDTH-1:0] mem [0:DEPTH-1];
    initial begin
        if (INIT_FILE != "") begin
            $readmemh(INIT_FILE, mem);
        end
    end

    always @(posedge clk) begin
        if (we) begin
            mem[waddr] <= wdata;
        end
        if (re) begin
            rdata <= mem[raddr];
        end
    end

endmodule

`resetall
