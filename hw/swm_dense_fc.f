swm_round.v
swm_sat.v
swm_act.v
swm_bank_ctrl.v
swm_slot_buf.v
swm_sram_1r1w.v
swm_load_ram.v
swm_dense_fc.v
