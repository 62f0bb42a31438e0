"""An app registered in a Django project: appended to INSTALLED_APPS in the settings module
that assigns it (the settings module found from manage.py, or a module it star-imports), and
its URLs included in ROOT_URLCONF. Nothing to do where it is registered already; a layout that
cannot be edited safely is refused in one sentence saying what to add by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import libcst as cst

from shipyard.changes.files import PlannedFile
from shipyard.django.layout import ProjectLayout
from shipyard.errors import ShipyardError
from shipyard.scaffold.django_codemod import (
    INSTALLED_APPS,
    UnsafeEditError,
    add_installed_app,
    add_urlpattern,
    assignments,
)


def registration(
    layout: ProjectLayout, entry: str, urls: tuple[str, str] | None, command: str
) -> list[PlannedFile]:
    """The settings (and URL configuration) with `entry` in INSTALLED_APPS and, when `urls` is
    (prefix, module), `path(prefix, include(module))` in urlpatterns."""
    by_hand = [f'"{entry}" to INSTALLED_APPS']
    if urls is not None:
        by_hand.append(f'path("{urls[0]}", include("{urls[1]}")) to urlpatterns')
    advice = f"{' and '.join(by_hand)} by hand and run `{command} --no-register`"
    files = []
    if entry not in layout.installed:
        settings = _assigning_file(layout, advice)
        files.append(_edited(layout, settings, advice, lambda t: add_installed_app(t, entry)))
    if urls is not None:
        if layout.urlconf_file is None:
            raise ShipyardError(
                f'The settings have no ROOT_URLCONF = "..." shipyard can read: add {advice}.'
            )
        prefix, module = urls
        files.append(
            _edited(
                layout, layout.urlconf_file, advice, lambda t: add_urlpattern(t, prefix, module)
            )
        )
    return [f for f in files if f.content != layout.read(f.path.as_posix())]


def _assigning_file(layout: ProjectLayout, advice: str) -> str:
    """The one settings file that assigns INSTALLED_APPS (the others may only extend it)."""
    holders = []
    for path in layout.settings_files:
        try:
            found, nested = assignments(cst.parse_module(layout.read(path)), INSTALLED_APPS)
        except cst.ParserSyntaxError:
            raise ShipyardError(f"{path} does not parse; add {advice}.") from None
        if found or nested:
            holders.append(path)
    if not holders:
        raise ShipyardError(
            f"Neither {layout.settings_file} nor a module it star-imports assigns "
            f"INSTALLED_APPS; add {advice}."
        )
    if len(holders) > 1:
        raise ShipyardError(
            f"INSTALLED_APPS is assigned in {' and '.join(holders)}, so shipyard cannot tell "
            f"which to edit; add {advice}."
        )
    return holders[0]


def _edited(
    layout: ProjectLayout, path: str, advice: str, edit: Callable[[str], str]
) -> PlannedFile:
    try:
        text = edit(layout.read(path))
    except UnsafeEditError as reason:
        raise ShipyardError(f"{path} cannot be edited safely ({reason}); add {advice}.") from None
    return PlannedFile(Path(path), text, managed=True)
