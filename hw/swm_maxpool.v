// SPDX-License-Identifier: Apache-2.0
// swm_maxpool: 2x2 max-pool, stride 2, of an H x W x C feature map streamed in raster order, channels innermost.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// docs/datapath.md "Convolution, affine and max-pool" (swm.golden_cnn.maxpool_int): output pixel
// (i, j) channel c is the maximum of input pixels (2i..2i+1, 2j..2j+1) channel c, signed DW-bit;
// a last row or column that does not fill a window (odd H or W) is dropped. Output: H/2 x W/2 x C
// samples per frame in the same order, tlast on the last.
// The partner of a sample in an odd column is the same channel of the pixel before it, exactly C
// samples earlier: a C-word delay line (swm_sram_1r1w, read-before-write at the same address).
// An even row stores the horizontal maxima of its pixel pairs in a row buffer of (W/2)*C words
// (swm_sram_1r1w); the odd row below reads them back and emits the maximum of the four.
// Frames: the position is counted; an input tlast that is not on sample H*W*C-1 (or a missing
// one) sets the sticky err_len (cleared by rst) and the count still frames the output.
// Pipeline: the sample with its two memory reads, then the output register; both advance when the
// output register is empty or taken (s_axis_tready = advance): one sample per clock.
module swm_maxpool #(
    // sample width
    parameter integer DW = 16,
    // input rows
    parameter integer H = 4,
    // input columns
    parameter integer W = 4,
    // channels
    parameter integer C = 2
) (
    input  wire           clk,
    input  wire           rst,
    // a frame is in progress or a sample in the pipeline
    output wire           busy,
    // sticky: an input tlast that is not on sample H*W*C-1
    output wire           err_len,

    input  wire [DW-1:0]  s_axis_tdata,
    input  wire           s_axis_tvalid,
    output wire           s_axis_tready,
    input  wire           s_axis_tlast,

    output wire [DW-1:0]  m_axis_tdata,
    output wire           m_axis_tvalid,
    input  wire           m_axis_tready,
    output wire           m_axis_tlast
);

    localparam integer OH = H / 2;
    localparam integer OW = W / 2;
    localparam integer RB = (OW * C > 0) ? OW * C : 1;   // row buffer words
    localparam integer CW = (C > 1) ? $clog2(C) : 1;
    localparam integer HW = $clog2(H + 1);
    localparam integer WW_ = $clog2(W + 1);
    localparam integer RBW = (RB > 1) ? $clog2(RB) : 1;
    localparam integer C_I = C;
    localparam integer H_I = H;
    localparam integer W_I = W;
    localparam [CW-1:0]  C_LAST = C_I[CW-1:0] - 1'b1;
    localparam [HW-1:0]  H_LAST = H_I[HW-1:0] - 1'b1;
    localparam [WW_-1:0] W_LAST = W_I[WW_-1:0] - 1'b1;
    // the last row / column inside a whole window (2*OH-1, 2*OW-1)
    localparam integer H_KEEP_I = 2 * OH - 1;
    localparam integer W_KEEP_I = 2 * OW - 1;
    localparam [HW-1:0]  H_KEEP = H_KEEP_I[HW-1:0];
    localparam [WW_-1:0] W_KEEP = W_KEEP_I[WW_-1:0];
    localparam [RBW-1:0] C_STEP = C_I[RBW-1:0];

    initial begin
        if (DW < 2 || H < 2 || W < 2 || C < 1) begin
            $error("%m: DW = %0d, H = %0d, W = %0d must be >= 2 and C = %0d >= 1", DW, H, W, C);
            $finish;
        end
    end

    // ---- position of the incoming sample -------------------------------------------------------
    reg  [CW-1:0]  c_reg;
    reg  [WW_-1:0] w_reg;
    reg  [HW-1:0]  h_reg;
    reg  [CW-1:0]  dl_ptr_reg;     // delay-line address (mod C)
    reg  [RBW-1:0] pair_base_reg;  // (w/2)*C for the pixel pair of the sample
    reg            err_reg;

    reg  y_valid_reg;
    wire adv    = !y_valid_reg || m_axis_tready;
    wire x_fire = s_axis_tvalid && adv;
    assign s_axis_tready = adv;

    wire c_last = (c_reg == C_LAST);
    wire w_last = (w_reg == W_LAST);
    wire h_last = (h_reg == H_LAST);
    wire frame_last = c_last && w_last && h_last;

    always @(posedge clk) begin
        if (x_fire) begin
            c_reg      <= c_last ? {CW{1'b0}} : c_reg + 1'b1;
            dl_ptr_reg <= (dl_ptr_reg == C_LAST) ? {CW{1'b0}} : dl_ptr_reg + 1'b1;
            if (c_last) begin
                w_reg <= w_last ? {WW_{1'b0}} : w_reg + 1'b1;
                if (w_last) begin
                    h_reg <= h_last ? {HW{1'b0}} : h_reg + 1'b1;
                end
                // a pixel pair ends with an odd column
                if (w_last) begin
                    pair_base_reg <= {RBW{1'b0}};
                end else if (w_reg[0]) begin
                    pair_base_reg <= pair_base_reg + C_STEP;
                end
            end
            if (s_axis_tlast != frame_last) begin
                err_reg <= 1'b1;
            end
        end
        if (rst) begin
            c_reg         <= {CW{1'b0}};
            w_reg         <= {WW_{1'b0}};
            h_reg         <= {HW{1'b0}};
            dl_ptr_reg    <= {CW{1'b0}};
            pair_base_reg <= {RBW{1'b0}};
            err_reg       <= 1'b0;
        end
    end

    // ---- stage 1: the sample, its partner (C samples back) and the row buffer word ------------
    // RBW >= CW (the row buffer holds at least one pixel of C channels)
    wire [RBW-1:0] c_ext;
    generate
        if (RBW > CW) begin : g_cext
            assign c_ext = {{(RBW-CW){1'b0}}, c_reg};
        end else begin : g_cfull
            assign c_ext = c_reg;
        end
    endgenerate
    wire [RBW-1:0] rb_idx = pair_base_reg + c_ext;
    reg            s1_valid_reg;
    reg            s1_keep_reg;     // in a whole window, odd column: completes a pixel pair
    reg            s1_hodd_reg;
    reg            s1_last_reg;     // the frame's last output sample
    reg  [DW-1:0]  s1_x_reg;
    reg  [RBW-1:0] s1_idx_reg;
    wire [DW-1:0]  partner;
    wire [DW-1:0]  row_q;

    swm_sram_1r1w #(.WIDTH(DW), .DEPTH(C), .AW(CW)) u_delay (
        .clk(clk), .we(x_fire), .waddr(dl_ptr_reg), .wdata(s_axis_tdata),
        .re(x_fire), .raddr(dl_ptr_reg), .rdata(partner));

    wire signed [DW-1:0] xs = s1_x_reg;
    wire signed [DW-1:0] ps = partner;
    wire signed [DW-1:0] rs = row_q;
    wire signed [DW-1:0] hmax = (ps > xs) ? ps : xs;
    wire signed [DW-1:0] vmax = (rs > hmax) ? rs : hmax;
    wire rb_we = adv && s1_valid_reg && s1_keep_reg && !s1_hodd_reg;

    swm_sram_1r1w #(.WIDTH(DW), .DEPTH(RB), .AW(RBW)) u_row (
        .clk(clk), .we(rb_we), .waddr(s1_idx_reg), .wdata(hmax),
        .re(x_fire), .raddr(rb_idx), .rdata(row_q));

    reg [DW-1:0] y_reg;
    reg          y_last_reg;

    always @(posedge clk) begin
        if (adv) begin
            s1_valid_reg <= x_fire;
            s1_keep_reg  <= w_reg[0] && (w_reg <= W_KEEP) && (h_reg <= H_KEEP);
            s1_hodd_reg  <= h_reg[0];
            s1_last_reg  <= c_last && (w_reg == W_KEEP) && (h_reg == H_KEEP);
            s1_x_reg     <= s_axis_tdata;
            s1_idx_reg   <= rb_idx;
            y_valid_reg  <= s1_valid_reg && s1_keep_reg && s1_hodd_reg;
            y_reg        <= vmax;
            y_last_reg   <= s1_last_reg;
        end
        if (rst) begin
            s1_valid_reg <= 1'b0;
            y_valid_reg  <= 1'b0;
        end
    end

    assign busy = s1_valid_reg || y_valid_reg || (c_reg != {CW{1'b0}}) || (w_reg != {WW_{1'b0}}) ||
                  (h_reg != {HW{1'b0}});
    assign err_len = err_reg;
    assign m_axis_tdata  = y_reg;
    assign m_axis_tvalid = y_valid_reg;
    assign m_axis_tlast  = y_last_reg;

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_maxpool/
    `include "swm_maxpool_props.vh"
`endif

endmodule

`resetall
