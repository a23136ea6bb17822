"""Reading raw statements: the first step of the ingest stage, from a raw file to its extracted text.

Raw statements arrive as PDF (most), HTML pages, plain text and occasionally Word ``.docx``. Each format has a
reader, ``read_<format>(data, path) -> (text, warnings)``, chosen by file suffix from :data:`suffix_to_reader`;
:func:`read_document` reads the file's bytes, dispatches, and returns a :class:`RawDocument`. The text is the raw
extraction: line breaks, page furniture and odd spacing are left for :mod:`ascc_analysis.ingest.normalise`, which
cleans it before segmentation. The conventions the readers share, so that the normaliser can rely on them:

- PDF pages are joined with a form feed (``"\\f"``), so page headers and footers can be found page by page.
- A blank line separates blocks (HTML ``<p>``, list and heading blocks; ``.docx`` paragraphs); a single line
  break separates lines within a block (``<br>``, ``<li>`` items, table rows); table cells are separated by tabs.
- Automatic list numbering that is not part of the text (HTML ``<ol>`` items, Word numbered paragraphs) is
  written out as a label (``"1. "``, ``"a. "``, ``"iv. "``), so numbered paragraphs and sub-items survive.

No table is written here; the ``source_format`` and ``content_hash`` columns of the ``documents`` table
(:data:`ascc_analysis.schemas.DOCUMENTS`) come from :class:`RawDocument`. Every failure is an
:class:`~ascc_analysis.errors.InputError` whose ``code`` (``empty_file``, ``unsupported_format``, ``unreadable``,
``encrypted_pdf``, ``corrupt_pdf``, ``no_text``, ``binary_file``, ``corrupt_docx``) goes to the build report.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import charset_normalizer
import docx
from bs4 import BeautifulSoup, Tag
from bs4.element import CData, NavigableString
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import OpcError
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from ascc_analysis.errors import InputError

log = logging.getLogger(__name__)

SourceFormat = Literal["pdf", "html", "txt", "docx"]
Reader = Callable[[bytes, Path], tuple[str, tuple[str, ...]]]
"""A reader takes a file's bytes (and its path, for messages) and returns the text and any warnings."""


@dataclass(frozen=True)
class RawDocument:
    """One raw file and the text extracted from it.

    Attributes:
        path: The file that was read.
        source_format: Its format, from its suffix.
        text: The extracted text (not normalised; see the module docstring for its conventions).
        content_hash: SHA-256 (hex) of the file's bytes.
        warnings: Things the build report should mention although the file was read, such as
            ``"decoded as cp1252 (not UTF-8)"``.
    """

    path: Path
    source_format: SourceFormat
    text: str
    content_hash: str
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------- shared helpers


def _require_bytes(data: bytes, path: Path) -> None:
    if not data:
        raise InputError(path, "the file is empty (0 bytes)", code="empty_file")


def _require_text(text: str, path: Path, *, what: str) -> None:
    if not text.strip():
        raise InputError(path, f"the file is empty: {what} holds no text, only whitespace", code="empty_file")


_CONTROL_BYTES = bytes(sorted((set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}) | {0x7F}))
MAX_CONTROL_SHARE = 0.05
"""Share of control bytes (other than tab, line feed, form feed, carriage return) above which data is binary."""

_WESTERN_FALLBACK = "cp1252"


def _binary_reason(data: bytes) -> str | None:
    """Why ``data`` looks binary rather than text, or None when it may be text."""
    if b"\x00" in data:
        return "it holds NUL bytes"
    n_control = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if n_control > MAX_CONTROL_SHARE * len(data):
        return f"{n_control} of its {len(data)} bytes are control characters"
    return None


