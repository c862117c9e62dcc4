// SPDX-License-Identifier: Apache-2.0
// Stream-loadable on-chip RAM: sequential writes from an AXI stream, synchronous read port.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Words arriving on s_axis while LOAD_EN is high are written to addresses 0, 1, 2, ...; tlast ends
// a load and returns the write address to 0; words beyond DEPTH are dropped (the Python loader
// checks image sizes before streaming). The read port advances while rd_en is high; rd_data holds
// mem[rd_addr] of the rd_en cycle OUT_REG cycles before the last one:
//   OUT_REG = 0: the RAM's own read register drives rd_data (read latency 1 rd_en cycle);
//   OUT_REG = 1: one fabric register after it, so no logic follows the block RAM's clock-to-out
//                (latency 2);
//   OUT_REG = 2: the array is split into banks of BANK_DEPTH words (one block-RAM depth), each
//                bank's read data is registered in the fabric, then the bank multiplexer, then
//                the output register (latency 3): neither the block RAM's clock-to-out nor a
//                long routed net shares a cycle with the multiplexer. A single bank (DEPTH <=
//                BANK_DEPTH) keeps the same latency.
// Each bank is a swm_sram_1r1w (block RAM on FPGAs; the SRAM macro of make asic MEM=macro, which
// black-boxes swm_sram_1r1w); only the addressed bank is read. INIT_FILE, when not empty,
// preloads the words with $readmemh (an image written by `swm export`); a banked memory has no
// single array to preload and is loaded over its stream.
module swm_load_ram #(
    // word width in bits
    parameter integer WIDTH = 32,
    // number of words
    parameter integer DEPTH = 16,
    // $readmemh image to preload ("" = none)
    parameter INIT_FILE = "",
    // fabric registers after the RAM read (0, 1, or 2 = banked, see above)
    parameter integer OUT_REG = 1,
    // words per bank with OUT_REG = 2 (a power of two: 2048 = one ECP5 DP16KD / one 7-series
    // RAMB18 depth at 9 bits)
    parameter integer BANK_DEPTH = 2048
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
    // banks (OUT_REG = 2 only) and the bank-offset address width
    localparam integer NB  = (OUT_REG == 2 && DEPTH > BANK_DEPTH) ? (DEPTH + BANK_DEPTH - 1) / BANK_DEPTH : 1;
    localparam integer BOW = (NB > 1) ? $clog2(BANK_DEPTH) : AW;
    localparam integer SW  = (NB > 1) ? AW - BOW : 1;

    initial begin
        if (DEPTH < 1 || WIDTH < 1) begin
            $error("%m: DEPTH = %0d and WIDTH = %0d must be at least 1", DEPTH, WIDTH);
            $finish;
        end
        if (OUT_REG < 0 || OUT_REG > 2) begin
            $error("%m: OUT_REG = %0d must be 0, 1 or 2", OUT_REG);
            $finish;
        end
        if (BANK_DEPTH < 2 || (BANK_DEPTH & (BANK_DEPTH - 1)) != 0) begin
            $error("%m: BANK_DEPTH = %0d must be a power of two >= 2", BANK_DEPTH);
            $finish;
        end
        if (NB > 1 && INIT_FILE != "") begin
            $error("%m: INIT_FILE preload needs DEPTH = %0d <= BANK_DEPTH = %0d; load a banked memory over its stream", DEPTH, BANK_DEPTH);
            $finish;
        end
    end

    reg  [LW-1:0]    wr_addr_reg;

    wire fire = s_axis_tvalid && load_en;
    wire wr_ok = fire && (wr_addr_reg != DEPTH_C);
    assign s_axis_tready = load_en;

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
        if (NB == 1) begin : g_one
            wire [WIDTH-1:0] rd_q;

            swm_sram_1r1w #(.WIDTH(WIDTH), .DEPTH(DEPTH), .AW(AW), .INIT_FILE(INIT_FILE)) u_sram (
                .clk(clk), .we(wr_ok), .waddr(wr_addr_reg[AW-1:0]), .wdata(s_axis_tdata),
                .re(rd_en), .raddr(rd_addr), .rdata(rd_q)
            );

            if (OUT_REG == 0) begin : g_r0
                assign rd_data = rd_q;
            end else if (OUT_REG == 1) begin : g_r1
                reg [WIDTH-1:0] rd_data_reg;
                always @(posedge clk) begin
                    if (rd_en) begin
                        rd_data_reg <= rd_q;
                    end
                end
                assign rd_data = rd_data_reg;
            end else begin : g_r2
                reg [WIDTH-1:0] rd_q_reg;
                reg [WIDTH-1:0] rd_data_reg;
                always @(posedge clk) begin
                    if (rd_en) begin
                        rd_q_reg    <= rd_q;
                        rd_data_reg <= rd_q_reg;
                    end
                end
                assign rd_data = rd_data_reg;
            end
        end else begin : g_banked
            // bank select of the read in the RAM cycle (s1) and the bank-register cycle (s2)
            wire [SW-1:0] rd_sel = rd_addr[AW-1:BOW];
            wire [SW-1:0] wr_sel = wr_addr_reg[AW-1:BOW];
            reg  [SW-1:0] sel1_reg;
            reg  [SW-1:0] sel2_reg;
            wire [WIDTH-1:0] bank_q [0:NB-1];
            reg  [WIDTH-1:0] rd_data_reg;

            genvar b;
            for (b = 0; b < NB; b = b + 1) begin : g_bank
                localparam integer BD  = (DEPTH - b * BANK_DEPTH < BANK_DEPTH) ? DEPTH - b * BANK_DEPTH : BANK_DEPTH;
                localparam integer BAW = (BD > 1) ? $clog2(BD) : 1;
                localparam [SW-1:0] B_C = b;
                wire [WIDTH-1:0] q;
                reg  [WIDTH-1:0] q_reg;

                swm_sram_1r1w #(.WIDTH(WIDTH), .DEPTH(BD), .AW(BAW), .INIT_FILE("")) u_sram (
                    .clk(clk), .we(wr_ok && (wr_sel == B_C)), .waddr(wr_addr_reg[BAW-1:0]),
                    .wdata(s_axis_tdata), .re(rd_en && (rd_sel == B_C)), .raddr(rd_addr[BAW-1:0]),
                    .rdata(q)
                );

                always @(posedge clk) begin
                    if (rd_en && (sel1_reg == B_C)) begin
                        q_reg <= q;
                    end
                end
                assign bank_q[b] = q_reg;
            end

            always @(posedge clk) begin
                if (rd_en) begin
                    sel1_reg    <= rd_sel;
                    sel2_reg    <= sel1_reg;
                    rd_data_reg <= bank_q[sel2_reg];
                end
            end
            assign rd_data = rd_data_reg;
        end
    endgenerate

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_load_ram/
    `include "swm_load_ram_props.vh"
`endif

endmodule

`resetall
