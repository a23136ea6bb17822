"""Tests of ascc_analysis.ingest.demo and of the bundled synthetic demo corpus with its gold files.

The short statement strings below are SYNTHETIC text written for these tests.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polars as pl
import pytest
from bs4 import BeautifulSoup

from ascc_analysis.build import parse_file
from ascc_analysis.evaluate import Gold, normalise_span, read_gold, read_gold_dir
from ascc_analysis.ingest.demo import SYNTHETIC_LABEL, demo_dir, demo_files, split_synthetic_label
from ascc_analysis.ingest.manifest import read_chairmanships
from ascc_analysis.ingest.readers import read_document
from ascc_analysis.ingest.segment import paragraphs_frame
from ascc_analysis.registry import Registry, load_registry

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"
SEED_GOLD = GOLD_DIR / "ascc-council-32.yaml"
LABEL = (
    "SYNTHETIC DEMO STATEMENT - written by the ascc-analysis developers for testing; not an official ASEAN document."
)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


@pytest.fixture(scope="module")
def golds(registry: Registry) -> tuple[Gold, ...]:
    return read_gold_dir(GOLD_DIR, body_ids={body.id for body in registry.bodies})


@pytest.fixture(scope="module")
def demo_paragraphs(registry: Registry) -> dict[str, pl.DataFrame]:
    """The paragraphs table of every demo statement, by file name."""
    return {
        path.name: paragraphs_frame(parse_file(path, source_file=path.name, registry=registry).statement, doc_id="d")
        for path in demo_files()
    }


def _paragraph_texts(paragraphs: pl.DataFrame) -> dict[int, str]:
    """Normalised text of each paragraph number (preamble blocks joined as paragraph 0)."""
    texts: dict[int, list[str]] = {}
    for para_no, text in paragraphs.filter(pl.col("level") != "sub_item").select("para_no", "text").rows():
        texts.setdefault(para_no, []).append(text)
    return {para_no: normalise_span(" ".join(parts)) for para_no, parts in texts.items()}


def _assert_spans_in_paragraphs(gold: Gold, paragraphs: pl.DataFrame) -> None:
    texts = _paragraph_texts(paragraphs)
    wanted = Counter((instrument.para_no, instrument.title) for instrument in gold.instruments)
    wanted.update((body.para_no, body.text) for body in gold.bodies)
    for (para_no, span), count in wanted.items():
        assert para_no in texts, f"{gold.path.name}: paragraph {para_no} not in {gold.source}"
        assert texts[para_no].count(span) >= count, f"{gold.path.name}: {span!r} not {count}x in paragraph {para_no}"


# --------------------------------------------------------------------------------------------- the label


def test_the_label_is_the_agreed_sentence() -> None:
    assert SYNTHETIC_LABEL == LABEL


def test_split_synthetic_label_removes_the_first_line() -> None:
    text = f"{LABEL}\nJOINT STATEMENT OF A SYNTHETIC MEETING\n\n1. The Meeting noted synthetic progress.\n"
    assert split_synthetic_label(text) == (
        "JOINT STATEMENT OF A SYNTHETIC MEETING\n\n1. The Meeting noted synthetic progress.\n",
        True,
    )


def test_split_synthetic_label_finds_it_after_blank_lines_and_keeps_the_rest() -> None:
    text = f"\n\n  {LABEL}  \nTitle\n"
    assert split_synthetic_label(text) == ("\n\nTitle\n", True)


def test_split_synthetic_label_tolerates_a_changed_dash_spacing_and_crlf() -> None:
    variant = LABEL.replace(" - ", " – ").replace("for testing;", "for  testing;")
    assert split_synthetic_label(f"{variant}\r\nTitle\r\n") == ("Title\r\n", True)


def test_split_synthetic_label_on_the_tenth_line_but_not_the_eleventh() -> None:
    nine = "".join(f"line {n}\n" for n in range(1, 10))
    assert split_synthetic_label(f"{nine}{LABEL}\nend\n") == (f"{nine}end\n", True)
    ten = "".join(f"line {n}\n" for n in range(1, 11))
    assert split_synthetic_label(f"{ten}{LABEL}\n") == (f"{ten}{LABEL}\n", False)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "JOINT STATEMENT\n1. The Meeting noted synthetic progress.\n",
        f"Note: {LABEL}\n",  # the label must be the whole line
        f"{LABEL} And more.\n",
        LABEL.replace("SYNTHETIC", "Synthetic") + "\n",
    ],
)
def test_split_synthetic_label_leaves_other_texts_alone(text: str) -> None:
    assert split_synthetic_label(text) == (text, False)


def test_split_synthetic_label_without_a_trailing_newline() -> None:
    assert split_synthetic_label(LABEL) == ("", True)


# --------------------------------------------------------------------------------------------- the corpus


def test_demo_dir_is_the_package_resource_folder() -> None:
    folder = demo_dir()
    assert folder.is_dir()
    assert folder.parts[-3:] == ("ascc_analysis", "resources", "demo")
    assert (folder / "README.md").is_file()


def test_demo_files_are_sorted_statements_only() -> None:
    files = demo_files()
    assert list(files) == sorted(files, key=lambda path: path.name)
    assert {path.suffix for path in files} == {".txt", ".html"}
    assert all(path.parent == demo_dir() for path in files)
    assert "README.md" not in {path.name for path in files}


def test_the_corpus_has_at_least_14_statements_over_at_least_7_years() -> None:
    files = demo_files()
    years = {int(path.name[:4]) for path in files}
    assert len(files) >= 14
    assert len(years) >= 7
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}_[a-z0-9-]+_joint-statement\.(txt|html)", path.name) for path in files)


def test_every_file_carries_the_label_on_its_first_line_or_first_paragraph() -> None:
    for path in demo_files():
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".txt":
            assert raw.splitlines()[0] == LABEL, path.name
        else:
            body = BeautifulSoup(raw, "html.parser").body
            assert body is not None
            first_p = body.find("p")
            assert first_p is not None and first_p.get_text() == LABEL, path.name
        text, labelled = split_synthetic_label(read_document(path).text)
        assert labelled, path.name
        assert "SYNTHETIC DEMO STATEMENT" not in text, path.name


def test_the_readme_carries_the_label() -> None:
    assert LABEL in (demo_dir() / "README.md").read_text(encoding="utf-8")


def test_every_statement_has_8_to_20_paragraphs(demo_paragraphs: dict[str, pl.DataFrame]) -> None:
    for name, paragraphs in demo_paragraphs.items():
        numbers = paragraphs.filter(pl.col("level") == "paragraph").get_column("para_no").to_list()
        assert 8 <= len(numbers) <= 20, name
        assert numbers == list(range(1, len(numbers) + 1)), name


def test_council_statements_name_their_chairmanship_theme() -> None:
    year_to_theme = dict(read_chairmanships().select("year", "theme").rows())
    council = [path for path in demo_files() if "-ascc-council_" in path.name]
    assert len(council) >= 7
    for path in council:
        text = normalise_span(read_document(path).text)
        theme = year_to_theme[int(path.name[:4])]
        assert f'theme "{theme}"' in text or f'theme: "{theme}"' in text, path.name


@pytest.mark.shared_corpus
def test_the_demo_corpus_copies_no_sentence_of_the_real_statement(seed_statement_text: str, registry: Registry) -> None:
    # Body names are facts, not sentences: each becomes one word before runs of words are compared.
    names = sorted(
        {
            " ".join(re.findall(r"[a-z0-9]+", name.lower()))
            for body in registry.bodies
            for name in (body.name, *body.aliases)
        },
        key=len,
        reverse=True,
    )

    def words(text: str) -> list[str]:
        joined = " ".join(re.findall(r"[a-z0-9]+", text.lower()))
        for name in names:
            joined = joined.replace(name, "body")
        return joined.split()

    # Formulas such as "the Meeting looked forward to the adoption of the ASEAN Declaration on" (12 words) are
    # shared; a sentence copied from the real statement would share a longer run.
    n = 13
    seed = words(seed_statement_text)
    seed_runs = {tuple(seed[i : i + n]) for i in range(len(seed) - n + 1)}
    for path in demo_files():
        demo = words(path.read_text(encoding="utf-8"))
        shared = [" ".join(demo[i : i + n]) for i in range(len(demo) - n + 1) if tuple(demo[i : i + n]) in seed_runs]
        assert shared == [], path.name


# --------------------------------------------------------------------------------------------- gold files


def test_every_demo_file_has_a_gold_file_and_vice_versa(golds: tuple[Gold, ...]) -> None:
    synthetic = {gold.source: gold for gold in golds if gold.synthetic}
    assert set(synthetic) == {path.name for path in demo_files()}
    for source, gold in synthetic.items():
        assert gold.path.name == f"{Path(source).stem}.yaml"


def test_the_seed_gold_file_annotates_the_real_statement(golds: tuple[Gold, ...]) -> None:
    real = [gold for gold in golds if not gold.synthetic]
    assert [gold.path for gold in real] == [SEED_GOLD]
    gold = real[0]
    assert gold.source == "2024-09-26_32nd-ascc-council_joint-statement.txt"
    assert len(gold.instruments) == 40
    assert len(gold.bodies) == 11
    assert Counter(instrument.status for instrument in gold.instruments) == {
        "referred": 15,
        "adoption_expected": 8,
        "notation_expected": 17,
    }
    assert [body.text for body in gold.bodies if body.generic] == [
        "sectoral bodies under the ASCC",
        "Chairs of ASCC Sectoral Ministerial Bodies",
        "ASCC Sectoral Bodies",
    ]


def test_every_demo_gold_span_is_in_its_paragraph(
    golds: tuple[Gold, ...], demo_paragraphs: dict[str, pl.DataFrame]
) -> None:
    for gold in golds:
        if gold.synthetic:
            _assert_spans_in_paragraphs(gold, demo_paragraphs[gold.source])


@pytest.mark.shared_corpus
def test_every_seed_gold_span_is_in_its_paragraph(seed_statement_path: Path, registry: Registry) -> None:
    gold = read_gold(SEED_GOLD)
    parsed = parse_file(seed_statement_path, source_file=seed_statement_path.name, registry=registry)
    _assert_spans_in_paragraphs(gold, paragraphs_frame(parsed.statement, doc_id="d"))


def test_the_demo_gold_files_cover_every_status_but_signed_and_many_types(golds: tuple[Gold, ...]) -> None:
    instruments = [instrument for gold in golds if gold.synthetic for instrument in gold.instruments]
    assert {instrument.status for instrument in instruments} == {
        "adopted",
        "adoption_expected",
        "noted",
        "notation_expected",
        "endorsed",
        "signing_expected",
        "launched",
        "referred",
    }
    assert len({instrument.type for instrument in instruments}) >= 20
    assert len(instruments) >= 100
