swm_ctl_reg.v
swm_dsp_mul.v
swm_mac_array.v
