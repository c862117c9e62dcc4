swm_round.v
swm_sat.v
swm_bank_ctrl.v
swm_fft_buf.v
swm_dsp_mul.v
swm_fft_stage.v
swm_fft_core.v
