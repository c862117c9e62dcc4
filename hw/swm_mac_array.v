// SPDX-License-Identifier: Apache-2.0
// swm_mac_array: ROWS x LANES packed-slot complex MACs with exact AW-bit accumulation (docs/datapath.md step 2).

`resetall
`timescale 1ns / 1ps
`default_nettype none

// One input beat = one slot group g of one block column j for ROWS block rows at once: LANES
// slots of X (slot m = g*LANES + l in lane l) and ROWS x LANES weight slots, row r's lane l in
// weight lane r*LANES + l. Every row takes its own copy of the same X slots (X lane r*LANES + l),
// so the caller can give each row an X register next to that row's multipliers instead of one
// register driving all ROWS x LANES of them. Beats of a row group arrive j-major, g-minor (g =
// 0..G-1 for j = 0, then j = 1, ...), with any number of idle cycles between them. The
// accumulators are a ring of G entries of ROWS x LANES x {re, im} x AW bits that rotates by one
// entry per beat, so the tail of the ring is always the running sums of the group being fed.
// `in_first` (j = 0) starts a group from zero; `in_slot0` (g = 0) makes lane 0 of every row the
// two-real-products slot 0. Pipeline: products (registered) -> sum/difference (registered) ->
// accumulator ring; every updated group is shown on out_* three cycles after its beat; `in_last`
// (j = q - 1) travels with it to mark final sums. ROWS = 1 is one block row (LANES MACs).
module swm_mac_array #(
    // block size (power of two); S = K/2 slots per block
    parameter integer K = 16,
    // complex MACs per cycle and row (power of two, <= K/2)
    parameter integer LANES = 2,
    // block rows fed at once with the same X slots (>= 1)
    parameter integer ROWS = 1,
    // weight word width (each of re/im)
    parameter integer WW = 16,
    // spectrum word width (each of re/im)
    parameter integer FW = 18,
    // accumulator width (each of re/im)
    parameter integer AW = 48
) (
    input  wire                     clk,
    input  wire                     rst,

    input  wire                     in_valid,
    input  wire                     in_first,
    input  wire                     in_last,
    input  wire                     in_slot0,
    // lane r*LANES + l (row r, lane l) at [(r*LANES+l)*2*WW +: 2*WW] = {re, im}
    input  wire [ROWS*LANES*2*WW-1:0] in_w,
    // row r's copy of X lane l at [(r*LANES+l)*2*FW +: 2*FW] = {re, im} (the same X in every row)
    input  wire [ROWS*LANES*2*FW-1:0] in_x,

    output wire                     out_valid,
    output wire                     out_last,
    // lane r*LANES + l (row r, lane l) at [(r*LANES+l)*2*AW +: 2*AW] = {re, im}
    output wire [ROWS*LANES*2*AW-1:0] out_acc
);

    localparam integer S = K / 2;
    localparam integer G = (LANES > 0) ? S / LANES : 1;
    // one product: WW + FW bits; sum/difference of two products: WW + FW + 1 bits
    localparam integer PW = WW + FW + 1;
    // MAC lanes of all rows
    localparam integer RL = ROWS * LANES;

    initial begin
        if (K < 4 || (K & (K - 1)) != 0) begin
            $error("%m: K = %0d must be a power of two >= 4", K);
            $finish;
        end
        if (LANES < 1 || (LANES & (LANES - 1)) != 0 || LANES > K / 2) begin
            $error("%m: LANES = %0d must be a power of two with 1 <= LANES <= K/2 = %0d", LANES, K / 2);
            $finish;
        end
        if (ROWS < 1) begin
            $error("%m: ROWS = %0d must be >= 1", ROWS);
            $finish;
        end
        if (AW < PW + 1) begin
            $error("%m: AW = %0d must be >= WW + FW + 2 = %0d", AW, PW + 1);
            $finish;
        end
    end

    // Stages 1 and 2 are a fixed-latency pipeline that never holds: their data registers load
    // every cycle (no clock enable) and are read only in the cycle their valid bit is set. Only the
    // accumulator ring holds between beats; each lane's ring has its own copy of the valid and
    // first bits (swm_ctl_reg, kept apart by synthesis), so no control net drives more than one
    // lane's 2*AW*G ring flip-flops and adders.
    // ---- stage 1: products (registered: MULT18X18D output registers) -----------------------
    reg              m_valid_reg;
    reg              m_first_reg;
    reg              m_last_reg;
    // ---- stage 2: sum/difference of two products ------------------------------------------
    reg              p_valid_reg;
    reg              p_last_reg;
    // ---- stage 3: accumulator ring, one per lane -------------------------------------------
    reg              a_valid_reg;
    reg              a_last_reg;

    // lane l of the MAC array is lane l % LANES of row l / LANES, with row l / LANES's copy of X
    genvar l;
    generate
        for (l = 0; l < RL; l = l + 1) begin : g_lane
            wire signed [WW-1:0] wr = in_w[l*2*WW+WW +: WW];
            wire signed [WW-1:0] wi = in_w[l*2*WW +: WW];
            wire signed [FW-1:0] xr = in_x[l*2*FW+FW +: FW];
            wire signed [FW-1:0] xi = in_x[l*2*FW +: FW];
            // registered products (swm_dsp_mul: the register inside the DSP block on the ECP5)
            wire signed [WW+FW-1:0] m_rr_reg;
            wire signed [WW+FW-1:0] m_ii_reg;
            wire signed [WW+FW-1:0] m_ri_reg;
            wire signed [WW+FW-1:0] m_ir_reg;

            swm_dsp_mul #(.AW(WW), .BW(FW)) u_mul_rr (.clk(clk), .a(wr), .b(xr), .p(m_rr_reg));
            swm_dsp_mul #(.AW(WW), .BW(FW)) u_mul_ii (.clk(clk), .a(wi), .b(xi), .p(m_ii_reg));
            swm_dsp_mul #(.AW(WW), .BW(FW)) u_mul_ri (.clk(clk), .a(wr), .b(xi), .p(m_ri_reg));
            swm_dsp_mul #(.AW(WW), .BW(FW)) u_mul_ir (.clk(clk), .a(wi), .b(xr), .p(m_ir_reg));

            wire signed [PW-1:0] rr = {m_rr_reg[WW+FW-1], m_rr_reg};
            wire signed [PW-1:0] ii = {m_ii_reg[WW+FW-1], m_ii_reg};
            wire signed [PW-1:0] ri = {m_ri_reg[WW+FW-1], m_ri_reg};
            wire signed [PW-1:0] ir = {m_ir_reg[WW+FW-1], m_ir_reg};
            // slot 0 (lane 0 of group 0, in every row) is two real products: (Re X0 * Re W0, Re XS * Re WS)
            wire m_slot0;
            if (l % LANES == 0) begin : g_slot0
                swm_ctl_reg #(.W(1), .RST_MASK(1'b0)) u_m_ctl (
                    .clk(clk), .rst(1'b0), .d(in_slot0), .q(m_slot0));
            end else begin : g_other
                assign m_slot0 = 1'b0;
            end
            reg signed [PW-1:0] p_re_reg;
            reg signed [PW-1:0] p_im_reg;

            always @(posedge clk) begin
                p_re_reg <= m_slot0 ? rr : rr - ii;
                p_im_reg <= m_slot0 ? ii : ri + ir;
            end

            // this lane's copy of the stage-2 valid and first bits
            wire p_valid;
            wire p_first;
            swm_ctl_reg #(.W(2), .RST_MASK(2'b10)) u_p_ctl (
                .clk(clk), .rst(rst), .d({m_valid_reg, m_first_reg}), .q({p_valid, p_first}));

            // the ring: G entries of {re, im}; the tail holds the running sums of the group being fed
            reg [2*AW-1:0] ring_reg [0:G-1];
            wire signed [AW-1:0] t_re = p_first ? {AW{1'b0}} : ring_reg[G-1][2*AW-1:AW];
            wire signed [AW-1:0] t_im = p_first ? {AW{1'b0}} : ring_reg[G-1][AW-1:0];
            wire signed [AW-1:0] s_re = t_re + {{(AW-PW){p_re_reg[PW-1]}}, p_re_reg};
            wire signed [AW-1:0] s_im = t_im + {{(AW-PW){p_im_reg[PW-1]}}, p_im_reg};
            integer e;

            always @(posedge clk) begin
                if (p_valid) begin
                    ring_reg[0] <= {s_re, s_im};
                    for (e = 1; e < G; e = e + 1) begin
                        ring_reg[e] <= ring_reg[e-1];
                    end
                end
            end

            assign out_acc[l*2*AW +: 2*AW] = ring_reg[0];
        end
    endgenerate

    always @(posedge clk) begin
        m_valid_reg <= in_valid;
        m_first_reg <= in_first;
        m_last_reg  <= in_last;
        p_valid_reg <= m_valid_reg;
        p_last_reg  <= m_last_reg;
        a_valid_reg <= p_valid_reg;
        a_last_reg  <= p_last_reg;
        if (rst) begin
            m_valid_reg <= 1'b0;
            p_valid_reg <= 1'b0;
            a_valid_reg <= 1'b0;
        end
    end

    assign out_valid = a_valid_reg;
    assign out_last  = a_last_reg;

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_mac_array/
    `include "swm_mac_array_props.vh"
`endif

endmodule

`resetall
