"""Fixtures and builders shared by the store, ingest and fuzz tests.

``store_url`` is parametrised over both backends. The PostGIS case needs the
environment variable ``LCM_POSTGIS_DSN`` (``scripts/start_postgis.sh`` prints
it) and is skipped, saying so, without it. Each PostGIS test gets a fresh
schema of that database, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geo.model import Article, Event, PlaceMention
from geo.pipeline import ArticleResult

POSTGIS_DSN = os.environ.get("LCM_POSTGIS_DSN")
SKIP_POSTGIS = "LCM_POSTGIS_DSN is not set: start a server with scripts/start_postgis.sh and export its DSN"


def _drop_schema(dsn: str, schema: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture
def postgis_url() -> Iterator[str]:
    """A PostGIS store URL in a fresh schema (dropped after the test)."""
    if not POSTGIS_DSN:
        pytest.skip(SKIP_POSTGIS)
    schema = "lcm_test_" + uuid.uuid4().hex[:12]
    sep = "&" if "?" in POSTGIS_DSN else "?"
    yield f"{POSTGIS_DSN}{sep}schema={schema}"
    _drop_schema(POSTGIS_DSN, schema)


@pytest.fixture(params=["gpkg", pytest.param("postgis", marks=pytest.mark.postgis)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store URL, once per backend."""
    if request.param == "gpkg":
        return str(tmp_path / "events.gpkg")
    return str(request.getfixturevalue("postgis_url"))


# ----------------------------------------------------------------------------- builders

TRIPOLI = (13.1913, 32.8872)
AIN_ZARA = (13.2380, 32.8080)
WADI_RABIE = (13.3100, 32.7300)
MISRATA = (15.0925, 32.3754)
SIRTE = (16.5887, 31.2089)
BENGHAZI = (20.0868, 32.1167)


def mention(start: int, surface: str, pid: str, lonlat: tuple[float, float] | None) -> PlaceMention:
    """A resolved (or, without coordinates, unresolved) place mention."""
    lon, lat = lonlat if lonlat else (None, None)
    return PlaceMention(start, start + len(surface), surface, pid if lonlat else None, surface, lat, lon,
                        "LY" if lonlat else None, "populated_place" if lonlat else None)


def event(category: str, coords: list[tuple[float, float]], day: date | None, aid: str, **kw: object) -> Event:
    """An event of article ``aid``."""
    return Event(category=category, coords=coords, event_date=day, article_ids=[aid],
                 evidence=kw.pop("evidence", f"{category} evidence"), **kw)  # type: ignore[arg-type]


def sample_result(aid: str = "a1", text: str | None = None, published: date = date(2019, 4, 10),
                  events: list[Event] | None = None) -> ArticleResult:
    """An English article with two mentions, a point event, a movement and a front line."""
    text = text or (f"[{aid}] Haftar's forces shelled Ain Zara south of Tripoli yesterday, killing 4. "
                    "A convoy moved from Misrata towards Sirte.")
    art = Article(aid, text, published, "en", title=f"Title {aid}", url=f"https://x.example/{aid}", source="Wire")
    if events is None:
        events = [
            event("shelling", [AIN_ZARA], date(2019, 4, 9), aid, place_name="Ain Zara", place_id="p-ainzara",
                  actor1="LNA", actor2="GNA", fatalities=4, district="Tripoli", source="Wire", geo_precision=1),
            event("movement", [MISRATA, SIRTE], date(2019, 4, 9), aid, place_name="Sirte", place_id="p-sirte",
                  origin_name="Misrata", origin_id="p-misrata", actor1="GNA", district="Sirte", source="Wire",
                  geo_precision=2),
            event("front_line", [AIN_ZARA, WADI_RABIE], date(2019, 4, 8), aid, place_name="Ain Zara",
                  place_id="p-ainzara", origin_name="Wadi al-Rabie", origin_id="p-wadi", source="Wire"),
        ]
    mentions = [mention(text.find("Ain Zara"), "Ain Zara", "p-ainzara", AIN_ZARA),
                mention(text.find("Tripoli"), "Tripoli", "p-tripoli", TRIPOLI)]
    return ArticleResult(art, mentions, events)


def table_dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Everything a store holds that does not depend on when it was written, sorted.

    For comparing stores filled by different runs (sequential vs parallel,
    killed-and-resumed vs clean): ``fid`` and ``ingested_at`` are left out.
    """
    from geo.store import is_postgis_url

    queries = {
        "articles": "SELECT id, content_hash, result_hash, source, url, published, language, title, text"
                    " FROM articles",
        "article_aliases": "SELECT alias_id, article_id FROM article_aliases",
        "place_mentions": 'SELECT article_id, start, "end", surface, place_id, lat, lon FROM place_mentions',
        "events": "SELECT event_id, category, event_date, place_name, actor1, actor2, fatalities, article_ids,"
                  " line_key, {geom} FROM events",
        "event_articles": "SELECT event_id, article_id FROM event_articles",
    }
    out: dict[str, list[tuple[object, ...]]] = {}
    if is_postgis_url(url):
        import psycopg

        from geo.store.postgis import split_url

        conninfo, schema = split_url(url)
        with psycopg.connect(conninfo) as conn:
            conn.execute("SELECT set_config('search_path', %s, false)", [f"{schema}, public"])
            for name, sql in queries.items():
                rows = conn.execute(sql.replace("{geom}", "ST_AsText(geom)")).fetchall()
                out[name] = sorted(tuple(str(v) for v in r) for r in rows)
        return out
    import sqlite3

    import shapely

    from geo.store.gpkg import gpkg_wkb

    lite = sqlite3.connect(url)
    try:
        for name, sql in queries.items():
            rows = lite.execute(sql.replace("{geom}", "geom")).fetchall()
            if name == "events":
                rows = [(*r[:-1], _wkt(shapely.from_wkb(gpkg_wkb(r[-1]))) if r[-1] else None) for r in rows]
            out[name] = sorted(tuple(str(v) for v in r) for r in rows)
    finally:
        lite.close()
    return out


def _wkt(geom: Any) -> str:
    """The WKT of a stored geometry (a row's blob always decodes to one)."""
    assert geom is not None
    return str(geom.wkt)
