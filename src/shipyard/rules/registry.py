"""The rule registry: rule families register here; the engine only ever reads it.

Two kinds of check exist. A *file check* sees one file at a time, so its findings can be cached
per file. A *workspace check* sees the whole workspace (members, import graph) and runs every time,
on data that is cheap once the per-file work is cached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shipyard.rules.finding import Finding, Severity

if TYPE_CHECKING:
    from shipyard.rules.context import CheckContext
    from shipyard.rules.source import SourceFile

FileCheckFn = Callable[["SourceFile"], Iterable[Finding]]
WorkspaceCheckFn = Callable[["CheckContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    """Kebab-case, e.g. `cross-service-import`; shown in docs and SARIF."""
    severity: Severity
    summary: str
    """One line: what the rule forbids."""

    def finding(self, path: str, line: int, col: int, message: str) -> Finding:
        return Finding(path, line, col, self.code, message, self.severity)


@dataclass(frozen=True)
class FileCheck:
    codes: frozenset[str]
    applies: Callable[[str], bool]
    """Takes the file's root-relative path."""
    run: FileCheckFn


@dataclass(frozen=True)
class WorkspaceCheck:
    codes: frozenset[str]
    run: WorkspaceCheckFn


@dataclass
class Registry:
    rules: dict[str, Rule] = field(default_factory=dict)
    file_checks: list[FileCheck] = field(default_factory=list)
    workspace_checks: list[WorkspaceCheck] = field(default_factory=list)

    def rule(self, code: str, name: str, severity: Severity, summary: str) -> Rule:
        if code in self.rules:
            raise ValueError(f"rule {code} is registered twice")
        self.rules[code] = Rule(code, name, severity, summary)
        return self.rules[code]

    def file_check(
        self, *rules: Rule, applies: Callable[[str], bool]
    ) -> Callable[[FileCheckFn], FileCheckFn]:
        def register(fn: FileCheckFn) -> FileCheckFn:
            self.file_checks.append(FileCheck(frozenset(r.code for r in rules), applies, fn))
            return fn

        return register

    def workspace_check(self, *rules: Rule) -> Callable[[WorkspaceCheckFn], WorkspaceCheckFn]:
        def register(fn: WorkspaceCheckFn) -> WorkspaceCheckFn:
            self.workspace_checks.append(WorkspaceCheck(frozenset(r.code for r in rules), fn))
            return fn

        return register


def python_file(path: str) -> bool:
    return path.endswith(".py")


def any_file(path: str) -> bool:
    return True


REGISTRY = Registry()
"""The built-in rules; `shipyard.rules.builtin` fills it by importing every family."""
