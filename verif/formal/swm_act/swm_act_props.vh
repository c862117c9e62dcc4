// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_act.v, included by it under `ifdef FORMAL (SymbiYosys only): its
// function proved outright against the step 4 activations of docs/datapath.md, for every input word,
// every act and every legal frac.
//
// The reference, written here from the text in plain wide signed arithmetic (independently of the
// RTL's 5-fraction-bit constants): with F = frac, ONE = 2^F,
//   identity  o;   relu  max(o, 0)
//   sigmoid   a = sat(|o|, DW); constants floor(c * ONE): 5*ONE, floor(19*ONE/8), floor(27*ONE/32),
//             floor(5*ONE/8), floor(ONE/2); f(a) = ONE | (a >> 5) + 0.84375*ONE | (a >> 3) + 0.625*ONE
//             | (a >> 2) + ONE/2 by the thresholds 5*ONE, 2.375*ONE, ONE; f for o >= 0 and ONE - f
//             for o < 0, then sat(., DW)
//   tanh      sat(2 * sigmoid(sat(2o, DW)) - ONE, DW)
// Environment (assumption): F <= DW - 4 for sigmoid and tanh (the caller checks it); identity and
// relu are proved for every frac.
// PIPE = 0: out_data = the reference of this cycle's inputs (func_matches_model).
// PIPE = 1: a shadow of the inputs taken on every ce; after three ce cycles out_data = the reference
// of the inputs of the third-last ce cycle (frac with it), for the act they entered with when act
// is the same now (func_pipe_matches_model); the stage registers hold the doc's intermediate values
// of their inputs (a and the constants, f(a), the sigmoid before sat: func_pipe_stage*), which is
// the invariant that makes the proof inductive (ce may stay low for any number of cycles).

    localparam integer F_MW = DW + 8;
    localparam signed [F_MW-1:0] F_MAX = {{(F_MW-DW+1){1'b0}}, {(DW-1){1'b1}}};
    localparam signed [F_MW-1:0] F_MIN = {{(F_MW-DW+1){1'b1}}, {(DW-1){1'b0}}};

    function signed [F_MW-1:0] f_sat(input signed [F_MW-1:0] v);
        f_sat = (v > F_MAX) ? F_MAX : (v < F_MIN) ? F_MIN : v;
    endfunction

    function signed [F_MW-1:0] f_ext(input [DW-1:0] v);
        f_ext = {{(F_MW-DW){v[DW-1]}}, v};
    endfunction

    function signed [F_MW-1:0] f_one(input [$clog2(DW)-1:0] fr);
        f_one = {{(F_MW-1){1'b0}}, 1'b1} <<< fr;
    endfunction

    // the sigmoid's argument: o, or sat(2o, DW) for tanh
    function signed [F_MW-1:0] f_arg(input [DW-1:0] v, input [1:0] ac);
        f_arg = (ac == 2'd3) ? f_sat(f_ext(v) * 2) : f_ext(v);
    endfunction

    // a = sat(|s|, DW)
    function signed [F_MW-1:0] f_abs(input signed [F_MW-1:0] s);
        f_abs = f_sat((s < 0) ? -s : s);
    endfunction

    // f(a) with the constants floor(c * ONE)
    function signed [F_MW-1:0] f_pwl(input signed [F_MW-1:0] a, input signed [F_MW-1:0] one);
        if (a >= 5 * one) begin
            f_pwl = one;
        end else if (a >= ((19 * one) >>> 3)) begin
            f_pwl = (a >>> 5) + ((27 * one) >>> 5);
        end else if (a >= one) begin
            f_pwl = (a >>> 3) + ((5 * one) >>> 3);
        end else begin
            f_pwl = (a >>> 2) + (one >>> 1);
        end
    endfunction

    // f for s >= 0, ONE - f for s < 0 (before the sat)
    function signed [F_MW-1:0] f_sig_raw(input signed [F_MW-1:0] s, input signed [F_MW-1:0] one);
        f_sig_raw = (s >= 0) ? f_pwl(f_abs(s), one) : one - f_pwl(f_abs(s), one);
    endfunction

    function signed [F_MW-1:0] f_ref(input [DW-1:0] v, input [1:0] ac, input [$clog2(DW)-1:0] fr);
        case (ac)
            2'd0: f_ref = f_ext(v);
            2'd1: f_ref = (f_ext(v) < 0) ? {F_MW{1'b0}} : f_ext(v);
            2'd2: f_ref = f_sat(f_sig_raw(f_arg(v, ac), f_one(fr)));
            default: f_ref = f_sat(2 * f_sat(f_sig_raw(f_arg(v, ac), f_one(fr))) - f_one(fr));
        endcase
    endfunction

    wire f_legal = frac <= DW - 4;

    always @(*) begin
        if (act[1]) begin
            assume(f_legal);
        end
    end

    generate
        if (PIPE == 0) begin : g_f_comb
            wire signed [F_MW-1:0] f_s = f_arg(in_data, act);
            wire signed [F_MW-1:0] f_a = f_abs(f_s);
            wire signed [F_MW-1:0] f_1 = f_one(frac);
            always @(*) begin
                func_matches_model: assert(f_ext(out_data) == f_ref(in_data, act, frac));
                // every segment of the sigmoid and tanh, both signs, and the saturated 2o
                if (act[1] && frac >= 3) begin
                    cover(f_a >= 5 * f_1 && f_s < 0);
                    cover(f_a >= ((19 * f_1) >>> 3) && f_a < 5 * f_1 && f_s > 0);
                    cover(f_a >= f_1 && f_a < ((19 * f_1) >>> 3) && f_s < 0);
                    cover(f_a < f_1 && f_s > 0);
                    cover(act == 2'd3 && f_s == F_MIN);
                end
                cover(act == 2'd1 && in_data[DW-1]);
            end
        end else begin : g_f_pipe
            // shadow of the inputs of the last three ce cycles (1: last, 3: third-last)
            reg [DW-1:0]           f_in_1, f_in_2, f_in_3;
            reg [1:0]              f_act_1, f_act_2, f_act_3;
            reg [$clog2(DW)-1:0]   f_fr_1, f_fr_2, f_fr_3;
            reg [1:0]              f_n = 2'd0;   // ce cycles seen, up to 3
            always @(posedge clk) begin
                if (ce) begin
                    {f_in_1, f_act_1, f_fr_1} <= {in_data, act, frac};
                    {f_in_2, f_act_2, f_fr_2} <= {f_in_1, f_act_1, f_fr_1};
                    {f_in_3, f_act_3, f_fr_3} <= {f_in_2, f_act_2, f_fr_2};
                    if (f_n != 2'd3) begin
                        f_n <= f_n + 2'd1;
                    end
                end
            end

            // frac legal for the PWL (the constants fit); assumed at the input for sigmoid and tanh
            wire f_ok_1 = f_fr_1 <= DW - 4;
            wire f_ok_2 = f_fr_2 <= DW - 4;
            wire f_ok_3 = f_fr_3 <= DW - 4;
            wire signed [F_MW-1:0] f_s_1 = f_arg(f_in_1, f_act_1);
            wire signed [F_MW-1:0] f_s_2 = f_arg(f_in_2, f_act_2);
            wire signed [F_MW-1:0] f_s_3 = f_arg(f_in_3, f_act_3);
            wire signed [F_MW-1:0] f_1_1 = f_one(f_fr_1);
            wire signed [F_MW-1:0] f_1_2 = f_one(f_fr_2);
            wire signed [F_MW-1:0] f_1_3 = f_one(f_fr_3);

            always @(*) begin
                if (f_n >= 2'd1) begin
                    func_pipe_stage1: assert(o_1 == f_in_1 && neg_1 == (f_s_1 < 0) && a_1 == f_abs(f_s_1));
                    if (f_ok_1) begin
                        func_pipe_stage1_consts: assert(one_1 == f_1_1
                                                        && c5_1 == 5 * f_1_1
                                                        && c2375_1 == ((19 * f_1_1) >>> 3)
                                                        && c084_1 == ((27 * f_1_1) >>> 5)
                                                        && c0625_1 == ((5 * f_1_1) >>> 3)
                                                        && chalf_1 == (f_1_1 >>> 1));
                    end
                end
                if (f_n >= 2'd2) begin
                    func_pipe_stage2: assert(o_2 == f_in_2 && neg_2 == (f_s_2 < 0)
                                             && (!f_ok_2 || (f_2 == f_pwl(f_abs(f_s_2), f_1_2) && one_2 == f_1_2)));
                end
                if (f_n == 2'd3) begin
                    func_pipe_stage3: assert(o_3 == f_in_3
                                             && (!f_ok_3 || (sig_3 == f_sig_raw(f_s_3, f_1_3) && one_3 == f_1_3)));
                    if (f_act_3 == act && (!f_act_3[1] || f_ok_3)) begin
                        func_pipe_matches_model: assert(f_ext(out_data) == f_ref(f_in_3, f_act_3, f_fr_3));
                    end
                end
            end
        end
    endgenerate
