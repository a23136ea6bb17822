"""The report runner: reports file, grids, cache keys, execution, failures, HTML export, index, scheduling.

Execution tests start real kernels (about 2 s each) on small fixture notebooks written here, over a processed corpus
built from three synthetic statements (written for these tests; not ASEAN documents).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from ascc_analysis.build import build_corpus
from ascc_analysis.cli import app
from ascc_analysis.errors import ParameterError
from ascc_analysis.report import runner as reporting
from ascc_analysis.report.params import read_parameters
from ascc_analysis.report.runner import (
    CellError,
    ReportResult,
    cache,
    cache_key,
    ensure_kernel,
    executor,
    export,
    export_html,
    history_hash,
    plan_reports,
    read_manifest,
    read_report_specs,
    render_index,
    run_plan,
    run_reports,
)

REPO_ROOT = Path(__file__).resolve().parents[2]

STATEMENT = """JOINT STATEMENT OF THE {words} ASEAN SOCIO-CULTURAL COMMUNITY (ASCC) COUNCIL MEETING
{city}, {date}

1. The {ordinal} ASCC Council Meeting was held on {date} in {city}, {country}, under the ASEAN
Chairmanship of {country}.

2. The Meeting noted the progress of the synthetic test work plan on {topic} and encouraged the
sectoral bodies under the ASCC to carry it forward.

3. The Meeting looked forward to the adoption of the ASEAN Declaration on Synthetic {topic} Cooperation.
"""
STATEMENTS = {
    "ascc-20.txt": ("20th", "TWENTIETH", "3 October 2018", "Singapore", "Singapore", "testing"),
    "ascc-21.txt": ("21st", "TWENTY-FIRST", "17 May 2019", "Chiang Mai", "Thailand", "resilience"),
    "ascc-22.txt": ("22nd", "TWENTY-SECOND", "1 November 2019", "Bangkok", "Thailand", "ageing"),
}
LATER = ("ascc-23.txt", ("23rd", "TWENTY-THIRD", "23 June 2020", "Hanoi", "Viet Nam", "training"))
EARLIER = ("ascc-19.txt", ("19th", "NINETEENTH", "5 June 2018", "Manila", "Philippines", "culture"))

DOC_18, DOC_19A, DOC_19B, DOC_20 = (
    "ascc-20-2018-10-03",
    "ascc-21-2019-05-17",
    "ascc-22-2019-11-01",
    "ascc-23-2020-06-23",
)

AGGREGATE = (
    'corpus_dir: str = "data/processed"  # processed corpus\n'
    "fail: bool = False  # raise in the next cell\n"
    "sleep: float = 0  # seconds the third cell sleeps\n"
)
AGGREGATE_CELLS = (
    "import json\nfrom pathlib import Path\n"
    'print("documents", json.loads((Path(corpus_dir) / "corpus.json").read_text())["corpus_hash"][:12])',
    'if fail:\n    raise RuntimeError("planted failure <b>")',
    "import time\ntime.sleep(sleep)",
)
PROFILE = 'corpus_dir: str = "data/processed"  # processed corpus\ndoc_id: str = ""  # the statement\n'
PROFILE_CELLS = ('print("profile of", doc_id)',)

REPORTS_YAML = """\
reports:
  summary:
    notebook: aggregate.ipynb
    title: "Summary <script>alert(1)</script>"
  statement-{doc_id}:
    notebook: profile.ipynb
    title: "Profile of {doc_id}"
    grid: {doc_id: "@documents.doc_id"}
    inputs: history
