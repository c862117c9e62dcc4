// SPDX-License-Identifier: Apache-2.0
// Shared by the property files of verif/formal (after swm_formal_reset.vh): the rules of the source
// on s_axis (assumed): valid held, data and last stable until the beat is accepted.

    always @(posedge clk) begin
        if (f_past_valid && !$past(rst) && $past(s_axis_tvalid && !s_axis_tready)) begin
            assume(s_axis_tvalid);
            assume(s_axis_tdata == $past(s_axis_tdata));
            assume(s_axis_tlast == $past(s_axis_tlast));
        end
    end
