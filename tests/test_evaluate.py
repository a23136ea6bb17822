"""Tests of ascc_analysis.evaluate: reading gold files and scoring extraction against them.

Every title, text and file below is SYNTHETIC, written for these tests.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ascc_analysis.errors import AsccError, ParameterError, SchemaError
from ascc_analysis.evaluate import (
    INSTRUMENT_TYPES,
    METADATA_FIELDS,
    METRICS,
    STATUSES,
    Gold,
    GoldBody,
    GoldDocument,
    GoldError,
    GoldInstrument,
    GoldMeeting,
    GoldMetadata,
    Scores,
    combine_scores,
    drop_header_lines,
    evaluate_golds,
    find_source,
    format_scores,
    metadata_summary,
    normalise_span,
    read_gold,
    read_gold_dir,
    score_extraction,
)
from ascc_analysis.schemas import BODY_MENTIONS, DOCUMENTS, INSTRUMENT_MENTIONS, PARAGRAPHS

SOURCE = "synthetic-statement.txt"
DECLARATION = "ASEAN Synthetic Declaration on Testing"
WORK_PLAN = "Work Plan on Synthetic Data 2021-2025"
FRAMEWORK = "ASEAN Synthetic Framework"

GOOD_GOLD = """\
# SYNTHETIC gold file written for the tests.
source: synthetic-statement.txt
synthetic: true
annotator: "tests"
notes: "Synthetic."
paragraphs:
  2:
    instruments:
      - {title: "ASEAN Synthetic Declaration on Testing", type: declaration, status: adopted, acronym: ASDT}
      - {title: "Work Plan on Synthetic Data 2021-2025", type: work_plan, status: notation_expected}
    bodies:
      - {body_id: ALMM, text: "ALMM"}
  0:
    bodies:
      - {body_id: null, text: "sectoral bodies", generic: true}
      - {body_id: ASEC, text: "ASEAN Secretariat", generic: false}
  5:
