"""A local news site for the watch tests and bench: feeds and article pages on 127.0.0.1.

Serves the hand-written feeds of ``tests/data/watch`` and pages of ``tests/data/pages``
(their ``https://tmp.example`` / ``https://sahel.example`` links rewritten to this
server), generated feeds and pages (``/gen/NAME/feed.xml?items=N``, ``/gen/NAME/N``),
and the failure cases: a slow feed, a 500, broken XML, an HTML error page, a redirect
loop and a 50 MB body. Every text is written for the project.

Run by hand (the port of ``tests/data/watch/sources.toml``)::

    python -m tests.watch_server --port 8765
    python -m geo watch --once --sources tests/data/watch/sources.toml --store /tmp/watch.gpkg
"""

from __future__ import annotations

import argparse
import hashlib
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

DATA = Path(__file__).parent / "data"
SOURCES_PORT = 8765  # the port written in tests/data/watch/sources.toml

PAGES = {
    "/news/ain-zara-clashes": "en_clashes.html",
    "/mirror/ain-zara": "en_clashes.html",  # the same story under a second address
    "/news/tarhuna-shelling": "en_undated.html",
    "/news/misrata-drone": "en_misrata.html",
    "/ar/news/sirte-strike": "ar_strike.html",
    "/ar/news/benghazi-blast": "ar_benghazi.html",
}
FEEDS = {"/feeds/wire.xml": "wire.xml", "/feeds/sahel.xml": "sahel.xml", "/feeds/mirror.xml": "mirror.xml",
         "/feeds/broken.xml": "broken.xml"}

_PLACES_EN = ("Ain Zara", "Gharyan", "Tarhuna", "Zawiya", "Sirte", "Misrata", "Benghazi", "Derna", "Sabha",
              "Zuwara", "Ajdabiya", "Brega", "Bani Walid", "Kufra", "Ubari")
_PLACES_AR = ("عين زارة", "غريان", "ترهونة", "الزاوية", "سرت", "مصراتة", "بنغازي", "درنة", "سبها", "زوارة",
              "أجدابيا", "البريقة", "بني وليد", "الكفرة", "أوباري")
_DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAYS_AR = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_EN = ("Armed groups clashed in {place} on {day}, and {n} fighters were killed, residents said.",
       "Artillery shelled farms near {place} on {day}, wounding {n} civilians, medics said.",
       "A drone struck a military site near {place} on {day}, a security source said.")
_AR = ("اندلعت اشتباكات مسلحة في {place} يوم {day} ما أسفر عن مقتل {n} مقاتلين بحسب سكان.",
       "قصفت المدفعية مزارع قرب {place} يوم {day} ما أدى إلى إصابة {n} مدنيين بحسب مسعفين.",
       "استهدفت طائرة مسيرة موقعا عسكريا قرب {place} يوم {day} وفق مصدر أمني.")
_FILLER_EN = "Shops in the area closed early and families stayed at home until the evening, report {k} said."
_FILLER_AR = "وأغلقت المحال أبوابها مبكرا وبقيت العائلات في منازلها حتى المساء، وفق التقرير رقم {k}."
_BASE_DAY = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def generated_article(name: str, n: int) -> tuple[str, str, datetime, str]:
    """Title, body paragraphs (HTML), publication time and language of generated article ``n`` of ``name``."""
    k = int(hashlib.sha256(f"{name}/{n}".encode()).hexdigest()[:8], 16)
    arabic = k % 3 == 0
    places, days, lines, filler = (_PLACES_AR, _DAYS_AR, _AR, _FILLER_AR) if arabic else (
        _PLACES_EN, _DAYS_EN, _EN, _FILLER_EN)
    place = places[k % len(places)]
    sentence = lines[(k // 7) % len(lines)].format(place=place, day=days[n % 7], n=2 + k % 5)
    body = f"<p>{sentence}</p><p>{filler.format(k=f'{name}-{n}')}</p>"
    title = f"{place}: {name} {n}"
    return title, body, _BASE_DAY + timedelta(hours=n), "ar" if arabic else "en"


_REVISION = "<p>Update: the local council said on {day} that the roads were open again.</p>"


def generated_page(base: str, name: str, n: int, revised: bool = False) -> str:
    """A whole page (menus, an ad, comments) around generated article ``n`` of ``name``."""
    title, body, when, lang = generated_article(name, n)
    if revised:
        body += _REVISION.format(day=_DAYS_EN[(n + 1) % 7])
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | {name}</title>'
            f'<meta property="article:published_time" content="{when.isoformat()}">'
            f'<link rel="canonical" href="{base}/gen/{name}/{n}"></head><body>'
            '<nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>'
            '<div class="ad">Advertisement: summer sale on sandals.</div>'
            f'<article><h1>{title}</h1>{body}</article>'
            '<section class="comments"><p>Comment: stay safe everyone.</p></section>'
            '<footer>All rights reserved.</footer></body></html>')


def generated_feed(base: str, name: str, items: int, revised: bool = False) -> str:
    """RSS 2.0 of the first ``items`` generated articles of ``name``, newest first."""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{name}</title>'
             f'<link>{base}/gen/{name}/</link><description>generated</description>']
    for n in range(items, 0, -1):
        title, _, when, _ = generated_article(name, n)
        parts.append(f"<item><title>{title}</title><link>{base}/gen/{name}/{n}</link><guid>{name}-{n}</guid>"
                     f"<pubDate>{format_datetime(when)}</pubDate>"
                     f"<description>{'updated' if revised else 'first edition'}</description></item>")
    parts.append("</channel></rss>")
    return "".join(parts)


