"""What setuptools' keyword names mean, shared by setup.cfg and setup.py."""

from __future__ import annotations

from shipyard.workspace.declared.model import MAIN
from shipyard.workspace.model import canonical_name


def extra_group(key: str) -> tuple[str, str | None]:
    """`dev` -> (`extra:dev`, None). The old `dev:python_version < "3.8"` form carries a marker;
    `:sys_platform == "win32"` (no extra name) is a conditional runtime dependency."""
    name, _, marker = key.partition(":")
    group = f"extra:{canonical_name(name.strip())}" if name.strip() else MAIN
    return group, marker.strip() or None


def with_marker(requirement: str, marker: str) -> str:
    """`requirement` restricted further by `marker`."""
    if ";" in requirement:
        head, _, own = requirement.partition(";")
        return f"{head}; ({own.strip()}) and ({marker})"
    return f"{requirement}; {marker}"
