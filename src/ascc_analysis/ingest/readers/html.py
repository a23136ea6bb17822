"""The HTML reader: :func:`read_html` extracts the statement text of a web page with BeautifulSoup and lxml.

Part of the ingest stage (:mod:`ascc_analysis.ingest.readers`). Reads a page's bytes: decodes them (byte-order mark,
declared charset, UTF-8, detection), drops the page's chrome (scripts, navigation, site header and footer,
widgets, counters), finds the main content and flattens it to text: block elements end lines, paragraphs,
headings, lists and tables are separated by blank lines, table cells by tabs, and ``<ol>`` items get their label.
Returns the text and warnings (about the charset). Pages over
:data:`~ascc_analysis.ingest.readers.limits.MAX_HTML_BYTES` or nested deeper than
:data:`~ascc_analysis.ingest.readers.limits.MAX_HTML_DEPTH` are refused before BeautifulSoup builds its tree (whose
walks are recursive and, on deep trees, quadratic). Raises :class:`~ascc_analysis.errors.InputError` with code
``empty_file``, ``binary_file``, ``file_too_large`` or ``too_deeply_nested``.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from bs4.element import CData, NavigableString
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type hints

from ascc_analysis.errors import InputError
from ascc_analysis.ingest.readers import limits
from ascc_analysis.ingest.readers.base import (
    _binary_reason,
    _decode_by_bom,
    _detect_encoding,
    _require_bytes,
    _require_text,
)
from ascc_analysis.ingest.readers.lists import ListStyle, _int_or, format_ordinal

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


def _require_shallow(markup: str, path: Path) -> None:
    """Refuse a page nested deeper than :data:`~ascc_analysis.ingest.readers.limits.MAX_HTML_DEPTH`.

    The depth is measured with lxml's event parser, in one pass in C, before BeautifulSoup builds its tree. (libxml2
    stops at a depth of 256, so the limit must stay below that; the parse is not used otherwise.)
    """
    parser = etree.HTMLPullParser(events=("start", "end"), recover=True)
    depth = 0
    window = 1 << 20  # feed and drain in slices: the events of a whole large page would be held at once otherwise
    for offset in range(0, len(markup), window):
        parser.feed(markup[offset : offset + window])
        for event, _ in parser.read_events():
            depth += 1 if event == "start" else -1
            if depth > limits.MAX_HTML_DEPTH:
                raise InputError(
                    path,
                    f"the page's elements are nested too deeply: more than {limits.MAX_HTML_DEPTH} levels (real "
                    "pages nest a few dozen); a malformed or hostile page",
                    code="too_deeply_nested",
                )


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
        InputError: ``empty_file`` for a page with no visible text; ``binary_file`` for bytes that are no text;
            ``file_too_large`` for a page over :data:`~ascc_analysis.ingest.readers.limits.MAX_HTML_BYTES`;
            ``too_deeply_nested`` for elements nested deeper than
            :data:`~ascc_analysis.ingest.readers.limits.MAX_HTML_DEPTH`.
    """
    _require_bytes(data, path)
    limits.require_file_size(len(data), path, limit=limits.MAX_HTML_BYTES, what="HTML page")
    markup, warnings = _decode_html(data, path)
    _require_shallow(markup, path)
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
