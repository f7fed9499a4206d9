"""The one input contract: every article record, whatever path it came by, meets these rules.

Every reader uses this module: ``python -m geo geoparse|extract`` (through
:func:`geo.sources.articles.read_articles_jsonl`), ``python -m geo ingest``
(:mod:`geo.sources.readers` in worker processes), the app's paste and upload
(:mod:`geo.app.actions`) and the feed fetcher. A record is a dict of raw fields; it
becomes an :class:`geo.model.Article` through :func:`article_from_fields` or an
:class:`IngestError` naming its source, its record (``line 12``, ``row 3``,
``file``) and the problem. A bad record never costs the others.

The rules
---------
* JSON: one object per line; a line that is not JSON says so with its column
  (``not JSON: Unterminated string starting at column 21``); an array or a
  number is "expected a JSON object".
* Encoding: UTF-8 (a BOM is allowed; UTF-16 with a BOM too). Otherwise, if the
  bytes decode as windows-1256 to mostly Arabic letters, that is used with a
  warning; anything else is "not UTF-8". NUL bytes mean "binary data".
  Characters no output can encode (lone surrogates such as a JSON ``"\\ud800"``,
  NUL) are replaced by U+FFFD one for one in every field, with a warning: the
  record is kept and every output can be written.
* Types: ``text`` a string; ``id`` a string or an integer; ``title``, ``url``,
  ``source`` strings (or absent). Anything else (an object, a list) is an error
  for that record.
* Text: empty or whitespace-only is "empty text". Longer than
  :data:`MAX_TEXT_CHARS` characters: cut (at a space when possible) with a
  warning; the pipeline's cost is linear in the length, and
  :data:`MAX_ARTICLE_SECONDS` bounds the time one article may take
  (:func:`geo.pipeline.process_article`).
* Id: required for JSON Lines and CSV rows; ``.txt``/``.html`` files and pasted
  text derive one from the content. A repeated id within one input
  (:class:`RepeatedIds`): the first is kept, later ones are errors.
* Publication date: the record's own, else the caller's default (``--published``,
  the app's date field); neither -> "missing publication date". Dates must exist
  (not 2019-02-30), be from :data:`MIN_YEAR` on and not in the future.
* Language: ``ar`` or ``en`` (and spellings such as ``ar-LY``, ``Arabic``), the
  caller's default, else detected from the letters; any other language is an
  error, and a text with no Arabic or Latin letters is "unknown language".
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from gazetteer.normalize import script_letter_counts
from geo.model import Article
from geo.store import IngestStats, content_hash
from geo.store.identity import clean_text

#: Longest article text processed; longer ones are truncated with a warning. About 8,000
#: words: longer than any news article.
MAX_TEXT_CHARS = 50_000
#: Most seconds the pipeline spends on one article; past it the rest of the text is left
#: out with a warning (a batch never stalls on one pathological record).
MAX_ARTICLE_SECONDS = 20.0
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

    def __str__(self) -> str:
        return f"{self.source}: {self.record}: {self.problem}"


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
    carried: int = 0  # replaced articles' events whose corrections moved to the new events
    seconds: float = 0.0
    replaced_ids: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[IngestError] = field(default_factory=list)

    def add_stats(self, stats: IngestStats) -> None:
        """Accumulate the store's answer for one batch."""
        for name in ("inserted", "unchanged", "replaced", "duplicates", "failed", "mentions", "events", "batches"):
            setattr(self, name, getattr(self, name) + getattr(stats, name))
        self.replaced_ids += stats.replaced_ids

    def summary(self) -> str:
        """One human line."""
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        restarts = f"; worker processes restarted {self.worker_restarts}x" if self.worker_restarts else ""
        if self.carried:
            restarts += f"; corrections of {self.carried} event(s) carried over to the replaced articles' new events"
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


# --------------------------------------------------------------------------- records -> articles


@dataclass(slots=True, frozen=True)
class Options:
    """The caller's defaults for what a record lacks (``--published``, ``--language``, the app's fields)."""

    published: date | None = None
    language: str | None = None
    source: str | None = None


def json_object(line: str | bytes) -> dict[str, Any]:
    """One JSON Lines record as a dict, or :class:`InputProblem` saying what is wrong with it.

    Bytes are decoded by :func:`decode_text` first; the line ending is not part of the record.

    >>> json_object('{"id": "a1"}')
    {'id': 'a1'}
    >>> json_object('{"id": ')
    Traceback (most recent call last):
    ...
    geo.sources.records.InputProblem: not JSON: Expecting value at column 8
    >>> json_object('{"id": "a1", "text": "no end\\n')
    Traceback (most recent call last):
    ...
    geo.sources.records.InputProblem: not JSON: Unterminated string starting at column 22
    >>> json_object('[1, 2]')
    Traceback (most recent call last):
    ...
    geo.sources.records.InputProblem: expected a JSON object, got list
    """
    text = decode_text(line)[0] if isinstance(line, bytes) else line
    try:
        row = json.loads(text.rstrip("\r\n"))
    except json.JSONDecodeError as e:
        where = "column" if e.msg.endswith(" at") else "at column"  # "Invalid control character at"
        raise InputProblem(f"not JSON: {e.msg} {where} {e.colno}") from None
    except RecursionError:
        raise InputProblem("not JSON: nested too deeply") from None
    if not isinstance(row, dict):
        raise InputProblem(f"expected a JSON object, got {type(row).__name__}")
    return row


