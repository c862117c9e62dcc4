// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_fft_stage.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// The block handshakes, the word order and the values written (against a reference of
// docs/datapath.md step 1 in wide arithmetic, half_up; swm_round's and swm_sat's own proofs cover
// their other modes). Tasks: prove (K 8, STAGE 1, multiplier-free) and prove_mult (STAGE 0, the
// multiplier pipeline); the control pipeline is the same in both, the write 4 cycles after the issue.
// Environment (assumptions): reset in the first cycle; the source buffer keeps a committed block
// (src_avail, src_tag) until the stage releases it. dst_can_reserve and src_data are free.
// Properties (assertions, labelled group_what):
//   iface   nothing written and no commit after reset
//   cons    per block exactly K/2 issue cycles (busy and j follow a reference count); each of the K
//           source words read exactly once per block, as pairs (a, a + h) with h = 2^(L-1-STAGE);
//           every read pair written to the destination 4 cycles after its issue at the same two
//           addresses (so K words in, K words out per block, in the stage's order), with the tag
//   ctl     dst_reserve exactly at a block's start, src_release exactly with its last issue,
//           dst_commit exactly with its last write
//   live    a block starts in the first cycle with a committed source block and a reservable
//           destination bank while idle, and issues every cycle until done (no stall inside a
//           block), so a block is committed K/2 + 3 cycles after its start
//   func    every written pair carries the values of its own issue: the sum word
//           sat(rnd(a + b, SCALE), FW) and the difference word sat(rnd((a - b) * w^t, TF + SCALE), FW)
//           of the source words returned for that issue and the twiddle w^t, t = (a mod h) * 2^STAGE,
//           read from the ROM here (conjugated when INVERSE), against a reference in wide arithmetic
//           (docs/datapath.md step 1, half_up). In a multiplier-free stage (task prove) this proves
//           the pass-through / swap-and-negate equal to the multiplier path's result; in task
//           prove_mult (K 8, STAGE 0: w^1, w^3 are not trivial) it proves the multiplier pipeline
//           (ROM read, twiddle and product registers, rounding) aligned with the issue and the
//           control pipeline (the write 4 cycles after the issue, as in the trivial stage)

    `include "swm_formal_reset.vh"

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && $past(src_avail && !src_release)) begin
            assume(src_avail);
            assume(src_tag == $past(src_tag));
        end
    end

    localparam integer F_NH = K / 2;
    reg  [L-1:0]   f_n = {L{1'b0}};        // issue cycles of the current block
    reg  [K-1:0]   f_rd = {K{1'b0}};       // source words read in the current block
    wire [K-1:0]   f_pair = ({{(K-1){1'b0}}, 1'b1} << src_addr0) | ({{(K-1){1'b0}}, 1'b1} << src_addr1);
    wire           f_issue = issue && !rst;
    wire           f_last = f_issue && (f_n == F_NH - 1);
    // the issued pairs, 4 stages
    reg  [3:0]     f_v = 4'd0;
    reg  [3:0]     f_l;
    reg  [3:0]     f_t;
    reg  [4*L-1:0] f_a, f_b;
    always @(posedge clk) begin
        if (rst) begin
            f_n  <= {L{1'b0}};
            f_rd <= {K{1'b0}};
            f_v  <= 4'd0;
        end else begin
            if (f_issue) begin
                f_n  <= f_last ? {L{1'b0}} : f_n + 1'b1;
                f_rd <= f_last ? {K{1'b0}} : (f_rd | f_pair);
            end
            f_v <= {f_v[2:0], f_issue};
        end
        f_l <= {f_l[2:0], f_last};
        f_t <= {f_t[2:0], src_tag};
        f_a <= {f_a[3*L-1:0], src_addr0};
        f_b <= {f_b[3*L-1:0], src_addr1};
    end

    // the words read by the first f_n issues of a block: word w is in pair j(w) = w without bit HB
    reg [K-1:0] f_rd_exp;
    integer     f_w;
    always @(*) begin
        for (f_w = 0; f_w < K; f_w = f_w + 1) begin
            f_rd_exp[f_w] = ((((f_w >> (HB + 1)) << HB) | (f_w & LO_MASK)) < f_n);
        end
    end

    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            iface_no_write_after_reset: assert(!dst_en && !dst_commit);
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cons_block_count: assert(busy_reg == (f_n != {L{1'b0}}) && (!busy_reg || {1'b0, j_reg} == f_n));
            cons_read_so_far: assert(f_rd == f_rd_exp);
            if (f_issue) begin
                cons_pair_span: assert(src_addr1 == (src_addr0 | HB_BIT) && src_addr0 != src_addr1);
                cons_read_once: assert((f_rd & f_pair) == {K{1'b0}});
            end
            if (f_last) begin
                cons_block_read_whole: assert((f_rd | f_pair) == {K{1'b1}});
            end
            cons_write_follows_issue: assert(dst_en == f_v[3]);
            if (dst_en) begin
                cons_write_addresses: assert(dst_addr0 == f_a[4*L-1 -: L] && dst_addr1 == f_b[4*L-1 -: L]);
                ctl_tag_with_block: assert(dst_tag == f_t[3]);
            end
            ctl_reserve_at_start: assert(dst_reserve == (f_issue && f_n == {L{1'b0}}));
            ctl_release_with_last_issue: assert(src_release == f_last);
            ctl_commit_with_last_write: assert(dst_commit == (f_v[3] && f_l[3]));
            live_start_when_possible: assert(issue == (busy_reg || (src_avail && dst_can_reserve)));
            if (busy_reg) begin
                live_no_stall_in_block: assert(issue);
            end
        end
    end

    // the function of every written pair (half_up rounding; the tasks set ROUND_MODE 0)
    localparam integer F_PW = IW + TW + 4;
    localparam integer F_H = 1 << HB;
    localparam signed [F_PW-1:0] F_ONE = 1;
    localparam signed [F_PW-1:0] F_MAX = (1 <<< (FW - 1)) - 1;
    localparam signed [F_PW-1:0] F_MIN = -(1 <<< (FW - 1));
    function [FW-1:0] f_sat_rnd(input signed [F_PW-1:0] v, input integer sh);
        reg signed [F_PW-1:0] r;
        begin
            r = (sh == 0) ? v : ((v + (F_ONE <<< (sh - 1))) >>> sh);
            f_sat_rnd = (r > F_MAX) ? F_MAX[FW-1:0] : ((r < F_MIN) ? F_MIN[FW-1:0] : r[FW-1:0]);
        end
    endfunction
    function signed [F_PW-1:0] f_x(input [IW-1:0] c);
        f_x = {{(F_PW-IW){c[IW-1]}}, c};
    endfunction
    function signed [F_PW-1:0] f_xw(input [TW-1:0] c);
        f_xw = {{(F_PW-TW){c[TW-1]}}, c};
    endfunction
    // the twiddle of the issue: t = (a mod h) * 2^STAGE, independent of the RTL's index logic
    wire [L-1:0]         f_tidx = (src_addr0 % F_H) * (1 << STAGE);
    reg  [2*TW-1:0]      f_w1;
    wire signed [F_PW-1:0] f_ar = f_x(src_data0[2*IW-1:IW]), f_ai = f_x(src_data0[IW-1:0]);
    wire signed [F_PW-1:0] f_br = f_x(src_data1[2*IW-1:IW]), f_bi = f_x(src_data1[IW-1:0]);
    wire signed [F_PW-1:0] f_wr = f_xw(f_w1[2*TW-1:TW]);
    wire signed [F_PW-1:0] f_wi = (INVERSE == 1) ? -f_xw(f_w1[TW-1:0]) : f_xw(f_w1[TW-1:0]);
    wire signed [F_PW-1:0] f_dr = f_ar - f_br, f_di = f_ai - f_bi;
    wire [4*FW-1:0]      f_ref = {f_sat_rnd(f_ar + f_br, SCALE), f_sat_rnd(f_ai + f_bi, SCALE),
                                  f_sat_rnd(f_dr * f_wr - f_di * f_wi, TF + SCALE),
                                  f_sat_rnd(f_dr * f_wi + f_di * f_wr, TF + SCALE)};
    // the reference of the pair read in the cycle before, three stages on to the write
    reg  [3*4*FW-1:0]    f_ref_p;
    always @(posedge clk) begin
        f_w1    <= rom[f_tidx];
        f_ref_p <= {f_ref_p[2*4*FW-1:0], f_ref};
    end
    always @(*) begin
        // the ROM holds the trivial words where the multiplier-free stage assumes them (the ROM is
        // constant; without this invariant its words are free in the induction step)
        func_rom_trivial_words: assert(rom[0] == ROM_W0 && rom[K/4] == ROM_WQ);
        if (f_past_valid && !rst && f_v[3]) begin
            func_sum_written: assert(dst_data0 == f_ref_p[3*4*FW-1 -: 2*FW]);
            func_product_written: assert(dst_data1 == f_ref_p[2*4*FW+2*FW-1 -: 2*FW]);
        end
    end

    // reachability: two blocks back to back, the second's commit
    reg [1:0] f_commits = 2'd0;
    always @(posedge clk) begin
        if (rst) begin
            f_commits <= 2'd0;
        end else if (dst_commit && f_commits != 2'd3) begin
            f_commits <= f_commits + 2'd1;
        end
    end
    always @(*) begin
        if (f_past_valid && !rst) begin
            cover(f_commits == 2'd2 && dst_reserve);
            cover(f_commits == 2'd2);
        end
    end
