// SPDX-License-Identifier: Apache-2.0
// Shared by the property files of verif/formal: f_past_valid, and reset in the first cycle.

    reg f_past_valid = 1'b0;
    always @(posedge clk) begin
        f_past_valid <= 1'b1;
    end

    always @(*) begin
        if (!f_past_valid) begin
            assume(rst);
        end
    end
