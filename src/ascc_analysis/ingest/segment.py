"""Paragraph segmentation: a normalised statement → title block, preamble, paragraphs and sub-items.

Stage ``segment``; it fills the ``paragraphs`` table (:data:`ascc_analysis.schemas.PARAGRAPHS`). Input is the
normalised text of :func:`ascc_analysis.ingest.normalise.normalise_text` (the ``documents.text`` column); every
:class:`Block` carries offsets into that text, with ``block.text == text[block.char_start:block.char_end]``.

Rules:

- **Title**: the lines before the first line that :func:`ascc_analysis.ingest.normalise.is_body_start` accepts,
  a page's headline or photo caption right above a dateline, or a caption ending in its photo credit, included
  (:func:`~ascc_analysis.ingest.normalise.title_line_count`).
- **Blocks**: the body is cut at blank lines.
- **Numbered paragraphs**: a block starting ``"N. "``, ``"N) "`` or ``"N."`` glued to a capital (``"4.The"``, as
  older statements were typed) opens paragraph N only when N is the next
  number in sequence (1, then 2, ...), so ``"2024."`` or a stray ``"16"`` never opens paragraph 16 unless 15 came
  before; or when N is ahead by at most :data:`~ascc_analysis.ingest.normalise.MAX_NUMBERS_LOST` (the source lost
  a number: ``"1."`` then ``"3."``), the block before it ends a sentence and no skipped number opens a later block
  (:func:`~ascc_analysis.ingest.normalise.continues_numbering`); ``para_no`` is then the number as printed.
  The paragraph's ``text`` starts after its label (``"7. "`` is not part of it) and runs to the end of the last
  block before the next paragraph (or section heading), so it includes its list items and any unnumbered
  continuation block (text split by a page break).
- **Sections with their own numbering**: a block ``"1. "`` right after a section heading
  (:func:`~ascc_analysis.ingest.normalise.is_section_heading`, a short line that ends no sentence) and followed by
  a block ``"2. "`` restarts the numbering (:func:`~ascc_analysis.ingest.normalise.restarts_numbering`); the
  section's paragraphs continue the count, so ids stay unique and in reading order: after ``p02``, the section's
  ``"1."`` and ``"2."`` are ``p03`` and ``p04`` (``para_no`` = the last number before the section + the printed
  number). The heading is a row of its own (see **Section headings**).
- **Section headings**: a block between two numbered paragraphs that is a section heading is a row of its own
  (level ``heading``, ``para_no`` the number of the paragraph it stands above, ids ``<doc_id>/h01``, ...), not
  the end of the paragraph before it: the heading of a section that restarts the numbering, or a block that
  reads as a heading on its own (:func:`~ascc_analysis.ingest.normalise.is_standalone_heading`: short,
  capitalised, no sentence end, no meeting subject or prose) right before a numbered paragraph, after a block
  that ends a sentence (``"… as attached."``, ``"Unity in Health Emergencies"``, ``"3. The Ministers …"``). A
  block after a colon (the document a list introduces), in lowercase, opening like a sentence or with a list label
  stays in its paragraph, and so does a heading-like block before paragraph 1 (a preamble block) or after the
  last paragraph.
- **Unnumbered lead**: a release that leaves its first paragraph unnumbered and numbers the rest from 2 (no
  ``"1. "`` before them, but ``"2. "`` and ``"3. "`` in sequence) has the prose block right before paragraph 2 as
  paragraph 1 (when it opens with a capital, also after a dateline's dash: ``"- Ministers …"``).
- **Preamble**: in a numbered statement, every block before paragraph 1 (``"We, the Ministers … met …"``,
  ``"RECALLING …;"``) is one preamble block: level ``preamble``, ``para_no`` 0, ids ``<doc_id>/pre01``, ...
- **Unnumbered statements** (no block ``"1. "``): paragraph numbers are inferred in block order
  (``is_numbered`` False). Blocks up to the last one opening a preamble clause are preamble (an ALL-CAPS
  preamble verb, or capitals then lowercase text after a clause ending in ``";"`` or ``","``: ``"SUPPORTIVE of
  …"``, see :func:`~ascc_analysis.ingest.normalise.opens_preamble_clause`); list items, bullets and blocks
  starting in lowercase continue the paragraph before them. A block that reads as a heading on its own
  (:func:`~ascc_analysis.ingest.normalise.is_standalone_heading`) between a paragraph ending a sentence and a
  block opening the next paragraph is a section heading row (level ``heading``, ``para_no`` the next paragraph's),
  as between numbered paragraphs.
- **Sub-items**: lists inside a paragraph, either one item per block (``"a. …;"``, ``"b) …"``, ``"(c) …"``) or
  inline (``"… areas: (i) …, (ii) …, and (iii) …;"``; also ``"(1)"`` and ``"(a)"``). A list starts at label
  ``a``, ``i`` or ``1`` and continues with the next label in sequence; lists may nest (``"(ii) …, including
  (a) … and (b) …;"`` then ``"(iii)"``); a list of one item is ignored (it is most likely a parenthesis, not a
  list), unless the item is a block of its own right after a block ending with a colon (``"… the following
  document:"`` then ``"a. …"``: a list, whether it has one item or the text was cut after the first). Blocks
  opening with a paragraph number that does not open a paragraph (out of sequence) are a digit list of the
  paragraph when the first, ``"1."``, comes right after a block ending with a colon (``"… highlighted the following
  in his Welcome Remarks:"`` then ``"1. The rapid …;"``, ``"2. The economic …"``: ids ``p03.1``, ``p03.2``). An
  item's text runs from after its label to the next item of its list in the same block, else to the end of its
  block (item blocks) or to the first ``";"`` or ``"."`` ending a clause (inline items); separators (``","``,
  ``";"``, ``"and"``, ``"or"``, final ``"."``) at its end are left out.
- **Ids** (:func:`block_ids`): ``<doc_id>/p07`` for paragraph 7, ``<doc_id>/p07.b`` for its item b,
  ``<doc_id>/pre01`` for the first preamble block, ``<doc_id>/h01`` for the first section heading. When a label
  repeats inside one paragraph (two inline lists ``(i)``–``(iv)`` and ``(i)``–``(v)``), the second occurrence gets
  a suffix: ``p02.i``, then ``p02.i-2`` (the ``sub_item`` column keeps the plain label ``"i"``).
- **No statement**: the text has no body line, or no numbered paragraph and no body block that mentions "The
  Meeting" (or "The meeting"), "the Meeting" or "the Conference" within a sentence ("During the Meeting, the Senior
  Officials discussed …"), "We, …", "Minister(s)", "Ministerial", "Senior Officials", "Leaders" or "Heads of" →
  :class:`~ascc_analysis.errors.InputError` with code ``no_statement``.
- **Too long**: a paragraph or preamble block longer than :data:`MAX_PARAGRAPH_CHARS` → ``InputError`` with code
  ``paragraph_too_long`` (a resource limit: extraction's work grows faster than a paragraph's length).

``seq`` numbers the blocks in reading order from 1 (a paragraph comes before its sub-items).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import polars as pl

from ascc_analysis.errors import InputError, SchemaError
from ascc_analysis.ingest.normalise import (
    BULLET_RE,
    PARAGRAPH_LABEL_RE,
    PREAMBLE_VERB_RE,
    SUB_ITEM_LABEL_RE,
    continues_numbering,
    ends_with_sentence,
    is_standalone_heading,
    opens_preamble_clause,
    restarts_numbering,
    title_line_count,
)
from ascc_analysis.schemas import PARAGRAPHS, validate

logger = logging.getLogger(__name__)

__all__ = ["Block", "BlockLevel", "Statement", "block_ids", "paragraphs_frame", "split_statement"]

BlockLevel = Literal["preamble", "heading", "paragraph", "sub_item"]
ListKind = Literal["alpha", "roman", "digit"]

# A block that reports a meeting: "The Meeting" (or "The meeting", as releases write it), "the Meeting" or "the
# Conference" anywhere in a sentence ("During the Meeting, the …"), "We, the …", ministers, senior officials,
# leaders, or the heads of a service or of delegations ("the ASEAN Heads of Civil Service convened").
MIN_PREAMBLE_CLAUSES = 2
"""Fewest blocks opening with an ALL-CAPS preamble verb that make a text statement text without any other marker
(a declaration's "RECALLING …", "REAFFIRMING …" clauses)."""
_STATEMENT_MARKER_RE = re.compile(
    r"\bThe [Mm]eetings?\b|\b[Tt]he (?:Meetings?|Conference)\b|\b(?:We|WE)(?:,| the\b| THE\b)|\bMinisters?\b"
    r"|\bMinisterial\b|\bSenior Officials\b|\bLeaders\b|\bHeads of\b"
    # a numbered meeting: "The 15th Meeting of the ASEAN Committee on Women", "the Fifth ASEAN Conference on ..."
    r"|\b[Tt]he (?:\d{1,3}(?:st|nd|rd|th)|[A-Z][a-z]+(?:st|nd|rd|th)) "
    r"(?:[A-Z][\w'’&+-]* ){0,6}?(?:Meeting|Conference)\b"
    # a meeting said to have been held: "... (ASOEN)'s 25th meeting and the other related meetings were held in ..."
    r"|\b[Mm]eetings?\b[^.\n]{0,100}?\b(?:was|were) (?:held|convened)\b"
)
_INLINE_LABEL_RE = re.compile(r"(?<![\w(])\((?P<label>[ivxl]{1,6}|[a-z]|\d{1,2})\)(?=\s)")
_CLAUSE_END_RE = re.compile(r"[;.](?=\s|$)")
_SEPARATOR_CHARS = " \t\n,;:."
_SEPARATOR_WORDS = ("and/or", "as well as", "and", "or")
_BLANK_LINES_RE = re.compile(r"\n[ \t]*\n")
_LIST_STARTS: dict[str, ListKind] = {"a": "alpha", "i": "roman", "1": "digit"}
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv",
          "xvi", "xvii", "xviii", "xix", "xx", "xxi", "xxii", "xxiii", "xxiv", "xxv")  # fmt: skip


