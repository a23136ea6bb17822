"""Incremental builds give exactly the tables of a cold build, and the fast body-mention matcher exactly the old one.

The scheduled job rebuilds every day with nothing or one statement new; per-statement extraction is kept in the cache
(:mod:`ascc_analysis.build`, :func:`ascc_analysis.extract.extract_corpus`). Every test here compares with the
straightforward path: a cold build, the extractors run over the whole corpus at once, the single regular expression
of all body names. Texts: the synthetic demo corpus, planted corpora, and the real texts of ../shared (read at test
time, skipped where absent).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from ascc_analysis import build as build_module
from ascc_analysis.build import build_corpus
from ascc_analysis.build import cache as build_cache
from ascc_analysis.build import columnar as build_columnar
from ascc_analysis.build import parse as build_parse
from ascc_analysis.catalog import CORPUS_MANIFEST, read_table
from ascc_analysis.extract import DocumentRows, extract_corpus
from ascc_analysis.extract.instruments import (
    attribute_instruments,
    canonicalise_instruments,
    extract_instrument_mentions,
)
from ascc_analysis.extract.mentions import _compile, _find, _find_with, extract_body_mentions
from ascc_analysis.extract.priorities import extract_priorities
from ascc_analysis.extract.themes import tag_paragraphs
from ascc_analysis.ingest.manifest import MANIFEST_COLUMNS, read_chairmanships
from ascc_analysis.registry import load_registry
from ascc_analysis.schemas import TABLES
from ascc_analysis.testing.planted import PlantedSpec, generate_corpus, write_raw


@pytest.fixture(scope="module")
def planted_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("planted") / "raw"
    write_raw(generate_corpus(PlantedSpec(n_statements=40), seed=11), raw)
    return raw


def _reference(documents: pl.DataFrame, paragraphs: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The extractors run over the whole corpus at once (what extract_all did before it was incremental)."""
    registry = load_registry()
    body_mentions = extract_body_mentions(paragraphs, registry=registry)
    raw_mentions = extract_instrument_mentions(paragraphs, documents, keep_acronym=True)
    instruments, instrument_mentions = canonicalise_instruments(raw_mentions)
    return {
        "body_mentions": body_mentions,
        "instruments": instruments,
        "instrument_mentions": instrument_mentions,
        "instrument_bodies": attribute_instruments(instrument_mentions, paragraphs, body_mentions, registry=registry),
        "priorities": extract_priorities(paragraphs, documents, chairmanships=read_chairmanships()),
        "paragraph_themes": tag_paragraphs(paragraphs),
    }


def _parquet_bytes(corpus: Path) -> dict[str, bytes]:
    return {name: (corpus / f"{name}.parquet").read_bytes() for name in TABLES}


def _entries(corpus: Path) -> list[Path]:
    """The per-file cache entries (not the columnar cache's index)."""
    return sorted(path for path in (corpus / ".cache").glob("*.json") if not path.name.startswith("rows-"))


def _drop_columnar_cache(corpus: Path) -> None:
    """Remove the columnar cache, so that the next build reads the per-file entries."""
    for path in (corpus / ".cache").glob("rows-*"):
        path.unlink()


def _assert_same_tables(left: Path, right: Path) -> None:
    left_bytes, right_bytes = _parquet_bytes(left), _parquet_bytes(right)
    differing = [name for name in TABLES if left_bytes[name] != right_bytes[name]]
    assert not differing, f"tables differ byte for byte: {differing}"


# --------------------------------------------------------------------------------------------- body mentions


def _texts_of(paragraphs: pl.DataFrame) -> list[str]:
    return [text or "" for text in paragraphs.filter(pl.col("level") != "sub_item").get_column("text").to_list()]


def _assert_matcher_equal(texts: list[str]) -> int:
    matcher = _compile(load_registry())
    n_mentions = 0
    for text in texts:
        expected = _find_with(matcher.regex, text, matcher)  # the single regular expression of every name
        assert _find(text, matcher) == expected, text[:200]
        n_mentions += len(expected)
    return n_mentions


