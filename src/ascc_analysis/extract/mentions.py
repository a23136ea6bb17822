"""Extraction stage: paragraphs → ``body_mentions`` (every naming of an ASCC body in a paragraph).

Reads the ``paragraphs`` table and the bodies registry (:mod:`ascc_analysis.registry`) and returns the
``body_mentions`` table (:data:`ascc_analysis.schemas.BODY_MENTIONS`). The rules are those of
``tests/gold/GUIDELINES.md`` ("Body mentions"):

* **What is matched.** Each body's full name and aliases, case-insensitively and up to spelling variants (’ ' or
  no apostrophe; "Ministers Meeting" = "Ministers' Meeting" = "Ministerial Meeting"; hyphen, space or nothing
  between the parts of "Socio-Cultural"; Centre/Center; Labour/Labor; any run of spaces or line breaks between
  words). Acronyms are case-sensitive whole words: "ACW" does not fire inside "ACWC", "SOM-ED" keeps its hyphen, an
  acronym joined by a hyphen to another capitalised part ("COP-AATHP") is not matched on its own. "ASEAN" is never
  a body. Generic phrases of the registry ("sectoral bodies under the ASCC") give ``body_id`` null,
  ``is_generic`` true, ``match_kind`` "generic".
* **Plus Three.** A meeting of a body with China, Japan and the Republic of Korea is a mention of the body, the
  Plus Three written after it ("AHMM+3", "ASEAN Health Ministers Meeting Plus Three": the span is the body's name)
  or between "ASEAN" and the rest of the name ("ASEAN Plus Three Health Ministers Meeting", "ASEAN+3 Labour
  Ministers Meeting": the span is the whole name). "ASEAN Plus Three countries" names no body.
* **Plurals and possessives.** A trailing "’s", "'s", "s" or "s’" is allowed after a name or acronym ("AMMSWD's",
  "ACDM’s", "ASCC Council Meetings") and left **out** of the span, so ``matched_text`` is always the name as
  registered. "SOMs" is not a mention: "SOM" is no body.
* **One mention per naming.** A full name followed by its own acronym in brackets is one mention spanning the name
  only ("ASEAN Centre for Climate Change (ACCC)" → "ASEAN Centre for Climate Change").
* **Overlaps.** Matching runs left to right; where names overlap the one that starts first wins, and of those
  starting at the same place the longest ("ASCC Council" beats the bare acronym "ASCC").
* **Match kinds.** ``name`` (the registry name or a spelling variant of it), ``alias``, ``acronym``, ``generic``.
* **Ambiguous acronyms** (the registry's ``ambiguous:`` list) are resolved in this order: (1) in brackets right
  after a full name, the name decides; (2) if the full name of exactly one meaning appears in the same paragraph,
  that meaning; (3) the meaning with strictly the most cue words in the paragraph (its topic); (4) the entry's
  ``default``. A meaning that is not a body of the pillar (the ASEAN Connectivity Coordinating Committee, or
  "ASCC" meaning the Community) gives no mention. So bare "ASCC" ("ASCC Blueprint 2025", "the ASCC Pillar") is
  never a body mention, and "ACCC" is the ASEAN Centre for Climate Change unless the paragraph is about
  connectivity.

Only paragraph and preamble rows are read (``level != "sub_item"``): a sub-item's text is part of its paragraph.
Offsets are Python string (code point) offsets into that row's ``text``. The patterns are compiled once per
registry (one regular expression for all names, aliases, acronyms and generic phrases).
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import Literal

import polars as pl

from ascc_analysis.errors import SchemaError
from ascc_analysis.ingest.metadata import PLUS_THREE_IN_NAME
from ascc_analysis.registry import AmbiguousAcronym, Registry, load_registry
from ascc_analysis.schemas import BODY_MENTIONS, validate

logger = logging.getLogger(__name__)

MatchKind = Literal["name", "alias", "acronym", "generic"]
_PatternKind = Literal["name", "alias", "acronym", "generic", "ambiguous", "other"]

_HYPHENS = "-‐‑–"
_SEPARATOR = re.compile(rf"(\s+|[{_HYPHENS}]|['’])")
_WORD_VARIANTS = {"centre": "cent(?:re|er)", "center": "cent(?:re|er)", "labour": "labou?r", "labor": "labou?r"}
_HYPHEN_SET = frozenset(_HYPHENS)
_APOSTROPHES = frozenset("'’")
_MINISTERS_WORDS = frozenset({"ministers", "ministerial"})
_MINISTERS = "minist(?:ers['’]?|erial)"
# "ASEAN" opening a name may carry the Plus Three of a meeting with China, Japan and Korea written before the body
# ("ASEAN Plus Three Health Ministers Meeting", "ASEAN+3 Labour Ministers Meeting"), as "AHMM+3" carries it after:
# the metadata rules' phrasings (resources/metadata.yaml, plus_three_in_name).
_ASEAN_PLUS_THREE = rf"asean(?:{PLUS_THREE_IN_NAME.pattern})?"
_LEFT = rf"(?<!\w)(?<!\w[{_HYPHENS}])"
_SUFFIX = "(?:['’][sS]|s['’]?)?"
_RIGHT = rf"(?!\w)(?![{_HYPHENS}][A-Z0-9])"
_BRACKET = re.compile(r"\s*\(\s*([^()]{1,40}?)\s*\)")
_REQUIRED_COLUMNS = ("doc_id", "para_id", "level", "text")


@dataclass(frozen=True)
class BodyMention:
    """One naming of a body (or a generic reference to bodies) in a text.

    Attributes:
        body_id: Registry id; ``None`` for a generic reference.
        is_generic: Whether it refers to a group of bodies.
        match_kind: ``name``, ``alias``, ``acronym`` or ``generic``.
        matched_text: The span as written (without a plural or possessive ending).
        char_start: Start offset in the text.
        char_end: End offset in the text (exclusive).
    """

    body_id: str | None
    is_generic: bool
    match_kind: MatchKind
    matched_text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class _Pattern:
    kind: _PatternKind
    body_id: str | None  # the body; None for generic, ambiguous and non-body names
    label: str  # the registry string the pattern was built from
    ambiguous: AmbiguousAcronym | None = None  # for kind "ambiguous", and for "other" (the entry naming it)


@dataclass(frozen=True)
class _Matcher:
    regex: re.Pattern[str]
    group_to_pattern: dict[str, _Pattern]
    acronym_to_owners: dict[str, frozenset[str | None]]  # which meanings an acronym in brackets may belong to
    cue_regexes: dict[tuple[str, int], re.Pattern[str] | None]  # (acronym, meaning index) -> cue words
    # The prefilter (see _find): singles[i] is alternative i of ``regex`` alone (group g<i>, with the same context);
    # it can only match a text holding every word of needles[i] (lower-cased and looked for in the case-folded text
    # when folded, else as is).
    singles: tuple[re.Pattern[str], ...] = ()
    needles: tuple[tuple[tuple[str, ...], bool] | None, ...] = ()


@dataclass(frozen=True)
class _RawMatch:
    pattern: _Pattern
    start: int
    end: int


def find_body_mentions(text: str, *, registry: Registry | None = None) -> list[BodyMention]:
    """Every body mention in one text (a paragraph), in reading order.

    Args:
        text: The text to search.
        registry: The bodies registry; ``None`` loads the shipped one.

    Returns:
        The mentions, sorted by start offset, following the rules in the module docstring.
    """
    matcher = _compile(registry if registry is not None else load_registry())
    return _find(text, matcher)


def extract_body_mentions(paragraphs: pl.DataFrame, *, registry: Registry | None = None) -> pl.DataFrame:
    """The ``body_mentions`` table of a corpus.

    Args:
        paragraphs: Rows of the ``paragraphs`` table (at least ``doc_id``, ``para_id``, ``level`` and ``text``);
            sub-item rows are skipped, since their text is part of their paragraph.
        registry: The bodies registry; ``None`` loads the shipped one.

    Returns:
        One row per mention, validated against :data:`ascc_analysis.schemas.BODY_MENTIONS` and sorted by
        ``para_id``, ``char_start``, ``char_end``. Offsets index the paragraph's ``text``.

    Raises:
        SchemaError: ``paragraphs`` lacks one of the columns read, or the result breaks the table's schema.
    """
    missing = [name for name in _REQUIRED_COLUMNS if name not in paragraphs.columns]
    if missing:
        raise SchemaError(
            f"paragraphs: missing column(s) {missing} needed for body mentions; required: {list(_REQUIRED_COLUMNS)}"
        )
    matcher = _compile(registry if registry is not None else load_registry())
    rows: list[dict[str, object]] = []
    blocks = paragraphs.filter(pl.col("level") != "sub_item").select(_REQUIRED_COLUMNS)
    for doc_id, para_id, _level, text in blocks.iter_rows():
        for mention in _find(text or "", matcher):
            rows.append(
                {
                    "doc_id": doc_id,
                    "para_id": para_id,
                    "body_id": mention.body_id,
                    "is_generic": mention.is_generic,
                    "match_kind": mention.match_kind,
                    "matched_text": mention.matched_text,
                    "char_start": mention.char_start,
                    "char_end": mention.char_end,
                }
            )
    mentions = pl.DataFrame(rows, schema=BODY_MENTIONS.schema, orient="row")
    logger.info("found %d body mentions in %d paragraphs", mentions.height, blocks.height)
    return validate(mentions, BODY_MENTIONS)


# --- pattern compilation ------------------------------------------------------------------------------------------


def _label_regex(label: str, *, ignore_case: bool) -> str:
    """A regular expression for a registry string, tolerant of the spelling variants in the module docstring."""
    pieces = [piece for piece in _SEPARATOR.split(label) if piece]
    out: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        following = [p for p in pieces[index + 1 :] if not _SEPARATOR.fullmatch(p)]
        if piece.isspace():
            out.append(r"\s+")
        elif piece in _HYPHEN_SET:
            # names: "Socio-Cultural", "Socio Cultural", "Socio-\nCultural"; acronyms keep their hyphen ("SOM-ED")
            out.append(rf"\s*[{_HYPHENS}]?\s*" if ignore_case else f"[{_HYPHENS}]")
        elif piece in _APOSTROPHES:
            out.append("['’]?")
        elif ignore_case and piece.lower() in _MINISTERS_WORDS and [w.lower() for w in following[:1]] == ["meeting"]:
            out.append(_MINISTERS)
            if index + 1 < len(pieces) and pieces[index + 1] in _APOSTROPHES:
                index += 1  # the apostrophe is part of _MINISTERS
        elif index == 0 and ignore_case and piece.lower() == "asean" and _is_meeting(label):
            out.append(_ASEAN_PLUS_THREE)
        elif piece.lower() in _WORD_VARIANTS:
            out.append(_WORD_VARIANTS[piece.lower()] if ignore_case else _cased_variant(piece))
        else:
            out.append(re.escape(piece))
        index += 1
    body = "".join(out)
    return f"(?i:{body})" if ignore_case else body


def _is_meeting(label: str) -> bool:
    """Whether a name is a meeting's, of ministers or officials (only those meet with the Plus Three): "ASEAN Plus
    Three" before another name ("ASEAN Plus Three Foundation") is not read as a mention of it."""
    words = label.lower().split()
    return len(words) > 1 and any(word.startswith(("minist", "meeting", "officials")) for word in words)