@dataclass(frozen=True)
class Block:
    """One row of the ``paragraphs`` table: a preamble block, a paragraph or a sub-item.

    Attributes:
        level: ``preamble``, ``heading``, ``paragraph`` or ``sub_item``.
        para_no: The paragraph's number (its own, or its parent's for a sub-item; for a section heading, the number
            of the paragraph after it); 0 for preamble blocks.
        sub_item: The item label (``"a"``, ``"iii"``, ``"2"`` for ``"(2)"``); None for paragraphs and preamble.
        is_numbered: False when the statement had no paragraph numbers and they were inferred.
        text: The block's text, exactly ``normalised_text[char_start:char_end]`` (without its label).
        char_start: Start offset in the normalised text.
        char_end: End offset (exclusive) in the normalised text.
    """

    level: BlockLevel
    para_no: int
    sub_item: str | None
    is_numbered: bool
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Statement:
    """A segmented statement.

    Attributes:
        title: The title block (the lines before the body), stripped; ``""`` when the body starts at once.
        title_end: Offset in the normalised text where the body starts.
        blocks: Preamble blocks, section headings, paragraphs and sub-items in reading order.
    """

    title: str
    title_end: int
    blocks: tuple[Block, ...]

    @property
    def n_paragraphs(self) -> int:
        """Number of paragraphs (sub-items and preamble not counted)."""
        return sum(1 for block in self.blocks if block.level == "paragraph")


