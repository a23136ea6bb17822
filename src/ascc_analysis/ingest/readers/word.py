"""The Word reader: :func:`read_docx` extracts the text of a ``.docx`` with ``python-docx``.

Part of the ingest stage (:mod:`ascc_analysis.ingest.readers`). Reads a file's bytes; returns the text of its
paragraphs and tables in document order (paragraphs separated by blank lines, table rows by line breaks, cells by
tabs), with Word's automatic numbering written out as labels (``"1. "``, ``"(a) "``). The zip is checked before
python-docx opens it (:func:`_require_safe_zip`): its parts' declared and actual expanded sizes, their compression
ratios and their number, against :mod:`~ascc_analysis.ingest.readers.limits`. Raises
:class:`~ascc_analysis.errors.InputError` with code ``empty_file``, ``corrupt_docx`` or ``zip_bomb``.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import OpcError
from docx.table import Table
from docx.text.paragraph import Paragraph

from ascc_analysis.errors import InputError
from ascc_analysis.ingest.readers import limits
from ascc_analysis.ingest.readers.base import _require_bytes, _require_text
from ascc_analysis.ingest.readers.limits import _size
from ascc_analysis.ingest.readers.lists import ListStyle, _int_or, format_ordinal

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_FORMATS: dict[str, ListStyle] = {
    "decimal": "decimal",
    "decimalZero": "decimal-zero",
    "lowerLetter": "lower-alpha",
    "upperLetter": "upper-alpha",
    "lowerRoman": "lower-roman",
    "upperRoman": "upper-roman",
    "none": "none",
}
_RUN_TEXT = (
    "./w:r/*[self::w:t or self::w:tab or self::w:br or self::w:cr or self::w:noBreakHyphen]"
    " | ./*[not(self::w:pPr)]//w:r[not(ancestor::w:txbxContent) and not(ancestor::w:pict)"
    " and not(ancestor::*[local-name()='AlternateContent'])]/*[self::w:t or self::w:tab or self::w:br or self::w:cr"
    " or self::w:noBreakHyphen]"
)


def _word_int(element: Any, default: int, *, attribute: str = "val") -> int:
    """An integer attribute (``w:val``) of a WordprocessingML element, or ``default`` when missing or malformed."""
    value = _int_or(element.get(f"{_W}{attribute}") if element is not None else None, None)
    return default if value is None else value


@dataclass(frozen=True)
class _Level:
    style: ListStyle | Literal["bullet"]
    text: str  # Word's lvlText, such as "%1." or "(%2)"
    start: int


class _WordNumbering:
    """Word's automatic paragraph numbering, replayed paragraph by paragraph to produce the labels."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        numbering_xml = self._numbering_element(document)
        if numbering_xml is None:
            return
        abstracts: dict[str, dict[int, _Level]] = {}
        for abstract in numbering_xml.findall(f"{_W}abstractNum"):
            abstracts[abstract.get(f"{_W}abstractNumId", "")] = self._parse_levels(abstract)
        for num in numbering_xml.findall(f"{_W}num"):
            abstract_id = num.find(f"{_W}abstractNumId")
            levels = dict(abstracts.get(abstract_id.get(f"{_W}val", "") if abstract_id is not None else "", {}))
            for override in num.findall(f"{_W}lvlOverride"):
                ilvl = _word_int(override, 0, attribute="ilvl")
                levels.update({key: value for key, value in self._parse_levels(override).items() if key == ilvl})
                start = override.find(f"{_W}startOverride")
                if start is not None and ilvl in levels:
                    level = levels[ilvl]
                    levels[ilvl] = _Level(level.style, level.text, _word_int(start, 1))
            self._levels[num.get(f"{_W}numId", "")] = levels

    @staticmethod
    def _numbering_element(document: Any) -> Any:
        try:
            return document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        except KeyError:
            return None

    @staticmethod
    def _parse_levels(parent: Any) -> dict[int, _Level]:
        levels: dict[int, _Level] = {}
        for lvl in parent.findall(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            text = lvl.find(f"{_W}lvlText")
            start = lvl.find(f"{_W}start")
            word_format = fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal"
            style: ListStyle | Literal["bullet"] = (
                "bullet" if word_format == "bullet" else _WORD_FORMATS.get(word_format, "decimal")
            )
            levels[_word_int(lvl, 0, attribute="ilvl")] = _Level(
                style=style,
                text=text.get(f"{_W}val", "") if text is not None else "",
                start=_word_int(start, 1),
            )
        return levels

    def _paragraph_numbering(self, paragraph: Any) -> tuple[str, int] | None:
        num_pr = paragraph._p.find(f"{_W}pPr/{_W}numPr")
        if num_pr is not None:
            num_id = num_pr.find(f"{_W}numId")
            ilvl = num_pr.find(f"{_W}ilvl")
            if num_id is not None:
                return num_id.get(f"{_W}val", "0"), _word_int(ilvl, 0)
        style = paragraph.style
        while style is not None:
            style_pr = style.element.find(f"{_W}pPr/{_W}numPr")
            if style_pr is not None:
                num_id = style_pr.find(f"{_W}numId")
                ilvl = style_pr.find(f"{_W}ilvl")
                if num_id is not None:
                    return num_id.get(f"{_W}val", "0"), _word_int(ilvl, 0)
            style = style.base_style
        return None

    def label(self, paragraph: Any) -> str:
        """The label Word shows before ``paragraph`` (``"3. "``), advancing the counters; ``""`` if none."""
        numbering = self._paragraph_numbering(paragraph)
        if numbering is None:
            return ""
        num_id, ilvl = numbering
        levels = self._levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else levels[ilvl].start
        for deeper in [key for key in counters if key > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.style == "bullet" or not level.text:
            return ""

        def substitute(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            referenced = levels.get(index)
            if referenced is None or referenced.style == "bullet":
                return ""
            return format_ordinal(counters.get(index, referenced.start), style=referenced.style)

        label = re.sub(r"%([1-9])", substitute, level.text).strip()
        return f"{label} " if label else ""


def _docx_paragraph_text(paragraph: Any) -> str:
    pieces: list[str] = []
    for element in paragraph._p.xpath(_RUN_TEXT):
        tag = element.tag
        if tag == f"{_W}t":
            pieces.append(element.text or "")
        elif tag == f"{_W}tab":
            pieces.append("\t")
        elif tag == f"{_W}noBreakHyphen":
            pieces.append("-")
        else:  # w:br, w:cr
            pieces.append("\n")
    return "".join(pieces)


def _docx_blocks(container: Any, parent: Any, numbering: _WordNumbering) -> Iterator[str]:
    """Text blocks of a body or table cell in document order: paragraphs (with labels) and tables."""
    for element in container.iterchildren():
        if element.tag == f"{_W}p":
            paragraph = Paragraph(element, parent)
            label = numbering.label(paragraph)
            text = _docx_paragraph_text(paragraph)
            if text.strip():
                yield label + text
        elif element.tag == f"{_W}tbl":
            table = Table(element, parent)
            rows: list[str] = []
            emitted: list[Any] = []  # cell elements already written; merged cells come back once per grid cell
            for row in table.rows:
                cells: list[str] = []
                in_row: list[Any] = []
                for cell in row.cells:
                    if any(cell._tc is seen for seen in in_row):
                        continue  # a horizontally merged cell: written once
                    in_row.append(cell._tc)
                    if any(cell._tc is seen for seen in emitted):
                        cells.append("")  # a vertically merged cell, written in its first row
                        continue
                    emitted.append(cell._tc)
                    cells.append("\n".join(_docx_blocks(cell._tc, cell, numbering)))
                if any(cell.strip() for cell in cells):
                    rows.append("\t".join(cells))
            if rows:
                yield "\n".join(rows)
        elif element.tag == f"{_W}sdt":  # a content control wrapping paragraphs or tables
            content = element.find(f"{_W}sdtContent")
            if content is not None:
                yield from _docx_blocks(content, parent, numbering)


def _zip_bomb(path: Path, reason: str) -> InputError:
    return InputError(path, f"the .docx looks like a zip bomb: {reason}; not read", code="zip_bomb")


def _require_safe_zip(data: bytes, path: Path) -> None:
    """Check a ``.docx`` zip before python-docx reads it, within :mod:`~ascc_analysis.ingest.readers.limits`.

    First the directory: the number of parts, their declared expanded sizes (together) and the compression ratio
    of each large part. Then the parts are expanded, a slice at a time and without keeping them, counting the
    bytes actually produced (a part's declared size can lie). Data that is not a zip is left for python-docx to
    report.

    Raises:
        InputError: ``zip_bomb``, naming the part and the limit it exceeds.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return
    with archive:
        members = archive.infolist()
        if len(members) > limits.MAX_ZIP_MEMBERS:
            raise _zip_bomb(path, f"{len(members):,} parts, over the limit of {limits.MAX_ZIP_MEMBERS:,}")
        declared = sum(member.file_size for member in members)
        if declared > limits.MAX_DOCX_EXPANDED_BYTES:
            raise _zip_bomb(
                path,
                f"its parts declare {_size(declared)} expanded ({len(data):,} bytes compressed), over the limit of "
                f"{_size(limits.MAX_DOCX_EXPANDED_BYTES)}",
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > limits.ZIP_RATIO_MIN_BYTES and ratio > limits.MAX_ZIP_RATIO:
                raise _zip_bomb(
                    path,
                    f"part {member.filename!r} expands {ratio:,.0f} times ({member.compress_size:,} bytes to "
                    f"{_size(member.file_size)}), over the limit of {limits.MAX_ZIP_RATIO} times",
                )
        expanded = 0
        for member in members:
            try:
                with archive.open(member) as part:
                    while chunk := part.read(1 << 20):
                        expanded += len(chunk)
                        if expanded > limits.MAX_DOCX_EXPANDED_BYTES:
                            raise _zip_bomb(
                                path,
                                f"its parts expand past {_size(limits.MAX_DOCX_EXPANDED_BYTES)} (the limit) by part "
                                f"{member.filename!r}, although they declare {_size(declared)}",
                            )
            except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError, zlib.error):
                continue  # a damaged or unsupported part: python-docx reports it if the document needs it


def read_docx(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
    """Extract the text of a Word ``.docx`` with ``python-docx``.

    Paragraphs and tables are read in document order (including those in block content controls); paragraphs
    are separated by blank lines, a table's rows by line breaks and its cells by tabs. Word's automatic
    numbering is written out as text before the paragraph (``"1. "``, ``"(a) "``), from the list definitions in
    the document; numbering typed by hand is already in the text. Headers, footers, footnotes, comments and text
    boxes are not read.

    Args:
        data: The file's bytes.
        path: The file, for messages.

    Returns:
        The text and the warnings (none at present).

    Raises:
        InputError: ``empty_file`` for an empty document; ``corrupt_docx`` for data that is not a ``.docx``
            (including a legacy ``.doc`` saved with a ``.docx`` name) or is damaged; ``zip_bomb`` for a zip with
            too many parts, parts that expand past
            :data:`~ascc_analysis.ingest.readers.limits.MAX_DOCX_EXPANDED_BYTES` (declared or actual) or a part
            compressed more than :data:`~ascc_analysis.ingest.readers.limits.MAX_ZIP_RATIO` times.
    """
    _require_bytes(data, path)
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            path,
            "not a .docx: it is a legacy Word .doc or a password-protected document; save it as an unprotected .docx",
            code="corrupt_docx",
        )
    _require_safe_zip(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
        numbering = _WordNumbering(document)
        blocks = list(_docx_blocks(document.element.body, document, numbering))
    # lxml's XMLSyntaxError (a damaged XML part) is a SyntaxError.
    except (zipfile.BadZipFile, OpcError, SyntaxError, KeyError, ValueError, AttributeError) as error:
        raise InputError(
            path,
            f"the .docx is corrupt and cannot be read ({type(error).__name__}: {error}); expected a Word .docx",
            code="corrupt_docx",
        ) from error
    text = "\n\n".join(blocks)
    _require_text(text, path, what="the Word document")
    return text, ()
