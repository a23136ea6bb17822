"""Benchmark the readers' resource limits on full-size hostile files: time and peak memory of refusing each one.

Each hostile file is written to a temporary raw folder beside one synthetic statement (written for this benchmark in
ASEAN drafting style; not an ASEAN document), and ``build_corpus`` runs on the folder holding the statement and that
one file, in a fresh process, so that each peak resident memory (``ru_maxrss`` of the child) belongs to one file:

* ``zip-bomb.docx`` — a ``.docx`` whose document part expands to 1 GiB (about 1 MB on disk);
* ``flate-bomb.pdf`` — a PDF whose page content FlateDecodes to 1 GiB (about 1 MB on disk);
* ``many-pages.pdf`` — a PDF that declares 10,000,000 pages;
* ``one-line.txt`` — a 20 MB single line of text;
* ``deep.html`` — 100,000 nested ``<div>`` elements;
* ``huge.pdf`` — a sparse file one byte over the file-size limit;
* ``within-limits.txt`` — the worst text the limits let through: as many paragraphs of the longest allowed length as
  the text limit holds (extraction's work on a paragraph grows faster than its length, so this is the slowest
  accepted input).

The baseline is the statement alone; each line prints the code reported, seconds and peak MiB, and their ratios to
the baseline. Target (issue "scale and safety of the scheduled job"): every hostile file refused with its own code,
none exhausting memory, none taking minutes.

Usage::

    python benchmarks/bench_hostile.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

MIB = 1 << 20

# Synthetic statement written for this benchmark; not an ASEAN document.
SYNTHETIC = """JOINT STATEMENT OF THE TWENTY-SECOND ASEAN SOCIO-CULTURAL COMMUNITY (ASCC) COUNCIL MEETING
Bandar Seri Begawan, 12 March 2021

1. The Twenty-Second ASCC Council Meeting was held on 12 March 2021 in Bandar Seri Begawan, Brunei Darussalam,
under the ASEAN Chairmanship of Brunei Darussalam.

2. The Meeting welcomed the progress of the synthetic work plan on safe data handling and encouraged the
sectoral bodies under the ASCC to carry it forward.
"""

# Synthetic prose for the within-limits text: sector words, body names and instrument titles, as extraction meets them.
_PROSE = (
    "The Meeting welcomed the adoption of the ASEAN Declaration on Synthetic Resilience by the ASEAN Ministers "
    "Responsible for Social Welfare and Development, and encouraged the Senior Officials Meeting on Health "
    "Development to implement the ASEAN Work Plan on Synthetic Education and Youth in line with the ASCC "
    "Blueprint 2025; "
)


def _deflated(chunk: bytes, n_bytes: int) -> bytes:
    compressor = zlib.compressobj(9)
    block = chunk * (MIB // len(chunk))
    return b"".join(compressor.compress(block) for _ in range(n_bytes // len(block))) + compressor.flush()


def _pdf(stream: bytes, *, declared_count: int = 1) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [3 0 R] /Count {declared_count} >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream",
    ]
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


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            block = b" " * MIB
            for _ in range(1024):
                part.write(block)


def _within_limits(path: Path) -> None:
    from ascc_analysis.ingest.readers import limits
    from ascc_analysis.ingest.segment import MAX_PARAGRAPH_CHARS

    paragraph = (_PROSE * (MAX_PARAGRAPH_CHARS // len(_PROSE) + 1))[: MAX_PARAGRAPH_CHARS - 10].rstrip() + "."
    head = "JOINT STATEMENT OF THE TWENTY-THIRD ASEAN SOCIO-CULTURAL COMMUNITY (ASCC) COUNCIL MEETING\n"
    head += "Hanoi, 5 April 2022\n\n"
    n_paragraphs = (limits.MAX_TEXT_CHARS - len(head)) // (len(paragraph) + 8)
    path.write_text(head + "\n\n".join(f"{n}. {paragraph}" for n in range(1, n_paragraphs + 1)) + "\n", "utf-8")


def _sparse(path: Path) -> None:
    from ascc_analysis.ingest.readers import limits

    with path.open("wb") as file:
        file.truncate(limits.MAX_FILE_BYTES + 1)


WRITERS: dict[str, Callable[[Path], None]] = {
    "zip-bomb.docx": _zip_bomb,
    "flate-bomb.pdf": lambda path: path.write_bytes(_pdf(_deflated(b" ", 1024 * MIB))),
    "many-pages.pdf": lambda path: path.write_bytes(_pdf(zlib.compress(b"BT ET"), declared_count=10_000_000)),
    "one-line.txt": lambda path: path.write_text("1. The Meeting noted " + "the plan " * (20 * MIB // 9), "utf-8"),
    "deep.html": lambda path: path.write_text(
        "<html><body>" + "<div>" * 100_000 + "<p>1. The Meeting noted.</p>" + "</div>" * 100_000, "utf-8"
    ),
    "huge.pdf": _sparse,
    "within-limits.txt": _within_limits,
}

_CHILD = """
import json, sys
from pathlib import Path
from ascc_analysis.build import build_corpus
result = build_corpus(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps({"n_documents": result.n_documents, "codes": {p.source_file: p.code for p in result.problems}}))
"""


def _run(raw: Path, out: Path) -> tuple[float, float, dict[str, object]]:
    """Build in a fresh process: (seconds, peak MiB of the child, its result)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(raw), str(out)], stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    output = child.stdout.read() if child.stdout else ""
    if status != 0:
        raise SystemExit(f"the build of {raw} failed (status {status})")
    return seconds, usage.ru_maxrss / 1024, json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", nargs="*", choices=sorted(WRITERS), help="hostile files to try (default: all)")
    args = parser.parse_args()
    names = args.only or list(WRITERS)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        base = root / "baseline"
        base.mkdir()
        (base / "statement.txt").write_text(SYNTHETIC, "utf-8")
        base_seconds, base_mib, _ = _run(base, root / "out-baseline")
        print(f"{'baseline (statement alone)':28s} {'':22s} {base_seconds:7.1f} s {base_mib:7.0f} MiB")
        for name in names:
            raw = root / name.replace(".", "-")
            raw.mkdir()
            (raw / "statement.txt").write_text(SYNTHETIC, "utf-8")
            WRITERS[name](raw / name)
            on_disk = os.stat(raw / name).st_blocks * 512
            seconds, mib, result = _run(raw, root / f"out-{raw.name}")
            codes = result["codes"]
            code = codes.get(name, "(accepted)") if isinstance(codes, dict) else "?"
            print(
                f"{name:18s} {on_disk / MIB:7.2f} MiB  {code:22s} {seconds:7.1f} s {mib:7.0f} MiB   "
                f"x{seconds / base_seconds:5.1f} time  x{mib / base_mib:4.1f} memory"
            )


if __name__ == "__main__":
    main()
