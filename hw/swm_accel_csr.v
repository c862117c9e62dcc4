// SPDX-License-Identifier: Apache-2.0
// swm_accel_csr: the control/status registers of swm_accel behind one AXI4-Lite slave port.

`resetall
`timescale 1ns / 1ps
`default_nettype none

// Wraps the register block generated from hw/swm_accel_regs.rdl (hw/gen/swm_accel_regs.v, by
// `make regs`; docs/registers.md lists the registers) and gives swm_accel plain ports:
//   * s_axil_*: AXI4-Lite, 32-bit data, 12-bit byte address (a 4 KiB window; the interconnect
//     decodes the base). Each access is answered by the generated block: OKAY for a register,
//     SLVERR for any other address of the window (read data 0; a write does nothing). Writes
//     to read-only registers and reserved bits are ignored (OKAY). awprot/arprot are unused.
//   * start / soft_reset: one-cycle pulses from CTRL. A START written while `busy` is not passed
//     on: it sets ERROR.START_WHILE_BUSY instead. A START written together with SOFT_RESET is
//     dropped (the soft reset wins, no error).
//   * err_*: error events of swm_accel; each sets its ERROR flag in every cycle it is 1 (a set
//     beats a software clear in the same cycle) and sets IRQ_STATUS.ERROR.
//   * done (level) sets IRQ_STATUS.DONE on its rising edge.
//   * irq = |(IRQ_STATUS & IRQ_ENABLE), registered state only (no path from the inputs).
// Reset (`rst`, synchronous active-high) returns every register to its reset value; soft_reset
// does not reset this block.
module swm_accel_csr (
    input  wire        clk,
    input  wire        rst,

    // AXI4-Lite slave
    input  wire [11:0] s_axil_awaddr,
    input  wire [2:0]  s_axil_awprot,
    input  wire        s_axil_awvalid,
    output wire        s_axil_awready,
    input  wire [31:0] s_axil_wdata,
    input  wire [3:0]  s_axil_wstrb,
    input  wire        s_axil_wvalid,
    output wire        s_axil_wready,
    output wire [1:0]  s_axil_bresp,
    output wire        s_axil_bvalid,
    input  wire        s_axil_bready,
    input  wire [11:0] s_axil_araddr,
    input  wire [2:0]  s_axil_arprot,
    input  wire        s_axil_arvalid,
    output wire        s_axil_arready,
    output wire [31:0] s_axil_rdata,
    output wire [1:0]  s_axil_rresp,
    output wire        s_axil_rvalid,
    input  wire        s_axil_rready,

    // control to swm_accel
    output wire        start,
    output wire        soft_reset,
    output wire [31:0] image_count,
    output wire [7:0]  stage_sel,
    output wire        irq,

    // status from swm_accel
    input  wire [7:0]  num_stages,
    input  wire        busy,
    input  wire        done,
    input  wire [31:0] cycles,
    input  wire [31:0] images_in,
    input  wire [31:0] images_out,
    input  wire [31:0] stage_in_stall,
    input  wire [31:0] stage_out_stall,

    // error events from swm_accel
    input  wire        err_image_too_short,
    input  wire        err_image_too_long,
    input  wire        err_cfg,
    input  wire        err_weight_load
);

    wire ctrl_start;
    wire ctrl_soft_reset;
    wire error_any;
    wire irq_any;

    // CTRL.START is refused while busy (flagged) and dropped under SOFT_RESET
    wire start_while_busy = ctrl_start && busy && !ctrl_soft_reset;
    assign start = ctrl_start && !busy && !ctrl_soft_reset;
    assign soft_reset = ctrl_soft_reset;
    assign irq = irq_any;

    // any error event this cycle sets IRQ_STATUS.ERROR
    wire error_event = start_while_busy || err_image_too_short || err_image_too_long || err_cfg
                       || err_weight_load;

    swm_accel_regs u_regs (
        .clk(clk),
        .rst(rst),

        .s_axil_awready(s_axil_awready), .s_axil_awvalid(s_axil_awvalid), .s_axil_awaddr(s_axil_awaddr),
        .s_axil_awprot(s_axil_awprot),
        .s_axil_wready(s_axil_wready), .s_axil_wvalid(s_axil_wvalid), .s_axil_wdata(s_axil_wdata),
        .s_axil_wstrb(s_axil_wstrb),
        .s_axil_bready(s_axil_bready), .s_axil_bvalid(s_axil_bvalid), .s_axil_bresp(s_axil_bresp),
        .s_axil_arready(s_axil_arready), .s_axil_arvalid(s_axil_arvalid), .s_axil_araddr(s_axil_araddr),
        .s_axil_arprot(s_axil_arprot),
        .s_axil_rready(s_axil_rready), .s_axil_rvalid(s_axil_rvalid), .s_axil_rdata(s_axil_rdata),
        .s_axil_rresp(s_axil_rresp),

        .hwif_in_num_stages(num_stages),
        .hwif_out_ctrl_start(ctrl_start),
        .hwif_out_ctrl_soft_reset(ctrl_soft_reset),
        .hwif_in_status_busy(busy),
        .hwif_in_status_done(done),
        .hwif_in_status_error(error_any),
        .hwif_in_status_irq(irq_any),
        .hwif_out_image_count(image_count),
        .hwif_out_error_intr(error_any),
        .hwif_in_error_start_while_busy(start_while_busy),
        .hwif_in_error_image_too_short(err_image_too_short),
        .hwif_in_error_image_too_long(err_image_too_long),
        .hwif_in_error_cfg(err_cfg),
        .hwif_in_error_weight_load(err_weight_load),
        .hwif_out_irq_status_intr(irq_any),
        .hwif_in_irq_status_done(done),
        .hwif_in_irq_status_error(error_event),
        .hwif_in_cycles(cycles),
        .hwif_in_images_in(images_in),
        .hwif_in_images_out(images_out),
        .hwif_out_stage_sel_stage(stage_sel),
        .hwif_in_stage_in_stall_cycles(stage_in_stall),
        .hwif_in_stage_out_stall_cycles(stage_out_stall)
    );

endmodule

`resetall
