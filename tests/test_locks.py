"""Tests for ascc_analysis.locks and the locking of ``ascc build`` / ``ascc report``: real processes hold the locks."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pytest

from ascc_analysis.locks import LOCK_NAME, FolderLockedError, LockHolder, folder_lock, read_holder

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ascc_analysis.locks import folder_lock
    with folder_lock(Path(sys.argv[1]), mode=sys.argv[2], command="test holder"):
        print("locked", flush=True)
        time.sleep(float(sys.argv[3]))
    """
)


@contextmanager
def held(folder: Path, *, seconds: float = 30.0, mode: str = "exclusive") -> Iterator[subprocess.Popen[str]]:
    """Another process holding the folder's lock until it is killed or ``seconds`` pass."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder), mode, str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "locked"
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_a_second_writer_without_wait_is_refused_naming_the_holder(tmp_path: Path) -> None:
    with held(tmp_path) as holder, pytest.raises(FolderLockedError) as info, folder_lock(tmp_path, wait=False):
        pass
    message = str(info.value)
    assert str(tmp_path) in message
    assert f"pid {holder.pid}" in message
    assert "running test holder" in message
    assert info.value.holder is not None and info.value.holder.pid == holder.pid


def test_a_waiting_writer_gives_up_after_its_timeout(tmp_path: Path) -> None:
    seen: list[LockHolder | None] = []
    with (
        held(tmp_path) as holder,
        pytest.raises(FolderLockedError, match=r"after waiting \d+ s"),
        folder_lock(tmp_path, timeout=0.5, on_wait=seen.append, poll=0.05),
    ):
        pass
    assert [h.pid if h else None for h in seen] == [holder.pid]  # told once, with the holder


def test_a_waiting_writer_proceeds_when_the_holder_finishes(tmp_path: Path) -> None:
    seen: list[LockHolder | None] = []
    with held(tmp_path, seconds=0.8):
        started = time.monotonic()
        with folder_lock(tmp_path, on_wait=seen.append, poll=0.05):
            waited = time.monotonic() - started
            assert read_holder(tmp_path) is not None and read_holder(tmp_path).pid == os.getpid()  # type: ignore[union-attr]
    assert len(seen) == 1
    assert waited > 0.2
    assert read_holder(tmp_path) is None  # released: the record is cleared


def test_a_lock_left_by_a_killed_run_is_taken_over_and_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with held(tmp_path) as holder:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
    assert read_holder(tmp_path) is not None  # its record is still there
    with caplog.at_level(logging.WARNING, logger="ascc_analysis.locks"), folder_lock(tmp_path, wait=False):
        pass
    assert "took over a stale lock" in caplog.text
    assert f"pid {holder.pid}" in caplog.text


def test_readers_share_and_a_writer_waits_for_them(tmp_path: Path) -> None:
    with held(tmp_path, mode="shared"):
        with folder_lock(tmp_path, mode="shared", wait=False):
            pass  # two readers at once
        with pytest.raises(FolderLockedError), folder_lock(tmp_path, wait=False):
            pass  # a writer must wait for the reader
    with held(tmp_path), pytest.raises(FolderLockedError), folder_lock(tmp_path, mode="shared", wait=False):
        pass  # a reader must wait for a writer


def test_the_lock_file_is_hidden_from_the_raw_folder_scan(tmp_path: Path) -> None:
    from ascc_analysis.build import find_raw_files

    (tmp_path / "statement.txt").write_text("text")
    with folder_lock(tmp_path):
        assert (tmp_path / LOCK_NAME).is_file()
        assert find_raw_files(tmp_path) == [tmp_path / "statement.txt"]


def _ascc(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ascc_analysis.cli", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def test_ascc_build_no_wait_exits_1_naming_the_holder(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    with held(out) as holder:
        process = _ascc("build", "--demo", "--out", str(out), "--no-wait", cwd=tmp_path)
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert f"pid {holder.pid}" in stderr
    assert "Traceback" not in stderr
    assert not (out / "corpus.json").exists()


@pytest.mark.slow
def test_two_builds_started_together_into_one_folder_both_succeed(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    runs = [_ascc("build", "--demo", "--out", str(out), cwd=tmp_path) for _ in range(2)]
    results = [run.communicate(timeout=300) for run in runs]
    for run, (_, stderr) in zip(runs, results, strict=True):
        assert run.returncode == 0, stderr
        assert "Traceback" not in stderr
    assert any("is in use by" in stderr for _, stderr in results)  # one of them waited for the other
    from ascc_analysis.catalog import read_table

    assert read_table(out, "documents").height == 16
    assert isinstance(read_table(out, "paragraphs"), pl.DataFrame)


@pytest.mark.parametrize("locked", ["reports", "corpus"])
def test_ascc_report_no_wait_exits_1_when_the_site_or_the_corpus_is_in_use(tmp_path: Path, locked: str) -> None:
    corpus, reports = tmp_path / "processed", tmp_path / "reports"
    corpus.mkdir()
    with held(reports if locked == "reports" else corpus) as holder:
        process = _ascc("report", "--corpus", str(corpus), "--out", str(reports), "--no-wait", cwd=Path.cwd())
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert f"pid {holder.pid}" in stderr
    assert "Traceback" not in stderr
    assert not (reports / "index.html").exists()
