"""The processed corpus on disk: where each table lives, and atomic, validated reads and writes.

A corpus folder (``data/processed/`` by default) holds one Parquet file per table in
:data:`ascc_analysis.schemas.TABLES`, a ``build_report.json`` and ``corpus.json``. ``corpus.json`` is written
last and records the SHA-256 of every table, so a reader can tell a complete corpus from one whose write was
interrupted, and the report runner can key its work on :func:`corpus_hash`.

Writes go to a staging folder inside the corpus folder. Once every table is written, validated and synced, the
staging folder is renamed to ``.commit`` in one atomic step — the commit point — and its files are then moved over
the previous ones with :func:`os.replace`, ``corpus.json`` last. A build that fails or is killed before the commit
point leaves the previous corpus untouched; one killed after it leaves a complete ``.commit`` folder, which the next
reader or writer moves into place first (:func:`recover_corpus`). Either way a reader sees one whole corpus, the
previous or the new, never a mix.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from ascc_analysis.errors import AsccError, SchemaError
from ascc_analysis.schemas import TABLES, TableSpec, validate

log = logging.getLogger(__name__)

CORPUS_MANIFEST = "corpus.json"
BUILD_REPORT = "build_report.json"
COMMIT_DIR = ".commit"
"""A corpus written in full but not yet moved into place (see :func:`recover_corpus`)."""
_STAGING_PREFIX = ".staging-"
CACHE_DIR = ".cache"


class CorpusNotFoundError(AsccError):
    """No complete processed corpus in the folder."""


def _new_file_mode() -> int:
    """Permissions a new file gets under the process' umask (``tempfile.mkstemp`` would give owner-only 0600, and a
    published page, a fetched statement or the manifest must be readable by other users such as a web server)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_file_atomic(path: Path, write: Callable[[BinaryIO], object], *, sync: bool = True) -> None:
    """Write a file atomically: ``write`` fills a temporary file in the same folder, which is synced and renamed
    over ``path`` (:func:`os.replace`); on any error the temporary file is removed and ``path`` is untouched.

    The folder is created if missing; the file gets the permissions of a new file under the umask. ``sync=False``
    skips the ``fsync`` (for caches, whose entries are checked when read and cheap to make again): readers still
    never see a partial file, but a power cut may lose the write.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, _new_file_mode())
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            if sync:
                os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """:func:`write_file_atomic` of some bytes."""
    write_file_atomic(path, lambda stream: stream.write(data), sync=sync)


def write_text_atomic(path: Path, text: str, *, sync: bool = True) -> None:
    """:func:`write_file_atomic` of a text, encoded as UTF-8."""
    write_bytes_atomic(path, text.encode("utf-8"), sync=sync)


def table_path(corpus_dir: Path, name: str) -> Path:
    """Path of one table's Parquet file in a corpus folder."""
    if name not in TABLES:
        raise SchemaError(f"unknown table {name!r}; known tables: {', '.join(sorted(TABLES))}")
    return corpus_dir / f"{name}.parquet"


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks (a large file is never held in memory)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_corpus(
    corpus_dir: Path,
    tables: Mapping[str, pl.DataFrame],
    *,
    build_report: Mapping[str, Any],
) -> str:
    """Validate and write a whole corpus, replacing the previous one only when everything is written.

    Args:
        corpus_dir: The corpus folder; created if missing.
        tables: Table name to frame, for every table in :data:`TABLES`.
        build_report: JSON-serialisable summary of the build, written as ``build_report.json``.

    Returns:
        The corpus hash (SHA-256 over the tables' hashes), also recorded in ``corpus.json``.

    Raises:
        SchemaError: A table is missing, unknown, or fails validation; nothing is replaced.
    """
    missing = sorted(set(TABLES) - set(tables))
    unknown = sorted(set(tables) - set(TABLES))
    if missing or unknown:
        raise SchemaError(f"write_corpus: missing tables {missing}, unknown tables {unknown}")
    validated = {name: validate(frame, TABLES[name]) for name, frame in tables.items()}

    corpus_dir.mkdir(parents=True, exist_ok=True)
    recover_corpus(corpus_dir)
    staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{os.getpid()}-", dir=corpus_dir))
    try:
        table_hashes: dict[str, str] = {}
        for name in sorted(validated):
            staged = staging / f"{name}.parquet"
            validated[name].write_parquet(staged, compression="zstd", statistics=True)
            table_hashes[name] = sha256_file(staged)
        digest = hashlib.sha256()
        for name in sorted(table_hashes):
            digest.update(f"{name}:{table_hashes[name]}\n".encode())
        corpus_hash = digest.hexdigest()
        (staging / BUILD_REPORT).write_text(
            json.dumps(build_report, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8"
        )
        manifest = {"corpus_hash": corpus_hash, "tables": table_hashes}
        (staging / CORPUS_MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
        for path in staging.iterdir():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
        _fsync_dir(staging)
        os.rename(staging, corpus_dir / COMMIT_DIR)  # the commit point: from here on the new corpus wins
        _fsync_dir(corpus_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _move_commit(corpus_dir)
    log.info("wrote corpus %s to %s", corpus_hash[:12], corpus_dir)
    return corpus_hash


def _commit_order(name: str) -> tuple[int, str]:
    """Tables first, then the build report, ``corpus.json`` last (until it is replaced, readers see old hashes)."""
    return ({CORPUS_MANIFEST: 2, BUILD_REPORT: 1}.get(name, 0), name)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's live process
        return True
    return True


def _move_commit(corpus_dir: Path) -> bool:
    """Move the files of a ``.commit`` folder into place, ``corpus.json`` last, and remove it; whether there was one.

    Idempotent and safe from several processes at once: a file another process moved first is skipped.
    """
    commit = corpus_dir / COMMIT_DIR
    if not commit.is_dir():
        return False
    for name in sorted((path.name for path in commit.iterdir()), key=_commit_order):
        try:
            os.replace(commit / name, corpus_dir / name)
        except FileNotFoundError:  # moved by a concurrent recovery
            continue
    shutil.rmtree(commit, ignore_errors=True)
    _fsync_dir(corpus_dir)
    return True


def recover_corpus(corpus_dir: Path) -> bool:
    """Finish a corpus write that was interrupted after its commit point, and clear what killed builds left.

    Moves the files of a ``.commit`` folder into place (``corpus.json`` last) and removes it; removes staging folders
    of builds whose process is no longer running. Safe to call at any time and from several processes at once
    (every step is idempotent); does nothing where the folder cannot be written.

    Returns:
        Whether an interrupted commit was completed.
    """
    try:
        completed = _move_commit(corpus_dir)
        if completed:
            log.warning("%s: completed a corpus write that was interrupted after its commit point", corpus_dir)
        for staging in corpus_dir.glob(f"{_STAGING_PREFIX}*"):
            pid = staging.name.removeprefix(_STAGING_PREFIX).split("-", 1)[0]
            if pid.isdigit() and not _pid_alive(int(pid)):
                shutil.rmtree(staging, ignore_errors=True)
    except PermissionError:  # a read-only corpus: nothing to do here
        return False
    return completed


def read_corpus_manifest(corpus_dir: Path) -> dict[str, Any]:
    """The ``corpus.json`` of a corpus folder (completing an interrupted write first, see :func:`recover_corpus`).

    Raises:
        CorpusNotFoundError: There is no complete corpus in the folder.
    """
    if (corpus_dir / COMMIT_DIR).is_dir():
        recover_corpus(corpus_dir)
    path = corpus_dir / CORPUS_MANIFEST
    if not path.is_file():
        raise CorpusNotFoundError(
            f"{corpus_dir}: no processed corpus here (no {CORPUS_MANIFEST}); run `ascc build` first"
        )
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


def corpus_hash(corpus_dir: Path) -> str:
    """The content hash of a built corpus (changes whenever any table changes)."""
    return str(read_corpus_manifest(corpus_dir)["corpus_hash"])


def read_table(corpus_dir: Path, name: str, *, check_hash: bool = True) -> pl.DataFrame:
    """Read and validate one table of a built corpus.

    Args:
        corpus_dir: The corpus folder.
        name: A table name from :data:`TABLES`.
        check_hash: Compare the file with the hash recorded in ``corpus.json`` (detects a torn write or a
            hand-edited file).

    Raises:
        CorpusNotFoundError: No complete corpus in the folder.
        SchemaError: The table does not match its schema or its recorded hash.
    """
    path = table_path(corpus_dir, name)
    manifest = read_corpus_manifest(corpus_dir)
    if not path.is_file():
        raise CorpusNotFoundError(f"{path}: table {name!r} is missing; rebuild with `ascc build`")
    if check_hash:
        expected = manifest.get("tables", {}).get(name)
        if expected != sha256_file(path):
            raise SchemaError(f"{path}: does not match the hash in {CORPUS_MANIFEST}; rebuild with `ascc build`")
    spec: TableSpec = TABLES[name]
    return validate(pl.read_parquet(path), spec, source=str(path))


def read_build_report(corpus_dir: Path) -> dict[str, Any]:
    """The ``build_report.json`` of a built corpus."""
    read_corpus_manifest(corpus_dir)
    report: dict[str, Any] = json.loads((corpus_dir / BUILD_REPORT).read_text(encoding="utf-8"))
    return report