@dataclass(frozen=True)
class _Span:
    """A block of the body: a run of non-blank lines, offsets into the text."""

    start: int
    end: int
    text: str


@dataclass
class _Group:
    """A paragraph (or preamble block, or section heading) being assembled from consecutive body blocks."""

    level: Literal["preamble", "heading", "paragraph"]
    para_no: int
    start: int  # after the paragraph label
    spans: list[_Span] = field(default_factory=list)


@dataclass(frozen=True)
class _Label:
    label: str
    start: int  # where the label starts
    content_start: int  # after the label and its spaces
    span_index: int
    at_block_start: bool
    introduced: bool = False  # at the start of a block right after a block that ends with a colon


def _body_start(text: str) -> int | None:
    """Offset of the first body line, or None when no line opens a body."""
    lines = text.split("\n")
    n_title = title_line_count(lines)
    if n_title == len(lines):
        return None
    offset = sum(len(line) + 1 for line in lines[:n_title])
    return offset + len(lines[n_title]) - len(lines[n_title].lstrip())


def _spans(text: str, start: int) -> list[_Span]:
    """Runs of non-blank lines of ``text[start:]``, stripped, with offsets into ``text``."""
    bounds = [start]
    for separator in _BLANK_LINES_RE.finditer(text, start):
        bounds.extend((separator.start(), separator.end()))
    bounds.append(len(text))
    spans = []
    for piece_start, piece_end in zip(bounds[::2], bounds[1::2], strict=True):
        piece = text[piece_start:piece_end]
        stripped = piece.strip()
        if stripped:
            span_start = piece_start + len(piece) - len(piece.lstrip())
            spans.append(_Span(span_start, span_start + len(stripped), stripped))
    return spans


