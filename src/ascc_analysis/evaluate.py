"""Evaluation: extraction tables scored against hand-made gold annotations.

Reads gold files (``tests/gold/*.yaml``, written to ``tests/gold/GUIDELINES.md``) and scores one document's rows of
the ``instrument_mentions`` and ``body_mentions`` tables (:mod:`ascc_analysis.schemas`) against them.

Matching is per paragraph number (``para_no``; preamble blocks are paragraph 0, sub-items count for their
paragraph) and on exact spans after :func:`normalise_span` (curly quotes made straight, runs of white space one
space). Both sides are multisets: a title named twice in a paragraph must be found twice.

- **Titles**: key ``(para_no, title)``; with ``m`` matches, ``g`` gold and ``p`` predicted titles,
  ``precision = m / p``, ``recall = m / g``, ``f1 = 2m / (g + p)`` (the harmonic mean of the two). A value whose
  denominator is 0 is null.
- **Type and status accuracy** over the matched titles: the share of matched pairs whose type (status) agrees.
  Where a key matches several times, gold and predicted mentions are paired to agree as far as possible.
- **Bodies**: key ``(para_no, body_id or "generic", text)``; precision, recall and F1 as for titles.

:func:`combine_scores` micro-averages: it adds the counts of several files and recomputes the values.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import polars as pl
import yaml

from ascc_analysis.errors import AsccError, ParameterError, SchemaError
from ascc_analysis.extract.instruments import INSTRUMENT_TYPES, STATUSES

log = logging.getLogger(__name__)

__all__ = [
    "INSTRUMENT_TYPES",
    "METRICS",
    "STATUSES",
    "Gold",
    "GoldBody",
    "GoldError",
    "GoldInstrument",
    "Scores",
    "combine_scores",
    "format_scores",
    "normalise_span",
    "read_gold",
    "read_gold_dir",
    "score_extraction",
]

# Vocabularies of tests/gold/GUIDELINES.md, shared with the extractor.
# Rows of Scores.metrics, in this order.
METRICS: Final[tuple[str, ...]] = (
    "title_precision",
    "title_recall",
    "title_f1",
    "type_accuracy",
    "status_accuracy",
    "body_precision",
    "body_recall",
    "body_f1",
)
MismatchKind = Literal["missed", "spurious", "wrong_type", "wrong_status"]
MISMATCH_KINDS: Final[tuple[str, ...]] = ("missed", "spurious", "wrong_type", "wrong_status")

_TOP_KEYS = frozenset({"source", "synthetic", "annotator", "notes", "paragraphs"})
_PARAGRAPH_KEYS = frozenset({"instruments", "bodies"})
_INSTRUMENT_KEYS = frozenset({"title", "type", "status", "acronym"})
_BODY_KEYS = frozenset({"body_id", "text", "generic"})
_GENERIC_LABEL = "generic"

_METRICS_SCHEMA = pl.Schema(
    {"metric": pl.String(), "value": pl.Float64(), "n_gold": pl.Int64(), "n_pred": pl.Int64(), "n_match": pl.Int64()}
)
_MISMATCHES_SCHEMA = pl.Schema(
    {
        "source": pl.String(),
        "kind": pl.String(),
        "para_no": pl.Int32(),
        "expected": pl.String(),
        "found": pl.String(),
    }
)
_PARAGRAPH_COLUMNS = ("doc_id", "para_id", "para_no")
_INSTRUMENT_COLUMNS = ("para_id", "title_text", "instrument_type", "status")
_BODY_COLUMNS = ("para_id", "body_id", "is_generic", "matched_text")

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"'})
_SPACE = re.compile(r"\s+")


class GoldError(AsccError):
    """A gold annotation file cannot be read or breaks the rules of ``tests/gold/GUIDELINES.md``.

    Attributes:
        path: The offending gold file.
    """

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


# --------------------------------------------------------------------------------------------- gold files


@dataclass(frozen=True)
class GoldInstrument:
    """One instrument title annotated in one paragraph."""

    para_no: int
    title: str
    type: str
    status: str
    acronym: str | None


@dataclass(frozen=True)
class GoldBody:
    """One body mention (or generic reference to bodies) annotated in one paragraph."""

    para_no: int
    body_id: str | None
    text: str
    generic: bool


@dataclass(frozen=True)
class Gold:
    """The gold annotations of one statement.

    Attributes:
        source: File name of the annotated statement.
        synthetic: Whether the statement is a synthetic demo statement.
        instruments: Annotated titles, by paragraph number and then in file order.
        bodies: Annotated body mentions, by paragraph number and then in file order.
        path: The gold file.
    """

    source: str
    synthetic: bool
    instruments: tuple[GoldInstrument, ...]
    bodies: tuple[GoldBody, ...]
    path: Path


def normalise_span(text: str) -> str:
    """A span as gold files write it: curly quotes made straight, white space runs one space, no edge spaces.

    Args:
        text: A title or body mention as found in a paragraph.

    Returns:
        The normalised span.
    """
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def _check_keys(entry: Mapping[Any, Any], allowed: frozenset[str], *, path: Path, where: str) -> None:
    unknown = sorted(str(key) for key in entry if key not in allowed)
    if unknown:
        raise GoldError(path, f"{where}: unknown key(s) {unknown}; expected: {', '.join(sorted(allowed))}")


def _span(value: Any, *, path: Path, where: str, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GoldError(path, f"{where}: {field} {value!r} is missing or empty; a non-empty string is required")
    if normalise_span(value) != value:
        raise GoldError(
            path,
            f"{where}: {field} {value!r} is not normalised; write straight quotes and single spaces, "
            f"as in {normalise_span(value)!r}",
        )
    return value


def _choice(value: Any, choices: Sequence[str], *, path: Path, where: str, field: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise GoldError(path, f"{where}: unknown {field} {value!r}; expected one of: {', '.join(choices)}")
    return value


def _entries(value: Any, *, path: Path, where: str, kind: str) -> list[Mapping[Any, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise GoldError(path, f"{where}: the {kind} entries must be a list, got {type(value).__name__}")
    for index, entry in enumerate(value, start=1):
        if not isinstance(entry, Mapping):
            raise GoldError(path, f"{where}: {kind} {index}: expected a mapping, got {entry!r}")
    return list(value)


def _read_instrument(entry: Mapping[Any, Any], *, para_no: int, path: Path, where: str) -> GoldInstrument:
    _check_keys(entry, _INSTRUMENT_KEYS, path=path, where=where)
    acronym = entry.get("acronym")
    if acronym is not None and (not isinstance(acronym, str) or not acronym.strip()):
        raise GoldError(path, f"{where}: acronym {acronym!r} must be a non-empty string or null")
    return GoldInstrument(
        para_no=para_no,
        title=_span(entry.get("title"), path=path, where=where, field="title"),
        type=_choice(entry.get("type"), INSTRUMENT_TYPES, path=path, where=where, field="type"),
        status=_choice(entry.get("status"), STATUSES, path=path, where=where, field="status"),
        acronym=acronym,
    )


def _read_body(
    entry: Mapping[Any, Any], *, para_no: int, path: Path, where: str, body_ids: Collection[str] | None
) -> GoldBody:
    _check_keys(entry, _BODY_KEYS, path=path, where=where)
    if "body_id" not in entry:
        raise GoldError(path, f"{where}: body_id is missing; give a registry id, or null with generic: true")
    body_id = entry["body_id"]
    generic = entry.get("generic", False)
    if not isinstance(generic, bool):
        raise GoldError(path, f"{where}: generic {generic!r} must be true or false")
    if generic and body_id is not None:
        raise GoldError(path, f"{where}: a generic reference has body_id null, not {body_id!r}")
    if not generic and not (isinstance(body_id, str) and body_id.strip()):
        raise GoldError(path, f"{where}: body_id {body_id!r} must be a registry id (or null with generic: true)")
    if body_ids is not None and body_id is not None and body_id not in body_ids:
        raise GoldError(path, f"{where}: body_id {body_id!r} is not in the bodies registry")
    return GoldBody(
        para_no=para_no,
        body_id=body_id,
        text=_span(entry.get("text"), path=path, where=where, field="text"),
        generic=generic,
    )


def read_gold(path: Path, *, body_ids: Collection[str] | None = None) -> Gold:
    """Read and validate one gold annotation file.

    Args:
        path: A YAML file in the format of ``tests/gold/GUIDELINES.md``.
        body_ids: Registry body ids to check ``body_id`` against (for example
            ``{body.id for body in load_registry().bodies}``); None skips the check.

    Returns:
        The annotations, ordered by paragraph number and then as written.

    Raises:
        GoldError: The file cannot be read or parsed; a key is unknown; ``source``, ``synthetic`` or
            ``paragraphs`` is missing or of the wrong type; a paragraph number is not a whole number >= 0; a title
            or text is missing, empty or not normalised; a type or status is outside the guidelines' vocabulary; a
            body entry mixes ``generic`` and ``body_id`` wrongly or names an unknown body. The message names the
            file, the paragraph and the value.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GoldError(path, f"cannot read the gold file ({error.strerror or error})") from error
    except yaml.YAMLError as error:
        raise GoldError(path, f"not valid YAML: {error}") from error
    if not isinstance(data, Mapping):
        raise GoldError(path, "a gold file is a YAML mapping with keys source, synthetic and paragraphs")
    _check_keys(data, _TOP_KEYS, path=path, where="top level")
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise GoldError(path, f"source {source!r} must be the file name of the annotated statement")
    synthetic = data.get("synthetic")
    if not isinstance(synthetic, bool):
        raise GoldError(path, f"synthetic {synthetic!r} must be true or false")
    paragraphs = data.get("paragraphs")
    if paragraphs is None:
        paragraphs = {}
    if not isinstance(paragraphs, Mapping):
        raise GoldError(path, "paragraphs must map paragraph numbers to their annotations")

    instruments: list[GoldInstrument] = []
    bodies: list[GoldBody] = []
    for key in paragraphs:
        if isinstance(key, bool) or not isinstance(key, int) or key < 0:
            raise GoldError(
                path, f"paragraph number {key!r} is not valid; a whole number >= 0 is required (0: the preamble)"
            )
    for para_no in sorted(paragraphs):
        where = f"paragraph {para_no}"
        annotations = paragraphs[para_no]
        if annotations is None:
            continue
        if not isinstance(annotations, Mapping):
            raise GoldError(path, f"{where}: expected a mapping with instruments and/or bodies")
        _check_keys(annotations, _PARAGRAPH_KEYS, path=path, where=where)
        for index, entry in enumerate(
            _entries(annotations.get("instruments"), path=path, where=where, kind="instrument"), start=1
        ):
            instruments.append(
                _read_instrument(entry, para_no=para_no, path=path, where=f"{where}: instrument {index}")
            )
        for index, entry in enumerate(
            _entries(annotations.get("bodies"), path=path, where=where, kind="body"), start=1
        ):
            bodies.append(
                _read_body(entry, para_no=para_no, path=path, where=f"{where}: body {index}", body_ids=body_ids)
            )
    log.debug("%s: %d titles, %d body mentions", path, len(instruments), len(bodies))
    return Gold(source=source, synthetic=synthetic, instruments=tuple(instruments), bodies=tuple(bodies), path=path)


