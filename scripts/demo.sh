#!/bin/sh
# make demo: a fresh demo database from synthetic data, signalled for today.
#   sh scripts/demo.sh BINARY
# The municipalities are those of the approaches in shared/domain/SEEDS.md;
# their window settings are demo values, not what those municipalities chose.
set -eu
bin=$1
dir=demo
db=$dir/overstap.db
today=$(TZ=Europe/Amsterdam date +%Y-%m-%d)
gemeenten="GM0439 GM0855 GM0772 GM0518 GM0599 GM0153 GM0867 GM0484 GM0796 GM0014 GM0505"

mkdir -p "$dir"
rm -f "$db" "$db-wal" "$db-shm" "$db.key" "$dir/ww.csv"
export OVERSTAP_DB="$db"

echo "== generating 20,000 synthetic WW benefits (seed 2026, reference date $today)"
# shellcheck disable=SC2086
"$bin" generate ww --count 20000 --seed 2026 --date "$today" --gemeente $gemeenten \
	--out "$dir/ww.csv"

echo "== creating the database and the werkwijze settings"
"$bin" init
"$bin" org add --code UWV-NH --kind uwv --name "UWV Noord-Holland"
"$bin" org set GM0484 --max-ww-months 6
"$bin" org set GM0796 --max-ww-months 6

echo "== importing the WW file as UWV-NH"
"$bin" import ww "$dir/ww.csv" --org UWV-NH --quiet

echo "== signalling Max-WW for $today"
"$bin" signal --date "$today"

cat <<MSG

The demo database is $db (key file $db.key).
Try:
  export OVERSTAP_DB=$db
  $bin signal --org GM0484 --format json | head -20
  $bin org list --kind uwv
  $bin calc deadline 2026-12-26
(The web server arrives with issue 4; this demo is the command line for now.)
MSG
