"""Scoring: one document's extraction rows against its gold file (titles, types, statuses, bodies, metadata).

Reads frames of the ``documents``, ``paragraphs``, ``instrument_mentions`` and ``body_mentions`` tables; returns
:class:`Scores`. The metrics are described in the package docstring (:mod:`ascc_analysis.evaluate`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ascc_analysis.errors import ParameterError, SchemaError
from ascc_analysis.evaluate.gold import (
    _BODY_COLUMNS,
    _GENERIC_LABEL,
    _INSTRUMENT_COLUMNS,
    _METADATA_KEYS,
    _METADATA_SCHEMA,
    _METRICS_SCHEMA,
    _MISMATCHES_SCHEMA,
    _PARAGRAPH_COLUMNS,
    METADATA_COLUMNS,
    METADATA_FIELDS,
    METADATA_OUTCOMES,
    Gold,
    GoldMeeting,
    MetadataOutcome,
    MismatchKind,
    normalise_span,
)

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Scores:
    """Scores of extraction against gold.

    Attributes:
        metrics: One row per metric of :data:`METRICS`, in that order: ``metric``, ``value`` (null when its
            denominator is 0), ``n_gold``, ``n_pred``, ``n_match``. For the accuracies, ``n_gold`` and ``n_pred``
            count the matched titles and ``n_match`` those whose type (status) agrees.
        mismatches: One row per error: ``source`` (gold source file), ``kind`` (missed, spurious, wrong_type,
            wrong_status), ``para_no``, ``expected`` and ``found`` (null where there is none). Titles are written
            as they are, with ``" [type]"`` or ``" [status]"`` added for wrong types and statuses; bodies as
            ``"[BODY_ID] text"`` or ``"[generic] text"``. Sorted by source, para_no, kind, expected, found.
        metadata: One row per metadata field of each gold file that has a ``document`` or ``metadata`` block:
            ``source``, ``field`` (:data:`METADATA_FIELDS`), ``outcome`` (:data:`METADATA_OUTCOMES`), ``expected``
            and ``found`` as text (null where empty). Empty when no gold file has the blocks or no ``documents``
            were given. Sorted by source, then in the order of :data:`METADATA_FIELDS`.
    """

    metrics: pl.DataFrame
    mismatches: pl.DataFrame
    metadata: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=_METADATA_SCHEMA))


def _require_columns(frame: pl.DataFrame, columns: Iterable[str], *, name: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise SchemaError(f"{name}: missing column(s) {missing}; it needs {list(columns)}")


def _document_rows(frame: pl.DataFrame, *, doc_id: str, para_to_no: Mapping[str, int], name: str) -> pl.DataFrame:
    """The rows of one document, with their paragraph numbers."""
    if "doc_id" in frame.columns:
        frame = frame.filter(pl.col("doc_id") == doc_id)
    unknown = sorted({str(para_id) for para_id in frame.get_column("para_id") if para_id not in para_to_no})
    if unknown:
        raise ParameterError(f"{name}: para_id(s) {unknown[:5]} of document {doc_id!r} are not in the paragraphs given")
    return frame.with_columns(
        pl.col("para_id").replace_strict(dict(para_to_no), return_dtype=pl.Int32()).alias("para_no")
    )


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _prf_rows(prefix: str, *, n_gold: int, n_pred: int, n_match: int) -> list[dict[str, Any]]:
    counts = {"n_gold": n_gold, "n_pred": n_pred, "n_match": n_match}
    return [
        {"metric": f"{prefix}_precision", "value": _ratio(n_match, n_pred), **counts},
        {"metric": f"{prefix}_recall", "value": _ratio(n_match, n_gold), **counts},
        {"metric": f"{prefix}_f1", "value": _ratio(2 * n_match, n_gold + n_pred), **counts},
    ]


def _metrics_frame(counts: Mapping[str, tuple[int, int, int]]) -> pl.DataFrame:
    """The metrics frame from (n_gold, n_pred, n_match) of titles, types, statuses and bodies."""
    rows = [
        *_prf_rows("title", n_gold=counts["title"][0], n_pred=counts["title"][1], n_match=counts["title"][2]),
        *(
            {"metric": metric, "value": _ratio(n_match, n_gold), "n_gold": n_gold, "n_pred": n_pred, "n_match": n_match}
            for metric, (n_gold, n_pred, n_match) in (
                ("type_accuracy", counts["type"]),
                ("status_accuracy", counts["status"]),
            )
        ),
        *_prf_rows("body", n_gold=counts["body"][0], n_pred=counts["body"][1], n_match=counts["body"][2]),
    ]
    return pl.DataFrame(rows, schema=_METRICS_SCHEMA)


def _pair(gold: list[tuple[str, str]], pred: list[tuple[str, str]]) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Pair gold and predicted (type, status) labels of one key so that as many as possible agree."""
    gold, pred = sorted(gold), sorted(pred)
    pairs: list[tuple[tuple[str, str], tuple[str, str]]] = []
    for agree in (lambda g, p: g == p, lambda g, p: g[0] == p[0], lambda g, p: g[1] == p[1], lambda g, p: True):
        for g in list(gold):
            match = next((p for p in pred if agree(g, p)), None)
            if match is not None:
                pairs.append((g, match))
                gold.remove(g)
                pred.remove(match)
    return pairs