"""


def _write(tmp_path: Path, text: str, name: str = "gold.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _gold_with(paragraph: str) -> str:
    """A gold file whose paragraphs mapping holds the given YAML lines (indented by two spaces)."""
    return f"source: {SOURCE}\nsynthetic: true\nparagraphs:\n{paragraph}"


# --------------------------------------------------------------------------------------------- read_gold


def test_read_gold_reads_a_good_file(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_GOLD)
    assert read_gold(path) == Gold(
        source=SOURCE,
        synthetic=True,
        instruments=(
            GoldInstrument(para_no=2, title=DECLARATION, type="declaration", status="adopted", acronym="ASDT"),
            GoldInstrument(para_no=2, title=WORK_PLAN, type="work_plan", status="notation_expected", acronym=None),
        ),
        bodies=(
            GoldBody(para_no=0, body_id=None, text="sectoral bodies", generic=True),
            GoldBody(para_no=0, body_id="ASEC", text="ASEAN Secretariat", generic=False),
            GoldBody(para_no=2, body_id="ALMM", text="ALMM", generic=False),
        ),
        path=path,
    )


def test_read_gold_accepts_known_body_ids_and_an_empty_file(tmp_path: Path) -> None:
    assert read_gold(_write(tmp_path, GOOD_GOLD), body_ids={"ALMM", "ASEC"}).bodies[2].body_id == "ALMM"
    empty = read_gold(_write(tmp_path, "source: s.txt\nsynthetic: false\nparagraphs:\n", name="empty.yaml"))
    assert (empty.instruments, empty.bodies, empty.synthetic) == ((), (), False)


def test_the_vocabularies_are_those_of_the_guidelines() -> None:
    guidelines = (Path(__file__).parent / "gold" / "GUIDELINES.md").read_text(encoding="utf-8")
    assert len(INSTRUMENT_TYPES) == 32
    assert len(STATUSES) == 9
    for word in (*INSTRUMENT_TYPES, *STATUSES):
        assert word in guidelines


BAD_GOLDS: list[tuple[str, str, str]] = [
    (
        "unknown status",
        _gold_with('  3:\n    instruments:\n      - {title: "X Declaration", type: declaration, status: adoptd}\n'),
        "paragraph 3: instrument 1: unknown status 'adoptd'; expected one of: adopted, adoption_expected",
    ),
    (
        "unknown type",
        _gold_with('  3:\n    instruments:\n      - {title: "X Decree", type: decree, status: adopted}\n'),
        "paragraph 3: instrument 1: unknown type 'decree'; expected one of: declaration,",
    ),
    (
        "missing title",
        _gold_with("  3:\n    instruments:\n      - {type: declaration, status: adopted}\n"),
        "paragraph 3: instrument 1: title None is missing or empty",
    ),
    (
        "empty title",
        _gold_with('  3:\n    instruments:\n      - {title: " ", type: declaration, status: adopted}\n'),
        "paragraph 3: instrument 1: title ' ' is missing or empty",
    ),
    (
        "curly quote in a title",
        _gold_with(
            '  3:\n    instruments:\n      - {title: "X Leaders’ Declaration", type: declaration, status: adopted}\n'
        ),
        "paragraph 3: instrument 1: title 'X Leaders’ Declaration' is not normalised",
    ),
    (
        "double space in a text",
        _gold_with('  3:\n    bodies:\n      - {body_id: ASEC, text: "ASEAN  Secretariat"}\n'),
        "paragraph 3: body 1: text 'ASEAN  Secretariat' is not normalised",
    ),
    (
        "paragraph number a word",
        _gold_with("  six:\n    bodies: []\n"),
        "paragraph number 'six' is not valid; a whole number >= 0 is required",
    ),
    ("negative paragraph number", _gold_with("  -1:\n    bodies: []\n"), "paragraph number -1 is not valid"),
    ("paragraph number a boolean", _gold_with("  true:\n    bodies: []\n"), "paragraph number True is not valid"),
    (
        "unknown top-level key",
        f"source: {SOURCE}\nsynthetic: true\nsorce: x\nparagraphs: {{}}\n",
        "top level: unknown key(s) ['sorce']; expected: annotator, notes, paragraphs, source, synthetic",
    ),
    (
        "unknown paragraph key",
        _gold_with("  4:\n    bodys: []\n"),
        "paragraph 4: unknown key(s) ['bodys']; expected: bodies, instruments",
    ),
    (
        "unknown instrument key",
        _gold_with('  3:\n    instruments:\n      - {title: "X Plan", type: other, statuss: adopted}\n'),
        "paragraph 3: instrument 1: unknown key(s) ['statuss']",
    ),
    (
        "unknown body key",
        _gold_with('  7:\n    bodies:\n      - {body: ASEC, text: "ASEAN Secretariat"}\n'),
        "paragraph 7: body 1: unknown key(s) ['body']; expected: body_id, generic, text",
    ),
    (
        "bad acronym",
        _gold_with('  3:\n    instruments:\n      - {title: "X Plan", type: other, status: noted, acronym: ""}\n'),
        "paragraph 3: instrument 1: acronym '' must be a non-empty string or null",
    ),
    (
        "generic with a body id",
        _gold_with('  7:\n    bodies:\n      - {body_id: ASEC, text: "sectoral bodies", generic: true}\n'),
        "paragraph 7: body 1: a generic reference has body_id null, not 'ASEC'",
    ),
    (
        "no body id and not generic",
        _gold_with('  7:\n    bodies:\n      - {body_id: null, text: "sectoral bodies"}\n'),
        "paragraph 7: body 1: body_id None must be a registry id (or null with generic: true)",
    ),
    (
        "body id key missing",
        _gold_with('  7:\n    bodies:\n      - {text: "ASEAN Secretariat"}\n'),
        "paragraph 7: body 1: body_id is missing",
    ),
    (
        "generic not a boolean",
        _gold_with('  7:\n    bodies:\n      - {body_id: null, text: "sectoral bodies", generic: 1}\n'),
        "paragraph 7: body 1: generic 1 must be true or false",
    ),
    (
        "missing body text",
        _gold_with("  7:\n    bodies:\n      - {body_id: ASEC}\n"),
        "paragraph 7: body 1: text None is missing or empty",
    ),
    (
        "instruments not a list",
        _gold_with('  3:\n    instruments: {title: "X Plan"}\n'),
        "paragraph 3: the instrument entries must be a list, got dict",
    ),
    (
        "entry not a mapping",
        _gold_with('  3:\n    bodies:\n      - "ASEAN Secretariat"\n'),
        "paragraph 3: body 1: expected a mapping, got 'ASEAN Secretariat'",
    ),
    ("paragraph not a mapping", _gold_with("  3: [1, 2]\n"), "paragraph 3: expected a mapping"),
    ("top level a list", "- source: x\n", "a gold file is a YAML mapping"),
    ("synthetic missing", f"source: {SOURCE}\nparagraphs: {{}}\n", "synthetic None must be true or false"),
    ("synthetic a string", f"source: {SOURCE}\nsynthetic: 'no'\n", "synthetic 'no' must be true or false"),
    ("source missing", "synthetic: true\nparagraphs: {}\n", "source None must be the file name"),
    ("paragraphs a list", f"source: {SOURCE}\nsynthetic: true\nparagraphs: [1]\n", "paragraphs must map"),
    ("invalid YAML", "source: [unclosed\n", "not valid YAML"),
]


@pytest.mark.parametrize(("text", "message"), [case[1:] for case in BAD_GOLDS], ids=[case[0] for case in BAD_GOLDS])
def test_read_gold_names_the_file_and_the_bad_value(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(GoldError) as caught:
        read_gold(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert caught.value.path == path
    assert isinstance(caught.value, AsccError)


def test_read_gold_rejects_a_body_id_outside_the_registry(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_GOLD)
    with pytest.raises(GoldError, match=r"paragraph 2: body 1: body_id 'ALMM' is not in the bodies registry"):
        read_gold(path, body_ids={"ASEC"})


def test_read_gold_of_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(GoldError, match=r"absent\.yaml: cannot read the gold file"):
        read_gold(path)


def test_read_gold_dir_reads_sorted_and_rejects_two_files_for_one_source(tmp_path: Path) -> None:
    _write(tmp_path, GOOD_GOLD, name="b.yaml")
    _write(tmp_path, "source: other.txt\nsynthetic: true\nparagraphs: {}\n", name="a.yaml")
    assert [gold.path.name for gold in read_gold_dir(tmp_path)] == ["a.yaml", "b.yaml"]
    _write(tmp_path, GOOD_GOLD, name="c.yaml")
    with pytest.raises(GoldError, match=r"c\.yaml: source 'synthetic-statement\.txt' is also annotated in .*b\.yaml"):
        read_gold_dir(tmp_path)


def test_normalise_span() -> None:
    assert normalise_span("  ASEAN Leaders’\n Declaration on “Testing”  ") == 'ASEAN Leaders\' Declaration on "Testing"'


# --------------------------------------------------------------------------------------------- scoring

PARAGRAPH_ROWS = [  # (para_id, level, para_no, sub_item)
    ("d1/pre01", "preamble", 0, None),
    ("d1/p01", "paragraph", 1, None),
    ("d1/p02", "paragraph", 2, None),
    ("d1/p02.a", "sub_item", 2, "a"),
    ("d1/p03", "paragraph", 3, None),
]


def _paragraphs(rows: list[tuple[str, str, int, str | None]] = PARAGRAPH_ROWS, doc_id: str = "d1") -> pl.DataFrame:
    """A paragraphs table (full schema) of one synthetic document."""
    return pl.DataFrame(
        [
            {
                "doc_id": doc_id,
                "para_id": para_id,
                "seq": seq,
                "level": level,
                "para_no": para_no,
                "sub_item": sub_item,
                "is_numbered": True,
                "text": "synthetic text",
                "char_start": 0,
                "char_end": 14,
            }
            for seq, (para_id, level, para_no, sub_item) in enumerate(rows, start=1)
        ],
        schema=PARAGRAPHS.schema,
    )


def _instrument_mentions(rows: list[tuple[str, str, str, str]]) -> pl.DataFrame:
    """instrument_mentions (full schema) from (para_id, title_text, instrument_type, status)."""
    return pl.DataFrame(
        [
            {
                "doc_id": para_id.split("/")[0],
                "para_id": para_id,
                "instrument_id": f"i{index}",
                "title_text": title,
                "instrument_type": type_,
                "status": status,
                "year": 2024,
                "char_start": index,
                "char_end": index + len(title),
            }
            for index, (para_id, title, type_, status) in enumerate(rows)
        ],
        schema=INSTRUMENT_MENTIONS.schema,
    )


def _body_mentions(rows: list[tuple[str, str | None, str]]) -> pl.DataFrame:
    """body_mentions (full schema) from (para_id, body_id, matched_text); a null body_id is generic."""
    return pl.DataFrame(
        [
            {
                "doc_id": para_id.split("/")[0],
                "para_id": para_id,
                "body_id": body_id,
                "is_generic": body_id is None,
                "match_kind": "generic" if body_id is None else "acronym",
                "matched_text": text,
                "char_start": index,
                "char_end": index + len(text),
            }
            for index, (para_id, body_id, text) in enumerate(rows)
        ],
        schema=BODY_MENTIONS.schema,
    )


def _gold(instruments: Sequence[tuple[int, str, str, str]], bodies: Sequence[tuple[int, str | None, str]] = ()) -> Gold:
    return Gold(
        source=SOURCE,
        synthetic=True,
        instruments=tuple(GoldInstrument(no, title, type_, status, None) for no, title, type_, status in instruments),
        bodies=tuple(GoldBody(no, body_id, text, body_id is None) for no, body_id, text in bodies),
        path=Path("gold.yaml"),
    )


def _metrics(rows: list[tuple[float | None, int, int, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"metric": metric, "value": value, "n_gold": n_gold, "n_pred": n_pred, "n_match": n_match}
            for metric, (value, n_gold, n_pred, n_match) in zip(METRICS, rows, strict=True)
        ],
        schema={"metric": pl.String, "value": pl.Float64, "n_gold": pl.Int64, "n_pred": pl.Int64, "n_match": pl.Int64},
    )


def _mismatches(rows: list[tuple[str, int, str | None, str | None]], source: str = SOURCE) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"source": source, "kind": kind, "para_no": para_no, "expected": expected, "found": found}
            for kind, para_no, expected, found in rows
        ],
        schema={
            "source": pl.String,
            "kind": pl.String,
            "para_no": pl.Int32,
            "expected": pl.String,
            "found": pl.String,
        },
    )


# Two of three titles right (one with a wrong status, one named inside a sub-item and across a line break), one
# wrong span; three of four body mentions right; a row of another document that must be ignored.
CASE_GOLD = _gold(
    [
        (1, DECLARATION, "declaration", "adopted"),
        (2, WORK_PLAN, "work_plan", "noted"),
        (3, FRAMEWORK, "framework", "referred"),
    ],
    [(0, "ASEC", "ASEAN Secretariat"), (1, None, "sectoral bodies"), (2, "ALMM", "ALMM"), (2, "ALMM", "ALMM")],
)
CASE_TITLES = _instrument_mentions(
    [
        ("d1/p01", DECLARATION, "declaration", "adopted"),
        ("d1/p02.a", "Work Plan on Synthetic\nData 2021-2025", "work_plan", "adoption_expected"),
        ("d1/p03", f"the {FRAMEWORK}", "framework", "referred"),
        ("d2/p01", FRAMEWORK, "framework", "referred"),
    ]
)
CASE_BODIES = _body_mentions(
    [
        ("d1/pre01", "ASEC", "ASEAN Secretariat"),
        ("d1/p01", None, "sectoral  bodies"),
        ("d1/p02", "ALMM", "ALMM"),
        ("d1/p03", "AHMM", "AHMM"),
        ("d2/p03", "AHMM", "AHMM"),
    ]
)


@pytest.fixture
def case_scores() -> Scores:
    return score_extraction(
        CASE_GOLD, paragraphs=_paragraphs(), instrument_mentions=CASE_TITLES, body_mentions=CASE_BODIES
    )


def test_score_extraction_on_a_hand_built_case(case_scores: Scores) -> None:
    two_thirds = 2 / 3
    assert_frame_equal(
        case_scores.metrics,
        _metrics(
            [
                (two_thirds, 3, 3, 2),
                (two_thirds, 3, 3, 2),
                (two_thirds, 3, 3, 2),
                (1.0, 2, 2, 2),
                (0.5, 2, 2, 1),
                (0.75, 4, 4, 3),
                (0.75, 4, 4, 3),
                (0.75, 4, 4, 3),
            ]
        ),
    )
    assert round(case_scores.metrics.row(1, named=True)["value"], 4) == 0.6667
    assert_frame_equal(
        case_scores.mismatches,
        _mismatches(
            [
                ("missed", 2, "[ALMM] ALMM", None),
                ("wrong_status", 2, f"{WORK_PLAN} [noted]", f"{WORK_PLAN} [adoption_expected]"),
                ("missed", 3, FRAMEWORK, None),
                ("spurious", 3, None, "[AHMM] AHMM"),
                ("spurious", 3, None, f"the {FRAMEWORK}"),
            ]
        ),
    )


def test_score_extraction_needs_only_the_columns_it_uses(case_scores: Scores) -> None:
    scores = score_extraction(
        CASE_GOLD,
        paragraphs=_paragraphs().select("doc_id", "para_id", "para_no"),
        instrument_mentions=CASE_TITLES.select("doc_id", "para_id", "title_text", "instrument_type", "status"),
        body_mentions=CASE_BODIES.select("doc_id", "para_id", "body_id", "is_generic", "matched_text"),
    )
    assert_frame_equal(scores.metrics, case_scores.metrics)
    assert_frame_equal(scores.mismatches, case_scores.mismatches)


def test_titles_are_multisets() -> None:
    gold = _gold([(1, DECLARATION, "declaration", "adopted"), (1, DECLARATION, "declaration", "noted")])
    once = _instrument_mentions([("d1/p01", DECLARATION, "declaration", "noted")])
    thrice = _instrument_mentions(
        [
            ("d1/p01", DECLARATION, "declaration", "referred"),
            ("d1/p01", DECLARATION, "declaration", "noted"),
            ("d1/p01", DECLARATION, "declaration", "adopted"),
        ]
    )
    no_bodies = _body_mentions([])
    found_once = score_extraction(gold, paragraphs=_paragraphs(), instrument_mentions=once, body_mentions=no_bodies)
    assert found_once.metrics.head(5).rows() == [
        ("title_precision", 1.0, 2, 1, 1),
        ("title_recall", 0.5, 2, 1, 1),
        ("title_f1", pytest.approx(2 / 3), 2, 1, 1),
        ("type_accuracy", 1.0, 1, 1, 1),
        ("status_accuracy", 1.0, 1, 1, 1),
    ]
    assert_frame_equal(found_once.mismatches, _mismatches([("missed", 1, DECLARATION, None)]))
    # Three predictions for two gold mentions: the pairs are chosen so that both statuses agree.
    found_thrice = score_extraction(gold, paragraphs=_paragraphs(), instrument_mentions=thrice, body_mentions=no_bodies)
    assert found_thrice.metrics.head(5).rows() == [
        ("title_precision", pytest.approx(2 / 3), 2, 3, 2),
        ("title_recall", 1.0, 2, 3, 2),
        ("title_f1", 0.8, 2, 3, 2),
        ("type_accuracy", 1.0, 2, 2, 2),
        ("status_accuracy", 1.0, 2, 2, 2),
    ]
    assert_frame_equal(found_thrice.mismatches, _mismatches([("spurious", 1, None, DECLARATION)]))


def test_the_same_title_in_another_paragraph_does_not_match() -> None:
    gold = _gold([(1, DECLARATION, "declaration", "adopted")])
    scores = score_extraction(
        gold,
        paragraphs=_paragraphs(),
        instrument_mentions=_instrument_mentions([("d1/p02", DECLARATION, "declaration", "adopted")]),
        body_mentions=_body_mentions([]),
    )
    assert scores.metrics.get_column("n_match").to_list()[:3] == [0, 0, 0]
    assert_frame_equal(
        scores.mismatches, _mismatches([("missed", 1, DECLARATION, None), ("spurious", 2, None, DECLARATION)])
    )


def test_a_wrong_type_and_status_are_both_reported() -> None:
    gold = _gold([(3, FRAMEWORK, "framework", "referred")])
    scores = score_extraction(
        gold,
        paragraphs=_paragraphs(),
        instrument_mentions=_instrument_mentions([("d1/p03", FRAMEWORK, "other", "noted")]),
        body_mentions=_body_mentions([]),
    )
    assert scores.metrics.filter(pl.col("metric").str.ends_with("accuracy")).rows() == [
        ("type_accuracy", 0.0, 1, 1, 0),
        ("status_accuracy", 0.0, 1, 1, 0),
    ]
    assert_frame_equal(
        scores.mismatches,
        _mismatches(
            [
                ("wrong_status", 3, f"{FRAMEWORK} [referred]", f"{FRAMEWORK} [noted]"),
                ("wrong_type", 3, f"{FRAMEWORK} [framework]", f"{FRAMEWORK} [other]"),
            ]
        ),
    )


def test_a_generic_mention_must_be_predicted_as_generic() -> None:
    gold = _gold([], [(1, None, "sectoral bodies")])
    scores = score_extraction(
        gold,
        paragraphs=_paragraphs(),
        instrument_mentions=_instrument_mentions([]),
        body_mentions=_body_mentions([("d1/p01", "ASEC", "sectoral bodies")]),
    )
    assert scores.metrics.tail(3).get_column("value").to_list() == [0.0, 0.0, 0.0]
    assert_frame_equal(
        scores.mismatches,
        _mismatches(
            [("missed", 1, "[generic] sectoral bodies", None), ("spurious", 1, None, "[ASEC] sectoral bodies")]
        ),
    )


def test_nothing_to_score_gives_null_values() -> None:
    scores = score_extraction(
        _gold([]),
        paragraphs=_paragraphs(),
        instrument_mentions=_instrument_mentions([]),
        body_mentions=_body_mentions([]),
    )
    assert_frame_equal(scores.metrics, _metrics([(None, 0, 0, 0)] * 8))
    assert scores.mismatches.height == 0


def test_only_predictions_give_zero_precision_and_null_recall() -> None:
    scores = score_extraction(
        _gold([]),
        paragraphs=_paragraphs(),
        instrument_mentions=_instrument_mentions([("d1/p01", DECLARATION, "declaration", "adopted")]),
        body_mentions=_body_mentions([]),
    )
    assert scores.metrics.head(3).rows() == [
        ("title_precision", 0.0, 0, 1, 0),
        ("title_recall", None, 0, 1, 0),
        ("title_f1", 0.0, 0, 1, 0),
    ]


def test_score_extraction_is_deterministic(case_scores: Scores) -> None:
    shuffled = score_extraction(
        CASE_GOLD,
        paragraphs=_paragraphs().reverse(),
        instrument_mentions=CASE_TITLES.reverse(),
        body_mentions=CASE_BODIES.reverse(),
    )
    assert_frame_equal(shuffled.metrics, case_scores.metrics)
    assert_frame_equal(shuffled.mismatches, case_scores.mismatches)


def test_score_extraction_rejects_several_documents() -> None:
    both = pl.concat([_paragraphs(), _paragraphs(doc_id="d2")])
    with pytest.raises(ParameterError, match=r"exactly one document .* it holds 2: \['d1', 'd2'\]"):
        score_extraction(CASE_GOLD, paragraphs=both, instrument_mentions=CASE_TITLES, body_mentions=CASE_BODIES)


def test_score_extraction_rejects_no_paragraphs() -> None:
    with pytest.raises(ParameterError, match=r"it holds 0"):
        score_extraction(
            CASE_GOLD, paragraphs=PARAGRAPHS.empty(), instrument_mentions=CASE_TITLES, body_mentions=CASE_BODIES
        )


@pytest.mark.parametrize(
    ("frame", "missing"),
    [("paragraphs", "para_no"), ("instrument_mentions", "title_text"), ("body_mentions", "is_generic")],
)
def test_score_extraction_names_a_missing_column(frame: str, missing: str) -> None:
    frames: dict[str, Any] = {
        "paragraphs": _paragraphs(),
        "instrument_mentions": CASE_TITLES,
        "body_mentions": CASE_BODIES,
    }
    frames[frame] = frames[frame].drop(missing)
    with pytest.raises(SchemaError, match=rf"{frame}: missing column\(s\) \['{missing}'\]"):
        score_extraction(CASE_GOLD, **frames)


def test_score_extraction_rejects_a_mention_of_an_unknown_paragraph() -> None:
    titles = _instrument_mentions([("d1/p09", DECLARATION, "declaration", "adopted")])
    with pytest.raises(ParameterError, match=r"instrument_mentions: para_id\(s\) \['d1/p09'\] of document 'd1'"):
        score_extraction(CASE_GOLD, paragraphs=_paragraphs(), instrument_mentions=titles, body_mentions=CASE_BODIES)


# --------------------------------------------------------------------------------------------- combining


def test_combine_scores_micro_averages(case_scores: Scores) -> None:
    gold = _gold([(1, DECLARATION, "declaration", "adopted"), (1, DECLARATION, "declaration", "noted")])
    other = score_extraction(
        Gold(gold.source.replace("statement", "other"), True, gold.instruments, gold.bodies, gold.path),
        paragraphs=_paragraphs(),
        instrument_mentions=_instrument_mentions([("d1/p01", DECLARATION, "declaration", "noted")]),
        body_mentions=_body_mentions([("d1/p01", "ASEC", "ASEAN Secretariat")]),
    )
    combined = combine_scores([case_scores, other])
    assert_frame_equal(
        combined.metrics,
        _metrics(
            [
                (3 / 4, 5, 4, 3),
                (3 / 5, 5, 4, 3),
                (6 / 9, 5, 4, 3),
                (1.0, 3, 3, 3),
                (2 / 3, 3, 3, 2),
                (3 / 5, 4, 5, 3),
                (3 / 4, 4, 5, 3),
                (6 / 9, 4, 5, 3),
            ]
        ),
    )
    assert combined.mismatches.height == case_scores.mismatches.height + other.mismatches.height
    assert combined.mismatches.get_column("source").unique(maintain_order=True).to_list() == [
        "synthetic-other.txt",
        SOURCE,
    ]
    assert_frame_equal(combine_scores([case_scores]).metrics, case_scores.metrics)


def test_combine_scores_of_nothing() -> None:
    with pytest.raises(ParameterError, match="at least one"):
        combine_scores([])


# --------------------------------------------------------------------------------------------- report

CASE_REPORT = """\
Extraction scores: synthetic-case
metric             value  n_gold  n_pred  n_match
title_precision   0.6667       3       3        2
title_recall      0.6667       3       3        2
title_f1          0.6667       3       3        2
type_accuracy     1.0000       2       2        2
status_accuracy   0.5000       2       2        1
body_precision    0.7500       4       4        3
body_recall       0.7500       4       4        3
body_f1           0.7500       4       4        3
mismatches: 5 (missed 2, spurious 2, wrong_type 0, wrong_status 1)
  p02  missed        [ALMM] ALMM  ->  -
  p02  wrong_status  Work Plan on Synthetic Data 2021-2025 [noted]  ->  WRONG_STATUS_FOUND
  p03  missed        ASEAN Synthetic Framework  ->  -
  p03  spurious      -  ->  [AHMM] AHMM
  p03  spurious      -  ->  the ASEAN Synthetic Framework
