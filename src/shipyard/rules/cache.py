"""The per-file cache: what a file yields (imports, file-check findings, suppressions), keyed by
its stat, so a warm run reads only the files that changed.

One JSON document under `.shipyard/cache/` at the workspace root; any problem reading it means
a cold run, and any problem writing it is ignored: the cache only ever saves time.
"""

from __future__ import annotations

import hashlib
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


def shard_of(path: str) -> str:
    """Files are stored in shards, one per folder two levels down (about one per member), so
    changing one file rewrites one small shard, not the whole cache."""
    return "/".join(path.split("/")[:2]) if "/" in path else ""


class Cache:
    def __init__(self, root: Path, key: str, *, enabled: bool = True) -> None:
        self.directory = root / CACHE_DIR
        self.key = key
        self.enabled = enabled
        self.rows: dict[str, list[Any]] = self._read() if enabled else {}
        self.dirty: set[str] = set()

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
        self.dirty.add(shard_of(path))

    def save(self, present: set[str]) -> None:
        """Write the shards that changed, forgetting files that are gone."""
        if not self.enabled:
            return
        for path in set(self.rows) - present:
            del self.rows[path]
            self.dirty.add(shard_of(path))
        if not self.dirty:
            return
        shards: dict[str, dict[str, list[Any]]] = {shard: {} for shard in self.dirty}
        for path, row in self.rows.items():
            rows = shards.get(shard_of(path))
            if rows is not None:
                rows[path] = row
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            gitignore = self.directory.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# Created by shipyard: a cache, never commit it.\n*\n")
            for shard, rows in shards.items():
                self._write(self._file(shard), rows)
        except OSError:
            pass  # a read-only checkout still gets checked, just not faster next time

    def _file(self, shard: str) -> Path:
        digest = hashlib.sha1(shard.encode(), usedforsecurity=False).hexdigest()[:16]
        return self.directory / f"{digest}.json"

    def _write(self, file: Path, rows: dict[str, list[Any]]) -> None:
        if not rows:
            file.unlink(missing_ok=True)
            return
        with tempfile.NamedTemporaryFile(
            "w", dir=self.directory, delete=False, suffix=".tmp", encoding="utf-8"
        ) as out:
            json.dump({"key": self.key, "files": rows}, out, separators=(",", ":"))
        os.replace(out.name, file)

    def _read(self) -> dict[str, list[Any]]:
        rows: dict[str, list[Any]] = {}
        for file in self.directory.glob("*.json"):
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict) and data.get("key") == self.key:
                files = data.get("files")
                if isinstance(files, dict):
                    rows.update(files)
        return rows