def read_gold_dir(folder: Path, *, body_ids: Collection[str] | None = None) -> tuple[Gold, ...]:
    """Read every gold file (``*.yaml``) of a folder, sorted by file name.

    Raises:
        GoldError: A file is not valid (see :func:`read_gold`), or two files annotate the same source.
    """
    golds = tuple(read_gold(path, body_ids=body_ids) for path in sorted(folder.glob("*.yaml")))
    seen: dict[str, Path] = {}
    for gold in golds:
        if gold.source in seen:
            raise GoldError(gold.path, f"source {gold.source!r} is also annotated in {seen[gold.source]}")
        seen[gold.source] = gold.path
    return golds


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
    """

    metrics: pl.DataFrame
    mismatches: pl.DataFrame


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


def score_extraction(
    gold: Gold,
    *,
    paragraphs: pl.DataFrame,
    instrument_mentions: pl.DataFrame,
    body_mentions: pl.DataFrame,
) -> Scores:
    """Score one document's extracted titles and body mentions against its gold annotations.

    Args:
        gold: The document's gold annotations (:func:`read_gold`).
        paragraphs: ``paragraphs`` rows of one document (at least ``doc_id``, ``para_id`` and ``para_no``); every
            level is used: paragraph and sub-item rows count for their ``para_no``, preamble rows for 0.
        instrument_mentions: ``instrument_mentions`` rows (at least ``para_id``, ``title_text``,
            ``instrument_type`` and ``status``); rows of other documents (by ``doc_id``) are ignored.
        body_mentions: ``body_mentions`` rows (at least ``para_id``, ``body_id``, ``is_generic`` and
            ``matched_text``); rows of other documents are ignored.

    Returns:
        The :class:`Scores` (see the module docstring for the formulas).

    Raises:
        SchemaError: A frame lacks a column it needs.
        ParameterError: ``paragraphs`` holds no rows or more than one document, or a mention points at a
            paragraph of the document that is not in ``paragraphs``.
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
    return Scores(metrics=metrics, mismatches=_mismatches_frame(mismatches))


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
    return Scores(metrics=metrics, mismatches=mismatches)


