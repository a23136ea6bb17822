"""Tests of the manifest checks and coverage (``ascc sources check``).

The manifests and address lists built here are SYNTHETIC (made-up meetings and addresses); the shipped
``data/raw/sources.csv`` and ``source_urls.csv`` are checked as they are.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from ascc_analysis.cli import app
from ascc_analysis.ingest.manifest import MANIFEST_COLUMNS
from ascc_analysis.ingest.source_checks import check_sources, coverage_by, source_coverage

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED_MANIFEST = REPO_ROOT / "data" / "raw" / "sources.csv"
HEADER = ",".join(MANIFEST_COLUMNS)
TODAY = dt.date(2026, 1, 1)
runner = CliRunner()

# source_id,meeting_body_id,meeting_no,other_meetings,is_plus_three,date,date_end,date_precision,venue_city,
# venue_country,chair,chair_theme,is_video_conference,document_kind,url,file,sha256,confidence,provenance
GOOD = [
    "amme-15,AMME,15,COP-AATHP:15;AMME:16+3,false,2019-10-08,2019-10-09,day,,,,,,joint_statement,"
    "https://example.test/amme-15,,,high,test",
    "amme-informal-15,AMME,15,,false,2017-01-01,2017-12-31,year,,,,,,,,,,low,test",
    "almm-24,ALMM,24,,false,2016-05-01,2016-05-31,month,,,,,,,,,,medium,test",
    "ascc-council-30,ASCC,30,,false,2023-05-01,2023-05-01,day,,,,,,,,,,medium,test",
]
URLS = [
    "amme-15,https://example.test/amme-15,official_page,test",
    "amme-15,https://news.example.test/amme,news,test",
    "almm-24,https://news.example.test/almm,news,test",
    "ascc-council-30,https://chair.example.test/30,chair_site,test",
]


def write(tmp_path: Path, rows: list[str], urls: list[str] | None = None) -> Path:
    path = tmp_path / "sources.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    if urls is not None:
        (tmp_path / "source_urls.csv").write_text(
            "\n".join(["source_id,url,role,provenance", *urls]) + "\n", encoding="utf-8"
        )
    return path


def codes(path: Path) -> list[tuple[str | None, str, str]]:
    issues = check_sources(path, today=TODAY).issues
    return [(row["source_id"], row["severity"], row["code"]) for row in issues.iter_rows(named=True)]


def test_a_good_manifest_has_only_the_warnings_it_deserves(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD, URLS)
    result = check_sources(path, today=TODAY)
    assert result.n_errors == 0
    assert result.issues.select("source_id", "code", "message").rows() == [
        ("almm-24", "no_url", "no official address (1 news report(s) listed)"),
        ("amme-informal-15", "no_url", "no official address"),
    ]


def test_every_error_is_listed_with_its_row(tmp_path: Path) -> None:
    rows = [
        *GOOD,
        "amme-15b,AMME,15,,false,2019-10-09,2019-10-09,day,,,,,,,,,,,test",  # the same meeting, overlapping
        "cop-15,COP-AATHP,15,,false,,,,,,,,,,,,,,test",  # in amme-15's other_meetings; no date to tell apart
        "almm-25,ALMM,25,SOMX:3,false,2018-03-02,2018-12-31,year,,,,,,,,,,,test",  # not 1 January; unknown body
        "amri-9,AMRY,9,,false,1966-05-01,1966-05-01,day,,,,,,,,,,,test",  # unknown body, before ASEAN
        "ahmm-20,AHMM,20,,false,2027-01-05,2027-01-05,day,,,,,,,,,,,test",  # in the future
    ]
    path = write(tmp_path, rows, URLS)
    issues = check_sources(path, today=TODAY).issues
    errors = issues.filter(pl.col("severity") == "error").select("source_id", "code", "column", "message")
    assert errors.rows() == [
        ("ahmm-20", "bad_date", "date", "date 2027-01-05 is in the future (today is 2026-01-01)"),
        ("almm-25", "bad_date", "date", "date 2018-03-02 at year precision is not 1 January"),
        ("amri-9", "bad_date", "date", "date 1966-05-01 is before ASEAN was founded (1967)"),
        ("almm-25", "unknown_body", "other_meetings", "other_meetings 'SOMX' is not a body id of the registry "
         "(did you mean 'SOMY'?)"),
        ("amri-9", "unknown_body", "meeting_body_id", "meeting_body_id 'AMRY' is not a body id of the registry "
         "(did you mean 'AMRI'?)"),
        ("amme-15b", "duplicate_meeting", "meeting_no",
         "meeting AMME:15 is also in row amme-15, at an overlapping or unknown date"),
        ("cop-15", "duplicate_meeting", "meeting_no",
         "meeting COP-AATHP:15 is also in row amme-15, at an overlapping or unknown date"),
    ]  # fmt: skip


def test_malformed_values_are_all_listed_and_the_coverage_is_skipped(tmp_path: Path) -> None:
    rows = [
        *GOOD,
        "x-1,ASCC,1,,false,2024-13-01,,day,,,,,,,,,,,test",
        "x-2,ASCC,2,,false,,,,,,,,,memo,,,,,test",
        "x-3,ASCC,3,AMME-16,false,,,,,,,,,,,,,,test",
    ]
    result = check_sources(write(tmp_path, rows), today=TODAY)
    assert result.manifest is None
    assert result.issues.select("source_id", "code", "column").rows() == [
        ("x-2", "bad_value", "document_kind"),
        ("x-3", "bad_value", "other_meetings"),
        ("x-1", "bad_date", "date"),
    ]
    message = result.issues.item(2, "message")
    assert (
        message == "row 5: date '2024-13-01' is not valid; expected a date written YYYY-MM-DD (for example 2024-09-26)"
    )


def test_urls_missing_from_the_list_and_addresses_of_unknown_rows_are_warnings(tmp_path: Path) -> None:
    urls = [*URLS[1:], "gone-1,https://example.test/gone,news,test"]
    path = write(tmp_path, GOOD, urls)
    found = codes(path)
    assert ("amme-15", "warning", "url_not_listed") in found
    assert ("gone-1", "warning", "unknown_source") in found
    assert all(severity == "warning" for _, severity, _ in found)


def test_coverage_by_body_and_year(tmp_path: Path) -> None:
    result = check_sources(write(tmp_path, GOOD, URLS), today=TODAY)
    assert result.manifest is not None
    coverage = source_coverage(result.manifest, result.source_urls)
    by_body = coverage_by(coverage, by="meeting_body_id")
    expected = pl.DataFrame(
        {
            "meeting_body_id": ["ALMM", "AMME", "ASCC", None],
            "n_meetings": [1, 2, 1, 4],
            "n_official_url": [0, 1, 1, 2],
            "n_news_only": [1, 0, 0, 1],
            "n_no_url": [0, 1, 0, 1],
            "n_files": [0, 0, 0, 0],
            "share_official_url": [0.0, 0.5, 1.0, 0.5],
        },
        schema_overrides={
            name: pl.Int64 for name in ("n_meetings", "n_official_url", "n_news_only", "n_no_url", "n_files")
        },
    )
    assert_frame_equal(by_body, expected)
    by_year = coverage_by(coverage, by="year")
    assert by_year.select("year", "n_meetings").rows() == [(2016, 1), (2017, 1), (2019, 1), (2023, 1), (None, 4)]


def test_the_shipped_manifest_meets_the_goal_of_the_issue() -> None:
    result = check_sources(SHIPPED_MANIFEST)
    assert result.n_errors == 0
    assert result.manifest is not None
    coverage = source_coverage(result.manifest, result.source_urls)
    total = coverage_by(coverage, by="meeting_body_id").row(-1, named=True)
    assert total["n_meetings"] >= 150
    assert coverage.get_column("meeting_body_id").n_unique() >= 12
    assert result.manifest.get_column("url").drop_nulls().len() >= 100  # the goal of the issue
    assert total["n_official_url"] >= result.manifest.get_column("url").drop_nulls().len()


def test_ascc_sources_check_exit_status_and_tables(tmp_path: Path) -> None:
    good = runner.invoke(app, ["sources", "check", "--manifest", str(write(tmp_path, GOOD, URLS))])
    assert good.exit_code == 0, good.output
    flat = " ".join(good.output.split())
    assert "By body" in flat and "By year" in flat
    assert "0 error(s); 2 no_url" in flat
    assert "almm-24" in flat and "amme-informal-15" in flat

    twice = [*GOOD, GOOD[-1].replace("ascc-council-30,", "ascc-30,")]  # the same meeting under another id
    bad = runner.invoke(app, ["sources", "check", "--manifest", str(write(tmp_path, twice, URLS))])
    assert bad.exit_code == 1
    assert "duplicate_meeting" in bad.output
    assert "Traceback" not in bad.output

    missing = runner.invoke(app, ["sources", "check", "--manifest", str(tmp_path / "nothere.csv")])
    assert missing.exit_code == 1
    assert "nothere.csv: file not found" in " ".join(missing.output.split())