def _mismatch(source: str, kind: MismatchKind, para_no: int, expected: str | None, found: str | None) -> dict[str, Any]:
    return {"source": source, "kind": kind, "para_no": para_no, "expected": expected, "found": found}


def _body_label(body_id: str | None, generic: bool) -> str:
    return _GENERIC_LABEL if generic else (body_id or "unknown")


def _metadata_text(value: Any) -> str | None:
    """A metadata value as text, the same for a gold value and a ``documents`` cell; empty values are None.

    Dates are written YYYY-MM-DD, booleans true/false, further meetings ``"BODY NO"`` (``" +3"`` for a Plus Three
    meeting) sorted and joined by "; ".
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, GoldMeeting):
        value = {"body_id": value.body_id, "meeting_no": value.meeting_no, "is_plus_three": value.plus_three}
    if isinstance(value, Mapping):  # a gold meeting, or a struct of documents.other_meetings
        number = value.get("meeting_no")
        meeting = str(value.get("body_id")) + ("" if number is None else f" {number}")
        return meeting + (" +3" if value.get("is_plus_three", value.get("plus_three")) else "")
    if isinstance(value, (list, tuple)):
        parts = sorted(part for item in value if (part := _metadata_text(item)) is not None)
        return "; ".join(parts) if parts else None
    return normalise_span(str(value)) or None


def _gold_metadata_values(gold: Gold) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if gold.document is not None:
        values.update(kind=gold.document.kind, completeness=gold.document.completeness)
    if gold.metadata is not None:
        values.update({name: getattr(gold.metadata, name) for name in METADATA_FIELDS if name in _METADATA_KEYS})
    return values


def _score_metadata(gold: Gold, document: Mapping[str, Any], *, columns: Collection[str]) -> list[dict[str, Any]]:
    """One row per field of the gold file's document and metadata blocks (see the module docstring)."""
    rows = []
    for name, value in _gold_metadata_values(gold).items():
        expected = _metadata_text(value)
        column = METADATA_COLUMNS[name]
        if column not in columns:
            rows.append(
                {"source": gold.source, "field": name, "outcome": "not_extracted", "expected": expected, "found": None}
            )
            continue
        found = _metadata_text(document.get(column))
        outcome: MetadataOutcome
        if expected is None:
            outcome = "both_empty" if found is None else "guessed"
        elif found is None:
            outcome = "missed"
        else:
            outcome = "correct" if found == expected else "wrong"
        rows.append({"source": gold.source, "field": name, "outcome": outcome, "expected": expected, "found": found})
    return rows