"""


def write_statement(raw: Path, name: str, fields: tuple[str, ...]) -> None:
    ordinal, words, date, city, country, topic = fields
    raw.mkdir(parents=True, exist_ok=True)
    (raw / name).write_text(
        STATEMENT.format(ordinal=ordinal, words=words, date=date, city=city, country=country, topic=topic),
        encoding="utf-8",
    )


def write_notebook(path: Path, parameters: str, *cells: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells.append(nbformat.v4.new_markdown_cell(f"# {path.stem}\nA fixture notebook."))
    parameter_cell = nbformat.v4.new_code_cell(parameters)
    parameter_cell.metadata["tags"] = ["parameters"]
    notebook.cells.append(parameter_cell)
    notebook.cells.extend(nbformat.v4.new_code_cell(source) for source in cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def make_project(root: Path, statements: dict[str, tuple[str, ...]] = STATEMENTS) -> Path:
    """A project folder: raw statements, a built corpus, notebooks and their reports file."""
    for name, fields in statements.items():
        write_statement(root / "data" / "raw", name, fields)
    build_corpus(root / "data" / "raw", root / "data" / "processed")
    write_notebook(root / "notebooks" / "aggregate.ipynb", AGGREGATE, *AGGREGATE_CELLS)
    write_notebook(root / "notebooks" / "profile.ipynb", PROFILE, *PROFILE_CELLS)
    (root / "notebooks" / "reports.yaml").write_text(REPORTS_YAML, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("built") / "project")


@pytest.fixture()
def project(built_project: Path, tmp_path: Path) -> Path:
    """A private copy of the built project (tests may add statements or edit notebooks)."""
    root = tmp_path / "project"
    shutil.copytree(built_project, root)
    return root


def plan(root: Path, **options: Any) -> reporting.ReportPlan:
    return plan_reports(
        root / "data" / "processed",
        root / "reports",
        reports_file=root / "notebooks" / "reports.yaml",
        root=root,
        **options,
    )


def keys(root: Path, **options: Any) -> dict[str, str]:
    return {report.name: report.cache_key for report in plan(root, **options).reports}


# --- the reports file ---------------------------------------------------------------------------------------------


def test_reads_the_reports_file(built_project: Path) -> None:
    specs = read_report_specs(built_project / "notebooks" / "reports.yaml")
    assert [(spec.name, spec.notebook.name, spec.title, dict(spec.grid), spec.inputs) for spec in specs] == [
        ("summary", "aggregate.ipynb", "Summary <script>alert(1)</script>", {}, "corpus"),
        ("statement-{doc_id}", "profile.ipynb", "Profile of {doc_id}", {"doc_id": "@documents.doc_id"}, "history"),
    ]


def test_the_projects_own_reports_file_is_valid() -> None:
    path = REPO_ROOT / "notebooks" / "reports.yaml"
    available = {p.name for p in (REPO_ROOT / "notebooks").glob("*.ipynb")}
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {entry["notebook"] for entry in document["reports"].values()} == available
    specs = read_report_specs(path)
    assert {spec.notebook.name for spec in specs} <= available
    for spec in specs:  # every notebook's parameters are readable by the runner and take the corpus
        parameters = {parameter.name: parameter for parameter in read_parameters(spec.notebook)}
        assert parameters["corpus_dir"].type == "str"
        assert set(spec.params) | set(spec.grid) <= set(parameters)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "expected a mapping `reports:`"),
        ("reports: {a: 3}", "report 'a': expected a mapping with `notebook:`"),
        ("reports: {a: {notebook: aggregate.ipynb, colour: red}}", "unknown key(s) ['colour']"),
        ("reports: {a: {title: A}}", "`notebook:` must name an .ipynb file, got None"),
        ("reports: {a: {notebook: missing.ipynb}}", "notebook missing.ipynb not found"),
        ("reports: {a: {notebook: aggregate.ipynb, title: [1]}}", "`title:` must be a string"),
        ("reports: {a: {notebook: aggregate.ipynb, params: [1]}}", "`params:` must map parameter names"),
        ("reports: {'a-{x}': {notebook: aggregate.ipynb, grid: {x: 3}}}", "grid 'x' must be '@table.column'"),
        ("reports: {'a-{x}': {notebook: aggregate.ipynb, grid: {x: []}}}", "grid 'x' must be '@table.column'"),
        ("reports: {a: {notebook: aggregate.ipynb, grid: {x: [1, 2]}}}", "the {placeholders} of the name ([])"),
        ("reports: {'a-{y}': {notebook: aggregate.ipynb}}", "the {placeholders} of the name (['y'])"),
        ("reports: {a: {notebook: aggregate.ipynb, title: 'T {y}'}}", "the title uses ['y']"),
        ("reports: {'a-{x}': {notebook: aggregate.ipynb, grid: {x: [1]}, params: {x: 2}}}", "set both in"),
        ("reports: {a: {notebook: aggregate.ipynb, inputs: some}}", "`inputs:` must be 'corpus' or 'history'"),
        ("reports: {'a-{x': {notebook: aggregate.ipynb}}", "bad {placeholder}"),
        ("reports: [", "not valid YAML"),
    ],
)
def test_bad_reports_files_are_errors(built_project: Path, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "reports.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError) as error:
        read_report_specs(path, notebooks_dir=built_project / "notebooks")
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_a_missing_reports_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="reports file not found"):
        read_report_specs(tmp_path / "nope.yaml")


# --- planning: grids, selection, parameters -----------------------------------------------------------------------


def test_a_grid_gives_one_report_per_corpus_value(built_project: Path) -> None:
    planned = plan(built_project)
    assert [(r.name, r.title, dict(r.overrides), r.inputs) for r in planned.reports] == [
        ("summary", "Summary <script>alert(1)</script>", {}, "corpus"),
        (f"statement-{DOC_18}", f"Profile of {DOC_18}", {"doc_id": DOC_18}, "history"),
        (f"statement-{DOC_19A}", f"Profile of {DOC_19A}", {"doc_id": DOC_19A}, "history"),
        (f"statement-{DOC_19B}", f"Profile of {DOC_19B}", {"doc_id": DOC_19B}, "history"),
    ]
    summary = planned.reports[0]
    assert dict(summary.parameters) == {"corpus_dir": "data/processed", "fail": False, "sleep": 0.0}
    assert summary.corpus_key == f"corpus:{planned.corpus_hash}"
    assert planned.reports[1].corpus_key == f"history:{history_hash(built_project / 'data' / 'processed', DOC_18)}"
    assert planned.complete


def test_literal_grids_and_several_variables_make_every_combination(built_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "reports.yaml"
    path.write_text(
        "reports:\n  'run-{sleep}-{fail}':\n    notebook: aggregate.ipynb\n    title: 'Run {sleep} {fail}'\n"
        "    grid: {sleep: [0, 0.5], fail: [false, true]}\n",
        encoding="utf-8",
    )
    planned = plan_reports(
        built_project / "data" / "processed",
        tmp_path / "reports",
        reports_file=path,
        root=built_project,
    )
    assert [(r.name, r.overrides["sleep"], r.overrides["fail"]) for r in planned.reports] == [
        ("run-0-False", 0.0, False),
        ("run-0-True", 0.0, True),
        ("run-0.5-False", 0.5, False),
        ("run-0.5-True", 0.5, True),
    ]


def test_names_select_reports_by_name_pattern_or_template(built_project: Path) -> None:
    assert [r.name for r in plan(built_project, names=["summary"]).reports] == ["summary"]
    assert [r.name for r in plan(built_project, names=["statement-*2019*"]).reports] == [
        f"statement-{DOC_19A}",
        f"statement-{DOC_19B}",
    ]
    assert len(plan(built_project, names=["statement-{doc_id}", "summary"]).reports) == 4
    assert not plan(built_project, names=["summary"]).complete


def test_an_unknown_report_name_suggests_the_closest(built_project: Path) -> None:
    with pytest.raises(ParameterError, match=r"no report 'sumary' in .*did you mean summary\?"):
        plan(built_project, names=["sumary"])


def test_a_notebook_argument_is_an_adhoc_report_with_set_values(built_project: Path) -> None:
    planned = plan(built_project, names=["profile.ipynb"], assignments=[f"doc_id={DOC_19A}"])
    (report,) = planned.reports
    assert (report.name, report.adhoc, dict(report.overrides)) == ("profile", True, {"doc_id": DOC_19A})
    assert report.corpus_key == "corpus:" + planned.corpus_hash  # ad-hoc reports read the whole corpus
    with pytest.raises(ParameterError, match=r"notebook nothing\.ipynb not found"):
        plan(built_project, names=["nothing.ipynb"])


def test_set_values_apply_to_the_notebooks_that_declare_them(built_project: Path) -> None:
    planned = plan(built_project, assignments=["sleep=1", "fail=false"])
    assert dict(planned.reports[0].overrides) == {"fail": False, "sleep": 1.0}
    assert dict(planned.reports[1].overrides) == {"doc_id": DOC_18}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"assignments": ["slep=1"]}, "--set slep: no planned notebook has a parameter 'slep'; did you mean sleep?"),
        ({"assignments": ["fail=maybe"]}, "aggregate.ipynb: parameter fail expects bool, got 'maybe' (str)"),
        ({"assignments": ["doc_id=x"]}, "takes doc_id from its grid; to run the notebook with one value"),
        ({"assignments": ["corpus_dir=elsewhere"]}, "give the corpus with --corpus instead"),
        ({"names": ["profile.ipynb"], "assignments": ["doc_id=nope"]}, None),
    ],
)
def test_bad_parameters_fail_the_plan(built_project: Path, options: dict[str, Any], message: str | None) -> None:
    if message is None:  # an ad-hoc profile of an unknown statement is the notebook's to report
        assert plan(built_project, **options).reports[0].overrides == {"doc_id": "nope"}
        return
    with pytest.raises(ParameterError) as error:
        plan(built_project, **options)
    assert message in str(error.value)


def test_reports_file_errors_that_need_the_corpus(built_project: Path, tmp_path: Path) -> None:
    cases = {
        "grid: {doc_id: '@nothing.doc_id'}": "no table 'nothing'",
        "grid: {doc_id: '@documents.nothing'}": "documents has no column 'nothing'",
    }
    for grid, message in cases.items():
        path = tmp_path / "r.yaml"
        path.write_text(f"reports:\n  'p-{{doc_id}}':\n    notebook: profile.ipynb\n    {grid}\n", encoding="utf-8")
        with pytest.raises(ParameterError, match=message):
            plan_reports(built_project / "data" / "processed", tmp_path, reports_file=path, root=built_project)
    path = tmp_path / "r.yaml"
    path.write_text("reports:\n  p:\n    notebook: profile.ipynb\n    params: {doc_id: nope}\n    inputs: history\n")
    with pytest.raises(ParameterError, match="doc_id='nope' is not a statement of"):
        plan_reports(built_project / "data" / "processed", tmp_path, reports_file=path, root=built_project)
    path.write_text("reports:\n  p:\n    notebook: aggregate.ipynb\n    inputs: history\n")
    with pytest.raises(ParameterError, match="`inputs: history` needs a doc_id parameter"):
        plan_reports(built_project / "data" / "processed", tmp_path, reports_file=path, root=built_project)
    path.write_text("reports:\n  p:\n    notebook: aggregate.ipynb\n    params: {corpus_dir: x}\n")
    with pytest.raises(ParameterError, match="set corpus_dir with --corpus"):
        plan_reports(built_project / "data" / "processed", tmp_path, reports_file=path, root=built_project)
    write_notebook(tmp_path / "bare.ipynb", "x: int = 1\n")
    with pytest.raises(ParameterError, match=r"bare\.ipynb: no corpus_dir parameter"):
        plan_reports(built_project / "data" / "processed", tmp_path, names=[str(tmp_path / "bare.ipynb")])
    path.write_text("reports:\n  'p-{x}':\n    notebook: aggregate.ipynb\n    grid: {x: [a, 'a!']}\n")
    with pytest.raises(ParameterError, match="two reports are named 'p-a'"):
        plan_reports(built_project / "data" / "processed", tmp_path, reports_file=path, root=built_project)


# --- cache keys ---------------------------------------------------------------------------------------------------


def test_the_key_changes_with_source_parameters_corpus_slice_version_and_export(project: Path) -> None:
    base = keys(project)
    assert keys(project) == base  # deterministic

    # an outputs-only change (as after running the notebook in JupyterLab) keeps every key
    path = project / "notebooks" / "aggregate.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="documents 42\n")]
    notebook.cells[2].execution_count = 7
    notebook.metadata["widgets"] = {"state": {}}
    nbformat.write(notebook, path)
    assert keys(project) == base

    # a source change re-keys that notebook's reports only
    notebook.cells[2].source += "\n# edited"
    nbformat.write(notebook, path)
    edited = keys(project)
    assert edited["summary"] != base["summary"]
    assert {name: key for name, key in edited.items() if name != "summary"} == {
        name: key for name, key in base.items() if name != "summary"
    }

    # a parameter change re-keys the reports that take it
    assert keys(project, assignments=["sleep=0.5"])["summary"] != edited["summary"]
    # showing the code re-keys everything
    assert set(keys(project, show_code=True).values()).isdisjoint(edited.values())

    # the package's code is part of the key
    report = plan(project).reports[0]
    arguments = {"corpus_key": report.corpus_key, "notebook_hash": "n", "parameters": report.parameters}
    assert cache_key(**arguments, show_code=False, code="a") != cache_key(**arguments, show_code=False, code="b")
    assert cache_key(**arguments, show_code=False) == cache_key(**arguments, show_code=False)


def test_a_change_to_the_library_code_rekeys_every_report(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upgrade or a fix of the library, with the notebooks and corpus unchanged, must not let the next run
    serve the pages the old code made."""
    before = keys(project)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version of the library")
    after = keys(project)
    assert after.keys() == before.keys()
    assert set(after.values()).isdisjoint(before.values())


