// SPDX-License-Identifier: Apache-2.0
// swm_act: output activation (identity / relu / PWL sigmoid / PWL tanh), docs/datapath.md step 4.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// `frac` is the run-time y_frac F (ONE = 2^F); sigmoid and tanh need F <= DW - 4 (checked by
// the caller), identity and relu ignore it. PIPE = 0: combinational (clk, ce unused). PIPE = 1:
// three register stages, each advancing when ce is high (|a| and the constants of F | segment
// and f | sigmoid), so out_data follows in_data by three ce cycles; frac is taken with the
// value (constants registered at stage 1), act must hold while values are in flight.
module swm_act #(
    // activation word width (input and output)
    parameter integer DW = 16,
    // 0: combinational; 1: three register stages
    parameter integer PIPE = 0
) (
    // clock and stage enable (PIPE = 1 only)
    input  wire                   clk,
    input  wire                   ce,
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
        if (PIPE != 0 && PIPE != 1) begin
            $error("%m: PIPE = %0d must be 0 or 1", PIPE);
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

    // ---- stage boundary 1: o, sign of s_in, |s_in|, the constants of F -------------------
    wire [DW-1:0] o_1;
    wire          neg_1;
    wire [DW-1:0] a_1;
    wire [CW-1:0] one_1, c5_1, c2375_1, c084_1, c0625_1, chalf_1;

    generate
        if (PIPE == 1) begin : g_reg1
            reg [2*DW+6*CW:0] q_reg;
            always @(posedge clk) begin
                if (ce) begin
                    q_reg <= {o, s_in[DW-1], a_sat, one, c5, c2375, c084, c0625, chalf};
                end
            end
            assign {o_1, neg_1, a_1, one_1, c5_1, c2375_1, c084_1, c0625_1, chalf_1} = q_reg;
        end else begin : g_wire1
            assign {o_1, neg_1, a_1, one_1, c5_1, c2375_1, c084_1, c0625_1, chalf_1} =
                {o, s_in[DW-1], a_sat, one, c5, c2375, c084, c0625, chalf};
        end
    endgenerate

    // a >= 0 after saturation; widen to CW bits for the comparisons
    wire [CW-1:0] a = {{(CW-DW){1'b0}}, a_1};

    wire [CW-1:0] f = (a >= c5_1)    ? one_1 :
                      (a >= c2375_1) ? (a >> 5) + c084_1 :
                      (a >= one_1)   ? (a >> 3) + c0625_1 :
                                       (a >> 2) + chalf_1;

    // ---- stage boundary 2: o, sign, f ----------------------------------------------------
    wire [DW-1:0] o_2;
    wire          neg_2;
    wire [CW-1:0] f_2;
    wire [CW-1:0] one_2;

    generate
        if (PIPE == 1) begin : g_reg2
            reg [DW+2*CW:0] q_reg;
            always @(posedge clk) begin
                if (ce) begin
                    q_reg <= {o_1, neg_1, f, one_1};
                end
            end
            assign {o_2, neg_2, f_2, one_2} = q_reg;
        end else begin : g_wire2
            assign {o_2, neg_2, f_2, one_2} = {o_1, neg_1, f, one_1};
        end
    endgenerate

    // sigmoid result: f for s_in >= 0, ONE - f otherwise (always in [0, ONE]); tanh: 2 s - ONE
    wire [CW-1:0]        sig = neg_2 ? one_2 - f_2 : f_2;

    // ---- stage boundary 3: o, sigmoid result ---------------------------------------------
    wire [DW-1:0] o_3;
    wire [CW-1:0] sig_3;
    wire [CW-1:0] one_3;

    generate
        if (PIPE == 1) begin : g_reg3
            reg [DW+2*CW-1:0] q_reg;
            always @(posedge clk) begin
                if (ce) begin
                    q_reg <= {o_2, sig, one_2};
                end
            end
            assign {o_3, sig_3, one_3} = q_reg;
        end else begin : g_wire3
            assign {o_3, sig_3, one_3} = {o_2, sig, one_2};
        end
    endgenerate

    wire signed [CW:0]   sig_s = {1'b0, sig_3};
    wire signed [CW:0]   one_s = {1'b0, one_3};
    wire signed [CW:0]   pre_sat = tanh_sel ? (sig_s <<< 1) - one_s : sig_s;
    wire signed [DW-1:0] pwl;

    swm_sat #(.IN_W(CW + 1), .OUT_W(DW)) sat_out (.din(pre_sat), .dout(pwl));

    generate
        if (PIPE != 1) begin : g_comb
            /* verilator lint_off UNUSEDSIGNAL */
            wire unused_clk = clk ^ ce;
            /* verilator lint_on UNUSEDSIGNAL */
        end
    endgenerate

    assign out_data = (act == 2'd0) ? o_3 :
                      (act == 2'd1) ? (o_3[DW-1] ? {DW{1'b0}} : o_3) :
                                      pwl;

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_act/
    `include "swm_act_props.vh"
`endif

endmodule

`resetall
