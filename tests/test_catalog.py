"""The corpus catalog: validated tables, atomic replacement, hash checks."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ascc_analysis import catalog
from ascc_analysis.errors import SchemaError
from ascc_analysis.schemas import DOCUMENTS, PARAGRAPHS, TABLES, validate


def _documents(doc_id: str = "ascc-32-2024-09-26") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "doc_id": [doc_id],
            "source_file": ["statement.txt"],
            "source_format": ["txt"],
            "content_hash": ["a" * 64],
            "text_hash": ["b" * 64],
            "is_synthetic": [True],
            "meeting_body_id": ["ASCC"],
            "meeting_name": ["32nd ASCC Council Meeting"],
            "meeting_no": [32],
            "date": [dt.date(2024, 9, 26)],
            "date_end": [dt.date(2024, 9, 26)],
            "date_precision": ["day"],
            "year": [2024],
            "venue_city": ["Vientiane"],
            "venue_country": ["Lao PDR"],
            "chair": ["Lao PDR"],
            "is_video_conference": [False],
            "other_meetings": [[]],
            "is_plus_three": [False],
            "document_kind": ["joint_statement"],
            "completeness": ["complete"],
            "title": ["SYNTHETIC TITLE"],
            "text": ["SYNTHETIC TITLE\n\n1. Synthetic paragraph.\n"],
            "n_paragraphs": [1],
            "missing_fields": [[]],
            "manifest_fields": [[]],
        },
        schema=DOCUMENTS.schema,
    )


def _tables(doc_id: str = "ascc-32-2024-09-26") -> dict[str, pl.DataFrame]:
    tables = {name: spec.empty() for name, spec in TABLES.items()}
    tables["documents"] = _documents(doc_id)
    return tables


def test_validate_orders_columns_and_sorts_by_key() -> None:
    paragraphs = pl.DataFrame(
        {
            "text": ["second", "first"],
            "doc_id": ["d", "d"],
            "para_id": ["d/p02", "d/p01"],
            "seq": [2, 1],
            "level": ["paragraph", "paragraph"],
            "para_no": [2, 1],
            "sub_item": [None, None],
            "is_numbered": [True, True],
            "char_start": [10, 0],
            "char_end": [16, 5],
        },
        schema_overrides={
            "seq": pl.Int32,
            "para_no": pl.Int32,
            "char_start": pl.Int32,
            "char_end": pl.Int32,
            "sub_item": pl.String,
        },
    )
    validated = validate(paragraphs, PARAGRAPHS)
    assert validated.columns == list(PARAGRAPHS.columns)
    assert validated["para_id"].to_list() == ["d/p01", "d/p02"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop("year"), "missing columns ['year']"),
        (lambda f: f.with_columns(extra=pl.lit(1)), "unexpected columns ['extra']"),
        (lambda f: f.with_columns(pl.col("year").cast(pl.Int64)), "year is Int64, expected Int32"),
        (lambda f: f.with_columns(pl.lit(None, pl.String).alias("title")), "'title' holds 1 null"),
        (lambda f: pl.concat([f, f]), "is not unique"),
    ],
)
def test_validate_names_the_problem(change, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SchemaError, match=message.replace("[", r"\[").replace("]", r"\]")):
        validate(change(_documents()), DOCUMENTS, source="somewhere.parquet")


def test_write_then_read_round_trips(tmp_path: Path) -> None:
    corpus_hash = catalog.write_corpus(tmp_path, _tables(), build_report={"n_documents": 1})
    assert catalog.corpus_hash(tmp_path) == corpus_hash
    assert_frame_equal(catalog.read_table(tmp_path, "documents"), _documents())
    assert catalog.read_build_report(tmp_path) == {"n_documents": 1}
    assert not list(tmp_path.glob(".staging-*"))


def test_same_tables_give_byte_identical_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    catalog.write_corpus(first, _tables(), build_report={})
    catalog.write_corpus(second, _tables(), build_report={})
    for name in TABLES:
        assert (first / f"{name}.parquet").read_bytes() == (second / f"{name}.parquet").read_bytes()
    assert (first / "corpus.json").read_bytes() == (second / "corpus.json").read_bytes()


def test_a_failed_write_keeps_the_previous_corpus(tmp_path: Path) -> None:
    good_hash = catalog.write_corpus(tmp_path, _tables(), build_report={})
    bad = _tables("other-doc")
    bad["paragraphs"] = bad["paragraphs"].with_columns(pl.lit(1).alias("extra"))
    with pytest.raises(SchemaError):
        catalog.write_corpus(tmp_path, bad, build_report={})
    assert catalog.corpus_hash(tmp_path) == good_hash
    assert catalog.read_table(tmp_path, "documents")["doc_id"].to_list() == ["ascc-32-2024-09-26"]
    assert not list(tmp_path.glob(".staging-*"))


def test_a_failure_while_writing_files_keeps_the_previous_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good_hash = catalog.write_corpus(tmp_path, _tables(), build_report={})
    calls = {"n": 0}
    original = pl.DataFrame.write_parquet

    def failing_write(self: pl.DataFrame, *args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pl.DataFrame, "write_parquet", failing_write)
    with pytest.raises(OSError, match="disk full"):
        catalog.write_corpus(tmp_path, _tables("other-doc"), build_report={})
    monkeypatch.undo()
    assert catalog.corpus_hash(tmp_path) == good_hash
    assert catalog.read_table(tmp_path, "documents")["doc_id"].to_list() == ["ascc-32-2024-09-26"]


def test_reading_a_tampered_table_fails(tmp_path: Path) -> None:
    catalog.write_corpus(tmp_path, _tables(), build_report={})
    _documents("tampered").write_parquet(tmp_path / "documents.parquet")
    with pytest.raises(SchemaError, match="does not match the hash"):
        catalog.read_table(tmp_path, "documents")


def test_reading_an_empty_folder_says_to_build(tmp_path: Path) -> None:
    with pytest.raises(catalog.CorpusNotFoundError, match="run `ascc build` first"):
        catalog.read_table(tmp_path, "documents")


def test_unknown_table_names_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"unknown table 'docs'.*documents"):
        catalog.table_path(tmp_path, "docs")


def test_corpus_manifest_lists_every_table(tmp_path: Path) -> None:
    catalog.write_corpus(tmp_path, _tables(), build_report={})
    manifest = json.loads((tmp_path / "corpus.json").read_text())
    assert sorted(manifest["tables"]) == sorted(TABLES)


def test_atomic_writes_are_readable_by_others_and_leave_nothing_on_failure(tmp_path: Path) -> None:
    import os

    from ascc_analysis.catalog import write_file_atomic, write_text_atomic

    old = os.umask(0o022)
    try:
        target = tmp_path / "site" / "index.html"
        write_text_atomic(target, "<p>ok</p>")
        assert target.read_text(encoding="utf-8") == "<p>ok</p>"
        assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's owner-only 0600: a web server must read it

        def broken(stream: object) -> None:
            raise OSError("disk full")

        with pytest.raises(OSError, match="disk full"):
            write_file_atomic(target, broken)
        assert target.read_text(encoding="utf-8") == "<p>ok</p>"
        assert [path.name for path in target.parent.iterdir()] == ["index.html"]
    finally:
        os.umask(old)


def test_a_normal_write_warns_of_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Only a write interrupted after its commit point is reported as completed by the next reader or writer."""
    from ascc_analysis.build import build_corpus

    with caplog.at_level(logging.WARNING, logger="ascc_analysis.catalog"):
        build_corpus(tmp_path / "raw", tmp_path / "out", demo=True)
        build_corpus(tmp_path / "raw", tmp_path / "out", demo=True)
    assert "interrupted" not in caplog.text
