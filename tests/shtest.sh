# Sourced by the shell tests (tests/openapi_lint.sh, tests/nginx_test.sh):
# counts checks and prints cmocka's summary lines, so tests/run.sh adds
# them up like a test program's.
t_passed=0
t_failed=0

# t_check NAME COMMAND...: one check; the command's output is shown only
# when it fails. t_dir (a temporary directory) must be set.
t_check() {
	t_name=$1
	shift
	if "$@" >"$t_dir/.check" 2>&1; then
		t_passed=$((t_passed + 1))
		echo "[       OK ] $t_name"
	else
		t_failed=$((t_failed + 1))
		cat "$t_dir/.check"
		echo "[  FAILED  ] $t_name"
	fi
}

# t_fail N REASON: N checks that could not run.
t_fail() {
	t_failed=$((t_failed + $1))
	echo "[  FAILED  ] $2"
}

# t_summary: the two lines tests/run.sh reads; the exit status.
t_summary() {
	echo "[  PASSED  ] $t_passed test(s)."
	echo "[  FAILED  ] $t_failed test(s)."
	[ "$t_failed" -eq 0 ]
}
