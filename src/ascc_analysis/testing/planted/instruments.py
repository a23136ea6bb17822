"""Planted instruments: the instruments each community of bodies adopts, and the mentions of each statement.

Part of the planted-signal yardstick (:mod:`ascc_analysis.testing.planted`). ``_plan_instruments`` titles one
instrument per community and year from a topic's terms (plus one of each type "adopted" the year before the first)
and names the bodies of its community; ``_statement_mentions`` decides which instruments a statement mentions and
how (adoption expected, adopted, referred, noted). Pure given the seeded generator.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ascc_analysis.extract.instruments import instrument_id
from ascc_analysis.testing.planted.spec import GeneratorError, PlantedSpec
from ascc_analysis.testing.planted.stream import _Stream
from ascc_analysis.testing.planted.vocabulary import _HEADS, _title_case

_CROSS_LINK_SHARE = 0.2
_ADOPTION_REPEAT_SHARE = 0.5
_NAMED_REFERENCE_SHARE = 0.35
_NOTED_REFERENCE_SHARE = 0.3
_MEAN_REFERENCES = 1.2
_MAX_REFERENCES = 3


@dataclass(frozen=True)
class _Instrument:
    key: int
    title: str
    instrument_type: str
    instrument_id: str
    topic: int
    year: int
    community: int
    bodies: tuple[str, ...]


@dataclass
class _Mention:
    instrument: _Instrument
    status: str
    bodies: tuple[str, ...]  # bodies named in the sentence (may be empty)


def _plan_instruments(spec: PlantedSpec, rng: np.random.Generator) -> list[_Instrument]:
    """Instruments titled from a topic's terms: one per community and year, and one per type adopted before.

    The instruments "adopted" the year before the first are referred to from the first year on, so that every
    instrument type and every way of referring to an instrument occurs from the start. A community's instruments
    name the whole community first, then each pair of its bodies in turn; one in five also names a body of
    another community.
    """
    instruments: list[_Instrument] = []
    titles: set[str] = set()
    n_communities = len(spec.communities)
    slots: list[tuple[int, int, tuple[str, str] | None]] = [
        (spec.first_year - 1, index % n_communities, head) for index, head in enumerate(_HEADS)
    ]
    slots += [(year, community, None) for community in range(n_communities) for year in spec.years]
    offsets = dict.fromkeys(range(n_communities), 0)
    for year, community, fixed_head in slots:
        group = spec.communities[community]
        subsets: list[tuple[str, ...]] = [group[:3], *itertools.combinations(group, 2)] if len(group) > 2 else [group]
        others = [body for index, other in enumerate(spec.communities) if index != community for body in other]
        topic = int(rng.integers(len(spec.topics)))
        terms = spec.topics[topic].terms
        for _attempt in range(1000):
            head, instrument_type = fixed_head or _HEADS[int(rng.integers(len(_HEADS)))]
            first, second = rng.choice(len(terms), size=2, replace=False)
            title = f"ASEAN {head} on {_title_case(terms[first])} and {_title_case(terms[second])}"
            if title not in titles:
                break
        else:  # pragma: no cover - 7 heads x 91 or more term pairs per topic, at most 307 instruments
            raise GeneratorError(f"no unused instrument title left for topic {spec.topics[topic].id!r}")
        titles.add(title)
        bodies = subsets[offsets[community] % len(subsets)]
        offsets[community] += 1
        if others and rng.random() < _CROSS_LINK_SHARE:
            bodies = (*bodies, others[int(rng.integers(len(others)))])
        instruments.append(
            _Instrument(
                key=len(instruments),
                title=title,
                instrument_type=instrument_type,
                instrument_id=instrument_id(title, instrument_type),
                topic=topic,
                year=year,
                community=community,
                bodies=bodies,
            )
        )
    return instruments


def _statement_mentions(
    year: int, *, first_of_year: bool, year_size: int, instruments: Sequence[_Instrument], stream: _Stream
) -> list[_Mention]:
    """Instrument mentions of one statement: this year's adoptions, then references to earlier instruments.

    The first statement of a year mentions each of the year's adoptions (as expected when more statements follow
    in the year); each later statement of the year mentions each adoption with probability 0.5.
    """
    status = "adoption_expected" if first_of_year and year_size > 1 else "adopted"
    mentions = [
        _Mention(item, status, item.bodies)
        for item in instruments
        if item.year == year and (first_of_year or stream.uniform() < _ADOPTION_REPEAT_SHARE)
    ]
    earlier = [item for item in instruments if item.year < year]
    if earlier:
        # Poisson draw by inversion, capped
        n_refs, threshold, product = 0, math.exp(-_MEAN_REFERENCES), stream.uniform()
        while product > threshold and n_refs < _MAX_REFERENCES:
            n_refs += 1
            product *= stream.uniform()
        chosen: list[_Instrument] = []
        for _ in range(min(n_refs, len(earlier))):
            candidates = [item for item in earlier if item not in chosen]
            chosen.append(candidates[stream.index(len(candidates))])
        for item in chosen:
            status = "noted" if stream.uniform() < _NOTED_REFERENCE_SHARE else "referred"
            named = item.bodies if stream.uniform() < _NAMED_REFERENCE_SHARE else ()
            mentions.append(_Mention(item, status, named))
    return mentions
