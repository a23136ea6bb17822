"""Tests for loading the processed corpus as one object, its focus, and the demo fallback."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ascc_analysis.analysis import corpus as corpus_module
from ascc_analysis.analysis.corpus import load_corpus, project_root, resolve_path
from ascc_analysis.build import build_corpus
from ascc_analysis.catalog import CorpusNotFoundError
from ascc_analysis.errors import ParameterError


@pytest.fixture(scope="module")
def demo_corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("processed")
    build_corpus(tmp_path_factory.mktemp("empty-raw"), out, demo=True)
    return out


def test_project_root_is_found_from_a_subfolder() -> None:
    root = Path(__file__).resolve().parents[2]
    assert project_root(root / "tests") == root
    assert resolve_path("data/processed", start=root / "tests") == root / "data" / "processed"
    assert resolve_path("/abs/path") == Path("/abs/path")


def test_load_corpus_reads_every_table(demo_corpus_dir: Path) -> None:
    corpus = load_corpus(demo_corpus_dir)
    assert corpus.documents.height == 16
    assert corpus.paragraphs.filter(corpus.paragraphs["level"] == "paragraph").height == 173
    assert corpus.is_demo
    assert corpus.all_years == (2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024)
    assert set(corpus.tables) == set(corpus_module.CORPUS_TABLES)


def test_focus_cuts_every_table_to_the_years_and_bodies(demo_corpus_dir: Path) -> None:
    corpus = load_corpus(demo_corpus_dir)
    focused = corpus.focus(year_from=2020, year_to=2022, bodies=["ASCC"])
    assert focused.documents.get_column("doc_id").to_list() == [
        "ascc-23-2020-06-23",
        "ascc-25-2021-03-31",
        "ascc-28-2022-10-13",
    ]
    kept = set(focused.documents.get_column("doc_id"))
    for name in ("paragraphs", "body_mentions", "instrument_mentions", "priorities", "paragraph_themes"):
        assert set(focused.tables[name].get_column("doc_id")) <= kept, name
    assert focused.years == (2020, 2022)
    assert focused.corpus_hash == corpus.corpus_hash


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"year_from": 2023, "year_to": 2020}, "year_from=2023 is after year_to=2020"),
        ({"bodies": ["NOPE"]}, r"bodies \['NOPE'\] have no statement"),
        ({"year_from": 2030}, "no statement .* for years 2030–latest"),
    ],
)
def test_focus_rejects_bad_parameters(demo_corpus_dir: Path, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        load_corpus(demo_corpus_dir).focus(**kwargs)  # type: ignore[arg-type]


def test_missing_corpus_falls_back_to_the_demo_or_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus_module, "_demo_dir", lambda: tmp_path / "demo-cache")
    with pytest.raises(CorpusNotFoundError, match="no processed corpus here"):
        load_corpus(tmp_path / "nothing", demo_fallback=False)
    corpus = load_corpus(tmp_path / "nothing")
    assert corpus.is_demo
    assert corpus.path == tmp_path / "demo-cache"
    assert corpus.documents.height == 16
    assert not (tmp_path / "nothing").exists()


def test_statement_id_defaults_to_the_latest_and_checks_the_id(demo_corpus_dir: Path) -> None:
    corpus = load_corpus(demo_corpus_dir)
    assert corpus.statement_id() == "ammswd-12-2024-03-25"
    assert corpus.statement_id("ascc-16-2016-08-31") == "ascc-16-2016-08-31"
    with pytest.raises(ParameterError, match="doc_id='ascc-99' is not a statement"):
        corpus.statement_id("ascc-99")


def test_history_holds_the_statement_and_earlier_years_only(demo_corpus_dir: Path) -> None:
    history = load_corpus(demo_corpus_dir).history("ascc-20-2018-10-03")
    assert history.documents.get_column("doc_id").sort().to_list() == [
        "ammdm-05-2017-10-12",
        "ascc-16-2016-08-31",
        "ascc-17-2017-03-08",
        "ascc-20-2018-10-03",
        "ased-10-2018-06-28",
    ]
    assert set(history.paragraphs.get_column("doc_id")) == set(history.documents.get_column("doc_id"))


def test_for_trends_sets_aside_partial_texts_landing_pages_and_media_releases(demo_corpus_dir: Path) -> None:
    import polars as pl

    corpus = load_corpus(demo_corpus_dir)
    assert corpus.documents.get_column("completeness").unique().to_list() == ["complete"]
    whole = corpus.for_trends()
    assert whole.documents.height == 16 and whole.set_aside is not None and whole.set_aside.is_empty()
    # mark three demo statements as a release, an excerpt and a landing page (as a build of real pages would)
    marked = {"ascc-23-2020-06-23": "media_release", "ascc-25-2021-03-31": "partial", "ascc-28-2022-10-13": "landing"}
    documents = corpus.documents.with_columns(
        document_kind=pl.when(pl.col("doc_id") == "ascc-23-2020-06-23")
        .then(pl.lit("media_release"))
        .otherwise(pl.col("document_kind")),
        completeness=pl.when(pl.col("doc_id") == "ascc-25-2021-03-31")
        .then(pl.lit("partial"))
        .when(pl.col("doc_id") == "ascc-28-2022-10-13")
        .then(pl.lit("landing_page"))
        .otherwise(pl.col("completeness")),
    )
    mixed = replace(corpus, tables={**corpus.tables, "documents": documents})
    trends = mixed.for_trends()
    assert trends.documents.height == 13
    assert set(trends.paragraphs.get_column("doc_id")).isdisjoint(marked)
    assert trends.set_aside is not None
    assert trends.set_aside.select("doc_id", "reason").rows() == [
        ("ascc-23-2020-06-23", "media_release"),
        ("ascc-25-2021-03-31", "partial"),
        ("ascc-28-2022-10-13", "landing_page"),
    ]
    assert mixed.for_trends(complete_only=False).documents.height == 16
    only_partial = replace(
        corpus, tables={**corpus.tables, "documents": documents.with_columns(completeness=pl.lit("partial"))}
    )
    with pytest.raises(ParameterError, match=r"no complete statement .* all 16 documents .* complete_only=False"):
        only_partial.for_trends()


def test_trend_exclusions_keeps_a_corpus_without_the_columns() -> None:
    import polars as pl

    documents = pl.DataFrame({"doc_id": ["a"], "year": [2020]})
    assert corpus_module.trend_exclusions(documents).is_empty()
