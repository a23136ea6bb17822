"""Generating a planted corpus: :func:`generate_corpus` draws the plan and writes every statement.

Part of the planted-signal yardstick (:mod:`ascc_analysis.testing.planted`). Checks the specification, draws
everything up front from the seed (years, dates, paragraph topics, noun phrases, instruments, priorities, hosts),
writes each statement (title block, the chair's priorities, topical paragraphs and carry-overs), runs the real
segmenter on every statement and the real normaliser on all or a sample of them (``GeneratorError`` if they read
it differently), and returns the :class:`~ascc_analysis.testing.planted.spec.PlantedCorpus` built by
:mod:`~ascc_analysis.testing.planted.tables`. Writes no file.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ascc_analysis.build import make_doc_id
from ascc_analysis.errors import ParameterError
from ascc_analysis.ingest.manifest import read_chairmanships
from ascc_analysis.ingest.metadata import Metadata, ordinal
from ascc_analysis.ingest.normalise import normalise_text
from ascc_analysis.ingest.segment import split_statement
from ascc_analysis.testing.planted.instruments import _Instrument, _Mention, _plan_instruments, _statement_mentions
from ascc_analysis.testing.planted.paragraphs import (
    _carry_over,
    _Document,
    _new_paragraph,
    _Paragraph,
    _priority_paragraph,
    _year_priorities,
)
from ascc_analysis.testing.planted.shares import _share_matrix, _zipf
from ascc_analysis.testing.planted.spec import (
    _NORMALISE_CHECKS,
    FILLER_TERMS,
    GENERATOR_LABEL,
    GeneratorError,
    NormaliseCheck,
    PlantedCorpus,
    PlantedSpec,
    _check_spec,
)
from ascc_analysis.testing.planted.stream import _Stream
from ascc_analysis.testing.planted.tables import _assemble
from ascc_analysis.testing.planted.vocabulary import _MEETING_TITLE, _MEMBER_STATES, _MONTHS, _ordinal_title

log = logging.getLogger(__name__)

_TOPIC_WORD_SHARE = 0.7
_FILLER_WORD_SHARE = 0.2  # the rest is noise
_UNITS_RANGE = (16, 29)  # content units (terms) of a new topical paragraph, high end exclusive
_PAIR_SHARE = 0.35  # share of noun phrases of two units
_AND_SHARE = 0.25  # share of two-unit noun phrases joined by "and"
_LIST_SHARE = 0.12
_CARRY_MIN_WORDS = 60  # one word changed: 5-shingle Jaccard about (56 - 5) / (56 + 5) = 0.836
_SAMPLE_CHECKS = 64


def _dates(spec: PlantedSpec) -> tuple[NDArray[np.int64], list[dt.date], list[bool], dict[int, int]]:
    """Year of each statement, its date (evenly spread within the year), first-of-year flags, year sizes."""
    n = spec.n_statements
    years = spec.first_year + (np.arange(n, dtype=np.int64) * spec.n_years) // n
    year_sizes = {int(year): int(count) for year, count in zip(*np.unique(years, return_counts=True), strict=True)}
    dates: list[dt.date] = []
    first_flags: list[bool] = []
    position = 0
    previous_year = None
    for year in years.tolist():
        position = 0 if year != previous_year else position + 1
        previous_year = year
        days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
        offset = int((position + 0.5) * days / year_sizes[year])
        dates.append(dt.date(year, 1, 1) + dt.timedelta(days=min(offset, days - 1)))
        first_flags.append(position == 0)
    return years, dates, first_flags, year_sizes


def _statement_text(document: _Document) -> str:
    blocks = [document.title]
    blocks.extend(f"{number}. {paragraph.text}" for number, paragraph in enumerate(document.paragraphs, start=1))
    return "\n\n".join(blocks) + "\n"


def _draw_phrases(
    spec: PlantedSpec, slot_topics: NDArray[np.int64], rng: np.random.Generator
) -> tuple[list[str], list[int]]:
    """Noun phrases of every topical slot, drawn at once.

    Each slot gets 16 to 28 content units: topic terms (Zipf-weighted), filler and noise. Units at even positions
    within a slot are joined with the next one into a two-unit noun phrase with probability 0.35 (by "and" in a
    quarter of them), unless the two are the same term.

    Returns:
        The noun phrases in slot order and the offsets of each slot's phrases (``len(slot_topics) + 1`` values).
    """
    n_slots = len(slot_topics)
    counts = rng.integers(*_UNITS_RANGE, size=n_slots)
    offsets = np.concatenate([[0], np.cumsum(counts)])
    unit_slots = np.repeat(np.arange(n_slots), counts)
    unit_topics = slot_topics[unit_slots]
    n_units = int(offsets[-1])

    topic_terms = [topic.terms for topic in spec.topics]
    width = max(len(terms) for terms in topic_terms)
    cumulative = np.ones((len(topic_terms), width))
    for row, terms in enumerate(topic_terms):
        cumulative[row, : len(terms)] = np.cumsum(_zipf(len(terms)))
    starts = np.concatenate([[0], np.cumsum([len(terms) for terms in topic_terms])])
    all_terms = np.asarray([term for terms in topic_terms for term in terms] + list(FILLER_TERMS), dtype=object)
    n_topic_terms = int(starts[-1])

    kind = rng.random(n_units)
    draw = rng.random(n_units)
    rank = (draw[:, None] > cumulative[unit_topics]).sum(axis=1)
    rank = np.minimum(rank, np.asarray([len(terms) - 1 for terms in topic_terms])[unit_topics])
    topic_index = starts[unit_topics] + rank
    filler_index = n_topic_terms + np.minimum((draw * len(FILLER_TERMS)).astype(np.int64), len(FILLER_TERMS) - 1)
    noise_index = np.minimum((draw * n_topic_terms).astype(np.int64), n_topic_terms - 1)
    is_topic = kind < _TOPIC_WORD_SHARE
    is_filler = ~is_topic & (kind < _TOPIC_WORD_SHARE + _FILLER_WORD_SHARE)
    index = np.where(is_topic, topic_index, np.where(is_filler, filler_index, noise_index))
    # a unit repeating the one before it in the same slot becomes the next term of its group
    group_start = np.where(is_topic, starts[unit_topics], np.where(is_filler, n_topic_terms, 0))
    group_size = np.where(is_topic, starts[unit_topics + 1] - starts[unit_topics], 0)
    group_size = np.where(is_filler, len(FILLER_TERMS), np.where(is_topic, group_size, n_topic_terms))
    repeat = np.flatnonzero((index[1:] == index[:-1]) & (unit_slots[1:] == unit_slots[:-1])) + 1
    index[repeat] = group_start[repeat] + (index[repeat] - group_start[repeat] + 1) % group_size[repeat]

    local = np.arange(n_units) - offsets[unit_slots]
    pair_draw = rng.random(n_units)
    next_index = np.append(index[1:], -1)
    joins = (local % 2 == 0) & (local + 1 < counts[unit_slots]) & (pair_draw < _PAIR_SHARE) & (index != next_index)
    phrases = all_terms[index]
    joiners = np.where(pair_draw < _PAIR_SHARE * _AND_SHARE, " and ", " ").astype(object)
    starts_at = np.flatnonzero(joins)
    phrases[starts_at] = phrases[starts_at] + joiners[starts_at] + phrases[starts_at + 1]
    keep = np.ones(n_units, dtype=bool)
    keep[starts_at + 1] = False
    phrase_offsets = np.concatenate([[0], np.cumsum(np.bincount(unit_slots[keep], minlength=n_slots))])
    return phrases[keep].tolist(), phrase_offsets.tolist()


def _place_mentions(
    mentions: Sequence[_Mention], slot_topics: Sequence[int], stream: _Stream
) -> dict[int, list[_Mention]]:
    """Slot index to the mentions written in it: a slot of the instrument's topic first, at most two a slot."""
    placed: dict[int, list[_Mention]] = {}
    for mention in mentions:
        for wanted in (mention.instrument.topic, None):
            candidates = [
                slot
                for slot, topic in enumerate(slot_topics)
                if (wanted is None or topic == wanted) and len(placed.get(slot, [])) < (1 if wanted is None else 2)
            ]
            if not candidates and wanted is None:
                candidates = [slot for slot in range(len(slot_topics)) if len(placed.get(slot, [])) < 2]
            if candidates:
                placed.setdefault(candidates[stream.index(len(candidates))], []).append(mention)
                break
        else:  # pragma: no cover - a statement has at least five topical slots
            raise GeneratorError("no paragraph left to hold an instrument mention")
    return placed


