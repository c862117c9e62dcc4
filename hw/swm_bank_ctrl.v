// SPDX-License-Identifier: Apache-2.0
// swm_bank_ctrl: in-order reserve/commit/release bookkeeping of NB buffer banks (ping-pong protocol).

`resetall
`timescale 1ns / 1ps
`default_nettype none

// The one implementation of the multi-bank buffer handshake (docs/architecture.md "Buffer
// protocol"), used by every FFT stage buffer (swm_fft_buf) and by the X and Y buffers of
// swm_bc_layer (swm_slot_buf). The producer reserves a bank while wr_can_reserve is high
// (wr_reserve), fills bank wr_bank and commits it (wr_commit, with a tag); banks are committed in
// reservation order, so wr_bank is always the oldest uncommitted bank. A producer may also reserve
// a bank in the same cycle as it commits it: it then fills wr_bank only while wr_can_reserve is
// high. The consumer reads the oldest committed bank rd_bank while rd_avail is high and frees it
// with rd_release. Reserve, commit and release may all happen in one cycle.
module swm_bank_ctrl #(
    // number of banks (2 = ping-pong), 2..8
    parameter integer NB = 2,
    // width of the tag stored with each committed bank (e.g. a frame-end flag)
    parameter integer TAG_W = 1
) (
    input  wire                    clk,
    input  wire                    rst,

    // producer side
    output wire                    wr_can_reserve,
    input  wire                    wr_reserve,
    input  wire                    wr_commit,
    input  wire [TAG_W-1:0]        wr_tag,
    output wire [((NB > 1) ? $clog2(NB) : 1)-1:0] wr_bank,

    // consumer side
    output wire                    rd_avail,
    output wire [TAG_W-1:0]        rd_tag,
    output wire [((NB > 1) ? $clog2(NB) : 1)-1:0] rd_bank,
    input  wire                    rd_release
);

    // bank index width and occupancy counter width
    localparam integer BW = (NB > 1) ? $clog2(NB) : 1;
    localparam integer CW = $clog2(NB + 1);
    localparam integer NB_I = NB;
    localparam integer LAST_I = NB - 1;
    localparam [CW-1:0] NB_C = NB_I[CW-1:0];
    localparam [BW-1:0] LAST_BANK = LAST_I[BW-1:0];

    initial begin
        if (NB < 2 || NB > 8) begin
            $error("%m: NB = %0d must be in 2..8", NB);
            $finish;
        end
        if (TAG_W < 1) begin
            $error("%m: TAG_W = %0d must be >= 1", TAG_W);
            $finish;
        end
    end

    // banks reserved and not yet released; banks committed and not yet released
    reg [CW-1:0]    used_reg;
    reg [CW-1:0]    filled_reg;
    reg [BW-1:0]    wbank_reg;
    reg [BW-1:0]    rbank_reg;
    reg [TAG_W-1:0] tag_mem [0:NB-1];

    function [BW-1:0] bank_inc(input [BW-1:0] b);
        bank_inc = (b == LAST_BANK) ? {BW{1'b0}} : b + {{(BW-1){1'b0}}, 1'b1};
    endfunction

    assign wr_can_reserve = (used_reg != NB_C);
    assign wr_bank        = wbank_reg;
    assign rd_avail       = (filled_reg != {CW{1'b0}});
    assign rd_bank        = rbank_reg;
    assign rd_tag         = tag_mem[rbank_reg];

    always @(posedge clk) begin
        used_reg   <= used_reg + {{(CW-1){1'b0}}, wr_reserve} - {{(CW-1){1'b0}}, rd_release};
        filled_reg <= filled_reg + {{(CW-1){1'b0}}, wr_commit} - {{(CW-1){1'b0}}, rd_release};
        if (wr_commit) begin
            wbank_reg          <= bank_inc(wbank_reg);
            tag_mem[wbank_reg] <= wr_tag;
        end
        if (rd_release) begin
            rbank_reg <= bank_inc(rbank_reg);
        end
        if (rst) begin
            used_reg   <= {CW{1'b0}};
            filled_reg <= {CW{1'b0}};
            wbank_reg  <= {BW{1'b0}};
            rbank_reg  <= {BW{1'b0}};
        end
    end

`ifndef SYNTHESIS
    // protocol errors of the caller stop the simulation
    always @(posedge clk) begin
        if (!rst) begin
            if (wr_reserve && !wr_can_reserve) begin
                $fatal(1, "%m: wr_reserve with all %0d banks in use", NB);
            end
            if (wr_commit && !wr_reserve && (used_reg == filled_reg)) begin
                $fatal(1, "%m: wr_commit without a reserved bank");
            end
            if (rd_release && !rd_avail) begin
                $fatal(1, "%m: rd_release without a committed bank");
            end
        end
    end
`endif

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_bank_ctrl/
    `include "swm_bank_ctrl_props.vh"
`endif

endmodule

`resetall
