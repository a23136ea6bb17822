"""Tests of statement metadata extraction: dates, meeting numbers, venue, chair, body and missing fields.

Every statement text in this file is SYNTHETIC (written for the tests, modelled on the shape of real openings)
except the end-to-end test, which reads the real seed statement through the ``seed_statement_text`` fixture.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from ascc_analysis.ingest.metadata import (
    COUNTRY_VARIANTS,
    DateSpan,
    Meeting,
    Metadata,
    canonical_country,
    extract_metadata,
    format_meeting_name,
    load_metadata_rules,
    ordinal,
    parse_date,
    parse_meeting_number,
    parse_ordinal_words,
)
from ascc_analysis.registry import Registry, load_registry
from ascc_analysis.rules import RulesError, resource_path

D = dt.date


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


# ------------------------------------------------------------------------------------------ parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26 September 2024", DateSpan(D(2024, 9, 26), D(2024, 9, 26), "day")),
        ("August 31, 2016", DateSpan(D(2016, 8, 31), D(2016, 8, 31), "day")),
        ("21 MARCH 2018", DateSpan(D(2018, 3, 21), D(2018, 3, 21), "day")),
        ("25-26 March 2024", DateSpan(D(2024, 3, 25), D(2024, 3, 26), "day")),
        ("25 – 26 March 2024", DateSpan(D(2024, 3, 25), D(2024, 3, 26), "day")),
        ("30 April - 1 May 2025", DateSpan(D(2025, 4, 30), D(2025, 5, 1), "day")),
        ("30 December 2024 - 2 January 2025", DateSpan(D(2024, 12, 30), D(2025, 1, 2), "day")),
        ("30 December - 2 January 2025", DateSpan(D(2024, 12, 30), D(2025, 1, 2), "day")),
        ("31st March 2021", DateSpan(D(2021, 3, 31), D(2021, 3, 31), "day")),
        ("2024-09-26", DateSpan(D(2024, 9, 26), D(2024, 9, 26), "day")),
        ("on 26th of September 2024", DateSpan(D(2024, 9, 26), D(2024, 9, 26), "day")),
        ("June 2016", DateSpan(D(2016, 6, 1), D(2016, 6, 30), "month")),
        ("in February 2024", DateSpan(D(2024, 2, 1), D(2024, 2, 29), "month")),
        ("August 30-31, 2016", DateSpan(D(2016, 8, 30), D(2016, 8, 31), "day")),
        ("April 30 - May 1, 2025", DateSpan(D(2025, 4, 30), D(2025, 5, 1), "day")),
        ("Sept. 26, 2024", DateSpan(D(2024, 9, 26), D(2024, 9, 26), "day")),
        ("8 Oct 2019", DateSpan(D(2019, 10, 8), D(2019, 10, 8), "day")),
        ("19 TH September 2013", DateSpan(D(2013, 9, 19), D(2013, 9, 19), "day")),
        ("held on 26\nSeptember\n2024 in", DateSpan(D(2024, 9, 26), D(2024, 9, 26), "day")),
    ],
)
def test_parse_date_formats(text: str, expected: DateSpan) -> None:
    assert parse_date(text) == expected


def test_parse_date_takes_the_first_date_in_reading_order() -> None:
    text = "met on 26 September 2024, after the working group of 23-24 September 2024 and June 2016"
    assert parse_date(text) == DateSpan(D(2024, 9, 26), D(2024, 9, 26), "day")
    assert parse_date("in June 2016, then on 26 September 2024") == DateSpan(D(2016, 6, 1), D(2016, 6, 30), "month")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no date here",
        "the ASCC Blueprint 2025",  # a bare year is not a date
        "31 June 2020",  # impossible day, and its month is not read on its own
        "2024-13-01",
        "26/09/2024",  # numeric day/month dates are ambiguous and not read
        "ASEAN may 20",
    ],
)
def test_parse_date_none(text: str) -> None:
    assert parse_date(text) is None


# ------------------------------------------------------------------------------------------ meeting numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("32nd", 32),
        ("32ND", 32),
        ("THIRTY-SECOND", 32),
        ("Nineteenth (19th)", 19),
        ("19 TH", 19),
        ("8thASEAN Ministerial Meeting", 8),
        ("the 1st Meeting", 1),
        ("23rd ASCC Council", 23),
        ("Twenty first", 21),
        ("Tenth", 10),
        ("2024 JOINT STATEMENT OF THE 32ND ASCC MEETING", 32),
        ("held on 31st March 2021 at the 25th Meeting", 25),  # the day of a date is not a meeting number
        ("the 26th of September 2024", None),
        ("March 31st, 2021", None),
        ("no number", None),
        ("2024", None),
    ],
)
def test_parse_meeting_number(text: str, expected: int | None) -> None:
    assert parse_meeting_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("first", 1),
        ("ninth", 9),
        ("twelfth", 12),
        ("nineteenth", 19),
        ("twentieth", 20),
        ("thirty-second", 32),
        ("twenty first", 21),
        ("Twenty-Third", 23),
        ("THIRTY-SECOND", 32),
        ("forty–fifth", 45),
        ("ninety-ninth", 99),
        ("the Thirty-Fourth Meeting", 34),
        ("32nd", None),
        ("firstly", None),
        ("", None),
    ],
)
def test_parse_ordinal_words(text: str, expected: int | None) -> None:
    assert parse_ordinal_words(text) == expected


def test_parse_ordinal_words_covers_one_to_ninety_nine() -> None:
    units = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
    teens = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth"]  # fmt: skip
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    tenths = ["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"]
    words = {n: units[n] for n in range(1, 10)} | {10 + i: word for i, word in enumerate(teens)}
    for i, ten in enumerate(tens):
        words[20 + 10 * i] = tenths[i]
        words.update({20 + 10 * i + n: f"{ten}-{units[n]}" for n in range(1, 10)})
    assert sorted(words) == list(range(1, 100))
    assert {n: parse_ordinal_words(word) for n, word in words.items()} == {n: n for n in words}


# ------------------------------------------------------------------------------------------ helpers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Laos", "Lao PDR"),
        ("the Lao PDR", "Lao PDR"),
        ("Lao People’s Democratic Republic", "Lao PDR"),
        ("LAO PDR", "Lao PDR"),
        ("Vietnam", "Viet Nam"),
        ("VIET NAM", "Viet Nam"),
        ("Brunei", "Brunei Darussalam"),
        ("the Philippines", "Philippines"),
        ("Timor Leste", "Timor-Leste"),
        ("Japan", None),
    ],
)
def test_canonical_country(text: str, expected: str | None) -> None:
    assert canonical_country(text) == expected


def test_country_list_is_the_ten_member_states_and_timor_leste() -> None:
    assert sorted(COUNTRY_VARIANTS) == [
        "Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR", "Malaysia", "Myanmar", "Philippines", "Singapore",
        "Thailand", "Timor-Leste", "Viet Nam",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("number", "expected"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
                             (13, "13th"), (21, "21st"), (32, "32nd"), (103, "103rd"), (111, "111th")]
)  # fmt: skip
def test_ordinal(number: int, expected: str) -> None:
    assert ordinal(number) == expected


def test_format_meeting_name(registry: Registry) -> None:
    assert format_meeting_name("ASCC", 32, registry=registry) == "32nd ASEAN Socio-Cultural Community Council Meeting"
    assert format_meeting_name("ASCC", None, registry=registry) == "ASEAN Socio-Cultural Community Council Meeting"
    assert format_meeting_name("ALMM", 28, registry=registry) == "28th ASEAN Labour Ministers Meeting"
    assert format_meeting_name("ACCSM", 21, registry=registry) == "21st ASEAN Conference on Civil Service Matters"
    assert format_meeting_name(None, 3, registry=registry) is None


def test_format_meeting_name_unknown_body_is_none(registry: Registry, caplog: pytest.LogCaptureFixture) -> None:
    assert format_meeting_name("NOPE", 1, registry=registry) is None
    assert "NOPE" in caplog.text


def test_missing_lists_empty_fields_in_order() -> None:
    assert Metadata().missing == (
        "meeting_body_id", "meeting_name", "meeting_no", "date", "date_end", "date_precision", "year",
        "venue_city", "venue_country", "chair", "is_video_conference", "is_plus_three", "document_kind",
        "completeness",
    )  # fmt: skip
    assert Metadata(meeting_no=3, is_video_conference=False, chair="Malaysia").missing == (
        "meeting_body_id", "meeting_name", "date", "date_end", "date_precision", "year", "venue_city",
        "venue_country", "is_plus_three", "document_kind", "completeness",
    )  # fmt: skip


# ------------------------------------------------------------------------------------------ extract_metadata
# All statement texts below are SYNTHETIC.


def test_third_person_opening(registry: Registry) -> None:
    title = "JOINT STATEMENT OF THE TWENTY-NINTH\nASEAN SOCIO-CULTURAL COMMUNITY COUNCIL MEETING"
    body = (
        "1. The 29th ASCC Council Meeting was held on 8 May 2023 in Nusa Dua, Bali, Indonesia, under the "
        "ASEAN Chairmanship of Indonesia.\n\n2. The Meeting exchanged views on synthetic matters."
    )
    assert extract_metadata(title, body, registry=registry) == Metadata(
        meeting_body_id="ASCC",
        meeting_name="29th ASEAN Socio-Cultural Community Council Meeting",
        meeting_no=29,
        date=D(2023, 5, 8),
        date_end=D(2023, 5, 8),
        date_precision="day",
        year=2023,
        venue_city="Nusa Dua",
        venue_country="Indonesia",
        chair="Indonesia",
        is_video_conference=False,
        is_plus_three=False,
        document_kind="joint_statement",
        completeness="partial",  # a few synthetic sentences: shorter than a whole statement
    )


def test_first_person_opening(registry: Registry) -> None:
    title = "Joint Statement of the 8th ASEAN Ministerial Meeting on Social Welfare and Development"
    body = (
        "We, the Ministers responsible for social welfare and development of the ASEAN Member States, met on "
        "25-26 March 2024 in Bangkok, Thailand, for the 8th ASEAN Ministerial Meeting on Social Welfare and "
        "Development (AMMSWD), chaired by H.E. Dr. Somchai Example, Minister of Social Development of the "
        "Kingdom of Thailand.\n\nRECALLING the synthetic declaration adopted on 8 August 2017;"
    )
    assert extract_metadata(title, body, registry=registry) == Metadata(
        meeting_body_id="AMMSWD",
        meeting_name="8th ASEAN Ministerial Meeting on Social Welfare and Development",
        meeting_no=8,
        date=D(2024, 3, 25),
        date_end=D(2024, 3, 26),
        date_precision="day",
        year=2024,
        venue_city="Bangkok",
        venue_country="Thailand",
        chair="Thailand",
        is_video_conference=False,
        is_plus_three=False,
        document_kind="joint_statement",
        completeness="partial",  # a few synthetic sentences: shorter than a whole statement
    )


def test_video_conference_leaves_venue_empty(registry: Registry) -> None:
    title = "Joint Statement of the Twenty-Fifth ASEAN Socio-Cultural Community (ASCC) Council Meeting"
    body = (
        "1. The Twenty-Fifth ASCC Council Meeting was convened via videoconference on 31st March 2021 under "
        "the Chairmanship of Brunei."
    )
    metadata = extract_metadata(title, body, registry=registry)
    assert metadata == Metadata(
        meeting_body_id="ASCC",
        meeting_name="25th ASEAN Socio-Cultural Community Council Meeting",
        meeting_no=25,
        date=D(2021, 3, 31),
        date_end=D(2021, 3, 31),
        date_precision="day",
        year=2021,
        venue_city=None,
        venue_country=None,
        chair="Brunei Darussalam",
        is_video_conference=True,
        is_plus_three=False,
        document_kind="joint_statement",
        completeness="partial",  # a few synthetic sentences: shorter than a whole statement
    )
    assert metadata.missing == ("venue_city", "venue_country")


@pytest.mark.parametrize(
    "phrase", ["via video conference", "by video-conference", "virtually", "through videoconferencing"]
)
def test_video_conference_phrases(registry: Registry, phrase: str) -> None:
    body = f"The 24th ASCC Council Meeting was held {phrase} on 6 November 2020."
    metadata = extract_metadata("", body, registry=registry)
    assert metadata.is_video_conference is True
    assert (metadata.meeting_no, metadata.date) == (24, D(2020, 11, 6))


def test_video_conference_hosted_from_a_place(registry: Registry) -> None:
    body = "The 23rd ASCC Council Meeting was held via video conference from Hanoi, Vietnam on 23 June 2020."
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.venue_city, metadata.venue_country, metadata.is_video_conference) == (
        "Ha Noi",
        "Viet Nam",
        True,
    )


def test_issued_line_gives_place_and_date(registry: Registry) -> None:
    title = "JOINT STATEMENT OF THE 14TH ASCC COUNCIL MEETING\nISSUED IN KUALA LUMPUR, MALAYSIA ON 7 OCTOBER 2015"
    body = "1. The Meeting discussed synthetic matters.\n\n2. The Meeting thanked Malaysia."
    metadata = extract_metadata(title, body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no) == ("ASCC", 14)
    assert (metadata.date, metadata.date_precision, metadata.year) == (D(2015, 10, 7), "day", 2015)
    assert (metadata.venue_city, metadata.venue_country) == ("Kuala Lumpur", "Malaysia")
    assert metadata.chair is None  # no chairmanship phrase: not guessed from the year
    assert metadata.missing == ("chair",)


def test_issued_line_at_the_end_of_the_body(registry: Registry) -> None:
    title = "Joint Statement of the Twentieth ASEAN Labour Ministers’ Meeting"
    body = "1. The Ministers discussed synthetic matters.\n\nIssued in Vientiane, Laos, on 12 June 2016."
    metadata = extract_metadata(title, body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.meeting_name) == (
        "ALMM",
        20,
        "20th ASEAN Labour Ministers Meeting",
    )
    assert (metadata.date, metadata.venue_city, metadata.venue_country) == (D(2016, 6, 12), "Vientiane", "Lao PDR")


@pytest.mark.parametrize(
    "title",
    [
        "Joint Statement of the 24th ASEAN Labour Ministers' Meeting",
        "JOINT STATEMENT OF THE 24TH ASEAN LABOUR MINISTERS’ MEETING",
        "Joint Statement of the Twenty-Fourth ASEAN Labour Ministerial Meeting",
        "Joint Statement of the 24th ALMM",
        "Joint Statement of the 24 TH asean labour ministers meeting",
    ],
)
def test_meeting_body_name_alias_and_acronym(registry: Registry, title: str) -> None:
    metadata = extract_metadata(title, "1. Synthetic text.", registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no) == ("ALMM", 24)


def test_body_from_the_opening_when_the_title_names_none(registry: Registry) -> None:
    body = "1. The Sixth ASEAN Ministerial Meeting on Youth was held in Siem Reap, Cambodia on 12 September 2012."
    metadata = extract_metadata("Joint Statement", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no) == ("AMMY", 6)
    assert (metadata.venue_city, metadata.venue_country) == ("Siem Reap", "Cambodia")
    assert metadata.meeting_name == "6th ASEAN Ministerial Meeting on Youth"


@pytest.mark.parametrize(
    ("body", "body_id", "number"),
    [
        (
            "1. The First Informal Meeting of the ASEAN Ministers on Rural Development and Poverty Eradication was "
            "held in Hue, Viet Nam, from 3 to 4 May 2031.",
            "AMRDPE",
            1,
        ),
        (
            "1. The Ninth Meeting of ASEAN Ministers Responsible for Social Welfare and Development was held in "
            "Hue, Viet Nam on 4 May 2031.",
            "AMMSWD",
            9,
        ),
        (
            "1. The 2nd Meeting of the ASEAN Ministers on Culture and Arts was convened in Hue, Viet Nam on 4 May.",
            "AMCA",
            2,
        ),
    ],
)
def test_a_ministers_body_named_as_a_meeting_of_the_ministers_on_its_remit(
    registry: Registry, body: str, body_id: str, number: int
) -> None:
    metadata = extract_metadata("Joint Statement", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.venue_country) == (body_id, number, "Viet Nam")


def test_a_lead_whose_subject_is_the_numbered_meeting_beats_the_secretariat_named_later(registry: Registry) -> None:
    body = (
        "The 14th ASEAN Ministerial Meeting on Disaster Management (AMMDM) on Friday adopted the Synthetic "
        "Declaration on Early Warning.\n\n"
        "The event gathered ministers and officials of the Member States, the ASEAN Secretariat and the AHA Centre."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.is_plus_three) == ("AMMDM", 14, False)


def test_another_meeting_body_in_the_meeting_paragraph_is_kept_over_a_lead(registry: Registry) -> None:
    body = (
        "The 14th ASEAN Ministerial Meeting on Disaster Management (AMMDM) on Friday adopted a declaration.\n\n"
        "The ASEAN Committee on Disaster Management met in Hue, Viet Nam on 2 May 2031."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no) == ("ACDM", None)


def test_a_report_that_names_the_meeting_only_in_an_at_the_clause(registry: Registry) -> None:
    body = (
        "Environment ministers of the region on Friday voiced concern over the smoke haze.\n\n"
        "They also agreed to step up cooperation.\n\n"
        "At the 14th Meeting of the Conference of the Parties to the ASEAN Agreement on Transboundary Haze Pollution "
        "in Hanoi, Vietnam, the ministers reviewed the work of the past year."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.is_plus_three) == ("COP-AATHP", 14, False)
    assert (metadata.venue_city, metadata.venue_country, metadata.is_video_conference) == ("Ha Noi", "Viet Nam", False)
    assert metadata.date is None
    assert metadata.document_kind == "other"  # no meeting sentence of its own: a report, not a statement


def test_an_anniversary_s_ordinal_is_not_the_meeting_number(registry: Registry) -> None:
    body = (
        "WE, the Heads of State or Government of ASEAN, on the occasion of the 60th Anniversary of ASEAN and the "
        "52nd ASEAN Summit in Manila;\n\nRECALLING the synthetic past;"
    )
    metadata = extract_metadata("Synthetic Declaration on Oceans", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no) == (None, 52)
    assert (metadata.venue_city, metadata.venue_country) == ("Manila", "Philippines")


def test_a_release_lead_naming_a_numbered_meeting_beats_the_page_s_source_line(registry: Registry) -> None:
    """A release whose lead has the numbered meeting as its subject and no meeting verb ("SINGAPORE, 6 October 2099
    – The 15th Meeting of the ASEAN Committee on Women (ACW) finalised …") is about that meeting, not about the
    Secretariat whose news service the page credits in its title block."""
    body = (
        "SINGAPORE, 6 October 2099 \u2013 The 15th Meeting of the ASEAN Committee on Women (ACW) finalised the "
        "synthetic work plan.\n\nThe work plan aims to advance synthetic rights."
    )
    metadata = extract_metadata("Synthetic headline\n\nSource: ASEAN Secretariat News", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.document_kind) == ("ACW", 15, "media_release")


def test_a_summit_text_of_preamble_clauses_is_a_declaration(registry: Registry) -> None:
    """A leaders' declaration whose subject is "The Member States of …" (not "WE, …") and whose body is preamble
    clauses in capitals is a declaration; a ministers' text of the same form is not made one."""
    body = "RECALLING the synthetic charter of 2090;\n\nREAFFIRMING our synthetic commitments;\n\nDO HEREBY DECLARE:"
    summit = extract_metadata(
        "The Member States of ASEAN, on the occasion of the 99th ASEAN Summit held on 26 October 2099:",
        body,
        registry=registry,
    )
    assert (summit.document_kind, summit.meeting_no) == ("declaration", 99)
    title = "The Synthetic Ministers, on the occasion of their 9th Meeting held on 26 October 2099:"
    ministers = extract_metadata(title, body, registry=registry)
    assert ministers.document_kind != "declaration"


@pytest.mark.parametrize(
    ("opener", "chair"),
    [
        (
            "H.E. U Synthetic, Secretary of the State Council, and Chairman of the National Youth Committee of Myanmar",
            None,
        ),
        ("H.E. U Synthetic, Minister of Youth of Myanmar and Chair of the AMMY", "Myanmar"),
    ],
)
def test_the_chairman_of_a_national_body_is_not_the_meeting_s_chair(
    registry: Registry, opener: str, chair: str | None
) -> None:
    body = (
        "1. The Fifth ASEAN Ministerial Meeting on Youth was convened on 2 May 2031 in Yangon, Myanmar.\n\n"
        f"2. The Meeting was opened by {opener}."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.chair) == ("AMMY", chair)


def test_chairing_the_meeting_in_a_participial_lead_gives_the_chair(registry: Registry) -> None:
    body = (
        "The Ministers met in Vientiane, Lao PDR, on 6 May 2031.\n\n"
        "Chairing the Conference, H.E. Synthetic Name, Minister of Information and Culture of Lao PDR, welcomed "
        "China, Japan and the Republic of Korea."
    )
    assert extract_metadata("", body, registry=registry).chair == "Lao PDR"


def test_a_province_after_an_unlisted_host_town_is_left_out_of_the_city(registry: Registry) -> None:
    body = "1. The 9th ASEAN Education Ministers Meeting was held on 2 May 2031 in Nakhon Phanom Province, Thailand."
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.venue_city, metadata.venue_country) == ("Nakhon Phanom", "Thailand")


