"""What `add core` declares in a Django project's pyproject files so that the generated code
installs, type-checks with django-stubs and tests with pytest-django: dependencies, mypy's
Django plugins, pytest's settings module, and core as every app's shared interface for
`shipyard check`. Edits keep what the user wrote (tomlkit); what cannot be declared (no
pyproject with a `[project]` table) is returned as advice to print."""

from __future__ import annotations

import configparser
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement

from shipyard.changes.files import PlannedFile
from shipyard.django.layout import ProjectLayout
from shipyard.errors import ShipyardError
from shipyard.workspace import canonical_name
from shipyard.workspace.pyproject_edit import add_dependencies, add_dev_requirements

PYPROJECT = "pyproject.toml"
RUNTIME = ("pydantic>=2.7", "drf-spectacular>=0.27")
DEV = (
    "pytest>=8",
    "pytest-django>=4.9",
    "django-stubs[compatible-mypy]>=5.1",
    "djangorestframework-stubs>=3.15",
    "hypothesis>=6.100",
    "schemathesis>=4",
)
MYPY_PLUGINS = ("mypy_django_plugin.main", "mypy_drf_plugin.main")
PYTEST_FILES = ("pytest.ini", "tox.ini", "setup.cfg")


@dataclass
class ToolingChanges:
    files: list[PlannedFile] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    """What the user has to do by hand, one sentence each."""
    dependencies_changed: bool = False


def core_tooling(layout: ProjectLayout, core_label: str) -> ToolingChanges:
    changes = ToolingChanges()
    texts: dict[str, str] = {}
    project = _project_pyproject(layout)
    if project is None:
        wanted = ", ".join([*RUNTIME, *DEV])
        changes.advice.append(
            f"No pyproject.toml with a [project] table for this project: add {wanted} to its "
            "requirements by hand."
        )
    else:
        before = texts.setdefault(project, layout.read(project))
        grouped = _grouped(before)
        dev = [r for r in DEV if _distribution(r) not in grouped]
        text = add_dev_requirements(add_dependencies(before, RUNTIME), dev)
        changes.dependencies_changed = text != before
        text = _with_mypy(text, layout, changes.advice, project)
        if not _pytest_configured(layout, project, text):
            text = _with_pytest(text, layout.settings_module)
        texts[project] = text
    if layout.uv_workspace or project == PYPROJECT or (layout.root / PYPROJECT).is_file():
        root_text = texts.get(PYPROJECT) or layout.read(PYPROJECT)
        texts[PYPROJECT] = _with_shared_interface(root_text, core_label)
    for path, text in texts.items():
        if (layout.root / path).is_file() and text == layout.read(path):
            continue
        changes.files.append(PlannedFile(Path(path), text, managed=True))
    return changes


def _grouped(text: str) -> set[str]:
    """Every distribution a dependency group declares already (a project may keep its test and
    typing tools in a group of another name)."""
    groups = tomllib.loads(text).get("dependency-groups", {})
    found = set()
    for requirements in groups.values() if isinstance(groups, dict) else ():
        for requirement in requirements if isinstance(requirements, list) else ():
            if isinstance(requirement, str):
                found.add(_distribution(requirement))
    return found


def _distribution(requirement: str) -> str:
    try:
        return canonical_name(Requirement(requirement).name)
    except InvalidRequirement:
        return requirement


def _project_pyproject(layout: ProjectLayout) -> str | None:
    """The nearest pyproject.toml at or above the folder of manage.py with a [project] table."""
    folder = Path(layout.base) if layout.base else Path()
    for directory in (folder, *folder.parents):
        candidate = directory / PYPROJECT
        if (layout.root / candidate).is_file():
            data = _toml(layout, candidate.as_posix())
            if isinstance(data.get("project"), dict):
                return candidate.as_posix()
    return None


def _toml(layout: ProjectLayout, path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(layout.read(path))
    except tomllib.TOMLDecodeError as exc:
        raise ShipyardError(f"{layout.root / path} is not valid TOML: {exc}.") from None


def _with_mypy(text: str, layout: ProjectLayout, advice: list[str], path: str) -> str:
    """mypy's Django and DRF plugins with the settings module, where mypy has no settings."""
    document = tomlkit.parse(text)
    tool = _table(document, "tool")
    mypy = tool.get("mypy")
    if mypy is None:
        mypy = tomlkit.table()
        mypy["plugins"] = list(MYPY_PLUGINS)
        tool["mypy"] = mypy
    else:
        missing = [p for p in MYPY_PLUGINS if p not in list(mypy.get("plugins", []))]
        if missing:
            advice.append(
                f"mypy is set up in {path} without {', '.join(missing)}: add them to its "
                "plugins for the generated code to type-check."
            )
    if "django-stubs" not in tool:
        stubs = tomlkit.table()
        stubs["django_settings_module"] = layout.settings_module
        tool["django-stubs"] = stubs
    return tomlkit.dumps(document)


def _pytest_configured(layout: ProjectLayout, project: str, text: str) -> bool:
    if "ini_options" in tomllib.loads(text).get("tool", {}).get("pytest", {}):
        return True
    folder = Path(layout.base) if layout.base else Path()
    for directory in (folder, *folder.parents):
        for name in PYTEST_FILES:
            if _has_pytest_section(layout.root / directory / name):
                return True
    return False


def _has_pytest_section(path: Path) -> bool:
    if not path.is_file():
        return False
    if path.name == "pytest.ini":
        return True
    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return False
    return parser.has_section("tool:pytest" if path.name == "setup.cfg" else "pytest")


def _with_pytest(text: str, settings_module: str) -> str:
    document = tomlkit.parse(text)
    pytest = _table(_table(document, "tool"), "pytest")
    options = tomlkit.table()
    options["DJANGO_SETTINGS_MODULE"] = settings_module
    pytest["ini_options"] = options
    return tomlkit.dumps(document)


def _with_shared_interface(text: str, label: str) -> str:
    """`[tool.shipyard.check.django.apps.LABEL] interface = ["*"]`: every app may import all of
    core without `shipyard check` counting it as coupling."""
    document = tomlkit.parse(text)
    django = _table(_table(_table(_table(document, "tool"), "shipyard"), "check"), "django")
    apps = _table(django, "apps")
    if label not in apps:
        entry = tomlkit.table()
        entry["interface"] = ["*"]
        apps[label] = entry
    return tomlkit.dumps(document)


def _table(container: Any, key: str) -> Any:
    value = container.get(key)
    if value is None:
        # A super table: `[tool.mypy]` is written without an empty `[tool]` above it.
        value = tomlkit.table(is_super_table=True)
        container[key] = value
    if not isinstance(value, dict):
        raise ShipyardError(f"pyproject.toml: {key} must be a table, not {type(value).__name__}.")
    return value
