"""Report runner, results: what running the reports gives back (one :class:`ReportResult` per report, a
:class:`RunSummary` per run) and where a notebook failed (:class:`CellError`).

Plain data, shared by the executor (which makes the results), the site writer (which lists them in
``manifest.json`` and ``index.html``) and :func:`ascc_analysis.report.runner.run_plan`; reads and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Status = Literal["ok", "failed", "skipped"]


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
class BrowserResult:
    """What the site step did with the statement browser, search and instrument pages.

    Attributes:
        status: ``ok`` (pages written), ``skipped`` (the corpus did not change since they were written) or ``failed``.
        key: The pages' cache key (corpus hash, package version, page format).
        n_files: Files of the browser.
        n_written: Files written this time (a file whose content did not change is left alone).
        n_removed: Files of an earlier corpus removed (a statement or instrument that is gone).
        duration_s: Seconds taken.
        message: One line for the terminal.
    """

    status: Status
    key: str
    n_files: int
    n_written: int
    n_removed: int
    duration_s: float
    message: str


@dataclass(frozen=True)
class RunSummary:
    """What :func:`run_plan` did.

    Attributes:
        results: One result per planned report, in plan order.
        manifest_path: ``manifest.json``.
        index_path: ``index.html``.
        browser: The statement browser's result (``None`` when it was not asked for).
    """

    results: tuple[ReportResult, ...]
    manifest_path: Path
    index_path: Path
    browser: BrowserResult | None = None

    def count(self, status: Status) -> int:
        """Number of reports with that status."""
        return sum(result.status == status for result in self.results)

    @property
    def failed(self) -> bool:
        """Whether any report, or the statement browser, failed."""
        return self.count("failed") > 0 or (self.browser is not None and self.browser.status == "failed")


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
