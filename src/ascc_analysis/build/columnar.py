"""The build's columnar cache: every statement of the last build, parse and extraction, in a few parquet files.

A build with one new statement among ten thousand would otherwise read ten thousand cache entries (one JSON file
per raw file, :mod:`ascc_analysis.build.cache`) and turn their extraction rows back into frames. Here, at the end of
each build, the same content is kept as columns:

* ``parses`` (:data:`PARSES_SCHEMA`): what :class:`~ascc_analysis.build.cache.CachedParse` holds, one row per
  content hash, in segments: a build writes a segment with the parses that no segment holds yet (one row for one new
  statement), and rewrites them all as one segment when there are more than :data:`MAX_SEGMENTS` or when more than a
  quarter of their rows are of files no longer built. A parse of given content under one parser fingerprint never
  changes, so a segment is never rewritten otherwise;
* ``keys`` (:data:`KEYS_SCHEMA`): each statement's content hash, ``doc_id`` and the key of its extraction
  (:func:`~ascc_analysis.build.cache.extraction_key`);
* the per-statement extraction rows, one file per frame of :class:`ascc_analysis.extract.DocumentRows`.

An index, ``rows-<parser fingerprint>.json``, names the files with their SHA-256 and the corpus acronyms the
instrument rows were found with; it is written last (atomically), and files no longer named are removed only after
it, so that a build killed at any moment leaves an index whole with its files. Reading checks every file's hash and
schema: a missing, damaged or foreign file makes the whole columnar cache be ignored (with a warning naming it), and
the build falls back on the per-file entries, then writes the columnar cache again.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import secrets
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from ascc_analysis.build.cache import (
    CachedParse,
    Parse,
    _blocks_json,
    _body_key,
    _metadata_to_json,
    _n_paragraphs,
    _title,
    cached_parse,
)
from ascc_analysis.catalog import sha256_file, write_file_atomic, write_text_atomic

if TYPE_CHECKING:
    from ascc_analysis.extract import DocumentRows

log = logging.getLogger(__name__)

_FORMAT = 1  # an index of another format is ignored
#: Segments of parses kept before they are rewritten as one.
MAX_SEGMENTS = 8

#: One row per parsed file, by content hash; ``metadata`` and ``warnings`` are JSON.
PARSES_SCHEMA = pl.Schema(
    {
        "content_hash": pl.String(),
        "source_format": pl.String(),
        "is_synthetic": pl.Boolean(),
        "text": pl.String(),
        "title": pl.String(),
        "title_end": pl.Int64(),
        "blocks_json": pl.String(),
        "body_key": pl.String(),
        "n_paragraphs": pl.Int64(),
        "metadata": pl.String(),
        "warnings": pl.String(),
    }
)
#: One row per statement of the build.
KEYS_SCHEMA = pl.Schema({"content_hash": pl.String(), "doc_id": pl.String(), "extraction_key": pl.String()})


@dataclass(frozen=True)
class ColumnarCache:
    """What the last build kept.

    Attributes:
        parses: Every parse of the segments (:data:`PARSES_SCHEMA`), some perhaps of files no longer built.
        keys: The statements of the last build (:data:`KEYS_SCHEMA`).
        rows: Their extraction rows.
        segments: The index entries of the segments of ``parses`` (name, SHA-256, number of rows).
    """

    parses: pl.DataFrame
    keys: pl.DataFrame
    rows: DocumentRows
    segments: tuple[Mapping[str, Any], ...]


class CachedParses:
    """The parses of the columnar cache by content hash, made into :class:`CachedParse` on demand."""

    def __init__(self, parses: pl.DataFrame) -> None:
        self._columns = {name: parses.get_column(name).to_list() for name in PARSES_SCHEMA}
        self._row_of = {content_hash: row for row, content_hash in enumerate(self._columns["content_hash"])}

    def get(self, content_hash: str, *, source_file: str) -> CachedParse | None:
        """The parse of the file with this content, or ``None`` when the cache does not hold it (or holds it
        damaged: a warning says so)."""
        row = self._row_of.get(content_hash)
        if row is None:
            return None
        value = {name: column[row] for name, column in self._columns.items()}
        try:
            stored = {**value, "metadata": json.loads(value["metadata"]), "warnings": json.loads(value["warnings"])}
            return cached_parse(stored, source_file=source_file, content_hash=content_hash)
        except (ValueError, KeyError, TypeError) as error:
            log.warning("ignoring the columnar cache's parse of %s: %s", source_file, error)
            return None


def parses_frame(parsed_documents: Sequence[Parse], *, known: Collection[str]) -> pl.DataFrame:
    """The :data:`PARSES_SCHEMA` rows of the parses whose content hash is not ``known`` (one per content hash)."""
    rows: dict[str, list[object]] = {name: [] for name in PARSES_SCHEMA}
    done = set(known)
    for parsed in parsed_documents:
        if parsed.content_hash in done:
            continue
        done.add(parsed.content_hash)
        values: dict[str, object] = {
            "content_hash": parsed.content_hash,
            "source_format": parsed.source_format,
            "is_synthetic": parsed.is_synthetic,
            "text": parsed.text,
            "title": _title(parsed),
            "title_end": parsed.title_end if isinstance(parsed, CachedParse) else parsed.statement.title_end,
            "blocks_json": parsed.blocks_json if isinstance(parsed, CachedParse) else _blocks_json(parsed.statement),
            "body_key": _body_key(parsed),
            "n_paragraphs": _n_paragraphs(parsed),
            "metadata": json.dumps(_metadata_to_json(parsed.metadata), sort_keys=True),
            "warnings": json.dumps(list(parsed.warnings)),
        }
        for name, column in rows.items():
            column.append(values[name])
    return pl.DataFrame(rows, schema=PARSES_SCHEMA)


def keys_frame(documents_rows: Sequence[Mapping[str, Any]], keys: Mapping[str, str]) -> pl.DataFrame:
    """The :data:`KEYS_SCHEMA` rows of the statements of a build (``keys``: doc_id → extraction key)."""
    return pl.DataFrame(
        {
            "content_hash": [row["content_hash"] for row in documents_rows],
            "doc_id": [row["doc_id"] for row in documents_rows],
            "extraction_key": [keys[row["doc_id"]] for row in documents_rows],
        },
        schema=KEYS_SCHEMA,
    ).sort("doc_id")


def index_path(cache_dir: Path, fingerprint: str) -> Path:
    """The index of the columnar cache written under this parser fingerprint."""
    return cache_dir / f"rows-{fingerprint[:16]}.json"


def _read_file(cache_dir: Path, entry: Mapping[str, Any], schema: pl.Schema) -> pl.DataFrame:
    file_name = str(entry["name"])
    if Path(file_name).name != file_name or not file_name.startswith("rows-"):
        raise ValueError(f"{file_name!r} is not a file of the cache folder")
    data = (cache_dir / file_name).read_bytes()
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise ValueError(f"{file_name} does not have the SHA-256 recorded for it")
    frame = pl.read_parquet(io.BytesIO(data))
    if frame.schema != schema:
        raise ValueError(f"{file_name}: columns {dict(frame.schema)}, expected {dict(schema)}")
    return frame


def read_columnar_cache(cache_dir: Path, fingerprint: str) -> ColumnarCache | None:
    """The columnar cache of the last build under this parser fingerprint, or ``None`` when there is none or it
    cannot be read whole (a warning names the file and the problem)."""
    from ascc_analysis.extract import DocumentRows
    from ascc_analysis.extract.documents import ROW_SCHEMAS

    index = index_path(cache_dir, fingerprint)
    if not index.is_file():
        return None
    try:
        payload = json.loads(index.read_bytes())
        if payload.get("format") != _FORMAT or payload.get("parser") != fingerprint:
            raise ValueError(f"format {payload.get('format')!r} of parser {str(payload.get('parser'))[:16]!r}")
        segments = tuple(dict(segment) for segment in payload["parses"])
        parses = [_read_file(cache_dir, segment, PARSES_SCHEMA) for segment in segments]
        keys = _read_file(cache_dir, payload["files"]["keys"], KEYS_SCHEMA)
        frames = {name: _read_file(cache_dir, payload["files"][name], schema) for name, schema in ROW_SCHEMAS.items()}
        acronyms = {str(acronym): str(kind) for acronym, kind in payload["acronyms"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, pl.exceptions.PolarsError) as error:
        log.warning("ignoring the unreadable columnar cache %s: %s", index, error)
        return None
    return ColumnarCache(
        parses=pl.concat(parses) if parses else PARSES_SCHEMA.to_frame(),
        keys=keys,
        rows=DocumentRows(frames, acronyms),
        segments=segments,
    )


def write_columnar_cache(
    cache_dir: Path,
    fingerprint: str,
    *,
    previous: ColumnarCache | None,
    new_parses: pl.DataFrame,
    used: Collection[str],
    keys: pl.DataFrame,
    rows: DocumentRows,
) -> None:
    """Write the columnar cache of this build (the files, then the index), and remove every other one.

    Args:
        cache_dir: The cache folder.
        fingerprint: The parser fingerprint.
        previous: The columnar cache read at the start of the build (its segments are kept when they can be).
        new_parses: The parses that no segment of ``previous`` holds.
        used: The content hashes of every file parsed in this build.
        keys: This build's statements.
        rows: Their extraction rows.

    The files are not synced (a cache: checked when read); after a power cut the next build finds the hashes
    wrong and ignores the cache.
    """
    token = secrets.token_hex(8)
    written: list[str] = []

    def write(name: str, frame: pl.DataFrame) -> dict[str, Any]:
        file_name = f"rows-{token}-{name}.parquet"
        path = cache_dir / file_name
        write_file_atomic(
            path, lambda handle: frame.write_parquet(handle, compression="lz4", statistics=False), sync=False
        )
        written.append(file_name)
        return {"name": file_name, "sha256": sha256_file(path), "rows": frame.height}

    segments: list[Mapping[str, Any]] = list(previous.segments) if previous is not None else []
    n_dead = 0
    if previous is not None:
        wanted = pl.Series(sorted(set(used)), dtype=pl.String()).implode()
        n_dead = previous.parses.height - previous.parses.filter(pl.col("content_hash").is_in(wanted)).height
    if previous is None or len(segments) >= MAX_SEGMENTS or 4 * n_dead > previous.parses.height:
        kept = previous.parses if previous is not None else PARSES_SCHEMA.to_frame()
        wanted = pl.Series(sorted(set(used)), dtype=pl.String()).implode()
        everything = pl.concat([kept.filter(pl.col("content_hash").is_in(wanted)), new_parses]).unique(
            "content_hash", keep="last", maintain_order=True
        )
        segments = [write("parses-0", everything.sort("content_hash"))]
    elif new_parses.height:
        segments.append(write(f"parses-{len(segments)}", new_parses.sort("content_hash")))
    files = {"keys": write("keys", keys), **{name: write(name, frame) for name, frame in rows.frames.items()}}
    index = index_path(cache_dir, fingerprint)
    payload = {
        "format": _FORMAT,
        "parser": fingerprint,
        "acronyms": dict(rows.acronyms),
        "parses": segments,
        "files": files,
    }
    write_text_atomic(index, json.dumps(payload, sort_keys=True), sync=False)
    keep = {index.name, *(str(segment["name"]) for segment in segments), *written}
    for path in cache_dir.glob("rows-*"):
        if path.name not in keep:
            path.unlink(missing_ok=True)
    for path in cache_dir.glob(".rows-*.tmp"):  # left by a write that was killed
        path.unlink(missing_ok=True)
