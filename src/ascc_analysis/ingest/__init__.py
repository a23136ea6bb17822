"""Ingest stage: raw statement files → clean text, numbered paragraphs and statement metadata.

Reads what a user puts in ``data/raw/`` (PDF, HTML, text, Word) and the source manifest; writes nothing itself
(:mod:`ascc_analysis.build` writes the tables). In pipeline order:

* :mod:`~ascc_analysis.ingest.fetch` — download the statements the manifest lists into ``data/raw/`` (the only
  module that writes there, and only when a user runs ``ascc fetch`` / ``ascc add``);
* :mod:`~ascc_analysis.ingest.readers` — one reader per format, chosen by suffix;
* :mod:`~ascc_analysis.ingest.normalise` — repair broken lines, hyphenation, page furniture, mojibake;
* :mod:`~ascc_analysis.ingest.segment` — title block, preamble, numbered paragraphs and sub-items;
* :mod:`~ascc_analysis.ingest.metadata` — meeting body and number, dates, venue, chair;
* :mod:`~ascc_analysis.ingest.manifest` — the source manifest, whose values override extracted metadata;
* :mod:`~ascc_analysis.ingest.demo` — the bundled synthetic demo corpus.

Imports only the shared ground (:mod:`ascc_analysis.errors`, :mod:`ascc_analysis.schemas`,
:mod:`ascc_analysis.catalog`, :mod:`ascc_analysis.registry`, :mod:`ascc_analysis.rules`).
"""