""".replace("WRONG_STATUS_FOUND", "Work Plan on Synthetic Data 2021-2025 [adoption_expected]")


def test_format_scores_is_a_fixed_table(case_scores: Scores) -> None:
    assert format_scores(case_scores, name="synthetic-case") == CASE_REPORT


def test_format_scores_has_the_same_layout_for_any_scores(case_scores: Scores) -> None:
    empty = score_extraction(
        _gold([]),
        paragraphs=_paragraphs(),
        instrument_mentions=_instrument_mentions([]),
        body_mentions=_body_mentions([]),
    )
    lines = format_scores(empty, name="synthetic-empty").splitlines()
    assert lines[1:10] == [
        "metric             value  n_gold  n_pred  n_match",
        *(f"{metric:<16}     n/a       0       0        0" for metric in METRICS),
    ]
    assert lines[10:] == ["mismatches: 0 (missed 0, spurious 0, wrong_type 0, wrong_status 0)"]
    case_lines = CASE_REPORT.splitlines()
    assert [len(line) for line in lines[1:10]] == [len(line) for line in case_lines[1:10]]


def test_format_scores_lists_at_most_max_mismatches(case_scores: Scores) -> None:
    lines = format_scores(case_scores, name="synthetic-case", max_mismatches=2).splitlines()
    assert lines[-3:] == [
        "  p02  missed        [ALMM] ALMM  ->  -",
        "  p02  wrong_status  Work Plan on Synthetic Data 2021-2025 [noted]  ->  "
        "Work Plan on Synthetic Data 2021-2025 [adoption_expected]",
        "  ... and 3 more",
    ]
    assert format_scores(case_scores, name="x", max_mismatches=0).splitlines()[-1] == "  ... and 5 more"
    with pytest.raises(ParameterError, match="max_mismatches must be 0 or more, got -1"):
        format_scores(case_scores, name="x", max_mismatches=-1)


def test_format_scores_names_the_source_of_combined_mismatches(case_scores: Scores) -> None:
    other = Scores(
        metrics=case_scores.metrics,
        mismatches=_mismatches([("missed", 4, DECLARATION, None)], source="synthetic-other.txt"),
    )
    lines = format_scores(combine_scores([case_scores, other]), name="all").splitlines()
    assert lines[11] == f"  synthetic-other.txt p04  missed        {DECLARATION}  ->  -"
    assert lines[12] == "  synthetic-statement.txt p02  missed        [ALMM] ALMM  ->  -"


# --------------------------------------------------------------------------------------------- document and metadata

# SYNTHETIC metadata: a meeting that never took place (the 99th ALMM in 2031, in an invented city).
META_GOLD = """\
# SYNTHETIC gold file with the optional document and metadata blocks, written for the tests.
source: synthetic-statement.txt
synthetic: true
document: {kind: media_release, completeness: partial}
metadata:
  meeting_body_id: ALMM
  meeting_no: 99
  other_meetings:
    - {body_id: SLOM, meeting_no: 50}
    - {body_id: ALMM, meeting_no: 7, plus_three: true}
  is_plus_three: false
  date: 2031-02-03
  date_end: "2031-02-04"
  venue_city: Testville
  venue_country: Viet Nam
  is_video_conference: false
  chair: null
