"""The cache: what each file yields (imports, file-check findings, suppressions) keyed by its
stat, plus what member and workspace checks found, keyed by digests of their inputs.

One `marshal` file under `.shipyard/cache/`, read once per run: marshal is the fastest format
Python reads, and a warm run is mostly reading it. A file's imports stay encoded until a rule
needs them, so a run that changed one file decodes one member's imports. Any problem reading the
cache means a cold run, and any problem writing it is ignored: the cache only ever saves time.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

from shipyard.graph import IndexState, RawImport
from shipyard.rules.files import Stamp
from shipyard.rules.finding import AddDependency, Finding, Fix, RewriteExport, Severity
from shipyard.rules.suppress import Suppressions

CACHE_DIR = ".shipyard/cache"
CACHE_FILE = "check.marshal"


Dependency = tuple[str, int, int]
"""Another file a file's result was computed from: (root-relative path, *its stamp)."""


class FileResult:
    __slots__ = ("_encoded", "_imports", "depends", "findings", "suppressions")

    def __init__(
        self,
        imports: list[RawImport] | None,
        findings: list[Finding],
        suppressions: Suppressions,
        encoded: bytes | None = None,
        depends: Dependency | None = None,
    ) -> None:
        self._imports = imports
        self._encoded = encoded
        self.findings = findings
        self.suppressions = suppressions
        self.depends = depends
        """The result holds while this file is unchanged too (rare: see `SourceFile`)."""

    @property
    def imports(self) -> list[RawImport]:
        if self._imports is None:
            self._imports = [RawImport(*i) for i in marshal.loads(self._encoded or b"")]
        return self._imports

    def dump(self, stamp: Stamp) -> tuple[Any, ...]:
        if self._encoded is None:
            self._encoded = marshal.dumps([tuple(i) for i in self.imports])
        findings = [
            (f.line, f.col, f.code, f.message, f.severity.value, f.others) for f in self.findings
        ]
        return (*stamp, self._encoded, findings, self.suppressions, self.depends)

    @classmethod
    def load(cls, path: str, row: tuple[Any, ...]) -> FileResult:
        findings = [
            Finding(path, f[0], f[1], f[2], f[3], Severity(f[4]), others=f[5]) for f in row[3]
        ]
        return cls(None, findings, row[4], encoded=row[2], depends=row[5])


def encode_findings(findings: list[Finding]) -> list[tuple[Any, ...]]:
    return [
        (
            f.path,
            f.line,
            f.col,
            f.code,
            f.message,
            f.severity.value,
            f.fix and _fix(f.fix),
            f.others,
        )
        for f in findings
    ]


def _fix(fix: Fix) -> tuple[Any, ...]:
    if isinstance(fix, RewriteExport):
        return ("export", fix.member)
    return ("add", fix.member, fix.requirement, fix.workspace)


def decode_findings(rows: list[tuple[Any, ...]]) -> list[Finding]:
    return [
        Finding(row[0], row[1], row[2], row[3], row[4], Severity(row[5]), _unfix(row[6]), row[7])
        for row in rows
    ]


def _unfix(row: tuple[Any, ...] | None) -> Fix | None:
    if not row:
        return None
    if row[0] == "export":
        return RewriteExport(row[1])
    return AddDependency(row[1], row[2], workspace=row[3])


class Cache:
    def __init__(self, root: Path, key: str, *, enabled: bool = True) -> None:
        self.file = root / CACHE_DIR / CACHE_FILE
        self.key = key
        self.enabled = enabled
        data = self._read() if enabled else {}
        self.rows: dict[str, tuple[Any, ...]] = data.get("files", {})
        self.memo: dict[str, tuple[str, Any]] = data.get("memo", {})
        self.index: tuple[str, IndexState] | None = data.get("index")
        self.changed = False

    def put(self, path: str, stamp: Stamp, result: FileResult) -> None:
        self.rows[path] = result.dump(stamp)
        self.changed = True

    def recall(self, name: str, digest: str) -> Any:
        """What was stored under `name` for inputs with this digest, or None."""
        entry = self.memo.get(name)
        return entry[1] if entry is not None and entry[0] == digest else None

    def remember(self, name: str, digest: str, value: Any) -> None:
        if self.memo.get(name, ("",))[0] != digest:
            self.memo[name] = (digest, value)
            self.changed = True

    def keep_index(self, digest: str, state: IndexState) -> None:
        if self.index is None or self.index[0] != digest:
            self.index = (digest, state)
            self.changed = True

    def save(self, present: set[str]) -> None:
        """Write it all when anything changed, forgetting files that are gone."""
        if not self.enabled:
            return
        gone = set(self.rows) - present
        for path in gone:
            del self.rows[path]
        if not (self.changed or gone):
            return
        data = {"key": self.key, "files": self.rows, "memo": self.memo, "index": self.index}
        with contextlib.suppress(OSError):  # a read-only checkout is checked, just not faster
            self.file.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.file.parent.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# Created by shipyard: a cache, never commit it.\n*\n")
            fd, temporary = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                marshal.dump(data, out)
            os.replace(temporary, self.file)

    def _read(self) -> dict[str, Any]:
        try:
            data = marshal.loads(self.file.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        if not isinstance(data, dict) or data.get("key") != self.key:
            return {}
        return data
