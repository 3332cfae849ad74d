#!/bin/sh
# Runs every test program of a build and prints one summary line at the end:
#   sh tests/run.sh BUILD_DIR [FUZZ_BUILD_DIR]
# Unit and integration tests are cmocka programs in BUILD_DIR/tests; with
# OVERSTAP_TEST_PG set, the store, pool and command-line tests run a
# second time against that PostgreSQL server (test_parity compares the two
# backends in the first pass). Each
# fuzz target in FUZZ_BUILD_DIR/fuzz runs for FUZZ_SECONDS (default 5) on its
# seed corpus. A program that crashes counts as one failed test.
set -u
build=$1
fuzzbuild=${2:-}
fuzz_seconds=${FUZZ_SECONDS:-5}
passed=0
failed=0
failures=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

export OVERSTAP_BIN="$(pwd)/$build/overstap"
export OVERSTAP_SRC="$(pwd)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$OVERSTAP_SRC/tests/lsan.supp:print_suppressions=0}

# run_one PROGRAM LABEL: runs a cmocka program (or a runner that ends with
# "N passed, N failed") and adds up its counts.
run_one() {
	t=$1
	name=$2
	start=$(date +%s)
	"$t" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	if [ -z "$p$f" ]; then # not cmocka: a runner's own "N passed, N failed"
		p=$(sed -n 's/^\([0-9]*\) passed, [0-9]* failed$/\1/p' "$log" | tail -n 1)
		f=$(sed -n 's/^[0-9]* passed, \([0-9]*\) failed$/\1/p' "$log" | tail -n 1)
	fi
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed, or failed outside a test
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		cat "$log"
		failures="$failures $name"
		echo "FAIL $name: $p passed, $f failed (${secs}s)"
	else
		echo "ok   $name: $p passed (${secs}s)"
	fi
}

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	run_one "$t" "$(basename "$t")"
done

# The store suite and the command-line tests again on PostgreSQL, when a
# server is given (make check starts one; see scripts/pg-test.sh).
if [ -n "${OVERSTAP_TEST_PG:-}" ]; then
	for t in "$build"/tests/test_store "$build"/tests/test_pool "$build"/tests/test_cli_*; do
		[ -x "$t" ] || continue
		OVERSTAP_TEST_DB=$OVERSTAP_TEST_PG OVERSTAP_TEST_BACKEND=pg \
			run_one "$t" "$(basename "$t") (pg)"
	done
	# The meeting store suite (migration 0004) on PostgreSQL too.
	if [ -x "$build"/tests/test_store_meeting ]; then
		OVERSTAP_TEST_DB=$OVERSTAP_TEST_PG OVERSTAP_TEST_BACKEND=pg \
			run_one "$build"/tests/test_store_meeting "test_store_meeting (pg)"
	fi
elif [ "${CI:-}" = "true" ]; then
	echo "FAIL postgresql: OVERSTAP_TEST_PG is not set; in CI the PostgreSQL tests must run"
	failed=$((failed + 1))
	failures="$failures postgresql"
fi

# The staff pages in Debian's chromium with axe-core (tests/browser/run.sh
# ends with its own "N passed, N failed"); skipped without chromium or npm.
if [ -x /usr/bin/chromium ] && [ -d node_modules/playwright-core ]; then
	run_one tests/browser/run.sh browser
fi

if [ -n "$fuzzbuild" ]; then
	for t in "$fuzzbuild"/fuzz/fuzz_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		corpus=$(mktemp -d)
		seeds="tests/fuzz/corpus/${name#fuzz_}"
		[ -d "$seeds" ] && cp -r "$seeds"/. "$corpus"/
		"$t" -max_total_time="$fuzz_seconds" -rss_limit_mb=1024 "$corpus" >"$log" 2>&1
		rc=$?
		runs=$(sed -n 's/^#\([0-9]*\).*DONE.*/\1/p' "$log" | tail -n 1)
		rm -rf "$corpus"
		if [ "$rc" -eq 0 ]; then
			passed=$((passed + 1))
			echo "ok   $name: ${runs:-?} runs in ${fuzz_seconds}s"
		else
			failed=$((failed + 1))
			failures="$failures $name"
			tail -n 60 "$log"
			echo "FAIL $name"
		fi
	done
fi

# The OpenAPI document, linted offline by Spectral (Logius ADR ruleset)
# and Redocly: four checks, counted like a test program.
run_one tests/openapi_lint.sh openapi_lint
# nginx with docs/DEPLOY.md's configuration in front of overstap serve.
run_one tests/nginx_test.sh nginx_test

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
