"""Django apps whose label would change with their name. Django labels an app by the last part
of its name, and keys its tables, migration history and content types by that label: an app
`project` renamed `users` would find none of its data. An app with an AppConfig gets
`label = "project"` in it (codemods.django); one without gets an AppConfig written for it,
which `INSTALLED_APPS` names instead of the bare name."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

from shipyard.adopt.analysis import Source
from shipyard.adopt.codemods.django import app_configs, installed_apps
from shipyard.adopt.codemods.names import Renaming
from shipyard.adopt.layout import Layout
from shipyard.adopt.model import Found, Note

CONFIG = '''"""An AppConfig written by shipyard adopt to keep this app's old label.

Django keys an app's tables, migrations and content types by its label, which would
otherwise follow the app's new name.
"""

from django.apps import AppConfig


class {cls}(AppConfig):
    """The app `{label}`, now `{name}`."""

    name = "{name}"
    label = "{label}"
'''


def keep_app_labels(
    members: tuple[Found, ...],
    layout: Layout,
    sources: dict[str, Source],
    owners: dict[str, Found],
    renamings: dict[str, Renaming],
) -> tuple[dict[Path, str], list[Note]]:
    """The AppConfigs to write (new path -> text) and notes; each member's renaming learns
    which bare app names `INSTALLED_APPS` must replace by them."""
    written: dict[Path, str] = {}
    notes: list[Note] = []
    for member in members:
        if member.shared:
            continue
        own = [f for f, m in owners.items() if m is member]
        configs, files, told = _configs(member, layout, sources, own)
        renamings[member.name] = replace(renamings[member.name], app_configs=configs)
        written |= files
        notes += told
    return written, notes


def _configs(
    member: Found,
    layout: Layout,
    sources: dict[str, Source],
    files: list[str],
) -> tuple[dict[str, str], dict[Path, str], list[Note]]:
    """For the apps of `member` (whose files are `files`) named bare in an `*_APPS` setting
    and renamed to another last name without an AppConfig: old name -> the AppConfig that
    keeps its label, the apps.py files that define them, and notes."""
    renamed = layout.modules(member.name)
    listed = _listed_apps([sources[f] for f in files if f in sources])
    configs: dict[str, str] = {}
    written: dict[Path, str] = {}
    notes: list[Note] = []
    for code in member.code:
        new = renamed.get(code.name)
        if not code.package or new is None or code.name not in listed:
            continue
        if new.rsplit(".", 1)[-1] == code.name:
            continue  # gathered into the member's package: same last name, same label
        apps = f"{code.path.as_posix()}/apps.py"
        existing = sources.get(apps)
        if (
            existing is not None
            and existing.tree is not None
            and app_configs(list(ast.walk(existing.tree)))
        ):
            continue  # its AppConfig gets the label (codemods.django)
        if apps in files:
            notes.append(
                Note(
                    apps,
                    f"defines no AppConfig: the app `{code.name}`, now `{new}`, is labelled "
                    f'`{new.rsplit(".", 1)[-1]}`; add one with `label = "{code.name}"`, or '
                    "its tables and migration history are not found.",
                )
            )
            continue
        cls = "".join(part.capitalize() for part in code.name.split("_")) + "Config"
        written[layout.new_path(code.path) / "apps.py"] = CONFIG.format(
            label=code.name, name=new, cls=cls
        )
        configs[code.name] = f"{new}.apps.{cls}"
    return configs, written, notes


def _listed_apps(sources: list[Source]) -> set[str]:
    """The bare names listed in `INSTALLED_APPS` (any `*_APPS`) of these files."""
    names: set[str] = set()
    for source in sources:
        if source.tree is None or b"_APPS" not in source.text:
            continue
        for node in installed_apps(list(ast.walk(source.tree))):
            if isinstance(node.value, str) and "." not in node.value:
                names.add(node.value)
    return names
