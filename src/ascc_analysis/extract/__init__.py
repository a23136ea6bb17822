"""Extraction stage: paragraphs → bodies, instruments, attributions, priorities and themes.

Runs the extractors over the whole corpus and returns the tables ``body_mentions``, ``instruments``,
``instrument_mentions``, ``instrument_bodies``, ``priorities`` and ``paragraph_themes`` (see
:mod:`ascc_analysis.schemas`). Each extractor is a pure function of the tables before it.

Most of the work depends on one statement alone, so it is done per document and can be kept between builds
(:class:`DocumentExtraction`; the build caches it next to the parse, see :mod:`ascc_analysis.build`):

* body mentions, paragraph themes and priority areas: one paragraph, or one statement with its year and chair;
* the instrument titles that the title scanner finds in each paragraph.

What crosses documents is recomputed on every build from those per-document rows:

* the acronyms that instruments define over the corpus (a bare "the ADRCF" is a mention wherever "(ADRCF)" was
  defined). A document's instrument mentions, statuses and attributions depend on them only through the acronyms
  that occur in it, so they are kept with that set (:attr:`DocumentExtraction.acronyms`) and found again only when
  it changes;
* canonical instrument ids, with first and last years and variants (:func:`canonicalise_instruments`), which pool
  the mentions of one instrument across statements; the ids are filled into the kept attributions.

:func:`extract_corpus` gives the same tables as running the extractors over the whole corpus at once
(``tests/extract/test_extract_incremental.py`` checks it), whichever documents come from a cache.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ascc_analysis.extract.instruments import (
    attribute_instruments,
    canonicalise_instruments,
    load_instrument_rules,
)
from ascc_analysis.extract.instruments.canonical import _DEFAULT_MIN_RATIO, _canonicalise
from ascc_analysis.extract.instruments.matcher import _matcher
from ascc_analysis.extract.instruments.status import _statuses
from ascc_analysis.extract.instruments.titles import _bare_acronyms, _Found, _TitleScanner
from ascc_analysis.extract.mentions import _compile, _find
from ascc_analysis.extract.priorities import extract_priorities
from ascc_analysis.extract.themes import tag_paragraphs
from ascc_analysis.ingest.manifest import read_chairmanships
from ascc_analysis.registry import Registry
from ascc_analysis.schemas import (
    BODY_MENTIONS,
    INSTRUMENT_BODIES,
    INSTRUMENT_MENTIONS,
    PARAGRAPH_THEMES,
    PRIORITIES,
    TableSpec,
    validate,
)

log = logging.getLogger(__name__)

__all__ = ["DocumentExtraction", "ExtractionResult", "extract_all", "extract_corpus", "extract_documents"]

Row = tuple[Any, ...]
# A title the scanner found: start, end, consumed end, acronym, instrument type.
TitleRow = tuple[int, int, int, str | None, str]

_RAW_MENTION_SCHEMA = pl.Schema({**INSTRUMENT_MENTIONS.schema, "acronym": pl.String()})
# Words an acronym can be: a bare acronym is matched only as a whole run of word characters and hyphens.
_TOKEN = re.compile(r"[\w-]+")
_PLAIN_ACRONYM = re.compile(r"[\w-]+")
_PLACEHOLDER_ID = "?"


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


@dataclass
class ExtractionResult:
    """The extraction tables of a corpus and the per-document results they were assembled from."""

    tables: dict[str, pl.DataFrame]
    documents: dict[str, DocumentExtraction]
    n_reused: int = 0  # documents whose per-document results came from ``cached``
    changed: set[str] = field(default_factory=set)  # documents whose results differ from ``cached`` (or are new)


def extract_all(documents: pl.DataFrame, paragraphs: pl.DataFrame, *, registry: Registry) -> dict[str, pl.DataFrame]:
    """Every extraction table for a corpus.

    Args:
        documents: The ``documents`` table.
        paragraphs: The ``paragraphs`` table.
        registry: The bodies registry.

    Returns:
        Table name to frame, for the six extraction tables.
    """
    return extract_corpus(documents, paragraphs, registry=registry).tables


def _blocks_by_doc(paragraphs: pl.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """Each document's paragraph and preamble rows in reading order: (para_id, text)."""
    blocks: dict[str, list[tuple[str, str]]] = defaultdict(list)
    rows = paragraphs.filter(pl.col("level") != "sub_item").sort("doc_id", "seq").select("doc_id", "para_id", "text")
    for doc_id, para_id, text in rows.iter_rows():
        blocks[doc_id].append((para_id, text or ""))
    return blocks


