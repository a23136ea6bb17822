"""Topic trends stage: ``paragraphs``, ``paragraph_themes`` and ``documents`` → theme shares, topic models, prevalence.

Two views of what the statements talk about, both on paragraphs (rows of ``paragraphs`` with ``level ==
"paragraph"``; a paragraph's text includes its sub-items, and preamble blocks are left out):

* **Dictionary themes** (:func:`theme_shares`): the share of paragraphs tagged with each theme of the taxonomy
  (``paragraph_themes``, from :mod:`ascc_analysis.extract.themes`), per year or per statement, with a bootstrap
  interval.
* **Unsupervised topics** (:func:`fit_topics`): TF-IDF on word unigrams and bigrams, then non-negative matrix
  factorisation (NMF), or latent Dirichlet allocation (LDA) on counts as the option. The number of topics is
  chosen from a table of coherence (NPMI) and stability; topic ids (``"T01"``, ...) are kept stable across runs
  by :func:`align_topics`; :func:`topic_prevalence` gives topic shares over time with intervals and
  :func:`topic_evidence` the paragraphs behind each topic.

The corpus is small (one or two statements a year), so every figure carries its uncertainty: intervals come from
a bootstrap that resamples paragraphs *within statements* (each statement keeps its number of paragraphs; a year's
share pools its statements' resampled paragraphs), drawn with a fixed seed. Outputs are sorted by their key columns,
so a seed gives byte-identical results. Stop words of the drafting style (``"Meeting"``, ``"noted"``, ``"looked
forward"``, ...) live in the package resource ``resources/stopwords.txt``.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, Literal

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from ascc_analysis.errors import AsccError, ParameterError, SchemaError

log = logging.getLogger(__name__)

__all__ = [
    "EVIDENCE_SCHEMA",
    "MATCH_SCHEMA",
    "TERMS_SCHEMA",
    "By",
    "TopicError",
    "TopicMethod",
    "TopicModel",
    "align_topics",
    "analyse_text",
    "fit_topics",
    "load_stopwords",
    "match_topics",
    "npmi_coherence",
    "theme_shares",
    "topic_evidence",
    "topic_prevalence",
]

By = Literal["year", "doc"]
TopicMethod = Literal["nmf", "lda"]

STOPWORDS_RESOURCE = "stopwords.txt"
TOPIC_ID_RE = re.compile(r"^T(\d+)$")
N_COHERENCE_TERMS = 10  # top terms per topic whose pairs give the NPMI coherence
N_LABEL_TERMS = 3  # terms in a topic label
N_LABEL_CANDIDATES = 10  # the label's terms are chosen among this many top terms
LABEL_SEPARATOR = " · "
# Tokens: lower-case words of two or more characters that start with a letter and may hold digits and inner
# hyphens ("socio-cultural", "covid-19"); numbers, ordinals ("32nd") and single letters are not tokens.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w-]*[^\W_]\b"
_BOOT_CELLS = 4_000_000  # bootstrap replicates are drawn in chunks of at most this many (replicate, row) cells
_NMF_MAX_ITER = 600
_LDA_MAX_ITER = 30
_SILHOUETTE_SAMPLE = 3000  # paragraphs drawn (with the fit's seed) for the silhouette of larger corpora

TERMS_SCHEMA = pl.Schema(
    {
        "topic_id": pl.String(),
        "term": pl.String(),
        "weight": pl.Float64(),  # the topic's word distribution: non-negative, summing to 1 over its terms
        "rank": pl.Int32(),  # 1 for the heaviest term of the topic
        "exclusivity": pl.Float64(),  # weight / (sum of the term's weights over all topics)
    }
)
LABELS_SCHEMA = pl.Schema({"topic_id": pl.String(), "label": pl.String()})
PARAGRAPH_TOPICS_SCHEMA = pl.Schema(
    {"para_id": pl.String(), "doc_id": pl.String(), "topic_id": pl.String(), "weight": pl.Float64()}
)
STABILITY_SCHEMA = pl.Schema({"topic_id": pl.String(), "stability": pl.Float64()})
SELECTION_SCHEMA = pl.Schema(
    {
        "k": pl.Int32(),
        "npmi_coherence": pl.Float64(),
        "stability": pl.Float64(),
        "separation": pl.Float64(),
        "score": pl.Float64(),
        "chosen": pl.Boolean(),
    }
)
MATCH_SCHEMA = pl.Schema({"topic_id": pl.String(), "reference_id": pl.String(), "cosine": pl.Float64()})
EVIDENCE_SCHEMA = pl.Schema(
    {
        "topic_id": pl.String(),
        "rank": pl.Int32(),
        "para_id": pl.String(),
        "doc_id": pl.String(),
        "weight": pl.Float64(),
        "text": pl.String(),
    }
)


class TopicError(AsccError):
    """A topic model cannot be fitted: too few paragraphs or terms for the number of topics asked for."""


@dataclass(frozen=True)
class TopicModel:
    """A fitted topic model as tidy tables.

    Topic ids are ``"T01"``, ``"T02"``, ... numbered by decreasing prevalence in the fitted corpus, unless
    :func:`align_topics` carried them over from an earlier run.

    Attributes:
        terms: ``topic_id, term, weight, rank, exclusivity`` (:data:`TERMS_SCHEMA`), one row per topic and term of
            positive weight. ``weight`` is the topic's word distribution φ_t (the topic's row of the NMF factor
            ``H``, or of LDA's ``components_``, divided by its sum); ``exclusivity`` is φ_t(w) / Σ_s φ_s(w).
        labels: ``topic_id, label``: up to three terms joined by ``" · "``, picked among the ten heaviest terms
            by weight × exclusivity, preferring a phrase to its words and skipping a term that shares a word with
            one already picked (``"migrant workers · skills · recognition"``).
        paragraph_topics: ``para_id, doc_id, topic_id, weight``: one row per paragraph and topic; ``weight`` is
            the paragraph's normalised topic weight θ_p(t) = W[p, t] / Σ_s W[p, s] (sums to 1 per paragraph).
            Paragraphs without any vocabulary term have no rows.
        stability: ``topic_id, stability``: mean cosine between the topic's word vector and its one-to-one
            (Hungarian) match among the topics of each of the ``n_seeds`` re-fits.
        selection: ``k, npmi_coherence, stability, separation, score, chosen``: the table the number of topics
            was chosen from (one row when it was given); see :func:`fit_topics`.
        k: The number of topics.
        seed: The seed of the fit.
        method: ``"nmf"`` or ``"lda"``.
        vocabulary: The terms of the document-term matrix, sorted.
    """

    terms: pl.DataFrame
    labels: pl.DataFrame
    paragraph_topics: pl.DataFrame
    stability: pl.DataFrame
    selection: pl.DataFrame
    k: int
    seed: int
    method: TopicMethod
    vocabulary: tuple[str, ...]

    @property
    def topic_ids(self) -> tuple[str, ...]:
        """The topic ids, sorted."""
        return tuple(self.labels.get_column("topic_id").to_list())


# --------------------------------------------------------------------------------------------------------------
# Validation helpers


def _require_columns(frame: pl.DataFrame, columns: Sequence[str], *, table: str) -> None:
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise SchemaError(f"{table}: missing column(s) {missing}; needs {list(columns)}, has {frame.columns}")


def _check_by(by: str) -> None:
    if by not in ("year", "doc"):
        raise ParameterError(f"by={by!r} is not accepted; use 'year' or 'doc'")


def _check_bootstrap(n_boot: int, ci: float) -> None:
    if isinstance(n_boot, bool) or not isinstance(n_boot, int) or n_boot < 1:
        raise ParameterError(f"n_boot={n_boot!r} is not accepted; use an integer >= 1")
    if not 0.0 < ci < 1.0:
        raise ParameterError(f"ci={ci!r} is not accepted; use a confidence level strictly between 0 and 1")


def _check_method(method: str) -> None:
    if method not in ("nmf", "lda"):
        raise ParameterError(f"method={method!r} is not accepted; use 'nmf' or 'lda'")


def _paragraph_rows(paragraphs: pl.DataFrame) -> pl.DataFrame:
    """The paragraph-level rows (``doc_id, para_id, text``), sorted by doc_id and para_id."""
    _require_columns(paragraphs, ("doc_id", "para_id", "level", "text"), table="paragraphs")
    return (
        paragraphs.filter(pl.col("level") == "paragraph")
        .select(pl.col("doc_id").cast(pl.String), pl.col("para_id").cast(pl.String), pl.col("text"))
        .sort("doc_id", "para_id")
    )


def _attach_units(rows: pl.DataFrame, documents: pl.DataFrame, *, by: By) -> pl.DataFrame:
    """Add the unit column (``year`` or ``doc_id``) to rows keyed by doc_id; rows of a year-less statement go."""
    _require_columns(documents, ("doc_id", "year"), table="documents")
    known = documents.select(pl.col("doc_id").cast(pl.String), pl.col("year").cast(pl.Int32))
    n_dupes = known.height - known.get_column("doc_id").n_unique()
    if n_dupes:
        raise SchemaError(f"documents: doc_id is not unique ({n_dupes} duplicate row(s)); one row per statement")
    unknown = rows.join(known, on="doc_id", how="anti").get_column("doc_id").unique().sort().to_list()
    if unknown:
        raise SchemaError(
            f"paragraphs: doc_id(s) {unknown[:5]} are not in documents; every paragraph needs its statement"
        )
    if by == "doc":
        return rows.with_columns(pl.col("doc_id").alias("unit")).sort("doc_id", "para_id")
    joined = rows.join(known, on="doc_id", how="left")
    yearless = joined.filter(pl.col("year").is_null()).get_column("doc_id").unique().sort().to_list()
    if yearless:
        log.warning("statements without a year are left out of yearly figures: %s", yearless)
    return joined.filter(pl.col("year").is_not_null()).rename({"year": "unit"}).sort("doc_id", "para_id")


# --------------------------------------------------------------------------------------------------------------
# Stratified bootstrap


def _stratified_draws(
    starts: NDArray[np.int64], sizes: NDArray[np.int64], n_draws: int, rng: np.random.Generator
) -> NDArray[np.int64]:
    """Row indices of ``n_draws`` resamples (shape ``(n_draws, n_rows)``), each row drawn within its stratum.

    Rows are grouped by stratum; ``starts[i]`` and ``sizes[i]`` are the first row and size of row i's stratum, so
    slot i of a resample holds a uniformly drawn row of the same stratum.
    """
    offsets = rng.integers(0, sizes, size=(n_draws, sizes.size))
    return np.asarray(offsets + starts, dtype=np.int64)


def _strata(doc_codes: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Per row, the first row and size of its stratum (rows must be grouped by ``doc_codes``)."""
    _, first, inverse, counts = np.unique(doc_codes, return_index=True, return_inverse=True, return_counts=True)
    return first[inverse].astype(np.int64), counts[inverse].astype(np.int64)


