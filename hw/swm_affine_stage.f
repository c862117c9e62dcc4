swm_round.v
swm_sat.v
swm_act.v
swm_sram_1r1w.v
swm_load_ram.v
swm_affine.v
swm_affine_stage.v