def test_the_code_fingerprint_follows_code_and_data_files_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "ascc_analysis"
    (package / "analysis").mkdir(parents=True)
    (package / "resources").mkdir()
    (package / "analysis" / "topics.py").write_text("K = 4\n", encoding="utf-8")
    (package / "resources" / "stopwords.txt").write_text("the\n", encoding="utf-8")
    monkeypatch.setattr(cache.resources, "files", lambda name: package)

    def fingerprint() -> str:
        return cache.code_fingerprint.__wrapped__()  # not the value kept for the process

    base = fingerprint()
    assert fingerprint() == base
    (package / "analysis" / "__pycache__").mkdir()
    (package / "analysis" / "__pycache__" / "topics.cpython-311.pyc").write_bytes(b"\x00")
    (package / "analysis" / "notes.swp").write_bytes(b"\x00")
    assert fingerprint() == base  # compiled files and editor leftovers are not code
    (package / "analysis" / "topics.py").write_text("K = 5\n", encoding="utf-8")
    changed = fingerprint()
    assert changed != base
    (package / "resources" / "stopwords.txt").write_text("the\nof\n", encoding="utf-8")
    assert fingerprint() != changed
    # moving a file changes it too, though no byte changed
    (package / "analysis" / "topics.py").rename(package / "topics.py")
    moved = fingerprint()
    (package / "topics.py").rename(package / "analysis" / "topics.py")
    assert moved != fingerprint()


