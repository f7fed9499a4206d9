"""Reading articles from JSON Lines, one bad record never costing the others."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.model import Article

__all__ = ["RecordError", "json_object", "read_articles_jsonl"]


@dataclass(frozen=True, slots=True)
class RecordError:
    """A record that could not be used: where it is and what is wrong with it."""

    source: str
    record: str  # "line 12", an article id, a file name
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.record}: {self.problem}"


def json_object(line: str) -> dict[str, Any]:
    """One JSON Lines record as a dict, or ``ValueError`` saying what is wrong with it.

    The one parser of article records: files (:func:`read_articles_jsonl`),
    batch ingestion (``geo.sources.ingest``) and the app's uploads (``geo.app.appdata``).

    >>> json_object('{"id": "a1"}')
    {'id': 'a1'}
    >>> json_object('{"id": ')
    Traceback (most recent call last):
    ...
    ValueError: not JSON: Expecting value at column 8
    >>> json_object('[1, 2]')
    Traceback (most recent call last):
    ...
    ValueError: expected a JSON object, got list
    """
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        raise ValueError(f"not JSON: {e.msg} at column {e.colno}") from None
    if not isinstance(row, dict):
        raise ValueError(f"expected a JSON object, got {type(row).__name__}")
    return row


def read_articles_jsonl(path: str | Path) -> Iterator[Article | RecordError]:
    """Yield each article of a JSON Lines file, or a :class:`RecordError` for a bad line.

    Blank lines are skipped. A line that is not JSON, not an object, or lacks a
    usable ``id``/``text``/``published`` yields an error naming the line, and
    reading goes on.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.jsonl")
    >>> _ = open(p, "w").write('{"id": "1", "text": "x", "published": "2020-01-02"}\\n{broken\\n')
    >>> [type(r).__name__ for r in read_articles_jsonl(p)]
    ['Article', 'RecordError']
    """
    path = Path(path)
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                yield Article.from_dict(json_object(line))
            except ValueError as e:
                yield RecordError(str(path), f"line {n}", str(e))
