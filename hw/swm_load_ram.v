// SPDX-License-Identifier: Apache-2.0
// Stream-loadable on-chip RAM: sequential writes from an AXI stream, synchronous read port.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Words arriving on s_axis while LOAD_EN is high are written to addresses 0, 1, 2, ...; tlast ends
// a load and returns the write address to 0; words beyond DEPTH are dropped (the Python loader
// checks image sizes before streaming). The read port advances while rd_en is high: rd_data
// holds mem[rd_addr] of the last rd_en cycle (OUT_REG = 0), or of the rd_en cycle before it
// (OUT_REG = 1: a fabric register after the RAM's own, so no logic follows the block RAM's
// clock-to-out). The array is a plain synchronous-read memory that synthesis maps to block RAM;
// INIT_FILE, when not empty, preloads it with $readmemh (an image written by `swm export`).
module swm_load_ram #(
    // word width in bits
    parameter integer WIDTH = 32,
    // number of words
    parameter integer DEPTH = 16,
    // $readmemh image to preload ("" = none)
    parameter INIT_FILE = "",
    // 1: register the read data once more in the fabric (read latency 2 rd_en cycles)
    parameter integer OUT_REG = 1
) (
    input  wire                     clk,
    input  wire                     rst,
    // load stream (accepted while load_en)
    input  wire                     load_en,
    input  wire [WIDTH-1:0]         s_axis_tdata,
    input  wire                     s_axis_tvalid,
    output wire                     s_axis_tready,
    input  wire                     s_axis_tlast,
    // read port
    input  wire                     rd_en,
    input  wire [AW-1:0]            rd_addr,
    output wire [WIDTH-1:0]         rd_data
);

    localparam integer AW = (DEPTH > 1) ? $clog2(DEPTH) : 1;
    localparam integer LW = $clog2(DEPTH + 1);
    localparam integer DEPTH_I = DEPTH;
    localparam [LW-1:0] DEPTH_C = DEPTH_I[LW-1:0];

    initial begin
        if (DEPTH < 1 || WIDTH < 1) begin
            $error("%m: DEPTH = %0d and WIDTH = %0d must be at least 1", DEPTH, WIDTH);
            $finish;
        end
        if (OUT_REG != 0 && OUT_REG != 1) begin
            $error("%m: OUT_REG = %0d must be 0 or 1", OUT_REG);
            $finish;
        end
    end

    reg  [LW-1:0]    wr_addr_reg;
    wire [WIDTH-1:0] rd_q;

    wire fire = s_axis_tvalid && load_en;
    assign s_axis_tready = load_en;

    // the word array: a synchronous-read RAM (block RAM on FPGAs; the SRAM macro of make asic
    // MEM=macro, which black-boxes swm_sram_1r1w)
    swm_sram_1r1w #(.WIDTH(WIDTH), .DEPTH(DEPTH), .AW(AW), .INIT_FILE(INIT_FILE)) u_sram (
        .clk(clk), .we(fire && (wr_addr_reg != DEPTH_C)), .waddr(wr_addr_reg[AW-1:0]), .wdata(s_axis_tdata),
        .re(rd_en), .raddr(rd_addr), .rdata(rd_q)
    );

    always @(posedge clk) begin
        if (fire) begin
            if (s_axis_tlast) begin
                wr_addr_reg <= {LW{1'b0}};
            end else if (wr_addr_reg != DEPTH_C) begin
                // the address stops at DEPTH: later words of an overlong load are dropped
                wr_addr_reg <= wr_addr_reg + {{(LW-1){1'b0}}, 1'b1};
            end
        end
        if (rst) begin
            wr_addr_reg <= {LW{1'b0}};
        end
    end

    generate
        if (OUT_REG == 1) begin : g_out_reg
            reg [WIDTH-1:0] rd_data_reg;
            always @(posedge clk) begin
                if (rd_en) begin
                    rd_data_reg <= rd_q;
                end
            end
            assign rd_data = rd_data_reg;
        end else begin : g_no_out_reg
            assign rd_data = rd_q;
        end
    endgenerate

endmodule

`resetall
