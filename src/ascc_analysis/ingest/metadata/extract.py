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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import cache
from string import ascii_letters, digits
from typing import Any

from ascc_analysis.ingest.metadata.dates import _ISO, _M, _Y, DatePrecision, DateSpan, _iter_dates, parse_date
from ascc_analysis.ingest.metadata.document import classify_document
from ascc_analysis.ingest.metadata.drafting import _RULES
from ascc_analysis.ingest.metadata.ordinals import _iter_ordinals, ordinal, parse_meeting_number, roman_after
from ascc_analysis.ingest.metadata.places import (
    _COUNTRY_RE,
    _alternation,
    _find_asean_chairmanship,
    _find_chair,
    _find_chair_after_country,
    _find_chair_before_person_phrase,
    _find_venue,
    _iter_venues,
    _key,
    _place_at,
    _place_of_dateline,
)
from ascc_analysis.registry import Registry, load_registry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Meeting:
    """One meeting named in a statement's meeting sentence.

    Attributes:
        body_id: Registry id of the meeting body ("COP-AATHP").
        meeting_no: The meeting's number, if stated.
        is_plus_three: An ASEAN Plus Three meeting ("the 5th AHMM+3", "the 5th ASEAN Plus Three Health Ministers
            Meeting").
    """

    body_id: str
    meeting_no: int | None = None
    is_plus_three: bool = False


def _meeting(value: Meeting | Mapping[str, Any] | Sequence[Any]) -> Meeting:
    """A :class:`Meeting` from itself, its ``asdict`` mapping (parse cache, manifest) or a (body, no, +3) sequence."""
    if isinstance(value, Meeting):
        return value
    if isinstance(value, Mapping):
        return Meeting(str(value["body_id"]), value.get("meeting_no"), bool(value.get("is_plus_three", False)))
    body_id, meeting_no, *rest = value
    return Meeting(str(body_id), meeting_no, bool(rest[0]) if rest else False)


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
        other_meetings: Further meetings held jointly and named with it ("the 15th AMME and the 15th COP to the
            AATHP" -> COP-AATHP 15), in the order named; empty when there are none.
        is_plus_three: Whether the meeting is an ASEAN Plus Three meeting: ``False`` for a meeting named or reported
            without a Plus Three, also when its body is not in the registry; ``None`` when no meeting is named.
        document_kind: ``joint_statement``, ``chairmans_statement``, ``media_release``, ``leaders_statement``,
            ``declaration`` or ``other`` (:func:`~ascc_analysis.ingest.metadata.document.classify_document`).
        completeness: ``complete``, ``partial`` (an excerpt, a text cut short) or ``landing_page`` (a page that
            points to the document).
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
    other_meetings: tuple[Meeting, ...] = ()
    is_plus_three: bool | None = None
    document_kind: str | None = None
    completeness: str | None = None

    def __post_init__(self) -> None:
        # the parse cache and the manifest rebuild a Metadata from dataclasses.asdict(): meetings come back as dicts
        object.__setattr__(self, "other_meetings", tuple(_meeting(item) for item in self.other_meetings))

    @property
    def missing(self) -> tuple[str, ...]:
        """Names of the fields left empty, in declaration order."""
        return tuple(item.name for item in fields(self) if getattr(self, item.name) is None)


# the phrasings of resources/metadata.yaml
_MEETING_VERB_RE = _RULES.meeting_verb
_MEETING_PARTICIPLE_RE = _RULES.meeting_participle
_ISSUED_RE = _RULES.issued
_VIDEO_RE = _RULES.video
_MEETING_WORD_RE = _RULES.meeting_word
_GAP_RE = re.compile(
    rf"[\s(]*(?:the\s+)?(?:(?:{_RULES.meeting_qualifier.pattern})\s+)*"
    r"(?:(?:Meeting|Conference|Session)s?\s+of\s+(?:the\s+)?)?",
    re.IGNORECASE,
)  # "32nd ", "the 8th ", "15th Meeting of the ", "10th Informal "
# an ordinal shared by meetings named together: "the Second Meetings of the AMCA and the AMCA Plus Three"
_PLURAL_MEETINGS_RE = re.compile(r"\b(?:Meeting|Conference|Session)s\b", re.IGNORECASE)
_BRACKET_AFTER_RE = re.compile(r"(?:[ \t]*\([^()\n]{1,30}\))?")  # "(12th AMRI)" after the name of the meeting
_PLUS_THREE_RE = _RULES.plus_three
_PLUS_THREE_IN_NAME_RE = _RULES.plus_three_in_name
# an acronym in brackets inside a body's name, before the rest of the name: "Conference of the Parties (COP) to the ..."
_ACRONYM_INSIDE_NAME_RE = re.compile(r"[ \t]*\([A-Z][A-Z0-9\-]{1,11}\)(?=\s+(?:to|of)\s)")
_HELD_JOINTLY_RE = _RULES.held_jointly_with
_TODAY_RE = _RULES.today
_HERE_RE = re.compile(r"\bhere\b")  # a news lead's "opened the ... Meeting here on Monday": at the dateline's place
_THE_MEETING_RE = re.compile(r"\s*(?:The|This)\s+Meeting\b(?!s)", re.IGNORECASE)  # a sentence about the meeting itself
_DATE_PLACE_GAP_RE = re.compile(r"[\s,;:–-]*")  # between a title line's date and its place
_ACRONYM_AFTER_RE = re.compile(r"(?:[ \t]*\([A-Z][A-Za-z0-9\-]*\))?")  # "... on the Environment (AMME)"
# between two meetings held jointly: "... and the", ", ", " & "
_JOINED_RE = re.compile(
    r"(?:[ \t]*\([^()\n]{1,30}\))?(?:\s*\+\s*3)?(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)"
    r"(?:(?:also\s+)?(?:met|convened|sat)\s+as\s+)?(?:the\s+)?"  # "..., and also met as the 3rd COP"
)
_SENTENCE_END_RE = re.compile(r"[.;!?](?=\s+[A-Z(“\"])\s+")
_ABBREVIATION_RE = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|St|No|Hon|Jr|Sr|rtd|Rtd|H\.E|Lao P\.D\.R)|\b[A-Z])\.$")
_DATELINE_RE = re.compile(
    rf"(?<![\w,])(?P<place>(?:[A-Z][\w'’\-]*[ \t]+){{0,5}}[A-Z][\w'’\-]*),[ \t]+"
    rf"(?P<date>(?:[^\n–—]{{0,12}}?)(?<![A-Za-z])(?i:{_M})(?![A-Za-z])[^\n–—]{{0,20}}?)"
    r"(?:[ \t]*\([^()\n]{1,30}\))?[ \t]*(?:–|—|-{1,2})[ \t]*",
)
# a release's dateline that gives the date alone, opening the text: "13 August 2020 – Members of the ACDM convened"
_DATE_DATELINE_RE = re.compile(
    rf"\s*(?P<date>\d{{1,2}}[ \t]+(?i:{_M})[ \t]+\d{{4}}|(?i:{_M})[ \t]+\d{{1,2}},[ \t]*\d{{4}})"
    r"[ \t]*(?:–|—|-{1,2})[ \t]+(?=[A-Z])"
)
_YEARLESS_RE = re.compile(
    rf"(?<!\d)\d{{1,2}}(?:\s*(?:-|–|to)\s*\d{{1,2}})?\s+(?:of\s+)?{_M}(?!\s*,?\s*\d)", re.IGNORECASE
)
# words of a title or heading, not of a place, in a capitals line before a date: "JOINT STATEMENT, 2 May 2031 –"
_NOT_A_PLACE_RE = re.compile(r"\b(?:STATEMENT|DECLARATION|COMMUNIQU|RELEASE|MEETING|COUNCIL|CONFERENCE|SUMMIT|ASEAN)")
# a news dateline without a date: "VIENTIANE – ", "Jakarta (VNA) – "
_NEWS_DATELINE_RE = re.compile(
    r"\s*(?P<place>(?:[A-Z][\w'’\-]*[ \t]+){0,3}[A-Z][\w'’\-]*)[ \t]*"
    r"(?:\([A-Za-z][\w .\-]{0,20}\)[ \t]*)?(?:–|—|-{1,2})[ \t]"
)
_CHAIR_AFTER_RE = re.compile(r"[ \t]+Chair(?:man|person)?(?:ship)?\b")  # "the 18th ACCSM Chair"
_MINISTERS_MEETING_RE = re.compile(r"(?P<who>ASEAN\s+.+\s+Ministers)['’]?\s+Meeting", re.IGNORECASE)
_ASEAN_WORD_RE = re.compile(r"\AASEAN\s+", re.IGNORECASE)  # the "ASEAN " before the ministers of a body's name
# a ministers' body named by its remit: "ASEAN Ministerial Meeting on X", "ASEAN Ministers Meeting on X", "ASEAN
# Ministers Responsible for X"
_MINISTERS_ON_RE = re.compile(
    r"ASEAN\s+(?:Ministers['’]?\s+Meeting\s+on|Ministerial\s+Meeting\s+on|Ministers\s+Responsible\s+for)\s+"
    r"(?:the\s+)?(?P<remit>.+)",
    re.IGNORECASE,
)
_LEADING_YEAR_RE = re.compile(rf"\A\s*(?P<year>{_Y})\b")
# the words of a name after a chair phrase: capitalised words, numbers, function words and an acronym in brackets
# (" of the ASEAN Ministerial Meeting on Youth", " and Vice-chairperson of the 18th ASW Meeting")
_NAME_AFTER_CHAIR_RE = re.compile(
    r"(?:[ \t]+(?:(?:of|the|and|on|for|to)\b|[A-Z0-9][\w'’\-+]*)|[ \t]*\([^()\n]{1,30}\))*"
)
# after the name of a meeting, up to the "in" or "at" of the place where it was held: a meeting word, its acronym in
# brackets, a participle saying it was held ("... (SOCA) held today in ", "... (AMCA) in ", "the 5th AMCA Meeting in ")
_VENUE_AFTER_NAME_RE = re.compile(
    r"(?:[ \t]+(?:Meeting|Conference)s?\b)?(?:[ \t]*\([^()\n]{1,30}\))?[ \t]*,?[ \t]*"
    r"(?:(?:(?:which|that)[ \t]+(?:was|were|is|are)[ \t]+)?(?:held|convened|conducted|organi[sz]ed)[ \t]+"
    rf"(?:(?:{_RULES.today.pattern}|yesterday)[ \t]+)?)?"
    r"(?=(?:in|at)\s)",
)
_OPENING_CHARS = 4000
# "the virtual meeting(s)", "the video conference": the meeting itself, held by video conference (not "the virtual
# meeting of SOMY", "the video conference platform"); "the meetings took place on Oct. 20 via a videoconference"
_THIS_VIDEO_MEETING_RE = re.compile(
    r"\bthe[ \t]+(?:(?:virtual|online)[ \t]+(?:meeting|conference|session)s?|video[ \t\-]*conferenc(?:e|ing))\b"
    r"(?![ \t\-]+(?:of|with|platform|facility|facilities|system|link|technology|call)\b)"
    r"|\bthe[ \t]+meetings?\b[^.;\n]{0,60}?\b(?:via|through|by)[ \t]+(?:a[ \t]+)?"
    r"(?:virtual[ \t]+conferenc|video[ \t\-]*conferenc|teleconferenc)",
    re.IGNORECASE,
)
_VIDEO_PARAGRAPHS = 4  # the opening paragraphs where "the virtual meeting" refers to the meeting itself


