"""De-duplication: one event per real-world event, within an article and across articles.

Two events are the same when they are of the same group (a strike is a strike
whether one report says air strike and another shelling; fighting and the ground
it won are one battle), lie within :data:`SAME_PLACE_KM` of each other (for a
movement: the same destination; two different named places only when one is part
of the other or they are within :data:`SAME_SITE_KM`) and fall on the same day give or take
:data:`SAME_DAY_TOLERANCE` (a date that was not stated matches any).

Two stated dates a day apart are two days of fighting, with one exception: an Arabic
and an English report of one strike at one site with the same toll. The two languages
name a night by different days ("ليلة الثلاثاء" is the eve of Tuesday, "Tuesday night"
the night after it), so the same strike can be dated a day apart. The merged event
lists every report in ``extra["sources"]`` and counts them in ``corroboration``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from gazetteer.core import Gazetteer, haversine_km
from geo.model import Event

__all__ = ["GROUP", "same_event", "merge_reports", "merge_within_article", "merge_across_articles"]

GROUP = {
    "airstrike": "strike", "shelling": "strike", "explosion": "strike",
    "clash": "ground", "territory": "ground",
    "movement": "movement", "front_line": "front", "shootdown": "air_defense",
    "civilian_attack": "civilian", "protest": "protest", "political": "political",
}
SAME_PLACE_KM = 10.0
SAME_SITE_KM = 2.0
SAME_DAY_TOLERANCE = 1
# Two tolls of one strike in two languages agree within this fraction of the larger.
SAME_TOLL_FRACTION = 0.2
# Within one article, fighting and the ground it won are one event: the clash is kept.
GROUND_PREFERENCE = ("clash", "territory")


def _anchor(e: Event) -> tuple[float, float]:
    """(lat, lon) that identifies where an event is: the destination of a movement,
    the middle of a line, the point itself."""
    if e.category == "movement" or len(e.coords) == 1:
        lon, lat = e.coords[-1]
        return lat, lon
    return (sum(c[1] for c in e.coords) / len(e.coords), sum(c[0] for c in e.coords) / len(e.coords))


def _contains(a: str, b: str) -> bool:
    """True when one entry is part of the other (the Air College and Misrata)."""
    gaz = Gazetteer.default()
    pa, pb = gaz.get(a), gaz.get(b)
    return bool(pa and pb and (pa.parent_id == pb.id or pb.parent_id == pa.id))


def _part_of(a: str | None, b: str | None) -> bool:
    """True when entry ``a`` is part of entry ``b`` (Souq al-Juma of Tripoli)."""
    pa = Gazetteer.default().get(a) if a and b else None
    return bool(pa and pa.parent_id == b)


def _days_apart(a: Event, b: Event) -> int:
    if a.event_date is None or b.event_date is None:
        return 0
    return abs((a.event_date - b.event_date).days)


def same_event(a: Event, b: Event, *, loose_dates: bool = False) -> bool:
    """True when ``a`` and ``b`` report one real-world event.

    ``loose_dates`` (within one article) lets an event whose date was not stated
    (time precision > 1) match whatever day the other has.
    """
    if GROUP.get(a.category, a.category) != GROUP.get(b.category, b.category):
        return False
    (la, oa), (lb, ob) = _anchor(a), _anchor(b)
    distance = haversine_km(la, oa, lb, ob)
    if distance > SAME_PLACE_KM:
        return False
    if a.place_id and b.place_id and a.place_id != b.place_id and distance > SAME_SITE_KM \
            and not _contains(a.place_id, b.place_id):
        return False  # two named places (Surman and Sabratha, 9 km apart) are two events
    if loose_dates and (a.time_precision > 1 or b.time_precision > 1):
        return True
    days = _days_apart(a, b)
    if days == 0:
        return True
    if days <= SAME_DAY_TOLERANCE and _bilingual_twins(a, b, distance):
        return True
    # A day apart is one event only when one date was stated and the other is the default (the
    # publication date, often the day after): two stated dates, or two articles of consecutive days
    # that state none, are two days of fighting (ACLED codes one event per day and place).
    return days <= SAME_DAY_TOLERANCE and (a.time_precision > 1) != (b.time_precision > 1)


def _bilingual_twins(a: Event, b: Event, distance: float) -> bool:
    """An Arabic and an English report of one event: same category, same site, same toll."""
    if not (a.language and b.language and a.language != b.language and a.category == b.category):
        return False
    if distance > SAME_SITE_KM and a.place_id != b.place_id:
        return False
    if not a.fatalities or not b.fatalities:
        return False  # no toll to tell one strike from two on consecutive nights
    return abs(a.fatalities - b.fatalities) <= SAME_TOLL_FRACTION * max(a.fatalities, b.fatalities)


def _report(e: Event, aid: str) -> dict[str, str | None]:
    return {"article_id": aid, "source": e.source, "url": e.url, "language": e.language}


def merge_reports(keep: Event, other: Event, article_ids: Sequence[str]) -> None:
    """Count ``other`` (reported by ``article_ids``) as another report of ``keep``: its articles
    and sources join ``keep``'s, ``corroboration`` counts the articles, the higher toll wins."""
    new_ids = [aid for aid in article_ids if aid not in keep.article_ids]
    if not new_ids:
        return
    reports = keep.extra.setdefault("sources", [_report(keep, aid) for aid in keep.article_ids])
    reports += [r for r in other.extra.get("sources") or [] if r.get("article_id") in new_ids] \
        or [_report(other, aid) for aid in new_ids]
    keep.article_ids.extend(new_ids)
    keep.corroboration = len(keep.article_ids)
    _higher_tolls(keep, other)