paragraphs: {}
"""
META = GoldMetadata(
    meeting_body_id="ALMM",
    meeting_no=99,
    other_meetings=(GoldMeeting("SLOM", 50, False), GoldMeeting("ALMM", 7, True)),
    is_plus_three=False,
    date=dt.date(2031, 2, 3),
    date_end=dt.date(2031, 2, 4),
    venue_city="Testville",
    venue_country="Viet Nam",
    is_video_conference=False,
    chair=None,
)


def _meta_gold_with(**changes: str) -> str:
    """META_GOLD with some of its lines replaced: key -> the new line (without indent) or "" to drop the line."""
    lines = []
    for line in META_GOLD.splitlines():
        key = line.strip().split(":", 1)[0]
        if key in changes:
            if changes[key]:
                lines.append(line[: len(line) - len(line.lstrip())] + changes[key])
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def test_read_gold_reads_the_document_and_metadata_blocks(tmp_path: Path) -> None:
    path = _write(tmp_path, META_GOLD)
    gold = read_gold(path, body_ids={"ALMM", "SLOM"})
    assert gold.document == GoldDocument(kind="media_release", completeness="partial")
    assert gold.metadata == META
    assert (gold.instruments, gold.bodies) == ((), ())


def test_the_blocks_are_optional_and_empty_lists_allowed(tmp_path: Path) -> None:
    assert read_gold(_write(tmp_path, GOOD_GOLD)).metadata is None
    assert read_gold(_write(tmp_path, GOOD_GOLD)).document is None
    no_meetings = {"other_meetings": "other_meetings: []", "- {body_id": "", "document": ""}
    gold = read_gold(_write(tmp_path, _meta_gold_with(**no_meetings)))
    assert gold.document is None
    assert gold.metadata is not None
    assert gold.metadata.other_meetings == ()


BAD_METADATA: list[tuple[str, dict[str, str], str]] = [
    (
        "unknown kind",
        {"document": "document: {kind: press_release, completeness: partial}"},
        "document: unknown kind 'press_release'; expected one of: joint_statement, chairmans_statement",
    ),
    (
        "unknown completeness",
        {"document": "document: {kind: other, completeness: half}"},
        "document: unknown completeness 'half'; expected one of: complete, partial, landing_page",
    ),
    (
        "document key missing",
        {"document": "document: {kind: other}"},
        "document: missing key(s) ['completeness']; give every key, null where the text does not state it",
    ),
    (
        "document key unknown",
        {"document": "document: {kind: other, completeness: partial, pages: 2}"},
        "document: unknown key(s) ['pages']; expected: completeness, kind",
    ),
    ("document not a mapping", {"document": "document: media_release"}, "document: expected a mapping with keys"),
    (
        "metadata key missing",
        {"chair": ""},
        "metadata: missing key(s) ['chair']; give every key, null where the text does not state it",
    ),
    ("metadata key unknown", {"chair": "chairs: null"}, "metadata: unknown key(s) ['chairs']"),
    (
        "date not a date",
        {"date": "date: 3 February 2031"},
        "metadata: date '3 February 2031' must be a date written YYYY-MM-DD, or null",
    ),
    ("date with a time", {"date": "date: 2031-02-03 10:00:00"}, "metadata: date datetime.datetime(2031, 2, 3, 10, 0)"),
    (
        "end before start",
        {"date_end": "date_end: 2031-02-01"},
        "metadata: date_end 2031-02-01 is before date 2031-02-03",
    ),
    ("end without start", {"date": "date: null"}, "metadata: date_end 2031-02-04 is given without a date"),
    (
        "country not canonical",
        {"venue_country": "venue_country: Vietnam"},
        "metadata: venue_country 'Vietnam' is not a canonical country name; expected one of: Brunei Darussalam,",
    ),
    ("chair not canonical", {"chair": "chair: Laos"}, "metadata: chair 'Laos' is not a canonical country name"),
    ("meeting number zero", {"meeting_no": "meeting_no: 0"}, "metadata: meeting_no 0 must be a whole number >= 1"),
    ("meeting number text", {"meeting_no": "meeting_no: 99th"}, "metadata: meeting_no '99th' must be a whole number"),
    (
        "video not a boolean",
        {"is_video_conference": "is_video_conference: yes please"},
        "metadata: is_video_conference 'yes please' must be true, false or null",
    ),
    ("plus three not a boolean", {"is_plus_three": "is_plus_three: 3"}, "metadata: is_plus_three 3 must be true"),
    ("city not normalised", {"venue_city": 'venue_city: "Test  ville"'}, "metadata: venue_city 'Test  ville' is not"),
    ("body id empty", {"meeting_body_id": 'meeting_body_id: ""'}, "metadata: meeting_body_id '' must be a registry"),
    (
        "other meetings not a list",
        {"other_meetings": "other_meetings: SLOM", "- {body_id": ""},
        "metadata: other_meetings: expected a list of meetings (or []), got 'SLOM'",
    ),
    (
        "other meeting without a body",
        {"- {body_id": "- {meeting_no: 50}"},
        "metadata: other_meetings 1: body_id is missing",
    ),
    (
        "other meeting key unknown",
        {"- {body_id": "- {body_id: SLOM, number: 50}"},
        "metadata: other_meetings 1: unknown key(s) ['number']; expected: body_id, meeting_no, plus_three",
    ),
    (
        "other meeting plus_three not a boolean",
        {"- {body_id": "- {body_id: SLOM, plus_three: maybe}"},
        "metadata: other_meetings 1: plus_three 'maybe' must be true or false",
    ),
    ("other meeting not a mapping", {"- {body_id": "- SLOM"}, "metadata: other_meetings 1: expected a mapping"),
    (
        "unknown block",
        {"document": "documents: {kind: other, completeness: partial}"},
        "top level: unknown key(s) ['documents']; expected: annotator, notes, paragraphs, source, synthetic, and the "
        "optional blocks document, metadata",
    ),
]


@pytest.mark.parametrize(
    ("changes", "message"), [case[1:] for case in BAD_METADATA], ids=[case[0] for case in BAD_METADATA]
)
def test_read_gold_names_the_file_the_block_and_the_bad_value(
    tmp_path: Path, changes: dict[str, str], message: str
) -> None:
    path = _write(tmp_path, _meta_gold_with(**changes))
    with pytest.raises(GoldError) as caught:
        read_gold(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_read_gold_rejects_a_metadata_block_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = _write(tmp_path, f"source: {SOURCE}\nsynthetic: true\nmetadata: [ALMM, 99]\n")
    with pytest.raises(GoldError, match=r"metadata: expected a mapping with keys chair, date, date_end, "):
        read_gold(path)


def test_read_gold_checks_metadata_body_ids_against_the_registry(tmp_path: Path) -> None:
    path = _write(tmp_path, META_GOLD)
    with pytest.raises(GoldError, match=r"metadata: meeting_body_id 'ALMM' is not in the bodies registry"):
        read_gold(path, body_ids={"SLOM"})
    with pytest.raises(GoldError, match=r"metadata: other_meetings 1: body_id 'SLOM' is not in the bodies registry"):
        read_gold(path, body_ids={"ALMM"})


def _documents(**values: Any) -> pl.DataFrame:
    """A documents table (full schema) with one row of document d1, metadata columns from ``values``."""
    row = {name: None for name in DOCUMENTS.schema.names()}
    row.update(doc_id="d1", source_file=SOURCE, is_synthetic=True, title="", text="", n_paragraphs=3)
    row.update(values)
    return pl.DataFrame([row], schema=DOCUMENTS.schema)


def _metadata_rows(rows: list[tuple[str, str, str | None, str | None]], source: str = SOURCE) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"source": source, "field": name, "outcome": outcome, "expected": expected, "found": found}
            for name, outcome, expected, found in rows
        ],
        schema={
            "source": pl.String,
            "field": pl.String,
            "outcome": pl.String,
            "expected": pl.String,
            "found": pl.String,
        },
    )


META_CASE_GOLD = Gold(
    source=SOURCE,
    synthetic=True,
    instruments=(),
    bodies=(),
    path=Path("gold.yaml"),
    document=GoldDocument("media_release", "partial"),
    metadata=META,
)
# Every outcome once or more: right kind, no completeness, right body, wrong number, one of the two other meetings,
# no Plus Three flag, right date, no end date, right city, no country, wrong format, a chair where gold has none.
META_CASE_DOCUMENTS = _documents(
    document_kind="media_release",
    other_meetings=[{"body_id": "SLOM", "meeting_no": 50, "is_plus_three": False}],
    meeting_body_id="ALMM",
    meeting_no=98,
    date=dt.date(2031, 2, 3),
    venue_city="Testville",
    is_video_conference=True,
    chair="Thailand",
)
META_CASE_ROWS = _metadata_rows(
    [
        ("kind", "correct", "media_release", "media_release"),
        ("completeness", "missed", "partial", None),
        ("meeting_body_id", "correct", "ALMM", "ALMM"),
        ("meeting_no", "wrong", "99", "98"),
        ("other_meetings", "wrong", "ALMM 7 +3; SLOM 50", "SLOM 50"),
        ("is_plus_three", "missed", "false", None),
        ("date", "correct", "2031-02-03", "2031-02-03"),
        ("date_end", "missed", "2031-02-04", None),
        ("venue_city", "correct", "Testville", "Testville"),
        ("venue_country", "missed", "Viet Nam", None),
        ("is_video_conference", "wrong", "false", "true"),
        ("chair", "guessed", None, "Thailand"),
    ]
)


@pytest.fixture
def meta_scores() -> Scores:
    return score_extraction(
        META_CASE_GOLD,
        paragraphs=_paragraphs(),
        instrument_mentions=_instrument_mentions([]),
        body_mentions=_body_mentions([]),
        documents=META_CASE_DOCUMENTS,
    )


def test_score_extraction_scores_every_metadata_field(meta_scores: Scores) -> None:
    assert_frame_equal(meta_scores.metadata, META_CASE_ROWS)
    assert meta_scores.metadata.get_column("field").to_list() == list(METADATA_FIELDS)
    assert meta_scores.mismatches.height == 0


def test_metadata_is_scored_only_with_documents_and_blocks() -> None:
    frames = {
        "paragraphs": _paragraphs(),
        "instrument_mentions": _instrument_mentions([]),
        "body_mentions": _body_mentions([]),
    }
    assert score_extraction(META_CASE_GOLD, **frames).metadata.height == 0
    assert score_extraction(_gold([]), **frames, documents=META_CASE_DOCUMENTS).metadata.height == 0
    assert score_extraction(
        CASE_GOLD, paragraphs=_paragraphs(), instrument_mentions=CASE_TITLES, body_mentions=CASE_BODIES
    ).metadata.columns == ["source", "field", "outcome", "expected", "found"]


def test_a_documents_column_added_later_is_scored() -> None:
    documents = META_CASE_DOCUMENTS.with_columns(
        pl.lit("media_release").alias("document_kind"),
        pl.lit(True).alias("is_plus_three"),
        pl.Series(
            "other_meetings",
            [
                [
                    {"body_id": "SLOM", "meeting_no": 50, "plus_three": False},
                    {"body_id": "ALMM", "meeting_no": 7, "plus_three": True},
                ]
            ],
        ),
    )
    scores = score_extraction(
        META_CASE_GOLD,
        paragraphs=_paragraphs(),
        instrument_mentions=_instrument_mentions([]),
        body_mentions=_body_mentions([]),
        documents=documents.select("doc_id", "document_kind", "is_plus_three", "other_meetings"),
    )
    outcomes = dict(scores.metadata.select("field", "outcome").rows())
    assert outcomes == {
        "kind": "correct",
        "completeness": "not_extracted",
        "meeting_body_id": "not_extracted",
        "meeting_no": "not_extracted",
        "other_meetings": "correct",
        "is_plus_three": "wrong",
        "date": "not_extracted",
        "date_end": "not_extracted",
        "venue_city": "not_extracted",
        "venue_country": "not_extracted",
        "is_video_conference": "not_extracted",
        "chair": "not_extracted",
    }


def test_score_extraction_needs_the_document_row_for_metadata() -> None:
    with pytest.raises(ParameterError, match=r"documents must hold one row for document 'd1'.* it holds 0"):
        score_extraction(
            META_CASE_GOLD,
            paragraphs=_paragraphs(),
            instrument_mentions=_instrument_mentions([]),
            body_mentions=_body_mentions([]),
            documents=META_CASE_DOCUMENTS.with_columns(pl.lit("d2").alias("doc_id")),
        )


def test_combine_scores_keeps_every_metadata_row_and_metadata_summary_counts_them(meta_scores: Scores) -> None:
    other_gold = Gold("synthetic-other.txt", True, (), (), Path("other.yaml"), None, META)
    other = score_extraction(
        other_gold,
        paragraphs=_paragraphs(),
        instrument_mentions=_instrument_mentions([]),
        body_mentions=_body_mentions([]),
        documents=_documents(meeting_body_id="ALMM", meeting_no=99, date=dt.date(2031, 2, 3)),
    )
    combined = combine_scores([meta_scores, other])
    assert combined.metadata.height == 12 + 10
    assert combined.metadata.get_column("source").unique(maintain_order=True).to_list() == [
        "synthetic-other.txt",
        SOURCE,
    ]
    summary = metadata_summary(combined)
    assert summary.columns == [
        "field",
        "n_correct",
        "n_wrong",
        "n_missed",
        "n_guessed",
        "n_both_empty",
        "n_not_extracted",
    ]
    assert summary.get_column("field").to_list() == list(METADATA_FIELDS)
    by_field = {row[0]: row[1:] for row in summary.rows()}
    assert by_field["meeting_no"] == (1, 1, 0, 0, 0, 0)
    assert by_field["chair"] == (0, 0, 0, 1, 1, 0)
    assert by_field["venue_city"] == (1, 0, 1, 0, 0, 0)
    assert by_field["kind"] == (1, 0, 0, 0, 0, 0)  # the other gold file has no document block
    assert by_field["other_meetings"] == (0, 1, 1, 0, 0, 0)
    assert metadata_summary(combine_scores([other])).height == 10
    assert metadata_summary(Scores(metrics=meta_scores.metrics, mismatches=meta_scores.mismatches)).height == 0


META_REPORT_TAIL = """\
metadata                correct      wrong     missed    guessed both_empty
kind                          1          0          0          0          0
completeness                  0          0          1          0          0
meeting_body_id               1          0          0          0          0
meeting_no                    0          1          0          0          0
other_meetings                0          1          0          0          0
is_plus_three                 0          0          1          0          0
date                          1          0          0          0          0
date_end                      0          0          1          0          0
venue_city                    1          0          0          0          0
venue_country                 0          0          1          0          0
is_video_conference           0          1          0          0          0
chair                         0          0          0          1          0
all scored fields             4          3          4          1          0
metadata errors: 8 (wrong 3, missed 4, guessed 1)
  completeness  missed    partial  ->  -
  meeting_no  wrong     99  ->  98
  ... and 6 more
