"""Statement pages: :func:`find_statement_link` finds the full-statement PDF that a landing page links to.

Part of the acquisition stage (:mod:`ascc_analysis.ingest.fetch`). Reads an HTML page (and its address, for relative
links); returns the absolute address of its best "full statement" / "download" / ``.pdf`` link, or ``None``. Pure:
no request, no file.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from bs4 import BeautifulSoup

#: Anchor texts that offer the full statement, strongest first.
_FULL_STATEMENT = re.compile(r"\bfull\s+(?:text\s+of\s+the\s+)?statement\b", re.IGNORECASE)
#: Anchor texts (or file names) that name the meeting's outcome document: "Joint Statement (PDF)", "Communiqué".
_OUTCOME = re.compile(
    r"(?:\b|_)(?:joint[\s_-]*(?:media[\s_-]*)?statement|statement|communiqu[eé]|declaration|chairman'?s)(?:\b|_)",
    re.IGNORECASE,
)
_DOWNLOAD = re.compile(r"\bdownload\b|\(pdf\)|\bpdf\b", re.IGNORECASE)
#: Elements that hold a page's main content, tried in order (the whole body when none is there).
_MAIN_CONTENT = ("main", "article", "[role=main]", ".entry-content", ".post-content", "#content", ".content")
#: Query parameters through which a PDF viewer (pdf.js, Google Docs viewer) is given the PDF's address.
_VIEWER_PARAMETERS = ("file", "url", "src", "pdf")


def _is_pdf(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(".pdf")


def _unwrap_viewer(url: str) -> str:
    """The PDF a viewer address shows (``viewer.html?file=/x.pdf`` -> ``/x.pdf``, resolved), else the address."""
    query = parse_qs(urlsplit(url).query)
    for name in _VIEWER_PARAMETERS:
        for value in query.get(name, []):
            if _is_pdf(value):
                return urljoin(url, value)
    return url


def find_statement_link(html: bytes | str, *, base_url: str) -> str | None:
    """The link to the full statement PDF that a statement page offers, if any.

    Anchors are searched in the page's main content only (``<main>``, ``<article>``, ``[role=main]``, common
    content classes; else the whole body), so menus and footers do not count; a PDF embedded in the page
    (``<iframe>``, ``<embed>``, ``<object>``, also through a viewer such as ``viewer.html?file=...pdf``) counts
    wherever it is. Candidates are ranked, earliest first within a rank:

    0. anchor text naming the full statement ("Download the full statement here") to a ``.pdf``;
    1. anchor text or file name naming the outcome document ("Joint Statement (PDF)", "Communiqué") to a ``.pdf``,
       or an anchor with a ``download`` attribute to a ``.pdf``;
    2. a PDF embedded in the page;
    3. "full statement" text to any address;
    4. "Download" or "PDF" text to a ``.pdf``;
    5. any other ``.pdf`` link (a ``wp-content/uploads`` file with an odd name);
    6. a ``download`` attribute, or "Download" text, to any other address.

    Args:
        html: The page.
        base_url: The page's address (after redirects), against which relative links are resolved (a
            ``<base href>`` in the page takes precedence).

    Returns:
        The absolute ``http(s)`` address of the best link, or ``None`` when the page offers none.
    """
    soup = BeautifulSoup(html, "lxml")
    base_tag = soup.find("base", href=True)
    base = urljoin(base_url, str(base_tag["href"])) if base_tag is not None else base_url
    scope: Any = next((found for selector in _MAIN_CONTENT if (found := soup.select_one(selector))), None)
    if scope is None:
        scope = soup.body or soup
    ranked: list[tuple[int, int, str]] = []
    for index, anchor in enumerate(scope.find_all("a", href=True)):
        href = str(anchor["href"]).strip()
        if not href or href.startswith("#"):
            continue
        url = _unwrap_viewer(urljoin(base, href))
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        text = " ".join(f"{anchor.get_text(' ', strip=True)} {anchor.get('title') or ''}".split())
        is_pdf = _is_pdf(url)
        file_name = urlsplit(url).path.rsplit("/", 1)[-1]
        is_download = anchor.has_attr("download")
        if _FULL_STATEMENT.search(text):
            rank = 0 if is_pdf else 3
        elif is_pdf and (_OUTCOME.search(text) or _OUTCOME.search(file_name) or is_download):
            rank = 1
        elif _DOWNLOAD.search(text):
            rank = 4 if is_pdf else 6
        elif is_pdf:
            rank = 5
        elif is_download:
            rank = 6
        else:
            continue
        ranked.append((rank, index, url))
    root: Any = soup.body or soup
    for index, element in enumerate(root.find_all(["iframe", "embed", "object"])):
        source = str(element.get("src") or element.get("data") or "").strip()
        if not source:
            continue
        url = _unwrap_viewer(urljoin(base, source))
        if urlsplit(url).scheme in ("http", "https") and (
            _is_pdf(url) or str(element.get("type", "")).lower() == "application/pdf"
        ):
            ranked.append((2, index, url))
    return min(ranked)[2] if ranked else None
