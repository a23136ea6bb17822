"""Topic trends stage, topics of a few years: word bursts → paragraphs set apart as topics of their own.

A subject that the statements take up for one to three years (a pandemic, a one-off chairmanship priority) is small
beside the lasting subjects, and a factorisation of the whole corpus folds it into one of them: its paragraphs are
too few to pay for a topic of their own. Its words give it away, though: they are used far more in its years than in
the others. :func:`find_bursts` finds such words, groups the words used together in the same years, and returns the
paragraphs each group dominates; a subject of a handful of paragraphs, none of whose words stands out alone, is found
by testing the words it uses together as one group. :func:`~ascc_analysis.analysis.topics.fit.fit_topics` fits the
lasting topics on the other paragraphs and adds one topic per group (:func:`burst_topic_words`). Pure arrays in,
arrays out: the document-term matrix (TF-IDF rows), each row's year and, optionally, its statement.

Thresholds (module constants; see :func:`find_bursts`) were set on the planted design family
(:mod:`ascc_analysis.testing.family`: seeds 0, 1, 5 and 6; those of step 5 on seeds 7–18) and read against the demo
corpus, where they set apart its pandemic paragraphs (2020–2022) and its care-economy paragraphs of the last two
years, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse, stats
from scipy.sparse.csgraph import connected_components

BURST_WINDOW = 3
"""Years: a burst lasts one to this many consecutive years."""
BURST_P_MAX = 1e-3
"""A word's burst must have a one-sided binomial p-value at most this (see :func:`find_bursts`)."""
BURST_RATE_RATIO = 4.0
"""and be used at least this many times as often (per paragraph) inside its years as outside."""
BURST_MIN_DF = 3
"""Words in fewer paragraphs than this are not tested."""
BURST_MAX_SPAN_SHARE = 0.5
"""A window holding this share of the paragraphs or more is not a burst (the corpus has too few years)."""
BURST_LINK = 0.2
"""Two burst words are linked when at least this share of the paragraphs of the rarer one, in their years, use both."""
BURST_MIN_WORDS = 3
"""A group needs at least this many single words (a phrase and its two words count as two)."""
BURST_SEED_WORDS = 2
"""A group of at least this many single words that has fewer than :data:`BURST_MIN_WORDS`, or dominates fewer than
:data:`BURST_MIN_PARAGRAPHS` paragraphs, is grown (see :func:`find_bursts`):"""
BURST_GROW_SHARE = 0.5
"""a word joins it when at least this share of its paragraphs (and two or more) are the group's paragraphs in its
years: a small subject's rarer words, too rare to burst on their own."""
BURST_MASS = 0.25
"""A paragraph belongs to a group when the group's words carry at least this share of its squared TF-IDF norm."""
BURST_MIN_PARAGRAPHS = 5
"""A group needs at least this many paragraphs,"""
BURST_CONCENTRATION = 0.7
"""this share of which fall within :data:`BURST_WINDOW` consecutive years."""
BURST_LIKENESS = 0.5
"""A paragraph resembles a group's paragraphs when its cosine with their words (:func:`burst_topic_words`) is at least
this share of their median cosine;"""
BURST_LIKE_CONCENTRATION = 0.6
"""and a group is kept only when at least this share of the paragraphs that resemble it fall within its years (a
subject that is also taken up in other years is not short-lived)."""
BURST_YEAR_SHARE = 0.1
"""A year of the window counts in a burst's span when it holds at least this share of the burst's paragraphs."""
MAX_BURSTS = 3
"""Groups set apart at most (the largest first)."""
SMALL_P_MAX = 0.03
"""Small subjects (step 5 of :func:`find_bursts`): a single word bursts at this p-value (and
:data:`BURST_RATE_RATIO`);"""
SMALL_LINK = 0.5
"""two such words of the same window are linked when at least this share of the rarer one's paragraphs in the window,
and two or more, use both;"""
SMALL_GROUP_P_MAX = 1e-4
"""and a linked group is kept when the paragraphs it dominates fall in its window with a one-sided binomial p-value
at most this,"""
SMALL_MIN_PARAGRAPHS = 4
"""and they are at least this many,"""
SMALL_MIN_STATEMENTS = 2
"""from at least this many statements (one statement's own wording, such as the name of a guest of honour its
paragraphs quote, is not a subject)."""


