"""Parsing raw files (read, normalise, segment, describe), and the worker processes that parse and extract many new
files at once.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from ascc_analysis.errors import InputError
from ascc_analysis.ingest.demo import split_synthetic_label
from ascc_analysis.ingest.metadata import extract_metadata
from ascc_analysis.ingest.normalise import normalise_text
from ascc_analysis.ingest.segment import split_statement
from ascc_analysis.registry import Registry, load_registry

if TYPE_CHECKING:
    from ascc_analysis.extract import DocumentExtraction

from ascc_analysis.build.records import PARALLEL_MIN_FILES, WORKERS_ENV, ParsedDocument, Problem

log = logging.getLogger(__name__)

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
    metadata = extract_metadata(statement.title, body, registry=registry, page_text=text)
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
