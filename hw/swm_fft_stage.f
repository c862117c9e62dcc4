swm_round.v
swm_sat.v
swm_dsp_mul.v
swm_fft_stage.v
