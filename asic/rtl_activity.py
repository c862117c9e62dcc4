"""Switching activity of every net of a synthesised netlist from an RTL simulation.

A gate-level simulation of a whole network top (weight load, then inputs through every stage) is
too long here; an RTL simulation of the same top on Verilator is fast. This module turns the RTL's
VCD (every signal, memories included: ``run_cocotb(..., vcd=...)``) into the activity of the
netlist's nets, cycle by cycle and exactly for a zero-delay circuit:

1. :func:`sample_vcd`: each signal's settled value in every clock cycle of the window (the value
   just before the next rising edge), for the signals the netlist names.
2. :func:`netlist_values`: a net whose Yosys name is an RTL signal takes the RTL's values (flip-flop
   outputs, memories, named wires, ports); every other net is computed from its cell's liberty
   function over all cycles at once (numpy), a flip-flop's output as its D input one cycle earlier,
   until nothing more can be derived. Where both are known the two must agree: the count of
   disagreeing nets is reported (0 when the netlist and the RTL are the same circuit).
3. :func:`activities`: toggles per cycle and probability of 1 per net, the same quantities
   asic/activity.py reads from a gate-level VCD, for OpenSTA's ``set_power_activity``.

Glitches are not modelled (a zero-delay gate-level simulation has none either). Nets that depend
on signals outside the simulated scope stay unannotated: their count is reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from asic.activity import _UNIT_NS, NetActivity, _bit_names
from asic.errors import AsicError
from asic.synth import liberty_functions, parse_function

# flip-flop cells of the OSU 0.18 um library: data input, output (async set/reset only act in reset)
FLOPS = {"DFFPOSX1": ("D", "Q"), "DFFNEGX1": ("D", "Q"), "DFFSR": ("D", "Q")}


def _quiet() -> bool:
    import os

    return os.environ.get("V", "0") in ("", "0")


# ---------------------------------------------------------------------------------------------
# 1. the RTL's values per cycle
# ---------------------------------------------------------------------------------------------
@dataclass
class _Var:
    names: list[str]        # bit names, MSB first, relative to the scope
    times: list[int]
    values: list[bytes]


def _header(fh, target: list[str], want, clock: str) -> tuple[dict[bytes, list[_Var]], _Var | None, float]:
    """Parse the VCD's declarations up to $enddefinitions: (id -> variables kept, the clock, unit in ns)."""
    toks: list[str] = []
    for line in fh:
        toks += line.decode(errors="replace").split()
        if "$enddefinitions" in toks:
            break
    else:
        raise AsicError("no $enddefinitions: not a VCD")
    path: list[str] = []
    vars_: dict[bytes, list[_Var]] = {}
    clk = None
    unit_ns = None
    i = 0
    while i < len(toks):
        t = toks[i]
        j = toks.index("$end", i) if t.startswith("$") and t != "$end" else i
        body = toks[i + 1:j]
        if t == "$scope":
            path.append(body[1])
        elif t == "$upscope":
            path.pop()
        elif t == "$timescale":
            spec = "".join(body)
            num = spec.rstrip("munpfs")
            unit_ns = int(num) * _UNIT_NS[spec[len(num):]]
        elif t == "$var" and path[:len(target)] == target:
            size, code, ref = int(body[1]), body[2], body[3]
            rng = body[4] if len(body) > 4 else None
            if rng:
                lo_hi = rng.strip("[]").split(":")
                bit_index = (int(lo_hi[0]), int(lo_hi[-1])) if len(lo_hi) == 2 else int(lo_hi[0])
            else:
                bit_index = None
            rel = ".".join(path[len(target):] + [ref])
            names = _bit_names(rel, size, bit_index)
            is_clock = not path[len(target):] and ref == clock
            if is_clock or want is None or any(want(n) for n in names):
                v = _Var(names, [], [])
                vars_.setdefault(code.encode(), []).append(v)
                if is_clock:
                    clk = v
        i = j + 1
    if unit_ns is None:
        raise AsicError("no $timescale in the VCD")
    return vars_, clk, unit_ns