def _needle(label: str, *, ignore_case: bool) -> tuple[tuple[str, ...], bool] | None:
    """Literal parts of a registry string that every match of :func:`_label_regex` holds.

    Every plain word, and of a word with spelling variants its first four letters ("cent" of Centre/Center, "labo"
    of Labour/Labor, "minist" of Ministers/Ministerial), longest first. Returns ``(needles, folded)``: for a
    case-insensitive string lower-cased, to look for in the case-folded text (:func:`_fold`); for an acronym as
    written, to look for in the text as is. ``None`` when there is none (the pattern is then tried on every text).
    """
    needles: set[str] = set()
    for piece in (piece for piece in _SEPARATOR.split(label) if piece):
        if piece.isspace() or piece in _HYPHEN_SET or piece in _APOSTROPHES or not piece.isascii():
            continue
        if piece.lower() in _WORD_VARIANTS:
            needles.add(piece[:4])
        elif ignore_case and piece.lower() in _MINISTERS_WORDS:
            needles.add(piece[:6])
        else:
            needles.add(piece)
    if not needles:
        return None
    ordered = tuple(
        sorted((needle.lower() if ignore_case else needle for needle in needles), key=lambda n: (-len(n), n))
    )
    return ordered, ignore_case


@functools.cache
def _case_table() -> dict[int, str]:
    """Every non-ASCII character that a case-insensitive pattern takes for an ASCII letter ("ſ" for "s", the Kelvin
    sign for "k", "İ" for "i"), mapped to that letter lower-cased."""
    letters = re.compile("(?i)[a-z]")
    table: dict[int, str] = {}
    for code in range(0x80, 0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or not letters.fullmatch(char):
            continue
        table[code] = next(letter for letter in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(f"(?i){letter}", char))
    return table


def _fold(text: str) -> str:
    """The text as a case-insensitive pattern sees it: every character that matches an ASCII letter becomes it."""
    if text.isascii():
        return text.lower()
    return text.translate(_case_table()).lower()


def _cased_variant(word: str) -> str:
    """Centre/Center or Labour/Labor, keeping the word's capitals (for case-sensitive acronyms such as "AHA Centre")."""
    stem, ending = word[:4], word[4:]
    if word.lower() in {"centre", "center"}:
        return f"{re.escape(stem)}(?:{re.escape(ending)}|{re.escape(ending[::-1])})"
    return f"{re.escape(stem)}(?:{re.escape(ending)}|{re.escape(ending[-1:])})"


@functools.lru_cache(maxsize=16)
def _compile(registry: Registry) -> _Matcher:
    """One regular expression for every name, alias, acronym and generic phrase of a registry."""
    ambiguous_by_acronym = {entry.acronym: entry for entry in registry.ambiguous}
    candidates: list[tuple[str, _Pattern]] = []
    needles: dict[str, tuple[tuple[str, ...], bool] | None] = {}
    for label, ignore_case in _labels(registry, ambiguous_by_acronym):
        needles[_label_regex(label, ignore_case=ignore_case)] = _needle(label, ignore_case=ignore_case)
    for body in registry.bodies:
        candidates.append((_label_regex(body.name, ignore_case=True), _Pattern("name", body.id, body.name)))
        candidates.extend(
            (_label_regex(alias, ignore_case=True), _Pattern("alias", body.id, alias)) for alias in body.aliases
        )
        candidates.extend(
            (_label_regex(acronym, ignore_case=False), _Pattern("acronym", body.id, acronym))
            for acronym in body.acronyms
            if acronym not in ambiguous_by_acronym
        )
    for entry in registry.ambiguous:
        candidates.append(
            (_label_regex(entry.acronym, ignore_case=False), _Pattern("ambiguous", None, entry.acronym, entry))
        )
        candidates.extend(
            (_label_regex(meaning.name, ignore_case=True), _Pattern("other", None, meaning.name, entry))
            for meaning in entry.meanings
            if meaning.body_id is None and meaning.name is not None
        )
    candidates.extend(
        (_label_regex(phrase, ignore_case=True), _Pattern("generic", None, phrase))
        for phrase in registry.generic_patterns
    )
    # The first pattern built from a string wins (a body's name before its aliases); longest strings first, so that
    # of two names starting at the same place the longer matches.
    regex_to_pattern: dict[str, _Pattern] = {}
    for regex, pattern in candidates:
        regex_to_pattern.setdefault(regex, pattern)
    ordered = sorted(regex_to_pattern.items(), key=lambda item: (-len(item[1].label), item[1].label))
    group_to_pattern = {f"g{index}": pattern for index, (_regex, pattern) in enumerate(ordered)}
    alternatives = "|".join(f"(?P<g{index}>{regex})" for index, (regex, _pattern) in enumerate(ordered))
    compiled = re.compile(f"{_LEFT}(?:{alternatives}){_SUFFIX}{_RIGHT}")

    acronym_to_owners: dict[str, set[str | None]] = {}
    for body in registry.bodies:
        for acronym in body.acronyms:
            acronym_to_owners.setdefault(acronym, set()).add(body.id)
    for entry in registry.ambiguous:
        for meaning in entry.meanings:
            acronym_to_owners.setdefault(entry.acronym, set()).add(meaning.body_id or meaning.name)
    cue_regexes: dict[tuple[str, int], re.Pattern[str] | None] = {}
    for entry in registry.ambiguous:
        for index, meaning in enumerate(entry.meanings):
            cues = sorted(meaning.cues, key=len, reverse=True)
            cue_regexes[(entry.acronym, index)] = (
                re.compile(rf"(?<!\w)(?:{'|'.join(_label_regex(cue, ignore_case=True) for cue in cues)})(?!\w)")
                if cues
                else None
            )
    logger.debug("compiled %d body patterns", len(ordered))
    return _Matcher(
        regex=compiled,
        group_to_pattern=group_to_pattern,
        acronym_to_owners={acronym: frozenset(owners) for acronym, owners in acronym_to_owners.items()},
        cue_regexes=cue_regexes,
        singles=tuple(
            re.compile(f"{_LEFT}(?P<g{index}>{regex}){_SUFFIX}{_RIGHT}")
            for index, (regex, _pattern) in enumerate(ordered)
        ),
        needles=tuple(needles[regex] for regex, _pattern in ordered),
    )


def _labels(registry: Registry, ambiguous_by_acronym: dict[str, AmbiguousAcronym]) -> list[tuple[str, bool]]:
    """Every registry string :func:`_compile` builds a pattern from, with whether it is matched case-insensitively."""
    labels: list[tuple[str, bool]] = []
    for body in registry.bodies:
        labels.append((body.name, True))
        labels.extend((alias, True) for alias in body.aliases)
        labels.extend((acronym, False) for acronym in body.acronyms if acronym not in ambiguous_by_acronym)
    for entry in registry.ambiguous:
        labels.append((entry.acronym, False))
        labels.extend(
            (meaning.name, True) for meaning in entry.meanings if meaning.body_id is None and meaning.name is not None
        )
    labels.extend((phrase, True) for phrase in registry.generic_patterns)
    return labels


# --- matching -----------------------------------------------------------------------------------------------------


def _find(text: str, matcher: _Matcher) -> list[BodyMention]:
    """The mentions in one text.

    The single regular expression of all names is slow (every alternative is tried at every word start). The same
    matches come from the alternatives alone: only those whose needles (:func:`_needle`) all occur in the text can
    match; each is searched for from the current position, the match that starts first wins and, of those starting
    at the same place, the alternative that comes first in the expression (which is what the expression itself
    picks, with the same backtracking inside it); the search goes on from its end. ``_find_with`` keeps the single
    expression.
    """
    folded = _fold(text)
    pending: dict[int, re.Match[str]] = {}
    for index, needle in enumerate(matcher.needles):
        if needle is None or all(word in (folded if needle[1] else text) for word in needle[0]):
            found = matcher.singles[index].search(text)
            if found is not None:
                pending[index] = found
    raw: list[_RawMatch] = []
    while pending:
        index, match = min(pending.items(), key=lambda item: (item[1].start(), item[0]))
        group = f"g{index}"
        raw.append(_RawMatch(matcher.group_to_pattern[group], match.start(group), match.end(group)))
        position = match.end()
        for other, found in list(pending.items()):
            if found.start() < position:
                again = matcher.singles[other].search(text, position)
                if again is None:
                    del pending[other]
                else:
                    pending[other] = again
    return _mentions(raw, text, matcher)


def _find_with(regex: re.Pattern[str], text: str, matcher: _Matcher) -> list[BodyMention]:
    """The mentions in one text with one regular expression of every name (the reference for :func:`_find`)."""
    raw: list[_RawMatch] = []
    for match in regex.finditer(text):
        group = match.lastgroup
        if group is None:  # pragma: no cover - every alternative is a named group
            continue
        raw.append(_RawMatch(matcher.group_to_pattern[group], match.start(group), match.end(group)))
    return _mentions(raw, text, matcher)


def _mentions(raw: list[_RawMatch], text: str, matcher: _Matcher) -> list[BodyMention]:
    """The mentions from the raw matches, in order: acronyms in brackets after their name dropped, ambiguous
    acronyms resolved."""

    dropped: set[int] = set()  # indices of acronyms in brackets after their own full name
    for index, item in enumerate(raw):
        if item.pattern.kind not in ("name", "alias", "other"):
            continue
        bracket = _BRACKET.match(text, item.end)
        if bracket is None:
            continue
        owner = item.pattern.body_id if item.pattern.kind != "other" else item.pattern.label
        for later_index in range(index + 1, len(raw)):
            later = raw[later_index]
            if later.start >= bracket.end():
                break
            if later.pattern.kind in ("acronym", "ambiguous") and owner in matcher.acronym_to_owners.get(
                later.pattern.label, frozenset()
            ):
                dropped.add(later_index)

    named = {item.pattern.body_id for item in raw if item.pattern.kind in ("name", "alias")}
    named |= {item.pattern.label for item in raw if item.pattern.kind == "other"}
    mentions: list[BodyMention] = []
    for index, item in enumerate(raw):
        if index in dropped or item.pattern.kind == "other":
            continue
        matched_text = text[item.start : item.end]
        if item.pattern.kind == "generic":
            mentions.append(BodyMention(None, True, "generic", matched_text, item.start, item.end))
            continue
        if item.pattern.kind == "ambiguous":
            assert item.pattern.ambiguous is not None
            body_id = _resolve(item.pattern.ambiguous, text, named, matcher)
            if body_id is not None:
                mentions.append(BodyMention(body_id, False, "acronym", matched_text, item.start, item.end))
            continue
        kind: MatchKind = item.pattern.kind
        mentions.append(BodyMention(item.pattern.body_id, False, kind, matched_text, item.start, item.end))
    return mentions


def _resolve(entry: AmbiguousAcronym, text: str, named: set[str | None], matcher: _Matcher) -> str | None:
    """The body an ambiguous acronym stands for in a paragraph (rules 2-4 of the module docstring), or None."""
    by_name = [m for m in entry.meanings if (m.body_id if m.body_id is not None else m.name) in named]
    if len(by_name) == 1:
        return by_name[0].body_id
    scores: list[int] = []
    for index in range(len(entry.meanings)):
        cue_regex = matcher.cue_regexes[(entry.acronym, index)]
        scores.append(len(cue_regex.findall(text)) if cue_regex is not None else 0)
    best = max(scores)
    if best > 0 and scores.count(best) == 1:
        return entry.meanings[scores.index(best)].body_id
    return entry.default
