"""The raw folder of acquisition: safe file paths, sidecar names and one-row manifest updates.

Part of the acquisition stage (:mod:`ascc_analysis.ingest.fetch`), shared by ``ascc fetch`` and ``ascc add``.
:func:`safe_raw_path` refuses any file name that could lead outside the raw folder; ``_sidecar_path`` names a
file's ``.meta.json`` sidecar; ``_set_row`` returns the source manifest with one row's values replaced (files are
hashed by :func:`ascc_analysis.catalog.sha256_file`). Writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import polars as pl

from ascc_analysis.errors import ParameterError
from ascc_analysis.ingest.manifest import MANIFEST_SCHEMA


def safe_raw_path(raw_dir: Path, name: str) -> Path:
    """The path of a file below the raw folder, refusing any name that could lead outside it.

    Args:
        raw_dir: The raw folder.
        name: A path relative to it, with forward slashes (``ascc-council-32.pdf``, ``ascc/2024.pdf``).

    Returns:
        ``raw_dir / name``.

    Raises:
        ParameterError: The name is empty, absolute, holds a NUL or control character, a backslash, a drive
            letter or a ``..`` part, or resolves (through a symbolic link) outside the raw folder.
    """
    parts = PurePosixPath(name).parts
    if (
        not name.strip()
        or any(ord(char) < 32 for char in name)
        or "\\" in name
        or name.startswith("/")
        or re.match(r"^[A-Za-z]:", name)
        or any(part in ("..", ".") for part in name.split("/"))
        or not parts
    ):
        raise ParameterError(
            f"file name {name!r} is not safe inside {raw_dir}; expected a relative path with forward slashes and "
            "no '..' parts (for example 'ascc-council-32.pdf')"
        )
    path = raw_dir.joinpath(*parts)
    root = raw_dir.resolve()
    if not path.resolve().is_relative_to(root):
        raise ParameterError(f"file name {name!r} leads outside the raw folder {raw_dir}; refusing to write it")
    return path


def _sidecar_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.meta.json")


def _set_row(manifest: pl.DataFrame, source_id: str, values: Mapping[str, Any]) -> pl.DataFrame:
    is_row = pl.col("source_id") == source_id
    return manifest.with_columns(
        pl.when(is_row).then(pl.lit(value, dtype=MANIFEST_SCHEMA[column])).otherwise(pl.col(column)).alias(column)
        for column, value in values.items()
    )
