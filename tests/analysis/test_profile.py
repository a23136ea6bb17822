"""Tests for the statement profile: one statement against the statements before it, on hand-built frames."""

from __future__ import annotations

import polars as pl
import pytest

from ascc_analysis.analysis import profile
from ascc_analysis.errors import ParameterError

DOCUMENTS = pl.DataFrame(
    {
        "doc_id": ["s1", "s2", "s3"],
        "year": [2010, 2011, 2012],
        "meeting_body_id": ["ASCC", "ASCC", "ALMM"],
        "meeting_name": ["ASCC Council", "ASCC Council", "ASEAN Labour Ministers Meeting"],
        "meeting_no": [1, 2, 9],
        "date": ["2010-03-01", "2011-03-01", "2012-05-02"],
        "venue_city": ["Ha Noi", None, "Bangkok"],
        "venue_country": ["Viet Nam", None, "Thailand"],
        "is_video_conference": [False, True, False],
        "chair": ["Viet Nam", None, "Thailand"],
        "n_paragraphs": [2, 2, 2],
        "source_file": ["s1.pdf", "s2.pdf", "s3.pdf"],
    },
    schema_overrides={"year": pl.Int32},
)

PARAGRAPHS = pl.DataFrame(
    {
        "doc_id": ["s1", "s1", "s2", "s2", "s3", "s3"],
        "para_id": ["s1/p01", "s1/p02", "s2/p01", "s2/p02", "s3/p01", "s3/p02"],
        "seq": [1, 2, 1, 2, 1, 2],
        "level": ["paragraph"] * 6,
        "text": [
            "The Meeting noted progress on disaster management.",
            "The Meeting welcomed the heritage programme.",
            "The Meeting noted progress on disaster management.",
            "The Meeting welcomed migrant workers protection.",
            "Migrant workers protection and migrant workers skills.",
            "Labour inspection and migrant workers wages.",
        ],
    }
)


def test_statement_facts_take_the_theme_from_the_chairmanships() -> None:
    chairs = pl.DataFrame({"year": [2011], "chair_country": ["Indonesia"], "theme": ["One Community"]})
    facts = dict(profile.statement_facts(DOCUMENTS, "s2", chairmanships=chairs).iter_rows())
    assert facts["meeting"] == "ASCC Council (2)"
    assert facts["venue"] == "video conference"
    assert facts["chair"] == "Indonesia (ASEAN Chair that year)"
    assert facts["chairmanship theme"] == "One Community"
    assert dict(profile.statement_facts(DOCUMENTS, "s1").iter_rows())["venue"] == "Ha Noi, Viet Nam"
    assert dict(profile.statement_facts(DOCUMENTS, "s2").iter_rows())["chair"] == "unknown"


def test_theme_contrast_compares_with_the_mean_of_the_others() -> None:
    themes = pl.DataFrame(
        {
            "doc_id": ["s1", "s2", "s3", "s3"],
            "para_id": ["s1/p01", "s2/p01", "s3/p01", "s3/p02"],
            "theme_id": ["disaster", "disaster", "labour", "labour"],
        }
    )
    contrast = profile.theme_contrast(themes, PARAGRAPHS, DOCUMENTS, "s3", n_boot=200, seed=1)
    rows = {row["theme_id"]: row for row in contrast.iter_rows(named=True)}
    assert rows["labour"]["share_here"] == 1.0
    assert rows["labour"]["share_rest"] == 0.0
    assert rows["labour"]["unusual"] is True
    assert rows["disaster"]["share_rest"] == pytest.approx(0.5)
    assert rows["disaster"]["difference"] == pytest.approx(-0.5)
    assert rows["disaster"]["rest_low"] == pytest.approx(0.5)  # both other statements have share 0.5
    assert contrast.get_column("n_rest_statements").to_list() == [2, 2]


def test_statement_instruments_marks_what_no_earlier_statement_named() -> None:
    mentions = pl.DataFrame(
        {
            "doc_id": ["s1", "s3", "s3", "s3"],
            "instrument_id": ["plan-a", "plan-a", "decl-b", "decl-b"],
            "status": ["adopted", "referred", "adopted", "noted"],
            "year": [2010, 2012, 2012, 2012],
        },
        schema_overrides={"year": pl.Int32},
    )
    instruments = pl.DataFrame(
        {
            "instrument_id": ["plan-a", "decl-b"],
            "title": ["Plan A", "Declaration B"],
            "instrument_type": ["plan_of_action", "declaration"],
        }
    )
    table = profile.statement_instruments(mentions, instruments, DOCUMENTS, "s3")
    assert table.select("instrument_id", "n_mentions", "first_named", "earlier_statements", "is_new").rows() == [
        ("decl-b", 2, 2012, 0, True),
        ("plan-a", 1, 2010, 1, False),
    ]
    assert table.get_column("statuses").to_list()[0] == ["adopted", "noted"]


def test_statement_bodies_counts_mentions_and_the_share_of_other_statements() -> None:
    mentions = pl.DataFrame(
        {
            "doc_id": ["s3", "s3", "s3", "s1", "s3"],
            "body_id": ["ALMM", "ALMM", "ACMW", "ALMM", "ASEAN"],
            "is_generic": [False, False, False, False, True],
        }
    )
    table = profile.statement_bodies(mentions, DOCUMENTS, "s3")
    assert table.rows() == [("ALMM", 2, 0.5), ("ACMW", 1, 0.0)]


def test_distinctive_terms_put_the_statement_words_on_top() -> None:
    terms = profile.distinctive_terms(PARAGRAPHS, DOCUMENTS, "s3", n=3)
    more = terms.filter(pl.col("side") == "more here")
    assert set(more.get_column("term")) == {"inspection", "inspection migrant", "labour"}  # s3 only
    assert more.get_column("n_rest").to_list() == [0, 0, 0]
    assert set(terms.filter(pl.col("side") == "less here").get_column("term")) == {
        "disaster",
        "disaster management",
        "management",
    }
    assert terms.get_column("z").is_sorted(descending=True)
    assert profile.distinctive_terms(PARAGRAPHS.filter(pl.col("doc_id") == "s1"), DOCUMENTS, "s1").is_empty()


def test_statement_carry_over_lists_paragraphs_in_order() -> None:
    carry = pl.DataFrame(
        {
            "para_id": ["s2/p01", "s2/p02"],
            "similarity": [1.0, 0.2],
            "source_para_id": ["s1/p01", "s1/p02"],
            "is_carried": [True, False],
        }
    )
    table = profile.statement_carry_over(carry, PARAGRAPHS, "s2")
    assert table.select("para_id", "is_carried", "source_para_id").rows() == [
        ("s2/p01", True, "s1/p01"),
        ("s2/p02", False, "s1/p02"),
    ]


def test_unknown_statement_and_bad_n_are_refused() -> None:
    with pytest.raises(ParameterError, match="doc_id='s9' is not in documents"):
        profile.statement_facts(DOCUMENTS, "s9")
    with pytest.raises(ParameterError, match="n=0 must be at least 1"):
        profile.distinctive_terms(PARAGRAPHS, DOCUMENTS, "s3", n=0)
