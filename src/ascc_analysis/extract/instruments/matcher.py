"""Instrument extraction: the rules compiled into regular expressions.

Reads an :class:`~ascc_analysis.extract.instruments.rules.InstrumentRules` and returns a ``_Matcher`` (cached per
rules object): the alternation of head words, the governing and post phrases with their statuses (and, for a bare
"the adoption of", the status an expectation cue gives it), the filler between a governing phrase and its title, and
the connector of a coordinated list. The title scanner
(:mod:`~ascc_analysis.extract.instruments.titles`) and the status rules
(:mod:`~ascc_analysis.extract.instruments.status`) both read it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ascc_analysis.extract.instruments.rules import InstrumentRules

_YEAR = r"(?:19|20)\d\d(?:[-–]\d{2,4})?"  # a year written before a title ("and the 2016 X")
_OPENING_QUOTE, _CLOSING_QUOTE = r"[\"\u201c]", r"[\"\u201d]"  # straight quotes after normalisation; curly ones
_CONNECTOR_LABEL = r"(?:\([a-z]{1,4}\)|\(\d{1,2}\)|[a-z]{1,4}[.)]|\d{1,2}[.)])"


@dataclass(frozen=True)
class _Matcher:
    rules: InstrumentRules
    head_re: re.Pattern[str]
    head_types: Mapping[str, str]
    phrase_res: tuple[tuple[re.Pattern[str], str], ...]
    expected_of: Mapping[re.Pattern[str], str]
    expectation_re: re.Pattern[str]
    post_res: tuple[tuple[re.Pattern[str], str], ...]
    filler_re: re.Pattern[str]
    connector_re: re.Pattern[str]
    list_object_re: re.Pattern[str]
    continuation_re: re.Pattern[str]
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
    expected_of = {
        regex: rules.expected_statuses[phrase]
        for (regex, _status), (phrase, _) in zip(phrase_res, rules.status_phrases, strict=True)
        if phrase in rules.expected_statuses
    }
    post_res = tuple(
        (re.compile(rf"(?:{phrase})(?![\w-])", re.IGNORECASE), status) for phrase, status in rules.post_phrases
    )
    marks = "".join(re.escape(mark) for mark in sorted(rules.list_marks))
    # "endorsed the following documents for ... : a. the X" / "... 2018 • X" / "31 documents including the X": the
    # list's announcement up to its mark or opening word (the words between may name a title: "adopted 6 documents
    # and Community Declaration for submission to the 35th ASEAN Summit, including: (1) X"); or a title coordinated
    # with the list's object ("adopted 6 documents and Community Declaration").
    openers = "|".join(r"\s+".join(re.escape(part) for part in opener.split()) for opener in sorted(rules.list_openers))
    # a colon or opening word may be followed by the first item's mark ("the following documents: • X")
    opening = rf"(?:(?:\s*:|,?\s+(?:{openers})\b,?\s*:?)(?:\s*[{marks}])?|\s*[{marks}])"
    announcement = (
        rf"(?:{rules.list_objects})(?:[^.;:{marks}]{{0,160}}?{opening}\s*{_CONNECTOR_LABEL}?|\s+(?:and|as\s+well\s+as)\b)"
        rf"\s*"
    )
    filler_re = re.compile(rf"\s*(?:{announcement})?{rules.object_filler}\s*", re.IGNORECASE)
    conj = "|".join(sorted((re.escape(word) for word in rules.conjunctions), key=len, reverse=True))
    # Between coordinated titles: the first one's closing quote and a bracketed aside ("... (1st AMMDM Plus ROK), and
    # the Y"), a comma or semicolon, a mark (also after either: "X; and • Y"), a conjunction, a label, "the", a year,
    # the next one's opening quote.
    connector_re = re.compile(
        rf"\s*(?:{_CLOSING_QUOTE}\s*)?(?:\([^()]{{1,60}}\)\s*)?"
        rf"(?:[,;]\s*)?(?:[{marks}]\s*)?(?:(?:{conj})\s+)?(?:[{marks}]\s*)?"
        rf"(?:{_CONNECTOR_LABEL}\s*)?(?:the\s+)?(?:{_YEAR}\s+)?(?:{_OPENING_QUOTE}\s*)?",
        re.IGNORECASE,
    )
    list_object_re = re.compile(rf"\s+(?:{rules.list_objects})", re.IGNORECASE)
    continuation_re = re.compile(
        rf"\s*[,;]?\s*(?:{rules.list_continuations})\s*{rules.object_filler}\s*", re.IGNORECASE
    )
    matcher = _Matcher(
        rules=rules,
        head_re=head_re,
        head_types={_fold_space(head): kind for head, kind in rules.heads.items()},
        phrase_res=phrase_res,
        expected_of=expected_of,
        expectation_re=re.compile(rules.expectation_cues, re.IGNORECASE),
        post_res=post_res,
        filler_re=filler_re,
        connector_re=connector_re,
        list_object_re=list_object_re,
        continuation_re=continuation_re,
        function_lower=frozenset(word.lower() for word in rules.function_words),
        conjunctions=frozenset(word.lower() for word in rules.conjunctions),
    )
    _MATCHER_CACHE[id(rules)] = (rules, matcher)
    return matcher


def _fold_space(text: str) -> str:
    return " ".join(text.split())
