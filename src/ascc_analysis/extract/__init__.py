"""Extraction stage: paragraphs → bodies, instruments, attributions, priorities and themes.

Runs the extractors over the whole corpus and returns the tables ``body_mentions``, ``instruments``,
``instrument_mentions``, ``instrument_bodies``, ``priorities`` and ``paragraph_themes`` (see
:mod:`ascc_analysis.schemas`). Each extractor is a pure function of the tables before it.

Most of the work depends on one statement alone, so it is done per document and can be kept between builds
(:class:`DocumentExtraction`, or many statements' as frames, :class:`DocumentRows`; the build keeps both in its
cache, see :mod:`ascc_analysis.build`):

* body mentions, paragraph themes and priority areas: one paragraph, or one statement with its year and chair;
* the instrument titles that the title scanner finds in each paragraph.

What crosses documents is recomputed on every build from those per-document rows:

* the acronyms that instruments define over the corpus (a bare "the ADRCF" is a mention wherever "(ADRCF)" was
  defined). A document's instrument mentions, statuses and attributions depend on them only through the acronyms
  that occur in it, so they are kept with that set (:attr:`DocumentExtraction.acronyms`) and found again only when
  it changes;
* canonical instrument ids, with first and last years and variants (:func:`canonicalise_instruments`), which pool
  the mentions of one instrument across statements; the ids are filled into the kept attributions.

Statements given as :class:`DocumentRows` stay frames throughout: their acronyms are checked one by one only when the
corpus acronyms differ from those their rows were found with, and only the statements whose known acronyms changed
are turned back into :class:`DocumentExtraction` and found again.

:func:`extract_corpus` gives the same tables as running the extractors over the whole corpus at once
(``tests/extract/test_extract_incremental.py`` checks it), whichever documents come from a cache.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ascc_analysis.extract.documents import (
    DocumentExtraction,
    DocumentRows,
    Row,
    TitleRow,
    frame_of,
)
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
    validate,
)

log = logging.getLogger(__name__)

__all__ = [
    "DocumentExtraction",
    "DocumentRows",
    "ExtractionResult",
    "Row",
    "TitleRow",
    "extract_all",
    "extract_corpus",
    "extract_documents",
]
# Words an acronym can be: a bare acronym is matched only as a whole run of word characters and hyphens.
_TOKEN = re.compile(r"[\w-]+")
_PLAIN_ACRONYM = re.compile(r"[\w-]+")
_PLACEHOLDER_ID = "?"


@dataclass
class ExtractionResult:
    """The extraction tables of a corpus and the per-document results they were assembled from."""

    tables: dict[str, pl.DataFrame]
    documents: dict[str, DocumentExtraction]  # the documents not left as rows of ``kept``
    rows: DocumentRows  # every document's results, as frames
    n_reused: int = 0  # documents whose per-document results came from ``cached`` or ``kept``
    changed: set[str] = field(default_factory=set)  # documents whose results differ from those given (or are new)


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
    kept: DocumentRows | None = None,
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
        kept: Per-document results of more statements, as frames, under the same condition as ``cached`` (the
            statements of ``documents`` among them are used; ``cached`` wins where a statement is in both).
        compute: Replaces :func:`extract_documents` for the statements not in ``cached`` or ``kept`` (the build
            passes one that spreads them over processes); called with the same arguments.

    Returns:
        The tables, every document's results as frames (:attr:`ExtractionResult.rows`), and the results of the
        documents not taken from ``kept`` (and of those of ``kept`` found again) as :class:`DocumentExtraction`.
    """
    cached = cached or {}
    doc_ids: list[str] = sorted(documents.get_column("doc_id").to_list())
    kept_rows = None
    if kept is not None:
        kept_ids = set(kept.doc_ids)
        kept_rows = kept.restrict(doc_id for doc_id in doc_ids if doc_id in kept_ids and doc_id not in cached)
    from_rows = set(kept_rows.doc_ids) if kept_rows is not None else set()
    missing = [doc_id for doc_id in doc_ids if doc_id not in cached and doc_id not in from_rows]
    fresh: dict[str, DocumentExtraction] = {}
    if missing:
        run = compute if compute is not None else extract_documents
        fresh = run(
            documents.filter(pl.col("doc_id").is_in(missing)),
            paragraphs.filter(pl.col("doc_id").is_in(missing)),
            registry=registry,
        )
    per_doc = {
        doc_id: cached[doc_id] if doc_id in cached else fresh[doc_id] for doc_id in doc_ids if doc_id not in from_rows
    }
    changed = set(missing)

    # Cross-document: the acronyms instruments define, per document (first definition) and over the corpus.
    doc_acronyms: dict[str, dict[str, str]] = {}
    corpus_acronyms: dict[str, Counter[str]] = defaultdict(Counter)
    for doc_id, extraction in per_doc.items():
        own: dict[str, str] = {}
        for titles in extraction.titles:
            for _start, _end, _consumed, acronym, kind in titles:
                if acronym is not None:
                    own.setdefault(acronym, kind)
                    corpus_acronyms[acronym][kind] += 1
        doc_acronyms[doc_id] = own
    if kept_rows is not None:
        counts = kept_rows.frames["title_acronyms"].group_by("acronym", "kind").len()
        for acronym, kind, n_titles in counts.iter_rows():
            corpus_acronyms[acronym][kind] += n_titles
    corpus_map = {
        acronym: min(kinds, key=lambda k: (-kinds[k], k)) for acronym, kinds in sorted(corpus_acronyms.items())
    }
    unusual = sorted(
        acronym for acronym in corpus_acronyms if not _PLAIN_ACRONYM.fullmatch(acronym) or acronym == acronym.lower()
    )

    # Statements kept as rows were found with the corpus acronyms of their build: when those differ, each statement
    # whose known acronyms changed is taken back into Python and found again below.
    if kept_rows is not None and dict(kept_rows.acronyms) != corpus_map:
        stale = _stale_rows(kept_rows, corpus_map, unusual)
        if stale:
            revived = kept_rows.documents(stale)
            for doc_id, extraction in revived.items():
                per_doc[doc_id] = extraction
                doc_acronyms[doc_id] = _own_acronyms(extraction)
            kept_rows = kept_rows.restrict(doc_id for doc_id in kept_rows.doc_ids if doc_id not in revived)

    # A statement's instrument rows are found again only when the known acronyms that can occur in it changed.
    redo: dict[str, dict[str, str]] = {}
    for doc_id in sorted(per_doc):
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

    rows = DocumentRows.from_documents(per_doc, acronyms=corpus_map)
    if kept_rows is not None:
        rows = DocumentRows.concat([kept_rows, rows], acronyms=corpus_map)
    raw = rows.frames["instrument_mentions"]
    # As extract_instrument_mentions(keep_acronym=True) then canonicalise_instruments: ids twice, the second time
    # keeping the groups of the first.
    _instruments, first = _canonicalise(raw, min_ratio=_DEFAULT_MIN_RATIO, rules=rules)
    with_acronym = first.join(
        raw.select("para_id", "char_start", "char_end", "acronym"), on=["para_id", "char_start", "char_end"]
    ).sort("para_id", "char_start", "char_end")
    instruments, instrument_mentions = canonicalise_instruments(with_acronym)
    ids = instrument_mentions.select("para_id", "char_start", "instrument_id")
    bodies = rows.frames["instrument_bodies"].drop("instrument_id").join(ids, on=["para_id", "char_start"], how="left")
    tables = {
        "body_mentions": validate(rows.frames["body_mentions"], BODY_MENTIONS),
        "instruments": instruments,
        "instrument_mentions": instrument_mentions,
        "instrument_bodies": validate(bodies, INSTRUMENT_BODIES),
        "priorities": validate(rows.frames["priorities"], PRIORITIES),
        "paragraph_themes": validate(rows.frames["paragraph_themes"], PARAGRAPH_THEMES),
    }
    n_reused = len(doc_ids) - len(missing)
    log.info("extracted %d statement(s), %d kept from an earlier build", len(doc_ids), n_reused)
    return ExtractionResult(tables=tables, documents=per_doc, rows=rows, n_reused=n_reused, changed=changed)


