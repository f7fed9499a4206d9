"""Polite HTTP for the watch: one client, one User-Agent, bounded in time and size.

In: URLs (and the ETag / Last-Modified of the last answer). Out: a :class:`Page` (status,
final URL, headers, body bytes) or a :class:`FetchError` whose message says what went
wrong in words an analyst can act on. Rules kept for every request:

* robots.txt of each host is read once a day (an hour after a failed read) and obeyed for our
  User-Agent;
* at least ``host_interval_seconds`` between two requests to one host, counted from the end of
  one answer to the start of the next as well as between starts (a slow answer never lets the
  next request follow it at once, and the server sees the gap even when our sends were delayed);
* a connect/read timeout, and a whole-request deadline (a server that trickles bytes
  forever is cut off);
* the body is streamed and abandoned past ``max_body_bytes``;
* redirects are followed, at most :data:`MAX_REDIRECTS` (a loop is an error).
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from geo.watch.sources import Settings

__all__ = ["FetchError", "Fetcher", "MAX_REDIRECTS", "Page", "http_date"]

MAX_REDIRECTS = 5
#: robots.txt is small; a bigger one is read up to this size.
_ROBOTS_BYTES = 512 * 1024
#: How long a robots.txt is trusted (seconds), and how soon an unreachable one is asked again.
_ROBOTS_TTL = 24 * 3600.0
_ROBOTS_RETRY = 3600.0


class FetchError(Exception):
    """A request that gave no usable answer; ``str()`` is the reason."""


@dataclass(slots=True)
class Page:
    """A successful answer (2xx, or 304 when ``not_modified``)."""

    url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes = b""
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return None


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass
class Fetcher:
    """Fetches under the rules of the module docstring; safe to share between threads.

    Use as a context manager, or call :meth:`close`.
    """

    settings: Settings = field(default_factory=Settings)
    transport: httpx.BaseTransport | None = None

    def __post_init__(self) -> None:
        s = self.settings
        self._client = httpx.Client(
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(s.timeout_seconds, connect=min(10.0, s.timeout_seconds)),
            follow_redirects=True, max_redirects=MAX_REDIRECTS, transport=self.transport,
        )
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | FetchError]] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    # -- politeness ---------------------------------------------------------------------

    def _wait_turn(self, url: str) -> None:
        """Sleep until this host may be asked again, and book the next slot."""
        host = _host(url)
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + self.settings.host_interval_seconds
        if slot > now:
            time.sleep(slot - now)

    def _answer_ended(self, url: str) -> None:
        """Push the host's next slot to ``interval`` after this answer ended."""
        host = _host(url)
        with self._lock:
            after_end = time.monotonic() + self.settings.host_interval_seconds
            self._next_slot[host] = max(self._next_slot.get(host, after_end), after_end)

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | FetchError:
        host = _host(url)
        with self._lock:
            lock = self._robots_locks.setdefault(host, threading.Lock())
        with lock:
            read_at, robots = self._robots.get(host, (float("-inf"), None))
            # RFC 9309 2.4: a crawler should not use a cached robots.txt for more than a day;
            # a failed read is tried again sooner. Matters for `watch` without --once.
            ttl = _ROBOTS_TTL if isinstance(robots, urllib.robotparser.RobotFileParser) else _ROBOTS_RETRY
            if robots is None or time.monotonic() - read_at > ttl:
                robots = self._read_robots(host)
                self._robots[host] = (time.monotonic(), robots)
            return robots

    def _read_robots(self, host: str) -> urllib.robotparser.RobotFileParser | FetchError:
        parser = urllib.robotparser.RobotFileParser(host + "/robots.txt")
        try:
            page = self._get(host + "/robots.txt", limit=_ROBOTS_BYTES, check_robots=False, truncate=True)
        except FetchError as exc:
            status = getattr(exc, "status", None)
            if status is not None and 400 <= status < 500:
                parser.parse([])  # no robots.txt: everything allowed (RFC 9309, 2.3.1.3)
                return parser
            # Unreachable robots.txt: assume complete disallow (RFC 9309, 2.3.1.4), for this run.
            return FetchError(f"robots.txt of {host} unreachable ({exc}); not fetching from it")
        parser.parse(page.body.decode("utf-8", errors="replace").splitlines())
        return parser

    def allowed(self, url: str) -> None:
        """Raise :class:`FetchError` unless robots.txt lets our User-Agent fetch ``url``."""
        robots = self._robots_for(url)
        if isinstance(robots, FetchError):
            raise robots
        if not robots.can_fetch(self.settings.user_agent, url):
            raise FetchError(f"robots.txt of {_host(url)} disallows {urlsplit(url).path or '/'}")

    # -- fetching -----------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Page:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given).

        Raises
        ------
        FetchError
            robots.txt forbids it, it timed out, the body is over the cap, the
            redirects loop, the status is not 2xx/304, or the connection failed.
        """
        return self._get(url, etag=etag, last_modified=last_modified,
                         limit=self.settings.max_body_bytes, check_robots=True)

    def _get(self, url: str, *, limit: int, check_robots: bool, etag: str | None = None,
             last_modified: str | None = None, truncate: bool = False) -> Page:
        if check_robots:
            self.allowed(url)
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        self._wait_turn(url)
        deadline = time.monotonic() + 3 * self.settings.timeout_seconds
        try:
            with self._client.stream("GET", url, headers=headers) as resp:
                final = str(resp.url)
                if final != url and check_robots:
                    self.allowed(final)
                if resp.status_code == 304:
                    return Page(final, 304, dict(resp.headers), not_modified=True)
                if not 200 <= resp.status_code < 300:
                    err = FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
                    err.status = resp.status_code  # type: ignore[attr-defined]
                    raise err
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit and not truncate:
                    raise FetchError(f"body of {int(declared):,} bytes is over the {limit:,}-byte cap")
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        if truncate:
                            chunks.append(chunk[: limit - (size - len(chunk))])
                            break
                        raise FetchError(f"body over the {limit:,}-byte cap; abandoned")
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise FetchError(f"answer still arriving after {3 * self.settings.timeout_seconds:g} s;"
                                         " abandoned")
                return Page(final, resp.status_code, dict(resp.headers), b"".join(chunks))
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects (a redirect loop?)") from None
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out after {self.settings.timeout_seconds:g} s ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from None
        finally:
            self._answer_ended(url)


def http_date(value: str | None) -> str | None:
    """``value`` when it is a valid HTTP date (what ``If-Modified-Since`` may carry), else None.

    >>> http_date("Wed, 21 Oct 2015 07:28:00 GMT")
    'Wed, 21 Oct 2015 07:28:00 GMT'
    >>> http_date("yesterday") is None
    True
    """
    if not value:
        return None
    try:
        parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return value
