// SPDX-License-Identifier: Apache-2.0
// swm_spec_window: line buffer of input-pixel spectra, read as receptive fields (block-circulant convolution).

`resetall
`timescale 1ns / 1ps
`default_nettype none

// The X source of swm_bc_layer in convolution mode (docs/architecture.md "Block-circulant
// convolution"). Writes: the spectrum slots of the input pixels in raster order, pixel by pixel,
// block j = 0..QIN-1 then slot m = 0..S-1 (swm_rfft's output of the HWC stream), one slot per
// cycle. Each pixel's QIN*G words (G = S/LANES, LANES slots per word) are kept in a line buffer
// of NR = max(KH + SH, IN_H - (OH-1)*SH + KH) image rows (rows follow one another across images,
// so the next image's first field fills in while the last output row of an image is still read;
// the second term exceeds the first only for a convolution with less zero padding than KH - SH). Reads: the receptive field
// of one output pixel at a time, one word per rd_next, tap (u, v) major, then block j, then slot
// group g - block column (u*KW + v)*QIN + j of the layer's block grid (swm.golden_cnn.bc_conv_matrix)
// - with zero words where the tap falls in the zero padding. A read of the word addressed in
// cycle t appears on rd_data in cycle t + 1 (as swm_slot_buf's word port). After the field's last
// word the address returns to its first word, so each row group of the layer re-reads it;
// rd_release with the last rd_next of a field moves on to the next output pixel (raster order,
// then the next image). rd_avail: every input pixel of the current field has been written. A
// pixel is written only once the rows it overwrites are no longer needed (writer at most NR
// rows ahead of the top row of the current field).
module swm_spec_window #(
    // slots per word (MAC lanes), power of two
    parameter integer LANES = 2,
    // bits per slot ({re, im})
    parameter integer W = 36,
    // slots per block (K/2)
    parameter integer S = 8,
    // input channel blocks per pixel (C_in / K)
    parameter integer QIN = 1,
    // input image height and width
    parameter integer IN_H = 8,
    parameter integer IN_W = 8,
    // kernel height and width
    parameter integer KH = 3,
    parameter integer KW = 3,
    // stride and zero padding
    parameter integer SH = 1,
    parameter integer SW = 1,
    parameter integer PH = 1,
    parameter integer PW = 1
) (
    input  wire                 clk,
    input  wire                 rst,

    // spectrum slots of the input pixels (raster order; block, then slot)
    input  wire                 wr_valid,
    output wire                 wr_ready,
    input  wire [W-1:0]         wr_data,

    // receptive-field reads: one word per rd_next (data one cycle later)
    output wire                 rd_avail,
    input  wire                 rd_next,
    input  wire                 rd_release,
    output wire [LANES*W-1:0]   rd_data
);

    localparam integer G     = (LANES >= 1 && LANES <= S) ? S / LANES : 1;
    localparam integer LOG_L = (LANES > 1) ? $clog2(LANES) : 1;
    // output image size (PyTorch's floor rule)
    localparam integer OH    = (IN_H + 2 * PH - KH) / SH + 1;
    localparam integer OW    = (IN_W + 2 * PW - KW) / SW + 1;
    // buffer rows: the KH rows of a field and SH rows being filled for the next output row; and,
    // so that the next image's first field fills in while the last output row of an image is
    // read, the rows from the last field's top to the next image's row KH - 1 - PH
    // (IN_H - (OH-1)*SH + KH; more than KH + SH only without enough zero padding)
    localparam integer NR_ROW = KH + SH;
    localparam integer NR_IMG = IN_H - (OH - 1) * SH + KH;
    localparam integer NR    = (NR_IMG > NR_ROW) ? NR_IMG : NR_ROW;
    // words per pixel, per row, in the buffer
    localparam integer PWD   = QIN * G;
    localparam integer RWD   = IN_W * PWD;
    localparam integer DEPTH = NR * RWD;
    localparam integer MAW   = (DEPTH > 1) ? $clog2(DEPTH) : 1;
    // signed address arithmetic: row base + column offset (a padded column is below 0 or past the
    // row), and a row base plus a step of up to DEPTH before it wraps (rb0 + DIMG * RWD)
    localparam integer CAW   = $clog2(2 * DEPTH + (KW + PW + SW + IN_W) * PWD + 1) + 1;
    // row slot of the first field row of the first image, and the row-slot step to the next image
    localparam integer RB_INIT_I  = (((-PH) % NR) + NR) % NR * RWD;
    localparam integer DIMG_I     = (((IN_H - (OH - 1) * SH) % NR) + NR) % NR;
    localparam integer CO_INIT_I  = -PW * PWD;
    localparam integer SH_RWD_I   = SH * RWD;
    localparam integer DIMG_RWD_I = DIMG_I * RWD;
    localparam integer SW_PWD_I   = SW * PWD;
    localparam integer SLOTS_I    = QIN * S;
    // counter widths
    localparam integer JGW   = (PWD > 1) ? $clog2(PWD) : 1;
    localparam integer TXW   = (KW > 1) ? $clog2(KW) : 1;
    localparam integer TYW   = (KH > 1) ? $clog2(KH) : 1;
    localparam integer OXW   = (OW > 1) ? $clog2(OW) : 1;
    localparam integer OYW   = (OH > 1) ? $clog2(OH) : 1;
    localparam integer SCW   = (SLOTS_I > 1) ? $clog2(SLOTS_I) : 1;
    // coordinate width (signed): -PH .. IN_H + KH + SH
    localparam integer YW    = $clog2(IN_H + KH + SH + PH + IN_W + KW + SW + PW + 1) + 1;

    localparam integer PWD_M1_I = PWD - 1;
    localparam integer KW_M1_I  = KW - 1;
    localparam integer KH_M1_I  = KH - 1;
    localparam integer OW_M1_I  = OW - 1;
    localparam integer OH_M1_I  = OH - 1;
    localparam integer SC_M1_I  = SLOTS_I - 1;
    // slot index -> word index shift
    localparam integer SH_L     = (LANES > 1) ? $clog2(LANES) : 0;

    initial begin
        if (LANES < 1 || (LANES & (LANES - 1)) != 0 || LANES > S) begin
            $error("%m: LANES = %0d must be a power of two with 1 <= LANES <= S = %0d", LANES, S);
            $finish;
        end
        if (S < 2 || (S & (S - 1)) != 0) begin
            $error("%m: S = %0d must be a power of two >= 2", S);
            $finish;
        end
        if (QIN < 1 || IN_H < 1 || IN_W < 1 || KH < 1 || KW < 1) begin
            $error("%m: QIN = %0d, IN_H = %0d, IN_W = %0d, KH = %0d, KW = %0d must be >= 1", QIN, IN_H, IN_W, KH, KW);
            $finish;
        end
        if (SH < 1 || SW < 1 || PH < 0 || PW < 0 || PH >= KH || PW >= KW) begin
            $error("%m: stride %0dx%0d must be >= 1 and padding %0dx%0d in 0..kernel-1 (kernel %0dx%0d)", SH, SW, PH, PW, KH, KW);
            $finish;
        end
        if (IN_H + 2 * PH < KH || IN_W + 2 * PW < KW) begin
            $error("%m: a %0dx%0d kernel does not fit the %0dx%0d image with padding %0dx%0d", KH, KW, IN_H, IN_W, PH, PW);
            $finish;
        end
    end

    localparam integer DEPTH_II = DEPTH;
    localparam integer RWD_II   = RWD;
    localparam integer PH_NEG_I = -PH;
    localparam integer PW_NEG_I = -PW;
    localparam integer SH_II    = SH;
    localparam integer SW_II    = SW;
    localparam integer IN_H_II  = IN_H;
    localparam integer IN_W_II  = IN_W;
    localparam [JGW-1:0] PWD_M1 = PWD_M1_I[JGW-1:0];
    localparam [TXW-1:0] KW_M1  = KW_M1_I[TXW-1:0];
    localparam [TYW-1:0] KH_M1  = KH_M1_I[TYW-1:0];
    localparam [OXW-1:0] OW_M1  = OW_M1_I[OXW-1:0];
    localparam [OYW-1:0] OH_M1  = OH_M1_I[OYW-1:0];
    localparam [SCW-1:0] SC_M1  = SC_M1_I[SCW-1:0];
    localparam signed [CAW-1:0] DEPTH_S   = DEPTH_II[CAW-1:0];
    localparam signed [CAW-1:0] RWD_S     = RWD_II[CAW-1:0];
    localparam signed [CAW-1:0] RB_INIT   = RB_INIT_I[CAW-1:0];
    localparam signed [CAW-1:0] CO_INIT   = CO_INIT_I[CAW-1:0];
    localparam signed [CAW-1:0] SH_RWD    = SH_RWD_I[CAW-1:0];
    localparam signed [CAW-1:0] DIMG_RWD  = DIMG_RWD_I[CAW-1:0];
    localparam signed [CAW-1:0] SW_PWD    = SW_PWD_I[CAW-1:0];
    localparam signed [YW-1:0]  PH_NEG    = PH_NEG_I[YW-1:0];
    localparam signed [YW-1:0]  PW_NEG    = PW_NEG_I[YW-1:0];
    localparam signed [YW-1:0]  SH_S      = SH_II[YW-1:0];
    localparam signed [YW-1:0]  SW_S      = SW_II[YW-1:0];
    localparam signed [YW-1:0]  IN_H_S    = IN_H_II[YW-1:0];
    localparam signed [YW-1:0]  IN_W_S    = IN_W_II[YW-1:0];
    localparam signed [31:0]    KH_M1_32  = KH - 1;
    localparam signed [31:0]    KW_M1_32  = KW - 1;
    localparam signed [31:0]    IN_H_M1_32 = IN_H - 1;
    localparam signed [31:0]    IN_W_M1_32 = IN_W - 1;
    localparam signed [31:0]    NRW_32    = NR * IN_W;
    localparam [31:0]           IMG_PIX   = IN_H * IN_W;

    // ---- write side: pixel words at consecutive addresses, wrapping at DEPTH -------------------
    reg  [SCW-1:0]  sc_reg;         // slot within the pixel: j*S + m
    reg  [MAW-1:0]  wbase_reg;      // word address of the pixel's first word
    reg  [31:0]     wp_reg;         // pixels written (global, wraps modulo 2^32)
    wire [31:0]     limit;          // first pixel that would overwrite a row still needed
    wire            wr_fire = wr_valid && wr_ready;
    wire            wr_pix_end = (sc_reg == SC_M1);
    // word address: pixel base + slot / LANES (32-bit sum, only MAW bits used)
    wire [31:0]     sc_32 = {{(32-SCW){1'b0}}, sc_reg};
    /* verilator lint_off UNUSEDSIGNAL */
    wire [31:0]     waddr_32 = {{(32-MAW){1'b0}}, wbase_reg} + (sc_32 >> SH_L);
    /* verilator lint_on UNUSEDSIGNAL */
    wire [MAW-1:0]  waddr = waddr_32[MAW-1:0];

    // only the pixels before the limit may be written
    /* verilator lint_off UNUSEDSIGNAL */
    wire [31:0] wr_room = wp_reg - limit;
    /* verilator lint_on UNUSEDSIGNAL */
    assign wr_ready = wr_room[31];

    localparam integer WB_LAST_I = DEPTH - PWD;
    localparam integer PWD_I     = PWD;
    localparam [MAW-1:0] WB_LAST = WB_LAST_I[MAW-1:0];
    localparam [MAW-1:0] PWD_C   = PWD_I[MAW-1:0];

    always @(posedge clk) begin
        if (wr_fire) begin
            sc_reg <= wr_pix_end ? {SCW{1'b0}} : sc_reg + {{(SCW-1){1'b0}}, 1'b1};
            if (wr_pix_end) begin
                wbase_reg <= (wbase_reg == WB_LAST) ? {MAW{1'b0}} : wbase_reg + PWD_C;
                wp_reg    <= wp_reg + 32'd1;
            end
        end
        if (rst) begin
            sc_reg    <= {SCW{1'b0}};
            wbase_reg <= {MAW{1'b0}};
            wp_reg    <= 32'd0;
        end
    end

    // first pixel of image row y (y * IN_W, 0 <= y < IN_H) as a mux of constants: a multiplier
    // here would take a DSP on an FPGA
    function automatic signed [31:0] row_start(input signed [31:0] y);
        integer i;
        begin
            row_start = 32'sd0;
            for (i = 1; i < IN_H; i = i + 1) begin
                if (y == i) begin
                    row_start = i * IN_W;
                end
            end
        end
    endfunction

    // the field's sums as functions of its first tap (iy0, ix0) and the image's first pixel:
    // img + first pixel of its last row, its last column + 1, the writer's limit
    function automatic [31:0] f_ybase(input signed [YW-1:0] iy0, input [31:0] img);
        reg signed [31:0] y;
        begin
            y = {{(32-YW){iy0[YW-1]}}, iy0};
            f_ybase = img + $unsigned(row_start((y + KH_M1_32 > IN_H_M1_32) ? IN_H_M1_32 : y + KH_M1_32));
        end
    endfunction

    function automatic signed [31:0] f_xl1(input signed [YW-1:0] ix0);
        reg signed [31:0] x;
        begin
            x = {{(32-YW){ix0[YW-1]}}, ix0};
            f_xl1 = ((x + KW_M1_32 > IN_W_M1_32) ? IN_W_M1_32 : x + KW_M1_32) + 32'sd1;
        end
    endfunction

    function automatic [31:0] f_limit(input signed [YW-1:0] iy0, input [31:0] img);
        reg signed [31:0] y;
        begin
            y = {{(32-YW){iy0[YW-1]}}, iy0};
            f_limit = img + $unsigned(row_start((y < 0) ? 32'sd0 : y) + NRW_32);
        end
    endfunction

    // ---- read side: the current field ---------------------------------------------------------
    reg  [JGW-1:0]         jg_reg;     // word within the tap's pixel: j*G + g
    reg  [TXW-1:0]         tx_reg;     // tap column v
    reg  [TYW-1:0]         ty_reg;     // tap row u
    reg  [OXW-1:0]         ox_reg;     // output pixel
    reg  [OYW-1:0]         oy_reg;
    reg  signed [YW-1:0]   iy0_reg;    // input row and column of tap (0, 0): oy*SH - PH, ox*SW - PW
    reg  signed [YW-1:0]   ix0_reg;
    reg  signed [YW-1:0]   iy_reg;     // input row and column of the current tap
    reg  signed [YW-1:0]   ix_reg;
    reg  signed [CAW-1:0]  rb0_reg;    // row-slot base address of input row iy0
    reg  signed [CAW-1:0]  co0_reg;    // column offset of ix0: ix0 * PWD
    reg  signed [CAW-1:0]  rb_reg;     // row-slot base of the current tap row
    reg  signed [CAW-1:0]  co_reg;     // column offset of the current word: ix * PWD + jg
    reg  [31:0]            img_reg;    // global index of the current image's first pixel
    reg  [31:0]            ybase_reg;  // f_ybase(iy0, img)
    reg  signed [31:0]     xl1_reg;    // f_xl1(ix0)
    reg  [31:0]            limit_reg;  // f_limit(iy0, img)
    wire [31:0]            img_nx = img_reg + IMG_PIX;

    wire jg_end = (jg_reg == PWD_M1);
    wire tx_end = (tx_reg == KW_M1);
    wire ty_end = (ty_reg == KH_M1);
    wire ox_end = (ox_reg == OW_M1);
    wire oy_end = (oy_reg == OH_M1);

    // the current word is in the zero padding
    wire pad = (iy_reg < 0) || (iy_reg >= IN_H_S) || (ix_reg < 0) || (ix_reg >= IN_W_S);

    // next row slot (rb + RWD modulo DEPTH) and the field's first row slot for the next output
    // row / next image (a step of SH rows, or of IN_H - (OH-1)*SH rows, modulo NR)
    wire signed [CAW-1:0] rb_step  = rb_reg + RWD_S;
    wire signed [CAW-1:0] rb_nx    = (rb_step >= DEPTH_S) ? rb_step - DEPTH_S : rb_step;
    wire signed [CAW-1:0] rb0_step = rb0_reg + (oy_end ? DIMG_RWD : SH_RWD);
    wire signed [CAW-1:0] rb0_nx   = (rb0_step >= DEPTH_S) ? rb0_step - DEPTH_S : rb0_step;
    wire signed [YW-1:0]  iy0_nx   = oy_end ? PH_NEG : iy0_reg + SH_S;
    wire signed [YW-1:0]  ix0_nx   = ix0_reg + SW_S;
    wire signed [CAW-1:0] co0_nx   = co0_reg + SW_PWD;

    always @(posedge clk) begin
        if (rd_next) begin
            jg_reg <= jg_end ? {JGW{1'b0}} : jg_reg + {{(JGW-1){1'b0}}, 1'b1};
            co_reg <= co_reg + {{(CAW-1){1'b0}}, 1'b1};
            if (jg_end) begin
                tx_reg <= tx_end ? {TXW{1'b0}} : tx_reg + {{(TXW-1){1'b0}}, 1'b1};
                ix_reg <= ix_reg + {{(YW-1){1'b0}}, 1'b1};
                if (tx_end) begin
                    ty_reg <= ty_end ? {TYW{1'b0}} : ty_reg + {{(TYW-1){1'b0}}, 1'b1};
                    ix_reg <= ix0_reg;
                    co_reg <= co0_reg;
                    iy_reg <= iy_reg + {{(YW-1){1'b0}}, 1'b1};
                    rb_reg <= rb_nx;
                    if (ty_end) begin
                        // end of the field: back to its first word
                        iy_reg <= iy0_reg;
                        rb_reg <= rb0_reg;
                    end
                end
            end
            if (rd_release) begin
                // (with the field's last word) the next output pixel
                ox_reg <= ox_end ? {OXW{1'b0}} : ox_reg + {{(OXW-1){1'b0}}, 1'b1};
                if (ox_end) begin
                    oy_reg  <= oy_end ? {OYW{1'b0}} : oy_reg + {{(OYW-1){1'b0}}, 1'b1};
                    ix0_reg <= PW_NEG;
                    ix_reg  <= PW_NEG;
                    co0_reg <= CO_INIT;
                    co_reg  <= CO_INIT;
                    iy0_reg <= iy0_nx;
                    iy_reg  <= iy0_nx;
                    rb0_reg <= rb0_nx;
                    rb_reg  <= rb0_nx;
                    xl1_reg <= f_xl1(PW_NEG);
                    if (oy_end) begin
                        img_reg   <= img_nx;
                        ybase_reg <= f_ybase(iy0_nx, img_nx);
                        limit_reg <= f_limit(iy0_nx, img_nx);
                    end else begin
                        ybase_reg <= f_ybase(iy0_nx, img_reg);
                        limit_reg <= f_limit(iy0_nx, img_reg);
                    end
                end else begin
                    ix0_reg <= ix0_nx;
                    ix_reg  <= ix0_nx;
                    xl1_reg <= f_xl1(ix0_nx);
                    co0_reg <= co0_nx;
                    co_reg  <= co0_nx;
                end
            end
        end
        if (rst) begin
            jg_reg  <= {JGW{1'b0}};
            tx_reg  <= {TXW{1'b0}};
            ty_reg  <= {TYW{1'b0}};
            ox_reg  <= {OXW{1'b0}};
            oy_reg  <= {OYW{1'b0}};
            iy0_reg <= PH_NEG;
            ix0_reg <= PW_NEG;
            iy_reg  <= PH_NEG;
            ix_reg  <= PW_NEG;
            rb0_reg <= RB_INIT;
            co0_reg <= CO_INIT;
            rb_reg  <= RB_INIT;
            co_reg  <= CO_INIT;
            img_reg <= 32'd0;
            ybase_reg <= f_ybase(PH_NEG, 32'd0);
            xl1_reg   <= f_xl1(PW_NEG);
            limit_reg <= f_limit(PH_NEG, 32'd0);
        end
    end

    // ---- availability and the writer's limit (global pixel indices, modulo 2^32) --------------
    // rd_avail: the field's last pixel (its last input row and column, clipped to the image) has
    // been written: wp - need >= 0 with need = ybase + xl1 (the registers below). wr_ready: the
    // writer is below the limit, the first pixel of the row slot after the field's first needed
    // row. Both sums are kept in registers that change with the field (their next values are
    // computed from the field's next position), so each test is one subtraction.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [31:0] have = wp_reg - (ybase_reg + $unsigned(xl1_reg));
    /* verilator lint_on UNUSEDSIGNAL */
    assign rd_avail  = !have[31];
    assign limit     = limit_reg;

    // ---- the buffer: one RAM per lane ---------------------------------------------------------
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [CAW-1:0] raddr_s = rb_reg + co_reg;
    /* verilator lint_on UNUSEDSIGNAL */
    wire [MAW-1:0]        raddr   = pad ? {MAW{1'b0}} : raddr_s[MAW-1:0];
    reg                   pad_q_reg;
    wire [LANES*W-1:0]    rd_q;

    always @(posedge clk) begin
        pad_q_reg <= pad;
    end

    genvar l;
    generate
        for (l = 0; l < LANES; l = l + 1) begin : g_lane
            wire lane_we;
            if (LANES > 1) begin : g_sel
                localparam integer L_I = l;
                localparam [LOG_L-1:0] L_C = L_I[LOG_L-1:0];
                assign lane_we = wr_fire && (sc_reg[LOG_L-1:0] == L_C);
            end else begin : g_one
                assign lane_we = wr_fire;
            end
            swm_sram_1r1w #(.WIDTH(W), .DEPTH(DEPTH), .AW(MAW)) u_sram (
                .clk(clk), .we(lane_we), .waddr(waddr), .wdata(wr_data),
                .re(1'b1), .raddr(raddr), .rdata(rd_q[l*W +: W])
            );
        end
    endgenerate

    assign rd_data = pad_q_reg ? {(LANES*W){1'b0}} : rd_q;

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_spec_window/
    `include "swm_spec_window_props.vh"
`endif

endmodule

`resetall
