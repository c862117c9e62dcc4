swm_mac_array.v
