#!/bin/sh
# make bench (import): 1,000,000 generated WW rows imported by overstap,
# against sqlite3's .import of the same file into a same-shaped table with no
# validation, in the same run on the same machine.
#   sh bench/import.sh BINARY [ROWS]
set -eu
bin=$1
rows=${2:-1000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

echo "bench import: generating $rows rows"
"$bin" generate ww --count "$rows" --seed 1 --date 2026-11-30 --out "$dir/ww.csv"
size=$(du -m "$dir/ww.csv" | cut -f1)

# seconds and peak RSS (KiB) of a command, from GNU time
measure() {
	/usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null
	cat "$dir/time"
}

set -- $(measure sqlite3 "$dir/raw.db" \
	"CREATE TABLE ww(bsn TEXT, family_name TEXT, given_names TEXT, birth_date TEXT, gemeente_code TEXT, postcode TEXT, house_number TEXT, ww_start TEXT, ww_end TEXT, daily_wage TEXT, email TEXT, phone TEXT, language TEXT);" \
	".mode csv" ".import --skip 1 $dir/ww.csv ww")
raw_s=$1
raw_rss=$2
set -- $(measure "$bin" import ww "$dir/ww.csv" --db "$dir/o.db" --quiet)
ov_s=$1
ov_rss=$2

awk -v rows="$rows" -v mb="$size" -v rs="$raw_s" -v os="$ov_s" -v orss="$ov_rss" -v rrss="$raw_rss" 'BEGIN {
	printf "file: %d rows, %d MB\n", rows, mb
	printf "sqlite3 .import (no validation): %.2f s, %.0f rows/s, peak RSS %.1f MiB\n", rs, rows / rs, rrss / 1024
	printf "overstap import ww:              %.2f s, %.0f rows/s, peak RSS %.1f MiB\n", os, rows / os, orss / 1024
	printf "ratio overstap/sqlite3: %.2f (target >= 1.0); overstap peak RSS %.1f MiB (target <= 64)\n", rs / os, orss / 1024
}'
