#!/bin/sh
# nginx in front of overstap, with the configuration of docs/DEPLOY.md §5
# (the block after the "nginx-site" marker, taken from the file as it is),
# on a throwaway self-signed certificate, high ports and a temporary prefix:
# TLS, headers, redirect, body limits and X-Forwarded-For. tests/run.sh runs
# it like a cmocka program.
set -u
src=${OVERSTAP_SRC:-$(pwd)}
bin=${OVERSTAP_BIN:?OVERSTAP_BIN is not set}
. "$src/tests/shtest.sh"
t_dir=$(mktemp -d)
d=$t_dir
serve_pid=""
cleanup() {
	[ -f "$d/nginx.pid" ] && kill "$(cat "$d/nginx.pid")" 2>/dev/null
	[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
	rm -rf "$d"
}
trap cleanup EXIT
host=overstap.gemeente.example
base=$((20000 + $$ % 20000))
tls_port=$base
http_port=$((base + 1))

# The site configuration from the documentation, with this test's ports,
# certificate, log and upstream. Every replacement must hit, or the
# documentation changed under the test.
awk '/<!-- nginx-site:/ { want = 1; next }
	want && /^```nginx/ { inside = 1; next }
	inside && /^```/ { exit }
	inside { print }' "$src/docs/DEPLOY.md" >"$d/site.orig"

subst() { # subst FROM TO: replaces a literal string that must be there
	grep -qF -- "$1" "$d/site.conf" || { echo "not in DEPLOY.md's nginx block: $1"; return 1; }
	awk -v f="$1" -v t="$2" '{ while ((i = index($0, f)) > 0) $0 = substr($0, 1, i - 1) t substr($0, i + length(f)); print }' \
		"$d/site.conf" >"$d/site.tmp" && mv "$d/site.tmp" "$d/site.conf"
}

prepare() {
	[ -s "$d/site.orig" ] || { echo "no nginx block after the marker in docs/DEPLOY.md"; return 1; }
	cp "$d/site.orig" "$d/site.conf"
	subst "listen 443 ssl http2;" "listen 127.0.0.1:$tls_port ssl http2;" &&
		subst "listen [::]:443 ssl http2;" "" &&
		subst "listen 80;" "listen 127.0.0.1:$http_port;" &&
		subst "listen [::]:80;" "" &&
		subst "/etc/nginx/ssl/overstap.crt" "$d/cert.pem" &&
		subst "/etc/nginx/ssl/overstap.key" "$d/key.pem" &&
		subst "/var/log/nginx/overstap-access.log" "$d/access.log" &&
		subst "server 127.0.0.1:8080" "server 127.0.0.1:$app_port" || return 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
		-subj "/CN=$host" -addext "subjectAltName=DNS:$host" \
		-keyout "$d/key.pem" -out "$d/cert.pem" 2>&1 || return 1
	user=""
	[ "$(id -u)" -eq 0 ] && user="user root;"
	mkdir -p "$d/tmp"
	cat >"$d/nginx.conf" <<CONF
$user
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 64; }
http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	client_body_temp_path $d/tmp/body;
	proxy_temp_path $d/tmp/proxy;
	fastcgi_temp_path $d/tmp/fastcgi;
	uwsgi_temp_path $d/tmp/uwsgi;
	scgi_temp_path $d/tmp/scgi;
	include $d/site.conf;
}
CONF
}

