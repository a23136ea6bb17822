"""Finding the statements below a raw folder: candidate files, and links that are not followed."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from ascc_analysis.build.records import NOT_STATEMENTS

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------- discovery


def find_raw_files(raw_dir: Path) -> list[Path]:
    """Statement candidates below a raw folder, sorted, leaving out the manifest, notes and sidecars."""
    if not raw_dir.is_dir():
        return []
    return sorted(
        path
        for path in raw_dir.rglob("*")
        if path.is_file()
        and not NOT_STATEMENTS.match(path.name)
        and not any(part.startswith(".") for part in path.relative_to(raw_dir).parts)
    )


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, with every link resolved, lies inside ``folder`` (also resolved)."""
    return Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(folder)))


def linked_folders(raw_dir: Path) -> list[Path]:
    """Links to folders below a raw folder: never searched (a link could lead anywhere, or back to itself)."""
    if not raw_dir.is_dir():
        return []
    return sorted(path for path in raw_dir.rglob("*") if path.is_symlink() and path.is_dir())
