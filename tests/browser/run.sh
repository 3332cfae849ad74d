#!/bin/sh
# The staff pages in a real browser: Debian's chromium driven by
# playwright-core, every page checked by axe-core (WCAG 2.1 AA).
#   sh tests/browser/run.sh [BINARY]       (default: $OVERSTAP_BIN)
# Builds a throwaway SQLite database with synthetic data and two accounts
# (one with a password from stdin, one with a one-time password made on a
# pseudo-terminal, as an administrator would), starts the server on a free
# loopback port, runs tests/browser/*.test.mjs with node's test runner and
# ends with the line "N passed, N failed" that tests/run.sh adds up.
set -u
bin=${1:-${OVERSTAP_BIN:-}}
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
fail() {
	echo "browser: $*"
	echo "0 passed, 1 failed"
	exit 1
}
[ -x "$bin" ] || fail "no overstap binary (give its path, or set OVERSTAP_BIN)"
[ -x /usr/bin/chromium ] || fail "no /usr/bin/chromium (apt-get install chromium)"
[ -d node_modules/playwright-core ] || fail "no node_modules/playwright-core (npm ci)"

export OVERSTAP_DB="$dir/t.db"
export OVERSTAP_BIN="$bin" # rsvp.test.mjs makes its meetings with it
password="browser test passphrase"
{
	"$bin" init &&
		"$bin" org add --code UWV-NH --kind uwv --name "UWV Noord-Holland" &&
		"$bin" generate ww --count 1500 --seed 11 --out "$dir/ww.csv" &&
		"$bin" import ww "$dir/ww.csv" --org UWV-NH --quiet &&
		"$bin" signal &&
		printf '%s\n' "$password" |
		"$bin" user add --org UWV-NH --role uwv-adviseur --email adviseur@uwv.example.nl
} >"$dir/setup.log" 2>&1 || {
	cat "$dir/setup.log"
	fail "setting up the database failed"
}
# On a terminal `user add` prints a one-time password; script(1) gives it one.
otp=$(script -qec "$bin user add --org UWV-NH --role beheer --email nieuw@uwv.example.nl" \
	/dev/null </dev/null | sed -n 's/^one-time password: \([^ ]*\).*/\1/p' | tr -d '\r')
[ -n "$otp" ] || fail "no one-time password from overstap user add"
# A meeting that has taken place, for the municipality with the most routes,
# with its invitations: the meeting pages and the attendance list.
gm=$(sqlite3 "$OVERSTAP_DB" "SELECT gemeente FROM route GROUP BY gemeente ORDER BY count(*) DESC, gemeente LIMIT 1")
meeting=$("$bin" meeting add --org UWV-NH --at "2026-01-10 19:00" --location "Buurthuis De Brug" \
	--capacity 60 --target "$gm" --ww-end-from 2000-01-01 --ww-end-to 2099-12-31 --expect 25-50) &&
	"$bin" meeting invite "$meeting" >>"$dir/setup.log" 2>&1 || fail "adding a meeting failed"

"$bin" serve --listen 127.0.0.1:0 --threads 2 >"$dir/serve.out" 2>"$dir/serve.err" &
pid=$!
port=""
for _ in $(seq 1 100); do
	port=$(sed -n 's|^overstap listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$dir/serve.out")
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || {
	cat "$dir/serve.err"
	fail "the server did not start"
}

OVERSTAP_URL="http://127.0.0.1:$port" OVERSTAP_USER=adviseur@uwv.example.nl \
	OVERSTAP_PASSWORD="$password" OVERSTAP_OTP_USER=nieuw@uwv.example.nl OVERSTAP_OTP="$otp" \
	OVERSTAP_TMP="$dir" OVERSTAP_MEETING="$meeting" \
	node --test --test-concurrency=1 --test-reporter=tap tests/browser/*.test.mjs >"$dir/tap" 2>&1
rc=$?
cat "$dir/tap"
pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$dir/tap" | tail -n 1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$dir/tap" | tail -n 1)
pass=${pass:-0}
failed=${failed:-0}
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1
fi
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
