"""What leaves the project: map layers and exported files.

In: events (or the store's events frame). Out: one GeoDataFrame per map layer
(:mod:`~geo.outputs.layers`) and GeoJSON (RFC 7946, coordinates ``[lon, lat]``),
GeoPackage and ACLED-style CSV files (:mod:`~geo.outputs.export`).
"""
