"""Reading articles from JSON Lines, one bad record never costing the others."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.model import Article

__all__ = ["RecordError", "read_articles_jsonl"]


@dataclass(frozen=True, slots=True)
class RecordError:
    """A record that could not be used: where it is and what is wrong with it."""

    source: str
    record: str  # "line 12", an article id, a file name
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.record}: {self.problem}"


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
                row = json.loads(line)
            except json.JSONDecodeError as e:
                yield RecordError(str(path), f"line {n}", f"not JSON: {e.msg} at column {e.colno}")
                continue
            try:
                yield Article.from_dict(row)
            except ValueError as e:
                yield RecordError(str(path), f"line {n}", str(e))
