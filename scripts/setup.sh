#!/usr/bin/env bash
# Create .venv (Python >= 3.11), install the exact versions of requirements-test.lock (the app and
# its test tools, with their hashes), then the project itself (editable, without dependencies).
#   bash scripts/setup.sh
#   LCM_SYSTEM_PACKAGES=1 bash scripts/setup.sh   # also Debian's chromium and PostgreSQL + PostGIS (root or sudo)
# The Python installs are skipped while requirements-test.lock and pyproject.toml are those of the
# last install (.venv/.lcm-installed keeps their hash). `bash scripts/lock.sh` refreshes the lock.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
LOCK=requirements-test.lock
STAMP=.venv/.lcm-installed

if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else SUDO=(no-root); fi
apt_updated=0
apt_update() {
  if [ "$apt_updated" = 0 ] && [ "${SUDO[0]:-}" != no-root ]; then "${SUDO[@]}" apt-get update -qq; apt_updated=1; fi
}
apt_install() {
  if [ "${SUDO[0]:-}" = no-root ]; then echo "needs root or sudo: apt-get install $*" >&2; exit 1; fi
  apt_update
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ ! -x .venv/bin/python ]; then
  "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python >= 3.11 is needed" >&2; exit 1; }
  # Debian's Python makes no virtual environment (no ensurepip) until its venv package is installed.
  "$PY" -c 'import ensurepip' 2>/dev/null || apt_install "python3.$("$PY" -c 'import sys; print(sys.version_info[1])')-venv"
  "$PY" -m venv .venv
fi
want="$(cat "$LOCK" pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  rm -f "$STAMP"  # until this install has succeeded
  .venv/bin/python -m pip install -q --require-hashes -r "$LOCK"
  .venv/bin/python -m pip install -q --no-deps -e .
  if ! problems="$(.venv/bin/python -m pip check)"; then
    echo "$problems" >&2
    echo "pip check: the packages above are missing or conflict. After a change to pyproject.toml," \
         "run bash scripts/lock.sh and commit both lock files." >&2
    exit 1
  fi
  # Build the gazetteer cache now, so the first test or page view does not pay for it.
  .venv/bin/python -c "from gazetteer import Gazetteer; print(f'gazetteer: {len(Gazetteer.default())} entries')"
  echo "$want" > "$STAMP"
fi

if [ "${LCM_SYSTEM_PACKAGES:-0}" = 1 ]; then
  . scripts/postgis_env.sh
  if [ -z "$(pg_installed_version)" ]; then apt_update; LCM_PG_VERSION="$(pg_candidate_version)"; fi
  [ -n "$LCM_PG_VERSION" ] || { echo "apt knows no postgresql package" >&2; exit 1; }
  need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -x "/usr/lib/postgresql/$LCM_PG_VERSION/bin/initdb" ] || need+=("postgresql-$LCM_PG_VERSION")
  [ -f "/usr/share/postgresql/$LCM_PG_VERSION/extension/postgis.control" ] || need+=("postgresql-$LCM_PG_VERSION-postgis-3")
  if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi
fi