def sample_vcd(vcd: Path, scope: str, t0_ns: float, t1_ns: float, want=None, clock: str = "clk"
               ) -> tuple[dict[str, np.ndarray], int]:
    """Values of the signals under ``scope`` (a dotted instance path, e.g. ``swm_net``) per clock cycle.

    Cycle k (k = 0..T-1) starts at the k-th rising edge of ``scope.clock`` in [t0, t1); its value is
    the one just before the next rising edge (or at the end of the file). Index 0 of each returned
    array is the cycle before the window (a flip-flop's input there is its output in cycle 0), so
    arrays have T + 1 entries, packed eight to a byte (``np.packbits``). ``want(name)`` (optional)
    filters the bit names (relative to ``scope``) worth keeping. Returns (bit name -> packed bits,
    T). X and Z sample as 0.
    """
    target = scope.split(".")
    now = 0
    try:
        with open(vcd, "rb") as fh:
            vars_, clk, unit_ns = _header(fh, target, want, clock)
            size = max(Path(vcd).stat().st_size, 1)
            with tqdm(total=size, desc="RTL VCD", unit="B", unit_scale=True, leave=False, disable=_quiet(),
                      mininterval=2.0) as bar:
                done = fh.tell()
                for n, line in enumerate(fh):
                    c = line[:1]
                    if c == b"#":
                        now = int(line[1:])
                        if n & 0xFFFF == 0:
                            bar.update(fh.tell() - done)
                            done = fh.tell()
                    elif c == b"b":
                        val, code = line[1:].split()
                        for v in vars_.get(code, ()):
                            v.times.append(now)
                            v.values.append(val)
                    elif c and c in b"01xzXZ":
                        for v in vars_.get(line[1:].rstrip(), ()):
                            v.times.append(now)
                            v.values.append(c)
    except (OSError, ValueError, IndexError) as e:
        raise AsicError(f"cannot read the RTL VCD {vcd}: {e}") from None
    if clk is None:
        raise AsicError(f"{vcd} has no clock {scope}.{clock}: not a VCD of this design")
    ct = np.array(clk.times, dtype=np.int64)
    cv = np.array([x == b"1" for x in clk.values])
    rising = ct[1:][cv[1:] & ~cv[:-1]]
    edges = rising[(rising * unit_ns >= t0_ns) & (rising * unit_ns < t1_ns)]
    if len(edges) < 2:
        raise AsicError(f"{vcd}: fewer than two clock edges in the window [{t0_ns}, {t1_ns}) ns")
    if not (rising < edges[0]).any():
        raise AsicError(f"{vcd}: no clock edge before the window starts at {t0_ns} ns")
    after = rising[rising > edges[-1]]
    # sample just before the edge that ends each cycle (cycle -1 ends at edges[0]); the last cycle
    # may end with the file
    ends = np.concatenate([edges, after[:1] if len(after) else [now + 1]])
    T = len(edges)
    out: dict[str, np.ndarray] = {}
    for lst in vars_.values():
        for v in lst:
            if v is clk:
                continue
            w = len(v.names)
            times = np.array(v.times, dtype=np.int64)
            idx = np.searchsorted(times, ends, side="left") - 1   # last change strictly before the edge
            vals = [_pad(v.values[i].decode(), w) if i >= 0 else "0" * w for i in idx]
            bits = np.frombuffer("".join(vals).encode(), dtype=np.uint8).reshape(T + 1, w) == ord("1")
            for j, n in enumerate(v.names):
                if want is None or want(n):
                    out[n] = np.packbits(bits[:, j])
    return out, T


def _pad(val: str, w: int) -> str:
    """A VCD vector value (without its 'b') left-extended to w bits (with its leading x/z, else 0)."""
    if len(val) >= w:
        return val[-w:]
    fill = val[0] if val and val[0] in "xz" else "0"
    return fill * (w - len(val)) + val


# ---------------------------------------------------------------------------------------------
# 2. every net of the netlist
# ---------------------------------------------------------------------------------------------
def _compile(expr: str):
    """A liberty function as a function of {pin: bool array}."""
    return lambda env: parse_function(expr, env.__getitem__, lambda c: bool(c),
                                      NOT=lambda a: np.invert(a) if isinstance(a, np.ndarray) else not a,
                                      AND=lambda a, b: a & b, OR=lambda a, b: a | b, XOR=lambda a, b: a ^ b)


def bit_names(mod: dict[str, Any]) -> dict[int, list[str]]:
    """Bit id -> every Yosys name of that bit (``name`` or ``name[i]`` with the declared index)."""
    names: dict[int, list[str]] = {}
    for nname, n in mod["netnames"].items():
        if n.get("hide_name"):
            continue
        bits, off, upto = n["bits"], n.get("offset", 0), n.get("upto", 0)
        for i, b in enumerate(bits):
            if isinstance(b, int):
                idx = off + (len(bits) - 1 - i if upto else i)
                names.setdefault(b, []).extend([f"{nname}[{idx}]"] if len(bits) > 1 else [nname, f"{nname}[{idx}]"])
    return names


