"""Adding a user's own statement: :func:`add_statement` copies a file into the raw folder and records it.

Part of the acquisition stage (:mod:`ascc_analysis.ingest.fetch`), behind ``ascc add``. Reads the user's file, the
source manifest and the bodies registry; copies the file byte for byte to ``<raw_dir>/<source_id><suffix>`` and
fills in (or adds) its manifest row, checking the body id, meeting number, date and url it is given and refusing
content that is already there. Returns the row's ``source_id``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from ascc_analysis.catalog import sha256_file, write_bytes_atomic
from ascc_analysis.errors import InputError, ManifestError, ParameterError
from ascc_analysis.ingest.fetch.files import _set_row, safe_raw_path
from ascc_analysis.ingest.manifest import (
    MANIFEST_COLUMNS,
    MANIFEST_SCHEMA,
    SOURCE_URLS_COLUMNS,
    SOURCE_URLS_NAME,
    MeetingRef,
    manifest_meetings,
    read_chairmanships,
    read_manifest,
    read_source_urls,
    write_manifest,
    write_source_urls,
)
from ascc_analysis.ingest.metadata import DateSpan, Metadata, canonical_country, parse_date
from ascc_analysis.ingest.readers import SUPPORTED_SUFFIXES
from ascc_analysis.registry import Registry, load_registry

log = logging.getLogger(__name__)

_URL_RE = re.compile(r"^https?://\S+$")
#: Words allowed in a --date beside numbers: month names, ordinal suffixes and joining words.
_DATE_WORDS = frozenset(
    re.findall(
        r"[a-z]+",
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec st nd rd th of to and",
    )
)


def _resolve_body(body_id: str, registry: Registry) -> str:
    ids = [body.id for body in registry.bodies]
    if body_id in ids:
        return body_id
    by_folded = [known for known in ids if known.casefold() == body_id.strip().casefold()]
    if len(by_folded) == 1:
        return by_folded[0]
    try:
        registry.get(body_id)
    except KeyError as exc:
        hint = str(exc.args[0]) if exc.args else ""
        raise ParameterError(
            f"--body {body_id!r} is not a body id of the registry ({hint}); accepted: {', '.join(ids)}"
        ) from None
    return body_id  # pragma: no cover - registry.get found what the list did not


def _parse_user_date(text: str) -> DateSpan:
    words = {word.lower() for word in re.findall(r"[A-Za-z]+", text)}
    span = parse_date(text) if words <= _DATE_WORDS else None
    if span is None:
        raise ParameterError(
            f"--date {text!r} is not a date; accepted: YYYY-MM-DD (2024-09-26) or a date as statements write it "
            "('26 September 2024', 'September 26, 2024', '25-26 March 2024', 'June 2016')"
        )
    return span


def _raw_files(raw_dir: Path) -> Iterator[Path]:
    """Statement files below the raw folder (hidden files, the manifest and sidecars left out)."""
    if not raw_dir.is_dir():
        return
    for path in sorted(raw_dir.rglob("*")):
        relative = path.relative_to(raw_dir)
        if (
            path.is_file()
            and not any(part.startswith(".") for part in relative.parts)
            and path.name != "sources.csv"
            and not path.name.endswith(".meta.json")
        ):
            yield path


def _matching_row(
    manifest: pl.DataFrame, *, body_id: str, meeting_no: int | None, span: DateSpan | None
) -> dict[str, Any] | None:
    """The one manifest row of this meeting (by body and number, else by body and date), or ``None``."""
    same = manifest.filter(pl.col("meeting_body_id") == body_id)
    if meeting_no is not None:
        same = same.filter(pl.col("meeting_no") == meeting_no)
    elif span is not None:
        same = same.filter(pl.col("date") == span.start)
    else:
        return None
    if same.height > 1 and span is not None:
        same = same.filter((pl.col("date") <= span.start) & (pl.col("date_end") >= span.start))
    if same.height > 1:
        ids = ", ".join(same.get_column("source_id").to_list())
        hint = "give --date to choose" if span is None else "no single one has that date; fix the manifest"
        raise ParameterError(f"--body {body_id} --meeting {meeting_no} matches several manifest rows ({ids}); {hint}")
    return same.row(0, named=True) if same.height else None


def _new_source_id(
    manifest: pl.DataFrame, *, body_id: str, meeting_no: int | None, span: DateSpan | None, digest: str
) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", body_id.lower()).strip("-") or "statement"
    if body_id == "ASCC":
        stem = "ascc-council"
    if meeting_no is not None:
        base = f"{stem}-{meeting_no}"
    elif span is not None:
        base = f"{stem}-{span.start.isoformat()}"
    else:
        base = f"{stem}-{digest[:8]}"
    taken = set(manifest.get_column("source_id").to_list())
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _chairmanship(year: int) -> tuple[str | None, str | None]:
    chairs = read_chairmanships().filter(pl.col("year") == year)
    if chairs.is_empty():
        return None, None
    return chairs.item(0, "chair_country"), chairs.item(0, "theme")


def _describe_meeting(metadata: Metadata) -> str:
    parts = []
    if metadata.meeting_body_id is not None:
        number = f" {metadata.meeting_no}" if metadata.meeting_no is not None else " (no number)"
        parts.append(f"{metadata.meeting_body_id}{number}")
    if metadata.date is not None:
        parts.append(metadata.date.isoformat())
    return ", ".join(parts)


def _candidates(rows: pl.DataFrame) -> str:
    described = [
        f"{row['source_id']} ({row['meeting_body_id']} {row['meeting_no'] or '?'}, {row['date'] or 'undated'})"
        for row in rows.iter_rows(named=True)
    ]
    return "; ".join(described)


def match_meeting(manifest: pl.DataFrame, metadata: Metadata, *, file: Path) -> dict[str, Any]:
    """The one manifest row of the meeting a statement's text names, for ``ascc add`` without ``--body``.

    Tried in order: the rows of the meeting's body and number (the row's own meeting or one of its
    ``other_meetings``; a Plus Three meeting only when the metadata says so), told apart by the text's date when
    there are several; then, when the text gives no number, the rows of the body whose dates hold the text's date;
    then, when it names no body, the rows of any body whose dates hold it.

    Args:
        manifest: The source manifest.
        metadata: What the statement's text says about its meeting (``ascc_analysis.build.parse_file``).
        file: The statement file, named in the messages.

    Returns:
        The matching row.

    Raises:
        InputError: The text names no meeting (``no_meeting``); no row matches (``unknown_meeting``); several rows
            match (``ambiguous_meeting``; the message lists them). Each message names the file and says which
            options settle it.
    """
    meetings = manifest_meetings(manifest)
    named = _describe_meeting(metadata)
    settle = "give --body with --meeting or --date (one file at a time) to choose or to add a new row"
    if not named:
        raise InputError(file, f"the text names no meeting body, number or date; {settle}", code="no_meeting")
    date = metadata.date
    holds_date = (pl.col("date") <= date) & (pl.col("date_end").fill_null(pl.col("date")) >= date) if date else None
    rules: list[pl.Expr] = []
    if metadata.meeting_body_id is not None and metadata.meeting_no is not None:
        plus_three = bool(getattr(metadata, "is_plus_three", False))
        ref = MeetingRef(metadata.meeting_body_id, metadata.meeting_no, plus_three)
        same = (
            (pl.col("meeting_body_id") == ref.body_id)
            & (pl.col("meeting_no") == ref.meeting_no)
            & (pl.col("is_plus_three") == ref.is_plus_three)
        )
        rules.append(same)
        if holds_date is not None:
            rules.append(same & holds_date)
    elif metadata.meeting_body_id is not None and holds_date is not None:
        rules.append((pl.col("meeting_body_id") == metadata.meeting_body_id) & holds_date)
    elif holds_date is not None:
        rules.append(holds_date)
    found = pl.DataFrame()
    for rule in rules:
        ids = meetings.filter(rule.fill_null(False)).get_column("source_id").unique(maintain_order=True)
        found = manifest.filter(pl.col("source_id").is_in(ids.implode()))
        if found.height == 1:
            row = found.row(0, named=True)
            log.info("%s: the text names %s: manifest row %s", file, named, row["source_id"])
            return row
        if found.height == 0:
            break
    if found.height > 1:
        raise InputError(
            file,
            f"the text names {named}, which matches {found.height} manifest rows: {_candidates(found)}; {settle}",
            code="ambiguous_meeting",
        )
    raise InputError(file, f"the text names {named}, which matches no manifest row; {settle}", code="unknown_meeting")


def add_statement(
    file: Path,
    *,
    raw_dir: Path,
    manifest_path: Path,
    meeting_body_id: str | None = None,
    meeting_no: int | None = None,
    date: str | None = None,
    venue_city: str | None = None,
    venue_country: str | None = None,
    url: str | None = None,
    source_id: str | None = None,
) -> str:
    """Copy a user's own statement file into the raw folder and record it in the manifest.

    The file is copied byte for byte to ``<raw_dir>/<source_id><suffix>``. The manifest row of the same meeting
    (same body and number; same body and date when no number is given) is filled in (``file``, ``sha256``, and
    the values given here, which override the row's; overridden values are noted in ``provenance``); when there
    is none, a new row is added with provenance "added by user", its id made from the body and number
    (``ascc-council-32``, ``almm-24``) and, for a dated meeting, the ASEAN Chairmanship theme of its year (and the
    chair, for the ASCC Council). When the manifest already records this content (``sha256``) under a file that
    is missing from the raw folder, the file is restored under that name and nothing else changes.

    Args:
        file: The statement (PDF, HTML, text or Word; see :data:`ascc_analysis.ingest.readers.SUPPORTED_SUFFIXES`).
        raw_dir: The raw folder (created if missing).
        manifest_path: The source manifest.
        meeting_body_id: Registry id of the meeting body (``ASCC``, ``ALMM``; case-insensitive); not needed with
            ``source_id``.
        meeting_no: The meeting's number, or ``None``.
        date: The meeting's date: ``YYYY-MM-DD`` or as statements write it ("26 September 2024"), or ``None``.
        venue_city: City of the meeting.
        venue_country: Country of the meeting (canonicalised: "Vietnam" -> "Viet Nam").
        url: The official page of the statement (``http(s)://``); it is also put first among the row's addresses
            in ``source_urls.csv`` beside the manifest, when that file exists.
        source_id: The manifest row to fill in (as :func:`match_meeting` finds it from the text), instead of
            finding it by body, number and date.

    Returns:
        The manifest ``source_id`` of the statement.

    Raises:
        InputError: The file is missing, empty or of an unsupported format (``unsupported_format``); or the same
            content is already in the raw folder or the manifest (``duplicate``; the message names both files);
            or the meeting's manifest row already has another file that is present.
        ParameterError: The body id, meeting number, date or url is not valid (the message says what is
            accepted), the meeting matches several manifest rows, neither a body nor a ``source_id`` is given, or
            the ``source_id`` is not in the manifest.
        ManifestError: The manifest cannot be read or written.
    """
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            file,
            f"unsupported format {suffix or '(no suffix)'!r}; accepted suffixes: "
            + ", ".join(sorted(SUPPORTED_SUFFIXES)),
            code="unsupported_format",
        )
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(file, f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise InputError(file, "the file is empty", code="empty_file")
    if meeting_body_id is None and source_id is None:
        raise ParameterError("add_statement needs the meeting body (--body) or the manifest row (source_id)")
    body_id = _resolve_body(meeting_body_id, load_registry()) if meeting_body_id is not None else None
    if meeting_no is not None and meeting_no < 1:
        raise ParameterError(f"--meeting {meeting_no} is not valid; expected a whole number from 1")
    span = _parse_user_date(date) if date is not None else None
    if url is not None and not _URL_RE.match(url):
        raise ParameterError(f"--url {url!r} is not valid; expected an http:// or https:// address")
    country = (canonical_country(venue_country) or venue_country.strip()) if venue_country else None
    city = venue_city.strip() if venue_city else None
    manifest = read_manifest(manifest_path)
    digest = hashlib.sha256(data).hexdigest()

    for path in _raw_files(raw_dir):
        if sha256_file(path) == digest:
            raise InputError(
                file, f"the same file (sha256 {digest[:12]}…) is already in the raw folder as {path}", code="duplicate"
            )
    recorded = manifest.filter(pl.col("sha256") == digest)
    if recorded.height:
        row = recorded.row(0, named=True)
        if not row["file"]:
            raise InputError(
                file,
                f"the same content (sha256 {digest[:12]}…) is already recorded in {manifest_path} "
                f"as {row['source_id']} (with no file)",
                code="duplicate",
            )
        target = safe_raw_path(raw_dir, row["file"])
        if target.exists():
            raise InputError(
                file,
                f"the same content (sha256 {digest[:12]}…) is recorded in {manifest_path} as {row['source_id']}, "
                f"but its file {target} holds other content; move {target} away first",
                code="duplicate",
            )
        write_bytes_atomic(target, data)
        log.info("%s: restored %s (the manifest already records this content)", row["source_id"], target)
        return str(row["source_id"])

    if source_id is not None:
        rows = manifest.filter(pl.col("source_id") == source_id)
        if rows.is_empty():
            raise ParameterError(f"source_id {source_id!r} is not a row of {manifest_path}")
        match: dict[str, Any] | None = rows.row(0, named=True)
        body_id = str(rows.item(0, "meeting_body_id"))
    else:
        assert body_id is not None
        match = _matching_row(manifest, body_id=body_id, meeting_no=meeting_no, span=span)
    given: dict[str, Any] = {"meeting_no": meeting_no, "venue_city": city, "venue_country": country, "url": url}
    if span is not None:
        given |= {"date": span.start, "date_end": span.end, "date_precision": span.precision}
    given = {column: value for column, value in given.items() if value is not None}
    if match is not None:
        source_id = str(match["source_id"])
        if match["file"] and safe_raw_path(raw_dir, match["file"]).is_file():
            present = safe_raw_path(raw_dir, match["file"])
            raise InputError(
                file,
                f"manifest row {source_id} already has the file {present} (other content); to replace it, delete "
                f"{present} and clear the row's file and sha256 in {manifest_path}",
                code="duplicate",
            )
        overridden = [column for column, value in given.items() if match[column] is not None and match[column] != value]
        values: dict[str, Any] = dict(given)
        if overridden:
            values["provenance"] = f"{match['provenance'] or ''}; {', '.join(overridden)} from ascc add".lstrip("; ")
    else:
        source_id = _new_source_id(manifest, body_id=body_id, meeting_no=meeting_no, span=span, digest=digest)
        chair, theme = _chairmanship(span.start.year) if span is not None else (None, None)
        new_row = {column: None for column in MANIFEST_COLUMNS} | given
        new_row |= {
            "source_id": source_id,
            "meeting_body_id": body_id,
            "chair": chair if body_id == "ASCC" else None,
            "chair_theme": theme,
            "provenance": "added by user",
        }
        manifest = pl.concat([manifest, pl.DataFrame([new_row], schema=MANIFEST_SCHEMA, orient="row")])
        values = {}
    name = f"{source_id}{suffix}"
    target = safe_raw_path(raw_dir, name)
    if target.exists():
        raise InputError(
            file,
            f"{target} already exists (other content) and is not the manifest's file of {source_id}; "
            "move it away first",
            code="duplicate",
        )
    manifest = _set_row(manifest, source_id, values | {"file": name, "sha256": digest})
    write_bytes_atomic(target, data)
    try:
        write_manifest(manifest, manifest_path)
    except (ManifestError, OSError):
        target.unlink(missing_ok=True)
        raise
    if url is not None:
        _list_url(manifest_path.with_name(SOURCE_URLS_NAME), source_id=source_id, url=url)
    log.info("added %s as %s (manifest row %s)", file, target, source_id)
    return source_id


def _list_url(path: Path, *, source_id: str, url: str) -> None:
    """Put a row's new ``url`` first among its addresses in ``source_urls.csv``, when that file exists."""
    if not path.is_file():
        return
    source_urls = read_source_urls(path)
    if source_urls.filter((pl.col("source_id") == source_id) & (pl.col("url") == url)).height:
        return
    new = pl.DataFrame(
        [{"source_id": source_id, "url": url, "role": "official_page", "provenance": "ascc add --url"}],
        schema=dict.fromkeys(SOURCE_URLS_COLUMNS, pl.String()),
    )
    position = source_urls.with_row_index("_i").filter(pl.col("source_id") == source_id).get_column("_i")
    at = int(position.min()) if position.len() else source_urls.height  # type: ignore[arg-type]
    write_source_urls(pl.concat([source_urls.head(at), new, source_urls.slice(at)]), path)
