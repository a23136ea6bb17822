"""The statement browser's HTML builders (``ascc_analysis.report.browser``), its writer in the runner's site step, and
the chart downloads (``report.runner.downloads``), on the synthetic demo corpus and hand-built frames."""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
from pathlib import Path

import lxml.html
import networkx as nx
import polars as pl
import pytest

from ascc_analysis.build import build_corpus
from ascc_analysis.catalog import corpus_hash, read_table
from ascc_analysis.ingest.demo import demo_files
from ascc_analysis.ingest.segment import paragraphs_frame, split_statement
from ascc_analysis.report import plots
from ascc_analysis.report.browser import BrowserInputs, Grouped, browser_pages, highlight, statement_page
from ascc_analysis.report.browser.page import Span, file_stem
from ascc_analysis.report.runner.downloads import chart_csv, chart_graph, download_names, write_downloads
from ascc_analysis.report.runner.site import BROWSER_STAMP, browser_inputs, render_index, write_browser
from ascc_analysis.schemas import TABLES


@pytest.fixture(scope="module")
def demo_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("browser-raw")
    for path in demo_files():
        shutil.copy(path, raw / path.name)
    out = tmp_path_factory.mktemp("browser-corpus") / "processed"
    build_corpus(raw, out)
    return out


@pytest.fixture(scope="module")
def demo_pages(demo_corpus: Path) -> dict[str, str]:
    return dict(browser_pages(browser_inputs(demo_corpus)))


# --- highlight ------------------------------------------------------------------------------------------------------


def test_highlight_escapes_text_and_nests_spans() -> None:
    text = "The <ALMM> & SOMHD adopted it"
    spans = [Span(4, 18, '<mark class="a">', "</mark>"), Span(13, 18, '<mark class="b">', "</mark>")]
    assert highlight(text, spans) == (
        'The <mark class="a">&lt;ALMM&gt; &amp; <mark class="b">SOMHD</mark></mark> adopted it'
    )


def test_highlight_splits_a_span_crossing_the_end_of_another() -> None:
    spans = [Span(0, 5, "<i>", "</i>"), Span(3, 8, "<b>", "</b>")]
    assert highlight("abcdefghij", spans) == "<i>abc<b>de</b></i><b>fgh</b>ij"


def test_highlight_drops_empty_spans_and_clips_to_the_text() -> None:
    assert highlight("abc", [Span(1, 1, "<x>", "</x>"), Span(2, 9, "<b>", "</b>")]) == "ab<b>c</b>"


def test_file_stems_are_the_id_when_safe_and_distinct_otherwise() -> None:
    assert file_stem("ascc-32-2024-09-26") == "ascc-32-2024-09-26"
    assert file_stem("a/b") != file_stem("a_b")
    assert file_stem("a/b").startswith("a_b-")


# --- statement pages on the demo ------------------------------------------------------------------------------------


def test_every_paragraph_and_sub_item_has_its_anchor_once(demo_corpus: Path, demo_pages: dict[str, str]) -> None:
    paragraphs = read_table(demo_corpus, "paragraphs")
    for doc_id, rows in paragraphs.group_by("doc_id"):
        page = lxml.html.fromstring(demo_pages[f"statements/{file_stem(str(doc_id[0]))}.html"])
        ids = [element.get("id") for element in page.xpath("//*[@id]")]
        expected = rows.get_column("para_id").to_list()
        assert {para_id: ids.count(para_id) for para_id in expected} == dict.fromkeys(expected, 1)


def test_sub_items_sit_inside_their_paragraph(demo_pages: dict[str, str]) -> None:
    page = lxml.html.fromstring(demo_pages["statements/almm-26-2020-05-14.html"])
    sub = page.get_element_by_id("almm-26-2020-05-14/p02.a")
    assert sub.xpath("ancestor::section")[0].get("id") == "almm-26-2020-05-14/p02"
    assert "protect the health and safety of workers" in sub.text_content()


def _marks(pages: dict[str, str], kind: str) -> list[tuple[str, str | None, str]]:
    found = []
    for name, text in pages.items():
        if name.startswith("statements/") and name != "statements/index.html":
            page = lxml.html.fromstring(text)
            for mark in page.xpath(f"//div[@id='paragraphs']//mark[contains(concat(' ', @class, ' '), ' {kind} ')]"):
                para = next(ancestor for ancestor in mark.iterancestors() if ancestor.tag == "section")
                attribute = "data-body-id" if kind == "body" else "data-instrument-id"
                found.append((para.get("id"), mark.get(attribute), mark.text_content()))
    return sorted(found, key=lambda item: (item[0], item[1] or "", item[2]))


