swm_act.v
swm_sat.v
