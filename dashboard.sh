#!/usr/bin/env bash
# The project's one setup script. On a fresh Debian machine:
#   ./dashboard.sh run    install what is missing, start a project-local PostgreSQL, migrate, seed the demo, serve
#   ./dashboard.sh test   the same provisioning (its own database server), Chromium for browser tests, every test
# PostgreSQL data lives under .local/ (git-ignored) and listens on loopback only; the system service is never used.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOCAL="$ROOT/.local"
APP_URL="http://127.0.0.1:5080"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  say "Installing $* (apt)"
  if [ -z "${APT_UPDATED:-}" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Installs nginx without letting the package start or enable its system service (it would take port 80).
install_nginx_without_service() {
  local policy=/usr/sbin/policy-rc.d added=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null && as_root chmod +x "$policy" && added=1
  fi
  local ok=1
  apt_install nginx || ok=
  if [ -n "$added" ]; then as_root rm -f "$policy"; fi
  [ -n "$ok" ] || die "Could not install nginx."
  if command -v systemctl >/dev/null 2>&1; then as_root systemctl disable nginx >/dev/null 2>&1 || true; fi
}

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  return 1
}

ensure_tools() {
  command -v dotnet >/dev/null 2>&1 || die ".NET SDK 10 is required (https://dot.net); 'dotnet' is not on PATH."
  pg_bin_dir >/dev/null || apt_install postgresql postgresql-client
  PG_BIN="$(pg_bin_dir)" || die "PostgreSQL binaries not found after install."
}

# Runs a PostgreSQL command as the owner of the data folder (PostgreSQL refuses to run as root).
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_postgres NAME PORT: a private cluster in .local/pg-NAME, reused when it exists.
start_postgres() {
  local name="$1" port="$2"
  PG_DATA="$LOCAL/pg-$name"
  PG_LOG="$LOCAL/pg-$name.log"
  mkdir -p "$LOCAL"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || as_root useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    # PostgreSQL runs as the postgres user, which must be able to walk down to .local/.
    local dir="$LOCAL"
    while [ "$dir" != "/" ]; do
      if ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then chmod o+x "$dir"; fi
      dir="$(dirname "$dir")"
    done
  fi
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    say "Creating a project-local PostgreSQL cluster in ${PG_DATA#$ROOT/}"
    mkdir -p "$PG_DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DATA"
    pg_as_owner "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  [ "$(id -u)" -eq 0 ] && touch "$PG_LOG" && chown postgres:postgres "$PG_LOG"
  if pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    say "PostgreSQL ($name) already running"
  else
    say "Starting PostgreSQL ($name) on 127.0.0.1:$port"
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 -c fsync=${PG_FSYNC:-on}" start >/dev/null \
      || { tail -n 20 "$PG_LOG" >&2; die "PostgreSQL did not start (log: $PG_LOG)"; }
    PG_STARTED_BY_US=1
  fi
  PG_PORT="$port"
}

stop_postgres() {
  if [ -n "${PG_STARTED_BY_US:-}" ]; then
    say "Stopping PostgreSQL"
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -m fast stop >/dev/null 2>&1 || true
    PG_STARTED_BY_US=
  fi
}

cmd_run() {
  ensure_tools
  trap stop_postgres EXIT
  trap 'exit 130' INT TERM
  start_postgres app 55432
  local conn="Host=127.0.0.1;Port=$PG_PORT;Database=dashboard;Username=postgres"
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='dashboard'" | grep -q 1 \
    || "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE dashboard" >/dev/null
  say "Building"
  dotnet build "$ROOT/src/Dashboard/Dashboard.csproj" -c Release -v quiet -nologo
  cat <<INFO

  Dashboard:  $APP_URL      (Ctrl-C stops the app and its database)
  Sign in with password  Demo-Pass-2026!  as:
    operator@demo.example     operator (records calls)        -> $APP_URL/console
    sato@sakura.example       staff, さくら歯科クリニック       -> $APP_URL/feed
    suzuki@sakura.example     staff, さくら歯科クリニック
    tanaka@yamada.example     staff, 山田建設株式会社
    ito@yamada.example        staff, 山田建設株式会社 (English)
    manager@demo.example      account manager
    admin@demo.example        admin
  Operator-centre API key:  dsk_demo_operator_centre_key_0001
  さくら歯科 tenant API key: dsk_demo_sakura_dental_key_0001

INFO
  ConnectionStrings__Dashboard="$conn" \
  Dashboard__MigrateOnStartup=true \
  Dashboard__SeedDemo=true \
  ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
    dotnet run --project "$ROOT/src/Dashboard/Dashboard.csproj" -c Release --no-build --no-launch-profile --urls "$APP_URL"
}

cmd_test() {
  ensure_tools
  # Debian Chromium for the browser tests, and a Japanese font so their screenshots are legible.
  command -v chromium >/dev/null 2>&1 || apt_install chromium
  [ -e /usr/share/fonts/opentype/ipafont-gothic ] || apt_install fonts-ipafont-gothic
  # Debian's nginx for the two-node deployment test, which runs it by hand on a loopback port (never the service).
  [ -x /usr/sbin/nginx ] || install_nginx_without_service
  trap stop_postgres EXIT
  # Test databases are thrown away, so durability is switched off for speed.
  PG_FSYNC=off start_postgres test 55433
  say "Building"
  dotnet build "$ROOT/Dashboard.sln" -c Release -v quiet -nologo
  say "Running every test"
  DASHBOARD_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres" \
  DASHBOARD_TEST_CHROMIUM="$(command -v chromium)" \
  DASHBOARD_TEST_ARTIFACTS="$ROOT/artifacts/test" \
    dotnet test --solution "$ROOT/Dashboard.sln" -c Release --no-build "$@"
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  *) echo "usage: $0 run | test" >&2; exit 2 ;;
esac
