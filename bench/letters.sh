#!/bin/sh
# make bench (letters): 10,000 personalised invitation letters rendered by
# overstap into one PDF, against LibreOffice headless converting 50 of the
# same letters written as flat ODF text (.fodt) to PDF, in the same run on
# the same machine. Prints letters/s, peak RSS and the ratio.
#   sh bench/letters.sh BINARY [LETTERS] [LO_LETTERS]
# LibreOffice (Debian libreoffice-writer-nogui) is installed here through
# scripts/deps.sh --bench; make check never needs it.
set -eu
bin=$1
n=${2:-10000}
lo_n=${3:-50}
src=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

sh "$src/scripts/deps.sh" --bench

# The data: n people in Purmerend, every fifth one in English.
awk -v n="$n" 'BEGIN {
	printf "{\"sender\": {\"name\": \"Gemeente Purmerend\", \"address\": [\"Postbus 15\", \"1440 AA Purmerend\"], "
	printf "\"contact\": [\"telefoon 14 0299\", \"www.purmerend.nl\"], \"signatory\": \"A. de Vries\", "
	printf "\"signatory_role\": \"teamleider Werk en Inkomen\"},\n"
	printf "\"meeting\": {\"at\": \"2026-12-10 19:30\", \"location\": \"Stadhuis Purmerend, Purmersteenweg 42\"},\n"
	printf "\"rsvp_link\": \"https://overstap.example/rsvp\", \"place\": \"Purmerend\", \"date\": \"2026-11-23\",\n"
	printf "\"recipients\": [\n"
	for (i = 1; i <= n; i++)
		printf "%s{\"given_names\": \"Jan%d\", \"family_name\": \"Jansen\", \"address\": [\"Dorpsstraat %d\", \"1441 AB  PURMEREND\"], \"gemeente\": \"GM0439\", \"language\": \"%s\", \"code\": \"KX7R%06d\"}\n", (i > 1 ? "," : ""), i, i % 300 + 1, (i % 5 ? "nl" : "en"), i
	printf "]}\n"
}' >"$dir/data.json"