# --------------------------------------------------------------------------------------------- report


def format_scores(scores: Scores, *, name: str, max_mismatches: int = 20) -> str:
    """A plain-text report of scores: an aligned table of the metrics, then the first mismatches.

    The layout is fixed (same columns, widths and order for any gold file), for example::

        Extraction scores: ascc-council-32
        metric             value  n_gold  n_pred  n_match
        title_precision   0.6667       3       3        2
        ...
        mismatches: 2 (missed 1, spurious 1, wrong_type 0, wrong_status 0)
          p04  missed        ASEAN Declaration on ...  ->  -

    Args:
        scores: Scores of one file or of several (:func:`combine_scores`).
        name: What was scored (a gold file's stem, "all gold files", ...), shown in the first line.
        max_mismatches: How many mismatches to list; the rest are counted.

    Returns:
        The report, lines joined by newlines, ending in a newline.

    Raises:
        ParameterError: ``max_mismatches`` is negative.
    """
    if max_mismatches < 0:
        raise ParameterError(f"max_mismatches must be 0 or more, got {max_mismatches}")
    lines = [f"Extraction scores: {name}", f"{'metric':<16} {'value':>7} {'n_gold':>7} {'n_pred':>7} {'n_match':>8}"]
    for metric, value, n_gold, n_pred, n_match in scores.metrics.select(_METRICS_SCHEMA.names()).rows():
        shown = "n/a" if value is None else f"{value:.4f}"
        lines.append(f"{metric:<16} {shown:>7} {n_gold:>7} {n_pred:>7} {n_match:>8}")
    mismatches = scores.mismatches
    kind_counts = Counter(mismatches.get_column("kind").to_list())
    lines.append(
        f"mismatches: {mismatches.height} ("
        + ", ".join(f"{kind} {kind_counts.get(kind, 0)}" for kind in MISMATCH_KINDS)
        + ")"
    )
    multiple_sources = mismatches.get_column("source").n_unique() > 1
    for source, kind, para_no, expected, found in mismatches.head(max_mismatches).rows():
        where = f"{source} p{para_no:02d}" if multiple_sources else f"p{para_no:02d}"
        lines.append(f"  {where}  {kind:<12}  {expected or '-'}  ->  {found or '-'}")
    if mismatches.height > max_mismatches:
        lines.append(f"  ... and {mismatches.height - max_mismatches} more")
    return "\n".join(lines) + "\n"


