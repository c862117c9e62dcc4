swm_round.v
swm_sat.v
swm_act.v
swm_lstm_cell.v
