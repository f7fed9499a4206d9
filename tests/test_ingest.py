"""Batch ingestion: readers, bad input, idempotence, parallel and Dask runs, kill-and-resume.

These tests run the real pipeline (``geo.pipeline.process_article``). They
check what does not depend on extraction quality: which records land, article
and mention counts, and that different runs store identical contents.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench.generate_articles import write_jsonl
from geo.model import Article
from geo.sources.ingest import (
    MAX_TEXT_CHARS,
    IngestError,
    ingest,
    parse_published,
    read_articles,
    run_ingest_cli,
)
from geo.store import open_store
from tests.store_fixtures import (  # noqa: F401 - fixtures by name
    POSTGIS_DSN,
    _drop_schema,
    postgis_url,
    store_url,
    table_dump,
)

REPO = Path(__file__).resolve().parents[1]

EN = "Haftar's forces shelled Ain Zara south of Tripoli yesterday, killing four civilians."
AR = "قصفت قوات حفتر منطقة عين زارة جنوب طرابلس أمس ما أسفر عن مقتل أربعة مدنيين."

HTML = """<!doctype html><html lang="en"><head>
<title>Site | Shelling in Ain Zara</title>
<meta property="og:title" content="Shelling in Ain Zara">
<meta property="article:published_time" content="2019-04-12T08:30:00+02:00">
<meta property="og:site_name" content="Libya Wire"><meta property="og:url" content="https://wire.example/1">
<script>var x = "Misrata airstrike";</script><style>.a{color:red}</style></head>
<body><nav>Home | Sirte | Benghazi</nav><header>Breaking: Derna</header>
<article><h1>Shelling</h1><p>Haftar&#39;s forces shelled <b>Ain Zara</b> south of Tripoli.</p>
<p>Two people were wounded.</p></article><footer>© Zuwara media</footer></body></html>"""


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def _jsonl(path: Path, rows: list[object]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    return _write(path, "\n".join(lines) + "\n")


def _good_folder(root: Path) -> Path:
    """Four formats, six good articles."""
    _write(root / "a" / "en.txt", EN)
    _write(root / "a" / "en.json", json.dumps({"published": "2019-04-10", "title": "Ain Zara"}))
    _write(root / "a" / "ar.txt", AR)
    _write(root / "a" / "ar.meta", "published: 2019-04-11\nsource: Alwasat\n")
    _write(root / "b" / "page.html", HTML)
    _jsonl(root / "b" / "rows.jsonl", [
        {"id": "j1", "text": EN + " (j1)", "published": "2019-04-13", "language": "en"},
        {"id": "j2", "text": AR + " (j2)", "published": "2019-04-14"},
    ])
    _write(root / "rows.csv", 'id,text,published,language\nc1,"' + EN.replace('"', '""') + ' (c1)",2019-04-15,en\n'
           + 'c2,"' + AR + ' (c2)",2019-04-16,\n')
    return root


# ----------------------------------------------------------------------------- readers


def test_every_reader(tmp_path: Path) -> None:
    items = list(read_articles([_good_folder(tmp_path)]))
    errors = [i for i in items if isinstance(i, IngestError)]
    assert errors == []
    by_id = {a.id: a for a in items if isinstance(a, Article)}
    assert len(by_id) == 7 and {"j1", "j2", "c1", "c2"} <= set(by_id)
    en = next(a for a in by_id.values() if a.text == EN)
    assert (en.published, en.language, en.title) == (date(2019, 4, 10), "en", "Ain Zara")
    assert en.id.startswith("sha256-")  # no id given: derived from the content
    ar = next(a for a in by_id.values() if a.text == AR)
    assert (ar.published, ar.language, ar.source) == (date(2019, 4, 11), "ar", "Alwasat")
    html = next(a for a in by_id.values() if a.title == "Shelling in Ain Zara")
    assert html.published == date(2019, 4, 12) and html.source == "Libya Wire" and html.url == "https://wire.example/1"
    assert "Haftar's forces shelled Ain Zara south of Tripoli." in html.text
    assert all(w not in html.text for w in ("Misrata", "Sirte", "Derna", "Zuwara", "color"))
    assert by_id["j2"].language == "ar" and by_id["c2"].language == "ar"  # detected
    assert by_id["c1"].published == date(2019, 4, 15)


def test_publication_dates() -> None:
    assert parse_published("2019-04-05T23:10:00+02:00") == date(2019, 4, 5)
    assert parse_published("2019/04/05") == date(2019, 4, 5)
    for bad, words in (("2019-02-30", "impossible"), ("1700-01-01", "before"), ("yesterday", "not YYYY-MM-DD"),
                       ((date.today() + timedelta(days=30)).isoformat(), "future")):
        with pytest.raises(ValueError, match=words):
            parse_published(bad)


# ----------------------------------------------------------------------------- bad input


def _bad_folder(root: Path) -> tuple[Path, list[tuple[str, str, str]]]:
    """A folder of good and bad records; returns it and the expected (file, record, problem words)."""
    _good_folder(root)
    _write(root / "bad" / "empty.txt", "")
    _write(root / "bad" / "blank.txt", "  \n\t\n")
    _write(root / "bad" / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" + bytes(range(256)))
    _write(root / "bad" / "latin1.txt", "Café crème à Tripoli, été 2019.".encode("latin-1"))
    _write(root / "bad" / "latin1.json", '{"published": "2019-04-10"}')
    _write(root / "bad" / "nodate.txt", EN + " (nodate)")
    _write(root / "bad" / "digits.txt", "1234 5678 !!! ... 42")
    _write(root / "bad" / "digits.json", '{"published": "2019-04-10"}')
    _write(root / "bad" / "badside.txt", EN + " (badside)")
    _write(root / "bad" / "badside.json", '{"published": ')
    # Processed with a warning:
    _write(root / "warn" / "cp1256.txt", AR.replace("أمس", "أمس (cp)").encode("cp1256"))
    _write(root / "warn" / "cp1256.meta", "2019-04-20\n")
    big = (EN + " ") * (10 * 1024 * 1024 // (len(EN) + 1) + 1)
    _write(root / "warn" / "huge.txt", big)
    _write(root / "warn" / "huge.json", '{"published": "2019-04-21", "id": "huge"}')
    _jsonl(root / "bad" / "mixed.jsonl", [
        {"id": "m1", "text": EN + " (m1)", "published": "2019-04-10"},                 # line 1 ok
        '{"id": "m2", "text": "broken',                                                # line 2
        {"text": EN + " (m3)", "published": "2019-04-10"},                             # line 3 no id
        {"id": "m4", "text": EN + " (m4)"},                                            # line 4 no date
        {"id": "m5", "text": EN + " (m5)", "published": "2019-02-30"},                 # line 5
        {"id": "m6", "text": EN + " (m6)", "published": "1700-01-01"},                 # line 6
        {"id": "m7", "text": EN + " (m7)", "published": "2999-01-01"},                 # line 7
        {"id": "m8", "text": "٣٤٥ ... 12 ?!", "published": "2019-04-10"},              # line 8 no letters
        {"id": "m1", "text": EN + " (m1 again)", "published": "2019-04-10"},           # line 9 dup id
        "",                                                                            # line 10 blank: skipped
        "[1, 2, 3]",                                                                   # line 11
        {"id": "m12", "text": EN + " (m12)", "published": "2019-04-10", "language": "fr"},  # line 12
        {"id": "m13", "text": "", "published": "2019-04-10"},                          # line 13
        {"id": "m14", "text": EN + " (m14)", "published": "2019-04-10"},               # line 14 ok
    ])
    _write(root / "bad" / "rows.csv", "id,text,published\n,no id here Tripoli,2019-04-10\n"
           "k2,Sirte clashes,2019-13-01\nk3,Sirte clashes again,2019-04-10\n")
    _write(root / "bad" / "nohdr.csv", "name,body\nx,y\n")
    expected = [
        ("empty.txt", "file", "empty file"),
        ("blank.txt", "file", "empty file"),
        ("binary.txt", "file", "binary data"),
        ("latin1.txt", "file", "not UTF-8"),
        ("nodate.txt", "file", "missing publication date"),
        ("digits.txt", "file", "unknown language"),
        ("badside.txt", "file", "sidecar badside.json"),
        ("mixed.jsonl", "line 2", "not JSON"),
        ("mixed.jsonl", "line 3", "missing id"),
        ("mixed.jsonl", "line 4", "missing publication date"),
        ("mixed.jsonl", "line 5", "impossible publication date"),
        ("mixed.jsonl", "line 6", "before 1900"),
        ("mixed.jsonl", "line 7", "in the future"),
        ("mixed.jsonl", "line 8", "unknown language"),
        ("mixed.jsonl", "line 9", "duplicate id 'm1' (first at line 1)"),
        ("mixed.jsonl", "line 11", "expected a JSON object"),
        ("mixed.jsonl", "line 12", "unsupported language 'fr'"),
        ("mixed.jsonl", "line 13", "empty text"),
        ("rows.csv", "line 2", "missing id"),
        ("rows.csv", "line 3", "impossible publication date"),
        ("nohdr.csv", "line 1", "lacks required column(s): id, text"),
    ]
    return root, expected


def test_bad_inputs_are_reported_and_good_records_land(tmp_path: Path) -> None:
    root, expected = _bad_folder(tmp_path / "in")
    report_file = tmp_path / "report.jsonl"
    store = tmp_path / "events.gpkg"
    report = ingest([root], store, workers=0, progress=False, report_path=report_file)
    got = [(Path(e.source).name, e.record, e.problem) for e in report.errors]
    for name, record, words in expected:
        assert any(n == name and r == record and words in p for n, r, p in got), (name, record, words, got)
    assert len(report.errors) == len(expected), got
    warnings = {(Path(w.source).name, w.problem.split(";")[0].split(" (")[0]) for w in report.warnings}
    assert ("cp1256.txt", "not UTF-8") in warnings
    assert any(n == "huge.txt" and "truncated" in p for n, p in warnings)
    # Good: 7 in the good folder, m1, m14, k3, cp1256, huge.
    assert report.articles == 7 + 5 and report.inserted == 12
    lines = [json.loads(line) for line in report_file.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(report.errors) + len(report.warnings)
    assert {"source", "record", "problem", "level"} <= set(lines[0])
    with open_store(store) as s:
        assert s.article_count() == 12
        huge = s.get_article("huge")
        assert huge is not None and len(huge.text) <= MAX_TEXT_CHARS
        cp = next(a for a in (s.get_article(i) for i in _ids(store)) if a and "(cp)" in a.text)
        assert cp.language == "ar"
        assert s.consistency_problems() == []


def _ids(store: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(store) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM articles")]


def test_unsupported_and_missing_paths(tmp_path: Path) -> None:
    doc = _write(tmp_path / "notes.docx", "x")
    report = ingest([doc, tmp_path / "nope"], tmp_path / "s.gpkg", workers=0, progress=False)
    assert [(Path(e.source).name, e.problem) for e in report.errors] == [
        ("nope", "no such file or folder"), ("notes.docx", "unsupported file type '.docx'")]


def test_published_and_language_defaults(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "x.txt", EN)
    report = ingest([tmp_path / "in"], tmp_path / "s.gpkg", workers=0, progress=False,
                    published=date(2019, 6, 1), language="en")
    assert report.inserted == 1 and report.errors == []
    with open_store(tmp_path / "s.gpkg") as s:
        art = s.get_article(_ids(tmp_path / "s.gpkg")[0])
        assert art is not None and art.published == date(2019, 6, 1)


# ----------------------------------------------------------------------------- runs


def test_reingest_is_idempotent(tmp_path: Path) -> None:
    root = _good_folder(tmp_path / "in")
    store = tmp_path / "events.gpkg"
    first = ingest([root], store, workers=0, progress=False)
    assert first.inserted == 7 and first.errors == []
    before = table_dump(str(store))
    second = ingest([root], store, workers=0, progress=False)
    assert (second.inserted, second.unchanged, second.replaced) == (0, 7, 0)
    assert table_dump(str(store)) == before


def test_parallel_run_stores_the_same_as_sequential(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in" / "gen.jsonl", 120, seed=3)
    _good_folder(tmp_path / "in" / "more")
    inputs = {p: p.read_bytes() for p in (tmp_path / "in").rglob("*") if p.is_file()}
    one = ingest([tmp_path / "in"], tmp_path / "one.gpkg", workers=1, progress=False, batch_size=17, chunk_size=5)
    two = ingest([tmp_path / "in"], tmp_path / "two.gpkg", workers=2, progress=False, batch_size=17, chunk_size=5)
    assert one.inserted == two.inserted == 127 and one.errors == two.errors == []
    assert (one.mentions, one.events) == (two.mentions, two.events)
    assert table_dump(str(tmp_path / "one.gpkg")) == table_dump(str(tmp_path / "two.gpkg"))
    # the workers read the articles and leave them (and their folder) as they were
    assert {p: p.read_bytes() for p in (tmp_path / "in").rglob("*") if p.is_file()} == inputs


def test_dask_local_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("dask.distributed")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    write_jsonl(tmp_path / "in" / "gen.jsonl", 60, seed=4)
    ref = ingest([tmp_path / "in"], tmp_path / "ref.gpkg", workers=0, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cl:
        report = ingest([tmp_path / "in"], tmp_path / "dask.gpkg", scheduler=cl.scheduler_address,
                        progress=False, chunk_size=7, batch_size=11)
    assert report.inserted == ref.inserted == 60 and report.errors == []
    assert table_dump(str(tmp_path / "dask.gpkg")) == table_dump(str(tmp_path / "ref.gpkg"))


_KILLABLE = textwrap.dedent("""
    import sys, time
    from geo.sources.ingest import ingest

    def on_batch(report):
        print("batch", report.inserted, flush=True)
        time.sleep(0.02)  # keep the run going long enough to be killed mid-way

    ingest([sys.argv[1]], sys.argv[2], workers=1, progress=False, batch_size=20, chunk_size=4,
           on_batch=on_batch)
    print("done", flush=True)
