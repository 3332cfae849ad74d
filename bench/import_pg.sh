#!/bin/sh
# make bench (PostgreSQL import): ROWS generated WW rows (default 1,000,000)
# imported by overstap into PostgreSQL (COPY into a staging table, then a
# set-based merge), against psql's \copy of the same file into a same-shaped
# table of 13 text columns without indexes or validation, in the same run on
# the same throwaway cluster with PostgreSQL's durable defaults (fsync,
# synchronous_commit and full_page_writes on). Each goes to a database of
# its own.
#   sh bench/import_pg.sh BINARY [ROWS]
set -eu
bin=$1
rows=${2:-1000000}
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
PGTEST_DIR=
trap '[ -n "$PGTEST_DIR" ] && sh "$here/scripts/pg-test.sh" stop "$PGTEST_DIR"; rm -rf "$dir"' EXIT
eval "$(sh "$here/scripts/pg-test.sh" start --durable)"

echo "bench import (PostgreSQL): generating $rows rows"
"$bin" generate ww --count "$rows" --seed 1 --date 2026-11-30 --out "$dir/ww.csv"
size=$(du -m "$dir/ww.csv" | cut -f1)

psql -X -q -v ON_ERROR_STOP=1 "$OVERSTAP_TEST_PG" -c "CREATE DATABASE raw" -c "CREATE DATABASE ov"
# In a libpq key=value string the last dbname wins.
raw="$OVERSTAP_TEST_PG dbname=raw"
ov="$OVERSTAP_TEST_PG dbname=ov"
psql -X -q -v ON_ERROR_STOP=1 "$raw" -c "CREATE TABLE ww(bsn text, family_name text, given_names text, birth_date text, gemeente_code text, postcode text, house_number text, ww_start text, ww_end text, daily_wage text, email text, phone text, language text)"

# seconds and peak RSS (KiB) of a command, from GNU time
measure() {
	/usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null
	cat "$dir/time"
}

set -- $(measure psql -X -q -v ON_ERROR_STOP=1 "$raw" -c "\\copy ww FROM '$dir/ww.csv' CSV HEADER")
raw_s=$1
raw_rss=$2
set -- $(measure "$bin" import ww "$dir/ww.csv" --db "$ov" --key "$dir/k.key" --quiet)
ov_s=$1
ov_rss=$2

raw_rows=$(psql -X -At "$raw" -c "SELECT count(*) FROM ww")
ov_rows=$(psql -X -At "$ov" -c "SELECT count(*) FROM ww_benefit")
if [ "$raw_rows" -ne "$rows" ] || [ "$ov_rows" -ne "$rows" ]; then
	echo "bench import (PostgreSQL): rows stored: psql $raw_rows, overstap $ov_rows; expected $rows" >&2
	exit 1
fi

awk -v rows="$rows" -v mb="$size" -v rs="$raw_s" -v os="$ov_s" -v orss="$ov_rss" -v rrss="$raw_rss" 'BEGIN {
	printf "file: %d rows, %d MB\n", rows, mb
	printf "psql \\copy (no validation):      %.2f s, %.0f rows/s, peak RSS %.1f MiB\n", rs, rows / rs, rrss / 1024
	printf "overstap import ww (PostgreSQL): %.2f s, %.0f rows/s, peak RSS %.1f MiB\n", os, rows / os, orss / 1024
	printf "ratio overstap/psql: %.2f (target >= 0.8); overstap peak RSS %.1f MiB (target <= 64)\n", rs / os, orss / 1024
}'
