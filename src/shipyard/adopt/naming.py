"""The name each member gets in the workspace: its folder's name (a root application's
declared name), made a valid distribution and import name that shadows nothing."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from shipyard.adopt.locks import read_locked
from shipyard.adopt.model import Code
from shipyard.workspace import canonical_name
from shipyard.workspace.declared import DeclaredDependencies
from shipyard.workspace.declared.metadata import distribution_name
from shipyard.workspace.import_names import import_names_of

# Import names too generic to name a member by: they say what a folder is, not which one.
GENERIC = frozenset({"app", "src", "api", "service", "project", "main", "server", "code"})
# Folders that hold members: `services/api` is named api, not services.
CONTAINERS = frozenset({"services", "apps", "libs", "packages", "projects", "components"})
# Distribution names whose import name drops the prefix (`django-debug-toolbar`).
FRAMEWORK_PREFIXES = ("django_", "flask_", "python_", "py_")
# What every adopted workspace installs whatever the repository says: pytest (its dev group
# always has it) and what pytest depends on.
WORKSPACE_TOOLS = frozenset(
    {"pytest", "_pytest", "py", "packaging", "pluggy", "iniconfig", "pygments"}
)


def member_names(
    root: Path,
    folders: list[str],
    shared: dict[str, tuple[Code, ...]],
    declared: dict[str, DeclaredDependencies],
) -> dict[str, str]:
    """Folder -> distribution name, unique, never a standard-library module or a distribution
    the workspace will install (a worker in `celery/` becomes `celery-worker`). Decided by
    the repository alone: the same names whatever is installed beside shipyard."""
    forbidden = set(sys.stdlib_module_names) | WORKSPACE_TOOLS
    forbidden |= _import_names(_distributions(root, declared))
    names: dict[str, str] = {}
    taken: set[str] = set()
    for folder, code in sorted(shared.items()):
        # Shared code keeps its package's name: every import of it already says it.
        wanted = code[0].name if len(code) == 1 else Path(folder).name
        names[folder] = _unique(_clean(wanted), taken, forbidden, "lib")
    for folder in folders:
        if folder == ".":
            wanted = distribution_name(root) or root.name
        else:
            path = Path(folder)
            wanted = path.name
            generic = _clean(wanted).replace("-", "_") in GENERIC
            if generic and len(path.parts) > 1 and path.parent.name not in CONTAINERS:
                wanted = path.parent.name  # services/auth/app -> auth
        names[folder] = _unique(_clean(wanted), taken, forbidden, "service")
    return names


def _distributions(root: Path, declared: dict[str, DeclaredDependencies]) -> set[str]:
    """Every distribution the repository names: declared, pinned (a pip-compiled `.txt`, `-c`
    files) or locked (poetry.lock, Pipfile.lock, uv.lock: what its declarations pulled in)."""
    names = set()
    for folder, dependencies in declared.items():
        names |= {r.name for r in dependencies.requirements} | set(dependencies.constraints)
        names |= set(read_locked(root / folder))
    return names


def _import_names(distributions: set[str]) -> set[str]:
    """Import names a member must not take: those of the distributions the repository names,
    as well-known mismatches (`pyyaml` is imported as `yaml`) and prefixes
    (`django-debug-toolbar` as `debug_toolbar`) say."""
    names: set[str] = set()
    for distribution in distributions:
        names |= {n.lower() for n in import_names_of(distribution)}
        name = distribution.replace("-", "_")
        for prefix in FRAMEWORK_PREFIXES:
            if name.startswith(prefix):
                names.add(name.removeprefix(prefix))
    return names


def _clean(name: str) -> str:
    cleaned = canonical_name(re.sub(r"[^A-Za-z0-9]+", "-", name)).strip("-")
    if not cleaned or cleaned[0].isdigit():
        cleaned = f"member-{cleaned}".rstrip("-")
    return cleaned


def _unique(name: str, taken: set[str], forbidden: set[str], suffix: str) -> str:
    candidate = name
    if candidate.replace("-", "_") in forbidden:
        candidate = f"{name}-{suffix}"
    number = 2
    while candidate in taken:
        candidate = f"{name}-{number}"
        number += 1
    taken.add(candidate)
    return candidate
