# SPDX-License-Identifier: Apache-2.0
# Vivado non-project flow (AMD UG892/UG835) for one hardware build configuration of the SWM
# layer engine. Untested here (no Vivado on the reference machine); see fpga/README.md.
#
# Run by `make fpga FLOW=vivado [CONFIG=..] [FREQ=..]` (python -m swm.fpga --flow vivado), which
# generates the two inputs from hw/configs/<config>.json -- the same source list (hw/<top>.f),
# parameters and clock period as the open flow -- into the build directory and runs, there:
#
#   vivado -mode batch -nojournal -source fpga/vivado/build.tcl -tclargs params.tcl clock.xdc MODE
#
#   params.tcl  sets SWM_CONFIG, SWM_PART, SWM_TOP, SWM_SOURCES, SWM_GENERICS,
#               SWM_CLK_PERIOD_NS, SWM_XDC (the static I/O constraints, fpga/vivado/swm_bc_layer.xdc)
#   clock.xdc   create_clock on port clk with the configuration's period
#   MODE        chip: the whole chip with I/O buffers, placed I/O and a bitstream;
#               ooc:  out-of-context (no I/O buffers, no bitstream): utilisation and timing of the
#                     core as it would sit inside a larger design
#
# Outputs in the working directory: post_synth.dcp, post_route.dcp, utilization.rpt,
# timing_summary.rpt, power.rpt, <top>.bit (chip mode).

if {[llength $argv] != 3} {
    puts stderr "usage: vivado -mode batch -source build.tcl -tclargs params.tcl clock.xdc chip|ooc"
    exit 2
}
lassign $argv params_tcl clock_xdc mode
if {$mode ne "chip" && $mode ne "ooc"} {
    puts stderr "build.tcl: MODE must be chip or ooc, got $mode"
    exit 2
}
source $params_tcl

set_part $SWM_PART

# the same sources, in the same order, as the open flow (hw/<top>.f)
foreach src $SWM_SOURCES {
    read_verilog -sv $src
}
if {$mode eq "chip"} {
    read_xdc $clock_xdc
    read_xdc $SWM_XDC
} else {
    # out of context: the clock and I/O delay constraints only
    read_xdc -mode out_of_context $clock_xdc
}

# the same parameters as the open flow (hw/configs/<config>.json via swm.hwconfig)
set synth_args [list -top $SWM_TOP -part $SWM_PART]
foreach g $SWM_GENERICS {
    lappend synth_args -generic $g
}
if {$mode eq "ooc"} {
    lappend synth_args -mode out_of_context
}
synth_design {*}$synth_args
write_checkpoint -force post_synth.dcp
report_utilization -file post_synth_utilization.rpt

opt_design
place_design
phys_opt_design
route_design
write_checkpoint -force post_route.dcp

report_utilization -file utilization.rpt
report_utilization -hierarchical -file utilization_hier.rpt
report_timing_summary -max_paths 10 -report_unconstrained -file timing_summary.rpt
report_timing -max_paths 1 -nworst 1 -file critical_path.rpt
report_power -file power.rpt
report_drc -file drc.rpt

if {$mode eq "chip"} {
    write_bitstream -force ${SWM_TOP}.bit
}

# one line for the driver: worst negative slack of the requested clock
set wns [get_property SLACK [get_timing_paths -max_paths 1 -nworst 1 -setup]]
puts "SWM_RESULT config=$SWM_CONFIG part=$SWM_PART mode=$mode period_ns=$SWM_CLK_PERIOD_NS wns_ns=$wns"
