// SPDX-License-Identifier: Apache-2.0
// Properties of swm_accel (included at the end of hw/swm_accel.v under `ifdef FORMAL): the run
// control the header promises, with the network u_net cut (verif/formal/swm_accel/swm_accel.sby:
// its outputs are free, constrained only by the assumptions below) and the register block real
// (AXI4-Lite inputs free: any sequence of register accesses).

`include "swm_formal_reset.vh"

    reg f_past2_valid = 1'b0;
    always @(posedge clk) begin
        f_past2_valid <= f_past_valid;
    end

    // ---- probes: internal registers of submodules, connected by the .sby script after `flatten`
    // (Yosys reads no hierarchical references); each is only read here
    wire [1:0] f_fc_state;      // u_frame.state_reg: 0 PASS, 1 PAD, 2 DROP
    wire [1:0] f_fc_cnt;        // u_frame.cnt_reg (the sample in the image; IMG_N 4)
    wire [1:0] f_fc_sc;         // u_frame.sc_reg (the sample in the step; IMG_STEP = IMG_N)
    wire       f_xs_valid;      // u_x_reg.valid_reg
    wire       f_xs_last;       // u_x_reg.last_reg
    wire       f_xs_skid;       // u_x_reg.skid_valid_reg
    wire       f_xs_skid_last;  // u_x_reg.skid_last_reg
    wire       f_ls_skid;       // u_ld_reg.skid_valid_reg
    wire       f_ls_in_valid;   // u_ld_reg.s_axis_tvalid (a beat offered to the load slice)
    wire       f_irq_done;      // u_csr.u_regs: IRQ_STATUS.DONE
    wire       f_err_wl;        // u_csr.u_regs: ERROR.WEIGHT_LOAD

    // ---- references -------------------------------------------------------------------------
    wire f_cls_fire  = m_axis_class_tvalid && m_axis_class_tready;
    wire f_nx_fire   = nx_tvalid && nx_tready;
    wire f_w_fire    = s_axis_w_tvalid && s_axis_w_tready;
    wire f_b_fire    = s_axis_b_tvalid && s_axis_b_tready;
    wire f_late_ld   = run_reg || (stage_sel >= NS_C);
    wire f_dropped   = (f_w_fire || f_b_fire) && f_late_ld;
    wire f_clr       = net_rst || start;
    wire [1:0] f_xs_lasts = {1'b0, f_xs_valid && f_xs_last} + {1'b0, f_xs_skid && f_xs_skid_last};

    // a run has started since reset / SOFT_RESET (the header's condition for loads)
    reg f_started = 1'b0;
    // images inside the cut network: tlast beats it took minus classes it gave (since its reset)
    reg [31:0] f_owed = 32'd0;
    // a load packet in progress at the ports, and on which stream
    reg f_pkt = 1'b0;
    reg f_pkt_b = 1'b0;
    // a load beat reached the network since reset (for a cover)
    reg f_loaded = 1'b0;
    always @(posedge clk) begin
        if (nl_tvalid && net_ld_tready) begin
            f_loaded <= 1'b1;
        end
        if (start) begin
            f_started <= 1'b1;
        end
        f_owed <= f_owed + {31'd0, f_nx_fire && nx_tlast} - {31'd0, f_cls_fire};
        if (f_w_fire || f_b_fire) begin
            f_pkt   <= !(f_b_fire ? s_axis_b_tlast : s_axis_w_tlast);
            f_pkt_b <= f_b_fire;
        end
        if (net_rst) begin
            f_started <= 1'b0;
            f_owed    <= 32'd0;
            f_pkt     <= 1'b0;
            f_loaded  <= 1'b0;
        end
    end

    // ---- assumptions on the cut network (its own jobs prove them: swm_argmax's iface_*, one class
    // per vector; every stage one output vector per input vector, the FIFOs conservation) ---------
    always @(posedge clk) begin
        if (f_past_valid && $past(net_rst)) begin
            assume(!m_axis_class_tvalid);
        end
        if (f_past_valid && !$past(net_rst) && $past(m_axis_class_tvalid && !m_axis_class_tready)) begin
            assume(m_axis_class_tvalid);
            assume(m_axis_class_tdata == $past(m_axis_class_tdata));
            assume(m_axis_class_tlast == $past(m_axis_class_tlast));
        end
    end
    always @(*) begin
        // a class only for an image that entered the network and has no class yet
        if (m_axis_class_tvalid) begin
            assume(f_owed != 32'd0);
        end
    end

    always @(posedge clk) begin
        if (f_past_valid) begin
            // ---- run state ---------------------------------------------------------------------
            ctl_run_since_start: assert(run_reg == f_started);
            // the stages run only with the load slice empty, from the first cycle it is empty, until reset
            ctl_run_with_empty_slice: assert(!net_run || (f_started && !ld_pending));
            live_run_once_slice_empty: assert(!(f_started && !ld_pending) || net_run);
            ctl_no_load_after_start: assert(!(f_started && f_ls_in_valid));
            // START only while idle (the CSR refuses it while BUSY, and with SOFT_RESET)
            ctl_start_only_idle: assert(!start || (!busy_reg && !soft_reset));
            ctl_done_not_busy: assert(!(done_reg && busy_reg));
            // a run never takes more images than IMAGE_COUNT, nor gives more classes than it took
            cons_images_in_le_count: assert(free_run || images_in_reg <= count_reg);
            cons_images_out_le_in: assert(free_run || images_out_reg <= images_in_reg);
            // after a run: all of its IMAGE_COUNT images in and out
            cons_idle_counts: assert(busy_reg || free_run || (images_in_reg == count_reg && images_out_reg == count_reg));
            // images taken - classes given = images in the network + whole images in the x slice
            cons_images_in_flight: assert(!busy_reg || free_run
                                          || images_in_reg - images_out_reg == f_owed + {30'd0, f_xs_lasts});
            cons_owed_le_in: assert(!busy_reg || free_run || {1'b0, f_owed} + {31'd0, f_xs_lasts} <= {1'b0, images_in_reg});
            // between runs the pipeline holds no image and no sample
            cons_idle_empty: assert(busy_reg || (f_owed == 32'd0 && !f_xs_valid && f_fc_state != 2'd1));
            // the frame check pads an image only while the run still needs it
            cons_pad_in_run: assert(f_fc_state != 2'd1 || in_open);
            // the frame check's two position counters agree (IMG_STEP = IMG_N)
            cons_fc_position: assert(f_fc_cnt == f_fc_sc);
            // once the run has all its images, the x slice holds no sample of a further image
            cons_closed_whole_images: assert(in_open || !f_xs_valid || (f_xs_skid ? f_xs_skid_last : f_xs_last));
            // the slices' own invariant (swm_axis_reg's cap_*): the skid register only behind a full one
            cons_slice_skid: assert((!f_xs_skid || f_xs_valid) && (!f_ls_skid || ld_pending));
            // ---- images in -----------------------------------------------------------------------
            ctl_x_ready_in_run: assert(!s_axis_x_tready || (busy_reg && (free_run || images_in_reg != count_reg)));
            live_x_ready_while_open: assert(!(in_open && f_fc_state == 2'd0 && !f_xs_skid) || s_axis_x_tready);
            // ---- loads -----------------------------------------------------------------------------
            iface_one_load_stream: assert(!(s_axis_w_tready && s_axis_b_tready));
            iface_load_packet_whole: assert(!f_pkt || (f_pkt_b ? !s_axis_w_tready : !s_axis_b_tready));
            cons_load_lock: assert(lock_reg == f_pkt && (!f_pkt || lock_b_reg == f_pkt_b));
            // a beat that cannot be loaded is taken (never a hang) and not passed on
            live_late_load_taken: assert(!((s_axis_w_tvalid || s_axis_b_tvalid) && f_late_ld)
                                         || s_axis_w_tready || s_axis_b_tready);
            ctl_late_load_dropped: assert(!(f_late_ld && f_ls_in_valid));
        end
        if (f_past_valid && !$past(rst)) begin
            // ERROR.WEIGHT_LOAD: raised one cycle after a dropped beat or a load overflow, by nothing else
            ctl_load_error_exact: assert(err_load == $past(f_dropped || net_ld_overflow));
        end
        if (f_past2_valid && !$past(rst) && $past(err_load)) begin
            ctl_load_error_flag: assert(f_err_wl);
        end
        if (f_past_valid && $past(net_rst)) begin
            iface_nothing_after_reset: assert(!s_axis_x_tready && !nx_tvalid && !nl_tvalid && !busy_reg && !done_reg
                                              && !run_reg && cycles_reg == 32'd0 && images_in_reg == 32'd0
                                              && images_out_reg == 32'd0);
        end
        if (f_past_valid && !$past(net_rst)) begin
            // the network's input streams keep the stream rules (its stages assume them)
            if ($past(nx_tvalid && !nx_tready)) begin
                iface_net_x_held: assert(nx_tvalid && nx_tdata == $past(nx_tdata) && nx_tlast == $past(nx_tlast));
            end
            if ($past(nl_tvalid && !net_ld_tready)) begin
                iface_net_load_held: assert(nl_tvalid && nl_tdata == $past(nl_tdata) && nl_sel == $past(nl_sel)
                                            && nl_tlast == $past(nl_tlast));
            end
            // START: a run of IMAGE_COUNT images, counters cleared
            if ($past(start)) begin
                ctl_start_clears: assert(busy_reg && !done_reg && count_reg == $past(image_count)
                                         && cycles_reg == 32'd0 && images_in_reg == 32'd0 && images_out_reg == 32'd0);
            end
            // BUSY rises only at START; it falls (and DONE rises) exactly when the run's last class is taken
            ctl_busy_from_start: assert($past(busy_reg) || !busy_reg || $past(start));
            ctl_run_ends_at_last_class: assert(($past(busy_reg) && !busy_reg)
                                               == $past(busy_reg && !free_run && f_cls_fire
                                                        && images_out_reg + 32'd1 == count_reg));
            ctl_done_at_end: assert(done_reg == ($past(done_reg) && !$past(start)
                                                 || ($past(busy_reg) && !busy_reg)));
            // at the end every image of the run was taken: exactly IMAGE_COUNT
            if ($past(busy_reg) && !busy_reg) begin
                cons_run_count_exact: assert(images_in_reg == count_reg && images_out_reg == count_reg);
            end
            // CYCLES counts the cycles while BUSY, saturating
            if (!$past(start)) begin
                cons_cycles: assert(cycles_reg == (($past(busy_reg) && $past(cycles_reg) != 32'hFFFF_FFFF)
                                                   ? $past(cycles_reg) + 32'd1 : $past(cycles_reg)));
            end
        end
        // the stall counters read 0 two cycles after a START or SOFT_RESET (clear, then the read register)
        if (f_past2_valid && $past(f_clr, 2)) begin
            ctl_stall_counters_cleared: assert(sel_in_stall == 32'd0 && sel_out_stall == 32'd0);
        end
        // IRQ_STATUS.DONE set one cycle after DONE rises
        if (f_past2_valid && $past(done_reg) && !$past(done_reg, 2) && !$past(rst)) begin
            ctl_irq_status_done: assert(f_irq_done);
        end
    end

`ifdef FORMAL_COVER
    always @(posedge clk) begin
        if (f_past_valid && !rst) begin
            // a run of two images ends (DONE) after a load before the run
            cover(done_reg && count_reg == 32'd2 && f_loaded && !f_err_wl);
            // a late load beat dropped and flagged
            cover(f_err_wl && run_reg && busy_reg);
            // IRQ_STATUS.DONE after a run
            cover(f_irq_done && !busy_reg);
            // a free-running run past its second image
            cover(busy_reg && free_run && images_out_reg == 32'd2);
            // a short image padded inside a run
            cover(f_fc_state == 2'd1 && busy_reg);
        end
    end
`endif
