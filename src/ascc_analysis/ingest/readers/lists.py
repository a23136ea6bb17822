"""List numbering shared by the HTML and Word readers: the label of item n in a numbering style.

Part of the ingest stage (:mod:`ascc_analysis.ingest.readers`). Automatic list numbering that is not part of the
text (HTML ``<ol>`` items, Word numbered paragraphs) is written out as a label; :func:`format_ordinal` gives it
(``"3"``, ``"03"``, ``"c"``, ``"iii"``, ...) for a :data:`ListStyle`. Pure: numbers in, strings out.
"""

from __future__ import annotations

import re
from typing import Literal


def _roman(number: int) -> str:
    numerals = (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    )
    parts: list[str] = []
    for value, numeral in numerals:
        count, number = divmod(number, value)
        parts.append(numeral * count)
    return "".join(parts)


def _letters(number: int) -> str:
    label = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        label = chr(ord("a") + remainder) + label
    return label


ListStyle = Literal["decimal", "decimal-zero", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman", "none"]


def format_ordinal(number: int, *, style: ListStyle = "decimal") -> str:
    """The label of item ``number`` of an ordered list in a numbering style.

    Args:
        number: The item's ordinal (from 1; 0 and negative numbers fall back to decimal).
        style: The list's numbering style, as in CSS ``list-style-type``.

    Returns:
        ``"3"``, ``"03"``, ``"c"``, ``"C"``, ``"iii"``, ``"III"``, or ``""`` for ``"none"``.
    """
    if style == "none":
        return ""
    if number <= 0 or style == "decimal":
        return str(number)
    if style == "decimal-zero":
        return f"{number:02d}"
    label = _letters(number) if style in ("lower-alpha", "upper-alpha") else _roman(number)
    return label.upper() if style.startswith("upper") else label


def _int_or(value: object, default: int | None) -> int | None:
    """``value`` as an integer when it is one written out (``" 3 "``, ``"-1"``), else ``default``."""
    return int(value) if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value) else default
