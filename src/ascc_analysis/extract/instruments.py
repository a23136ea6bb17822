"""Extraction stage: paragraphs → instrument mentions, canonical instruments and their bodies.

Reads the ``paragraphs`` and ``documents`` tables (and ``body_mentions`` with the bodies registry for attribution)
and returns the tables ``instrument_mentions``, ``instruments`` and ``instrument_bodies``
(:data:`~ascc_analysis.schemas.INSTRUMENT_MENTIONS`, :data:`~ascc_analysis.schemas.INSTRUMENTS`,
:data:`~ascc_analysis.schemas.INSTRUMENT_BODIES`). The rules follow ``tests/gold/GUIDELINES.md``; the words they
read (head words and types, function and stop words, status phrases, sector words, confidences) live in the
package resource ``resources/instruments.yaml`` (:func:`load_instrument_rules`).

**Titles** (:func:`find_titles`) grow from a capitalised head word ("Declaration", "Plan of Action", "Work Plan",
...; a run of heads such as "Scoping Study Report" takes the type of the last one):

* *Left*: capitalised words, numbers, possessives and bracketed acronyms ("ASEAN Leaders' Declaration",
  "ASEAN-SEAMEO Joint Declaration", "ASEAN Socio-Cultural Community (ASCC) Blueprint"), and "and" between two
  capitalised words ("Preparedness and Response Framework"); never "the", an ALL-CAPS preamble verb, nor a
  sentence-initial gerund ("Turning Vision into ..." is no title). A phrase after "its"/"their" is anaphoric.
* *Right*: numbers and bracketed acronyms, years and editions straight after the head ("Roadmap 2025-2030",
  "Outlook (2nd edition)"), then complements: function words (``function_words``) followed by capitalised
  words, numbers and brackets ("on Disaster Management", "to Operationalize the ASEAN Leaders' Declaration (ALD)
  on ..."), "by" only before a number ("by 2030"), subtitles after ":" or a spaced dash. A lowercase word ends
  the title ("which", "that", "comprising", "for notation", "was adopted"), unless it is an adjective or an
  ``inner_words`` entry before a capitalised word ("the wider Social Service Workforce"). A date or bare year
  after a preposition ("in 2025", "on 23-24 September 2024") is left out, and so is a last "to ..." before "for
  adoption"/"for notation" (where the document is sent).
* *Coordination* continues a title only inside a complement and only when the next part reads as part of the
  same name: no head word in it ("... and ASEAN Joint Statement on ..." starts a new title), no possessive, not
  "and its"/", the"/", and the"/", as well as", and no infinitive after it; a comma list ("Equity, Access and
  Environment") must be closed by "and"/"or"; ", including the ..." is taken. After a function word that is not
  in ``nesting_words`` ("with the ASEAN Blueprint ...") a head word starts a new title; after one that is, the
  inner title is nested and only the outermost is returned.
* *Trailing "(XYZ)"*: the acronym of the whole title (initials read tolerantly: ABCD for "ASEAN Blueprint for
  Community Disaster Resilience") is left out of the span and recorded; the acronym of a trailing part of the
  title stays in it ("... Emerging Diseases (ACPHEED)"); an acronym of a capitalised name around the title ("ASEAN
  Committee on the Implementation of the <title> (ACMW)") is left out and not recorded.
* A lone head ("the Declaration", "the Joint Statement") is no title; an acronym that an instrument defines,
  used alone ("the ABCD"), is a title of its own with that instrument's type.

**Status**: the last governing phrase (``status_phrases``) before a title in its sentence decides when only a
filler separates them ("the", "the ASEAN Leaders of the", "the following: a."); a phrase mapping to
``referred`` ("the progress of", "implementing") blocks the ones before it. A status carries over a coordinated
list of titles (commas, "and", list labels, a participial aside ", adopted by the ASED,") until another phrase
takes over. Otherwise a phrase right after the title or its list (``post_phrases``: "for notation", "was
adopted") decides; otherwise ``referred``.

**Canonical ids** (:func:`canonicalise_instruments`, :func:`title_key`, :func:`instrument_id`): see
:func:`canonicalise_instruments` for the merge rules and guard rails. ``instrument_id`` is
``<type>-<up to six content words>-<8 hex digits of a hash of the type and the canonical title's key>``.

**Attribution** (:func:`attribute_instruments`): bodies named inside the title or in its sentence are
``explicit``; for mentions with no explicit sectoral body, bodies whose registry sectors match sector words of the
title (weighing more) and of the paragraph are ``inferred``, with lower confidence and the words as evidence.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast, get_args

import polars as pl
import yaml
from rapidfuzz import fuzz

from ascc_analysis.errors import AsccError, SchemaError
from ascc_analysis.registry import Registry
from ascc_analysis.schemas import INSTRUMENT_BODIES, INSTRUMENT_MENTIONS, INSTRUMENTS, validate

logger = logging.getLogger(__name__)

__all__ = [
    "INSTRUMENT_TYPES",
    "STATUSES",
    "InstrumentRules",
    "InstrumentRulesError",
    "InstrumentType",
    "Status",
    "TitleSpan",
    "attribute_instruments",
    "canonicalise_instruments",
    "default_rules_path",
    "extract_instrument_mentions",
    "find_titles",
    "instrument_id",
    "load_instrument_rules",
    "title_key",
]

InstrumentType = Literal[
    "declaration",
    "statement",
    "framework",
    "plan_of_action",
    "work_plan",
    "roadmap",
    "guidelines",
    "guidance",
    "agreement",
    "convention",
    "consensus",
    "blueprint",
    "strategic_plan",
    "vision",
    "charter",
    "checklist",
    "outlook",
    "report",
    "study",
    "strategy",
    "master_plan",
    "action_agenda",
    "recommendations",
    "principles",
    "toolkit",
    "sop",
    "terms_of_reference",
    "mou",
    "treaty",
    "initiative",
    "programme",
    "other",
]
Status = Literal[
    "adopted",
    "adoption_expected",
    "noted",
    "notation_expected",
    "endorsed",
    "signed",
    "signing_expected",
    "launched",
    "referred",
]
INSTRUMENT_TYPES: tuple[str, ...] = get_args(InstrumentType)
STATUSES: tuple[str, ...] = get_args(Status)

DEFAULT_RULES_NAME = "instruments.yaml"
_RULE_KEYS = frozenset(
    {
        "heads",
        "nesting_words",
        "number_only_words",
        "anaphoric_words",
        "function_words",
        "conjunctions",
        "stop_words",
        "inner_words",
        "date_prepositions",
        "months",
        "status_phrases",
        "object_filler",
        "post_phrases",
        "sector_keywords",
        "attribution",
    }
)
_ATTRIBUTION_KEYS = frozenset(
    {
        "explicit_in_title",
        "explicit_same_sentence",
        "inferred_title_word",
        "inferred_paragraph_word",
        "inferred_paragraph_max",
        "inferred_max",
        "inferred_min",
        "inferred_relative",
        "inferred_kinds",
    }
)
_PARAGRAPH_COLUMNS = ("doc_id", "para_id", "level", "seq", "text")
_MENTION_COLUMNS = ("doc_id", "para_id", "instrument_id", "title_text", "instrument_type", "char_start", "char_end")


class InstrumentRulesError(AsccError):
    """The instrument rules file is missing, unreadable or invalid (the message names the file, key and problem)."""


# --------------------------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InstrumentRules:
    """The vocabulary the extractor reads (see ``resources/instruments.yaml`` for each field).

    Attributes:
        heads: Head word or phrase → instrument type.
        nesting_words: Function words after which a complement may hold another title ("to ... the X
            Declaration"); after any other ("with the X Blueprint") a head word starts a new title.
        number_only_words: Words allowed inside a title only before a number ("by 2030").
        anaphoric_words: Determiners that make the capitalised phrase after them anaphoric ("its Checklist").
        function_words: Lowercase words allowed between capitalised words of a title.
        conjunctions: Coordinating words inside a title.
        stop_words: Lowercase words that always end a title.
        inner_words: Lowercase words allowed before a capitalised word inside a title.
        date_prepositions: Prepositions that, before a date or bare year, end a title.
        months: Month names.
        status_phrases: Governing phrase (regular expression) → status, in file order.
        object_filler: Regular expression of what may separate a governing phrase from its title.
        post_phrases: Phrase after a title → status.
        sector_keywords: Registry sector → words pointing to it.
        attribution: Confidences and the kinds of body that may be inferred.
    """

    heads: Mapping[str, str]
    nesting_words: frozenset[str]
    number_only_words: frozenset[str]
    anaphoric_words: frozenset[str]
    function_words: frozenset[str]
    conjunctions: frozenset[str]
    stop_words: frozenset[str]
    inner_words: frozenset[str]
    date_prepositions: frozenset[str]
    months: frozenset[str]
    status_phrases: tuple[tuple[str, str], ...]
    object_filler: str
    post_phrases: tuple[tuple[str, str], ...]
    sector_keywords: Mapping[str, tuple[str, ...]]
    attribution: Mapping[str, Any]


def default_rules_path() -> Path:
    """Path of the shipped ``instruments.yaml`` package resource."""
    return Path(str(resources.files("ascc_analysis").joinpath("resources", DEFAULT_RULES_NAME)))


def load_instrument_rules(path: Path | None = None) -> InstrumentRules:
    """Read and validate the instrument rules.

    Args:
        path: A rules YAML file; ``None`` reads the shipped one.

    Returns:
        The validated rules.

    Raises:
        InstrumentRulesError: The file cannot be read or is not YAML, a key is missing or unknown, a head maps to
            a type outside :data:`INSTRUMENT_TYPES`, a phrase to a status outside :data:`STATUSES`, a phrase is not
            a valid regular expression, or an attribution value is out of range.
    """
    source = path if path is not None else default_rules_path()
    return _load_rules_cached(str(source))


_RULES_CACHE: dict[str, tuple[float, InstrumentRules]] = {}


def _load_rules_cached(source: str) -> InstrumentRules:
    path = Path(source)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise InstrumentRulesError(f"{path}: cannot read the instrument rules ({exc.strerror or exc})") from exc
    cached = _RULES_CACHE.get(source)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    rules = _parse_rules(_read_rules_yaml(path), path)
    _RULES_CACHE[source] = (mtime, rules)
    return rules


def _read_rules_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InstrumentRulesError(f"{path}: cannot read the instrument rules ({exc.strerror or exc})") from exc
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InstrumentRulesError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(loaded, dict):
        raise InstrumentRulesError(
            f"{path}: expected a mapping with keys {sorted(_RULE_KEYS)}, got {type(loaded).__name__}"
        )
    unknown = sorted(set(loaded) - _RULE_KEYS)
    missing = sorted(_RULE_KEYS - set(loaded))
    if unknown or missing:
        raise InstrumentRulesError(
            f"{path}: unknown key(s) {unknown}, missing key(s) {missing}; accepted: {sorted(_RULE_KEYS)}"
        )
    return cast(dict[str, Any], loaded)


def _words(value: Any, *, path: Path, key: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise InstrumentRulesError(f"{path}: {key} must be a list of non-empty strings, got {value!r}")
    return frozenset(cast(list[str], value))


def _phrases(value: Any, *, path: Path, key: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not value:
        raise InstrumentRulesError(f"{path}: {key} must be a non-empty list of {{phrase, status}} mappings")
    phrases: list[tuple[str, str]] = []
    for index, entry in enumerate(value, start=1):
        if not isinstance(entry, dict) or set(entry) != {"phrase", "status"}:
            raise InstrumentRulesError(f"{path}: {key} entry #{index} must be a mapping with keys phrase and status")
        phrase, status = entry["phrase"], entry["status"]
        if status not in STATUSES:
            raise InstrumentRulesError(
                f"{path}: {key} entry #{index}: unknown status {status!r}; accepted: {', '.join(STATUSES)}"
            )
        _compile_checked(phrase, path=path, where=f"{key} entry #{index}")
        phrases.append((str(phrase), str(status)))
    return tuple(phrases)


def _compile_checked(pattern: Any, *, path: Path, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise InstrumentRulesError(f"{path}: {where}: a non-empty regular expression is required, got {pattern!r}")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise InstrumentRulesError(f"{path}: {where}: invalid regular expression {pattern!r} ({exc})") from exc


def _parse_rules(raw: Mapping[str, Any], path: Path) -> InstrumentRules:
    heads = raw["heads"]
    if not isinstance(heads, dict) or not heads:
        raise InstrumentRulesError(f"{path}: heads must be a non-empty mapping of head word to instrument type")
    for head, kind in heads.items():
        if not isinstance(head, str) or not head[:1].isupper():
            raise InstrumentRulesError(f"{path}: heads: {head!r} must be a capitalised word or phrase")
        if kind not in INSTRUMENT_TYPES:
            raise InstrumentRulesError(
                f"{path}: heads: {head!r} maps to unknown type {kind!r}; accepted: {', '.join(INSTRUMENT_TYPES)}"
            )
    sectors = raw["sector_keywords"]
    if not isinstance(sectors, dict) or not all(
        isinstance(words, list) and words and all(isinstance(w, str) and w for w in words) for words in sectors.values()
    ):
        raise InstrumentRulesError(f"{path}: sector_keywords must map each sector to a non-empty list of words")
    attribution = raw["attribution"]
    if not isinstance(attribution, dict):
        raise InstrumentRulesError(f"{path}: attribution must be a mapping with keys {sorted(_ATTRIBUTION_KEYS)}")
    unknown = sorted(set(attribution) - _ATTRIBUTION_KEYS)
    if unknown:
        raise InstrumentRulesError(
            f"{path}: attribution: unknown key(s) {unknown}; accepted: {sorted(_ATTRIBUTION_KEYS)}"
        )
    for name in sorted(_ATTRIBUTION_KEYS - {"inferred_kinds"}):
        value = attribution.get(name, _DEFAULT_ATTRIBUTION[name])
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= float(value) <= 1.0:
            raise InstrumentRulesError(f"{path}: attribution: {name} must be a number from 0 to 1, got {value!r}")
    kinds = attribution.get("inferred_kinds", _DEFAULT_ATTRIBUTION["inferred_kinds"])
    _words(kinds, path=path, key="attribution: inferred_kinds")
    filler = raw["object_filler"]
    _compile_checked(filler, path=path, where="object_filler")
    return InstrumentRules(
        heads={str(head): str(kind) for head, kind in heads.items()},
        nesting_words=_words(raw["nesting_words"], path=path, key="nesting_words"),
        number_only_words=_words(raw["number_only_words"], path=path, key="number_only_words"),
        anaphoric_words=_words(raw["anaphoric_words"], path=path, key="anaphoric_words"),
        function_words=_words(raw["function_words"], path=path, key="function_words"),
        conjunctions=_words(raw["conjunctions"], path=path, key="conjunctions"),
        stop_words=_words(raw["stop_words"], path=path, key="stop_words"),
        inner_words=_words(raw["inner_words"], path=path, key="inner_words"),
        date_prepositions=_words(raw["date_prepositions"], path=path, key="date_prepositions"),
        months=_words(raw["months"], path=path, key="months"),
        status_phrases=_phrases(raw["status_phrases"], path=path, key="status_phrases"),
        object_filler=str(filler),
        post_phrases=_phrases(raw["post_phrases"], path=path, key="post_phrases"),
        sector_keywords={str(sector): tuple(str(w) for w in words) for sector, words in sectors.items()},
        attribution={**_DEFAULT_ATTRIBUTION, **attribution},
    )


_DEFAULT_ATTRIBUTION: dict[str, Any] = {
    "explicit_in_title": 1.0,
    "explicit_same_sentence": 0.9,
    "inferred_title_word": 0.3,
    "inferred_paragraph_word": 0.1,
    "inferred_paragraph_max": 0.3,
    "inferred_max": 0.8,
    "inferred_min": 0.2,
    "inferred_relative": 0.5,
    "inferred_kinds": ["ministerial", "officials", "committee", "associated", "historical"],
}


# --------------------------------------------------------------------------------------------------------------
# Compiled matcher
# --------------------------------------------------------------------------------------------------------------

_HYPHENS = "-‐‑–—"
# A word: letters/digits, joined by hyphens or slashes ("Post-2025", "Work-Life", "2025-2030", "COP-29"), with a
# possessive ending ("Leaders'", "Timor-Leste's").
_WORD_RE = re.compile(r"[^\W_](?:[\w&]|[-‐‑–/](?=[^\W_]))*(?:'[sS](?!\w)|(?<=[sS])'(?!\w))?")
_SPACE_RE = re.compile(r"[ \t\n\r]*")
_BRACKET_RE = re.compile(r"\(([^()]{1,60})\)")
_ACRONYM_PART_RE = re.compile(r"[A-Z0-9][A-Za-z0-9&./-]*")
_EDITION_RE = re.compile(
    r"(?i)(?:\d+(?:st|nd|rd|th)\s+edition|revised(?:\s+\d{4})?|rev\.?\s*\d*|\d{4}(?:[-–]\d{2,4})?)"
)
_SENTENCE_END_RE = re.compile(
    r"(?<!\b[Nn]o)(?<!\be\.g)(?<!\bi\.e)(?<!\b[a-z])(?<!\b[ivx]{2})\.[\"')\]]*(?=\s+[^a-z\s]|\s*$)"
)
_HEAD_JOINT_RE = re.compile(r" (?:and )?")
_ALLCAPS_VERB_RE = re.compile(r"[A-Z]{3,}(?:ING|ED)")
# A participial aside between two coordinated titles: "the X, adopted by the ASED, and the Y".
_PARENTHETICAL_RE = re.compile(
    r",\s*(?:[a-z]+ed|held|led|made|set)\s+(?:[a-z]+\s+)?(?:by|at|in|under|during|through|with)\b[^,;]*(?=,)"
)
_CONNECTOR_LABEL = r"(?:\([a-z]{1,4}\)|\(\d{1,2}\)|[a-z]{1,4}[.)]|\d{1,2}[.)])"


@dataclass(frozen=True)
class _Matcher:
    rules: InstrumentRules
    head_re: re.Pattern[str]
    head_types: Mapping[str, str]
    phrase_res: tuple[tuple[re.Pattern[str], str], ...]
    post_res: tuple[tuple[re.Pattern[str], str], ...]
    filler_re: re.Pattern[str]
    connector_re: re.Pattern[str]
    function_lower: frozenset[str]
    conjunctions: frozenset[str]


_MATCHER_CACHE: dict[int, tuple[InstrumentRules, _Matcher]] = {}


def _matcher(rules: InstrumentRules) -> _Matcher:
    cached = _MATCHER_CACHE.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    heads = sorted(rules.heads, key=lambda head: (-len(head), head))
    head_alternatives = "|".join(r"\s+".join(re.escape(part) for part in head.split()) for head in heads)
    head_re = re.compile(rf"(?<![\w'-])(?:{head_alternatives})(?![\w-])")
    phrase_res = tuple(
        (re.compile(rf"(?<![\w-])(?:{phrase})(?![\w-])", re.IGNORECASE), status)
        for phrase, status in rules.status_phrases
    )
    post_res = tuple(
        (re.compile(rf"(?:{phrase})(?![\w-])", re.IGNORECASE), status) for phrase, status in rules.post_phrases
    )
    filler_re = re.compile(rf"\s*(?:the\s+following(?:\s+[a-z]+){{0,3}}\s*:\s*{_CONNECTOR_LABEL}?\s*)?"
                           rf"{rules.object_filler}\s*", re.IGNORECASE)  # fmt: skip
    conj = "|".join(sorted((re.escape(word) for word in rules.conjunctions), key=len, reverse=True))
    connector_re = re.compile(rf"\s*(?:[,;]\s*)?(?:(?:{conj})\s+)?(?:{_CONNECTOR_LABEL}\s*)?(?:the\s+)?", re.IGNORECASE)
    matcher = _Matcher(
        rules=rules,
        head_re=head_re,
        head_types={_fold_space(head): kind for head, kind in rules.heads.items()},
        phrase_res=phrase_res,
        post_res=post_res,
        filler_re=filler_re,
        connector_re=connector_re,
        function_lower=frozenset(word.lower() for word in rules.function_words),
        conjunctions=frozenset(word.lower() for word in rules.conjunctions),
    )
    _MATCHER_CACHE[id(rules)] = (rules, matcher)
    return matcher


def _fold_space(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------------------------
# Titles
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TitleSpan:
    """One instrument title found in a text.

    Attributes:
        start: Offset of the title's first character.
        end: Offset just after its last character (a trailing "(XYZ)" acronym of the instrument is outside).
        title: ``text[start:end]``.
        acronym: The instrument's own acronym, from a trailing bracket or a bare acronym mention; else ``None``.
        instrument_type: From the head word (GUIDELINES vocabulary).
        status: What happened to the instrument in this text (GUIDELINES "Status").
    """

    start: int
    end: int
    title: str
    acronym: str | None
    instrument_type: str
    status: str


@dataclass(frozen=True)
class _Token:
    kind: Literal["word", "bracket", "punct", "end"]
    start: int
    end: int
    value: str


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    consumed_end: int
    acronym: str | None
    instrument_type: str


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
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'-‐‑–/&_"):
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


class _TitleScanner:
    """Finds the titles of one text; see the module docstring for the rules."""

    def __init__(self, text: str, matcher: _Matcher) -> None:
        self.text = text
        self.m = matcher
        self.rules = matcher.rules

    # --- head words ----------------------------------------------------------------------------------------

    def head_at(self, pos: int) -> tuple[int, str] | None:
        """A head word, or a run of them ("Scoping Study Report", "Framework and Plan of Action") at ``pos``: its
        end and the last head's type."""
        match = self.m.head_re.match(self.text, pos)
        if match is None:
            return None
        end = match.end()
        kind = self.m.head_types[_fold_space(match.group(0))]
        while True:  # "Study Report", "Regional Framework and Plan of Action"
            joint = _HEAD_JOINT_RE.match(self.text, end)
            follow = self.m.head_re.match(self.text, joint.end()) if joint else None
            if follow is None:
                return end, kind
            end = follow.end()
            kind = self.m.head_types[_fold_space(follow.group(0))]

    def heads_in(self, start: int, end: int) -> bool:
        """Whether a head word starts in ``[start, end)``."""
        return self.m.head_re.search(self.text, start, len(self.text)) is not None and any(
            match.start() < end for match in self.m.head_re.finditer(self.text, start, len(self.text))
        )

    # --- left ---------------------------------------------------------------------------------------------------

    def extend_left(self, head_start: int, floor: int) -> int | None:
        """The first character of the title whose head starts at ``head_start``; ``None`` if it is no title."""
        start = head_start
        while True:
            token = _token_before(self.text, start)
            if token.kind == "punct" and token.value == ")":
                bracket = self.bracket_before(token.end, floor)  # "ASEAN Socio-Cultural Community (ASCC) Blueprint"
                if bracket is None:
                    break
                start = bracket
                continue
            if token.kind != "word" or token.start < floor or self.text[token.end : start].strip():
                break
            word = token.value
            if word.lower() in self.m.conjunctions and word.islower():
                crossed = self.cross_conjunction(token, start, floor)
                if crossed is None:
                    break
                start = crossed
                continue
            if not (_is_cap(word) or _is_number(word)) or word.lower() == "the" or _ALLCAPS_VERB_RE.fullmatch(word):
                break
            if self.sentence_start(token.start) and _verb_like(word):
                return None
            start = token.start
        before = _token_before(self.text, start)
        if before.kind == "word" and before.value.lower() in self.rules.anaphoric_words:
            return None
        return start

    def bracket_before(self, end: int, floor: int) -> int | None:
        """The start of an acronym bracket ending at ``end`` and following a capitalised word, else ``None``."""
        opening = self.text.rfind("(", floor, end)
        if opening < 0 or _bracket_kind(self.text[opening + 1 : end - 1]) != "acronym":
            return None
        word = _token_before(self.text, opening)
        if word.kind != "word" or word.start < floor or not _is_cap(word.value) or word.value.lower() == "the":
            return None
        return opening

    def cross_conjunction(self, conj: _Token, start: int, floor: int) -> int | None:
        """Cross "and" leftwards between two capitalised words ("Preparedness and Response Framework")."""
        left = _token_before(self.text, conj.start)
        right = _token_at(self.text, start)
        if left.kind != "word" or left.start < floor or right.kind != "word":
            return None
        if not (_plain_cap(left.value) and _plain_cap(right.value)):
            return None
        if left.value.lower() in self.m.function_lower or left.value.endswith(("'s", "'")):
            return None
        return left.start

    def sentence_start(self, pos: int) -> bool:
        before = self.text[:pos].rstrip()
        return not before or before[-1] in ".;:!?\"'("

    # --- right --------------------------------------------------------------------------------------------------

    def month_follows(self, pos: int) -> bool:
        token = _token_at(self.text, pos)
        return token.kind == "word" and token.value in self.rules.months

    def is_date_chunk(self, start: int, end: int) -> bool:
        values = [match.group(0) for match in _WORD_RE.finditer(self.text, start, end)]
        return bool(values) and all(_is_number(v) or v in self.rules.months for v in values)

    def chunk(self, pos: int) -> int | None:
        """Capitalised words, numbers and brackets from ``pos``; ``None`` when none starts there."""
        end: int | None = None
        cursor = pos
        while True:
            token = _token_at(self.text, cursor)
            if token.kind == "word":
                word = token.value
                lower = word.lower()
                if (_is_cap(word) and lower not in self.m.function_lower) or _is_number(word):
                    end = cursor = token.end
                    continue
                if (lower in self.rules.inner_words or self.adjective(word)) and self.caps_follow(token.end):
                    cursor = token.end
                    continue
                break
            if token.kind == "bracket" and end is not None and _bracket_kind(token.value) != "other":
                end = cursor = token.end
                continue
            break
        return end

    def adjective(self, word: str) -> bool:
        """A lowercase word that may qualify a capitalised one inside a title ("the wider Social ...")."""
        lower = word.lower()
        return (
            word.islower()
            and len(lower) > 2
            and lower not in self.m.function_lower
            and lower not in self.rules.stop_words
            and lower not in self.rules.anaphoric_words
            and not lower.endswith(("ed", "ing", "s", "ly"))
        )

    def caps_follow(self, pos: int) -> bool:
        token = _token_at(self.text, pos)
        return token.kind == "word" and _is_cap(token.value) and token.value.lower() not in self.m.function_lower

    def functions(self, pos: int) -> tuple[int, list[str]]:
        """Skip function words (not conjunctions) from ``pos``: their end and the words, lowercased."""
        words: list[str] = []
        cursor = pos
        while True:
            token = _token_at(self.text, cursor)
            if token.kind != "word":
                return cursor, words
            lower = token.value.lower()
            if lower in self.m.conjunctions or lower not in self.m.function_lower:
                return cursor, words
            words.append(lower)
            cursor = token.end

    def clean_end(self, pos: int) -> bool:
        """Whether a coordinated part may end at ``pos``: no infinitive or other clause goes on from there."""
        token = _token_at(self.text, pos)
        if token.kind != "word" or not token.value.islower():
            return True
        if any(regex.match(self.text, token.start) for regex, _status in self.m.post_res):
            return True
        if token.value in self.m.function_lower and token.value not in self.m.conjunctions:
            after, _words = self.functions(token.start)
            nxt = _token_at(self.text, after)
            return nxt.kind == "word" and (_is_cap(nxt.value) or _is_number(nxt.value))
        return True

    def extend_right(self, head_end: int) -> tuple[int, bool]:
        """The end of a title whose head ends at ``head_end``, and whether it has a complement."""
        end = head_end
        while True:  # numbers and brackets straight after the head: "Roadmap 2025-2030", "Declaration (ALD)"
            token = _token_at(self.text, end)
            number = token.kind == "word" and _is_number(token.value) and not self.month_follows(token.end)
            if not (number or (token.kind == "bracket" and _bracket_kind(token.value) != "other")):
                break
            end = token.end
        has_complement = False
        last_start = end
        while (step := self.step(end, has_complement=has_complement)) is not None:
            last_start, end, has_complement = end, step, True
        # "submitted X to the 45th ASEAN Summit for notation": the last "to ..." is where X goes, not its name.
        last = _token_at(self.text, last_start)
        if has_complement and last.value == "to" and self.post_phrase_at(end):
            end = last_start
        return end, has_complement

    def post_phrase_at(self, pos: int) -> bool:
        start = _SPACE_RE.match(self.text, pos).end()  # type: ignore[union-attr]
        return any(regex.match(self.text, start) for regex, _status in self.m.post_res)

    def step(self, end: int, *, has_complement: bool) -> int | None:
        """The end of one more part of the title after ``end``, or ``None`` where the title ends."""
        token = _token_at(self.text, end)
        if token.kind == "punct":
            if token.value == ":" or (token.value in _HYPHENS and self.text[token.start - 1 : token.start] == " "):
                return self.subtitle(token.end)
            if token.value == "," and has_complement:
                return self.comma_list(end)
            return None
        if token.kind != "word" or (not token.value.islower() and token.value.lower() not in self.m.function_lower):
            return None
        lower = token.value.lower()
        if lower in self.m.conjunctions:
            return self.coordinated(token.end) if has_complement else None
        if lower in self.rules.number_only_words:
            number = _token_at(self.text, token.end)
            if number.kind == "word" and _is_number(number.value):
                return number.end
            return None
        if lower not in self.m.function_lower:
            return None
        after, words = self.functions(end)
        chunk_end = self.chunk(after)
        if chunk_end is None:
            return None
        if words[0] in self.rules.date_prepositions and self.is_date_chunk(after, chunk_end):
            return None
        if words[0] not in self.rules.nesting_words and self.heads_in(after, chunk_end):
            return None
        return chunk_end

    def subtitle(self, pos: int) -> int | None:
        """A subtitle after ":" or a spaced dash ("Environment: Advancing ...", "(E2E EWS) – An Assessment")."""
        first = _token_at(self.text, pos)
        if first.kind != "word" or not (_is_cap(first.value) or _is_number(first.value)):
            return None
        after, _words = self.functions(pos)
        chunk_end = self.chunk(after)
        if chunk_end is None or self.heads_in(after, chunk_end):
            return None
        return chunk_end

    def coordinated(self, pos: int) -> int | None:
        """After a conjunction inside a complement: the end of the coordinated part, or ``None``."""
        after, words = self.functions(pos)
        if words and words != ["the"]:
            return None
        first = _token_at(self.text, after)
        if first.kind != "word" or first.value.endswith(("'s", "'")):
            return None
        chunk_end = self.chunk(after)
        if chunk_end is None or self.heads_in(after, chunk_end) or self.possessive_in(after, chunk_end):
            return None
        return chunk_end if self.clean_end(chunk_end) else None

    def possessive_in(self, start: int, end: int) -> bool:
        return any(word.endswith(("'s", "s'")) for word in self.text[start:end].split())

    def comma_list(self, pos: int) -> int | None:
        """After a comma inside a complement: a list closed by a conjunction (", Recognition, and Development"),
        or an ``inner_words`` part (", including the Elimination of ..."); ``None`` otherwise."""
        cursor = pos
        while True:
            comma = _token_at(self.text, cursor)
            if comma.kind != "punct" or comma.value != ",":
                return None
            nxt = _token_at(self.text, comma.end)
            if nxt.kind != "word":
                return None
            lower = nxt.value.lower()
            if lower in self.m.conjunctions and nxt.value.islower():
                follow = _token_at(self.text, nxt.end)
                if follow.kind == "word" and follow.value.lower() == "the":
                    return None
                return self.coordinated(nxt.end)
            if lower in self.rules.inner_words and nxt.value.islower():
                after, _words = self.functions(nxt.end)
                chunk_end = self.chunk(after)
                if chunk_end is None or self.heads_in(after, chunk_end) or not self.clean_end(chunk_end):
                    return None
                return chunk_end
            if not _plain_cap(nxt.value) or lower in self.m.function_lower:
                return None
            chunk_end = self.chunk(nxt.start)
            if chunk_end is None or self.heads_in(nxt.start, chunk_end) or self.possessive_in(nxt.start, chunk_end):
                return None
            following = _token_at(self.text, chunk_end)
            if following.kind == "word" and following.value in self.m.conjunctions:
                return self.coordinated(following.end)
            cursor = chunk_end

    # --- trailing acronym -------------------------------------------------------------------------------------

    def embedded(self, start: int) -> bool:
        """Whether the title is the complement of a capitalised name ("ASEAN Committee on the Implementation of
        the <title> (ACMW)"), so that a bracket after it belongs to that name."""
        the = _token_before(self.text, start)
        if the.kind != "word" or the.value.lower() != "the":
            return False
        preposition = _token_before(self.text, the.start)
        if preposition.kind != "word" or preposition.value not in self.rules.nesting_words:
            return False
        name = _token_before(self.text, preposition.start)
        return name.kind == "word" and _plain_cap(name.value) and not self.sentence_start(name.start)

    def trailing_acronym(self, start: int, end: int) -> tuple[int, int, str | None]:
        """Split a trailing "(XYZ)" off a title: (title end, consumed end, acronym or ``None``)."""
        text = self.text
        bracket_start = text.rfind("(", start, end)
        if bracket_start < 0 or text[end - 1] != ")" or _bracket_kind(text[bracket_start + 1 : end - 1]) != "acronym":
            return end, end, None
        content = text[bracket_start + 1 : end - 1].strip()
        title_end = bracket_start
        while title_end > start and text[title_end - 1] in " \t\n":
            title_end -= 1
        words = _initial_words(text[start:title_end], self.m.function_lower)
        whole = _initials_skips(content, words)
        parts = [part for part in re.split(r"[\s/]+", content) if part]
        inner = [
            skips
            for part in parts
            for k in range(1, len(words))
            if (skips := _initials_skips(part, words[k:])) is not None
        ]
        if inner and (whole is None or min(inner) < whole):
            return end, end, None  # the acronym of a part of the title: "... Emerging Diseases (ACPHEED)"
        return title_end, end, content if whole is not None and not self.embedded(start) else None

    # --- whole text ---------------------------------------------------------------------------------------------

    def find(self) -> list[_Found]:
        """Every outermost title, left to right."""
        found: list[_Found] = []
        floor = pos = 0
        while (match := self.m.head_re.search(self.text, pos)) is not None:
            head = self.head_at(match.start())
            if head is None:  # pragma: no cover - head_re matched at this position
                pos = match.end()
                continue
            head_end, kind = head
            start = self.extend_left(match.start(), floor)
            end, _has_complement = self.extend_right(head_end)
            if start is None or (start == match.start() and end == head_end):
                pos = head_end  # a lone head ("the Declaration") or no title ("its Monitoring Checklist")
                continue
            title_end, consumed_end, acronym = self.trailing_acronym(start, end)
            found.append(
                _Found(
                    start=start,
                    end=title_end,
                    consumed_end=consumed_end,
                    acronym=acronym,
                    instrument_type=kind,
                )
            )
            floor = pos = consumed_end
        return found


def _plain_cap(word: str) -> bool:
    """A capitalised word that is not an acronym ("Response", not "ASEAN")."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and word[:1].isupper() and any(c.islower() for c in letters)


def _verb_like(word: str) -> bool:
    """A capitalised gerund, participle or adverb ("Turning", "Noted", "Further"), not a name."""
    return word[1:].islower() and word.lower().endswith(("ing", "ed", "ly", "her"))


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


def _bare_acronyms(text: str, acronyms: Mapping[str, str], taken: Sequence[tuple[int, int]]) -> list[_Found]:
    found: list[_Found] = []
    if not acronyms:
        return found
    alternatives = "|".join(re.escape(acr) for acr in sorted(acronyms, key=lambda a: (-len(a), a)))
    pattern = re.compile(rf"(?<![\w-])({alternatives})(?:'s|s)?(?![\w-])")
    for match in pattern.finditer(text):
        start, end = match.span(1)
        if any(left <= start < right for left, right in taken):
            continue
        if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
            continue
        found.append(_Found(start, end, end, match.group(1), acronyms[match.group(1)]))
    return found


# --- status -------------------------------------------------------------------------------------------------------


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        bounds.append((start, match.end()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def _last_phrase(gap: str, matcher: _Matcher) -> tuple[int, int, str] | None:
    best: tuple[int, int, str] | None = None
    for regex, status in matcher.phrase_res:
        for match in regex.finditer(gap):
            key = (match.end(), match.end() - match.start())
            if best is None or key > (best[1], best[1] - best[0]):
                best = (match.start(), match.end(), status)
    return best


def _statuses(text: str, items: Sequence[_Found], matcher: _Matcher) -> list[str]:
    """The status of each item (sorted by start) from its governing phrase; see the module docstring."""
    statuses: list[str] = ["referred"] * len(items)
    decided: list[bool] = [False] * len(items)
    chained: list[bool] = [False] * len(items)
    sentences = _sentence_bounds(text)
    for index, item in enumerate(items):
        sent_start = next((start for start, end in sentences if start <= item.start < end), 0)
        previous = items[index - 1] if index else None
        after_previous = previous is not None and previous.consumed_end > sent_start
        boundary = previous.consumed_end if previous is not None and after_previous else sent_start
        gap = _PARENTHETICAL_RE.sub("", text[boundary : item.start])
        phrase = _last_phrase(gap, matcher)
        if phrase is not None:
            governs = matcher.filler_re.fullmatch(gap, phrase[1]) is not None
            statuses[index] = phrase[2] if governs else "referred"
            decided[index] = governs
        elif after_previous and matcher.connector_re.fullmatch(gap):
            statuses[index] = statuses[index - 1]
            decided[index] = decided[index - 1]
            chained[index] = True
    # A phrase after a title or after the coordinated list it ends decides what no phrase before decided.
    last = len(items) - 1
    while last >= 0:
        first = last
        while chained[first]:
            first -= 1
        post = _post_status(text[items[last].consumed_end :], matcher)
        for member in range(first, last + 1):
            if post is not None and not decided[member]:
                statuses[member] = post
        last = first - 1
    return statuses


def _post_status(after: str, matcher: _Matcher) -> str | None:
    stripped = re.match(r"\s*,?\s*(?:(?:to|by)\s+the\s+(?:[A-Z0-9][\w'-]*\s+){1,6})?", after)
    offset = stripped.end() if stripped else 0
    for regex, status in matcher.post_res:
        if regex.match(after, offset):
            return status
    return None


def find_titles(
    text: str,
    *,
    acronyms: Mapping[str, str] | None = None,
    rules: InstrumentRules | None = None,
) -> list[TitleSpan]:
    """Every instrument title in one text (a paragraph), with its type and status.

    Args:
        text: Normalised text (straight quotes, no line breaks inside sentences).
        acronyms: Instrument acronym → type, for bare acronyms used as titles ("the ABCD"); acronyms defined in
            ``text`` itself by a trailing "(XYZ)" are added.
        rules: The extraction rules; ``None`` loads the shipped ``instruments.yaml``.

    Returns:
        The titles sorted by start offset; nested titles are not returned (only the outermost).
    """
    matcher = _matcher(rules if rules is not None else load_instrument_rules())
    return [_to_span(text, item, status) for item, status in _find_with_status(text, matcher, acronyms or {})]


def _find_with_status(text: str, matcher: _Matcher, acronyms: Mapping[str, str]) -> list[tuple[_Found, str]]:
    titles = _TitleScanner(text, matcher).find()
    known = dict(acronyms)
    for item in titles:
        if item.acronym is not None:
            known[item.acronym] = item.instrument_type
    bare = _bare_acronyms(text, known, [(item.start, item.consumed_end) for item in titles])
    items = sorted([*titles, *bare], key=lambda item: item.start)
    return list(zip(items, _statuses(text, items, matcher), strict=True))


def _to_span(text: str, item: _Found, status: str) -> TitleSpan:
    return TitleSpan(
        start=item.start,
        end=item.end,
        title=text[item.start : item.end],
        acronym=item.acronym,
        instrument_type=item.instrument_type,
        status=status,
    )


# --------------------------------------------------------------------------------------------------------------
# Mentions
# --------------------------------------------------------------------------------------------------------------


def _check_columns(frame: pl.DataFrame, columns: Sequence[str], *, name: str, purpose: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise SchemaError(f"{name}: missing column(s) {missing} needed for {purpose}; required: {list(columns)}")


def extract_instrument_mentions(
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    rules: InstrumentRules | None = None,
    keep_acronym: bool = False,
) -> pl.DataFrame:
    """The ``instrument_mentions`` table of a corpus, with canonical instrument ids.

    Acronyms defined anywhere in the corpus ("... Framework (ADRCF)") make their bare use ("the ADRCF") a
    mention of the same instrument; a definition in the same document wins over one elsewhere.

    Args:
        paragraphs: Rows of the ``paragraphs`` table (``doc_id``, ``para_id``, ``level``, ``seq``, ``text``);
            sub-items are skipped, their text is part of their paragraph.
        documents: Rows of the ``documents`` table (``doc_id``, ``year``).
        rules: The extraction rules; ``None`` loads the shipped ``instruments.yaml``.
        keep_acronym: Also return an ``acronym`` column (the instrument's acronym where the mention gives it; not
            part of the table) so that :func:`canonicalise_instruments` can fill ``instruments.acronym``.

    Returns:
        One row per mention, validated against :data:`~ascc_analysis.schemas.INSTRUMENT_MENTIONS` and sorted by
        ``para_id``, ``char_start``, ``char_end`` (plus ``acronym`` last when ``keep_acronym``). Offsets index
        the paragraph's ``text``.

    Raises:
        SchemaError: A needed column is missing, or the result breaks the table's schema.
    """
    _check_columns(paragraphs, _PARAGRAPH_COLUMNS, name="paragraphs", purpose="instrument mentions")
    _check_columns(documents, ("doc_id", "year"), name="documents", purpose="instrument mentions")
    matcher = _matcher(rules if rules is not None else load_instrument_rules())
    blocks = paragraphs.filter(pl.col("level") != "sub_item").sort("doc_id", "seq").select(_PARAGRAPH_COLUMNS).rows()
    year_of = {doc_id: year for doc_id, year in documents.select("doc_id", "year").iter_rows()}
    # First pass: the acronyms that instruments define, per document and over the corpus.
    doc_acronyms: dict[str, dict[str, str]] = defaultdict(dict)
    corpus_acronyms: dict[str, Counter[str]] = defaultdict(Counter)
    for doc_id, _para_id, _level, _seq, text in blocks:
        for item in _TitleScanner(text or "", matcher).find():
            if item.acronym is not None:
                doc_acronyms[doc_id].setdefault(item.acronym, item.instrument_type)
                corpus_acronyms[item.acronym][item.instrument_type] += 1
    corpus_map = {acronym: min(kinds, key=lambda k: (-kinds[k], k)) for acronym, kinds in corpus_acronyms.items()}
    rows: list[dict[str, object]] = []
    for doc_id, para_id, _level, _seq, text in blocks:
        known = {**corpus_map, **doc_acronyms.get(doc_id, {})}
        for item, status in _find_with_status(text or "", matcher, known):
            rows.append(
                {
                    "doc_id": doc_id,
                    "para_id": para_id,
                    "instrument_id": None,
                    "title_text": text[item.start : item.end],
                    "instrument_type": item.instrument_type,
                    "status": status,
                    "year": year_of.get(doc_id),
                    "char_start": item.start,
                    "char_end": item.end,
                    "acronym": item.acronym,
                }
            )
    raw = pl.DataFrame(rows, schema={**INSTRUMENT_MENTIONS.schema, "acronym": pl.String()}, orient="row")
    _instruments, mentions = _canonicalise(raw, min_ratio=_DEFAULT_MIN_RATIO, rules=matcher.rules)
    logger.info("found %d instrument mentions in %d paragraphs", mentions.height, len(blocks))
    if keep_acronym:
        return mentions.join(
            raw.select("para_id", "char_start", "char_end", "acronym"), on=["para_id", "char_start", "char_end"]
        ).sort("para_id", "char_start", "char_end")
    return mentions


# --------------------------------------------------------------------------------------------------------------
# Canonical instruments
# --------------------------------------------------------------------------------------------------------------

_DEFAULT_MIN_RATIO = 95.0
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
_YEAR_SUFFIX_RE = re.compile(r"(?:\s+\d{4}(?:\s+\d{2,4})?)+$")
_NUMBER_TOKEN_RE = re.compile(r"\d+(?:st|nd|rd|th)?")
_NEVER_EXPAND = frozenset({"ASEAN"})  # "(ASEAN)" after "Association of Southeast Asian Nations" stays a word
_SUBJECT_RE = re.compile(r"\b(?:on|for|of|to|towards)\b\s+(?:the\s+)?(.*)$")


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


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, left: str, right: str) -> None:
        a, b = self.find(left), self.find(right)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _numbers(key: str) -> frozenset[str]:
    return frozenset(_NUMBER_TOKEN_RE.findall(key))


def _content(key: str) -> list[str]:
    return [word for word in key.split() if word not in _SLUG_STOP]


def _spelling_only(left: str, right: str) -> bool:
    """Every content word one key has and the other lacks is a spelling variant of one the other has."""
    a, b = _content(left), _content(right)
    only_a = [w for w in a if w not in b]
    only_b = [w for w in b if w not in a]
    if not only_a and not only_b:
        return True
    if not only_a or not only_b:
        return "".join(a) == "".join(b)  # "well being" / "wellbeing"
    return all(any(fuzz.ratio(w, v) >= 80 for v in only_b) for w in only_a) and all(
        any(fuzz.ratio(v, w) >= 80 for w in only_a) for v in only_b
    )


def _strip_asean(key: str) -> str:
    return key[len("asean ") :] if key.startswith("asean ") else key


def _year_suffix(key: str) -> str | None:
    match = _YEAR_SUFFIX_RE.search(key)
    return match.group(0).strip() if match else None


def _short_subject(key: str, kind: str, heads: Mapping[str, str]) -> str | None:
    """For a short title "<subject> <head>" without a complement ("skills recognition roadmap"), the subject."""
    words = _strip_asean(key).split()
    if len(words) < 3 or any(word in _KEY_STOP for word in words):
        return None
    head_words = {title_key(head) for head, head_kind in heads.items() if head_kind == kind}
    for size in (3, 2, 1):
        if len(words) > size and " ".join(words[-size:]) in head_words:
            return " ".join(words[:-size])
    return None


def canonicalise_instruments(
    mentions: pl.DataFrame,
    *,
    min_ratio: float = _DEFAULT_MIN_RATIO,
    rules: InstrumentRules | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Group the mentions of each instrument and give each group a stable id.

    Mentions are merged when their :func:`title_key` (with acronyms defined inside titles expanded) is the same;
    the same up to a leading "ASEAN"; the same up to a year suffix that only one variant of that title has; when
    one is the acronym another defines; when a short title "<subject> <head>" matches the one title of that
    type whose complement starts with that subject; or when they are close (``fuzz.ratio`` ≥ ``min_ratio``, or
    the same content words in another order) with the same type, the same numbers (years, ordinals, editions)
    and no differing word that is not a spelling variant. Titles with different years ("2021-2025",
    "2026-2030"), editions or subjects are never merged.

    Args:
        mentions: ``instrument_mentions`` rows (``instrument_id`` may be null). Mentions that already share an
            ``instrument_id`` stay together. An optional ``acronym`` column (from
            :func:`extract_instrument_mentions` with ``keep_acronym=True``) links bare acronyms to their
            instrument and fills ``instruments.acronym``.
        min_ratio: Lowest :func:`rapidfuzz.fuzz.ratio` (0-100) at which two titles are merged.
        rules: The extraction rules (head words, for short titles); ``None`` loads the shipped ones.

    Returns:
        ``(instruments, mentions)``: the ``instruments`` table (canonical title: the longest full form; variants:
        every distinct surface title) and the mentions with ``instrument_id`` set, both validated and sorted by
        their keys.

    Raises:
        SchemaError: A needed column is missing, or a result breaks its table's schema.
        ValueError: ``min_ratio`` is outside 0-100.
    """
    _check_columns(mentions, _MENTION_COLUMNS, name="instrument_mentions", purpose="canonicalisation")
    if not 0.0 <= min_ratio <= 100.0:
        raise ValueError(f"min_ratio must be a number from 0 to 100, got {min_ratio!r}")
    frame = mentions
    if "year" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Int32()).alias("year"))
    if "status" not in frame.columns:
        frame = frame.with_columns(pl.lit("referred").alias("status"))
    if "acronym" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String()).alias("acronym"))
    return _canonicalise(frame, min_ratio=min_ratio, rules=rules if rules is not None else load_instrument_rules())


