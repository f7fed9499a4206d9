"""The Streamlit dashboard driven by Streamlit's AppTest (no browser), on a store of known events.

``build_fixture_store`` is also used by ``test_app_e2e.py``: the events are written
by hand (not extracted), so these tests do not move when the extractor changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.app import actions, appdata, summaries
from geo.model import Article, Event
from geo.pipeline import ArticleResult
from geo.store import open_store

APP = Path(__file__).resolve().parent.parent / "app.py"

XSS_TEXT = ("Shelling hit a house in Ain Zara on Monday <script>alert(1)</script> "
            "<img src=x onerror=alert(2)> killing two civilians.")

# (article id, published, language, category, coords, date, actor1, actor2, killed, district, source, precision,
#  place, evidence)
_ROWS: list[tuple[Any, ...]] = [
    ("f-01", "2019-04-08", "ar", "airstrike", [(13.2879, 32.8918)], date(2019, 4, 8), "LNA", "GNA", 0,
     "ly-district-tripoli", "Libya Observer", 1, "Mitiga", "استهدفت طائرة حربية مطار معيتيقة الدولي"),
    ("f-02", "2019-04-17", "ar", "shelling", [(13.1712, 32.8496)], date(2019, 4, 16), "LNA", "Civilians", 6,
     "ly-district-tripoli", "Al-Wasat", 1, "Abu Salim", "سقطت صواريخ غراد على أبو سليم"),
    ("f-03", "2019-04-10", "en", "clash", [(13.2869, 32.7952)], date(2019, 4, 9), "GNA", "LNA", 4,
     "ly-district-tripoli", "Libya Herald", 2, "Ain Zara", "Fighting went on in Ain Zara."),
    ("f-04", "2019-06-27", "en", "territory", [(13.0212, 32.1716)], date(2019, 6, 26), "GNA", "LNA", None,
     "ly-district-jabal-al-gharbi", "Libya Herald", 1, "Gharyan", "GNA forces retook Gharyan."),
    ("f-05", "2019-05-06", "en", "shelling", [(13.2869, 32.7952)], date(2019, 5, 6), "LNA", "Civilians", 2,
     "ly-district-tripoli", "sample", 1, "Ain Zara", XSS_TEXT),
    ("f-06", "2019-07-03", "en", "airstrike", [(13.3525, 32.8834)], date(2019, 7, 2), None, "Civilians", 53,
     "ly-district-tripoli", "Libya Herald", 1, "Tajoura", "An air strike hit the Tajoura centre."),
    ("f-07", "2020-05-18", "en", "territory", [(11.8979, 32.4734)], date(2020, 5, 18), "GNA", "LNA", None,
     "ly-district-nuqat-al-khams", "Al-Wasat", 1, "Al-Watiya", "GNA forces captured Al-Watiya air base."),
    ("f-08", "2020-06-06", "en", "territory", [(13.6351, 32.4346)], date(2020, 6, 5), "GNA", "LNA", None,
     "ly-district-murqub", "Libya Observer", 1, "Tarhuna", "GNA forces entered Tarhuna on Friday."),
    ("f-09", "2020-07-26", "en", "movement", [(15.0906, 32.3746), (15.2550, 31.4497)], date(2020, 7, 26), "GNA",
     None, None, "ly-district-misrata", "Libya Herald", 1, "Abu Grein",
     "A column moved from Misrata toward Abu Grein."),
    ("f-10", "2020-06-21", "ar", "front_line", [(16.5836, 31.2060), (16.0010, 29.1981)], date(2020, 6, 20), "Egypt",
     None, None, "ly-district-sirte", "Al-Wasat", 3, "Sirte - Al-Jufra", "خط سرت - الجفرة خط أحمر"),
    ("f-11", "2020-07-15", "en", "front_line", [(15.8484, 31.0438), (15.9906, 31.6119)], date(2020, 7, 15), None,
     None, None, "ly-district-sirte", "Libya Herald", 2, "Abu Grein - Sirte",
     "The front line now runs between Abu Grein and Sirte."),
    ("f-12", "2020-05-06", "en", "airstrike", [(11.8979, 32.4734)], date(2020, 5, 5), "GNA", "LNA", None,
     "ly-district-nuqat-al-khams", "Libya Observer", 1, "Al-Watiya", "GNA drones struck Al-Watiya air base."),
    ("f-13", "2019-06-30", "en", "shootdown", [(13.2879, 32.8918)], date(2019, 6, 30), "LNA", "GNA", None,
     "ly-district-tripoli", "Libya Herald", 1, "Mitiga", "Air defences shot down a drone over Mitiga."),
    ("f-14", "2019-04-26", "ar", "protest", [(20.0812, 32.1200)], date(2019, 4, 26), "Civilians", None, None,
     "ly-district-benghazi", "Al-Wasat", 1, "Benghazi", "خرج مئات المتظاهرين في بنغازي"),
]


def fixture_results() -> list[ArticleResult]:
    """One article per hand-made event (the store gives each event its id)."""
    out = []
    for (aid, pub, lang, cat, coords, day, a1, a2, killed, district, source, prec, place, evidence) in _ROWS:
        art = Article(id=aid, text=evidence + f" ({aid})", published=date.fromisoformat(pub), language=lang,
                      title=f"{place} ({cat})", url=f"https://example.org/{aid}", source=source)
        ev = Event(category=cat, coords=list(coords), event_date=day, article_ids=[aid], evidence=evidence,
                   actor1=a1, actor2=a2, fatalities=killed, district=district, source=source, geo_precision=prec,
                   place_name=place, language=lang, url=art.url,
                   origin_name="Misrata" if cat == "movement" else None)
        out.append(ArticleResult(art, [], [ev]))
    return out


def build_fixture_store(path: Path) -> Path:
    """A GeoPackage store holding the fixture events."""
    with open_store(path) as store:
        store.add_results(fixture_results())
    return path


@pytest.fixture
def store_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = build_fixture_store(tmp_path / "events.gpkg")
    monkeypatch.setenv("LCM_STORE", str(path))
    monkeypatch.setenv("LCM_OFFLINE", "1")
    yield path


def _app() -> AppTest:
    """The app after its first two runs: the map-first run and the run its timer starts."""
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    at.run()  # in a browser, the ticker fragment's timed run asks for this one
    assert not at.exception, at.exception
    return at


def _visible_text(at: AppTest) -> str:
    """Every text element the page shows (markdown, captions, messages, texts, exceptions)."""
    kinds = ("title", "header", "markdown", "caption", "text", "error", "warning", "info", "success", "exception")
    return "\n".join(str(el.value) for kind in kinds for el in getattr(at, kind))


def _table(at: AppTest) -> pd.DataFrame:
    for df in at.dataframe:
        if "evidence" in df.value.columns:
            return df.value
    raise AssertionError("no events table")


def _map_caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if "front lines valid on" in c.value)


def test_opens_with_every_event(store_file: Path) -> None:
    at = _app()
    assert at.session_state["tab"] == "Events"
    assert not [b for b in at.button if b.label == "Save correction"]  # closed tabs are not built
    table = _table(at)
    assert len(table) == len(_ROWS)
    assert table["event_date"].iloc[0] == date(2020, 7, 26)  # newest first
    assert "12 events; front lines valid on 2020-07-26: 2" in _map_caption(at)  # 14 = 12 + 2 lines
    # The XSS text is data in the table, not markup.
    assert XSS_TEXT in table["evidence"].tolist()


def test_first_run_draws_the_map_and_defers_the_grids_and_chart(store_file: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    assert "front lines valid on" in _map_caption(at)  # the map and its caption are there
    assert [m.value for m in at.metric][0] == str(len(_ROWS))
    assert len(at.dataframe) == 0 and len(at.get("vega_lite_chart")) == 0
    at.run()
    assert len(_table(at)) == len(_ROWS) and len(at.get("vega_lite_chart")) == 1



@pytest.mark.parametrize("link", [{}, {"from": "2020-01-01", "to": "2020-12-31", "cat": "territory,airstrike",
                                      "precision": "2", "kmin": "1", "q": "Watiya", "side": "attacker"}])
def test_the_filters_come_first_and_the_widgets_drawn_later_show_the_same_view(store_file: Path,
                                                                               link: dict[str, str]) -> None:
    """The first run reads the filters from the session state and draws no sidebar widget; the
    second run draws them from the same keys. The bugs this catches: a first run that draws the
    widgets (they delayed the map in the browser by about a second), and a second run whose widgets
    make other filters than the first run read (a link's value a widget cannot show, say), which
    re-fits the map (a new fit token) and redraws its layers under the visitor."""
    at = AppTest.from_file(str(APP), default_timeout=90)
    for key, value in link.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    assert len(at.sidebar.multiselect) == 0 and len(at.sidebar.date_input) == 0  # drawn by the next run
    first_fit, first_caption = at.session_state["_fit"][1], _map_caption(at)
    at.run()
    assert not at.exception, at.exception
    assert len(at.sidebar.multiselect) >= 4  # categories, actors, districts, sources
    assert at.session_state["_fit"][1] == first_fit and _map_caption(at) == first_caption


def _add_late_event(store_file: Path, day: date, category: str = "airstrike") -> None:
    with open_store(store_file) as store:  # as `python -m geo ingest` would, beside the app
        store.add_results([ArticleResult(
            Article(f"late-{day}", f"A late report ({day}).", day, "en", source="Test"), [],
            [Event(category=category, coords=[(15.09, 32.37)], event_date=day, article_ids=[f"late-{day}"],
                   evidence=f"A late {category} on Misrata.", place_name="Misrata")])])


def test_writes_by_another_process_show_on_the_next_run(store_file: Path) -> None:
    at = _app()
    _add_late_event(store_file, date(2020, 8, 1), "explosion")  # after the range, a category not yet seen
    at.run()
    assert not at.exception, at.exception
    assert "A late explosion on Misrata." in set(_table(at)["evidence"])  # the untouched range followed
    assert "front lines valid on 2020-08-01" in _map_caption(at)  # so did the map date
    assert "explosion" in at.multiselect(key="categories").value


def test_a_range_the_user_chose_stays_when_data_arrives(store_file: Path) -> None:
    at = _app()
    at.date_input(key="date_range").set_value((date(2019, 4, 1), date(2019, 12, 31))).run()
    _add_late_event(store_file, date(2020, 8, 1))
    at.run()
    assert not at.exception, at.exception
    assert at.date_input(key="date_range").value == (date(2019, 4, 1), date(2019, 12, 31))
    assert "A late airstrike on Misrata." not in set(_table(at)["evidence"])


class _RecordingState(dict):  # type: ignore[type-arg]
    """A session state that records which keys were written."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def __setitem__(self, key: str, value: object) -> None:
        self.writes.append(key)
        super().__setitem__(key, value)


def test_follow_data_writes_a_widget_value_only_when_it_changes() -> None:
    # Writing a widget's key makes Streamlit push the value to the browser, wiping what a user is typing.
    state = _RecordingState()
    summaries.follow_data(state, "days", (1, 5))
    state.writes.clear()
    summaries.follow_data(state, "days", (1, 5))  # a rerun with the same data
    assert "days" not in state.writes
    summaries.follow_data(state, "days", (1, 9))  # new data, untouched widget: follows
    assert state["days"] == (1, 9) and "days" in state.writes


def test_category_filter_reduces_rows(store_file: Path) -> None:
    at = _app()
    at.multiselect(key="categories").set_value(["airstrike", "shelling"]).run()
    table = _table(at)
    assert sorted(table["category"].unique()) == ["Air / drone strike", "Shelling, rockets, missiles"]
    assert len(table) == 5


def test_date_range_filters(store_file: Path) -> None:
    at = _app()
    at.date_input(key="date_range").set_value((date(2020, 1, 1), date(2020, 12, 31))).run()
    table = _table(at)
    assert len(table) == 6
    assert all(d.year == 2020 for d in table["event_date"])


def test_actor_district_source_and_precision_filters(store_file: Path) -> None:
    at = _app()
    at.multiselect(key="actors").set_value(["Egypt"]).run()
    assert _table(at)["place_name"].tolist() == ["Sirte - Al-Jufra"]
    at.multiselect(key="actors").set_value([]).run()
    at.multiselect(key="districts").set_value(["ly-district-benghazi"]).run()
    assert _table(at)["place_name"].tolist() == ["Benghazi"]
    at.multiselect(key="districts").set_value([]).run()
    at.multiselect(key="sources").set_value(["Al-Wasat"]).run()
    assert len(_table(at)) == 4
    at.multiselect(key="sources").set_value([]).run()
    at.select_slider(key="precision").set_value(1).run()
    assert len(_table(at)) == len([r for r in _ROWS if r[11] == 1])


def test_filters_match_the_store_query(store_file: Path) -> None:
    """The in-memory filter the app uses gives what the store's own query gives."""
    with open_store(store_file) as store:
        events = appdata.load_events(store)
        for filters in (
            appdata.Filters(date_from=date(2019, 5, 1), date_to=date(2020, 6, 1)),
            appdata.Filters(categories=("territory", "airstrike"), actors=("GNA",)),
            appdata.Filters(districts=("ly-district-tripoli",), min_precision=1),
            appdata.Filters(sources=("Libya Herald",), date_to=date(2019, 12, 31)),
        ):
            mine = appdata.filter_frame(events, filters)
            theirs = appdata.load_view(store, filters)
            assert sorted(mine.index) == sorted(theirs.index), filters


def _open_tab(at: AppTest, name: str) -> None:
    at.session_state["tab"] = name
    at.run()
    assert not at.exception, at.exception


def test_ingest_pasted_article(store_file: Path) -> None:
    at = _app()
    _open_tab(at, "Ingest")
    with open_store(store_file) as store:
        before = store.article_count()
    at.text_area(key="ingest_text").input("An air strike hit Gharyan on Monday, killing three fighters.")
    next(b for b in at.button if b.label == "Run the pipeline").click().run()
    assert any("publication date" in e.value for e in at.error)
    at.text_area(key="ingest_text").input("An air strike hit Gharyan on Monday, killing three fighters.")
    at.date_input(key="ingest_published").set_value(date(2019, 6, 25))
    next(b for b in at.button if b.label == "Run the pipeline").click().run()
    assert not at.exception
    assert any(s.value.startswith("Ingested 1 article: ") for s in at.success)
    with open_store(store_file) as store:
        assert store.article_count() == before + 1


def test_parse_uploads() -> None:
    jsonl = b'{"id": "u1", "text": "x", "published": "2020-01-01"}\n\n{"id": "u2", "text": "y"}\n'
    arts, problems = actions.parse_upload("a.jsonl", jsonl, published=date(2020, 2, 2), language="en")
    assert [(a.id, a.published, a.language) for a in arts] == [
        ("u1", date(2020, 1, 1), "en"), ("u2", date(2020, 2, 2), "en")] and problems == []
    csv_data = b"id,text,published\nc1,\"Shelling, in Tripoli\",2019-04-10\nc2,no date,\n"
    arts, problems = actions.parse_upload("b.csv", csv_data, published=date(2019, 5, 5))
    assert arts[0].id == "c1" and arts[0].text == "Shelling, in Tripoli" and arts[1].published == date(2019, 5, 5)
    txt, _ = actions.parse_upload("report.txt", "نص الخبر".encode(), published=date(2020, 1, 1))
    assert len(txt) == 1 and txt[0].title == "report" and txt[0].text == "نص الخبر"
    arr, _ = actions.parse_upload("a.json", b'[{"id": "j1", "text": "x"}]', published=date(2020, 1, 1))
    assert [a.id for a in arr] == ["j1"]
    arts, problems = actions.parse_upload("bad.jsonl", b"{not json", published=None)
    assert arts == [] and [(p.record, p.problem[:8]) for p in problems] == [("line 1", "not JSON")]
    arts, problems = actions.parse_upload("bad.csv", b"a,b\n1,2\n", published=None)
    assert arts == [] and "'text' columns" in problems[0].problem


def test_summaries(store_file: Path) -> None:
    with open_store(store_file) as store:
        events = appdata.load_events(store)
    counts = summaries.category_counts(events)
    assert counts.set_index("category").loc["airstrike", "events"] == 3
    assert counts.set_index("category").loc["airstrike", "killed"] == 53
    weekly = summaries.weekly_counts(events)
    assert int(weekly.to_numpy().sum()) == len(events)
    assert weekly.index[0] == pd.Timestamp("2019-04-08")  # weeks start on Monday
    assert summaries.ref_of_tooltip("2019-04-08 · airstrike · Mitiga #ev-0123") == "ev-0123"
    assert summaries.ref_of_tooltip("no reference") is None


def test_an_empty_store_opens_with_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "empty.gpkg"
    with open_store(path):
        pass
    monkeypatch.setenv("LCM_STORE", str(path))
    monkeypatch.setenv("LCM_OFFLINE", "1")
    at = _app()
    assert any("no events yet" in w.value for w in at.warning)
    assert len(_table(at)) == 0


def test_first_start_builds_only_the_default_store_from_the_sample_articles(tmp_path: Path) -> None:
    default = tmp_path / "fresh" / "events.gpkg"
    store, built = appdata.open_app_store(str(default), default=default)
    with store:
        assert built and store.article_count() == sum(
            1 for line in appdata.SAMPLE_ARTICLES.open() if line.strip())
    assert sorted(p.name for p in default.parent.iterdir()) == ["events.gpkg"]  # no temporary left


def test_an_operators_new_store_starts_empty_with_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "operator" / "events.gpkg"
    monkeypatch.setenv("LCM_STORE", str(path))
    monkeypatch.setenv("LCM_OFFLINE", "1")
    at = _app()
    assert not any("First start" in i.value for i in at.info)
    assert any("python -m geo ingest" in w.value for w in at.warning)
    with open_store(path) as store:
        assert store.article_count() == 0


def test_a_failed_sample_build_deletes_no_store(tmp_path: Path) -> None:
    default = tmp_path / "events.gpkg"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        appdata.open_app_store(str(default), sample=bad, default=default)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]
    # A store that exists is opened as it is, whatever the sample file holds.
    with open_store(default) as store:
        store.add_results(fixture_results())
    store, built = appdata.open_app_store(str(default), sample=bad, default=default)
    with store:
        assert not built and store.article_count() == len(fixture_results())


