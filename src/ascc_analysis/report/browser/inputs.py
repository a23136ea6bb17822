"""Statement browser, inputs: the corpus tables the pages are built from, grouped once per statement.

:class:`BrowserInputs` holds the frames (``documents``, ``paragraphs``, ``body_mentions``, ``instruments``,
``instrument_mentions``, ``instrument_bodies``, ``paragraph_themes``, and ``carry_over``'s paragraph matches) and the
labels of themes and bodies; :class:`Grouped` turns them into plain per-statement / per-paragraph lookups for the page
builders. Pure: frames in, dicts out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import polars as pl

Row = dict[str, Any]


@dataclass(frozen=True)
class BrowserInputs:
    """What the browser pages show.

    Attributes:
        documents: ``documents``.
        paragraphs: ``paragraphs``.
        body_mentions: ``body_mentions``.
        instruments: ``instruments``.
        instrument_mentions: ``instrument_mentions``.
        instrument_bodies: ``instrument_bodies``.
        paragraph_themes: ``paragraph_themes``.
        carry: ``analysis.shifts.carry_over`` of the corpus (``para_id, source_doc_id, source_para_id, similarity,
            is_carried``), or ``None`` to show no sources.
        theme_labels: ``theme_id`` → label.
        body_names: ``body_id`` → full name (registry).
        body_kinds: ``body_id`` → kind (registry: council, ministerial, officials, ...).
    """

    documents: pl.DataFrame
    paragraphs: pl.DataFrame
    body_mentions: pl.DataFrame
    instruments: pl.DataFrame
    instrument_mentions: pl.DataFrame
    instrument_bodies: pl.DataFrame
    paragraph_themes: pl.DataFrame
    carry: pl.DataFrame | None = None
    theme_labels: Mapping[str, str] = field(default_factory=dict)
    body_names: Mapping[str, str] = field(default_factory=dict)
    body_kinds: Mapping[str, str] = field(default_factory=dict)


def _by(frame: pl.DataFrame, key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in frame.iter_rows(named=True):
        grouped[row[key]].append(row)
    return dict(grouped)


class Grouped:
    """The inputs as lookups: statements in reading order, paragraphs per statement, marks per paragraph."""

    def __init__(self, inputs: BrowserInputs) -> None:
        self.inputs = inputs

    @cached_property
    def documents(self) -> list[Row]:
        """Statements ordered by date (or year), meeting body, meeting number and doc_id; undated last."""
        return (
            self.inputs.documents.drop("text")
            .sort(["date", "year", "meeting_body_id", "meeting_no", "doc_id"], nulls_last=True)
            .to_dicts()
        )

    @cached_property
    def document(self) -> dict[str, Row]:
        return {row["doc_id"]: row for row in self.documents}

    @cached_property
    def paragraphs(self) -> dict[str, list[Row]]:
        """doc_id → its paragraph rows (preamble, paragraph, sub_item) in reading order."""
        return _by(self.inputs.paragraphs.sort("doc_id", "seq"), "doc_id")

    @cached_property
    def paragraph(self) -> dict[str, Row]:
        return {row["para_id"]: row for rows in self.paragraphs.values() for row in rows}

    @cached_property
    def body_mentions(self) -> dict[str, list[Row]]:
        return _by(self.inputs.body_mentions.sort("para_id", "char_start", "char_end"), "para_id")

    @cached_property
    def instrument_mentions(self) -> dict[str, list[Row]]:
        return _by(self.inputs.instrument_mentions.sort("para_id", "char_start", "char_end"), "para_id")

    @cached_property
    def themes(self) -> dict[str, list[Row]]:
        return _by(self.inputs.paragraph_themes.sort("para_id", "theme_id"), "para_id")

    @cached_property
    def carried(self) -> dict[str, Row]:
        """para_id → its carry-over row, for carried-over paragraphs only."""
        if self.inputs.carry is None:
            return {}
        rows = self.inputs.carry.filter(pl.col("is_carried") & pl.col("source_para_id").is_not_null())
        return {row["para_id"]: row for row in rows.iter_rows(named=True)}

    @cached_property
    def instrument(self) -> dict[str, Row]:
        return {row["instrument_id"]: row for row in self.inputs.instruments.iter_rows(named=True)}

    @cached_property
    def mentions_by_instrument(self) -> dict[str, list[Row]]:
        """instrument_id → its mentions in statement order (then paragraph order and offset)."""
        order = {row["doc_id"]: index for index, row in enumerate(self.documents)}
        seq = {para_id: row["seq"] for para_id, row in self.paragraph.items()}
        grouped = _by(self.inputs.instrument_mentions, "instrument_id")
        for rows in grouped.values():
            rows.sort(
                key=lambda row: (order.get(row["doc_id"], 1 << 30), seq.get(row["para_id"], 0), row["char_start"])
            )
        return grouped

    @cached_property
    def bodies_by_instrument(self) -> dict[str, list[Row]]:
        return _by(self.inputs.instrument_bodies.sort("para_id", "char_start", "body_id"), "instrument_id")

    def body_name(self, body_id: str | None) -> str:
        if body_id is None:
            return ""
        return self.inputs.body_names.get(body_id, body_id)

    def theme_label(self, theme_id: str) -> str:
        return self.inputs.theme_labels.get(theme_id, theme_id)
