"""Tests of the theme taxonomy and the paragraph tagger (ascc_analysis.extract.themes).

Every paragraph text below is SYNTHETIC (written for these tests) unless it comes from the seed statement through
the ``seed_statement_text`` fixture; the seed expectations were written from reading the statement.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from importlib import resources
from pathlib import Path

import polars as pl
import pytest
import yaml
from polars.testing import assert_frame_equal

from ascc_analysis.errors import AsccError, SchemaError
from ascc_analysis.extract.themes import (
    EXPLAIN_SCHEMA,
    THEMES_FRAME_SCHEMA,
    Taxonomy,
    Theme,
    ThemeError,
    explain_tags,
    load_taxonomy,
    tag_paragraphs,
    term_to_regex,
    themes_frame,
)
from ascc_analysis.schemas import PARAGRAPH_THEMES

SHIPPED_IDS = (
    "health",
    "public_health_emergencies",
    "labour_migration",
    "education",
    "social_welfare",
    "women_gender",
    "children",
    "disaster_management",
    "environment_climate",
    "culture_arts",
    "information_media",
    "youth",
    "sports",
    "rural_development_poverty",
    "civil_service",
    "digital_transformation",
    "care_economy",
    "cross_pillar",
)


def paragraphs_of(*texts: str, doc_id: str = "doc", level: str = "paragraph") -> pl.DataFrame:
    """A minimal paragraphs frame: one paragraph per text, ids doc/p01, doc/p02, ..."""
    return pl.DataFrame(
        {
            "doc_id": [doc_id] * len(texts),
            "para_id": [f"{doc_id}/p{number:02d}" for number in range(1, len(texts) + 1)],
            "level": [level] * len(texts),
            "text": list(texts),
        }
    )


def tags_frame(rows: list[tuple[str, str, str, int, list[str]]]) -> pl.DataFrame:
    frame = pl.DataFrame(
        [dict(zip(PARAGRAPH_THEMES.columns, row, strict=True)) for row in rows], schema=PARAGRAPH_THEMES.schema
    )
    return frame.sort("para_id", "theme_id")


def tag_sets(tags: pl.DataFrame) -> dict[str, set[str]]:
    return {para_id: set(theme_ids) for para_id, theme_ids in tags.group_by("para_id").agg("theme_id").iter_rows()}


# A small hand-made taxonomy for exact expectations.
TOY = Taxonomy(
    themes=(
        Theme(
            id="health",
            label="Health",
            description="Health.",
            characteristics=("inclusive",),
            sectors=("health",),
            terms=("health*", "public health emergenc*", "AIDS", "well-being"),
            exclude=("financial health",),
            min_hits=1,
        ),
        Theme(
            id="migration",
            label="Migration",
            description="Migrant workers.",
            characteristics=("inclusive",),
            sectors=("migrant workers",),
            terms=("migrant worker*", "people to people"),
            exclude=(),
            min_hits=2,
        ),
    ),
    characteristics=(("inclusive", "B. Inclusive"),),
)


# --- the shipped taxonomy ---------------------------------------------------------------------------------------


def test_shipped_taxonomy_loads_with_every_required_theme() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.ids == SHIPPED_IDS
    assert load_taxonomy() is taxonomy  # loaded once
    characteristic_ids = {characteristic_id for characteristic_id, _ in taxonomy.characteristics}
    assert characteristic_ids == {
        "engages_and_benefits",
        "inclusive",
        "sustainable",
        "resilient",
        "dynamic",
        "implementation",
    }
    for theme in taxonomy.themes:
        assert len(theme.terms) >= 5, theme.id
        assert theme.label and theme.description and theme.sectors, theme.id
        assert set(theme.characteristics) <= characteristic_ids, theme.id
        assert theme.min_hits >= 1


def test_shipped_taxonomy_loads_from_its_path_too() -> None:
    path = Path(str(resources.files("ascc_analysis").joinpath("resources", "themes.yaml")))
    assert load_taxonomy(path) == load_taxonomy()


def test_shipped_theme_sectors_are_registry_sectors_and_cover_them() -> None:
    registry_file = resources.files("ascc_analysis").joinpath("resources", "bodies.yaml")
    if not registry_file.is_file():
        pytest.skip("the bodies registry (resources/bodies.yaml) is not there yet")
    registry_sectors = set(yaml.safe_load(registry_file.read_text(encoding="utf-8"))["sectors"])
    theme_sectors = {sector for theme in load_taxonomy().themes for sector in theme.sectors}
    assert theme_sectors <= registry_sectors
    assert registry_sectors <= theme_sectors  # every sector of a body links to at least one theme


def test_themes_frame_lists_each_theme() -> None:
    expected = pl.DataFrame(
        [
            {
                "theme_id": "health",
                "label": "Health",
                "description": "Health.",
                "characteristics": ["inclusive"],
                "sectors": ["health"],
                "terms": ["health*", "public health emergenc*", "AIDS", "well-being"],
                "exclude": ["financial health"],
                "min_hits": 1,
            },
            {
                "theme_id": "migration",
                "label": "Migration",
                "description": "Migrant workers.",
                "characteristics": ["inclusive"],
                "sectors": ["migrant workers"],
                "terms": ["migrant worker*", "people to people"],
                "exclude": [],
                "min_hits": 2,
            },
        ],
        schema=THEMES_FRAME_SCHEMA,
    )
    assert_frame_equal(themes_frame(TOY), expected)
    assert themes_frame(load_taxonomy()).height == len(SHIPPED_IDS)


def test_get_returns_the_theme_and_names_known_ids_when_unknown() -> None:
    assert TOY.get("migration").min_hits == 2
    with pytest.raises(ThemeError, match=r"unknown theme id 'nope'; known themes: health, migration"):
        TOY.get("nope")


# --- term syntax ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("health", "health"),
        ("disaster*", "disaster[0-9A-Za-z_]*"),
        ("migrant worker*", r"migrant[\t\n\v\f\r \-‐‑]+worker[0-9A-Za-z_]*"),
        ("well-being", r"well[\t\n\v\f\r \-‐‑]?being"),
        ("women's empowerment", r"women['’]s[\t\n\v\f\r \-‐‑]+empowerment"),
        ("AIDS", "(?-i:AIDS)"),
        ("COVID-19", r"(?-i:COVID[\t\n\v\f\r \-‐‑]?19)"),
        ("AHA Centre", r"AHA[\t\n\v\f\r \-‐‑]+Centre"),
    ],
)
def test_term_to_regex(term: str, expected: str) -> None:
    assert term_to_regex(term) == expected


# --- tagging ----------------------------------------------------------------------------------------------------


def test_tag_paragraphs_exact_frame_on_synthetic_paragraphs() -> None:
    paragraphs = paragraphs_of(
        # SYNTHETIC. Plural by wildcard, case, a multiword term across a line break, an acronym.
        "Healthy ageing and HEALTH systems matter; public health\nemergencies and AIDS too.",
        # SYNTHETIC. Exclusion: "financial health" is not health; "aids" (a verb) is not the acronym AIDS.
        "The financial health of the fund aids planning.",
        # SYNTHETIC. Hyphen variants and min_hits=2: two hits tag migration, the exclusion leaves health at one.
        "Migrant Workers and people-to-people links; financial health and wellbeing.",
        # SYNTHETIC. One hit of migration is below its min_hits of 2.
        "A migrant worker arrived.",
    )
    expected = tags_frame(
        [
            ("doc", "doc/p01", "health", 4, ["aids", "health", "healthy", "public health emergencies"]),
            ("doc", "doc/p03", "health", 1, ["wellbeing"]),
            ("doc", "doc/p03", "migration", 2, ["migrant workers", "people-to-people"]),
        ]
    )
    assert_frame_equal(tag_paragraphs(paragraphs, taxonomy=TOY), expected)


def test_tag_paragraphs_ignores_sub_items_and_keeps_documents_apart() -> None:
    paragraphs = pl.concat(
        [
            paragraphs_of("Health for all.", doc_id="a"),  # SYNTHETIC
            paragraphs_of("Health again, health.", doc_id="b"),  # SYNTHETIC
            paragraphs_of("Health inside a sub-item.", doc_id="b", level="sub_item").with_columns(
                pl.lit("b/p01.a").alias("para_id")
            ),
        ]
    )
    expected = tags_frame([("a", "a/p01", "health", 1, ["health"]), ("b", "b/p01", "health", 2, ["health"])])
    assert_frame_equal(tag_paragraphs(paragraphs, taxonomy=TOY), expected)


def test_tag_paragraphs_of_no_paragraphs_is_an_empty_table() -> None:
    empty = paragraphs_of().cast({"doc_id": pl.String, "para_id": pl.String, "level": pl.String, "text": pl.String})
    assert_frame_equal(tag_paragraphs(empty, taxonomy=TOY), PARAGRAPH_THEMES.empty())
    assert_frame_equal(tag_paragraphs(paragraphs_of("Health."), taxonomy=Taxonomy(themes=())), PARAGRAPH_THEMES.empty())


def test_tag_paragraphs_needs_its_columns() -> None:
    with pytest.raises(SchemaError, match=r"paragraphs: missing column\(s\) \['level'\]; tag_paragraphs needs"):
        tag_paragraphs(paragraphs_of("Health.").drop("level"))


@pytest.mark.parametrize(
    ("text", "tagged", "not_tagged"),
    [
        # SYNTHETIC sentences for the shipped rules and exclusions.
        ("Regional health security was discussed.", {"health", "public_health_emergencies"}, set()),
        ("The financial health of the fund improved.", set(), {"health"}),
        ("A culture of prevention was promoted.", set(), {"culture_arts"}),
        ("The ASEAN Socio-Cultural Community met.", set(), {"culture_arts"}),
        ("Museums and cultural heritage were promoted.", {"culture_arts"}, set()),
        ("Social workers and the social service workforce.", {"social_welfare"}, {"labour_migration"}),
        ("Migrant workers and their families.", {"labour_migration"}, set()),
        ("Persons with disabilities and older persons.", {"social_welfare"}, set()),
        ("An enabling environment for business.", set(), {"environment_climate"}),
        ("Transboundary haze and biodiversity loss.", {"environment_climate"}, set()),
        ("The care economy and unpaid care work.", {"care_economy"}, set()),
        ("The Meeting welcomed Timor-Leste as an observer.", {"cross_pillar"}, set()),
        ("Disasters and humanitarian assistance.", {"disaster_management"}, set()),
        ("It aids coordination.", set(), {"health"}),
    ],
)
def test_shipped_rules_on_synthetic_sentences(text: str, tagged: set[str], not_tagged: set[str]) -> None:
    found = set(tag_paragraphs(paragraphs_of(text))["theme_id"].to_list())
    assert tagged <= found
    assert not (not_tagged & found)


def test_tag_paragraphs_handles_many_paragraphs_quickly() -> None:
    # SYNTHETIC: 20,000 paragraphs (the rules must handle 100k in seconds; this is a cheap guard, measured ~0.3 s).
    texts = [
        f"Paragraph {number}: migrant workers' health, disaster risk reduction and the ASEAN Secretariat's role in "
        "the Socio-Cultural Community, with a culture of prevention and an enabling environment for youth."
        for number in range(20_000)
    ]
    started = time.perf_counter()
    tags = tag_paragraphs(paragraphs_of(*texts))
    elapsed = time.perf_counter() - started
    assert tags.height == 20_000 * 5
    assert set(tags["theme_id"].unique()) == {
        "labour_migration",
        "health",
        "disaster_management",
        "cross_pillar",
        "youth",
    }
    assert elapsed < 15


# --- explanations -----------------------------------------------------------------------------------------------


def test_explain_tags_offsets_point_at_the_words() -> None:
    text = "Public health\nemergencies, financial health, AIDS and Migrant Workers."  # SYNTHETIC
    expected = pl.DataFrame(
        [
            ("health", "Public health\nemergencies", 0, 25, "public health emergenc*"),
            ("health", "AIDS", 45, 49, "AIDS"),
            ("migration", "Migrant Workers", 54, 69, "migrant worker*"),
        ],
        schema=EXPLAIN_SCHEMA,
        orient="row",
    )
    explained = explain_tags(text, taxonomy=TOY)
    assert_frame_equal(explained, expected)
    for start, end, term in explained.select("start", "end", "term").iter_rows():
        assert text[start:end] == term


def test_explain_tags_of_text_without_hits_is_empty() -> None:
    assert_frame_equal(explain_tags("Nothing here.", taxonomy=TOY), pl.DataFrame(schema=EXPLAIN_SCHEMA))


def test_explain_tags_uses_the_shipped_taxonomy_by_default() -> None:
    explained = explain_tags("The care economy.")  # SYNTHETIC
    assert explained.rows() == [("care_economy", "care economy", 4, 16, "care economy")]


# --- loading errors ---------------------------------------------------------------------------------------------

GOOD_THEME = """
  - id: toy_theme
    label: Toy
    description: A toy theme.
    characteristics: [inclusive]
    sectors: [health]
    terms: [health, care]
