#!/usr/bin/env bash
# Stop the throwaway cluster of start_postgis.sh in DATA_DIR (default $LCM_PG_DIR, see
# postgis_env.sh), if it runs there. Stops that folder's server only, never another.
set -euo pipefail
. "$(dirname "$0")/postgis_env.sh"
DATA_DIR="${1:-$LCM_PG_DIR}"
if [ -x "$PG_BIN/pg_ctl" ] && [ -s "$DATA_DIR/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
  as_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m fast -w -t 60 stop >/dev/null
  echo "stopped the PostGIS server in $DATA_DIR" >&2
fi
