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
- **Metadata** (gold files with the optional ``document`` and ``metadata`` blocks, scored against the document's
  row of the ``documents`` table): each field (:data:`METADATA_FIELDS`) is compared with the ``documents`` column of
  :data:`METADATA_COLUMNS` and gets one outcome: ``correct`` (stated in gold, found equal), ``wrong`` (found
  different), ``missed`` (stated in gold, found empty), ``guessed`` (gold null, found filled), ``both_empty``, or
  ``not_extracted`` where the ``documents`` table has no such column (a corpus built before the column was added).
  ``other_meetings`` is compared as text: each meeting ``"BODY NO"`` (``" +3"`` for a Plus Three meeting), sorted and
  joined by "; ", from the gold list and from the ``documents.other_meetings`` structs alike.

:func:`combine_scores` micro-averages: it adds the counts of several files and recomputes the values.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import polars as pl
import yaml

from ascc_analysis.errors import AsccError, ParameterError, SchemaError
from ascc_analysis.extract.instruments import INSTRUMENT_TYPES, STATUSES
from ascc_analysis.ingest.metadata import COUNTRY_VARIANTS

log = logging.getLogger(__name__)

__all__ = [
    "COMPLETENESS",
    "DOCUMENT_KINDS",
    "INSTRUMENT_TYPES",
    "METADATA_COLUMNS",
    "METADATA_FIELDS",
    "METADATA_OUTCOMES",
    "METRICS",
    "STATUSES",
    "Gold",
    "GoldBody",
    "GoldDocument",
    "GoldError",
    "GoldInstrument",
    "GoldMeeting",
    "GoldMetadata",
    "Scores",
    "combine_scores",
    "format_scores",
    "metadata_summary",
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

# The optional document and metadata blocks of a gold file (tests/gold/GUIDELINES.md, "Document and metadata").
DOCUMENT_KINDS: Final[tuple[str, ...]] = (
    "joint_statement",
    "chairmans_statement",
    "media_release",
    "leaders_statement",
    "declaration",
    "other",
)
COMPLETENESS: Final[tuple[str, ...]] = ("complete", "partial", "landing_page")
#: Rows of Scores.metadata for one gold file, in this order: the document block's two fields, then the metadata's.
METADATA_FIELDS: Final[tuple[str, ...]] = (
    "kind",
    "completeness",
    "meeting_body_id",
    "meeting_no",
    "other_meetings",
    "is_plus_three",
    "date",
    "date_end",
    "venue_city",
    "venue_country",
    "is_video_conference",
    "chair",
)
#: The ``documents`` column each field is scored against; a field whose column the table lacks is not extracted.
METADATA_COLUMNS: Final[Mapping[str, str]] = {
    "kind": "document_kind",
    "completeness": "completeness",
    "meeting_body_id": "meeting_body_id",
    "meeting_no": "meeting_no",
    "other_meetings": "other_meetings",
    "is_plus_three": "is_plus_three",
    "date": "date",
    "date_end": "date_end",
    "venue_city": "venue_city",
    "venue_country": "venue_country",
    "is_video_conference": "is_video_conference",
    "chair": "chair",
}
MetadataOutcome = Literal["correct", "wrong", "missed", "guessed", "both_empty", "not_extracted"]
METADATA_OUTCOMES: Final[tuple[str, ...]] = ("correct", "wrong", "missed", "guessed", "both_empty", "not_extracted")

_TOP_KEYS = frozenset({"source", "synthetic", "annotator", "notes", "paragraphs"})
_OPTIONAL_BLOCKS = frozenset({"document", "metadata"})
_DOCUMENT_KEYS = frozenset({"kind", "completeness"})
_METADATA_KEYS = frozenset(METADATA_FIELDS) - _DOCUMENT_KEYS
_MEETING_KEYS = frozenset({"body_id", "meeting_no", "plus_three"})
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
_METADATA_SCHEMA = pl.Schema(
    {
        "source": pl.String(),
        "field": pl.String(),
        "outcome": pl.String(),
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
class GoldDocument:
    """What kind of document a gold file annotates, and how much of it the text holds.

    Attributes:
        kind: One of :data:`DOCUMENT_KINDS`.
        completeness: One of :data:`COMPLETENESS`.
    """

    kind: str
    completeness: str


@dataclass(frozen=True)
class GoldMeeting:
    """A further meeting held jointly with the document's meeting ("and the 15th Meeting of the COP to ...")."""

    body_id: str
    meeting_no: int | None
    plus_three: bool


@dataclass(frozen=True)
class GoldMetadata:
    """What the text states about its meeting; ``None`` where it does not state it.

    Field names are those of the ``documents`` table (:data:`METADATA_COLUMNS`).
    """

    meeting_body_id: str | None
    meeting_no: int | None
    other_meetings: tuple[GoldMeeting, ...]
    is_plus_three: bool | None
    date: dt.date | None
    date_end: dt.date | None
    venue_city: str | None
    venue_country: str | None
    is_video_conference: bool | None
    chair: str | None


@dataclass(frozen=True)
class Gold:
    """The gold annotations of one statement.

    Attributes:
        source: File name of the annotated statement.
        synthetic: Whether the statement is a synthetic demo statement.
        instruments: Annotated titles, by paragraph number and then in file order.
        bodies: Annotated body mentions, by paragraph number and then in file order.
        path: The gold file.
        document: The optional ``document`` block (kind and completeness), or ``None``.
        metadata: The optional ``metadata`` block, or ``None``.
    """

    source: str
    synthetic: bool
    instruments: tuple[GoldInstrument, ...]
    bodies: tuple[GoldBody, ...]
    path: Path
    document: GoldDocument | None = None
    metadata: GoldMetadata | None = None


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


def _required_keys(entry: Mapping[Any, Any], required: frozenset[str], *, path: Path, where: str) -> None:
    missing = sorted(required - {str(key) for key in entry})
    if missing:
        raise GoldError(
            path, f"{where}: missing key(s) {missing}; give every key, null where the text does not state it"
        )


def _block(value: Any, keys: frozenset[str], *, path: Path, where: str) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        raise GoldError(path, f"{where}: expected a mapping with keys {', '.join(sorted(keys))}, got {value!r}")
    _check_keys(value, keys, path=path, where=where)
    _required_keys(value, keys, path=path, where=where)
    return value


def _read_document(value: Any, *, path: Path) -> GoldDocument:
    block = _block(value, _DOCUMENT_KEYS, path=path, where="document")
    return GoldDocument(
        kind=_choice(block["kind"], DOCUMENT_KINDS, path=path, where="document", field="kind"),
        completeness=_choice(block["completeness"], COMPLETENESS, path=path, where="document", field="completeness"),
    )


def _optional_text(value: Any, *, path: Path, where: str, field: str) -> str | None:
    if value is None:
        return None
    return _span(value, path=path, where=where, field=field)


def _optional_bool(value: Any, *, path: Path, where: str, field: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise GoldError(path, f"{where}: {field} {value!r} must be true, false or null")
    return value


def _optional_number(value: Any, *, path: Path, where: str, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise GoldError(path, f"{where}: {field} {value!r} must be a whole number >= 1 or null")
    return value


def _optional_date(value: Any, *, path: Path, where: str, field: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise GoldError(path, f"{where}: {field} {value!r} must be a date written YYYY-MM-DD, or null")


def _optional_country(value: Any, *, path: Path, where: str, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in COUNTRY_VARIANTS:
        raise GoldError(
            path,
            f"{where}: {field} {value!r} is not a canonical country name; expected one of: "
            + ", ".join(COUNTRY_VARIANTS),
        )
    return value


def _body_id(value: Any, *, path: Path, where: str, field: str, body_ids: Collection[str] | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise GoldError(path, f"{where}: {field} {value!r} must be a registry body id or null")
    if body_ids is not None and value not in body_ids:
        raise GoldError(path, f"{where}: {field} {value!r} is not in the bodies registry")
    return value


def _read_meetings(value: Any, *, path: Path, body_ids: Collection[str] | None) -> tuple[GoldMeeting, ...]:
    where = "metadata: other_meetings"
    if value is None:
        return ()
    if not isinstance(value, list):
        raise GoldError(path, f"{where}: expected a list of meetings (or []), got {value!r}")
    meetings = []
    for index, entry in enumerate(value, start=1):
        at = f"{where} {index}"
        if not isinstance(entry, Mapping):
            raise GoldError(path, f"{at}: expected a mapping with body_id, meeting_no, plus_three; got {entry!r}")
        _check_keys(entry, _MEETING_KEYS, path=path, where=at)
        body_id = _body_id(entry.get("body_id"), path=path, where=at, field="body_id", body_ids=body_ids)
        if body_id is None:
            raise GoldError(path, f"{at}: body_id is missing; a further meeting needs its registry body id")
        plus_three = entry.get("plus_three", False)
        if not isinstance(plus_three, bool):
            raise GoldError(path, f"{at}: plus_three {plus_three!r} must be true or false")
        meetings.append(
            GoldMeeting(
                body_id=body_id,
                meeting_no=_optional_number(entry.get("meeting_no"), path=path, where=at, field="meeting_no"),
                plus_three=plus_three,
            )
        )
    return tuple(meetings)


def _read_metadata(value: Any, *, path: Path, body_ids: Collection[str] | None) -> GoldMetadata:
    where = "metadata"
    block = _block(value, _METADATA_KEYS, path=path, where=where)
    date = _optional_date(block["date"], path=path, where=where, field="date")
    date_end = _optional_date(block["date_end"], path=path, where=where, field="date_end")
    if date_end is not None and date is None:
        raise GoldError(path, f"{where}: date_end {date_end} is given without a date")
    if date is not None and date_end is not None and date_end < date:
        raise GoldError(path, f"{where}: date_end {date_end} is before date {date}")
    return GoldMetadata(
        meeting_body_id=_body_id(
            block["meeting_body_id"], path=path, where=where, field="meeting_body_id", body_ids=body_ids
        ),
        meeting_no=_optional_number(block["meeting_no"], path=path, where=where, field="meeting_no"),
        other_meetings=_read_meetings(block["other_meetings"], path=path, body_ids=body_ids),
        is_plus_three=_optional_bool(block["is_plus_three"], path=path, where=where, field="is_plus_three"),
        date=date,
        date_end=date_end,
        venue_city=_optional_text(block["venue_city"], path=path, where=where, field="venue_city"),
        venue_country=_optional_country(block["venue_country"], path=path, where=where, field="venue_country"),
        is_video_conference=_optional_bool(
            block["is_video_conference"], path=path, where=where, field="is_video_conference"
        ),
        chair=_optional_country(block["chair"], path=path, where=where, field="chair"),
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
            body entry mixes ``generic`` and ``body_id`` wrongly or names an unknown body; the optional
            ``document`` or ``metadata`` block lacks a key, has an unknown one, or holds a value of the wrong kind
            (an unknown kind or completeness, a date that is not YYYY-MM-DD or ends before it starts, a country
            that is not a canonical name, a meeting number that is not a whole number >= 1, an unknown body id).
            The message names the file, the paragraph or block, the key and the value.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GoldError(path, f"cannot read the gold file ({error.strerror or error})") from error
    except yaml.YAMLError as error:
        raise GoldError(path, f"not valid YAML: {error}") from error
    if not isinstance(data, Mapping):
        raise GoldError(path, "a gold file is a YAML mapping with keys source, synthetic and paragraphs")
    unknown = sorted(str(key) for key in data if key not in _TOP_KEYS | _OPTIONAL_BLOCKS)
    if unknown:
        raise GoldError(
            path,
            f"top level: unknown key(s) {unknown}; expected: {', '.join(sorted(_TOP_KEYS))}, "
            f"and the optional blocks {', '.join(sorted(_OPTIONAL_BLOCKS))}",
        )
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
    document = _read_document(data["document"], path=path) if "document" in data else None
    metadata = _read_metadata(data["metadata"], path=path, body_ids=body_ids) if "metadata" in data else None
    log.debug("%s: %d titles, %d body mentions", path, len(instruments), len(bodies))
    return Gold(
        source=source,
        synthetic=synthetic,
        instruments=tuple(instruments),
        bodies=tuple(bodies),
        path=path,
        document=document,
        metadata=metadata,
    )


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

    Where metadata was scored (gold files with ``document``/``metadata`` blocks), a second table follows: the
    outcome counts per field (fields without a ``documents`` column are shown as not extracted), a total over the
    scored fields, and the first wrong, missed and guessed values (``field  outcome  expected  ->  found``).

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
    if scores.metadata.height:
        lines.extend(_format_metadata(scores.metadata, max_errors=max_mismatches))
    return "\n".join(lines) + "\n"


_METADATA_ERRORS = ("wrong", "missed", "guessed")


def _format_metadata(metadata: pl.DataFrame, *, max_errors: int) -> list[str]:
    """The metadata part of :func:`format_scores`: outcome counts per field, then the first errors."""
    counted = ("correct", "wrong", "missed", "guessed", "both_empty")
    lines = [f"{'metadata':<20}" + "".join(f" {outcome:>10}" for outcome in counted)]
    totals: Counter[str] = Counter()
    for name in METADATA_FIELDS:
        rows = metadata.filter(pl.col("field") == name)
        if not rows.height:
            continue
        counts = Counter(rows.get_column("outcome").to_list())
        if counts.get("not_extracted"):
            stated = rows.filter(pl.col("expected").is_not_null()).height
            lines.append(f"{name:<20} not extracted (gold: {stated} stated, {rows.height - stated} null)")
            continue
        totals.update(counts)
        lines.append(f"{name:<20}" + "".join(f" {counts.get(outcome, 0):>10}" for outcome in counted))
    lines.append(f"{'all scored fields':<20}" + "".join(f" {totals.get(outcome, 0):>10}" for outcome in counted))
    errors = metadata.filter(pl.col("outcome").is_in(_METADATA_ERRORS))
    error_counts = Counter(errors.get_column("outcome").to_list())
    lines.append(
        f"metadata errors: {errors.height} ("
        + ", ".join(f"{outcome} {error_counts.get(outcome, 0)}" for outcome in _METADATA_ERRORS)
        + ")"
    )
    multiple_sources = metadata.get_column("source").n_unique() > 1
    for source, name, outcome, expected, found in errors.head(max_errors).select(_METADATA_SCHEMA.names()).rows():
        where = f"{source} {name}" if multiple_sources else name
        lines.append(f"  {where}  {outcome:<8}  {expected or '-'}  ->  {found or '-'}")
    if errors.height > max_errors:
        lines.append(f"  ... and {errors.height - max_errors} more")
    return lines


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


HEADER_LINE_PREFIX: Final = b"# "
_TEXT_SUFFIXES = frozenset({".txt"})


def drop_header_lines(data: bytes) -> bytes:
    """A text file's bytes without its lines that start with ``"# "`` (as ``grep -v '^# '`` would print it).

    The real statement excerpts of the shared corpus (``../shared/corpus/excerpts/``) start with such lines (source
    URL, meeting, date, how the text was obtained), which are not part of the statement.

    Args:
        data: The file's bytes (any ASCII-compatible encoding; line ends are kept as they are).

    Returns:
        The bytes with those lines removed.
    """
    return b"".join(line for line in data.splitlines(keepends=True) if not line.startswith(HEADER_LINE_PREFIX))


def _copy_source(source: Path, target: Path, *, drop_headers: bool) -> None:
    if drop_headers and source.suffix.lower() in _TEXT_SUFFIXES:
        target.write_bytes(drop_header_lines(source.read_bytes()))
    else:
        shutil.copy(source, target)


def evaluate_golds(golds: Sequence[Gold], *, sources: Sequence[Path], drop_headers: bool = False) -> list[Scores]:
    """Build the annotated statements together through the full pipeline and score each against its gold file.

    The statements are built as one corpus (in a temporary folder), as ``ascc build`` would build them, so that an
    acronym defined in one statement is recognised in another. A statement that the build drops as a duplicate of
    another (``ascc build`` gives a press release and the joint statement of one meeting the same ``doc_id``) is
    built again in a further round without the statement it collided with, so that every gold file is scored.

    Args:
        golds: Gold files.
        sources: The statement file of each gold file, in the same order.
        drop_headers: Drop the lines that start with ``"# "`` from text sources before building
            (:func:`drop_header_lines`; the shared excerpts' header lines). The source files are not changed.

    Returns:
        One :class:`Scores` per gold file, in the order of ``golds``.

    Raises:
        GoldError: A statement could not be built.
    """
    from ascc_analysis.build import build_corpus
    from ascc_analysis.catalog import read_table

    results: dict[int, Scores] = {}
    pending = list(range(len(golds)))
    with tempfile.TemporaryDirectory(prefix="ascc-evaluate-") as tmp:
        for round_no in itertools.count(1):
            if not pending:
                break
            raw, out = Path(tmp) / f"raw-{round_no}", Path(tmp) / f"processed-{round_no}"
            raw.mkdir()
            for index in pending:
                _copy_source(sources[index], raw / sources[index].name, drop_headers=drop_headers)
            build = build_corpus(raw, out, demo=False)
            duplicates = {problem.source_file for problem in build.problems if problem.code == "duplicate"}
            documents = read_table(out, "documents")
            paragraphs = read_table(out, "paragraphs")
            instrument_mentions = read_table(out, "instrument_mentions")
            body_mentions = read_table(out, "body_mentions")
            deferred = []
            for index in pending:
                gold, name = golds[index], sources[index].name
                doc_ids = documents.filter(pl.col("source_file") == name)["doc_id"].to_list()
                if not doc_ids:
                    if name in duplicates:
                        log.info("%s: built as a duplicate of another statement; building it again apart", name)
                        deferred.append(index)
                        continue
                    raise GoldError(gold.path, f"{gold.path}: {name} was not built (see `ascc build` problems)")
                in_doc = pl.col("doc_id") == doc_ids[0]
                results[index] = score_extraction(
                    gold,
                    paragraphs=paragraphs.filter(in_doc),
                    instrument_mentions=instrument_mentions.filter(in_doc),
                    body_mentions=body_mentions.filter(in_doc),
                    documents=documents.filter(in_doc),
                )
            if len(deferred) == len(pending):  # nothing built in this round: give up rather than loop
                raise GoldError(golds[deferred[0]].path, f"{sources[deferred[0]].name} was not built (duplicate)")
            pending = deferred
    return [results[index] for index in range(len(golds))]
