"""Document kind and completeness: :func:`classify_document` says what kind of document a text is and whether it is
whole.

Part of the parse stage (:mod:`ascc_analysis.ingest.metadata`). Reads one normalised statement's title block and
body; returns the ``document_kind`` and ``completeness`` columns of the ``documents`` table
(:data:`ascc_analysis.schemas.DOCUMENTS`). The phrasings are drafting rules of ``resources/metadata.yaml``
(``document_kinds``, ``summit_words``, ``landing_page_phrases``, ``min_complete_words``). Pure: strings in, labels out.

Kinds (as ``tests/gold/GUIDELINES.md`` defines them): ``joint_statement`` (a meeting's own outcome statement: joint
statement, joint media statement, communiqué), ``chairmans_statement``, ``media_release`` (a press or news release
about a meeting), ``leaders_statement``, ``declaration``, ``other``. Completeness: ``complete``, ``partial`` (an
excerpt, a text cut short), ``landing_page`` (a page that points to the document instead of giving it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

from ascc_analysis.ingest.metadata.dates import _iter_dates
from ascc_analysis.ingest.metadata.drafting import _RULES
from ascc_analysis.ingest.metadata.ordinals import _ORDINAL_RE
from ascc_analysis.ingest.metadata.places import canonical_city, canonical_country
from ascc_analysis.ingest.normalise import PREAMBLE_VERB_RE

DocumentKind = Literal[
    "joint_statement", "chairmans_statement", "media_release", "leaders_statement", "declaration", "other"
]
Completeness = Literal["complete", "partial", "landing_page"]

DOCUMENT_KINDS: tuple[str, ...] = get_args(DocumentKind)
"""Every kind a document can be: the one vocabulary of ``documents.document_kind``, the manifest and the gold files."""
COMPLETENESS: tuple[str, ...] = get_args(Completeness)
"""Every value of ``documents.completeness`` (and of the gold files' ``document.completeness``)."""

OUTCOME_KINDS: frozenset[str] = frozenset(
    {"joint_statement", "chairmans_statement", "leaders_statement", "declaration"}
)
"""Kinds that are a meeting's own outcome document (a media release reports one)."""

_HEADING_CHARS = 1500
_FIRST_PERSON_RE = re.compile(r"\A\W*We\s*,", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")
# the end of a whole text: a sentence end, possibly inside closing quotes or brackets
_ENDS_SENTENCE_RE = re.compile(r"[.!?][\"'”’)\]]*\s*\Z")
# what a news page puts after an article's last sentence: a source line, an agency's tag, a "Related posts" heading
_ARTICLE_TRAILER_RE = re.compile(
    r"(?:\s*(?:\n[ \t]*Source\s*:[^\n]*|\n[ \t]*Related\s+(?:posts|articles|news|stories)[ \t]*"
    r"|[ \t\n]*\([A-Z][A-Za-z]{1,9}\)))+\s*\Z"
)
# the body's text before the meeting verb ends in a numbered paragraph's opening: "... \n1. The 31st ALMM "
_NUMBERED_LEAD_RE = re.compile(r"(?:\A|\n)[ \t]*\(?\d{1,3}[.)][ \t]+[^\n]*\Z")
_NUMBERED_PARAGRAPH_RE = re.compile(r"^[ \t]*\(?\d{1,3}[.)][ \t]+\S", re.MULTILINE)  # "1. The Ministers ..."
_PREAMBLE_LINE_RE = re.compile(rf"^[ \t]*(?:{PREAMBLE_VERB_RE.pattern})", re.MULTILINE)  # "RECALLING the ..."


_HEADING_TOP_LINES = 3  # lines of the body's top where it may name its own kind
# before a kind's naming in its line or sentence, what makes it a mention: a lower-case word ("... signed today the
# Putrajaya Joint Declaration"), or an article or demonstrative that refers back ("The Declaration embodies ...")
_MENTION_PREFIX_RE = re.compile(r"(?<![\w'’\-])[a-z]|^\s*(?:The|This|That|These|Those|Such)\b")
_SENTENCE_END_RE = re.compile(r"[.!?;:]\s")
# right after a kind's naming, what comes before the name of a meeting in the same line ("Joint Statement of the
# Eighteenth ASEAN Ministerial Meeting ...") or opening the next line ("Joint Communiqué / The Seventeenth ASEAN Labour
# Ministers Meeting", "JOINT STATEMENT / OF THE 10TH ... MEETING")
_BEFORE_MEETING_RE = re.compile(
    r"(?:[ \t]*(?:\n[ \t]*)+(?=(?:(?:of|for)\s+)?(?:the\s+)?(?-i:[A-Z0-9]))|[ \t]*[:–—-]?[ \t]*)(?:(?:of|for)[ \t]+)?"
    r"(?:the[ \t]+)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class _Naming:
    """A kind a heading names, where (``start``), in the rules' order (``order``); whether it names the meeting in
    the same line (``names_meeting``: "Joint Statement of the 18th ... Meeting") or stands alone in its line or in a
    cell of a "|"-separated line (``alone``: a page's menu item "Press Release", a label "08/28/2031 | Press release
    | Archived content")."""

    start: int
    order: int
    kind: str
    names_meeting: bool
    alone: bool


def _namings(heading: str, *, as_heading: bool = False) -> list[_Naming]:
    """The kinds a document gives itself in its heading, in reading order (ties in the rules' order).

    With ``as_heading`` (the body's text above its meeting sentence), a naming counts only in the first
    :data:`_HEADING_TOP_LINES` lines, where it opens its line or sentence after capitalised words at most ("Joint
    Statement of the 9th ...", "ASEAN Declaration on ..."): one written after a lower-case word is a document the
    text mentions ("... signed today the Putrajaya Joint Declaration on ...", "... and the Vientiane Declaration on
    ..."), or after an article that refers back ("The Declaration embodies ..."), not its own kind."""
    top = _end_of_lines(heading, _HEADING_TOP_LINES)
    found = [
        _Naming(
            match.start(),
            order,
            kind,
            _names_meeting_after(heading, match.end()),
            _stands_alone(heading, match.start(), match.end()),
        )
        for order, (kind, pattern) in enumerate(_RULES.document_kinds)
        for match in pattern.finditer(heading)
        if not as_heading
        or (
            match.start() < top
            and not _MENTION_PREFIX_RE.search(heading[_opening_of(heading, match.start()) : match.start()])
        )
    ]
    return sorted(found)


def _self_named_kind(title: str, above: str) -> str | None:
    """The kind a document gives itself in its title block, else in the body's text above its meeting sentence
    (:func:`_namings`): the earliest naming wins, unless it stands alone in its line (a page's menu item "Press
    Release", a label "08/28/2031 | Press release | Archived content") and a naming elsewhere in the heading names the
    meeting in its line ("Joint Statement of the Eighteenth ... Meeting", "Joint Communiqué / The Seventeenth ...
    Meeting"): the document's own title beats the page's chrome."""
    title_namings, above_namings = _namings(title), _namings(above, as_heading=True)
    if not (title_namings or above_namings):
        return None
    earliest = (title_namings or above_namings)[0]
    if earliest.alone and not earliest.names_meeting:
        titled = next((item for item in (*title_namings, *above_namings) if item.names_meeting), None)
        if titled is not None:
            return titled.kind
    return earliest.kind


def _names_meeting_after(text: str, position: int) -> bool:
    """Whether the name of a meeting follows a kind's naming at ``position`` (after :data:`_BEFORE_MEETING_RE`), in
    its cell of a "|"-separated line: a clause ending in a meeting word ("... Ministers Meeting"), or a meeting's
    number ("the 9th AMMY")."""
    gap = _BEFORE_MEETING_RE.match(text, position)
    if gap is None or "|" in gap.group(0):
        return False
    name = _RULES.meeting_word.match(text, gap.end())
    return (name is not None and "|" not in name.group(0)) or _ORDINAL_RE.match(text, gap.end()) is not None


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is all of its line, or all of a cell of a line split by "|"."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    cell_start = line.rfind("|", 0, start - line_start) + 1
    cell_end = line.find("|", end - line_start)
    cell = line[cell_start : cell_end if cell_end != -1 else len(line)]
    return cell.strip(" \t.:–—-") == text[start:end]


def _preamble_follows(body: str, lead: str) -> bool:
    """Whether a first-person lead is the opener of a preamble: it ends in ";" or "," ("WE, the Heads of State or
    Government ..., on the occasion of the 17th ASEAN Summit;") and the next block of the body opens a preamble clause
    with a verb in capitals ("RECALLING that ...", "REAFFIRMING our commitment ...")."""
    last = lead.splitlines()[-1].strip() if lead.strip() else ""
    if not last.endswith((";", ",")):
        return False
    at = body.find(last)
    return at != -1 and PREAMBLE_VERB_RE.match(body[at + len(last) :].lstrip()) is not None


def _end_of_lines(text: str, n_lines: int) -> int:
    """Where the first ``n_lines`` non-empty lines of ``text`` end."""
    seen, position = 0, 0
    for line in text.splitlines(keepends=True):
        position += len(line)
        seen += bool(line.strip())
        if seen == n_lines:
            break
    return position


def _opening_of(text: str, position: int) -> int:
    """Where the line or sentence holding ``position`` opens."""
    ends = [text.rfind("\n", 0, position), *(match.end() - 1 for match in _SENTENCE_END_RE.finditer(text, 0, position))]
    return max(ends) + 1


def _is_dateline_line(line: str) -> bool:
    """Whether a line is a dateline on its own: known places and a date, nothing else ("KUALA LUMPUR, 14 October
    2031", "Jakarta, Indonesia, 24 May 2031", "Ha Noi, Viet Nam 9 October 2031")."""
    found = next(_iter_dates(line), None)
    if found is None or line[found[2] :].strip():
        return False
    places = [part.strip() for part in line[: found[1]].split(",")]
    if places and not places[-1]:
        places.pop()  # the comma before the date
    return bool(places) and all(canonical_city(place) or canonical_country(place) for place in places)


def _is_headline(line: str) -> bool:
    """Whether a line reads as a news headline: a verb of ``headline_verbs``, and no sentence ends on it."""
    return _RULES.headline_verb.search(line) is not None and not line.endswith((".", ";", ":"))


def _has_headline_over_dateline(heading: str) -> bool:
    """Whether a heading holds a dateline on a line of its own (:func:`_is_dateline_line`) under a headline line
    (:func:`_is_headline`): the top of a press release ("ASEAN Ministers Hold Inaugural Meeting / KUALA LUMPUR, 14
    October 2031")."""
    lines = [line.strip() for line in heading.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if _is_dateline_line(line):
            return any(_is_headline(above) for above in lines[:index])
    return False


def classify_document(
    title: str,
    body: str,
    *,
    heading_end: int | None,
    lead: str,
    has_dateline: bool,
    page_text: str | None = None,
) -> tuple[DocumentKind, Completeness]:
    """What kind of document a statement's text is, and whether the text is whole.

    Kind: the kind the document names itself by in its title block or in the text before its meeting verb
    ("Joint Statement of ...", "MEDIA RELEASE", "Chairman's Statement", "ASEAN Leaders' Statement on ...",
    "... Declaration on ..."; a naming with the meeting beats one alone in a line of page chrome:
    :func:`_self_named_kind`);
    otherwise its form: a first-person outcome ("We, the ... gathered ... for the 46th ASEAN Summit") is a chairman's
    statement for a summit (a declaration when preamble clauses follow its lead: "WE, the Heads of State ..., on the
    occasion of the 17th ASEAN Summit; / RECALLING ...") and a joint statement otherwise; a summit's text whose body
    opens with a preamble clause is a declaration whatever its subject ("The Member States of ASEAN, on the occasion
    of the 38th ASEAN Summit: / RECALLING ..."); a lead under a dateline
    ("VIENTIANE, 26 September 2024 – The 32nd ... was held", or a dateline in capitals opening the body whatever
    its lead) is a media release, and so is a third-person meeting sentence under a news headline and a
    dateline on a line of its own ("ASEAN Ministers of Culture and Arts Hold Inaugural Meeting / KUALA LUMPUR, 14
    October 2031 / The inaugural meeting ... was held ...") when the meeting sentence does not open a numbered
    paragraph ("1. The 31st ALMM was held ..." is a statement's); a third-person report with a news report's wording
    (``news_report_cues``: "(VNA)", "told the media", "yesterday") is other (a newspaper's report); a meeting
    sentence in a text with a statement's form (numbered paragraphs, preamble clauses, an "Issued in" line) is a joint
    statement; else other: a third-person report with no title of its own and none of those forms is a news item (of
    the held-out web texts of probes 11–14 read so, 6 of 7 were news reports).

    Completeness: a short text (fewer than ``min_complete_words`` words) that points to the document ("Download the
    full statement") is a landing page; a page that says the full document is elsewhere ("Download the full statement
    here", also when that line was removed from the body as web chrome) is a landing page when it is short and has
    none of the document's numbered paragraphs, else partial; a text that stops inside a sentence or a preamble
    clause, or an outcome document shorter than ``min_complete_words``, is partial; otherwise complete.

    Args:
        title: The title block.
        body: The normalised body text.
        heading_end: Where the body's meeting sentence names the meeting (its meeting verb), if the body has one:
            the document's heading is the title block and the body's text before it.
        lead: The meeting sentence(s), without a dateline.
        has_dateline: Whether the meeting paragraph opens with a release's dateline (or the body with one in
            capitals and a date).
        page_text: The page as read, before page furniture was removed (its links to the full document); by default
            the title block and body.

    Returns:
        ``(document_kind, completeness)``.
    """
    above = body[:heading_end] if heading_end is not None else body
    heading = f"{title}\n{above[:_HEADING_CHARS]}"
    kind: DocumentKind
    named = _self_named_kind(title, above[:_HEADING_CHARS])
    numbered_lead = heading_end is not None and _NUMBERED_LEAD_RE.search(above) is not None
    if named is not None:
        kind = named  # type: ignore[assignment]
    elif lead and _FIRST_PERSON_RE.match(lead):
        if not _RULES.summit_word.search(lead):
            kind = "joint_statement"
        else:
            kind = "declaration" if _preamble_follows(body, lead) else "chairmans_statement"
    elif _RULES.summit_word.search(f"{title}\n{lead}") and PREAMBLE_VERB_RE.match(body.lstrip()):
        kind = "declaration"  # "The Member States of ASEAN, on the occasion of the 38th ASEAN Summit: / RECALLING ..."
    elif has_dateline or (lead and not numbered_lead and _has_headline_over_dateline(heading)):
        kind = "media_release"
    elif lead and not numbered_lead and _RULES.news_report.search(f"{title}\n{body}"):
        kind = "other"  # a newspaper's report of the meeting ("Jakarta (VNA) –", "told the media", "yesterday")
    elif lead and (
        _NUMBERED_PARAGRAPH_RE.search(body)
        or _PREAMBLE_LINE_RE.search(body)
        or _RULES.issued.search(f"{title}\n{body}")
    ):
        kind = "joint_statement"
    else:  # no meeting sentence, or a third-person report with none of a statement's forms
        kind = "other"

    text = f"{title}\n{body}".strip()
    n_words = len(_WORD_RE.findall(text))
    completeness: Completeness
    short = n_words < _RULES.min_complete_words
    elsewhere = _RULES.full_text_elsewhere.search(text if page_text is None else f"{text}\n{page_text}")
    if short and _RULES.landing_page.search(text):
        completeness = "landing_page"
    elif elsewhere:
        completeness = "landing_page" if short and not _NUMBERED_PARAGRAPH_RE.search(body) else "partial"
    elif not _ENDS_SENTENCE_RE.search(_ARTICLE_TRAILER_RE.sub("", text)) or (
        kind in OUTCOME_KINDS and n_words < _RULES.min_complete_words
    ):
        completeness = "partial"
    else:
        completeness = "complete"
    return kind, completeness