def format_meeting_name(
    body_id: str | None, meeting_no: int | None, *, registry: Registry, is_plus_three: bool = False
) -> str | None:
    """The canonical meeting name, ``"{ordinal} {body name} Meeting"`` ("32nd ASEAN Socio-Cultural Community
    Council Meeting"); without a number, ``"{body name} Meeting"``. A Plus Three meeting says so after "ASEAN"
    ("7th ASEAN Plus Three Ministerial Meeting on Social Welfare and Development"), or after a name that does not
    start with it.

    Args:
        body_id: Registry id of the meeting body; ``None`` gives ``None``.
        meeting_no: The meeting's number, if known.
        registry: The bodies registry.
        is_plus_three: Whether the meeting is an ASEAN Plus Three meeting.

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
    if is_plus_three:
        name = re.sub(r"^ASEAN\b", "ASEAN Plus Three", name) if name.startswith("ASEAN ") else f"{name} Plus Three"
    if not re.search(r"\b(?:Meeting|Conference)\b", name, re.IGNORECASE):
        name = f"{name} Meeting"
    return f"{ordinal(meeting_no)} {name}" if meeting_no is not None else name


@cache
def _default_registry() -> Registry:
    return load_registry()


_BodyPatterns = tuple[tuple[re.Pattern[str], str, int], ...]
_BODY_PATTERN_CACHE: dict[int, tuple[Registry, _BodyPatterns]] = {}


def _body_patterns(registry: Registry) -> _BodyPatterns:
    """(pattern, body id, rank) for every body: names and aliases (rank 0, case ignored), acronyms (rank 1, exact).

    A name "ASEAN <X> Ministers Meeting" is also read as "Meeting of (the) ASEAN <X> Ministers" and "(Video)
    Conference of (the) ASEAN <X> Ministers" ("the Special Meeting of ASEAN Labour Ministers on ..."). A name by the
    ministers' remit, "ASEAN Ministerial Meeting on <X>", "ASEAN Ministers Meeting on <X>" or "ASEAN Ministers
    Responsible for <X>", is also read as "Meeting (Conference) of (the) ASEAN Ministers on / Responsible for / for
    <X>" ("the First Informal Meeting of the ASEAN Ministers on Rural Development and Poverty Eradication")."""
    cached = _BODY_PATTERN_CACHE.get(id(registry))
    if cached is not None and cached[0] is registry:
        return cached[1]
    patterns: list[tuple[re.Pattern[str], str, int]] = []
    ambiguous = {entry.acronym for entry in registry.ambiguous}
    for body in registry.bodies:
        names = [name for name in {body.name, *body.aliases} if len(_key(name)) > 2 and _key(name) != "the secretariat"]
        if names:
            alternatives = _alternation(names)
            ministers = sorted(
                {found.group("who") for name in names if (found := _MINISTERS_MEETING_RE.fullmatch(name))}
            )
            if ministers:  # "the Special Video Conference of the ASEAN Health Ministers" names the AHMM
                alternatives += rf"|(?:(?:Video\s+)?Conference|Meeting)\s+of\s+(?:the\s+)?(?:{_alternation(ministers)})"
                # the ministers as the subject of a "We" sentence: "We, the ASEAN Health Ministers, met ...", "We,
                # the Health Ministers of ASEAN Member States, conducted ..."
                sector = _alternation([_ASEAN_WORD_RE.sub("", who, count=1) for who in ministers])
                alternatives += (
                    rf"|We,?\s+the\s+(?:{_alternation(ministers)})"
                    rf"|We,?\s+the\s+(?:{sector})\s+of\s+(?:the\s+)?ASEAN(?:\s+Member\s+(?:States|Countries))?"
                )
            remits = sorted({found.group("remit") for name in names if (found := _MINISTERS_ON_RE.fullmatch(name))})
            if remits:  # "the First Meeting of the ASEAN Ministers on Rural Development ..." names the AMRDPE
                alternatives += (
                    r"|(?:(?:(?:Video\s+)?Conference|Meeting)\s+of\s+(?:the\s+)?ASEAN|We,?\s+the(?:\s+ASEAN)?)"
                    rf"\s+Ministers\s+(?:on|Responsible\s+for|for|in\s+charge\s+of)\s+(?:the\s+)?(?:{_alternation(remits)})"
                )
            pattern = re.compile(rf"(?<![\w\-])(?:{alternatives})(?![\w\-])", re.IGNORECASE)
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
            # an acronym may carry its meeting's number after a hyphen: "(SOMS-15)", "AMMS-4"
            patterns.append((re.compile(rf"(?<![\w\-])(?:{alternatives})(?![\w]|-(?!\d))"), body.id, 1))
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


