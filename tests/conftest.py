"""Shared test fixtures.

The real statements in ``../shared/corpus/`` (beside the checkout, in CI too) are read at test time and never
copied into the repository; tests that need them are skipped where the folder is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = Path(os.environ.get("ASCC_SHARED_DIR", REPO_ROOT.parent / "shared"))
SHARED_CORPUS_DIR = SHARED_DIR / "corpus"
SEED_STATEMENT_NAME = "2024-09-26_32nd-ascc-council_joint-statement.txt"


@pytest.fixture(scope="session")
def shared_corpus_dir() -> Path:
    """The folder of real statement texts; the test is skipped where it is absent."""
    if not SHARED_CORPUS_DIR.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS_DIR}")
    return SHARED_CORPUS_DIR


@pytest.fixture(scope="session")
def seed_statement_path(shared_corpus_dir: Path) -> Path:
    """The 32nd ASCC Council joint statement (26 September 2024) as a PDF extractor gave it."""
    path = shared_corpus_dir / SEED_STATEMENT_NAME
    if not path.is_file():
        pytest.skip(f"seed statement not found at {path}")
    return path


@pytest.fixture(scope="session")
def seed_statement_text(seed_statement_path: Path) -> str:
    return seed_statement_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_paragraphs(seed_statement_text: str) -> pl.DataFrame:
    """The seed statement's numbered paragraphs (``paragraphs`` rows, ``level == "paragraph"``, doc id ``seed``)."""
    from ascc_analysis.ingest.normalise import normalise_text
    from ascc_analysis.ingest.segment import paragraphs_frame, split_statement

    statement = split_statement(normalise_text(seed_statement_text))
    return paragraphs_frame(statement, doc_id="seed").filter(pl.col("level") == "paragraph")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run ``tests/test_browser.py`` after every other test.

    Its Playwright session lives as long as the test session (session-scoped fixtures), and Playwright's sync API
    runs one session at a time in a thread; the other browser modules (``test_browser_evidence.py``, ...) open and
    close their own per module, so they must come first. The sort is stable: every other test keeps its place.
    """
    items.sort(key=lambda item: item.path.name == "test_browser.py")
