// SPDX-License-Identifier: Apache-2.0
// Dataflow stage: one block-circulant layer (swm_bc_layer) configured at build time, free-running.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// The layer engine sized exactly for one layer (MAX_P = P, MAX_Q = Q, ROWS x LANES MACs) with its
// run-time configuration tied to parameters, as a stage of the network pipeline (swm compile). While `run`
// is high the stage keeps the engine started with the largest vector count (2^32 - 1), so it
// takes vectors whenever they arrive and never needs a start per image; when a run ends (after
// 2^32 - 1 vectors) it starts again. Weights and bias load over s_axis_w / s_axis_b while the
// engine is idle, i.e. before `run` rises or after a reset (the system top holds `run` low while
// loading). `cfg_error` is the engine's: the parameters do not fit (a build-time mistake that
// swm compile checks first). `in_stall` / `out_stall` are high in cycles where the stage waits
// for input (engine ready, no input valid) or is blocked by the next stage (output valid, not
// ready), for the system top's per-stage stall counters.
// CONV = 1 builds the engine as a block-circulant convolution (swm_bc_layer CONV = 1, geometry
// parameters passed through; Q must be KH*KW*QIN). The engine emits one p*K frame per output
// pixel; the stage frames its output per image instead (tlast only on the last sample of the
// image's last output pixel, OH*OW*P*K samples per frame), as every stage of the network does.
module swm_bc_stage #(
    // block size, widths, lanes and rounding: as swm_bc_layer
    parameter integer K = 16,
    // sample width
    parameter integer DW = 16,
    // FFT-domain sample width
    parameter integer FW = 18,
    // FFT-domain weight width
    parameter integer WW = 16,
    // twiddle width
    parameter integer TW = 16,
    // accumulator width
    parameter integer AW = 48,
    // slot lanes (parallel complex MACs per block row)
    parameter integer LANES = 2,
    // block rows computed at once (ROWS x LANES complex MACs), 1 <= ROWS <= P
    parameter integer ROWS = 1,
    // 0: half-up, 1: convergent rounding
    parameter integer ROUND_MODE = 0,
    // FFT / IFFT per-stage scaling masks
    parameter integer FFT_SCALE = K - 1,
    // IFFT per-stage scaling mask
    parameter integer IFFT_SCALE = K - 1,
    // twiddle ROM image
    parameter TWIDDLE_FILE = "hw/rom/swm_twiddle_k16_tw16.hex",
    // layer shape: P output blocks, Q input blocks
    parameter integer P = 4,
    // input blocks
    parameter integer Q = 4,
    // accumulator rounding shift (docs/datapath.md)
    parameter integer ACC_SHIFT = 0,
    // output rounding shift
    parameter integer OUT_SHIFT = 0,
    // activation: 0 identity, 1 ReLU, 2 sigmoid, 3 tanh
    parameter integer ACT = 0,
    // fraction bits of the activation's input/output (0..DW-1; 0..DW-4 for sigmoid/tanh)
    parameter integer Y_FRAC = 0,
    // 1: block-circulant convolution on IN_H x IN_W images of QIN*K channels (see above)
    parameter integer CONV = 0,
    parameter integer IN_H = 1,
    parameter integer IN_W = 1,
    parameter integer QIN = 1,
    parameter integer KH = 1,
    parameter integer KW = 1,
    parameter integer STRIDE_H = 1,
    parameter integer STRIDE_W = 1,
    parameter integer PAD_H = 0,
    parameter integer PAD_W = 0
) (
    input  wire                     clk,
    input  wire                     rst,
    input  wire                     run,
    output wire                     busy,
    output wire                     cfg_error,
    output wire                     in_stall,
    output wire                     out_stall,
    input  wire [DW-1:0]            s_axis_x_tdata,
    input  wire                     s_axis_x_tvalid,
    output wire                     s_axis_x_tready,
    input  wire                     s_axis_x_tlast,
    output wire [DW-1:0]            m_axis_y_tdata,
    output wire                     m_axis_y_tvalid,
    input  wire                     m_axis_y_tready,
    output wire                     m_axis_y_tlast,
    input  wire [ROWS*LANES*2*WW-1:0] s_axis_w_tdata,
    input  wire                     s_axis_w_tvalid,
    output wire                     s_axis_w_tready,
    input  wire                     s_axis_w_tlast,
    input  wire [FW-1:0]            s_axis_b_tdata,
    input  wire                     s_axis_b_tvalid,
    output wire                     s_axis_b_tready,
    input  wire                     s_axis_b_tlast
);

    localparam integer PCW = $clog2(P + 1);
    localparam integer QCW = $clog2(Q + 1);
    localparam integer ASW = $clog2(AW);
    localparam integer OSW = $clog2(FW + 2);
    localparam integer FRW = $clog2(DW);
    localparam integer P_I = P;
    localparam integer Q_I = Q;
    localparam integer ACC_SHIFT_I = ACC_SHIFT;
    localparam integer OUT_SHIFT_I = OUT_SHIFT;
    localparam integer ACT_I = ACT;
    localparam integer Y_FRAC_I = Y_FRAC;

    initial begin
        if (ACC_SHIFT < 0 || ACC_SHIFT > AW - 1 || OUT_SHIFT < 0 || OUT_SHIFT > FW + 1) begin
            $error("%m: ACC_SHIFT = %0d must be in 0..AW-1 and OUT_SHIFT = %0d in 0..FW+1", ACC_SHIFT, OUT_SHIFT);
            $finish;
        end
        if (ACT < 0 || ACT > 3 || Y_FRAC < 0 || Y_FRAC > DW - 1 || (ACT >= 2 && Y_FRAC > DW - 4)) begin
            $error("%m: ACT = %0d must be 0..3 and Y_FRAC = %0d in 0..DW-1 (0..DW-4 for sigmoid/tanh)", ACT, Y_FRAC);
            $finish;
        end
    end

    // output pixels per image (1 when fully connected)
    localparam integer OH   = (IN_H + 2 * PAD_H - KH) / STRIDE_H + 1;
    localparam integer OW   = (IN_W + 2 * PAD_W - KW) / STRIDE_W + 1;
    localparam integer NPIX = (CONV != 0) ? OH * OW : 1;
    localparam integer PXW  = (NPIX > 1) ? $clog2(NPIX) : 1;
    localparam integer NPIX_M1_I = NPIX - 1;
    localparam [PXW-1:0] NPIX_M1 = NPIX_M1_I[PXW-1:0];

    wire eng_busy;
    wire eng_done;
    wire eng_y_last;
    reg  start_reg;

    // start whenever running and the engine is idle (not in the cycle its start is pending, nor
    // in the cycle its run ends: busy falls with done)
    always @(posedge clk) begin
        start_reg <= run && !eng_busy && !start_reg && !cfg_error;
        if (rst) begin
            start_reg <= 1'b0;
        end
    end

    assign busy      = eng_busy;
    assign in_stall  = s_axis_x_tready && !s_axis_x_tvalid;
    assign out_stall = m_axis_y_tvalid && !m_axis_y_tready;

    /* verilator lint_off UNUSEDSIGNAL */
    wire [31:0] eng_cycles;     // the run never ends in practice: its cycle count is not used
    /* verilator lint_on UNUSEDSIGNAL */

    swm_bc_layer #(
        .K(K), .DW(DW), .FW(FW), .WW(WW), .TW(TW), .AW(AW), .LANES(LANES), .ROWS(ROWS), .MAX_P(P), .MAX_Q(Q),
        .ROUND_MODE(ROUND_MODE), .FFT_SCALE(FFT_SCALE), .IFFT_SCALE(IFFT_SCALE), .TWIDDLE_FILE(TWIDDLE_FILE),
        .CONV(CONV), .IN_H(IN_H), .IN_W(IN_W), .QIN(QIN), .KH(KH), .KW(KW), .STRIDE_H(STRIDE_H),
        .STRIDE_W(STRIDE_W), .PAD_H(PAD_H), .PAD_W(PAD_W)
    ) u_layer (
        .clk(clk), .rst(rst),
        .start(start_reg), .cfg_p(P_I[PCW-1:0]), .cfg_q(Q_I[QCW-1:0]), .cfg_acc_shift(ACC_SHIFT_I[ASW-1:0]),
        .cfg_out_shift(OUT_SHIFT_I[OSW-1:0]), .cfg_act(ACT_I[1:0]), .cfg_y_frac(Y_FRAC_I[FRW-1:0]),
        .cfg_count(32'hFFFF_FFFF), .busy(eng_busy), .done(eng_done), .cfg_error(cfg_error), .cycles(eng_cycles),
        .s_axis_x_tdata(s_axis_x_tdata), .s_axis_x_tvalid(s_axis_x_tvalid), .s_axis_x_tready(s_axis_x_tready),
        .s_axis_x_tlast(s_axis_x_tlast),
        .m_axis_y_tdata(m_axis_y_tdata), .m_axis_y_tvalid(m_axis_y_tvalid), .m_axis_y_tready(m_axis_y_tready),
        .m_axis_y_tlast(eng_y_last),
        .s_axis_w_tdata(s_axis_w_tdata), .s_axis_w_tvalid(s_axis_w_tvalid), .s_axis_w_tready(s_axis_w_tready),
        .s_axis_w_tlast(s_axis_w_tlast),
        .s_axis_b_tdata(s_axis_b_tdata), .s_axis_b_tvalid(s_axis_b_tvalid), .s_axis_b_tready(s_axis_b_tready),
        .s_axis_b_tlast(s_axis_b_tlast)
    );

    // ---- one output frame per image: count the engine's pixel frames ---------------------------
    generate
        if (NPIX > 1) begin : g_frame
            reg [PXW-1:0] px_reg;

            always @(posedge clk) begin
                if (m_axis_y_tvalid && m_axis_y_tready && eng_y_last) begin
                    px_reg <= (px_reg == NPIX_M1) ? {PXW{1'b0}} : px_reg + 1'b1;
                end
                if (rst) begin
                    px_reg <= {PXW{1'b0}};
                end
            end
            assign m_axis_y_tlast = eng_y_last && (px_reg == NPIX_M1);
        end else begin : g_vec
            assign m_axis_y_tlast = eng_y_last;
        end
    endgenerate

    /* verilator lint_off UNUSEDSIGNAL */
    wire unused_done = eng_done;
    /* verilator lint_on UNUSEDSIGNAL */

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_bc_stage/
    `include "swm_bc_stage_props.vh"
`endif

endmodule

`resetall
