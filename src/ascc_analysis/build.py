"""Build stage: raw documents → the processed corpus (every table in :mod:`ascc_analysis.schemas`).

``build_corpus`` reads each raw file (:mod:`ascc_analysis.ingest.readers`), normalises it
(:mod:`ascc_analysis.ingest.normalise`), splits it into numbered paragraphs (:mod:`ascc_analysis.ingest.segment`),
extracts its metadata (:mod:`ascc_analysis.ingest.metadata`) and lets the source manifest override it
(:mod:`ascc_analysis.ingest.manifest`), then runs the extraction stages (:mod:`ascc_analysis.extract`) and writes
all tables at once (:mod:`ascc_analysis.catalog`).

Problems with single files are collected, not raised: the file is skipped (severity ``error``) or used with a
note (``warning``), and every problem lands in the ``problems`` table and ``build_report.json``. With
``strict=True`` any problem fails the build before anything is written.

Building is incremental. The parse of each raw file is cached under ``<corpus>/.cache/`` keyed on the file's
SHA-256 and a fingerprint of the parsing code and data (:func:`parser_fingerprint`), so an unchanged file is not
parsed again. Next to the parse the cache entry holds what extraction found in the statement alone
(:class:`ascc_analysis.extract.DocumentExtraction`), keyed on its ``documents`` row (which holds the text's hash and
the metadata) and on a fingerprint of the extraction code and data (:func:`extraction_fingerprint`); only what crosses
statements (shared acronyms, canonical instrument ids) is recomputed, and the tables are byte for byte those of a
cold build. When nothing changed at all (the same files with the same hashes, manifest, code and data as the corpus
on disk was built from, and that corpus intact) nothing is written and the result says ``unchanged``.

An entry keeps the statement's blocks as one JSON string with its SHA-256, decoded only when the blocks are needed
(:class:`CachedParse`), and the body key and number of paragraphs beside them: a build with one new statement
reads ten thousand entries. An entry that cannot be read, is of another format or whose blocks do not have their
hash is ignored and the file parsed again.

The paragraph rows are kept in one cache table (``.cache/paragraphs-<fingerprint>.parquet``). Parsing and
per-statement extraction of many new files are spread over processes when the CPUs are idle
(:data:`PARALLEL_MIN_FILES`, ``ASCC_BUILD_WORKERS``); results are put back in file order, so the output does not
depend on it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from ascc_analysis import __version__
from ascc_analysis.catalog import (
    CACHE_DIR,
    COMMIT_DIR,
    CORPUS_MANIFEST,
    read_build_report,
    read_corpus_manifest,
    sha256_file,
    table_path,
    write_corpus,
    write_file_atomic,
    write_text_atomic,
)
from ascc_analysis.errors import AsccError, BuildError, InputError
from ascc_analysis.ingest.demo import demo_files, split_synthetic_label
from ascc_analysis.ingest.manifest import apply_manifest, match_source, read_manifest
from ascc_analysis.ingest.metadata import Metadata, extract_metadata
from ascc_analysis.ingest.normalise import normalise_text
from ascc_analysis.ingest.segment import Block, Statement, paragraphs_frame, split_statement
from ascc_analysis.registry import Registry, load_registry
from ascc_analysis.schemas import DOCUMENTS, PARAGRAPHS, PROBLEMS, TABLES, validate

if TYPE_CHECKING:
    from ascc_analysis.extract import DocumentExtraction, ExtractionResult

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


# --------------------------------------------------------------------------------------------- caching


def _code_digest(modules: Sequence[str], resource_names: Iterable[str], *, suffixes: tuple[str, ...]) -> str:
    """SHA-256 over the package version, the source of some modules and some data files of ``resources/``.

    A module is ``<module>.py``, or, when it is a package, every file with one of ``suffixes`` below its folder in
    sorted order (each with its path, so that moving code between files changes the fingerprint).
    """
    digest = hashlib.sha256(__version__.encode())
    package = resources.files("ascc_analysis")
    for module in modules:
        source = package.joinpath(f"{module}.py")
        if source.is_file():
            digest.update(source.read_bytes())
            continue
        root = Path(str(package.joinpath(module)))
        if not root.is_dir():
            raise FileNotFoundError(f"module {module!r}: neither {source} nor a package folder {root}")
        found = (path for path in root.rglob("*") if path.is_file() and path.name.endswith(suffixes))
        for path in sorted(found, key=lambda item: item.relative_to(root).as_posix()):
            digest.update(f"{module}/{path.relative_to(root).as_posix()}".encode())
            digest.update(path.read_bytes())
    for name in resource_names:
        resource = package.joinpath("resources", name)
        if resource.is_file():
            digest.update(name.encode())
            digest.update(resource.read_bytes())
    return digest.hexdigest()


def parser_fingerprint() -> str:
    """SHA-256 over the package version and the source of the parsing modules and data.

    A module of :data:`PARSER_MODULES` is ``<module>.py``, or, when it is a package, every ``.py`` file below its
    folder in sorted order (each with its path, so that moving code between files changes the fingerprint).
    """
    return _code_digest(PARSER_MODULES, PARSER_RESOURCES, suffixes=(".py",))


def extraction_fingerprint() -> str:
    """SHA-256 over the package version, the modules of :data:`EXTRACT_MODULES` (with the data files inside the
    extract package) and every data file at the top of ``resources/``: a change to any of them invalidates every
    cached extraction result."""
    folder = Path(str(resources.files("ascc_analysis").joinpath("resources")))
    names = sorted(path.name for path in folder.iterdir() if path.is_file()) if folder.is_dir() else []
    return _code_digest(EXTRACT_MODULES, names, suffixes=(".py", ".yaml", ".yml", ".csv", ".txt", ".json"))


def extraction_key(document_row: Mapping[str, Any], *, parser: str, extraction: str) -> str:
    """The key of one statement's cached extraction: its ``documents`` row (every column but the text, whose hash is
    in it; the paragraphs follow from the parse and the doc id) and both fingerprints."""
    row = {name: value for name, value in document_row.items() if name != "text"}
    payload = json.dumps({"parser": parser, "extraction": extraction, "row": row}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _metadata_to_json(metadata: Metadata) -> dict[str, Any]:
    return {
        key: (value.isoformat() if isinstance(value, dt.date) else value)
        for key, value in dataclasses.asdict(metadata).items()
    }


def _metadata_from_json(data: dict[str, Any]) -> Metadata:
    values = dict(data)
    for key in ("date", "date_end"):
        if values.get(key):
            values[key] = dt.date.fromisoformat(values[key])
    return Metadata(**values)


def _cache_path(cache_dir: Path, content_hash: str, fingerprint: str) -> Path:
    return cache_dir / f"{content_hash}-{fingerprint[:16]}.json"


_ENTRY_FORMAT = 2  # entries of another format are ignored (the file is parsed again)


class CachedParse:
    """A parse read from the cache, standing in for a :class:`ParsedDocument`.

    The blocks are decoded only when :attr:`statement` is asked for: a build with the statement's paragraph rows in
    the paragraphs cache needs only the text, the title, the metadata, the body key and the number of paragraphs,
    stored beside them (decoding ten thousand statements' blocks took about a fifth of a one-new build). The stored
    blocks carry their SHA-256, checked when the entry is read, so that a damaged entry is ignored there and then.
    """

    __slots__ = (
        "_statement",
        "blocks_json",
        "body_key",
        "content_hash",
        "is_synthetic",
        "metadata",
        "n_paragraphs",
        "source_file",
        "source_format",
        "text",
        "title",
        "title_end",
        "warnings",
    )

    def __init__(
        self,
        *,
        source_file: str,
        source_format: str,
        content_hash: str,
        is_synthetic: bool,
        text: str,
        title: str,
        title_end: int,
        metadata: Metadata,
        warnings: tuple[str, ...],
        blocks_json: str,
        body_key: str,
        n_paragraphs: int,
    ) -> None:
        self.source_file = source_file
        self.source_format = source_format
        self.content_hash = content_hash
        self.is_synthetic = is_synthetic
        self.text = text
        self.title = title
        self.title_end = title_end
        self.metadata = metadata
        self.warnings = warnings
        self.blocks_json = blocks_json
        self.body_key = body_key
        self.n_paragraphs = n_paragraphs
        self._statement: Statement | None = None

    @property
    def statement(self) -> Statement:
        """The segmented statement (decoded from the entry on first use)."""
        if self._statement is None:
            blocks = tuple(Block(*row) for row in json.loads(self.blocks_json))
            self._statement = Statement(title=self.title, title_end=self.title_end, blocks=blocks)
        return self._statement


Parse = ParsedDocument | CachedParse


def _title(parsed: Parse) -> str:
    return parsed.title if isinstance(parsed, CachedParse) else parsed.statement.title


def _body_key(parsed: Parse) -> str:
    return parsed.body_key if isinstance(parsed, CachedParse) else body_fingerprint(parsed.statement)


def _n_paragraphs(parsed: Parse) -> int:
    if isinstance(parsed, CachedParse):
        return parsed.n_paragraphs
    return sum(block.level == "paragraph" for block in parsed.statement.blocks)


def _blocks_json(statement: Statement) -> str:
    """The blocks as JSON rows in :class:`Block`'s field order."""
    return json.dumps(
        [(b.level, b.para_no, b.sub_item, b.is_numbered, b.text, b.char_start, b.char_end) for b in statement.blocks]
    )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _save_parse(path: Path, parsed: Parse, extraction: tuple[str, dict[str, Any]] | None = None) -> None:
    blocks_json = parsed.blocks_json if isinstance(parsed, CachedParse) else _blocks_json(parsed.statement)
    payload: dict[str, Any] = {
        "format": _ENTRY_FORMAT,
        "source_format": parsed.source_format,
        "is_synthetic": parsed.is_synthetic,
        "text": parsed.text,
        "title": _title(parsed),
        "title_end": parsed.title_end if isinstance(parsed, CachedParse) else parsed.statement.title_end,
        "blocks_json": blocks_json,
        "blocks_sha256": _sha256(blocks_json),
        "body_key": _body_key(parsed),
        "n_paragraphs": _n_paragraphs(parsed),
        "metadata": _metadata_to_json(parsed.metadata),
        "warnings": list(parsed.warnings),
    }
    if extraction is not None:
        payload["extraction"] = {"key": extraction[0], "data": extraction[1]}
    write_text_atomic(path, json.dumps(payload, sort_keys=True), sync=False)  # a cache: checked when read


def _load_parse(path: Path, *, source_file: str, content_hash: str) -> CachedParse | None:
    loaded = _load_entry(path, source_file=source_file, content_hash=content_hash)
    return None if loaded is None else loaded[0]


def _load_entry(path: Path, *, source_file: str, content_hash: str) -> tuple[CachedParse, dict[str, Any] | None] | None:
    """A cache entry: the parse, and the stored extraction (``{"key": ..., "data": ...}``) if any.

    ``None`` (the file is parsed again) when there is no entry, or it cannot be read, is of another format, or its
    blocks do not have the hash stored with them.
    """
    if not path.is_file():
        return None
    try:
        payload = json.loads(path.read_bytes())
        if payload["format"] != _ENTRY_FORMAT:
            raise ValueError(f"cache format {payload['format']!r}, not {_ENTRY_FORMAT}")
        blocks_json = payload["blocks_json"]
        if not isinstance(blocks_json, str) or _sha256(blocks_json) != payload["blocks_sha256"]:
            raise ValueError("the blocks do not have the hash stored with them")
        body_key, n_paragraphs = payload["body_key"], payload["n_paragraphs"]
        if not isinstance(body_key, str) or len(body_key) != 64 or type(n_paragraphs) is not int:
            raise ValueError("no body key or number of paragraphs")
        parsed = CachedParse(
            source_file=source_file,
            source_format=str(payload["source_format"]),
            content_hash=content_hash,
            is_synthetic=bool(payload["is_synthetic"]),
            text=str(payload["text"]),
            title=str(payload["title"]),
            title_end=int(payload["title_end"]),
            metadata=_metadata_from_json(payload["metadata"]),
            warnings=tuple(payload["warnings"]),
            blocks_json=blocks_json,
            body_key=body_key,
            n_paragraphs=n_paragraphs,
        )
        extraction = payload.get("extraction")
        return parsed, extraction if isinstance(extraction, dict) else None
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("ignoring unreadable cache entry %s: %s", path, error)
        return None


# --------------------------------------------------------------------------------------------- parsing


def parse_file(path: Path, *, source_file: str, registry: Registry) -> ParsedDocument:
    """Read, normalise, segment and describe one raw file.

    Raises:
        InputError: The file cannot be read or holds no statement.
    """
    from ascc_analysis.ingest.readers import read_document

    raw = read_document(path)
    text, is_synthetic = split_synthetic_label(raw.text)
    normalised = normalise_text(text)
    if not normalised.strip():
        raise InputError(path, "no text left after removing page furniture", code="empty_file")
    statement = split_statement(normalised, source=path)
    body = normalised[statement.title_end :]
    metadata = extract_metadata(statement.title, body, registry=registry)
    return ParsedDocument(
        source_file=source_file,
        source_format=raw.source_format,
        content_hash=raw.content_hash,
        is_synthetic=is_synthetic,
        text=normalised,
        statement=statement,
        metadata=metadata,
        warnings=raw.warnings,
    )


# --------------------------------------------------------------------------------------------- ids


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def make_doc_id(metadata: Metadata, *, source_file: str) -> str:
    """A readable, deterministic document id.

    ``<body>-<meeting no>-<date>`` (for example ``ascc-32-2024-09-26``) when the metadata has them, else the
    slug of the file name.
    """
    if metadata.meeting_body_id and metadata.meeting_no is not None:
        when = metadata.date.isoformat() if metadata.date else (str(metadata.year) if metadata.year else "undated")
        return f"{_slug(metadata.meeting_body_id)}-{metadata.meeting_no:02d}-{when}"
    return _slug(Path(source_file).stem) or "statement"


# --------------------------------------------------------------------------------------------- assembly


def _document_row(
    parsed: Parse,
    metadata: Metadata,
    *,
    doc_id: str,
    manifest_fields: Sequence[str],
    text_hash: str | None = None,
) -> dict[str, Any]:
    missing = metadata.missing
    return {
        "doc_id": doc_id,
        "source_file": parsed.source_file,
        "source_format": parsed.source_format,
        "content_hash": parsed.content_hash,
        "text_hash": text_hash if text_hash is not None else _sha256(parsed.text),
        "is_synthetic": parsed.is_synthetic,
        "meeting_body_id": metadata.meeting_body_id,
        "meeting_name": metadata.meeting_name,
        "meeting_no": metadata.meeting_no,
        "date": metadata.date,
        "date_end": metadata.date_end,
        "date_precision": metadata.date_precision,
        "year": metadata.year,
        "venue_city": metadata.venue_city,
        "venue_country": metadata.venue_country,
        "chair": metadata.chair,
        "is_video_conference": metadata.is_video_conference,
        "other_meetings": [dataclasses.asdict(meeting) for meeting in metadata.other_meetings],
        "is_plus_three": metadata.is_plus_three,
        "document_kind": metadata.document_kind,
        "completeness": metadata.completeness,
        "title": _title(parsed),
        "text": parsed.text,
        "n_paragraphs": _n_paragraphs(parsed),
        "missing_fields": sorted(missing),
        "manifest_fields": sorted(manifest_fields),
    }


def _problems_frame(problems: Iterable[Problem]) -> pl.DataFrame:
    rows = [dataclasses.asdict(problem) for problem in problems]
    frame = pl.DataFrame(rows, schema=PROBLEMS.schema) if rows else PROBLEMS.empty()
    return frame.unique(subset=list(PROBLEMS.key), keep="first", maintain_order=True)


def extract_corpus(
    documents: pl.DataFrame,
    paragraphs: pl.DataFrame,
    *,
    registry: Registry,
    cached: Mapping[str, DocumentExtraction],
    compute: Callable[..., dict[str, DocumentExtraction]],
) -> ExtractionResult:
    """The extraction tables, reusing cached per-statement results (:func:`ascc_analysis.extract.extract_corpus`)."""
    from ascc_analysis.extract import extract_corpus as extract

    return extract(documents, paragraphs, registry=registry, cached=cached, compute=compute)


def build_corpus(
    raw_dir: Path,
    out_dir: Path,
    *,
    manifest_path: Path | None = None,
    strict: bool = False,
    demo: bool | None = None,
    on_file: Callable[[Path], None] | None = None,
    workers: int | None = None,
) -> BuildResult:
    """Build the processed corpus from a raw folder and write it atomically.

    Args:
        raw_dir: Folder of raw statements (PDF, HTML, text, Word), searched recursively.
        out_dir: Corpus folder to write (``data/processed``).
        manifest_path: The source manifest; defaults to ``raw_dir/sources.csv`` when that exists.
        strict: Fail (and write nothing) when any file has a problem.
        demo: ``True`` builds the bundled synthetic demo corpus; ``None`` does so only when the raw folder has no
            statements; ``False`` never does.
        on_file: Called with each file as it is processed (for progress bars).
        workers: Processes for parsing and per-statement extraction when there are at least
            :data:`PARALLEL_MIN_FILES` to do (``ASCC_BUILD_WORKERS`` overrides). ``None``: the usable CPUs (at most
            4) when they are idle (load average at most one less) and the main module can be imported again by a
            worker (``python -m``, a notebook), else 1 — workers are spawned (starting one takes seconds), and a
            script run as ``python script.py`` must guard its work with ``if __name__ == "__main__":`` to use them.

    Returns:
        The :class:`BuildResult`, with every problem met.

    Raises:
        BuildError: ``strict`` and a problem was met, or no statement could be built.
    """
    files = find_raw_files(raw_dir)
    used_demo = bool(demo) or (demo is None and not files)
    if used_demo:
        files = list(demo_files())
        log.warning(
            "no statements in %s: building the bundled synthetic demo corpus (%d statements)", raw_dir, len(files)
        )
    base = files[0].parent if used_demo else raw_dir
    manifest_file = manifest_path or raw_dir / MANIFEST_NAME
    has_manifest = manifest_file.is_file() and not used_demo

    fingerprint = parser_fingerprint()
    extract_fingerprint = extraction_fingerprint()
    cache_dir = out_dir / CACHE_DIR
    problems: list[Problem] = []
    for link in [] if used_demo else linked_folders(raw_dir):
        name = link.relative_to(raw_dir).as_posix()
        message = f"{name}: a link to the folder {os.path.realpath(link)}; links to folders are not followed"
        problems.append(Problem(name, "warning", "symlink_folder", message))
    # What each file is: its hash, or why it cannot be read (a link leading out of the raw folder is not read).
    seen: list[tuple[Path, str, str | OSError]] = []
    for path in files:
        if on_file is not None:
            on_file(path)
        source_file = path.relative_to(base).as_posix()
        if not used_demo and path.is_symlink() and not _inside(path, raw_dir):
            seen.append((path, source_file, f"link to {os.path.realpath(path)}"))
            continue
        try:
            seen.append((path, source_file, sha256_file(path)))
        except OSError as error:
            seen.append((path, source_file, error))
    inputs = _inputs_digest(
        raw_dir=raw_dir,
        used_demo=used_demo,
        manifest=manifest_file if has_manifest else None,
        fingerprints=(fingerprint, extract_fingerprint),
        files=[(source, str(item)) for _path, source, item in seen],
        links=[problem.message for problem in problems],
    )
    unchanged = _unchanged_build(out_dir, inputs, strict=strict)
    if unchanged is not None:
        return unchanged

    # The readers (PDF, Word, HTML libraries) take a second or two to import: only now that there is work.
    from ascc_analysis.ingest.readers import is_supported

    registry = load_registry()
    manifest = read_manifest(manifest_file) if has_manifest else None
    # Each file's problem, or its hash: (path, source file, content hash) in file order.
    candidates: list[tuple[Path, str, str | Problem]] = []
    for path, source_file, state in seen:
        if not is_supported(path):
            message = f"{source_file}: not a statement format this build reads; skipped"
            candidates.append((path, source_file, Problem(source_file, "warning", "unsupported_format", message)))
            continue
        if not used_demo and path.is_symlink() and not _inside(path, raw_dir):
            message = f"{source_file}: a link to {os.path.realpath(path)}, outside {raw_dir}; not followed"
            candidates.append((path, source_file, Problem(source_file, "error", "symlink_outside", message)))
        elif isinstance(state, OSError):
            message = f"{source_file}: {state.strerror}"
            candidates.append((path, source_file, Problem(source_file, "error", "unreadable", message)))
        else:
            candidates.append((path, source_file, state))

    # Parse what the cache does not hold (over processes when there are many), then collect in file order.
    entries: dict[str, tuple[CachedParse, dict[str, Any] | None]] = {}
    to_parse: list[tuple[Path, str]] = []
    for path, source_file, item in candidates:
        if isinstance(item, str):
            entry = _load_entry(_cache_path(cache_dir, item, fingerprint), source_file=source_file, content_hash=item)
            if entry is not None:
                entries[source_file] = entry
            else:
                to_parse.append((path, source_file))
    parsed_files = _parse_files(to_parse, registry, workers=_workers(len(to_parse), workers))
    fresh = dict(zip((source for _path, source in to_parse), parsed_files, strict=True))
    parsed_documents: list[Parse] = []
    stored: dict[str, dict[str, Any] | None] = {}
    for _path, source_file, item in candidates:
        parsed: Parse
        if isinstance(item, Problem):
            problems.append(item)
            continue
        if source_file in entries:
            parsed, stored[source_file] = entries[source_file]
        else:
            outcome = fresh[source_file]
            if isinstance(outcome, Problem):
                problems.append(outcome)
                continue
            parsed, stored[source_file] = outcome, None
        parsed_documents.append(parsed)
        for warning in parsed.warnings:
            problems.append(Problem(source_file, "warning", "encoding", f"{source_file}: {warning}"))
    n_cached = len(entries)

    def save_fresh_parses() -> None:
        for parsed in parsed_documents:
            if parsed.source_file in fresh:
                _save_parse(_cache_path(cache_dir, parsed.content_hash, fingerprint), parsed)

    # The paragraphs of a statement follow from its parse and its id: kept in one cache table between builds (making
    # a small frame per statement costs milliseconds, which adds up over ten thousand statements).
    kept_paragraphs = _read_paragraphs_cache(cache_dir, fingerprint)
    kept_keys = (
        set(kept_paragraphs.get_column(_PARAGRAPHS_KEY).unique().to_list()) if kept_paragraphs is not None else set()
    )
    wanted_keys: list[str] = []

    def paragraphs_of(parsed: Parse, doc_id: str) -> pl.DataFrame | None:
        key = _paragraphs_key(parsed.content_hash, doc_id)
        wanted_keys.append(key)
        if key in kept_keys:
            return None
        return paragraphs_frame(parsed.statement, doc_id=doc_id).with_columns(pl.lit(key).alias(_PARAGRAPHS_KEY))

    documents_rows, paragraph_frames = _assemble(parsed_documents, manifest, problems, paragraphs_of)
    if kept_paragraphs is not None and kept_keys:
        paragraph_frames.append(kept_paragraphs.filter(pl.col(_PARAGRAPHS_KEY).is_in(wanted_keys)))
    if not documents_rows:
        save_fresh_parses()
        raise BuildError(
            f"{raw_dir}: no statement could be built from {len(files)} file(s)"
            + "".join(f"\n  {problem.message}" for problem in problems)
        )
    if strict and problems:
        save_fresh_parses()
        raise BuildError(
            f"{len(problems)} problem(s) with the raw files (--strict); nothing was written:"
            + "".join(f"\n  {problem.message}" for problem in problems)
        )

    documents = validate(pl.DataFrame(documents_rows, schema=DOCUMENTS.schema), DOCUMENTS)
    keyed_paragraphs = pl.concat(paragraph_frames).sort(list(PARAGRAPHS.key))
    paragraphs = validate(keyed_paragraphs.drop(_PARAGRAPHS_KEY), PARAGRAPHS)
    # Extraction: per-statement results kept in the cache where the statement's row and the code are the same.
    keys = {
        row["doc_id"]: extraction_key(row, parser=fingerprint, extraction=extract_fingerprint) for row in documents_rows
    }
    source_of = {row["doc_id"]: row["source_file"] for row in documents_rows}
    from ascc_analysis.extract import DocumentExtraction

    cached: dict[str, DocumentExtraction] = {}
    for doc_id, key in keys.items():
        kept = stored.get(source_of[doc_id])
        if kept is not None and kept.get("key") == key:
            try:
                cached[doc_id] = DocumentExtraction.from_json(kept["data"])
            except (KeyError, TypeError, ValueError) as error:
                log.warning("ignoring an unreadable cached extraction of %s: %s", source_of[doc_id], error)
    n_missing = documents.height - len(cached)
    extraction = extract_corpus(
        documents,
        paragraphs,
        registry=registry,
        cached=cached,
        compute=functools.partial(_extract_in_processes, workers=_workers(n_missing, workers)),
    )
    tables = {name: spec.empty() for name, spec in TABLES.items()}
    tables.update(extraction.tables)
    tables.update(documents=documents, paragraphs=paragraphs, problems=_problems_frame(problems))
    n_paragraphs = paragraphs.filter(pl.col("level") == "paragraph").height
    n_parsed = len(parsed_documents) - n_cached
    report: dict[str, Any] = {
        "package_version": __version__,
        "raw_dir": str(raw_dir),
        "used_demo": used_demo,
        "n_files": len(files),
        "n_documents": documents.height,
        "n_paragraphs": n_paragraphs,
        "n_parsed": n_parsed,
        "n_cached": n_cached,
        "n_extracted": documents.height - extraction.n_reused,
        "inputs_digest": inputs,
        "problems": [dataclasses.asdict(problem) for problem in problems],
    }
    corpus_hash = write_corpus(out_dir, tables, build_report=report)
    parsed_of = {parsed.source_file: parsed for parsed in parsed_documents}
    for doc_id, key in keys.items():
        source_file = source_of[doc_id]
        if doc_id in extraction.changed or doc_id not in cached or source_file in fresh:
            _save_parse(
                _cache_path(cache_dir, parsed_of[source_file].content_hash, fingerprint),
                parsed_of[source_file],
                (key, extraction.documents[doc_id].to_json()),
            )
            fresh.pop(source_file, None)
    save_fresh_parses()  # the statements skipped as duplicates
    _write_paragraphs_cache(cache_dir, fingerprint, keyed_paragraphs)
    _prune_cache(cache_dir, keep={_cache_path(cache_dir, p.content_hash, fingerprint) for p in parsed_documents})
    return BuildResult(
        corpus_dir=out_dir,
        corpus_hash=corpus_hash,
        used_demo=used_demo,
        n_files=len(files),
        n_documents=documents.height,
        n_paragraphs=n_paragraphs,
        n_parsed=n_parsed,
        n_cached=n_cached,
        problems=problems,
        n_extracted=documents.height - extraction.n_reused,
    )


# --------------------------------------------------------------------------------------------- unchanged inputs


def _inputs_digest(
    *,
    raw_dir: Path,
    used_demo: bool,
    manifest: Path | None,
    fingerprints: tuple[str, str],
    files: Sequence[tuple[str, str]],
    links: Sequence[str],
) -> str:
    """SHA-256 over everything a build reads: the files with their hashes (or why not), the manifest's bytes,
    the links not followed, the code and data fingerprints and the raw folder's name (it is in the build report)."""
    payload = {
        "version": __version__,
        "raw_dir": str(raw_dir),
        "used_demo": used_demo,
        "manifest": hashlib.sha256(manifest.read_bytes()).hexdigest() if manifest is not None else None,
        "fingerprints": list(fingerprints),
        "files": [list(item) for item in files],
        "links": list(links),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _unchanged_build(out_dir: Path, inputs: str, *, strict: bool) -> BuildResult | None:
    """The result of the corpus on disk when it was built from exactly these inputs and is intact, else ``None``.

    Intact: no interrupted write pending, and every table file has the hash ``corpus.json`` records. A strict build
    takes this path only when the corpus was built without problems (else it must fail as it did).
    """
    if not (out_dir / CORPUS_MANIFEST).is_file() or (out_dir / COMMIT_DIR).exists():
        return None
    try:
        report = read_build_report(out_dir)
        if report.get("inputs_digest") != inputs or (strict and report.get("problems")):
            return None
        manifest = read_corpus_manifest(out_dir)
        tables = manifest.get("tables", {})
        if set(tables) != set(TABLES):
            return None
        for name, expected in tables.items():
            path = table_path(out_dir, name)
            if not path.is_file() or sha256_file(path) != expected:
                return None
        problems = [Problem(**problem) for problem in report["problems"]]
        result = BuildResult(
            corpus_dir=out_dir,
            corpus_hash=str(manifest["corpus_hash"]),
            used_demo=bool(report["used_demo"]),
            n_files=int(report["n_files"]),
            n_documents=int(report["n_documents"]),
            n_paragraphs=int(report["n_paragraphs"]),
            n_parsed=0,
            n_cached=int(report["n_parsed"]) + int(report["n_cached"]),
            problems=problems,
            unchanged=True,
        )
    except (AsccError, OSError, ValueError, KeyError, TypeError) as error:
        log.info("%s: not taking the unchanged path: %s", out_dir, error)
        return None
    log.info("%s: nothing changed since corpus %s was built; nothing written", out_dir, result.corpus_hash)
    return result


# --------------------------------------------------------------------------------------------- processes


def _workers(n_items: int, requested: int | None) -> int:
    """How many processes to spread ``n_items`` over (see ``workers`` of :func:`build_corpus`)."""
    if n_items < PARALLEL_MIN_FILES:
        return 1
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured.isdigit() and int(configured) >= 1:
        return int(configured)
    if requested is not None:
        return max(1, requested)
    main = sys.modules.get("__main__")
    if main is not None and getattr(main, "__spec__", None) is None and getattr(main, "__file__", None):
        return 1  # python script.py: a spawned worker would run the script again
    cpus = usable_cpus()
    if hasattr(os, "getloadavg") and os.getloadavg()[0] > cpus - 1:
        return 1  # the CPUs are busy already: more processes only add their start-up (measured: slower)
    return cpus


def usable_cpus() -> int:
    """The CPUs this process may run on, at most 4."""
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(4, count))


def _pool(workers: int) -> ProcessPoolExecutor:
    import multiprocessing

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


@functools.cache
def _worker_registry() -> Registry:
    """The shipped registry, read once per worker process (reading it takes most of a second)."""
    return load_registry()


def _parse_one(path: Path, source_file: str, registry: Registry | None = None) -> ParsedDocument | Problem:
    try:
        return parse_file(path, source_file=source_file, registry=registry or _worker_registry())
    except InputError as error:
        return Problem(source_file, "error", error.code, f"{source_file}: {error.reason}")


def _parse_chunk(items: Sequence[tuple[Path, str]]) -> list[ParsedDocument | Problem]:
    return [_parse_one(path, source_file) for path, source_file in items]


def _chunks(items: Sequence[Any], n_chunks: int) -> list[list[Any]]:
    size = max(1, -(-len(items) // n_chunks))
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def _parse_files(
    items: Sequence[tuple[Path, str]], registry: Registry, *, workers: int
) -> list[ParsedDocument | Problem]:
    """Parse files, in order: each gives its parse or its problem."""
    if workers == 1:
        return [_parse_one(path, source_file, registry) for path, source_file in items]
    with _pool(workers) as pool:
        return [outcome for chunk in pool.map(_parse_chunk, _chunks(items, workers * 4)) for outcome in chunk]


def _extract_chunk(documents: pl.DataFrame, paragraphs: pl.DataFrame) -> dict[str, DocumentExtraction]:
    from ascc_analysis.extract import extract_documents

    return extract_documents(documents, paragraphs, registry=_worker_registry())


def _extract_in_processes(
    documents: pl.DataFrame, paragraphs: pl.DataFrame, *, registry: Registry, workers: int
) -> dict[str, DocumentExtraction]:
    """:func:`ascc_analysis.extract.extract_documents`, spread over ``workers`` processes."""
    from ascc_analysis.extract import extract_documents

    if workers == 1:
        return extract_documents(documents, paragraphs, registry=registry)
    doc_ids = documents.get_column("doc_id").to_list()
    chunks = _chunks(doc_ids, workers * 4)
    with _pool(workers) as pool:
        futures = [
            pool.submit(
                _extract_chunk,
                documents.filter(pl.col("doc_id").is_in(chunk)),
                paragraphs.filter(pl.col("doc_id").is_in(chunk)),
            )
            for chunk in chunks
        ]
        result: dict[str, DocumentExtraction] = {}
        for future in futures:
            result.update(future.result())
    return result


def body_fingerprint(statement: Statement) -> str:
    """A key that the same statement shares whatever format it came in (PDF, HTML, text, Word).

    The numbered paragraphs' letters and digits, lower-cased, without spaces or punctuation: layout, page furniture,
    quotes and line breaks differ between formats, the wording does not.
    """
    body = "".join(block.text for block in statement.blocks if block.level != "sub_item")
    # The letters and digits of the lower-cased body, as ``re.sub(r"[^0-9a-z]+", "", body.lower())`` keeps them, a
    # dozen times faster: characters outside ASCII are dropped by the encoding (lower-casing first, as some, such as
    # the Kelvin sign, become ASCII letters), the other ASCII bytes by the translation.
    kept = body.lower().encode("ascii", "ignore").translate(None, _NOT_ALNUM)
    return hashlib.sha256(kept).hexdigest()


_NOT_ALNUM = bytes(byte for byte in range(128) if not (0x30 <= byte <= 0x39 or 0x61 <= byte <= 0x7A))


def _assemble(
    parsed_documents: Sequence[Parse],
    manifest: pl.DataFrame | None,
    problems: list[Problem],
    paragraphs_of: Callable[[Parse, str], pl.DataFrame | None] | None = None,
) -> tuple[list[dict[str, Any]], list[pl.DataFrame]]:
    """Apply the manifest, give ids, drop duplicates and build the documents rows and paragraph frames.

    ``paragraphs_of(parsed, doc_id)`` makes a statement's paragraph frame (default :func:`paragraphs_frame`); where
    it returns ``None`` no frame is added (the caller has the rows from its cache).
    """
    ordered = sorted(parsed_documents, key=lambda p: (FORMAT_PREFERENCE.get(p.source_format, 9), p.source_file))
    rows: list[dict[str, Any]] = []
    frames: list[pl.DataFrame] = []
    seen_ids: dict[str, str] = {}
    seen_texts: dict[str, str] = {}
    seen_bodies: dict[str, str] = {}
    for parsed in ordered:
        metadata: Metadata = parsed.metadata
        manifest_fields: tuple[str, ...] = ()
        if manifest is not None:
            match = match_source(
                manifest, source_file=parsed.source_file, content_hash=parsed.content_hash, metadata=metadata
            )
            if match is not None:
                metadata, manifest_fields = apply_manifest(metadata, match)
        doc_id = make_doc_id(metadata, source_file=parsed.source_file)
        text_hash = _sha256(parsed.text)
        body_key = _body_key(parsed)
        duplicate_of = seen_texts.get(text_hash) or seen_ids.get(doc_id) or seen_bodies.get(body_key)
        if duplicate_of is not None:
            problems.append(
                Problem(
                    parsed.source_file,
                    "warning",
                    "duplicate",
                    f"{parsed.source_file}: the same statement as {duplicate_of}; skipped",
                )
            )
            continue
        seen_ids[doc_id] = seen_texts[text_hash] = seen_bodies[body_key] = parsed.source_file
        if metadata.missing:
            problems.append(
                Problem(
                    parsed.source_file,
                    "warning",
                    "missing_metadata",
                    f"{parsed.source_file}: could not find {', '.join(metadata.missing)}",
                )
            )
        rows.append(
            _document_row(parsed, metadata, doc_id=doc_id, manifest_fields=manifest_fields, text_hash=text_hash)
        )
        frame = (
            paragraphs_frame(parsed.statement, doc_id=doc_id)
            if paragraphs_of is None
            else paragraphs_of(parsed, doc_id)
        )
        if frame is not None:
            frames.append(frame)
    return rows, frames


_PARAGRAPHS_KEY = "_cache_key"


def _paragraphs_cache_path(cache_dir: Path, fingerprint: str) -> Path:
    return cache_dir / f"paragraphs-{fingerprint[:16]}.parquet"


def _paragraphs_key(content_hash: str, doc_id: str) -> str:
    return f"{content_hash}:{doc_id}"


def _read_paragraphs_cache(cache_dir: Path, fingerprint: str) -> pl.DataFrame | None:
    """The paragraph rows of the last build, with the key of the statement they came from, or ``None``."""
    path = _paragraphs_cache_path(cache_dir, fingerprint)
    if not path.is_file():
        return None
    try:
        frame = pl.read_parquet(path)
        if frame.schema != pl.Schema({**PARAGRAPHS.schema, _PARAGRAPHS_KEY: pl.String()}):
            raise ValueError(f"unexpected columns {frame.schema}")
    except (OSError, ValueError, pl.exceptions.PolarsError) as error:
        log.warning("ignoring unreadable cache entry %s: %s", path, error)
        return None
    return frame


def _write_paragraphs_cache(cache_dir: Path, fingerprint: str, paragraphs: pl.DataFrame) -> None:
    path = _paragraphs_cache_path(cache_dir, fingerprint)
    write_file_atomic(path, lambda handle: paragraphs.write_parquet(handle, compression="lz4"), sync=False)
    for stale in cache_dir.glob("paragraphs-*.parquet"):
        if stale != path:
            stale.unlink(missing_ok=True)


def _prune_cache(cache_dir: Path, *, keep: set[Path]) -> None:
    """Remove cache entries of files no longer in the raw folder (or parsed by older code)."""
    if not cache_dir.is_dir():
        return
    for path in cache_dir.glob("*.json"):
        if path not in keep:
            path.unlink(missing_ok=True)
