"""The ``ascc`` command line.

Exit status: 0 success, 1 failure (an expected error, reported in one line without a traceback), 2 usage error.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ascc_analysis import __version__
from ascc_analysis.errors import AsccError

if TYPE_CHECKING:
    import polars as pl

    from ascc_analysis.build import Problem
    from ascc_analysis.locks import LockHolder

app = typer.Typer(
    name="ascc",
    help="Comparative analytics over ASEAN Socio-Cultural Community joint statements.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
out = Console()

DEFAULT_RAW = Path("data/raw")
DEFAULT_PROCESSED = Path("data/processed")


def _version(value: bool) -> None:
    if value:
        out.print(f"ascc-analysis {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=console, show_path=False, show_time=False)],
        force=True,
    )


def _progress() -> Progress:
    """The progress bar every long command shows (description, bar, count, elapsed time; gone when done)."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


WaitOption = Annotated[
    bool,
    typer.Option(
        "--wait/--no-wait",
        help="When another run holds the folder: wait for it (the default) or exit at once with status 1.",
    ),
]
WaitTimeoutOption = Annotated[
    float, typer.Option("--wait-timeout", min=0.0, help="Seconds to wait for another run before giving up.")
]


def _lock(
    folder: Path, *, mode: Literal["exclusive", "shared"] = "exclusive", command: str, wait: bool, timeout: float
) -> AbstractContextManager[None]:
    """The folder's lock (see :mod:`ascc_analysis.locks`), telling the user once when the run has to wait."""
    from ascc_analysis.locks import folder_lock

    def waiting(holder: LockHolder | None) -> None:
        who = holder.describe() if holder is not None else "another run"
        console.print(
            f"[yellow]{folder} is in use by {who}[/]: waiting (up to {timeout:.0f} s; --no-wait to exit)",
            highlight=False,
        )

    return folder_lock(folder, mode=mode, command=command, wait=wait, timeout=timeout, on_wait=waiting)


def _fail(error: AsccError) -> typer.Exit:
    console.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
    return typer.Exit(code=1)


#: Problems shown in the terminal after a build, errors first; every one is in ``build_report.json`` and the
#: ``problems`` table (drawing ten thousand rows takes seconds, and nobody reads them there).
PROBLEM_ROWS = 50


def _print_problems(problems: Sequence[Problem], out_dir: Path) -> None:
    ordered = sorted(problems, key=lambda problem: problem.severity != "error")  # stable: file order within each
    shown, hidden = ordered[:PROBLEM_ROWS], ordered[PROBLEM_ROWS:]
    table = Table(title="Problems", title_justify="left")
    for column in ("file", "severity", "code", "message"):
        table.add_column(column, overflow="fold")
    for problem in shown:
        colour = "red" if problem.severity == "error" else "yellow"
        table.add_row(
            problem.source_file,
            f"[{colour}]{problem.severity}[/]",
            problem.code,
            problem.message.removeprefix(f"{problem.source_file}: "),
        )
    if hidden:
        counts = Counter(f"{problem.severity} {problem.code}" for problem in hidden)
        table.caption = (
            f"and {len(hidden)} more ({', '.join(f'{kind}: {n}' for kind, n in sorted(counts.items()))}); every "
            f"problem is in {out_dir / 'build_report.json'} and the problems table"
        )
        table.caption_justify = "left"
    console.print(table)


