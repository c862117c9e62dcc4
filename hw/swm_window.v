// SPDX-License-Identifier: Apache-2.0
// swm_window: the receptive field of every output pixel of a convolution, from a feature map streamed in raster order, channels innermost.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Input: frames of H x W x C samples, pixel (h, w) channel c at position (h*W + w)*C + c.
// Output: for every output pixel (oh, ow) in raster order (OH = (H + 2*PAD - KH)/STRIDE + 1, OW
// likewise), one vector of KH*KW*C samples, tap (u, v) major and channel c minor, tlast on the
// vector's last sample: input pixel (oh*STRIDE - PAD + u, ow*STRIDE - PAD + v), zero outside the
// image (docs/datapath.md "Convolution, affine and max-pool": the dense convolution is the dense
// layer applied to each of these vectors, swm.golden_cnn.patches).
// Line buffer: NR = KH + STRIDE rows of W*C samples (swm_sram_1r1w), written row after row
// (continuing across frames); an input row may overwrite a slot once no output row still being
// read needs its old row, so the next rows stream in while the current output row is read. The
// input is framed by count: an input tlast not on sample H*W*C-1 (or a missing one) sets the
// sticky err_len (cleared by rst).
// Read pipeline: address and zero test, the RAM read, the output register; all advance when the
// output register is empty or taken: one output sample per clock while the rows are there.
module swm_window #(
    // sample width
    parameter integer DW = 16,
    // input rows, columns, channels
    parameter integer H = 8,
    parameter integer W = 8,
    parameter integer C = 1,
    // kernel rows and columns
    parameter integer KH = 3,
    parameter integer KW = 3,
    // stride (both directions) and zero padding (both sides)
    parameter integer STRIDE = 1,
    parameter integer PAD = 1
) (
    input  wire           clk,
    input  wire           rst,
    // a frame is being received or emitted
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

    localparam integer OH = (H + 2 * PAD - KH) / STRIDE + 1;
    localparam integer OW = (W + 2 * PAD - KW) / STRIDE + 1;
    localparam integer NR = KH + STRIDE;          // line-buffer rows
    localparam integer WC = W * C;                // samples per row
    localparam integer KC = KW * C;               // samples per tap row of a receptive field
    localparam integer DEPTH = NR * WC;
    localparam integer AW = (DEPTH > 1) ? $clog2(DEPTH) : 1;
    // every counter, coordinate and row number is a 16-bit two's-complement value (row counts
    // wrap; only their differences, < 2^15, are used)
    localparam integer N = 16;
    localparam signed [N-1:0] ONE = 16'sd1;
    localparam integer H_I = H;
    localparam signed [N-1:0] H_S = H_I[N-1:0];
    localparam integer WC_I = WC;
    localparam signed [N-1:0] WC_S = WC_I[N-1:0];
    localparam integer KC_I = KC;
    localparam signed [N-1:0] KC_S = KC_I[N-1:0];
    localparam integer KH_I = KH;
    localparam signed [N-1:0] KH_S = KH_I[N-1:0];
    localparam integer OH_I = OH;
    localparam signed [N-1:0] OH_S = OH_I[N-1:0];
    localparam integer OW_I = OW;
    localparam signed [N-1:0] OW_S = OW_I[N-1:0];
    localparam integer NR_I = NR;
    localparam signed [N-1:0] NR_S = NR_I[N-1:0];
    localparam integer STRIDE_I = STRIDE;
    localparam signed [N-1:0] STRIDE_S = STRIDE_I[N-1:0];
    localparam integer PAD_I = PAD;
    localparam signed [N-1:0] PAD_S = PAD_I[N-1:0];
    localparam integer SC_I = STRIDE * C;
    localparam signed [N-1:0] SC_S = SC_I[N-1:0];
    localparam integer PC_I = PAD * C;
    localparam signed [N-1:0] PC_S = PC_I[N-1:0];
    localparam integer PAD_MOD_I = PAD % NR;
    localparam signed [N-1:0] PAD_MOD_S = PAD_MOD_I[N-1:0];
    // rows the first output row of a frame needs: min(KH - PAD, H)
    localparam integer NEED0_I = (KH - PAD < H) ? KH - PAD : H;
    localparam signed [N-1:0] NEED0_S = NEED0_I[N-1:0];
    localparam integer H_MOD_I = H % NR;
    localparam signed [N-1:0] H_MOD_S = H_MOD_I[N-1:0];

    initial begin
        if (DW < 1 || H < 1 || W < 1 || C < 1 || KH < 1 || KW < 1) begin
            $error("%m: DW = %0d, H = %0d, W = %0d, C = %0d, KH = %0d, KW = %0d must all be >= 1", DW, H, W, C, KH, KW);
            $finish;
        end
        if (STRIDE < 1 || PAD < 0 || PAD >= KH || PAD >= KW) begin
            $error("%m: STRIDE = %0d must be >= 1 and PAD = %0d in 0..min(KH, KW)-1", STRIDE, PAD);
            $finish;
        end
        if (OH < 1 || OW < 1) begin
            $error("%m: a %0dx%0d kernel with PAD = %0d does not fit a %0dx%0d image", KH, KW, PAD, H, W);
            $finish;
        end
        if (DEPTH > 32768 || H + KH + STRIDE > 16383 || WC + KC + PAD * C > 16383) begin
            $error("%m: the line buffer (%0d words) must hold at most 32768 words: use a smaller image or fewer channels", DEPTH);
            $finish;
        end
    end

    // slot arithmetic: a + b mod NR for 0 <= a < NR, 0 <= b <= NR
    function signed [N-1:0] slot_add(input signed [N-1:0] a, input signed [N-1:0] b);
        begin
            slot_add = (a + b >= NR_S) ? a + b - NR_S : a + b;
        end
    endfunction

    // ---- writer: input rows into the line buffer ----------------------------------------------
    reg  signed [N-1:0] rows_written_reg;   // count of complete input rows (all frames)
    reg  signed [N-1:0] first_needed_reg;   // row number of the oldest row the reader may still use
    reg  signed [N-1:0] w_slot_reg;
    reg  signed [N-1:0] w_addr_reg;         // w_slot*WC + position in the row
    reg  signed [N-1:0] w_pos_reg;
    reg  signed [N-1:0] w_row_reg;          // row within the frame
    reg                 err_reg;

    // signed: the reader may be done with a frame whose last rows (below every window) are not in yet
    wire signed [N-1:0] ahead = rows_written_reg - first_needed_reg;
    wire w_room = (ahead < NR_S);
    wire w_fire = s_axis_tvalid && w_room;
    wire w_row_end = (w_pos_reg == WC_S - ONE);
    wire w_frame_end = w_row_end && (w_row_reg == H_S - ONE);
    assign s_axis_tready = w_room;

    always @(posedge clk) begin
        if (w_fire) begin
            if (s_axis_tlast != w_frame_end) begin
                err_reg <= 1'b1;
            end
            if (w_row_end) begin
                w_pos_reg        <= 16'sd0;
                rows_written_reg <= rows_written_reg + ONE;
                w_row_reg        <= w_frame_end ? 16'sd0 : w_row_reg + ONE;
                if (w_slot_reg == NR_S - ONE) begin
                    w_slot_reg <= 16'sd0;
                    w_addr_reg <= 16'sd0;
                end else begin
                    w_slot_reg <= w_slot_reg + ONE;
                    w_addr_reg <= w_addr_reg + ONE;
                end
            end else begin
                w_pos_reg  <= w_pos_reg + ONE;
                w_addr_reg <= w_addr_reg + ONE;
            end
        end
        if (rst) begin
            w_pos_reg        <= 16'sd0;
            w_row_reg        <= 16'sd0;
            w_slot_reg       <= 16'sd0;
            w_addr_reg       <= 16'sd0;
            rows_written_reg <= 16'sd0;
            err_reg          <= 1'b0;
        end
    end

    // ---- reader: one receptive field per output pixel ---------------------------------------
    // position: output row oh, column ow, tap row u, sample k of the tap row (v*C + c)
    reg  signed [N-1:0] oh_reg, ow_reg, u_reg, k_reg;
    reg  signed [N-1:0] frame_base_reg;   // row number of the reader's frame row 0
    reg  signed [N-1:0] frame_slot_reg;   // its slot
    reg  signed [N-1:0] base_slot_reg;    // slot of input row oh*STRIDE - PAD (mod NR)
    reg  signed [N-1:0] u_slot_reg;       // slot of input row oh*STRIDE - PAD + u
    reg  signed [N-1:0] ih_reg;           // oh*STRIDE - PAD + u
    reg  signed [N-1:0] col_reg;          // (ow*STRIDE - PAD)*C + k: position in the row
    reg  signed [N-1:0] col0_reg;         // (ow*STRIDE - PAD)*C
    reg  signed [N-1:0] next_first_reg;   // (oh+1)*STRIDE - PAD: first input row of the next output row

    // rows the current output row needs, min(oh*STRIDE - PAD + KH, H) of the reader's frame, kept
    // as an absolute row number (frame_base + that) in a register that changes with oh: the ready
    // test is then one subtraction (rows written - rows needed >= 0), not a chain of three
    reg  signed [N-1:0] need_abs_reg;
    // the next output row's need (its first row + KH, at most H)
    wire signed [N-1:0] need_next_s = next_first_reg + KH_S;
    wire signed [N-1:0] need_next = (need_next_s > H_S) ? H_S : need_next_s;
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [N-1:0] rows_spare = rows_written_reg - need_abs_reg;   // only its sign is used
    /* verilator lint_on UNUSEDSIGNAL */
    wire rows_ready = !rows_spare[N-1];

    reg  y_valid_reg;
    wire adv = !y_valid_reg || m_axis_tready;
    wire r_fire = adv && rows_ready;

    wire k_end  = (k_reg == KC_S - ONE);
    wire u_end  = (u_reg == KH_S - ONE);
    wire ow_end = (ow_reg == OW_S - ONE);
    wire oh_end = (oh_reg == OH_S - ONE);
    wire vec_end = k_end && u_end;
    wire signed [N-1:0] frame_slot_next = slot_add(frame_slot_reg, H_MOD_S);

    wire in_image = (ih_reg >= 16'sd0) && (ih_reg < H_S) && (col_reg >= 16'sd0) && (col_reg < WC_S);
    // first word of row slot u (u * W*C, 0 <= u < NR) as a mux of constants: a multiplier here
    // would take a DSP on an FPGA
    function automatic signed [N-1:0] slot_base(input signed [N-1:0] u);
        integer i;
        /* verilator lint_off UNUSEDSIGNAL */
        integer b;   // N = 16 bits used (DEPTH <= 32768 is checked above)
        /* verilator lint_on UNUSEDSIGNAL */
        begin
            slot_base = {N{1'b0}};
            for (i = 1; i < NR; i = i + 1) begin
                b = i * WC;
                if ({{(32-N){u[N-1]}}, u} == i) begin
                    slot_base = b[N-1:0];
                end
            end
        end
    endfunction

    // the RAM addresses are the low AW bits (DEPTH <= 32768 is checked above)
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [N-1:0] rd_full = slot_base(u_slot_reg) + col_reg;
    wire signed [N-1:0] wr_full = w_addr_reg;
    /* verilator lint_on UNUSEDSIGNAL */
    wire [AW-1:0] rd_addr = rd_full[AW-1:0];
    wire [AW-1:0] wr_addr = wr_full[AW-1:0];

    always @(posedge clk) begin
        if (r_fire) begin
            if (!k_end) begin
                k_reg   <= k_reg + ONE;
                col_reg <= col_reg + ONE;
            end else begin
                k_reg <= 16'sd0;
                if (!u_end) begin
                    u_reg      <= u_reg + ONE;
                    ih_reg     <= ih_reg + ONE;
                    u_slot_reg <= slot_add(u_slot_reg, ONE);
                    col_reg    <= col0_reg;
                end else begin
                    u_reg      <= 16'sd0;
                    ih_reg     <= ih_reg - (KH_S - ONE);
                    u_slot_reg <= base_slot_reg;
                    if (!ow_end) begin
                        ow_reg   <= ow_reg + ONE;
                        col0_reg <= col0_reg + SC_S;
                        col_reg  <= col0_reg + SC_S;
                    end else begin
                        ow_reg   <= 16'sd0;
                        col0_reg <= -PC_S;
                        col_reg  <= -PC_S;
                        if (!oh_end) begin
                            oh_reg         <= oh_reg + ONE;
                            ih_reg         <= next_first_reg;
                            next_first_reg <= next_first_reg + STRIDE_S;
                            need_abs_reg   <= frame_base_reg + need_next;
                            base_slot_reg  <= slot_add(base_slot_reg, STRIDE_S);
                            u_slot_reg     <= slot_add(base_slot_reg, STRIDE_S);
                            // rows above the next output row's first row are no longer needed
                            if (next_first_reg > 16'sd0) begin
                                first_needed_reg <= frame_base_reg + next_first_reg;
                            end
                        end else begin
                            // frame done: the next frame's rows start H rows further on
                            oh_reg           <= 16'sd0;
                            ih_reg           <= -PAD_S;
                            next_first_reg   <= STRIDE_S - PAD_S;
                            frame_base_reg   <= frame_base_reg + H_S;
                            first_needed_reg <= frame_base_reg + H_S;
                            need_abs_reg     <= frame_base_reg + H_S + NEED0_S;
                            frame_slot_reg   <= frame_slot_next;
                            base_slot_reg    <= slot_add(frame_slot_next, NR_S - PAD_MOD_S);
                            u_slot_reg       <= slot_add(frame_slot_next, NR_S - PAD_MOD_S);
                        end
                    end
                end
            end
        end
        if (rst) begin
            k_reg            <= 16'sd0;
            u_reg            <= 16'sd0;
            ow_reg           <= 16'sd0;
            oh_reg           <= 16'sd0;
            ih_reg           <= -PAD_S;
            next_first_reg   <= STRIDE_S - PAD_S;
            col_reg          <= -PC_S;
            col0_reg         <= -PC_S;
            frame_base_reg   <= 16'sd0;
            first_needed_reg <= 16'sd0;
            need_abs_reg     <= NEED0_S;
            frame_slot_reg   <= 16'sd0;
            base_slot_reg    <= slot_add(16'sd0, NR_S - PAD_MOD_S);
            u_slot_reg       <= slot_add(16'sd0, NR_S - PAD_MOD_S);
        end
    end

    // ---- read pipeline: RAM read (with the zero flag), output register ------------------------
    wire [DW-1:0] rd_data;
    reg           p_valid_reg, p_zero_reg, p_last_reg;
    reg  [DW-1:0] y_reg;
    reg           y_last_reg;

    swm_sram_1r1w #(.WIDTH(DW), .DEPTH(DEPTH), .AW(AW)) u_lines (
        .clk(clk), .we(w_fire), .waddr(wr_addr), .wdata(s_axis_tdata),
        .re(r_fire), .raddr(rd_addr), .rdata(rd_data));

    always @(posedge clk) begin
        if (adv) begin
            p_valid_reg <= r_fire;
            p_zero_reg  <= !in_image;
            p_last_reg  <= vec_end;
            y_valid_reg <= p_valid_reg;
            y_reg       <= p_zero_reg ? {DW{1'b0}} : rd_data;
            y_last_reg  <= p_last_reg;
        end
        if (rst) begin
            p_valid_reg <= 1'b0;
            y_valid_reg <= 1'b0;
        end
    end

    assign busy = p_valid_reg || y_valid_reg || (rows_written_reg != frame_base_reg) || (w_pos_reg != 16'sd0);
    assign err_len = err_reg;
    assign m_axis_tdata  = y_reg;
    assign m_axis_tvalid = y_valid_reg;
    assign m_axis_tlast  = y_last_reg;

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_window/
    `include "swm_window_props.vh"
`endif

endmodule

`resetall
