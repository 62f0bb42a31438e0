"""The plan of `shipyard add core`: the shared kernel every app of a Django project builds on
(base models, BaseService, permissions, errors, pagination, validators, events, contract
checks, with their tests), registered in INSTALLED_APPS, its dependencies declared."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from shipyard.changes.files import FilePlan, PlannedFile
from shipyard.django.layout import CORE_LABEL, CORE_MARK, ProjectLayout
from shipyard.errors import ShipyardError
from shipyard.scaffold.django_format import format_python
from shipyard.scaffold.django_register import registration
from shipyard.scaffold.django_tooling import core_tooling
from shipyard.scaffold.render import render_tree

LOCK = Path("uv.lock")
DRF = "rest_framework"


@dataclass(frozen=True)
class DjangoScaffold:
    plan: FilePlan
    notes: list[str] = field(default_factory=list)
    """What the user should know: where it went and why, what to do by hand."""
    lock: bool = False
    """Dependencies were declared in a uv project: `uv lock` should follow."""


def plan_add_core(layout: ProjectLayout, *, register: bool = True) -> DjangoScaffold:
    if DRF not in layout.installed:
        raise ShipyardError(
            "shipyard's core is built on Django REST framework: add rest_framework to "
            "INSTALLED_APPS (and djangorestframework to the dependencies) first."
        )
    existing = layout.app_labelled(CORE_LABEL)
    home = layout.app_home()
    if existing is not None and layout.core_app() is None:
        raise ShipyardError(
            f"{existing.folder} is an app labelled core that shipyard did not make; rename it "
            "(or its label) to add shipyard's core."
        )
    target = home.folder_of(CORE_LABEL)
    if existing is None and _foreign_package(layout, target):
        raise ShipyardError(
            f"{target} is a package shipyard did not make; move it away to add shipyard's core "
            "there."
        )
    if existing is not None:
        folder, module, where = existing.folder, existing.module, "where it is"
    else:
        folder, module, where = home.folder_of(CORE_LABEL), home.module_of(CORE_LABEL), home.reason
    context = {"core": module, "folder": relative_to_base(layout, folder)}
    files = render_tree("django/core", Path(folder), context)
    package = PurePosixPath(folder).parent
    if home.prefix and existing is None and not (layout.root / package / "__init__.py").exists():
        files.append(PlannedFile(Path(package, "__init__.py"), ""))
    files = format_python(files, layout)
    if register:
        files += registration(layout, module, None, "shipyard add core")
    tooling = core_tooling(layout, CORE_LABEL)
    files += tooling.files
    notes = [f"core is {folder} (module {module}): {where}.", *tooling.advice]
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
