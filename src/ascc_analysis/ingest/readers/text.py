"""The plain-text reader: :func:`read_text` decodes a ``.txt``, ``.text`` or ``.md`` file.

Part of the ingest stage (:mod:`ascc_analysis.ingest.readers`). Reads a file's bytes; returns its text (line endings
turned into ``"\\n"``, nothing else changed) and warnings (an encoding that had to be guessed). Raises
:class:`~ascc_analysis.errors.InputError` with code ``empty_file``, ``text_too_long`` or ``binary_file``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ascc_analysis.errors import InputError
from ascc_analysis.ingest.readers import limits
from ascc_analysis.ingest.readers.base import (
    _binary_reason,
    _decode_by_bom,
    _detect_encoding,
    _require_bytes,
    _require_text,
)

log = logging.getLogger(__name__)


def read_text(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
    """Decode a plain-text file.

    UTF-8 (with or without a byte-order mark) is tried first, then UTF-16/UTF-32 by their byte-order marks; other
    bytes are decoded with the encoding ``charset-normalizer`` finds, and a warning names it. Line endings are
    turned into ``"\\n"`` (as Python's text mode does); nothing else is changed.

    Args:
        data: The file's bytes.
        path: The file, for messages.

    Returns:
        The text and the warnings (one when the encoding had to be guessed).

    Raises:
        InputError: ``empty_file`` for an empty or whitespace-only file; ``text_too_long`` for a file too long
            to hold a statement (checked before decoding); ``binary_file`` for data holding NUL
            bytes, many control bytes, or no plausible text encoding.
    """
    _require_bytes(data, path)
    # No encoding read here takes more than 4 bytes a character: longer data cannot fit the text limit.
    limits.require_text_length(len(data) // 4, path, at_least=True)
    warnings: tuple[str, ...] = ()
    decoded = _decode_by_bom(data)
    if decoded is not None:
        text, warnings = decoded
    else:
        reason = _binary_reason(data)
        if reason is not None:
            raise InputError(
                path,
                f"looks like a binary file, not text ({reason}); expected UTF-8 or another text encoding",
                code="binary_file",
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = _detect_encoding(data)
            if encoding is None:
                raise InputError(
                    path, "looks like a binary file, not text (no text encoding fits its bytes)", code="binary_file"
                ) from None
            text = data.decode(encoding)
            warnings = (f"decoded as {encoding} (not UTF-8)",)
            log.info("%s: decoded as %s (not UTF-8)", path, encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _require_text(text, path, what="the text file")
    return text, warnings
