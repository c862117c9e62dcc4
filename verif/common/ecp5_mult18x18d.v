// SPDX-License-Identifier: Apache-2.0
// MULT18X18D (ECP5 DSP) as the ECP5 flow configures hw/swm_dsp_mul.v's: a model for simulation only.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Yosys ships the primitive as a black box. This model covers the one configuration the flow
// (model/swm/fpga.py, ECP5_DSP_REG_OUTPUT) gives the instances of hw/swm_dsp_mul.v: A and B 18-bit
// operands, signed when SIGNEDA / SIGNEDB are high, no input or pipeline register, the 36-bit
// product P registered on CLK0 with clock enable CE0 and synchronous reset RST0. C, SOURCEA and
// SOURCEB must be tied low (the C input and the shift sources are not modelled).
module MULT18X18D (
    input  wire A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, A15, A16, A17,
    input  wire B0, B1, B2, B3, B4, B5, B6, B7, B8, B9, B10, B11, B12, B13, B14, B15, B16, B17,
    input  wire C0, C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13, C14, C15, C16, C17,
    input  wire SIGNEDA, SIGNEDB, SOURCEA, SOURCEB,
    input  wire CLK0, CE0, RST0,
    output wire P0, P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P13, P14, P15, P16, P17, P18, P19, P20, P21, P22, P23, P24, P25, P26, P27, P28, P29, P30, P31, P32, P33, P34, P35
);

    wire [17:0] a = {A17, A16, A15, A14, A13, A12, A11, A10, A9, A8, A7, A6, A5, A4, A3, A2, A1, A0};
    wire [17:0] b = {B17, B16, B15, B14, B13, B12, B11, B10, B9, B8, B7, B6, B5, B4, B3, B2, B1, B0};
    wire [35:0] a_x = {{18{SIGNEDA & a[17]}}, a};
    wire [35:0] b_x = {{18{SIGNEDB & b[17]}}, b};
    reg  [35:0] p_reg;

    always @(posedge CLK0) begin
        if (RST0) begin
            p_reg <= 36'd0;
        end else if (CE0) begin
            p_reg <= a_x * b_x;
        end
    end

    assign {P35, P34, P33, P32, P31, P30, P29, P28, P27, P26, P25, P24, P23, P22, P21, P20, P19, P18, P17, P16, P15, P14, P13, P12, P11, P10, P9, P8, P7, P6, P5, P4, P3, P2, P1, P0} = p_reg;

    // the model covers only the configuration above
    always @(posedge CLK0) begin
        if (SOURCEA || SOURCEB || ({C17, C16, C15, C14, C13, C12, C11, C10, C9, C8, C7, C6, C5, C4, C3, C2, C1, C0} != 18'd0)) begin
            $error("%m: SOURCEA, SOURCEB and C must be tied low (not modelled)");
        end
    end

endmodule

`resetall
