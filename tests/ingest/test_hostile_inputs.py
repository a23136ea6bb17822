"""Hostile raw files: each is refused with the code of the limit it breaks, while the rest of the corpus builds.

Every hostile file is written in ``tmp_path``, small on disk: a zip bomb and a FlateDecode bomb of a few dozen
KB, a sparse file, a page nested 100,000 levels deep, a 20 MB single line — by the makers of
:mod:`ascc_analysis.testing.hostile`, which ``benchmarks/bench_hostile.py`` writes full size. The statement beside
them is synthetic, written in ASEAN drafting style; it is not an ASEAN document.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import docx
import pytest

from ascc_analysis import catalog
from ascc_analysis.build import build_corpus
from ascc_analysis.errors import InputError
from ascc_analysis.ingest import segment
from ascc_analysis.ingest.readers import dispatch as readers_dispatch
from ascc_analysis.ingest.readers import limits, read_document, read_docx, read_pdf
from ascc_analysis.testing.hostile import (
    MIB,
    SMALL,
    SYNTHETIC_STATEMENT,
    deflated,
    minimal_pdf,
    text_page,
    write_hostile_files,
    write_sparse,
    zip_bomb,
)


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture()
def hostile_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good-statement.txt").write_text(SYNTHETIC_STATEMENT, encoding="utf-8")
    write_hostile_files(raw, SMALL)  # zip-bomb.docx, flate-bomb.pdf, many-pages.pdf, one-line.txt, deep.html, huge.pdf
    return raw


def test_hostile_files_are_reported_by_code_and_name_while_the_good_statement_builds(
    hostile_raw: Path, tmp_path: Path
) -> None:
    out = tmp_path / "processed"
    result = build_corpus(hostile_raw, out)
    expected = {
        "zip-bomb.docx": "zip_bomb",
        "flate-bomb.pdf": "pdf_stream_too_large",
        "many-pages.pdf": "too_many_pages",
        "one-line.txt": "text_too_long",
        "deep.html": "too_deeply_nested",
        "huge.pdf": "file_too_large",
    }
    assert {problem.source_file: problem.code for problem in result.problems} == expected
    assert all(problem.severity == "error" for problem in result.problems)
    assert (result.n_documents, result.n_errors) == (1, len(expected))
    documents = catalog.read_table(out, "documents")
    assert documents.select("source_file", "meeting_no", "venue_city").rows() == [
        ("good-statement.txt", 22, "Bandar Seri Begawan")
    ]
    problems = catalog.read_table(out, "problems")
    assert dict(problems.select("source_file", "code").iter_rows()) == expected
    assert all(message.startswith(f"{name}: ") for name, message in problems.select("source_file", "message").rows())
    report = catalog.read_build_report(out)
    assert {problem["source_file"]: problem["code"] for problem in report["problems"]} == expected


# ------------------------------------------------------------------------------------------- messages and limits


def _refused(path: Path, code: str) -> str:
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.code == code
    assert caught.value.path == path
    return caught.value.reason


def test_file_size_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    write_sparse(path, limits.MAX_FILE_BYTES + 1)
    assert "over the limit of 100.0 MiB" in _refused(path, "file_too_large")


def test_text_limit_names_the_length_and_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 1_000)
    path = tmp_path / "long.txt"
    path.write_text("The Meeting noted the plan. " * 50, encoding="utf-8")  # 1,400 characters
    assert "1,400 characters, over the limit of 1,000" in _refused(path, "text_too_long")
    path.write_text("x" * 8_000, encoding="ascii")  # refused before decoding: 4 bytes a character at most
    assert "more than 2,000 characters" in _refused(path, "text_too_long")


def test_zip_bomb_by_ratio_declared_size_and_member_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = zip_bomb(2 * MIB)
    with pytest.raises(InputError, match=r"part 'word/document.xml' expands [\d,]+ times") as caught:
        read_docx(bomb, tmp_path / "bomb.docx")
    assert caught.value.code == "zip_bomb"
    good = _docx_bytes("1. The Meeting noted the plan.")
    assert read_docx(good, tmp_path / "good.docx")[0] == "1. The Meeting noted the plan."
    monkeypatch.setattr(limits, "MAX_DOCX_EXPANDED_BYTES", 10_000)
    with pytest.raises(InputError, match=r"declare .* expanded .* over the limit of 10 KiB") as caught:
        read_docx(good, tmp_path / "good.docx")
    assert caught.value.code == "zip_bomb"
    monkeypatch.setattr(limits, "MAX_ZIP_MEMBERS", 3)
    with pytest.raises(InputError, match=r"\d+ parts, over the limit of 3"):
        read_docx(good, tmp_path / "good.docx")


def test_pdf_bomb_page_is_skipped_when_other_pages_read(tmp_path: Path) -> None:
    data = minimal_pdf([text_page("1. The Meeting noted the plan."), deflated(b" ", 16 * MIB)])
    text, warnings = read_pdf(data, tmp_path / "mixed.pdf")
    assert text.startswith("1. The Meeting noted the plan.")
    assert any("page 2 (beyond the resource limits" in warning for warning in warnings)


def test_pdf_page_heavier_than_the_page_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_PDF_PAGE_CONTENT_BYTES", 1_000)
    content = zlib.compress(b"0 0 m 1 1 l S\n" * 100)  # 1,400 bytes of drawing
    with pytest.raises(InputError, match="content decodes to 1 KiB, over the limit of 1000 bytes a page") as caught:
        read_pdf(minimal_pdf([content]), tmp_path / "heavy.pdf")
    assert caught.value.code == "pdf_stream_too_large"


def test_pdf_page_count_is_checked_declared_and_walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 3)
    pages = [text_page(f"{number}. The Meeting noted.") for number in range(1, 5)]
    with pytest.raises(InputError, match=r"4 .as declared in its page tree., over the limit of 3") as caught:
        read_pdf(minimal_pdf(pages), tmp_path / "four.pdf")
    assert caught.value.code == "too_many_pages"
    with pytest.raises(InputError, match=r"4 .in its page tree., over the limit of 3"):
        read_pdf(minimal_pdf(pages, declared_count=1), tmp_path / "lying.pdf")


def test_pdf_extraction_time_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_PDF_SECONDS", -1.0)  # any elapsed time is over
    with pytest.raises(InputError, match=r"took too long: .* for 0 of its 1 pages") as caught:
        read_pdf(minimal_pdf([text_page("1. The Meeting noted.")]), tmp_path / "slow.pdf")
    assert caught.value.code == "extraction_timeout"


def test_pdf_text_limit_stops_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 50)
    pages = [text_page("The Meeting noted the progress of the plan.") for _ in range(3)]
    with pytest.raises(InputError, match="more than 88 characters, over the limit of 50") as caught:
        read_pdf(minimal_pdf(pages), tmp_path / "long.pdf")
    assert caught.value.code == "text_too_long"


def test_html_depth_and_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shallow = tmp_path / "shallow.html"
    shallow.write_text("<html><body>" + "<div>" * 40 + "<p>1. The Meeting noted.</p>" + "</div>" * 40, "utf-8")
    assert read_document(shallow).text == "1. The Meeting noted."
    deep = tmp_path / "deep.html"
    deep.write_text("<b>" * 150 + "1. The Meeting noted.", "utf-8")  # unclosed tags nest too
    assert "more than 100 levels" in _refused(deep, "too_deeply_nested")
    monkeypatch.setattr(limits, "MAX_HTML_BYTES", 100)
    assert "HTML page is too large" in _refused(shallow, "file_too_large")


def test_recursion_in_a_reader_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def recurse(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(readers_dispatch, "suffix_to_reader", {".txt": recurse})
    path = tmp_path / "nested.txt"
    path.write_text("x", "utf-8")
    assert "nested too deeply" in _refused(path, "too_deeply_nested")


def test_long_paragraph_is_refused_by_the_segmenter() -> None:
    line = "1. The Meeting noted " + "the plan " * 3_000  # 27,021 characters on one line
    with pytest.raises(InputError, match=r"paragraph 1 is too long: 27,0\d\d characters") as caught:
        segment.split_statement(f"TITLE\n\n{line}\n", source="long.txt")
    assert caught.value.code == "paragraph_too_long"
