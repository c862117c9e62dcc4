// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_load_ram.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment (assumptions): reset in the first cycle; everything else free (load_en, the load
// stream, rd_en, rd_addr; the load stream needs no source rules: it is never refused while
// load_en). The word array is swm_sram_1r1w's (read with its read-old-data register), whose
// contents the properties cannot name: the read data is checked by bounded model checking (task
// bmc*, FORMAL_BMC defined) from reset with arbitrary initial contents.
// Properties (assertions, labelled group_what):
//   iface   s_axis_tready only while load_en
//   live    every word offered while load_en is taken in that cycle (no stall, so no deadlock, even
//           for an over-long load: its extra words are dropped)
//   cons    the write address = the words accepted since the last tlast or reset, stopping at DEPTH
//           (a reference count written from the header)
//   func    (bounded) for a watched address (anyconst) written since reset: rd_data = the word last
//           written to it as of the rd_en cycle OUT_REG cycles before the last one that read it
//           (read-old-data: a read in the cycle of a write returns the old word); the k-th word of a
//           load is written to address k, words past DEPTH to none

    `include "swm_formal_reset.vh"

    localparam integer F_DEPTH = DEPTH;
    wire       f_fire = s_axis_tvalid && s_axis_tready;
    reg  [7:0] f_pos = 8'd0;   // words accepted in the current load, stopping at DEPTH

    always @(posedge clk) begin
        if (rst) begin
            f_pos <= 8'd0;
        end else if (f_fire) begin
            f_pos <= s_axis_tlast ? 8'd0 : (f_pos == F_DEPTH) ? f_pos : f_pos + 8'd1;
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            iface_ready_only_while_loading: assert(!s_axis_tready || load_en);
            live_never_stalls: assert(!load_en || s_axis_tready);
            cons_write_address: assert(f_pos <= F_DEPTH && wr_addr_reg == f_pos);
        end
    end

`ifdef FORMAL_BMC
    // ---- the read data of a watched address (bounded) ----------------------------------------------
    localparam integer F_LAT = (OUT_REG == 0) ? 1 : (OUT_REG == 1) ? 2 : 3;   // rd_en cycles
    (* anyconst *) reg [AW-1:0] f_addr;
    reg  [WIDTH-1:0] f_word;               // the word last written to f_addr
    reg              f_written = 1'b0;     // f_addr written since reset
    // the last F_LAT rd_en cycles, youngest first: read f_addr, its word and whether it was written
    reg  [F_LAT-1:0] f_hit = {F_LAT{1'b0}};
    reg  [F_LAT-1:0] f_known = {F_LAT{1'b0}};
    reg  [WIDTH-1:0] f_val [0:F_LAT-1];
    integer          f_i;

    always @(posedge clk) begin
        if (rst) begin
            f_written <= 1'b0;
        end else if (f_fire && f_pos < F_DEPTH && f_pos == {{(8-AW){1'b0}}, f_addr}) begin
            f_word    <= s_axis_tdata;
            f_written <= 1'b1;
        end
        if (rst) begin
            f_known <= {F_LAT{1'b0}};
        end else if (rd_en) begin
            for (f_i = F_LAT - 1; f_i > 0; f_i = f_i - 1) begin
                f_hit[f_i]   <= f_hit[f_i-1];
                f_known[f_i] <= f_known[f_i-1];
                f_val[f_i]   <= f_val[f_i-1];
            end
            f_hit[0]   <= (rd_addr == f_addr);
            f_known[0] <= f_written;
            f_val[0]   <= f_word;
        end
    end

    always @(*) begin
        if (f_past_valid && !rst && f_hit[F_LAT-1] && f_known[F_LAT-1]) begin
            func_read_returns_last_write: assert(rd_data == f_val[F_LAT-1]);
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cover(f_hit[F_LAT-1] && f_known[F_LAT-1] && rd_data != {WIDTH{1'b0}} && f_pos == F_DEPTH);
        end
    end
`endif
