"""Schemas of every persisted table: columns and types, grain, key and required columns.

This module is the single place that says what the processed corpus holds. :func:`validate` is called when a
table is written and again when it is read (:mod:`ascc_analysis.catalog`), and output tables are sorted by
their key so that the same inputs give byte-identical Parquet files.

Offsets: ``paragraphs.char_start/char_end`` index ``documents.text`` (the normalised text of the statement);
offsets in the extraction tables (``body_mentions``, ``instrument_mentions``) index ``paragraphs.text``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from ascc_analysis.errors import SchemaError


@dataclass(frozen=True)
class TableSpec:
    """A persisted table: its columns, what one row is, and the columns that identify a row.

    Attributes:
        name: File stem of the table in the processed corpus (``<name>.parquet``).
        grain: One sentence saying what one row stands for.
        columns: Column name to polars dtype, in the order the table is written.
        key: Columns whose values are unique per row; the table is sorted by them.
        required: Columns that may hold no nulls (the key columns always are).
    """

    name: str
    grain: str
    columns: Mapping[str, pl.DataType]
    key: tuple[str, ...]
    required: frozenset[str] = field(default_factory=frozenset)

    @property
    def schema(self) -> pl.Schema:
        return pl.Schema(dict(self.columns))

    def empty(self) -> pl.DataFrame:
        """An empty frame with this table's schema."""
        return pl.DataFrame(schema=self.schema)


DOCUMENTS = TableSpec(
    name="documents",
    grain="one joint statement (a raw file; duplicates of the same statement are dropped)",
    columns={
        "doc_id": pl.String(),
        "source_file": pl.String(),  # path relative to the raw folder, with forward slashes
        "source_format": pl.String(),  # pdf | html | txt | docx
        "content_hash": pl.String(),  # sha256 of the raw bytes
        "text_hash": pl.String(),  # sha256 of the normalised text
        "is_synthetic": pl.Boolean(),
        "meeting_body_id": pl.String(),  # registry id: ASCC for the Council, ALMM, AHMM, ...
        "meeting_name": pl.String(),
        "meeting_no": pl.Int32(),
        "date": pl.Date(),  # first day of the meeting
        "date_end": pl.Date(),  # last day (same as date for a one-day meeting)
        "date_precision": pl.String(),  # day | month | year
        "year": pl.Int32(),
        "venue_city": pl.String(),
        "venue_country": pl.String(),
        "chair": pl.String(),
        "is_video_conference": pl.Boolean(),
        # meetings held jointly and named with it, in the order named ("the 15th AMME and the 15th COP to the AATHP":
        # COP-AATHP 15); empty when there are none
        "other_meetings": pl.List(
            pl.Struct({"body_id": pl.String(), "meeting_no": pl.Int32(), "is_plus_three": pl.Boolean()})
        ),
        "is_plus_three": pl.Boolean(),  # an ASEAN Plus Three meeting; null when no meeting is named
        # joint_statement | chairmans_statement | media_release | leaders_statement | declaration | other
        "document_kind": pl.String(),
        "completeness": pl.String(),  # complete | partial (an excerpt, cut short) | landing_page (points to the text)
        "title": pl.String(),  # the title block, kept apart from the body
        "text": pl.String(),  # normalised full text; paragraph offsets index it
        "n_paragraphs": pl.Int32(),  # numbered paragraphs (sub-items not counted)
        "missing_fields": pl.List(pl.String()),  # metadata that could not be found
        "manifest_fields": pl.List(pl.String()),  # metadata taken from data/raw/sources.csv
    },
    key=("doc_id",),
    required=frozenset(
        {
            "source_file",
            "source_format",
            "content_hash",
            "text_hash",
            "is_synthetic",
            "title",
            "text",
            "n_paragraphs",
            "missing_fields",
            "manifest_fields",
            "other_meetings",
        }
    ),
)

PARAGRAPHS = TableSpec(
    name="paragraphs",
    grain="one paragraph, preamble block or section heading of a statement, or one lettered/roman sub-item",
    columns={
        "doc_id": pl.String(),
        "para_id": pl.String(),  # "<doc_id>/p07", "<doc_id>/p07.b", "<doc_id>/pre01", "<doc_id>/h01"
        "seq": pl.Int32(),  # reading order within the document, from 1
        "level": pl.String(),  # preamble | heading | paragraph | sub_item
        "para_no": pl.Int32(),  # the paragraph's number (0 for preamble blocks; a heading: the paragraph after it)
        "sub_item": pl.String(),  # "a", "iii", "2" for sub-items; null otherwise
        "is_numbered": pl.Boolean(),  # false where the statement had no numbers and they were inferred
        "text": pl.String(),
        "char_start": pl.Int32(),  # offsets into documents.text
        "char_end": pl.Int32(),
    },
    key=("doc_id", "seq"),
    required=frozenset({"para_id", "level", "para_no", "is_numbered", "text", "char_start", "char_end"}),
)

PROBLEMS = TableSpec(
    name="problems",
    grain="one problem met while building the corpus from one raw file",
    columns={
        "source_file": pl.String(),
        "severity": pl.String(),  # error (file skipped) | warning (file used)
        "code": pl.String(),  # empty_file, encrypted_pdf, corrupt_pdf, binary_file, no_statement, duplicate, ...
        "message": pl.String(),
    },
    key=("source_file", "code", "message"),
    required=frozenset({"severity"}),
)

