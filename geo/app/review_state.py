"""The Review tab's rules, free of Streamlit: which widgets belong to which event, what changed,
and how a change reads in words.

In: the event's stored values when the form was filled (``EventStore.review_values``), what
the form holds now, and history rows of ``EventStore.correction_history``. Out: the
changes to save (only the fields that differ), lines such as ``Killed: 4 -> unknown``,
and widget keys that are new for every event, so that a form never keeps the values of
the event it showed before (the bug of issue 12).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from geo.mapview.popup import district_label
from geo.mapview.style import category_style
from geo.store.corrections import decode_value

__all__ = [
    "FIELD_LABELS",
    "PlaceChoice",
    "Selection",
    "describe_changes",
    "describe_value",
    "form_changes",
    "history_lines",
    "history_text",
    "place_choices",
    "select_event",
    "widget_key",
]

#: The fields of the form, in the order they are shown and described, with their labels.
FIELD_LABELS: dict[str, str] = {
    "category": "Category", "event_date": "Date", "place_name": "Place", "place_id": "Gazetteer entry",
    "district": "District", "location": "Coordinates", "actor1": "Actor 1", "actor2": "Actor 2",
    "fatalities": "Killed", "injured": "Injured", "approximate": "Counts approximate", "notes": "Notes",
    "rejected": "Status", "note": "Comment",
}


@dataclass(frozen=True, slots=True)
class PlaceChoice:
    """A place picked in the form: from the gazetteer (typed name) or from a map click."""

    name: str
    place_id: str | None
    district: str | None
    lon: float
    lat: float


@dataclass(slots=True)
class Selection:
    """The event the form is bound to, and the values it was filled with (what a save is checked against)."""

    event_id: str
    baseline: dict[str, Any]
    generation: int


def widget_key(selection: Selection, field: str) -> str:
    """The key of a form widget: new for every event and every refill, so a widget never carries a
    value over from another event (Streamlit keeps a keyed widget's value across reruns).

    >>> s = Selection("ev-1", {}, 0)
    >>> widget_key(s, "category"), widget_key(Selection("ev-2", {}, 0), "category")
    ('review:0:ev-1:category', 'review:0:ev-2:category')
    """
    return f"review:{selection.generation}:{selection.event_id}:{field}"


def select_event(state: MutableMapping[Any, Any], event_id: str, load: Any) -> Selection:
    """The form's selection for ``event_id``: kept while the same event stays selected, refilled
    (``load(event_id)`` -> stored values) when another event is selected or after a save/undo.

    The old widget values are dropped from ``state`` so that they cannot come back.

    >>> state = {}
    >>> select_event(state, "a", lambda e: {"category": "clash"}).baseline
    {'category': 'clash'}
    >>> state["review:0:a:category"] = "airstrike"
    >>> s = select_event(state, "b", lambda e: {"category": "movement"})
    >>> s.event_id, s.baseline, "review:0:a:category" in state
    ('b', {'category': 'movement'}, False)
    """
    current: Selection | None = state.get("review_selection")
    if current is not None and current.event_id == event_id and not state.get("review_refill"):
        return current
    generation = (current.generation + 1) if current is not None else 0
    for key in [k for k in state if isinstance(k, str) and k.startswith("review:")]:
        del state[key]
    state["review_refill"] = False
    selection = Selection(event_id, dict(load(event_id)), generation)
    state["review_selection"] = selection
    return selection


def form_changes(baseline: Mapping[str, Any], entered: Mapping[str, Any],
                 place: PlaceChoice | None = None) -> dict[str, Any]:
    """The fields whose entered value differs from the baseline (and, with a new place, its name,
    gazetteer id, district and coordinates).

    >>> base = {"category": "airstrike", "fatalities": 53, "actor1": None, "notes": None}
    >>> form_changes(base, {"category": "airstrike", "fatalities": 53, "actor1": "", "notes": "checked"})
    {'notes': 'checked'}
    """
    out: dict[str, Any] = {}
    for field, value in entered.items():
        if isinstance(value, str):
            value = value.strip() or None
        old = baseline.get(field)
        if field == "approximate":
            value, old = bool(value), bool(old)
        if value != old:
            out[field] = value
    if place is not None:
        new = {"place_name": place.name, "place_id": place.place_id, "district": place.district,
               "location": (place.lon, place.lat)}
        for field, value in new.items():
            if field == "location":
                old = baseline.get("location")
                if old is None or abs(old[0] - place.lon) > 1e-7 or abs(old[1] - place.lat) > 1e-7:
                    out[field] = value
            elif value != baseline.get(field):
                out[field] = value
    return out


def describe_value(field: str, value: Any) -> str:
    """A value as a reader says it: no JSON, no hex.

    >>> describe_value("fatalities", None), describe_value("fatalities", 0), describe_value("location", (13.35, 32.88))
    ('unknown', '0', '32.88000 N, 13.35000 E')
    >>> describe_value("district", "ly-district-jabal-al-gharbi"), describe_value("rejected", True)
    ('Jabal Al Gharbi', 'rejected')
    """
    if field == "rejected":
        return "rejected" if value else "kept"
    if field == "approximate":
        return "yes" if value else "no"
    if value is None or value == "":
        return "unknown" if field in ("fatalities", "injured", "event_date") else "none"
    if field == "location":
        lon, lat = value
        return f"{abs(lat):.5f} {'N' if lat >= 0 else 'S'}, {abs(lon):.5f} {'E' if lon >= 0 else 'W'}"
    if field == "event_date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if field == "category":
        return f"{category_style(str(value)).label} ({value})"
    if field == "district":
        return district_label(value)
    return str(value)


def describe_changes(baseline: Mapping[str, Any], changes: Mapping[str, Any]) -> list[str]:
    """One line per changed field, ``Label: old -> new``, in the form's order.

    >>> describe_changes({"fatalities": 4, "actor2": "GNA"}, {"actor2": None, "fatalities": None})
    ['Actor 2: GNA -> none', 'Killed: 4 -> unknown']
    """
    return [f"{FIELD_LABELS.get(f, f)}: {describe_value(f, baseline.get(f))} -> {describe_value(f, changes[f])}"
            for f in FIELD_LABELS if f in changes]


def _decoded(field: str, text: str | None) -> Any:
    try:
        return decode_value(field, text)
    except (ValueError, TypeError):
        return text


def history_lines(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """History rows as lines, oldest first: ``2020-01-02 10:00 · Amal · Killed: 4 -> unknown (why)``.

    >>> history_lines([{"created_at": "2020-01-02T10:00:00Z", "field": "fatalities", "previous_value": "4",
    ...                 "new_value": None, "reviewer": "Amal", "comment": "two counts", "action": "edit"}])
    ['2020-01-02 10:00 · Amal · Killed: 4 -> unknown (two counts)']
    """
    out = []
    for r in rows:
        field = str(r["field"])
        when = str(r.get("created_at") or "")[:16].replace("T", " ")
        who = r.get("reviewer") or "reviewer"
        if field == "note":
            what = "comment"
        else:
            old, new = _decoded(field, r.get("previous_value")), _decoded(field, r.get("new_value"))
            prefix = "undo, " if r.get("action") == "undo" else ""
            what = f"{prefix}{FIELD_LABELS.get(field, field)}: {describe_value(field, old)} -> {describe_value(field, new)}"
        comment = f" ({r['comment']})" if r.get("comment") else ""
        out.append(f"{when} · {who} · {what}{comment}")
    return out


def history_text(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """``event_id -> history lines joined by newlines`` for every event with history."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        grouped.setdefault(str(r["event_id"]), []).append(r)
    return {eid: "\n".join(history_lines(rs)) for eid, rs in grouped.items()}


def place_choices(gazetteer: Any, query: str, click: Mapping[str, float] | None = None) -> dict[str, PlaceChoice]:
    """Places the form offers: gazetteer entries for a typed name (Arabic or English, exact
    then fuzzy), and the Libyan entries nearest the last click on the map (``{"lat", "lng"}``,
    Leaflet's order). Keys are the labels shown (name, Arabic name, district, coordinates).

    >>> from gazetteer import Gazetteer
    >>> list(place_choices(Gazetteer.default(), "تاجوراء"))[0].startswith("Tajoura / تاجوراء (Tripoli, 32.8")
    True
    """
    out: dict[str, PlaceChoice] = {}

    def add(label: str, p: Any) -> None:
        # A district entry is its own district (ACLED's admin1 follows from it).
        district = p.id if p.feature_type == "district" else p.district
        out[label] = PlaceChoice(p.name, p.id, district, float(p.lon), float(p.lat))

    text = query.strip()
    if text:
        for c in gazetteer.lookup(text, limit=8) or gazetteer.fuzzy(text, limit=8):
            p = c.place
            arabic = f" / {p.name_ar}" if p.name_ar else ""
            where = describe_value("district", p.district) if p.district else p.feature_type
            add(f"{p.name}{arabic} ({where}, {p.lat:.4f} N, {p.lon:.4f} E)", p)
    if click:
        lat, lon = float(click["lat"]), float(click["lng"])
        for p, km in gazetteer.nearest(lat, lon, k=5, libyan_only=True):
            add(f"{p.name} ({km:.1f} km from the map click)", p)
    return out