def _ordinal_before(text: str, position: int) -> tuple[int, int] | None:
    """The meeting number written right before ``position`` and where it starts ("32nd ", "THIRTY-SECOND\\n",
    "the 8th ", "15th Meeting of the ")."""
    for value, match in _iter_ordinals(text[:position]):
        if _GAP_RE.fullmatch(text, match.end(), position):
            return value, match.start()
    return None


@dataclass(frozen=True)
class _Named:
    """A body named in a text, with its number (written before it, or in Roman numerals after it)."""

    match: _BodyMatch
    number: int | None
    number_start: int
    is_plus_three: bool


def _names_to_read(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with what a body's name reads through blanked out with spaces (same offsets), and where each "Plus
    Three" stood: every "Plus Three" written after "ASEAN" ("the ASEAN Plus Three Health Ministers Meeting"), and an
    acronym in brackets inside a name ("the Conference of the Parties (COP) to the ASEAN Agreement on ...")."""
    markers = [match.span() for match in _PLUS_THREE_IN_NAME_RE.finditer(text)]
    blanks = sorted([*markers, *(match.span() for match in _ACRONYM_INSIDE_NAME_RE.finditer(text))])
    if not blanks:
        return text, markers
    parts, previous = [], 0
    for start, end in blanks:
        if start < previous:
            continue
        parts += [text[previous:start], " " * (end - start)]
        previous = end
    return "".join(parts) + text[previous:], markers


def _plus_three_before(read: str, match: _BodyMatch, markers: list[tuple[int, int]]) -> int | None:
    """Where the "ASEAN" of a Plus Three written before the body's sectoral name starts (inside the matched name,
    or right before it with only spacing between), or ``None`` when none is."""
    for start, end in markers:
        inside = match.start <= start and end <= match.end
        if inside or (end <= match.start and not read[end : match.start].strip()):
            return start - len("ASEAN")
    return None


def _named_bodies(text: str, registry: Registry) -> list[_Named]:
    read, markers = _names_to_read(text)
    named = []
    for match in _body_matches(read, registry):
        marker = _plus_three_before(read, match, markers)
        start = match.start if marker is None else min(marker, match.start)
        before = _ordinal_before(text, start)
        end = match.end
        number: int | None = before[0] if before else None
        if number is None and (roman := roman_after(text, end)) is not None:
            number = roman
        if number is not None and _CHAIR_AFTER_RE.match(text, _ACRONYM_AFTER_RE.match(text, end).end()):  # type: ignore[union-attr]
            number = None  # "the 18th ACCSM Chair": a chairmanship's number, not a meeting's
        plus_three = marker is not None or (
            _PLUS_THREE_RE.match(text, _ACRONYM_AFTER_RE.match(text, end).end()) is not None  # type: ignore[union-attr]
        )
        named.append(_Named(match, number, before[1] if before else start, plus_three))
    return named


def _held_jointly(text: str, start: int, end: int) -> bool:
    """Whether the text between a meeting (from ``start``, after its name) and the next numbered one (at ``end``)
    says that the next is held jointly with it ("... was held on 12 September 2031 in Vientiane, in conjunction with
    the "): it ends in a phrasing of ``held_jointly_with`` and names no other numbered meeting ("... after the 62nd
    ASEAN Summit held in conjunction with the ", where the Summit is the one held jointly). The meeting's acronym in
    brackets after its name ("(5th APT EMM)") is not another meeting."""
    start = _BRACKET_AFTER_RE.match(text, start).end()  # type: ignore[union-attr]
    gap = text[start:end]
    if _HELD_JOINTLY_RE.search(gap) is None:
        return False
    return not any(_MEETING_WORD_RE.match(gap, match.end()) for _, match in _iter_ordinals(gap))


def _find_meetings(texts: list[str], registry: Registry) -> tuple[Meeting | None, tuple[Meeting, ...]]:
    """The meeting (body, number, Plus Three) and the meetings named jointly with it, from the first text (meeting
    sentence, title, ...) that names a body.

    A body written with a number wins; otherwise names beat acronyms, then the earliest, longest match. Further
    numbered bodies coordinated with the first ("the 15th AMME and the 15th COP to the AATHP", "..., and also met as
    the 3rd COP") or said to be held jointly with it (:func:`_held_jointly`: "... was held on ... in Vientiane, in
    conjunction with the Eighth ASEAN Education Ministers Meeting (8th ASED)") are its joint meetings; a meeting's
    own acronym in brackets after it ("(12th AMRI)") is not another. An ordinal before plural "Meetings" is shared by
    the bodies coordinated after it without a number of their own ("the Second Meetings of the AMCA and the AMCA Plus
    Three": AMCA 2 and AMCA 2 Plus Three). A meeting is a Plus Three one when "Plus Three" follows the body ("the 9th
    AHMM+3") or stands after the "ASEAN" of its name ("the 9th ASEAN Plus Three Health Ministers Meeting"); "ASEAN
    Plus Three" followed by no body's name ("ASEAN Plus Three countries") names no meeting. A body's name reads
    through an acronym in brackets inside it ("the 9th Meeting of the Conference of the Parties (COP) to the ASEAN
    Agreement on Disaster Management and Emergency Response"). A meeting written without a number, followed by a
    numbered one it was held jointly with ("The ASEAN Plus Three Labour Ministers' Meeting was convened ..., in
    conjunction with the 18th ASEAN Labour Ministers' Meeting"), is the meeting, and the numbered one its joint
    meeting.
    """
    for text in texts:
        named = _named_bodies(text, registry)
        if not named:
            continue
        numbered = [item for item in named if item.number is not None]
        subject = min(named, key=lambda item: item.match.start)
        if subject.number is None and (own := _own_number_after(text, subject.match.end)) is not None:
            # "The ASEAN Committee on Disaster Management (ACDM) has held its 40th Meeting together with the 3rd ACDM
            # Plus China, ...": the subject's own number comes first, before the meetings named after it; its name
            # reads to the end of "... its 40th Meeting"
            own_number, own_end = own
            subject = replace(
                subject, match=replace(subject.match, end=own_end), number=own_number, number_start=subject.match.start
            )
            numbered = [subject, *(item for item in numbered if item.match.start > subject.match.start)]
        if numbered and subject.number is None and _held_jointly(text, subject.match.end, numbered[0].number_start):
            # "The ASEAN Plus Three Labour Ministers' Meeting was convened ..., in conjunction with the 18th ALMM":
            # the meeting is the subject, without a number; the numbered one is held jointly with it
            joint = numbered[0]
            return Meeting(subject.match.body_id, None, subject.is_plus_three), (
                Meeting(joint.match.body_id, joint.number, joint.is_plus_three),
            )
        if numbered:
            first = numbered[0]
            shared = _PLURAL_MEETINGS_RE.search(text, first.number_start, first.match.start) is not None
            following = [
                item for item in named if item.match.start > first.match.start and (item.number is not None or shared)
            ]
            others: list[Meeting] = []
            previous_end = first.match.end
            for item in following:
                if item.number_start < _BRACKET_AFTER_RE.match(text, previous_end).end():  # type: ignore[union-attr]
                    continue  # a body named inside the previous one, or its acronym in brackets after it
                if not (
                    _JOINED_RE.fullmatch(text, previous_end, item.number_start)
                    or _held_jointly(text, previous_end, item.number_start)
                ):
                    break
                number = item.number if item.number is not None else first.number
                if (item.match.body_id, number, item.is_plus_three) != (
                    first.match.body_id,
                    first.number,
                    first.is_plus_three,
                ):
                    others.append(Meeting(item.match.body_id, number, item.is_plus_three))
                previous_end = item.match.end
            primary = Meeting(first.match.body_id, first.number, first.is_plus_three)
            return primary, tuple(others)
        best = min(named, key=lambda item: (item.match.rank, item.match.start, -(item.match.end - item.match.start)))
        return Meeting(best.match.body_id, None, best.is_plus_three), ()
    return None, ()


# after a body that is a sentence's subject, the verb that gives its own meeting's number: "(ACDM) has held its 40th"
_OWN_MEETING_RE = re.compile(
    r"(?:[ \t]*\([^()\n]{1,30}\))?[ \t,]*(?:(?:has|have|had)[ \t]+)?(?:held|convened|conducted|opened|concluded)"
    r"[ \t]+(?:its|their)[ \t]+(?P<ordinal>[\w\-]+(?:[ \t][\w\-]+)?)[ \t]+(?:Meeting|Session|Conference)",
    re.IGNORECASE,
)


def _own_number_after(text: str, end: int) -> tuple[int, int] | None:
    """The number of the meeting a body held, written after it ("The ASEAN Committee on Women (ACW) held its 15th
    Meeting", "... have convened their Twenty-First Meeting"), and where "Meeting" ends; ``None`` when the body is not
    followed so."""
    found = _OWN_MEETING_RE.match(text, end)
    number = parse_meeting_number(found.group("ordinal")) if found is not None else None
    return (number, found.end()) if found is not None and number is not None else None


def _joint_meetings_said_later(sentences: list[str], meeting: Meeting, registry: Registry) -> list[Meeting]:
    """Meetings that later meeting sentences, about "the Meeting" itself, say it was held jointly with ("The
    Meeting was held in conjunction with the Eighth ASEAN Ministerial Meeting on Youth (AMMY VIII) and ...")."""
    found = []
    for sentence in sentences[1:]:
        subject = _THE_MEETING_RE.match(sentence)
        if subject is None:
            continue
        numbered = next((item for item in _named_bodies(sentence, registry) if item.number is not None), None)
        if numbered is not None and _held_jointly(sentence, subject.end(), numbered.number_start):
            joint = Meeting(numbered.match.body_id, numbered.number, numbered.is_plus_three)
            if joint != meeting and joint not in found:
                found.append(joint)
    return found


def _numbers_a_meeting(text: str, ordinal_match: re.Match[str]) -> bool:
    """Whether an ordinal is a meeting's number: a meeting word follows it in its clause (``meeting_words``), and no
    other ordinal stands between them, whose number it would be ("the 40th Anniversary of ASEAN and the 13th ASEAN
    Summit": 13 numbers the Summit, 40 the anniversary)."""
    word = _MEETING_WORD_RE.match(text, ordinal_match.end())
    if word is None:
        return False
    return next(_iter_ordinals(text[ordinal_match.end() : word.end()]), None) is None


def _find_meeting_number(texts: list[str], *, others: frozenset[int] = frozenset()) -> int | None:
    """A meeting number when no body was found next to one: the title's first ordinal, else an ordinal that is
    followed by "Meeting", "Council", "Conference" or "Summit" in the same clause and is not the number of a
    meeting held jointly with the statement's (``others``)."""
    if texts and (number := parse_meeting_number(texts[0])) is not None:
        return number
    for text in texts[1:]:
        for value, match in _iter_ordinals(text):
            if _numbers_a_meeting(text, match) and value not in others:
                return value
    return None


def _paragraphs(body: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n[ \t]*\n", body) if part.strip()]


def _sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph (split after ".", ";", "!" or "?" before a capital; titles such as "Dr." and
    initials do not end a sentence)."""
    sentences, start = [], 0
    for boundary in _SENTENCE_END_RE.finditer(paragraph):
        before = paragraph[max(0, boundary.start() - 6) : boundary.start() + 1]
        if _ABBREVIATION_RE.search(before):
            continue
        sentences.append(paragraph[start : boundary.start() + 1].strip())
        start = boundary.end()
    sentences.append(paragraph[start:].strip())
    return [sentence for sentence in sentences if sentence]


@dataclass(frozen=True)
class _Dateline:
    """A release's dateline ("VIENTIANE, 26 September 2024 –"): its place (city, country) and date text."""

    place: tuple[str | None, str | None] | None
    date_text: str
    start: int
    end: int


def _find_dateline(text: str) -> _Dateline | None:
    """The first dateline in a text whose place is a known city or country, or ``None``.

    A dateline may follow a page's headline glued before it ("... Chairmanship Year Bandar Seri Begawan, 31 March
    2021 - The 25th ..."). One that opens the text with its place in capitals is a dateline whatever the place
    ("SELANGOR, 27 May 2031 – Malaysia took ..."): its place, unknown, is then ``None``; so is that of a date alone
    opening the text ("13 August 2020 – Members of the ... convened").
    """
    for match in _DATELINE_RE.finditer(text):
        place = _place_of_dateline(match.group("place"))
        unknown = match.group("place")
        if place is not None or (
            unknown.isupper() and not text[: match.start()].strip() and not _NOT_A_PLACE_RE.search(unknown)
        ):
            return _Dateline(place, match.group("date"), match.start(), match.end())
    dated = _DATE_DATELINE_RE.match(text)
    if dated is not None:  # "13 August 2020 – Members of the ... convened": a dateline without its place
        return _Dateline(None, dated.group("date"), dated.start("date"), dated.end())
    return None


def _place_of_news_dateline(text: str) -> tuple[str | None, str | None] | None:
    """The known place of a news dateline without a date that opens a text ("Semarang (Antara) – "), or ``None``."""
    match = _NEWS_DATELINE_RE.match(text)
    return _place_of_dateline(match.group("place")) if match is not None else None


def _opens_with_news_dateline(text: str) -> bool:
    """Whether a text opens with a news dateline without a date: a known place, or one in capitals, an agency's name
    in brackets if any, and a dash ("VIENTIANE – ASEAN's renewed focus ...", "Jakarta (VNA) – The 30th ...")."""
    match = _NEWS_DATELINE_RE.match(text)
    if match is None:
        return False
    place = match.group("place")
    return _place_of_dateline(place) is not None or (place.isupper() and not _NOT_A_PLACE_RE.search(place))


def _chair_of_another_body(
    text: str, start: int, end: int, *, body_id: str | None, meeting_no: int | None, registry: Registry
) -> bool:
    """Whether a chair phrase (``text[start:end]``: "– the Chair", "and Chair of", "served as Chairperson"), with the
    name written right after it ("... of the AMMSWD", "... and Vice-chairperson of the 18th ASW Meeting"), names the
    chair of another body than the statement's meeting's (``body_id``: registry bodies are named and the meeting's is
    none of them), or of a meeting with another number than ``meeting_no``. With the meeting's body unknown (or the
    Secretariat, which has no chair), a body named may be the meeting's: only the number is checked. A name that
    names a country is a national body's ("... and Chairman of the ASEAN Steering Committee of Myanmar"): another
    body, whatever the meeting's."""
    name = _NAME_AFTER_CHAIR_RE.match(text, end)
    phrase = text[start : name.end() if name else end]
    if name is not None and _names_a_country(text[end : name.end()]):
        return True  # a national body's chair: "... and Chairman of the ASEAN Steering Committee of Myanmar"
    if body_id is not None and registry.get(body_id).kind != "secretariat":
        named = {item.match.body_id for item in _named_bodies(phrase, registry)}
        if named and body_id not in named:
            return True
    return meeting_no is not None and any(number != meeting_no for _, number in _meeting_ordinals(phrase, registry))


def _names_a_country(name: str) -> bool:
    """Whether the name of a body written after a chair phrase names a country: a national body ("the ASEAN
    Steering Committee of Myanmar", "the Viet Nam Youth Federation"), never a meeting of ASEAN's."""
    return any(
        not name[: found.start()].endswith(("-", *ascii_letters, *digits)) for found in _COUNTRY_RE.finditer(name)
    )


def _opens_with_release_dateline(text: str) -> bool:
    """Whether a text opens with a release's dateline, its place in capitals and a date ("BANDAR SERI BEGAWAN, 6
    September 2031 –", "HA NOI, 3 NOVEMBER 2031 –"), whatever its lead says next ("ASEAN strives to ...", "The ASEAN
    Youth Conference brought together ...")."""
    dateline = _find_dateline(text)
    if dateline is None or text[: dateline.start].strip() or parse_date(dateline.date_text) is None:
        return False
    if _DATE_DATELINE_RE.match(text):
        return True  # "13 August 2020 – ...": the date alone
    return text[dateline.start : text.index(",", dateline.start)].isupper()


def _meeting_paragraphs(candidates: list[str], registry: Registry) -> Iterator[tuple[str, list[str]]]:
    """The candidates with a meeting verb, in reading order, each with its sentences that have one (lazily: most
    statements need only the first); and, in its place in that order, a candidate whose first sentence names a
    numbered meeting of a registry body with a participle saying it was held (:func:`_participle_lead`)."""
    for paragraph in candidates:
        if _MEETING_VERB_RE.search(paragraph):
            sentences = [sentence for sentence in _sentences(paragraph) if _MEETING_VERB_RE.search(sentence)]
            yield paragraph, sentences or [paragraph]
        elif (lead := _participle_lead(paragraph, registry)) is not None:
            yield paragraph, [lead]


def _participle_lead(paragraph: str, registry: Registry) -> str | None:
    """The paragraph's first sentence when it names a numbered meeting of a registry body and then says, in a
    participle (``meeting_participles``), that it was held: a news lead ("Jakarta (VNA) – The 30th ASEAN
    Socio-Cultural Community (ASCC) Council Meeting, held in Jakarta on August 29, endorsed ...") comes before
    the sentence saying who chaired "the meeting", and is the meeting sentence. A numbered Summit (no registry body)
    is not one: "RECALLING ... the 27th ASEAN Summit held in Kuala Lumpur" names another meeting."""
    sentences = _sentences(paragraph)
    participle = _MEETING_PARTICIPLE_RE.search(sentences[0]) if sentences else None
    if participle is None:
        return None
    named = _named_bodies(sentences[0], registry)
    return (
        sentences[0]
        if any(item.number is not None and item.number_start < participle.start() for item in named)
        else None
    )


# before a numbered meeting that is a lead's subject: "The 11th ..." (after a news dateline, if any)
_SUBJECT_BEFORE_RE = re.compile(r"\s*The\s+")
# before a numbered meeting named in an opening prepositional phrase: "At the 11th ...", "During the 11th ..."
_AT_THE_MEETING_RE = re.compile(r"\s*(?:At|During)\s+the\s+")
# bodies that do not hold the meetings a statement reports: the Secretariat, centres, associated entities
_NOT_MEETING_KINDS = frozenset({"secretariat", "associated"})


def _numbered_meeting_after(sentence: str, prefix: re.Pattern[str], registry: Registry) -> _Named | None:
    """The numbered meeting of a registry body that a sentence names right after ``prefix`` at its start."""
    if not prefix.match(sentence):
        return None  # most sentences: no need to look for bodies
    found = next(
        (item for item in _named_bodies(sentence, registry) if item.number is not None),
        None,
    )
    if found is None or not prefix.fullmatch(sentence, 0, found.number_start):
        return None
    return found


def _subject_lead(paragraphs: list[str], registry: Registry) -> tuple[str, _Named] | None:
    """The first sentence of the first paragraph whose lead has a numbered meeting of a registry body as its subject,
    with no meeting verb ("The 11th ASEAN Ministerial Meeting on Disaster Management (AMMDM) on Thursday adopted
    the ..."; after a release's dateline: "SINGAPORE, 6 October 2031 – The 15th Meeting of the ASEAN Committee on
    Women (ACW) finalised ..."), and that meeting."""
    for paragraph in paragraphs:
        sentences = _sentences(paragraph)
        if not sentences:
            continue
        first = sentences[0]
        dateline = _find_dateline(first)
        if dateline is not None and not first[: dateline.start].strip():
            first = first[dateline.end :]
        named = _numbered_meeting_after(first, _SUBJECT_BEFORE_RE, registry)
        if named is not None:
            return first, named
    return None


def _with_subject_lead(reading: _MeetingReading, before: list[str], title: str, registry: Registry) -> _MeetingReading:
    """The meeting paragraph's reading, with the meeting taken from a lead before it (:func:`_subject_lead`) when the
    paragraph names no numbered meeting and no other meeting body: a report opens with "The 11th <meeting> adopted
    ..." and then says who "the event" gathered ("... the ASEAN Secretariat, the AHA Centre ..."). The lead is read
    first, then the meeting paragraph's sentences (for the date and the venue)."""
    lead = _subject_lead(before, registry)
    if lead is None:
        return _with_lead_before(reading, before, title, registry)
    sentence, named = lead
    other = reading.meeting
    if (
        other is not None
        and other.body_id != named.match.body_id
        and registry.get(other.body_id).kind not in _NOT_MEETING_KINDS
    ):
        return reading  # the paragraph names another meeting body: its meeting
    return _read_meeting_paragraph(
        reading.paragraph, [sentence, *reading.sentences], context=[title, reading.paragraph], registry=registry
    )


# the subject of a meeting sentence that refers back to meetings named before it: "The meetings were hosted by ..."
_ANAPHORIC_SUBJECT_RE = re.compile(r"\s*(?:The|These|Both)\s+(?:meetings?|events?|conferences?)\b", re.IGNORECASE)


def _with_lead_before(reading: _MeetingReading, before: list[str], title: str, registry: Registry) -> _MeetingReading:
    """The meeting paragraph's reading, with the numbered meetings of the paragraph before it when the paragraph's
    subject refers back to them and it names no numbered meeting itself: a news lead names the meetings without a
    meeting verb ("ASEAN reaffirmed its resolve ... at the 10th AMMDM and 11th Meeting of the COP to AADMER on
    October 20."), and the next paragraph says "The meetings were hosted by Thailand as the current Chair of AMMDM
    and ACDM" (the bodies Thailand chairs, not the meetings). The lead's sentences that name a numbered meeting are
    read first, as when the two stand in one paragraph (:func:`_read_meeting_paragraph`)."""
    if reading.meeting_no is not None or not before or not reading.sentences:
        return reading
    if not _ANAPHORIC_SUBJECT_RE.match(reading.sentences[0]):
        return reading
    lead = [sentence for sentence in _sentences(before[-1]) if _meeting_ordinals(sentence, registry)]
    if not lead:
        return reading
    return _read_meeting_paragraph(
        reading.paragraph, [*lead, *reading.sentences], context=[title, reading.paragraph], registry=registry
    )


def _at_the_meeting_sentence(paragraph: str, registry: Registry) -> str | None:
    """A sentence of the paragraph that opens with a numbered meeting of a registry body after "At the" or "During
    the" ("At the 11th Meeting of the Conference of the Parties to ... in Hanoi, Vietnam, the ministers ... reviewed
    ..."): a news report's meeting sentence, read when the text has none with a meeting verb or participle."""
    return next(
        (
            sentence
            for sentence in _sentences(paragraph)
            if _numbered_meeting_after(sentence, _AT_THE_MEETING_RE, registry) is not None
        ),
        None,
    )


def _participle_paragraphs(candidates: list[str], registry: Registry) -> Iterator[tuple[str, list[str]]]:
    """The candidates with a sentence that names a numbered meeting and says it was held in a participle after it
    (``meeting_participles``: "... at the 4th ASEAN Ministerial Meeting on Sports held today in Nay Pyi Taw"), each
    with those sentences: the meeting sentences of a text that has none with a meeting verb."""
    for paragraph in candidates:
        if not _MEETING_PARTICIPLE_RE.search(paragraph):
            continue
        sentences = [
            sentence
            for sentence in _sentences(paragraph)
            if (participle := _MEETING_PARTICIPLE_RE.search(sentence))
            and any(start < participle.start() for start, _number in _meeting_ordinals(sentence, registry))
        ]
        if sentences:
            yield paragraph, sentences


def _meeting_ordinals(sentence: str, registry: Registry) -> list[tuple[int, int]]:
    """(start, number) of the numbered meetings a sentence names: a numbered body ("the 12th AMRI") or an ordinal
    followed by a meeting word in its clause ("the 19th ASEAN Summit"), in reading order."""
    found = {(item.number_start, item.number) for item in _named_bodies(sentence, registry) if item.number is not None}
    found |= {
        (match.start(), value) for value, match in _iter_ordinals(sentence) if _numbers_a_meeting(sentence, match)
    }
    return sorted(found)


# a finite verb between another meeting and a date: the sentence's main verb, whose subject holds that meeting
_FINITE_VERB_RE = re.compile(r"\b(?:was|were|is|are|has|have)\b", re.IGNORECASE)
# from one meeting's ordinal to the next one's, the two named together: "8th AMMY and the " (no clause between)
_COORDINATED_RE = re.compile(r"[^,;:()]*?\s(?:and|&)\s+(?:the\s+)?", re.IGNORECASE)


# what a clause says of an instrument, before the date or place it was adopted on or in (not "launched": a meeting
# is launched too, "The first EAS Education Ministerial Meeting was launched in Yogyakarta")
_INSTRUMENT_VERB_RE = re.compile(r"\b(?:recall(?:s|ed|ing)?|adopted|signed|endorsed|ratified)\b", re.IGNORECASE)
_CLAUSE_MARK_RE = re.compile(r"[,;:()]")


def _of_an_instrument(sentence: str, position: int, floor: int) -> bool:
    """Whether the date or place at ``position`` is written in a clause that recalls an instrument or says when it
    was adopted ("..., recalling the ASEAN Declaration adopted on 12 May 2038", "..., recalling the Declaration of 12
    May 2038"): a verb of ``_INSTRUMENT_VERB_RE`` between the clause's start (its last comma, semicolon, colon or
    bracket, and not before ``floor``, the last numbered meeting before the date) and the date, with no meeting verb
    after it ("The Declaration was adopted by the Ministers who met on 12 May 2040" gives the meeting's date)."""
    marks = [match.end() for match in _CLAUSE_MARK_RE.finditer(sentence, floor, position)]
    start = marks[-1] if marks else floor
    verbs = list(_INSTRUMENT_VERB_RE.finditer(sentence, start, position))
    # "... adopted by the Ministers who met on 12 May 2040": a meeting verb after it makes the date the meeting's
    return bool(verbs) and _MEETING_VERB_RE.search(sentence, verbs[-1].end(), position) is None


def _is_own(sentence: str, position: int, ordinals: list[tuple[int, int]], numbers: frozenset[int]) -> bool:
    """Whether a date or venue at ``position`` of a meeting sentence is the meeting's own: not written in a clause
    of another numbered meeting than the statement's (``numbers``: its own and its joint meetings' numbers), as in
    "... the 19th ASEAN Summit held on 17 May 2029", nor in a clause about an instrument (:func:`_of_an_instrument`).

    The last numbered meeting before the date decides. It is the statement's when it has one of ``numbers``, or
    when it is named together with one that has ("in conjunction with the 8th AMMY and the 2nd EAS Youth Meeting on
    23 May 2013": a joint meeting the registry does not know), or when a finite verb stands between it and the date:
    it is then part of the sentence's subject ("The 12th ASED and the 6th East Asia Summit Education Ministers
    Meeting were held on 13 October 2022")."""
    before = [(start, number) for start, number in ordinals if start < position]
    if _of_an_instrument(sentence, position, before[-1][0] if before else 0):
        return False
    if not before:
        return True
    last = len(before) - 1
    if _FINITE_VERB_RE.search(sentence, before[last][0], position) is not None:
        return True
    while before[last][1] not in numbers and last > 0:
        if not _COORDINATED_RE.fullmatch(sentence, before[last - 1][0], before[last][0]):
            return False
        last -= 1
    return before[last][1] in numbers


def _meeting_date(
    sentences: list[str], ordinals: list[list[tuple[int, int]]], numbers: frozenset[int]
) -> DateSpan | None:
    """The first date of the meeting sentences that is the meeting's own (:func:`_is_own`; ``ordinals``: each
    sentence's numbered meetings, :func:`_meeting_ordinals`).

    A date written in a clause of another numbered meeting than the statement's (``numbers``: its own and its joint
    meetings' numbers) is that meeting's date ("... following the decision of the 19th ASEAN Summit held on 17 May
    2029") and is passed over. With no meeting number known, the first date is the meeting's. A single day followed
    in the sentence by a range of days that holds it is the range's last day (a glued place/date line): the range.
    A date written as a page labels it ("2022-10-21") is not read.
    """
    for sentence, named in zip(sentences, ordinals, strict=True):
        own = (
            span
            for span, start, end in _iter_dates(sentence)
            # a date as a page labels it ("date 2022-10-21 Jakarta (VNA) – ..."): prose never writes one so
            if _is_own(sentence, start, named, numbers) and not _ISO.fullmatch(sentence, start, end)
        )
        first = next(own, None)
        if first is not None:
            # a place/date line glued before the meeting sentence gives its last day: "Pampanga, 26 March 2031 The
            # Ministers ... held their Fourth Meeting on 25-26 March 2031": the range that holds the day wins
            if first.precision == "day" and first.start == first.end:
                wider = (span for span in own if span.precision == "day" and span.start < span.end)
                return next((span for span in wider if span.start <= first.start <= span.end), first)
            return first
    return None


def _meeting_venue(
    sentence: str, ordinals: list[tuple[int, int]], numbers: frozenset[int]
) -> tuple[str | None, str | None]:
    """The first venue of a meeting sentence that is the meeting's own (as for :func:`_meeting_date`: "... since the
    first meeting in Jakarta, Indonesia" is another meeting's venue)."""
    return next(
        (place for start, place in _iter_venues(sentence) if _is_own(sentence, start, ordinals, numbers)), (None, None)
    )


@dataclass(frozen=True)
class _MeetingReading:
    """What one meeting paragraph says: its meeting sentences (without a dateline), dateline, meetings and date."""

    paragraph: str
    sentences: list[str]
    dateline: _Dateline | None
    meeting: Meeting | None
    others: tuple[Meeting, ...]
    meeting_no: int | None
    numbers: frozenset[int]
    ordinals: list[list[tuple[int, int]]]  # each meeting sentence's numbered meetings (none without ``numbers``)
    span: DateSpan | None


def _read_meeting_paragraph(
    paragraph: str, sentences: list[str], *, context: list[str], registry: Registry
) -> _MeetingReading:
    """Read the meeting, its number and its date from a meeting paragraph's sentences (``context``: the texts read
    after them for the meeting, in order: the title block, the paragraph).

    When none of the sentences names a numbered meeting but sentences of the paragraph before them do, those are
    read first: a release's lead names the meeting without a meeting verb ("ASEAN reaffirmed its resolve ... at the
    10th AMMDM ... on 17-20 October.") and the next sentence says who hosted "the meetings"."""
    given = list(sentences)
    sentences = list(sentences)
    dateline = _find_dateline(sentences[0]) if sentences else None
    if dateline is not None:
        sentences[0] = sentences[0][dateline.end :]  # the place and date of issue are not the meeting sentence's
    elif sentences:
        # a dateline that opens the paragraph before a lead that is no meeting sentence ("NAY PYI TAW, 11 October
        # 2031 – ASEAN Ministers of Sports endorsed .... This was discussed at the 4th ... held today in ...")
        opening = _find_dateline(paragraph)
        dateline = opening if opening is not None and not paragraph[: opening.start].strip() else None
    meeting, others = _find_meetings([*sentences, *context], registry)
    if meeting is not None and meeting.meeting_no is not None:
        later = _joint_meetings_said_later(sentences, meeting, registry)
        others = (*others, *(joint for joint in later if joint not in others))
    meeting_no = meeting.meeting_no if meeting else None
    if meeting_no is None:
        joint_numbers = frozenset(other.meeting_no for other in others if other.meeting_no is not None)
        meeting_no = _find_meeting_number(
            [context[0] if context else "", *sentences, *context[1:]], others=joint_numbers
        )
    numbers = frozenset(
        number for number in (meeting_no, *(other.meeting_no for other in others)) if number is not None
    )
    ordinals = [_meeting_ordinals(sentence, registry) if numbers else [] for sentence in sentences]
    if numbers and not any(ordinals) and given and given[0] in (every := _sentences(paragraph)):
        lead = [sentence for sentence in every[: every.index(given[0])] if _meeting_ordinals(sentence, registry)]
        if lead:
            return _read_meeting_paragraph(paragraph, lead + given, context=context, registry=registry)
    span = _meeting_date(sentences, ordinals, numbers)
    if span is None and sentences:
        span = _date_from_dateline("\n".join(sentences), dateline)
    return _MeetingReading(paragraph, sentences, dateline, meeting, others, meeting_no, numbers, ordinals, span)


def _read_meeting(
    paragraph: str, sentences: list[str], *, title: str, opening: list[str], registry: Registry
) -> _MeetingReading:
    """Read a meeting paragraph (:func:`_read_meeting_paragraph`, with the title block as context).

    When neither names the meeting ("Today, the ASEAN Heads of Civil Service convened a virtual meeting …", "…, who
    chaired the meeting, opened …"), the meeting is read from the opening paragraph right before it, else from the one
    right after it: a page that gives each sentence or two as a paragraph names the meeting in the lead before the
    meeting sentence ("… was seen in the 11th ASEAN Ministers Responsible for Culture and Arts (AMCA) Meeting, held in
    …") or in the sentence after it ("The meeting adopted the … (ACCSM) Work Plan 2021-2025 …").
    """
    reading = _read_meeting_paragraph(paragraph, sentences, context=[title, paragraph], registry=registry)
    if reading.meeting is not None or paragraph not in opening:
        return reading
    at = opening.index(paragraph)
    for neighbour in (*opening[max(at - 1, 0) : at], *opening[at + 1 : at + 2]):
        widened = _read_meeting_paragraph(
            paragraph, sentences, context=[title, paragraph, neighbour], registry=registry
        )
        if widened.meeting is not None:
            return widened
    return reading


def _same_meeting(first: _MeetingReading, later: _MeetingReading) -> bool:
    """Whether a later meeting paragraph names the meeting of the first: the same number, and the same body where
    both name one."""
    if first.meeting_no is None or later.meeting_no != first.meeting_no:
        return False
    return first.meeting is None or later.meeting is None or first.meeting.body_id == later.meeting.body_id


def _issued_clauses(text: str) -> list[str]:
    """'Issued in Vientiane, Lao PDR on 26 September 2024'-style clauses, each up to the end of its line."""
    clauses = []
    for match in _ISSUED_RE.finditer(text):
        line_end = text.find("\n", match.end())
        clauses.append(text[match.start() : line_end if line_end != -1 else len(text)])
    return clauses


def _names_another_meeting(clause: str, reading: _MeetingReading, registry: Registry) -> bool:
    """Whether an "Issued in" clause is about another meeting than the statement's: the first numbered meeting it
    names has a number that is not the statement's (nor a joint meeting's), while the statement names its own ("the
    ASCC Strategic Plan which will be adopted at the 46th ASEAN Summit in May 2031" in a release on a meeting of
    SOCA). Its place and date are that meeting's."""
    if reading.meeting is None and reading.meeting_no is None:
        return False
    named = _meeting_ordinals(clause, registry)
    return bool(named) and named[0][1] not in reading.numbers


def _plus_three_without_a_body(
    lead: str, meeting_no: int | None, *, opening: list[str], registry: Registry
) -> bool | None:
    """Whether a meeting whose body is not in the registry is an ASEAN Plus Three one: ``False`` when the text names
    it by its number or reports it in a meeting sentence ("ASEAN Ministers responsible for ... met in ...") without
    a Plus Three ("ASEAN Plus Three Ministers met ...": not known, ``None``). With neither, a numbered meeting named
    in an opening paragraph's sentence ("In a declaration adopted at the 62nd ASEAN Summit, ...") is the one the
    text reports: ``False`` unless that sentence says Plus Three. ``None`` when the text names no meeting."""
    if meeting_no is None and not lead:
        lead = next(
            (
                sentence
                for paragraph in opening
                for sentence in _sentences(paragraph)
                if _meeting_ordinals(sentence, registry)
            ),
            "",
        )
        if not lead:
            return None
    return None if _PLUS_THREE_IN_NAME_RE.search(lead) else False


def _title_place_lines(title: str) -> list[str]:
    """Lines of the title block that give a place (or a video conference), each with the next line: the place and
    date of a statement ("Vientiane, Lao PDR, 26 September 2024"), and with the line before when that line is a date
    and nothing else ("28-29 April 2031 / Yogyakarta, Indonesia"). A date on a line of its own with no place next to
    it, or beside a weekday, is a page's date of publication, not the meeting's."""
    lines = [line.strip() for line in title.splitlines() if line.strip()]
    found = []
    for index, line in enumerate(lines):
        if _place_at(line, 0) is not None or _VIDEO_RE.search(line):
            first = index - 1 if index and _is_date_line(lines[index - 1]) else index
            found.append("\n".join(lines[first : index + 2]))
    return found


def _is_date_line(line: str) -> bool:
    """Whether a line is one date and nothing else ("28-29 April 2031")."""
    found = next(_iter_dates(line), None)
    return found is not None and found[1] == 0 and not line[found[2] :].strip(" ,.")


def _title_places(title: str) -> list[tuple[str | None, str | None]]:
    """The places of the title block's place lines, in order: a line that opens with a place ("Bandar Seri Begawan,
    Brunei Darussalam  23 May 2033") or with a date and then a place ("10-11 May 2031, Kuala Lumpur, Malaysia"), the
    statement's place and date."""
    places = []
    for line in (line.strip() for line in title.splitlines()):
        place = _place_at(line, 0)
        if place is None:
            leading = next(_iter_dates(line), None)
            if leading is not None and leading[1] == 0 and (gap := _DATE_PLACE_GAP_RE.match(line, leading[2])):
                place = _place_at(line, gap.end())
        if place is not None:
            places.append(place)
    return places


def _venues(
    reading: _MeetingReading,
    title: str,
    issued: list[str],
    *,
    is_video: bool,
    opening: list[str],
    registry: Registry,
) -> Iterator[tuple[str | None, str | None]]:
    """The places that may be the meeting's venue, in the order they are trusted (lazily): each meeting sentence's
    own venue (:func:`_meeting_venue`), then, unless the meeting was a video conference (whose title gives the
    place of issue), the title block's place lines (:func:`_title_places`), a place the title block writes with a
    preposition, and the "Issued in ..." clauses; last, a place written right after the name of the statement's
    meeting in the opening paragraphs (:func:`_venues_after_the_name`). ``(None, None)`` where a text gives none."""
    for index, sentence in enumerate(reading.sentences):
        yield _meeting_venue(sentence, reading.ordinals[index], reading.numbers)
    if not is_video:
        yield from _title_places(title)
        for part in (title, *issued):
            yield _find_venue(part)
    if reading.meeting is not None:
        for paragraph in opening:
            yield from _venues_after_the_name(paragraph, reading.meeting, registry)


def _venues_after_the_name(
    paragraph: str, meeting: Meeting, registry: Registry
) -> Iterator[tuple[str | None, str | None]]:
    """The places written right after the name of the statement's meeting (its body; its number, if one is written,
    the meeting's): in a noun phrase ("during the fifth meeting of the ... (AMCA) in Singapore on 26 May", "the 5th
    AMCA Meeting in Singapore") or a participle ("... (SOCA) held today in Desaru"), with its acronym in brackets and
    a meeting word between them."""
    read = _names_to_read(paragraph)[0]
    own = [pattern for pattern, body_id, _rank in _body_patterns(registry) if body_id == meeting.body_id]
    if not any(_venue_after(paragraph, found.end()) for pattern in own for found in pattern.finditer(read)):
        return  # the meeting's body is not named with a place right after it (most paragraphs): no need to read more
    for item in _named_bodies(paragraph, registry):
        if item.match.body_id != meeting.body_id or item.is_plus_three != meeting.is_plus_three:
            continue
        if item.number is not None and meeting.meeting_no is not None and item.number != meeting.meeting_no:
            continue
        venue = _venue_after(paragraph, item.match.end)
        if venue is not None:
            yield venue


def _venue_after(text: str, position: int) -> tuple[str | None, str | None] | None:
    """The place written right after a meeting's name that ends at ``position`` (:data:`_VENUE_AFTER_NAME_RE`)."""
    gap = _VENUE_AFTER_NAME_RE.match(text, position)
    if gap is None:
        return None
    venue = next(_iter_venues(text[gap.end() : gap.end() + 120]), None)
    return venue[1] if venue is not None and venue[0] == 0 else None


def _date_from_dateline(sentence: str, dateline: _Dateline | None) -> DateSpan | None:
    """A date the lead takes from its dateline: "was held today", or a day and month without the year."""
    if dateline is None:
        return None
    dated = parse_date(dateline.date_text)
    if dated is None:
        return None
    if _TODAY_RE.search(sentence):
        return dated
    yearless = _YEARLESS_RE.search(sentence)
    if yearless:
        return parse_date(f"{yearless.group(0)} {dated.start.year}")
    return None


def extract_metadata(
    title: str, body: str, *, registry: Registry | None = None, page_text: str | None = None
) -> Metadata:
    """Read a statement's meeting metadata and its kind from its title block and normalised body.

    The meeting sentence ("The 32nd ASCC Council Meeting was held on 26 September 2024 in Vientiane, Lao PDR, under
    the ASEAN Chairmanship of the Lao PDR.", "We, the Ministers ..., met on ... in Bangkok, Thailand, for the 8th
    ...", "The Ministers ... held their 15th ... on ... in ...", "WE, the Heads ..., on the occasion of the 34th
    ASEAN Summit in Bangkok, Thailand") is read first, then the title block, then "Issued in <place> on <date>" lines.
    The meeting sentence is looked for in the title block and the opening paragraphs, in reading order; a release's
    dateline before it gives the date (and place) when the lead says the meeting was held "today". A date of the
    title block counts only beside a place (a date alone is the page's date of publication). A field that none of
    them states is left ``None``.

    Args:
        title: The statement's title block.
        body: The normalised body text.
        registry: The bodies registry; defaults to the package's (:func:`ascc_analysis.registry.load_registry`).
        page_text: The page as read, before its page furniture was removed: a link to the full document there
            ("Download the full statement here") makes the text an excerpt or a landing page.

    Returns:
        The metadata, with unfound fields ``None`` (listed by :attr:`Metadata.missing`).
    """
    registry = registry if registry is not None else _default_registry()
    opening_text = body[:_OPENING_CHARS]
    opening = _paragraphs(opening_text)
    title_parts = [line.strip() for line in title.splitlines() if line.strip()]  # a title block's lines stand alone
    first_paragraph = opening[0] if opening else ""
    readings = (
        _read_meeting(paragraph, sentences, title=title, opening=opening, registry=registry)
        for paragraph, sentences in _meeting_paragraphs([*title_parts, *opening], registry)
    )
    # the first meeting paragraph, unless it gives no date and a later one names the same meeting with its date (the
    # later ones are read only then)
    reading = next(readings, None)
    if reading is not None and reading.span is None:
        first = reading
        reading = next((later for later in readings if later.span is not None and _same_meeting(first, later)), first)
    if reading is None:  # no meeting verb: a meeting named with a participle ("... held today in ..."), if any
        reading = next(
            (
                _read_meeting(paragraph, sentences, title=title, opening=opening, registry=registry)
                for paragraph, sentences in _participle_paragraphs([*title_parts, *opening], registry)
            ),
            None,
        )
    reported = reading is None  # the meeting is only named in a report's "At the 11th ..." clause, if at all
    if reading is None:  # no meeting verb nor participle: "At the 11th Meeting of X in <City>, the ministers ..."
        reading = next(
            (
                _read_meeting_paragraph(paragraph, [sentence], context=[title, paragraph], registry=registry)
                for paragraph in opening
                if (sentence := _at_the_meeting_sentence(paragraph, registry)) is not None
            ),
            None,
        )
    if reading is None and (subject := _subject_lead(opening[:1], registry)) is not None:
        # no meeting verb: a release's lead "The 15th Meeting of the ASEAN Committee on Women (ACW) finalised ..."
        # names the meeting, before a page's "Source: ASEAN Secretariat News" in the title block
        reading = _read_meeting_paragraph(opening[0], [subject[0]], context=[title, opening[0]], registry=registry)
    if reading is None:
        reading = _read_meeting_paragraph("", [], context=[title, first_paragraph], registry=registry)
    elif reading.meeting_no is None and reading.paragraph in opening:
        reading = _with_subject_lead(reading, opening[: opening.index(reading.paragraph)], title, registry)
    meeting_paragraph = reading.paragraph or None
    sentences, dateline, meeting, others = reading.sentences, reading.dateline, reading.meeting, reading.others
    issued = [
        clause
        for clause in _issued_clauses(title) + _issued_clauses(body)
        if not _names_another_meeting(clause, reading, registry)
    ]
    lead = "\n".join(sentences)
    body_id = meeting.body_id if meeting else None
    meeting_no = reading.meeting_no

    video_context = "\n".join(part for part in (title, lead or first_paragraph) if part)
    is_video: bool | None = True if _VIDEO_RE.search(video_context) else None
    if is_video is None and any(_THIS_VIDEO_MEETING_RE.search(part) for part in opening[:_VIDEO_PARAGRAPHS]):
        is_video = True  # "Chairing the virtual meeting, Minister X ..." in the opening paragraphs

    span = reading.span
    if span is None:
        span = next(
            (found for part in (*_title_place_lines(title), *issued) if (found := parse_date(part)) is not None), None
        )
    year = span.start.year if span else None
    if year is None and (leading := _LEADING_YEAR_RE.match(title)):
        year = int(leading.group("year"))

    stated = (
        place
        for place in _venues(reading, title, issued, is_video=bool(is_video), opening=opening, registry=registry)
        if place[0] or place[1]
    )
    venue_city, venue_country = next(stated, (None, None))
    if venue_country and not venue_city:
        # "held in Brunei Darussalam": the city of a later place in the same country (the title block's)
        venue_city = next((city for city, country in stated if city and country == venue_country), None)
    if not (venue_city or venue_country) and not is_video and dateline and dateline.place and _TODAY_RE.search(lead):
        venue_city, venue_country = dateline.place
    if not (venue_city or venue_country) and not is_video and _HERE_RE.search(lead):
        # "Semarang (Antara) - The Minister opened the ... Meeting here on Monday": the news dateline's place
        here = dateline.place if dateline is not None else _place_of_news_dateline(meeting_paragraph or "")
        if here is not None:
            venue_city, venue_country = here

    if is_video is None and (venue_city or venue_country):
        is_video = False  # met at a stated place and no word of a video conference

    def another_body(text: str, start: int, end: int) -> bool:
        return _chair_of_another_body(text, start, end, body_id=body_id, meeting_no=meeting_no, registry=registry)

    chair = (
        _find_chair(opening_text)
        or _find_chair(title)
        or _find_chair_after_country(opening_text, another_body=another_body)
        or _find_chair_before_person_phrase(opening_text, another_body=another_body)
    )
    if chair is None and body_id in _RULES.chaired_by_asean_chair:
        chair = _find_asean_chairmanship(opening_text)

    is_plus_three = (
        meeting.is_plus_three
        if meeting
        else _plus_three_without_a_body(lead, meeting_no, opening=opening, registry=registry)
    )
    verb = _MEETING_VERB_RE.search(body, 0, _OPENING_CHARS) if meeting_paragraph and meeting_paragraph in body else None
    kind, completeness = classify_document(
        title,
        body,
        heading_end=verb.start() if verb else None,
        lead="" if reported else lead,  # a report's "At the 11th ... in <City>, the ministers ..." is no outcome's
        has_dateline=dateline is not None
        or _opens_with_news_dateline(meeting_paragraph or first_paragraph)
        or _opens_with_release_dateline(first_paragraph),
        page_text=page_text,
    )

    metadata = Metadata(
        meeting_body_id=body_id,
        meeting_name=format_meeting_name(body_id, meeting_no, registry=registry, is_plus_three=bool(is_plus_three)),
        meeting_no=meeting_no,
        date=span.start if span else None,
        date_end=span.end if span else None,
        date_precision=span.precision if span else None,
        year=year,
        venue_city=venue_city,
        venue_country=venue_country,
        chair=chair,
        is_video_conference=is_video,
        other_meetings=others,
        is_plus_three=is_plus_three,
        document_kind=kind,
        completeness=completeness,
    )
    if metadata.missing:
        log.debug("metadata not found: %s", ", ".join(metadata.missing))
    return metadata
