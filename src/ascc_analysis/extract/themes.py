"""Theme tagging stage: paragraphs → ``paragraph_themes``.

Tags each paragraph with the themes of a transparent, rule-based taxonomy of the ASCC: its sectors and the ASCC
Blueprint 2025 characteristics. The rules live in a data file (``resources/themes.yaml``; its header says how to add
a theme or a term without code): each theme lists words and phrases, optional longer phrases in which those words do
not count (exclusions), and the number of hits a paragraph needs.

Matching, for every theme (see the YAML header for the term syntax):

* Each term becomes a regular expression with word boundaries, matched ignoring case (acronyms written in capitals
  in the file match case-sensitively). All terms of a theme are joined into one alternation, exclusions first and
  then the terms, each group longest first, so that where rules overlap at one place the longest phrase wins.
* A match of an exclusion is dropped; every other match is a *hit*. ``n_hits`` is the number of hits in the
  paragraph, and the theme is tagged when ``n_hits >= min_hits``.

The same expressions run in polars (the Rust regex engine, over the whole table at once, for
:func:`tag_paragraphs`) and in Python's :mod:`re` (for :func:`explain_tags`); they use only syntax that both engines
read alike, so the two agree.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import polars as pl
import yaml

from ascc_analysis.errors import AsccError, SchemaError
from ascc_analysis.schemas import PARAGRAPH_THEMES, validate

log = logging.getLogger(__name__)

__all__ = [
    "EXPLAIN_SCHEMA",
    "THEMES_FRAME_SCHEMA",
    "Taxonomy",
    "Theme",
    "ThemeError",
    "explain_tags",
    "load_taxonomy",
    "tag_paragraphs",
    "term_to_regex",
    "themes_frame",
]

THEMES_RESOURCE = "themes.yaml"

EXPLAIN_SCHEMA = pl.Schema(
    {
        "theme_id": pl.String(),
        "term": pl.String(),  # the words as written in the paragraph: paragraph_text[start:end]
        "start": pl.Int32(),  # character offsets into the paragraph text
        "end": pl.Int32(),
        "rule": pl.String(),  # the taxonomy term that fired
    }
)

THEMES_FRAME_SCHEMA = pl.Schema(
    {
        "theme_id": pl.String(),
        "label": pl.String(),
        "description": pl.String(),
        "characteristics": pl.List(pl.String()),
        "sectors": pl.List(pl.String()),
        "terms": pl.List(pl.String()),
        "exclude": pl.List(pl.String()),
        "min_hits": pl.Int32(),
    }
)

_THEME_FIELDS = ("id", "label", "description", "characteristics", "sectors", "terms", "exclude", "min_hits")
_REQUIRED_FIELDS = ("id", "label", "description", "characteristics", "sectors", "terms")
Engine = Literal["polars", "python"]
_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
# One word of a term: starts and ends with an ASCII letter or digit (word boundaries are ASCII, see below), may hold
# hyphens and apostrophes, may end with `*`.
_WORD = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z'’-]*[0-9A-Za-z])?\*?")
_ACRONYM = re.compile(r"[A-Z0-9'’ -]*[A-Z][A-Z0-9'’ -]*[A-Z][A-Z0-9'’ -]*")
# Building blocks of the expressions. Both engines (Python re, Rust regex in polars) read them alike. Word characters
# and boundaries are ASCII in both (the Rust engine runs many times faster with an ASCII word boundary than with the
# Unicode one), so the two engines agree exactly.
_SPACE_OR_HYPHEN = r"\t\n\v\f\r \-‐‑"
_BETWEEN_WORDS = f"[{_SPACE_OR_HYPHEN}]+"
_IN_WORD_HYPHEN = f"[{_SPACE_OR_HYPHEN}]?"
_APOSTROPHE = "['’]"
_WILDCARD = "[0-9A-Za-z_]*"
_BOUNDARY: dict[Engine, str] = {"polars": r"(?-u:\b)", "python": r"\b"}
_PYTHON_FLAGS = re.ASCII
_PARAGRAPH_COLUMNS = ("doc_id", "para_id", "level", "text")


class ThemeError(AsccError):
    """The theme taxonomy file is missing, unreadable or breaks a rule, or a theme id is unknown."""


def term_to_regex(term: str) -> str:
    """The regular expression for one taxonomy term (without word boundaries).

    A space matches any run of whitespace or hyphens, a hyphen inside a word matches a hyphen, a space or nothing,
    an apostrophe matches ``'`` and ``’``, a trailing ``*`` matches any word ending. A term written in capitals
    (at least two capital letters, no lower-case letter) is wrapped to match case-sensitively.

    Args:
        term: A term as written in the taxonomy (already validated).

    Returns:
        The expression source, usable by Python's :mod:`re` and by polars.
    """
    words = []
    for word in term.split():
        parts = []
        for char in word:
            if char == "-":
                parts.append(_IN_WORD_HYPHEN)
            elif char in "'’":
                parts.append(_APOSTROPHE)
            elif char == "*":
                parts.append(_WILDCARD)
            else:
                parts.append(re.escape(char))
        words.append("".join(parts))
    source = _BETWEEN_WORDS.join(words)
    if _ACRONYM.fullmatch(term):
        return f"(?-i:{source})"
    return source


def _alternation(terms: tuple[str, ...]) -> list[str]:
    """Term expressions ordered longest first (ties by text), the order in which overlapping rules are tried."""
    return [term_to_regex(term) for term in sorted(terms, key=lambda term: (-len(term), term))]


def _theme_source(exclude: tuple[str, ...], terms: tuple[str, ...], *, engine: Engine) -> str:
    """One alternation of exclusions then terms (each longest first) between word boundaries, ignoring case."""
    boundary = _BOUNDARY[engine]
    return rf"(?i){boundary}(?:" + "|".join(_alternation(exclude) + _alternation(terms)) + rf"){boundary}"


@dataclass(frozen=True)
class Theme:
    """One theme of the taxonomy and its matching rules.

    Attributes:
        id: Stable snake_case id, used in ``paragraph_themes.theme_id``.
        label: Short human-readable name.
        description: What the theme covers and where its boundaries are.
        characteristics: Ids of the ASCC Blueprint 2025 characteristics the theme belongs to.
        sectors: Sector names of the bodies registry that the theme maps to.
        terms: Words and phrases that signal the theme (see the YAML header for the syntax).
        exclude: Longer phrases in which a term does not signal the theme.
        min_hits: Hits a paragraph needs to be tagged.
    """

    id: str
    label: str
    description: str
    characteristics: tuple[str, ...]
    sectors: tuple[str, ...]
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    min_hits: int = 1

    @cached_property
    def pattern(self) -> str:
        """The theme's expression for polars: exclusions, then terms, each longest first, between word boundaries."""
        return _theme_source(self.exclude, self.terms, engine="polars")

    @cached_property
    def exclude_pattern(self) -> str | None:
        """An expression that matches a whole hit exactly when it is an exclusion; None without exclusions."""
        if not self.exclude:
            return None
        return r"(?i)^(?:" + "|".join(_alternation(self.exclude)) + r")$"

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The same expression as :attr:`pattern`, compiled by Python's :mod:`re`."""
        return re.compile(_theme_source(self.exclude, self.terms, engine="python"), _PYTHON_FLAGS)

    @cached_property
    def exclude_regex(self) -> re.Pattern[str] | None:
        """:attr:`exclude_pattern`, compiled by Python's :mod:`re`."""
        return None if self.exclude_pattern is None else re.compile(self.exclude_pattern, _PYTHON_FLAGS)

    @cached_property
    def term_regexes(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """Each term with its own full-match expression, in the order the alternation tries them."""
        ordered = sorted(self.terms, key=lambda term: (-len(term), term))
        return tuple((term, re.compile(r"(?i)(?:" + term_to_regex(term) + r")", _PYTHON_FLAGS)) for term in ordered)

    def rule_for(self, hit: str) -> str:
        """The term that produced a hit (the first term, in alternation order, matching the whole hit)."""
        for term, regex in self.term_regexes:
            if regex.fullmatch(hit):
                return term
        raise ValueError(f"theme {self.id!r}: no term matches the hit {hit!r}")  # pragma: no cover - by design


@dataclass(frozen=True)
class Taxonomy:
    """The themes, in file order.

    Attributes:
        themes: The themes.
        characteristics: ``(id, label)`` of every Blueprint characteristic the file declares.
    """

    themes: tuple[Theme, ...]
    characteristics: tuple[tuple[str, str], ...] = ()

    def get(self, theme_id: str) -> Theme:
        """The theme with this id.

        Raises:
            ThemeError: No theme has this id (the message lists the ids there are).
        """
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        known = ", ".join(theme.id for theme in self.themes)
        raise ThemeError(f"unknown theme id {theme_id!r}; known themes: {known}")

    @property
    def ids(self) -> tuple[str, ...]:
        """Theme ids in file order."""
        return tuple(theme.id for theme in self.themes)


# --- loading and validation -------------------------------------------------------------------------------------


def _string_list(value: Any, *, where: str, field: str, allow_empty: bool) -> tuple[str, ...]:
    if value is None and allow_empty:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ThemeError(f"{where}: {field!r} must be a list of non-empty strings, got {value!r}")
    if not value and not allow_empty:
        raise ThemeError(f"{where}: {field!r} is empty; give at least one entry")
    return tuple(" ".join(item.split()) for item in value)


def _check_term(term: str, *, where: str, field: str) -> None:
    bad_words = [word for word in term.split() if not _WORD.fullmatch(word)]
    if bad_words:
        raise ThemeError(
            f"{where}: {field} entry {term!r} is not a valid term (bad word {bad_words[0]!r}); terms hold ASCII "
            "letters, digits, spaces, hyphens and apostrophes, each word starts and ends with a letter or digit, and "
            "`*` is allowed only at the end of a word"
        )


def _parse_theme(data: Any, *, source: str, index: int, characteristic_ids: set[str]) -> Theme:
    if not isinstance(data, dict):
        raise ThemeError(f"{source}: theme #{index + 1} must be a mapping of fields, got {data!r}")
    theme_id = data.get("id")
    if not isinstance(theme_id, str) or not _ID.fullmatch(theme_id):
        raise ThemeError(f"{source}: theme #{index + 1} has id {theme_id!r}; ids are snake_case such as 'care_economy'")
    where = f"{source}: theme {theme_id!r}"
    unknown = sorted(set(data) - set(_THEME_FIELDS))
    if unknown:
        raise ThemeError(f"{where}: unknown field(s) {unknown}; fields are {', '.join(_THEME_FIELDS)}")
    missing = [name for name in _REQUIRED_FIELDS if data.get(name) is None]
    if missing:
        raise ThemeError(f"{where}: missing field(s) {missing}; every theme needs {', '.join(_REQUIRED_FIELDS)}")
    for name in ("label", "description"):
        if not isinstance(data[name], str) or not data[name].strip():
            raise ThemeError(f"{where}: {name!r} must be a non-empty string, got {data[name]!r}")
    characteristics = _string_list(data["characteristics"], where=where, field="characteristics", allow_empty=False)
    unknown_characteristics = [value for value in characteristics if value not in characteristic_ids]
    if unknown_characteristics:
        raise ThemeError(
            f"{where}: unknown characteristic(s) {unknown_characteristics}; "
            f"declared characteristics: {', '.join(sorted(characteristic_ids)) or '(none)'}"
        )
    sectors = _string_list(data["sectors"], where=where, field="sectors", allow_empty=False)
    terms = _string_list(data["terms"], where=where, field="terms", allow_empty=False)
    exclude = _string_list(data.get("exclude"), where=where, field="exclude", allow_empty=True)
    for field, values in (("terms", terms), ("exclude", exclude)):
        for value in values:
            _check_term(value, where=where, field=field)
        folded = [value.casefold() for value in values]
        duplicates = sorted({value for value in folded if folded.count(value) > 1})
        if duplicates:
            raise ThemeError(f"{where}: {field} listed more than once: {duplicates}; list each once")
    both = sorted({term.casefold() for term in terms} & {value.casefold() for value in exclude})
    if both:
        raise ThemeError(f"{where}: {both} both a term and an exclusion; an exclusion must be a longer phrase")
    min_hits = data.get("min_hits", 1)
    if isinstance(min_hits, bool) or not isinstance(min_hits, int) or min_hits < 1:
        raise ThemeError(f"{where}: min_hits must be a whole number >= 1, got {min_hits!r}")
    theme = Theme(
        id=theme_id,
        label=data["label"].strip(),
        description=" ".join(data["description"].split()),
        characteristics=characteristics,
        sectors=sectors,
        terms=terms,
        exclude=exclude,
        min_hits=min_hits,
    )
    term_only = re.compile(_theme_source((), terms, engine="python"), _PYTHON_FLAGS)
    idle = [value for value in exclude if not term_only.search(value.replace("*", ""))]
    if idle:
        raise ThemeError(
            f"{where}: exclusion(s) {idle} contain none of the theme's terms, so they could never suppress a hit; "
            "an exclusion is a longer phrase around a term"
        )
    return theme


def _parse_characteristics(value: Any, *, source: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(label, str) and label.strip() for key, label in value.items()
    ):
        raise ThemeError(f"{source}: 'characteristics' must map ids to labels (id: \"label\"), got {value!r}")
    bad = [key for key in value if not _ID.fullmatch(key)]
    if bad:
        raise ThemeError(f"{source}: characteristic id(s) {bad} are not snake_case")
    return {key: " ".join(label.split()) for key, label in value.items()}


def _parse_taxonomy(data: Any, *, source: str) -> Taxonomy:
    if not isinstance(data, dict):
        raise ThemeError(f"{source}: the file must be a mapping with a 'themes' list, got {type(data).__name__}")
    unknown = sorted(set(data) - {"extends", "characteristics", "themes"})
    if unknown:
        raise ThemeError(f"{source}: unknown top-level key(s) {unknown}; keys are extends, characteristics, themes")
    extends = data.get("extends")
    if extends not in (None, "default"):
        raise ThemeError(f"{source}: extends is {extends!r}; the only accepted value is 'default'")
    base = _default_taxonomy() if extends == "default" else Taxonomy(themes=())
    characteristics = dict(base.characteristics) | _parse_characteristics(data.get("characteristics"), source=source)
    raw_themes = data.get("themes")
    if not isinstance(raw_themes, list) or not raw_themes:
        raise ThemeError(f"{source}: 'themes' must be a non-empty list of themes, got {raw_themes!r}")
    themes = [
        _parse_theme(item, source=source, index=index, characteristic_ids=set(characteristics))
        for index, item in enumerate(raw_themes)
    ]
    ids = [theme.id for theme in themes]
    duplicates = sorted({theme_id for theme_id in ids if ids.count(theme_id) > 1})
    if duplicates:
        raise ThemeError(f"{source}: theme id(s) {duplicates} defined more than once; ids must be unique")
    by_id = {theme.id: theme for theme in themes}
    merged = [by_id.pop(theme.id, theme) for theme in base.themes] + list(by_id.values())
    return Taxonomy(themes=tuple(merged), characteristics=tuple(characteristics.items()))


def _read_yaml(text: str, *, source: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ThemeError(f"{source}: not valid YAML: {error}") from error


@cache
def _default_taxonomy() -> Taxonomy:
    resource = resources.files("ascc_analysis").joinpath("resources", THEMES_RESOURCE)
    source = f"{THEMES_RESOURCE} (package resource)"
    return _parse_taxonomy(_read_yaml(resource.read_text(encoding="utf-8"), source=source), source=source)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read and validate a theme taxonomy.

    Args:
        path: A taxonomy YAML file; None for the shipped ``resources/themes.yaml``. A file with
            ``extends: default`` adds its themes to the shipped ones (a theme with a shipped id replaces it).

    Returns:
        The taxonomy, themes in file order.

    Raises:
        ThemeError: The file is missing or not YAML, or breaks a rule; the message names the file, the theme and
            the problem.
    """
    if path is None:
        return _default_taxonomy()
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ThemeError(f"{source}: cannot read the taxonomy file ({error.strerror or error})") from error
    taxonomy = _parse_taxonomy(_read_yaml(text, source=source), source=source)
    log.debug("loaded %d themes from %s", len(taxonomy.themes), source)
    return taxonomy


# --- tagging ----------------------------------------------------------------------------------------------------


def _require_columns(frame: pl.DataFrame, columns: tuple[str, ...], *, name: str, caller: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise SchemaError(f"{name}: missing column(s) {missing}; {caller} needs {', '.join(columns)}")


def _hits_expr(theme: Theme) -> pl.Expr:
    """The list of hits (lower-cased, spaces collapsed) of one theme in ``text``."""
    hits = pl.col("text").str.extract_all(theme.pattern)
    if theme.exclude_pattern is not None:
        exclude_pattern = theme.exclude_pattern
        hits = hits.list.eval(pl.element().filter(~pl.element().str.contains(exclude_pattern)))
    return hits.list.eval(pl.element().str.to_lowercase().str.replace_all(r"\s+", " "))


def tag_paragraphs(paragraphs: pl.DataFrame, *, taxonomy: Taxonomy | None = None) -> pl.DataFrame:
    """Tag paragraphs with themes.

    Uses rows with ``level != "sub_item"`` (a paragraph's text includes its sub-items). For each theme, the hits
    are the matches of its terms that are not inside an exclusion; a paragraph is tagged when
    ``n_hits >= min_hits``.

    Args:
        paragraphs: The ``paragraphs`` table (at least ``doc_id``, ``para_id``, ``level``, ``text``).
        taxonomy: The themes; None for the shipped taxonomy.

    Returns:
        The ``paragraph_themes`` table: one row per tagged (paragraph, theme), ``n_hits`` the number of hits and
        ``matched_terms`` the distinct hits as written, lower-cased and with spaces collapsed, sorted.

    Raises:
        SchemaError: ``paragraphs`` lacks one of the columns above.
    """
    _require_columns(paragraphs, _PARAGRAPH_COLUMNS, name="paragraphs", caller="tag_paragraphs")
    taxonomy = taxonomy if taxonomy is not None else _default_taxonomy()
    if not taxonomy.themes:
        return PARAGRAPH_THEMES.empty()
    base = paragraphs.lazy().filter(pl.col("level") != "sub_item").select("doc_id", "para_id", "text")
    per_theme = [
        base.select(
            "doc_id",
            "para_id",
            pl.lit(theme.id, dtype=pl.String()).alias("theme_id"),
            _hits_expr(theme).alias("hits"),
        )
        .with_columns(pl.col("hits").list.len().cast(pl.Int32()).alias("n_hits"))
        .filter(pl.col("n_hits") >= theme.min_hits)
        .select(
            "doc_id", "para_id", "theme_id", "n_hits", pl.col("hits").list.unique().list.sort().alias("matched_terms")
        )
        for theme in taxonomy.themes
    ]
    tags = pl.concat(per_theme).collect()
    log.debug("tagged %d paragraph-theme pairs over %d themes", tags.height, len(taxonomy.themes))
    return validate(tags, PARAGRAPH_THEMES)


def explain_tags(paragraph_text: str, *, taxonomy: Taxonomy | None = None) -> pl.DataFrame:
    """Every hit of every theme in one paragraph, with offsets, so that a reader can see why it was tagged.

    Args:
        paragraph_text: The text of one paragraph.
        taxonomy: The themes; None for the shipped taxonomy.

    Returns:
        Columns ``theme_id``, ``term`` (the words as written, ``paragraph_text[start:end]``), ``start``, ``end``
        (character offsets) and ``rule`` (the taxonomy term that fired), sorted by ``start``, ``end``, ``theme_id``.
        Matches inside exclusions are not listed. A theme with fewer hits than its ``min_hits`` is listed but not
        tagged by :func:`tag_paragraphs`.
    """
    taxonomy = taxonomy if taxonomy is not None else _default_taxonomy()
    rows: list[dict[str, object]] = []
    for theme in taxonomy.themes:
        for match in theme.regex.finditer(paragraph_text):
            hit = match.group()
            if theme.exclude_regex is not None and theme.exclude_regex.match(hit):
                continue
            rows.append(
                {
                    "theme_id": theme.id,
                    "term": hit,
                    "start": match.start(),
                    "end": match.end(),
                    "rule": theme.rule_for(hit),
                }
            )
    return pl.DataFrame(rows, schema=EXPLAIN_SCHEMA).sort("start", "end", "theme_id")


def themes_frame(taxonomy: Taxonomy) -> pl.DataFrame:
    """The taxonomy as a table, one row per theme, sorted by ``theme_id`` (for reports and for joining).

    Args:
        taxonomy: The themes.

    Returns:
        Columns ``theme_id``, ``label``, ``description``, ``characteristics``, ``sectors``, ``terms``, ``exclude``
        (lists of strings) and ``min_hits``.
    """
    rows: list[Mapping[str, object]] = [
        {
            "theme_id": theme.id,
            "label": theme.label,
            "description": theme.description,
            "characteristics": list(theme.characteristics),
            "sectors": list(theme.sectors),
            "terms": list(theme.terms),
            "exclude": list(theme.exclude),
            "min_hits": theme.min_hits,
        }
        for theme in taxonomy.themes
    ]
    return pl.DataFrame(rows, schema=THEMES_FRAME_SCHEMA).sort("theme_id")
