# recordlint: `make demo` checks SampleData; `make test` runs every test.
# Both install libprotobuf-c-dev first when it is missing.
SWIFT ?= swift
BIN := .build/release/recordlint

.PHONY: deps build wheel pytest sdist-check demo test tsan asan fuzzer fuzz fuzz-replay hostile hostile-input hostile-gate proto-check bench peer-check sample-data format format-check

deps:
	@Scripts/install-deps.sh

# The release binary needs nothing but glibc (2.34 or later). The Swift runtime is linked in with
# --static-swift-stdlib. libprotobuf-c is linked statically through a copy of its pkg-config file whose
# libdir holds only libprotobuf-c.a: SwiftPM puts that -L first, before every other search path, so its
# own -lprotobuf-c finds the archive, and Package.swift stays free of unsafe flags (usable as a
# dependency). Sources/CGlibcCompat keeps hypotf at its baseline glibc version.
STATIC_LIBS := $(CURDIR)/.build/static-libs
PROTOBUF_C_PC := $(shell pkg-config --variable=pcfiledir libprotobuf-c 2>/dev/null)/libprotobuf-c.pc
PROTOBUF_C_A := $(shell pkg-config --variable=libdir libprotobuf-c 2>/dev/null)/libprotobuf-c.a
RELEASE_FLAGS := -c release --static-swift-stdlib

build: deps
	@[ -f "$(PROTOBUF_C_A)" ] || { echo "no libprotobuf-c.a beside libprotobuf-c (pkg-config); install libprotobuf-c-dev" >&2; exit 1; }
	@mkdir -p $(STATIC_LIBS)
	@ln -sf "$(PROTOBUF_C_A)" $(STATIC_LIBS)/libprotobuf-c.a
	@sed 's|^libdir=.*|libdir=$(STATIC_LIBS)|' "$(PROTOBUF_C_PC)" > $(STATIC_LIBS)/libprotobuf-c.pc
	PKG_CONFIG_PATH=$(STATIC_LIBS) $(SWIFT) build $(RELEASE_FLAGS)

# The wheel (dist/recordlint-<version>-py3-none-manylinux_2_N_x86_64.whl): the release binary in its
# scripts directory and the module in python/recordlint; hatch_build.py sets the tag, auditwheel
# checks it. Build tools go in .venv-build (from PyPI).
PYTHON ?= python3
BUILD_VENV := .venv-build
$(BUILD_VENV)/.ok:
	$(PYTHON) -m venv $(BUILD_VENV)
	$(BUILD_VENV)/bin/pip install -q hatchling build auditwheel
	touch $@

wheel: build $(BUILD_VENV)/.ok
	rm -f dist/recordlint-*.whl
	mkdir -p .build/wheel-bin && strip -o .build/wheel-bin/recordlint $(BIN)
	RECORDLINT_BINARY=.build/wheel-bin/recordlint $(BUILD_VENV)/bin/python -m build --wheel --no-isolation --outdir dist
	$(BUILD_VENV)/bin/auditwheel show dist/recordlint-*.whl

# The pytest suite (python/tests) against the installed wheel: a fresh virtualenv with no Swift on
# PATH, the wheel installed from dist/, SDK v2 (.venv-peers) as the reference writer. Exit status 5
# (no tests collected) is a failure.
TEST_VENV := $(CURDIR)/.venv-test
TEST_PATH := $(TEST_VENV)/bin:/usr/bin:/bin
pytest: wheel
	Scripts/peer-venv.sh
	rm -rf $(TEST_VENV)
	$(PYTHON) -m venv $(TEST_VENV)
	env PATH=$(TEST_PATH) $(TEST_VENV)/bin/pip install -q dist/recordlint-*.whl pytest pre-commit scipy
	cd python/tests && env PATH=$(TEST_PATH) RECORDLINT_REPO=$(CURDIR) \
		RECORDLINT_WHEEL="$$(ls $(CURDIR)/dist/recordlint-*.whl)" \
		RECORDLINT_AUDITWHEEL=$(CURDIR)/$(BUILD_VENV)/bin/auditwheel \
		RECORDLINT_SDK_PYTHON=$(CURDIR)/.venv-peers/bin/python \
		$(TEST_VENV)/bin/python -m pytest -q -p no:cacheprovider . || { status=$$?; \
		[ $$status -ne 5 ] || echo "pytest collected no tests in python/tests" >&2; exit $$status; }

# The sdist: built without Swift it says what to install; with Swift it builds the binary and the wheel works.
sdist-check: $(BUILD_VENV)/.ok
	Scripts/sdist-check.sh

