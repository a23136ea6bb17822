"""The processed corpus as one object, for the notebooks: every table, its hash, and a year/body focus.

Notebooks take paths relative to the project (``data/processed``), whatever folder the kernel was started in
(JupyterLab starts it in ``notebooks/``, the report runner in the project root): :func:`resolve_path` finds the
project root by walking up to the ``pyproject.toml`` of ascc-analysis.

Per-year trends weigh every statement of a year alike, so they should be computed from whole outcome statements
only: :meth:`Corpus.for_trends` keeps the complete statements and sets aside partial texts (excerpts), landing pages
and media releases (which report a meeting in a few paragraphs); :func:`trend_exclusions` says which documents it
sets aside and why. The topic-trend and priority-shift notebooks load their corpus through it.

When no corpus has been built yet, :func:`load_corpus` builds the bundled synthetic demo corpus into a cache folder
outside the project (never into ``data/processed``), so a notebook opened in JupyterLab on a fresh checkout runs
top to bottom and says that it shows the demo.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from ascc_analysis import __version__
from ascc_analysis.catalog import CORPUS_MANIFEST, CorpusNotFoundError, corpus_hash, read_build_report, read_table
from ascc_analysis.errors import ParameterError, require_columns

log = logging.getLogger(__name__)

PROJECT_NAME = "ascc-analysis"

CORPUS_TABLES: tuple[str, ...] = (
    "documents",
    "paragraphs",
    "problems",
    "body_mentions",
    "instruments",
    "instrument_mentions",
    "instrument_bodies",
    "priorities",
    "paragraph_themes",
)
"""The tables a :class:`Corpus` holds (every table of :data:`ascc_analysis.schemas.TABLES`)."""

_BY_DOCUMENT: tuple[str, ...] = (
    "paragraphs",
    "body_mentions",
    "instrument_mentions",
    "instrument_bodies",
    "priorities",
    "paragraph_themes",
)


TREND_EXCLUDED_KINDS: tuple[str, ...] = ("media_release",)
"""Document kinds that are not a meeting's own statement (``documents.document_kind``): left out of per-year trends."""
TREND_EXCLUSION_REASONS: tuple[str, ...] = ("partial", "landing_page", "media_release")
"""Why :meth:`Corpus.for_trends` sets a document aside, in the order checked: an incomplete text, then its kind."""


def trend_exclusions(documents: pl.DataFrame) -> pl.DataFrame:
    """The documents that per-year trends leave out, and why.

    A document is set aside when its ``completeness`` is ``partial`` (an excerpt, a text cut short) or
    ``landing_page`` (a page pointing to the statement), or when its ``document_kind`` is one of
    :data:`TREND_EXCLUDED_KINDS` (a media release). Complete statements of any other kind (joint statements,
    chairman's statements, leaders' statements, declarations, and texts of unknown kind) are kept, as are rows of a
    corpus built before the two columns existed (null values).

    Args:
        documents: The ``documents`` table (at least ``doc_id`` and ``year``; ``completeness`` and
            ``document_kind`` where the corpus has them).

    Returns:
        ``doc_id, year, document_kind, completeness, reason`` (one of :data:`TREND_EXCLUSION_REASONS`), one row per
        document set aside, sorted by year and doc_id.
    """
    require_columns(documents, ("doc_id", "year"), table="documents")
    frame = documents.select(
        "doc_id",
        "year",
        (pl.col("document_kind") if "document_kind" in documents.columns else pl.lit(None, pl.String)).alias(
            "document_kind"
        ),
        (pl.col("completeness") if "completeness" in documents.columns else pl.lit(None, pl.String)).alias(
            "completeness"
        ),
    )
    reason = (
        pl.when(pl.col("completeness").is_in(["partial", "landing_page"]))
        .then(pl.col("completeness"))
        .when(pl.col("document_kind").is_in(list(TREND_EXCLUDED_KINDS)))
        .then(pl.col("document_kind"))
    )
    return (
        frame.with_columns(reason=reason)
        .filter(pl.col("reason").is_not_null())
        .sort("year", "doc_id", nulls_last=False)
    )


def project_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: the working folder) holding ascc-analysis' pyproject.toml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and f'name = "{PROJECT_NAME}"' in pyproject.read_text(encoding="utf-8"):
            return folder
    return None


def resolve_path(path: str | Path, *, start: Path | None = None) -> Path:
    """Resolve a path given relative to the project root (the working folder when outside the project)."""
    candidate = Path(path).expanduser()
    if candidate.is_absolute():
        return candidate
    root = project_root(start)
    return (root or (start or Path.cwd())) / candidate


