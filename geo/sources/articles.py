"""Reading articles from JSON Lines by the rules of :mod:`geo.sources.records`.

The reader of ``python -m geo geoparse`` and ``extract``: any file name is read as
JSON Lines, each line through the one contract; a bad line yields an
:class:`~geo.sources.records.IngestError` naming the line, and reading goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from geo.model import Article
from geo.sources.readers import _jsonl_items, articles_of_items
from geo.sources.records import IngestError, Options

__all__ = ["read_articles_jsonl"]


def read_articles_jsonl(path: str | Path, *, published: date | None = None,
                        language: str | None = None) -> Iterator[Article | IngestError]:
    """Yield each article of a JSON Lines file, or an :class:`IngestError` for a bad line or a warning.

    Blank lines are skipped. Errors have ``level == "error"`` (the line is left
    out); warnings (``"warning"``, e.g. replaced characters) precede the article
    they concern. ``published`` and ``language`` fill in what a line lacks.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.jsonl")
    >>> _ = open(p, "w").write('{"id": "1", "text": "x", "published": "2020-01-02"}\\n{broken\\n')
    >>> [type(r).__name__ for r in read_articles_jsonl(p)]
    ['Article', 'IngestError']
    """
    return articles_of_items(_jsonl_items(Path(path)), Options(published, language))
