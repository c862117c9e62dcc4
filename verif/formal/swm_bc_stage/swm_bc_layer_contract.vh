// SPDX-License-Identifier: Apache-2.0
// The contract of swm_bc_layer for the proof of hw/swm_bc_stage.v (SymbiYosys only): a module of the
// same name and ports that replaces hw/swm_bc_layer.v (the whole engine: FFT, MACs, buffers) in
// that job. Its outputs are free (anyseq) but for the properties proved of swm_bc_layer in its own
// job (verif/formal/swm_bc_layer), assumed here, and the stage's guarantee to the engine is
// asserted here: an assume-guarantee composition, each side proved in its own job.
//   assumed (swm_bc_layer's iface_* and ctl_* of task prove, for every configuration; the
//           configuration's verdict is an anyconst, as the stage's configuration is constant):
//           nothing valid, not busy, no done, no cfg_error after reset; busy rises only at an
//           accepted start (start while idle): then busy = the configuration is good and
//           cfg_error = it is bad; cfg_error changes at no other time; valid held and data/last
//           stable until accepted; an output only while busy (its iface_no_valid_while_idle: BMC
//           from reset, depth 40, in its job); x ready only while busy, the loads only while idle.
//           Its tlast every p*K-th output sample is assumed in swm_bc_stage_props.vh, which has the
//           output count.
//   asserted the stage's start only while the engine is idle (ctl_start_only_while_idle; the engine
//           ignores a start while busy, so this says the stage never relies on that)

`resetall
`timescale 1ns / 1ps
`default_nettype none

module swm_bc_layer #(
    parameter integer K = 16,
    parameter integer DW = 16,
    parameter integer FW = 18,
    parameter integer WW = 16,
    parameter integer TW = 16,
    parameter integer AW = 48,
    parameter integer LANES = 2,
    parameter integer ROWS = 1,
    parameter integer X_COPY_ROWS = 4,
    parameter integer MAX_P = 4,
    parameter integer MAX_Q = 4,
    parameter integer ROUND_MODE = 0,
    parameter integer FFT_SCALE = K - 1,
    parameter integer IFFT_SCALE = K - 1,
    parameter TWIDDLE_FILE = "hw/rom/swm_twiddle_k16_tw16.hex",
    parameter WEIGHT_FILE = "",
    parameter BIAS_FILE = "",
    parameter integer CONV = 0,
    parameter integer IN_H = 1,
    parameter integer IN_W = 1,
    parameter integer QIN = 1,
    parameter integer KH = 1,
    parameter integer KW = 1,
    parameter integer STRIDE_H = 1,
    parameter integer STRIDE_W = 1,
    parameter integer PAD_H = 0,
    parameter integer PAD_W = 0
) (
    input  wire                            clk,
    input  wire                            rst,
    input  wire                            start,
    input  wire [$clog2(MAX_P+1)-1:0]      cfg_p,
    input  wire [$clog2(MAX_Q+1)-1:0]      cfg_q,
    input  wire [$clog2(AW)-1:0]           cfg_acc_shift,
    input  wire [$clog2(FW+2)-1:0]         cfg_out_shift,
    input  wire [1:0]                      cfg_act,
    input  wire [$clog2(DW)-1:0]           cfg_y_frac,
    input  wire [31:0]                     cfg_count,
    output wire                            busy,
    output wire                            done,
    output wire                            cfg_error,
    output wire [31:0]                     cycles,
    input  wire [DW-1:0]                   s_axis_x_tdata,
    input  wire                            s_axis_x_tvalid,
    output wire                            s_axis_x_tready,
    input  wire                            s_axis_x_tlast,
    output wire [DW-1:0]                   m_axis_y_tdata,
    output wire                            m_axis_y_tvalid,
    input  wire                            m_axis_y_tready,
    output wire                            m_axis_y_tlast,
    input  wire [ROWS*LANES*2*WW-1:0]      s_axis_w_tdata,
    input  wire                            s_axis_w_tvalid,
    output wire                            s_axis_w_tready,
    input  wire                            s_axis_w_tlast,
    input  wire [FW-1:0]                   s_axis_b_tdata,
    input  wire                            s_axis_b_tvalid,
    output wire                            s_axis_b_tready,
    input  wire                            s_axis_b_tlast
);

    (* anyseq *) reg          c_busy, c_done, c_err, c_x_ready, c_y_valid, c_y_last, c_w_ready, c_b_ready;
    (* anyseq *) reg [DW-1:0] c_y_data;
    (* anyseq *) reg [31:0]   c_cycles;
    (* anyconst *) reg        c_bad;   // the verdict on the (constant) configuration

    assign busy            = c_busy;
    assign done            = c_done;
    assign cfg_error       = c_err;
    assign cycles          = c_cycles;
    assign s_axis_x_tready = c_x_ready;
    assign m_axis_y_tdata  = c_y_data;
    assign m_axis_y_tvalid = c_y_valid;
    assign m_axis_y_tlast  = c_y_last;
    assign s_axis_w_tready = c_w_ready;
    assign s_axis_b_tready = c_b_ready;

    reg c_past_valid = 1'b0;

    always @(posedge clk) begin
        c_past_valid <= 1'b1;
    end

    always @(*) begin
        assume(!c_y_valid || c_busy);
        assume(!c_x_ready || c_busy);
        assume(!(c_w_ready || c_b_ready) || !c_busy);
    end

    always @(posedge clk) begin
        if (c_past_valid && $past(rst)) begin
            assume(!c_y_valid && !c_busy && !c_done && !c_err);
        end
        if (c_past_valid && !$past(rst)) begin
            if ($past(start && !c_busy)) begin
                assume(c_busy == !c_bad && c_err == c_bad);
            end else begin
                assume(c_err == $past(c_err));
                if (!$past(c_busy)) begin
                    assume(!c_busy);
                end
            end
            if ($past(c_y_valid && !m_axis_y_tready)) begin
                assume(c_y_valid && c_y_data == $past(c_y_data) && c_y_last == $past(c_y_last));
            end
        end
    end

    // the guarantee: a start only while the engine is idle
    always @(*) begin
        if (c_past_valid && !rst) begin
            ctl_start_only_while_idle: assert(!start || !c_busy);
        end
    end

    /* verilator lint_off UNUSEDSIGNAL */
    wire c_unused = &{1'b0, cfg_p, cfg_q, cfg_acc_shift, cfg_out_shift, cfg_act, cfg_y_frac, cfg_count,
                      s_axis_x_tdata, s_axis_x_tvalid, s_axis_x_tlast, s_axis_w_tdata, s_axis_w_tvalid,
                      s_axis_w_tlast, s_axis_b_tdata, s_axis_b_tvalid, s_axis_b_tlast};
    /* verilator lint_on UNUSEDSIGNAL */

endmodule

`resetall
