// SPDX-License-Identifier: Apache-2.0
// swm_lstm_stage: block-circulant LSTM layer (C-LSTM) on a stream of sequences; emits each sequence's final h.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Input: sequences of time steps, N_X samples per step (time-major), tlast on the last sample
// of a sequence. Per step the sequencer feeds the gate engine (swm_bc_stage: P = 4H/K block
// rows over Q = QX + H/K block columns, identity, Y_FRAC = G_FRAC) the merged vector
// [x_t, zeros to QX*K, h_{t-1}] (h = 0 on a sequence's first step), and swm_lstm_cell turns the
// engine's 4H pre-activations into c_t and h_t. x_{t+1} enters the engine (its FFT) while step t
// is in the MACs, IFFT and cell; h_{t-1} is sent once the cell has stored it (step_done).
// A register slice (swm_axis_reg) sits between the sequencer and the engine: the h read
// multiplexer and the engine's input buffer are not one path (one cycle per step).
// Output: the final h of every sequence, HIDDEN samples, tlast on the last (docs/datapath.md
// "LSTM cell"; swm.golden_lstm.lstm_int).
// Protocol errors set the sticky cfg_error and never hang the stream: a tlast before a step's
// last sample ends the sequence there (the rest of x_t is zeros); a sequence longer than
// MAX_LEN steps ends after step MAX_LEN - 1 (its final h is sent) and the rest of its samples,
// up to its tlast, are dropped.
module swm_lstm_stage #(
    // block size, power of two 4..64
    parameter integer K = 16,
    // sample width
    parameter integer DW = 16,
    // FFT-domain word width
    parameter integer FW = 18,
    // FFT-domain weight width
    parameter integer WW = 16,
    // twiddle width
    parameter integer TW = 16,
    // accumulator width
    parameter integer AW = 48,
    // complex MACs per cycle and block row of the gate engine
    parameter integer LANES = 2,
    // block rows computed at once by the gate engine
    parameter integer ROWS = 1,
    // rounding mode: 0 half_up, 1 convergent
    parameter integer ROUND_MODE = 0,
    // forward / inverse FFT stage scaling masks
    parameter integer FFT_SCALE = K - 1,
    parameter integer IFFT_SCALE = K - 1,
    // twiddle ROM for (K, TW)
    parameter TWIDDLE_FILE = "hw/rom/swm_twiddle_k16_tw16.hex",
    // input features per time step
    parameter integer N_X = 12,
    // hidden units H (a multiple of K)
    parameter integer HIDDEN = 32,
    // longest sequence in steps
    parameter integer MAX_LEN = 32,
    // the gate layer's shifts (swm.golden_lstm.LstmParams)
    parameter integer ACC_SHIFT = 0,
    parameter integer OUT_SHIFT = 0,
    // fraction bits of the gates (G), of c (C) and of x and h (A)
    parameter integer G_FRAC = 12,
    parameter integer C_FRAC = 12,
    parameter integer X_FRAC = 12
) (
    input  wire                     clk,
    input  wire                     rst,

    // high: take input; low: idle, the weight and bias memories can be loaded
    input  wire                     run,
    output wire                     busy,
    // sticky: a protocol error of the input (see above) or of the gate engine's configuration
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

    localparam integer QX   = (N_X + K - 1) / K;
    localparam integer XLEN = QX * K;
    localparam integer P    = 4 * HIDDEN / K;
    localparam integer Q    = QX + HIDDEN / K;
    localparam integer HW   = $clog2(HIDDEN);
    localparam integer XW   = $clog2(XLEN);
    localparam integer TCW  = (MAX_LEN > 1) ? $clog2(MAX_LEN) : 1;
    localparam integer XLEN_M1_I = XLEN - 1;
    localparam integer NX_M1_I   = N_X - 1;
    localparam integer H_M1_I    = HIDDEN - 1;
    localparam integer LEN_M1_I  = MAX_LEN - 1;
    localparam [XW-1:0]  XLEN_M1 = XLEN_M1_I[XW-1:0];
    localparam [XW-1:0]  NX_M1   = NX_M1_I[XW-1:0];
    localparam [HW-1:0]  H_M1    = H_M1_I[HW-1:0];
    localparam [TCW-1:0] LEN_M1  = LEN_M1_I[TCW-1:0];

    initial begin
        if (N_X < 1 || HIDDEN < K || HIDDEN % K != 0) begin
            $error("%m: N_X = %0d must be >= 1 and HIDDEN = %0d a multiple of K = %0d", N_X, HIDDEN, K);
            $finish;
        end
        if (MAX_LEN < 1) begin
            $error("%m: MAX_LEN = %0d must be >= 1", MAX_LEN);
            $finish;
        end
    end

    // ---- sequencer -------------------------------------------------------------------------
    // phase 0: x_t (input samples, then zeros up to XLEN); phase 1: h_{t-1} (zeros on step 0)
    reg              phase_reg;
    reg [XW-1:0]     xi_reg;
    reg [HW-1:0]     hi_reg;
    reg [TCW-1:0]    step_reg;
    reg              pad_reg;       // the rest of x_t is zeros (early tlast)
    reg              drop_reg;      // dropping an over-long sequence's samples up to its tlast
    reg              drop_next_reg; // start dropping once this step is sent
    reg              last_pend_reg; // the step being sent is its sequence's last
    reg              h_avail_reg;   // no step in the cell: h_{t-1} is complete (or not needed)
    reg              perr_reg;

    // (xi <= NX_M1 is constant when N_X fills the blocks)
    /* verilator lint_off CMPCONST */
    wire             x_real = !phase_reg && !pad_reg && (xi_reg <= NX_M1);
    /* verilator lint_on CMPCONST */
    wire [DW-1:0]    h_rdata;
    wire             first_step = (step_reg == {TCW{1'b0}});

    wire [DW-1:0]    e_tdata = !phase_reg ? (x_real ? s_axis_x_tdata : {DW{1'b0}})
                                          : (first_step ? {DW{1'b0}} : h_rdata);
    wire             e_tvalid = run && (!phase_reg ? (x_real ? (s_axis_x_tvalid && !drop_reg) : 1'b1)
                                                   : (hi_reg != {HW{1'b0}} || h_avail_reg));
    wire             e_tlast = phase_reg && (hi_reg == H_M1);
    wire             e_tready;
    wire [DW-1:0]    g_tdata;
    wire             g_tvalid;
    wire             g_tready;
    wire             g_tlast;
    wire             slice_busy;
    wire             eng_busy;
    wire             eng_w_tready;
    wire             eng_b_tready;
    wire             e_fire = e_tvalid && e_tready;

    assign s_axis_x_tready = run && (drop_reg || (x_real && e_tready));
    wire             x_fire = s_axis_x_tvalid && s_axis_x_tready;

    // the step in the cell: its sequence's first / last (set as its h part starts)
    reg              cur_first_reg;
    reg              cur_last_reg;
    wire             step_done;

    always @(posedge clk) begin
        if (drop_reg && x_fire && s_axis_x_tlast) begin
            drop_reg <= 1'b0;
        end
        if (e_fire && !phase_reg) begin
            if (x_real) begin
                if (s_axis_x_tlast) begin
                    last_pend_reg <= 1'b1;
                    if (xi_reg != NX_M1) begin
                        pad_reg  <= 1'b1;
                        perr_reg <= 1'b1;
                    end
                end else if (xi_reg == NX_M1 && step_reg == LEN_M1) begin
                    // no tlast on the last sample of step MAX_LEN - 1: the sequence is too long
                    last_pend_reg <= 1'b1;
                    drop_next_reg <= 1'b1;
                    perr_reg      <= 1'b1;
                end
            end
            if (xi_reg == XLEN_M1) begin
                phase_reg <= 1'b1;
                xi_reg    <= {XW{1'b0}};
                pad_reg   <= 1'b0;
            end else begin
                xi_reg <= xi_reg + 1'b1;
            end
        end
        if (e_fire && phase_reg) begin
            if (hi_reg == {HW{1'b0}}) begin
                cur_first_reg <= first_step;
                cur_last_reg  <= last_pend_reg;
                last_pend_reg <= 1'b0;
                h_avail_reg   <= 1'b0;
            end
            if (hi_reg == H_M1) begin
                phase_reg <= 1'b0;
                hi_reg    <= {HW{1'b0}};
                step_reg  <= cur_last_reg ? {TCW{1'b0}} : step_reg + 1'b1;
                if (drop_next_reg) begin
                    drop_reg      <= 1'b1;
                    drop_next_reg <= 1'b0;
                end
            end else begin
                hi_reg <= hi_reg + 1'b1;
            end
        end
        if (step_done) begin
            h_avail_reg <= 1'b1;
        end
        if (rst) begin
            phase_reg     <= 1'b0;
            xi_reg        <= {XW{1'b0}};
            hi_reg        <= {HW{1'b0}};
            step_reg      <= {TCW{1'b0}};
            pad_reg       <= 1'b0;
            drop_reg      <= 1'b0;
            drop_next_reg <= 1'b0;
            last_pend_reg <= 1'b0;
            h_avail_reg   <= 1'b1;
            perr_reg      <= 1'b0;
            cur_first_reg <= 1'b0;
            cur_last_reg  <= 1'b0;
        end
    end

    // ---- register slice, then the gate engine ---------------------------------------------------
    swm_axis_reg #(.W(DW)) u_slice (
        .clk(clk), .rst(rst),
        .s_axis_tdata(e_tdata), .s_axis_tvalid(e_tvalid), .s_axis_tready(e_tready), .s_axis_tlast(e_tlast),
        .m_axis_tdata(g_tdata), .m_axis_tvalid(g_tvalid), .m_axis_tready(g_tready), .m_axis_tlast(g_tlast),
        .busy(slice_busy)
    );

    wire [DW-1:0]    z_tdata;
    wire             z_tvalid;
    wire             z_tready;
    wire             z_tlast;
    wire             eng_err;
    /* verilator lint_off UNUSEDSIGNAL */
    wire             eng_in_stall;
    wire             eng_out_stall;
    /* verilator lint_on UNUSEDSIGNAL */

    swm_bc_stage #(
        .K(K), .DW(DW), .FW(FW), .WW(WW), .TW(TW), .AW(AW), .LANES(LANES), .ROWS(ROWS), .ROUND_MODE(ROUND_MODE),
        .FFT_SCALE(FFT_SCALE), .IFFT_SCALE(IFFT_SCALE), .TWIDDLE_FILE(TWIDDLE_FILE), .P(P), .Q(Q),
        .ACC_SHIFT(ACC_SHIFT), .OUT_SHIFT(OUT_SHIFT), .ACT(0), .Y_FRAC(G_FRAC)
    ) u_gates (
        .clk(clk), .rst(rst), .run(run), .busy(eng_busy), .cfg_error(eng_err),
        .in_stall(eng_in_stall), .out_stall(eng_out_stall),
        .s_axis_x_tdata(g_tdata), .s_axis_x_tvalid(g_tvalid), .s_axis_x_tready(g_tready), .s_axis_x_tlast(g_tlast),
        .m_axis_y_tdata(z_tdata), .m_axis_y_tvalid(z_tvalid), .m_axis_y_tready(z_tready), .m_axis_y_tlast(z_tlast),
        .s_axis_w_tdata(s_axis_w_tdata), .s_axis_w_tvalid(s_axis_w_tvalid && !slice_busy),
        .s_axis_w_tready(eng_w_tready), .s_axis_w_tlast(s_axis_w_tlast),
        .s_axis_b_tdata(s_axis_b_tdata), .s_axis_b_tvalid(s_axis_b_tvalid && !slice_busy),
        .s_axis_b_tready(eng_b_tready), .s_axis_b_tlast(s_axis_b_tlast)
    );

    // loads only while the whole stage is idle: in the cycle `run` first takes a sample the slice
    // holds it (busy) before the engine has started, and the engine's own load gating would still
    // take a word
    assign s_axis_w_tready = eng_w_tready && !slice_busy;
    assign s_axis_b_tready = eng_b_tready && !slice_busy;

    // ---- cell --------------------------------------------------------------------------------
    wire             cell_err;

    swm_lstm_cell #(
        .DW(DW), .HIDDEN(HIDDEN), .G_FRAC(G_FRAC), .C_FRAC(C_FRAC), .X_FRAC(X_FRAC), .ROUND_MODE(ROUND_MODE)
    ) u_cell (
        .clk(clk), .rst(rst),
        .s_axis_z_tdata(z_tdata), .s_axis_z_tvalid(z_tvalid), .s_axis_z_tready(z_tready), .s_axis_z_tlast(z_tlast),
        .step_first(cur_first_reg), .step_last(cur_last_reg),
        .m_axis_h_tdata(m_axis_y_tdata), .m_axis_h_tvalid(m_axis_y_tvalid), .m_axis_h_tready(m_axis_y_tready),
        .m_axis_h_tlast(m_axis_y_tlast),
        .step_done(step_done), .h_raddr(hi_reg), .h_rdata(h_rdata), .err(cell_err)
    );

    assign cfg_error = perr_reg || eng_err || cell_err;
    assign busy      = eng_busy || slice_busy;
    assign in_stall  = s_axis_x_tready && !s_axis_x_tvalid;
    assign out_stall = m_axis_y_tvalid && !m_axis_y_tready;

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_lstm_stage/
    `include "swm_lstm_stage_props.vh"
`endif

endmodule

`resetall
