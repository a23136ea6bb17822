"""Hostile raw files for tests and benchmarks (yardstick): files built to break a reader's resource limits.

Not a pipeline stage; no stage imports it. The hostile-input tests (``tests/ingest/test_hostile_inputs.py``) write
these files small (:data:`SMALL`: a few dozen KB on disk) and the benchmark ``benchmarks/bench_hostile.py`` writes
them full size (:data:`FULL`: bombs that expand to 1 GiB); both check that each is refused with the code of the
limit it breaks (:mod:`ascc_analysis.ingest.readers.limits` says what each code means) while the rest of the raw
folder builds.

Every file here is SYNTHETIC, written byte by byte by this module; where it holds text, that text is a few words in
ASEAN drafting style written for these checks ("1. The Meeting noted ..."), and the statement beside the hostile
files (:data:`SYNTHETIC_STATEMENT`) is labelled synthetic — none is, copies or paraphrases an ASEAN document.

The files (:data:`HOSTILE_NAMES`, in the order they are written):

* ``zip-bomb.docx`` — a ``.docx``-shaped zip whose document part expands to ``zip_expanded_bytes`` of spaces;
* ``flate-bomb.pdf`` — a one-page PDF whose content FlateDecodes to ``flate_expanded_bytes`` of spaces;
* ``many-pages.pdf`` — a one-page PDF whose page tree declares ``declared_pages`` pages;
* ``one-line.txt`` — a single line of about ``line_bytes`` bytes;
* ``deep.html`` — a page of ``html_depth`` nested ``<div>`` elements;
* ``huge.pdf`` — a sparse file (no room on disk) one byte over the file-size limit in force when it is written.

:func:`write_within_limits_text` writes the opposite: the worst text the limits let through.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ascc_analysis.ingest import segment
from ascc_analysis.ingest.readers import limits

MIB = 1 << 20
"""Bytes in a mebibyte."""

SYNTHETIC_STATEMENT = """JOINT STATEMENT OF THE TWENTY-SECOND ASEAN SOCIO-CULTURAL COMMUNITY (ASCC) COUNCIL MEETING
Bandar Seri Begawan, 12 March 2021

1. The Twenty-Second ASCC Council Meeting was held on 12 March 2021 in Bandar Seri Begawan, Brunei Darussalam,
under the ASEAN Chairmanship of Brunei Darussalam.

