"""The PDF reader: :func:`read_pdf` extracts a PDF's text with ``pypdf``, page by page.

Part of the ingest stage (:mod:`ascc_analysis.ingest.readers`). Reads a file's bytes; returns its text, the pages
joined with a form feed (``"\\f"``) so that the normaliser can find page headers and footers, and warnings (pages
without text, a missing ``%%EOF``, decryption with the empty password). Raises
:class:`~ascc_analysis.errors.InputError` with code ``empty_file``, ``corrupt_pdf``, ``encrypted_pdf`` or
``no_text``.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from ascc_analysis.errors import InputError
from ascc_analysis.ingest.readers.base import _require_bytes

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


def read_pdf(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
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
            page has extractable text (a scanned document, which needs OCR first).
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
        pages = list(reader.pages)
    except InputError:
        raise
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
    for number, page in enumerate(pages, start=1):
        try:
            page_texts.append(page.extract_text(extraction_mode="plain"))
        except _PDF_ERRORS as error:  # one damaged page should not lose the others
            page_texts.append("")
            failed[number] = f"{type(error).__name__}: {error}"
    if pages and len(failed) == len(pages):
        details = "; ".join(f"page {number}: {reason}" for number, reason in failed.items())
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
