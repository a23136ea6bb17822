"""Tests of the chairmanship theme and priority extraction (ascc_analysis.extract.priorities).

Every statement text below is SYNTHETIC (written for these tests) unless it comes from the seed statement through
the ``seed_statement_text`` fixture.
"""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ascc_analysis.errors import SchemaError
from ascc_analysis.extract.priorities import ListItem, _theme_acronyms, extract_priorities, find_lists, find_theme
from ascc_analysis.schemas import PRIORITIES

SEED_THEME = "ASEAN: Enhancing Connectivity and Resilience"
SEED_PRIORITIES = [
    ("Enhancing Connectivity", "Integrating and Connecting Economies"),
    ("Enhancing Connectivity", "Forging an Inclusive and Sustainable Future"),
    ("Enhancing Connectivity", "Transforming for the Digital Future"),
    (
        "Enhancing Connectivity",
        "Culture and Arts: Promoting the Role of ASEAN Culture and the Arts for Inclusion and Sustainability",
    ),
    ("Enhancing Resilience", "Development of the Strategic Plans to implement the ASEAN Community Vision 2045"),
    ("Enhancing Resilience", "Enhancing ASEAN Centrality"),
    ("Enhancing Resilience", "Promoting Environmental Cooperation: Climate Change Resilience"),
    (
        "Enhancing Resilience",
        "Women and Children: Promoting the Role of Women and Children Towards the Transformation of Behaviourism in "
        "ASEAN",
    ),
    ("Enhancing Resilience", "Health: Transforming ASEAN Health Development Resilience in a New Context"),
]


def paragraphs_of(*blocks: tuple[str, str], doc_id: str = "doc") -> pl.DataFrame:
    """A minimal paragraphs frame from (level, text) pairs, in reading order."""
    rows = []
    for seq, (level, text) in enumerate(blocks, start=1):
        suffix = f"pre{seq:02d}" if level == "preamble" else f"p{seq:02d}"
        rows.append({"doc_id": doc_id, "para_id": f"{doc_id}/{suffix}", "seq": seq, "level": level, "text": text})
    return pl.DataFrame(
        rows, schema={"doc_id": pl.String, "para_id": pl.String, "seq": pl.Int32, "level": pl.String, "text": pl.String}
    )


def documents_of(*rows: tuple[str, int | None, str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"doc_id": doc_id, "year": year, "chair": chair} for doc_id, year, chair in rows],
        schema={"doc_id": pl.String, "year": pl.Int32, "chair": pl.String},
    )


def priorities_frame(
    rows: list[tuple[str, str, int | None, str | None, str | None, str | None, int, str]],
) -> pl.DataFrame:
    return pl.DataFrame(
        [dict(zip(PRIORITIES.columns, row, strict=True)) for row in rows], schema=PRIORITIES.schema
    ).sort("doc_id", "priority_no")


CHAIRMANSHIPS = pl.DataFrame(
    {
        "year": [2024, 2025],
        "chair_country": ["Lao PDR", "Malaysia"],
        "theme": [SEED_THEME, "Inclusivity and Sustainability"],
    }
)


# --- the seed statement -----------------------------------------------------------------------------------------


def seed_expected(chair: str | None) -> pl.DataFrame:
    return priorities_frame(
        [
            ("seed", "seed/p02", 2024, chair, SEED_THEME, group, number, text)
            for number, (group, text) in enumerate(SEED_PRIORITIES, start=1)
        ]
    )


@pytest.mark.shared_corpus
def test_seed_statement_has_nine_priorities_in_two_groups(seed_paragraphs: pl.DataFrame) -> None:
    paragraphs = seed_paragraphs
    documents = documents_of(("seed", 2024, "Lao PDR"))
    assert_frame_equal(extract_priorities(paragraphs, documents), seed_expected("Lao PDR"))
    # The chair comes from the chairmanships when the document has none; the stated theme is kept.
    other_theme = CHAIRMANSHIPS.with_columns(pl.lit("Another Theme").alias("theme"))
    assert_frame_equal(
        extract_priorities(paragraphs, documents_of(("seed", 2024, None)), chairmanships=other_theme),
        seed_expected("Lao PDR"),
    )


@pytest.mark.shared_corpus
def test_seed_statement_through_normalise_and_segment(seed_statement_text: str) -> None:
    normalise = pytest.importorskip("ascc_analysis.ingest.normalise")
    segment = pytest.importorskip("ascc_analysis.ingest.segment")
    statement = segment.split_statement(normalise.normalise_text(seed_statement_text))
    paragraphs = segment.paragraphs_frame(statement, doc_id="seed")
    assert_frame_equal(extract_priorities(paragraphs, documents_of(("seed", 2024, None))), seed_expected(None))


# --- synthetic statements ---------------------------------------------------------------------------------------


