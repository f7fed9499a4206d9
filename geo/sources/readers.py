"""Input files as article records: folders, ``.txt`` with sidecars, JSON Lines, CSV, saved HTML.

In: paths. Out: :class:`Item` records (parsed to :class:`geo.model.Article` by
:func:`parse_item`, in worker processes) or :class:`IngestError` for what cannot be read.
The rules are stated in :mod:`geo.sources.records`.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from geo.model import Article
from geo.pipeline import ArticleResult, process_article
from geo.sources.html import (
    html_to_article_fields,
)
from geo.sources.records import (
    INPUT_SUFFIXES,
    MAX_READ_BYTES,
    IngestError,
    InputProblem,
    Options,
    RepeatedIds,
    _read_prefix,
    _trim_partial_utf8,
    article_from_fields,
    decode_text,
    json_object,
)

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


def _item_fields(item: Item, warn: Callable[[str], None]) -> tuple[dict[str, Any], bool]:
    """Raw article fields of one item and whether its id may be derived from the text."""
    if item.kind == "jsonl":
        text, note = decode_text(item.payload)
        if note:
            warn(note)
        return json_object(text), False
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


def article_of_item(item: Item, opts: Options, warn: Callable[[str], None]) -> Article:
    """The article of one item, by the rules of :mod:`geo.sources.records`.

    Raises
    ------
    InputProblem
        For a record that breaks them.
    OSError
        For a file that cannot be read.
    """
    fields, derive = _item_fields(item, warn)
    return article_from_fields(fields, opts, derive_id=derive, warn=warn)


def parse_item(item: Item, opts: Options) -> Parsed:
    """Read, validate and run the pipeline on one item; every failure becomes a problem."""
    problems: list[IngestError] = []

    def warn(msg: str) -> None:
        problems.append(IngestError(item.source, item.record, msg, "warning"))

    try:
        article = article_of_item(item, opts, warn)
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
    for msg in result.warnings:
        warn(msg)
    return Parsed(item.source, item.record, result, problems)


def run_task(items: list[Item], opts: Options) -> list[Parsed]:
    """Worker entry point: one task (a few items) -> their parsed results, in order."""
    return [parse_item(item, opts) for item in items]


# --------------------------------------------------------------------------- reading files (parent side)


def iter_input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | IngestError]:
    """Input files under ``paths`` (folders recursively, sorted), or an error per unusable path.

    Inside a folder, a file reached through a link that leads out of it is an error, not read
    (a link to ``/etc/passwd`` is not an article); a file named on its own is read as given.
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            root = path.resolve()
            for sub in sorted(path.rglob("*")):
                if sub.is_file() and not sub.name.startswith(".") and sub.suffix.lower() in INPUT_SUFFIXES:
                    if not sub.resolve().is_relative_to(root):  # a link out of the folder: never followed
                        yield IngestError(str(sub), "file", "a link that leads out of the folder; not read")
                        continue
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
    """Articles of the inputs, in order, without running the pipeline (errors and warnings interleaved)."""
    return articles_of_items(read_items(paths), Options(published, language))


def articles_of_items(items: Iterable[Item | IngestError], opts: Options) -> Iterator[Article | IngestError]:
    """Each item's article by the contract, or its error; its warnings come before it; repeated ids are errors."""
    seen = RepeatedIds()
    for item in items:
        if isinstance(item, IngestError):
            yield item
            continue
        problems: list[IngestError] = []

        def warn(msg: str, _item: Item = item, _p: list[IngestError] = problems) -> None:
            _p.append(IngestError(_item.source, _item.record, msg, "warning"))

        try:
            art = article_of_item(item, opts, warn)
        except (InputProblem, OSError) as exc:
            yield from problems
            yield IngestError(item.source, item.record, str(exc) if isinstance(exc, InputProblem)
                              else f"cannot read: {exc.strerror or exc}")
            continue
        yield from problems
        yield seen.check(item.source, item.record, art.id) or art


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
