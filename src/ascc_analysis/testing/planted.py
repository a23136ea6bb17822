"""Planted-signal corpus generator: synthetic statements whose structure is known (support module for tests).

Writes synthetic ASCC Council joint statements in ASEAN drafting style and returns them together with the
processed-corpus tables (``documents``, ``paragraphs``, ``instruments``, ``instrument_mentions``,
``instrument_bodies``, ``body_mentions``, ``priorities``; see :mod:`ascc_analysis.schemas`) and the ground truth of
what was planted (:class:`PlantedTruth`). The analytics (:mod:`ascc_analysis.analysis.topics`,
:mod:`ascc_analysis.analysis.networks`,
:mod:`ascc_analysis.analysis.shifts`) are checked against it: a method that cannot find a planted signal here will not
find
it in the real corpus. Every statement is labelled synthetic; none is, copies or paraphrases an ASEAN document.

What is planted:

1. **Topics.** Each topical paragraph is drawn from one :class:`PlantedTopic`: about 70% of its content words from
   the topic's vocabulary (Zipf-weighted, ``p_r ∝ (r + 1)^-0.8`` for the term of rank ``r``), 20% from filler
   words shared by every topic, 10% noise (terms of any topic, uniformly). The topic of a paragraph in year ``y`` is
   drawn with probability ``share(y, t) = w_t(x) / Σ_u w_u(x)``, ``x = (y − first_year) / (n_years − 1)``, with
   the curve weights ``rising: 0.5 + 2x``, ``falling: 2.5 − 2x``, ``peak: 0.5 + 2 exp(−((x − 0.5) / 0.22)²)``,
   ``flat: 1`` (:func:`topic_shares`).
2. **Instruments attributed to bodies.** Each community of bodies adopts one instrument a year (titled from the
   terms of a topic, "ASEAN Framework on Vaccines and Nurses"), named with 2–3 bodies of the community
   ("…, developed by the AHMM and the AMMSWD."): the whole community first, then each pair in turn, so that every
   pair shares instruments; one instrument in five also names a body of another community (noise). The first
   statement of the year looks forward to its adoption, about half of the year's other statements welcome it.
   Statements of later years refer to earlier instruments ("noted the progress in implementing the …", "took
   note of the …"), a third of them with the bodies that lead them; seven instruments, one of each type, are
   "adopted" the year before the first and referred to from the start, so that no instrument type or way of
   referring first appears in a null year.
3. **Shifts.** From each :class:`PlantedShift` year on, each new plain topical paragraph (no instrument, no list)
   gains, with probability 0.2, a sentence using two of the shift's terms; the terms never occur before. At the
   shift year the chair's theme becomes the shift's terms and a priority area with them replaces the oldest of
   the three areas. Years without a shift are null years: the chair's paragraph is repeated word for word (the
   chair country changes every year, but it is named in the title block only) and the topic shares move along
   their smooth curves.
4. **Boilerplate.** Topical paragraphs of 60 words or more are carried over from the previous statement (same
   topic, no instrument and no list) with one content word swapped for another word of the topic, or two adjacent
   words in paragraphs of 90 words or more; a carry-over is kept only when the Jaccard similarity of the 5-word
   shingles (:func:`shingle_jaccard`) stays at 0.82 or more. Carry-overs are drawn by error diffusion so that
   their share of topical paragraphs tracks ``boilerplate_share``. The chair's priority paragraph (paragraph 1)
   is the same in every statement of a year, so it is a verbatim carry-over when the previous statement is of
   the same year; both kinds are listed in ``truth.carried_over``.

Statements are spread evenly over the years (statement ``i`` of ``n`` falls in year ``first_year + ⌊i·n_years/n⌋``)
and dated evenly within their year; all are ASCC Council statements numbered from 1. The chair is the real one
where ``resources/chairmanships.csv`` lists the year (a rotation of the Member States otherwise) and hosts the
year's meetings in its capital. The title block gives the meeting, venue, date and chair; the body holds no names
of places or years, so that only planted words change from year to year.

Document ids follow :func:`ascc_analysis.build.make_doc_id` (``ascc-07-2015-07-02``); past meeting 99 they no
longer sort in meeting order, so order statements by ``documents.meeting_no`` (or date), not by ``doc_id``.

Each text starts with the package's synthetic label (:data:`ascc_analysis.ingest.demo.SYNTHETIC_LABEL`, which the build
removes and records as ``documents.is_synthetic``), then a title block whose first line is
:data:`GENERATOR_LABEL`. The text is written already normalised; ``documents`` and ``paragraphs`` are built by the
real segmenter
(:func:`ascc_analysis.ingest.segment.split_statement`) on it, so offsets are real, and
:func:`ascc_analysis.ingest.normalise.
normalise_text` is checked to leave it unchanged (on every statement, or on an evenly spaced sample for speed). The
extraction tables are built from what was planted, not extracted. :func:`write_raw` writes the statements as text
files that :func:`ascc_analysis.build.build_corpus` builds into the same ``documents`` table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import logging
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

import numpy as np
import polars as pl
from numpy.typing import NDArray

from ascc_analysis.build import make_doc_id
from ascc_analysis.errors import AsccError, ParameterError
from ascc_analysis.extract.instruments import instrument_id
from ascc_analysis.ingest.demo import SYNTHETIC_LABEL
from ascc_analysis.ingest.manifest import read_chairmanships
from ascc_analysis.ingest.metadata import Metadata, format_meeting_name, ordinal
from ascc_analysis.ingest.normalise import normalise_text
from ascc_analysis.ingest.segment import Statement, block_ids, split_statement
from ascc_analysis.registry import load_registry
from ascc_analysis.schemas import (
    BODY_MENTIONS,
    DOCUMENTS,
    INSTRUMENT_BODIES,
    INSTRUMENT_MENTIONS,
    INSTRUMENTS,
    PARAGRAPHS,
    PRIORITIES,
    validate,
)

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_COMMUNITIES",
    "DEFAULT_SHIFTS",
    "DEFAULT_TOPICS",
    "FILLER_TERMS",
    "GENERATOR_LABEL",
    "Curve",
    "GeneratorError",
    "NormaliseCheck",
    "PlantedCorpus",
    "PlantedShift",
    "PlantedSpec",
    "PlantedTopic",
    "PlantedTruth",
    "generate_corpus",
    "shingle_jaccard",
    "topic_shares",
    "write_raw",
]

Curve = Literal["rising", "falling", "peak", "flat"]
NormaliseCheck = Literal["all", "sample"]

GENERATOR_LABEL = "SYNTHETIC PLANTED STATEMENT - ASCC-ANALYSIS PLANTED-SIGNAL GENERATOR"
"""First line of every title block (after the package's synthetic-statement label, see
:mod:`ascc_analysis.ingest.demo`)."""


class GeneratorError(AsccError):
    """The generator produced text that the real pipeline reads differently (a bug in the generator)."""


# --------------------------------------------------------------------------------------------------------------
# Specification
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlantedTopic:
    """A topic: its vocabulary and how its share of paragraphs moves over the years.

    Attributes:
        id: Topic id (``"health"``).
        terms: Lower-case words or two-word phrases, most frequent first.
        curve: Shape of the topic's share over the years (see the module docstring).
    """

    id: str
    terms: tuple[str, ...]
    curve: Curve


@dataclass(frozen=True)
class PlantedShift:
    """A priority shift: terms that appear in ``year`` for the first time and stay.

    Attributes:
        year: The year the terms first appear.
        terms: Lower-case words or two-word phrases used by no topic, filler or other shift.
        theme_id: The dictionary theme (``resources/themes.yaml``) the terms belong to, if any.
    """

    year: int
    terms: tuple[str, ...]
    theme_id: str | None


DEFAULT_TOPICS: tuple[PlantedTopic, ...] = (
    PlantedTopic(
        "health",
        ("vaccines", "disease surveillance", "hospitals", "immunisation", "nurses", "patients", "medicines",
         "antimicrobial resistance", "epidemiology", "health workforce", "clinics", "maternal health", "outbreaks",
         "diagnostics", "nutrition"),
        "falling",
    ),
    PlantedTopic(
        "disaster",
        ("disaster", "early warning", "floods", "evacuation", "humanitarian relief", "earthquakes", "preparedness",
         "hazards", "tsunami", "risk reduction", "emergency response", "shelters", "drought", "rehabilitation",
         "climate"),
        "peak",
    ),
    PlantedTopic(
        "labour",
        ("labour", "migrant workers", "employment", "occupational safety", "wages", "vocational training",
         "apprenticeships", "labour inspection", "social security", "decent work", "recruitment", "unemployment",
         "productivity", "skills"),
        "flat",
    ),
    PlantedTopic(
        "digital",
        ("digital", "broadband", "cybersecurity", "online platforms", "data protection", "digital literacy",
         "innovation", "artificial intelligence", "startups", "fintech", "internet", "smart cities", "mobile",
         "skills", "connectivity"),
        "rising",
    ),
    PlantedTopic(
        "culture",
        ("heritage", "museums", "arts", "cultural exchanges", "creative industries", "festivals", "traditions",
         "heritage sites", "performing arts", "handicrafts", "languages", "film", "archives", "tourism"),
        "falling",
    ),
    PlantedTopic(
        "environment",
        ("biodiversity", "emissions", "forests", "haze", "peatlands", "wetlands", "renewable energy",
         "conservation", "pollution", "waste management", "water resources", "mangroves", "wildlife", "carbon",
         "climate"),
        "rising",
    ),
)  # fmt: skip
"""Six topics, 14–15 terms each, with some two-word terms; ``climate`` and ``skills`` are shared by two topics."""

DEFAULT_COMMUNITIES: tuple[tuple[str, ...], ...] = (
    ("AHMM", "AMMSWD", "ACWC"),
    ("AMMDM", "AMME", "ACB"),
    ("ALMM", "ASED", "ACMW"),
)
"""Three communities of bodies (registry ids) tied through shared instruments."""

DEFAULT_SHIFTS: tuple[PlantedShift, ...] = (
    PlantedShift(2013, ("marine debris", "coral reefs", "ocean acidification"), "environment_climate"),
    PlantedShift(2017, ("care economy", "caregivers", "unpaid carers"), "care_economy"),
)
"""Two shifts in the default span 2009–2020, leaving ten null years."""

FILLER_TERMS: tuple[str, ...] = (
    "regional", "cooperation", "capacity building", "partnership", "stakeholders", "initiatives", "programmes",
    "sustainable", "inclusive", "resilient", "cohesive", "responsive", "dynamic", "prosperous", "connected",
    "dialogue", "collaboration", "exchanges", "policies", "institutions", "networks", "practices", "mechanisms",
    "research", "awareness", "communities", "development", "access", "quality", "resources", "services",
)  # fmt: skip
"""Words shared by every topic; the first chair's theme and priority areas are made of them."""

