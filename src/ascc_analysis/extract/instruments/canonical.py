"""Instrument extraction: canonical instruments.

Reads ``instrument_mentions`` rows (optionally with the ``acronym`` column that
:func:`~ascc_analysis.extract.instruments.mentions.extract_instrument_mentions` keeps on request) and returns the
``instruments`` table and the mentions with ``instrument_id`` set (:data:`~ascc_analysis.schemas.INSTRUMENTS`,
:data:`~ascc_analysis.schemas.INSTRUMENT_MENTIONS`): the titles of one type are merged by their
:func:`~ascc_analysis.extract.instruments.keys.title_key` and the guarded rules of :func:`canonicalise_instruments`.
Also holds the column check that the package's table functions share.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl
from rapidfuzz import fuzz

from ascc_analysis.errors import SchemaError
from ascc_analysis.extract.instruments.keys import _key_words, instrument_id, title_key
from ascc_analysis.extract.instruments.rules import InstrumentRules, load_instrument_rules
from ascc_analysis.extract.instruments.tokens import (
    _acronym_like,
    _initial_words,
    _initials_match,
    _internal_acronyms,
)
from ascc_analysis.schemas import INSTRUMENT_MENTIONS, INSTRUMENTS, validate

logger = logging.getLogger(__name__)

__all__ = ["canonicalise_instruments"]

_MENTION_COLUMNS = ("doc_id", "para_id", "instrument_id", "title_text", "instrument_type", "char_start", "char_end")
_DEFAULT_MIN_RATIO = 95.0
_YEAR_SUFFIX_RE = re.compile(r"(?:\s+\d{4}(?:\s+\d{2,4})?)+$")
_NUMBER_TOKEN_RE = re.compile(r"\d+(?:st|nd|rd|th)?")
_SUBJECT_RE = re.compile(r"\b(?:on|for|of|to|towards)\b\s+(?:the\s+)?(.*)$")


def _check_columns(frame: pl.DataFrame, columns: Sequence[str], *, name: str, purpose: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise SchemaError(f"{name}: missing column(s) {missing} needed for {purpose}; required: {list(columns)}")


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, left: str, right: str) -> None:
        a, b = self.find(left), self.find(right)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _numbers(key: str) -> frozenset[str]:
    return frozenset(_NUMBER_TOKEN_RE.findall(key))


def _content(key: str) -> list[str]:
    slug_stop = _key_words().slug_stop
    return [word for word in key.split() if word not in slug_stop]


def _spelling_only(left: str, right: str) -> bool:
    """Every content word one key has and the other lacks is a spelling variant of one the other has."""
    a, b = _content(left), _content(right)
    only_a = [w for w in a if w not in b]
    only_b = [w for w in b if w not in a]
    if not only_a and not only_b:
        return True
    if not only_a or not only_b:
        return "".join(a) == "".join(b)  # "well being" / "wellbeing"
    return all(any(fuzz.ratio(w, v) >= 80 for v in only_b) for w in only_a) and all(
        any(fuzz.ratio(v, w) >= 80 for w in only_a) for v in only_b
    )


def _strip_asean(key: str) -> str:
    return key[len("asean ") :] if key.startswith("asean ") else key


def _year_suffix(key: str) -> str | None:
    match = _YEAR_SUFFIX_RE.search(key)
    return match.group(0).strip() if match else None


def _short_subject(key: str, kind: str, heads: Mapping[str, str]) -> str | None:
    """For a short title "<subject> <head>" without a complement ("skills recognition roadmap"), the subject."""
    words = _strip_asean(key).split()
    if len(words) < 3 or any(word in _key_words().stop for word in words):
        return None
    head_words = {title_key(head) for head, head_kind in heads.items() if head_kind == kind}
    for size in (3, 2, 1):
        if len(words) > size and " ".join(words[-size:]) in head_words:
            return " ".join(words[:-size])
    return None


def canonicalise_instruments(
    mentions: pl.DataFrame,
    *,
    min_ratio: float = _DEFAULT_MIN_RATIO,
    rules: InstrumentRules | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Group the mentions of each instrument and give each group a stable id.

    Mentions are merged when their :func:`title_key` (with acronyms defined inside titles expanded) is the same;
    the same up to a leading "ASEAN"; the same up to a year suffix, resolved by the statement's year where titles of
    that name with a year suffix exist (a mention without the year joins the one whose range holds the statement's
    year, or whose single year, the end of a plan, is not before it and that the corpus names by then: "the ASCC
    Blueprint" of 2010 is not the Blueprint 2025; a mention that no such title fits stays apart), else when only one
    variant of that title has one; when
    one is the acronym another defines; when a short title "<subject> <head>" matches the one title of that
    type whose complement starts with that subject; or when they are close (``fuzz.ratio`` ≥ ``min_ratio``, or
    the same content words in another order) with the same type, the same numbers (years, ordinals, editions)
    and no differing word that is not a spelling variant. Titles with different years ("2021-2025",
    "2026-2030"), editions or subjects are never merged.

    Args:
        mentions: ``instrument_mentions`` rows (``instrument_id`` may be null). Mentions that already share an
            ``instrument_id`` stay together. An optional ``acronym`` column (from
            :func:`extract_instrument_mentions` with ``keep_acronym=True``) links bare acronyms to their
            instrument and fills ``instruments.acronym``.
        min_ratio: Lowest :func:`rapidfuzz.fuzz.ratio` (0-100) at which two titles are merged.
        rules: The extraction rules (head words, for short titles); ``None`` loads the shipped ones.

    Returns:
        ``(instruments, mentions)``: the ``instruments`` table (canonical title: the longest full form; variants:
        every distinct surface title) and the mentions with ``instrument_id`` set, both validated and sorted by
        their keys.

    Raises:
        SchemaError: A needed column is missing, or a result breaks its table's schema.
        ValueError: ``min_ratio`` is outside 0-100.
    """
    _check_columns(mentions, _MENTION_COLUMNS, name="instrument_mentions", purpose="canonicalisation")
    if not 0.0 <= min_ratio <= 100.0:
        raise ValueError(f"min_ratio must be a number from 0 to 100, got {min_ratio!r}")
    frame = mentions
    if "year" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Int32()).alias("year"))
    if "status" not in frame.columns:
        frame = frame.with_columns(pl.lit("referred").alias("status"))
    if "acronym" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String()).alias("acronym"))
    return _canonicalise(frame, min_ratio=min_ratio, rules=rules if rules is not None else load_instrument_rules())