def _canonicalise(
    frame: pl.DataFrame, *, min_ratio: float, rules: InstrumentRules
) -> tuple[pl.DataFrame, pl.DataFrame]:
    records = frame.select("title_text", "instrument_type", "instrument_id", "acronym", "year").rows(named=True)
    function_lower = frozenset(word.lower() for word in rules.function_words)
    expansions: dict[str, str] = {}
    for title in sorted({record["title_text"] for record in records}):
        for acronym, words in _internal_acronyms(title, function_lower):
            if acronym not in _NEVER_EXPAND:
                expansions.setdefault(acronym, words)
    node_keys = {
        (record["instrument_type"], record["title_text"]): title_key(record["title_text"], expansions=expansions)
        for record in records
    }

    def node_of(record: Mapping[str, Any]) -> str:
        return f"{record['instrument_type']}|{node_keys[(record['instrument_type'], record['title_text'])]}"

    nodes = sorted({node_of(record) for record in records})
    union = _UnionFind(nodes)
    seeded: dict[str, str] = {}
    for record in records:  # mentions that already share an id stay together
        if record["instrument_id"] is not None:
            node = node_of(record)
            union.union(seeded.setdefault(record["instrument_id"], node), node)
    _merge_acronyms(records, node_of, union)
    by_type: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        by_type[node.split("|", 1)[0]].append(node)
    for kind, group in sorted(by_type.items()):
        _merge_titles(kind, group, union, min_ratio=min_ratio, heads=rules.heads)
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for record in records:
        groups[union.find(node_of(record))].append(record)
    root_to_id: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for root, members in sorted(groups.items()):
        row = _instrument_row(members, expansions)
        root_to_id[root] = row["instrument_id"]
        rows.append(row)
    instruments = pl.DataFrame(rows, schema=INSTRUMENTS.schema, orient="row")
    ids = [root_to_id[union.find(node_of(record))] for record in records]
    mentions = frame.with_columns(pl.Series("instrument_id", ids, dtype=pl.String())).select(
        list(INSTRUMENT_MENTIONS.schema)
    )
    logger.info("canonicalised %d mentions into %d instruments", mentions.height, instruments.height)
    return validate(instruments, INSTRUMENTS), validate(mentions, INSTRUMENT_MENTIONS)


