"""Plots, tables and quotes: document text shown as escaped HTML (:func:`table`, :func:`quote`).

A :class:`Table` shows the first rows of a polars frame (statement paragraphs, evidence) with every header, cell
and caption HTML-escaped, long text columns wrapped in full, floats to 4 significant digits and every paragraph it
names (``para_id`` columns, and lists of para_ids such as an ``evidence`` column) linked to its statement page
(``statements/<doc_id>.html#<para_id>``, :func:`~ascc_analysis.report.plots.evidence.paragraph_href`); a :class:`Quote`
shows one paragraph as a blockquote with its ``para_id``. Both render in Jupyter and in the report pages, so a
statement can never inject markup. Pure: no file I/O.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import polars as pl

from ascc_analysis.errors import ParameterError
from ascc_analysis.report.plots.evidence import paragraph_href
from ascc_analysis.report.plots.spec import SIGNIFICANT_DIGITS, _check_columns

_WRAP_STYLE = "white-space: pre-wrap; text-align: left; min-width: 24em; max-width: 60em; vertical-align: top"
_NUMERIC_STYLE = "text-align: right; vertical-align: top; white-space: nowrap"
_TEXT_STYLE = "text-align: left; vertical-align: top"


# ------------------------------------------------------------------------------------------ display objects


@dataclass(frozen=True, eq=False)
class Table:
    """A frame shown as an HTML table in which every header, cell and the caption are escaped.

    Attributes:
        rows: The rows shown (the first ``max_rows`` of the frame given to :func:`table`).
        n_rows: How many rows the frame had.
        caption: The caption, or ``None``.
        wrap: Columns of long text shown in full, wrapped.
        links: Columns of para_ids (or lists of them) shown as links to the paragraphs' statement pages.
    """

    rows: pl.DataFrame
    n_rows: int
    caption: str | None = None
    wrap: tuple[str, ...] = ()
    links: tuple[str, ...] = ()

    @property
    def note(self) -> str | None:
        """``"showing 50 of 1234 rows"`` when rows were left out, ``"no rows"`` for an empty frame, else ``None``."""
        if self.n_rows == 0:
            return "no rows"
        if self.rows.height < self.n_rows:
            return f"showing {self.rows.height} of {self.n_rows} rows"
        return None

    def to_html(self) -> str:
        """The table as an HTML fragment; every text that comes from the data is escaped."""
        numeric = {name for name, dtype in self.rows.schema.items() if dtype.is_numeric()}
        parts = ['<div class="ascc-table" style="overflow-x: auto">', '<table class="ascc-table">']
        if self.caption is not None:
            parts.append(f'<caption style="text-align: left">{_escape(self.caption)}</caption>')
        header = "".join(f'<th scope="col">{_escape(name)}</th>' for name in self.rows.columns)
        parts.append(f"<thead><tr>{header}</tr></thead>")
        parts.append("<tbody>")
        for row in self.rows.iter_rows():
            cells = []
            for name, value in zip(self.rows.columns, row, strict=True):
                if name in self.wrap:
                    attributes = f' class="ascc-wrap" style="{_WRAP_STYLE}"'
                elif name in numeric:
                    attributes = f' style="{_NUMERIC_STYLE}"'
                else:
                    attributes = f' style="{_TEXT_STYLE}"'
                content = _linked(value) if name in self.links else _escape(_cell_text(value))
                cells.append(f"<td{attributes}>{content}</td>")
            parts.append(f"<tr>{''.join(cells)}</tr>")
        parts.append("</tbody></table>")
        if self.note is not None:
            parts.append(f'<p class="ascc-table-note">{_escape(self.note)}</p>')
        parts.append("</div>")
        return "".join(parts)

    def to_text(self) -> str:
        """A plain-text rendering: caption, the rows shown (polars' layout) and the note."""
        lines = [self.caption] if self.caption else []
        lines.append(str(self.rows))
        if self.note is not None:
            lines.append(self.note)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": self.to_text()}


@dataclass(frozen=True)
class Quote:
    """An evidence paragraph shown as an escaped HTML blockquote with its source (a ``para_id``).

    Attributes:
        text: The paragraph text, shown verbatim (line breaks kept).
        source: Where it comes from, usually the ``para_id``.
    """

    text: str
    source: str

    def to_html(self) -> str:
        """The quote as ``<figure><blockquote>…</blockquote><figcaption>…</figcaption></figure>``, escaped."""
        return (
            f'<figure class="ascc-quote" data-para-id="{_escape(self.source)}">'
            f'<blockquote style="white-space: pre-wrap">{_escape(self.text)}</blockquote>'
            f"<figcaption>{_escape(self.source)}</figcaption></figure>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": f"{self.text}\n  ({self.source})"}


# ------------------------------------------------------------------------------------------ tables and quotes


def table(
    frame: pl.DataFrame,
    *,
    caption: str | None = None,
    max_rows: int = 50,
    wrap: Sequence[str] = (),
    links: Sequence[str] | None = None,
) -> Table:
    """Show a frame as an escaped HTML table (for evidence paragraphs and other real statement text).

    Every header and cell is HTML-escaped (list cells joined by ``", "``, floats to 4 significant digits, nulls
    empty); columns in ``wrap`` are shown in full with wrapping; only the first ``max_rows`` rows are shown, with a
    note ``showing 50 of N rows``. (polars' own ``DataFrame._repr_html_`` escapes too, but cuts text cells short.)

    Args:
        frame: The rows to show.
        caption: A caption above the table, or ``None``.
        max_rows: Show at most this many rows (at least 1).
        wrap: Columns of long text to wrap and show in full.
        links: Columns of para_ids, or of lists of para_ids, to link to the paragraphs' statement pages
            (``statements/<doc_id>.html#<para_id>``); by default every text column named ``para_id`` or ending in
            ``_para_id``. Values without a ``/`` (no statement named) stay plain text.

    Returns:
        A :class:`Table` (rendered by Jupyter and by the report exporter).

    Raises:
        ParameterError: ``max_rows`` is below 1 or a ``wrap`` or ``links`` column is not in ``frame``.
    """
    if max_rows < 1:
        raise ParameterError(f"table: max_rows must be at least 1, got {max_rows!r}")
    _check_columns(frame, {f"wrap[{i}]": name for i, name in enumerate(wrap)}, chart="table")
    if links is None:
        links = [
            name
            for name, dtype in frame.schema.items()
            if (name == "para_id" or name.endswith("_para_id")) and dtype == pl.String
        ]
    _check_columns(frame, {f"links[{i}]": name for i, name in enumerate(links)}, chart="table")
    return Table(rows=frame.head(max_rows), n_rows=frame.height, caption=caption, wrap=tuple(wrap), links=tuple(links))


def quote(text: str, *, source: str) -> Quote:
    """Show a paragraph of evidence as an escaped blockquote with its source.

    Args:
        text: The paragraph text (shown verbatim, escaped).
        source: Its ``para_id`` (or another reference), shown under it.

    Returns:
        A :class:`Quote`.
    """
    return Quote(text=text, source=source)


# ------------------------------------------------------------------------------------------ helpers


def _cell_text(value: Any) -> str:
    """A table cell's text: nulls empty, floats to 4 significant digits, lists joined by ``", "``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _format_float(value)
    if isinstance(value, list | tuple):
        return ", ".join(_cell_text(item) for item in value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _format_float(value: float) -> str:
    """Four significant digits in fixed notation (``0.1235``, ``12.35``, ``12346``), scientific below 1e-4."""
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    if magnitude < -4:
        return f"{value:.{SIGNIFICANT_DIGITS - 1}e}"
    decimals = max(0, SIGNIFICANT_DIGITS - 1 - magnitude)
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _linked(value: Any) -> str:
    """A cell of para_ids: each one with a ``/`` as a link to its statement page, escaped; others as text."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_linked(item) for item in value)
    text = _cell_text(value)
    if "/" not in text:
        return _escape(text)
    return f'<a class="ascc-para" href="{_escape(paragraph_href(text))}">{_escape(text)}</a>'


def _escape(text: str) -> str:
    return html.escape(text, quote=True)