def _numbered_span_indexes(spans: list[_Span]) -> dict[int, int]:
    """Span index → paragraph number, for spans opening a paragraph in sequence 1, 2, 3, ...

    A release may leave its lead paragraph unnumbered and number the rest from 2: when blocks open 2 and 3 in
    sequence before any block opens paragraph 1 (a later "1." is a list item), the prose block right before
    paragraph 2 is paragraph 1.
    """
    from_one = _in_sequence(spans, first=1)
    from_two = _in_sequence(spans, first=2)
    # numbered from 2, and any "1." comes later (a list item inside a paragraph): an unnumbered lead
    if len(from_two) >= 2 and len(from_two) >= len(from_one) and min(from_two) < min(from_one, default=len(spans)):
        lead = min(from_two) - 1
        if lead >= 0 and not PREAMBLE_VERB_RE.match(spans[lead].text) and _opens_with_capital(spans[lead].text):
            return {lead: 1, **from_two}
    return from_one


def _opens_with_capital(text: str) -> bool:
    """True for a block opening with a capital letter, also after a dash or bullet (``"- Ministers …"``: a dateline's
    dash left at the start of the lead paragraph)."""
    bullet = BULLET_RE.match(text)
    return text[bullet.end() if bullet else 0 :].lstrip()[:1].isupper()


def _in_sequence(spans: list[_Span], *, first: int) -> dict[int, int]:
    """Span index → paragraph number for the labels that continue the numbering from ``first``.

    Numbered from 1, a section heading followed by ``"1."`` and ``"2."`` restarts the numbering (a section with its
    own numbers): its paragraphs continue the count, ``para_no`` = the last number before the section + the
    printed number.
    """
    index_to_no: dict[int, int] = {}
    expected = first  # the next printed number
    offset = 0  # added to printed numbers: the last paragraph number before the current section
    span_numbers = [int(label.group("no")) if (label := PARAGRAPH_LABEL_RE.match(span.text)) else 0 for span in spans]
    for index, span in enumerate(spans):
        match = PARAGRAPH_LABEL_RE.match(span.text)
        if match is None:
            continue
        number = int(match.group("no"))
        later = span_numbers[index + 1 :]
        if first == 1 and index_to_no and restarts_numbering(number, heading=spans[index - 1].text, later=later):
            offset = max(index_to_no.values())
            expected = number
        if number == expected or (
            expected > first and continues_numbering(number, expected, previous=spans[index - 1].text, later=later)
        ):
            index_to_no[index] = offset + number
            expected = number + 1
        else:
            logger.debug("block starting %r is out of sequence (expected %d); read as text", span.text[:12], expected)
    return index_to_no


