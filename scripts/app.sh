#!/usr/bin/env bash
# Set up and start the map app on the bundled sample data (the embedded GeoPackage store).
# setup.sh installs nothing while requirements-test.lock and pyproject.toml are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run app.py "$@"
