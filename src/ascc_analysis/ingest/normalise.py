"""Text normalisation: raw extracted text of a statement → clean, stable text (stage ``normalise``).

The readers (:mod:`ascc_analysis.ingest.readers`) give text as the PDF, HTML or Word extractor produced it. This module
turns it into the normalised text stored in ``documents.text``; paragraph offsets (``paragraphs.char_start`` and
``char_end``) index that text, so the functions here are pure and :func:`normalise_text` is idempotent.

Each step is a small public ``str -> str`` function that can be used and tested alone; :func:`normalise_text`
applies them in this order:

1. :func:`fix_unicode` — mojibake, ligatures, odd spaces, quotes, dashes, soft hyphens, line endings; then
   :func:`label_wide_numbers` — "2       Attended by" → "2. Attended by" (a bare number set off by wide spacing);
   then :func:`separate_glued_ordinals` — "the 8thASEAN Meeting" → "the 8th ASEAN Meeting".
2. :func:`remove_page_furniture` — page numbers, running headers/footers, stamps, initials, web chrome, a site's
   closing boilerplate ("- ABOUT ASEAN …", a blog's comment form "Leave a Reply …", to the end).
3. :func:`join_broken_lines` — re-joins lines broken inside a paragraph, one blank line between blocks (each line
   is a block on a page that gives every paragraph as one line).
4. :func:`repair_hyphenation` — "develop- ment" → "development", "survivor- centered" → "survivor-centered"
   (run before step 3 as well, see :func:`normalise_text`).

Output convention of :func:`normalise_text`: the title block first (its lines kept as lines), then the body
blocks (numbered paragraphs, preamble clauses, list items), each on one line; blocks separated by exactly one
blank line; single spaces; no leading or trailing spaces on a line; the text ends with one ``"\\n"`` (an empty
input gives ``""``).

The line classifiers used to find the title and the block starts (:func:`is_body_start`,
:data:`PARAGRAPH_LABEL_RE`, :data:`SUB_ITEM_LABEL_RE`, :data:`PREAMBLE_VERB_RE`) are public because the
segmenter (:mod:`ascc_analysis.ingest.segment`) applies the same rules to the normalised text.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import ftfy
import yaml

from ascc_analysis.errors import ParameterError

logger = logging.getLogger(__name__)

__all__ = [
    "BULLET_RE",
    "FURNITURE_KINDS",
    "MAX_NUMBERS_LOST",
    "MENU_MIN_LINES",
    "PARAGRAPH_LABEL_RE",
    "PREAMBLE_VERB_RE",
    "SUB_ITEM_LABEL_RE",
    "FurniturePatterns",
    "continues_numbering",
    "ends_with_sentence",
    "fix_unicode",
    "is_body_start",
    "is_section_heading",
    "is_standalone_heading",
    "join_broken_lines",
    "label_wide_numbers",
    "load_furniture_patterns",
    "normalise_text",
    "opens_preamble_clause",
    "remove_page_furniture",
    "repair_hyphenation",
    "restarts_numbering",
    "separate_glued_ordinals",
    "title_line_count",
]

# --------------------------------------------------------------------------------------------------------------
# Line classifiers (shared with the segmenter)
# --------------------------------------------------------------------------------------------------------------

PARAGRAPH_LABEL_RE = re.compile(r"(?P<no>\d{1,3})(?:[.)](?:[ \t]+|$)|\.(?=[A-Z]))")
"""A paragraph number at the start of a line or block: ``"7. "``, ``"7) "``, ``"7."`` alone on its line, or ``"7."``
glued to the capital that opens the paragraph (``"7.The Ministers"``: an older statement typed without the space).
Not a decimal (``"2.5 per cent"``); whether a label opens a paragraph is decided by its place in the numbering."""

SUB_ITEM_LABEL_RE = re.compile(
    r"(?:\((?P<paren>[a-z]|[ivxl]{1,6}|\d{1,2})\)|(?P<bare>[a-z]|[ivxl]{1,6})[.)])(?=[ \t]|$)"
)
"""A list-item label at the start of a line or block: ``"a."``, ``"b)"``, ``"(c)"``, ``"iv."``, ``"(iv)"``,
``"(2)"``. Bare digits (``"2)"``) are not accepted here, they read as paragraph numbers."""

BULLET_RE = re.compile(r"[•▪◦●■□➢►\-*–](?=[ \t])")
"""A bullet at the start of a line."""

PREAMBLE_VERB_RE = re.compile(
    r"(?:(?:FURTHER|ALSO|HAVING|BEARING|TAKING|DO|WE)\s+(?:IN\s+)?)*"
    r"(?:[A-Z]{2,}(?:ING|ED)|MINDFUL|AWARE|COGNI[SZ]ANT|CONSCIOUS|DESIROUS|CONVINCED|MIND|NOTE|HEREBY)"
    r",?[ \t]+(?=[a-z\"'(])"
)
"""An ALL-CAPS preamble verb opening a clause, followed by a lowercase word: ``"RECALLING the"``,
``"FURTHER NOTING that"``, ``"BEARING IN MIND"``. An all-caps title line (``"ENHANCING CONNECTIVITY"``) does not
match because the next word is not lowercase."""

_CAPITALS_OPENER_RE = re.compile(r"[A-Z]{4,}(?:[ \t]+[A-Z]{4,})?,?[ \t]+(?=[a-z])")
"""One or two words in capitals (four letters or more each) opening a line, followed by a lowercase word:
``"SUPPORTIVE of"``, ``"FULLY AWARE that"``, ``"DEEPLY CONCERNED by"``."""
_CLAUSE_CONTINUES_RE = re.compile(r"[;,]$")
_WE_OPENER_RE = re.compile(r"(?:We|WE)(?:,|[ \t]+(?:the|THE)\b)")
"""The opener of a first-person preamble: ``"WE, the Ministers …"``, ``"We the Leaders …"`` (not ``"We agree …"``)."""


def opens_preamble_clause(line: str, *, previous: str) -> bool:
    """Tell whether a line (or block) opens a preamble clause, given the block before it.

    A line opening with an ALL-CAPS preamble verb (:data:`PREAMBLE_VERB_RE`: ``"RECALLING the …"``) always does.
    So does, by the drafting convention itself and with no list of words, a line opening with one or two words in
    capitals followed by lowercase text (``"SUPPORTIVE of the need …"``, ``"FULLY AWARE that …"``) when the block
    before it is a preamble clause or the ``"WE, the Ministers …"`` opener (it opens with capitals followed by
    lowercase text, or with ``"We, …"``) and ends with ``";"`` or ``","``. An acronym opening a sentence in running
    text (``"ASEAN will …"``) has no such clause before it.

    Args:
        line: The line or block, stripped.
        previous: The block before it, stripped (only its opening and its end are read).

    Returns:
        True if ``line`` opens a preamble clause.
    """
    if PREAMBLE_VERB_RE.match(line):
        return True
    return bool(
        _CAPITALS_OPENER_RE.match(line)
        and _CLAUSE_CONTINUES_RE.search(previous)
        and (PREAMBLE_VERB_RE.match(previous) or _CAPITALS_OPENER_RE.match(previous) or _WE_OPENER_RE.match(previous))
    )


_WIDE_LABEL_RE = re.compile(r"[ \t]*(?P<no>\d{1,3})(?:[ \t]{3,}|\t)(?=[A-Z])")
"""A bare paragraph number set off by wide spacing instead of a full stop: ``"2       Attended by ..."``."""
_MEETING_SENTENCE_RE = re.compile(r"\b(?:was|were)[ \t]+(?:held|convened|conducted|chaired|hosted)\b")
"""A line saying that the meeting was held opens the body even when it reads like a title otherwise."""
_LONG_LINE = 200
"""A line at least this long is a whole paragraph of a page that does not wrap its lines (no wrapped line is)."""
_UNWRAPPED_MIN_BREAKS = 3
"""Fewest line breaks between sentences that show a page gives each paragraph as one line (see
:func:`_gives_paragraphs_as_lines`): one or two such breaks happen in wrapped text too."""
_UNWRAPPED_RUN_ON_SHARE = 0.1
"""Largest share of line breaks inside a sentence on a page that gives each paragraph as one line (a heading line)."""
_BLANK_SEPARATED_RUN_ON_SHARE = 0.2
"""Largest share of blank-line breaks not between sentences on a page that gives each paragraph as one line between
blank lines (a paragraph that lost its full stop, a heading): the page shows its layout by its blank lines alone."""
_LINE_OPENS_SENTENCE_RE = re.compile(r"[\"'(\[]?[A-Z0-9]")
"""A line that opens a sentence: a capital or a digit, after an opening quote or bracket if any."""
_OPENS_CAPITAL_RE = re.compile(r"[\"']?[A-Z]")
"""A line opening with a capital, after an opening quotation mark if any (``"\"One ASEAN …"``)."""
_FIRST_PERSON_RE = re.compile(r"(?:We(?:,|[ \t]+the\b|[ \t]+[a-z])|WE(?:,|[ \t]+THE\b))")
_THIRD_PERSON_RE = re.compile(r"The (?:Meeting|Ministers|Council|Leaders)\b")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*")
_PROSE_STOP_WORDS = frozenset({"the", "and", "for", "with", "from", "into", "upon", "via", "its", "their"})
_PROSE_MIN_WORDS = 3
_SENTENCE_END_RE = re.compile(r"[.!?;:][\"')\]]*$")
_LIST_CONTEXT_END_RE = re.compile(r"(?:[;:]|;[ \t]*(?:and|or))$")
_FULL_STOP_END_RE = re.compile(r"[.!?][\"')\]]*$")

MAX_NUMBERS_LOST = 2
"""Most paragraph numbers a source may have lost between two paragraphs (``"1."`` then ``"3."``): see
:func:`continues_numbering`."""


def continues_numbering(number: int, expected: int, *, previous: str, later: Iterable[int]) -> bool:
    """Tell whether a paragraph label at the start of a line or block continues the numbering after a gap.

    A source sometimes loses a paragraph number (``"1. …"`` then ``"3. …"``). A label that jumps ahead of the
    expected number by at most :data:`MAX_NUMBERS_LOST` still opens a paragraph when the paragraph before it ends
    a sentence (``"."``, ``"!"`` or ``"?"``, not ``":"`` or ``";"`` which introduce lists) and no skipped number
    opens a line later (then the label is out of sequence: a footnote or a list item). The expected number itself
    is not a gap (the caller accepts it), and neither is the first paragraph (``expected`` 1).

    Args:
        number: The label's number.
        expected: The next number in sequence (one more than the last paragraph's).
        previous: The text before the label (the paragraph or line before it).
        later: Numbers of the paragraph labels at the start of later lines or blocks.

    Returns:
        True if the label opens paragraph ``number`` after a gap.
    """
    if not (expected > 1 and expected < number <= expected + MAX_NUMBERS_LOST):
        return False
    if not _FULL_STOP_END_RE.search(previous.rstrip()):
        return False
    return not set(range(expected, number)) & set(later)


_HEADING_MAX_WORDS = 15
"""Most words in a section heading: a descriptive heading runs to a dozen words ("Impact of the Global Financial Crisis
on Labour Markets in the Region"); a longer line is a line of a paragraph."""
_HEADING_END_RE = re.compile(r"[.!?;:,][\"')\]]*$")


def is_section_heading(text: str) -> bool:
    """Tell whether a block or line is a section heading (``"Opening Ceremony"``, ``"Cooperation in Health"``).

    A heading is one line of at most fifteen words that starts with a capital letter, does not end like a sentence or
    a clause (``. ! ? ; : ,``) and opens with no paragraph number, list label, bullet or ALL-CAPS preamble verb.

    Args:
        text: A block of the body or a line, stripped.

    Returns:
        True if it reads as a heading.
    """
    return (
        "\n" not in text
        and text[:1].isupper()
        and len(text.split()) <= _HEADING_MAX_WORDS
        and not _HEADING_END_RE.search(text)
        and PARAGRAPH_LABEL_RE.match(text) is None
        and SUB_ITEM_LABEL_RE.match(text) is None
        and BULLET_RE.match(text) is None
        and PREAMBLE_VERB_RE.match(text) is None
    )


def restarts_numbering(number: int, *, heading: str, later: Iterable[int]) -> bool:
    """Tell whether a paragraph label opens a section with its own numbering.

    Older statements number the paragraphs of each section from 1 (``"2. …"``, then ``"Opening Ceremony"``, then
    ``"1. …"``, ``"2. …"``). A label ``1`` restarts the numbering when the block right before it is a section
    heading (:func:`is_section_heading`) and the next paragraph label after it is ``2`` (a lone ``"1."`` under a
    heading is not a section). The caller checks that paragraphs were numbered before.

    Args:
        number: The label's number.
        heading: The block or line right before the label.
        later: Numbers of the paragraph labels at the start of later lines or blocks, in order (0 for none).

    Returns:
        True if the label opens paragraph 1 of a new section.
    """
    return number == 1 and is_section_heading(heading) and next((no for no in later if no), None) == 2


def is_standalone_heading(text: str) -> bool:
    """Tell whether a block or line reads as a section heading on its own evidence (``"Unity in Health
    Emergencies"``), with no restarted numbering after it to confirm it.

    A section heading (:func:`is_section_heading`) that does not read as statement text either
    (:func:`is_body_start`): it does not open with the meeting as subject (``"The Ministers …"``, ``"We, …"``), says
    no meeting "was held", and has fewer than three lowercase content words (``"Member States were encouraged to
    share practices"`` is a sentence that lost its full stop, not a heading). Title-case headings have none.

    Args:
        text: A block of the body or a line, stripped.

    Returns:
        True if it reads as a heading and not as a sentence.
    """
    return is_section_heading(text) and not is_body_start(text)


def _n_prose_words(line: str) -> int:
    """Count lowercase content words: lowercase-initial, three letters or more, not a common function word."""
    return sum(
        1 for word in _WORD_RE.findall(line) if word[0].islower() and len(word) >= 3 and word not in _PROSE_STOP_WORDS
    )


def is_body_start(line: str) -> bool:
    """Tell whether a line opens the body of a statement (and so ends the title block).

    A line opens the body when, after stripping, it starts with paragraph number 1 (``"1. "``), an ALL-CAPS
    preamble verb (:data:`PREAMBLE_VERB_RE`), says that the meeting "was held" / "convened" / "chaired" (a
    meeting sentence right under the title), first-person ``"We, …"``/``"We the …"``, ``"The Meeting"``
    (or ``Ministers``/``Council``/``Leaders``), or reads as prose: at least three lowercase content words
    (lowercase-initial words of three letters or more other than "the", "and", "for", "with", ...). Title lines
    ("2024 JOINT STATEMENT OF THE …", "Issued in Vientiane, Lao PDR on 26 September 2024") have none of these.

    Args:
        line: One line of text.

    Returns:
        True if the line starts the body.
    """
    stripped = line.strip()
    if not stripped:
        return False
    number = PARAGRAPH_LABEL_RE.match(stripped)
    if number is not None:
        return int(number.group("no")) == 1
    return bool(
        PREAMBLE_VERB_RE.match(stripped)
        or _MEETING_SENTENCE_RE.search(stripped)
        or _FIRST_PERSON_RE.match(stripped)
        or _THIRD_PERSON_RE.match(stripped)
        or _n_prose_words(stripped) >= _PROSE_MIN_WORDS
    )


_DATELINE_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_DATELINE_RE = re.compile(
    r"(?:[A-Z][\w'.-]*[ \t]+){0,3}[A-Z][\w'.-]*"  # MANADO   Ha Noi   Bandar Seri Begawan
    r"(?:,[ \t]+(?:[A-Z][\w'.-]*[ \t]+){0,3}[A-Z][\w'.-]*)?,?[ \t]+"  # , INDONESIA,
    rf"(?:\d{{1,2}}(?:[ \t]*[-–][ \t]*\d{{1,2}})?[ \t]+(?i:{_DATELINE_MONTHS})\b"  # 13 OCTOBER   11 – 13 May
    rf"|(?i:{_DATELINE_MONTHS})[ \t]+\d{{1,2}}(?:[ \t]*[-–][ \t]*\d{{1,2}})?\b)"  # October 13
    r",?(?:[ \t]+\d{4})?[ \t]*(?:\([^()]{1,30}\)[ \t]*)?(?:–|-{1,2})[ \t]"  # 2016 –   2016 (VNA) -
)
"""A news dateline opening a line: place, date, dash (``"MANADO, INDONESIA, 13 OCTOBER 2016 – "``, ``"Ha Noi, 14
October 2022 - "``)."""


_NEWS_DATELINE_RE = re.compile(
    r"(?:[A-Z][\w'.-]*[ \t]+){0,3}[A-Z][\w'.-]*"  # Hanoi   Bandar Seri Begawan
    r"(?:[ \t]*\([A-Z][\w .-]{0,20}\))?"  # (VNA)
    r"[ \t]+(?:–|-{1,2})[ \t]+[\"']?[A-Z]"  # – Ministers …
)
"""A news dateline without a date opening a line: a place, a news agency if any, a spaced dash and a capital
(``"Hanoi (VNA) – Ministers …"``, ``"Bandar Seri Begawan - Culture …"``)."""
_SENTENCE_INSIDE_RE = re.compile(r"[.!?][\"')\]]*(?=[ \t]+[\"']?[A-Z])")
"""A sentence end inside a line, before a capital (checked for abbreviations by :func:`ends_with_sentence`)."""
_PHOTO_CREDIT_END_RE = re.compile(r"\((?i:photo|photograph|image|picture)s?(?:[ \t]*:|[ \t]+by\b|[ \t])[^()]{0,80}\)$")
"""A photo credit ending a line: ``"… speaks at the meeting (Photo: VNA)"``, ``"(Photo by …)"``."""


def _opens_dateline(line: str) -> bool:
    """Whether a line opens with a news dateline, dated (:data:`_DATELINE_RE`) or not (:data:`_NEWS_DATELINE_RE`)."""
    return _DATELINE_RE.match(line) is not None or _NEWS_DATELINE_RE.match(line) is not None


def _is_strong_body_start(line: str) -> bool:
    """Whether a line opens a body by its form, not only by its prose words: a paragraph label, a preamble verb, a
    meeting sentence, ``"We, …"`` or ``"The Meeting …"``."""
    return bool(
        PARAGRAPH_LABEL_RE.match(line)
        or PREAMBLE_VERB_RE.match(line)
        or _MEETING_SENTENCE_RE.search(line)
        or _FIRST_PERSON_RE.match(line)
        or _THIRD_PERSON_RE.match(line)
    )


def _holds_a_sentence(line: str) -> bool:
    """Whether a line holds a whole sentence before its last words: a sentence end (not after an abbreviation or an
    initial: ``"H.E. Dr. Synthetic"``) followed by a capital (``"… at the meeting. Beside him were …"``)."""
    return any(ends_with_sentence(line[: match.end()]) for match in _SENTENCE_INSIDE_RE.finditer(line))


def _is_headline(line: str, *, next_line: str) -> bool:
    """Whether a line is a page's headline or photo caption rather than the first line of the body.

    A line with no sentence or clause end right above a dateline (the next non-blank line, ``next_line``, opens with
    place, date if any, and dash: ``"Synthetic ministers meet on cooperation"`` / ``"MANADO, 13 OCTOBER 2099 – The
    …"``, ``"Ha Noi (SNA) – …"``, ``"Synthetica City - …"``): a headline of at most fifteen words, or a caption of
    any length that holds a sentence and then names the people in the picture (``"A minister speaking at the
    meeting. Beside him were …"``: a headline is never two sentences) and opens the body only by its prose words
    (:func:`_is_strong_body_start`). A line ending in a photo credit (``"… speaks at the meeting (Photo: SNA)"``) is
    a caption whatever follows it.
    """
    if _HEADING_END_RE.search(line) or _opens_dateline(line):
        return False
    if _PHOTO_CREDIT_END_RE.search(line):
        return True
    return _opens_dateline(next_line) and (
        len(line.split()) <= _HEADING_MAX_WORDS or (_holds_a_sentence(line) and not _is_strong_body_start(line))
    )


def _is_page_headline(lines: Sequence[str], index: int) -> bool:
    """Whether ``lines[index]`` is the headline at the top of a page that gives each paragraph as one line.

    A line of at most fifteen words with no sentence or clause end that reads as body only by its prose words
    (:func:`_is_strong_body_start`), when the next non-blank line opens a sentence with a capital and the lines after
    it give each paragraph as one line (:func:`_gives_paragraphs_as_one_line_each`): ``"Synthetic ministers discuss a
    digital community"`` / ``"The 50th Meeting of …"``. On such a page every paragraph ends a sentence, so a
    first line that does not is a headline. Wrapped text (a PDF's) is not such a page and keeps its first line.
    """
    line = lines[index].strip()
    if (
        len(line.split()) > _HEADING_MAX_WORDS
        or _HEADING_END_RE.search(line)
        or _opens_dateline(line)
        or _is_strong_body_start(line)
    ):
        return False
    rest = lines[index + 1 :]
    next_line = next((following.strip() for following in rest if following.strip()), "")
    return bool(_OPENS_CAPITAL_RE.match(next_line)) and _gives_paragraphs_as_one_line_each(rest)


_DOCUMENT_TITLE_RE = re.compile(
    r"(?i:(?:(?:joint|chair(?:man|person)?(?:'s)?|ministerial|leaders'?|press|media)[ \t]+){0,3}"
    r"(?:statement|declaration|communiqu[eé])"
    r"|(?:joint[ \t]+)?(?:press|media|news)[ \t]+release)"
    r"(?=[ \t]+(?i:of|on|by|at|for|from)\b|[ \t]*:|$)"
)
"""A line that opens by naming a document's kind, followed by what it is of or on: ``"Joint Statement of …"``,
``"Chairman Press Statement of …"``, ``"Declaration on …"``, ``"Press Release:"``."""


def _names_a_document(line: str) -> bool:
    """Whether a line is a document's title: it opens by naming the document's kind (:data:`_DOCUMENT_TITLE_RE`:
    ``"Chairman's Press Statement of the synthetic leaders' special session on …"``), with no sentence or clause end,
    and reads as body only by its prose words (:func:`_is_strong_body_start`)."""
    return bool(_DOCUMENT_TITLE_RE.match(line) and not _HEADING_END_RE.search(line) and not _is_strong_body_start(line))


def title_line_count(lines: Sequence[str]) -> int:
    """Count the leading lines that form the title block.

    The title is every line before the first line that :func:`is_body_start` accepts, except a headline or a photo
    caption (:func:`_is_headline`): a line with no sentence or clause end right above a dateline (the next non-blank
    line opens with place, date if any, and a dash: ``"Ministers move towards a synthetic community"`` / ``"MANADO,
    INDONESIA, 13 OCTOBER 2099 – Ministers …"``, ``"Ha Noi (SNA) – Ministers …"``; at most fifteen words, or a
    caption holding a sentence before its last words), a line ending in a photo credit (``"… (Photo: SNA)"``), a
    short line without a sentence end at the top of a page that gives each paragraph as one line
    (:func:`_is_page_headline`), or a line naming the document (``"Chairman's Press Statement of the synthetic
    leaders' special session on …"``: :func:`_names_a_document`), is a title line however much prose it holds.
    When no line opens a body, every line counts as title (the segmenter then reports that no statement was found).

    Args:
        lines: The lines of a text, blank lines included.

    Returns:
        The index of the first body line, or ``len(lines)`` when there is none.
    """
    for index, line in enumerate(lines):
        if is_body_start(line):
            next_line = next((following for following in lines[index + 1 :] if following.strip()), "")
            if not (
                _is_headline(line.strip(), next_line=next_line.strip())
                or _names_a_document(line.strip())
                or _is_page_headline(lines, index)
            ):
                return index
    return len(lines)


# --------------------------------------------------------------------------------------------------------------
# 1. Unicode
# --------------------------------------------------------------------------------------------------------------

_FTFY_CONFIG = ftfy.TextFixerConfig(
    fix_latin_ligatures=True,  # ﬁ ﬂ ﬀ ﬃ → fi fl ff ffi
    fix_character_width=True,  # fullwidth forms → ASCII
    uncurl_quotes=True,
    fix_line_breaks=True,  # CRLF, CR, U+2028, U+2029, U+0085 → LF
    normalization="NFC",
    explain=False,
)

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width spaces and joiners, BOM

_CHAR_MAP: dict[int, str | None] = {
    **{ord(char): " " for char in _SPACES},
    **{ord(char): None for char in _INVISIBLE},
    **{ord(char): "'" for char in "\u2018\u2019\u201a\u201b\u2032\u2035"},
    **{ord(char): '"' for char in "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"},
    **{ord(char): "–" for char in "\u2013\u2014\u2015\ufe58"},  # en dash, em dash, horizontal bar → en dash
    **{ord(char): "-" for char in "\u2010\u2011\u2012\u2212\ufe63\uff0d"},  # hyphens, figure dash, minus → -
    0xF0B7: "•",  # Symbol-font bullet from Word/PDF private-use area
    0xF0A7: "▪",
    0xF0D8: "➢",  # Wingdings arrow bullet
    0xF0FC: "➢",  # Wingdings check-mark bullet
}
# a Wingdings bullet read in a Latin font at the start of a line: "Ø" (arrow), "ü" (check mark), "§" (square), before
# an item that opens with a capital or a quote
_WINGDINGS_BULLET_RE = re.compile(r"(?m)^([ \t]*)[Øü§](?=[ \t]+[A-Z\"'(])")
_MAX_UNICODE_PASSES = 4


def fix_unicode(text: str) -> str:
    """Repair encoding damage and reduce the character repertoire to a small, stable set.

    Applies ftfy (mojibake such as ``"ASEANâ€™s"`` → ``"ASEAN's"``, Latin ligatures ``ﬁ ﬂ`` → ``fi fl``,
    fullwidth forms, NFC) and then these conventions:

    - quotes: curly and angle quotes → straight ``'`` and ``"``;
    - dashes: en dash, em dash and horizontal bar → en dash ``"–"`` (one character, spacing kept as written);
      hyphen, non-breaking hyphen, figure dash and minus sign → ASCII ``"-"``;
    - spaces: non-breaking, thin, ideographic and other odd spaces and tabs → one plain space; zero-width
      spaces/joiners, BOM and soft hyphens are removed;
    - line ends: CRLF, CR, vertical tab, U+2028/U+2029 → LF; form feeds (page breaks) are kept for
      :func:`remove_page_furniture`;
    - bullets: Wingdings bullets, in the private-use area or read in a Latin font at the start of a line ("Ø", "ü",
      "§" before a capital or a quote), → ``"➢"``.

    The two steps are repeated until the text no longer changes (at most four passes), so that the result is a
    fixed point: straightening a quote can make a string that ftfy reads as mojibake, which a single pass would
    leave for the next call to change.

    Args:
        text: Raw extracted text.

    Returns:
        The repaired text (line structure unchanged).
    """
    text = text.replace("\v", "\n")
    for _ in range(_MAX_UNICODE_PASSES):
        fixed = ftfy.fix_text(text, config=_FTFY_CONFIG).translate(_CHAR_MAP)
        if fixed == text:
            break
        text = fixed
    return _WINGDINGS_BULLET_RE.sub(r"\1➢", text)


_GLUED_ORDINAL_RE = re.compile(r"(?<![\w./-])(?P<number>[1-9]\d{0,2})(?P<suffix>st|nd|rd|th)(?=[A-Z][A-Za-z])")
"""A number of one to three digits with an ordinal suffix, glued to a capitalised word of two letters or more:
``"8thASEAN"``, ``"32ndASCC"``, ``"3rdConference"``. Not inside a code (after a letter, digit, ``"."``, ``"/"`` or
``"-"``), nor before a single capital (``"5thA"``, a label)."""


def _ordinal_suffix(number: int) -> str:
    """The English ordinal suffix of ``number``: ``"st"`` for 1, 21, 101; ``"th"`` for 11 to 13; ..."""
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def separate_glued_ordinals(text: str) -> str:
    """Put back the space between an ordinal and the capitalised word after it: ``"the 8thASEAN Meeting"`` →
    ``"the 8th ASEAN Meeting"``, ``"32ndASCC"`` → ``"32nd ASCC"``, ``"3rdConference"`` → ``"3rd Conference"``.

    PDF and web extractors drop the space after a superscript ordinal suffix, and the meeting's name then no longer
    reads as a name. Only a number of one to three digits (no leading zero) standing on its own, with the suffix
    its number takes (``"1st"``, ``"12th"``, ``"23rd"``; not ``"1th"``), glued to a capital that opens a word of
    two letters or more is split. Left as written: a lowercase word after the suffix (``"4thwith"``: no meeting
    name opens in lowercase, and a glued lowercase word cannot be told from a longer token), codes (``"A21stBC"``,
    ``"978-3rdA"``, ``"2.3rdParty"``), years (``"2025thX"``), a single capital (``"5thA"``), ``"Nth"`` and
    capitalised suffixes (``"8TH"``).

    Args:
        text: Text, usually after :func:`fix_unicode`.

    Returns:
        The text with a space after each glued ordinal.
    """

    def replace(match: re.Match[str]) -> str:
        number, suffix = match.group("number"), match.group("suffix")
        return f"{number}{suffix} " if _ordinal_suffix(int(number)) == suffix else match.group(0)

    return _GLUED_ORDINAL_RE.sub(replace, text)


# --------------------------------------------------------------------------------------------------------------
# 2. Page furniture
# --------------------------------------------------------------------------------------------------------------

FURNITURE_KINDS: tuple[str, ...] = ("page_number", "stamp", "initials", "web_chrome", "closing", "menu")
"""The keys of the furniture file, each a list of whole-line regular expressions."""

MENU_MIN_LINES = 3
"""Fewest lines in a row, each an entry of a site's menu (``menu`` patterns), that are removed as the menu: an entry
standing alone ("Social Development", "Press Release") may be a heading or a title of the statement."""

_HEADER_MAX_CHARS = 100
_HEADER_EDGE_LINES = 2


@dataclass(frozen=True)
class FurniturePatterns:
    """Whole-line patterns of page furniture, by kind (see ``resources/furniture.yaml``).

    Attributes:
        page_number: Page numbers alone on a line ("3", "- 3 -", "Page 3 of 9", "3 | Page").
        stamp: Lone status stamps ("Adopted", "FINAL", "Draft").
        initials: Initials lines ("AB/cd").
        web_chrome: Web page chrome ("Download the full statement here", "Home > News > …", "Share this").
        closing: First lines of the boilerplate a site puts under every release ("- ABOUT ASEAN The Association of
            Southeast Asian Nations, or ASEAN, was established …") or of a blog's comment form ("Leave a Reply",
            "Your email address will not be published"): such a line and every line after it are removed (see
            :func:`remove_page_furniture`).
        menu: Entries of a site's navigation menu ("Member Countries", "Press Room", "Press Release"): removed only
            where at least :data:`MENU_MIN_LINES` of them stand in a row (blank lines between them allowed).
    """

    page_number: tuple[re.Pattern[str], ...]
    stamp: tuple[re.Pattern[str], ...]
    initials: tuple[re.Pattern[str], ...]
    web_chrome: tuple[re.Pattern[str], ...]
    closing: tuple[re.Pattern[str], ...] = ()
    menu: tuple[re.Pattern[str], ...] = ()

    def all(self) -> tuple[re.Pattern[str], ...]:
        """Every pattern, all kinds together."""
        return self.page_number + self.stamp + self.initials + self.web_chrome + self.closing + self.menu

    def matches(self, line: str) -> bool:
        """True if the whole (cleaned) line is furniture."""
        return any(
            pattern.fullmatch(line)
            for patterns in (self.page_number, self.stamp, self.initials, self.web_chrome)
            for pattern in patterns
        )

    def opens_closing(self, line: str) -> bool:
        """True if the whole (cleaned) line opens a site's closing boilerplate."""
        return any(pattern.fullmatch(line) for pattern in self.closing)

    def is_menu_entry(self, line: str) -> bool:
        """True if the whole (cleaned) line is an entry of a site's menu (furniture only in a run of entries)."""
        return any(pattern.fullmatch(line) for pattern in self.menu)


def _compile_kind(values: Any, *, kind: str, where: str) -> tuple[re.Pattern[str], ...]:
    if values is None:
        return ()
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise ParameterError(f"{where}: {kind!r} must be a list of regular-expression strings, got {values!r}")
    compiled = []
    for value in values:
        try:
            compiled.append(re.compile(value, re.IGNORECASE))
        except re.error as error:
            raise ParameterError(f"{where}: {kind!r} holds an invalid regular expression {value!r}: {error}") from None
    return tuple(compiled)


def _parse_furniture(data: Any, *, where: str) -> FurniturePatterns:
    if not isinstance(data, dict):
        raise ParameterError(
            f"{where}: expected a mapping with keys {list(FURNITURE_KINDS)}, got {type(data).__name__}"
        )
    unknown = sorted(str(key) for key in data if key not in FURNITURE_KINDS)
    if unknown:
        raise ParameterError(f"{where}: unknown key(s) {unknown}; accepted keys are {list(FURNITURE_KINDS)}")
    return FurniturePatterns(
        page_number=_compile_kind(data.get("page_number"), kind="page_number", where=where),
        stamp=_compile_kind(data.get("stamp"), kind="stamp", where=where),
        initials=_compile_kind(data.get("initials"), kind="initials", where=where),
        web_chrome=_compile_kind(data.get("web_chrome"), kind="web_chrome", where=where),
        closing=_compile_kind(data.get("closing"), kind="closing", where=where),
        menu=_compile_kind(data.get("menu"), kind="menu", where=where),
    )


@functools.cache
def _default_furniture() -> FurniturePatterns:
    resource = resources.files("ascc_analysis").joinpath("resources", "furniture.yaml")
    return _parse_furniture(yaml.safe_load(resource.read_text(encoding="utf-8")), where=str(resource))


def load_furniture_patterns(path: str | Path | None = None) -> FurniturePatterns:
    """Load the page-furniture patterns.

    Args:
        path: A YAML file with the keys of :data:`FURNITURE_KINDS`, each a list of whole-line regular
            expressions (matched case-insensitively). ``None`` loads the packaged
            ``ascc_analysis/resources/furniture.yaml``.

    Returns:
        The compiled patterns.

    Raises:
        ParameterError: The file is missing or unreadable, is not YAML, has an unknown key, or holds a value
            that is not a list of valid regular expressions.
    """
    if path is None:
        return _default_furniture()
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ParameterError(f"{path}: cannot read the furniture file ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise ParameterError(f"{path}: not a valid YAML file: {error}") from None
    return _parse_furniture(data, where=str(path))


def _clean_line(line: str) -> str:
    return " ".join(line.split())


def _header_key(line: str) -> str:
    """Key under which running headers/footers are compared: case-folded, digits folded to '#'."""
    return re.sub(r"\d+", "#", line.casefold())


def _may_be_header(line: str) -> bool:
    return (
        4 <= len(line) <= _HEADER_MAX_CHARS
        and PARAGRAPH_LABEL_RE.match(line) is None
        and SUB_ITEM_LABEL_RE.match(line) is None
        and BULLET_RE.match(line) is None
        and not _SENTENCE_END_RE.search(line)
        and not is_body_start(line)
    )


def _edge_positions(page: Sequence[str]) -> list[int]:
    """Indexes of the first and last few non-blank lines of a page."""
    filled = [index for index, line in enumerate(page) if line]
    return sorted(set(filled[:_HEADER_EDGE_LINES] + filled[-_HEADER_EDGE_LINES:]))


def _repeated_edge_lines(pages: Sequence[Sequence[str]]) -> set[tuple[int, int]]:
    """(page, line) positions of running headers/footers: short edge lines repeated on half the pages or more."""
    key_to_pages: dict[str, set[int]] = {}
    for page_no, page in enumerate(pages):
        for index in _edge_positions(page):
            if _may_be_header(page[index]):
                key_to_pages.setdefault(_header_key(page[index]), set()).add(page_no)
    repeated = {key for key, seen in key_to_pages.items() if len(seen) >= 2 and 2 * len(seen) >= len(pages)}
    positions = set()
    for page_no, page in enumerate(pages):
        top = set(_edge_positions(page)[:_HEADER_EDGE_LINES]) if page_no == 0 else set()
        for index in _edge_positions(page):
            if index not in top and _header_key(page[index]) in repeated:
                positions.add((page_no, index))
    return positions


def _repeated_lines(lines: Sequence[str], *, min_repeats: int) -> set[int]:
    """Indexes of short lines repeated at least ``min_repeats`` times (headers in text without page breaks)."""
    counts = Counter(_header_key(line) for line in lines if _may_be_header(line))
    repeated = {key for key, count in counts.items() if count >= min_repeats}
    first_filled = [index for index, line in enumerate(lines) if line][:_HEADER_EDGE_LINES]
    return {
        index
        for index, line in enumerate(lines)
        if line and index not in first_filled and _header_key(line) in repeated
    }


def _closing_start(lines: Sequence[str], patterns: FurniturePatterns) -> int:
    """Index of the line that opens a site's closing boilerplate after the body has started (``len(lines)`` if
    none)."""
    if not patterns.closing:
        return len(lines)
    body_started = False
    for index, line in enumerate(lines):
        if body_started and line and patterns.opens_closing(line):
            return index
        body_started = body_started or is_body_start(line)
    return len(lines)


def _menu_lines(lines: Sequence[str], patterns: FurniturePatterns) -> set[int]:
    """Indexes of the lines of a site's menu: runs of at least :data:`MENU_MIN_LINES` menu entries in a row (blank
    lines between them do not break a run)."""
    if not patterns.menu:
        return set()
    found: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, "\x00"]):  # a sentinel line closes the last run
        if not line:
            continue
        if patterns.is_menu_entry(line):
            run.append(index)
            continue
        if len(run) >= MENU_MIN_LINES:
            found.update(run)
        run = []
    return found


def remove_page_furniture(text: str, *, patterns: FurniturePatterns | None = None, min_repeats: int = 3) -> str:
    """Drop lines that are page furniture rather than statement text.

    Removed, always as whole lines (a line is compared after stripping and collapsing spaces):

    - lines matching a pattern of ``patterns`` (page numbers, lone stamps such as "Adopted"/"FINAL"/"Draft",
      initials lines, web chrome such as "Download the full statement here", breadcrumbs, "Share this", view
      counts, a photo caption ending in its credit: "Participants at the meeting (Photo: …)", a site's link bar:
      "Printable Version", "Mail to Friend", "<< Previous page");
    - a site's navigation menu: at least :data:`MENU_MIN_LINES` lines in a row that are menu entries ("Member
      Countries", "Press Room", "Press Release", "Publications"); an entry alone on its line is kept (a heading
      or a title line can read like one);
    - a site's closing boilerplate: from a line matching a ``closing`` pattern (``"- ABOUT ASEAN The Association of
      Southeast Asian Nations, or ASEAN, was established on …"``, ``"About ASEAN"`` alone, or ``"- ABOUT"`` where
      the page was cut), or of a blog's comment form (``"Leave a Reply"``, ``"Your email address will not be
      published."``), or a news page's tag label alone on its line (``"Tags :"``), to the end of the text, once a
      line before it opened the statement's body (:func:`is_body_start`): a site menu above the statement is not its
      end;
    - running headers and footers: short lines (4 to 100 characters; not a numbered, lettered or bulleted item;
      not ending a sentence; not a line that :func:`is_body_start` accepts) compared with digits and case
      ignored. With page breaks (form feeds, as the PDF reader emits them), such a line among the first or last
      two lines of a page, repeated at the edges of at least two pages and at least half of them; its
      occurrences at the top of page 1 are kept (usually the title). With or without page breaks, such a line
      repeated ``min_repeats`` times or more anywhere (occurrences in the first two lines of the text are
      kept).

    Page breaks become plain line breaks, so a paragraph running over a page is re-joined by
    :func:`join_broken_lines`.

    Args:
        text: Text after :func:`fix_unicode`.
        patterns: Whole-line patterns; ``None`` uses the packaged ``resources/furniture.yaml``.
        min_repeats: Repetitions that make a short line a header when the text has no page breaks.

    Returns:
        The text without furniture lines, with page breaks turned into line breaks.

    Raises:
        ParameterError: ``min_repeats`` is below 2.
    """
    if min_repeats < 2:
        raise ParameterError(f"min_repeats must be 2 or more, got {min_repeats}")
    patterns = load_furniture_patterns() if patterns is None else patterns
    pages = [[_clean_line(line) for line in page.split("\n")] for page in text.split("\f")]
    positions = [(page_no, index) for page_no, page in enumerate(pages) for index in range(len(page))]
    lines = [pages[page_no][index] for page_no, index in positions]
    headers = _repeated_edge_lines(pages) if len(pages) > 1 else set()
    headers |= {positions[index] for index in _repeated_lines(lines, min_repeats=min_repeats)}
    headers |= {positions[index] for index in _menu_lines(lines, patterns)}
    closing = _closing_start(lines, patterns)
    kept: list[str] = []
    n_dropped = sum(1 for line in lines[closing:] if line)
    for position, line in zip(positions[:closing], lines[:closing], strict=True):
        if line and (position in headers or patterns.matches(line)):
            n_dropped += 1
            continue
        kept.append(line)
    if n_dropped:
        logger.debug("removed %d furniture line(s)", n_dropped)
    return "\n".join(kept)


# --------------------------------------------------------------------------------------------------------------
# 3. Broken lines
# --------------------------------------------------------------------------------------------------------------


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END_RE.search(line))


