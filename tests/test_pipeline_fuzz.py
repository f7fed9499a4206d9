"""Fuzzing the whole chain: files -> ingest -> geoparse -> extract -> store -> GeoJSON export.

Random and adversarial text (control characters, RTL marks, ``<script>``,
huge numbers, mixed scripts, unpaired surrogates, NUL) must never crash the run
and must leave the store consistent and exportable.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.model import Article
from geo.pipeline import process_article
from geo.sources.ingest import ingest
from geo.store import EventStore, open_store

TOKENS = [
    "Tripoli", "طرابلس", "عين زارة", "Ain Zara", "Misrata", "مصراتة", "Sirte", "Benghazi", "Al-Watiya",
    "shelled", "قصفت", "struck", "drone", "طائرة مسيرة", "killed", "قتلى", "convoy", "رتل", "front line",
    "خط التماس", "yesterday", "أمس", "on Friday", "يوم الجمعة", "south of", "جنوب", "between", "بين", "and", "و",
    "GNA", "LNA", "حفتر", "Haftar", "<script>alert('x')</script>", "</article>", "&amp;", "&#0;", "\u200f",
    "\u202e", "\u200e", "\ufeff", "\x00", "\x07", "\x1b[31m", "\r\n", "\t", "99999999999999999999999999",
    "-1e309", "1e400", "٣٤٥٦٧٨", "2019-02-30", "%s", "{geom}", "?", "'; DROP TABLE events; --", "\ud800",
    "🙂", "\u0301", "ـــ", ".", "،", "!",
]

adversarial_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)), max_size=60).map(" ".join),
)

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EventStore]:
    with open_store(tmp_path_factory.mktemp("fuzz") / "fuzz.gpkg") as store:
        yield store


def _export(store: EventStore, out: Path) -> int:
    frame = store.query_events(include_rejected=True)
    frame["article_ids"] = frame["article_ids"].map(json.dumps)
    frame.to_file(out, driver="GeoJSON")
    return len(json.loads(out.read_text(encoding="utf-8"))["features"])


@given(text=adversarial_text, lang=st.sampled_from([None, "ar", "en"]), n=st.integers(0, 10**6))
@FUZZ
def test_pipeline_to_store_to_geojson_never_crashes(
    fuzz_store: EventStore, tmp_path_factory: pytest.TempPathFactory, text: str, lang: str | None, n: int
) -> None:
    article = Article(f"fz-{n}", text, date(2019, 4, 10), lang)
    result = process_article(article)
    for m in result.mentions:  # the contract: surface is text[start:end]
        assert text[m.start:m.end] == m.surface
    assert fuzz_store.upsert_article(result) in {"inserted", "unchanged", "replaced"}
    assert fuzz_store.upsert_article(result) == "unchanged"
    assert fuzz_store.consistency_problems() == []
    out = tmp_path_factory.mktemp("geojson") / "events.geojson"
    assert _export(fuzz_store, out) == fuzz_store.event_count()


@given(
    txt=st.binary(max_size=400) | adversarial_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
    body=adversarial_text,
    lines=st.lists(st.one_of(
        adversarial_text,
        st.builds(lambda i, t, p: json.dumps({"id": i, "text": t, "published": p}),
                  st.text(max_size=8), adversarial_text, st.sampled_from(["2019-04-10", "2019-02-30", "", "x"])),
    ), max_size=6),
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_ingest_of_garbage_files_accounts_for_every_record(
    tmp_path_factory: pytest.TempPathFactory, txt: bytes, body: str, lines: list[str]
) -> None:
    root = tmp_path_factory.mktemp("garbage")
    (root / "a.txt").write_bytes(txt)
    (root / "a.json").write_text('{"published": "2019-04-10"}')
    (root / "b.html").write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8",
                                 errors="surrogatepass")
    jsonl = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines)
    (root / "c.jsonl").write_bytes(jsonl.encode("utf-8", "surrogatepass"))
    records = 2 + sum(1 for line in jsonl.encode("utf-8", "surrogatepass").split(b"\n") if line.strip())
    store_path = root / "s.gpkg"
    report = ingest([root], store_path, workers=0, progress=False, published=date(2019, 4, 10))
    assert report.articles + len(report.errors) == records, report.errors
    # Every article that reached the store has exactly one outcome; a text already stored under
    # another id ("duplicate", stored once as an alias) is also counted as unchanged.
    assert report.inserted + report.unchanged + report.replaced + report.failed == report.articles
    assert report.duplicates <= report.unchanged
    with open_store(store_path) as store:
        assert (store.article_count() > 0) == (report.inserted > 0)
        assert store.consistency_problems() == []
    with sqlite3.connect(store_path) as conn:  # each text is stored once, whatever ids it came under
        rows, texts = conn.execute("SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM articles").fetchone()
    assert rows == texts
    with open_store(store_path) as store:
        assert _export(store, root / "out.geojson") == store.event_count()


field_value = st.one_of(adversarial_text, st.none(), st.integers(), st.booleans(),
                        st.lists(st.text(max_size=5), max_size=2), st.dictionaries(st.text(max_size=3), st.text(max_size=3),
                                                                                    max_size=2))
cli_record = st.fixed_dictionaries(
    {"id": st.one_of(st.text(max_size=8), st.integers(), st.lists(st.integers(), max_size=2))},
    optional={"text": field_value, "title": field_value, "url": field_value, "language": field_value,
              "published": st.one_of(st.sampled_from(["2019-04-10", "2019-02-30", "1850-01-01", "2099-01-01", ""]),
                                     field_value)},
)


@given(rows=st.lists(st.one_of(cli_record.map(json.dumps), adversarial_text.map(lambda s: s.replace("\n", " "))),
                     max_size=6))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_cli_geoparse_and_extract_write_their_output_whatever_the_lines(
    tmp_path_factory: pytest.TempPathFactory, rows: list[str]
) -> None:
    import contextlib
    import io

    from geo.cli import main

    root = tmp_path_factory.mktemp("cli")
    src = root / "in.jsonl"
    src.write_bytes("\n".join(rows).encode("utf-8", "surrogatepass"))
    lines = sum(1 for line in src.read_bytes().split(b"\n") if line.strip())
    for command, out in (("geoparse", root / "places.jsonl"), ("extract", root / "events.geojson")):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            assert main([command, str(src), "-o", str(out)]) == 0
        text = out.read_text(encoding="utf-8")  # written, and valid UTF-8
        if command == "geoparse":
            ids = {json.loads(r)["article_id"] for r in text.splitlines()}
        else:
            ids = {i for f in json.loads(text)["features"] for i in f["properties"]["article_ids"]}
        skipped = {line.split(": ")[2] for line in err.getvalue().splitlines() if line.startswith("skipped: ")}
        assert len(skipped) <= lines and len(ids) <= lines - len(skipped)
        assert "Traceback" not in err.getvalue()
