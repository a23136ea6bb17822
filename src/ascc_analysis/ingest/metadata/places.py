"""Places and chairs: canonical countries and cities, the venue and the chair a statement names.

Part of the parse stage (:mod:`ascc_analysis.ingest.metadata`). Matches the country and city names of
``resources/metadata.yaml`` (:data:`~ascc_analysis.ingest.metadata.drafting.COUNTRY_VARIANTS`,
:data:`~ascc_analysis.ingest.metadata.drafting.CITY_VARIANTS`) ignoring case, spacing, hyphens, apostrophes and dots.
:func:`canonical_country` gives a country's canonical spelling; ``_find_venue`` and ``_find_chair`` read the venue
("held in Vientiane, Lao PDR") and the chair ("under the ASEAN Chairmanship of ...") of a piece of statement text.
Pure: strings in, names out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ascc_analysis.ingest.metadata.drafting import _RULES, CITY_VARIANTS, COUNTRY_VARIANTS


def _words_pattern(phrase: str) -> str:
    """A regex for a phrase that ignores spacing, hyphens, apostrophes and dots between and inside its words, the
    plural of "Officials" ("ASEAN Senior Official Meeting on Sports"), and a "the" inside it ("the Conference of
    Parties to ASEAN Agreement on ..." is "the Conference of the Parties to the ASEAN Agreement on ...")."""
    words = [word for word in re.split(r"[\s\-‐‑–—]+", phrase) if word]
    separator = r"[\s\-‐‑–—]*"
    pattern = ""
    for index, word in enumerate(words):
        chars = "".join("['’‘]?" if char in "'’‘" else r"\.?" if char == "." else re.escape(char) for char in word)
        if word.casefold() == "officials":
            chars = chars[:-1] + "s?"  # "ASEAN Senior Official Meeting on Sports"
        part = chars + "['’‘]?"
        if index == 0:
            pattern = part
        elif word.casefold() == "the":
            pattern += f"(?:{separator}{part})?"
        else:
            pattern += separator + part
    return pattern


def _alternation(phrases: list[str]) -> str:
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    return "|".join(_words_pattern(phrase) for phrase in ordered)


def _country_lookup() -> dict[str, str]:
    lookup = {}
    for canonical, variants in COUNTRY_VARIANTS.items():
        for spelling in (canonical, *variants):
            lookup[_key(spelling)] = canonical
    return lookup


def _city_lookup() -> dict[str, str]:
    lookup = {}
    for canonical, (_country, variants) in CITY_VARIANTS.items():
        for spelling in (canonical, *variants):
            lookup[_key(spelling)] = canonical
    return lookup


def _key(text: str) -> str:
    """Comparison key: case, apostrophes, dots and spacing ignored."""
    return " ".join(re.sub(r"['’‘.]", "", text).replace("-", " ").casefold().split())


_COUNTRY_KEYS = _country_lookup()
_CITY_KEYS = _city_lookup()
_COUNTRY_RE = re.compile(
    r"(?:the\s+)?(?P<country>"
    + _alternation(
        [spelling for canonical, variants in COUNTRY_VARIANTS.items() for spelling in (canonical, *variants)]
    )
    + r")(?![\w\-])",
    re.IGNORECASE,
)
_CITY_RE = re.compile(
    r"(?P<city>"
    + _alternation(
        [spelling for canonical, (_, variants) in CITY_VARIANTS.items() for spelling in (canonical, *variants)]
    )
    + r")(?![\w\-])",
    re.IGNORECASE,
)
_GENERIC_PLACE_RE = _RULES.generic_place
_BUILDING_WORD_RE = _RULES.venue_building
# a name of capitalised words, possibly joined by "of", "and", "de", "the" or "&": "the Sokha Hotel and Residence"
_NAME_RUN_RE = re.compile(
    r"(?:the[ \t]+)?(?P<name>[A-Z0-9][\w'’\-&]*(?:[ \t]+(?:(?:of|and|de|the|&)[ \t]+)?[A-Z0-9][\w'’\-&]*){0,7})"
)
_COMMA_RE = re.compile(r"[ \t]*,\s*")
# a province written after the name of an unlisted host town: "in Buriram Province, Thailand" names the town
_PROVINCE_AFTER_RE = re.compile(r"(?<=\w)[ \t]+Province$", re.IGNORECASE)
_VENUE_PREPOSITION_RE = _RULES.venue_preposition
_CHAIR_RES = _RULES.chair
_CLAUSE_END_RE = re.compile(r"\.\s+(?=(?:The|We|It|This|These|In|At)\b)|;|\n[ \t]*\n")


def canonical_country(text: str) -> str | None:
    """The canonical spelling of an ASEAN Member State (or Timor-Leste) name, or ``None`` if it is not one.

    Args:
        text: A country name in any common spelling and case ("Laos", "VIETNAM", "the Philippines").
    """
    return _COUNTRY_KEYS.get(_key(re.sub(r"(?i)^\s*the\s+", "", text)))


def canonical_city(text: str) -> str | None:
    """The canonical spelling of a known city (``resources/metadata.yaml``), or ``None`` if it is not one.

    Args:
        text: A city name in any common spelling and case ("Hanoi", "PHNOM PENH", "Nay Pyi Taw").
    """
    return _CITY_KEYS.get(_key(text))


def _place_at(text: str, position: int) -> tuple[str | None, str | None] | None:
    """(city, country) of a place name starting at ``position``, or ``None`` if no place starts there.

    An unlisted place followed by its country is read as the city, without a "Province" after its name ("in
    Nakhon Phanom Province, Thailand" -> Nakhon Phanom). A building written before its city ("the Don Chan Palace
    Hotel, Vientiane, Lao PDR") is not a city: the place is what follows it after the comma (the city and its
    country, or the country alone).
    """
    building = _NAME_RUN_RE.match(text, position)
    if building and _BUILDING_WORD_RE.search(building.group("name")):
        name_start = building.start("name")
        if not _CITY_RE.match(text, name_start):
            after = _COMMA_RE.match(text, building.end())
            return _place_at(text, after.end()) if after is not None else None
        if name_start > position:  # a building named after its city: "the Bangkok ... Centre" is in Bangkok
            return _place_at(text, name_start)
    match = _COUNTRY_RE.match(text, position)
    if match:
        country = canonical_country(match.group("country"))
        city_match = _CITY_RE.match(text, position)
        if city_match and city_match.end() >= match.end():  # a city-state: "in Singapore"
            return _CITY_KEYS[_key(city_match.group("city"))], country
        return None, country
    match = _CITY_RE.match(text, position)
    if match:
        city = _CITY_KEYS[_key(match.group("city"))]
        country = _country_after(text, match.end()) or CITY_VARIANTS[city][0]
        return city, country
    match = _GENERIC_PLACE_RE.match(text, position)
    if match:
        country = _country_after(text, match.end())
        if country is not None:
            place = _PROVINCE_AFTER_RE.sub("", match.group("place"))  # "Buriram Province": the city of its name
            return (place.title() if place.isupper() else place), country
    return None


def _country_after(text: str, position: int) -> str | None:
    """The country in ", Country" or ", Region, Country" right after a city."""
    comma = _COMMA_RE.match(text, position)
    if not comma:
        return None
    country = _COUNTRY_RE.match(text, comma.end())
    if country:
        return canonical_country(country.group("country"))
    region = _GENERIC_PLACE_RE.match(text, comma.end())
    if region:
        second = _COMMA_RE.match(text, region.end())
        if second and (country := _COUNTRY_RE.match(text, second.end())):
            return canonical_country(country.group("country"))
    return None


def _iter_venues(text: str) -> Iterator[tuple[int, tuple[str | None, str | None]]]:
    """Every venue a text gives ("in Vientiane, Lao PDR", "at ..."), as (where its preposition starts, (city,
    country)), in reading order."""
    for preposition in _VENUE_PREPOSITION_RE.finditer(text):
        place = _place_at(text, preposition.end())
        if place is None and (city_of := _CITY_OF_RE.match(text, preposition.end())):
            place = _place_at(text, city_of.end())  # "in the central city of Hue"
        if place is not None:
            yield preposition.start(), place


def _find_venue(text: str) -> tuple[str | None, str | None]:
    """The first venue a text gives, or ``(None, None)``."""
    return next((place for _, place in _iter_venues(text)), (None, None))


# what may stand between a venue's preposition and its city: "in the central city of Hue", "in the capital city of"
_CITY_OF_RE = re.compile(r"(?:the\s+)?(?:[a-z]+\s+){0,2}(?:city|capital|town)\s+of\s+")
_OF_BEFORE_RE = re.compile(r"\bof\s+$", re.IGNORECASE)
# a country after a comma or a bracketed acronym ("..., Development, Malaysia", "... (OCD) Philippines")
_AFTER_COMMA_RE = re.compile(r"(?:,|\))\s*$")
# what ends a chairing person's description right after the country: a full stop, a comma, "and", the clause's end
_DESCRIPTION_CLOSED_RE = re.compile(r"\s*(?:[.,;)]|and\b|\Z)", re.IGNORECASE)
_CHAIR_OFFICE_RE = _RULES.chair_office
_CHAIR_DESCRIPTION_END_RE = _RULES.chair_description_end
_CHAIR_AFTER_RES = _RULES.chair_after_country
_CHAIR_AFTER_PERSON_RE = _RULES.chair_after_person
# a Member State's adjective before an office or an organisation's name: "Vietnamese Deputy Minister of ...",
# "Head of Indonesian National Board for ..."
_DEMONYM_RE = re.compile(
    rf"(?<![\w\-])(?P<demonym>{'|'.join(re.escape(word) for word in sorted(_RULES.demonyms, key=len, reverse=True))})"
    r"[ \t]+(?=[A-Z])"
)
# a country before a possessive and a person's office: "Malaysia's Deputy Prime Minister"
_POSSESSIVE_OFFICE_RE = re.compile(
    rf"['’]s[ \t]+(?:[A-Z][\w\-]*[ \t]+){{0,3}}?(?:{_CHAIR_OFFICE_RE.pattern})", re.IGNORECASE
)
# where the sentence of a chairing person begins, going back: a full stop after a word of two lower-case letters or
# more (not "Mr." or "Dr."), or a line break
_SENTENCE_START_RE = re.compile(r"(?:[a-z]{2,}[.!?][\s\u201d\"]+|\n)")
_ASEAN_CHAIRMANSHIP_RE = _RULES.asean_chairmanship

ChairOfAnotherBody = Callable[[str, int, int], bool]
"""Whether a chair phrase ``text[start:end]`` ("– the Chair", "and Chair of") names the chair of another body or
meeting than the statement's (with the name it is followed by: "... of the ASEAN Ministerial Meeting on Youth")."""


def _find_chair(text: str) -> str | None:
    """The country in the first "under the (ASEAN) Chairmanship of X" / "chaired by ..." / "Chair: X" clause.

    The country must follow the phrase directly ("chaired by Singapore", "under the Chairmanship of the Lao PDR")
    or be the country of the chairing person (:func:`_is_chairs_country`): a country named otherwise in the clause
    ("attended by representatives from ..., Timor-Leste") is not the chair. A Member State's adjective (``demonyms``)
    right after the phrase names it too ("chaired by Vietnamese Deputy Minister of Culture ...").
    """
    for pattern in _CHAIR_RES:
        for match in pattern.finditer(text):
            clause = _CLAUSE_END_RE.split(text[match.end() : match.end() + 300], maxsplit=1)[0]
            for country in _COUNTRY_RE.finditer(clause):
                if country.start() == 0 or _is_chairs_country(clause, country):
                    return canonical_country(country.group("country"))
            if demonym := _DEMONYM_RE.match(clause, len(clause) - len(clause.lstrip())):
                return _RULES.demonyms[demonym.group("demonym")]  # "chaired by Vietnamese Deputy Minister of ..."
    return None


def _is_chairs_country(clause: str, country: re.Match[str]) -> bool:
    """Whether a country of a chair clause is the chairing person's: written in the person's description, after
    "of" ("H.E. X, Minister of Culture of Cambodia") or, closing the description, after a comma or a bracketed
    acronym that follows the person's office ("H.E. X, Minister of Women, Family and Community Development,
    Malaysia", "H.E. X, Undersecretary, Office of Civil Defense (OCD) Philippines, and ..."). The description ends
    at a word of ``chair_description_ends`` ("..., and attended by the Ministers of Brunei Darussalam")."""
    before = clause[: country.start()]
    if _CHAIR_DESCRIPTION_END_RE.search(before):
        return False
    if _OF_BEFORE_RE.search(before) or _POSSESSIVE_OFFICE_RE.match(clause, country.end()):
        return True
    return (
        _AFTER_COMMA_RE.search(before) is not None
        and _CHAIR_OFFICE_RE.search(before) is not None
        and _DESCRIPTION_CLOSED_RE.match(clause, country.end()) is not None
    )


def _find_chair_before_person_phrase(text: str, *, another_body: ChairOfAnotherBody | None = None) -> str | None:
    """The country of the first person described before a ``chair_after_person`` phrase, in its sentence: written
    after "of" ("H.E. X, Minister of Information of Cambodia and H.E. Y, ... were elected as Chairperson and
    Vice-Chairperson") or before "'s" and an office ("Malaysia's Minister of Tourism, Arts and Culture, Mr X, who
    chaired the meeting"), or written as a Member State's adjective ("..., Head of Indonesian National Board for
    Disaster Management and Chair of the AMMDM"). A phrase that ``another_body`` says names the chair of another
    body than the meeting's ("... and Chair of the ASEAN Ministerial Meeting on Youth" in a report on a conference of
    youth leaders) is passed over."""
    for phrase in _CHAIR_AFTER_PERSON_RE.finditer(text):
        if another_body is not None and another_body(text, phrase.start(), phrase.end()):
            continue
        window = text[max(0, phrase.start() - 400) : phrase.start()]
        starts = [match.end() for match in _SENTENCE_START_RE.finditer(window)]
        sentence = window[starts[-1] if starts else 0 :]
        for country in _COUNTRY_RE.finditer(sentence):
            if _OF_BEFORE_RE.search(sentence[: country.start()]) or _POSSESSIVE_OFFICE_RE.match(
                sentence, country.end()
            ):
                return canonical_country(country.group("country"))
        if demonym := _DEMONYM_RE.search(sentence):  # "Minister/Head of Indonesian National Board ... and Chair of"
            return _RULES.demonyms[demonym.group("demonym")]
    return None


def _find_chair_after_country(text: str, *, another_body: ChairOfAnotherBody | None = None) -> str | None:
    """The country followed by what says it chairs: "... of the Lao PDR and the ASCC Council Chair", "X, as Chair",
    "X as its capacity as Chair of ...", "X – the Chair of ... during 2030-2032"; not when ``another_body`` says that
    the chair named is another body's than the meeting's."""
    for country in _COUNTRY_RE.finditer(text):
        for pattern in _CHAIR_AFTER_RES:
            chair = pattern.match(text, country.end())
            if chair is not None and not (another_body is not None and another_body(text, chair.start(), chair.end())):
                return canonical_country(country.group("country"))
    return None


def _find_asean_chairmanship(text: str) -> str | None:
    """The country of the first "X's ASEAN (2021) Chairmanship" (for bodies that the ASEAN Chair chairs)."""
    for country in _COUNTRY_RE.finditer(text):
        if _ASEAN_CHAIRMANSHIP_RE.match(text, country.end()):
            return canonical_country(country.group("country"))
    return None


def _place_of_dateline(place: str) -> tuple[str | None, str | None] | None:
    """(city, country) of a dateline's place: the shortest run of its last words that is a known city or country
    ("... Chairmanship Year Bandar Seri Begawan" -> Bandar Seri Begawan, Brunei Darussalam), or ``None``."""
    words = place.split()
    for start in range(len(words)):
        candidate = " ".join(words[start:])
        city = _CITY_KEYS.get(_key(candidate))
        if city is not None:
            return city, CITY_VARIANTS[city][0]
        country = canonical_country(candidate)
        if country is not None:
            return None, country
    return None
