"""Extraction stage: paragraphs → bodies, instruments, attributions, priorities and themes.

Runs the extractors in order over the whole corpus and returns the tables ``body_mentions``, ``instruments``,
``instrument_mentions``, ``instrument_bodies``, ``priorities`` and ``paragraph_themes`` (see
:mod:`ascc_analysis.schemas`). Each extractor is a pure function of the tables before it.
"""

from __future__ import annotations

import polars as pl

from ascc_analysis.extract.instruments import (
    attribute_instruments,
    canonicalise_instruments,
    extract_instrument_mentions,
)
from ascc_analysis.extract.mentions import extract_body_mentions
from ascc_analysis.extract.priorities import extract_priorities
from ascc_analysis.extract.themes import tag_paragraphs
from ascc_analysis.ingest.manifest import read_chairmanships
from ascc_analysis.registry import Registry


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