def test_prefiltered_matcher_finds_exactly_what_the_whole_expression_finds_on_planted_and_demo(
    planted_raw: Path, tmp_path: Path
) -> None:
    corpus = generate_corpus(PlantedSpec(n_statements=40), seed=11)
    build_corpus(tmp_path / "none", tmp_path / "demo", demo=True)
    texts = _texts_of(corpus.paragraphs) + _texts_of(read_table(tmp_path / "demo", "paragraphs"))
    texts += ["ASEAN Ministers’ Meeting on Social Welfare and Development", "ſOCA", "AMMSWD's", "", "ASCC"]
    assert _assert_matcher_equal(texts) > 200


@pytest.mark.shared_corpus
def test_prefiltered_matcher_finds_exactly_what_the_whole_expression_finds_on_real_texts(
    shared_corpus_dir: Path,
) -> None:
    texts: list[str] = []
    for path in sorted(shared_corpus_dir.rglob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("# ")]
        whole = "\n".join(lines)
        texts.append(whole)
        texts.extend(part for part in whole.split("\n\n") if part.strip())
    assert _assert_matcher_equal(texts) > 100


# --------------------------------------------------------------------------------------------- extraction


def test_extract_corpus_with_any_part_cached_equals_the_whole_corpus_run(planted_raw: Path, tmp_path: Path) -> None:
    build_corpus(planted_raw, tmp_path / "c", demo=False)
    documents, paragraphs = read_table(tmp_path / "c", "documents"), read_table(tmp_path / "c", "paragraphs")
    expected = _reference(documents, paragraphs)
    registry = load_registry()
    cold = extract_corpus(documents, paragraphs, registry=registry)
    assert cold.n_reused == 0
    for name, frame in expected.items():
        assert cold.tables[name].equals(frame), name
    assert expected["instrument_mentions"].height > 50 and expected["instrument_bodies"].height > 50

    doc_ids = sorted(documents.get_column("doc_id").to_list())
    partly = {doc_id: found for doc_id, found in cold.documents.items() if doc_id not in doc_ids[::3]}
    again = extract_corpus(documents, paragraphs, registry=registry, cached=partly)
    assert again.n_reused == len(partly)
    for name, frame in expected.items():
        assert again.tables[name].equals(frame), name

    # Fewer statements: the shared acronyms and the canonical ids change; the cached rows of the rest are reused.
    kept = doc_ids[1::2]
    fewer_docs = documents.filter(pl.col("doc_id").is_in(kept))
    fewer_paragraphs = paragraphs.filter(pl.col("doc_id").is_in(kept))
    fewer = extract_corpus(fewer_docs, fewer_paragraphs, registry=registry, cached=cold.documents)
    assert fewer.n_reused == len(kept)
    for name, frame in _reference(fewer_docs, fewer_paragraphs).items():
        assert fewer.tables[name].equals(frame), name

    # The same, with the kept results as frames (the build's columnar cache): some from rows, some as objects.
    from_rows = extract_corpus(documents, paragraphs, registry=registry, kept=cold.rows.restrict(doc_ids[::2]))
    assert from_rows.n_reused == len(doc_ids[::2]) and set(from_rows.documents) == set(doc_ids) - set(doc_ids[::2])
    for name, frame in expected.items():
        assert from_rows.tables[name].equals(frame), name
    for name, frame in from_rows.rows.frames.items():
        assert frame.equals(cold.rows.frames[name]), name
    # Fewer statements from rows, said to be found with other corpus acronyms: each statement's are checked.
    other = DocumentRows(cold.rows.frames, {"ZZWR": "framework"})
    fewer_rows = extract_corpus(fewer_docs, fewer_paragraphs, registry=registry, kept=other)
    assert fewer_rows.n_reused == len(kept) and dict(fewer_rows.rows.acronyms) == dict(cold.rows.acronyms)
    for name, frame in _reference(fewer_docs, fewer_paragraphs).items():
        assert fewer_rows.tables[name].equals(frame), name