_CURVES: tuple[str, ...] = get_args(Curve)
_NORMALISE_CHECKS: tuple[str, ...] = get_args(NormaliseCheck)
_MIN_STATEMENTS, _MAX_STATEMENTS = 12, 10_000
_MAX_YEARS = 100
_MIN_PARAGRAPHS, _MAX_PARAGRAPHS = 6, 99
_TERM_RE = re.compile(r"[a-z]+(?: [a-z]+)?")
_ID_RE = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class PlantedSpec:
    """What to plant and how much text to write.

    Attributes:
        n_statements: Number of statements, 12 to 10,000.
        first_year: Year of the first statements.
        n_years: Number of years (1 to 100, at most ``n_statements``); statements are spread evenly over them.
        paragraphs_per_statement: Smallest and largest number of numbered paragraphs (6 to 99).
        topics: The planted topics (two or more, distinct ids).
        communities: Groups of body ids (registry ids) tied through shared instruments; a body in one group only.
        shifts: Planted shifts, in years after the first year.
        boilerplate_share: Target share of topical paragraphs carried over from the previous statement (0 to 0.9).
    """

    n_statements: int = 24
    first_year: int = 2009
    n_years: int = 12
    paragraphs_per_statement: tuple[int, int] = (12, 20)
    topics: tuple[PlantedTopic, ...] = DEFAULT_TOPICS
    communities: tuple[tuple[str, ...], ...] = DEFAULT_COMMUNITIES
    shifts: tuple[PlantedShift, ...] = DEFAULT_SHIFTS
    boilerplate_share: float = 0.3

    @property
    def years(self) -> tuple[int, ...]:
        """The years covered, in order."""
        return tuple(range(self.first_year, self.first_year + self.n_years))


