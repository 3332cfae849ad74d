#!/bin/sh
# make bench (server): overstap serve against a bare libmicrohttpd
# hello-world (bench/bare_mhd.c, the same daemon settings) in the same run,
# with wrk: 64 connections for 10 s each against
#   (a) the bare server, (b) GET /healthz,
#   (c) GET /api/v1/routes/{id} with a bearer token, random ids,
#   (d) GET /api/v1/routes?limit=50 (the werkvoorraad list) with the token,
#       and, for information, the list sorted by name and a page deep in it,
# on an SQLite store of 1,000,000 persons and routes. (c) and (d) run when
# the server's OpenAPI document has them, and say "not available" when not.
# Prints req/s, p50, p99 and the ratio to the bare server.
#   sh bench/server.sh BINARY [ROWS]
# BENCH_THREADS (16, the server default), BENCH_CONNECTIONS (64) and BENCH_SECONDS (10) override
# the server threads and wrk's connections and duration.
# The store is built once (generate ww, import ww, signal on dates three
# months apart until every benefit has a route) in build/bench/ and reused.
set -eu
bin=$1
rows=${2:-1000000}
threads=${BENCH_THREADS:-16}
conns=${BENCH_CONNECTIONS:-64}
secs=${BENCH_SECONDS:-10}
date0=2026-11-30
store=build/bench/server-$rows
db=$store/overstap.db
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

if [ ! -f "$store/ready" ]; then
	echo "bench server: building the store ($rows persons and routes) in $store"
	rm -rf "$store"
	mkdir -p "$store"
	"$bin" generate ww --count "$rows" --seed 1 --date "$date0" --out "$tmp/ww.csv"
	"$bin" org add --code UWV-BENCH --kind uwv --name "UWV benchmark" --db "$db" >/dev/null
	"$bin" import ww "$tmp/ww.csv" --org UWV-BENCH --db "$db" --quiet
	rm -f "$tmp/ww.csv"
	# Every end date lies between date0 - 6 months and date0 + 24 months;
	# 3-month windows from date0 - 7 months on cover them all.
	for m in -7 -4 -1 2 5 8 11 14 17 20 23 26; do
		"$bin" signal --date "$(date -d "$date0 $m months" +%F)" --db "$db" | tail -n 1
	done
	printf 'benchmark-password-not-secret\n' | "$bin" user add --org UWV-BENCH --role uwv-adviseur \
		--email bench@uwv-bench.example --db "$db" >/dev/null
	touch "$store/ready"
fi
n_routes=$(sqlite3 "$db" "SELECT count(*) FROM route")
n_persons=$(sqlite3 "$db" "SELECT count(*) FROM person")
id_min=$(sqlite3 "$db" "SELECT min(id) FROM route")
id_max=$(sqlite3 "$db" "SELECT max(id) FROM route")
token=$("$bin" token add --user bench@uwv-bench.example --db "$db")
echo "store: $n_persons persons, $n_routes routes (ids $id_min..$id_max)"

# shellcheck disable=SC2046 # pkg-config's flags are several words
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -Werror -Wno-unused-parameter \
	bench/bare_mhd.c -o "$tmp/bare_mhd" $(pkg-config --cflags --libs libmicrohttpd) -pthread

# wait_line FILE SED: the first line of FILE that SED matches, within 30 s.
wait_line() {
	for _ in $(seq 300); do
		v=$(sed -n "$2" "$1" 2>/dev/null | head -n 1)
		[ -n "$v" ] && { echo "$v"; return 0; }
		sleep 0.1
	done
	return 1
}

"$tmp/bare_mhd" 18599 "$threads" 128 >"$tmp/bare.out" 2>&1 &
pids="$pids $!"
wait_line "$tmp/bare.out" 's/^listening on \([0-9]*\)$/\1/p' >/dev/null
"$bin" serve --listen 127.0.0.1:0 --threads "$threads" --per-ip 128 --db "$db" \
	>"$tmp/serve.out" 2>/dev/null &
