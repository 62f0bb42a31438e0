"""compose.yaml edited in place: shipyard's entries follow the model, the user's stay.

shipyard owns the services its template renders (each service and its migration job, each
worker, each scenario's test runner, the infrastructure they use) and the volumes they mount;
everything else in the file is the user's. An `add` merges shipyard's entries three ways (see
`three_way`): its render before the change, the user's file, its render after the change.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from shipyard.scaffold.three_way import position_after
from shipyard.scaffold.yaml_merge import merge_text
from shipyard.scaffold.yaml_nodes import own_keys
from shipyard.scaffold.yaml_roundtrip import load_mapping
from shipyard.workspace import Workspace

# Lists that compose reads as sets: items merge one by one.
SET_LIKE = frozenset(
    {"profiles", "ports", "volumes", "depends_on", "env_file", "networks", "expose", "secrets"}
)
# `"${CATALOG_PORT:-8001}:8000"`: the port a service had when shipyard last wrote its entry.
PORT_MAPPING = re.compile(r"^\$\{(?P<variable>\w+)_PORT:-(?P<port>\d+)\}:8000$")
# Named volumes, unlike bind mounts, start with neither a path nor a variable.
NOT_NAMED = (".", "/", "~", "$")


def recorded_workspace(workspace: Workspace, text: str, path: Path) -> Workspace:
    """`workspace` with each service's port as the compose file records it, when the file
    has shipyard's port mapping: a port changed in the member's pyproject since then is a
    change of the model, not a hand edit of compose.yaml.

    So the default port in shipyard's own mapping (`${CATALOG_PORT:-8001}:8000`) follows
    `[tool.shipyard] port`, as `shipyard up` does, even when edited in compose.yaml; a mapping
    written any other way (`8080:8000`) is the user's and stays."""
    services = load_mapping(text, path).get("services")
    if not isinstance(services, dict):
        return workspace
    members = []
    for member in workspace.members:
        entry = services.get(member.name)
        ports = entry.get("ports") if isinstance(entry, dict) else None
        for mapping in ports if isinstance(ports, list) else ():
            found = PORT_MAPPING.match(str(mapping))
            if found and found["variable"] == member.import_name.upper():
                member = replace(member, port=int(found["port"]))
        members.append(member)
    return replace(workspace, members=tuple(members))


def merge_compose(text: str, old: str, new: str, path: Path) -> str:
    """The user's compose file `text` with shipyard's entries moved from its render `old` to
    its render `new`, and the infrastructure and volumes they use added where missing."""
    return merge_text(
        text, old, new, path, set_like=SET_LIKE, sections=("services",), complete=_complete
    )


def _complete(user: CommentedMap, old: CommentedMap, new: CommentedMap) -> None:
    owned = set(old["services"]) | set(new["services"])
    _add_used_services(user["services"], new["services"], owned)
    _add_used_volumes(user, new)


def _add_used_services(services: CommentedMap, rendered: CommentedMap, owned: set[str]) -> None:
    """Infrastructure an entry of shipyard's depends on (postgres, redis), put back when the
    user removed it: without it compose refuses to start anything."""
    missing = [
        name
        for entry in (services[n] for n in list(services) if n in owned)
        for name in _depends_on(entry)
        if name not in services and name in rendered
    ]
    for name in dict.fromkeys(missing):
        where = position_after(own_keys(services), list(rendered), name)
        services.insert(where, name, rendered[name])
        _add_used_services(services, rendered, {name})


def _add_used_volumes(document: CommentedMap, rendered: CommentedMap) -> None:
    """The named volumes shipyard declares (postgres-data) that a service mounts."""
    declared = rendered.get("volumes") or {}
    used = {
        name
        for entry in document["services"].values()
        if isinstance(entry, dict)
        for name in _named_volumes(entry)
        if name in declared
    }
    if not used:
        return
    volumes = document.get("volumes")
    if volumes is None:
        volumes = CommentedMap()
        where = position_after(own_keys(document), list(rendered), "volumes")
        document.insert(where, "volumes", volumes)
    if isinstance(volumes, CommentedMap):
        for name in sorted(used - set(volumes)):
            volumes[name] = declared[name]


def _depends_on(entry: Any) -> list[str]:
    depends = entry.get("depends_on") if isinstance(entry, dict) else None
    if isinstance(depends, dict | list):
        return [str(name) for name in depends]
    return []


def _named_volumes(entry: dict[str, Any]) -> list[str]:
    names = []
    for volume in entry.get("volumes") or ():
        if isinstance(volume, str):
            source = volume.split(":", 1)[0]
            if ":" in volume and source and not source.startswith(NOT_NAMED):
                names.append(source)
        elif isinstance(volume, dict) and volume.get("type", "volume") == "volume":
            names.append(str(volume.get("source", "")))
    return names
