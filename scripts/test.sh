#!/usr/bin/env bash
# Set up and run every check: lint, types, the gazetteer's verify report and the tests
# (PostGIS and browser tests included: Debian's chromium and PostgreSQL are installed
# and a throwaway PostGIS server is started on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
LCM_SYSTEM_PACKAGES="${LCM_SYSTEM_PACKAGES:-1}" bash scripts/setup.sh
if [ -z "${LCM_POSTGIS_DSN:-}" ] && [ -x /usr/lib/postgresql/15/bin/initdb ]; then
  eval "$(bash scripts/start_postgis.sh)"
  export LCM_POSTGIS_DSN
fi
echo "== ruff";  .venv/bin/ruff check geo gazetteer tests bench app.py
echo "== mypy";  .venv/bin/mypy geo gazetteer
echo "== gazetteer verify"; .venv/bin/gazetteer verify
echo "== pytest"; .venv/bin/python -m pytest -q -m "not network" "$@"
