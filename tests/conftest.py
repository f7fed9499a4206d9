"""Test-wide options: tests that need the internet run only when asked for."""

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
