"""The PDF reader: :func:`read_pdf` extracts a PDF's text with ``pypdf``, page by page.

Part of the ingest stage (:mod:`ascc_analysis.ingest.readers`). Reads a file's bytes; returns its text, the pages
joined with a form feed (``"\\f"``) so that the normaliser can find page headers and footers, and warnings (pages
without text, a missing ``%%EOF``, decryption with the empty password). Reads within the limits of
:mod:`~ascc_analysis.ingest.readers.limits`: pypdf's decompression limits are lowered to
:data:`~ascc_analysis.ingest.readers.limits.MAX_PDF_STREAM_BYTES` while a PDF is read, a page whose content is
heavier than :data:`~ascc_analysis.ingest.readers.limits.MAX_PDF_PAGE_CONTENT_BYTES` is skipped, and pages, text
and time are counted. Raises :class:`~ascc_analysis.errors.InputError` with code ``empty_file``, ``corrupt_pdf``,
``encrypted_pdf``, ``no_text``, ``too_many_pages``, ``pdf_stream_too_large``, ``text_too_long`` or
``extraction_timeout``.
"""

from __future__ import annotations

import io
import struct
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pypdf import PageObject, PdfReader, apply_configuration
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject

from ascc_analysis.errors import InputError
from ascc_analysis.ingest.readers import limits
from ascc_analysis.ingest.readers.base import _require_bytes
from ascc_analysis.ingest.readers.limits import _size

PDF_HEADER_WINDOW = 1024
"""PDF readers accept the ``%PDF-`` header anywhere in the first KiB, as Acrobat does."""

PDF_EOF_WINDOW = 2048
"""A ``%%EOF`` marker is expected within this many bytes of the end; without one the file may be truncated."""


# pypdf raises its own errors, but also bare ValueError, KeyError, zlib.error, ... on malformed objects and streams.
_PDF_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    AssertionError,
    NotImplementedError,
    ZeroDivisionError,
    RecursionError,
    OSError,
    struct.error,
    zlib.error,
)


@contextmanager
def _pdf_limits() -> Iterator[None]:
    """pypdf's resource limits, lowered to ours while one PDF is read (pypdf's own defaults are 75 MB)."""
    stream_bytes = limits.MAX_PDF_STREAM_BYTES
    with apply_configuration(
        zlib_maximum_output_length=stream_bytes,
        lzw_maximum_output_length=stream_bytes,
        run_length_maximum_output_length=stream_bytes,
        brotli_maximum_output_length=stream_bytes,
        array_based_stream_maximum_output_length=stream_bytes,
        stream_decoding_work_maximum_length=4 * stream_bytes,
        page_tree_maximum_entries=10 * limits.MAX_PDF_PAGES,
        xform_maximum_invocations_per_extraction=limits.MAX_PDF_FORM_INVOCATIONS,
    ):
        yield


def _declared_page_count(reader: PdfReader) -> int | None:
    """The page count the PDF declares (``/Pages /Count``), read without walking the page tree; None if absent."""
    try:
        count = reader.root_object["/Pages"].get_object().get("/Count")  # type: ignore[union-attr]
    except (*_PDF_ERRORS, LimitReachedError):
        return None
    return count if isinstance(count, int) else None


def _require_page_count(n_pages: int, path: Path, *, how: str) -> None:
    if n_pages > limits.MAX_PDF_PAGES:
        raise InputError(
            path,
            f"the PDF has too many pages: {n_pages:,} ({how}), over the limit of {limits.MAX_PDF_PAGES:,} for one "
            "statement",
            code="too_many_pages",
        )


def _content_bytes(page: PageObject) -> int:
    """The decoded length of a page's content streams (decoded within pypdf's limits; pypdf keeps the result)."""
    contents: Any = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    return sum(len(stream.get_object().get_data()) for stream in streams)


def _page_text(page: PageObject) -> str:
    """A page's text, refused (``LimitReachedError``) when its content is heavier than the per-page limit."""
    n_bytes = _content_bytes(page)
    if n_bytes > limits.MAX_PDF_PAGE_CONTENT_BYTES:
        raise LimitReachedError(
            f"its content decodes to {_size(n_bytes)}, over the limit of "
            f"{_size(limits.MAX_PDF_PAGE_CONTENT_BYTES)} a page"
        )
    return page.extract_text(extraction_mode="plain")


