"""Assembling the corpus: document ids, the ``documents`` rows with the manifest applied, duplicates across formats,
the ``problems`` table, and the extraction over the whole corpus.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from ascc_analysis.ingest.manifest import apply_manifest, match_source
from ascc_analysis.ingest.metadata import Metadata
from ascc_analysis.ingest.segment import paragraphs_frame
from ascc_analysis.registry import Registry
from ascc_analysis.schemas import PROBLEMS

if TYPE_CHECKING:
    from ascc_analysis.extract import DocumentExtraction, DocumentRows, ExtractionResult

from ascc_analysis.build.cache import Parse, _body_key, _n_paragraphs, _sha256, _title
from ascc_analysis.build.records import FORMAT_PREFERENCE, Problem

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------- ids


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def make_doc_id(metadata: Metadata, *, source_file: str) -> str:
    """A readable, deterministic document id.

    ``<body>-<meeting no>-<date>`` (for example ``ascc-32-2024-09-26``) when the metadata has them, else the
    slug of the file name.
    """
    if metadata.meeting_body_id and metadata.meeting_no is not None:
        when = metadata.date.isoformat() if metadata.date else (str(metadata.year) if metadata.year else "undated")
        return f"{_slug(metadata.meeting_body_id)}-{metadata.meeting_no:02d}-{when}"
    return _slug(Path(source_file).stem) or "statement"


# --------------------------------------------------------------------------------------------- assembly


def _document_row(
    parsed: Parse,
    metadata: Metadata,
    *,
    doc_id: str,
    manifest_fields: Sequence[str],
    text_hash: str | None = None,
) -> dict[str, Any]:
    missing = metadata.missing
    return {
        "doc_id": doc_id,
        "source_file": parsed.source_file,
        "source_format": parsed.source_format,
        "content_hash": parsed.content_hash,
        "text_hash": text_hash if text_hash is not None else _sha256(parsed.text),
        "is_synthetic": parsed.is_synthetic,
        "meeting_body_id": metadata.meeting_body_id,
        "meeting_name": metadata.meeting_name,
        "meeting_no": metadata.meeting_no,
        "date": metadata.date,
        "date_end": metadata.date_end,
        "date_precision": metadata.date_precision,
        "year": metadata.year,
        "venue_city": metadata.venue_city,
        "venue_country": metadata.venue_country,
        "chair": metadata.chair,
        "is_video_conference": metadata.is_video_conference,
        "other_meetings": [dataclasses.asdict(meeting) for meeting in metadata.other_meetings],
        "is_plus_three": metadata.is_plus_three,
        "document_kind": metadata.document_kind,
        "completeness": metadata.completeness,
        "title": _title(parsed),
        "text": parsed.text,
        "n_paragraphs": _n_paragraphs(parsed),
        "missing_fields": sorted(missing),
        "manifest_fields": sorted(manifest_fields),
    }


def _problems_frame(problems: Iterable[Problem]) -> pl.DataFrame:
    rows = [problem.as_dict() for problem in problems]
    frame = pl.DataFrame(rows, schema=PROBLEMS.schema) if rows else PROBLEMS.empty()
    return frame.unique(subset=list(PROBLEMS.key), keep="first", maintain_order=True)


def extract_corpus(
    documents: pl.DataFrame,
    paragraphs: pl.DataFrame,
    *,
    registry: Registry,
    cached: Mapping[str, DocumentExtraction],
    kept: DocumentRows | None = None,
    compute: Callable[..., dict[str, DocumentExtraction]],
) -> ExtractionResult:
    """The extraction tables, reusing cached per-statement results (:func:`ascc_analysis.extract.extract_corpus`)."""
    from ascc_analysis.extract import extract_corpus as extract

    return extract(documents, paragraphs, registry=registry, cached=cached, kept=kept, compute=compute)


def _assemble(
    parsed_documents: Sequence[Parse],
    manifest: pl.DataFrame | None,
    problems: list[Problem],
    paragraphs_of: Callable[[Parse, str], pl.DataFrame | None] | None = None,
) -> tuple[list[dict[str, Any]], list[pl.DataFrame]]:
    """Apply the manifest, give ids, drop duplicates and build the documents rows and paragraph frames.

    ``paragraphs_of(parsed, doc_id)`` makes a statement's paragraph frame (default :func:`paragraphs_frame`); where
    it returns ``None`` no frame is added (the caller has the rows from its cache).
    """
    ordered = sorted(parsed_documents, key=lambda p: (FORMAT_PREFERENCE.get(p.source_format, 9), p.source_file))
    rows: list[dict[str, Any]] = []
    frames: list[pl.DataFrame] = []
    seen_ids: dict[str, str] = {}
    seen_texts: dict[str, str] = {}
    seen_bodies: dict[str, str] = {}
    for parsed in ordered:
        metadata: Metadata = parsed.metadata
        manifest_fields: tuple[str, ...] = ()
        if manifest is not None:
            match = match_source(
                manifest, source_file=parsed.source_file, content_hash=parsed.content_hash, metadata=metadata
            )
            if match is not None:
                metadata, manifest_fields = apply_manifest(metadata, match)
        doc_id = make_doc_id(metadata, source_file=parsed.source_file)
        text_hash = _sha256(parsed.text)
        body_key = _body_key(parsed)
        duplicate_of = seen_texts.get(text_hash) or seen_ids.get(doc_id) or seen_bodies.get(body_key)
        if duplicate_of is not None:
            problems.append(
                Problem(
                    parsed.source_file,
                    "warning",
                    "duplicate",
                    f"{parsed.source_file}: the same statement as {duplicate_of}; skipped",
                )
            )
            continue
        seen_ids[doc_id] = seen_texts[text_hash] = seen_bodies[body_key] = parsed.source_file
        if metadata.missing:
            problems.append(
                Problem(
                    parsed.source_file,
                    "warning",
                    "missing_metadata",
                    f"{parsed.source_file}: could not find {', '.join(metadata.missing)}",
                )
            )
        rows.append(
            _document_row(parsed, metadata, doc_id=doc_id, manifest_fields=manifest_fields, text_hash=text_hash)
        )
        frame = (
            paragraphs_frame(parsed.statement, doc_id=doc_id)
            if paragraphs_of is None
            else paragraphs_of(parsed, doc_id)
        )
        if frame is not None:
            frames.append(frame)
    return rows, frames