def test_clearing_the_categories_says_why_the_map_is_empty(store_file: Path) -> None:
    at = _app()
    at.multiselect(key="categories").set_value([]).run()
    assert not at.exception, at.exception
    assert any("No category chosen" in w.value for w in at.warning)
    assert "no category chosen" in _map_caption(at)


def test_one_count_explained(store_file: Path) -> None:
    at = _app()
    # 14 events: 12 marks and arrows plus 2 front-line reports; the metric and its note agree.
    assert [m.value for m in at.metric][0] == "14"
    assert any(c.value.startswith("14 events in the date range and filters: 12 drawn as marks and arrows, "
                                  "2 front-line reports") for c in at.caption)


def test_a_front_line_picked_in_the_table_is_fitted_whole(store_file: Path) -> None:
    from geo.app import mapfit

    with open_store(store_file) as store:
        idx = appdata.EventIndex(appdata.load_events(store))
    row = int(np.flatnonzero(idx.frame["place_name"].to_numpy() == "Sirte - Al-Jufra")[0])
    (lat, lon), zoom = mapfit.event_view(idx, row) or ((0.0, 0.0), 0)
    # The line runs from Sirte (31.21 N, 16.58 E) to Al-Jufra (29.20 N, 16.00 E): the view holds both
    # ends, not one end at zoom 12.
    assert 29.2 < lat < 31.2 and 16.0 < lon < 16.6
    assert zoom <= 8
    point = int(np.flatnonzero(idx.frame["place_name"].to_numpy() == "Benghazi")[0])
    assert mapfit.event_view(idx, point) == ((pytest.approx(32.12), pytest.approx(20.0812)), 12)