def _heading_indexes(spans: list[_Span], index_to_no: dict[int, int]) -> dict[int, int]:
    """Span index → number of the paragraph after it, for the section headings between numbered paragraphs.

    A heading stands right before a numbered paragraph, with a paragraph before it: the heading of a section that
    restarts the numbering (:func:`_in_sequence` checked it), or a block that reads as a heading on its own
    (:func:`~ascc_analysis.ingest.normalise.is_standalone_heading`) after a block that ends a sentence.
    """
    first = min(index_to_no)
    headings: dict[int, int] = {}
    for index, para_no in index_to_no.items():
        before = index - 1
        if before <= first or before in index_to_no:
            continue
        label = PARAGRAPH_LABEL_RE.match(spans[index].text)
        restarted = label is not None and int(label.group("no")) == 1 and para_no > 1
        if restarted or (is_standalone_heading(spans[before].text) and ends_with_sentence(spans[before - 1].text)):
            headings[before] = para_no
    return headings


def _continues_paragraph(span: _Span) -> bool:
    """A block that belongs to the paragraph before it in an unnumbered statement."""
    return bool(SUB_ITEM_LABEL_RE.match(span.text) or BULLET_RE.match(span.text) or span.text[0].islower())


def _groups(spans: list[_Span]) -> tuple[list[_Group], bool]:
    """Assemble body blocks into preamble blocks and paragraphs; also tell whether numbers were read."""
    index_to_no = _numbered_span_indexes(spans)
    groups: list[_Group] = []
    if index_to_no:
        heading_to_no = _heading_indexes(spans, index_to_no)
        for index, span in enumerate(spans):
            if index in index_to_no:
                label = PARAGRAPH_LABEL_RE.match(span.text)
                start = span.start + label.end() if label is not None else span.start  # an unnumbered lead: no label
                groups.append(_Group("paragraph", index_to_no[index], start, [span]))
            elif index in heading_to_no:
                groups.append(_Group("heading", heading_to_no[index], span.start, [span]))
            elif groups and groups[-1].level == "paragraph":
                groups[-1].spans.append(span)
            else:
                groups.append(_Group("preamble", 0, span.start, [span]))
        return groups, True
    preamble_indexes = [
        index
        for index, span in enumerate(spans)
        if opens_preamble_clause(span.text, previous=spans[index - 1].text if index else "")
    ]
    n_preamble = preamble_indexes[-1] + 1 if preamble_indexes else 0
    para_no = 0
    for index, span in enumerate(spans):
        if index < n_preamble:
            groups.append(_Group("preamble", 0, span.start, [span]))
        elif para_no and _continues_paragraph(span):
            groups[-1].spans.append(span)
        elif para_no and _heads_unnumbered_paragraph(spans, index):
            groups.append(_Group("heading", para_no + 1, span.start, [span]))
        else:
            para_no += 1
            groups.append(_Group("paragraph", para_no, span.start, [span]))
    return groups, False


def _heads_unnumbered_paragraph(spans: list[_Span], index: int) -> bool:
    """Whether block ``index`` of an unnumbered statement is a section heading: it reads as a heading on its own
    (:func:`~ascc_analysis.ingest.normalise.is_standalone_heading`), the block before it ends a sentence and the
    block after it opens a paragraph (not a list item, a bullet or lowercase text that would continue one)."""
    return (
        0 < index < len(spans) - 1
        and is_standalone_heading(spans[index].text)
        and ends_with_sentence(spans[index - 1].text)
        and not _continues_paragraph(spans[index + 1])
    )


