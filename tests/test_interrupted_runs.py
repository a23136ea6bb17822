"""Runs killed with SIGKILL at several moments leave the previous corpus and every published page whole.

Real ``ascc build`` and ``ascc report`` processes are started and killed; nothing is simulated in-process. One
more kill lands exactly inside the corpus commit (a subprocess whose ``os.replace`` kills it after three tables).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ascc_analysis.catalog import COMMIT_DIR, TABLES, corpus_hash, read_table
from ascc_analysis.testing.planted import PlantedSpec, generate_corpus, write_raw

pytestmark = pytest.mark.slow

KILL_AFTER_S = (0.4, 1.0, 1.8, 2.6, 3.5)


def _ascc(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ascc_analysis.cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        start_new_session=True,  # the kill reaches its kernels too
    )


def _kill_after(process: subprocess.Popen[str], seconds: float) -> bool:
    """SIGKILL the run (and its process group) after ``seconds``; whether it was still running."""
    try:
        process.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        return True


def _read_whole_corpus(corpus: Path) -> str:
    """Every table, checked against the hashes in corpus.json; the corpus hash."""
    for name in TABLES:
        read_table(corpus, name)
    return corpus_hash(corpus)


def _build(raw: Path, corpus: Path) -> str:
    process = _ascc("build", "--raw", str(raw), "--out", str(corpus))
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr
    return _read_whole_corpus(corpus)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two raw folders: a first corpus, and the same with more statements."""
    root = tmp_path_factory.mktemp("kill")
    first, second = root / "raw-first", root / "raw-second"
    write_raw(generate_corpus(PlantedSpec(n_statements=40), seed=1), first)
    write_raw(generate_corpus(PlantedSpec(n_statements=120), seed=2), second)
    return first, second


def test_a_build_killed_at_any_moment_leaves_a_whole_corpus(corpora: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = corpora
    corpus = tmp_path / "processed"
    previous = _build(first, corpus)
    expected_new = _build(second, tmp_path / "reference")
    killed = 0
    for delay in KILL_AFTER_S:
        process = _ascc("build", "--raw", str(second), "--out", str(corpus), "--no-wait")
        killed += _kill_after(process, delay)
        assert _read_whole_corpus(corpus) in {previous, expected_new}
        assert not list(corpus.glob(".staging-*")) or process.returncode != 0
    assert killed >= 2, "the build finished before most kills: make the corpus larger"
    assert _build(second, corpus) == expected_new  # the next run completes normally
    assert not list(corpus.glob(".staging-*"))  # what the killed runs left is cleared


KILL_IN_COMMIT = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from ascc_analysis.build import build_corpus
    real_replace, moved = os.replace, []
    def replace(src, dst):
        if str(src).endswith(".parquet") and "/.commit/" in str(src):
            moved.append(src)
            if len(moved) == 3:
                os.kill(os.getpid(), signal.SIGKILL)
        return real_replace(src, dst)
    os.replace = replace
    build_corpus(Path(sys.argv[1]), Path(sys.argv[2]))
    """
)


def test_a_build_killed_inside_the_commit_is_completed_by_the_next_reader(
    corpora: tuple[Path, Path], tmp_path: Path
) -> None:
    first, second = corpora
    corpus = tmp_path / "processed"
    _build(first, corpus)
    expected_new = _build(second, tmp_path / "reference")
    process = subprocess.run(
        [sys.executable, "-c", KILL_IN_COMMIT, str(second), str(corpus)], capture_output=True, text=True, timeout=600
    )
    assert process.returncode == -signal.SIGKILL
    assert (corpus / COMMIT_DIR).is_dir()  # killed after its commit point, with three tables moved
    assert _read_whole_corpus(corpus) == expected_new  # the reader finished the move: the new corpus, whole
    assert not (corpus / COMMIT_DIR).exists()


def _pages(reports: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(reports.glob("*.html"))}


def test_a_report_run_killed_at_any_moment_keeps_every_published_page(tmp_path: Path) -> None:
    corpus, reports = tmp_path / "processed", tmp_path / "reports"
    built = _ascc("build", "--demo", "--out", str(corpus))
    assert built.wait(timeout=300) == 0
    names = ("overview", "topic-trends", "statement-ascc-31-2024-03-24")
    first = _ascc("report", *names, "--corpus", str(corpus), "--out", str(reports))
    _, stderr = first.communicate(timeout=600)
    assert first.returncode == 0, stderr
    published = _pages(reports)
    assert {"index.html", "overview.html", "topic-trends.html"} <= set(published)
    for delay in (1.0, 3.0, 6.0, 10.0):
        process = _ascc("report", *names, "--corpus", str(corpus), "--out", str(reports), "--force", "--no-wait")
        _kill_after(process, delay)
        now = _pages(reports)
        assert set(now) >= set(published)  # no page lost
        for name, data in now.items():
            assert data.rstrip().endswith(b"</html>"), f"{name} is half-written"
    again = _ascc("report", *names, "--corpus", str(corpus), "--out", str(reports), "--force")
    _, stderr = again.communicate(timeout=600)
    assert again.returncode == 0, stderr
    assert set(_pages(reports)) == set(published)