@dataclass
class _Plan:
    """Everything drawn up front, in bulk: years, dates, paragraph slots and their topics, phrases, instruments."""

    years: list[int]
    dates: list[dt.date]
    first_of_year: list[bool]
    year_sizes: dict[int, int]
    slot_offsets: list[int]  # statement i has topical slots slot_offsets[i]:slot_offsets[i + 1]
    slot_topics: list[int]
    slot_lists: list[bool]
    phrases: list[str]
    phrase_offsets: list[int]  # slot j has phrases phrase_offsets[j]:phrase_offsets[j + 1]
    instruments: list[_Instrument]
    priorities: dict[int, tuple[str, list[str]]]
    hosts: dict[int, tuple[str, str]]  # year -> (chair country, city)
    topic_words: list[list[str]]  # one-word terms of each topic (swapped into carry-overs)
    vocabulary: frozenset[str]  # words of every topic term and filler term


def _plan(spec: PlantedSpec, rng: np.random.Generator) -> _Plan:
    years, dates, first_of_year, year_sizes = _dates(spec)
    low, high = spec.paragraphs_per_statement
    n_slots = rng.integers(low, high + 1, spec.n_statements) - 1  # paragraph 1 holds the chair's priorities
    slot_years = np.repeat(years - spec.first_year, n_slots)
    cumulative = np.cumsum(_share_matrix(spec), axis=1)
    draws = rng.random(len(slot_years))
    slot_topics = np.minimum((draws[:, None] > cumulative[slot_years]).sum(axis=1), len(spec.topics) - 1)
    slot_lists = rng.random(len(slot_years)) < _LIST_SHARE
    phrases, phrase_offsets = _draw_phrases(spec, slot_topics, rng)
    terms = [*(topic.terms for topic in spec.topics), FILLER_TERMS]
    return _Plan(
        years=years.tolist(),
        dates=dates,
        first_of_year=first_of_year,
        year_sizes=year_sizes,
        slot_offsets=np.concatenate([[0], np.cumsum(n_slots)]).tolist(),
        slot_topics=slot_topics.tolist(),
        slot_lists=slot_lists.tolist(),
        phrases=phrases,
        phrase_offsets=phrase_offsets,
        instruments=_plan_instruments(spec, rng),
        priorities=_year_priorities(spec, rng),
        hosts=_hosts(spec),
        topic_words=[sorted({term for term in topic.terms if " " not in term}) for topic in spec.topics],
        vocabulary=frozenset(word for group in terms for term in group for word in term.split()),
    )


