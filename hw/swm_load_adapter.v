// SPDX-License-Identifier: Apache-2.0
// Weight-load adapter: 32-bit load-bus beats -> one memory word of WIDTH bits per ceil(WIDTH/32) beats.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// The network's single load stream (s_axis, 32-bit beats) reaches every stage memory; the adapter
// whose SEL matches `sel` takes it. A memory word of WIDTH bits is sent as NB = ceil(WIDTH/32)
// beats, least significant 32 bits first (the last beat's unused upper bits are ignored); the
// word's tlast is the tlast of its last beat. A tlast on an earlier beat ends the word there
// (the remaining bits are zero) and returns the adapter to the first beat, so a load always
// restarts aligned. s_axis_tready is high only while selected and the memory side can take the
// word being completed. With DEPTH > 0 (the memory's words) the adapter counts the words of a
// packet and pulses `overflow` for every word past DEPTH (the memory drops those words); the
// count restarts after each tlast.
module swm_load_adapter #(
    // memory word width in bits
    parameter integer WIDTH = 128,
    // this adapter's select value
    parameter integer SEL = 0,
    // width of the select input
    parameter integer SEL_W = 4,
    // words of the memory behind the adapter (0: no length check)
    parameter integer DEPTH = 0
) (
    input  wire              clk,
    input  wire              rst,
    input  wire [SEL_W-1:0]  sel,
    input  wire [31:0]       s_axis_tdata,
    input  wire              s_axis_tvalid,
    output wire              s_axis_tready,
    input  wire              s_axis_tlast,
    output wire [WIDTH-1:0]  m_axis_tdata,
    output wire              m_axis_tvalid,
    input  wire              m_axis_tready,
    output wire              m_axis_tlast,
    // one cycle per word passed on beyond DEPTH words of a packet (DEPTH > 0)
    output wire              overflow
);

    localparam integer NB  = (WIDTH + 31) / 32;
    localparam integer BW  = (NB > 1) ? $clog2(NB) : 1;
    localparam integer NB_LAST_I = NB - 1;
    localparam [BW-1:0] NB_LAST = NB_LAST_I[BW-1:0];
    localparam integer SEL_I = SEL;
    localparam [SEL_W-1:0] SEL_C = SEL_I[SEL_W-1:0];

    initial begin
        if (WIDTH < 1 || SEL < 0 || SEL >= (1 << SEL_W) || DEPTH < 0) begin
            $error("%m: WIDTH = %0d must be >= 1, SEL = %0d must fit SEL_W = %0d bits, DEPTH = %0d must be >= 0",
                   WIDTH, SEL, SEL_W, DEPTH);
            $finish;
        end
    end

    reg [BW-1:0]     beat_reg;
    reg [NB*32-1:0]  word_reg;

    wire selected = (sel == SEL_C);
    wire end_word = (beat_reg == NB_LAST) || s_axis_tlast;
    // a beat that completes a word needs the memory side ready; earlier beats are buffered here
    assign s_axis_tready = selected && (!end_word || m_axis_tready);
    wire fire = s_axis_tvalid && s_axis_tready;

    // the word as it stands with this beat merged in: 32-bit segment i is the beat when i is the
    // current beat, the buffered beat when i is an earlier one and zero above (a word ended early).
    // One small compare per segment: no wide shifter or mask arithmetic on the load path.
    wire [NB*32-1:0] merged;
    genvar gi;
    generate
        for (gi = 0; gi < NB; gi = gi + 1) begin : g_seg
            localparam integer SEG_I = gi;
            localparam [BW-1:0] SEG = SEG_I[BW-1:0];
            if (gi == NB - 1) begin : g_last   // the last beat: never an earlier one
                assign merged[gi*32 +: 32] = (beat_reg == SEG) ? s_axis_tdata : 32'd0;
            end else begin : g_mid
                assign merged[gi*32 +: 32] = (beat_reg == SEG) ? s_axis_tdata :
                                             (beat_reg > SEG)  ? word_reg[gi*32 +: 32] : 32'd0;
            end
        end
    endgenerate

    assign m_axis_tdata  = merged[WIDTH-1:0];
    assign m_axis_tvalid = selected && s_axis_tvalid && end_word;
    assign m_axis_tlast  = s_axis_tlast;

    // ---- packet length check: words counted up to DEPTH, then every further word overflows
    localparam integer CWD = (DEPTH > 0) ? $clog2(DEPTH + 1) : 1;
    localparam integer DEPTH_I = DEPTH;
    localparam [CWD-1:0] DEPTH_C = DEPTH_I[CWD-1:0];
    generate
        if (DEPTH > 0) begin : g_check
            wire word_fire = m_axis_tvalid && m_axis_tready;
            reg [CWD-1:0] words_reg;
            assign overflow = word_fire && (words_reg == DEPTH_C);
            always @(posedge clk) begin
                if (word_fire) begin
                    if (m_axis_tlast) begin
                        words_reg <= {CWD{1'b0}};
                    end else if (words_reg != DEPTH_C) begin
                        words_reg <= words_reg + {{(CWD-1){1'b0}}, 1'b1};
                    end
                end
                if (rst) begin
                    words_reg <= {CWD{1'b0}};
                end
            end
        end else begin : g_nocheck
            assign overflow = 1'b0;
        end
    endgenerate

    always @(posedge clk) begin
        if (fire) begin
            word_reg <= merged;
            beat_reg <= end_word ? {BW{1'b0}} : beat_reg + {{(BW-1){1'b0}}, 1'b1};
        end
        if (rst) begin
            beat_reg <= {BW{1'b0}};
        end
    end

    /* verilator lint_off UNUSEDSIGNAL */
    wire [2*NB*32-1:0] unused_high = {merged, word_reg};
    /* verilator lint_on UNUSEDSIGNAL */

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_load_adapter/
    `include "swm_load_adapter_props.vh"
`endif

endmodule

`resetall