demo: build
	@echo '# a clean file, labels left in the features, NaNs, a cut-off upload'
	@echo '$$ recordlint check SampleData/clean-dense.rec SampleData/mnist-785.rec SampleData/nan-values.rec SampleData/truncated.rec --feature-dim 784'
	@$(BIN) check SampleData/clean-dense.rec SampleData/mnist-785.rec SampleData/nan-values.rec SampleData/truncated.rec --feature-dim 784 || [ $$? -eq 1 ]
	@echo
	@echo '# a sparse file with a key past the last column'
	@echo '$$ recordlint check SampleData/sparse-out-of-range.rec --feature-dim 1000'
	@$(BIN) check SampleData/sparse-out-of-range.rec --feature-dim 1000 || [ $$? -eq 1 ]
	@echo
	@echo '# what is actually in record 7?'
	@echo '$$ recordlint inspect SampleData/mnist-785.rec --records 6..8'
	@$(BIN) inspect SampleData/mnist-785.rec --records 6..8

test: deps proto-check
	Scripts/test-venv.sh
	$(SWIFT) build
	SWIFT=$(SWIFT) Scripts/run-tests.sh
	$(MAKE) pytest
	$(MAKE) sdist-check

# The test suite under the thread sanitizer.
tsan: deps
	Scripts/test-venv.sh
	RECORDLINT_SANITIZER=thread $(SWIFT) test --sanitize=thread --scratch-path .build-tsan

# The test suite under the address sanitizer. Leak checking is off: the leaks it reports are
# one-time allocations of XCTest and swift-argument-parser, not recordlint's.
asan: deps
	Scripts/test-venv.sh
	RECORDLINT_SANITIZER=address ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --sanitize=address --scratch-path .build-asan

# libFuzzer with the address sanitizer on LLVMFuzzerTestOneInput (Fuzz/): FUZZ_SECONDS of new inputs for
# each target (RECORDLINT_FUZZ_TARGET: check and differential from Fuzz/Corpus, structured from
# Fuzz/Corpus-structured), within the memory and time bounds (-rss_limit_mb, -timeout); new interesting
# inputs are kept in .build-fuzz/corpus-<target>.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -max_len=4096 -rss_limit_mb=512 -timeout=10
FUZZER := .build-fuzz/release/RecordLintFuzz
# Phony: SwiftPM's incremental build decides, so the fuzzer never runs on stale sources.
fuzzer: deps
	cd Fuzz && $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer,address --scratch-path ../.build-fuzz

fuzz: fuzzer
	mkdir -p .build-fuzz/corpus-check .build-fuzz/corpus-structured .build-fuzz/corpus-differential
	RECORDLINT_FUZZ_TARGET=check $(FUZZER) .build-fuzz/corpus-check Fuzz/Corpus -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS)
	RECORDLINT_FUZZ_TARGET=structured $(FUZZER) .build-fuzz/corpus-structured Fuzz/Corpus-structured -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS)
	RECORDLINT_FUZZ_TARGET=differential $(FUZZER) .build-fuzz/corpus-differential Fuzz/Corpus -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS)

# Every saved input once per target (Fuzz/Corpus holds the seeds, the raw inputs that add coverage and
# any input that once failed; Fuzz/Corpus-structured the recipes).
fuzz-replay: fuzzer
	RECORDLINT_FUZZ_TARGET=check $(FUZZER) $(FUZZ_FLAGS) Fuzz/Corpus/*
	RECORDLINT_FUZZ_TARGET=differential $(FUZZER) $(FUZZ_FLAGS) Fuzz/Corpus/*
	RECORDLINT_FUZZ_TARGET=structured $(FUZZER) $(FUZZ_FLAGS) Fuzz/Corpus-structured/*

# Issue 12's hostile inputs regenerated, with a table of exit status, peak RSS and time (BEFORE=an older
# binary adds its columns); the README's reliability section holds the table.
hostile-input: build
	Scripts/hostile-input.sh

# Fails when the committed protoc-c output differs from what Proto/record.proto generates.
proto-check: deps
	Scripts/generate-proto.sh --check

# Throughput side by side: cat, recordlint --jobs 1 and all cores, a plain C loop, the SDK reader.
bench: build
	Scripts/bench.sh

# The cases of issue 11 (fail-open paths, clobbered files, numbers, hyperparameters files) rebuilt
# and run against the release binary: a table of case, required and actual exit status, peak RSS, time.
hostile-gate: build
	RECORDLINT=$(CURDIR)/$(BIN) Scripts/hostile-gate.sh

# Both hostile tables: the inputs of issue 12 and the gate cases of issue 11.
hostile: hostile-input hostile-gate

# Rewrites SampleData/ and the SDK test fixtures with the SageMaker Python SDK (needs network to PyPI).
sample-data:
	Scripts/peer-venv.sh
	.venv-peers/bin/python Scripts/make-sample-data.py

# The SageMaker SDK writes the 2,000-record MNIST-like file of the foundation issue; recordlint must name records 17 and 1503.
peer-check: build
	Scripts/peer-check.sh

# swift format with the checked-in .swift-format: `make format` rewrites, `make format-check` fails on a difference.
format:
	$(SWIFT) format -i -r Sources Tests Package.swift Fuzz/Sources Fuzz/Package.swift

format-check:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift Fuzz/Sources Fuzz/Package.swift
