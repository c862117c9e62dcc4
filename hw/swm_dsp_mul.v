// SPDX-License-Identifier: Apache-2.0
// swm_dsp_mul: registered signed product p = a * b, one clock; on the ECP5 the register is the DSP's own.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Generic (simulation, ASIC, Vivado, any synthesis without SWM_ECP5_DSP): a multiplier and a
// flip-flop register behind it, p valid one clock after a and b.
//
// With `SWM_ECP5_DSP defined (the ECP5 open flow, model/swm/fpga.py) and both operands at most 18
// bits: one MULT18X18D whose output register holds p, so that no fabric route sits between the
// multiplier array and its register (a route of several ns on a full LFE5U-85F). The instance
// carries the attribute swm_dsp_reg_output; the flow sets the primitive's REG_OUTPUT_* parameters
// on it after synthesis (`setparam`), because Yosys's ABC9 step fails on a MULT18X18D instance
// that has parameters. Until then the netlist holds the combinational primitive; the flow checks
// that every marked instance got its parameters. verif/swm_fft_stage simulates this branch with
// a model of the configured primitive (verif/common/ecp5_mult18x18d.v).
module swm_dsp_mul #(
    // width of the signed operand a
    parameter integer AW = 18,
    // width of the signed operand b
    parameter integer BW = 16
) (
    input  wire                  clk,
    input  wire [AW-1:0]         a,
    input  wire [BW-1:0]         b,
    output wire [AW+BW-1:0]      p
);

    initial begin
        if (AW < 2 || BW < 2) begin
            $error("%m: AW = %0d and BW = %0d must be >= 2", AW, BW);
            $finish;
        end
    end

    // 1: the ECP5 primitive (SWM_ECP5_DSP defined, operands that fit its 18 x 18 array)
`ifdef SWM_ECP5_DSP
    localparam integer USE_DSP = (AW <= 18 && BW <= 18) ? 1 : 0;
`else
    localparam integer USE_DSP = 0;
`endif

    generate
        if (USE_DSP == 1) begin : g_ecp5
`ifdef SWM_ECP5_DSP
            wire [17:0] a18 = {{(18-AW){a[AW-1]}}, a};
            wire [17:0] b18 = {{(18-BW){b[BW-1]}}, b};
            wire [35:0] p36;

            (* swm_dsp_reg_output *)
            MULT18X18D u_mult (
                .A0(a18[0]), .A1(a18[1]), .A2(a18[2]), .A3(a18[3]), .A4(a18[4]), .A5(a18[5]),
                .A6(a18[6]), .A7(a18[7]), .A8(a18[8]), .A9(a18[9]), .A10(a18[10]), .A11(a18[11]),
                .A12(a18[12]), .A13(a18[13]), .A14(a18[14]), .A15(a18[15]), .A16(a18[16]), .A17(a18[17]),
                .B0(b18[0]), .B1(b18[1]), .B2(b18[2]), .B3(b18[3]), .B4(b18[4]), .B5(b18[5]),
                .B6(b18[6]), .B7(b18[7]), .B8(b18[8]), .B9(b18[9]), .B10(b18[10]), .B11(b18[11]),
                .B12(b18[12]), .B13(b18[13]), .B14(b18[14]), .B15(b18[15]), .B16(b18[16]), .B17(b18[17]),
                .C0(1'b0), .C1(1'b0), .C2(1'b0), .C3(1'b0), .C4(1'b0), .C5(1'b0), .C6(1'b0), .C7(1'b0),
                .C8(1'b0), .C9(1'b0), .C10(1'b0), .C11(1'b0), .C12(1'b0), .C13(1'b0), .C14(1'b0),
                .C15(1'b0), .C16(1'b0), .C17(1'b0),
                .SIGNEDA(1'b1), .SIGNEDB(1'b1), .SOURCEA(1'b0), .SOURCEB(1'b0),
                .CLK0(clk), .CE0(1'b1), .RST0(1'b0),
                .P0(p36[0]), .P1(p36[1]), .P2(p36[2]), .P3(p36[3]), .P4(p36[4]), .P5(p36[5]),
                .P6(p36[6]), .P7(p36[7]), .P8(p36[8]), .P9(p36[9]), .P10(p36[10]), .P11(p36[11]),
                .P12(p36[12]), .P13(p36[13]), .P14(p36[14]), .P15(p36[15]), .P16(p36[16]), .P17(p36[17]),
                .P18(p36[18]), .P19(p36[19]), .P20(p36[20]), .P21(p36[21]), .P22(p36[22]), .P23(p36[23]),
                .P24(p36[24]), .P25(p36[25]), .P26(p36[26]), .P27(p36[27]), .P28(p36[28]), .P29(p36[29]),
                .P30(p36[30]), .P31(p36[31]), .P32(p36[32]), .P33(p36[33]), .P34(p36[34]), .P35(p36[35])
            );
            assign p = p36[AW+BW-1:0];
`endif
        end else begin : g_generic
            reg signed [AW+BW-1:0] p_reg;

            always @(posedge clk) begin
                p_reg <= $signed(a) * $signed(b);
            end
            assign p = p_reg;
        end
    endgenerate

endmodule

`resetall
