// SPDX-License-Identifier: Apache-2.0
// swm_read_skid: AXI-Stream output of a registered-read RAM (read ahead + output and skid registers).

`resetall
`timescale 1ns / 1ps
`default_nettype none

// The back end of swm_rfft and swm_irfft. The caller issues a RAM read (rd_issue, with the
// frame-end flag rd_last of that word) only while rd_ready is high; the RAM returns the word one
// cycle later on rd_data. The word then goes to the output register, or to a skid register while
// the output is stalled. rd_ready is high only when the two registers can take every word in
// flight, so one word per clock is sustained under any output backpressure, and the output
// register holds tdata/tlast while tvalid && !tready.
module swm_read_skid #(
    // word width
    parameter integer W = 36
) (
    input  wire         clk,
    input  wire         rst,

    // read side: issue a read while rd_ready; its word arrives on rd_data in the next cycle
    output wire         rd_ready,
    input  wire         rd_issue,
    input  wire         rd_last,
    input  wire [W-1:0] rd_data,

    // output stream
    output wire [W-1:0] m_axis_tdata,
    output wire         m_axis_tvalid,
    input  wire         m_axis_tready,
    output wire         m_axis_tlast
);

    initial begin
        if (W < 1) begin
            $error("%m: W = %0d must be >= 1", W);
            $finish;
        end
    end

    reg         rd_valid_reg;
    reg         rd_last_reg;
    reg [W-1:0] m_tdata_reg;
    reg [W-1:0] skid_tdata_reg;
    reg         m_tvalid_reg;
    reg         m_tlast_reg;
    reg         skid_valid_reg;
    reg         skid_last_reg;

    wire       out_pop = m_tvalid_reg && m_axis_tready;
    // words held in the two registers or in flight, after this cycle's output transfer
    wire [1:0] out_held = {1'b0, m_tvalid_reg} + {1'b0, skid_valid_reg} + {1'b0, rd_valid_reg}
                          - {1'b0, out_pop};

    assign rd_ready = (out_held <= 2'd1);

    always @(posedge clk) begin
        rd_valid_reg <= rd_issue;
        rd_last_reg  <= rd_last;
        if (!m_tvalid_reg || m_axis_tready) begin
            if (skid_valid_reg) begin
                m_tdata_reg    <= skid_tdata_reg;
                m_tlast_reg    <= skid_last_reg;
                m_tvalid_reg   <= 1'b1;
                skid_tdata_reg <= rd_data;
                skid_last_reg  <= rd_last_reg;
                skid_valid_reg <= rd_valid_reg;
            end else begin
                m_tdata_reg  <= rd_data;
                m_tlast_reg  <= rd_last_reg;
                m_tvalid_reg <= rd_valid_reg;
            end
        end else if (rd_valid_reg) begin
            skid_tdata_reg <= rd_data;
            skid_last_reg  <= rd_last_reg;
            skid_valid_reg <= 1'b1;
        end
        if (rst) begin
            rd_valid_reg   <= 1'b0;
            m_tvalid_reg   <= 1'b0;
            m_tlast_reg    <= 1'b0;
            skid_valid_reg <= 1'b0;
        end
    end

    assign m_axis_tdata  = m_tdata_reg;
    assign m_axis_tvalid = m_tvalid_reg;
    assign m_axis_tlast  = m_tlast_reg;

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_read_skid/
    `include "swm_read_skid_props.vh"
`endif

endmodule

`resetall
