"""Writing planted paragraphs: topical sentences, lettered lists, instrument mentions, carry-overs, priorities.

Part of the planted-signal yardstick (:mod:`ascc_analysis.testing.planted`). Turns drawn noun phrases into the text
of one numbered paragraph (``_new_paragraph``), swaps a word of a previous paragraph to plant a near-verbatim
carry-over (``_carry_over``, kept while :func:`shingle_jaccard` stays at 0.82 or more), and writes the chair's
priority paragraph. ``_Paragraph`` and ``_Document`` record the text written and what was planted in it. Pure given
the seeded stream.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ascc_analysis.errors import ParameterError
from ascc_analysis.ingest.segment import Statement
from ascc_analysis.testing.planted.instruments import _Mention
from ascc_analysis.testing.planted.spec import FILLER_TERMS, PlantedShift, PlantedSpec
from ascc_analysis.testing.planted.stream import _Stream
from ascc_analysis.testing.planted.vocabulary import (
    _LIST_LEAD,
    _LIST_VERBS,
    _MENTION_FORMS,
    _PRIORITY_VERBS,
    _SHIFT_SENTENCE,
    _TEMPLATES,
    _THEME_WORDS,
    _title_case,
)

_MENTION_PHRASES = 6  # noun phrases kept in a paragraph that holds instrument mentions
_SHIFT_SENTENCE_SHARE = 0.2
_CARRY_TWO_WORDS = 90  # two adjacent words changed: Jaccard about (86 - 6) / (86 + 6) = 0.870
_CARRY_MIN_JACCARD = 0.82  # checked on every carry-over


@dataclass
class _Paragraph:
    """A paragraph being written: its text (without its number) and what was planted in it."""

    text: str
    topic: int | None
    carried_from: int | None = None  # index of the source paragraph in the previous statement
    plain: bool = False  # no instrument sentence and no list: may be carried over
    mentions: list[tuple[_Mention, int]] = field(default_factory=list)  # with the title's offset in text
    body_offsets: list[tuple[str, int]] = field(default_factory=list)  # body id, offset of its acronym


def shingle_jaccard(left: str, right: str, *, shingle: int = 5) -> float:
    """Jaccard similarity of the word shingles of two texts.

    ``J = |S(a) ∩ S(b)| / |S(a) ∪ S(b)|`` where ``S(t)`` is the set of runs of ``shingle`` consecutive
    whitespace-separated, lower-cased words of ``t`` (a text shorter than ``shingle`` words is one shingle).

    Args:
        left: A text.
        right: Another text.
        shingle: Words per shingle (1 or more).

    Returns:
        The similarity, from 0 to 1 (1 for two empty texts).

    Raises:
        ParameterError: ``shingle`` is less than 1.
    """
    if shingle < 1:
        raise ParameterError(f"shingle={shingle!r} is not accepted; give 1 or more words")

    def shingles(text: str) -> set[tuple[str, ...]]:
        words = text.lower().split()
        if len(words) <= shingle:
            return {tuple(words)} if words else set()
        return {tuple(words[i : i + shingle]) for i in range(len(words) - shingle + 1)}

    a, b = shingles(left), shingles(right)
    union = a | b
    return len(a & b) / len(union) if union else 1.0


def _sentences(phrases: Sequence[str], stream: _Stream) -> list[str]:
    sentences: list[str] = []
    index = 0
    while index < len(phrases):
        n_slots = min(len(phrases) - index, 2 + stream.index(3))
        templates = _TEMPLATES[n_slots]
        sentences.append(templates[stream.index(len(templates))].format(*phrases[index : index + n_slots]))
        index += n_slots
    return sentences


def _list_items(phrases: Sequence[str], stream: _Stream) -> list[str]:
    """Lettered items "a. strengthen …;" … ending with "; and" before the last and "." after it."""
    n_items = min(len(phrases), 3 + stream.index(2))
    items: list[str] = []
    per_item = len(phrases) // n_items
    for position in range(n_items):
        chunk = phrases[position * per_item : (position + 1) * per_item if position < n_items - 1 else None]
        verb = _LIST_VERBS[stream.index(len(_LIST_VERBS))]
        ending = "." if position == n_items - 1 else "; and" if position == n_items - 2 else ";"
        items.append(f"{chr(ord('a') + position)}. {verb} {' and '.join(chunk)}{ending}")
    return items


def _shift_sentences(active: Sequence[PlantedShift], stream: _Stream) -> list[str]:
    sentences = []
    for shift in active:
        if stream.uniform() < _SHIFT_SENTENCE_SHARE:
            first = stream.index(len(shift.terms))
            second = (first + 1 + stream.index(len(shift.terms) - 1)) % len(shift.terms)
            sentences.append(_SHIFT_SENTENCE.format(shift.terms[first], shift.terms[second]))
    return sentences


def _mention_sentence(mention: _Mention) -> tuple[str, int, list[tuple[str, int]]]:
    """The sentence, the offset of the title in it, and (body, offset) of each body named."""
    before, after = _MENTION_FORMS[mention.status]
    title_start = len(before)
    sentence = before + mention.instrument.title
    bodies: list[tuple[str, int]] = []
    if mention.bodies:
        sentence += after
        for position, body in enumerate(mention.bodies):
            if position:
                sentence += " and " if position == len(mention.bodies) - 1 else ", "
            sentence += "the "
            bodies.append((body, len(sentence)))
            sentence += body
    return sentence + ".", title_start, bodies


def _new_paragraph(
    topic: int,
    phrases: Sequence[str],
    *,
    mentions: Sequence[_Mention],
    is_list: bool,
    active_shifts: Sequence[PlantedShift],
    stream: _Stream,
) -> _Paragraph:
    """A new topical paragraph: its instrument mentions among a few sentences, or a lettered list, or plain
    sentences followed by the sentences of the active shifts (each with probability 0.2)."""
    if mentions:
        sentences = _sentences(phrases[:_MENTION_PHRASES], stream)
        paragraph = _Paragraph(text="", topic=topic)
        insert_at = stream.index(len(sentences) + 1)
        pieces: list[str] = []
        for position in range(len(sentences) + 1):
            if position == insert_at:
                for mention in mentions:
                    sentence, title_start, bodies = _mention_sentence(mention)
                    offset = sum(len(piece) + 1 for piece in pieces)
                    paragraph.mentions.append((mention, offset + title_start))
                    paragraph.body_offsets.extend((body, offset + start) for body, start in bodies)
                    pieces.append(sentence)
            if position < len(sentences):
                pieces.append(sentences[position])
        paragraph.text = " ".join(pieces)
        return paragraph
    if is_list:
        n_lead = max(1, len(phrases) // 2)
        lead = " ".join([*_sentences(phrases[:n_lead], stream), _LIST_LEAD])
        return _Paragraph("\n\n".join([lead, *_list_items(phrases[n_lead:], stream)]), topic)
    sentences = [*_sentences(phrases, stream), *_shift_sentences(active_shifts, stream)]
    return _Paragraph(" ".join(sentences), topic, plain=True)


def _carry_over(source: str, *, topic_words: Sequence[str], vocabulary: frozenset[str], stream: _Stream) -> str | None:
    """The source text with one content word (or two adjacent ones in long paragraphs) swapped for a topic word.

    Returns:
        The new text, or None when no swap keeps the 5-shingle Jaccard similarity at 0.82 or more.
    """
    words = source.split(" ")
    eligible = [index for index in range(3, len(words) - 4) if words[index].rstrip(",.;:") in vocabulary]
    if not eligible:
        return None
    two = len(words) >= _CARRY_TWO_WORDS and stream.uniform() < 0.5
    pairs = [index for index in eligible if index + 1 in set(eligible)] if two else []
    start = pairs[stream.index(len(pairs))] if pairs else eligible[stream.index(len(eligible))]
    for n_changes in (2, 1) if pairs else (1,):
        changed = list(words)
        for index in range(start, start + n_changes):
            core = changed[index].rstrip(",.;:")
            choices = [word for word in topic_words if word != core]
            changed[index] = choices[stream.index(len(choices))] + changed[index][len(core) :]
        text = " ".join(changed)
        if shingle_jaccard(text, source) >= _CARRY_MIN_JACCARD:
            return text
    return None


def _priority_paragraph(theme: str, areas: Sequence[str]) -> str:
    labels = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
    items = [f"({labels[index]}) {area}" for index, area in enumerate(areas)]
    listed = ", ".join(items[:-1]) + " and " + items[-1]
    return (
        f'The Meeting supported the ASEAN Chairmanship and its theme "{theme}", and welcomed the Chair\'s '
        f"priorities for the socio-cultural pillar: {listed}."
    )


def _year_priorities(spec: PlantedSpec, rng: np.random.Generator) -> dict[int, tuple[str, list[str]]]:
    """Year to (theme, priority areas).

    The first chair sets a theme and three areas from filler words; later chairs keep them, except at a shift
    year, where the theme is made of the shift's terms and its area replaces the oldest one. So null years repeat
    the chair's paragraph word for word and shift years change it.
    """
    plain_filler = [term for term in FILLER_TERMS if " " not in term]
    first, second = rng.choice(len(_THEME_WORDS), size=2, replace=False)
    theme = f"{_THEME_WORDS[first]} and {_THEME_WORDS[second]} ASEAN"
    areas = []
    for verb_index in rng.choice(len(_PRIORITY_VERBS), size=3, replace=False):
        left, right = rng.choice(len(plain_filler), size=2, replace=False)
        areas.append(f"{_PRIORITY_VERBS[verb_index]} {plain_filler[left]} {plain_filler[right]}")
    year_to_shift = {shift.year: shift for shift in spec.shifts}
    result: dict[int, tuple[str, list[str]]] = {}
    for year in spec.years:
        shift = year_to_shift.get(year)
        if shift is not None:
            theme = f"{_title_case(shift.terms[0])} and {_title_case(shift.terms[1])} in ASEAN"
            areas = [*areas[1:], f"strengthening the {shift.terms[0]} and {shift.terms[1]}"]
        result[year] = (theme, list(areas))
    return result


@dataclass
class _Document:
    index: int
    doc_id: str
    file_name: str
    year: int
    date: dt.date
    chair: str
    city: str
    title: str
    paragraphs: list[_Paragraph]
    text: str = ""
    statement: Statement | None = None
