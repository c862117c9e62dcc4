swm_sram_1r1w.v
swm_spec_window.v
