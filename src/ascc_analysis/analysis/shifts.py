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
  that one statement carries.
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
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import polars as pl
from numpy.typing import NDArray
from rapidfuzz import fuzz, utils
from scipy import sparse, stats

from ascc_analysis.analysis.topics.bootstrap import _strata, _stratified_draws
from ascc_analysis.analysis.topics.common import _paragraph_rows, _require_columns
from ascc_analysis.analysis.topics.terms import _vectorizer
from ascc_analysis.errors import ParameterError, SchemaError
from ascc_analysis.ingest.manifest import read_chairmanships

log = logging.getLogger(__name__)

__all__ = [
    "CARRY_SCHEMA",
    "DEFAULT_FLOOR",
    "DEFAULT_MIN_DELTA",
    "DEFAULT_PRIOR_SCALE",
    "DEFAULT_THRESHOLD",
    "TOP_SHIFTS_SCHEMA",
    "By",
    "CarryMethod",
    "Change",
    "benjamini_hochberg",
    "body_changes",
    "carry_over",
    "consecutive_divergence",
    "instrument_changes",
    "jensen_shannon",
    "leave_one_statement_out",
    "log_odds",
    "novelty",
    "priority_changes",
    "share_change",
    "share_changes",
    "term_counts",
    "top_shifts",
    "word_shift",
]

By = Literal["year", "doc_id"]
CountUnit = Literal["tokens", "paragraphs"]
CarryMethod = Literal["auto", "exact", "minhash"]
Change = Literal["new", "continued", "dropped", "returned"]

DEFAULT_THRESHOLD = 5.0
"""|z| at which :func:`top_shifts` calls a change significant (calibration in its docstring)."""
DEFAULT_PRIOR_SCALE = 1.0
"""Weight of the past in the baseline of :func:`top_shifts`, in previous-year sizes (also :func:`log_odds`)."""
DEFAULT_FLOOR = 0.25
"""Pseudo-paragraphs that a term never seen before is granted in the past (the prior floor of :func:`top_shifts`)."""
DEFAULT_MIN_DELTA = 1.0
"""|log-odds ratio| a significant shift of :func:`top_shifts` must also reach (odds changed by e ≈ 2.7 or more)."""
COLLOCATION_DICE = 0.5
"""A bigram is ranked by :func:`top_shifts` when its Dice coefficient 2·n(w1 w2) / (n(w1) + n(w2)) reaches this."""
_EPS = 1e-9  # shares are kept in [ε, 1 − ε] so that log-odds stay finite
_Z_CLIP = 38.0  # |z| beyond which normal quantiles of binomial tails are not resolved in float64
AUTO_EXACT_MAX = 3000
""":func:`carry_over` with ``method="auto"`` compares paragraphs exactly up to this many paragraphs, else MinHash."""
MINHASH_PERMUTATIONS = 128
MINHASH_BANDS = 32  # 32 bands of 4 rows: a pair of Jaccard 0.8 shares a band with probability 1 - (1 - 0.8^4)^32
MINHASH_NEIGHBOURS = 25  # in a band's bucket, each paragraph is compared with this many most recent earlier ones
_MERSENNE = (1 << 31) - 1
_BOOT_CELLS = 4_000_000  # bootstrap replicates are drawn in chunks of at most this many (replicate, row) cells

COUNTS_SCHEMA_YEAR = pl.Schema({"group": pl.Int32(), "term": pl.String(), "n": pl.Int64()})
COUNTS_SCHEMA_DOC = pl.Schema({"group": pl.String(), "term": pl.String(), "n": pl.Int64()})
LOG_ODDS_SCHEMA = pl.Schema(
    {
        "term": pl.String(),
        "n_a": pl.Int64(),
        "n_b": pl.Int64(),
        "delta": pl.Float64(),
        "variance": pl.Float64(),
        "z": pl.Float64(),
    }
)
WORD_SHIFT_SCHEMA = pl.Schema(
    {
        "term": pl.String(),
        "p_a": pl.Float64(),
        "p_b": pl.Float64(),
        "contribution": pl.Float64(),
        "direction": pl.String(),
    }
)
DIVERGENCE_SCHEMA = pl.Schema(
    {
        "year_a": pl.Int32(),
        "year_b": pl.Int32(),
        "jsd": pl.Float64(),
        "ci_low": pl.Float64(),
        "ci_high": pl.Float64(),
    }
)
TOP_SHIFTS_SCHEMA = pl.Schema(
    {
        "year": pl.Int32(),
        "rank": pl.Int32(),
        "term": pl.String(),
        "z": pl.Float64(),
        "z_year": pl.Float64(),
        "delta": pl.Float64(),
        "n_prev": pl.Int32(),
        "n_year": pl.Int32(),
        "n_next": pl.Int32(),
        "direction": pl.String(),
        "is_new": pl.Boolean(),
        "is_significant": pl.Boolean(),
        "evidence": pl.List(pl.String()),
    }
)
CARRY_SCHEMA = pl.Schema(
    {
        "doc_id": pl.String(),
        "para_id": pl.String(),
        "source_doc_id": pl.String(),
        "source_para_id": pl.String(),
        "similarity": pl.Float64(),
        "is_carried": pl.Boolean(),
    }
)
NOVELTY_SCHEMA = pl.Schema(
    {
        "doc_id": pl.String(),
        "year": pl.Int32(),
        "n_paragraphs": pl.Int32(),
        "n_carried": pl.Int32(),
        "share_novel": pl.Float64(),
    }
)
PRIORITY_CHANGES_SCHEMA = pl.Schema(
    {
        "year": pl.Int32(),
        "chair": pl.String(),
        "chair_theme": pl.String(),
        "priority_text": pl.String(),
        "change": pl.String(),
        "matched_text": pl.String(),
        "similarity": pl.Float64(),
    }
)


# --------------------------------------------------------------------------------------------------------------
# Validation helpers