""")


def test_kill_mid_run_then_resume(tmp_path: Path, store_url: str) -> None:  # noqa: F811
    src = write_jsonl(tmp_path / "gen.jsonl", 400, seed=5)
    # The reference is a clean run into the same backend (dumps are compared as text).
    clean_url = str(tmp_path / "clean.gpkg") if store_url.endswith(".gpkg") else store_url + "_clean"
    try:
        _kill_and_resume(tmp_path, src, store_url, clean_url)
    finally:
        if POSTGIS_DSN and not clean_url.endswith(".gpkg"):
            _drop_schema(POSTGIS_DSN, clean_url.rsplit("schema=", 1)[1])


def _kill_and_resume(tmp_path: Path, src: Path, store_url: str, clean_url: str) -> None:  # noqa: F811
    clean = ingest([src], clean_url, workers=0, progress=False)
    assert clean.inserted == 400
    proc = subprocess.Popen([sys.executable, "-c", _KILLABLE, str(src), store_url], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    batches = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        batches += line.startswith("batch")
        if batches >= 3:
            break
    time.sleep(random.uniform(0, 0.05))  # land anywhere: between batches or inside a transaction
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    with open_store(store_url) as s:
        partial = s.article_count()
        assert s.consistency_problems() == []
    assert 60 <= partial < 400
    # Every article that landed landed whole: same mentions and events as in the clean run.
    got = table_dump(store_url)
    ref = table_dump(clean_url)
    landed = {r[0] for r in got["articles"]}
    assert {r for r in ref["articles"] if r[0] in landed} == set(got["articles"])
    assert {r for r in ref["place_mentions"] if r[0] in landed} == set(got["place_mentions"])
    assert {r for r in ref["event_articles"] if r[1] in landed} == set(got["event_articles"])
    landed_events = {r[0] for r in got["event_articles"]}
    assert {r for r in ref["events"] if r[0] in landed_events} == set(got["events"])
    resumed = ingest([src], store_url, workers=1, progress=False)
    assert resumed.inserted == 400 - partial and resumed.unchanged == partial
    assert table_dump(store_url) == ref


def _pool_workers() -> list[int]:
    """Ids of this process's pool workers: the children of its multiprocessing forkserver (from /proc)."""
    parent_of: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent_of[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    servers = [p for p, parent in parent_of.items() if parent == os.getpid()
               and b"forkserver" in Path(f"/proc/{p}/cmdline").read_bytes()]
    return [p for p, parent in parent_of.items() if parent in servers]


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the worker processes")
def test_a_killed_worker_process_is_replaced_and_no_record_is_lost(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "gen.jsonl", 200, seed=6)
    ingest([src], tmp_path / "clean.gpkg", workers=0, progress=False)
    killed: list[int] = []

    def kill_a_worker(_report: object) -> None:
        if not killed:
            victim = _pool_workers()[-1]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    report = ingest([src], tmp_path / "run.gpkg", workers=2, progress=False, batch_size=10, chunk_size=4,
                    on_batch=kill_a_worker)
    assert killed and report.worker_restarts == 1
    assert report.errors == [] and report.inserted == 200
    assert table_dump(str(tmp_path / "run.gpkg")) == table_dump(str(tmp_path / "clean.gpkg"))


# ----------------------------------------------------------------------------- CLI


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _good_folder(tmp_path / "in")
    _write(root / "x.txt", EN + " (cli)")
    store = tmp_path / "cli.gpkg"
    report = tmp_path / "r.jsonl"
    code = run_ingest_cli([str(root), "--store", str(store), "--workers", "0", "--no-progress",
                           "--published", "2019-05-01", "--report", str(report)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "inserted 8" in out.out and "errors 0" in out.out
    assert report.exists()
    assert run_ingest_cli([str(root), "--store", str(store), "--workers", "0", "--no-progress"]) == 0
    out = capsys.readouterr()
    assert "inserted 0, unchanged 7" in out.out and "errors 1" in out.out  # x.txt: no date without --published
    assert "missing publication date" in out.err
    assert run_ingest_cli([]) == 2
    assert run_ingest_cli([str(root), "--published", "2019-02-30"]) == 2
    assert run_ingest_cli([str(tmp_path / "missing")]) == 2
    assert run_ingest_cli([str(root), "--workers", "-1"]) == 2
    assert run_ingest_cli([str(root), "--store", str(tmp_path / "x.txt")]) == 1
