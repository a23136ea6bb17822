"""Instrument extraction: the word shapes the title rules read.

Pure text helpers that read no rules: the token at or before an offset (word, bracket, punctuation), capitalised
words and numbers, what a bracket holds (an acronym, an edition or other), whether an acronym reads as the initials
of a title's words, the acronyms defined inside a title, and sentence bounds. The title scanner, the status rules,
canonicalisation and attribution read them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

_HYPHENS = "-‐‑–—"
# A word: letters/digits, joined by hyphens or slashes ("Post-2025", "Work-Life", "2025-2030", "COP-29") or by a plus
# before a digit ("ASEAN+3", "AMRI+3": ASEAN Plus Three), with a possessive ending ("Leaders'", "Timor-Leste's").
_WORD_RE = re.compile(r"[^\W_](?:[\w&]|[-‐‑–/](?=[^\W_])|\+(?=\d))*(?:'[sS](?!\w)|(?<=[sS])'(?!\w))?")
_SPACE_RE = re.compile(r"[ \t\n\r]*")
_BRACKET_RE = re.compile(r"\(([^()]{1,60})\)")
_ACRONYM_PART_RE = re.compile(r"[A-Z0-9][A-Za-z0-9&./-]*")
_EDITION_RE = re.compile(
    r"(?i)(?:(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{4})\s+edition"
    r"|edition\s+\d+|(?:revised|updated)(?:\s+(?:edition|version|\d{4}))?|rev\.?\s*\d*|\d{4}(?:[-–]\d{2,4})?"
    r"|phase\s+(?:[ivx]{1,4}|\d{1,2}))"
)
_SENTENCE_END_RE = re.compile(
    r"(?<!\b[Nn]o)(?<!\be\.g)(?<!\bi\.e)(?<!\b[a-z])(?<!\b[ivx]{2})\.[\"')\]]*(?=\s+[^a-z\s]|\s*$)"
)


@dataclass(frozen=True)
class _Token:
    kind: Literal["word", "bracket", "punct", "end"]
    start: int
    end: int
    value: str


def _token_at(text: str, pos: int) -> _Token:
    """The token starting at ``pos`` after spaces."""
    start = _SPACE_RE.match(text, pos).end()  # type: ignore[union-attr]
    if start >= len(text):
        return _Token("end", start, start, "")
    bracket = _BRACKET_RE.match(text, start)
    if bracket:
        return _Token("bracket", start, bracket.end(), bracket.group(1))
    word = _WORD_RE.match(text, start)
    if word:
        return _Token("word", start, word.end(), word.group(0))
    return _Token("punct", start, start + 1, text[start])


def _token_before(text: str, pos: int) -> _Token:
    """The word token ending at ``pos`` (after skipping spaces leftwards), or a punct/end token."""
    end = pos
    while end > 0 and text[end - 1] in " \t\n\r":
        end -= 1
    if end == 0:
        return _Token("end", 0, 0, "")
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'-‐‑–/&_+"):
        start -= 1
    while start < end and not text[start].isalnum():
        start += 1
    if start < end:
        word = _WORD_RE.fullmatch(text, start, end)
        if word:
            return _Token("word", start, end, word.group(0))
    return _Token("punct", end - 1, end, text[end - 1])


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _is_number(word: str) -> bool:
    return word[:1].isdigit()


def _acronym_like(content: str) -> bool:
    """A bracket holding an acronym: "ADRCF", "E2E EWS", "UNFCCC COP-29", "SOPs"."""
    parts = content.split()
    return bool(parts) and all(
        _ACRONYM_PART_RE.fullmatch(part)
        and sum(c.isupper() for c in part) >= 2 * sum(c.islower() for c in part)
        and sum(c.isupper() for c in part) >= 1
        for part in parts
    )


def _bracket_kind(content: str) -> Literal["acronym", "edition", "other"]:
    stripped = content.strip()
    if _EDITION_RE.fullmatch(stripped):
        return "edition"
    if _acronym_like(stripped) and any(c.isalpha() for c in stripped):
        return "acronym"
    return "other"


def _initial_words(title: str, function_lower: frozenset[str]) -> list[str]:
    """Capitalised words and word parts of a title, whose initials an acronym may take."""
    words: list[str] = []
    for word in re.findall(r"[^\W_][\w']*", title.replace("(", " ").replace(")", " ")):
        if word.lower() in function_lower or not word[:1].isupper():
            continue
        words.append(word)
    return words


def _initials_skips(acronym: str, words: Sequence[str]) -> int | None:
    """How many of ``words`` an acronym skips when read as their initials; ``None`` if it does not read so.

    The acronym's capital letters must follow the words' initials in order, starting with the first word
    (tolerantly: "ABCD" reads as "ASEAN Blueprint for Community Disaster Resilience", skipping one word). At least
    half of the words must give a letter, and the acronym must end within the last two words.
    """
    letters = [c for c in acronym if c.isupper()]
    if not letters or not words or letters[0] != words[0][0].upper():
        return None
    index = 0
    last_word = -1
    for position, word in enumerate(words):
        if index < len(letters) and word[0].upper() == letters[index]:
            index += 1
            last_word = position
    if index < len(letters) or index * 2 < len(words) or last_word < len(words) - 2:
        return None
    return len(words) - index


def _initials_match(acronym: str, words: Sequence[str]) -> bool:
    """Whether ``acronym`` reads as the initials of ``words`` (see :func:`_initials_skips`)."""
    return _initials_skips(acronym, words) is not None


def _internal_acronyms(title: str, function_lower: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """Acronyms defined inside a title ("ASEAN Leaders' Declaration (ALD) on ...") with the words they stand for."""
    pairs: list[tuple[str, str]] = []
    for match in _BRACKET_RE.finditer(title):
        content = match.group(1).strip()
        if _bracket_kind(content) != "acronym" or " " in content:
            continue
        before = title[: match.start()].split()
        for size in range(1, min(len(before), 12) + 1):
            candidate = before[-size:]
            words = _initial_words(" ".join(candidate), function_lower)
            if (
                candidate[0][:1].isupper()
                and _initials_match(content, words)
                and len(words) >= len([c for c in content if c.isupper()]) - 1
            ):
                pairs.append((content, " ".join(candidate)))
                break
    return tuple(pairs)


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        bounds.append((start, match.end()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds
