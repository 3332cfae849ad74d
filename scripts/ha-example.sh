#!/bin/sh
# PostgreSQL high availability for overstap with pg_auto_failover: a worked,
# self-checking example on ONE machine (docs/DEPLOY.md, section 3).
#
#   sh scripts/ha-example.sh        # as root, or as the postgres user
#
# What it does, in a temporary directory that it removes at the end:
#   1. a pg_auto_failover monitor and two PostgreSQL 15 data nodes, run by the
#      unprivileged system user postgres, listening on 127.0.0.1 and on Unix
#      sockets only (ports HA_PORT_BASE, +1, +2; default 55400-55402);
#   2. waits until node1 is primary and node2 its synchronous secondary;
#   3. writes a row through the multi-host connection string the application
#      uses (target_session_attrs=read-write);
#   4. performs a failover, waits until node2 is primary and node1 has
#      rejoined as secondary, and checks that the same connection string now
#      reaches node2 and the row is there;
#   5. with HA_UNPLANNED=1 also: stops node2 and its keeper at once, as if its
#      machine died, and waits until node1 has taken over (about a minute);
#   6. stops every process it started and removes the directory, also on
#      failure or Ctrl-C. Every wait has a timeout, and the whole run is
#      limited to HA_TIMEOUT seconds (default 300).
# Exit status 0 when every check passed; 1 when one failed or timed out, 143
# when the time limit was reached, 130 after Ctrl-C.
#
# DEMO ONLY, never in production: --auth trust (any local user may connect
# to these servers as any role, no password) and --no-ssl (no encryption
# between the nodes). docs/DEPLOY.md section 3 gives the production settings.
#
# Needs the Debian packages postgresql-15, postgresql-15-auto-failover and
# pg-auto-failover-cli (apt-get install postgresql-15-auto-failover).
set -eu

PG_BIN=/usr/lib/postgresql/15/bin
BASE=${HA_PORT_BASE:-55400}
PM=$BASE
P1=$((BASE + 1))
P2=$((BASE + 2))
LIMIT=${HA_TIMEOUT:-300}
UNPLANNED=${HA_UNPLANNED:-0}
DB=overstap
# The connection string the application uses (as --db / OVERSTAP_DB).
URI="postgresql://127.0.0.1:$P1,127.0.0.1:$P2/$DB?target_session_attrs=read-write"

say() { printf '\n== %s\n' "$*"; }
die() {
	printf 'ha-example: %s\n' "$*" >&2
	exit 1
}

# --- preflight --------------------------------------------------------------
if ! command -v pg_autoctl >/dev/null 2>&1 || [ ! -x "$PG_BIN/pg_ctl" ] ||
	[ ! -f /usr/lib/postgresql/15/lib/pgautofailover.so ]; then
	die "needs postgresql-15 and pg_auto_failover: apt-get install postgresql-15-auto-failover"
fi
if [ "$(id -u)" -eq 0 ]; then
	id postgres >/dev/null 2>&1 || die "no postgres system user (install postgresql-15)"
	install -d -o postgres -g postgres -m 2775 /var/run/postgresql
elif [ "$(id -un)" != postgres ]; then
	die "run as root (the servers then run as postgres) or as the postgres user"
fi
# PostgreSQL's Unix sockets go to Debian's default directory.
[ -d /var/run/postgresql ] || die "/var/run/postgresql is missing"
if command -v ss >/dev/null 2>&1; then
	for p in $PM $P1 $P2; do
		[ -z "$(ss -Htln "sport = :$p")" ] || die "port $p is in use; set HA_PORT_BASE"
	done
fi

dir=""

