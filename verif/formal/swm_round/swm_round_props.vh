// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_round.v, included by it under `ifdef FORMAL (SymbiYosys only): its
// function proved outright against docs/datapath.md's rnd(v, s) for every input and shift.
//
// rnd(v, 0) = v; for s >= 1, with q = floor(v / 2^s) and r = v - q * 2^s (0 <= r < 2^s):
//   half_up      q + (r >= 2^(s-1))                       (ties toward +inf)
//   convergent   q + (r > 2^(s-1)) + (r == 2^(s-1)) * q[0] (ties to even)
// and the result is the low OUT_W bits. The reference is computed here in plain wide arithmetic,
// independently of the RTL's shifted-by-one formulation. PIPE = 1: the result of the inputs of the
// last cycle with ce high.

    localparam integer F_W = IN_W + 2;
    wire signed [F_W-1:0] f_v = {{2{din[IN_W-1]}}, din};
    wire signed [F_W-1:0] f_q = f_v >>> shift;
    wire        [F_W-1:0] f_one = {{(F_W-1){1'b0}}, 1'b1};
    wire        [F_W-1:0] f_r = f_v - (f_q <<< shift);
    wire        [F_W-1:0] f_half = (shift == 0) ? {F_W{1'b0}} : (f_one << (shift - 1));
    wire                  f_up = (shift != 0) && ((ROUND_MODE == 0) ? (f_r >= f_half)
                                                  : ((f_r > f_half) || (f_r == f_half && f_q[0])));
    wire signed [F_W-1:0] f_ref = f_q + {{(F_W-1){1'b0}}, f_up};

    always @(*) begin
        assume(shift <= MAX_SHIFT);
    end

    generate
        if (PIPE == 0) begin : g_f_comb
            always @(*) begin
                round_matches_model: assert(dout == f_ref[OUT_W-1:0]);
                if (shift != 0 && f_r == f_half) begin
                    cover(1'b1);   // a tie
                end
            end
        end else begin : g_f_pipe
            reg                 f_past_valid = 1'b0;
            reg [OUT_W-1:0]     f_ref_reg;
            always @(posedge clk) begin
                if (ce) begin
                    f_past_valid <= 1'b1;
                    f_ref_reg    <= f_ref[OUT_W-1:0];
                end
            end
            always @(*) begin
                if (f_past_valid) begin
                    round_pipe_matches_model: assert(dout == f_ref_reg);
                end
            end
        end
    endgenerate
