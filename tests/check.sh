#!/bin/sh
# make check: every test, on SQLite and on a throwaway PostgreSQL cluster.
#   sh tests/check.sh BUILD_DIR FUZZ_BUILD_DIR
# The cluster is removed however the tests end; the runner's summary line
# stays the last line printed.
set -u
cd "$(dirname "$0")/.."
env=$(sh scripts/pg-test.sh start) || {
	echo "check: cannot start PostgreSQL for the tests (see above)"
	echo "0 passed, 1 failed"
	exit 1
}
eval "$env"
trap 'sh scripts/pg-test.sh stop "$PGTEST_DIR"' EXIT
sh tests/run.sh "$@"
