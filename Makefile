# negsim Makefile. `make` builds bin/negsim; `make test` runs the suite;
# `make SANITIZER=address,undefined test` runs it under ASan/UBSan;
# `make valgrind` runs it under valgrind; `make plots` draws the default
# scenario's figures into results/. GPL-3.0-or-later.

PREFIX ?= /usr/local
OPTIMIZATION ?= -O3
CC ?= cc
PKG_CONFIG ?= pkg-config
VERSION := 0.1.0

# Warnings live apart from CFLAGS so `make CFLAGS=-g` cannot switch them off.
WARN := -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wundef -Wvla -Wcast-qual -Wwrite-strings
# -ffp-contract=off: a product and a sum are never fused into one rounding,
# whatever instructions a compiler or a function's target allows, so the
# results are the same bits everywhere (sim/base/rng.c's AVX-512 code relies on it).
STD := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -ffp-contract=off
PKGS := gsl libconfig jansson
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
DEPS_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS))
TEST_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka)
TEST_LIBS := $(shell $(PKG_CONFIG) --libs cmocka)

ifdef SANITIZER
OPTIMIZATION := -O1
SANFLAGS := -fsanitize=$(SANITIZER) -fno-omit-frame-pointer -fno-sanitize-recover=all -g
BUILD ?= build/san
else ifdef MPI
# make MPI=1: the OpenMPI variant bin/negsim-mpi (Debian openmpi-bin, libopenmpi-dev).
CC := mpicc
SANFLAGS := -DNEG_MPI
BUILD ?= build/mpi
else
BUILD ?= build/rel
endif

ALL_CFLAGS := $(STD) $(OPTIMIZATION) $(WARN) $(SANFLAGS) -fopenmp -Iinclude \
              -DNEG_VERSION='"$(VERSION)"' $(DEPS_CFLAGS) -MMD -MP $(CFLAGS)
ALL_LDFLAGS := $(SANFLAGS) -fopenmp $(LDFLAGS)
LIBS := $(DEPS_LIBS) -lm

