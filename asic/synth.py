"""Yosys synthesis to the OSU 0.18 um cells: script, per-block area, checks, flat netlist.

The design is synthesised with its hierarchy kept (``synth -top``; ``dfflibmap`` and
``abc -liberty`` per module), so ``stat -liberty`` gives every module's own cell area and the
instance tree gives each block's area (FFT = ``u_rfft`` + ``u_irfft``, MAC array = ``u_mac``,
buffers = ``u_xbuf`` + ``u_ybuf``, memories = ``u_wmem`` + ``u_bmem``, control = the rest). The
mapped design is then flattened and written twice: ``synth.v`` (Yosys' ``write_verilog``) and
``netlist.v``, the same cells and connections with short names (``c<N>`` cells, ``n<N>`` nets,
ports as in the RTL; ``names.json`` maps them back) so that the gate-level VCD and OpenSTA agree
on every net and pin name without escaped identifiers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asic.errors import AsicError

LIBERTY = Path("/usr/share/qflow/tech/osu018/osu018_stdcells.lib")
CELL_MODELS = Path("/usr/share/qflow/tech/osu018/osu018_stdcells.v")
LATCH_CELLS = ("LATCH",)
# blocks of swm_bc_layer by top-level instance; everything else is control
BLOCKS = {"fft": ("u_rfft", "u_irfft"), "mac": ("u_mac",), "buffers": ("u_xbuf", "u_ybuf"),
          "memories": ("u_wmem", "u_bmem")}
MACRO = "swm_sram_1r1w"  # black-box SRAM macro of MEM=macro (hw/swm_sram_1r1w.v is its model)


def liberty_areas(lib: Path = LIBERTY) -> dict[str, float]:
    """Cell name -> area from a liberty file."""
    areas, cell = {}, None
    for line in lib.read_text().splitlines():
        m = re.match(r"\s*cell\s*\(\s*\"?([\w$]+)\"?\s*\)", line)
        if m:
            cell = m.group(1)
            continue
        m = re.match(r"\s*area\s*:\s*([\d.eE+-]+)", line)
        if m and cell and cell not in areas:
            areas[cell] = float(m.group(1))
    return areas


def liberty_functions(lib: Path = LIBERTY) -> dict[str, dict[str, str]]:
    """Cell name -> {output pin: its liberty ``function`` string} (combinational outputs)."""
    funcs: dict[str, dict[str, str]] = {}
    cell = pin = None
    for line in lib.read_text().splitlines():
        m = re.match(r"\s*cell\s*\(\s*\"?([\w$]+)\"?\s*\)", line)
        if m:
            cell, pin = m.group(1), None
            continue
        m = re.match(r"\s*pin\s*\(\s*\"?(\w+)\"?\s*\)", line)
        if m:
            pin = m.group(1)
            continue
        m = re.match(r"\s*function\s*:\s*\"([^\"]*)\"", line)
        if m and cell and pin:
            funcs.setdefault(cell, {})[pin] = m.group(1)
    return funcs


def parse_function(expr: str, var, const, NOT, AND, OR, XOR):
    """Evaluate a liberty ``function`` string with the given operations: ! or postfix ' negation,
    + or, ^ xor, * / & / juxtaposition and, parentheses, constants 0 and 1 (``const(0|1)``), pins
    (``var(name)``)."""
    toks = re.findall(r"[A-Za-z_]\w*|[01]|[!+^*&()']", expr)
    pos = 0

    def peek() -> str | None:
        return toks[pos] if pos < len(toks) else None

    def take() -> str:
        nonlocal pos
        pos += 1
        return toks[pos - 1]

    def factor():
        t = take()
        if t == "!":
            v = NOT(factor())
        elif t == "(":
            v = alt()
            take()  # ")"
        elif t in ("0", "1"):
            v = const(int(t))
        else:
            v = var(t)
        while peek() == "'":
            take()
            v = NOT(v)
        return v

    def term():
        v = factor()
        while peek() is not None and peek() not in ("+", "^", ")"):
            if peek() in ("*", "&"):
                take()
            v = AND(v, factor())
        return v

    def alt():
        v = term()
        while peek() in ("+", "^"):
            op = take()
            v = OR(v, term()) if op == "+" else XOR(v, term())
        return v

    return alt()


def eval_function(expr: str, env: dict[str, int | None]) -> int | None:
    """Three-valued (0, 1, None = unknown) value of a liberty function (see :func:`parse_function`)."""
    return parse_function(
        expr, env.get, lambda c: c,
        NOT=lambda a: None if a is None else 1 - a,
        AND=lambda a, b: 0 if 0 in (a, b) else (None if None in (a, b) else 1),
        OR=lambda a, b: 1 if 1 in (a, b) else (None if None in (a, b) else 0),
        XOR=lambda a, b: None if None in (a, b) else a ^ b)


def constant_nets(cells: dict[str, Any], funcs: dict[str, dict[str, str]]) -> dict[int, str]:
    """Bits of a flat netlist that are constant because a combinational cell's inputs force its output.

    Per-module ABC cannot see the constants a parent ties to a module's ports, so after flattening
    some cells compute constants (a multiplexer of two equal constants, a NOR with an input tied
    high through an inverter). Debian's OpenSTA 2.0.17 crashes in report_power on such cells;
    propagating the constants (and dropping the cells) keeps the function and the timing of every
    non-constant path. Returns bit id -> "0" / "1".
    """
    const: dict[int, str] = {}
    changed = True
    while changed:
        changed = False
        for c in cells.values():
            f = funcs.get(c["type"])
            if not f:
                continue
            env: dict[str, int | None] = {}
            for pin, bits in c["connections"].items():
                if len(bits) != 1 or pin in f:
                    continue
                b = bits[0]
                v = b if isinstance(b, str) else const.get(b)
                env[pin] = int(v) if v in ("0", "1") else None
            for out, expr in f.items():
                ob = c["connections"].get(out, [None])[0]
                if isinstance(ob, int) and ob not in const:
                    v = eval_function(expr, env)
                    if v is not None:
                        const[ob] = str(v)
                        changed = True
    return const


def _tcl_value(v: Any) -> str:
    return f'"{v}"' if isinstance(v, str) else str(int(v))


def yosys_script(top: str, sources: list[Path], params: dict[str, Any], out: Path, macro_sources: list[Path] | None,
                 period_ns: float) -> str:
    """The synthesis script (run from the repository root so default ROM paths resolve).

    ABC runs Yosys' default liberty script with a delay target of the clock period, followed by
    ABC's ``buffer``, ``upsize`` and ``dnsize`` (``abc.script``, as newer Yosys does with ``-D``):
    without them a memory read address driving thousands of multiplexers is one unbuffered net.
    """
    d = round(period_ns * 1000)
    (out / "abc.script").write_text("\n".join([
        "strash", "&get -n", "&fraig -x", "&put", "scorr", "dc2", "dretime", "strash", "&get -n", "&dch -f",
        f"&nf -D {d}", "&put", "buffer -p", f"upsize -D {d}", f"dnsize -D {d}", "stime -p"]) + "\n")
    lib = LIBERTY
    lines = [f"read_verilog -sv {' '.join(str(s) for s in sources)}"]
    if macro_sources:
        lines.append(f"read_verilog -sv -lib {' '.join(str(s) for s in macro_sources)}")
    sets = " ".join(f"-set {k} {_tcl_value(v)}" for k, v in params.items())
    lines += [
        f"chparam {sets} {top}",
        f"hierarchy -check -top {top}",
        f"synth -top {top}",
        f"dfflibmap -liberty {lib}",
        f"abc -D {d} -liberty {lib} -script {out / 'abc.script'}",
        "opt_clean -purge",
        "check",
        f"tee -q -o {out / 'stat.json'} stat -json -liberty {lib}",
        f"tee -o {out / 'stat.txt'} stat -liberty {lib}",
        f"write_json {out / 'hier.json'}",
        # swm_ctl_reg is kept apart for the FPGA placer (fan-out copies); the ASIC netlist is flat
        "setattr -mod -unset keep_hierarchy",
        "flatten",
        "opt_clean -purge",
        f"write_json {out / 'flat.json'}",
        f"write_verilog -noattr {out / 'synth.v'}",
    ]
    return "\n".join(lines) + "\n"


@dataclass
class SynthResult:
    """Area by block, cell counts and the checks of one synthesis."""

    area_total: float
    area_blocks: dict[str, float]
    cells: int
    flops: int
    cell_types: dict[str, int]
    latches: int
    unmapped: list[str]
    macros: list[dict]


def _module_cells(hier: dict, name: str) -> dict[str, Any]:
    return hier["modules"][name]["cells"]


def block_areas(hier: dict, stat: dict, top: str) -> tuple[dict[str, float], float]:
    """Area of each block (BLOCKS, plus control) from module areas and the instance tree."""
    lib = liberty_areas()
    own = {}  # each module's own cell area (its submodule instances excluded)
    for mname, m in stat["modules"].items():
        own[mname.lstrip("\\")] = sum(lib.get(t, 0.0) * n for t, n in m.get("num_cells_by_type", {}).items())
    mods = {n.lstrip("\\"): n for n in hier["modules"]}
    memo: dict[str, float] = {}

    def total(mod: str) -> float:
        if mod in memo:
            return memo[mod]
        a = own.get(mod, 0.0)
        for c in _module_cells(hier, mods[mod]).values():
            t = c["type"].lstrip("\\")
            if t in mods and not hier["modules"][mods[t]].get("attributes", {}).get("blackbox"):
                a += total(t)
        memo[mod] = a
        return a

    blocks = {b: 0.0 for b in BLOCKS}

    def attribute(mod: str) -> None:
        """Add every instance named as a block (at any depth: a network has one engine per stage)."""
        for inst, c in _module_cells(hier, mods[mod]).items():
            t = c["type"].lstrip("\\")
            if t not in mods or hier["modules"][mods[t]].get("attributes", {}).get("blackbox"):
                continue
            hit = next((b for b, insts in BLOCKS.items() if inst.lstrip("\\") in insts), None)
            if hit is not None:
                blocks[hit] += total(t)
            else:
                attribute(t)

    attribute(top)
    grand = total(top)
    blocks["control"] = grand - sum(blocks.values())
    return blocks, grand


def read_stat_json(path: Path) -> dict:
    """``{"modules": ...}`` of Yosys' ``stat -json``.

    Yosys 0.23 prints the text hierarchy tree into the JSON after the "modules" object, so only
    that object is decoded.
    """
    text = path.read_text()
    i = text.find('"modules"')
    if i < 0:
        raise json.JSONDecodeError("no modules", text, 0)
    modules, _ = json.JSONDecoder().raw_decode(text, text.index("{", i))
    return {"modules": modules}


def summarise(out: Path, top: str) -> SynthResult:
    """Parse stat.json / hier.json / flat.json of a finished synthesis."""
    try:
        stat = read_stat_json(out / "stat.json")
        hier = json.loads((out / "hier.json").read_text())
        flat = json.loads((out / "flat.json").read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise AsicError(f"synthesis reports in {out} are missing or unreadable ({e})") from None
    blocks, grand = block_areas(hier, stat, top)
    lib = liberty_areas()
    fmod = flat["modules"][top]
    types: dict[str, int] = {}
    unmapped, macros = [], []
    for name, c in fmod["cells"].items():
        t = c["type"]
        types[t] = types.get(t, 0) + 1
        if t == MACRO:
            macros.append(dict(name=name, parameters={k: int(v, 2) for k, v in c.get("parameters", {}).items()
                                                      if set(v) <= {"0", "1"}}))
        elif t not in lib:
            unmapped.append(t)
    flops = sum(n for t, n in types.items() if t.startswith("DFF"))
    latches = sum(types.get(t, 0) for t in LATCH_CELLS)
    return SynthResult(area_total=grand, area_blocks=blocks, cells=sum(types.values()), flops=flops,
                       cell_types=dict(sorted(types.items())), latches=latches, unmapped=sorted(set(unmapped)),
                       macros=macros)


# ---------------------------------------------------------------------------------------------
# short-name netlist
# ---------------------------------------------------------------------------------------------
def _const(b: Any) -> str | None:
    return {"0": "1'b0", "1": "1'b1", "x": "1'bx", "z": "1'bz"}.get(b) if isinstance(b, str) else None


def write_netlist(flat_json: Path, top: str, out_v: Path, names_json: Path) -> dict[str, Any]:
    """Write ``netlist.v`` (short names) from Yosys' flat JSON netlist and the name map; returns the connectivity.

    The returned dict has ``nets`` (bit id -> net name), ``pins`` (net name -> [cell/pin, ...] of the
    cells' pins on that net) and ``ports`` (port name -> direction, width).
    """
    d = json.loads(flat_json.read_text())
    mod = d["modules"][top]
    funcs = liberty_functions()
    folded = constant_nets(mod["cells"], funcs)
    net: dict[int, str] = {}
    assigns: list[str] = []
    port_decl = []
    ports = {}
    # inputs first: a net that feeds an output straight from an input keeps the input's name
    for pname, p in sorted(mod["ports"].items(), key=lambda kv: kv[1]["direction"] != "input"):
        bits = p["bits"]
        w = len(bits)
        ports[pname] = (p["direction"], w)
        rng = f"[{w - 1}:0] " if w > 1 else ""
        port_decl.append(f"  {p['direction']} {rng}{pname};")
        for i, b in enumerate(bits):
            ref = f"{pname}[{i}]" if w > 1 else pname
            c = _const(b) if not isinstance(b, int) or b not in folded else f"1'b{folded[b]}"
            if c is not None:
                if p["direction"] == "output":
                    assigns.append(f"  assign {ref} = {c};")
            elif b not in net:
                net[b] = ref
            elif p["direction"] == "output":
                assigns.append(f"  assign {ref} = {net[b]};")
    # best original name of each bit (public names first)
    orig: dict[int, str] = {}
    for nname, n in sorted(mod["netnames"].items(), key=lambda kv: (kv[1].get("hide_name", 0), len(kv[0]))):
        for i, b in enumerate(n["bits"]):
            if isinstance(b, int) and b not in orig:
                orig[b] = nname if len(n["bits"]) == 1 else f"{nname}[{i}]"
    wires = []
    inst_lines = []
    cell_names = {}
    pins: dict[str, list[str]] = {}

    def ref(b: Any) -> str:
        c = _const(b)
        if c is not None:
            return c
        if b in folded:
            return f"1'b{folded[b]}"
        if b not in net:
            net[b] = f"n{b}"
            wires.append(f"  wire n{b};")
        return net[b]

    shapes: dict[str, tuple] = {}  # macro module name -> (parameters, ports)
    reg_names = {}  # flip-flop cell -> the register (its Q net's Yosys name)
    for k, (cname, c) in enumerate(sorted(mod["cells"].items())):
        short = f"c{k}"
        cell_names[short] = cname
        q = c["connections"].get("Q")
        if q and isinstance(q[0], int) and q[0] in orig:
            reg_names[short] = orig[q[0]]
        conns = []
        connections = c["connections"]
        ctype = c["type"]
        if ctype in funcs and all(connections.get(o, [None])[0] in folded for o in funcs[ctype]):
            continue  # every output is a constant (constant_nets): the cell is dropped
        for pin, bits in connections.items():
            if len(bits) == 1:
                r = ref(bits[0])
                if _const(bits[0]) is None and bits[0] not in folded:
                    pins.setdefault(r, []).append(f"{short}/{pin}")
            else:
                r = "{" + ", ".join(ref(b) for b in reversed(bits)) + "}"
            conns.append(f".{pin}({r})")
        if ctype == MACRO:  # one module name per macro shape, as SRAM compilers name them
            pv = {pk: int(v, 2) for pk, v in c.get("parameters", {}).items() if set(v) <= {"0", "1"}}
            ctype = f"{MACRO}_{pv['WIDTH']}x{pv['DEPTH']}"
            shapes[ctype] = (pv, {pin: (c["port_directions"][pin], len(bits)) for pin, bits in c["connections"].items()})
        inst_lines.append(f"  {ctype} {short} ({', '.join(conns)});")
    body = [f"// Flat gate-level netlist of {top} (OSU 0.18 um cells), written by asic/synth.py from Yosys'",
            "// JSON netlist with short names; names.json maps c<N> / n<N> to Yosys' names.",
            "`timescale 1ns / 1ps", f"module {top} ({', '.join(mod['ports'])});", *port_decl, *wires,
            *assigns, *inst_lines, "endmodule", ""]
    tmp = out_v.with_suffix(".tmp")
    tmp.write_text("\n".join(body))
    tmp.replace(out_v)
    if shapes:  # wrappers naming each macro shape, for simulation with the behavioural model
        mv = ["// SRAM macro shapes of netlist.v on the behavioural model hw/swm_sram_1r1w.v (asic/synth.py).",
              "`timescale 1ns / 1ps"]
        for mname, (pv, ports_) in sorted(shapes.items()):
            decl = [f"  {d} {f'[{w - 1}:0] ' if w > 1 else ''}{pn};" for pn, (d, w) in ports_.items()]
            ps = ", ".join(f".{k}({v})" for k, v in pv.items())
            cs = ", ".join(f".{pn}({pn})" for pn in ports_)
            mv += [f"module {mname} ({', '.join(ports_)});", *decl, f"  {MACRO} #({ps}) u_model ({cs});", "endmodule"]
        out_v.with_name("macros.v").write_text("\n".join(mv) + "\n")
    names = dict(cells=cell_names, registers=reg_names, nets={v: orig.get(b, v) for b, v in net.items() if isinstance(b, int)})
    names_json.write_text(json.dumps(names))
    return dict(nets={b: v for b, v in net.items()}, pins=pins, ports=ports, names=names, macros=sorted(shapes))
