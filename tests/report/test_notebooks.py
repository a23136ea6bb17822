"""Static checks of the notebook suite: thin, parametrised, committed clean, and in step with the runner."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from ascc_analysis.build import build_corpus
from ascc_analysis.report.params import read_parameters, validate_parameters
from ascc_analysis.report.runner import DEFAULT_KERNEL, RunSummary, read_report_specs, run_reports

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
COMMON = {"corpus_dir", "year_from"}  # every report can be pointed at a corpus and cut to years


def _cells(path: Path) -> list[dict[str, object]]:
    cells: list[dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return cells


def _source(cell: dict[str, object]) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else str(source)


def test_the_suite_has_the_five_reports() -> None:
    assert [path.name for path in NOTEBOOKS] == [
        "01_corpus_overview.ipynb",
        "02_topic_trends.ipynb",
        "03_instrument_networks.ipynb",
        "04_priority_shifts.ipynb",
        "05_statement_profile.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_exactly_one_parameters_cell(path: Path) -> None:
    tagged = [cell for cell in _cells(path) if "parameters" in cell.get("metadata", {}).get("tags", [])]  # type: ignore[attr-defined]
    assert len(tagged) == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_committed_without_outputs(path: Path) -> None:
    for cell in _cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], _source(cell)[:60]
            assert cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_no_function_or_class_definitions(path: Path) -> None:
    for cell in _cells(path):
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse(_source(cell))
        defined = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda)
        ]
        assert not defined, f"{path.name}: logic belongs in src/ascc_analysis/, not in {_source(cell)[:60]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_every_parameter_is_typed_documented_and_valid(path: Path) -> None:
    parameters = read_parameters(path)
    names = {parameter.name for parameter in parameters}
    assert names >= COMMON
    for parameter in parameters:
        assert parameter.type, parameter.name
        assert len(parameter.help) > 10, parameter.name
    defaults = {parameter.name: parameter.default for parameter in parameters}
    assert validate_parameters(path, defaults) == defaults


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_each_code_figure_is_introduced_by_markdown(path: Path) -> None:
    cells = _cells(path)
    assert cells[0]["cell_type"] == "markdown" and _source(cells[0]).startswith("# ")
    markdown = [cell for cell in cells if cell["cell_type"] == "markdown"]
    assert len(markdown) >= 4


def test_reports_yaml_names_every_notebook_with_valid_parameters() -> None:
    specs = read_report_specs(NOTEBOOKS_DIR / "reports.yaml", notebooks_dir=NOTEBOOKS_DIR)
    assert sorted(spec.notebook.name for spec in specs) == [path.name for path in NOTEBOOKS]
    for spec in specs:
        validate_parameters(spec.notebook, dict(spec.params))


# --- execution: the real notebooks through the runner, on the synthetic demo corpus ------------------------------

PROFILED = "ascc-31-2024-03-24"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, RunSummary]:
    work = tmp_path_factory.mktemp("demo-site")
    corpus = work / "processed"
    build_corpus(work / "empty-raw", corpus, demo=True)
    names = [spec.name for spec in read_report_specs(NOTEBOOKS_DIR / "reports.yaml") if not spec.grid]
    summary = run_reports(
        corpus,
        work / "reports",
        reports_file=NOTEBOOKS_DIR / "reports.yaml",
        names=[*names, f"statement-{PROFILED}"],
        jobs=2,
        root=NOTEBOOKS_DIR.parent,
    )
    return corpus, work / "reports", summary


def _outputs(executed: Path) -> str:
    """Every text and HTML output of an executed notebook, joined."""
    texts = []
    for cell in json.loads(executed.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")))
            data = output.get("data", {})
            texts.append("".join(data.get("text/html", "")) + "".join(data.get("text/plain", "")))
    return "\n".join(texts)


def test_every_notebook_runs_on_the_demo_corpus(demo_site: tuple[Path, Path, RunSummary]) -> None:
    _, out, summary = demo_site
    assert [result.status for result in summary.results] == ["ok"] * 5, [result.error for result in summary.results]
    for name in ("overview", "topic-trends", "instrument-networks", "priority-shifts", f"statement-{PROFILED}"):
        assert (out / f"{name}.html").stat().st_size < 3_000_000
        assert (out / "notebooks" / f"{name}.ipynb").is_file()


def test_the_reports_show_what_is_known_of_the_demo_corpus(demo_site: tuple[Path, Path, RunSummary]) -> None:
    _, out, _ = demo_site
    overview = _outputs(out / "notebooks" / "overview.ipynb")
    assert "SYNTHETIC demo corpus" in overview
    assert "9 of 34 ASCC Council meetings in the manifest are in the corpus" in overview
    assert "Years with no statement: none" in overview
    coverage = re.search(
        r"(\d+) of 169 meetings in the manifest \(15 bodies\) have their statement in the corpus", overview
    )
    assert coverage is not None and 0 < int(coverage.group(1)) <= 16  # at most the 16 demo statements
    shifts_page = _outputs(out / "notebooks" / "priority-shifts.ipynb")
    assert "pandemic" in shifts_page  # the demo's 2020 statements turn to the pandemic
    profile_page = _outputs(out / "notebooks" / f"statement-{PROFILED}.ipynb")
    # 15: every other demo statement, the AMMSWD one of a day later in 2024 included (same year)
    assert f"Profile of {PROFILED}, compared with 15 statements of the same or earlier years" in profile_page


def test_a_second_run_with_nothing_changed_runs_nothing(demo_site: tuple[Path, Path, RunSummary]) -> None:
    corpus, out, first = demo_site
    again = run_reports(
        corpus,
        out,
        reports_file=NOTEBOOKS_DIR / "reports.yaml",
        names=[result.name for result in first.results],
        root=NOTEBOOKS_DIR.parent,
    )
    assert again.count("skipped") == 5


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebooks_open_on_the_project_kernel(path: Path) -> None:
    kernelspec = json.loads(path.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
    assert kernelspec["name"] == DEFAULT_KERNEL  # what `make lab` installs and `ascc report` runs on