def test_every_body_mention_is_highlighted_with_its_text_and_id(demo_corpus: Path, demo_pages: dict[str, str]) -> None:
    mentions = read_table(demo_corpus, "body_mentions")
    expected = sorted(
        zip(mentions["para_id"], mentions["body_id"], mentions["matched_text"], strict=True),
        key=lambda item: (item[0], item[1] or "", item[2]),
    )
    assert _marks(demo_pages, "body") == expected


def test_every_instrument_title_is_highlighted_and_links_its_history(
    demo_corpus: Path, demo_pages: dict[str, str]
) -> None:
    mentions = read_table(demo_corpus, "instrument_mentions")
    expected = sorted(
        zip(mentions["para_id"], mentions["instrument_id"], mentions["title_text"], strict=True),
        key=lambda item: (item[0], item[1] or "", item[2]),
    )
    assert _marks(demo_pages, "instrument") == expected
    for instrument_id in set(mentions["instrument_id"]):
        assert f"instruments/{file_stem(instrument_id)}.html" in demo_pages


def test_theme_tags_and_carried_over_sources(demo_corpus: Path, demo_pages: dict[str, str]) -> None:
    themes = read_table(demo_corpus, "paragraph_themes")
    tagged = []
    carried = []
    for name, text in demo_pages.items():
        if name.startswith("statements/") and name != "statements/index.html":
            page = lxml.html.fromstring(text)
            tagged += [
                (tag.xpath("ancestor::section")[0].get("id"), tag.get("data-theme-id"))
                for tag in page.xpath("//a[@data-theme-id]")
            ]
            carried += [
                (p.xpath("ancestor::section")[0].get("id"), p.get("data-source-para-id"), p.xpath("a")[0].get("href"))
                for p in page.xpath("//p[@class='carry']")
            ]
    assert sorted(tagged) == sorted(zip(themes["para_id"], themes["theme_id"], strict=True))
    assert carried, "the demo has paragraphs carried over word for word (the Council's standing paragraphs)"
    for _, source, href in carried:
        doc_id = source.rsplit("/", 1)[0]
        assert href == f"../statements/{doc_id}.html#{source}"


def test_statement_markup_stays_text() -> None:
    hostile = 'We noted <script>alert("x")</script> & <b>bold</b> in the ALMM text.'
    documents = pl.DataFrame(
        [
            {
                "doc_id": "x-1-2020-01-01",
                "source_file": "x.txt",
                "source_format": "txt",
                "content_hash": "0",
                "text_hash": "0",
                "is_synthetic": True,
                "meeting_body_id": "ALMM",
                "meeting_name": "A <i>meeting</i>",
                "year": 2020,
                "title": "TITLE <script>",
                "text": hostile,
                "n_paragraphs": 1,
                "missing_fields": [],
                "manifest_fields": [],
            }
        ],
        schema=TABLES["documents"].schema,
    )
    paragraphs = pl.DataFrame(
        [
            {
                "doc_id": "x-1-2020-01-01",
                "para_id": "x-1-2020-01-01/p01",
                "seq": 1,
                "level": "paragraph",
                "para_no": 1,
                "is_numbered": True,
                "text": hostile,
                "char_start": 0,
                "char_end": len(hostile),
            }
        ],
        schema=TABLES["paragraphs"].schema,
    )
    start = hostile.index("ALMM")
    body_mentions = pl.DataFrame(
        [
            {
                "doc_id": "x-1-2020-01-01",
                "para_id": "x-1-2020-01-01/p01",
                "body_id": "ALMM",
                "is_generic": False,
                "match_kind": "acronym",
                "matched_text": "ALMM",
                "char_start": start,
                "char_end": start + 4,
            }
        ],
        schema=TABLES["body_mentions"].schema,
    )
    empty = {name: TABLES[name].empty() for name in ("instruments", "instrument_mentions", "instrument_bodies")}
    inputs = BrowserInputs(
        documents=documents,
        paragraphs=paragraphs,
        body_mentions=body_mentions,
        paragraph_themes=TABLES["paragraph_themes"].empty(),
        **empty,
    )
    pages = dict(browser_pages(inputs))
    page_text = statement_page(Grouped(inputs), "x-1-2020-01-01")
    assert "<script>alert" not in page_text and "<b>bold" not in page_text and "<i>meeting" not in page_text
    tree = lxml.html.fromstring(page_text)
    paragraph = tree.get_element_by_id("x-1-2020-01-01/p01")
    assert hostile in paragraph.text_content()
    assert [mark.text_content() for mark in paragraph.xpath(".//mark")] == ["ALMM"]
    assert tree.xpath("//script") == []
    for name, text in pages.items():
        assert '<script>alert("x")' not in text, name
    index = next(text for name, text in pages.items() if name.startswith("search/2020"))
    assert json.dumps(hostile)[1:-1] in index  # the search index holds the text as a JSON string


