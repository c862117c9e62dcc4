// SPDX-License-Identifier: Apache-2.0
// The contract of swm_window for the proof of hw/swm_dense_conv.v (SymbiYosys only): a module of the
// same name and ports that replaces hw/swm_window.v in that job. Its outputs are free (anyseq) but
// for the properties proved of swm_window by k-induction in its own job (verif/formal/swm_window),
// assumed here; the rule swm_window's proof assumes of its source is asserted here instead: an
// assume-guarantee composition, each side proved in its own job. Its ready is free (its line
// buffer's state).
//   assumed (swm_window's iface_no_valid_after_reset, iface_valid_held/_data_stable/_last_stable;
//           from its ctl_err_len and ctl_busy (exact against counters reset with it): no error and
//           not busy after reset, err_len sticky and set only by an accepted sample's tlast, busy
//           rising only with an accepted sample and held while an output is offered)
//   asserted the source rules at swm_window's input: valid held, data/last stable until accepted
//           (iface_window_source_rules)

`resetall
`timescale 1ns / 1ps
`default_nettype none

module swm_window #(
    parameter integer DW = 16,
    parameter integer H = 8,
    parameter integer W = 8,
    parameter integer C = 1,
    parameter integer KH = 3,
    parameter integer KW = 3,
    parameter integer STRIDE = 1,
    parameter integer PAD = 1
) (
    input  wire           clk,
    input  wire           rst,
    output wire           busy,
    output wire           err_len,
    input  wire [DW-1:0]  s_axis_tdata,
    input  wire           s_axis_tvalid,
    output wire           s_axis_tready,
    input  wire           s_axis_tlast,
    output wire [DW-1:0]  m_axis_tdata,
    output wire           m_axis_tvalid,
    input  wire           m_axis_tready,
    output wire           m_axis_tlast
);

    (* anyseq *) reg          c_busy, c_err, c_x_ready, c_y_valid, c_y_last;
    (* anyseq *) reg [DW-1:0] c_y_data;

    assign busy          = c_busy;
    assign err_len       = c_err;
    assign s_axis_tready = c_x_ready;
    assign m_axis_tdata  = c_y_data;
    assign m_axis_tvalid = c_y_valid;
    assign m_axis_tlast  = c_y_last;

    reg  c_past_valid = 1'b0;
    wire c_in_fire = s_axis_tvalid && s_axis_tready;

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
            if ($past(c_y_valid && !m_axis_tready)) begin
                assume(c_y_valid && c_y_data == $past(c_y_data) && c_y_last == $past(c_y_last));
            end
            assume(c_err == $past(c_err) || (c_err && $past(c_in_fire)));
            if (!$past(c_busy)) begin
                assume(!c_busy || $past(c_in_fire));
            end
            // the guarantee: swm_window's source rules
            if ($past(s_axis_tvalid && !s_axis_tready)) begin
                iface_window_source_rules: assert(s_axis_tvalid && s_axis_tdata == $past(s_axis_tdata)
                                                  && s_axis_tlast == $past(s_axis_tlast));
            end
        end
    end

endmodule

`resetall
