swm_bank_ctrl.v
swm_fft_buf.v
