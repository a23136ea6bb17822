"""Report runner, cache: the key of each report's content, and whether its last good run can stand in for it.

A report's cache key (:func:`cache_key`) is the SHA-256 of the corpus content it reads (the corpus hash, or for a
statement profile the :func:`history_hash` of the statement and the earlier ones), its notebook's cell sources
(:func:`notebook_source_hash`), its parameters, the content of any file a parameter names, the package's code
(:func:`code_fingerprint`) and the export options. Reads the processed corpus tables (for the history slice), the
files parameters name and the package's own files; writes nothing. :func:`last_good_run` decides what to skip: a
report whose key equals the one of its last successful run (from ``reports/manifest.json``) and whose page exists.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ascc_analysis import __version__
from ascc_analysis.errors import ParameterError
from ascc_analysis.report.params import cell_source

# The parameter through which the planner gives every notebook the corpus (``--corpus``): already in the key as the
# corpus hash, so not a file to hash.
CORPUS_PARAMETER = "corpus_dir"
# Columns of `instruments` that summarise the whole corpus (counts, years, every variant seen): left out of the
# history hash, since a later statement changes them without changing what an earlier statement's profile shows.
_HISTORY_EXCLUDED = {"instruments": frozenset({"first_year", "last_year", "n_mentions", "variants"})}


# The files of the installed package that make what a report shows: its code and the data files it reads.
_CODE_SUFFIXES = (".py", ".yaml", ".yml", ".csv", ".txt", ".json", ".html", ".j2", ".md")


@functools.cache
def code_fingerprint() -> str:
    """SHA-256 over the package version and every code and data file of the installed package (each with its path
    inside the package, in sorted order).

    Part of every report's cache key and of the browser pages' key: after an upgrade or an edit of the library (a
    fix to a topic method, a new plot), the next run rebuilds the reports instead of serving the ones the old code
    made, whether or not anybody remembered to bump the version. Read once per process.
    """
    root = Path(str(resources.files("ascc_analysis")))
    digest = hashlib.sha256(__version__.encode())
    found = (
        path
        for path in root.rglob("*")
        if path.is_file() and path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts
    )
    for path in sorted(found, key=lambda item: item.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def notebook_source_hash(notebook: Mapping[str, Any]) -> str:
    """SHA-256 of a notebook's cells: type and source of each, in order (outputs and metadata are left out)."""
    cells = [[cell.get("cell_type"), cell_source(cell)] for cell in notebook["cells"]]
    return hashlib.sha256(_canonical_json(cells).encode()).hexdigest()


def cache_key(
    *,
    corpus_key: str,
    notebook_hash: str,
    parameters: Mapping[str, Any],
    show_code: bool,
    files: Mapping[str, str] | None = None,
    code: str | None = None,
) -> str:
    """The cache key of one report.

    ``sha256(canonical JSON of {corpus, notebook, parameters, files, code, export})``: a change in the corpus
    content the report reads, the notebook's sources, a parameter, a file a parameter names (``files``: parameter
    name to the SHA-256 of the file), the package's code (``code``, :func:`code_fingerprint` when None) or the export
    options changes it.
    """
    material = {
        "corpus": corpus_key,
        "notebook": notebook_hash,
        "parameters": dict(parameters),
        "files": dict(files or {}),
        "code": code_fingerprint() if code is None else code,
        "export": {"show_code": show_code},
    }
    return hashlib.sha256(_canonical_json(material).encode()).hexdigest()


def _parameter_files(parameters: Mapping[str, Any], root: Path) -> dict[str, str]:
    """SHA-256 of each file a string parameter names (relative to the project root), ``corpus_dir`` aside.

    A notebook may read a file outside the processed corpus (the overview reads the source manifest given as
    ``manifest_path``); its content then belongs in the cache key.
    """
    hashes: dict[str, str] = {}
    for name, value in sorted(parameters.items()):
        if name == CORPUS_PARAMETER or not isinstance(value, str) or not value or "\n" in value:
            continue
        path = Path(value).expanduser()
        path = path if path.is_absolute() else root / path
        try:
            if path.is_file():
                hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:  # an unreadable path is the notebook's to report
            continue
    return hashes


def _row_lines(frame: Any, columns: Sequence[str]) -> list[str]:
    return [_canonical_json(row) for row in frame.select(columns).iter_rows(named=True)]


