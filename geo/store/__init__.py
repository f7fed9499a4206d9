"""The event store: articles, place mentions, events and corrections, in GeoPackage or PostGIS.

In: pipeline results (:class:`geo.pipeline.ArticleResult`, through ``add_results``), analysts'
corrections, and a store address (a ``.gpkg`` path or a ``postgresql://`` URL). Out: events
as EPSG:4326 GeoDataFrames filtered by box, dates, categories and more; front lines valid
on a day; stored articles and corrections; counts, the store's revision and consistency
checks. Addresses are shown only through :func:`redact_url`.

Examples
--------
>>> from geo.store import open_store
>>> with open_store("data/events.gpkg") as store:          # doctest: +SKIP
...     store.add_results(results)
...     frame = store.query_events(bbox=(12.9, 32.6, 13.5, 33.0), categories=["airstrike"])

See :mod:`geo.store.base` for the identity rules (content hash, aliases,
stable event ids) and how corrections are applied, and :mod:`geo.store.carry` for how
corrections follow an article whose text was replaced (ingest ``--replace``, the watch).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

from geo.store.base import EventStore, IdCollision, IngestStats, StoreError
from geo.store.frames import events_frame
from geo.store.identity import assign_event_ids, content_hash

__all__ = [
    "DEFAULT_STORE",
    "EventStore",
    "IdCollision",
    "IngestStats",
    "StoreError",
    "assign_event_ids",
    "content_hash",
    "events_frame",
    "is_postgis_url",
    "open_store",
    "redact_url",
]

#: Where the store lives unless told otherwise.
DEFAULT_STORE = Path("data/events.gpkg")


def is_postgis_url(url: str | os.PathLike[str]) -> bool:
    """True for ``postgresql://`` / ``postgres://`` URLs."""
    return isinstance(url, str) and url.startswith(("postgresql://", "postgres://"))


#: ``scheme://`` then the authority as libpq reads it: up to the first ``/`` (libpq looks for the ``@``
#: that ends a user and password up to there, ``?`` and ``#`` included; an RFC 3986 parser such as
#: ``urllib.parse`` stops at ``?`` and would show a password libpq sends, see ``tests/test_redact_url.py``).
_URL_START = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<authority>[^/]*)")
#: One ``key=value`` of a query string.
_PARAM = re.compile(r"(?P<sep>[?&])(?P<key>[^=&#]*)=(?P<value>[^&#]*)")


def _masked_param(m: re.Match[str]) -> str:
    # libpq decodes %-escapes in keys too, and sslpassword is as secret as password.
    secret = unquote(m["key"]).strip().lower().endswith("password")
    return f"{m['sep']}{m['key']}=***" if secret else m[0]


def redact_url(url: str | os.PathLike[str]) -> str:
    """The store address as it may be shown or logged: any password replaced by ``***``.

    Every message that names a store goes through this (the app's sidebar, the CLI, store
    errors), whatever the scheme: a mistyped ``postgress://`` carries its password all the same.
    Better still, keep the password out of the URL: libpq reads ``PGPASSWORD``,
    ``~/.pgpass`` and ``service=`` files (see the README).

    >>> redact_url("postgresql://lcm:s3cret@db.example:5432/events?schema=a")
    'postgresql://lcm:***@db.example:5432/events?schema=a'
    >>> redact_url("postgresql://db.example/events?password=s3cret&schema=a")
    'postgresql://db.example/events?password=***&schema=a'
    >>> redact_url("postgresql:///events?host=/tmp&sslpassword=s3cret&pass%77ord=s3cret")
    'postgresql:///events?host=/tmp&sslpassword=***&pass%77ord=***'
    >>> redact_url("postgressql://lcm:p?ss@db.example/events")
    'postgressql://lcm:***@db.example/events'

    The user and password end at the last ``@`` before the first ``/``, as libpq reads them: for libpq
    ``postgresql://h:5432?x=a@b`` is user ``h`` with password ``5432?x=a`` at host ``b``, not port 5432.

    >>> redact_url("postgresql://h:5432?x=a@b"), redact_url("postgresql://h:5432/events?application_name=a@b")
    ('postgresql://h:***@b', 'postgresql://h:5432/events?application_name=a@b')
    >>> redact_url("data/events.gpkg")
    'data/events.gpkg'
    """
    text = os.fspath(url)
    start = _URL_START.match(text)
    if start is None:
        return text
    userinfo, at, rest = start["authority"].rpartition("@")
    authority = f"{userinfo.split(':', 1)[0]}:***@" if at and ":" in userinfo else userinfo + at
    return start["scheme"] + authority + _PARAM.sub(_masked_param, rest + text[start.end():])


def open_store(url: str | os.PathLike[str] = DEFAULT_STORE) -> EventStore:
    """Open (creating and migrating as needed) the store at ``url``.

    Parameters
    ----------
    url
        A path ending ``.gpkg`` (GeoPackage) or a ``postgresql://`` URL
        (PostGIS; an optional ``?schema=NAME`` picks the schema).

    Raises
    ------
    StoreError
        For any other URL, or when the store cannot be opened or migrated.
    """
    if is_postgis_url(url):
        from geo.store.postgis import PostGISStore

        return PostGISStore(str(url))
    path = Path(os.fspath(url))
    if path.suffix.lower() != ".gpkg":
        raise StoreError(f"unsupported store {redact_url(url)!r}: give a path ending .gpkg or a postgresql:// URL")
    from geo.store.gpkg import GeoPackageStore

    return GeoPackageStore(path)
