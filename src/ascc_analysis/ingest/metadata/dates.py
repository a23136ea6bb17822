"""Dates as statements write them: :func:`parse_date` and :class:`DateSpan`.

Part of the parse stage (:mod:`ascc_analysis.ingest.metadata`). :func:`parse_date` reads the first date expression
of a text ("26 September 2024", "25-26 March 2024", "August 31, 2016", "2024-09-26", "June 2016") into a
:class:`DateSpan`, an interval at a precision. Pure: a string in, a span (or ``None``) out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

DatePrecision = Literal["day", "month", "year"]

_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9


@dataclass(frozen=True)
class DateSpan:
    """A date or date range as a statement writes it.

    Attributes:
        start: First day (the first day of the month or year at coarser precision).
        end: Last day (same as ``start`` for a one-day date; the month's or year's last day at coarser precision).
        precision: ``day``, ``month`` or ``year``.
    """

    start: dt.date
    end: dt.date
    precision: DatePrecision


_MONTH_NAMES = sorted(_MONTHS, key=lambda name: (-len(name), name))
_M = r"(?:" + "|".join(_MONTH_NAMES) + r")\.?"
_D = r"(?<!\d)\d{1,2}(?:[ \t]?(?:st|nd|rd|th))?(?![\d])"
_Y = r"(?<!\d)(?:19|20)\d{2}(?!\d)"
_DASH = r"\s*(?:-|–|—|‐|‑|to|until|and)\s*"
_DAY_FIRST_RANGE = re.compile(
    rf"(?P<d1>{_D})(?:\s+(?:of\s+)?(?P<m1>{_M})(?:,?\s+(?P<y1>{_Y}))?)?{_DASH}"
    rf"(?P<d2>{_D})\s+(?:of\s+)?(?P<m2>{_M}),?\s+(?P<y2>{_Y})",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(rf"(?P<d1>{_D})\s+(?:of\s+)?(?P<m1>{_M}),?\s+(?P<y1>{_Y})", re.IGNORECASE)
_MONTH_FIRST_RANGE = re.compile(
    rf"(?P<m1>{_M})\s+(?P<d1>{_D}){_DASH}(?:(?P<m2>{_M})\s+)?(?P<d2>{_D}),?\s+(?P<y2>{_Y})", re.IGNORECASE
)
_MONTH_FIRST = re.compile(rf"(?P<m1>{_M})\s+(?P<d1>{_D}),?\s+(?P<y1>{_Y})", re.IGNORECASE)
_ISO = re.compile(r"(?<![\d-])(?P<y1>(?:19|20)\d{2})-(?P<m1>\d{2})-(?P<d1>\d{2})(?![\d-])")
_MONTH_ONLY = re.compile(rf"(?<![\w])(?P<m1>{_M}),?\s+(?P<y1>{_Y})", re.IGNORECASE)
_DATE_PATTERNS = (_DAY_FIRST_RANGE, _DAY_FIRST, _MONTH_FIRST_RANGE, _MONTH_FIRST, _ISO, _MONTH_ONLY)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").casefold()]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _span_from_match(match: re.Match[str]) -> DateSpan | None:
    groups = match.groupdict()
    try:
        if match.re is _ISO:
            day = dt.date(int(groups["y1"]), int(groups["m1"]), int(groups["d1"]))
            return DateSpan(day, day, "day")
        if match.re is _MONTH_ONLY:
            year, month = int(groups["y1"]), _month(groups["m1"])
            return DateSpan(dt.date(year, month, 1), _month_end(year, month), "month")
        if match.re in (_DAY_FIRST, _MONTH_FIRST):
            day = dt.date(int(groups["y1"]), _month(groups["m1"]), _day(groups["d1"]))
            return DateSpan(day, day, "day")
        # ranges: the end carries the year (and its month unless the start has its own)
        end_year = int(groups["y2"])
        end_month = _month(groups["m2"]) if groups.get("m2") else _month(groups["m1"])
        end = dt.date(end_year, end_month, _day(groups["d2"]))
        start_month = _month(groups["m1"]) if groups.get("m1") else end_month
        start_year = int(groups["y1"]) if groups.get("y1") else end_year
        if not groups.get("y1") and start_month > end_month:
            start_year -= 1  # "30 December - 2 January 2025"
        start = dt.date(start_year, start_month, _day(groups["d1"]))
    except ValueError:
        return None  # "31 June 2020": not a date
    if start > end:
        return None
    return DateSpan(start, end, "day")


def _iter_dates(text: str) -> Iterator[tuple[DateSpan, int, int]]:
    """Date expressions in reading order as (span, start, end); where several overlap the longest wins.

    An impossible date ("31 June 2020") still covers its words, so that "June 2020" inside it is not read.
    """
    candidates: list[tuple[int, int, DateSpan | None]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            candidates.append((match.start(), match.end(), _span_from_match(match)))
    candidates.sort(key=lambda item: (item[0], -item[1]))
    covered_to = -1
    for start, end, span in candidates:
        if start < covered_to:
            continue
        covered_to = end
        if span is not None:
            yield span, start, end


def parse_date(text: str) -> DateSpan | None:
    """The first date expression in a text.

    Accepts "26 September 2024", "August 31, 2016", "21 MARCH 2018", "25-26 March 2024", "30 April - 1 May 2025",
    "31st March 2021", "on 26th of September 2024", "2024-09-26" (day precision) and "June 2016" (month precision).
    A bare year is not read as a date. Impossible dates ("31 June 2020") are skipped.

    Args:
        text: Any text.

    Returns:
        The span of the first date found, or ``None``.
    """
    return next((span for span, _, _ in _iter_dates(text)), None)
