// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_fft_stage.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// The block handshakes and the word order; the butterfly arithmetic is not checked here (its
// rounding and saturation are swm_round's and swm_sat's proofs; simulation checks the values).
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
