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
    "meeting_participles",
    "held_jointly_with",
    "meeting_words",
    "meeting_qualifiers",
    "issued_verbs",
    "venue_prepositions",
    "video_conference",
    "chair_phrases",
    "chair_offices",
    "chair_description_ends",
    "not_place_words",
    "venue_building_words",
    "chair_after_country",
    "chair_after_person",
    "demonyms",
    "asean_chairmanship",
    "chaired_by_asean_chair",
    "plus_three",
    "plus_three_in_name",
    "today_words",
    "document_kinds",
    "headline_verbs",
    "news_report_cues",
    "summit_words",
    "landing_page_phrases",
    "full_text_elsewhere",
    "min_complete_words",
)
"""The keys of ``resources/metadata.yaml`` (the file's header says what each holds)."""


@dataclass(frozen=True)
class MetadataRules:
    """The drafting rules of ``resources/metadata.yaml``, checked, with their phrasings combined into patterns.

    Attributes:
        countries: Canonical country spelling -> the other ways statements write it.
        cities: Canonical city -> (its country, its other spellings).
        meeting_verb: A verb of the sentence that names the meeting, as whole words (case ignored).
        meeting_participle: A participle after a meeting's name saying it was held ("held today in"), as whole words
            (case ignored); read when no sentence has a meeting verb.
        held_jointly_with: What introduces a meeting held jointly with the statement's, with "the" after it, up to
            the end of the text ("..., in conjunction with the ").
        meeting_word: A clause of up to 120 characters ending in a word that makes an ordinal a meeting number.
        meeting_qualifier: A word between a meeting's number and its body's name ("the 10th Informal ...").
        issued: A verb of an "Issued in <place> on <date>" line with its "in" or "at".
        venue_preposition: What comes right before a venue, with the spacing after it.
        video: Any spelling of a video conference.
        chair: What introduces the chair, in the order tried; each match ends where the country begins.
        chair_office: A word of a chairing person's office ("Minister"), as a whole word.
        chair_description_end: A word that ends a chairing person's description ("attended", "by"), as a whole word.
        generic_place: One to four capitalised words, none of them a not-place word (a place not in ``cities``).
        venue_building: A word that makes a place name a building ("Hotel", "Centre"), as a whole word.
        chair_after_country: What follows a chairing country ("... of the Lao PDR and the ASCC Council Chair").
        chair_after_person: What follows a chairing person's description ("..., who chaired the meeting").
        demonyms: Member State adjective -> canonical country ("Vietnamese" -> "Viet Nam"), read only in a chairing
            person's description ("chaired by Vietnamese Deputy Minister of ...").
        asean_chairmanship: What follows a country whose ASEAN Chairmanship is named ("X's ASEAN 2021 Chairmanship").
        chaired_by_asean_chair: Registry ids of the bodies that the ASEAN Chair chairs.
        plus_three: What follows a body's name when the meeting is an ASEAN Plus Three one ("+3").
        plus_three_in_name: What stands right after the word "ASEAN" of a body's name when the meeting is an ASEAN
            Plus Three one ("the ASEAN Plus Three Health Ministers Meeting"); each match spans that text alone.
        today: A word saying that the meeting was held on the dateline's day ("today").
        document_kinds: Kind -> the phrasings with which a document names its own kind, in the order tried.
        headline_verb: A verb of a news headline ("Hold", "meets"), as a whole word.
        news_report: Any wording of a news report about a meeting ("(VNA)", "told the media", "yesterday").
        summit_word: A word that makes a meeting a summit.
        landing_page: A phrasing of a page that points to the document instead of giving it.
        full_text_elsewhere: A phrasing saying that the whole document is elsewhere ("Download the full statement").
        min_complete_words: Fewer words make an outcome document partial.
    """

    countries: dict[str, tuple[str, ...]]
    cities: dict[str, tuple[str, tuple[str, ...]]]
    meeting_verb: re.Pattern[str]
    meeting_participle: re.Pattern[str]
    held_jointly_with: re.Pattern[str]
    meeting_word: re.Pattern[str]
    meeting_qualifier: re.Pattern[str]
    issued: re.Pattern[str]
    venue_preposition: re.Pattern[str]
    video: re.Pattern[str]
    chair: tuple[re.Pattern[str], ...]
    chair_office: re.Pattern[str]
    chair_description_end: re.Pattern[str]
    generic_place: re.Pattern[str]
    venue_building: re.Pattern[str]
    chair_after_country: tuple[re.Pattern[str], ...]
    chair_after_person: re.Pattern[str]
    demonyms: dict[str, str]
    asean_chairmanship: re.Pattern[str]
    chaired_by_asean_chair: frozenset[str]
    plus_three: re.Pattern[str]
    plus_three_in_name: re.Pattern[str]
    today: re.Pattern[str]
    document_kinds: tuple[tuple[str, re.Pattern[str]], ...]
    headline_verb: re.Pattern[str]
    news_report: re.Pattern[str]
    summit_word: re.Pattern[str]
    landing_page: re.Pattern[str]
    full_text_elsewhere: re.Pattern[str]
    min_complete_words: int


