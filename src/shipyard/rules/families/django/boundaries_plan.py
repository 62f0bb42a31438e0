"""What `shipyard boundaries` writes, as a FilePlan: each app's README sections and the
extraction guide. Hand-written README text outside the markers is kept; a guide shipyard did
not write is not replaced without --force."""

from __future__ import annotations

from pathlib import Path

from shipyard.changes import FilePlan, PlannedFile
from shipyard.changes.files import read_if_present
from shipyard.errors import ShipyardError
from shipyard.rules.families.django.boundaries import AppBoundary, ProjectBoundaries
from shipyard.rules.families.django.docs import (
    GUIDE_MARK,
    extraction_guide,
    readme_sections,
    update_readme,
)

README_NAMES = ("README.md", "readme.md", "Readme.md")
GUIDE = Path("docs/MICROSERVICES_EXTRACTION.md")


def boundaries_plan(root: Path, projects: list[ProjectBoundaries], only: str | None) -> FilePlan:
    """The READMEs of every app (of `only`, by module or label), and the guide."""
    apps = [app for project in projects for app in project.apps]
    if not apps:
        raise ShipyardError(f"{root} has no Django project (no manage.py, settings or apps.py).")
    chosen = [app for app in apps if only in (None, app.app.module, app.app.label)]
    if not chosen:
        names = ", ".join(sorted(app.app.module for app in apps))
        raise ShipyardError(f"No Django app is named {only!r}; the apps are: {names}.")
    files = [_readme(root, app) for app in chosen]
    guide = read_if_present(root / GUIDE)
    ours = guide is None or GUIDE_MARK in guide
    files.append(PlannedFile(GUIDE, extraction_guide(projects), managed=ours))
    return FilePlan(root, tuple(files))


def chosen_apps(projects: list[ProjectBoundaries], only: str | None) -> list[AppBoundary]:
    return [
        app for project in projects for app in project.apps
        if only in (None, app.app.module, app.app.label)
    ]  # fmt: skip


def _readme(root: Path, app: AppBoundary) -> PlannedFile:
    folder = Path(app.app.folder)
    path = next((folder / n for n in README_NAMES if (root / folder / n).is_file()), None)
    path = path or folder / "README.md"
    text = update_readme(read_if_present(root / path), app.app.label, readme_sections(app))
    return PlannedFile(path, text, managed=True)