# start_overstap: a fresh SQLite database, overstap on a free port trusting
# only 127.0.0.1 (nginx) as a proxy; sets app_port.
start_overstap() {
	"$bin" init --db "$d/t.db" >/dev/null || return 1
	"$bin" serve --listen 127.0.0.1:0 --threads 2 --db "$d/t.db" \
		--trusted-proxy 127.0.0.1 >"$d/serve.out" 2>"$d/serve.log" &
	serve_pid=$!
	for _ in $(seq 100); do
		app_port=$(sed -n 's|^overstap listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$d/serve.out")
		[ -n "$app_port" ] && return 0
		sleep 0.1
	done
	cat "$d/serve.log"
	return 1
}

tls() { # tls ARGS... PATH: curl over TLS to nginx, checking the certificate
	path=$1
	shift
	curl -sS --max-time 10 --cacert "$d/cert.pem" --resolve "$host:$tls_port:127.0.0.1" \
		-D "$d/h" -o "$d/b" -w '%{http_code}' "$@" "https://$host:$tls_port$path"
}
header() { tr -d '\r' <"$d/h" | grep -qi "^$1: $2\$"; }
header_starts() { tr -d '\r' <"$d/h" | grep -qi "^$1: $2"; }
access_lines() { grep -c '"log":"access"' "$d/serve.log"; }

check_healthz() {
	code=$(tls /healthz)
	if [ "$code" != 200 ] || [ "$(cat "$d/b")" != ok ]; then
		echo "status ${code:-none}"
		cat "$d/h" "$d/b"
		return 1
	fi
}
check_headers() {
	tls /healthz >/dev/null || return 1
	cat "$d/h"
	header Strict-Transport-Security "max-age=63072000; includeSubDomains" &&
		header X-Content-Type-Options nosniff &&
		header_starts Content-Security-Policy "default-src 'none'" &&
		header Cache-Control no-store &&
		header API-Version 1.0.0 &&
		header Server nginx
}
check_redirect() {
	code=$(curl -sS --max-time 10 -H "Host: $host" -D "$d/h" -o /dev/null -w '%{http_code}' \
		"http://127.0.0.1:$http_port/healthz")
	cat "$d/h"
	[ "$code" = 301 ] && header Location "https://$host/healthz"
}
check_big_body() {
	head -c 2097152 /dev/zero >"$d/big"
	before=$(access_lines)
	code=$(tls /healthz -X POST -H 'Content-Type: application/octet-stream' --data-binary "@$d/big")
	echo "status $code"
	sleep 0.2
	[ "$code" = 413 ] && [ "$(access_lines)" = "$before" ] # overstap never saw it
}
check_small_body() { # through nginx, refused by overstap's route limit
	code=$(tls /healthz -X GET --data-binary 'x=1234567')
	cat "$d/h" "$d/b"
	[ "$code" = 413 ] && header_starts Content-Type application/problem+json
}
check_forwarded() {
	code=$(tls /healthz --interface 127.0.0.2 -H 'X-Forwarded-For: 203.0.113.9')
	[ "$code" = 200 ] || { echo "status $code"; return 1; }
	sleep 0.2
	echo "nginx:"; tail -n 1 "$d/access.log"
	echo "overstap:"; grep '"log":"access"' "$d/serve.log" | tail -n 1
	tail -n 1 "$d/access.log" | grep -q '"remote_addr":"127.0.0.2"' &&
		grep '"log":"access"' "$d/serve.log" | tail -n 1 | grep -q '"client":"127.0.0.2"' &&
		! grep -q 203.0.113.9 "$d/serve.log" "$d/access.log"
}

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
	t_fail 7 "nginx is not installed (make deps)"
elif ! start_overstap; then
	t_fail 7 "overstap serve did not start"
else
	PATH=$PATH:/usr/sbin
	if prepare >"$d/prepare.log" 2>&1 && nginx -t -p "$d" -c "$d/nginx.conf" -e "$d/error.log" >>"$d/prepare.log" 2>&1 &&
		nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log" >>"$d/prepare.log" 2>&1; then
		t_passed=$((t_passed + 1))
		echo "[       OK ] nginx -t and start with DEPLOY.md's configuration"
		t_check "healthz through TLS" check_healthz
		t_check "HSTS, security headers, API-Version, no nginx version" check_headers
		t_check "port 80 redirects to https" check_redirect
		t_check "2 MiB body refused by nginx (413)" check_big_body
		t_check "small body refused by overstap's route limit (413 problem+json)" check_small_body
		t_check "X-Forwarded-For from the client not believed" check_forwarded
	else
		cat "$d/prepare.log" "$d/error.log" 2>/dev/null
		t_fail 7 "nginx with DEPLOY.md's configuration"
	fi
fi
t_summary