@dataclass(frozen=True)
class PlantedTruth:
    """What was planted, for recovery tests.

    Attributes:
        topic_terms: Topic id to its vocabulary.
        topic_term_weight: ``(topic_id, term, weight)``: the probability of each term when a content word is drawn
            from the topic (Zipf, ``p_r ∝ (r + 1)^-0.8`` by rank ``r`` in ``topic_terms``; sums to one per topic),
            for building reference topic–word vectors.
        topic_share: ``(year, topic_id, share)``: the planted expected share of each year's topical paragraphs.
        paragraph_topic: ``(para_id, topic_id)``: the topic each topical paragraph was drawn from. Paragraph 1 of
            every statement (the chair's priorities) has no topic and is not listed.
        body_community: Body id to its community (index into ``spec.communities``).
        planted_ties: Body pairs (sorted) planted to share instruments: every pair within a community.
        shifts: The planted shifts.
        null_years: Years in which no shift was planted.
        carried_over: Para ids planted as near-verbatim carry-overs from the previous statement.
        carried_from: ``(para_id, source_para_id)`` of every carried-over paragraph.
        shared_instruments: ``(body_a, body_b, n_instruments)``: instruments naming both bodies of a pair, for every
            pair of bodies named together at least once (planted ties and noise).
        instruments: ``(instrument_id, title, instrument_type, topic_id, community, year, bodies)``: every planted
            instrument, the year it was adopted (the year before the first for those referred to from the start)
            and the bodies its mentions name.
    """

    topic_terms: dict[str, tuple[str, ...]]
    topic_term_weight: pl.DataFrame
    topic_share: pl.DataFrame
    paragraph_topic: pl.DataFrame
    body_community: dict[str, int]
    planted_ties: frozenset[tuple[str, str]]
    shifts: tuple[PlantedShift, ...]
    null_years: tuple[int, ...]
    carried_over: frozenset[str]
    carried_from: pl.DataFrame = field(repr=False)
    shared_instruments: pl.DataFrame = field(repr=False)
    instruments: pl.DataFrame = field(repr=False)


@dataclass(frozen=True)
class PlantedCorpus:
    """A generated corpus: the statement texts, the processed tables and the ground truth.

    Attributes:
        spec: The specification it was generated from.
        seed: The seed.
        texts: File name to statement text (synthetic, labelled as such), as :func:`write_raw` writes it.
        documents: :data:`ascc_analysis.schemas.DOCUMENTS`.
        paragraphs: :data:`ascc_analysis.schemas.PARAGRAPHS`.
        instruments: :data:`ascc_analysis.schemas.INSTRUMENTS` (the instruments mentioned).
        instrument_mentions: :data:`ascc_analysis.schemas.INSTRUMENT_MENTIONS` (as planted).
        instrument_bodies: :data:`ascc_analysis.schemas.INSTRUMENT_BODIES` (explicit links as planted).
        body_mentions: :data:`ascc_analysis.schemas.BODY_MENTIONS` (as planted).
        priorities: :data:`ascc_analysis.schemas.PRIORITIES` (as planted).
        truth: What was planted.
    """

    spec: PlantedSpec
    seed: int
    texts: dict[str, str] = field(repr=False)
    documents: pl.DataFrame = field(repr=False)
    paragraphs: pl.DataFrame = field(repr=False)
    instruments: pl.DataFrame = field(repr=False)
    instrument_mentions: pl.DataFrame = field(repr=False)
    instrument_bodies: pl.DataFrame = field(repr=False)
    body_mentions: pl.DataFrame = field(repr=False)
    priorities: pl.DataFrame = field(repr=False)
    truth: PlantedTruth = field(repr=False)


# --------------------------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------------------------


def _check_terms(terms: Sequence[str], *, where: str) -> None:
    if not terms:
        raise ParameterError(f"{where}: no terms given; give one or more lower-case words or two-word phrases")
    bad = [term for term in terms if not isinstance(term, str) or not _TERM_RE.fullmatch(term)]
    if bad:
        raise ParameterError(
            f"{where}: terms {bad} are not accepted; terms are lower-case ASCII words or two-word phrases"
        )
    repeated = sorted({term for term in terms if terms.count(term) > 1})
    if repeated:
        raise ParameterError(f"{where}: terms {repeated} are listed twice; list each term once")


