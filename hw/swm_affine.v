// SPDX-License-Identifier: Apache-2.0
// swm_affine: per-channel affine y = act(sat(rnd(x*scale[c] + shift[c], OUT_SHIFT), DW)) on a stream (folded BatchNorm).

`resetall
`timescale 1ns / 1ps
`default_nettype none

// docs/datapath.md "Convolution, affine and max-pool": the sample n of a frame belongs to channel
// c = n mod C (feature maps stream in raster order, channels innermost; a vector is one pixel of
// C channels). a = x*scale[c] + shift[c] is exact (DW+WW+1 bits); o = sat(rnd(a, OUT_SHIFT), DW)
// with swm_round / swm_sat; y = act(o) (swm_act, F = Y_FRAC).
// Frames: N samples, a multiple of C. The output tlast is on sample N-1 of each frame, counted;
// an input tlast that is not on sample N-1 (or a missing one) sets the sticky err_len (cleared by
// rst) and the samples still pass (the count, not the input tlast, frames the output).
// Memories: scale (C words of WW bits) and shift (C words of DW+WW bits) are loaded over
// s_axis_w / s_axis_b (swm_load_ram: address 0, 1, ..., tlast returns to 0), or preloaded from
// SCALE_FILE / SHIFT_FILE ($readmemh images written by `swm export`).
// Pipeline: 4 register stages (memory read with the sample, product and sum, rounding, output);
// every stage advances when the output register is empty or taken (s_axis_x_tready = advance),
// so one sample per clock without backpressure.
module swm_affine #(
    // sample width
    parameter integer DW = 16,
    // scale width (the shift is DW+WW bits)
    parameter integer WW = 16,
    // channels (sample n has channel n mod C)
    parameter integer C = 4,
    // samples per frame (a multiple of C)
    parameter integer N = 16,
    // 0: half-up, 1: convergent rounding
    parameter integer ROUND_MODE = 0,
    // output rounding shift (0..DW+WW)
    parameter integer OUT_SHIFT = 8,
    // activation: 0 identity, 1 ReLU, 2 sigmoid, 3 tanh
    parameter integer ACT = 1,
    // fraction bits of the output (sigmoid/tanh: <= DW-4)
    parameter integer Y_FRAC = 8,
    // $readmemh preload of the scale words ("" = none)
    parameter SCALE_FILE = "",
    // $readmemh preload of the shift words ("" = none)
    parameter SHIFT_FILE = ""
) (
    input  wire                  clk,
    input  wire                  rst,
    // a sample is in the pipeline
    output wire                  busy,
    // sticky: an input tlast that is not on sample N-1
    output wire                  err_len,

    input  wire [DW-1:0]         s_axis_x_tdata,
    input  wire                  s_axis_x_tvalid,
    output wire                  s_axis_x_tready,
    input  wire                  s_axis_x_tlast,

    output wire [DW-1:0]         m_axis_y_tdata,
    output wire                  m_axis_y_tvalid,
    input  wire                  m_axis_y_tready,
    output wire                  m_axis_y_tlast,

    // scale words (load while no frame is in flight)
    input  wire [WW-1:0]         s_axis_w_tdata,
    input  wire                  s_axis_w_tvalid,
    output wire                  s_axis_w_tready,
    input  wire                  s_axis_w_tlast,
    // shift words
    input  wire [DW+WW-1:0]      s_axis_b_tdata,
    input  wire                  s_axis_b_tvalid,
    output wire                  s_axis_b_tready,
    input  wire                  s_axis_b_tlast
);

    localparam integer SW = DW + WW;      // shift and product width
    localparam integer AW = SW + 1;       // x*scale + shift
    localparam integer CW = (C > 1) ? $clog2(C) : 1;
    localparam integer NW = $clog2(N + 1);
    localparam integer OSW = $clog2(SW + 2);
    localparam integer C_I = C;
    localparam integer N_I = N;
    localparam integer OUT_SHIFT_I = OUT_SHIFT;
    localparam integer ACT_I = ACT;
    localparam integer Y_FRAC_I = Y_FRAC;
    localparam [CW-1:0] C_LAST = C_I[CW-1:0] - 1'b1;
    localparam [NW-1:0] N_LAST = N_I[NW-1:0] - 1'b1;

    initial begin
        if (DW < 5 || WW < 2) begin
            $error("%m: DW = %0d must be >= 5 and WW = %0d >= 2", DW, WW);
            $finish;
        end
        if (C < 1 || N < C || N % C != 0) begin
            $error("%m: N = %0d must be a positive multiple of C = %0d", N, C);
            $finish;
        end
        if (OUT_SHIFT < 0 || OUT_SHIFT > SW) begin
            $error("%m: OUT_SHIFT = %0d must be in 0..DW+WW = %0d", OUT_SHIFT, SW);
            $finish;
        end
        if (ACT < 0 || ACT > 3 || Y_FRAC < 0 || Y_FRAC > DW - 1 || (ACT >= 2 && Y_FRAC > DW - 4)) begin
            $error("%m: ACT = %0d must be 0..3 and Y_FRAC = %0d in 0..DW-1 (0..DW-4 for sigmoid/tanh)", ACT, Y_FRAC);
            $finish;
        end
    end

    // ---- pipeline control: every stage advances with the output register ------------------
    reg  a_valid_reg, b_valid_reg, r_valid_reg, y_valid_reg;
    reg  a_last_reg, b_last_reg, r_last_reg, y_last_reg;
    wire adv = !y_valid_reg || m_axis_y_tready;
    wire x_fire = s_axis_x_tvalid && adv;

    assign s_axis_x_tready = adv;

    // ---- framing: channel and sample counters ---------------------------------------------
    reg [CW-1:0] c_reg;
    reg [NW-1:0] n_reg;
    reg          err_reg;
    wire         n_last = (n_reg == N_LAST);

    always @(posedge clk) begin
        if (x_fire) begin
            c_reg <= (c_reg == C_LAST) ? {CW{1'b0}} : c_reg + 1'b1;
            n_reg <= n_last ? {NW{1'b0}} : n_reg + 1'b1;
            if (s_axis_x_tlast != n_last) begin
                err_reg <= 1'b1;
            end
        end
        if (rst) begin
            c_reg   <= {CW{1'b0}};
            n_reg   <= {NW{1'b0}};
            err_reg <= 1'b0;
        end
    end

    // ---- stage a: the sample with its channel's scale and shift ------------------------------
    wire [WW-1:0] scale_q;
    wire [SW-1:0] shift_q;
    reg  [DW-1:0] a_x_reg;
    wire          load_en = !busy;

    swm_load_ram #(.WIDTH(WW), .DEPTH(C), .INIT_FILE(SCALE_FILE), .OUT_REG(0)) u_scale (
        .clk(clk), .rst(rst), .load_en(load_en),
        .s_axis_tdata(s_axis_w_tdata), .s_axis_tvalid(s_axis_w_tvalid), .s_axis_tready(s_axis_w_tready),
        .s_axis_tlast(s_axis_w_tlast), .rd_en(adv), .rd_addr(c_reg), .rd_data(scale_q));

    swm_load_ram #(.WIDTH(SW), .DEPTH(C), .INIT_FILE(SHIFT_FILE), .OUT_REG(0)) u_shift (
        .clk(clk), .rst(rst), .load_en(load_en),
        .s_axis_tdata(s_axis_b_tdata), .s_axis_tvalid(s_axis_b_tvalid), .s_axis_tready(s_axis_b_tready),
        .s_axis_tlast(s_axis_b_tlast), .rd_en(adv), .rd_addr(c_reg), .rd_data(shift_q));

    // ---- stage b: a = x*scale + shift (exact) ----------------------------------------------------
    reg signed [AW-1:0] b_a_reg;
    wire signed [SW-1:0] prod = $signed(a_x_reg) * $signed(scale_q);

    // ---- stage r: o = sat(rnd(a, OUT_SHIFT), DW) (the rounding registered in swm_round) ----------
    wire [AW-1:0] r_rnd;
    wire [DW-1:0] r_o;
    wire [DW-1:0] y_act;
    reg  [DW-1:0] y_reg;
    localparam [OSW-1:0] OUT_SHIFT_C = OUT_SHIFT_I[OSW-1:0];
    localparam [1:0] ACT_C = ACT_I[1:0];
    localparam [$clog2(DW)-1:0] Y_FRAC_C = Y_FRAC_I[$clog2(DW)-1:0];

    swm_round #(.IN_W(AW), .OUT_W(AW), .MAX_SHIFT(SW + 1), .ROUND_MODE(ROUND_MODE), .PIPE(1)) u_rnd (
        .clk(clk), .ce(adv), .din(b_a_reg), .shift(OUT_SHIFT_C), .dout(r_rnd));
    swm_sat #(.IN_W(AW), .OUT_W(DW)) u_sat (.din(r_rnd), .dout(r_o));
    swm_act #(.DW(DW), .PIPE(0)) u_act (.clk(clk), .ce(adv), .in_data(r_o), .act(ACT_C), .frac(Y_FRAC_C),
                                       .out_data(y_act));

    always @(posedge clk) begin
        if (adv) begin
            a_valid_reg <= s_axis_x_tvalid;
            a_last_reg  <= n_last;
            a_x_reg     <= s_axis_x_tdata;
            b_valid_reg <= a_valid_reg;
            b_last_reg  <= a_last_reg;
            b_a_reg     <= {prod[SW-1], prod} + {shift_q[SW-1], shift_q};
            r_valid_reg <= b_valid_reg;
            r_last_reg  <= b_last_reg;
            y_valid_reg <= r_valid_reg;
            y_last_reg  <= r_last_reg;
            y_reg       <= y_act;
        end
        if (rst) begin
            a_valid_reg <= 1'b0;
            b_valid_reg <= 1'b0;
            r_valid_reg <= 1'b0;
            y_valid_reg <= 1'b0;
        end
    end

    assign busy = a_valid_reg || b_valid_reg || r_valid_reg || y_valid_reg || (n_reg != {NW{1'b0}});
    assign err_len = err_reg;
    assign m_axis_y_tdata  = y_reg;
    assign m_axis_y_tvalid = y_valid_reg;
    assign m_axis_y_tlast  = y_last_reg;

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_affine/
    `include "swm_affine_props.vh"
`endif

endmodule

`resetall
