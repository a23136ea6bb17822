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


def test_manifest_coverage_counts_meetings_and_statements_per_body_and_year() -> None:
    documents = pl.DataFrame(
        {
            "doc_id": ["a-1", "a-2", "b-1", "c-1", "d-1"],
            "meeting_body_id": ["ASCC", "ASCC", "ALMM", "AMRI", "AMME"],
            "meeting_no": [1, 2, 7, 3, None],
            "year": [2010, 2010, 2010, 2012, 2019],
            "source_file": ["a1.pdf", "a2.pdf", "b1.pdf", "c1.pdf", "amme-15.pdf"],
        },
        schema_overrides={"meeting_no": pl.Int32, "year": pl.Int32},
    )
    manifest = pl.DataFrame(
        {
            "source_id": ["ascc-1", "ascc-2", "ascc-3", "almm-7", "almm-8", "amme-15", "amme-16"],
            "meeting_body_id": ["ASCC", "ASCC", "ASCC", "ALMM", "ALMM", "AMME", "AMME"],
            "meeting_no": [1, 2, 3, 7, 8, 15, 16],
            "date": [dt.date(2010, 1, 5), dt.date(2011, 6, 1), dt.date(2011, 9, 2), None, dt.date(2012, 5, 1),
                     dt.date(2019, 10, 8), dt.date(2021, 10, 21)],
            "file": [None, None, None, None, None, "amme-15.pdf", None],
        },
        schema_overrides={"meeting_no": pl.Int32},
    )  # fmt: skip
    # ascc-2 is dated 2011 but the corpus has ASCC 2 in 2010: not the same meeting (a wrong number or date).
    expected = pl.DataFrame(
        {
            "meeting_body_id": ["ALMM", "ALMM", "ALMM", "AMME", "AMME", "AMRI", "ASCC", "ASCC"],
            "year": [None, 2010, 2012, 2019, 2021, 2012, 2010, 2011],
            "n_meetings": [1, 0, 1, 1, 1, 0, 1, 2],
            "n_in_corpus": [1, 0, 0, 1, 0, 0, 1, 0],
            "n_missing": [0, 0, 1, 0, 1, 0, 0, 2],
            "n_statements": [0, 1, 0, 1, 0, 1, 2, 0],
            "share_in_corpus": [1.0, None, 0.0, 1.0, 0.0, None, 1.0, 0.0],
        },
        schema_overrides={
            "year": pl.Int32,
            **dict.fromkeys(("n_meetings", "n_in_corpus", "n_missing", "n_statements"), pl.Int64),
        },
    )
    assert_frame_equal(overview.manifest_coverage(documents, manifest), expected)


def test_manifest_coverage_of_the_shipped_manifest_against_an_empty_corpus() -> None:
    from pathlib import Path

    from ascc_analysis.ingest.manifest import read_manifest

    manifest = read_manifest(Path(__file__).resolve().parents[2] / "data" / "raw" / "sources.csv")
    empty = pl.DataFrame(
        schema={"doc_id": pl.String, "meeting_body_id": pl.String, "meeting_no": pl.Int32, "year": pl.Int32,
                "source_file": pl.String}
    )  # fmt: skip
    table = overview.manifest_coverage(empty, manifest)
    assert table.get_column("n_meetings").sum() == manifest.height == 169
    assert table.get_column("meeting_body_id").n_unique() == 15
    assert table.get_column("n_in_corpus").sum() == 0
    with pytest.raises(ParameterError, match="documents lacks column"):
        overview.manifest_coverage(empty.drop("source_file"), manifest)
