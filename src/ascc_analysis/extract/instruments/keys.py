"""Instrument extraction: title keys and instrument ids.

:func:`title_key` folds a title for comparison (case, quotes, dashes, bracketed acronyms, a leading "the", spelling
variants); :func:`instrument_id` turns a canonical title and its type into the stable id of the ``instruments``
table. Pure functions of strings: canonicalisation (:mod:`~ascc_analysis.extract.instruments.canonical`) and the
planted-signal generator read them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from ascc_analysis.extract.instruments.tokens import _BRACKET_RE, _bracket_kind

__all__ = ["instrument_id", "title_key"]

_KEY_STOP = frozenset({"the", "of", "on", "and", "for", "in", "to", "a", "an", "with", "by", "at", "towards"})
_SLUG_STOP = _KEY_STOP | {"asean"}
_SPELLING = (
    (re.compile(r"\bworkplan(s?)\b"), r"work plan\1"),
    (re.compile(r"\broad map(s?)\b"), r"roadmap\1"),
    (re.compile(r"\bprogram(s?)\b"), r"programme\1"),
    (re.compile(r"\bcenter(s?)\b"), r"centre\1"),
    (re.compile(r"\blabor\b"), "labour"),
    (re.compile(r"\bguideline\b"), "guidelines"),
    (re.compile(r"\b(\w{4,})iz(e|es|ed|ing|ation|ations)\b"), r"\1is\2"),
    (re.compile(r"\bwell being\b"), "wellbeing"),
)
_NEVER_EXPAND = frozenset({"ASEAN"})  # "(ASEAN)" after "Association of Southeast Asian Nations" stays a word


def title_key(title: str, *, expansions: Mapping[str, str] | None = None) -> str:
    """A title folded for comparison: case, quotes, dashes, brackets, a leading "the" and spellings ignored.

    Args:
        title: A title as written.
        expansions: Acronyms defined inside titles (``{"ALD": "ASEAN Leaders' Declaration"}``): the bracket
            "(ALD)" is dropped and a bare "ALD" is read as its words.

    Returns:
        Lowercase words separated by single spaces (``"asean leaders declaration on ending inequalities ..."``).
        Bracketed acronyms are dropped; editions and years in brackets are kept as words.
    """
    expansions = expansions or {}
    text = title.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')

    def bracket(match: re.Match[str]) -> str:
        content = match.group(1).strip()
        return " " if _bracket_kind(content) == "acronym" else f" {content} "

    text = _BRACKET_RE.sub(bracket, text)
    if expansions:
        alternatives = "|".join(re.escape(acronym) for acronym in sorted(expansions, key=lambda a: (-len(a), a)))
        text = re.sub(rf"(?<![\w-])({alternatives})(?![\w-])", lambda m: expansions[m.group(1)], text)
    text = text.casefold().replace("'", "")
    text = re.sub(r"[\s\-‐‑–—/:,;.\"()&]+", " ", text).strip()
    for regex, replacement in _SPELLING:
        text = regex.sub(replacement, text)
    text = re.sub(r"^the\s+", "", text)
    return " ".join(text.split())


def instrument_id(title: str, instrument_type: str) -> str:
    """A stable, readable id of a canonical title: ``"<type>-<up to 6 content words>-<8 hex digits>"``.

    Args:
        title: The canonical title.
        instrument_type: Its type.

    Returns:
        For example ``"declaration-strengthening-care-economy-fostering-resilience-towards-1a2b3c4d"``: the type,
        the first six words of the :func:`title_key` that are not "ASEAN", a function word or the type's own
        words, and a hash of the type and the key (so it does not depend on row order or on the case and spelling
        of the title).
    """
    key = title_key(title)
    type_words = set(instrument_type.split("_"))
    words = [
        cleaned
        for word in key.split()
        if word not in _SLUG_STOP and word not in type_words and word.rstrip("s") not in type_words
        if (cleaned := re.sub(r"[^a-z0-9]+", "", word))
    ]
    if not words:  # "ASEAN Charter", "ASEAN Strategic Plans": keep "asean" rather than nothing
        words = [word for word in key.split() if word == "asean"][:1]
    digest = hashlib.sha1(f"{instrument_type}|{key}".encode()).hexdigest()[:8]
    return "-".join([instrument_type.replace("_", "-"), *words[:6], digest])
