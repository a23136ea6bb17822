"""The ``ascc`` command line: exit codes, messages without tracebacks, help on every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ascc_analysis.cli import app

runner = CliRunner()


def _statement(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "JOINT STATEMENT OF THE TWENTIETH ASEAN SOCIO-CULTURAL COMMUNITY (ASCC) COUNCIL MEETING\n"
        "Singapore, 3 October 2018\n\n"
        "1. The 20th ASCC Council Meeting was held on 3 October 2018 in Singapore, Singapore. (Synthetic.)\n\n"
        "2. The Meeting noted the progress of synthetic testing.\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("command", [[], ["build"], ["evaluate"], ["fetch"], ["add"], ["report"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_build_succeeds_with_status_0(tmp_path: Path) -> None:
    _statement(tmp_path / "raw" / "s.txt")
    result = runner.invoke(app, ["build", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Built 1 statement(s)" in result.output
    assert (tmp_path / "out" / "documents.parquet").is_file()


def test_build_shows_the_first_problems_errors_first_and_counts_the_rest(tmp_path: Path) -> None:
    _statement(tmp_path / "raw" / "s.txt")
    for number in range(52):
        (tmp_path / "raw" / f"notes-{number:02d}.csv").write_text("not a statement\n", encoding="utf-8")
    (tmp_path / "raw" / "zz-empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["build", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "zz-empty.txt" in result.output  # the error, though it comes last in file order
    assert "notes-48.csv" in result.output and "notes-49.csv" not in result.output  # 49 warnings shown
    output = " ".join(result.output.split())  # the caption is wrapped to the terminal's width
    assert "and 4 more (warning missing_metadata: 1, warning unsupported_format: 3)" in output
    assert "build_report.json" in "".join(output.split())  # a long path is folded anywhere


def test_an_empty_raw_folder_says_it_builds_the_demo(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    result = runner.invoke(app, ["build", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "synthetic demo corpus" in result.output


def test_strict_failure_exits_1_naming_the_file_without_traceback(tmp_path: Path) -> None:
    _statement(tmp_path / "raw" / "s.txt")
    (tmp_path / "raw" / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["build", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 1
    assert "empty.txt" in result.output
    assert "Traceback" not in result.output


def test_a_usage_error_exits_2() -> None:
    result = runner.invoke(app, ["build", "--no-such-option"])
    assert result.exit_code == 2


def test_the_installed_script_runs() -> None:
    completed = subprocess.run(
        [str(Path(sys.executable).parent / "ascc"), "--version"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0
    assert completed.stdout.startswith("ascc-analysis ")


def test_evaluate_scores_the_demo_gold_files() -> None:
    gold_dir = Path(__file__).parent / "gold"
    demo_golds = [str(path) for path in sorted(gold_dir.glob("20*.yaml"))]
    result = runner.invoke(app, ["evaluate", *demo_golds, "--mismatches", "0"])
    assert result.exit_code == 0, result.output
    combined = result.output.split(f"all {len(demo_golds)} files")[1]
    assert "title_f1          1.0000" in combined
    assert "status_accuracy   1.0000" in combined


def test_evaluate_a_missing_gold_file_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 1
    assert "missing.yaml: gold file not found" in " ".join(result.output.split())


@pytest.mark.shared_corpus
def test_evaluate_the_seed_statement_gold(seed_statement_path: Path) -> None:
    gold = Path(__file__).parent / "gold" / "ascc-council-32.yaml"
    result = runner.invoke(app, ["evaluate", str(gold), "--source-dir", str(seed_statement_path.parent)])
    assert result.exit_code == 0, result.output
    assert "title_f1          1.0000" in result.output
