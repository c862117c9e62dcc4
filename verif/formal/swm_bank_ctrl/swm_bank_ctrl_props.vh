// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_bank_ctrl.v, included by it under `ifdef FORMAL (SymbiYosys only): the
// buffer protocol of docs/architecture.md "Buffer protocol".
//
// Environment (assumptions): reset in the first cycle; the caller keeps the protocol (the rules
// whose misuse the simulation checks stop with $fatal): reserve only while wr_can_reserve, commit
// only a reserved bank (or reserve it in the same cycle), release only while rd_avail; nothing
// during reset. Reservations, commits and releases are counted here (modulo 2^8).
// Properties (assertions, labelled group_what):
//   ctl     after reset: nothing available, a bank can be reserved, both banks 0; wr_can_reserve
//           exactly while fewer than NB banks are reserved and not released; rd_avail exactly while
//           a committed bank is not released; wr_bank = commits mod NB (the oldest uncommitted bank,
//           in reservation order), rd_bank = releases mod NB (the oldest committed one)
//   cons    the occupancy registers follow the counters (released <= committed <= reserved <=
//           released + NB); a watched commit's tag (anyconst index) is rd_tag while its bank is the
//           oldest committed one, held in the tag memory from its commit to its release
// No deadlock follows from the exact ctl_can_reserve / ctl_rd_avail: a committed bank is offered
// (rd_avail) in the next cycle and a released one can be reserved in the next cycle.

    `include "swm_formal_reset.vh"

    reg  [7:0] f_res = 8'd0, f_com = 8'd0, f_rel = 8'd0;
    reg  [7:0] f_wb = 8'd0, f_rb = 8'd0;   // commits and releases modulo NB
    wire [7:0] f_used = f_res - f_rel;
    wire [7:0] f_filled = f_com - f_rel;

    always @(*) begin
        if (rst) begin
            assume(!wr_reserve && !wr_commit && !rd_release);
        end else begin
            assume(!wr_reserve || wr_can_reserve);
            assume(!wr_commit || wr_reserve || f_res != f_com);
            assume(!rd_release || rd_avail);
        end
    end

    always @(posedge clk) begin
        if (rst) begin
            {f_res, f_com, f_rel} <= 24'd0;
            {f_wb, f_rb} <= 16'd0;
        end else begin
            if (wr_commit) begin
                f_wb <= (f_wb == NB - 1) ? 8'd0 : f_wb + 8'd1;
            end
            if (rd_release) begin
                f_rb <= (f_rb == NB - 1) ? 8'd0 : f_rb + 8'd1;
            end
            f_res <= f_res + {7'd0, wr_reserve};
            f_com <= f_com + {7'd0, wr_commit};
            f_rel <= f_rel + {7'd0, rd_release};
        end
    end

    (* anyconst *) reg [7:0] f_k;
    reg [TAG_W-1:0] f_tag;
    always @(posedge clk) begin
        if (!rst && wr_commit && f_com == f_k) begin
            f_tag <= wr_tag;
        end
    end
    wire [7:0] f_ahead = f_k - f_rel;
    wire       f_held = f_ahead < f_filled;   // committed and not released
    // its bank: rd_bank + the commits ahead of it, modulo NB
    wire [7:0] f_kb_sum = f_rb + f_ahead;
    wire [7:0] f_kbank = (f_kb_sum >= NB) ? f_kb_sum - NB : f_kb_sum;
    wire [7:0] f_wb_sum = f_rb + f_filled;

    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            ctl_after_reset: assert(!rd_avail && wr_can_reserve && wr_bank == 0 && rd_bank == 0);
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cons_counters: assert(f_filled <= f_used && f_used <= NB
                                  && used_reg == f_used[CW-1:0] && filled_reg == f_filled[CW-1:0]);
            ctl_can_reserve: assert(wr_can_reserve == (f_used != NB));
            ctl_rd_avail: assert(rd_avail == (f_filled != 8'd0));
            ctl_banks_in_order: assert(f_wb < NB && f_rb < NB && wr_bank == f_wb && rd_bank == f_rb
                                       && f_wb == ((f_wb_sum >= NB) ? f_wb_sum - NB : f_wb_sum));
            if (f_held) begin
                cons_tag_held: assert(tag_mem[f_kbank] == f_tag);
            end
            if (rd_avail && f_rel == f_k) begin
                cons_rd_tag: assert(rd_tag == f_tag);
            end
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cover(f_used == NB && f_filled == NB && f_rel == 8'd2);
            cover(wr_reserve && wr_commit && rd_release && f_used == NB - 1 && f_filled != 0);
            cover(rd_avail && f_rel == f_k && f_k == 8'd2 && rd_tag != 0);
        end
    end
