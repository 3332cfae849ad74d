#!/bin/sh
# make demo: a fresh demo database from synthetic data, signalled for today,
# demo accounts for every role, and the server on 127.0.0.1:8080 (or
# $OVERSTAP_DEMO_LISTEN) until Ctrl-C.
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

"$bin" org add --code PARTNER-WERKT --kind partner --name "Werkt! Re-integratie" >/dev/null

echo "== an information meeting in Alphen aan den Rijn in two weeks, with answers"
meet_day=$(TZ=Europe/Amsterdam date -d "+14 days" +%Y-%m-%d)
window_end=$(TZ=Europe/Amsterdam date -d "+6 months" +%Y-%m-%d)
meeting=$("$bin" meeting add --org GM0484 --at "$meet_day 19:30" \
	--location "Gemeentehuis, Raadhuisplein 1, Alphen aan den Rijn" --capacity 80 \
	--target GM0484 --ww-end-from "$today" --ww-end-to "$window_end" \
	--presenter UWV-NH --presenter PARTNER-WERKT --expect 25-50)
printf 'meeting %s: ' "$meeting"
"$bin" meeting invite "$meeting" | sed 's/$/ invited/'
# Synthetic answers through the residents' own RSVP use case: every fourth
# invitee comes and lets the municipality contact them (a consent record,
# so Alphen's staff see that route), every tenth declines.
"$bin" meeting invitees "$meeting" --purpose "demo: synthetic answers" --format csv |
	awk -F, 'NR > 1 { sub(/\r$/, "", $NF); print NR, $NF }' | while read -r n code; do
	if [ $((n % 4)) -eq 0 ]; then
		"$bin" meeting rsvp "$code" --accept --consent >/dev/null
	elif [ $((n % 10)) -eq 0 ]; then
		"$bin" meeting rsvp "$code" --decline >/dev/null
	fi
done
# The letters of that meeting: the invitation for everyone, the reminder
# only for those who have not answered yet.
"$bin" letters --meeting "$meeting" --template invitation --out "$dir/uitnodigingen.pdf"
"$bin" letters --meeting "$meeting" --template reminder --out "$dir/herinneringen.pdf"

echo "== demo accounts, one for each role (random passwords)"
accounts=$dir/accounts.txt
: >"$accounts"
chmod 600 "$accounts"
# role organisation e-mail
while read -r role org email; do
	pw=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
	printf '%s\n' "$pw" | "$bin" user add --org "$org" --role "$role" --email "$email" >/dev/null
	printf '  %-26s %-15s %-34s %s\n' "$role" "$org" "$email" "$pw" >>"$accounts"
done <<ACCOUNTS
uwv-adviseur UWV-NH adviseur@uwv-nh.demo.example
beheer UWV-NH beheer@uwv-nh.demo.example
klantmanager GM0484 klantmanager@alphen.demo.example
intake GM0484 intake@alphen.demo.example
werkgeversdienstverlener GM0484 wgd@alphen.demo.example
beleid GM0484 beleid@alphen.demo.example
partner PARTNER-WERKT partner@werkt.demo.example
auditor UWV-NH auditor@uwv-nh.demo.example
ACCOUNTS

listen=${OVERSTAP_DEMO_LISTEN:-127.0.0.1:8080}
cat <<MSG

The demo database is $db (key file $db.key); the accounts are also in
$accounts (only for this demo: the passwords change with every make demo).

  role                       organisation    e-mail                             password
$(cat "$accounts")

UWV staff (uwv-adviseur, beheer of UWV-NH) see the werkvoorraad of UWV-NH
and can import a WW file; Alphen's staff (GM0484) see the routes of the
people who answered the demo meeting with consent, and manage that meeting
(Bijeenkomsten: its funnel); policy staff see aggregates only; partner and
auditor have no werkvoorraad. A resident's RSVP page: /uitnodiging (codes:
$bin meeting invitees $meeting --purpose demo).

Open http://$listen/ in a browser and sign in. Stop the server with Ctrl-C.
The command line works on the same database meanwhile:
  export OVERSTAP_DB=$db
  $bin signal --org GM0484 --format json | head -20
MSG
exec "$bin" serve --listen "$listen"
