# redline - build, regenerate publications, test.
#
#   make              install missing Debian packages (as root), build
#                     build/redline, regenerate every publication in output/
#   make check        the same set-up, then every test (also under ASan+UBSan),
#                     and the fuzz corpora's line coverage (at least COVERAGE_MIN)
#   make asan         the whole test suite under AddressSanitizer + UBSan only
#   make bench        benchmarks (numbers, not pass/fail)
#   make fuzz         a fuzzing campaign (FUZZ_SECONDS per harness, two at a time)
#   make coverage     lines of tools/ the fuzz corpora reach
#   make golden-update  regenerate golden files (review them before committing)
#   make readme       refresh the README's command reference from --help
#   make install PREFIX=/usr/local

PREFIX ?= /usr/local
CC ?= cc
OPT ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes
CPPFLAGS += -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Itools
PKGS = libcmark yaml-0.1 libutf8proc fontconfig
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LIBS = -lhpdf -lhyphen $(PKG_LIBS) -ldeflate -lnettle -lm -lpthread
# zlib only for the tests, which inflate the PDF streams libdeflate wrote
TEST_LIBS = -lcmocka -lz
CFLAGS_ALL = $(WARN) $(OPT) $(PKG_CFLAGS) $(CFLAGS)
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SRC := $(sort $(wildcard tools/*.c))
LIBSRC := $(filter-out tools/main.c,$(SRC))
HDR := $(wildcard tools/*.h)
TESTSRC := $(sort $(wildcard tests/unit/test_*.c))

OBJ := $(SRC:tools/%.c=build/obj/%.o)
LIBOBJ := $(LIBSRC:tools/%.c=build/obj/%.o)
TESTBIN := $(TESTSRC:tests/unit/%.c=build/tests/%)
AOBJ := $(SRC:tools/%.c=build/asan/obj/%.o)
ALIBOBJ := $(LIBSRC:tools/%.c=build/asan/obj/%.o)
ATESTBIN := $(TESTSRC:tests/unit/%.c=build/asan/tests/%)

PUBS := $(sort $(wildcard sources/*/publication.yaml))

.PHONY: all deps deps-check tools publications check test unit cli asan bench \
        golden-update install clean format readme picture fuzz fuzz-replay coverage
.DELETE_ON_ERROR:

all: deps
	@$(MAKE) --no-print-directory tools
	@$(MAKE) --no-print-directory publications

deps:
	@sh tools/deps.sh build

deps-check:
	@sh tools/deps.sh check

tools: build/redline

build/redline: $(OBJ)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS_ALL) -o $@ $(OBJ) $(LIBS)

build/obj/%.o: tools/%.c $(HDR) | build/obj
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -c -o $@ $<

build/asan/obj/%.o: tools/%.c $(HDR) | build/asan/obj
	@echo "  CC asan $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS_ALL) $(SAN) -O1 -c -o $@ $<

build/asan/redline: $(AOBJ)
	@echo "  LD asan $@"
	@$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $(AOBJ) $(LIBS)

build/tests/%: tests/unit/%.c tests/unit/harness.h $(LIBOBJ) | build/tests
	@echo "  LD      $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(LIBOBJ) $(LIBS) $(TEST_LIBS)

build/asan/tests/%: tests/unit/%.c tests/unit/harness.h $(ALIBOBJ) | build/asan/tests
	@echo "  LD asan $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS_ALL) $(SAN) -Itests/unit -o $@ $< $(ALIBOBJ) $(LIBS) $(TEST_LIBS)

build/obj build/tests build/asan/obj build/asan/tests build/nosimd:
	@mkdir -p $@

# Publications: one target per publication, so `make -j N` builds N at a
# time.  redline derives each publication's inputs itself (`redline deps`
# prints them as a make fragment) and `build --changed` rebuilds only when
# one is newer than the last build or differs from it, else prints
# "NAME: up to date" (see README, Batch).
PUBTARGETS := $(PUBS:sources/%/publication.yaml=publication-%)
.PHONY: $(PUBTARGETS)
publications: $(PUBTARGETS)
$(PUBTARGETS): publication-%: build/redline
	@./build/redline build --changed sources/$*/publication.yaml

# ---- tests --------------------------------------------------------------

check: deps-check
	@$(MAKE) --no-print-directory tools
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory coverage

test: build/redline build/nosimd/redline $(TESTBIN)
	@sh tests/run-unit.sh build/tests
	@REDLINE=$(CURDIR)/build/redline sh tests/run-cli.sh
	@sh tests/nosimd.sh build/redline build/nosimd/redline

# The loader's plain C paths (what processors without SSE2 run), for
# tests/nosimd.sh: only the modules with SIMD paths are built again.
SIMD_MODS = words doc
NOSIMD_OBJ := $(filter-out $(SIMD_MODS:%=build/obj/%.o),$(OBJ)) $(SIMD_MODS:%=build/nosimd/%.o)

build/nosimd/%.o: tools/%.c $(HDR) | build/nosimd
	@echo "  CC nosimd $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -DRL_NO_SIMD -c -o $@ $<