@dataclass(frozen=True)
class Burst:
    """A group of words used together in a few years, and the paragraphs it dominates.

    Attributes:
        rows: The paragraph rows (indices into the matrix) the group dominates, sorted.
        first_year: First year of its span: the years, within the window of at most :data:`BURST_WINDOW` years
            holding most of its paragraphs, that each hold at least :data:`BURST_YEAR_SHARE` of them.
        last_year: Last year of that span.
        terms: The group's term columns, the most used in its years first.
    """

    rows: NDArray[np.int64]
    first_year: int
    last_year: int
    terms: NDArray[np.int64]


@dataclass(frozen=True)
class _Usage:
    """Which dated paragraphs use which terms, and each term's burst window (see :func:`_word_bursts`).

    Attributes:
        presence: Dated paragraphs × terms, 1 where the paragraph uses the term.
        years: The year of each dated paragraph.
        first: Each term's first year of its burst window (−1 when it has none).
        last: Its last year (−1 when none).
        frequency: The number of paragraphs using each term.
    """

    presence: sparse.csc_matrix
    years: NDArray[np.int64]
    first: NDArray[np.int64]
    last: NDArray[np.int64]
    frequency: NDArray[np.float64]


def _word_bursts(
    presence: sparse.csc_matrix, years: NDArray[np.int64], p_max: float = BURST_P_MAX
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Term columns with a burst at ``p_max``, and each column's first and last year of its burst window (−1 when
    none)."""
    known = np.unique(years)
    codes = np.searchsorted(known, years)
    by_year = sparse.csr_matrix((np.ones(years.size), (codes, np.arange(years.size))), shape=(known.size, years.size))
    counts = np.asarray((by_year @ presence).toarray(), dtype=np.float64)  # years × terms
    sizes = np.bincount(codes, minlength=known.size).astype(np.float64)
    frequency, total = counts.sum(axis=0), float(sizes.sum())
    best = np.ones(presence.shape[1])
    first = np.full(presence.shape[1], -1, dtype=np.int64)
    last = np.full(presence.shape[1], -1, dtype=np.int64)
    for length in range(1, BURST_WINDOW + 1):
        for start in range(known.size):
            inside = (known >= known[start]) & (known < known[start] + length)
            if known[start] + length - 1 > known[-1]:
                continue
            share = float(sizes[inside].sum()) / total
            if share >= BURST_MAX_SPAN_SHARE:
                continue
            hits = counts[inside].sum(axis=0)
            p_value = stats.binom.sf(hits - 1, frequency, share)
            rate_inside = hits / (share * total)
            rate_outside = (frequency - hits) / ((1.0 - share) * total)
            passes = (p_value <= p_max) & (rate_inside >= BURST_RATE_RATIO * rate_outside)
            better = passes & (frequency >= BURST_MIN_DF) & (p_value < best)
            best = np.where(better, p_value, best)
            first = np.where(better, known[start], first)
            last = np.where(better, known[inside].max(), last)
    return np.flatnonzero(first >= 0), first, last


def _word_groups(usage: _Usage, words: NDArray[np.int64], unigrams: NDArray[np.bool_]) -> list[NDArray[np.int64]]:
    """Connected groups of burst words whose windows overlap and that are used together within their windows."""
    presence, years, first, last = usage.presence, usage.years, usage.first, usage.last
    n_words = words.size
    together = np.zeros((n_words, n_words))
    for window in sorted({(int(first[w]), int(last[w])) for w in words}):
        rows = np.flatnonzero((years >= window[0]) & (years <= window[1]))
        members = np.flatnonzero((first[words] == window[0]) & (last[words] == window[1]))
        sub = presence[rows][:, words]
        cooccurrence = np.asarray((sub[:, members].T @ sub).toarray(), dtype=np.float64)
        together[members] = cooccurrence
    used = np.diag(together).copy()
    rarer = np.maximum(np.minimum.outer(used, used), 1.0)
    link = np.minimum(together, together.T) / rarer >= BURST_LINK
    low, high = first[words], last[words]
    link &= (low[:, None] <= high[None, :]) & (low[None, :] <= high[:, None])
    component = np.full(n_words, -1, dtype=np.int64)
    groups: list[NDArray[np.int64]] = []
    for seed_word in range(n_words):
        if component[seed_word] >= 0:
            continue
        component[seed_word] = len(groups)
        stack, members_of = [seed_word], [seed_word]
        while stack:
            word = stack.pop()
            for other in np.flatnonzero(link[word] & (component < 0)):
                component[other] = len(groups)
                stack.append(int(other))
                members_of.append(int(other))
        chosen = np.asarray(sorted(members_of), dtype=np.int64)
        groups.append(words[chosen[np.argsort(-used[chosen], kind="stable")]])
    return [group for group in groups if int(unigrams[group].sum()) >= BURST_SEED_WORDS]


def _grown(usage: _Usage, group: NDArray[np.int64], ignore: NDArray[np.bool_] | None) -> NDArray[np.int64]:
    """``group`` with the words mostly used in its paragraphs: those, within the group's years, that use one of its
    words; a word joins when at least two of them and :data:`BURST_GROW_SHARE` of all its paragraphs are among them
    (and it is not in ``ignore``). The new words come after the group's, the most used first."""
    inside = (usage.years >= usage.first[group].min()) & (usage.years <= usage.last[group].max())
    uses = np.asarray(usage.presence[:, group].sum(axis=1)).ravel() > 0
    hits = np.asarray(usage.presence[np.flatnonzero(inside & uses)].sum(axis=0)).ravel()
    joins = (hits >= 2) & (hits >= BURST_GROW_SHARE * usage.frequency)
    if ignore is not None:
        joins &= ~ignore
    extra = np.setdiff1d(np.flatnonzero(joins), group)
    return np.concatenate([group, extra[np.argsort(-hits[extra], kind="stable")]]).astype(np.int64)


