"""Poetry's `[tool.poetry]` dependency tables, translated to PEP 440 and PEP 508.

The translation is poetry-core's own (`^1.2` -> `>=1.2,<2.0`, `~1.2` -> `>=1.2,<1.3`, `python =
"^3.8"` -> a `python_version` marker ...): Poetry's rules for carets on 0.x versions, wildcards
and python ranges are subtle, and poetry-core is what Poetry itself runs. It is imported only
when a project has Poetry tables (it takes about 0.2 s).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shipyard.workspace.declared.locate import Lines
from shipyard.workspace.declared.model import MAIN, Reading, Requirement
from shipyard.workspace.declared.pep508 import InvalidRequirementError, parse_requirement
from shipyard.workspace.declared.toml import table
from shipyard.workspace.model import canonical_name

# Keys of a dependency table that say where or how to install, not which versions.
_INSTALL_KEYS = ("path", "develop", "source", "optional", "allow-prereleases")
_MARKER_KEYS = ("python", "markers", "platform", "extras")


def read_poetry(reading: Reading, path: Path, data: dict[str, Any], text: str) -> None:
    poetry = table(data, "tool.poetry")
    lines = Lines(text)
    extras = _extras_of(poetry)
    main = poetry.get("dependencies", {})
    tables = [("tool.poetry.dependencies", main, MAIN)]
    tables.append(("tool.poetry.dev-dependencies", poetry.get("dev-dependencies", {}), "dev"))
    for name, group in table(poetry, "group").items():
        where = f"tool.poetry.group.{name}.dependencies"
        dependencies = group.get("dependencies", {}) if isinstance(group, dict) else {}
        tables.append((where, dependencies, canonical_name(name)))
    for where, dependencies, group in tables:
        if not isinstance(dependencies, dict):
            reading.problem(path, lines.line_of(where), f"[{where}] is not a table; not read.")
            continue
        for name, spec in dependencies.items():
            if canonical_name(name) == "python":
                continue  # the interpreter, not a dependency
            line = lines.line_of(where, name)
            groups = [group]
            if group == MAIN and _is_optional(spec):
                # Optional dependencies are installed only through the extras that list them.
                groups = extras.get(canonical_name(name), ["optional"])
            for each in groups:
                reading.requirements += translate(reading, path, line, name, spec, each)


def translate(
    reading: Reading, path: Path, line: int | None, name: str, spec: object, group: str
) -> list[Requirement]:
    """One requirement per constraint (a list of tables gives several, each with its marker)."""
    source = reading.where(path, line)
    specs = spec if isinstance(spec, list) else [spec]
    found = []
    for each in specs:
        if not isinstance(each, str | dict):
            reading.problem(
                path,
                line,
                f"the Poetry dependency {name} is neither a version "
                "string, a table nor a list of tables; not read.",
            )
            continue
        requirement = _translate_one(reading, path, line, name, each, group, source)
        if requirement is not None:
            found.append(requirement)
    return found


def _translate_one(
    reading: Reading,
    path: Path,
    line: int | None,
    name: str,
    spec: str | dict[str, Any],
    group: str,
    source: str,
) -> Requirement | None:
    from poetry.core.factory import Factory

    written = spec if isinstance(spec, dict) else {"version": spec}
    local = written.get("path")
    if isinstance(local, str):
        # poetry-core would turn the path into an absolute file URL; keep it as written.
        given = {k: v for k, v in written.items() if k in _MARKER_KEYS}
    else:
        given = {k: v for k, v in written.items() if k not in _INSTALL_KEYS}
    try:
        dependency = Factory.create_dependency(name, given)
        dependency = _without_union(reading, path, line, name, written, dependency)
        pep508 = dependency.to_pep_508()
    except Exception as exc:
        constraint = written.get("version", written)
        reason = str(exc).splitlines()[0].rstrip(".")
        reading.problem(
            path, line, f"the Poetry constraint {constraint!r} of {name} cannot be read ({reason})."
        )
        return None
    try:
        return parse_requirement(pep508, group=group, source=source, url=local or None)
    except InvalidRequirementError as exc:
        reading.problem(path, line, f"{exc}.")
        return None


def _without_union(
    reading: Reading,
    path: Path,
    line: int | None,
    name: str,
    written: dict[str, Any],
    dependency: Any,
) -> Any:
    """PEP 440 has no "or": `^1.0 || ^2.0` becomes the range that covers both, `>=1.0,<3.0`.
    When that range also lets in versions between the alternatives, a problem says so."""
    from poetry.core.constraints.version import VersionRange, VersionUnion

    constraint = dependency.constraint
    if not isinstance(constraint, VersionUnion) or "||" not in str(constraint):
        return dependency  # a range, or a union PEP 440 can say: `>=1.2,!=1.3`
    low, high = constraint.ranges[0], constraint.ranges[-1]
    hull = VersionRange(low.min, high.max, low.include_min, high.include_max)
    gap = hull.difference(constraint)
    gaps = gap.ranges if isinstance(gap, VersionUnion) else [] if gap.is_empty() else [gap]
    if not all(_only_prereleases(g) for g in gaps):
        widened = "any version" if str(hull) == "*" else str(hull)
        reading.problem(
            path,
            line,
            f"the Poetry constraint {written.get('version')!r} of {name} "
            f"has no PEP 440 equivalent; read as {widened}.",
        )
    return dependency.with_constraint(hull)


def _only_prereleases(gap: Any) -> bool:
    """`>=2.0.dev0,<2.0`: what lies between `<2.0` and `>=2.0` is only 2.0's pre-releases."""
    low, high = getattr(gap, "min", None), getattr(gap, "max", None)
    return bool(
        low is not None
        and high is not None
        and low.is_unstable()
        and low.stable == high
        and not gap.include_max
    )


def _is_optional(spec: object) -> bool:
    specs = spec if isinstance(spec, list) else [spec]
    return any(isinstance(s, dict) and s.get("optional") is True for s in specs)


def _extras_of(poetry: dict[str, Any]) -> dict[str, list[str]]:
    """Dependency name -> the `extra:NAME` groups of `[tool.poetry.extras]` that list it."""
    groups: dict[str, list[str]] = {}
    extras = poetry.get("extras", {})
    for extra, names in (extras if isinstance(extras, dict) else {}).items():
        for name in names if isinstance(names, list) else []:
            if isinstance(name, str):
                key = canonical_name(name.split("[")[0].strip())
                groups.setdefault(key, []).append(f"extra:{canonical_name(extra)}")
    return groups