build/nosimd/redline: $(NOSIMD_OBJ)
	@echo "  LD nosimd $@"
	@$(CC) $(CFLAGS_ALL) -o $@ $(NOSIMD_OBJ) $(LIBS)

asan: build/asan/redline $(ATESTBIN) fuzz-replay
	@ASAN_OPTIONS=detect_leaks=1 sh tests/run-unit.sh build/asan/tests
	@REDLINE=$(CURDIR)/build/asan/redline RL_ASAN=1 sh tests/run-cli.sh

# Fuzzing (tests/fuzz/): each fuzz_NAME.c defines LLVMFuzzerTestOneInput.
# `make fuzz-replay` (part of `make asan`) links each harness with replay.c
# under gcc + ASan/UBSan and runs it over its corpus tests/fuzz/corpus/
# fuzz_NAME/ (the same inputs every time, so CI is deterministic).
# `make fuzz` is a real campaign: libFuzzer binaries built with clang, each
# run for FUZZ_SECONDS, FUZZ_JOBS at a time, then the new inputs that add
# coverage merged into tests/fuzz/corpus/ (commit them); FUZZ=NAME runs one
# harness.  `make coverage` measures the lines of tools/ the corpora reach.
FUZZSRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZNAMES := $(FUZZSRC:tests/fuzz/%.c=%)
FUZZREPLAY := $(FUZZNAMES:%=build/asan/fuzz/replay-%)
CLANG ?= clang
FUZZ_SECONDS ?= 900
FUZZ_JOBS ?= 2
FUZZ ?= $(FUZZNAMES)
FUZZ_CFLAGS = $(filter-out -Werror,$(CFLAGS_ALL)) $(SAN) -O1
FOBJ := $(LIBSRC:tools/%.c=build/fuzz/obj/%.o)
.SECONDARY: $(FOBJ)

fuzz-replay: $(FUZZREPLAY)
	@for f in $(FUZZNAMES); do \
	    printf '  %-10s ' "$$f"; \
	    ASAN_OPTIONS=detect_leaks=1 build/asan/fuzz/replay-$$f tests/fuzz/corpus/$$f || exit 1; \
	done

build/asan/fuzz/replay-%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(ALIBOBJ) | build/asan/fuzz
	@echo "  LD asan $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS_ALL) $(SAN) -O1 -Itests/fuzz -o $@ $< tests/fuzz/replay.c $(ALIBOBJ) $(LIBS)

fuzz:
	@sh tools/deps.sh fuzz
	@$(MAKE) --no-print-directory $(FUZZ:%=build/fuzz/%)
	@sh tests/fuzz/campaign.sh $(FUZZ_SECONDS) $(FUZZ_JOBS) $(FUZZ)

# Line coverage of tools/ reached by replaying the corpora (gcc --coverage,
# no sanitizers); tests/fuzz/coverage.sh prints it per file and fails
# below COVERAGE_MIN percent of the lines outside the command line.
COVERAGE_MIN ?= 85
COVOBJ := $(LIBSRC:tools/%.c=build/cov/obj/%.o)
COVREPLAY := $(FUZZNAMES:%=build/cov/replay-%)
.SECONDARY: $(COVOBJ)

coverage: $(COVREPLAY)
	@rm -f build/cov/obj/*.gcda build/cov/*.gcda
	@for f in $(FUZZNAMES); do build/cov/replay-$$f tests/fuzz/corpus/$$f >/dev/null || exit 1; done
	@sh tests/fuzz/coverage.sh build/cov/obj $(COVERAGE_MIN)

build/cov/obj/%.o: tools/%.c $(HDR) | build/cov/obj
	@echo "  CC cov  $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -O0 --coverage -c -o $@ $<

build/cov/replay-%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(COVOBJ) | build/cov/obj
	@echo "  LD cov  $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -O0 --coverage -Itests/fuzz -o $@ $< tests/fuzz/replay.c $(COVOBJ) $(LIBS)

build/cov/obj:
	@mkdir -p $@

build/fuzz/obj/%.o: tools/%.c $(HDR) | build/fuzz/obj
	@echo "  CC fuzz $<"
	@$(CLANG) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FOBJ) | build/fuzz/obj
	$(CLANG) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< $(FOBJ) $(LIBS)

build/asan/fuzz build/fuzz/obj:
	@mkdir -p $@

golden-update: build/redline
	@REDLINE=$(CURDIR)/build/redline RL_GOLDEN_UPDATE=1 sh tests/run-cli.sh

bench: build/redline
	@sh tools/deps.sh bench
	@sh tests/bench/run.sh

# The README's picture: page 5 of the ICoC redline.
picture: build/redline
	./build/redline build --format pdf -o build/picture sources/icoc/publication.yaml
	pdftoppm -r 70 -png -f 5 -l 5 -singlefile build/picture/icoc.pdf docs/icoc-page

readme: build/redline
	sh tools/readme_help.sh build/redline README.md

install: build/redline
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 build/redline $(DESTDIR)$(PREFIX)/bin/redline

format:
	clang-format -i tools/*.c tools/*.h tests/unit/*.c tests/unit/*.h

clean:
	rm -rf build output
