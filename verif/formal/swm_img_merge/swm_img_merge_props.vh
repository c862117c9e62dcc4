// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_img_merge.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment: reset in the first cycle; each of the N sources keeps its valid high and data/last
// stable until its beat is accepted (the copies of a replicated stage group). The sink may stall.
// Properties (assertions, labelled group_what):
//   iface   valid held and data/last stable until accepted at the output
//   cons    every output beat is exactly one input beat, unchanged, taken in the same cycle
//   route   whole images in turn: input 0 first after reset, the same input until a tlast and the
//           next one (N - 1 -> 0) after it; only the served input sees ready
//   live    the served input's valid is the output's valid

    `include "swm_formal_reset.vh"

    wire [N-1:0] f_in_fire = s_axis_tvalid & s_axis_tready;
    wire         f_out_fire = m_axis_tvalid && m_axis_tready;
    reg  [SW-1:0] f_next = {SW{1'b0}};
    wire [N-1:0] f_next_oh = {{(N-1){1'b0}}, 1'b1} << f_next;

    always @(posedge clk) begin
        if (rst) begin
            f_next <= {SW{1'b0}};
        end else if (f_out_fire && m_axis_tlast) begin
            f_next <= (f_next == LAST[SW-1:0]) ? {SW{1'b0}} : f_next + 1'b1;
        end
    end

    // per input: the source's rules (assumed), and the served input's beat
    wire [N-1:0] f_ok_data;
    reg          p_stall = 1'b0;
    reg [WIDTH-1:0] p_data;
    reg          p_last;

    genvar f_i;
    generate
        for (f_i = 0; f_i < N; f_i = f_i + 1) begin : g_f_in
            wire [WIDTH-1:0] i_data = s_axis_tdata[f_i*WIDTH +: WIDTH];
            reg              q_stall = 1'b0;
            reg [WIDTH-1:0]  q_data;
            reg              q_last;

            always @(posedge clk) begin
                q_stall <= !rst && s_axis_tvalid[f_i] && !s_axis_tready[f_i];
                q_data  <= i_data;
                q_last  <= s_axis_tlast[f_i];
            end

            always @(*) begin
                if (f_past_valid && q_stall) begin
                    assume(s_axis_tvalid[f_i]);
                    assume(i_data == q_data);
                    assume(s_axis_tlast[f_i] == q_last);
                end
            end

            assign f_ok_data[f_i] = !f_next_oh[f_i]
                                    || (m_axis_tdata == i_data && m_axis_tlast == s_axis_tlast[f_i]);
        end
    endgenerate

    always @(posedge clk) begin
        p_stall <= !rst && m_axis_tvalid && !m_axis_tready;
        p_data  <= m_axis_tdata;
        p_last  <= m_axis_tlast;
    end

    always @(*) begin
        if (f_past_valid && !rst) begin
            if (p_stall) begin
                iface_valid_held: assert(m_axis_tvalid);
                iface_data_last_stable: assert(m_axis_tdata == p_data && m_axis_tlast == p_last);
            end
            cons_one_input_per_beat: assert(f_in_fire == (f_out_fire ? f_next_oh : {N{1'b0}}));
            cons_data_unchanged: assert(&f_ok_data);
            route_next_input: assert(sel_reg == f_next);
            route_ready_to_served: assert(s_axis_tready == (m_axis_tready ? f_next_oh : {N{1'b0}}));
            live_valid_of_served: assert(m_axis_tvalid == |(s_axis_tvalid & f_next_oh));
            cover(f_out_fire && m_axis_tlast && f_next == LAST[SW-1:0]);
        end
    end