BODY_MENTIONS = TableSpec(
    name="body_mentions",
    grain="one mention of an ASCC body (or a generic reference to bodies) in one paragraph",
    columns={
        "doc_id": pl.String(),
        "para_id": pl.String(),
        "body_id": pl.String(),  # registry id; null for a generic reference
        "is_generic": pl.Boolean(),
        "match_kind": pl.String(),  # name | acronym | alias | generic
        "matched_text": pl.String(),
        "char_start": pl.Int32(),  # offsets into paragraphs.text
        "char_end": pl.Int32(),
    },
    key=("para_id", "char_start", "char_end"),
    required=frozenset({"doc_id", "is_generic", "match_kind", "matched_text"}),
)

INSTRUMENTS = TableSpec(
    name="instruments",
    grain="one canonical instrument or outcome document, however it is named across statements",
    columns={
        "instrument_id": pl.String(),
        "title": pl.String(),  # canonical (longest full) title
        "acronym": pl.String(),
        "instrument_type": pl.String(),  # declaration, framework, plan_of_action, ...
        "first_year": pl.Int32(),
        "last_year": pl.Int32(),
        "n_mentions": pl.Int32(),
        "variants": pl.List(pl.String()),  # every surface title mapped to this instrument
    },
    key=("instrument_id",),
    required=frozenset({"title", "instrument_type", "n_mentions", "variants"}),
)

INSTRUMENT_MENTIONS = TableSpec(
    name="instrument_mentions",
    grain="one naming of an instrument in one paragraph",
    columns={
        "doc_id": pl.String(),
        "para_id": pl.String(),
        "instrument_id": pl.String(),
        "title_text": pl.String(),  # the exact span as written
        "instrument_type": pl.String(),
        # adopted | adoption_expected | noted | notation_expected | endorsed | signed | signing_expected | launched
        # | referred (see tests/gold/GUIDELINES.md)
        "status": pl.String(),
        "year": pl.Int32(),
        "char_start": pl.Int32(),  # offsets into paragraphs.text
        "char_end": pl.Int32(),
    },
    key=("para_id", "char_start", "char_end"),
    required=frozenset({"doc_id", "instrument_id", "title_text", "instrument_type", "status"}),
)

INSTRUMENT_BODIES = TableSpec(
    name="instrument_bodies",
    grain="one attribution of an instrument mention to an ASCC body",
    columns={
        "doc_id": pl.String(),
        "para_id": pl.String(),
        "instrument_id": pl.String(),
        "char_start": pl.Int32(),  # of the instrument mention, into paragraphs.text
        "body_id": pl.String(),
        "provenance": pl.String(),  # explicit | inferred
        "confidence": pl.Float64(),  # 0..1
        "evidence": pl.String(),  # the words that tie the body to the instrument
    },
    key=("para_id", "char_start", "body_id"),
    required=frozenset({"doc_id", "instrument_id", "provenance", "confidence"}),
)

PRIORITIES = TableSpec(
    name="priorities",
    grain="one chairmanship priority area listed in one statement",
    columns={
        "doc_id": pl.String(),
        "para_id": pl.String(),
        "year": pl.Int32(),
        "chair": pl.String(),
        "theme": pl.String(),  # the chairmanship theme as the statement gives it
        "priority_group": pl.String(),  # for example "Enhancing Connectivity"; null when ungrouped
        "priority_no": pl.Int32(),  # order within the statement, from 1
        "priority_text": pl.String(),
    },
    key=("doc_id", "priority_no"),
    required=frozenset({"para_id", "priority_text"}),
)

PARAGRAPH_THEMES = TableSpec(
    name="paragraph_themes",
    grain="one theme tag on one paragraph, with the words that triggered it",
    columns={
        "doc_id": pl.String(),
        "para_id": pl.String(),
        "theme_id": pl.String(),
        "n_hits": pl.Int32(),
        "matched_terms": pl.List(pl.String()),
    },
    key=("para_id", "theme_id"),
    required=frozenset({"doc_id", "n_hits", "matched_terms"}),
)

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        DOCUMENTS,
        PARAGRAPHS,
        PROBLEMS,
        BODY_MENTIONS,
        INSTRUMENTS,
        INSTRUMENT_MENTIONS,
        INSTRUMENT_BODIES,
        PRIORITIES,
        PARAGRAPH_THEMES,
    )
}


def validate(frame: pl.DataFrame, spec: TableSpec, *, source: str | None = None) -> pl.DataFrame:
    """Check a frame against a table spec and return it in canonical column order, sorted by key.

    Args:
        frame: The table to check.
        spec: Its declared spec.
        source: Where the frame came from (a file path), named in error messages.

    Returns:
        The frame with columns in declared order, sorted by the key columns.

    Raises:
        SchemaError: A column is missing, extra or of the wrong type, a required column holds nulls, or the
            key is not unique.
    """
    where = f"{spec.name} ({source})" if source else spec.name
    expected = spec.schema
    missing = [name for name in expected if name not in frame.columns]
    extra = [name for name in frame.columns if name not in expected]
    if missing or extra:
        raise SchemaError(f"{where}: missing columns {missing}, unexpected columns {extra}")
    wrong = [
        f"{name} is {frame.schema[name]}, expected {dtype}"
        for name, dtype in expected.items()
        if frame.schema[name] != dtype
    ]
    if wrong:
        raise SchemaError(f"{where}: wrong column types: {'; '.join(wrong)}")
    for name in sorted(spec.required | set(spec.key)):
        n_null = frame.get_column(name).null_count()
        if n_null:
            raise SchemaError(f"{where}: column {name!r} holds {n_null} null value(s); it is required")
    n_dupes = frame.height - frame.select(spec.key).unique().height
    if n_dupes:
        raise SchemaError(f"{where}: key {list(spec.key)} is not unique ({n_dupes} duplicate row(s))")
    return frame.select(list(expected)).sort(list(spec.key))
