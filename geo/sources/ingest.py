"""Batch ingestion: files -> articles -> pipeline (in worker processes) -> event store.

Inputs
------
Folders (searched recursively, in sorted order) and files:

* ``.txt`` -- one article per file. Metadata from a sidecar ``NAME.json``
  (``{"published": "YYYY-MM-DD", "id", "title", "url", "source", "language"}``)
  or ``NAME.meta`` (``key: value`` lines, or a bare date line). Without a
  sidecar ``id`` the id is ``sha256-`` + 16 hex digits of the text's content hash.
* ``.jsonl`` -- rows of the evaluation contract (``../shared/eval/CONTRACT.md``).
* ``.csv`` -- header with ``id,text`` and optionally ``published,language,title,url,source``.
* ``.html`` / ``.htm`` -- saved pages: text of ``<article>`` (else ``<main>``, else
  the body) without script/style/nav/header/footer/aside; title from
  ``og:title`` or ``<title>``; date from ``article:published_time`` and similar
  meta tags; a sidecar overrides them. The id is derived as for ``.txt``.

Decisions on bad input (each becomes an :class:`IngestError` and the run goes on)
---------------------------------------------------------------------------------
* Encoding: UTF-8 (a BOM is allowed; UTF-16 with a BOM too). Otherwise, if the
  bytes decode as windows-1256 to mostly Arabic letters, that is used with a
  warning; anything else is "not UTF-8". NUL bytes mean "binary data".
* Empty or whitespace-only text: "empty text".
* Texts over :data:`MAX_TEXT_CHARS` characters are truncated (at a space when
  possible) with a warning; at most :data:`MAX_READ_BYTES` of a file or a JSONL
  line is read, so a huge input never has to fit in memory.
* Publication date: the record's own, else the ``published`` argument
  (``--published``); neither -> "missing publication date" (skipped). Dates
  must exist (not 2019-02-30), be after :data:`MIN_YEAR` and not in the future.
* Language: the record's or the ``language`` argument (``ar``/``en`` and
  spellings such as ``ar-LY``, ``Arabic``), else detected from the letters;
  text with no Arabic or Latin letters is "unknown language".
* Missing id: an error for JSONL and CSV; derived from the content for
  ``.txt``/``.html``. A repeated id within one file: the first is kept, later
  ones are errors.
* A pipeline exception on one article is that article's error.

Execution
---------
The parent lists files and cuts them into small tasks (a few files, or a few
lines of a JSONL / rows of a CSV file); reading, decoding, validation and
:func:`geo.pipeline.process_article` run in worker processes
(``ProcessPoolExecutor``) or on a Dask cluster (``scheduler`` address). At most
``2 * workers`` tasks are in flight and their results are consumed in
submission order, so memory stays bounded and the store receives the same
sequence of writes whatever the number of workers. Only the parent writes the
store, ``batch_size`` articles per transaction: killing a run loses at most the
open batch, and running it again stores the rest (everything already stored is
"unchanged").
"""

from __future__ import annotations

import argparse
import codecs
import concurrent.futures as cf
import csv
import json
import multiprocessing
import os
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from gazetteer.normalize import script_letter_counts
from geo.model import Article
from geo.pipeline import ArticleResult, process_article
from geo.sources.articles import json_object
from geo.store import DEFAULT_STORE, EventStore, IngestStats, StoreError, content_hash, open_store
from geo.store.base import clean_text

__all__ = [
    "IngestError",
    "IngestReport",
    "ingest",
    "run_ingest_cli",
    "iter_input_files",
    "read_articles",
    "parse_published",
    "detect_language",
    "decode_text",
    "html_to_article_fields",
    "MAX_TEXT_CHARS",
    "MAX_READ_BYTES",
    "MIN_YEAR",
]

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


# --------------------------------------------------------------------------- HTML


