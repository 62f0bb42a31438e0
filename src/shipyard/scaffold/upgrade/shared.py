"""The files every unit shares, reconciled as `add` edits them: compose.yaml and the root
kustomization merged as YAML data (`yaml_merge`), the root pyproject's dev group given what
the upgraded members' tests need. Text patches would collide with the entries `add` inserts.

compose.yaml holds one entry per member rendered by one template: shipyard's old render must
show each upgraded unit's entries at the version that unit had, and everything else exactly as
in the new render, so only the upgraded units' entries move.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from shipyard.changes.files import PlannedFile
from shipyard.scaffold.add_member import SERVICE_DEV_DEPENDENCIES
from shipyard.scaffold.add_tasks import TASK_DEV_DEPENDENCIES
from shipyard.scaffold.compose_edit import merge_compose
from shipyard.scaffold.k8s import K8S_DIR
from shipyard.scaffold.shared_files import COMPOSE, KUSTOMIZE_SETS
from shipyard.scaffold.upgrade.units import Unit
from shipyard.scaffold.upgrade.versions import TemplateHistory, TemplateVersion
from shipyard.scaffold.yaml_merge import merge_text
from shipyard.scaffold.yaml_roundtrip import Style, dump, parse
from shipyard.workspace import Member, Workspace
from shipyard.workspace.pyproject_edit import add_dev_requirements

KUSTOMIZATION = K8S_DIR / "kustomization.yaml"


def shared_files(
    workspace: Workspace, units: tuple[Unit, ...], history: TemplateHistory
) -> list[PlannedFile]:
    """compose.yaml and the kustomization where the upgrade moves them."""
    versions = {u.member.name if u.member else None: u.record.version for u in units}
    current = history.version(history.current)
    planned = []
    compose = workspace.root / COMPOSE
    if compose.is_file():
        old = _old_compose(workspace, versions, history)
        new = current.compose(workspace)
        if old != new:
            text = compose.read_text(encoding="utf-8")
            planned.append(PlannedFile(COMPOSE, merge_compose(text, old, new, compose), True))
    kustomization = workspace.root / KUSTOMIZATION
    if None in versions and kustomization.is_file():
        old = history.version(versions[None]).kustomization(workspace)
        new = current.kustomization(workspace)
        if old != new:
            text = kustomization.read_text(encoding="utf-8")
            merged = merge_text(text, old, new, kustomization, set_like=KUSTOMIZE_SETS)
            planned.append(PlannedFile(KUSTOMIZATION, merged, True))
    return planned


def with_dev_requirements(text: str, units: tuple[Unit, ...]) -> str:
    """The root pyproject with what the upgraded members' tests need, as `add` gives it."""
    needed: list[str] = []
    for unit in units:
        if unit.record.name == "service":
            needed += SERVICE_DEV_DEPENDENCIES
        elif unit.record.name == "worker" or unit.record.option("tasks") is not None:
            needed += TASK_DEV_DEPENDENCIES
    return add_dev_requirements(text, dict.fromkeys(needed)) if needed else text


def _old_compose(
    workspace: Workspace, versions: Mapping[str | None, int], history: TemplateHistory
) -> str:
    """compose.yaml as the new version renders it, but with the entries of each upgraded unit
    as its own version rendered them (the workspace's: infrastructure, volumes, scenarios)."""
    base = history.version(versions.get(None, history.current))
    text = base.compose(workspace)
    # Members not upgraded are as the new render has them: unchanged by the merge.
    old = {m: versions.get(m.name, history.current) for m in workspace.deployed}
    moved = {member: number for member, number in old.items() if number != base.number}
    if not moved:
        return text
    document = parse(text)
    services = document["services"]
    for member, number in moved.items():
        at_base = _owned(base, workspace, member)
        at_version = _owned(history.version(number), workspace, member)
        keys = list(services)
        where = min((keys.index(k) for k in at_base), default=len(keys))
        for key in at_base:
            del services[key]
        for offset, (key, value) in enumerate(at_version.items()):
            services.insert(where + offset, key, value)
    return dump(document, Style(), text)


def _owned(version: TemplateVersion, workspace: Workspace, member: Member) -> dict[str, object]:
    """The compose services that are `member`'s at `version`: those its presence adds."""
    services = parse(version.compose(workspace))["services"]
    others = replace(workspace, members=tuple(m for m in workspace.members if m != member))
    without = set(parse(version.compose(others))["services"])
    return {key: services[key] for key in services if key not in without}