def test_an_acronym_defined_in_a_new_statement_reaches_the_cached_statements_that_use_it(tmp_path: Path) -> None:
    def statement(number: int, body: str) -> str:
        return (
            f"JOINT STATEMENT OF THE {number}TH ASEAN SOCIO-CULTURAL COMMUNITY (ASCC) COUNCIL\n\n"
            f"Jakarta, Indonesia, {number} March 20{number}\n\n1. {body}\n"
        )

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(statement(20, "We noted the progress of the ARFWR in the region."))
    (raw / "b.txt").write_text(statement(21, "We welcomed the ASEAN Social Work Consortium report."))
    first = build_corpus(raw, tmp_path / "inc", demo=False)
    assert first.n_extracted == 2
    (raw / "c.txt").write_text(
        statement(22, "We adopted the ASEAN Regional Framework on Workforce Resilience (ARFWR) for the region.")
    )
    result = build_corpus(raw, tmp_path / "inc", demo=False)
    assert result.n_extracted == 1
    build_corpus(raw, tmp_path / "cold", demo=False)
    _assert_same_tables(tmp_path / "inc", tmp_path / "cold")
    mentions = read_table(tmp_path / "inc", "instrument_mentions")
    assert "ARFWR" in mentions.get_column("title_text").to_list()  # the bare use in the cached statement a.txt
    # a.txt came from the columnar cache and was found again with the new acronym (its entry says so)
    (entry,) = [path for path in _entries(tmp_path / "inc") if json.loads(path.read_bytes())["text"].count("20 March")]
    assert json.loads(entry.read_bytes())["extraction"]["data"]["acronyms"] == {"ARFWR": "framework"}


# --------------------------------------------------------------------------------------------- builds


