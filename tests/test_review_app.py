"""The Review tab driven by Streamlit's AppTest on the hand-made fixture store (see test_app.py).

The bug of issue 12: the form kept the values of the first event it showed, so saving a
date change of event B wrote A's category, place and coordinates onto B.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest
from test_app import _app, _open_tab, _table, store_file  # noqa: F401

from geo.app import appdata, review_state
from geo.store import open_store

FIELDS = ("category", "event_date", "place_name", "place_id", "district", "location", "actor1", "actor2",
          "fatalities", "injured", "approximate", "notes", "rejected")


def _values(path: Path, eid: str) -> dict[str, Any]:
    with open_store(path) as store:
        return store.review_values(eid)


def _id_of(path: Path, place: str) -> str:
    with open_store(path) as store:
        events = appdata.load_events(store)
    return str(events.index[events["place_name"] == place][0])


def _key(at: AppTest, field: str) -> str:
    return review_state.widget_key(at.session_state["review_selection"], field)


def _pick(at: AppTest, eid: str) -> None:
    at.selectbox(key="review_event").set_value(eid).run()
    assert not at.exception, at.exception


def _button(at: AppTest, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


def _review(path: Path) -> AppTest:
    at = _app()
    _open_tab(at, "Review")
    return at


def test_a_save_after_switching_events_changes_only_that_field_of_the_second(store_file: Path) -> None:  # noqa: F811
    a, b = _id_of(store_file, "Tajoura"), _id_of(store_file, "Tarhuna")
    before_a, before_b = _values(store_file, a), _values(store_file, b)
    at = _review(store_file)
    _pick(at, a)
    assert at.selectbox(key=_key(at, "category")).value == "airstrike"
    _pick(at, b)
    assert at.selectbox(key=_key(at, "category")).value == "territory"  # refilled from B
    assert at.checkbox(key=_key(at, "fatalities_unknown")).value is True  # B's killed: unknown, not A's 53
    at.date_input(key=_key(at, "event_date")).set_value(date(2020, 6, 4)).run()
    _button(at, "Save correction").click().run()
    assert not at.exception, at.exception
    assert _values(store_file, a) == before_a
    after_b = _values(store_file, b)
    assert after_b["event_date"] == date(2020, 6, 4)
    assert {f: after_b[f] for f in FIELDS if f != "event_date"} == {f: before_b[f] for f in FIELDS if f != "event_date"}
    assert [s.value for s in at.success] == ["Saved."]
    assert any("Date: 2020-06-05 -> 2020-06-04" in t.value for t in at.text)


def test_a_selection_from_the_map_or_table_refills_the_form(store_file: Path) -> None:  # noqa: F811
    at = _review(store_file)
    first = at.session_state["review_selection"].event_id
    gharyan = _id_of(store_file, "Gharyan")
    assert first != gharyan
    at.session_state["selected_ref"] = gharyan  # what a click on a mark or a table row sets
    at.run()
    assert at.selectbox(key="review_event").value == gharyan
    assert at.session_state["review_selection"].event_id == gharyan
    assert at.text_input(key=_key(at, "actor1")).value == "GNA"
    assert at.selectbox(key=_key(at, "category")).value == "territory"


def test_what_will_change_is_listed_in_words_before_saving(store_file: Path) -> None:  # noqa: F811
    tajoura = _id_of(store_file, "Tajoura")
    at = _review(store_file)
    _pick(at, tajoura)
    at.checkbox(key=_key(at, "fatalities_unknown")).check()
    at.text_input(key=_key(at, "place_query")).input("تاجوراء").run()
    assert _values(store_file, tajoura)["fatalities"] == 53  # nothing saved yet
    options = at.selectbox(key=_key(at, "place_pick")).options
    tajoura_option = next(o for o in options if o.startswith("Tajoura"))
    at.selectbox(key=_key(at, "place_pick")).set_value(tajoura_option).run()
    diff = next(t.value for t in at.text if "Killed:" in t.value)
    assert "Killed: 53 -> unknown" in diff
    assert "Gazetteer entry: none -> ly-tajoura" in diff
    assert "{" not in diff and "0101000020" not in diff  # no JSON, no hex geometry


def test_a_place_picked_from_the_gazetteer_is_saved_with_its_coordinates(store_file: Path) -> None:  # noqa: F811
    tarhuna = _id_of(store_file, "Tarhuna")
    at = _review(store_file)
    _pick(at, tarhuna)
    at.text_input(key=_key(at, "place_query")).input("Gharyan").run()
    option = next(o for o in at.selectbox(key=_key(at, "place_pick")).options if o.startswith("Gharyan"))
    at.selectbox(key=_key(at, "place_pick")).set_value(option).run()
    _button(at, "Save correction").click().run()
    after = _values(store_file, tarhuna)
    assert after["place_name"] == "Gharyan" and after["district"] == "ly-district-jabal-al-gharbi"
    assert abs(after["location"][0] - 13.02) < 0.05 and abs(after["location"][1] - 32.17) < 0.05


def test_a_form_filled_before_another_change_saves_nothing(store_file: Path) -> None:  # noqa: F811
    tajoura = _id_of(store_file, "Tajoura")
    at = _review(store_file)
    _pick(at, tajoura)
    with open_store(store_file) as store:  # another analyst, meanwhile
        store.correct_event(tajoura, {"fatalities": 60})
    at.text_input(key=_key(at, "actor1")).input("LNA").run()
    _button(at, "Save correction").click().run()
    assert any("changed since the form was filled" in e.value and "fatalities" in e.value for e in at.error)
    now = _values(store_file, tajoura)
    assert now["actor1"] is None and now["fatalities"] == 60
    assert at.number_input(key=_key(at, "fatalities")).value == 60  # the form shows the stored values


def test_undo_puts_the_event_back(store_file: Path) -> None:  # noqa: F811
    tajoura = _id_of(store_file, "Tajoura")
    before = _values(store_file, tajoura)
    at = _review(store_file)
    _pick(at, tajoura)
    at.text_area(key=_key(at, "notes")).input("checked against two reports").run()
    _button(at, "Save correction").click().run()
    assert _values(store_file, tajoura)["notes"] == "checked against two reports"
    assert at.text_area(key=_key(at, "notes")).value == "checked against two reports"
    _button(at, "Undo the last correction").click().run()
    assert not at.exception, at.exception
    assert _values(store_file, tajoura) == before
    assert [s.value for s in at.success] == ["Undone."]
    assert at.text_area(key=_key(at, "notes")).value == ""  # the form follows the undo


def test_the_undo_tooltip_never_carries_a_note_as_markdown(store_file: Path) -> None:  # noqa: F811
    # Streamlit renders a button's help as markdown: a note with an image would make every browser that
    # hovers the button fetch it.
    tajoura = _id_of(store_file, "Tajoura")
    at = _review(store_file)
    _pick(at, tajoura)
    note = "see ![beacon](http://127.0.0.1:9/b.png)"
    at.text_area(key=_key(at, "notes")).input(note).run()
    _button(at, "Save correction").click().run()
    undo = _button(at, "Undo the last correction")
    assert "beacon" not in (undo.help or "") and "127.0.0.1" not in (undo.help or "")


def test_reject_then_restore(store_file: Path) -> None:  # noqa: F811
    gharyan = _id_of(store_file, "Gharyan")
    at = _review(store_file)
    _pick(at, gharyan)
    _button(at, "Reject this event").click().run()
    assert _values(store_file, gharyan)["rejected"] is True
    _open_tab(at, "Events")
    assert gharyan not in _table(at)["event_id"].tolist()
    _open_tab(at, "Review")
    at.toggle(key="review_show_rejected").set_value(True).run()
    _pick(at, gharyan)
    _button(at, "Restore this event").click().run()
    assert _values(store_file, gharyan)["rejected"] is False
    _open_tab(at, "Events")
    table = _table(at)
    row = table[table["event_id"] == gharyan]
    assert bool(row["reviewed"].iloc[0]) is True  # the table marks it corrected, with its history
    assert "Status: kept -> rejected" in row["history"].iloc[0] and "Status: rejected -> kept" in row["history"].iloc[0]


def test_history_reaches_the_popup(store_file: Path) -> None:  # noqa: F811
    from geo.mapview.popup import popup_html

    tajoura = _id_of(store_file, "Tajoura")
    with open_store(store_file) as store:
        store.correct_event(tajoura, {"actor1": "<b>LNA</b>"}, reviewer="Amal", comment="a <script> in a comment")
        frame = appdata.load_events(store)
    html = popup_html(frame.loc[tajoura].to_dict())
    assert "Corrected" in html and "Amal" in html and "Actor 1: none -&gt; &lt;b&gt;LNA&lt;/b&gt;" in html
    assert "<script>" not in html
    assert pd.isna(frame.loc[_id_of(store_file, "Gharyan"), "history"])


def test_a_map_click_offers_the_places_near_it() -> None:
    from gazetteer import Gazetteer

    gaz = Gazetteer.default()
    near = review_state.place_choices(gaz, "", {"lat": 32.1716, "lng": 13.0212})  # Leaflet: lat, lng
    assert near and all("km from the map click" in label for label in near)
    first = next(iter(near.values()))
    assert first.name == "Gharyan" and first.district == "ly-district-jabal-al-gharbi"
    assert abs(first.lon - 13.02) < 0.05 and abs(first.lat - 32.17) < 0.05  # not swapped
    typed = review_state.place_choices(gaz, "Misurata")
    assert next(iter(typed.values())).place_id == "ly-misrata"
