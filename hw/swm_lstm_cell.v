// SPDX-License-Identifier: Apache-2.0
// swm_lstm_cell: the element-wise LSTM cell (docs/datapath.md "LSTM cell") on a stream of gate pre-activations.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Input: per time step one vector of 4H pre-activations z (G fraction bits) in gate order
// i[0..H-1], f[..], g[..], o[..], tlast on the last (the block-circulant engine's output).
// i, f (PWL sigmoid) and g (PWL tanh) are stored as they arrive; each o[n] then runs unit n
// through the pipeline, one unit per clock (stage names as in the code below):
//   S1 the sample, its gate and unit      S1b sigmoid / tanh registered (i, f, g stored, o kept)
//   S2 o and i, f, g, c of unit n (c = 0 on a sequence's first step)
//   S3 f*c, i*g                           S4 c = sat(rnd(f*c, G) + rnd(i*g, 2G-C), DW), stored
//   S4b tanh(c) (at C) registered         S5 o*tanh(c)
//   then h = sat(rnd(., G+C-A), DW), stored; on the last step of a sequence also sent on m_axis_h
//      (tlast on unit H-1)
// step_first / step_last are taken with a step's first sample. step_done pulses when unit H-1
// of a step is stored: h of that step can then be read on h_raddr / h_rdata (combinational).
// The whole pipeline advances together and halts only while a final h waits on m_axis_h.
// A z vector whose tlast is not on sample 4H-1 sets the sticky err (the count frames the steps).
module swm_lstm_cell #(
    // sample width
    parameter integer DW = 16,
    // hidden units H (>= 2)
    parameter integer HIDDEN = 16,
    // fraction bits of the gate pre-activations and of i, f, g, o (0..DW-4)
    parameter integer G_FRAC = 12,
    // fraction bits of the cell state c (0..DW-4, <= 2*G_FRAC)
    parameter integer C_FRAC = 12,
    // fraction bits of h (and of the stage's input x), <= G_FRAC + C_FRAC
    parameter integer X_FRAC = 12,
    // rounding mode: 0 half_up, 1 convergent
    parameter integer ROUND_MODE = 0
) (
    input  wire                        clk,
    input  wire                        rst,

    input  wire [DW-1:0]               s_axis_z_tdata,
    input  wire                        s_axis_z_tvalid,
    output wire                        s_axis_z_tready,
    input  wire                        s_axis_z_tlast,
    // taken with the first sample of a step: the sequence's first / last step
    input  wire                        step_first,
    input  wire                        step_last,

    output wire [DW-1:0]               m_axis_h_tdata,
    output wire                        m_axis_h_tvalid,
    input  wire                        m_axis_h_tready,
    output wire                        m_axis_h_tlast,

    output wire                        step_done,
    input  wire [((HIDDEN > 1) ? $clog2(HIDDEN) : 1)-1:0] h_raddr,
    output wire [DW-1:0]               h_rdata,
    output wire                        err
);

    localparam integer H   = HIDDEN;
    localparam integer HW  = (HIDDEN > 1) ? $clog2(HIDDEN) : 1;
    localparam integer PW  = 2 * DW;
    localparam integer FRW = $clog2(DW);
    localparam integer SH_F = G_FRAC;                     // f*c -> C
    localparam integer SH_I = 2 * G_FRAC - C_FRAC;        // i*g -> C
    localparam integer SH_H = G_FRAC + C_FRAC - X_FRAC;   // o*tanh(c) -> A
    localparam integer H_LAST_I = H - 1;
    localparam [HW-1:0] H_LAST = H_LAST_I[HW-1:0];
    localparam [FRW-1:0] G_C = G_FRAC[FRW-1:0];
    localparam [FRW-1:0] C_C = C_FRAC[FRW-1:0];

    initial begin
        if (DW < 5 || HIDDEN < 2) begin
            $error("%m: DW = %0d must be >= 5 and HIDDEN = %0d >= 2", DW, HIDDEN);
            $finish;
        end
        if (G_FRAC < 0 || G_FRAC > DW - 4 || C_FRAC < 0 || C_FRAC > DW - 4) begin
            $error("%m: G_FRAC = %0d and C_FRAC = %0d must be in 0..DW-4 = %0d", G_FRAC, C_FRAC, DW - 4);
            $finish;
        end
        if (SH_I < 0 || SH_H < 0 || X_FRAC < 0 || X_FRAC > DW - 1) begin
            $error("%m: need C_FRAC <= 2*G_FRAC (%0d, %0d) and 0 <= X_FRAC = %0d <= G_FRAC + C_FRAC, DW - 1",
                   C_FRAC, G_FRAC, X_FRAC);
            $finish;
        end
        if (ROUND_MODE != 0 && ROUND_MODE != 1) begin
            $error("%m: ROUND_MODE = %0d must be 0 (half_up) or 1 (convergent)", ROUND_MODE);
            $finish;
        end
    end

    // ---- pipeline enable: only a final h waiting on m_axis_h halts it ------------------------
    reg           v6_reg;
    wire          ce = !(v6_reg && !m_axis_h_tready);
    assign s_axis_z_tready = ce;
    wire          z_fire = s_axis_z_tvalid && ce;

    // ---- input framing: unit n of gate 0..3 -------------------------------------------------
    reg [HW-1:0]  n_reg;
    reg [1:0]     gate_reg;
    reg           first_reg;
    reg           last_reg;
    reg           err_reg;
    wire          at_end = (gate_reg == 2'd3) && (n_reg == H_LAST);
    wire          at_start = (gate_reg == 2'd0) && (n_reg == {HW{1'b0}});

    always @(posedge clk) begin
        if (z_fire) begin
            n_reg <= (n_reg == H_LAST) ? {HW{1'b0}} : n_reg + 1'b1;
            if (n_reg == H_LAST) begin
                gate_reg <= gate_reg + 2'd1;
            end
            if (at_start) begin
                first_reg <= step_first;
                last_reg  <= step_last;
            end
            if (s_axis_z_tlast != at_end) begin
                err_reg <= 1'b1;
            end
        end
        if (rst) begin
            n_reg     <= {HW{1'b0}};
            gate_reg  <= 2'd0;
            first_reg <= 1'b0;
            last_reg  <= 1'b0;
            err_reg   <= 1'b0;
        end
    end
    assign err = err_reg;

    // ---- S1: the sample, its gate and unit; the step's flags ---------------------------------
    reg            v1_reg;
    reg [DW-1:0]   z1_reg;
    reg [1:0]      g1_reg;
    reg [HW-1:0]   n1_reg;
    reg            first1_reg;
    reg            last1_reg;

    always @(posedge clk) begin
        if (ce) begin
            v1_reg     <= s_axis_z_tvalid;
            z1_reg     <= s_axis_z_tdata;
            g1_reg     <= gate_reg;
            n1_reg     <= n_reg;
            first1_reg <= at_start ? step_first : first_reg;
            last1_reg  <= at_start ? step_last : last_reg;
        end
        if (rst) begin
            v1_reg <= 1'b0;
        end
    end

    // i, f, o: sigmoid at G; g: tanh at G
    wire [1:0]    act_sel = (g1_reg == 2'd2) ? 2'd3 : 2'd2;

    wire [DW-1:0] act1c;

    swm_act #(.DW(DW), .PIPE(0)) u_act_gate (.clk(clk), .ce(ce), .in_data(z1_reg), .act(act_sel), .frac(G_C),
                                             .out_data(act1c));

    // ---- S1b: the activation registered (the PWL function and the gate memories' write are not
    // one path); the sample's gate, unit and flags move along with it ----------------------------
    reg            v1b_reg;
    reg [DW-1:0]   act1_reg;
    reg [1:0]      g1b_reg;
    reg [HW-1:0]   n1b_reg;
    reg            first1b_reg;
    reg            last1b_reg;

    always @(posedge clk) begin
        if (ce) begin
            v1b_reg     <= v1_reg;
            act1_reg    <= act1c;
            g1b_reg     <= g1_reg;
            n1b_reg     <= n1_reg;
            first1b_reg <= first1_reg;
            last1b_reg  <= last1_reg;
        end
        if (rst) begin
            v1b_reg <= 1'b0;
        end
    end

    // gate memories (written as i, f, g arrive), cell state and hidden state
    reg [DW-1:0]  i_mem [0:H-1];
    reg [DW-1:0]  f_mem [0:H-1];
    reg [DW-1:0]  g_mem [0:H-1];
    reg [DW-1:0]  c_mem [0:H-1];
    reg [DW-1:0]  h_mem [0:H-1];

    wire          w1 = ce && v1b_reg;
    always @(posedge clk) begin
        if (w1 && g1b_reg == 2'd0) begin
            i_mem[n1b_reg] <= act1_reg;
        end
        if (w1 && g1b_reg == 2'd1) begin
            f_mem[n1b_reg] <= act1_reg;
        end
        if (w1 && g1b_reg == 2'd2) begin
            g_mem[n1b_reg] <= act1_reg;
        end
    end

    // ---- S2: o and the operands of unit n --------------------------------------------------
    reg            v2_reg;
    reg [HW-1:0]   n2_reg;
    reg            last2_reg;
    reg signed [DW-1:0] i2_reg, f2_reg, g2_reg, c2_reg, o2_reg;

    always @(posedge clk) begin
        if (ce) begin
            v2_reg    <= v1b_reg && (g1b_reg == 2'd3);
            n2_reg    <= n1b_reg;
            last2_reg <= last1b_reg;
            i2_reg    <= i_mem[n1b_reg];
            f2_reg    <= f_mem[n1b_reg];
            g2_reg    <= g_mem[n1b_reg];
            c2_reg    <= first1b_reg ? {DW{1'b0}} : c_mem[n1b_reg];
            o2_reg    <= act1_reg;
        end
        if (rst) begin
            v2_reg <= 1'b0;
        end
    end

    // ---- S3: the two products ---------------------------------------------------------------
    reg            v3_reg;
    reg [HW-1:0]   n3_reg;
    reg            last3_reg;
    reg signed [DW-1:0] o3_reg;
    reg signed [PW-1:0] fc3_reg, ig3_reg;

    always @(posedge clk) begin
        if (ce) begin
            v3_reg    <= v2_reg;
            n3_reg    <= n2_reg;
            last3_reg <= last2_reg;
            o3_reg    <= o2_reg;
            fc3_reg   <= f2_reg * c2_reg;
            ig3_reg   <= i2_reg * g2_reg;
        end
        if (rst) begin
            v3_reg <= 1'b0;
        end
    end

    // c = sat(rnd(f*c, G) + rnd(i*g, 2G - C), DW)
    localparam integer SH_F_W = $clog2(PW + 1);
    localparam [SH_F_W-1:0] SH_F_C = SH_F[SH_F_W-1:0];
    localparam [SH_F_W-1:0] SH_I_C = SH_I[SH_F_W-1:0];
    localparam [SH_F_W-1:0] SH_H_C = SH_H[SH_F_W-1:0];
    wire [PW-1:0]   fc_r, ig_r;

    swm_round #(.IN_W(PW), .OUT_W(PW), .MAX_SHIFT(PW), .ROUND_MODE(ROUND_MODE), .PIPE(0)) u_rnd_fc (
        .clk(clk), .ce(ce), .din(fc3_reg), .shift(SH_F_C), .dout(fc_r));
    swm_round #(.IN_W(PW), .OUT_W(PW), .MAX_SHIFT(PW), .ROUND_MODE(ROUND_MODE), .PIPE(0)) u_rnd_ig (
        .clk(clk), .ce(ce), .din(ig3_reg), .shift(SH_I_C), .dout(ig_r));

    wire signed [PW:0]   c_sum = {fc_r[PW-1], fc_r} + {ig_r[PW-1], ig_r};
    wire [DW-1:0]        c_new;

    swm_sat #(.IN_W(PW + 1), .OUT_W(DW)) u_sat_c (.din(c_sum), .dout(c_new));

    always @(posedge clk) begin
        if (ce && v3_reg) begin
            c_mem[n3_reg] <= c_new;
        end
    end

    // ---- S4: c and o ------------------------------------------------------------------------
    reg            v4_reg;
    reg [HW-1:0]   n4_reg;
    reg            last4_reg;
    reg signed [DW-1:0] o4_reg;
    reg [DW-1:0]   c4_reg;

    always @(posedge clk) begin
        if (ce) begin
            v4_reg    <= v3_reg;
            n4_reg    <= n3_reg;
            last4_reg <= last3_reg;
            o4_reg    <= o3_reg;
            c4_reg    <= c_new;
        end
        if (rst) begin
            v4_reg <= 1'b0;
        end
    end

    wire [DW-1:0] tc4;

    swm_act #(.DW(DW), .PIPE(0)) u_act_c (.clk(clk), .ce(ce), .in_data(c4_reg), .act(2'd3), .frac(C_C),
                                          .out_data(tc4));

    // ---- S4b: tanh(c) registered (the PWL function and the product are one path otherwise) -----
    reg            v4b_reg;
    reg [HW-1:0]   n4b_reg;
    reg            last4b_reg;
    reg signed [DW-1:0] o4b_reg;
    reg signed [DW-1:0] tc4b_reg;

    always @(posedge clk) begin
        if (ce) begin
            v4b_reg    <= v4_reg;
            n4b_reg    <= n4_reg;
            last4b_reg <= last4_reg;
            o4b_reg    <= o4_reg;
            tc4b_reg   <= tc4;
        end
        if (rst) begin
            v4b_reg <= 1'b0;
        end
    end

    // ---- S5: o * tanh(c) ----------------------------------------------------------------------
    reg            v5_reg;
    reg [HW-1:0]   n5_reg;
    reg            last5_reg;
    reg signed [PW-1:0] oc5_reg;

    always @(posedge clk) begin
        if (ce) begin
            v5_reg    <= v4b_reg;
            n5_reg    <= n4b_reg;
            last5_reg <= last4b_reg;
            oc5_reg   <= o4b_reg * tc4b_reg;
        end
        if (rst) begin
            v5_reg <= 1'b0;
        end
    end

    wire [PW-1:0] oc_r;
    wire [DW-1:0] h_new;

    swm_round #(.IN_W(PW), .OUT_W(PW), .MAX_SHIFT(PW), .ROUND_MODE(ROUND_MODE), .PIPE(0)) u_rnd_h (
        .clk(clk), .ce(ce), .din(oc5_reg), .shift(SH_H_C), .dout(oc_r));
    swm_sat #(.IN_W(PW), .OUT_W(DW)) u_sat_h (.din(oc_r), .dout(h_new));

    // ---- h: stored; the final one of a sequence also leaves on m_axis_h ------------------------
    reg [DW-1:0]  h6_reg;
    reg           t6_reg;
    reg           done_reg;

    always @(posedge clk) begin
        done_reg <= 1'b0;
        if (ce) begin
            v6_reg <= v5_reg && last5_reg;
            h6_reg <= h_new;
            t6_reg <= (n5_reg == H_LAST);
        end
        if (ce && v5_reg) begin
            h_mem[n5_reg] <= h_new;
            done_reg      <= (n5_reg == H_LAST);
        end
        if (rst) begin
            v6_reg   <= 1'b0;
            done_reg <= 1'b0;
        end
    end

    assign m_axis_h_tdata  = h6_reg;
    assign m_axis_h_tvalid = v6_reg;
    assign m_axis_h_tlast  = t6_reg;
    assign step_done       = done_reg;
    assign h_rdata         = h_mem[h_raddr];

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_lstm_cell/
    `include "swm_lstm_cell_props.vh"
`endif

endmodule

`resetall
