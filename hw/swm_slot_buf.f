swm_bank_ctrl.v
swm_slot_buf.v
