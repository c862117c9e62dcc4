"""swm_act against swm.golden.activation_int: exhaustive for DW = 12, random for DW = 16."""

from __future__ import annotations

import json

import numpy as np
import pytest

from verif.common.sim import SIMULATORS, hw_sources, run_cocotb

try:  # cocotb is only importable inside the simulator process for the tests below
    import cocotb
    from cocotb.triggers import Timer

    from verif.common import tb as tbh
except ImportError:  # pragma: no cover
    cocotb = None

ACT_NAMES = ("identity", "relu", "sigmoid", "tanh")


if cocotb is not None:

    @cocotb.test()
    async def act_matches_golden(dut):
        """Every activation, several y_frac values, every input (DW <= 12) or 1000 random ones."""
        from swm.fixed import DatapathConfig
        from swm.golden import activation_int

        prm = tbh.sim_params()
        DW = prm["DW"]
        rng = np.random.default_rng(tbh.seed("swm_act"))
        cfg = DatapathConfig(K=16, DW=DW, FW=DW + 2, WW=16, TW=16, AW=64)
        lo, hi = -(1 << (DW - 1)), (1 << (DW - 1)) - 1
        if DW <= 12:
            o = np.arange(lo, hi + 1, dtype=np.int64)
        else:
            o = np.concatenate([rng.integers(lo, hi + 1, 1000), [lo, hi, 0, -1, 1]]).astype(np.int64)
        checked = 0
        for act_id, act in enumerate(ACT_NAMES):
            fracs = [0] if act_id < 2 else sorted({0, 3, DW - 4})
            for frac in fracs:
                exp = activation_int(o, act, frac, cfg)
                dut.act.value = act_id
                dut.frac.value = frac
                got = []
                for v in o.tolist():
                    dut.in_data.value = tbh.to_unsigned(v, DW)
                    await Timer(1, unit="ns")
                    got.append(tbh.to_signed(int(dut.out_data.value), DW))
                checked += tbh.compare(got, exp.tolist(), f"{act} frac={frac}", lambda k: f"o = {o[k]}")
        assert checked == len(o) * (2 + 2 * len(sorted({0, 3, DW - 4})))
        dut._log.info("checked %d activations", checked)


@pytest.mark.parametrize("sim", SIMULATORS)
@pytest.mark.parametrize("DW", [12, 16])
def test_swm_act(sim: str, DW: int) -> None:
    """Build swm_act for one width on one simulator and compare with the golden model."""
    run_cocotb(
        "swm_act",
        hw_sources("swm_act", "swm_sat"),
        "verif.swm_act.test_swm_act",
        {"DW": DW},
        sim,
        f"DW{DW}",
        extra_env={"SWM_PARAMS": json.dumps({"DW": DW})},
    )
