"""`--fix`: the safe edits findings carry. Missing dependencies are written to the members'
pyprojects in one atomic plan, followed by `uv lock`; if the lock fails, every pyproject is put
back as it was. Then stale requirements exports are written again from the lock, in a second
atomic plan (the lock they are exported from may be the one the first step wrote).

Edits go through tomlkit so that comments, order and layout of the pyproject survive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement

from shipyard.changes.files import Action, FilePlan, PlannedFile, apply
from shipyard.rules.families.declared import is_build_tool
from shipyard.rules.families.export import FILE, export_of
from shipyard.rules.finding import AddDependency, Finding, RewriteExport
from shipyard.tools import uv_lock
from shipyard.workspace import Member, Workspace
from shipyard.workspace import canonical_name as canonical
from shipyard.workspace.pyproject_edit import declare_dependency
from shipyard.workspace.requirements_export import render

PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class Applied:
    fix: AddDependency

    def __str__(self) -> str:
        return f"added {self.fix.requirement} to {self.fix.member}/{PYPROJECT}"


@dataclass(frozen=True)
class Exported:
    path: str

    def __str__(self) -> str:
        return f"wrote {self.path} from uv.lock"


def fixes_of(findings: Iterable[Finding]) -> list[AddDependency]:
    """One fix per member and distribution, in a stable order. A build tool (setuptools,
    Cython...) is never made a runtime dependency, whatever a finding carries."""
    unique: dict[tuple[str, str], AddDependency] = {}
    for finding in findings:
        fix = finding.fix
        if isinstance(fix, AddDependency) and not is_build_tool(fix.requirement):
            unique.setdefault((fix.member, _name(fix.requirement)), fix)
    return [unique[key] for key in sorted(unique)]


def exports_of(findings: Iterable[Finding]) -> list[RewriteExport]:
    """One rewrite per member whose export is stale or missing, in a stable order."""
    wanted = {f.fix for f in findings if isinstance(f.fix, RewriteExport)}
    return sorted(wanted, key=lambda fix: fix.member)


def apply_fixes(
    root: Path, fixes: list[AddDependency], lock: Callable[[Path], None] = uv_lock
) -> list[Applied]:
    """Edit the pyprojects and re-lock, all or nothing; returns what was done."""
    by_member: dict[str, list[AddDependency]] = {}
    for fix in fixes:
        by_member.setdefault(fix.member, []).append(fix)
    planned: list[PlannedFile] = []
    applied: list[Applied] = []
    for member, wanted in sorted(by_member.items()):
        path = Path(member) / PYPROJECT
        text = (root / path).read_text(encoding="utf-8")
        document = tomlkit.parse(text)
        done = [fix for fix in wanted if _add(document, fix)]
        if done:
            content = tomlkit.dumps(document).rstrip("\n") + "\n"  # a new last table has none
            planned.append(PlannedFile(path, content, managed=True))
            applied.extend(Applied(fix) for fix in done)
    if planned:
        plan = FilePlan(root, tuple(planned), guarded=(Path("uv.lock"),))
        apply(plan, then=lambda: lock(root), whole=True)
    return applied


def _add(document: tomlkit.TOMLDocument, fix: AddDependency) -> bool:
    """Declare `fix.requirement` in `[project] dependencies`; False when that is not safe."""
    return declare_dependency(document, fix.requirement, workspace=fix.workspace, keep_sorted=True)


def _name(requirement: str) -> str:
    try:
        return canonical(Requirement(requirement).name)
    except InvalidRequirement:
        return requirement


def rewrite_exports(
    workspace: Workspace, fixes: list[RewriteExport], *, whole: bool = True
) -> list[Exported]:
    """Export each member's requirements from uv.lock again, all files or none; a member that
    no longer sets export-requirements is left alone. `whole`: as for `apply`, False when
    this is one step of a larger change."""
    folders = {fix.member for fix in fixes}
    planned = [
        PlannedFile(Path(member.file(FILE)), _exported(workspace.root, member), managed=True)
        for member in workspace.members
        if member.export_requirements and member.folder in folders
    ]
    plan = FilePlan(workspace.root, tuple(planned))
    written = [
        Exported(f.path.as_posix()) for f in planned if plan.action(f) is not Action.UNCHANGED
    ]
    if written:
        apply(plan, whole=whole)
    return written


def _exported(root: Path, member: Member) -> str:
    return render(export_of(root, member), member.name, member.file(FILE))
