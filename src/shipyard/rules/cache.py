"""The per-file cache: what a file yields (imports, file-check findings, suppressions), keyed by
its stat, so a warm run reads only the files that changed.

One JSON document under `.shipyard/cache/` at the workspace root; any problem reading it means
a cold run, and any problem writing it is ignored: the cache only ever saves time.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from shipyard.graph import RawImport
from shipyard.rules.files import Stamp
from shipyard.rules.finding import Finding, Severity
from shipyard.rules.suppress import Suppressions

CACHE_DIR = ".shipyard/cache"
CACHE_FILE = "check.json"


class FileResult:
    __slots__ = ("findings", "imports", "suppressions")

    def __init__(
        self, imports: list[RawImport], findings: list[Finding], suppressions: Suppressions
    ) -> None:
        self.imports = imports
        self.findings = findings
        self.suppressions = suppressions

    def dump(self, stamp: Stamp) -> list[Any]:
        return [
            *stamp,
            [list(i) for i in self.imports],
            [[f.line, f.col, f.code, f.message, f.severity.value] for f in self.findings],
            {str(k): v for k, v in self.suppressions.items()},
        ]

    @classmethod
    def load(cls, path: str, row: list[Any]) -> FileResult:
        return cls(
            [RawImport(*i) for i in row[2]],
            [Finding(path, f[0], f[1], f[2], f[3], Severity(f[4])) for f in row[3]],
            {int(k): v for k, v in row[4].items()},
        )


class Cache:
    def __init__(self, root: Path, key: str, *, enabled: bool = True) -> None:
        self.file = root / CACHE_DIR / CACHE_FILE
        self.key = key
        self.enabled = enabled
        self.rows: dict[str, list[Any]] = self._read() if enabled else {}
        self.changed = False

    def get(self, path: str, stamp: Stamp) -> FileResult | None:
        row = self.rows.get(path)
        if row is None or (row[0], row[1]) != stamp:
            return None
        try:
            return FileResult.load(path, row)
        except (TypeError, ValueError, IndexError, AttributeError):
            return None

    def put(self, path: str, stamp: Stamp, result: FileResult) -> None:
        self.rows[path] = result.dump(stamp)
        self.changed = True

    def save(self, present: set[str]) -> None:
        """Write the cache, forgetting files that are gone."""
        stale = set(self.rows) - present
        if not self.enabled or not (self.changed or stale):
            return
        for path in stale:
            del self.rows[path]
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.file.parent.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# Created by shipyard: a cache, never commit it.\n*\n")
            with tempfile.NamedTemporaryFile(
                "w", dir=self.file.parent, delete=False, suffix=".tmp", encoding="utf-8"
            ) as out:
                json.dump({"key": self.key, "files": self.rows}, out, separators=(",", ":"))
            os.replace(out.name, self.file)
        except OSError:
            pass  # a read-only checkout still gets checked, just not faster next time

    def _read(self) -> dict[str, list[Any]]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("key") != self.key:
            return {}
        files = data.get("files")
        return files if isinstance(files, dict) else {}
