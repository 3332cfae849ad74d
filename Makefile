# overstap — build, test, demo, benchmark.
#
#   make            debug build of build/debug/overstap
#   make demo       install what is missing, build, create a demo database
#   make check      install what is missing, build with sanitizers, run every test
#   make bench      release build and the benchmarks (docs/PERFORMANCE.md)
#   make fuzz       build the libFuzzer targets (clang)
#
# MODE selects the build: debug (default), release, asan (tests), fuzz.
# Every source file below src/ is picked up by its folder; adding a module
# needs no change here.

MODE ?= debug
BUILD := build/$(MODE)

PKGS := sqlite3 libsodium jansson libpq libmicrohttpd
PKGS += pangocairo librsvg-2.0
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LIBS := $(PKG_LIBS) -lcsv -lm -pthread

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wno-unused-parameter
# Rows of the route table (src/web/router.c) leave their optional trailing
# columns out; designated initializers never warned anyway.
WARN += -Wno-missing-field-initializers
BASE_CFLAGS := -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc -I$(BUILD)/gen \
	$(PKG_CFLAGS) $(WARN) -MMD -MP

ifeq ($(MODE),release)
  CC := gcc
  MODE_CFLAGS := -O2 -g -DNDEBUG -D_FORTIFY_SOURCE=2 -fstack-protector-strong
  MODE_LDFLAGS :=
else ifeq ($(MODE),asan)
  CC := gcc
  MODE_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  MODE_LDFLAGS := -fsanitize=address,undefined
else ifeq ($(MODE),fuzz)
  CC := clang
  MODE_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -DOVERSTAP_FUZZ
  MODE_LDFLAGS := -fsanitize=address,undefined
else
  CC := gcc
  MODE_CFLAGS := -O0 -g
  MODE_LDFLAGS :=
endif

CFLAGS_ALL := $(BASE_CFLAGS) $(MODE_CFLAGS) $(CFLAGS)
LDFLAGS_ALL := $(MODE_LDFLAGS) $(LDFLAGS)

CORE_SRC := $(wildcard src/core/*.c)
STORE_SRC := $(wildcard src/store/*.c src/store/sqlite/*.c src/store/pg/*.c)
APP_SRC := $(wildcard src/io/*.c src/app/*.c src/render/*.c src/web/*.c)
CLI_SRC := $(wildcard src/cli/*.c)
LIB_SRC := $(CORE_SRC) $(STORE_SRC) $(APP_SRC)

EMBED_FILES := data/gemeenten.csv data/figures.csv $(sort $(wildcard data/names/*.txt)) $(sort $(wildcard src/store/migrations/sqlite/*.sql)) $(sort $(wildcard src/store/migrations/pg/*.sql))
EMBED_FILES += $(sort $(wildcard templates/pages/*.mustache)) $(sort $(wildcard templates/static/*))
EMBED_FILES += $(sort $(wildcard templates/letters/*.mustache)) $(sort $(wildcard templates/toolkit/*.mustache))
EMBED_C := $(BUILD)/gen/embedded.c

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
LIB_OBJ := $(call obj,$(LIB_SRC)) $(BUILD)/obj/gen/embedded.o
CLI_OBJ := $(call obj,$(CLI_SRC))
LIB := $(BUILD)/liboverstap.a
BIN := $(BUILD)/overstap

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
INTEG_SRC := $(wildcard tests/integration/test_*.c)
INTEG_BIN := $(patsubst tests/integration/%.c,$(BUILD)/tests/%,$(INTEG_SRC))
INTEG_HARNESS := $(call obj,tests/integration/harness.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))

.PHONY: all deps demo check tests bench fuzz fuzz-run clean format lint
.DELETE_ON_ERROR:

all: $(BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/obj/gen/embedded.o: $(EMBED_C)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(EMBED_C): scripts/embed.sh $(EMBED_FILES)
	@mkdir -p $(dir $@)
	sh scripts/embed.sh $@ $(EMBED_FILES)

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(LIB) $(LIBS)

$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(shell pkg-config --cflags cmocka) -o $@ $< $(LIB) \
		$(LDFLAGS_ALL) $(LIBS) $(shell pkg-config --libs cmocka)

$(BUILD)/tests/test_%: tests/integration/test_%.c $(INTEG_HARNESS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(shell pkg-config --cflags cmocka) -o $@ $< $(INTEG_HARNESS) $(LIB) \
		$(LDFLAGS_ALL) $(LIBS) $(shell pkg-config --libs cmocka)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ $< $(LIB) $(LDFLAGS_ALL) $(LIBS)

tests: $(BIN) $(UNIT_BIN) $(INTEG_BIN)

deps:
	@sh scripts/deps.sh

# The tests run on the sanitizer build; the fuzz smoke runs use clang.
check: deps lint
	$(MAKE) MODE=release all
	$(MAKE) MODE=asan tests
	$(MAKE) MODE=fuzz all fuzz
	@sh tests/check.sh build/asan build/fuzz

fuzz: $(FUZZ_BIN)

# Longer fuzzing by hand: make fuzz-run SECONDS=600
SECONDS ?= 60
fuzz-run: fuzz
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); mkdir -p $(BUILD)/corpus/$$n; \
		$$f -max_total_time=$(SECONDS) $(BUILD)/corpus/$$n tests/fuzz/corpus/$${n#fuzz_}; done

demo: deps
	$(MAKE) MODE=release all
	@sh scripts/demo.sh build/release/overstap

bench: deps
	$(MAKE) MODE=release all
	@sh bench/import.sh build/release/overstap
	@sh bench/import_pg.sh build/release/overstap
	@sh bench/server.sh build/release/overstap
	@sh bench/letters.sh build/release/overstap

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

lint:
	@sh scripts/checksrc.sh

clean:
	rm -rf build

-include $(shell find build/$(MODE) -name '*.d' 2>/dev/null)
