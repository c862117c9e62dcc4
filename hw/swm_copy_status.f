swm_copy_status.v