def _opt_str(fields: dict[str, Any], name: str) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise InputProblem(f"{name!r} must be a string, not {type(value).__name__}")


def _storable(value: str, name: str, warn: Callable[[str], None]) -> str:
    cleaned = clean_text(value)
    if cleaned != value:
        warn(f"{name!r} had characters no output can encode (lone surrogates or NUL); replaced by U+FFFD")
    return cleaned


def truncate_text(text: str, warn: Callable[[str], None]) -> str:
    """``text`` cut to :data:`MAX_TEXT_CHARS` (at a space when one is near), with a warning when cut."""
    if len(text) <= MAX_TEXT_CHARS:
        return text
    cut = text.rfind(" ", MAX_TEXT_CHARS - 2000, MAX_TEXT_CHARS)
    cut = cut if cut > 0 else MAX_TEXT_CHARS
    warn(f"text of {len(text)} characters truncated to {cut} (limit {MAX_TEXT_CHARS})")
    return text[:cut]


def article_from_fields(fields: dict[str, Any], opts: Options, *, derive_id: bool,
                        warn: Callable[[str], None]) -> Article:
    """A record's raw fields checked into an :class:`Article` (the rules of the module docstring).

    ``derive_id``: a missing id is made from the text's content hash (files and pasted
    text) instead of being an error (JSON Lines and CSV rows). ``warn`` receives each
    warning (truncation, replaced characters).

    Raises
    ------
    InputProblem
        Naming the field and what is wrong with it.

    Examples
    --------
    >>> a = article_from_fields({"id": 7, "text": "Clashes in Sirte.", "published": "2020-01-02"},
    ...                         Options(), derive_id=False, warn=print)
    >>> (a.id, a.language, a.published.isoformat())
    ('7', 'en', '2020-01-02')
    >>> article_from_fields({"id": "1", "text": "x", "title": {"a": 1}}, Options(date(2020, 1, 1)),
    ...                     derive_id=False, warn=print)
    Traceback (most recent call last):
    ...
    geo.sources.records.InputProblem: 'title' must be a string, not dict
    """
    text = fields.get("text")
    if not isinstance(text, str):
        raise InputProblem("missing 'text'" if text is None else f"'text' must be a string, not {type(text).__name__}")
    text = _storable(truncate_text(text, warn), "text", warn)
    if not text.strip():
        raise InputProblem("empty text")
    raw_id = fields.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | type(None)):
        raise InputProblem(f"'id' must be a string or an integer, not {type(raw_id).__name__}")
    aid = str(raw_id).strip() if raw_id is not None else ""
    if not aid:
        if not derive_id:
            raise InputProblem("missing id")
        aid = "sha256-" + content_hash(text)[:16]
    title, url = _opt_str(fields, "title"), _opt_str(fields, "url")
    source = _opt_str(fields, "source") or opts.source
    raw_pub = fields.get("published")
    if raw_pub is None or (isinstance(raw_pub, str) and not raw_pub.strip()):
        if opts.published is None:
            raise InputProblem("missing publication date (give one in the record or a default date)")
        published = parse_published(opts.published)  # a default meets the same rules
    else:
        published = parse_published(raw_pub)
    lang_value = fields.get("language") or opts.language
    arabic, latin = _letter_counts(text)
    if arabic == 0 and latin == 0:
        raise InputProblem("unknown language: the text has no Arabic or Latin letters")
    language = _norm_language(lang_value) if lang_value else ("ar" if arabic >= latin else "en")
    return Article(
        id=_storable(aid, "id", warn), text=text, published=published, language=language,
        title=_storable(title, "title", warn) if title else None, url=_storable(url, "url", warn) if url else None,
        source=_storable(source, "source", warn) if source else None,
    )


class RepeatedIds:
    """Ids seen so far in one input: the first record with an id is kept, a later one is an error.

    >>> seen = RepeatedIds()
    >>> seen.check("a.jsonl", "line 1", "x") is None
    True
    >>> str(seen.check("a.jsonl", "line 4", "x"))
    "a.jsonl: line 4: duplicate id 'x' (first at line 1)"
    """

    def __init__(self) -> None:
        self._first: dict[str, str] = {}
        self._source = ""

    def check(self, source: str, record: str, article_id: str) -> IngestError | None:
        """None when ``article_id`` is new in ``source``; else the error for this record."""
        if source != self._source:  # records of one input arrive together
            self._source = source
            self._first.clear()
        first = self._first.setdefault(article_id, record)
        if first == record:
            return None
        return IngestError(source, record, f"duplicate id {article_id!r} (first at {first})")
