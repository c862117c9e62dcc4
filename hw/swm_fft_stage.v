// SPDX-License-Identifier: Apache-2.0
// swm_fft_stage: one radix-2 DIF stage, a pipelined butterfly + twiddle multiply (none where w is 1 or -+i), 2 words per cycle.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Reads a committed block of its source buffer, two words per cycle (a = z[g+n], b = z[g+n+h]),
// and writes (sat(rnd(a+b)), sat(rnd((a-b)*w))) into a reserved bank of the destination buffer
// (docs/datapath.md step 1). A block starts only when the source has a committed bank and the
// destination can be reserved, then runs K/2 issue cycles without stalling; blocks issue back to
// back. Pipeline: issue (source buffer and twiddle ROM reads, both registered: src_data0/1 are
// the words of the addresses of the previous cycle) -> sum/dif -> products -> pr/pi and the
// rounding shift (swm_round PIPE = 1) -> rounding increment/sat + write, 4 cycles from issue to
// write.
//
// Stage s uses the twiddles w^t, t = n * 2^s (n = 0 .. h-1), so when 2^s >= K/4 (the last two
// stages; both stages for K = 4) only w^0 = 1 and w^(K/4) = -i (+i inverse) occur. Those are
// exact in the twiddle format (components 0 and +-2^TF), and rnd(d * 2^TF, TF + SCALE) =
// rnd(d, SCALE) in both rounding modes, so such a stage is built without multipliers or ROM
// read: the difference passes through, or is swapped and negated, with the same pipeline
// registers (same latency) and the rounding of the sum. The choice is made at elaboration from
// K and STAGE; the result is bit for bit the multiplier path's.
module swm_fft_stage #(
    // block size, power of two 4..64
    parameter integer K = 16,
    // stage index s (0 .. log2(K)-1); half-span h = K >> (s+1)
    parameter integer STAGE = 0,
    // width of each component (re, im) of the source words
    parameter integer IW = 18,
    // width of each component of the destination words
    parameter integer FW = 18,
    // twiddle width; TF = TW-2 fraction bits
    parameter integer TW = 16,
    // rounding mode of swm_round: 0 half_up, 1 convergent
    parameter integer ROUND_MODE = 0,
    // 1: this stage halves its outputs (FFT_SCALE bit s)
    parameter integer SCALE = 1,
    // 1: use conjugate twiddles (wr, -wi) (inverse transform)
    parameter integer INVERSE = 0,
    // $readmemh twiddle ROM of (K, TW), K/2 words {wr, wi}: hw/rom/swm_twiddle_k<K>_tw<TW>.hex
    parameter TWIDDLE_FILE = "hw/rom/swm_twiddle_k16_tw16.hex"
) (
    input  wire                 clk,
    input  wire                 rst,

    // source buffer (consumer side, registered read)
    input  wire                 src_avail,
    input  wire                 src_tag,
    output wire [$clog2(K)-1:0] src_addr0,
    input  wire [2*IW-1:0]      src_data0,
    output wire [$clog2(K)-1:0] src_addr1,
    input  wire [2*IW-1:0]      src_data1,
    output wire                 src_release,

    // destination buffer (producer side)
    input  wire                 dst_can_reserve,
    output wire                 dst_reserve,
    output wire                 dst_en,
    output wire [$clog2(K)-1:0] dst_addr0,
    output wire [2*FW-1:0]      dst_data0,
    output wire [$clog2(K)-1:0] dst_addr1,
    output wire [2*FW-1:0]      dst_data1,
    output wire                 dst_commit,
    output wire                 dst_tag
);

    // stages
    localparam integer L = $clog2(K);
    // twiddle fraction bits
    localparam integer TF = TW - 2;
    // butterfly sum/difference width
    localparam integer SW = IW + 1;
    // product width, and the width of pr/pi (sum of two products)
    localparam integer MW = SW + TW;
    localparam integer PW = MW + 1;
    // hardware multiplier operand width (ECP5 MULT18X18D); low bits D split off the difference so
    // that its high part dh (HW bits) fits; dh * w is HMW bits, dl * w LOP_W bits
    localparam integer MUL_W = 18;
    localparam integer D = (SW > MUL_W) ? SW - MUL_W : 0;
    localparam integer HW = SW - D;
    localparam integer HMW = HW + TW;
    localparam integer LOP_W = D + 1 + TW;
    localparam integer DLW = (D > 0) ? D : 1;
    // bit position of the half-span in a word index
    localparam integer HB = L - 1 - STAGE;
    // word-index bits below the half-span bit
    localparam [L-1:0] LO_MASK = (1 << HB) - 1;
    localparam [L-1:0] HB_BIT = 1 << HB;
    // shift applied to the sum and to the products
    localparam [0:0] SH = (SCALE == 1) ? 1'b1 : 1'b0;
    localparam integer SHP_W = $clog2(TF + 2);
    localparam integer SHP_I = TF + SCALE;
    localparam [SHP_W-1:0] SHP = SHP_I[SHP_W-1:0];
    // twiddle words w^0 = 1 and w^(K/4) = -i, as the ROM must hold them
    localparam [TW-1:0] TW_ONE = 1 << TF;
    localparam [TW-1:0] TW_ZERO = 0;
    localparam [2*TW-1:0] ROM_W0 = {TW_ONE, TW_ZERO};
    localparam [2*TW-1:0] ROM_WQ = {TW_ZERO, -TW_ONE};
    // 1: every twiddle of this stage is w^0 or w^(K/4) (twiddle index step 2^STAGE >= K/4), no multipliers
    localparam integer TRIVIAL = ((1 << STAGE) >= K / 4) ? 1 : 0;

    initial begin
        if (K < 4 || K > 64 || (K & (K - 1)) != 0) begin
            $error("%m: K = %0d must be a power of two in 4..64", K);
            $finish;
        end
        if (STAGE < 0 || STAGE >= L) begin
            $error("%m: STAGE = %0d must be in 0..log2(K)-1", STAGE);
            $finish;
        end
        if (TW < 4) begin
            $error("%m: TW = %0d must be >= 4", TW);
            $finish;
        end
        if (SCALE != 0 && SCALE != 1) begin
            $error("%m: SCALE = %0d must be 0 or 1", SCALE);
            $finish;
        end
        if (INVERSE != 0 && INVERSE != 1) begin
            $error("%m: INVERSE = %0d must be 0 or 1", INVERSE);
            $finish;
        end
    end

    // twiddle ROM, word t = {wr[t], wi[t]}
    reg [2*TW-1:0] rom [0:K/2-1];
    initial begin
        $readmemh(TWIDDLE_FILE, rom);
