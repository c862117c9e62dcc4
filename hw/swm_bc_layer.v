// SPDX-License-Identifier: Apache-2.0
// swm_bc_layer: block-circulant layer engine y = act(W x + b), FFT -> packed-slot MACs -> IFFT.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Dataflow (docs/architecture.md): s_axis_x -> swm_rfft -> X buffer (2 halves, LANES banks)
// -> swm_mac_array (ROWS x LANES MACs; weights from the W RAM, loop over row groups outer, j, g
// inner) -> rnd/sat to FW -> Y buffer (2 halves of ROWS rows) -> swm_irfft (the rows of a group
// one after another) -> + bias -> rnd/sat to DW -> swm_act -> m_axis_y. ROWS block rows
// i = r*ROWS .. r*ROWS+ROWS-1 form row group r: each X word read feeds all of them. A last group
// with fewer than ROWS rows (p not a multiple of ROWS) takes the same MAC beats (its missing rows
// have zero weights in the image) and sends only its p - r*ROWS real rows through the IFFT. The
// FFT of vector n+1, the MACs of group r and the IFFT of group r-1 overlap; the MAC issue stalls
// only when the X half it reads is not yet full or both Y halves are still in use.
module swm_bc_layer #(
    // block size, power of two 4..64
    parameter integer K = 16,
    // activation (input / output sample) width
    parameter integer DW = 16,
    // FFT-domain word width (re/im)
    parameter integer FW = 18,
    // FFT-domain weight width (re/im)
    parameter integer WW = 16,
    // twiddle width (TW-2 fraction bits)
    parameter integer TW = 16,
    // accumulator width (re/im)
    parameter integer AW = 48,
    // complex MACs per cycle and block row, power of two <= K/2
    parameter integer LANES = 2,
    // block rows computed at once (ROWS x LANES complex MACs per cycle), 1 <= ROWS <= MAX_P (any
    // integer: a power of two indexes the Y buffer exactly, other values pad it to the next one)
    parameter integer ROWS = 1,
    // block rows that share one copy of the X operand register (>= 1): ceil(ROWS / X_COPY_ROWS)
    // copies, each next to its rows' multipliers
    parameter integer X_COPY_ROWS = 4,
    // largest number of output blocks p
    parameter integer MAX_P = 4,
    // largest number of input blocks q
    parameter integer MAX_Q = 4,
    // rounding mode: 0 half_up, 1 convergent
    parameter integer ROUND_MODE = 0,
    // forward FFT stage scaling mask (bit s = stage s halves); default all stages
    parameter integer FFT_SCALE = K - 1,
    // inverse FFT stage scaling mask; default all stages
    parameter integer IFFT_SCALE = K - 1,
    // twiddle ROM for (K, TW)
    parameter TWIDDLE_FILE = "hw/rom/swm_twiddle_k16_tw16.hex",
    // initial weight-memory image ($readmemh, swm.golden.weight_words(.., rows=ROWS) layout); "" = none
    parameter WEIGHT_FILE = "",
    // initial bias-memory image ($readmemh, swm.golden.bias_words layout); "" = none
    parameter BIAS_FILE = "",
    // 1 = block-circulant convolution (CirCNN): the input is an HWC image of IN_H x IN_W pixels
    // of QIN*K channels; every pixel's FFT is kept in a line buffer of spectra (swm_spec_window)
    // and each output pixel is one output vector whose block columns are the taps' input blocks
    // (cfg_q = KH*KW*QIN). 0 = fully connected (the geometry parameters are unused).
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
    input  wire                            clk,
    input  wire                            rst,

    // run control: config sampled when start is high and the engine is idle
    input  wire                            start,
    input  wire [$clog2(MAX_P+1)-1:0]      cfg_p,
    input  wire [$clog2(MAX_Q+1)-1:0]      cfg_q,
    input  wire [$clog2(AW)-1:0]           cfg_acc_shift,
    input  wire [$clog2(FW+2)-1:0]         cfg_out_shift,
    input  wire [1:0]                      cfg_act,
    input  wire [$clog2(DW)-1:0]           cfg_y_frac,
    input  wire [31:0]                     cfg_count,
    output wire                            busy,
    output wire                            done,
    output wire                            cfg_error,
    output wire [31:0]                     cycles,

    // input vectors: q*K samples each, tlast on the last
    input  wire [DW-1:0]                   s_axis_x_tdata,
    input  wire                            s_axis_x_tvalid,
    output wire                            s_axis_x_tready,
    input  wire                            s_axis_x_tlast,

    // output vectors: p*K samples each, tlast on the last
    output wire [DW-1:0]                   m_axis_y_tdata,
    output wire                            m_axis_y_tvalid,
    input  wire                            m_axis_y_tready,
    output wire                            m_axis_y_tlast,

    // weight-memory load (idle only): one word (ROWS x LANES slots) per beat from address 0, tlast ends the load
    input  wire [ROWS*LANES*2*WW-1:0]      s_axis_w_tdata,
    input  wire                            s_axis_w_tvalid,
    output wire                            s_axis_w_tready,
    input  wire                            s_axis_w_tlast,

    // bias-memory load (idle only): one FW-bit word per beat from address 0, tlast ends the load
    input  wire [FW-1:0]                   s_axis_b_tdata,
    input  wire                            s_axis_b_tvalid,
    output wire                            s_axis_b_tready,
    input  wire                            s_axis_b_tlast
);

    // ---- derived sizes ---------------------------------------------------------------------
    localparam integer S      = K / 2;
    localparam integer G      = (LANES >= 1 && LANES <= S) ? S / LANES : 1;
    localparam integer LOG_K  = $clog2(K);
    localparam integer LOG_S  = $clog2(S);
    localparam integer LOG_L  = $clog2(LANES);
    // row groups: MAC lanes of all rows, row-in-group width, largest number of groups
    localparam integer RL     = ROWS * LANES;
    localparam integer RW     = (ROWS > 1) ? $clog2(ROWS) : 1;
    // the Y buffer's rows per half: ROWS rounded up to a power of two (rows >= ROWS hold zeros and
    // are never read), so a slot's index in a half is a bit concatenation
    localparam integer ROWS_P = 1 << $clog2(ROWS);
    localparam integer RLP    = ROWS_P * LANES;
    localparam integer NGRP   = (ROWS >= 1) ? (MAX_P + ROWS - 1) / ROWS : MAX_P;
    // cfg field widths (as in the port list)
    localparam integer PCW    = $clog2(MAX_P + 1);
    localparam integer QCW    = $clog2(MAX_Q + 1);
    localparam integer ASW    = $clog2(AW);
    localparam integer OSW    = $clog2(FW + 2);
    localparam integer FRW    = $clog2(DW);
    // weight and bias memories: depths and address widths
    localparam integer WDEPTH = NGRP * MAX_Q * G;
    localparam integer WAW    = (WDEPTH > 1) ? $clog2(WDEPTH) : 1;
    localparam integer W_BANK_DEPTH = 2048;   // swm.limits.W_BANK_DEPTH
    localparam integer BDEPTH = MAX_P * K;
    localparam integer BAW    = $clog2(BDEPTH);
    localparam integer BLW    = $clog2(BDEPTH + 1);
    // X buffer: words per half, word index, slot index (j*S + m) and slot-count widths
    localparam integer XHALF  = MAX_Q * G;
    localparam integer XWW    = (XHALF > 1) ? $clog2(XHALF) : 1;
    localparam integer XSW    = $clog2(MAX_Q * S);
    localparam integer XIW    = $clog2(MAX_Q * S + 1);
    // convolution: output pixels per image (one output vector each) and input samples per image
    localparam integer OH     = (IN_H + 2 * PAD_H - KH) / STRIDE_H + 1;
    localparam integer OW     = (IN_W + 2 * PAD_W - KW) / STRIDE_W + 1;
    localparam integer NPIX   = (CONV != 0) ? OH * OW : 1;
    localparam integer IMG_IN = IN_H * IN_W * QIN * K;
    localparam integer PXW    = (NPIX > 1) ? $clog2(NPIX) : 1;
    localparam integer NPIX_M1_I = NPIX - 1;
    localparam [PXW-1:0] NPIX_M1 = NPIX_M1_I[PXW-1:0];
    // input sample counter (q*K samples per vector, or IMG_IN per image), slot-group counter
    localparam integer ICW    = $clog2(((CONV != 0 && IMG_IN > MAX_Q * K) ? IMG_IN : MAX_Q * K) + 1);
    localparam integer GW     = (G > 1) ? $clog2(G) : 1;
    // last slot group and last slot of a block at their counter widths
    localparam integer G_LAST_I = G - 1;
    localparam integer S_LAST_I = S - 1;
    localparam [GW-1:0]    G_LAST = G_LAST_I[GW-1:0];
    localparam [LOG_S-1:0] S_LAST = S_LAST_I[LOG_S-1:0];

    initial begin
        if (K < 4 || K > 64 || (K & (K - 1)) != 0) begin
            $error("%m: K = %0d must be a power of two in 4..64", K);
            $finish;
        end
        if (LANES < 1 || (LANES & (LANES - 1)) != 0 || LANES > K / 2) begin
            $error("%m: LANES = %0d must be a power of two with 1 <= LANES <= K/2 = %0d", LANES, K / 2);
            $finish;
        end
        if (DW < 5) begin
            $error("%m: DW = %0d must be >= 5", DW);
            $finish;
        end
        if (FW < DW + 1) begin
            $error("%m: FW = %0d must be >= DW + 1 = %0d (one headroom bit)", FW, DW + 1);
            $finish;
        end
        if (WW < 2 || TW < 4) begin
            $error("%m: WW = %0d must be >= 2 and TW = %0d >= 4", WW, TW);
            $finish;
        end
        if (MAX_P < 1 || MAX_Q < 1) begin
            $error("%m: MAX_P = %0d and MAX_Q = %0d must be >= 1", MAX_P, MAX_Q);
            $finish;
        end
        if (X_COPY_ROWS < 1) begin
            $error("%m: X_COPY_ROWS = %0d must be >= 1", X_COPY_ROWS);
            $finish;
        end
        if (ROWS < 1 || ROWS > MAX_P) begin
            $error("%m: ROWS = %0d must be >= 1 and <= MAX_P = %0d", ROWS, MAX_P);
            $finish;
        end
        if (AW < WW + FW + 2 + $clog2(MAX_Q)) begin
            $error("%m: AW = %0d must be >= WW + FW + 2 + clog2(MAX_Q) = %0d", AW, WW + FW + 2 + $clog2(MAX_Q));
            $finish;
        end
        if (CONV != 0 && CONV != 1) begin
            $error("%m: CONV = %0d must be 0 (fully connected) or 1 (convolution)", CONV);
            $finish;
        end
        if (CONV != 0 && KH * KW * QIN > MAX_Q) begin
            $error("%m: KH*KW*QIN = %0d block columns exceed MAX_Q = %0d", KH * KW * QIN, MAX_Q);
            $finish;
        end
        if (ROUND_MODE != 0 && ROUND_MODE != 1) begin
            $error("%m: ROUND_MODE = %0d must be 0 (half_up) or 1 (convergent)", ROUND_MODE);
            $finish;
        end
    end

    // ---- run control -----------------------------------------------------------------------
    reg              busy_reg;
    reg              done_reg;
    reg              error_reg;
    reg [31:0]       cycles_reg;
    reg [QCW-1:0]    q_reg;
    reg [ASW-1:0]    acc_shift_reg;
    reg [OSW-1:0]    out_shift_reg;
    reg [1:0]        act_reg;
    reg [FRW-1:0]    frac_reg;
    reg [31:0]       count_reg;

    // largest legal value of each cfg field, at the field's width
    localparam integer ACC_SH_MAX_I = AW - 1;
    localparam integer OUT_SH_MAX_I = FW + 1;
    localparam integer FRAC_MAX_I   = DW - 4;
    localparam integer MAX_P_I      = MAX_P;
    localparam integer MAX_Q_I      = MAX_Q;
    localparam [PCW-1:0] MAX_P_C    = MAX_P_I[PCW-1:0];
    localparam [QCW-1:0] MAX_Q_C    = MAX_Q_I[QCW-1:0];
    localparam [ASW-1:0] ACC_SH_MAX = ACC_SH_MAX_I[ASW-1:0];
    localparam [OSW-1:0] OUT_SH_MAX = OUT_SH_MAX_I[OSW-1:0];
    localparam [FRW-1:0] FRAC_MAX   = FRAC_MAX_I[FRW-1:0];
    // convolution: the block columns every output pixel needs
    localparam integer CONV_Q_I     = KH * KW * QIN;
    localparam [QCW-1:0] CONV_Q     = CONV_Q_I[QCW-1:0];

    // a bound that equals the field's all-ones value makes its test constant
    /* verilator lint_off CMPCONST */
    wire cfg_bad = (cfg_p == {PCW{1'b0}}) || (cfg_p > MAX_P_C) ||
                   (cfg_q == {QCW{1'b0}}) || (cfg_q > MAX_Q_C) ||
                   (CONV != 0 && cfg_q != CONV_Q) ||
                   (cfg_count == 32'd0) ||
                   (cfg_acc_shift > ACC_SH_MAX) ||
                   (cfg_out_shift > OUT_SH_MAX) ||
                   (cfg_act[1] && (cfg_y_frac > FRAC_MAX));
    /* verilator lint_on CMPCONST */
    wire start_ok = start && !busy_reg && !cfg_bad;

    // run-time loop bounds (last index values), fixed for the run
    reg [ICW-1:0]    qk_last_reg;   // q*K - 1: input samples per vector
    reg [XSW-1:0]    qs_last_reg;   // q*S - 1: spectrum slots per vector
    reg [BLW-1:0]    pk_last_reg;   // p*K - 1: output samples per vector
    reg [PCW-1:0]    grp_last_reg;  // ceil(p/ROWS) - 1: last row group
    reg [RW-1:0]     rows_last_reg; // (p-1) % ROWS: last row of the last group

    // p - 1, split into its row group and its row within the group
    localparam integer ROWS_I    = ROWS;
    localparam integer ROWS_M1_I = ROWS - 1;
    localparam [RW-1:0]  ROWS_M1 = ROWS_M1_I[RW-1:0];
    wire [PCW-1:0]   pm1 = cfg_p - {{(PCW-1){1'b0}}, 1'b1};
    // its row group (p-1)/ROWS and row (p-1)%ROWS: a shift and a mask for a power-of-two ROWS, a
    // constant divider otherwise (in swm_bc_stage cfg_p is a constant and both fold away)
    localparam [PCW-1:0] ROWS_C    = ROWS_I[PCW-1:0];
    localparam [PCW-1:0] ROWS_M1_C = ROWS_M1_I[PCW-1:0];
    wire [PCW-1:0]   grp_last;
    /* verilator lint_off UNUSEDSIGNAL */
    wire [PCW-1:0]   rows_last;
    /* verilator lint_on UNUSEDSIGNAL */
    generate
        if (ROWS == ROWS_P) begin : g_rows_p2
            assign grp_last  = pm1 >> $clog2(ROWS);
            assign rows_last = pm1 & ROWS_M1_C;
        end else begin : g_rows_div
            assign grp_last  = pm1 / ROWS_C;
            assign rows_last = pm1 % ROWS_C;
        end
    endgenerate

    wire [ICW-1:0]   qk_full = {{(ICW-QCW){1'b0}}, cfg_q} << LOG_K;
    localparam integer IMG_IN_M1_I = IMG_IN - 1;
    localparam [ICW-1:0] IMG_IN_M1 = IMG_IN_M1_I[ICW-1:0];
    wire [XIW-1:0]   qs_full = {{(XIW-QCW){1'b0}}, cfg_q} << LOG_S;
    // q*S - 1 < 2^XSW: the top bit of qs_last is always zero
    /* verilator lint_off UNUSEDSIGNAL */
    wire [XIW-1:0]   qs_last = qs_full - {{(XIW-1){1'b0}}, 1'b1};
    /* verilator lint_on UNUSEDSIGNAL */
    wire [BLW-1:0]   pk_full = {{(BLW-PCW){1'b0}}, cfg_p} << LOG_K;

    wire             last_out;      // last output sample of the run accepted

    always @(posedge clk) begin
        done_reg <= 1'b0;
        if (start && !busy_reg) begin
            error_reg <= cfg_bad;
        end
        if (start_ok) begin
            busy_reg   <= 1'b1;
            cycles_reg <= 32'd0;
        end else if (busy_reg) begin
            cycles_reg <= cycles_reg + 32'd1;
            if (last_out) begin
                busy_reg <= 1'b0;
                done_reg <= 1'b1;
            end
        end
        if (start_ok) begin
            q_reg         <= cfg_q;
            acc_shift_reg <= cfg_acc_shift;
            out_shift_reg <= cfg_out_shift;
            act_reg       <= cfg_act;
            frac_reg      <= cfg_y_frac;
            count_reg     <= cfg_count;
            qk_last_reg   <= (CONV != 0) ? IMG_IN_M1 : qk_full - {{(ICW-1){1'b0}}, 1'b1};
            qs_last_reg   <= qs_last[XSW-1:0];
            pk_last_reg   <= pk_full - {{(BLW-1){1'b0}}, 1'b1};
            grp_last_reg  <= grp_last;
            rows_last_reg <= rows_last[RW-1:0];
        end
        if (rst) begin
            busy_reg   <= 1'b0;
            done_reg   <= 1'b0;
            error_reg  <= 1'b0;
            cycles_reg <= 32'd0;
        end
    end

    // counters restart on reset and at every accepted start
    wire clr = rst || start_ok;

    // ---- weight and bias memories (stream-loadable while idle, $readmemh preload) ----------
    wire [RL*2*WW-1:0]    w_rd_reg;
    wire [WAW-1:0]        w_rd_addr;
    wire [FW-1:0]         bias_q_reg;
    wire [BAW-1:0]        bias_rd_addr;
    wire                  o_adv;        // the output pipeline advances

    // the weight RAM is banked by block-RAM depth and registered per bank (OUT_REG = 2, read
    // latency 3) so that the bank multiplexer of a large memory has a cycle of its own; a word
    // holds the ROWS x LANES weight slots of one MAC beat (row r's lanes at r*LANES*2*WW)
    swm_load_ram #(
        .WIDTH(RL*2*WW), .DEPTH(WDEPTH), .INIT_FILE(WEIGHT_FILE), .OUT_REG(2), .BANK_DEPTH(W_BANK_DEPTH)
    ) u_wmem (
        .clk(clk), .rst(rst), .load_en(!busy_reg),
        .s_axis_tdata(s_axis_w_tdata), .s_axis_tvalid(s_axis_w_tvalid), .s_axis_tready(s_axis_w_tready),
        .s_axis_tlast(s_axis_w_tlast), .rd_en(1'b1), .rd_addr(w_rd_addr), .rd_data(w_rd_reg)
    );

    swm_load_ram #(.WIDTH(FW), .DEPTH(BDEPTH), .INIT_FILE(BIAS_FILE)) u_bmem (
        .clk(clk), .rst(rst), .load_en(!busy_reg),
        .s_axis_tdata(s_axis_b_tdata), .s_axis_tvalid(s_axis_b_tvalid), .s_axis_tready(s_axis_b_tready),
        .s_axis_tlast(s_axis_b_tlast), .rd_en(o_adv), .rd_addr(bias_rd_addr), .rd_data(bias_q_reg)
    );

    // ---- input: forward FFT ----------------------------------------------------------------
    reg [ICW-1:0] in_cnt_reg;
    reg [31:0]    in_vec_reg;
    wire          in_en = busy_reg && (in_vec_reg < count_reg);
    wire          fft_s_ready;
    wire          x_fire = s_axis_x_tvalid && s_axis_x_tready;

    assign s_axis_x_tready = fft_s_ready && in_en;

    always @(posedge clk) begin
        if (x_fire) begin
            if (in_cnt_reg == qk_last_reg) begin
                in_cnt_reg <= {ICW{1'b0}};
                in_vec_reg <= in_vec_reg + 32'd1;
            end else begin
                in_cnt_reg <= in_cnt_reg + {{(ICW-1){1'b0}}, 1'b1};
            end
        end
        if (clr) begin
            in_cnt_reg <= {ICW{1'b0}};
            in_vec_reg <= 32'd0;
        end
    end

    wire [2*FW-1:0] fft_m_data;
    wire            fft_m_valid;
    wire            fft_m_ready;
    /* verilator lint_off UNUSEDSIGNAL */
    wire            fft_m_last;     // block framing is counted here, not taken from tlast
    /* verilator lint_on UNUSEDSIGNAL */

    swm_rfft #(
        .K(K), .DW(DW), .FW(FW), .TW(TW), .ROUND_MODE(ROUND_MODE), .SCALE(FFT_SCALE),
        .TWIDDLE_FILE(TWIDDLE_FILE)
    ) u_rfft (
        .clk(clk), .rst(rst),
        .s_axis_tdata(s_axis_x_tdata), .s_axis_tvalid(s_axis_x_tvalid && in_en),
        .s_axis_tready(fft_s_ready), .s_axis_tlast(s_axis_x_tlast),
        .m_axis_tdata(fft_m_data), .m_axis_tvalid(fft_m_valid),
        .m_axis_tready(fft_m_ready), .m_axis_tlast(fft_m_last)
    );

    // ---- X source: the X buffer (fully connected) or the line buffer of spectra (convolution) --
    wire                    x_can_fill;
    wire                    x_full;
    wire [XWW-1:0]          x_rd_addr;
    wire [LANES*2*FW-1:0]   x_rd_data;
    wire                    xr_release;     // MAC issued the last read of its half / field
    wire                    issue;

    assign fft_m_ready = x_can_fill;
    wire xw_fire = fft_m_valid && fft_m_ready;

    generate
        if (CONV != 0) begin : g_xwin
            // the receptive field of one output pixel, read in the MAC issue order (tap, j, g)
            /* verilator lint_off UNUSEDSIGNAL */
            wire [XWW-1:0] x_rd_addr_unused = x_rd_addr;
            wire [XSW-1:0] qs_last_unused   = qs_last_reg;
            wire           xw_fire_unused   = xw_fire;
            /* verilator lint_on UNUSEDSIGNAL */
            swm_spec_window #(
                .LANES(LANES), .W(2 * FW), .S(S), .QIN(QIN), .IN_H(IN_H), .IN_W(IN_W), .KH(KH), .KW(KW),
                .SH(STRIDE_H), .SW(STRIDE_W), .PH(PAD_H), .PW(PAD_W)
            ) u_xwin (
                .clk(clk), .rst(clr),
                .wr_valid(fft_m_valid), .wr_ready(x_can_fill), .wr_data(fft_m_data),
                .rd_avail(x_full), .rd_next(issue), .rd_release(xr_release), .rd_data(x_rd_data)
            );
        end else begin : g_xbuf
            // X buffer: 2 halves x MAX_Q*G words of LANES slots (swm_slot_buf)
            // The FFT writes slot j*S + m of the vector into the half being filled (reserved and
            // committed with its last slot); the MAC issue reads word j*G + g of the full half.
            reg  [XSW-1:0]          xw_idx_reg;     // slot index within the vector: j*S + m
            wire xw_end  = xw_fire && (xw_idx_reg == qs_last_reg);

            always @(posedge clk) begin
                if (xw_fire) begin
                    xw_idx_reg <= xw_end ? {XSW{1'b0}} : xw_idx_reg + {{(XSW-1){1'b0}}, 1'b1};
                end
                if (clr) begin
                    xw_idx_reg <= {XSW{1'b0}};
                end
            end

            swm_slot_buf #(.LANES(LANES), .W(2 * FW), .DEPTH(XHALF), .WR_SLOT(1), .RD_SLOT(0)) u_xbuf (
                .clk(clk), .rst(clr),
                .wr_can_reserve(x_can_fill), .wr_reserve(xw_end), .wr_commit(xw_end),
                .rd_avail(x_full), .rd_release(xr_release),
                .wr_en(xw_fire), .wr_idx(xw_idx_reg), .wr_data(fft_m_data),
                .rd_idx(x_rd_addr), .rd_data(x_rd_data)
            );
        end
    endgenerate

    // ---- MAC issue: r (row group) outer, j (input block), g (slot group) inner -------------
    reg  [GW-1:0]   mi_g_reg;
    reg  [QCW-1:0]  mi_j_reg;
    reg  [PCW-1:0]  mi_i_reg;       // row group r (rows r*ROWS ..)
    reg  [WAW-1:0]  mi_waddr_reg;
    reg  [XWW-1:0]  mi_xaddr_reg;   // j*G + g within the half
    wire            y_can_claim;    // a Y half is free for the next final pass

    wire mi_g_end   = (mi_g_reg == G_LAST);
    wire mi_j_end   = (mi_j_reg == q_reg - {{(QCW-1){1'b0}}, 1'b1});
    wire mi_i_end   = (mi_i_reg == grp_last_reg);
    assign issue    = busy_reg && x_full && !(mi_j_end && !y_can_claim);
    wire row_end    = issue && mi_g_end && mi_j_end;
    wire vec_end    = row_end && mi_i_end;

    assign xr_release = vec_end;
    assign w_rd_addr  = mi_waddr_reg;
    assign x_rd_addr  = mi_xaddr_reg;

    always @(posedge clk) begin
        if (issue) begin
            mi_g_reg     <= mi_g_end ? {GW{1'b0}} : mi_g_reg + {{(GW-1){1'b0}}, 1'b1};
            mi_xaddr_reg <= row_end ? {XWW{1'b0}} : mi_xaddr_reg + {{(XWW-1){1'b0}}, 1'b1};
            mi_waddr_reg <= vec_end ? {WAW{1'b0}} : mi_waddr_reg + {{(WAW-1){1'b0}}, 1'b1};
            if (mi_g_end) begin
                mi_j_reg <= mi_j_end ? {QCW{1'b0}} : mi_j_reg + {{(QCW-1){1'b0}}, 1'b1};
            end
            if (row_end) begin
                mi_i_reg <= mi_i_end ? {PCW{1'b0}} : mi_i_reg + {{(PCW-1){1'b0}}, 1'b1};
            end
        end
        if (clr) begin
            mi_g_reg     <= {GW{1'b0}};
            mi_j_reg     <= {QCW{1'b0}};
            mi_i_reg     <= {PCW{1'b0}};
            mi_waddr_reg <= {WAW{1'b0}};
            mi_xaddr_reg <= {XWW{1'b0}};
        end
    end

    // s1: the RAM reads (W RAM, X buffer); s2: the W RAM's per-bank fabric registers and the X
    // buffer's read register; s3: the W RAM's output register after its bank multiplexer
    // (swm_load_ram OUT_REG = 2) and the X operand's second register, aligned with the MAC operands.
    // The second X register has one copy per X_COPY_ROWS rows (swm_ctl_reg, kept apart by
    // synthesis), so each sits by its rows' multipliers instead of one register driving all
    // ROWS x LANES of them.
    reg s1_valid_reg, s2_valid_reg, s3_valid_reg;
    reg s1_first_reg, s2_first_reg, s3_first_reg;
    reg s1_last_reg,  s2_last_reg,  s3_last_reg;
    reg s1_slot0_reg, s2_slot0_reg, s3_slot0_reg;
    reg [LANES*2*FW-1:0] x_rd_q_reg;
    wire [RL*2*FW-1:0]   x_rd_q2;

    always @(posedge clk) begin
        s1_valid_reg <= issue;
        s1_first_reg <= (mi_j_reg == {QCW{1'b0}});
        s1_last_reg  <= mi_j_end;
        s1_slot0_reg <= (mi_g_reg == {GW{1'b0}});
        s2_valid_reg <= s1_valid_reg;
        s2_first_reg <= s1_first_reg;
        s2_last_reg  <= s1_last_reg;
        s2_slot0_reg <= s1_slot0_reg;
        s3_valid_reg <= s2_valid_reg;
        s3_first_reg <= s2_first_reg;
        s3_last_reg  <= s2_last_reg;
        s3_slot0_reg <= s2_slot0_reg;
        x_rd_q_reg   <= x_rd_data;
        if (clr) begin
            s1_valid_reg <= 1'b0;
            s2_valid_reg <= 1'b0;
            s3_valid_reg <= 1'b0;
        end
    end

    localparam integer XCR = (X_COPY_ROWS >= 1) ? X_COPY_ROWS : 1;
    localparam integer NXC = (X_COPY_ROWS >= 1) ? (ROWS + X_COPY_ROWS - 1) / X_COPY_ROWS : 1;
    wire [NXC*LANES*2*FW-1:0] x_copy;

    genvar xr;
    generate
        for (xr = 0; xr < NXC; xr = xr + 1) begin : g_xcopy
            swm_ctl_reg #(.W(LANES * 2 * FW), .RST_MASK({(LANES * 2 * FW){1'b0}})) u_x_q2 (
                .clk(clk), .rst(1'b0), .d(x_rd_q_reg), .q(x_copy[xr*LANES*2*FW +: LANES*2*FW]));
        end
        for (xr = 0; xr < ROWS; xr = xr + 1) begin : g_xrow
            assign x_rd_q2[xr*LANES*2*FW +: LANES*2*FW] = x_copy[(xr / XCR)*LANES*2*FW +: LANES*2*FW];
        end
    endgenerate

    wire                   mac_valid;
    wire                   mac_last;
    wire [RL*2*AW-1:0]     mac_acc;

    swm_mac_array #(
        .K(K), .LANES(LANES), .ROWS(ROWS), .WW(WW), .FW(FW), .AW(AW)
    ) u_mac (
        .clk(clk), .rst(clr),
        .in_valid(s3_valid_reg), .in_first(s3_first_reg), .in_last(s3_last_reg),
        .in_slot0(s3_slot0_reg), .in_w(w_rd_reg), .in_x(x_rd_q2),
        .out_valid(mac_valid), .out_last(mac_last), .out_acc(mac_acc)
    );

    // ---- Y buffer: Y = sat(rnd(acc, acc_shift), FW), 2 halves x G words (swm_slot_buf) ----
    // A half holds one row group (ROWS rows): a word is ROWS x LANES slots, row r's slot
    // g*LANES + l in lane r*LANES + l. A half is claimed when the last slot group of a row
    // group's final pass issues, filled by the MAC outputs of that pass (one word per beat) and
    // read slot by slot by the IFFT, row by row (only the group's real rows).
    // Final sums reach the Y buffer two cycles after the MAC array shows them: the rounding shift
    // (swm_round PIPE = 1), then the rounding increment into y_rnd_reg; the saturation to FW is
    // on the Y buffer's write port.
    // A half is held from its claim to the IFFT's last read, about MAC_LAT + K/2 + 2 cycles;
    // output-bound rows come every K cycles, so K = 4 needs a third half to never stall.
    localparam integer Y_NB = (K <= 4) ? 3 : 2;
    reg  [GW-1:0]    yw_g_reg;
    reg  [LOG_S-1:0] yr_slot_reg;
    reg  [RW-1:0]    yr_row_reg;    // row within the group being read
    reg  [PCW-1:0]   yr_grp_reg;    // row group being read
    wire [RL*2*AW-1:0] y_rnd;
    reg  [RL*2*AW-1:0] y_rnd_reg;
    wire [RL*2*FW-1:0] y_wr_data;
    reg              yq1_valid_reg;
    reg              yq2_valid_reg;

    always @(posedge clk) begin
        yq1_valid_reg <= mac_valid && mac_last;
        yq2_valid_reg <= yq1_valid_reg;
        y_rnd_reg     <= y_rnd;
        if (clr) begin
            yq1_valid_reg <= 1'b0;
            yq2_valid_reg <= 1'b0;
        end
    end

    wire yw_fire = yq2_valid_reg;
    wire yw_end  = yw_fire && (yw_g_reg == G_LAST);

    genvar l;
    generate
        for (l = 0; l < RL; l = l + 1) begin : g_yround
            swm_round #(.IN_W(AW), .OUT_W(AW), .MAX_SHIFT(AW - 1), .ROUND_MODE(ROUND_MODE), .PIPE(1)) u_rnd_re (
                .clk(clk), .ce(1'b1), .din(mac_acc[l*2*AW+AW +: AW]), .shift(acc_shift_reg), .dout(y_rnd[l*2*AW+AW +: AW]));
            swm_round #(.IN_W(AW), .OUT_W(AW), .MAX_SHIFT(AW - 1), .ROUND_MODE(ROUND_MODE), .PIPE(1)) u_rnd_im (
                .clk(clk), .ce(1'b1), .din(mac_acc[l*2*AW +: AW]), .shift(acc_shift_reg), .dout(y_rnd[l*2*AW +: AW]));
            swm_sat #(.IN_W(AW), .OUT_W(FW)) u_sat_re (
                .din(y_rnd_reg[l*2*AW+AW +: AW]), .dout(y_wr_data[l*2*FW+FW +: FW]));
            swm_sat #(.IN_W(AW), .OUT_W(FW)) u_sat_im (
                .din(y_rnd_reg[l*2*AW +: AW]), .dout(y_wr_data[l*2*FW +: FW]));
        end
    endgenerate

    wire [2*FW-1:0] ifft_s_data;
    wire            ifft_s_valid;
    wire            ifft_s_ready;
    wire            ifft_s_last = (yr_slot_reg == S_LAST);
    wire            yr_fire = ifft_s_valid && ifft_s_ready;
    // the last row of the group being read: ROWS - 1, or (p-1) % ROWS in the last group
    wire            yr_grp_end = (yr_grp_reg == grp_last_reg);
    wire            yr_row_end = (yr_row_reg == (yr_grp_end ? rows_last_reg : ROWS_M1));
    wire            yr_blk_end = yr_fire && ifft_s_last;
    wire            yr_end = yr_blk_end && yr_row_end;

    // slot index in the half of row yr_row_reg, slot yr_slot_reg (lane row*LANES + slot % LANES,
    // word slot / LANES): {slot / LANES, row, slot % LANES}
    localparam integer YIW = $clog2(S * ROWS_P);
    wire [YIW-1:0] yr_idx;
    generate
        if (ROWS_P == 1) begin : g_yidx1
            assign yr_idx = yr_slot_reg;
        end else if (LANES == 1) begin : g_yidx_l1
            assign yr_idx = {yr_slot_reg, yr_row_reg};
        end else if (G == 1) begin : g_yidx_g1
            assign yr_idx = {yr_row_reg, yr_slot_reg};
        end else begin : g_yidx
            assign yr_idx = {yr_slot_reg[LOG_S-1:LOG_L], yr_row_reg, yr_slot_reg[LOG_L-1:0]};
        end
    endgenerate

    // rows ROWS .. ROWS_P-1 of a padded half are written with zeros (never read)
    wire [RLP*2*FW-1:0] y_wr_word;
    generate
        if (RLP > RL) begin : g_ypad
            assign y_wr_word = {{((RLP-RL)*2*FW){1'b0}}, y_wr_data};
        end else begin : g_ynopad
            assign y_wr_word = y_wr_data;
        end
    endgenerate

    swm_slot_buf #(.LANES(RLP), .W(2 * FW), .DEPTH(G), .NB(Y_NB), .WR_SLOT(0), .RD_SLOT(1)) u_ybuf (
        .clk(clk), .rst(clr),
        .wr_can_reserve(y_can_claim), .wr_reserve(row_end), .wr_commit(yw_end),
        .rd_avail(ifft_s_valid), .rd_release(yr_end),
        .wr_en(yw_fire), .wr_idx(yw_g_reg), .wr_data(y_wr_word),
        .rd_idx(yr_idx), .rd_data(ifft_s_data)
    );

    always @(posedge clk) begin
        if (yw_fire) begin
            yw_g_reg <= yw_end ? {GW{1'b0}} : yw_g_reg + {{(GW-1){1'b0}}, 1'b1};
        end
        if (yr_fire) begin
            yr_slot_reg <= ifft_s_last ? {LOG_S{1'b0}} : yr_slot_reg + {{(LOG_S-1){1'b0}}, 1'b1};
        end
        if (yr_blk_end) begin
            yr_row_reg <= yr_row_end ? {RW{1'b0}} : yr_row_reg + {{(RW-1){1'b0}}, 1'b1};
        end
        if (yr_end) begin
            yr_grp_reg <= yr_grp_end ? {PCW{1'b0}} : yr_grp_reg + {{(PCW-1){1'b0}}, 1'b1};
        end
        if (clr) begin
            yw_g_reg    <= {GW{1'b0}};
            yr_slot_reg <= {LOG_S{1'b0}};
            yr_row_reg  <= {RW{1'b0}};
            yr_grp_reg  <= {PCW{1'b0}};
        end
    end

    // ---- inverse FFT -----------------------------------------------------------------------
    wire [FW-1:0] z_data;
    wire          z_valid;
    wire          z_ready;
    /* verilator lint_off UNUSEDSIGNAL */
    wire          z_last;           // output framing is counted here
    /* verilator lint_on UNUSEDSIGNAL */

    // a register slice between the Y-buffer read (slot multiplexer of ROWS x LANES lanes) and the
    // inverse FFT's first butterfly
    wire [2*FW-1:0] ifft_r_data;
    wire            ifft_r_valid, ifft_r_ready, ifft_r_last;
    /* verilator lint_off UNUSEDSIGNAL */
    wire            ifft_r_busy;
    /* verilator lint_on UNUSEDSIGNAL */
    swm_axis_reg #(.W(2 * FW)) u_yreg (
        .clk(clk), .rst(rst),
        .s_axis_tdata(ifft_s_data), .s_axis_tvalid(ifft_s_valid), .s_axis_tready(ifft_s_ready),
        .s_axis_tlast(ifft_s_last),
        .m_axis_tdata(ifft_r_data), .m_axis_tvalid(ifft_r_valid), .m_axis_tready(ifft_r_ready),
        .m_axis_tlast(ifft_r_last), .busy(ifft_r_busy));

    swm_irfft #(
        .K(K), .FW(FW), .TW(TW), .ROUND_MODE(ROUND_MODE), .SCALE(IFFT_SCALE),
        .TWIDDLE_FILE(TWIDDLE_FILE)
    ) u_irfft (
        .clk(clk), .rst(rst),
        .s_axis_tdata(ifft_r_data), .s_axis_tvalid(ifft_r_valid),
        .s_axis_tready(ifft_r_ready), .s_axis_tlast(ifft_r_last),
        .m_axis_tdata(z_data), .m_axis_tvalid(z_valid),
        .m_axis_tready(z_ready), .m_axis_tlast(z_last)
    );

    // ---- bias, output rounding, activation, output register --------------------------------
    // A stall-all pipeline that advances (o_adv) whenever the output register can take a word:
    //   o1: sample taken from the IFFT, bias RAM read of its index
    //   o2: bias RAM fabric output register (swm_load_ram OUT_REG = 1)
    //   o3: z + bias
    //   o4: rounding shift by out_shift (swm_round PIPE = 1)
    //   o5: rounding increment, saturation to DW
    //   o6..o8: activation (swm_act PIPE = 1)
    //   m_axis_y output register
    // OUT_LAT (swm.perf) = 8 cycles more than a sample from the IFFT straight to the output register.
    reg [BLW-1:0] bidx_reg;         // output sample index within the vector: i*K + n
    reg [31:0]    out_vec_reg;      // output images (vectors) sent
    reg [PXW-1:0] out_px_reg;       // convolution: output pixel (vector) within the image
    reg [DW-1:0]  y_data_reg;
    reg           y_valid_reg;
    reg           y_last_reg;
    // valid and last of the samples in o1..o8
    localparam integer OSTG = 8;
    reg [OSTG-1:0] o_valid_reg;
    reg [OSTG-1:0] o_last_reg;
    reg [FW-1:0]   o1_z_reg;
    reg [FW-1:0]   o2_z_reg;
    reg [FW:0]     o3_sum_reg;
    reg [DW-1:0]   o5_sat_reg;

    assign o_adv = !y_valid_reg || m_axis_y_tready;

    wire z_fire    = z_valid && z_ready;
    wire bidx_wrap = (bidx_reg == pk_last_reg);
    // the bias RAM reads bmem[bidx_reg] as the sample with that index enters o1
    assign bias_rd_addr = bidx_reg[BAW-1:0];

    assign z_ready = o_adv;

    wire signed [FW:0]  v_sum = $signed({o2_z_reg[FW-1], o2_z_reg}) + $signed({bias_q_reg[FW-1], bias_q_reg});
    wire [FW:0]         v_rnd;
    wire [DW-1:0]       o_sat;
    wire [DW-1:0]       act_out;

    swm_round #(.IN_W(FW + 1), .OUT_W(FW + 1), .MAX_SHIFT(FW + 1), .ROUND_MODE(ROUND_MODE), .PIPE(1)) u_rnd_out (
        .clk(clk), .ce(o_adv), .din(o3_sum_reg), .shift(out_shift_reg), .dout(v_rnd));
    swm_sat #(.IN_W(FW + 1), .OUT_W(DW)) u_sat_out (.din(v_rnd), .dout(o_sat));
    swm_act #(.DW(DW), .PIPE(1)) u_act (
        .clk(clk), .ce(o_adv), .in_data(o5_sat_reg), .act(act_reg), .frac(frac_reg), .out_data(act_out));

    wire y_fire = y_valid_reg && m_axis_y_tready;
    wire out_img_end = y_fire && y_last_reg && (out_px_reg == NPIX_M1);
    assign last_out = out_img_end && (out_vec_reg == count_reg - 32'd1);

    always @(posedge clk) begin
        if (z_fire) begin
            bidx_reg <= bidx_wrap ? {BLW{1'b0}} : bidx_reg + {{(BLW-1){1'b0}}, 1'b1};
        end
        if (o_adv) begin
            o_valid_reg <= {o_valid_reg[OSTG-2:0], z_fire};
            o_last_reg  <= {o_last_reg[OSTG-2:0], bidx_wrap};
            o1_z_reg    <= z_data;
            o2_z_reg    <= o1_z_reg;
            o3_sum_reg  <= v_sum;
            o5_sat_reg  <= o_sat;
            y_data_reg  <= act_out;
            y_last_reg  <= o_last_reg[OSTG-1];
            y_valid_reg <= o_valid_reg[OSTG-1];
        end
        if (y_fire && y_last_reg) begin
            out_px_reg <= (out_px_reg == NPIX_M1) ? {PXW{1'b0}} : out_px_reg + {{(PXW-1){1'b0}}, 1'b1};
        end
        if (out_img_end) begin
            out_vec_reg <= out_vec_reg + 32'd1;
        end
        if (clr) begin
            bidx_reg    <= {BLW{1'b0}};
            o_valid_reg <= {OSTG{1'b0}};
            y_valid_reg <= 1'b0;
            out_vec_reg <= 32'd0;
            out_px_reg  <= {PXW{1'b0}};
        end
    end

    assign m_axis_y_tdata  = y_data_reg;
    assign m_axis_y_tvalid = y_valid_reg;
    assign m_axis_y_tlast  = y_last_reg;

    assign busy      = busy_reg;
    assign done      = done_reg;
    assign cfg_error = error_reg;
    assign cycles    = cycles_reg;

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_bc_layer/
    `include "swm_bc_layer_props.vh"
`endif

endmodule

`resetall
