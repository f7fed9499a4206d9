"""Saved HTML pages as article fields.

In: the HTML of a page. Out: its main text, title and publication date (``text``,
``title``, ``published``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

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