class _PageParser(HTMLParser):
    """Visible text, title, metadata and the ``<article>``/``<main>`` parts of one page."""

    SKIP = frozenset({"script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg",
                      "form", "iframe", "button", "select", "figure"})
    BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "article",
                       "section", "main", "tr", "table", "blockquote", "pre", "dd", "dt", "hr", "figcaption"})
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                      "track", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.article_depth = 0
        self.main_depth = 0
        self.in_title = False
        self.body: list[str] = []
        self.article: list[str] = []
        self.main: list[str] = []
        self.title: list[str] = []
        self.meta: dict[str, str] = {}
        self.times: list[str] = []
        self.lang: str | None = None
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.lang = a["lang"]
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"].strip()
        elif tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.canonical = a["href"]
        elif tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        if a.get("itemprop", "").lower() == "datepublished" and (a.get("datetime") or a.get("content")):
            self.meta.setdefault("datepublished", a.get("datetime") or a.get("content") or "")
        if tag in self.VOID:
            if tag in self.BLOCK:
                self._text("\n")
            return
        if tag == "title":
            self.in_title = True
        if tag in self.SKIP:
            self.skip_depth += 1
        if tag == "article":
            self.article_depth += 1
        if tag == "main":
            self.main_depth += 1
        if tag in self.BLOCK:
            self._text("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP and self.skip_depth:
            self.skip_depth -= 1
        if tag in self.BLOCK:
            self._text("\n")
        if tag == "article" and self.article_depth:
            self.article_depth -= 1
        if tag == "main" and self.main_depth:
            self.main_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        self._text(data)

    def _text(self, data: str) -> None:
        if self.skip_depth:
            return
        self.body.append(data)
        if self.article_depth:
            self.article.append(data)
        if self.main_depth:
            self.main.append(data)


def _tidy(parts: list[str]) -> str:
    lines = (re.sub(r"[ \t\f\v\u00a0]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


_DATE_META = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
              "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date",
              "parsely-pub-date", "sailthru.date", "article.published")


def html_to_article_fields(html: str) -> dict[str, Any]:
    """Article fields of a saved web page: ``text``, ``title``, ``published``, ``language``, ``url``, ``source``.

    ``published`` is the raw string found (validated later), or None.
    """
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    text = _tidy(parser.article) or _tidy(parser.main) or _tidy(parser.body)
    meta = parser.meta
    published = next((meta[k] for k in _DATE_META if meta.get(k)), None)
    if published is None and parser.times:
        published = parser.times[0]
    title = meta.get("og:title") or _tidy(parser.title) or None
    return {
        "text": text,
        "title": title,
        "published": published,
        "language": parser.lang,
        "url": meta.get("og:url") or parser.canonical,
        "source": meta.get("og:site_name"),
    }


# --------------------------------------------------------------------------- sidecars


def _sidecar(path: Path) -> dict[str, Any]:
    """Metadata of ``NAME.json`` or ``NAME.meta`` next to ``NAME.txt`` (empty when none)."""
    js = path.with_suffix(".json")
    if js.is_file():
        try:
            data = json.loads(js.read_bytes().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputProblem(f"sidecar {js.name} is not valid UTF-8 JSON ({exc})") from None
        if not isinstance(data, dict):
            raise InputProblem(f"sidecar {js.name} must hold a JSON object")
        return data
    meta = path.with_suffix(".meta")
    if meta.is_file():
        try:
            lines = meta.read_bytes().decode("utf-8-sig").splitlines()
        except UnicodeDecodeError:
            raise InputProblem(f"sidecar {meta.name} is not UTF-8") from None
        out: dict[str, Any] = {}
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = re.match(r"^([A-Za-z_]+)\s*[:=]\s*(.*)$", line)
            if m:
                out[m.group(1).lower()] = m.group(2).strip()
            elif re.match(r"^\d{4}-\d{1,2}-\d{1,2}", line):
                out.setdefault("published", line)
        return out
    return {}


# --------------------------------------------------------------------------- records -> articles


@dataclass(slots=True, frozen=True)
class Options:
    """Run-wide defaults, sent with every task."""

    published: date | None = None
    language: str | None = None


@dataclass(slots=True)
class Item:
    """One record to turn into an article: where it comes from and its raw payload."""

    source: str
    record: str
    kind: str  # txt | html | jsonl | csv
    payload: Any = None  # jsonl: bytes of the line; csv: dict of the row; files: None


@dataclass(slots=True)
class Parsed:
    """What a worker made of one item."""

    source: str
    record: str
    result: ArticleResult | None
    problems: list[IngestError]


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise InputProblem(f"expected a string, got {type(value).__name__}")


def _build_article(fields: dict[str, Any], opts: Options, *, derive_id: bool,
                   warn: Callable[[str], None]) -> Article:
    """Validate raw fields into an :class:`Article` (the checks listed in the module docstring)."""
    text = fields.get("text")
    if not isinstance(text, str):
        raise InputProblem("missing 'text'" if text is None else f"'text' must be a string, not {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        cut = text.rfind(" ", MAX_TEXT_CHARS - 2000, MAX_TEXT_CHARS)
        cut = cut if cut > 0 else MAX_TEXT_CHARS
        warn(f"text of {len(text)} characters truncated to {cut} (limit {MAX_TEXT_CHARS})")
        text = text[:cut]
    text = clean_text(text)
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
    raw_pub = fields.get("published")
    if raw_pub is None or (isinstance(raw_pub, str) and not raw_pub.strip()):
        if opts.published is None:
            raise InputProblem("missing publication date (give one in the record, a sidecar, or --published)")
        published = opts.published
    else:
        published = parse_published(raw_pub)
    lang_value = fields.get("language") or opts.language
    arabic, latin = _letter_counts(text)
    if arabic == 0 and latin == 0:
        raise InputProblem("unknown language: the text has no Arabic or Latin letters")
    language = _norm_language(lang_value) if lang_value else ("ar" if arabic >= latin else "en")
    return Article(
        id=clean_text(aid), text=text, published=published, language=language,
        title=_opt_str(fields.get("title")), url=_opt_str(fields.get("url")), source=_opt_str(fields.get("source")),
    )


def _item_fields(item: Item, warn: Callable[[str], None]) -> tuple[dict[str, Any], bool]:
    """Raw article fields of one item and whether its id may be derived from the text."""
    if item.kind == "jsonl":
        text, note = decode_text(item.payload)
        if note:
            warn(note)
        try:
            return json_object(text), False
        except ValueError as exc:
            raise InputProblem(str(exc)) from None
    if item.kind == "csv":
        return dict(item.payload), False
    path = Path(item.source)
    raw, size = _read_prefix(path)
    if size > len(raw):
        warn(f"file of {size} bytes; only the first {len(raw)} read")
        raw = _trim_partial_utf8(raw)
    if not raw.strip():
        raise InputProblem("empty file")
    text, note = decode_text(raw)
    if note:
        warn(note)
    if item.kind == "html":
        fields = html_to_article_fields(text)
    else:
        fields = {"text": text}
    side = _sidecar(path)
    fields.update({k: v for k, v in side.items() if k in ("id", "published", "title", "url", "source", "language")})
    return fields, True


def parse_item(item: Item, opts: Options) -> Parsed:
    """Read, validate and run the pipeline on one item; every failure becomes a problem."""
    problems: list[IngestError] = []

    def warn(msg: str) -> None:
        problems.append(IngestError(item.source, item.record, msg, "warning"))

    try:
        fields, derive = _item_fields(item, warn)
        article = _build_article(fields, opts, derive_id=derive, warn=warn)
    except InputProblem as exc:
        problems.append(IngestError(item.source, item.record, str(exc)))
        return Parsed(item.source, item.record, None, problems)
    except OSError as exc:
        problems.append(IngestError(item.source, item.record, f"cannot read: {exc.strerror or exc}"))
        return Parsed(item.source, item.record, None, problems)
    try:
        result = process_article(article)
    except Exception as exc:  # one article's pipeline failure must not stop the run
        problems.append(IngestError(item.source, item.record,
                                    f"pipeline failed on article {article.id}: {type(exc).__name__}: {exc}"))
        return Parsed(item.source, item.record, None, problems)
    return Parsed(item.source, item.record, result, problems)


def run_task(items: list[Item], opts: Options) -> list[Parsed]:
    """Worker entry point: one task (a few items) -> their parsed results, in order."""
    return [parse_item(item, opts) for item in items]


# --------------------------------------------------------------------------- reading files (parent side)


def iter_input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | IngestError]:
    """Input files under ``paths`` (folders recursively, sorted), or an error per unusable path."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                if sub.is_file() and not sub.name.startswith(".") and sub.suffix.lower() in INPUT_SUFFIXES:
                    yield sub
        elif path.is_file():
            if path.suffix.lower() in INPUT_SUFFIXES:
                yield path
            else:
                yield IngestError(str(path), "file", f"unsupported file type {path.suffix or '(none)'!r}")
        else:
            yield IngestError(str(path), "file", "no such file or folder")


def _jsonl_items(path: Path) -> Iterator[Item | IngestError]:
    src = str(path)
    with path.open("rb") as fh:
        lineno = 0
        while True:
            line = fh.readline(MAX_READ_BYTES + 1)
            if not line:
                break
            lineno += 1
            if len(line) > MAX_READ_BYTES and not line.endswith(b"\n"):
                # Skip the rest of the over-long line without holding it.
                while True:
                    more = fh.readline(1 << 20)
                    if not more or more.endswith(b"\n"):
                        break
                yield IngestError(src, f"line {lineno}", f"line longer than {MAX_READ_BYTES} bytes; skipped")
                continue
            if not line.strip():
                continue
            yield Item(src, f"line {lineno}", "jsonl", line)


def _detect_file_encoding(path: Path) -> tuple[str, str | None]:
    """Encoding of a whole file, checked block by block (the file is never held whole)."""
    dec = codecs.getincrementaldecoder("utf-8-sig")()
    with path.open("rb") as fh:
        first = fh.read(1 << 20)
        if b"\x00" in first:
            raise InputProblem("binary data (NUL bytes), not text")
        if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", None
        try:
            dec.decode(first)
            while block := fh.read(1 << 20):
                dec.decode(block)
            dec.decode(b"", final=True)
            return "utf-8-sig", None
        except UnicodeDecodeError:
            pass
    _, note = decode_text(first)  # raises "not UTF-8" unless the sample is Arabic windows-1256
    return "cp1256", note


def _csv_items(path: Path) -> Iterator[Item | IngestError]:
    src = str(path)
    try:
        encoding, note = _detect_file_encoding(path)
    except InputProblem as exc:
        yield IngestError(src, "file", str(exc))
        return
    if note:
        yield IngestError(src, "file", note, "warning")
    csv.field_size_limit(MAX_READ_BYTES)
    with path.open("r", encoding=encoding, newline="", errors="replace") as fh:
        reader = csv.DictReader(fh)
        try:
            header = reader.fieldnames
        except csv.Error as exc:
            yield IngestError(src, "line 1", f"unreadable CSV header: {exc}")
            return
        if not header:
            yield IngestError(src, "file", "empty file")
            return
        missing = [c for c in ("id", "text") if c not in header]
        if missing:
            yield IngestError(src, "line 1", f"CSV header lacks required column(s): {', '.join(missing)}")
            return
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield IngestError(src, f"line {start}", f"CSV error: {exc}")
                continue
            extra = row.pop(None, None)  # type: ignore[call-overload]
            if extra:
                yield IngestError(src, f"line {start}", f"{len(extra)} more fields than the header", "warning")
            yield Item(src, f"line {start}", "csv", {k: v for k, v in row.items() if v is not None})


def read_items(paths: Sequence[str | os.PathLike[str]], counter: list[int] | None = None
               ) -> Iterator[Item | IngestError]:
    """Every input record as an :class:`Item`, or an error the parent found while reading."""
    for entry in iter_input_files(paths):
        if isinstance(entry, IngestError):
            yield entry
            continue
        if counter is not None:
            counter[0] += 1
        kind = INPUT_SUFFIXES[entry.suffix.lower()]
        try:
            if kind == "jsonl":
                yield from _jsonl_items(entry)
            elif kind == "csv":
                yield from _csv_items(entry)
            else:
                yield Item(str(entry), "file", kind)
        except OSError as exc:
            yield IngestError(str(entry), "file", f"cannot read: {exc.strerror or exc}")


def read_articles(paths: Sequence[str | os.PathLike[str]], *, published: date | None = None,
                  language: str | None = None) -> Iterator[Article | IngestError]:
    """Articles of the inputs, in order, without running the pipeline (errors interleaved)."""
    opts = Options(published, language)
    for item in read_items(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        problems: list[IngestError] = []

        def warn(msg: str, _item: Item = item, _p: list[IngestError] = problems) -> None:
            _p.append(IngestError(_item.source, _item.record, msg, "warning"))

        try:
            fields, derive = _item_fields(item, warn)
            art = _build_article(fields, opts, derive_id=derive, warn=warn)
        except (InputProblem, OSError) as exc:
            yield from problems
            yield IngestError(item.source, item.record, str(exc))
            continue
        yield from problems
        yield art


def _chunks(items: Iterator[Item | IngestError], size: int) -> Iterator[list[Item] | IngestError]:
    chunk: list[Item] = []
    for it in items:
        if isinstance(it, IngestError):
            yield it
            continue
        chunk.append(it)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --------------------------------------------------------------------------- executors


class _InlineExecutor:
    """``workers=0``: run tasks in this process (for debugging and small inputs)."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future[Any]:
        fut: cf.Future[Any] = cf.Future()
        try:
            fut.set_result(fn(*args))
        except Exception as exc:
            fut.set_exception(exc)
        return fut

    def shutdown(self) -> None:
        pass


class _DaskExecutor:
    """Tasks on a Dask distributed cluster; results gathered here in submission order."""

    def __init__(self, address: str) -> None:
        from dask.distributed import Client

        self.client = Client(address, set_as_default=False)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def shutdown(self) -> None:
        self.client.close()


def _process_pool(workers: int) -> cf.ProcessPoolExecutor:
    # forkserver: workers fork from a clean server process (no inherited threads or
    # open database handles) that has the pipeline imported once.
    ctx: multiprocessing.context.BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload(["geo.sources.ingest"])
        ctx = server
    else:  # pragma: no cover - not Linux
        ctx = multiprocessing.get_context("spawn")
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


# --------------------------------------------------------------------------- the run


class _ReportSink:
    """Collects problems into the report and appends them to the JSONL report file."""

    def __init__(self, report: IngestReport, path: Path | None) -> None:
        self.report = report
        self.fh: IO[str] | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.fh = path.open("w", encoding="utf-8")

    def add(self, problem: IngestError) -> None:
        (self.report.warnings if problem.level == "warning" else self.report.errors).append(problem)
        if self.fh is not None:
            self.fh.write(json.dumps(asdict(problem), ensure_ascii=False) + "\n")

    def flush(self) -> None:
        if self.fh is not None:
            self.fh.flush()

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


def ingest(
    paths: Sequence[str | os.PathLike[str]],
    store_url: str | os.PathLike[str] | EventStore = DEFAULT_STORE,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    published: date | None = None,
    language: str | None = None,
    progress: bool = True,
    report_path: str | os.PathLike[str] | None = None,
    batch_size: int = 200,
    chunk_size: int = 16,
    on_batch: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Ingest article files into the event store.

    Parameters
    ----------
    paths
        Files and folders (see the module docstring for the formats).
    store_url
        Store path/URL for :func:`geo.store.open_store`, or an open store (left open).
    workers
        Worker processes; ``0`` runs everything in this process.
    scheduler
        Address of a Dask scheduler (``tcp://host:8786``); overrides ``workers``.
    published, language
        Defaults for records that lack them.
    progress
        Show a progress bar on stderr (only when stderr is a terminal).
    report_path
        Write every error and warning there as JSON Lines.
    batch_size
        Articles per store transaction.
    chunk_size
        Records per worker task.
    on_batch
        Called with the report so far after each committed batch.

    Returns
    -------
    IngestReport
        Totals and every per-record problem (errors sorted by file and record).
    """
    if workers < 0 or batch_size < 1 or chunk_size < 1:
        raise ValueError("workers must be >= 0, batch_size and chunk_size >= 1")
    opts = Options(published, _norm_language(language) if language else None)
    report = IngestReport()
    sink = _ReportSink(report, Path(report_path) if report_path is not None else None)
    own_store = not isinstance(store_url, EventStore)
    store = open_store(store_url) if not isinstance(store_url, EventStore) else store_url
    started = time.perf_counter()
    executor: Any
    if scheduler:
        executor = _DaskExecutor(scheduler)
        in_flight = 2 * max(1, len(executor.client.scheduler_info().get("workers", {})) or 1)
    elif workers == 0:
        executor, in_flight = _InlineExecutor(), 1
    else:
        executor, in_flight = _process_pool(workers), 2 * workers

    from tqdm import tqdm

    bar = tqdm(unit="article", file=sys.stderr, disable=not (progress and sys.stderr.isatty()), smoothing=0.1)
    batch: list[ArticleResult] = []
    origin: dict[int, tuple[str, str]] = {}  # id(result) -> (file, record), for store errors
    seen: dict[str, str] = {}
    seen_source: list[str] = [""]
    file_counter = [0]

    def on_store_error(res: ArticleResult, exc: Exception) -> None:
        src, rec = origin.get(id(res), ("", f"article {res.article.id}"))
        sink.add(IngestError(src, rec, f"article {res.article.id} could not be stored: {type(exc).__name__}: {exc}"))

    def flush_batch() -> None:
        if not batch:
            return
        stats = store.add_results(batch, batch_size=len(batch), on_error=on_store_error)
        report.add_stats(stats)
        batch.clear()
        origin.clear()
        sink.flush()
        if on_batch is not None:
            on_batch(report)

    def take(parsed_list: list[Parsed]) -> None:
        for parsed in parsed_list:
            for prob in parsed.problems:
                sink.add(prob)
            bar.update(1)
            if parsed.result is None:
                continue
            if parsed.source != seen_source[0]:  # records of one file arrive together
                seen_source[0] = parsed.source
                seen.clear()
            aid = parsed.result.article.id
            if aid in seen:
                sink.add(IngestError(parsed.source, parsed.record, f"duplicate id {aid!r} (first at {seen[aid]})"))
                continue
            seen[aid] = parsed.record
            report.articles += 1
            batch.append(parsed.result)
            origin[id(parsed.result)] = (parsed.source, parsed.record)
            if len(batch) >= batch_size:
                flush_batch()

    pending: deque[tuple[list[Item], Any]] = deque()
    try:
        for work in _chunks(read_items(paths, file_counter), chunk_size):
            if isinstance(work, IngestError):
                sink.add(work)
                continue
            pending.append((work, _submit(executor, work, opts)))
            while len(pending) >= in_flight:
                executor = _collect(pending, executor, opts, take, sink, workers)
        while pending:
            executor = _collect(pending, executor, opts, take, sink, workers)
        flush_batch()
    finally:
        executor.shutdown()
        bar.close()
        report.files = file_counter[0]
        report.seconds = time.perf_counter() - started
        sink.close()
        if own_store:
            store.close()
    report.errors.sort(key=lambda e: (e.source, _record_key(e.record)))
    return report


def _record_key(record: str) -> tuple[str, int]:
    m = re.match(r"^(\D*)(\d+)", record)
    return (m.group(1), int(m.group(2))) if m else (record, 0)


def _submit(executor: Any, work: list[Item], opts: Options) -> Any:
    """Submit a task; a pool that broke since the last result gives a failed future instead of raising,
    so the task is redone with the others in flight when :func:`_collect` reaches it."""
    try:
        return executor.submit(run_task, work, opts)
    except cf.process.BrokenProcessPool as exc:
        failed: cf.Future[list[Parsed]] = cf.Future()
        failed.set_exception(exc)
        return failed


def _collect(pending: deque[tuple[list[Item], Any]], executor: Any, opts: Options,
             take: Callable[[list[Parsed]], None], sink: _ReportSink, workers: int) -> Any:
    """Wait for the oldest task and hand over its results; survive a crashed worker process.

    Returns the executor to use from now on (a new pool after a crash).
    """
    items, fut = pending.popleft()
    try:
        parsed = fut.result()
    except cf.process.BrokenProcessPool:
        pass
    except Exception as exc:  # e.g. a Dask worker that cannot import the pipeline: the records fail, not the run
        for it in items:
            sink.add(IngestError(it.source, it.record, f"worker failed: {type(exc).__name__}: {exc}"))
        return executor
    else:
        take(parsed)
        return executor
    # A worker died (segfault, OOM kill...). Every in-flight task is lost with it; redo them
    # one at a time in fresh pools so the culprit task is found and only its records fail.
    retry = [items] + [it for it, _ in pending]
    pending.clear()
    executor.shutdown()
    sink.report.worker_restarts += 1
    for task in retry:
        pool = _process_pool(1)
        try:
            take(pool.submit(run_task, task, opts).result())
        except cf.process.BrokenProcessPool:
            for it in task:
                sink.add(IngestError(it.source, it.record, "worker process died while processing this record"))
        finally:
            pool.shutdown()
    return _process_pool(workers)


# --------------------------------------------------------------------------- CLI


def _cli_date(value: str) -> date:
    try:
        return parse_published(value)
    except InputProblem as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m geo ingest",
        description="Ingest articles (.txt, .jsonl, .csv, .html; folders recursively) into the event store.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--store", default=str(DEFAULT_STORE), help="GeoPackage path or postgresql:// URL "
                                                               "(default: %(default)s)")
    p.add_argument("--workers", type=int, default=1, help="worker processes; 0 = in this process (default: 1)")
    p.add_argument("--scheduler", help="Dask scheduler address (tcp://host:8786) instead of local workers")
    p.add_argument("--published", type=_cli_date, help="publication date (YYYY-MM-DD) for records without one")
    p.add_argument("--language", choices=("ar", "en"), help="language of records that do not say")
    p.add_argument("--report", type=Path, help="write errors and warnings here as JSON Lines")
    p.add_argument("--batch-size", type=int, default=200, help="articles per store transaction")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    return p


def run_ingest_cli(argv: list[str]) -> int:
    """``python -m geo ingest ...``: 0 when the run completed (even with bad records), 2 on usage errors."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code) if isinstance(exc.code, int) else 2
    if args.workers < 0 or args.batch_size < 1:
        parser.print_usage(sys.stderr)
        print("error: --workers must be >= 0 and --batch-size >= 1", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        parser.print_usage(sys.stderr)
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        report = ingest(
            [Path(p) for p in args.paths], args.store, workers=args.workers, scheduler=args.scheduler,
            published=args.published, language=args.language, progress=not args.no_progress,
            report_path=args.report, batch_size=args.batch_size,
        )
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    for err in report.errors[:20]:
        print(f"  {err.source} {err.record}: {err.problem}", file=sys.stderr)
    if len(report.errors) > 20:
        more = f"; all in {args.report}" if args.report else "; use --report FILE for all"
        print(f"  ... {len(report.errors) - 20} more errors{more}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(run_ingest_cli(sys.argv[1:]))

