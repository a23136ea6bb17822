"""Tests of ascc_analysis.ingest.normalise.

Every fixture string below is SYNTHETIC text written for these tests (not copied from a statement), except the
end-to-end checks on the seed statement, which read it through the ``seed_statement_text`` fixture and assert on
short spans only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ascc_analysis.errors import ParameterError
from ascc_analysis.ingest.normalise import (
    FurniturePatterns,
    ends_with_sentence,
    fix_unicode,
    is_body_start,
    is_section_heading,
    is_standalone_heading,
    join_broken_lines,
    load_furniture_patterns,
    normalise_text,
    opens_preamble_clause,
    remove_page_furniture,
    repair_hyphenation,
    separate_glued_ordinals,
    title_line_count,
)

# ---------------------------------------------------------------------------------------------------------------
# fix_unicode
# ---------------------------------------------------------------------------------------------------------------


def test_fix_unicode_repairs_mojibake_and_straightens_the_quote() -> None:
    # synthetic: UTF-8 read as cp1252
    assert fix_unicode("ASEANâ€™s partners") == "ASEAN's partners"


def test_fix_unicode_expands_latin_ligatures() -> None:
    assert fix_unicode("\ufb01nance and \ufb02ood") == "finance and flood"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Lao\u00a0PDR", "Lao PDR"),  # no-break space
        ("Lao\u2009PDR", "Lao PDR"),  # thin space
        ("Lao\u202fPDR", "Lao PDR"),  # narrow no-break space
        ("Lao\u3000PDR", "Lao PDR"),  # ideographic space
        ("Lao\tPDR", "Lao PDR"),  # tab
        ("Lao\u200bPDR", "LaoPDR"),  # zero-width space removed
        ("\ufeffLao PDR", "Lao PDR"),  # BOM removed
        ("develop\u00adment", "development"),  # soft hyphen removed
    ],
)
def test_fix_unicode_spaces(raw: str, expected: str) -> None:
    assert fix_unicode(raw) == expected


def test_fix_unicode_straightens_curly_quotes() -> None:
    assert fix_unicode("the \u201cRoadmap\u201d and \u2018Enhancing\u2019 \u00abx\u00bb") == (
        'the "Roadmap" and \'Enhancing\' "x"'
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("COP 16 \u2013 CBD", "COP 16 – CBD"),  # en dash kept
        ("COP 16 \u2014 CBD", "COP 16 – CBD"),  # em dash → en dash
        ("COP 16\u2015CBD", "COP 16–CBD"),  # horizontal bar → en dash
        ("2025\u20122030", "2025-2030"),  # figure dash → hyphen
        ("\u22123", "-3"),  # minus sign → hyphen
        ("Timor\u2010Leste", "Timor-Leste"),  # Unicode hyphen
        ("Timor\u2011Leste", "Timor-Leste"),  # non-breaking hyphen
    ],
)
def test_fix_unicode_dashes(raw: str, expected: str) -> None:
    assert fix_unicode(raw) == expected


def test_fix_unicode_repeats_until_nothing_changes() -> None:
    # synthetic: straightening "«" makes "€ß\"", which ftfy reads as mojibake; one pass would not be a fixed point
    fixed = fix_unicode("\x80ß«")
    assert fixed == fix_unicode(fixed)
    assert fixed.endswith('"')


def test_fix_unicode_line_endings_and_page_breaks() -> None:
    assert fix_unicode("a\r\nb\rc\vd\u2028e\ff") == "a\nb\nc\nd\ne\ff"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # synthetic: Wingdings bullets, read in a Latin font or left in the private-use area
        ('adopted:\nØ ASEAN Declaration X;\n ü "Y"\n§ Z', 'adopted:\n➢ ASEAN Declaration X;\n ➢ "Y"\n➢ Z'),
        ("\uf0d8 ASEAN Plan\n\uf0fc ASEAN Work Plan", "➢ ASEAN Plan\n➢ ASEAN Work Plan"),
        # not a bullet: inside a line, or before a number or a lower-case word
        ("Ø is a letter\n§ 3 of the Act\nThe Ø ASEAN", "Ø is a letter\n§ 3 of the Act\nThe Ø ASEAN"),
    ],
)
def test_fix_unicode_wingdings_bullets(raw: str, expected: str) -> None:
    assert fix_unicode(raw) == expected


# ---------------------------------------------------------------------------------------------------------------
# separate_glued_ordinals
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # synthetic: an ordinal glued to the next word by a PDF or web extractor (a superscript suffix)
        ("The 8thASEAN Synthetic Ministers Meeting", "The 8th ASEAN Synthetic Ministers Meeting"),
        ("at the 32ndASCC Council Meeting", "at the 32nd ASCC Council Meeting"),
        ("the 3rdConference of the Parties", "the 3rd Conference of the Parties"),
        ("the 1stSenior Officials Meeting and the 11thAMRI", "the 1st Senior Officials Meeting and the 11th AMRI"),
        ("(21stASEAN Summit)", "(21st ASEAN Summit)"),
        ('the "12thMeeting"', 'the "12th Meeting"'),
        ("on the 112thDay", "on the 112th Day"),
    ],
)
def test_separate_glued_ordinals_splits_an_ordinal_from_a_capitalised_word(raw: str, expected: str) -> None:
    assert separate_glued_ordinals(raw) == expected


@pytest.mark.parametrize(
    "kept",
    [
        "the 8th ASEAN Meeting",  # already spaced
        "agreed on the 4thwith effect",  # a lowercase word: not read as glued (no meeting name starts lowercase)
        "the NthASEAN Meeting",  # no digits
        "the 1thASEAN and the 2rdASCC",  # not a spelling of the ordinal (1st, 2nd)
        "the 12ndASEAN and the 13stASCC",  # 11 to 13 take "th"
        "ISBN 978-602-5798-3rdA1 and code A21stBC",  # inside a code: after a hyphen or a letter
        "reference 2.3rdParty",  # after a full stop: a section number, not an ordinal
        "the 2025thAnniversary",  # four digits: a year, not an ordinal
        "the 08thMeeting",  # a leading zero: a code
        "the 5thA of the list",  # a single capital: a code or label, not a word
        "THE 8TH ASEAN MEETING",  # capitals: left as written
    ],
)
def test_separate_glued_ordinals_leaves_other_text(kept: str) -> None:
    assert separate_glued_ordinals(kept) == kept


def test_normalise_text_separates_a_glued_ordinal_in_title_and_body() -> None:
    raw = "Joint Statement of the 9thSynthetic Council\n\n1. The 9thASEAN Synthetic Council met on 1 May 2041.\n"
    assert normalise_text(raw) == (
        "Joint Statement of the 9th Synthetic Council\n\n1. The 9th ASEAN Synthetic Council met on 1 May 2041.\n"
    )


# ---------------------------------------------------------------------------------------------------------------
# remove_page_furniture
# ---------------------------------------------------------------------------------------------------------------

BODY_A = "1. The Meeting welcomed the synthetic report on regional"  # synthetic
BODY_B = "cooperation and looked forward to its adoption."  # synthetic


@pytest.mark.parametrize(
    "furniture",
    ["3", "- 3 -", "– 3 –", "Page 3", "Page 3 of 9", "page 3/9", "3 of 9", "3 | Page", "Page | 3", "  12  "],
)
def test_remove_page_furniture_page_numbers(furniture: str) -> None:
    assert remove_page_furniture(f"{BODY_A}\n{furniture}\n{BODY_B}") == f"{BODY_A}\n{BODY_B}"


@pytest.mark.parametrize("stamp", ["Adopted", "ADOPTED", "Final", "FINAL", "Draft", "(Draft)", "Final Draft"])
def test_remove_page_furniture_stamps(stamp: str) -> None:
    assert remove_page_furniture(f"{stamp}\n{BODY_A}\n{BODY_B}") == f"{BODY_A}\n{BODY_B}"


@pytest.mark.parametrize("initials", ["AB/cd", "KL/MN/op", "Initials: ______", "_____"])
def test_remove_page_furniture_initials(initials: str) -> None:
    assert remove_page_furniture(f"{BODY_A}\n{initials}\n{BODY_B}") == f"{BODY_A}\n{BODY_B}"


@pytest.mark.parametrize(
    "chrome",
    [
        "Download the full statement here",
        "Download the full statement here.",
        "Download the full Chairman's Statement here.",
        "Home > News > Statements and Communiques",
        "Home » Statements",
        "Share this",
        "Share on Facebook",
        "Twitter",
        "Views: 1,234",
        "1234 views",
        "Hits: 567",
        "Skip to content",
        "Back to top",
        "Posted on 26 September 2024",
        "Tags: ASCC, Council",
        "Click here to download the statement",
        "Participants at the synthetic meeting (Photo: example.org)",  # a photo caption with its credit
        "Ministers pose for a group photo in 2099 (Photo by SNA)",
        "The delegates (Photo SNA)",
        "Các bộ trưởng tại hội nghị. (Nguồn: SNA)",  # a Vietnamese page's caption with its source
        "Các đại biểu (Ảnh: SNA)",
        # an old portal's link bar above every statement
        "icon_printer Printable Version icon_emailMail to Friend",
        "Printable Version",
        "<< Previous page",
        "Save as Homepage",
    ],
)
def test_remove_page_furniture_web_chrome(chrome: str) -> None:
    assert remove_page_furniture(f"{chrome}\n{BODY_A}\n{BODY_B}") == f"{BODY_A}\n{BODY_B}"


@pytest.mark.parametrize(
    "kept",
    [
        "3.",  # a paragraph number
        "16th Meeting of the Conference of the Parties",
        "2024",
        "and/or",  # initials are matched case-sensitively
        "Adopted in Vientiane on 26 September 2024.",
        "Final Review of the Work Plan",
        "Share of women in the workforce",
        "Home-based workers were consulted.",
        "The Meeting launched a youth contest (photo and video entries) for 2099.",  # "(photo" inside a sentence
        "The Meeting thanked the host for the exhibition (photographs of the region).",
    ],
)
def test_remove_page_furniture_keeps_text(kept: str) -> None:
    text = f"{BODY_A}\n{kept}\n{BODY_B}"
    assert remove_page_furniture(text) == text


@pytest.mark.parametrize(
    "closing",
    [
        # the heading glued to its paragraph, the heading alone, the heading cut after its first word
        "- ABOUT ASEANThe Association of Southeast Asian Nations, or ASEAN, was established in a synthetic city,",
        "About ASEAN\nThe Association of Southeast Asian Nations is a synthetic organisation.",
        "- ABOUT",
        # a blog's comment form under the release
        "Leave a Reply\n\nFill in your details below or click an icon to log in:\nSynthetic.com Logo",
        "Leave a comment",
        "Your email address will not be published. Required fields are marked *\nComment *",
        # a news page's tag label alone on its line, then its tag values
        "Tags :\nRiver News\nRiver News",
        "Topics:\nFloods",
    ],
)
def test_remove_page_furniture_drops_a_sites_closing_boilerplate_to_the_end(closing: str) -> None:
    # synthetic release, then the note a site puts under every release
    text = f"{BODY_A}\n{BODY_B}\n{closing}\nThe Member States are ten synthetic countries."
    assert remove_page_furniture(text) == f"{BODY_A}\n{BODY_B}"


@pytest.mark.parametrize(
    "text",
    [
        f"About ASEAN\n{BODY_A}\n{BODY_B}",  # a site menu above the statement: the body has not started
        f"{BODY_A}\nAbout ASEAN's synthetic cooperation, the Ministers agreed.\n{BODY_B}",  # statement text
        f"{BODY_A}\nThe Ministers invited the public to leave a reply to the synthetic survey.\n{BODY_B}",
    ],
)
def test_remove_page_furniture_keeps_about_asean_before_the_body_or_in_a_sentence(text: str) -> None:
    assert remove_page_furniture(text) == text


def test_remove_page_furniture_drops_a_sites_menu_of_three_entries_or_more() -> None:
    # synthetic page: the portal's menu above the title, blank lines inside it
    menu = "Home\nAbout ASEAN\nMember Countries\n\nSocial Development\nPress Room\nPress Release\nPublications"
    text = f"{menu}\nSynthetic Joint Communique\n{BODY_A}\n{BODY_B}"
    assert remove_page_furniture(text) == f"\nSynthetic Joint Communique\n{BODY_A}\n{BODY_B}"  # the blank line kept


@pytest.mark.parametrize(
    "text",
    [
        f"PRESS RELEASE\n{BODY_A}\n{BODY_B}",  # a title line that is also a menu entry
        f"Press Room\nPress Release\n{BODY_A}\n{BODY_B}",  # two entries: not yet a menu
        f"{BODY_A}\nSocial Development\n{BODY_B}\nExternal Relations\n2. The Meeting closed.",  # headings
    ],
)
def test_remove_page_furniture_keeps_a_menu_entry_standing_alone(text: str) -> None:
    assert remove_page_furniture(text) == text


def test_remove_page_furniture_running_header_and_footer_across_pages() -> None:
    # synthetic three-page statement; the header repeats at the top of every page, the footer at the bottom
    pages = [
        "Synthetic Joint Statement of the 99th Council\nIssued on 1 January 2099\n\n1. The Meeting met.\n"
        "Synthetic Council 2099 | 1",
        "Synthetic Joint Statement of the 99th Council\n2. The Meeting noted the\nSynthetic Council 2099 | 2",
        "Synthetic Joint Statement of the 99th Council\nsynthetic plan.\nSynthetic Council 2099 | 3",
    ]
    assert remove_page_furniture("\f".join(pages)) == (
        "Synthetic Joint Statement of the 99th Council\nIssued on 1 January 2099\n\n1. The Meeting met.\n"
        "2. The Meeting noted the\nsynthetic plan."
    )


def test_remove_page_furniture_keeps_an_edge_line_seen_on_one_page_only() -> None:
    text = "Synthetic Annex\n1. The Meeting met.\fThe Meeting noted\nthe synthetic plan."
    assert remove_page_furniture(text) == "Synthetic Annex\n1. The Meeting met.\nThe Meeting noted\nthe synthetic plan."


def test_remove_page_furniture_repeated_short_line_without_page_breaks() -> None:
    # synthetic: an extractor lost the page breaks but kept the running header
    header = "SYNTHETIC COUNCIL STATEMENT"
    text = f"{header}\n1. The Meeting met.\n{header}\n2. The Meeting noted it.\n{header}\n3. The Meeting closed."
    assert remove_page_furniture(text) == (
        f"{header}\n1. The Meeting met.\n2. The Meeting noted it.\n3. The Meeting closed."
    )
    assert remove_page_furniture(text, min_repeats=4) == text


def test_remove_page_furniture_collapses_spaces_and_strips_lines() -> None:
    assert remove_page_furniture("  1.  The   Meeting met.  \n\n") == "1. The Meeting met.\n\n"


def test_remove_page_furniture_rejects_min_repeats_below_two() -> None:
    with pytest.raises(ParameterError, match="min_repeats must be 2 or more, got 1"):
        remove_page_furniture("text", min_repeats=1)


def test_load_furniture_patterns_packaged_file_has_every_kind() -> None:
    patterns = load_furniture_patterns()
    assert patterns.page_number and patterns.stamp and patterns.initials and patterns.web_chrome and patterns.closing
    assert load_furniture_patterns() is patterns  # cached


def test_load_furniture_patterns_custom_file(tmp_path: Path) -> None:
    path = tmp_path / "furniture.yaml"
    path.write_text("web_chrome:\n  - 'synthetic chrome'\n", encoding="utf-8")
    patterns = load_furniture_patterns(path)
    assert patterns == FurniturePatterns(
        page_number=(), stamp=(), initials=(), web_chrome=(re.compile("synthetic chrome", re.IGNORECASE),)
    )
    assert remove_page_furniture("Synthetic Chrome\n3\nBody.", patterns=patterns) == "3\nBody."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "- a\n- b\n",
            r"expected a mapping with keys \['page_number', 'stamp', 'initials', 'web_chrome', 'closing', 'menu'\]",
        ),
        ("footer: ['x']\n", r"unknown key\(s\) \['footer'\]; accepted keys are \['page_number'"),
        ("stamp: 'Adopted'\n", r"'stamp' must be a list of regular-expression strings, got 'Adopted'"),
        ("stamp: [1, 2]\n", r"'stamp' must be a list of regular-expression strings, got \[1, 2\]"),
        ("stamp: ['(unclosed']\n", r"'stamp' holds an invalid regular expression '\(unclosed'"),
        ("stamp: [unclosed\n", r"not a valid YAML file"),
    ],
)
def test_load_furniture_patterns_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParameterError, match=message) as caught:
        load_furniture_patterns(path)
    assert str(path) in str(caught.value)


def test_load_furniture_patterns_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(ParameterError, match=r"absent\.yaml: cannot read the furniture file"):
        load_furniture_patterns(path)


# ---------------------------------------------------------------------------------------------------------------
# is_body_start / title_line_count
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2099 JOINT STATEMENT OF THE NINETY-NINTH SYNTHETIC COUNCIL MEETING", False),
        ("Joint Statement of the Ninety-Ninth Meeting of the Synthetic Council", False),
        ("Issued in Vientiane, Lao PDR on 1 January 2099", False),
        ("ENHANCING CONNECTIVITY AND RESILIENCE", False),
        ("(via videoconference)", False),
        ("", False),
        ("1. The Meeting met.", True),
        ("1.", True),
        ("1.The Meeting met.", True),  # a label glued to the capital after it
        ("2. The Meeting met.", False),  # only paragraph 1 opens a body
        ("2.The Meeting met.", False),
        ("RECALLING the synthetic declaration;", True),
        ("FURTHER NOTING that", True),
        ("BEARING IN MIND the", True),
        ("We, the Ministers responsible for synthetic affairs,", True),
        ("We note the synthetic plan.", True),
        ("WE, THE MINISTERS of the synthetic sectors,", True),
        ("The Meeting noted", True),
        ("welcomed progress made across several synthetic sectors", True),  # three prose words
    ],
)
def test_is_body_start(line: str, expected: bool) -> None:
    assert is_body_start(line) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Opening Ceremony", True),
        ("Impact of the Synthetic Economic Slowdown on Labour Markets in the Region", True),  # 12 words
        ("Strengthening Regional Cooperation on Skills, Decent Work and Social Protection for All Workers "
         "in ASEAN", True),  # 15 words
        ("Strengthening Regional Cooperation on Skills, Decent Work and Social Protection for All Workers "
         "in the Region", False),  # 16 words: a line of a paragraph, not a heading
        ("Opening Ceremony.", False),
        ("Opening Ceremony,", False),
        ("opening ceremony", False),
        ("Opening\nCeremony", False),
        ("1. Opening Ceremony", False),
        ("a. Opening Ceremony", False),
        ("• Opening Ceremony", False),
        ("RECALLING the Synthetic Charter", False),
    ],
)  # fmt: skip
def test_is_section_heading(text: str, expected: bool) -> None:
    assert is_section_heading(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Solidarity in Health Emergencies", True),
        ("Opening Ceremony", True),
        ("Cooperation with Dialogue Partners", True),
        ("The Ministers also welcomed the Synthetic Plan", False),  # the meeting as subject: a sentence
        ("Member States were encouraged to share good practices", False),  # prose: a sentence without its stop
        ("Health cooperation was reviewed and welcomed", False),
        ("The Synthetic Plan was adopted.", False),  # a sentence end
        ("Synthetic Work Plan on Health Security:", False),
        ("regional work plan", False),  # lowercase
        ("b. Synthetic Guidelines on Health Security", False),  # a list label
        ("3. The Ministers closed the meeting", False),
        ("RECALLING the Synthetic Charter", False),
    ],
)
def test_is_standalone_heading(text: str, expected: bool) -> None:
    assert is_standalone_heading(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The list of Ministers is attached.", True),
        ('The theme was "One Synthetic Community."', True),
        ("The Meeting was held in 2041!", True),
        ("The Ministers endorsed the following:", False),
        ("the Synthetic Plan; and", False),
        ("The Meeting thanked H.E. Dr.", False),  # an abbreviation
        ("The Meeting noted Resolution No.", False),
        ("Solidarity in Health Emergencies", False),
    ],
)
def test_ends_with_sentence(text: str, expected: bool) -> None:
    assert ends_with_sentence(text) is expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a line naming the document is a title line, whatever prose it holds
        (
            [
                "Synthetic news",
                "",
                "Chairman Press Statement of synthetic leaders' special session on women's empowerment in digital age",
                "",
                "The Synthetic Leaders' Special Session was held on 26 June 2099 via videoconferencing.",
            ],
            4,
        ),
        (["Joint Statement of the ministers responsible for synthetic welfare", "1. The Meeting met."], 1),
        (["Chairman's Statement on the synthetic leaders' special session", "The Leaders met today."], 1),
        # a sentence that opens with the document's kind, or the document as the object, is body
        (["Joint Statement of the ministers was adopted on the synthetic plan.", "1. The Meeting met."], 0),
        (["The Joint Statement of the synthetic ministers was adopted today", "It was welcomed."], 0),
        (["Statement issued by the synthetic ministers today", "It was welcomed."], 0),
    ],
)
def test_title_line_count_keeps_a_line_naming_the_document(lines: list[str], expected: int) -> None:
    assert title_line_count(lines) == expected


def test_title_line_count() -> None:
    assert title_line_count(["TITLE", "Issued on 1 January 2099", "", "1. The Meeting met."]) == 3
    assert title_line_count(["1. The Meeting met."]) == 0
    assert title_line_count(["TITLE", "SUBTITLE"]) == 2


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # synthetic: a headline with prose words right above a dateline is a title line
        (
            [
                "Synthetic ministers move towards a resilient community",
                "",
                "MANADO, SYNTHETICA, 13 MAY 2099 – Ministers met today to review plans",
            ],
            2,
        ),
        (
            [
                "Synthetic ministers move towards a resilient community",
                "Ha Noi, 14 October 2099 - Ministers met today to review plans",
            ],
            1,
        ),
        (["Ministers agree on synthetic plans", "JAKARTA, May 5, 2099 (SNA) – Ministers met today to review plans"], 1),
        # a dateline without a date: a place, a news agency if any, a spaced dash
        (["Ministers agree on synthetic plans", "", "Synthetica City (SNA) – Ministers met to review plans"], 2),
        (["Ministers agree on synthetic plans", "Port Synthetic - Ministers met today to review plans"], 1),
        # a photo caption of any length above a dateline: a sentence, then the people in the picture
        (
            [
                "Synthetic headline 2099",
                "",
                "A synthetic minister speaking during the meeting in Synthetica. Beside him were the permanent "
                "secretary of the synthetic ministry and the senior officers of the synthetic delegation",
                "Port Synthetic - Ministers met today to review plans",
            ],
            3,
        ),
        # a line ending in a photo credit is a caption, whatever follows it
        (
            [
                "Synthetic ministers agree on plans image 1 A synthetic minister speaks at the meeting of the "
                "synthetic ministers on the review of regional plans (Photo: SNA)",
                "",
                "Ministers met to review plans and agreed to work together.",
            ],
            2,
        ),
        # not a headline: no dateline after it, a sentence end, long without a sentence inside it, or long and
        # opening with the meeting as subject
        (["Synthetic ministers move towards a resilient community", "The Ministers met on 13 May 2099."], 0),
        (["Synthetic ministers moved towards a resilient community.", "MANADO, 13 May 2099 – The Ministers"], 0),
        (["Synthetic ministers move towards a resilient community", "Ministers will meet – and review plans"], 0),
        ([" ".join(["synthetic"] * 16), "MANADO, 13 May 2099 – The Ministers met."], 0),
        (
            [
                "Synthetic ministers of the region fully support the plans of the synthetic chair for the regional "
                "community in 2099",
                "",
                "MANADO, 13 May 2099 – The Ministers met today to review plans",
            ],
            0,
        ),
        (
            [
                "The Ministers of the synthetic region met in Synthetica. They reviewed the regional plans and "
                "agreed to strengthen their",
                "MANADO, 13 May 2099 – The Ministers met today to review plans",
            ],
            0,
        ),
    ],
)
def test_title_line_count_keeps_a_headline_above_a_dateline(lines: list[str], expected: int) -> None:
    assert title_line_count(lines) == expected


# ---------------------------------------------------------------------------------------------------------------
# join_broken_lines
# ---------------------------------------------------------------------------------------------------------------


def test_join_broken_lines_keeps_title_lines_and_joins_paragraph_lines() -> None:
    # synthetic, shaped like a PDF extraction: trailing spaces, broken lines, runs of blank lines
    raw = (
        "2099 JOINT STATEMENT OF THE \nNINETY-NINTH SYNTHETIC COUNCIL\nIssued in Vientiane on 1 January 2099\n\n"
        "1. The Meeting welcomed the \n16th Meeting of the Synthetic Parties.\n\n\n\n\n"
        "2. The Meeting noted the \u201cRoadmap for \nSynthetic Futures\u201d in 2099.\n"
    )
    assert join_broken_lines(raw) == (
        "2099 JOINT STATEMENT OF THE\nNINETY-NINTH SYNTHETIC COUNCIL\nIssued in Vientiane on 1 January 2099\n\n"
        "1. The Meeting welcomed the 16th Meeting of the Synthetic Parties.\n\n"
        "2. The Meeting noted the \u201cRoadmap for Synthetic Futures\u201d in 2099.\n"
    )


def test_join_broken_lines_title_blank_lines_collapse_to_one() -> None:
    assert (
        join_broken_lines("TITLE\n\n\n\nSUBTITLE\n\n1. The Meeting met.")
        == "TITLE\n\nSUBTITLE\n\n1. The Meeting met.\n"
    )


def test_join_broken_lines_next_number_starts_a_block_without_blank_line() -> None:
    assert join_broken_lines("1. The Meeting met\nin 2099.\n2. The Meeting closed.") == (
        "1. The Meeting met in 2099.\n\n2. The Meeting closed.\n"
    )


def test_join_broken_lines_label_alone_on_its_line_is_joined_to_its_text() -> None:
    raw = "1.\n\nThe Meeting met.\n2.\nThe Meeting agreed:\n(a)\n\nto cooperate;\n(b) to report."
    assert join_broken_lines(raw) == (
        "1. The Meeting met.\n\n2. The Meeting agreed:\n\n(a) to cooperate;\n\n(b) to report.\n"
    )


def test_join_broken_lines_numbers_out_of_sequence_are_joined() -> None:
    # synthetic: "16." and "2099." at a line start are not paragraph 2
    raw = "1. The Meeting looked forward to item\n16. of the synthetic plan and the year\n2099. It closed.\n2. Next."
    assert join_broken_lines(raw) == (
        "1. The Meeting looked forward to item 16. of the synthetic plan and the year 2099. It closed.\n\n2. Next.\n"
    )


def test_join_broken_lines_a_number_ahead_after_a_sentence_end_starts_a_block() -> None:
    # synthetic: the source lost paragraph 2; "3." after a full stop still opens a block, "9." does not
    raw = "1. The Meeting met\nin 2099.\n3. The Meeting noted the plan.\n9. A stray line.\n4. It closed."
    assert join_broken_lines(raw) == (
        "1. The Meeting met in 2099.\n\n3. The Meeting noted the plan. 9. A stray line.\n\n4. It closed.\n"
    )


def test_join_broken_lines_a_number_ahead_is_joined_after_a_colon_or_before_the_skipped_number() -> None:
    raw = "1. The Meeting agreed on\nthe following:\n3. Synthetic Plan.\n2. The Meeting closed.\n4. Next."
    assert join_broken_lines(raw) == (
        "1. The Meeting agreed on the following: 3. Synthetic Plan.\n\n2. The Meeting closed.\n\n4. Next.\n"
    )


def test_join_broken_lines_numbers_from_1_under_a_section_heading_start_blocks() -> None:
    # synthetic: a section with its own numbering; the heading is a block of its own
    raw = (
        "1. The Meeting met.\n2. It was preceded by a\nsynthetic meeting.\n\nOpening Session\n\n1. Opened.\n2. Closed."
    )
    assert join_broken_lines(raw) == (
        "1. The Meeting met.\n\n2. It was preceded by a synthetic meeting.\n\nOpening Session\n\n1. Opened.\n\n"
        "2. Closed.\n"
    )


def test_join_broken_lines_a_section_heading_on_a_line_of_its_own_starts_a_block() -> None:
    # synthetic: wrapped PDF lines without blank lines; headings before the next paragraph and before a restart
    raw = (
        "1. The Meeting met in\nVientiane.\n2. The list of Ministers\nis attached.\nSolidarity in Health Emergencies\n"
        "3. The Ministers discussed\nthe theme.\nCooperation with Partners\n1. The Ministers met them.\n2. Closed."
    )
    assert join_broken_lines(raw) == (
        "1. The Meeting met in Vientiane.\n\n2. The list of Ministers is attached.\n\n"
        "Solidarity in Health Emergencies\n\n3. The Ministers discussed the theme.\n\nCooperation with Partners\n\n"
        "1. The Ministers met them.\n\n2. Closed.\n"
    )


@pytest.mark.parametrize(
    "raw",
    [
        # a line break inside a sentence: the capitalised line continues it
        "1. It met.\n2. The Ministers welcomed the\nSynthetic Declaration on Health\nand its plan.\n3. Closed.",
        # after a colon or a semicolon: the document or item introduced
        "1. It met.\n2. The Ministers endorsed the following:\nSynthetic Work Plan on Health\n3. Closed.",
        "1. It met.\n2. The Ministers adopted the Plan; and\nSynthetic Work Plan on Health\n3. Closed.",
        # a sentence that starts a new line (the meeting as subject, or prose), or a list item
        "1. It met.\n2. The Ministers noted it.\nThe Ministers also welcomed the Plan\n3. Closed.",
        "1. It met.\n2. The Ministers noted it.\nMember States were encouraged to share good practices\n3. Closed.",
        "1. It met.\n2. The Ministers noted it.\nb. Synthetic Work Plan on Health\n3. Closed.",
        # the next line opens no paragraph: not the next number, a lone "1." with no "2." after it, or prose
        "1. It met.\n2. The Ministers noted it.\nSynthetic Annex\n5. List of delegates.\n3. Closed.",
        "1. It met.\n2. The Ministers noted it.\nSynthetic Annex\n1. List of delegates.",
        "1. It met.\n2. The Ministers noted it.\nSynthetic Annex\nList of delegates.\n3. Closed.",
    ],
)
def test_join_broken_lines_a_heading_like_line_inside_a_paragraph_is_joined(raw: str) -> None:
    blocks = join_broken_lines(raw).removesuffix("\n").split("\n\n")
    assert [block[:3] for block in blocks] == ["1. ", "2. ", "3. "][: len(blocks)]
    assert len(blocks) == raw.count("\n3. ") + 2


@pytest.mark.parametrize(
    "raw",
    [
        "1. The Meeting met.\n\nSynthetic Annex\n\n1. List of delegates.\n3. Another list.",  # no "2." after
        "1. It met.\n\n2. It noted the following:\n1. Synthetic Plan\n2. Synthetic Report",  # a list after a colon
    ],
)
def test_join_broken_lines_numbers_from_1_without_a_section_heading_are_joined(raw: str) -> None:
    assert join_broken_lines(raw).count("\n\n") == raw.count("\n\n")


def test_join_broken_lines_the_next_number_inside_a_line_after_a_sentence_end_starts_a_block() -> None:
    # synthetic: a page flattened to one line
    raw = "1. The Meeting met in Vientiane, Lao PDR. 2. The Ministers noted\nthe plan. 3. They closed. 5. Not next."
    assert join_broken_lines(raw) == (
        "1. The Meeting met in Vientiane, Lao PDR.\n\n2. The Ministers noted the plan.\n\n"
        "3. They closed. 5. Not next.\n"
    )


def test_join_broken_lines_inline_roman_item_after_and_is_joined() -> None:
    raw = "1. The Meeting noted areas: (i) Synthetic Economies, (ii) Synthetic Futures, and \n(iii) Culture."
    assert join_broken_lines(raw) == (
        "1. The Meeting noted areas: (i) Synthetic Economies, (ii) Synthetic Futures, and (iii) Culture.\n"
    )


def test_join_broken_lines_list_items_after_semicolon_or_colon_start_blocks() -> None:
    raw = (
        "1. The Meeting agreed to:\na. strengthen synthetic\ncooperation;\nb) review the plan; and\n"
        "(c) report in 2099.\n(i) first synthetic point;\nii. second point."
    )
    assert join_broken_lines(raw) == (
        "1. The Meeting agreed to:\n\na. strengthen synthetic cooperation;\n\nb) review the plan; and\n\n"
        "(c) report in 2099. (i) first synthetic point;\n\nii. second point.\n"
    )


def test_join_broken_lines_bullets_after_colon_start_blocks() -> None:
    assert join_broken_lines("1. The Meeting noted:\n• a synthetic plan;\n• a synthetic report.") == (
        "1. The Meeting noted:\n\n• a synthetic plan;\n\n• a synthetic report.\n"
    )


def test_join_broken_lines_all_caps_preamble_verbs_start_blocks() -> None:
    raw = (
        "SYNTHETIC DECLARATION\nWe, the Ministers, met\nin 2099;\nRECALLING the synthetic charter;\n"
        "FURTHER NOTING that the plan\nworks;\nHEREBY agree:\n1. To cooperate."
    )
    assert join_broken_lines(raw) == (
        "SYNTHETIC DECLARATION\n\nWe, the Ministers, met in 2099;\n\nRECALLING the synthetic charter;\n\n"
        "FURTHER NOTING that the plan works;\n\nHEREBY agree:\n\n1. To cooperate.\n"
    )


def test_join_broken_lines_capitals_after_a_preamble_clause_open_a_clause() -> None:
    # synthetic: clauses opened by words outside any verb list, wrapped like a PDF's lines
    raw = (
        "SYNTHETIC DECLARATION\nWE, the Ministers of Synthetica,\nmeeting in 2099;\nRECALLING that the plan\n"
        "of 2098 works;\nSUPPORTIVE of the need to\nreview it;\nFULLY AWARE that the plan\nneeds funds,\n"
        "HEREBY agree:\n1. To cooperate."
    )
    assert join_broken_lines(raw) == (
        "SYNTHETIC DECLARATION\n\nWE, the Ministers of Synthetica, meeting in 2099;\n\n"
        "RECALLING that the plan of 2098 works;\n\nSUPPORTIVE of the need to review it;\n\n"
        "FULLY AWARE that the plan needs funds,\n\nHEREBY agree:\n\n1. To cooperate.\n"
    )


def test_join_broken_lines_capitals_in_running_text_keep_joining() -> None:
    # synthetic: an acronym after a clause ending in ";" outside a preamble, and one mid-clause, are joined
    raw = (
        "1. The Meeting noted the synthetic plan;\nASEAN will review it and the\nWHO noted it.\n"
        "2. We agree to act,\nUNICEF will help."
    )
    assert join_broken_lines(raw) == (
        "1. The Meeting noted the synthetic plan; ASEAN will review it and the WHO noted it.\n\n"
        "2. We agree to act, UNICEF will help.\n"
    )


@pytest.mark.parametrize(
    ("line", "previous", "expected"),
    [
        ("RECALLING the plan;", "", True),
        ("SUPPORTIVE of the plan;", "RECALLING the charter;", True),
        ("FULLY AWARE that it works;", "WE, the Ministers,", True),
        ("DEEPLY CONCERNED by it,", "We the Leaders of Synthetica,", True),
        ("SUPPORTIVE of the plan;", "RECALLING the charter.", False),  # the clause before ended a sentence
        ("ASEAN will act;", "We agree to act;", False),  # "We agree": not a preamble opener
        ("ASEAN will act;", "The Meeting noted it;", False),
        ("ENHANCING CONNECTIVITY", "RECALLING the charter;", False),  # capitals then no lowercase: a title line
    ],
)
def test_opens_preamble_clause(line: str, previous: str, expected: bool) -> None:
    assert opens_preamble_clause(line, previous=previous) is expected


def test_join_broken_lines_blank_line_splits_only_after_a_sentence_end() -> None:
    raw = (
        "We, the Ministers, met in 2099.\n\nWe agreed on the synthetic plan to\n\n\nstrengthen cooperation.\n\n"
        "We closed."
    )
    assert join_broken_lines(raw) == (
        "We, the Ministers, met in 2099.\n\nWe agreed on the synthetic plan to strengthen cooperation.\n\nWe closed.\n"
    )


BLANK_SEPARATED_PARAGRAPHS = (  # synthetic news page: one line per paragraph, a blank line between paragraphs
    "Synthetica City (SNA) – Ministers in charge of synthetic welfare agreed to work together.\n\n"
    "The consensus was reached at the meeting held via video conference on June 10.\n\n"
    "Attending the event were ministers from all synthetic member states.\n\n"
    "The meeting was an initiative of the Chair of the Synthetic Community 2099\n\n"
    "It was organised while the synthetic crisis was developing.\n\n"
    "The meeting acknowledged the opinions of the ministers.\n"
)


def test_join_broken_lines_a_page_of_one_line_paragraphs_between_blank_lines_splits_a_paragraph_without_stop() -> None:
    assert join_broken_lines(BLANK_SEPARATED_PARAGRAPHS) == BLANK_SEPARATED_PARAGRAPHS


@pytest.mark.parametrize(
    "end",
    [
        "the Chair of the Synthetic Community 2099 and of the",  # an article
        "the Chair of the Synthetic Community 2099, in",  # a preposition
        "the Chair of the Synthetic Community 2099,",  # a comma
    ],
)
def test_join_broken_lines_a_page_of_one_line_paragraphs_still_joins_a_line_that_runs_on(end: str) -> None:
    raw = BLANK_SEPARATED_PARAGRAPHS.replace("the Chair of the Synthetic Community 2099", end)
    assert f"{end} It was organised" in join_broken_lines(raw)


def test_join_broken_lines_wrapped_text_with_stray_blank_lines_keeps_joining() -> None:
    # a PDF's wrapped lines (single line breaks), a stray blank line inside a sentence before a capital
    raw = (
        "1. The Meeting noted the progress of the synthetic plan and\nwelcomed the work of the\n"
        "Synthetic Council in 2099\n\nThe Meeting also noted the report.\n\n"
        "2. The Meeting looked forward to the adoption of the\nSynthetic Declaration.\n\n"
        "3. The Meeting thanked the host.\n\n4. The Meeting closed.\n"
    )
    assert join_broken_lines(raw).split("\n\n")[0] == (
        "1. The Meeting noted the progress of the synthetic plan and welcomed the work of the Synthetic Council in "
        "2099 The Meeting also noted the report."
    )


def test_join_broken_lines_reads_labels_glued_to_the_next_word() -> None:
    # synthetic: an older statement typed "1.The" without a space; "2.5" is a decimal, "9.The" out of sequence
    raw = "1.The Meeting met in 2099.\n2.The Meeting noted a rise of\n2.5 per cent.\n9.The figure was\nrevised.\n3.End."
    assert join_broken_lines(raw) == (
        "1.The Meeting met in 2099.\n\n2.The Meeting noted a rise of 2.5 per cent. 9.The figure was revised.\n\n"
        "3.End.\n"
    )


ONE_LINE_PARAGRAPHS = (  # synthetic news page: one line per paragraph, single line breaks, lines under 200 characters
    "SYNTHETIC NEWS\n\n"
    "VIENTIANE – The 50th Synthetic Ministers Meeting was held via video conference yesterday.\n"
    "The Minister of Synthetic Affairs attended the meeting.\n"
    '"We will work together," the Chair said.\n'
    "2099 was named the Synthetic Year of Culture.\n"
    "The Meeting endorsed the following:\n"
    "a. Synthetic Work Plan 2099-2103;\n"
    "b. Synthetic Guidelines on Culture.\n"
    "The meeting was chaired by H.E. Dr.\n"
    "Synthetic Name of the host country.\n"
    "The Ministers thanked the host.\n"
    "The next meeting will be held in 2100.\n"
)


def test_join_broken_lines_a_page_giving_each_paragraph_as_one_line_breaks_at_every_sentence() -> None:
    # (almost) every line ends a sentence and the next opens one: each line is a block, whatever its length; not
    # after an abbreviation ("H.E. Dr.")
    assert join_broken_lines(ONE_LINE_PARAGRAPHS) == (
        "SYNTHETIC NEWS\n\n"
        "VIENTIANE – The 50th Synthetic Ministers Meeting was held via video conference yesterday.\n\n"
        "The Minister of Synthetic Affairs attended the meeting.\n\n"
        '"We will work together," the Chair said.\n\n'
        "2099 was named the Synthetic Year of Culture.\n\n"
        "The Meeting endorsed the following:\n\n"
        "a. Synthetic Work Plan 2099-2103;\n\n"
        "b. Synthetic Guidelines on Culture.\n\n"
        "The meeting was chaired by H.E. Dr. Synthetic Name of the host country.\n\n"
        "The Ministers thanked the host.\n\n"
        "The next meeting will be held in 2100.\n"
    )
    # one line break in ten may run on (here after "Dr."); two make it wrapped text
    wrapped = ONE_LINE_PARAGRAPHS.replace("thanked the host.", "thanked the\nhost.")
    assert "yesterday. The Minister of Synthetic Affairs attended" in join_broken_lines(wrapped)


def test_join_broken_lines_a_caption_above_the_lead_does_not_make_one_line_paragraphs_wrapped_text() -> None:
    # synthetic news page: a photo caption with no full stop right above the dateline, then one line per paragraph
    # (quotations and short lines included); the caption's run-on break is the title rules' to judge
    raw = (
        "Synthetic Province Backs Regional Goals\n\n"
        "The Synthetic Minister of Tourism, Creative Industry and Performing Arts delivers his speech at the gala "
        "dinner held in conjunction with the synthetic council meeting in the synthetic city -- Synthetic Agency "
        "(C) SYNTHETIC AGENCY 2099 ALL RIGHTS RESERVED\n"
        "SYNTHETIC CITY, April 24 (Synthetic Agency) -- The province reinforces its commitment to regional values.\n"
        "Its Minister for Synthetic Affairs said the province has positioned itself as a committed partner.\n"
        "'We are on the same wavelength as the region,' he said.\n"
        "'We must continue to move forward hand in hand,' he added.\n"
        "The Minister said this in his speech at the gala dinner, here, tonight.\n"
        "He emphasised that the approach is rooted in synthetic green initiatives.\n"
    )
    blocks = normalise_text(raw).rstrip("\n").split("\n\n")
    assert [block[:20] for block in blocks[-5:]] == [
        "Its Minister for Syn",
        "'We are on the same ",
        "'We must continue to",
        "The Minister said th",
        "He emphasised that t",
    ]
    # wrapped text (a PDF's) with the same first line is still joined
    wrapped = raw.replace("as a committed partner.\n", "as a\ncommitted partner.\n").replace(
        "he said.\n", "he\nsaid.\n"
    )
    assert "regional values. Its Minister" in normalise_text(wrapped)


def test_join_broken_lines_a_line_opening_with_a_quote_after_a_long_line_opens_a_block() -> None:
    # synthetic news page: a headline above the dateline, long one-line paragraphs, quotations opening lines
    long_sentence = "The Synthetic Ministers met in Manado to solidify efforts towards a resilient community " * 3
    raw = (
        "Synthetic ministers move towards a resilient community\n"
        f"MANADO, SYNTHETICA, 13 MAY 2099 – {long_sentence.strip()}.\n"
        f'"One Synthetic Response is like the mangrove we planted," said the Chair. {long_sentence.strip()}.\n'
        "\u201cThe advent of the response lays a foundation,\u201d said the Deputy Secretary-General.\n"
    )
    blocks = normalise_text(raw).removesuffix("\n").split("\n\n")
    assert [block[:22] for block in blocks] == [
        "Synthetic ministers mo",
        "MANADO, SYNTHETICA, 13",
        '"One Synthetic Respons',
        '"The advent of the res',
    ]


def test_join_broken_lines_wrapped_lines_opening_with_a_quote_keep_joining() -> None:
    # synthetic PDF-like text: short wrapped lines, one opening with a quotation mark, are one paragraph
    raw = (
        "1. The Ministers welcomed the plan, known as the\n"
        '"Synthetic Response Plan", and its annex.\n'
        '"The plan works," said the Chair, and the Ministers\n'
        "agreed to review it in 2099.\n"
    )
    assert join_broken_lines(raw) == (
        '1. The Ministers welcomed the plan, known as the "Synthetic Response Plan", and its annex. "The plan works," '
        "said the Chair, and the Ministers agreed to review it in 2099.\n"
    )


def test_join_broken_lines_a_sentence_after_a_list_of_links_opens_a_block() -> None:
    # synthetic release: a list of links, then the closing paragraph; a wrapped link item keeps its address
    raw = (
        "The Ministers met in 2099 to review the synthetic plan. The statements are available here:\n"
        "- 1st SMM: https://example.org/statement-of-the-first-meeting/\n"
        "- 2nd SMM: https://example.org/statement-of-the-\n"
        "second-meeting/\n"
        "- 3rd SMM: https://example.org/\n"
        "Report.pdf\n"
        "The Ministry of Synthetic Affairs organised the meetings.\n"
    )
    assert join_broken_lines(raw) == (
        "The Ministers met in 2099 to review the synthetic plan. The statements are available here:\n\n"
        "- 1st SMM: https://example.org/statement-of-the-first-meeting/ "
        "- 2nd SMM: https://example.org/statement-of-the- second-meeting/ "
        "- 3rd SMM: https://example.org/ Report.pdf\n\n"
        "The Ministry of Synthetic Affairs organised the meetings.\n"
    )


def test_join_broken_lines_a_list_item_with_an_address_inside_keeps_joining() -> None:
    # synthetic PDF-like list: the address is inside the item, the wrapped line continues it
    raw = "1. The Ministers noted:\n- the plan at https://example.org/ and the\nAnnex of 2099.\n2. The Meeting closed."
    assert join_broken_lines(raw) == (
        "1. The Ministers noted:\n\n- the plan at https://example.org/ and the Annex of 2099.\n\n"
        "2. The Meeting closed.\n"
    )


def test_join_broken_lines_one_line_paragraphs_keep_a_bullet_with_its_item_and_split_at_the_next_label() -> None:
    raw = (
        "1. The Meeting noted the synthetic deliverables as follows:\n"
        "i) Establish a synthetic platform, led by Lao PDR.\n"
        "- The platform supports skills.\n"
        "ii) Develop a synthetic strategy, led by Thailand.\n"
        "- The strategy promotes research.\n"
        "2. The Meeting closed.\n"
    )
    assert join_broken_lines(raw) == (
        "1. The Meeting noted the synthetic deliverables as follows:\n\n"
        "i) Establish a synthetic platform, led by Lao PDR. - The platform supports skills.\n\n"
        "ii) Develop a synthetic strategy, led by Thailand. - The strategy promotes research.\n\n"
        "2. The Meeting closed.\n"
    )


@pytest.mark.parametrize(
    "raw",
    [
        # wrapped text (a PDF's): most lines break inside a sentence; the few that end one stay joined too
        "We, the Ministers of the synthetic sectors, met in\nVientiane on 1 May 2099. We noted the plan.\n"
        "The Ministers welcomed the\nsynthetic report and its annex.\nThey thanked the host for the\n"
        "arrangements made. They agreed to meet\nagain in 2100.\n",
        # two line breaks between sentences are too few to tell
        "We, the Ministers, met in 2099.\nWe noted the synthetic plan.\nWe closed the meeting.\n",
    ],
)
def test_join_broken_lines_wrapped_text_keeps_being_joined(raw: str) -> None:
    assert join_broken_lines(raw).count("\n\n") == 0


def test_join_broken_lines_reads_form_feeds_as_line_breaks() -> None:
    assert join_broken_lines("1. The Meeting met in the\f16th week.") == "1. The Meeting met in the 16th week.\n"


def test_join_broken_lines_empty_text() -> None:
    assert join_broken_lines("") == ""
    assert join_broken_lines(" \n\n\t\n") == ""


# ---------------------------------------------------------------------------------------------------------------
# repair_hyphenation
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a cohesive and survivor- centered response", "a cohesive and survivor-centered response"),
        ("sustainable develop-\nment goals", "sustainable development goals"),
        ("sustainable develop- ment goals", "sustainable development goals"),
        ("sustainable develop-  \n  ment goals", "sustainable development goals"),
        ("Timor-\nLeste", "Timor-Leste"),
        ("the ASCC Post- 2025 agenda", "the ASCC Post-2025 agenda"),
        ("a multi- sectoral approach", "a multi-sectoral approach"),
        ("a multi-sectoral approach", "a multi-sectoral approach"),
        ("the end-term review", "the end-term review"),
        ("short- and long-term plans", "short- and long-term plans"),  # suspended hyphen
        ("pre- or post-2025 plans", "pre- or post-2025 plans"),
        ("2025 - 2030", "2025 - 2030"),  # spaced dash
        ("COP 16 – CBD", "COP 16 – CBD"),
        ("one-\n\ntwo", "one-\n\ntwo"),  # a blank line is a block boundary, not a line break
        ("the capa- city of the capacity", "the capacity of the capacity"),  # joined word spelt elsewhere
        ("people's well- being and well-being", "people's well-being and well-being"),  # hyphenated spelt elsewhere
        ("non- state- actors", "non-state-actors"),
        ("a well-\n2. The Meeting", "a well-\n2. The Meeting"),  # the next line opens a paragraph
        ("a well-\n(b) to report", "a well-\n(b) to report"),  # the next line opens a list item
    ],
)
def test_repair_hyphenation(raw: str, expected: str) -> None:
    assert repair_hyphenation(raw) == expected


# ---------------------------------------------------------------------------------------------------------------
# normalise_text
# ---------------------------------------------------------------------------------------------------------------

SYNTHETIC_RAW = (
    "Home > News > Statements\n"
    "2099 JOINT STATEMENT OF THE NINETY-NINTH \r\n"
    "SYNTHETIC COMMUNITY COUNCIL MEETING\n"
    "Issued in Vientiane, Lao PDR on 1 January 2099\n"
    "\n"
    "1. The Meeting commended the Chair for its theme \u201cSynthetic: Enhancing Connectivity,\u201d and \n"
    "the Council\u2019s work on \ufb01nance.\n"
    "\n"
    "2. The Meeting looked forward to the notation of the Synthetic Guideline for a survivor- \n"
    "centered response and the develop-\n"
    "ment of the plan \u2014 in 2099.\n"
    "\f"
    "- 2 -\n"
    "Adopted\n"
    "\n"
    "\n"
    "3. The Meeting noted the areas: (i) Synthetic Economies, and \n"
    "(ii) Synthetic Futures.\n"
    "Download the full statement here\n"
)


def test_normalise_text_end_to_end_on_a_synthetic_statement() -> None:
    assert normalise_text(SYNTHETIC_RAW) == (
        "2099 JOINT STATEMENT OF THE NINETY-NINTH\n"
        "SYNTHETIC COMMUNITY COUNCIL MEETING\n"
        "Issued in Vientiane, Lao PDR on 1 January 2099\n"
        "\n"
        '1. The Meeting commended the Chair for its theme "Synthetic: Enhancing Connectivity," and '
        "the Council's work on finance.\n"
        "\n"
        "2. The Meeting looked forward to the notation of the Synthetic Guideline for a survivor-centered "
        "response and the development of the plan – in 2099.\n"
        "\n"
        "3. The Meeting noted the areas: (i) Synthetic Economies, and (ii) Synthetic Futures.\n"
    )


def test_normalise_text_empty() -> None:
    assert normalise_text("") == ""
    assert normalise_text("\n\f  \n3\n") == ""


WORDS = [
    "the",
    "Meeting",
    "noted",
    "synthetic",
    "plan",
    "ASEAN",
    "and",
    "of",
    "develop-",
    "ment",
    "2099",
    "(i)",
    "(ii)",
]
PUNCT = ["", "", "", ",", ".", ";", ":"]
NOISE = ["\u201c", "\u201d", "\u2019", "\u2014", "\u00a0", " ", "  ", "\t"]


@st.composite
def raw_statements(draw: st.DrawFn) -> str:
    """Synthetic statement-like raw text: title, numbered paragraphs broken at random, blank lines, furniture."""
    lines = [draw(st.sampled_from(["2099 JOINT STATEMENT", "SYNTHETIC COUNCIL", "Issued on 1 January 2099", ""]))]
    n_paragraphs = draw(st.integers(min_value=0, max_value=5))
    for number in range(1, n_paragraphs + 1):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
        tokens = [f"{number}."] + [word + draw(st.sampled_from(PUNCT)) for word in words]
        line: list[str] = []
        for token in tokens:
            line.append(token + draw(st.sampled_from(NOISE)))
            if draw(st.integers(min_value=0, max_value=5)) == 0:
                lines.append("".join(line))
                line = []
                if draw(st.booleans()):
                    lines.extend([""] * draw(st.integers(min_value=1, max_value=3)))
        lines.append("".join(line))
        lines.extend(draw(st.lists(st.sampled_from(["", "", "\f", "- 3 -", "Adopted", "Page 2 of 5"]), max_size=3)))
    return "\n".join(lines)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(raw_statements())
def test_normalise_text_is_idempotent_and_follows_the_output_convention(raw: str) -> None:
    text = normalise_text(raw)
    assert normalise_text(text) == text
    if text:
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert "\n\n\n" not in text
        assert "  " not in text
        assert not re.search(r"[ \t]\n|\n[ \t]", text)
        assert not re.search("[\u201c\u201d\u2018\u2019\u2014\u00a0\t\f]", text)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.text(alphabet=st.sampled_from(list("aZ1.;:- ()\n\f\u201c\u2019\u2014\u00a0\u00ad")), max_size=80)
    | st.text(max_size=80)
)
def test_normalise_text_is_idempotent_on_arbitrary_text(raw: str) -> None:
    text = normalise_text(raw)
    assert normalise_text(text) == text


# ---------------------------------------------------------------------------------------------------------------
# The seed statement (real text read from ../shared/corpus; assertions on short spans only)
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.shared_corpus
def test_normalise_text_seed_statement(seed_statement_text: str) -> None:
    text = normalise_text(seed_statement_text)
    blocks = text.removesuffix("\n").split("\n\n")
    assert len(blocks) == 19  # the title block and 18 paragraphs
    assert blocks[0].split("\n")[-1] == "Issued in Vientiane, Lao PDR on 26 September 2024"
    assert [block.split(".")[0] for block in blocks[1:]] == [str(number) for number in range(1, 19)]
    assert all("\n" not in block for block in blocks[1:])
    assert "(iii) Transforming for the Digital Future, and (iv) Culture and Arts" in text
    assert "to the 16th Meeting of the Conference" in text
    assert '"Roadmap for Timor-Leste\'s Full Membership in ASEAN"' in text
    assert "survivor-centered response" in text
    assert "Diversity – CBD COP 16" in text
    assert not re.search("[\u201c\u201d\u2018\u2019]", text)
    assert normalise_text(text) == text