def _check_spec(spec: PlantedSpec) -> None:
    """Raise :class:`ParameterError` naming the first field of ``spec`` with a value that is not accepted."""
    if not _MIN_STATEMENTS <= spec.n_statements <= _MAX_STATEMENTS:
        raise ParameterError(
            f"n_statements={spec.n_statements!r} is not accepted; give {_MIN_STATEMENTS} to {_MAX_STATEMENTS}"
        )
    if not 1 <= spec.n_years <= min(_MAX_YEARS, spec.n_statements):
        raise ParameterError(
            f"n_years={spec.n_years!r} is not accepted; give 1 to {min(_MAX_YEARS, spec.n_statements)} "
            f"(at most n_statements={spec.n_statements}, so that every year has a statement)"
        )
    if not 1900 <= spec.first_year <= 2999 - spec.n_years:
        raise ParameterError(f"first_year={spec.first_year!r} is not accepted; give a year from 1900 to 2900")
    low, high = spec.paragraphs_per_statement
    if not _MIN_PARAGRAPHS <= low <= high <= _MAX_PARAGRAPHS:
        raise ParameterError(
            f"paragraphs_per_statement={spec.paragraphs_per_statement!r} is not accepted; give (low, high) with "
            f"{_MIN_PARAGRAPHS} <= low <= high <= {_MAX_PARAGRAPHS}"
        )
    if len(spec.topics) < 2:
        raise ParameterError(f"topics: {len(spec.topics)} topic(s) given; give two or more")
    ids = [topic.id for topic in spec.topics]
    if len(set(ids)) != len(ids) or not all(_ID_RE.fullmatch(topic_id) for topic_id in ids):
        raise ParameterError(f"topics: ids {ids} are not accepted; give distinct snake_case ids")
    for topic in spec.topics:
        if topic.curve not in _CURVES:
            raise ParameterError(f"topic {topic.id!r}: curve {topic.curve!r} is not one of {list(_CURVES)}")
        _check_terms(topic.terms, where=f"topic {topic.id!r}")
        if len([term for term in topic.terms if " " not in term]) < 2:
            raise ParameterError(f"topic {topic.id!r}: give at least two one-word terms (carry-overs swap them)")
    _check_communities(spec.communities)
    _check_shifts(spec)
    if not 0.0 <= spec.boilerplate_share <= 0.9:
        raise ParameterError(f"boilerplate_share={spec.boilerplate_share!r} is not accepted; give 0 to 0.9")


def _check_communities(communities: tuple[tuple[str, ...], ...]) -> None:
    if not communities:
        raise ParameterError("communities: none given; give one or more groups of two or more body ids")
    registry_ids = {body.id for body in load_registry().bodies}
    seen: set[str] = set()
    for index, group in enumerate(communities):
        if len(group) < 2 or len(set(group)) != len(group):
            raise ParameterError(f"communities[{index}] = {group!r}: give two or more distinct body ids")
        unknown = sorted(set(group) - registry_ids)
        if unknown:
            raise ParameterError(
                f"communities[{index}]: body ids {unknown} are not in the bodies registry (resources/bodies.yaml)"
            )
        twice = sorted(seen & set(group))
        if twice:
            raise ParameterError(f"communities[{index}]: body ids {twice} are already in another community")
        seen |= set(group)


def _check_shifts(spec: PlantedSpec) -> None:
    used = {word for topic in spec.topics for term in topic.terms for word in term.split()}
    used |= {word for term in FILLER_TERMS for word in term.split()}
    years = [shift.year for shift in spec.shifts]
    if len(set(years)) != len(years):
        raise ParameterError(f"shifts: years {years} repeat; plant at most one shift a year")
    last_year = spec.first_year + spec.n_years - 1
    for shift in spec.shifts:
        where = f"shift of {shift.year}"
        if not spec.first_year < shift.year <= last_year:
            raise ParameterError(
                f"{where}: year {shift.year} is not accepted; give a year from {spec.first_year + 1} to {last_year}"
            )
        _check_terms(shift.terms, where=where)
        if len(shift.terms) < 2:
            raise ParameterError(f"{where}: give two or more terms")
        clash = sorted({word for term in shift.terms for word in term.split()} & used)
        if clash:
            raise ParameterError(
                f"{where}: words {clash} are already used by a topic, the filler or another shift; shift terms "
                "must be new"
            )
        used |= {word for term in shift.terms for word in term.split()}


# --------------------------------------------------------------------------------------------------------------
# Planted shares
# --------------------------------------------------------------------------------------------------------------


def _curve_weights(curve: str, x: NDArray[np.float64]) -> NDArray[np.float64]:
    if curve == "rising":
        return 0.5 + 2.0 * x
    if curve == "falling":
        return 2.5 - 2.0 * x
    if curve == "peak":
        return np.asarray(0.5 + 2.0 * np.exp(-(((x - 0.5) / 0.22) ** 2)), dtype=np.float64)
    return np.ones_like(x)


def topic_shares(spec: PlantedSpec) -> pl.DataFrame:
    """The planted expected share of each topic among a year's topical paragraphs.

    ``share(y, t) = w_t(x) / Σ_u w_u(x)`` with ``x = (y − first_year) / (n_years − 1)`` (``x = 0.5`` for a
    single year) and the curve weights ``rising: 0.5 + 2x``, ``falling: 2.5 − 2x``,
    ``peak: 0.5 + 2 exp(−((x − 0.5) / 0.22)²)``, ``flat: 1``.

    Args:
        spec: The specification.

    Returns:
        ``(year, topic_id, share)`` sorted by year and topic id; shares sum to one within a year.

    Raises:
        ParameterError: ``spec`` has a value that is not accepted.
    """
    _check_spec(spec)
    shares = _share_matrix(spec)
    years = np.repeat(np.asarray(spec.years, dtype=np.int32), len(spec.topics))
    topic_ids = [topic.id for topic in spec.topics] * spec.n_years
    return pl.DataFrame(
        {"year": years, "topic_id": topic_ids, "share": shares.ravel()},
        schema={"year": pl.Int32(), "topic_id": pl.String(), "share": pl.Float64()},
    ).sort("year", "topic_id")


