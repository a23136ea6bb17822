"""Report runner, HTML export: an executed notebook → one self-contained HTML page (:func:`export_html`).

nbconvert's HTML exporter with the template in ``resources/report_template`` (code hidden unless ``show_code``,
prompts always; cells tagged ``remove_cell``, ``remove_input`` or ``remove_output`` lose what the tag says) and a
preprocessor that turns each Vega-Lite output into the chart fragment of :mod:`ascc_analysis.report.plots` and
inlines the offline chart library (Vega bundle and init script) once, only on pages with charts, after the
paragraphs behind the charts' marks, listed once for the page (``plots.hoist_paragraphs``); given the report's
name (:func:`export_report`), it puts the download links of :mod:`.downloads` under each chart and returns the
charts' specs, from which the site writer makes the CSV, GraphML and GEXF files. Also reads and
writes notebooks as nbformat text for the executor. Returns text; writes no file. With the executor, the only
module that imports nbconvert.
"""

from __future__ import annotations

import copy
import functools
import importlib
import json
import logging
import re
from importlib import resources
from pathlib import Path
from typing import Any

from ascc_analysis.report.runner.downloads import download_names, downloads_html

log = logging.getLogger(__name__)

_VEGALITE_PREFIX = "application/vnd.vegalite."


def _plots() -> Any:
    """:mod:`ascc_analysis.report.plots`, imported only when a page has charts (it inlines a 1 MB script)."""
    return importlib.import_module("ascc_analysis.report.plots")


def _read_ipynb(path: Path) -> Any:
    import nbformat

    return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]


def _ipynb_text(notebook: Any) -> str:
    import nbformat

    return str(nbformat.writes(notebook))  # type: ignore[no-untyped-call]


def _template_dir() -> Path:
    return Path(str(resources.files("ascc_analysis").joinpath("resources")))


def _safe_script(text: str) -> str:
    """JavaScript made safe inside an inline ``<script>``: ``</script`` and ``<!--`` get their ``<`` written ``\\x3C``.

    Such text can only occur inside a string, template or regular-expression literal (or a comment), where ``\\x3C``
    means ``<``; :func:`ascc_analysis.report.plots.javascript_bundle` does the same, so this is a second line of
    defence.
    """
    return re.sub(r"(?i)</script|<!--", lambda match: "\\x3C" + match.group(0)[1:], text)


@functools.cache
def _chart_scripts() -> str:
    plots = _plots()
    return (
        f"<script>{_safe_script(plots.javascript_bundle())}</script>\n"
        f"<script>{_safe_script(plots.CHART_INIT_SCRIPT)}</script>"
    )


@functools.cache
def _exporter(show_code: bool) -> Any:
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import Preprocessor
    from traitlets.config import Config

    class ChartPreprocessor(Preprocessor):
        """Give each Vega-Lite output a ``text/html`` chart and put the chart library once at the end of the page."""

        def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
            outputs = [output for cell in nb.cells for output in cell.get("outputs", [])]
            if not any(key.startswith(_VEGALITE_PREFIX) for output in outputs for key in output.get("data", {})):
                resources["ascc_n_charts"], resources["ascc_body_end"] = 0, ""
                return nb, resources
            plots = _plots()
            charts = [output["data"] for output in outputs if plots.VEGALITE_MIME in output.get("data", {})]
            specs = [
                json.loads(data[plots.VEGALITE_MIME])
                if isinstance(data[plots.VEGALITE_MIME], str)
                else dict(data[plots.VEGALITE_MIME])
                for data in charts
            ]
            # the paragraphs behind the marks are listed once for the page, not once per chart
            specs, paragraphs = plots.hoist_paragraphs(specs)
            name = resources.get("ascc_name")
            for index, (data, spec) in enumerate(zip(charts, specs, strict=True), start=1):
                links = downloads_html(download_names(spec, name=name, index=index)) if name else ""
                data["text/html"] = plots.chart_html(spec) + links
            n_charts = len(charts)
            resources["ascc_n_charts"] = n_charts
            resources["ascc_specs"] = specs
            store = plots.paragraphs_html(paragraphs)
            resources["ascc_body_end"] = (store + "\n" if store else "") + _chart_scripts() if n_charts else ""
            return nb, resources

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove_cell"}
    config.TagRemovePreprocessor.remove_input_tags = {"remove_input"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove_output"}
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        config=config,
        template_name="report_template",
        extra_template_basedirs=[str(_template_dir())],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(ChartPreprocessor(), enabled=True)  # type: ignore[no-untyped-call]
    # nbconvert's accessibility notes (images without alt text) are not the reader's business
    exporter.log = log.getChild("nbconvert")
    exporter.log.setLevel(logging.ERROR)
    return exporter


def export_report(
    notebook: Any, *, name: str, show_code: bool = False, title: str | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """:func:`export_html` of a report named ``name``, with download links under each chart.

    Returns:
        The HTML text, and the specs of its charts in page order (for
        :func:`ascc_analysis.report.runner.downloads.write_downloads`, which writes the files the links name).
    """
    notebook = copy.deepcopy(notebook)
    if title is not None:
        notebook.metadata["title"] = title
    resources: dict[str, Any] = {"metadata": {"name": title or name}, "ascc_name": name}
    body, resources = _exporter(show_code).from_notebook_node(notebook, resources=resources)
    return str(body), list(resources.get("ascc_specs", []))


def export_html(notebook: Any, *, show_code: bool = False, title: str | None = None) -> str:
    """Render an executed notebook as one self-contained HTML page.

    Code cells are left out unless ``show_code`` (prompts always); outputs carrying
    :data:`ascc_analysis.report.plots.VEGALITE_MIME` become :func:`ascc_analysis.report.plots.chart_html` fragments and
    the chart library (:func:`ascc_analysis.report.plots.javascript_bundle` and
    :data:`ascc_analysis.report.plots.CHART_INIT_SCRIPT`) is inlined once, only on a page with charts. Nothing is
    fetched from the network: the lab template's MathJax, Mermaid, require.js and widget scripts are left out. Text
    outputs are escaped by nbconvert; HTML outputs are kept as the notebook produced them (``plots.table`` escapes
    document text). Cells tagged ``remove_cell``, ``remove_input`` or ``remove_output`` lose what the tag says.

    Args:
        notebook: An nbformat notebook (not modified).
        show_code: Keep the code cells.
        title: The page's ``<title>``.

    Returns:
        The HTML text.
    """
    notebook = copy.deepcopy(notebook)
    if title is not None:
        notebook.metadata["title"] = title
    body, _ = _exporter(show_code).from_notebook_node(notebook, resources={"metadata": {"name": title or "report"}})
    return str(body)
