"""The event-store interface, and the identity and correction rules every backend keeps.

The rules are implemented in :mod:`geo.store.identity` (hashes, event ids, geometries),
:mod:`geo.store.writes` (idempotent writes, corrections) and :mod:`geo.store.sql` (reads),
on the SQL plumbing of :mod:`geo.store.sql_dialect`; :mod:`geo.store.gpkg` and
:mod:`geo.store.postgis` are the two dialects.

Identity rules (the same in every backend)
------------------------------------------
* An article is keyed by its ``id``; its text is fingerprinted by
  :func:`content_hash` (SHA-256 of the NFC-normalised text with unified line
  endings and outer whitespace stripped).
* Identical text under a second id is stored once: the second id becomes an
  *alias* of the first (table ``article_aliases``) and ``upsert_article``
  answers ``"unchanged"`` (counted as a duplicate by ``add_results``).
  ``get_article(alias)`` returns the stored article (with its own id).
* Same id, same text and the same pipeline output -> ``"unchanged"``. Same id
  and same text but different pipeline output (the article was re-extracted by
  a newer pipeline, or its metadata changed) -> the mentions and events are
  replaced -> ``"replaced"``. Same id with changed text -> the article, its
  mentions and its events are replaced in one transaction -> ``"replaced"``.
* Event ids are stable: ``ev-`` + 16 hex digits of SHA-256 over the article's
  content hash, the category, the place (id, else name, else rounded
  coordinates), the origin and the date (see :func:`assign_event_ids`). The
  id given by the pipeline (``Event.event_id``) is ignored, so corrections,
  which are keyed by event id, survive re-extraction of the same text.

Corrections
-----------
Corrections are rows of ``corrections`` (one per corrected field) and are
*materialised*: the ``events`` row carries the corrected values (what a map,
a query or QGIS shows), ``rejected`` marks rejected events, and ``corrected``
keeps the extracted values that a correction overrode (JSON). When an
article's events are written again, the stored corrections of their ids are
applied again in the same transaction. The latest correction of a field wins.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from types import TracebackType
from typing import Any

import geopandas as gpd

from geo.model import Article
from geo.pipeline import ArticleResult

__all__ = [
    "ARTICLE_COLUMNS",
    "EVENT_COLUMNS",
    "MENTION_COLUMNS",
    "BBox",
    "CORRECTABLE",
    "EditConflict",
    "EventStore",
    "IngestStats",
    "Row",
    "StoreError",
]

Row = dict[str, Any]
BBox = tuple[float, float, float, float]

#: Columns of ``articles`` as written by the store (``fid`` and geometry aside).
ARTICLE_COLUMNS: tuple[str, ...] = (
    "id", "content_hash", "result_hash", "source", "url", "published", "language", "title", "text",
    "ingested_at",
)
#: Columns of ``place_mentions`` (``geom`` aside).
MENTION_COLUMNS: tuple[str, ...] = (
    "article_id", "start", "end", "surface", "place_id", "name", "lat", "lon", "country_code",
    "feature_type", "geo_precision", "relation", "anchor_ids", "distance_km", "district",
)
#: Event fields stored as columns of the same name.
EVENT_FIELDS: tuple[str, ...] = (
    "category", "event_date", "time_precision", "geo_precision", "place_name", "place_id",
    "origin_name", "origin_id", "actor1", "actor2", "claimed_by", "fatalities", "injured",
    "approximate", "language", "source", "url", "event_type", "sub_event_type", "corroboration",
    "district", "valid_to", "evidence",
)
#: Columns of ``events`` (``fid`` and ``geom`` aside).
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", *EVENT_FIELDS, "article_ids", "extra", "line_key", "rejected", "corrected", "reviewed", "notes",
)
#: Fields a correction may set, as named in the ``corrections.field`` column (``note``: a comment alone).
CORRECTABLE: tuple[str, ...] = (
    "category", "event_date", "place_name", "place_id", "district", "location", "actor1", "actor2",
    "fatalities", "injured", "approximate", "notes", "rejected",
)


class StoreError(RuntimeError):
    """A store could not be opened or written (bad URL, incompatible schema, ...)."""


class IdCollision(ValueError):
    """An article id already stored with another text, written without ``replace``."""


class EditConflict(RuntimeError):
    """A correction was refused because the stored event is no longer what the reviewer saw.

    ``fields`` names the fields whose stored value differs from the expected one.
    """

    def __init__(self, event_id: str, fields: list[str], message: str | None = None) -> None:
        self.event_id = event_id
        self.fields = fields
        super().__init__(message or f"event {event_id} changed since the form was filled"
                         f" ({', '.join(fields)}): nothing was saved")


@dataclass(slots=True)
class IngestStats:
    """What :meth:`EventStore.add_results` did.

    ``duplicates`` counts articles whose text was already stored under another
    id; they are included in ``unchanged`` too. ``failed`` counts articles that
    could not be written (only when an ``on_error`` callback was given).
    """

    inserted: int = 0
    unchanged: int = 0
    replaced: int = 0
    duplicates: int = 0
    failed: int = 0
    mentions: int = 0
    events: int = 0
    batches: int = 0
    replaced_ids: list[str] = dataclasses.field(default_factory=list)

    def add(self, other: IngestStats) -> None:
        """Accumulate ``other`` into this one."""
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


# --------------------------------------------------------------------------- interface


class EventStore(ABC):
    """Articles, place mentions, events and corrections in one spatial database.

    Use as a context manager or call :meth:`close`. Every write method is one
    transaction: it lands whole or not at all.
    """

    url: str

    @abstractmethod
    def upsert_article(self, result: ArticleResult) -> str:
        """Store one pipeline result; answer ``"inserted"``, ``"unchanged"`` or ``"replaced"``."""

    @abstractmethod
    def add_results(
        self,
        results: Iterable[ArticleResult],
        *,
        batch_size: int = 500,
        on_error: Callable[[ArticleResult, Exception], None] | None = None,
        replace: bool = True,
    ) -> IngestStats:
        """Store many results, ``batch_size`` per transaction.

        Parameters
        ----------
        results
            Pipeline results, consumed lazily.
        batch_size
            Results per transaction.
        on_error
            Without it, a failing result raises (its batch is rolled back,
            earlier batches stay). With it, a failing batch is retried one
            result per transaction and each result that still fails is passed
            to ``on_error`` and counted as ``failed``.
        replace
            False: an id already stored with another text (the same id from
            another source, most likely) is an :class:`IdCollision` for that
            result instead of a replacement. Replaced ids are listed in
            :attr:`IngestStats.replaced_ids` either way.
        """

    @abstractmethod
    def query_events(
        self,
        *,
        bbox: BBox | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        categories: Iterable[str] | None = None,
        actors: Iterable[str] | None = None,
        districts: Iterable[str] | None = None,
        sources: Iterable[str] | None = None,
        min_precision: int | None = None,
        include_rejected: bool = False,
    ) -> gpd.GeoDataFrame:
        """Events matching every given filter, corrections applied, as an EPSG:4326 frame.

        Parameters
        ----------
        bbox
            ``(minlon, minlat, maxlon, maxlat)``: events whose geometry intersects it.
        date_from, date_to
            Inclusive range of ``event_date``; undated events are left out when either is given.
        categories, actors, districts, sources
            Allowed values; ``actors`` matches ``actor1``, ``actor2`` or ``claimed_by``.
        min_precision
            Worst acceptable ``geo_precision`` code (1 = the place itself,
            3 = a region): ``min_precision=2`` keeps codes 1 and 2.
        include_rejected
            Also return events a correction rejected (column ``rejected``).

        Returns
        -------
        geopandas.GeoDataFrame
            The ``geo.outputs.layers.events_to_frame`` columns plus ``rejected`` and
            ``corrected`` (JSON of the extracted values a correction
            overrode, or None), ordered by date then event id.
        """

    def query_merged_events(self, *, include_rejected: bool = False, **filters: Any) -> gpd.GeoDataFrame:
        """Events as people see them: the rows of :meth:`query_events` (one per article's event)
        merged into one per real-world event by :func:`geo.events.dedupe.merge_stored_events`.

        The merge runs over every stored row, rejected ones included, so an event is the same
        whatever the filters; ``filters`` (the keywords of :meth:`query_events`) then keep the
        merged events whose representative row matches them. Columns ``sources`` and
        ``merged_ids`` are added; rejected events only with ``include_rejected``.
        """
        from geo.events.dedupe import merge_stored_events

        merged = merge_stored_events(self.query_events(include_rejected=True))
        if not include_rejected:
            merged = merged[~merged["rejected"].to_numpy(dtype=bool)]
        if any(v is not None for v in filters.values()):
            wanted = set(self.query_events(include_rejected=include_rejected, **filters)["event_id"].astype(str))
            merged = merged[merged["event_id"].astype(str).isin(wanted).to_numpy()]
        return merged.reset_index(drop=True)

    @abstractmethod
    def front_lines_on(self, day: date) -> gpd.GeoDataFrame:
        """Front lines valid on ``day``.

        A front line is valid from its ``event_date`` (column ``valid_from``)
        to its effective ``valid_to``: the earlier of the end the article
        stated and the day before a newer front line between the same places
        (same ``line_key``) was reported. The end is derived at query time
        (view ``front_lines``), so a late-arriving older report or a
        corrected date never leaves a stale end behind.
        """

    @abstractmethod
    def front_lines_between(self, start: date, end: date) -> gpd.GeoDataFrame:
        """Front lines valid on at least one day from ``start`` to ``end``: those of
        :meth:`front_lines_on` for any of these days, each once."""

    @abstractmethod
    def add_correction(
        self,
        event_id: str,
        *,
        category: str | None = None,
        event_date: date | None = None,
        lon: float | None = None,
        lat: float | None = None,
        place_name: str | None = None,
        rejected: bool | None = None,
        note: str | None = None,
    ) -> str | None:
        """Record a human correction of one event and apply it (:meth:`correct_event` with the
        fields given, None meaning "unchanged"; ``note`` is the comment). Returns the change id.

        ``lon``/``lat`` (both or neither) move a point event, or the
        destination (last vertex) of a line. Raises ``KeyError`` for an
        unknown event id and ``ValueError`` for an invalid value.
        """

    @abstractmethod
    def correct_event(
        self,
        event_id: str,
        changes: dict[str, Any],
        *,
        expected: dict[str, Any] | None = None,
        reviewer: str | None = None,
        comment: str | None = None,
    ) -> str | None:
        """Record one save of the reviewer: the fields of ``changes`` (names of :data:`CORRECTABLE`,
        values as :meth:`review_values` gives them), in one transaction, with a history row per field.

        Parameters
        ----------
        event_id
            The event corrected.
        changes
            New values. ``None`` is a value (unknown killed, no second actor); a
            field whose new value equals the stored one is left out.
        expected
            The values the reviewer saw (from :meth:`review_values`): when any
            differs from the stored one, :class:`EditConflict` is raised and
            nothing is written.
        reviewer, comment
            Who and why, kept in the history.

        Returns
        -------
        str or None
            The change id (for :meth:`undo_correction`), or None when nothing differed.
        """

    @abstractmethod
    def review_values(self, event_id: str) -> dict[str, Any]:
        """The event's current values of every :data:`CORRECTABLE` field (``location`` as
        ``(lon, lat)`` of the point or a line's destination, or None). Raises ``KeyError``."""

    @abstractmethod
    def correction_history(self, event_id: str | None = None) -> list[Row]:
        """History rows (oldest first) of one event or of all: ``id``, ``change_id``, ``event_id``,
        ``field``, ``previous_value``, ``new_value``, ``reviewer``, ``comment``, ``action``
        (``edit`` or ``undo``), ``created_at``. Values are text as in ``corrections.value``."""

    @abstractmethod
    def undo_correction(self, change_id: str, *, reviewer: str | None = None) -> str:
        """Remove the corrections of one save and re-apply the others; returns the event id.

        Only the event's latest save can be undone (``EditConflict`` otherwise);
        ``KeyError`` when no active correction has that change id. The undo is
        itself a history row per field it put back.
        """

    @abstractmethod
    def article_count(self) -> int:
        """Number of stored articles (aliases of identical texts not counted)."""

    @abstractmethod
    def event_count(self, *, include_rejected: bool = True) -> int:
        """Number of stored events."""

    @abstractmethod
    def mention_count(self) -> int:
        """Number of stored place mentions."""

    def get_article(self, article_id: str) -> Article | None:
        """The stored article of that id (or of the text that id is an alias of)."""
        return self.get_articles([article_id]).get(article_id)

    @abstractmethod
    def get_articles(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles of many ids at once (a batch of ingest ``--replace``), each under the
        id asked: an alias maps to the article stored with its text (which has its own id). Ids
        not stored are left out. The reads cost one query per few hundred ids, not one per id.
        """

    @abstractmethod
    def corrections_of(self, event_ids: Iterable[str]) -> list[Row]:
        """The corrections recorded on these events, oldest first: one row per corrected field
        with ``id``, ``change_id``, ``event_id``, ``field``, ``value`` (text, as
        :func:`geo.store.corrections.encode_value` writes it), ``rejected``, ``note`` and
        ``created_at``. A comment saved alone is a row of field ``note``. The latest row of a
        field is its value; undone corrections are gone (their trace is :meth:`correction_history`).
        """

    @abstractmethod
    def consistency_problems(self) -> list[str]:
        """Referential problems found (empty when the store is consistent)."""

    @abstractmethod
    def revision(self) -> tuple[str, int]:
        """``(store_id, revision)``: ``revision`` grows with every committed write, ``store_id``
        is random per store. A copy of the events made at the same pair is still current."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection. Idempotent."""

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

