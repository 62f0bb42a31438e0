"""The rule registry: rule families register here; the engine only ever reads it.

Three kinds of check exist, by what their findings depend on, which is what lets a warm run
skip them. A *file check* sees one file at a time: cached per file. A *member check* sees one
member (its files, its imports resolved against the workspace): cached per member until one of
its files, or the workspace's shape, changes. A *workspace check* sees everything; it is cached
only when it names its `inputs` (the files whose change can change its findings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shipyard.rules.finding import Finding, Fix, Severity

if TYPE_CHECKING:
    from shipyard.rules.context import CheckContext
    from shipyard.rules.source import SourceFile
    from shipyard.workspace import Member

FileCheckFn = Callable[["SourceFile"], Iterable[Finding]]
WorkspaceCheckFn = Callable[["CheckContext"], Iterable[Finding]]
MemberCheckFn = Callable[["CheckContext", "Member"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    """Kebab-case, e.g. `cross-service-import`; shown in docs and SARIF."""
    severity: Severity
    summary: str
    """One line: what the rule forbids."""

    def finding(
        self, path: str, line: int, col: int, message: str, fix: Fix | None = None
    ) -> Finding:
        return Finding(path, line, col, self.code, message, self.severity, fix)


@dataclass(frozen=True)
class FileCheck:
    codes: frozenset[str]
    applies: Callable[[str], bool]
    """Takes the file's root-relative path."""
    run: FileCheckFn


@dataclass(frozen=True)
class MemberCheck:
    codes: frozenset[str]
    run: MemberCheckFn


@dataclass(frozen=True)
class WorkspaceCheck:
    codes: frozenset[str]
    run: WorkspaceCheckFn
    inputs: Callable[[str], bool] | None = None
    """Root-relative paths the findings depend on (besides the workspace's members); None
    means the check runs every time."""


def check_id(run: Callable[..., object]) -> str:
    return f"{run.__module__}.{run.__qualname__}"


@dataclass
class Registry:
    rules: dict[str, Rule] = field(default_factory=dict)
    file_checks: list[FileCheck] = field(default_factory=list)
    member_checks: list[MemberCheck] = field(default_factory=list)
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

    def member_check(self, *rules: Rule) -> Callable[[MemberCheckFn], MemberCheckFn]:
        def register(fn: MemberCheckFn) -> MemberCheckFn:
            self.member_checks.append(MemberCheck(frozenset(r.code for r in rules), fn))
            return fn

        return register

    def workspace_check(
        self, *rules: Rule, inputs: Callable[[str], bool] | None = None
    ) -> Callable[[WorkspaceCheckFn], WorkspaceCheckFn]:
        def register(fn: WorkspaceCheckFn) -> WorkspaceCheckFn:
            codes = frozenset(r.code for r in rules)
            self.workspace_checks.append(WorkspaceCheck(codes, fn, inputs))
            return fn

        return register


def python_file(path: str) -> bool:
    return path.endswith(".py")


def any_file(path: str) -> bool:
    return True


REGISTRY = Registry()
"""The built-in rules; `shipyard.rules.builtin` fills it by importing every family."""