@app.command()
def build(
    raw: Annotated[Path, typer.Option("--raw", help="Folder of raw statements (PDF, HTML, text, Word).")] = DEFAULT_RAW,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder of the processed corpus.")] = DEFAULT_PROCESSED,
    manifest: Annotated[
        Path | None, typer.Option("--manifest", help="Source manifest (default: RAW/sources.csv).")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail, writing nothing, on any problem.")] = False,
    demo: Annotated[
        bool, typer.Option("--demo", help="Build the bundled synthetic demo corpus, whatever RAW holds.")
    ] = False,
    wait: WaitOption = True,
    wait_timeout: WaitTimeoutOption = 3600.0,
) -> None:
    """Build the processed corpus from raw statements (the synthetic demo corpus when RAW has none)."""
    from ascc_analysis.build import build_corpus, find_raw_files

    if manifest is not None and not manifest.is_file():
        raise _fail(AsccError(f"{manifest}: manifest not found"))
    n_files = len(find_raw_files(raw))
    if demo or n_files == 0:
        console.print(
            f"[yellow]No statements in {raw}/[/]: building the bundled [bold]synthetic demo corpus[/] "
            "(written by the ascc-analysis developers, not ASEAN documents)."
            if not demo
            else "Building the bundled [bold]synthetic demo corpus[/]."
        )
    with _progress() as progress:
        task = progress.add_task("reading statements", total=None)

        def advance(path: Path) -> None:
            progress.update(task, advance=1, description=f"reading {path.name}")

        try:
            with _lock(out_dir, command="ascc build", wait=wait, timeout=wait_timeout):
                result = build_corpus(
                    raw, out_dir, manifest_path=manifest, strict=strict, demo=True if demo else None, on_file=advance
                )
        except AsccError as error:
            progress.stop()
            raise _fail(error) from None

    if result.problems:
        _print_problems(result.problems, out_dir)
    if result.unchanged:
        console.print(
            f"Unchanged: {result.n_documents} statement(s), {result.n_paragraphs} paragraphs in {out_dir}/ are "
            f"already built from these files; nothing written; corpus {str(result.corpus_hash)[:12]}"
        )
        return
    console.print(
        f"Built {result.n_documents} statement(s), {result.n_paragraphs} paragraphs "
        f"({result.n_parsed} parsed, {result.n_cached} unchanged) into {out_dir}/"
        + (" [yellow](synthetic demo corpus)[/]" if result.used_demo else "")
        + f"; {result.n_errors} file(s) skipped; corpus {str(result.corpus_hash)[:12]}"
    )


DEFAULT_MANIFEST = DEFAULT_RAW / "sources.csv"


def _byte_size(text: str | int) -> int:
    from ascc_analysis.ingest.fetch import parse_byte_size

    if isinstance(text, int):  # the default
        return text
    try:
        return parse_byte_size(text)
    except AsccError as error:
        raise typer.BadParameter(str(error)) from None


def _body_year(meetings: dict[str, tuple[str, int | None]], source_id: str) -> tuple[str, int]:
    body, year = meetings.get(source_id, ("", None))
    return body, year if year is not None else 0


@app.command()
def fetch(
    raw: Annotated[Path, typer.Option("--raw", help="Folder the statements are downloaded to.")] = DEFAULT_RAW,
    manifest: Annotated[
        Path, typer.Option("--manifest", help="Source manifest listing the statements' urls.")
    ] = DEFAULT_MANIFEST,
    only: Annotated[list[str] | None, typer.Option("--only", help="Fetch only this source_id (repeatable).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be fetched; write nothing.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit with status 1 when any source fails.")] = False,
    delay: Annotated[float, typer.Option("--delay", help="Seconds between requests.")] = 1.0,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for a server.")] = 30.0,
    retries: Annotated[int, typer.Option("--retries", help="Retries on connection errors, timeouts, 5xx, 429.")] = 3,
    max_bytes: Annotated[
        int,
        typer.Option(
            "--max-bytes",
            parser=_byte_size,
            metavar="SIZE",
            show_default="50MB",
            help="Largest download accepted (50MB, 512KiB, 1000000).",
        ),
    ] = 50_000_000,
) -> None:
    """Download the statements the source manifest lists (rows with a url) into the raw folder."""
    from ascc_analysis.ingest.fetch import fetch_sources

    try:
        results = fetch_sources(
            manifest,
            raw,
            only=only or (),
            dry_run=dry_run,
            delay=delay,
            timeout=timeout,
            retries=retries,
            max_bytes=max_bytes,
        )
    except AsccError as error:
        raise _fail(error) from None
    from ascc_analysis.ingest.manifest import read_manifest

    meetings = {
        row["source_id"]: (row["meeting_body_id"] or "", row["date"].year if row["date"] else None)
        for row in read_manifest(manifest).iter_rows(named=True)
    }
    if dry_run:  # what it would get, by body and year
        results = sorted(results, key=lambda result: (*_body_year(meetings, result.source_id), result.source_id))
    colours = {"fetched": "green", "news": "magenta", "skipped": "cyan", "failed": "red", "planned": "yellow"}
    table = Table(title="Dry run: nothing written" if dry_run else "Fetch", title_justify="left")
    for column in ("body", "year", "source_id", "status", "file", "size", "reason"):
        table.add_column(column, overflow="fold", justify="right" if column == "size" else "left")
    for result in results:
        body, year = meetings.get(result.source_id, ("", None))
        table.add_row(
            body,
            "" if year is None else str(year),
            result.source_id,
            f"[{colours[result.status]}]{result.status}[/]",
            result.file or "",
            f"{result.size:,}" if result.size is not None else "",
            result.reason or "",
        )
    console.print(table)
    if dry_run and results:
        by_body: dict[str, int] = {}
        by_year: dict[str, int] = {}
        for result in results:
            if result.status == "planned":
                body, year = meetings.get(result.source_id, ("", None))
                by_body[body] = by_body.get(body, 0) + 1
                by_year[str(year or "undated")] = by_year.get(str(year or "undated"), 0) + 1
        console.print("Would fetch by body: " + (", ".join(f"{b} {n}" for b, n in by_body.items()) or "none"))
        console.print("Would fetch by year: " + (", ".join(f"{y} {n}" for y, n in sorted(by_year.items())) or "none"))
    counts = {status: sum(result.status == status for result in results) for status in colours}
    console.print(", ".join(f"{n} {status}" for status, n in counts.items() if n) or "Nothing to fetch.")
    if strict and counts["failed"]:
        raise typer.Exit(code=1)


@app.command()
def add(
    files: Annotated[list[Path], typer.Argument(help="Your statement files (PDF, HTML, text or Word).")],
    body: Annotated[
        str | None,
        typer.Option(
            "--body",
            help="Registry id of the meeting body (ASCC, ALMM, ...); one file only. Without it, each file's "
            "meeting is read from its text and matched to a manifest row.",
        ),
    ] = None,
    meeting: Annotated[int | None, typer.Option("--meeting", help="The meeting's number (32 for the 32nd).")] = None,
    date: Annotated[str | None, typer.Option("--date", help="The meeting's date (2024-09-26).")] = None,
    venue_city: Annotated[str | None, typer.Option("--venue-city", help="City of the meeting.")] = None,
    venue_country: Annotated[str | None, typer.Option("--venue-country", help="Country of the meeting.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="The statement's official page.")] = None,
    raw: Annotated[Path, typer.Option("--raw", help="Folder of raw statements.")] = DEFAULT_RAW,
    manifest: Annotated[Path, typer.Option("--manifest", help="Source manifest.")] = DEFAULT_MANIFEST,
) -> None:
    """Copy your own statement files into the raw folder and record them in the source manifest.

    With --body (one file): the meeting is the one you give. Without it (any number of files): each file is read,
    the meeting its text names is matched to one manifest row (body and number, or date), and the file is added
    to it; a file that matches no row or several is refused, naming the candidates. Exit status 1 when a file is
    refused.
    """
    from rich.markup import escape

    from ascc_analysis.ingest.fetch import add_statement, match_meeting
    from ascc_analysis.ingest.manifest import read_manifest

    describing = {"--meeting": meeting, "--date": date, "--venue-city": venue_city, "--venue-country": venue_country}
    given = [name for name, value in (*describing.items(), ("--url", url)) if value is not None]
    if body is None and given:
        raise typer.BadParameter(f"{', '.join(given)} describe(s) one meeting and need(s) --body", param_hint="--body")
    if body is not None and len(files) > 1:
        raise typer.BadParameter(
            f"--body describes one meeting but {len(files)} files were given; add them one at a time, or leave "
            "--body out to read each file's meeting from its text",
            param_hint="--body",
        )
    added: list[tuple[Path, dict[str, object]]] = []
    refused: list[tuple[Path, str]] = []
    for file in files:
        try:
            if body is not None:
                source_id = add_statement(
                    file,
                    raw_dir=raw,
                    manifest_path=manifest,
                    meeting_body_id=body,
                    meeting_no=meeting,
                    date=date,
                    venue_city=venue_city,
                    venue_country=venue_country,
                    url=url,
                )
            else:
                from ascc_analysis.build import parse_file
                from ascc_analysis.registry import load_registry

                parsed = parse_file(file, source_file=file.name, registry=load_registry())
                row = match_meeting(read_manifest(manifest), parsed.metadata, file=file)
                source_id = add_statement(file, raw_dir=raw, manifest_path=manifest, source_id=str(row["source_id"]))
            added.append((file, read_manifest(manifest).filter(source_id=source_id).row(0, named=True)))
        except AsccError as error:
            if body is not None:
                raise _fail(error) from None
            refused.append((file, str(error)))
    if added:
        table = Table(title=f"Added {len(added)} file(s)", title_justify="left")
        for column in ("file", "source_id", "meeting", "date", "raw file"):
            table.add_column(column, overflow="fold")
        for file, row in added:
            meeting_name = f"{row['meeting_body_id']} {row['meeting_no'] or ''}".strip()
            table.add_row(file.name, str(row["source_id"]), meeting_name, str(row["date"] or ""), str(row["file"]))
        console.print(table)
    for _, message in refused:
        console.print(f"[bold red]refused:[/] {escape(message)}", highlight=False, soft_wrap=True)
    if refused:
        console.print(f"{len(added)} added, {len(refused)} refused", highlight=False)
        raise typer.Exit(code=1)


sources_app = typer.Typer(
    name="sources",
    help="The source manifest (data/raw/sources.csv) and its addresses (source_urls.csv).",
    no_args_is_help=True,
)
app.add_typer(sources_app)


def _coverage_table(coverage: pl.DataFrame, *, by: str, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    headers = {
        by: "body" if by == "meeting_body_id" else "year",
        "n_meetings": "meetings",
        "n_official_url": "official url",
        "n_news_only": "news only",
        "n_no_url": "no url",
        "n_files": "files",
        "share_official_url": "share official",
    }
    for column, header in headers.items():
        table.add_column(header, justify="left" if column == by else "right")
    rows = coverage.rows(named=True)
    for row in rows:
        is_total = row[by] is None and row is rows[-1]
        label = "total" if is_total else ("undated" if row[by] is None else str(row[by]))
        cells = [label, *(str(row[column]) for column in list(headers)[1:-1]), f"{row['share_official_url']:.0%}"]
        table.add_row(
            *cells, style="bold" if is_total else None, end_section=rows[-2] is row if len(rows) > 1 else False
        )
    return table


@sources_app.command("check")
def sources_check(
    manifest: Annotated[Path, typer.Option("--manifest", help="Source manifest.")] = DEFAULT_MANIFEST,
    source_urls: Annotated[
        Path | None, typer.Option("--source-urls", help="Its addresses (default: source_urls.csv beside it).")
    ] = None,
    show_warnings: Annotated[
        bool, typer.Option("--warnings/--no-warnings", help="List the warnings (rows with no url, ...) one by one.")
    ] = True,
) -> None:
    """Check the manifest and print its coverage by body and by year; exit 1 when it holds an error.

    Errors: malformed values and dates, unknown bodies, a meeting in two rows. Warnings: rows with no official
    url, urls missing from source_urls.csv, addresses of rows the manifest lacks.
    """
    import polars as pl

    from ascc_analysis.ingest.source_checks import check_sources, coverage_by, source_coverage

    try:
        result = check_sources(manifest, source_urls_path=source_urls)
    except AsccError as error:
        raise _fail(error) from None
    issues = result.issues if show_warnings else result.issues.filter(pl.col("severity") == "error")
    if issues.height:
        table = Table(title=f"Problems in {manifest}", title_justify="left")
        for column in ("source_id", "severity", "code", "message"):
            table.add_column(column, overflow="fold")
        for row in issues.iter_rows(named=True):
            colour = "red" if row["severity"] == "error" else "yellow"
            table.add_row(row["source_id"] or "", f"[{colour}]{row['severity']}[/]", row["code"], row["message"])
        out.print(table)
    if result.manifest is not None:
        coverage = source_coverage(result.manifest, result.source_urls)
        out.print(_coverage_table(coverage_by(coverage, by="meeting_body_id"), by="meeting_body_id", title="By body"))
        out.print(_coverage_table(coverage_by(coverage, by="year"), by="year", title="By year"))
    counts = result.issues.group_by("code").len().sort("code")
    summary = ", ".join(f"{n} {code}" for code, n in counts.iter_rows()) or "no problems"
    n_errors = result.n_errors
    colour = "red" if n_errors else "green"
    out.print(f"[{colour}]{n_errors} error(s)[/]; {summary}", highlight=False)
    if n_errors:
        raise typer.Exit(code=1)


@app.command()
def evaluate(
    gold: Annotated[
        list[Path], typer.Argument(help="Gold YAML files or folders of them (see tests/gold/GUIDELINES.md).")
    ],
    source_dir: Annotated[
        list[Path] | None,
        typer.Option("--source-dir", help="Where to look for the annotated statements (repeatable)."),
    ] = None,
    mismatches: Annotated[int, typer.Option("--mismatches", help="How many mismatches to list per file.")] = 20,
    drop_header_lines: Annotated[
        bool,
        typer.Option(
            "--drop-header-lines",
            help="Drop lines starting with '# ' from text statements before building (the source notes of the "
            "shared excerpts); the files themselves are not changed.",
        ),
    ] = False,
) -> None:
    """Score instrument, body and metadata extraction against hand-made gold annotations."""
    from ascc_analysis.evaluate import combine_scores, evaluate_golds, find_source, format_scores, read_gold
    from ascc_analysis.ingest.demo import demo_dir

    try:
        paths = sorted({child for path in gold for child in (sorted(path.glob("*.yaml")) if path.is_dir() else [path])})
        if not paths:
            raise AsccError(f"no gold files in {', '.join(map(str, gold))}")
        golds, sources = [], []
        for path in paths:
            if not path.is_file():
                raise AsccError(f"{path}: gold file not found")
            gold_file = read_gold(path)
            folders = [
                *(source_dir or []),
                path.parent,
                Path("../shared/corpus"),
                Path("../shared/corpus/excerpts"),
                demo_dir(),
            ]
            golds.append(gold_file)
            sources.append(find_source(gold_file, source_dirs=folders))
        all_scores = evaluate_golds(golds, sources=sources, drop_headers=drop_header_lines)
        for path, scores in zip(paths, all_scores, strict=True):
            out.print(
                format_scores(scores, name=path.name, max_mismatches=mismatches),
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
        if len(all_scores) > 1:
            out.print(
                format_scores(combine_scores(all_scores), name=f"all {len(all_scores)} files", max_mismatches=0),
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
    except AsccError as error:
        raise _fail(error) from None


@app.command()
def report(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Reports to run: names or patterns from the params file (overview, 'statement-*'), or notebooks "
            "(05_statement_profile.ipynb, run once as an ad-hoc report). Default: every report.",
            show_default=False,
        ),
    ] = None,
    corpus: Annotated[Path, typer.Option("--corpus", help="The processed corpus.")] = DEFAULT_PROCESSED,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder of the HTML reports.")] = Path("reports"),
    params_file: Annotated[
        Path, typer.Option("--params-file", help="YAML file of named reports and their parameters.")
    ] = Path("notebooks/reports.yaml"),
    assignments: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a parameter: name=value, value read as YAML (repeatable).", metavar="K=V"),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Notebooks run at once.")] = 2,
    force: Annotated[bool, typer.Option("--force", help="Run every report, even those unchanged.")] = False,
    show_code: Annotated[bool, typer.Option("--show-code", help="Keep the code cells in the HTML.")] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.001, help="Seconds a cell may run before its report fails.")
    ] = 600.0,
    kernel: Annotated[
        str | None, typer.Option("--kernel", help="Jupyter kernel (default: the project's, installed if needed).")
    ] = None,
    browser: Annotated[
        bool,
        typer.Option(
            "--browser/--no-browser",
            help="Write the statement browser, search and instrument pages from the corpus (skipped when unchanged).",
        ),
    ] = True,
    wait: WaitOption = True,
    wait_timeout: WaitTimeoutOption = 3600.0,
) -> None:
    """Run the notebooks and publish them as HTML (skipping those whose inputs did not change)."""
    from rich.markup import escape

    from ascc_analysis.errors import ParameterError
    from ascc_analysis.report.runner import ReportResult, plan_reports, run_plan

    with ExitStack() as locks:
        try:
            # One run writes the site at a time, and reads the corpus while no build writes it; both locks are
            # taken before planning, so the plan sees the corpus the run reads.
            locks.enter_context(_lock(out_dir, command="ascc report", wait=wait, timeout=wait_timeout))
            if corpus.is_dir():
                locks.enter_context(
                    _lock(corpus, mode="shared", command="ascc report", wait=wait, timeout=wait_timeout)
                )
            plan = plan_reports(
                corpus,
                out_dir,
                reports_file=params_file,
                names=names or (),
                assignments=assignments or (),
                show_code=show_code,
            )
        except ParameterError as error:
            console.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
            raise typer.Exit(code=2) from None
        except AsccError as error:
            raise _fail(error) from None
        styles = {"ok": "green", "skipped": "dim", "failed": "bold red"}
        with _progress() as progress:
            task = progress.add_task("running reports", total=len(plan.reports))

            def show(result: ReportResult) -> None:
                progress.console.print(f"[{styles[result.status]}]{escape(result.message)}[/]", highlight=False)
                progress.advance(task)

            try:
                summary = run_plan(
                    plan, jobs=jobs, force=force, timeout=timeout, kernel_name=kernel, on_result=show, browser=browser
                )
            except ParameterError as error:
                progress.stop()
                console.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
                raise typer.Exit(code=2) from None
            except AsccError as error:
                progress.stop()
                raise _fail(error) from None
    if summary.browser is not None:
        style = {"ok": "green", "skipped": "dim", "failed": "bold red"}[summary.browser.status]
        console.print(f"[{style}]{escape(summary.browser.message)}[/]", highlight=False)
    counts = f"{summary.count('ok')} ran, {summary.count('skipped')} skipped, {summary.count('failed')} failed"
    console.print(f"{counts} → {summary.index_path}", highlight=False)
    if summary.failed:
        raise typer.Exit(code=1)


def main() -> None:
    """Entry point of the ``ascc`` script."""
    app()


if __name__ == "__main__":
    main()
