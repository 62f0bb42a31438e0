"""The plan of `shipyard add core`: the shared kernel every app of a Django project builds on
(base models, BaseService, permissions, errors, pagination, validators, events, contract
checks, with their tests), registered in INSTALLED_APPS, its dependencies declared."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from shipyard.changes.files import FilePlan, PlannedFile
from shipyard.django.layout import CORE_MARK, DEFAULT_CORE, ProjectLayout
from shipyard.errors import ShipyardError
from shipyard.scaffold.context import DjangoCoreContext
from shipyard.scaffold.django_format import format_python
from shipyard.scaffold.django_register import registration
from shipyard.scaffold.django_tooling import core_tooling
from shipyard.scaffold.render import render_tree

LOCK = Path("uv.lock")
APP_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
DRF = "rest_framework"


@dataclass(frozen=True)
class DjangoScaffold:
    plan: FilePlan
    notes: list[str] = field(default_factory=list)
    """What the user should know: where it went and why, what to do by hand."""
    lock: bool = False
    """Dependencies were declared in a uv project: `uv lock` should follow."""


def plan_add_core(
    layout: ProjectLayout, name: str = DEFAULT_CORE, *, register: bool = True
) -> DjangoScaffold:
    if not APP_NAME.match(name):
        raise ShipyardError(
            f"{name!r} is not a valid app name: use lowercase letters, digits and _, starting "
            "with a letter."
        )
    if DRF not in layout.installed:
        raise ShipyardError(
            "shipyard's core is built on Django REST framework: add rest_framework to "
            "INSTALLED_APPS (and djangorestframework to the dependencies) first."
        )
    ours = layout.core_app()
    if ours is not None and ours.module.rpartition(".")[2] != name:
        raise ShipyardError(f"This project has shipyard's core already: {ours.folder}.")
    existing = layout.app_labelled(name)
    home = layout.app_home()
    if existing is not None and ours is None:
        raise ShipyardError(
            f"{existing.folder} is an app labelled {name} that shipyard did not make; add "
            "shipyard's core under another name (--name kernel)."
        )
    target = home.folder_of(name)
    if existing is None and _foreign_package(layout, target):
        raise ShipyardError(
            f"{target} is a package shipyard did not make; add shipyard's core under another "
            "name (--name kernel)."
        )
    if existing is not None:
        folder, module, where = existing.folder, existing.module, "where it is"
    else:
        folder, module, where = target, home.module_of(name), home.reason
    context = DjangoCoreContext(
        core=module,
        label=name,
        config_class=f"{name.title().replace('_', '')}Config",
        folder=relative_to_base(layout, folder),
    )
    files = render_tree("django/core", Path(folder), context)
    package = PurePosixPath(folder).parent
    if home.prefix and existing is None and not (layout.root / package / "__init__.py").exists():
        files.append(PlannedFile(Path(package, "__init__.py"), ""))
    files = format_python(files, layout)
    if register:
        files += registration(layout, module, None, "shipyard add core")
    tooling = core_tooling(layout, name)
    files += tooling.files
    notes = [f"{name} is {folder} (module {module}): {where}.", *tooling.advice]
    lock = tooling.dependencies_changed and (layout.root / LOCK).is_file()
    if tooling.dependencies_changed:
        notes.append("Its dependencies were declared: install them (`uv sync`) before `add app`.")
    if not register:
        notes.append(f'Add "{module}" to INSTALLED_APPS by hand.')
    guarded = (LOCK,) if lock else ()
    return DjangoScaffold(FilePlan(layout.root, tuple(files), guarded=guarded), notes, lock)


def _foreign_package(layout: ProjectLayout, folder: str) -> bool:
    init = layout.root / folder / "__init__.py"
    try:
        return CORE_MARK not in init.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError):
        return True


def relative_to_base(layout: ProjectLayout, folder: str) -> str:
    """`folder` (root-relative) as seen from the folder of manage.py, where pytest runs."""
    if not layout.base:
        return folder
    return PurePosixPath(folder).relative_to(layout.base).as_posix()