def test_a_glued_single_day_gives_way_to_the_meeting_sentence_s_range(registry: Registry) -> None:
    body = (
        "Hue, Viet Nam 26 March 2031 The ASEAN Ministers Responsible for Culture and Arts (AMCA) held their Fourth "
        "Meeting on 25-26 March 2031 in Hue, Viet Nam."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no) == ("AMCA", 4)
    assert (metadata.date, metadata.date_end) == (D(2031, 3, 25), D(2031, 3, 26))


def test_number_without_a_known_body(registry: Registry) -> None:
    body = "1. The 3rd Synthetic Forum Meeting was held on 2 February 2022 in Dili, Timor-Leste."
    metadata = extract_metadata("Chairman's Statement", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_name, metadata.meeting_no) == (None, None, 3)
    assert (metadata.venue_city, metadata.venue_country) == ("Dili", "Timor-Leste")


@pytest.mark.parametrize(
    ("sentence", "chair"),
    [
        ("under the ASEAN Chairmanship of the Lao People's Democratic Republic", "Lao PDR"),
        ("under the 2020 ASEAN Chairmanship of Vietnam", "Viet Nam"),
        ("under the Chairmanship of the Philippines", "Philippines"),
        ("chaired by H.E. Dr. A. Example, Minister of Culture of Cambodia", "Cambodia"),
        ("and was chaired by Myanmar", "Myanmar"),
    ],
)
def test_chair_phrases(registry: Registry, sentence: str, chair: str) -> None:
    body = f"1. The 12th ASCC Council Meeting was held on 30 September 2014 {sentence}.\n\n2. Synthetic."
    assert extract_metadata("", body, registry=registry).chair == chair


def test_chair_line_in_the_title(registry: Registry) -> None:
    title = "Joint Statement of the 5th ASEAN Ministerial Meeting on Women\nChair: Singapore"
    metadata = extract_metadata(title, "1. Synthetic text.", registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.chair) == ("AMMW", 5, "Singapore")


def test_next_chair_in_a_later_paragraph_is_not_the_chair(registry: Registry) -> None:
    paragraphs = ["1. The 18th ASCC Council Meeting was held on 8 March 2017 in Iloilo City, Philippines."]
    paragraphs += [f"{n}. Synthetic paragraph {n} " + "with filler words " * 40 for n in range(2, 8)]
    paragraphs.append("8. The Meeting looked forward to the next meeting under the Chairmanship of Singapore.")
    metadata = extract_metadata("", "\n\n".join(paragraphs), registry=registry)
    assert metadata.chair is None
    assert (metadata.venue_city, metadata.venue_country) == ("Iloilo City", "Philippines")


@pytest.mark.parametrize(
    ("sentence", "city", "country"),
    [
        ("held in Singapore on 3 October 2018", "Singapore", "Singapore"),
        ("held in Vientiane on 31 August 2016", "Vientiane", "Lao PDR"),
        ("held in Nay Pyi Taw, Myanmar on 30 September 2014", "Nay Pyi Taw", "Myanmar"),
        ("held in Hoi An, Viet Nam on 1 June 2020", "Hoi An", "Viet Nam"),  # a city not in the gazetteer
        ("held in the Philippines on 8 March 2017", None, "Philippines"),
        ("held in conjunction with the Summit in Jakarta, Indonesia on 5 May 2023", "Jakarta", "Indonesia"),
    ],
)
def test_venues(registry: Registry, sentence: str, city: str | None, country: str) -> None:
    body = f"1. The 9th ASCC Council Meeting was {sentence}."
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.venue_city, metadata.venue_country, metadata.is_video_conference) == (city, country, False)


def test_month_precision_date(registry: Registry) -> None:
    body = "1. The 15th ASCC Council Meeting was held in June 2016 in Luang Prabang, Lao PDR."
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.date, metadata.date_end, metadata.date_precision, metadata.year) == (
        D(2016, 6, 1),
        D(2016, 6, 30),
        "month",
        2016,
    )


def test_statement_without_a_date(registry: Registry) -> None:
    title = "2019 Joint Statement of the 22nd ASCC Council Meeting"
    body = "1. The Meeting was held in Bangkok, Thailand, under the Chairmanship of Thailand."
    metadata = extract_metadata(title, body, registry=registry)
    assert metadata.date is None
    assert metadata.year == 2019  # the title's leading year
    assert metadata.missing == ("date", "date_end", "date_precision")


def test_statement_with_nothing_to_find(registry: Registry) -> None:
    metadata = extract_metadata("Untitled", "1. The participants discussed synthetic matters.", registry=registry)
    # a text that names no meeting is of no known kind; it ends with a full stop and is no outcome document
    assert metadata == Metadata(document_kind="other", completeness="complete")
    assert "date" in metadata.missing
    assert len(metadata.missing) == 12


def test_default_registry_is_the_package_one() -> None:
    metadata = extract_metadata("Joint Statement of the 32nd ASCC Council Meeting", "")
    assert (metadata.meeting_body_id, metadata.meeting_no) == ("ASCC", 32)


# ------------------------------------------------------------------------------------------ drafting rules (YAML)


