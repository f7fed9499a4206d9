"""What the dashboard (``app.py``) knows about data, kept free of Streamlit so it can be tested.

In: a store address. Out: the store opened (built from the samples on first start),
the events frame indexed for fast filtering, and the map's layers for a filter.
:mod:`geo.app.summaries` has the counts and tables, :mod:`geo.app.actions` ingest and review.

The app talks to the event store (:func:`geo.store.open_store`) only through
this module: opening it (and building it from the bundled sample articles on
first start), loading events, filtering, front lines on a day, ingesting
articles, corrections, and the tables and counts the page shows.

Filtering happens in memory on a frame loaded once per store revision
(:func:`load_events`, cached by the app): a filter change then costs a pandas
mask over the frame instead of a database round trip, which keeps re-renders
under a second with 100,000 events. :func:`load_view` gives the same result
through the store's own query, and the tests check the two agree.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.app import snapshot
from geo.app.actions import ingest_articles
from geo.app.summaries import Facets, facets
from geo.model import CATEGORIES, Article
from geo.outputs.layers import empty_frame
from geo.sources.records import IngestError

__all__ = [
    "APP_DIR",
    "DEFAULT_STORE",
    "SAMPLE_ARTICLES",
    "POINT_LAYERS",
    "EventIndex",
    "Filters",
    "build_store_from_samples",
    "categories_in",
    "default_filters",
    "density_arrays",
    "export_layers",
    "filter_frame",
    "front_lines_between",
    "front_lines_on",
    "load_events",
    "load_view",
    "map_layers",
    "open_app_store",
    "rejected_events",
    "store_path",
]

APP_DIR = Path(__file__).resolve().parents[2]
SAMPLE_ARTICLES = APP_DIR / "data" / "sample_articles.jsonl"
DEFAULT_STORE = APP_DIR / "data" / "events.gpkg"



def store_path() -> str:
    """The store the app opens: ``$LCM_STORE`` (a ``.gpkg`` path or ``postgresql://`` URL) or ``data/events.gpkg``."""
    return os.environ.get("LCM_STORE") or str(DEFAULT_STORE)


# --------------------------------------------------------------------------- store


def _read_jsonl(path: Path) -> list[Article]:
    """The bundled articles; they are the project's own, so a bad line is a bug: raise."""
    # Imported here: the readers pull in trafilatura (0.4 s), which only the first start's build needs.
    from geo.sources.articles import read_articles_jsonl

    articles: list[Article] = []
    for item in read_articles_jsonl(path):
        if isinstance(item, IngestError):
            raise ValueError(str(item))
        articles.append(item)
    return articles


def build_store_from_samples(store: Any, sample: Path = SAMPLE_ARTICLES) -> Any:
    """Run the pipeline over the sample articles and store the results. Returns the ingest stats."""
    return ingest_articles(store, _read_jsonl(sample))


def open_app_store(url: str | None = None, *, sample: Path = SAMPLE_ARTICLES,
                   default: Path = DEFAULT_STORE) -> tuple[Any, bool]:
    """Open the app's store; the bundled default store is built from the sample articles on first start.

    Returns ``(store, built)``: ``built`` is True when this call created the store
    from the samples. Only the default path (``data/events.gpkg``) gets the
    project-written samples; any other store (``$LCM_STORE``) opens as it is, empty
    when new, so samples never mix with an operator's data (unless ``$LCM_SAMPLES`` is
    ``1``: a demonstration store asked for by name). The sample store is built
    in a temporary file and linked into place only if no store appeared there
    meanwhile: a failed build leaves nothing, and no store file is ever deleted.
    """
    from geo.store import is_postgis_url, open_store

    url = url or store_path()
    built = False
    wanted = Path(url).resolve() == Path(default).resolve() or os.environ.get("LCM_SAMPLES") == "1"
    if not is_postgis_url(url) and not Path(url).exists() and wanted:
        built = _build_sample_store(Path(url), sample)
    return open_store(url), built


def _build_sample_store(dest: Path, sample: Path) -> bool:
    """Build the sample store beside ``dest`` and link it to ``dest`` unless a store is there by now."""
    from geo.store import open_store

    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".sample-store-", dir=dest.parent) as tmp:
        built = Path(tmp) / dest.name
        with open_store(built) as store:
            build_store_from_samples(store, sample)
        try:
            os.link(built, dest)  # atomic, and never replaces a store another process created
        except FileExistsError:
            return False
    return True


