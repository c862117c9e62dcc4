gen/swm_accel_regs.v
swm_accel_csr.v