def _rules_copy(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    """A copy of the shipped resources/metadata.yaml with ``edit`` applied to its text."""
    path = tmp_path / "metadata.yaml"
    path.write_text(edit(resource_path("metadata.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_the_shipped_rules_are_the_ones_in_use() -> None:
    rules = load_metadata_rules()
    assert rules.countries == COUNTRY_VARIANTS
    assert rules.cities["Vientiane"] == ("Lao PDR", ("Vientiane Capital",))
    assert [pattern.search("held under the 2024 ASEAN Chairmanship of X") is not None for pattern in rules.chair] == [
        True,
        False,
        False,
        False,
    ]


def test_an_added_phrasing_in_a_copy_is_picked_up(tmp_path: Path) -> None:
    def add(text: str) -> str:
        text = text.replace("chair_phrases:\n", "chair_phrases:\n  - '\\bpresided\\s+over\\s+by\\s+'\n")
        return text.replace("video_conference:\n", "video_conference:\n  - '\\baudio[\\s\\-]*conferenc\\w*'\n")

    rules = load_metadata_rules(_rules_copy(tmp_path, add))
    sentence = "The Meeting was held by audio conference and presided over by Thailand."
    match = rules.chair[0].search(sentence)
    assert match is not None and sentence[match.end() :].startswith("Thailand")
    assert rules.video.search(sentence) is not None
    shipped = load_metadata_rules()
    assert not any(pattern.search(sentence) for pattern in shipped.chair)
    assert shipped.video.search(sentence) is None


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda text: text + "\nchair_words: [Chair]\n", "unknown key(s) ['chair_words']"),
        (lambda text: text.replace("video_conference:", "video_conferences:"), "missing key(s) ['video_conference']"),
        (
            lambda text: text.replace("chair_phrases:\n", "chair_phrases:\n  - '(?:unclosed'\n"),
            "chair_phrases entry #1: invalid regular expression '(?:unclosed'",
        ),
        (
            lambda text: text.replace("meeting_verbs:\n", "meeting_verbs:\n  - ''\n"),
            "meeting_verbs entry #1: a non-empty regular expression is required",
        ),
        (
            lambda text: text.replace("Dili: {country: Timor-Leste", "Dili: {country: East Timor"),
            "cities: Dili: country 'East Timor' is not a key of countries",
        ),
        (
            lambda text: text.replace("Malaysia: []", "Malaysia: Malaya"),
            "countries: Malaysia must be a list of non-empty strings",
        ),
        (
            lambda text: text.replace("not_place_words: ['ON',", "not_place_words: [2,"),
            "not_place_words must be a list of non-empty strings",
        ),
    ],
)
def test_bad_rules_name_the_file_and_the_key(tmp_path: Path, edit: Callable[[str], str], message: str) -> None:
    path = _rules_copy(tmp_path, edit)
    with pytest.raises(RulesError) as info:
        load_metadata_rules(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


# ------------------------------------------------------------------------------------------ the seed statement


@pytest.mark.shared_corpus
def test_seed_statement_end_to_end(seed_statement_text: str, registry: Registry) -> None:
    lines = seed_statement_text.splitlines()
    first = next(index for index, line in enumerate(lines) if line.startswith("1. "))
    title, body = "\n".join(lines[:first]), "\n".join(lines[first:])
    assert extract_metadata(title, body, registry=registry) == Metadata(
        meeting_body_id="ASCC",
        meeting_name="32nd ASEAN Socio-Cultural Community Council Meeting",
        meeting_no=32,
        date=D(2024, 9, 26),
        date_end=D(2024, 9, 26),
        date_precision="day",
        year=2024,
        venue_city="Vientiane",
        venue_country="Lao PDR",
        chair="Lao PDR",
        is_video_conference=False,
        is_plus_three=False,
        document_kind="joint_statement",
        completeness="complete",
    )


@pytest.mark.shared_corpus
def test_seed_statement_title_alone(seed_statement_text: str, registry: Registry) -> None:
    lines = seed_statement_text.splitlines()
    first = next(index for index, line in enumerate(lines) if line.startswith("1. "))
    metadata = extract_metadata("\n".join(lines[:first]), "", registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.date) == ("ASCC", 32, D(2024, 9, 26))
    assert (metadata.venue_city, metadata.venue_country, metadata.chair) == ("Vientiane", "Lao PDR", None)


# ------------------------------------------------------------------------------------------ real drafting classes
# Each test below is one class of phrasing met in real statements and releases; every text is SYNTHETIC, written for
# these tests in the drafting style of ASEAN statements (no real statement is copied).


def _meeting(metadata: Metadata) -> tuple[object, ...]:
    return (metadata.meeting_body_id, metadata.meeting_no, metadata.date, metadata.date_end)


def _place(metadata: Metadata) -> tuple[object, ...]:
    return (metadata.venue_city, metadata.venue_country, metadata.is_video_conference)


def test_ministers_held_their_meeting_in_a_longer_clause(registry: Registry) -> None:
    body = (
        "1. Ministers responsible for youth from ASEAN Member States held their 13th ASEAN Ministerial Meeting on "
        "Youth on 14-15 November 2029 in Melaka, Malaysia. The Ministers took stock of synthetic progress."
    )
    metadata = extract_metadata("Joint Statement", body, registry=registry)
    assert _meeting(metadata) == ("AMMY", 13, D(2029, 11, 14), D(2029, 11, 15))
    assert _place(metadata) == ("Melaka", "Malaysia", False)


def test_a_country_hosted_the_conference(registry: Registry) -> None:
    body = (
        "1. Myanmar hosted the 21st Conference of the ASEAN Ministers Responsible for Information in Bagan on 2 "
        "June 2029. The Ministers exchanged views on synthetic media literacy."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMRI", 21, D(2029, 6, 2), D(2029, 6, 2))
    assert _place(metadata) == ("Bagan", "Myanmar", False)
    assert metadata.chair is None  # hosting is not chairing


def test_a_minister_chaired_the_meeting_in_a_city_state(registry: Registry) -> None:
    body = (
        "Minister for Culture Mr A. Example chaired the 40th Meeting of the ASEAN Socio-Cultural Community (ASCC) "
        "Council on 9 April 2031 in Singapore. The Council is one of three Community Councils."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("ASCC", 40, D(2031, 4, 9), D(2031, 4, 9))
    assert _place(metadata) == ("Singapore", "Singapore", False)


@pytest.mark.parametrize(
    "phrase", ["via videoconference", "via video conference", "virtually", "online", "via VC", "by teleconference"]
)
def test_first_person_opening_met_by_video_conference(registry: Registry, phrase: str) -> None:
    body = (
        f"We, the Ministers responsible for sports of the ASEAN Member States, met on 3 December 2030 {phrase} for "
        "the 8th ASEAN Ministers Meeting on Sports (AMMS), hosted by Thailand."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMMS", 8, D(2030, 12, 3), D(2030, 12, 3))
    assert _place(metadata) == (None, None, True)  # hosted by Thailand is not a venue
    assert metadata.chair is None  # nor a chair


def test_a_video_conference_title_place_is_the_place_of_issue(registry: Registry) -> None:
    title = "Joint Statement of the 19th ASEAN Ministerial Meeting on the Environment\nJakarta, Indonesia, 2 May 2030"
    body = "1. The 19th AMME was held on 1-2 May 2030 via video conference hosted by Indonesia."
    metadata = extract_metadata(title, body, registry=registry)
    assert _meeting(metadata) == ("AMME", 19, D(2030, 5, 1), D(2030, 5, 2))
    assert _place(metadata) == (None, None, True)


@pytest.mark.parametrize(
    ("sentence", "chair"),
    [
        ("under the chairpersonship of Malaysia", "Malaysia"),
        (
            "chaired by H.E. Dr. B. Example, Minister of Women and Family Development of the Kingdom of Cambodia",
            "Cambodia",
        ),
        ("chaired and hosted by the Philippines", "Philippines"),
        (
            "under the chairmanship of H.E. C. Example, Minister for Social Development of Brunei Darussalam",
            "Brunei Darussalam",
        ),
    ],
)
def test_chair_phrasings(registry: Registry, sentence: str, chair: str) -> None:
    body = f"1. The 14th ASEAN Ministerial Meeting on Women was held on 5 October 2030 {sentence}."
    assert extract_metadata("", body, registry=registry).chair == chair


_CHAIRED_BY = "The Meeting was chaired by H.E. D. Example, Minister"


@pytest.mark.parametrize(
    ("sentence", "chair"),
    [
        (f"{_CHAIRED_BY} of Women, Family and Community Development, Malaysia.", "Malaysia"),
        (
            "The Conference was chaired by His Excellency (HE) Dr. E. Example, Minister of Information, "
            "Communications and Culture, Malaysia.",
            "Malaysia",
        ),
        (
            "The Meeting was co-chaired by H.E. F. Example, Deputy Prime Minister and Minister of Education and "
            "Sports, Lao PDR and H.E. G. Example, Minister of Education of Japan.",
            "Lao PDR",
        ),
        (
            "The Meeting was chaired by H.E. H. Example, Undersecretary, Office of Civil Defense (OCD) Philippines, "
            "on behalf of the Chair.",
            "Philippines",
        ),
        # a country named after the chairing minister's description has ended is not the chair's
        (f"{_CHAIRED_BY}, and attended by representatives from Brunei Darussalam, Cambodia and Indonesia.", None),
        (
            f"{_CHAIRED_BY} of Social Development, and attended by the Ministers of Brunei Darussalam and Cambodia.",
            None,
        ),
        (f"{_CHAIRED_BY} of Social Development, in Singapore.", None),
        ("The Meeting was chaired by the Senior Officials Committee, Singapore and Thailand presenting.", None),
    ],
)
def test_a_chairing_minister_s_office_then_the_country(registry: Registry, sentence: str, chair: str | None) -> None:
    body = f"1. The 15th ASEAN Ministerial Meeting on Women was held on 4 October 2031. {sentence}\n\n2. Synthetic."
    assert extract_metadata("", body, registry=registry).chair == chair


def test_a_chairing_minister_named_without_a_country_is_not_read_from_the_next_countries(registry: Registry) -> None:
    body = (
        "The 33rd ASEAN Labour Ministers Meeting (ALMM) was chaired and hosted by Brunei Darussalam from 4 to 6 May "
        "2031. Chaired by the Minister of Home Affairs, Mr C. Example, the Meeting was attended by representatives "
        "from ASEAN Member States, Timor-Leste and the ASEAN Secretariat, and recalled the first ALMM held in "
        "Jakarta, Indonesia in 1975."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("ALMM", 33, D(2031, 5, 4), D(2031, 5, 6))
    assert metadata.chair == "Brunei Darussalam"
    assert _place(metadata) == (None, None, None)  # hosting states no venue; the 1975 meeting is another meeting


def test_chair_named_after_the_country(registry: Registry) -> None:
    body = (
        "1. The 41st ASCC Council Meeting was held on 1 March 2032 in Dili, Timor-Leste.\n\n"
        "2. The Minister of Education of Timor-Leste and the ASCC Council Chair welcomed the delegations."
    )
    assert extract_metadata("", body, registry=registry).chair == "Timor-Leste"
    body_as_chair = "1. The 41st ASCC Council Meeting was held on 1 March 2032. Timor-Leste, as Chair, opened it."
    assert extract_metadata("", body_as_chair, registry=registry).chair == "Timor-Leste"


@pytest.mark.parametrize(
    "chairmanship",
    ["Malaysia's ASEAN2032 Chairmanship theme and priorities", "the priorities of Malaysia's chairmanship of ASEAN"],
)
def test_an_asean_chairmanship_names_the_chair_of_the_council_only(registry: Registry, chairmanship: str) -> None:
    council = (
        "1. The 42nd ASCC Council Meeting was held on 9 April 2032 in Kuala Lumpur, Malaysia.\n\n"
        f"2. The Council supported {chairmanship}."
    )
    assert extract_metadata("", council, registry=registry).chair == "Malaysia"
    sectoral = council.replace("42nd ASCC Council Meeting", "20th ASEAN Ministerial Meeting on Youth")
    sectoral = sectoral.replace("The Council", "The Ministers")
    metadata = extract_metadata("", sectoral, registry=registry)
    assert (metadata.meeting_body_id, metadata.chair) == ("AMMY", None)


def test_dateline_of_a_release_gives_the_date_and_place_of_a_meeting_held_today(registry: Registry) -> None:
    body = (
        "Ministers chart a synthetic course\n\nVIENTIANE, 12 April 2033 – The 43rd ASEAN Socio-Cultural Community "
        "(ASCC) Council Meeting was convened today and attended by ministers of ASEAN Member States."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("ASCC", 43, D(2033, 4, 12), D(2033, 4, 12))
    assert _place(metadata) == ("Vientiane", "Lao PDR", False)
    assert metadata.document_kind == "media_release"


def test_a_dateline_that_opens_the_paragraph_dates_a_later_meeting_sentence(registry: Registry) -> None:
    """The lead after the dateline reports an outcome; the meeting sentence "was held today" comes after it."""
    body = (
        "VIENTIANE, 5 May 2033 \u2013 ASEAN Ministers responsible for youth reaffirmed their synthetic commitment to "
        "youth cooperation. The 19th ASEAN Ministerial Meeting on Youth was held today in Vientiane, Lao PDR.\n\n"
        "The Ministers adopted a synthetic plan."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMMY", 19, D(2033, 5, 5), D(2033, 5, 5))
    assert metadata.document_kind == "media_release"
    # A dateline further into the paragraph, in a sentence that is not the meeting's, is no dateline of the release.
    later = (
        "ASEAN Ministers reaffirmed their synthetic commitment. Officials in VIENTIANE, 5 May 2033 \u2013 spoke of it. "
        "The 19th ASEAN Ministerial Meeting on Youth was held today in Vientiane, Lao PDR."
    )
    assert extract_metadata("", later, registry=registry).date is None


def test_a_meeting_named_with_a_participle_is_read_when_no_sentence_has_a_meeting_verb(registry: Registry) -> None:
    """A release that reports an outcome first names its meeting in a clause: "... at the 9th ... held today in
    ..."."""
    body = (
        "NAY PYI TAW, 11 October 2033 \u2013 ASEAN Ministers of Sports endorsed a number of new synthetic initiatives. "
        "This was discussed at the 9th ASEAN Ministerial Meeting on Sports held today in Nay Pyi Taw, Myanmar.\n\n"
        "The Ministers adopted a synthetic plan."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMMS", 9, D(2033, 10, 11), D(2033, 10, 11))
    assert _place(metadata) == ("Nay Pyi Taw", "Myanmar", False)
    assert metadata.document_kind == "media_release"


@pytest.mark.parametrize(
    "body",
    [
        # a meeting verb wins: the Summit "held in Jakarta" is another meeting
        "The 9th ASEAN Ministerial Meeting on Sports was held on 3 May 2033 in Hanoi, Viet Nam. It followed the 58th "
        "ASEAN Summit held in Jakarta, Indonesia.",
        # "held" with no numbered meeting before it names no meeting
        "ASEAN Ministers of Sports held in Jakarta, Indonesia a synthetic dialogue on 3 May 2033.",
    ],
)
def test_a_participle_is_a_last_resort(body: str, registry: Registry) -> None:
    metadata = extract_metadata("", body, registry=registry)
    if "was held" in body:
        assert _meeting(metadata) == ("AMMS", 9, D(2033, 5, 3), D(2033, 5, 3))
        assert _place(metadata)[:2] == ("Ha Noi", "Viet Nam")
    else:
        assert (metadata.meeting_no, metadata.date, metadata.venue_city) == (None, None, None)


def test_dateline_completes_a_day_without_a_year_and_is_not_a_video_conference_venue(registry: Registry) -> None:
    body = (
        "BANGKOK, 8 May 2033 – The 44th ASCC Council Meeting was held on 8 May in Chiang Mai, Thailand. The "
        "meeting was chaired by the Minister of Social Development of Thailand."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("ASCC", 44, D(2033, 5, 8), D(2033, 5, 8))
    assert _place(metadata) == ("Chiang Mai", "Thailand", False)  # the dateline is the place of issue
    video = "BANGKOK, 8 May 2033 – The 44th ASCC Council Meeting was held today via video conference."
    assert _place(extract_metadata("", video, registry=registry)) == (None, None, True)


def test_a_page_date_is_not_the_meeting_date(registry: Registry) -> None:
    title = "Joint Statement of the 18th ASEAN Health Ministers Meeting\nMay 9, 2033"
    body = "RECALLING the synthetic declaration of 2030;\n\nRESOLVED to act together;"
    assert extract_metadata(title, body, registry=registry).date is None
    with_sentence = title + "\nThe 18th ASEAN Health Ministers Meeting was held on 8 May 2033 in Cebu, Philippines."
    metadata = extract_metadata(with_sentence, body, registry=registry)  # the meeting sentence in the title block
    assert _meeting(metadata) == ("AHMM", 18, D(2033, 5, 8), D(2033, 5, 8))
    assert _place(metadata) == ("Cebu", "Philippines", False)


def test_a_listing_label_of_a_plus_three_meeting_is_not_the_meeting(registry: Registry) -> None:
    title = "22nd AMME+3, 2034\n22nd AMME+3 - 21st ASEAN Ministerial Meeting on the Environment\nPattaya 3 June 2034"
    body = (
        "1. Ministers responsible for the environment from ASEAN Member States held their 21st ASEAN Ministerial "
        "Meeting on the Environment and the 20th Meeting of the Conference of the Parties to the ASEAN Agreement "
        "on Transboundary Haze Pollution on 2-3 June 2034 in Pattaya, Thailand."
    )
    metadata = extract_metadata(title, body, registry=registry)
    assert _meeting(metadata) == ("AMME", 21, D(2034, 6, 2), D(2034, 6, 3))
    assert metadata.other_meetings == (Meeting("COP-AATHP", 20),)
    assert metadata.is_plus_three is False


def test_joint_meetings_and_plus_three_meetings(registry: Registry) -> None:
    body = "1. The 20th AHMM and the 11th AHMM+3 were convened on 6 November 2035 in Yogyakarta, Indonesia."
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.is_plus_three) == ("AHMM", 20, False)
    assert metadata.other_meetings == (Meeting("AHMM", 11, is_plus_three=True),)
    plus_three = extract_metadata("", "1. The 11th AHMM Plus Three was held on 7 November 2035.", registry=registry)
    assert (plus_three.meeting_body_id, plus_three.meeting_no, plus_three.is_plus_three) == ("AHMM", 11, True)
    back_to_back = "1. The 6th AMMDM was held on 1 June 2035, back-to-back with the 40th ACDM."
    assert extract_metadata("", back_to_back, registry=registry).other_meetings == ()


@pytest.mark.parametrize(
    ("title", "opening", "body_id", "number"),
    [
        (
            "Joint Statement of the 12th ASEAN Plus Three Health Ministers Meeting",
            "1. The 12th ASEAN Plus Three Health Ministers Meeting was convened on 4 May 2036 in Da Nang, Viet Nam.",
            "AHMM",
            12,
        ),
        (
            "",
            "1. The 10th ASEAN Plus Three Ministers Meeting on Social Welfare and Development (AMMSWD+3) was held "
            "on 4 May 2036 in Da Nang, Viet Nam.",
            "AMMSWD",
            10,
        ),
        ("", "1. The 8th ASEAN+3 Labour Ministers Meeting was held on 4 May 2036 in Da Nang, Viet Nam.", "ALMM", 8),
        ("", "1. The 8th ASEAN + 3 Labour Ministers' Meeting was held on 4 May 2036 in Da Nang, Viet Nam.", "ALMM", 8),
        (
            "",
            "1. The 19th ASEAN Plus Three Senior Officials Meeting on Health Development was held on 4 May 2036 in "
            "Da Nang, Viet Nam.",
            "SOMHD",
            19,
        ),
        (
            "Joint Statement of the Twelfth ASEAN plus Three Health Ministers Meeting\nDa Nang, 4 May 2036",
            "RECALLING the synthetic plan of action adopted in 2030;",
            "AHMM",
            12,
        ),
    ],
)
def test_plus_three_written_before_the_sectoral_name(
    registry: Registry, title: str, opening: str, body_id: str, number: int
) -> None:
    metadata = extract_metadata(title, opening, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.is_plus_three) == (body_id, number, True)
    assert metadata.other_meetings == ()


def test_plus_three_after_the_body_in_a_title_is_still_read(registry: Registry) -> None:
    title = "Joint Statement of the 12th AHMM Plus Three\nDa Nang, 4 May 2036"
    metadata = extract_metadata(title, "RECALLING the synthetic plan of action adopted in 2030;", registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.is_plus_three) == ("AHMM", 12, True)


def test_plus_three_before_the_name_in_a_joint_meeting(registry: Registry) -> None:
    body = (
        "1. The 21st ASEAN Health Ministers Meeting and the 12th ASEAN Plus Three Health Ministers Meeting were "
        "held on 4 May 2036 in Da Nang, Viet Nam."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.is_plus_three) == ("AHMM", 21, False)
    assert metadata.other_meetings == (Meeting("AHMM", 12, is_plus_three=True),)
    same_number = "1. The 12th AHMM and the 12th ASEAN+3 Health Ministers Meeting were held on 4 May 2036."
    assert extract_metadata("", same_number, registry=registry).other_meetings == (
        Meeting("AHMM", 12, is_plus_three=True),
    )


def test_asean_plus_three_in_passing_is_not_the_meeting(registry: Registry) -> None:
    body = (
        "1. The 21st ASEAN Health Ministers Meeting was held on 4 May 2036 in Da Nang, Viet Nam. The Ministers "
        "welcomed closer cooperation with ASEAN Plus Three countries and looked forward to the 12th ASEAN Plus Three "
        "Health Ministers Meeting.\n\n2. The Ministers noted the ASEAN+3 synthetic reserve mechanism."
    )
    metadata = extract_metadata("Joint Statement of the 21st ASEAN Health Ministers Meeting", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.is_plus_three) == ("AHMM", 21, False)
    assert metadata.other_meetings == ()
    unnamed = extract_metadata(
        "", "1. Cooperation with ASEAN Plus Three countries was held up as a model.", registry=registry
    )
    assert (unnamed.meeting_body_id, unnamed.is_plus_three) == (None, None)


@pytest.mark.parametrize(
    ("opening", "body_id", "number"),
    [
        ("The AMMS VII was held on 5 May 2035 in Manila, Philippines.", "AMMS", 7),
        ("The SOMSWD XX was convened on 5 May 2035 in Manila, Philippines.", "SOMSWD", 20),
        ("The Thirty-Third ASEAN Labour Ministers Meeting was held on 5 May 2035 in Manila, Philippines.", "ALMM", 33),
        ("The 15 th ASEAN Ministerial Meeting on Youth was held on 5 May 2035 in Manila, Philippines.", "AMMY", 15),
    ],
)
def test_meeting_numbers_in_roman_numerals_words_and_broken_superscripts(
    registry: Registry, opening: str, body_id: str, number: int
) -> None:
    metadata = extract_metadata("", f"1. {opening}", registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no) == (body_id, number)


def test_on_the_occasion_of_a_summit(registry: Registry) -> None:
    body = (
        "WE, the Heads of State/Government of the Member States of ASEAN, on the occasion of the 50″ASEAN Summit "
        "in Bandar Seri Begawan, Brunei Darussalam;\n\nRECALLING the synthetic declaration adopted on 1 May 2030;"
    )
    metadata = extract_metadata("ASEAN Leaders' Statement on Synthetic Matters", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.date) == (None, 50, None)
    assert _place(metadata) == ("Bandar Seri Begawan", "Brunei Darussalam", False)
    assert (metadata.document_kind, metadata.is_plus_three) == ("leaders_statement", False)


# ------------------------------------------------------------------------------------------ document kind, completeness

_HELD = "The 9th AMMY was held on 1 May 2030 in Bagan, Myanmar."
_ON_THE_OCCASION = "WE, the Heads of State, on the occasion of the 60th ASEAN Summit;"
_GATHERED = "We, the Leaders of ASEAN, gathered in Bagan, Myanmar, on 1 May 2030 for the 60th ASEAN Summit."
_FILLER = " ".join(["The Meeting noted the synthetic progress of regional cooperation on this matter."] * 25)


@pytest.mark.parametrize(
    ("title", "opening", "kind"),
    [
        ("JOINT STATEMENT OF THE 9TH AMMY", f"1. {_HELD}", "joint_statement"),
        ("Joint Media Statement", f"1. {_HELD}", "joint_statement"),
        ("CHAIRMAN'S STATEMENT", "1. The 60th ASEAN Summit was held on 1 May 2030.", "chairmans_statement"),
        ("Chairperson's Press Statement of the Ninth AMMY", f"1. {_HELD}", "chairmans_statement"),
        ("CHAIRMAN’S PRESS STATEMENT", f"1. {_HELD}", "chairmans_statement"),
        ("Chair's Statement", f"1. {_HELD}", "chairmans_statement"),
        ("Press Statement of the Chair of the 9th AMMY", f"1. {_HELD}", "chairmans_statement"),
        ("Statement by the Chairperson of the 9th AMMY", f"1. {_HELD}", "chairmans_statement"),
        ("Joint Press Statement of the Chairs of the 9th AMMY and the 9th SOMY", f"1. {_HELD}", "joint_statement"),
        ("MEDIA RELEASE", _HELD, "media_release"),
        ("Press Releases", _HELD, "media_release"),
        ("ASEAN Leaders' Statement on Synthetic Youth", _ON_THE_OCCASION, "leaders_statement"),
        ("Bagan Declaration on Synthetic Youth", _ON_THE_OCCASION, "declaration"),
        ("", "YANGON, 1 May 2030 - The 9th AMMY was held today in Bagan, Myanmar.", "media_release"),
        ("", _GATHERED, "chairmans_statement"),
        ("", "We, the Ministers of ASEAN, met in Bagan, Myanmar, on 1 May 2030 for the 9th AMMY.", "joint_statement"),
        ("", f"1. {_HELD}", "joint_statement"),
        ("Untitled", "Synthetic words about nothing in particular.", "other"),
    ],
)  # fmt: skip
def test_document_kind(registry: Registry, title: str, opening: str, kind: str) -> None:
    assert extract_metadata(title, f"{opening}\n\n{_FILLER}", registry=registry).document_kind == kind


_HEADLINE = "ASEAN Labour Ministers Hold Their 31st Meeting in Jakarta"
_REPORT = (
    "The 31st ASEAN Labour Ministers Meeting (ALMM) was held on 23-24 May 2031 in Jakarta, Indonesia. The Ministers "
    "agreed to deepen cooperation on synthetic skills."
)


@pytest.mark.parametrize(
    ("title", "opening", "kind"),
    [
        # a news headline, a dateline on a line of its own, a third-person report: a press release
        (f"{_HEADLINE}\nJAKARTA, 24 May 2031", _REPORT, "media_release"),
        ("", f"{_HEADLINE}\n\nJakarta, Indonesia, 24 May 2031\n\n{_REPORT}", "media_release"),
        ("ASEAN labour ministers meet in Jakarta\nJakarta, 24 May 2031", _REPORT, "media_release"),
        # a joint statement with a dateline stays a joint statement
        ("Joint Statement of the 31st ALMM\nJakarta, 24 May 2031", f"1. {_REPORT}", "joint_statement"),
        (f"Joint Communique: {_HEADLINE}\nJakarta, 24 May 2031", _REPORT, "joint_statement"),
        ("31st ASEAN Labour Ministers Meeting\nJakarta, Indonesia 24 May 2031", f"1. {_REPORT}", "joint_statement"),
        # no dateline line, a dateline that is not on its own line, a numbered meeting paragraph or a first-person
        # outcome: not a release (a headline over a report with none of a statement's forms: a news item)
        (f"{_HEADLINE}\nJakarta, 24 May 2031", f"1. {_REPORT}", "joint_statement"),
        (_HEADLINE, _REPORT, "other"),
        (f"{_HEADLINE}\nIssued in Jakarta, 24 May 2031", _REPORT, "joint_statement"),
        (f"{_HEADLINE}\nJakarta, 24 May 2031", "We, the ASEAN Labour Ministers, met in Jakarta on 24 May 2031 for "
         "the 31st ALMM.", "joint_statement"),
    ],
)  # fmt: skip
def test_a_headline_over_a_dateline_line_and_a_report_is_a_media_release(
    registry: Registry, title: str, opening: str, kind: str
) -> None:
    assert extract_metadata(title, f"{opening}\n\n{_FILLER}", registry=registry).document_kind == kind


@pytest.mark.parametrize(
    ("body", "completeness"),
    [
        (f"1. The 9th AMMY was held on 1 May 2030 in Bagan, Myanmar.\n\n2. {_FILLER}", "complete"),
        (
            f"1. The 9th AMMY was held on 1 May 2030 in Bagan, Myanmar.\n\n2. {_FILLER} The Ministers welcomed",
            "partial",
        ),
        ("1. The 9th AMMY was held on 1 May 2030 in Bagan, Myanmar.\n\nRECALLING the synthetic plan;", "partial"),
        ("1. The 9th AMMY was held on 1 May 2030 in Bagan, Myanmar.\n\n2. The Ministers agreed.", "partial"),
        ("The 9th AMMY was held on 1 May 2030. Download the full joint statement here (PDF).", "landing_page"),
        # a news page's source line, agency tag or "Related posts" after the last sentence: still whole
        (
            f"1. The 9th AMMY was held on 1 May 2030 in Bagan, Myanmar.\n\n2. {_FILLER}\n\nSource: Synthetic Press",
            "complete",
        ),
        (
            f"1. The 9th AMMY was held on 1 May 2030 in Bagan, Myanmar.\n\n2. {_FILLER} (SYN)\n\nRelated posts",
            "complete",
        ),
        (f"1. The 9th AMMY was held on 1 May 2030 in Bagan, Myanmar.\n\n2. {_FILLER} The Ministers (SYN)", "partial"),
    ],
)
def test_completeness(registry: Registry, body: str, completeness: str) -> None:
    title = "JOINT STATEMENT OF THE 9TH AMMY"
    assert extract_metadata(title, body, registry=registry).completeness == completeness


def test_a_short_release_that_ends_is_complete(registry: Registry) -> None:
    body = "MEDIA RELEASE\n\nThe 9th AMMY was held on 1 May 2030 in Bagan, Myanmar. The Ministers agreed."
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.document_kind, metadata.completeness) == ("media_release", "complete")


def test_meetings_survive_the_round_trip_through_asdict() -> None:
    import dataclasses

    metadata = Metadata(meeting_body_id="AMME", other_meetings=(Meeting("COP-AATHP", 15),), is_plus_three=False)
    assert Metadata(**dataclasses.asdict(metadata)) == metadata


def test_the_next_asean_chair_is_not_the_chair(registry: Registry) -> None:
    body = (
        "1. The 21st ASEAN Ministerial Meeting on Youth was held on 2 June 2036 in Vientiane, Lao PDR.\n\n"
        "2. The Ministers looked forward to Malaysia as ASEAN Chair in 2037 and to Thailand, as Chair of ASEAN in 2038."
    )
    assert extract_metadata("", body, registry=registry).chair is None


# ------------------------------------------------------------------------------------------ meeting verbs, dates


@pytest.mark.parametrize(
    "verb",
    ["joined", "attended", "participated in", "convened", "gathered for", "met for"],
)
def test_first_person_meeting_sentences_with_any_meeting_verb(registry: Registry, verb: str) -> None:
    body = (
        f"1. We, the Ministers responsible for youth of the ASEAN Member States, {verb} the 14th ASEAN Ministerial "
        "Meeting on Youth organised via video conference on 9 June 2031, under the chairmanship of Cambodia.\n\n"
        "2. We reaffirmed our synthetic commitment to youth employment."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMMY", 14, D(2031, 6, 9), D(2031, 6, 9))
    assert (metadata.year, metadata.is_video_conference, metadata.document_kind) == (2031, True, "joint_statement")


def test_a_meeting_organised_in_a_place(registry: Registry) -> None:
    body = "1. The 14th AMMY, organised in Siem Reap, Cambodia on 9-10 June 2031, discussed synthetic skills."
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMMY", 14, D(2031, 6, 9), D(2031, 6, 10))
    assert _place(metadata) == ("Siem Reap", "Cambodia", False)


def test_a_date_written_after_another_numbered_meeting_is_not_the_meetings(registry: Registry) -> None:
    body = (
        "1. Pursuant to the decision of the 58th ASEAN Summit held on 17 May 2029, we, the Ministers, joined the "
        "14th ASEAN Ministerial Meeting on Youth via video conference."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMMY", 14, None, None)
    later = body.replace("via video conference.", "via video conference on 9 June 2031.")
    assert _meeting(extract_metadata("", later, registry=registry)) == ("AMMY", 14, D(2031, 6, 9), D(2031, 6, 9))
    after = (
        "1. We, the Ministers, joined the 14th AMMY on 9 June 2031, ahead of the 59th ASEAN Summit to be held on "
        "20 June 2031."
    )
    assert _meeting(extract_metadata("", after, registry=registry)) == ("AMMY", 14, D(2031, 6, 9), D(2031, 6, 9))
    joint = "1. The 20th AHMM and the 11th AHMM+3 were convened on 6 November 2035 in Yogyakarta, Indonesia."
    assert extract_metadata("", joint, registry=registry).date == D(2035, 11, 6)  # the date of both meetings


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # another meeting in the subject of the sentence's main verb (SYNTHETIC sentences)
        (
            "1. The 8th ASEAN Ministerial Meeting on Disaster Management (AMMDM) and the 9th Meeting of the "
            "Conference of Parties (COP) to the Synthetic Agreement were convened as a joint session on "
            "27 November 2030 in Hanoi, Viet Nam.",
            ("AMMDM", 8, D(2030, 11, 27), "Ha Noi"),
        ),
        (
            "1. The 12th ASEAN Ministerial Meeting on Youth (AMMY), preceded by the 11th Senior Officials Meeting "
            "on Youth, was held on 10 May 2031 in Hanoi, Viet Nam.",
            ("AMMY", 12, D(2031, 5, 10), "Ha Noi"),
        ),
        (
            "1. The 12th ASEAN Education Ministers Meeting and the 6th Synthetic Summit Education Ministers "
            "Meeting were held on 13 October 2032 in Hanoi, Viet Nam.",
            ("ASED", 12, D(2032, 10, 13), "Ha Noi"),
        ),
        # another meeting named together with the statement's, unknown to the registry
        (
            "1. We, the Ministers, met in conjunction with the 8th ASEAN Ministerial Meeting on Youth and the 2nd "
            "Synthetic Youth Meeting on 23 May 2033 in Bandar Seri Begawan, Brunei Darussalam.",
            ("AMMY", 8, D(2033, 5, 23), "Bandar Seri Begawan"),
        ),
    ],
)
def test_a_date_after_a_meeting_named_with_the_statement_s_is_the_meeting_s(
    registry: Registry, sentence: str, expected: tuple[object, ...]
) -> None:
    """Only a date in a clause of another meeting ("the 58th ASEAN Summit held on ...") is that meeting's: one after
    a meeting that is part of the sentence's subject, or named jointly with the statement's, is the statement's."""
    metadata = extract_metadata("", sentence, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.date, metadata.venue_city) == expected


def test_a_later_paragraph_gives_the_date_of_the_same_meeting(registry: Registry) -> None:
    body = (
        "The Secretary-General of ASEAN attended the 14th ASEAN Ministerial Meeting on Youth via video conference "
        "and commended synthetic progress.\n\n"
        "The Fourteenth ASEAN Ministerial Meeting on Youth was convened on 9 June 2031 via video conference."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMMY", 14, D(2031, 6, 9), D(2031, 6, 9))
    other = (
        "1. We, the Ministers, met in Siem Reap, Cambodia for the 14th ASEAN Ministerial Meeting on Youth.\n\n"
        "2. The Ministers attended the 3rd ASEAN Youth Conference held on 8 June 2031."
    )
    metadata = extract_metadata("", other, registry=registry)  # another meeting's date is not taken
    assert _meeting(metadata) == ("AMMY", 14, None, None)
    assert _place(metadata) == ("Siem Reap", "Cambodia", False)


@pytest.mark.parametrize(
    ("place", "city", "country"),
    [
        ("at the Synthetic Riverside Hotel, Vientiane, Lao PDR", "Vientiane", "Lao PDR"),
        ("at Synthetic Palace Hotel, Hanoi, Viet Nam", "Ha Noi", "Viet Nam"),
        ("at the National Synthetic Convention Centre, Nay Pyi Taw", "Nay Pyi Taw", "Myanmar"),
        ("at the Synthetic Beach Resort and Spa, Kampot, Cambodia", "Kampot", "Cambodia"),
        ("at the ASEAN Secretariat, Jakarta, Indonesia", "Jakarta", "Indonesia"),
        ("at the Synthetic Hall of Culture, Malaysia", None, "Malaysia"),  # a building and a country alone
        ("at the Bangkok Synthetic Convention Center", "Bangkok", "Thailand"),  # a building named after its city
    ],
)
def test_a_building_before_the_city_is_not_the_city(
    registry: Registry, place: str, city: str | None, country: str
) -> None:
    body = f"1. The 15th ASEAN Ministerial Meeting on Women was held on 4 October 2031 {place}."
    assert _place(extract_metadata("", body, registry=registry)) == (city, country, False)


def test_a_building_without_a_city_is_no_venue(registry: Registry) -> None:
    body = "1. The 15th ASEAN Ministerial Meeting on Women was held on 4 October 2031 at the Synthetic Garden Hotel."
    assert _place(extract_metadata("", body, registry=registry)) == (None, None, None)


# ------------------------------------------------------------------------------------------ joint, Plus Three meetings


def test_an_ordinal_before_plural_meetings_is_shared_by_the_meetings_named_with_it(registry: Registry) -> None:
    body = (
        "The Ninth Meetings of the ASEAN Ministers Responsible for Culture and Arts (AMCA) and the AMCA Plus Three "
        "(China, Japan and the Republic of Korea) were convened in Yangon on 5-6 May 2032."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMCA", 9, D(2032, 5, 5), D(2032, 5, 6))
    assert (metadata.is_plus_three, metadata.other_meetings) == (False, (Meeting("AMCA", 9, is_plus_three=True),))
    singular = body.replace("Ninth Meetings", "Ninth Meeting").replace("were convened", "was convened")
    assert extract_metadata("", singular, registry=registry).other_meetings == ()  # an unnumbered body is no meeting


def test_a_meetings_acronym_in_brackets_is_not_another_meeting(registry: Registry) -> None:
    body = (
        "1. Cambodia hosted the Fifteenth Conference of the ASEAN Ministers Responsible for Information (15th AMRI) "
        "and the Sixth Conference of ASEAN Plus Three Ministers Responsible for Information (6th AMRI+3) in Siem "
        "Reap, on 3 June 2032."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMRI", 15, D(2032, 6, 3), D(2032, 6, 3))
    assert (metadata.is_plus_three, metadata.other_meetings) == (False, (Meeting("AMRI", 6, is_plus_three=True),))
    assert _place(metadata) == ("Siem Reap", "Cambodia", False)


def test_an_informal_meeting_and_a_meeting_the_ministers_also_met_as(registry: Registry) -> None:
    body = (
        "1. Ministers responsible for the environment of ASEAN Member States held their 12th Informal ASEAN "
        "Ministerial Meeting on the Environment, and also met as the 5th Conference of the Parties to the ASEAN "
        "Agreement on Transboundary Haze Pollution in Pattaya, Thailand on 3-4 September 2032. The Ministers also "
        "met their counterparts at the 8th ASEAN Plus Three Environment Ministers Meeting on 5 September 2032."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMME", 12, D(2032, 9, 3), D(2032, 9, 4))
    assert (metadata.is_plus_three, metadata.other_meetings) == (False, (Meeting("COP-AATHP", 5),))
    plus_three = extract_metadata("", "1. " + body.split(". ", 2)[2], registry=registry)
    assert _meeting(plus_three) == ("AMME", 8, D(2032, 9, 5), D(2032, 9, 5))
    assert (plus_three.is_plus_three, plus_three.other_meetings) == (True, ())


def test_a_meeting_held_in_conjunction_with_the_statement_s_is_a_joint_meeting(registry: Registry) -> None:
    body = (
        "1. The Fifth ASEAN Plus Three Education Ministers Meeting (5th APT EMM) was held on 14 September 2033 in "
        "Luang Prabang, Lao PDR, in conjunction with the Eleventh ASEAN Education Ministers Meeting (11th ASED) and "
        "the Fifth East Asia Summit Education Ministers Meeting (5th EAS EMM). The Meeting was preceded by the 8th "
        "ASEAN Plus Three Senior Officials Meeting on Education held on 12 September 2033."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("ASED", 5, D(2033, 9, 14), D(2033, 9, 14))
    assert (metadata.is_plus_three, metadata.other_meetings) == (True, (Meeting("ASED", 11),))
    assert _place(metadata) == ("Luang Prabang", "Lao PDR", False)
    jointly = "1. The 13th AMMDM was held on 2 May 2033 in Cebu, Philippines, jointly with the 14th COP-AADMER."
    assert extract_metadata("", jointly, registry=registry).other_meetings == (Meeting("COP-AADMER", 14),)


@pytest.mark.parametrize(
    "sentence",
    [
        "The 13th AMMDM was held on 2 May 2033 in Cebu, Philippines, back-to-back with the 44th ACDM.",
        "The 13th AMMDM was held on 2 May 2033 in Cebu, Philippines, and was preceded by the 44th ACDM.",
        # "in conjunction with" there joins the 44th ACDM to the Summit, not to the statement's meeting
        "The 13th AMMDM was held on 2 May 2033 in Cebu, after the 62nd ASEAN Summit held in conjunction with the "
        "44th ACDM.",
    ],
)
def test_a_meeting_held_back_to_back_or_with_another_meeting_is_not_a_joint_meeting(
    registry: Registry, sentence: str
) -> None:
    metadata = extract_metadata("", f"1. {sentence}", registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.other_meetings) == ("AMMDM", 13, ())


def test_an_acronym_in_brackets_inside_a_body_s_name_is_read_through(registry: Registry) -> None:
    body = (
        "1. The 13th ASEAN Ministerial Meeting on Disaster Management (AMMDM) and the 14th Meeting of the "
        "Conference of the Parties (COP) to the ASEAN Agreement on Disaster Management and Emergency Response "
        "(AADMER) were convened on 2 May 2033 in Cebu, Philippines."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMMDM", 13, D(2033, 5, 2), D(2033, 5, 2))
    assert metadata.other_meetings == (Meeting("COP-AADMER", 14),)
    alone = "1. The 14th Meeting of the Conference of the Parties (COP) to the ASEAN Agreement on Transboundary Haze "
    alone += "Pollution was held on 3 May 2033 in Cebu, Philippines."
    assert (extract_metadata("", alone, registry=registry).meeting_body_id) == "COP-AATHP"


def test_the_name_of_a_plus_three_meeting_says_plus_three(registry: Registry) -> None:
    body = (
        "The Eighth ASEAN Plus Three Ministerial Meeting on Social Welfare and Development was convened on 6 June "
        "2032 via video conference."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.is_plus_three) == ("AMMSWD", True)
    assert metadata.meeting_name == "8th ASEAN Plus Three Ministerial Meeting on Social Welfare and Development"
    assert format_meeting_name("AHMM", 12, registry=registry, is_plus_three=True) == (
        "12th ASEAN Plus Three Health Ministers Meeting"
    )
    assert format_meeting_name("AHMM", 12, registry=registry) == "12th ASEAN Health Ministers Meeting"


# ------------------------------------------------------------------------------------------ a link to the full text

_LONG_EXCERPT = f"1. The 9th AMMY was held on 1 May 2030 in Bagan, Myanmar.\n\n2. {_FILLER}"


@pytest.mark.parametrize(
    ("body", "page_text", "completeness"),
    [
        # an excerpt of the statement's paragraphs, the link line removed from the body as web chrome
        (_LONG_EXCERPT, f"{_LONG_EXCERPT}\nDownload the full statement here.", "partial"),
        (_LONG_EXCERPT, f"{_LONG_EXCERPT}\nRead the full joint statement (PDF)", "partial"),
        (f"{_LONG_EXCERPT}\n\nThe full statement is available on the ASEAN website.", None, "partial"),
        # a short page that describes the statement without its paragraphs
        (
            "The 9th AMMY was held on 1 May 2030 in Bagan, Myanmar. The Ministers agreed.",
            "The 9th AMMY was held on 1 May 2030 in Bagan, Myanmar. The Ministers agreed.\nDownload the full "
            "statement here.",
            "landing_page",
        ),
        # the whole statement, with a link to its PDF copy, and a statement that speaks of full employment
        (_LONG_EXCERPT, f"{_LONG_EXCERPT}\nDownload PDF", "complete"),
        (f"{_LONG_EXCERPT} The Ministers will see full employment and read full reports.", None, "complete"),
    ],
)
def test_a_page_that_says_the_full_statement_is_elsewhere_is_not_complete(
    registry: Registry, body: str, page_text: str | None, completeness: str
) -> None:
    title = "JOINT STATEMENT OF THE 9TH AMMY"
    metadata = extract_metadata(title, body, registry=registry, page_text=page_text)
    assert metadata.completeness == completeness


def test_a_venue_written_after_another_numbered_meeting_is_not_the_meetings(registry: Registry) -> None:
    body = (
        "1. We, the Ministers responsible for women, joined the 16th ASEAN Ministerial Meeting on Women organised "
        "on 2 October 2032, ten years after the 6th AMMW hosted in Jakarta, Indonesia."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMMW", 16, D(2032, 10, 2), D(2032, 10, 2))
    assert _place(metadata) == (None, None, None)
    own = body.replace("organised on", "organised in Cebu, Philippines on")
    assert _place(extract_metadata("", own, registry=registry)) == ("Cebu", "Philippines", False)


def test_a_meeting_sentence_giving_only_the_country_takes_the_city_of_the_title_block_in_that_country(
    registry: Registry,
) -> None:
    body = "1. The 9th ASCC Council Meeting was held in Brunei Darussalam on 23 May 2033."
    title = "JOINT STATEMENT OF THE 9TH ASCC COUNCIL MEETING\n23 May 2033, Bandar Seri Begawan, Brunei Darussalam"
    metadata = extract_metadata(title, body, registry=registry)
    assert _place(metadata) == ("Bandar Seri Begawan", "Brunei Darussalam", False)
    elsewhere = title.replace("Bandar Seri Begawan, Brunei Darussalam", "Jakarta, Indonesia")  # the place of issue
    assert _place(extract_metadata(elsewhere, body, registry=registry)) == (None, "Brunei Darussalam", False)
    assert _place(extract_metadata("", body, registry=registry)) == (None, "Brunei Darussalam", False)


def test_a_release_lead_names_the_meeting_without_a_meeting_verb_and_the_next_sentence_its_host(
    registry: Registry,
) -> None:
    """A lead says what ASEAN did "at the 10th AMMDM ... on 17-20 October"; the next sentence, the only one with a
    meeting verb ("were hosted"), names the chairing country and two bodies without a number. The meeting is the
    numbered one of the lead, its date the lead's (the year from the dateline), the chair the current Chair."""
    body = (
        "BANGKOK, 20 October 2032 – ASEAN reaffirmed its resolve to strengthen collaboration in building disaster "
        "resilience at the 10th ASEAN Ministerial Meeting on Disaster Management (AMMDM) and related meetings on "
        "17-20 October. The meetings were hosted by the government of Thailand as the current Chair of AMMDM and "
        "the ASEAN Committee on Disaster Management (ACDM).\n\nThe ministers took stock of the progress made."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert _meeting(metadata) == ("AMMDM", 10, D(2032, 10, 17), D(2032, 10, 20))
    assert metadata.chair == "Thailand"
    incoming = extract_metadata("", body.replace("current Chair", "incoming Chair"), registry=registry)
    assert incoming.chair is None


def test_a_later_sentence_about_the_meeting_names_the_meeting_held_jointly_with_it(registry: Registry) -> None:
    body = (
        "1. The Fourth ASEAN Plus Three Ministerial Meeting on Youth (4th AMMY+3) was held in Brunei Darussalam on "
        "23 May 2033. The Meeting was held in conjunction with the Eighth ASEAN Ministerial Meeting on Youth "
        "(AMMY VIII) and was preceded by the Preparatory Senior Officials Meeting on Youth on 21 May 2033."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.is_plus_three) == ("AMMY", 4, True)
    assert metadata.other_meetings == (Meeting("AMMY", 8, False),)
    after = body.replace("The Meeting was held in conjunction with", "The Ministers recalled the decisions of")
    assert extract_metadata("", after, registry=registry).other_meetings == ()


def test_a_news_lead_naming_the_meeting_with_held_is_read_before_the_sentence_on_who_chaired_it(
    registry: Registry,
) -> None:
    body = (
        "Vientiane (SYN) – The 40th ASEAN Socio-Cultural Community (ASCC) Council Meeting, held in Pakse, Lao PDR on "
        "3 April 2033, endorsed four documents.\n\nThe meeting was chaired by the Minister of Culture of the Lao PDR."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.date) == ("ASCC", 40, D(2033, 4, 3))
    assert _place(metadata) == ("Pakse", "Lao PDR", False)
    recalling = "RECALLING the Declaration adopted at the 42nd ASEAN Summit held in Bali, Indonesia;\n\n" + body.split(
        "\n\n"
    )[1].replace("The meeting", "The 9th ASCC Council Meeting")
    assert extract_metadata("", recalling, registry=registry).meeting_no == 9  # a Summit's participle is not ours


def test_a_meeting_without_a_number_held_in_conjunction_with_a_numbered_one_is_the_meeting(registry: Registry) -> None:
    body = (
        "1. The ASEAN Plus Three Labour Ministers' Meeting was convened in Bandar Seri Begawan, Brunei Darussalam, on "
        "14 May 2034, in conjunction with the 38th ASEAN Labour Ministers' Meeting."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.is_plus_three) == ("ALMM", None, True)
    assert metadata.other_meetings == (Meeting("ALMM", 38, False),)
    numbered = body.replace("The ASEAN Plus Three", "The 8th ASEAN Plus Three")
    metadata = extract_metadata("", numbered, registry=registry)
    assert (metadata.meeting_no, metadata.is_plus_three, metadata.other_meetings) == (
        8,
        True,
        (Meeting("ALMM", 38, False),),
    )


def test_from_gives_a_venue_only_after_a_meeting_verb(registry: Registry) -> None:
    body = (
        "1. The 19th ASEAN Education Ministers Meeting (ASED) was held from 23 to 26 May 2036 in Ipoh, Malaysia, "
        "when Malaysia took the helm of the ASED from Lao PDR."
    )
    assert _place(extract_metadata("", body, registry=registry)) == ("Ipoh", "Malaysia", False)
    helm_first = (
        "1. Malaysia took the helm of the ASEAN Education Ministers Meeting from Lao PDR as the 19th ASED was held "
        "in Ipoh, Malaysia on 23 May 2036."
    )
    assert _place(extract_metadata("", helm_first, registry=registry)) == ("Ipoh", "Malaysia", False)
    attended = "1. The 19th ASED was held on 23 May 2036, attended by delegates from Cambodia and Thailand."
    assert _place(extract_metadata("", attended, registry=registry)) == (None, None, None)


def test_a_dateline_with_an_unknown_place_in_capitals_is_a_dateline(registry: Registry) -> None:
    body = (
        "SELANGOR, 27 May 2036 – Malaysia took the helm of the ASED. The 19th ASEAN Education Ministers Meeting was "
        "convened from 23 to 26 May 2036."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.date, metadata.date_end) == (D(2036, 5, 23), D(2036, 5, 26))  # not the dateline's
    assert metadata.document_kind == "media_release"
    heading = body.replace("SELANGOR,", "JOINT MEDIA STATEMENT,")  # a heading in capitals is no place
    assert extract_metadata("", heading, registry=registry).document_kind != "media_release"


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        ("VIENTIANE – ", "media_release"),
        ("Jakarta (SYN) – ", "media_release"),
        # no dateline: not a release (and, with none of a statement's forms, a news item)
        ("", "other"),
        ("Members – ", "other"),  # a word that is no place
    ],
)
def test_a_news_dateline_without_a_date_makes_a_release(registry: Registry, opening: str, kind: str) -> None:
    body = f"{opening}The 40th ASCC Council Meeting was held in Pakse, Lao PDR on 3 April 2033.\n\nIt noted the plan."
    assert extract_metadata("", body, registry=registry).document_kind == kind


@pytest.mark.parametrize(
    ("sentence", "chair"),
    [
        ("The 40th ASCC Council Meeting was chaired by H.E. Dato' X, Malaysia's Deputy Prime Minister.", "Malaysia"),
        ("Malaysia's Minister of Culture, Mr X, who chaired the 40th ASCC Council Meeting, opened it.", "Malaysia"),
        (
            "H.E. X, Minister of Information of Cambodia and H.E. Y, Minister of Communication of Indonesia were "
            "elected as Chairperson and Vice-Chairperson of the 40th ASCC Council Meeting.",
            "Cambodia",
        ),
        ("H.E. Y of Indonesia was elected Vice-Chairperson of the 40th ASCC Council Meeting.", None),
        ("The Minister, who chaired the 40th ASCC Council Meeting, thanked Thailand for its support.", None),
    ],
)
def test_the_chair_from_the_chairing_persons_country(registry: Registry, sentence: str, chair: str | None) -> None:
    assert extract_metadata("", sentence, registry=registry).chair == chair


@pytest.mark.parametrize(
    ("meeting", "body"),
    [
        ("the Special Video Conference of the ASEAN Health Ministers", "AHMM"),
        ("the Special Meeting of ASEAN Labour Ministers", "ALMM"),
    ],
)
def test_a_meeting_of_the_ministers_names_their_meetings_body(registry: Registry, meeting: str, body: str) -> None:
    metadata = extract_metadata(
        "", f"1. We convened {meeting} on 7 April 2030 to discuss the response.", registry=registry
    )
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.is_plus_three) == (body, None, False)


def test_a_name_written_without_an_inner_the_is_the_name(registry: Registry) -> None:
    body = (
        "1. The 16th ASEAN Ministerial Meeting on Disaster Management (AMMDM) and the 17th Meeting of the Conference "
        "of Parties to ASEAN Agreement on Disaster Management and Emergency Response (COP to AADMER) were held on "
        "4 October 2038 in Putrajaya, Malaysia."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no) == ("AMMDM", 16)
    assert metadata.other_meetings == (Meeting("COP-AADMER", 17, False),)


def test_a_meeting_paragraph_that_names_no_meeting_reads_it_from_the_paragraph_before_or_after(
    registry: Registry,
) -> None:
    """A page that gives each sentence or two as a paragraph: the meeting sentence names no meeting ("…, who chaired
    the meeting, opened …"; "Today, the … convened a virtual meeting …"); the lead before it, or else the sentence
    after it, does."""
    before = (
        "JAKARTA – Regional cooperation on heritage was the focus of the 12th ASEAN Ministers Responsible for "
        "Culture and Arts (AMCA) Meeting, held in Cebu, Philippines last week.\n\n"
        "The Philippine minister, who chaired the meeting, opened it with a call for synthetic unity.\n\n"
        "The ministers also noted the synthetic work plan.\n"
    )
    metadata = extract_metadata("", before, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.is_plus_three) == ("AMCA", 12, False)
    after = (
        "Today, the ASEAN Heads of Civil Service convened a virtual meeting to review their synthetic cooperation.\n\n"
        "The meeting adopted the ASEAN Cooperation on Civil Service Matters (ACCSM) Work Plan 2041-2045.\n"
    )
    assert extract_metadata("", after, registry=registry).meeting_body_id == "ACCSM"
    # a meeting sentence that names its meeting is not read with the paragraphs around it
    own = "The 9th AMMY was held today in Bagan.\n\nThe ministers looked forward to the 10th AMCA Meeting.\n"
    assert _meeting(extract_metadata("", own, registry=registry))[:2] == ("AMMY", 9)
    # nor is a paragraph two away
    far = after.replace("\n\nThe meeting adopted", "\n\nThe ministers spoke.\n\nThe meeting adopted")
    assert extract_metadata("", far, registry=registry).meeting_body_id is None


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            "Joint Statement of the 40th ASCC Council Meeting\n\n"
            "1. The 40th ASCC Council Meeting was held on 3 May 2040.",
            "joint_statement",
        ),
        (
            "ASEAN Declaration on Synthetic Matters WE, the Heads of State, on the occasion of the 70th ASEAN Summit;",
            "declaration",
        ),
        (
            "The Ministers signed today the Pakse Joint Declaration on Synthetic Matters.\n\n"
            "1. The 40th ASCC Council Meeting was held on 3 May 2040.",
            "joint_statement",
        ),
        (
            "The Declaration embodies synthetic aims.\n\n1. The 40th ASCC Council Meeting was held on 3 May 2040.",
            "joint_statement",
        ),
    ],
)
def test_a_kind_named_in_a_sentence_above_the_meeting_is_a_mention_not_the_texts_own(
    registry: Registry, body: str, kind: str
) -> None:
    assert extract_metadata("", body, registry=registry).document_kind == kind


def test_a_release_of_the_day_says_the_meeting_will_convene_and_names_an_earlier_meeting_after(
    registry: Registry,
) -> None:
    body = (
        "The 25th ASEAN Ministerial Meeting on Science and Technology (25th AMMST) will convene today at the "
        "Synthetic Hotel, Kuala Lumpur, Malaysia.\n\nThe ministers are expected to adopt a plan.\n\nPrior to this "
        "meeting, the 86th Meeting of the ASEAN Committee on Science and Technology was held from 7 to 11 November "
        "2033 at the same venue."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.date) == ("AMMST", 25, None)
    assert _place(metadata) == ("Kuala Lumpur", "Malaysia", False)


def test_a_venue_written_as_the_city_of(registry: Registry) -> None:
    body = "1. The 16th AMCA was held in the central city of Hue on 20 April 2034."
    assert _place(extract_metadata("", body, registry=registry)) == ("Hue", "Viet Nam", False)


def test_a_title_block_date_on_its_own_line_above_the_place_line_is_the_meetings(registry: Registry) -> None:
    title = (
        "DECLARATION OF THE 15TH ASEAN HEALTH MINISTERS MEETING\nON SYNTHETIC MATTERS 2040\n28-29 April 2030\n"
        "Yogyakarta, Indonesia"
    )
    body = "WE, the Health Ministers, gathered for the 15th AHMM;\n\nRECALLING the synthetic plan;"
    metadata = extract_metadata(title, body, registry=registry)
    assert (metadata.date, metadata.date_end) == (D(2030, 4, 28), D(2030, 4, 29))
    alone = title.replace("\nYogyakarta, Indonesia", "")  # a date with no place next to it is the page's
    assert extract_metadata(alone, body, registry=registry).date is None


def test_the_number_of_a_chairmanship_is_not_the_meetings(registry: Registry) -> None:
    body = "1. The ASEAN Heads of Civil Service met on 17 November 2035, chaired by H.E. X, the 28th ACCSM Chair."
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no) == ("ACCSM", None)
    assert extract_metadata("", body.replace("ACCSM Chair", "ACCSM"), registry=registry).meeting_no == 28


@pytest.mark.parametrize(
    ("sentence", "chair"),
    [
        ("The 45th ASCC Council Meeting was chaired by Vietnamese Deputy Minister of Culture X.", "Viet Nam"),
        (
            '"We will act," said X, Head of Indonesian National Board for Disaster Management and Chair of the '
            "45th ASCC Council Meeting.",
            "Indonesia",
        ),
        ("The 45th ASCC Council Meeting was chaired by the Minister, with Thai delegates attending.", None),
    ],
)
def test_a_member_states_adjective_names_the_chairing_persons_country(
    registry: Registry, sentence: str, chair: str | None
) -> None:
    assert extract_metadata("", sentence, registry=registry).chair == chair


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Jakarta (VNA) – The 40th ASCC Council Meeting was held in Jakarta on 3 May 2040.", "media_release"),
        ("The 40th ASCC Council Meeting was held yesterday in Pakse, the minister told the media.", "other"),
        ("The 40th ASCC Council Meeting was held in Pakse on 3 May 2040. It adopted a synthetic plan./.", "other"),
        (
            "1. The 40th ASCC Council Meeting was held in Pakse on 3 May 2040. It adopted a synthetic plan.",
            "joint_statement",
        ),
        # no news wording, but none of a statement's forms either (numbers, preamble, "Issued in"): a news item
        ("The 40th ASCC Council Meeting was held in Pakse on 3 May 2040. It adopted a synthetic plan.", "other"),
        ("1. The 40th ASCC Council Meeting was held in Pakse on 3 May 2040, as reported yesterday.", "joint_statement"),
        # an agency's credit under a photo, with its label in any language, and a news item's "source said"
        (
            "Synthetic goals for all\n\nThe 40th ASCC Council Meeting was held in Pakse on 3 May 2040.\n\n"
            "Ministers at the meeting. (Photo: VNA)\n\nIt adopted a synthetic plan.",
            "other",
        ),
        ("The 40th ASCC Council Meeting was held in Pakse on 3 May 2040.\n\nCaption. (Nguồn: TTXVN)", "other"),
        ("Laos hosted the 40th ASCC Council Meeting in Pakse on 3 May 2040, source said.", "other"),
        # a photo credit that is not a news agency's: not a news report
        (
            "1. The 40th ASCC Council Meeting was held in Pakse on 3 May 2040.\n\nCaption. (Photo: ASEC)",
            "joint_statement",
        ),
        # reported speech, and a minister's own ministry reporting that he led a delegation
        (
            "The 40th ASCC Council Meeting was held in Pakse on 3 May 2040.\n\nThe plan will help, he said.",
            "other",
        ),
        (
            "A synthetic Minister led the Malaysian delegation to the 40th ASCC Council Meeting, which was held in "
            "Pakse on 3 May 2040.",
            "other",
        ),
        # a quotation with its speaker, "said on Friday", a byline, a delegation that attended: a report's wording
        (
            'The 40th ASCC Council Meeting was held in Pakse on 3 May 2040.\n\n"It matters," Synthetic Name said.',
            "other",
        ),
        ("The 40th ASCC Council Meeting was held in Pakse on 3 May 2040, a delegate said on Friday.", "other"),
        ("By: Synthetic Desk\n\nThe 40th ASCC Council Meeting was held in Pakse on 3 May 2040.", "other"),
        ("A synthetic official and his delegation attended the 40th ASCC Council Meeting held in Pakse.", "other"),
        # "the Heads of Delegation" in a statement is no report
        (
            "1. The 40th ASCC Council Meeting was held in Pakse on 3 May 2040.\n\n2. The Heads of Delegation agreed.",
            "joint_statement",
        ),
    ],
)
def test_a_news_report_of_a_meeting_is_other(registry: Registry, text: str, kind: str) -> None:
    assert extract_metadata("", text, registry=registry).document_kind == kind


_MENU = "Home\nAbout Us\nNews Room\nPress Release\nPhoto Gallery"


@pytest.mark.parametrize(
    ("title", "opening", "kind"),
    [
        # a kind named with the meeting beats a kind alone in its line: a portal's menu item, an aggregator's label
        (f"{_MENU}\n\nJoint Communiqué\n\nThe Ninth ASEAN Synthetic Ministers Meeting", _HELD, "joint_statement"),
        (f"{_MENU}\n\nJoint Statement of the Ninth ASEAN Ministerial Meeting on Youth", _HELD, "joint_statement"),
        ("01/05/2030 | Press release | Archived content\n\nJoint Statement of the 9th AMMY", _HELD, "joint_statement"),
        ("JOINT STATEMENT\nOF THE NINTH ASEAN SYNTHETIC MEETING", _HELD, "joint_statement"),
        # the kind alone in its line is the text's own when nothing else names a kind with the meeting
        (_MENU, _HELD, "media_release"),
        ("PRESS RELEASE\n\nSynthetic Youth Week Closes", _HELD, "media_release"),
        # the earliest naming wins when it is not alone in its line
        ("Press Release: Youth Ministers Meet\nJoint Statement of the 9th AMMY", _HELD, "media_release"),
        # a kind in a mention below the menu is not the text's own
        (_MENU, f"The Ministers adopted the Joint Statement of the 9th AMMY. {_HELD}", "media_release"),
    ],
)  # fmt: skip
def test_a_kind_named_with_the_meeting_beats_a_kind_alone_in_its_line(
    registry: Registry, title: str, opening: str, kind: str
) -> None:
    assert extract_metadata(title, f"{opening}\n\n{_FILLER}", registry=registry).document_kind == kind


_PREAMBLE = "RECALLING the synthetic commitments of the Leaders;\n\nREAFFIRMING our resolve to act together;"


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        # a summit's first-person lead ending in ";" and preamble clauses under it: a declaration
        (f"{_ON_THE_OCCASION}\n\n{_PREAMBLE}", "declaration"),
        (f"WE, the Heads of State, on the occasion of the 60th ASEAN Summit,\n\n{_PREAMBLE}", "declaration"),
        # no preamble clause under the lead, or a lead that is a sentence: a chairman's statement, as before
        (_ON_THE_OCCASION, "chairmans_statement"),
        (f"{_GATHERED}\n\n{_PREAMBLE}", "chairmans_statement"),
        # ministers, not a summit: a joint statement
        (f"WE, the Ministers of ASEAN, met in Bagan, Myanmar for the 9th AMMY;\n\n{_PREAMBLE}", "joint_statement"),
    ],
)  # fmt: skip
def test_a_summit_s_first_person_lead_over_preamble_clauses_is_a_declaration(
    registry: Registry, opening: str, kind: str
) -> None:
    assert extract_metadata("Bagan, 1 May 2030", f"{opening}\n\n{_FILLER}", registry=registry).document_kind == kind


@pytest.mark.parametrize(
    "title",
    [
        "Chairman Press Statement of the Synthetic Session at the 60th ASEAN Summit",
        "Chairman Statement",
        "Chair Statement",
    ],
)
def test_a_chairman_s_statement_named_without_the_possessive(registry: Registry, title: str) -> None:
    body = f"The Synthetic Session at the 60th ASEAN Summit was held on 1 May 2030.\n\n{_FILLER}"
    assert extract_metadata(title, body, registry=registry).document_kind == "chairmans_statement"


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        # a dateline in capitals with a date on the first line makes a release, whatever the lead's verb and a
        # news report's "yesterday" further down
        ("PAKSE, 3 MAY 2040 – The Synthetic Youth Conference brought together youth ministers.", "media_release"),
        ("PAKSE, 3 May 2040 – ASEAN strives to serve its synthetic peoples.", "media_release"),
        # no dateline, or one not in capitals: as before
        ("The Synthetic Youth Conference brought together youth ministers.", "other"),
        ("Pakse, Laos, 3 May 2040 – ASEAN strives to serve its synthetic peoples.", "other"),
    ],
)
def test_a_dateline_in_capitals_on_the_first_line_makes_a_release(registry: Registry, opening: str, kind: str) -> None:
    body = f"{opening}\n\nAs a prelude, two synthetic side events took place yesterday at the 40th ASCC Council."
    assert extract_metadata("", body, registry=registry).document_kind == kind


@pytest.mark.parametrize(
    ("body", "city", "country"),
    [
        # a relative clause in the present tense is a meeting sentence; a building before the city is not the city
        (
            "KUCHING, 3 May 2040 – ASEAN strives for synthetic health. These are the aims of the 40th ASEAN Ministers "
            "Responsible for Information (AMRI) and Related Meetings which currently take place at the Synthetic "
            "Convention Centre, Kuching.",
            "Kuching",
            "Malaysia",
        ),
        # no meeting verb: the place written right after the meeting's name, in a noun phrase or a participle
        (
            "Culture matters, said the Minister during the ninth meeting of the ASEAN Ministers Responsible for "
            "Culture and Arts (AMCA) in Singapore on May 3.",
            "Singapore",
            "Singapore",
        ),
        ("The Minister spoke at the 9th AMCA Meeting in Bangkok, Thailand.", "Bangkok", "Thailand"),
        (
            "The Ministry outlined synthetic priorities during the Special Meeting of the Senior Officials Committee "
            "for the ASEAN Socio-Cultural Community (SOCA) held today in Desaru here.",
            "Desaru",
            "Malaysia",
        ),
        # another meeting of the body, or another body's meeting, is not the meeting's place
        (
            "The Minister spoke at the 9th AMCA Meeting, recalling the 4th AMCA in Bangkok, Thailand.",
            None,
            None,
        ),
        (
            "The Minister spoke at the 9th AMCA Meeting, recalling the ASEAN Ministerial Meeting on Youth in "
            "Bangkok, Thailand.",
            None,
            None,
        ),
    ],
)
def test_a_venue_written_after_the_meeting_s_name(
    registry: Registry, body: str, city: str | None, country: str | None
) -> None:
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.venue_city, metadata.venue_country) == (city, country)
    assert metadata.is_video_conference is (False if city else None)


@pytest.mark.parametrize(
    ("closing", "date"),
    [
        # the month of another meeting named in an "adopted at" clause is that meeting's
        ("The Plan will be adopted at the 70th ASEAN Summit in May 2040.", None),
        ("The Plan will be adopted at the 70th ASEAN Summit in Kuching on 3 May 2040.", None),
        # the statement's own "Adopted at" line, naming its own meeting, still dates it
        ("Adopted at the 9th AMCA Meeting in Kuching on 3 May 2040.", DateSpan(D(2040, 5, 3), D(2040, 5, 3), "day")),
    ],
)
def test_an_adopted_at_clause_of_another_meeting_does_not_date_the_statement(
    registry: Registry, closing: str, date: DateSpan | None
) -> None:
    body = f"The Ministry outlined synthetic priorities during the 9th AMCA Meeting.\n\n{closing}"
    metadata = extract_metadata("", body, registry=registry)
    found = DateSpan(metadata.date, metadata.date_end, metadata.date_precision) if metadata.date else None
    assert found == date
    assert metadata.venue_city == ("Kuching" if date else None)


@pytest.mark.parametrize(
    ("sentence", "chair"),
    [
        # a country in its capacity as Chair of the meeting's body
        ("The 40th AMMSWD was an initiative put forth by Laos as its capacity as Chair of the AMMSWD.", "Lao PDR"),
        ("The 40th AMMSWD was opened by Cambodia, in its capacity as the Chair of the AMMSWD.", "Cambodia"),
        ("At the 40th AMMSWD, Thailand – the Chair of the AMMSWD during 2040-2042 – spoke first.", "Thailand"),
        (
            "The 40th AMMSWD opened with Brunei, as Chair of the ASEAN Ministerial Meeting on Social Welfare and "
            "Development, in the lead.",
            "Brunei Darussalam",
        ),
        ("The 40th AMMSWD opened with Brunei, as Chair of ASEAN in 2040, in the lead.", None),
        # the chair of another body, or of another meeting of the body, is not the meeting's chair
        ("At the 40th AMMSWD, Thailand – the Chair of the AMRI during 2040-2042 – spoke first.", None),
        ("At the 40th AMMSWD, Laos as its capacity as Chair of the ASEAN Ministerial Meeting on Youth spoke.", None),
        ("At the 40th AMMSWD, Mr X of Thailand, who chaired the 39th AMMSWD, spoke first.", None),
        # "served as Chairperson and Vice-chairperson ..., respectively": the first person named is the chair
        (
            "The 40th AMMSWD was held in Bagan. Dr. X of Indonesia and Ms. Y of the Lao PDR served as Chairperson and "
            "Vice-chairperson of the 40th AMMSWD, respectively.",
            "Indonesia",
        ),
        # the active voice, with the person's country in the person's description
        (
            "The Synthetic Youth Conference was held in Bagan. Minister and Chairman of the Viet Nam Youth Union "
            "Nguyen X chaired the Conference.",
            "Viet Nam",
        ),
    ],
)
def test_chair_phrasings_of_the_meeting_s_body(registry: Registry, sentence: str, chair: str | None) -> None:
    assert extract_metadata("", sentence, registry=registry).chair == chair


def test_the_chair_of_another_body_named_later_does_not_beat_the_person_who_chaired(registry: Registry) -> None:
    body = (
        "The Synthetic Youth Conference was held in Bagan. Minister and Chairman of the Viet Nam Youth Union Nguyen X "
        "chaired the Conference.\n\nMr Y of the Lao Youth Union and Chair of the ASEAN Ministerial Meeting on Youth "
        "spoke next."
    )
    assert extract_metadata("", body, registry=registry).chair == "Viet Nam"


@pytest.mark.parametrize(
    ("body", "plus_three"),
    [
        # a meeting reported without a registry body or a number is not a Plus Three meeting
        ("ASEAN Ministers responsible for synthetic affairs met in Bagan, Myanmar on 1 May 2030.", False),
        ("The Synthetic Youth Leaders' Conference was held in Bagan, Myanmar on 1 May 2030.", False),
        # a Plus Three meeting of a body the registry does not know: not known
        ("The ASEAN Plus Three Synthetic Ministers met in Bagan, Myanmar on 1 May 2030.", None),
        # no meeting at all
        ("Synthetic words about nothing in particular.", None),
    ],
)
def test_plus_three_is_false_for_a_meeting_reported_without_one(
    registry: Registry, body: str, plus_three: bool | None
) -> None:
    assert extract_metadata("", body, registry=registry).is_plus_three is plus_three


@pytest.mark.parametrize(
    ("later", "video"),
    [
        # "the virtual meeting" / "the video conference" in an opening paragraph after the lead is the meeting's
        ("Chairing the virtual meeting, the Minister proposed synthetic cooperation.", True),
        ("The video conference was attended by synthetic delegates.", True),
        ("Delegates of three dialogue partners joined the virtual meetings.", True),
        # the meetings held by video conference
        ("The meetings took place on 3 May 2040 via a videoconference under a synthetic chair.", True),
        ("Thailand hosted the meetings on 3-4 May via virtual conference.", True),
        # another meeting held by video conference, or the platform: not the meeting's format
        ("The virtual meeting of the senior officials had prepared it.", None),
        ("The 6th AMRI+3 was held via video conference the same day.", None),
        ("They thanked the host for the video conference platform.", None),
    ],
)
def test_the_virtual_meeting_in_an_opening_paragraph_is_the_meeting_s_format(
    registry: Registry, later: str, video: bool | None
) -> None:
    body = f"The 15th AMRI opened on 3 May 2040 under a synthetic theme.\n\nIt was hosted by Thailand.\n\n{later}"
    metadata = extract_metadata("", body, registry=registry)
    assert metadata.is_video_conference is video
    assert (metadata.venue_city, metadata.venue_country) == (None, None)


@pytest.mark.parametrize(
    "body",
    [
        # a month's name inside a country's name ("Myanmar") is no month: no dateline that eats the venue and first day
        "The 14th AMMST was held in Mandalay, Myanmar, on 3-4 March 2041. The Meeting was chaired by a Minister.",
        "The 14th AMMST was held in Mandalay, Myanmar on 3-4 March 2041.",
    ],
)
def test_a_day_range_after_a_venue_whose_country_holds_a_month_s_name(registry: Registry, body: str) -> None:
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no) == ("AMMST", 14)
    assert (metadata.date, metadata.date_end) == (D(2041, 3, 3), D(2041, 3, 4))
    assert (metadata.venue_city, metadata.venue_country, metadata.is_video_conference) == ("Mandalay", "Myanmar", False)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the meeting as the object of who opened it, before a sentence on another meeting "was held"
        (
            "CITY - A synthetic Minister officially opened the 15th AMRI in Bangkok on Monday.\n\n"
            "Before it, the 9th SOMRI was held on 3 and 4 May 2040.",
            ("AMRI", 15, None, ("Bangkok", "Thailand")),
        ),
        # the meeting as the object of who chaired it, after a lead that names the body without a number
        (
            "The SOMHD looks at synthetic health matters.\n\n"
            "Health matters, a synthetic official said while chairing the 12th SOMHD yesterday.",
            ("SOMHD", 12, None, (None, None)),
        ),
        # "was concluded" on a day, the year from the dateline; the senior officials' meeting before it is another
        (
            "BANGKOK, 6 May 2040 – Cooperation goes on. The 15th AMRI was concluded on 6 May, and was preceded by the "
            "9th SOMRI held on 4 May.\n\nThe 9th SOMRI+3 was held on 4 May 2040.",
            ("AMRI", 15, D(2040, 5, 6), (None, None)),
        ),
    ],
)
def test_a_meeting_opened_chaired_or_concluded_in_a_report_s_lead(
    registry: Registry, body: str, expected: tuple[str, int, dt.date | None, tuple[str | None, str | None]]
) -> None:
    metadata = extract_metadata("", body, registry=registry)
    body_id, number, date, venue = expected
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.is_plus_three) == (body_id, number, False)
    assert (metadata.date, metadata.date_end) == (date, date)
    assert (metadata.venue_city, metadata.venue_country) == venue


