"""Geoparsing: from text to place mentions resolved against the gazetteer.

In: an article's text and language. Out: :class:`geo.model.PlaceMention` objects
(character offsets, gazetteer entry, coordinates as ``lat``/``lon`` attributes)
and relative locations ("20 km south of Sirte"). Stages: find candidate names
(:mod:`~geo.places.recognize`), pick one entry per name (:mod:`~geo.places.resolve`),
read distance and bearing phrases (:mod:`~geo.places.relative`), and the optional
online fallback for names the gazetteer lacks (:mod:`~geo.places.online`).
:mod:`~geo.places.geoparse` runs them in order.
"""
