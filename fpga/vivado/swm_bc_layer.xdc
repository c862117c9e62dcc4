# SPDX-License-Identifier: Apache-2.0
# I/O constraints of swm_bc_layer as a whole chip on the Artix-7 xc7a100tfgg676-1 (300 user I/O;
# the core has 291 ports for mnist_mlp, 219 for small). Read by fpga/vivado/build.tcl in chip mode;
# the clock comes from the generated clock.xdc (same period as the open flow), not from here, and so do the
# I/O delays (half a period each side).
#
# No board exposes the core's ports: this file gives every port an I/O standard and lets Vivado
# choose the pins, which proves the chip-level flow (placement, timing with I/O, bitstream) but is
# not a board pin map. A board build wraps the core (e.g. AXI-Stream DMA or a UART/Ethernet
# bridge feeding s_axis_x/w/b and draining m_axis_y, the run control behind a few registers) and
# replaces this file with the board's XDC (clock pin, reset button, the wrapper's few pins).

set_property IOSTANDARD LVCMOS33 [get_ports *]
set_property CFGBVS VCCO [current_design]
set_property CONFIG_VOLTAGE 3.3 [current_design]

# unconstrained pins are chosen by the placer: accept that for this part-level build
set_property SEVERITY {Warning} [get_drc_checks UCIO-1]
