"""Tests of :mod:`ascc_analysis.ingest.readers`.

Every fixture document is built in ``tmp_path`` by the test itself (PDFs with fpdf2 and pypdf, Word files with
python-docx) and holds synthetic text written for these tests, labelled "SYNTHETIC"; none of it comes from a
real statement. The one real statement used is the shared seed statement, read where the shared corpus exists.
"""

from __future__ import annotations

import codecs
import copy
import datetime as dt
import hashlib
import io
import random
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from fpdf import FPDF
from PIL import Image
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import DependencyError

from ascc_analysis.errors import InputError
from ascc_analysis.ingest import readers
from ascc_analysis.ingest.readers import (
    SUPPORTED_SUFFIXES,
    RawDocument,
    format_ordinal,
    is_supported,
    read_document,
    read_docx,
    read_html,
    read_pdf,
    read_text,
    suffix_to_format,
    suffix_to_reader,
)

# --------------------------------------------------------------------------------------------- builders

FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

PDF_PAGES = (
    (
        "SYNTHETIC TEST FIXTURE - not a real statement",
        "JOINT STATEMENT OF THE 99TH SYNTHETIC COUNCIL",
        "1. The Meeting was held in Example City on 1 January 2099.",
        "2. The Meeting welcomed the report of the",
        "Synthetic Working Group.",
    ),
    (
        "3. The Meeting noted the following:",
        "(a) the first sub-item; and",
        "(b) the second sub-item.",
        "4. The Meeting agreed to meet again.",
    ),
)


def _pdf(pages: tuple[tuple[str, ...], ...], *, image_pages: int = 0) -> bytes:
    """A PDF with one line of text per string (pages of no lines stay blank) and image-only pages after them."""
    pdf = FPDF()
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_font("Helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    for _ in range(image_pages):
        pdf.add_page()
        pdf.image(Image.new("RGB", (40, 20), (200, 30, 30)), x=10, y=10, w=80)  # a "scan" with no text layer
    return bytes(pdf.output())


def _encrypted(data: bytes, *, user_password: str, algorithm: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="synthetic-owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx_bytes(document: object) -> bytes:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _raises(code: str, call: object, *args: object) -> InputError:
    with pytest.raises(InputError) as caught:
        call(*args)  # type: ignore[operator]
    assert caught.value.code == code
    return caught.value


# --------------------------------------------------------------------------------------------- dispatch


def test_registry_maps_each_suffix_to_its_reader_and_format() -> None:
    assert dict(suffix_to_reader) == {
        ".pdf": read_pdf,
        ".html": read_html,
        ".htm": read_html,
        ".txt": read_text,
        ".text": read_text,
        ".md": read_text,
        ".docx": read_docx,
    }
    assert dict(suffix_to_format) == {
        ".pdf": "pdf",
        ".html": "html",
        ".htm": "html",
        ".txt": "txt",
        ".text": "txt",
        ".md": "txt",
        ".docx": "docx",
    }
    assert frozenset({".pdf", ".html", ".htm", ".txt", ".text", ".md", ".docx"}) == SUPPORTED_SUFFIXES


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.pdf", True), ("a.PDF", True), ("a.Htm", True), ("a.md", True), ("a.doc", False), ("a", False)],
)
def test_is_supported(name: str, expected: bool) -> None:
    assert is_supported(Path(name)) is expected


def test_read_document_returns_format_hash_and_text(tmp_path: Path) -> None:
    data = b"SYNTHETIC statement text.\n"
    path = _write(tmp_path, "statement.TXT", data)
    assert read_document(path) == RawDocument(
        path=path,
        source_format="txt",
        text="SYNTHETIC statement text.\n",
        content_hash=hashlib.sha256(data).hexdigest(),
        warnings=(),
    )


@pytest.mark.parametrize(("name", "hint"), [("statement.doc", "(save it as .docx)"), ("statement.xyz", ""), ("x", "")])
def test_unsupported_suffix_lists_the_supported_ones(tmp_path: Path, name: str, hint: str) -> None:
    path = _write(tmp_path, name, b"SYNTHETIC")
    error = _raises("unsupported_format", read_document, path)
    assert error.path == path
    assert str(error).startswith(f"{path}: unsupported format")
    assert hint in error.reason
    assert "supported suffixes: .docx, .htm, .html, .md, .pdf, .text, .txt" in error.reason


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    error = _raises("unreadable", read_document, tmp_path / "missing.pdf")
    assert error.reason == "cannot read the file: it does not exist"


def test_folder_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    error = _raises("unreadable", read_document, folder)
    assert error.reason == "cannot read the file: it is a folder, not a file"


@pytest.mark.parametrize(
    ("exception", "reason"),
    [
        (PermissionError(13, "Permission denied"), "cannot read the file: permission denied"),
        (OSError(5, "Input/output error"), "cannot read the file: Input/output error"),
    ],
)
def test_file_without_read_access_is_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exception: OSError, reason: str
) -> None:
    # Tests may run as root, for whom chmod 000 does not stop reading; fail the read itself instead.
    path = _write(tmp_path, "locked.txt", b"SYNTHETIC")

    def refuse(self: Path) -> bytes:
        raise exception

    monkeypatch.setattr(Path, "read_bytes", refuse)
    error = _raises("unreadable", read_document, path)
    assert error.reason == reason
    assert str(error) == f"{path}: {reason}"


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_zero_byte_file_is_empty_in_every_format(tmp_path: Path, suffix: str) -> None:
    path = _write(tmp_path, f"empty{suffix}", b"")
    error = _raises("empty_file", read_document, path)
    assert error.reason == "the file is empty (0 bytes)"


