"""Reading raw statements: the first step of the ingest stage, from a raw file to its extracted text.

Raw statements arrive as PDF (most), HTML pages, plain text and occasionally Word ``.docx``. Each format has a
reader, ``read_<format>(data, path) -> (text, warnings)``, chosen by file suffix from :data:`suffix_to_reader`;
:func:`read_document` reads the file's bytes, dispatches, and returns a :class:`RawDocument`. The text is the raw
extraction: line breaks, page furniture and odd spacing are left for :mod:`ascc_analysis.ingest.normalise`, which
cleans it before segmentation. The conventions the readers share, so that the normaliser can rely on them:

- PDF pages are joined with a form feed (``"\\f"``), so page headers and footers can be found page by page.
- A blank line separates blocks (HTML ``<p>``, list and heading blocks; ``.docx`` paragraphs); a single line
  break separates lines within a block (``<br>``, ``<li>`` items, table rows); table cells are separated by tabs.
- Automatic list numbering that is not part of the text (HTML ``<ol>`` items, Word numbered paragraphs) is
  written out as a label (``"1. "``, ``"a. "``, ``"iv. "``), so numbered paragraphs and sub-items survive.

No table is written here; the ``source_format`` and ``content_hash`` columns of the ``documents`` table
(:data:`ascc_analysis.schemas.DOCUMENTS`) come from :class:`RawDocument`. Every failure is an
:class:`~ascc_analysis.errors.InputError` whose ``code`` (``empty_file``, ``unsupported_format``, ``unreadable``,
``encrypted_pdf``, ``corrupt_pdf``, ``no_text``, ``binary_file``, ``corrupt_docx``, and for files beyond the
resource limits of :mod:`~ascc_analysis.ingest.readers.limits` ``file_too_large``, ``text_too_long``, ``zip_bomb``,
``pdf_stream_too_large``, ``too_many_pages``, ``extraction_timeout``, ``too_deeply_nested``, ``out_of_memory``)
goes to the build report.

Modules:
    * :mod:`~ascc_analysis.ingest.readers.limits` — the resource limits (sizes, pages, depth, time) and their codes;
    * :mod:`~ascc_analysis.ingest.readers.base` — :class:`RawDocument`, the reader type, shared checks and decoders;
    * :mod:`~ascc_analysis.ingest.readers.text` — :func:`read_text`;
    * :mod:`~ascc_analysis.ingest.readers.pdf` — :func:`read_pdf`;
    * :mod:`~ascc_analysis.ingest.readers.html` — :func:`read_html`;
    * :mod:`~ascc_analysis.ingest.readers.word` — :func:`read_docx`;
    * :mod:`~ascc_analysis.ingest.readers.lists` — list labels shared by the HTML and Word readers
      (:func:`format_ordinal`);
    * :mod:`~ascc_analysis.ingest.readers.dispatch` — :data:`suffix_to_reader` and :func:`read_document`.
"""

from __future__ import annotations

from ascc_analysis.ingest.readers.base import MAX_CONTROL_SHARE, RawDocument, Reader, SourceFormat
from ascc_analysis.ingest.readers.dispatch import (
    SUPPORTED_SUFFIXES,
    is_supported,
    read_document,
    suffix_to_format,
    suffix_to_reader,
)
from ascc_analysis.ingest.readers.html import (
    CHROME_MAX_SHARE,
    CHROME_TEXT_MAX_CHARS,
    HTML_DECLARATION_WINDOW,
    read_html,
)
from ascc_analysis.ingest.readers.lists import ListStyle, format_ordinal
from ascc_analysis.ingest.readers.pdf import PDF_EOF_WINDOW, PDF_HEADER_WINDOW, read_pdf
from ascc_analysis.ingest.readers.text import read_text
from ascc_analysis.ingest.readers.word import read_docx

__all__ = [
    "CHROME_MAX_SHARE",
    "CHROME_TEXT_MAX_CHARS",
    "HTML_DECLARATION_WINDOW",
    "MAX_CONTROL_SHARE",
    "PDF_EOF_WINDOW",
    "PDF_HEADER_WINDOW",
    "SUPPORTED_SUFFIXES",
    "ListStyle",
    "RawDocument",
    "Reader",
    "SourceFormat",
    "format_ordinal",
    "is_supported",
    "read_document",
    "read_docx",
    "read_html",
    "read_pdf",
    "read_text",
    "suffix_to_format",
    "suffix_to_reader",
]