# Everything runs as postgres with its files (pg_autoctl's configuration,
# state and pid files included) inside $dir.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- env -i HOME="$dir" XDG_CONFIG_HOME="$dir/config" \
			XDG_DATA_HOME="$dir/share" XDG_RUNTIME_DIR="$dir/run" \
			PATH="$PG_BIN:/usr/bin:/bin" LANG=C.UTF-8 PGCONNECT_TIMEOUT=5 "$@"
	else
		env -i HOME="$dir" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/share" \
			XDG_RUNTIME_DIR="$dir/run" PATH="$PG_BIN:/usr/bin:/bin" LANG=C.UTF-8 \
			PGCONNECT_TIMEOUT=5 "$@"
	fi
}
pids=""
watchdog=""
cleanup() {
	rc=$?
	set +e
	trap - EXIT INT TERM
	[ -n "$watchdog" ] && kill "$watchdog" 2>/dev/null
	[ -n "$dir" ] || exit "$rc"
	if [ "$rc" -ne 0 ] && [ -d "$dir" ]; then
		for f in "$dir"/*.log; do
			[ -f "$f" ] || continue
			printf '\n-- last lines of %s\n' "${f##*/}" >&2
			tail -n 15 "$f" >&2
		done
	fi
	say "stopping the nodes and the monitor"
	for n in node2 node1 monitor; do
		[ -d "$dir/$n" ] && as_pg timeout 20 pg_autoctl stop --pgdata "$dir/$n" >/dev/null 2>&1
	done
	# The services end by themselves; if one has not after 30 s, stop harder.
	i=0
	while [ $i -lt 30 ]; do
		alive=""
		for p in $pids; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
		[ -z "$alive" ] && break
		sleep 1
		i=$((i + 1))
	done
	if [ -n "$alive" ]; then
		echo "ha-example: services still running after 30 s; stopping them immediately" >&2
		for n in node2 node1 monitor; do
			[ -d "$dir/$n" ] && as_pg timeout 20 pg_autoctl stop --immediate --pgdata "$dir/$n" >/dev/null 2>&1
		done
		sleep 3
		for p in $alive; do kill -KILL "$p" 2>/dev/null; done
	fi
	for n in node2 node1 monitor; do
		[ -f "$dir/$n/postmaster.pid" ] &&
			as_pg timeout 20 pg_ctl -D "$dir/$n" -m immediate -w stop >/dev/null 2>&1
	done
	# shellcheck disable=SC2086
	wait $pids $watchdog 2>/dev/null
	rm -rf "$dir"
	if [ "$rc" -eq 0 ]; then
		echo "removed $dir; all checks passed"
	else
		echo "removed $dir; FAILED (exit $rc)" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A watchdog bounds the whole run.
main=$$
(
	trap 'kill "$sp" 2>/dev/null; exit 0' TERM
	sleep "$LIMIT" &
	sp=$!
	wait "$sp"
	echo "ha-example: time limit of $LIMIT s reached" >&2
	kill -TERM "$main"
) &
watchdog=$!

dir=$(mktemp -d /tmp/overstap-ha.XXXXXX)
chmod 700 "$dir"
if [ "$(id -u)" -eq 0 ]; then
	chown postgres:postgres "$dir"
fi
as_pg mkdir -m 700 "$dir/run"

# wait_for SECONDS WHAT COMMAND...: runs COMMAND every second until it succeeds.
wait_for() {
	secs=$1
	what=$2
	shift 2
	w0=$(date +%s)
	while ! "$@" >/dev/null 2>&1; do
		[ $(($(date +%s) - w0)) -lt "$secs" ] || die "timed out after ${secs}s waiting for $what"
		sleep 1
	done
	echo "   $what: after $(($(date +%s) - w0)) s"
}