def _label_at(kind: ListKind, position: int) -> str:
    """The label of the ``position``-th item (from 1) of a list of ``kind``."""
    if kind == "alpha":
        return chr(ord("a") + position - 1) if position <= 26 else ""
    if kind == "roman":
        return _ROMAN[position - 1] if position <= len(_ROMAN) else ""
    return str(position)


def _candidate_labels(group: _Group) -> list[_Label]:
    """Item labels of a paragraph: at the start of its later blocks, and parenthesised labels inline.

    A paragraph number at the start of a later block (out of the paragraph sequence, or it would open a paragraph of
    its own) is an item label when it opens a digit list right after a block ending with a colon (``"… highlighted
    the following in his Welcome Remarks:"`` then ``"1. The rapid growth …;"``) or is the next number of such a list
    (``"2. The economic …"``).
    """
    labels = []
    next_digit: int | None = None  # the next number of a digit list opened at block starts
    for index, span in enumerate(group.spans):
        search_from = group.start - span.start if index == 0 else 0
        if index > 0:
            introduced = group.spans[index - 1].text.endswith(":")
            match = SUB_ITEM_LABEL_RE.match(span.text)
            digit = PARAGRAPH_LABEL_RE.match(span.text)
            number = int(digit.group("no")) if digit is not None else None
            if match is None and number is not None and (number == next_digit or (introduced and number == 1)):
                match, next_digit = digit, number + 1
            if match is not None:
                label = match.group("no") if match is digit else match.group("paren") or match.group("bare")
                content = match.end() + len(span.text[match.end() :]) - len(span.text[match.end() :].lstrip())
                labels.append(_Label(label, span.start, span.start + content, index, True, introduced))
                search_from = match.end()
        for match in _INLINE_LABEL_RE.finditer(span.text, search_from):
            content = match.end() + len(span.text[match.end() :]) - len(span.text[match.end() :].lstrip())
            labels.append(_Label(match.group("label"), span.start + match.start(), span.start + content, index, False))
    return labels


def _lists(labels: list[_Label]) -> list[list[_Label]]:
    """Group labels into lists, nested lists allowed; lists of one item are dropped, unless the item is a block of
    its own introduced by a colon (``"… the following documents:"`` then ``"a. …"``).

    A list starts at label ``a``, ``i`` or ``1`` and continues with the next label in sequence. Open lists form a
    stack: a label continues the innermost open list that expects it (closing the lists opened inside that one),
    else a start label opens a nested list, else the label is not a list item.
    """
    done: list[list[_Label]] = []
    stack: list[tuple[ListKind, list[_Label]]] = []
    for label in labels:
        depth = next(
            (depth for depth in range(len(stack) - 1, -1, -1)
             if label.label == _label_at(stack[depth][0], len(stack[depth][1]) + 1)),
            None,
        )  # fmt: skip
        if depth is not None:
            done.extend(items for _, items in stack[depth + 1 :])
            del stack[depth + 1 :]
            stack[-1][1].append(label)
        elif label.label in _LIST_STARTS:
            stack.append((_LIST_STARTS[label.label], [label]))
    done.extend(items for _, items in stack)
    return [items for items in done if len(items) >= 2 or items[0].introduced]


def _trim_separators(item: str) -> str:
    """Drop separators at the end of a list item: spaces, ``, ; : .`` and a final "and", "or", "as well as"."""
    previous = None
    while item != previous:
        previous = item
        item = item.rstrip(_SEPARATOR_CHARS)
        for word in _SEPARATOR_WORDS:
            if item == word or item.endswith(" " + word):
                item = item[: -len(word)]
                break
    return item


def _item_end(item: _Label, following: _Label | None, group: _Group) -> int:
    span = group.spans[item.span_index]
    if following is not None and following.span_index == item.span_index:
        return following.start
    if item.at_block_start:
        return span.end
    clause_end = _CLAUSE_END_RE.search(span.text, item.content_start - span.start)
    return span.start + clause_end.start() if clause_end else span.end


