"""A family of planted-topic designs, written independently of :mod:`ascc_analysis.testing.planted` (yardstick).

The topic and shift methods were first checked on the package's own planted generator. This module is a second,
independent yardstick: its own sentence templates, filler words and twelve topic vocabularies (SYNTHETIC text in
ASEAN drafting style, written by the ascc-analysis developers; none is, copies or paraphrases an ASEAN document),
and a *family* of designs rather than one setting: statements per year (1–8), paragraphs per statement, the number
of topics (4–12) and the shape of each topic's yearly share.

**Shapes** (:data:`Shape`). A topic's weight in year ``i`` follows its shape on a clock ``x ∈ [0, 1]`` that moves
on in every year except the *null years*, where nothing changes::

    rise        0.4 + 1.6 x                       decline     2.0 − 1.6 x
    early_peak  0.4 + 1.6 exp(−((x − 0.2) / 0.2)²)  flat        1
    step_up     low before the shift year, high from it (low 0.5, high 1.5 by default)
    step_down   high before the shift year, low from it
    short       0 outside ``length`` (1–3) consecutive years, ``high`` inside

and ``share(i, t) = w_t(i) / Σ_u w_u(i)``. Each paragraph draws its topic from its year's shares; its sentences
take about 70% of their content words from the topic's vocabulary (Zipf-weighted, ``p_r ∝ (r + 1)^-0.8``), the
rest from filler words and, one slot in ten, from another topic.

**Truth** (:class:`FamilyTruth`): the planted and realised yearly shares, the topic of every paragraph, each
topic's term weights in the topic model's terms, the planted **shifts** — the year a step topic steps, and the year
a short-lived topic arrives and the year it disappears — with their planted and realised change in share, and the
**null years** (no planted share changes). The corpus comes as ``documents`` and ``paragraphs`` tables of the
processed-corpus schemas (:mod:`ascc_analysis.schemas`), so the analysis functions take them as they are.

:func:`family_designs` lists the whole family (the benchmark ``benchmarks/bench_family.py`` runs over it);
:data:`FIXED_DESIGNS` are a few designs the tests hold to the targets. :func:`generate_family_corpus` writes one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import polars as pl
from numpy.typing import NDArray

from ascc_analysis.analysis.topics import analyse_text
from ascc_analysis.errors import ParameterError
from ascc_analysis.schemas import DOCUMENTS, PARAGRAPHS, validate

Shape = Literal["rise", "decline", "early_peak", "step_up", "step_down", "short", "flat"]
ShiftKind = Literal["step_up", "step_down", "arrival", "disappearance"]
SHAPES: tuple[str, ...] = get_args(Shape)

FAMILY_LABEL = "SYNTHETIC PLANTED STATEMENT - ASCC-ANALYSIS DESIGN FAMILY (testing.family)"
"""First line of every statement's title block: the text is synthetic, written by the ascc-analysis developers."""

FAMILY_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "schooling": ("schools", "teachers", "curricula", "scholarships", "literacy", "student mobility",
                  "early childhood", "classrooms", "universities", "lifelong learning", "examinations", "textbooks",
                  "tertiary education", "pupils"),
    "youth_sport": ("athletes", "youth volunteers", "sports events", "physical activity", "volunteerism",
                    "stadiums", "coaches", "tournaments", "young people", "fitness", "youth leadership",
                    "sportsmanship", "games", "youth entrepreneurship"),
    "welfare": ("elderly persons", "pensions", "cash transfers", "persons with disabilities", "caregiving",
                "social workers", "poverty line", "welfare services", "ageing population", "safety nets",
                "allowances", "accessibility", "community care", "orphans"),
    "gender": ("women", "gender equality", "girls", "gender mainstreaming", "women leaders", "maternity",
               "empowerment", "equal pay", "gender statistics", "female entrepreneurs", "harassment", "survivors",
               "violence against women", "widows"),
    "rural": ("villages", "farmers", "rural roads", "smallholders", "irrigation", "microfinance", "cooperatives",
              "agricultural extension", "rural livelihoods", "village funds", "land tenure", "food security",
              "remote areas", "harvests"),
    "civil_service": ("civil servants", "public administration", "e-government", "integrity", "merit system",
                      "public sector reform", "procurement", "anti-corruption", "accountability", "bureaucracy",
                      "transparency", "service delivery", "civil service academies", "ombudsman"),
    "media": ("journalists", "broadcasting", "fake news", "media literacy", "newspapers", "television", "radio",
              "press freedom", "public information", "audiences", "storytelling", "communication strategy",
              "podcasts", "editors"),
    "pandemic": ("pandemic", "quarantine", "contact tracing", "lockdowns", "ventilators", "testing kits",
                 "face masks", "infections", "isolation wards", "travel restrictions", "reopening", "booster doses",
                 "protective equipment", "stockpiles"),
    "science": ("laboratories", "scientists", "research grants", "patents", "technology transfer", "space",
                "biotechnology", "nanotechnology", "incubators", "satellites", "metrology", "engineering",
                "scientific talent", "observatories"),
    "cities": ("housing", "urban planning", "public transport", "sanitation", "slums", "green spaces",
               "air quality", "street lighting", "municipalities", "traffic", "affordable homes", "drainage",
               "parks", "urban mobility"),
    "coasts": ("fisheries", "coastal communities", "seagrass", "oceans", "marine parks", "fishermen", "coastlines",
               "ports", "aquaculture", "sea turtles", "estuaries", "islands", "seaweed", "mangrove belts"),
    "nutrition": ("stunting", "breastfeeding", "school meals", "micronutrients", "obesity", "food fortification",
                  "dietary guidelines", "malnutrition", "wasting", "healthy diets", "anaemia", "iodine",
                  "food labelling", "infant feeding"),
}  # fmt: skip
"""Twelve SYNTHETIC topic vocabularies of 14 terms each, most frequent first; no term is in two of them (a few words
are, as in real drafting), and none is a term of :mod:`ascc_analysis.testing.planted`."""