def test_the_fit_holds_every_vertex_of_the_lines_not_only_their_ends(store_file: Path) -> None:
    """A front line running inland from Sirte to Al-Jufra (29.20 N) and a movement that started in
    Misrata: the bounds the map is fitted to hold the whole line and where the arrow begins."""
    from geo.app import mapfit

    with open_store(store_file) as store:
        idx = appdata.EventIndex(appdata.load_events(store))
    lines = np.isin(idx.frame["place_name"].to_numpy(), ["Sirte - Al-Jufra", "Abu Grein"])
    (south, west), (north, east) = mapfit.mark_bounds(idx, lines)
    # Al-Jufra is the Sirte line's end (idx.lat): Sirte (31.21 N) its start; Misrata (15.09 E) the arrow's.
    assert south == pytest.approx(29.1981) and north == pytest.approx(32.3746)
    assert west == pytest.approx(15.0906) and east == pytest.approx(16.5836)


def test_a_link_restores_filters_and_the_page_writes_its_view_to_the_url(store_file: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["from"] = "2020-01-01"
    at.query_params["to"] = "2020-12-31"
    at.query_params["cat"] = "territory,airstrike,no-such-category"
    at.run()
    assert not at.exception, at.exception
    at.run()
    assert at.date_input(key="date_range").value == (date(2020, 1, 1), date(2020, 12, 31))
    assert sorted(at.multiselect(key="categories").value) == ["airstrike", "territory"]
    assert sorted(_table(at)["place_name"]) == ["Al-Watiya", "Al-Watiya", "Tarhuna"]
    # A filter changed on the page is written back to the URL.
    at.multiselect(key="categories").set_value(["territory"]).run()
    assert at.query_params["cat"] in ("territory", ["territory"]) and "2020-01-01" in at.query_params["from"]


def test_an_emptied_category_box_stays_empty_in_its_link(store_file: Path) -> None:
    """The bug: clearing the category box wrote ``cat=`` to the URL, which a link read as "every
    category", so the shared view came back full."""
    at = _app()
    at.multiselect(key="categories").set_value([]).run()
    assert at.query_params["cat"] in ("none", ["none"])
    link = AppTest.from_file(str(APP), default_timeout=90)
    link.query_params["cat"] = "none"
    link.run()
    link.run()
    assert not link.exception, link.exception
    assert link.multiselect(key="categories").value == []
    assert any("No category chosen" in w.value for w in link.warning)
    assert len(_table(link)) == 0


def test_density_counts_the_same_window_as_the_map_and_table(store_file: Path) -> None:
    """Heat maps and districts follow the date range and filters, as the table, the counts and the
    chart do: April 2019 holds four point events (10 killed); Tajoura's 53 dead of July are outside."""
    from geo.mapview import density

    with open_store(store_file) as store:
        idx = appdata.EventIndex(appdata.load_events(store))
    april = idx.mask(appdata.Filters(date_from=date(2019, 4, 1), date_to=date(2019, 4, 30)))
    shown = density.density_of(*appdata.density_arrays(idx, april))
    table = idx.subset(april)
    points = table[table["category"] != "front_line"]
    assert sum(n for n, _ in shown.districts.values()) == len(points) == 4
    assert sum(k for _, k in shown.districts.values()) == int(points["fatalities"].fillna(0).sum()) == 10
    assert sum(p[2] for p in shown.heat_killed) == 10 and sum(p[2] for p in shown.heat_events) == 4
    assert shown.districts["Tripoli District"] == (3, 10) and shown.districts["Benghazi"] == (1, 0)


def test_samples_go_into_another_store_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LCM_SAMPLES", "1")
    store, built = appdata.open_app_store(str(tmp_path / "demo.gpkg"))
    with store:
        assert built and store.article_count() > 0


def test_analysts_filters_in_memory_and_on_the_frame_agree(store_file: Path) -> None:
    with open_store(store_file) as store:
        events = appdata.load_events(store)
    idx = appdata.EventIndex(events)

    def places(f: appdata.Filters) -> list[str]:
        mine = sorted(events.index[idx.mask(f)])
        assert mine == sorted(appdata.filter_frame(events, f).index), f  # one meaning, two paths
        return sorted(events.loc[mine, "place_name"])

    # The search folds as the pipeline does: an alef without its hamza finds أبو سليم; case is folded.
    assert places(appdata.Filters(text="ابو سليم")) == ["Abu Salim"]
    assert places(appdata.Filters(text="TAJOURA centre")) == ["Tajoura"]
    assert places(appdata.Filters(text="nowhere at all")) == []
    assert places(appdata.Filters(killed_min=5)) == ["Abu Salim", "Tajoura"]
    assert places(appdata.Filters(killed_min=1, killed_max=4)) == ["Ain Zara", "Ain Zara"]
    # GNA as the side acted on: the two LNA strikes on Mitiga; as the side acting: six events.
    assert places(appdata.Filters(actors=("GNA",), actor_role="target")) == ["Mitiga", "Mitiga"]
    assert len(places(appdata.Filters(actors=("GNA",), actor_role="attacker"))) == 6
    assert len(places(appdata.Filters(actors=("GNA",)))) == 8
    assert places(appdata.Filters(min_sources=2)) == []  # every fixture event has one source
    assert len(places(appdata.Filters(min_sources=1))) == len(_ROWS)


def test_the_search_box_filters_the_page_and_goes_in_the_link(store_file: Path) -> None:
    at = _app()
    at.text_input(key="text").input("ابو سليم").run()
    assert not at.exception, at.exception
    assert _table(at)["place_name"].tolist() == ["Abu Salim"]
    assert at.query_params["q"] in ("ابو سليم", ["ابو سليم"])
    at.slider(key="killed").set_value((5, 53)).run()  # the killed range is one more condition
    assert _table(at)["place_name"].tolist() == ["Abu Salim"]
    at.text_input(key="text").input("").run()
    assert sorted(_table(at)["place_name"]) == ["Abu Salim", "Tajoura"]
