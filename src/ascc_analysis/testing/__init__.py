"""Yardsticks for tests and benchmarks, not a pipeline stage.

:mod:`~ascc_analysis.testing.planted` writes synthetic corpora with known (planted) topic trends, body ties,
instruments and shifts, so that tests and benchmarks can check that each method recovers them. No stage imports
this package.
"""
