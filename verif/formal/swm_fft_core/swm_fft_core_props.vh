// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_fft_core.v, included by it under `ifdef FORMAL (SymbiYosys only): the
// block bookkeeping of buffer 0 -> L stages -> buffer L, not the values.
//
// The data words are cut in the model (the .sby's cutpoint on every buffer's read words: free
// values, which only adds behaviours); the stage arithmetic is swm_fft_stage's proof, a buffer's
// words swm_fft_buf's. Buffer b (0 .. L) is counted here from the core's own wires: reservations,
// commits and releases (modulo 256); stage s reads buffer s and writes buffer s+1.
// Environment (assumptions): reset in the first cycle; the caller keeps the buffer protocol at both
// ends (buffer 0: reserve only while in_can_reserve, commit and write only a reserved bank or while
// reserving one, the two words of a cycle in different RAMs; buffer L: release only while
// out_avail; nothing during reset). Task live also assumes the consumer releases in every cycle with
// out_avail, and no later reset.
// Properties (assertions, labelled group_what), all by BMC from reset (task bmc; the bookkeeping
// of the stages and buffers is inside submodules the properties cannot name, so induction does not
// close):
//   ctl     every stage reserves its destination only while it can be reserved and releases its
//           source only while a block is available
//   cons    every buffer's bookkeeping seen from outside: rd_avail exactly while a committed block
//           is not released, wr_can_reserve exactly while fewer than NB banks are reserved and not
//           released, released <= committed <= reserved <= released + NB, a stage commits or writes
//           only a reserved bank, one block per stage between its destination reservation and its
//           source release, at most F_CAP = 2 L + NB_OUT blocks inside; the tag of every block shown
//           at the output is its own (a FIFO of the input commits' tags), in order
//   live    (task live, BMC) with the consumer releasing at once, the oldest block not yet committed
//           to buffer L is never older than F_LAT cycles since its commit to buffer 0 (a cover
//           reaches it): no deadlock, every block passes the L stages within F_LAT

    `include "swm_formal_reset.vh"

    localparam integer F_NBUF = L + 1;
    localparam integer F_CAP = 2 * L + NB_OUT;
    localparam integer F_D = 16;

    // ---- environment: the caller's side of buffers 0 and L ------------------------------------
    reg  [7:0] f_ires = 8'd0, f_icom = 8'd0;
    always @(*) begin
        if (rst) begin
            assume(!in_reserve && !in_commit && !in_en0 && !in_en1 && !out_release);
        end else begin
            assume(!in_reserve || in_can_reserve);
            assume(!in_commit || in_reserve || f_ires != f_icom);
            assume(!(in_en0 || in_en1) || in_reserve || f_ires != f_icom);
            assume(!(in_en0 && in_en1) || (in_addr0[L-1] != in_addr1[L-1]));
            assume(!out_release || out_avail);
        end
    end
    always @(posedge clk) begin
        if (rst) begin
            f_ires <= 8'd0;
            f_icom <= 8'd0;
        end else begin
            f_ires <= f_ires + {7'd0, in_reserve};
            f_icom <= f_icom + {7'd0, in_commit};
        end
    end

    // ---- per-buffer events from the core's wires --------------------------------------------------
    wire [F_NBUF-1:0] f_ev_res = {lk_reserve, in_reserve};
    wire [F_NBUF-1:0] f_ev_com = {lk_commit, in_commit};
    wire [F_NBUF-1:0] f_ev_wr  = {lk_en, in_en0 || in_en1};
    wire [F_NBUF-1:0] f_ev_rel = {lk_release, b0_release};
    wire [F_NBUF-1:0] f_avail  = {lk_avail, b0_avail};
    wire [F_NBUF-1:0] f_canres = {lk_can_reserve, in_can_reserve};

`ifdef FORMAL_BMC
    // ---- the stages' side of the protocol -------------------------------------------------------------
    always @(*) begin
        if (f_past_valid && !rst) begin
            ctl_stage_reserve_allowed: assert((lk_reserve & ~lk_can_reserve) == {L{1'b0}});
            ctl_stage_release_avail: assert(({lk_release[L-2:0], b0_release} & ~{lk_avail[L-2:0], b0_avail}) == {L{1'b0}});
        end
    end

    reg [8*F_NBUF-1:0] f_res = 0, f_com = 0, f_rel = 0;
    wire [8*F_NBUF-1:0] f_res_nx, f_com_nx, f_rel_nx;
    reg [F_D-1:0]      f_tags = 0;   // tag of input block i at i mod F_D
    always @(posedge clk) begin
        if (rst) begin
            f_res <= 0;
            f_com <= 0;
            f_rel <= 0;
        end else begin
            f_res <= f_res_nx;
            f_com <= f_com_nx;
            f_rel <= f_rel_nx;
            if (in_commit) begin
                f_tags[f_com[3:0]] <= in_tag;
            end
        end
    end
    wire [F_NBUF-1:0] f_occ_ok, f_book_ok;
    wire [L-1:0]      f_wr_ok, f_one_ok;
    genvar f_b;
    generate
        for (f_b = 0; f_b < F_NBUF; f_b = f_b + 1) begin : g_f_buf
            localparam integer NBB = (f_b == L) ? NB_OUT : 2;
            wire [7:0] res = f_res[8*f_b +: 8];
            wire [7:0] com = f_com[8*f_b +: 8];
            wire [7:0] rel = f_rel[8*f_b +: 8];
            assign f_res_nx[8*f_b +: 8] = res + {7'd0, f_ev_res[f_b]};
            assign f_com_nx[8*f_b +: 8] = com + {7'd0, f_ev_com[f_b]};
            assign f_rel_nx[8*f_b +: 8] = rel + {7'd0, f_ev_rel[f_b]};
            assign f_occ_ok[f_b] = (com - rel) <= (res - rel) && (res - rel) <= NBB;
            assign f_book_ok[f_b] = f_avail[f_b] == (com != rel) && f_canres[f_b] == ((res - rel) != NBB);
            if (f_b > 0) begin : g_f_stage
                wire [7:0] src_rel = f_rel[8*(f_b-1) +: 8];
                assign f_wr_ok[f_b-1] = !(f_ev_com[f_b] || f_ev_wr[f_b]) || f_ev_res[f_b] || res != com;
                assign f_one_ok[f_b-1] = res - src_rel <= 8'd1;
            end
        end
    endgenerate
    wire [7:0] f_in_blk = f_com[7:0];
    wire [7:0] f_out_blk = f_rel[8*L +: 8];
    wire [7:0] f_at_out = f_com[8*L +: 8];
    always @(*) begin
        if (f_past_valid && !rst) begin
            // every buffer's avail / can_reserve exact; released <= committed <= reserved <=
            // released + NB; stages commit and write only reserved banks; one block per stage between
            // its destination reservation and its source release; at most F_CAP blocks inside
            cons_buffer_bookkeeping: assert(&f_book_ok && &f_occ_ok && &f_wr_ok && &f_one_ok
                                            && f_in_blk - f_out_blk <= F_CAP);
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            if (out_avail) begin
                cons_tag_order: assert(out_tag == f_tags[f_out_blk[3:0]]);
            end
        end
    end

`ifdef FORMAL_LIVE
    // the consumer releases at once; F_LAT: L stages of K/2 + 4 cycles, plus up to K/2 + 3 waiting
    // in buffer 0 (the producer may commit faster than the core's sustained rate: a block holds its
    // bank of buffer s+1 from stage s's start to stage s+1's last issue, K + 4 cycles, and each
    // buffer has two); 17 for K 4, checked to depth 26, a cover reaches it
    localparam integer F_LAT = L * (K / 2 + 4) + K / 2 + 3;
    always @(*) begin
        if (f_past_valid) begin
            assume(!rst);
            assume(out_release == out_avail);
        end
    end
    reg [7:0]          f_cyc = 0;
    reg [8*F_D-1:0]    f_tin = 0;    // cycle of input block i's commit
    always @(posedge clk) begin
        f_cyc <= (f_cyc == 8'hff) ? f_cyc : f_cyc + 8'd1;
        if (!rst && in_commit) begin
            f_tin[8*f_com[3:0] +: 8] <= f_cyc;
        end
    end
    wire [7:0] f_age = f_cyc - f_tin[8*f_at_out[3:0] +: 8];
    always @(*) begin
        if (f_past_valid && !rst && f_in_blk != f_at_out) begin
            live_block_within_bound: assert(f_age <= F_LAT);
            cover(f_age == F_LAT);
        end
    end
`endif
`endif