def test_we_style_lettered_list_with_theme_in_the_preamble() -> None:
    paragraphs = paragraphs_of(
        # SYNTHETIC "We ..." statement, lettered priorities on their own lines.
        (
            "preamble",
            "We, the Ministers of the ASCC Council, met on 1 May 2031 in Exampletown under the ASEAN "
            'Chairmanship of Examplestan with the theme "Together for Tomorrow".',
        ),
        (
            "paragraph",
            "We welcomed the ASEAN Chairmanship priorities of Examplestan for the ASCC:\n"
            "a. Strengthening Care Systems;\nb. Greening Rural Livelihoods; and\nc. Youth in the Digital Age.",
        ),
        ("sub_item", "Strengthening Care Systems;"),
        ("paragraph", "We noted the three reports: (i) one report, (ii) another report and (iii) a third report."),
    )
    expected = priorities_frame(
        [
            ("doc", "doc/p02", 2031, "Examplestan", "Together for Tomorrow", None, 1, "Strengthening Care Systems"),
            ("doc", "doc/p02", 2031, "Examplestan", "Together for Tomorrow", None, 2, "Greening Rural Livelihoods"),
            ("doc", "doc/p02", 2031, "Examplestan", "Together for Tomorrow", None, 3, "Youth in the Digital Age"),
        ]
    )
    assert_frame_equal(extract_priorities(paragraphs, documents_of(("doc", 2031, "Examplestan"))), expected)


def test_meeting_style_inline_lists_with_groups_and_caps_theme() -> None:
    paragraphs = paragraphs_of(
        # SYNTHETIC "The Meeting ..." statement: ALL-CAPS theme after "Chairmanship", two groups of (1)/(a) lists.
        (
            "paragraph",
            "The Meeting welcomed the ASEAN Chairmanship 2031, SHARED FUTURE, SHARED PROSPERITY, and its "
            "'People First' priorities: (1) Healthy Cities, (2) Safe Schools; and the 'Planet First' priority area: "
            "(a) Clean Rivers, (b) Living Forests, as well as (c) Quiet Skies. The Meeting thanked the Chair.",
        ),
    )
    theme = "SHARED FUTURE, SHARED PROSPERITY"
    expected = priorities_frame(
        [
            ("doc", "doc/p01", 2031, "Examplestan", theme, "People First", 1, "Healthy Cities"),
            ("doc", "doc/p01", 2031, "Examplestan", theme, "People First", 2, "Safe Schools"),
            ("doc", "doc/p01", 2031, "Examplestan", theme, "Planet First", 3, "Clean Rivers"),
            ("doc", "doc/p01", 2031, "Examplestan", theme, "Planet First", 4, "Living Forests"),
            ("doc", "doc/p01", 2031, "Examplestan", theme, "Planet First", 5, "Quiet Skies"),
        ]
    )
    chairmanships = pl.DataFrame({"year": [2031], "chair_country": ["Examplestan"], "theme": ["Unused"]})
    got = extract_priorities(paragraphs, documents_of(("doc", 2031, None)), chairmanships=chairmanships)
    assert_frame_equal(got, expected)


def test_theme_and_chair_from_chairmanships_when_the_text_has_none() -> None:
    paragraphs = paragraphs_of(
        # SYNTHETIC: priorities without a stated theme; numbering restarts in each document.
        ("paragraph", "The Meeting supported the Chairmanship priorities, namely (i) Skills, (ii) Jobs."),
        doc_id="a",
    ).vstack(
        paragraphs_of(("paragraph", "The Meeting backed the Chair's priorities: (i) Water; (ii) Air."), doc_id="b")
    )
    documents = documents_of(("a", 2025, None), ("b", 2019, None))
    expected = priorities_frame(
        [
            ("a", "a/p01", 2025, "Malaysia", "Inclusivity and Sustainability", None, 1, "Skills"),
            ("a", "a/p01", 2025, "Malaysia", "Inclusivity and Sustainability", None, 2, "Jobs"),
            ("b", "b/p01", 2019, None, None, None, 1, "Water"),  # 2019 is not in the chairmanships given
            ("b", "b/p01", 2019, None, None, None, 2, "Air"),
        ]
    )
    assert_frame_equal(extract_priorities(paragraphs, documents, chairmanships=CHAIRMANSHIPS), expected)
    # Without chairmanships the chair and theme stay null.
    assert extract_priorities(paragraphs, documents)["chair"].null_count() == 4
    assert extract_priorities(paragraphs, documents)["theme"].null_count() == 4


