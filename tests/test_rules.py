"""Tests for ascc_analysis.rules: reading and checking YAML rule files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ascc_analysis.rules import RulesError, patterns, read_rules, resource_path, words


def test_read_rules_returns_the_mapping_and_rereads_an_edited_file(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("openers: [We, The Ministers]\n")
    assert read_rules(path, keys=["openers"], what="test rules") == {"openers": ["We", "The Ministers"]}
    path.write_text("openers: [The Meeting]\n")
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 5))
    assert read_rules(path, keys=["openers"], what="test rules") == {"openers": ["The Meeting"]}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "expected a mapping"),
        ("openers: [a]\nextra: 1\n", "unknown key(s) ['extra']"),
        ("other: 1\n", "missing key(s) ['openers']"),
        ("openers: [a\n", "not valid YAML"),
    ],
)
def test_read_rules_names_the_file_and_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(RulesError) as info:
        read_rules(path, keys=["openers"], what="test rules")
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_a_missing_rules_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read the test rules"):
        read_rules(tmp_path / "absent.yaml", keys=["a"], what="test rules")


def test_optional_keys_may_be_left_out(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("a: 1\n")
    assert read_rules(path, keys=["a"], optional=["b"], what="test rules") == {"a": 1}


def test_words_and_patterns_validate_their_values(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    assert words(["and", "or"], path=path, key="k") == frozenset({"and", "or"})
    with pytest.raises(RulesError, match="k must be a list of non-empty strings"):
        words(["and", ""], path=path, key="k")
    compiled = patterns([r"\bheld\b", "met"], path=path, key="p")
    assert [p.pattern for p in compiled] == [r"\bheld\b", "met"]
    with pytest.raises(RulesError, match=r"p entry #2: invalid regular expression"):
        patterns(["ok", "(unclosed"], path=path, key="p")


def test_resource_path_points_into_the_package() -> None:
    assert resource_path("bodies.yaml").is_file()
