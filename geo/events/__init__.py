"""Event extraction: from sentences and place mentions to dated, located events.

In: an :class:`geo.model.Article` and its geoparse result. Out: :class:`geo.model.Event`
objects (category, date, place or line, actors, counts, evidence sentence).
:mod:`~geo.events.extract` reads triggers and modality sentence by sentence,
:mod:`~geo.events.actors` names the sides, :mod:`~geo.events.dedupe` merges reports of
one event, and :mod:`~geo.events.acled` maps categories to ACLED's event types.
"""
