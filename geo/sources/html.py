"""Web pages as article fields, read by trafilatura.

In: the HTML of a page (saved to disk, or fetched by :mod:`geo.watch`). Out: its main
text without menus, comments, ads and footers, its title, publication date, language,
canonical URL and site name (``text``, ``title``, ``published``, ``language``, ``url``,
``source``).

trafilatura (with htmldate for dates) does the reading; this module only picks its
options and maps its answer onto the article fields the readers validate.
"""

from __future__ import annotations

from copy import deepcopy
from datetime import date, timedelta
from typing import Any

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import DEFAULT_CONFIG
from trafilatura.utils import load_html

__all__ = ["html_to_article_fields"]

# Below MIN_EXTRACTED_SIZE characters (250 by default) trafilatura distrusts its main
# extractor and rescues the page with a whole-page "baseline" that keeps the menus and
# splits sentences at inline tags (trafilatura issue #896). Short wire items are real
# articles here, so only an extraction shorter than a sentence is distrusted.
_CONFIG = deepcopy(DEFAULT_CONFIG)
_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "25")


def _date_params() -> dict[str, Any]:
    # original_date: the first publication, not the last update. htmldate refuses dates
    # after today by default; a page published early in the morning in Libya (UTC+2) is
    # still "yesterday" on a UTC machine, so tomorrow is allowed (parse_published checks it too).
    return {"original_date": True, "extensive_search": True,
            "max_date": (date.today() + timedelta(days=1)).isoformat(), "outputformat": "%Y-%m-%d"}


def _page_language(tree: HtmlElement) -> str | None:
    """``<html lang>`` (trafilatura reports a language only with its optional detector)."""
    root = tree.getroottree().getroot()
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    return lang.strip() or None if lang else None


def html_to_article_fields(html: str, url: str | None = None) -> dict[str, Any]:
    """Article fields of a web page: ``text``, ``title``, ``published``, ``language``, ``url``, ``source``.

    Parameters
    ----------
    html
        The page's markup (already decoded).
    url
        Where the page was fetched from, when known; helps trafilatura resolve the
        canonical URL and the date in the address.

    Returns
    -------
    dict
        ``text`` is the main text (empty when the page has none), ``published`` a
        ``YYYY-MM-DD`` string or None (validated later), the other fields a string
        or None.

    Examples
    --------
    >>> page = ('<html lang="en"><head><title>Wire | Clashes in Sirte</title>'
    ...         '<meta property="article:published_time" content="2020-01-02T10:00:00Z"></head>'
    ...         '<body><nav><a href="/">Home</a> <a href="/s">Sport</a></nav><article>'
    ...         '<p>Clashes broke out in Sirte on Monday between two armed groups, residents said.</p>'
    ...         '</article><footer>All rights reserved</footer></body></html>')
    >>> f = html_to_article_fields(page)
    >>> f["text"], f["published"], f["language"]
    ('Clashes broke out in Sirte on Monday between two armed groups, residents said.', '2020-01-02', 'en')
    """
    tree = load_html(html)
    if tree is None:
        return {"text": "", "title": None, "published": None, "language": None, "url": url, "source": None}
    language = _page_language(tree)
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False, date_extraction_params=_date_params(), config=_CONFIG,
    )
    if doc is None or isinstance(doc, dict):  # nothing found (a dict only with the deprecated as_dict)
        return {"text": "", "title": None, "published": None, "language": language, "url": url, "source": None}
    return {
        "text": (doc.text or "").strip(),
        "title": doc.title or None,
        "published": doc.date or None,
        "language": language,
        "url": doc.url or url,
        "source": doc.sitename or None,
    }
