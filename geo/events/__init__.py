"""Event extraction: from sentences and place mentions to dated, located events.

In: an :class:`geo.model.Article` and its geoparse result. Out: :class:`geo.model.Event`
objects (category, date, place or line, actors, counts, evidence sentence).

The pipeline, sentence by sentence: :mod:`~geo.events.triggers` finds the asserted
triggers (lexicons, modality, verbs whose object is a place); :mod:`~geo.events.locate`
places each from its own clause (lists, movements, front lines, meetings);
:mod:`~geo.events.sides` names who acted and who was hit, over the alias table of
:mod:`~geo.events.actors`; :mod:`~geo.events.extract` assembles the events of an article
(dates, tolls, claims) and merges them within it. :mod:`~geo.events.dedupe` merges reports
of one event across articles, and :mod:`~geo.events.acled` maps categories to ACLED's
event types.
"""
