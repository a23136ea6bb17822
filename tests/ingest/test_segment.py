"""Tests of ascc_analysis.ingest.segment.

Every statement string below is SYNTHETIC text written for these tests (not copied from a statement), except the
end-to-end checks on the seed statement, which read it through the ``seed_statement_text`` fixture and assert on
short spans only.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from ascc_analysis.errors import InputError, SchemaError
from ascc_analysis.ingest.normalise import normalise_text
from ascc_analysis.ingest.segment import Block, Statement, block_ids, paragraphs_frame, split_statement
from ascc_analysis.schemas import PARAGRAPHS

# synthetic, already in normalised form
NUMBERED = (
    "SYNTHETIC JOINT STATEMENT OF THE NINETY-NINTH COUNCIL\n"
    "Issued in Vientiane on 1 January 2099\n"
    "\n"
    "We, the Ministers, met in Vientiane on 1 January 2099.\n"
    "\n"
    "RECALLING the Synthetic Charter;\n"
    "\n"
    "1. The Meeting met.\n"
    "\n"
    "2. The Meeting noted the areas: (i) Alpha Economies, (ii) Beta Futures, and (iii) Gamma Arts; as well as "
    "the areas: (i) Delta Plans, (ii) Epsilon Centrality.\n"
    "\n"
    "3. The Meeting agreed to:\n"
    "\n"
    "a. strengthen synthetic cooperation;\n"
    "\n"
    "b. review the plan; and\n"
    "\n"
    "c. report in 2099.\n"
)


def _row(
    text: str,
    span: str,
    *,
    after: str = "",
    para_id: str,
    level: str,
    para_no: int,
    sub_item: str | None = None,
    is_numbered: bool = True,
) -> dict[str, object]:
    """One expected row; the span is looked up in ``text`` after the first occurrence of ``after``."""
    start = text.index(span, text.index(after))
    return {
        "doc_id": "d",
        "para_id": f"d/{para_id}",
        "level": level,
        "para_no": para_no,
        "sub_item": sub_item,
        "is_numbered": is_numbered,
        "text": span,
        "char_start": start,
        "char_end": start + len(span),
    }


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    with_seq = [{**row, "seq": seq} for seq, row in enumerate(rows, start=1)]
    return pl.DataFrame(with_seq, schema=PARAGRAPHS.schema)


def test_split_statement_numbered_statement_full_frame() -> None:
    t = NUMBERED
    expected = _frame(
        [
            _row(
                t,
                "We, the Ministers, met in Vientiane on 1 January 2099.",
                para_id="pre01",
                level="preamble",
                para_no=0,
            ),
            _row(t, "RECALLING the Synthetic Charter;", para_id="pre02", level="preamble", para_no=0),
            _row(t, "The Meeting met.", para_id="p01", level="paragraph", para_no=1),
            _row(
                t,
                "The Meeting noted the areas: (i) Alpha Economies, (ii) Beta Futures, and (iii) Gamma Arts; as well "
                "as the areas: (i) Delta Plans, (ii) Epsilon Centrality.",
                para_id="p02",
                level="paragraph",
                para_no=2,
            ),
            _row(t, "Alpha Economies", para_id="p02.i", level="sub_item", para_no=2, sub_item="i"),
            _row(t, "Beta Futures", para_id="p02.ii", level="sub_item", para_no=2, sub_item="ii"),
            _row(t, "Gamma Arts", para_id="p02.iii", level="sub_item", para_no=2, sub_item="iii"),
            _row(t, "Delta Plans", para_id="p02.i-2", level="sub_item", para_no=2, sub_item="i"),
            _row(t, "Epsilon Centrality", para_id="p02.ii-2", level="sub_item", para_no=2, sub_item="ii"),
            _row(
                t,
                "The Meeting agreed to:\n\na. strengthen synthetic cooperation;\n\nb. review the plan; and\n\n"
                "c. report in 2099.",
                para_id="p03",
                level="paragraph",
                para_no=3,
            ),
            _row(t, "strengthen synthetic cooperation", para_id="p03.a", level="sub_item", para_no=3, sub_item="a"),
            _row(t, "review the plan", para_id="p03.b", level="sub_item", para_no=3, sub_item="b"),
            _row(t, "report in 2099", para_id="p03.c", level="sub_item", para_no=3, sub_item="c"),
        ]
    )
    statement = split_statement(t)
    assert_frame_equal(paragraphs_frame(statement, doc_id="d"), expected)


def test_split_statement_title_block() -> None:
    statement = split_statement(NUMBERED)
    assert (
        statement.title
        == "SYNTHETIC JOINT STATEMENT OF THE NINETY-NINTH COUNCIL\nIssued in Vientiane on 1 January 2099"
    )
    assert statement.title_end == NUMBERED.index("We, the Ministers")
    assert statement.n_paragraphs == 3


def test_split_statement_without_title() -> None:
    text = "1. The Meeting met.\n\n2. The Meeting closed.\n"
    statement = split_statement(text)
    assert (statement.title, statement.title_end) == ("", 0)
    assert statement.blocks == (
        Block("paragraph", 1, None, True, "The Meeting met.", 3, 19),
        Block("paragraph", 2, None, True, "The Meeting closed.", 24, 43),
    )


def test_split_statement_strips_the_paragraph_label_but_offsets_stay_exact() -> None:
    text = "TITLE\n\n1. The Meeting met.\n\n2) The Meeting closed.\n"
    paragraphs = [block for block in split_statement(text).blocks if block.level == "paragraph"]
    assert [block.text for block in paragraphs] == ["The Meeting met.", "The Meeting closed."]
    assert [text[block.char_start - 3 : block.char_start] for block in paragraphs] == ["1. ", "2) "]
    assert all(text[block.char_start : block.char_end] == block.text for block in paragraphs)


def test_split_statement_accepts_numbers_only_in_sequence() -> None:
    # synthetic: "2099." and a stray "16." are not paragraphs 2 and 16; they continue paragraph 1
    text = "1. The Meeting met.\n\n2099. The year of the plan.\n\n16. A stray number.\n\n2. The Meeting closed.\n"
    statement = split_statement(text)
    assert [(block.para_no, block.text) for block in statement.blocks] == [
        (1, "The Meeting met.\n\n2099. The year of the plan.\n\n16. A stray number."),
        (2, "The Meeting closed."),
    ]


def test_split_statement_unnumbered_block_continues_the_paragraph() -> None:
    # synthetic: a paragraph split by a page break at a sentence end
    text = "1. The Meeting met.\n\nThe Meeting also noted the plan.\n\n2. The Meeting closed.\n"
    assert [block.text for block in split_statement(text).blocks] == [
        "The Meeting met.\n\nThe Meeting also noted the plan.",
        "The Meeting closed.",
    ]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "The Meeting noted (1) alpha plans, (2) beta plans; and (3) gamma plans.",
            [("1", "alpha plans"), ("2", "beta plans"), ("3", "gamma plans")],
        ),
        (
            "The Meeting noted (a) alpha plans and (b) beta plans, which were welcomed.",
            [("a", "alpha plans"), ("b", "beta plans, which were welcomed")],
        ),
        (
            "The Meeting noted (a) alpha plans, (b) beta plans, (c) gamma plans.",
            [("a", "alpha plans"), ("b", "beta plans"), ("c", "gamma plans")],
        ),
        # one-item "lists", acronyms and editions in brackets are not sub-items
        ("The Meeting noted (a) alpha plans only.", []),
        ("The Meeting noted the Synthetic Declaration (SD) and its Outlook (2nd edition).", []),
        ("The Meeting noted (ii) alone and (b) alone.", []),
    ],
)
def test_split_statement_inline_lists(paragraph: str, expected: list[tuple[str, str]]) -> None:
    text = f"1. {paragraph}\n"
    sub_items = [block for block in split_statement(text).blocks if block.level == "sub_item"]
    assert [(block.sub_item, block.text) for block in sub_items] == expected
    assert all(text[block.char_start : block.char_end] == block.text for block in sub_items)


def test_split_statement_alpha_list_running_past_h_reads_i_as_a_letter() -> None:
    items = ", ".join(f"({letter}) item {letter}" for letter in "abcdefghij")
    sub_items = [block.sub_item for block in split_statement(f"1. The Meeting noted {items}.\n").blocks[1:]]
    assert sub_items == list("abcdefghij")


def test_split_statement_item_blocks_with_parenthesised_and_roman_labels() -> None:
    text = "1. The Meeting agreed to:\n\n(i) alpha;\n\n(ii) beta, including (a) one and (b) two;\n\n(iii) gamma.\n"
    sub_items = [(block.sub_item, block.text) for block in split_statement(text).blocks if block.level == "sub_item"]
    assert sub_items == [("i", "alpha"), ("ii", "beta, including (a) one and (b) two"), ("a", "one"), ("b", "two"),
                         ("iii", "gamma")]  # fmt: skip


def test_split_statement_unnumbered_first_person_statement() -> None:
    # synthetic: no paragraph numbers, so they are inferred in block order
    text = (
        "SYNTHETIC MINISTERIAL STATEMENT\n\n"
        "We, the Ministers, met in Vientiane on 1 January 2099.\n\n"
        "We noted the synthetic plan.\n\n"
        "We agreed to:\n\na. cooperate;\n\nb. report.\n"
    )
    t = text
    expected = _frame(
        [
            _row(t, "We, the Ministers, met in Vientiane on 1 January 2099.", para_id="p01", level="paragraph",
                 para_no=1, is_numbered=False),
            _row(t, "We noted the synthetic plan.", para_id="p02", level="paragraph", para_no=2, is_numbered=False),
            _row(t, "We agreed to:\n\na. cooperate;\n\nb. report.", para_id="p03", level="paragraph", para_no=3,
                 is_numbered=False),
            _row(t, "cooperate", para_id="p03.a", level="sub_item", para_no=3, sub_item="a", is_numbered=False),
            _row(t, "report", para_id="p03.b", level="sub_item", para_no=3, sub_item="b", is_numbered=False),
        ]
    )  # fmt: skip
    statement = split_statement(text)
    assert statement.title == "SYNTHETIC MINISTERIAL STATEMENT"
    assert_frame_equal(paragraphs_frame(statement, doc_id="d"), expected)


def test_split_statement_unnumbered_with_all_caps_preamble() -> None:
    text = (
        "We, the Ministers, met in 2099;\n\nRECALLING the Synthetic Charter;\n\nNOTING the plan;\n\n"
        "We agree to cooperate.\n\nWe commit to report.\n"
    )
    statement = split_statement(text)
    assert [(block.level, block.para_no, block.is_numbered) for block in statement.blocks] == [
        ("preamble", 0, False),
        ("preamble", 0, False),
        ("preamble", 0, False),
        ("paragraph", 1, False),
        ("paragraph", 2, False),
    ]
    assert block_ids(statement, doc_id="d") == ("d/pre01", "d/pre02", "d/pre03", "d/p01", "d/p02")


def test_split_statement_unnumbered_preamble_clauses_opened_by_any_capitals() -> None:
    # synthetic: the last preamble clause opens with words outside the verb list
    text = (
        "WE, the Ministers, meeting in 2099;\n\nRECALLING the Synthetic Charter;\n\n"
        "FULLY AWARE that the plan works;\n\nWe agree to cooperate.\n\nWe commit to report.\n"
    )
    statement = split_statement(text)
    assert [(block.level, block.para_no) for block in statement.blocks] == [
        ("preamble", 0),
        ("preamble", 0),
        ("preamble", 0),
        ("paragraph", 1),
        ("paragraph", 2),
    ]


def test_split_statement_keeps_a_headline_above_the_dateline_in_the_title() -> None:
    # synthetic: the headline has prose words, but the dateline under it opens the body
    text = (
        "Synthetic ministers move towards a resilient community\n\n"
        "MANADO, 13 MAY 2099 – The Ministers met to review synthetic cooperation.\n\n"
        '"The plan works," said the Chair of the Meeting.\n'
    )
    statement = split_statement(text)
    assert statement.title == "Synthetic ministers move towards a resilient community"
    assert [block.text[:9] for block in statement.blocks] == ["MANADO, 1", '"The plan']


def test_split_statement_unnumbered_continuations_join_the_paragraph() -> None:
    text = "We, the Ministers, met.\n\nWe noted:\n\n• a synthetic plan;\n\nand a report.\n\nWe closed.\n"
    paragraphs = [block.text for block in split_statement(text).blocks]
    assert paragraphs == ["We, the Ministers, met.", "We noted:\n\n• a synthetic plan;\n\nand a report.", "We closed."]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the text is empty"),
        (" \n\n ", "the text is empty"),
        ("SYNTHETIC PORTAL\nAbout Us\nContact\n", "no line opens a statement body"),
        (
            "Synthetic Portal\n\nThis site uses cookies to improve your browsing experience on our pages.\n",
            "no numbered paragraph, no block mentioning 'The Meeting'",
        ),
    ],
)
def test_split_statement_no_statement(text: str, reason: str) -> None:
    with pytest.raises(InputError, match=re.escape(reason)) as caught:
        split_statement(text, source=Path("raw/page.html"))
    assert caught.value.code == "no_statement"
    assert caught.value.path == Path("raw/page.html")
    assert str(caught.value).startswith(f"{Path('raw/page.html')}: no statement text found: ")


@pytest.mark.parametrize(
    "opening",
    [
        "JAKARTA, 18 November 2099 \u2013 Today, the Synthetic Heads of Civil Service convened a virtual meeting.",
        "SYNTHETIC CITY, 2 March 2099 \u2013 The meeting adopted the new synthetic work plan of regional cooperation.",
    ],
)
def test_a_release_in_news_drafting_is_a_statement(opening: str) -> None:
    """A release that reports the meeting in the third person, with "The meeting" in lower case or the heads of a
    service as its subject, is statement text, not a page to drop."""
    text = (
        f"{opening}\n\nThe new work plan highlights synthetic activities.\n\nThe chair passed to a synthetic country.\n"
    )
    statement = split_statement(text)
    assert next(block.text for block in statement.blocks) == opening


@pytest.mark.parametrize(
    "opening",
    [
        "The Synthetic Senior Officials of Regional Welfare from the member states concluded their 9th Meeting in "
        "Synthetic City today, after two days of talks on synthetic plans.",
        "Delegates from the member states met for two days in Synthetic City and reviewed the synthetic plans of "
        "regional welfare cooperation for vulnerable groups.",
    ],
)
def test_a_senior_officials_release_is_a_statement(opening: str) -> None:
    """A release that reports a senior officials' meeting ("During the Meeting, the Senior Officials discussed …")
    has no capitalised "The Meeting", no ministers and no leaders, and is still statement text."""
    text = (
        f"Synthetic City, 2 March 2099\n{opening}\n"
        "During the Meeting, the delegates discussed synthetic strategies for vulnerable groups, giving special "
        "attention to synthetic welfare and development.\n"
        "They also looked into joint synthetic projects that address the needs of older people in the region.\n"
        "The delegates agreed to meet again next year.\n"
    )
    statement = split_statement(normalise_text(text))
    assert statement.title == "Synthetic City, 2 March 2099"
    assert [block.text[:24] for block in statement.blocks] == [
        opening[:24],
        "During the Meeting, the ",
        "They also looked into jo",
        "The delegates agreed to ",
    ]


@pytest.mark.parametrize(
    "lead",
    [
        "The 15th Meeting of the Synthetic Committee on Rivers finalised its work plan for regional cooperation.",
        "The Fifth Synthetic Conference on Rivers finalised its work plan for regional cooperation in Synthetic City.",
    ],
)
def test_a_release_on_a_numbered_meeting_is_a_statement(lead: str) -> None:
    """A release whose only sign of a meeting is its numbered name ("The 15th Meeting of the … Committee") is
    statement text."""
    text = f"SYNTHETIC CITY, 6 October 2099 \u2013 {lead}\n\nThe work plan aims to advance synthetic rights.\n"
    statement = split_statement(normalise_text(text))
    assert statement.blocks[0].text[:40] == text[:40]


@pytest.mark.parametrize(
    "subject",
    [
        "The Member States of the Synthetic Association, on the occasion of the 99th Synthetic Summit:",
        "[1] The Synthetic States gathered at the Synthetic Summit,",
    ],
)
def test_a_declaration_of_preamble_clauses_is_a_statement(subject: str) -> None:
    """A declaration whose subject is not "We, …" nor the Leaders, or whose opener a database's markers hide, is
    statement text by its preamble clauses in capitals; one such clause alone is not."""
    clauses = (
        "RECALLING the synthetic charter of regional cooperation adopted in 2090;\n\n"
        "REAFFIRMING the commitment to synthetic families and their well-being;\n\n"
        "DO HEREBY DECLARE to promote synthetic family policies in the region.\n"
    )
    statement = split_statement(normalise_text(f"SYNTHETIC DECLARATION ON FAMILIES\n\n{subject}\n\n{clauses}"))
    assert [block.text.split()[0] for block in statement.blocks][-3:] == ["RECALLING", "REAFFIRMING", "DO"]
    with pytest.raises(InputError, match="fewer than 2 preamble clauses"):
        split_statement(normalise_text("Synthetic Portal\n\nRECALLING the synthetic charter of our portal.\n"))


@pytest.mark.parametrize(
    "text",
    [
        "Synthetic Portal\n\nVisitors can book the meeting rooms and the conference hall of our synthetic centre.\n",
        "Synthetic Portal\n\nOur conference hall and meeting rooms are open to visitors on weekdays only.\n",
    ],
)
def test_a_page_that_only_names_meeting_rooms_is_not_a_statement(text: str) -> None:
    with pytest.raises(InputError, match="no numbered paragraph, no block mentioning") as caught:
        split_statement(text, source=Path("raw/rooms.html"))
    assert caught.value.code == "no_statement"
    assert str(caught.value).startswith(f"{Path('raw/rooms.html')}: no statement text found: ")


def test_split_statement_no_statement_without_source_names_text() -> None:
    with pytest.raises(InputError, match=r"^<text>: no statement text found"):
        split_statement("")


def test_paragraphs_frame_schema_and_sorting() -> None:
    paragraphs = paragraphs_frame(split_statement(NUMBERED), doc_id="2099-01-01_synthetic")
    assert paragraphs.schema == PARAGRAPHS.schema
    assert paragraphs.get_column("seq").to_list() == list(range(1, 14))
    assert paragraphs.get_column("para_id").to_list()[:3] == [
        "2099-01-01_synthetic/pre01",
        "2099-01-01_synthetic/pre02",
        "2099-01-01_synthetic/p01",
    ]


def test_paragraphs_frame_rejects_duplicate_ids() -> None:
    block = Block("paragraph", 1, None, True, "x", 0, 1)
    with pytest.raises(SchemaError, match=r"duplicate para_id value\(s\) \['d/p01'\]"):
        paragraphs_frame(Statement(title="", title_end=0, blocks=(block, block)), doc_id="d")


def test_block_ids_paragraph_numbers_above_99() -> None:
    blocks = (Block("paragraph", 100, None, True, "x", 0, 1), Block("sub_item", 100, "a", True, "x", 0, 1))
    assert block_ids(Statement("", 0, blocks), doc_id="d") == ("d/p100", "d/p100.a")


# ---------------------------------------------------------------------------------------------------------------
# Property: offsets are exact, reading order holds, ids are unique
# ---------------------------------------------------------------------------------------------------------------

TOKENS = ["1. ", "2. ", "3. ", "a. ", "b) ", "(i) ", "(ii) ", "(a) ", "(b) ", "RECALLING the ", "We, the ",
          "The Meeting ", "noted ", "synthetic ", "plans ", "develop-", "ment", "; ", ": ", ". ", ", and ", "\n",
          "\n\n", "\f", "- 3 -\n", "Adopted\n", "TITLE ", "• ", "16th ", "2099. ", "\u201c", "\u2019"]  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
def test_split_statement_offsets_property(raw: str) -> None:
    text = normalise_text(raw)
    try:
        statement = split_statement(text)
    except InputError as error:
        assert error.code == "no_statement"
        return
    assert statement.title == text[: statement.title_end].strip()
    for block in statement.blocks:
        assert block.text == text[block.char_start : block.char_end]
        assert statement.title_end <= block.char_start <= block.char_end
    starts = [block.char_start for block in statement.blocks]
    assert starts == sorted(starts)
    numbers = [block.para_no for block in statement.blocks if block.level == "paragraph"]
    assert numbers == sorted(set(numbers))  # increasing, each number once (a lost number leaves a gap)
    assert numbers[:1] in ([], [1])
    paragraphs = paragraphs_frame(statement, doc_id="d")
    assert paragraphs.get_column("para_id").n_unique() == paragraphs.height


# ---------------------------------------------------------------------------------------------------------------
# The seed statement (real text read from ../shared/corpus; assertions on short spans only)
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_text(seed_statement_text: str) -> str:
    return normalise_text(seed_statement_text)


@pytest.fixture(scope="module")
def seed_paragraphs(seed_text: str) -> pl.DataFrame:
    return paragraphs_frame(split_statement(seed_text, source="seed.txt"), doc_id="seed")


@pytest.mark.shared_corpus
def test_seed_has_18_numbered_paragraphs_in_order(seed_paragraphs: pl.DataFrame) -> None:
    paragraphs = seed_paragraphs.filter(pl.col("level") == "paragraph")
    assert paragraphs.get_column("para_no").to_list() == list(range(1, 19))
    assert paragraphs.get_column("is_numbered").all()
    assert seed_paragraphs.filter(pl.col("level") == "preamble").height == 0
    assert seed_paragraphs.height == 18 + 9


@pytest.mark.shared_corpus
def test_seed_title_block(seed_text: str) -> None:
    statement = split_statement(seed_text)
    assert "THIRTY-SECOND" in statement.title
    assert "Issued in Vientiane" in statement.title
    assert statement.title.split("\n")[-1] == "Issued in Vientiane, Lao PDR on 26 September 2024"
    assert seed_text[statement.title_end :].startswith("1. The 32nd ASCC Council Meeting")


@pytest.mark.shared_corpus
def test_seed_paragraph_2_sub_items(seed_paragraphs: pl.DataFrame) -> None:
    sub_items = seed_paragraphs.filter(pl.col("level") == "sub_item")
    assert sub_items.get_column("para_no").to_list() == [2] * 9
    assert sub_items.get_column("para_id").to_list() == [
        "seed/p02.i", "seed/p02.ii", "seed/p02.iii", "seed/p02.iv",
        "seed/p02.i-2", "seed/p02.ii-2", "seed/p02.iii-2", "seed/p02.iv-2", "seed/p02.v",
    ]  # fmt: skip
    texts = dict(zip(sub_items.get_column("para_id"), sub_items.get_column("text"), strict=True))
    assert texts["seed/p02.i"] == "Integrating and Connecting Economies"
    assert texts["seed/p02.iii"] == "Transforming for the Digital Future"
    assert texts["seed/p02.ii-2"] == "Enhancing ASEAN Centrality"
    assert texts["seed/p02.v"].startswith("Health: ")


@pytest.mark.shared_corpus
def test_seed_paragraph_texts(seed_text: str, seed_paragraphs: pl.DataFrame) -> None:
    paragraphs = seed_paragraphs.filter(pl.col("level") == "paragraph")
    no_to_text = dict(zip(paragraphs.get_column("para_no"), paragraphs.get_column("text"), strict=True))
    assert "Roadmap for Timor-Leste's Full Membership in ASEAN" in no_to_text[17]
    assert "survivor-centered" in no_to_text[12]
    assert "the 16th Meeting of the Conference" in no_to_text[7]
    assert not any("\n" in text for text in no_to_text.values())
    assert not any(re.search("[\u201c\u201d\u2018\u2019]", text) for text in seed_paragraphs.get_column("text"))
    # labels are stripped from the text; the offsets point just after "N. "
    assert no_to_text[1].startswith("The 32nd ASCC Council Meeting was held on 26 September 2024")
    for row in paragraphs.iter_rows(named=True):
        assert seed_text[row["char_start"] : row["char_end"]] == row["text"]
        assert seed_text[: row["char_start"]].endswith(f"\n{row['para_no']}. ")


# ------------------------------------------------------------------------------------------ real page layouts
# SYNTHETIC texts laid out as real web pages lay out statements and releases (no real text copied).


def _paragraph_texts(raw: str) -> list[tuple[str, int, str]]:
    text = normalise_text(raw)
    statement = split_statement(text)
    return [(block.level, block.para_no, block.text[:40]) for block in statement.blocks if block.level != "sub_item"]


def test_a_release_with_an_unnumbered_lead_and_wide_spaced_numbers() -> None:
    raw = (
        "Ministers Open a Synthetic Decade of Cooperation\n\n"
        "The 40th ASEAN Labour Ministers Meeting was chaired by Singapore from 1 to 3 May 2040.\n\n"
        "2          Singapore holds the Chair until 2042, and its theme guides the synthetic work plan.\n\n"
        "A Synthetic Heading\n\n"
        "3          To mark the decade, the Meeting launched a synthetic exhibition.\n\n"
        "4          The Ministers discussed the following:\n\n"
        "  1. Synthetic Guidelines on Decent Work: the Ministers agreed to adopt them.\n"
    )
    assert _paragraph_texts(raw) == [
        ("paragraph", 1, "The 40th ASEAN Labour Ministers Meeting "),
        ("paragraph", 2, "Singapore holds the Chair until 2042, an"),  # the number is a label, not text
        ("heading", 3, "A Synthetic Heading"),  # a row of its own, above paragraph 3
        ("paragraph", 3, "To mark the decade, the Meeting launched"),
        ("paragraph", 4, "The Ministers discussed the following:\n\n"),  # its list item "1." stays inside it
    ]


def test_numbers_from_two_need_a_sequence_and_a_lead() -> None:
    raw = "We, the Ministers, met on 1 May 2040.\n\n2. The Ministers agreed on one synthetic point.\n"
    statement = split_statement(normalise_text(raw))
    assert [block.para_no for block in statement.blocks] == [1, 2]  # one stray "2." is not a numbering
    assert not statement.blocks[0].is_numbered


def test_paragraphs_given_as_long_lines_separated_by_single_line_breaks() -> None:
    sentence = "The Meeting noted the synthetic progress of regional cooperation on a great many matters. "
    raw = (
        "VIENTIANE, 1 May 2040 - The 50th ASCC Council Meeting was held today. " + sentence * 2 + "\n"
        "The Council welcomed the synthetic plan. " + sentence * 2 + "\n"
        "Deputy Secretary-General for ASCC commended the work. " + sentence * 2 + "\n"
    )
    assert [(level, no) for level, no, _ in _paragraph_texts(raw)] == [
        ("paragraph", 1),
        ("paragraph", 2),
        ("paragraph", 3),
    ]
    wrapped = "1. The Meeting noted the synthetic plan.\nThe Meeting also welcomed it, as a wrapped PDF line does.\n"
    assert [no for _, no, _ in _paragraph_texts(wrapped)] == [1]  # short wrapped lines are still joined


def _titled_paragraphs(raw: str) -> tuple[str, list[str]]:
    statement = split_statement(normalise_text(raw))
    return statement.title, [block.text for block in statement.blocks if block.level == "paragraph"]


def test_a_photo_caption_right_above_an_undated_dateline_is_not_part_of_the_lead() -> None:
    # a blog's layout: headline, then a two-sentence caption glued to the dateline paragraph (no blank line)
    raw = (
        "50th Synthetic Ministers Meeting 2099\n\n"
        "A synthetic minister speaking during the 50th Meeting in Synthetica. Beside him were the senior officers "
        "of the synthetic ministry and the chair of the synthetic committee\n"
        "Port Synthetic - Culture plays a synthetic role in the region.\n\n"
        "This was said by the Minister during the 50th Meeting on May 26.\n"
    )
    title, paragraphs = _titled_paragraphs(raw)
    assert title.startswith("50th Synthetic Ministers Meeting 2099\n\nA synthetic minister speaking")
    assert paragraphs == [
        "Port Synthetic - Culture plays a synthetic role in the region.",
        "This was said by the Minister during the 50th Meeting on May 26.",
    ]


def test_a_headline_with_a_photo_caption_above_an_agency_dateline_is_title() -> None:
    # a news agency's layout: headline and caption on one line (too long for the caption pattern of furniture.yaml),
    # ending in the photo credit, then a blank line
    raw = (
        "Synthetic ministers agree to protect vulnerable groups amid the synthetic crisis image 1 The Minister of "
        "Synthetic Labour, Invalids and Social Affairs speaks at the Synthetic Ministerial Meeting on Social Welfare "
        "and Development (Photo: SNA)\n\n"
        "Synthetica City (SNA) – Ministers in charge of social welfare have agreed to work together.\n\n"
        "The consensus was reached at the meeting held via video conference on June 10.\n"
    )
    title, paragraphs = _titled_paragraphs(raw)
    assert title.endswith("(Photo: SNA)")
    assert paragraphs == [
        "Synthetica City (SNA) – Ministers in charge of social welfare have agreed to work together.",
        "The consensus was reached at the meeting held via video conference on June 10.",
    ]


def test_a_long_headline_above_a_dated_dateline_across_a_blank_line_stays_in_the_lead() -> None:
    # more than fifteen words, one phrase (no sentence in it), no photo credit: read as the lead's first line
    raw = (
        "Synthetic ministers fully support the priorities of the synthetic chair for the regional community in "
        "its chairmanship year\n\n"
        "Synthetica City, 1 May 2099 - The 50th Synthetic Council Meeting was held today. The Ministers met.\n"
    )
    title, paragraphs = _titled_paragraphs(raw)
    assert title == ""
    assert [paragraph[:31] for paragraph in paragraphs] == ["Synthetic ministers fully suppo"]


def test_a_short_headline_at_the_top_of_a_page_of_one_line_paragraphs_is_title() -> None:
    # a news agency's page: site chrome and headline on the first line, then one line per paragraph; the last line
    # cut by the excerpt (no full stop) is a paragraph of its own, not glued to the one-line paragraph before it
    raw = (
        " date 2099-03-12 Synthetic information ministers discuss digital community\n"
        "The 50th Conference of the Synthetic Ministers Responsible for Information opened on March 12 with the "
        "theme of a digital community with accessibility for all.\n"
        "As host of the 50th Conference, Synthetica emphasised efforts to promote joint operations.\n"
        "Chairing the virtual meeting, the Minister proposed to share information.\n"
        "As the next chair in 2100, Synthetica informed the participants of the schedule.\n"
        "The 50th Conference is scheduled to endorse three documents: the Synthetic Framework for\n"
    )
    title, paragraphs = _titled_paragraphs(raw)
    assert title == "date 2099-03-12 Synthetic information ministers discuss digital community"
    assert [paragraph[:24] for paragraph in paragraphs] == [
        "The 50th Conference of t",
        "As host of the 50th Conf",
        "Chairing the virtual mee",
        "As the next chair in 210",
        "The 50th Conference is s",
    ]


def test_a_short_headline_above_paragraphs_separated_by_blank_lines_is_title() -> None:
    raw = (
        "Synthetica takes the lead to strengthen unity through sports\n\n"
        "Assuming the chairmanship of the 50th Synthetic Ministerial Meeting, the Chair thanked the host.\n\n"
        '"These meetings are a great opportunity to learn from our neighbours," said the Chair.\n\n'
        "The Ministers agreed to develop a synthetic work plan.\n\n"
        "The meeting was also informed of a synthetic symposium.\n"
    )
    title, paragraphs = _titled_paragraphs(raw)
    assert title == "Synthetica takes the lead to strengthen unity through sports"
    assert [paragraph[:24] for paragraph in paragraphs] == [
        "Assuming the chairmanshi",
        '"These meetings are a gr',
        "The Ministers agreed to ",
        "The meeting was also inf",
    ]


def test_a_short_first_line_of_wrapped_text_stays_in_the_body() -> None:
    # a PDF's wrapped lines: the short first line without a full stop runs on into the next line
    raw = (
        "Synthetic ministers of the region met in\n"
        "Synthetica on 1 May 2099 and reviewed the\n"
        "regional plans of the synthetic community.\n"
        "The Ministers agreed to meet again in\n"
        "the next year.\n"
    )
    title, paragraphs = _titled_paragraphs(raw)
    assert title == ""
    assert [paragraph[:24] for paragraph in paragraphs] == ["Synthetic ministers of t"]


def test_a_heading_between_unnumbered_paragraphs_is_a_row_of_its_own() -> None:
    text = (
        "We, the Ministers of Synthetica, met on 1 May 2099.\n\n"
        "We noted the synthetic plan.\n\n"
        "Synthetic Cooperation in Health\n\n"
        "We discussed the synthetic theme.\n\n"
        "We closed the meeting.\n"
    )
    blocks = split_statement(text).blocks
    assert [(block.level, block.para_no, block.text) for block in blocks] == [
        ("paragraph", 1, "We, the Ministers of Synthetica, met on 1 May 2099."),
        ("paragraph", 2, "We noted the synthetic plan."),
        ("heading", 3, "Synthetic Cooperation in Health"),
        ("paragraph", 3, "We discussed the synthetic theme."),
        ("paragraph", 4, "We closed the meeting."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # after a block without a sentence end, before a list item, or as the last block: not a heading row
        "We, the Ministers, met on 1 May 2099 to review the plan\n\nSynthetic Cooperation in Health\n\nWe closed.\n",
        "We, the Ministers, met.\n\nSynthetic Cooperation in Health\n\n• a synthetic plan;\n\nWe closed.\n",
        "We, the Ministers, met.\n\nWe closed.\n\nSynthetic Cooperation in Health\n",
    ],
)
def test_a_heading_like_block_of_an_unnumbered_statement_in_other_places_is_no_heading_row(text: str) -> None:
    assert all(block.level != "heading" for block in split_statement(text).blocks)


def test_a_paragraph_that_lost_its_full_stop_on_a_page_of_blank_separated_lines_is_a_paragraph() -> None:
    # a news page: one line per paragraph, blank lines between them; a heading stays a heading row; the first line
    # above the lead is left to the title rules (a long one-phrase line stays in the lead)
    raw = (
        "Synthetica City (SNA) – Ministers in charge of synthetic welfare agreed to work together.\n\n"
        "The consensus was reached at the meeting held via video conference on June 10.\n\n"
        "Attending the event were ministers from all synthetic member states.\n\n"
        "The meeting was an initiative of the Chair of the Synthetic Community 2099\n\n"
        "It was organised while the synthetic crisis was developing.\n\n"
        "Cooperation on Synthetic Welfare\n\n"
        "The meeting acknowledged the opinions of the ministers.\n\n"
        "The ministers approved a synthetic joint statement.\n"
    )
    _, paragraphs = _titled_paragraphs(raw)
    assert paragraphs == [
        "Synthetica City (SNA) – Ministers in charge of synthetic welfare agreed to work together.",
        "The consensus was reached at the meeting held via video conference on June 10.",
        "Attending the event were ministers from all synthetic member states.",
        "The meeting was an initiative of the Chair of the Synthetic Community 2099",
        "It was organised while the synthetic crisis was developing.",
        "The meeting acknowledged the opinions of the ministers.",
        "The ministers approved a synthetic joint statement.",
    ]
    headings = [block.text for block in split_statement(normalise_text(raw)).blocks if block.level == "heading"]
    assert headings == ["Cooperation on Synthetic Welfare"]


def test_a_headline_naming_the_document_across_a_blank_line_is_title() -> None:
    # a news agency's copy of a chairman's statement: site label, the document's name as headline, an introduction
    raw = (
        "Synthetic news\n\n"
        "Chairman Press Statement of synthetic leaders' special session on women's empowerment in digital age\n\n"
        "The Synthetic Leaders' Special Session, held on June 26 via videoconferencing, has adopted a statement.\n\n"
        "The following is the full text of the statement:\n\n"
        "The Leaders reiterated their commitment to gender equality.\n"
    )
    title, paragraphs = _titled_paragraphs(raw)
    assert title == (
        "Synthetic news\n\n"
        "Chairman Press Statement of synthetic leaders' special session on women's empowerment in digital age"
    )
    assert paragraphs == [
        "The Synthetic Leaders' Special Session, held on June 26 via videoconferencing, has adopted a statement.",
        "The following is the full text of the statement:",
        "The Leaders reiterated their commitment to gender equality.",
    ]


def test_a_meeting_sentence_under_the_title_opens_the_body() -> None:
    raw = (
        "Joint Statement of the 30th ASEAN Health Ministers Meeting\n\nMay 9, 2040\n\n"
        "The 30th Health Ministers Meeting was held on 8 May 2040 in Cebu, Philippines.\n\n"
        "RECALLING the synthetic declaration;\n\nRESOLVED to act together;\n"
    )
    statement = split_statement(normalise_text(raw))
    assert statement.title == "Joint Statement of the 30th ASEAN Health Ministers Meeting\n\nMay 9, 2040"
    assert statement.blocks[0].text.startswith("The 30th Health Ministers Meeting was held")


# ------------------------------------------------------------------------------------ lists, gaps and sections
# SYNTHETIC texts in ASEAN drafting style (no real text copied).


def _sub_item_ids(raw: str) -> list[tuple[str, str]]:
    statement = split_statement(normalise_text(raw))
    ids = block_ids(statement, doc_id="d")
    return [(para_id, block.text) for para_id, block in zip(ids, statement.blocks, strict=True)
            if block.level == "sub_item"]  # fmt: skip


def test_an_item_block_after_a_colon_is_a_list_of_its_own_even_alone() -> None:
    # a list introduced by a colon whose text stops after its first item (a cut page) or that has only one item
    raw = (
        "1. The Council endorsed the following synthetic documents:\n"
        "a. Synthetic Declaration on Cultural Heritage;\n"
        "b. Synthetic Work Plan on Youth 2041-2045.\n"
        "2. The Council also noted the following document:\n"
        "a. The Synthetic Declaration on Arts to promote a shared identity;\n"
    )
    assert _sub_item_ids(raw) == [
        ("d/p01.a", "Synthetic Declaration on Cultural Heritage"),
        ("d/p01.b", "Synthetic Work Plan on Youth 2041-2045"),
        ("d/p02.a", "The Synthetic Declaration on Arts to promote a shared identity"),
    ]


@pytest.mark.parametrize(
    "raw",
    [
        # a lone label inline is a parenthesis, not a list
        "1. The Council noted (a) the synthetic plan.\n",
        # a block opening with a lone label after a sentence, not after a colon
        "1. The Council noted the synthetic plan.\n\na. The year of the plan was agreed.\n",
    ],
)
def test_a_lone_item_without_a_colon_before_it_is_not_a_list(raw: str) -> None:
    assert _sub_item_ids(raw) == []


def _paragraph_numbers(raw: str) -> list[tuple[int, str]]:
    statement = split_statement(normalise_text(raw))
    return [(block.para_no, block.text[:24]) for block in statement.blocks if block.level == "paragraph"]


@pytest.mark.parametrize("separator", ["\n\n", "\n"])
def test_a_number_lost_in_the_source_leaves_a_gap_not_a_merge(separator: str) -> None:
    # the source skips 2 (and later 5 and 6): 3 and 7 still open paragraphs, numbered as printed
    raw = separator.join(
        [
            "The Second Synthetic Meetings of the Ministers Responsible for Culture were held on 3-4 May 2041.",
            "1. The Meeting was attended by the synthetic Ministers of all Member States.",
            "3. The Meeting was officially opened by H.E. Mr. Synthetic Minister.",
            "4. The Ministers noted the synthetic work plan.",
            "7. The Ministers agreed to meet again in 2043.",
        ]
    )
    assert [no for no, _ in _paragraph_numbers(raw)] == [1, 3, 4, 7]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a number far ahead is text (a year, a stray number)
        (
            "1. The Meeting met.\n\n2041. The year of the plan.\n\n5. A stray number.\n\n2. The Meeting closed.\n",
            [(1, "The Meeting met.\n\n2041. "), (2, "The Meeting closed.")],
        ),
        # after a colon, "3." is an item of a list, not paragraph 3
        (
            "1. The Meeting agreed on the following:\n\n3. Synthetic Work Plan 2041-2045.\n",
            [(1, "The Meeting agreed on th")],
        ),
        # a skipped number that comes later: "3." is out of sequence (a footnote), "2." is paragraph 2
        (
            "1. The Meeting met.\n\n3. A synthetic footnote.\n\n2. The Meeting closed.\n",
            [(1, "The Meeting met.\n\n3. A s"), (2, "The Meeting closed.")],
        ),
        # the first paragraph is 1: a statement opening with "3." is not numbered from 3
        (
            "We, the Ministers, met on 1 May 2041.\n\n3. The Ministers agreed on one synthetic point.\n",
            [(1, "We, the Ministers, met o"), (2, "3. The Ministers agreed ")],
        ),
    ],
)
def test_numbers_ahead_that_are_not_a_lost_number(raw: str, expected: list[tuple[int, str]]) -> None:
    assert _paragraph_numbers(raw) == expected


def test_a_section_that_numbers_its_paragraphs_from_1_continues_the_count() -> None:
    raw = (
        "1. The Synthetic Council hosted the Fortieth Conference of the Ministers on 2 June 2041.\n"
        "2. The Conference was preceded by the Senior Officials Meeting on 1 June 2041.\n\n"
        "Opening Ceremony\n\n"
        "1. The Conference was officiated by the Synthetic Vice President.\n"
        "2. The ASEAN Anthem was played at the opening ceremony.\n"
        "3. The Conference was chaired by the Synthetic Minister of Information.\n"
    )
    statement = split_statement(normalise_text(raw))
    paragraphs = [block for block in statement.blocks if block.level == "paragraph"]
    assert [(block.para_no, block.text[:28]) for block in paragraphs] == [
        (1, "The Synthetic Council hosted"),
        (2, "The Conference was preceded "),
        (3, "The Conference was officiate"),
        (4, "The ASEAN Anthem was played "),
        (5, "The Conference was chaired b"),
    ]
    assert paragraphs[1].text.endswith("1 June 2041.")  # the heading is a row of its own, not part of p02
    assert [(block.level, block.para_no, block.text) for block in statement.blocks][2] == (
        "heading",
        3,
        "Opening Ceremony",
    )
    assert block_ids(statement, doc_id="d") == ("d/p01", "d/p02", "d/h01", "d/p03", "d/p04", "d/p05")


@pytest.mark.parametrize(
    "raw",
    [
        # a lone "1." under a heading is not a section (no "2." after it)
        "1. The Meeting met.\n\n2. The Meeting noted the plan.\n\nSynthetic Annex\n\n1. List of delegates.\n",
        # after a colon, "1." and "2." are the items of a list
        "1. The Meeting met.\n\n2. The Meeting noted the following:\n\n1. Synthetic Plan.\n\n2. Synthetic Report.\n",
        # after a sentence (not a heading), "1." and "2." are not a section either
        "1. The Meeting met.\n\n2. The Meeting noted the plan.\n\nIt was welcomed.\n\n1. Alpha.\n\n2. Beta.\n",
    ],
)
def test_numbers_from_1_again_without_a_section_heading_stay_in_the_paragraph(raw: str) -> None:
    assert [no for no, _ in _paragraph_numbers(raw)] == [1, 2]


# ------------------------------------------------------------------------------------------ section headings
# SYNTHETIC texts in ASEAN drafting style (no real text copied).

HEADED = (
    "Joint Statement of the Ninth Synthetic Health Ministers Meeting\n\n"
    "1. The Synthetic Health Ministers met in Vientiane on 3 May 2041 with their Plus Three counterparts.\n\n"
    "2. The Meeting was attended by the Ministers of all Member States. The list of Ministers is attached.\n\n"
    "Solidarity in Health Emergencies\n\n"
    "3. The Ministers discussed solidarity in health emergencies as the theme of their meeting.\n"
)


def test_a_section_heading_between_numbered_paragraphs_is_a_row_of_its_own() -> None:
    text = normalise_text(HEADED)
    after = "is attached."
    expected = _frame(
        [
            _row(text, "The Synthetic Health Ministers met in Vientiane on 3 May 2041 with their Plus Three "
                 "counterparts.", para_id="p01", level="paragraph", para_no=1),
            _row(text, "The Meeting was attended by the Ministers of all Member States. The list of Ministers is "
                 "attached.", para_id="p02", level="paragraph", para_no=2),
            _row(text, "Solidarity in Health Emergencies", after=after, para_id="h01", level="heading", para_no=3),
            _row(text, "The Ministers discussed solidarity in health emergencies as the theme of their meeting.",
                 para_id="p03", level="paragraph", para_no=3),
        ]
    )  # fmt: skip
    statement = split_statement(text)
    assert_frame_equal(paragraphs_frame(statement, doc_id="d"), expected)
    assert statement.n_paragraphs == 3


def test_a_section_heading_on_a_line_of_its_own_in_wrapped_pdf_text() -> None:
    # no blank lines: a PDF's wrapped lines, the heading a short line between two paragraphs
    raw = (
        "1. The Synthetic Health Ministers met in Vientiane on\n3 May 2041 with their Plus Three counterparts.\n"
        "2. The Meeting was attended by the Ministers of all\nMember States. The list of Ministers is attached.\n"
        "Solidarity in Health Emergencies\n"
        "3. The Ministers discussed solidarity in health\nemergencies as the theme of their meeting.\n"
        "Cooperation with Dialogue Partners\n"
        "4. The Ministers thanked the Plus Three countries.\n"
    )
    assert _paragraph_texts(raw) == [
        ("paragraph", 1, "The Synthetic Health Ministers met in Vi"),
        ("paragraph", 2, "The Meeting was attended by the Minister"),
        ("heading", 3, "Solidarity in Health Emergencies"),
        ("paragraph", 3, "The Ministers discussed solidarity in he"),
        ("heading", 4, "Cooperation with Dialogue Partners"),
        ("paragraph", 4, "The Ministers thanked the Plus Three cou"),
    ]
    statement = split_statement(normalise_text(raw))
    assert [block.text[-9:] for block in statement.blocks if block.level == "paragraph"][1:3] == [
        "attached.",
        " meeting.",
    ]
    assert block_ids(statement, doc_id="d")[2:5] == ("d/h01", "d/p03", "d/h02")


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        # after a colon: the document the sentence introduces, not a heading
        (
            "1. The Ministers met in Vientiane.\n\n2. The Ministers endorsed the following document:\n\n"
            "Synthetic Work Plan on Health Security 2041-2045\n\n3. The Ministers closed the meeting.\n",
            "Synthetic Work Plan on Health Security 2041-2045",
        ),
        # a PDF line break inside a sentence: the capitalised line continues it
        (
            "1. The Ministers met in Vientiane.\n2. The Ministers welcomed the adoption of the\n"
            "Synthetic Declaration on Health Security\nand its work plan.\n3. The Ministers closed the meeting.\n",
            "the Synthetic Declaration on Health Security and its work plan.",
        ),
        # a page break inside a sentence: a block in lowercase continues it
        (
            "1. The Ministers met in Vientiane.\n\n2. The Ministers welcomed the progress of the\n\n"
            "regional work plan\n\n3. The Ministers closed the meeting.\n",
            "progress of the regional work plan",
        ),
        # a sentence that starts a new line (and block), with or without its full stop
        (
            "1. The Ministers met in Vientiane.\n\n2. The Ministers noted the report.\n\n"
            "The Ministers also welcomed the Synthetic Plan\n\n3. The Ministers closed the meeting.\n",
            "The Ministers also welcomed the Synthetic Plan",
        ),
        (
            "1. The Ministers met in Vientiane.\n\n2. The Ministers noted the report.\n\n"
            "Member States were encouraged to share good practices\n\n3. The Ministers closed the meeting.\n",
            "Member States were encouraged to share good practices",
        ),
        (
            "1. The Ministers met in Vientiane.\n\n2. The Ministers noted the report.\n\n"
            "It was Welcomed by All.\n\n3. The Ministers closed the meeting.\n",
            "It was Welcomed by All.",
        ),
        # a list item, and a capitalised item after a semicolon
        (
            "1. The Ministers met in Vientiane.\n\n2. The Ministers adopted:\n\na. the Synthetic Plan;\n\n"
            "b. Synthetic Guidelines on Health Security\n\n3. The Ministers closed the meeting.\n",
            "Synthetic Guidelines on Health Security",
        ),
        (
            "1. The Ministers met in Vientiane.\n\n2. The Ministers adopted:\n\na. the Synthetic Plan; and\n\n"
            "Synthetic Guidelines on Health Security\n\n3. The Ministers closed the meeting.\n",
            "Synthetic Guidelines on Health Security",
        ),
        # a heading-like block that no numbered paragraph follows, and one after the last paragraph
        (
            "1. The Ministers met in Vientiane.\n\n2. The Ministers noted the report.\n\nSynthetic Annex\n\n"
            "List of delegates.\n\n3. The Ministers closed the meeting.\n",
            "Synthetic Annex",
        ),
        (
            "1. The Ministers met in Vientiane.\n\n2. The Ministers closed the meeting.\n\nSynthetic Annex\n",
            "Synthetic Annex",
        ),
    ],
)
def test_a_paragraph_keeps_its_own_continuation_blocks_and_lines(raw: str, kept: str) -> None:
    statement = split_statement(normalise_text(raw))
    assert [block.level for block in statement.blocks if block.level != "sub_item"] == ["paragraph"] * (
        3 if "\n3. " in raw else 2
    )
    assert kept in statement.blocks[[block.para_no for block in statement.blocks].index(2)].text


@pytest.mark.parametrize("indent", ["", "  ", "    ", "\t", " \t"])
def test_sections_numbered_from_1_with_indented_numbers_under_long_headings(indent: str) -> None:
    # a web page giving each paragraph on one indented line, each section numbered from 1 under a heading of a
    # dozen words
    raw = (
        "Joint Statement of the Ninth Synthetic Labour Ministers Meeting\n\n"
        f"{indent}1. The Synthetic Labour Ministers met in Vientiane on 3 May 2041.\n"
        f"{indent}2. The Ministers reviewed the progress of their cooperation.\n\n"
        "Impact of the Synthetic Economic Slowdown on Labour Markets in the Region\n\n"
        f"{indent}1. The Ministers noted that the slowdown had affected labour markets.\n"
        f"{indent}2. The Ministers agreed to step up their efforts for a recovery.\n"
        f"{indent}3. The Ministers noted the Synthetic Human Resources Conference.\n\n"
        "Strengthening Regional Cooperation on Skills Development and Decent Work for All Workers\n\n"
        f"{indent}1. The Ministers supported the Synthetic Work Programme 2041-2045.\n"
        f"{indent}2. The Ministers thanked the host.\n"
    )
    assert _paragraph_texts(raw) == [
        ("paragraph", 1, "The Synthetic Labour Ministers met in Vi"),
        ("paragraph", 2, "The Ministers reviewed the progress of t"),
        ("heading", 3, "Impact of the Synthetic Economic Slowdow"),
        ("paragraph", 3, "The Ministers noted that the slowdown ha"),
        ("paragraph", 4, "The Ministers agreed to step up their ef"),
        ("paragraph", 5, "The Ministers noted the Synthetic Human "),
        ("heading", 6, "Strengthening Regional Cooperation on Sk"),
        ("paragraph", 6, "The Ministers supported the Synthetic Wo"),
        ("paragraph", 7, "The Ministers thanked the host."),
    ]


def test_a_heading_like_block_before_paragraph_1_stays_a_preamble_block() -> None:
    raw = "We, the Ministers, met in Vientiane on 3 May 2041.\n\nOpening Ceremony\n\n1. The Meeting opened.\n"
    assert _paragraph_texts(raw) == [
        ("preamble", 0, "We, the Ministers, met in Vientiane on 3"),
        ("preamble", 0, "Opening Ceremony"),
        ("paragraph", 1, "The Meeting opened."),
    ]


def test_paragraph_numbers_inside_a_line_flattened_by_a_web_page() -> None:
    raw = (
        "Synthetic Media Release of the 40th Meeting of the Parties\n\n"
        "1. The Ministers met on 5 October 2041 in Vientiane, Lao PDR. 2. The Ministers reviewed the synthetic "
        "agreement (SA) and reaffirmed their commitment. They noted Resolution No. 2. The Ministers welcomed "
        "H.E. Dr. 3. Synthetic. 3. The Ministers were updated on the weather outlook for 2041-2045. The end.\n"
    )
    assert _paragraph_numbers(raw) == [
        (1, "The Ministers met on 5 O"),
        (2, "The Ministers reviewed t"),  # "No. 2." and "Dr. 3." are no sentence ends
        (3, "The Ministers were updat"),
    ]


def test_an_unnumbered_lead_then_numbers_inside_one_line() -> None:
    raw = (
        "Synthetic Media Release\n5 October 2041, Vientiane\n"
        "- Ministers responsible for the environment held their 40th Meeting in Vientiane. 2. The Ministers "
        "reviewed the synthetic plan. 3. The Ministers were updated on the outlook.\n"
    )
    assert _paragraph_numbers(raw) == [
        (1, "- Ministers responsible "),
        (2, "The Ministers reviewed t"),
        (3, "The Ministers were updat"),
    ]
    assert split_statement(normalise_text(raw)).blocks[0].is_numbered


@pytest.mark.parametrize(
    "sentence",
    [
        "The Meeting recalled Article 2. The Ministers noted it.",  # no sentence end before the number
        "The Meeting held the 2. session of the synthetic forum.",  # a lowercase word after it
        "The Meeting was held on Monday. 2. October was declared a synthetic month.",  # a date
        "The Meeting agreed on three points: 1. Health. 2. Education. 3. Culture.",  # a list inside the paragraph
        "The Meeting adopted the Synthetic Work Plan 2017-2020. The Ministers welcomed it.",  # a number in a title
        "The Meeting noted a growth of 2.5 per cent. The Ministers welcomed it.",  # a decimal
        "The Meeting noted Synthetic Resolution No. 2. The Ministers welcomed it.",  # an abbreviation
        "The Meeting thanked H.E. Dr. 2. Synthetic Name for the synthetic address.",  # titles
    ],
)
def test_a_number_inside_a_sentence_does_not_open_a_paragraph(sentence: str) -> None:
    raw = f"1. {sentence}\n\n2. The Meeting closed in 2041.\n"
    assert _paragraph_numbers(raw) == [(1, sentence[:24]), (2, "The Meeting closed in 20")]
    assert split_statement(normalise_text(raw)).blocks[0].text == sentence


def test_a_single_number_inside_an_unnumbered_lead_does_not_make_a_numbering() -> None:
    raw = "We, the Ministers, met in Vientiane on 1 May 2041. 2. The Ministers agreed on one synthetic point.\n"
    assert _paragraph_numbers(raw) == [(1, "We, the Ministers, met i")]


# ----------------------------------------------------------------- labels glued to the word, one-line paragraphs
# SYNTHETIC texts in ASEAN drafting style (no real text copied).


def test_labels_glued_to_the_next_word_number_the_paragraphs() -> None:
    # an older statement typed "1.The" and "4.The" without a space, "2." and "3." with wide spaces
    raw = (
        "Joint Press Statement\n\n\n"
        "1.The Ninth Conference of the Synthetic Ministers was held in Vientiane on 1-2 May 2041.\n\n\n"
        "2.         The Meeting was attended by the Ministers of all Member States.\n\n\n"
        "3.         The Conference was opened by the Synthetic Prime Minister.\n\n\n"
        "The Role of Synthetic Media in Integration\n\n\n"
        "4.The Ministers agreed on the role of synthetic media, with a growth of 2.5 per cent.\n"
    )
    assert _paragraph_texts(raw) == [
        ("paragraph", 1, "The Ninth Conference of the Synthetic Mi"),  # the label is not text
        ("paragraph", 2, "The Meeting was attended by the Minister"),
        ("paragraph", 3, "The Conference was opened by the Synthet"),
        ("heading", 4, "The Role of Synthetic Media in Integrati"),
        ("paragraph", 4, "The Ministers agreed on the role of synt"),
    ]
    assert split_statement(normalise_text(raw)).blocks[0].is_numbered


def test_a_glued_label_out_of_sequence_is_text() -> None:
    raw = "1. The Meeting noted a rise.\n\n9.The figure was revised.\n\n2.The Meeting closed.\n"
    assert _paragraph_numbers(raw) == [(1, "The Meeting noted a rise"), (2, "The Meeting closed.")]
    first = split_statement(normalise_text(raw)).blocks[0]
    assert first.text == "The Meeting noted a rise.\n\n9.The figure was revised."


def test_a_news_page_giving_each_paragraph_as_one_short_line() -> None:
    raw = (
        "Synthetic Reporter\n"
        "The 50th Synthetic Labour Ministers Meeting touched on skills for the future of work.\n"
        "The Minister of Synthetic Affairs attended the meeting via video conferencing yesterday.\n"
        "The meeting was hosted by the Minister of Manpower of a synthetic Member State.\n"
        "The documents adopted during the meeting are two synthetic work plans.\n"
    )
    assert _paragraph_numbers(raw) == [
        (1, "The 50th Synthetic Labou"),
        (2, "The Minister of Syntheti"),
        (3, "The meeting was hosted b"),
        (4, "The documents adopted du"),
    ]


# ------------------------------------------------------------------------------- digit items after a colon
# SYNTHETIC texts in ASEAN drafting style (no real text copied).


def test_digit_items_after_a_colon_are_sub_items_of_the_paragraph() -> None:
    raw = (
        "1. The Second Synthetic Ministers Meeting was convened in Manila on 19 February 2041.\n\n"
        "2. The Meeting was chaired by the Synthetic Secretary.\n\n"
        "3. The Chair highlighted the following in his Welcome Remarks:\n\n"
        "1. The rapid synthetic growth in the region has had varying impacts on Member Countries;\n\n"
        "2. The synthetic economy recovered;\n\n"
        "3.The synthetic outlook is positive.\n\n"
        "4. The Meeting closed.\n"
    )
    assert _paragraph_numbers(raw) == [
        (1, "The Second Synthetic Min"),
        (2, "The Meeting was chaired "),
        (3, "The Chair highlighted th"),
        (4, "The Meeting closed."),
    ]
    assert _sub_item_ids(raw) == [
        ("d/p03.1", "The rapid synthetic growth in the region has had varying impacts on Member Countries"),
        ("d/p03.2", "The synthetic economy recovered"),
        ("d/p03.3", "The synthetic outlook is positive"),
    ]


def test_digit_blocks_without_a_colon_before_them_are_no_list() -> None:
    raw = "1. The Meeting met.\n\n2. The Meeting noted the plan.\n\nIt was welcomed.\n\n1. Alpha.\n\n2. Beta.\n"
    assert _sub_item_ids(raw) == []


def test_a_report_that_a_meeting_was_held_is_statement_text() -> None:
    """A news item whose only sign of a meeting is that it "was held" ("... (ASOEN)'s 25th meeting and the other
    related meetings were held in Vientiane") is statement text; without it the page is no statement."""
    text = (
        "Synthetic City, 2 March 2099\n"
        "The synthetic body's 25th meeting and the other related meetings were held in Synthetic City to review the "
        "synthetic plans of regional welfare cooperation.\n"
        "The delegates agreed to review the plans again next year.\n"
    )
    statement = split_statement(normalise_text(text))
    assert statement.blocks[0].text.startswith("The synthetic body's 25th meeting")
    with pytest.raises(InputError, match="no numbered paragraph"):
        split_statement(normalise_text(text.replace("were held", "took their seats")), source=Path("raw/page.html"))
