"""ascc-analysis: comparative analytics over ASEAN Socio-Cultural Community joint statements.

The chain is one-way: raw documents (``data/raw/``) → processed corpus (``data/processed/``, Parquet tables
declared in :mod:`ascc_analysis.schemas`) → notebooks and HTML reports (``reports/``).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ascc-analysis")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