pids="$pids $!"
port=$(wait_line "$tmp/serve.out" 's|^overstap listening on http://127.0.0.1:\([0-9]*\)$|\1|p')

cat >"$tmp/auth.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local lo, hi = tonumber(os.getenv("BENCH_ID_MIN")), tonumber(os.getenv("BENCH_ID_MAX"))
local path = os.getenv("BENCH_PATH")
request = function()
	if path then return wrk.format("GET", path) end
	return wrk.format("GET", "/api/v1/routes/" .. math.random(lo, hi))
end
LUA
export BENCH_TOKEN="$token" BENCH_ID_MIN="$id_min" BENCH_ID_MAX="$id_max"

# run LABEL URL [LUA]: wrk, then one line "LABEL req/s p50 p99 ratio".
bare_rps=""
run() {
	label=$1
	url=$2
	lua=${3:-}
	set -- wrk -t2 -c"$conns" -d"${secs}s" --latency
	[ -n "$lua" ] && set -- "$@" -s "$lua"
	"$@" "$url" >"$tmp/wrk" 2>&1 || { cat "$tmp/wrk"; return 1; }
	awk -v label="$label" -v bare="$bare_rps" '
		function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
		/^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
		/^Requests\/sec:/ { rps = $2 } /Non-2xx or 3xx responses:/ { bad = $5 }
		/Socket errors:/ { serr = $0 }
		END {
			ratio = bare > 0 ? sprintf("%.2f", rps / bare) : "1.00"
			lat = p50 > 0 ? sprintf("p50 %7.3f ms  p99 %7.3f ms", p50, p99) \
				: "no latency: every request hit wrk'"'"'s 2 s timeout"
			printf "%-34s %10.0f req/s  %s  ratio %s%s%s\n",
				label, rps, lat, ratio, bad ? "  NON-2xx: " bad : "", serr ? "  " serr : ""
		}' "$tmp/wrk"
	[ -z "$bare_rps" ] && bare_rps=$(sed -n 's/^Requests\/sec: *//p' "$tmp/wrk")
	return 0
}

# has_path REGEX: the server's OpenAPI document has a GET on a path (below
# /api/v1) that REGEX matches whole; {id} may have another name.
"$bin" serve --print-openapi >"$tmp/openapi.json"
has_path() {
	node -e 'const d = require(process.argv[1]); const re = new RegExp("^" + process.argv[2] + "$");
		process.exit(Object.keys(d.paths).some(k => re.test(k) && d.paths[k].get) ? 0 : 1)' \
		"$tmp/openapi.json" "$1"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; wrk -t2 -c$conns -d${secs}s; $threads server threads"
run "(a) bare libmicrohttpd" "http://127.0.0.1:18599/"
run "(b) GET /healthz" "http://127.0.0.1:$port/healthz"
if has_path '/routes/\{[^}/]+\}'; then
	run "(c) GET /api/v1/routes/{id}" "http://127.0.0.1:$port/" "$tmp/auth.lua"
else
	echo "(c) GET /api/v1/routes/{id}         not available (no such route in this build)"
fi
if has_path '/routes'; then
	export BENCH_PATH="/api/v1/routes?limit=50"
	run "(d) GET /api/v1/routes?limit=50" "http://127.0.0.1:$port/" "$tmp/auth.lua"
	# Not targets, for information: another order, and a page deep in the
	# list (the cursor names route $deep; a deep page scans up to it).
	deep=$(((id_min + id_max) / 2))
	export BENCH_PATH="/api/v1/routes?limit=50&sort=name"
	run "(d') the same, sort=name" "http://127.0.0.1:$port/" "$tmp/auth.lua"
	export BENCH_PATH="/api/v1/routes?limit=50&cursor=c$deep"
	run "(d'') the same, cursor=c$deep" "http://127.0.0.1:$port/" "$tmp/auth.lua"
else
	echo "(d) GET /api/v1/routes?limit=50     not available (no such route in this build)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The audit writer's batches over the whole run (group commit).
curl -s "http://127.0.0.1:$port/metrics" | grep '^overstap_audit_' || true
