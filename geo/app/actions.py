"""What the analyst adds to the data from the page: pasted or uploaded articles.

In: pasted text or an uploaded file's bytes. Out: articles through the pipeline into the
store. Corrections of events are :mod:`geo.app.review`'s. Pasted and uploaded records
meet the one contract of :mod:`geo.sources.records`: a bad record is one line of
:class:`~geo.sources.records.IngestError` and the good ones are kept.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from geo.model import Article
from geo.sources.records import (
    IngestError,
    InputProblem,
    Options,
    RepeatedIds,
    article_from_fields,
    decode_text,
    json_object,
)

#: (record, its raw fields or the problem that kept it from having any)
Records = Iterator[tuple[str, dict[str, Any] | InputProblem]]


def _checked(source: str, records: Records, opts: Options, *, derive_id: bool
             ) -> tuple[list[Article], list[IngestError]]:
    """Each record through the contract: the good articles, and one problem per bad record or warning."""
    articles: list[Article] = []
    problems: list[IngestError] = []
    seen = RepeatedIds()
    for record, fields in records:
        def warn(msg: str, _record: str = record) -> None:
            problems.append(IngestError(source, _record, msg, "warning"))

        try:
            if isinstance(fields, InputProblem):
                raise fields
            art = article_from_fields(fields, opts, derive_id=derive_id, warn=warn)
        except InputProblem as exc:
            problems.append(IngestError(source, record, str(exc)))
            continue
        repeated = seen.check(source, record, art.id)
        if repeated is not None:
            problems.append(repeated)
        else:
            articles.append(art)
    return articles, problems


def parse_pasted(text: str, *, published: date | None, language: str | None = None,
                 title: str | None = None, url: str | None = None, source: str | None = "pasted"
                 ) -> tuple[list[Article], list[IngestError]]:
    """One article from pasted text (blank text gives none), and its problems.

    The id is derived from the text, so pasting the same text twice is one article.
    """
    if not text.strip():
        return [], []
    fields = {"text": text, "title": title, "url": url}
    return _checked("pasted text", iter([("text", fields)]), Options(published, language, source),
                    derive_id=True)


def _json_lines(text: str) -> Records:
    for n, line in enumerate(text.split("\n"), start=1):  # not splitlines(): U+2028 may sit inside a string
        if line.strip():
            try:
                yield f"line {n}", json_object(line)
            except InputProblem as exc:
                yield f"line {n}", exc


def _json_array(text: str) -> Records:
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputProblem(f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if not isinstance(rows, list):
        raise InputProblem(f"expected a JSON array, got {type(rows).__name__}")
    for n, row in enumerate(rows, start=1):
        yield f"item {n}", row if isinstance(row, dict) else InputProblem(
            f"expected a JSON object, got {type(row).__name__}")


def _csv_rows(text: str) -> Records:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "text" not in reader.fieldnames or "id" not in reader.fieldnames:
        raise InputProblem("a CSV needs 'id' and 'text' columns")
    try:
        for row in reader:
            yield f"line {reader.line_num}", {k: v for k, v in row.items() if k is not None and v not in (None, "")}
    except csv.Error as exc:
        yield f"line {reader.line_num}", InputProblem(f"CSV error: {exc}; the rest of the file is not read")


def parse_upload(name: str, data: bytes, *, published: date | None, language: str | None = None,
                 source: str | None = None) -> tuple[list[Article], list[IngestError]]:
    """Articles from an uploaded file, and one problem per bad record (or warning).

    ``.txt`` is one article; ``.jsonl``/``.ndjson`` one contract row per line
    (``.json`` may also hold an array of them); ``.csv`` needs ``id`` and ``text``
    columns and may have ``published``, ``title``, ``url``, ``source``,
    ``language``. ``published``/``language``/``source`` fill in what a record
    lacks. A file that cannot be read at all is one problem for ``file``.
    """
    label = Path(name).name
    suffix = Path(name).suffix.lower()
    opts = Options(published, language, source or f"upload: {label}")
    try:
        text, note = decode_text(data)
        notes = [IngestError(label, "file", note, "warning")] if note else []
        if suffix == ".json" and text.lstrip().startswith("["):
            articles, problems = _checked(label, _json_array(text), opts, derive_id=False)
        elif suffix in (".jsonl", ".ndjson", ".json"):
            articles, problems = _checked(label, _json_lines(text), opts, derive_id=False)
        elif suffix == ".csv":
            articles, problems = _checked(label, _csv_rows(text), opts, derive_id=False)
        else:
            fields = {"text": text, "title": Path(name).stem}
            articles, problems = _checked(label, iter([("file", fields)]), opts, derive_id=True)
    except InputProblem as exc:
        return [], [IngestError(label, "file", str(exc))]
    return articles, notes + problems


def parse_inputs(pasted: str, files: Sequence[tuple[str, bytes]], *, published: date | None,
                 language: str | None = None, source: str | None = None
                 ) -> tuple[list[Article], list[IngestError]]:
    """The articles of the Ingest tab's pasted text and uploaded files (name, bytes), and every problem."""
    articles, problems = parse_pasted(pasted, published=published, language=language, source=source or "pasted")
    for name, data in files:
        more, issues = parse_upload(name, data, published=published, language=language, source=source)
        articles += more
        problems += issues
    return articles, problems


def problem_summary(problems: Sequence[IngestError]) -> str:
    """The headline over :func:`problem_lines`: how many records were left out, and the usual fix.

    >>> problem_summary([IngestError("a.jsonl", "line 2", "missing publication date")])
    'Records left out: 1 (the others were ingested). Give a publication date. Problems, one per line:'
    """
    bad = sum(p.level == "error" for p in problems)
    hint = " Give a publication date." if any("publication date" in p.problem for p in problems) else ""
    return f"Records left out: {bad} (the others were ingested).{hint} Problems, one per line:"


def problem_lines(problems: Sequence[IngestError], limit: int = 20) -> list[str]:
    """One line per problem (errors first), at most ``limit`` and a line saying how many more."""
    ranked = sorted(problems, key=lambda p: p.level != "error")
    lines = [f"{p.level}: {p}" for p in ranked[:limit]]
    if len(ranked) > limit:
        lines.append(f"... and {len(ranked) - limit} more")
    return lines


def ingest_articles(store: Any, articles: Sequence[Article], problems: list[IngestError] | None = None) -> Any:
    """Run the pipeline on each article and store the results; returns the store's ``IngestStats``.

    The pipeline's warnings (an article over its time budget) are appended to ``problems``.
    """
    from geo.pipeline import ArticleResult, process_article

    def results() -> Iterator[ArticleResult]:
        for art in articles:
            result = process_article(art)
            if problems is not None:
                problems.extend(IngestError(art.source or "", f"article {art.id}", w, "warning")
                                for w in result.warnings)
            yield result

    return store.add_results(results())

