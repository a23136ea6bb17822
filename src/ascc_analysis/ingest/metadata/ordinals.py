"""Meeting numbers as statements write them: ordinals in digits ("32nd") or words ("Thirty-Second").

Part of the parse stage (:mod:`ascc_analysis.ingest.metadata`). :func:`parse_meeting_number` and
:func:`parse_ordinal_words` read the first ordinal of a text (leaving out the days of dates, "31st March 2021");
:func:`ordinal` writes one ("32nd"). The English ordinal words are the mechanism here, not a drafting rule: their
position in the lists gives their value. Pure: strings in, numbers out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ascc_analysis.ingest.metadata.dates import _M

_ORDINAL_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_ORDINAL_TEENS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_TENS = ["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"]

_WORD_TO_ORDINAL: dict[str, int] = {
    **{word: index + 1 for index, word in enumerate(_ORDINAL_UNITS)},
    **{word: index + 10 for index, word in enumerate(_ORDINAL_TEENS)},
    **{word: 20 + 10 * index for index, word in enumerate(_ORDINAL_TENS)},
}
_TENS_VALUE = {word: 20 + 10 * index for index, word in enumerate(_TENS)}

_ORDINAL_WORD = (
    r"(?:(?:" + "|".join(_TENS) + r")[\s\-‐‑–—]*(?:" + "|".join(_ORDINAL_UNITS) + r")"
    r"|" + "|".join(sorted(_WORD_TO_ORDINAL, key=lambda word: (-len(word), word))) + r")"
)
_ORDINAL_WORD_RE = re.compile(rf"(?<![\w\-]){_ORDINAL_WORD}(?![\w\-])", re.IGNORECASE)
_ORDINAL_NUMBER = r"(?<![\d\w])(?P<n>\d{1,3})[ \t]?(?:st|nd|rd|th|ST|ND|RD|TH|St|Nd|Rd|Th)(?![a-z\d])"
_ORDINAL_RE = re.compile(
    rf"(?P<word>(?<![\w\-])(?i:{_ORDINAL_WORD})(?![\w\-]))(?i:\s*\(\s*\d{{1,3}}\s*(?:st|nd|rd|th)\s*\))?"
    rf"|{_ORDINAL_NUMBER}",
)
_DATE_CONTEXT_AFTER = re.compile(rf"\s*(?:of\s+)?{_M}", re.IGNORECASE)
_DATE_CONTEXT_BEFORE = re.compile(rf"{_M}\s*$", re.IGNORECASE)


def parse_ordinal_words(text: str) -> int | None:
    """The number of the first ordinal written in words, from "first" (1) to "ninety-ninth" (99).

    Args:
        text: Any text: "thirty-second" -> 32, "Twenty first" -> 21, "THIRTY-SECOND" -> 32, "tenth" -> 10.

    Returns:
        The ordinal's value, or ``None`` when the text holds no ordinal word.
    """
    match = _ORDINAL_WORD_RE.search(text)
    return _ordinal_word_value(match.group(0)) if match else None


def _ordinal_word_value(words: str) -> int:
    parts = [part for part in re.split(r"[\s\-‐‑–—]+", words.casefold()) if part]
    if len(parts) == 2:
        return _TENS_VALUE[parts[0]] + _WORD_TO_ORDINAL[parts[1]]
    return _WORD_TO_ORDINAL[parts[0]]


def _iter_ordinals(text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """Meeting-number ordinals in reading order, leaving out days of dates ("31st March 2021")."""
    for match in _ORDINAL_RE.finditer(text):
        if match.group("word") is not None:
            value = _ordinal_word_value(match.group("word"))
        else:
            after, before = text[match.end() : match.end() + 20], text[max(0, match.start() - 12) : match.start()]
            if _DATE_CONTEXT_AFTER.match(after) or _DATE_CONTEXT_BEFORE.search(before):
                continue
            value = int(match.group("n"))
        if value > 0:
            yield value, match


def parse_meeting_number(text: str) -> int | None:
    """The first meeting number written as an ordinal.

    Accepts "32nd", "32ND", "19 TH", "8thASEAN", "THIRTY-SECOND", "Twenty first" and "Nineteenth (19th)";
    ordinal days of dates ("31st March 2021", "the 26th of September") are not meeting numbers.

    Args:
        text: A title or sentence.

    Returns:
        The number, or ``None`` when the text holds no ordinal.
    """
    return next((value for value, _ in _iter_ordinals(text)), None)


def ordinal(number: int) -> str:
    """English ordinal with digits: 1 -> "1st", 12 -> "12th", 32 -> "32nd"."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