def _merge_acronyms(records: Sequence[Mapping[str, Any]], node_of: Any, union: _UnionFind) -> None:
    """A bare acronym joins the instrument of its type that defines it; two titles defining it are one."""
    defined: dict[tuple[str, str], set[str]] = defaultdict(set)
    for record in records:
        acronym = record["acronym"]
        if acronym and record["title_text"] != acronym:
            defined[(acronym, record["instrument_type"])].add(node_of(record))
    for (acronym, kind), defining in sorted(defined.items()):
        ordered = sorted(defining)
        for node in ordered[1:]:
            union.union(ordered[0], node)
        bare = f"{kind}|{title_key(acronym)}"
        if bare in union.parent:
            union.union(ordered[0], bare)


def _merge_titles(
    kind: str, group: Sequence[str], union: _UnionFind, *, min_ratio: float, heads: Mapping[str, str]
) -> None:
    """Merge the titles of one type that name the same instrument (see :func:`canonicalise_instruments`)."""
    keys = {node: node.split("|", 1)[1] for node in group}
    bare = {node: _strip_asean(key) for node, key in keys.items()}
    # Up to a leading "ASEAN".
    by_bare: dict[str, list[str]] = defaultdict(list)
    for node in sorted(group):
        by_bare[bare[node]].append(node)
    for members in by_bare.values():
        for node in members[1:]:
            union.union(members[0], node)
    # Up to a year suffix that only one variant of the title has.
    by_base: dict[str, list[str]] = defaultdict(list)
    for node in sorted(group):
        by_base[_YEAR_SUFFIX_RE.sub("", bare[node])].append(node)
    for base, members in by_base.items():
        suffixes = {_year_suffix(bare[node]) for node in members}
        if base and None in suffixes and len(suffixes) == 2:
            for node in members[1:]:
                union.union(members[0], node)
    # A short title "<subject> <head>" and the one title "<head> on <subject> ..." of this type.
    subjects = {node: match.group(1) for node in group if (match := _SUBJECT_RE.search(bare[node]))}
    for node in sorted(group):
        subject = _short_subject(keys[node], kind, heads)
        if subject is None:
            continue
        candidates = {
            union.find(other) for other, text in subjects.items() if text == subject or text.startswith(subject + " ")
        }
        if len(candidates) == 1:
            union.union(candidates.pop(), node)
    # Close titles: same numbers, only spelling differences or another word order.
    ordered = sorted(group)
    for index, left in enumerate(ordered):
        for right in ordered[index + 1 :]:
            if union.find(left) == union.find(right) or _numbers(bare[left]) != _numbers(bare[right]):
                continue
            same_words = sorted(_content(bare[left])) == sorted(_content(bare[right]))
            close = fuzz.ratio(bare[left], bare[right]) >= min_ratio and _spelling_only(bare[left], bare[right])
            if same_words or close:
                union.union(left, right)


