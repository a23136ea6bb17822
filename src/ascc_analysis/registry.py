"""The bodies registry: every body of the ASCC pillar, its names, acronyms, officials and sectors.

Support module for the extraction stage (``body_mentions`` in :mod:`ascc_analysis.extract.mentions`, meeting bodies in
``documents``, instrument attribution). The registry is data, not code: it lives in the package resource
``resources/bodies.yaml``, which documents its own fields in its header.

Extending it:
    * Edit ``src/ascc_analysis/resources/bodies.yaml`` (add a body under ``bodies:``, or an alias or acronym to a
      body's lists).
    * Or keep your own file and pass it: ``load_registry(Path("my_bodies.yaml"))``. A file starting with
      ``extends: default`` holds only additions to the shipped registry (new bodies, sectors, generic phrases,
      ambiguous acronyms; a body whose id is already shipped replaces the shipped entry). A file without it is a
      complete registry.

Example:
    >>> registry = load_registry()
    >>> registry.get("ALMM").officials
    'SLOM'
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast, get_args

import polars as pl
import yaml

from ascc_analysis.errors import AsccError

logger = logging.getLogger(__name__)

BodyKind = Literal["council", "committee", "ministerial", "officials", "associated", "secretariat", "historical"]
BODY_KINDS: tuple[str, ...] = get_args(BodyKind)

DEFAULT_REGISTRY_NAME = "bodies.yaml"
_EXTENDS_DEFAULT = "default"
_BODY_KEYS = frozenset({"id", "name", "kind", "acronyms", "aliases", "parent", "officials", "sectors", "in_pillar"})
_TOP_KEYS = frozenset({"extends", "sectors", "generic", "ambiguous", "bodies"})


class RegistryError(AsccError):
    """The bodies registry file is missing, unreadable or invalid (the message names the file, body and problem)."""


@dataclass(frozen=True)
class Body:
    """One body of the ASCC pillar.

    Attributes:
        id: Stable id used in every table (usually the acronym): ``"ALMM"``, ``"AHA Centre"``.
        name: Official full name.
        kind: What sort of body it is.
        acronyms: Acronyms, matched case-sensitively as whole words.
        aliases: Other names seen in statements.
        parent: Id of the body it reports to, if any.
        officials: For a ministerial body, the id of its senior officials' body.
        sectors: Sectors it covers, from :attr:`Registry.sectors`.
        in_pillar: ``"current"``, a period such as ``"until 2015"``, or ``None`` for a body never in the pillar.
    """

    id: str
    name: str
    kind: BodyKind
    acronyms: tuple[str, ...]
    aliases: tuple[str, ...]
    parent: str | None
    officials: str | None
    sectors: tuple[str, ...]
    in_pillar: str | None


@dataclass(frozen=True)
class AcronymMeaning:
    """One thing an ambiguous acronym can stand for.

    Attributes:
        body_id: The registry body, or ``None`` for something outside the pillar (its mentions are dropped).
        name: Full name of a non-body meaning (``None`` for a body: its names come from the body).
        cues: Words that, found in the paragraph, point to this meaning.
    """

    body_id: str | None
    name: str | None
    cues: tuple[str, ...]


@dataclass(frozen=True)
class AmbiguousAcronym:
    """An acronym with more than one meaning, and how to resolve it (see :mod:`ascc_analysis.extract.mentions`).

    Attributes:
        acronym: The acronym as written.
        meanings: What it can stand for.
        default: Body id to use when the context does not decide; ``None`` drops the mention.
        note: Free-text explanation.
    """

    acronym: str
    meanings: tuple[AcronymMeaning, ...]
    default: str | None
    note: str = ""


@dataclass(frozen=True)
class Registry:
    """The bodies of the pillar, generic phrases for groups of bodies, and the sector vocabulary.

    Attributes:
        bodies: Every body, in file order.
        generic_patterns: Phrases that refer to a group of bodies (``"sectoral bodies"``).
        sectors: Controlled vocabulary of sectors.
        ambiguous: Acronyms that name more than one thing, with the rule to resolve them.
    """

    bodies: tuple[Body, ...]
    generic_patterns: tuple[str, ...]
    sectors: tuple[str, ...]
    ambiguous: tuple[AmbiguousAcronym, ...] = ()

    def get(self, body_id: str) -> Body:
        """The body with this id.

        Raises:
            KeyError: No body has this id; the message names it and the closest ids.
        """
        for body in self.bodies:
            if body.id == body_id:
                return body
        ids = [body.id for body in self.bodies]
        by_upper = {body_id_.upper(): body_id_ for body_id_ in ids}
        close = difflib.get_close_matches(body_id.upper(), list(by_upper), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(by_upper[c]) for c in close)}?" if close else ""
        raise KeyError(f"no body with id {body_id!r} in the registry{hint}")

    def by_sector(self, sector: str) -> tuple[Body, ...]:
        """Bodies that cover a sector, in registry order.

        Raises:
            KeyError: The sector is not in the vocabulary; the message lists the accepted sectors.
        """
        if sector not in self.sectors:
            raise KeyError(f"unknown sector {sector!r}; accepted: {', '.join(self.sectors)}")
        return tuple(body for body in self.bodies if sector in body.sectors)


def default_registry_path() -> Path:
    """Path of the shipped ``bodies.yaml`` package resource."""
    return Path(str(resources.files("ascc_analysis").joinpath("resources", DEFAULT_REGISTRY_NAME)))


def load_registry(path: Path | None = None) -> Registry:
    """Read and validate a bodies registry.

    Args:
        path: A registry YAML file; ``None`` reads the shipped one. A file with ``extends: default`` adds to (or
            replaces bodies of) the shipped registry.

    Returns:
        The validated registry.

    Raises:
        RegistryError: The file is missing or not YAML, or the registry is invalid: a duplicate id, a missing
            name, an unknown kind, parent, officials or sector, officials that do not name the body as parent, an
            acronym of two bodies without an ``ambiguous`` entry, a name or alias of two bodies, a malformed
            ``ambiguous`` entry.
    """
    source = path if path is not None else default_registry_path()
    raw = _read_yaml(source)
    extends = raw.get("extends")
    if extends is not None:
        if extends != _EXTENDS_DEFAULT:
            raise RegistryError(
                f"{source}: extends must be {_EXTENDS_DEFAULT!r} (the shipped registry), got {extends!r}"
            )
        base = _read_yaml(default_registry_path())
        raw = _merge(base, raw)
    registry = _build(raw, source)
    logger.debug("loaded %d bodies from %s", len(registry.bodies), source)
    return registry


def bodies_frame(registry: Registry) -> pl.DataFrame:
    """One row per body: id, name, kind, parent, officials, sectors, acronyms, aliases, in_pillar.

    Args:
        registry: The registry.

    Returns:
        A frame sorted by ``id``; list columns hold the body's sectors, acronyms and aliases.
    """
    schema = {
        "id": pl.String(),
        "name": pl.String(),
        "kind": pl.String(),
        "parent": pl.String(),
        "officials": pl.String(),
        "sectors": pl.List(pl.String()),
        "acronyms": pl.List(pl.String()),
        "aliases": pl.List(pl.String()),
        "in_pillar": pl.String(),
    }
    rows = [
        {
            "id": body.id,
            "name": body.name,
            "kind": body.kind,
            "parent": body.parent,
            "officials": body.officials,
            "sectors": list(body.sectors),
            "acronyms": list(body.acronyms),
            "aliases": list(body.aliases),
            "in_pillar": body.in_pillar,
        }
        for body in registry.bodies
    ]
    return pl.DataFrame(rows, schema=schema, orient="row").sort("id")


def name_key(name: str) -> str:
    """A name folded for comparison: case, apostrophes, hyphens, spacing and "Ministerial"/"Ministers'" ignored.

    Two names with the same key are matched by the same pattern in :mod:`ascc_analysis.extract.mentions`.
    """
    key = name.casefold().replace("’", "'").replace("'", "")
    key = re.sub(r"[-‐‑–\s]+", " ", key)
    key = re.sub(r"\bministerial meeting\b", "ministers meeting", key)
    key = re.sub(r"\bcenter\b", "centre", key)
    key = re.sub(r"\blabor\b", "labour", key)
    return key.strip()


# --- reading and validation ---------------------------------------------------------------------------------------


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the bodies registry ({exc.strerror or exc})") from exc
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(loaded, dict):
        raise RegistryError(f"{path}: expected a mapping with keys {sorted(_TOP_KEYS)}, got {type(loaded).__name__}")
    unknown = sorted(set(loaded) - _TOP_KEYS)
    if unknown:
        raise RegistryError(f"{path}: unknown top-level key(s) {unknown}; accepted: {sorted(_TOP_KEYS)}")
    return cast(dict[str, Any], loaded)


def _merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """The shipped registry with a user file's additions; user bodies replace shipped bodies of the same id."""
    extra_bodies = list(extra.get("bodies") or [])
    replaced = {entry.get("id") for entry in extra_bodies if isinstance(entry, dict)}
    bodies = [entry for entry in base.get("bodies") or [] if entry.get("id") not in replaced]
    extra_acronyms = {entry.get("acronym") for entry in extra.get("ambiguous") or [] if isinstance(entry, dict)}
    ambiguous = [entry for entry in base.get("ambiguous") or [] if entry.get("acronym") not in extra_acronyms]
    return {
        "sectors": _unique([*(base.get("sectors") or []), *(extra.get("sectors") or [])]),
        "generic": _unique([*(base.get("generic") or []), *(extra.get("generic") or [])]),
        "ambiguous": [*ambiguous, *(extra.get("ambiguous") or [])],
        "bodies": [*bodies, *extra_bodies],
    }


