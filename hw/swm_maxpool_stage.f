swm_sram_1r1w.v
swm_maxpool.v
swm_maxpool_stage.v
