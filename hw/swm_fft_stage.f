swm_round.v
swm_sat.v
swm_fft_stage.v
