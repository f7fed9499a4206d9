"""Where articles come from: readers and the ingestion runner.

In: files (JSON Lines, CSV, plain text, saved HTML) or folders of them. Out:
:class:`geo.model.Article` objects, or per-record errors naming the line and the
problem (:mod:`~geo.sources.articles`); :mod:`~geo.sources.ingest` runs the pipeline
over them in parallel and writes the results to a store, resumably.
"""