def _sub_items(group: _Group, text: str, *, is_numbered: bool) -> list[Block]:
    blocks = []
    for items in _lists(_candidate_labels(group)):
        for position, item in enumerate(items):
            following = items[position + 1] if position + 1 < len(items) else None
            end = _item_end(item, following, group)
            trimmed = _trim_separators(text[item.content_start : end])
            end = item.content_start + len(trimmed)
            if end > item.content_start:
                blocks.append(
                    Block("sub_item", group.para_no, item.label, is_numbered, trimmed, item.content_start, end)
                )
    return blocks


MAX_PARAGRAPH_CHARS = 20_000
"""Longest paragraph or preamble block, in characters (real ones stay under ~3,000). Extraction's work on a
paragraph grows faster than its length, so a text with a paragraph longer than this (a megabytes-long line, say)
is refused with code ``paragraph_too_long`` rather than left to run for minutes."""


def _require_paragraph_length(n_chars: int, para_no: int, source: str | Path) -> None:
    if n_chars > MAX_PARAGRAPH_CHARS:
        which = f"paragraph {para_no}" if para_no else "the preamble"
        raise InputError(
            source,
            f"{which} is too long: {n_chars:,} characters, over the limit of {MAX_PARAGRAPH_CHARS:,} for one "
            "paragraph (a text without paragraph breaks, or not a statement)",
            code="paragraph_too_long",
        )


def _no_statement(source: str | Path, reason: str) -> InputError:
    return InputError(source, f"no statement text found: {reason}", code="no_statement")


def split_statement(text: str, *, source: str | Path | None = None) -> Statement:
    """Split a normalised statement into its title block, preamble, paragraphs and sub-items.

    See the module docstring for the rules.

    Args:
        text: The normalised text (:func:`ascc_analysis.ingest.normalise.normalise_text`); offsets index it.
        source: The raw file the text came from, named in errors (``"<text>"`` when None).

    Returns:
        The statement: title, offset where the body starts, and blocks in reading order.

    Raises:
        InputError: (code ``no_statement``) the text is empty, no line reads as statement body (no paragraph 1,
            no preamble verb, no prose), or there is no numbered paragraph and no body block mentioning
            "The Meeting" (or "The meeting"), "the Meeting" or "the Conference" within a sentence, "We, …",
            "Minister(s)", "Ministerial", "Senior Officials", "Leaders", "Heads of" or a numbered meeting ("The 15th
            Meeting of …"), and fewer than
            :data:`MIN_PREAMBLE_CLAUSES` blocks opening with a preamble verb in capitals (a declaration whose
            subject is "The Member States of …" or is lost to a database's markers still has its "RECALLING …",
            "REAFFIRMING …" clauses);
            (code ``paragraph_too_long``) a paragraph or preamble block is longer than :data:`MAX_PARAGRAPH_CHARS`.
    """
    where = source if source is not None else "<text>"
    if not text.strip():
        raise _no_statement(where, "the text is empty")
    body_start = _body_start(text)
    if body_start is None:
        raise _no_statement(
            where,
            "no line opens a statement body (no paragraph numbered 1, no ALL-CAPS preamble verb, "
            "no 'We, …' or 'The Meeting …', no line of prose)",
        )
    spans = _spans(text, body_start)
    groups, is_numbered = _groups(spans)
    if (
        not is_numbered
        and not any(_STATEMENT_MARKER_RE.search(span.text) for span in spans)
        and sum(1 for span in spans if PREAMBLE_VERB_RE.match(span.text)) < MIN_PREAMBLE_CLAUSES
    ):
        raise _no_statement(
            where,
            "no numbered paragraph, no block mentioning 'The Meeting', 'the Meeting', 'the Conference', "
            "'We, …', 'Minister(s)', 'Ministerial', 'Senior Officials', 'Leaders', 'Heads of', a numbered meeting or "
            "a meeting that 'was held', "
            f"and fewer than {MIN_PREAMBLE_CLAUSES} preamble clauses ('RECALLING …')",
        )
    blocks: list[Block] = []
    for group in groups:
        end = group.spans[-1].end
        _require_paragraph_length(end - group.start, group.para_no, where)
        blocks.append(Block(group.level, group.para_no, None, is_numbered, text[group.start : end], group.start, end))
        if group.level == "paragraph":
            blocks.extend(_sub_items(group, text, is_numbered=is_numbered))
    blocks.sort(key=lambda block: (block.char_start, -block.char_end))
    title = text[:body_start].strip()
    logger.debug("%s: %d block(s), numbered=%s", where, len(blocks), is_numbered)
    return Statement(title=title, title_end=body_start, blocks=tuple(blocks))


