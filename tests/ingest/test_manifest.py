"""Tests of the source manifest (read, validate, write, match, apply) and of the chairmanships resource.

Manifest rows built here are SYNTHETIC (made-up file names and hashes); the shipped ``data/raw/sources.csv`` and
``resources/chairmanships.csv`` are checked as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ascc_analysis.errors import ManifestError, SchemaError
from ascc_analysis.ingest.manifest import (
    ADDED_COLUMNS,
    MANIFEST_COLUMNS,
    MANIFEST_SCHEMA,
    MeetingRef,
    apply_manifest,
    manifest_meetings,
    match_source,
    parse_other_meetings,
    read_chairmanships,
    read_manifest,
    read_source_urls,
    urls_of,
    write_manifest,
    write_source_urls,
)
from ascc_analysis.ingest.metadata import Metadata
from ascc_analysis.registry import Registry, load_registry

D = dt.date
REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED_MANIFEST = REPO_ROOT / "data" / "raw" / "sources.csv"
HASH_A = "a" * 64
HASH_B = "0123456789abcdef" * 4

HEADER = ",".join(MANIFEST_COLUMNS)
FIRST_LAYOUT = [column for column in MANIFEST_COLUMNS if column not in ADDED_COLUMNS]


def new_layout(row: str) -> str:
    """A row written in the manifest's first layout (16 columns), with the added columns empty at their places."""
    fields = next(csv.reader([row]))
    if len(fields) != len(FIRST_LAYOUT):
        return row  # a deliberately malformed row
    values = dict(zip(FIRST_LAYOUT, fields, strict=True))
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([values.get(column, "") for column in MANIFEST_COLUMNS])
    return out.getvalue()


# SYNTHETIC rows: two ASCC meetings and one ALMM meeting
GOOD_ROWS = [
    "ascc-council-32,ASCC,32,2024-09-26,2024-09-26,day,Vientiane,Lao PDR,Lao PDR,"
    '"ASEAN: Enhancing Connectivity and Resilience",false,https://example.org/32,ascc/32.pdf,,high,test',
    f"ascc-council-23,ASCC,23,2020-06-23,2020-06-23,day,,Vietnam,Viet Nam,,TRUE,,,{HASH_B.upper()},medium,test",
    "almm-24,ALMM,24,2016-05,,,,,,,,,,,low,test",
]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def write_rows(tmp_path: Path, rows: list[str], *, header: str = HEADER, name: str = "sources.csv") -> Path:
    path = tmp_path / name
    if header == HEADER:
        rows = [new_layout(row) for row in rows]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def manifest_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    full = [
        {column: row.get(column) for column in MANIFEST_COLUMNS} | {"is_plus_three": row.get("is_plus_three", False)}
        for row in rows
    ]
    return pl.DataFrame(full, schema=MANIFEST_SCHEMA, orient="row")


def good_manifest(tmp_path: Path) -> pl.DataFrame:
    rows = [*GOOD_ROWS[:2], "almm-24,ALMM,24,2016-05-01,2016-05-31,month,,,,,,,,,low,test"]
    return read_manifest(write_rows(tmp_path, rows))


# ------------------------------------------------------------------------------------------ read_manifest


def test_read_manifest_types_and_values(tmp_path: Path) -> None:
    manifest = good_manifest(tmp_path)
    expected = manifest_frame(
        [
            {"source_id": "ascc-council-32", "meeting_body_id": "ASCC", "meeting_no": 32, "date": D(2024, 9, 26),
             "date_end": D(2024, 9, 26), "date_precision": "day", "venue_city": "Vientiane",
             "venue_country": "Lao PDR", "chair": "Lao PDR",
             "chair_theme": "ASEAN: Enhancing Connectivity and Resilience", "is_video_conference": False,
             "url": "https://example.org/32", "file": "ascc/32.pdf", "confidence": "high", "provenance": "test"},
            {"source_id": "ascc-council-23", "meeting_body_id": "ASCC", "meeting_no": 23, "date": D(2020, 6, 23),
             "date_end": D(2020, 6, 23), "date_precision": "day", "venue_country": "Viet Nam", "chair": "Viet Nam",
             "is_video_conference": True, "sha256": HASH_B, "confidence": "medium", "provenance": "test"},
            {"source_id": "almm-24", "meeting_body_id": "ALMM", "meeting_no": 24, "date": D(2016, 5, 1),
             "date_end": D(2016, 5, 31), "date_precision": "month", "confidence": "low", "provenance": "test"},
        ]
    )  # fmt: skip
    assert_frame_equal(manifest, expected)
    assert manifest.schema == pl.Schema(MANIFEST_SCHEMA)
    assert manifest.schema["meeting_no"] == pl.Int32()
    assert manifest.schema["date"] == pl.Date()


