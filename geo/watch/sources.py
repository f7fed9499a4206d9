"""The sources file: which feeds and index pages to follow, as data.

A TOML file with an optional ``[settings]`` table and one ``[[source]]`` table per
source::

    [settings]
    user_agent = "libya-conflict-mapper/0.1 (conflict-event monitor)"
    timeout_seconds = 20          # per request
    host_interval_seconds = 2.0   # at least this long between two requests to one host
    max_body_mb = 5               # a larger answer is cut off and reported
    max_items_per_poll = 50       # newest entries taken from one poll of a feed

    [[source]]
    name = "Example Wire"                       # unique; names the source in reports and the app
    feed = "https://wire.example/rss.xml"       # RSS or Atom; or index = "https://..." (or both)
    language = "en"                             # ar | en: default for pages that do not say
    country = "LY"                              # country focus (ISO 3166-1 alpha-2)
    interval_minutes = 30                       # how often it is due
    article_pattern = "/news/\\\\d+"              # regex an article URL must match (required with index)
    enabled = true                              # false: listed but not polled

Every problem is a :class:`SourcesError` naming the source and the field.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["Settings", "Source", "SourcesError", "load_sources", "parse_sources", "source_from_dict"]

DEFAULT_USER_AGENT = "libya-conflict-mapper/0.1 (conflict-event monitor; python-httpx)"


class SourcesError(ValueError):
    """The sources file is unusable; the message names the source and the field."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Run-wide fetching rules."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout_seconds: float = 20.0
    host_interval_seconds: float = 2.0
    max_body_mb: float = 5.0
    max_items_per_poll: int = 50

    @property
    def max_body_bytes(self) -> int:
        return int(self.max_body_mb * 1024 * 1024)


@dataclass(frozen=True, slots=True)
class Source:
    """One followed outlet."""

    name: str
    feed: str | None = None
    index: str | None = None
    language: str | None = None
    country: str | None = None
    interval_minutes: float = 30.0
    article_pattern: str | None = None
    enabled: bool = True
    origin: str = "file"  # file | app
    extra: dict[str, Any] = field(default_factory=dict)

    def matches(self, url: str) -> bool:
        """Whether ``url`` may be an article of this source (always, without a pattern)."""
        return self.article_pattern is None or re.search(self.article_pattern, url) is not None

    def to_config(self) -> dict[str, Any]:
        """The source as JSON-ready settings (how the app's sources are kept in the store)."""
        return {k: v for k, v in asdict(self).items() if k not in ("origin", "extra") and v is not None}


def _http_url(value: Any, where: str) -> str:
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc:
        raise SourcesError(f"{where}: expected an http(s) URL, got {value!r}")
    return value


def source_from_dict(row: dict[str, Any], *, origin: str = "file", where: str | None = None) -> Source:
    """A :class:`Source` from one ``[[source]]`` table (or the app's stored config), checked.

    >>> source_from_dict({"name": "W", "feed": "https://w.example/rss", "language": "Arabic"}).language
    'ar'
    >>> source_from_dict({"name": "W"})
    Traceback (most recent call last):
    ...
    geo.watch.sources.SourcesError: source 'W': needs a feed or an index URL
    """
    name = row.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SourcesError(f"{where or 'source'}: missing 'name'")
    where = f"source {name!r}"
    known = {"name", "feed", "index", "language", "country", "interval_minutes", "article_pattern", "enabled"}
    feed = _http_url(row["feed"], f"{where}: feed") if row.get("feed") is not None else None
    index = _http_url(row["index"], f"{where}: index") if row.get("index") is not None else None
    if feed is None and index is None:
        raise SourcesError(f"{where}: needs a feed or an index URL")
    language = row.get("language")
    if language is not None:
        from geo.sources.records import InputProblem, _norm_language

        try:
            language = _norm_language(language)
        except InputProblem as exc:
            raise SourcesError(f"{where}: language: {exc}") from None
    country = row.get("country")
    if country is not None and not (isinstance(country, str) and re.fullmatch(r"[A-Za-z]{2}", country)):
        raise SourcesError(f"{where}: country must be a two-letter code, got {country!r}")
    interval = row.get("interval_minutes", 30)
    if isinstance(interval, bool) or not isinstance(interval, int | float) or interval < 0:
        raise SourcesError(f"{where}: interval_minutes must be a number >= 0, got {interval!r}")
    pattern = row.get("article_pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise SourcesError(f"{where}: article_pattern is not a regular expression ({exc})") from None
    if index is not None and pattern is None:
        raise SourcesError(f"{where}: an index page needs an article_pattern (which links are articles)")
    enabled = row.get("enabled", True)
    if not isinstance(enabled, bool):
        raise SourcesError(f"{where}: enabled must be true or false, got {enabled!r}")
    return Source(name=name.strip(), feed=feed, index=index, language=language,
                  country=country.upper() if country else None, interval_minutes=float(interval),
                  article_pattern=pattern, enabled=enabled, origin=origin,
                  extra={k: v for k, v in row.items() if k not in known})


def _settings(table: Any) -> Settings:
    if table is None:
        return Settings()
    if not isinstance(table, dict):
        raise SourcesError("[settings] must be a table")
    defaults = Settings()
    values: dict[str, Any] = {}
    for key, value in table.items():
        if not hasattr(defaults, key) or key == "max_body_bytes":
            raise SourcesError(f"[settings]: unknown setting {key!r}")
        want = type(getattr(defaults, key))
        if want is str and not isinstance(value, str):
            raise SourcesError(f"[settings]: {key} must be a string")
        if want in (int, float) and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
            raise SourcesError(f"[settings]: {key} must be a number >= 0, got {value!r}")
        values[key] = want(value)
    return Settings(**values)


def parse_sources(text: str, origin: str = "sources file") -> tuple[Settings, list[Source]]:
    """Settings and sources of a sources file's text (see the module docstring)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{origin}: not valid TOML ({exc})") from None
    rows = data.get("source", [])
    if not isinstance(rows, list):
        raise SourcesError(f"{origin}: sources are [[source]] tables")
    sources = [source_from_dict(row, where=f"{origin}: source {n}") for n, row in enumerate(rows, start=1)]
    names = [s.name for s in sources]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise SourcesError(f"{origin}: source names must be unique; repeated: {', '.join(dup)}")
    return _settings(data.get("settings")), sources


def load_sources(path: str | Path) -> tuple[Settings, list[Source]]:
    """Settings and sources of a sources file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: cannot read ({exc})") from None
    return parse_sources(text, str(path))
