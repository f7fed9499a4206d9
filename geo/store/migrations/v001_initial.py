"""Version 1: articles, place mentions, events, links, corrections; spatial indexes.

The GeoPackage half also creates the GeoPackage core tables (``gpkg_*``),
registers the layers, and adds the standard R-tree spatial-index extension
with the triggers of the GeoPackage specification, so that GDAL and QGIS see
and use the index and keep it current when they edit the file.
"""

from __future__ import annotations

VERSION = 1
NAME = "initial"

_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
    'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],'
    'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],'
    'AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)

_NOW = "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))"


def _rtree(table: str, column: str = "geom", pk: str = "fid") -> list[str]:
    """The GeoPackage 1.3 R-tree extension: virtual table, triggers, registration."""
    rt = f"rtree_{table}_{column}"
    ins = (f"INSERT OR REPLACE INTO {rt} VALUES (NEW.{pk}, ST_MinX(NEW.{column}), ST_MaxX(NEW.{column}),"
           f" ST_MinY(NEW.{column}), ST_MaxY(NEW.{column}));")
    return [
        f"CREATE VIRTUAL TABLE {rt} USING rtree(id, minx, maxx, miny, maxy)",
        f"CREATE TRIGGER {rt}_insert AFTER INSERT ON {table}"
        f" WHEN (new.{column} NOT NULL AND NOT ST_IsEmpty(NEW.{column})) BEGIN {ins} END",
        f"CREATE TRIGGER {rt}_update1 AFTER UPDATE OF {column} ON {table}"
        f" WHEN OLD.{pk} = NEW.{pk} AND (NEW.{column} NOTNULL AND NOT ST_IsEmpty(NEW.{column})) BEGIN {ins} END",
        f"CREATE TRIGGER {rt}_update2 AFTER UPDATE OF {column} ON {table}"
        f" WHEN OLD.{pk} = NEW.{pk} AND (NEW.{column} ISNULL OR ST_IsEmpty(NEW.{column}))"
        f" BEGIN DELETE FROM {rt} WHERE id = OLD.{pk}; END",
        f"CREATE TRIGGER {rt}_update3 AFTER UPDATE ON {table}"
        f" WHEN OLD.{pk} != NEW.{pk} AND (NEW.{column} NOTNULL AND NOT ST_IsEmpty(NEW.{column}))"
        f" BEGIN DELETE FROM {rt} WHERE id = OLD.{pk}; {ins} END",
        f"CREATE TRIGGER {rt}_update4 AFTER UPDATE ON {table}"
        f" WHEN OLD.{pk} != NEW.{pk} AND (NEW.{column} ISNULL OR ST_IsEmpty(NEW.{column}))"
        f" BEGIN DELETE FROM {rt} WHERE id IN (OLD.{pk}, NEW.{pk}); END",
        f"CREATE TRIGGER {rt}_delete AFTER DELETE ON {table} WHEN old.{column} NOT NULL"
        f" BEGIN DELETE FROM {rt} WHERE id = OLD.{pk}; END",
        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope)"
        f" VALUES ('{table}', '{column}', 'gpkg_rtree_index',"
        " 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
    ]


def _register(table: str, data_type: str, description: str) -> str:
    srs = "4326" if data_type == "features" else "NULL"
    return ("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)"
            f" VALUES ('{table}', '{data_type}', '{table}', '{description}', {srs})")


