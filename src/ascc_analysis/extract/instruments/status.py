"""Instrument extraction: the status of each title, from its governing phrase.

Reads one text, the titles found in it (sorted by start) and the compiled rules, and returns one status per title
by the **Status** rules of :mod:`ascc_analysis.extract.instruments`: the last governing phrase before the title in
its sentence when only a filler separates them, carried over a coordinated list of titles, or the phrase of the sentence
before when that one announces a list of documents and this one names them ("... endorsed nine outcome documents ....
Two outcome documents for adoption are the X"); else a phrase right after the title or its list; else ``referred``.
A bare "the adoption of X" reports an adoption ("The adoption of X set the tone of the meeting"); an expectation cue
in its sentence ("looked forward to", "will", "for adoption") makes it expected (and so for notation and signing).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ascc_analysis.extract.instruments.matcher import _CONNECTOR_LABEL, _Matcher
from ascc_analysis.extract.instruments.titles import _Found
from ascc_analysis.extract.instruments.tokens import _sentence_bounds

# Between two coordinated verbs: "endorsed and noted", "reviewed, endorsed and adopted".
_COORDINATED_RE = re.compile(r"\s*,?\s+(?:and|or)\s+|\s*,\s+")
# A list label that ends the words before a title: "...; (2) X", "including: a. the X".
_LABEL_TAIL_RE = re.compile(rf"(?:^|[\s:;,]){_CONNECTOR_LABEL}\s*(?:the\s+)?[\"\u201c]?\s*$", re.IGNORECASE)
# ... after a separator, ending an item's description: "... from all forms of abuse; (3) X", "...; and (6) X".
_SIBLING_TAIL_RE = re.compile(
    rf"[;,]\s*(?:(?:and|or)\s+)?{_CONNECTOR_LABEL}\s*(?:the\s+)?[\"\u201c]?\s*$", re.IGNORECASE
)
# The rest of a ";" list after a title, up to the next item: each item after a ";" opens with "the" or a capital
# ("... on the facilitation of military assets; the ASEAN Joint Disaster Response Plan; the X").
_SEMICOLON_ITEMS_RE = re.compile(
    r"[^.;]*(?:;\s*(?:and\s+)?(?:the\s+)?[A-Z][^.;]*)*;\s*(?:and\s+)?(?:the\s+)?[\"\u201c]?\s*"
)
# Untitled items of a list between two titles: after a separator, an item that opens with "the" and names no title
# (or names one only in its last words, "the Monitoring System of the X"), up to the next item's "the" ("... the X, the
# Web-based Monitoring System of the Y; the report of the Mapping Exercise on Floods, the Z").
_UNTITLED_ITEMS_RE = re.compile(
    r"(?:\s*[\"\u201d])?(?:\s*\([^()]{1,60}\))?\s*[,;]\s*(?:and\s+)?the\s+[^.:!?]*?"
    r"(?:\s+of\s+the|[,;]\s*(?:and\s+)?the(?:\s+[^.:!?,;]{0,80}?\s+of\s+the)?)\s*[\"\u201c]?\s*"
)
# A verb in those words makes them a clause, not an untitled item (", the Ministers welcomed the offer of the X").
_CLAUSE_VERB_RE = re.compile(
    r"(?<![\w-])(?:[a-z]+ed|is|are|was|were|has|have|had|will|would|shall|should|can|may)(?![\w-])"
)
# A participial aside between two coordinated titles: "the X, adopted by the ASED, and the Y".
_PARENTHETICAL_RE = re.compile(
    r",\s*(?:[a-z]+ed|held|led|made|set)\s+(?:[a-z]+\s+)?(?:by|at|in|under|during|through|with)\b[^,;]*(?=,)"
)


def _last_phrase(gap: str, matcher: _Matcher, sentence: str) -> tuple[int, int, str] | None:
    """The last governing phrase of ``gap`` (the longest of those ending last): its offsets and status.

    A phrase with an expected status ("the adoption of") takes it when an expectation cue stands in its
    ``sentence``. A verb coordinated after another one gives that one's status ("endorsed and noted 31 documents"
    is endorsed): the first of the verbs, unless it only refers ("implementing").
    """
    matches = [(match, regex, status) for regex, status in matcher.phrase_res for match in regex.finditer(gap)]
    if not matches:
        return None
    match, regex, status = max(matches, key=lambda found: (found[0].end(), found[0].end() - found[0].start()))
    start, end = match.start(), match.end()
    expected = matcher.expected_of.get(regex)
    if expected is not None and matcher.expectation_re.search(sentence):
        status = expected  # "looked forward to the adoption of", "the adoption of X at the forthcoming Summit"
    while _verbal(match) and (
        earlier := next(
            (
                found
                for found in matches
                if found[2] != "referred"
                and _verbal(found[0])
                and _COORDINATED_RE.fullmatch(gap, found[0].end(), start)
            ),
            None,
        )
    ):
        match, _regex, status = earlier  # "endorsed and noted", "reviewed, endorsed and adopted"
        start = match.start()
    return start, end, status


def _verbal(match: re.Match[str]) -> bool:
    """Whether a governing phrase is a verb without its object ("noted", "took note of"), not a noun phrase ("the
    adoption of", "welcomed the adoption of")."""
    return "the" not in match.group(0).lower().split()


def _announced_status(sentence: str, matcher: _Matcher) -> str | None:
    """The status of the last governing phrase of ``sentence`` whose object announces a list of documents."""
    best: tuple[int, str] | None = None
    for regex, status in matcher.phrase_res:
        for match in regex.finditer(sentence):
            if matcher.list_object_re.match(sentence, match.end()) and (best is None or match.end() > best[0]):
                best = (match.end(), status)
    return best[1] if best is not None else None


def _opened_list_status(text: str, sent_start: int, start: int, matcher: _Matcher) -> str | None:
    """The status of the last governing phrase of the sentence before ``start`` when that phrase announces a list
    (``list_objects``) that opens right before ``start``, whatever titles the words between name."""
    prefix = text[sent_start:start]
    phrase = _last_phrase(prefix, matcher, prefix)
    if phrase is None or phrase[2] == "referred" or not matcher.filler_re.fullmatch(prefix, phrase[1]):
        return None
    return phrase[2]


def _statuses(text: str, items: Sequence[_Found], matcher: _Matcher) -> list[str]:
    """The status of each item (sorted by start) from its governing phrase; see the package docstring (**Status**)."""
    statuses: list[str] = ["referred"] * len(items)
    decided: list[bool] = [False] * len(items)
    chained: list[bool] = [False] * len(items)
    labelled: list[bool] = [False] * len(items)
    sentences = _sentence_bounds(text)
    continued = -1  # the start of a sentence that names the documents announced by the sentence before
    for index, item in enumerate(items):
        sent_start, sent_end = next(
            ((start, end) for start, end in sentences if start <= item.start < end), (0, len(text))
        )
        previous = items[index - 1] if index else None
        after_previous = previous is not None and previous.consumed_end > sent_start
        boundary = previous.consumed_end if previous is not None and after_previous else sent_start
        gap = _PARENTHETICAL_RE.sub("", text[boundary : item.start])
        labelled[index] = _LABEL_TAIL_RE.search(gap) is not None
        sibling = next((j for j in range(index - 1, -1, -1) if labelled[j] and items[j].start >= sent_start), None)
        sentence = text[sent_start:sent_end]
        phrase = _last_phrase(gap, matcher, sentence)
        governs = phrase is not None and (
            matcher.filler_re.fullmatch(gap, phrase[1]) is not None
            # a status verb inside a subject that names the documents: "The documents adopted during the meeting
            # are X, Y and Z"
            or (phrase[2] != "referred" and matcher.continuation_re.fullmatch(gap) is not None)
        )
        untitled = (
            after_previous
            and decided[index - 1]
            and statuses[index - 1] != "referred"
            and _UNTITLED_ITEMS_RE.fullmatch(gap) is not None
            and _CLAUSE_VERB_RE.search(gap) is None
        )
        if phrase is not None and (governs or not untitled):
            statuses[index] = phrase[2] if governs else "referred"
            decided[index] = governs
        elif after_previous and (
            matcher.connector_re.fullmatch(gap) or (_SIBLING_TAIL_RE.search(gap) and sibling is not None)
        ):
            # "(1) X, launched at the Conference of the Y; (2) Z", "(2) X from all forms of ...; (3) Z": a labelled
            # item carries the status of the item labelled before it in its sentence, not of a title that item's
            # description names, whatever words of the description were left out of that item's title
            source = sibling if labelled[index] and sibling is not None else index - 1
            statuses[index] = statuses[source]
            decided[index] = decided[source]
            chained[index] = True
        elif after_previous and decided[index - 1] and _SEMICOLON_ITEMS_RE.fullmatch(gap):
            # "the adoption of the X on the facilitation of ...; the Y Plan; the Z": a ";" list carries the status of
            # its first item, whatever the items between (descriptions, untitled items) hold
            statuses[index], decided[index], chained[index] = statuses[index - 1], True, True
        elif untitled:
            # "the endorsement of the X, the Monitoring System of the Y; the report of the Mapping Exercise on ...,
            # the Z": a list carries its status over untitled items, whatever words (not a sentence's end) they hold
            statuses[index], decided[index], chained[index] = statuses[index - 1], True, True
        elif (not after_previous or continued == sent_start) and matcher.continuation_re.fullmatch(gap):
            # "The Meeting endorsed nine outcome documents .... Two outcome documents for adoption are the X(, and
            # seven documents for notation are the Y)"
            previous_sentence = next((text[start:end] for start, end in sentences if end == sent_start), "")
            announced = _announced_status(previous_sentence, matcher)
            if announced is not None:
                statuses[index], decided[index], continued = announced, True, sent_start
        elif after_previous and (announced := _opened_list_status(text, sent_start, item.start, matcher)):
            # an announcement that names a title before its list opens: "adopted 6 documents and Community
            # Declaration for submission to the 35th ASEAN Summit, including: (1) X"
            statuses[index], decided[index] = announced, True
    # A phrase after a title or after the coordinated list it ends decides what no phrase before decided.
    last = len(items) - 1
    while last >= 0:
        first = last
        while chained[first]:
            first -= 1
        post = _post_status(text[items[last].consumed_end :], matcher)
        for member in range(first, last + 1):
            # a member's own phrase first: "the X, adopted during the 27th ASEAN Summit, and the Y, signed at ..."
            own = _post_status(text[items[member].consumed_end :], matcher) if member < last else None
            status = own if own is not None else post
            if status is not None and not decided[member]:
                statuses[member] = status
        last = first - 1
    return statuses


def _post_status(after: str, matcher: _Matcher) -> str | None:
    # "the X and the Y, both adopted by ...": a quantifier before the participle governs the whole list
    stripped = re.match(
        r"[\"\u201d]?\s*,?\s*(?:(?:both|all|each)\s+)?(?:(?:to|by)\s+the\s+(?:[A-Z0-9][\w'-]*\s+){1,6})?", after
    )
    offset = stripped.end() if stripped else 0
    for regex, status in matcher.post_res:
        if regex.match(after, offset):
            return status
    return None