def _canonicalise(
    frame: pl.DataFrame, *, min_ratio: float, rules: InstrumentRules
) -> tuple[pl.DataFrame, pl.DataFrame]:
    records = frame.select("title_text", "instrument_type", "instrument_id", "acronym", "year").rows(named=True)
    function_lower = frozenset(word.lower() for word in rules.function_words)
    expansions: dict[str, str] = {}
    for title in sorted({record["title_text"] for record in records}):
        for acronym, words in _internal_acronyms(title, function_lower):
            if acronym not in _key_words().never_expand:
                expansions.setdefault(acronym, words)
    # One key per distinct (type, title): tens of thousands of mentions share a few hundred titles.
    node_keys = {
        (kind, title): title_key(title, expansions=expansions)
        for kind, title in dict.fromkeys((record["instrument_type"], record["title_text"]) for record in records)
    }

    def title_node(record: Mapping[str, Any]) -> str:
        return f"{record['instrument_type']}|{node_keys[(record['instrument_type'], record['title_text'])]}"

    redirect, apart = _resolve_by_year(records, title_node)

    def node_of(record: Mapping[str, Any]) -> str:
        node = title_node(record)
        return redirect.get((node, record["year"]), node)

    nodes = sorted({node_of(record) for record in records})
    union = _UnionFind(nodes)
    seeded: dict[str, str] = {}
    for record in records:  # mentions that already share an id stay together
        if record["instrument_id"] is not None:
            node = node_of(record)
            union.union(seeded.setdefault(record["instrument_id"], node), node)
    _merge_acronyms(records, node_of, union)
    by_type: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        by_type[node.split("|", 1)[0]].append(node)
    for kind, group in sorted(by_type.items()):
        _merge_titles(kind, group, union, min_ratio=min_ratio, heads=rules.heads, apart=apart)
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for record in records:
        groups[union.find(node_of(record))].append(record)
    root_to_id: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for root, members in sorted(groups.items()):
        row = _instrument_row(members, expansions)
        root_to_id[root] = row["instrument_id"]
        rows.append(row)
    instruments = pl.DataFrame(rows, schema=INSTRUMENTS.schema, orient="row")
    ids = [root_to_id[union.find(node_of(record))] for record in records]
    mentions = frame.with_columns(pl.Series("instrument_id", ids, dtype=pl.String())).select(
        list(INSTRUMENT_MENTIONS.schema)
    )
    logger.info("canonicalised %d mentions into %d instruments", mentions.height, instruments.height)
    return validate(instruments, INSTRUMENTS), validate(mentions, INSTRUMENT_MENTIONS)