def _starts_list_item(line: str) -> bool:
    return bool(SUB_ITEM_LABEL_RE.match(line) or BULLET_RE.match(line))


def _is_label_only(block: Sequence[str]) -> bool:
    """True for a block holding nothing but a paragraph number or list label ("7." on its own line)."""
    return len(block) == 1 and bool(PARAGRAPH_LABEL_RE.fullmatch(block[0]) or SUB_ITEM_LABEL_RE.fullmatch(block[0]))


def _group_lines(lines: Iterable[str]) -> list[str]:
    """Lines kept as lines; runs of blank lines become one block boundary."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if line:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return ["\n".join(group) for group in groups if group]


_INLINE_NUMBER_RE = re.compile(r"(?<=[ \t])(?P<no>\d{1,3})\.[ \t]+(?=[\"'(]?(?P<word>[A-Z][A-Za-z]*))")
"""A paragraph number inside a line, followed by a capitalised word: ``"… Myanmar. 2. The Ministers …"``."""
_INLINE_MIN_WORDS = 3
"""Fewest words before a paragraph number inside a line (a sentence, not a stray "Annex A. 2.")."""
_INLINE_LIST_START_RE = re.compile(r"(?<![\w.])1[.)][ \t]")
_ABBREVIATIONS = frozenset(
    {
        "no", "nos", "art", "para", "paras", "vol", "dr", "mr", "mrs", "ms", "prof", "st", "sec", "sect", "ch",
        "chap", "fig", "p", "pp", "rev", "sr", "jr", "gen", "lt", "col", "capt", "hon", "amb", "cf", "vs", "viz",
        "approx", "ref", "tel", "op", "ed", "eds", "rtd",
    }
)  # fmt: skip
"""Words whose full stop ends an abbreviation, not a sentence (``"No. 2. The"``, ``"H.E. Dr. 2"``)."""
_MONTHS = frozenset(
    {
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    }
)  # fmt: skip


def ends_with_sentence(text: str) -> bool:
    """Tell whether ``text`` ends a sentence: with ``. ! ?`` (a closing quote or bracket may follow) after a word that
    is no abbreviation or initial (``"No."``, ``"Dr."``, ``"H.E."``).

    Args:
        text: A line or block, stripped.

    Returns:
        True if its last word closes a sentence.
    """
    if not _FULL_STOP_END_RE.search(text):
        return False
    stem = text.split()[-1].rstrip(".!?\"')]")
    return len(stem) > 1 and "." not in stem and stem.lower() not in _ABBREVIATIONS


def _without_label(text: str) -> str:
    label = PARAGRAPH_LABEL_RE.match(text)
    return text[label.end() :] if label is not None else text


def _inline_number_start(line: str, expected: int, *, label_end: int, before: str) -> int | None:
    """Where paragraph ``expected`` starts inside ``line`` (a page flattened to one line), or None.

    The number must follow the end of a sentence (not an abbreviation: ``"No. 2."``, ``"H.E. Dr. 2"``), open a
    capitalised word that is not a month (``"2. October"``), and close a sentence of three words or more since the
    paragraph's start (``label_end``); a paragraph that holds an inline list numbered from 1 (in ``before``, its earlier
    lines, or in ``line``) is not split: its numbers are the list's. ``expected`` 1 is an unnumbered lead: the
    number looked for is then 2, and only when 3 follows in the line too.
    """
    wanted = 2 if expected == 1 else expected
    for match in _INLINE_NUMBER_RE.finditer(line, label_end):
        if int(match.group("no")) != wanted or match.group("word") in _MONTHS:
            continue
        preceding = line[label_end : match.start()].rstrip()
        if (
            ends_with_sentence(preceding)
            and len(f"{before} {preceding}".split()) >= _INLINE_MIN_WORDS
            and not _INLINE_LIST_START_RE.search(f"{before} {preceding}")
            and (expected > 1 or _inline_number_start(line, 3, label_end=match.end(), before="") is not None)
        ):
            return match.start()
    return None


def _breaks_between_sentences(previous: str, line: str) -> bool:
    """Whether the line break between two lines falls between sentences: ``previous`` ends a sentence (not after
    an abbreviation or initial: ``"H.E. Dr."``) or a clause introducing what follows (``":"``), and ``line`` opens a
    sentence (a capital, a digit, a quote) or a list item (a label, a bullet); or ``previous`` ends a list item
    (``";"``, ``"; and"``) and ``line`` opens the next (a label, a bullet, a paragraph number)."""
    if ends_with_sentence(previous) or previous.endswith(":"):
        return bool(_LINE_OPENS_SENTENCE_RE.match(line) or _starts_list_item(line))
    if _LIST_CONTEXT_END_RE.search(previous):
        return bool(_starts_list_item(line) or PARAGRAPH_LABEL_RE.match(line))
    return False


_RUNS_ON_RE = re.compile(
    r"(?:[,(/&–-]|\b(?:the|a|an|of|to|and|or|in|on|at|by|for|from|with|as|that|which|its|their|this|these))$"
)
"""The end of a line that cannot end a paragraph: a comma, an opening bracket, a dash, an article, a preposition or a
conjunction (``"… the ASEAN Declaration on the"``)."""
_URL_END_RE = re.compile(r"(?:https?://|www\.)\S+$")
_OPENS_WORD_RE = re.compile(r"[\"']?[A-Z][A-Za-z]*[ \t]")


def _ends_link_list(block: Sequence[str], line: str) -> bool:
    """Whether a line ends a list of links: the last list item of ``block`` (the lines of the block so far) ends in a
    web address, read with its wrapped lines joined (``"- 12th Meeting: https://example.org/statement-of-the-"``
    then ``"twelfth-meeting/"``), and ``line`` opens a sentence with a word (not a bullet, a label or the rest of an
    address: ``"The Ministry organised …"``)."""
    if not _OPENS_WORD_RE.match(line) or _starts_list_item(line):
        return False
    item = next((index for index in range(len(block) - 1, -1, -1) if _starts_list_item(block[index])), None)
    return item is not None and bool(_URL_END_RE.search("".join(block[item:])))


def _gives_paragraphs_as_lines(lines: Sequence[str]) -> bool:
    """Whether the body ``lines`` come from a page that gives each paragraph as one line, separated by single line
    breaks, rather than text wrapped into lines (a PDF's).

    Decided for the whole text, from its single line breaks (two lines with no blank line between them): at least
    :data:`_UNWRAPPED_MIN_BREAKS` of them fall between sentences (:func:`_breaks_between_sentences`) and at most
    :data:`_UNWRAPPED_RUN_ON_SHARE` of them run on inside a sentence. Wrapped text breaks most of its lines
    mid-sentence (``"… the ASCC Post-2025"`` / ``"Strategic Plan …"``); a news page's one-line paragraphs end every
    line with a sentence, whatever their length (``"… via video conferencing yesterday."`` / ``"The 26th …"``). The
    break after the body's first line does not count when it runs on into a line that opens a sentence and the
    first line is no numbered paragraph: a photo caption or a headline above the lead (``"… delivers his speech at
    the dinner"`` / ``"KUCHING, April 24 (Bernama) -- …"``) is the title rules' to judge, and wrapped text breaks
    most of its other lines mid-sentence anyway.
    """
    n_between = n_run_on = 0
    first = True
    for previous, line in itertools.pairwise(lines):
        if previous and line:
            if _breaks_between_sentences(previous, line):
                n_between += 1
            elif not (first and _LINE_OPENS_SENTENCE_RE.match(line) and not PARAGRAPH_LABEL_RE.match(previous)):
                n_run_on += 1
        if previous:
            first = False
    return n_between >= _UNWRAPPED_MIN_BREAKS and n_run_on <= _UNWRAPPED_RUN_ON_SHARE * (n_between + n_run_on)


def _gives_paragraphs_as_blank_separated_lines(lines: Sequence[str]) -> bool:
    """Whether the body ``lines`` come from a page that gives each paragraph as one line with a blank line between
    paragraphs (a news page, an article copied from one).

    Decided for the whole text: no two non-blank lines follow each other (wrapped text, or paragraphs separated by
    single line breaks), at least :data:`_UNWRAPPED_MIN_BREAKS` blank-line breaks fall between sentences
    (:func:`_breaks_between_sentences`) and at most :data:`_BLANK_SEPARATED_RUN_ON_SHARE` of them do not (a
    paragraph that lost its full stop); the break after a heading (:func:`is_standalone_heading`) counts neither
    way. A PDF extraction with a blank line after every wrapped line breaks most of them inside a sentence.
    """
    n_between = n_run_on = 0
    previous = ""
    blank_before = False
    for raw_line in lines:
        line = raw_line.strip()
        if not line:
            blank_before = True
            continue
        if previous:
            if not blank_before:
                return False
            if _breaks_between_sentences(previous, line):
                n_between += 1
            elif not is_standalone_heading(previous):  # a heading's break is neither
                n_run_on += 1
        previous, blank_before = line, False
    return n_between >= _UNWRAPPED_MIN_BREAKS and n_run_on <= _BLANK_SEPARATED_RUN_ON_SHARE * (n_between + n_run_on)


def _gives_paragraphs_as_one_line_each(lines: Sequence[str]) -> bool:
    """Whether the body ``lines`` give each paragraph as one line, separated by single line breaks
    (:func:`_gives_paragraphs_as_lines`) or by blank lines (:func:`_gives_paragraphs_as_blank_separated_lines`)."""
    return _gives_paragraphs_as_lines([line.strip() for line in lines]) or _gives_paragraphs_as_blank_separated_lines(
        lines
    )


def _next_filled(lines: Sequence[str]) -> list[int | None]:
    """For each line, the index of the next non-blank line after it (None after the last)."""
    following: list[int | None] = [None] * len(lines)
    upcoming: int | None = None
    for index in range(len(lines) - 1, -1, -1):
        following[index] = upcoming
        if lines[index]:
            upcoming = index
    return following


def _heads_next_paragraph(
    line: str, *, previous: str, expected: int, next_line: int | None, numbers: list[int]
) -> bool:
    """Whether ``line`` is a section heading on a line of its own between two paragraphs: after a sentence end,
    before the label of the next paragraph (``expected``) or of a section that restarts the numbering at 1.

    ``next_line`` is the index of the next non-blank line, ``numbers`` the paragraph label numbers of the lines
    (0 for none).
    """
    if next_line is None or not numbers[next_line]:
        return False
    number, later = numbers[next_line], numbers[next_line + 1 :]
    opens_paragraph = number == expected or restarts_numbering(number, heading=line, later=later)
    return opens_paragraph and is_standalone_heading(line) and ends_with_sentence(previous)


def label_wide_numbers(text: str) -> str:
    """Write a bare paragraph number set off by wide spacing as a label: ``"2       Attended by …"`` (a release that
    numbers its paragraphs without full stops) becomes ``"2. Attended by …"``. Other lines are unchanged."""
    return "\n".join(
        f"{wide.group('no')}. {line[wide.end() :]}" if (wide := _WIDE_LABEL_RE.match(line)) else line
        for line in text.split("\n")
    )


def join_broken_lines(text: str) -> str:
    """Re-join lines broken inside a paragraph; one blank line between blocks.

    The title block (the lines before the first line accepted by :func:`is_body_start`) keeps its lines as
    lines (runs of blank lines inside it become one blank line). In the body, a line starts a new block when:

    - it begins with the *next* paragraph number in sequence (``"7. "``, or ``"7.The"`` typed without a space,
      after paragraph 6; ``"16th Meeting"``, ``"2024."``, ``"2.5 per cent"`` or a number out of sequence never
      do), or with ``"2. "`` after an unnumbered lead paragraph, or
      with a number a little ahead after a sentence end (the source lost a number: :func:`continues_numbering`),
      or with ``"1. "`` right after a section heading that is a block of its own (:func:`restarts_numbering`);
    - inside a line, at the next paragraph number after a sentence end (a page flattened to one line:
      ``"… Lao PDR. 2. The Ministers …"``); not after an abbreviation or an initial (``"No. 2."``, ``"Dr. 2"``),
      not before a month (``"2. October"``) or a lowercase word, not in a paragraph holding an inline list from
      ``"1."``; after an unnumbered lead, ``"2."`` only when ``"3."`` follows in the line too;
    - it begins with a list label (``"a."``, ``"b)"``, ``"(i)"``, ``"(iv)"``, ``"(2)"``) or a bullet, and the
      previous line ended a list item with ``";"``, ``":"`` or ``"; and"`` (a ``"(iv)"`` continuing an inline
      list after ``", and"`` is joined);
    - it begins with an ALL-CAPS preamble verb (``"RECALLING the …"``), or with one or two words in capitals and
      lowercase text after a preamble clause ending in ``";"`` or ``","`` (``"SUPPORTIVE of …"``, ``"FULLY AWARE
      that …"``: :func:`opens_preamble_clause`);
    - it is a section heading standing on its own line (:func:`is_standalone_heading`) after a line that ended a
      sentence and before the next paragraph's label or a section's ``"1. "`` (``"… is attached."``, ``"Unity in
      Health Emergencies"``, ``"3. The Ministers …"``), once a paragraph was numbered; the label after it then
      starts a block too;
    - it follows a blank line and the block before it ended a sentence (``. ! ? ; :``), or, on a page that gives
      each paragraph as one line between blank lines (:func:`_gives_paragraphs_as_blank_separated_lines`), it opens
      with a capital after a block that lost its full stop (``"… of the Synthetic Community 2099"`` then ``"It was
      organised …"``), unless that block ends in a comma, a dash, an article, a preposition or a conjunction, or is
      the first block of the body (a line above the lead is the title rules' to judge: :func:`title_line_count`);
    - it opens a sentence with a word after a list item ending in a web address (``"- 12th Meeting:
      https://…/"`` then ``"The Ministry organised …"``): the list of links has ended;
    - it starts with a capital (after an opening quote if any: ``"\"One ASEAN …"``) after a line of 200 characters
      or more that ended a sentence: a page that gives each paragraph as one line and separates them by single line
      breaks (no wrapped line is that long);
    - it opens a sentence or a labelled list item after a line that ended a sentence, on a page that gives each
      paragraph as one line, whatever the lines' length (``"… via video conferencing yesterday."`` then ``"The
      26th Meeting was hosted by …"``; ``"… led by Thailand."`` then ``"ii) Establishing …"``). That is decided
      for the whole body: at least three single line breaks fall between sentences and at most one in ten runs
      on inside a sentence; wrapped text (a PDF's) breaks most lines mid-sentence and keeps being joined. A bullet
      line after a sentence stays with the line before it (``"iv) Establishing …"`` then ``"- Serving as …"``: the
      item's own elaboration).

    Any other line is joined to the block before it with one space (a line ending in a hyphen included; see
    :func:`repair_hyphenation`), and so is every line after a label standing alone on its line (``"7."`` then
    a blank line then the paragraph's text).

    Args:
        text: Text after :func:`remove_page_furniture` (form feeds, if any, are read as line breaks).

    Returns:
        Blocks separated by exactly one blank line, single spaces, ending with ``"\\n"`` (``""`` if no text).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = [_clean_line(line) for line in text.split("\n")]
    n_title = title_line_count(lines)
    blocks = _group_lines(lines[:n_title])
    n_title_blocks = len(blocks)
    current: list[str] = []
    last_no = 0
    blank_before = False
    body = lines[n_title:]
    line_numbers = [int(label.group("no")) if (label := PARAGRAPH_LABEL_RE.match(line)) else 0 for line in body]
    next_filled = _next_filled(body)
    one_line_paragraphs = _gives_paragraphs_as_lines(body)
    blank_separated_paragraphs = _gives_paragraphs_as_blank_separated_lines(body)
    for index, body_line in enumerate(body):
        if not body_line:
            blank_before = bool(current)
            continue
        pending = [body_line]  # the line, then what follows a paragraph number inside it
        while pending:
            line = pending.pop()
            number = PARAGRAPH_LABEL_RE.match(line)
            # the next number; or 2 after an unnumbered lead (a release numbering its paragraphs from the second);
            # or a number a little ahead after a sentence end (the source lost one); or 1 under a section heading
            is_next_number = number is not None and (
                int(number.group("no")) == last_no + 1
                or (last_no == 0 and int(number.group("no")) == 2 and (bool(current) or len(blocks) > n_title_blocks))
                or continues_numbering(
                    int(number.group("no")),
                    last_no + 1,
                    previous=current[-1] if current else "",
                    later=line_numbers[index + 1 :],
                )
                or (
                    last_no >= 1
                    and len(current) == 1
                    and restarts_numbering(int(number.group("no")), heading=current[0], later=line_numbers[index + 1 :])
                )
            )
            # a page flattened to one line: "… Myanmar. 2. The Ministers …" continues the numbering inside the line
            opened = int(number.group("no")) if is_next_number and number is not None else None
            inline = _inline_number_start(
                line,
                opened + 1 if opened is not None else last_no + 1,
                label_end=number.end() if opened is not None and number is not None else 0,
                before="" if opened is not None else _without_label(" ".join(current)),
            )
            if inline is not None:
                pending.append(line[inline:])
                line = line[:inline].rstrip()
            if current and not _is_label_only(current):
                previous = current[-1]
                starts_block = (
                    is_next_number
                    or (_starts_list_item(line) and bool(_LIST_CONTEXT_END_RE.search(previous)))
                    or opens_preamble_clause(line, previous=f"{current[0]} {previous}")
                    or (
                        last_no >= 1
                        and line == body_line
                        and _heads_next_paragraph(
                            line,
                            previous=previous,
                            expected=last_no + 1,
                            next_line=next_filled[index],
                            numbers=line_numbers,
                        )
                    )
                    or (blank_before and _ends_sentence(previous))
                    or (
                        blank_before
                        and blank_separated_paragraphs
                        and len(blocks) > n_title_blocks
                        and bool(_OPENS_CAPITAL_RE.match(line))
                        and not _RUNS_ON_RE.search(previous)
                    )
                    or _ends_link_list(current, line)
                    or (len(previous) >= _LONG_LINE and _ends_sentence(previous) and _OPENS_CAPITAL_RE.match(line))
                    or (
                        one_line_paragraphs
                        and _breaks_between_sentences(previous, line)
                        and BULLET_RE.match(line) is None
                    )
                )
                if starts_block:
                    blocks.append(" ".join(current))
                    current = []
            if is_next_number and not current:
                last_no = int(number.group("no"))  # type: ignore[union-attr]
            current.append(line)
            blank_before = False
    if current:
        blocks.append(" ".join(current))
    return "\n\n".join(blocks) + "\n" if blocks else ""


# --------------------------------------------------------------------------------------------------------------
# 4. Hyphenation
# --------------------------------------------------------------------------------------------------------------

_HYPHEN_BREAK_RE = re.compile(
    r"(?P<left>\b\w+)-"
    r"(?:[ \t]*\n[ \t]*"  # a line break, unless the next line opens a paragraph or a list item
    r"(?!\d{1,3}[.)](?:\s|$)|(?:\((?:[a-z]|[ivxl]{1,6}|\d{1,2})\)|(?:[a-z]|[ivxl]{1,6})[.)])\s)"
    r"|[ \t]+)"  # or spaces
    r"(?=(?P<right>\w+))"
)
_SUSPENDED_HYPHEN_NEXT = frozenset({"and", "or", "nor", "to", "as", "but", "versus", "vs"})
_SUFFIX_FRAGMENTS = frozenset(
    {
        "ment", "ments", "mental", "mentation", "tion", "tions", "sion", "sions", "ation", "ations", "ization",
        "isation", "cation", "tation", "ness", "ity", "ities", "ance", "ances", "ence", "ences", "ing", "ings",
        "ly", "ally", "able", "ible", "ised", "ized", "ise", "ize", "ising", "izing", "ional", "ive",
        "ives", "ively", "ous", "ously", "ship", "ships", "hood", "ful", "less", "ure", "ures", "ency",
        "ancy", "ant", "ants", "ent", "ents", "ial", "ic", "ical", "ically", "ism", "ist", "ists",
    }
)  # fmt: skip


_WORD_RUN_RE = re.compile(r"\w+")
_HYPHENATED_PAIR_RE = re.compile(r"\b(?=(\w+)-(\w+)\b)")


@dataclass(frozen=True)
class _Spellings:
    """The words of a text and its hyphenated word pairs, lower-cased: indexed once, so that deciding every
    broken hyphen costs a look-up, not a search of the whole text (linear, not quadratic, in the text's length)."""

    words: frozenset[str]
    hyphenated: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, text: str) -> _Spellings:
        lowered = text.lower()
        return cls(
            words=frozenset(_WORD_RUN_RE.findall(lowered)),
            hyphenated=frozenset((match.group(1), match.group(2)) for match in _HYPHENATED_PAIR_RE.finditer(lowered)),
        )


def _drops_hyphen(left: str, right: str, spellings: _Spellings) -> bool:
    """Decide whether a broken ``left-`` + ``right`` is one word split by the line end (hyphen dropped)."""
    if not (left.isalpha() and left.islower() and right.isalpha() and right.islower()):
        return False
    if right in _SUFFIX_FRAGMENTS:
        return True
    joined = f"{left}{right}" in spellings.words
    hyphenated = (left, right) in spellings.hyphenated
    return joined and not hyphenated


def repair_hyphenation(text: str) -> str:
    """Repair words split at a line end after a hyphen.

    A hyphen directly after a word and followed by a line break or by spaces, then by another word
    (``"develop-\\nment"``, ``"develop- ment"``, ``"survivor- centered"``, ``"Timor-\\nLeste"``) is a line-break
    artefact. The rule is conservative:

    - the break (line end or spaces) is always removed, the hyphen kept: ``"survivor-centered"``,
      ``"Timor-Leste"``, ``"Post-2025"``, ``"multi-sectoral"``;
    - the hyphen is dropped as well only when both sides are lowercase letters and either the second part is a
      word ending that is not a word on its own (``ment``, ``tion``, ``ness``, ``ity``, ``ing``, ...) or the
      text spells the joined word elsewhere and never the hyphenated one: ``"develop- ment"`` →
      ``"development"``;
    - a suspended hyphen before a conjunction is left alone: ``"short- and long-term"``, ``"pre- or post-"``.

    A spaced dash (``"2025 - 2030"``) or an en dash is never touched, and a line break is kept when the next line
    starts with a paragraph number or a list label (``"7. "``, ``"(b) "``).

    Args:
        text: Text, usually after :func:`join_broken_lines`.

    Returns:
        The text with broken hyphenation repaired.
    """

    spellings: _Spellings | None = None  # indexed at the first broken hyphen that needs it

    def replace(match: re.Match[str]) -> str:
        nonlocal spellings
        left, right = match.group("left"), match.group("right")
        if right.lower() in _SUSPENDED_HYPHEN_NEXT:
            return match.group(0)
        if spellings is None:
            spellings = _Spellings.of(text)
        return left if _drops_hyphen(left, right, spellings) else f"{left}-"

    return _HYPHEN_BREAK_RE.sub(replace, text)


# --------------------------------------------------------------------------------------------------------------
# Pipeline
# --------------------------------------------------------------------------------------------------------------


def normalise_text(raw: str) -> str:
    """Normalise the raw extracted text of a statement.

    Applies :func:`fix_unicode`, :func:`label_wide_numbers`, :func:`separate_glued_ordinals`,
    :func:`remove_page_furniture` (packaged patterns),
    :func:`repair_hyphenation`,
    :func:`join_broken_lines` and :func:`repair_hyphenation` again, in that order. Hyphenation is repaired first
    so that title lines broken after a hyphen are re-joined before the title block is found (which keeps the
    result stable), and again after joining, for words broken across a blank line that joining turned into
    ``"word- word"``. The result follows the module's output convention and is a fixed point:
    ``normalise_text(normalise_text(raw)) == normalise_text(raw)``.

    Args:
        raw: Text as a reader extracted it.

    Returns:
        The normalised text (``""`` when nothing but whitespace and furniture was given).
    """
    text = separate_glued_ordinals(label_wide_numbers(fix_unicode(raw)))
    text = remove_page_furniture(text)
    text = repair_hyphenation(text)
    text = join_broken_lines(text)
    return repair_hyphenation(text)
