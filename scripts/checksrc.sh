#!/bin/sh
# Bans C functions that invite overflows or unchecked parsing. Exit 1 on a hit.
set -u
hits=$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'bench/*.c' 2>/dev/null |
	xargs grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|atof)[[:space:]]*\(' 2>/dev/null)
if [ -n "$hits" ]; then
	echo "checksrc: banned functions (use snprintf, lengths, strtol):"
	echo "$hits"
	exit 1
fi
echo "checksrc: ok"
