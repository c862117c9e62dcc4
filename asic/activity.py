"""Switching activity from a gate-level VCD (read with pyvcd): toggle rate and static probability per net.

Only the measurement window [t0, t1) counts (the inference, from start to done). A net's
activity is its number of 0<->1 transitions in the window divided by the clock cycles in the
window (OpenSTA's `set_power_activity -activity` unit: transitions per clock period); its duty is
the fraction of the window it spends at 1. X/Z intervals count as neither 0 nor 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vcd.reader import TokenKind, VCDParseError, tokenize

from asic.errors import AsicError

_UNIT_NS = {"s": 1e9, "ms": 1e6, "us": 1e3, "ns": 1.0, "ps": 1e-3, "fs": 1e-6}


@dataclass
class NetActivity:
    toggles: int
    high_ns: float
    activity: float  # transitions per clock period
    duty: float      # static probability of 1


def _bit_names(ref: str, size: int, bit_index) -> list[str]:
    """Names of a variable's bits, MSB first, as ``ref`` or ``ref[i]``."""
    if size == 1:
        if bit_index is None:
            return [ref]
        return [f"{ref}[{bit_index if isinstance(bit_index, int) else bit_index[0]}]"]
    if isinstance(bit_index, tuple):
        msb, lsb = bit_index
    else:
        msb, lsb = size - 1, 0
    step = -1 if msb >= lsb else 1
    return [f"{ref}[{i}]" for i in range(msb, lsb + step, step)]


def read_activity(vcd: Path, scope: str, t0_ns: float, t1_ns: float, period_ns: float) -> dict[str, NetActivity]:
    """Activity of every bit of the variables directly in ``scope`` (e.g. the DUT module) over [t0, t1)."""
    if not t1_ns > t0_ns:
        raise AsicError(f"empty activity window [{t0_ns}, {t1_ns}) ns")
    unit = None
    path: list[str] = []
    ids: dict[str, list[list[str]]] = {}  # VCD id code -> bit names (MSB first) of each variable
    state: dict[str, str] = {}
    since: dict[str, float] = {}
    toggles: dict[str, int] = {}
    high: dict[str, float] = {}
    now = 0.0

    def account(name: str, t: float) -> None:
        """Close the interval of ``name`` that ends at t (clipped to the window)."""
        if state.get(name) == "1":
            a, b = max(since[name], t0_ns), min(t, t1_ns)
            if b > a:
                high[name] = high.get(name, 0.0) + (b - a)

    def change(name: str, v: str, t: float) -> None:
        old = state.get(name)
        if old == v:
            return
        account(name, t)
        if old in ("0", "1") and v in ("0", "1") and t0_ns <= t < t1_ns:
            toggles[name] = toggles.get(name, 0) + 1
        state[name] = v
        since[name] = t

    try:
        with open(vcd, "rb") as fh:
            for tok in tokenize(fh):
                k = tok.kind
                if k is TokenKind.CHANGE_SCALAR:
                    for names in ids.get(tok.data.id_code, ()):
                        v = tok.data.value.lower()
                        for n in names:
                            change(n, v, now)
                elif k is TokenKind.CHANGE_TIME:
                    now = tok.data * unit
                    if now >= t1_ns:
                        break
                elif k is TokenKind.CHANGE_VECTOR:
                    for names in ids.get(tok.data.id_code, ()):
                        val = tok.data.value
                        s = format(val, f"0{len(names)}b") if isinstance(val, int) else val.lower()
                        if len(s) < len(names):  # VCD drops leading digits (x/z extend, 0/1 zero-extend)
                            fill = s[0] if s[0] in "xz" else "0"
                            s = fill * (len(names) - len(s)) + s
                        for n, v in zip(names, s[-len(names):]):
                            change(n, v, now)
                elif k is TokenKind.TIMESCALE:
                    ts = tok.data
                    mag = getattr(ts.magnitude, "value", ts.magnitude)
                    unit = int(mag) * _UNIT_NS[getattr(ts.unit, "value", ts.unit)]
                elif k is TokenKind.SCOPE:
                    path.append(tok.data.ident)
                elif k is TokenKind.UPSCOPE:
                    path.pop()
                elif k is TokenKind.VAR:
                    if path and path[-1] == scope:
                        var = tok.data
                        ids.setdefault(var.id_code, []).append(_bit_names(var.reference, var.size, var.bit_index))
                elif k is TokenKind.ENDDEFINITIONS:
                    if unit is None:
                        raise AsicError(f"{vcd}: no $timescale in the VCD header")
                    if not ids:
                        raise AsicError(f"{vcd}: no signals of scope {scope!r} in the VCD")
    except VCDParseError as e:
        raise AsicError(f"{vcd}: corrupt VCD ({e}); rerun the gate-level simulation") from None
    except (OSError, UnicodeDecodeError) as e:
        raise AsicError(f"{vcd}: unreadable VCD ({e}); rerun the gate-level simulation") from None
    if unit is None or not ids:
        raise AsicError(f"{vcd}: corrupt VCD (no header or no signals); rerun the gate-level simulation")
    if now < t1_ns:
        raise AsicError(f"{vcd}: the VCD ends at {now} ns, before the activity window ends ({t1_ns} ns); "
                        "the simulation was cut short: rerun it")
    for n in state:
        account(n, t1_ns)
    cycles = (t1_ns - t0_ns) / period_ns
    span = t1_ns - t0_ns
    out = {}
    for group in ids.values():
        for n in (n for names in group for n in names):
            t = toggles.get(n, 0)
            h = high.get(n, 0.0)
            out[n] = NetActivity(toggles=t, high_ns=h, activity=t / cycles, duty=min(1.0, h / span))
    return out


