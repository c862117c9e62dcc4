// SPDX-License-Identifier: Apache-2.0
// swm_dense_fc: dense fully-connected dataflow stage y = act(W x + b), LANES output neurons in parallel.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Dataflow (docs/architecture.md "Dataflow stages", arithmetic in docs/datapath.md "Dense layer"):
// s_axis_x -> X buffer (2 halves of N_IN samples, swm_slot_buf) -> MAC issue (group g =
// 0..NG-1 outer, input i = 0..N_IN-1 inner, NG = ceil(N_OUT/LANES)): x[i] is broadcast to LANES
// multipliers whose weights W[g*LANES + l, i] come in one W RAM word -> LANES exact AW-bit
// accumulators -> Y buffer (NB_Y halves of LANES sums, swm_bank_ctrl protocol) -> one slot per
// clock: rnd(ACC_SHIFT), sat FW, + bias, rnd(OUT_SHIFT), sat DW, swm_act -> m_axis_y.
// A group's LANES slots are read in LANES cycles; slots beyond N_OUT (the last group when LANES
// does not divide N_OUT) are read and dropped. Initiation interval: NG * max(N_IN, LANES) cycles
// per vector (swm.perf.dense_cycles); with LANES = N_OUT <= N_IN that is one input sample per
// clock. The input of vector n+1, the MACs of vector n and the output of earlier groups overlap.
// Configuration is by parameters (shifts, activation) and by the loaded W and B memories.
module swm_dense_fc #(
    // activation (input / output sample) width
    parameter integer DW = 16,
    // weight width
    parameter integer WW = 16,
    // width of the rounded sum sat(rnd(acc, ACC_SHIFT), FW) and of the bias words
    parameter integer FW = 18,
    // accumulator width
    parameter integer AW = 40,
    // inputs per vector
    parameter integer N_IN = 16,
    // outputs per vector
    parameter integer N_OUT = 10,
    // multipliers: output neurons computed in parallel (1..N_OUT)
    parameter integer LANES = 4,
    // right shift from the accumulator to FW bits (0..AW-1)
    parameter integer ACC_SHIFT = 16,
    // right shift from the biased sum to DW bits (0..FW+1)
    parameter integer OUT_SHIFT = 2,
    // activation: 0 identity, 1 relu, 2 sigmoid (PWL), 3 tanh (PWL)
    parameter integer ACT = 1,
    // output fraction bits (sigmoid/tanh: 0..DW-4)
    parameter integer Y_FRAC = 8,
    // rounding mode: 0 half_up, 1 convergent
    parameter integer ROUND_MODE = 0,
    // initial weight-memory image ($readmemh, swm.golden.dense_weight_words layout); "" = none
    parameter WEIGHT_FILE = "",
    // initial bias-memory image ($readmemh, swm.golden.bias_words layout); "" = none
    parameter BIAS_FILE = ""
) (
    input  wire                    clk,
    input  wire                    rst,

    // status: a vector is in the stage (input, MACs or output); loads are refused while high
    output wire                    busy,
    // sticky: an input tlast was not on sample N_IN-1 (framing is counted; cleared by rst)
    output wire                    err_len,

    // input vectors: N_IN samples each, tlast on the last
    input  wire [DW-1:0]           s_axis_x_tdata,
    input  wire                    s_axis_x_tvalid,
    output wire                    s_axis_x_tready,
    input  wire                    s_axis_x_tlast,

    // output vectors: N_OUT samples each, tlast on the last
    output wire [DW-1:0]           m_axis_y_tdata,
    output wire                    m_axis_y_tvalid,
    input  wire                    m_axis_y_tready,
    output wire                    m_axis_y_tlast,

    // weight-memory load (while idle): one word of LANES weights per beat from address 0
    input  wire [LANES*WW-1:0]     s_axis_w_tdata,
    input  wire                    s_axis_w_tvalid,
    output wire                    s_axis_w_tready,
    input  wire                    s_axis_w_tlast,

    // bias-memory load (while idle): one FW-bit word per beat from address 0
    input  wire [FW-1:0]           s_axis_b_tdata,
    input  wire                    s_axis_b_tvalid,
    output wire                    s_axis_b_tready,
    input  wire                    s_axis_b_tlast
);

    // ---- derived sizes ---------------------------------------------------------------------
    // sizes clamped to >= 1 so that a bad parameter reaches its check below
    localparam integer NIN_C  = (N_IN > 1) ? N_IN : 1;
    localparam integer NOUT_C = (N_OUT > 1) ? N_OUT : 1;
    localparam integer LAN_C  = (LANES > 1) ? LANES : 1;
    // output groups and the valid slots of the last one
    localparam integer NG     = (NOUT_C + LAN_C - 1) / LAN_C;
    localparam integer N_LAST = NOUT_C - (NG - 1) * LAN_C;
    // product width
    localparam integer PW     = WW + DW;
    // W RAM: NG*N_IN words, banked by block-RAM depth (swm.limits.W_BANK_DEPTH)
    localparam integer WDEPTH = NG * NIN_C;
    localparam integer WAW    = (WDEPTH > 1) ? $clog2(WDEPTH) : 1;
    localparam integer W_BANK_DEPTH = 2048;
    // counter widths: input index, group, lane, output index
    localparam integer XIW    = (NIN_C > 1) ? $clog2(NIN_C) : 1;
    localparam integer GW     = (NG > 1) ? $clog2(NG) : 1;
    localparam integer LW     = (LAN_C > 1) ? $clog2(LAN_C) : 1;
    localparam integer OW     = (NOUT_C > 1) ? $clog2(NOUT_C) : 1;
    // issue edge -> Y buffer commit edge (RAM read, 2 registers, product, accumulator)
    localparam integer MAC_LAT = 4;
    // Y halves: a half is reusable LANES + MAC_LAT + 1 edges after its reservation, and one is
    // reserved every max(N_IN, LANES) edges at full rate (swm.perf.dense_y_halves)
    localparam integer T_GRP  = (NIN_C > LAN_C) ? NIN_C : LAN_C;
    localparam integer NB_YC  = (LAN_C + MAC_LAT + 1 + T_GRP - 1) / T_GRP;
    localparam integer NB_Y   = (NB_YC > 2) ? NB_YC : 2;
    localparam integer YBW    = $clog2(NB_Y);
    // cfg values at their port widths
    localparam integer ASW    = $clog2(AW);
    localparam integer OSW    = $clog2(FW + 2);
    localparam integer FRW    = $clog2(DW);
    localparam integer ACC_SHIFT_I = ACC_SHIFT;
    localparam integer OUT_SHIFT_I = OUT_SHIFT;
    localparam integer ACT_I       = ACT;
    localparam integer Y_FRAC_I    = Y_FRAC;
    localparam [ASW-1:0] ACC_SH_C  = ACC_SHIFT_I[ASW-1:0];
    localparam [OSW-1:0] OUT_SH_C  = OUT_SHIFT_I[OSW-1:0];
    localparam [1:0]     ACT_C     = ACT_I[1:0];
    localparam [FRW-1:0] FRAC_C    = Y_FRAC_I[FRW-1:0];
    // last index values at their counter widths
    localparam integer NIN_LAST_I  = NIN_C - 1;
    localparam integer NG_LAST_I   = NG - 1;
    localparam integer LAN_LAST_I  = LAN_C - 1;
    localparam integer NOUT_LAST_I = NOUT_C - 1;
    localparam integer N_LAST_I    = N_LAST;
    localparam [XIW-1:0] NIN_LAST  = NIN_LAST_I[XIW-1:0];
    localparam [GW-1:0]  NG_LAST   = NG_LAST_I[GW-1:0];
    localparam [LW-1:0]  LAN_LAST  = LAN_LAST_I[LW-1:0];
    localparam [LW:0]    N_LAST_C  = N_LAST_I[LW:0];
    localparam [OW-1:0]  NOUT_LAST = NOUT_LAST_I[OW-1:0];

    initial begin
        if (DW < 5) begin
            $error("%m: DW = %0d must be >= 5", DW);
            $finish;
        end
        if (FW < DW + 1) begin
            $error("%m: FW = %0d must be >= DW + 1 = %0d", FW, DW + 1);
            $finish;
        end
        if (WW < 2) begin
            $error("%m: WW = %0d must be >= 2", WW);
            $finish;
        end
        if (N_IN < 1 || N_OUT < 1) begin
            $error("%m: N_IN = %0d and N_OUT = %0d must be >= 1", N_IN, N_OUT);
            $finish;
        end
        if (LANES < 1 || LANES > N_OUT) begin
            $error("%m: LANES = %0d must be in 1..N_OUT = %0d", LANES, N_OUT);
            $finish;
        end
        if (AW < WW + DW + $clog2(NIN_C)) begin
            $error("%m: AW = %0d must be >= WW + DW + clog2(N_IN) = %0d", AW, WW + DW + $clog2(NIN_C));
            $finish;
        end
        if (ACC_SHIFT < 0 || ACC_SHIFT > AW - 1 || OUT_SHIFT < 0 || OUT_SHIFT > FW + 1) begin
            $error("%m: ACC_SHIFT = %0d must be in 0..AW-1 = %0d and OUT_SHIFT = %0d in 0..FW+1 = %0d",
                   ACC_SHIFT, AW - 1, OUT_SHIFT, FW + 1);
            $finish;
        end
        if (ACT < 0 || ACT > 3) begin
            $error("%m: ACT = %0d must be 0 (identity), 1 (relu), 2 (sigmoid) or 3 (tanh)", ACT);
            $finish;
        end
        if (Y_FRAC < 0 || Y_FRAC > DW - 1 || (ACT >= 2 && Y_FRAC > DW - 4)) begin
            $error("%m: Y_FRAC = %0d must be in 0..DW-1 (0..DW-4 = %0d for sigmoid/tanh)", Y_FRAC, DW - 4);
            $finish;
        end
        if (ROUND_MODE != 0 && ROUND_MODE != 1) begin
            $error("%m: ROUND_MODE = %0d must be 0 (half_up) or 1 (convergent)", ROUND_MODE);
            $finish;
        end
    end

    // ---- weight and bias memories (stream-loadable while idle, $readmemh preload) ----------
    wire [LAN_C*WW-1:0] w_rd;
    wire [FW-1:0]       bias_q;
    wire [OW-1:0]       bias_rd_addr;
    wire                o_adv;          // the output pipeline advances
    wire                busy_w;
    reg  [WAW-1:0]      mi_waddr_reg;   // MAC issue: g*N_IN + i

    // banked by block-RAM depth and registered per bank (OUT_REG = 2, read latency 3)
    swm_load_ram #(
        .WIDTH(LAN_C*WW), .DEPTH(WDEPTH), .INIT_FILE(WEIGHT_FILE), .OUT_REG(2), .BANK_DEPTH(W_BANK_DEPTH)
    ) u_wmem (
        .clk(clk), .rst(rst), .load_en(!busy_w),
        .s_axis_tdata(s_axis_w_tdata), .s_axis_tvalid(s_axis_w_tvalid), .s_axis_tready(s_axis_w_tready),
        .s_axis_tlast(s_axis_w_tlast), .rd_en(1'b1), .rd_addr(mi_waddr_reg), .rd_data(w_rd)
    );

    // read latency 2 (OUT_REG = 1), advancing with the output pipeline
    swm_load_ram #(.WIDTH(FW), .DEPTH(NOUT_C), .INIT_FILE(BIAS_FILE), .OUT_REG(1)) u_bmem (
        .clk(clk), .rst(rst), .load_en(!busy_w),
        .s_axis_tdata(s_axis_b_tdata), .s_axis_tvalid(s_axis_b_tvalid), .s_axis_tready(s_axis_b_tready),
        .s_axis_tlast(s_axis_b_tlast), .rd_en(o_adv), .rd_addr(bias_rd_addr), .rd_data(bias_q)
    );

    // ---- X buffer: 2 halves x N_IN samples (swm_slot_buf, one lane) -----------------------
    // The input writes sample i of the vector into the half being filled (reserved and committed
    // with its last sample); the MAC issue reads sample i of the full half.
    reg  [XIW-1:0]  xw_idx_reg;
    reg             err_reg;
    wire            x_can_fill;
    wire            x_full;
    wire [DW-1:0]   x_rd_data;
    wire            xr_release;
    reg  [XIW-1:0]  mi_i_reg;

    assign s_axis_x_tready = x_can_fill;
    wire xw_fire = s_axis_x_tvalid && x_can_fill;
    wire xw_last = (xw_idx_reg == NIN_LAST);
    wire xw_end  = xw_fire && xw_last;

    always @(posedge clk) begin
        if (xw_fire) begin
            xw_idx_reg <= xw_last ? {XIW{1'b0}} : xw_idx_reg + {{(XIW-1){1'b0}}, 1'b1};
            if (s_axis_x_tlast != xw_last) begin
                err_reg <= 1'b1;
            end
        end
        if (rst) begin
            xw_idx_reg <= {XIW{1'b0}};
            err_reg    <= 1'b0;
        end
    end

    swm_slot_buf #(.LANES(1), .W(DW), .DEPTH(NIN_C), .NB(2), .WR_SLOT(1), .RD_SLOT(0)) u_xbuf (
        .clk(clk), .rst(rst),
        .wr_can_reserve(x_can_fill), .wr_reserve(xw_end), .wr_commit(xw_end),
        .rd_avail(x_full), .rd_release(xr_release),
        .wr_en(xw_fire), .wr_idx(xw_idx_reg), .wr_data(s_axis_x_tdata),
        .rd_idx(mi_i_reg), .rd_data(x_rd_data)
    );

    // ---- MAC issue: g (output group) outer, i (input) inner ---------------------------------
    reg  [GW-1:0]   mi_g_reg;
    wire            y_can_claim;    // a Y half is free for the group ending now

    wire mi_i_end = (mi_i_reg == NIN_LAST);
    wire mi_g_end = (mi_g_reg == NG_LAST);
    wire issue    = x_full && !(mi_i_end && !y_can_claim);
    wire grp_end  = issue && mi_i_end;
    wire vec_end  = grp_end && mi_g_end;

    assign xr_release = vec_end;

    always @(posedge clk) begin
        if (issue) begin
            mi_i_reg     <= mi_i_end ? {XIW{1'b0}} : mi_i_reg + {{(XIW-1){1'b0}}, 1'b1};
            mi_waddr_reg <= vec_end ? {WAW{1'b0}} : mi_waddr_reg + {{(WAW-1){1'b0}}, 1'b1};
            if (mi_i_end) begin
                mi_g_reg <= mi_g_end ? {GW{1'b0}} : mi_g_reg + {{(GW-1){1'b0}}, 1'b1};
            end
        end
        if (rst) begin
            mi_i_reg     <= {XIW{1'b0}};
            mi_g_reg     <= {GW{1'b0}};
            mi_waddr_reg <= {WAW{1'b0}};
        end
    end

    // s1: RAM reads (W RAM, X buffer); s2: the W RAM's bank registers, x_q; s3: the W RAM's output
    // register and x_q2 (the multiplier input registers); s4: products; then the accumulators
    reg s1_valid_reg, s2_valid_reg, s3_valid_reg, s4_valid_reg;
    reg s1_first_reg, s2_first_reg, s3_first_reg, s4_first_reg;
    reg s1_last_reg,  s2_last_reg,  s3_last_reg,  s4_last_reg;
    reg [DW-1:0] x_q_reg;
    reg [DW-1:0] x_q2_reg;

    always @(posedge clk) begin
        s1_valid_reg <= issue;
        s1_first_reg <= (mi_i_reg == {XIW{1'b0}});
        s1_last_reg  <= mi_i_end;
        s2_valid_reg <= s1_valid_reg;
        s2_first_reg <= s1_first_reg;
        s2_last_reg  <= s1_last_reg;
        s3_valid_reg <= s2_valid_reg;
        s3_first_reg <= s2_first_reg;
        s3_last_reg  <= s2_last_reg;
        s4_valid_reg <= s3_valid_reg;
        s4_first_reg <= s3_first_reg;
        s4_last_reg  <= s3_last_reg;
        x_q_reg      <= x_rd_data;
        x_q2_reg     <= x_q_reg;
        if (rst) begin
            s1_valid_reg <= 1'b0;
            s2_valid_reg <= 1'b0;
            s3_valid_reg <= 1'b0;
            s4_valid_reg <= 1'b0;
        end
    end

    // ---- LANES multipliers and accumulators; the group's final sums go to a Y half ----------
    wire [LAN_C*AW-1:0] acc_next;
    wire                y_commit = s4_valid_reg && s4_last_reg;

    genvar l;
    generate
        for (l = 0; l < LAN_C; l = l + 1) begin : g_lane
            wire signed [WW-1:0] w_l = w_rd[l*WW +: WW];
            wire signed [DW-1:0] x_l = x_q2_reg;
            reg  signed [PW-1:0] p_reg;
            reg         [AW-1:0] acc_reg;
            wire        [AW-1:0] p_ext;

            always @(posedge clk) begin
                if (s3_valid_reg) begin
                    p_reg <= w_l * x_l;
                end
            end

            if (AW > PW) begin : g_sext
                assign p_ext = {{(AW-PW){p_reg[PW-1]}}, p_reg};
            end else begin : g_same
                assign p_ext = p_reg;
            end

            assign acc_next[l*AW +: AW] = (s4_first_reg ? {AW{1'b0}} : acc_reg) + p_ext;

            always @(posedge clk) begin
                if (s4_valid_reg) begin
                    acc_reg <= acc_next[l*AW +: AW];
                end
            end
        end
    endgenerate

    // ---- Y buffer: NB_Y halves of LANES AW-bit sums (swm_bank_ctrl protocol) ----------------
    // A half is reserved when the last beat of a group issues, written with the group's final
    // sums MAC_LAT edges later (commit) and read one slot per clock by the output pipeline.
    wire [YBW-1:0]  y_wr_bank;
    wire [YBW-1:0]  y_rd_bank;
    wire            y_avail;
    wire            y_release;
    /* verilator lint_off UNUSEDSIGNAL */
    wire            y_tag_unused;
    /* verilator lint_on UNUSEDSIGNAL */
    wire [LAN_C*AW-1:0] y_half [0:NB_Y-1];

    swm_bank_ctrl #(.NB(NB_Y), .TAG_W(1)) u_yctrl (
        .clk(clk), .rst(rst),
        .wr_can_reserve(y_can_claim), .wr_reserve(grp_end), .wr_commit(y_commit),
        .wr_tag(1'b0), .wr_bank(y_wr_bank),
        .rd_avail(y_avail), .rd_tag(y_tag_unused), .rd_bank(y_rd_bank), .rd_release(y_release)
    );

    genvar b;
    generate
        for (b = 0; b < NB_Y; b = b + 1) begin : g_yhalf
            localparam [YBW-1:0] B_C = b;
            reg [LAN_C*AW-1:0] half_reg;
            always @(posedge clk) begin
                if (y_commit && (y_wr_bank == B_C)) begin
                    half_reg <= acc_next;
                end
            end
            assign y_half[b] = half_reg;
        end
    endgenerate

    // ---- output: one slot per clock, stall-all pipeline ------------------------------------
    //   o1: the slot read from the Y half; its output index addresses the bias RAM
    //   o2: rnd(acc, ACC_SHIFT) (swm_round, constant shift: the increment)
    //   o3: sat to FW; the bias RAM's fabric output register
    //   o4: + bias
    //   o5: rnd(., OUT_SHIFT), sat to DW
    //   o6..o8: activation (swm_act PIPE = 1)
    //   m_axis_y output register
    // All stages advance together whenever the output register can take a word (o_adv).
    reg  [LW-1:0]   rd_lane_reg;    // slot of the group being read
    reg  [GW-1:0]   rd_g_reg;       // group of the vector being read
    reg  [OW-1:0]   bidx_reg;       // output index of the next valid slot
    reg  [OW-1:0]   o1_idx_reg;
    reg  [DW-1:0]   y_data_reg;
    reg             y_valid_reg;
    reg             y_last_reg;
    localparam integer OSTG = 8;
    reg  [OSTG-1:0] o_valid_reg;
    reg  [OSTG-1:0] o_last_reg;
    reg  [AW-1:0]   o1_acc_reg;
    reg  [AW-1:0]   o2_rnd_reg;
    reg  [FW-1:0]   o3_z_reg;
    reg  [FW:0]     o4_sum_reg;
    reg  [DW-1:0]   o5_sat_reg;

    assign o_adv = !y_valid_reg || m_axis_y_tready;

    wire rd_fire   = y_avail && o_adv;
    wire lane_end  = (rd_lane_reg == LAN_LAST);
    // slots beyond N_OUT in the last group are read and dropped
    wire slot_ok   = (rd_g_reg != NG_LAST) || ({1'b0, rd_lane_reg} < N_LAST_C);
    wire out_fire  = rd_fire && slot_ok;
    wire bidx_last = (bidx_reg == NOUT_LAST);

    assign y_release    = rd_fire && lane_end;
    assign bias_rd_addr = o1_idx_reg;

    wire [LAN_C*AW-1:0] y_row = y_half[y_rd_bank];
    // the slot of the lane read: a mux over constant part selects (an index times AW would be a
    // multiplier that FPGA synthesis puts in a DSP)
    reg  [AW-1:0]       y_slot;
    integer             ys_i;
    always @(*) begin
        y_slot = y_row[AW-1:0];
        for (ys_i = 1; ys_i < LAN_C; ys_i = ys_i + 1) begin
            if ({{(32-LW){1'b0}}, rd_lane_reg} == ys_i) begin
                y_slot = y_row[ys_i*AW +: AW];
            end
        end
    end
    wire [AW-1:0]       acc_rnd;
    wire [FW-1:0]       z_sat;
    wire [FW:0]         v_sum = {o3_z_reg[FW-1], o3_z_reg} + {bias_q[FW-1], bias_q};
    wire [FW:0]         v_rnd;
    wire [DW-1:0]       o_sat;
    wire [DW-1:0]       act_out;

    swm_round #(.IN_W(AW), .OUT_W(AW), .MAX_SHIFT(AW - 1), .ROUND_MODE(ROUND_MODE), .PIPE(0)) u_rnd_acc (
        .clk(clk), .ce(o_adv), .din(o1_acc_reg), .shift(ACC_SH_C), .dout(acc_rnd));
    swm_sat #(.IN_W(AW), .OUT_W(FW)) u_sat_acc (.din(o2_rnd_reg), .dout(z_sat));
    swm_round #(.IN_W(FW + 1), .OUT_W(FW + 1), .MAX_SHIFT(FW + 1), .ROUND_MODE(ROUND_MODE), .PIPE(0)) u_rnd_out (
        .clk(clk), .ce(o_adv), .din(o4_sum_reg), .shift(OUT_SH_C), .dout(v_rnd));
    swm_sat #(.IN_W(FW + 1), .OUT_W(DW)) u_sat_out (.din(v_rnd), .dout(o_sat));
    swm_act #(.DW(DW), .PIPE(1)) u_act (
        .clk(clk), .ce(o_adv), .in_data(o5_sat_reg), .act(ACT_C), .frac(FRAC_C), .out_data(act_out));

    always @(posedge clk) begin
        if (rd_fire) begin
            rd_lane_reg <= lane_end ? {LW{1'b0}} : rd_lane_reg + {{(LW-1){1'b0}}, 1'b1};
            if (lane_end) begin
                rd_g_reg <= (rd_g_reg == NG_LAST) ? {GW{1'b0}} : rd_g_reg + {{(GW-1){1'b0}}, 1'b1};
            end
        end
        if (out_fire) begin
            bidx_reg <= bidx_last ? {OW{1'b0}} : bidx_reg + {{(OW-1){1'b0}}, 1'b1};
        end
        if (o_adv) begin
            o_valid_reg <= {o_valid_reg[OSTG-2:0], out_fire};
            o_last_reg  <= {o_last_reg[OSTG-2:0], bidx_last};
            o1_acc_reg  <= y_slot;
            o1_idx_reg  <= bidx_reg;
            o2_rnd_reg  <= acc_rnd;
            o3_z_reg    <= z_sat;
            o4_sum_reg  <= v_sum;
            o5_sat_reg  <= o_sat;
            y_data_reg  <= act_out;
            y_last_reg  <= o_last_reg[OSTG-1];
            y_valid_reg <= o_valid_reg[OSTG-1];
        end
        if (rst) begin
            rd_lane_reg <= {LW{1'b0}};
            rd_g_reg    <= {GW{1'b0}};
            bidx_reg    <= {OW{1'b0}};
            o_valid_reg <= {OSTG{1'b0}};
            y_valid_reg <= 1'b0;
        end
    end

    assign m_axis_y_tdata  = y_data_reg;
    assign m_axis_y_tvalid = y_valid_reg;
    assign m_axis_y_tlast  = y_last_reg;

    // ---- status ----------------------------------------------------------------------------
    assign busy_w = (xw_idx_reg != {XIW{1'b0}}) || x_full ||
                    s1_valid_reg || s2_valid_reg || s3_valid_reg || s4_valid_reg ||
                    y_avail || (|o_valid_reg) || y_valid_reg;
    assign busy    = busy_w;
    assign err_len = err_reg;

`ifdef FORMAL
    // SymbiYosys only (make formal): the properties live in verif/formal/swm_dense_fc/
    `include "swm_dense_fc_props.vh"
`endif

endmodule

`resetall