def _by_doc(frame: pl.DataFrame) -> dict[str, list[Row]]:
    rows: dict[str, list[Row]] = defaultdict(list)
    for row in frame.iter_rows():
        rows[row[0]].append(row)
    return rows


def extract_documents(
    documents: pl.DataFrame, paragraphs: pl.DataFrame, *, registry: Registry
) -> dict[str, DocumentExtraction]:
    """The per-document part of extraction for some statements (the instrument fields are left ``None``).

    Args:
        documents: ``documents`` rows of the statements.
        paragraphs: Their ``paragraphs`` rows.
        registry: The bodies registry.

    Returns:
        doc_id → its :class:`DocumentExtraction`, for every row of ``documents``.
    """
    matcher = _compile(registry)
    scanner_matcher = _matcher(load_instrument_rules())
    blocks = _blocks_by_doc(paragraphs)
    priorities = _by_doc(extract_priorities(paragraphs, documents, chairmanships=read_chairmanships()))
    themes = _by_doc(tag_paragraphs(paragraphs))
    result: dict[str, DocumentExtraction] = {}
    for doc_id in documents.get_column("doc_id").to_list():
        bodies: list[Row] = []
        titles: list[list[TitleRow]] = []
        tokens: set[str] = set()
        for para_id, text in blocks.get(doc_id, []):
            bodies.extend(
                (doc_id, para_id, m.body_id, m.is_generic, m.match_kind, m.matched_text, m.char_start, m.char_end)
                for m in _find(text, matcher)
            )
            found = _TitleScanner(text, scanner_matcher).find()
            titles.append([(f.start, f.end, f.consumed_end, f.acronym, f.instrument_type) for f in found])
            tokens.update(token for token in _TOKEN.findall(text) if token != token.lower())
        result[doc_id] = DocumentExtraction(
            body_mentions=bodies,
            paragraph_themes=themes.get(doc_id, []),
            priorities=priorities.get(doc_id, []),
            titles=titles,
            tokens=sorted(tokens),
        )
    return result


def _relevant_acronyms(
    corpus: Mapping[str, str], own: Mapping[str, str], tokens: Sequence[str], unusual: Sequence[str]
) -> dict[str, str]:
    """The known acronyms (``own`` over ``corpus``) that can be matched as bare acronyms in a statement with these
    capitalised ``tokens``: all others cannot change its instrument rows.

    A bare acronym is matched only where it is not inside a longer run of word characters and hyphens and is
    followed by nothing of them but an "s" ("ABC", "ABCs", "ABC's"). So an acronym of such characters can match only
    where it, or it with "s", is a token of the statement; an ``unusual`` one (with a space, a slash) only where
    its first and middle runs are tokens and its last run is one, with or without "s" (runs without a capital are
    not checked).
    """
    relevant: dict[str, str] = {}

    def add(acronym: str) -> None:
        kind = own.get(acronym) or corpus.get(acronym)
        if kind is not None:
            relevant[acronym] = kind

    present = set(tokens)
    for token in tokens:
        add(token)
        if token.endswith("s"):
            add(token[:-1])
    for acronym in unusual:
        runs = _TOKEN.findall(acronym)
        *inner, last = runs or [""]
        if all(run in present or run == run.lower() for run in inner) and (
            last == last.lower() or last in present or f"{last}s" in present
        ):
            add(acronym)
    return dict(sorted(relevant.items()))


