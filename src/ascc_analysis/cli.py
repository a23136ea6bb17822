"""The ``ascc`` command line.

Exit status: 0 success, 1 failure (an expected error, reported in one line without a traceback), 2 usage error.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ascc_analysis import __version__
from ascc_analysis.errors import AsccError

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


def _fail(error: AsccError) -> typer.Exit:
    console.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
    return typer.Exit(code=1)


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
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("reading statements", total=None)

        def advance(path: Path) -> None:
            progress.update(task, advance=1, description=f"reading {path.name}")

        try:
            result = build_corpus(
                raw, out_dir, manifest_path=manifest, strict=strict, demo=True if demo else None, on_file=advance
            )
        except AsccError as error:
            progress.stop()
            raise _fail(error) from None

    if result.problems:
        table = Table(title="Problems", title_justify="left")
        for column in ("file", "severity", "code", "message"):
            table.add_column(column, overflow="fold")
        for problem in result.problems:
            colour = "red" if problem.severity == "error" else "yellow"
            table.add_row(
                problem.source_file,
                f"[{colour}]{problem.severity}[/]",
                problem.code,
                problem.message.removeprefix(f"{problem.source_file}: "),
            )
        console.print(table)
    console.print(
        f"Built {result.n_documents} statement(s), {result.n_paragraphs} paragraphs "
        f"({result.n_parsed} parsed, {result.n_cached} unchanged) into {out_dir}/"
        + (" [yellow](synthetic demo corpus)[/]" if result.used_demo else "")
        + f"; {result.n_errors} file(s) skipped; corpus {str(result.corpus_hash)[:12]}"
    )


def main() -> None:
    """Entry point of the ``ascc`` script."""
    app()
