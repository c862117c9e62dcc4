// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_spec_window.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment (assumptions): reset in the first cycle; the reader (swm_bc_layer's MAC issue) reads
// only while its field is available (rd_next -> rd_avail) and releases a field only with the rd_next
// of its last word (rd_release -> rd_next at word KH*KW*QIN*G - 1 of the field). The writer (the FFT
// output) may offer a slot in any cycle with any data.
// References (counters here, written from the header comment of hw/swm_spec_window.v):
//   writer  the slot within its pixel, the pixel's column, and its row relative to row 0 of the
//           reader's image (pixels in raster order; a row slot = global input row mod NR, a pixel's
//           words at (row slot * IN_W + column) * QIN*G, word = slot / LANES)
//   reader  the word of the field (tap u, v major, then block j, then slot group g: jg = j*G + g),
//           the output pixel in its image (raster order), the global index of its image's first
//           pixel and the row slot of its image's row 0
// Properties (assertions, labelled group_what):
//   iface   after reset no field available and the writer accepted; a field once available stays
//           available until it is released
//   cons    the write position (slot, word address, pixel count, base address) and the read position
//           (counters, tap coordinates, row/column bases, image base) follow the references
//   ctl     the field's sums (need, limit) as the references say; rd_avail exactly when every input
//           pixel of the field has been written (the writer past its last in-image pixel in raster
//           order); wr_ready exactly while the writer is fewer than NR rows ahead of the field's
//           first in-image row, and never more than NR rows ahead (no row still needed is
//           overwritten)
//   func    the read address of every in-image word = the address the writer used for that pixel,
//           block and slot group; while the field is available that pixel has been written and not
//           overwritten (also not in this cycle); rd_data = 0 exactly after a read in the padding,
//           else the RAM word. Bounded (SWM_FORMAL_BMC, the RAM's contents are not visible to the
//           properties): the lane-l slot read at a watched field position (anyconst output pixel,
//           word, lane) = the slot written for its input pixel, block and slot of the same image, or
//           0 in the padding
//   live    never deadlocked: the writer is accepted or the reader has its field

    `include "swm_formal_reset.vh"

    localparam integer F_PWD  = QIN * G;            // words per pixel
    localparam integer F_FW   = KH * KW * F_PWD;    // words per field
    localparam integer F_NPIX = OH * OW;            // output pixels per image
    localparam integer F_IMG  = IN_H * IN_W;        // input pixels per image
    localparam integer F_NRW  = NR * IN_W;          // pixels in the buffer
    localparam integer F_SLOTS = QIN * S;           // slots per pixel
    localparam [15:0] F_OFF  = NR * (IN_H + 4);      // makes a relative row positive before mod NR
    localparam [15:0] F_NR16 = NR;

    wire f_wr_fire = wr_valid && wr_ready && !rst;
    wire f_rd_next = rd_next && !rst;

    // ---- environment: the reader ---------------------------------------------------------------------
    reg  [7:0] f_word = 8'd0;       // word of the current field
    always @(*) begin
        if (!rd_avail) begin
            assume(!rd_next);
        end
        if (rd_release) begin
            assume(rd_next && f_word == F_FW - 1);
        end
    end

    // ---- references ------------------------------------------------------------------------------------
    reg  [7:0]        f_opix  = 8'd0;     // output pixel in the reader's image (raster order)
    reg  [31:0]       f_rimg  = 32'd0;    // global index of the first pixel of the reader's image
    reg  [7:0]        f_rrow0 = 8'd0;     // row slot of the reader image's row 0
    reg  [7:0]        f_wslot = 8'd0;     // slot within the pixel being written: j*S + m
    reg  [7:0]        f_wx    = 8'd0;     // its column
    reg  signed [15:0] f_wrel = 16'sd0;   // its row, relative to row 0 of the reader's image

    wire f_wpix_end = f_wr_fire && (f_wslot == F_SLOTS - 1);
    wire f_wrow_end = f_wpix_end && (f_wx == IN_W - 1);
    wire f_img_end  = f_rd_next && rd_release && (f_opix == F_NPIX - 1);

    always @(posedge clk) begin
        if (rst) begin
            f_word  <= 8'd0;
            f_opix  <= 8'd0;
            f_rimg  <= 32'd0;
            f_rrow0 <= 8'd0;
            f_wslot <= 8'd0;
            f_wx    <= 8'd0;
            f_wrel  <= 16'sd0;
        end else begin
            if (f_wr_fire) begin
                f_wslot <= (f_wslot == F_SLOTS - 1) ? 8'd0 : f_wslot + 8'd1;
            end
            if (f_wpix_end) begin
                f_wx <= (f_wx == IN_W - 1) ? 8'd0 : f_wx + 8'd1;
            end
            f_wrel <= f_wrel + (f_wrow_end ? 16'sd1 : 16'sd0) - (f_img_end ? IN_H : 0);
            if (f_rd_next) begin
                f_word <= (f_word == F_FW - 1) ? 8'd0 : f_word + 8'd1;
                if (rd_release) begin
                    f_opix <= (f_opix == F_NPIX - 1) ? 8'd0 : f_opix + 8'd1;
                end
            end
            if (f_img_end) begin
                f_rimg  <= f_rimg + F_IMG;
                f_rrow0 <= (f_rrow0 + IN_H) % NR;
            end
        end
    end

    // the reader's tap and output pixel (signed, 16 bits)
    wire signed [15:0] f_u   = $signed({8'd0, f_word / (KW * F_PWD)});
    wire signed [15:0] f_v   = $signed({8'd0, (f_word / F_PWD) % KW});
    wire signed [15:0] f_jg  = $signed({8'd0, f_word % F_PWD});
    wire signed [15:0] f_oy  = $signed({8'd0, f_opix / OW});
    wire signed [15:0] f_ox  = $signed({8'd0, f_opix % OW});
    wire signed [15:0] f_iy0 = f_oy * SH - PH;
    wire signed [15:0] f_ix0 = f_ox * SW - PW;
    wire signed [15:0] f_iy  = f_iy0 + f_u;
    wire signed [15:0] f_ix  = f_ix0 + f_v;
    wire               f_pad = f_iy < 0 || f_iy >= IN_H || f_ix < 0 || f_ix >= IN_W;
    // the field's first in-image row, its last in-image pixel (raster order) and the writer's limit,
    // as pixel indices relative to the reader image's first pixel
    wire signed [15:0] f_top  = (f_iy0 < 0) ? 16'sd0 : f_iy0;
    wire signed [15:0] f_lrow = (f_iy0 + KH - 1 > IN_H - 1) ? IN_H - 1 : f_iy0 + KH - 1;
    wire signed [15:0] f_lcol = (f_ix0 + KW - 1 > IN_W - 1) ? IN_W - 1 : f_ix0 + KW - 1;
    wire signed [15:0] f_need = f_lrow * IN_W + f_lcol + 1;     // pixels that must have been written
    wire signed [15:0] f_lim  = f_top * IN_W + F_NRW;           // first pixel NR rows below the top
    wire signed [15:0] f_prel = f_iy * IN_W + f_ix;             // the current tap's pixel
    wire signed [15:0] f_wpix = f_wrel * IN_W + $signed({8'd0, f_wx});   // the next pixel written
    wire [31:0]        f_wpix32 = {{16{f_wpix[15]}}, f_wpix};
    wire signed [15:0] f_lrow_px = f_lrow * IN_W;
    wire signed [15:0] f_xl1_ref = f_lcol + 16'sd1;
    wire [31:0]        f_ybase32 = f_rimg + {{16{f_lrow_px[15]}}, f_lrow_px};
    wire [31:0]        f_xl132   = {{16{f_xl1_ref[15]}}, f_xl1_ref};
    wire [31:0]        f_limit32 = f_rimg + {{16{f_lim[15]}}, f_lim};

    // row slot of a row relative to the reader image's row 0, and the reference addresses
    function automatic [15:0] f_slot(input [7:0] r0, input signed [15:0] r);
        reg [15:0] t;
        begin
            t = $signed({8'd0, r0}) + r + F_OFF;
            f_slot = t % F_NR16;
        end
    endfunction
    wire [15:0] f_rd_addr = (f_slot(f_rrow0, f_iy) * IN_W + $unsigned(f_ix)) * F_PWD + $unsigned(f_jg);
    wire [15:0] f_wbase   = (f_slot(f_rrow0, f_wrel) * IN_W + {8'd0, f_wx}) * F_PWD;
    wire [15:0] f_wr_addr = f_wbase + {8'd0, f_wslot} / LANES;

    always @(*) begin
        if (f_past_valid && !rst) begin
            // ---- write and read positions -----------------------------------------------------------------
            cons_write_position: assert(f_wslot < F_SLOTS && f_wx < IN_W && sc_reg == f_wslot[SCW-1:0]
                                        && wp_reg == f_rimg + f_wpix32
                                        && {{(16-MAW){1'b0}}, wbase_reg} == f_wbase
                                        && {{(16-MAW){1'b0}}, waddr} == f_wr_addr
                                        && f_wrel >= -IN_H - 1);
            cons_read_position: assert(f_word < F_FW && f_opix < F_NPIX && f_rrow0 < NR
                                       && jg_reg == f_jg[JGW-1:0] && tx_reg == f_v[TXW-1:0]
                                       && ty_reg == f_u[TYW-1:0] && ox_reg == f_ox[OXW-1:0]
                                       && oy_reg == f_oy[OYW-1:0]
                                       && iy0_reg == f_iy0 && ix0_reg == f_ix0 && iy_reg == f_iy && ix_reg == f_ix
                                       && co0_reg == f_ix0 * F_PWD && co_reg == f_ix * F_PWD + f_jg
                                       && rb0_reg == $signed({1'b0, f_slot(f_rrow0, f_iy0)}) * RWD
                                       && rb_reg == $signed({1'b0, f_slot(f_rrow0, f_iy)}) * RWD
                                       && img_reg == f_rimg);
            // ---- availability and the writer's limit ------------------------------------------------------
            ctl_field_sums: assert(ybase_reg == f_ybase32 && xl1_reg == f_xl132 && limit_reg == f_limit32);
            ctl_avail_exact: assert(rd_avail == (f_wpix >= f_need));
            ctl_writer_limit: assert(wr_ready == (f_wpix < f_lim) && f_wpix <= f_lim);
            // ---- the words read ---------------------------------------------------------------------------
            if (!f_pad) begin
                func_read_address: assert({{(16-MAW){1'b0}}, raddr} == f_rd_addr);
                if (rd_avail) begin
                    func_tap_written_intact: assert(f_prel < f_wpix
                                                    && f_wpix + (f_wr_fire ? 16'sd1 : 16'sd0) <= f_prel + F_NRW);
                end
            end
            // ---- no deadlock --------------------------------------------------------------------------------
            live_no_deadlock: assert(wr_ready || rd_avail);
        end
    end

    reg f_pad_q = 1'b0;
    always @(posedge clk) begin
        f_pad_q <= f_pad;
        if (f_past_valid && $past(rst)) begin
            iface_after_reset: assert(!rd_avail && wr_ready);
        end
        if (f_past_valid && !$past(rst) && !rst) begin
            if ($past(rd_avail && !(rd_next && rd_release))) begin
                iface_avail_held: assert(rd_avail);
            end
            func_padding_zero: assert(rd_data == (f_pad_q ? {(LANES*W){1'b0}} : rd_q));
        end
    end

`ifdef SWM_FORMAL_BMC
    // ---- bounded: a watched word through the line buffer ---------------------------------------------
    reg  [7:0] f_wy = 8'd0;                 // the writer's row in its image
    reg  [7:0] f_wimg = 8'd0;               // images written, read (parity picks the watched value)
    reg  [7:0] f_rimgn = 8'd0;
    (* anyconst *) reg [7:0] f_k_opix, f_k_word, f_k_lane;
    always @(*) begin
        assume(f_k_opix < F_NPIX && f_k_word < F_FW && f_k_lane < LANES);
    end
    wire signed [15:0] f_k_iy = $signed({8'd0, f_k_opix / OW}) * SH - PH + $signed({8'd0, f_k_word / (KW * F_PWD)});
    wire signed [15:0] f_k_ix = $signed({8'd0, f_k_opix % OW}) * SW - PW + $signed({8'd0, (f_k_word / F_PWD) % KW});
    wire [7:0]  f_k_jg   = f_k_word % F_PWD;
    wire [7:0]  f_k_slot = (f_k_jg / G) * S + (f_k_jg % G) * LANES + f_k_lane;   // j*S + g*LANES + lane
    wire        f_k_in   = f_k_iy >= 0 && f_k_iy < IN_H && f_k_ix >= 0 && f_k_ix < IN_W;
    reg  [W-1:0] f_val [0:1];
    reg  [1:0]   f_val_set = 2'b00;

    always @(posedge clk) begin
        if (rst) begin
            f_wy      <= 8'd0;
            f_wimg    <= 8'd0;
            f_rimgn   <= 8'd0;
            f_val_set <= 2'b00;
        end else begin
            if (f_wrow_end) begin
                f_wy <= (f_wy == IN_H - 1) ? 8'd0 : f_wy + 8'd1;
                if (f_wy == IN_H - 1) begin
                    f_wimg <= f_wimg + 8'd1;
                end
            end
            if (f_img_end) begin
                f_rimgn <= f_rimgn + 8'd1;
            end
            if (f_wr_fire && f_k_in && f_wy == f_k_iy && f_wx == f_k_ix && f_wslot == f_k_slot) begin
                f_val[f_wimg[0]]     <= wr_data;
                f_val_set[f_wimg[0]] <= 1'b1;
            end
        end
    end

    reg f_k_read = 1'b0;                    // the watched position was read in the cycle before
    reg f_k_par  = 1'b0;
    always @(posedge clk) begin
        f_k_read <= f_rd_next && f_opix == f_k_opix && f_word == f_k_word;
        f_k_par  <= f_rimgn[0];
    end

    always @(*) begin
        if (f_past_valid && !rst && f_k_read) begin
            func_watched_word: assert(f_k_in ? (f_val_set[f_k_par] && rd_data[f_k_lane * W +: W] == f_val[f_k_par])
                                             : rd_data[f_k_lane * W +: W] == {W{1'b0}});
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cover(f_k_read && f_k_in && f_rimgn == 8'd1);
            cover(f_img_end && f_rimgn == 8'd0);
            cover(wr_valid && !wr_ready && f_rimgn == 8'd0);
            cover(f_rd_next && !rd_release && f_word == F_FW - 1 && f_opix != 8'd0);
            cover(!rd_avail && f_opix != 8'd0);
        end
    end
`endif
