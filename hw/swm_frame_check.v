// SPDX-License-Identifier: Apache-2.0
// Input frame checker: forwards frames of exactly N samples, flags and repairs wrong lengths.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// The stages count samples, not tlast, so one image of the wrong length would shift every later
// image. This module keeps the framing: every output frame has exactly N samples with tlast on
// the last one, or, with STEP < N (sequences of STEP-sample time steps, up to N/STEP steps), a
// whole number of steps up to N samples with tlast on the last.
//   * tlast on input sample i that does not end a step (i < N-1; with STEP < N: i+1 not a multiple
//     of STEP) (too short): `too_short` pulses, the sample is passed on and zero samples follow up
//     to the end of the step (the input is not ready meanwhile);
//   * input sample N-1 without tlast (too long): `too_long` pulses, the sample is passed on with
//     tlast, and the input is then taken and dropped up to and including its tlast.
// A correct frame passes through unchanged, combinationally (no added latency or bubble).
module swm_frame_check #(
    // sample width
    parameter integer DW = 16,
    // samples per frame (STEP < N: the most samples of a frame)
    parameter integer N = 784,
    // samples per time step: a frame is a whole number of steps (N: fixed-size frames)
    parameter integer STEP = N
) (
    input  wire          clk,
    input  wire          rst,
    input  wire [DW-1:0] s_axis_tdata,
    input  wire          s_axis_tvalid,
    output wire          s_axis_tready,
    input  wire          s_axis_tlast,
    output wire [DW-1:0] m_axis_tdata,
    output wire          m_axis_tvalid,
    input  wire          m_axis_tready,
    output wire          m_axis_tlast,
    output wire          too_short,
    output wire          too_long
);

    localparam integer CW = (N > 1) ? $clog2(N) : 1;
    localparam integer N_LAST_I = N - 1;
    localparam [CW-1:0] N_LAST = N_LAST_I[CW-1:0];
    localparam [1:0] PASS = 2'd0, PAD = 2'd1, DROP = 2'd2;

    initial begin
        if (N < 1 || DW < 1) begin
            $error("%m: N = %0d and DW = %0d must be >= 1", N, DW);
            $finish;
        end
        if (STEP < 1 || N % STEP != 0) begin
            $error("%m: STEP = %0d must be >= 1 and divide N = %0d", STEP, N);
            $finish;
        end
    end

    localparam integer SW = (STEP > 1) ? $clog2(STEP) : 1;
    localparam integer STEP_LAST_I = STEP - 1;
    localparam [SW-1:0] STEP_LAST = STEP_LAST_I[SW-1:0];

    reg [CW-1:0] cnt_reg;
    reg [SW-1:0] sc_reg;     // sample within the step (STEP = N: equals cnt_reg)
    reg [1:0]    state_reg;

    wire at_end   = (cnt_reg == N_LAST);
    wire step_end = (sc_reg == STEP_LAST);
    assign m_axis_tdata  = (state_reg == PAD) ? {DW{1'b0}} : s_axis_tdata;
    assign m_axis_tvalid = (state_reg == PAD) || (state_reg == PASS && s_axis_tvalid);
    // a frame ends at sample N-1, or (STEP < N) where the input's tlast or the padding ends a step
    assign m_axis_tlast  = at_end || (step_end && ((state_reg == PASS && s_axis_tlast) || state_reg == PAD));
    assign s_axis_tready = (state_reg == DROP) || (state_reg == PASS && m_axis_tready);

    wire out_fire = m_axis_tvalid && m_axis_tready;
    wire in_pass  = (state_reg == PASS) && s_axis_tvalid && m_axis_tready;
    assign too_short = in_pass && s_axis_tlast && !step_end;
    assign too_long  = in_pass && !s_axis_tlast && at_end;

    always @(posedge clk) begin
        if (out_fire) begin
            cnt_reg <= m_axis_tlast ? {CW{1'b0}} : cnt_reg + {{(CW-1){1'b0}}, 1'b1};
            sc_reg  <= (m_axis_tlast || step_end) ? {SW{1'b0}} : sc_reg + {{(SW-1){1'b0}}, 1'b1};
        end
        case (state_reg)
            PASS: begin
                if (too_short) begin
                    state_reg <= PAD;
                end else if (too_long) begin
                    state_reg <= DROP;
                end
            end
            PAD: begin
                if (out_fire && step_end) begin
                    state_reg <= PASS;
                end
            end
            default: begin
                if (s_axis_tvalid && s_axis_tlast) begin
                    state_reg <= PASS;
                end
            end
        endcase
        if (rst) begin
            cnt_reg   <= {CW{1'b0}};
            sc_reg    <= {SW{1'b0}};
            state_reg <= PASS;
        end
    end

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_frame_check/
    `include "swm_frame_check_props.vh"
`endif

endmodule

`resetall