"""


def test_format_scores_adds_the_metadata_table(meta_scores: Scores, case_scores: Scores) -> None:
    report = format_scores(meta_scores, name="synthetic-meta", max_mismatches=2)
    assert report.endswith("mismatches: 0 (missed 0, spurious 0, wrong_type 0, wrong_status 0)\n" + META_REPORT_TAIL)
    assert "metadata" not in format_scores(case_scores, name="synthetic-case")
    other = Scores(
        metrics=meta_scores.metrics,
        mismatches=meta_scores.mismatches,
        metadata=meta_scores.metadata.with_columns(pl.lit("synthetic-other.txt").alias("source")),
    )
    lines = format_scores(combine_scores([meta_scores, other]), name="all").splitlines()
    assert "  synthetic-other.txt meeting_no  wrong     99  ->  98" in lines
    assert "all scored fields             8          6          8          2          0" in lines


# --------------------------------------------------------------------------------------------- evaluating real files

# SYNTHETIC statements, written for these tests, of one invented meeting: a joint statement and a press release.
SYNTHETIC_STATEMENT = """\
# source: https://example.org/synthetic (a header line of the kind the shared excerpts carry)
# retrieved-via: a page of the ASEAN Secretariat (synthetic)
JOINT STATEMENT OF THE 99TH ASEAN LABOUR MINISTERS MEETING

