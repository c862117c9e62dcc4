// SPDX-License-Identifier: Apache-2.0
// Properties of the network-level liveness harness swm_net_live.v (make formal): the generated
// network swm_net from reset, with the data words cut (verif/formal/swm_net_live/swm_net_live.sby).

`include "swm_formal_reset.vh"

    // the bound of task live (and cover): the first class's transfer at most LIVE_BOUND cycles
    // after the first input transfer; task stall: STALL_BOUND with the source and the sink idle in
    // up to every other cycle
    localparam integer LIVE_BOUND  = 62;
    localparam integer STALL_BOUND = 66;
    // the first input transfer at most IN_BOUND cycles after reset (the stage starts its engine)
    localparam integer IN_BOUND    = 2;
    // after the first class, the next one at most GAP_BOUND + 1 cycles after the one before (task
    // live: the pipeline's interval, 4 cycles); STALL_GAP + 1 with stalls
    localparam integer GAP_BOUND   = 3;
    localparam integer STALL_GAP   = 8;

    reg [7:0] f_time = 8'd0;        // cycles since reset (saturating)
    reg [7:0] f_gap = 8'd0;         // cycles since the last class (saturating)

    reg [7:0] f_cycle = 8'd0;       // cycles since the first input transfer (saturating)
    reg       f_in_started = 1'b0;
    reg [7:0] f_images = 8'd0;      // whole images taken
    reg [7:0] f_classes = 8'd0;     // classes given
    wire      f_cls_fire = cls_tvalid && cls_tready;

    always @(posedge clk) begin
        if (x_fire) begin
            f_in_started <= 1'b1;
        end
        if (f_time != 8'hFF) begin
            f_time <= f_time + 8'd1;
        end
        if (f_cls_fire) begin
            f_gap <= 8'd0;
        end else if (f_gap != 8'hFF) begin
            f_gap <= f_gap + 8'd1;
        end
        if ((f_in_started || x_fire) && f_cycle != 8'hFF) begin
            f_cycle <= f_cycle + 8'd1;
        end
        if (x_fire && x_tlast && f_images != 8'hFF) begin
            f_images <= f_images + 8'd1;
        end
        if (f_cls_fire && f_classes != 8'hFF) begin
            f_classes <= f_classes + 8'd1;
        end
        if (rst) begin
            f_cycle      <= 8'd0;
            f_time       <= 8'd0;
            f_gap        <= 8'd0;
            f_in_started <= 1'b0;
            f_images     <= 8'd0;
            f_classes    <= 8'd0;
        end
    end

    // no later reset: a run from the reset state
    always @(*) begin
        if (f_past_valid) begin
            assume(!rst);
        end
    end

`ifdef FORMAL_STALL
    // the source keeps a sample offered until taken, with its data; neither the source nor the sink
    // waits two cycles in a row (fair: at least every other cycle)
    always @(posedge clk) begin
        if (f_past_valid && !$past(rst)) begin
            if ($past(x_tvalid && !x_tready)) begin
                assume(x_tvalid);
                assume(x_tdata == $past(x_tdata));
            end
            assume(x_tvalid || $past(x_tvalid));
            assume(cls_tready || $past(cls_tready));
        end
    end
`endif

    always @(posedge clk) begin
        if (f_past_valid) begin
            // the class stream's rules at the network's output
            if ($past(rst)) begin
                iface_class_after_reset: assert(!cls_tvalid);
            end else if ($past(cls_tvalid && !cls_tready)) begin
                iface_class_held: assert(cls_tvalid && cls_tdata == $past(cls_tdata) && cls_tlast == $past(cls_tlast));
            end
            iface_class_tlast: assert(!cls_tvalid || cls_tlast);
            // one class per image: never a class before its image was taken whole
            cons_class_per_image: assert(f_classes <= f_images);
`ifdef FORMAL_STALL
            live_first_input_stalled: assert(f_in_started || f_time <= IN_BOUND + 1);
            live_first_class_stalled: assert(f_classes != 8'd0 || f_cycle <= STALL_BOUND);
            live_next_class_stalled: assert(f_classes == 8'd0 || f_gap <= STALL_GAP);
`else
            // the first class leaves within LIVE_BOUND cycles of the first input sample
            live_first_class: assert(f_classes != 8'd0 || f_cycle <= LIVE_BOUND);
            // and then one class per interval: the pipeline keeps going (no deadlock after the first image)
            live_next_class: assert(f_classes == 8'd0 || f_gap <= GAP_BOUND);
            // the first sample is taken within IN_BOUND cycles of reset (so the bound above, which
            // counts from it, is not vacuous; with cons_class_per_image the first image is taken
            // within the bound too)
            live_first_input_taken: assert(f_in_started || f_time <= IN_BOUND);
`endif
        end
    end

`ifdef FORMAL_COVER
    always @(posedge clk) begin
        if (f_past_valid && !rst) begin
            // the bound is exact: the first class leaves at cycle LIVE_BOUND
`ifdef FORMAL_STALL
            // the stall bound is exact: a first class that leaves at cycle STALL_BOUND
            cover(f_cls_fire && f_classes == 8'd0 && f_cycle == STALL_BOUND);
            cover(f_cls_fire && f_classes != 8'd0 && f_gap == STALL_GAP);
`else
            // the bound is exact: the first class leaves at cycle LIVE_BOUND; the first sample at IN_BOUND
            cover(f_cls_fire && f_classes == 8'd0 && f_cycle == LIVE_BOUND);
            cover(f_cls_fire && f_classes == 8'd3 && f_gap == GAP_BOUND);
            cover(x_fire && !f_in_started && f_time == IN_BOUND);
`endif
        end
    end
`endif
