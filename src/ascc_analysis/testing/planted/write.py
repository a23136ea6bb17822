"""Writing a planted corpus to disk: :func:`write_raw` writes its statements as raw text files.

Part of the planted-signal yardstick (:mod:`ascc_analysis.testing.planted`). Reads a
:class:`~ascc_analysis.testing.planted.spec.PlantedCorpus`; writes each statement as a UTF-8 ``.txt`` file
(atomically) into a raw folder, for :func:`ascc_analysis.build.build_corpus` to build into the same ``documents``
table. Returns the paths written.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ascc_analysis.errors import ParameterError
from ascc_analysis.testing.planted.spec import PlantedCorpus

log = logging.getLogger(__name__)


def write_raw(corpus: PlantedCorpus, raw_dir: Path) -> list[Path]:
    """Write the statements of a corpus as UTF-8 text files (atomic writes), for the build stage to read.

    Args:
        corpus: A generated corpus.
        raw_dir: Folder to write into; created with its parents when missing. Files of the same name are replaced.

    Returns:
        The paths written, sorted.

    Raises:
        ParameterError: ``raw_dir`` exists and is not a folder.
    """
    raw_dir = Path(raw_dir)
    if raw_dir.exists() and not raw_dir.is_dir():
        raise ParameterError(f"{raw_dir}: exists and is not a folder; give a folder for the raw statements")
    raw_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in sorted(corpus.texts.items()):
        path = raw_dir / name
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_bytes(text.encode("utf-8"))
        os.replace(tmp, path)
        paths.append(path)
    log.info("wrote %d planted statements to %s", len(paths), raw_dir)
    return paths