2. The Meeting welcomed the progress of the synthetic work plan on safe data handling and encouraged the
sectoral bodies under the ASCC to carry it forward.
"""
"""A well-formed statement to build beside the hostile files (SYNTHETIC, written for these checks; not an ASEAN
document): the 22nd ASCC Council Meeting, 12 March 2021, Bandar Seri Begawan."""

HOSTILE_NAMES: tuple[str, ...] = (
    "zip-bomb.docx",  # refused as zip_bomb
    "flate-bomb.pdf",  # pdf_stream_too_large
    "many-pages.pdf",  # too_many_pages
    "one-line.txt",  # text_too_long
    "deep.html",  # too_deeply_nested
    "huge.pdf",  # file_too_large
)
"""The hostile files' names, in the order :func:`write_hostile_files` writes them (each comment: the problem code it
is refused with under the default limits; the tests hold that, not this module)."""


@dataclass(frozen=True)
class HostileSizes:
    """How large the hostile files are made.

    Attributes:
        zip_expanded_bytes: What the zip bomb's document part expands to (a whole number of MiB).
        flate_expanded_bytes: What the FlateDecode bomb's page content decodes to (a whole number of MiB).
        declared_pages: The page count that ``many-pages.pdf`` declares.
        line_bytes: About how long the single line of ``one-line.txt`` is.
        html_depth: How deep the ``<div>`` elements of ``deep.html`` nest.
    """

    zip_expanded_bytes: int
    flate_expanded_bytes: int
    declared_pages: int
    line_bytes: int = 20 * MIB
    html_depth: int = 100_000


SMALL = HostileSizes(zip_expanded_bytes=16 * MIB, flate_expanded_bytes=32 * MIB, declared_pages=1_000_000)
"""Sizes for tests: every file a few dozen KB on disk (the one-line text and the deep page a few MB), quick to
write and to refuse, still over every default limit."""

FULL = HostileSizes(zip_expanded_bytes=1024 * MIB, flate_expanded_bytes=1024 * MIB, declared_pages=10_000_000)
"""Sizes for the benchmark: bombs that expand to 1 GiB (about 1 MB on disk), ten million declared pages."""


def deflated(chunk: bytes, n_bytes: int) -> bytes:
    """``chunk`` repeated to ``n_bytes`` (rounded down to whole MiB), deflated with zlib a MiB at a time.

    Args:
        chunk: The bytes to repeat (a divisor of a MiB is exact).
        n_bytes: How many bytes the result inflates to.

    Returns:
        A zlib stream of a few KB per 10 MiB it inflates to.
    """
    compressor = zlib.compressobj(9)
    block = chunk * (MIB // len(chunk))
    return b"".join(compressor.compress(block) for _ in range(n_bytes // len(block))) + compressor.flush()


def minimal_pdf(streams: Sequence[bytes], *, declared_count: int | None = None) -> bytes:
    """A minimal PDF, one page per content stream (each FlateDecode, Helvetica as font ``F1``), written byte by byte.

    Args:
        streams: Each page's content stream, already deflated (:func:`text_page`, :func:`deflated`).
        declared_count: The page count the page tree declares; by default the true one.

    Returns:
        The PDF file's bytes.
    """
    n_pages = len(streams)
    kids = " ".join(f"{4 + 2 * index} 0 R" for index in range(n_pages))
    count = n_pages if declared_count is None else declared_count
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index, stream in enumerate(streams):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * index} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets))
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def text_page(text: str) -> bytes:
    """A deflated page content stream that shows ``text`` in font ``F1`` (ASCII, no parentheses)."""
    return zlib.compress(f"BT /F1 11 Tf 72 700 Td ({text}) Tj ET".encode())


def zip_bomb(expanded_bytes: int) -> bytes:
    """A ``.docx``-shaped zip whose ``word/document.xml`` is ``expanded_bytes`` of spaces (whole MiB).

    Returns:
        The zip's bytes: about 1 KB per MiB it expands to.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            block = b" " * MIB
            for _ in range(expanded_bytes // MIB):
                part.write(block)
    return out.getvalue()


def one_line_text(n_bytes: int) -> str:
    """A single line of about ``n_bytes`` characters: "1. The Meeting noted the plan the plan ..." (synthetic)."""
    return "1. The Meeting noted " + "the plan " * (n_bytes // 9)


def deep_html(depth: int) -> str:
    """An HTML page whose one paragraph sits inside ``depth`` nested ``<div>`` elements."""
    return "<html><body>" + "<div>" * depth + "<p>1. The Meeting noted.</p>" + "</div>" * depth + "</body></html>"


def write_sparse(path: Path, n_bytes: int) -> None:
    """Write a sparse file of ``n_bytes`` zero bytes (it takes no room on disk where the file system allows)."""
    with path.open("wb") as file:
        file.truncate(n_bytes)


_name_to_writer: dict[str, Callable[[Path, HostileSizes], object]] = {
    "zip-bomb.docx": lambda path, sizes: path.write_bytes(zip_bomb(sizes.zip_expanded_bytes)),
    "flate-bomb.pdf": lambda path, sizes: path.write_bytes(minimal_pdf([deflated(b" ", sizes.flate_expanded_bytes)])),
    "many-pages.pdf": lambda path, sizes: path.write_bytes(
        minimal_pdf([text_page("The Meeting noted.")], declared_count=sizes.declared_pages)
    ),
    "one-line.txt": lambda path, sizes: path.write_text(one_line_text(sizes.line_bytes), encoding="utf-8"),
    "deep.html": lambda path, sizes: path.write_text(deep_html(sizes.html_depth), encoding="utf-8"),
    "huge.pdf": lambda path, sizes: write_sparse(path, limits.MAX_FILE_BYTES + 1),
}


def write_hostile_file(path: Path, sizes: HostileSizes = SMALL) -> None:
    """Write the hostile file named by ``path.name`` (one of :data:`HOSTILE_NAMES`) at ``path``.

    Args:
        path: Where to write it; its name says which file.
        sizes: How large to make it.

    Raises:
        ValueError: The name is not one of :data:`HOSTILE_NAMES` (the message lists them).
    """
    writer = _name_to_writer.get(path.name)
    if writer is None:
        raise ValueError(f"{path}: no hostile file is named {path.name!r}; accepted: {', '.join(HOSTILE_NAMES)}")
    writer(path, sizes)


def write_hostile_files(
    raw: Path, sizes: HostileSizes = SMALL, *, names: Iterable[str] = HOSTILE_NAMES
) -> dict[str, Path]:
    """Write hostile files into a folder (which must exist), by name.

    Args:
        raw: The folder, usually a raw folder beside :data:`SYNTHETIC_STATEMENT`.
        sizes: How large to make them.
        names: Which to write, of :data:`HOSTILE_NAMES`; by default all.

    Returns:
        Name -> the file written, in the order written.

    Raises:
        ValueError: A name is not one of :data:`HOSTILE_NAMES`.
    """
    written = {}
    for name in names:
        write_hostile_file(raw / name, sizes)
        written[name] = raw / name
    return written


# Synthetic prose for the within-limits text: sector words, body names and instrument titles, as extraction meets them.
_PROSE = (
    "The Meeting welcomed the adoption of the ASEAN Declaration on Synthetic Resilience by the ASEAN Ministers "
    "Responsible for Social Welfare and Development, and encouraged the Senior Officials Meeting on Health "
    "Development to implement the ASEAN Work Plan on Synthetic Education and Youth in line with the ASCC "
    "Blueprint 2025; "
)


def write_within_limits_text(path: Path) -> None:
    """Write the worst text statement the limits let through: as many paragraphs just under the paragraph limit
    (:data:`ascc_analysis.ingest.segment.MAX_PARAGRAPH_CHARS`) as the text limit
    (:data:`ascc_analysis.ingest.readers.limits.MAX_TEXT_CHARS`) holds, each of synthetic prose naming bodies and
    instruments (extraction's work on a paragraph grows faster than its length, so this is the slowest accepted
    input). SYNTHETIC: the 23rd ASCC Council Meeting, Hanoi, 5 April 2022; not an ASEAN document.

    Args:
        path: The ``.txt`` file to write.
    """
    paragraph = (_PROSE * (segment.MAX_PARAGRAPH_CHARS // len(_PROSE) + 1))[: segment.MAX_PARAGRAPH_CHARS - 10]
    paragraph = paragraph.rstrip() + "."
    head = "JOINT STATEMENT OF THE TWENTY-THIRD ASEAN SOCIO-CULTURAL COMMUNITY (ASCC) COUNCIL MEETING\n"
    head += "Hanoi, 5 April 2022\n\n"
    n_paragraphs = (limits.MAX_TEXT_CHARS - len(head)) // (len(paragraph) + 8)
    text = head + "\n\n".join(f"{n}. {paragraph}" for n in range(1, n_paragraphs + 1)) + "\n"
    path.write_text(text, encoding="utf-8")