def _higher_tolls(keep: Event, other: Event) -> None:
    """The higher of two tolls of one event wins (the later, fuller count)."""
    for attr in ("fatalities", "injured"):
        values = [v for v in (getattr(keep, attr), getattr(other, attr)) if v is not None]
        setattr(keep, attr, max(values) if values else None)


def _better_category(a: str, b: str, priority: Sequence[str]) -> str:
    if {a, b} == set(GROUND_PREFERENCE):
        return "clash"
    rank = {c: i for i, c in enumerate(priority)}
    return a if rank.get(a, 99) <= rank.get(b, 99) else b


def _merge_into(keep: Event, other: Event, priority: Sequence[str]) -> None:
    keep.category = _better_category(keep.category, other.category, priority)
    if keep.category == other.category and (other.geo_precision < keep.geo_precision or (
            other.geo_precision == keep.geo_precision and _part_of(other.place_id, keep.place_id))):
        # "rockets fell on Tripoli ... on Souq al-Juma and Abu Salim": the quarter, not the city, so
        # the next quarter of the list stays an event of its own
        keep.coords, keep.place_name, keep.place_id = other.coords, other.place_name, other.place_id
        keep.geo_precision = other.geo_precision
    if keep.category == "movement" and len(other.coords) > len(keep.coords):
        keep.coords, keep.origin_name, keep.origin_id = other.coords, other.origin_name, other.origin_id
    if other.time_precision < keep.time_precision:
        keep.event_date, keep.time_precision = other.event_date, other.time_precision
    for attr in ("actor1", "actor2", "claimed_by", "district"):
        if getattr(keep, attr) is None:
            setattr(keep, attr, getattr(other, attr))
    _higher_tolls(keep, other)
    merge_reports(keep, other, other.article_ids)
    if other.evidence and other.evidence not in keep.evidence and len(keep.evidence) < 2000:
        keep.extra.setdefault("more_evidence", []).append(other.evidence)


def merge_within_article(events: Iterable[Event], priority: Sequence[str]) -> list[Event]:
    """Merge the events of one article that are one event; keeps text order."""
    out: list[Event] = []
    for e in events:
        twin = next((k for k in out if same_event(k, e, loose_dates=True)), None)
        if twin is None:
            out.append(e)
        else:
            _merge_into(twin, e, priority)
    return out


def merge_across_articles(events: Iterable[Event], priority: Sequence[str]) -> list[Event]:
    """Merge events reported by several articles; ``corroboration`` counts the articles.

    Events are bucketed by group and date so the work stays near-linear.
    """
    buckets: dict[tuple[str, date | None], list[Event]] = {}
    out: list[Event] = []
    for e in events:
        group = GROUP.get(e.category, e.category)
        twin = None
        days = [e.event_date] if e.event_date is None else [
            date.fromordinal(e.event_date.toordinal() + d) for d in range(-SAME_DAY_TOLERANCE, SAME_DAY_TOLERANCE + 1)]
        for d in days:
            for k in buckets.get((group, d), []):
                if not set(k.article_ids) & set(e.article_ids) and same_event(k, e):
                    twin = k
                    break
            if twin:
                break
        if twin is None:
            buckets.setdefault((group, e.event_date), []).append(e)
            out.append(e)
        else:
            _merge_into(twin, e, priority)
            twin.corroboration = len(twin.article_ids)
    return out
