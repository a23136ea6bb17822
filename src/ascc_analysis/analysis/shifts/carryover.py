"""Year-on-year shifts stage, boilerplate: paragraphs carried over from earlier statements, and novelty per statement.

Reads ``paragraphs`` and ``documents`` and returns, for each paragraph, its most similar paragraph in any earlier
statement by the Jaccard index of word shingles, found exactly (a sparse product) or through seeded MinHash signatures
banded for locality-sensitive hashing (:func:`carry_over`); :func:`novelty` gives each statement's share of novel
paragraphs. The carried para_ids can be passed as ``exclude`` to the term analysis to study novel text only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy import sparse

from ascc_analysis.analysis.shifts.common import _check_choice, _check_int, _check_unit_interval, _documents_years
from ascc_analysis.analysis.topics.common import _paragraph_rows, _require_columns
from ascc_analysis.errors import SchemaError

CarryMethod = Literal["auto", "exact", "minhash"]
AUTO_EXACT_MAX = 3000
""":func:`carry_over` with ``method="auto"`` compares paragraphs exactly up to this many paragraphs, else MinHash."""
MINHASH_PERMUTATIONS = 128
MINHASH_BANDS = 32  # 32 bands of 4 rows: a pair of Jaccard 0.8 shares a band with probability 1 - (1 - 0.8^4)^32
MINHASH_NEIGHBOURS = 25  # in a band's bucket, each paragraph is compared with this many most recent earlier ones
_MERSENNE = (1 << 31) - 1
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