@dataclass
class NetlistValues:
    values: dict[int, np.ndarray]   # bit id -> values over cycles -1..T-1 (np.packbits)
    cycles: int                     # T
    from_rtl: int                   # bits whose values came from the RTL
    derived: int                    # bits computed from their cells
    unknown: list[int]              # bits neither named in the RTL nor derivable
    mismatches: list[str]           # named bits whose derived values differ from the RTL's (names)
    checked: int                    # named bits also derived (the agreement check)


def netlist_values(flat_json: Path, top: str, samples: dict[str, np.ndarray], cycles: int, prefix: str = ""
                   ) -> NetlistValues:
    """Values of every bit of the flat netlist ``top`` over ``cycles`` + 1 cycles (packed bits): from
    the RTL samples of :func:`sample_vcd` (Yosys name = ``prefix`` + RTL name) or derived from the
    cells; see the module docstring."""
    d = json.loads(Path(flat_json).read_text())
    mod = d["modules"][top]
    funcs = {c: {o: _compile(e) for o, e in f.items()} for c, f in liberty_functions().items()}
    names = bit_names(mod)
    T1 = cycles + 1
    nbytes = (T1 + 7) // 8
    vals: dict[int, np.ndarray] = {}
    rtl: dict[int, str] = {}
    for b, ns in names.items():
        for n in ns:
            if n.startswith(prefix) and n[len(prefix):] in samples:
                vals[b] = samples[n[len(prefix):]]
                rtl[b] = n
                break
    from_rtl = len(vals)
    zeros, ones = np.zeros(nbytes, dtype=np.uint8), np.full(nbytes, 0xFF, dtype=np.uint8)

    def unpack(v):
        return np.unpackbits(v, count=T1).astype(bool)

    const = {"0": zeros, "1": ones, "x": zeros, "z": zeros}

    def get(b):
        return const[b] if isinstance(b, str) else vals.get(b)

    # each cell waits for its unknown input bits; a bit that becomes known wakes its consumers
    # (one pass in dependency order; a flip-flop's output depends on its D input only)
    cells = []
    for c in mod["cells"].values():
        t = c["type"]
        if t in FLOPS:
            din, q = FLOPS[t]
            cells.append(("ff", {"D": c["connections"][din][0]}, {"Q": c["connections"][q][0]}))
        elif t in funcs:
            cells.append((t, {p: bs[0] for p, bs in c["connections"].items() if p not in funcs[t]},
                          {p: c["connections"][p][0] for p in funcs[t] if p in c["connections"]}))
        # black boxes (SRAM macros): their outputs are named RTL signals or stay unknown
    consumers: dict[int, list[int]] = {}
    need = []
    for i, (_, ins, _) in enumerate(cells):
        missing = {b for b in ins.values() if get(b) is None}
        need.append(len(missing))
        for b in missing:
            consumers.setdefault(b, []).append(i)
    ready = [i for i, n in enumerate(need) if n == 0]
    derived, checked, mismatches = 0, 0, []
    with tqdm(total=len(cells), desc="netlist values", unit=" cells", leave=False, disable=_quiet(),
              mininterval=2.0) as bar:
        while ready:
            t, ins, outs = cells[ready.pop()]
            bar.update(1)
            if t == "ff":
                u = unpack(get(ins["D"]))
                new = {outs["Q"]: np.packbits(np.concatenate([u[:1], u[:-1]]))}
            else:
                env = {p: get(b) for p, b in ins.items()}
                new = {ob: _as_packed(funcs[t][p](env), nbytes) for p, ob in outs.items()}
            for ob, v in new.items():
                if not isinstance(ob, int):
                    continue
                if ob in vals:
                    if ob in rtl:   # named in the RTL and derived: both must agree (a flip-flop from cycle 0 on)
                        checked += 1
                        a, b_ = unpack(vals[ob]), unpack(v)
                        if t == "ff":
                            a, b_ = a[1:], b_[1:]
                        if not np.array_equal(a, b_):
                            mismatches.append(rtl[ob])
                    continue
                vals[ob] = v
                derived += 1
                for i in consumers.pop(ob, ()):
                    need[i] -= 1
                    if need[i] == 0:
                        ready.append(i)
    all_bits = {b for c in mod["cells"].values() for bs in c["connections"].values() for b in bs if isinstance(b, int)}
    unknown = sorted(b for b in all_bits if b not in vals)
    return NetlistValues(vals, cycles, from_rtl, derived, unknown, mismatches, checked)


def _as_packed(v, nbytes: int) -> np.ndarray:
    """A cell function's result (packed bits, or a constant bool) as packed bits."""
    if isinstance(v, np.ndarray):
        return v
    return np.full(nbytes, 0xFF if v else 0, dtype=np.uint8)