def _zipf(n_terms: int) -> NDArray[np.float64]:
    weights = (np.arange(n_terms) + 1.0) ** -_ZIPF_EXPONENT
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def _topic_term_weights(spec: PlantedSpec) -> pl.DataFrame:
    rows = [
        (topic.id, term, float(weight))
        for topic in spec.topics
        for term, weight in zip(topic.terms, _zipf(len(topic.terms)), strict=True)
    ]
    schema = {"topic_id": pl.String(), "term": pl.String(), "weight": pl.Float64()}
    return pl.DataFrame(rows, schema=schema, orient="row").sort("topic_id", "term")


def _share_matrix(spec: PlantedSpec) -> NDArray[np.float64]:
    """Years × topics matrix of planted shares (rows sum to one)."""
    offsets = np.arange(spec.n_years, dtype=np.float64)
    x = offsets / (spec.n_years - 1) if spec.n_years > 1 else np.full(1, 0.5)
    weights = np.stack([_curve_weights(topic.curve, x) for topic in spec.topics], axis=1)
    return np.asarray(weights / weights.sum(axis=1, keepdims=True), dtype=np.float64)


# --------------------------------------------------------------------------------------------------------------
# Text pieces
# --------------------------------------------------------------------------------------------------------------

_MEMBER_STATES: tuple[tuple[str, str], ...] = (
    ("Brunei Darussalam", "Bandar Seri Begawan"),
    ("Cambodia", "Phnom Penh"),
    ("Indonesia", "Jakarta"),
    ("Lao PDR", "Vientiane"),
    ("Malaysia", "Kuala Lumpur"),
    ("Myanmar", "Nay Pyi Taw"),
    ("Philippines", "Manila"),
    ("Singapore", "Singapore"),
    ("Thailand", "Bangkok"),
    ("Viet Nam", "Ha Noi"),
)
"""Chair country and meeting city. The chair of a year is the real one where ``resources/chairmanships.csv`` lists
the year, else ``_MEMBER_STATES[year % 10]``; the chair hosts every meeting of its year in its capital."""

_TEMPLATES: dict[int, tuple[str, ...]] = {
    1: (
        "The Meeting recognised the role of {} in the region.",
        "The Meeting noted the progress made on {}.",
        "The Meeting encouraged further work on {}.",
    ),
    2: (
        "The Meeting underlined the importance of {} for {}.",
        "The Meeting commended the efforts to address {} through {}.",
        "The Meeting welcomed the work on {} and {} across the region.",
        "The Meeting recognised the links between {} and {}.",
    ),
    3: (
        "The Meeting noted the progress made on {}, {} and {}.",
        "The Meeting encouraged Member States to strengthen {} and to promote {} and {}.",
        "The Meeting called for closer coordination on {} and {}, including {}.",
    ),
    4: (
        "The Meeting welcomed the work on {}, {} and {}, and encouraged Member States to share experience on {}.",
        "The Meeting expressed appreciation for the contributions of {} and {} to {} and {}.",
    ),
}
_LIST_LEAD = "The Meeting encouraged Member States to:"
_LIST_VERBS = ("strengthen", "promote", "support", "enhance", "expand", "improve")
_SHIFT_SENTENCE = "The Meeting welcomed the work on {} and {} across the region."  # a topical template
_PRIORITY_VERBS = ("strengthening", "promoting", "enhancing")
_THEME_WORDS = ("Resilient", "Inclusive", "Sustainable", "Cohesive", "Responsive", "Dynamic", "Prosperous", "Connected")
_HEADS: tuple[tuple[str, str], ...] = (
    ("Declaration", "declaration"),
    ("Framework", "framework"),
    ("Work Plan", "work_plan"),
    ("Roadmap", "roadmap"),
    ("Plan of Action", "plan_of_action"),
    ("Guidelines", "guidelines"),
    ("Strategy", "strategy"),
)
_MENTION_FORMS: dict[str, tuple[str, str]] = {
    # status -> (words before the title, words after it when bodies are named, before "the <body>, ...")
    "adoption_expected": ("The Meeting looked forward to the adoption of the ", ", developed by "),
    "adopted": ("The Meeting welcomed the adoption of the ", ", developed by "),
    "referred": ("The Meeting noted the progress in implementing the ", ", led by "),
    "noted": ("The Meeting took note of the ", ", submitted by "),
}

_TOPIC_WORD_SHARE = 0.7
_FILLER_WORD_SHARE = 0.2  # the rest is noise
_ZIPF_EXPONENT = 0.8
_UNITS_RANGE = (16, 29)  # content units (terms) of a new topical paragraph, high end exclusive
_MENTION_PHRASES = 6  # noun phrases kept in a paragraph that holds instrument mentions
_PAIR_SHARE = 0.35  # share of noun phrases of two units
_AND_SHARE = 0.25  # share of two-unit noun phrases joined by "and"
_LIST_SHARE = 0.12
_SHIFT_SENTENCE_SHARE = 0.2
_CROSS_LINK_SHARE = 0.2
_ADOPTION_REPEAT_SHARE = 0.5
_NAMED_REFERENCE_SHARE = 0.35
_NOTED_REFERENCE_SHARE = 0.3
_MEAN_REFERENCES = 1.2
_MAX_REFERENCES = 3
_CARRY_MIN_WORDS = 60  # one word changed: 5-shingle Jaccard about (56 - 5) / (56 + 5) = 0.836
_CARRY_TWO_WORDS = 90  # two adjacent words changed: Jaccard about (86 - 6) / (86 + 6) = 0.870
_CARRY_MIN_JACCARD = 0.82  # checked on every carry-over
_SAMPLE_CHECKS = 64
_WORD_ORDINALS = (
    "FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH", "TENTH", "ELEVENTH",
    "TWELFTH", "THIRTEENTH", "FOURTEENTH", "FIFTEENTH", "SIXTEENTH", "SEVENTEENTH", "EIGHTEENTH", "NINETEENTH",
)  # fmt: skip
_MEETING_TITLE = "ASEAN SOCIO-CULTURAL COMMUNITY (ASCC) COUNCIL MEETING"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_TENS = ("TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY")