def test_read_manifest_accepts_a_byte_order_mark_and_padding(tmp_path: Path) -> None:
    path = tmp_path / "sources.csv"
    row = "x-1 ,ASCC, 7 ,,,,,,,,,,,,,,,,"
    path.write_bytes(b"\xef\xbb\xbf" + f"{HEADER}\n{row}\n".encode())
    manifest = read_manifest(path)
    assert manifest.select("source_id", "meeting_no").row(0) == ("x-1", 7)


ERROR_CASES = [
    # (row replacing the last good row, text the message must hold)
    ("almm-24,ALMM,24,2016-13-01,,day,,,,,,,,,low,test", "row 3 (line 4): date '2016-13-01'"),
    ("almm-24,ALMM,24,26/09/2024,,day,,,,,,,,,low,test", "row 3 (line 4): date '26/09/2024'"),
    ("almm-24,ALMM,24,2016-05,,month,,,,,,,,,low,test", "date '2016-05' is not valid; expected a date written"),
    ("almm-24,ALMM,24,2016-05-02,2016-05-01,day,,,,,,,,,low,test", "date_end '2016-05-01'"),
    ("almm-24,ALMM,24,,2016-05-01,,,,,,,,,,low,test", "no date_end without a date"),
    ("almm-24,ALMM,24,2016-05-01,,,,,,,,,,,low,test", "a date needs its precision"),
    ("almm-24,ALMM,24,,,day,,,,,,,,,low,test", "empty when date is empty"),
    ("almm-24,ALMM,24,2016-05-01,,week,,,,,,,,,low,test", "date_precision 'week' is not valid; expected one of day"),
    ("almm-24,ALMM,twenty,,,,,,,,,,,,low,test", "meeting_no 'twenty'"),
    ("almm-24,ALMM,0,,,,,,,,,,,,low,test", "meeting_no '0' is not valid; expected a whole number from 1"),
    ("almm-24,ALMM,24,,,,,,,,yes,,,,low,test", "is_video_conference 'yes' is not valid; expected true, false"),
    ("almm-24,ALMM,24,,,,,,,,,,,,certain,test", "confidence 'certain'"),
    ("almm-24,ALMM,24,,,,,,,,,www.example.org,,,low,test", "url 'www.example.org'"),
    ("almm-24,ALMM,24,,,,,,,,,,,abc123,low,test", "sha256 'abc123' is not valid; expected 64 hexadecimal"),
    ("almm-24,ALMM,24,,,,,,,,,,/etc/x.pdf,,low,test", "file '/etc/x.pdf'"),
    ("almm-24,ALMM,24,,,,,,,,,,../x.pdf,,low,test", "file '../x.pdf'"),
    ("almm-24,ALMM,24,,,,,,,,,,a\\x.pdf,,low,test", "file 'a\\\\x.pdf'"),
    (",ALMM,24,,,,,,,,,,,,low,test", "row 3 (line 4): source_id '' is not valid; expected a non-empty id"),
    ("almm 24,ALMM,24,,,,,,,,,,,,low,test", "source_id 'almm 24'"),
    ("ascc-council-32,ALMM,24,,,,,,,,,,,,low,test", "row 1 (line 2): source_id 'ascc-council-32' is not valid; "
     "expected a source_id that no other row has"),
    ("almm-24,ALMM,24,,,,,,,,,,ascc/32.pdf,,low,test", "file 'ascc/32.pdf' is not valid; expected a file that"),
    (f"almm-24,ALMM,24,,,,,,,,,,,{HASH_B},low,test", "expected a sha256 that no other row has"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "message"), ERROR_CASES)
def test_read_manifest_bad_values(tmp_path: Path, row: str, message: str) -> None:
    path = write_rows(tmp_path, [*GOOD_ROWS[:2], row])
    with pytest.raises(ManifestError) as caught:
        read_manifest(path)
    assert str(caught.value).startswith(f"{path}, row ")
    assert message in str(caught.value)


def test_read_manifest_missing_column(tmp_path: Path) -> None:
    header = HEADER.replace(",provenance", "")
    path = write_rows(tmp_path, ["x-1,ASCC,1,,,,,,,,,,,,,,,"], header=header)
    with pytest.raises(
        ManifestError, match=re.escape(f"{path}: missing columns ['provenance'], unexpected columns []")
    ):
        read_manifest(path)


