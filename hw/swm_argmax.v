// SPDX-License-Identifier: Apache-2.0
// swm_argmax: class index of each N-sample vector (lowest index among equal maxima), one beat out per vector.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Streaming stage (docs/datapath.md "Argmax", docs/architecture.md "Dataflow stages"): vectors of
// N signed DW-bit samples arrive on s_axis with tlast on sample N-1. The running maximum and its
// index are updated as each sample is accepted; a later sample replaces the maximum only when it
// is strictly greater, so the lowest index wins among equal maxima (numpy.argmax). The index of a
// well-formed vector (tlast exactly on sample N-1) is loaded into the output register (m_axis,
// tdata = the index zero-extended to OUT_W bits, tlast = 1) the edge its last sample is accepted.
// Framing errors: tlast before sample N-1 (short vector) or no tlast on sample N-1 (long
// vector) sets the sticky err_len (cleared by rst only); the vector gives no output; a long
// vector's remaining samples are accepted and dropped up to and including its tlast, so the
// stage resynchronises on tlast. Throughput: one sample per clock; s_axis_tready is low only for
// the sample at position N-1 while the previous index still waits in the output register, so
// with a ready sink vectors pass back to back, and a stalled sink holds one result while the
// next vector's first N-1 samples are accepted. No combinational path from m_axis_tready to
// s_axis_tready.
module swm_argmax #(
    // sample width (signed)
    parameter integer DW = 16,
    // samples per vector (>= 2)
    parameter integer N = 10,
    // output word width (>= clog2(N_CLASSES)); the index is zero-extended
    parameter integer OUT_W = 8,
    // samples that are classes: the first N_CLASSES of each vector (1..N); the others are taken
    // and ignored (a last layer of p*K outputs with fewer classes)
    parameter integer N_CLASSES = N
) (
    input  wire              clk,
    input  wire              rst,

    // input vectors: N samples each, tlast on the last
    input  wire [DW-1:0]     s_axis_tdata,
    input  wire              s_axis_tvalid,
    output wire              s_axis_tready,
    input  wire              s_axis_tlast,

    // one beat per well-formed vector: its class index, tlast = 1
    output wire [OUT_W-1:0]  m_axis_tdata,
    output wire              m_axis_tvalid,
    input  wire              m_axis_tready,
    output wire              m_axis_tlast,

    // sticky: a vector's tlast came early or late (cleared by rst)
    output wire              err_len
);

    // index width
    localparam integer IW = (N > 1) ? $clog2(N) : 1;
    localparam integer N_LAST_I = N - 1;
    localparam [IW-1:0] N_LAST = N_LAST_I[IW-1:0];
    // class index width
    localparam integer CIW = (N_CLASSES > 1) ? $clog2(N_CLASSES) : 1;
    localparam integer NC_I = N_CLASSES;
    localparam [IW:0] NC_C = NC_I[IW:0];

    initial begin
        if (N < 2) begin
            $error("%m: N = %0d must be >= 2", N);
            $finish;
        end
        if (DW < 2) begin
            $error("%m: DW = %0d must be >= 2", DW);
            $finish;
        end
        if (N_CLASSES < 1 || N_CLASSES > N) begin
            $error("%m: N_CLASSES = %0d must be in 1..N = %0d", N_CLASSES, N);
            $finish;
        end
        if (OUT_W < CIW) begin
            $error("%m: OUT_W = %0d must be >= clog2(N_CLASSES) = %0d", OUT_W, CIW);
            $finish;
        end
    end

    reg [IW-1:0]  cnt_reg;      // position of the next sample in its vector
    reg           drop_reg;     // dropping the rest of a long vector up to its tlast
    reg           err_reg;
    reg [DW-1:0]  max_reg;      // maximum of samples 0..cnt_reg-1
    reg [IW-1:0]  idx_reg;      // its (lowest) index
    reg [IW-1:0]  out_idx_reg;
    reg           out_valid_reg;

    wire at_last = (cnt_reg == N_LAST) && !drop_reg;
    wire fire    = s_axis_tvalid && s_axis_tready;
    // strictly greater: an equal later sample keeps the earlier index
    wire greater = $signed(s_axis_tdata) > $signed(max_reg);
    wire is_class = ({1'b0, cnt_reg} < NC_C);
    wire take    = (cnt_reg == {IW{1'b0}}) || (greater && is_class);

    assign s_axis_tready = !(at_last && out_valid_reg);

    always @(posedge clk) begin
        if (m_axis_tvalid && m_axis_tready) begin
            out_valid_reg <= 1'b0;
        end
        if (fire) begin
            if (drop_reg) begin
                if (s_axis_tlast) begin
                    drop_reg <= 1'b0;
                end
            end else begin
                if (take) begin
                    max_reg <= s_axis_tdata;
                    idx_reg <= cnt_reg;
                end
                if (at_last) begin
                    cnt_reg <= {IW{1'b0}};
                    if (s_axis_tlast) begin
                        // well-formed vector: its index (the output register is empty here)
                        out_idx_reg   <= take ? cnt_reg : idx_reg;
                        out_valid_reg <= 1'b1;
                    end else begin
                        // long vector: drop up to its tlast
                        err_reg  <= 1'b1;
                        drop_reg <= 1'b1;
                    end
                end else if (s_axis_tlast) begin
                    // short vector: no output, the next sample starts a vector
                    err_reg <= 1'b1;
                    cnt_reg <= {IW{1'b0}};
                end else begin
                    cnt_reg <= cnt_reg + {{(IW-1){1'b0}}, 1'b1};
                end
            end
        end
        if (rst) begin
            cnt_reg       <= {IW{1'b0}};
            drop_reg      <= 1'b0;
            err_reg       <= 1'b0;
            out_valid_reg <= 1'b0;
        end
    end

    // the index is below N_CLASSES, so its low OUT_W >= clog2(N_CLASSES) bits hold it
    generate
        if (OUT_W > IW) begin : g_extend
            assign m_axis_tdata = {{(OUT_W-IW){1'b0}}, out_idx_reg};
        end else begin : g_same
            assign m_axis_tdata = out_idx_reg[OUT_W-1:0];
            /* verilator lint_off UNUSEDSIGNAL */
            wire [IW-1:0] unused_idx = out_idx_reg;
            /* verilator lint_on UNUSEDSIGNAL */
        end
    endgenerate

    assign m_axis_tvalid = out_valid_reg;
    assign m_axis_tlast  = 1'b1;
    assign err_len       = err_reg;

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_argmax/
    `include "swm_argmax_props.vh"
`endif

endmodule

`resetall