"""


def write_taxonomy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my_themes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_taxonomy_reads_a_custom_file(tmp_path: Path) -> None:
    path = write_taxonomy(
        tmp_path,
        "characteristics: {inclusive: 'B. Inclusive'}\nthemes:"
        + GOOD_THEME
        + "    exclude: [health care sector]\n    min_hits: 2\n",
    )
    taxonomy = load_taxonomy(path)
    assert taxonomy == Taxonomy(
        themes=(
            Theme(
                id="toy_theme",
                label="Toy",
                description="A toy theme.",
                characteristics=("inclusive",),
                sectors=("health",),
                terms=("health", "care"),
                exclude=("health care sector",),
                min_hits=2,
            ),
        ),
        characteristics=(("inclusive", "B. Inclusive"),),
    )


def test_load_taxonomy_extends_the_shipped_file(tmp_path: Path) -> None:
    replaced_health = GOOD_THEME.replace("toy_theme", "health")
    path = write_taxonomy(tmp_path, "extends: default\nthemes:" + GOOD_THEME + replaced_health)
    taxonomy = load_taxonomy(path)
    assert taxonomy.ids == (*SHIPPED_IDS, "toy_theme")
    assert taxonomy.get("health").terms == ("health", "care")
    assert taxonomy.get("youth") == load_taxonomy().get("youth")


def test_load_taxonomy_missing_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "absent.yaml"
    with pytest.raises(ThemeError, match=re.escape(f"{missing}: cannot read the taxonomy file")):
        load_taxonomy(missing)


CHARACTERISTICS = "characteristics: {inclusive: 'B. Inclusive'}\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("themes: [unclosed\n", "not valid YAML"),
        ("- a list\n", "the file must be a mapping with a 'themes' list, got list"),
        ("themes: []\n", "'themes' must be a non-empty list of themes"),
        (CHARACTERISTICS + "themes:" + GOOD_THEME + "other: 1\n", "unknown top-level key(s) ['other']"),
        ("extends: mine\nthemes:" + GOOD_THEME, "extends is 'mine'; the only accepted value is 'default'"),
        ("characteristics: [a, b]\nthemes:" + GOOD_THEME, "'characteristics' must map ids to labels"),
        ("characteristics: {Bad-Id: 'x'}\nthemes:" + GOOD_THEME, "characteristic id(s) ['Bad-Id'] are not snake_case"),
        (CHARACTERISTICS + "themes:\n  - just a string\n", "theme #1 must be a mapping of fields"),
        (CHARACTERISTICS + "themes:" + GOOD_THEME.replace("toy_theme", "Toy-Theme"), "theme #1 has id 'Toy-Theme'"),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME + "    exclusions: [x]\n",
            "theme 'toy_theme': unknown field(s) ['exclusions']",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME.replace("    sectors: [health]\n", ""),
            "theme 'toy_theme': missing field(s) ['sectors']",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME.replace("label: Toy", "label: ''"),
            "theme 'toy_theme': 'label' must be a non-empty string",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME.replace("[inclusive]", "[dynamic]"),
            "theme 'toy_theme': unknown characteristic(s) ['dynamic']; declared characteristics: inclusive",
        ),
        (
            "themes:" + GOOD_THEME,
            "theme 'toy_theme': unknown characteristic(s) ['inclusive']; declared characteristics: (none)",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME.replace("sectors: [health]", "sectors: health"),
            "theme 'toy_theme': 'sectors' must be a list of non-empty strings",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME.replace("[health, care]", "[]"),
            "theme 'toy_theme': 'terms' is empty",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME.replace("[health, care]", "[health, 'he*alth']"),
            "theme 'toy_theme': terms entry 'he*alth' is not a valid term (bad word 'he*alth')",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME.replace("[health, care]", "[health, 'care (x)']"),
            "theme 'toy_theme': terms entry 'care (x)' is not a valid term (bad word '(x)')",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME.replace("[health, care]", "[health, 'santé']"),
            "theme 'toy_theme': terms entry 'santé' is not a valid term (bad word 'santé'); terms hold ASCII letters",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME.replace("[health, care]", "[health, Health]"),
            "theme 'toy_theme': terms listed more than once: ['health']",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME + "    exclude: [Care]\n",
            "theme 'toy_theme': ['care'] both a term and an exclusion",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME + "    exclude: [financial wealth]\n",
            "theme 'toy_theme': exclusion(s) ['financial wealth'] contain none of the theme's terms",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME + "    min_hits: 0\n",
            "theme 'toy_theme': min_hits must be a whole number >= 1, got 0",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME + "    min_hits: true\n",
            "theme 'toy_theme': min_hits must be a whole number >= 1, got True",
        ),
        (
            CHARACTERISTICS + "themes:" + GOOD_THEME + GOOD_THEME,
            "theme id(s) ['toy_theme'] defined more than once",
        ),
    ],
)
def test_load_taxonomy_errors_name_file_theme_and_problem(tmp_path: Path, text: str, message: str) -> None:
    path = write_taxonomy(tmp_path, text)
    with pytest.raises(ThemeError) as caught:
        load_taxonomy(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert isinstance(caught.value, AsccError)


# --- the seed statement -----------------------------------------------------------------------------------------


@pytest.mark.shared_corpus
def test_seed_statement_tags_read_by_hand(seed_paragraphs: pl.DataFrame) -> None:
    assert seed_paragraphs.height == 18
    tags = tag_sets(tag_paragraphs(seed_paragraphs))
    # Exact sets, from reading the paragraphs.
    assert tags["seed/p08"] == {"health", "public_health_emergencies"}  # health resilience, biosafety/biosecurity
    assert tags["seed/p09"] == {"children", "labour_migration"}  # child labour
    assert tags["seed/p12"] == {"women_gender"}  # violence against women and girls
    assert tags["seed/p13"] == {"health"}  # HIV and AIDS
    assert tags["seed/p14"] == {"disaster_management"}  # disaster risk management, tsunami
    assert tags["seed/p17"] == {"cross_pillar"}  # Timor-Leste's membership
    assert tags["seed/p04"] == {"cross_pillar"}  # ASCC Blueprint 2025, monitoring, ASEAN Secretariat
    assert tags["seed/p07"] == {"environment_climate"}  # climate change, biodiversity
    # At least these, from reading.
    assert {"care_economy", "social_welfare"} <= tags["seed/p06"]  # care economy, social welfare, social workers
    assert "labour_migration" not in tags["seed/p06"]  # social workers / social service workforce are excluded
    assert {"labour_migration", "social_welfare", "health", "civil_service"} <= tags["seed/p11"]  # migrant workers,
    # social security, mental health, public sector
    assert {"children", "education", "environment_climate"} <= tags["seed/p10"]  # early childhood, climate
    assert {"health", "public_health_emergencies", "environment_climate"} <= tags["seed/p15"]  # ACPHEED, ACCC, haze
    assert {"culture_arts", "digital_transformation", "health", "women_gender", "children"} <= tags["seed/p02"]
    assert "seed/p01" not in tags and "seed/p18" not in tags  # meeting facts and thanks only


@pytest.mark.shared_corpus
def test_seed_statement_explanations_agree_with_tags(seed_paragraphs: pl.DataFrame) -> None:
    tags = tag_paragraphs(seed_paragraphs)
    for para_id, text in seed_paragraphs.select("para_id", "text").iter_rows():
        explained = explain_tags(text)
        hits_per_theme = Counter(explained["theme_id"].to_list())
        tagged = tags.filter(pl.col("para_id") == para_id)
        assert dict(zip(tagged["theme_id"], tagged["n_hits"], strict=True)) == dict(hits_per_theme), para_id
        for start, end, term in explained.select("start", "end", "term").iter_rows():
            assert text[start:end] == term


@pytest.mark.shared_corpus
def test_seed_statement_through_normalise_and_segment(seed_statement_text: str, seed_paragraphs: pl.DataFrame) -> None:
    normalise = pytest.importorskip("ascc_analysis.ingest.normalise")
    segment = pytest.importorskip("ascc_analysis.ingest.segment")
    statement = segment.split_statement(normalise.normalise_text(seed_statement_text))
    paragraphs = segment.paragraphs_frame(statement, doc_id="seed")
    tags = tag_sets(tag_paragraphs(paragraphs))
    assert tags["seed/p08"] == {"health", "public_health_emergencies"}
    assert tags["seed/p13"] == {"health"}
    assert tags["seed/p14"] == {"disaster_management"}
    assert {"care_economy", "social_welfare"} <= tags["seed/p06"]
    assert "labour_migration" in tags["seed/p11"]
    assert all("." not in para_id for para_id in tags)  # sub-item rows are not tagged on their own
