#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml (the one command; run it after changing a dependency):
#   bash scripts/lock.sh                          # add what is new, keep every other pin
#   bash scripts/lock.sh --upgrade                # move everything to the newest versions allowed
#   bash scripts/lock.sh --upgrade-package NAME   # move one package (and what it needs)
# requirements-test.lock: the app and the test tools (what scripts/setup.sh installs);
# requirements.lock: the app alone, with the same versions. Exact versions with their hashes, for
# every platform and Python >= 3.11 (--universal); pyproject.toml keeps its ranges for library users.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/setup.sh
.venv/bin/python -m uv --version >/dev/null 2>&1 || .venv/bin/python -m pip install -q "uv>=0.5"
compile=(.venv/bin/python -m uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes
         --quiet --custom-compile-command "bash scripts/lock.sh")
"${compile[@]}" --extra test -o requirements-test.lock "$@"
"${compile[@]}" -c requirements-test.lock -o requirements.lock "$@"
echo "requirements-test.lock: $(grep -c '^[a-z0-9]' requirements-test.lock) packages; requirements.lock: $(grep -c '^[a-z0-9]' requirements.lock)"
