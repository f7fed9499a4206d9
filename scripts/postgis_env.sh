# Settings shared by start_postgis.sh, stop_postgis.sh and test.sh (sourced, not run).
#   LCM_PG_PORT  the port on 127.0.0.1 (default 5433, away from a system cluster on 5432)
#   LCM_PG_DIR   the cluster's folder (default $TMPDIR/lcm-postgis-VERSION)
LCM_PG_VERSION=15
LCM_PG_PORT="${LCM_PG_PORT:-5433}"
LCM_PG_DIR="${LCM_PG_DIR:-${TMPDIR:-/tmp}/lcm-postgis-$LCM_PG_VERSION}"
PG_BIN="/usr/lib/postgresql/$LCM_PG_VERSION/bin"

# The server refuses to run as root; run its tools as the postgres user then.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
