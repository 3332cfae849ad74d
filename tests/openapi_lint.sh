#!/bin/sh
# Lints the OpenAPI documents with Spectral (the Logius API Design Rules
# ruleset, ../shared/testdata/adr-ruleset) and Redocly CLI (recommended,
# warnings as errors; tests/openapi/redocly.yaml), offline:
#   1. the document the server serves ($OVERSTAP_BIN serve --print-openapi
#      prints what GET /api/v1/openapi.json returns, from the same table;
#      test_cli_serve checks that they are equal);
#   2. the document of the sample table in tests/unit/test_openapi.c (every
#      kind of route the API has: {params}, query parameters, bodies,
#      bearer auth), written by that test program.
# tests/run.sh runs it like a cmocka program (four checks).
# The ruleset extends only Spectral's built-in "spectral:oas"; the linters
# run without network (unshare -rn) where user namespaces are allowed.
set -u
src=${OVERSTAP_SRC:-$(pwd)}
bin=${OVERSTAP_BIN:?OVERSTAP_BIN is not set}
ruleset=${OVERSTAP_ADR_RULESET:-$src/../shared/testdata/adr-ruleset/ruleset.yaml}
sample_test=$(dirname "$bin")/tests/test_openapi
. "$src/tests/shtest.sh"
t_dir=$(mktemp -d)
trap 'rm -rf "$t_dir"' EXIT
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1

offline=""
if unshare -rn true 2>/dev/null; then
	offline="unshare -rn"
fi

# lint LABEL FILE: both linters on one document.
lint() {
	t_check "spectral-adr $1" $offline "$src/node_modules/.bin/spectral" lint \
		--fail-severity=hint --ruleset "$ruleset" "$2"
	t_check "redocly $1" $offline "$src/node_modules/.bin/redocly" lint \
		--config "$src/tests/openapi/redocly.yaml" "$2"
}

if [ ! -f "$ruleset" ]; then
	t_fail 4 "openapi_lint: no ruleset at $ruleset"
elif "$bin" serve --print-openapi >"$t_dir/served.json" &&
	OVERSTAP_OPENAPI_SAMPLE="$t_dir/sample.json" "$sample_test" >"$t_dir/out" 2>&1; then
	lint served "$t_dir/served.json"
	lint sample "$t_dir/sample.json"
else
	cat "$t_dir/out" 2>/dev/null
	t_fail 4 "openapi_lint: cannot produce the documents"
fi
t_summary
