"""Which distribution provides an import name (`yaml` -> PyYAML).

Three sources, cheapest first: the canonical name itself (`prometheus_client` is provided by
`prometheus-client`), a table of well-known mismatches (workspace.import_names), then the
metadata of what is installed in the workspace's `.venv` and in shipyard's own environment
(read only when needed).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

from shipyard.rules.installed import CACHE_FILE, Snapshot, load_snapshot
from shipyard.workspace import canonical_name as canonical
from shipyard.workspace.import_names import AFFIXED, KNOWN, import_names_of


class DistributionIndex:
    def __init__(self, site_packages: Iterable[Path] = (), cache: Path | None = None) -> None:
        self._site_packages = tuple(site_packages)
        self._cache = cache

    @classmethod
    def for_workspace(cls, root: Path, *, cached: bool = True) -> DistributionIndex:
        """The workspace's `.venv`; remembered under `.shipyard/cache/` unless not `cached`."""
        venv = root / ".venv"
        found = [*venv.glob("lib/python3*/site-packages"), venv / "Lib" / "site-packages"]
        return cls((p for p in found if p.is_dir()), root / CACHE_FILE if cached else None)

    def provided_by(self, top: str, declared: set[str]) -> bool:
        """True if one of the `declared` (canonical) distributions provides import name `top`."""
        name = canonical(top)
        if name in declared or any(d in declared for d in KNOWN.get(top, ())):
            return True
        # Without an environment to read: `typeid-python`, `python-jose`-style names.
        if any(f"{name}{suffix}" in declared for suffix in AFFIXED) or f"python-{name}" in declared:
            return True
        return any(d in declared for d in self.installed.get(top, ()))

    def import_names(self, distribution: str, *, installed: bool = True) -> set[str]:
        """Names `distribution` may be imported as; `installed=False` skips reading metadata."""
        names = import_names_of(distribution)
        if installed:
            names.update(self.provides.get(distribution, ()))
        return names

    def requirement_for(self, top: str) -> str | None:
        """What to declare for import name `top`: the one distribution that provides it, with a
        lower bound from the workspace's `.venv` when installed there; None when ambiguous."""
        local = self._snapshot.venv.get(top, [])
        if len(local) == 1:
            version = self._snapshot.versions.get(local[0])
            return f"{local[0]}>={lower_bound(version)}" if version else local[0]
        candidates = sorted(set(KNOWN.get(top, ())) | self.installed.get(top, set()))
        return candidates[0] if len(candidates) == 1 and not local else None

    @cached_property
    def installed(self) -> dict[str, set[str]]:
        mapping = {top: set(dists) for top, dists in self._snapshot.own.items()}
        for top, dists in self._snapshot.venv.items():
            mapping.setdefault(top, set()).update(dists)
        return mapping

    @cached_property
    def provides(self) -> dict[str, set[str]]:
        reverse: dict[str, set[str]] = {}
        for top, dists in self.installed.items():
            for dist in dists:
                reverse.setdefault(dist, set()).add(top)
        return reverse

    @cached_property
    def _snapshot(self) -> Snapshot:
        return load_snapshot(self._site_packages, self._cache)


def lower_bound(version: str) -> str:
    """`0.28.1` -> `0.28`: what the code was written against, leaving room for fixes."""
    from packaging.version import InvalidVersion, Version

    try:
        release = Version(version).release
    except InvalidVersion:
        return version
    return ".".join(str(n) for n in release[:2])


__all__ = ["KNOWN", "DistributionIndex", "lower_bound"]
