swm_round.v
swm_sat.v
swm_bank_ctrl.v
swm_fft_buf.v
swm_fft_stage.v
swm_fft_core.v
swm_read_skid.v
swm_rfft.v
