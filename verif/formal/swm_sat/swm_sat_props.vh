// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_sat.v, included by it under `ifdef FORMAL (SymbiYosys only): its
// function proved outright against docs/datapath.md's sat(v, W) for every input: the value when it
// fits in OUT_W signed bits, else the nearest of -2^(OUT_W-1) and 2^(OUT_W-1) - 1 (OUT_W >= IN_W:
// the value, sign-extended).

    localparam integer F_W = (IN_W > OUT_W ? IN_W : OUT_W) + 1;
    wire signed [F_W-1:0] f_v = {{(F_W-IN_W){din[IN_W-1]}}, din};
    wire signed [F_W-1:0] f_max = (64'sd1 <<< (OUT_W - 1)) - 64'sd1;
    wire signed [F_W-1:0] f_min = -(64'sd1 <<< (OUT_W - 1));
    wire signed [F_W-1:0] f_ref = (f_v > f_max) ? f_max : (f_v < f_min) ? f_min : f_v;
    wire signed [F_W-1:0] f_out = {{(F_W-OUT_W){dout[OUT_W-1]}}, dout};

    always @(*) begin
        sat_matches_model: assert(f_out == f_ref);
        cover(f_v > f_max);
        cover(f_v < f_min);
    end
