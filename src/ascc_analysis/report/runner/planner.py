"""Report runner, planner: which reports to produce, with their checked parameters and cache keys.

Reads the reports file (``notebooks/reports.yaml`` or ``--params-file``, :func:`read_report_specs`) and the
notebooks' ``parameters`` cells; expands each grid over a processed-corpus column or a list of values; selects
the reports named on the command line (names, globs, grid templates, or notebooks run ad hoc); and hands every
value to :mod:`ascc_analysis.report.params` for validation before any kernel starts. :func:`plan_reports` returns
a :class:`ReportPlan` (each :class:`PlannedReport` with its cache key from :mod:`.cache`); nothing is executed or
written.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args

import yaml

from ascc_analysis.errors import ParameterError
from ascc_analysis.report.params import (
    Parameter,
    parse_assignments,
    read_notebook,
    read_parameters,
    validate_parameters,
)
from ascc_analysis.report.runner.cache import (
    CORPUS_PARAMETER,
    _History,
    _parameter_files,
    _read_tables,
    cache_key,
    notebook_source_hash,
)

Inputs = Literal["corpus", "history"]

DEFAULT_REPORTS_FILE = Path("notebooks/reports.yaml")
HISTORY_PARAMETER = "doc_id"

_SPEC_KEYS = frozenset({"notebook", "title", "params", "grid", "inputs"})
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_UNSAFE_RE = re.compile(r"[^A-Za-z0-9._-]+")
_COLUMN_RE = re.compile(r"^@(?P<table>\w+)\.(?P<column>\w+)$")


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