@dataclass(frozen=True)
class Corpus:
    """A processed corpus held in memory.

    Attributes:
        path: The corpus folder.
        corpus_hash: The content hash of the whole folder (``corpus.json``), before any :meth:`focus`.
        is_demo: The bundled synthetic demo corpus was loaded because none had been built.
        tables: Table name to frame (:data:`CORPUS_TABLES`).
        build_report: The ``build_report.json`` of the build.
        years: The focus ``(first, last)`` year, inclusive, or ``None`` for all years.
        bodies: The meeting bodies focused on (registry ids), empty for all.
        set_aside: The documents :meth:`for_trends` left out (:func:`trend_exclusions`), or ``None`` when the corpus
            was not cut for trends.
    """

    path: Path
    corpus_hash: str
    is_demo: bool
    tables: dict[str, pl.DataFrame] = field(repr=False)
    build_report: dict[str, Any] = field(repr=False)
    years: tuple[int, int] | None = None
    bodies: tuple[str, ...] = ()
    set_aside: pl.DataFrame | None = field(default=None, repr=False)

    @property
    def documents(self) -> pl.DataFrame:
        """The ``documents`` table (statements in focus)."""
        return self.tables["documents"]

    @property
    def paragraphs(self) -> pl.DataFrame:
        """The ``paragraphs`` table (paragraphs in focus)."""
        return self.tables["paragraphs"]

    @property
    def problems(self) -> pl.DataFrame:
        """The ``problems`` table (build problems in focus)."""
        return self.tables["problems"]

    @property
    def body_mentions(self) -> pl.DataFrame:
        """The ``body_mentions`` table (body mentions in focus)."""
        return self.tables["body_mentions"]

    @property
    def instruments(self) -> pl.DataFrame:
        """The ``instruments`` table (instruments in focus)."""
        return self.tables["instruments"]

    @property
    def instrument_mentions(self) -> pl.DataFrame:
        """The ``instrument_mentions`` table (instrument mentions in focus)."""
        return self.tables["instrument_mentions"]

    @property
    def instrument_bodies(self) -> pl.DataFrame:
        """The ``instrument_bodies`` table (instrument–body links in focus)."""
        return self.tables["instrument_bodies"]

    @property
    def priorities(self) -> pl.DataFrame:
        """The ``priorities`` table (chairmanship priorities in focus)."""
        return self.tables["priorities"]

    @property
    def paragraph_themes(self) -> pl.DataFrame:
        """The ``paragraph_themes`` table (paragraph theme tags in focus)."""
        return self.tables["paragraph_themes"]

    @property
    def all_years(self) -> tuple[int, ...]:
        """The years with at least one dated statement in focus, in order."""
        return tuple(sorted(self.documents.get_column("year").drop_nulls().unique().to_list()))

    def focus(
        self,
        *,
        year_from: int | None = None,
        year_to: int | None = None,
        bodies: list[str] | tuple[str, ...] = (),
    ) -> Corpus:
        """The statements of a year range and of some meeting bodies, with every table cut to them.

        Args:
            year_from: First year kept (inclusive); ``None`` or 0 for the earliest.
            year_to: Last year kept (inclusive); ``None`` or 0 for the latest.
            bodies: Meeting bodies kept (registry ids such as ``"ASCC"``, ``"ALMM"``); empty for all.

        Raises:
            ParameterError: The range is reversed, a body is not in the corpus, or nothing is left.
        """
        documents = self.documents
        first = year_from or None
        last = year_to or None
        if first is not None and last is not None and first > last:
            raise ParameterError(f"year_from={first} is after year_to={last}: give a range with year_from <= year_to")
        known = sorted(documents.get_column("meeting_body_id").drop_nulls().unique().to_list())
        unknown = sorted(set(bodies) - set(known))
        if unknown:
            raise ParameterError(f"bodies {unknown} have no statement in {self.path}; the corpus has {known}")
        kept = documents
        if first is not None:
            kept = kept.filter(pl.col("year") >= first)
        if last is not None:
            kept = kept.filter(pl.col("year") <= last)
        if bodies:
            kept = kept.filter(pl.col("meeting_body_id").is_in(list(bodies)))
        if kept.is_empty():
            raise ParameterError(
                f"no statement in {self.path} for years {first or 'earliest'}–{last or 'latest'}"
                + (f" and bodies {list(bodies)}" if bodies else "")
                + f"; the corpus covers {self.all_years[0] if self.all_years else '?'}–"
                f"{self.all_years[-1] if self.all_years else '?'}"
            )
        return replace(self._cut(kept), bodies=tuple(bodies))

    def for_trends(self, *, complete_only: bool = True) -> Corpus:
        """The statements that per-year trends should weigh: complete outcome statements, every table cut to them.

        A year's share or count treats each statement alike, so a two-paragraph press release or an excerpt would
        weigh like a whole joint statement. By default partial texts, landing pages and media releases are set
        aside (:func:`trend_exclusions`); :attr:`set_aside` lists them, to report how many each year lost.

        Args:
            complete_only: ``False`` keeps every document (``set_aside`` is then empty).

        Returns:
            The corpus cut to the statements kept, with :attr:`set_aside` filled in.

        Raises:
            ParameterError: No complete statement is left (the message says how many documents were set aside and
                that ``complete_only=False`` keeps them).
        """
        documents = self.documents
        excluded = trend_exclusions(documents)
        if not complete_only:
            return replace(self, set_aside=excluded.clear())
        kept = documents.filter(~pl.col("doc_id").is_in(excluded.get_column("doc_id").implode()))
        if kept.is_empty():
            raise ParameterError(
                f"no complete statement in {self.path} for per-year trends: all {documents.height} documents in focus "
                "are partial texts, landing pages or media releases; pass complete_only=False to use them anyway"
            )
        return replace(self._cut(kept), set_aside=excluded)

    def _cut(self, kept: pl.DataFrame) -> Corpus:
        """This corpus with ``documents`` replaced by ``kept`` and every per-document table cut to it."""
        doc_ids = kept.get_column("doc_id")
        tables = dict(self.tables)
        tables["documents"] = kept
        for name in _BY_DOCUMENT:
            tables[name] = self.tables[name].filter(pl.col("doc_id").is_in(doc_ids.implode()))
        years = kept.get_column("year").drop_nulls().to_list()
        span = (min(years), max(years)) if years else None
        return replace(self, tables=tables, years=span)

    def statement_id(self, doc_id: str = "") -> str:
        """The id of a statement in focus: ``doc_id`` itself, or the latest statement when it is empty.

        Raises:
            ParameterError: ``doc_id`` is not a statement of the corpus in focus.
        """
        documents = self.documents
        if not doc_id:
            latest = documents.sort("date", "doc_id", nulls_last=False).tail(1)
            return str(latest.item(0, "doc_id"))
        if doc_id not in set(documents.get_column("doc_id")):
            known = documents.get_column("doc_id").sort().to_list()
            shown = ", ".join(known[:8]) + (" …" if len(known) > 8 else "")
            raise ParameterError(f"doc_id={doc_id!r} is not a statement of {self.path}; it has {shown}")
        return doc_id

    def history(self, doc_id: str) -> Corpus:
        """The statement and every statement of the same or an earlier year: what a profile compares it with.

        A statement profile reads only this slice, so adding a later statement leaves earlier profiles unchanged
        (the report runner keys profiles on the same slice).

        Raises:
            ParameterError: ``doc_id`` is not a statement of the corpus in focus, or has no year.
        """
        doc_id = self.statement_id(doc_id)
        year = self.documents.filter(pl.col("doc_id") == doc_id).item(0, "year")
        if year is None:
            raise ParameterError(f"statement {doc_id!r} has no year, so it cannot be placed against earlier ones")
        return self.focus(year_from=self.years[0] if self.years else None, year_to=int(year), bodies=self.bodies)

    def summary(self) -> pl.DataFrame:
        """One row describing the corpus: statements, paragraphs, years, hash, demo or not."""
        years = self.all_years
        return pl.DataFrame(
            {
                "corpus": [str(self.path)],
                "statements": [self.documents.height],
                "paragraphs": [self.paragraphs.height],
                "first_year": [years[0] if years else None],
                "last_year": [years[-1] if years else None],
                "corpus_hash": [self.corpus_hash[:12]],
                "synthetic_demo": [self.is_demo],
            }
        )