def test_the_key_follows_the_content_of_a_file_a_parameter_names(project: Path) -> None:
    write_notebook(project / "notebooks" / "files.ipynb", PROFILE + 'manifest_path: str = "data/raw/notes.csv"\n')
    (project / "data" / "raw" / "notes.csv").write_text("a,b\n", encoding="utf-8")

    def key() -> str:
        return plan(project, names=["files.ipynb"]).reports[0].cache_key

    first = key()
    assert key() == first
    (project / "data" / "raw" / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert key() != first
    (project / "data" / "raw" / "notes.csv").unlink()  # a missing file is the notebook's to report
    assert key() != first


def test_history_keys_change_only_for_statements_whose_slice_changed(project: Path) -> None:
    corpus = project / "data" / "processed"
    before = {doc: history_hash(corpus, doc) for doc in (DOC_18, DOC_19A, DOC_19B)}
    assert len(set(before.values())) == 2  # the two 2019 statements share a slice: both 2019 ones and 2018
    assert before[DOC_19A] == before[DOC_19B]
    base = keys(project)

    from ascc_analysis.catalog import read_table

    mentions_before = dict(read_table(corpus, "instruments").select("instrument_id", "n_mentions").iter_rows())
    write_statement(project / "data" / "raw", *LATER)  # a statement of a later year
    build_corpus(project / "data" / "raw", corpus)
    assert {doc: history_hash(corpus, doc) for doc in before} == before
    # ... although it names an instrument the earlier ones name (the corpus-wide counts are not part of a slice)
    mentions_after = dict(read_table(corpus, "instruments").select("instrument_id", "n_mentions").iter_rows())
    assert any(mentions_after[key] > count for key, count in mentions_before.items() if key in mentions_after)
    later = keys(project)
    assert later["summary"] != base["summary"]
    assert {name for name in later if later[name] != base.get(name)} == {"summary", f"statement-{DOC_20}"}

    write_statement(project / "data" / "raw", *EARLIER)  # a statement of 2018 changes every slice
    build_corpus(project / "data" / "raw", corpus)
    after = {doc: history_hash(corpus, doc) for doc in before}
    assert all(after[doc] != before[doc] for doc in before)

    with pytest.raises(ParameterError, match="doc_id='nope' is not a statement"):
        history_hash(corpus, "nope")


# --- execution ----------------------------------------------------------------------------------------------------


def statuses(summary: reporting.RunSummary) -> dict[str, str]:
    return {result.name: result.status for result in summary.results}


@pytest.mark.slow
def test_run_skip_and_rerun_only_what_a_new_statement_affects(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = project / "reports"
    seen: list[ReportResult] = []
    first = run_reports(
        project / "data" / "processed",
        out,
        reports_file=project / "notebooks" / "reports.yaml",
        root=project,
        jobs=2,
        on_result=seen.append,
    )
    names = ["summary", f"statement-{DOC_18}", f"statement-{DOC_19A}", f"statement-{DOC_19B}"]
    assert statuses(first) == dict.fromkeys(names, "ok")
    assert sorted(result.name for result in seen) == sorted(names)
    assert all(re.fullmatch(rf"ran {re.escape(r.name)} in \d+\.\d s", r.message) for r in first.results)

    # executed notebooks are kept, with the injected parameters and the outputs
    executed = nbformat.read(out / "notebooks" / f"statement-{DOC_19A}.ipynb", as_version=4)
    assert f"profile of {DOC_19A}" in executed.cells[-1].outputs[0].text
    assert any("injected-parameters" in cell.metadata.get("tags", []) for cell in executed.cells)
    page = (out / f"statement-{DOC_19A}.html").read_text(encoding="utf-8")
    assert f"profile of {DOC_19A}" in page
    assert 'print("profile of", doc_id)' not in page  # code hidden
    assert not (out / "failed").exists() or not any((out / "failed").iterdir())
    assert not (out / ".tmp").exists()

    manifest = read_manifest(out)
    entry = manifest["reports"][0]
    assert manifest["corpus_hash"] == plan(project).corpus_hash
    assert manifest["corpus_dir"] == "data/processed"
    assert {key: entry[key] for key in ("name", "title", "notebook", "status", "html", "executed_notebook")} == {
        "name": "summary",
        "title": "Summary <script>alert(1)</script>",
        "notebook": "notebooks/aggregate.ipynb",
        "status": "ok",
        "html": "summary.html",
        "executed_notebook": "notebooks/summary.ipynb",
    }
    assert entry["parameters"] == {"corpus_dir": "data/processed", "fail": False, "sleep": 0.0}
    assert entry["last_good"]["cache_key"] == entry["cache_key"] == plan(project).reports[0].cache_key
    assert entry["error"] is None and entry["duration_s"] > 0

    # the project's kernel starts this interpreter
    from jupyter_client.kernelspec import KernelSpecManager

    assert KernelSpecManager().get_kernel_spec(reporting.DEFAULT_KERNEL).argv[0] == sys.executable

    # nothing changed: nothing runs
    pages = {path.name: path.stat().st_mtime_ns for path in out.glob("*.html") if path.name != "index.html"}

    def no_execution(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a notebook was executed")

    with monkeypatch.context() as patch:
        patch.setattr(reporting, "_run_tasks", no_execution)
        second = run_reports(
            project / "data" / "processed",
            out,
            reports_file=project / "notebooks" / "reports.yaml",
            root=project,
        )
    assert statuses(second) == dict.fromkeys(names, "skipped")
    assert second.results[0].message == "skipped summary (unchanged)"
    assert second.results[0].started == first.results[0].started  # the run that made the page
    assert {path.name: path.stat().st_mtime_ns for path in out.glob("*.html") if path.name != "index.html"} == pages

    # one new statement of a later year: the aggregate and the new profile run, nothing else
    write_statement(project / "data" / "raw", *LATER)
    build_corpus(project / "data" / "raw", project / "data" / "processed")
    third = run_reports(
        project / "data" / "processed",
        out,
        reports_file=project / "notebooks" / "reports.yaml",
        root=project,
        jobs=1,
    )
    assert statuses(third) == {
        "summary": "ok",
        f"statement-{DOC_18}": "skipped",
        f"statement-{DOC_19A}": "skipped",
        f"statement-{DOC_19B}": "skipped",
        f"statement-{DOC_20}": "ok",
    }
    assert (out / f"statement-{DOC_20}.html").is_file()
    entries = {entry["name"]: entry for entry in read_manifest(out)["reports"]}
    assert list(entries) == [*names, f"statement-{DOC_20}"]
    new_hash = plan(project).corpus_hash
    assert entries["summary"]["corpus_hash"] == new_hash != manifest["corpus_hash"]
    assert entries[f"statement-{DOC_18}"]["corpus_hash"] == manifest["corpus_hash"]  # the page's own corpus


@pytest.mark.slow
def test_a_failing_notebook_keeps_the_last_good_page_and_exits_1(project: Path) -> None:
    cli = CliRunner()
    common = [
        "report",
        "summary",
        "--corpus",
        str(project / "data" / "processed"),
        "--out",
        str(project / "reports"),
        "--params-file",
        str(project / "notebooks" / "reports.yaml"),
        "--jobs",
        "1",
    ]
    good = cli.invoke(app, common)
    assert good.exit_code == 0, good.output
    assert re.search(r"ran summary in \d+\.\d s", good.output)
    page = project / "reports" / "summary.html"
    published = page.read_bytes()

    bad = cli.invoke(app, [*common, "--set", "fail=true"])
    assert bad.exit_code == 1, bad.output
    flat = " ".join(bad.output.split())
    assert "FAILED summary: aggregate.ipynb, cell 3 (`if fail:`): RuntimeError: planted failure <b>" in flat
    assert "Traceback" not in bad.output
    assert page.read_bytes() == published  # the published page is untouched

    partial = nbformat.read(project / "reports" / "failed" / "summary.ipynb", as_version=4)
    errors = [out for cell in partial.cells for out in cell.get("outputs", []) if out.output_type == "error"]
    assert [(error.ename, error.evalue) for error in errors] == [("RuntimeError", "planted failure <b>")]

    manifest = read_manifest(project / "reports")
    (entry,) = manifest["reports"]
    assert entry["status"] == "failed"
    assert entry["error"] == {
        "cell_index": 3,
        "cell_source": "if fail:",
        "ename": "RuntimeError",
        "evalue": "planted failure <b>",
    }
    assert entry["html"] == "summary.html"  # the last good page is still listed
    assert entry["failed_notebook"] == "failed/summary.ipynb"
    assert entry["last_good"]["cache_key"] != entry["cache_key"]
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert "planted failure &lt;b&gt;" in index and "planted failure <b>" not in index
    assert "showing the last good run of" in index

    # fixed again: the page is replaced and the failed notebook removed
    fixed = cli.invoke(app, [*common, "--force"])
    assert fixed.exit_code == 0, fixed.output
    assert not (project / "reports" / "failed" / "summary.ipynb").exists()


@pytest.mark.slow
def test_a_hung_cell_is_stopped_by_the_timeout(project: Path) -> None:
    summary = run_reports(
        project / "data" / "processed",
        project / "reports",
        reports_file=project / "notebooks" / "reports.yaml",
        names=["summary"],
        assignments=["sleep=60"],
        timeout=2,
        jobs=1,
        root=project,
    )
    (result,) = summary.results
    assert result.status == "failed"
    assert result.error is not None
    assert (result.error.cell_index, result.error.cell_source, result.error.ename) == (
        4,
        "import time",
        "CellTimeoutError",
    )
    assert result.duration_s < 30
    assert result.message.startswith("FAILED summary: aggregate.ipynb, cell 4 (`import time`): CellTimeoutError:")
    assert (project / "reports" / "failed" / "summary.ipynb").is_file()
    assert not (project / "reports" / "summary.html").exists()


def test_usage_errors_exit_2_before_anything_runs(built_project: Path, tmp_path: Path) -> None:
    cli = CliRunner()
    common = [
        "report",
        "--corpus",
        str(built_project / "data" / "processed"),
        "--out",
        str(tmp_path / "reports"),
        "--params-file",
        str(built_project / "notebooks" / "reports.yaml"),
    ]
    for extra, message in (
        (["--set", "slep=1"], "did you mean sleep?"),
        (["--set", "fail=maybe"], "parameter fail expects bool"),
        (["sumary"], "did you mean summary?"),
        (["--kernel", "no-such-kernel"], "no Jupyter kernel named 'no-such-kernel'"),
    ):
        result = cli.invoke(app, [*common, *extra])
        assert result.exit_code == 2, result.output
        assert message in " ".join(result.output.split())
        assert not (tmp_path / "reports" / "summary.html").exists()
    missing = cli.invoke(app, ["report", "--corpus", str(tmp_path / "none"), "--out", str(tmp_path / "r")])
    assert missing.exit_code == 1
    assert "no processed corpus here" in " ".join(missing.output.split())


def test_run_plan_rejects_bad_options(built_project: Path, tmp_path: Path) -> None:
    planned = plan_reports(
        built_project / "data" / "processed",
        tmp_path,
        reports_file=built_project / "notebooks" / "reports.yaml",
        root=built_project,
    )
    with pytest.raises(ParameterError, match="jobs=0"):
        run_plan(planned, jobs=0)
    with pytest.raises(ParameterError, match="timeout=0"):
        run_plan(planned, timeout=0)


def test_kernel_is_installed_for_this_interpreter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(executor, "DEFAULT_KERNEL", "ascc-test-kernel")
    path = Path(ensure_kernel("ascc-test-kernel", prefix=tmp_path))
    assert path == tmp_path / "share" / "jupyter" / "kernels" / "ascc-test-kernel"
    spec = json.loads((path / "kernel.json").read_text(encoding="utf-8"))
    assert spec["argv"][0] == sys.executable
    assert spec["argv"][-4:] == ["-m", "ipykernel_launcher", "-f", "{connection_file}"]
    assert Path(ensure_kernel("ascc-test-kernel", prefix=tmp_path)) == path  # found, not reinstalled
    with pytest.raises(ParameterError, match="no Jupyter kernel named 'nope'; available: "):
        ensure_kernel("nope")


# --- HTML export --------------------------------------------------------------------------------------------------

BUNDLE = "/*BUNDLE*/ window.vegaEmbed = function () {}; var s = '</script><script>alert(1)</script>';"
INIT = "/*INIT*/ document.body.dataset.chartsRendered = 'true';"


@pytest.fixture()
def stub_plots(monkeypatch: pytest.MonkeyPatch) -> Iterator[types.ModuleType]:
    """A stand-in for ascc_analysis.report.plots with the names the exporter uses."""
    stub = types.ModuleType("ascc_analysis.report.plots")
    stub.VEGALITE_MIME = "application/vnd.vegalite.v5+json"  # type: ignore[attr-defined]
    stub.javascript_bundle = lambda: BUNDLE  # type: ignore[attr-defined]
    stub.CHART_INIT_SCRIPT = INIT  # type: ignore[attr-defined]
    stub.chart_html = lambda spec: (  # type: ignore[attr-defined]
        '<div class="ascc-chart"><script type="application/json" class="ascc-chart-spec">'
        + json.dumps(spec).replace("<", "\\u003c")
        + "</script></div>"
    )
    stub.hoist_paragraphs = lambda specs: (list(specs), {})  # type: ignore[attr-defined]
    stub.paragraphs_html = lambda paragraphs: ""  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ascc_analysis.report.plots", stub)
    export._chart_scripts.cache_clear()
    yield stub
    export._chart_scripts.cache_clear()


def report_notebook(n_charts: int) -> Any:
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell("# Report\nSee [the index](index.html) and [below](#Report)."))
    code = nbformat.v4.new_code_cell("SECRET_CODE_MARKER = 1")
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="<script>window.__pwned = 1</script> & more\n"),
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}),
        nbformat.v4.new_output("execute_result", data={"text/plain": "'<b>bold</b>'"}, execution_count=1),
    ]
    code.execution_count = 1
    notebook.cells.append(code)
    for index in range(n_charts):
        chart = nbformat.v4.new_code_cell(f"chart_{index}")
        spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "mark": "bar", "title": "</script>"}
        chart.outputs = [
            nbformat.v4.new_output(
                "display_data",
                data={"application/vnd.vegalite.v5+json": spec, "text/plain": f"<Chart {index}>"},
            )
        ]
        notebook.cells.append(chart)
    return notebook


