// SPDX-License-Identifier: Apache-2.0
// Formal properties of hw/swm_img_split.v, included by it under `ifdef FORMAL (SymbiYosys only).
//
// Environment: reset in the first cycle; the source keeps valid high and data/last stable until its
// beat is accepted. Each of the N sinks may stall for any number of cycles, independently.
// Properties (assertions, labelled group_what):
//   iface   per output: valid held and data/last stable until accepted
//   cons    every input beat leaves on exactly one output, unchanged, in the cycle it is accepted
//   route   whole images: the first beat after reset goes to output 0; a beat goes to the output of the
//           beat before it, or to the next output (N - 1 -> 0) when that beat ended an image (tlast);
//           at most one output is offered a beat
//   live    the input is ready exactly when the selected output is

    `include "swm_formal_reset.vh"

    `include "swm_formal_source.vh"

    wire         f_in_fire = s_axis_tvalid && s_axis_tready;
    wire [N-1:0] f_fire = m_axis_tvalid & m_axis_tready;
    // the output the next beat must take: 0 after reset, then by the rule above
    reg  [SW-1:0] f_next = {SW{1'b0}};
    // one-hot of f_next
    wire [N-1:0] f_next_oh = {{(N-1){1'b0}}, 1'b1} << f_next;

    always @(posedge clk) begin
        if (rst) begin
            f_next <= {SW{1'b0}};
        end else if (f_in_fire && s_axis_tlast) begin
            f_next <= (f_next == LAST[SW-1:0]) ? {SW{1'b0}} : f_next + 1'b1;
        end
    end

    // per output: data/last as offered, and the last cycle's stall
    wire [N-1:0] f_ok_data, f_ok_held, f_ok_stable;

    genvar f_i;
    generate
        for (f_i = 0; f_i < N; f_i = f_i + 1) begin : g_f_out
            wire [WIDTH-1:0] o_data = m_axis_tdata[f_i*WIDTH +: WIDTH];
            reg              p_stall = 1'b0;
            reg [WIDTH-1:0]  p_data;
            reg              p_last;

            always @(posedge clk) begin
                p_stall <= !rst && m_axis_tvalid[f_i] && !m_axis_tready[f_i];
                p_data  <= o_data;
                p_last  <= m_axis_tlast[f_i];
            end

            assign f_ok_data[f_i]   = !m_axis_tvalid[f_i] || (o_data == s_axis_tdata && m_axis_tlast[f_i] == s_axis_tlast);
            assign f_ok_held[f_i]   = !p_stall || m_axis_tvalid[f_i];
            assign f_ok_stable[f_i] = !p_stall || (o_data == p_data && m_axis_tlast[f_i] == p_last);
        end
    endgenerate

    always @(*) begin
        if (f_past_valid && !rst) begin
            iface_valid_held: assert(&f_ok_held);
            iface_data_last_stable: assert(&f_ok_stable);
            cons_one_output_per_beat: assert(f_fire == (f_in_fire ? f_next_oh : {N{1'b0}}));
            cons_data_unchanged: assert(&f_ok_data);
            route_next_output: assert(sel_reg == f_next);
            route_offered_to_one: assert(m_axis_tvalid == (s_axis_tvalid ? f_next_oh : {N{1'b0}}));
            live_ready_with_selected: assert(s_axis_tready == |(m_axis_tready & f_next_oh));
            cover(f_in_fire && s_axis_tlast && f_next == LAST[SW-1:0]);
        end
    end
