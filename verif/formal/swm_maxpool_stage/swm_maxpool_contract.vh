// SPDX-License-Identifier: Apache-2.0
// The contract of swm_maxpool for the proof of hw/swm_maxpool_stage.v (SymbiYosys only): a module of
// the same name and ports that replaces hw/swm_maxpool.v in that job. Its outputs are free (anyseq)
// but for the properties proved of swm_maxpool in its own job (verif/formal/swm_maxpool), assumed
// here; the rule swm_maxpool's proof assumes of its source is asserted here instead, so the stage
// must keep it: an assume-guarantee composition, each side proved in its own job.
//   assumed (swm_maxpool's iface_nothing_after_reset, iface_valid_held/_data_stable/_last_stable,
//           live_ready_iff_room, ctl_err_len (sticky, set only by an accepted sample's tlast),
//           ctl_busy (busy rises only with an accepted sample, held while an output is))
//   asserted the source rules at swm_maxpool's input: valid held, data/last stable until accepted
//           (iface_core_source_rules)

`resetall
`timescale 1ns / 1ps
`default_nettype none

module swm_maxpool #(
    parameter integer DW = 16,
    parameter integer H = 4,
    parameter integer W = 4,
    parameter integer C = 2
) (
    input  wire            clk,
    input  wire            rst,
    output wire            busy,
    output wire            err_len,
    input  wire [DW-1:0]   s_axis_tdata,
    input  wire            s_axis_tvalid,
    output wire            s_axis_tready,
    input  wire            s_axis_tlast,
    output wire [DW-1:0]   m_axis_tdata,
    output wire            m_axis_tvalid,
    input  wire            m_axis_tready,
    output wire            m_axis_tlast
);

    (* anyseq *) reg          c_busy, c_err, c_y_valid, c_y_last;
    (* anyseq *) reg [DW-1:0] c_y_data;

    assign busy          = c_busy;
    assign err_len       = c_err;
    assign m_axis_tdata  = c_y_data;
    assign m_axis_tvalid = c_y_valid;
    assign m_axis_tlast  = c_y_last;
    assign s_axis_tready = !c_y_valid || m_axis_tready;   // live_ready_iff_room

    reg  c_past_valid = 1'b0;
    wire c_in_fire = s_axis_tvalid && s_axis_tready;

    always @(posedge clk) begin
        c_past_valid <= 1'b1;
    end

    always @(*) begin
        assume(!c_y_valid || c_busy);   // ctl_busy: an output held keeps the stage busy
    end

    always @(posedge clk) begin
        if (c_past_valid && $past(rst)) begin
            assume(!c_y_valid && !c_err && !c_busy);
        end
        if (c_past_valid && !$past(rst)) begin
            if ($past(c_y_valid && !m_axis_tready)) begin
                assume(c_y_valid && c_y_data == $past(c_y_data) && c_y_last == $past(c_y_last));
            end
            assume(c_err == $past(c_err) || (c_err && $past(c_in_fire)));
            if (!$past(c_busy)) begin
                assume(!c_busy || $past(c_in_fire));
            end
            // the guarantee: swm_maxpool's source rules
            if ($past(s_axis_tvalid && !s_axis_tready)) begin
                iface_core_source_rules: assert(s_axis_tvalid && s_axis_tdata == $past(s_axis_tdata)
                                                && s_axis_tlast == $past(s_axis_tlast));
            end
        end
    end

endmodule

`resetall