def _empty_merged() -> gpd.GeoDataFrame:
    """A zero-row frame with the columns of ``EventStore.query_merged_events``."""
    from geo.events.dedupe import merge_stored_events

    return merge_stored_events(empty_frame())


def _index_by_id(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = frame.set_index(frame["event_id"].astype(str), drop=False)
    frame.index.name = None
    return frame


def load_events(store: Any, *, snapshot_dir: Path | None = None) -> gpd.GeoDataFrame:
    """Every event not rejected, corrections applied, one row per real-world event
    (:func:`geo.events.dedupe.merge_stored_events`: columns ``sources``, ``merged_ids``), indexed by ``event_id`` (the reference the map
    and table share), with ``history``: the reviewers' changes of each event as lines (None when none).

    One column-wise read of the store (100,000 events in about 1.5 s). With
    ``snapshot_dir``, a snapshot of the frame at the store's current revision
    (:mod:`geo.app.snapshot`) is read instead when there is one, and written after
    a read from the store otherwise.
    """
    if snapshot_dir is None:
        return _read_events(store)
    # The revision is read before the events: a write in between makes the snapshot look older
    # than it is (rebuilt once more next time), never newer.
    store_id, revision = store.revision()
    frame = snapshot.read_snapshot(snapshot_dir, store_id, revision)
    if frame is None:
        frame = _read_events(store)
        snapshot.write_snapshot(snapshot_dir, store_id, revision, frame)
    return frame


def _read_events(store: Any, *, include_rejected: bool = False) -> gpd.GeoDataFrame:
    from geo.app.review_state import history_text

    # One row per real-world event: the reports of one strike in two languages are one event.
    frame = store.query_merged_events(include_rejected=include_rejected)
    frame = _index_by_id(frame if frame is not None and len(frame) else _empty_merged())
    # The reviewers' history, as lines per event: the popup and the table show it.
    history = history_text(store.correction_history())
    frame["history"] = pd.Series([history.get(e) for e in frame.index], index=frame.index, dtype=object)
    return frame


def rejected_events(store: Any) -> gpd.GeoDataFrame:
    """The events a reviewer rejected (for restoring them), indexed by event id."""
    frame = _read_events(store, include_rejected=True)
    return frame[frame["rejected"].to_numpy(dtype=bool)] if "rejected" in frame.columns else frame


@dataclass(frozen=True, slots=True)
class Filters:
    """The dashboard's filters; None or empty means "no restriction"."""

    date_from: date | None = None
    date_to: date | None = None
    categories: tuple[str, ...] | None = None
    actors: tuple[str, ...] | None = None
    districts: tuple[str, ...] | None = None
    sources: tuple[str, ...] | None = None
    min_precision: int | None = None
    #: Folded like the pipeline folds (``geo.text.folding``) and looked for in the place, actors,
    #: district and evidence of each event; Arabic or English.
    text: str | None = None
    #: ``actors`` as the side that acts (``attacker``: actor 1 or who claimed it), the side acted on
    #: (``target``: actor 2), or ``either``.
    actor_role: str = "either"
    killed_min: int | None = None
    killed_max: int | None = None
    sub_event_types: tuple[str, ...] | None = None
    #: Events reported by at least this many sources (the ``corroboration`` count).
    min_sources: int | None = None

    def with_dates(self, start: date | None, end: date | None) -> Filters:
        """The same filters over another date range."""
        return replace(self, date_from=start, date_to=end)


#: The date range a store without dated events opens on.
DEFAULT_RANGE: tuple[date, date] = (date(2019, 4, 1), date(2020, 10, 31))


def default_filters(fac: Facets) -> Filters:
    """The filters a new visitor's page opens with: every event from the first day to the last.

    >>> default_filters(Facets(first_day=date(2019, 4, 4), last_day=date(2020, 7, 26)))
    Filters(date_from=datetime.date(2019, 4, 4), date_to=datetime.date(2020, 7, 26), categories=None, actors=None, districts=None, sources=None, min_precision=None, text=None, actor_role='either', killed_min=None, killed_max=None, sub_event_types=None, min_sources=None)
    """
    return Filters(date_from=fac.first_day or DEFAULT_RANGE[0], date_to=fac.last_day or DEFAULT_RANGE[1])


def load_view(store: Any, filters: Filters) -> gpd.GeoDataFrame:
    """The events matching ``filters``, queried from the store itself (merged as :func:`load_events`)."""
    frame = store.query_merged_events(
        date_from=filters.date_from, date_to=filters.date_to,
        categories=list(filters.categories) if filters.categories else None,
        actors=list(filters.actors) if filters.actors else None,
        districts=list(filters.districts) if filters.districts else None,
        sources=list(filters.sources) if filters.sources else None,
        min_precision=filters.min_precision,
    )
    return _index_by_id(frame)


def filter_frame(gdf: gpd.GeoDataFrame, filters: Filters) -> gpd.GeoDataFrame:
    """Rows of ``gdf`` matching ``filters``, with the semantics of ``EventStore.query_events``.

    Dates are inclusive and undated events drop out once either bound is set;
    ``actors`` matches ``actor1``, ``actor2`` or ``claimed_by`` (the store's query); ``min_precision``
    is the worst geo-precision code kept (2 keeps codes 1 and 2). The analysts' filters
    (``text``, ``actor_role``, ``killed_min``/``killed_max``, ``sub_event_types``, ``min_sources``)
    have no store query: they apply here and in :meth:`EventIndex.mask` alike.
    """
    if len(gdf) == 0:
        return gdf
    mask = pd.Series(True, index=gdf.index)
    if filters.date_from is not None or filters.date_to is not None:
        days = gdf["event_date"]
        mask &= days.notna()
        if filters.date_from is not None:
            mask &= days >= pd.Timestamp(filters.date_from)
        if filters.date_to is not None:
            mask &= days <= pd.Timestamp(filters.date_to)
    if filters.categories:
        mask &= gdf["category"].isin(list(filters.categories))
    if filters.actors:
        wanted = list(filters.actors)
        acting = gdf["actor1"].isin(wanted) | gdf["claimed_by"].isin(wanted)
        acted_on = gdf["actor2"].isin(wanted)
        mask &= {"attacker": acting, "target": acted_on}.get(filters.actor_role, acting | acted_on)
    if filters.districts:
        mask &= gdf["district"].isin(list(filters.districts))
    if filters.sources:
        mask &= gdf["source"].isin(list(filters.sources))
    if filters.min_precision is not None:
        mask &= gdf["geo_precision"] <= int(filters.min_precision)
    killed = pd.to_numeric(gdf["fatalities"], errors="coerce").fillna(0)
    if filters.killed_min is not None:
        mask &= killed >= filters.killed_min
    if filters.killed_max is not None:
        mask &= killed <= filters.killed_max
    if filters.sub_event_types:
        mask &= gdf["sub_event_type"].isin(list(filters.sub_event_types))
    if filters.min_sources is not None:
        mask &= pd.to_numeric(gdf["corroboration"], errors="coerce").fillna(1) >= filters.min_sources
    if filters.text and filters.text.strip():
        needle = fold_query(filters.text)
        mask &= pd.Series([needle in h for h in search_haystacks(gdf)], index=gdf.index)
    return gdf[mask.to_numpy()]


#: The columns a text search looks in.
SEARCH_COLUMNS: tuple[str, ...] = ("place_name", "origin_name", "actor1", "actor2", "claimed_by", "district",
                                   "evidence")


def fold_query(text: str) -> str:
    """A search text folded as the pipeline folds article text, spaces collapsed.

    >>> fold_query("  Abu  SALIM "), fold_query("أبو سليم")
    ('abu salim', 'ابو سليم')
    """
    from geo.text.folding import fold_for_matching

    return " ".join(fold_for_matching(text)[0].split())


def search_haystacks(gdf: gpd.GeoDataFrame) -> list[str]:
    """Per row, the :data:`SEARCH_COLUMNS` joined and folded (:func:`fold_query`)."""
    cols = [gdf[c].astype(object).where(gdf[c].notna(), "").astype(str).tolist() for c in SEARCH_COLUMNS
            if c in gdf.columns]
    return [fold_query(" | ".join(parts)) for parts in zip(*cols, strict=True)] if cols else [""] * len(gdf)


class EventIndex:
    """The loaded events plus per-column arrays, so that filters, counts and map layers cost
    numpy operations over 100,000 rows instead of copies of the frame.

    Build once per store revision (the app caches it); every method takes a
    boolean ``mask`` over :attr:`frame`'s rows, as made by :meth:`mask`.
    """

    def __init__(self, frame: gpd.GeoDataFrame) -> None:
        from geo.mapview.points import point_coords
        from geo.outputs.layers import layer_of

        self.frame = frame
        self.n = len(frame)
        self.lon, self.lat, self.located = point_coords(frame)
        days = frame["event_date"].to_numpy(dtype="datetime64[D]")
        self.dated = ~np.isnat(days)
        self.day = np.where(self.dated, days.astype("int64"), np.iinfo(np.int64).min)
        self._codes: dict[str, tuple[pd.Index, np.ndarray]] = {}
        for col in ("category", "actor1", "actor2", "claimed_by", "district", "source", "sub_event_type"):
            cat = pd.Categorical(frame[col].astype(object).where(frame[col].notna(), None))
            self._codes[col] = (cat.categories, np.asarray(cat.codes))
        self.category = frame["category"].astype(str).to_numpy()
        self.precision = frame["geo_precision"].to_numpy(dtype=np.int64)
        self.killed = pd.to_numeric(frame["fatalities"], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
        self.sources = pd.to_numeric(frame["corroboration"], errors="coerce").fillna(1).to_numpy(dtype=np.int64)
        self._haystacks: list[str] | None = None
        self._districts: np.ndarray | None = None
        # The layer of each category once, then per row by its category code (-1, none: the last).
        cats, codes = self._codes["category"]
        self.layer = np.array([layer_of(str(c)) for c in cats] + [layer_of(None)], dtype=object)[codes]

    def district_ids(self) -> np.ndarray:
        """Per row, the district polygon its point falls in (``geo.mapview.density.district_index``),
        found on the first call: a density view then counts per district with one ``bincount``."""
        if self._districts is None:
            from geo.mapview.density import district_index

            self._districts = district_index(self.lon, self.lat)
        return self._districts

    def _isin(self, col: str, values: Iterable[str]) -> np.ndarray:
        cats, codes = self._codes[col]
        positions = cats.get_indexer(pd.Index(list(values), dtype=object))
        wanted = positions[positions >= 0]
        return np.isin(codes, wanted) if len(wanted) else np.zeros(self.n, dtype=bool)

    def mask(self, filters: Filters) -> np.ndarray:
        """Rows matching ``filters`` (the semantics of :func:`filter_frame`)."""
        keep = np.ones(self.n, dtype=bool)
        if filters.date_from is not None or filters.date_to is not None:
            keep &= self.dated
            if filters.date_from is not None:
                keep &= self.day >= np.datetime64(filters.date_from, "D").astype("int64")
            if filters.date_to is not None:
                keep &= self.day <= np.datetime64(filters.date_to, "D").astype("int64")
        if filters.categories:
            keep &= self._isin("category", filters.categories)
        if filters.actors:
            acting = self._isin("actor1", filters.actors) | self._isin("claimed_by", filters.actors)
            acted_on = self._isin("actor2", filters.actors)
            keep &= {"attacker": acting, "target": acted_on}.get(filters.actor_role, acting | acted_on)
        if filters.districts:
            keep &= self._isin("district", filters.districts)
        if filters.sources:
            keep &= self._isin("source", filters.sources)
        if filters.min_precision is not None:
            keep &= self.precision <= int(filters.min_precision)
        if filters.killed_min is not None:
            keep &= self.killed >= filters.killed_min
        if filters.killed_max is not None:
            keep &= self.killed <= filters.killed_max
        if filters.sub_event_types:
            keep &= self._isin("sub_event_type", filters.sub_event_types)
        if filters.min_sources is not None:
            keep &= self.sources >= filters.min_sources
        if filters.text and filters.text.strip():
            if self._haystacks is None:  # folded once per store revision, on the first search
                self._haystacks = search_haystacks(self.frame)
            needle = fold_query(filters.text)
            keep &= np.fromiter((needle in h for h in self._haystacks), dtype=bool, count=self.n)
        return keep

    def subset(self, mask: np.ndarray) -> gpd.GeoDataFrame:
        """The rows of ``mask`` as a frame (a copy: use for small selections)."""
        return self.frame.iloc[np.flatnonzero(mask)]

    def newest(self, mask: np.ndarray, limit: int) -> gpd.GeoDataFrame:
        """At most ``limit`` rows of ``mask``, newest first (undated last)."""
        rows = np.flatnonzero(mask)
        if len(rows) > limit:
            # argpartition: the newest `limit` without sorting every row of the view.
            rows = rows[np.argpartition(-self.day[rows], limit - 1)[:limit]]
        rows = rows[np.argsort(-self.day[rows], kind="stable")]
        return self.frame.iloc[rows]

    def points(self, mask: np.ndarray) -> Any:
        """``PointArrays`` of the located rows of ``mask`` (for aggregated map cells)."""
        from geo.mapview.points import PointArrays

        m = mask & self.located
        return PointArrays(self.lon[m], self.lat[m], self.category[m], self.day[m])

    def layer_mask(self, name: str) -> np.ndarray:
        """Rows drawn in map layer ``name`` (see ``geo.outputs.layers.LAYER_CATEGORIES``)."""
        return self.layer == name

    def category_counts(self, mask: np.ndarray) -> pd.DataFrame:
        """:func:`category_counts` of the rows of ``mask``."""
        cats, codes = self._codes["category"]
        sel = codes[mask]
        ok = sel >= 0
        events = np.bincount(sel[ok], minlength=len(cats))
        killed = np.bincount(sel[ok], weights=self.killed[mask][ok], minlength=len(cats))
        present = [str(c) for c, n in zip(cats, events, strict=True) if n]
        order = [c for c in CATEGORIES if c in present] + sorted(set(present) - set(CATEGORIES))
        pos = {str(c): i for i, c in enumerate(cats)}
        return pd.DataFrame({
            "category": pd.Series(order, dtype=object),
            "events": pd.Series([int(events[pos[c]]) for c in order], dtype="int64"),
            "killed": pd.Series([int(killed[pos[c]]) for c in order], dtype="int64"),
        })

    def weekly_counts(self, mask: np.ndarray) -> pd.DataFrame:
        """:func:`weekly_counts` of the rows of ``mask``."""
        m = mask & self.dated
        if not m.any():
            return pd.DataFrame()
        cats, codes = self._codes["category"]
        # 1970-01-05 was a Monday: day + 3 floor-divided by 7 numbers Monday-to-Sunday weeks.
        week = (self.day[m] + 3) // 7
        first, last = int(week.min()), int(week.max())
        grid = np.zeros((last - first + 1, len(cats)), dtype=np.int64)
        np.add.at(grid, (week - first, codes[m]), 1)
        index = pd.DatetimeIndex(
            (np.arange(first, last + 1) * 7 - 3).astype("datetime64[D]").astype("datetime64[ns]"), name="week")
        table = pd.DataFrame(grid, index=index, columns=[str(c) for c in cats])
        table = table.loc[:, table.sum(axis=0) > 0]
        table.columns.name = "category"
        order = [c for c in CATEGORIES if c in table.columns] + sorted(set(table.columns) - set(CATEGORIES))
        return table[order]

    def facets(self) -> Facets:
        """:func:`facets` of every row."""
        return facets(self.frame)


POINT_LAYERS: tuple[str, ...] = ("strikes", "ground", "other")


def map_layers(index: EventIndex, mask: np.ndarray, *, max_markers: int, max_lines: int) -> dict[str, Any]:
    """The map's event layers for the rows of ``mask`` (front lines aside: they come from
    :func:`front_lines_on`).

    Point layers are frames when their located events number at most
    ``max_markers`` in all, else ``PointArrays`` (the map then aggregates them
    into cells, and no frame of 100,000 rows is copied). ``movements`` holds the
    newest ``max_lines`` movements.
    """
    drawn = mask & (index.layer != "front_lines")
    points = drawn & np.isin(index.layer, POINT_LAYERS) & index.located
    out: dict[str, Any] = {}
    aggregate = int(points.sum()) > max_markers
    for name in POINT_LAYERS:
        rows = points & index.layer_mask(name)
        out[name] = index.points(rows) if aggregate else index.subset(rows)
    out["movements"] = index.newest(drawn & index.layer_mask("movements"), max_lines)
    return out


def density_arrays(index: EventIndex, mask: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(lon, lat, killed, district, day)`` of the located events of ``mask`` that the density views
    count (front lines aside: a line reported is not an event at a place); ``district`` as
    :func:`geo.mapview.density.district_index`, found once per store revision; ``day`` the day
    number (the heat maps follow the time control)."""
    rows = mask & index.located & (index.layer != "front_lines")
    return index.lon[rows], index.lat[rows], index.killed[rows], index.district_ids()[rows], index.day[rows]


def export_layers(index: EventIndex, mask: np.ndarray, front_lines: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """The view as exported, what the map shows: the layers of the rows of ``mask``, with the front
    lines valid on the map date (``front_lines``) as the front-line layer."""
    from geo.outputs.layers import split_layers

    layers = split_layers(index.subset(mask & (index.layer != "front_lines")))
    layers["front_lines"] = front_lines
    return layers


def front_lines_between(store: Any, start: date, end: date) -> gpd.GeoDataFrame:
    """Front lines valid on any day from ``start`` to ``end``, with ``valid_from`` and ``valid_to``
    (the map's time control shows those valid on its day), indexed by event id."""
    frame = store.front_lines_between(start, end)
    if frame is None or len(frame) == 0:
        return empty_frame()
    return _index_by_id(frame)


def front_lines_on(store: Any, day: date) -> gpd.GeoDataFrame:
    """Front lines valid on ``day`` (the store derives each line's end), indexed by event id."""
    frame = store.front_lines_on(day)
    if frame is None or len(frame) == 0:
        return empty_frame()
    return _index_by_id(frame)


def categories_in(values: Iterable[str] | None) -> tuple[str, ...] | None:
    """A category filter as a tuple; None when every category is selected (no restriction)."""
    if values is None:
        return None
    chosen = tuple(values)
    return None if set(chosen) >= set(CATEGORIES) else chosen