def _merge_acronyms(records: Sequence[Mapping[str, Any]], node_of: Any, union: _UnionFind) -> None:
    """A bare acronym joins the instrument of its type that defines it; two titles defining it are one."""
    defined: dict[tuple[str, str], set[str]] = defaultdict(set)
    for record in records:
        acronym = record["acronym"]
        if acronym and record["title_text"] != acronym:
            defined[(acronym, record["instrument_type"])].add(node_of(record))
    for (acronym, kind), defining in sorted(defined.items()):
        ordered = sorted(defining)
        for node in ordered[1:]:
            union.union(ordered[0], node)
        bare = f"{kind}|{title_key(acronym)}"
        if bare in union.parent:
            union.union(ordered[0], bare)


def _period(suffix: str) -> tuple[int, int | None]:
    """The years a title's year suffix names: ("2009 2015") → (2009, 2015); a single year ("2025"), the year a plan
    runs to → (2025, None)."""
    numbers = suffix.split()
    first = int(numbers[0])
    if len(numbers) == 1:
        return first, None
    last = int(numbers[1])
    return first, (first // 100 * 100 + last if last < 100 else last)


def _fits(suffix: str, year: int, first_year: int | None) -> bool:
    """Whether a statement of ``year`` can mean the title with ``suffix`` when it names the title without a year: a
    range must hold the year; a single year, the end of a plan, must not be before it, and the corpus must have named
    the numbered title by then (``first_year``: "the ASCC Blueprint" in 2010 is not the Blueprint 2025)."""
    start, end = _period(suffix)
    if end is not None:
        return start <= year <= end
    return (first_year is None or first_year <= year) and year <= start


def _resolve_by_year(
    records: Sequence[Mapping[str, Any]], title_node: Any
) -> tuple[dict[tuple[str, int | None], str], frozenset[str]]:
    """Resolve titles named without their year ("the ASCC Blueprint") by the statement's year, where titles of the
    same name with a year suffix exist ("ASCC Blueprint 2009-2015", "... 2025"): the one numbered title whose period
    fits (:func:`_fits`). Returns (title node, year) → numbered node, and the unnumbered nodes that some year fits
    no numbered title (or several): these are kept apart from the numbered ones."""
    years: dict[str, set[int]] = defaultdict(set)
    nodes: set[str] = set()
    for record in records:
        node = title_node(record)
        nodes.add(node)
        if record["year"] is not None:
            years[node].add(int(record["year"]))
    by_base: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node in sorted(nodes):
        kind, key = node.split("|", 1)
        by_base[(kind, _YEAR_SUFFIX_RE.sub("", _strip_asean(key)))].append(node)
    redirect: dict[tuple[str, int | None], str] = {}
    apart: set[str] = set()
    for (_kind, base), members in sorted(by_base.items()):
        suffixes = {node: _year_suffix(_strip_asean(node.split("|", 1)[1])) for node in members}
        numbered = [node for node in members if suffixes[node] is not None]
        if not base or not numbered:
            continue
        for node in members:
            if suffixes[node] is not None:
                continue
            for year in sorted(years[node]):
                fits = [
                    other
                    for other in numbered
                    if _fits(str(suffixes[other]), year, min(years[other]) if years[other] else None)
                ]
                if len(fits) == 1:
                    redirect[(node, year)] = fits[0]
                else:
                    apart.add(node)
    return redirect, frozenset(apart)


def _merge_titles(
    kind: str,
    group: Sequence[str],
    union: _UnionFind,
    *,
    min_ratio: float,
    heads: Mapping[str, str],
    apart: frozenset[str] = frozenset(),
) -> None:
    """Merge the titles of one type that name the same instrument (see :func:`canonicalise_instruments`)."""
    keys = {node: node.split("|", 1)[1] for node in group}
    bare = {node: _strip_asean(key) for node, key in keys.items()}
    # Up to a leading "ASEAN".
    by_bare: dict[str, list[str]] = defaultdict(list)
    for node in sorted(group):
        by_bare[bare[node]].append(node)
    for members in by_bare.values():
        for node in members[1:]:
            union.union(members[0], node)
    # Up to a year suffix that only one variant of the title has.
    by_base: dict[str, list[str]] = defaultdict(list)
    for node in sorted(group):
        by_base[_YEAR_SUFFIX_RE.sub("", bare[node])].append(node)
    for base, members in by_base.items():
        suffixes = {_year_suffix(bare[node]) for node in members}
        if base and None in suffixes and len(suffixes) == 2 and not apart.intersection(members):
            for node in members[1:]:
                union.union(members[0], node)
    # A short title "<subject> <head>" and the one title "<head> on <subject> ..." of this type.
    subjects = {node: match.group(1) for node in group if (match := _SUBJECT_RE.search(bare[node]))}
    for node in sorted(group):
        subject = _short_subject(keys[node], kind, heads)
        if subject is None:
            continue
        candidates = {
            union.find(other) for other, text in subjects.items() if text == subject or text.startswith(subject + " ")
        }
        if len(candidates) == 1:
            union.union(candidates.pop(), node)
    # Close titles: same numbers, only spelling differences or another word order.
    ordered = sorted(group)
    for index, left in enumerate(ordered):
        for right in ordered[index + 1 :]:
            if union.find(left) == union.find(right) or _numbers(bare[left]) != _numbers(bare[right]):
                continue
            same_words = sorted(_content(bare[left])) == sorted(_content(bare[right]))
            close = fuzz.ratio(bare[left], bare[right]) >= min_ratio and _spelling_only(bare[left], bare[right])
            if same_words or close:
                union.union(left, right)


def _instrument_row(members: Sequence[Mapping[str, Any]], expansions: Mapping[str, str]) -> dict[str, Any]:
    titles = [" ".join(m["title_text"].split()) for m in members]
    acronyms = Counter(m["acronym"] for m in members if m["acronym"])
    if not acronyms:  # no acronym column: a variant that is a bare acronym of another variant
        for variant in sorted(set(titles)):
            if (
                _acronym_like(variant)
                and " " not in variant
                and any(_initials_match(variant, _initial_words(other, _key_words().stop)) for other in titles)
            ):
                acronyms[variant] += titles.count(variant)
    acronym = min(acronyms, key=lambda a: (-acronyms[a], a)) if acronyms else None
    full = [title for title in titles if title != acronym] or titles
    counts = Counter(full)
    title = min(
        counts,
        key=lambda t: (-len(title_key(t, expansions=expansions)), -counts[t], -sum(c.isupper() for c in t), t),
    )
    kinds = Counter(m["instrument_type"] for m in members)
    kind = min(kinds, key=lambda k: (-kinds[k], k))
    years = [m["year"] for m in members if m["year"] is not None]
    return {
        "instrument_id": instrument_id(title, kind),
        "title": title,
        "acronym": acronym,
        "instrument_type": kind,
        "first_year": min(years) if years else None,
        "last_year": max(years) if years else None,
        "n_mentions": len(members),
        "variants": sorted(set(titles)),
    }