FAMILY_FILLER: tuple[str, ...] = (
    "synergies", "coordination", "frameworks", "modalities", "benchmarks", "milestones", "complementarities",
    "knowledge sharing", "peer learning", "policy coherence", "resource mobilisation", "monitoring",
    "technical assistance", "joint activities", "baseline studies", "guidelines",
)  # fmt: skip
"""Words every topic's sentences use (SYNTHETIC), kept apart from every vocabulary."""

FAMILY_TEMPLATES: tuple[str, ...] = (
    "The Meeting noted the progress of {a} and {b} through {f}.",
    "We welcomed the efforts on {a}, including {b} and {f}.",
    "The Council encouraged {f} on {a} and {b}.",
    "We underscored the importance of {a} and {b} in the {f} of Member States.",
    "The Meeting commended the implementation of {f} on {a} and {b}.",
    "We reaffirmed our commitment to {a} and {b}, and looked forward to {f}.",
    "We tasked the relevant sectoral bodies to strengthen {f} on {a} and {b}.",
    "The Council acknowledged the efforts to enhance {a} and {b} through regional {f}.",
    "We emphasised the importance of {f} to promote {a} and {b}.",
    "The Meeting appreciated the support for {a} and {b}, as well as {f}.",
    "We agreed to further strengthen {a} and {b} with national {f}.",
    "The Meeting recognised the efforts of Member States on {a}, {b} and {f}.",
)
"""SYNTHETIC sentence templates in ASEAN drafting style: ``{a}``, ``{b}`` topic terms, ``{f}`` a filler word."""

_ZIPF = 0.8
_NOISE = 0.1  # share of topic slots filled from another topic


@dataclass(frozen=True)
class FamilyTopic:
    """One planted topic of a design.

    Attributes:
        id: The vocabulary id (a key of :data:`FAMILY_VOCABULARIES`).
        shape: How its share moves (:data:`Shape`).
        year_index: For ``step_up``/``step_down``, the index (from 0) of the year it steps; for ``short``, its
            first year; unused otherwise.
        length: For ``short``, the number of years it is present (1–3).
        low: Weight before a step up, after a step down.
        high: Weight after a step up, before a step down, and of a short-lived topic while present.
    """

    id: str
    shape: Shape
    year_index: int = 0
    length: int = 1
    low: float = 0.5
    high: float = 1.5


@dataclass(frozen=True)
class FamilyDesign:
    """A design of the family: how much text, which topics and how their shares move.

    Attributes:
        name: A readable name (``"s2-k6-p17"``).
        topics: The planted topics.
        statements_per_year: Statements each year (1–8).
        paragraphs_per_statement: Smallest and largest number of paragraphs of a statement (inclusive).
        null_years: Indices (from 0) of the years in which no share changes.
        n_years: Number of years.
        first_year: The first year.
        seed: Seed of every draw.
    """

    name: str
    topics: tuple[FamilyTopic, ...]
    statements_per_year: int
    paragraphs_per_statement: tuple[int, int]
    null_years: tuple[int, ...]
    n_years: int = 16
    first_year: int = 2009
    seed: int = 0