def _own_acronyms(extraction: DocumentExtraction) -> dict[str, str]:
    """The acronyms a statement's titles define (the first definition of each)."""
    own: dict[str, str] = {}
    for titles in extraction.titles:
        for _start, _end, _consumed, acronym, kind in titles:
            if acronym is not None:
                own.setdefault(acronym, kind)
    return own


def _stale_rows(rows: DocumentRows, corpus: Mapping[str, str], unusual: Sequence[str]) -> list[str]:
    """The statements of ``rows`` whose known acronyms under ``corpus`` are not those their rows were found with."""
    own: dict[str, dict[str, str]] = defaultdict(dict)
    for doc_id, acronym, kind in rows.frames["title_acronyms"].iter_rows():
        own[doc_id].setdefault(acronym, kind)
    stale: list[str] = []
    for doc_id, tokens, acronyms in rows.frames["details"].select("doc_id", "tokens", "acronyms").iter_rows():
        relevant = _relevant_acronyms(corpus, own.get(doc_id, {}), json.loads(tokens), unusual)
        if acronyms is None or json.loads(acronyms) != relevant:
            stale.append(doc_id)
    return stale


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
    mentions = frame_of(
        [row[:-1] for doc_id in doc_ids for row in per_doc[doc_id].instrument_mentions or []],
        INSTRUMENT_MENTIONS.schema,
    ).with_columns(pl.lit(_PLACEHOLDER_ID).alias("instrument_id"))
    body_mentions = frame_of([row for doc_id in doc_ids for row in per_doc[doc_id].body_mentions], BODY_MENTIONS.schema)
    attributions = attribute_instruments(mentions, paragraphs, body_mentions, registry=registry)
    rows = _by_doc(attributions.with_columns(pl.lit(None, dtype=pl.String()).alias("instrument_id")))
    for doc_id in doc_ids:
        per_doc[doc_id].instrument_bodies = rows.get(doc_id, [])
