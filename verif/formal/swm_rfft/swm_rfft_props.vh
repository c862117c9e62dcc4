// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_rfft.v, included by it under `ifdef FORMAL (SymbiYosys only): the
// stream control of the real FFT, K samples in -> K/2 slots out per block, not its values.
//
// The data words are cut in the model (the .sby's cutpoint on the core's read words: free values,
// which only adds behaviours), so the FFT arithmetic and the buffer contents drop out; the values
// are checked by simulation against swm.golden and by swm_fft_stage's own proof.
// Environment (assumptions): reset in the first cycle; the s_axis source rules (valid held, data and
// last stable until accepted); the sink free. Tasks live/cover (FORMAL_LIVE) also assume a run from
// the reset state with the input always valid and the sink always ready (no later reset).
// Properties (assertions, labelled group_what):
//   iface   nothing valid after reset; valid held, data and last stable until accepted
//   cons    (FORMAL_BMC) blocks counted at both ends (input: K accepted samples; output: K/2 sent
//           slots): a slot is offered only for a completed input block (out <= in), at most
//           F_CAP = 2 (L + 1) + 1 blocks inside (a cover reaches it); tlast exactly on slot K/2-1 of a block whose sample K-1 carried
//           tlast (a FIFO of the input blocks' tlast in the properties), on no other slot
//   live    (FORMAL_BMC) input ready whenever every completed block has left (nothing inside);
//           while a completed block is owed, at most F_BUB sink-ready cycles without a transfer
//           in a row (F_BUB = L (K/2 + 4) + 2: the pipeline from commit to the output register;
//           a cover reaches it); FORMAL_LIVE: the oldest block inside is never older than F_LAT
//           cycles since its last sample was accepted, so each block's last slot leaves by F_LAT
//           (swm.perf.latencies(K)[0]; a cover reaches it exactly)

    `include "swm_formal_reset.vh"
    `include "swm_formal_source.vh"

    always @(posedge clk) begin
        if (f_past_valid && $past(rst)) begin
            iface_no_valid_after_reset: assert(!m_axis_tvalid);
        end
        if (f_past_valid && !$past(rst) && $past(m_axis_tvalid && !m_axis_tready)) begin
            iface_valid_held: assert(m_axis_tvalid);
            iface_data_stable: assert(m_axis_tdata == $past(m_axis_tdata));
            iface_last_stable: assert(m_axis_tlast == $past(m_axis_tlast));
        end
    end

`ifdef FORMAL_BMC
    // blocks inside at most: two banks in each of the L+1 buffers (a stage's block in flight holds
    // its reservation in the next buffer), one released from buffer L whose last slot has not left
    localparam integer F_CAP = 2 * (L + 1) + 1;
    // sink-ready cycles without a transfer while a block is owed: from a block's commit to buffer 0
    // to its first slot in the output register: L stages of K/2 + 4 cycles, the read, the register
    localparam integer F_BUB = L * (K / 2 + 4) + 2;
    // last sample accepted -> last slot sent with the sink always ready (swm.perf.latencies)
    localparam integer F_LAT = K * L / 2 + K / 2 + 4 * L + 2;
    localparam integer F_D = 16;

    wire        f_in_fire = !rst && s_axis_tvalid && s_axis_tready;
    wire        f_out_fire = !rst && m_axis_tvalid && m_axis_tready;
    reg [L-1:0] f_in_n = 0;                 // sample of the current input block
    reg [L-2:0] f_out_m = 0;                // slot of the current output block
    reg [7:0]   f_in_blk = 0, f_out_blk = 0;
    reg [F_D-1:0] f_tags = 0;               // tlast of input block i at i mod F_D
    reg [7:0]   f_bub = 0;
    reg [7:0]   f_cyc = 0;
    reg [8*F_D-1:0] f_tin = 0;              // cycle of input block i's last sample
    wire [7:0]  f_inside = f_in_blk - f_out_blk;
    wire [3:0]  f_oi = f_out_blk[3:0];
    wire        f_last_slot = f_out_m == {(L-1){1'b1}};

    always @(posedge clk) begin
        f_cyc <= (f_cyc == 8'hff) ? f_cyc : f_cyc + 8'd1;
        if (rst) begin
            f_in_n <= 0;
            f_out_m <= 0;
            f_in_blk <= 0;
            f_out_blk <= 0;
            f_bub <= 0;
        end else begin
            if (f_in_fire) begin
                f_in_n <= f_in_n + 1'b1;
                if (&f_in_n) begin
                    f_in_blk <= f_in_blk + 8'd1;
                    f_tags[f_in_blk[3:0]] <= s_axis_tlast;
                    f_tin[8*f_in_blk[3:0] +: 8] <= f_cyc;
                end
            end
            if (f_out_fire) begin
                f_out_m <= f_out_m + 1'b1;
                if (f_last_slot) begin
                    f_out_blk <= f_out_blk + 8'd1;
                end
            end
            f_bub <= (f_inside != 0 && m_axis_tready && !f_out_fire && f_bub != 8'hff) ? f_bub + 8'd1 : 8'd0;
        end
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            cons_blocks_inside: assert(f_inside <= F_CAP);
            if (m_axis_tvalid) begin
                cons_slot_of_completed_block: assert(f_inside != 0);
                cons_tlast_on_last_slot: assert(m_axis_tlast == (f_last_slot && f_tags[f_oi]));
            end
            if (f_inside == 0) begin
                live_input_ready_when_empty: assert(s_axis_tready);
            end
            live_output_within_bound: assert(f_bub <= F_BUB);
`ifndef FORMAL_LIVE
            cover(f_inside == F_CAP);   // task cover_stall (the sink free)
`endif
        end
    end

`ifdef FORMAL_LIVE
    always @(*) begin
        if (f_past_valid) begin
            assume(!rst);
            assume(s_axis_tvalid);
            assume(m_axis_tready);
        end
    end
    wire [7:0] f_lat = f_cyc - f_tin[8*f_oi +: 8];
    always @(*) begin
        // the oldest block inside is never older than F_LAT (so it leaves, by F_LAT)
        if (f_past_valid && !rst && f_inside != 0) begin
            live_block_latency: assert(f_lat <= F_LAT);
        end
        if (f_past_valid && !rst && f_out_fire && f_last_slot) begin
            cover(f_lat == F_LAT && f_out_blk == 8'd2);
        end
        if (f_past_valid && !rst) begin
            cover(f_bub == F_BUB);
        end
    end
`endif
`endif
