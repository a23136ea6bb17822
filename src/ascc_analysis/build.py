"""Build stage: raw documents → the processed corpus (every table in :mod:`ascc_analysis.schemas`).

``build_corpus`` reads each raw file (:mod:`ascc_analysis.ingest.readers`), normalises it
(:mod:`ascc_analysis.ingest.normalise`), splits it into numbered paragraphs (:mod:`ascc_analysis.ingest.segment`),
extracts its metadata (:mod:`ascc_analysis.ingest.metadata`) and lets the source manifest override it
(:mod:`ascc_analysis.ingest.manifest`), then runs the extraction stages (:mod:`ascc_analysis.extract`) and writes
all tables at once (:mod:`ascc_analysis.catalog`).

Problems with single files are collected, not raised: the file is skipped (severity ``error``) or used with a
note (``warning``), and every problem lands in the ``problems`` table and ``build_report.json``. With
``strict=True`` any problem fails the build before anything is written.

Building is incremental: the parse of each raw file is cached under ``<corpus>/.cache/`` keyed on the file's
SHA-256 and a fingerprint of the parsing code and data, so an unchanged file is not parsed again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from ascc_analysis import __version__
from ascc_analysis.catalog import CACHE_DIR, write_corpus, write_text_atomic
from ascc_analysis.errors import BuildError, InputError
from ascc_analysis.ingest.demo import demo_files, split_synthetic_label
from ascc_analysis.ingest.manifest import apply_manifest, match_source, read_manifest
from ascc_analysis.ingest.metadata import Metadata, extract_metadata
from ascc_analysis.ingest.normalise import normalise_text
from ascc_analysis.ingest.readers import is_supported, read_document
from ascc_analysis.ingest.segment import Block, Statement, paragraphs_frame, split_statement
from ascc_analysis.registry import Registry, load_registry
from ascc_analysis.schemas import DOCUMENTS, PARAGRAPHS, PROBLEMS, TABLES, validate

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


def parser_fingerprint() -> str:
    """SHA-256 over the package version and the source of the parsing modules and data.

    A module of :data:`PARSER_MODULES` is ``<module>.py``, or, when it is a package, every ``.py`` file below its
    folder in sorted order (each with its path, so that moving code between files changes the fingerprint).
    """
    digest = hashlib.sha256(__version__.encode())
    package = resources.files("ascc_analysis")
    for module in PARSER_MODULES:
        source = package.joinpath(f"{module}.py")
        if source.is_file():
            digest.update(source.read_bytes())
            continue
        root = Path(str(package.joinpath(module)))
        if not root.is_dir():
            raise FileNotFoundError(f"parser module {module!r}: neither {source} nor a package folder {root}")
        for path in sorted(root.rglob("*.py"), key=lambda found: found.relative_to(root).as_posix()):
            digest.update(f"{module}/{path.relative_to(root).as_posix()}".encode())
            digest.update(path.read_bytes())
    for name in PARSER_RESOURCES:
        resource = package.joinpath("resources", name)
        if resource.is_file():
            digest.update(resource.read_bytes())
    return digest.hexdigest()


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


def _save_parse(path: Path, parsed: ParsedDocument) -> None:
    payload = {
        "source_format": parsed.source_format,
        "is_synthetic": parsed.is_synthetic,
        "text": parsed.text,
        "title": parsed.statement.title,
        "title_end": parsed.statement.title_end,
        "blocks": [dataclasses.asdict(block) for block in parsed.statement.blocks],
        "metadata": _metadata_to_json(parsed.metadata),
        "warnings": list(parsed.warnings),
    }
    write_text_atomic(path, json.dumps(payload, sort_keys=True), sync=False)  # a cache: checked when read


def _load_parse(path: Path, *, source_file: str, content_hash: str) -> ParsedDocument | None:
    if not path.is_file():
        return None
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        statement = Statement(
            title=payload["title"],
            title_end=payload["title_end"],
            blocks=tuple(Block(**block) for block in payload["blocks"]),
        )
        return ParsedDocument(
            source_file=source_file,
            source_format=payload["source_format"],
            content_hash=content_hash,
            is_synthetic=payload["is_synthetic"],
            text=payload["text"],
            statement=statement,
            metadata=_metadata_from_json(payload["metadata"]),
            warnings=tuple(payload["warnings"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("ignoring unreadable cache entry %s: %s", path, error)
        return None


# --------------------------------------------------------------------------------------------- parsing


def parse_file(path: Path, *, source_file: str, registry: Registry) -> ParsedDocument:
    """Read, normalise, segment and describe one raw file.

    Raises:
        InputError: The file cannot be read or holds no statement.
    """
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


def _sha256_bytes(path: Path) -> str:
    with path.open("rb") as file:  # in slices: a huge file is refused by its reader, not loaded here whole
        return hashlib.file_digest(file, "sha256").hexdigest()


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
    parsed: ParsedDocument, metadata: Metadata, *, doc_id: str, manifest_fields: Sequence[str]
) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "source_file": parsed.source_file,
        "source_format": parsed.source_format,
        "content_hash": parsed.content_hash,
        "text_hash": hashlib.sha256(parsed.text.encode()).hexdigest(),
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
        "title": parsed.statement.title,
        "text": parsed.text,
        "n_paragraphs": sum(block.level == "paragraph" for block in parsed.statement.blocks),
        "missing_fields": sorted(metadata.missing),
        "manifest_fields": sorted(manifest_fields),
    }


def _problems_frame(problems: Iterable[Problem]) -> pl.DataFrame:
    rows = [dataclasses.asdict(problem) for problem in problems]
    frame = pl.DataFrame(rows, schema=PROBLEMS.schema) if rows else PROBLEMS.empty()
    return frame.unique(subset=list(PROBLEMS.key), keep="first", maintain_order=True)


def extract_tables(documents: pl.DataFrame, paragraphs: pl.DataFrame, *, registry: Registry) -> dict[str, pl.DataFrame]:
    """Run the extraction stages over the corpus: bodies, instruments, priorities and themes."""
    from ascc_analysis.extract import extract_all

    return extract_all(documents, paragraphs, registry=registry)


def build_corpus(
    raw_dir: Path,
    out_dir: Path,
    *,
    manifest_path: Path | None = None,
    strict: bool = False,
    demo: bool | None = None,
    on_file: Callable[[Path], None] | None = None,
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
    registry = load_registry()
    manifest_file = manifest_path or raw_dir / MANIFEST_NAME
    manifest = read_manifest(manifest_file) if manifest_file.is_file() and not used_demo else None

    fingerprint = parser_fingerprint()
    cache_dir = out_dir / CACHE_DIR
    problems: list[Problem] = []
    for link in [] if used_demo else linked_folders(raw_dir):
        name = link.relative_to(raw_dir).as_posix()
        message = f"{name}: a link to the folder {os.path.realpath(link)}; links to folders are not followed"
        problems.append(Problem(name, "warning", "symlink_folder", message))
    parsed_documents: list[ParsedDocument] = []
    n_cached = 0
    for path in files:
        if on_file is not None:
            on_file(path)
        source_file = path.relative_to(base).as_posix()
        if not is_supported(path):
            problems.append(
                Problem(
                    source_file,
                    "warning",
                    "unsupported_format",
                    f"{source_file}: not a statement format this build reads; skipped",
                )
            )
            continue
        if not used_demo and path.is_symlink() and not _inside(path, raw_dir):
            problems.append(
                Problem(
                    source_file,
                    "error",
                    "symlink_outside",
                    f"{source_file}: a link to {os.path.realpath(path)}, outside {raw_dir}; not followed",
                )
            )
            continue
        try:
            content_hash = _sha256_bytes(path)
        except OSError as error:
            problems.append(Problem(source_file, "error", "unreadable", f"{source_file}: {error.strerror}"))
            continue
        cache_path = _cache_path(cache_dir, content_hash, fingerprint)
        parsed = _load_parse(cache_path, source_file=source_file, content_hash=content_hash)
        if parsed is not None:
            n_cached += 1
        else:
            try:
                parsed = parse_file(path, source_file=source_file, registry=registry)
            except InputError as error:
                problems.append(Problem(source_file, "error", error.code, f"{source_file}: {error.reason}"))
                continue
            _save_parse(cache_path, parsed)
        parsed_documents.append(parsed)
        for warning in parsed.warnings:
            problems.append(Problem(source_file, "warning", "encoding", f"{source_file}: {warning}"))

    documents_rows, paragraph_frames = _assemble(parsed_documents, manifest, problems)
    if not documents_rows:
        raise BuildError(
            f"{raw_dir}: no statement could be built from {len(files)} file(s)"
            + "".join(f"\n  {problem.message}" for problem in problems)
        )
    if strict and problems:
        raise BuildError(
            f"{len(problems)} problem(s) with the raw files (--strict); nothing was written:"
            + "".join(f"\n  {problem.message}" for problem in problems)
        )

    documents = validate(pl.DataFrame(documents_rows, schema=DOCUMENTS.schema), DOCUMENTS)
    paragraphs = validate(pl.concat(paragraph_frames), PARAGRAPHS)
    tables = {name: spec.empty() for name, spec in TABLES.items()}
    tables.update(extract_tables(documents, paragraphs, registry=registry))
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
        "problems": [dataclasses.asdict(problem) for problem in problems],
    }
    corpus_hash = write_corpus(out_dir, tables, build_report=report)
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
    )


def body_fingerprint(statement: Statement) -> str:
    """A key that the same statement shares whatever format it came in (PDF, HTML, text, Word).

    The numbered paragraphs' letters and digits, lower-cased, without spaces or punctuation: layout, page furniture,
    quotes and line breaks differ between formats, the wording does not.
    """
    body = "".join(block.text for block in statement.blocks if block.level != "sub_item")
    return hashlib.sha256(re.sub(r"[^0-9a-z]+", "", body.lower()).encode()).hexdigest()


def _assemble(
    parsed_documents: Sequence[ParsedDocument],
    manifest: pl.DataFrame | None,
    problems: list[Problem],
) -> tuple[list[dict[str, Any]], list[pl.DataFrame]]:
    """Apply the manifest, give ids, drop duplicates and build the documents rows and paragraph frames."""
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
        text_hash = hashlib.sha256(parsed.text.encode()).hexdigest()
        body_key = body_fingerprint(parsed.statement)
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
        rows.append(_document_row(parsed, metadata, doc_id=doc_id, manifest_fields=manifest_fields))
        frames.append(paragraphs_frame(parsed.statement, doc_id=doc_id))
    return rows, frames


def _prune_cache(cache_dir: Path, *, keep: set[Path]) -> None:
    """Remove cache entries of files no longer in the raw folder (or parsed by older code)."""
    if not cache_dir.is_dir():
        return
    for path in cache_dir.glob("*.json"):
        if path not in keep:
            path.unlink(missing_ok=True)