# SQL on the monitor (as its superuser, over the Unix socket).
monitor_sql() {
	as_pg timeout 15 psql -X -h /var/run/postgresql -p "$PM" -d pg_auto_failover -Atq -v ON_ERROR_STOP=1 -c "$1"
}
states() {
	monitor_sql "SELECT string_agg(nodename || '=' || reportedstate || '/' || goalstate, ' '
	             ORDER BY nodeid) FROM pgautofailover.node"
}
# in_states "node1=primary/primary node2=secondary/secondary"
in_states() { [ "$(states)" = "$1" ]; }
# While the new standby's pg_basebackup waits for a (spread) checkpoint on
# the primary, ask the primary for an immediate one; then check the states.
standby_ready() {
	as_pg timeout 15 psql -X -h 127.0.0.1 -p "$1" -d postgres -Atqc CHECKPOINT >/dev/null 2>&1 || true
	in_states "$2"
}
app_sql() { as_pg timeout 30 psql -X "$URI" -v ON_ERROR_STOP=1 -Atq "$@"; }

# --- 1. monitor and data nodes ---------------------------------------------
say "temporary directory $dir; ports $PM (monitor), $P1 (node1), $P2 (node2)"

say "creating the monitor on 127.0.0.1:$PM (DEMO: --auth trust --no-ssl)"
as_pg pg_autoctl create monitor --pgdata "$dir/monitor" --pgport "$PM" \
	--hostname 127.0.0.1 --listen 127.0.0.1 --auth trust --no-ssl --run \
	>"$dir/monitor.log" 2>&1 &
pids="$pids $!"
wait_for 60 "monitor ready" monitor_sql "SELECT 1 FROM pgautofailover.formation WHERE formationid = 'default'"
MONITOR="postgres://autoctl_node@127.0.0.1:$PM/pg_auto_failover?sslmode=prefer"

# pg_autoctl 2.0 runs initdb without data checksums; an initialised, stopped
# data directory is adopted as is, so node1 is created here with checksums
# and node2, a base backup of node1, inherits them.
say "node1: initdb --data-checksums, then pg_autoctl create postgres"
as_pg initdb -D "$dir/node1" --data-checksums --auth=trust --encoding=UTF8 \
	--locale=C.UTF-8 >"$dir/initdb.log" 2>&1
as_pg pg_autoctl create postgres --pgdata "$dir/node1" --pgport "$P1" --name node1 \
	--hostname 127.0.0.1 --listen 127.0.0.1 --dbname "$DB" --monitor "$MONITOR" \
	--auth trust --no-ssl --run >"$dir/node1.log" 2>&1 &
pids="$pids $!"
wait_for 90 "node1 single" in_states "node1=single/single"

say "node2: pg_autoctl create postgres (a base backup of node1, then streaming)"
as_pg pg_autoctl create postgres --pgdata "$dir/node2" --pgport "$P2" --name node2 \
	--hostname 127.0.0.1 --listen 127.0.0.1 --dbname "$DB" --monitor "$MONITOR" \
	--auth trust --no-ssl --run >"$dir/node2.log" 2>&1 &
pids="$pids $!"
wait_for 180 "node1 primary, node2 secondary" \
	standby_ready "$P1" "node1=primary/primary node2=secondary/secondary"

say "pg_autoctl show state"
as_pg timeout 20 pg_autoctl show state --pgdata "$dir/monitor"

# --- 2. the application's connection string ---------------------------------
say "connection string as pg_autoctl gives it (pg_autoctl show uri --formation default)"
as_pg timeout 20 pg_autoctl show uri --pgdata "$dir/monitor" --formation default

say "connection string the application uses (--db / OVERSTAP_DB)"
echo "$URI"

say "a least-privilege application role and a table (as the postgres superuser)"
app_sql <<'SQL'
CREATE ROLE overstap_app LOGIN;
CREATE TABLE ha_demo (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	note text NOT NULL,
	written_on integer NOT NULL DEFAULT inet_server_port()
);
GRANT SELECT, INSERT ON ha_demo TO overstap_app;
SQL
echo "   created role overstap_app and table ha_demo"

