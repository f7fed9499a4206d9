"""Test-wide options: tests that need the internet run only when asked for; app snapshots go to a temporary folder."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("LCM_NETWORK_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="needs the internet: set LCM_NETWORK_TESTS=1 to run")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _snapshots_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The app's events snapshots (geo.app.snapshot) go to a folder of this run, not the user's cache.

    Set for the whole session, so Streamlit servers the end-to-end tests start inherit it.
    """
    if "LCM_SNAPSHOT_DIR" not in os.environ:
        os.environ["LCM_SNAPSHOT_DIR"] = str(tmp_path_factory.mktemp("snapshots"))
