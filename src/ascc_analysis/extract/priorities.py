"""Chairmanship priorities stage: paragraphs + documents → ``priorities``.

Finds, in each statement, the ASEAN Chairmanship theme and the priority areas the statement lists, for example
"the 'Enhancing Connectivity' priority areas: (i) …, (ii) …". Rules (all on the text of paragraph and preamble rows,
in reading order; sub-item rows are not used because a paragraph's text includes its sub-items):

Theme
    The first quoted phrase (straight or curly quotes) or ALL-CAPS phrase right after "theme", "theme of",
    "theme for 2025" or "themed" ("with the theme 'X'", "under the theme of 'X'", "themed 'X'", "theme: X"), in a
    sentence that mentions the Chair or Chairmanship before it; failing that, a quoted or ALL-CAPS phrase right
    after "Chairmanship" (only a year, a country name or "of the" between, as in "Chairmanship 2025, 'Inclusivity
    and Sustainability'"). An ALL-CAPS phrase needs two words besides acronyms such as ASEAN. If the text states no
    theme, the theme of the year's chairmanship is taken from ``chairmanships``; else null.

Lists
    Inline lists "(i) … (ii) …", "(a) … (b) …", "(1) … (2) …", and lists whose items start a line or follow a colon
    or semicolon ("a. …;", "b) …;", "iv. …", "• …"). Markers must run in sequence from the first (i, a, 1); a marker
    out of sequence starts a new list if it is a first one and is ignored otherwise. A list needs two items. An item
    runs to the next marker; the last runs to the first ";", sentence-ending "." or line break.

Priorities
    A list is a list of priorities when its lead-in (the text from the start of its sentence, or from the end of the
    previous list in the same paragraph, to its first marker) says "priority"/"priorities" and the paragraph mentions
    the Chair or Chairmanship. The group is the quoted phrase just before "priority areas"/"priorities" in the
    lead-in ("the 'Enhancing Resilience' priority areas:"), else null. Priority texts are cleaned of line breaks and
    of trailing "and", "or", "as well as", ",", ";", ":" and ".". ``priority_no`` numbers the priorities of a
    statement from 1 in reading order; ``para_id`` is the paragraph's (not the sub-item's) id.

Chair
    ``documents.chair``; where it is null, the year's ``chair_country`` from ``chairmanships``.

The acronyms an ALL-CAPS theme may hold (``theme_acronyms``) live in the package resource
``resources/priorities.yaml``, read once through :mod:`ascc_analysis.rules`; the phrasings above are the grammar of
this module's regular expressions and stay in code.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from ascc_analysis.errors import SchemaError
from ascc_analysis.rules import read_rules, resource_path, words
from ascc_analysis.schemas import PRIORITIES, validate

log = logging.getLogger(__name__)

__all__ = ["ListItem", "MarkedList", "extract_priorities", "find_lists", "find_theme"]

_PARAGRAPH_COLUMNS = ("doc_id", "para_id", "seq", "level", "text")
_DOCUMENT_COLUMNS = ("doc_id", "year", "chair")
_CHAIRMANSHIP_COLUMNS = ("year", "chair_country", "theme")

# --- quoted and ALL-CAPS phrases --------------------------------------------------------------------------------
# A straight or curly single-quoted phrase may hold an apostrophe followed by a lower-case letter ("ASEAN's").
_QUOTED = (
    r"(?:“(?P<q1>[^”\n]{3,160})”"
    r"|\"(?P<q2>[^\"\n]{3,160})\""
    r"|‘(?P<q3>(?:[^’\n]|’(?=[a-z])){3,160})’"
    r"|'(?P<q4>(?:[^'\n]|'(?=[a-z])){3,160})')"
)
_CAPS_WORD = r"[A-Z][A-Z0-9.&'’-]*(?![a-z])"
_CAPS = rf"(?P<caps>{_CAPS_WORD}(?:[ ,:]+{_CAPS_WORD}){{1,14}})"
_THEME_INTRO = re.compile(rf"\b(?i:themed?)(?:\s+(?:of|for)(?:\s+\d{{4}})?)?\s*[:,]?\s*(?:{_QUOTED}|{_CAPS})")
_AFTER_CHAIRMANSHIP = re.compile(
    r"\b(?i:chairmanship)(?:\s+(?:of|the|in|\d{4}|[A-Z][a-z][\w'’-]*|PDR))*\s*[,:–-]?\s*" + rf"(?:{_QUOTED}|{_CAPS})"
)
_CHAIR = re.compile(r"\bchair", re.IGNORECASE)
PRIORITY_RULES_NAME = "priorities.yaml"


@functools.cache
def _theme_acronyms() -> frozenset[str]:
    """Acronyms that an ALL-CAPS run may hold without being a theme on their own (``resources/priorities.yaml``)."""
    path = resource_path(PRIORITY_RULES_NAME)
    raw = read_rules(path, keys=("theme_acronyms",), what="priority rules")
    return frozenset(word.upper() for word in words(raw["theme_acronyms"], path=path, key="theme_acronyms"))


# --- sentences and list markers ---------------------------------------------------------------------------------
# A sentence ends at . ! or ? before a space, except after a lone capital ("A.C.T.", initials).
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?](?=\s)")
_LAST_ITEM_END = re.compile(r";|(?<!\b[A-Z])\.(?=\s|$)|\n")
_MARKER = re.compile(
    r"\((?P<paren>[ivx]{1,5}|[a-z]|\d{1,2})\)"
    r"|(?:^|(?<=[\n:;]))[ \t]*(?P<line>[ivx]{1,5}|[a-z])[.)](?=\s)"
    r"|(?:^|(?<=\n))[ \t]*(?P<bullet>[•●▪◦])(?=\s)"
)
_PRIORITY_WORD = re.compile(r"\bpriorit(?:y|ies)\b", re.IGNORECASE)
_GROUP = re.compile(
    r"[“\"‘'](?P<group>[^“”\"‘’'\n]{2,100}?)[”\"’']\s*(?:priority\s+areas?|priorities)\b", re.IGNORECASE
)
_TRAILING_JUNK = re.compile(r"(?:\s*(?:[,;:.]|\band\b|\bor\b|\bas well as\b))+\s*$", re.IGNORECASE)
_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’"}


def _roman_values(limit: int = 39) -> dict[str, int]:
    numerals = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    values = {}
    for number in range(1, limit + 1):
        rest, text = number, ""
        for value, numeral in numerals:
            while rest >= value:
                text, rest = text + numeral, rest - value
        values[text] = number
    return values


_ROMAN = _roman_values()


@dataclass(frozen=True)
class ListItem:
    """One item of a marked list.

    Attributes:
        label: The marker as written without punctuation: "iv", "b", "3", "•".
        text: The item's text, cleaned.
        start: Offset of the marker in the paragraph text.
        end: Offset where the item's raw text ends.
    """

    label: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class MarkedList:
    """A run of list items in one paragraph.

    Attributes:
        kind: The marker style, such as ``paren-roman`` or ``line-alpha``.
        lead_in: The text before the first marker (from the start of its sentence or the end of the previous list).
        items: The items, in order.
    """

    kind: str
    lead_in: str
    items: tuple[ListItem, ...]

    @property
    def end(self) -> int:
        return self.items[-1].end


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _clean_item(text: str) -> str:
    """Collapse spaces; drop trailing "and", "or", "as well as" and punctuation; drop quotes around the whole."""
    text = _TRAILING_JUNK.sub("", _collapse(text)).strip()
    if len(text) > 1 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        text = text[1:-1].strip()
    return text


def _clean_theme(text: str) -> str:
    return _collapse(text).strip(" ,.;:")


def _candidates(match: re.Match[str]) -> list[tuple[str, int]]:
    """Possible (kind, ordinal) readings of a marker: "(i)" is roman 1 or letter 9."""
    if match.group("bullet"):
        return [("bullet", 0)]
    style, label = ("paren", match.group("paren")) if match.group("paren") else ("line", match.group("line"))
    readings = []
    if label.isdigit():
        readings.append((f"{style}-digit", int(label)))
    if label in _ROMAN:
        readings.append((f"{style}-roman", _ROMAN[label]))
    if len(label) == 1 and label.isalpha():
        readings.append((f"{style}-alpha", ord(label) - ord("a") + 1))
    return readings


def _sentence_start(text: str, position: int) -> int:
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, position):
        start = match.end()
    return start


def _label(match: re.Match[str]) -> str:
    return match.group("paren") or match.group("line") or match.group("bullet")


def _marker_runs(text: str) -> Iterator[tuple[str, list[re.Match[str]]]]:
    """Runs of markers that count up in sequence, each with its kind."""
    kind: str | None = None
    expected = 0
    run: list[re.Match[str]] = []
    for match in _MARKER.finditer(text):
        readings = _candidates(match)
        if kind is not None and any(
            reading_kind == kind and (ordinal == expected or kind == "bullet") for reading_kind, ordinal in readings
        ):
            run.append(match)
            expected += 1
            continue
        first = [reading_kind for reading_kind, ordinal in readings if ordinal in (0, 1)]
        if not first:
            continue
        if kind is not None:
            yield kind, run
        kind, expected, run = first[0], 2, [match]
    if kind is not None:
        yield kind, run


def find_lists(text: str) -> list[MarkedList]:
    """Marked lists in one paragraph (see the module docstring for the rules).

    Args:
        text: The paragraph text.

    Returns:
        The lists of two or more items, in order.
    """
    runs = [(kind, run) for kind, run in _marker_runs(text) if len(run) >= 2]
    lists: list[MarkedList] = []
    previous_end = 0
    for index, (kind, run) in enumerate(runs):
        limit = runs[index + 1][1][0].start() if index + 1 < len(runs) else len(text)
        items = []
        for position, marker in enumerate(run):
            if position + 1 < len(run):
                end = run[position + 1].start()
            else:
                terminator = _LAST_ITEM_END.search(text, marker.end(), limit)
                end = terminator.start() if terminator else limit
            items.append(ListItem(_label(marker), _clean_item(text[marker.end() : end]), marker.start(), end))
        lead_start = max(previous_end, _sentence_start(text, run[0].start()))
        lists.append(MarkedList(kind, text[lead_start : run[0].start()], tuple(items)))
        previous_end = items[-1].end
    return lists


def find_theme(text: str) -> str | None:
    """The Chairmanship theme stated in one paragraph, or None (see the module docstring for the rules).

    Args:
        text: The paragraph text.

    Returns:
        The theme as written, without its quotes and trailing punctuation.
    """
    for match in _THEME_INTRO.finditer(text):
        if _CHAIR.search(text, _sentence_start(text, match.start()), match.start()) and (theme := _phrase(match)):
            return theme
    for match in _AFTER_CHAIRMANSHIP.finditer(text):
        if theme := _phrase(match):
            return theme
    return None


def _phrase(match: re.Match[str]) -> str | None:
    """The quoted or ALL-CAPS phrase of a theme match; None for a caps run of acronyms only."""
    for group in ("q1", "q2", "q3", "q4"):
        if match.group(group):
            return _clean_theme(match.group(group)) or None
    caps = _clean_theme(match.group("caps"))
    words = [word.strip(".'’-") for word in re.split(r"[ ,:]+", caps) if word.strip(".'’-")]
    acronyms = _theme_acronyms()
    if sum(1 for word in words if word.upper() not in acronyms and sum(char.isalpha() for char in word) >= 2) < 2:
        return None
    return caps


def _require_columns(frame: pl.DataFrame, columns: tuple[str, ...], *, name: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise SchemaError(f"{name}: missing column(s) {missing}; extract_priorities needs {', '.join(columns)}")


def _by_year(chairmanships: pl.DataFrame | None) -> dict[int, tuple[str | None, str | None]]:
    if chairmanships is None:
        return {}
    _require_columns(chairmanships, _CHAIRMANSHIP_COLUMNS, name="chairmanships")
    years = chairmanships.get_column("year").drop_nulls()
    if years.n_unique() != years.len():
        duplicated = sorted(years.filter(years.is_duplicated()).unique().to_list())
        raise SchemaError(f"chairmanships: year(s) {duplicated} listed more than once; give one row per year")
    return {
        int(row["year"]): (row["chair_country"], row["theme"])
        for row in chairmanships.iter_rows(named=True)
        if row["year"] is not None
    }


def extract_priorities(
    paragraphs: pl.DataFrame, documents: pl.DataFrame, *, chairmanships: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The Chairmanship priority areas listed in each statement, with the theme and the chair.

    Args:
        paragraphs: The ``paragraphs`` table (at least ``doc_id``, ``para_id``, ``seq``, ``level``, ``text``).
        documents: The ``documents`` table (at least ``doc_id``, ``year``, ``chair``).
        chairmanships: One row per year with ``year``, ``chair_country`` and ``theme``
            (:func:`ascc_analysis.ingest.manifest.read_chairmanships`); fills a missing chair, and the theme where the
            statement states none. None to use the statements alone.

    Returns:
        The ``priorities`` table: one row per priority area, numbered from 1 within each statement. A statement
        without a priority list has no rows.

    Raises:
        SchemaError: An input frame lacks a column named above, or ``chairmanships`` lists a year twice.
    """
    _require_columns(paragraphs, _PARAGRAPH_COLUMNS, name="paragraphs")
    _require_columns(documents, _DOCUMENT_COLUMNS, name="documents")
    year_to_chairmanship = _by_year(chairmanships)
    doc_to_meta = {
        row["doc_id"]: (row["year"], row["chair"]) for row in documents.select(_DOCUMENT_COLUMNS).iter_rows(named=True)
    }
    candidates = (
        paragraphs.filter(pl.col("level") != "sub_item")
        .filter(pl.col("text").str.contains(r"(?i)priorit|theme|chair"))
        .sort("doc_id", "seq")
    )
    rows: list[dict[str, object]] = []
    for (doc_id,), doc_paragraphs in candidates.group_by("doc_id", maintain_order=True):
        year, chair = doc_to_meta.get(doc_id, (None, None))
        chair_fill, theme_fill = year_to_chairmanship.get(year, (None, None)) if year is not None else (None, None)
        theme: str | None = None
        found: list[tuple[str, str | None, str]] = []
        for para_id, text in doc_paragraphs.select("para_id", "text").iter_rows():
            theme = theme or find_theme(text)
            if not _CHAIR.search(text):
                continue
            for marked in find_lists(text):
                if not _PRIORITY_WORD.search(marked.lead_in):
                    continue
                groups = list(_GROUP.finditer(marked.lead_in))
                group = _collapse(groups[-1].group("group")) if groups else None
                found.extend((para_id, group, item.text) for item in marked.items if item.text)
        for number, (para_id, group, text) in enumerate(found, start=1):
            rows.append(
                {
                    "doc_id": doc_id,
                    "para_id": para_id,
                    "year": year,
                    "chair": chair if chair is not None else chair_fill,
                    "theme": theme if theme is not None else theme_fill,
                    "priority_group": group,
                    "priority_no": number,
                    "priority_text": text,
                }
            )
        log.debug("%s: %d priorities, theme %r", doc_id, len(found), theme)
    return validate(pl.DataFrame(rows, schema=PRIORITIES.schema), PRIORITIES)
