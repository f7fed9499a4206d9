"""Corrections follow an article whose text changed (an outlet edited its story, or an analyst
re-ingests a corrected text with ``--replace``): used by the watch and by ingest.

In: the stored article, the pipeline's result for its new text, and the store. Out: the
analysts' corrections of the old events applied again to the matching new events.

An event's id hashes the article's text with the event's category, places and date
(:func:`geo.store.assign_event_ids`), so a corrected event gets a new id when the text
changes and its corrections, keyed by the old id, would no longer apply. The match is
the store's own rule with the text left out: the new event whose id *under the old
text* is the corrected event's id is that event. Its corrections (the latest value of
each field, and the notes) are recorded on the new event with a comment naming the old
one; the old rows stay in ``corrections`` and ``correction_history``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from geo.model import Article
from geo.pipeline import ArticleResult
from geo.store.base import EventStore
from geo.store.corrections import decode_value
from geo.store.identity import assign_event_ids, content_hash

__all__ = ["Carry", "apply_carry", "corrections_to_carry"]


@dataclass(slots=True)
class Carry:
    """The corrections of one old event, to be recorded on its new event."""

    old_id: str
    new_id: str
    changes: dict[str, Any]
    notes: list[str]


def corrections_to_carry(store: EventStore, results: Sequence[ArticleResult],
                         stored: Mapping[str, Article] | None = None) -> list[Carry]:
    """What to carry over, read before the new results replace the old events: nothing for an
    article not stored yet or stored with the same text.

    Parameters
    ----------
    store
        The store the results are about to be written to.
    results
        Pipeline results of the new texts (a batch of ingest ``--replace``, or one page of the watch).
    stored
        The stored articles by the results' ids, when the caller has read them already; otherwise
        they are read with :meth:`EventStore.get_articles`. The corrections of every changed
        article are read with one :meth:`EventStore.corrections_of`, so a batch costs a few
        queries, not a few per article.
    """
    if stored is None:
        stored = store.get_articles(res.article.id for res in results)
    pairs: dict[str, str] = {}  # the id of an event under the old text -> under the new one
    for res in results:
        before = stored.get(res.article.id)
        if before is None or not res.events:
            continue
        old_hash, new_hash = content_hash(before.text), content_hash(res.article.text)
        if old_hash != new_hash:
            pairs.update(zip(assign_event_ids(old_hash, res.events), assign_event_ids(new_hash, res.events),
                             strict=True))
    carries: dict[str, Carry] = {}
    for row in store.corrections_of(pairs) if pairs else []:
        old = row["event_id"]
        carry = carries.setdefault(old, Carry(old, pairs[old], {}, []))
        field = row["field"]
        if field == "rejected":
            carry.changes[field] = bool(row["rejected"]) if row["rejected"] is not None else decode_value(
                field, row["value"])
        elif field != "note":
            carry.changes[field] = decode_value(field, row["value"])  # the latest correction of a field wins
        if row["note"] and row["note"] not in carry.notes:
            carry.notes.append(row["note"])
    return list(carries.values())


def apply_carry(store: EventStore, carries: list[Carry]) -> int:
    """Record the carried corrections on the new events; answers how many events got them."""
    done = 0
    for carry in carries:
        comment = f"carried over from event {carry.old_id} (the article's text changed)"
        if carry.notes:
            comment += ": " + " / ".join(carry.notes)
        try:
            store.correct_event(carry.new_id, carry.changes, comment=comment)
        except KeyError:  # the store merged the new event away: nothing to correct
            continue
        done += 1
    return done
