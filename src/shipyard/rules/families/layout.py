"""SY203: a member has what every tool and teammate expects to find in it.

Services and workers: a Dockerfile (each deploys alone), tests, a README, their package.
Libraries: tests, a README, their package.
"""

from __future__ import annotations

from collections.abc import Iterator

from shipyard.graph import is_test_path
from shipyard.rules.context import CheckContext
from shipyard.rules.families.dockerfile import is_dockerfile, is_tooling
from shipyard.rules.finding import Finding, Severity
from shipyard.rules.registry import REGISTRY
from shipyard.workspace import Member, paths

LAYOUT = REGISTRY.rule(
    "SY203", "incomplete-member-layout", Severity.ERROR,
    "A member lacks its Dockerfile, tests, README or package.",
)  # fmt: skip

READMES = tuple(
    variant
    for name in ("README.md", "README.rst", "README.txt", "README")
    for variant in (name, name.lower(), name.capitalize())  # readme.md and Readme.md too
)


def missing_parts(context: CheckContext, member: Member) -> list[str]:
    base = member.folder
    files = context.files
    python = context.graph.files_of(member)
    missing = []
    if member.deployed and not _has_dockerfile(context, member):
        missing.append("Dockerfile")
    # Tests anywhere in the member count: `tests/`, `src/tests/`, `<package>/tests/`, `test_*.py`.
    if not any(is_test_path(paths.relative(p, base)) for p in python):
        missing.append("tests (a tests/ folder with test modules)")
    if not any(member.file(n) in files for n in READMES):
        missing.append("README.md")
    if context.index.main_package(member, context.files) is None:
        package = paths.join(context.index.source_root(member), member.import_name) + "/"
        missing.append(f"package ({package} or one package under {base or '.'}/)")
    return missing


def _has_dockerfile(context: CheckContext, member: Member) -> bool:
    """A Dockerfile anywhere in the member (`Dockerfile`, `docker/production.Dockerfile`), unless
    it is named for tests, CI or development: that image is not the one deployed."""
    if member.file("Dockerfile") in context.files or member.file("Containerfile") in context.files:
        return True  # the usual place: no need to look through every file of the workspace
    return any(
        paths.under(path, member.folder)
        and is_dockerfile(path)
        and not is_tooling(paths.relative(path, member.folder))
        and context.index.member_of(path) == member
        for path in context.files
    )


@REGISTRY.member_check(LAYOUT)
def check_layout(context: CheckContext, member: Member) -> Iterator[Finding]:
    for part in missing_parts(context, member):
        message = f"{member.role} {member.name} has no {part}"
        yield LAYOUT.finding(member.file("pyproject.toml"), 1, 1, message)
