"""Report runner: notebooks → executed notebooks and self-contained HTML pages in ``reports/`` (``ascc report``).

The last stage of the chain raw → processed → reports, and the only package that touches papermill and nbconvert
(its executor and HTML export alone).

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
  ``<name>-<n>.csv`` (the rows of the page's n-th chart) and, for a network view, ``<name>-<n>.graphml`` and
  ``<name>-<n>.gexf`` (:mod:`~ascc_analysis.report.runner.downloads`, linked under each chart), ``manifest.json``
  and ``index.html``.
* **The statement browser** (:mod:`ascc_analysis.report.browser`), written before the notebooks run, straight from
  the corpus: ``statements/``, ``search.html`` with its index ``search/``, ``instruments/``; keyed on the corpus hash
  (``browser.json``), so an unchanged corpus writes nothing (:func:`write_browser`).

In run order:

* :mod:`~ascc_analysis.report.runner.planner` — the reports file, grids, selection, parameter validation, the plan;
* :mod:`~ascc_analysis.report.runner.cache` — cache keys over the corpus slice, notebook, parameters and version,
  and what to skip;
* :mod:`~ascc_analysis.report.runner.executor` — the kernel, papermill runs in parallel, timeouts, failures;
* :mod:`~ascc_analysis.report.runner.export` — nbconvert's HTML export with the offline chart library;
* :mod:`~ascc_analysis.report.runner.downloads` — each chart's rows as CSV, network views as GraphML and GEXF;
* :mod:`~ascc_analysis.report.runner.site` — pages, ``failed/``, ``manifest.json``, ``index.html`` and the
  statement browser;
* :mod:`~ascc_analysis.report.runner.results` — the results they pass along.

This module orchestrates them (:func:`run_plan`, :func:`run_reports`) and re-exports their public names.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ascc_analysis.errors import ParameterError
from ascc_analysis.report.runner.cache import (
    cache_key,
    code_fingerprint,
    history_hash,
    last_good_run,
    notebook_source_hash,
)
from ascc_analysis.report.runner.executor import DEFAULT_KERNEL, TEMP_DIR, _run_tasks, _Task, ensure_kernel
from ascc_analysis.report.runner.export import export_html
from ascc_analysis.report.runner.planner import (
    DEFAULT_REPORTS_FILE,
    PlannedReport,
    ReportPlan,
    ReportSpec,
    plan_reports,
    read_report_specs,
)
from ascc_analysis.report.runner.results import BrowserResult, CellError, ReportResult, RunSummary
from ascc_analysis.report.runner.site import (
    INDEX_NAME,
    MANIFEST_NAME,
    _entry,
    _write_outputs,
    browser_entry,
    read_manifest,
    render_index,
    write_browser,
)

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_KERNEL",
    "DEFAULT_REPORTS_FILE",
    "INDEX_NAME",
    "MANIFEST_NAME",
    "BrowserResult",
    "CellError",
    "PlannedReport",
    "ReportPlan",
    "ReportResult",
    "ReportSpec",
    "RunSummary",
    "cache_key",
    "code_fingerprint",
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
    "write_browser",
]


def run_plan(
    plan: ReportPlan,
    *,
    jobs: int = 2,
    force: bool = False,
    timeout: float = 600.0,
    kernel_name: str | None = None,
    on_result: Callable[[ReportResult], None] | None = None,
    browser: bool = True,
) -> RunSummary:
    """Produce the planned reports: skip the unchanged, run the rest in parallel, write manifest and index.

    First the statement browser, search and instrument pages are written from the corpus (:func:`write_browser`,
    skipped when the corpus did not change); a failure there is reported like a failed report and does not stop the
    notebooks.

    Args:
        plan: From :func:`plan_reports`.
        jobs: Notebooks run at once (worker processes).
        force: Run every report, changed or not.
        timeout: Seconds a cell may run before the report fails (a hung or dead kernel).
        kernel_name: Jupyter kernel; default :data:`DEFAULT_KERNEL`, installed for this interpreter if needed.
        on_result: Called in this process with each result as it comes (skipped reports first).
        browser: Write the statement browser (``--no-browser`` turns it off).

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
    browser_result = _write_browser(plan, force=force) if browser else None
    manifest_browser = (
        browser_entry(browser_result, plan.corpus_hash)
        if browser_result is not None
        else read_manifest(out_dir).get("browser")
    )

    def record(result: ReportResult, *, write: bool = True) -> None:
        results[result.name] = result
        entries[result.name] = _entry(by_name[result.name], plan, result, previous.get(result.name, {}))
        log.info("%s", result.message)
        if write:  # after each executed report, so an interrupted run still lists what it finished
            _write_outputs(plan, entries, previous_reports, manifest_browser)
        if on_result is not None:
            on_result(result)

    to_run: list[PlannedReport] = []
    for report in plan.reports:
        last_good = last_good_run(previous.get(report.name, {}), report.cache_key, out_dir / f"{report.name}.html")
        if last_good is not None and not force:
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
        _write_outputs(plan, entries, previous_reports, manifest_browser)
    with contextlib.suppress(OSError):
        (out_dir / TEMP_DIR).rmdir()
    return RunSummary(
        results=tuple(results[report.name] for report in plan.reports),
        manifest_path=out_dir / MANIFEST_NAME,
        index_path=out_dir / INDEX_NAME,
        browser=browser_result,
    )


def _write_browser(plan: ReportPlan, *, force: bool) -> BrowserResult:
    """:func:`write_browser` for a plan; any error becomes a failed result (the last good pages stay)."""
    try:
        result = write_browser(plan.corpus_dir, plan.out_dir, corpus_hash=plan.corpus_hash, force=force)
    except Exception as error:  # the notebooks still run; the run's exit status says it failed
        log.error("the statement browser could not be written: %s: %s", type(error).__name__, error)
        return BrowserResult(
            "failed", "", 0, 0, 0, 0.0, f"FAILED the statement browser: {type(error).__name__}: {error}"
        )
    log.info("%s", result.message)
    return result


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
    browser: bool = True,
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
    return run_plan(
        plan, jobs=jobs, force=force, timeout=timeout, kernel_name=kernel_name, on_result=on_result, browser=browser
    )
