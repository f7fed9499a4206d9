"""An unlucky operator's faults (issue 13): passwords in store URLs, export names and unreachable
stores, file permissions, and links out of an ingested folder."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.cli import main
from geo.sources.ingest import ingest, run_ingest_cli

SECRET = "s3cr3t-pw"
#: A PostgreSQL URL with a password, on a port nothing listens on: opening it fails.
UNREACHABLE = f"postgresql://lcm:{SECRET}@127.0.0.1:9/events?schema=x"
GOOD = {"text": "An air strike hit Gharyan on Monday, killing three fighters.", "published": "2019-06-25"}


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _fixture_store(path: Path) -> Path:
    from test_app import build_fixture_store  # the fixture events of tests/test_app.py

    return build_fixture_store(path)


def test_cli_never_prints_a_store_password(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--store", UNREACHABLE, "-o", str(tmp_path / "out")]) == 1
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "1", **GOOD}) + "\n", encoding="utf-8")
    assert run_ingest_cli([str(tmp_path / "a.jsonl"), "--store", UNREACHABLE, "--no-progress"]) == 1
    out = capsys.readouterr()
    printed = out.out + out.err
    assert "127.0.0.1:9" in printed and "***" in printed
    assert SECRET not in printed and "Traceback" not in printed
    assert len(out.err.strip().splitlines()) == 2  # one line per command


@pytest.mark.parametrize("url", [
    f"postgressql://lcm:{SECRET}@127.0.0.1:9/events",  # a mistyped scheme: not a store, its password all the same
    f"postgresql://127.0.0.1:9/events?sslpassword={SECRET}",  # the client key's password
])
def test_cli_never_prints_a_password_in_any_form_of_address(url: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--store", url, "-o", str(tmp_path / "out")]) != 0
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "1", **GOOD}) + "\n", encoding="utf-8")
    run_ingest_cli([str(tmp_path / "a.jsonl"), "--store", url, "--no-progress"])
    out = capsys.readouterr()
    printed = out.out + out.err
    assert "127.0.0.1:9" in printed and "***" in printed
    assert SECRET not in printed


def test_the_app_never_shows_a_store_password(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest
    from test_app import _visible_text

    monkeypatch.setenv("LCM_STORE", UNREACHABLE)
    monkeypatch.setenv("LCM_OFFLINE", "1")
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=90).run()
    assert not at.exception
    shown = _visible_text(at)
    assert "could not be opened" in shown and "127.0.0.1:9" in shown
    assert SECRET not in shown


def test_the_sidebar_masks_the_password_of_a_reachable_store(monkeypatch: pytest.MonkeyPatch) -> None:
    dsn = os.environ.get("LCM_POSTGIS_DSN")
    if not dsn:
        pytest.skip("LCM_POSTGIS_DSN is not set: start a server with scripts/start_postgis.sh")
    from test_app import _app, _visible_text

    # A password the trust-authenticated test server never asks for, but the URL carries.
    scheme, rest = dsn.split("://", 1)
    user, host = rest.split("@", 1) if "@" in rest else ("postgres", rest)
    url = f"{scheme}://{user.split(':')[0]}:{SECRET}@{host}{'&' if '?' in host else '?'}schema=lcm_redact"
    monkeypatch.setenv("LCM_STORE", url)
    monkeypatch.setenv("LCM_OFFLINE", "1")
    shown = _visible_text(_app())
    assert "Store: " in shown and ":***@" in shown and SECRET not in shown


def test_export_of_an_unreadable_store_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.gpkg"
    junk.write_bytes(b"this is not a database" * 100)
    assert main(["export", "--store", str(junk), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "junk.gpkg" in err


def test_export_gpkg_with_a_semicolon_in_the_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _fixture_store(tmp_path / "events.gpkg")
    out = tmp_path / "out"
    assert main(["export", "--store", str(store), "-o", str(out), "--format", "gpkg", "--name", "a;b"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["a;b.gpkg"]  # nothing hidden left beside it


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv"])
def test_export_files_get_ordinary_permissions(fmt: str, tmp_path: Path, umask_022: None) -> None:
    store = _fixture_store(tmp_path / "events.gpkg")
    out = tmp_path / "out"
    assert main(["export", "--store", str(store), "-o", str(out), "--format", fmt]) == 0
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()}
    assert modes and set(modes.values()) == {0o644}, modes


@pytest.mark.parametrize("command", ["geoparse", "extract"])
def test_cli_outputs_get_ordinary_permissions(command: str, tmp_path: Path, umask_022: None) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "1", **GOOD}) + "\n", encoding="utf-8")
    out = tmp_path / "out.json"
    assert main([command, str(tmp_path / "a.jsonl"), "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_ingesting_a_folder_never_follows_a_link_out_of_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash Tripoli", encoding="utf-8")
    (outside / "more").mkdir()
    (outside / "more" / "b.txt").write_text("Clashes in Sirte on Monday.", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps({"id": "1", **GOOD}) + "\n", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside / "secret.txt")
    (folder / "linked").symlink_to(outside / "more", target_is_directory=True)
    (folder / "inside.jsonl").symlink_to(folder / "a.jsonl")  # a link inside the folder is fine
    report = ingest([folder], tmp_path / "s.gpkg", workers=0, progress=False, published=None)
    problems = {Path(e.source).name: e.problem for e in report.errors}
    assert "leads out of the folder" in problems["passwd.txt"]
    assert report.articles == 2  # a.jsonl and inside.jsonl; nothing from outside/


def test_the_same_id_from_two_sources_is_an_error_unless_replace(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    strike = "An air strike hit Gharyan on Monday, killing three fighters."
    protest = "Hundreds protested in Misrata on Friday against the fighting."
    feed_a, feed_b = tmp_path / "feedA.jsonl", tmp_path / "feedB.jsonl"
    feed_a.write_text(json.dumps({"id": "1", "text": strike, "published": "2019-06-25"}) + "\n", encoding="utf-8")
    feed_b.write_text(json.dumps({"id": "1", "text": protest, "published": "2019-06-28"}) + "\n", encoding="utf-8")
    store = tmp_path / "s.gpkg"

    def stored_text() -> str:
        with sqlite3.connect(store) as db:
            return str(db.execute("SELECT text FROM articles WHERE id = '1'").fetchone()[0])

    base = ["--store", str(store), "--workers", "0", "--no-progress"]
    assert run_ingest_cli([str(feed_a), *base]) == 0
    assert run_ingest_cli([str(feed_b), *base]) == 0
    out = capsys.readouterr()
    assert "feedB.jsonl line 1" in out.err and "already stored with another text" in out.err
    assert stored_text() == strike
    assert run_ingest_cli([str(feed_b), *base, "--replace"]) == 0
    assert "replaced articles: '1'" in capsys.readouterr().out
    assert stored_text() == protest


def test_a_replaced_text_keeps_the_analysts_corrections(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from geo.store import open_store

    first = "An air strike hit Gharyan on Monday, killing three fighters."
    edited = first + " The roads to the town were closed on Tuesday."
    feed = tmp_path / "feed.jsonl"
    store_path = tmp_path / "s.gpkg"
    base = ["--store", str(store_path), "--workers", "0", "--no-progress"]
    feed.write_text(json.dumps({"id": "1", "text": first, "published": "2019-06-25"}) + "\n", encoding="utf-8")
    assert run_ingest_cli([str(feed), *base]) == 0
    with open_store(str(store_path)) as store:
        old_id = store.query_events()["event_id"].iloc[0]
        store.correct_event(old_id, {"fatalities": 4}, comment="the hospital's count")
    feed.write_text(json.dumps({"id": "1", "text": edited, "published": "2019-06-25"}) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert run_ingest_cli([str(feed), *base, "--replace"]) == 0
    assert "corrections of 1 event(s) carried over" in capsys.readouterr().out
    with open_store(str(store_path)) as store:
        events = store.query_events()
        assert old_id not in set(events["event_id"])  # a new text gives new event ids
        assert events["fatalities"].tolist() == [4]  # the analyst's count, not the text's three
        new_id = events["event_id"].iloc[0]
        assert any(f"carried over from event {old_id}" in (h["comment"] or "")
                   for h in store.correction_history(new_id))
