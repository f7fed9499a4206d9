# Settings shared by setup.sh, start_postgis.sh, stop_postgis.sh and test.sh (sourced, not run).
#   LCM_PG_VERSION  PostgreSQL's major version: the newest server installed, else the one apt
#                   would install (Debian 12: 15, Debian 13: 17)
#   LCM_PG_PORT     the port on 127.0.0.1 (default 5433, away from a system cluster on 5432)
#   LCM_PG_DIR      the cluster's folder (default $TMPDIR/lcm-postgis-VERSION)

pg_installed_version() {
  local initdb
  for initdb in /usr/lib/postgresql/*/bin/initdb; do
    if [ -x "$initdb" ]; then basename "$(dirname "$(dirname "$initdb")")"; fi
  done | sort -n | tail -n 1
}

pg_candidate_version() {
  # "15+248+deb12u2" -> 15: the version of Debian's postgresql package is the server's major.
  { apt-cache policy postgresql 2>/dev/null || true; } | sed -n 's/^ *Candidate: *\([0-9][0-9]*\)+.*/\1/p'
}

LCM_PG_VERSION="${LCM_PG_VERSION:-$(pg_installed_version)}"
LCM_PG_VERSION="${LCM_PG_VERSION:-$(pg_candidate_version)}"
LCM_PG_PORT="${LCM_PG_PORT:-5433}"
LCM_PG_DIR="${LCM_PG_DIR:-${TMPDIR:-/tmp}/lcm-postgis-$LCM_PG_VERSION}"
PG_BIN="/usr/lib/postgresql/$LCM_PG_VERSION/bin"

# The server refuses to run as root; run its tools as the postgres user then.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
