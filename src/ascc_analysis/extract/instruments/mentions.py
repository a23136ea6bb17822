"""Instrument extraction: instrument mentions, in one text and over the ``paragraphs`` table.

:func:`find_titles` runs the title scanner and the status rules over one text and returns its :class:`TitleSpan`
list. :func:`extract_instrument_mentions` reads the ``paragraphs`` and ``documents`` tables, shares the acronyms that
instruments define across the corpus, and returns the ``instrument_mentions`` table
(:data:`~ascc_analysis.schemas.INSTRUMENT_MENTIONS`) with canonical ids
(:mod:`~ascc_analysis.extract.instruments.canonical`).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from ascc_analysis.extract.instruments.canonical import _DEFAULT_MIN_RATIO, _canonicalise, _check_columns
from ascc_analysis.extract.instruments.matcher import _Matcher, _matcher
from ascc_analysis.extract.instruments.rules import InstrumentRules, load_instrument_rules
from ascc_analysis.extract.instruments.status import _statuses
from ascc_analysis.extract.instruments.titles import _bare_acronyms, _Found, _TitleScanner
from ascc_analysis.schemas import INSTRUMENT_MENTIONS

logger = logging.getLogger(__name__)

__all__ = ["TitleSpan", "extract_instrument_mentions", "find_titles"]

_PARAGRAPH_COLUMNS = ("doc_id", "para_id", "level", "seq", "text")


@dataclass(frozen=True)
class TitleSpan:
    """One instrument title found in a text.

    Attributes:
        start: Offset of the title's first character.
        end: Offset just after its last character (a trailing "(XYZ)" acronym of the instrument is outside).
        title: ``text[start:end]``.
        acronym: The instrument's own acronym, from a trailing bracket or a bare acronym mention; else ``None``.
        instrument_type: From the head word (GUIDELINES vocabulary).
        status: What happened to the instrument in this text (GUIDELINES "Status").
    """

    start: int
    end: int
    title: str
    acronym: str | None
    instrument_type: str
    status: str


def find_titles(
    text: str,
    *,
    acronyms: Mapping[str, str] | None = None,
    rules: InstrumentRules | None = None,
) -> list[TitleSpan]:
    """Every instrument title in one text (a paragraph), with its type and status.

    Args:
        text: Normalised text (straight quotes, no line breaks inside sentences).
        acronyms: Instrument acronym → type, for bare acronyms used as titles ("the ABCD"); acronyms defined in
            ``text`` itself by a trailing "(XYZ)" are added.
        rules: The extraction rules; ``None`` loads the shipped ``instruments.yaml``.

    Returns:
        The titles sorted by start offset; nested titles are not returned (only the outermost).
    """
    matcher = _matcher(rules if rules is not None else load_instrument_rules())
    return [_to_span(text, item, status) for item, status in _find_with_status(text, matcher, acronyms or {})]


def _find_with_status(text: str, matcher: _Matcher, acronyms: Mapping[str, str]) -> list[tuple[_Found, str]]:
    titles = _TitleScanner(text, matcher).find()
    known = dict(acronyms)
    for item in titles:
        if item.acronym is not None:
            known[item.acronym] = item.instrument_type
    bare = _bare_acronyms(text, known, [(item.start, item.consumed_end) for item in titles])
    items = sorted([*titles, *bare], key=lambda item: item.start)
    return list(zip(items, _statuses(text, items, matcher), strict=True))


def _to_span(text: str, item: _Found, status: str) -> TitleSpan:
    return TitleSpan(
        start=item.start,
        end=item.end,
        title=text[item.start : item.end],
        acronym=item.acronym,
        instrument_type=item.instrument_type,
        status=status,
    )


def extract_instrument_mentions(
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    rules: InstrumentRules | None = None,
    keep_acronym: bool = False,
) -> pl.DataFrame:
    """The ``instrument_mentions`` table of a corpus, with canonical instrument ids.

    Acronyms defined anywhere in the corpus ("... Framework (ADRCF)") make their bare use ("the ADRCF") a
    mention of the same instrument; a definition in the same document wins over one elsewhere.

    Args:
        paragraphs: Rows of the ``paragraphs`` table (``doc_id``, ``para_id``, ``level``, ``seq``, ``text``);
            sub-items are skipped, their text is part of their paragraph.
        documents: Rows of the ``documents`` table (``doc_id``, ``year``).
        rules: The extraction rules; ``None`` loads the shipped ``instruments.yaml``.
        keep_acronym: Also return an ``acronym`` column (the instrument's acronym where the mention gives it; not
            part of the table) so that :func:`canonicalise_instruments` can fill ``instruments.acronym``.

    Returns:
        One row per mention, validated against :data:`~ascc_analysis.schemas.INSTRUMENT_MENTIONS` and sorted by
        ``para_id``, ``char_start``, ``char_end`` (plus ``acronym`` last when ``keep_acronym``). Offsets index
        the paragraph's ``text``.

    Raises:
        SchemaError: A needed column is missing, or the result breaks the table's schema.
    """
    _check_columns(paragraphs, _PARAGRAPH_COLUMNS, name="paragraphs", purpose="instrument mentions")
    _check_columns(documents, ("doc_id", "year"), name="documents", purpose="instrument mentions")
    matcher = _matcher(rules if rules is not None else load_instrument_rules())
    blocks = paragraphs.filter(pl.col("level") != "sub_item").sort("doc_id", "seq").select(_PARAGRAPH_COLUMNS).rows()
    year_of = {doc_id: year for doc_id, year in documents.select("doc_id", "year").iter_rows()}
    # First pass: the acronyms that instruments define, per document and over the corpus.
    doc_acronyms: dict[str, dict[str, str]] = defaultdict(dict)
    corpus_acronyms: dict[str, Counter[str]] = defaultdict(Counter)
    for doc_id, _para_id, _level, _seq, text in blocks:
        for item in _TitleScanner(text or "", matcher).find():
            if item.acronym is not None:
                doc_acronyms[doc_id].setdefault(item.acronym, item.instrument_type)
                corpus_acronyms[item.acronym][item.instrument_type] += 1
    corpus_map = {acronym: min(kinds, key=lambda k: (-kinds[k], k)) for acronym, kinds in corpus_acronyms.items()}
    rows: list[dict[str, object]] = []
    for doc_id, para_id, _level, _seq, text in blocks:
        known = {**corpus_map, **doc_acronyms.get(doc_id, {})}
        for item, status in _find_with_status(text or "", matcher, known):
            rows.append(
                {
                    "doc_id": doc_id,
                    "para_id": para_id,
                    "instrument_id": None,
                    "title_text": text[item.start : item.end],
                    "instrument_type": item.instrument_type,
                    "status": status,
                    "year": year_of.get(doc_id),
                    "char_start": item.start,
                    "char_end": item.end,
                    "acronym": item.acronym,
                }
            )
    raw = pl.DataFrame(rows, schema={**INSTRUMENT_MENTIONS.schema, "acronym": pl.String()}, orient="row")
    _instruments, mentions = _canonicalise(raw, min_ratio=_DEFAULT_MIN_RATIO, rules=matcher.rules)
    logger.info("found %d instrument mentions in %d paragraphs", mentions.height, len(blocks))
    if keep_acronym:
        return mentions.join(
            raw.select("para_id", "char_start", "char_end", "acronym"), on=["para_id", "char_start", "char_end"]
        ).sort("para_id", "char_start", "char_end")
    return mentions