1. The 99th ASEAN Labour Ministers Meeting was held on 3-4 February 2031 in Bangkok, Thailand.

2. The Meeting adopted the ASEAN Synthetic Declaration on Testing.
"""
SYNTHETIC_RELEASE = """\
# source: https://example.org/synthetic-release
MEDIA RELEASE

1. The 99th ASEAN Labour Ministers Meeting was held on 3-4 February 2031 in Bangkok, Thailand.

2. The Ministers noted the Work Plan on Synthetic Data 2021-2025.
"""


def _synthetic_gold(
    tmp_path: Path, source: str, title: str, status: str, kind: str, completeness: str = "complete"
) -> Gold:
    text = f"""\
source: {source}
synthetic: true
document: {{kind: {kind}, completeness: {completeness}}}
metadata:
  meeting_body_id: ALMM
  meeting_no: 99
  other_meetings: []
  is_plus_three: false
  date: 2031-02-03
  date_end: 2031-02-04
  venue_city: Bangkok
  venue_country: Thailand
  is_video_conference: false
  chair: null
paragraphs:
  1:
    bodies:
      - {{body_id: ALMM, text: "ASEAN Labour Ministers Meeting"}}
  2:
    instruments:
      - {{title: "{title}", type: {"declaration" if "Declaration" in title else "work_plan"}, status: {status}}}
