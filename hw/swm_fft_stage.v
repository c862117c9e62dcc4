// SPDX-License-Identifier: Apache-2.0
// swm_fft_stage: one radix-2 DIF stage, a pipelined butterfly + twiddle multiply, 2 words per cycle.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Reads a committed block of its source buffer, two words per cycle (a = z[g+n], b = z[g+n+h]),
// and writes (sat(rnd(a+b)), sat(rnd((a-b)*w))) into a reserved bank of the destination buffer
// (docs/datapath.md step 1). A block starts only when the source has a committed bank and the
// destination can be reserved, then runs K/2 issue cycles without stalling; blocks issue back to
// back. Pipeline: issue (read + ROM) -> sum/dif -> products -> round/sat + write, 3 cycles.
module swm_fft_stage #(
    // block size, power of two >= 4
    parameter K = 16,
    // stage index s (0 .. log2(K)-1); half-span h = K >> (s+1)
    parameter STAGE = 0,
    // width of each component (re, im) of the source words
    parameter IW = 18,
    // width of each component of the destination words
    parameter FW = 18,
    // twiddle width; TF = TW-2 fraction bits
    parameter TW = 16,
    // rounding mode of swm_round: 0 half_up, 1 convergent
    parameter ROUND_MODE = 0,
    // 1: this stage halves its outputs (FFT_SCALE bit s)
    parameter SCALE = 1,
    // 1: use conjugate twiddles (wr, -wi) (inverse transform)
    parameter INVERSE = 0,
    // $readmemh file with K/2 words {wr, wi}
    parameter TWIDDLE_FILE = "hw/rom/swm_twiddle_k16_tw16.hex"
) (
    input  wire                 clk,
    input  wire                 rst,

    // source buffer (consumer side)
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
localparam L = $clog2(K);
// twiddle fraction bits
localparam TF = TW - 2;
// butterfly sum/difference width
localparam SW = IW + 1;
// product width, and the width of pr/pi (sum of two products)
localparam MW = SW + TW;
localparam PW = MW + 1;
// bit position of the half-span in a word index
localparam HB = L - 1 - STAGE;
// shift applied to the sum and to the products
localparam [0:0] SH = SCALE[0:0];
localparam integer SHP_I = TF + SCALE;
localparam [$clog2(TF + 2)-1:0] SHP = SHP_I[$clog2(TF + 2)-1:0];

initial begin
    if (K < 4 || (K & (K - 1)) != 0) begin
        $error("swm_fft_stage: K (%0d) must be a power of two >= 4", K);
        $finish;
    end
    if (STAGE < 0 || STAGE >= L) begin
        $error("swm_fft_stage: STAGE (%0d) must be in 0..log2(K)-1", STAGE);
        $finish;
    end
    if (TW < 4) begin
        $error("swm_fft_stage: TW (%0d) must be >= 4", TW);
        $finish;
    end
    if (SCALE != 0 && SCALE != 1) begin
        $error("swm_fft_stage: SCALE (%0d) must be 0 or 1", SCALE);
        $finish;
    end
end

// twiddle ROM, word t = {wr[t], wi[t]}
reg [2*TW-1:0] rom [0:K/2-1];
initial begin
    $readmemh(TWIDDLE_FILE, rom);
end

// ---- issue control ----------------------------------------------------------------------
reg busy_reg, busy_next;
reg [L-2:0] j_reg, j_next;

wire start = !busy_reg && src_avail && dst_can_reserve;
wire issue = busy_reg || start;
wire [L-2:0] j = busy_reg ? j_reg : {(L-1){1'b0}};
wire last_issue = issue && (&j);

always @* begin
    busy_next = busy_reg;
    j_next = j_reg;
    if (issue) begin
        busy_next = !last_issue;
        j_next = j + 1'b1;
    end
end

always @(posedge clk) begin
    busy_reg <= busy_next;
    j_reg <= j_next;
    if (rst) begin
        busy_reg <= 1'b0;
        j_reg <= {(L-1){1'b0}};
    end
end

assign src_release = last_issue;
assign dst_reserve = start;

// word indices: a = j with a 0 inserted at bit HB, b = a + h; twiddle index t = n << s
wire [L-1:0] j_ext = {1'b0, j};
wire [L-1:0] lo_mask = (1 << HB) - 1;
wire [L-1:0] idx_a = ((j_ext & ~lo_mask) << 1) | (j_ext & lo_mask);
wire [L-1:0] idx_b = idx_a | (1 << HB);
wire [L-2:0] tw_idx = (j & lo_mask[L-2:0]) << STAGE;
wire [2*TW-1:0] tw_word = rom[tw_idx];

assign src_addr0 = idx_a;
assign src_addr1 = idx_b;

// ---- pipeline stage 1: operands --------------------------------------------------------
reg p1_valid_reg, p2_valid_reg, p3_valid_reg;
reg p1_last_reg, p2_last_reg, p3_last_reg;
reg p1_tag_reg, p2_tag_reg, p3_tag_reg;
reg [L-1:0] p1_a_reg, p2_a_reg, p3_a_reg;
reg [L-1:0] p1_b_reg, p2_b_reg, p3_b_reg;

reg signed [IW-1:0] p1_ar_reg, p1_ai_reg, p1_br_reg, p1_bi_reg;
reg signed [TW-1:0] p1_wr_reg, p1_wi_reg;

always @(posedge clk) begin
    p1_ar_reg <= src_data0[2*IW-1:IW];
    p1_ai_reg <= src_data0[IW-1:0];
    p1_br_reg <= src_data1[2*IW-1:IW];
    p1_bi_reg <= src_data1[IW-1:0];
    p1_wr_reg <= tw_word[2*TW-1:TW];
    p1_wi_reg <= INVERSE ? -tw_word[TW-1:0] : tw_word[TW-1:0];
end

// ---- pipeline stage 2: sum and difference ----------------------------------------------
reg signed [SW-1:0] p2_sr_reg, p2_si_reg, p2_dr_reg, p2_di_reg;
reg signed [TW-1:0] p2_wr_reg, p2_wi_reg;

always @(posedge clk) begin
    p2_sr_reg <= $signed({p1_ar_reg[IW-1], p1_ar_reg}) + $signed({p1_br_reg[IW-1], p1_br_reg});
    p2_si_reg <= $signed({p1_ai_reg[IW-1], p1_ai_reg}) + $signed({p1_bi_reg[IW-1], p1_bi_reg});
    p2_dr_reg <= $signed({p1_ar_reg[IW-1], p1_ar_reg}) - $signed({p1_br_reg[IW-1], p1_br_reg});
    p2_di_reg <= $signed({p1_ai_reg[IW-1], p1_ai_reg}) - $signed({p1_bi_reg[IW-1], p1_bi_reg});
    p2_wr_reg <= p1_wr_reg;
    p2_wi_reg <= p1_wi_reg;
end

// ---- pipeline stage 3: products ----------------------------------------------------------
reg signed [SW-1:0] p3_sr_reg, p3_si_reg;
reg signed [MW-1:0] p3_rr_reg, p3_ii_reg, p3_ri_reg, p3_ir_reg;

always @(posedge clk) begin
    p3_sr_reg <= p2_sr_reg;
    p3_si_reg <= p2_si_reg;
    p3_rr_reg <= p2_dr_reg * p2_wr_reg;
    p3_ii_reg <= p2_di_reg * p2_wi_reg;
    p3_ri_reg <= p2_dr_reg * p2_wi_reg;
    p3_ir_reg <= p2_di_reg * p2_wr_reg;
end

// control pipeline
always @(posedge clk) begin
    p1_valid_reg <= issue;
    p1_last_reg <= last_issue;
    p1_tag_reg <= src_tag;
    p1_a_reg <= idx_a;
    p1_b_reg <= idx_b;
    p2_valid_reg <= p1_valid_reg;
    p2_last_reg <= p1_last_reg;
    p2_tag_reg <= p1_tag_reg;
    p2_a_reg <= p1_a_reg;
    p2_b_reg <= p1_b_reg;
    p3_valid_reg <= p2_valid_reg;
    p3_last_reg <= p2_last_reg;
    p3_tag_reg <= p2_tag_reg;
    p3_a_reg <= p2_a_reg;
    p3_b_reg <= p2_b_reg;
    if (rst) begin
        p1_valid_reg <= 1'b0;
        p2_valid_reg <= 1'b0;
        p3_valid_reg <= 1'b0;
    end
end

// ---- pipeline stage 4 (combinational into the destination write): round and saturate ---
wire signed [PW-1:0] pr = $signed({p3_rr_reg[MW-1], p3_rr_reg}) - $signed({p3_ii_reg[MW-1], p3_ii_reg});
wire signed [PW-1:0] pi = $signed({p3_ri_reg[MW-1], p3_ri_reg}) + $signed({p3_ir_reg[MW-1], p3_ir_reg});

wire [SW-1:0] sr_rnd, si_rnd;
wire [PW-1:0] pr_rnd, pi_rnd;
wire [FW-1:0] sr_sat, si_sat, pr_sat, pi_sat;

swm_round #(.IN_W(SW), .OUT_W(SW), .MAX_SHIFT(1), .ROUND_MODE(ROUND_MODE))
    u_rnd_sr (.din(p3_sr_reg), .shift(SH), .dout(sr_rnd));
swm_round #(.IN_W(SW), .OUT_W(SW), .MAX_SHIFT(1), .ROUND_MODE(ROUND_MODE))
    u_rnd_si (.din(p3_si_reg), .shift(SH), .dout(si_rnd));
swm_round #(.IN_W(PW), .OUT_W(PW), .MAX_SHIFT(TF + 1), .ROUND_MODE(ROUND_MODE))
    u_rnd_pr (.din(pr), .shift(SHP), .dout(pr_rnd));
swm_round #(.IN_W(PW), .OUT_W(PW), .MAX_SHIFT(TF + 1), .ROUND_MODE(ROUND_MODE))
    u_rnd_pi (.din(pi), .shift(SHP), .dout(pi_rnd));

swm_sat #(.IN_W(SW), .OUT_W(FW)) u_sat_sr (.din(sr_rnd), .dout(sr_sat));
swm_sat #(.IN_W(SW), .OUT_W(FW)) u_sat_si (.din(si_rnd), .dout(si_sat));
swm_sat #(.IN_W(PW), .OUT_W(FW)) u_sat_pr (.din(pr_rnd), .dout(pr_sat));
swm_sat #(.IN_W(PW), .OUT_W(FW)) u_sat_pi (.din(pi_rnd), .dout(pi_sat));

assign dst_en = p3_valid_reg;
assign dst_addr0 = p3_a_reg;
assign dst_data0 = {sr_sat, si_sat};
assign dst_addr1 = p3_b_reg;
assign dst_data1 = {pr_sat, pi_sat};
assign dst_commit = p3_valid_reg && p3_last_reg;
assign dst_tag = p3_tag_reg;

endmodule

`resetall