@pytest.mark.parametrize(
    ("body", "plus_three"),
    [
        # no meeting sentence, but a report names a numbered meeting outside the registry: not a Plus Three one
        (
            "CITY - Leaders agreed here on goals.\n\nIn a text adopted at the 62nd ASEAN Summit, they agreed.",
            False,
        ),
        # the sentence that names it says Plus Three: not known
        ("CITY - Leaders agreed here.\n\nIn a text adopted at the 9th ASEAN Plus Three Summit, they agreed.", None),
        # no numbered meeting named at all
        ("CITY - Leaders agreed here on synthetic goals.\n\nThey also agreed on more synthetic goals.", None),
    ],
)
def test_plus_three_of_a_numbered_meeting_named_only_in_a_report_s_clause(
    registry: Registry, body: str, plus_three: bool | None
) -> None:
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.is_plus_three) == (None, plus_three)


@pytest.mark.parametrize(
    ("body", "venue", "video"),
    [
        # "here" in the meeting sentence: the place of a news dateline without a date
        (
            "Luang Prabang (Antara) - A Minister opened the ASCC Council Meeting here on Monday.",
            ("Luang Prabang", "Lao PDR"),
            False,
        ),
        # no "here": the dateline is only where the report was filed
        ("Pakse (Antara) - A synthetic Minister opened the ASCC Council Meeting on Monday.", (None, None), None),
        # a place of its own beats the dateline's
        (
            "Pakse (Antara) - The Minister opened the ASCC Council Meeting here in Vientiane.",
            ("Vientiane", "Lao PDR"),
            False,
        ),
    ],
)
def test_here_in_a_news_lead_is_the_place_of_its_dateline(
    registry: Registry, body: str, venue: tuple[str | None, str | None], video: bool | None
) -> None:
    metadata = extract_metadata("", body, registry=registry)
    assert metadata.meeting_body_id == "ASCC"
    assert (metadata.venue_city, metadata.venue_country, metadata.is_video_conference) == (*venue, video)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the ministers of a body's name as the subject of "We": the body, with or without a number named later
        ("We, the ASEAN Health Ministers, met on 7 April 2040 via video conference.", ("AHMM", None, False)),
        ("We, the Health Ministers of ASEAN Member States, met on 7 April 2040.", ("AHMM", None, False)),
        ("WE, THE LABOUR MINISTERS OF THE ASEAN MEMBER STATES, met on 7 April 2040.", ("ALMM", None, False)),
        ("We, the ASEAN Labour Ministers, met on 7 April 2040 for the 50th ALMM.", ("ALMM", 50, False)),
        # a body named by the ministers' remit
        (
            "We, the ASEAN Ministers responsible for Social Welfare and Development, met on 7 April 2040.",
            ("AMMSWD", None, False),
        ),
        (
            "We, the Ministers responsible for Culture and Arts of ASEAN Member States, met on 7 April 2040.",
            ("AMCA", None, False),
        ),
        # Plus Three: in the name, or the three countries after the ministers
        ("We, the ASEAN Plus Three Health Ministers, met on 7 April 2040.", ("AHMM", None, True)),
        (
            "We, the Health Ministers of ASEAN Member States and the People's Republic of China, Japan and the "
            "Republic of Korea, met on 7 April 2040.",
            ("AHMM", None, True),
        ),
        (
            "We, the Ministers responsible for Social Welfare and Development of ASEAN, the People's Republic of China "
            "(PRC), Japan and the Republic of Korea (ROK) met on 7 April 2040.",
            ("AMMSWD", None, True),
        ),
        # ministers of no body of the registry: no body
        ("We, the Ministers of ASEAN Member States, met on 7 April 2040.", (None, None, False)),
    ],
)
def test_we_the_ministers_of_a_body_name_the_meeting(
    registry: Registry, body: str, expected: tuple[str | None, int | None, bool | None]
) -> None:
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.is_plus_three) == expected
    assert metadata.date == D(2040, 4, 7)


