"""What the analyst adds to the data from the page: pasted or uploaded articles.

In: pasted text or an uploaded file's bytes. Out: articles through the pipeline into the
store. Corrections of events are :mod:`geo.app.review`'s.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from geo.model import Article
from geo.sources.articles import json_object


def _article(row: dict[str, Any], *, default_id: str, published: date | None, language: str | None,
             source: str | None) -> Article:
    row = {k: v for k, v in row.items() if v not in (None, "")}
    row.setdefault("id", default_id)
    if published is not None:
        row.setdefault("published", published.isoformat())
    if language:
        row.setdefault("language", language)
    if source:
        row.setdefault("source", source)
    return Article.from_dict(row)


def _upload_id(prefix: str, text: str, n: int) -> str:
    import hashlib

    return f"{prefix}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}-{n}"


def parse_pasted(text: str, *, published: date | None, language: str | None = None,
                 title: str | None = None, url: str | None = None, source: str | None = "pasted") -> list[Article]:
    """One article from pasted text (empty text gives none)."""
    if not text.strip():
        return []
    row: dict[str, Any] = {"text": text, "title": title, "url": url}
    return [_article(row, default_id=_upload_id("pasted", text, 0), published=published,
                     language=language, source=source)]


def parse_upload(name: str, data: bytes, *, published: date | None, language: str | None = None,
                 source: str | None = None) -> list[Article]:
    """Articles from an uploaded file: ``.txt`` (one article), ``.jsonl`` (contract rows; ``.json``
    may also hold an array of them) or ``.csv``.

    A CSV needs a ``text`` column and may have ``id``, ``published``, ``title``,
    ``url``, ``source``, ``language``. ``published``/``language``/``source``
    fill in what a row lacks. Raises ``ValueError`` naming the line of a bad row.
    """
    text = data.decode("utf-8-sig")
    suffix = Path(name).suffix.lower()
    src = source or f"upload: {Path(name).name}"
    if suffix == ".json" and text.lstrip().startswith("["):  # a JSON array of article objects
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{name}: not JSON ({exc.msg})") from None
        text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    if suffix in (".jsonl", ".ndjson", ".json"):
        out = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                out.append(_article(json_object(line), default_id=_upload_id("upload", line, n),
                                    published=published, language=language, source=src))
            except ValueError as exc:
                raise ValueError(f"{name} line {n}: {exc}") from None
        return out
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "text" not in reader.fieldnames:
            raise ValueError(f"{name}: a CSV needs a 'text' column")
        out = []
        for n, row in enumerate(reader, start=2):
            try:
                out.append(_article(dict(row), default_id=_upload_id("upload", row.get("text") or "", n),
                                    published=published, language=language, source=src))
            except ValueError as exc:
                raise ValueError(f"{name} line {n}: {exc}") from None
        return out
    return parse_pasted(text, published=published, language=language, title=Path(name).stem, source=src)


def ingest_articles(store: Any, articles: Sequence[Article]) -> Any:
    """Run the pipeline on each article and store the results; returns the store's ``IngestStats``."""
    from geo.pipeline import process_article

    return store.add_results(process_article(a) for a in articles)