def _instrument_row(members: Sequence[Mapping[str, Any]], expansions: Mapping[str, str]) -> dict[str, Any]:
    titles = [" ".join(m["title_text"].split()) for m in members]
    acronyms = Counter(m["acronym"] for m in members if m["acronym"])
    if not acronyms:  # no acronym column: a variant that is a bare acronym of another variant
        for variant in sorted(set(titles)):
            if (
                _acronym_like(variant)
                and " " not in variant
                and any(_initials_match(variant, _initial_words(other, frozenset(_KEY_STOP))) for other in titles)
            ):
                acronyms[variant] += titles.count(variant)
    acronym = min(acronyms, key=lambda a: (-acronyms[a], a)) if acronyms else None
    full = [title for title in titles if title != acronym] or titles
    counts = Counter(full)
    title = min(
        counts,
        key=lambda t: (-len(title_key(t, expansions=expansions)), -counts[t], -sum(c.isupper() for c in t), t),
    )
    kinds = Counter(m["instrument_type"] for m in members)
    kind = min(kinds, key=lambda k: (-kinds[k], k))
    years = [m["year"] for m in members if m["year"] is not None]
    return {
        "instrument_id": instrument_id(title, kind),
        "title": title,
        "acronym": acronym,
        "instrument_type": kind,
        "first_year": min(years) if years else None,
        "last_year": max(years) if years else None,
        "n_mentions": len(members),
        "variants": sorted(set(titles)),
    }