def test_seed_statement_reads_as_utf8_text(seed_statement_path: Path, seed_statement_text: str) -> None:
    raw = read_document(seed_statement_path)
    assert raw.source_format == "txt"
    assert raw.warnings == ()
    assert raw.text == seed_statement_text
    assert raw.text.startswith("2024 JOINT STATEMENT OF THE 32ND ASCC MEETING\n")
    assert raw.content_hash == hashlib.sha256(seed_statement_path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------------------------- PDF


def test_pdf_pages_are_joined_with_form_feeds(tmp_path: Path) -> None:
    data = _pdf(PDF_PAGES)
    path = _write(tmp_path, "statement.pdf", data)
    raw = read_document(path)
    assert raw.source_format == "pdf"
    assert raw.content_hash == hashlib.sha256(data).hexdigest()
    assert raw.warnings == ()
    assert raw.text.split("\f") == ["\n".join(PDF_PAGES[0]), "\n".join(PDF_PAGES[1])]


def test_pdf_encrypted_with_a_user_password_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "locked.pdf", _encrypted(_pdf(PDF_PAGES), user_password="synthetic-secret"))
    error = _raises("encrypted_pdf", read_document, path)
    assert str(error) == f"{path}: the PDF is encrypted and needs a password to open; save an unencrypted copy"


@pytest.mark.parametrize("algorithm", [None, "AES-256"])
def test_pdf_with_only_an_owner_password_opens_with_a_warning(algorithm: str | None) -> None:
    data = _encrypted(_pdf(PDF_PAGES), user_password="", algorithm=algorithm)
    text, warnings = read_pdf(data, Path("owner-only.pdf"))
    assert text.split("\f")[1] == "\n".join(PDF_PAGES[1])
    assert warnings == ("the PDF is encrypted; opened with the empty user password",)


def test_pdf_that_cannot_be_decrypted_here_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _encrypted(_pdf(PDF_PAGES), user_password="")

    def missing_dependency(self: PdfReader, password: str) -> None:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", missing_dependency)
    error = _raises("encrypted_pdf", read_pdf, data, Path("aes.pdf"))
    assert error.reason == (
        "the PDF is encrypted and cannot be decrypted here (cryptography>=3.1 is required for AES algorithm)"
    )


