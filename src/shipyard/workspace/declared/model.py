"""What a project declares it depends on: plain values, and the collector the readers fill."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

MAIN = "main"


@dataclass(frozen=True)
class Requirement:
    """One declared dependency, whatever file and format declared it."""

    name: str
    """PEP 503 canonical distribution name."""
    specifier: str
    """PEP 440 specifier, normalised (Poetry's `^1.2` becomes `>=1.2,<2.0`); '' when any version."""
    marker: str | None
    """PEP 508 environment marker (Poetry's `python`, `platform` and `markers` translated)."""
    extras: tuple[str, ...]
    url: str | None
    """A direct reference as written: `git+https://...`, a URL, or a local path."""
    group: str
    """`main` for runtime; a group name (`dev`, `test`, ...); `extra:NAME` for an optional extra."""
    source: str
    """`path:line` of the declaration, the path relative to the folder read."""


@dataclass(frozen=True)
class DeclaredDependencies:
    requirements: tuple[Requirement, ...]
    sources: tuple[Path, ...]
    """Every file read, in the order read."""
    problems: tuple[str, ...]
    """One sentence each: what could not be read, and where."""
    constraints: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Canonical name -> specifier pinned without being declared: `-c` files, the `.txt` of a
    pip-tools pair, and declarations that an earlier format overrides (see `read_declared`)."""

    def group(self, name: str) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.group == name)


def runtime_names(declared: DeclaredDependencies) -> frozenset[str]:
    """Canonical names of the runtime (`main`) requirements."""
    return frozenset(r.name for r in declared.requirements if r.group == MAIN)


@dataclass
class Reading:
    """What one format's reader found in a folder, before the formats are combined."""

    directory: Path
    requirements: list[Requirement] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    sources: list[Path] = field(default_factory=list)
    constraints: dict[str, str] = field(default_factory=dict)

    def where(self, path: Path, line: int | None = None) -> str:
        """`path:line` relative to the folder read, for sources and messages."""
        relative = os.path.relpath(path, self.directory)
        return relative if line is None else f"{relative}:{line}"

    def problem(self, path: Path, line: int | None, sentence: str) -> None:
        self.problems.append(f"{self.where(path, line)}: {sentence}")

    def read(self, path: Path) -> str | None:
        """The text of `path`, noted as a source; None (and a problem) when it cannot be read."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.problem(path, None, f"cannot be read ({reason}).")
            return None
        if path not in self.sources:
            self.sources.append(path)
        return text

    def pin(self, requirement: Requirement) -> None:
        """Record a constraint; the first one read for a name wins."""
        if requirement.specifier:
            self.constraints.setdefault(requirement.name, requirement.specifier)

    def groups(self) -> set[str]:
        return {r.group for r in self.requirements}
