#!/bin/sh
# Installs the Debian packages that building, testing and the demo need, only
# those that are missing. Idempotent; runs apt-get as root, or through sudo.
set -eu

PACKAGES="
build-essential pkg-config clang clang-format libclang-rt-14-dev
libsqlite3-dev sqlite3 libsodium-dev tzdata time libjansson-dev libcsv-dev libcmocka-dev
libpq-dev postgresql libmicrohttpd-dev
libcairo2-dev libpango1.0-dev librsvg2-dev poppler-utils
nginx-light wrk chromium fonts-dejavu-core
nodejs
"

# sh scripts/deps.sh --bench: also what only the benchmarks need (LibreOffice
# for the letters comparison, bench/letters.sh); make check never asks for it.
[ "${1:-}" = "--bench" ] && PACKAGES="$PACKAGES libreoffice-writer-nogui"

missing=""
# Debian's npm only when the installed nodejs does not bring its own.
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -n "$missing" ]; then
	echo "deps: installing:$missing"
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "deps: need root or sudo to install:$missing" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm packages (test data, browser tests, OpenAPI linters, NL Design System
# CSS), pinned in package.json / package-lock.json. Reinstalled when the lock
# file is newer than the installed tree.
if [ -f package.json ] && { [ ! -f node_modules/.package-lock.json ] ||
	[ package-lock.json -nt node_modules/.package-lock.json ]; }; then
	echo "deps: npm ci"
	npm ci --no-audit --no-fund --loglevel=error
fi