# ---------------------------------------------------------------------------------------------
# 3. activity per net
# ---------------------------------------------------------------------------------------------
def activities(nv: NetlistValues, nets: dict[int, str], period_ns: float) -> dict[str, NetActivity]:
    """Activity of each netlist net (``nets``: bit id -> the netlist's net name) over cycles 0..T-1:
    transitions per clock period (the edge into cycle 0 included, as in a gate-level VCD's window)
    and the probability of 1."""
    out = {}
    for b, name in nets.items():
        p = nv.values.get(b) if isinstance(b, int) else None
        if p is None:
            continue
        T = nv.cycles
        v = np.unpackbits(p, count=T + 1).astype(bool)
        toggles = int(np.count_nonzero(v[1:] != v[:-1]))
        high = int(np.count_nonzero(v[1:]))
        out[name] = NetActivity(toggles=toggles, high_ns=high * period_ns, activity=toggles / T, duty=high / T)
    return out


# ---------------------------------------------------------------------------------------------
# a compiled network's activity (the ASIC flow's power step for network tops)
# ---------------------------------------------------------------------------------------------
NET_SCOPE = "swm_net"     # the simulated top (verif/swm_net)
NET_PREFIX = "u_net."     # its instance in the synthesised top, swm_accel


def net_activity(net: Path, inputs: int, flat_json: Path, top: str, nets: dict[int, str], work: Path,
                 period_ns: float) -> tuple[dict[str, NetActivity], dict]:
    """Run ``inputs`` test inputs through the compiled network ``net`` on Verilator (classes checked
    against the golden model), map the RTL's VCD onto the netlist of ``top`` and return the per-net
    activity with a summary (window, coverage, the RTL/netlist agreement check)."""
    from verif.swm_net.run_net import run_net

    work.mkdir(parents=True, exist_ok=True)
    vcd = work / "rtl_activity.vcd"
    try:
        res = run_net(Path(net), "verilator", images=inputs, case="rtl-activity", vcd=vcd)
    except AssertionError as e:
        raise AsicError(f"the network's RTL run for the activity failed: {str(e).splitlines()[0]}") from None
    acts, summary = _map_vcd(vcd, NET_SCOPE, res["window_ns"], flat_json, top, nets, period_ns, NET_PREFIX)
    summary.update(inputs=res["images"], unit=res.get("unit", "images"), lengths=res.get("lengths"),
                   classes_equal_golden=True, latency_cycles=res["latency_cycles"])
    return acts, summary


def _map_vcd(vcd: Path, scope: str, window_ns: list[float], flat_json: Path, top: str, nets: dict[int, str],
             period_ns: float, prefix: str = "") -> tuple[dict[str, NetActivity], dict]:
    """The RTL VCD's activity on every net of the netlist (steps 1-3 above); the VCD is deleted after
    (hundreds of MB; the activity stays in the flow's activity.tcl). Stops when the two disagree."""
    samples, T = sample_vcd(vcd, scope, *window_ns)
    nv = netlist_values(flat_json, top, samples, T, prefix=prefix)
    del samples
    if nv.mismatches:
        raise AsicError(f"{len(nv.mismatches)} nets of the netlist disagree with the RTL simulation (e.g. "
                        f"{', '.join(nv.mismatches[:3])}): the netlist is not the simulated design")
    vcd.unlink()
    return activities(nv, nets, period_ns), dict(
        window_ns=list(window_ns), window_cycles=T, nets_from_rtl=nv.from_rtl, nets_derived=nv.derived,
        nets_unknown=len(nv.unknown), nets_checked=nv.checked)


def layer_activity(hw, params: dict, workload: Path, flat_json: Path, nets: dict[int, str], work: Path,
                   period_ns: float) -> tuple[dict[str, NetActivity], dict]:
    """The gate-level run's workload on the RTL of a layer configuration (Verilator, every sample
    checked against the golden model), mapped onto its netlist: the check of this method against the
    gate-level activity (asic/flow.py reports both powers)."""
    from verif.common.sim import run_cocotb

    work.mkdir(parents=True, exist_ok=True)
    vcd, result = work / "rtl_activity.vcd", work / "rtl_result.json"
    env = {"SWM_PARAMS": json.dumps(params), "SWM_WORKLOAD": str(workload), "SWM_GATE_RESULT": str(result)}
    try:
        run_cocotb(hw.design, hw.sources(), "verif.gate.test_gate_level", params, "verilator", "rtl-activity",
                   extra_env=env, vcd=vcd)
    except AssertionError as e:
        raise AsicError(f"the layer's RTL run for the activity failed: {str(e).splitlines()[0]}") from None
    res = json.loads(result.read_text())
    return _map_vcd(vcd, hw.design, [res["t0_ns"], res["t1_ns"]], flat_json, hw.design, nets, period_ns)