def test_read_manifest_unexpected_column(tmp_path: Path) -> None:
    path = write_rows(tmp_path, ["x-1,ASCC,1,,,,,,,,,,,,,,,,,note"], header=HEADER + ",notes")
    with pytest.raises(ManifestError, match=re.escape("unexpected columns ['notes']; expected the columns source_id")):
        read_manifest(path)


def test_read_manifest_ragged_row(tmp_path: Path) -> None:
    path = write_rows(tmp_path, ["x-1,ASCC,1,,,,,,,,,,,,,,,,,extra,fields"])
    with pytest.raises(ManifestError, match=re.escape(f"{path}: not a well-formed CSV file")):
        read_manifest(path)


def test_read_manifest_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    with pytest.raises(ManifestError, match=re.escape(f"{path}: file not found")):
        read_manifest(path)


def test_read_manifest_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "sources.csv"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=re.escape(f"{path}: the file is empty")):
        read_manifest(path)


def test_read_manifest_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "sources.csv"
    path.write_bytes(f"{HEADER}\nx-1,ASCC,1,,,,,,,Vi\xeat Nam,,,,,,,,,\n".encode("latin-1"))
    with pytest.raises(ManifestError, match=re.escape(f"{path}: not UTF-8 text")):
        read_manifest(path)


def test_read_manifest_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="cannot be read"):
        read_manifest(tmp_path)  # a folder


# ------------------------------------------------------------------------------------------ write_manifest


def test_write_read_write_is_byte_identical(tmp_path: Path) -> None:
    manifest = good_manifest(tmp_path)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    write_manifest(manifest, first)
    write_manifest(read_manifest(first), second)
    assert first.read_bytes() == second.read_bytes()
    expected_order = ["almm-24", "ascc-council-23", "ascc-council-32"]  # body, number, date, id
    assert read_manifest(first).get_column("source_id").to_list() == expected_order
    assert first.read_text(encoding="utf-8").splitlines()[:2] == [
        HEADER,
        "almm-24,ALMM,24,,false,2016-05-01,2016-05-31,month,,,,,,,,,,low,test",
    ]
    assert "\r" not in first.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*.tmp"))


def test_write_manifest_replaces_atomically_and_creates_folders(tmp_path: Path) -> None:
    manifest = good_manifest(tmp_path)
    path = tmp_path / "new" / "folder" / "sources.csv"
    path.parent.mkdir(parents=True)
    path.write_text("old contents\n", encoding="utf-8")
    write_manifest(manifest, path)
    assert_frame_equal(read_manifest(path), manifest.sort("meeting_body_id", "meeting_no"))
    assert [entry.name for entry in path.parent.iterdir()] == ["sources.csv"]