"""
    return read_gold(_write(tmp_path, text, name=f"{Path(source).stem}.yaml"))


def test_drop_header_lines() -> None:
    assert drop_header_lines(b"# a\n#b\nx # c\n# \r\n\n# d") == b"#b\nx # c\n\n"
    assert drop_header_lines(b"") == b""


def test_evaluate_golds_drops_header_lines_and_scores_metadata(tmp_path: Path) -> None:
    source = _write(tmp_path, SYNTHETIC_STATEMENT, name="synthetic-statement.txt")
    # two synthetic paragraphs: shorter than a whole joint statement, so partial
    gold = _synthetic_gold(tmp_path, source.name, DECLARATION, "adopted", "joint_statement", "partial")
    [scores] = evaluate_golds([gold], sources=[source], drop_headers=True)
    assert source.read_text(encoding="utf-8") == SYNTHETIC_STATEMENT  # the source file is not changed
    assert scores.metrics.get_column("value").to_list() == [1.0] * 8
    assert Counter(scores.metadata.get_column("outcome").to_list()) == {"correct": 10, "both_empty": 2}
    [kept] = evaluate_golds([gold], sources=[source])  # the header lines are read as a preamble block
    assert (source.name, "spurious", 0, None, "[ASEC] ASEAN Secretariat") in kept.mismatches.rows()


def test_evaluate_golds_scores_two_statements_that_share_a_doc_id(tmp_path: Path) -> None:
    statement = _write(tmp_path, SYNTHETIC_STATEMENT, name="synthetic-statement.txt")
    release = _write(tmp_path, SYNTHETIC_RELEASE, name="synthetic-release.txt")
    golds = [
        _synthetic_gold(tmp_path, statement.name, DECLARATION, "adopted", "joint_statement", "partial"),
        _synthetic_gold(tmp_path, release.name, WORK_PLAN, "noted", "media_release"),
    ]
    results = evaluate_golds(golds, sources=[statement, release], drop_headers=True)
    assert [scores.metrics.get_column("value").to_list() for scores in results] == [[1.0] * 8, [1.0] * 8]
    assert [scores.metadata.get_column("source").unique().to_list() for scores in results] == [
        [statement.name],
        [release.name],
    ]


REAL_GOLD_DIR = Path(__file__).parent / "gold" / "real"
# Scores of the real development set (tests/gold/real/README.md); a floor that the extractor must not fall below,
# not a target. Titles, types and statuses: the figures after the instrument rules were tuned on this set (an upper
# bound, not a held-out result; before: titles 29/45 matched, statuses 26/29). Bodies and metadata: the "before"
# figures, measured before any rule change.
BEFORE_METRICS = {
    "title_precision": 45 / 45,
    "title_recall": 45 / 45,
    "title_f1": 45 / 45,
    "type_accuracy": 45 / 45,
    "status_accuracy": 45 / 45,
    "body_precision": 38 / 38,
    "body_recall": 38 / 40,
    "body_f1": 76 / 78,
}
BEFORE_METADATA_CORRECT = 51  # of the 8 fields that had a column then
# Metadata after the rules of branch rules-metadata (all 12 fields, kind and completeness included): tuned on this set,
# an upper bound, not a held-out result. A floor for later changes: no fewer correct, no more guessed.
AFTER_METADATA_CORRECT = 130
AFTER_METADATA_GUESSED = 0


@pytest.fixture(scope="module")
def excerpts_dir(shared_corpus_dir: Path) -> Path:
    folder = shared_corpus_dir / "excerpts"
    if not folder.is_dir():
        pytest.skip(f"statement excerpts not found at {folder}")
    return folder


@pytest.fixture(scope="module")
def real_golds() -> tuple[Gold, ...]:
    from ascc_analysis.registry import load_registry

    return read_gold_dir(REAL_GOLD_DIR, body_ids={body.id for body in load_registry().bodies})


def test_every_real_gold_file_annotates_a_real_text_with_both_blocks(real_golds: tuple[Gold, ...]) -> None:
    assert len(real_golds) == 14
    for gold in real_golds:
        assert not gold.synthetic
        assert gold.path.name == f"{Path(gold.source).stem}.yaml"
        assert gold.document is not None
        assert gold.metadata is not None


@pytest.mark.shared_corpus
def test_every_excerpt_has_a_gold_file_and_every_span_is_in_its_paragraph(
    excerpts_dir: Path, real_golds: tuple[Gold, ...], tmp_path: Path
) -> None:
    from ascc_analysis.build import parse_file
    from ascc_analysis.ingest.segment import paragraphs_frame
    from ascc_analysis.registry import load_registry

    assert {gold.source for gold in real_golds} == {path.name for path in excerpts_dir.glob("*.txt")}
    registry = load_registry()
    for gold in real_golds:
        stripped = tmp_path / gold.source
        stripped.write_bytes(drop_header_lines((excerpts_dir / gold.source).read_bytes()))
        paragraphs = paragraphs_frame(
            parse_file(stripped, source_file=gold.source, registry=registry).statement, doc_id="d"
        )
        texts: dict[int, str] = {}
        for para_no, text in paragraphs.select("para_no", "text").rows():
            texts[para_no] = texts.get(para_no, "") + "\n" + normalise_span(text)
        wanted = Counter((instrument.para_no, instrument.title) for instrument in gold.instruments)
        wanted.update((body.para_no, body.text) for body in gold.bodies)
        for (para_no, span), count in wanted.items():
            assert texts.get(para_no, "").count(span) >= count, f"{gold.path.name}: {span!r} not {count}x in {para_no}"


@pytest.mark.shared_corpus
def test_the_real_development_set_scores_at_least_the_before_figures(
    excerpts_dir: Path, real_golds: tuple[Gold, ...]
) -> None:
    sources = [find_source(gold, source_dirs=[excerpts_dir]) for gold in real_golds]
    scores = combine_scores(evaluate_golds(real_golds, sources=sources, drop_headers=True))
    values = dict(scores.metrics.select("metric", "value").rows())
    for metric, floor in BEFORE_METRICS.items():
        assert values[metric] >= floor - 1e-9, f"{metric}: {values[metric]} is below the before figure {floor}"
    summary = metadata_summary(scores)
    assert summary.get_column("n_correct").sum() >= max(BEFORE_METADATA_CORRECT, AFTER_METADATA_CORRECT)
    assert summary.get_column("n_guessed").sum() <= AFTER_METADATA_GUESSED
