// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_fft_buf.v, included by it under `ifdef FORMAL (SymbiYosys only): the
// words through the two RAMs (the bank bookkeeping is swm_bank_ctrl's proof; wr_bank and rd_bank
// are its outputs here).
//
// Environment (assumptions): reset in the first cycle; the caller keeps the buffer protocol (reserve
// only while wr_can_reserve, commit and write only a reserved bank or while reserving one, release
// only while rd_avail, nothing during reset) and the bank rule (the two words written, and the two
// read, in one cycle lie in different RAMs: the simulation's $fatal checks).
// Properties (assertions, labelled group_what), for a watched word address f_a (anyconst):
//   func    a read of f_a on either port while a block is available returns, in the next cycle, the
//           last word written to f_a while the bank now read was the write bank (a shadow per
//           bank; words never written since the start are stale RAM contents, no obligation); the
//           RAM row of f_a in each bank holds that shadow (the induction invariant)

    `include "swm_formal_reset.vh"

    reg [7:0] f_res = 8'd0, f_com = 8'd0;
    always @(*) begin
        if (rst) begin
            assume(!wr_reserve && !wr_commit && !rd_release && !wr_en0 && !wr_en1);
        end else begin
            assume(!wr_reserve || wr_can_reserve);
            assume(!wr_commit || wr_reserve || f_res != f_com);
            assume(!(wr_en0 || wr_en1) || wr_reserve || f_res != f_com);
            assume(!rd_release || rd_avail);
            assume(!(wr_en0 && wr_en1) || (wr_sel0 != wr_sel1));
            assume(!rd_avail || (rd_sel0 != rd_sel1));
        end
    end
    always @(posedge clk) begin
        if (rst) begin
            f_res <= 8'd0;
            f_com <= 8'd0;
        end else begin
            f_res <= f_res + {7'd0, wr_reserve};
            f_com <= f_com + {7'd0, wr_commit};
        end
    end

    (* anyconst *) reg [L-1:0] f_a;
    reg [NB*W-1:0] f_sh;
    reg [NB-1:0]   f_ok = {NB{1'b0}};   // f_a written in bank b since the start (the RAM is not reset)
    wire           f_w0 = wr_en0 && wr_addr0 == f_a;
    wire           f_w1 = wr_en1 && wr_addr1 == f_a;
    always @(posedge clk) begin
        if (f_w0) begin
            f_sh[W*wr_bank +: W] <= wr_data0;
            f_ok[wr_bank] <= 1'b1;
        end else if (f_w1) begin
            f_sh[W*wr_bank +: W] <= wr_data1;
            f_ok[wr_bank] <= 1'b1;
        end
    end

    reg         f_rd0 = 1'b0, f_rd1 = 1'b0;
    reg [W-1:0] f_exp;
    always @(posedge clk) begin
        f_rd0 <= !rst && rd_avail && rd_addr0 == f_a && f_ok[rd_bank];
        f_rd1 <= !rst && rd_avail && rd_addr1 == f_a && f_ok[rd_bank];
        f_exp <= f_sh[W*rd_bank +: W];
    end

    // the RAM row of f_a in bank b
    wire [RW-1:0] f_row = row_of(f_a);
    wire          f_sel = sel_of(f_a);
    integer f_b;
    reg     f_held;
    always @(*) begin
        f_held = 1'b1;
        for (f_b = 0; f_b < NB; f_b = f_b + 1) begin
            if (f_ok[f_b] && ((f_sel ? g_mem[1].mem[{f_b[BW-1:0], f_row}] : g_mem[0].mem[{f_b[BW-1:0], f_row}]) != f_sh[W*f_b +: W])) begin
                f_held = 1'b0;
            end
        end
    end

    always @(*) begin
        if (f_past_valid) begin
            func_memory_holds_word: assert(f_held);
            if (f_rd0) begin
                func_read_port0: assert(rd_data0 == f_exp);
            end
            if (f_rd1) begin
                func_read_port1: assert(rd_data1 == f_exp);
            end
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cover(f_rd1 && rd_bank == 1 && f_exp != 0);
        end
    end
