"""What is installed: import name -> distributions, for the workspace's `.venv` and for
shipyard's own environment, with the `.venv`'s versions.

Reading every distribution's metadata costs tens of milliseconds, too much for a run on save, so
the result is kept in one small file keyed by the modification times of the site-packages
folders (installing or removing a distribution changes them).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from shipyard.workspace import canonical_name as canonical

if TYPE_CHECKING:
    from importlib.metadata import Distribution

CACHE_FILE = ".shipyard/cache/distributions.marshal"
SCHEMA = 1

Mapping = dict[str, list[str]]


@dataclass(frozen=True)
class Snapshot:
    own: Mapping
    """Shipyard's own environment: import name -> canonical distributions."""
    venv: Mapping
    """The workspace's `.venv`."""
    versions: dict[str, str]
    """Canonical distribution -> version, in the workspace's `.venv`."""


def load_snapshot(site_packages: tuple[Path, ...], cache: Path | None) -> Snapshot:
    # Only site-packages folders: sys.path also holds the current directory, which changes often.
    own = {Path(p) for p in sys.path if p.endswith("site-packages")}
    key = [SCHEMA, sys.prefix, *(_stamp(p) for p in (*site_packages, *sorted(own)))]
    if cache is not None:
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
            stored = marshal.loads(cache.read_bytes())
            if stored[0] == key:
                return Snapshot(*stored[1:])
    snapshot = _scan(site_packages)
    if cache is not None:
        _save(cache, marshal.dumps([key, snapshot.own, snapshot.venv, snapshot.versions]))
    return snapshot


def _stamp(path: Path) -> str:
    try:
        return f"{path}:{path.stat().st_mtime_ns}"
    except OSError:
        return f"{path}:-"


def _scan(site_packages: tuple[Path, ...]) -> Snapshot:
    import importlib.metadata as metadata  # only when the snapshot is stale: ~15 ms to import

    own: Mapping = {}
    for top, dists in metadata.packages_distributions().items():
        own[top] = sorted({canonical(d) for d in dists})
    venv: dict[str, set[str]] = {}
    versions: dict[str, str] = {}
    for dist in metadata.distributions(path=[str(p) for p in site_packages]):
        name = dist.metadata["Name"]
        if not name:
            continue
        versions[canonical(name)] = dist.version
        for top in _top_levels(dist):
            venv.setdefault(top, set()).add(canonical(name))
    return Snapshot(own, {top: sorted(d) for top, d in venv.items()}, versions)


def _top_levels(dist: Distribution) -> Iterable[str]:
    declared = (dist.read_text("top_level.txt") or "").split()
    if declared:
        return set(declared)
    tops = set()
    for file in dist.files or ():
        parts = file.parts
        if len(parts) > 1 and not parts[0].endswith((".dist-info", ".data")) and parts[0] != "..":
            tops.add(parts[0])
        elif len(parts) == 1 and file.suffix == ".py":
            tops.add(file.stem)
    return tops


def _save(path: Path, data: bytes) -> None:
    with contextlib.suppress(OSError):  # the cache only ever saves time
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