def extract_corpus(
    documents: pl.DataFrame,
    paragraphs: pl.DataFrame,
    *,
    registry: Registry,
    cached: Mapping[str, DocumentExtraction] | None = None,
    compute: Any = None,
) -> ExtractionResult:
    """Every extraction table for a corpus, reusing per-document results kept from an earlier build.

    Args:
        documents: The ``documents`` table.
        paragraphs: The ``paragraphs`` table.
        registry: The bodies registry.
        cached: doc_id → per-document results found earlier **for exactly this document row and these paragraphs,
            under the same extraction code and data** (the caller checks that; :mod:`ascc_analysis.build` keys
            them on a fingerprint of both).
        compute: Replaces :func:`extract_documents` for the statements not in ``cached`` (the build passes one that
            spreads them over processes); called with the same arguments.

    Returns:
        The tables, and every document's :class:`DocumentExtraction` (with the instrument fields filled).
    """
    cached = cached or {}
    doc_ids: list[str] = sorted(documents.get_column("doc_id").to_list())
    missing = [doc_id for doc_id in doc_ids if doc_id not in cached]
    fresh: dict[str, DocumentExtraction] = {}
    if missing:
        run = compute if compute is not None else extract_documents
        fresh = run(
            documents.filter(pl.col("doc_id").is_in(missing)),
            paragraphs.filter(pl.col("doc_id").is_in(missing)),
            registry=registry,
        )
    per_doc = {doc_id: cached[doc_id] if doc_id in cached else fresh[doc_id] for doc_id in doc_ids}
    changed = set(missing)

    # Cross-document: the acronyms instruments define, per document (first definition) and over the corpus.
    doc_acronyms: dict[str, dict[str, str]] = {}
    corpus_acronyms: dict[str, Counter[str]] = defaultdict(Counter)
    for doc_id in doc_ids:
        own: dict[str, str] = {}
        for titles in per_doc[doc_id].titles:
            for _start, _end, _consumed, acronym, kind in titles:
                if acronym is not None:
                    own.setdefault(acronym, kind)
                    corpus_acronyms[acronym][kind] += 1
        doc_acronyms[doc_id] = own
    corpus_map = {acronym: min(kinds, key=lambda k: (-kinds[k], k)) for acronym, kinds in corpus_acronyms.items()}

    # A statement's instrument rows are found again only when the known acronyms that can occur in it changed.
    unusual = sorted(
        acronym for acronym in corpus_acronyms if not _PLAIN_ACRONYM.fullmatch(acronym) or acronym == acronym.lower()
    )
    redo: dict[str, dict[str, str]] = {}
    for doc_id in doc_ids:
        extraction = per_doc[doc_id]
        relevant = _relevant_acronyms(corpus_map, doc_acronyms[doc_id], extraction.tokens, unusual)
        if extraction.acronyms != relevant or extraction.instrument_mentions is None:
            redo[doc_id] = relevant
    if redo:
        redo_paragraphs = paragraphs.filter(pl.col("doc_id").is_in(list(redo)))
        blocks = _blocks_by_doc(redo_paragraphs)
        year_of = dict(documents.select("doc_id", "year").iter_rows())
        rules = load_instrument_rules()
        matcher = _matcher(rules)
        for doc_id, relevant in redo.items():
            if doc_id in cached:
                per_doc[doc_id] = DocumentExtraction(**vars(per_doc[doc_id]))  # never change the caller's
                changed.add(doc_id)
            extraction = per_doc[doc_id]
            extraction.acronyms = relevant
            extraction.instrument_mentions = _instrument_rows(
                doc_id, blocks.get(doc_id, []), extraction.titles, relevant, year_of.get(doc_id), matcher
            )
        _attribute(list(redo), per_doc, redo_paragraphs, registry)
    rules = load_instrument_rules()

    raw = _frame([row for doc_id in doc_ids for row in per_doc[doc_id].instrument_mentions or []], _RAW_MENTION_SCHEMA)
    # As extract_instrument_mentions(keep_acronym=True) then canonicalise_instruments: ids twice, the second time
    # keeping the groups of the first.
    _instruments, first = _canonicalise(raw, min_ratio=_DEFAULT_MIN_RATIO, rules=rules)
    with_acronym = first.join(
        raw.select("para_id", "char_start", "char_end", "acronym"), on=["para_id", "char_start", "char_end"]
    ).sort("para_id", "char_start", "char_end")
    instruments, instrument_mentions = canonicalise_instruments(with_acronym)
    ids = instrument_mentions.select("para_id", "char_start", "instrument_id")
    bodies = _frame(
        [row for doc_id in doc_ids for row in per_doc[doc_id].instrument_bodies or []], INSTRUMENT_BODIES.schema
    )
    bodies = bodies.drop("instrument_id").join(ids, on=["para_id", "char_start"], how="left")

    def table(rows: list[Row], spec: TableSpec) -> pl.DataFrame:
        return validate(_frame(rows, spec.schema), spec)

    tables = {
        "body_mentions": table([r for d in doc_ids for r in per_doc[d].body_mentions], BODY_MENTIONS),
        "instruments": instruments,
        "instrument_mentions": instrument_mentions,
        "instrument_bodies": validate(bodies, INSTRUMENT_BODIES),
        "priorities": table([r for d in doc_ids for r in per_doc[d].priorities], PRIORITIES),
        "paragraph_themes": table([r for d in doc_ids for r in per_doc[d].paragraph_themes], PARAGRAPH_THEMES),
    }
    log.info("extracted %d statement(s), %d kept from an earlier build", len(doc_ids), len(doc_ids) - len(missing))
    return ExtractionResult(tables=tables, documents=per_doc, n_reused=len(doc_ids) - len(missing), changed=changed)


