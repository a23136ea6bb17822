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


@pytest.mark.parametrize("command", [[], ["build"]])
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