@pytest.mark.parametrize(
    ("body", "video"),
    [
        # "conducted a", "held a": active verbs of a meeting sentence
        (
            "We, the Health Ministers of ASEAN Member States, conducted a Special Video Conference on 7 April 2040 "
            "to fight a synthetic disease.",
            True,
        ),
        ("We, the ASEAN Health Ministers, conducted the Special Meeting through VDO Conference on 7 April 2040.", True),
        ("We, the ASEAN Health Ministers, held a special meeting in Bangkok, Thailand on 7 April 2040.", False),
    ],
)
def test_conducted_and_held_a_meeting_are_meeting_verbs(registry: Registry, body: str, video: bool) -> None:
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.date, metadata.is_video_conference) == ("AHMM", D(2040, 4, 7), video)
    assert metadata.document_kind == "joint_statement"


def test_a_date_in_a_recalling_clause_is_not_the_meeting_s(registry: Registry) -> None:
    body = (
        "RECALLING the ASEAN Declaration on Synthetic Matters adopted on 12 November 2038 in Ha Noi, Viet Nam;\n\n"
        "NOTING the ASEAN Plan of Action adopted on 3 May 2039;\n\n"
        "WE, the ASEAN Health Ministers, agree to work together."
    )
    metadata = extract_metadata(
        "JOINT STATEMENT OF THE SPECIAL ASEAN HEALTH MINISTERS MEETING", body, registry=registry
    )
    assert metadata.meeting_body_id == "AHMM"
    assert (metadata.date, metadata.venue_city, metadata.venue_country) == (None, None, None)


