swm_ctl_reg.v
swm_mac_array.v
