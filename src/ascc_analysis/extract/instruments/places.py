"""Instrument extraction: the place names that end a title ("... Haze Pollution in Bangkok, Thailand").

Reads the country and city lists of the metadata rules (:data:`~ascc_analysis.ingest.metadata.COUNTRY_VARIANTS`,
:data:`~ascc_analysis.ingest.metadata.CITY_VARIANTS`, from ``resources/metadata.yaml``) and tells whether some words
name one of them, ignoring case, spacing, hyphens, apostrophes and dots. The title scanner
(:mod:`~ascc_analysis.extract.instruments.titles`) ends a title before "in <place>": a venue, not part of the name.
"""

from __future__ import annotations

import re
from functools import cache

from ascc_analysis.ingest.metadata import CITY_VARIANTS, COUNTRY_VARIANTS


def _place_key(text: str) -> str:
    """Comparison key: case, apostrophes, dots, hyphens and spacing ignored, a leading "the" dropped."""
    words = re.sub(r"['’‘.]", "", text).replace("-", " ").casefold().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


@cache
def _place_keys() -> frozenset[str]:
    spellings = [spelling for canonical, variants in COUNTRY_VARIANTS.items() for spelling in (canonical, *variants)]
    spellings += [spelling for canonical, (_, variants) in CITY_VARIANTS.items() for spelling in (canonical, *variants)]
    return frozenset(_place_key(spelling) for spelling in spellings)


def _is_place(text: str) -> bool:
    """Whether ``text`` is the name of a known city or country (an ASEAN Member State or Timor-Leste)."""
    return _place_key(text) in _place_keys()
