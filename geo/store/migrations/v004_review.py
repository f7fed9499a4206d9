"""Version 4: the reviewer's work made visible: ``correction_history``, and ``reviewed``/``notes`` on events.

``correction_history`` has one row per field a reviewer changed (or an undo put
back): when, which event, which field, the value before and after (as text, in
the encoding of ``corrections.value``), the reviewer's name and comment, and the
``change_id`` shared by the fields of one save. ``corrections`` gets the same
``change_id``, so an undo removes exactly one save. ``events`` gets ``reviewed``
(some correction applies to it: exports carry it) and ``notes`` (the reviewer's
note, like ACLED's notes column). The ``front_lines`` view is re-created so it
carries the two new columns. Corrections made before this version get a
history row each (no previous value: it was not recorded) and a change id.
"""

from __future__ import annotations

from geo.store.migrations.v002_front_lines import _view

VERSION = 4
NAME = "review"

_COLUMNS_V4 = ("reviewed", "notes")

_HISTORY_BACKFILL = (
    "INSERT INTO correction_history (change_id, event_id, field, previous_value, new_value, reviewer, comment,"
    " action, created_at)"
    " SELECT change_id, event_id, field, NULL, {value}, NULL, note, 'edit', {created}"
    " FROM corrections ORDER BY id"
)

GPKG: list[str] = [
    """CREATE TABLE correction_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT, change_id TEXT NOT NULL, event_id TEXT NOT NULL,
        field TEXT NOT NULL, previous_value TEXT, new_value TEXT, reviewer TEXT, comment TEXT,
        action TEXT NOT NULL, created_at TEXT NOT NULL)""",
    "CREATE INDEX correction_history_event ON correction_history(event_id, id)",
    "ALTER TABLE corrections ADD COLUMN change_id TEXT",
    "UPDATE corrections SET change_id = 'legacy-' || id",
    "CREATE INDEX corrections_change ON corrections(change_id)",
    "ALTER TABLE events ADD COLUMN reviewed BOOLEAN NOT NULL DEFAULT 0",
    "ALTER TABLE events ADD COLUMN notes TEXT",
    "UPDATE events SET reviewed = 1 WHERE event_id IN (SELECT event_id FROM corrections)",
    _HISTORY_BACKFILL.format(value="CASE WHEN field = 'rejected' THEN (CASE WHEN rejected THEN 'true'"
                                   " ELSE 'false' END) ELSE value END", created="created_at"),
    "DROP VIEW front_lines",
    _view("0", "date(s.next_from, '-1 day')", _COLUMNS_V4),
    "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES"
    " ('correction_history', 'attributes', 'correction_history',"
    " 'Each field a reviewer changed: before, after, who, why', NULL)",
]

POSTGIS: list[str] = [
    """CREATE TABLE correction_history (
        id BIGSERIAL PRIMARY KEY, change_id TEXT NOT NULL, event_id TEXT NOT NULL,
        field TEXT NOT NULL, previous_value TEXT, new_value TEXT, reviewer TEXT, comment TEXT,
        action TEXT NOT NULL, created_at TEXT NOT NULL)""",
    "CREATE INDEX correction_history_event ON correction_history(event_id, id)",
    "ALTER TABLE corrections ADD COLUMN change_id TEXT",
    "UPDATE corrections SET change_id = 'legacy-' || id",
    "CREATE INDEX corrections_change ON corrections(change_id)",
    "ALTER TABLE events ADD COLUMN reviewed BOOLEAN NOT NULL DEFAULT FALSE",
    "ALTER TABLE events ADD COLUMN notes TEXT",
    "UPDATE events SET reviewed = TRUE WHERE event_id IN (SELECT event_id FROM corrections)",
    _HISTORY_BACKFILL.format(value="CASE WHEN field = 'rejected' THEN (CASE WHEN rejected THEN 'true'"
                                   " ELSE 'false' END) ELSE value END", created="created_at::text"),
    "DROP VIEW front_lines",
    _view("FALSE", "(s.next_from - 1)", _COLUMNS_V4),
]
