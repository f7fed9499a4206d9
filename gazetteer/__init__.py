"""The Libyan gazetteer: places of the 2019-2020 war by every name the press uses.

>>> from gazetteer import Gazetteer
>>> Gazetteer.default().lookup("Misurata")[0].place.name
'Misrata'
"""

from gazetteer.core import Gazetteer, haversine_km
from gazetteer.model import Candidate, Place
from gazetteer.normalize import fold_text, name_key, skeleton

__all__ = ["Gazetteer", "Place", "Candidate", "haversine_km", "fold_text", "name_key", "skeleton"]