@pytest.mark.parametrize(
    "text",
    [
        # SYNTHETIC statements without chairmanship priorities.
        "The Meeting noted the reports: (i) one, (ii) two.",  # a list, but no priorities
        "The Meeting noted the sectoral priorities: (i) one, (ii) two.",  # priorities, but no Chair
        "The Meeting welcomed the Chairmanship with the theme 'Only A Theme'.",  # a theme, no list
        "The Chairmanship priorities were noted (i) once.",  # one marker is no list
    ],
)
def test_statements_without_priorities_give_no_rows(text: str) -> None:
    got = extract_priorities(paragraphs_of(("paragraph", text)), documents_of(("doc", 2030, "X")))
    assert_frame_equal(got, PRIORITIES.empty())


def test_no_paragraphs_give_an_empty_table() -> None:
    got = extract_priorities(paragraphs_of().clear(), documents_of(), chairmanships=CHAIRMANSHIPS)
    assert_frame_equal(got, PRIORITIES.empty())


# --- the rules one by one ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # SYNTHETIC sentences.
        (
            "The Meeting commended X for its Chairmanship with the theme “One Region, One Future,” which…",
            "One Region, One Future",
        ),
        ("We met under the ASEAN Chairmanship of X under the theme of 'Caring and Sharing'.", "Caring and Sharing"),
        ('We met under X\'s Chairmanship, themed "Moving Ahead".', "Moving Ahead"),
        ("The Chairmanship theme for 2031, ‘People’s Region’, guided us.", "People’s Region"),
        ("The Chairmanship theme: WE CARE, WE SHARE was welcomed.", "WE CARE, WE SHARE"),
        ("X's ASEAN Chairmanship 2031 “Bold and Kind” was commended.", "Bold and Kind"),
        ("Under the Chairmanship of the Lao PDR, “Kind Region” was the motto.", "Kind Region"),
        # Not a chairmanship theme: another event's theme, a title after Chairmanship, acronyms only.
        ("The ASEAN Day for Disaster Management was marked under the theme 'Get Ready'.", None),
        ("Under the Chairmanship of X, the Meeting adopted the 'Y Declaration on Z'.", None),
        ("The Chair noted the theme ASEAN ASCC.", None),
        ("No theme here.", None),
    ],
)
def test_find_theme(text: str, theme: str | None) -> None:
    assert find_theme(text) == theme


def test_theme_acronyms_come_from_the_priorities_resource() -> None:
    assert {"ASEAN", "ASCC", "PDR", "COVID-19"} <= _theme_acronyms()


def test_find_lists_roman_digits_letters_bullets_and_stray_markers() -> None:
    # SYNTHETIC paragraph: a roman list, a stray (3), a digit list, then bullets on their own lines.
    text = "Lead: (i) Alpha, (ii) Beta (3) inside, and (iii) Gamma; then (1) One (2) Two.\n• First\n• Second\nEnd"
    lists = find_lists(text)
    assert [(marked.kind, marked.lead_in) for marked in lists] == [
        ("paren-roman", "Lead: "),
        ("paren-digit", "; then "),
        ("bullet", "\n"),
    ]
    assert [[item.text for item in marked.items] for marked in lists] == [
        ["Alpha", "Beta (3) inside", "Gamma"],
        ["One", "Two"],
        ["First", "Second"],
    ]
    assert lists[0].items[0] == ListItem(label="i", text="Alpha", start=6, end=17)
    assert text[lists[0].items[0].start : lists[0].items[0].end] == "(i) Alpha, "
    assert lists[0].end == text.index("; then")


def test_find_lists_letters_after_h_continue_as_letters() -> None:
    text = "Areas: " + ", ".join(f"({chr(code)}) Item {chr(code).upper()}" for code in range(ord("a"), ord("k")))
    (marked,) = find_lists(text)
    assert marked.kind == "paren-alpha"
    assert [item.label for item in marked.items] == list("abcdefghij")


# --- errors -----------------------------------------------------------------------------------------------------


def test_missing_paragraph_columns() -> None:
    with pytest.raises(SchemaError, match=r"paragraphs: missing column\(s\) \['seq'\]; extract_priorities needs"):
        extract_priorities(paragraphs_of(("paragraph", "x")).drop("seq"), documents_of())


def test_missing_document_columns() -> None:
    with pytest.raises(SchemaError, match=r"documents: missing column\(s\) \['chair'\]"):
        extract_priorities(paragraphs_of(("paragraph", "x")), documents_of().drop("chair"))


def test_missing_chairmanship_columns() -> None:
    with pytest.raises(SchemaError, match=r"chairmanships: missing column\(s\) \['theme'\]"):
        extract_priorities(paragraphs_of(), documents_of(), chairmanships=CHAIRMANSHIPS.drop("theme"))


def test_duplicate_chairmanship_years() -> None:
    twice = pl.concat([CHAIRMANSHIPS, CHAIRMANSHIPS.head(1)])
    with pytest.raises(SchemaError, match=r"chairmanships: year\(s\) \[2024\] listed more than once"):
        extract_priorities(paragraphs_of(), documents_of(), chairmanships=twice)
