// SPDX-License-Identifier: Apache-2.0
// The contract of swm_affine for the proof of hw/swm_affine_stage.v (SymbiYosys only): a module of
// the same name and ports that replaces hw/swm_affine.v in that job. Its outputs are free (anyseq)
// but for the properties proved of swm_affine in its own job (verif/formal/swm_affine), assumed
// here; the rule swm_affine's proof assumes of its x source is asserted here instead, so the
// stage must keep it: an assume-guarantee composition, each side proved in its own job.
//   assumed (swm_affine's iface_nothing_after_reset, iface_valid_held/_data_stable/_last_stable,
//           live_ready_iff_room, ctl_err_len (sticky, set only by an accepted sample's tlast),
//           ctl_busy (busy rises only with an accepted sample, held while an output is),
//           ctl_load_when_idle)
//   asserted the x source rules at swm_affine's input: valid held, data/last stable until accepted
//           (iface_core_source_rules)

`resetall
`timescale 1ns / 1ps
`default_nettype none

module swm_affine #(
    parameter integer DW = 16,
    parameter integer WW = 16,
    parameter integer C = 4,
    parameter integer N = 16,
    parameter integer ROUND_MODE = 0,
    parameter integer OUT_SHIFT = 8,
    parameter integer ACT = 1,
    parameter integer Y_FRAC = 8
) (
    input  wire                  clk,
    input  wire                  rst,
    output wire                  busy,
    output wire                  err_len,
    input  wire [DW-1:0]         s_axis_x_tdata,
    input  wire                  s_axis_x_tvalid,
    output wire                  s_axis_x_tready,
    input  wire                  s_axis_x_tlast,
    output wire [DW-1:0]         m_axis_y_tdata,
    output wire                  m_axis_y_tvalid,
    input  wire                  m_axis_y_tready,
    output wire                  m_axis_y_tlast,
    input  wire [WW-1:0]         s_axis_w_tdata,
    input  wire                  s_axis_w_tvalid,
    output wire                  s_axis_w_tready,
    input  wire                  s_axis_w_tlast,
    input  wire [DW+WW-1:0]      s_axis_b_tdata,
    input  wire                  s_axis_b_tvalid,
    output wire                  s_axis_b_tready,
    input  wire                  s_axis_b_tlast
);

    (* anyseq *) reg          c_busy, c_err, c_y_valid, c_y_last;
    (* anyseq *) reg [DW-1:0] c_y_data;

    assign busy            = c_busy;
    assign err_len         = c_err;
    assign m_axis_y_tdata  = c_y_data;
    assign m_axis_y_tvalid = c_y_valid;
    assign m_axis_y_tlast  = c_y_last;
    assign s_axis_x_tready = !c_y_valid || m_axis_y_tready;   // live_ready_iff_room
    assign s_axis_w_tready = !c_busy;                          // ctl_load_when_idle
    assign s_axis_b_tready = !c_busy;

    reg  c_past_valid = 1'b0;
    wire c_in_fire = s_axis_x_tvalid && s_axis_x_tready;

    always @(posedge clk) begin
        c_past_valid <= 1'b1;
    end

    always @(*) begin
        assume(!c_y_valid || c_busy);   // ctl_busy: an output held is a sample in the pipeline
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
            if (!$past(c_busy)) begin
                assume(!c_busy || $past(c_in_fire));
            end
            // the guarantee: swm_affine's x source rules
            if ($past(s_axis_x_tvalid && !s_axis_x_tready)) begin
                iface_core_source_rules: assert(s_axis_x_tvalid && s_axis_x_tdata == $past(s_axis_x_tdata)
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