GPKG: list[str] = [
    # -- GeoPackage core (IF NOT EXISTS: the file may have been made by GDAL first) --
    "PRAGMA application_id = 1196444487",  # 'GPKG'
    "PRAGMA user_version = 10300",  # GeoPackage 1.3
    """CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)""",
    """INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
        ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
        ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system')""",
    "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, '"
    + _WGS84_WKT.replace("'", "''")
    + "', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')",
    f"""CREATE TABLE IF NOT EXISTS gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
        description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT {_NOW},
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
        table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT uk_gc_table_name UNIQUE (table_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE IF NOT EXISTS gpkg_extensions (
        table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
        scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))""",
    # -- the store --
    """CREATE TABLE articles (
        fid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, content_hash TEXT NOT NULL UNIQUE,
        result_hash TEXT NOT NULL, source TEXT, url TEXT, published DATE, language TEXT, title TEXT,
        text TEXT NOT NULL, ingested_at DATETIME NOT NULL)""",
    """CREATE TABLE article_aliases (
        alias_id TEXT NOT NULL PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON UPDATE CASCADE)""",
    """CREATE TABLE place_mentions (
        fid INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL REFERENCES articles(id) ON UPDATE CASCADE,
        start INTEGER, "end" INTEGER, surface TEXT, place_id TEXT, name TEXT, lat DOUBLE, lon DOUBLE,
        country_code TEXT, feature_type TEXT, geo_precision INTEGER, relation TEXT, anchor_ids TEXT,
        distance_km DOUBLE, district TEXT, geom POINT)""",
    "CREATE INDEX place_mentions_article ON place_mentions(article_id)",
    """CREATE TABLE events (
        fid INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, category TEXT NOT NULL,
        event_date DATE, time_precision INTEGER, geo_precision INTEGER, place_name TEXT, place_id TEXT,
        origin_name TEXT, origin_id TEXT, actor1 TEXT, actor2 TEXT, claimed_by TEXT, fatalities INTEGER,
        injured INTEGER, approximate BOOLEAN, language TEXT, source TEXT, url TEXT, event_type TEXT,
        sub_event_type TEXT, corroboration INTEGER, district TEXT, valid_to DATE, evidence TEXT,
        article_ids TEXT, extra TEXT, line_key TEXT, rejected BOOLEAN NOT NULL DEFAULT 0, corrected TEXT,
        geom GEOMETRY)""",
    "CREATE INDEX events_date ON events(event_date)",
    "CREATE INDEX events_category ON events(category, event_date)",
    "CREATE INDEX events_line ON events(line_key, event_date)",
    """CREATE TABLE event_articles (
        event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON UPDATE CASCADE,
        PRIMARY KEY (event_id, article_id))""",
    "CREATE INDEX event_articles_article ON event_articles(article_id)",
    f"""CREATE TABLE corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT,
        rejected BOOLEAN, note TEXT, created_at DATETIME NOT NULL DEFAULT {_NOW})""",
    "CREATE INDEX corrections_event ON corrections(event_id, id)",
    # -- registration: two spatial layers, the rest as attribute tables --
    _register("events", "features", "Events extracted from articles (corrections applied)"),
    _register("place_mentions", "features", "Place names found in articles"),
    _register("articles", "attributes", "Ingested articles"),
    _register("article_aliases", "attributes", "Article ids whose text is stored under another id"),
    _register("event_articles", "attributes", "Which articles report which event"),
    _register("corrections", "attributes", "Human corrections of events"),
    "INSERT INTO gpkg_geometry_columns VALUES ('events', 'geom', 'GEOMETRY', 4326, 0, 0)",
    "INSERT INTO gpkg_geometry_columns VALUES ('place_mentions', 'geom', 'POINT', 4326, 0, 0)",
    *_rtree("events"),
    *_rtree("place_mentions"),
]

POSTGIS: list[str] = [
    """CREATE TABLE articles (
        fid BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, content_hash TEXT NOT NULL UNIQUE,
        result_hash TEXT NOT NULL, source TEXT, url TEXT, published DATE, language TEXT, title TEXT,
        text TEXT NOT NULL, ingested_at TEXT NOT NULL)""",
    """CREATE TABLE article_aliases (
        alias_id TEXT NOT NULL PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON UPDATE CASCADE)""",
    """CREATE TABLE place_mentions (
        fid BIGSERIAL PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON UPDATE CASCADE,
        start BIGINT, "end" BIGINT, surface TEXT, place_id TEXT, name TEXT, lat DOUBLE PRECISION,
        lon DOUBLE PRECISION, country_code TEXT, feature_type TEXT, geo_precision INTEGER, relation TEXT,
        anchor_ids TEXT, distance_km DOUBLE PRECISION, district TEXT, geom geometry(Point, 4326))""",
    "CREATE INDEX place_mentions_article ON place_mentions(article_id)",
    "CREATE INDEX place_mentions_geom ON place_mentions USING GIST (geom)",
    """CREATE TABLE events (
        fid BIGSERIAL PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, category TEXT NOT NULL,
        event_date DATE, time_precision INTEGER, geo_precision INTEGER, place_name TEXT, place_id TEXT,
        origin_name TEXT, origin_id TEXT, actor1 TEXT, actor2 TEXT, claimed_by TEXT, fatalities BIGINT,
        injured BIGINT, approximate BOOLEAN, language TEXT, source TEXT, url TEXT, event_type TEXT,
        sub_event_type TEXT, corroboration BIGINT, district TEXT, valid_to DATE, evidence TEXT,
        article_ids TEXT, extra TEXT, line_key TEXT, rejected BOOLEAN NOT NULL DEFAULT FALSE, corrected TEXT,
        geom geometry(Geometry, 4326))""",
    "CREATE INDEX events_geom ON events USING GIST (geom)",
    "CREATE INDEX events_date ON events(event_date)",
    "CREATE INDEX events_category ON events(category, event_date)",
    "CREATE INDEX events_line ON events(line_key, event_date)",
    """CREATE TABLE event_articles (
        event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON UPDATE CASCADE,
        PRIMARY KEY (event_id, article_id))""",
    "CREATE INDEX event_articles_article ON event_articles(article_id)",
    """CREATE TABLE corrections (
        id BIGSERIAL PRIMARY KEY, event_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT,
        rejected BOOLEAN, note TEXT, created_at TEXT NOT NULL)""",
    "CREATE INDEX corrections_event ON corrections(event_id, id)",
]