`ifndef SYNTHESIS
        // w^0 = 1 and w^(K/4) = -i identify a ROM of the wrong K or TW (or a missing file)
        if (rom[0] !== ROM_W0 || rom[K/4] !== ROM_WQ) begin
            $error("%m: TWIDDLE_FILE \"%0s\" is not the twiddle ROM of K = %0d, TW = %0d: use hw/rom/swm_twiddle_k%0d_tw%0d.hex (python -m verif.common.gen_roms)",
                   TWIDDLE_FILE, K, TW, K, TW);
            $finish;
        end
`endif
    end

    // ---- issue control ------------------------------------------------------------------
    reg         busy_reg;
    reg [L-2:0] j_reg;

    wire         start      = !busy_reg && src_avail && dst_can_reserve;
    wire         issue      = busy_reg || start;
    wire [L-2:0] j          = busy_reg ? j_reg : {(L-1){1'b0}};
    wire         last_issue = issue && (&j);

    always @(posedge clk) begin
        if (issue) begin
            busy_reg <= !last_issue;
            j_reg    <= j + 1'b1;
        end
        if (rst) begin
            busy_reg <= 1'b0;
            j_reg    <= {(L-1){1'b0}};
        end
    end

    assign src_release = last_issue;
    assign dst_reserve = start;

    // word indices: a = j with a 0 inserted at bit HB, b = a + h; twiddle index t = n << s
    wire [L-1:0] j_ext  = {1'b0, j};
    wire [L-1:0] idx_a  = ((j_ext & ~LO_MASK) << 1) | (j_ext & LO_MASK);
    wire [L-1:0] idx_b  = idx_a | HB_BIT;
    wire [L-2:0] tw_idx = (j & LO_MASK[L-2:0]) << STAGE;

    assign src_addr0 = idx_a;
    assign src_addr1 = idx_b;

    // ---- pipeline stage 1: operands (registered buffer read) and twiddle (registered ROM read,
    // or in a trivial stage the registered w^(K/4) flag)
    reg                 p1_valid_reg, p2_valid_reg, p3_valid_reg, p4_valid_reg;
    reg                 p1_last_reg, p2_last_reg, p3_last_reg, p4_last_reg;
    reg                 p1_tag_reg, p2_tag_reg, p3_tag_reg, p4_tag_reg;
    reg [L-1:0]         p1_a_reg, p2_a_reg, p3_a_reg, p4_a_reg;
    reg [L-1:0]         p1_b_reg, p2_b_reg, p3_b_reg, p4_b_reg;

    wire signed [IW-1:0] p1_ar = src_data0[2*IW-1:IW];
    wire signed [IW-1:0] p1_ai = src_data0[IW-1:0];
    wire signed [IW-1:0] p1_br = src_data1[2*IW-1:IW];
    wire signed [IW-1:0] p1_bi = src_data1[IW-1:0];

    // ---- pipeline stage 2: sum and difference --------------------------------------------
    reg signed [SW-1:0] p2_sr_reg, p2_si_reg, p2_dr_reg, p2_di_reg;

    always @(posedge clk) begin
        p2_sr_reg <= $signed({p1_ar[IW-1], p1_ar}) + $signed({p1_br[IW-1], p1_br});
        p2_si_reg <= $signed({p1_ai[IW-1], p1_ai}) + $signed({p1_bi[IW-1], p1_bi});
        p2_dr_reg <= $signed({p1_ar[IW-1], p1_ar}) - $signed({p1_br[IW-1], p1_br});
        p2_di_reg <= $signed({p1_ai[IW-1], p1_ai}) - $signed({p1_bi[IW-1], p1_bi});
    end

    // ---- pipeline stage 3: the sum is delayed to stay with the products --------------------
    reg signed [SW-1:0] p3_sr_reg, p3_si_reg;

    always @(posedge clk) begin
        p3_sr_reg <= p2_sr_reg;
        p3_si_reg <= p2_si_reg;
    end

    // dl * w for the D (1 or 2) low bits dl, unsigned, as shifted adds (no hardware multiplier)
    function signed [LOP_W-1:0] lo_mul(input [DLW-1:0] dl, input signed [TW-1:0] w);
        integer k;
        begin
            lo_mul = {LOP_W{1'b0}};
            for (k = 0; k < D; k = k + 1) begin
                if (dl[k]) begin
                    lo_mul = lo_mul + ({{(LOP_W-TW){w[TW-1]}}, w} << k);
                end
            end
        end
    endfunction

    // ---- stages 3 to 5 of the twiddle path: (a-b)*w, rounded by TF + SCALE and saturated ----
    wire [FW-1:0] pr_sat, pi_sat;

    generate
        if (TRIVIAL == 1) begin : g_trivial
            // w = 1: (dr, di); w = -i: (di, -dr); w = +i (inverse): (-di, dr). One more bit than
            // the difference, so that the negation is exact for any SW-bit value.
            localparam integer NW = SW + 1;
            reg                 p1_q_reg, p2_q_reg;
            reg signed [NW-1:0] p3_pr_reg, p3_pi_reg;
            wire [NW-1:0]       pr_rnd, pi_rnd;
            wire signed [NW-1:0] p2_dr_x = {p2_dr_reg[SW-1], p2_dr_reg};
            wire signed [NW-1:0] p2_di_x = {p2_di_reg[SW-1], p2_di_reg};

            // t = n << s is 0 or K/4 here: its bit L-2 selects w^(K/4)
            always @(posedge clk) begin
                p1_q_reg <= tw_idx[L-2];
                p2_q_reg <= p1_q_reg;
            end

            always @(posedge clk) begin
                if (!p2_q_reg) begin
                    p3_pr_reg <= p2_dr_x;
                    p3_pi_reg <= p2_di_x;
                end else if (INVERSE == 1) begin
                    p3_pr_reg <= -p2_di_x;
                    p3_pi_reg <= p2_dr_x;
                end else begin
                    p3_pr_reg <= p2_di_x;
                    p3_pi_reg <= -p2_dr_x;
                end
            end

            // rnd(d * 2^TF, TF + SCALE) = rnd(d, SCALE) in both rounding modes: the shift of the sum
            swm_round #(.IN_W(NW), .OUT_W(NW), .MAX_SHIFT(1), .ROUND_MODE(ROUND_MODE), .PIPE(1))
                u_rnd_pr (.clk(clk), .ce(1'b1), .din(p3_pr_reg), .shift(SH), .dout(pr_rnd));
            swm_round #(.IN_W(NW), .OUT_W(NW), .MAX_SHIFT(1), .ROUND_MODE(ROUND_MODE), .PIPE(1))
                u_rnd_pi (.clk(clk), .ce(1'b1), .din(p3_pi_reg), .shift(SH), .dout(pi_rnd));
            swm_sat #(.IN_W(NW), .OUT_W(FW)) u_sat_pr (.din(pr_rnd), .dout(pr_sat));
            swm_sat #(.IN_W(NW), .OUT_W(FW)) u_sat_pi (.din(pi_rnd), .dout(pi_sat));
        end else begin : g_mult
            reg [2*TW-1:0]       p1_tw_reg;
            reg signed [TW-1:0]  p2_wr_reg, p2_wi_reg;
            wire signed [TW-1:0] p1_wr = p1_tw_reg[2*TW-1:TW];
            wire signed [TW-1:0] p1_wi = p1_tw_reg[TW-1:0];

            always @(posedge clk) begin
                p1_tw_reg <= rom[tw_idx];
                p2_wr_reg <= p1_wr;
                p2_wi_reg <= (INVERSE == 1) ? -p1_wi : p1_wi;
            end

            // products: a difference wider than a MULT18X18D operand is split, d = dh * 2^D + dl
            // (dl the D low bits, unsigned), so that each registered product dh * w is one
            // hardware multiplier with no adder behind it; the small dl * w terms are combined
            // here and added in stage 4.
            // (swm_dsp_mul: the product register, inside the DSP block on the ECP5)
            wire signed [HMW-1:0] p3_rr_reg, p3_ii_reg, p3_ri_reg, p3_ir_reg;
            wire signed [PW-1:0] pr;
            wire signed [PW-1:0] pi;
            wire [PW-1:0]        pr_rnd, pi_rnd;
            wire signed [HW-1:0] p2_drh = p2_dr_reg[SW-1:D];
            wire signed [HW-1:0] p2_dih = p2_di_reg[SW-1:D];

            swm_dsp_mul #(.AW(HW), .BW(TW)) u_mul_rr (.clk(clk), .a(p2_drh), .b(p2_wr_reg), .p(p3_rr_reg));
            swm_dsp_mul #(.AW(HW), .BW(TW)) u_mul_ii (.clk(clk), .a(p2_dih), .b(p2_wi_reg), .p(p3_ii_reg));
            swm_dsp_mul #(.AW(HW), .BW(TW)) u_mul_ri (.clk(clk), .a(p2_drh), .b(p2_wi_reg), .p(p3_ri_reg));
            swm_dsp_mul #(.AW(HW), .BW(TW)) u_mul_ir (.clk(clk), .a(p2_dih), .b(p2_wr_reg), .p(p3_ir_reg));

            // stage 4 (below): pr = (rr - ii) * 2^D + lo_r, pi = (ri + ir) * 2^D + lo_i
            wire signed [HMW:0] p3_pr_h = $signed({p3_rr_reg[HMW-1], p3_rr_reg}) - $signed({p3_ii_reg[HMW-1], p3_ii_reg});
            wire signed [HMW:0] p3_pi_h = $signed({p3_ri_reg[HMW-1], p3_ri_reg}) + $signed({p3_ir_reg[HMW-1], p3_ir_reg});

            if (D > 0) begin : g_split
                // dl * w (dl unsigned): LOP_W bits; lo_r = dl_r*wr - dl_i*wi, lo_i = dl_r*wi + dl_i*wr
                wire signed [LOP_W-1:0] lo_rr = lo_mul(p2_dr_reg[D-1:0], p2_wr_reg);
                wire signed [LOP_W-1:0] lo_ii = lo_mul(p2_di_reg[D-1:0], p2_wi_reg);
                wire signed [LOP_W-1:0] lo_ri = lo_mul(p2_dr_reg[D-1:0], p2_wi_reg);
                wire signed [LOP_W-1:0] lo_ir = lo_mul(p2_di_reg[D-1:0], p2_wr_reg);
                reg signed [LOP_W:0]    p3_lor_reg, p3_loi_reg;

                always @(posedge clk) begin
                    p3_lor_reg <= $signed({lo_rr[LOP_W-1], lo_rr}) - $signed({lo_ii[LOP_W-1], lo_ii});
                    p3_loi_reg <= $signed({lo_ri[LOP_W-1], lo_ri}) + $signed({lo_ir[LOP_W-1], lo_ir});
                end

                assign pr = $signed({p3_pr_h, {D{1'b0}}}) + $signed({{(PW-LOP_W-1){p3_lor_reg[LOP_W]}}, p3_lor_reg});
                assign pi = $signed({p3_pi_h, {D{1'b0}}}) + $signed({{(PW-LOP_W-1){p3_loi_reg[LOP_W]}}, p3_loi_reg});
            end else begin : g_whole
                assign pr = p3_pr_h;
                assign pi = p3_pi_h;
            end

            swm_round #(.IN_W(PW), .OUT_W(PW), .MAX_SHIFT(TF + 1), .ROUND_MODE(ROUND_MODE), .PIPE(1))
                u_rnd_pr (.clk(clk), .ce(1'b1), .din(pr), .shift(SHP), .dout(pr_rnd));
            swm_round #(.IN_W(PW), .OUT_W(PW), .MAX_SHIFT(TF + 1), .ROUND_MODE(ROUND_MODE), .PIPE(1))
                u_rnd_pi (.clk(clk), .ce(1'b1), .din(pi), .shift(SHP), .dout(pi_rnd));
            swm_sat #(.IN_W(PW), .OUT_W(FW)) u_sat_pr (.din(pr_rnd), .dout(pr_sat));
            swm_sat #(.IN_W(PW), .OUT_W(FW)) u_sat_pi (.din(pi_rnd), .dout(pi_sat));
        end
    endgenerate

    // control pipeline
    always @(posedge clk) begin
        p1_valid_reg <= issue;
        p1_last_reg  <= last_issue;
        p1_tag_reg   <= src_tag;
        p1_a_reg     <= idx_a;
        p1_b_reg     <= idx_b;
        p2_valid_reg <= p1_valid_reg;
        p2_last_reg  <= p1_last_reg;
        p2_tag_reg   <= p1_tag_reg;
        p2_a_reg     <= p1_a_reg;
        p2_b_reg     <= p1_b_reg;
        p3_valid_reg <= p2_valid_reg;
        p3_last_reg  <= p2_last_reg;
        p3_tag_reg   <= p2_tag_reg;
        p3_a_reg     <= p2_a_reg;
        p3_b_reg     <= p2_b_reg;
        p4_valid_reg <= p3_valid_reg;
        p4_last_reg  <= p3_last_reg;
        p4_tag_reg   <= p3_tag_reg;
        p4_a_reg     <= p3_a_reg;
        p4_b_reg     <= p3_b_reg;
        if (rst) begin
            p1_valid_reg <= 1'b0;
            p2_valid_reg <= 1'b0;
            p3_valid_reg <= 1'b0;
            p4_valid_reg <= 1'b0;
        end
    end

    // ---- pipeline stage 4: the rounding shift (registered inside swm_round); stage 5
    // (combinational into the destination write): rounding increment and saturation
    wire [SW-1:0] sr_rnd, si_rnd;
    wire [FW-1:0] sr_sat, si_sat;

    swm_round #(.IN_W(SW), .OUT_W(SW), .MAX_SHIFT(1), .ROUND_MODE(ROUND_MODE), .PIPE(1))
        u_rnd_sr (.clk(clk), .ce(1'b1), .din(p3_sr_reg), .shift(SH), .dout(sr_rnd));
    swm_round #(.IN_W(SW), .OUT_W(SW), .MAX_SHIFT(1), .ROUND_MODE(ROUND_MODE), .PIPE(1))
        u_rnd_si (.clk(clk), .ce(1'b1), .din(p3_si_reg), .shift(SH), .dout(si_rnd));

    swm_sat #(.IN_W(SW), .OUT_W(FW)) u_sat_sr (.din(sr_rnd), .dout(sr_sat));
    swm_sat #(.IN_W(SW), .OUT_W(FW)) u_sat_si (.din(si_rnd), .dout(si_sat));

    assign dst_en     = p4_valid_reg;
    assign dst_addr0  = p4_a_reg;
    assign dst_data0  = {sr_sat, si_sat};
    assign dst_addr1  = p4_b_reg;
    assign dst_data1  = {pr_sat, pi_sat};
    assign dst_commit = p4_valid_reg && p4_last_reg;
    assign dst_tag    = p4_tag_reg;

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_fft_stage/
    `include "swm_fft_stage_props.vh"
`endif

endmodule

`resetall
