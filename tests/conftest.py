"""Test-wide rules.

* Tests that need the internet run only when asked for (``LCM_NETWORK_TESTS=1``).
* The app's events snapshots go to a temporary folder of the run.
* Each test gets back the ``__main__`` module it started with: Streamlit's AppTest installs
  ``app.py`` as ``__main__``, and process pools started later (forkserver, Dask) re-import
  ``__main__`` in every worker, which would run the app there and build ``data/events.gpkg``.
* In CI (``CI`` set and not ``0``/``false``) a PostGIS or browser test that would skip fails
  instead: a missing server or browser must not turn into a green run.
* The run must leave the checkout as it found it: a file the tests created or changed in the
  work tree (ignored ones such as ``data/events.gpkg`` included) fails the run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from app_browser import Server, Watch

    from tests.watch_server import NewsSite

ROOT = Path(__file__).resolve().parent.parent

#: Folders that tools write as they run (byte code, tool caches, the virtual environment, the
#: editable install's metadata): not a test's output.
TOOL_FOLDERS = re.compile(r"(^|/)(\.venv|__pycache__|\.pytest_cache|\.hypothesis|\.mypy_cache|\.ruff_cache"
                          r"|[^/]+\.egg-info)(/|$)")

#: Markers of tests that need a service CI must provide.
NEEDS_SERVICE = ("postgis", "browser")

#: The checkout's state when the run started.
_BEFORE = pytest.StashKey[set[str] | None]()


def in_ci() -> bool:
    """True when the ``CI`` environment variable is set to anything but ``""``, ``0`` or ``false``."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def checkout_state(root: Path = ROOT) -> set[str] | None:
    """What ``git status`` reports in *root*, ignored files included, tool caches left out.

    ``None`` when *root* is not a git work tree (an unpacked release, say): nothing to compare.
    """
    try:
        proc = subprocess.run(
            ["git", "status", "--porcelain", "--ignored=matching", "--untracked-files=all"],
            cwd=root, capture_output=True, text=True, timeout=60, check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return {line for line in proc.stdout.splitlines() if not TOOL_FOLDERS.search(line[3:])}


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_BEFORE] = checkout_state()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "postgis_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgis)
    if os.environ.get("LCM_NETWORK_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="needs the internet: set LCM_NETWORK_TESTS=1 to run")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    needs = [m for m in NEEDS_SERVICE if m in item.keywords]
    if report.skipped and needs and "network" not in item.keywords and in_ci():
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"CI must run the {'/'.join(needs)} tests, but this one skipped: {reason}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_BEFORE, None)
    after = checkout_state()
    if before is None or after is None:
        return
    left = sorted(after - before)
    if left:
        sys.stderr.write("\nThe tests left files in the checkout (git status):\n"
                         + "".join(f"  {line}\n" for line in left))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _restore_main_module() -> Iterator[None]:
    """Put back the ``__main__`` a test replaced (Streamlit's AppTest installs app.py there)."""
    main = sys.modules.get("__main__")
    yield
    if main is not None and sys.modules.get("__main__") is not main:
        sys.modules["__main__"] = main


@pytest.fixture(autouse=True, scope="session")
def _snapshots_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The app's events snapshots (geo.app.snapshot) go to a folder of this run, not the user's cache.

    Set for the whole session, so Streamlit servers the end-to-end tests start inherit it.
    """
    if "LCM_SNAPSHOT_DIR" not in os.environ:
        os.environ["LCM_SNAPSHOT_DIR"] = str(tmp_path_factory.mktemp("snapshots"))


@pytest.fixture
def site() -> Iterator[NewsSite]:
    """A local news site on 127.0.0.1 (tests/watch_server.py), for one test."""
    from tests.watch_server import NewsSite

    server = NewsSite(slow_seconds=4.0).start()
    yield server
    server.stop()


# The app in chromium (tests/app_browser.py), for the end-to-end tests.


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app (``streamlit run app.py``, offline) on a fresh copy of the fixture store (the hand-made
    events of test_app.py)."""
    from app_browser import streamlit_app
    from test_app import build_fixture_store

    tmp = tmp_path_factory.mktemp("e2e")
    with streamlit_app(build_fixture_store(tmp / "events.gpkg"), tmp / "streamlit.log") as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian chromium (Playwright), one per test module."""
    from app_browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[tuple[Any, Watch]]:
    """A fresh page on ``server``'s app, its map and marks drawn; what went wrong on it recorded."""
    from app_browser import open_page

    context, pg, watch = open_page(browser, server.url)
    try:
        yield pg, watch
    finally:
        context.close()
