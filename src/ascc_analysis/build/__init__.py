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

The same content is kept as columns, for the next build to read at once (:mod:`ascc_analysis.build.columnar`):
the parses in parquet segments by content hash, and every statement's extraction rows as frames
(:class:`ascc_analysis.extract.DocumentRows`). A build with one new statement among ten thousand reads those few
files, not ten thousand entries, and leaves the kept rows as frames (their instrument rows are checked one statement
at a time only when the acronyms known over the corpus changed). What the columnar cache does not hold (it is missing,
damaged, or of another parser fingerprint) is taken from the per-file entries.

An entry keeps the statement's blocks as one JSON string with its SHA-256, decoded only when the blocks are needed
(:class:`CachedParse`), and the body key and number of paragraphs beside them. An entry that cannot be read, is of
another format or whose blocks do not have their hash is ignored and the file parsed again; a columnar cache file
that does not have the SHA-256 its index records, or cannot be read, makes the build ignore the columnar cache (with
a warning) and write it again.

The paragraph rows are kept in one cache table (``.cache/paragraphs-<fingerprint>.parquet``). Parsing and
per-statement extraction of many new files are spread over processes when the CPUs are idle
(:data:`PARALLEL_MIN_FILES`, ``ASCC_BUILD_WORKERS``); results are put back in file order, so the output does not
depend on it.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from ascc_analysis import __version__
from ascc_analysis.catalog import CACHE_DIR, sha256_file, write_corpus
from ascc_analysis.errors import BuildError
from ascc_analysis.ingest.demo import demo_files
from ascc_analysis.ingest.manifest import read_manifest
from ascc_analysis.ingest.segment import paragraphs_frame
from ascc_analysis.registry import load_registry
from ascc_analysis.schemas import DOCUMENTS, PARAGRAPHS, TABLES, validate

if TYPE_CHECKING:
    from ascc_analysis.extract import DocumentExtraction

from ascc_analysis.build.assemble import _assemble, _problems_frame, extract_corpus, make_doc_id
from ascc_analysis.build.cache import (
    _PARAGRAPHS_KEY,
    CachedParse,
    Parse,
    _cache_path,
    _inputs_digest,
    _load_entry,
    _paragraphs_key,
    _prune_cache,
    _read_paragraphs_cache,
    _save_parse,
    _unchanged_build,
    _write_paragraphs_cache,
    body_fingerprint,
    extraction_fingerprint,
    extraction_key,
    parser_fingerprint,
)
from ascc_analysis.build.columnar import (
    CachedParses,
    keys_frame,
    parses_frame,
    read_columnar_cache,
    write_columnar_cache,
)
from ascc_analysis.build.discovery import _inside, find_raw_files, linked_folders
from ascc_analysis.build.parse import _extract_in_processes, _parse_files, _workers, parse_file, usable_cpus
from ascc_analysis.build.records import (
    EXTRACT_MODULES,
    FORMAT_PREFERENCE,
    MANIFEST_NAME,
    NOT_STATEMENTS,
    PARALLEL_MIN_FILES,
    PARSER_MODULES,
    PARSER_RESOURCES,
    WORKERS_ENV,
    BuildResult,
    ParsedDocument,
    Problem,
)

# Public names of the build stage, from its modules.

log = logging.getLogger(__name__)

__all__ = [
    "EXTRACT_MODULES",
    "FORMAT_PREFERENCE",
    "MANIFEST_NAME",
    "NOT_STATEMENTS",
    "PARALLEL_MIN_FILES",
    "PARSER_MODULES",
    "PARSER_RESOURCES",
    "WORKERS_ENV",
    "BuildResult",
    "CachedParse",
    "Parse",
    "ParsedDocument",
    "Problem",
    "body_fingerprint",
    "build_corpus",
    "extract_corpus",
    "extraction_fingerprint",
    "extraction_key",
    "find_raw_files",
    "linked_folders",
    "make_doc_id",
    "parse_file",
    "parser_fingerprint",
    "usable_cpus",
]


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

    # Parse what the caches do not hold (over processes when there are many), then collect in file order. The
    # columnar cache of the last build first; the entry of each file for what it does not hold.
    columnar = read_columnar_cache(cache_dir, fingerprint)
    kept_parses = CachedParses(columnar.parses) if columnar is not None else None
    from_columns: set[str] = set()
    entries: dict[str, tuple[CachedParse, dict[str, Any] | None]] = {}
    to_parse: list[tuple[Path, str]] = []
    for path, source_file, item in candidates:
        if isinstance(item, str):
            kept_parse = kept_parses.get(item, source_file=source_file) if kept_parses is not None else None
            if kept_parse is not None:
                entries[source_file] = (kept_parse, None)
                from_columns.add(item)
                continue
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
    # Extraction: per-statement results kept in the caches where the statement's row and the code are the same —
    # as rows of the columnar cache, or in the file's entry.
    keys = {
        row["doc_id"]: extraction_key(row, parser=fingerprint, extraction=extract_fingerprint) for row in documents_rows
    }
    source_of = {row["doc_id"]: row["source_file"] for row in documents_rows}
    from ascc_analysis.extract import DocumentExtraction

    kept_extractions: set[str] = set()
    if columnar is not None:
        kept_extractions = set(columnar.keys.get_column("extraction_key").to_list())
    kept_ids = [doc_id for doc_id, key in keys.items() if key in kept_extractions]
    kept_rows = columnar.rows.restrict(kept_ids) if columnar is not None and kept_ids else None
    cached: dict[str, DocumentExtraction] = {}
    for doc_id, key in keys.items():
        kept = stored.get(source_of[doc_id])
        if key not in kept_extractions and kept is not None and kept.get("key") == key:
            try:
                cached[doc_id] = DocumentExtraction.from_json(kept["data"])
            except (KeyError, TypeError, ValueError) as error:
                log.warning("ignoring an unreadable cached extraction of %s: %s", source_of[doc_id], error)
    n_missing = documents.height - len(cached) - len(kept_ids)
    extraction = extract_corpus(
        documents,
        paragraphs,
        registry=registry,
        cached=cached,
        kept=kept_rows,
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
        "problems": [problem.as_dict() for problem in problems],
    }
    corpus_hash = write_corpus(out_dir, tables, build_report=report)
    parsed_of = {parsed.source_file: parsed for parsed in parsed_documents}
    for doc_id, key in keys.items():
        source_file = source_of[doc_id]
        if doc_id in extraction.changed:
            _save_parse(
                _cache_path(cache_dir, parsed_of[source_file].content_hash, fingerprint),
                parsed_of[source_file],
                (key, extraction.documents[doc_id].to_json()),
            )
            fresh.pop(source_file, None)
    save_fresh_parses()  # the statements skipped as duplicates
    _write_paragraphs_cache(cache_dir, fingerprint, keyed_paragraphs)
    write_columnar_cache(
        cache_dir,
        fingerprint,
        previous=columnar,
        new_parses=parses_frame(parsed_documents, known=from_columns),
        used={parsed.content_hash for parsed in parsed_documents},
        keys=keys_frame(documents_rows, keys),
        rows=extraction.rows,
    )
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
