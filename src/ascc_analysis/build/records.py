"""Build records: what a build reads and reports — the file-name rules, the :class:`Problem` met with a raw
file, a :class:`ParsedDocument` and the :class:`BuildResult`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ascc_analysis.ingest.metadata import Metadata
from ascc_analysis.ingest.segment import Statement

if TYPE_CHECKING:
    pass


log = logging.getLogger(__name__)

MANIFEST_NAME = "sources.csv"
# Files in a raw folder that are not statements: the manifest and its url list, notes, fetch sidecars, landing pages
# and news reports (``<source_id>.news.html``: a journalist's account of a meeting, kept by ``ascc fetch`` as a
# secondary source; never read, so the corpus holds only the bodies' own documents).
NOT_STATEMENTS = re.compile(
    r"(?i)^(sources\.csv|source_urls\.csv|readme(\.md|\.txt)?|sources_notes\.md|.*\.meta\.json|.*\.landing\.html"
    r"|.*\.news\.(html?|pdf|txt)|\..*)$"
)
# Preferred source when the same statement comes in several formats: the official PDF first.
FORMAT_PREFERENCE = {"pdf": 0, "docx": 1, "html": 2, "txt": 3}
# Modules and data whose change invalidates cached parses. A module that is a package (a folder) counts with every
# .py file in it.
PARSER_MODULES = ("ingest/readers", "ingest/normalise", "ingest/segment", "ingest/metadata", "ingest/demo", "build")
PARSER_RESOURCES = ("furniture.yaml", "bodies.yaml", "metadata.yaml")
# Modules and data whose change invalidates cached extraction results: the extract package (with its data files),
# what it reads, and every data file at the top of resources/.
EXTRACT_MODULES = ("extract", "registry", "rules", "schemas", "ingest/manifest")
# Below this many files to parse or statements to extract, one process does it (starting workers costs seconds).
PARALLEL_MIN_FILES = 1000
WORKERS_ENV = "ASCC_BUILD_WORKERS"


@dataclass(frozen=True)
class Problem:
    """One problem met with one raw file."""

    source_file: str
    severity: str  # error | warning
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """The fields by name (as :func:`dataclasses.asdict`, which copies deeply and is ten times slower)."""
        return {"source_file": self.source_file, "severity": self.severity, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class ParsedDocument:
    """The parse of one raw file, before the manifest is applied (this is what the cache holds)."""

    source_file: str
    source_format: str
    content_hash: str
    is_synthetic: bool
    text: str
    statement: Statement
    metadata: Metadata
    warnings: tuple[str, ...] = ()


@dataclass
class BuildResult:
    """What a build produced and met."""

    corpus_dir: Path
    corpus_hash: str | None
    used_demo: bool
    n_files: int
    n_documents: int
    n_paragraphs: int
    n_parsed: int
    n_cached: int
    problems: list[Problem] = field(default_factory=list)
    unchanged: bool = False  # nothing changed since the corpus on disk was built: nothing was written
    n_extracted: int = 0  # statements whose per-statement extraction ran (the others came from the cache)

    @property
    def n_errors(self) -> int:
        return sum(problem.severity == "error" for problem in self.problems)