def _demo_dir() -> Path:
    from ascc_analysis.build import parser_fingerprint

    return Path(tempfile.gettempdir()) / f"ascc-analysis-demo-{__version__}-{parser_fingerprint()[:12]}"


def _build_demo() -> Path:
    from ascc_analysis.build import build_corpus

    out = _demo_dir()
    if not (out / CORPUS_MANIFEST).is_file():
        with tempfile.TemporaryDirectory() as empty:
            build_corpus(Path(empty), out, demo=True)
    return out


def load_corpus(corpus_dir: str | Path = "data/processed", *, demo_fallback: bool = True) -> Corpus:
    """Load every table of a processed corpus.

    Args:
        corpus_dir: The corpus folder, relative to the project root or absolute.
        demo_fallback: When the folder holds no built corpus, load the synthetic demo corpus instead (built once
            into a cache folder in the system's temporary folder) and log a warning.

    Raises:
        CorpusNotFoundError: No corpus in the folder and ``demo_fallback`` is false.
        SchemaError: A table does not match its schema or its recorded hash.
    """
    path = resolve_path(corpus_dir)
    is_demo = False
    if not (path / CORPUS_MANIFEST).is_file():
        if not demo_fallback:
            raise CorpusNotFoundError(
                f"{path}: no processed corpus here (no {CORPUS_MANIFEST}); run `ascc build` first"
            )
        log.warning("%s holds no processed corpus: showing the bundled synthetic demo corpus", path)
        path = _build_demo()
        is_demo = True
    tables = {name: read_table(path, name) for name in CORPUS_TABLES}
    report = read_build_report(path)
    documents = tables["documents"]
    is_demo = is_demo or (documents.height > 0 and bool(documents.get_column("is_synthetic").all()))
    return Corpus(path=path, corpus_hash=corpus_hash(path), is_demo=is_demo, tables=tables, build_report=report)