def test_rebuilds_after_adding_removing_and_changing_statements_equal_cold_builds(
    planted_raw: Path, tmp_path: Path
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(planted_raw, raw)
    statements = sorted(path for path in raw.iterdir() if path.suffix == ".txt")
    held_out = statements[5]
    text = held_out.read_text(encoding="utf-8")
    held_out.unlink()
    inc = tmp_path / "inc"
    build_corpus(raw, inc, demo=False)

    def check(step: str) -> None:
        cold = tmp_path / f"cold-{step}"
        build_corpus(raw, cold, demo=False)
        _assert_same_tables(inc, cold)

    held_out.write_text(text, encoding="utf-8")  # one new statement
    added = build_corpus(raw, inc, demo=False)
    assert (added.n_parsed, added.n_extracted) == (1, 1)
    check("added")
    statements[12].unlink()  # one removed
    removed = build_corpus(raw, inc, demo=False)
    assert (removed.n_parsed, removed.n_extracted, removed.unchanged) == (0, 0, False)
    check("removed")
    changed = statements[20]
    changed.write_text(changed.read_text(encoding="utf-8").replace("1. ", "1. The Council met in good spirit. ", 1))
    edited = build_corpus(raw, inc, demo=False)
    assert (edited.n_parsed, edited.n_extracted) == (1, 1)
    check("changed")


def test_an_unchanged_rebuild_writes_nothing_and_says_so(planted_raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build_corpus(planted_raw, out, demo=False)
    manifest_time = (out / CORPUS_MANIFEST).stat().st_mtime_ns
    again = build_corpus(planted_raw, out, demo=False)
    assert again.unchanged and again.corpus_hash == first.corpus_hash
    assert (again.n_documents, again.n_paragraphs, again.n_files) == (first.n_documents, first.n_paragraphs, 40)
    assert (out / CORPUS_MANIFEST).stat().st_mtime_ns == manifest_time

    # A hand-edited table is not "unchanged": the build writes the corpus again, as a cold build gives it.
    (out / "priorities.parquet").write_bytes(b"not a table")
    repaired = build_corpus(planted_raw, out, demo=False)
    assert not repaired.unchanged and repaired.corpus_hash == first.corpus_hash
    # Another manifest (sources.csv) is a change too.
    raw = tmp_path / "raw"
    shutil.copytree(planted_raw, raw)
    build_corpus(raw, out, demo=False)
    (raw / "sources.csv").write_text(",".join(MANIFEST_COLUMNS) + "\n", encoding="utf-8")  # an empty manifest
    assert not build_corpus(raw, out, demo=False).unchanged


def test_a_changed_extraction_fingerprint_runs_extraction_again(
    planted_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build_corpus(planted_raw, out, demo=False)
    monkeypatch.setattr(build_module, "extraction_fingerprint", lambda: "another extraction")
    result = build_corpus(planted_raw, out, demo=False)
    assert (result.unchanged, result.n_parsed, result.n_extracted) == (False, 0, 40)


def test_the_demo_corpus_rebuilt_from_its_cache_equals_a_cold_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "demo"
    build_corpus(tmp_path / "none", out, demo=True)
    _drop_columnar_cache(out)
    entries = _entries(out)
    for entry in entries[::2]:  # every other statement: the parse is kept, its extraction dropped
        payload = json.loads(entry.read_text(encoding="utf-8"))
        del payload["extraction"]
        entry.write_text(json.dumps(payload), encoding="utf-8")
    monkeypatch.setattr(build_module, "_unchanged_build", lambda *args, **kwargs: None)
    result = build_corpus(tmp_path / "none", out, demo=True)
    assert (result.n_parsed, result.n_extracted) == (0, len(entries[::2]))
    build_corpus(tmp_path / "none", tmp_path / "cold", demo=True)
    _assert_same_tables(out, tmp_path / "cold")


@pytest.mark.slow
def test_parsing_and_extraction_spread_over_processes_give_the_same_tables(
    planted_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_parse, "PARALLEL_MIN_FILES", 2)
    monkeypatch.delenv(build_module.WORKERS_ENV, raising=False)
    build_corpus(planted_raw, tmp_path / "parallel", demo=False, workers=2)
    build_corpus(planted_raw, tmp_path / "serial", demo=False, workers=1)
    _assert_same_tables(tmp_path / "parallel", tmp_path / "serial")


# --------------------------------------------------------------------------------------------- the parse cache


def test_the_body_key_keeps_exactly_the_letters_and_digits_the_expression_keeps() -> None:
    """:func:`build_module.body_fingerprint` drops the characters outside ``[0-9a-z]`` of the lower-cased body by
    encoding and translation; over every code point (some, such as the Kelvin sign, lower-case to ASCII letters) it
    keeps exactly what ``re.sub(r"[^0-9a-z]+", "", body.lower())`` keeps."""
    import hashlib
    import re

    from ascc_analysis.ingest.segment import Block, Statement

    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    for text in (every, "İstanbul, 26 September 2024 — the \u212aELVIN sign; “quoted” (a) 1st–2nd"):
        blocks = (
            Block("paragraph", 1, None, True, text, 0, len(text)),
            Block("sub_item", 1, "a", True, "Sub-item text is left out", 0, 1),
        )
        expected = hashlib.sha256(re.sub(r"[^0-9a-z]+", "", text.lower()).encode()).hexdigest()
        assert build_module.body_fingerprint(Statement(title="", title_end=0, blocks=blocks)) == expected


def test_a_cached_parse_gives_the_statement_and_keys_of_a_fresh_parse(planted_raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_corpus(planted_raw, out, demo=False)
    registry = load_registry()
    for path in sorted(planted_raw.glob("*.txt"))[:5]:
        fresh = build_module.parse_file(path, source_file=path.name, registry=registry)
        entry = build_cache._cache_path(out / ".cache", fresh.content_hash, build_module.parser_fingerprint())
        cached = build_cache._load_parse(entry, source_file=path.name, content_hash=fresh.content_hash)
        assert cached is not None
        assert cached.body_key == build_module.body_fingerprint(fresh.statement)
        assert cached.n_paragraphs == sum(block.level == "paragraph" for block in fresh.statement.blocks)
        assert (cached.text, cached.metadata, cached.warnings) == (fresh.text, fresh.metadata, fresh.warnings)
        assert cached.statement == fresh.statement


def _built_without(planted_raw: Path, tmp_path: Path, index: int) -> tuple[Path, Path, Path, str]:
    """The planted raw folder copied with its ``index``-th statement held out and built: the raw folder, the corpus
    folder, the held-out file's path and its text (to write back as the new statement)."""
    raw = tmp_path / "raw"
    shutil.copytree(planted_raw, raw)
    held_out = sorted(raw.glob("*.txt"))[index]
    text = held_out.read_text(encoding="utf-8")
    held_out.unlink()
    out = tmp_path / "out"
    build_corpus(raw, out, demo=False)
    return raw, out, held_out, text


def test_damaged_or_older_cache_entries_are_ignored_and_the_files_parsed_again(
    planted_raw: Path, tmp_path: Path
) -> None:
    raw, out, held_out, text = _built_without(planted_raw, tmp_path, -1)
    _drop_columnar_cache(out)
    entries = _entries(out)
    truncated, tampered, older, no_key = entries[0], entries[1], entries[2], entries[3]
    truncated.write_bytes(truncated.read_bytes()[:-200])  # a partial write
    payload = json.loads(tampered.read_text(encoding="utf-8"))
    payload["blocks_json"] = payload["blocks_json"].replace("Meeting", "Meetinq", 1)  # not its stored hash
    tampered.write_text(json.dumps(payload), encoding="utf-8")
    payload = json.loads(older.read_text(encoding="utf-8"))
    del payload["format"]
    older.write_text(json.dumps(payload), encoding="utf-8")
    payload = json.loads(no_key.read_text(encoding="utf-8"))
    payload["body_key"] = None
    no_key.write_text(json.dumps(payload), encoding="utf-8")
    held_out.write_text(text, encoding="utf-8")  # one new statement: the build does not take the unchanged path
    result = build_corpus(raw, out, demo=False)
    assert (result.n_parsed, result.n_cached) == (5, 35)  # 4 damaged entries and the new statement
    build_corpus(raw, tmp_path / "cold", demo=False)
    _assert_same_tables(out, tmp_path / "cold")
    # and the damaged entries were written again, readable
    again = build_corpus(raw, out, demo=False)
    assert again.unchanged
    for entry in (truncated, tampered, older, no_key):
        assert json.loads(entry.read_text(encoding="utf-8"))["format"] == build_cache._ENTRY_FORMAT


# --------------------------------------------------------------------------------------------- columnar cache


def _index(corpus: Path) -> dict[str, object]:
    (index,) = (corpus / ".cache").glob("rows-*.json")
    payload: dict[str, object] = json.loads(index.read_text(encoding="utf-8"))
    return payload


def test_a_build_with_one_new_statement_reads_the_columnar_cache_and_adds_one_segment(
    planted_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw, out, held_out, text = _built_without(planted_raw, tmp_path, 7)
    assert [segment["rows"] for segment in _index(out)["parses"]] == [39]  # type: ignore[attr-defined]

    def no_entries(path: Path, **kwargs: object) -> None:
        assert not path.exists(), f"the per-file cache entry {path.name} was read"  # the new file has none

    monkeypatch.setattr(build_module, "_load_entry", no_entries)
    held_out.write_text(text, encoding="utf-8")
    result = build_corpus(raw, out, demo=False)
    assert (result.n_parsed, result.n_cached, result.n_extracted) == (1, 39, 1)
    assert [segment["rows"] for segment in _index(out)["parses"]] == [39, 1]  # type: ignore[attr-defined]
    build_corpus(raw, tmp_path / "cold", demo=False)
    _assert_same_tables(out, tmp_path / "cold")


def test_segments_are_rewritten_as_one_when_too_many_or_mostly_of_removed_files(
    planted_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_columnar, "MAX_SEGMENTS", 3)
    raw = tmp_path / "raw"
    shutil.copytree(planted_raw, raw)
    statements = sorted(raw.glob("*.txt"))
    texts = {path: path.read_text(encoding="utf-8") for path in statements[-3:]}
    for path in texts:
        path.unlink()
    out = tmp_path / "out"
    build_corpus(raw, out, demo=False)
    sizes = []
    for path, text in texts.items():  # three builds, one new statement each
        path.write_text(text, encoding="utf-8")
        build_corpus(raw, out, demo=False)
        sizes.append([segment["rows"] for segment in _index(out)["parses"]])  # type: ignore[attr-defined]
    assert sizes == [[37, 1], [37, 1, 1], [40]]
    for path in statements[:15]:  # more than a quarter of the kept parses are of files no longer built
        path.unlink()
    build_corpus(raw, out, demo=False)
    assert [segment["rows"] for segment in _index(out)["parses"]] == [25]  # type: ignore[attr-defined]
    assert len(list((out / ".cache").glob("rows-*-parses-*.parquet"))) == 1
    build_corpus(raw, tmp_path / "cold", demo=False)
    _assert_same_tables(out, tmp_path / "cold")


@pytest.mark.parametrize("damage", ["truncated segment", "other bytes", "missing file", "broken index"])
def test_a_damaged_columnar_cache_is_ignored_with_a_warning_and_written_again(
    planted_raw: Path, tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    raw, out, held_out, text = _built_without(planted_raw, tmp_path, -1)
    index = _index(out)
    files: dict[str, dict[str, str]] = index["files"]  # type: ignore[assignment]
    segment = out / ".cache" / index["parses"][0]["name"]  # type: ignore[index]
    damaged = {
        "truncated segment": segment,
        "other bytes": out / ".cache" / files["body_mentions"]["name"],
        "missing file": out / ".cache" / files["details"]["name"],
        "broken index": next((out / ".cache").glob("rows-*.json")),
    }[damage]
    if damage == "truncated segment":
        damaged.write_bytes(damaged.read_bytes()[:-500])
    elif damage == "other bytes":
        data = bytearray(damaged.read_bytes())
        data[len(data) // 2] ^= 0xFF
        damaged.write_bytes(bytes(data))
    elif damage == "missing file":
        damaged.unlink()
    else:
        damaged.write_text('{"format": 1, "parser": ', encoding="utf-8")
    held_out.write_text(text, encoding="utf-8")
    with caplog.at_level("WARNING"):
        result = build_corpus(raw, out, demo=False)
    warnings = [record.getMessage() for record in caplog.records if "columnar cache" in record.getMessage()]
    assert len(warnings) == 1 and "rows-" in warnings[0], warnings
    if damage != "broken index":
        assert damaged.name in warnings[0]
    # the per-file entries hold the parses and extractions: only the new statement is parsed and extracted
    assert (result.n_parsed, result.n_cached, result.n_extracted) == (1, 39, 1)
    build_corpus(raw, tmp_path / "cold", demo=False)
    _assert_same_tables(out, tmp_path / "cold")
    # written again whole: the next build reads it
    assert build_columnar.read_columnar_cache(out / ".cache", build_module.parser_fingerprint()) is not None
    assert [segment["rows"] for segment in _index(out)["parses"]] == [40]  # type: ignore[attr-defined]


def test_a_changed_parser_fingerprint_leaves_one_columnar_cache(
    planted_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build_corpus(planted_raw, out, demo=False)
    monkeypatch.setattr(build_module, "parser_fingerprint", lambda: "f" * 64)
    result = build_corpus(planted_raw, out, demo=False)
    assert (result.n_parsed, result.n_extracted) == (40, 40)
    assert [path.name for path in (out / ".cache").glob("rows-*.json")] == [f"rows-{'f' * 16}.json"]


def test_a_build_stopped_before_the_columnar_index_leaves_the_previous_cache_whole(
    planted_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    raw, out, held_out, text = _built_without(planted_raw, tmp_path, 3)
    before = _index(out)

    def stopped(*args: object, **kwargs: object) -> None:
        raise OSError("stopped before the index was written")

    held_out.write_text(text, encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(build_columnar, "write_text_atomic", stopped)
        with pytest.raises(OSError, match="stopped"):
            build_corpus(raw, out, demo=False)
    assert _index(out) == before  # the previous index, with every file it names
    monkeypatch.setattr(build_module, "_unchanged_build", lambda *args, **kwargs: None)
    with caplog.at_level("WARNING"):
        result = build_corpus(raw, out, demo=False)
    assert not [record for record in caplog.records if "columnar cache" in record.getMessage()]
    # the new statement's parse and extraction come from its entry, written before the columnar cache
    assert (result.n_parsed, result.n_cached, result.n_extracted) == (0, 40, 0)
    build_corpus(raw, tmp_path / "cold", demo=False)
    _assert_same_tables(out, tmp_path / "cold")
