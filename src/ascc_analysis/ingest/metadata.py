"""Statement metadata: meeting body and number, date, venue, chair and format, read from a statement's text.

Part of the parse stage (raw file -> ``documents`` table). :func:`extract_metadata` reads the title block and the
opening paragraphs of one normalised statement and fills the metadata columns of the ``documents`` table
(:data:`ascc_analysis.schemas.DOCUMENTS`). A field that the text does not state is left ``None`` and reported in
:attr:`Metadata.missing`; nothing is guessed (no year -> chair fill-in). The source manifest
(:mod:`ascc_analysis.ingest.manifest`) may override the result afterwards.

The smaller parsers are public and pure: :func:`parse_date` (first date expression in a text),
:func:`parse_meeting_number` and :func:`parse_ordinal_words`.

Conventions:
    * Dates are intervals at a precision: "26 September 2024" is 2024-09-26..2024-09-26 at ``day`` precision,
      "25-26 March 2024" 2024-03-25..2024-03-26, "June 2016" 2016-06-01..2016-06-30 at ``month`` precision.
    * Countries are canonical ASEAN spellings (:data:`COUNTRY_VARIANTS`): "Lao PDR", "Viet Nam",
      "Brunei Darussalam", "Philippines", ...; ``chair`` is always a country.
    * ``meeting_name`` is ``"{ordinal} {registry name} Meeting"`` ("32nd ASEAN Socio-Cultural Community Council
      Meeting"); "Meeting" is not added to a name that already says "Meeting" or "Conference".
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

from ascc_analysis.registry import Registry, load_registry
from ascc_analysis.rules import RulesError, compile_pattern, patterns, read_rules, resource_path, words

log = logging.getLogger(__name__)

DatePrecision = Literal["day", "month", "year"]

# ------------------------------------------------------------------------------------------ drafting rules

METADATA_KEYS = (
    "countries",
    "cities",
    "meeting_verbs",
    "meeting_words",
    "issued_verbs",
    "venue_prepositions",
    "video_conference",
    "chair_phrases",
    "not_place_words",
)
"""The keys of ``resources/metadata.yaml`` (the file's header says what each holds)."""


@dataclass(frozen=True)
class MetadataRules:
    """The drafting rules of ``resources/metadata.yaml``, checked, with their phrasings combined into patterns.

    Attributes:
        countries: Canonical country spelling -> the other ways statements write it.
        cities: Canonical city -> (its country, its other spellings).
        meeting_verb: A verb of the sentence that names the meeting, as whole words (case ignored).
        meeting_word: A clause of up to 120 characters ending in a word that makes an ordinal a meeting number.
        issued: A verb of an "Issued in <place> on <date>" line with its "in" or "at".
        venue_preposition: What comes right before a venue, with the spacing after it.
        video: Any spelling of a video conference.
        chair: What introduces the chair, in the order tried; each match ends where the country begins.
        generic_place: One to four capitalised words, none of them a not-place word (a place not in ``cities``).
    """

    countries: dict[str, tuple[str, ...]]
    cities: dict[str, tuple[str, tuple[str, ...]]]
    meeting_verb: re.Pattern[str]
    meeting_word: re.Pattern[str]
    issued: re.Pattern[str]
    venue_preposition: re.Pattern[str]
    video: re.Pattern[str]
    chair: tuple[re.Pattern[str], ...]
    generic_place: re.Pattern[str]


def load_metadata_rules(path: Path | None = None) -> MetadataRules:
    """Read and check the metadata reader's drafting rules, and combine their phrasings into patterns.

    Args:
        path: A rules file with the keys of :data:`METADATA_KEYS`; by default the package's
            ``resources/metadata.yaml`` (which this module loads once, when it is imported).

    Returns:
        The rules, with every phrasing compiled (case ignored).

    Raises:
        RulesError: The file cannot be read, lacks or adds a key, or holds an entry of the wrong kind or an invalid
            regular expression (the message names the file and the key).
    """
    path = resource_path("metadata.yaml") if path is None else path
    raw = read_rules(path, keys=METADATA_KEYS, what="metadata rules")
    if not isinstance(raw["countries"], dict) or not raw["countries"]:
        raise RulesError(f"{path}: countries must map each canonical country name to a list of its other spellings")
    countries = {
        str(name): _spellings(variants, path=path, key=f"countries: {name}")
        for name, variants in raw["countries"].items()
    }
    cities = _cities(raw["cities"], countries, path=path)

    def joined(key: str) -> str:
        return "|".join(item.pattern for item in patterns(raw[key], path=path, key=key, flags=re.IGNORECASE))

    words(raw["not_place_words"], path=path, key="not_place_words")
    stopwords = r"(?i:" + "|".join(re.escape(word) for word in raw["not_place_words"]) + r")\b"
    combined = {
        "meeting_verbs": rf"\b(?:{joined('meeting_verbs')})\b",
        "meeting_words": rf"[^.;:\n]{{0,120}}?\b(?:{joined('meeting_words')})\b",
        "issued_verbs": rf"\b(?:{joined('issued_verbs')})\s+(?:in|at)\b",
        "venue_prepositions": rf"\b(?:{joined('venue_prepositions')})\s+",
        "video_conference": joined("video_conference"),
    }
    compiled = {
        key: compile_pattern(pattern, path=path, where=f"{key} (combined)", flags=re.IGNORECASE)
        for key, pattern in combined.items()
    }
    generic_place = compile_pattern(
        rf"(?!{stopwords})(?P<place>[A-Z][\w'’\-]*(?:[ \t]+(?!{stopwords})[A-Z][\w'’\-]*){{0,3}})",
        path=path,
        where="not_place_words (combined)",
    )
    return MetadataRules(
        countries=countries,
        cities=cities,
        meeting_verb=compiled["meeting_verbs"],
        meeting_word=compiled["meeting_words"],
        issued=compiled["issued_verbs"],
        venue_preposition=compiled["venue_prepositions"],
        video=compiled["video_conference"],
        chair=patterns(raw["chair_phrases"], path=path, key="chair_phrases", flags=re.IGNORECASE),
        generic_place=generic_place,
    )


def _spellings(value: Any, *, path: Path, key: str) -> tuple[str, ...]:
    """A list of names (possibly empty), in file order."""
    words(value, path=path, key=key)
    return tuple(cast(list[str], value))


def _cities(value: Any, countries: dict[str, tuple[str, ...]], *, path: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """``cities``: each city -> ``{country: <a key of countries>, variants: [...]}``."""
    if not isinstance(value, dict) or not value:
        raise RulesError(f"{path}: cities must map each canonical city name to {{country: ..., variants: [...]}}")
    cities: dict[str, tuple[str, tuple[str, ...]]] = {}
    for name, entry in value.items():
        where = f"cities: {name}"
        if not isinstance(entry, dict) or set(entry) != {"country", "variants"}:
            raise RulesError(f"{path}: {where} must be {{country: ..., variants: [...]}}, got {entry!r}")
        if entry["country"] not in countries:
            raise RulesError(
                f"{path}: {where}: country {entry['country']!r} is not a key of countries; accepted: "
                f"{', '.join(countries)}"
            )
        cities[str(name)] = (entry["country"], _spellings(entry["variants"], path=path, key=f"{where}: variants"))
    return cities


_RULES = load_metadata_rules()

#: Canonical country spelling -> the other ways statements write it (matched case-insensitively).
COUNTRY_VARIANTS: dict[str, tuple[str, ...]] = _RULES.countries

#: Known meeting venues: canonical city -> (its country, other spellings). Lets a venue given by its city alone
#: ("held in Vientiane") be read, and all-capital titles ("ISSUED IN VIENTIANE") be spelt properly.
CITY_VARIANTS: dict[str, tuple[str, tuple[str, ...]]] = _RULES.cities

# ------------------------------------------------------------------------------------------ data structures

_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

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


@dataclass(frozen=True)
class Metadata:
    """What a statement says about its meeting; ``None`` where it does not say.

    Attributes:
        meeting_body_id: Registry id of the meeting body ("ASCC", "ALMM", ...).
        meeting_name: Readable name, ``"{ordinal} {body name} Meeting"``.
        meeting_no: The meeting's number (32 for the 32nd meeting).
        date: First day of the meeting.
        date_end: Last day of the meeting (same as ``date`` for a one-day meeting).
        date_precision: ``day``, ``month`` or ``year``.
        year: Year of ``date``.
        venue_city: Canonical city name where known ("Vientiane").
        venue_country: Canonical country name ("Lao PDR").
        chair: The chair country (canonical name).
        is_video_conference: Whether the meeting was held by video conference.
    """

    meeting_body_id: str | None = None
    meeting_name: str | None = None
    meeting_no: int | None = None
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: DatePrecision | None = None
    year: int | None = None
    venue_city: str | None = None
    venue_country: str | None = None
    chair: str | None = None
    is_video_conference: bool | None = None

    @property
    def missing(self) -> tuple[str, ...]:
        """Names of the fields left empty, in declaration order."""
        return tuple(item.name for item in fields(self) if getattr(self, item.name) is None)


# ------------------------------------------------------------------------------------------ regex helpers


def _words_pattern(phrase: str) -> str:
    """A regex for a phrase that ignores spacing, hyphens, apostrophes and dots between and inside its words."""
    words = [word for word in re.split(r"[\s\-‐‑–—]+", phrase) if word]
    parts = []
    for word in words:
        chars = "".join("['’‘]?" if char in "'’‘" else r"\.?" if char == "." else re.escape(char) for char in word)
        parts.append(chars + "['’‘]?")
    return r"[\s\-‐‑–—]*".join(parts)


def _alternation(phrases: list[str]) -> str:
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    return "|".join(_words_pattern(phrase) for phrase in ordered)


def _country_lookup() -> dict[str, str]:
    lookup = {}
    for canonical, variants in COUNTRY_VARIANTS.items():
        for spelling in (canonical, *variants):
            lookup[_key(spelling)] = canonical
    return lookup


def _city_lookup() -> dict[str, str]:
    lookup = {}
    for canonical, (_country, variants) in CITY_VARIANTS.items():
        for spelling in (canonical, *variants):
            lookup[_key(spelling)] = canonical
    return lookup


def _key(text: str) -> str:
    """Comparison key: case, apostrophes, dots and spacing ignored."""
    return " ".join(re.sub(r"['’‘.]", "", text).replace("-", " ").casefold().split())


_COUNTRY_KEYS = _country_lookup()
_CITY_KEYS = _city_lookup()
_COUNTRY_RE = re.compile(
    r"(?:the\s+)?(?P<country>"
    + _alternation(
        [spelling for canonical, variants in COUNTRY_VARIANTS.items() for spelling in (canonical, *variants)]
    )
    + r")(?![\w\-])",
    re.IGNORECASE,
)
_CITY_RE = re.compile(
    r"(?P<city>"
    + _alternation(
        [spelling for canonical, (_, variants) in CITY_VARIANTS.items() for spelling in (canonical, *variants)]
    )
    + r")(?![\w\-])",
    re.IGNORECASE,
)
_GENERIC_PLACE_RE = _RULES.generic_place
_COMMA_RE = re.compile(r"[ \t]*,\s*")

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

# the phrasings of resources/metadata.yaml
_MEETING_VERB_RE = _RULES.meeting_verb
_ISSUED_RE = _RULES.issued
_VENUE_PREPOSITION_RE = _RULES.venue_preposition
_VIDEO_RE = _RULES.video
_CHAIR_RES = _RULES.chair
_MEETING_WORD_RE = _RULES.meeting_word
_GAP_RE = re.compile(r"[\s(]*(?:the\s+)?", re.IGNORECASE)
_CLAUSE_END_RE = re.compile(r"\.\s+(?=(?:The|We|It|This|These|In|At)\b)|;|\n[ \t]*\n")
_LEADING_YEAR_RE = re.compile(rf"\A\s*(?P<year>{_Y})\b")
_OPENING_CHARS = 4000


# ------------------------------------------------------------------------------------------ public parsers


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


def canonical_country(text: str) -> str | None:
    """The canonical spelling of an ASEAN Member State (or Timor-Leste) name, or ``None`` if it is not one.

    Args:
        text: A country name in any common spelling and case ("Laos", "VIETNAM", "the Philippines").
    """
    return _COUNTRY_KEYS.get(_key(re.sub(r"(?i)^\s*the\s+", "", text)))


def ordinal(number: int) -> str:
    """English ordinal with digits: 1 -> "1st", 12 -> "12th", 32 -> "32nd"."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def format_meeting_name(body_id: str | None, meeting_no: int | None, *, registry: Registry) -> str | None:
    """The canonical meeting name, ``"{ordinal} {body name} Meeting"`` ("32nd ASEAN Socio-Cultural Community
    Council Meeting"); without a number, ``"{body name} Meeting"``.

    Args:
        body_id: Registry id of the meeting body; ``None`` gives ``None``.
        meeting_no: The meeting's number, if known.
        registry: The bodies registry.

    Returns:
        The name, or ``None`` when the body is unknown.
    """
    if body_id is None:
        return None
    try:
        name = registry.get(body_id).name
    except KeyError:
        log.warning("meeting body %r is not in the registry; meeting name left empty", body_id)
        return None
    if not re.search(r"\b(?:Meeting|Conference)\b", name, re.IGNORECASE):
        name = f"{name} Meeting"
    return f"{ordinal(meeting_no)} {name}" if meeting_no is not None else name


# ------------------------------------------------------------------------------------------ extraction


@cache
def _default_registry() -> Registry:
    return load_registry()


_BodyPatterns = tuple[tuple[re.Pattern[str], str, int], ...]
_BODY_PATTERN_CACHE: dict[int, tuple[Registry, _BodyPatterns]] = {}


def _body_patterns(registry: Registry) -> _BodyPatterns:
    """(pattern, body id, rank) for every body: names and aliases (rank 0, case ignored), acronyms (rank 1, exact)."""
    cached = _BODY_PATTERN_CACHE.get(id(registry))
    if cached is not None and cached[0] is registry:
        return cached[1]
    patterns: list[tuple[re.Pattern[str], str, int]] = []
    ambiguous = {entry.acronym for entry in registry.ambiguous}
    for body in registry.bodies:
        names = [name for name in {body.name, *body.aliases} if len(_key(name)) > 2 and _key(name) != "the secretariat"]
        if names:
            pattern = re.compile(rf"(?<![\w\-])(?:{_alternation(names)})(?![\w\-])", re.IGNORECASE)
            patterns.append((pattern, body.id, 0))
        acronyms = sorted(
            (
                acronym
                for acronym in {body.id, *body.acronyms} - ambiguous
                if re.fullmatch(r"[A-Z][A-Z0-9\- ]+", acronym)
            ),
            key=lambda acronym: (-len(acronym), acronym),
        )
        if acronyms:
            alternatives = "|".join(re.escape(acronym) for acronym in acronyms)
            patterns.append((re.compile(rf"(?<![\w\-])(?:{alternatives})(?![\w\-])"), body.id, 1))
    result = tuple(patterns)
    _BODY_PATTERN_CACHE[id(registry)] = (registry, result)
    return result


@dataclass(frozen=True)
class _BodyMatch:
    body_id: str
    start: int
    end: int
    rank: int


def _body_matches(text: str, registry: Registry) -> list[_BodyMatch]:
    found = [
        _BodyMatch(body_id, match.start(), match.end(), rank)
        for pattern, body_id, rank in _body_patterns(registry)
        for match in pattern.finditer(text)
    ]
    return sorted(found, key=lambda item: (item.start, -(item.end - item.start), item.rank, item.body_id))


def _ordinal_before(text: str, position: int) -> int | None:
    """The meeting number written right before ``position`` ("32nd ", "THIRTY-SECOND\\n", "8th", "the 8th ")."""
    for value, match in _iter_ordinals(text[:position]):
        if _GAP_RE.fullmatch(text, match.end(), position):
            return value
    return None


def _find_body(texts: list[str], registry: Registry) -> tuple[str | None, int | None]:
    """The meeting body and its number from the first text (title, then opening) that names a body.

    A body written right after an ordinal wins; otherwise names beat acronyms, then the earliest, longest match.
    """
    for text in texts:
        matches = _body_matches(text, registry)
        if not matches:
            continue
        numbered = [(match, _ordinal_before(text, match.start)) for match in matches]
        for match, number in numbered:
            if number is not None:
                return match.body_id, number
        best = min(matches, key=lambda item: (item.rank, item.start, -(item.end - item.start)))
        return best.body_id, None
    return None, None


def _find_meeting_number(texts: list[str]) -> int | None:
    """A meeting number when no body was found next to one: the title's first ordinal, else an ordinal that is
    followed by "Meeting", "Council" or "Conference" in the same clause."""
    if texts and (number := parse_meeting_number(texts[0])) is not None:
        return number
    for text in texts[1:]:
        for value, match in _iter_ordinals(text):
            if _MEETING_WORD_RE.match(text, match.end()):
                return value
    return None


def _place_at(text: str, position: int) -> tuple[str | None, str | None] | None:
    """(city, country) of a place name starting at ``position``, or ``None`` if no place starts there."""
    match = _COUNTRY_RE.match(text, position)
    if match:
        country = canonical_country(match.group("country"))
        city_match = _CITY_RE.match(text, position)
        if city_match and city_match.end() >= match.end():  # a city-state: "in Singapore"
            return _CITY_KEYS[_key(city_match.group("city"))], country
        return None, country
    match = _CITY_RE.match(text, position)
    if match:
        city = _CITY_KEYS[_key(match.group("city"))]
        country = _country_after(text, match.end()) or CITY_VARIANTS[city][0]
        return city, country
    match = _GENERIC_PLACE_RE.match(text, position)
    if match:
        country = _country_after(text, match.end())
        if country is not None:
            place = match.group("place")
            return (place.title() if place.isupper() else place), country
    return None


def _country_after(text: str, position: int) -> str | None:
    """The country in ", Country" or ", Region, Country" right after a city."""
    comma = _COMMA_RE.match(text, position)
    if not comma:
        return None
    country = _COUNTRY_RE.match(text, comma.end())
    if country:
        return canonical_country(country.group("country"))
    region = _GENERIC_PLACE_RE.match(text, comma.end())
    if region:
        second = _COMMA_RE.match(text, region.end())
        if second and (country := _COUNTRY_RE.match(text, second.end())):
            return canonical_country(country.group("country"))
    return None


def _find_venue(text: str) -> tuple[str | None, str | None]:
    for preposition in _VENUE_PREPOSITION_RE.finditer(text):
        place = _place_at(text, preposition.end())
        if place is not None:
            return place
    return None, None


def _find_chair(text: str) -> str | None:
    """The country in the first "under the (ASEAN) Chairmanship of X" / "chaired by ..." / "Chair: X" clause."""
    for pattern in _CHAIR_RES:
        for match in pattern.finditer(text):
            clause = _CLAUSE_END_RE.split(text[match.end() : match.end() + 300], maxsplit=1)[0]
            country = _COUNTRY_RE.search(clause)
            if country:
                return canonical_country(country.group("country"))
    return None


def _paragraphs(body: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n[ \t]*\n", body) if part.strip()]


def _meeting_paragraph(opening: list[str]) -> str | None:
    """The first opening paragraph that says the meeting was held / met / convened."""
    return next((paragraph for paragraph in opening if _MEETING_VERB_RE.search(paragraph)), None)


def _issued_clauses(text: str) -> list[str]:
    """'Issued in Vientiane, Lao PDR on 26 September 2024'-style clauses, each up to the end of its line."""
    clauses = []
    for match in _ISSUED_RE.finditer(text):
        line_end = text.find("\n", match.end())
        clauses.append(text[match.start() : line_end if line_end != -1 else len(text)])
    return clauses


def extract_metadata(title: str, body: str, *, registry: Registry | None = None) -> Metadata:
    """Read a statement's meeting metadata from its title block and normalised body.

    The meeting sentence of the opening paragraphs ("The 32nd ASCC Council Meeting was held on 26 September 2024
    in Vientiane, Lao PDR, under the ASEAN Chairmanship of the Lao PDR." or "We, the Ministers ..., met on ... in
    Bangkok, Thailand, for the 8th ...") is read first, then the title block, then "Issued in <place> on <date>"
    lines. A field that none of them states is left ``None``.

    Args:
        title: The statement's title block.
        body: The normalised body text.
        registry: The bodies registry; defaults to the package's (:func:`ascc_analysis.registry.load_registry`).

    Returns:
        The metadata, with unfound fields ``None`` (listed by :attr:`Metadata.missing`).
    """
    registry = registry if registry is not None else _default_registry()
    opening_text = body[:_OPENING_CHARS]
    opening = _paragraphs(opening_text)
    meeting_paragraph = _meeting_paragraph(opening)
    first_paragraph = opening[0] if opening else ""
    issued = _issued_clauses(title) + _issued_clauses(body)
    # where each kind of fact is looked for, most reliable first
    statement_parts = [part for part in (meeting_paragraph, title, *issued) if part]

    body_id, meeting_no = _find_body([title, meeting_paragraph or first_paragraph], registry)
    if meeting_no is None:
        meeting_no = _find_meeting_number([title, meeting_paragraph or first_paragraph])

    span = next((found for part in statement_parts if (found := parse_date(part)) is not None), None)
    year = span.start.year if span else None
    if year is None and (leading := _LEADING_YEAR_RE.match(title)):
        year = int(leading.group("year"))

    venue_city: str | None = None
    venue_country: str | None = None
    for part in statement_parts:
        venue_city, venue_country = _find_venue(part)
        if venue_city or venue_country:
            break

    video_context = "\n".join(part for part in (title, meeting_paragraph or first_paragraph) if part)
    is_video: bool | None = True if _VIDEO_RE.search(video_context) else None
    if is_video is None and (venue_city or venue_country):
        is_video = False  # met at a stated place and no word of a video conference

    chair = _find_chair(opening_text) or _find_chair(title)

    metadata = Metadata(
        meeting_body_id=body_id,
        meeting_name=format_meeting_name(body_id, meeting_no, registry=registry),
        meeting_no=meeting_no,
        date=span.start if span else None,
        date_end=span.end if span else None,
        date_precision=span.precision if span else None,
        year=year,
        venue_city=venue_city,
        venue_country=venue_country,
        chair=chair,
        is_video_conference=is_video,
    )
    if metadata.missing:
        log.debug("metadata not found: %s", ", ".join(metadata.missing))
    return metadata
