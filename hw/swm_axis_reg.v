// SPDX-License-Identifier: Apache-2.0
// AXI4-Stream register slice: registered data, valid and ready, full throughput.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// swm_axis_reg cuts every combinational path between its two sides: m_axis_t* come from an
// output register and s_axis_tready from a flip-flop. A second (skid) register takes the beat that
// arrives in the cycle the sink stalls, so a sink that is always ready sees one beat per clock and
// a stall costs no beat. Latency one cycle. `busy` is high while it holds a beat (its output
// register is full; the skid register only fills behind a full output register).
module swm_axis_reg #(
    // tdata bits (data and any side-band that travels with it)
    parameter integer W = 32
) (
    input  wire         clk,
    input  wire         rst,
    input  wire [W-1:0] s_axis_tdata,
    input  wire         s_axis_tvalid,
    output wire         s_axis_tready,
    input  wire         s_axis_tlast,
    output wire [W-1:0] m_axis_tdata,
    output wire         m_axis_tvalid,
    input  wire         m_axis_tready,
    output wire         m_axis_tlast,
    output wire         busy
);

    initial begin
        if (W < 1) begin
            $error("%m: W = %0d must be >= 1", W);
            $finish;
        end
    end

    wire        s_valid = s_axis_tvalid;
    wire        m_ready = m_axis_tready;
    reg [W-1:0] data_reg;
    reg [W-1:0] skid_reg;
    reg         last_reg;
    reg         skid_last_reg;
    reg         valid_reg;
    reg         skid_valid_reg;

    assign s_axis_tready = !skid_valid_reg;
    assign m_axis_tdata  = data_reg;
    assign m_axis_tlast  = last_reg;
    assign m_axis_tvalid = valid_reg;
    assign busy          = valid_reg;

    always @(posedge clk) begin
        if (!valid_reg || m_ready) begin
            // the output register is free this cycle: the skid beat first, else the input
            if (skid_valid_reg) begin
                data_reg       <= skid_reg;
                last_reg       <= skid_last_reg;
                valid_reg      <= 1'b1;
                skid_valid_reg <= 1'b0;
            end else begin
                data_reg  <= s_axis_tdata;
                last_reg  <= s_axis_tlast;
                valid_reg <= s_valid;
            end
        end else if (s_valid && !skid_valid_reg) begin
            // the sink stalls with a full output register: park the beat
            skid_reg       <= s_axis_tdata;
            skid_last_reg  <= s_axis_tlast;
            skid_valid_reg <= 1'b1;
        end
        if (rst) begin
            valid_reg      <= 1'b0;
            skid_valid_reg <= 1'b0;
        end
    end

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_axis_reg/
    `include "swm_axis_reg_props.vh"
`endif

endmodule

`resetall