APP_URI="$URI&user=overstap_app"
say "write a row as overstap_app through $APP_URI"
as_pg timeout 30 psql -X "$APP_URI" -v ON_ERROR_STOP=1 -At -F ' | ' <<'SQL'
INSERT INTO ha_demo (note) VALUES ('written before the failover') RETURNING id, note, written_on;
SELECT 'server port ' || inet_server_port() || ', in recovery: ' || pg_is_in_recovery()
       || ', synchronous_commit=' || current_setting('synchronous_commit')
       || ', synchronous_standby_names=' || current_setting('synchronous_standby_names')
       || ', data_checksums=' || current_setting('data_checksums');
SQL
[ "$(app_sql -c 'SELECT inet_server_port()')" = "$P1" ] || die "the connection string did not reach node1"

say "the secondary refuses a read-write session (target_session_attrs=read-write, node2 only)"
if as_pg timeout 30 psql -X "postgresql://127.0.0.1:$P2/$DB?target_session_attrs=read-write" \
	-Atc 'SELECT 1' >"$dir/refused.txt" 2>&1; then
	die "node2 accepted a read-write session while secondary"
fi
sed 's/^/   /' "$dir/refused.txt"

# --- 3. failover -------------------------------------------------------------
say "pg_autoctl perform failover"
t0=$(date +%s)
as_pg timeout 150 pg_autoctl perform failover --pgdata "$dir/monitor" --wait 120 >"$dir/failover.log" 2>&1 ||
	die "pg_autoctl perform failover failed"
sed 's/^/   /' "$dir/failover.log" | tail -n 8
wait_for 180 "node2 primary, node1 secondary again" \
	standby_ready "$P2" "node1=secondary/secondary node2=primary/primary"
echo "   failover and rejoin took $(($(date +%s) - t0)) s"

say "pg_autoctl show state"
as_pg timeout 20 pg_autoctl show state --pgdata "$dir/monitor"

say "the same connection string after the failover"
as_pg timeout 30 psql -X "$APP_URI" -v ON_ERROR_STOP=1 -At -F ' | ' <<'SQL'
SELECT 'server port ' || inet_server_port() || ', in recovery: ' || pg_is_in_recovery();
INSERT INTO ha_demo (note) VALUES ('written after the failover') RETURNING id, note, written_on;
SELECT id, note, written_on FROM ha_demo ORDER BY id;
SQL
[ "$(app_sql -c 'SELECT inet_server_port()')" = "$P2" ] || die "the connection string did not reach node2"
[ "$(app_sql -c "SELECT count(*) FROM ha_demo WHERE note = 'written before the failover'")" = 1 ] ||
	die "the row written before the failover is missing"
echo "   checks passed: the connection string reaches the new primary and the row is there"

# --- 4. optional: an unplanned failure ----------------------------------------
if [ "$UNPLANNED" = 1 ]; then
	say "unplanned: node2 (the primary) and its keeper stop at once, as if the machine died"
	t0=$(date +%s)
	as_pg timeout 20 pg_autoctl stop --immediate --pgdata "$dir/node2" >/dev/null 2>&1
	# With its only standby gone, node1 is promoted to wait_primary: it
	# accepts writes without a synchronous standby until one comes back.
	wait_for 180 "node1 promoted" in_states "node1=wait_primary/wait_primary node2=primary/demoted"
	echo "   node1 took over $(($(date +%s) - t0)) s after node2 stopped"
	as_pg timeout 20 pg_autoctl show state --pgdata "$dir/monitor"
	as_pg timeout 30 psql -X "$APP_URI" -v ON_ERROR_STOP=1 -At -F ' | ' \
		-c "SELECT 'server port ' || inet_server_port() || ', rows: ' || count(*) FROM ha_demo"
	[ "$(app_sql -c 'SELECT count(*) FROM ha_demo')" = 2 ] || die "rows are missing after node2 died"
	[ "$(app_sql -c 'SELECT inet_server_port()')" = "$P1" ] || die "the connection string did not reach node1"
	echo "   checks passed: node1 serves the same connection string with both rows"
fi