def block_ids(statement: Statement, *, doc_id: str) -> tuple[str, ...]:
    """The ``para_id`` of every block, in the order of ``statement.blocks``.

    ``<doc_id>/pre01`` for preamble blocks (counted from 1), ``<doc_id>/h01`` for section headings (counted from
    1), ``<doc_id>/p07`` for paragraphs, ``<doc_id>/p07.b`` for sub-items; a label repeated within one paragraph
    gets ``-2``, ``-3``, ... on its second, third, ... occurrence (``p02.i``, ``p02.i-2``).

    Args:
        statement: A segmented statement.
        doc_id: The document's id.

    Returns:
        One id per block.
    """
    ids = []
    n_preamble = 0
    n_headings = 0
    label_counts: dict[tuple[int, str], int] = {}
    for block in statement.blocks:
        if block.level == "preamble":
            n_preamble += 1
            ids.append(f"{doc_id}/pre{n_preamble:02d}")
        elif block.level == "heading":
            n_headings += 1
            ids.append(f"{doc_id}/h{n_headings:02d}")
        elif block.level == "paragraph" or block.sub_item is None:
            ids.append(f"{doc_id}/p{block.para_no:02d}")
        else:
            key = (block.para_no, block.sub_item)
            label_counts[key] = label_counts.get(key, 0) + 1
            suffix = f"-{label_counts[key]}" if label_counts[key] > 1 else ""
            ids.append(f"{doc_id}/p{block.para_no:02d}.{block.sub_item}{suffix}")
    return tuple(ids)


def paragraphs_frame(statement: Statement, *, doc_id: str) -> pl.DataFrame:
    """Build the ``paragraphs`` table of one statement.

    Args:
        statement: A segmented statement (:func:`split_statement`).
        doc_id: The document's id; rows get ``para_id`` values from :func:`block_ids`.

    Returns:
        A frame validated against :data:`ascc_analysis.schemas.PARAGRAPHS`, one row per block, ``seq`` from 1
        in reading order, sorted by ``(doc_id, seq)``.

    Raises:
        SchemaError: Two blocks get the same ``para_id`` (two paragraphs with one number), or the frame does not
            validate; neither happens for a statement made by :func:`split_statement`.
    """
    blocks = statement.blocks
    ids = block_ids(statement, doc_id=doc_id)
    duplicates = sorted({para_id for para_id in ids if ids.count(para_id) > 1})
    if duplicates:
        raise SchemaError(
            f"paragraphs ({doc_id}): duplicate para_id value(s) {duplicates}; each block needs its own id"
        )
    paragraphs = pl.DataFrame(
        {
            "doc_id": [doc_id] * len(blocks),
            "para_id": list(ids),
            "seq": list(range(1, len(blocks) + 1)),
            "level": [block.level for block in blocks],
            "para_no": [block.para_no for block in blocks],
            "sub_item": [block.sub_item for block in blocks],
            "is_numbered": [block.is_numbered for block in blocks],
            "text": [block.text for block in blocks],
            "char_start": [block.char_start for block in blocks],
            "char_end": [block.char_end for block in blocks],
        },
        schema=PARAGRAPHS.schema,
    )
    return validate(paragraphs, PARAGRAPHS, source=doc_id)
