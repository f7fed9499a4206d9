"""The app's Sources tab: the followed sources and their last fetch, and one-off fetches.

In: the store (its watch tables, see :mod:`geo.watch.state`) and the sources file
(``LCM_SOURCES``, default ``data/sources.toml``). Out: a table of each source's last
fetch, status, new articles, events made and last error; a form that adds a feed to
follow (kept in the store, so ``python -m geo watch`` polls it next time); a form that
fetches one article URL and ingests it now. :func:`sources_table` is the pure part.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from geo.store import EventStore
from geo.watch.sources import Settings, Source, SourcesError, load_sources, source_from_dict

__all__ = ["draw", "fetch_article_once", "sources_file", "sources_table"]

#: Columns of the sources table, in order.
COLUMNS = ("name", "last_status", "last_fetch", "new_articles", "events_made", "last_error", "failures",
           "next_due", "enabled", "origin", "address")
#: Their headings in the app.
LABELS = {"name": "Source", "last_status": "Status", "last_fetch": "Last fetch (UTC)",
          "new_articles": "New articles", "events_made": "Events made", "last_error": "Last error",
          "failures": "Failures in a row", "next_due": "Next due (UTC)", "enabled": "On",
          "origin": "Listed in", "address": "Feed or index page"}
_STATE = ("last_status", "last_fetch", "new_articles", "events_made", "last_error", "failures", "next_due")


def sources_file() -> Path:
    """The sources file the app reads: ``LCM_SOURCES`` or ``data/sources.toml``."""
    return Path(os.environ.get("LCM_SOURCES") or "data/sources.toml")


def sources_table(configured: list[Source], rows: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per source: the configured ones (file and app) joined with the store's watch state.

    Sources only in the store (polled from another sources file) are listed too.

    >>> s = Source("Wire", feed="https://wire.example/rss")
    >>> t = sources_table([s], [{"name": "Wire", "last_status": "ok", "new_articles": 3, "events_made": 5}])
    >>> t.loc[0, ["name", "last_status", "new_articles", "events_made"]].tolist() == ["Wire", "ok", 3, 5]
    True
    """
    by_name = {r["name"]: r for r in rows}
    out = []
    for src in configured:
        row = by_name.pop(src.name, {})
        out.append({"name": src.name, "enabled": src.enabled, "origin": src.origin,
                    "address": src.feed or src.index, **{k: row.get(k) for k in _STATE}})
    for name, row in sorted(by_name.items()):
        out.append({"name": name, "enabled": None, "origin": row.get("origin"), "address": None,
                    **{k: row.get(k) for k in _STATE}})
    frame = pd.DataFrame(out, columns=list(COLUMNS))
    for col in ("new_articles", "events_made", "failures"):
        frame[col] = frame[col].fillna(0).astype(int)
    return frame


def fetch_article_once(store: EventStore, url: str, *, settings: Settings, source: str = "added in the app",
                       language: str | None = None) -> str:
    """Fetch one article page, ingest it, and say what happened (raises ``ValueError`` with the reason)."""
    from geo.sources.records import InputProblem
    from geo.watch.http import Fetcher, FetchError
    from geo.watch.poll import canonical_url, ingest_url
    from geo.watch.state import WatchState

    try:  # the checks of a sources-file entry: an http(s) URL, a known language
        one = source_from_dict({"name": source, "feed": url, "language": language}, origin="app")
    except SourcesError as exc:
        raise ValueError(str(exc)) from None
    state = WatchState(store)
    now = datetime.now(UTC)
    with Fetcher(settings) as fetcher:
        try:
            done = ingest_url(url, one, fetcher, store, today=now.date())
        except (FetchError, InputProblem) as exc:
            state.record_item(canonical_url(url), source, now=now, status="failed", error=str(exc))
            raise ValueError(f"{url}: {exc}") from None
    state.record_item(canonical_url(url), source, now=now, status="stored", article_id=done.article_id,
                      date_origin=done.date_origin, events=done.events)
    dated = " (no date in the page: dated by today, flagged)" if done.date_origin == "fetch_day" else ""
    return f"Article {done.article_id} {done.outcome}: {done.events} events{dated}."


def _configured(store: EventStore) -> tuple[Settings, list[Source], str | None]:
    from geo.watch.state import WatchState

    path = sources_file()
    problem = None
    settings, listed = Settings(), list[Source]()
    if path.exists():
        try:
            settings, listed = load_sources(path)
        except SourcesError as exc:
            problem = str(exc)
    names = {s.name for s in listed}
    return settings, listed + [s for s in WatchState(store).app_sources() if s.name not in names], problem


def draw(store: EventStore) -> None:
    """The tab's widgets (Streamlit)."""
    import streamlit as st

    from geo.watch.state import WatchState

    state = WatchState(store)
    settings, configured, problem = _configured(store)
    if problem:
        st.error(problem)
    if msg := st.session_state.pop("sources_message", None):
        st.success(msg)
    st.caption(f"Sources of `{sources_file()}` and those added here; `python -m geo watch` polls the enabled "
               "ones (see the README for cron and systemd).")
    table = sources_table(configured, state.source_rows())
    st.dataframe(table, hide_index=True, key="sources_table", column_config=LABELS)

    left, right = st.columns(2)
    with left.form("add_feed", clear_on_submit=True):
        st.markdown("**Follow a feed**")
        name = st.text_input("Name", key="feed_name")
        feed = st.text_input("Feed URL (RSS or Atom)", key="feed_url")
        language = st.selectbox("Language", ["ar", "en"], key="feed_language")
        interval = st.number_input("Every (minutes)", min_value=5, value=30, step=5, key="feed_interval")
        if st.form_submit_button("Add"):
            try:
                state.add_app_source(source_from_dict({"name": name, "feed": feed or None, "language": language,
                                                       "interval_minutes": interval}, origin="app"))
            except SourcesError as exc:
                st.error("Not added:")
                st.text(str(exc))  # what was typed: never markdown or HTML
            else:
                st.session_state["sources_message"] = f"{name.strip()} added: the next watch polls it."
                st.rerun()
    with right.form("fetch_article", clear_on_submit=True):
        st.markdown("**Fetch one article now**")
        url = st.text_input("Article URL", key="article_url")
        lang = st.selectbox("Language", ["auto", "ar", "en"], key="article_language")
        if st.form_submit_button("Fetch and ingest"):
            try:
                with st.spinner("Fetching and running the pipeline..."):
                    said = fetch_article_once(store, url.strip(), settings=settings,
                                              language=None if lang == "auto" else lang)
            except ValueError as exc:
                st.error("Not fetched:")
                st.text(str(exc))  # the site's and the page's words: never markdown or HTML
            else:
                st.session_state["sources_message"] = said
                st.rerun()
