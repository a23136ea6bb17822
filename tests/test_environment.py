"""environment.yml must offer conda users exactly the packages and ranges of pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

REPO_ROOT = Path(__file__).resolve().parents[1]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    requirements = [Requirement(line) for line in lines]
    return {_canonical(req.name): str(req.specifier) for req in requirements}


def _conda_requirements() -> dict[str, str]:
    environment = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    entries = [entry for entry in environment["dependencies"] if isinstance(entry, str)]
    requirements = [Requirement(entry) for entry in entries]
    return {_canonical(req.name): str(req.specifier) for req in requirements if req.name not in {"python", "pip"}}


def test_environment_yml_matches_pyproject() -> None:
    assert _conda_requirements() == _pyproject_requirements()


def test_environment_yml_pins_the_python_of_pyproject() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    environment = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert f"python{project['requires-python']}" in environment["dependencies"]
