"""The bundled synthetic demo corpus (``resources/demo/``) and its label.

``make report`` builds this corpus when ``data/raw/`` holds no statements (see :mod:`ascc_analysis.build`). Every
demo statement was written by the ascc-analysis developers for testing and demonstration; none is an ASEAN
document. Each file starts with :data:`SYNTHETIC_LABEL` (an HTML file as the first ``<p>`` of its body), which
:func:`split_synthetic_label` removes and reports, so that ``documents.is_synthetic`` is true for these
statements. The folder's ``README.md`` lists the signals planted in the corpus for the analytics to find.
"""

from __future__ import annotations

import logging
import re
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["DEMO_SUFFIXES", "SYNTHETIC_LABEL", "demo_dir", "demo_files", "split_synthetic_label"]

SYNTHETIC_LABEL = (
    "SYNTHETIC DEMO STATEMENT - written by the ascc-analysis developers for testing; not an official ASEAN document."
)
# Statement formats shipped in the demo folder (its README.md is not a statement).
DEMO_SUFFIXES = frozenset({".txt", ".html"})
# The label is looked for in the first lines of a text only.
_LABEL_WINDOW = 10
# The label as a line, tolerating what readers and extractors do to it: surrounding spaces, a dash turned into an
# en or em dash, runs of spaces.
_LABEL_RE = re.compile(
    r"[ \t]*" + r"\s+".join(re.escape(word) for word in SYNTHETIC_LABEL.split()).replace(r"\-", "[-–—]") + r"[ \t]*"
)


def demo_dir() -> Path:
    """The folder of the bundled demo statements (``ascc_analysis/resources/demo``).

    Returns:
        The folder as a file-system path; it works for an editable and for a regular install.
    """
    return Path(str(resources.files("ascc_analysis").joinpath("resources", "demo")))


def demo_files() -> tuple[Path, ...]:
    """The demo statement files, sorted by name (their names start with the meeting date).

    Returns:
        Every ``.txt`` and ``.html`` file of :func:`demo_dir`; the folder's README is left out.
    """
    files = tuple(
        sorted(
            (path for path in demo_dir().iterdir() if path.is_file() and path.suffix.lower() in DEMO_SUFFIXES),
            key=lambda path: path.name,
        )
    )
    log.debug("%d demo statements in %s", len(files), demo_dir())
    return files


def split_synthetic_label(text: str) -> tuple[str, bool]:
    """Remove the synthetic-statement label line from a statement's text.

    The label is recognised as a whole line (spacing and the kind of dash may differ) within the first
    10 lines of ``text``; only that line (and its line break) is removed, every other character is kept.

    Args:
        text: The text of a statement as a reader gave it.

    Returns:
        ``(text without the label line, True)`` when the label was found, else ``(text, False)``.
    """
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines[:_LABEL_WINDOW]):
        if _LABEL_RE.fullmatch(line.rstrip("\r\n")):
            return "".join(lines[:index] + lines[index + 1 :]), True
    return text, False
