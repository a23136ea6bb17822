"""Tests for the corpus overview tables, on hand-built frames with known answers."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ascc_analysis.analysis import overview
from ascc_analysis.errors import ParameterError

DOCUMENTS = pl.DataFrame(
    {
        "doc_id": ["a-1", "a-2", "b-1", "a-3"],
        "meeting_body_id": ["ASCC", "ASCC", "ALMM", "ASCC"],
        "meeting_no": [1, 2, 7, 4],
        "year": [2010, 2010, 2010, 2013],
        "n_paragraphs": [3, 4, 2, 5],
        "missing_fields": [[], ["chair"], ["chair", "venue"], []],
    },
    schema_overrides={"meeting_no": pl.Int32, "year": pl.Int32, "n_paragraphs": pl.Int32},
)


def test_statement_counts_per_year_and_body() -> None:
    expected = pl.DataFrame(
        {
            "year": [2010, 2010, 2013],
            "meeting_body_id": ["ALMM", "ASCC", "ASCC"],
            "n_statements": [1, 2, 1],
            "n_paragraphs": [2, 7, 5],
        },
        schema_overrides={"year": pl.Int32},
    )
    assert_frame_equal(overview.statement_counts(DOCUMENTS), expected)


def test_year_gaps_within_the_corpus_span_and_a_given_span() -> None:
    assert overview.year_gaps(DOCUMENTS) == [2011, 2012]
    assert overview.year_gaps(DOCUMENTS, first_year=2009, last_year=2014) == [2009, 2011, 2012, 2014]
    with pytest.raises(ParameterError, match="after"):
        overview.year_gaps(DOCUMENTS, first_year=2015, last_year=2014)


def test_coverage_lists_every_manifest_meeting_with_its_statement() -> None:
    manifest = pl.DataFrame(
        {
            "meeting_body_id": ["ASCC", "ASCC", "ASCC", "ALMM"],
            "meeting_no": [1, 2, 3, 7],
            "date": [dt.date(2010, 1, 5), dt.date(2010, 6, 1), dt.date(2011, 3, 2), dt.date(2010, 5, 5)],
            "venue_country": ["Viet Nam", "Viet Nam", "Indonesia", "Viet Nam"],
            "chair": ["Viet Nam", "Viet Nam", "Indonesia", None],
            "chair_theme": ["T1", "T1", "T2", None],
        },
        schema_overrides={"meeting_no": pl.Int32},
    )
    table = overview.coverage(DOCUMENTS, manifest)
    assert table.get_column("meeting_no").to_list() == [1, 2, 3]
    assert table.get_column("in_corpus").to_list() == [True, True, False]
    assert table.get_column("doc_id").to_list() == ["a-1", "a-2", None]


def test_extraction_quality_counts_per_statement() -> None:
    documents = DOCUMENTS.filter(pl.col("doc_id").is_in(["a-1", "b-1"]))
    paragraphs = pl.DataFrame(
        {
            "doc_id": ["a-1", "a-1", "a-1", "a-1", "b-1", "b-1"],
            "para_id": ["a-1/pre01", "a-1/p01", "a-1/p02", "a-1/p02.a", "b-1/p01", "b-1/p02"],
            "level": ["preamble", "paragraph", "paragraph", "sub_item", "paragraph", "paragraph"],
        }
    )
    themes = pl.DataFrame(
        {"doc_id": ["a-1", "a-1", "a-1", "b-1"], "para_id": ["a-1/p01", "a-1/p01", "a-1/pre01", "b-1/p02"]}
    )
    bodies = pl.DataFrame({"doc_id": ["a-1", "a-1", "a-1"]})
    mentions = pl.DataFrame({"doc_id": ["b-1"]})
    links = pl.DataFrame({"doc_id": ["a-1", "a-1", "a-1", "a-1"], "provenance": ["explicit"] * 3 + ["inferred"]})
    table = overview.extraction_quality(documents, paragraphs, themes, bodies, mentions, links)
    assert table.to_dicts() == [
        {
            "doc_id": "a-1",
            "year": 2010,
            "n_paragraphs": 2,
            "share_themed": 0.5,
            "n_body_mentions": 3,
            "n_instrument_mentions": 0,
            "share_explicit_links": 0.75,
            "n_missing_fields": 0,
        },
        {
            "doc_id": "b-1",
            "year": 2010,
            "n_paragraphs": 2,
            "share_themed": 0.5,
            "n_body_mentions": 0,
            "n_instrument_mentions": 1,
            "share_explicit_links": None,
            "n_missing_fields": 2,
        },
    ]


def test_problem_summary_puts_errors_first() -> None:
    problems = pl.DataFrame(
        {
            "source_file": ["x.pdf", "y.pdf", "y.pdf", "z.txt"],
            "severity": ["warning", "warning", "error", "warning"],
            "code": ["missing_metadata", "missing_metadata", "corrupt_pdf", "missing_metadata"],
            "message": ["x: no chair", "y: no chair", "y: corrupt", "z: no date"],
        }
    )
    table = overview.problem_summary(problems)
    assert table.rows() == [
        ("error", "corrupt_pdf", 1, "y: corrupt"),
        ("warning", "missing_metadata", 3, "x: no chair"),
    ]


def test_missing_column_is_named() -> None:
    with pytest.raises(ParameterError, match=r"documents lacks column\(s\) \['n_paragraphs'\]"):
        overview.statement_counts(DOCUMENTS.drop("n_paragraphs"))


KINDS = pl.DataFrame(
    {
        "doc_id": ["s-1", "r-1", "x-1", "s-2", "l-1", "u-1"],
        "year": [2020, 2020, 2020, 2021, 2021, None],
        "document_kind": ["joint_statement", "media_release", "joint_statement", "declaration", None, "other"],
        "completeness": ["complete", "complete", "partial", "complete", "landing_page", "complete"],
    },
    schema_overrides={"year": pl.Int32},
)


def test_document_kinds_per_year() -> None:
    expected = pl.DataFrame(
        {
            "year": [None, 2020, 2020, 2020, 2021, 2021],
            "document_kind": ["other", "joint_statement", "joint_statement", "media_release", None, "declaration"],
            "completeness": ["complete", "complete", "partial", "complete", "landing_page", "complete"],
            "n_documents": [1, 1, 1, 1, 1, 1],
        },
        schema_overrides={"year": pl.Int32},
    )
    assert_frame_equal(overview.document_kinds(KINDS), expected)


def test_set_aside_per_year_counts_each_reason() -> None:
    expected = pl.DataFrame(
        {
            "year": [None, 2020, 2021],
            "n_documents": [1, 3, 2],
            "n_kept": [1, 1, 1],
            "n_partial": [0, 1, 0],
            "n_landing_page": [0, 0, 1],
            "n_media_release": [0, 1, 0],
        },
        schema_overrides={"year": pl.Int32},
    )
    assert_frame_equal(overview.set_aside_per_year(KINDS), expected)


def test_document_kinds_needs_the_columns() -> None:
    with pytest.raises(ParameterError, match=r"documents lacks column\(s\) \[.document_kind., .completeness.\]"):
        overview.document_kinds(DOCUMENTS)