def test_a_section_heading_has_its_own_anchor_and_is_searched() -> None:
    # synthetic statement with a section heading between paragraphs 1 and 2
    text = "1. The Ministers met in 2041.\n\nSynthetic Health Cooperation\n\n2. The Ministers closed the meeting.\n"
    doc_id = "x-1-2041-01-01"
    paragraphs = paragraphs_frame(split_statement(text), doc_id=doc_id)
    assert paragraphs.get_column("level").to_list() == ["paragraph", "heading", "paragraph"]
    documents = pl.DataFrame(
        [{"doc_id": doc_id, "source_file": "x.txt", "source_format": "txt", "content_hash": "0", "text_hash": "0",
          "is_synthetic": True, "year": 2041, "title": "", "text": text, "n_paragraphs": 2, "missing_fields": [],
          "manifest_fields": []}],
        schema=TABLES["documents"].schema,
    )  # fmt: skip
    empty = {
        name: TABLES[name].empty()
        for name in ("body_mentions", "paragraph_themes", "instruments", "instrument_mentions", "instrument_bodies")
    }
    inputs = BrowserInputs(documents=documents, paragraphs=paragraphs, **empty)
    tree = lxml.html.fromstring(statement_page(Grouped(inputs), doc_id))
    heading = tree.get_element_by_id(f"{doc_id}/h01")
    assert heading.get("data-level") == "heading"
    assert heading.xpath(".//a[@class='para-no']")[0].text_content() == "Heading"
    assert "Synthetic Health Cooperation" in heading.text_content()
    index = next(text for name, text in browser_pages(inputs) if name.startswith("search/2041"))
    assert '"h01"' in index and "Synthetic Health Cooperation" in index


# --- the site step ----------------------------------------------------------------------------------------------------