def _bootstrap_shares(
    values: NDArray[np.float64],
    *,
    doc_codes: NDArray[np.int64],
    unit_codes: NDArray[np.int64],
    n_units: int,
    n_boot: int,
    ci: float,
    seed: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Point shares and percentile intervals of ``sum(values) / n_rows`` per unit, resampling rows within strata.

    Args:
        values: ``(n_rows, n_cols)`` per-row values (0/1 tags, or topic weights summing to 1).
        doc_codes: Stratum (statement) of each row; rows grouped by it.
        unit_codes: Unit (year or statement) of each row, in ``0 .. n_units - 1``; each stratum in one unit.
        n_units: Number of units.
        n_boot: Number of bootstrap replicates.
        ci: Confidence level of the interval.
        seed: Seed of the random generator.

    Returns:
        ``share, ci_low, ci_high``, each of shape ``(n_units, n_cols)``.
    """
    n_rows, n_cols = values.shape
    rows = np.arange(n_rows)
    cells = sparse.csr_matrix(
        (values.ravel(), (np.repeat(rows, n_cols), (unit_codes[:, None] * n_cols + np.arange(n_cols)).ravel())),
        shape=(n_rows, n_units * n_cols),
    )
    members = sparse.csr_matrix((np.ones(n_rows), (rows, unit_codes)), shape=(n_rows, n_units))
    n_per_unit = np.asarray(members.sum(axis=0)).ravel()
    point = np.asarray(cells.sum(axis=0)).reshape(n_units, n_cols) / n_per_unit[:, None]

    starts, sizes = _strata(doc_codes)
    rng = np.random.default_rng(seed)
    chunk = max(1, _BOOT_CELLS // max(n_rows, 1))
    replicates = np.empty((n_boot, n_units, n_cols))
    for first in range(0, n_boot, chunk):
        n_draws = min(chunk, n_boot - first)
        draws = _stratified_draws(starts, sizes, n_draws, rng)
        flat = (draws + (np.arange(n_draws) * n_rows)[:, None]).ravel()
        multiplicity = np.bincount(flat, minlength=n_draws * n_rows).reshape(n_draws, n_rows).astype(np.float64)
        sums = np.asarray(cells.T @ multiplicity.T).T.reshape(n_draws, n_units, n_cols)
        # Each statement keeps its size in every replicate, so the denominators are those of the point estimate.
        replicates[first : first + n_draws] = sums / n_per_unit[None, :, None]
    alpha = (1.0 - ci) / 2.0
    low, high = np.quantile(replicates, [alpha, 1.0 - alpha], axis=0)
    return point, np.asarray(low), np.asarray(high)


def _unit_codes(units: pl.DataFrame) -> tuple[pl.Series, NDArray[np.int64], NDArray[np.int64]]:
    """Sorted unit keys, unit code and statement code per row (rows sorted by doc_id)."""
    keys = units.get_column("unit").unique().sort()
    unit_codes = (units.get_column("unit").rank("dense") - 1).to_numpy().astype(np.int64)
    doc_codes = units.get_column("doc_id").rank("dense").to_numpy().astype(np.int64)
    return keys, unit_codes, doc_codes


def _dense(
    long: pl.DataFrame, rows: pl.DataFrame, columns: Sequence[str], *, column: str, value: str | None
) -> NDArray[np.float64]:
    """A ``(rows.height, len(columns))`` array from a long frame keyed by para_id; absent cells are 0.

    Args:
        long: Rows ``para_id, <column>[, <value>]``.
        rows: The paragraphs, in the order of the array's rows.
        columns: The values of ``column``, in the order of the array's columns.
        column: The column of ``long`` that picks the array column.
        value: The column of ``long`` holding the values; None for 1 wherever a row is present.
    """
    array = np.zeros((rows.height, len(columns)))
    row_index = rows.select("para_id").with_row_index("row")
    column_index = pl.DataFrame({column: pl.Series(list(columns), dtype=pl.String)}).with_row_index("col")
    cells = long.join(row_index, on="para_id", how="inner").join(column_index, on=column, how="inner")
    values = cells.get_column(value).cast(pl.Float64).to_numpy() if value is not None else 1.0
    array[cells.get_column("row").to_numpy(), cells.get_column("col").to_numpy()] = values
    return array


def _long_shares(
    keys: pl.Series,
    columns: Sequence[str],
    arrays: dict[str, NDArray[Any]],
    *,
    by: By,
    column_name: str,
) -> pl.DataFrame:
    """A tidy frame (unit, column_name, *arrays) from ``(n_units, n_cols)`` arrays."""
    unit_name = "year" if by == "year" else "doc_id"
    n_units, n_cols = len(keys), len(columns)
    frame = pl.DataFrame(
        {
            unit_name: keys.gather(np.repeat(np.arange(n_units), n_cols)),
            column_name: pl.Series(list(columns) * n_units, dtype=pl.String),
            **{name: array.ravel() for name, array in arrays.items()},
        }
    )
    return frame.with_columns(pl.col(unit_name).cast(pl.Int32 if by == "year" else pl.String)).sort(
        unit_name, column_name
    )


# --------------------------------------------------------------------------------------------------------------
# Dictionary themes


def theme_shares(
    paragraph_themes: pl.DataFrame,
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    by: By = "year",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pl.DataFrame:
    """Share of paragraphs tagged with each theme, per year or per statement, with a bootstrap interval.

    For a unit u (a year, or one statement) with paragraph set P_u and a theme t::

        share(u, t) = n_tagged(u, t) / n_paragraphs(u),   n_tagged(u, t) = |{p ∈ P_u : p tagged t}|

    The interval is the percentile interval of ``share`` over ``n_boot`` replicates that resample paragraphs with
    replacement within each statement (each statement keeps its number of paragraphs; a year pools its
    statements). Tags on preamble blocks are not counted; every theme of ``paragraph_themes`` gets a row for every
    unit, 0 where it never occurs.

    Args:
        paragraph_themes: The ``paragraph_themes`` table (at least ``para_id, theme_id``).
        paragraphs: The ``paragraphs`` table (at least ``doc_id, para_id, level, text``).
        documents: The ``documents`` table (at least ``doc_id, year``); statements without a year are left out of
            yearly shares (with a warning).
        by: ``"year"`` or ``"doc"``.
        n_boot: Bootstrap replicates (>= 1).
        ci: Confidence level of the interval, in (0, 1).
        seed: Seed of the bootstrap.

    Returns:
        ``year`` (Int32) or ``doc_id``, then ``theme_id, n_paragraphs, n_tagged`` (Int32), ``share, ci_low,
        ci_high`` (Float64), sorted by unit and theme.

    Raises:
        ParameterError: ``by``, ``n_boot`` or ``ci`` has a value that is not accepted.
        SchemaError: A table lacks a needed column, a tagged para_id is not in ``paragraphs``, or a paragraph's
            doc_id is not in ``documents``.
    """
    _check_by(by)
    _check_bootstrap(n_boot, ci)
    _require_columns(paragraph_themes, ("para_id", "theme_id"), table="paragraph_themes")
    rows = _paragraph_rows(paragraphs)
    tags = paragraph_themes.select(pl.col("para_id").cast(pl.String), pl.col("theme_id").cast(pl.String)).unique()
    strays = tags.join(paragraphs.select(pl.col("para_id").cast(pl.String)), on="para_id", how="anti")
    if strays.height:
        stray_ids = strays.get_column("para_id").unique().sort().to_list()
        raise SchemaError(f"paragraph_themes: para_id(s) {stray_ids[:5]} are not in paragraphs")
    theme_ids = tags.get_column("theme_id").unique().sort().to_list()
    units = _attach_units(rows.select("doc_id", "para_id"), documents, by=by)
    unit_name = "year" if by == "year" else "doc_id"
    output_schema = pl.Schema(
        {
            unit_name: pl.Int32() if by == "year" else pl.String(),
            "theme_id": pl.String(),
            "n_paragraphs": pl.Int32(),
            "n_tagged": pl.Int32(),
            "share": pl.Float64(),
            "ci_low": pl.Float64(),
            "ci_high": pl.Float64(),
        }
    )
    if units.is_empty() or not theme_ids:
        return pl.DataFrame(schema=output_schema)

    indicator = _dense(tags, units, theme_ids, column="theme_id", value=None)
    keys, unit_codes, doc_codes = _unit_codes(units)
    _, low, high = _bootstrap_shares(
        indicator, doc_codes=doc_codes, unit_codes=unit_codes, n_units=len(keys), n_boot=n_boot, ci=ci, seed=seed
    )
    n_paragraphs = np.bincount(unit_codes, minlength=len(keys)).astype(np.int32)
    n_tagged = np.zeros((len(keys), len(theme_ids)), dtype=np.int32)
    np.add.at(n_tagged, unit_codes, indicator.astype(np.int32))
    frame = _long_shares(
        keys,
        theme_ids,
        {
            "n_paragraphs": np.repeat(n_paragraphs, len(theme_ids)),
            "n_tagged": n_tagged,
            "share": n_tagged / n_paragraphs[:, None],  # the exact ratio of counts
            "ci_low": low,
            "ci_high": high,
        },
        by=by,
        column_name="theme_id",
    )
    return frame.select(list(output_schema)).cast(output_schema)


# --------------------------------------------------------------------------------------------------------------
# Stop words and vectorising


@cache
def _shipped_stopwords() -> tuple[str, ...]:
    resource = resources.files("ascc_analysis").joinpath("resources", STOPWORDS_RESOURCE)
    return _parse_stopwords(resource.read_text(encoding="utf-8"))


def _parse_stopwords(text: str) -> tuple[str, ...]:
    words: set[str] = set()
    for line in text.splitlines():
        entry = " ".join(line.split("#", 1)[0].split()).lower()
        if entry:
            words.add(entry)
    return tuple(sorted(words))


def load_stopwords() -> tuple[str, ...]:
    """The ASEAN drafting-style stop words and phrases of ``resources/stopwords.txt``, lower-cased and sorted.

    Returns:
        Words and phrases (``"meeting"``, ``"looked forward"``, ...), without comments and blank lines.
    """
    return _shipped_stopwords()


class _Preprocessor:
    """Lower-cases a text, straightens apostrophes and removes the multi-word stop phrases."""

    def __init__(self, phrases: Sequence[str]) -> None:
        ordered = sorted(phrases, key=lambda phrase: (-len(phrase), phrase))
        body = "|".join(r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in ordered)
        self._pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])") if ordered else None

    def __call__(self, text: str) -> str:
        lowered = text.lower().replace("\u2019", "'").replace("\u2018", "'")
        return self._pattern.sub(" ", lowered) if self._pattern is not None else lowered


def analyse_text(text: str) -> tuple[str, ...]:
    """The terms the topic model sees in a text: its unigrams and bigrams after stop words, in order.

    This is the vectoriser's analyser without the corpus-level pruning (``min_df``, ``max_df``): use it to put
    outside vocabularies (planted topic terms, a dictionary) into the model's terms.

    Args:
        text: Any text.

    Returns:
        Unigrams in reading order, then bigrams in reading order (``"migrant workers"`` →
        ``("migrant", "workers", "migrant workers")``).
    """
    analyse = _vectorizer("lda", min_df=1, max_df=1.0).build_analyzer()
    return tuple(str(term) for term in analyse(text))


def _vectorizer(method: TopicMethod, *, min_df: int, max_df: float) -> CountVectorizer:
    """TF-IDF (NMF) or count (LDA) vectoriser on unigrams and bigrams without English and ASEAN stop words."""
    entries = load_stopwords()
    phrases = [entry for entry in entries if " " in entry]
    single = sorted(set(ENGLISH_STOP_WORDS) | {entry for entry in entries if " " not in entry})
    options: dict[str, Any] = {
        "preprocessor": _Preprocessor(phrases),
        "token_pattern": TOKEN_PATTERN,
        "stop_words": single,
        "ngram_range": (1, 2),
        "min_df": min_df,
        "max_df": max_df,
        "dtype": np.float64,
    }
    if method == "nmf":
        return TfidfVectorizer(sublinear_tf=True, **options)
    return CountVectorizer(**options)


# --------------------------------------------------------------------------------------------------------------
# Coherence, cosine and matching


def _npmi_from_presence(presence: NDArray[np.float64]) -> float:
    """Mean NPMI over the pairs of columns of a 0/1 ``(n_paragraphs, n_terms)`` matrix (see npmi_coherence)."""
    n_rows, n_terms = presence.shape
    if n_terms < 2:
        return -1.0
    together = presence.T @ presence / n_rows
    p_term = np.diag(together)
    upper_i, upper_j = np.triu_indices(n_terms, k=1)
    p_pair = together[upper_i, upper_j]
    p_expected = p_term[upper_i] * p_term[upper_j]
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.log(p_pair / p_expected) / -np.log(p_pair)
    npmi = np.where(p_pair == 0.0, -1.0, np.where(p_pair >= 1.0, 1.0, npmi))
    return float(npmi.mean())


def npmi_coherence(top_terms: Sequence[str], paragraph_terms: Sequence[Collection[str]]) -> float:
    """Mean normalised pointwise mutual information of the pairs of ``top_terms`` over paragraphs.

    With P(w) the share of paragraphs holding w and P(w_i, w_j) the share holding both::

        NPMI(w_i, w_j) = log(P(w_i, w_j) / (P(w_i) P(w_j))) / -log P(w_i, w_j)

    taken as -1 when the two never meet (P(w_i, w_j) = 0) and 1 when both are in every paragraph; the coherence
    is the mean over the pairs i < j. It runs from -1 (the terms never share a paragraph) through 0 (independent)
    to 1 (they always come together).

    Args:
        top_terms: The topic's top terms (at least two; fewer gives -1, the value of a topic with no coherence).
        paragraph_terms: For every paragraph of the corpus, the terms it holds.

    Returns:
        The mean NPMI.

    Raises:
        ParameterError: ``paragraph_terms`` is empty.
    """
    if not paragraph_terms:
        raise ParameterError("paragraph_terms is empty; NPMI needs at least one paragraph")
    presence = np.array([[term in held for term in top_terms] for held in paragraph_terms], dtype=np.float64)
    return _npmi_from_presence(presence.reshape(len(paragraph_terms), len(top_terms)))


def _cosine(left: NDArray[np.float64], right: NDArray[np.float64]) -> NDArray[np.float64]:
    """Cosine similarity of every row of ``left`` with every row of ``right`` (0 for an all-zero row)."""
    left_norm = np.linalg.norm(left, axis=1, keepdims=True)
    right_norm = np.linalg.norm(right, axis=1, keepdims=True)
    left_unit = np.divide(left, left_norm, out=np.zeros_like(left), where=left_norm > 0)
    right_unit = np.divide(right, right_norm, out=np.zeros_like(right), where=right_norm > 0)
    return np.asarray(left_unit @ right_unit.T)


def _matched_cosines(topics: NDArray[np.float64], other: NDArray[np.float64]) -> NDArray[np.float64]:
    """For each row of ``topics``, the cosine of its one-to-one (Hungarian) match in ``other`` (0 if unmatched)."""
    similarity = _cosine(topics, other)
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    matched = np.zeros(topics.shape[0])
    matched[rows] = similarity[rows, cols]
    return matched


def _topic_word_matrix(terms: pl.DataFrame, *, table: str) -> tuple[list[str], list[str], NDArray[np.float64]]:
    """Topic ids (sorted), terms (sorted) and the ``(n_topics, n_terms)`` weight matrix of a tidy term table."""
    _require_columns(terms, ("topic_id", "term", "weight"), table=table)
    tidy = terms.select(pl.col("topic_id").cast(pl.String), pl.col("term").cast(pl.String), pl.col("weight"))
    if tidy.null_count().sum_horizontal().item():
        raise SchemaError(f"{table}: topic_id, term and weight may hold no nulls")
    n_dupes = tidy.height - tidy.select("topic_id", "term").unique().height
    if n_dupes:
        raise SchemaError(f"{table}: (topic_id, term) is not unique ({n_dupes} duplicate row(s))")
    if tidy.height and tidy.get_column("weight").min() < 0:  # type: ignore[operator]
        raise SchemaError(f"{table}: weights must be non-negative")
    topic_ids = tidy.get_column("topic_id").unique().sort().to_list()
    vocabulary = tidy.get_column("term").unique().sort().to_list()
    topic_code = {topic_id: code for code, topic_id in enumerate(topic_ids)}
    term_code = {term: code for code, term in enumerate(vocabulary)}
    matrix = np.zeros((len(topic_ids), len(vocabulary)))
    matrix[
        [topic_code[t] for t in tidy.get_column("topic_id").to_list()],
        [term_code[w] for w in tidy.get_column("term").to_list()],
    ] = tidy.get_column("weight").cast(pl.Float64).to_numpy()
    return topic_ids, vocabulary, matrix


def match_topics(model_terms: pl.DataFrame, reference_terms: pl.DataFrame) -> pl.DataFrame:
    """Match topics to reference topics one to one by the cosine of their word vectors (Hungarian algorithm).

    Each table is tidy (``topic_id, term, weight``, as :attr:`TopicModel.terms`); a topic's word vector holds its
    weights over the union of the two tables' terms (0 where a term is absent). The assignment maximises the
    sum of cosines ``cos(a, b) = a·b / (|a| |b|)`` over matched pairs
    (:func:`scipy.optimize.linear_sum_assignment`).

    Args:
        model_terms: Topic–word table of the topics to match.
        reference_terms: Topic–word table of the reference topics (for recovery tests, the planted vocabularies
            with weight 1 per term).

    Returns:
        ``topic_id, reference_id, cosine`` (:data:`MATCH_SCHEMA`): one row per matched pair, then one row per
        unmatched topic (``reference_id`` and ``cosine`` null) and per unmatched reference topic (``topic_id``
        and ``cosine`` null), sorted by reference_id then topic_id, nulls last.

    Raises:
        SchemaError: A table lacks ``topic_id, term, weight``, holds nulls or negative weights, or repeats a
            (topic_id, term) pair.
    """
    model_ids, model_vocabulary, model_matrix = _topic_word_matrix(model_terms, table="model_terms")
    reference_ids, reference_vocabulary, reference_matrix = _topic_word_matrix(reference_terms, table="reference_terms")
    vocabulary = sorted(set(model_vocabulary) | set(reference_vocabulary))
    term_code = {term: code for code, term in enumerate(vocabulary)}
    left = np.zeros((len(model_ids), len(vocabulary)))
    left[:, [term_code[w] for w in model_vocabulary]] = model_matrix
    right = np.zeros((len(reference_ids), len(vocabulary)))
    right[:, [term_code[w] for w in reference_vocabulary]] = reference_matrix
    similarity = _cosine(left, right)
    rows, cols = linear_sum_assignment(similarity, maximize=True) if similarity.size else ([], [])
    pairs: list[tuple[str | None, str | None, float | None]] = [
        (model_ids[r], reference_ids[c], float(similarity[r, c])) for r, c in zip(rows, cols, strict=True)
    ]
    pairs += [(model_ids[r], None, None) for r in sorted(set(range(len(model_ids))) - set(rows))]
    pairs += [(None, reference_ids[c], None) for c in sorted(set(range(len(reference_ids))) - set(cols))]
    frame = pl.DataFrame(pairs, schema=MATCH_SCHEMA, orient="row")
    return frame.sort("reference_id", "topic_id", nulls_last=True)


# --------------------------------------------------------------------------------------------------------------
# Fitting


def _factorise(
    matrix: sparse.csr_matrix, k: int, *, method: TopicMethod, seed: int, init: str
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Paragraph–topic weights ``W`` (n_rows, k) and topic–word weights ``H`` (k, n_terms) of one fit."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        if method == "nmf":
            nmf = NMF(n_components=k, init=init, random_state=seed, max_iter=_NMF_MAX_ITER)
            weights = nmf.fit_transform(matrix)
            components = nmf.components_
        else:
            lda = LatentDirichletAllocation(
                n_components=k, learning_method="batch", max_iter=_LDA_MAX_ITER, random_state=seed
            )
            weights = lda.fit_transform(matrix)
            components = lda.components_
    for warning in caught:
        log.debug("k=%d seed=%d: %s", k, seed, warning.message)
    return np.asarray(weights, dtype=np.float64), np.asarray(components, dtype=np.float64)


def _normalise_rows(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    totals = matrix.sum(axis=1, keepdims=True)
    return np.asarray(np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0), dtype=np.float64)


@dataclass(frozen=True)
class _Fit:
    k: int
    weights: NDArray[np.float64]  # (n_rows, k) normalised paragraph–topic weights, topics in final order
    topic_words: NDArray[np.float64]  # (k, n_terms) normalised word distributions, topics in final order
    stability: NDArray[np.float64]  # (k,)
    coherence: NDArray[np.float64]  # (k,)
    separation: float  # silhouette of the paragraphs' dominant topics


def _fit_k(
    matrix: sparse.csr_matrix,
    presence: sparse.csc_matrix,
    k: int,
    *,
    method: TopicMethod,
    seed: int,
    n_seeds: int,
    starts: NDArray[np.int64],
    sizes: NDArray[np.int64],
    has_terms: NDArray[np.bool_],
) -> _Fit:
    """The main fit for k topics, its stability over ``n_seeds`` re-fits, and each topic's coherence."""
    weights, components = _factorise(matrix, k, method=method, seed=seed, init="nndsvda")
    weights = _normalise_rows(weights)
    weights[~has_terms] = 0.0
    topic_words = _normalise_rows(components)
    order = np.lexsort((np.arange(k), -weights.sum(axis=0)))  # most prevalent first, ties by position
    weights, topic_words = weights[:, order], topic_words[order]

    matched = np.zeros((n_seeds, k))
    for refit in range(n_seeds):
        rng = np.random.default_rng([seed, refit + 1])
        sample = _stratified_draws(starts, sizes, 1, rng)[0]
        refit_seed = int(rng.integers(0, 2**31 - 1))
        _, refit_components = _factorise(matrix[sample], k, method=method, seed=refit_seed, init="nndsvdar")
        matched[refit] = _matched_cosines(topic_words, _normalise_rows(refit_components))
    stability = matched.mean(axis=0)

    coherence = np.empty(k)
    for topic in range(k):
        ranked = np.lexsort((np.arange(topic_words.shape[1]), -topic_words[topic]))
        top = [int(i) for i in ranked[:N_COHERENCE_TERMS] if topic_words[topic, i] > 0]
        coherence[topic] = _npmi_from_presence(np.asarray(presence[:, top].toarray(), dtype=np.float64))
    separation = _separation(matrix[has_terms], weights[has_terms].argmax(axis=1), seed=seed)
    return _Fit(
        k=k,
        weights=weights,
        topic_words=topic_words,
        stability=stability,
        coherence=coherence,
        separation=separation,
    )


def _separation(matrix: sparse.csr_matrix, labels: NDArray[np.int64], *, seed: int) -> float:
    """Mean silhouette (cosine distance on the TF-IDF rows) of the paragraphs grouped by their dominant topic."""
    n_labels = np.unique(labels).size
    if n_labels < 2 or n_labels >= labels.size:
        return 0.0
    sample_size = _SILHOUETTE_SAMPLE if labels.size > _SILHOUETTE_SAMPLE else None
    return float(silhouette_score(matrix, labels, metric="cosine", sample_size=sample_size, random_state=seed))


def _selection_score(npmi: float, stability: float, separation: float) -> float:
    """``score = (npmi + 1) / 2 + stability + (separation + 1) / 2``: three terms on [0, 1], weighted equally."""
    return (npmi + 1.0) / 2.0 + stability + (separation + 1.0) / 2.0


def _topic_id(number: int) -> str:
    return f"T{number:02d}"


def _label(terms: Sequence[str], weights: NDArray[np.float64], exclusivity: NDArray[np.float64]) -> str:
    """A topic label from its candidate terms (see :attr:`TopicModel.labels`).

    A word is left out in favour of a phrase holding it when the phrase weighs at least half as much (the word
    then mostly occurs inside the phrase: "migrant workers" rather than "migrant"); the remaining terms are taken
    by decreasing weight × exclusivity, skipping a term that shares a word with one already taken.
    """
    phrases = [i for i, term in enumerate(terms) if " " in term]
    kept = [
        i
        for i, term in enumerate(terms)
        if " " in term or not any(term in terms[j].split() and weights[j] >= weights[i] / 2 for j in phrases)
    ]
    scored = sorted(kept, key=lambda i: (-(weights[i] * exclusivity[i]), -weights[i], terms[i]))
    chosen: list[str] = []
    used: set[str] = set()
    for i in scored:
        words = set(terms[i].split())
        if words & used:
            continue
        chosen.append(terms[i])
        used |= words
        if len(chosen) == N_LABEL_TERMS:
            break
    return LABEL_SEPARATOR.join(chosen)


def _model_tables(
    fit: _Fit, vocabulary: Sequence[str], rows: pl.DataFrame, has_terms: NDArray[np.bool_]
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """terms, labels, paragraph_topics and stability tables of a fit."""
    topic_ids = [_topic_id(number) for number in range(1, fit.k + 1)]
    totals = fit.topic_words.sum(axis=0)
    exclusivity = np.divide(fit.topic_words, totals, out=np.zeros_like(fit.topic_words), where=totals > 0)
    topic_rows, term_rows = np.nonzero(fit.topic_words > 0)
    terms = pl.DataFrame(
        {
            "topic_id": pl.Series(np.array(topic_ids)[topic_rows], dtype=pl.String),
            "term": pl.Series(np.array(vocabulary, dtype=object)[term_rows], dtype=pl.String),
            "weight": fit.topic_words[topic_rows, term_rows],
            "exclusivity": exclusivity[topic_rows, term_rows],
        }
    )
    terms = (
        terms.sort(["topic_id", "weight", "term"], descending=[False, True, False])
        .with_columns(rank=(pl.int_range(pl.len()).over("topic_id") + 1).cast(pl.Int32))
        .select(list(TERMS_SCHEMA))
    )
    labels: list[str] = []
    for topic in range(fit.k):
        ranked = np.lexsort((np.arange(len(vocabulary)), -fit.topic_words[topic]))
        top = [int(i) for i in ranked[:N_LABEL_CANDIDATES] if fit.topic_words[topic, i] > 0]
        labels.append(_label([vocabulary[i] for i in top], fit.topic_words[topic, top], exclusivity[topic, top]))
    label_frame = pl.DataFrame({"topic_id": topic_ids, "label": labels}, schema=LABELS_SCHEMA)

    kept = rows.filter(pl.Series(has_terms))
    n_kept = kept.height
    paragraph_topics = pl.DataFrame(
        {
            "para_id": kept.get_column("para_id").gather(np.repeat(np.arange(n_kept), fit.k)),
            "doc_id": kept.get_column("doc_id").gather(np.repeat(np.arange(n_kept), fit.k)),
            "topic_id": pl.Series(topic_ids * n_kept, dtype=pl.String),
            "weight": fit.weights[has_terms].ravel(),
        },
        schema=PARAGRAPH_TOPICS_SCHEMA,
    ).sort("para_id", "topic_id")
    stability = pl.DataFrame({"topic_id": topic_ids, "stability": fit.stability}, schema=STABILITY_SCHEMA)
    return terms, label_frame, paragraph_topics, stability


def fit_topics(
    paragraphs: pl.DataFrame,
    *,
    n_topics: int | Literal["auto"] = "auto",
    k_range: tuple[int, int] = (4, 12),
    method: TopicMethod = "nmf",
    seed: int = 0,
    n_seeds: int = 5,
    min_df: int = 2,
    max_df: float = 0.5,
) -> TopicModel:
    """Fit a topic model on the paragraphs, choosing the number of topics from coherence and stability.

    Pipeline:

    1. **Terms**: paragraph texts are lower-cased; the multi-word phrases of ``resources/stopwords.txt`` are
       removed; tokens (:data:`TOKEN_PATTERN`) that are English (scikit-learn) or ASEAN stop words are dropped;
       unigrams and bigrams are kept when they occur in at least ``min_df`` paragraphs (2 by default: a small
       corpus has many one-off words that no topic can be built on) and in at most ``max_df`` of them.
    2. **Model**: ``"nmf"`` factorises the sublinear TF-IDF matrix X ≈ W H (Frobenius loss, NNDSVDa start, so the
       main fit is deterministic); ``"lda"`` fits latent Dirichlet allocation (batch variational Bayes) on the
       counts. A paragraph's topic weights θ_p = W_p / Σ W_p; a topic's word distribution φ_t = H_t / Σ H_t.
       Topics are numbered by decreasing total weight Σ_p θ_p(t).
    3. **Stability**: ``n_seeds`` re-fits, each on a bootstrap resample of paragraphs within statements and from a
       randomised start (NNDSVDar for NMF, a new seed for LDA; seeds derived from ``seed``); a topic's stability
       is the mean over re-fits of the cosine between φ_t and its one-to-one (Hungarian) match among the re-fit's
       topics.
    4. **Coherence**: for each topic, the mean NPMI (:func:`npmi_coherence`) of the pairs of its ten heaviest
       terms, with probabilities from paragraph co-occurrence in this corpus; the model's coherence is the mean
       over topics.
    5. **Separation**: the mean silhouette of the paragraphs grouped by their dominant topic (argmax θ_p), with
       cosine distance between their TF-IDF rows (on a seeded sample of 3,000 paragraphs in larger corpora).
    6. **Choice of k** (``n_topics="auto"``): every k in ``k_range`` (inclusive) is fitted and scored::

           score(k) = (npmi_coherence(k) + 1) / 2 + stability(k) + (separation(k) + 1) / 2

       three terms on their natural [0, 1] scales, weighted equally; the k of highest score is chosen, the
       smaller k on a tie. Too many topics split one subject in varying ways (stability and coherence fall);
       too few merge subjects, which coherence of the ten heaviest terms and stability often miss (the heaviest
       terms of a merged topic come from one subject, and a merge can be as reproducible as the right fit), so
       separation is the third term: a merged topic gathers paragraphs that are far apart.

    Args:
        paragraphs: The ``paragraphs`` table (at least ``doc_id, para_id, level, text``); rows with ``level ==
            "paragraph"`` are the documents of the model.
        n_topics: The number of topics, or ``"auto"`` to choose it in ``k_range``.
        k_range: Smallest and largest k tried when ``n_topics="auto"``.
        method: ``"nmf"`` (TF-IDF + NMF) or ``"lda"`` (counts + LDA).
        seed: Seed of every random step.
        n_seeds: Number of re-fits for the stability (>= 1).
        min_df: Minimum number of paragraphs a term must occur in (>= 1).
        max_df: Maximum share of paragraphs a term may occur in, in (0, 1].

    Returns:
        The fitted :class:`TopicModel`.

    Raises:
        ParameterError: An option has a value that is not accepted.
        SchemaError: ``paragraphs`` lacks a needed column.
        TopicError: Too few paragraphs or terms for the number of topics asked for, or no term is left after
            pruning.
    """
    _check_method(method)
    if n_topics == "auto":
        low, high = k_range
        if not (isinstance(low, int) and isinstance(high, int) and 1 <= low <= high):
            raise ParameterError(f"k_range={k_range!r} is not accepted; use (low, high) with 1 <= low <= high")
        candidates = list(range(low, high + 1))
    elif isinstance(n_topics, int) and not isinstance(n_topics, bool) and n_topics >= 1:
        candidates = [n_topics]
    else:
        raise ParameterError(f"n_topics={n_topics!r} is not accepted; use an integer >= 1 or 'auto'")
    if isinstance(n_seeds, bool) or not isinstance(n_seeds, int) or n_seeds < 1:
        raise ParameterError(f"n_seeds={n_seeds!r} is not accepted; use an integer >= 1")
    if isinstance(min_df, bool) or not isinstance(min_df, int) or min_df < 1:
        raise ParameterError(f"min_df={min_df!r} is not accepted; use an integer >= 1 (a number of paragraphs)")
    if not 0.0 < max_df <= 1.0:
        raise ParameterError(f"max_df={max_df!r} is not accepted; use a share of paragraphs in (0, 1]")

    rows = _paragraph_rows(paragraphs)
    if rows.is_empty():
        raise TopicError("paragraphs: no rows with level 'paragraph'; a topic model needs paragraphs")
    vectorizer = _vectorizer(method, min_df=min_df, max_df=max_df)
    try:
        matrix = sparse.csr_matrix(vectorizer.fit_transform(rows.get_column("text").to_list()), dtype=np.float64)
    except ValueError as error:
        raise TopicError(
            f"paragraphs: no term is left for {rows.height} paragraph(s) with min_df={min_df}, max_df={max_df} "
            f"({error}); give more paragraphs or lower min_df"
        ) from error
    vocabulary = tuple(str(term) for term in vectorizer.get_feature_names_out())
    has_terms = np.asarray(matrix.getnnz(axis=1) > 0)
    n_rows, n_terms = matrix.shape
    feasible = [k for k in candidates if k <= min(n_rows, n_terms)]
    if not feasible:
        raise TopicError(
            f"paragraphs: {n_rows} paragraph(s) and {n_terms} term(s) cannot make {candidates[0]} topic(s); "
            f"k must be at most {min(n_rows, n_terms)}"
        )
    if len(feasible) < len(candidates):
        log.warning("k above %d is not tried: only %d paragraphs and %d terms", min(n_rows, n_terms), n_rows, n_terms)
    presence = sparse.csc_matrix((matrix > 0).astype(np.float64))
    doc_codes = rows.get_column("doc_id").rank("dense").to_numpy().astype(np.int64)
    starts, sizes = _strata(doc_codes)

    fits: list[_Fit] = []
    scores: list[float] = []
    for k in feasible:
        # One BLAS thread: the matrices are small, and results do not depend on the machine's thread count.
        with threadpool_limits(limits=1):
            fit = _fit_k(
                matrix,
                presence,
                k,
                method=method,
                seed=seed,
                n_seeds=n_seeds,
                starts=starts,
                sizes=sizes,
                has_terms=has_terms,
            )
        fits.append(fit)
        scores.append(_selection_score(float(fit.coherence.mean()), float(fit.stability.mean()), fit.separation))
        log.info(
            "k=%d: npmi=%.3f stability=%.3f separation=%.3f score=%.3f",
            k,
            fit.coherence.mean(),
            fit.stability.mean(),
            fit.separation,
            scores[-1],
        )
    best = int(np.argmax(scores))  # the first maximum: the smaller k on a tie
    chosen = fits[best]
    selection = pl.DataFrame(
        {
            "k": [fit.k for fit in fits],
            "npmi_coherence": [float(fit.coherence.mean()) for fit in fits],
            "stability": [float(fit.stability.mean()) for fit in fits],
            "separation": [fit.separation for fit in fits],
            "score": scores,
            "chosen": [i == best for i in range(len(fits))],
        },
        schema=SELECTION_SCHEMA,
    )
    terms, labels, paragraph_topics, stability = _model_tables(chosen, vocabulary, rows, has_terms)
    n_empty = int((~has_terms).sum())
    if n_empty:
        log.info("%d paragraph(s) hold no vocabulary term and have no topic weights", n_empty)
    return TopicModel(
        terms=terms,
        labels=labels,
        paragraph_topics=paragraph_topics,
        stability=stability,
        selection=selection,
        k=chosen.k,
        seed=seed,
        method=method,
        vocabulary=vocabulary,
    )


# --------------------------------------------------------------------------------------------------------------
# Stable ids


def align_topics(model: TopicModel, reference: pl.DataFrame, *, min_cosine: float = 0.5) -> TopicModel:
    """Rename a model's topics to the ids of the matching topics of an earlier run.

    Topics are matched to the reference topics by :func:`match_topics` (Hungarian assignment on the cosine of
    word vectors). A topic whose match has cosine >= ``min_cosine`` takes its reference topic's id; any other
    topic is new and gets a fresh id numbered after the highest ``T<n>`` id of the reference (an old id is never
    reused, even for a reference topic that found no match), in the order of the model's current ids.

    Args:
        model: The new model.
        reference: The earlier run's topic–word table (``topic_id, term, weight``, as :attr:`TopicModel.terms`,
            possibly cut to its top terms).
        min_cosine: Lowest cosine at which a topic keeps a reference id, in [0, 1].

    Returns:
        The model with its topic ids renamed in every table, each sorted again by its key.

    Raises:
        ParameterError: ``min_cosine`` is outside [0, 1].
        SchemaError: ``reference`` lacks ``topic_id, term, weight`` or is malformed (see :func:`match_topics`).
    """
    if not 0.0 <= min_cosine <= 1.0:
        raise ParameterError(f"min_cosine={min_cosine!r} is not accepted; use a cosine in [0, 1]")
    matches = match_topics(model.terms, reference).filter(pl.col("topic_id").is_not_null())
    reference_ids = set(reference.get_column("topic_id").cast(pl.String).to_list())
    numbers = [int(found.group(1)) for found in map(TOPIC_ID_RE.match, reference_ids) if found]
    next_number = max(numbers, default=0) + 1
    old_to_new: dict[str, str] = {}
    for topic_id, reference_id, cosine in matches.sort("topic_id").iter_rows():
        if reference_id is not None and cosine is not None and cosine >= min_cosine:
            old_to_new[topic_id] = reference_id
            continue
        while _topic_id(next_number) in reference_ids:
            next_number += 1
        old_to_new[topic_id] = _topic_id(next_number)
        next_number += 1
    for topic_id, new_id in sorted(old_to_new.items()):
        if topic_id != new_id:
            log.info("topic %s is now %s", topic_id, new_id)

    def rename(frame: pl.DataFrame, key: Sequence[str]) -> pl.DataFrame:
        return frame.with_columns(pl.col("topic_id").replace_strict(old_to_new, return_dtype=pl.String)).sort(list(key))

    return replace(
        model,
        terms=rename(model.terms, ("topic_id", "rank")),
        labels=rename(model.labels, ("topic_id",)),
        paragraph_topics=rename(model.paragraph_topics, ("para_id", "topic_id")),
        stability=rename(model.stability, ("topic_id",)),
    )


# --------------------------------------------------------------------------------------------------------------
# Prevalence and evidence


def topic_prevalence(
    model: TopicModel,
    documents: pl.DataFrame,
    *,
    by: By = "year",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pl.DataFrame:
    """Share of each topic per year or per statement, with a bootstrap interval.

    With θ_p(t) a paragraph's normalised topic weight (:attr:`TopicModel.paragraph_topics`) and P_u the paragraphs
    of unit u that hold a vocabulary term::

        share(u, t) = Σ_{p ∈ P_u} θ_p(t) / |P_u|

    so the shares of a unit sum to 1 over topics. The interval is the percentile interval over ``n_boot``
    replicates resampling paragraphs within statements, as in :func:`theme_shares`.

    Args:
        model: A fitted topic model.
        documents: The ``documents`` table (at least ``doc_id, year``).
        by: ``"year"`` or ``"doc"``.
        n_boot: Bootstrap replicates (>= 1).
        ci: Confidence level of the interval, in (0, 1).
        seed: Seed of the bootstrap.

    Returns:
        ``year`` (Int32) or ``doc_id``, then ``topic_id, share, ci_low, ci_high``, sorted by unit and topic.

    Raises:
        ParameterError: ``by``, ``n_boot`` or ``ci`` has a value that is not accepted.
        SchemaError: ``documents`` lacks a needed column or misses a statement of the model.
    """
    _check_by(by)
    _check_bootstrap(n_boot, ci)
    unit_name = "year" if by == "year" else "doc_id"
    output_schema = pl.Schema(
        {
            unit_name: pl.Int32() if by == "year" else pl.String(),
            "topic_id": pl.String(),
            "share": pl.Float64(),
            "ci_low": pl.Float64(),
            "ci_high": pl.Float64(),
        }
    )
    topic_ids = list(model.topic_ids)
    weights = model.paragraph_topics.sort("doc_id", "para_id", "topic_id")
    rows = weights.select("doc_id", "para_id").unique(maintain_order=True)
    units = _attach_units(rows, documents, by=by)
    if units.is_empty() or not topic_ids:
        return pl.DataFrame(schema=output_schema)
    theta = _dense(weights, units, topic_ids, column="topic_id", value="weight")
    keys, unit_codes, doc_codes = _unit_codes(units)
    share, low, high = _bootstrap_shares(
        theta, doc_codes=doc_codes, unit_codes=unit_codes, n_units=len(keys), n_boot=n_boot, ci=ci, seed=seed
    )
    frame = _long_shares(
        keys, topic_ids, {"share": share, "ci_low": low, "ci_high": high}, by=by, column_name="topic_id"
    )
    return frame.select(list(output_schema)).cast(output_schema)


def topic_evidence(model: TopicModel, paragraphs: pl.DataFrame, *, top_n: int = 5) -> pl.DataFrame:
    """The paragraphs that carry each topic most: the evidence behind its label and prevalence.

    Args:
        model: A fitted topic model.
        paragraphs: The ``paragraphs`` table (at least ``para_id, text``).
        top_n: Paragraphs per topic (>= 1).

    Returns:
        ``topic_id, rank, para_id, doc_id, weight, text`` (:data:`EVIDENCE_SCHEMA`): per topic, the ``top_n``
        paragraphs of highest weight θ_p(t) > 0 (ties by para_id), ranked from 1, sorted by topic and rank.

    Raises:
        ParameterError: ``top_n`` is not an integer >= 1.
        SchemaError: ``paragraphs`` lacks a needed column or misses a paragraph of the model.
    """
    if isinstance(top_n, bool) or not isinstance(top_n, int) or top_n < 1:
        raise ParameterError(f"top_n={top_n!r} is not accepted; use an integer >= 1")
    _require_columns(paragraphs, ("para_id", "text"), table="paragraphs")
    texts = paragraphs.select(pl.col("para_id").cast(pl.String), pl.col("text")).unique("para_id", keep="first")
    ranked = (
        model.paragraph_topics.filter(pl.col("weight") > 0)
        .sort(["topic_id", "weight", "para_id"], descending=[False, True, False])
        .with_columns(rank=(pl.int_range(pl.len()).over("topic_id") + 1).cast(pl.Int32))
        .filter(pl.col("rank") <= top_n)
    )
    missing = ranked.join(texts, on="para_id", how="anti").get_column("para_id").unique().sort().to_list()
    if missing:
        raise SchemaError(f"paragraphs: para_id(s) {missing[:5]} of the topic model are not in paragraphs")
    return ranked.join(texts, on="para_id", how="left").select(list(EVIDENCE_SCHEMA)).sort("topic_id", "rank")