@dataclass(frozen=True)
class FamilyTruth:
    """What a family corpus planted.

    Attributes:
        topic_share: ``year, topic_id, share``: the planted expected share of each topic each year.
        realised_share: ``year, topic_id, share``: the share of each year's paragraphs drawn from the topic.
        paragraph_topic: ``para_id, topic_id``: the topic every paragraph was drawn from.
        topic_terms: ``topic_id, term, weight``: each topic's term distribution in the topic model's terms
            (:func:`ascc_analysis.analysis.topics.analyse_text` of its phrases, Zipf weights).
        shifts: ``year, topic_id, kind, planted_change, realised_change``: steps, arrivals and disappearances,
            with the change in share from the year before (planted and realised).
        null_years: The years in which no planted share changes.
        shapes: ``topic_id → shape``.
    """

    topic_share: pl.DataFrame
    realised_share: pl.DataFrame
    paragraph_topic: pl.DataFrame
    topic_terms: pl.DataFrame
    shifts: pl.DataFrame
    null_years: tuple[int, ...]
    shapes: dict[str, str]


@dataclass(frozen=True)
class FamilyCorpus:
    """A written design: ``documents`` and ``paragraphs`` (processed-corpus schemas) and the truth."""

    design: FamilyDesign
    documents: pl.DataFrame
    paragraphs: pl.DataFrame
    truth: FamilyTruth


def _check_design(design: FamilyDesign) -> None:
    low, high = design.paragraphs_per_statement
    if not 1 <= design.statements_per_year <= 8:
        raise ParameterError(f"design {design.name}: statements_per_year={design.statements_per_year}; use 1 to 8")
    if not 1 <= low <= high:
        raise ParameterError(f"design {design.name}: paragraphs_per_statement={(low, high)}; use 1 <= low <= high")
    if not 2 <= len(design.topics) <= len(FAMILY_VOCABULARIES):
        raise ParameterError(f"design {design.name}: {len(design.topics)} topics; use 2 to {len(FAMILY_VOCABULARIES)}")
    ids = [topic.id for topic in design.topics]
    unknown = sorted(set(ids) - set(FAMILY_VOCABULARIES))
    if unknown or len(set(ids)) != len(ids):
        raise ParameterError(f"design {design.name}: topic ids {ids} must be distinct keys of FAMILY_VOCABULARIES")
    for topic in design.topics:
        if topic.shape not in SHAPES:
            raise ParameterError(f"design {design.name}: shape {topic.shape!r} of {topic.id}; use one of {SHAPES}")
        last = topic.year_index + (topic.length if topic.shape == "short" else 0)
        if topic.shape in ("step_up", "step_down", "short") and not (topic.year_index >= 1 and last < design.n_years):
            raise ParameterError(f"design {design.name}: topic {topic.id} steps outside years 1..{design.n_years - 1}")


def _clock(design: FamilyDesign) -> NDArray[np.float64]:
    moves = np.array([0.0] + [0.0 if i in design.null_years else 1.0 for i in range(1, design.n_years)])
    clock = np.cumsum(moves)
    return np.asarray(clock / max(clock[-1], 1.0), dtype=np.float64)


def _weights(topic: FamilyTopic, x: NDArray[np.float64]) -> NDArray[np.float64]:
    index = np.arange(x.size)
    if topic.shape == "rise":
        return 0.4 + 1.6 * x
    if topic.shape == "decline":
        return 2.0 - 1.6 * x
    if topic.shape == "early_peak":
        return np.asarray(0.4 + 1.6 * np.exp(-(((x - 0.2) / 0.2) ** 2)), dtype=np.float64)
    if topic.shape == "step_up":
        return np.where(index >= topic.year_index, topic.high, topic.low)
    if topic.shape == "step_down":
        return np.where(index >= topic.year_index, topic.low, topic.high)
    if topic.shape == "short":
        inside = (index >= topic.year_index) & (index < topic.year_index + topic.length)
        return np.where(inside, topic.high, 0.0)
    return np.ones_like(x)


def planted_shares(design: FamilyDesign) -> NDArray[np.float64]:
    """The planted share of each topic each year, ``(n_years, n_topics)``; rows sum to one.

    Raises:
        ParameterError: The design has a value that is not accepted.
    """
    _check_design(design)
    x = _clock(design)
    weights = np.column_stack([_weights(topic, x) for topic in design.topics])
    return np.asarray(weights / weights.sum(axis=1, keepdims=True), dtype=np.float64)


