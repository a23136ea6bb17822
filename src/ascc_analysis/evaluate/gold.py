"""Gold files: reading and checking the hand annotations of ``tests/gold`` (written to ``tests/gold/GUIDELINES.md``).

The vocabularies a gold file may use, its types (:class:`Gold` and its parts) and :func:`read_gold` /
:func:`read_gold_dir`, which refuse a malformed file with a :class:`GoldError` naming the file, the place and the
value.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import polars as pl
import yaml

from ascc_analysis.errors import AsccError
from ascc_analysis.extract.instruments import INSTRUMENT_TYPES, STATUSES
from ascc_analysis.ingest.metadata import COMPLETENESS, COUNTRY_VARIANTS, DOCUMENT_KINDS

log = logging.getLogger(__name__)

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