@pytest.mark.parametrize(
    ("body", "date", "venue"),
    [
        # a date or place in a clause that recalls an instrument, or says where and when it was adopted
        (
            "The 50th ALMM was held in Vientiane, Lao PDR, recalling the ASEAN Declaration adopted on 12 May 2038.",
            None,
            "Vientiane",
        ),
        (
            "We, the ASEAN Labour Ministers, met by video conference, recalling the Declaration of 12 May 2038.",
            None,
            None,
        ),
        (
            "We, the ASEAN Labour Ministers, recalling the Declaration adopted in Hanoi, Viet Nam, met in Bangkok, "
            "Thailand on 12 May 2040.",
            D(2040, 5, 12),
            "Bangkok",
        ),
        # the meeting named after the instrument's verb, or a meeting verb after it: the meeting's date
        ("The Declaration was adopted at the 50th ALMM held on 12 May 2040 in Bangkok.", D(2040, 5, 12), "Bangkok"),
        (
            "The Declaration was adopted by the ASEAN Labour Ministers, who met on 12 May 2040 in Bangkok.",
            D(2040, 5, 12),
            "Bangkok",
        ),
    ],
)
def test_a_date_or_place_of_a_recalled_instrument_is_not_the_meeting_s(
    registry: Registry, body: str, date: dt.date | None, venue: str | None
) -> None:
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.date, metadata.venue_city) == (date, venue)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        # a news lead that names the meeting as what a country is hosting, or whose opening someone spoke at (reported
        # speech): a news report
        ("Thailand is hosting the 10th AMMDM in Bangkok on 12-13 May 2040, with ministers of the region.", "other"),
        (
            "The Minister told the opening ceremony of the 10th AMMDM in Bangkok on 12-13 May 2040 that it mattered.",
            "other",
        ),
        (
            "Speaking at the opening of the 10th AMMDM in Bangkok on 12-13 May 2040, the Minister said it mattered.",
            "other",
        ),
    ],
)
def test_a_meeting_named_as_hosted_or_opened_in_a_news_lead(registry: Registry, body: str, kind: str) -> None:
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no) == ("AMMDM", 10)
    assert (metadata.date, metadata.date_end, metadata.venue_city) == (D(2040, 5, 12), D(2040, 5, 13), "Bangkok")
    assert (metadata.document_kind, metadata.chair) == (kind, None)


