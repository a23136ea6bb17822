"""Topic trends stage, dictionary themes: ``paragraph_themes``, ``paragraphs`` and ``documents`` → theme shares.

:func:`theme_shares` gives the share of paragraphs tagged with each theme of the taxonomy (``paragraph_themes``,
from :mod:`ascc_analysis.extract.themes`), per year or per statement, with a bootstrap interval
(:mod:`~ascc_analysis.analysis.topics.bootstrap`). Returns a tidy polars frame; writes nothing.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ascc_analysis.analysis.topics.bootstrap import _bootstrap_shares, _dense, _long_shares, _unit_codes
from ascc_analysis.analysis.topics.common import (
    By,
    _attach_units,
    _check_bootstrap,
    _check_by,
    _paragraph_rows,
    _require_columns,
)
from ascc_analysis.errors import SchemaError


def theme_shares(
    paragraph_themes: pl.DataFrame,
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    by: By = "year",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pl.DataFrame:
    """Share of paragraphs tagged with each theme, per year or per statement, with a bootstrap interval.

    For a unit u (a year, or one statement) with paragraph set P_u and a theme t::

        share(u, t) = n_tagged(u, t) / n_paragraphs(u),   n_tagged(u, t) = |{p ∈ P_u : p tagged t}|

    The interval is the percentile interval of ``share`` over ``n_boot`` replicates that resample paragraphs with
    replacement within each statement (each statement keeps its number of paragraphs; a year pools its
    statements). Tags on preamble blocks are not counted; every theme of ``paragraph_themes`` gets a row for every
    unit, 0 where it never occurs.

    Args:
        paragraph_themes: The ``paragraph_themes`` table (at least ``para_id, theme_id``).
        paragraphs: The ``paragraphs`` table (at least ``doc_id, para_id, level, text``).
        documents: The ``documents`` table (at least ``doc_id, year``); statements without a year are left out of
            yearly shares (with a warning).
        by: ``"year"`` or ``"doc"``.
        n_boot: Bootstrap replicates (>= 1).
        ci: Confidence level of the interval, in (0, 1).
        seed: Seed of the bootstrap.

    Returns:
        ``year`` (Int32) or ``doc_id``, then ``theme_id, n_paragraphs, n_tagged`` (Int32), ``share, ci_low,
        ci_high`` (Float64), sorted by unit and theme.

    Raises:
        ParameterError: ``by``, ``n_boot`` or ``ci`` has a value that is not accepted.
        SchemaError: A table lacks a needed column, a tagged para_id is not in ``paragraphs``, or a paragraph's
            doc_id is not in ``documents``.
    """
    _check_by(by)
    _check_bootstrap(n_boot, ci)
    _require_columns(paragraph_themes, ("para_id", "theme_id"), table="paragraph_themes")
    rows = _paragraph_rows(paragraphs)
    tags = paragraph_themes.select(pl.col("para_id").cast(pl.String), pl.col("theme_id").cast(pl.String)).unique()
    strays = tags.join(paragraphs.select(pl.col("para_id").cast(pl.String)), on="para_id", how="anti")
    if strays.height:
        stray_ids = strays.get_column("para_id").unique().sort().to_list()
        raise SchemaError(f"paragraph_themes: para_id(s) {stray_ids[:5]} are not in paragraphs")
    theme_ids = tags.get_column("theme_id").unique().sort().to_list()
    units = _attach_units(rows.select("doc_id", "para_id"), documents, by=by)
    unit_name = "year" if by == "year" else "doc_id"
    output_schema = pl.Schema(
        {
            unit_name: pl.Int32() if by == "year" else pl.String(),
            "theme_id": pl.String(),
            "n_paragraphs": pl.Int32(),
            "n_tagged": pl.Int32(),
            "share": pl.Float64(),
            "ci_low": pl.Float64(),
            "ci_high": pl.Float64(),
        }
    )
    if units.is_empty() or not theme_ids:
        return pl.DataFrame(schema=output_schema)

    indicator = _dense(tags, units, theme_ids, column="theme_id", value=None)
    keys, unit_codes, doc_codes = _unit_codes(units)
    _, low, high = _bootstrap_shares(
        indicator, doc_codes=doc_codes, unit_codes=unit_codes, n_units=len(keys), n_boot=n_boot, ci=ci, seed=seed
    )
    n_paragraphs = np.bincount(unit_codes, minlength=len(keys)).astype(np.int32)
    n_tagged = np.zeros((len(keys), len(theme_ids)), dtype=np.int32)
    np.add.at(n_tagged, unit_codes, indicator.astype(np.int32))
    frame = _long_shares(
        keys,
        theme_ids,
        {
            "n_paragraphs": np.repeat(n_paragraphs, len(theme_ids)),
            "n_tagged": n_tagged,
            "share": n_tagged / n_paragraphs[:, None],  # the exact ratio of counts
            "ci_low": low,
            "ci_high": high,
        },
        by=by,
        column_name="theme_id",
    )
    return frame.select(list(output_schema)).cast(output_schema)
