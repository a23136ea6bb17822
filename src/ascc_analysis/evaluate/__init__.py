"""Evaluation: extraction tables scored against hand-made gold annotations.

Reads gold files (``tests/gold/*.yaml``, written to ``tests/gold/GUIDELINES.md``) and scores one document's rows of
the ``instrument_mentions`` and ``body_mentions`` tables (:mod:`ascc_analysis.schemas`) against them.

Matching is per paragraph number (``para_no``; preamble blocks are paragraph 0, sub-items count for their
paragraph) and on exact spans after :func:`normalise_span` (curly quotes made straight, runs of white space one
space). Both sides are multisets: a title named twice in a paragraph must be found twice.

- **Titles**: key ``(para_no, title)``; with ``m`` matches, ``g`` gold and ``p`` predicted titles,
  ``precision = m / p``, ``recall = m / g``, ``f1 = 2m / (g + p)`` (the harmonic mean of the two). A value whose
  denominator is 0 is null.
- **Type and status accuracy** over the matched titles: the share of matched pairs whose type (status) agrees.
  Where a key matches several times, gold and predicted mentions are paired to agree as far as possible.
- **Bodies**: key ``(para_no, body_id or "generic", text)``; precision, recall and F1 as for titles.
- **Metadata** (gold files with the optional ``document`` and ``metadata`` blocks, scored against the document's
  row of the ``documents`` table): each field (:data:`METADATA_FIELDS`) is compared with the ``documents`` column of
  :data:`METADATA_COLUMNS` and gets one outcome: ``correct`` (stated in gold, found equal), ``wrong`` (found
  different), ``missed`` (stated in gold, found empty), ``guessed`` (gold null, found filled), ``both_empty``, or
  ``not_extracted`` where the ``documents`` table has no such column (a corpus built before the column was added).
  ``other_meetings`` is compared as text: each meeting ``"BODY NO"`` (``" +3"`` for a Plus Three meeting), sorted and
  joined by "; ", from the gold list and from the ``documents.other_meetings`` structs alike.

:func:`combine_scores` micro-averages: it adds the counts of several files and recomputes the values.

Modules: :mod:`~ascc_analysis.evaluate.gold` (gold files), :mod:`~ascc_analysis.evaluate.scoring` (scores),
:mod:`~ascc_analysis.evaluate.report` (the printed report) and :mod:`~ascc_analysis.evaluate.run` (building and
scoring the annotated statements). Sits above :mod:`ascc_analysis.build` in the pipeline: it builds what it scores.
"""

from __future__ import annotations

from ascc_analysis.evaluate.gold import (
    METADATA_COLUMNS,
    METADATA_FIELDS,
    METADATA_OUTCOMES,
    METRICS,
    Gold,
    GoldBody,
    GoldDocument,
    GoldError,
    GoldInstrument,
    GoldMeeting,
    GoldMetadata,
    normalise_span,
    read_gold,
    read_gold_dir,
)
from ascc_analysis.evaluate.report import format_scores
from ascc_analysis.evaluate.run import HEADER_LINE_PREFIX, drop_header_lines, evaluate_golds, find_source
from ascc_analysis.evaluate.scoring import Scores, combine_scores, metadata_summary, score_extraction
from ascc_analysis.extract.instruments import INSTRUMENT_TYPES, STATUSES
from ascc_analysis.ingest.metadata import COMPLETENESS, DOCUMENT_KINDS

__all__ = [
    "COMPLETENESS",
    "DOCUMENT_KINDS",
    "HEADER_LINE_PREFIX",
    "INSTRUMENT_TYPES",
    "METADATA_COLUMNS",
    "METADATA_FIELDS",
    "METADATA_OUTCOMES",
    "METRICS",
    "STATUSES",
    "Gold",
    "GoldBody",
    "GoldDocument",
    "GoldError",
    "GoldInstrument",
    "GoldMeeting",
    "GoldMetadata",
    "Scores",
    "combine_scores",
    "drop_header_lines",
    "evaluate_golds",
    "find_source",
    "format_scores",
    "metadata_summary",
    "normalise_span",
    "read_gold",
    "read_gold_dir",
    "score_extraction",
]
