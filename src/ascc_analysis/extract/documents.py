"""Per-statement extraction results: one statement's as Python rows (:class:`DocumentExtraction`), many statements'
as frames (:class:`DocumentRows`, what the build keeps in its columnar cache between builds).

Both hold what extraction finds in a statement alone — body mentions, paragraph themes, priority areas, the
instrument titles found in each paragraph, the capitalised words — and the statement's instrument mentions and
attributions with the corpus acronyms they were found with (:mod:`ascc_analysis.extract` explains why).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from ascc_analysis.schemas import BODY_MENTIONS, INSTRUMENT_BODIES, INSTRUMENT_MENTIONS, PARAGRAPH_THEMES, PRIORITIES

Row = tuple[Any, ...]
# A title the scanner found: start, end, consumed end, acronym, instrument type.
TitleRow = tuple[int, int, int, str | None, str]

RAW_MENTION_SCHEMA = pl.Schema({**INSTRUMENT_MENTIONS.schema, "acronym": pl.String()})

#: The frames of :class:`DocumentRows`, with their schemas. ``details`` holds a statement's titles, words and
#: acronyms as JSON (read only when its instrument rows must be found again); ``title_acronyms`` the acronym and type
#: of each title that defines one, in reading order; ``instrument_mentions`` and ``instrument_bodies`` have
#: ``instrument_id`` null (ids are given over the corpus).
ROW_SCHEMAS: dict[str, pl.Schema] = {
    "details": pl.Schema(
        {"doc_id": pl.String(), "titles": pl.String(), "tokens": pl.String(), "acronyms": pl.String()}
    ),
    "title_acronyms": pl.Schema({"doc_id": pl.String(), "acronym": pl.String(), "kind": pl.String()}),
    "body_mentions": BODY_MENTIONS.schema,
    "paragraph_themes": PARAGRAPH_THEMES.schema,
    "priorities": PRIORITIES.schema,
    "instrument_mentions": RAW_MENTION_SCHEMA,
    "instrument_bodies": INSTRUMENT_BODIES.schema,
}


@dataclass
class DocumentExtraction:
    """What extraction found in one statement, in the tables' column order.

    Attributes:
        body_mentions: ``body_mentions`` rows.
        paragraph_themes: ``paragraph_themes`` rows.
        priorities: ``priorities`` rows.
        titles: For each paragraph and preamble row in reading order, the titles the scanner found in it.
        tokens: The words with a capital letter (candidates for bare acronyms).
        acronyms: The instrument acronyms (acronym → type) known over the corpus that occur in the statement, when
            the fields below were found; ``None`` until then.
        instrument_mentions: ``instrument_mentions`` rows with ``instrument_id`` null and the ``acronym`` last.
        instrument_bodies: ``instrument_bodies`` rows with ``instrument_id`` null.
    """

    body_mentions: list[Row]
    paragraph_themes: list[Row]
    priorities: list[Row]
    titles: list[list[TitleRow]]
    tokens: list[str]
    acronyms: dict[str, str] | None = None
    instrument_mentions: list[Row] | None = None
    instrument_bodies: list[Row] | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (:meth:`from_json` reads it back)."""
        return {
            "body_mentions": self.body_mentions,
            "paragraph_themes": self.paragraph_themes,
            "priorities": self.priorities,
            "titles": self.titles,
            "tokens": self.tokens,
            "acronyms": self.acronyms,
            "instrument_mentions": self.instrument_mentions,
            "instrument_bodies": self.instrument_bodies,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DocumentExtraction:
        """Read what :meth:`to_json` wrote.

        Raises:
            KeyError, TypeError, ValueError: The data is not of that shape.
        """

        def rows(value: Any) -> list[Row]:
            return list(map(tuple, value))

        def maybe_rows(value: Any) -> list[Row] | None:
            return None if value is None else rows(value)

        return cls(
            body_mentions=rows(data["body_mentions"]),
            paragraph_themes=rows(data["paragraph_themes"]),
            priorities=rows(data["priorities"]),
            titles=[[(int(a), int(b), int(c), d, str(e)) for a, b, c, d, e in titles] for titles in data["titles"]],
            tokens=[str(token) for token in data["tokens"]],
            acronyms=None if data["acronyms"] is None else {str(k): str(v) for k, v in data["acronyms"].items()},
            instrument_mentions=maybe_rows(data["instrument_mentions"]),
            instrument_bodies=maybe_rows(data["instrument_bodies"]),
        )


@dataclass(frozen=True)
class DocumentRows:
    """Many statements' :class:`DocumentExtraction`, as frames (:data:`ROW_SCHEMAS`).

    Every frame is sorted by ``doc_id`` and keeps each statement's rows in the order extraction found them (the
    order the corpus tables are assembled in). The instrument rows of every statement were found with the corpus
    acronyms ``acronyms`` (acronym → instrument type): a statement's ``acronyms`` detail is the part of them that can
    occur in it.

    Attributes:
        frames: Name → frame, for each of :data:`ROW_SCHEMAS`.
        acronyms: The corpus acronyms the instrument rows were found with.
    """

    frames: Mapping[str, pl.DataFrame]
    acronyms: Mapping[str, str]

    @property
    def doc_ids(self) -> list[str]:
        """The statements, sorted."""
        return list(self.frames["details"].get_column("doc_id").to_list())

    def restrict(self, doc_ids: Iterable[str]) -> DocumentRows:
        """The rows of these statements only."""
        keep = pl.Series("doc_id", sorted(set(doc_ids)), dtype=pl.String())
        return DocumentRows(
            {name: frame.filter(pl.col("doc_id").is_in(keep.implode())) for name, frame in self.frames.items()},
            self.acronyms,
        )

    def documents(self, doc_ids: Iterable[str]) -> dict[str, DocumentExtraction]:
        """Some statements as :class:`DocumentExtraction` (for the few whose instrument rows are found again)."""
        part = self.restrict(doc_ids)

        def grouped(name: str) -> dict[str, list[Row]]:
            rows: dict[str, list[Row]] = {}
            for row in part.frames[name].iter_rows():
                rows.setdefault(row[0], []).append(row)
            return rows

        bodies, themes, priorities = grouped("body_mentions"), grouped("paragraph_themes"), grouped("priorities")
        mentions, attributions = grouped("instrument_mentions"), grouped("instrument_bodies")
        result: dict[str, DocumentExtraction] = {}
        for doc_id, titles, tokens, acronyms in part.frames["details"].iter_rows():
            result[doc_id] = DocumentExtraction.from_json(
                {
                    "body_mentions": bodies.get(doc_id, []),
                    "paragraph_themes": themes.get(doc_id, []),
                    "priorities": priorities.get(doc_id, []),
                    "titles": json.loads(titles),
                    "tokens": json.loads(tokens),
                    "acronyms": None if acronyms is None else json.loads(acronyms),
                    "instrument_mentions": mentions.get(doc_id, []),
                    "instrument_bodies": attributions.get(doc_id, []),
                }
            )
        return result

    @classmethod
    def from_documents(cls, per_doc: Mapping[str, DocumentExtraction], *, acronyms: Mapping[str, str]) -> DocumentRows:
        """The frames of these statements' results (their instrument fields filled)."""
        doc_ids = sorted(per_doc)
        details = [
            (
                doc_id,
                json.dumps(per_doc[doc_id].titles),
                json.dumps(per_doc[doc_id].tokens),
                None if per_doc[doc_id].acronyms is None else json.dumps(per_doc[doc_id].acronyms, sort_keys=True),
            )
            for doc_id in doc_ids
        ]
        title_acronyms = [
            (doc_id, acronym, kind)
            for doc_id in doc_ids
            for titles in per_doc[doc_id].titles
            for _start, _end, _consumed, acronym, kind in titles
            if acronym is not None
        ]
        frames = {
            "details": frame_of(details, ROW_SCHEMAS["details"]),
            "title_acronyms": frame_of(title_acronyms, ROW_SCHEMAS["title_acronyms"]),
        }
        for name in ("body_mentions", "paragraph_themes", "priorities", "instrument_mentions", "instrument_bodies"):
            rows: list[Row] = [row for doc_id in doc_ids for row in getattr(per_doc[doc_id], name) or []]
            frames[name] = frame_of(rows, ROW_SCHEMAS[name])
        return cls(frames, dict(acronyms))

    @classmethod
    def concat(cls, parts: Sequence[DocumentRows], *, acronyms: Mapping[str, str]) -> DocumentRows:
        """The rows of statements from several parts (no statement in two), sorted by ``doc_id`` as one frame
        each, every statement's rows in their order."""
        frames = {
            name: pl.concat([part.frames[name] for part in parts]).sort("doc_id", maintain_order=True).rechunk()
            for name in ROW_SCHEMAS
        }
        return cls(frames, dict(acronyms))


def frame_of(rows: Sequence[Row], schema: pl.Schema) -> pl.DataFrame:
    """A frame from rows in the schema's column order (column by column: much faster than row by row)."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _name in schema]
    return pl.DataFrame(
        [_series(name, list(values), dtype) for (name, dtype), values in zip(schema.items(), columns, strict=True)],
        schema=schema,
    )


def _series(name: str, values: list[Any], dtype: pl.DataType) -> pl.Series:
    """A column; a list of strings through Arrow (polars makes a Series of every inner list otherwise)."""
    if dtype == pl.List(pl.String()):
        import pyarrow as pa  # type: ignore[import-untyped]

        series = pl.from_arrow(pa.array(values, type=pa.large_list(pa.large_string())))
        assert isinstance(series, pl.Series)
        return series.alias(name).cast(dtype)
    return pl.Series(name, values, dtype=dtype)
