"""The source manifest (``data/raw/sources.csv``) and the chairmanships resource.

Part of the parse stage. The manifest lists known statements, one row per statement, with the facts about each
meeting that are known from outside the text (the reference list of ASCC Council meetings, a user's own notes).
When a raw file is parsed, :func:`match_source` finds its row (by file name, else by content hash, else by
meeting body and number) and :func:`apply_manifest` lets the row's values override the metadata extracted from
the text; the ``documents`` table records which fields came from the manifest (``manifest_fields``).

The manifest is a UTF-8 CSV file: comma-separated, a header row of :data:`MANIFEST_COLUMNS`, ``\\n`` line ends,
fields quoted only where needed, dates as ``YYYY-MM-DD``, booleans as ``true``/``false``, empty fields for unknown
values. :func:`read_manifest` and :func:`write_manifest` are symmetric: writing what was read gives the same bytes.

:func:`read_chairmanships` reads the package resource ``resources/chairmanships.csv`` (year, chair country and
theme of each ASEAN Chairmanship).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import io
import logging
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from ascc_analysis.catalog import write_file_atomic
from ascc_analysis.errors import ManifestError, SchemaError
from ascc_analysis.ingest.metadata import DOCUMENT_KINDS, Metadata, canonical_country, format_meeting_name
from ascc_analysis.registry import Registry, load_registry

log = logging.getLogger(__name__)

#: Column name -> polars dtype of the manifest, in file order.
MANIFEST_SCHEMA: dict[str, pl.DataType] = {
    "source_id": pl.String(),  # stable id of the statement, e.g. "ascc-council-32"
    "meeting_body_id": pl.String(),  # registry id
    "meeting_no": pl.Int32(),
    "other_meetings": pl.String(),  # the other meetings of a joint meeting: "COP-AATHP:15;AMME:16+3"
    "is_plus_three": pl.Boolean(),  # the row's own meeting is an ASEAN Plus Three meeting (empty reads as false)
    "date": pl.Date(),  # first day (first day of the month/year at coarser precision)
    "date_end": pl.Date(),  # last day (last day of the month/year at coarser precision)
    "date_precision": pl.String(),  # day | month | year
    "venue_city": pl.String(),
    "venue_country": pl.String(),
    "chair": pl.String(),  # chair country
    "chair_theme": pl.String(),
    "is_video_conference": pl.Boolean(),
    "document_kind": pl.String(),  # what ``url`` is: one of DOCUMENT_KINDS
    "url": pl.String(),  # the official statement or press page
    "file": pl.String(),  # the raw file, relative to the raw folder, forward slashes
    "sha256": pl.String(),  # SHA-256 of the raw file's bytes, lower-case hex
    "confidence": pl.String(),  # high | medium | low
    "provenance": pl.String(),  # where the facts come from
}
MANIFEST_COLUMNS: tuple[str, ...] = tuple(MANIFEST_SCHEMA)

#: Columns added to the manifest after its first layout; a file without them reads with them empty.
ADDED_COLUMNS: tuple[str, ...] = ("other_meetings", "is_plus_three", "document_kind")

#: Accepted values of the columns with a fixed vocabulary.
DATE_PRECISIONS = ("day", "month", "year")
#: What a row's ``url`` is: the vocabulary of the gold files' ``document.kind`` (tests/gold/GUIDELINES.md), where
#: a communiqué is a ``joint_statement`` and a press release a ``media_release``; ``other`` is a remarks page, a
#: delegation's own statement at the meeting, a news digest or a landing page.
CONFIDENCES = ("high", "medium", "low")
_BOOLEANS = {"true": True, "false": False}
#: Rows are written sorted by these columns (nulls last), so the file's order is stable.
_SORT_COLUMNS = ("meeting_body_id", "meeting_no", "date", "source_id")

CHAIRMANSHIPS_SCHEMA: dict[str, pl.DataType] = {
    "year": pl.Int32(),
    "chair_country": pl.String(),
    "theme": pl.String(),
}
CHAIRMANSHIPS_RESOURCE = "chairmanships.csv"

_METADATA_FIELDS = tuple(field.name for field in dataclasses.fields(Metadata))
_SOURCE_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*")
_SHA256_RE = re.compile(r"[0-9a-fA-F]{64}")
#: One meeting of ``other_meetings``: a registry id (letters, digits, spaces, '-'), ':', its number, '+3' for APT.
_MEETING_REF = r"[A-Za-z][A-Za-z0-9\- ]*[A-Za-z0-9]:[1-9][0-9]*(?:\+3)?"
_OTHER_MEETINGS_RE = re.compile(rf"{_MEETING_REF}(?:;{_MEETING_REF})*")

#: Roles of the addresses in ``source_urls.csv``, in the order a fetch tries them by default.
URL_ROLES = ("statement_pdf", "official_page", "chair_site", "news")
#: Column name -> polars dtype of ``source_urls.csv``, in file order.
SOURCE_URLS_SCHEMA: dict[str, pl.DataType] = {
    "source_id": pl.String(),  # the manifest row
    "url": pl.String(),
    "role": pl.String(),  # one of URL_ROLES
    "provenance": pl.String(),  # how the address was found
}
SOURCE_URLS_COLUMNS: tuple[str, ...] = tuple(SOURCE_URLS_SCHEMA)
SOURCE_URLS_NAME = "source_urls.csv"


@dataclasses.dataclass(frozen=True)
class MeetingRef:
    """One meeting: its body, number and whether it is the ASEAN Plus Three meeting of that body."""

    body_id: str
    meeting_no: int
    is_plus_three: bool = False

    def __str__(self) -> str:
        return f"{self.body_id}:{self.meeting_no}{'+3' if self.is_plus_three else ''}"


def parse_other_meetings(text: str | None) -> tuple[MeetingRef, ...]:
    """The meetings of an ``other_meetings`` value (``"COP-AATHP:15;AMME:16+3"``); empty for ``None`` or ``""``.

    Raises:
        ManifestError: The text is not meetings written ``BODY:N`` (``+3`` for Plus Three) joined by ``;``.
    """
    if text is None or not text.strip():
        return ()
    if not _OTHER_MEETINGS_RE.fullmatch(text.strip()):
        raise ManifestError(f"other_meetings {text!r} is not valid; expected {_OTHER_MEETINGS_HELP}")
    refs = []
    for part in text.strip().split(";"):
        body_id, number = part.rsplit(":", 1)
        refs.append(MeetingRef(body_id, int(number.removesuffix("+3")), number.endswith("+3")))
    return tuple(refs)


_OTHER_MEETINGS_HELP = (
    "meetings written BODY:N joined by ';', with '+3' after the number of an ASEAN Plus Three meeting "
    "(for example 'COP-AATHP:15;AMME:16+3')"
)


# ------------------------------------------------------------------------------------------ reading


def _read_csv_strings(path: Path, *, error: type[Exception]) -> pl.DataFrame:
    """A CSV file as an all-string frame (empty fields null); a UTF-8 byte-order mark is dropped."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from None
    if not text.strip():
        raise error(f"{path}: the file is empty; expected a header row")
    try:
        return pl.read_csv(io.StringIO(text), infer_schema=False, truncate_ragged_lines=False)
    except (pl.exceptions.ComputeError, pl.exceptions.PolarsError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise error(f"{path}: not a well-formed CSV file ({first_line})") from None


def _check_columns(strings: pl.DataFrame, expected: tuple[str, ...], *, path: Path, error: type[Exception]) -> None:
    missing = [name for name in expected if name not in strings.columns]
    extra = [name for name in strings.columns if name not in expected]
    if missing or extra:
        raise error(
            f"{path}: missing columns {missing}, unexpected columns {extra}; expected the columns {', '.join(expected)}"
        )


def _first_bad(strings: pl.DataFrame, column: str, bad: pl.Expr) -> tuple[int, str] | None:
    """(1-based row number, value) of the first row where ``bad`` holds, or ``None``."""
    flagged = strings.with_row_index("_row", offset=1).filter(bad.fill_null(False))
    if flagged.is_empty():
        return None
    value = flagged.item(0, column)
    return int(flagged.item(0, "_row")), "" if value is None else str(value)


def _raise_if(
    strings: pl.DataFrame, column: str, bad: pl.Expr, *, path: Path, accepted: str, error: type[Exception]
) -> None:
    found = _first_bad(strings, column, bad)
    if found is not None:
        row, value = found
        raise error(f"{path}, row {row} (line {row + 1}): {column} {value!r} is not valid; expected {accepted}")


def _manifest_rules() -> list[tuple[str, pl.Expr, str]]:
    """The checks of a manifest's values, in the order they are tried: ``(column, bad-row expression, accepted)``."""
    rules: list[tuple[str, pl.Expr, str]] = []

    def check(column: str, bad: pl.Expr, accepted: str) -> None:
        rules.append((column, bad, accepted))

    source_id = pl.col("source_id")
    check("source_id", source_id.is_null(), "a non-empty id")
    check(
        "source_id",
        ~source_id.str.contains(rf"^{_SOURCE_ID_RE.pattern}$"),
        "letters, digits, '.', '_' and '-' (for example 'ascc-council-32')",
    )
    meeting_no = pl.col("meeting_no")
    as_int = meeting_no.cast(pl.Int32, strict=False)
    check("meeting_no", meeting_no.is_not_null() & (as_int.is_null() | (as_int < 1)), "a whole number from 1")
    for column in ("date", "date_end"):
        value = pl.col(column)
        parsed = value.str.to_date("%Y-%m-%d", strict=False)
        check(
            column,
            value.is_not_null() & (parsed.is_null() | ~value.str.contains(r"^\d{4}-\d{2}-\d{2}$")),
            "a date written YYYY-MM-DD (for example 2024-09-26)",
        )
    check("date_end", pl.col("date").is_null() & pl.col("date_end").is_not_null(), "no date_end without a date")
    check("date_end", pl.col("date_end") < pl.col("date"), "a date_end on or after date")
    precision = pl.col("date_precision")
    check(
        "date_precision",
        precision.is_not_null() & ~precision.is_in(DATE_PRECISIONS),
        f"one of {', '.join(DATE_PRECISIONS)}",
    )
    check(
        "date_precision",
        pl.col("date").is_not_null() & precision.is_null(),
        f"one of {', '.join(DATE_PRECISIONS)} (a date needs its precision)",
    )
    check("date_precision", pl.col("date").is_null() & precision.is_not_null(), "empty when date is empty")
    for column in ("is_video_conference", "is_plus_three"):
        flag = pl.col(column)
        check(column, flag.is_not_null() & ~flag.str.to_lowercase().is_in(list(_BOOLEANS)), "true, false or empty")
    check(
        "other_meetings",
        pl.col("other_meetings").is_not_null()
        & ~pl.col("other_meetings").str.contains(rf"^{_OTHER_MEETINGS_RE.pattern}$"),
        _OTHER_MEETINGS_HELP,
    )
    kind = pl.col("document_kind")
    check(
        "document_kind",
        kind.is_not_null() & ~kind.is_in(DOCUMENT_KINDS),
        f"one of {', '.join(DOCUMENT_KINDS)} or empty",
    )
    confidence = pl.col("confidence")
    check(
        "confidence",
        confidence.is_not_null() & ~confidence.is_in(CONFIDENCES),
        f"one of {', '.join(CONFIDENCES)} or empty",
    )
    check(
        "url",
        pl.col("url").is_not_null() & ~pl.col("url").str.contains(r"^https?://\S+$"),
        "an http:// or https:// address or empty",
    )
    check(
        "sha256",
        pl.col("sha256").is_not_null() & ~pl.col("sha256").str.contains(rf"^{_SHA256_RE.pattern}$"),
        "64 hexadecimal digits or empty",
    )
    file = pl.col("file")
    check(
        "file",
        file.is_not_null() & (file.str.starts_with("/") | file.str.contains(r"(^|/)\.\.(/|$)|\\|^[A-Za-z]:")),
        "a path relative to the raw folder with forward slashes (for example 'ascc/2024-09-26.pdf')",
    )
    for column in ("source_id", "file", "sha256"):
        value = pl.col(column).str.to_lowercase() if column == "sha256" else pl.col(column)
        check(column, value.is_not_null() & value.is_duplicated(), f"a {column} that no other row has")
    return rules


def _read_manifest_strings(path: Path) -> pl.DataFrame:
    """The manifest as stripped strings in the columns of :data:`MANIFEST_COLUMNS` (the first layout completed)."""
    strings = _read_csv_strings(path, error=ManifestError)
    absent = [name for name in ADDED_COLUMNS if name not in strings.columns]
    if absent and len(strings.columns) + len(absent) == len(MANIFEST_COLUMNS):
        log.info("%s: a manifest of the first layout; reading %s as empty", path, ", ".join(absent))
        strings = strings.with_columns(pl.lit(None, pl.String).alias(name) for name in absent)
    _check_columns(strings, MANIFEST_COLUMNS, path=path, error=ManifestError)
    return strings.select(pl.col(name).str.strip_chars() for name in MANIFEST_COLUMNS)


def find_manifest_value_problems(path: Path) -> pl.DataFrame:
    """Every malformed value of a manifest (where :func:`read_manifest` stops at the first).

    Returns:
        ``row, source_id, column, value, accepted``: one row per bad value (``row`` counts from 1 after the
        header), in the order of the checks, then of the rows; empty when the file reads.

    Raises:
        ManifestError: The file is missing, empty, not UTF-8 or not CSV, or a column is missing or unexpected.
    """
    strings = _read_manifest_strings(path).with_row_index("row", offset=1)
    found = [
        strings.filter(bad.fill_null(False)).select(
            pl.col("row").cast(pl.Int64),
            "source_id",
            pl.lit(column).alias("column"),
            pl.col(column).alias("value"),
            pl.lit(accepted).alias("accepted"),
        )
        for column, bad, accepted in _manifest_rules()
    ]
    return pl.concat(found)


def read_manifest(path: Path) -> pl.DataFrame:
    """Read and validate a source manifest.

    Args:
        path: The manifest CSV file (``data/raw/sources.csv``).

    Returns:
        One row per statement with the columns of :data:`MANIFEST_COLUMNS` typed as in :data:`MANIFEST_SCHEMA`
        (``meeting_no`` Int32, ``date``/``date_end`` Date, ``is_video_conference`` and ``is_plus_three`` Boolean,
        an empty ``is_plus_three`` read as false), in file order. Country names are given their canonical spelling
        ("Vietnam" -> "Viet Nam"); hashes are lower-cased. A file of the first layout, without the columns of
        :data:`ADDED_COLUMNS`, reads with them empty.

    Raises:
        ManifestError: The file is missing, empty, not UTF-8 or not CSV; a column is missing or unexpected; a
            value is malformed (the message names the file, the row, the column and the value, and what is
            accepted: ``other_meetings`` as in :func:`parse_other_meetings`, ``document_kind`` one of
            :data:`DOCUMENT_KINDS`); a ``source_id``, ``file`` or ``sha256`` appears twice.
    """
    strings = _read_manifest_strings(path)
    for column, bad, accepted in _manifest_rules():
        _raise_if(strings, column, bad, path=path, accepted=accepted, error=ManifestError)

    manifest = strings.with_columns(
        pl.col("meeting_no").cast(pl.Int32),
        pl.col("date").str.to_date("%Y-%m-%d"),
        pl.col("date_end").str.to_date("%Y-%m-%d"),
        pl.col("is_video_conference").str.to_lowercase().replace_strict(_BOOLEANS, return_dtype=pl.Boolean),
        pl.col("is_plus_three").str.to_lowercase().replace_strict(_BOOLEANS, return_dtype=pl.Boolean).fill_null(False),
        pl.col("sha256").str.to_lowercase(),
        *(
            pl.col(column).map_elements(lambda name: canonical_country(name) or name, return_dtype=pl.String)
            for column in ("venue_country", "chair")
        ),
    )
    log.debug("read %d manifest rows from %s", manifest.height, path)
    return manifest.select(MANIFEST_COLUMNS).cast(MANIFEST_SCHEMA)  # type: ignore[arg-type]


def read_source_urls(path: Path) -> pl.DataFrame:
    """Read and validate ``source_urls.csv``: every known address of each manifest row, with its role.

    Rows of one ``source_id`` are in the order a fetch tries them (the manifest's ``url`` first, then the others by
    preference); the file's order is kept.

    Args:
        path: The CSV file (``data/raw/source_urls.csv``), with the columns of :data:`SOURCE_URLS_COLUMNS`.

    Returns:
        The rows as strings, in file order.

    Raises:
        ManifestError: The file is missing, empty, not UTF-8 or not CSV; a column is missing or unexpected; a
            ``source_id`` is empty or malformed, a ``url`` is not an http(s) address, a ``role`` is not one of
            :data:`URL_ROLES`, or the same address is listed twice for one ``source_id`` (the message names the
            file, the row, the column and the value).
    """
    strings = _read_csv_strings(path, error=ManifestError)
    _check_columns(strings, SOURCE_URLS_COLUMNS, path=path, error=ManifestError)
    strings = strings.select(pl.col(name).str.strip_chars() for name in SOURCE_URLS_COLUMNS)

    def check(column: str, bad: pl.Expr, accepted: str) -> None:
        _raise_if(strings, column, bad, path=path, accepted=accepted, error=ManifestError)

    source_id = pl.col("source_id")
    check("source_id", source_id.is_null(), "the source_id of a manifest row")
    check("source_id", ~source_id.str.contains(rf"^{_SOURCE_ID_RE.pattern}$"), "the source_id of a manifest row")
    url = pl.col("url")
    check("url", url.is_null() | ~url.str.contains(r"^https?://\S+$"), "an http:// or https:// address")
    check("role", pl.col("role").is_null() | ~pl.col("role").is_in(URL_ROLES), f"one of {', '.join(URL_ROLES)}")
    check(
        "url",
        pl.struct("source_id", "url").is_duplicated(),
        "an address listed once per source_id",
    )
    log.debug("read %d source urls from %s", strings.height, path)
    return strings.cast(SOURCE_URLS_SCHEMA)  # type: ignore[arg-type]


def write_source_urls(source_urls: pl.DataFrame, path: Path) -> None:
    """Write ``source_urls.csv`` atomically, in the frame's order (the order of preference).

    The dialect is the one :func:`read_source_urls` reads: writing what was read gives the same bytes.

    Raises:
        ManifestError: The frame lacks a column of :data:`SOURCE_URLS_COLUMNS` or has an unexpected one.
    """
    _check_columns(source_urls, SOURCE_URLS_COLUMNS, path=path, error=ManifestError)
    rows = source_urls.select(SOURCE_URLS_COLUMNS)
    write_file_atomic(path, lambda stream: rows.write_csv(stream, line_terminator="\n", quote_style="necessary"))
    log.info("wrote %d source urls to %s", rows.height, path)


def urls_of(source_urls: pl.DataFrame | None, row: Mapping[str, object]) -> list[tuple[str, str]]:
    """The addresses to try for a manifest row, in order: ``(url, role)``.

    The row's own ``url`` comes first (role ``official_page``, or the role ``source_urls.csv`` gives it), then the
    row's other addresses of ``source_urls.csv`` in file order, each once.
    """
    listed: list[tuple[str, str]] = []
    if source_urls is not None:
        mine = source_urls.filter(pl.col("source_id") == row["source_id"])
        listed = [(str(url), str(role)) for url, role in mine.select("url", "role").iter_rows()]
    ordered: list[tuple[str, str]] = []
    own = row.get("url")
    if isinstance(own, str) and own:
        ordered.append((own, next((role for url, role in listed if url == own), "official_page")))
    ordered += [(url, role) for url, role in listed if url != own]
    return ordered


def manifest_meetings(manifest: pl.DataFrame) -> pl.DataFrame:
    """Every meeting the manifest lists, one row per meeting: a joint meeting's row gives one row per meeting.

    Returns:
        ``source_id, meeting_body_id, meeting_no, is_plus_three, is_primary, date, date_end`` — the row's own meeting
        (``is_primary`` true) and each meeting of its ``other_meetings`` (dated as the row), in manifest order.

    Raises:
        ManifestError: An ``other_meetings`` value is malformed.
    """
    require = ("source_id", "meeting_body_id", "meeting_no", "other_meetings", "is_plus_three", "date", "date_end")
    missing = [column for column in require if column not in manifest.columns]
    if missing:
        raise ManifestError(f"the manifest lacks column(s) {missing}")
    rows: list[dict[str, object]] = []
    for row in manifest.select(require).iter_rows(named=True):
        dates = {"date": row["date"], "date_end": row["date_end"]}
        rows.append(
            {
                "source_id": row["source_id"],
                "meeting_body_id": row["meeting_body_id"],
                "meeting_no": row["meeting_no"],
                "is_plus_three": bool(row["is_plus_three"]),
                "is_primary": True,
            }
            | dates
        )
        for ref in parse_other_meetings(row["other_meetings"]):
            rows.append(
                {
                    "source_id": row["source_id"],
                    "meeting_body_id": ref.body_id,
                    "meeting_no": ref.meeting_no,
                    "is_plus_three": ref.is_plus_three,
                    "is_primary": False,
                }
                | dates
            )
    schema = {
        "source_id": pl.String(),
        "meeting_body_id": pl.String(),
        "meeting_no": pl.Int32(),
        "is_plus_three": pl.Boolean(),
        "is_primary": pl.Boolean(),
        "date": pl.Date(),
        "date_end": pl.Date(),
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


# ------------------------------------------------------------------------------------------ writing


def write_manifest(manifest: pl.DataFrame, path: Path) -> None:
    """Write a source manifest atomically (temporary file, then rename), rows sorted for a stable order.

    Rows are sorted by ``meeting_body_id``, ``meeting_no``, ``date`` and ``source_id`` (empty values last); the
    CSV dialect is the one :func:`read_manifest` reads, so reading the written file and writing it again gives the
    same bytes.

    Args:
        manifest: A frame with the columns of :data:`MANIFEST_COLUMNS` (as :func:`read_manifest` returns).
        path: Where to write; its folder is created if missing.

    Raises:
        ManifestError: The frame lacks a column, has an unexpected one, a column cannot take its manifest type,
            or ``source_id`` is empty or not unique.
    """
    _check_columns(manifest, MANIFEST_COLUMNS, path=path, error=ManifestError)
    try:
        typed = manifest.select(MANIFEST_COLUMNS).cast(MANIFEST_SCHEMA)  # type: ignore[arg-type]
    except pl.exceptions.PolarsError as exc:
        raise ManifestError(f"{path}: the manifest's columns cannot take their types ({exc})") from None
    ids = typed.get_column("source_id")
    if ids.null_count() or ids.n_unique() != typed.height:
        raise ManifestError(f"{path}: source_id must be non-empty and unique in every row")
    ordered = typed.sort(list(_SORT_COLUMNS), nulls_last=True, maintain_order=True)
    write_file_atomic(
        path,
        lambda stream: ordered.write_csv(stream, line_terminator="\n", date_format="%Y-%m-%d", quote_style="necessary"),
    )
    log.info("wrote %d manifest rows to %s", ordered.height, path)


# ------------------------------------------------------------------------------------------ matching


def match_source(
    manifest: pl.DataFrame, *, source_file: str, content_hash: str, metadata: Metadata
) -> dict[str, object] | None:
    """The manifest row that describes a raw file.

    Tried in order: the row whose ``file`` is ``source_file`` (else the one row whose file has the same base
    name); the row whose ``sha256`` is ``content_hash``; the one row of the metadata's meeting
    (``meeting_body_id`` and ``meeting_no``), which is the row's own meeting or one of its ``other_meetings`` (a
    joint meeting's row matches the statement of any of its meetings; a Plus Three meeting matches only metadata
    that says it is one); several such rows are told apart by ``date``; if that fails, none is taken.

    Args:
        manifest: The manifest, as :func:`read_manifest` returns it.
        source_file: The raw file's path relative to the raw folder, with forward slashes.
        content_hash: SHA-256 (hex) of the raw file's bytes.
        metadata: What the text says about the meeting.

    Returns:
        The row as a column -> value mapping, or ``None`` when no row matches.
    """
    source_file = source_file.replace("\\", "/")
    base_name = source_file.rsplit("/", 1)[-1]
    files = pl.col("file")
    steps: list[tuple[str, pl.Expr]] = [
        ("file", files == source_file),
        ("file name", files.str.split("/").list.last() == base_name),
        ("sha256", pl.col("sha256") == content_hash.lower()),
    ]
    if metadata.meeting_body_id is not None and metadata.meeting_no is not None:
        # Metadata that says whether the meeting is a Plus Three one (a later reader may) is used; else it is not.
        plus_three = bool(getattr(metadata, "is_plus_three", False))
        ref = str(MeetingRef(metadata.meeting_body_id, metadata.meeting_no, plus_three))
        same_meeting = (
            (pl.col("meeting_body_id") == metadata.meeting_body_id)
            & (pl.col("meeting_no") == metadata.meeting_no)
            & (pl.col("is_plus_three").fill_null(False) == plus_three)
        ) | (pl.lit(";") + pl.col("other_meetings") + pl.lit(";")).str.contains(f";{ref};", literal=True)
        steps.append(("meeting", same_meeting))
        if metadata.date is not None:
            steps.append(("meeting and date", same_meeting & (pl.col("date") == metadata.date)))
    for how, condition in steps:
        rows = manifest.filter(condition.fill_null(False))
        if rows.height == 1:
            row = rows.row(0, named=True)
            log.debug("%s matches manifest row %s by %s", source_file, row["source_id"], how)
            return row
        if rows.height > 1:
            log.debug("%s matches %d manifest rows by %s; trying the next rule", source_file, rows.height, how)
    return None


def apply_manifest(
    metadata: Metadata, row: Mapping[str, object], *, registry: Registry | None = None
) -> tuple[Metadata, tuple[str, ...]]:
    """Let a manifest row's values override extracted metadata where the row has a value.

    ``date``, ``date_end`` and ``date_precision`` move together: a row with a date sets all three (``date_end``
    defaults to the end of the period at the row's precision) and ``year``; but a row whose date is coarser than
    the extracted one and agrees with it ("2025-10" at month precision, the text says 13 October 2025) leaves the
    extracted, more precise date in place. When the row changes the meeting body
    or number, ``meeting_name`` is rebuilt (:func:`ascc_analysis.ingest.metadata.format_meeting_name`). A statement
    whose own meeting is one of the row's ``other_meetings`` (the COP's statement, matched to the row of the AMME held
    with it) keeps its body and number, so that two documents of one joint meeting stay two statements.

    Args:
        metadata: Metadata extracted from the text.
        row: A manifest row (:func:`match_source`); keys that are not metadata fields are ignored.
        registry: Bodies registry for the meeting name; defaults to the package's.

    Returns:
        The new metadata and the names of the fields the row set, in field order.
    """
    values: dict[str, Any] = dataclasses.asdict(metadata)
    set_fields: list[str] = []

    def put(name: str, value: Any) -> None:
        values[name] = value
        set_fields.append(name)

    # A statement of one of a joint meeting's other meetings (the COP's own statement, matched to the AMME's row)
    # keeps its own body and number: it is another document of the same gathering, not the row's statement.
    other = {str(ref) for ref in parse_other_meetings(_text_or_none(row.get("other_meetings")))}
    own = (
        str(MeetingRef(metadata.meeting_body_id, metadata.meeting_no, bool(getattr(metadata, "is_plus_three", False))))
        if metadata.meeting_body_id is not None and metadata.meeting_no is not None
        else None
    )
    keep_meeting = own is not None and own in other
    for name in ("meeting_body_id", "meeting_no", "venue_city", "venue_country", "chair", "is_video_conference"):
        value = row.get(name)
        if value is not None and not (keep_meeting and name in ("meeting_body_id", "meeting_no")):
            put(name, value)
    date = row.get("date")
    precision = str(row.get("date_precision") or "day")
    date_end = row.get("date_end")
    if isinstance(date, dt.date) and not _is_refinement(metadata, date, precision):
        put("date", date)
        put("date_end", date_end if isinstance(date_end, dt.date) else _period_end(date, precision))
        put("date_precision", precision)
        put("year", date.year)
    if values["meeting_body_id"] != metadata.meeting_body_id or values["meeting_no"] != metadata.meeting_no:
        registry = registry if registry is not None else load_registry()
        meeting_name = format_meeting_name(
            values["meeting_body_id"],
            values["meeting_no"],
            registry=registry,
            is_plus_three=bool(values.get("is_plus_three")),
        )
        if meeting_name != metadata.meeting_name:
            put("meeting_name", meeting_name)
    ordered = tuple(name for name in _METADATA_FIELDS if name in set_fields)
    return Metadata(**values), ordered


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _is_refinement(metadata: Metadata, date: dt.date, precision: str) -> bool:
    """Whether the extracted date is more precise than the manifest's and falls inside its month or year."""
    if metadata.date is None or metadata.date_precision is None:
        return False
    rank = {"day": 0, "month": 1, "year": 2}
    if rank[metadata.date_precision] >= rank.get(precision, 0):
        return False
    return date <= metadata.date <= _period_end(date, precision)


def _period_end(date: dt.date, precision: str) -> dt.date:
    """Last day of the day, month or year that starts at ``date``."""
    if precision == "year":
        return date.replace(month=12, day=31)
    if precision == "month":
        return date.replace(day=calendar.monthrange(date.year, date.month)[1])
    return date


# ------------------------------------------------------------------------------------------ chairmanships


def read_chairmanships(*, path: Path | None = None) -> pl.DataFrame:
    """The ASEAN Chairmanship of each year: chair country and theme.

    Args:
        path: A chairmanships CSV (``year,chair_country,theme``); ``None`` reads the package resource
            ``resources/chairmanships.csv``.

    Returns:
        Columns ``year`` (Int32), ``chair_country`` (canonical country name) and ``theme`` (null where not
        known), one row per year, sorted by year.

    Raises:
        SchemaError: A column is missing or unexpected, a year is not a whole number or appears twice, or a
            chair country is empty or not an ASEAN Member State.
    """
    if path is None:
        path = Path(str(resources.files("ascc_analysis").joinpath("resources", CHAIRMANSHIPS_RESOURCE)))
    strings = _read_csv_strings(path, error=SchemaError)
    columns = tuple(CHAIRMANSHIPS_SCHEMA)
    _check_columns(strings, columns, path=path, error=SchemaError)
    strings = strings.select(pl.col(name).str.strip_chars() for name in columns)

    def check(column: str, bad: pl.Expr, accepted: str) -> None:
        _raise_if(strings, column, bad, path=path, accepted=accepted, error=SchemaError)

    year = pl.col("year")
    check("year", year.is_null() | ~year.str.contains(r"^\d{4}$"), "a four-digit year")
    check("year", year.is_duplicated(), "a year that no other row has")
    country = pl.col("chair_country")
    canonical = country.map_elements(lambda name: canonical_country(name) or "", return_dtype=pl.String)
    check(
        "chair_country",
        country.is_null() | (canonical != country),
        "the canonical name of an ASEAN Member State (for example 'Lao PDR', 'Viet Nam')",
    )
    return strings.cast(CHAIRMANSHIPS_SCHEMA).sort("year")  # type: ignore[arg-type]