def _hosts(spec: PlantedSpec) -> dict[int, tuple[str, str]]:
    """Year to (chair country, capital): the real chair where known, else a rotation of the Member States."""
    year_to_chair = dict(read_chairmanships().select("year", "chair_country").iter_rows())
    capitals = dict(_MEMBER_STATES)
    hosts = {}
    for year in spec.years:
        chair = year_to_chair.get(year)
        if chair not in capitals:
            chair = _MEMBER_STATES[year % len(_MEMBER_STATES)][0]
        hosts[year] = (chair, capitals[chair])
    return hosts


@dataclass
class _CarryCounter:
    """Topical slots seen after the first statement, and how many were carried over (for error diffusion)."""

    n_seen: int = 0
    n_carried: int = 0


def _carry_sources(previous: _Document | None) -> dict[int, list[int]]:
    """Topic to the positions of the previous statement's paragraphs that may be carried over."""
    sources: dict[int, list[int]] = {}
    if previous is not None:
        for position, paragraph in enumerate(previous.paragraphs):
            if paragraph.plain and paragraph.topic is not None and paragraph.text.count(" ") + 1 >= _CARRY_MIN_WORDS:
                sources.setdefault(paragraph.topic, []).append(position)
    return sources


def _write_statement(
    index: int,
    spec: PlantedSpec,
    plan: _Plan,
    *,
    previous: _Document | None,
    counter: _CarryCounter,
    stream: _Stream,
) -> _Document:
    """Write statement ``index``: title block, the chair's priorities, then its topical paragraphs."""
    year, date = plan.years[index], plan.dates[index]
    chair, city = plan.hosts[year]
    meeting_no = index + 1
    doc_id = make_doc_id(Metadata(meeting_body_id="ASCC", meeting_no=meeting_no, date=date), source_file="")
    file_name = f"{date.isoformat()}_{ordinal(meeting_no)}-ascc-council_planted-statement.txt"
    title = "\n".join(
        [
            GENERATOR_LABEL,
            f"JOINT STATEMENT OF THE {_ordinal_title(meeting_no)} {_MEETING_TITLE}",
            f"Issued in {city}, {chair} on {date.day} {_MONTHS[date.month - 1]} {date.year}",
            f"Under the ASEAN Chairmanship of {chair}",
        ]
    )
    theme, areas = plan.priorities[year]
    same_year = previous is not None and previous.year == year
    paragraphs = [_Paragraph(_priority_paragraph(theme, areas), None, carried_from=0 if same_year else None)]

    first_slot, end_slot = plan.slot_offsets[index], plan.slot_offsets[index + 1]
    topics = plan.slot_topics[first_slot:end_slot]
    mentions = _statement_mentions(
        year,
        first_of_year=plan.first_of_year[index],
        year_size=plan.year_sizes[year],
        instruments=plan.instruments,
        stream=stream,
    )
    placed = _place_mentions(mentions, topics, stream)
    sources = _carry_sources(previous)
    active = [shift for shift in spec.shifts if shift.year <= year]
    for slot, topic in enumerate(topics):
        if previous is not None:
            counter.n_seen += 1
            # error diffusion: carry over when a source is at hand and the share carried so far falls short
            wanted = spec.boilerplate_share * counter.n_seen - counter.n_carried
            if slot not in placed and sources.get(topic) and stream.uniform() < wanted:
                source_position = sources[topic].pop(stream.index(len(sources[topic])))
                text = _carry_over(
                    previous.paragraphs[source_position].text,
                    topic_words=plan.topic_words[topic],
                    vocabulary=plan.vocabulary,
                    stream=stream,
                )
                if text is not None:
                    counter.n_carried += 1
                    paragraphs.append(_Paragraph(text, topic, carried_from=source_position, plain=True))
                    continue
        global_slot = first_slot + slot
        paragraphs.append(
            _new_paragraph(
                topic,
                plan.phrases[plan.phrase_offsets[global_slot] : plan.phrase_offsets[global_slot + 1]],
                mentions=placed.get(slot, []),
                is_list=plan.slot_lists[global_slot],
                active_shifts=active,
                stream=stream,
            )
        )
    document = _Document(index, doc_id, file_name, year, date, chair, city, title, paragraphs)
    document.text = _statement_text(document)
    return document


