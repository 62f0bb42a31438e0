"""`read_declared`: every format a folder declares dependencies in, combined into one answer."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

from shipyard.errors import ShipyardError
from shipyard.workspace.declared.model import MAIN, DeclaredDependencies, Reading, Requirement
from shipyard.workspace.declared.pipfile import read_pipfile
from shipyard.workspace.declared.pyproject import read_pep621
from shipyard.workspace.declared.requirements import read_requirement_files
from shipyard.workspace.declared.setup_cfg import read_setup_cfg
from shipyard.workspace.declared.setup_py import read_setup_py
from shipyard.workspace.declared.toml import load_toml, table


def read_declared(directory: Path) -> DeclaredDependencies:
    """The dependencies `directory` declares, read from its files and never by running them.

    Formats, in order: pyproject.toml's `[project]` (with `[dependency-groups]`, uv's and PDM's
    `dev-dependencies`, and the files of dynamic dependencies: `[tool.setuptools.dynamic]`,
    hatch-requirements-txt), pyproject.toml's `[tool.poetry]`, setup.py, setup.cfg, Pipfile,
    then requirements files (`requirements*.txt|in`, `*-requirements.txt|in`, `requirements/`).

    They combine group by group: a group (`main`, `dev`, `extra:NAME`...) comes from the first
    format that declares at least one requirement in it. What later formats declare in that
    group does not add requirements; its specifiers are recorded in `constraints` (a
    requirements.txt exported from Poetry, or pinned for a Docker image, is such a file). So:

    - `[project] dependencies` win when present and non-empty; with `dynamic = ["dependencies"]`
      they come from the files `[tool.setuptools.dynamic]` names, else from Poetry, setup.py,
      setup.cfg, a Pipfile or requirements files, whichever comes first.
    - Poetry 2 (`[project]` plus `[tool.poetry.dependencies]`): a `[project]` requirement
      without a version (or marker, or source) takes Poetry's.
    - setup.py wins over setup.cfg, as in setuptools (a keyword given to `setup()` is not
      overwritten by setup.cfg).
    - A file another format reads (setup.py's `open("requirements.txt")`, a dynamic `file`)
      is not read again as a requirements file.
    """
    if not directory.is_dir():
        raise ShipyardError(f"{directory} is not a folder; cannot read its dependencies.")
    readings, dynamic = _pyproject(directory)
    readings += [read_setup_py(directory), read_setup_cfg(directory), read_pipfile(directory)]
    already_read = {p.resolve() for r in readings for p in r.sources}
    readings.append(read_requirement_files(directory, skip=already_read))
    declared = _combine(readings)
    if dynamic and not declared.group(MAIN):
        problem = (
            "pyproject.toml: [project] dependencies are dynamic and nothing here declares them "
            "([tool.setuptools.dynamic], Poetry, setup.py, setup.cfg, Pipfile or requirements)."
        )
        declared = dataclasses.replace(declared, problems=(*declared.problems, problem))
    return declared


def _pyproject(directory: Path) -> tuple[list[Reading], bool]:
    """The `[project]` reading and the `[tool.poetry]` one (Poetry 2 fills in the first), and
    whether `[project]` says its dependencies are dynamic."""
    standard, poetry = Reading(directory), Reading(directory)
    path = directory / "pyproject.toml"
    loaded = load_toml(standard, path)
    if loaded is None:
        return [standard], False
    data, text = loaded
    read_pep621(standard, path, data, text)
    if table(data, "tool.poetry"):
        from shipyard.workspace.declared.poetry import read_poetry

        read_poetry(poetry, path, data, text)
        _fill_from_poetry(standard, poetry)
    dynamic = "dependencies" in table(data, "project").get("dynamic", [])
    return [standard, poetry], dynamic


def _fill_from_poetry(standard: Reading, poetry: Reading) -> None:
    """Poetry 2: `[project]` names a dependency, `[tool.poetry.dependencies]` constrains it."""
    constrained = {r.name: r for r in poetry.requirements if r.group == MAIN}
    for index, requirement in enumerate(standard.requirements):
        extra = constrained.get(requirement.name)
        if extra is None:
            continue
        standard.requirements[index] = dataclasses.replace(
            requirement,
            specifier=requirement.specifier or extra.specifier,
            marker=requirement.marker or extra.marker,
            url=requirement.url or extra.url,
        )


def _combine(readings: list[Reading]) -> DeclaredDependencies:
    taken: set[str] = set()
    requirements: list[Requirement] = []
    constraints: dict[str, str] = {}
    sources: list[Path] = []
    problems: list[str] = []
    for reading in readings:
        for requirement in reading.requirements:
            if requirement.group in taken:
                if requirement.specifier:
                    constraints.setdefault(requirement.name, requirement.specifier)
            else:
                requirements.append(requirement)
        taken |= reading.groups()
        for name, specifier in reading.constraints.items():
            constraints.setdefault(name, specifier)
        sources += [p for p in reading.sources if p not in sources]
        problems += [p for p in reading.problems if p not in problems]
    return DeclaredDependencies(
        requirements=tuple(requirements),
        sources=tuple(sources),
        problems=tuple(problems),
        constraints=MappingProxyType(constraints),
    )
