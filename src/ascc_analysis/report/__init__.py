"""Report stage: parametrised notebooks → the published HTML site in ``reports/``.

* :mod:`~ascc_analysis.report.params` — read and validate a notebook's ``parameters`` cell before any kernel starts;
* :mod:`~ascc_analysis.report.plots` — Vega-Lite charts and escaped tables (pure: no file I/O);
* :mod:`~ascc_analysis.report.runner` — plan, cache, execute (papermill) and export (nbconvert) the reports, and
  write the site. Its executor and export modules are the only ones that import papermill and nbconvert.

Reads the processed corpus and ``notebooks/``; writes ``reports/``.
"""
