"""Yardsticks for tests and benchmarks, not a pipeline stage.

:mod:`~ascc_analysis.testing.planted` writes synthetic corpora with known (planted) topic trends, body ties,
instruments and shifts, so that tests and benchmarks can check that each method recovers them;
:mod:`~ascc_analysis.testing.family` is a second, independent family of planted-topic designs, and
:mod:`~ascc_analysis.testing.hostile` writes hostile raw files (zip and FlateDecode bombs, pathological PDFs, very
long lines, deep HTML) for the readers' resource limits. No stage imports this package.
"""
