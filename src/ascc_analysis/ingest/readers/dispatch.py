"""Format dispatch: the suffix -> reader registry and :func:`read_document`, which reads one raw file.

Part of the ingest stage (:mod:`ascc_analysis.ingest.readers`). :data:`suffix_to_reader` chooses the reader of a
file by its suffix (PDF, HTML, plain text, Word); :func:`read_document` reads the file's bytes, dispatches, and
returns a :class:`~ascc_analysis.ingest.readers.base.RawDocument` with the file's format and SHA-256. Holds the
limits every format shares (:mod:`~ascc_analysis.ingest.readers.limits`): the file's size before it is read, the
text's length after, and a reader that recurses too deep or runs out of memory. Raises
:class:`~ascc_analysis.errors.InputError` with code ``unsupported_format``, ``unreadable``, ``file_too_large``,
``text_too_long``, ``too_deeply_nested`` or ``out_of_memory``, or the reader's.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from ascc_analysis.errors import InputError
from ascc_analysis.ingest.readers import limits
from ascc_analysis.ingest.readers.base import RawDocument, Reader, SourceFormat
from ascc_analysis.ingest.readers.html import read_html
from ascc_analysis.ingest.readers.pdf import read_pdf
from ascc_analysis.ingest.readers.text import read_text
from ascc_analysis.ingest.readers.word import read_docx

log = logging.getLogger(__name__)

suffix_to_reader: Mapping[str, Reader] = MappingProxyType(
    {
        ".pdf": read_pdf,
        ".html": read_html,
        ".htm": read_html,
        ".txt": read_text,
        ".text": read_text,
        ".md": read_text,
        ".docx": read_docx,
    }
)
"""The reader of each supported file suffix (lower case, with the dot)."""

suffix_to_format: Mapping[str, SourceFormat] = MappingProxyType(
    {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "txt", ".text": "txt", ".md": "txt", ".docx": "docx"}
)
"""The ``source_format`` recorded for each supported suffix."""

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(suffix_to_reader)
"""The suffixes :func:`read_document` reads."""

_SUFFIX_HINTS = {
    ".doc": "save it as .docx",
    ".rtf": "save it as .docx or .txt",
    ".odt": "save it as .docx",
    ".xhtml": "rename it to .html",
}


def is_supported(path: Path) -> bool:
    """Whether :func:`read_document` has a reader for the file's suffix (case-insensitive)."""
    return path.suffix.lower() in suffix_to_reader


def read_document(path: Path) -> RawDocument:
    """Read a raw statement file with the reader for its suffix.

    Args:
        path: The file; its suffix (case-insensitive) chooses the reader from :data:`suffix_to_reader`.

    Returns:
        The extracted text with the file's format, SHA-256 and any warnings.

    Raises:
        InputError: ``unsupported_format`` for a suffix without a reader (the message lists the supported
            ones); ``unreadable`` when the file cannot be opened (missing, a folder, no permission);
            ``empty_file`` for an empty file; ``file_too_large`` for a file over
            :data:`~ascc_analysis.ingest.readers.limits.MAX_FILE_BYTES` (refused before it is read);
            ``text_too_long`` for text over :data:`~ascc_analysis.ingest.readers.limits.MAX_TEXT_CHARS`;
            ``too_deeply_nested`` when the reader exhausts Python's recursion limit; ``out_of_memory`` when it
            exhausts memory; and the format-specific codes of :func:`read_pdf`, :func:`read_html`,
            :func:`read_text` and :func:`read_docx`.
    """
    suffix = path.suffix.lower()
    reader = suffix_to_reader.get(suffix)
    if reader is None:
        hint = f" ({_SUFFIX_HINTS[suffix]})" if suffix in _SUFFIX_HINTS else ""
        raise InputError(
            path,
            f"unsupported format {suffix or '(no suffix)'!r}{hint}; supported suffixes: "
            f"{', '.join(sorted(SUPPORTED_SUFFIXES))}",
            code="unsupported_format",
        )
    try:
        limits.require_file_size(path.stat().st_size, path)
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise InputError(path, "cannot read the file: it does not exist", code="unreadable") from error
    except IsADirectoryError as error:
        raise InputError(path, "cannot read the file: it is a folder, not a file", code="unreadable") from error
    except PermissionError as error:
        raise InputError(path, "cannot read the file: permission denied", code="unreadable") from error
    except OSError as error:
        raise InputError(path, f"cannot read the file: {error.strerror or error}", code="unreadable") from error
    try:
        text, warnings = reader(data, path)
    except RecursionError as error:
        raise InputError(
            path,
            "the document is nested too deeply to read (Python's recursion limit was reached); a malformed or "
            "hostile file",
            code="too_deeply_nested",
        ) from error
    except MemoryError as error:
        raise InputError(
            path,
            f"reading the document ran out of memory ({len(data):,} bytes on disk); a malformed or hostile file",
            code="out_of_memory",
        ) from error
    limits.require_text_length(len(text), path)
    source_format = suffix_to_format[suffix]
    log.debug("read %s as %s: %d characters, %d warning(s)", path, source_format, len(text), len(warnings))
    return RawDocument(
        path=path,
        source_format=source_format,
        text=text,
        content_hash=hashlib.sha256(data).hexdigest(),
        warnings=warnings,
    )