def external_references(page: str) -> list[str]:
    """Every src/href/url()/@import of a page that is not relative, a data: URI or a #fragment."""
    soup = BeautifulSoup(page, "lxml")
    references = [
        str(tag.get(attribute)) for attribute in ("src", "href") for tag in soup.find_all(attrs={attribute: True})
    ]
    for style in [tag.get_text() for tag in soup.find_all("style")] + [
        str(t.get("style")) for t in soup.find_all(style=True)
    ]:
        references += re.findall(r"url\(\s*['\"]?([^'\")]+)", style)
        references += re.findall(r"@import\s+(?:url\()?['\"]?([^'\");]+)", style)
    return [
        reference
        for reference in references
        if (re.match(r"^[a-z][a-z0-9+.-]*:", reference, re.IGNORECASE) and not reference.startswith("data:"))
        or reference.startswith("//")
    ]


def test_pages_load_nothing_from_the_network_and_hide_code(stub_plots: types.ModuleType) -> None:
    page = export_html(report_notebook(2), title="A <report>")
    assert external_references(page) == []
    soup = BeautifulSoup(page, "lxml")
    assert soup.title is not None and soup.title.get_text() == "A <report>"
    assert "SECRET_CODE_MARKER" not in page
    assert not soup.select(".jp-InputPrompt, .jp-OutputPrompt, .jp-InputArea-editor")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt; &amp; more" in page
    assert "window.__pwned = 1</script>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold</b>" not in page
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in page
    assert not any("mathjax" in str(s).lower() or "require" in str(s.get("src", "")) for s in soup.find_all("script"))

    shown = export_html(report_notebook(2), show_code=True)
    assert "SECRET_CODE_MARKER" in shown
    shown_soup = BeautifulSoup(shown, "lxml")
    assert shown_soup.select(".jp-InputArea-editor")
    assert not shown_soup.select(".jp-InputPrompt, .jp-OutputPrompt")  # prompts stay hidden
    assert external_references(shown) == []