def _check_int(name: str, value: object, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ParameterError(f"{name}={value!r} is not accepted; use an integer >= {minimum}")
    return value


def _check_unit_interval(name: str, value: object, *, closed_high: bool = True) -> float:
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else math.nan
    inside = 0.0 < number <= 1.0 if closed_high else 0.0 < number < 1.0
    if not inside:
        accepted = "a number in (0, 1]" if closed_high else "a number strictly between 0 and 1"
        raise ParameterError(f"{name}={value!r} is not accepted; use {accepted}")
    return float(number)


def _check_positive(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise ParameterError(f"{name}={value!r} is not accepted; use a finite number > 0")
    return float(value)


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ParameterError(f"{name}={value!r} is not accepted; use one of {list(choices)}")


def _documents_years(documents: pl.DataFrame) -> pl.DataFrame:
    """``doc_id, year`` of every statement (doc_id unique)."""
    _require_columns(documents, ("doc_id", "year"), table="documents")
    known = documents.select(pl.col("doc_id").cast(pl.String), pl.col("year").cast(pl.Int32))
    n_dupes = known.height - known.get_column("doc_id").n_unique()
    if n_dupes:
        raise SchemaError(f"documents: doc_id is not unique ({n_dupes} duplicate row(s)); one row per statement")
    return known


# --------------------------------------------------------------------------------------------------------------
# Paragraph × term matrix


@dataclass(frozen=True)
class _Matrix:
    """Paragraph rows (``doc_id, para_id, year``, sorted by year, doc_id, para_id) and their term counts."""

    rows: pl.DataFrame
    counts: sparse.csr_matrix  # paragraphs × terms, int64 counts
    vocabulary: NDArray[np.str_]

    @property
    def years(self) -> NDArray[np.int64]:
        return self.rows.get_column("year").to_numpy().astype(np.int64)


def _paragraph_matrix(paragraphs: pl.DataFrame, documents: pl.DataFrame, *, exclude: Collection[str] | None) -> _Matrix:
    """The paragraph-level rows with a year and their term counts (the topic model's analyser, no pruning)."""
    rows = _paragraph_rows(paragraphs)
    if exclude is not None:
        if isinstance(exclude, str):
            raise ParameterError(f"exclude={exclude!r} is not accepted; give a collection of para_ids, not a string")
        rows = rows.filter(~pl.col("para_id").is_in(list(exclude)))
    known = _documents_years(documents)
    unknown = rows.join(known, on="doc_id", how="anti").get_column("doc_id").unique().sort().to_list()
    if unknown:
        raise SchemaError(
            f"paragraphs: doc_id(s) {unknown[:5]} are not in documents; every paragraph needs its statement"
        )
    rows = rows.join(known, on="doc_id", how="left")
    yearless = rows.filter(pl.col("year").is_null()).get_column("doc_id").unique().sort().to_list()
    if yearless:
        log.warning("statements without a year are left out of the shift analysis: %s", yearless)
    rows = rows.filter(pl.col("year").is_not_null()).sort("year", "doc_id", "para_id")
    texts = rows.get_column("text").to_list()
    rows = rows.select("doc_id", "para_id", "year")
    empty = _Matrix(rows, sparse.csr_matrix((rows.height, 0), dtype=np.int64), np.asarray([], dtype=np.str_))
    if not texts:
        return empty
    vectorizer = _vectorizer("lda", min_df=1, max_df=1.0)
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # every paragraph is made of stop words only
        return empty
    vocabulary = np.asarray(vectorizer.get_feature_names_out(), dtype=np.str_)
    return _Matrix(rows, sparse.csr_matrix(counts, dtype=np.int64), vocabulary)


def _group_sums(matrix: sparse.csr_matrix, codes: NDArray[np.int64], n_groups: int) -> NDArray[np.int64]:
    """``(n_groups, n_terms)`` column sums of the rows of each group."""
    n_rows = matrix.shape[0]
    members = sparse.csr_matrix((np.ones(n_rows, dtype=np.int64), (codes, np.arange(n_rows))), shape=(n_groups, n_rows))
    return np.asarray((members @ matrix).toarray(), dtype=np.int64)


def term_counts(
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    by: By = "year",
    exclude: Collection[str] | None = None,
    count: CountUnit = "tokens",
) -> pl.DataFrame:
    """How often each term occurs per year or per statement.

    Terms are those of the topic model (:func:`ascc_analysis.analysis.topics.analyse_text`): lower-cased unigrams and
    bigrams after the English and ASEAN stop words, with no frequency pruning, so that one tokeniser serves the
    whole project.

    Args:
        paragraphs: The ``paragraphs`` table (at least ``doc_id, para_id, level, text``); rows with ``level ==
            "paragraph"`` are counted (their text includes their sub-items).
        documents: The ``documents`` table (at least ``doc_id, year``); statements without a year are left out.
        by: ``"year"`` or ``"doc_id"``: what a group is.
        exclude: para_ids to leave out, for example the carried-over paragraphs of :func:`carry_over` to count
            novel text only.
        count: ``"tokens"`` (occurrences) or ``"paragraphs"`` (paragraphs holding the term).

    Returns:
        ``group`` (Int32 year, or String doc_id), ``term`` (String), ``n`` (Int64, > 0), sorted by group and term.

    Raises:
        ParameterError: ``by``, ``count`` or ``exclude`` has a value that is not accepted.
        SchemaError: A table lacks a needed column, or a paragraph's statement is not in ``documents``.
    """
    _check_choice("by", by, get_args(By))
    _check_choice("count", count, get_args(CountUnit))
    matrix = _paragraph_matrix(paragraphs, documents, exclude=exclude)
    schema = COUNTS_SCHEMA_YEAR if by == "year" else COUNTS_SCHEMA_DOC
    if matrix.rows.is_empty() or matrix.vocabulary.size == 0:
        return pl.DataFrame(schema=schema)
    values = matrix.counts if count == "tokens" else (matrix.counts > 0).astype(np.int64)
    keys = matrix.rows.get_column(by).unique().sort()
    codes = matrix.rows.get_column(by).rank("dense").to_numpy().astype(np.int64) - 1
    sums = sparse.coo_matrix(_group_sums(sparse.csr_matrix(values), codes, len(keys)))
    frame = pl.DataFrame(
        {
            "group": keys.gather(sums.row.astype(np.int64)),
            "term": pl.Series(matrix.vocabulary[sums.col], dtype=pl.String),
            "n": pl.Series(sums.data, dtype=pl.Int64),
        }
    )
    return frame.cast(schema).sort("group", "term")


# --------------------------------------------------------------------------------------------------------------
# Two groups: log-odds, word shift, Jensen–Shannon


def _check_counts(counts: pl.DataFrame) -> None:
    _require_columns(counts, ("group", "term", "n"), table="counts")
    if counts.is_empty():
        raise ParameterError("counts is empty; give the (group, term, n) frame of term_counts on a non-empty corpus")


def _pair(
    counts: pl.DataFrame, group_a: object, group_b: object
) -> tuple[NDArray[np.str_], NDArray[np.float64], NDArray[np.float64]]:
    """Terms of either group, with their counts in a and in b."""
    _check_counts(counts)
    groups = counts.get_column("group").unique().sort().to_list()
    for name, group in (("group_a", group_a), ("group_b", group_b)):
        if group not in groups:
            shown = groups if len(groups) <= 20 else [*groups[:20], "..."]
            raise ParameterError(f"{name}={group!r} is not a group of counts; groups are {shown}")
    if group_a == group_b:
        raise ParameterError(f"group_a and group_b are both {group_a!r}; compare two different groups")
    two = counts.filter(pl.col("group").is_in([group_a, group_b]))
    wide = (
        two.group_by("term")
        .agg(
            pl.col("n").filter(pl.col("group").eq(group_a)).sum().alias("a"),
            pl.col("n").filter(pl.col("group").eq(group_b)).sum().alias("b"),
        )
        .sort("term")
    )
    return (
        wide.get_column("term").to_numpy().astype(np.str_),
        wide.get_column("a").to_numpy().astype(np.float64),
        wide.get_column("b").to_numpy().astype(np.float64),
    )


def log_odds(
    counts: pl.DataFrame,
    group_a: object,
    group_b: object,
    *,
    prior_scale: float = DEFAULT_PRIOR_SCALE,
) -> pl.DataFrame:
    """Weighted log-odds ratio of each term, group b against group a, with an informative Dirichlet prior.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words", eqs. 16–22. With y_w^g the count of term w in group g,
    n_g = Σ_w y_w^g, and the prior taken from all groups of ``counts``::

        α_0 = prior_scale · (n_a + n_b) / 2          α_w = α_0 · y_w^all / n_all
        δ_w = log[(y_w^b + α_w) / (n_b + α_0 − y_w^b − α_w)] − log[(y_w^a + α_w) / (n_a + α_0 − y_w^a − α_w)]
        σ²_w ≈ 1 / (y_w^b + α_w) + 1 / (y_w^a + α_w)          z_w = δ_w / σ_w

    A positive z means the term is more frequent in b. The variance assumes tokens are drawn independently; in
    short statements a term's tokens cluster in paragraphs, so |z| of 4–6 occur between years where nothing
    changed: use :func:`top_shifts` for calibrated year-on-year shifts.

    Args:
        counts: ``group, term, n`` (:func:`term_counts`).
        group_a: The reference group (for example the earlier year).
        group_b: The group compared with it.
        prior_scale: Weight of the prior in mean group sizes (> 0); 1 lets the prior count as much as one group.

    Returns:
        ``term, n_a, n_b, delta, variance, z`` for every term of a or b, sorted by z (descending), then term.

    Raises:
        ParameterError: ``counts`` is empty, a group is not in it, the groups are equal, or ``prior_scale`` is not
            a finite number > 0.
        SchemaError: ``counts`` lacks a column.
    """
    scale = _check_positive("prior_scale", prior_scale)
    terms, y_a, y_b = _pair(counts, group_a, group_b)
    totals = counts.group_by("term").agg(pl.col("n").sum()).sort("term")
    all_terms = totals.get_column("term").to_numpy().astype(np.str_)
    all_n = totals.get_column("n").to_numpy().astype(np.float64)
    y_all = all_n[np.searchsorted(all_terms, terms)]
    n_a, n_b = float(y_a.sum()), float(y_b.sum())
    alpha_0 = scale * (n_a + n_b) / 2.0
    alpha = alpha_0 * y_all / float(all_n.sum())
    delta = np.log((y_b + alpha) / (n_b + alpha_0 - y_b - alpha)) - np.log(
        (y_a + alpha) / (n_a + alpha_0 - y_a - alpha)
    )
    variance = 1.0 / (y_b + alpha) + 1.0 / (y_a + alpha)
    frame = pl.DataFrame(
        {
            "term": pl.Series(terms, dtype=pl.String),
            "n_a": y_a.astype(np.int64),
            "n_b": y_b.astype(np.int64),
            "delta": delta,
            "variance": variance,
            "z": delta / np.sqrt(variance),
        }
    )
    return frame.sort(["z", "term"], descending=[True, False]).cast(LOG_ODDS_SCHEMA)


def _jsd_parts(y_a: NDArray[np.float64], y_b: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
    """p_a, p_b and each term's contribution to JSD (base 2); counts may be 2-D (replicates × terms)."""
    p_a = y_a / np.sum(y_a, axis=-1, keepdims=True)
    p_b = y_b / np.sum(y_b, axis=-1, keepdims=True)
    m = (p_a + p_b) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        part_a = np.where(p_a > 0, p_a * np.log2(p_a / m), 0.0)
        part_b = np.where(p_b > 0, p_b * np.log2(p_b / m), 0.0)
    return p_a, p_b, (part_a + part_b) / 2.0


def word_shift(counts: pl.DataFrame, group_a: object, group_b: object) -> pl.DataFrame:
    """Each term's contribution to the Jensen–Shannon divergence between two groups.

    With p_a, p_b the term distributions of the two groups and m = (p_a + p_b) / 2::

        JSD(a, b) = Σ_w c_w,   c_w = ½ p_a(w) log₂(p_a(w) / m(w)) + ½ p_b(w) log₂(p_b(w) / m(w))  ≥ 0

    (terms with p = 0 contribute 0 on that side). The contributions sum exactly to :func:`jensen_shannon`, which
    lies in [0, 1] in base 2.

    Args:
        counts: ``group, term, n`` (:func:`term_counts`).
        group_a: The reference group.
        group_b: The group compared with it.

    Returns:
        ``term, p_a, p_b, contribution, direction`` (``"rising"`` where p_b > p_a, else ``"falling"``), for every
        term of a or b, sorted by contribution (descending), then term.

    Raises:
        ParameterError: ``counts`` is empty, a group is not in it, or the groups are equal.
        SchemaError: ``counts`` lacks a column.
    """
    terms, y_a, y_b = _pair(counts, group_a, group_b)
    p_a, p_b, contribution = _jsd_parts(y_a, y_b)
    frame = pl.DataFrame(
        {
            "term": pl.Series(terms, dtype=pl.String),
            "p_a": p_a,
            "p_b": p_b,
            "contribution": contribution,
            "direction": np.where(p_b > p_a, "rising", "falling"),
        }
    )
    return frame.sort(["contribution", "term"], descending=[True, False]).cast(WORD_SHIFT_SCHEMA)


def jensen_shannon(counts: pl.DataFrame, group_a: object, group_b: object) -> float:
    """Jensen–Shannon divergence (base 2, in [0, 1]) between the term distributions of two groups.

    ``JSD(a, b) = ½ KL(p_a ‖ m) + ½ KL(p_b ‖ m)``, m = (p_a + p_b) / 2; the sum of :func:`word_shift`'s
    contributions.

    Raises:
        ParameterError: ``counts`` is empty, a group is not in it, or the groups are equal.
        SchemaError: ``counts`` lacks a column.
    """
    _, y_a, y_b = _pair(counts, group_a, group_b)
    return float(np.sum(_jsd_parts(y_a, y_b)[2]))


def consecutive_divergence(
    counts: pl.DataFrame,
    *,
    paragraphs: pl.DataFrame | None = None,
    documents: pl.DataFrame | None = None,
    exclude: Collection[str] | None = None,
    n_boot: int = 200,
    ci: float = 0.95,
    seed: int = 0,
) -> pl.DataFrame:
    """Jensen–Shannon divergence between each year and the previous year, with a bootstrap interval.

    The point value is :func:`jensen_shannon` on ``counts`` (groups are years). The interval needs the paragraphs:
    when ``paragraphs`` and ``documents`` are given, each of ``n_boot`` replicates resamples paragraphs with
    replacement within each statement of the two years (as :func:`ascc_analysis.analysis.topics.theme_shares` does) and
    recomputes the divergence; the interval is the percentile interval. A plug-in JSD is biased upwards in small
    samples (a resample repeats paragraphs), so the interval can lie above the point value; compare years by their
    intervals, not against zero. Without paragraphs the interval columns are null.

    Args:
        counts: ``group, term, n`` by year (:func:`term_counts` with ``by="year"``).
        paragraphs: The ``paragraphs`` table the counts came from, for the interval.
        documents: The ``documents`` table, for the interval.
        exclude: The para_ids left out of ``counts``, if any (to resample the same paragraphs).
        n_boot: Bootstrap replicates (>= 1).
        ci: Confidence level of the interval, in (0, 1).
        seed: Seed of the bootstrap.

    Returns:
        ``year_a, year_b, jsd, ci_low, ci_high``, one row per pair of consecutive years of ``counts``, sorted.

    Raises:
        ParameterError: ``counts`` is empty or its groups are not years, only one of ``paragraphs`` and
            ``documents`` is given, or ``n_boot`` or ``ci`` is not accepted.
        SchemaError: A table lacks a needed column.
    """
    _check_counts(counts)
    _check_int("n_boot", n_boot, minimum=1)
    level = _check_unit_interval("ci", ci, closed_high=False)
    if not counts.schema["group"].is_integer():
        raise ParameterError(f"counts groups are {counts.schema['group']}, not years; use term_counts(by='year')")
    if (paragraphs is None) != (documents is None):
        raise ParameterError("give both paragraphs and documents for the interval, or neither")
    years = counts.get_column("group").unique().sort().to_list()
    rows: list[tuple[int, int, float, float | None, float | None]] = []
    matrix = (
        None if paragraphs is None or documents is None else _paragraph_matrix(paragraphs, documents, exclude=exclude)
    )
    rng = np.random.default_rng(seed)
    for year_a, year_b in itertools.pairwise(years):
        jsd = jensen_shannon(counts, year_a, year_b)
        low: float | None = None
        high: float | None = None
        if matrix is not None:
            replicates = _bootstrap_jsd(matrix, year_a, year_b, n_boot=n_boot, rng=rng)
            if replicates.size:
                alpha = (1.0 - level) / 2.0
                low, high = (float(value) for value in np.quantile(replicates, [alpha, 1.0 - alpha]))
        rows.append((int(year_a), int(year_b), jsd, low, high))
    return pl.DataFrame(rows, schema=DIVERGENCE_SCHEMA, orient="row")


def _resampled_counts(
    matrix: sparse.csr_matrix, doc_ids: pl.Series, n_boot: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    """``(n_boot, n_terms)`` term counts of resamples of the rows within statements (rows grouped by doc)."""
    starts, sizes = _strata(doc_ids.rank("dense").to_numpy().astype(np.int64))
    n_rows = matrix.shape[0]
    chunk = max(1, _BOOT_CELLS // max(n_rows, 1))
    result = np.empty((n_boot, matrix.shape[1]))
    for first in range(0, n_boot, chunk):
        n_draws = min(chunk, n_boot - first)
        draws = _stratified_draws(starts, sizes, n_draws, rng)
        flat = (draws + (np.arange(n_draws) * n_rows)[:, None]).ravel()
        multiplicity = np.bincount(flat, minlength=n_draws * n_rows).reshape(n_draws, n_rows).astype(np.float64)
        result[first : first + n_draws] = (sparse.csr_matrix(multiplicity) @ matrix).toarray()
    return result


def _bootstrap_jsd(
    matrix: _Matrix, year_a: int, year_b: int, *, n_boot: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    years = matrix.years
    indexes = [np.flatnonzero(years == year) for year in (year_a, year_b)]
    if any(index.size == 0 for index in indexes):
        return np.asarray([], dtype=np.float64)
    # only the terms of the two years can contribute
    used = np.flatnonzero(np.asarray(matrix.counts[np.concatenate(indexes)].sum(axis=0)).ravel() > 0)
    replicates = []
    for index in indexes:
        rows = matrix.rows[index.tolist()]
        counts = matrix.counts[index][:, used]
        replicates.append(_resampled_counts(counts, rows.get_column("doc_id"), n_boot, rng))
    counts_a, counts_b = replicates
    keep = (counts_a.sum(axis=1) > 0) & (counts_b.sum(axis=1) > 0)
    return np.asarray(_jsd_parts(counts_a[keep], counts_b[keep])[2].sum(axis=1), dtype=np.float64)


# --------------------------------------------------------------------------------------------------------------
# Calibrated year-on-year term shifts


def _binomial_z(k: NDArray[np.float64], n: float, rate: NDArray[np.float64]) -> NDArray[np.float64]:
    """Signed normal score of k paragraphs out of n under Binomial(n, rate): the upper tail P(X ≥ k) when that is
    the smaller tail (z > 0), else the lower tail P(X ≤ k) (z < 0); 0 when neither tail is below one half."""
    upper = np.minimum(stats.binom.sf(k - 1, n, rate), 0.5)
    lower = np.minimum(stats.binom.cdf(k, n, rate), 0.5)
    with np.errstate(divide="ignore"):
        z = np.where(upper < lower, stats.norm.isf(upper), stats.norm.ppf(lower))
    return np.asarray(
        np.clip(np.nan_to_num(z, nan=0.0, posinf=_Z_CLIP, neginf=-_Z_CLIP), -_Z_CLIP, _Z_CLIP), dtype=np.float64
    )


@dataclass(frozen=True)
class _YearCounts:
    """Paragraph counts per year: ``present[i, w]`` paragraphs of year i holding term w, ``sizes[i]`` paragraphs."""

    years: list[int]
    present: NDArray[np.float64]
    sizes: NDArray[np.float64]


def _year_counts(presence: sparse.csr_matrix, years: NDArray[np.int64]) -> _YearCounts:
    keys, codes = np.unique(years, return_inverse=True)
    present = _group_sums(presence, codes.astype(np.int64), len(keys)).astype(np.float64)
    sizes = np.bincount(codes, minlength=len(keys)).astype(np.float64)
    return _YearCounts([int(key) for key in keys], present, sizes)


@dataclass(frozen=True)
class _Scores:
    z: NDArray[np.float64]
    z_year: NDArray[np.float64]
    delta: NDArray[np.float64]
    n_next: NDArray[np.float64] | None


def _shift_scores(
    counts: _YearCounts, index_a: int, index_b: int, *, prior_scale: float, floor: float, persistence: bool
) -> _Scores:
    """Scores of every term for year ``index_b`` against ``index_a`` (see :func:`top_shifts`)."""
    past_present = counts.present[:index_b].sum(axis=0)
    past_size = float(counts.sizes[:index_b].sum())
    prior_rate = (past_present + floor) / (past_size + 2.0 * floor)
    n_a = float(counts.sizes[index_a])
    alpha_0 = prior_scale * n_a
    baseline = np.clip((counts.present[index_a] + alpha_0 * prior_rate) / (n_a + alpha_0), _EPS, 1.0 - _EPS)
    k, n_b = counts.present[index_b], float(counts.sizes[index_b])
    z_year = _binomial_z(k, n_b, baseline)
    smoothed = np.clip((k + alpha_0 * prior_rate) / (n_b + alpha_0), _EPS, 1.0 - _EPS)
    delta = np.log(smoothed / (1.0 - smoothed)) - np.log(baseline / (1.0 - baseline))
    z = z_year
    n_next = None
    if persistence and index_b + 1 < len(counts.years):
        n_next = counts.present[index_b + 1]
        z_next = _binomial_z(n_next, float(counts.sizes[index_b + 1]), baseline)
        z = np.where(
            z_year > 0, np.minimum(z_year, np.maximum(z_next, 0.0)), np.maximum(z_year, np.minimum(z_next, 0.0))
        )
    return _Scores(z, z_year, delta, n_next)


def _collocations(vocabulary: NDArray[np.str_], totals: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Unigrams, and bigrams whose Dice coefficient 2·n(w1 w2) / (n(w1) + n(w2)) reaches COLLOCATION_DICE."""
    index = {str(term): position for position, term in enumerate(vocabulary)}
    keep = np.ones(vocabulary.size, dtype=bool)
    for position, term in enumerate(vocabulary):
        words = str(term).split()
        if len(words) == 2:
            left, right = (totals[index[word]] if word in index else 0.0 for word in words)
            keep[position] = 2.0 * totals[position] >= COLLOCATION_DICE * (left + right)
    return keep


def _pick(vocabulary: NDArray[np.str_], z: NDArray[np.float64], eligible: NDArray[np.bool_], n: int) -> list[int]:
    """The ``n`` terms of largest |z|, phrases before their words on ties, skipping a term that shares a word with
    one already picked."""
    lengths = np.asarray([len(str(term).split()) for term in vocabulary])
    candidates = np.flatnonzero(eligible)
    order = candidates[np.lexsort((vocabulary[candidates], -lengths[candidates], -np.round(np.abs(z[candidates]), 9)))]
    picked: list[int] = []
    used: set[str] = set()
    for position in order:
        words = set(str(vocabulary[position]).split())
        if words & used:
            continue
        picked.append(int(position))
        used |= words
        if len(picked) == n:
            break
    return picked


def top_shifts(
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    n: int = 5,
    exclude: Collection[str] | None = None,
    threshold: float | None = None,
    seed: int = 0,
    prior_scale: float = DEFAULT_PRIOR_SCALE,
    floor: float = DEFAULT_FLOOR,
    persistence: bool = True,
    min_delta: float = DEFAULT_MIN_DELTA,
) -> pl.DataFrame:
    """The terms that rose or fell most in each year against the previous year, with calibrated significance.

    **Counts.** For each year b (years with paragraphs, in order; a is the previous such year), k_w is the number
    of paragraphs of b that hold term w and n_b the number of paragraphs of b. Paragraphs, not tokens, are counted:
    a term repeated within one paragraph is one piece of evidence.

    **Baseline** (the informative prior). The previous year's paragraph share of w, shrunk towards its share in
    the whole past P (every year before b), with a floor for terms never seen::

        r_w = (k_w^P + φ) / (n_P + 2φ)                      (prior share; φ = ``floor`` pseudo-paragraphs)
        α_0 = prior_scale · n_a
        π_w = (k_w^a + α_0 r_w) / (n_a + α_0)              (baseline share of w in year b)

    (φ pseudo-paragraphs with the term and φ without). A term never seen before keeps a share of about φ / (2 n_P),
    which falls as the past grows: a term absent for ten years and then in five paragraphs is a surprise, one absent
    last year but common before is not.

    **Score.** ``z_year`` is the normal score of k_w under Binomial(n_b, π_w): Φ⁻¹(1 − P(X ≥ k_w)) when the upper
    tail is the smaller one (rising), Φ⁻¹(P(X ≤ k_w)) otherwise (falling). With ``persistence`` a shift must
    hold in the following year c: ``z = min(z_year, max(z_c, 0))`` for a rise and ``max(z_year, min(z_c, 0))``
    for a fall, with z_c the score of year c's count against the same baseline (the last year is scored on
    z_year alone). ``delta`` is the log-odds ratio logit((k_w + α_0 r_w) / (n_b + α_0)) − logit(π_w).

    **Terms ranked.** Unigrams, and bigrams that are collocations (Dice 2·n(w1 w2) / (n(w1) + n(w2)) ≥ 0.5 over
    all paragraphs, so "coral reefs" but not "work disaster"); per year the ``n`` terms of largest |z| (phrases
    before their words on ties), skipping a term that shares a word with one already listed.

    **Significance**: |z| ≥ ``threshold`` and |delta| ≥ ``min_delta``.

    **Calibration.** Log-odds z-scores between consecutive years reach 4–6 where nothing changed (tokens cluster
    in paragraphs, carried-over paragraphs, a topic absent for a year, a rare word's first use). The score above
    was calibrated against the null years of planted corpora, where the truth is known
    (:func:`ascc_analysis.testing.planted.generate_corpus` with the default :class:`~ascc_analysis.testing.planted.
    PlantedSpec`: 24 statements over 2009–2020, two planted shifts, ten null years; seeds 0–19). ``floor`` 0.25,
    ``prior_scale`` 1 and persistence were chosen from a grid (φ 0.25–1, prior 0.5–4 years, with and without
    persistence) as the setting that put both theme terms of every planted shift in the top five of its year
    (40 of 40 shift-years) and had the most planted terms significant at a threshold keeping every corpus but
    one to at most one flagged null year; the null years' largest |z| then has median 2.9 and 90th percentile
    4.1. The threshold 5 is the smallest (in steps
    of 0.25) at which no corpus has more than one null year with a significant term: 2 of the 200 null years are
    flagged, and in 22 of the 40 shift-years a term of the planted shift is significant (the weakest shifts hold
    two or three paragraphs). At 4.5: 8 of 200 null years (one corpus with three) and 31 of 40 shift-years. On
    100-statement corpora (eight statements a year) every planted shift is significant (|z| 7–15) and about one
    null year in ten is flagged: with more text, real drifts the generator also makes (instrument types used for
    the first time, shift terms still spreading through carried-over paragraphs) become significant too. The
    score treats paragraphs as independent draws; check a significant term with :func:`leave_one_statement_out`
    and read its evidence.

    Args:
        paragraphs: The ``paragraphs`` table (at least ``doc_id, para_id, level, text``).
        documents: The ``documents`` table (at least ``doc_id, year``).
        n: Terms listed per year (>= 1).
        exclude: para_ids to leave out (for example the carried-over paragraphs, to rank novel text only).
        threshold: |z| at which a change is significant; None for :data:`DEFAULT_THRESHOLD` (5).
        seed: Accepted for a uniform signature; the score is exact and draws nothing at random.
        prior_scale: Weight of the past in the baseline, in previous-year sizes (> 0).
        floor: Pseudo-paragraphs granted in the past to a term never seen (> 0).
        persistence: Require a shift to hold in the following year.
        min_delta: |delta| a significant change must also reach (>= 0): a small drift in a common term can be
            "significant" in a large corpus without being a shift.

    Returns:
        :data:`TOP_SHIFTS_SCHEMA`: ``year, rank`` (1 = largest |z|), ``term, z, z_year, delta, n_prev, n_year,
        n_next`` (paragraphs holding the term in the previous, this and the next year; n_next null for the last
        year), ``direction`` (``"rising"``/``"falling"``), ``is_new`` (absent the year before), ``is_significant``
        (|z| ≥ threshold and |delta| ≥ min_delta) and ``evidence`` (the para_ids of this year holding the term,
        sorted); sorted by year and rank. The first year has no rows.

    Raises:
        ParameterError: ``n``, ``threshold``, ``prior_scale``, ``floor``, ``min_delta`` or ``exclude`` is not
            accepted.
        SchemaError: A table lacks a needed column, or a paragraph's statement is not in ``documents``.
    """
    del seed  # exact score; kept so that every shift function takes the same keywords
    _check_int("n", n, minimum=1)
    limit = DEFAULT_THRESHOLD if threshold is None else _check_positive("threshold", threshold)
    scale = _check_positive("prior_scale", prior_scale)
    phi = _check_positive("floor", floor)
    if isinstance(min_delta, bool) or not isinstance(min_delta, int | float) or not 0 <= min_delta < math.inf:
        raise ParameterError(f"min_delta={min_delta!r} is not accepted; use a finite number >= 0")
    matrix = _paragraph_matrix(paragraphs, documents, exclude=exclude)
    if matrix.vocabulary.size == 0:
        return pl.DataFrame(schema=TOP_SHIFTS_SCHEMA)
    presence = sparse.csr_matrix((matrix.counts > 0).astype(np.int64))
    counts = _year_counts(presence, matrix.years)
    eligible_terms = _collocations(matrix.vocabulary, counts.present.sum(axis=0))
    presence_csc = presence.tocsc()
    para_ids = matrix.rows.get_column("para_id").to_numpy()
    row_years = matrix.years
    records: list[dict[str, object]] = []
    for index_b in range(1, len(counts.years)):
        year = counts.years[index_b]
        scores = _shift_scores(counts, index_b - 1, index_b, prior_scale=scale, floor=phi, persistence=persistence)
        present_either = (counts.present[index_b] + counts.present[index_b - 1]) > 0
        for rank, term in enumerate(_pick(matrix.vocabulary, scores.z, eligible_terms & present_either, n), start=1):
            column = presence_csc[:, term]
            holders = column.nonzero()[0]
            evidence = sorted(str(para_ids[row]) for row in holders if row_years[row] == year)
            z = float(scores.z[term])
            records.append(
                {
                    "year": year,
                    "rank": rank,
                    "term": str(matrix.vocabulary[term]),
                    "z": z,
                    "z_year": float(scores.z_year[term]),
                    "delta": float(scores.delta[term]),
                    "n_prev": int(counts.present[index_b - 1, term]),
                    "n_year": int(counts.present[index_b, term]),
                    "n_next": None if scores.n_next is None else int(scores.n_next[term]),
                    "direction": "rising" if z > 0 or (z == 0 and scores.z_year[term] >= 0) else "falling",
                    "is_new": bool(counts.present[index_b - 1, term] == 0),
                    "is_significant": abs(z) >= limit and abs(float(scores.delta[term])) >= min_delta,
                    "evidence": evidence,
                }
            )
    if not records:
        return pl.DataFrame(schema=TOP_SHIFTS_SCHEMA)
    return pl.DataFrame(records, schema=TOP_SHIFTS_SCHEMA).sort("year", "rank")


# --------------------------------------------------------------------------------------------------------------
# Theme and topic shares


def benjamini_hochberg(p_values: Sequence[float] | NDArray[np.float64]) -> NDArray[np.float64]:
    """Benjamini–Hochberg q-values: ``q_(i) = min_{j ≥ i} min(1, m · p_(j) / j)`` over the p-values sorted
    ascending (m of them); returned in the input order.

    Raises:
        ParameterError: A p-value is outside [0, 1] or not a number.
    """
    values = np.asarray(p_values, dtype=np.float64)
    if values.size == 0:
        return values
    if not np.all((values >= 0) & (values <= 1)):
        raise ParameterError(
            f"p-values must lie in [0, 1]; got {values[~((values >= 0) & (values <= 1))][:5].tolist()}"
        )
    order = np.argsort(values, kind="stable")
    m = values.size
    scaled = values[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    q = np.empty(m)
    q[order] = adjusted
    return q


@dataclass(frozen=True)
class _Labelled:
    """Paragraphs (``doc_id, para_id, year``, sorted by year, doc_id, para_id), labels and the 0/1 indicator."""

    rows: pl.DataFrame
    labels: list[str]
    indicator: NDArray[np.float64]


def _labelled(
    paragraph_labels: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    label_col: str,
    paragraphs: pl.DataFrame | None,
) -> _Labelled:
    if not isinstance(label_col, str) or label_col not in paragraph_labels.columns:
        raise ParameterError(
            f"label_col={label_col!r} is not a column of paragraph_labels; columns are {paragraph_labels.columns}"
        )
    _require_columns(paragraph_labels, ("para_id",), table="paragraph_labels")
    tags = paragraph_labels.select(pl.col("para_id").cast(pl.String), pl.col(label_col).cast(pl.String).alias("label"))
    tags = tags.filter(pl.col("label").is_not_null()).unique()
    if paragraphs is not None:
        universe = _paragraph_rows(paragraphs).select("doc_id", "para_id")
    else:
        _require_columns(paragraph_labels, ("doc_id", "para_id"), table="paragraph_labels")
        universe = paragraph_labels.select(pl.col("doc_id").cast(pl.String), pl.col("para_id").cast(pl.String)).unique()
    known = _documents_years(documents)
    unknown = universe.join(known, on="doc_id", how="anti").get_column("doc_id").unique().sort().to_list()
    if unknown:
        raise SchemaError(f"paragraph_labels: doc_id(s) {unknown[:5]} are not in documents")
    rows = (
        universe.join(known, on="doc_id", how="left")
        .filter(pl.col("year").is_not_null())
        .sort("year", "doc_id", "para_id")
    )
    labels = sorted(tags.get_column("label").unique().to_list())
    indicator = np.zeros((rows.height, len(labels)))
    if rows.height and labels:
        cells = tags.join(rows.select("para_id").with_row_index("row"), on="para_id", how="inner").join(
            pl.DataFrame({"label": labels}).with_row_index("col"), on="label", how="inner"
        )
        indicator[cells.get_column("row").to_numpy(), cells.get_column("col").to_numpy()] = 1.0
    return _Labelled(rows, labels, indicator)


def _share_change_arrays(
    labelled: _Labelled, year_a: int, year_b: int, *, n_boot: int, n_perm: int, ci: float, seed: int
) -> dict[str, NDArray[np.float64]]:
    years = labelled.rows.get_column("year").to_numpy()
    index_a, index_b = np.flatnonzero(years == year_a), np.flatnonzero(years == year_b)
    if index_a.size == 0 or index_b.size == 0:
        present = sorted({int(year) for year in years})
        missing = year_a if index_a.size == 0 else year_b
        raise ParameterError(f"year {missing!r} has no labelled paragraphs; years are {present}")
    values_a, values_b = labelled.indicator[index_a], labelled.indicator[index_b]
    share_a, share_b = values_a.mean(axis=0), values_b.mean(axis=0)
    change = share_b - share_a
    rng = np.random.default_rng(seed)
    boot = []
    for index, values in ((index_a, values_a), (index_b, values_b)):
        docs = labelled.rows[index.tolist()].get_column("doc_id")
        boot.append(_resampled_counts(sparse.csr_matrix(values), docs, n_boot, rng) / index.size)
    alpha = (1.0 - ci) / 2.0
    low, high = np.quantile(boot[1] - boot[0], [alpha, 1.0 - alpha], axis=0)
    pooled = np.vstack([values_a, values_b])
    n_a, n_total = index_a.size, pooled.shape[0]
    exceed = np.zeros(len(labelled.labels))
    chunk = max(1, 2_000_000 // n_total)
    for first in range(0, n_perm, chunk):
        size = min(chunk, n_perm - first)
        order = np.argsort(rng.random((size, n_total)), axis=1)
        in_b = np.zeros((size, n_total))
        np.put_along_axis(in_b, order[:, n_a:], 1.0, axis=1)
        sum_b = in_b @ pooled
        perm_change = sum_b / (n_total - n_a) - (pooled.sum(axis=0) - sum_b) / n_a
        exceed += (np.abs(perm_change) >= np.abs(change) - 1e-12).sum(axis=0)
    return {
        "n_a": np.full(len(labelled.labels), float(n_a)),
        "n_b": np.full(len(labelled.labels), float(n_total - n_a)),
        "share_a": share_a,
        "share_b": share_b,
        "change": change,
        "ci_low": np.asarray(low),
        "ci_high": np.asarray(high),
        "p_value": (1.0 + exceed) / (n_perm + 1.0),
    }


def _share_schema(label_col: str, *, with_q: bool) -> pl.Schema:
    columns: dict[str, pl.DataType] = {
        "year_a": pl.Int32(),
        "year_b": pl.Int32(),
        label_col: pl.String(),
        "n_a": pl.Int32(),
        "n_b": pl.Int32(),
        "share_a": pl.Float64(),
        "share_b": pl.Float64(),
        "change": pl.Float64(),
        "ci_low": pl.Float64(),
        "ci_high": pl.Float64(),
        "p_value": pl.Float64(),
    }
    if with_q:
        columns["q_value"] = pl.Float64()
    return pl.Schema(columns)


def _share_frame(
    labelled: _Labelled, year_a: int, year_b: int, arrays: dict[str, NDArray[np.float64]], *, label_col: str
) -> pl.DataFrame:
    n_labels = len(labelled.labels)
    return pl.DataFrame(
        {
            "year_a": [year_a] * n_labels,
            "year_b": [year_b] * n_labels,
            label_col: labelled.labels,
            **{name: array.tolist() for name, array in arrays.items()},
        }
    ).cast(_share_schema(label_col, with_q=False))


def _check_share_options(n_boot: int, n_perm: int, ci: float) -> float:
    _check_int("n_boot", n_boot, minimum=1)
    _check_int("n_perm", n_perm, minimum=1)
    return _check_unit_interval("ci", ci, closed_high=False)


def share_change(
    paragraph_labels: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    label_col: str,
    year_a: int,
    year_b: int,
    paragraphs: pl.DataFrame | None = None,
    n_boot: int = 1000,
    n_perm: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pl.DataFrame:
    """Change in the share of paragraphs carrying each label between two years, with interval and p-value.

    For a label ℓ and year y with paragraphs P_y: ``share_y(ℓ) = |{p ∈ P_y : p has ℓ}| / |P_y|`` and
    ``change = share_b − share_a``. A paragraph may carry several labels (themes) or one (its dominant topic).

    * Interval: percentile interval of the change over ``n_boot`` replicates that resample paragraphs with
      replacement within each statement of each year.
    * p-value: two-sided permutation test; the year of each paragraph of the two years is shuffled ``n_perm``
      times (the year sizes kept) and ``p = (1 + #{|change_perm| ≥ |change|}) / (n_perm + 1)``. Paragraphs, not
      statements, are permuted: with one or two statements a year there are too few statement permutations.

    Args:
        paragraph_labels: One row per paragraph and label, with ``para_id``, ``label_col`` and (unless
            ``paragraphs`` is given) ``doc_id``: ``paragraph_themes`` (label_col ``"theme_id"``), or the dominant
            topic per paragraph (label_col ``"topic_id"``).
        documents: The ``documents`` table (at least ``doc_id, year``).
        label_col: The label column.
        year_a: The earlier year.
        year_b: The later year.
        paragraphs: The ``paragraphs`` table: when given, its ``level == "paragraph"`` rows are the paragraphs
            (unlabelled ones count in the denominators); otherwise the paragraphs of ``paragraph_labels``.
        n_boot: Bootstrap replicates (>= 1).
        n_perm: Permutations (>= 1).
        ci: Confidence level of the interval, in (0, 1).
        seed: Seed of the bootstrap and the permutations.

    Returns:
        ``year_a, year_b, <label_col>, n_a, n_b`` (paragraphs), ``share_a, share_b, change, ci_low, ci_high,
        p_value``, one row per label, sorted by label.

    Raises:
        ParameterError: ``label_col`` is not a column, a year has no paragraphs, the years are equal, or an option
            is not accepted.
        SchemaError: A table lacks a needed column, or a statement is not in ``documents``.
    """
    level = _check_share_options(n_boot, n_perm, ci)
    if year_a == year_b:
        raise ParameterError(f"year_a and year_b are both {year_a!r}; compare two different years")
    labelled = _labelled(paragraph_labels, documents, label_col=label_col, paragraphs=paragraphs)
    if not labelled.labels:
        return pl.DataFrame(schema=_share_schema(label_col, with_q=False))
    arrays = _share_change_arrays(labelled, year_a, year_b, n_boot=n_boot, n_perm=n_perm, ci=level, seed=seed)
    return _share_frame(labelled, year_a, year_b, arrays, label_col=label_col)


def share_changes(
    paragraph_labels: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    label_col: str,
    paragraphs: pl.DataFrame | None = None,
    n_boot: int = 1000,
    n_perm: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pl.DataFrame:
    """:func:`share_change` for every pair of consecutive years and every label, with Benjamini–Hochberg q-values.

    The q-values (:func:`benjamini_hochberg`) control the false discovery rate over all rows (every year pair and
    label). Each pair draws from its own generator seeded by ``(seed, year_b)``, so adding a year does not change
    the others' intervals.

    Returns:
        The columns of :func:`share_change` and ``q_value``, sorted by year_a and label.

    Raises:
        ParameterError: ``label_col`` is not a column, or an option is not accepted.
        SchemaError: A table lacks a needed column, or a statement is not in ``documents``.
    """
    level = _check_share_options(n_boot, n_perm, ci)
    labelled = _labelled(paragraph_labels, documents, label_col=label_col, paragraphs=paragraphs)
    years = sorted({int(year) for year in labelled.rows.get_column("year").to_list()})
    schema = _share_schema(label_col, with_q=True)
    if not labelled.labels or len(years) < 2:
        return pl.DataFrame(schema=schema)
    frames = []
    for year_a, year_b in itertools.pairwise(years):
        arrays = _share_change_arrays(
            labelled,
            year_a,
            year_b,
            n_boot=n_boot,
            n_perm=n_perm,
            ci=level,
            seed=int(np.random.SeedSequence([seed, year_b]).generate_state(1)[0]),
        )
        frames.append(_share_frame(labelled, year_a, year_b, arrays, label_col=label_col))
    frame = pl.concat(frames)
    q = benjamini_hochberg(frame.get_column("p_value").to_numpy())
    return frame.with_columns(pl.Series("q_value", q, dtype=pl.Float64)).sort("year_a", label_col).cast(schema)


def leave_one_statement_out(
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    year_a: int,
    year_b: int,
    term: str | None = None,
    paragraph_labels: pl.DataFrame | None = None,
    label_col: str | None = None,
    label: str | None = None,
    exclude: Collection[str] | None = None,
    threshold: float | None = None,
    alpha: float = 0.05,
    n_boot: int = 200,
    n_perm: int = 1000,
    seed: int = 0,
) -> pl.DataFrame:
    """Recompute a shift without each statement of the two years in turn, and flag a shift one statement carries.

    Give either ``term`` (a term shift, scored as in :func:`top_shifts` for year_b against year_a, with the same
    prior and persistence; significant when |z| ≥ ``threshold``) or ``paragraph_labels``, ``label_col`` and
    ``label`` (a share change, as in :func:`share_change`; significant when p < ``alpha``). For every statement of
    year_a and year_b the shift is recomputed without that statement's paragraphs.

    A drop **breaks** the shift when the shift was significant with all statements and is not without this one,
    or when the sign of the estimate flips. The shift is **fragile** when any drop breaks it.

    Returns:
        One row per dropped statement: ``doc_id, year, estimate`` (z, or change in share, without it),
        ``is_significant, breaks``, plus ``full_estimate, full_significant`` (with every statement) and
        ``fragile`` (the same on every row), sorted by year and doc_id.

    Raises:
        ParameterError: Neither or both kinds of shift are given, a year has no paragraphs, or an option is not
            accepted.
        SchemaError: A table lacks a needed column.
    """
    by_term = term is not None
    by_label = paragraph_labels is not None or label_col is not None or label is not None
    if by_term == by_label:
        raise ParameterError("give either term=... or paragraph_labels=..., label_col=... and label=..., not both")
    if by_label and (paragraph_labels is None or label_col is None or label is None):
        raise ParameterError("a share shift needs paragraph_labels, label_col and label together")
    if year_a == year_b:
        raise ParameterError(f"year_a and year_b are both {year_a!r}; compare two different years")
    limit = DEFAULT_THRESHOLD if threshold is None else _check_positive("threshold", threshold)
    level = _check_unit_interval("alpha", alpha, closed_high=False)
    known = _documents_years(documents)
    statements = known.filter(pl.col("year").is_in([year_a, year_b])).sort("year", "doc_id")
    if statements.is_empty():
        raise ParameterError(f"no statement of year {year_a!r} or {year_b!r} in documents")

    def estimate(drop: str | None) -> tuple[float, bool]:
        kept = documents.filter(pl.col("doc_id").cast(pl.String) != drop) if drop is not None else documents
        if by_term:
            assert term is not None
            try:
                return _term_estimate(paragraphs, kept, term, year_a, year_b, exclude=exclude, limit=limit)
            except ParameterError:  # the dropped statement was the only one of its year
                if drop is None:
                    raise
                return 0.0, False
        assert paragraph_labels is not None and label_col is not None and label is not None
        labels = paragraph_labels
        universe = paragraphs
        if drop is not None:
            labels = labels.filter(pl.col("doc_id").cast(pl.String) != drop) if "doc_id" in labels.columns else labels
            universe = paragraphs.filter(pl.col("doc_id").cast(pl.String) != drop)
        labels = labels.filter(
            pl.col("para_id").cast(pl.String).is_in(_paragraph_rows(universe).get_column("para_id").to_list())
        )
        labelled = _labelled(labels, kept, label_col=label_col, paragraphs=universe)
        if label not in labelled.labels:
            return 0.0, False
        try:
            arrays = _share_change_arrays(labelled, year_a, year_b, n_boot=n_boot, n_perm=n_perm, ci=0.95, seed=seed)
        except ParameterError:  # the dropped statement was the only one of its year
            if drop is None:
                raise
            return 0.0, False
        position = labelled.labels.index(label)
        return float(arrays["change"][position]), bool(arrays["p_value"][position] < level)

    full_estimate, full_significant = estimate(None)
    rows = []
    for doc_id, year in statements.select("doc_id", "year").iter_rows():
        value, significant = estimate(doc_id)
        flips = full_estimate != 0 and np.sign(value) != np.sign(full_estimate)
        rows.append(
            {
                "doc_id": doc_id,
                "year": year,
                "estimate": value,
                "is_significant": significant,
                "breaks": bool((full_significant and not significant) or flips),
            }
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "doc_id": pl.String,
            "year": pl.Int32,
            "estimate": pl.Float64,
            "is_significant": pl.Boolean,
            "breaks": pl.Boolean,
        },
    )
    return frame.with_columns(
        pl.lit(full_estimate, dtype=pl.Float64).alias("full_estimate"),
        pl.lit(full_significant, dtype=pl.Boolean).alias("full_significant"),
        pl.lit(bool(frame.get_column("breaks").any()), dtype=pl.Boolean).alias("fragile"),
    ).sort("year", "doc_id")


def _term_estimate(
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    term: str,
    year_a: int,
    year_b: int,
    *,
    exclude: Collection[str] | None,
    limit: float,
) -> tuple[float, bool]:
    """The :func:`top_shifts` score z of ``term`` for year_b against year_a (default prior, floor and persistence),
    and whether it is significant (|z| ≥ limit and |delta| ≥ :data:`DEFAULT_MIN_DELTA`)."""
    paragraphs = paragraphs.filter(
        pl.col("doc_id").cast(pl.String).is_in(documents.get_column("doc_id").cast(pl.String).to_list())
    )
    matrix = _paragraph_matrix(paragraphs, documents, exclude=exclude)
    counts = _year_counts(sparse.csr_matrix((matrix.counts > 0).astype(np.int64)), matrix.years)
    if year_a not in counts.years or year_b not in counts.years:
        present = counts.years
        missing = year_a if year_a not in present else year_b
        raise ParameterError(f"year {missing!r} has no paragraphs; years are {present}")
    positions = np.flatnonzero(matrix.vocabulary == term)
    if positions.size == 0:
        return 0.0, False
    scores = _shift_scores(
        counts,
        counts.years.index(year_a),
        counts.years.index(year_b),
        prior_scale=DEFAULT_PRIOR_SCALE,
        floor=DEFAULT_FLOOR,
        persistence=True,
    )
    z = float(scores.z[positions[0]])
    return z, abs(z) >= limit and abs(float(scores.delta[positions[0]])) >= DEFAULT_MIN_DELTA


# --------------------------------------------------------------------------------------------------------------
# Instruments, bodies, priorities


def _changes(items: pl.DataFrame, years: list[int], *, key: str) -> pl.DataFrame:
    """``year, <key>, change, n_mentions`` from ``year, <key>, n_mentions`` rows (one per year and item)."""
    by_year: dict[int, dict[str, int]] = {year: {} for year in years}
    for year, item, count in items.select("year", key, "n_mentions").iter_rows():
        by_year[int(year)][str(item)] = int(count)
    seen: set[str] = set()
    previous: dict[str, int] = {}
    rows: list[tuple[int, str, str, int]] = []
    for year in years:
        current = by_year[year]
        for item, count in current.items():
            if item in previous:
                change = "continued"
            elif item in seen:
                change = "returned"
            else:
                change = "new"
            rows.append((year, item, change, count))
        rows.extend((year, item, "dropped", 0) for item in previous if item not in current)
        seen |= set(current)
        previous = current
    frame = pl.DataFrame(
        rows, schema={"year": pl.Int32, key: pl.String, "change": pl.String, "n_mentions": pl.Int32}, orient="row"
    )
    return frame.sort("year", key)


def _mention_years(
    mentions: pl.DataFrame, documents: pl.DataFrame, *, key: str, table: str
) -> tuple[pl.DataFrame, list[int]]:
    _require_columns(mentions, ("doc_id", key), table=table)
    known = _documents_years(documents).filter(pl.col("year").is_not_null())
    years = sorted({int(year) for year in known.get_column("year").to_list()})
    counted = (
        mentions.select(pl.col("doc_id").cast(pl.String), pl.col(key).cast(pl.String))
        .filter(pl.col(key).is_not_null())
        .join(known, on="doc_id", how="inner")
        .group_by("year", key)
        .agg(pl.len().cast(pl.Int32).alias("n_mentions"))
    )
    return counted, years


def instrument_changes(
    instrument_mentions: pl.DataFrame, instruments: pl.DataFrame | None, documents: pl.DataFrame
) -> pl.DataFrame:
    """New, continued, dropped and returned instruments per year.

    For each year with statements (in order), with C the instruments mentioned that year, P those of the previous
    year with statements, and E those of any earlier year: ``new`` = C \\ E, ``continued`` = C ∩ P, ``returned`` =
    (C ∩ E) \\ P, ``dropped`` = P \\ C (listed in the year they are missing). The year of a mention is its
    statement's year.

    Args:
        instrument_mentions: ``instrument_mentions`` (at least ``doc_id, instrument_id``; also ``title_text`` when
            ``instruments`` is None).
        instruments: ``instruments`` (``instrument_id, title``) for the canonical titles; None to use the most
            frequent title as written.
        documents: ``documents`` (at least ``doc_id, year``).

    Returns:
        ``year, instrument_id, title, change, n_mentions`` (mentions that year; 0 when dropped), sorted by year and
        instrument_id.

    Raises:
        SchemaError: A table lacks a needed column.
    """
    counted, years = _mention_years(instrument_mentions, documents, key="instrument_id", table="instrument_mentions")
    changes = _changes(counted, years, key="instrument_id")
    if instruments is not None:
        _require_columns(instruments, ("instrument_id", "title"), table="instruments")
        titles = instruments.select(pl.col("instrument_id").cast(pl.String), pl.col("title").cast(pl.String)).unique(
            "instrument_id", keep="first"
        )
    else:
        _require_columns(instrument_mentions, ("instrument_id", "title_text"), table="instrument_mentions")
        titles = (
            instrument_mentions.group_by(pl.col("instrument_id").cast(pl.String), pl.col("title_text").alias("title"))
            .agg(pl.len().alias("count"))
            .sort(["instrument_id", "count", "title"], descending=[False, True, False])
            .unique("instrument_id", keep="first")
            .select("instrument_id", "title")
        )
    joined = changes.join(titles, on="instrument_id", how="left")
    return joined.select("year", "instrument_id", "title", "change", "n_mentions").sort("year", "instrument_id")


def body_changes(body_mentions: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """New, continued, dropped and returned bodies per year, as :func:`instrument_changes` (generic references to
    "sectoral bodies", with a null body_id, are left out).

    Returns:
        ``year, body_id, change, n_mentions``, sorted by year and body_id.

    Raises:
        SchemaError: A table lacks a needed column.
    """
    counted, years = _mention_years(body_mentions, documents, key="body_id", table="body_mentions")
    return _changes(counted, years, key="body_id")


def _best_match(text: str, candidates: Sequence[str]) -> tuple[str | None, float]:
    best, score = None, -1.0
    for candidate in candidates:
        value = fuzz.token_set_ratio(text, candidate, processor=utils.default_process) / 100.0
        if value > score:
            best, score = candidate, value
    return best, max(score, 0.0)


def priority_changes(
    priorities: pl.DataFrame,
    *,
    chairmanships: pl.DataFrame | None = None,
    threshold: float = 0.8,
) -> pl.DataFrame:
    """Chairmanship priority areas compared with the previous year: new, recurring and dropped.

    The priorities of a year are the distinct ``priority_text`` of its statements. Each is matched with the most
    similar priority of the previous year in the table (similarity: rapidfuzz ``token_set_ratio`` / 100 on
    lower-cased, punctuation-free text, so that a reworded or shortened area still matches); it is
    ``recurring`` when the similarity reaches ``threshold``, else ``new``. A priority of the previous year that
    matches none of this year's is listed as ``dropped`` in this year. Every priority of the first year is new.

    Args:
        priorities: ``priorities`` (at least ``year, priority_text``; ``chair``, ``theme``, ``doc_id`` and
            ``priority_no`` are used when present).
        chairmanships: ``year, chair_country, theme`` (:func:`ascc_analysis.ingest.manifest.read_chairmanships`); None
            reads ``resources/chairmanships.csv``.
        threshold: Similarity, in (0, 1], at which two priorities are the same area.

    Returns:
        :data:`PRIORITY_CHANGES_SCHEMA`: ``year, chair`` (the statements' chair, else the chairmanship's),
        ``chair_theme`` (the chairmanship theme of ``chairmanships``, else the statements'), ``priority_text,
        change, matched_text`` (the most similar priority of the previous year, or of this year for a dropped
        one; null in the first year), ``similarity``; sorted by year, change and priority_text.

    Raises:
        ParameterError: ``threshold`` is not in (0, 1].
        SchemaError: A table lacks a needed column.
    """
    limit = _check_unit_interval("threshold", threshold)
    _require_columns(priorities, ("year", "priority_text"), table="priorities")
    if chairmanships is None:
        chairmanships = read_chairmanships()
    _require_columns(chairmanships, ("year", "chair_country", "theme"), table="chairmanships")
    chair_by_year = {
        int(year): (country, theme)
        for year, country, theme in chairmanships.select("year", "chair_country", "theme").iter_rows()
    }
    order = [name for name in ("year", "doc_id", "priority_no") if name in priorities.columns]
    ordered = priorities.filter(pl.col("year").is_not_null() & pl.col("priority_text").is_not_null()).sort(order)
    texts: dict[int, list[str]] = {}
    stated: dict[int, tuple[str | None, str | None]] = {}
    for row in ordered.iter_rows(named=True):
        year = int(row["year"])
        year_texts = texts.setdefault(year, [])
        if row["priority_text"] not in year_texts:
            year_texts.append(str(row["priority_text"]))
        chair, theme = stated.get(year, (None, None))
        stated[year] = (chair or row.get("chair"), theme or row.get("theme"))
    records: list[tuple[int, str | None, str | None, str, str, str | None, float | None]] = []
    previous: list[str] | None = None
    for year in sorted(texts):
        known_chair, known_theme = chair_by_year.get(year, (None, None))
        chair = stated[year][0] or known_chair
        chair_theme = known_theme or stated[year][1]
        for text in texts[year]:
            if previous is None:
                records.append((year, chair, chair_theme, text, "new", None, None))
                continue
            match, similarity = _best_match(text, previous)
            change = "recurring" if similarity >= limit else "new"
            records.append((year, chair, chair_theme, text, change, match, similarity))
        for text in previous or []:
            match, similarity = _best_match(text, texts[year])
            if similarity < limit:
                records.append((year, chair, chair_theme, text, "dropped", match, similarity))
        previous = texts[year]
    return pl.DataFrame(records, schema=PRIORITY_CHANGES_SCHEMA, orient="row").sort("year", "change", "priority_text")


# --------------------------------------------------------------------------------------------------------------
# Boilerplate: carried-over paragraphs


_SHINGLE_MIX = np.asarray(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD,
     0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)  # fmt: skip


def _shingle_matrix(texts: Sequence[str], shingle: int) -> sparse.csr_matrix:
    """Paragraph × shingle 0/1 matrix; shingles are runs of ``shingle`` lower-cased whitespace-separated words
    (a text of fewer words is one shingle, as in :func:`ascc_analysis.testing.planted.shingle_jaccard`), identified by a
    64-bit hash of their words."""
    word_ids: dict[str, int] = {}
    tokens = [[word_ids.setdefault(word, len(word_ids) + 1) for word in text.lower().split()] for text in texts]
    lengths = np.asarray([len(words) for words in tokens], dtype=np.int64)
    flat = np.asarray([word for words in tokens for word in words], dtype=np.uint64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    long_rows = np.flatnonzero(lengths >= shingle)
    n_starts = lengths[long_rows] - shingle + 1
    row_of_start = np.repeat(long_rows, n_starts)
    starts = np.repeat(offsets[long_rows] - np.concatenate([[0], np.cumsum(n_starts)[:-1]]), n_starts) + np.arange(
        int(n_starts.sum())
    )
    mixes = [_SHINGLE_MIX[j % len(_SHINGLE_MIX)] + np.uint64(2 * j) for j in range(shingle)]
    hashes = np.zeros(starts.size, dtype=np.uint64)
    for j in range(shingle):
        hashes = hashes * np.uint64(31) + flat[starts + j] * mixes[j]
    short_rows = np.flatnonzero((lengths > 0) & (lengths < shingle))
    short_hashes = np.zeros(short_rows.size, dtype=np.uint64)
    for position, row in enumerate(short_rows):
        value = np.uint64(lengths[row]) * np.uint64(0x2545F4914F6CDD1D)
        for j, word in enumerate(tokens[row]):
            value = value * np.uint64(31) + np.uint64(word) * mixes[j % shingle]
        short_hashes[position] = value
    all_rows = np.concatenate([row_of_start, short_rows]).astype(np.int64)
    all_hashes = np.concatenate([hashes, short_hashes])
    _, columns = np.unique(all_hashes, return_inverse=True)
    matrix = sparse.csr_matrix(
        (np.ones(all_rows.size, dtype=np.int64), (all_rows, columns.astype(np.int64))),
        shape=(len(texts), int(columns.max()) + 1 if columns.size else 0),
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return matrix


def _pairs_exact(
    shingles: sparse.csr_matrix, order: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """(later, earlier, shared shingles) of every pair of paragraphs of different statements sharing a shingle."""
    shared = sparse.coo_matrix(shingles @ shingles.T)
    later, earlier = shared.row.astype(np.int64), shared.col.astype(np.int64)
    keep = order[earlier] < order[later]
    return later[keep], earlier[keep], shared.data[keep].astype(np.float64)


def _pairs_minhash(
    shingles: sparse.csr_matrix, order: NDArray[np.int64], *, seed: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Candidate pairs from MinHash signatures banded for LSH, with their exact number of shared shingles."""
    rng = np.random.default_rng(seed)
    n_rows = shingles.shape[0]
    sizes = np.diff(shingles.indptr)
    nonempty = sizes > 0
    columns = shingles.indices.astype(np.int64)
    multipliers = rng.integers(1, _MERSENNE, size=MINHASH_PERMUTATIONS, dtype=np.int64)
    offsets = rng.integers(0, _MERSENNE, size=MINHASH_PERMUTATIONS, dtype=np.int64)
    signatures = np.full((n_rows, MINHASH_PERMUTATIONS), _MERSENNE, dtype=np.int64)
    starts = shingles.indptr[:-1][nonempty]
    for index in range(MINHASH_PERMUTATIONS):
        values = (multipliers[index] * columns + offsets[index]) % _MERSENNE
        signatures[nonempty, index] = np.minimum.reduceat(values, starts)
    rows_per_band = MINHASH_PERMUTATIONS // MINHASH_BANDS
    candidates_later: list[NDArray[np.int64]] = []
    candidates_earlier: list[NDArray[np.int64]] = []
    members = np.flatnonzero(nonempty)
    for band in range(MINHASH_BANDS):
        block = signatures[members, band * rows_per_band : (band + 1) * rows_per_band].astype(np.uint64)
        keys = np.zeros(members.size, dtype=np.uint64)
        for j in range(rows_per_band):
            keys = keys * np.uint64(0x100000001B3) + block[:, j] * _SHINGLE_MIX[j % len(_SHINGLE_MIX)]
        sorted_members = members[np.lexsort((order[members], keys))]
        sorted_keys = np.sort(keys)
        for lag in range(1, MINHASH_NEIGHBOURS + 1):
            same = sorted_keys[lag:] == sorted_keys[:-lag]
            later, earlier = sorted_members[lag:][same], sorted_members[:-lag][same]
            keep = order[earlier] < order[later]
            candidates_later.append(later[keep])
            candidates_earlier.append(earlier[keep])
            if not same.any():
                break
    if not candidates_later:
        empty = np.asarray([], dtype=np.int64)
        return empty, empty, np.asarray([], dtype=np.float64)
    pairs = np.unique(np.stack([np.concatenate(candidates_later), np.concatenate(candidates_earlier)]), axis=1)
    later, earlier = pairs[0], pairs[1]
    shared = np.zeros(later.size)
    chunk = 100_000
    for first in range(0, later.size, chunk):
        part = slice(first, first + chunk)
        shared[part] = np.asarray(shingles[later[part]].multiply(shingles[earlier[part]]).sum(axis=1)).ravel()
    return later, earlier, shared


def _statement_order(documents: pl.DataFrame) -> pl.DataFrame:
    """``doc_id, order``: statements ordered by date (or 1 January of the year), meeting number, doc_id; statements
    without a date or year come last."""
    _require_columns(documents, ("doc_id", "year"), table="documents")
    date = pl.col("date").cast(pl.Date) if "date" in documents.columns else pl.lit(None, dtype=pl.Date)
    meeting = (
        pl.col("meeting_no").cast(pl.Int32).fill_null(0)
        if "meeting_no" in documents.columns
        else pl.lit(0, dtype=pl.Int32)
    )
    frame = documents.select(
        pl.col("doc_id").cast(pl.String),
        pl.coalesce(date, pl.date(pl.col("year").cast(pl.Int32), 1, 1)).alias("when"),
        meeting.alias("meeting"),
    )
    n_dupes = frame.height - frame.get_column("doc_id").n_unique()
    if n_dupes:
        raise SchemaError(f"documents: doc_id is not unique ({n_dupes} duplicate row(s)); one row per statement")
    ordered = frame.sort(["when", "meeting", "doc_id"], nulls_last=True)
    return ordered.select("doc_id").with_row_index("order").select("doc_id", pl.col("order").cast(pl.Int64))


def carry_over(
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    threshold: float = 0.8,
    shingle: int = 5,
    method: CarryMethod = "auto",
    seed: int = 0,
) -> pl.DataFrame:
    """For each paragraph, its most similar paragraph in any earlier statement, and whether it is carried over.

    Similarity is the Jaccard index of word shingles, ``J = |S(p) ∩ S(q)| / |S(p) ∪ S(q)|`` with S(t) the runs of
    ``shingle`` consecutive lower-cased words of t (:func:`ascc_analysis.testing.planted.shingle_jaccard`). Every
    earlier statement is searched, not only the previous one (statements ordered by date, then meeting number,
    then doc_id). The source is the earlier paragraph of highest similarity, the most recent on ties; a paragraph
    is carried over when that similarity reaches ``threshold``.

    ``method``: ``"exact"`` compares every pair of paragraphs that share a shingle (a sparse product; fine to a
    few thousand paragraphs); ``"minhash"`` draws 128 MinHash values per paragraph (seeded), bands them 32 × 4
    for locality-sensitive hashing (a pair of similarity 0.8 shares a band with probability 0.9999, one of 0.5
    with 0.87) and compares, within each band's bucket, each paragraph with its 25 most recent earlier ones; the
    similarity of every candidate found is then computed exactly, so carried-over paragraphs and their sources are
    the exact method's (checked on planted corpora), but a best similarity under about 0.5 is only a lower bound
    (a pair that similar is rarely a candidate). ``"auto"`` is exact up to :data:`AUTO_EXACT_MAX` paragraphs (the
    exact product grows with the square of the paragraphs sharing common phrases: 3 minutes at 1,000 statements,
    against 6 s for MinHash). A paragraph with no candidate has a null source and similarity 0.

    Args:
        paragraphs: ``paragraphs`` (at least ``doc_id, para_id, level, text``); ``level == "paragraph"`` rows.
        documents: ``documents`` (at least ``doc_id, year``; ``date`` and ``meeting_no`` order statements of a year).
        threshold: Similarity in (0, 1] from which a paragraph counts as carried over.
        shingle: Words per shingle (>= 1).
        method: ``"auto"``, ``"exact"`` or ``"minhash"``.
        seed: Seed of the MinHash permutations.

    Returns:
        :data:`CARRY_SCHEMA`: ``doc_id, para_id, source_doc_id, source_para_id, similarity, is_carried``, one row
        per paragraph, sorted by doc_id and para_id.

    Raises:
        ParameterError: ``threshold``, ``shingle`` or ``method`` is not accepted.
        SchemaError: A table lacks a needed column, or a paragraph's statement is not in ``documents``.
    """
    limit = _check_unit_interval("threshold", threshold)
    _check_int("shingle", shingle, minimum=1)
    _check_choice("method", method, get_args(CarryMethod))
    rows = _paragraph_rows(paragraphs)
    ordering = _statement_order(documents)
    unknown = rows.join(ordering, on="doc_id", how="anti").get_column("doc_id").unique().sort().to_list()
    if unknown:
        raise SchemaError(
            f"paragraphs: doc_id(s) {unknown[:5]} are not in documents; every paragraph needs its statement"
        )
    rows = rows.join(ordering, on="doc_id", how="left").sort("doc_id", "para_id")
    if rows.is_empty():
        return pl.DataFrame(schema=CARRY_SCHEMA)
    shingles = _shingle_matrix(rows.get_column("text").to_list(), shingle)
    order = rows.get_column("order").to_numpy().astype(np.int64)
    use_exact = method == "exact" or (method == "auto" and rows.height <= AUTO_EXACT_MAX)
    if use_exact:
        later, earlier, shared = _pairs_exact(shingles, order)
    else:
        later, earlier, shared = _pairs_minhash(shingles, order, seed=seed)
    sizes = np.diff(shingles.indptr).astype(np.float64)
    union = sizes[later] + sizes[earlier] - shared
    similarity = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    best = np.full(rows.height, -1, dtype=np.int64)
    best_similarity = np.zeros(rows.height)
    if later.size:
        # best per paragraph: highest similarity, then most recent statement, then lowest row
        ranking = np.lexsort((earlier, -order[earlier], -np.round(similarity, 12), later))
        first = np.concatenate([[True], later[ranking][1:] != later[ranking][:-1]])
        chosen = ranking[first]
        best[later[chosen]] = earlier[chosen]
        best_similarity[later[chosen]] = similarity[chosen]
    doc_ids = rows.get_column("doc_id").to_numpy()
    para_ids = rows.get_column("para_id").to_numpy()
    has_source = best >= 0
    source_doc_ids = [str(doc_ids[row]) if row >= 0 else None for row in best.tolist()]
    source_para_ids = [str(para_ids[row]) if row >= 0 else None for row in best.tolist()]
    frame = pl.DataFrame(
        {
            "doc_id": rows.get_column("doc_id"),
            "para_id": rows.get_column("para_id"),
            "source_doc_id": pl.Series(source_doc_ids, dtype=pl.String),
            "source_para_id": pl.Series(source_para_ids, dtype=pl.String),
            "similarity": best_similarity,
            "is_carried": has_source & (best_similarity >= limit),
        }
    )
    return frame.cast(CARRY_SCHEMA).sort("doc_id", "para_id")


def novelty(paragraphs: pl.DataFrame, documents: pl.DataFrame, carry: pl.DataFrame) -> pl.DataFrame:
    """Each statement's share of novel (not carried-over) paragraphs.

    ``share_novel = 1 − n_carried / n_paragraphs`` over the statement's ``level == "paragraph"`` rows, with
    ``n_carried`` its paragraphs flagged by :func:`carry_over`.

    Args:
        paragraphs: ``paragraphs`` (at least ``doc_id, para_id, level, text``).
        documents: ``documents`` (at least ``doc_id, year``).
        carry: The output of :func:`carry_over` (at least ``para_id, is_carried``).

    Returns:
        :data:`NOVELTY_SCHEMA`: ``doc_id, year, n_paragraphs, n_carried, share_novel``, one row per statement with
        paragraphs, sorted by doc_id.

    Raises:
        SchemaError: A table lacks a needed column.
    """
    _require_columns(carry, ("para_id", "is_carried"), table="carry")
    rows = _paragraph_rows(paragraphs).select("doc_id", "para_id")
    carried = carry.select(pl.col("para_id").cast(pl.String), pl.col("is_carried").cast(pl.Boolean)).unique("para_id")
    known = _documents_years(documents)
    frame = (
        rows.join(carried, on="para_id", how="left")
        .group_by("doc_id")
        .agg(pl.len().alias("n_paragraphs"), pl.col("is_carried").fill_null(False).sum().alias("n_carried"))
        .join(known, on="doc_id", how="left")
        .with_columns((1.0 - pl.col("n_carried") / pl.col("n_paragraphs")).alias("share_novel"))
    )
    return frame.select(list(NOVELTY_SCHEMA)).cast(NOVELTY_SCHEMA).sort("doc_id")