def test_a_news_lead_names_the_meetings_that_the_next_paragraph_refers_back_to(registry: Registry) -> None:
    body = (
        "Pakse (Antara) – ASEAN renewed its synthetic resolve at the 50th ASEAN Ministerial Meeting on Disaster "
        "Management (AMMDM) and 51st Meeting of the Conference of the Parties to the ASEAN Agreement on Disaster "
        "Management and Emergency Response (AADMER) on 20 October 2040.\n\n"
        "The meetings were hosted by the Government of Thailand as the current Chair of AMMDM and ASEAN Committee on "
        "Disaster Management (ACDM).\n\nThe ministers noted the synthetic progress."
    )
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no) == ("AMMDM", 50)
    assert metadata.other_meetings == (Meeting("COP-AADMER", 51, False),)
    assert (metadata.date, metadata.chair) == (D(2040, 10, 20), "Thailand")
    # a paragraph that names its own meeting keeps it
    own = body.replace("The meetings were hosted", "The 9th ACDM Meeting was hosted")
    assert extract_metadata("", own, registry=registry).meeting_body_id == "ACDM"


def test_a_page_s_date_label_in_the_lead_is_not_the_meeting_s_date(registry: Registry) -> None:
    body = "date 2040-10-21 Pakse (Antara) – The 50th AMMDM was held in Pakse, Lao PDR.\n\nThe ministers agreed."
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.venue_city) == ("AMMDM", 50, "Pakse")
    assert (metadata.date, metadata.year) == (None, None)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the subject's own number after "held its": not the number of a meeting named after it
        (
            "The ASEAN Committee on Disaster Management (ACDM) has held its 50th Meeting together with the 3rd ACDM "
            "Plus Three on 3 May 2040.",
            ("ACDM", 50, (Meeting("ACDM", 3, True),)),
        ),
        ("The ASEAN Committee on Women (ACW) held its Fifteenth Meeting on 3 May 2040.", ("ACW", 15, ())),
        # a meeting held back-to-back with another is not held jointly with it
        ("The ACW held its 15th Meeting back-to-back with the 12th ACW+3 on 3 May 2040.", ("ACW", 15, ())),
    ],
)
def test_a_body_s_own_meeting_number_after_held_its(
    registry: Registry, body: str, expected: tuple[str, int, tuple[Meeting, ...]]
) -> None:
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.other_meetings) == expected


