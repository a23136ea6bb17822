"""Planted-signal corpus generator: synthetic statements whose structure is known (support module for tests).

Writes synthetic ASCC Council joint statements in ASEAN drafting style and returns them together with the
processed-corpus tables (``documents``, ``paragraphs``, ``instruments``, ``instrument_mentions``,
``instrument_bodies``, ``body_mentions``, ``priorities``; see :mod:`ascc_analysis.schemas`) and the ground truth of
what was planted (:class:`PlantedTruth`). The analytics (:mod:`ascc_analysis.analysis.topics`,
:mod:`ascc_analysis.analysis.networks`,
:mod:`ascc_analysis.analysis.shifts`) are checked against it: a method that cannot find a planted signal here will not
find
it in the real corpus. Every statement is labelled synthetic; none is, copies or paraphrases an ASEAN document.

What is planted:

1. **Topics.** Each topical paragraph is drawn from one :class:`PlantedTopic`: about 70% of its content words from
   the topic's vocabulary (Zipf-weighted, ``p_r ∝ (r + 1)^-0.8`` for the term of rank ``r``), 20% from filler
   words shared by every topic, 10% noise (terms of any topic, uniformly). The topic of a paragraph in year ``y`` is
   drawn with probability ``share(y, t) = w_t(x) / Σ_u w_u(x)``, ``x = (y − first_year) / (n_years − 1)``, with
   the curve weights ``rising: 0.5 + 2x``, ``falling: 2.5 − 2x``, ``peak: 0.5 + 2 exp(−((x − 0.5) / 0.22)²)``,
   ``flat: 1`` (:func:`topic_shares`).
2. **Instruments attributed to bodies.** Each community of bodies adopts one instrument a year (titled from the
   terms of a topic, "ASEAN Framework on Vaccines and Nurses"), named with 2–3 bodies of the community
   ("…, developed by the AHMM and the AMMSWD."): the whole community first, then each pair in turn, so that every
   pair shares instruments; one instrument in five also names a body of another community (noise). The first
   statement of the year looks forward to its adoption, about half of the year's other statements welcome it.
   Statements of later years refer to earlier instruments ("noted the progress in implementing the …", "took
   note of the …"), a third of them with the bodies that lead them; seven instruments, one of each type, are
   "adopted" the year before the first and referred to from the start, so that no instrument type or way of
   referring first appears in a null year.
3. **Shifts.** From each :class:`PlantedShift` year on, each new plain topical paragraph (no instrument, no list)
   gains, with probability 0.2, a sentence using two of the shift's terms; the terms never occur before. At the
   shift year the chair's theme becomes the shift's terms and a priority area with them replaces the oldest of
   the three areas. Years without a shift are null years: the chair's paragraph is repeated word for word (the
   chair country changes every year, but it is named in the title block only) and the topic shares move along
   their smooth curves.
4. **Boilerplate.** Topical paragraphs of 60 words or more are carried over from the previous statement (same
   topic, no instrument and no list) with one content word swapped for another word of the topic, or two adjacent
   words in paragraphs of 90 words or more; a carry-over is kept only when the Jaccard similarity of the 5-word
   shingles (:func:`shingle_jaccard`) stays at 0.82 or more. Carry-overs are drawn by error diffusion so that
   their share of topical paragraphs tracks ``boilerplate_share``. The chair's priority paragraph (paragraph 1)
   is the same in every statement of a year, so it is a verbatim carry-over when the previous statement is of
   the same year; both kinds are listed in ``truth.carried_over``.

Statements are spread evenly over the years (statement ``i`` of ``n`` falls in year ``first_year + ⌊i·n_years/n⌋``)
and dated evenly within their year; all are ASCC Council statements numbered from 1. The chair is the real one
where ``resources/chairmanships.csv`` lists the year (a rotation of the Member States otherwise) and hosts the
year's meetings in its capital. The title block gives the meeting, venue, date and chair; the body holds no names
of places or years, so that only planted words change from year to year.

Document ids follow :func:`ascc_analysis.build.make_doc_id` (``ascc-07-2015-07-02``); past meeting 99 they no
longer sort in meeting order, so order statements by ``documents.meeting_no`` (or date), not by ``doc_id``.

Each text starts with the package's synthetic label (:data:`ascc_analysis.ingest.demo.SYNTHETIC_LABEL`, which the build
removes and records as ``documents.is_synthetic``), then a title block whose first line is
:data:`GENERATOR_LABEL`. The text is written already normalised; ``documents`` and ``paragraphs`` are built by the
real segmenter
(:func:`ascc_analysis.ingest.segment.split_statement`) on it, so offsets are real, and
:func:`ascc_analysis.ingest.normalise.
normalise_text` is checked to leave it unchanged (on every statement, or on an evenly spaced sample for speed). The
extraction tables are built from what was planted, not extracted. :func:`write_raw` writes the statements as text
files that :func:`ascc_analysis.build.build_corpus` builds into the same ``documents`` table.

Modules:
    * :mod:`~ascc_analysis.testing.planted.spec` — :class:`PlantedSpec` and its defaults and checks,
      :class:`PlantedCorpus`, :class:`PlantedTruth`;
    * :mod:`~ascc_analysis.testing.planted.shares` — :func:`topic_shares` and the Zipf term weights;
    * :mod:`~ascc_analysis.testing.planted.vocabulary` — the synthetic sentence templates and word lists;
    * :mod:`~ascc_analysis.testing.planted.stream` — seeded uniform draws;
    * :mod:`~ascc_analysis.testing.planted.instruments` — planted instruments and each statement's mentions;
    * :mod:`~ascc_analysis.testing.planted.paragraphs` — writing paragraphs, carry-overs (:func:`shingle_jaccard`)
      and the chair's priorities;
    * :mod:`~ascc_analysis.testing.planted.generate` — :func:`generate_corpus`;
    * :mod:`~ascc_analysis.testing.planted.tables` — the processed tables and the ground truth;
    * :mod:`~ascc_analysis.testing.planted.write` — :func:`write_raw`.
"""

from __future__ import annotations

from ascc_analysis.testing.planted.generate import generate_corpus
from ascc_analysis.testing.planted.paragraphs import shingle_jaccard
from ascc_analysis.testing.planted.shares import topic_shares
from ascc_analysis.testing.planted.spec import (
    DEFAULT_COMMUNITIES,
    DEFAULT_SHIFTS,
    DEFAULT_TOPICS,
    FILLER_TERMS,
    GENERATOR_LABEL,
    Curve,
    GeneratorError,
    NormaliseCheck,
    PlantedCorpus,
    PlantedShift,
    PlantedSpec,
    PlantedTopic,
    PlantedTruth,
)
from ascc_analysis.testing.planted.write import write_raw

__all__ = [
    "DEFAULT_COMMUNITIES",
    "DEFAULT_SHIFTS",
    "DEFAULT_TOPICS",
    "FILLER_TERMS",
    "GENERATOR_LABEL",
    "Curve",
    "GeneratorError",
    "NormaliseCheck",
    "PlantedCorpus",
    "PlantedShift",
    "PlantedSpec",
    "PlantedTopic",
    "PlantedTruth",
    "generate_corpus",
    "shingle_jaccard",
    "topic_shares",
    "write_raw",
]