def _ordinal_title(number: int) -> str:
    """The meeting number in a title: "FIFTH", "THIRTY-SECOND" up to 99, then "123RD"."""
    if number < 20:
        return _WORD_ORDINALS[number - 1]
    if number < 100:
        tens, unit = divmod(number, 10)
        if unit == 0:
            return _TENS[tens - 2][:-1] + "IETH"
        return f"{_TENS[tens - 2]}-{_WORD_ORDINALS[unit - 1]}"
    return ordinal(number).upper()


def _title_case(term: str) -> str:
    return " ".join(word[0].upper() + word[1:] for word in term.split())


class _Stream:
    """Uniform floats from the seeded generator, drawn in blocks and handed out one by one (no per-call cost)."""

    def __init__(self, rng: np.random.Generator, block: int = 1 << 16) -> None:
        self._rng = rng
        self._block = block
        self._values: list[float] = []
        self._position = 0

    def uniform(self) -> float:
        if self._position == len(self._values):
            self._values = self._rng.random(self._block).tolist()
            self._position = 0
        value = self._values[self._position]
        self._position += 1
        return value

    def index(self, n: int) -> int:
        """A uniform index in ``range(n)``."""
        return min(int(self.uniform() * n), n - 1)


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


# --------------------------------------------------------------------------------------------------------------
# Planning: statements, instruments
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Instrument:
    key: int
    title: str
    instrument_type: str
    instrument_id: str
    topic: int
    year: int
    community: int
    bodies: tuple[str, ...]


@dataclass
class _Mention:
    instrument: _Instrument
    status: str
    bodies: tuple[str, ...]  # bodies named in the sentence (may be empty)


@dataclass
class _Paragraph:
    """A paragraph being written: its text (without its number) and what was planted in it."""

    text: str
    topic: int | None
    carried_from: int | None = None  # index of the source paragraph in the previous statement
    plain: bool = False  # no instrument sentence and no list: may be carried over
    mentions: list[tuple[_Mention, int]] = field(default_factory=list)  # with the title's offset in text
    body_offsets: list[tuple[str, int]] = field(default_factory=list)  # body id, offset of its acronym


def _plan_instruments(spec: PlantedSpec, rng: np.random.Generator) -> list[_Instrument]:
    """Instruments titled from a topic's terms: one per community and year, and one per type adopted before.

    The instruments "adopted" the year before the first are referred to from the first year on, so that every
    instrument type and every way of referring to an instrument occurs from the start. A community's instruments
    name the whole community first, then each pair of its bodies in turn; one in five also names a body of
    another community.
    """
    instruments: list[_Instrument] = []
    titles: set[str] = set()
    n_communities = len(spec.communities)
    slots: list[tuple[int, int, tuple[str, str] | None]] = [
        (spec.first_year - 1, index % n_communities, head) for index, head in enumerate(_HEADS)
    ]
    slots += [(year, community, None) for community in range(n_communities) for year in spec.years]
    offsets = dict.fromkeys(range(n_communities), 0)
    for year, community, fixed_head in slots:
        group = spec.communities[community]
        subsets: list[tuple[str, ...]] = [group[:3], *itertools.combinations(group, 2)] if len(group) > 2 else [group]
        others = [body for index, other in enumerate(spec.communities) if index != community for body in other]
        topic = int(rng.integers(len(spec.topics)))
        terms = spec.topics[topic].terms
        for _attempt in range(1000):
            head, instrument_type = fixed_head or _HEADS[int(rng.integers(len(_HEADS)))]
            first, second = rng.choice(len(terms), size=2, replace=False)
            title = f"ASEAN {head} on {_title_case(terms[first])} and {_title_case(terms[second])}"
            if title not in titles:
                break
        else:  # pragma: no cover - 7 heads x 91 or more term pairs per topic, at most 307 instruments
            raise GeneratorError(f"no unused instrument title left for topic {spec.topics[topic].id!r}")
        titles.add(title)
        bodies = subsets[offsets[community] % len(subsets)]
        offsets[community] += 1
        if others and rng.random() < _CROSS_LINK_SHARE:
            bodies = (*bodies, others[int(rng.integers(len(others)))])
        instruments.append(
            _Instrument(
                key=len(instruments),
                title=title,
                instrument_type=instrument_type,
                instrument_id=instrument_id(title, instrument_type),
                topic=topic,
                year=year,
                community=community,
                bodies=bodies,
            )
        )
    return instruments