def _decode_by_bom(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """Decode data that starts with a Unicode byte-order mark; returns (text, warnings) or None without a BOM.

    Bytes that do not fit the encoding the mark announces (a truncated UTF-16 file, say) are replaced with
    U+FFFD and a warning says so.
    """
    boms = (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts with the UTF-16 LE BOM
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return data.decode(encoding), ()
            except UnicodeDecodeError as error:
                name = encoding.removesuffix("-sig").upper()
                warning = f"bytes that are not {name} (from byte {error.start}) replaced with U+FFFD"
                return data.decode(encoding, errors="replace"), (warning,)
    return None


def _detect_encoding(data: bytes) -> str | None:
    """The most plausible encoding of non-UTF-8 bytes, or None when no encoding fits.

    ``charset-normalizer`` often cannot tell the Western single-byte code pages apart on short English text (it
    reports, say, cp1250 while cp1252 decodes the same bytes to the same text); where cp1252 is among the
    encodings that give the same text, it is preferred, being by far the commonest legacy encoding of English.
    """
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    equivalent = [codecs.lookup(name).name for name in best.could_be_from_charset]
    if _WESTERN_FALLBACK in equivalent:
        return _WESTERN_FALLBACK
    return codecs.lookup(best.encoding).name


# --------------------------------------------------------------------------------------------- plain text


def read_text(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
    """Decode a plain-text file.

    UTF-8 (with or without a byte-order mark) is tried first, then UTF-16/UTF-32 by their byte-order marks; other
    bytes are decoded with the encoding ``charset-normalizer`` finds, and a warning names it. Line endings are
    turned into ``"\\n"`` (as Python's text mode does); nothing else is changed.

    Args:
        data: The file's bytes.
        path: The file, for messages.

    Returns:
        The text and the warnings (one when the encoding had to be guessed).

    Raises:
        InputError: ``empty_file`` for an empty or whitespace-only file; ``binary_file`` for data holding NUL
            bytes, many control bytes, or no plausible text encoding.
    """
    _require_bytes(data, path)
    warnings: tuple[str, ...] = ()
    decoded = _decode_by_bom(data)
    if decoded is not None:
        text, warnings = decoded
    else:
        reason = _binary_reason(data)
        if reason is not None:
            raise InputError(
                path,
                f"looks like a binary file, not text ({reason}); expected UTF-8 or another text encoding",
                code="binary_file",
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = _detect_encoding(data)
            if encoding is None:
                raise InputError(
                    path, "looks like a binary file, not text (no text encoding fits its bytes)", code="binary_file"
                ) from None
            text = data.decode(encoding)
            warnings = (f"decoded as {encoding} (not UTF-8)",)
            log.info("%s: decoded as %s (not UTF-8)", path, encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _require_text(text, path, what="the text file")
    return text, warnings


# --------------------------------------------------------------------------------------------- PDF

PDF_HEADER_WINDOW = 1024
"""PDF readers accept the ``%PDF-`` header anywhere in the first KiB, as Acrobat does."""

PDF_EOF_WINDOW = 2048
"""A ``%%EOF`` marker is expected within this many bytes of the end; without one the file may be truncated."""


# pypdf raises its own errors, but also bare ValueError, KeyError, zlib.error, ... on malformed objects and streams.
_PDF_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    AssertionError,
    NotImplementedError,
    ZeroDivisionError,
    RecursionError,
    OSError,
    struct.error,
    zlib.error,
)


def read_pdf(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
    """Extract the text of a PDF with ``pypdf``, page by page, joined with a form feed (``"\\f"``).

    Text is extracted in pypdf's ``"plain"`` mode, which gives text in reading order for language processing;
    ``"layout"`` mode pads lines with spaces to mimic the page and only helps with tables. An encrypted PDF is
    opened with the empty user password when it has one (PDFs with only an owner password, which restricts
    printing or copying, are common for official documents).

    Args:
        data: The file's bytes.
        path: The file, for messages.

    Returns:
        The text (one part per page, ``"\\f"`` between pages) and the warnings: pages without text, a missing
        end-of-file marker, decryption with the empty password.

    Raises:
        InputError: ``empty_file`` for a 0-byte file; ``corrupt_pdf`` for data that is not a PDF or that pypdf
            cannot parse (truncated, damaged); ``encrypted_pdf`` when a password is needed; ``no_text`` when no
            page has extractable text (a scanned document, which needs OCR first).
    """
    _require_bytes(data, path)
    if b"%PDF-" not in data[:PDF_HEADER_WINDOW]:
        raise InputError(
            path,
            f"not a PDF: no %PDF- header in the first {PDF_HEADER_WINDOW} bytes (it may be an HTML page or "
            "another file saved with a .pdf name); expected a PDF document",
            code="corrupt_pdf",
        )
    warnings: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            if not reader.decrypt(""):
                raise InputError(
                    path,
                    "the PDF is encrypted and needs a password to open; save an unencrypted copy",
                    code="encrypted_pdf",
                )
            warnings.append("the PDF is encrypted; opened with the empty user password")
        pages = list(reader.pages)
    except InputError:
        raise
    except (DependencyError, FileNotDecryptedError) as error:
        raise InputError(
            path, f"the PDF is encrypted and cannot be decrypted here ({error})", code="encrypted_pdf"
        ) from error
    except _PDF_ERRORS as error:
        raise InputError(
            path,
            f"the PDF is corrupt or truncated and cannot be parsed ({type(error).__name__}: {error})",
            code="corrupt_pdf",
        ) from error
    page_texts: list[str] = []
    failed: dict[int, str] = {}  # page number -> why its text could not be extracted
    for number, page in enumerate(pages, start=1):
        try:
            page_texts.append(page.extract_text(extraction_mode="plain"))
        except _PDF_ERRORS as error:  # one damaged page should not lose the others
            page_texts.append("")
            failed[number] = f"{type(error).__name__}: {error}"
    if pages and len(failed) == len(pages):
        details = "; ".join(f"page {number}: {reason}" for number, reason in failed.items())
        raise InputError(path, f"the PDF is corrupt: no page could be read ({details})", code="corrupt_pdf")
    warnings.extend(f"text extraction failed on page {number} ({reason})" for number, reason in failed.items())
    if not page_texts:
        raise InputError(path, "the PDF has no pages", code="corrupt_pdf")
    if not any(text.strip() for text in page_texts):
        raise InputError(
            path,
            f"the PDF has no extractable text on any of its {len(page_texts)} page(s); it is probably scanned "
            "images: run OCR on it (for example ocrmypdf) and add the OCR'd PDF or a text version",
            code="no_text",
        )
    blank_pages = [
        str(number) for number, text in enumerate(page_texts, start=1) if not text.strip() and number not in failed
    ]
    if blank_pages:
        warnings.append(
            f"no extractable text on page(s) {', '.join(blank_pages)} of {len(page_texts)} (scanned or blank?)"
        )
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        warnings.append("no %%EOF marker at the end of the PDF: the file may be truncated")
    return "\f".join(page_texts), tuple(warnings)


# --------------------------------------------------------------------------------------------- HTML

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
HTML_DECLARATION_WINDOW = 4096
"""Bytes searched for a ``<meta charset>`` (or XML) declaration; browsers look at the first 1024."""

# Browsers decode these labels as windows-1252 (WHATWG Encoding Standard), and so do we.
_HTML_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    # a page read as text cannot be UTF-16 (its declaration is ASCII), so browsers use UTF-8
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}

_JUNK_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed", "head")
_CHROME_TAGS = ("nav", "aside", "button", "select", "input", "textarea", "dialog")
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"})
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:breadcrumbs?|share|sharing|social|addthis|sharethis|download|downloads|print|"
    r"view-?count|views|hits|counter|pagination|pager|related|comments?|cookies?|sidebar|navbar|menu|skip-link)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
_CHROME_TEXT = re.compile(
    r"""^(?:
        (?:please\s+)?(?:click\s+here\s+to\s+)?download\b.*        # "Download the full statement here"
      | share(?:\s+(?:this|on|via))?\b.{0,40}                        # "Share this", "Share on Facebook"
      | print(?:\s+this\s+(?:page|article))?                         # "Print", "Print this page"
      | (?:views?|hits|reads|visits)\s*:?\s*[\d,.\s]+                 # "Views: 1,234"
      | [\d,.]+\s+(?:views?|hits|reads|visits)                       # "1,234 views"
      | back\s+to\s+top | read\s+more | skip\s+to\s+(?:main\s+)?content
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)
CHROME_TEXT_MAX_CHARS = 120
"""Longer blocks are never dropped for their wording (a statement paragraph may well start with "Share")."""

CHROME_MAX_SHARE = 0.4
"""An element holding more than this share of the page's text is never dropped as chrome."""

_MAIN_MIN_SHARE = 0.3
_BLANK_LINE_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 ul ol dl table blockquote pre section article main figure address hr center".split()  # noqa: SIM905
)
_LINE_BREAK_TAGS = frozenset(
    "div li tr dt dd caption figcaption header footer tbody thead tfoot body details summary legend fieldset".split()  # noqa: SIM905
)
_BLOCK_BREAK = {**dict.fromkeys(_LINE_BREAK_TAGS, 1), **dict.fromkeys(_BLANK_LINE_TAGS, 2)}
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_HAS_LABEL = re.compile(r"^\s*\(?(?:\d{1,3}|[A-Za-z]|[ivxlcdmIVXLCDM]{1,6})[.)]\s")


def _html_declared_charset(data: bytes) -> str | None:
    head = data[:HTML_DECLARATION_WINDOW]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def _decode_html(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
    """Decode HTML bytes by byte-order mark, then declared charset, then UTF-8, then detection."""
    decoded = _decode_by_bom(data)
    if decoded is not None:
        return decoded
    warnings: list[str] = []
    declared = _html_declared_charset(data)
    if declared is not None:
        label = _HTML_CHARSET_ALIASES.get(declared, declared)
        try:
            return data.decode(codecs.lookup(label).name), ()
        except LookupError:
            warnings.append(f"unknown charset {declared!r} declared in the page; ignored")
        except UnicodeDecodeError:
            warnings.append(f"the page declares charset {declared!r} but its bytes do not fit it; ignored")
    reason = _binary_reason(data)
    if reason is not None:
        raise InputError(path, f"looks like a binary file, not an HTML page ({reason})", code="binary_file")
    try:
        return data.decode("utf-8"), tuple(warnings)
    except UnicodeDecodeError:
        encoding = _detect_encoding(data)
        if encoding is None:
            raise InputError(
                path,
                "looks like a binary file, not an HTML page (no text encoding fits its bytes)",
                code="binary_file",
            ) from None
        warnings.append(f"decoded as {encoding} (not UTF-8; no usable charset declared)")
        return data.decode(encoding), tuple(warnings)


def _text_length(tag: Tag) -> int:
    return len(_HTML_SPACE.sub(" ", tag.get_text(" ")).strip())


def _is_hidden(tag: Tag) -> bool:
    style = str(tag.get("style") or "").replace(" ", "").lower()
    return (
        tag.has_attr("hidden")
        or str(tag.get("aria-hidden") or "").lower() == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    )


def _within(tag: Tag, names: tuple[str, ...]) -> bool:
    return tag.find_parent(names) is not None


def _drop_chrome(soup: BeautifulSoup) -> None:
    """Remove page chrome in place: navigation, site header and footer, widgets, counters, download links."""
    for tag in soup.find_all(_JUNK_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if not tag.decomposed and _is_hidden(tag):
            tag.decompose()
    body = soup.body or soup
    total = max(_text_length(body), 1)
    candidates: list[Tag] = []  # dropped unless they hold much of the page's text
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body", "article", "main"):
            continue
        if (
            tag.name in _CHROME_TAGS
            or str(tag.get("role") or "").lower() in _CHROME_ROLES
            or (tag.name in ("header", "footer") and not _within(tag, ("article", "main")))
        ):
            tag.decompose()  # an article's own <header> holds its title and stays
        elif tag.name == "form":
            candidates.append(tag)  # some sites wrap the whole page in a form
        else:
            names = " ".join([*(tag.get_attribute_list("class") or []), str(tag.get("id") or "")])
            label = str(tag.get("aria-label") or "")
            if _CHROME_CLASS.search(names) or _CHROME_CLASS.search(label.replace(" ", "-")):
                candidates.append(tag)
    for tag in candidates:
        if not tag.decomposed and _text_length(tag) <= CHROME_MAX_SHARE * total:
            tag.decompose()
    for tag in soup.find_all(("p", "div", "li", "span", "a", "section")):
        if tag.decomposed:
            continue
        text = _HTML_SPACE.sub(" ", tag.get_text(" ")).strip()
        if text and len(text) <= CHROME_TEXT_MAX_CHARS and _CHROME_TEXT.match(text):
            tag.decompose()


def _main_content(soup: BeautifulSoup) -> Tag:
    """The element holding the page's main text: ``<article>``, ``<main>``, ``role=main``, or the most ``<p>``."""
    body = soup.body or soup
    total = max(_text_length(body), 1)
    articles = sorted(soup.find_all("article"), key=_text_length, reverse=True)
    for candidate in (*articles[:1], soup.find("main"), soup.find(True, {"role": "main"})):
        if isinstance(candidate, Tag) and _text_length(candidate) >= _MAIN_MIN_SHARE * total:
            return candidate
    scores: dict[int, float] = {}
    tags: dict[int, Tag] = {}
    for paragraph in soup.find_all("p"):
        length = _text_length(paragraph)
        for weight, parent in zip((1.0, 0.5), paragraph.parents, strict=False):
            scores[id(parent)] = scores.get(id(parent), 0.0) + weight * length
            tags[id(parent)] = parent
    if scores and max(scores.values()) > 0:
        return tags[max(scores, key=lambda key: scores[key])]
    return body


def _roman(number: int) -> str:
    numerals = (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    )
    parts: list[str] = []
    for value, numeral in numerals:
        count, number = divmod(number, value)
        parts.append(numeral * count)
    return "".join(parts)


def _letters(number: int) -> str:
    label = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        label = chr(ord("a") + remainder) + label
    return label


ListStyle = Literal["decimal", "decimal-zero", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman", "none"]


def format_ordinal(number: int, *, style: ListStyle = "decimal") -> str:
    """The label of item ``number`` of an ordered list in a numbering style.

    Args:
        number: The item's ordinal (from 1; 0 and negative numbers fall back to decimal).
        style: The list's numbering style, as in CSS ``list-style-type``.

    Returns:
        ``"3"``, ``"03"``, ``"c"``, ``"C"``, ``"iii"``, ``"III"``, or ``""`` for ``"none"``.
    """
    if style == "none":
        return ""
    if number <= 0 or style == "decimal":
        return str(number)
    if style == "decimal-zero":
        return f"{number:02d}"
    label = _letters(number) if style in ("lower-alpha", "upper-alpha") else _roman(number)
    return label.upper() if style.startswith("upper") else label


_TYPE_TO_STYLE: dict[str, ListStyle] = {
    "1": "decimal",
    "a": "lower-alpha",
    "A": "upper-alpha",
    "i": "lower-roman",
    "I": "upper-roman",
}
_CSS_TO_STYLE: dict[str, ListStyle] = {
    "decimal": "decimal",
    "decimal-leading-zero": "decimal-zero",
    "lower-alpha": "lower-alpha",
    "lower-latin": "lower-alpha",
    "upper-alpha": "upper-alpha",
    "upper-latin": "upper-alpha",
    "lower-roman": "lower-roman",
    "upper-roman": "upper-roman",
    "none": "none",
}
_CSS_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.IGNORECASE)


def _int_or(value: object, default: int | None) -> int | None:
    """``value`` as an integer when it is one written out (``" 3 "``, ``"-1"``), else ``default``."""
    return int(value) if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value) else default


def _ordered_list_labels(ol: Tag) -> dict[int, str]:
    """Labels (``"a. "``) of an ``<ol>``'s items whose text does not start with a number, keyed by ``id(li)``."""
    css = _CSS_LIST_STYLE.search(str(ol.get("style") or ""))
    style: ListStyle = _CSS_TO_STYLE.get(css.group(1).lower(), "decimal") if css else "decimal"
    if not css:
        style = _TYPE_TO_STYLE.get(str(ol.get("type") or "1").strip(), "decimal")
    items = ol.find_all("li", recursive=False)
    reverse = ol.has_attr("reversed")
    start = _int_or(ol.get("start"), None)
    number = start if start is not None else (len(items) if reverse else 1)
    labels: dict[int, str] = {}
    for item in items:
        value = _int_or(item.get("value"), None)
        number = value if value is not None else number
        label = format_ordinal(number, style=style)
        if label and not _HAS_LABEL.match(item.get_text(" ")):
            labels[id(item)] = f"{label}. "
        number += -1 if reverse else 1
    return labels


def _html_parts(node: Tag, parts: list[str | int], labels: dict[int, str]) -> None:
    """Flatten ``node`` into text pieces and break markers (1 = line break, 2 = blank line, 0 = cell gap)."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString or isinstance(child, CData):
                parts.append(_HTML_SPACE.sub(" ", str(child)))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            parts.append(1)
            continue
        if name == "ol":
            labels.update(_ordered_list_labels(child))
        breaks = _BLOCK_BREAK.get(name)
        if name in ("ol", "ul") and child.find_parent("li") is not None:
            breaks = 1  # a nested list continues its item
        if name in ("td", "th"):
            parts.append(0)
        elif breaks:
            parts.append(breaks)
        if id(child) in labels:
            parts.append(labels[id(child)])
        _html_parts(child, parts, labels)
        if breaks:
            parts.append(breaks)


def _join_parts(parts: list[str | int]) -> str:
    """Join the pieces of :func:`_html_parts`: the strongest break between two texts wins, as in a browser."""
    lines: list[str] = [""]
    pending = 0  # 2 = blank line, 1 = line break, -1 = cell gap, 0 = none
    for part in parts:
        if isinstance(part, int):
            pending = max(pending, part) if part else (pending or -1)
            continue
        if not part.strip():
            if pending == 0 and lines[-1]:
                lines[-1] += " "
            continue
        if lines[-1].strip():
            if pending > 0:
                lines.extend([""] * pending)
            elif pending == -1:
                lines[-1] = lines[-1].rstrip(" ") + "\t"
        pending = 0
        lines[-1] += part
    return "\n".join(line.strip(" ") for line in lines).strip("\n")


def _html_title(original: BeautifulSoup, main: Tag) -> str | None:
    """The title to put at the top: the first ``<h1>`` outside the site's chrome, else ``<title>``.

    None when the main content has its own ``<h1>``, which then opens the text anyway.
    """
    if main.find("h1") is not None:
        return None
    for heading in original.find_all("h1"):
        in_chrome = _within(heading, _CHROME_TAGS) or (
            _within(heading, ("header", "footer")) and not _within(heading, ("article", "main"))
        )
        text = _HTML_SPACE.sub(" ", heading.get_text(" ")).strip()
        if text and not in_chrome:
            return text
    page_title = _HTML_SPACE.sub(" ", original.title.get_text(" ")).strip() if original.title else ""
    return page_title or None


def read_html(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
    """Extract the statement text of an HTML page with BeautifulSoup and lxml.

    The charset comes from a byte-order mark, then the ``<meta charset>`` (or ``http-equiv``) declaration, then
    UTF-8, then ``charset-normalizer`` (with a warning). Scripts, styles, navigation, site header and footer,
    asides, forms, hidden elements, breadcrumbs, share/print/download widgets and view counters are dropped. The
    main content is the largest ``<article>``, else ``<main>``/``role="main"``, else the element holding most
    ``<p>`` text. The page title (an ``<h1>`` outside the main content, else ``<title>``) goes on the first line
    unless the main content has its own ``<h1>``. Entities are unescaped; block elements end lines, and
    paragraphs, headings, lists and tables are separated by blank lines; ``<ol>`` items whose text has no number
    get their label (``"1. "``, ``"a. "``, ``"iv. "``) from the list's ``type``/``start``/``list-style-type``.

    Args:
        data: The file's bytes.
        path: The file, for messages.

    Returns:
        The text and the warnings (about the charset).

    Raises:
        InputError: ``empty_file`` for a page with no visible text; ``binary_file`` for bytes that are no text.
    """
    _require_bytes(data, path)
    markup, warnings = _decode_html(data, path)
    soup = BeautifulSoup(markup, "lxml")
    original = BeautifulSoup(markup, "lxml")
    _drop_chrome(soup)
    main = _main_content(soup)
    parts: list[str | int] = []
    _html_parts(main, parts, {})
    text = _join_parts(parts)
    title = _html_title(original, main)
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}" if text else title
    _require_text(text, path, what="the HTML page")
    return text, warnings


# --------------------------------------------------------------------------------------------- DOCX

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
            (including a legacy ``.doc`` saved with a ``.docx`` name) or is damaged.
    """
    _require_bytes(data, path)
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            path,
            "not a .docx: it is a legacy Word .doc or a password-protected document; save it as an unprotected .docx",
            code="corrupt_docx",
        )
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


# --------------------------------------------------------------------------------------------- dispatch

suffix_to_reader: Mapping[str, Reader] = MappingProxyType(
    {
        ".pdf": read_pdf,
        ".html": read_html,
        ".htm": read_html,
        ".txt": read_text,
        ".text": read_text,
        ".md": read_text,
        ".docx": read_docx,
    }
)
"""The reader of each supported file suffix (lower case, with the dot)."""

suffix_to_format: Mapping[str, SourceFormat] = MappingProxyType(
    {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "txt", ".text": "txt", ".md": "txt", ".docx": "docx"}
)
"""The ``source_format`` recorded for each supported suffix."""

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(suffix_to_reader)
"""The suffixes :func:`read_document` reads."""

_SUFFIX_HINTS = {
    ".doc": "save it as .docx",
    ".rtf": "save it as .docx or .txt",
    ".odt": "save it as .docx",
    ".xhtml": "rename it to .html",
}


def is_supported(path: Path) -> bool:
    """Whether :func:`read_document` has a reader for the file's suffix (case-insensitive)."""
    return path.suffix.lower() in suffix_to_reader


def read_document(path: Path) -> RawDocument:
    """Read a raw statement file with the reader for its suffix.

    Args:
        path: The file; its suffix (case-insensitive) chooses the reader from :data:`suffix_to_reader`.

    Returns:
        The extracted text with the file's format, SHA-256 and any warnings.

    Raises:
        InputError: ``unsupported_format`` for a suffix without a reader (the message lists the supported
            ones); ``unreadable`` when the file cannot be opened (missing, a folder, no permission);
            ``empty_file`` for an empty file; and the format-specific codes of :func:`read_pdf`,
            :func:`read_html`, :func:`read_text` and :func:`read_docx`.
    """
    suffix = path.suffix.lower()
    reader = suffix_to_reader.get(suffix)
    if reader is None:
        hint = f" ({_SUFFIX_HINTS[suffix]})" if suffix in _SUFFIX_HINTS else ""
        raise InputError(
            path,
            f"unsupported format {suffix or '(no suffix)'!r}{hint}; supported suffixes: "
            f"{', '.join(sorted(SUPPORTED_SUFFIXES))}",
            code="unsupported_format",
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise InputError(path, "cannot read the file: it does not exist", code="unreadable") from error
    except IsADirectoryError as error:
        raise InputError(path, "cannot read the file: it is a folder, not a file", code="unreadable") from error
    except PermissionError as error:
        raise InputError(path, "cannot read the file: permission denied", code="unreadable") from error
    except OSError as error:
        raise InputError(path, f"cannot read the file: {error.strerror or error}", code="unreadable") from error
    text, warnings = reader(data, path)
    source_format = suffix_to_format[suffix]
    log.debug("read %s as %s: %d characters, %d warning(s)", path, source_format, len(text), len(warnings))
    return RawDocument(
        path=path,
        source_format=source_format,
        text=text,
        content_hash=hashlib.sha256(data).hexdigest(),
        warnings=warnings,
    )
