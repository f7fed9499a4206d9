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
from geo.sources.readers import Item, _jsonl_items, article_of_item
from geo.sources.records import IngestError, InputProblem, Options, RepeatedIds

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
    opts = Options(published, language)
    seen = RepeatedIds()
    for item in _jsonl_items(Path(path)):
        if isinstance(item, IngestError):
            yield item
            continue
        warnings: list[IngestError] = []

        def warn(msg: str, _item: Item = item, _out: list[IngestError] = warnings) -> None:
            _out.append(IngestError(_item.source, _item.record, msg, "warning"))

        try:
            art = article_of_item(item, opts, warn)
        except InputProblem as exc:
            yield from warnings
            yield IngestError(item.source, item.record, str(exc))
            continue
        yield from warnings
        yield seen.check(item.source, item.record, art.id) or art
