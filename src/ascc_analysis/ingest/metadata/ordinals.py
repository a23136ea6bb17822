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
# a superscript lost in copying: "30″ASEAN Summit", "30" ASEAN" (a prime or quote right after the number)
_BROKEN_SUPERSCRIPT = r"(?<![\d\w])(?P<broken>\d{1,3})(?:″|”|\")(?=[ \t]?[A-Z])"
_ORDINAL_RE = re.compile(
    rf"(?P<word>(?<![\w\-])(?i:{_ORDINAL_WORD})(?![\w\-]))(?i:\s*\(\s*\d{{1,3}}\s*(?:st|nd|rd|th)\s*\))?"
    rf"|{_ORDINAL_NUMBER}|{_BROKEN_SUPERSCRIPT}",
)
# a meeting number written after the body in Roman numerals, up to 99: "AMMS VII", "SOMSWD XX"
_ROMAN_RE = re.compile(r"[ \t]+(?P<roman>(?=[IVXL])(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))(?![\w\-])")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_after(text: str, position: int) -> int | None:
    """The Roman numeral (1-99) written right after ``position`` ("AMMS VII" -> 7), or ``None``."""
    match = _ROMAN_RE.match(text, position)
    if not match or not match.group("roman"):
        return None
    values = [_ROMAN_VALUES[char] for char in match.group("roman")]
    return sum(
        -value if index + 1 < len(values) and value < values[index + 1] else value for index, value in enumerate(values)
    )


_DATE_CONTEXT_AFTER = re.compile(rf"\s*(?:of\s+)?{_M}", re.IGNORECASE)
# a month before the ordinal, also with the first day of a range before it: "August 25th-29th"
_DATE_CONTEXT_BEFORE = re.compile(rf"{_M}\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s*[-–]\s*)?$", re.IGNORECASE)


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
        elif match.group("broken") is not None:
            value = int(match.group("broken"))
        else:
            after, before = text[match.end() : match.end() + 20], text[max(0, match.start() - 20) : match.start()]
            if _DATE_CONTEXT_AFTER.match(after) or _DATE_CONTEXT_BEFORE.search(before):
                continue
            value = int(match.group("n"))
        if value > 0:
            yield value, match


def parse_meeting_number(text: str) -> int | None:
    """The first meeting number written as an ordinal.

    Accepts "32nd", "32ND", "19 TH", "8thASEAN", "THIRTY-SECOND", "Twenty first", "Nineteenth (19th)" and a
    superscript lost in copying ("30″ASEAN Summit");
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
