"""Extraction stage: paragraphs → bodies, instruments, attributions, priorities and themes.

Runs the extractors in order over the whole corpus and returns the tables ``body_mentions``, ``instruments``,
``instrument_mentions``, ``instrument_bodies``, ``priorities`` and ``paragraph_themes`` (see
:mod:`ascc_analysis.schemas`). Each extractor is a pure function of the tables before it.
"""

from __future__ import annotations

import polars as pl

from ascc_analysis.instruments import (
    attribute_instruments,
    canonicalise_instruments,
    extract_instrument_mentions,
)
from ascc_analysis.manifest import read_chairmanships
from ascc_analysis.mentions import extract_body_mentions
from ascc_analysis.priorities import extract_priorities
from ascc_analysis.registry import Registry
from ascc_analysis.themes import tag_paragraphs


def extract_all(documents: pl.DataFrame, paragraphs: pl.DataFrame, *, registry: Registry) -> dict[str, pl.DataFrame]:
    """Every extraction table for a corpus.

    Args:
        documents: The ``documents`` table.
        paragraphs: The ``paragraphs`` table.
        registry: The bodies registry.

    Returns:
        Table name to frame, for the six extraction tables.
    """
    body_mentions = extract_body_mentions(paragraphs, registry=registry)
    raw_mentions = extract_instrument_mentions(paragraphs, documents, keep_acronym=True)
    instruments, instrument_mentions = canonicalise_instruments(raw_mentions)
    instrument_bodies = attribute_instruments(instrument_mentions, paragraphs, body_mentions, registry=registry)
    return {
        "body_mentions": body_mentions,
        "instruments": instruments,
        "instrument_mentions": instrument_mentions,
        "instrument_bodies": instrument_bodies,
        "priorities": extract_priorities(paragraphs, documents, chairmanships=read_chairmanships()),
        "paragraph_themes": tag_paragraphs(paragraphs),
    }