def _zipf(n_terms: int) -> NDArray[np.float64]:
    weights = (np.arange(n_terms) + 1.0) ** -_ZIPF
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def _paragraph_text(topic: str, others: list[str], rng: np.random.Generator) -> str:
    terms = FAMILY_VOCABULARIES[topic]
    probabilities = _zipf(len(terms))
    sentences = []
    for _ in range(int(rng.integers(2, 5))):
        template = FAMILY_TEMPLATES[int(rng.integers(len(FAMILY_TEMPLATES)))]
        slots = []
        for _slot in range(2):
            if others and rng.random() < _NOISE:
                other = FAMILY_VOCABULARIES[others[int(rng.integers(len(others)))]]
                slots.append(other[int(rng.integers(len(other)))])
            else:
                slots.append(terms[int(rng.choice(len(terms), p=probabilities))])
        filler = FAMILY_FILLER[int(rng.integers(len(FAMILY_FILLER)))]
        sentences.append(template.format(a=slots[0], b=slots[1], f=filler))
    return " ".join(sentences)


def _topic_terms(topic_ids: list[str]) -> pl.DataFrame:
    rows: list[tuple[str, str, float]] = []
    for topic_id in topic_ids:
        phrases = FAMILY_VOCABULARIES[topic_id]
        for phrase, weight in zip(phrases, _zipf(len(phrases)), strict=True):
            rows.extend((topic_id, term, float(weight)) for term in analyse_text(phrase))
    frame = pl.DataFrame(rows, schema={"topic_id": pl.String, "term": pl.String, "weight": pl.Float64}, orient="row")
    return frame.group_by("topic_id", "term").agg(pl.col("weight").sum()).sort("topic_id", "term")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def generate_family_corpus(design: FamilyDesign) -> FamilyCorpus:
    """Write the statements of a design and return the processed tables and the truth.

    Statement ``j`` of year ``y`` is ASCC Council meeting number ``j`` of that year's sequence, dated in the year;
    every paragraph is numbered and of level ``"paragraph"``; ``documents.text`` is the title block then the
    numbered paragraphs, which ``paragraphs.char_start``/``char_end`` index.

    Args:
        design: The design (seeded by ``design.seed``).

    Returns:
        The :class:`FamilyCorpus`.

    Raises:
        ParameterError: The design has a value that is not accepted.
    """
    shares = planted_shares(design)
    rng = np.random.default_rng([design.seed, 15])
    topic_ids = [topic.id for topic in design.topics]
    years = [design.first_year + i for i in range(design.n_years)]
    doc_rows: list[dict[str, object]] = []
    para_rows: list[dict[str, object]] = []
    truth_rows: list[tuple[str, str]] = []
    meeting_no = 0
    for year_index, year in enumerate(years):
        for statement in range(design.statements_per_year):
            meeting_no += 1
            day = dt.date(year, 1 + (statement * 12) // design.statements_per_year, 10)
            doc_id = f"fam-{meeting_no:03d}-{day.isoformat()}"
            title = f"{FAMILY_LABEL}\nJOINT STATEMENT OF THE {meeting_no} ASCC COUNCIL MEETING\n{day.isoformat()}"
            text = title + "\n\n"
            low, high = design.paragraphs_per_statement
            for para_no in range(1, int(rng.integers(low, high + 1)) + 1):
                topic = topic_ids[int(rng.choice(len(topic_ids), p=shares[year_index]))]
                body = _paragraph_text(topic, [t for t in topic_ids if t != topic], rng)
                prefix = f"{para_no}. "
                start = len(text) + len(prefix)
                text += prefix + body + "\n\n"
                para_id = f"{doc_id}/p{para_no:02d}"
                para_rows.append(
                    {
                        "doc_id": doc_id,
                        "para_id": para_id,
                        "seq": para_no,
                        "level": "paragraph",
                        "para_no": para_no,
                        "sub_item": None,
                        "is_numbered": True,
                        "text": body,
                        "char_start": start,
                        "char_end": start + len(body),
                    }
                )
                truth_rows.append((para_id, topic))
            text = text.rstrip("\n")
            doc_rows.append(
                {
                    "doc_id": doc_id,
                    "source_file": f"{doc_id}.txt",
                    "source_format": "txt",
                    "content_hash": _sha256(text),
                    "text_hash": _sha256(text),
                    "is_synthetic": True,
                    "meeting_body_id": "ASCC",
                    "meeting_name": f"{meeting_no} ASCC Council Meeting",
                    "meeting_no": meeting_no,
                    "date": day,
                    "date_end": day,
                    "date_precision": "day",
                    "year": year,
                    "venue_city": None,
                    "venue_country": None,
                    "chair": None,
                    "is_video_conference": False,
                    "other_meetings": [],
                    "is_plus_three": False,
                    "document_kind": "joint_statement",
                    "completeness": "complete",
                    "title": title,
                    "text": text,
                    "n_paragraphs": sum(1 for row in para_rows if row["doc_id"] == doc_id),
                    "missing_fields": [],
                    "manifest_fields": [],
                }
            )
    documents = validate(pl.DataFrame(doc_rows, schema=DOCUMENTS.schema), DOCUMENTS, source=design.name)
    paragraphs = validate(pl.DataFrame(para_rows, schema=PARAGRAPHS.schema), PARAGRAPHS, source=design.name)
    return FamilyCorpus(design, documents, paragraphs, _truth(design, shares, years, documents, truth_rows))


def _truth(
    design: FamilyDesign,
    shares: NDArray[np.float64],
    years: list[int],
    documents: pl.DataFrame,
    truth_rows: list[tuple[str, str]],
) -> FamilyTruth:
    topic_ids = [topic.id for topic in design.topics]
    topic_share = pl.DataFrame(
        {
            "year": pl.Series(np.repeat(years, len(topic_ids)), dtype=pl.Int32),
            "topic_id": topic_ids * len(years),
            "share": shares.ravel(),
        }
    ).sort("year", "topic_id")
    paragraph_topic = pl.DataFrame(truth_rows, schema={"para_id": pl.String, "topic_id": pl.String}, orient="row")
    counts = (
        paragraph_topic.with_columns(doc_id=pl.col("para_id").str.extract(r"^(.*)/[^/]+$"))
        .join(documents.select("doc_id", "year"), on="doc_id")
        .group_by("year", "topic_id")
        .len()
    )
    grid = pl.DataFrame({"year": pl.Series(years, dtype=pl.Int32)}).join(
        pl.DataFrame({"topic_id": topic_ids}), how="cross"
    )
    realised_share = (
        grid.join(counts, on=["year", "topic_id"], how="left")
        .with_columns(pl.col("len").fill_null(0))
        .with_columns(share=pl.col("len") / pl.col("len").sum().over("year"))
        .select("year", "topic_id", "share")
        .sort("year", "topic_id")
    )
    realised = realised_share.pivot(on="topic_id", index="year", values="share").sort("year")
    shift_rows = []
    for column, topic in enumerate(design.topics):
        events: list[tuple[int, str]] = []
        if topic.shape in ("step_up", "step_down"):
            events.append((topic.year_index, topic.shape))
        elif topic.shape == "short":
            events.append((topic.year_index, "arrival"))
            events.append((topic.year_index + topic.length, "disappearance"))
        for index, kind in events:
            realised_curve = realised.get_column(topic.id).to_numpy()
            shift_rows.append(
                (
                    years[index],
                    topic.id,
                    kind,
                    float(shares[index, column] - shares[index - 1, column]),
                    float(realised_curve[index] - realised_curve[index - 1]),
                )
            )
    shifts = pl.DataFrame(
        shift_rows,
        schema={
            "year": pl.Int32,
            "topic_id": pl.String,
            "kind": pl.String,
            "planted_change": pl.Float64,
            "realised_change": pl.Float64,
        },
        orient="row",
    ).sort("year", "topic_id")
    null_years = tuple(
        years[i] for i in range(1, len(years)) if np.allclose(shares[i], shares[i - 1], rtol=0.0, atol=1e-12)
    )
    return FamilyTruth(
        topic_share=topic_share,
        realised_share=realised_share,
        paragraph_topic=paragraph_topic,
        topic_terms=_topic_terms(topic_ids),
        shifts=shifts,
        null_years=null_years,
        shapes={topic.id: topic.shape for topic in design.topics},
    )


def make_design(
    *,
    n_topics: int,
    statements_per_year: int,
    paragraphs_per_statement: tuple[int, int] = (14, 20),
    short_length: int = 3,
    n_years: int = 16,
    n_null: int = 4,
    step_high: float = 1.5,
    seed: int = 0,
) -> FamilyDesign:
    """A design with one topic of each shape (a short-lived topic and a step always among them), drawn by seed.

    With 4 topics the shapes are short-lived, a step (up or down by seed), and two of rise, decline, early peak and
    flat; from 7 topics on every shape is there and the smooth shapes repeat. The vocabularies, the years of the
    step and of the short-lived topic, and the ``n_null`` null years (never the first year, a shift year or the
    year after the short-lived topic leaves) are drawn by ``seed``.

    Raises:
        ParameterError: A value is not accepted.
    """
    if not 4 <= n_topics <= len(FAMILY_VOCABULARIES):
        raise ParameterError(f"n_topics={n_topics}; use 4 to {len(FAMILY_VOCABULARIES)}")
    if not 1 <= short_length <= 3:
        raise ParameterError(f"short_length={short_length}; use 1 to 3")
    rng = np.random.default_rng([seed, n_topics, statements_per_year])
    vocabularies = [str(name) for name in rng.permutation(list(FAMILY_VOCABULARIES))[:n_topics]]
    step: Shape = "step_up" if rng.random() < 0.5 else "step_down"
    smooth: list[Shape] = ["rise", "decline", "early_peak", "flat"]
    rng.shuffle(smooth)
    others = [*itertools.islice(itertools.cycle(smooth), n_topics - 2)]
    if n_topics >= 7:
        others[0] = "step_up" if step == "step_down" else "step_down"
    step_years = [int(rng.integers(3, n_years - 3))]
    short_start = int(rng.integers(2, n_years - short_length - 1))
    topics = [
        FamilyTopic(vocabularies[0], "short", year_index=short_start, length=short_length, high=step_high),
        FamilyTopic(vocabularies[1], step, year_index=step_years[0], high=step_high),
    ]
    for vocabulary, shape in zip(vocabularies[2:], others, strict=True):
        if shape in ("step_up", "step_down"):
            year_index = int(rng.integers(3, n_years - 3))
            step_years.append(year_index)
            topics.append(FamilyTopic(vocabulary, shape, year_index=year_index, high=step_high))
        else:
            topics.append(FamilyTopic(vocabulary, shape))
    busy = {0, short_start, short_start + short_length, short_start + short_length + 1, *step_years}
    free = [i for i in range(1, n_years) if i not in busy]
    null_years = tuple(sorted(int(i) for i in rng.choice(free, size=min(n_null, len(free)), replace=False)))
    low, high = paragraphs_per_statement
    return FamilyDesign(
        name=f"s{statements_per_year}-k{n_topics}-p{low}-{high}-L{short_length}-seed{seed}",
        topics=tuple(topics),
        statements_per_year=statements_per_year,
        paragraphs_per_statement=paragraphs_per_statement,
        null_years=null_years,
        n_years=n_years,
        seed=seed,
    )


def family_designs(*, seeds: tuple[int, ...] = (0, 1)) -> tuple[FamilyDesign, ...]:
    """The whole family: statements per year 1, 2, 3, 4, 8 × topics 4, 6, 8, 12 × the seeds.

    Paragraphs per statement (10–16, 14–20 or 20–30) and the years the short-lived topic lasts (1, 2 or 3) are
    drawn independently for each design (seeded), so that neither goes with the other or with the number of
    statements. 40 designs with the default two seeds.
    """
    designs = []
    ranges = ((10, 16), (14, 20), (20, 30))
    for seed in seeds:
        for statements in (1, 2, 3, 4, 8):
            for n_topics in (4, 6, 8, 12):
                rng = np.random.default_rng([seed, statements, n_topics, 1])
                designs.append(
                    make_design(
                        n_topics=n_topics,
                        statements_per_year=statements,
                        paragraphs_per_statement=ranges[int(rng.integers(3))],
                        short_length=1 + int(rng.integers(3)),
                        seed=seed,
                    )
                )
    return tuple(designs)


FIXED_DESIGNS: tuple[FamilyDesign, ...] = (
    make_design(n_topics=6, statements_per_year=2, paragraphs_per_statement=(15, 19), short_length=3, seed=7),
    make_design(n_topics=8, statements_per_year=3, paragraphs_per_statement=(14, 20), short_length=2, seed=3),
    make_design(n_topics=4, statements_per_year=2, paragraphs_per_statement=(20, 30), short_length=1, seed=5),
)
"""Three designs the tests hold to the targets: the issue's shape (6 topics, two statements a year of about 17
paragraphs, a three-year topic), a larger one and a one-year topic."""


RECOVERY_SCHEMA = pl.Schema(
    {
        "topic_id": pl.String(),
        "shape": pl.String(),
        "model_topic_id": pl.String(),
        "cosine": pl.Float64(),
        "pearson": pl.Float64(),
        "max_error": pl.Float64(),
        "recovered": pl.Boolean(),
    }
)


def score_topic_recovery(
    paragraph_topics: pl.DataFrame,
    model_terms: pl.DataFrame,
    corpus: FamilyCorpus,
    *,
    min_cosine: float = 0.8,
    min_pearson: float = 0.9,
) -> pl.DataFrame:
    """Which planted topics a fitted model recovers.

    Each planted topic is matched one to one (Hungarian, :func:`ascc_analysis.analysis.topics.match_topics`) with
    a model topic by the cosine of their word vectors (the planted Zipf weights against the model's φ_t). Its yearly
    prevalence (mean paragraph weight θ_p(t) per year) is compared with the realised share of its paragraphs:
    Pearson r, and the largest absolute difference. A topic is **recovered** when cosine ≥ ``min_cosine`` and
    r ≥ ``min_pearson``; a topic whose realised share hardly moves (standard deviation under 0.02, where r
    measures noise) counts when its largest error is under 0.05 instead.

    Args:
        paragraph_topics: ``para_id, doc_id, topic_id, weight`` (:attr:`TopicModel.paragraph_topics`).
        model_terms: ``topic_id, term, weight`` (:attr:`TopicModel.terms`).
        corpus: The family corpus the model was fitted on.

    Returns:
        :data:`RECOVERY_SCHEMA`, one row per planted topic, sorted by topic_id.
    """
    from ascc_analysis.analysis.topics import match_topics

    matches = match_topics(model_terms, corpus.truth.topic_terms).filter(
        pl.col("reference_id").is_not_null() & pl.col("topic_id").is_not_null()
    )
    prevalence = (
        paragraph_topics.join(corpus.documents.select("doc_id", "year"), on="doc_id")
        .group_by("year", "topic_id")
        .agg(pl.col("weight").sum())
        .join(
            corpus.paragraphs.filter(pl.col("level") == "paragraph")
            .join(corpus.documents.select("doc_id", "year"), on="doc_id")
            .group_by("year")
            .len(),
            on="year",
        )
        .with_columns(prevalence=pl.col("weight") / pl.col("len"))
    )
    rows = []
    for topic_id in sorted(corpus.truth.shapes):
        realised = corpus.truth.realised_share.filter(topic_id=topic_id).sort("year")
        match = matches.filter(reference_id=topic_id)
        model_topic = match.get_column("topic_id").item() if match.height else None
        cosine = float(match.get_column("cosine").item()) if match.height else 0.0
        pearson, max_error = float("nan"), float("nan")
        if model_topic is not None:
            curve = realised.join(
                prevalence.filter(topic_id=model_topic).select("year", "prevalence"), on="year", how="left"
            ).with_columns(pl.col("prevalence").fill_null(0.0))
            truth_curve = curve.get_column("share").to_numpy()
            fitted = curve.get_column("prevalence").to_numpy()
            max_error = float(np.abs(truth_curve - fitted).max())
            if truth_curve.std() > 0 and fitted.std() > 0:
                pearson = float(np.corrcoef(truth_curve, fitted)[0, 1])
        moving = float(np.std(realised.get_column("share").to_numpy(), ddof=1)) >= 0.02
        follows = (pearson >= min_pearson) if moving else (max_error <= 0.05 or pearson >= min_pearson)
        rows.append(
            (
                topic_id,
                corpus.truth.shapes[topic_id],
                model_topic,
                cosine,
                pearson,
                max_error,
                bool(cosine >= min_cosine and follows),
            )
        )
    return pl.DataFrame(rows, schema=RECOVERY_SCHEMA, orient="row")


ORACLE_SCHEMA = pl.Schema(
    {"topic_id": pl.String(), "shape": pl.String(), "paragraphs": pl.Int32(), "cosine": pl.Float64()}
)


def oracle_topic_cosines(corpus: FamilyCorpus, *, min_df: int = 2, max_df: float = 0.5) -> pl.DataFrame:
    """The ceiling of topic recovery: each planted topic's words estimated with its paragraphs *known*.

    The paragraphs are weighted as ``fit_topics`` weights them (its vectoriser,
    :func:`~ascc_analysis.analysis.topics.terms.topic_vectorizer`, with ``min_df`` and ``max_df``); a topic's words
    are the mean row of its own paragraphs less the mean row of all the others, clipped at zero (the estimate a
    topic of a few years gets in ``fit_topics``), over the words and phrases a fitted topic publishes
    (:func:`~ascc_analysis.analysis.topics.terms.phrase_terms`), and ``cosine`` is their cosine with the planted
    weights, as :func:`score_topic_recovery` measures it. A topic whose cosine is under 0.8 here is not expected to be
    recovered by any fit: even its own paragraphs, known, are too few to show its words (a fit may still reach 0.8
    by chance, so this is a ceiling in expectation, not a bound).

    Returns:
        :data:`ORACLE_SCHEMA`, one row per planted topic, sorted by topic_id.
    """
    from scipy import sparse

    from ascc_analysis.analysis.topics.bursts import burst_topic_words
    from ascc_analysis.analysis.topics.terms import phrase_terms, topic_vectorizer

    rows = (
        corpus.paragraphs.filter(pl.col("level") == "paragraph")
        .select("para_id", "text")
        .join(corpus.truth.paragraph_topic, on="para_id", how="left", maintain_order="left")
    )
    vectorizer = topic_vectorizer("nmf", min_df=min_df, max_df=max_df)
    matrix = sparse.csr_matrix(vectorizer.fit_transform(rows.get_column("text").to_list()), dtype=np.float64)
    vocabulary = [str(term) for term in vectorizer.get_feature_names_out()]
    column = {term: index for index, term in enumerate(vocabulary)}
    phrases = phrase_terms(vocabulary, rows.get_column("text").to_list())
    labels = rows.get_column("topic_id").to_numpy()
    out = []
    for topic_id in sorted(corpus.truth.shapes):
        inside = np.flatnonzero(labels == topic_id)
        planted = np.zeros(len(column))
        for term, weight in corpus.truth.topic_terms.filter(topic_id=topic_id).select("term", "weight").iter_rows():
            if term in column:
                planted[column[term]] = weight
        cosine = 0.0
        if inside.size and planted.any():
            words = burst_topic_words(matrix, inside, np.flatnonzero(labels != topic_id)) * phrases
            cosine = float(words @ planted / (np.linalg.norm(words) * np.linalg.norm(planted)))
        out.append((topic_id, corpus.truth.shapes[topic_id], int(inside.size), cosine))
    return pl.DataFrame(out, schema=ORACLE_SCHEMA, orient="row")


def dominant_topics(paragraph_topics: pl.DataFrame) -> pl.DataFrame:
    """``para_id, doc_id, topic_id``: each paragraph's topic of largest weight (the smaller id on a tie)."""
    return (
        paragraph_topics.sort(["para_id", "weight", "topic_id"], descending=[False, True, False])
        .unique("para_id", keep="first")
        .select("para_id", "doc_id", "topic_id")
        .sort("para_id")
    )


def score_shift_detection(
    shifts: pl.DataFrame, corpus: FamilyCorpus, *, label_col: str, label_of: dict[str, str] | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Which planted shifts :func:`ascc_analysis.analysis.shifts.share_shifts` flags, and which null years it flags.

    Args:
        shifts: The output of ``share_shifts`` (``year, <label_col>, direction, is_significant``, ...).
        corpus: The family corpus.
        label_col: The label column of ``shifts``.
        label_of: Planted topic id → label in ``shifts`` (the matched model topic); None when the labels are the
            planted topic ids (true paragraph labels).

    Returns:
        The planted shifts with ``found`` (flagged at their year, for their topic, in their direction), and the
        null years with ``n_flags`` (flags of any label that year) and ``flagged``.
    """
    flagged = shifts.filter(pl.col("is_significant"))
    mapping = label_of or {topic: topic for topic in corpus.truth.shapes}
    found = []
    for year, topic_id, kind in corpus.truth.shifts.select("year", "topic_id", "kind").iter_rows():
        label = mapping.get(topic_id)
        direction = "rising" if kind in ("step_up", "arrival") else "falling"
        if label is None:
            found.append(False)
            continue
        hit = flagged.filter(
            (pl.col("year") == year) & (pl.col(label_col) == label) & (pl.col("direction") == direction)
        )
        found.append(hit.height > 0)
    planted = corpus.truth.shifts.with_columns(found=pl.Series(found, dtype=pl.Boolean))
    nulls = (
        pl.DataFrame({"year": pl.Series(corpus.truth.null_years, dtype=pl.Int32)})
        .join(
            flagged.group_by("year").len("n_flags").with_columns(pl.col("year").cast(pl.Int32)), on="year", how="left"
        )
        .with_columns(pl.col("n_flags").fill_null(0))
        .with_columns(flagged=pl.col("n_flags") > 0)
    )
    return planted, nulls