def test_the_chart_library_is_inlined_once_and_only_with_charts(stub_plots: types.ModuleType) -> None:
    page = export_html(report_notebook(3))
    assert page.count("/*BUNDLE*/") == 1
    assert page.count("/*INIT*/") == 1
    assert page.count('class="ascc-chart"') == 3
    assert page.index("/*BUNDLE*/") < page.index("/*INIT*/")
    assert page.index('class="ascc-chart"') < page.index("/*BUNDLE*/")  # after the charts, before </body>
    soup = BeautifulSoup(page, "lxml")
    bundle = next(script for script in soup.find_all("script") if "/*BUNDLE*/" in script.get_text())
    assert "window.vegaEmbed" in bundle.get_text() and "</script" not in bundle.get_text()  # no early end
    assert not any(
        "alert(1)" in script.get_text() and "/*BUNDLE*/" not in script.get_text() for script in soup.find_all("script")
    )
    assert "<Chart 0>" not in page  # the chart replaces its text/plain form

    plain = export_html(report_notebook(0))
    assert "/*BUNDLE*/" not in plain and "/*INIT*/" not in plain


def test_export_with_the_real_plots_module() -> None:
    try:
        import ascc_analysis.report.plots  # noqa: F401
    except ImportError:
        pytest.skip("ascc_analysis.report.plots not written yet")
    export._chart_scripts.cache_clear()
    page = export_html(report_notebook(3))
    assert external_references(page) == []
    assert page.count("vegaEmbed") >= 1
    assert len(re.findall(r"<script>", page)) == 2  # the bundle and the init script, once


