"""What a member may import: the distributions its own pyproject declares.

Runtime code may use `[project] dependencies` and optional dependencies. Tests run in the root
environment, so they may also use dependency groups (the member's and the root's) and whatever
the root project depends on. A build script (`setup.py`, and the build hooks hatchling and
pdm-backend load by default) runs in the isolated build environment: it may use
`[build-system] requires`, never the runtime dependencies.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from typing import Any

from shipyard.rules.context import CheckContext
from shipyard.workspace import Member
from shipyard.workspace import canonical_name as canonical

# A PEP 508 requirement starts with its name. Matching just that, instead of parsing with
# packaging (~40 ms to import), keeps a re-check after an edit fast; uv rejects the rest.
REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")


def requirement_names(values: Iterable[object]) -> set[str]:
    names = set()
    for value in values:
        # PEP 735 `{include-group = ...}` tables are not requirements.
        if isinstance(value, str) and (match := REQUIREMENT_NAME.match(value)):
            names.add(canonical(match[1]))
    return names


def _optional(project: dict[str, Any]) -> set[str]:
    extras = project.get("optional-dependencies", {})
    return requirement_names(r for group in extras.values() for r in group)


def _groups(data: dict[str, Any]) -> set[str]:
    groups = data.get("dependency-groups", {})
    legacy = data.get("tool", {}).get("uv", {}).get("dev-dependencies", [])
    return requirement_names([*(r for g in groups.values() for r in g), *legacy])


BUILD_SCRIPTS = frozenset({"setup.py", "hatch_build.py", "pdm_build.py"})
"""File names build backends run, at a project's root, with no configuration naming them."""
BUILD_TOOLS = frozenset(
    {"setuptools", "setuptools-scm", "wheel", "pip", "build", "hatchling", "hatch-vcs",
     "hatch-fancy-pypi-readme", "flit-core", "flit", "pdm-backend", "poetry-core", "maturin",
     "cython", "scikit-build", "scikit-build-core", "meson-python", "pybind11", "versioneer"}
)  # fmt: skip
"""Distributions a build needs and a running service does not: `--fix` never declares them as
runtime dependencies, even for runtime code importing them (`pkg_resources`: setuptools)."""
# PEP 517: a project without `[build-system]` is built with setuptools (and wheel).
DEFAULT_BUILD_REQUIRES = frozenset({"setuptools", "wheel"})


def is_build_tool(requirement: str) -> bool:
    """`requirement`: a PEP 508 string or a bare name."""
    match = REQUIREMENT_NAME.match(requirement)
    return match is not None and canonical(match[1]) in BUILD_TOOLS


def is_build_script(path: str, files: Container[str]) -> bool:
    """A build backend's script: named so, at the root of a project (beside its pyproject.toml
    or setup.cfg). A settings module `config/logging/setup.py` is runtime code."""
    directory, _, name = path.rpartition("/")
    if name not in BUILD_SCRIPTS:
        return False
    base = f"{directory}/" if directory else ""
    return f"{base}pyproject.toml" in files or f"{base}setup.cfg" in files


def build_allowed(context: CheckContext, member: Member) -> set[str]:
    system = context.pyproject(member).get("build-system")
    if not isinstance(system, dict) or "requires" not in system:
        return set(DEFAULT_BUILD_REQUIRES)
    return requirement_names(system.get("requires") or [])


def runtime_allowed(context: CheckContext, member: Member) -> set[str]:
    project = context.pyproject(member).get("project", {})
    return set(member.dependencies) | _optional(project)


def test_allowed(context: CheckContext, member: Member) -> set[str]:
    root = context.pyproject(None)
    return (
        runtime_allowed(context, member)
        | set(member.development)  # requirements-dev.txt, Poetry groups...
        | _groups(context.pyproject(member))
        | _groups(root)
        | requirement_names(root.get("project", {}).get("dependencies", []))
        | _optional(root.get("project", {}))
    )
