# The two commands of the README: `make demo` (install, build, serve the sample fleet on
# 127.0.0.1:8080) and `make test` (install, build, run every test). Everything else is a
# building block of those.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
FUZZ_DIR ?= build-fuzz
BENCH_DIR ?= build-bench
FUZZ_SECONDS ?= 30
JOBS ?= $(shell nproc)

.PHONY: all deps build demo test unit fuzz fuzz-build bench format format-check clean

all: build

deps:
	scripts/install-deps

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: $(BUILD_DIR)/build.ninja
	ninja -C $(BUILD_DIR) -j $(JOBS)

# Sample data (examples/demo) → ./vulnscope-demo.db → dashboard on 127.0.0.1:8080; the admin
# password is printed once. Re-running rebuilds the demo database from scratch.
# Builds only the binary, so the first run does not wait for the test programs.
demo: deps $(BUILD_DIR)/build.ninja
	ninja -C $(BUILD_DIR) -j $(JOBS) vulnscope
	$(BUILD_DIR)/src/cli/vulnscope demo --listen 127.0.0.1:8080

# Unit, differential and integration tests, then a short fuzzing smoke run of every target.
test: deps build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=5

# Tests only, without installing or fuzzing (for the edit-compile-test loop).
unit: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

fuzz-build:
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DVS_FUZZ=ON -DVS_BUILD_TESTS=OFF -DVS_BUILD_BENCH=OFF >/dev/null
	ninja -C $(FUZZ_DIR) -j $(JOBS) fuzzers

# Each libFuzzer target runs for FUZZ_SECONDS; any crash or sanitizer report fails the target.
fuzz: fuzz-build
	scripts/run-fuzzers $(FUZZ_DIR) $(FUZZ_SECONDS)

bench: deps
	cmake -S . -B $(BENCH_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DVS_BUILD_TESTS=OFF >/dev/null
	ninja -C $(BENCH_DIR) -j $(JOBS)
	$(BENCH_DIR)/bench/bench_versions

format:
	find src tests bench fuzz -name '*.cpp' -o -name '*.h' | xargs clang-format -i

format-check:
	find src tests bench fuzz -name '*.cpp' -o -name '*.h' | xargs clang-format --dry-run -Werror

clean:
	rm -rf $(BUILD_DIR) $(FUZZ_DIR) $(BENCH_DIR)
