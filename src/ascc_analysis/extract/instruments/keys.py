"""Instrument extraction: title keys and instrument ids.

:func:`title_key` folds a title for comparison (case, quotes, dashes, bracketed acronyms, a leading "the", spelling
variants); :func:`instrument_id` turns a canonical title and its type into the stable id of the ``instruments``
table. Pure functions of strings: canonicalisation (:mod:`~ascc_analysis.extract.instruments.canonical`) and the
planted-signal generator read them. The words they read (stop words, spelling variants, acronyms never expanded) live
in the package resource ``resources/title_keys.yaml``, read once through :mod:`ascc_analysis.rules`.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ascc_analysis.extract.instruments.tokens import _BRACKET_RE, _bracket_kind
from ascc_analysis.rules import RulesError, compile_pattern, read_rules, resource_path, words

__all__ = ["instrument_id", "title_key"]

TITLE_KEYS_NAME = "title_keys.yaml"
_TITLE_KEYS_KEYS = ("stop_words", "spellings", "never_expand")


@dataclass(frozen=True)
class _KeyWords:
    """The words of ``resources/title_keys.yaml`` (see its header).

    Attributes:
        stop: Function words of a key that carry no content.
        slug_stop: ``stop`` and "asean": the words left out of an id.
        spelling: Variant pattern → replacement, applied in file order.
        never_expand: Acronyms never read as the words before them in a title.
    """

    stop: frozenset[str]
    slug_stop: frozenset[str]
    spelling: tuple[tuple[re.Pattern[str], str], ...]
    never_expand: frozenset[str]


def _read_key_words(path: Path) -> _KeyWords:
    """Read and check a title-key words file.

    Raises:
        RulesError: The file cannot be read, is not YAML, lacks or adds a key, or a value is not as its header says.
    """
    raw = read_rules(path, keys=_TITLE_KEYS_KEYS, what="title key words")
    stop = words(raw["stop_words"], path=path, key="stop_words")
    return _KeyWords(
        stop=stop,
        slug_stop=stop | {"asean"},
        spelling=_spellings(raw["spellings"], path=path),
        never_expand=words(raw["never_expand"], path=path, key="never_expand"),
    )


def _spellings(value: Any, *, path: Path) -> tuple[tuple[re.Pattern[str], str], ...]:
    if not isinstance(value, list) or not value:
        raise RulesError(f"{path}: spellings must be a non-empty list of {{pattern, replacement}} mappings")
    spellings: list[tuple[re.Pattern[str], str]] = []
    for index, entry in enumerate(value, start=1):
        if not isinstance(entry, dict) or set(entry) != {"pattern", "replacement"}:
            raise RulesError(f"{path}: spellings entry #{index} must be a mapping with keys pattern and replacement")
        if not isinstance(entry["replacement"], str):
            raise RulesError(
                f"{path}: spellings entry #{index}: replacement must be a string, got {entry['replacement']!r}"
            )
        regex = compile_pattern(entry["pattern"], path=path, where=f"spellings entry #{index}")
        spellings.append((regex, entry["replacement"]))
    return tuple(spellings)


@functools.cache
def _key_words() -> _KeyWords:
    """The shipped title-key words, read once: ids must not change while a process runs."""
    return _read_key_words(resource_path(TITLE_KEYS_NAME))


def title_key(title: str, *, expansions: Mapping[str, str] | None = None) -> str:
    """A title folded for comparison: case, quotes, dashes, brackets, a leading "the" and spellings ignored.

    Args:
        title: A title as written.
        expansions: Acronyms defined inside titles (``{"ALD": "ASEAN Leaders' Declaration"}``): the bracket
            "(ALD)" is dropped and a bare "ALD" is read as its words.

    Returns:
        Lowercase words separated by single spaces (``"asean leaders declaration on ending inequalities ..."``).
        Bracketed acronyms are dropped; editions and years in brackets are kept as words.
    """
    expansions = expansions or {}
    text = title.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')

    def bracket(match: re.Match[str]) -> str:
        content = match.group(1).strip()
        return " " if _bracket_kind(content) == "acronym" else f" {content} "

    text = _BRACKET_RE.sub(bracket, text)
    if expansions:
        alternatives = "|".join(re.escape(acronym) for acronym in sorted(expansions, key=lambda a: (-len(a), a)))
        text = re.sub(rf"(?<![\w-])({alternatives})(?![\w-])", lambda m: expansions[m.group(1)], text)
    text = text.casefold().replace("'", "")
    text = re.sub(r"[\s\-‐‑–—/:,;.\"()&]+", " ", text).strip()
    for regex, replacement in _key_words().spelling:
        text = regex.sub(replacement, text)
    text = re.sub(r"^the\s+", "", text)
    return " ".join(text.split())


def instrument_id(title: str, instrument_type: str) -> str:
    """A stable, readable id of a canonical title: ``"<type>-<up to 6 content words>-<8 hex digits>"``.

    Args:
        title: The canonical title.
        instrument_type: Its type.

    Returns:
        For example ``"declaration-strengthening-care-economy-fostering-resilience-towards-1a2b3c4d"``: the type,
        the first six words of the :func:`title_key` that are not "ASEAN", a function word or the type's own
        words, and a hash of the type and the key (so it does not depend on row order or on the case and spelling
        of the title).
    """
    key = title_key(title)
    type_words = set(instrument_type.split("_"))
    slug_stop = _key_words().slug_stop
    words = [
        cleaned
        for word in key.split()
        if word not in slug_stop and word not in type_words and word.rstrip("s") not in type_words
        if (cleaned := re.sub(r"[^a-z0-9]+", "", word))
    ]
    if not words:  # "ASEAN Charter", "ASEAN Strategic Plans": keep "asean" rather than nothing
        words = [word for word in key.split() if word == "asean"][:1]
    digest = hashlib.sha1(f"{instrument_type}|{key}".encode()).hexdigest()[:8]
    return "-".join([instrument_type.replace("_", "-"), *words[:6], digest])
