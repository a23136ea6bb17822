"""Year-on-year shifts stage, terms: ``paragraphs`` and ``documents`` → term counts per year or per statement.

Builds the paragraph × term count matrix with the topic model's analyser
(:func:`ascc_analysis.analysis.topics.analyse_text`: unigrams and bigrams after the ASEAN stop words, no pruning), so
one tokeniser serves the whole project; :func:`term_counts` sums it by year or statement into a tidy frame. Also the
checks shared by the functions that compare two groups of a counts frame (:func:`_pair`).
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy import sparse

from ascc_analysis.analysis.shifts.common import _check_choice, _documents_years
from ascc_analysis.analysis.topics.common import _paragraph_rows, _require_columns
from ascc_analysis.analysis.topics.terms import topic_vectorizer
from ascc_analysis.errors import ParameterError, SchemaError

log = logging.getLogger(__name__)


By = Literal["year", "doc_id"]
CountUnit = Literal["tokens", "paragraphs"]
COUNTS_SCHEMA_YEAR = pl.Schema({"group": pl.Int32(), "term": pl.String(), "n": pl.Int64()})
COUNTS_SCHEMA_DOC = pl.Schema({"group": pl.String(), "term": pl.String(), "n": pl.Int64()})


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
    counted = _count_terms(texts)
    if counted is None:  # every paragraph is made of stop words only
        return empty
    counts, vocabulary = counted
    return _Matrix(rows, counts.copy(), vocabulary.copy())


# The last few count matrices, keyed by a digest of the texts in order: a report computes the same matrix for its
# term counts, divergence, rising terms and evidence (tokenising is most of their time at 10,000 statements).
_COUNTS_CACHE: OrderedDict[bytes, tuple[sparse.csr_matrix, NDArray[np.str_]] | None] = OrderedDict()
_COUNTS_CACHE_SIZE = 2


def _texts_digest(texts: list[str]) -> bytes:
    """A digest of the texts and their order (xxhash of each text through polars, then BLAKE2 over them all)."""
    hashes = pl.Series("text", texts, dtype=pl.String).hash(seed=0).to_numpy()
    lengths = pl.Series("text", texts, dtype=pl.String).str.len_bytes().to_numpy()
    digest = hashlib.blake2b(digest_size=32)
    digest.update(len(texts).to_bytes(8, "little"))
    digest.update(np.ascontiguousarray(hashes).tobytes())
    digest.update(np.ascontiguousarray(lengths).tobytes())
    return digest.digest()


def _count_terms(texts: list[str]) -> tuple[sparse.csr_matrix, NDArray[np.str_]] | None:
    """Term counts (texts × terms, int64) and vocabulary of the texts, or None when every text is stop words only.

    Memoised for the last :data:`_COUNTS_CACHE_SIZE` lists of texts (the caller copies the matrix before handing it
    out, so a cached matrix is never changed).
    """
    key = _texts_digest(texts)
    if key in _COUNTS_CACHE:
        _COUNTS_CACHE.move_to_end(key)
        return _COUNTS_CACHE[key]
    vectorizer = topic_vectorizer("lda", min_df=1, max_df=1.0)
    result: tuple[sparse.csr_matrix, NDArray[np.str_]] | None
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # every paragraph is made of stop words only
        result = None
    else:
        vocabulary = np.asarray(vectorizer.get_feature_names_out(), dtype=np.str_)
        result = (sparse.csr_matrix(counts, dtype=np.int64), vocabulary)
    _COUNTS_CACHE[key] = result
    while len(_COUNTS_CACHE) > _COUNTS_CACHE_SIZE:
        _COUNTS_CACHE.popitem(last=False)
    return result


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
# Two groups of a counts frame


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
