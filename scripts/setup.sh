#!/usr/bin/env bash
# Create .venv (Python >= 3.11) and install the project with its test extras.
#   bash scripts/setup.sh            # the project
#   LCM_SYSTEM_PACKAGES=1 bash scripts/setup.sh   # also Debian's chromium and PostGIS (needs root)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python >= 3.11 is needed" >&2; exit 1; }
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
if [ "${LCM_SYSTEM_PACKAGES:-0}" = 1 ]; then
  need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
  [ -f /usr/share/postgresql/15/extension/postgis.control ] || need+=(postgresql-15-postgis-3)
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi
# Build the gazetteer cache once, so the first test or page view does not pay for it.
.venv/bin/python -c "from gazetteer import Gazetteer; print(f'gazetteer: {len(Gazetteer.default())} entries')"
