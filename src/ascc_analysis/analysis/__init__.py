"""Analysis stage: the processed corpus → topic trends, body networks and year-on-year shifts.

Reads the tables in ``data/processed/`` (through :mod:`~ascc_analysis.analysis.corpus`) and returns polars frames
and networkx graphs; writes nothing except where a function says so (network exports). Modules:

* :mod:`~ascc_analysis.analysis.corpus` — every processed table as one object, with a year/body focus;
* :mod:`~ascc_analysis.analysis.topics` — theme shares and NMF/LDA topics with their uncertainty;
* :mod:`~ascc_analysis.analysis.networks` — instrument co-occurrence ties between bodies;
* :mod:`~ascc_analysis.analysis.shifts` — what rises, falls, is new or carried over from year to year;
* :mod:`~ascc_analysis.analysis.profile` — one statement against its history;
* :mod:`~ascc_analysis.analysis.overview` — counts, coverage and extraction quality of a corpus.

May import the stages before it (ingest, extract) and the shared ground; never the report stage.
"""