# --------------------------------------------------------------------------------------------------------------
# Attribution
# --------------------------------------------------------------------------------------------------------------


def _keyword_hits(text: str, keywords: Mapping[str, tuple[str, ...]]) -> list[tuple[str, frozenset[str]]]:
    """Sector words in ``text``, longest first and not overlapping: (the word as listed, the sectors it names)."""
    word_sectors: dict[str, set[str]] = defaultdict(set)
    for sector, words in keywords.items():
        for word in words:
            word_sectors[" ".join(word.casefold().split())].add(sector)
    if not word_sectors:
        return []
    ordered = sorted(word_sectors, key=lambda w: (-len(w), w))
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
    hits: list[tuple[str, frozenset[str]]] = []
    for match in pattern.finditer(text):
        word = " ".join(match.group(0).casefold().split())
        hits.append((word, frozenset(word_sectors[word])))
    return hits


def _root(word: str) -> str:
    """Words counted once as evidence: "disaster", "disasters" and "disaster risk" share the root "disaster"."""
    first = word.split()[0]
    return first[:-1] if first.endswith("s") and len(first) > 3 else first


def attribute_instruments(
    mentions: pl.DataFrame,
    paragraphs: pl.DataFrame,
    body_mentions: pl.DataFrame,
    *,
    registry: Registry,
    rules: InstrumentRules | None = None,
) -> pl.DataFrame:
    """Tie each instrument mention to the ASCC bodies behind it.

    Explicit: a body named inside the title ("ACDM Work Plan") gets confidence ``explicit_in_title`` (1.0), one
    named in the same sentence ``explicit_same_sentence`` (0.9). Inferred, for a mention with no explicit body
    outside the cross-sectoral ones (Council, SOCA, Secretariat): each body of the ``inferred_kinds`` whose
    registry sectors take sector words (``sector_keywords``) of the title and of the rest of the paragraph, with
    confidence ``inferred_title_word`` × title words + ``inferred_paragraph_word`` × paragraph words (the
    paragraph part at most ``inferred_paragraph_max``, the whole at most ``inferred_max``; words with one root
    count once). Bodies below ``inferred_min``, or below ``inferred_relative`` × the best inferred body of the
    mention, are left out. Historical bodies count only in the years they were in the pillar.

    Args:
        mentions: The ``instrument_mentions`` table.
        paragraphs: The ``paragraphs`` table (``para_id``, ``text``).
        body_mentions: The ``body_mentions`` table (``para_id``, ``body_id``, ``matched_text``, offsets).
        registry: The bodies registry (sectors and kinds of the bodies).
        rules: The extraction rules (sector words, confidences); ``None`` loads the shipped ``instruments.yaml``.

    Returns:
        The ``instrument_bodies`` table, validated and sorted by ``para_id``, ``char_start``, ``body_id``;
        ``evidence`` names the body's words ("in title: ACDM", "same sentence: ASEAN Labour Ministers Meeting") or
        the sector words ("title: migrant workers; paragraph: labour").

    Raises:
        SchemaError: A needed column is missing, or the result breaks the table's schema.
    """
    _check_columns(mentions, _MENTION_COLUMNS, name="instrument_mentions", purpose="attribution")
    _check_columns(paragraphs, ("para_id", "text"), name="paragraphs", purpose="attribution")
    _check_columns(
        body_mentions, ("para_id", "body_id", "matched_text", "char_start", "char_end"), name="body_mentions",
        purpose="attribution",
    )  # fmt: skip
    rules = rules if rules is not None else load_instrument_rules()
    text_of = dict(paragraphs.select("para_id", "text").iter_rows())
    bodies_in: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
    for para_id, body_id, matched, start, end in (
        body_mentions.filter(pl.col("body_id").is_not_null())
        .select("para_id", "body_id", "matched_text", "char_start", "char_end")
        .iter_rows()
    ):
        bodies_in[para_id].append((body_id, matched, start, end))
    year_column = pl.col("year") if "year" in mentions.columns else pl.lit(None, dtype=pl.Int32()).alias("year")
    rows: list[dict[str, Any]] = []
    for mention in mentions.select(*_MENTION_COLUMNS, year_column).iter_rows(named=True):
        text = text_of.get(mention["para_id"]) or ""
        base = {
            "doc_id": mention["doc_id"],
            "para_id": mention["para_id"],
            "instrument_id": mention["instrument_id"],
            "char_start": mention["char_start"],
        }
        explicit = _explicit_bodies(mention, text, bodies_in.get(mention["para_id"], []), rules)
        for body_id, (confidence, evidence) in sorted(explicit.items()):
            rows.append({**base, "body_id": body_id, "provenance": "explicit", "confidence": confidence,
                         "evidence": evidence})  # fmt: skip
        if any(body_id in _sectoral_ids(registry) for body_id in explicit):
            continue
        for body_id, (confidence, evidence) in sorted(_inferred_bodies(mention, text, registry, rules).items()):
            if body_id not in explicit:
                rows.append({**base, "body_id": body_id, "provenance": "inferred", "confidence": confidence,
                             "evidence": evidence})  # fmt: skip
    attributions = pl.DataFrame(rows, schema=INSTRUMENT_BODIES.schema, orient="row")
    logger.info("attributed %d instrument mentions in %d rows", mentions.height, attributions.height)
    return validate(attributions, INSTRUMENT_BODIES)


