#!/bin/sh
# A throwaway PostgreSQL cluster for the tests and benchmarks.
#   eval "$(sh scripts/pg-test.sh start)"   # sets OVERSTAP_TEST_PG and PGTEST_DIR
#   eval "$(sh scripts/pg-test.sh start --durable)"   # for benchmarks
#   sh scripts/pg-test.sh stop "$PGTEST_DIR"
# For tests the server runs without fsync (fast, and a crash only loses a
# throwaway cluster). --durable keeps PostgreSQL's durable defaults (fsync,
# synchronous_commit, full_page_writes on), as a production server has them,
# so that benchmarks measure what a deployment would see.
# initdb runs as an unprivileged user (the current one, or the system user
# overstap-test when run as root) in a temporary directory; the server listens
# only on a Unix socket in that directory, never on the network.
set -eu

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
	echo "pg-test: PostgreSQL server binaries not found (install postgresql)" >&2
	exit 1
fi

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u overstap-test -- "$@"
	else
		"$@"
	fi
}

case "${1:-}" in
start)
	durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	case "${2:-}" in
	"") ;;
	--durable) durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on" ;;
	*) echo "usage: pg-test.sh start [--durable] | stop DIR" >&2; exit 2 ;;
	esac
	if [ "$(id -u)" -eq 0 ] && ! id overstap-test >/dev/null 2>&1; then
		useradd --system --no-create-home --shell /usr/sbin/nologin overstap-test
	fi
	dir=$(mktemp -d /tmp/overstap-pg.XXXXXX)
	chmod 755 "$dir"
	[ "$(id -u)" -eq 0 ] && chown overstap-test "$dir"
	as_owner "$bindir/initdb" -D "$dir/data" -U overstap --auth=trust --no-sync \
		--encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
		-o "-c listen_addresses='' -c unix_socket_directories='$dir' $durability \
-c max_connections=50" >/dev/null || {
		cat "$dir/server.log" >&2
		exit 1
	}
	echo "OVERSTAP_TEST_PG='host=$dir user=overstap dbname=postgres'; export OVERSTAP_TEST_PG"
	echo "PGTEST_DIR='$dir'; export PGTEST_DIR"
	;;
stop)
	dir=${2:?usage: pg-test.sh stop DIR}
	case "$dir" in /tmp/overstap-pg.*) ;; *) echo "pg-test: refusing to remove $dir" >&2; exit 1 ;; esac
	as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
	;;
*)
	echo "usage: pg-test.sh start [--durable] | stop DIR" >&2
	exit 2
	;;
esac