def _metadata_frame(rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    order = {name: index for index, name in enumerate(METADATA_FIELDS)}
    return (
        pl.DataFrame(list(rows), schema=_METADATA_SCHEMA)
        .with_columns(pl.col("field").replace_strict(order, return_dtype=pl.Int32()).alias("_order"))
        .sort(["source", "_order"], maintain_order=True)
        .drop("_order")
    )


def _document_row(documents: pl.DataFrame, *, doc_id: str) -> dict[str, Any]:
    if "doc_id" in documents.columns:
        documents = documents.filter(pl.col("doc_id") == doc_id)
    if documents.height != 1:
        raise ParameterError(
            f"documents must hold one row for document {doc_id!r} to score its metadata; it holds {documents.height}"
        )
    return documents.row(0, named=True)


def score_extraction(
    gold: Gold,
    *,
    paragraphs: pl.DataFrame,
    instrument_mentions: pl.DataFrame,
    body_mentions: pl.DataFrame,
    documents: pl.DataFrame | None = None,
) -> Scores:
    """Score one document's extracted titles, body mentions and metadata against its gold annotations.

    Args:
        gold: The document's gold annotations (:func:`read_gold`).
        paragraphs: ``paragraphs`` rows of one document (at least ``doc_id``, ``para_id`` and ``para_no``); every
            level is used: paragraph and sub-item rows count for their ``para_no``, preamble rows for 0.
        instrument_mentions: ``instrument_mentions`` rows (at least ``para_id``, ``title_text``,
            ``instrument_type`` and ``status``); rows of other documents (by ``doc_id``) are ignored.
        body_mentions: ``body_mentions`` rows (at least ``para_id``, ``body_id``, ``is_generic`` and
            ``matched_text``); rows of other documents are ignored.
        documents: ``documents`` rows holding this document's row (other documents' rows, by ``doc_id``, are
            ignored); its metadata columns are scored against the gold file's ``document`` and ``metadata``
            blocks. None (or a gold file without the blocks) scores no metadata.

    Returns:
        The :class:`Scores` (see the module docstring for the formulas).

    Raises:
        SchemaError: A frame lacks a column it needs.
        ParameterError: ``paragraphs`` holds no rows or more than one document, a mention points at a
            paragraph of the document that is not in ``paragraphs``, or ``documents`` (given for a gold file with
            metadata) does not hold exactly one row of the document.
    """
    _require_columns(paragraphs, _PARAGRAPH_COLUMNS, name="paragraphs")
    _require_columns(instrument_mentions, _INSTRUMENT_COLUMNS, name="instrument_mentions")
    _require_columns(body_mentions, _BODY_COLUMNS, name="body_mentions")
    doc_ids = sorted(str(doc_id) for doc_id in paragraphs.get_column("doc_id").unique())
    if len(doc_ids) != 1:
        raise ParameterError(
            f"paragraphs must hold the rows of exactly one document to score against {gold.path}; "
            f"it holds {len(doc_ids)}: {doc_ids[:5]}"
        )
    doc_id = doc_ids[0]
    para_to_no = dict(zip(paragraphs.get_column("para_id"), paragraphs.get_column("para_no"), strict=True))
    titles = _document_rows(instrument_mentions, doc_id=doc_id, para_to_no=para_to_no, name="instrument_mentions")
    bodies = _document_rows(body_mentions, doc_id=doc_id, para_to_no=para_to_no, name="body_mentions")
    source = gold.source
    mismatches: list[dict[str, Any]] = []

    # Titles, with their (type, status) labels.
    gold_titles: dict[tuple[int, str], list[tuple[str, str]]] = defaultdict(list)
    for instrument in gold.instruments:
        gold_titles[(instrument.para_no, instrument.title)].append((instrument.type, instrument.status))
    pred_titles: dict[tuple[int, str], list[tuple[str, str]]] = defaultdict(list)
    for para_no, title, type_, status in titles.select("para_no", "title_text", "instrument_type", "status").rows():
        pred_titles[(para_no, normalise_span(title))].append((type_, status))
    n_match = n_right_type = n_right_status = 0
    for key in sorted(gold_titles.keys() | pred_titles.keys()):
        para_no, title = key
        expected, found = gold_titles.get(key, []), pred_titles.get(key, [])
        pairs = _pair(expected, found)
        n_match += len(pairs)
        for (gold_type, gold_status), (pred_type, pred_status) in pairs:
            n_right_type += gold_type == pred_type
            n_right_status += gold_status == pred_status
            if gold_type != pred_type:
                mismatches.append(
                    _mismatch(source, "wrong_type", para_no, f"{title} [{gold_type}]", f"{title} [{pred_type}]")
                )
            if gold_status != pred_status:
                mismatches.append(
                    _mismatch(source, "wrong_status", para_no, f"{title} [{gold_status}]", f"{title} [{pred_status}]")
                )
        mismatches.extend(_mismatch(source, "missed", para_no, title, None) for _ in range(len(expected) - len(pairs)))
        mismatches.extend(_mismatch(source, "spurious", para_no, None, title) for _ in range(len(found) - len(pairs)))

    # Bodies.
    gold_bodies = Counter((body.para_no, _body_label(body.body_id, body.generic), body.text) for body in gold.bodies)
    pred_bodies = Counter(
        (para_no, _body_label(body_id, bool(is_generic)), normalise_span(text))
        for para_no, body_id, is_generic, text in bodies.select(
            "para_no", "body_id", "is_generic", "matched_text"
        ).rows()
    )
    n_body_match = sum((gold_bodies & pred_bodies).values())
    for (para_no, label, text), count in sorted((gold_bodies - pred_bodies).items()):
        mismatches.extend(_mismatch(source, "missed", para_no, f"[{label}] {text}", None) for _ in range(count))
    for (para_no, label, text), count in sorted((pred_bodies - gold_bodies).items()):
        mismatches.extend(_mismatch(source, "spurious", para_no, None, f"[{label}] {text}") for _ in range(count))

    metadata_rows: list[dict[str, Any]] = []
    if documents is not None and (gold.document is not None or gold.metadata is not None):
        metadata_rows = _score_metadata(
            gold, _document_row(documents, doc_id=doc_id), columns=frozenset(documents.columns)
        )

    n_gold_titles, n_pred_titles = len(gold.instruments), titles.height
    metrics = _metrics_frame(
        {
            "title": (n_gold_titles, n_pred_titles, n_match),
            "type": (n_match, n_match, n_right_type),
            "status": (n_match, n_match, n_right_status),
            "body": (len(gold.bodies), bodies.height, n_body_match),
        }
    )
    log.info(
        "%s: %d/%d titles found (%d predicted), %d/%d body mentions found (%d predicted)",
        source,
        n_match,
        n_gold_titles,
        n_pred_titles,
        n_body_match,
        len(gold.bodies),
        bodies.height,
    )
    return Scores(metrics=metrics, mismatches=_mismatches_frame(mismatches), metadata=_metadata_frame(metadata_rows))


def _mismatches_frame(rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=_MISMATCHES_SCHEMA).sort(
        ["source", "para_no", "kind", "expected", "found"], nulls_last=True
    )


def combine_scores(scores: Sequence[Scores]) -> Scores:
    """Micro-average several files' scores: add their counts and recompute every value.

    Args:
        scores: Scores of single files (:func:`score_extraction`) or of earlier combinations.

    Returns:
        Scores whose counts are the sums, whose values are recomputed from them, and whose mismatches are all of
        the files' mismatches.

    Raises:
        ParameterError: ``scores`` is empty.
    """
    if not scores:
        raise ParameterError("combine_scores needs at least one Scores; got none")
    totals = (
        pl.concat([score.metrics for score in scores])
        .group_by("metric")
        .agg(pl.col("n_gold").sum(), pl.col("n_pred").sum(), pl.col("n_match").sum())
    )
    by_metric = {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in totals.rows()}
    metrics = _metrics_frame(
        {
            "title": by_metric["title_precision"],
            "type": by_metric["type_accuracy"],
            "status": by_metric["status_accuracy"],
            "body": by_metric["body_precision"],
        }
    )
    mismatches = _mismatches_frame([row for score in scores for row in score.mismatches.iter_rows(named=True)])
    metadata = _metadata_frame([row for score in scores for row in score.metadata.iter_rows(named=True)])
    return Scores(metrics=metrics, mismatches=mismatches, metadata=metadata)


def metadata_summary(scores: Scores) -> pl.DataFrame:
    """Count the metadata outcomes per field.

    Args:
        scores: Scores of one file or of several (:func:`combine_scores`).

    Returns:
        One row per field that a gold file annotates, in the order of :data:`METADATA_FIELDS`: ``field`` and one
        ``n_<outcome>`` column per outcome of :data:`METADATA_OUTCOMES` (``n_correct``, ``n_wrong``, ``n_missed``,
        ``n_guessed``, ``n_both_empty``, ``n_not_extracted``). Empty when nothing was scored.
    """
    rows = []
    for name in METADATA_FIELDS:
        outcomes = scores.metadata.filter(pl.col("field") == name).get_column("outcome").to_list()
        if outcomes:
            counts = Counter(outcomes)
            rows.append({"field": name, **{f"n_{outcome}": counts.get(outcome, 0) for outcome in METADATA_OUTCOMES}})
    schema = {"field": pl.String(), **{f"n_{outcome}": pl.Int64() for outcome in METADATA_OUTCOMES}}
    return pl.DataFrame(rows, schema=schema)
