swm_axis_bcast.v
