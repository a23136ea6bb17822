"""Drafting rules of the metadata reader: the phrasings of ``resources/metadata.yaml``, checked and compiled.

Part of the parse stage (:mod:`ascc_analysis.ingest.metadata`). Reads ``resources/metadata.yaml`` once, when the
package is imported, through :mod:`ascc_analysis.rules` (:func:`load_metadata_rules`), and combines its phrasings —
meeting verbs, meeting words, "Issued in" verbs, venue prepositions, video-conference spellings, chair phrasings,
words that are not place names — into the patterns the other modules of the package match with. Returns the rules
(:class:`MetadataRules`) and the country and city lists (:data:`COUNTRY_VARIANTS`, :data:`CITY_VARIANTS`); writes
nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from ascc_analysis.rules import RulesError, compile_pattern, patterns, read_rules, resource_path, words

METADATA_KEYS = (
    "countries",
    "cities",
    "meeting_verbs",
    "meeting_words",
    "issued_verbs",
    "venue_prepositions",
    "video_conference",
    "chair_phrases",
    "not_place_words",
)
"""The keys of ``resources/metadata.yaml`` (the file's header says what each holds)."""


@dataclass(frozen=True)
class MetadataRules:
    """The drafting rules of ``resources/metadata.yaml``, checked, with their phrasings combined into patterns.

    Attributes:
        countries: Canonical country spelling -> the other ways statements write it.
        cities: Canonical city -> (its country, its other spellings).
        meeting_verb: A verb of the sentence that names the meeting, as whole words (case ignored).
        meeting_word: A clause of up to 120 characters ending in a word that makes an ordinal a meeting number.
        issued: A verb of an "Issued in <place> on <date>" line with its "in" or "at".
        venue_preposition: What comes right before a venue, with the spacing after it.
        video: Any spelling of a video conference.
        chair: What introduces the chair, in the order tried; each match ends where the country begins.
        generic_place: One to four capitalised words, none of them a not-place word (a place not in ``cities``).
    """

    countries: dict[str, tuple[str, ...]]
    cities: dict[str, tuple[str, tuple[str, ...]]]
    meeting_verb: re.Pattern[str]
    meeting_word: re.Pattern[str]
    issued: re.Pattern[str]
    venue_preposition: re.Pattern[str]
    video: re.Pattern[str]
    chair: tuple[re.Pattern[str], ...]
    generic_place: re.Pattern[str]


def load_metadata_rules(path: Path | None = None) -> MetadataRules:
    """Read and check the metadata reader's drafting rules, and combine their phrasings into patterns.

    Args:
        path: A rules file with the keys of :data:`METADATA_KEYS`; by default the package's
            ``resources/metadata.yaml`` (which this module loads once, when it is imported).

    Returns:
        The rules, with every phrasing compiled (case ignored).

    Raises:
        RulesError: The file cannot be read, lacks or adds a key, or holds an entry of the wrong kind or an invalid
            regular expression (the message names the file and the key).
    """
    path = resource_path("metadata.yaml") if path is None else path
    raw = read_rules(path, keys=METADATA_KEYS, what="metadata rules")
    if not isinstance(raw["countries"], dict) or not raw["countries"]:
        raise RulesError(f"{path}: countries must map each canonical country name to a list of its other spellings")
    countries = {
        str(name): _spellings(variants, path=path, key=f"countries: {name}")
        for name, variants in raw["countries"].items()
    }
    cities = _cities(raw["cities"], countries, path=path)

    def joined(key: str) -> str:
        return "|".join(item.pattern for item in patterns(raw[key], path=path, key=key, flags=re.IGNORECASE))

    words(raw["not_place_words"], path=path, key="not_place_words")
    stopwords = r"(?i:" + "|".join(re.escape(word) for word in raw["not_place_words"]) + r")\b"
    combined = {
        "meeting_verbs": rf"\b(?:{joined('meeting_verbs')})\b",
        "meeting_words": rf"[^.;:\n]{{0,120}}?\b(?:{joined('meeting_words')})\b",
        "issued_verbs": rf"\b(?:{joined('issued_verbs')})\s+(?:in|at)\b",
        "venue_prepositions": rf"\b(?:{joined('venue_prepositions')})\s+",
        "video_conference": joined("video_conference"),
    }
    compiled = {
        key: compile_pattern(pattern, path=path, where=f"{key} (combined)", flags=re.IGNORECASE)
        for key, pattern in combined.items()
    }
    generic_place = compile_pattern(
        rf"(?!{stopwords})(?P<place>[A-Z][\w'’\-]*(?:[ \t]+(?!{stopwords})[A-Z][\w'’\-]*){{0,3}})",
        path=path,
        where="not_place_words (combined)",
    )
    return MetadataRules(
        countries=countries,
        cities=cities,
        meeting_verb=compiled["meeting_verbs"],
        meeting_word=compiled["meeting_words"],
        issued=compiled["issued_verbs"],
        venue_preposition=compiled["venue_prepositions"],
        video=compiled["video_conference"],
        chair=patterns(raw["chair_phrases"], path=path, key="chair_phrases", flags=re.IGNORECASE),
        generic_place=generic_place,
    )


def _spellings(value: Any, *, path: Path, key: str) -> tuple[str, ...]:
    """A list of names (possibly empty), in file order."""
    words(value, path=path, key=key)
    return tuple(cast(list[str], value))


def _cities(value: Any, countries: dict[str, tuple[str, ...]], *, path: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """``cities``: each city -> ``{country: <a key of countries>, variants: [...]}``."""
    if not isinstance(value, dict) or not value:
        raise RulesError(f"{path}: cities must map each canonical city name to {{country: ..., variants: [...]}}")
    cities: dict[str, tuple[str, tuple[str, ...]]] = {}
    for name, entry in value.items():
        where = f"cities: {name}"
        if not isinstance(entry, dict) or set(entry) != {"country", "variants"}:
            raise RulesError(f"{path}: {where} must be {{country: ..., variants: [...]}}, got {entry!r}")
        if entry["country"] not in countries:
            raise RulesError(
                f"{path}: {where}: country {entry['country']!r} is not a key of countries; accepted: "
                f"{', '.join(countries)}"
            )
        cities[str(name)] = (entry["country"], _spellings(entry["variants"], path=path, key=f"{where}: variants"))
    return cities


_RULES = load_metadata_rules()

#: Canonical country spelling -> the other ways statements write it (matched case-insensitively).
COUNTRY_VARIANTS: dict[str, tuple[str, ...]] = _RULES.countries

#: Known meeting venues: canonical city -> (its country, other spellings). Lets a venue given by its city alone
#: ("held in Vientiane") be read, and all-capital titles ("ISSUED IN VIENTIANE") be spelt properly.
CITY_VARIANTS: dict[str, tuple[str, tuple[str, ...]]] = _RULES.cities