# seconds and peak RSS (KiB) of a command, from GNU time
measure() {
	/usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null
	cat "$dir/time"
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
set -- $(measure "$bin" letters --template invitation --data "$dir/data.json" \
	--out "$dir/letters.pdf" --db "$dir/o.db")
ov_s=$1
ov_rss=$2
pages=$(pdfinfo "$dir/letters.pdf" | awk '/^Pages:/ { print $2 }')

# The same Dutch letters for LibreOffice: the template rendered per person by
# overstap template render, then written as .fodt paragraphs (the letterhead,
# the address block, the date line, the subject in bold, the body).
mkdir -p "$dir/fodt" "$dir/lo"
i=1
while [ "$i" -le "$lo_n" ]; do
	printf '{"person": {"name": "Jan%d Jansen"}, "meeting": {"date": "donderdag 10 december 2026", "time": "19:30", "location": "Stadhuis Purmerend, Purmersteenweg 42"}, "rsvp": {"code": "KX7R%06d", "link": "https://overstap.example/rsvp"}, "municipality": {"name": "Purmerend"}}\n' \
		"$i" "$i" >"$dir/ctx.json"
	"$bin" template render "$src/templates/letters/invitation.nl.mustache" "$dir/ctx.json" |
		awk -v name="Jan$i Jansen" -v street="Dorpsstraat $((i % 300 + 1))" '
		function para(style, text) {
			gsub(/<b>/, "<text:span text:style-name=\"B\">", text)
			gsub(/<\/b>/, "</text:span>", text)
			printf "<text:p text:style-name=\"%s\">%s</text:p>\n", style, text
		}
		BEGIN {
			print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
			print "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" office:version=\"1.2\" office:mimetype=\"application/vnd.oasis.opendocument.text\">"
			print "<office:font-face-decls><style:font-face style:name=\"DejaVu Sans\" svg:font-family=\"DejaVu Sans\" xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\"/></office:font-face-decls>"
			print "<office:styles><style:style style:name=\"Standard\" style:family=\"paragraph\"><style:paragraph-properties fo:margin-bottom=\"0.2cm\"/><style:text-properties style:font-name=\"DejaVu Sans\" fo:font-size=\"10.5pt\"/></style:style></office:styles>"
			print "<office:automatic-styles><style:page-layout style:name=\"A4\"><style:page-layout-properties fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" fo:margin-left=\"2.2cm\" fo:margin-right=\"2cm\" fo:margin-top=\"1.2cm\" fo:margin-bottom=\"2cm\"/></style:page-layout>"
			print "<style:style style:name=\"S\" style:family=\"paragraph\" style:parent-style-name=\"Standard\"><style:text-properties fo:font-weight=\"bold\"/></style:style>"
			print "<style:style style:name=\"B\" style:family=\"text\"><style:text-properties fo:font-weight=\"bold\"/></style:style></office:automatic-styles>"
			print "<office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"A4\"/></office:master-styles>"
			print "<office:body><office:text>"
			para("S", "Gemeente Purmerend")
			para("Standard", "Postbus 15, 1440 AA Purmerend, telefoon 14 0299, www.purmerend.nl")
			para("Standard", name)
			para("Standard", street)
			para("Standard", "1441 AB  PURMEREND")
			para("Standard", "Purmerend, 23 november 2026")
		}
		NR == 1 { para("S", $0); next }
		/^- / { para("Standard", "\342\200\242 " substr($0, 3)); next }
		/./ { para("Standard", $0) }
		END {
			para("Standard", "A. de Vries")
			para("Standard", "teamleider Werk en Inkomen")
			print "</office:text></office:body></office:document>"
		}' >"$dir/fodt/letter$i.fodt"
	i=$((i + 1))
done

lo="soffice -env:UserInstallation=file://$dir/lo --headless --norestore"
# one conversion first, not timed: LibreOffice sets up its profile once
cp "$dir/fodt/letter1.fodt" "$dir/warm.fodt"
$lo --convert-to pdf --outdir "$dir/warm" "$dir/warm.fodt" >/dev/null 2>&1
set -- $(measure $lo --convert-to pdf --outdir "$dir/lo-out" "$dir"/fodt/*.fodt)
lo_s=$1
lo_rss=$2
lo_made=$(ls "$dir/lo-out"/*.pdf 2>/dev/null | wc -l)
lo_text=$(pdftotext "$dir/lo-out/letter1.pdf" - | grep -c "KX7R000001" || true)
# The way conversions are often scripted, one soffice run per document: the
# first 5 letters, each in a process of its own (reported, not the ratio).
start=$(date +%s.%N)
for i in 1 2 3 4 5; do
	$lo --convert-to pdf --outdir "$dir/lo-one" "$dir/fodt/letter$i.fodt" >/dev/null 2>&1
done
lo_one_s=$(echo "$start $(date +%s.%N)" | awk '{ printf "%.2f", $2 - $1 }')

awk -v n="$n" -v pages="$pages" -v os="$ov_s" -v orss="$ov_rss" -v lon="$lo_made" \
	-v ls="$lo_s" -v lrss="$lo_rss" -v load="$load" -v lotext="$lo_text" -v l1="$lo_one_s" 'BEGIN {
	ov = n / os; lor = lon / ls
	printf "load average at start: %s (2 cores, shared machine)\n", load
	printf "overstap letters:      %d letters (%d pages) in %.2f s: %.0f letters/s, peak RSS %.1f MiB\n", n, pages, os, ov, orss / 1024
	printf "LibreOffice headless:  %d letters (.fodt -> PDF, text check %s) in %.2f s: %.1f letters/s, peak RSS %.1f MiB\n", lon, (lotext > 0 ? "ok" : "FAILED"), ls, lor, lrss / 1024
	printf "ratio overstap/LibreOffice: %.0fx (target >= 500x); overstap %.0f letters/s (target >= 2000)\n", ov / lor, ov
	printf "LibreOffice, one soffice run per letter (5 letters): %.2f s each; overstap is %.0fx that\n", l1 / 5, ov * l1 / 5
}'
