"""Year-on-year shifts stage: ``paragraphs``, ``documents`` and the extraction tables → what changed, and how surely.

What the statements say differently from one year to the next, at four levels, each with its uncertainty:

* **Terms.** :func:`term_counts` counts the terms of the topic model's analyser (:func:`ascc_analysis.analysis.topics.
  analyse_text`: unigrams and bigrams after the ASEAN stop words) per year or per statement. :func:`log_odds` is
  the weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008) between any two
  groups; :func:`word_shift` and :func:`jensen_shannon` split the Jensen–Shannon divergence of two years into
  per-term contributions; :func:`consecutive_divergence` gives the divergence of consecutive years with a bootstrap
  interval; :func:`top_shifts` ranks the terms that rose or fell most in each year and says which changes are
  significant at a threshold calibrated on planted corpora (see its docstring).
* **Themes and topics.** :func:`share_change` and :func:`share_changes`: change in the share of paragraphs with a
  label (a dictionary theme from ``paragraph_themes``, or the dominant topic of each paragraph) with a bootstrap
  interval, a permutation p-value and Benjamini–Hochberg q-values; :func:`leave_one_statement_out` flags a shift
  that one statement carries. :func:`share_shifts` scores every year's rise or fall of a label's share (arrivals,
  steps, falls and disappearances alike) and flags it at a level calibrated on the planted design family; its
  power (:func:`detectable_change`, :func:`read_power_table`) says how small a change the corpus can show.
* **Instruments, bodies and priorities.** :func:`instrument_changes` and :func:`body_changes` (new, continued,
  dropped, returned per year); :func:`priority_changes` compares the chairmanship priority areas with the year
  before (new, recurring, dropped) with the chair country and theme attached (``resources/chairmanships.csv``).
* **Boilerplate.** :func:`carry_over` finds paragraphs carried over (near-)verbatim from any earlier statement
  (word-shingle Jaccard similarity, exact or MinHash/LSH); :func:`novelty` gives each statement's share of novel
  paragraphs. Pass the carried para_ids as ``exclude`` to run the term analysis on novel text only, so that
  renewed commitments are not mistaken for new priorities.

The unit is the paragraph (rows of ``paragraphs`` with ``level == "paragraph"``; a paragraph's text includes its
sub-items, preamble blocks are left out). Random steps take a ``seed``; outputs are sorted by their key columns,
so a seed gives identical frames.

Modules (everything public is re-exported here, so ``shifts.top_shifts`` and the like keep working):

* :mod:`~ascc_analysis.analysis.shifts.common` — option checks, statement years, resampling within statements;
* :mod:`~ascc_analysis.analysis.shifts.terms` — the paragraph × term matrix and :func:`term_counts`;
* :mod:`~ascc_analysis.analysis.shifts.logodds` — :func:`log_odds`;
* :mod:`~ascc_analysis.analysis.shifts.divergence` — :func:`jensen_shannon`, :func:`word_shift`,
  :func:`consecutive_divergence`;
* :mod:`~ascc_analysis.analysis.shifts.term_shifts` — :func:`top_shifts` and its calibrated defaults;
* :mod:`~ascc_analysis.analysis.shifts.shares` — :func:`share_change`, :func:`share_changes`,
  :func:`benjamini_hochberg`;
* :mod:`~ascc_analysis.analysis.shifts.steps` — :func:`share_shifts`;
* :mod:`~ascc_analysis.analysis.shifts.power` — :func:`compute_power_table`, :func:`read_power_table`,
  :func:`detectable_change`;
* :mod:`~ascc_analysis.analysis.shifts.leave_one_out` — :func:`leave_one_statement_out`;
* :mod:`~ascc_analysis.analysis.shifts.changes` — :func:`instrument_changes`, :func:`body_changes`,
  :func:`priority_changes`;
* :mod:`~ascc_analysis.analysis.shifts.carryover` — :func:`carry_over` and :func:`novelty`.
"""

from __future__ import annotations

from ascc_analysis.analysis.shifts.carryover import (
    AUTO_EXACT_MAX,
    CARRY_SCHEMA,
    MINHASH_BANDS,
    MINHASH_NEIGHBOURS,
    MINHASH_PERMUTATIONS,
    NOVELTY_SCHEMA,
    CarryMethod,
    carry_over,
    novelty,
)
from ascc_analysis.analysis.shifts.changes import (
    PRIORITY_CHANGES_SCHEMA,
    Change,
    body_changes,
    instrument_changes,
    priority_changes,
)
from ascc_analysis.analysis.shifts.divergence import (
    DIVERGENCE_SCHEMA,
    WORD_SHIFT_SCHEMA,
    consecutive_divergence,
    jensen_shannon,
    word_shift,
)
from ascc_analysis.analysis.shifts.leave_one_out import leave_one_statement_out
from ascc_analysis.analysis.shifts.logodds import LOG_ODDS_SCHEMA, log_odds
from ascc_analysis.analysis.shifts.power import (
    POWER_RESOURCE,
    POWER_SCHEMA,
    compute_power_table,
    detectable_change,
    read_power_table,
)
from ascc_analysis.analysis.shifts.shares import benjamini_hochberg, share_change, share_changes
from ascc_analysis.analysis.shifts.steps import DEFAULT_ALPHA, DEFAULT_WINDOW, share_shifts
from ascc_analysis.analysis.shifts.term_shifts import (
    COLLOCATION_DICE,
    DEFAULT_FLOOR,
    DEFAULT_MIN_DELTA,
    DEFAULT_PRIOR_SCALE,
    DEFAULT_THRESHOLD,
    TOP_SHIFTS_SCHEMA,
    top_shifts,
)
from ascc_analysis.analysis.shifts.terms import COUNTS_SCHEMA_DOC, COUNTS_SCHEMA_YEAR, By, CountUnit, term_counts

__all__ = [
    "AUTO_EXACT_MAX",
    "CARRY_SCHEMA",
    "COLLOCATION_DICE",
    "COUNTS_SCHEMA_DOC",
    "COUNTS_SCHEMA_YEAR",
    "DEFAULT_ALPHA",
    "DEFAULT_FLOOR",
    "DEFAULT_MIN_DELTA",
    "DEFAULT_PRIOR_SCALE",
    "DEFAULT_THRESHOLD",
    "DEFAULT_WINDOW",
    "DIVERGENCE_SCHEMA",
    "LOG_ODDS_SCHEMA",
    "MINHASH_BANDS",
    "MINHASH_NEIGHBOURS",
    "MINHASH_PERMUTATIONS",
    "NOVELTY_SCHEMA",
    "POWER_RESOURCE",
    "POWER_SCHEMA",
    "PRIORITY_CHANGES_SCHEMA",
    "TOP_SHIFTS_SCHEMA",
    "WORD_SHIFT_SCHEMA",
    "By",
    "CarryMethod",
    "Change",
    "CountUnit",
    "benjamini_hochberg",
    "body_changes",
    "carry_over",
    "compute_power_table",
    "consecutive_divergence",
    "detectable_change",
    "instrument_changes",
    "jensen_shannon",
    "leave_one_statement_out",
    "log_odds",
    "novelty",
    "priority_changes",
    "read_power_table",
    "share_change",
    "share_changes",
    "share_shifts",
    "term_counts",
    "top_shifts",
    "word_shift",
]