def test_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    data = _pdf(PDF_PAGES)
    path = _write(tmp_path, "truncated.pdf", data[: len(data) // 2])
    error = _raises("corrupt_pdf", read_document, path)
    assert error.reason.startswith("the PDF is corrupt or truncated and cannot be parsed (")


def test_random_bytes_named_pdf_are_not_a_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path, "random.pdf", random.Random(7).randbytes(4096).replace(b"%PDF-", b"xxxxx"))
    error = _raises("corrupt_pdf", read_document, path)
    assert error.reason.startswith("not a PDF: no %PDF- header in the first 1024 bytes")


def test_html_page_saved_as_pdf_is_not_a_pdf() -> None:
    error = _raises("corrupt_pdf", read_pdf, b"<html><body>SYNTHETIC error page</body></html>", Path("x.pdf"))
    assert "may be an HTML page" in error.reason


def test_pdf_header_with_garbage_body_is_corrupt() -> None:
    data = b"%PDF-1.7\n" + random.Random(11).randbytes(2048)
    error = _raises("corrupt_pdf", read_pdf, data, Path("garbage.pdf"))
    assert error.reason.startswith("the PDF is corrupt or truncated")


@pytest.mark.parametrize(
    ("pages", "image_pages", "n_pages"),
    [((), 1, 1), (((),), 0, 1), (((), ()), 1, 3)],
    ids=["image-only", "blank-page", "blank-and-image"],
)
def test_pdf_without_text_asks_for_ocr(pages: tuple[tuple[str, ...], ...], image_pages: int, n_pages: int) -> None:
    error = _raises("no_text", read_pdf, _pdf(pages, image_pages=image_pages), Path("scan.pdf"))
    assert error.reason == (
        f"the PDF has no extractable text on any of its {n_pages} page(s); it is probably scanned images: "
        "run OCR on it (for example ocrmypdf) and add the OCR'd PDF or a text version"
    )


def test_pdf_with_some_pages_without_text_warns() -> None:
    text, warnings = read_pdf(_pdf((PDF_PAGES[0], (), PDF_PAGES[1]), image_pages=1), Path("mixed.pdf"))
    assert text == "\n".join(PDF_PAGES[0]) + "\f\f" + "\n".join(PDF_PAGES[1]) + "\f"
    assert warnings == ("no extractable text on page(s) 2, 4 of 4 (scanned or blank?)",)


def _failing_extraction(monkeypatch: pytest.MonkeyPatch, *, failing_pages: set[int]) -> None:
    original = PageObject.extract_text

    def extract_text(self: PageObject, *args: Any, **kwargs: Any) -> str:
        if self.page_number is not None and self.page_number + 1 in failing_pages:
            raise zlib.error("Error -3 while decompressing data: synthetic")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", extract_text)


def test_pdf_page_that_fails_is_left_empty_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    _failing_extraction(monkeypatch, failing_pages={1})
    text, warnings = read_pdf(_pdf(PDF_PAGES), Path("damaged-page.pdf"))
    assert text == "\f" + "\n".join(PDF_PAGES[1])
    assert warnings == ("text extraction failed on page 1 (error: Error -3 while decompressing data: synthetic)",)


def test_pdf_whose_pages_all_fail_is_corrupt(monkeypatch: pytest.MonkeyPatch) -> None:
    _failing_extraction(monkeypatch, failing_pages={1, 2})
    error = _raises("corrupt_pdf", read_pdf, _pdf(PDF_PAGES), Path("damaged.pdf"))
    assert error.reason == (
        "the PDF is corrupt: no page could be read (page 1: error: Error -3 while decompressing data: synthetic; "
        "page 2: error: Error -3 while decompressing data: synthetic)"
    )


def test_pdf_without_pages_is_corrupt() -> None:
    writer = PdfWriter()
    out = io.BytesIO()
    writer.write(out)
    error = _raises("corrupt_pdf", read_pdf, out.getvalue(), Path("no-pages.pdf"))
    assert error.reason == "the PDF has no pages"


def test_pdf_with_trailing_junk_after_eof_warns() -> None:
    data = _pdf(PDF_PAGES) + b"\n" + b"SYNTHETIC trailing junk " * 100
    text, warnings = read_pdf(data, Path("junk.pdf"))
    assert text.split("\f")[0] == "\n".join(PDF_PAGES[0])
    assert warnings == ("no %%EOF marker at the end of the PDF: the file may be truncated",)


# --------------------------------------------------------------------------------------------- HTML

STATEMENT_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Joint Statement of the 99th Synthetic Council | Example Portal</title>
<script>var tracker = "<p>not statement text</p>";</script><style>p { color: red; }</style></head>
<body>
<header class="site-header"><h1 class="logo">Example Portal</h1>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav></header>
<ol class="breadcrumb"><li>Home</li><li>Statements</li><li>Joint Statement</li></ol>
<div class="layout">
<article>
  <header class="entry-header"><h1>Joint Statement of the 99th Synthetic Council</h1>
    <div class="post-views">Views: 1,234</div></header>
  <p>SYNTHETIC TEST FIXTURE &ndash; not a real statement.</p>
  <p>1. The Meeting was held on 1&nbsp;January 2099 in Example City &amp; welcomed the report.</p>
  <p>2.   The Meeting
     noted the following:</p>
  <ol type="a"><li>the first item;</li><li>the <b>second</b> item; and</li><li>the third item.</li></ol>
  <p>3. The Meeting agreed<br>to meet again.</p>
  <!-- a comment that is not text -->
  <p><a href="/files/statement.pdf">Download the full statement here</a></p>
  <div class="share-buttons">Share: <a href="#">Facebook</a> <a href="#">X</a></div>
  <p style="display: none">hidden text</p>
</article>
<aside><h2>Related statements</h2><p>Another synthetic statement</p></aside>
</div>
<footer><p>Copyright 2099 Example Portal</p></footer>
<script>document.write("more script")</script>
</body></html>
"""


def test_html_keeps_the_article_and_drops_the_chrome(tmp_path: Path) -> None:
    path = _write(tmp_path, "statement.html", STATEMENT_PAGE.encode())
    raw = read_document(path)
    assert raw.source_format == "html"
    assert raw.warnings == ()
    assert raw.text == (
        "Joint Statement of the 99th Synthetic Council\n\n"
        "SYNTHETIC TEST FIXTURE – not a real statement.\n\n"
        "1. The Meeting was held on 1\xa0January 2099 in Example City & welcomed the report.\n\n"
        "2. The Meeting noted the following:\n\n"
        "a. the first item;\n"
        "b. the second item; and\n"
        "c. the third item.\n\n"
        "3. The Meeting agreed\n"
        "to meet again."
    )


def test_html_without_article_uses_the_element_with_most_paragraph_text() -> None:
    page = """<html><head><title>SYNTHETIC page title</title></head><body>
    <div id="top-menu"><a href="/">Home</a> | <a href="/about">About</a></div>
    <div class="content">
      <h2>Chairman's Statement (SYNTHETIC)</h2>
      <p>1. First paragraph of the synthetic statement, long enough to win.</p>
      <p>2. Second paragraph of the synthetic statement.</p>
      <ol start="3"><li>Third, as a list item.</li><li value="7">Seventh, by value.</li><li>Eighth.</li></ol>
    </div>
    <div class="teaser"><p>Short teaser.</p></div>
    </body></html>"""
    text, warnings = read_html(page.encode(), Path("p.html"))
    assert warnings == ()
    assert text == (
        "SYNTHETIC page title\n\n"
        "Chairman's Statement (SYNTHETIC)\n\n"
        "1. First paragraph of the synthetic statement, long enough to win.\n\n"
        "2. Second paragraph of the synthetic statement.\n\n"
        "3. Third, as a list item.\n"
        "7. Seventh, by value.\n"
        "8. Eighth."
    )


def test_html_title_outside_the_main_content_goes_first() -> None:
    page = """<html><head><title>Site | Statement</title></head><body>
    <div class="page-title"><h1>SYNTHETIC Joint Statement</h1></div>
    <main><p>1. The only synthetic paragraph.</p></main></body></html>"""
    text, _ = read_html(page.encode(), Path("t.html"))
    assert text == "SYNTHETIC Joint Statement\n\n1. The only synthetic paragraph."


@pytest.mark.parametrize(
    ("list_html", "expected"),
    [
        ('<ol type="i"><li>one</li><li>two</li><li>three</li><li>four</li></ol>',
         "i. one\nii. two\niii. three\niv. four"),
        ('<ol type="A" start="2"><li>bee</li><li>sea</li></ol>', "B. bee\nC. sea"),
        ('<ol style="list-style-type: lower-roman"><li>x</li><li>y</li></ol>', "i. x\nii. y"),
        ('<ol style="list-style: none"><li>x</li><li>y</li></ol>', "x\ny"),
        ("<ol reversed><li>x</li><li>y</li><li>z</li></ol>", "3. x\n2. y\n1. z"),
        ("<ol><li>1. already numbered</li><li>(b) already lettered</li><li>plain</li></ol>",
         "1. already numbered\n(b) already lettered\n3. plain"),
        ("<ul><li>bullet one</li><li>bullet two</li></ul>", "bullet one\nbullet two"),
        ('<ol><li>outer<ol type="a"><li>inner</li></ol></li><li>next</li></ol>', "1. outer\na. inner\n2. next"),
    ],
)  # fmt: skip
def test_html_ordered_list_labels(list_html: str, expected: str) -> None:
    text, _ = read_html(f"<html><body><main>{list_html}</main></body></html>".encode(), Path("l.html"))
    assert text == expected


def test_html_page_wrapped_in_a_form_keeps_its_text() -> None:
    page = """<html><head><title>SYNTHETIC form page</title></head><body><form id="aspnetForm">
    <div class="menu"><a href="/">Home</a></div>
    <div class="social-share-content"><p>1. SYNTHETIC paragraph in a wrongly named box, long enough to be most of
    the page.</p><p>2. Another synthetic paragraph.</p></div>
    <input type="submit" value="Search"></form></body></html>"""
    text, _ = read_html(page.encode(), Path("form.html"))
    assert text == (
        "SYNTHETIC form page\n\n"
        "1. SYNTHETIC paragraph in a wrongly named box, long enough to be most of the page.\n\n"
        "2. Another synthetic paragraph."
    )


def test_html_role_main_and_hidden_elements() -> None:
    page = """<html><head><title>SYNTHETIC role page</title></head><body>
    <header><h1>Example Portal</h1></header>
    <div role="banner">Banner text</div>
    <div role="main"><p>1. SYNTHETIC visible paragraph.</p><p hidden>hidden</p>
    <div aria-hidden="true">icon</div><span style="visibility: hidden">invisible</span>
    <p>Posted: 1 January 2099 &middot; 1,234 views</p><p>1,234 views</p></div>
    <div class="sidebar"><p>Short sidebar.</p></div></body></html>"""
    text, _ = read_html(page.encode(), Path("role.html"))
    assert text == "SYNTHETIC role page\n\n1. SYNTHETIC visible paragraph.\n\nPosted: 1 January 2099 · 1,234 views"


def test_html_table_cells_are_tab_separated() -> None:
    page = """<html><body><main><p>SYNTHETIC annex:</p><table>
    <tr><th>No.</th><th>Instrument</th></tr><tr><td>1</td><td>Synthetic Declaration</td></tr>
    </table></main></body></html>"""
    text, _ = read_html(page.encode(), Path("t.html"))
    assert text == "SYNTHETIC annex:\n\nNo.\tInstrument\n1\tSynthetic Declaration"


def test_html_page_without_statement_body_still_returns_its_text() -> None:
    page = "<html><head><title>Page not found</title></head><body><p>SYNTHETIC: nothing here.</p></body></html>"
    assert read_html(page.encode(), Path("404.html")) == ("Page not found\n\nSYNTHETIC: nothing here.", ())


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><script>var synthetic = 1;</script></head><body><div> </div></body></html>",
        "<html><body><nav>Home</nav><!-- synthetic --></body></html>",
        "   \n  ",
    ],
)
def test_html_page_with_no_text_is_empty(tmp_path: Path, page: str) -> None:
    path = _write(tmp_path, "blank.htm", page.encode())
    error = _raises("empty_file", read_document, path)
    assert error.reason == "the file is empty: the HTML page holds no text, only whitespace"


WINDOWS_1252_PAGE = """<html><head>{meta}<title>SYNTHETIC</title></head><body><article>
<p>1. The Ministers’ “synthetic” statement – adopted in Café Example.</p></article></body></html>"""


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    ],
)
def test_html_declared_windows_1252_is_decoded(meta: str) -> None:
    data = WINDOWS_1252_PAGE.format(meta=meta).encode("cp1252")
    text, warnings = read_html(data, Path("cp1252.html"))
    assert text == "SYNTHETIC\n\n1. The Ministers’ “synthetic” statement – adopted in Café Example."
    assert warnings == ()


def test_xhtml_encoding_declaration_is_used() -> None:
    page = (
        '<?xml version="1.0" encoding="windows-1252"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        "<title>SYNTHETIC</title></head><body><div>Café “quoted” text</div><div>line two</div></body></html>"
    )
    assert read_html(page.encode("cp1252"), Path("x.html")) == ("SYNTHETIC\n\nCafé “quoted” text\nline two", ())


def test_html_without_paragraphs_reads_the_body() -> None:
    page = b"<html><body>SYNTHETIC just text<br/>and more</body></html>"
    assert read_html(page, Path("b.html")) == ("SYNTHETIC just text\nand more", ())


def test_html_without_charset_is_detected_with_a_warning() -> None:
    data = WINDOWS_1252_PAGE.format(meta="").encode("cp1252")
    text, warnings = read_html(data, Path("undeclared.html"))
    assert text.endswith("The Ministers’ “synthetic” statement – adopted in Café Example.")
    assert warnings == ("decoded as cp1252 (not UTF-8; no usable charset declared)",)


@pytest.mark.parametrize(
    ("meta", "warning"),
    [
        ('<meta charset="x-synthetic">', "unknown charset 'x-synthetic' declared in the page; ignored"),
        ('<meta charset="utf-8">', "the page declares charset 'utf-8' but its bytes do not fit it; ignored"),
    ],
)
def test_html_with_a_wrong_charset_declaration_warns(meta: str, warning: str) -> None:
    data = WINDOWS_1252_PAGE.format(meta=meta).encode("cp1252")
    text, warnings = read_html(data, Path("wrong.html"))
    assert text.endswith("adopted in Café Example.")
    assert warnings == (warning, "decoded as cp1252 (not UTF-8; no usable charset declared)")


def test_html_utf16_with_bom_is_decoded() -> None:
    page = "<html><body><p>SYNTHETIC – ‘quoted’</p></body></html>"
    assert read_html(page.encode("utf-16"), Path("u16.html")) == ("SYNTHETIC – ‘quoted’", ())


def test_binary_named_html_is_refused() -> None:
    error = _raises("binary_file", read_html, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Path("image.html"))
    assert error.reason == "looks like a binary file, not an HTML page (it holds NUL bytes)"


# --------------------------------------------------------------------------------------------- plain text

LEGACY_TEXT = "SYNTHETIC TEST FIXTURE\n1. The Meeting welcomed the Chair’s report – “adopted” at the café.\n"


def test_text_utf8_is_read_as_is() -> None:
    assert read_text(LEGACY_TEXT.encode(), Path("u.txt")) == (LEGACY_TEXT, ())


def test_text_utf8_bom_is_dropped() -> None:
    assert read_text(codecs.BOM_UTF8 + LEGACY_TEXT.encode(), Path("bom.txt")) == (LEGACY_TEXT, ())


def test_text_line_endings_become_line_feeds() -> None:
    assert read_text(b"SYNTHETIC\r\nline two\rline three\n", Path("crlf.txt")) == (
        "SYNTHETIC\nline two\nline three\n",
        (),
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_text_unicode_with_bom_is_decoded(encoding: str) -> None:
    data = LEGACY_TEXT.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert read_text(data, Path("wide.txt")) == (LEGACY_TEXT, ())


def test_text_truncated_utf16_keeps_what_decodes_with_a_warning() -> None:
    data = LEGACY_TEXT.encode("utf-16")[:-1]
    text, warnings = read_text(data, Path("cut.txt"))
    assert text == LEGACY_TEXT[:-1] + "\ufffd"
    assert warnings == (f"bytes that are not UTF-16 (from byte {len(data) - 1}) replaced with U+FFFD",)


def test_text_cp1252_is_detected_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "legacy.txt", LEGACY_TEXT.encode("cp1252"))
    raw = read_document(path)
    assert raw.text == LEGACY_TEXT
    assert raw.warnings == ("decoded as cp1252 (not UTF-8)",)


def test_text_latin1_is_detected_with_a_warning() -> None:
    text = "SYNTHETIC TEST FIXTURE\n1. The Meeting met at the café in Genève; résumé attached.\n"
    assert read_text(text.encode("latin-1"), Path("latin1.txt")) == (text, ("decoded as cp1252 (not UTF-8)",))


def test_text_in_another_legacy_encoding_is_detected() -> None:
    text = "SYNTHETIC: Ύστερα από πολλές συζητήσεις η σύνοδος των υπουργών ενέκρινε τη δήλωση.\n"
    decoded, warnings = read_text(text.encode("cp1253"), Path("greek.txt"))
    assert decoded == text
    assert warnings == ("decoded as cp1253 (not UTF-8)",)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"SYNTHETIC\x00\x01\x02 binary", "it holds NUL bytes"),
        (b"SYNTHETIC" + b"\x01\x02\x03\x04" * 3, "12 of its 21 bytes are control characters"),
    ],
)
def test_binary_file_named_txt_is_refused(tmp_path: Path, data: bytes, reason: str) -> None:
    path = _write(tmp_path, "binary.txt", data)
    error = _raises("binary_file", read_document, path)
    assert error.reason == f"looks like a binary file, not text ({reason}); expected UTF-8 or another text encoding"


def test_bytes_that_fit_no_encoding_are_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers.text, "_detect_encoding", lambda data: None)
    error = _raises("binary_file", read_text, b"SYNTHETIC \xff\xfe\xfa", Path("odd.txt"))
    assert error.reason == "looks like a binary file, not text (no text encoding fits its bytes)"


def test_undetectable_html_is_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers.html, "_detect_encoding", lambda data: None)
    error = _raises("binary_file", read_html, b"<p>SYNTHETIC \xff\xfe\xfa</p>", Path("odd.html"))
    assert error.reason == "looks like a binary file, not an HTML page (no text encoding fits its bytes)"


def test_whitespace_only_text_is_empty(tmp_path: Path) -> None:
    path = _write(tmp_path, "blank.md", b" \n\t\n\r\n")
    error = _raises("empty_file", read_document, path)
    assert str(error) == f"{path}: the file is empty: the text file holds no text, only whitespace"


# --------------------------------------------------------------------------------------------- DOCX


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("SYNTHETIC TEST FIXTURE")
    document.add_paragraph("JOINT STATEMENT OF THE 99TH SYNTHETIC COUNCIL")
    document.add_paragraph("")  # an empty paragraph used as spacing
    document.add_paragraph("1. The Meeting was held in Example City.")
    table = document.add_table(rows=2, cols=2)
    for (row, col), value in {(0, 0): "No.", (0, 1): "Instrument", (1, 0): "1", (1, 1): "Synthetic Plan"}.items():
        table.cell(row, col).text = value
    paragraph = document.add_paragraph("2. The Meeting agreed ")
    paragraph.add_run("to meet").add_break()
    paragraph.add_run("again.\tEnd")
    data = _docx_bytes(document)
    path = _write(tmp_path, "statement.docx", data)
    raw = read_document(path)
    assert raw == RawDocument(
        path=path,
        source_format="docx",
        text=(
            "SYNTHETIC TEST FIXTURE\n\n"
            "JOINT STATEMENT OF THE 99TH SYNTHETIC COUNCIL\n\n"
            "1. The Meeting was held in Example City.\n\n"
            "No.\tInstrument\n1\tSynthetic Plan\n\n"
            "2. The Meeting agreed to meet\nagain.\tEnd"
        ),
        content_hash=hashlib.sha256(data).hexdigest(),
    )


def test_docx_merged_cells_and_content_controls() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "SYNTHETIC merged heading"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "a (two rows)"
    table.cell(1, 2).text = "c"
    table.cell(2, 1).text = "e"
    body = document.element.body
    control = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>SYNTHETIC inside a control</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    body.insert(0, control)
    rich = parse_xml(
        f'<w:p {nsdecls("w", "r")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        "<w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr>"
        "<w:r><w:t xml:space='preserve'>See </w:t></w:r>"
        "<w:hyperlink r:id='rIdX'><w:r><w:t>the synthetic link</w:t></w:r></w:hyperlink>"
        "<w:ins w:id='1' w:author='x'><w:r><w:t xml:space='preserve'> inserted</w:t></w:r></w:ins>"
        "<w:del w:id='2' w:author='x'><w:r><w:delText> deleted</w:delText></w:r></w:del>"
        "<w:sdt><w:sdtContent><w:r><w:noBreakHyphen/><w:t>inline</w:t><w:cr/></w:r></w:sdtContent></w:sdt>"
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><w:txbxContent><w:p><w:r>"
        "<w:t>text box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice></mc:AlternateContent>"
        "<w:t>end</w:t></w:r></w:p>"
    )
    body.insert(1, rich)
    text, _ = read_docx(_docx_bytes(document), Path("c.docx"))
    assert text == (
        "SYNTHETIC inside a control\n\nSee the synthetic link inserted-inline\nend\n\n"
        "SYNTHETIC merged heading\na (two rows)\t\tc\n\te\t"
    )


def test_docx_list_styles_are_numbered() -> None:
    document = docx.Document()
    document.add_paragraph("SYNTHETIC preamble")
    for item in ("First paragraph.", "Second paragraph."):
        document.add_paragraph(item, style="List Number")
    document.add_paragraph("A bullet point.", style="List Bullet")
    document.add_paragraph("Third paragraph.", style="List Number")
    text, _ = read_docx(_docx_bytes(document), Path("n.docx"))
    assert text == (
        "SYNTHETIC preamble\n\n1. First paragraph.\n\n2. Second paragraph.\n\nA bullet point.\n\n3. Third paragraph."
    )


def _add_numbering(document: object, *, start_override: int | None = None) -> str:
    """Add a two-level list (``"%1."`` decimal, ``"(%2)"`` lower-letter) to a document; return its numId."""
    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>'
            # level 3 has a malformed start value on purpose: it falls back to 1
            '<w:lvl w:ilvl="2"><w:start w:val="one"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1.%2.%3"/>'
            "</w:lvl></w:abstractNum>"
        )
    )
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
        if start_override is not None
        else ""
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/>{override}</w:num>'))
    return "90"


def _numbered(document: object, text: str, num_id: str, ilvl: int) -> None:
    paragraph = document.add_paragraph(text)  # type: ignore[attr-defined]
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


@pytest.mark.parametrize(("start_override", "first"), [(None, 1), (5, 5)])
def test_docx_multilevel_numbering_restarts_sub_items(start_override: int | None, first: int) -> None:
    document = docx.Document()
    num_id = _add_numbering(document, start_override=start_override)
    _numbered(document, "The Meeting noted:", num_id, 0)
    _numbered(document, "the first sub-item;", num_id, 1)
    _numbered(document, "the second sub-item.", num_id, 1)
    _numbered(document, "deeper still.", num_id, 2)
    _numbered(document, "The Meeting agreed:", num_id, 0)
    _numbered(document, "a new sub-item.", num_id, 1)
    _numbered(document, "Not numbered any more.", "0", 0)
    text, _ = read_docx(_docx_bytes(document), Path("multi.docx"))
    assert text.split("\n\n") == [
        f"{first}. The Meeting noted:",
        "(a) the first sub-item;",
        "(b) the second sub-item.",
        f"{first}.b.i deeper still.",
        f"{first + 1}. The Meeting agreed:",
        "(a) a new sub-item.",
        "Not numbered any more.",
    ]


def test_docx_without_text_is_empty() -> None:
    document = docx.Document()
    document.add_paragraph("   ")
    error = _raises("empty_file", read_docx, _docx_bytes(document), Path("blank.docx"))
    assert error.reason == "the file is empty: the Word document holds no text, only whitespace"


def _zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("synthetic.txt", "SYNTHETIC: not a Word document")
    return out.getvalue()


def _damaged_document_xml() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes(docx.Document())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            archive.writestr(
                copy.copy(item), b"<w:document><SYNTHETIC" if item.filename == "word/document.xml" else content
            )
    return out.getvalue()


@pytest.mark.parametrize(
    "make",
    [
        lambda: random.Random(3).randbytes(2048),
        lambda: _docx_bytes(docx.Document())[:1500],
        _zip_without_document,
        _damaged_document_xml,
    ],
    ids=["random-bytes", "truncated", "zip-without-document", "damaged-xml"],
)
def test_corrupt_docx_is_refused(tmp_path: Path, make: object) -> None:
    path = _write(tmp_path, "broken.docx", make())  # type: ignore[operator]
    error = _raises("corrupt_docx", read_document, path)
    assert error.reason.startswith("the .docx is corrupt and cannot be read (")
    assert error.reason.endswith("); expected a Word .docx")


def test_legacy_doc_named_docx_is_refused() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    error = _raises("corrupt_docx", read_docx, data, Path("old.docx"))
    assert error.reason.startswith("not a .docx: it is a legacy Word .doc")


# --------------------------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("number", "style", "expected"),
    [
        (3, "decimal", "3"),
        (3, "decimal-zero", "03"),
        (1, "lower-alpha", "a"),
        (26, "lower-alpha", "z"),
        (28, "upper-alpha", "AB"),
        (4, "lower-roman", "iv"),
        (1994, "upper-roman", "MCMXCIV"),
        (0, "lower-roman", "0"),
        (5, "none", ""),
    ],
)
def test_format_ordinal(number: int, style: readers.ListStyle, expected: str) -> None:
    assert format_ordinal(number, style=style) == expected
