"""The Libyan gazetteer: Libya's places by every name the press uses, and the world's places a
Libyan name can be confused with.

In: the tables of ``gazetteer/data`` (curated Libyan places in ``libya_places.csv``, ranked
above the OpenStreetMap rows of ``osm_places.csv``; the world's names; ambiguous and generic
words) and, at look-up time, a name as written (Arabic or English, any spelling). Out:
:class:`Candidate` entries ranked for that name (:meth:`Gazetteer.lookup`, fuzzy and nearest
searches), each a :class:`Place` with its id, coordinates (``lat``/``lon``), feature type
and parent; :mod:`gazetteer.verify` checks the curated rows against the references.

>>> from gazetteer import Gazetteer
>>> Gazetteer.default().lookup("Misurata")[0].place.name
'Misrata'
"""

from gazetteer.core import Gazetteer, haversine_km
from gazetteer.model import Candidate, Place
from gazetteer.normalize import fold_text, name_key, skeleton

__all__ = ["Gazetteer", "Place", "Candidate", "haversine_km", "fold_text", "name_key", "skeleton"]
