"""Resource limits of the readers: how large, deep or long a raw file may be before it is refused.

Part of the ingest stage (:mod:`ascc_analysis.ingest.readers`). A scheduled build reads whatever arrives in the raw
folder, so every reader bounds the memory and time one file may take: a compressed ``.docx`` that expands to
gigabytes (a zip bomb), a PDF whose streams do (a FlateDecode bomb) or that has a pathological page count, a
megabytes-long single line, an HTML page nested a hundred thousand levels deep, or simply a huge file. Such a file
is refused with an :class:`~ascc_analysis.errors.InputError` whose code names the limit (the build reports it and
goes on with the other files); the limits sit far above any real statement (the longest ASEAN statements are a few
hundred thousand characters, a few dozen pages).

The limits are module constants, read when a file is read, so a deployment (or a test) can change one by
assigning it (``limits.MAX_FILE_BYTES = 200 * MIB``). Each code and what it means:

- ``file_too_large`` — the raw file is larger than :data:`MAX_FILE_BYTES` (any format) or, for an HTML page,
  :data:`MAX_HTML_BYTES`;
- ``text_too_long`` — the extracted text is longer than :data:`MAX_TEXT_CHARS`;
- ``zip_bomb`` — a ``.docx`` whose parts would expand past :data:`MAX_DOCX_EXPANDED_BYTES`, with a part
  compressed more than :data:`MAX_ZIP_RATIO` times, or with more than :data:`MAX_ZIP_MEMBERS` parts;
- ``pdf_stream_too_large`` — no page of a PDF could be read because its streams decode past
  :data:`MAX_PDF_STREAM_BYTES` or its content past :data:`MAX_PDF_PAGE_CONTENT_BYTES` (a FlateDecode bomb, or pages
  too heavy to read; when some pages can be read, the others are skipped with a warning);
- ``too_many_pages`` — a PDF with more than :data:`MAX_PDF_PAGES` pages;
- ``extraction_timeout`` — a PDF whose text extraction took longer than :data:`MAX_PDF_SECONDS` (checked between
  pages; a backstop for content the other limits let through);
- ``too_deeply_nested`` — HTML elements nested deeper than :data:`MAX_HTML_DEPTH` (or any structure deep enough to
  exhaust Python's recursion limit);
- ``out_of_memory`` — the reader ran out of memory despite the limits above.
"""

from __future__ import annotations

from pathlib import Path

from ascc_analysis.errors import InputError

MIB = 1024 * 1024

MAX_FILE_BYTES = 100 * MIB
"""Largest raw file read, in any format (official statement PDFs with photographs stay well under 20 MiB)."""

MAX_TEXT_CHARS = 500_000
"""Most characters of extracted text per document (the longest Summit chairman's statements hold ~200,000)."""

MAX_DOCX_EXPANDED_BYTES = 100 * MIB
"""Most bytes a ``.docx`` may expand to, all its parts (XML, images) together."""

MAX_ZIP_RATIO = 200
"""Largest compression ratio of one ``.docx`` part above :data:`ZIP_RATIO_MIN_BYTES` (Word XML deflates ~5-30x;
a zip bomb ~1000x)."""

ZIP_RATIO_MIN_BYTES = MIB
"""Parts smaller than this once expanded are not checked for their ratio (they cannot exhaust memory)."""

MAX_ZIP_MEMBERS = 10_000
"""Most parts (files in the zip) of a ``.docx``; Word writes a few dozen."""

MAX_PDF_PAGES = 1_000
"""Most pages of a PDF statement."""

MAX_PDF_STREAM_BYTES = 8 * MIB
"""Most bytes one PDF stream (page content, object stream, character map) may decode to: pypdf's own limits
(75 MB) are lowered to this while a PDF is read, which bounds the memory a FlateDecode bomb takes."""

MAX_PDF_PAGE_CONTENT_BYTES = 2 * MIB
"""Most bytes a page's content streams may decode to, together; a dense text page holds ~20-60 KiB. A heavier page
is skipped with a warning: pypdf's text extraction takes several seconds a MiB of content (and more than
linearly)."""

MAX_PDF_FORM_INVOCATIONS = 200
"""Most form XObjects (reusable content, such as a letterhead) drawn on one page while its text is extracted;
pypdf's default is 5,000."""

MAX_PDF_SECONDS = 60.0
"""Longest text extraction of one PDF, in seconds of wall-clock time (checked between pages); real statements take
well under a second per page."""

MAX_HTML_BYTES = 2 * MIB
"""Largest HTML page read; statement pages weigh 50-300 KiB. BeautifulSoup is slow: a 2 MiB page of plain
paragraphs takes ~12 s to read, a hostile one (chrome-like blocks nested :data:`MAX_HTML_DEPTH` deep) ~45 s."""

MAX_HTML_DEPTH = 100
"""Deepest nesting of HTML elements; real pages nest a few dozen levels (libxml2 itself stops at 256). The reader's
walks of the tree cost up to depth times size."""


def _size(n_bytes: float) -> str:
    """``n_bytes`` for a message: ``"2.0 MiB"``, ``"512 KiB"``, ``"300 bytes"``."""
    if n_bytes >= MIB:
        return f"{n_bytes / MIB:.1f} MiB"
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:.0f} KiB"
    return f"{n_bytes:.0f} bytes"


def require_file_size(n_bytes: int, path: Path, *, limit: int | None = None, what: str = "file") -> None:
    """Refuse a file larger than ``limit`` bytes (default :data:`MAX_FILE_BYTES`).

    Raises:
        InputError: ``file_too_large``, naming the file's size and the limit.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    if n_bytes > limit:
        raise InputError(
            path,
            f"the {what} is too large to read: {_size(n_bytes)} ({n_bytes} bytes), over the limit of {_size(limit)} "
            "for one statement; if it really is one statement, raise the limit "
            "(ascc_analysis.ingest.readers.limits)",
            code="file_too_large",
        )


def require_text_length(n_chars: int, path: Path, *, at_least: bool = False) -> None:
    """Refuse extracted text longer than :data:`MAX_TEXT_CHARS` characters.

    Args:
        n_chars: The text's length (or, with ``at_least``, a lower bound of it).
        path: The file, for messages.
        at_least: Whether ``n_chars`` is only a lower bound (the reader stopped early).

    Raises:
        InputError: ``text_too_long``, naming the length and the limit.
    """
    if n_chars > MAX_TEXT_CHARS:
        more = "more than " if at_least else ""
        raise InputError(
            path,
            f"the text is too long: {more}{n_chars:,} characters, over the limit of {MAX_TEXT_CHARS:,} for one "
            "statement (a collection of documents, or not a statement?)",
            code="text_too_long",
        )