def _statement_mentions(
    year: int, *, first_of_year: bool, year_size: int, instruments: Sequence[_Instrument], stream: _Stream
) -> list[_Mention]:
    """Instrument mentions of one statement: this year's adoptions, then references to earlier instruments.

    The first statement of a year mentions each of the year's adoptions (as expected when more statements follow
    in the year); each later statement of the year mentions each adoption with probability 0.5.
    """
    status = "adoption_expected" if first_of_year and year_size > 1 else "adopted"
    mentions = [
        _Mention(item, status, item.bodies)
        for item in instruments
        if item.year == year and (first_of_year or stream.uniform() < _ADOPTION_REPEAT_SHARE)
    ]
    earlier = [item for item in instruments if item.year < year]
    if earlier:
        # Poisson draw by inversion, capped
        n_refs, threshold, product = 0, math.exp(-_MEAN_REFERENCES), stream.uniform()
        while product > threshold and n_refs < _MAX_REFERENCES:
            n_refs += 1
            product *= stream.uniform()
        chosen: list[_Instrument] = []
        for _ in range(min(n_refs, len(earlier))):
            candidates = [item for item in earlier if item not in chosen]
            chosen.append(candidates[stream.index(len(candidates))])
        for item in chosen:
            status = "noted" if stream.uniform() < _NOTED_REFERENCE_SHARE else "referred"
            named = item.bodies if stream.uniform() < _NAMED_REFERENCE_SHARE else ()
            mentions.append(_Mention(item, status, named))
    return mentions


# --------------------------------------------------------------------------------------------------------------
# Writing paragraphs
# --------------------------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------------------------


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _assemble(
    spec: PlantedSpec, seed: int, documents: Sequence[_Document], *, planted: Sequence[_Instrument]
) -> PlantedCorpus:
    """The texts, processed tables and truth of the written statements."""
    registry = load_registry()
    texts = {document.file_name: f"{SYNTHETIC_LABEL}\n{document.text}" for document in documents}

    doc_rows: dict[str, list[object]] = {name: [] for name in DOCUMENTS.columns}
    para_rows: dict[str, list[object]] = {name: [] for name in PARAGRAPHS.columns}
    mention_rows: list[tuple[object, ...]] = []
    link_rows: list[tuple[object, ...]] = []
    body_rows: list[tuple[object, ...]] = []
    priority_rows: list[tuple[object, ...]] = []
    topic_rows: list[tuple[str, str]] = []
    carried_rows: list[tuple[str, str]] = []
    topic_ids = [topic.id for topic in spec.topics]
    previous_ids: list[str] = []
    for document in documents:
        statement = document.statement
        assert statement is not None
        ids = block_ids(statement, doc_id=document.doc_id)
        blocks = statement.blocks
        para_rows["doc_id"].extend([document.doc_id] * len(blocks))
        para_rows["para_id"].extend(ids)
        para_rows["seq"].extend(range(1, len(blocks) + 1))
        for name in ("level", "para_no", "sub_item", "is_numbered", "text", "char_start", "char_end"):
            para_rows[name].extend([getattr(block, name) for block in blocks])
        paragraph_ids = [
            para_id for para_id, block in zip(ids, statement.blocks, strict=True) if block.level == "paragraph"
        ]
        meeting_no = document.index + 1
        row = {
            "doc_id": document.doc_id,
            "source_file": document.file_name,
            "source_format": "txt",
            "content_hash": _sha256(texts[document.file_name]),
            "text_hash": _sha256(document.text),
            "is_synthetic": True,
            "meeting_body_id": "ASCC",
            "meeting_name": format_meeting_name("ASCC", meeting_no, registry=registry),
            "meeting_no": meeting_no,
            "date": document.date,
            "date_end": document.date,
            "date_precision": "day",
            "year": document.year,
            "venue_city": document.city,
            "venue_country": document.chair,
            "chair": document.chair,
            "is_video_conference": False,
            "title": statement.title,
            "text": document.text,
            "n_paragraphs": len(paragraph_ids),
            "missing_fields": [],
            "manifest_fields": [],
        }
        for name, value in row.items():
            doc_rows[name].append(value)

        theme, areas = _priority_areas(document)
        for number, area in enumerate(areas, start=1):
            priority_rows.append(
                (document.doc_id, paragraph_ids[0], document.year, document.chair, theme, None, number, area)
            )
        for para_id, paragraph in zip(paragraph_ids, document.paragraphs, strict=True):
            if paragraph.topic is not None:
                topic_rows.append((para_id, topic_ids[paragraph.topic]))
            if paragraph.carried_from is not None:
                carried_rows.append((para_id, previous_ids[paragraph.carried_from]))
            for mention, start in paragraph.mentions:
                item = mention.instrument
                end = start + len(item.title)
                if paragraph.text[start:end] != item.title:  # pragma: no cover - offsets are computed as written
                    raise GeneratorError(f"{para_id}: instrument title not at its planted offset {start}")
                mention_rows.append(
                    (document.doc_id, para_id, item.instrument_id, item.title, item.instrument_type, mention.status,
                     document.year, start, end)
                )  # fmt: skip
                evidence = paragraph.text[end:].split(".", 1)[0].lstrip(", ")
                for body in mention.bodies:
                    link_rows.append(
                        (document.doc_id, para_id, item.instrument_id, start, body, "explicit", 1.0, evidence)
                    )
            for body, start in paragraph.body_offsets:
                end = start + len(body)
                if paragraph.text[start:end] != body:  # pragma: no cover - offsets are computed as written
                    raise GeneratorError(f"{para_id}: body {body!r} not at its planted offset {start}")
                body_rows.append((document.doc_id, para_id, body, False, "acronym", body, start, end))
        previous_ids = paragraph_ids

    documents_frame = validate(pl.DataFrame(doc_rows, schema=DOCUMENTS.schema), DOCUMENTS)
    paragraphs_frame = validate(pl.DataFrame(para_rows, schema=PARAGRAPHS.schema), PARAGRAPHS)
    instrument_mentions = validate(
        pl.DataFrame(mention_rows, schema=INSTRUMENT_MENTIONS.schema, orient="row"), INSTRUMENT_MENTIONS
    )
    instrument_bodies = validate(
        pl.DataFrame(link_rows, schema=INSTRUMENT_BODIES.schema, orient="row"), INSTRUMENT_BODIES
    )
    body_mentions = validate(pl.DataFrame(body_rows, schema=BODY_MENTIONS.schema, orient="row"), BODY_MENTIONS)
    priorities = validate(pl.DataFrame(priority_rows, schema=PRIORITIES.schema, orient="row"), PRIORITIES)
    instruments = _instruments_frame(instrument_mentions)

    topic_share = topic_shares(spec)
    paragraph_topic = pl.DataFrame(
        topic_rows, schema={"para_id": pl.String(), "topic_id": pl.String()}, orient="row"
    ).sort("para_id")
    carried_from = pl.DataFrame(
        carried_rows, schema={"para_id": pl.String(), "source_para_id": pl.String()}, orient="row"
    ).sort("para_id")
    shift_years = {shift.year for shift in spec.shifts}
    truth = PlantedTruth(
        topic_terms={topic.id: topic.terms for topic in spec.topics},
        topic_term_weight=_topic_term_weights(spec),
        topic_share=topic_share,
        paragraph_topic=paragraph_topic,
        body_community={body: index for index, group in enumerate(spec.communities) for body in group},
        planted_ties=frozenset(
            (min(a, b), max(a, b)) for group in spec.communities for a, b in itertools.combinations(group, 2)
        ),
        shifts=spec.shifts,
        null_years=tuple(year for year in spec.years if year not in shift_years),
        carried_over=frozenset(carried_from.get_column("para_id").to_list()),
        carried_from=carried_from,
        shared_instruments=_shared_instruments(instrument_bodies),
        instruments=_planted_instruments(spec, planted),
    )
    log.info(
        "generated %d planted statements, %d paragraphs, %d instrument mentions (seed %d)",
        documents_frame.height,
        paragraphs_frame.filter(pl.col("level") == "paragraph").height,
        instrument_mentions.height,
        seed,
    )
    return PlantedCorpus(
        spec=spec,
        seed=seed,
        texts=texts,
        documents=documents_frame,
        paragraphs=paragraphs_frame,
        instruments=instruments,
        instrument_mentions=instrument_mentions,
        instrument_bodies=instrument_bodies,
        body_mentions=body_mentions,
        priorities=priorities,
        truth=truth,
    )


