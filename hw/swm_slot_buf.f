swm_bank_ctrl.v
swm_sram_1r1w.v
swm_slot_buf.v
