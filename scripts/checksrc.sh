#!/bin/sh
# make lint: bans C functions that invite overflows or unchecked parsing, and
# checks that every C file is formatted as .clang-format says. Exit 1 on a hit.
set -u
status=0
hits=$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'bench/*.c' 2>/dev/null |
	xargs grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|atof)[[:space:]]*\(' 2>/dev/null)
if [ -n "$hits" ]; then
	echo "checksrc: banned functions (use snprintf, lengths, strtol):"
	echo "$hits"
	status=1
fi
unformatted=$(git ls-files '*.c' '*.h' | while read -r f; do
	clang-format "$f" | cmp -s - "$f" || echo "$f"
done)
if [ -n "$unformatted" ]; then
	echo "checksrc: not formatted (run make format):"
	echo "$unformatted"
	status=1
fi
[ "$status" -eq 0 ] && echo "checksrc: ok"
exit "$status"
