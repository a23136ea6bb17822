"""Statement pages: :func:`find_statement_link` finds the full-statement PDF that a landing page links to.

Part of the acquisition stage (:mod:`ascc_analysis.ingest.fetch`). Reads an HTML page (and its address, for relative
links); returns the absolute address of its best "full statement" / "download" / ``.pdf`` link, or ``None``. Pure:
no request, no file.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

#: Anchor texts that offer the full statement, strongest first.
_FULL_STATEMENT = re.compile(r"\bfull\s+(?:text\s+of\s+the\s+)?statement\b", re.IGNORECASE)
_DOWNLOAD = re.compile(r"\bdownload\b", re.IGNORECASE)
#: Elements that hold a page's main content, tried in order (the whole body when none is there).
_MAIN_CONTENT = ("main", "article", "[role=main]", ".entry-content", ".post-content", "#content", ".content")


def find_statement_link(html: bytes | str, *, base_url: str) -> str | None:
    """The link to the full statement PDF that a statement page offers, if any.

    Only the page's main content is searched (``<main>``, ``<article>``, ``[role=main]``, common content
    classes; else the whole body), so menus and footers do not count. Links are ranked, earliest first within a
    rank: anchor text naming the full statement ("Full statement", "Download the full statement here") to a
    ``.pdf``; such text to any address; "Download" to a ``.pdf``; any ``.pdf`` link; "Download" to any address.

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
        url = urljoin(base, href)
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        text = " ".join(f"{anchor.get_text(' ', strip=True)} {anchor.get('title') or ''}".split())
        is_pdf = urlsplit(url).path.lower().endswith(".pdf")
        if _FULL_STATEMENT.search(text):
            rank = 0 if is_pdf else 1
        elif _DOWNLOAD.search(text):
            rank = 2 if is_pdf else 4
        elif is_pdf:
            rank = 3
        else:
            continue
        ranked.append((rank, index, url))
    return min(ranked)[2] if ranked else None
