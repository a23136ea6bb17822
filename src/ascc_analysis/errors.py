"""Exceptions raised by ascc-analysis.

Every expected failure derives from :class:`AsccError`, so the command line can print a one-line message
(never a traceback) and exit with status 1. Messages name the offending file or value and what is accepted.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


class AsccError(Exception):
    """Base class of every expected error in ascc-analysis."""


class InputError(AsccError):
    """A raw document cannot be read or holds no usable statement.

    Attributes:
        path: The offending file.
        reason: A short, user-facing explanation (``"the PDF is encrypted"``, ``"the file is empty"``, ...).
        code: A stable machine-readable code for the build report: ``empty_file``, ``encrypted_pdf``,
            ``corrupt_pdf``, ``binary_file``, ``no_text``, ``unsupported_format``, ``no_statement``, ...
    """

    def __init__(self, path: str | Path, reason: str, *, code: str = "unreadable") -> None:
        self.path = Path(path)
        self.reason = reason
        self.code = code
        super().__init__(f"{self.path}: {reason}")


class ManifestError(AsccError):
    """The source manifest (``data/raw/sources.csv``) is missing columns or holds a bad value."""


class SchemaError(AsccError):
    """A table does not match its declared schema (see :mod:`ascc_analysis.schemas`)."""


class ParameterError(AsccError):
    """A parameter given by the user is unknown or has a wrong value."""


class BuildError(AsccError):
    """The corpus build failed as a whole (for example ``--strict`` with problems)."""


def require_columns(frame: Any, columns: Sequence[str], *, table: str) -> None:
    """Raise :class:`ParameterError` naming the columns a frame given to a function lacks, and those it has."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ParameterError(f"{table} lacks column(s) {missing}; it has {frame.columns}")
