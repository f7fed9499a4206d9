"""One input contract on every path: the CLI's geoparse and extract, ingest, and the app's paste and upload.

Each case names the finding of issue 13 it guards: a surrogate that cost a whole output,
field types, dates and languages that only ingest checked, plain JSON errors, and an upload
whose one bad line lost the good ones.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from geo.app import actions
from geo.cli import main
from geo.model import Article
from geo.sources.articles import read_articles_jsonl
from geo.sources.ingest import ingest
from geo.sources.records import IngestError
from geo.store import open_store

GOOD = {"text": "An air strike hit Gharyan on Monday, killing three fighters.", "published": "2019-06-25"}
FUTURE = (date.today() + timedelta(days=30)).isoformat()

#: A record per rule the contract enforces, and the words of the error it must give.
BAD_RECORDS: list[tuple[dict[str, object], str]] = [
    ({"id": "t-obj", **GOOD, "title": {"en": "x"}}, "'title' must be a string, not dict"),
    ({"id": "u-list", **GOOD, "url": ["http://a", "http://b"]}, "'url' must be a string, not list"),
    ({"id": ["a", "b"], **GOOD}, "'id' must be a string or an integer, not list"),
    ({"id": "future", **GOOD, "published": FUTURE}, "in the future"),
    ({"id": "old", **GOOD, "published": "1850-03-01"}, "before 1900"),
    ({"id": "feb30", **GOOD, "published": "2019-02-30"}, "impossible publication date"),
    ({"id": "fr", **GOOD, "language": "fr"}, "unsupported language 'fr'"),
    ({"id": "empty", **GOOD, "text": "   "}, "empty text"),
]


def _write_jsonl(path: Path, rows: list[dict[str, object] | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]  # ASCII: a surrogate as its escape
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _bad_file(tmp_path: Path) -> Path:
    rows: list[dict[str, object] | str] = [{"id": "good-1", **GOOD}]
    rows += [r for r, _ in BAD_RECORDS]
    rows += [{"id": "good-1", **GOOD, "text": "Shelling in Sirte."}, {"id": "good-2", **GOOD}]
    return _write_jsonl(tmp_path / "mixed.jsonl", rows)


def test_every_rule_gives_a_per_line_error_and_keeps_the_good_records(tmp_path: Path) -> None:
    out = list(read_articles_jsonl(_bad_file(tmp_path)))
    kept = [a.id for a in out if isinstance(a, Article)]
    errors = {e.record: e.problem for e in out if isinstance(e, IngestError) and e.level == "error"}
    assert kept == ["good-1", "good-2"]
    for n, (_, words) in enumerate(BAD_RECORDS, start=2):
        assert words in errors[f"line {n}"]
    assert "duplicate id 'good-1' (first at line 1)" in errors[f"line {len(BAD_RECORDS) + 2}"]


@pytest.mark.parametrize("command", ["geoparse", "extract"])
def test_cli_commands_apply_the_contract(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main([command, str(_bad_file(tmp_path)), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    for n, (_, words) in enumerate(BAD_RECORDS, start=2):
        assert f"line {n}: {words}" in err or (f"line {n}:" in err and words in err.split(f"line {n}:")[1])
    assert out.exists()


@pytest.mark.parametrize("where", ["text", "id"])
@pytest.mark.parametrize("command", ["geoparse", "extract"])
def test_a_lone_surrogate_costs_neither_the_output_nor_the_record(
        command: str, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # json.dumps writes "\ud800" as the escape a JSON producer would: the parser turns it into a lone surrogate.
    bad = {"id": "s1", **GOOD}
    bad[where] = ("s1\ud800" if where == "id" else GOOD["text"] + " \ud800")
    path = _write_jsonl(tmp_path / "a.jsonl", [bad, {"id": "s2", **GOOD}])
    out = tmp_path / "out"
    assert main([command, str(path), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "line 1" in err and "replaced by U+FFFD" in err
    written = out.read_text(encoding="utf-8")
    ids = ({json.loads(r)["article_id"] for r in written.splitlines()} if command == "geoparse"
           else {i for f in json.loads(written)["features"] for i in f["properties"]["article_ids"]})
    assert "s2" in ids and ("s1\ufffd" if where == "id" else "s1") in ids


def test_json_errors_say_what_and_where(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "a.jsonl", [{"id": "ok", **GOOD}, '{"id": "x", "text": "no closing quote'])
    problems = [p for p in read_articles_jsonl(path) if isinstance(p, IngestError)]
    assert [(p.record, p.problem) for p in problems] == [
        ("line 2", "not JSON: Unterminated string starting at column 21")]


def test_ingest_applies_the_same_rules(tmp_path: Path) -> None:
    report = ingest([_bad_file(tmp_path)], tmp_path / "s.gpkg", workers=0, progress=False)
    assert report.articles == 2
    assert len(report.errors) == len(BAD_RECORDS) + 1


def test_an_upload_with_one_bad_line_keeps_the_good_ones() -> None:
    data = "\n".join([json.dumps({"id": "g1", **GOOD}), json.dumps({"id": "b1", **GOOD, "title": {"a": 1}}),
                      json.dumps({"id": "g2", **GOOD})]).encode()
    arts, problems = actions.parse_upload("feed.jsonl", data, published=None)
    assert [a.id for a in arts] == ["g1", "g2"]
    assert [str(p) for p in problems] == ["feed.jsonl: line 2: 'title' must be a string, not dict"]


def test_pasted_text_meets_the_contract() -> None:
    arts, problems = actions.parse_pasted("Clashes in Sirte.", published=date(2099, 1, 1))
    assert arts == [] and "in the future" in problems[0].problem


def test_the_app_stores_the_good_lines_of_an_upload_and_shows_one_line_per_bad_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_app import _app, _open_tab  # the app fixtures of tests/test_app.py

    path = tmp_path / "events.gpkg"
    with open_store(path):
        pass
    monkeypatch.setenv("LCM_STORE", str(path))
    monkeypatch.setenv("LCM_OFFLINE", "1")
    at = _app()
    _open_tab(at, "Ingest")
    data = "\n".join([json.dumps({"id": "g1", **GOOD}), json.dumps({"id": "b1", **GOOD, "title": {"a": 1}}),
                      json.dumps({"id": "g2", **GOOD, "text": "Shelling hit Sirte on Sunday."})]).encode()
    at.file_uploader(key="ingest_files").set_value(("feed.jsonl", data, "application/jsonl"))
    next(b for b in at.button if b.label == "Run the pipeline").click().run()
    assert not at.exception
    shown = "\n".join(t.value for t in at.text)
    assert "feed.jsonl: line 2: 'title' must be a string, not dict" in shown
    assert "Traceback" not in shown and str(tmp_path) not in shown
    assert any("Records left out: 1" in e.value for e in at.error)
    with open_store(path) as store:
        assert store.article_count() == 2


def test_an_article_over_its_time_budget_is_cut_with_a_warning() -> None:
    from geo.pipeline import process_article

    art = Article("b", "An air strike hit Gharyan on Monday. " * 20, date(2019, 6, 25), "en")
    full = process_article(art)
    cut = process_article(art, budget_seconds=0.0)
    assert full.events and not full.warnings
    assert cut.events == [] and "time budget" in cut.warnings[0]


def test_a_text_over_the_length_limit_is_cut_with_a_warning_on_every_path(tmp_path: Path) -> None:
    from geo.sources.records import MAX_TEXT_CHARS

    long_text = "Clashes in Tripoli. " * (MAX_TEXT_CHARS // 10)
    path = _write_jsonl(tmp_path / "a.jsonl", [{"id": "long", **GOOD, "text": long_text}])
    out = list(read_articles_jsonl(path))
    arts = [a for a in out if isinstance(a, Article)]
    assert len(arts) == 1 and len(arts[0].text) <= MAX_TEXT_CHARS
    assert any(isinstance(w, IngestError) and "truncated" in w.problem for w in out)
    pasted, problems = actions.parse_pasted(long_text, published=date(2019, 6, 25))
    assert len(pasted[0].text) <= MAX_TEXT_CHARS and "truncated" in problems[0].problem
