// SPDX-License-Identifier: Apache-2.0
// AXI4-Stream FIFO between dataflow stages: DEPTH words of data + tlast, registered output.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// A synchronous FIFO (one clock) with valid/ready on both sides. The word array is a plain
// memory (distributed RAM or flip-flops; block RAM for large DEPTH), the output is a register
// (first word out one cycle after it is written), so neither side sees combinational paths from
// the other: s_axis_tready depends only on the fill level and m_axis_t* are registers, so a full
// array refuses input even in a cycle in which a word leaves it. `level` counts the words inside
// (array + output register), 0..DEPTH+1. Reset empties the FIFO (control only; data is not reset).
module swm_axis_fifo #(
    // data width in bits
    parameter integer WIDTH = 16,
    // words in the array (a power of two >= 2); the output register holds one more
    parameter integer DEPTH = 16
) (
    input  wire             clk,
    input  wire             rst,
    input  wire [WIDTH-1:0] s_axis_tdata,
    input  wire             s_axis_tvalid,
    output wire             s_axis_tready,
    input  wire             s_axis_tlast,
    output wire [WIDTH-1:0] m_axis_tdata,
    output wire             m_axis_tvalid,
    input  wire             m_axis_tready,
    output wire             m_axis_tlast,
    output wire [LVW-1:0]   level
);

    localparam integer AW  = $clog2(DEPTH);
    // level holds 0..DEPTH+1, which AW+1 bits cover for DEPTH = 2^AW >= 2
    localparam integer LVW = AW + 1;

    initial begin
        if (DEPTH < 2 || (DEPTH & (DEPTH - 1)) != 0 || WIDTH < 1) begin
            $error("%m: DEPTH = %0d must be a power of two >= 2 and WIDTH = %0d >= 1", DEPTH, WIDTH);
            $finish;
        end
    end

    reg [WIDTH:0]   mem [0:DEPTH-1];
    reg [AW:0]      wr_ptr_reg;
    reg [AW:0]      rd_ptr_reg;
    reg [WIDTH-1:0] out_data_reg;
    reg             out_last_reg;
    reg             out_valid_reg;

    wire empty = (wr_ptr_reg == rd_ptr_reg);
    wire full  = (wr_ptr_reg == {~rd_ptr_reg[AW], rd_ptr_reg[AW-1:0]});
    wire wr    = s_axis_tvalid && !full;
    // the output register takes the next word when it is empty or being read
    wire rd    = !empty && (!out_valid_reg || m_axis_tready);

    assign s_axis_tready = !full;
    assign m_axis_tdata  = out_data_reg;
    assign m_axis_tlast  = out_last_reg;
    assign m_axis_tvalid = out_valid_reg;

    wire [AW:0] used = wr_ptr_reg - rd_ptr_reg;
    assign level = used + {{AW{1'b0}}, out_valid_reg};

    always @(posedge clk) begin
        if (wr) begin
            mem[wr_ptr_reg[AW-1:0]] <= {s_axis_tlast, s_axis_tdata};
            wr_ptr_reg <= wr_ptr_reg + {{AW{1'b0}}, 1'b1};
        end
        if (rd) begin
            {out_last_reg, out_data_reg} <= mem[rd_ptr_reg[AW-1:0]];
            rd_ptr_reg <= rd_ptr_reg + {{AW{1'b0}}, 1'b1};
            out_valid_reg <= 1'b1;
        end else if (m_axis_tready) begin
            out_valid_reg <= 1'b0;
        end
        if (rst) begin
            wr_ptr_reg    <= {(AW+1){1'b0}};
            rd_ptr_reg    <= {(AW+1){1'b0}};
            out_valid_reg <= 1'b0;
        end
    end

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_axis_fifo/
    `include "swm_axis_fifo_props.vh"
`endif

endmodule

`resetall