def read_pdf(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
    """Extract the text of a PDF with ``pypdf``, page by page, within the resource limits.

    See :func:`_read_pdf` for what is read; here pypdf's decompression limits are lowered to ours
    (:data:`~ascc_analysis.ingest.readers.limits.MAX_PDF_STREAM_BYTES`) while it runs.
    """
    with _pdf_limits():
        return _read_pdf(data, path)


def _read_pdf(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
    """Extract the text of a PDF with ``pypdf``, page by page, joined with a form feed (``"\\f"``).

    Text is extracted in pypdf's ``"plain"`` mode, which gives text in reading order for language processing;
    ``"layout"`` mode pads lines with spaces to mimic the page and only helps with tables. An encrypted PDF is
    opened with the empty user password when it has one (PDFs with only an owner password, which restricts
    printing or copying, are common for official documents).

    Args:
        data: The file's bytes.
        path: The file, for messages.

    Returns:
        The text (one part per page, ``"\\f"`` between pages) and the warnings: pages without text, a missing
        end-of-file marker, decryption with the empty password.

    Raises:
        InputError: ``empty_file`` for a 0-byte file; ``corrupt_pdf`` for data that is not a PDF or that pypdf
            cannot parse (truncated, damaged); ``encrypted_pdf`` when a password is needed; ``no_text`` when no
            page has extractable text (a scanned document, which needs OCR first); ``too_many_pages`` over
            :data:`~ascc_analysis.ingest.readers.limits.MAX_PDF_PAGES` pages; ``pdf_stream_too_large`` when no
            page could be read because its streams decode past the limits (a decompression bomb);
            ``text_too_long`` when the pages read so far hold more than
            :data:`~ascc_analysis.ingest.readers.limits.MAX_TEXT_CHARS` characters; ``extraction_timeout`` when
            extraction runs longer than :data:`~ascc_analysis.ingest.readers.limits.MAX_PDF_SECONDS`.
    """
    _require_bytes(data, path)
    if b"%PDF-" not in data[:PDF_HEADER_WINDOW]:
        raise InputError(
            path,
            f"not a PDF: no %PDF- header in the first {PDF_HEADER_WINDOW} bytes (it may be an HTML page or "
            "another file saved with a .pdf name); expected a PDF document",
            code="corrupt_pdf",
        )
    warnings: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            if not reader.decrypt(""):
                raise InputError(
                    path,
                    "the PDF is encrypted and needs a password to open; save an unencrypted copy",
                    code="encrypted_pdf",
                )
            warnings.append("the PDF is encrypted; opened with the empty user password")
        declared = _declared_page_count(reader)
        if declared is not None:
            _require_page_count(declared, path, how="as declared in its page tree")
        pages = list(reader.pages)
        _require_page_count(len(pages), path, how="in its page tree")
    except InputError:
        raise
    except LimitReachedError as error:  # the page tree is too large or too deep
        raise InputError(
            path,
            f"the PDF's page tree is beyond the limits ({error}); at most {limits.MAX_PDF_PAGES:,} pages are read",
            code="too_many_pages",
        ) from error
    except (DependencyError, FileNotDecryptedError) as error:
        raise InputError(
            path, f"the PDF is encrypted and cannot be decrypted here ({error})", code="encrypted_pdf"
        ) from error
    except _PDF_ERRORS as error:
        raise InputError(
            path,
            f"the PDF is corrupt or truncated and cannot be parsed ({type(error).__name__}: {error})",
            code="corrupt_pdf",
        ) from error
    page_texts: list[str] = []
    failed: dict[int, str] = {}  # page number -> why its text could not be extracted
    too_large: set[int] = set()  # pages refused by a resource limit
    started = time.monotonic()
    n_chars = 0
    for number, page in enumerate(pages, start=1):
        elapsed = time.monotonic() - started
        if elapsed > limits.MAX_PDF_SECONDS:
            raise InputError(
                path,
                f"reading the PDF's text took too long: {elapsed:.0f} s for {number - 1} of its {len(pages)} pages, "
                f"over the limit of {limits.MAX_PDF_SECONDS:.0f} s (pages too heavy to read, or a hostile file)",
                code="extraction_timeout",
            )
        try:
            page_texts.append(_page_text(page))
        except LimitReachedError as error:  # a decompression bomb or a page too heavy to read
            page_texts.append("")
            failed[number] = f"beyond the resource limits: {error}"
            too_large.add(number)
        except _PDF_ERRORS as error:  # one damaged page should not lose the others
            page_texts.append("")
            failed[number] = f"{type(error).__name__}: {error}"
        n_chars += len(page_texts[-1]) + 1
        limits.require_text_length(n_chars, path, at_least=number < len(pages))
    if pages and len(failed) == len(pages):
        details = "; ".join(f"page {number}: {reason}" for number, reason in failed.items())
        if too_large:
            raise InputError(
                path,
                f"no page could be read within the limits, {len(too_large)} of {len(pages)} because their streams "
                f"decode past {_size(limits.MAX_PDF_STREAM_BYTES)} a stream or "
                f"{_size(limits.MAX_PDF_PAGE_CONTENT_BYTES)} a page (a decompression bomb, or pages too heavy "
                f"to read) ({details})",
                code="pdf_stream_too_large",
            )
        raise InputError(path, f"the PDF is corrupt: no page could be read ({details})", code="corrupt_pdf")
    warnings.extend(f"text extraction failed on page {number} ({reason})" for number, reason in failed.items())
    if not page_texts:
        raise InputError(path, "the PDF has no pages", code="corrupt_pdf")
    if not any(text.strip() for text in page_texts):
        raise InputError(
            path,
            f"the PDF has no extractable text on any of its {len(page_texts)} page(s); it is probably scanned "
            "images: run OCR on it (for example ocrmypdf) and add the OCR'd PDF or a text version",
            code="no_text",
        )
    blank_pages = [
        str(number) for number, text in enumerate(page_texts, start=1) if not text.strip() and number not in failed
    ]
    if blank_pages:
        warnings.append(
            f"no extractable text on page(s) {', '.join(blank_pages)} of {len(page_texts)} (scanned or blank?)"
        )
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        warnings.append("no %%EOF marker at the end of the PDF: the file may be truncated")
    return "\f".join(page_texts), tuple(warnings)
