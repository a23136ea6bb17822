"""Instrument extraction: the bodies behind each instrument mention.

Reads the ``instrument_mentions``, ``paragraphs`` and ``body_mentions`` tables and the bodies registry, and returns
the ``instrument_bodies`` table (:data:`~ascc_analysis.schemas.INSTRUMENT_BODIES`): the bodies named in the title or
in its sentence (``explicit``), else the bodies whose registry sectors match the sector words of the title and of the
paragraph (``inferred``), with a confidence and the words as evidence.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from ascc_analysis.extract.instruments.canonical import _MENTION_COLUMNS, _check_columns
from ascc_analysis.extract.instruments.rules import InstrumentRules, load_instrument_rules
from ascc_analysis.extract.instruments.tokens import _sentence_bounds
from ascc_analysis.registry import Registry
from ascc_analysis.schemas import INSTRUMENT_BODIES, validate

logger = logging.getLogger(__name__)

__all__ = ["attribute_instruments"]


def _keyword_hits(text: str, keywords: Mapping[str, tuple[str, ...]]) -> list[tuple[str, frozenset[str]]]:
    """Sector words in ``text``, longest first and not overlapping: (the word as listed, the sectors it names)."""
    compiled = _keyword_pattern(tuple((sector, tuple(words)) for sector, words in keywords.items()))
    if compiled is None:
        return []
    pattern, word_sectors = compiled
    hits: list[tuple[str, frozenset[str]]] = []
    for match in pattern.finditer(text):
        word = " ".join(match.group(0).casefold().split())
        hits.append((word, word_sectors[word]))
    return hits


@functools.lru_cache(maxsize=8)
def _keyword_pattern(
    keywords: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[re.Pattern[str], dict[str, frozenset[str]]] | None:
    """The sector words as one pattern (longest first), and each word's sectors; compiled once per rules."""
    word_sectors: dict[str, set[str]] = defaultdict(set)
    for sector, words in keywords:
        for word in words:
            word_sectors[" ".join(word.casefold().split())].add(sector)
    if not word_sectors:
        return None
    ordered = sorted(word_sectors, key=lambda w: (-len(w), w))
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
    return pattern, {word: frozenset(sectors) for word, sectors in word_sectors.items()}


def _root(word: str) -> str:
    """Words counted once as evidence: "disaster", "disasters" and "disaster risk" share the root "disaster"."""
    first = word.split()[0]
    return first[:-1] if first.endswith("s") and len(first) > 3 else first


def attribute_instruments(
    mentions: pl.DataFrame,
    paragraphs: pl.DataFrame,
    body_mentions: pl.DataFrame,
    *,
    registry: Registry,
    rules: InstrumentRules | None = None,
) -> pl.DataFrame:
    """Tie each instrument mention to the ASCC bodies behind it.

    Explicit: a body named inside the title ("ACDM Work Plan") gets confidence ``explicit_in_title`` (1.0), one
    named in the same sentence ``explicit_same_sentence`` (0.9). Inferred, for a mention with no explicit body
    outside the cross-sectoral ones (Council, SOCA, Secretariat): each body of the ``inferred_kinds`` whose
    registry sectors take sector words (``sector_keywords``) of the title and of the rest of the paragraph, with
    confidence ``inferred_title_word`` × title words + ``inferred_paragraph_word`` × paragraph words (the
    paragraph part at most ``inferred_paragraph_max``, the whole at most ``inferred_max``; words with one root
    count once). Bodies below ``inferred_min``, or below ``inferred_relative`` × the best inferred body of the
    mention, are left out. Historical bodies count only in the years they were in the pillar.

    Args:
        mentions: The ``instrument_mentions`` table.
        paragraphs: The ``paragraphs`` table (``para_id``, ``text``).
        body_mentions: The ``body_mentions`` table (``para_id``, ``body_id``, ``matched_text``, offsets).
        registry: The bodies registry (sectors and kinds of the bodies).
        rules: The extraction rules (sector words, confidences); ``None`` loads the shipped ``instruments.yaml``.

    Returns:
        The ``instrument_bodies`` table, validated and sorted by ``para_id``, ``char_start``, ``body_id``;
        ``evidence`` names the body's words ("in title: ACDM", "same sentence: ASEAN Labour Ministers Meeting") or
        the sector words ("title: migrant workers; paragraph: labour").

    Raises:
        SchemaError: A needed column is missing, or the result breaks the table's schema.
    """
    _check_columns(mentions, _MENTION_COLUMNS, name="instrument_mentions", purpose="attribution")
    _check_columns(paragraphs, ("para_id", "text"), name="paragraphs", purpose="attribution")
    _check_columns(
        body_mentions, ("para_id", "body_id", "matched_text", "char_start", "char_end"), name="body_mentions",
        purpose="attribution",
    )  # fmt: skip
    rules = rules if rules is not None else load_instrument_rules()
    text_of = dict(paragraphs.select("para_id", "text").iter_rows())
    bodies_in: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
    for para_id, body_id, matched, start, end in (
        body_mentions.filter(pl.col("body_id").is_not_null())
        .select("para_id", "body_id", "matched_text", "char_start", "char_end")
        .iter_rows()
    ):
        bodies_in[para_id].append((body_id, matched, start, end))
    year_column = pl.col("year") if "year" in mentions.columns else pl.lit(None, dtype=pl.Int32()).alias("year")
    rows: list[dict[str, Any]] = []
    for mention in mentions.select(*_MENTION_COLUMNS, year_column).iter_rows(named=True):
        text = text_of.get(mention["para_id"]) or ""
        base = {
            "doc_id": mention["doc_id"],
            "para_id": mention["para_id"],
            "instrument_id": mention["instrument_id"],
            "char_start": mention["char_start"],
        }
        explicit = _explicit_bodies(mention, text, bodies_in.get(mention["para_id"], []), rules)
        for body_id, (confidence, evidence) in sorted(explicit.items()):
            rows.append({**base, "body_id": body_id, "provenance": "explicit", "confidence": confidence,
                         "evidence": evidence})  # fmt: skip
        if any(body_id in _sectoral_ids(registry) for body_id in explicit):
            continue
        for body_id, (confidence, evidence) in sorted(_inferred_bodies(mention, text, registry, rules).items()):
            if body_id not in explicit:
                rows.append({**base, "body_id": body_id, "provenance": "inferred", "confidence": confidence,
                             "evidence": evidence})  # fmt: skip
    attributions = pl.DataFrame(rows, schema=INSTRUMENT_BODIES.schema, orient="row")
    logger.info("attributed %d instrument mentions in %d rows", mentions.height, attributions.height)
    return validate(attributions, INSTRUMENT_BODIES)


