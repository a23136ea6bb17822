"""Tests of ascc_analysis.evaluate: reading gold files and scoring extraction against them.

Every title, text and file below is SYNTHETIC, written for these tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ascc_analysis.errors import AsccError, ParameterError, SchemaError
from ascc_analysis.evaluate import (
    INSTRUMENT_TYPES,
    METRICS,
    STATUSES,
    Gold,
    GoldBody,
    GoldError,
    GoldInstrument,
    Scores,
    combine_scores,
    format_scores,
    normalise_span,
    read_gold,
    read_gold_dir,
    score_extraction,
)
from ascc_analysis.schemas import BODY_MENTIONS, INSTRUMENT_MENTIONS, PARAGRAPHS

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