def activity_tcl(acts: dict[str, NetActivity], pins: dict[str, list[str]], input_ports: dict[str, int],
                 clock_port: str, out: Path) -> dict:
    """Write ``set_power_activity`` commands: one per net (its cells' pins) and per input port bit.

    Returns coverage counts (nets annotated, nets without VCD data).
    """
    lines = ["# switching activity from the gate-level VCD (asic/activity.py): activity = transitions per",
             "# clock period, duty = probability of 1, over the inference window"]
    annotated, missing = 0, []
    for net, plist in sorted(pins.items()):
        if net == clock_port or net.startswith(clock_port + "["):
            continue  # the clock: OpenSTA's own clock activity
        a = acts.get(net)
        if a is None:
            missing.append(net)
            continue
        annotated += 1
        lines.append(f"set_power_activity -pins {{{' '.join(plist)}}} -activity {a.activity:.6g} -duty {a.duty:.6g}")
    for port, width in sorted(input_ports.items()):
        if port == clock_port:
            continue
        for i in range(width):
            n = f"{port}[{i}]" if width > 1 else port
            a = acts.get(n)
            if a is not None:
                lines.append(f"set_power_activity -input_ports {{{n}}} -activity {a.activity:.6g} -duty {a.duty:.6g}")
    tmp = out.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n")
    tmp.replace(out)
    return dict(nets_annotated=annotated, nets_without_vcd=len(missing), missing_examples=missing[:5])


def main(argv: list[str] | None = None) -> int:
    """``python -m asic.activity VCD [--scope S] --window T0 T1 [--period NS]``: per-net activity summary."""
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="python -m asic.activity", description=main.__doc__)
    ap.add_argument("vcd", type=Path)
    ap.add_argument("--scope", default="swm_bc_layer")
    ap.add_argument("--window", nargs=2, type=float, required=True, metavar=("T0_NS", "T1_NS"))
    ap.add_argument("--period", type=float, default=10.0)
    a = ap.parse_args(argv)
    try:
        acts = read_activity(a.vcd, a.scope, a.window[0], a.window[1], a.period)
    except AsicError as e:
        print(f"asic.activity: error: {e}", file=sys.stderr)
        return 2
    for n, v in sorted(acts.items()):
        print(f"{n} {v.toggles} {v.activity:.6g} {v.duty:.6g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