def test_cells_can_be_removed_by_tag(stub_plots: types.ModuleType) -> None:
    notebook = report_notebook(0)
    hidden = nbformat.v4.new_code_cell("x")
    hidden.metadata["tags"] = ["remove_cell"]
    hidden.outputs = [nbformat.v4.new_output("stream", name="stdout", text="HIDDEN_OUTPUT\n")]
    notebook.cells.append(hidden)
    assert "HIDDEN_OUTPUT" not in export_html(notebook)


# --- index --------------------------------------------------------------------------------------------------------


def test_the_index_lists_every_report_escaped() -> None:
    manifest = {
        "generated": "2025-01-01T00:00:00+00:00",
        "package_version": "0.1.0",
        "corpus_dir": "data/processed",
        "corpus_hash": "abcdef0123456789",
        "reports": [
            {
                "name": "overview",
                "title": "Overview <script>alert(1)</script>",
                "notebook": "notebooks/01.ipynb",
                "parameters": {"corpus_dir": "data/processed", "label": "<script>alert(2)</script>"},
                "overrides": {"label": "<script>alert(2)</script>"},
                "corpus_hash": "abcdef0123456789",
                "status": "ok",
                "started": "2025-01-01T00:00:01+00:00",
                "duration_s": 4.25,
                "html": "overview.html",
            },
            {
                "name": "broken",
                "title": "Broken",
                "notebook": "notebooks/02.ipynb",
                "parameters": {},
                "overrides": {},
                "corpus_hash": "abcdef0123456789",
                "status": "failed",
                "started": "2025-01-01T00:00:02+00:00",
                "duration_s": 1.0,
                "html": None,
                "failed_notebook": "failed/broken.ipynb",
                "message": "FAILED broken: 02.ipynb, cell 3 (`x`): ValueError: <img src=x onerror=alert(3)>",
            },
        ],
    }
    page = render_index(manifest)
    soup = BeautifulSoup(page, "lxml")
    assert soup.find("script") is None and soup.find("img") is None
    assert external_references(page) == []
    rows = soup.find("tbody").find_all("tr")  # type: ignore[union-attr]
    cells = [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in rows]
    assert cells[0][0] == "Overview <script>alert(1)</script> overview · notebooks/01.ipynb"
    assert cells[0][1].startswith('label="<script>alert(2)</script>"')
    assert cells[0][2:] == ["abcdef012345", "2025-01-01T00:00:01+00:00", "4.2 s", "ok"]
    assert cells[1][5].startswith("failed FAILED broken: 02.ipynb, cell 3 (`x`): ValueError: <img src=x")
    assert [a["href"] for a in soup.find_all("a")] == ["manifest.json", "overview.html", "failed/broken.ipynb"]
    assert "1 ok, 1 failed" in soup.find("p").get_text()  # type: ignore[union-attr]