_PRIORITY_RE = re.compile(r'its theme "(?P<theme>[^"]+)".*?pillar: (?P<list>.*)\.$', re.DOTALL)
_AREA_RE = re.compile(r"\((?:[ivx]+)\) (?P<area>.*?)(?=, \([ivx]+\) | and \([ivx]+\) |$)")


def _priority_areas(document: _Document) -> tuple[str, list[str]]:
    match = _PRIORITY_RE.search(document.paragraphs[0].text)
    assert match is not None
    return match.group("theme"), [item.group("area") for item in _AREA_RE.finditer(match.group("list"))]


def _instruments_frame(instrument_mentions: pl.DataFrame) -> pl.DataFrame:
    instruments = (
        instrument_mentions.group_by("instrument_id")
        .agg(
            pl.col("title_text").first().alias("title"),
            pl.lit(None, dtype=pl.String()).alias("acronym"),
            pl.col("instrument_type").first(),
            pl.col("year").min().alias("first_year"),
            pl.col("year").max().alias("last_year"),
            pl.len().cast(pl.Int32()).alias("n_mentions"),
            pl.col("title_text").unique().sort().alias("variants"),
        )
        .select(list(INSTRUMENTS.columns))
    )
    return validate(instruments, INSTRUMENTS)


def _planted_instruments(spec: PlantedSpec, instruments: Sequence[_Instrument]) -> pl.DataFrame:
    schema = {
        "instrument_id": pl.String(),
        "title": pl.String(),
        "instrument_type": pl.String(),
        "topic_id": pl.String(),
        "community": pl.Int32(),
        "year": pl.Int32(),
        "bodies": pl.List(pl.String()),
    }
    rows = [
        (item.instrument_id, item.title, item.instrument_type, spec.topics[item.topic].id, item.community,
         item.year, list(item.bodies))
        for item in instruments
    ]  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row").sort("instrument_id")


def _shared_instruments(instrument_bodies: pl.DataFrame) -> pl.DataFrame:
    links = instrument_bodies.select("instrument_id", "body_id").unique()
    pairs = (
        links.join(links, on="instrument_id", suffix="_b")
        .filter(pl.col("body_id") < pl.col("body_id_b"))
        .group_by(pl.col("body_id").alias("body_a"), pl.col("body_id_b").alias("body_b"))
        .agg(pl.col("instrument_id").n_unique().cast(pl.Int32()).alias("n_instruments"))
    )
    return pairs.sort("body_a", "body_b")


# --------------------------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------------------------


def write_raw(corpus: PlantedCorpus, raw_dir: Path) -> list[Path]:
    """Write the statements of a corpus as UTF-8 text files (atomic writes), for the build stage to read.

    Args:
        corpus: A generated corpus.
        raw_dir: Folder to write into; created with its parents when missing. Files of the same name are replaced.

    Returns:
        The paths written, sorted.

    Raises:
        ParameterError: ``raw_dir`` exists and is not a folder.
    """
    raw_dir = Path(raw_dir)
    if raw_dir.exists() and not raw_dir.is_dir():
        raise ParameterError(f"{raw_dir}: exists and is not a folder; give a folder for the raw statements")
    raw_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in sorted(corpus.texts.items()):
        path = raw_dir / name
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_bytes(text.encode("utf-8"))
        os.replace(tmp, path)
        paths.append(path)
    log.info("wrote %d planted statements to %s", len(paths), raw_dir)
    return paths
