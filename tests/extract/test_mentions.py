"""Tests of body-mention extraction (the ``body_mentions`` table).

Every paragraph text below is SYNTHETIC, written for these tests, except in ``test_seed_statement_*``, which reads
the real 32nd ASCC Council statement from the shared corpus and asserts only short spans (body names).
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
import yaml
from polars.testing import assert_frame_equal

from ascc_analysis.errors import SchemaError
from ascc_analysis.extract.mentions import BodyMention, _compile, extract_body_mentions, find_body_mentions
from ascc_analysis.registry import Registry, load_registry
from ascc_analysis.schemas import BODY_MENTIONS, PARAGRAPHS

DOC = "synthetic-doc"

# (paragraph number, body_id, match_kind, matched_text[, n]): the span is the n-th occurrence of matched_text in the
# paragraph (counting from 1); without n, the first occurrence after the previous row's span in that paragraph.
Row = tuple[int, str | None, str, str] | tuple[int, str | None, str, str, int]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def _paragraphs(*texts: str, doc_id: str = DOC, levels: tuple[str, ...] | None = None) -> pl.DataFrame:
    """A synthetic ``paragraphs`` table: one numbered paragraph per text (para_id ``<doc_id>/pNN``)."""
    levels = levels or ("paragraph",) * len(texts)
    rows = []
    offset = 0
    for seq, (text, level) in enumerate(zip(texts, levels, strict=True), start=1):
        rows.append(
            {
                "doc_id": doc_id,
                "para_id": f"{doc_id}/p{seq:02d}" if level != "sub_item" else f"{doc_id}/p{seq - 1:02d}.a",
                "seq": seq,
                "level": level,
                "para_no": seq if level != "preamble" else 0,
                "sub_item": "a" if level == "sub_item" else None,
                "is_numbered": True,
                "text": text,
                "char_start": offset,
                "char_end": offset + len(text),
            }
        )
        offset += len(text) + 2
    return pl.DataFrame(rows, schema=PARAGRAPHS.schema, orient="row")


def _expected(texts: tuple[str, ...], rows: list[Row], *, doc_id: str = DOC) -> pl.DataFrame:
    """The expected ``body_mentions`` frame, with spans located as described at :data:`Row`."""
    records = []
    searched_from: dict[int, int] = {}
    for row in rows:
        para_no, body_id, match_kind, matched_text = row[:4]
        text = texts[para_no - 1]
        if len(row) == 5:
            starts = [m.start() for m in re.finditer(re.escape(matched_text), text)]
            start = starts[row[4] - 1]
        else:
            start = text.index(matched_text, searched_from.get(para_no, 0))
        searched_from[para_no] = start + len(matched_text)
        records.append(
            {
                "doc_id": doc_id,
                "para_id": f"{doc_id}/p{para_no:02d}",
                "body_id": body_id,
                "is_generic": match_kind == "generic",
                "match_kind": match_kind,
                "matched_text": matched_text,
                "char_start": start,
                "char_end": start + len(matched_text),
            }
        )
    return pl.DataFrame(records, schema=BODY_MENTIONS.schema, orient="row").sort("para_id", "char_start")


def _check(texts: tuple[str, ...], rows: list[Row], *, registry: Registry | None = None) -> None:
    mentions = extract_body_mentions(_paragraphs(*texts), registry=registry)
    assert_frame_equal(mentions, _expected(texts, rows))


# --- rules, on synthetic paragraphs -------------------------------------------------------------------------------


def test_acronyms_are_whole_words_acw_is_not_inside_acwc(registry: Registry) -> None:
    texts = ("The ACW briefed the ACWC, and the ACWs agreed; ACWCs and XACW and ACWX and acw were silent.",)
    _check(
        texts,
        [(1, "ACW", "acronym", "ACW"), (1, "ACWC", "acronym", "ACWC"), (1, "ACW", "acronym", "ACW"),
         (1, "ACWC", "acronym", "ACWC")],
        registry=registry,
    )  # fmt: skip


def test_possessives_and_plurals_are_left_out_of_the_span(registry: Registry) -> None:
    texts = ("The AMMSWD's plan, the ACDM’s report and the SOMs met; the ASCC Council Meetings and AHMMS'.",)
    mentions = extract_body_mentions(_paragraphs(*texts), registry=registry)
    assert mentions.select("body_id", "match_kind", "matched_text", "char_start", "char_end").rows() == [
        ("AMMSWD", "acronym", "AMMSWD", 4, 10),
        ("ACDM", "acronym", "ACDM", 23, 27),
        ("ASCC", "alias", "ASCC Council", 59, 71),
    ]


def test_asean_alone_and_bare_ascc_are_not_bodies(registry: Registry) -> None:
    texts = (
        "ASEAN and the ASCC Blueprint 2025, the ASCC Pillar, the progress of the ASCC, the ASCC’s agenda and the "
        "ASEAN Socio-Cultural Community Pillar; the ASCC Council and the ASEAN Socio-Cultural Community Council.",
        "The ASEAN Socio-Cultural Community (ASCC) Council and the ASEAN Socio-Cultural Community (ASCC) met.",
    )
    _check(
        texts,
        [
            (1, "ASCC", "alias", "ASCC Council"),
            (1, "ASCC", "name", "ASEAN Socio-Cultural Community Council"),
            (2, "ASCC", "alias", "ASEAN Socio-Cultural Community (ASCC) Council"),
        ],
        registry=registry,
    )


def test_full_name_with_its_acronym_in_brackets_is_one_mention(registry: Registry) -> None:
    texts = (
        "The ASEAN Committee on Women (ACW) and the ASEAN Committee on Women ( ACW ) met the "
        "ASEAN Committee on Women (ACWC) and the ASEAN Centre for Biodiversity (ACB), then the ACB.",
    )
    _check(
        texts,
        [
            (1, "ACW", "name", "ASEAN Committee on Women"),
            (1, "ACW", "name", "ASEAN Committee on Women"),
            (1, "ACW", "name", "ASEAN Committee on Women"),
            (1, "ACWC", "acronym", "ACWC"),
            (1, "ACB", "name", "ASEAN Centre for Biodiversity"),
            (1, "ACB", "acronym", "ACB", 2),
        ],
        registry=registry,
    )


def test_apostrophe_and_meeting_variants_of_names(registry: Registry) -> None:
    texts = (
        "The ASEAN Labour Ministers’ Meeting, the ASEAN Labour Ministers' Meeting, the ASEAN Labour Ministers Meeting, "
        "the ASEAN Labour Ministerial Meeting and the asean labor ministers meeting (ALMM) met.",
        # the last name is broken across a line, as in text extracted from a PDF
        "The ASEAN Health Ministers’ Meeting and the ASEAN Education Ministerial Meeting and the ASEAN Ministers "
        "\nResponsible for Information.",
    )
    _check(
        texts,
        [
            (1, "ALMM", "name", "ASEAN Labour Ministers’ Meeting"),
            (1, "ALMM", "name", "ASEAN Labour Ministers' Meeting"),
            (1, "ALMM", "name", "ASEAN Labour Ministers Meeting"),
            (1, "ALMM", "name", "ASEAN Labour Ministerial Meeting"),
            (1, "ALMM", "name", "asean labor ministers meeting"),
            (2, "AHMM", "name", "ASEAN Health Ministers’ Meeting"),
            (2, "ASED", "name", "ASEAN Education Ministerial Meeting"),
            (2, "AMRI", "name", "ASEAN Ministers \nResponsible for Information"),
        ],
        registry=registry,
    )


def test_plus_three_before_or_after_the_body_is_a_mention_of_the_body(registry: Registry) -> None:
    texts = (
        "We welcomed the outcome of the 9th ASEAN Plus Three Health Ministers Meeting and of the AHMM+3.",
        "The ASEAN+3 Labour Ministers' Meeting and the ASEAN Plus Three Senior Officials Meeting on Health "
        "Development met; the ASEAN Health Ministers Meeting Plus Three did too.",
        # no body: the Plus Three countries, and "ASEAN Plus Three" before a name that is not a meeting's
        "ASEAN Plus Three countries and the ASEAN Plus Three Foundation.",
    )
    _check(
        texts,
        [
            (1, "AHMM", "name", "ASEAN Plus Three Health Ministers Meeting"),
            (1, "AHMM", "acronym", "AHMM"),
            (2, "ALMM", "name", "ASEAN+3 Labour Ministers' Meeting"),
            (2, "SOMHD", "alias", "ASEAN Plus Three Senior Officials Meeting on Health Development"),
            (2, "AHMM", "name", "ASEAN Health Ministers Meeting"),
        ],
        registry=registry,
    )


def test_a_sectoral_ministers_meeting_name_with_plus_three_before_it(registry: Registry) -> None:
    texts = (
        "The Ministers met their counterparts at the 8th ASEAN Plus Three Environment Ministers Meeting, after the "
        "ASEAN Environment Ministers Meeting of the day before.",
        # no meeting: the environment ministers of the Plus Three countries
        "The ASEAN Plus Three environment ministers exchanged views.",
    )
    _check(
        texts,
        [
            (1, "AMME", "alias", "ASEAN Plus Three Environment Ministers Meeting"),
            (1, "AMME", "alias", "ASEAN Environment Ministers Meeting"),
        ],
        registry=registry,
    )


def test_aliases_hyphen_spacing_and_centre_variants(registry: Registry) -> None:
    texts = (
        "The ASEAN Socio-\nCultural Community Council, the ASEAN Socio Cultural Community Council, the Senior "
        "Officials Committee for the ASCC, the AHA Centre, the AHA Center and the ASEAN Centre for Climate Change.",
    )
    _check(
        texts,
        [
            (1, "ASCC", "name", "ASEAN Socio-\nCultural Community Council"),
            (1, "ASCC", "name", "ASEAN Socio Cultural Community Council"),
            (1, "SOCA", "alias", "Senior Officials Committee for the ASCC"),
            (1, "AHA Centre", "acronym", "AHA Centre"),
            (1, "AHA Centre", "acronym", "AHA Center"),
            (1, "ACCC", "name", "ASEAN Centre for Climate Change"),
        ],
        registry=registry,
    )


def test_som_ed_keeps_its_hyphen_and_hyphenated_acronyms_are_whole(registry: Registry) -> None:
    texts = ("The SOM-ED, the SOM ED, the SOM, the COP-AATHP, the COM-AATHP, an ACDM-led task and SOMHD-ED.",)
    _check(
        texts,
        [
            (1, "SOM-ED", "acronym", "SOM-ED"),
            (1, "COP-AATHP", "acronym", "COP-AATHP"),
            (1, "COM-AATHP", "acronym", "COM-AATHP"),
            (1, "ACDM", "acronym", "ACDM"),
        ],
        registry=registry,
    )


def test_longest_name_wins_where_names_overlap(registry: Registry) -> None:
    texts = (
        "The ASEAN Committee on Disaster Management and the ASEAN Committee on Women met the Committee under the "
        "Conference of the Parties to the ASEAN Agreement on Transboundary Haze Pollution.",
        "The Conference of the Parties to the ASEAN Agreement on Transboundary Haze Pollution (COP-AATHP) met.",
    )
    _check(
        texts,
        [
            (1, "ACDM", "name", "ASEAN Committee on Disaster Management"),
            (1, "ACW", "name", "ASEAN Committee on Women"),
            (
                1,
                "COM-AATHP",
                "name",
                "Committee under the Conference of the Parties to the ASEAN Agreement on Transboundary Haze Pollution",
            ),
            (
                2,
                "COP-AATHP",
                "name",
                "Conference of the Parties to the ASEAN Agreement on Transboundary Haze Pollution",
            ),
        ],
        registry=registry,
    )


def test_generic_references(registry: Registry) -> None:
    texts = (
        "The relevant sectoral bodies, the sectoral bodies under the ASCC, the ASCC Sectoral Bodies and the Chairs "
        "of ASCC Sectoral Ministerial Bodies joined the sectoral ministerial bodies and the ASEAN Secretariat.",
    )
    _check(
        texts,
        [
            (1, None, "generic", "relevant sectoral bodies"),
            (1, None, "generic", "sectoral bodies under the ASCC"),
            (1, None, "generic", "ASCC Sectoral Bodies"),
            (1, None, "generic", "Chairs of ASCC Sectoral Ministerial Bodies"),
            (1, None, "generic", "sectoral ministerial bodies"),
            (1, "ASEC", "name", "ASEAN Secretariat"),
        ],
        registry=registry,
    )


def test_accc_is_resolved_by_the_full_name_nearby_then_the_topic_then_the_default(registry: Registry) -> None:
    texts = (
        "The ACCC met.",  # no context: the default, the climate centre
        "On connectivity and the MPAC, the ACCC reported.",  # topic: connectivity, not a body of the pillar
        "The ASEAN Connectivity Coordinating Committee (ACCC) met.",  # bracket after the other name
        "The ASEAN Centre for Climate Change (ACCC) met; on connectivity and MPAC the ACCC spoke.",  # name nearby
        "The ASEAN Connectivity Coordinating Committee met on climate, and the ACCC spoke on climate.",  # name nearby
        "Climate and connectivity: the ACCC.",  # cue tie: the default
        "On climate adaptation, the ACCC.",  # topic: climate
    )
    _check(
        texts,
        [
            (1, "ACCC", "acronym", "ACCC"),
            (4, "ACCC", "name", "ASEAN Centre for Climate Change"),
            (4, "ACCC", "acronym", "ACCC", 2),
            (6, "ACCC", "acronym", "ACCC"),
            (7, "ACCC", "acronym", "ACCC"),
        ],
        registry=registry,
    )


def test_only_paragraph_and_preamble_rows_are_read(registry: Registry) -> None:
    paragraphs = _paragraphs(
        "WE, the ASEAN Secretariat, met.",
        "The ALMM and the ACW met.",
        "the ACW",
        levels=("preamble", "paragraph", "sub_item"),
    )
    mentions = extract_body_mentions(paragraphs, registry=registry)
    assert mentions.select("para_id", "body_id", "char_start").rows() == [
        (f"{DOC}/p01", "ASEC", 8),
        (f"{DOC}/p02", "ALMM", 4),
        (f"{DOC}/p02", "ACW", 17),
    ]


def test_output_is_validated_sorted_and_deterministic(registry: Registry) -> None:
    paragraphs = pl.concat(
        [_paragraphs("The ACB and the AUN.", doc_id="b-doc"), _paragraphs("The ASEC.", doc_id="a-doc")]
    )
    first = extract_body_mentions(paragraphs, registry=registry)
    assert first.schema == BODY_MENTIONS.schema
    assert first.select("para_id", "body_id").rows() == [
        ("a-doc/p01", "ASEC"),
        ("b-doc/p01", "ACB"),
        ("b-doc/p01", "AUN"),
    ]
    assert_frame_equal(extract_body_mentions(paragraphs.reverse()), first)
    assert _compile(registry) is _compile(registry)


def test_empty_paragraphs_give_an_empty_table(registry: Registry) -> None:
    mentions = extract_body_mentions(PARAGRAPHS.empty(), registry=registry)
    assert_frame_equal(mentions, BODY_MENTIONS.empty())
    assert_frame_equal(extract_body_mentions(_paragraphs("Nothing to see."), registry=registry), BODY_MENTIONS.empty())


def test_missing_columns_raise_schema_error(registry: Registry) -> None:
    with pytest.raises(SchemaError, match=r"paragraphs: missing column\(s\) \['level', 'text'\].*required"):
        extract_body_mentions(pl.DataFrame({"doc_id": ["d"], "para_id": ["d/p01"]}), registry=registry)


def test_find_body_mentions_on_a_string() -> None:
    assert find_body_mentions("Synthetic: the SOCA and the ASEAN Foundation.") == [
        BodyMention("SOCA", False, "acronym", "SOCA", 15, 19),
        BodyMention("ASEAN Foundation", False, "name", "ASEAN Foundation", 28, 44),
    ]


# --- a user registry ----------------------------------------------------------------------------------------------


def test_user_registry_bodies_and_a_shared_acronym(tmp_path: Path) -> None:
    content = {
        "sectors": ["a", "b"],
        "generic": ["synthetic groupings"],
        "ambiguous": [
            {
                "acronym": "SYN",
                "meanings": [{"body": "ONE", "cues": ["apples"]}, {"body": "TWO", "cues": ["pears", "plums"]}],
                "default": "ONE",
            }
        ],
        "bodies": [
            {"id": "ONE", "name": "Synthetic First Board", "kind": "committee", "acronyms": ["SYN"], "sectors": ["a"]},
            {"id": "TWO", "name": "Synthetic Second Board", "kind": "committee", "acronyms": ["SYN"], "sectors": ["b"]},
            {
                "id": "THREE",
                "name": "Synthetic Third Board",
                "kind": "committee",
                "acronyms": ["TRI"],
                "sectors": ["b"],
            },
        ],
    }
    path = tmp_path / "synthetic_bodies.yaml"
    path.write_text(yaml.safe_dump(content), "utf-8")
    registry = load_registry(path)
    texts = (
        "The SYN met.",  # default
        "On pears and plums and apples, the SYN met.",  # topic
        "The Synthetic Second Board (SYN) and later the SYN met on apples.",  # bracket, then name nearby
        "The TRI and the synthetic groupings met; the SYN-X and X-SYN did not, the SYN-led group did.",
        "The ALMM is not in this registry.",
    )
    _check(
        texts,
        [
            (1, "ONE", "acronym", "SYN"),
            (2, "TWO", "acronym", "SYN"),
            (3, "TWO", "name", "Synthetic Second Board"),
            (3, "TWO", "acronym", "SYN", 2),
            (4, "THREE", "acronym", "TRI"),
            (4, None, "generic", "synthetic groupings"),
            (4, "ONE", "acronym", "SYN", 3),
        ],
        registry=registry,
    )


# --- the real seed statement --------------------------------------------------------------------------------------

SEED_EXPECTED: dict[int, list[tuple[str | None, str, str]]] = {
    0: [("ASCC", "name", "ASEAN SOCIO-CULTURAL COMMUNITY COUNCIL")],
    1: [("ASCC", "alias", "ASCC Council")],
    4: [(None, "generic", "sectoral bodies under the ASCC"), ("ASEC", "name", "ASEAN Secretariat")],
    5: [
        ("SOCA", "name", "Senior Officials Committee for the ASEAN Socio-Cultural Community"),
        ("ASCC", "alias", "ASCC Council"),
        (None, "generic", "Chairs of ASCC Sectoral Ministerial Bodies"),
    ],
    15: [
        ("ACPHEED", "name", "ASEAN Centre for Public Health Emergencies and Emerging Diseases"),
        ("ACCC", "name", "ASEAN Centre for Climate Change"),
        ("ACC THPC", "name", "ASEAN Coordinating Centre for Transboundary Haze Pollution Control"),
    ],
    17: [(None, "generic", "ASCC Sectoral Bodies")],
    18: [("ASCC", "alias", "ASCC Council")],
}


def _seed_paragraphs(text: str) -> pl.DataFrame:
    """The seed statement cut at lines starting "N. " (the preamble before paragraph 1 is para_no 0)."""
    starts = [(0, 0), *((int(m.group(1)), m.start()) for m in re.finditer(r"(?m)^(\d+)\. ", text))]
    blocks = []
    for index, (para_no, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        blocks.append((para_no, text[start:end].strip()))
    return pl.DataFrame(
        {
            "doc_id": ["seed"] * len(blocks),
            "para_id": [f"seed/p{para_no:02d}" for para_no, _ in blocks],
            "level": ["preamble" if para_no == 0 else "paragraph" for para_no, _ in blocks],
            "para_no": [para_no for para_no, _ in blocks],
            "text": [block for _, block in blocks],
        }
    )


@pytest.mark.shared_corpus
def test_seed_statement_mentions(seed_statement_text: str, registry: Registry) -> None:
    paragraphs = _seed_paragraphs(seed_statement_text)
    assert paragraphs.get_column("para_no").to_list() == list(range(19))
    mentions = extract_body_mentions(paragraphs, registry=registry).join(
        paragraphs.select("para_id", "para_no", "text"), on="para_id"
    )
    found: dict[int, list[tuple[str | None, str, str]]] = {}
    for row in mentions.iter_rows(named=True):
        assert row["text"][row["char_start"] : row["char_end"]] == row["matched_text"]
        assert row["is_generic"] == (row["body_id"] is None)
        found.setdefault(row["para_no"], []).append((row["body_id"], row["match_kind"], row["matched_text"]))
    assert found == SEED_EXPECTED
