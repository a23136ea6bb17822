"""Recovery of planted topics and shifts over the whole design family (:mod:`ascc_analysis.testing.family`).

Every design of :func:`~ascc_analysis.testing.family.family_designs` (statements per year 1–8, 4–12 topics, one
short-lived topic of 1–3 years and one or two steps each, four null years; SYNTHETIC text written by the package)
is generated and analysed as the notebooks do:

* topics: ``fit_topics(paragraphs, n_topics="auto", documents=documents, seed=0)``; a planted topic is recovered
  when its matched topic has cosine ≥ 0.8 and yearly prevalence r ≥ 0.9 against the realised share
  (:func:`~ascc_analysis.testing.family.score_topic_recovery`); the short-lived topic is *found* when a topic of
  ``TopicModel.short_lived`` spans one of its years (recovered or not), and counted by its number of paragraphs;
* shifts: ``share_shifts`` on each paragraph's dominant topic; a planted step, arrival or disappearance is found
  when its matched topic is flagged at its year in its direction; a null year is a false alarm when any topic is
  flagged in it;
* ceilings, what a perfect topic fit would give: the short-lived topic's words estimated from its own paragraphs,
  known (:func:`~ascc_analysis.testing.family.oracle_topic_cosines`; below cosine 0.8 it is not expected to be
  recovered), and ``share_shifts`` on the *true* paragraph labels.

The table prints one row per design and a summary per number of statements a year with the spread (min–max over
designs). ``--calibrate`` instead scores ``share_shifts`` on the *true* paragraph labels over a grid of α (no topic
fit, so many seeds are cheap) and prints the false-alarm and detection rates behind ``DEFAULT_ALPHA``.

Usage::

    python benchmarks/bench_family.py --seeds 0 1 --out benchmarks/family.json
    python benchmarks/bench_family.py --calibrate --seeds 0 1 2 3 4 5 6 7 8 9
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import polars as pl

from ascc_analysis.analysis import shifts, topics
from ascc_analysis.testing import family

ALPHAS = (0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2)


def calibrate(seeds: tuple[int, ...], *, window: int) -> dict[str, Any]:
    """False-alarm and detection rates of share_shifts on true labels, per α and statements a year."""
    records = []
    for design in family.family_designs(seeds=seeds):
        corpus = family.generate_family_corpus(design)
        labels = corpus.truth.paragraph_topic.join(corpus.paragraphs.select("para_id", "doc_id"), on="para_id")
        for alpha in ALPHAS:
            flags = shifts.share_shifts(labels, corpus.documents, label_col="topic_id", alpha=alpha, window=window)
            planted, nulls = family.score_shift_detection(flags, corpus, label_col="topic_id")
            records.append(
                {
                    "alpha": alpha,
                    "statements": design.statements_per_year,
                    "found": int(planted.get_column("found").sum()),
                    "planted": planted.height,
                    "false_alarms": int(nulls.get_column("flagged").sum()),
                    "null_years": nulls.height,
                }
            )
    table = (
        pl.DataFrame(records)
        .group_by("alpha", "statements")
        .agg(pl.col("found", "planted", "false_alarms", "null_years").sum())
        .with_columns(
            detection=pl.col("found") / pl.col("planted"),
            false_alarm_rate=pl.col("false_alarms") / pl.col("null_years"),
        )
        .sort("alpha", "statements")
    )
    with pl.Config(tbl_rows=200, tbl_width_chars=200):
        print(table)
    at_two = table.filter(pl.col("statements") == 2)
    ok = at_two.filter(pl.col("false_alarm_rate") <= 0.10)
    chosen = float(ok.get_column("alpha").max()) if ok.height else None  # type: ignore[arg-type]
    print(f"largest alpha with <= 10% null years flagged at 2 statements a year: {chosen}")
    return {"calibration": table.to_dicts(), "chosen_alpha": chosen}


def run_design(
    design: family.FamilyDesign, *, alpha: float = shifts.DEFAULT_ALPHA
) -> tuple[dict[str, Any], pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    corpus = family.generate_family_corpus(design)
    start = time.perf_counter()
    model = topics.fit_topics(corpus.paragraphs, n_topics="auto", seed=0, documents=corpus.documents)
    seconds = time.perf_counter() - start
    recovery = family.score_topic_recovery(model.paragraph_topics, model.terms, corpus)
    label_of = {
        row["topic_id"]: row["model_topic_id"] for row in recovery.iter_rows(named=True) if row["model_topic_id"]
    }
    flags = shifts.share_shifts(
        family.dominant_topics(model.paragraph_topics),
        corpus.documents,
        label_col="topic_id",
        paragraphs=corpus.paragraphs,
        alpha=alpha,
    )
    planted, nulls = family.score_shift_detection(flags, corpus, label_col="topic_id", label_of=label_of)
    true_labels = corpus.truth.paragraph_topic.join(corpus.paragraphs.select("para_id", "doc_id"), on="para_id")
    true_flags = shifts.share_shifts(true_labels, corpus.documents, label_col="topic_id", alpha=alpha)
    planted_true, nulls_true = family.score_shift_detection(true_flags, corpus, label_col="topic_id")
    oracle = family.oracle_topic_cosines(corpus).filter(pl.col("shape") == "short")
    short = recovery.filter(pl.col("shape") == "short")
    planted_short = next(topic for topic in design.topics if topic.shape == "short")
    short_first = design.first_year + planted_short.year_index
    short_last = short_first + planted_short.length - 1
    short_found = model.short_lived.filter(
        (pl.col("first_year") <= short_last) & (pl.col("last_year") >= short_first)
    ).height
    row = {
        "design": design.name,
        "statements": design.statements_per_year,
        "n_topics": len(design.topics),
        "paragraphs": corpus.paragraphs.height,
        "k": model.k,
        "recovered": int(recovery.get_column("recovered").sum()),
        "planted_topics": recovery.height,
        "short_recovered": bool(short.get_column("recovered").all()),
        "merges_flagged": int(model.merges.get_column("is_merge").sum()) if model.merges.height else 0,
        "short_lived_fitted": model.short_lived.height,
        "short_paragraphs": corpus.truth.paragraph_topic.filter(topic_id=planted_short.id).height,
        "short_found": short_found > 0,
        "short_oracle_cosine": round(float(oracle.get_column("cosine").item()), 3),
        "short_ceiling": bool(oracle.get_column("cosine").item() >= 0.8),
        "shifts_found": int(planted.get_column("found").sum()),
        "shifts_planted": planted.height,
        "false_alarms": int(nulls.get_column("flagged").sum()),
        "null_years": nulls.height,
        "shifts_found_true": int(planted_true.get_column("found").sum()),
        "false_alarms_true": int(nulls_true.get_column("flagged").sum()),
        "fit_seconds": round(seconds, 1),
    }
    return row, recovery.with_columns(design=pl.lit(design.name)), planted, nulls


def summary(rows: pl.DataFrame) -> pl.DataFrame:
    """Per number of statements a year: pooled rates and the min–max over designs."""
    per_design = rows.with_columns(
        topic_rate=pl.col("recovered") / pl.col("planted_topics"),
        shift_rate=pl.col("shifts_found") / pl.col("shifts_planted"),
        alarm_rate=pl.col("false_alarms") / pl.col("null_years"),
    )
    groups = [
        per_design.with_columns(group=pl.col("statements").cast(pl.String)),
        per_design.filter(pl.col("statements") >= 2).with_columns(group=pl.lit(">=2")),
        per_design.with_columns(group=pl.lit("all")),
    ]
    return (
        pl.concat(groups)
        .group_by("group")
        .agg(
            designs=pl.len(),
            topics_recovered=pl.col("recovered").sum() / pl.col("planted_topics").sum(),
            topics_min=pl.col("topic_rate").min(),
            topics_max=pl.col("topic_rate").max(),
            short_recovered=pl.col("short_recovered").mean(),
            short_ceiling=pl.col("short_ceiling").mean(),
            shifts_found=pl.col("shifts_found").sum() / pl.col("shifts_planted").sum(),
            shifts_min=pl.col("shift_rate").min(),
            shifts_max=pl.col("shift_rate").max(),
            false_alarm_rate=pl.col("false_alarms").sum() / pl.col("null_years").sum(),
            alarms_max=pl.col("alarm_rate").max(),
            shifts_true_labels=pl.col("shifts_found_true").sum() / pl.col("shifts_planted").sum(),
            alarms_true_labels=pl.col("false_alarms_true").sum() / pl.col("null_years").sum(),
            k_exact=(pl.col("k") == pl.col("n_topics")).mean(),
            fit_seconds_max=pl.col("fit_seconds").max(),
        )
        .sort("group")
    )


def shifts_by_power(planted: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Planted shifts of designs with two or more statements a year, found or not, split by whether their planted
    change in share reaches the smallest change the power table says is found 80% of the time with that many
    statements a year (``shifts.detectable_change``): the rate at or above it is what the stated power promises."""
    statements = rows.select("design", "statements").filter(pl.col("statements") >= 2)
    detectable = {int(s): shifts.detectable_change(int(s)) for s in statements.get_column("statements").unique()}
    sized = (
        planted.join(statements, on="design")
        .with_columns(detectable=pl.col("statements").replace_strict(detectable, return_dtype=pl.Float64))
        .with_columns(
            size=pl.when(pl.col("planted_change").abs() >= pl.col("detectable"))
            .then(pl.lit("at or above"))
            .otherwise(pl.lit("below"))
        )
    )
    rates = {
        "found": pl.col("found").mean(),
        "n": pl.len(),
        "median_abs_change": pl.col("planted_change").abs().median(),
    }
    columns = ["size", "kind", *rates]
    by_kind = sized.group_by("size", "kind").agg(**rates).select(columns)
    overall = sized.group_by("size").agg(**rates).with_columns(kind=pl.lit("all")).select(columns)
    return pl.concat([by_kind, overall]).sort("size", "kind")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1], help="design seeds (default 0 1)")
    parser.add_argument("--calibrate", action="store_true", help="calibrate share_shifts' alpha on true labels")
    parser.add_argument(
        "--window", type=int, default=shifts.DEFAULT_WINDOW, help="window of share_shifts (calibration)"
    )
    parser.add_argument(
        "--alpha", type=float, default=shifts.DEFAULT_ALPHA, help="level of share_shifts on the fitted topics"
    )
    parser.add_argument("--limit", type=int, default=0, help="run only the first N designs (0: all)")
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    seeds = tuple(args.seeds)
    if args.calibrate:
        result = calibrate(seeds, window=args.window)
    else:
        designs = family.family_designs(seeds=seeds)
        designs = designs[: args.limit] if args.limit else designs
        rows, recoveries, planted_all = [], [], []
        for design in designs:
            row, recovery, planted, _ = run_design(design, alpha=args.alpha)
            rows.append(row)
            recoveries.append(recovery)
            planted_all.append(planted.with_columns(design=pl.lit(design.name)))
            print(json.dumps(row), flush=True)
        table = pl.DataFrame(rows)
        by_shape = (
            pl.concat(recoveries)
            .group_by("shape")
            .agg(recovered=pl.col("recovered").mean(), n=pl.len(), cosine_median=pl.col("cosine").median())
            .sort("shape")
        )
        by_kind = (
            pl.concat(planted_all)
            .join(table.select(pl.col("design"), pl.col("statements")), on="design")
            .filter(pl.col("statements") >= 2)
            .group_by("kind")
            .agg(
                found=pl.col("found").mean(),
                n=pl.len(),
                median_abs_change=pl.col("realised_change").abs().median(),
            )
            .sort("kind")
        )
        by_power = shifts_by_power(pl.concat(planted_all), table)
        by_size = (
            table.filter(pl.col("statements") >= 2)
            .with_columns(
                size=pl.when(pl.col("short_paragraphs") <= 4)
                .then(pl.lit("1-4"))
                .when(pl.col("short_paragraphs") <= 8)
                .then(pl.lit("5-8"))
                .when(pl.col("short_paragraphs") <= 15)
                .then(pl.lit("9-15"))
                .otherwise(pl.lit("16+"))
            )
            .group_by("size")
            .agg(
                designs=pl.len(),
                found=pl.col("short_found").sum(),
                recovered=pl.col("short_recovered").sum(),
                ceiling=pl.col("short_ceiling").sum(),
            )
            .sort(pl.col("size").str.extract(r"^(\d+)").cast(pl.Int32))
        )
        with pl.Config(tbl_rows=100, tbl_width_chars=250, tbl_cols=20, float_precision=2):
            print(summary(table))
            print("short-lived topic by its number of paragraphs (designs with >= 2 statements a year):")
            print(by_size)
            print("topics recovered by shape (all designs):")
            print(by_shape)
            print("planted shifts found by kind (designs with >= 2 statements a year):")
            print(by_kind)
            print("planted shifts found by size against the power table's detectable change (>= 2 statements a year):")
            print(by_power)
        result = {
            "rows": rows,
            "summary": summary(table).to_dicts(),
            "by_shape": by_shape.to_dicts(),
            "by_kind": by_kind.to_dicts(),
            "short_by_size": by_size.to_dicts(),
            "by_power": by_power.to_dicts(),
            "shifts": pl.concat(planted_all).to_dicts(),
        }
    result["numpy"] = np.__version__
    if args.out:
        args.out.write_text(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
