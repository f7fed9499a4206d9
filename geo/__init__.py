"""Geoparsing and event extraction for Arabic and English news about the Libyan war."""

__version__ = "0.1.0"
