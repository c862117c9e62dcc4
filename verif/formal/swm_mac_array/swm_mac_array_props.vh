// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_mac_array.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// No handshake: a beat is in_valid, and its group is shown on out_* three cycles later.
// Environment (assumptions): reset in the first cycle. Task bmc (FORMAL_BMC) also: no reset after
// the first cycle, and the caller's beat order (the module's header): beats g = 0..G-1 of a block
// column in turn, in_slot0 exactly on g = 0, in_first and in_last the same on every beat of a
// block column.
// Properties (assertions, labelled group_what):
//   iface   nothing valid in the three cycles after reset (the pipeline is emptied)
//   ctl     out_valid = in_valid of three cycles before, out_last with it = in_last of that beat
//           (no reset in between)
//   func    bounded (bmc): every output = a reference ring of G complex accumulators updated per
//           beat: (in_first ? 0 : the group's running sum) + w * x (slot 0: {wr*xr, wi*xi}), for
//           every group cleared since reset (the ring has no reset)
//   live    (no handshake: the output of every beat comes after exactly three cycles, ctl_*)

    `include "swm_formal_reset.vh"

    reg [2:0] f_since_rst = 3'd0;   // cycles since the last reset, saturating at 3
    always @(posedge clk) begin
        if (rst) begin
            f_since_rst <= 3'd0;
        end else if (f_since_rst != 3'd3) begin
            f_since_rst <= f_since_rst + 3'd1;
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && !rst) begin
            if (f_since_rst != 3'd3) begin
                iface_no_valid_after_reset: assert(!out_valid);
                // the stages a reset emptied
                iface_pipeline_emptied: assert(!a_valid_reg && (f_since_rst == 3'd2 || !p_valid_reg)
                                              && (f_since_rst != 3'd0 || !m_valid_reg));
            end else begin
                live_valid_three_cycles_later: assert(out_valid == $past(in_valid, 3));
                if (out_valid) begin
                    ctl_last_with_its_beat: assert(out_last == $past(in_last, 3));
                end
            end
        end
    end

`ifdef FORMAL_BMC
    always @(*) begin
        if (f_past_valid) begin
            assume(!rst);
        end
    end

    // ---- the caller's beat order --------------------------------------------------------------------
    localparam integer F_GW = (G > 1) ? $clog2(G) : 1;
    reg [F_GW-1:0] f_g = {F_GW{1'b0}};
    reg            f_first_h, f_last_h;
    always @(posedge clk) begin
        if (rst) begin
            f_g <= {F_GW{1'b0}};
        end else if (in_valid) begin
            f_g <= (f_g == G - 1) ? {F_GW{1'b0}} : f_g + 1'b1;
            if (f_g == 0) begin
                f_first_h <= in_first;
                f_last_h  <= in_last;
            end
        end
    end
    always @(*) begin
        if (!rst && in_valid) begin
            assume(in_slot0 == (f_g == 0));
            if (f_g != 0) begin
                assume(in_first == f_first_h && in_last == f_last_h);
            end
        end
    end

    // ---- the reference ring (lane 0 only: ROWS = LANES = 1) -------------------------------------------
    wire signed [WW-1:0] f_wr = in_w[WW +: WW];
    wire signed [WW-1:0] f_wi = in_w[0 +: WW];
    wire signed [FW-1:0] f_xr = in_x[FW +: FW];
    wire signed [FW-1:0] f_xi = in_x[0 +: FW];
    wire signed [AW-1:0] f_p_re = in_slot0 ? f_wr * f_xr : f_wr * f_xr - f_wi * f_xi;
    wire signed [AW-1:0] f_p_im = in_slot0 ? f_wi * f_xi : f_wr * f_xi + f_wi * f_xr;
    reg  [2*AW-1:0] f_ring [0:G-1];
    reg  [G-1:0]    f_def = {G{1'b0}};   // the group's sum is defined (cleared since reset)
    wire [2*AW-1:0] f_old = f_ring[f_g];
    wire signed [AW-1:0] f_n_re = (in_first ? {AW{1'b0}} : f_old[2*AW-1:AW]) + f_p_re;
    wire signed [AW-1:0] f_n_im = (in_first ? {AW{1'b0}} : f_old[AW-1:0]) + f_p_im;
    reg  [2*AW-1:0] f_d1, f_d2, f_d3;
    reg             f_k1 = 1'b0, f_k2 = 1'b0, f_k3 = 1'b0;   // the beat's sum is defined
    reg             f_first1, f_first2, f_first3;
    always @(posedge clk) begin
        if (!rst && in_valid) begin
            f_ring[f_g] <= {f_n_re, f_n_im};
            if (in_first) begin
                f_def[f_g] <= 1'b1;
            end
        end
        f_d1 <= {f_n_re, f_n_im};
        f_k1 <= !rst && in_valid && (in_first || f_def[f_g]);
        f_d2 <= f_d1;
        f_k2 <= f_k1;
        f_d3 <= f_d2;
        f_k3 <= f_k2;
        f_first1 <= in_first;
        f_first2 <= f_first1;
        f_first3 <= f_first2;
        if (rst) begin
            f_def <= {G{1'b0}};
        end
    end

    always @(*) begin
        if (f_past_valid && !rst && out_valid && f_k3) begin
            func_acc_matches_ring: assert(out_acc == f_d3);
        end
        if (f_past_valid && !rst) begin
            cover(out_valid && f_k3 && out_last && f_first3 == 1'b0);
        end
    end
`endif