def _frame(rows: Sequence[Row], schema: pl.Schema) -> pl.DataFrame:
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


def _instrument_rows(
    doc_id: str,
    blocks: Sequence[tuple[str, str]],
    titles: Sequence[Sequence[TitleRow]],
    acronyms: Mapping[str, str],
    year: int | None,
    matcher: Any,
) -> list[Row]:
    """A statement's instrument mentions (as :func:`extract_instrument_mentions` finds them), ids left null."""
    rows: list[Row] = []
    for (para_id, text), paragraph_titles in zip(blocks, titles, strict=True):
        found = [_Found(*title) for title in paragraph_titles]
        known = dict(acronyms)
        for item in found:
            if item.acronym is not None:
                known[item.acronym] = item.instrument_type
        bare = _bare_acronyms(text, known, [(item.start, item.consumed_end) for item in found])
        items = sorted([*found, *bare], key=lambda item: item.start)
        for item, status in zip(items, _statuses(text, items, matcher), strict=True):
            rows.append(
                (doc_id, para_id, None, text[item.start : item.end], item.instrument_type, status, year, item.start,
                 item.end, item.acronym)
            )  # fmt: skip
    return rows


def _attribute(
    doc_ids: Sequence[str], per_doc: Mapping[str, DocumentExtraction], paragraphs: pl.DataFrame, registry: Registry
) -> None:
    """Fill ``instrument_bodies`` of the given documents (one :func:`attribute_instruments` call for all)."""
    if not doc_ids:
        return
    mentions = _frame(
        [row[:-1] for doc_id in doc_ids for row in per_doc[doc_id].instrument_mentions or []],
        INSTRUMENT_MENTIONS.schema,
    ).with_columns(pl.lit(_PLACEHOLDER_ID).alias("instrument_id"))
    body_mentions = _frame([row for doc_id in doc_ids for row in per_doc[doc_id].body_mentions], BODY_MENTIONS.schema)
    attributions = attribute_instruments(mentions, paragraphs, body_mentions, registry=registry)
    rows = _by_doc(attributions.with_columns(pl.lit(None, dtype=pl.String()).alias("instrument_id")))
    for doc_id in doc_ids:
        per_doc[doc_id].instrument_bodies = rows.get(doc_id, [])
