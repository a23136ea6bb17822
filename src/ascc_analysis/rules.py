"""Drafting rules as data: read and check the YAML rule files in ``resources/``.

Shared ground for the ingest and extract stages. A drafting rule that is a list of words or phrasings — the openings
that name a meeting, chair and venue phrasings, status verbs, title head words, stop words — lives in a YAML file
beside the bodies registry (``resources/*.yaml``), where a researcher can read and extend it; the code keeps the
mechanism. This module gives every such file the same treatment: read once per modification time, checked against
the keys the caller expects, and every value validated with a message that names the file, the key and what would
be accepted.

Typical use in a stage module::

    raw = read_rules(resource_path("metadata.yaml"), keys=METADATA_KEYS, what="metadata rules")
    chair_phrases = patterns(raw["chair_phrases"], path=path, key="chair_phrases")
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, cast

import yaml

from ascc_analysis.errors import AsccError

__all__ = [
    "RulesError",
    "compile_pattern",
    "patterns",
    "read_rules",
    "resource_path",
    "words",
]


class RulesError(AsccError):
    """A rules file is missing, unreadable or invalid (the message names the file, the key and the problem)."""


def resource_path(name: str) -> Path:
    """Path of a shipped rules file, ``ascc_analysis/resources/<name>``."""
    return Path(str(resources.files("ascc_analysis").joinpath("resources", name)))


_CACHE: dict[tuple[str, frozenset[str]], tuple[float, dict[str, Any]]] = {}


def read_rules(path: Path, *, keys: Iterable[str], what: str, optional: Iterable[str] = ()) -> dict[str, Any]:
    """Read a YAML rules file whose top level is a mapping with exactly ``keys`` (plus any of ``optional``).

    The parsed mapping is cached per path and modification time, so a stage can call this on every use and an edited
    file is read again.

    Args:
        path: The YAML file.
        keys: The keys the file must have.
        what: What the file holds, for messages ("instrument rules").
        optional: Keys the file may have.

    Returns:
        The top-level mapping (a fresh shallow copy; do not rely on mutating it).

    Raises:
        RulesError: The file cannot be read, is not YAML, is not a mapping, or lacks or adds a key.
    """
    required = frozenset(keys)
    accepted = required | frozenset(optional)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the {what} ({exc.strerror or exc})") from exc
    cache_key = (str(path), accepted)
    cached = _CACHE.get(cache_key)
    if cached is not None and cached[0] == mtime:
        return dict(cached[1])
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the {what} ({exc.strerror or exc})") from exc
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(loaded, dict):
        raise RulesError(f"{path}: expected a mapping with keys {sorted(required)}, got {type(loaded).__name__}")
    unknown = sorted(set(loaded) - accepted)
    missing = sorted(required - set(loaded))
    if unknown or missing:
        raise RulesError(f"{path}: unknown key(s) {unknown}, missing key(s) {missing}; accepted: {sorted(accepted)}")
    mapping = cast(dict[str, Any], loaded)
    _CACHE[cache_key] = (mtime, mapping)
    return dict(mapping)


def words(value: Any, *, path: Path, key: str) -> frozenset[str]:
    """A list of non-empty strings, as a frozen set.

    Raises:
        RulesError: ``value`` is not a list of non-empty strings.
    """
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise RulesError(f"{path}: {key} must be a list of non-empty strings, got {value!r}")
    return frozenset(cast(list[str], value))


def compile_pattern(pattern: Any, *, path: Path, where: str, flags: int = 0) -> re.Pattern[str]:
    """Compile one regular expression from a rules file.

    Raises:
        RulesError: ``pattern`` is not a non-empty string or not a valid regular expression.
    """
    if not isinstance(pattern, str) or not pattern:
        raise RulesError(f"{path}: {where}: a non-empty regular expression is required, got {pattern!r}")
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise RulesError(f"{path}: {where}: invalid regular expression {pattern!r} ({exc})") from exc


def patterns(value: Any, *, path: Path, key: str, flags: int = 0) -> tuple[re.Pattern[str], ...]:
    """A non-empty list of regular expressions, compiled in file order.

    Raises:
        RulesError: ``value`` is not a non-empty list, or an entry is not a valid regular expression.
    """
    if not isinstance(value, list) or not value:
        raise RulesError(f"{path}: {key} must be a non-empty list of regular expressions, got {value!r}")
    return tuple(
        compile_pattern(entry, path=path, where=f"{key} entry #{index}", flags=flags)
        for index, entry in enumerate(value, start=1)
    )
