"""`shipyard contracts from-serializers APP`: pydantic contracts of a Django app's API, made
from its DRF serializers as the project itself sees them (introspected in the project's own
environment, with its settings), and a test that fails when a serializer stops matching them.

Written to the app's `contracts/v1/schemas.py`, or beside a hand-written one in
`contracts/v1/serializer_schemas.py`; the test to `tests/test_serializer_contracts.py` (or
beside a `tests.py`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from shipyard.changes.files import PlannedFile, read_if_present
from shipyard.contracts.pydantic_source import (
    GENERATED,
    SerializerShapes,
    contract_test,
    contracts_module,
)
from shipyard.django import DjangoApp
from shipyard.django.layout import ProjectLayout
from shipyard.errors import ShipyardError

SKIPPED_FOLDERS = frozenset({"tests", "migrations", "__pycache__"})
TEST_NAME = "test_serializer_contracts.py"

Probe = Callable[[dict[str, Any]], dict[str, Any]]
"""Asks the project's environment (`shipyard.django.environment.probe`)."""


@dataclass
class FromSerializers:
    files: list[PlannedFile]
    contracts: int
    skipped: list[str] = field(default_factory=list)
    """Serializers without a contract, each with the reason."""


def plan_from_serializers(layout: ProjectLayout, name: str, ask: Probe) -> FromSerializers:
    app = _app(layout, name)
    core = layout.core_app()
    if core is None:
        raise ShipyardError(
            "The contract test checks serializers with core.contracts: run `shipyard add core` "
            "first."
        )
    modules = serializer_modules(layout, app)
    if not modules:
        raise ShipyardError(f"App {app.module} has no serializers module ({app.folder}).")
    answer = ask({"kind": "serializers", "modules": modules, "core": core.module})
    found, skipped = [], []
    for entry in answer["serializers"]:
        if "error" in entry:
            skipped.append(f"{entry['module']}.{entry['name']}: {entry['error']}")
        else:
            found.append(SerializerShapes(entry["module"], entry["name"], entry["input"],
                                          entry["output"]))  # fmt: skip
    if not found:
        raise ShipyardError(f"No serializer of {', '.join(modules)} could be read.")
    label = app.module.rpartition(".")[2]
    folder = PurePosixPath(app.folder)
    schemas = _schemas_path(layout, folder)
    text, contracts = contracts_module(label, modules, found)
    module = ".".join([app.module, *schemas.relative_to(folder).with_suffix("").parts])
    files = _packages(layout, folder, label)
    files.append(PlannedFile(Path(schemas), text, managed=True))
    test = _test_path(layout, folder)
    ours = GENERATED in (
        read_if_present(layout.root / test) or GENERATED
    )  # replacing another's needs --force
    text = contract_test(label, core.module, module, contracts)
    files.append(PlannedFile(Path(test), text, managed=ours))
    return FromSerializers(files, len(contracts), skipped)


def _app(layout: ProjectLayout, name: str) -> DjangoApp:
    for app in layout.apps:
        if name in (app.module, app.module.rpartition(".")[2]):
            return app
    known = ", ".join(sorted(a.module for a in layout.apps)) or "none"
    raise ShipyardError(f"No Django app is named {name!r}; the apps are: {known}.")


def serializer_modules(layout: ProjectLayout, app: DjangoApp) -> list[str]:
    """The app's modules named `serializers` (or inside a `serializers` package), found by
    their files: only these are imported to be read."""
    top = layout.root / app.folder
    found = []
    for path in sorted(top.rglob("*.py")):
        parts = path.relative_to(top).with_suffix("").parts
        if SKIPPED_FOLDERS & set(parts[:-1]) or "serializers" not in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append(".".join([app.module, *parts]))
    return found


def _schemas_path(layout: ProjectLayout, folder: PurePosixPath) -> PurePosixPath:
    """`contracts/v1/schemas.py` unless it exists and shipyard did not generate it."""
    default = folder / "contracts" / "v1" / "schemas.py"
    current = read_if_present(layout.root / default)
    if current is None or GENERATED in current:
        return default
    return default.with_name("serializer_schemas.py")


def _test_path(layout: ProjectLayout, folder: PurePosixPath) -> PurePosixPath:
    if (layout.root / folder / "tests.py").is_file():
        return folder / TEST_NAME
    return folder / "tests" / TEST_NAME


def _packages(layout: ProjectLayout, folder: PurePosixPath, label: str) -> list[PlannedFile]:
    """The `__init__.py` files the contract and its test need, where they are missing."""
    wanted = {
        folder / "contracts" / "__init__.py": (
            f'"""What the {label} app offers the other apps, by version: the only part of it '
            'they import."""\n'
        ),
        folder / "contracts" / "v1" / "__init__.py": (
            f'"""Version 1 of the {label} app\'s contract."""\n'
        ),
    }
    if not (layout.root / folder / "tests.py").is_file():
        wanted[folder / "tests" / "__init__.py"] = ""
    return [
        PlannedFile(Path(path), text) for path, text in wanted.items()
        if not (layout.root / path).exists()
    ]  # fmt: skip
