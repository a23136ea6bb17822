"""The tables of a planted corpus: the processed-corpus frames and the ground truth, built from what was written.

Part of the planted-signal yardstick (:mod:`ascc_analysis.testing.planted`). ``_assemble`` turns the written and
segmented statements into the ``documents``, ``paragraphs``, ``instruments``, ``instrument_mentions``,
``instrument_bodies``, ``body_mentions`` and ``priorities`` tables (validated against
:mod:`ascc_analysis.schemas`) and the :class:`~ascc_analysis.testing.planted.spec.PlantedTruth`, and returns the
:class:`~ascc_analysis.testing.planted.spec.PlantedCorpus`. The extraction tables come from what was planted, not
from extraction. Writes no file.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
from collections.abc import Sequence

import polars as pl

from ascc_analysis.ingest.demo import SYNTHETIC_LABEL
from ascc_analysis.ingest.metadata import format_meeting_name
from ascc_analysis.ingest.segment import block_ids
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
from ascc_analysis.testing.planted.instruments import _Instrument
from ascc_analysis.testing.planted.paragraphs import _Document
from ascc_analysis.testing.planted.shares import _topic_term_weights, topic_shares
from ascc_analysis.testing.planted.spec import GeneratorError, PlantedCorpus, PlantedSpec, PlantedTruth

log = logging.getLogger(__name__)


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
            "other_meetings": [],
            "is_plus_three": False,
            "document_kind": "joint_statement",
            "completeness": "complete",
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