def _sectoral_ids(registry: Registry) -> frozenset[str]:
    return frozenset(body.id for body in registry.bodies if "cross-sectoral" not in body.sectors)


def _explicit_bodies(
    mention: Mapping[str, Any], text: str, bodies: Sequence[tuple[str, str, int, int]], rules: InstrumentRules
) -> dict[str, tuple[float, str]]:
    """Bodies named in the title or in its sentence: body id → (confidence, evidence)."""
    start, end = mention["char_start"], mention["char_end"]
    sentence = next(((s, e) for s, e in _sentence_bounds(text) if s <= start < e), (0, len(text)))
    found: dict[str, tuple[float, list[str]]] = {}
    for body_id, matched, body_start, body_end in bodies:
        if body_start >= start and body_end <= end:
            confidence, label = float(rules.attribution["explicit_in_title"]), f"in title: {matched}"
        elif body_start >= sentence[0] and body_end <= sentence[1]:
            confidence, label = float(rules.attribution["explicit_same_sentence"]), f"same sentence: {matched}"
        else:
            continue
        best, labels = found.get(body_id, (0.0, []))
        found[body_id] = (max(best, confidence), labels if label in labels else [*labels, label])
    return {body_id: (confidence, "; ".join(labels)) for body_id, (confidence, labels) in found.items()}


