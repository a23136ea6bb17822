"""Instrument extraction: the place names that end a title ("... Haze Pollution in Bangkok, Thailand").

The title scanner (:mod:`~ascc_analysis.extract.instruments.titles`) ends a title before "in <place>": a venue, not
part of the name. The places are the metadata rules' countries and cities
(:func:`~ascc_analysis.ingest.metadata.canonical_country`, :func:`~ascc_analysis.ingest.metadata.canonical_city`).
"""

from __future__ import annotations

from ascc_analysis.ingest.metadata import canonical_city, canonical_country


def _is_place(text: str) -> bool:
    """Whether ``text`` is the name of a known city or country (an ASEAN Member State or Timor-Leste), in any of
    its spellings and cases."""
    return canonical_country(text) is not None or canonical_city(text) is not None
