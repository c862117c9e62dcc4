#!/usr/bin/env bash
# One-command, idempotent set-up of a fresh Debian 12/13 machine for the SWM accelerator project:
# apt packages (when root), the .venv virtual environment with pinned Python packages, data packages.
# A second run with nothing changed does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(iverilog yosys opensta qflow-tech-osu018 dataset-fashion-mnist make)
PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.setup-stamp"

# --- apt packages ---------------------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "setup: installing apt packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "setup: missing apt packages: ${missing[*]}" >&2
        echo "setup: run as root:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

# --- Python virtual environment -------------------------------------------------------------
want="$(cat requirements.txt requirements-data.txt pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x "$VENV/bin/python" ]; then
    exit 0
fi
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
    echo "setup: Python >= 3.11 is required (found $("$PYTHON" --version 2>&1)); set PYTHON=python3.11" >&2
    exit 1
}
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
echo "setup: installing Python packages into $VENV (first run takes a few minutes)"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -r requirements.txt
"$VENV/bin/python" -m pip install -q --no-deps -r requirements-data.txt
"$VENV/bin/python" -m pip install -q --no-deps -e .
echo "$want" > "$STAMP"
echo "setup: done"
