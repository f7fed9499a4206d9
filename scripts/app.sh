#!/usr/bin/env bash
# Set up and start the map app on the bundled sample data (the embedded GeoPackage store).
# setup.sh installs nothing while requirements-test.lock and pyproject.toml are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# serve.py starts the page app.py with the store's events already loaded (see serve.py).
exec .venv/bin/streamlit run serve.py "$@"
