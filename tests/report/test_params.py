"""Notebook parameters: reading the ``parameters`` cell, checking values against its annotations, ``--set``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest

from ascc_analysis.errors import ParameterError
from ascc_analysis.report.params import (
    Parameter,
    check_value,
    parameters_cell_index,
    parse_assignments,
    read_notebook,
    read_parameters,
    validate_parameters,
)

PARAMETERS = """\
corpus_dir: str = "data/processed"  # processed corpus (relative to the project)
year_from: int = 0  # first year to include (0 = the earliest)
year_to: int | None = None  # last year, None for the latest
bodies: list[str] = []  # bodies to focus on
min_share: float = 0.05  # smallest share shown
novel_only: bool = False  # only novel paragraphs
doc_id: str = ""
label: str | None = "a # not a comment"  # a default holding a hash
ids: Optional[list[int]] = None  # older spelling of a union
"""


def write_notebook(path: Path, *sources: str, tagged: tuple[int, ...] = (1,)) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell("# A notebook"))
    for index, source in enumerate(sources, start=1):
        cell = nbformat.v4.new_code_cell(source)
        if index in tagged:
            cell.metadata["tags"] = ["parameters"]
        notebook.cells.append(cell)
    nbformat.write(notebook, path)
    return path


@pytest.fixture()
def notebook(tmp_path: Path) -> Path:
    return write_notebook(tmp_path / "01_demo.ipynb", PARAMETERS, "print(year_from)")


def test_reads_every_parameter_with_type_default_and_help(notebook: Path) -> None:
    assert read_parameters(notebook) == [
        Parameter("corpus_dir", "str", "data/processed", "processed corpus (relative to the project)"),
        Parameter("year_from", "int", 0, "first year to include (0 = the earliest)"),
        Parameter("year_to", "int | None", None, "last year, None for the latest"),
        Parameter("bodies", "list[str]", [], "bodies to focus on"),
        Parameter("min_share", "float", 0.05, "smallest share shown"),
        Parameter("novel_only", "bool", False, "only novel paragraphs"),
        Parameter("doc_id", "str", "", ""),
        Parameter("label", "str | None", "a # not a comment", "a default holding a hash"),
        Parameter("ids", "Optional[list[int]]", None, "older spelling of a union"),
    ]


def test_a_multi_line_default_takes_the_help_of_its_last_line(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "n.ipynb", 'themes: list[str] = [\n    "health",\n    "labour",\n]  # themes\n')
    assert read_parameters(path) == [Parameter("themes", "list[str]", ["health", "labour"], "themes")]


def test_an_untyped_parameter_accepts_anything(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "n.ipynb", "seed = 3  # random seed\n")
    assert read_parameters(path) == [Parameter("seed", "None", 3, "random seed")]
    assert validate_parameters(path, {"seed": "anything"}) == {"seed": "anything"}


def test_a_float_default_written_as_int_becomes_float(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "n.ipynb", "resolution: float = 1  # resolution\n")
    assert read_parameters(path)[0].default == 1.0
    assert isinstance(read_parameters(path)[0].default, float)


def test_read_notebook_joins_list_sources_without_nbformat(notebook: Path) -> None:
    raw = json.loads(notebook.read_text(encoding="utf-8"))
    raw["cells"][1]["source"] = PARAMETERS.splitlines(keepends=True)
    notebook.write_text(json.dumps(raw), encoding="utf-8")
    assert read_parameters(notebook)[0].name == "corpus_dir"
    assert parameters_cell_index(read_notebook(notebook)) == 1


@pytest.mark.parametrize(
    ("sources", "tagged", "message"),
    [
        (("x: int = 1",), (), "no code cell is tagged 'parameters'"),
        (("x: int = 1", "y: int = 2"), (1, 2), "2 cells (indices [1, 2]) are tagged 'parameters'; tag exactly one"),
        (("x: int = len([])",), (1,), "the default of parameter x (len([])) is not a literal"),
        (("x: int = 'a'",), (1,), "the default of parameter x expects int, got 'a' (str)"),
        (("x: dict[str, int] = {}",), (1,), "unsupported type annotation 'dict[str, int]'"),
        (("print(1)",), (1,), "line 1 of the parameters cell is not `name: type = literal  # help`"),
        (("x: int",), (1,), "parameter x has no default value"),
        (("x: int = = 1",), (1,), "the parameters cell is not valid Python"),
    ],
)
def test_bad_parameter_cells_are_errors_naming_the_notebook(
    tmp_path: Path, sources: tuple[str, ...], tagged: tuple[int, ...], message: str
) -> None:
    path = write_notebook(tmp_path / "02_bad.ipynb", *sources, tagged=tagged)
    with pytest.raises(ParameterError, match=r"02_bad\.ipynb") as error:
        read_parameters(path)
    assert message in str(error.value)


def test_missing_or_broken_notebook_files_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="notebook not found"):
        read_parameters(tmp_path / "missing.ipynb")
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    with pytest.raises(ParameterError, match="not a readable notebook"):
        read_parameters(tmp_path / "broken.ipynb")
    (tmp_path / "v3.ipynb").write_text(json.dumps({"nbformat": 3, "worksheets": []}), encoding="utf-8")
    with pytest.raises(ParameterError, match="not an nbformat 4 notebook"):
        read_parameters(tmp_path / "v3.ipynb")


def test_validate_returns_converted_values_in_cell_order(notebook: Path) -> None:
    values = {"min_share": 1, "year_to": 2024, "bodies": ["ASCC"], "year_from": 2019, "novel_only": True}
    checked = validate_parameters(notebook, values)
    assert checked == {"year_from": 2019, "year_to": 2024, "bodies": ["ASCC"], "min_share": 1.0, "novel_only": True}
    assert list(checked) == ["year_from", "year_to", "bodies", "min_share", "novel_only"]
    assert isinstance(checked["min_share"], float)
    assert validate_parameters(notebook, {"year_to": None, "label": None, "ids": [1, 2]}) == {
        "year_to": None,
        "label": None,
        "ids": [1, 2],
    }


def test_an_unknown_name_suggests_the_closest(notebook: Path) -> None:
    with pytest.raises(ParameterError) as error:
        validate_parameters(notebook, {"year_form": 2019})
    assert str(error.value) == (
        "01_demo.ipynb: unknown parameter 'year_form'; did you mean year_from? it accepts corpus_dir, year_from, "
        "year_to, bodies, min_share, novel_only, doc_id, label, ids"
    )
    with pytest.raises(ParameterError, match="unknown parameter 'zzz'; it accepts"):
        validate_parameters(notebook, {"zzz": 1})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("year_from", "2019", "parameter year_from expects int, got '2019' (str)"),
        ("year_from", True, "parameter year_from expects int, got True (bool)"),
        ("year_from", 2019.5, "parameter year_from expects int, got 2019.5 (float)"),
        ("year_from", None, "parameter year_from expects int, got None (NoneType)"),
        ("year_to", "last", "parameter year_to expects int | None, got 'last' (str)"),
        ("bodies", "ASCC", "parameter bodies expects list[str], got 'ASCC' (str)"),
        ("bodies", ["ASCC", 3], "parameter bodies expects list[str], got ['ASCC', 3] (list)"),
        ("min_share", "0.1", "parameter min_share expects float, got '0.1' (str)"),
        ("novel_only", 1, "parameter novel_only expects bool, got 1 (int)"),
        ("doc_id", 7, "parameter doc_id expects str, got 7 (int)"),
    ],
)
def test_a_wrong_type_names_notebook_parameter_and_type(notebook: Path, name: str, value: Any, message: str) -> None:
    with pytest.raises(ParameterError) as error:
        validate_parameters(notebook, {name: value})
    assert str(error.value) == f"01_demo.ipynb: {message}"


def test_untyped_values_must_be_plain_json(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "n.ipynb", "seed = 3\n")
    with pytest.raises(ParameterError, match="is not a plain value"):
        validate_parameters(path, {"seed": {1, 2}})


def test_check_value_directly() -> None:
    assert check_value(3, "float") == 3.0
    assert check_value([1, 2.5], "list[float]") == [1.0, 2.5]
    assert check_value(None, "list[str] | None") is None
    with pytest.raises(ValueError, match="expects list\\[str\\] \\| None, got 3 \\(int\\)"):
        check_value(3, "list[str] | None")


def test_set_options_are_read_as_yaml_and_fitted_to_the_type(notebook: Path) -> None:
    parameters = {parameter.name: parameter for parameter in read_parameters(notebook)}
    values = parse_assignments(
        [
            "year_from=2019",
            "year_to=null",
            "doc_id=2019",
            "bodies=ASCC",
            "min_share=0.1",
            "novel_only=true",
            "label=",
            "ids=[1, 2]",
        ],
        parameters,
    )
    assert values == {
        "year_from": 2019,
        "year_to": None,
        "doc_id": "2019",
        "bodies": ["ASCC"],
        "min_share": 0.1,
        "novel_only": True,
        "label": None,
        "ids": [1, 2],
    }
    assert parse_assignments(["bodies=[ASCC, ALMM]", "doc_id="], parameters) == {
        "bodies": ["ASCC", "ALMM"],
        "doc_id": "",
    }
    assert validate_parameters(notebook, values)["bodies"] == ["ASCC"]
    # a value that fits no type is kept as parsed and rejected by validation
    wrong = parse_assignments(["year_from=soon"], parameters)
    assert wrong == {"year_from": "soon"}
    with pytest.raises(ParameterError, match="year_from expects int, got 'soon'"):
        validate_parameters(notebook, wrong)
    # unknown names pass through (validation names them), broken YAML is kept as text
    assert parse_assignments(["other=[1,", "x=1"], {}) == {"other": "[1,", "x": 1}


@pytest.mark.parametrize("assignment", ["year_from", "=3", "2x=1", " =1"])
def test_malformed_set_options_are_errors(assignment: str) -> None:
    with pytest.raises(ParameterError, match="expected name=value"):
        parse_assignments([assignment], {})
