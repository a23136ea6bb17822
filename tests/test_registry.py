"""Tests of the bodies registry: the shipped YAML, its validation errors, user files and the bodies frame."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml
from polars.testing import assert_frame_equal

from ascc_analysis.errors import AsccError
from ascc_analysis.extract.mentions import find_body_mentions
from ascc_analysis.registry import (
    AcronymMeaning,
    AmbiguousAcronym,
    Body,
    Registry,
    RegistryError,
    bodies_frame,
    default_registry_path,
    load_registry,
    name_key,
)

# Bodies the task names explicitly; the shipped registry must hold every one.
EXPECTED_IDS = {
    "ASCC", "SOCA", "SOC-COM", "ASEC",
    "AMRI", "SOMRI", "AMCA", "SOMCA", "ASED", "SOM-ED", "AMMDM", "ACDM", "COP-AADMER",
    "AMME", "ASOEN", "COP-AATHP", "COM-AATHP",
    "AHMM", "SOMHD", "ALMM", "SLOM", "AMRDPE", "SOMRDPE", "AMMSWD", "SOMSWD", "AMMW", "ACW", "AMMY", "SOMY",
    "AMMS", "SOMS", "ACCSM",
    "ACWC", "ACMW", "AHA Centre", "ACB", "ACCC", "ACC THPC", "ACPHEED", "AUN", "ASEAN Foundation", "ATCSW", "ACAI",
    "AMMST", "COST",
}  # fmt: skip


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def _body(body_id: str, **fields: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": body_id, "name": f"Synthetic {body_id} Body", "kind": "committee", "sectors": ["a"]}
    entry.update(fields)
    return entry


def _write(tmp_path: Path, content: dict[str, Any] | str, name: str = "bodies.yaml") -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False), "utf-8")
    return path


def _minimal(*bodies: Any, **top: Any) -> dict[str, Any]:
    return {"sectors": ["a", "b"], "generic": ["synthetic bodies"], "bodies": list(bodies), **top}


# --- the shipped registry -----------------------------------------------------------------------------------------


def test_shipped_registry_loads_every_expected_body(registry: Registry) -> None:
    ids = [body.id for body in registry.bodies]
    assert len(ids) == len(set(ids)) == 46
    assert set(ids) >= EXPECTED_IDS
    assert default_registry_path().name == "bodies.yaml"
    assert default_registry_path().is_file()


def test_shipped_council_entry(registry: Registry) -> None:
    assert registry.get("ASCC") == Body(
        id="ASCC",
        name="ASEAN Socio-Cultural Community Council",
        kind="council",
        acronyms=("ASCC",),
        aliases=("ASCC Council", "ASEAN Socio-Cultural Community (ASCC) Council"),
        parent=None,
        officials="SOCA",
        sectors=("cross-sectoral",),
        in_pillar="current",
    )


def test_every_ministerial_body_has_its_officials_and_back(registry: Registry) -> None:
    ministerial = [body for body in registry.bodies if body.kind == "ministerial"]
    assert {body.id for body in ministerial} == {
        "AMRI", "AMCA", "ASED", "AMMDM", "COP-AADMER", "AMME", "COP-AATHP", "AHMM",
        "ALMM", "AMRDPE", "AMMSWD", "AMMW", "AMMY", "AMMS",
    }  # fmt: skip
    # The COP to AADMER has no officials' body of its own: the ACDM, which does its work, reports to the AMMDM.
    assert registry.get("COP-AADMER").officials is None
    assert registry.get("COP-AADMER").parent == "ASCC"
    for body in ministerial:
        if body.id == "COP-AADMER":
            continue
        assert body.officials is not None, body.id
        officials = registry.get(body.officials)
        assert officials.kind == "officials"
        assert officials.parent == body.id
        assert body.parent == "ASCC"
    for body in registry.bodies:
        if body.kind == "officials":
            assert body.parent is not None
            assert registry.get(body.parent).officials == body.id
    assert registry.get("ALMM").officials == "SLOM"
    assert registry.get("AMMW").officials == "ACW"
    assert registry.get("AMMST").officials == "COST"
    assert registry.get("COST").in_pillar == "until 2015"


def test_shipped_acronyms_are_unique_except_declared_ambiguities(registry: Registry) -> None:
    owners: dict[str, list[str]] = {}
    for body in registry.bodies:
        for acronym in body.acronyms:
            owners.setdefault(acronym, []).append(body.id)
    assert all(len(ids) == 1 for ids in owners.values())
    assert [entry.acronym for entry in registry.ambiguous] == ["ACCC", "ASCC"]
    accc = registry.ambiguous[0]
    assert accc.default == "ACCC"
    assert [(m.body_id, m.name) for m in accc.meanings] == [
        ("ACCC", None),
        (None, "ASEAN Connectivity Coordinating Committee"),
    ]
    assert registry.ambiguous[1] == AmbiguousAcronym(
        acronym="ASCC",
        meanings=(AcronymMeaning(body_id=None, name="ASEAN Socio-Cultural Community", cues=()),),
        default=None,
        note=registry.ambiguous[1].note,
    )


def test_shipped_generic_patterns_and_sectors(registry: Registry) -> None:
    assert {"sectoral bodies", "ASCC Sectoral Ministerial Bodies", "relevant sectoral bodies"} <= set(
        registry.generic_patterns
    )
    assert "sectoral ministerial bodies" in registry.generic_patterns
    assert registry.sectors[0] == "cross-sectoral"
    assert len(registry.sectors) == len(set(registry.sectors))
    for body in registry.bodies:
        assert body.sectors, body.id
        assert set(body.sectors) <= set(registry.sectors)


def test_labour_aliases_cover_the_apostrophe_variants(registry: Registry) -> None:
    almm = registry.get("ALMM")
    labels = {almm.name, *almm.aliases}
    assert labels == {
        "ASEAN Labour Ministers Meeting",
        "ASEAN Labour Ministers' Meeting",
        "ASEAN Labour Ministerial Meeting",
    }
    assert {name_key(label) for label in labels} == {"asean labour ministers meeting"}


def test_name_key_folds_spelling_variants() -> None:
    assert name_key("ASEAN  Socio-Cultural\nCommunity") == "asean socio cultural community"
    assert name_key("AHA Center") == name_key("AHA Centre") == "aha centre"
    assert name_key("ASEAN Labor Ministers’ Meeting") == "asean labour ministers meeting"


def test_get_unknown_id_names_it_and_a_close_match(registry: Registry) -> None:
    with pytest.raises(KeyError, match=r"'almm'.*did you mean 'ALMM'"):
        registry.get("almm")
    with pytest.raises(KeyError, match=r"no body with id 'ZZZZZZZZ' in the registry\"?$"):
        registry.get("ZZZZZZZZ")


def test_by_sector(registry: Registry) -> None:
    assert [body.id for body in registry.by_sector("health")] == ["AHMM", "SOMHD", "ACPHEED"]
    assert [body.id for body in registry.by_sector("haze")] == ["COP-AATHP", "COM-AATHP", "ACC THPC"]
    assert [body.id for body in registry.by_sector("science")] == ["AMMST", "COST"]
    with pytest.raises(KeyError, match=r"unknown sector 'astronomy'; accepted: cross-sectoral, information"):
        registry.by_sector("astronomy")


def test_bodies_frame(registry: Registry) -> None:
    frame = bodies_frame(registry)
    assert frame.height == len(registry.bodies)
    assert frame.get_column("id").to_list() == sorted(body.id for body in registry.bodies)
    expected = pl.DataFrame(
        {
            "id": ["ALMM", "SLOM"],
            "name": ["ASEAN Labour Ministers Meeting", "Senior Labour Officials Meeting"],
            "kind": ["ministerial", "officials"],
            "parent": ["ASCC", "ALMM"],
            "officials": ["SLOM", None],
            "sectors": [["labour", "migrant workers", "human resource development", "social security"]] * 2,
            "acronyms": [["ALMM"], ["SLOM"]],
            "aliases": [
                ["ASEAN Labour Ministers' Meeting", "ASEAN Labour Ministerial Meeting"],
                ["ASEAN Senior Labour Officials Meeting"],
            ],
            "in_pillar": ["current", "current"],
        },
        schema={
            "id": pl.String(),
            "name": pl.String(),
            "kind": pl.String(),
            "parent": pl.String(),
            "officials": pl.String(),
            "sectors": pl.List(pl.String()),
            "acronyms": pl.List(pl.String()),
            "aliases": pl.List(pl.String()),
            "in_pillar": pl.String(),
        },
    )
    assert_frame_equal(frame.filter(pl.col("id").is_in(["ALMM", "SLOM"])), expected)


def test_bodies_frame_of_a_registry_without_bodies() -> None:
    frame = bodies_frame(Registry(bodies=(), generic_patterns=(), sectors=("a",)))
    assert frame.height == 0
    assert frame.columns == ["id", "name", "kind", "parent", "officials", "sectors", "acronyms", "aliases", "in_pillar"]


# --- user files ---------------------------------------------------------------------------------------------------


def test_complete_user_registry(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _minimal(
            _body("SYN-M", kind="ministerial", officials="SYN-O", acronyms=["SYNM"], sectors=["a", "b"]),
            _body("SYN-O", kind="officials", parent="SYN-M", aliases=["Synthetic Officials"]),
        ),
    )
    registry = load_registry(path)
    assert [body.id for body in registry.bodies] == ["SYN-M", "SYN-O"]
    assert registry.sectors == ("a", "b")
    assert registry.generic_patterns == ("synthetic bodies",)
    assert registry.ambiguous == ()
    assert registry.get("SYN-O") == Body(
        id="SYN-O",
        name="Synthetic SYN-O Body",
        kind="officials",
        acronyms=(),
        aliases=("Synthetic Officials",),
        parent="SYN-M",
        officials=None,
        sectors=("a",),
        in_pillar=None,
    )
    assert [body.id for body in registry.by_sector("b")] == ["SYN-M"]


def test_user_file_extending_the_shipped_registry_adds_and_replaces_bodies(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        {
            "extends": "default",
            "sectors": ["oceans"],
            "generic": ["synthetic sectoral groupings"],
            "bodies": [
                {
                    "id": "SYNOC",
                    "name": "Synthetic ASEAN Ocean Centre",
                    "kind": "associated",
                    "acronyms": ["SYNOC"],
                    "sectors": ["oceans", "environment"],
                    "in_pillar": "current",
                },
                {
                    "id": "AUN",
                    "name": "ASEAN University Network",
                    "kind": "associated",
                    "acronyms": ["AUN"],
                    "aliases": ["Synthetic University Network Alias"],
                    "sectors": ["education"],
                    "in_pillar": "current",
                },
            ],
        },
        name="extra.yaml",
    )
    shipped = load_registry()
    registry = load_registry(path)
    assert len(registry.bodies) == len(shipped.bodies) + 1
    assert registry.bodies[-1].id == "AUN"
    assert registry.get("SYNOC").sectors == ("oceans", "environment")
    assert registry.get("AUN").aliases == ("Synthetic University Network Alias",)
    assert registry.sectors == (*shipped.sectors, "oceans")
    assert registry.generic_patterns == (*shipped.generic_patterns, "synthetic sectoral groupings")
    assert registry.ambiguous == shipped.ambiguous
    assert [body.id for body in registry.by_sector("oceans")] == ["SYNOC"]


def test_user_file_can_redefine_an_ambiguous_acronym(tmp_path: Path) -> None:
    entry = {"acronym": "ACCC", "meanings": [{"body": "ACCC", "cues": ["climate"]}], "default": None}
    registry = load_registry(_write(tmp_path, {"extends": "default", "ambiguous": [entry]}))
    assert [e.acronym for e in registry.ambiguous] == ["ASCC", "ACCC"]
    assert registry.ambiguous[1] == AmbiguousAcronym("ACCC", (AcronymMeaning("ACCC", None, ("climate",)),), None)


def test_shared_acronym_with_an_ambiguity_entry_is_accepted(tmp_path: Path) -> None:
    ambiguous = [{"acronym": "SYN", "meanings": [{"body": "ONE"}, {"body": "TWO"}], "default": "ONE", "note": "x"}]
    registry = load_registry(
        _write(tmp_path, _minimal(_body("ONE", acronyms=["SYN"]), _body("TWO", acronyms=["SYN"]), ambiguous=ambiguous))
    )
    assert registry.ambiguous == (
        AmbiguousAcronym("SYN", (AcronymMeaning("ONE", None, ()), AcronymMeaning("TWO", None, ())), "ONE", "x"),
    )


# --- validation errors --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_minimal(_body("DUP"), _body("DUP", name="Other")), "body 'DUP': duplicate id"),
        (
            _minimal(_body("ONE", acronyms=["SYN"]), _body("TWO", acronyms=["SYN"])),
            "body 'TWO': acronym 'SYN' is also used by 'ONE'; add an 'ambiguous:' entry",
        ),
        (_minimal(_body("KID", parent="NOPE")), "body 'KID': unknown parent 'NOPE'; known ids: KID"),
        (_minimal(_body("MIN", officials="NOPE")), "body 'MIN': unknown officials 'NOPE'"),
        (
            _minimal(_body("MIN", officials="OFF"), _body("OFF")),
            "body 'MIN': its officials 'OFF' must name it as parent (parent is None)",
        ),
        (
            _minimal(_body("SEC", sectors=["a", "astronomy"])),
            "body 'SEC': unknown sector(s) ['astronomy']; accepted: a, b",
        ),
        (_minimal(_body("NONAME", name=None)), "body 'NONAME': missing name"),
        (_minimal(_body("BLANK", name="  ")), "body 'BLANK': missing name"),
        (_minimal(_body("KIND", kind="club")), "body 'KIND': unknown kind 'club'; accepted: council, committee"),
        (_minimal({"name": "No Id", "kind": "committee"}), "body #1 has no id"),
        (_minimal("just a string"), "body #1 must be a mapping"),
        (_minimal(_body("EXTRA", colour="blue")), "body 'EXTRA': unknown key(s) ['colour']"),
        (_minimal(_body("LIST", acronyms="SYN")), "body 'LIST': acronyms must be a list of non-empty strings"),
        (_minimal(_body("LIST", aliases=["ok", ""])), "body 'LIST': aliases must be a list of non-empty strings"),
        (_minimal(_body("PAR", parent=3)), "body 'PAR': parent must be a non-empty string or null, got 3"),
        (
            _minimal(_body("ONE", name="Synthetic Body"), _body("TWO", aliases=["synthetic  body"])),
            "body 'TWO': name or alias 'synthetic  body' is also used by 'ONE'",
        ),
        ({"generic": [], "bodies": [_body("X")]}, "the registry must list its sectors under 'sectors:'"),
        ({"sectors": ["a"], "bodies": []}, "the registry must list its bodies under 'bodies:'"),
        ({"sectors": "a", "bodies": [_body("X")]}, "sectors: the sector list must be a list of non-empty strings"),
        ({**_minimal(_body("X")), "colour": 1}, "unknown top-level key(s) ['colour']"),
        ({**_minimal(_body("X")), "extends": "mine"}, "extends must be 'default' (the shipped registry), got 'mine'"),
        (_minimal(_body("X"), ambiguous={"acronym": "X"}), "'ambiguous' must be a list of entries"),
        (_minimal(_body("X"), ambiguous=[{"meanings": []}]), "ambiguous entry #1 has no acronym"),
        (
            _minimal(_body("X"), ambiguous=[{"acronym": "X"}]),
            "ambiguous acronym 'X': 'meanings' must be a non-empty list",
        ),
        (
            _minimal(_body("X"), ambiguous=[{"acronym": "X", "meanings": [{"cues": ["y"]}]}]),
            "ambiguous acronym 'X': each meaning needs 'body'",
        ),
        (
            _minimal(_body("X"), ambiguous=[{"acronym": "X", "meanings": [{"body": None}]}]),
            "ambiguous acronym 'X': a meaning with body null needs the name of what it is",
        ),
        (
            _minimal(_body("X"), ambiguous=[{"acronym": "X", "meanings": [{"body": "NOPE"}]}]),
            "ambiguous acronym 'X': unknown body 'NOPE'; known ids: X",
        ),
        (
            _minimal(_body("X"), _body("Y"), ambiguous=[{"acronym": "X", "meanings": [{"body": "X"}], "default": "Y"}]),
            "ambiguous acronym 'X': default 'Y' is not one of its meanings",
        ),
        ("- just\n- a list\n", "expected a mapping with keys"),
        ("bodies: [unclosed\n", "not valid YAML"),
    ],
)
def test_invalid_registry_names_file_body_and_problem(
    tmp_path: Path, content: dict[str, Any] | str, message: str
) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(RegistryError, match=re.escape(message)) as caught:
        load_registry(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert isinstance(caught.value, AsccError)


def test_missing_registry_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(RegistryError, match=re.escape(f"{path}: cannot read the bodies registry")):
        load_registry(path)


@pytest.mark.parametrize(
    ("text", "body_id"),
    [
        ("The 99th ASEAN Ministerial Meeting on Science, Technology and Innovation was held.", "AMMST"),
        ("The AMMSTI met.", "AMMST"),
        ("the ASEAN Cooperation on Civil Service Matters work plan", "ACCSM"),
    ],
)
def test_later_names_of_bodies_are_read(text: str, body_id: str) -> None:
    """Bodies renamed over the years are found under their later names too."""
    assert [mention.body_id for mention in find_body_mentions(text)] == [body_id]


def test_the_amrsw_is_the_ammswd_under_its_earlier_name() -> None:
    from ascc_analysis.ingest.metadata import extract_metadata

    body = "1. The 9th Meeting of ASEAN Ministers Responsible for Social Welfare was convened on 1 August 2031."
    metadata = extract_metadata("", body)
    assert (metadata.meeting_body_id, metadata.meeting_no) == ("AMMSWD", 9)
    assert extract_metadata("", "The 9th AMRSW was held in Singapore on 1 August 2031.").meeting_body_id == "AMMSWD"
