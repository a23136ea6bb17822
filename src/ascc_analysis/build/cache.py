"""The build's caches in ``<corpus>/.cache``: code fingerprints, one entry per raw file (its parse and its
extraction), the paragraphs table, and the check that nothing changed since the corpus on disk was built.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from ascc_analysis import __version__
from ascc_analysis.catalog import (
    COMMIT_DIR,
    CORPUS_MANIFEST,
    read_build_report,
    read_corpus_manifest,
    sha256_file,
    table_path,
    write_file_atomic,
    write_text_atomic,
)
from ascc_analysis.errors import AsccError
from ascc_analysis.ingest.metadata import Metadata
from ascc_analysis.ingest.segment import Block, Statement
from ascc_analysis.schemas import PARAGRAPHS, TABLES

if TYPE_CHECKING:
    pass

from ascc_analysis.build.records import (
    EXTRACT_MODULES,
    PARSER_MODULES,
    PARSER_RESOURCES,
    BuildResult,
    ParsedDocument,
    Problem,
)

log = logging.getLogger(__name__)

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
        parsed = cached_parse(payload, source_file=source_file, content_hash=content_hash)
        extraction = payload.get("extraction")
        return parsed, extraction if isinstance(extraction, dict) else None
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("ignoring unreadable cache entry %s: %s", path, error)
        return None


def cached_parse(stored: Mapping[str, Any], *, source_file: str, content_hash: str) -> CachedParse:
    """A :class:`CachedParse` from its stored values (``source_format, is_synthetic, text, title, title_end,
    metadata`` as :func:`_metadata_to_json` gives it, ``warnings`` as a list, ``blocks_json, body_key,
    n_paragraphs``), as a per-file entry or a row of the columnar cache holds them.

    Raises:
        KeyError, ValueError, TypeError: A value is missing or of the wrong kind.
    """
    return CachedParse(
        source_file=source_file,
        source_format=str(stored["source_format"]),
        content_hash=content_hash,
        is_synthetic=bool(stored["is_synthetic"]),
        text=str(stored["text"]),
        title=str(stored["title"]),
        title_end=int(stored["title_end"]),
        metadata=_metadata_from_json(stored["metadata"]),
        warnings=tuple(str(warning) for warning in stored["warnings"]),
        blocks_json=str(stored["blocks_json"]),
        body_key=str(stored["body_key"]),
        n_paragraphs=int(stored["n_paragraphs"]),
    )


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
    """Remove cache entries of files no longer in the raw folder (or parsed by older code); the columnar cache
    (``rows-*``, :mod:`ascc_analysis.build.columnar`) keeps itself."""
    if not cache_dir.is_dir():
        return
    for path in cache_dir.glob("*.json"):
        if path not in keep and not path.name.startswith("rows-"):
            path.unlink(missing_ok=True)