SELF_NAMED_KINDS = ("joint_statement", "chairmans_statement", "media_release", "leaders_statement", "declaration")
"""The kinds a document can name itself by (``document_kinds`` of ``resources/metadata.yaml``); ``other`` is none."""


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
    summit = "|".join(re.escape(word) for word in sorted(words(raw["summit_words"], path=path, key="summit_words")))
    combined = {
        "meeting_verbs": rf"\b(?:{joined('meeting_verbs')})\b",
        "meeting_participles": rf"\b(?:{joined('meeting_participles')})\b",
        "held_jointly_with": rf"\b(?:{joined('held_jointly_with')})\s+(?:the\s+)?\Z",
        "meeting_words": rf"[^.;:\n]{{0,120}}?\b(?:{joined('meeting_words')})\b",
        "meeting_qualifiers": rf"\b(?:{joined('meeting_qualifiers')})\b",
        "issued_verbs": rf"\b(?:{joined('issued_verbs')})\s+(?:in|at)\b",
        "venue_prepositions": rf"\b(?:{joined('venue_prepositions')})\s+",
        "video_conference": joined("video_conference"),
        "asean_chairmanship": joined("asean_chairmanship"),
        "chair_after_person": rf"\b(?:{joined('chair_after_person')})",
        "plus_three": rf"(?:{joined('plus_three')})",
        "plus_three_in_name": rf"(?<=\bASEAN)(?:{joined('plus_three_in_name')})",
        "today_words": joined("today_words"),
        "summit_words": rf"\b(?:{summit})\b",
        "landing_page_phrases": joined("landing_page_phrases"),
        "full_text_elsewhere": joined("full_text_elsewhere"),
        "news_report_cues": joined("news_report_cues"),
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
    buildings = sorted(words(raw["venue_building_words"], path=path, key="venue_building_words"))
    venue_building = compile_pattern(
        r"\b(?:" + "|".join(re.escape(word) for word in buildings) + r")\b",
        path=path,
        where="venue_building_words (combined)",
        flags=re.IGNORECASE,
    )
    return MetadataRules(
        venue_building=venue_building,
        chair_office=_any_word(raw["chair_offices"], path=path, key="chair_offices"),
        chair_description_end=_any_word(raw["chair_description_ends"], path=path, key="chair_description_ends"),
        chair_after_country=patterns(raw["chair_after_country"], path=path, key="chair_after_country"),
        chair_after_person=compiled["chair_after_person"],
        demonyms=_demonyms(raw["demonyms"], countries, path=path),
        asean_chairmanship=compiled["asean_chairmanship"],
        chaired_by_asean_chair=words(raw["chaired_by_asean_chair"], path=path, key="chaired_by_asean_chair"),
        plus_three=compiled["plus_three"],
        plus_three_in_name=compiled["plus_three_in_name"],
        today=compiled["today_words"],
        document_kinds=_document_kinds(raw["document_kinds"], path=path),
        headline_verb=_any_word(raw["headline_verbs"], path=path, key="headline_verbs"),
        news_report=compiled["news_report_cues"],
        summit_word=compiled["summit_words"],
        landing_page=compiled["landing_page_phrases"],
        full_text_elsewhere=compiled["full_text_elsewhere"],
        min_complete_words=_positive_int(raw["min_complete_words"], path=path, key="min_complete_words"),
        countries=countries,
        cities=cities,
        meeting_verb=compiled["meeting_verbs"],
        meeting_participle=compiled["meeting_participles"],
        held_jointly_with=compiled["held_jointly_with"],
        meeting_word=compiled["meeting_words"],
        meeting_qualifier=compiled["meeting_qualifiers"],
        issued=compiled["issued_verbs"],
        venue_preposition=compiled["venue_prepositions"],
        video=compiled["video_conference"],
        chair=patterns(raw["chair_phrases"], path=path, key="chair_phrases", flags=re.IGNORECASE),
        generic_place=generic_place,
    )


def _document_kinds(value: Any, *, path: Path) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``document_kinds``: each kind of :data:`SELF_NAMED_KINDS` -> its phrasings, combined into one pattern."""
    if not isinstance(value, dict) or not value:
        raise RulesError(f"{path}: document_kinds must map each kind to a list of regular expressions")
    unknown = sorted(set(value) - set(SELF_NAMED_KINDS))
    if unknown:
        raise RulesError(f"{path}: document_kinds: unknown kind(s) {unknown}; accepted: {', '.join(SELF_NAMED_KINDS)}")
    kinds = []
    for kind, entries in value.items():
        key = f"document_kinds: {kind}"
        joined = "|".join(item.pattern for item in patterns(entries, path=path, key=key, flags=re.IGNORECASE))
        kinds.append((str(kind), compile_pattern(joined, path=path, where=f"{key} (combined)", flags=re.IGNORECASE)))
    return tuple(kinds)


def _demonyms(value: Any, countries: dict[str, Any], *, path: Path) -> dict[str, str]:
    """country -> adjectives, read as adjective -> country; every country must be one of ``countries``."""
    if not isinstance(value, dict):
        raise RulesError(f"{path}: demonyms must be a mapping of country to a list of adjectives")
    found: dict[str, str] = {}
    for country, adjectives in value.items():
        if str(country) not in countries:
            raise RulesError(f"{path}: demonyms: {country!r} is not one of the countries")
        for adjective in words(adjectives, path=path, key=f"demonyms: {country}"):
            found[adjective] = str(country)
    return found


def _any_word(value: Any, *, path: Path, key: str) -> re.Pattern[str]:
    """A list of plain words, combined into one pattern that finds any of them as a whole word (case ignored)."""
    alternatives = "|".join(
        re.escape(word) for word in sorted(words(value, path=path, key=key), key=lambda w: (-len(w), w))
    )
    return compile_pattern(
        rf"(?<![\w\-])(?:{alternatives})(?![\w\-])", path=path, where=f"{key} (combined)", flags=re.IGNORECASE
    )


def _positive_int(value: Any, *, path: Path, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RulesError(f"{path}: {key} must be a positive whole number, got {value!r}")
    return value


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

#: What stands between "ASEAN" and the rest of a body's name in a Plus Three meeting written before the body ("the
#: ASEAN Plus Three Health Ministers Meeting"); matched right after "ASEAN" (case ignored).
PLUS_THREE_IN_NAME: re.Pattern[str] = _RULES.plus_three_in_name