class _History:
    """Per-statement digests of a corpus, to hash the slice a statement profile reads (see :func:`history_hash`)."""

    def __init__(self, tables: Mapping[str, Any]) -> None:
        import polars as pl

        documents = tables["documents"]
        self.years: dict[str, int | None] = dict(
            zip(documents.get_column("doc_id").to_list(), documents.get_column("year").to_list(), strict=True)
        )
        digests = {doc_id: hashlib.sha256() for doc_id in self.years}
        mentions = tables.get("instrument_mentions")
        for name in sorted(tables):
            frame = tables[name]
            columns = [column for column in frame.columns if column not in _HISTORY_EXCLUDED.get(name, ())]
            if "doc_id" in frame.columns:
                per_doc = frame.select(pl.col("doc_id"), pl.struct(columns).alias("_row"))
                for doc_id, row in zip(
                    per_doc.get_column("doc_id").to_list(), per_doc.get_column("_row").to_list(), strict=True
                ):
                    if doc_id in digests:
                        digests[doc_id].update(f"{name}\t{_canonical_json(row)}\n".encode())
            elif name == "instruments" and mentions is not None:
                by_id = dict(zip(frame.get_column("instrument_id").to_list(), _row_lines(frame, columns), strict=True))
                pairs = mentions.select("doc_id", "instrument_id").unique().sort("doc_id", "instrument_id")
                for doc_id, instrument_id in pairs.iter_rows():
                    if doc_id in digests and instrument_id in by_id:
                        digests[doc_id].update(f"{name}\t{by_id[instrument_id]}\n".encode())
            elif name == "problems" and "source_file" in documents.columns:
                by_file = dict(
                    zip(
                        documents.get_column("source_file").to_list(),
                        documents.get_column("doc_id").to_list(),
                        strict=True,
                    )
                )
                for source_file, line in zip(
                    frame.get_column("source_file").to_list(), _row_lines(frame, columns), strict=True
                ):
                    if source_file in by_file:
                        digests[by_file[source_file]].update(f"{name}\t{line}\n".encode())
        self.digests = {doc_id: digest.hexdigest() for doc_id, digest in digests.items()}

    def slice_hash(self, doc_id: str) -> str | None:
        year = self.years.get(doc_id)
        if year is None:
            return None
        kept = sorted(
            other for other, other_year in self.years.items() if other_year is not None and other_year <= year
        )
        digest = hashlib.sha256(b"history-v1\n")
        for other in kept:
            digest.update(f"{other}:{self.digests[other]}\n".encode())
        return digest.hexdigest()


def _read_tables(corpus_dir: Path) -> dict[str, Any]:
    from ascc_analysis.catalog import read_table
    from ascc_analysis.schemas import TABLES

    return {name: read_table(corpus_dir, name) for name in TABLES}


def history_hash(corpus_dir: Path, doc_id: str) -> str:
    """Hash of the corpus slice a statement profile reads: the statement and every statement of the same or an
    earlier year.

    The rows of every table restricted to those statements are serialised as canonical JSON (stable across polars
    versions, unlike ``hash_rows``) and hashed per statement, then ``sha256("history-v1" + sorted doc_id:digest)``.
    ``problems`` rows count for the statement of their source file; ``instruments`` rows for each statement naming
    the instrument, without the columns that summarise the whole corpus (``first_year``, ``last_year``,
    ``n_mentions``, ``variants``). Adding a statement of a later year leaves the hash unchanged.

    Raises:
        ParameterError: ``doc_id`` is not a statement of the corpus, or has no year.
        CorpusNotFoundError: No built corpus in ``corpus_dir``.
    """
    history = _History(_read_tables(corpus_dir))
    if doc_id not in history.years:
        raise ParameterError(f"doc_id={doc_id!r} is not a statement of {corpus_dir}")
    value = history.slice_hash(doc_id)
    if value is None:
        raise ParameterError(f"statement {doc_id!r} of {corpus_dir} has no year, so it has no history slice")
    return value


def last_good_run(entry: Mapping[str, Any], key: str, page: Path) -> Mapping[str, Any] | None:
    """The last successful run of a report, when it can stand in for a new one; else ``None``.

    Args:
        entry: The report's entry in the previous ``manifest.json`` (empty for a new report).
        key: The report's cache key now (:func:`cache_key`).
        page: The report's HTML page.

    Returns:
        The entry's ``last_good`` (cache key, start, duration and corpus of that run) when its cache key equals
        ``key`` and ``page`` exists, else ``None``.
    """
    last_good: Mapping[str, Any] = entry.get("last_good") or {}
    unchanged = last_good.get("cache_key") == key and page.is_file()
    return last_good if unchanged else None
