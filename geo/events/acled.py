"""ACLED compatibility: event types for the project's categories (``geo/data/acled.json``)."""

from __future__ import annotations

from geo.text.lexicon import load_data

__all__ = ["acled_types"]


def acled_types(category: str, actor1: str | None = None) -> tuple[str | None, str | None]:
    """ACLED ``(event_type, sub_event_type)`` of a category.

    >>> acled_types("airstrike")
    ('Explosions/Remote violence', 'Air/drone strike')
    >>> acled_types("territory", "GNA")
    ('Battles', 'Government regains territory')
    """
    data = load_data("acled.json")
    if category == "territory" and actor1 in data["government_actors"]:
        event_type, sub = data["government_territory"]
        return event_type, sub
    pair = data["categories"].get(category)
    return (pair[0], pair[1]) if pair else (None, None)
