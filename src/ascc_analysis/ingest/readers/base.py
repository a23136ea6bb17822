"""Shared ground of the readers: the :class:`RawDocument` they produce, the reader type and the checks and
decoders every text format uses.

Part of the ingest stage (:mod:`ascc_analysis.ingest.readers`). Holds :class:`RawDocument` (one raw file and its
extracted text, from which the ``source_format`` and ``content_hash`` columns of the ``documents`` table come), the
:data:`Reader` signature and :data:`SourceFormat`, and the helpers the format readers share: the empty-file checks
(``empty_file``), the binary-data test (``binary_file``), decoding by byte-order mark and encoding detection.
Reads bytes, returns text; writes nothing.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import charset_normalizer

from ascc_analysis.errors import InputError

SourceFormat = Literal["pdf", "html", "txt", "docx"]
Reader = Callable[[bytes, Path], tuple[str, tuple[str, ...]]]
"""A reader takes a file's bytes (and its path, for messages) and returns the text and any warnings."""


@dataclass(frozen=True)
class RawDocument:
    """One raw file and the text extracted from it.

    Attributes:
        path: The file that was read.
        source_format: Its format, from its suffix.
        text: The extracted text (not normalised; see the module docstring for its conventions).
        content_hash: SHA-256 (hex) of the file's bytes.
        warnings: Things the build report should mention although the file was read, such as
            ``"decoded as cp1252 (not UTF-8)"``.
    """

    path: Path
    source_format: SourceFormat
    text: str
    content_hash: str
    warnings: tuple[str, ...] = ()


def _require_bytes(data: bytes, path: Path) -> None:
    if not data:
        raise InputError(path, "the file is empty (0 bytes)", code="empty_file")


def _require_text(text: str, path: Path, *, what: str) -> None:
    if not text.strip():
        raise InputError(path, f"the file is empty: {what} holds no text, only whitespace", code="empty_file")


_CONTROL_BYTES = bytes(sorted((set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}) | {0x7F}))
MAX_CONTROL_SHARE = 0.05
"""Share of control bytes (other than tab, line feed, form feed, carriage return) above which data is binary."""

_WESTERN_FALLBACK = "cp1252"


def _binary_reason(data: bytes) -> str | None:
    """Why ``data`` looks binary rather than text, or None when it may be text."""
    if b"\x00" in data:
        return "it holds NUL bytes"
    n_control = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if n_control > MAX_CONTROL_SHARE * len(data):
        return f"{n_control} of its {len(data)} bytes are control characters"
    return None


def _decode_by_bom(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """Decode data that starts with a Unicode byte-order mark; returns (text, warnings) or None without a BOM.

    Bytes that do not fit the encoding the mark announces (a truncated UTF-16 file, say) are replaced with
    U+FFFD and a warning says so.
    """
    boms = (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts with the UTF-16 LE BOM
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return data.decode(encoding), ()
            except UnicodeDecodeError as error:
                name = encoding.removesuffix("-sig").upper()
                warning = f"bytes that are not {name} (from byte {error.start}) replaced with U+FFFD"
                return data.decode(encoding, errors="replace"), (warning,)
    return None


def _detect_encoding(data: bytes) -> str | None:
    """The most plausible encoding of non-UTF-8 bytes, or None when no encoding fits.

    ``charset-normalizer`` often cannot tell the Western single-byte code pages apart on short English text (it
    reports, say, cp1250 while cp1252 decodes the same bytes to the same text); where cp1252 is among the
    encodings that give the same text, it is preferred, being by far the commonest legacy encoding of English.
    """
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    equivalent = [codecs.lookup(name).name for name in best.could_be_from_charset]
    if _WESTERN_FALLBACK in equivalent:
        return _WESTERN_FALLBACK
    return codecs.lookup(best.encoding).name