def test_write_browser_skips_an_unchanged_corpus_and_rewrites_only_what_changed(
    demo_corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    first = write_browser(demo_corpus, out, corpus_hash=corpus_hash(demo_corpus))
    assert first.status == "ok" and first.n_written == first.n_files
    files = json.loads((out / BROWSER_STAMP).read_text())["files"]
    assert "statements/index.html" in files and "search.html" in files and "instruments/index.html" in files
    mtimes = {name: (out / name).stat().st_mtime_ns for name in files}
    again = write_browser(demo_corpus, out, corpus_hash=corpus_hash(demo_corpus))
    assert (again.status, again.n_written) == ("skipped", 0)
    forced = write_browser(demo_corpus, out, corpus_hash=corpus_hash(demo_corpus), force=True)
    assert (forced.status, forced.n_written, forced.n_files) == ("ok", 0, first.n_files)
    assert {name: (out / name).stat().st_mtime_ns for name in files} == mtimes
    # a page deleted by hand is written again
    (out / files[1]).unlink()
    assert write_browser(demo_corpus, out, corpus_hash=corpus_hash(demo_corpus)).n_written == 1
    sizes = [(out / name).stat().st_size for name in files]
    assert max(sizes) < 3_000_000


def test_write_browser_removes_the_pages_of_a_statement_that_is_gone(demo_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    write_browser(demo_corpus, out, corpus_hash=corpus_hash(demo_corpus))
    raw = tmp_path / "raw"
    raw.mkdir()
    kept = [path for path in demo_files() if "ammdm" not in path.name]
    for path in kept:
        shutil.copy(path, raw / path.name)
    smaller = tmp_path / "processed"
    build_corpus(raw, smaller)
    result = write_browser(smaller, out, corpus_hash=corpus_hash(smaller))
    assert result.status == "ok" and result.n_removed >= 1
    assert not (out / "statements/ammdm-05-2017-10-12.html").exists()
    assert 0 < result.n_written < result.n_files


def test_the_index_links_the_browser_when_it_was_written() -> None:
    manifest = {"reports": [], "browser": {"status": "ok"}}
    page = lxml.html.fromstring(render_index(manifest))
    assert {"statements/index.html", "search.html", "instruments/index.html"} <= set(page.xpath("//a/@href"))
    failed = render_index({"reports": [], "browser": {"status": "failed", "message": "<boom>"}})
    assert "&lt;boom&gt;" in failed and "search.html" not in failed


def test_instrument_pages_show_names_bodies_and_timeline(demo_corpus: Path, demo_pages: dict[str, str]) -> None:
    mentions = read_table(demo_corpus, "instrument_mentions")
    links = read_table(demo_corpus, "instrument_bodies")
    instrument_id = (
        mentions.group_by("instrument_id").len().sort("len", "instrument_id", descending=[True, False])[0, 0]
    )
    page = lxml.html.fromstring(demo_pages[f"instruments/{file_stem(instrument_id)}.html"])
    rows = mentions.filter(pl.col("instrument_id") == instrument_id)
    timeline = page.xpath("//table[@id='timeline']/tbody/tr")
    assert sorted(row.get("data-para-id") for row in timeline) == sorted(rows["para_id"])
    assert set(page.xpath("//ul[@id='names']/li/text()")) >= set(rows["title_text"])
    bodies = set(page.xpath("//table[@id='bodies']/tbody/tr/@data-body-id"))
    assert bodies == set(links.filter(pl.col("instrument_id") == instrument_id)["body_id"])
    index = lxml.html.fromstring(demo_pages["instruments/index.html"])
    assert len(index.xpath("//table[@id='items']/tbody/tr")) == read_table(demo_corpus, "instruments").height


# --- downloads --------------------------------------------------------------------------------------------------------


def _network_spec() -> dict[str, object]:
    nodes = pl.DataFrame({"node_id": ["ALMM", "AHMM", "SOMHD"], "community": [0, 0, 1], "degree": [1, 2, 1]})
    edges = pl.DataFrame({"source": ["ALMM", "AHMM"], "target": ["AHMM", "SOMHD"], "weight": [0.5, 2.0]})
    layout = {"ALMM": (0.0, 0.0), "AHMM": (1.0, 0.0), "SOMHD": (0.0, 1.0)}
    return plots.network_chart(nodes, edges, layout, title="ties").spec


def test_a_chart_gives_its_rows_as_csv() -> None:
    frame = pl.DataFrame({"year": [2020, 2021], "share": [0.25, 0.5], "label": ['a "b", <c>', None]})
    spec = plots.bar(frame, x="year", y="share", color="label", title="t").spec
    rows = list(csv.DictReader(io.StringIO(chart_csv(spec))))
    assert rows == [
        {"year": "2020", "share": "0.25", "label": 'a "b", <c>'},
        {"year": "2021", "share": "0.5", "label": ""},
    ]
    assert download_names(spec, name="overview", index=2) == ["overview-2.csv"]


def test_a_network_view_gives_its_graph(tmp_path: Path) -> None:
    spec = _network_spec()
    graph = chart_graph(spec)
    assert sorted(graph.nodes) == ["AHMM", "ALMM", "SOMHD"]
    assert graph.edges["AHMM", "SOMHD"]["weight"] == 2.0
    assert graph.nodes["ALMM"]["community"] == 0
    written = write_downloads(tmp_path, "net", [spec])
    assert written == ["net-1.csv", "net-1.graphml", "net-1.gexf"]
    for name in ("net-1.graphml", "net-1.gexf"):
        read = nx.read_graphml(tmp_path / name) if name.endswith("graphml") else nx.read_gexf(tmp_path / name)
        assert read.number_of_nodes() == 3 and read.number_of_edges() == 2
    # a later run with fewer charts removes the files it no longer makes, not another report's
    (tmp_path / "net-x-1.csv").write_text("keep")
    assert write_downloads(tmp_path, "net", []) == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["net-x-1.csv"]


def test_exported_pages_link_the_downloads_under_each_chart() -> None:
    import nbformat

    from ascc_analysis.report.runner.export import export_report

    chart = plots.bar(pl.DataFrame({"x": ["a"], "y": [1]}), x="x", y="y", title="t")
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("chart")
    cell.outputs = [nbformat.v4.new_output("display_data", data={plots.VEGALITE_MIME: chart.spec})]
    notebook.cells = [cell, nbformat.v4.new_code_cell("chart", outputs=copy.deepcopy(cell.outputs))]
    page, specs = export_report(notebook, name="rep", title="Rep")
    tree = lxml.html.fromstring(page)
    assert tree.xpath("//p[@class='ascc-downloads']/a/@href") == ["rep-1.csv", "rep-2.csv"]
    assert specs == [chart.spec, chart.spec]
