"""What the Streamlit app (``app.py``) reads and does, kept out of the page script.

In: a store address and the page's widget values. Out: the events frame and its
index, filters, counts, map layers, and the results of ingest, review and export
actions (:mod:`~geo.app.appdata`); :mod:`~geo.app.snapshot` keeps a Parquet copy of
the store's current revision for a fast start.
"""
