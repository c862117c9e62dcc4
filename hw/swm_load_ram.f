swm_sram_1r1w.v
swm_load_ram.v
