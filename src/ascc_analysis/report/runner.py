"""Report runner: notebooks → executed notebooks and self-contained HTML pages in ``reports/`` (``ascc report``).

The last stage of the chain raw → processed → reports, and the only module that touches papermill and nbconvert.

* **What to run** comes from a YAML file of named reports (``notebooks/reports.yaml``, read by
  :func:`read_report_specs`)::

      reports:
        overview:                          # report name -> reports/overview.html
          notebook: 01_corpus_overview.ipynb
          title: Corpus overview
          params: {year_from: 2019}        # overrides of the notebook's defaults
        statement-{doc_id}:                # a grid: one report per value
          notebook: 05_statement_profile.ipynb
          title: "Statement profile: {doc_id}"
          grid: {doc_id: "@documents.doc_id"}   # a processed-corpus column, or a literal list
          inputs: history                  # key on this statement and the earlier ones only (default: corpus)

  or from a notebook named on the command line (an ad-hoc report named after the notebook). Every value is checked
  against the notebook's ``parameters`` cell (:mod:`ascc_analysis.report.params`) by :func:`plan_reports`, before any
  kernel starts.
* **What to skip**: each report's cache key is the SHA-256 of the corpus content it reads (the corpus hash of
  ``corpus.json``; for ``inputs: history`` a hash of the rows of every table restricted to the statements of the
  same or an earlier year, see :func:`history_hash`), the notebook's cell sources, the canonical JSON of its
  parameters, the content of any file a parameter names (``manifest_path``), the package version and the export
  options. A report whose key equals the one of its last successful run (``reports/manifest.json``) and whose HTML
  exists is skipped; ``force`` re-runs it.
* **Running** (:func:`run_plan`): papermill in parallel processes, the project root as working folder, a per-cell
  timeout (a hung or dead kernel fails like any error); then nbconvert's HTML exporter in the same process with the
  template in ``resources/report_template`` (code hidden unless ``show_code``; no CDN; the chart library of
  :mod:`ascc_analysis.report.plots` inlined once per page, only on pages with charts).
* **Outputs**, each written atomically: ``<name>.html``, ``notebooks/<name>.ipynb`` (the executed notebook),
  ``failed/<name>.ipynb`` (the partly executed notebook of a failure; the previous HTML is left in place),
  ``manifest.json`` and ``index.html``.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import copy
import datetime as dt
import difflib
import fnmatch
import functools
import hashlib
import html
import importlib
import json
import logging
import multiprocessing
import os
import re
import string
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast, get_args
from urllib.parse import quote

import yaml

from ascc_analysis import __version__
from ascc_analysis.catalog import write_text_atomic
from ascc_analysis.errors import AsccError, ParameterError
from ascc_analysis.report.params import (
    Parameter,
    cell_source,
    parse_assignments,
    read_notebook,
    read_parameters,
    validate_parameters,
)

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_KERNEL",
    "DEFAULT_REPORTS_FILE",
    "INDEX_NAME",
    "MANIFEST_NAME",
    "CellError",
    "PlannedReport",
    "ReportPlan",
    "ReportResult",
    "ReportSpec",
    "RunSummary",
    "cache_key",
    "ensure_kernel",
    "export_html",
    "history_hash",
    "notebook_source_hash",
    "plan_reports",
    "read_manifest",
    "read_report_specs",
    "render_index",
    "run_plan",
    "run_reports",
]

Inputs = Literal["corpus", "history"]
Status = Literal["ok", "failed", "skipped"]

DEFAULT_REPORTS_FILE = Path("notebooks/reports.yaml")
DEFAULT_KERNEL = "ascc-analysis"
KERNEL_DISPLAY_NAME = "Python (ascc-analysis)"
MANIFEST_NAME = "manifest.json"
INDEX_NAME = "index.html"
EXECUTED_DIR = "notebooks"
FAILED_DIR = "failed"
TEMP_DIR = ".tmp"
MANIFEST_FORMAT = 1
CORPUS_PARAMETER = "corpus_dir"
HISTORY_PARAMETER = "doc_id"

_SPEC_KEYS = frozenset({"notebook", "title", "params", "grid", "inputs"})
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_VEGALITE_PREFIX = "application/vnd.vegalite."
_UNSAFE_RE = re.compile(r"[^A-Za-z0-9._-]+")
_COLUMN_RE = re.compile(r"^@(?P<table>\w+)\.(?P<column>\w+)$")
# Columns of `instruments` that summarise the whole corpus (counts, years, every variant seen): left out of the
# history hash, since a later statement changes them without changing what an earlier statement's profile shows.
_HISTORY_EXCLUDED = {"instruments": frozenset({"first_year", "last_year", "n_mentions", "variants"})}


# --- the reports file ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSpec:
    """One entry of a reports file; with a grid, a template for one report per grid value.

    Attributes:
        name: Report name, with ``{variable}`` placeholders for each grid variable.
        notebook: The notebook file.
        title: Page title, with the same placeholders.
        params: Overrides of the notebook's defaults.
        grid: Grid variable to ``"@table.column"`` (the column's distinct values in the processed corpus) or a
            list of values; empty for a single report.
        inputs: ``"corpus"`` (the report reads the whole corpus) or ``"history"`` (the statement given by the
            ``doc_id`` parameter and those of the same or an earlier year).
        source: The reports file it comes from.
    """

    name: str
    notebook: Path
    title: str
    params: Mapping[str, Any] = field(default_factory=dict)
    grid: Mapping[str, str | tuple[Any, ...]] = field(default_factory=dict)
    inputs: Inputs = "corpus"
    source: str = ""


def _placeholders(template: str, *, where: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as error:
        raise ParameterError(f"{where}: bad {{placeholder}} in {template!r} ({error})") from None


def read_report_specs(path: Path, *, notebooks_dir: Path | None = None) -> list[ReportSpec]:
    """Read a reports file (``notebooks/reports.yaml`` or a ``--params-file``).

    Args:
        path: The YAML file.
        notebooks_dir: Where to look for a notebook not found beside the file (the project's ``notebooks/``).

    Returns:
        The entries in file order.

    Raises:
        ParameterError: The file is missing or not YAML; an entry has an unknown key, no notebook, a notebook that
            does not exist, a bad grid, a placeholder in its name that is not a grid variable (or the reverse), or
            ``inputs`` other than ``corpus`` / ``history``.
    """
    if not path.is_file():
        raise ParameterError(f"{path}: reports file not found")
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ParameterError(f"{path}: not valid YAML ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("reports"), dict):
        raise ParameterError(f"{path}: expected a mapping `reports:` of report name to notebook and parameters")
    specs: list[ReportSpec] = []
    for name, entry in document["reports"].items():
        where = f"{path}: report {name!r}"
        if not isinstance(name, str) or not name:
            raise ParameterError(f"{path}: report names must be non-empty strings, got {name!r}")
        if not isinstance(entry, dict):
            raise ParameterError(f"{where}: expected a mapping with `notebook:` (and title, params, grid, inputs)")
        unknown = sorted(set(entry) - _SPEC_KEYS)
        if unknown:
            raise ParameterError(f"{where}: unknown key(s) {unknown}; accepted: {', '.join(sorted(_SPEC_KEYS))}")
        notebook_text = entry.get("notebook")
        if not isinstance(notebook_text, str) or not notebook_text.endswith(".ipynb"):
            raise ParameterError(f"{where}: `notebook:` must name an .ipynb file, got {notebook_text!r}")
        candidates = [path.parent / notebook_text] + ([notebooks_dir / notebook_text] if notebooks_dir else [])
        notebook = next((candidate for candidate in candidates if candidate.is_file()), None)
        if notebook is None:
            folders = dict.fromkeys(str(candidate.parent) for candidate in candidates)
            raise ParameterError(f"{where}: notebook {notebook_text} not found in {', '.join(folders)}")
        title = entry.get("title", name)
        if not isinstance(title, str):
            raise ParameterError(f"{where}: `title:` must be a string, got {title!r}")
        params = entry.get("params") or {}
        if not isinstance(params, dict) or not all(isinstance(key, str) for key in params):
            raise ParameterError(f"{where}: `params:` must map parameter names to values, got {params!r}")
        grid_entry = entry.get("grid") or {}
        if not isinstance(grid_entry, dict):
            raise ParameterError(f"{where}: `grid:` must map a parameter to '@table.column' or a list of values")
        grid: dict[str, str | tuple[Any, ...]] = {}
        for variable, values in grid_entry.items():
            if isinstance(values, str) and _COLUMN_RE.match(values):
                grid[str(variable)] = values
            elif isinstance(values, list) and values and all(isinstance(v, str | int | float | bool) for v in values):
                grid[str(variable)] = tuple(values)
            else:
                raise ParameterError(
                    f"{where}: grid {variable!r} must be '@table.column' (for example '@documents.doc_id') or a "
                    f"non-empty list of values, got {values!r}"
                )
        in_name = _placeholders(name, where=where)
        if in_name != set(grid):
            raise ParameterError(
                f"{where}: the {{placeholders}} of the name ({sorted(in_name)}) must be the grid variables "
                f"({sorted(grid)}), so that every grid value gets its own report"
            )
        extra = _placeholders(title, where=where) - set(grid)
        if extra:
            raise ParameterError(f"{where}: the title uses {sorted(extra)}, which are not grid variables")
        overlap = sorted(set(params) & set(grid))
        if overlap:
            raise ParameterError(f"{where}: {overlap} set both in `params:` and in `grid:`")
        inputs = entry.get("inputs", "corpus")
        if inputs not in get_args(Inputs):
            raise ParameterError(f"{where}: `inputs:` must be 'corpus' or 'history', got {inputs!r}")
        specs.append(
            ReportSpec(
                name=name,
                notebook=notebook,
                title=title,
                params=dict(params),
                grid=grid,
                inputs=cast(Inputs, inputs),
                source=str(path),
            )
        )
    return specs


# --- cache keys ---------------------------------------------------------------------------------------------------


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
    version: str = __version__,
) -> str:
    """The cache key of one report.

    ``sha256(canonical JSON of {corpus, notebook, parameters, files, version, export})``: a change in the corpus
    content the report reads, the notebook's sources, a parameter, a file a parameter names (``files``: parameter
    name to the SHA-256 of the file), the package version or the export options changes it.
    """
    material = {
        "corpus": corpus_key,
        "notebook": notebook_hash,
        "parameters": dict(parameters),
        "files": dict(files or {}),
        "version": version,
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


# --- planning -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedReport:
    """One report to produce, its parameters checked and its cache key computed.

    Attributes:
        name: Report name (file stem of its HTML page).
        title: Page title.
        notebook: The notebook file.
        parameters: Every parameter passed to papermill (the notebook's defaults with the overrides), validated.
        overrides: The parameters set by the reports file, the grid or ``--set`` (not ``corpus_dir``).
        inputs: ``"corpus"`` or ``"history"``.
        corpus_key: Hash of the corpus content the report reads.
        cache_key: See :func:`cache_key`.
        adhoc: Run from a notebook named on the command line rather than from the reports file.
    """

    name: str
    title: str
    notebook: Path
    parameters: Mapping[str, Any]
    overrides: Mapping[str, Any]
    inputs: Inputs
    corpus_key: str
    cache_key: str
    adhoc: bool = False


@dataclass(frozen=True)
class ReportPlan:
    """Everything :func:`run_plan` needs.

    Attributes:
        corpus_dir: The processed corpus.
        out_dir: The reports folder.
        root: The project root (working folder of the kernels).
        corpus_hash: The whole corpus' content hash.
        reports: The reports, in order.
        show_code: Keep code cells in the HTML.
        complete: Every report of the reports file was planned (no selection): the manifest then drops reports the
            file no longer lists.
    """

    corpus_dir: Path
    out_dir: Path
    root: Path
    corpus_hash: str
    reports: tuple[PlannedReport, ...]
    show_code: bool = False
    complete: bool = False


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def _format(template: str, values: Mapping[str, Any]) -> str:
    return template.format_map({key: str(value) for key, value in values.items()})


def _is_notebook_argument(name: str, notebooks_dir: Path, root: Path) -> Path | None:
    if not name.endswith(".ipynb"):
        return None
    for candidate in (Path(name), root / name, notebooks_dir / name):
        if candidate.is_file():
            return candidate
    raise ParameterError(f"notebook {name} not found (looked in ., {root} and {notebooks_dir})")


_Expanded = tuple[ReportSpec, dict[str, Any], str]  # entry, grid values, report name


def _expand_grids(specs: Sequence[ReportSpec], corpus_dir: Path) -> list[_Expanded]:
    """One (entry, grid values, name) per report: every combination of each entry's grid values."""
    from ascc_analysis.catalog import read_table
    from ascc_analysis.schemas import TABLES

    tables: dict[str, Any] = {}

    def column_values(reference: str, where: str) -> tuple[Any, ...]:
        match = _COLUMN_RE.match(reference)
        assert match is not None  # checked by read_report_specs
        table, column = match["table"], match["column"]
        if table not in TABLES:
            raise ParameterError(f"{where}: grid {reference}: no table {table!r}; tables: {', '.join(sorted(TABLES))}")
        if table not in tables:
            tables[table] = read_table(corpus_dir, table)
        frame = tables[table]
        if column not in frame.columns:
            raise ParameterError(f"{where}: grid {reference}: {table} has no column {column!r}; it has {frame.columns}")
        return tuple(sorted(frame.get_column(column).drop_nulls().unique().to_list()))

    expanded: list[_Expanded] = []
    for spec in specs:
        where = f"{spec.source}: report {spec.name!r}"
        combinations: list[dict[str, Any]] = [{}]
        for variable, values in spec.grid.items():
            axis = column_values(values, where) if isinstance(values, str) else values
            combinations = [{**combination, variable: value} for combination in combinations for value in axis]
        for combination in combinations:
            name = _UNSAFE_RE.sub("-", _format(spec.name, combination)).strip("-.") or "report"
            expanded.append((spec, combination, name))
    return expanded


def _select(
    expanded: Sequence[_Expanded], patterns: Sequence[str], *, specs: Sequence[ReportSpec], reports_file: Path | None
) -> list[_Expanded]:
    """The reports matching any pattern (a name, a glob over names, or an entry's template name)."""
    selected: list[_Expanded] = []
    for pattern in patterns:
        matches = [item for item in expanded if fnmatch.fnmatchcase(item[2], pattern) or item[0].name == pattern]
        if not matches:
            known = sorted({item[2] for item in expanded} | {spec.name for spec in specs})
            close = difflib.get_close_matches(pattern, known, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            shown = ", ".join(known[:12]) + (" …" if len(known) > 12 else "")
            raise ParameterError(
                f"no report {pattern!r} in {reports_file}; {hint}reports: {shown} (or name a notebook, *.ipynb)"
            )
        selected.extend(item for item in matches if item not in selected)
    return selected


def plan_reports(
    corpus_dir: Path,
    out_dir: Path,
    *,
    reports_file: Path | None = DEFAULT_REPORTS_FILE,
    names: Sequence[str] = (),
    assignments: Sequence[str] = (),
    show_code: bool = False,
    root: Path | None = None,
) -> ReportPlan:
    """Decide which reports to produce, with checked parameters and cache keys; nothing is executed.

    Args:
        corpus_dir: The processed corpus (``--corpus``); passed to every notebook as ``corpus_dir``.
        out_dir: The reports folder (``--out``).
        reports_file: The reports file (``--params-file``); needed unless every name is a notebook.
        names: Report names, glob patterns over them (``"statement-*"``), grid templates (``"statement-{doc_id}"``)
            or notebooks (``05_statement_profile.ipynb``: one ad-hoc report named after the notebook); empty for
            every report of the file.
        assignments: ``--set name=value`` overrides, applied to every planned report whose notebook declares the
            name.
        show_code: Keep code cells in the HTML (part of the cache key).
        root: The project root (kernels' working folder); default: the ascc-analysis checkout around the working
            folder, else the working folder.

    Returns:
        The plan.

    Raises:
        ParameterError: A bad reports file, an unknown report or notebook, an unknown or mistyped parameter, a
            ``--set`` that no planned notebook declares or that sets a grid variable, ``corpus_dir`` set other than
            by ``--corpus``, a grid column that does not exist, a ``doc_id`` not in the corpus.
        CorpusNotFoundError: No built corpus in ``corpus_dir``.
    """
    from ascc_analysis.analysis.corpus import project_root
    from ascc_analysis.catalog import corpus_hash as read_corpus_hash

    root = (root or project_root() or Path.cwd()).resolve()
    notebooks_dir = root / "notebooks"
    whole_hash = read_corpus_hash(corpus_dir)
    corpus_text = _display_path(corpus_dir, root)

    adhoc_notebooks: list[Path] = []
    report_names: list[str] = []
    for name in names:
        notebook = _is_notebook_argument(name, notebooks_dir, root)
        if notebook is not None:
            adhoc_notebooks.append(notebook)
        else:
            report_names.append(name)
    specs: list[ReportSpec] = []
    if report_names or not names:
        if reports_file is None:
            raise ParameterError("no reports file given: name a notebook, or give --params-file")
        specs = read_report_specs(reports_file, notebooks_dir=notebooks_dir)

    expanded = _expand_grids(specs, corpus_dir)
    if names:
        expanded = _select(expanded, report_names, specs=specs, reports_file=reports_file)

    candidates: list[tuple[str, str, Path, dict[str, Any], dict[str, Any], Inputs, bool]] = [
        (name, _format(spec.title, combination), spec.notebook, dict(spec.params), combination, spec.inputs, False)
        for spec, combination, name in expanded
    ]
    for notebook in adhoc_notebooks:
        candidates.append((notebook.stem, notebook.stem, notebook, {}, {}, "corpus", True))

    seen: dict[str, Path] = {}
    for name, _, notebook, *_ in candidates:
        if not _NAME_RE.match(name):
            raise ParameterError(f"report name {name!r} is not usable as a file name")
        if name in seen:
            raise ParameterError(f"two reports are named {name!r} ({seen[name].name} and {notebook.name})")
        seen[name] = notebook

    declared: dict[Path, dict[str, Parameter]] = {}
    notebook_hashes: dict[Path, str] = {}
    for _, _, notebook, *_ in candidates:
        if notebook not in declared:
            declared[notebook] = {parameter.name: parameter for parameter in read_parameters(notebook)}
            notebook_hashes[notebook] = notebook_source_hash(read_notebook(notebook))
    known_parameters = {name: p for parameters in declared.values() for name, p in parameters.items()}
    overrides = parse_assignments(assignments, known_parameters)
    if CORPUS_PARAMETER in overrides:
        raise ParameterError(f"--set {CORPUS_PARAMETER}: give the corpus with --corpus instead")
    for key in overrides:
        if key not in known_parameters:
            close = difflib.get_close_matches(key, sorted(known_parameters), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise ParameterError(
                f"--set {key}: no planned notebook has a parameter {key!r}{hint} "
                f"(they accept {', '.join(sorted(known_parameters))})"
            )

    history: _History | None = None
    planned: list[PlannedReport] = []
    for name, title, notebook, params, combination, inputs, adhoc in candidates:
        parameters = declared[notebook]
        if CORPUS_PARAMETER not in parameters:
            raise ParameterError(
                f"{notebook.name}: no {CORPUS_PARAMETER} parameter; the runner passes --corpus to every notebook as "
                f"{CORPUS_PARAMETER}: str"
            )
        if CORPUS_PARAMETER in params or CORPUS_PARAMETER in combination:
            raise ParameterError(f"report {name!r}: set {CORPUS_PARAMETER} with --corpus, not in the reports file")
        clash = sorted(set(overrides) & set(combination))
        if clash:
            raise ParameterError(
                f"--set {clash[0]}: report {name!r} takes {clash[0]} from its grid; to run the notebook with one "
                f"value, name the notebook: ascc report {notebook.name} --set {clash[0]}=..."
            )
        chosen = {**params, **combination, **{k: v for k, v in overrides.items() if k in parameters}}
        checked = validate_parameters(notebook, {**chosen, CORPUS_PARAMETER: corpus_text})
        effective = {
            parameter.name: checked.get(parameter.name, parameter.default) for parameter in parameters.values()
        }
        corpus_key = f"corpus:{whole_hash}"
        if inputs == "history":
            if HISTORY_PARAMETER not in parameters:
                raise ParameterError(
                    f"report {name!r}: `inputs: history` needs a {HISTORY_PARAMETER} parameter in {notebook.name}"
                )
            doc_id = effective[HISTORY_PARAMETER]
            if doc_id:
                if history is None:
                    history = _History(_read_tables(corpus_dir))
                if doc_id not in history.years:
                    raise ParameterError(f"report {name!r}: doc_id={doc_id!r} is not a statement of {corpus_dir}")
                slice_hash = history.slice_hash(str(doc_id))
                if slice_hash is not None:
                    corpus_key = f"history:{slice_hash}"
        planned.append(
            PlannedReport(
                name=name,
                title=title,
                notebook=notebook,
                parameters=effective,
                overrides={key: checked[key] for key in chosen},
                inputs=inputs,
                corpus_key=corpus_key,
                cache_key=cache_key(
                    corpus_key=corpus_key,
                    notebook_hash=notebook_hashes[notebook],
                    parameters=effective,
                    show_code=show_code,
                    files=_parameter_files(effective, root),
                ),
                adhoc=adhoc,
            )
        )
    return ReportPlan(
        corpus_dir=corpus_dir,
        out_dir=out_dir,
        root=root,
        corpus_hash=whole_hash,
        reports=tuple(planned),
        show_code=show_code,
        complete=not names,
    )


# --- kernels ------------------------------------------------------------------------------------------------------


def ensure_kernel(name: str = DEFAULT_KERNEL, *, prefix: Path | None = None) -> str:
    """Make sure a Jupyter kernel of that name exists; install the project's own kernel when needed.

    For :data:`DEFAULT_KERNEL` the kernel spec must start this interpreter (``sys.executable``); it is (re)installed
    into ``prefix`` (default ``sys.prefix``, the virtual environment) when missing or pointing elsewhere, so a fresh
    venv finds it. Any other name must already exist.

    Args:
        name: Kernel name (``--kernel``).
        prefix: Install prefix of the kernel spec (``<prefix>/share/jupyter/kernels/<name>``).

    Returns:
        The kernel spec's folder.

    Raises:
        ParameterError: ``name`` is not the project's kernel and no such kernel exists.
        AsccError: The project's kernel is shadowed by a spec of the same name for another Python.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    if prefix is not None:
        manager.kernel_dirs.insert(0, str(prefix / "share" / "jupyter" / "kernels"))

    def current() -> tuple[str, list[str]] | None:
        try:
            spec = manager.get_kernel_spec(name)
        except NoSuchKernel:
            return None
        return str(spec.resource_dir), list(spec.argv)

    found = current()
    if name != DEFAULT_KERNEL:
        if found is None:
            available = ", ".join(sorted(manager.find_kernel_specs())) or "none"
            raise ParameterError(f"no Jupyter kernel named {name!r}; available: {available}")
        return found[0]
    executable = str(Path(sys.executable))
    if found is not None and found[1][:1] == [executable]:
        return found[0]
    from ipykernel.kernelspec import install

    path = install(kernel_name=name, display_name=KERNEL_DISPLAY_NAME, prefix=str(prefix or sys.prefix))
    log.info("installed the Jupyter kernel %s for %s in %s", name, executable, path)
    found = current()
    if found is None or found[1][:1] != [executable]:
        shadow = found[0] if found else "?"
        raise AsccError(
            f"the Jupyter kernel {name!r} at {shadow} starts another Python than {executable}; remove it "
            f"(jupyter kernelspec remove {name}) or choose a kernel with --kernel"
        )
    return found[0]


# --- HTML export --------------------------------------------------------------------------------------------------


def _plots() -> Any:
    """:mod:`ascc_analysis.report.plots`, imported only when a page has charts (it inlines a 1 MB script)."""
    return importlib.import_module("ascc_analysis.report.plots")


def _read_ipynb(path: Path) -> Any:
    import nbformat

    return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]


def _ipynb_text(notebook: Any) -> str:
    import nbformat

    return str(nbformat.writes(notebook))  # type: ignore[no-untyped-call]


def _template_dir() -> Path:
    return Path(str(resources.files("ascc_analysis").joinpath("resources")))


def _safe_script(text: str) -> str:
    """JavaScript made safe inside an inline ``<script>``: ``</script`` and ``<!--`` get their ``<`` written ``\\x3C``.

    Such text can only occur inside a string, template or regular-expression literal (or a comment), where ``\\x3C``
    means ``<``; :func:`ascc_analysis.report.plots.javascript_bundle` does the same, so this is a second line of
    defence.
    """
    return re.sub(r"(?i)</script|<!--", lambda match: "\\x3C" + match.group(0)[1:], text)


@functools.cache
def _chart_scripts() -> str:
    plots = _plots()
    return (
        f"<script>{_safe_script(plots.javascript_bundle())}</script>\n"
        f"<script>{_safe_script(plots.CHART_INIT_SCRIPT)}</script>"
    )


@functools.cache
def _exporter(show_code: bool) -> Any:
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import Preprocessor
    from traitlets.config import Config

    class ChartPreprocessor(Preprocessor):
        """Give each Vega-Lite output a ``text/html`` chart and put the chart library once at the end of the page."""

        def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
            outputs = [output for cell in nb.cells for output in cell.get("outputs", [])]
            if not any(key.startswith(_VEGALITE_PREFIX) for output in outputs for key in output.get("data", {})):
                resources["ascc_n_charts"], resources["ascc_body_end"] = 0, ""
                return nb, resources
            plots = _plots()
            n_charts = 0
            for output in outputs:
                data = output.get("data", {})
                if plots.VEGALITE_MIME in data:
                    spec = data[plots.VEGALITE_MIME]
                    data["text/html"] = plots.chart_html(json.loads(spec) if isinstance(spec, str) else dict(spec))
                    n_charts += 1
            resources["ascc_n_charts"] = n_charts
            resources["ascc_body_end"] = _chart_scripts() if n_charts else ""
            return nb, resources

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove_cell"}
    config.TagRemovePreprocessor.remove_input_tags = {"remove_input"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove_output"}
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        config=config,
        template_name="report_template",
        extra_template_basedirs=[str(_template_dir())],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(ChartPreprocessor(), enabled=True)  # type: ignore[no-untyped-call]
    # nbconvert's accessibility notes (images without alt text) are not the reader's business
    exporter.log = log.getChild("nbconvert")
    exporter.log.setLevel(logging.ERROR)
    return exporter


def export_html(notebook: Any, *, show_code: bool = False, title: str | None = None) -> str:
    """Render an executed notebook as one self-contained HTML page.

    Code cells are left out unless ``show_code`` (prompts always); outputs carrying
    :data:`ascc_analysis.report.plots.VEGALITE_MIME` become :func:`ascc_analysis.report.plots.chart_html` fragments and
    the chart
    library (:func:`ascc_analysis.report.plots.javascript_bundle` and
    :data:`ascc_analysis.report.plots.CHART_INIT_SCRIPT`) is
    inlined once, only on a page with charts. Nothing is fetched from the network: the lab template's MathJax,
    Mermaid, require.js and widget scripts are left out. Text outputs are escaped by nbconvert; HTML outputs are
    kept as the notebook produced them (``plots.table`` escapes document text). Cells tagged ``remove_cell``,
    ``remove_input`` or ``remove_output`` lose what the tag says.

    Args:
        notebook: An nbformat notebook (not modified).
        show_code: Keep the code cells.
        title: The page's ``<title>``.

    Returns:
        The HTML text.
    """
    notebook = copy.deepcopy(notebook)
    if title is not None:
        notebook.metadata["title"] = title
    body, _ = _exporter(show_code).from_notebook_node(notebook, resources={"metadata": {"name": title or "report"}})
    return str(body)


# --- running ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    """Where and how a notebook failed.

    Attributes:
        cell_index: Index of the failing cell in the source notebook (from 0); ``None`` when no cell ran (the kernel
            did not start) or the failure was in papermill's injected parameters.
        cell_source: First line of the failing cell's source.
        ename: Exception name (``ZeroDivisionError``, ``CellTimeoutError``, ``DeadKernelError``, ...).
        evalue: Exception message.
    """

    cell_index: int | None
    cell_source: str
    ename: str
    evalue: str


@dataclass(frozen=True)
class ReportResult:
    """The outcome of one report.

    Attributes:
        name: Report name.
        status: ``ok``, ``failed`` or ``skipped`` (unchanged since its last successful run).
        started: When the run started (ISO 8601, UTC); for a skipped report, the last successful run's.
        duration_s: Seconds from start to HTML written; for a skipped report, the last successful run's.
        message: One line for the terminal.
        error: The failure, when failed.
    """

    name: str
    status: Status
    started: str
    duration_s: float
    message: str
    error: CellError | None = None


@dataclass(frozen=True)
class RunSummary:
    """What :func:`run_plan` did.

    Attributes:
        results: One result per planned report, in plan order.
        manifest_path: ``manifest.json``.
        index_path: ``index.html``.
    """

    results: tuple[ReportResult, ...]
    manifest_path: Path
    index_path: Path

    def count(self, status: Status) -> int:
        """Number of reports with that status."""
        return sum(result.status == status for result in self.results)

    @property
    def failed(self) -> bool:
        """Whether any report failed."""
        return self.count("failed") > 0


@dataclass(frozen=True)
class _Task:
    name: str
    title: str
    notebook: str
    parameters: dict[str, Any]
    out_dir: str
    root: str
    kernel_name: str
    timeout: float
    show_code: bool


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@functools.cache
def _first_line(source: str) -> str:
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    line = lines[0] if lines else ""
    return line if len(line) <= 80 else line[:77] + "..."


def _locate_error(error: BaseException, partial: Any | None, source: Any) -> CellError:
    """Find the failing cell of a papermill run in the source notebook."""
    ename = str(getattr(error, "ename", "") or type(error).__name__)
    evalue = str(getattr(error, "evalue", "") or error)
    failing_source: str | None = getattr(error, "source", None)
    if failing_source is None and partial is not None:  # a timeout or a dead kernel: the last cell that started
        started = [
            cell
            for cell in partial["cells"]
            if cell.get("metadata", {}).get("papermill", {}).get("start_time")
            and "papermill-error-cell-tag" not in cell.get("metadata", {}).get("tags", [])
        ]
        if started:
            failing_source = cell_source(started[-1])
    if failing_source is None:
        return CellError(None, "", ename, evalue)
    for index, cell in enumerate(source["cells"]):
        if cell_source(cell) == failing_source:
            return CellError(index, _first_line(failing_source), ename, evalue)
    return CellError(None, "(papermill's injected parameters)", ename, evalue)


def _error_message(name: str, notebook: str, error: CellError) -> str:
    where = f"cell {error.cell_index} (`{error.cell_source}`)" if error.cell_index is not None else error.cell_source
    lines = [line for line in error.evalue.splitlines() if line.strip()]
    evalue = lines[0] if lines else ""
    evalue = evalue if len(evalue) <= 300 else evalue[:297] + "..."
    return f"FAILED {name}: {notebook}, {where or 'before the first cell'}: {error.ename}: {evalue}"


def _execute(task: _Task) -> ReportResult:
    """Run one notebook and write its outputs (in a worker process, or in the parent for a single report)."""
    import papermill

    started, start = _now(), time.perf_counter()
    out_dir = Path(task.out_dir)
    notebook_path = Path(task.notebook)
    temp_dir = out_dir / TEMP_DIR
    temp_dir.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f"{task.name}.", suffix=".ipynb", dir=temp_dir)
    os.close(fd)
    temp = Path(temp_name)

    def failed(cell_error: CellError, notebook: Any | None) -> ReportResult:
        if notebook is not None:
            write_text_atomic(out_dir / FAILED_DIR / f"{task.name}.ipynb", _ipynb_text(notebook))
        duration = round(time.perf_counter() - start, 2)
        message = _error_message(task.name, notebook_path.name, cell_error)
        return ReportResult(task.name, "failed", started, duration, message, cell_error)

    # Parameters are checked before any kernel starts (plan_reports); papermill's own parser misreads annotations
    # such as `int | None` and help texts holding "=", and would warn about parameters it failed to see.
    papermill_log = logging.getLogger("papermill")
    level = papermill_log.level
    papermill_log.setLevel(logging.ERROR)
    try:
        try:
            executed = papermill.execute_notebook(
                str(notebook_path),
                str(temp),
                parameters=task.parameters,
                kernel_name=task.kernel_name,
                cwd=task.root,
                execution_timeout=task.timeout,
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=True,
                # nbclient options: kill the kernel at the end (outputs are all in), keep its warnings off the terminal
                shutdown_kernel="immediate",
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
            )
        except Exception as error:  # a cell's error, a timeout, a dead kernel, a kernel that does not start
            partial = None
            if temp.is_file() and temp.stat().st_size:
                try:
                    partial = _read_ipynb(temp)
                except Exception:  # pragma: no cover - a torn write of the partial notebook
                    partial = None
            return failed(_locate_error(error, partial, read_notebook(notebook_path)), partial)
        try:
            page = export_html(executed, show_code=task.show_code, title=task.title)
        except Exception as error:
            return failed(CellError(None, "(HTML export)", type(error).__name__, str(error)), executed)
        write_text_atomic(out_dir / EXECUTED_DIR / f"{task.name}.ipynb", _ipynb_text(executed))
        write_text_atomic(out_dir / f"{task.name}.html", page)
        (out_dir / FAILED_DIR / f"{task.name}.ipynb").unlink(missing_ok=True)
        duration = round(time.perf_counter() - start, 2)
        return ReportResult(task.name, "ok", started, duration, f"ran {task.name} in {duration:.1f} s")
    finally:
        papermill_log.setLevel(level)
        temp.unlink(missing_ok=True)


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The ``manifest.json`` of a reports folder (an empty one when there is none or it is unreadable)."""
    path = out_dir / MANIFEST_NAME
    if path.is_file():
        try:
            manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(manifest.get("reports"), list):
                return manifest
        except (json.JSONDecodeError, UnicodeDecodeError):
            pass
        log.warning("%s is unreadable: every report will run again", path)
    return {"reports": []}


def _entry(
    report: PlannedReport, plan: ReportPlan, result: ReportResult, previous: Mapping[str, Any]
) -> dict[str, Any]:
    last_good = previous.get("last_good")
    if result.status == "ok":
        last_good = {
            "cache_key": report.cache_key,
            "started": result.started,
            "duration_s": result.duration_s,
            "corpus_hash": plan.corpus_hash,
            "corpus_key": report.corpus_key,
        }
    has_html = (plan.out_dir / f"{report.name}.html").is_file()
    has_executed = (plan.out_dir / EXECUTED_DIR / f"{report.name}.ipynb").is_file()
    return {
        "name": report.name,
        "title": report.title,
        "notebook": _display_path(report.notebook, plan.root),
        "parameters": dict(report.parameters),
        "overrides": dict(report.overrides),
        "inputs": report.inputs,
        "adhoc": report.adhoc,
        # a skipped report's page was computed from the corpus of its last good run
        "corpus_hash": (last_good or {}).get("corpus_hash", plan.corpus_hash)
        if result.status == "skipped"
        else plan.corpus_hash,
        "corpus_key": report.corpus_key,
        "cache_key": report.cache_key,
        "status": result.status,
        "started": result.started,
        "duration_s": result.duration_s,
        "html": f"{report.name}.html" if has_html else None,
        "executed_notebook": f"{EXECUTED_DIR}/{report.name}.ipynb" if has_executed else None,
        "failed_notebook": f"{FAILED_DIR}/{report.name}.ipynb" if result.status == "failed" else None,
        "error": asdict(result.error) if result.error else None,
        "message": result.message,
        "last_good": last_good,
    }


def _write_outputs(
    plan: ReportPlan, entries: Mapping[str, dict[str, Any]], previous: Sequence[Mapping[str, Any]]
) -> None:
    planned = [report.name for report in plan.reports]
    kept = [
        dict(entry)
        for entry in previous
        if entry.get("name") not in entries and (not plan.complete or entry.get("adhoc"))
    ]
    reports = [entries[name] for name in planned if name in entries] + kept
    manifest = {
        "format": MANIFEST_FORMAT,
        "generated": _now(),
        "package_version": __version__,
        "corpus_dir": _display_path(plan.corpus_dir, plan.root),
        "corpus_hash": plan.corpus_hash,
        "reports": reports,
    }
    write_text_atomic(plan.out_dir / MANIFEST_NAME, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    write_text_atomic(plan.out_dir / INDEX_NAME, render_index(manifest))


def run_plan(
    plan: ReportPlan,
    *,
    jobs: int = 2,
    force: bool = False,
    timeout: float = 600.0,
    kernel_name: str | None = None,
    on_result: Callable[[ReportResult], None] | None = None,
) -> RunSummary:
    """Produce the planned reports: skip the unchanged, run the rest in parallel, write manifest and index.

    Args:
        plan: From :func:`plan_reports`.
        jobs: Notebooks run at once (worker processes).
        force: Run every report, changed or not.
        timeout: Seconds a cell may run before the report fails (a hung or dead kernel).
        kernel_name: Jupyter kernel; default :data:`DEFAULT_KERNEL`, installed for this interpreter if needed.
        on_result: Called in this process with each result as it comes (skipped reports first).

    Returns:
        The results; a failure does not stop the other reports.

    Raises:
        ParameterError: ``jobs`` or ``timeout`` is not positive, or the kernel does not exist.
    """
    if jobs < 1:
        raise ParameterError(f"jobs={jobs}: give 1 or more")
    if not timeout > 0:
        raise ParameterError(f"timeout={timeout}: give a number of seconds above 0")
    out_dir = plan.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    previous_reports = [entry for entry in read_manifest(out_dir)["reports"] if isinstance(entry, dict)]
    previous = {str(entry.get("name")): entry for entry in previous_reports}

    results: dict[str, ReportResult] = {}
    entries: dict[str, dict[str, Any]] = {}
    by_name = {report.name: report for report in plan.reports}

    def record(result: ReportResult, *, write: bool = True) -> None:
        results[result.name] = result
        entries[result.name] = _entry(by_name[result.name], plan, result, previous.get(result.name, {}))
        log.info("%s", result.message)
        if write:  # after each executed report, so an interrupted run still lists what it finished
            _write_outputs(plan, entries, previous_reports)
        if on_result is not None:
            on_result(result)

    to_run: list[PlannedReport] = []
    for report in plan.reports:
        last_good = previous.get(report.name, {}).get("last_good") or {}
        unchanged = last_good.get("cache_key") == report.cache_key and (out_dir / f"{report.name}.html").is_file()
        if unchanged and not force:
            record(
                ReportResult(
                    report.name,
                    "skipped",
                    str(last_good.get("started", "")),
                    float(last_good.get("duration_s", 0.0)),
                    f"skipped {report.name} (unchanged)",
                ),
                write=False,
            )
        else:
            to_run.append(report)

    if to_run:
        kernel = kernel_name or DEFAULT_KERNEL
        ensure_kernel(kernel)
        # Longest first (by the last run's duration) so that parallel workers finish together.
        to_run.sort(key=lambda report: -float(previous.get(report.name, {}).get("duration_s") or 1e9))
        tasks = [
            _Task(
                name=report.name,
                title=report.title,
                notebook=str(report.notebook.resolve()),
                parameters=dict(report.parameters),
                out_dir=str(out_dir.resolve()),
                root=str(plan.root),
                kernel_name=kernel,
                timeout=timeout,
                show_code=plan.show_code,
            )
            for report in to_run
        ]
        for result in _run_tasks(tasks, jobs=jobs):
            record(result)
    if not to_run:
        _write_outputs(plan, entries, previous_reports)
    with contextlib.suppress(OSError):
        (out_dir / TEMP_DIR).rmdir()
    return RunSummary(
        results=tuple(results[report.name] for report in plan.reports),
        manifest_path=out_dir / MANIFEST_NAME,
        index_path=out_dir / INDEX_NAME,
    )


def _crashed(task: _Task, error: BaseException) -> ReportResult:
    cell_error = CellError(None, "(the worker process)", type(error).__name__, str(error))
    return ReportResult(
        task.name, "failed", _now(), 0.0, _error_message(task.name, Path(task.notebook).name, cell_error), cell_error
    )


def _init_worker() -> None:
    """Start-up of a worker process.

    nbformat imports jsonschema, whose format checkers build an IRI grammar at import time when ``rfc3987-syntax``
    is installed (it is, for jupyter-events): about 2.5 s per process, for a format nbformat never checks. Worker
    processes are ours alone, so they skip that import.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _run_tasks(tasks: Sequence[_Task], *, jobs: int) -> Iterable[ReportResult]:
    if jobs == 1:  # in this process (no worker start-up; handy under a debugger)
        for task in tasks:
            try:
                yield _execute(task)
            except Exception as error:  # an I/O error writing the outputs
                yield _crashed(task, error)
        return
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)), mp_context=context, initializer=_init_worker
    ) as pool:
        futures = {pool.submit(_execute, task): task for task in tasks}
        try:
            for future in concurrent.futures.as_completed(futures):
                try:
                    yield future.result()
                except Exception as error:  # the worker died (BrokenProcessPool) or failed writing
                    yield _crashed(futures[future], error)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def run_reports(
    corpus_dir: Path,
    out_dir: Path,
    *,
    reports_file: Path | None = DEFAULT_REPORTS_FILE,
    names: Sequence[str] = (),
    assignments: Sequence[str] = (),
    jobs: int = 2,
    force: bool = False,
    show_code: bool = False,
    timeout: float = 600.0,
    kernel_name: str | None = None,
    root: Path | None = None,
    on_result: Callable[[ReportResult], None] | None = None,
) -> RunSummary:
    """:func:`plan_reports` then :func:`run_plan` (see both for the arguments and errors)."""
    plan = plan_reports(
        corpus_dir,
        out_dir,
        reports_file=reports_file,
        names=names,
        assignments=assignments,
        show_code=show_code,
        root=root,
    )
    return run_plan(plan, jobs=jobs, force=force, timeout=timeout, kernel_name=kernel_name, on_result=on_result)


# --- the index page -----------------------------------------------------------------------------------------------

_INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 80rem;
       padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
.meta { color: #59636e; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 0.45rem 0.6rem; border-bottom: 1px solid #d1d9e0; }
th { background: #f6f8fa; }
code { font-size: 0.85rem; }
.status-ok { color: #1a7f37; } .status-skipped { color: #59636e; } .status-failed { color: #cf222e; font-weight: 600; }
.error { color: #cf222e; font-size: 0.85rem; white-space: pre-wrap; }
details summary { cursor: pointer; }
""".strip()


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _value_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def render_index(manifest: Mapping[str, Any]) -> str:
    """``index.html``: every report of a manifest with its title and link, parameters, corpus hash, run time,
    duration and status. Every text is HTML-escaped; the page has no script and loads nothing.
    """
    rows = []
    for entry in manifest.get("reports", []):
        name = str(entry.get("name", ""))
        title = _e(entry.get("title") or name)
        link = f'<a href="{_e(quote(str(entry["html"])))}">{title}</a>' if entry.get("html") else title
        overrides = entry.get("overrides") or {}
        parameters = entry.get("parameters") or {}
        shown = ", ".join(f"{_e(key)}={_e(_value_text(value))}" for key, value in overrides.items()) or "defaults"
        every = "<br>".join(f"{_e(key)} = {_e(_value_text(value))}" for key, value in parameters.items())
        status = str(entry.get("status", ""))
        cell = f'<span class="status-{_e(status)}">{_e(status)}</span>'
        if status == "failed":
            cell += f'<div class="error">{_e(entry.get("message", ""))}</div>'
            if entry.get("failed_notebook"):
                cell += f'<div><a href="{_e(quote(str(entry["failed_notebook"])))}">partly executed notebook</a></div>'
            last_good = entry.get("last_good") or {}
            if entry.get("html") and last_good.get("started"):
                cell += f"<div>showing the last good run of {_e(last_good['started'])}</div>"
        elif status == "skipped":
            cell += " <small>(unchanged)</small>"
        duration = entry.get("duration_s")
        rows.append(
            "<tr>"
            f"<td>{link}<br><small><code>{_e(name)}</code> · {_e(entry.get('notebook', ''))}</small></td>"
            f"<td><details><summary>{shown}</summary><code>{every}</code></details></td>"
            f"<td><code>{_e(str(entry.get('corpus_hash', ''))[:12])}</code></td>"
            f"<td>{_e(entry.get('started', ''))}</td>"
            f"<td>{_e(f'{duration:.1f} s' if isinstance(duration, int | float) else '')}</td>"
            f"<td>{cell}</td>"
            "</tr>"
        )
    counts = {
        status: sum(e.get("status") == status for e in manifest.get("reports", [])) for status in get_args(Status)
    }
    summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n) or "no reports"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>ASCC joint statements: reports</title>\n"
        f"<style>\n{_INDEX_CSS}\n</style>\n</head>\n<body>\n"
        "<h1>ASCC joint statements: reports</h1>\n"
        f'<p class="meta">Generated {_e(manifest.get("generated", ""))} by ascc-analysis '
        f"{_e(manifest.get('package_version', ''))} from the corpus <code>{_e(manifest.get('corpus_dir', ''))}</code> "
        f"(<code>{_e(str(manifest.get('corpus_hash', ''))[:12])}</code>): {_e(summary)}. "
        f'Machine-readable: <a href="{MANIFEST_NAME}">{MANIFEST_NAME}</a>.</p>\n'
        "<table>\n<thead><tr><th>Report</th><th>Parameters</th><th>Corpus</th><th>Run (UTC)</th><th>Duration</th>"
        "<th>Status</th></tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</body>\n</html>\n"
    )