def find_bursts(
    matrix: sparse.csr_matrix,
    years: NDArray[np.int64],
    unigrams: NDArray[np.bool_],
    *,
    ignore: NDArray[np.bool_] | None = None,
    statements: NDArray[np.int64] | None = None,
) -> list[Burst]:
    """Groups of words used together in one to three years, and the paragraphs each dominates.

    1. **Word bursts.** For every term in at least :data:`BURST_MIN_DF` paragraphs and every window of one to
       :data:`BURST_WINDOW` consecutive years holding under half the paragraphs, ``k`` of its ``n`` paragraphs
       fall in the window, which holds a share ``s`` of all paragraphs. The word bursts there when the one-sided
       binomial ``P(X ≥ k | n, s) ≤`` :data:`BURST_P_MAX` and its rate inside is at least
       :data:`BURST_RATE_RATIO` times its rate outside (words of a topic that returns each year at a lower level
       are not bursts); its window is the one of smallest p-value.
    2. **Groups.** Two burst words are linked when their windows overlap and at least :data:`BURST_LINK` of the
       rarer one's paragraphs within its window also use the other; a group is a connected set, and needs at
       least :data:`BURST_MIN_WORDS` single words once step 3 is done (one rare phrase is not a subject).
    3. **Small subjects.** A subject of a few paragraphs has few words used often enough to be tested: a group
       with fewer than :data:`BURST_MIN_WORDS` single words (but at least :data:`BURST_SEED_WORDS`), or whose
       words dominate fewer than :data:`BURST_MIN_PARAGRAPHS` paragraphs (step 4), takes in the words used
       mostly in its paragraphs (:data:`BURST_GROW_SHARE`). Groups large enough already are not grown: in a corpus
       of one or two statements a year, every word of a year's statement would join. Terms in ``ignore`` (the
       chair's and the venue's names, which change every year) neither burst nor join.
    4. **Paragraphs.** A paragraph belongs to a group when the group's words carry at least :data:`BURST_MASS` of
       its squared TF-IDF norm. A group is kept when it has at least :data:`BURST_MIN_PARAGRAPHS` paragraphs and
       :data:`BURST_CONCENTRATION` of them fall within :data:`BURST_WINDOW` consecutive years (a topic that
       steps up near the end of the span uses its words before too, in paragraphs that then count against it),
       and when at least :data:`BURST_LIKE_CONCENTRATION` of the paragraphs that resemble them
       (:data:`BURST_LIKENESS`) are in its years too: a subject of every year that has words of its own in two of
       them is not short-lived. Groups are taken largest first; a paragraph claimed by one is not counted for the
       next; at most :data:`MAX_BURSTS`.
    5. **Subjects of a few paragraphs** (:func:`_small_subjects`). A subject of four to eight paragraphs has no
       word that bursts at :data:`BURST_P_MAX`; several of its words do at :data:`SMALL_P_MAX`, in the same
       window, and are used together there. Such words (not in a group kept, not ignored) are linked when used
       together (:data:`SMALL_LINK`); a group of :data:`BURST_MIN_WORDS` or more is kept when the paragraphs it
       dominates (unclaimed, at least :data:`SMALL_MIN_PARAGRAPHS`, from :data:`SMALL_MIN_STATEMENTS` statements
       or more when ``statements`` is given) fall in its window with a binomial p-value at most
       :data:`SMALL_GROUP_P_MAX`, and passes the checks of step 4. Its groups come after those of steps 1–4.

    Args:
        matrix: The TF-IDF rows of the paragraphs.
        years: The year of each row (−1 for a row without a year: it is never part of a burst).
        unigrams: Whether each term is a single word.
        ignore: Terms that are neither burst words nor grown into a group (the names of chairs and venues, see
            :func:`~ascc_analysis.analysis.topics.terms.place_terms`); None for none.
        statements: The statement of each row (any integer code), for the check of step 5; None: not checked.

    Returns:
        The groups kept: those of steps 1–4, largest first, then those of step 5, largest first.
    """
    dated = np.flatnonzero(years >= 0)
    if dated.size == 0 or np.unique(years[dated]).size < 2:
        return []
    presence = sparse.csc_matrix((matrix[dated] > 0).astype(np.float64))
    words, first, last = _word_bursts(presence, years[dated])
    if ignore is not None:
        words = words[~ignore[words]]
    usage = _Usage(presence, years[dated], first, last, np.asarray(presence.sum(axis=0), dtype=np.float64).ravel())
    squares = matrix.multiply(matrix).tocsr()
    norms = np.asarray(squares.sum(axis=1)).ravel()

    def dominated(group: NDArray[np.int64]) -> NDArray[np.int64]:
        mass = np.asarray(squares[:, group].sum(axis=1)).ravel()
        return np.flatnonzero((years >= 0) & (mass >= BURST_MASS * np.maximum(norms, 1e-300)) & (norms > 0))

    candidates = []
    for group in _word_groups(usage, words, unigrams) if words.size >= BURST_SEED_WORDS else []:
        rows = dominated(group)
        if int(unigrams[group].sum()) < BURST_MIN_WORDS or rows.size < BURST_MIN_PARAGRAPHS:
            group = _grown(usage, group, ignore)
            rows = dominated(group)
        if int(unigrams[group].sum()) >= BURST_MIN_WORDS:
            candidates.append((rows, group))
    kept: list[Burst] = []
    claimed = np.zeros(matrix.shape[0], dtype=bool)
    for rows, group in sorted(candidates, key=lambda item: (-item[0].size, int(item[1][0]))):
        rows = rows[~claimed[rows]]
        if rows.size < BURST_MIN_PARAGRAPHS or (span := _span(matrix, norms, years, rows)) is None:
            continue
        claimed[rows] = True
        kept.append(Burst(rows, span[0], span[1], group))
        if len(kept) == MAX_BURSTS:
            return kept
    taken = np.zeros(matrix.shape[1], dtype=bool)
    for burst in kept:
        taken[burst.terms] = True
    if ignore is not None:
        taken |= ignore
    for burst in _small_subjects(usage, unigrams & ~taken, dominated, claimed, years, statements):
        rows = burst.rows[~claimed[burst.rows]]
        if rows.size < SMALL_MIN_PARAGRAPHS or (span := _span(matrix, norms, years, rows)) is None:
            continue
        claimed[rows] = True
        kept.append(Burst(rows, span[0], span[1], burst.terms))
        if len(kept) == MAX_BURSTS:
            break
    return kept