def _unique(items: Sequence[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


def _str_list(value: Any, *, source: Path, where: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RegistryError(f"{source}: {where}: {field} must be a list of non-empty strings, got {value!r}")
    return tuple(cast(list[str], value))


def _opt_str(value: Any, *, source: Path, where: str, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise RegistryError(f"{source}: {where}: {field} must be a non-empty string or null, got {value!r}")
    return value


def _build(raw: Mapping[str, Any], source: Path) -> Registry:
    sectors = _str_list(raw.get("sectors"), source=source, where="sectors", field="the sector list")
    if not sectors:
        raise RegistryError(f"{source}: the registry must list its sectors under 'sectors:'")
    generic = _str_list(raw.get("generic"), source=source, where="generic", field="the generic phrases")
    entries = raw.get("bodies")
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"{source}: the registry must list its bodies under 'bodies:'")
    bodies = tuple(_build_body(entry, index, sectors, source) for index, entry in enumerate(entries, start=1))
    ambiguous = _build_ambiguous(raw.get("ambiguous"), source)
    _check_references(bodies, ambiguous, source)
    return Registry(bodies=bodies, generic_patterns=generic, sectors=sectors, ambiguous=ambiguous)


def _build_body(entry: Any, index: int, sectors: tuple[str, ...], source: Path) -> Body:
    if not isinstance(entry, dict):
        raise RegistryError(f"{source}: body #{index} must be a mapping with keys {sorted(_BODY_KEYS)}")
    body_id = entry.get("id")
    if not isinstance(body_id, str) or not body_id.strip():
        raise RegistryError(f"{source}: body #{index} has no id (a non-empty string is required)")
    where = f"body {body_id!r}"
    unknown = sorted(set(entry) - _BODY_KEYS)
    if unknown:
        raise RegistryError(f"{source}: {where}: unknown key(s) {unknown}; accepted: {sorted(_BODY_KEYS)}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RegistryError(f"{source}: {where}: missing name (the body's official full name is required)")
    kind = entry.get("kind")
    if kind not in BODY_KINDS:
        raise RegistryError(f"{source}: {where}: unknown kind {kind!r}; accepted: {', '.join(BODY_KINDS)}")
    body_sectors = _str_list(entry.get("sectors"), source=source, where=where, field="sectors")
    bad = [sector for sector in body_sectors if sector not in sectors]
    if bad:
        raise RegistryError(f"{source}: {where}: unknown sector(s) {bad}; accepted: {', '.join(sectors)}")
    return Body(
        id=body_id,
        name=name,
        kind=cast(BodyKind, kind),
        acronyms=_str_list(entry.get("acronyms"), source=source, where=where, field="acronyms"),
        aliases=_str_list(entry.get("aliases"), source=source, where=where, field="aliases"),
        parent=_opt_str(entry.get("parent"), source=source, where=where, field="parent"),
        officials=_opt_str(entry.get("officials"), source=source, where=where, field="officials"),
        sectors=body_sectors,
        in_pillar=_opt_str(entry.get("in_pillar"), source=source, where=where, field="in_pillar"),
    )


def _build_ambiguous(value: Any, source: Path) -> tuple[AmbiguousAcronym, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise RegistryError(f"{source}: 'ambiguous' must be a list of entries with acronym, meanings, default")
    result: list[AmbiguousAcronym] = []
    for index, entry in enumerate(value, start=1):
        acronym = entry.get("acronym") if isinstance(entry, dict) else None
        if not isinstance(acronym, str) or not acronym:
            raise RegistryError(f"{source}: ambiguous entry #{index} has no acronym")
        where = f"ambiguous acronym {acronym!r}"
        raw_meanings = entry.get("meanings")
        if not isinstance(raw_meanings, list) or not raw_meanings:
            raise RegistryError(f"{source}: {where}: 'meanings' must be a non-empty list")
        meanings: list[AcronymMeaning] = []
        for meaning in raw_meanings:
            if not isinstance(meaning, dict) or "body" not in meaning:
                raise RegistryError(f"{source}: {where}: each meaning needs 'body' (an id, or null with a name)")
            body_id = _opt_str(meaning.get("body"), source=source, where=where, field="body")
            name = _opt_str(meaning.get("name"), source=source, where=where, field="name")
            if body_id is None and name is None:
                raise RegistryError(f"{source}: {where}: a meaning with body null needs the name of what it is")
            cues = _str_list(meaning.get("cues"), source=source, where=where, field="cues")
            meanings.append(AcronymMeaning(body_id=body_id, name=name, cues=cues))
        default = _opt_str(entry.get("default"), source=source, where=where, field="default")
        note = entry.get("note") or ""
        result.append(
            AmbiguousAcronym(acronym=acronym, meanings=tuple(meanings), default=default, note=str(note).strip())
        )
    return tuple(result)


def _check_references(bodies: tuple[Body, ...], ambiguous: tuple[AmbiguousAcronym, ...], source: Path) -> None:
    by_id: dict[str, Body] = {}
    for body in bodies:
        if body.id in by_id:
            raise RegistryError(f"{source}: body {body.id!r}: duplicate id (each id may appear once)")
        by_id[body.id] = body
    ids = ", ".join(sorted(by_id))
    for body in bodies:
        for field in ("parent", "officials"):
            ref = getattr(body, field)
            if ref is not None and ref not in by_id:
                raise RegistryError(f"{source}: body {body.id!r}: unknown {field} {ref!r}; known ids: {ids}")
        if body.officials is not None and by_id[body.officials].parent != body.id:
            raise RegistryError(
                f"{source}: body {body.id!r}: its officials {body.officials!r} must name it as parent "
                f"(parent is {by_id[body.officials].parent!r})"
            )
    key_to_owner: dict[str, str] = {}
    for body in bodies:
        for label in (body.name, *body.aliases):
            key = name_key(label)
            owner = key_to_owner.setdefault(key, body.id)
            if owner != body.id:
                raise RegistryError(f"{source}: body {body.id!r}: name or alias {label!r} is also used by {owner!r}")
    ambiguous_acronyms = {entry.acronym for entry in ambiguous}
    acronym_to_owner: dict[str, str] = {}
    for body in bodies:
        for acronym in body.acronyms:
            owner = acronym_to_owner.setdefault(acronym, body.id)
            if owner != body.id and acronym not in ambiguous_acronyms:
                raise RegistryError(
                    f"{source}: body {body.id!r}: acronym {acronym!r} is also used by {owner!r}; add an "
                    f"'ambiguous:' entry for {acronym!r} saying how to tell them apart"
                )
    for entry in ambiguous:
        for ref in (*(m.body_id for m in entry.meanings), entry.default):
            if ref is not None and ref not in by_id:
                raise RegistryError(
                    f"{source}: ambiguous acronym {entry.acronym!r}: unknown body {ref!r}; known ids: {ids}"
                )
        if entry.default is not None and entry.default not in {m.body_id for m in entry.meanings}:
            raise RegistryError(
                f"{source}: ambiguous acronym {entry.acronym!r}: default {entry.default!r} is not one of its meanings"
            )