def find_source(gold: Gold, *, source_dirs: Sequence[Path]) -> Path:
    """The statement file a gold file annotates, looked up by name in ``source_dirs`` (first match wins).

    Raises:
        GoldError: The file is in none of the folders; the message lists where it looked.
    """
    for folder in source_dirs:
        candidate = folder / gold.source
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(folder) for folder in source_dirs)
    raise GoldError(gold.path, f"{gold.path}: source {gold.source!r} not found in: {looked} (use --source-dir)")


def evaluate_golds(golds: Sequence[Gold], *, sources: Sequence[Path]) -> list[Scores]:
    """Build the annotated statements together through the full pipeline and score each against its gold file.

    The statements are built as one corpus (in a temporary folder), as ``ascc build`` would build them, so that an
    acronym defined in one statement is recognised in another.

    Args:
        golds: Gold files.
        sources: The statement file of each gold file, in the same order.

    Returns:
        One :class:`Scores` per gold file.
    """
    import shutil
    import tempfile

    from ascc_analysis.build import build_corpus
    from ascc_analysis.catalog import read_table

    with tempfile.TemporaryDirectory(prefix="ascc-evaluate-") as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "processed"
        raw.mkdir()
        for source in sources:
            shutil.copy(source, raw / source.name)
        build_corpus(raw, out, demo=False)
        documents = read_table(out, "documents")
        paragraphs = read_table(out, "paragraphs")
        instrument_mentions = read_table(out, "instrument_mentions")
        body_mentions = read_table(out, "body_mentions")
    results = []
    for gold, source in zip(golds, sources, strict=True):
        doc_ids = documents.filter(pl.col("source_file") == source.name)["doc_id"].to_list()
        if not doc_ids:
            raise GoldError(gold.path, f"{gold.path}: {source.name} was not built (see `ascc build` problems)")
        in_doc = pl.col("doc_id") == doc_ids[0]
        results.append(
            score_extraction(
                gold,
                paragraphs=paragraphs.filter(in_doc),
                instrument_mentions=instrument_mentions.filter(in_doc),
                body_mentions=body_mentions.filter(in_doc),
            )
        )
    return results
