"""Produce the current contracts from the code: the workspace's own interpreter runs the probe
(`probe.py`) once for every member whose inputs changed since the last run; the others come
from the cache under `.shipyard/cache/`.

A member's inputs are the stat of every file of it and of the workspace members it depends on,
the lock file and the installed packages: any of them changing may change its contract.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from shipyard.contracts.snapshot import ContractKind, ContractSource
from shipyard.errors import ShipyardError
from shipyard.workspace import Member, Workspace

CACHE_FILE = Path(".shipyard/cache/contracts.json")
CACHE_VERSION = 1
PROBE = Path(__file__).with_name("probe.py")
# Folders that never hold what a contract is built from: anywhere, and at a member's top.
_SKIPPED = frozenset({"__pycache__", ".venv", ".git", ".mypy_cache", ".ruff_cache", "node_modules"})
_SKIPPED_AT_TOP = _SKIPPED | {"contracts", "tests", "migrations", ".pytest_cache"}


def interpreter(root: Path) -> Path:
    """The workspace's Python: the one `uv sync` made, which can import every member."""
    for candidate in (root / ".venv" / "bin" / "python", root / ".venv" / "Scripts" / "python.exe"):
        if candidate.exists():
            return candidate
    raise ShipyardError(
        f"{root} has no .venv; run `uv sync` there first: contracts are read from the code."
    )


def produce(
    workspace: Workspace, sources: list[ContractSource], *, cache: bool = True
) -> dict[str, Any]:
    """Each source's current contract, keyed by member name."""
    root = workspace.root
    digests = {s.member.name: _member_digest(workspace, s.member) for s in sources}
    cached = _read_cache(root) if cache else {}
    result: dict[str, Any] = {}
    stale = []
    for source in sources:
        entry = cached.get(source.member.name)
        if isinstance(entry, dict) and entry.get("digest") == digests[source.member.name]:
            result[source.member.name] = entry["contract"]
        else:
            stale.append(source)
    if stale:
        fresh = _probe(root, stale)
        result.update(fresh)
        if cache:
            entries = dict(cached)
            for name in (s.member.name for s in stale):
                entries[name] = {"digest": digests[name], "contract": fresh[name]}
            _write_cache(root, entries)
    return result


# What nearly every member imports: loaded once before forking, so no child pays for it.
PRELOAD = ("fastapi", "pydantic", "starlette", "sqlalchemy", "structlog", "celery")


def _probe(root: Path, sources: list[ContractSource]) -> dict[str, Any]:
    """Every member in a process of its own: forked from one probe where the OS can fork,
    else one probe per member, as many at once as there are cores."""
    python = interpreter(root)
    jobs = os.cpu_count() or 1
    if hasattr(os, "fork"):
        return _run_probe(python, root, sources, jobs, fork=True)
    with ThreadPoolExecutor(max_workers=min(len(sources), jobs)) as pool:
        parts = pool.map(lambda s: _run_probe(python, root, [s], 1, fork=False), sources)
        return {name: contract for part in parts for name, contract in part.items()}


def _run_probe(
    python: Path, root: Path, sources: list[ContractSource], jobs: int, *, fork: bool
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="shipyard-contracts-") as scratch:
        results = {s.member.name: Path(scratch, f"{s.member.import_name}.json") for s in sources}
        members = [
            {"kind": s.kind.value, "target": s.target, "result": str(results[s.member.name])}
            for s in sources
        ]
        request = {"preload": PRELOAD, "jobs": jobs, "fork": fork, "members": members}
        request_path = Path(scratch, "request.json")
        request_path.write_text(json.dumps(request), encoding="utf-8")
        # -I: neither the probe's folder nor the environment's PYTHONPATH may shadow a module.
        done = subprocess.run(
            [str(python), "-I", str(PROBE), str(request_path)],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            reason = lines[-1].strip() if lines else f"exit code {done.returncode}"
            raise ShipyardError(f"Could not read the contracts with {python}: {reason}")
        return {s.member.name: _outcome(s, results[s.member.name]) for s in sources}


def _outcome(source: ContractSource, result: Path) -> Any:
    what = "its app" if source.kind is ContractKind.OPENAPI else "its task contracts"
    where = f"{source.member.path.as_posix()} (importing {source.target})"
    try:
        outcome = json.loads(result.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ShipyardError(
            f"Could not build {what} for {where}: the process reading it died without a word."
        ) from None
    if "error" in outcome:
        raise ShipyardError(f"Could not build {what} for {where}: {outcome['error']}")
    if source.kind is ContractKind.OPENAPI:
        return outcome["openapi"]
    return {"tasks": outcome["tasks"]}


def _member_digest(workspace: Workspace, member: Member) -> str:
    root = workspace.root
    inputs = [member, *(m for m in workspace.members if m.name in member.dependencies)]
    parts = [f"{CACHE_VERSION}", sys.version, _stat(PROBE)]
    parts += [_stat(root / name) for name in ("uv.lock", "pyproject.toml")]
    parts += [_stat(p) for p in sorted(root.glob(".venv/lib/python3*/site-packages"))]
    for each in inputs:
        parts += [f"{each.name}"]
        parts += sorted(_stats(root / each.path))
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _stats(folder: Path) -> Iterable[str]:
    for directory, subdirectories, files in os.walk(folder):
        skipped = _SKIPPED_AT_TOP if directory == str(folder) else _SKIPPED
        subdirectories[:] = [d for d in subdirectories if d not in skipped]
        for name in files:
            if name.endswith((".py", ".toml", ".json", ".yaml", ".yml", ".cfg", ".ini")):
                yield _stat(Path(directory, name))


def _stat(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path}:{info.st_size}:{info.st_mtime_ns}"


def _read_cache(root: Path) -> dict[str, Any]:
    try:
        data = json.loads((root / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    members = data.get("members")
    return members if isinstance(members, dict) else {}


def _write_cache(root: Path, members: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written only costs time next run."""
    target = root / CACHE_FILE
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".contracts.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump({"version": CACHE_VERSION, "members": members}, stream)
        os.replace(temporary, target)
