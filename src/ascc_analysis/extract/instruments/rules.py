"""Instrument extraction, its rules: read and validate ``resources/instruments.yaml``.

Part of the extraction stage (:mod:`ascc_analysis.extract.instruments`). Reads a rules YAML file (the shipped package
resource or a researcher's own) through the shared rules reader (:mod:`ascc_analysis.rules`) and returns the
validated :class:`InstrumentRules` that the other modules of the package read: head words and their types, function
and stop words, status phrases, sector words and attribution confidences. Also declares the instrument types and
statuses (the GUIDELINES vocabulary) that the rules may name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from ascc_analysis.rules import RulesError, compile_pattern, read_rules, resource_path, words

__all__ = [
    "DEFAULT_RULES_NAME",
    "INSTRUMENT_TYPES",
    "STATUSES",
    "InstrumentRules",
    "InstrumentRulesError",
    "InstrumentType",
    "Status",
    "default_rules_path",
    "load_instrument_rules",
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
        "venue_prepositions",
        "months",
        "status_phrases",
        "object_filler",
        "post_phrases",
        "sector_keywords",
        "attribution",
        "year_named_heads",
        "modifier_heads",
        "draft_words",
        "left_function_words",
        "generic_modifiers",
        "preamble_openers",
        "meeting_words",
        "theme_words",
        "list_marks",
        "list_objects",
        "list_continuations",
        "expectation_cues",
        "list_openers",
        "issuer_prepositions",
        "issuer_words",
        "building_words",
        "organisation_names",
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


class InstrumentRulesError(RulesError):
    """The instrument rules file is missing, unreadable or invalid (the message names the file, key and problem)."""


@contextmanager
def _instrument_rules_errors() -> Iterator[None]:
    """Raise the shared reader's :class:`~ascc_analysis.rules.RulesError` as :class:`InstrumentRulesError`."""
    try:
        yield
    except InstrumentRulesError:
        raise
    except RulesError as exc:
        raise InstrumentRulesError(str(exc)) from exc


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
        venue_prepositions: Prepositions that, before a known city or country (the metadata rules' lists), end a
            title ("... Haze Pollution in Bangkok").
        months: Month names.
        status_phrases: Governing phrase (regular expression) → status, in file order.
        expected_statuses: Governing phrase → the status it gives instead under an expectation cue (a bare "the
            adoption of" reports an adoption; after "looked forward to" it is expected).
        expectation_cues: Regular expression of what, in the sentence of such a phrase, makes it an expectation
            ("looked forward to", "will", "for adoption").
        object_filler: Regular expression of what may separate a governing phrase from its title.
        post_phrases: Phrase after a title → status.
        sector_keywords: Registry sector → words pointing to it.
        attribution: Confidences and the kinds of body that may be inferred.
        year_named_heads: Heads that a year before them names ("the 2030 Agenda ..."): the year stays in the title.
        modifier_heads: Heads that make a title only with a word before them ("the Agenda of the Meeting" is none).
        draft_words: Capitalised words before a title that say what stage it is at, not its name ("Draft").
        left_function_words: Lowercase function words a title may hold before its head, between capitalised words
            ("ASEAN State of Climate Change Report").
        generic_modifiers: Capitalised words that leave a plural head generic ("Key Agreements").
        preamble_openers: Words that open a statement's preamble after its heading ("WE, the Heads ...").
        meeting_words: Words that name a meeting ("Meeting", "Summit"): a statement "of the <meeting>" standing alone
            as a block is the document's own heading, not an instrument it names.
        theme_words: Words after which a quoted phrase is a theme, not a title.
        list_marks: Characters that mark the items of a list ("•").
        list_objects: Regular expression of a generic object that announces a list of documents ("the following
            documents", "nine outcome documents").
        list_continuations: Regular expression of a sentence opening that names the documents of the list the
            sentence before announced ("Two outcome documents for adoption are"), or whose subject says what
            happened to them ("The documents adopted during the meeting are").
        list_openers: Words that open an announced list besides a colon or a list mark ("31 documents including
            the X", "three documents, namely, the X").
        issuer_prepositions: Prepositions that, before an issuer (``issuer_words`` or a known country), end a title
            ("... Statement on X from ASEAN Chair Viet Nam").
        issuer_words: Words that name who issues a document ("Chair").
        building_words: Words that, straight after a head word, make it part of the name of a building or venue
            ("the International Convention Centre"), not a title.
        organisation_names: Names of organisations that end in a head word ("United Nations Development
            Programme"): a title that is one of them (compared without case) is no instrument.
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
    venue_prepositions: frozenset[str]
    months: frozenset[str]
    status_phrases: tuple[tuple[str, str], ...]
    expected_statuses: Mapping[str, str]
    expectation_cues: str
    object_filler: str
    post_phrases: tuple[tuple[str, str], ...]
    sector_keywords: Mapping[str, tuple[str, ...]]
    attribution: Mapping[str, Any]
    year_named_heads: frozenset[str]
    modifier_heads: frozenset[str]
    draft_words: frozenset[str]
    left_function_words: frozenset[str]
    generic_modifiers: frozenset[str]
    preamble_openers: frozenset[str]
    meeting_words: frozenset[str]
    theme_words: frozenset[str]
    list_marks: frozenset[str]
    list_objects: str
    list_continuations: str
    list_openers: frozenset[str]
    issuer_prepositions: frozenset[str]
    issuer_words: frozenset[str]
    building_words: frozenset[str]
    organisation_names: frozenset[str]


def default_rules_path() -> Path:
    """Path of the shipped ``instruments.yaml`` package resource."""
    return resource_path(DEFAULT_RULES_NAME)


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
    with _instrument_rules_errors():
        rules = _parse_rules(read_rules(path, keys=_RULE_KEYS, what="instrument rules"), path)
    _RULES_CACHE[source] = (mtime, rules)
    return rules


def _phrases(
    value: Any, *, path: Path, key: str, expected: dict[str, str] | None = None
) -> tuple[tuple[str, str], ...]:
    """The (phrase, status) entries of ``key``; with ``expected``, entries may also give an ``expected`` status, which
    is collected there (phrase → status under an expectation cue)."""
    keys = "phrase and status" + (" (and optionally expected)" if expected is not None else "")
    if not isinstance(value, list) or not value:
        raise InstrumentRulesError(f"{path}: {key} must be a non-empty list of {{phrase, status}} mappings")
    phrases: list[tuple[str, str]] = []
    for index, entry in enumerate(value, start=1):
        allowed = {"phrase", "status", "expected"} if expected is not None else {"phrase", "status"}
        if not isinstance(entry, dict) or not {"phrase", "status"} <= set(entry) <= allowed:
            raise InstrumentRulesError(f"{path}: {key} entry #{index} must be a mapping with keys {keys}")
        phrase, status = entry["phrase"], entry["status"]
        for name, given in (("status", status), ("expected", entry.get("expected", status))):
            if given not in STATUSES:
                raise InstrumentRulesError(
                    f"{path}: {key} entry #{index}: unknown {name} {given!r}; accepted: {', '.join(STATUSES)}"
                )
        compile_pattern(phrase, path=path, where=f"{key} entry #{index}")
        phrases.append((str(phrase), str(status)))
        if expected is not None and "expected" in entry:
            expected[str(phrase)] = str(entry["expected"])
    return tuple(phrases)


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
    words(kinds, path=path, key="attribution: inferred_kinds")
    filler = raw["object_filler"]
    compile_pattern(filler, path=path, where="object_filler")
    year_named = words(raw["year_named_heads"], path=path, key="year_named_heads")
    modifier_heads = words(raw["modifier_heads"], path=path, key="modifier_heads")
    for key, listed in (("year_named_heads", year_named), ("modifier_heads", modifier_heads)):
        if not listed <= set(heads):
            raise InstrumentRulesError(f"{path}: {key}: {sorted(listed - set(heads))} must be heads (keys of heads)")
    for key in ("list_objects", "list_continuations", "expectation_cues"):
        compile_pattern(raw[key], path=path, where=key)
    expected: dict[str, str] = {}
    status_phrases = _phrases(raw["status_phrases"], path=path, key="status_phrases", expected=expected)
    marks = words(raw["list_marks"], path=path, key="list_marks")
    if any(len(mark) != 1 or mark.isalnum() or mark.isspace() for mark in marks):
        raise InstrumentRulesError(
            f"{path}: list_marks must be single characters that are not letters, digits or spaces"
        )
    return InstrumentRules(
        heads={str(head): str(kind) for head, kind in heads.items()},
        nesting_words=words(raw["nesting_words"], path=path, key="nesting_words"),
        number_only_words=words(raw["number_only_words"], path=path, key="number_only_words"),
        anaphoric_words=words(raw["anaphoric_words"], path=path, key="anaphoric_words"),
        function_words=words(raw["function_words"], path=path, key="function_words"),
        conjunctions=words(raw["conjunctions"], path=path, key="conjunctions"),
        stop_words=words(raw["stop_words"], path=path, key="stop_words"),
        inner_words=words(raw["inner_words"], path=path, key="inner_words"),
        date_prepositions=words(raw["date_prepositions"], path=path, key="date_prepositions"),
        venue_prepositions=words(raw["venue_prepositions"], path=path, key="venue_prepositions"),
        months=words(raw["months"], path=path, key="months"),
        status_phrases=status_phrases,
        expected_statuses=expected,
        expectation_cues=str(raw["expectation_cues"]),
        object_filler=str(filler),
        post_phrases=_phrases(raw["post_phrases"], path=path, key="post_phrases"),
        sector_keywords={str(sector): tuple(str(w) for w in words) for sector, words in sectors.items()},
        attribution={**_DEFAULT_ATTRIBUTION, **attribution},
        year_named_heads=year_named,
        modifier_heads=modifier_heads,
        draft_words=words(raw["draft_words"], path=path, key="draft_words"),
        left_function_words=words(raw["left_function_words"], path=path, key="left_function_words"),
        generic_modifiers=words(raw["generic_modifiers"], path=path, key="generic_modifiers"),
        preamble_openers=words(raw["preamble_openers"], path=path, key="preamble_openers"),
        meeting_words=words(raw["meeting_words"], path=path, key="meeting_words"),
        theme_words=words(raw["theme_words"], path=path, key="theme_words"),
        list_marks=marks,
        list_objects=str(raw["list_objects"]),
        list_continuations=str(raw["list_continuations"]),
        list_openers=words(raw["list_openers"], path=path, key="list_openers"),
        issuer_prepositions=words(raw["issuer_prepositions"], path=path, key="issuer_prepositions"),
        issuer_words=words(raw["issuer_words"], path=path, key="issuer_words"),
        building_words=words(raw["building_words"], path=path, key="building_words"),
        organisation_names=frozenset(
            " ".join(name.split()).casefold()
            for name in words(raw["organisation_names"], path=path, key="organisation_names")
        ),
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
