"""Running an evaluation: find each gold file's statement, build the statements as one corpus, score each."""

from __future__ import annotations

import itertools
import logging
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import polars as pl

from ascc_analysis.evaluate.gold import Gold, GoldError
from ascc_analysis.evaluate.scoring import Scores, score_extraction

log = logging.getLogger(__name__)


def find_source(gold: Gold, *, source_dirs: Sequence[Path]) -> Path:
    """The statement file a gold file annotates, looked up by name in ``source_dirs`` (first match wins).

    Raises:
        GoldError: The file is in none of the folders; the message lists where it looked.
    """
    for folder in source_dirs:
        candidate = folder / gold.source
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(folder) for folder in source_dirs)
    raise GoldError(gold.path, f"{gold.path}: source {gold.source!r} not found in: {looked} (use --source-dir)")


HEADER_LINE_PREFIX: Final = b"# "
_TEXT_SUFFIXES = frozenset({".txt"})


def drop_header_lines(data: bytes) -> bytes:
    """A text file's bytes without its lines that start with ``"# "`` (as ``grep -v '^# '`` would print it).

    The real statement excerpts of the shared corpus (``../shared/corpus/excerpts/``) start with such lines (source
    URL, meeting, date, how the text was obtained), which are not part of the statement.

    Args:
        data: The file's bytes (any ASCII-compatible encoding; line ends are kept as they are).

    Returns:
        The bytes with those lines removed.
    """
    return b"".join(line for line in data.splitlines(keepends=True) if not line.startswith(HEADER_LINE_PREFIX))


def _copy_source(source: Path, target: Path, *, drop_headers: bool) -> None:
    if drop_headers and source.suffix.lower() in _TEXT_SUFFIXES:
        target.write_bytes(drop_header_lines(source.read_bytes()))
    else:
        shutil.copy(source, target)


def evaluate_golds(golds: Sequence[Gold], *, sources: Sequence[Path], drop_headers: bool = False) -> list[Scores]:
    """Build the annotated statements together through the full pipeline and score each against its gold file.

    The statements are built as one corpus (in a temporary folder), as ``ascc build`` would build them, so that an
    acronym defined in one statement is recognised in another. A statement that the build drops as a duplicate of
    another (``ascc build`` gives a press release and the joint statement of one meeting the same ``doc_id``) is
    built again in a further round without the statement it collided with, so that every gold file is scored.

    Args:
        golds: Gold files.
        sources: The statement file of each gold file, in the same order.
        drop_headers: Drop the lines that start with ``"# "`` from text sources before building
            (:func:`drop_header_lines`; the shared excerpts' header lines). The source files are not changed.

    Returns:
        One :class:`Scores` per gold file, in the order of ``golds``.

    Raises:
        GoldError: A statement could not be built.
    """
    from ascc_analysis.build import build_corpus
    from ascc_analysis.catalog import read_table

    results: dict[int, Scores] = {}
    pending = list(range(len(golds)))
    with tempfile.TemporaryDirectory(prefix="ascc-evaluate-") as tmp:
        for round_no in itertools.count(1):
            if not pending:
                break
            raw, out = Path(tmp) / f"raw-{round_no}", Path(tmp) / f"processed-{round_no}"
            raw.mkdir()
            for index in pending:
                _copy_source(sources[index], raw / sources[index].name, drop_headers=drop_headers)
            build = build_corpus(raw, out, demo=False)
            duplicates = {problem.source_file for problem in build.problems if problem.code == "duplicate"}
            documents = read_table(out, "documents")
            paragraphs = read_table(out, "paragraphs")
            instrument_mentions = read_table(out, "instrument_mentions")
            body_mentions = read_table(out, "body_mentions")
            deferred = []
            for index in pending:
                gold, name = golds[index], sources[index].name
                doc_ids = documents.filter(pl.col("source_file") == name)["doc_id"].to_list()
                if not doc_ids:
                    if name in duplicates:
                        log.info("%s: built as a duplicate of another statement; building it again apart", name)
                        deferred.append(index)
                        continue
                    raise GoldError(gold.path, f"{gold.path}: {name} was not built (see `ascc build` problems)")
                in_doc = pl.col("doc_id") == doc_ids[0]
                results[index] = score_extraction(
                    gold,
                    paragraphs=paragraphs.filter(in_doc),
                    instrument_mentions=instrument_mentions.filter(in_doc),
                    body_mentions=body_mentions.filter(in_doc),
                    documents=documents.filter(in_doc),
                )
            if len(deferred) == len(pending):  # nothing built in this round: give up rather than loop
                raise GoldError(golds[deferred[0]].path, f"{sources[deferred[0]].name} was not built (duplicate)")
            pending = deferred
    return [results[index] for index in range(len(golds))]