@functools.lru_cache(maxsize=64)
def _paragraph_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence bounds of a paragraph, found once for all the instruments it names."""
    return tuple(_sentence_bounds(text))


@functools.lru_cache(maxsize=8)
def _sectoral_ids(registry: Registry) -> frozenset[str]:
    return frozenset(body.id for body in registry.bodies if "cross-sectoral" not in body.sectors)


def _explicit_bodies(
    mention: Mapping[str, Any], text: str, bodies: Sequence[tuple[str, str, int, int]], rules: InstrumentRules
) -> dict[str, tuple[float, str]]:
    """Bodies named in the title or in its sentence: body id → (confidence, evidence)."""
    start, end = mention["char_start"], mention["char_end"]
    sentence = next(((s, e) for s, e in _paragraph_sentences(text) if s <= start < e), (0, len(text)))
    found: dict[str, tuple[float, list[str]]] = {}
    for body_id, matched, body_start, body_end in bodies:
        if body_start >= start and body_end <= end:
            confidence, label = float(rules.attribution["explicit_in_title"]), f"in title: {matched}"
        elif body_start >= sentence[0] and body_end <= sentence[1]:
            confidence, label = float(rules.attribution["explicit_same_sentence"]), f"same sentence: {matched}"
        else:
            continue
        best, labels = found.get(body_id, (0.0, []))
        found[body_id] = (max(best, confidence), labels if label in labels else [*labels, label])
    return {body_id: (confidence, "; ".join(labels)) for body_id, (confidence, labels) in found.items()}


def _inferred_bodies(
    mention: Mapping[str, Any], text: str, registry: Registry, rules: InstrumentRules
) -> dict[str, tuple[float, str]]:
    """Bodies whose sectors match the sector words of the title and paragraph: body id → (confidence, evidence)."""
    weights = rules.attribution
    start, end = mention["char_start"], mention["char_end"]
    title_hits = _keyword_hits(text[start:end] or mention["title_text"], rules.sector_keywords)
    para_hits = _keyword_hits(f"{text[:start]} {text[end:]}", rules.sector_keywords)
    kinds = set(weights["inferred_kinds"])
    candidates = [
        body for body in registry.bodies if body.kind in kinds and _in_pillar(body.in_pillar, mention["year"])
    ]
    evidence: dict[str, tuple[set[str], set[str]]] = {}
    for body in candidates:
        sectors = set(body.sectors)
        in_title = {word for word, word_sectors in title_hits if word_sectors & sectors}
        in_para = {word for word, word_sectors in para_hits if word_sectors & sectors}
        if in_title or in_para:
            evidence[body.id] = (in_title, in_para)
    scores: dict[str, float] = {}
    for body_id, (in_title, in_para) in evidence.items():
        title_score = float(weights["inferred_title_word"]) * len({_root(w) for w in in_title})
        para_score = min(
            float(weights["inferred_paragraph_max"]),
            float(weights["inferred_paragraph_word"]) * len({_root(w) for w in in_para}),
        )
        scores[body_id] = round(min(float(weights["inferred_max"]), title_score + para_score), 3)
    if not scores:
        return {}
    floor = max(float(weights["inferred_min"]), float(weights["inferred_relative"]) * max(scores.values()))
    result: dict[str, tuple[float, str]] = {}
    for body_id, score in scores.items():
        if score < floor - 1e-9:
            continue
        in_title, in_para = evidence[body_id]
        parts = [f"title: {', '.join(sorted(in_title))}" if in_title else "",
                 f"paragraph: {', '.join(sorted(in_para))}" if in_para else ""]  # fmt: skip
        result[body_id] = (score, "; ".join(part for part in parts if part))
    return result


def _in_pillar(in_pillar: str | None, year: int | None) -> bool:
    if in_pillar is None:
        return False
    if in_pillar == "current":
        return True
    match = re.fullmatch(r"until (\d{4})", in_pillar)
    return bool(match and year is not None and year <= int(match.group(1)))