# --- scheduling ---------------------------------------------------------------------------------------------------

_CRON_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


def valid_cron_field(field: str, low: int, high: int) -> bool:
    for part in field.split(","):
        base, _, step = part.partition("/")
        if step and not (step.isdigit() and int(step) > 0):
            return False
        if base == "*":
            continue
        bounds = base.split("-")
        if len(bounds) > 2 or not all(bound.isdigit() and low <= int(bound) <= high for bound in bounds):
            return False
    return True


def test_the_ci_workflow_is_scheduled_and_runs_make_report() -> None:
    workflow = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / "reports.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert crons and all(
        len(cron.split()) == 5 and all(valid_cron_field(f, *r) for f, r in zip(cron.split(), _CRON_RANGES, strict=True))
        for cron in crons
    )
    assert "workflow_dispatch" in triggers
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    assert any("make report" in step.get("run", "") for step in steps)
    uses = [step.get("uses", "") for step in steps]
    assert any(use.startswith("actions/upload-pages-artifact") for use in uses)
    assert any(use.startswith("actions/deploy-pages") for use in uses)
    assert any(step.get("with", {}).get("path") == "reports" for step in steps)


def test_the_documented_cron_line_is_valid_and_its_target_exists() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Scheduling", 1)[1].split("\n## ", 1)[0]
    lines = [line.strip() for line in section.splitlines() if re.match(r"^\s*[\d*/,-]+(\s+[\d*/,-]+){4}\s+\S", line)]
    assert lines, "no cron line in the README's Scheduling section"
    fields = lines[0].split()
    assert all(valid_cron_field(f, *r) for f, r in zip(fields[:5], _CRON_RANGES, strict=True))
    command = " ".join(fields[5:])
    targets = re.findall(r"make (\w[\w-]*)", command)
    assert targets == ["report"]
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^report:", makefile, re.MULTILINE)
    assert re.search(
        r"^report:.*\n\t\$\(BIN\)/ascc report --corpus \$\(PROCESSED\) --out reports", makefile, re.MULTILINE
    )


def test_cell_error_is_reported_in_one_line() -> None:
    error = CellError(2, "import time", "CellTimeoutError", "A cell timed out after 2 seconds.\nThe message was: x")
    assert executor._error_message("a", "a.ipynb", error) == (
        "FAILED a: a.ipynb, cell 2 (`import time`): CellTimeoutError: A cell timed out after 2 seconds."
    )