class NewsSite(ThreadingHTTPServer):
    """The server; ``growing_items`` sets the length of ``/feeds/growing.xml``."""

    daemon_threads = True

    def __init__(self, port: int = 0, slow_seconds: float = 3.0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.slow_seconds = slow_seconds
        self.growing_items = 2
        self.requests: list[str] = []
        self.times: list[float] = []  # monotonic arrival time of each request
        self.agents: set[str] = set()
        self.revised: set[str] = set()  # generated sources whose articles were edited since first published
        self.lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> NewsSite:
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (the timeout and body-cap cases) is expected, not an error."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def hits(self, prefix: str) -> int:
        """How many requests asked for a path starting with ``prefix``."""
        with self.lock:
            return sum(1 for p in self.requests if p.startswith(prefix))

    def sources_file(self, target: Path, source: Path = DATA / "watch" / "sources.toml") -> Path:
        """The sources file with this server's address."""
        target.write_text(source.read_text(encoding="utf-8").replace(
            f"http://127.0.0.1:{SOURCES_PORT}", self.base), encoding="utf-8")
        return target


class _Handler(BaseHTTPRequestHandler):
    server: NewsSite
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _text(self, text: str) -> str:
        return text.replace("{base}", self.server.base).replace("https://tmp.example", self.server.base).replace(
            "https://sahel.example", self.server.base)

    def _conditional(self, body: bytes, ctype: str) -> None:
        """ETag and Last-Modified; 304 when the client's copy is current."""
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        modified = "Wed, 03 Apr 2024 12:00:00 GMT"
        if self.headers.get("If-None-Match") == etag or (
                self.headers.get("If-None-Match") is None and self.headers.get("If-Modified-Since") == modified):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(200, body, ctype, {"ETag": etag, "Last-Modified": modified})

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        url = urlsplit(self.path)
        path = url.path
        with self.server.lock:
            self.server.requests.append(path)
            self.server.times.append(time.monotonic())
            self.server.agents.add(self.headers.get("User-Agent", ""))
        base = self.server.base
        if path == "/robots.txt":
            return self._send(200, (DATA / "watch" / "robots.txt").read_bytes(), "text/plain")
        if path in FEEDS:
            body = self._text((DATA / "watch" / FEEDS[path]).read_text(encoding="utf-8")).encode()
            return self._conditional(body, "application/rss+xml; charset=utf-8")
        if path in PAGES:
            body = self._text((DATA / "pages" / PAGES[path]).read_text(encoding="utf-8")).encode()
            return self._send(200, body, "text/html; charset=utf-8")
        if path == "/feeds/growing.xml":
            feed = generated_feed(base, "growing", self.server.growing_items, "growing" in self.server.revised)
            return self._conditional(feed.encode(), "application/rss+xml")
        if path.startswith("/gen/") and path.endswith("/feed.xml"):
            items = int(parse_qs(url.query).get("items", ["20"])[0])
            name = path.split("/")[2]
            return self._conditional(generated_feed(base, name, items, name in self.server.revised).encode(),
                                     "application/rss+xml")
        if path.startswith("/gen/"):
            _, _, name, n = path.split("/")
            page = generated_page(base, name, int(n), name in self.server.revised)
            return self._send(200, page.encode(), "text/html; charset=utf-8")
        if path == "/index.html":
            links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in ("/news/misrata-drone", "/about", "/sport/1"))
            return self._send(200, f"<html><body><ul>{links}</ul></body></html>".encode(), "text/html")
        if path == "/feeds/slow.xml":
            time.sleep(self.server.slow_seconds)
            return self._send(200, b"<rss><channel></channel></rss>", "application/rss+xml")
        if path == "/news/refused":  # a reason phrase written as markdown: an image of this site, a link
            self.send_response(503, f"![pixel]({base}/pixel.png) [read more]({base}/about)")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == "/feeds/error500.xml":
            return self._send(500, b"Internal Server Error", "text/plain")
        if path == "/feeds/errorpage.xml":
            return self._send(200, (DATA / "watch" / "error_page.html").read_bytes(), "text/html")
        if path in ("/feeds/loop.xml", "/feeds/loop2.xml"):
            other = "/feeds/loop2.xml" if path == "/feeds/loop.xml" else "/feeds/loop.xml"
            return self._send(302, b"", "text/plain", {"Location": other})
        if path == "/feeds/huge.xml":
            return self._huge()
        return self._send(404, b"not found", "text/plain")

    def _huge(self, megabytes: int = 50) -> None:
        """50 MB of feed-looking bytes; the client is expected to hang up early."""
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<!-- " + b"x" * (1024 * 1024 - 9) + b" -->"
        try:
            self.wfile.write(b"<rss><channel>")
            for _ in range(megabytes):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=SOURCES_PORT)
    port = ap.parse_args().port
    site = NewsSite(port)
    print(f"serving {site.base} (Ctrl-C to stop)", flush=True)
    try:
        site.serve_forever()
    except KeyboardInterrupt:
        site.server_close()


if __name__ == "__main__":
    main()
