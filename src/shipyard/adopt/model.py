"""The plain values of an adoption: what was found, and the plan made of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from shipyard.workspace import Role, Runtime
from shipyard.workspace.declared import DeclaredDependencies


@dataclass(frozen=True)
class Code:
    """A top-level package (a folder) or module (a `.py` file) of a member's code."""

    name: str
    """The import name as written today (`project`, `wsgi`)."""
    path: Path
    """Relative to the repository root."""
    package: bool
    initialised: bool = True
    """A package with its `__init__.py` (a namespace package has none)."""


@dataclass(frozen=True)
class Found:
    """A member of the future workspace, as it is today."""

    name: str
    """Distribution name in the workspace (canonical)."""
    role: Role
    runtime: Runtime | None
    old: Path
    """Its folder today, relative to the root (`.` for a single-application repository)."""
    new: Path
    """`services/NAME` or `libs/NAME`."""
    code: tuple[Code, ...]
    declared: DeclaredDependencies | None
    """None for shared code that declares nothing (a `common/` folder on sys.path)."""
    entries: tuple[Path, ...] = ()
    """What moves with it, relative to the root: the folder, or a root application's entries."""
    dockerfile: Path | None = None
    shared: bool = False
    """Shared code that members reached through sys.path, PYTHONPATH or the root folder."""

    @property
    def import_name(self) -> str:
        return self.name.replace("-", "_")


@dataclass(frozen=True)
class Move:
    """`git mv old new`, both relative to the root, in the order they run."""

    old: Path
    new: Path


@dataclass(frozen=True)
class Rename:
    """Code whose import name changes: `project` -> `users` (in users/ only), `wsgi` ->
    `inventory.wsgi`."""

    member: str
    """The member whose files see this name (the shared code's renames hold everywhere)."""
    old: str
    new: str
    reason: str


@dataclass(frozen=True)
class Edit:
    """What a codemod did to one file: counts per kind of edit, and what it left."""

    path: Path
    """The file's new path, relative to the root."""
    counts: dict[str, int]
    content: str


@dataclass(frozen=True)
class Note:
    """Something adopt could not do by itself, or did and wants read: `path:line: sentence`."""

    where: str
    message: str


@dataclass(frozen=True)
class Analysis:
    root: Path
    name: str
    """The workspace's name."""
    members: tuple[Found, ...]
    ignored: tuple[Note, ...]
    """Folders that looked like members and why they are not (not Python, no code...)."""
    root_declared: DeclaredDependencies | None = None
    """A root that only declares tools for the members below it (the two-level layout)."""
    sys_path_targets: dict[Path, tuple[Path, ...]] = field(default_factory=dict)
    """File -> the folders its sys.path/site.addsitedir calls add (those that could be told)."""
