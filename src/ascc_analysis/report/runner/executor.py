"""Report runner, executor: run planned notebooks with papermill and turn each into a result.

Makes sure the project's Jupyter kernel exists (:func:`ensure_kernel`), then runs each notebook through papermill
(in parallel worker processes, or in this process for one job) with the project root as working folder and a
per-cell timeout, so a hung or dead kernel fails like any error. A successful run is exported to HTML
(:mod:`.export`) and written by the site writer (:mod:`.site`); a failure is located in the source notebook
(:class:`~ascc_analysis.report.runner.results.CellError`) and its partly executed notebook kept in ``failed/``.
Every report gives a :class:`~ascc_analysis.report.runner.results.ReportResult`; a failure never stops the others.
With the HTML export, the only module that imports papermill.
"""

from __future__ import annotations

import concurrent.futures
import functools
import logging
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ascc_analysis.errors import AsccError, ParameterError
from ascc_analysis.report.params import cell_source, read_notebook
from ascc_analysis.report.runner.export import _ipynb_text, _read_ipynb, export_report
from ascc_analysis.report.runner.results import CellError, ReportResult, _now
from ascc_analysis.report.runner.site import write_failed, write_report

log = logging.getLogger(__name__)

DEFAULT_KERNEL = "ascc-analysis"
KERNEL_DISPLAY_NAME = "Python (ascc-analysis)"
TEMP_DIR = ".tmp"


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


# --- running ------------------------------------------------------------------------------------------------------


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
            write_failed(out_dir, task.name, _ipynb_text(notebook))
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
            page, specs = export_report(executed, name=task.name, show_code=task.show_code, title=task.title)
        except Exception as error:
            return failed(CellError(None, "(HTML export)", type(error).__name__, str(error)), executed)
        write_report(out_dir, task.name, page, _ipynb_text(executed), specs)
        duration = round(time.perf_counter() - start, 2)
        return ReportResult(task.name, "ok", started, duration, f"ran {task.name} in {duration:.1f} s")
    finally:
        papermill_log.setLevel(level)
        temp.unlink(missing_ok=True)


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
