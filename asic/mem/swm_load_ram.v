// SPDX-License-Identifier: Apache-2.0
// swm_load_ram on an SRAM macro (ASIC flow, MEM=macro): load-address logic + swm_sram_1r1w.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Same module name, parameters, ports and behaviour as hw/swm_load_ram.v (which it replaces in
// the source list of `make asic MEM=macro`): the stream write address counter stays in logic and
// the word array becomes hw/swm_sram_1r1w.v, a black box in synthesis. INIT_FILE is not supported
// by a macro: the memories are loaded through s_axis (as the testbenches do).
module swm_load_ram #(
    // word width in bits
    parameter integer WIDTH = 32,
    // number of words
    parameter integer DEPTH = 16,
    // $readmemh image to preload: must be "" with a macro
    parameter INIT_FILE = ""
) (
    input  wire                     clk,
    input  wire                     rst,
    input  wire                     load_en,
    input  wire [WIDTH-1:0]         s_axis_tdata,
    input  wire                     s_axis_tvalid,
    output wire                     s_axis_tready,
    input  wire                     s_axis_tlast,
    input  wire [AW-1:0]            rd_addr,
    output wire [WIDTH-1:0]         rd_data
);

    localparam integer AW = (DEPTH > 1) ? $clog2(DEPTH) : 1;
    localparam integer LW = $clog2(DEPTH + 1);
    localparam integer DEPTH_I = DEPTH;
    localparam [LW-1:0] DEPTH_C = DEPTH_I[LW-1:0];

    initial begin
        if (INIT_FILE != "") begin
            $error("%m: INIT_FILE is not supported with an SRAM macro (MEM=macro); load the memory through s_axis");
            $finish;
        end
    end

    reg [LW-1:0] wr_addr_reg;
    wire fire = s_axis_tvalid && load_en;
    wire we   = fire && (wr_addr_reg != DEPTH_C);
    assign s_axis_tready = load_en;

    swm_sram_1r1w #(.WIDTH(WIDTH), .DEPTH(DEPTH), .AW(AW)) u_sram (
        .clk(clk), .we(we), .waddr(wr_addr_reg[AW-1:0]), .wdata(s_axis_tdata),
        .raddr(rd_addr), .rdata(rd_data)
    );

    always @(posedge clk) begin
        if (fire) begin
            if (s_axis_tlast) begin
                wr_addr_reg <= {LW{1'b0}};
            end else if (wr_addr_reg != DEPTH_C) begin
                wr_addr_reg <= wr_addr_reg + {{(LW-1){1'b0}}, 1'b1};
            end
        end
        if (rst) begin
            wr_addr_reg <= {LW{1'b0}};
        end
    end

endmodule

`resetall