def test_write_manifest_failure_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = good_manifest(tmp_path)
    folder = tmp_path / "target"
    folder.mkdir()
    path = folder / "sources.csv"
    path.write_text("old contents\n", encoding="utf-8")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("ascc_analysis.catalog.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_manifest(manifest, path)
    assert path.read_text(encoding="utf-8") == "old contents\n"
    assert [entry.name for entry in folder.iterdir()] == ["sources.csv"]


def test_write_manifest_errors(tmp_path: Path) -> None:
    manifest = good_manifest(tmp_path)
    path = tmp_path / "out.csv"
    with pytest.raises(ManifestError, match=re.escape("missing columns ['url']")):
        write_manifest(manifest.drop("url"), path)
    with pytest.raises(ManifestError, match="source_id must be non-empty and unique"):
        write_manifest(pl.concat([manifest, manifest.head(1)]), path)
    with pytest.raises(ManifestError, match="source_id must be non-empty and unique"):
        write_manifest(manifest.with_columns(pl.lit(None, pl.String).alias("source_id")), path)
    with pytest.raises(ManifestError, match="cannot take their types"):
        write_manifest(manifest.with_columns(pl.lit("soon").alias("date")), path)
    assert not path.exists()


# ------------------------------------------------------------------------------------------ match_source


def test_match_source_priority(tmp_path: Path) -> None:
    manifest = good_manifest(tmp_path)
    ascc_23 = Metadata(meeting_body_id="ASCC", meeting_no=23)

    def matched(source_file: str, content_hash: str, metadata: Metadata) -> str | None:
        row = match_source(manifest, source_file=source_file, content_hash=content_hash, metadata=metadata)
        return None if row is None else str(row["source_id"])

    # the file name wins over the hash and the meeting
    assert matched("ascc/32.pdf", HASH_B, ascc_23) == "ascc-council-32"
    assert matched("elsewhere/32.pdf", HASH_B, ascc_23) == "ascc-council-32"  # same base name
    assert matched("ascc\\32.pdf", HASH_A, Metadata()) == "ascc-council-32"
    # then the hash (any case) over the meeting
    assert matched("other.pdf", HASH_B.upper(), Metadata(meeting_body_id="ALMM", meeting_no=24)) == "ascc-council-23"
    # then the meeting body and number
    assert matched("other.pdf", HASH_A, Metadata(meeting_body_id="ALMM", meeting_no=24)) == "almm-24"
    assert matched("other.pdf", HASH_A, ascc_23) == "ascc-council-23"
    # nothing
    assert matched("other.pdf", HASH_A, Metadata(meeting_body_id="ALMM", meeting_no=25)) is None
    assert matched("other.pdf", HASH_A, Metadata(meeting_body_id="ALMM")) is None
    assert matched("other.pdf", HASH_A, Metadata(meeting_no=24)) is None


def test_match_source_returns_the_whole_row(tmp_path: Path) -> None:
    manifest = good_manifest(tmp_path)
    row = match_source(manifest, source_file="ascc/32.pdf", content_hash=HASH_A, metadata=Metadata())
    assert row == manifest.row(0, named=True)
    assert row is not None and list(row) == list(MANIFEST_COLUMNS)


def test_match_source_same_meeting_told_apart_by_date() -> None:
    manifest = manifest_frame(
        [
            {"source_id": "s-1", "meeting_body_id": "AMMW", "meeting_no": 5, "date": D(2020, 1, 1)},
            {"source_id": "s-2", "meeting_body_id": "AMMW", "meeting_no": 5, "date": D(2020, 2, 2)},
        ]
    )
    metadata = Metadata(meeting_body_id="AMMW", meeting_no=5, date=D(2020, 2, 2))
    row = match_source(manifest, source_file="x.txt", content_hash=HASH_A, metadata=metadata)
    assert row is not None and row["source_id"] == "s-2"
    undated = Metadata(meeting_body_id="AMMW", meeting_no=5)
    assert match_source(manifest, source_file="x.txt", content_hash=HASH_A, metadata=undated) is None


def test_match_source_ambiguous_base_name_falls_through() -> None:
    manifest = manifest_frame(
        [
            {"source_id": "s-1", "file": "a/statement.pdf", "meeting_body_id": "AMMY", "meeting_no": 1},
            {"source_id": "s-2", "file": "b/statement.pdf", "meeting_body_id": "AMMY", "meeting_no": 2},
        ]
    )
    metadata = Metadata(meeting_body_id="AMMY", meeting_no=2)
    row = match_source(manifest, source_file="c/statement.pdf", content_hash=HASH_A, metadata=metadata)
    assert row is not None and row["source_id"] == "s-2"


# ------------------------------------------------------------------------------------------ apply_manifest

EXTRACTED = Metadata(
    meeting_body_id="ASCC",
    meeting_name="32nd ASEAN Socio-Cultural Community Council Meeting",
    meeting_no=32,
    date=D(2024, 9, 26),
    date_end=D(2024, 9, 26),
    date_precision="day",
    year=2024,
    venue_city="Vientiane",
    venue_country="Lao PDR",
    chair=None,
    is_video_conference=False,
)


def row_of(**values: Any) -> dict[str, object]:
    return {column: values.get(column) for column in MANIFEST_COLUMNS}


def test_apply_manifest_overrides_where_the_row_has_values(registry: Registry) -> None:
    row = row_of(source_id="x", meeting_body_id="ASCC", meeting_no=31, venue_city="Luang Prabang", chair="Lao PDR",
                 is_video_conference=True, chair_theme="ignored", url="https://example.org")  # fmt: skip
    metadata, fields = apply_manifest(EXTRACTED, row, registry=registry)
    assert metadata == Metadata(
        meeting_body_id="ASCC",
        meeting_name="31st ASEAN Socio-Cultural Community Council Meeting",
        meeting_no=31,
        date=D(2024, 9, 26),
        date_end=D(2024, 9, 26),
        date_precision="day",
        year=2024,
        venue_city="Luang Prabang",
        venue_country="Lao PDR",
        chair="Lao PDR",
        is_video_conference=True,
    )
    assert fields == ("meeting_body_id", "meeting_name", "meeting_no", "venue_city", "chair", "is_video_conference")


def test_apply_manifest_empty_row_changes_nothing(registry: Registry) -> None:
    assert apply_manifest(EXTRACTED, row_of(source_id="x"), registry=registry) == (EXTRACTED, ())
    assert apply_manifest(Metadata(), {}, registry=registry) == (Metadata(), ())


def test_apply_manifest_same_values_are_reported_as_set(registry: Registry) -> None:
    row = row_of(source_id="x", meeting_body_id="ASCC", meeting_no=32, venue_country="Lao PDR")
    assert apply_manifest(EXTRACTED, row, registry=registry) == (
        EXTRACTED,
        ("meeting_body_id", "meeting_no", "venue_country"),
    )


def test_apply_manifest_date_group(registry: Registry) -> None:
    row = row_of(source_id="x", date=D(2023, 3, 25), date_end=D(2023, 3, 26), date_precision="day")
    metadata, fields = apply_manifest(EXTRACTED, row, registry=registry)
    assert (metadata.date, metadata.date_end, metadata.date_precision, metadata.year) == (
        D(2023, 3, 25), D(2023, 3, 26), "day", 2023,
    )  # fmt: skip
    assert fields == ("date", "date_end", "date_precision", "year")
    # date_end and precision default from the row's date
    metadata, _ = apply_manifest(Metadata(), row_of(source_id="x", date=D(2023, 3, 25)), registry=registry)
    assert (metadata.date_end, metadata.date_precision, metadata.year) == (D(2023, 3, 25), "day", 2023)
    year_row = row_of(source_id="x", date=D(2009, 1, 1), date_precision="year")
    metadata, _ = apply_manifest(Metadata(), year_row, registry=registry)
    assert (metadata.date, metadata.date_end, metadata.date_precision) == (D(2009, 1, 1), D(2009, 12, 31), "year")
    month_row = row_of(source_id="x", date=D(2024, 2, 1), date_precision="month")
    metadata, _ = apply_manifest(Metadata(), month_row, registry=registry)
    assert (metadata.date_end, metadata.date_precision) == (D(2024, 2, 29), "month")


def test_apply_manifest_keeps_a_more_precise_date_that_agrees(registry: Registry) -> None:
    agreeing = row_of(source_id="x", date=D(2024, 9, 1), date_end=D(2024, 9, 30), date_precision="month")
    assert apply_manifest(EXTRACTED, agreeing, registry=registry) == (EXTRACTED, ())
    disagreeing = row_of(source_id="x", date=D(2024, 10, 1), date_end=D(2024, 10, 31), date_precision="month")
    metadata, fields = apply_manifest(EXTRACTED, disagreeing, registry=registry)
    assert (metadata.date, metadata.date_end, metadata.date_precision) == (D(2024, 10, 1), D(2024, 10, 31), "month")
    assert fields == ("date", "date_end", "date_precision", "year")


def test_apply_manifest_names_the_meeting_when_the_text_did_not(registry: Registry) -> None:
    metadata, fields = apply_manifest(Metadata(), row_of(source_id="x", meeting_body_id="ALMM"), registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_name) == ("ALMM", "ASEAN Labour Ministers Meeting")
    assert fields == ("meeting_body_id", "meeting_name")


def test_apply_manifest_default_registry() -> None:
    metadata, fields = apply_manifest(Metadata(meeting_body_id="ASCC"), row_of(source_id="x", meeting_no=1))
    assert metadata.meeting_name == "1st ASEAN Socio-Cultural Community Council Meeting"
    assert fields == ("meeting_name", "meeting_no")


def test_read_match_apply_together(tmp_path: Path, registry: Registry) -> None:
    manifest = good_manifest(tmp_path)
    extracted = Metadata(meeting_body_id="ASCC", meeting_no=23, is_video_conference=True)
    row = match_source(manifest, source_file="new.pdf", content_hash=HASH_A, metadata=extracted)
    assert row is not None
    metadata, fields = apply_manifest(extracted, row, registry=registry)
    # same body and number: the name is not rebuilt; the manifest has no kind, completeness or Plus Three column
    assert metadata.missing == ("meeting_name", "venue_city", "is_plus_three", "document_kind", "completeness")
    assert (metadata.venue_country, metadata.chair, metadata.date) == ("Viet Nam", "Viet Nam", D(2020, 6, 23))
    assert "venue_city" not in fields


# ------------------------------------------------------------------------------------------ shipped files


def test_shipped_manifest_reads_and_round_trips(tmp_path: Path, registry: Registry) -> None:
    manifest = read_manifest(SHIPPED_MANIFEST)
    assert manifest.height >= 150  # the floor; the manifest grows as meetings are found
    bodies = set(manifest.get_column("meeting_body_id"))
    assert len(bodies) >= 12
    for body_id in bodies:
        registry.get(body_id)
    council = manifest.filter(meeting_body_id="ASCC")
    assert council.get_column("source_id").to_list() == [f"ascc-council-{n}" for n in range(1, 35)]
    assert council.get_column("meeting_no").to_list() == list(range(1, 35))
    assert manifest.get_column("file").null_count() == manifest.height  # nothing fetched in the shipped manifest
    assert manifest.get_column("sha256").null_count() == manifest.height
    assert manifest.get_column("url").drop_nulls().len() >= 100
    copy = tmp_path / "sources.csv"
    write_manifest(manifest, copy)
    assert copy.read_bytes() == SHIPPED_MANIFEST.read_bytes()


def test_shipped_manifest_known_rows() -> None:
    manifest = read_manifest(SHIPPED_MANIFEST)
    by_no = {row["meeting_no"]: row for row in manifest.filter(meeting_body_id="ASCC").iter_rows(named=True)}
    assert {key: by_no[32][key] for key in ("date", "date_end", "date_precision", "venue_city", "venue_country",
                                            "chair", "is_video_conference", "confidence")} == {
        "date": D(2024, 9, 26), "date_end": D(2024, 9, 26), "date_precision": "day", "venue_city": "Vientiane",
        "venue_country": "Lao PDR", "chair": "Lao PDR", "is_video_conference": False, "confidence": "high",
    }  # fmt: skip
    assert (by_no[23]["venue_city"], by_no[23]["is_video_conference"]) == (None, True)
    assert (by_no[1]["date"], by_no[1]["date_end"], by_no[1]["date_precision"]) == (
        D(2009, 1, 1), D(2009, 12, 31), "year",
    )  # fmt: skip
    video = manifest.filter(pl.col("is_video_conference"), meeting_body_id="ASCC").get_column("meeting_no").to_list()
    assert video == [23, 24, 25, 26, 27]
    joint = manifest.filter(source_id="amme-15-cop-aathp-15-amme-plus-three-16").row(0, named=True)
    assert (joint["meeting_body_id"], joint["meeting_no"], joint["other_meetings"], joint["is_plus_three"]) == (
        "AMME", 15, "COP-AATHP:15;AMME:16+3", False,
    )  # fmt: skip


def test_shipped_source_urls_cover_every_manifest_url() -> None:
    manifest = read_manifest(SHIPPED_MANIFEST)
    source_urls = read_source_urls(SHIPPED_MANIFEST.with_name("source_urls.csv"))
    assert set(source_urls.get_column("source_id")) <= set(manifest.get_column("source_id"))
    listed = set(source_urls.select("source_id", "url").iter_rows())
    own = set(manifest.filter(pl.col("url").is_not_null()).select("source_id", "url").iter_rows())
    assert own <= listed
    for row in manifest.filter(pl.col("url").is_not_null()).iter_rows(named=True):
        url, role = urls_of(source_urls, row)[0]  # the row's own url comes first, with its listed role
        assert (url, role in ("official_page", "chair_site", "statement_pdf")) == (row["url"], True)


def test_chairmanships_resource() -> None:
    chairmanships = read_chairmanships()
    assert chairmanships.schema == pl.Schema({"year": pl.Int32(), "chair_country": pl.String(), "theme": pl.String()})
    assert chairmanships.get_column("year").to_list() == list(range(2009, 2027))
    assert chairmanships.filter(pl.col("year").is_in([2009, 2024, 2026])).rows() == [
        (2009, "Thailand", "ASEAN Charter for ASEAN Peoples"),
        (2024, "Lao PDR", "ASEAN: Enhancing Connectivity and Resilience"),
        (2026, "Philippines", None),
    ]
    assert chairmanships.get_column("theme").null_count() == 1


def test_chairmanships_agree_with_the_shipped_manifest() -> None:
    """The Council is chaired by the ASEAN Chair; every row's chair_theme is its year's chairmanship theme."""
    manifest = read_manifest(SHIPPED_MANIFEST).with_columns(pl.col("date").dt.year().cast(pl.Int32).alias("year"))
    joined = manifest.join(read_chairmanships(), on="year", how="left")
    assert joined.filter(pl.col("chair") != pl.col("chair_country"), meeting_body_id="ASCC").is_empty()
    assert joined.filter(pl.col("chair_theme") != pl.col("theme")).is_empty()


@pytest.mark.parametrize(
    ("contents", "message"),
    [
        ("year,chair_country\n2024,Lao PDR\n", "missing columns ['theme']"),
        ("year,chair_country,theme\n24,Lao PDR,\n", "row 1 (line 2): year '24' is not valid; expected a four-digit"),
        ("year,chair_country,theme\n2024,Lao PDR,\n2024,Malaysia,\n", "row 1 (line 2): year '2024'"),
        ("year,chair_country,theme\n2024,Laos,\n", "chair_country 'Laos' is not valid; expected the canonical"),
        ("year,chair_country,theme\n2024,,\n", "chair_country '' is not valid"),
        ("year,chair_country,theme\n2024,Japan,\n", "chair_country 'Japan'"),
        ("", "the file is empty"),
    ],
)
def test_chairmanships_errors(tmp_path: Path, contents: str, message: str) -> None:
    path = tmp_path / "chairmanships.csv"
    path.write_text(contents, encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        read_chairmanships(path=path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


def test_chairmanships_from_a_file_sorted_by_year(tmp_path: Path) -> None:
    path = tmp_path / "chairmanships.csv"
    path.write_text('year,chair_country,theme\n2027,Singapore,\n2026,Philippines,"A, B"\n', encoding="utf-8")
    expected = pl.DataFrame(
        {"year": [2026, 2027], "chair_country": ["Philippines", "Singapore"], "theme": ["A, B", None]},
        schema={"year": pl.Int32, "chair_country": pl.String, "theme": pl.String},
    )
    assert_frame_equal(read_chairmanships(path=path), expected)


# ------------------------------------------------------------------------------------------ the added columns


NEW_COLUMN_ERRORS = [
    # (the row's other_meetings, is_plus_three, document_kind; text the message must hold)
    ("AMME-16", "", "", "row 1 (line 2): other_meetings 'AMME-16' is not valid; expected meetings written BODY:N"),
    ("AMME:16;", "", "", "other_meetings 'AMME:16;'"),
    ("AMME:0", "", "", "other_meetings 'AMME:0'"),
    ("AMME:16+4", "", "", "other_meetings 'AMME:16+4'"),
    ("", "maybe", "", "row 1 (line 2): is_plus_three 'maybe' is not valid; expected true, false or empty"),
    ("", "", "press", "row 1 (line 2): document_kind 'press' is not valid; expected one of joint_statement"),
]


@pytest.mark.parametrize(("other", "plus_three", "kind", "message"), NEW_COLUMN_ERRORS)
def test_read_manifest_checks_the_added_columns(
    tmp_path: Path, other: str, plus_three: str, kind: str, message: str
) -> None:
    row = f"amme-15,AMME,15,{other},{plus_three},,,,,,,,,{kind},,,,,test"
    path = tmp_path / "sources.csv"
    path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    with pytest.raises(ManifestError) as caught:
        read_manifest(path)
    assert str(caught.value).startswith(f"{path}, row 1 (line 2): ")
    assert message in str(caught.value)


def test_read_manifest_reads_the_added_columns_and_the_first_layout(tmp_path: Path) -> None:
    rows = [
        "amme-15,AMME,15,COP-AATHP:15;AMME:16+3,false,,,,,,,,,joint_statement,,,,,test",
        "ahmm-plus-three-4,AHMM,4,AHA Centre:2,TRUE,,,,,,,,,,,,,,test",
        "amme-16,AMME,16,,,,,,,,,,,,,,,,test",
    ]
    path = tmp_path / "sources.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    manifest = read_manifest(path)
    assert manifest.select("other_meetings", "is_plus_three", "document_kind").rows() == [
        ("COP-AATHP:15;AMME:16+3", False, "joint_statement"),
        ("AHA Centre:2", True, None),
        (None, False, None),
    ]
    old = tmp_path / "old.csv"
    old.write_text(",".join(FIRST_LAYOUT) + "\nx-1,ASCC,1,,,,,,,,,,,,,test\n", encoding="utf-8")
    first = read_manifest(old)
    assert first.columns == list(MANIFEST_COLUMNS)
    assert first.select("other_meetings", "is_plus_three", "document_kind").row(0) == (None, False, None)


def test_parse_other_meetings_and_manifest_meetings(tmp_path: Path) -> None:
    assert parse_other_meetings("COP-AATHP:15;AMME:16+3") == (
        MeetingRef("COP-AATHP", 15),
        MeetingRef("AMME", 16, is_plus_three=True),
    )
    assert str(MeetingRef("AMME", 16, is_plus_three=True)) == "AMME:16+3"
    assert parse_other_meetings(None) == parse_other_meetings("") == ()
    with pytest.raises(ManifestError, match="other_meetings 'AMME 16' is not valid"):
        parse_other_meetings("AMME 16")
    path = tmp_path / "sources.csv"
    path.write_text(
        f"{HEADER}\namme-15,AMME,15,COP-AATHP:15;AMME:16+3,false,2019-10-08,2019-10-09,day,,,,,,,,,,,test\n",
        encoding="utf-8",
    )
    meetings = manifest_meetings(read_manifest(path))
    assert meetings.select("meeting_body_id", "meeting_no", "is_plus_three", "is_primary").rows() == [
        ("AMME", 15, False, True),
        ("COP-AATHP", 15, False, False),
        ("AMME", 16, True, False),
    ]
    assert meetings.get_column("date").to_list() == [D(2019, 10, 8)] * 3


def test_match_source_finds_a_joint_meeting_by_any_of_its_meetings(tmp_path: Path) -> None:
    path = tmp_path / "sources.csv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                "amme-15,AMME,15,COP-AATHP:15;AMME:16+3,false,2019-10-08,2019-10-09,day,,,,,,,,,,,test",
                "amme-16,AMME,16,,false,2021-10-21,2021-10-21,day,,,,,,,,,,,test",
                "ahmm-plus-three-4,AHMM,4,,true,2010-07-23,2010-07-23,day,,,,,,,,,,,test",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    manifest = read_manifest(path)

    def matched(body_id: str, meeting_no: int) -> str | None:
        metadata = Metadata(meeting_body_id=body_id, meeting_no=meeting_no)
        row = match_source(manifest, source_file="x.pdf", content_hash=HASH_A, metadata=metadata)
        return None if row is None else str(row["source_id"])

    assert matched("COP-AATHP", 15) == "amme-15"
    assert matched("AMME", 15) == "amme-15"
    assert matched("AMME", 16) == "amme-16"  # the ASEAN meeting, not the Plus Three one of the joint row
    assert matched("AHMM", 4) is None  # only a Plus Three meeting of that number: the text does not say so


def test_read_source_urls_and_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "source_urls.csv"
    path.write_text(
        "source_id,url,role,provenance\n"
        "amme-15,https://example.test/b,official_page,test\n"
        "amme-15,https://example.test/a,news,test\n",
        encoding="utf-8",
    )
    urls = read_source_urls(path)
    assert urls.rows() == [
        ("amme-15", "https://example.test/b", "official_page", "test"),
        ("amme-15", "https://example.test/a", "news", "test"),
    ]
    copy = tmp_path / "copy.csv"
    write_source_urls(urls, copy)
    assert copy.read_bytes() == path.read_bytes()
    assert urls_of(urls, {"source_id": "amme-15", "url": "https://example.test/a"}) == [
        ("https://example.test/a", "news"),
        ("https://example.test/b", "official_page"),
    ]
    assert urls_of(None, {"source_id": "amme-15", "url": "https://example.test/c"}) == [
        ("https://example.test/c", "official_page")
    ]
    for line, message in [
        ("amme-15,example.test/x,news,t", "row 1 (line 2): url 'example.test/x' is not valid; expected an http"),
        ("amme-15,https://example.test/x,blog,t", "role 'blog' is not valid; expected one of statement_pdf"),
        (",https://example.test/x,news,t", "row 1 (line 2): source_id '' is not valid"),
        ("amme-15,https://x.test/,news,t\namme-15,https://x.test/,official_page,t", "an address listed once"),
    ]:
        path.write_text(f"source_id,url,role,provenance\n{line}\n", encoding="utf-8")
        with pytest.raises(ManifestError) as caught:
            read_source_urls(path)
        assert str(caught.value).startswith(f"{path}"), line
        assert message in str(caught.value), line
    path.write_text("source_id,url\nx,https://x.test/\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=re.escape("missing columns ['role', 'provenance']")):
        read_source_urls(path)


def test_apply_manifest_keeps_the_meeting_of_a_statement_of_a_joint_rows_other_meeting(registry: Registry) -> None:
    row = {
        "meeting_body_id": "AMME",
        "meeting_no": 15,
        "other_meetings": "COP-AATHP:15;AMME:16+3",
        "date": D(2019, 10, 8),
        "date_end": D(2019, 10, 9),
        "date_precision": "day",
        "venue_city": "Siem Reap",
    }
    cop = Metadata(meeting_body_id="COP-AATHP", meeting_no=15)
    applied, fields = apply_manifest(cop, row, registry=registry)
    assert (applied.meeting_body_id, applied.meeting_no, applied.venue_city) == ("COP-AATHP", 15, "Siem Reap")
    assert "meeting_body_id" not in fields and "venue_city" in fields
    amme, _ = apply_manifest(Metadata(meeting_body_id="AMME", meeting_no=15), row, registry=registry)
    assert (amme.meeting_body_id, amme.meeting_no) == ("AMME", 15)
    unnamed, fields = apply_manifest(Metadata(), row, registry=registry)
    assert (unnamed.meeting_body_id, unnamed.meeting_no) == ("AMME", 15)
    assert "meeting_body_id" in fields
