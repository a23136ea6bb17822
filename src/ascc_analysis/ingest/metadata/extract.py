"""Statement metadata: :func:`extract_metadata` reads a statement's meeting body and number, date, venue, chair
and format from its title block and opening paragraphs.

Part of the parse stage (raw file -> ``documents`` table). Reads one normalised statement (its title block and body
text) and the bodies registry; returns a :class:`Metadata` for the metadata columns of the ``documents`` table
(:data:`ascc_analysis.schemas.DOCUMENTS`), ``None`` where the text does not say. Also :func:`format_meeting_name`,
the canonical meeting name. Writes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, fields
from functools import cache

from ascc_analysis.ingest.metadata.dates import _Y, DatePrecision, parse_date
from ascc_analysis.ingest.metadata.drafting import _RULES
from ascc_analysis.ingest.metadata.ordinals import _iter_ordinals, ordinal, parse_meeting_number
from ascc_analysis.ingest.metadata.places import _alternation, _find_chair, _find_venue, _key
from ascc_analysis.registry import Registry, load_registry

log = logging.getLogger(__name__)


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


# the phrasings of resources/metadata.yaml
_MEETING_VERB_RE = _RULES.meeting_verb
_ISSUED_RE = _RULES.issued
_VIDEO_RE = _RULES.video
_MEETING_WORD_RE = _RULES.meeting_word
_GAP_RE = re.compile(r"[\s(]*(?:the\s+)?", re.IGNORECASE)
_LEADING_YEAR_RE = re.compile(rf"\A\s*(?P<year>{_Y})\b")
_OPENING_CHARS = 4000


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
