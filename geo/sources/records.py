"""The rules every input record meets, whatever file it came from (see :mod:`geo.sources.ingest`).

In: raw values (bytes, dates, language codes). Out: decoded text, checked dates and
languages, or an :class:`IngestError` that names the record and the problem; the
limits on text length and read size.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from gazetteer.normalize import script_letter_counts
from geo.store import IngestStats

#: Longest article text processed; longer ones are truncated with a warning. About 8,000
#: words: longer than any news article, and the geoparser's cost grows faster than the text.
MAX_TEXT_CHARS = 50_000
#: Most bytes read from one file or one JSONL line.
MAX_READ_BYTES = 16 * 1024 * 1024
#: Publication dates before this year are rejected as implausible.
MIN_YEAR = 1900
#: File suffixes read as articles.
INPUT_SUFFIXES = {".txt": "txt", ".jsonl": "jsonl", ".csv": "csv", ".html": "html", ".htm": "html"}
#: Suffixes of metadata sidecars (never articles themselves).
SIDECAR_SUFFIXES = (".json", ".meta")

_LANGUAGE_ALIASES = {
    "ar": "ar", "ara": "ar", "arb": "ar", "arabic": "ar", "عربي": "ar", "العربية": "ar",
    "en": "en", "eng": "en", "english": "en",
}


# --------------------------------------------------------------------------- records


@dataclass(slots=True, frozen=True)
class IngestError:
    """One bad input record (or a warning about one).

    ``source`` is the file, ``record`` says where in it (``line 12``, ``row 3``,
    ``file``), ``problem`` what is wrong, ``level`` ``"error"`` (record skipped)
    or ``"warning"`` (record processed).
    """

    source: str
    record: str
    problem: str
    level: str = "error"


@dataclass(slots=True)
class IngestReport:
    """Totals of one ingestion run and every per-record problem."""

    inserted: int = 0
    unchanged: int = 0
    replaced: int = 0
    duplicates: int = 0
    failed: int = 0
    articles: int = 0
    mentions: int = 0
    events: int = 0
    batches: int = 0
    files: int = 0
    worker_restarts: int = 0
    seconds: float = 0.0
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[IngestError] = field(default_factory=list)

    def add_stats(self, stats: IngestStats) -> None:
        """Accumulate the store's answer for one batch."""
        for name in ("inserted", "unchanged", "replaced", "duplicates", "failed", "mentions", "events", "batches"):
            setattr(self, name, getattr(self, name) + getattr(stats, name))

    def summary(self) -> str:
        """One human line."""
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        restarts = f"; worker processes restarted {self.worker_restarts}x" if self.worker_restarts else ""
        return (f"{self.articles} articles from {self.files} files in {self.seconds:.1f}s ({rate:.1f}/s): "
                f"inserted {self.inserted}, unchanged {self.unchanged} (duplicates {self.duplicates}), "
                f"replaced {self.replaced}, failed {self.failed}; mentions {self.mentions}, events {self.events}; "
                f"errors {len(self.errors)}, warnings {len(self.warnings)}{restarts}")

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return asdict(self)


class InputProblem(ValueError):
    """A record cannot become an article; the message is the report's ``problem``."""


# --------------------------------------------------------------------------- small parsers


def parse_published(value: Any) -> date:
    """A publication date from ``YYYY-MM-DD`` or an ISO date-time; checked for plausibility.

    The calendar date is taken as written (a time zone offset is not applied),
    which is the date the article was dated in its own edition.

    Raises
    ------
    InputProblem
        For unparseable, impossible (2019-02-30), too old or future dates.
    """
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ]\S*)", text) or re.match(
            r"^(\d{4})/(\d{1,2})/(\d{1,2})$", text)
        if not m:
            raise InputProblem(f"publication date {text[:40]!r} is not YYYY-MM-DD")
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError as exc:
            raise InputProblem(f"impossible publication date {text[:40]!r} ({exc})") from None
    else:
        raise InputProblem(f"publication date {value!r} is not a YYYY-MM-DD string")
    if day.year < MIN_YEAR:
        raise InputProblem(f"implausible publication date {day.isoformat()} (before {MIN_YEAR})")
    if day > date.today() + timedelta(days=1):
        raise InputProblem(f"publication date {day.isoformat()} is in the future")
    return day


def _letter_counts(text: str, limit: int = 20_000) -> tuple[int, int]:
    return script_letter_counts(text[:limit])


def detect_language(text: str) -> str | None:
    """``"ar"`` or ``"en"`` by which script has more letters; None when neither has any."""
    arabic, latin = _letter_counts(text)
    if arabic == 0 and latin == 0:
        return None
    return "ar" if arabic >= latin else "en"


def _norm_language(value: Any) -> str:
    key = str(value).strip().lower().replace("_", "-")
    lang = _LANGUAGE_ALIASES.get(key) or _LANGUAGE_ALIASES.get(key.split("-")[0])
    if lang is None:
        raise InputProblem(f"unsupported language {str(value)[:20]!r} (expected ar or en)")
    return lang


def decode_text(raw: bytes) -> tuple[str, str | None]:
    """Text of a file's bytes and a warning (or None).

    UTF-8 (with or without BOM), UTF-16 with a BOM, else windows-1256 when that
    yields mostly Arabic letters (with a warning).

    Raises
    ------
    InputProblem
        "binary data" for NUL bytes, "not UTF-8" for other undecodable bytes.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise InputProblem(f"invalid UTF-16 ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in raw:
        raise InputProblem("binary data (NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        alt = raw.decode("cp1256")
    except UnicodeDecodeError:
        alt = None
    if alt is not None:
        arabic, latin = _letter_counts(alt)
        if arabic > 0 and arabic >= 2 * latin:
            return alt, "not UTF-8; decoded as windows-1256 (Arabic)"
    raise InputProblem(f"not UTF-8 (invalid byte at offset {first_bad}) and not Arabic windows-1256")


def _read_prefix(path: Path, limit: int = MAX_READ_BYTES) -> tuple[bytes, int]:
    """At most ``limit`` bytes of a file and the file's size."""
    with path.open("rb") as fh:
        raw = fh.read(limit)
        size = os.fstat(fh.fileno()).st_size
    return raw, size


def _trim_partial_utf8(raw: bytes) -> bytes:
    """Drop a multi-byte character cut off by a read limit."""
    dec = codecs.getincrementaldecoder("utf-8")("ignore")
    text = dec.decode(raw, final=False)
    pending, _ = dec.getstate()
    return raw[: len(raw) - len(pending)] if pending and text is not None else raw
