"""What the planted-signal generator plants: the specification, its defaults and checks, and the result types.

Part of the planted-signal yardstick (:mod:`ascc_analysis.testing.planted`). Declares :class:`PlantedSpec` (what to
plant and how much text to write) with its topics (:class:`PlantedTopic`), shifts (:class:`PlantedShift`) and
defaults (:data:`DEFAULT_TOPICS`, :data:`DEFAULT_COMMUNITIES`, :data:`DEFAULT_SHIFTS`, :data:`FILLER_TERMS`);
``_check_spec`` validates a specification (:class:`~ascc_analysis.errors.ParameterError` naming the field); and
:class:`PlantedCorpus` and :class:`PlantedTruth` hold what :func:`~ascc_analysis.testing.planted.generate_corpus`
returns. Reads the bodies registry (to check community ids); writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

import polars as pl

from ascc_analysis.errors import AsccError, ParameterError
from ascc_analysis.registry import load_registry

Curve = Literal["rising", "falling", "peak", "flat"]
NormaliseCheck = Literal["all", "sample"]

GENERATOR_LABEL = "SYNTHETIC PLANTED STATEMENT - ASCC-ANALYSIS PLANTED-SIGNAL GENERATOR"
"""First line of every title block (after the package's synthetic-statement label, see
:mod:`ascc_analysis.ingest.demo`)."""


class GeneratorError(AsccError):
    """The generator produced text that the real pipeline reads differently (a bug in the generator)."""


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