def test_a_country_with_an_appositive_chair_of_the_meeting_s_body_chairs(registry: Registry) -> None:
    body = (
        "The ASEAN Committee on Disaster Management (ACDM) held its 50th Meeting on 3 May 2040.\n\n"
        "The Department of Synthetic Matters of the Ministry of Interior of Thailand, the Chair of ACDM in 2040, "
        "hosted the meetings."
    )
    assert extract_metadata("", body, registry=registry).chair == "Thailand"
    # the chair of another body in apposition is not the meeting's chair
    other = body.replace("the Chair of ACDM in 2040", "the Chair of the ACW in 2040")
    assert extract_metadata("", other, registry=registry).chair is None


@pytest.mark.parametrize(
    ("city", "country"),
    [("Makati", "Philippines"), ("Pakse", "Lao PDR"), ("Ha Long", "Viet Nam"), ("Chiang Rai", "Thailand")],
)
def test_a_known_venue_named_by_its_city_alone(registry: Registry, city: str, country: str) -> None:
    metadata = extract_metadata("", f"The 9th AMMW was held in {city} on 3 May 2040.", registry=registry)
    assert (metadata.venue_city, metadata.venue_country) == (city, country)


@pytest.mark.parametrize(
    ("body", "date"),
    [
        # a release's dateline with the date alone: a media release; the year of a day without one comes from it
        ("13 August 2040 – Members of the ACDM convened at the 50th ACDM Meeting on 11 August online.", D(2040, 8, 11)),
        ("August 13, 2040 - The 50th ACDM Meeting was held today via video conference.", D(2040, 8, 13)),
    ],
)
def test_a_dateline_with_the_date_alone(registry: Registry, body: str, date: dt.date) -> None:
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.meeting_no, metadata.date) == ("ACDM", 50, date)
    assert (metadata.document_kind, metadata.venue_city) == ("media_release", None)


@pytest.mark.parametrize(("body_chaired", "chair"), [("ACDM's", "Philippines"), ("ACW's", None)])
def test_a_possessive_body_s_current_chair_between_dashes(
    registry: Registry, body_chaired: str, chair: str | None
) -> None:
    body = (
        "The 50th ACDM Meeting was held on 3 May 2040.\n\n"
        f"The Office of Civil Defense Philippines – {body_chaired} current Chair – hosted the online meeting."
    )
    assert extract_metadata("", body, registry=registry).chair == chair


@pytest.mark.parametrize(
    "body",
    [
        # a meeting that "opened in" a place, named with "Senior Official", or by its acronym with a number after it
        "The 15th ASEAN Senior Official Meeting on Sports (SOMS-15) opened in Hue on 14 October 2040.",
        "The SOMS-15 opened in Hue on 14 October 2040.",
    ],
)
def test_a_meeting_that_opened_in_a_place_and_an_acronym_with_a_number(registry: Registry, body: str) -> None:
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.meeting_body_id, metadata.venue_city, metadata.date) == ("SOMS", "Hue", D(2040, 10, 14))


def test_a_meeting_launched_in_a_place_is_held_there(registry: Registry) -> None:
    body = "The 9th AMMW was launched in Hue, Viet Nam, on 3 May 2040, and the Ministers met all day."
    metadata = extract_metadata("", body, registry=registry)
    assert (metadata.venue_city, metadata.date) == ("Hue", D(2040, 5, 3))
