"""Pipenv's Pipfile: `[packages]` (runtime), `[dev-packages]` and custom package categories."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shipyard.workspace.declared.locate import Lines
from shipyard.workspace.declared.model import MAIN, Reading
from shipyard.workspace.declared.pep508 import InvalidRequirementError, parse_requirement
from shipyard.workspace.declared.toml import load_toml
from shipyard.workspace.model import canonical_name

# Tables of a Pipfile that are not package categories.
_NOT_CATEGORIES = {"source", "requires", "pipenv", "scripts"}
# Pipenv accepts any PEP 508 marker name as a key: `sys_platform = "== 'win32'"`.
_MARKER_NAMES = {
    "os_name", "sys_platform", "platform_machine", "platform_python_implementation",
    "platform_release", "platform_system", "platform_version", "python_version",
    "python_full_version", "implementation_name", "implementation_version",
}  # fmt: skip


def read_pipfile(directory: Path) -> Reading:
    reading = Reading(directory)
    path = directory / "Pipfile"
    loaded = load_toml(reading, path)
    if loaded is None:
        return reading
    data, text = loaded
    lines = Lines(text)
    for category, packages in data.items():
        if category in _NOT_CATEGORIES or not isinstance(packages, dict):
            continue
        group = {"packages": MAIN, "dev-packages": "dev"}.get(category, canonical_name(category))
        for name, spec in packages.items():
            line = lines.line_of(category, name)
            pep508, url = _pep508(name, spec)
            if pep508 is None:
                reading.problem(
                    path,
                    line,
                    f"the package {name} is neither a version string nor a table; not read.",
                )
                continue
            try:
                requirement = parse_requirement(
                    pep508, group=group, source=reading.where(path, line), url=url
                )
            except InvalidRequirementError as exc:
                reading.problem(path, line, f"{exc}.")
                continue
            reading.requirements.append(requirement)
    return reading


def _specifier(version: str) -> str:
    """Pipenv reads a version without an operator (`"3.*"`, `"1.2"`) as `==`; `*` is any."""
    version = version.strip()
    if version == "*":
        return ""
    return f"=={version}" if version[:1].isalnum() else version


def _pep508(name: str, spec: Any) -> tuple[str | None, str | None]:
    """The PEP 508 text of a Pipfile entry and its direct reference, if it has one."""
    if isinstance(spec, str):
        return name + _specifier(spec), None
    if not isinstance(spec, dict):
        return None, None
    extras = spec.get("extras") or []
    text = name + (f"[{','.join(extras)}]" if extras else "")
    version = spec.get("version", "*")
    if isinstance(version, str):
        text += _specifier(version)
    url = None
    if isinstance(spec.get("git"), str):
        git = spec["git"] if spec["git"].startswith("git+") else f"git+{spec['git']}"
        ref = spec.get("ref")
        url = git + (f"@{ref}" if isinstance(ref, str) else "")
    for key in ("path", "file"):
        if isinstance(spec.get(key), str):
            url = spec[key]
    markers = [spec["markers"]] if isinstance(spec.get("markers"), str) else []
    markers += [f"{key} {value}" for key, value in spec.items() if key in _MARKER_NAMES]
    if markers:
        text += " ; " + " and ".join(f"({m})" if len(markers) > 1 else m for m in markers)
    return text, url