# sim/ by layer (docs/MODEL.md, "Layout of the code"): base (random streams,
# statistics) < scenario (schema, loading) < model (one replicate) < engine
# (replicates, threads, ranks) < analysis (the verbs' runs) < output (files)
# < cli (the only part that prints or exits); main.c is the program.
LIB_SRC := $(filter-out sim/cli/main.c,$(wildcard sim/*/*.c))
LIB_OBJ := $(LIB_SRC:sim/%.c=$(BUILD)/sim/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
NEGSIM := $(if $(SANITIZER),$(BUILD)/negsim,$(if $(MPI),bin/negsim-mpi,bin/negsim))

.PHONY: all test valgrind install uninstall clean run docs test-mpi plots
all: $(NEGSIM)

$(NEGSIM): $(BUILD)/sim/cli/main.o $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/sim/%.o: sim/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -c -o $@ $<

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(BUILD)/tests/testutil.o $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(TEST_LIBS) $(LIBS)

# Each test binary runs from the top folder with NEGSIM naming the program.
test: $(NEGSIM) $(TEST_BIN)
	@NEGSIM=$(NEGSIM) tests/run-tests $(TEST_BIN)

# The suites under valgrind (statistical ones scaled down), then the program.
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
valgrind: $(NEGSIM) $(TEST_BIN)
	@NEGSIM_VALGRIND=1 NEGSIM=$(NEGSIM) tests/run-tests $(TEST_BIN)
	$(VALGRIND) $(NEGSIM) run scenarios/energy_pause_2025.cfg --runs 2000 --per-run \
	  --quiet --out $(BUILD)/valgrind-run
	$(VALGRIND) $(NEGSIM) check scenarios/energy_pause_2025.cfg >/dev/null
	$(VALGRIND) $(NEGSIM) sensitivity scenarios/energy_pause_uncertain.cfg --samples 4 \
	  --runs 100 --quiet --out $(BUILD)/valgrind-sensitivity
	$(VALGRIND) $(NEGSIM) calibrate scenarios/energy_pause_2025.cfg --runs 200 --quiet \
	  --set pause.horizon_days=30 --target lapsed=0.44,extended+ceasefire=0.50,collapsed=0.05 \
	  --free parties.russia.extension_utility,parties.russia.compliance \
	  --out $(BUILD)/valgrind-calibrate

run: $(NEGSIM)
	$(NEGSIM) run scenarios/energy_pause_2025.cfg

# The default scenario's figures (scripts/plot, gnuplot): a run, a 1-D sweep
# of the mediator's pressure, a 2-D sweep adding Russia's compliance, the
# effect of a US aid cut, the counterfactuals of explain, and the
# sensitivity of its variant with uncertain parameters, each in its folder
# under results/ (the run's folder also gets why.png).
PLOT_CFG := scenarios/energy_pause_2025.cfg
plots: $(NEGSIM)
	$(NEGSIM) run $(PLOT_CFG) --quiet --out results/energy_pause_2025
	$(NEGSIM) sweep $(PLOT_CFG) --vary parties.us.pressure.russia=0:2:9 --runs 20000 \
	  --quiet --out results/sweep_pressure
	$(NEGSIM) sweep $(PLOT_CFG) --vary parties.us.pressure.russia=0:2:9 \
	  --vary parties.russia.compliance=0.9:1.0:6 --runs 10000 --quiet --out results/sweep_2d
	$(NEGSIM) compare $(PLOT_CFG) --vs parties.us.aid=cut --runs 50000 --quiet \
	  --out results/compare_us_cut
	$(NEGSIM) explain $(PLOT_CFG) --runs 20000 --quiet --out results/explain
	$(NEGSIM) sensitivity scenarios/energy_pause_uncertain.cfg --samples 256 --runs 1000 \
	  --quiet --out results/sensitivity_uncertain
	scripts/plot results/energy_pause_2025 results/sweep_pressure results/sweep_2d \
	  results/compare_us_cut results/explain results/sensitivity_uncertain

# The MPI variant on 2 processes gives files identical to one process.
test-mpi:
	$(MAKE) all
	$(MAKE) MPI=1 all
	tests/mpi-check.sh bin/negsim bin/negsim-mpi

# make bench: replicates/s of the default scenario at 1 and all threads, its
# draw floor (draws counted by a build with -DNEG_COUNT_DRAWS in build/count),
# the floor of the day-by-day reference model's draws, and the peak memory
# of `negsim run` of BENCH_MEM_RUNS replicates;
# make bench-full measures the memory at 100,000,000. docs/PERFORMANCE.md.
BENCH_RUNS ?= 1000000
BENCH_REPS ?= 5
BENCH_MEM_RUNS ?= 10000000
# replicates of the day-by-day reference model whose draws the bench counts
BENCH_REF_RUNS ?= 20000
BENCH_BIN := $(BUILD)/bench/negsim-bench
# the previous release, built from git and run side by side with this build:
# 0.1.0 as it stood before the general model (issue 16)
BENCH_BASE ?= 89f79b8
BENCH_BASE_DIR := build/base-$(BENCH_BASE)
.PHONY: bench bench-full
$(BUILD)/bench/%.o: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BENCH_BIN): $(BUILD)/bench/bench.o $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BENCH_BASE_DIR)/bin/negsim:
	rm -rf $(BENCH_BASE_DIR) && mkdir -p $(BENCH_BASE_DIR)
	git archive $(BENCH_BASE) | tar -x -C $(BENCH_BASE_DIR)
	$(MAKE) --no-print-directory -C $(BENCH_BASE_DIR) bin/negsim

bench: $(NEGSIM) $(BENCH_BIN) $(BENCH_BASE_DIR)/bin/negsim
	@$(MAKE) --no-print-directory BUILD=build/count CFLAGS='$(CFLAGS) -DNEG_COUNT_DRAWS' \
	  build/count/bench/negsim-bench
	build/count/bench/negsim-bench --count --runs $(BENCH_RUNS) >$(BUILD)/bench/draws.txt
	NEGSIM_MODEL=reference build/count/bench/negsim-bench --count --runs $(BENCH_REF_RUNS) \
	  >$(BUILD)/bench/draws-ref.txt
	$(BENCH_BIN) --runs $(BENCH_RUNS) --reps $(BENCH_REPS) --draws $(BUILD)/bench/draws.txt \
	  --draws-ref $(BUILD)/bench/draws-ref.txt --negsim $(NEGSIM) --mem-runs $(BENCH_MEM_RUNS) \
	  --base $(BENCH_BASE_DIR)/bin/negsim --general bench/general.cfg \
	  --incidents bench/incidents.cfg

bench-full:
	$(MAKE) bench BENCH_MEM_RUNS=100000000

# make fuzz: each libFuzzer harness of tests/fuzz (the scenario loader, the
# command-line parsers) for FUZZ_SECONDS seconds under ASan and UBSan, from
# the seed corpus tests/fuzz/corpus/<harness> (new inputs go to
# build/fuzz/corpus/<harness>, crashes to build/fuzz/). Needs clang and
# libFuzzer (Debian clang, libclang-rt-dev, libomp-dev). docs/ERRORS.md.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_FLAGS ?=
FUZZ_BUILD := build/fuzz
FUZZ_HARNESSES := scenario cli
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g
FUZZ_CFLAGS := $(STD) -O1 $(WARN) $(FUZZ_SAN) -fopenmp -Iinclude -Itests/fuzz \
               -DNEG_VERSION='"$(VERSION)"' $(DEPS_CFLAGS) -MMD -MP
FUZZ_LIB_OBJ := $(LIB_SRC:sim/%.c=$(FUZZ_BUILD)/sim/%.o)
FUZZ_BIN := $(FUZZ_HARNESSES:%=$(FUZZ_BUILD)/fuzz_%)
.PHONY: fuzz fuzz-build
$(FUZZ_BUILD)/sim/%.o: sim/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/obj/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/obj/fuzz_%.o $(FUZZ_BUILD)/obj/fuzz_common.o $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -fopenmp -o $@ $^ $(LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: $(FUZZ_BIN)
	@for h in $(FUZZ_HARNESSES); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$h; \
	  echo "fuzz_$$h: $(FUZZ_SECONDS) s"; \
	  LSAN_OPTIONS=suppressions=tests/fuzz/lsan.supp:print_suppressions=0 \
	  $(FUZZ_BUILD)/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) -timeout=30 -close_fd_mask=2 \
	    -print_final_stats=1 -dict=tests/fuzz/$$h.dict -artifact_prefix=$(FUZZ_BUILD)/$$h- \
	    $(FUZZ_FLAGS) $(FUZZ_BUILD)/corpus/$$h tests/fuzz/corpus/$$h || exit 1; \
	done

# make fuzz-coverage: line coverage of the loader and the parsers by the
# fuzz corpora (run make fuzz first): the harnesses, rebuilt with clang's
# source-based coverage, replay build/fuzz/corpus and tests/fuzz/corpus.
# Needs Debian llvm (llvm-profdata, llvm-cov).
FUZZ_COV := build/fuzz-cov
FUZZ_COV_SRC := $(wildcard sim/scenario/*.c) sim/output/params_doc.c sim/cli/cli.c \
                sim/analysis/analysis.c
.PHONY: fuzz-coverage
$(FUZZ_COV)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.c $(LIB_SRC)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(STD) -O1 -g -fsanitize=fuzzer -fprofile-instr-generate -fcoverage-mapping \
	  -fopenmp -Iinclude -Itests/fuzz -DNEG_VERSION='"$(VERSION)"' $(DEPS_CFLAGS) \
	  -o $@ $(filter %.c,$^) $(LIBS)

fuzz-coverage: $(FUZZ_HARNESSES:%=$(FUZZ_COV)/fuzz_%)
	@for h in $(FUZZ_HARNESSES); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$h; \
	  LLVM_PROFILE_FILE=$(FUZZ_COV)/$$h.profraw $(FUZZ_COV)/fuzz_$$h -runs=0 -close_fd_mask=3 \
	    $(FUZZ_BUILD)/corpus/$$h tests/fuzz/corpus/$$h 2>/dev/null || exit 1; \
	done
	llvm-profdata merge -o $(FUZZ_COV)/all.profdata $(FUZZ_HARNESSES:%=$(FUZZ_COV)/%.profraw)
	llvm-cov report $(FUZZ_COV)/fuzz_scenario -object $(FUZZ_COV)/fuzz_cli \
	  -instr-profile=$(FUZZ_COV)/all.profdata $(FUZZ_COV_SRC)

# Regenerates the parameter table of docs/MODEL.md from the code.
docs: $(NEGSIM)
	scripts/update-docs $(NEGSIM)

# make install [PREFIX=/usr/local] [DESTDIR=stage]: the program, its manual
# page and bash completion, and in PREFIX/share/negsim the plot and merge
# scripts, the gnuplot programs and the example scenarios, which an
# installed negsim finds (negsim run energy_pause_2025; negsim-plot DIR).
DATADIR := $(DESTDIR)$(PREFIX)/share/negsim
SHARE_SCRIPTS := scripts/plot scripts/merge-csv scripts/sweep-shell.sh
install: bin/negsim
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DATADIR)/scripts/gnuplot
	install -m 755 bin/negsim $(DESTDIR)$(PREFIX)/bin/negsim
	install -m 644 docs/negsim.1 $(DESTDIR)$(PREFIX)/share/man/man1/negsim.1
	install -m 644 scripts/completion/negsim $(DESTDIR)$(PREFIX)/share/bash-completion/completions/negsim
	install -m 755 $(SHARE_SCRIPTS) $(DATADIR)/scripts/
	install -m 644 scripts/gnuplot/*.gp $(DATADIR)/scripts/gnuplot/
	ln -sf ../share/negsim/scripts/plot $(DESTDIR)$(PREFIX)/bin/negsim-plot
	ln -sf ../share/negsim/scripts/merge-csv $(DESTDIR)$(PREFIX)/bin/negsim-merge-csv
	find scenarios -type d -exec install -d $(DATADIR)/{} \;
	find scenarios -type f -exec install -m 644 {} $(DATADIR)/{} \;

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/negsim $(DESTDIR)$(PREFIX)/bin/negsim-plot \
	  $(DESTDIR)$(PREFIX)/bin/negsim-merge-csv $(DESTDIR)$(PREFIX)/share/man/man1/negsim.1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/negsim
	rm -rf $(DATADIR)

clean:
	rm -rf build bin

-include $(shell find build -name '*.d' 2>/dev/null)
