"""SY204: uv.lock matches the members' pyprojects.

`uv sync --frozen` in CI and in every Dockerfile installs exactly the lock; a lock older than a
pyproject silently ships without the new dependency. Compared: each member's (and the root's)
`[project] dependencies` against the lock's `requires-dist` for that package, by name, extras and
version specifier. Specifiers are compared as PEP 440 reads them: `==v3.0.0-rc6` in a pyproject is
the lock's `==3.0.0rc6`, and `>=1.0,<2` is `<2,>=1.0`.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from collections.abc import Iterator
from typing import Any

from shipyard.rules.context import CheckContext
from shipyard.rules.finding import Finding, Severity
from shipyard.rules.registry import REGISTRY
from shipyard.workspace import canonical_name as canonical

STALE_LOCK = REGISTRY.rule(
    "SY204", "stale-lock", Severity.ERROR, "uv.lock is missing or does not match a pyproject."
)

LOCAL_SOURCE = re.compile(r"^source = \{ (editable|virtual|directory) = ", re.M)
Requirements = set[tuple[str, tuple[str, ...], str]]


def _from_pyproject(values: list[Any]) -> Requirements:
    # packaging is imported when a rule runs uncached, not on every `shipyard check` (~40 ms).
    from packaging.requirements import InvalidRequirement, Requirement

    found: Requirements = set()
    for text in values:
        try:
            req = Requirement(text)
        except (InvalidRequirement, TypeError):
            continue
        found.add((canonical(req.name), tuple(sorted(req.extras)), normalized(str(req.specifier))))
    return found


def _from_lock(package: dict[str, Any]) -> Requirements:
    found: Requirements = set()
    for entry in package.get("metadata", {}).get("requires-dist", []):
        if "extra ==" in str(entry.get("marker", "")):
            continue  # optional-dependencies are not compared
        specifier = normalized(str(entry.get("specifier", "")))
        found.add((canonical(entry["name"]), tuple(sorted(entry.get("extras", []))), specifier))
    return found


def normalized(specifiers: str) -> str:
    """A specifier set as PEP 440 means it: each version normalised (`v3.0.0-rc6` ->
    `3.0.0rc6`, `1.0-post1` -> `1.0.post1`), the clauses sorted. Text packaging cannot read is
    kept as written, so it still compares equal to itself."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    try:
        parsed = SpecifierSet(specifiers)
    except InvalidSpecifier:
        return specifiers.strip()
    clauses = []
    for spec in parsed:
        version = spec.version
        wildcard = version.endswith(".*")
        if spec.operator != "===":  # arbitrary equality compares strings, by definition
            with contextlib.suppress(InvalidVersion):
                version = str(Version(version.removesuffix(".*"))) + (".*" if wildcard else "")
        clauses.append(spec.operator + version)
    return ",".join(sorted(clauses))


def _inputs(path: str) -> bool:
    return path == "uv.lock" or path.endswith("pyproject.toml")


@REGISTRY.workspace_check(STALE_LOCK, inputs=_inputs)
def check_lock(context: CheckContext) -> Iterator[Finding]:
    if "uv.lock" not in context.files:
        yield STALE_LOCK.finding("pyproject.toml", 1, 1, "no uv.lock; run `uv lock` and commit it")
        return
    try:
        packages = _local_packages(context.read("uv.lock") or "")
    except tomllib.TOMLDecodeError as exc:
        yield STALE_LOCK.finding("uv.lock", 1, 1, f"uv.lock does not parse ({exc}); run `uv lock`")
        return
    for member in (None, *context.workspace.members):
        where = member.file("pyproject.toml") if member else "pyproject.toml"
        project = context.pyproject(member).get("project")
        if project is None or "name" not in project:
            continue  # a root without [project] has nothing in the lock to compare
        name = canonical(project["name"])
        package = packages.get(name)
        wanted = _from_pyproject(project.get("dependencies", []))
        if package is None:
            yield STALE_LOCK.finding(where, 1, 1, f"{name} is not in uv.lock; run `uv lock`")
        elif wanted != _from_lock(package):
            changed = sorted({r[0] for r in wanted ^ _from_lock(package)})
            message = f"uv.lock is out of date for {name} ({', '.join(changed)}); run `uv lock`"
            yield STALE_LOCK.finding(where, 1, 1, message)


def _local_packages(text: str) -> dict[str, dict[str, Any]]:
    """The lock's entries for workspace packages only. Parsing the whole lock (hundreds of
    registry packages) would dominate a warm run, so each `[[package]]` block is parsed alone,
    and only when its source is local."""
    found = {}
    for block in text.split("\n[[package]]\n")[1:]:
        head = block[: block.find("\n[")] if "\n[" in block else block
        if not LOCAL_SOURCE.search(head):
            continue
        package = tomllib.loads("[[package]]\n" + block)["package"][0]
        found[canonical(package.get("name", ""))] = package
    return found