def _inferred_bodies(
    mention: Mapping[str, Any], text: str, registry: Registry, rules: InstrumentRules
) -> dict[str, tuple[float, str]]:
    """Bodies whose sectors match the sector words of the title and paragraph: body id → (confidence, evidence)."""
    weights = rules.attribution
    start, end = mention["char_start"], mention["char_end"]
    title_hits = _keyword_hits(text[start:end] or mention["title_text"], rules.sector_keywords)
    para_hits = _keyword_hits(f"{text[:start]} {text[end:]}", rules.sector_keywords)
    kinds = set(weights["inferred_kinds"])
    candidates = [
        body for body in registry.bodies if body.kind in kinds and _in_pillar(body.in_pillar, mention["year"])
    ]
    evidence: dict[str, tuple[set[str], set[str]]] = {}
    for body in candidates:
        sectors = set(body.sectors)
        in_title = {word for word, word_sectors in title_hits if word_sectors & sectors}
        in_para = {word for word, word_sectors in para_hits if word_sectors & sectors}
        if in_title or in_para:
            evidence[body.id] = (in_title, in_para)
    scores: dict[str, float] = {}
    for body_id, (in_title, in_para) in evidence.items():
        title_score = float(weights["inferred_title_word"]) * len({_root(w) for w in in_title})
        para_score = min(
            float(weights["inferred_paragraph_max"]),
            float(weights["inferred_paragraph_word"]) * len({_root(w) for w in in_para}),
        )
        scores[body_id] = round(min(float(weights["inferred_max"]), title_score + para_score), 3)
    if not scores:
        return {}
    floor = max(float(weights["inferred_min"]), float(weights["inferred_relative"]) * max(scores.values()))
    result: dict[str, tuple[float, str]] = {}
    for body_id, score in scores.items():
        if score < floor - 1e-9:
            continue
        in_title, in_para = evidence[body_id]
        parts = [f"title: {', '.join(sorted(in_title))}" if in_title else "",
                 f"paragraph: {', '.join(sorted(in_para))}" if in_para else ""]  # fmt: skip
        result[body_id] = (score, "; ".join(part for part in parts if part))
    return result


def _in_pillar(in_pillar: str | None, year: int | None) -> bool:
    if in_pillar is None:
        return False
    if in_pillar == "current":
        return True
    match = re.fullmatch(r"until (\d{4})", in_pillar)
    return bool(match and year is not None and year <= int(match.group(1)))
