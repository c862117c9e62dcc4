// SPDX-License-Identifier: Apache-2.0
// The contract of swm_dense_conv for the proof of hw/swm_dense_stage.v with CONV = 1 (SymbiYosys
// only): a module of the same name and ports that replaces hw/swm_dense_conv.v in that job. Its
// outputs are free (anyseq) but for the properties proved of swm_dense_conv in its own job
// (verif/formal/swm_dense_conv, itself a composition of the contracts of swm_window and
// swm_dense_fc), assumed here; the rule that job assumes of its x source is asserted here instead:
// an assume-guarantee composition, each side proved in its own job. Its x ready is free.
//   assumed (swm_dense_conv's iface_nothing_after_reset, iface_valid_held/_data_stable/_last_stable,
//           ctl_error_sticky and cons_error_after_input (set only after an accepted sample),
//           ctl_busy (busy while an output is held); its loads are ready only while its swm_dense_fc
//           is idle, which its ports do not show: free here)
//   asserted the x source rules at swm_dense_conv's input: valid held, data/last stable until
//           accepted (iface_conv_source_rules)

`resetall
`timescale 1ns / 1ps
`default_nettype none

module swm_dense_conv #(
    parameter integer DW = 16,
    parameter integer WW = 16,
    parameter integer FW = 18,
    parameter integer AW = 48,
    parameter integer H = 8,
    parameter integer W = 8,
    parameter integer C_IN = 1,
    parameter integer C_OUT = 4,
    parameter integer KH = 3,
    parameter integer KW = 3,
    parameter integer STRIDE = 1,
    parameter integer PAD = 1,
    parameter integer LANES = 2,
    parameter integer ROUND_MODE = 0,
    parameter integer ACC_SHIFT = 16,
    parameter integer OUT_SHIFT = 2,
    parameter integer ACT = 1,
    parameter integer Y_FRAC = 8,
    parameter WEIGHT_FILE = "",
    parameter BIAS_FILE = ""
) (
    input  wire                    clk,
    input  wire                    rst,
    output wire                    busy,
    output wire                    err_len,
    input  wire [DW-1:0]           s_axis_x_tdata,
    input  wire                    s_axis_x_tvalid,
    output wire                    s_axis_x_tready,
    input  wire                    s_axis_x_tlast,
    output wire [DW-1:0]           m_axis_y_tdata,
    output wire                    m_axis_y_tvalid,
    input  wire                    m_axis_y_tready,
    output wire                    m_axis_y_tlast,
    input  wire [LANES*WW-1:0]     s_axis_w_tdata,
    input  wire                    s_axis_w_tvalid,
    output wire                    s_axis_w_tready,
    input  wire                    s_axis_w_tlast,
    input  wire [FW-1:0]           s_axis_b_tdata,
    input  wire                    s_axis_b_tvalid,
    output wire                    s_axis_b_tready,
    input  wire                    s_axis_b_tlast
);

    (* anyseq *) reg          c_busy, c_err, c_x_ready, c_y_valid, c_y_last, c_w_ready, c_b_ready;
    (* anyseq *) reg [DW-1:0] c_y_data;

    assign busy            = c_busy;
    assign err_len         = c_err;
    assign s_axis_x_tready = c_x_ready;
    assign m_axis_y_tdata  = c_y_data;
    assign m_axis_y_tvalid = c_y_valid;
    assign m_axis_y_tlast  = c_y_last;
    assign s_axis_w_tready = c_w_ready;
    assign s_axis_b_tready = c_b_ready;

    reg  c_past_valid = 1'b0;
    wire c_in_fire = s_axis_x_tvalid && s_axis_x_tready;

    always @(posedge clk) begin
        c_past_valid <= 1'b1;
    end

    always @(*) begin
        assume(!c_y_valid || c_busy);
    end

    always @(posedge clk) begin
        if (c_past_valid && $past(rst)) begin
            assume(!c_y_valid && !c_err && !c_busy);
        end
        if (c_past_valid && !$past(rst)) begin
            if ($past(c_y_valid && !m_axis_y_tready)) begin
                assume(c_y_valid && c_y_data == $past(c_y_data) && c_y_last == $past(c_y_last));
            end
            assume(c_err == $past(c_err) || (c_err && $past(c_in_fire)));
            // the guarantee: the x source rules
            if ($past(s_axis_x_tvalid && !s_axis_x_tready)) begin
                iface_conv_source_rules: assert(s_axis_x_tvalid && s_axis_x_tdata == $past(s_axis_x_tdata)
                                              && s_axis_x_tlast == $past(s_axis_x_tlast));
            end
        end
    end

    /* verilator lint_off UNUSEDSIGNAL */
    wire c_unused = &{1'b0, s_axis_w_tdata, s_axis_w_tvalid, s_axis_w_tlast, s_axis_b_tdata, s_axis_b_tvalid,
                      s_axis_b_tlast};
    /* verilator lint_on UNUSEDSIGNAL */

endmodule

`resetall