def generate_corpus(
    spec: PlantedSpec = PlantedSpec(), *, seed: int = 0, normalise_check: NormaliseCheck = "sample"
) -> PlantedCorpus:
    """Generate a planted-signal corpus.

    Args:
        spec: What to plant and how much to write.
        seed: Seed of :func:`numpy.random.default_rng`; the same spec and seed give identical texts and frames.
        normalise_check: ``"all"`` passes every statement through
            :func:`ascc_analysis.ingest.normalise.normalise_text` to check that it is already normalised; ``"sample"``
            (faster on large corpora) checks 64 evenly spaced statements, the first and last included.

    Returns:
        The corpus: texts, processed tables and ground truth.

    Raises:
        ParameterError: ``spec`` has a value that is not accepted, or ``normalise_check`` is not a choice above.
        GeneratorError: The real normaliser or segmenter reads a generated statement differently from how it
            was written (a bug in the generator).
    """
    _check_spec(spec)
    if normalise_check not in _NORMALISE_CHECKS:
        raise ParameterError(f"normalise_check={normalise_check!r} is not one of {list(_NORMALISE_CHECKS)}")
    rng = np.random.default_rng(seed)
    plan = _plan(spec, rng)
    stream = _Stream(rng)
    counter = _CarryCounter()
    documents: list[_Document] = []
    for index in range(spec.n_statements):
        previous = documents[-1] if documents else None
        documents.append(_write_statement(index, spec, plan, previous=previous, counter=counter, stream=stream))
    _segment(documents, normalise_check=normalise_check)
    return _assemble(spec, seed, documents, planted=plan.instruments)


def _segment(documents: Sequence[_Document], *, normalise_check: NormaliseCheck) -> None:
    """Run the real segmenter on every statement (and the normaliser on all or a sample) and check the result."""
    n = len(documents)
    if normalise_check == "all" or n <= _SAMPLE_CHECKS:
        checked = set(range(n))
    else:
        checked = {round(value) for value in np.linspace(0, n - 1, _SAMPLE_CHECKS)}
    for document in documents:
        if document.index in checked:
            normalised = normalise_text(document.text)
            if normalised != document.text:
                raise GeneratorError(
                    f"{document.file_name}: normalise_text changes the generated text (first difference at "
                    f"offset {_first_difference(normalised, document.text)}); the generator must write normalised text"
                )
        statement = split_statement(document.text, source=document.file_name)
        texts = [block.text for block in statement.blocks if block.level == "paragraph"]
        expected = [paragraph.text for paragraph in document.paragraphs]
        if texts != expected or any(block.level == "preamble" for block in statement.blocks):
            raise GeneratorError(
                f"{document.file_name}: the segmenter reads {len(texts)} paragraph(s) where {len(expected)} were "
                "written, or reads them differently"
            )
        document.statement = statement
    log.debug("segmented %d planted statements (%d normalisation checks)", n, len(checked))


def _first_difference(left: str, right: str) -> int:
    return next((i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b), min(len(left), len(right)))
