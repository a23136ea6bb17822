"""The build stage end to end: raw files → validated Parquet corpus, incremental, atomic, with problems reported."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest

from ascc_analysis import build as build_module
from ascc_analysis import catalog
from ascc_analysis.build import build_corpus
from ascc_analysis.build import cache as build_cache
from ascc_analysis.build import parse as build_parse
from ascc_analysis.errors import BuildError
from ascc_analysis.schemas import TABLES

# Synthetic statements written for these tests; not ASEAN documents.
SYNTHETIC = """JOINT STATEMENT OF THE {ordinal_words} ASEAN SOCIO-CULTURAL COMMUNITY (ASCC) COUNCIL MEETING
{city}, {date_text}

1. The {ordinal} ASCC Council Meeting was held on {date_text} in {city}, {country}, under the ASEAN
Chairmanship of {country}.

2. The Meeting noted the progress of the synthetic test work plan on {topic} and encouraged the
sectoral bodies under the ASCC to carry it forward.

3. The Meeting looked forward to the adoption of the ASEAN Declaration on Synthetic {topic_title}.
"""


def write_statement(
    path: Path,
    *,
    ordinal: str = "20th",
    ordinal_words: str = "TWENTIETH",
    date_text: str = "3 October 2018",
    city: str = "Singapore",
    country: str = "Singapore",
    topic: str = "testing",
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        SYNTHETIC.format(
            ordinal=ordinal,
            ordinal_words=ordinal_words,
            date_text=date_text,
            city=city,
            country=country,
            topic=topic,
            topic_title=topic.title(),
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture()
def raw_dir(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    write_statement(raw / "ascc-20.txt")
    write_statement(
        raw / "ascc-21.txt",
        ordinal="21st",
        ordinal_words="TWENTY-FIRST",
        date_text="17 May 2019",
        city="Chiang Mai",
        country="Thailand",
        topic="resilience",
    )
    return raw


def test_builds_every_table(raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    result = build_corpus(raw_dir, out)
    assert (result.n_documents, result.used_demo, result.n_errors) == (2, False, 0)
    documents = catalog.read_table(out, "documents")
    assert documents.select("doc_id", "meeting_no", "date", "venue_city", "chair").rows() == [
        ("ascc-20-2018-10-03", 20, dt.date(2018, 10, 3), "Singapore", "Singapore"),
        ("ascc-21-2019-05-17", 21, dt.date(2019, 5, 17), "Chiang Mai", "Thailand"),
    ]
    paragraphs = catalog.read_table(out, "paragraphs")
    assert paragraphs.filter(pl.col("level") == "paragraph").group_by("doc_id").len().sort("doc_id")[
        "len"
    ].to_list() == [3, 3]
    for name in TABLES:
        catalog.read_table(out, name)  # every table written and valid


def test_paragraph_offsets_point_into_the_document_text(raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    build_corpus(raw_dir, out)
    documents = catalog.read_table(out, "documents")
    paragraphs = catalog.read_table(out, "paragraphs")
    texts = dict(documents.select("doc_id", "text").iter_rows())
    for row in paragraphs.iter_rows(named=True):
        assert texts[row["doc_id"]][row["char_start"] : row["char_end"]] == row["text"]


def test_same_inputs_give_byte_identical_tables(raw_dir: Path, tmp_path: Path) -> None:
    build_corpus(raw_dir, tmp_path / "a")
    build_corpus(raw_dir, tmp_path / "b")
    for name in TABLES:
        assert (tmp_path / "a" / f"{name}.parquet").read_bytes() == (tmp_path / "b" / f"{name}.parquet").read_bytes()


def test_unchanged_files_are_not_parsed_again(raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "processed"
    first = build_corpus(raw_dir, out)
    assert (first.n_parsed, first.n_cached) == (2, 0)

    parsed: list[str] = []
    original = build_module.parse_file

    def spy(path: Path, **kwargs: object) -> build_module.ParsedDocument:
        parsed.append(path.name)
        return original(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_parse, "parse_file", spy)  # where the build looks it up
    second = build_corpus(raw_dir, out)
    assert (second.n_parsed, second.n_cached, parsed) == (0, 2, [])
    assert second.corpus_hash == first.corpus_hash

    write_statement(
        raw_dir / "ascc-21.txt",
        ordinal="21st",
        ordinal_words="TWENTY-FIRST",
        date_text="17 May 2019",
        city="Chiang Mai",
        country="Thailand",
        topic="a changed topic",
    )
    third = build_corpus(raw_dir, out)
    assert (third.n_parsed, third.n_cached, parsed) == (1, 1, ["ascc-21.txt"])
    assert third.corpus_hash != first.corpus_hash


def test_parser_fingerprint_covers_every_file_of_a_parser_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "ascc_analysis"
    readers = package / "ingest" / "readers"
    readers.mkdir(parents=True)
    (package / "resources").mkdir()
    (package / "build.py").write_text("STEP = 'build'\n")
    (package / "resources" / "metadata.yaml").write_text("meeting_verbs: [met]\n")
    (readers / "__init__.py").write_text("")
    (readers / "pdf.py").write_text("A = 1\n")
    (readers / "html.py").write_text("B = 2\n")
    monkeypatch.setattr(build_cache, "resources", SimpleNamespace(files=lambda name: package))
    monkeypatch.setattr(build_cache, "PARSER_MODULES", ("ingest/readers", "build"))
    monkeypatch.setattr(build_cache, "PARSER_RESOURCES", ("metadata.yaml",))

    first = build_module.parser_fingerprint()
    assert build_module.parser_fingerprint() == first
    (readers / "pdf.py").write_text("A = 2\n")
    assert build_module.parser_fingerprint() != first
    (readers / "pdf.py").write_text("A = 1\n")
    assert build_module.parser_fingerprint() == first
    (readers / "html.py").write_text("")
    (readers / "pdf.py").write_text("A = 1\nB = 2\n")  # the same code, moved to another file of the package
    assert build_module.parser_fingerprint() != first
    (package / "resources" / "metadata.yaml").write_text("meeting_verbs: [met, gathered]\n")
    changed = build_module.parser_fingerprint()
    assert changed != first and build_module.parser_fingerprint() == changed

    monkeypatch.setattr(build_cache, "PARSER_MODULES", ("ingest/absent",))
    with pytest.raises(FileNotFoundError, match="ingest/absent"):
        build_module.parser_fingerprint()


def _codes(result: build_module.BuildResult) -> dict[str, str]:
    return {problem.source_file: problem.code for problem in result.problems}


def test_bad_files_are_reported_and_the_rest_builds(raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "empty.txt").write_bytes(b"")
    (raw_dir / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (raw_dir / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf")
    (raw_dir / "no-statement.html").write_text(
        "<html><head><title>Synthetic news page</title></head><body><nav>Home &gt; News</nav>"
        "<p>Synthetic page: nothing but a photo caption.</p></body></html>",
        encoding="utf-8",
    )
    shutil.copy(raw_dir / "ascc-20.txt", raw_dir / "ascc-20-copy.txt")
    result = build_corpus(raw_dir, tmp_path / "processed")
    codes = _codes(result)
    assert codes["empty.txt"] == "empty_file"
    assert codes["binary.txt"] == "binary_file"
    assert codes["corrupt.pdf"] == "corrupt_pdf"
    assert codes["no-statement.html"] == "no_statement"
    assert codes["ascc-20.txt"] == "duplicate" or codes["ascc-20-copy.txt"] == "duplicate"
    assert result.n_documents == 2
    problems = catalog.read_table(tmp_path / "processed", "problems")
    assert set(problems["source_file"]) >= {"empty.txt", "binary.txt", "corrupt.pdf", "no-statement.html"}
    assert all(name in message for name, message in problems.select("source_file", "message").iter_rows())
    report = catalog.read_build_report(tmp_path / "processed")
    assert {problem["code"] for problem in report["problems"]} >= {"empty_file", "binary_file", "corrupt_pdf"}


def test_the_same_statement_as_text_and_html_is_built_once(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    paragraphs = [
        "The Meeting noted the synthetic progress report on testing.",
        "The Meeting looked forward to the adoption of the ASEAN Declaration on Synthetic Duplicates.",
    ]
    (raw / "statement.txt").write_text(
        "SYNTHETIC JOINT STATEMENT OF A MEETING\n\n" + "".join(f"{i}. {p}\n\n" for i, p in enumerate(paragraphs, 1)),
        encoding="utf-8",
    )
    (raw / "statement-page.html").write_text(
        "<html><body><h1>SYNTHETIC JOINT STATEMENT OF A MEETING</h1>"
        + "".join(f"<p>{i}. {p}</p>" for i, p in enumerate(paragraphs, 1))
        + "</body></html>",
        encoding="utf-8",
    )
    result = build_corpus(raw, tmp_path / "processed")
    assert result.n_documents == 1
    assert _codes(result)["statement.txt"] == "duplicate"  # HTML is preferred over text, PDF over both


def test_strict_fails_and_keeps_the_previous_corpus(raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    good = build_corpus(raw_dir, out)
    (raw_dir / "empty.txt").write_bytes(b"")
    with pytest.raises(BuildError, match=r"empty\.txt"):
        build_corpus(raw_dir, out, strict=True)
    assert catalog.corpus_hash(out) == good.corpus_hash


def test_a_failing_stage_keeps_the_previous_corpus(
    raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "processed"
    good = build_corpus(raw_dir, out)
    write_statement(
        raw_dir / "ascc-22.txt",
        ordinal="22nd",
        ordinal_words="TWENTY-SECOND",
        date_text="1 November 2019",
        city="Bangkok",
        country="Thailand",
    )

    def explode(*args: object, **kwargs: object) -> object:
        raise RuntimeError("extraction failed half-way")

    monkeypatch.setattr(build_module, "extract_corpus", explode)
    with pytest.raises(RuntimeError):
        build_corpus(raw_dir, out)
    assert catalog.corpus_hash(out) == good.corpus_hash
    assert catalog.read_table(out, "documents").height == 2


def test_a_statement_with_no_date_is_built_and_reported(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "undated.txt").write_text(
        "JOINT STATEMENT OF THE TWENTIETH ASEAN SOCIO-CULTURAL COMMUNITY (ASCC) COUNCIL MEETING\n\n"
        "1. The 20th ASCC Council Meeting was held in Singapore. (Synthetic text.)\n\n"
        "2. The Meeting noted the progress of synthetic testing.\n",
        encoding="utf-8",
    )
    result = build_corpus(raw, tmp_path / "processed")
    documents = catalog.read_table(tmp_path / "processed", "documents")
    assert documents["date"].to_list() == [None]
    assert "date" in documents["missing_fields"].to_list()[0]
    assert _codes(result)["undated.txt"] == "missing_metadata"


def test_the_manifest_overrides_what_extraction_found(raw_dir: Path, tmp_path: Path) -> None:
    from ascc_analysis.ingest.manifest import MANIFEST_COLUMNS

    row = dict.fromkeys(MANIFEST_COLUMNS, "")
    row.update(
        source_id="ascc-council-20",
        meeting_body_id="ASCC",
        meeting_no="20",
        file="ascc-20.txt",
        venue_city="Sentosa",
        provenance="test",
    )
    header = ",".join(MANIFEST_COLUMNS)
    (raw_dir / "sources.csv").write_text(header + "\n" + ",".join(row[c] for c in MANIFEST_COLUMNS) + "\n")
    build_corpus(raw_dir, tmp_path / "processed")
    documents = catalog.read_table(tmp_path / "processed", "documents").filter(pl.col("meeting_no") == 20)
    assert documents["venue_city"].to_list() == ["Sentosa"]
    assert "venue_city" in documents["manifest_fields"].to_list()[0]


def test_an_empty_raw_folder_builds_the_synthetic_demo(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "sources.csv").write_text("only the manifest lives here\n")
    result = build_corpus(tmp_path / "raw", tmp_path / "processed")
    assert result.used_demo
    documents = catalog.read_table(tmp_path / "processed", "documents")
    assert documents.height >= 12
    assert documents["year"].n_unique() >= 6
    assert documents["is_synthetic"].all()
    assert catalog.read_build_report(tmp_path / "processed")["used_demo"] is True


def test_no_readable_statement_at_all_fails_clearly(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    with pytest.raises(BuildError, match="no statement could be built"):
        build_corpus(raw, tmp_path / "processed")
    assert not (tmp_path / "processed" / "corpus.json").exists()


@pytest.mark.shared_corpus
def test_the_seed_statement_builds_as_its_18_paragraphs(seed_statement_path: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(seed_statement_path, raw / seed_statement_path.name)
    result = build_corpus(raw, tmp_path / "processed")
    assert result.n_errors == 0
    documents = catalog.read_table(tmp_path / "processed", "documents")
    row = documents.row(0, named=True)
    assert (row["meeting_body_id"], row["meeting_no"], row["date"], row["year"]) == (
        "ASCC",
        32,
        dt.date(2024, 9, 26),
        2024,
    )
    assert (row["venue_city"], row["venue_country"], row["chair"]) == ("Vientiane", "Lao PDR", "Lao PDR")
    assert row["is_video_conference"] is False
    assert row["n_paragraphs"] == 18
    assert not row["is_synthetic"]
    paragraphs = catalog.read_table(tmp_path / "processed", "paragraphs").filter(pl.col("level") == "paragraph")
    assert paragraphs["para_no"].to_list() == list(range(1, 19))


def test_links_out_of_the_raw_folder_are_reported_not_followed(raw_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write_statement(outside / "secret.txt", ordinal="22nd", ordinal_words="TWENTY-SECOND", date_text="1 Nov 2019")
    write_statement(outside / "folder" / "other.txt", ordinal="23rd", ordinal_words="TWENTY-THIRD")
    (raw_dir / "link.txt").symlink_to(outside / "secret.txt")
    (raw_dir / "linked-folder").symlink_to(outside / "folder")
    (raw_dir / "inside-link.txt").symlink_to(raw_dir / "ascc-20.txt")  # a link within the raw folder is read

    result = build_corpus(raw_dir, tmp_path / "out")

    by_code = {problem.code: problem for problem in result.problems}
    assert by_code["symlink_outside"].source_file == "link.txt"
    assert str(outside / "secret.txt") in by_code["symlink_outside"].message
    assert by_code["symlink_folder"].source_file == "linked-folder"
    documents = catalog.read_table(tmp_path / "out", "documents")
    assert sorted(documents["meeting_no"].to_list()) == [20, 21]  # nothing from outside; the inside link is a duplicate
    assert "duplicate" in by_code


def test_a_link_to_the_full_statement_removed_as_web_chrome_still_makes_the_text_an_excerpt(tmp_path: Path) -> None:
    from ascc_analysis.registry import load_registry

    paragraph = "The Ministers noted the synthetic progress of regional cooperation on youth employment. " * 30
    path = tmp_path / "excerpt.txt"
    path.write_text(
        "1. We, the Ministers, joined the 9th ASEAN Ministerial Meeting on Youth organised via video conference on "
        f"1 May 2030.\n\n2. {paragraph.strip()}\n\nDownload the full statement here.\n",
        encoding="utf-8",
    )
    parsed = build_module.parse_file(path, source_file=path.name, registry=load_registry())
    assert "Download" not in parsed.text  # web chrome, not statement text
    assert (parsed.metadata.document_kind, parsed.metadata.completeness) == ("joint_statement", "partial")
