"""Topic trends stage, terms: the stop words, the analyser and the vectoriser that turn paragraph texts into terms.

Reads the ASEAN drafting-style stop words and phrases of ``resources/stopwords.txt`` (once per process) and returns
the terms a text holds (:func:`analyse_text`) or a scikit-learn vectoriser of unigrams and bigrams (TF-IDF for NMF,
counts for LDA). One tokeniser serves the whole project: :mod:`ascc_analysis.analysis.shifts` counts the same terms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer

from ascc_analysis.analysis.topics.common import TopicMethod
from ascc_analysis.ingest.metadata import CITY_VARIANTS, COUNTRY_VARIANTS

STOPWORDS_RESOURCE = "stopwords.txt"
# Tokens: lower-case words of two or more characters that start with a letter and may hold digits and inner
# hyphens ("socio-cultural", "covid-19"); numbers, ordinals ("32nd") and single letters are not tokens.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w-]*[^\W_]\b"


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

    def __call__(self, text: str, *, mark: str = " ") -> str:
        lowered = text.lower().replace("\u2019", "'").replace("\u2018", "'")
        return self._pattern.sub(mark, lowered) if self._pattern is not None else lowered


@cache
def _preprocessor() -> _Preprocessor:
    return _Preprocessor([entry for entry in load_stopwords() if " " in entry])


@cache
def _single_stopwords() -> frozenset[str]:
    """English (scikit-learn) and ASEAN stop words of one word."""
    return frozenset(ENGLISH_STOP_WORDS) | {entry for entry in load_stopwords() if " " not in entry}


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
    analyse = topic_vectorizer("lda", min_df=1, max_df=1.0).build_analyzer()
    return tuple(str(term) for term in analyse(text))


_TOKEN = re.compile(TOKEN_PATTERN)
# Runs of word characters and hyphens, and single marks between them; a possessive "'s" is dropped first, so that
# "women's empowerment" holds the phrase "women empowerment".
_PIECE = re.compile(r"[\w-]+|[^\w\s]")
_POSSESSIVE = re.compile(r"'s\b")


def adjacent_bigrams(text: str) -> set[str]:
    """The bigrams of a text whose two words stand next to each other in it: the phrases it uses.

    The vectoriser's bigrams are formed after the stop words are removed (scikit-learn's n-grams), so
    ``"rural roads and irrigation"`` gives ``"roads irrigation"`` as well as ``"rural roads"``. Such pairs of
    words of one clause tell a topic model which words are used together, and it is fitted on them; but only a
    bigram of adjacent words (no stop word, removed phrase, number or mark between them) is a phrase a reader can
    look up in the statements, and only those are published as a topic's words (see :func:`phrase_terms`).

    Args:
        text: Any text.

    Returns:
        The bigrams, in the vectoriser's spelling (``{"rural roads"}`` for the example).
    """
    lowered = _POSSESSIVE.sub("", _preprocessor()(text, mark=" | "))  # a removed phrase breaks a phrase
    stop = _single_stopwords()
    bigrams: set[str] = set()
    previous: str | None = None
    for piece in _PIECE.finditer(lowered):
        word = piece.group(0).strip("-")
        if _TOKEN.fullmatch(word) and word not in stop:
            if previous is not None:
                bigrams.add(f"{previous} {word}")
            previous = word
        else:
            previous = None
    return bigrams


def phrase_terms(vocabulary: Sequence[str], texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Which terms are words or phrases of ``texts``: every unigram, and a bigram whose two words stand next to
    each other in at least one of them (:func:`adjacent_bigrams`).

    Args:
        vocabulary: The model's terms.
        texts: The paragraph texts the model was fitted on.

    Returns:
        One boolean per term.
    """
    used: set[str] = set()
    for text in texts:
        used |= adjacent_bigrams(text)
    return np.asarray([" " not in term or term in used for term in vocabulary], dtype=bool)


@cache
def _place_words() -> frozenset[str]:
    names = [*COUNTRY_VARIANTS, *(v for variants in COUNTRY_VARIANTS.values() for v in variants)]
    names += [*CITY_VARIANTS, *(v for _, variants in CITY_VARIANTS.values() for v in variants)]
    return frozenset(word for name in names for term in analyse_text(name) for word in term.split())


def place_terms(vocabulary: Sequence[str]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Which terms name only places: words of the Member States' and known venues' names (the metadata rules'
    ``countries`` and ``cities``), alone or as a phrase of them (``"viet nam"``, ``"phnom penh"``).

    Every statement names its chair and its venue, and these change each year, so their words are used in one
    year far more than in the others without being a subject: the search for topics of a few years
    (:func:`~ascc_analysis.analysis.topics.bursts.find_bursts`) leaves them out.

    Args:
        vocabulary: The model's terms.

    Returns:
        One boolean per term.
    """
    places = _place_words()
    return np.asarray([all(word in places for word in term.split()) for term in vocabulary], dtype=bool)


def topic_vectorizer(method: TopicMethod, *, min_df: int, max_df: float) -> CountVectorizer:
    """The vectoriser of :func:`~ascc_analysis.analysis.topics.fit_topics`: sublinear TF-IDF (``"nmf"``) or counts
    (``"lda"``) of unigrams and bigrams without English and ASEAN stop words, pruned by ``min_df`` and ``max_df``."""
    options: dict[str, Any] = {
        "preprocessor": _preprocessor(),
        "token_pattern": TOKEN_PATTERN,
        "stop_words": sorted(_single_stopwords()),
        "ngram_range": (1, 2),
        "min_df": min_df,
        "max_df": max_df,
        "dtype": np.float64,
    }
    if method == "nmf":
        return TfidfVectorizer(sublinear_tf=True, **options)
    return CountVectorizer(**options)
