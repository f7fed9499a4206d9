#!/usr/bin/env bash
# Set up and run every check: lint, types, the gazetteer's verify report and the tests
# (PostGIS and browser tests included: Debian's chromium and PostgreSQL are installed
# and a throwaway PostGIS server is started on 127.0.0.1, and stopped again at the end
# when this run started it). In CI (CI=true) a PostGIS or browser test that would skip
# fails the run (tests/conftest.py), as does a test that leaves a file in the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
LCM_SYSTEM_PACKAGES="${LCM_SYSTEM_PACKAGES:-1}" bash scripts/setup.sh
. scripts/postgis_env.sh
if [ -z "${LCM_POSTGIS_DSN:-}" ] && [ -x "$PG_BIN/initdb" ]; then
  if ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$LCM_PG_PORT"; then
    # This run starts the server, so it stops it too, however the run ends.
    export LCM_PG_PORT LCM_PG_DIR
    trap 'bash scripts/stop_postgis.sh' EXIT
  fi
  dsn="$(bash scripts/start_postgis.sh)"  # a failed start stops the run here
  export LCM_POSTGIS_DSN="${dsn#export LCM_POSTGIS_DSN=}"
fi
echo "== ruff";  .venv/bin/ruff check geo gazetteer tests bench app.py serve.py scripts
echo "== mypy";  .venv/bin/mypy
echo "== gazetteer verify"; .venv/bin/gazetteer verify
echo "== pytest"; .venv/bin/python -m pytest -q -m "not network" "$@"