def _span(
    matrix: sparse.csr_matrix, norms: NDArray[np.float64], years: NDArray[np.int64], rows: NDArray[np.int64]
) -> tuple[int, int] | None:
    """The first and last year of a group's paragraphs ``rows`` (see :attr:`Burst.first_year`), or None when the
    group is not a subject of a few years: under :data:`BURST_CONCENTRATION` of ``rows`` within
    :data:`BURST_WINDOW` consecutive years, or under :data:`BURST_LIKE_CONCENTRATION` of the paragraphs resembling
    them within its years (step 4 of :func:`find_bursts`)."""
    held = years[rows]
    inside, start = max(
        (int(((held >= year) & (held < year + BURST_WINDOW)).sum()), -int(year)) for year in np.unique(held)
    )
    if inside / rows.size < BURST_CONCENTRATION:
        return None
    window, counts = np.unique(held[(held >= -start) & (held < -start + BURST_WINDOW)], return_counts=True)
    main = window[counts >= BURST_YEAR_SHARE * rows.size]  # a stray paragraph does not widen the span
    if _like_share(matrix, norms, years, rows, int(main.min()), int(main.max())) < BURST_LIKE_CONCENTRATION:
        return None
    return int(main.min()), int(main.max())


def _small_subjects(
    usage: _Usage,
    eligible: NDArray[np.bool_],
    dominated: Callable[[NDArray[np.int64]], NDArray[np.int64]],
    claimed: NDArray[np.bool_],
    years: NDArray[np.int64],
    statements: NDArray[np.int64] | None,
) -> list[Burst]:
    """Step 5 of :func:`find_bursts`: subjects too small for any of their words to burst at :data:`BURST_P_MAX`.

    A subject of four to eight paragraphs in one year uses each of its words three or four times there, and once or
    twice elsewhere where another subject borrows it: one word's binomial p-value is then 10⁻⁴–10⁻², which,
    among thousands of words and windows, chance gives too. Several such words used together in the same paragraphs
    of the same window are not chance: the single words (``eligible``) that burst at :data:`SMALL_P_MAX` in exactly
    the same window are linked when they are used together (:data:`SMALL_LINK`), and a connected group of at least
    :data:`BURST_MIN_WORDS` words is tested as a whole: the paragraphs it dominates (and no group before claimed)
    must fall in its window with a binomial p-value at most :data:`SMALL_GROUP_P_MAX`. Linking only words of one
    window also keeps apart some subjects of 9–18 paragraphs whose words steps 1–2 linked, through words of
    overlapping windows, into a group that failed the checks of step 4.

    Returns:
        Candidate groups, the most paragraphs first; the caller applies the checks of step 4 (:func:`_span`).
    """
    words, first, last = _word_bursts(usage.presence, usage.years, SMALL_P_MAX)
    words = words[eligible[words]]
    dated = years >= 0
    found: list[Burst] = []
    for low, high in sorted({(int(first[word]), int(last[word])) for word in words}):
        members = words[(first[words] == low) & (last[words] == high)]
        if members.size < BURST_MIN_WORDS:
            continue
        sub = usage.presence[np.flatnonzero((usage.years >= low) & (usage.years <= high))][:, members]
        together = np.asarray((sub.T @ sub).toarray(), dtype=np.float64)
        used = np.diag(together).copy()
        link = (together >= 2) & (together / np.maximum(np.minimum.outer(used, used), 1.0) >= SMALL_LINK)
        np.fill_diagonal(link, False)
        n_groups, labels = connected_components(sparse.csr_matrix(link), directed=False)
        inside = dated & (years >= low) & (years <= high)
        share = float(inside.sum()) / max(int(dated.sum()), 1)
        for label in range(n_groups):
            chosen = labels == label
            if int(chosen.sum()) < BURST_MIN_WORDS:
                continue
            group = members[chosen][np.argsort(-used[chosen], kind="stable")]
            rows = dominated(group)
            rows = rows[~claimed[rows]]
            hits = int(inside[rows].sum())
            if rows.size < SMALL_MIN_PARAGRAPHS or stats.binom.sf(hits - 1, rows.size, share) > SMALL_GROUP_P_MAX:
                continue
            if statements is not None and np.unique(statements[rows]).size < SMALL_MIN_STATEMENTS:
                continue
            found.append(Burst(rows, low, high, group))
    return sorted(found, key=lambda burst: (-burst.rows.size, int(burst.terms[0])))


