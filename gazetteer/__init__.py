"""The Libyan gazetteer: places of the 2019-2020 war by every name the press uses."""

from gazetteer.normalize import fold_text, name_key, skeleton

__all__ = ["fold_text", "name_key", "skeleton"]
