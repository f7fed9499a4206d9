"""Version 2: the ``front_lines`` view, with each line's validity derived at query time.

A front line is valid from its ``event_date`` (``valid_from``) to the earlier
of the end its article stated (``stated_valid_to``) and the day before the
next front line between the same places (same ``line_key``) begins. Deriving
the end in a view rather than closing rows on insert keeps it right when
reports arrive out of order, are replaced, or a correction moves a date or
rejects a line. In the GeoPackage the view is registered as a layer, so QGIS
shows it too.
"""

from __future__ import annotations

VERSION = 2
NAME = "front_lines"

# Frozen here on purpose: a migration describes the schema as it was at its version.
_COLUMNS = (
    "fid", "event_id", "category", "event_date", "time_precision", "geo_precision", "place_name", "place_id",
    "origin_name", "origin_id", "actor1", "actor2", "claimed_by", "fatalities", "injured", "approximate",
    "language", "source", "url", "event_type", "sub_event_type", "corroboration", "district", "evidence",
    "article_ids", "extra", "line_key", "rejected", "corrected",
)


def _view(false: str, day_before: str, later_columns: tuple[str, ...] = ()) -> str:
    # later_columns: columns that later versions added to events (v004 re-creates the view with them).
    cols = ", ".join(f"s.{c}" for c in (*_COLUMNS, *later_columns))
    return f"""CREATE VIEW front_lines AS
        SELECT {cols}, s.event_date AS valid_from,
            CASE WHEN s.next_from IS NULL THEN s.stated_valid_to
                 WHEN s.stated_valid_to IS NULL OR {day_before} < s.stated_valid_to THEN {day_before}
                 ELSE s.stated_valid_to END AS valid_to,
            s.stated_valid_to, s.geom
        FROM (SELECT e.*, e.valid_to AS stated_valid_to,
                     (SELECT MIN(n.event_date) FROM events n
                       WHERE n.line_key = e.line_key AND n.category = 'front_line' AND n.rejected = {false}
                         AND n.event_date > e.event_date) AS next_from
                FROM events e
               WHERE e.category = 'front_line' AND e.rejected = {false} AND e.event_date IS NOT NULL) s"""


GPKG: list[str] = [
    _view("0", "date(s.next_from, '-1 day')"),
    "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES"
    " ('front_lines', 'features', 'front_lines', 'Front lines with their validity (valid_from, valid_to)', 4326)",
    "INSERT INTO gpkg_geometry_columns VALUES ('front_lines', 'geom', 'GEOMETRY', 4326, 0, 0)",
]

POSTGIS: list[str] = [
    _view("FALSE", "(s.next_from - 1)"),
]