def _like_share(
    matrix: sparse.csr_matrix,
    squared_norms: NDArray[np.float64],
    years: NDArray[np.int64],
    rows: NDArray[np.int64],
    first_year: int,
    last_year: int,
) -> float:
    """The share, among the paragraphs that resemble ``rows`` (see :data:`BURST_LIKENESS`), of those dated within
    ``first_year``–``last_year``."""
    words = burst_topic_words(matrix, rows, np.setdiff1d(np.arange(matrix.shape[0]), rows))
    cosine = np.asarray(matrix @ words, dtype=np.float64).ravel() / np.maximum(
        np.sqrt(squared_norms) * float(np.linalg.norm(words)), 1e-300
    )
    alike = cosine >= BURST_LIKENESS * float(np.median(cosine[rows]))
    return float((alike & (years >= first_year) & (years <= last_year)).sum()) / max(int(alike.sum()), 1)


def rows_of_no_burst(bursts: Sequence[Burst], n_rows: int) -> NDArray[np.int64]:
    """The rows (of ``n_rows``) that belong to none of ``bursts``: the paragraphs the lasting topics are fitted on."""
    taken = np.zeros(n_rows, dtype=bool)
    for burst in bursts:
        taken[burst.rows] = True
    return np.flatnonzero(~taken)


def burst_topic_words(
    matrix: sparse.csr_matrix,
    rows: NDArray[np.int64],
    others: NDArray[np.int64],
    *,
    weights: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """A burst's word distribution: the mean TF-IDF row of its paragraphs ``rows`` (weighted by ``weights`` when
    given, e.g. their weight on the burst's topic) less the mean row of ``others`` (the paragraphs of no burst),
    clipped at zero and normalised to sum to one. Subtracting the background takes out the words every paragraph
    uses, which would otherwise draw the topic towards all the others."""
    share = np.ones(rows.size) if weights is None else weights
    inside = np.asarray(matrix[rows].T @ share, dtype=np.float64).ravel() / max(float(share.sum()), 1e-300)
    background = (
        np.asarray(matrix[others].mean(axis=0), dtype=np.float64).ravel() if others.size else np.zeros_like(inside)
    )
    words = np.maximum(inside - background, 0.0)
    if words.sum() <= 0:
        words = inside
    return np.asarray(words / max(float(words.sum()), 1e-300), dtype=np.float64)
