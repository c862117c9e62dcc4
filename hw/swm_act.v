// SPDX-License-Identifier: Apache-2.0
// swm_act: output activation (identity / relu / PWL sigmoid / PWL tanh), docs/datapath.md step 4.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Combinational. `frac` is the run-time y_frac F (ONE = 2^F); sigmoid and tanh need
// F <= DW - 4 (checked by the caller), identity and relu ignore it.
module swm_act #(
    // activation word width (input and output)
    parameter integer DW = 16
) (
    input  wire [DW-1:0]          in_data,
    // 0 identity, 1 relu, 2 sigmoid (PWL), 3 tanh (PWL)
    input  wire [1:0]             act,
    input  wire [$clog2(DW)-1:0]  frac,
    output wire [DW-1:0]          out_data
);

    // constant width: 5 * ONE <= 5 * 2^(DW-4) < 2^DW, and the 5-fraction-bit constants
    // before their >> 5 stay below 2^(DW+4)
    localparam integer CW = DW + 4;

    initial begin
        if (DW < 5) begin
            $error("%m: DW = %0d must be >= 5 (sigmoid/tanh need y_frac <= DW - 4)", DW);
            $finish;
        end
    end

    wire signed [DW-1:0] o = in_data;

    // tanh input: sat(2o, DW)
    wire signed [DW:0]   o2_wide = {o, 1'b0};
    wire signed [DW-1:0] o2;

    swm_sat #(.IN_W(DW + 1), .OUT_W(DW)) sat_o2 (.din(o2_wide), .dout(o2));

    wire                 tanh_sel = (act == 2'd3);
    wire signed [DW-1:0] s_in = tanh_sel ? o2 : o;

    // a = sat(|s_in|, DW)
    wire signed [DW:0]   s_in_wide = {s_in[DW-1], s_in};
    wire signed [DW:0]   abs_wide = s_in[DW-1] ? -s_in_wide : s_in_wide;
    wire signed [DW-1:0] a_sat;

    swm_sat #(.IN_W(DW + 1), .OUT_W(DW)) sat_abs (.din(abs_wide), .dout(a_sat));

    // a >= 0 after saturation; widen to CW bits for the comparisons
    wire [CW-1:0] a = {{(CW-DW){1'b0}}, a_sat};

    // constants floor(c * ONE) = (c * 32 << F) >> 5 (exact floor for every F >= 0)
    localparam [CW-1:0] ONE_C   = 1;
    localparam [CW-1:0] C5_32   = 160;
    localparam [CW-1:0] C2375_32 = 76;
    localparam [CW-1:0] C084_32 = 27;
    localparam [CW-1:0] C0625_32 = 20;
    localparam [CW-1:0] CHALF_32 = 16;

    wire [CW-1:0] one    = ONE_C << frac;
    wire [CW-1:0] c5     = (C5_32 << frac) >> 5;
    wire [CW-1:0] c2375  = (C2375_32 << frac) >> 5;
    wire [CW-1:0] c084   = (C084_32 << frac) >> 5;
    wire [CW-1:0] c0625  = (C0625_32 << frac) >> 5;
    wire [CW-1:0] chalf  = (CHALF_32 << frac) >> 5;

    wire [CW-1:0] f = (a >= c5)    ? one :
                      (a >= c2375) ? (a >> 5) + c084 :
                      (a >= one)   ? (a >> 3) + c0625 :
                                     (a >> 2) + chalf;

    // sigmoid result: f for s_in >= 0, ONE - f otherwise (always in [0, ONE]); tanh: 2 s - ONE
    wire [CW-1:0]        sig = s_in[DW-1] ? one - f : f;
    wire signed [CW:0]   sig_s = {1'b0, sig};
    wire signed [CW:0]   one_s = {1'b0, one};
    wire signed [CW:0]   pre_sat = tanh_sel ? (sig_s <<< 1) - one_s : sig_s;
    wire signed [DW-1:0] pwl;

    swm_sat #(.IN_W(CW + 1), .OUT_W(DW)) sat_out (.din(pre_sat), .dout(pwl));

    assign out_data = (act == 2'd0) ? o :
                      (act == 2'd1) ? (o[DW-1] ? {DW{1'b0}} : o) :
                                      pwl;

endmodule

`resetall
