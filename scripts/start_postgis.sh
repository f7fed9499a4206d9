#!/usr/bin/env bash
# Start a local PostgreSQL + PostGIS cluster for the tests and print its DSN (the PostgreSQL
# version is the one installed: see postgis_env.sh).
#
#   eval "$(scripts/start_postgis.sh [DATA_DIR])"     # sets LCM_POSTGIS_DSN
#   bash scripts/stop_postgis.sh [DATA_DIR]           # stops it
#
# Installs nothing (scripts/setup.sh with LCM_SYSTEM_PACKAGES=1 does). Listens on
# 127.0.0.1 only (port $LCM_PG_PORT, default 5433; folder $LCM_PG_DIR: see
# postgis_env.sh), trust authentication on loopback, fsync off: a throwaway
# cluster for tests, never for data you keep. Idempotent: when the server
# already answers it only makes sure the database and PostGIS exist.
set -euo pipefail
. "$(dirname "$0")/postgis_env.sh"

PORT="$LCM_PG_PORT"
DATA_DIR="${1:-$LCM_PG_DIR}"
DB="${LCM_PG_DB:-lcm_test}"
BIN="$PG_BIN"

V="${LCM_PG_VERSION:-N}"
if [ ! -x "$BIN/initdb" ]; then
  echo "PostgreSQL $V is not installed: apt-get install -y postgresql-$V postgresql-$V-postgis-3" \
       "(or LCM_SYSTEM_PACKAGES=1 bash scripts/setup.sh)" >&2
  exit 1
fi
if [ ! -f "/usr/share/postgresql/$V/extension/postgis.control" ]; then
  echo "PostGIS for PostgreSQL $V is not installed: apt-get install -y postgresql-$V-postgis-3" \
       "(or LCM_SYSTEM_PACKAGES=1 bash scripts/setup.sh)" >&2
  exit 1
fi

if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  mkdir -p "$DATA_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$DATA_DIR"; chmod 700 "$DATA_DIR"; fi
  if [ ! -s "$DATA_DIR/PG_VERSION" ]; then
    as_pg "$BIN/initdb" -D "$DATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg "$BIN/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
fi

PSQL=("$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres)
if [ "$("${PSQL[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE \"$DB\"" >/dev/null
fi
"${PSQL[@]}" -d "$DB" -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null

echo "export LCM_POSTGIS_DSN=postgresql://postgres@127.0.0.1:$PORT/$DB"
