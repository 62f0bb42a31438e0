"""Which images `shipyard build` makes and how they are tagged: pure, from the model alone."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from shipyard.errors import ShipyardError
from shipyard.workspace import Member, Workspace

# An image tag is at most 128 of [A-Za-z0-9_.-] and can't start with '.' or '-'.
_NOT_IN_TAG = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class ImageBuild:
    member: str
    dockerfile: str
    """Relative to the workspace root, which is the build context."""
    tags: tuple[str, ...]


def select_members(workspace: Workspace, names: Iterable[str]) -> tuple[Member, ...]:
    """The members named (in order, once each), or every service and worker if none is."""
    buildable = workspace.deployed
    wanted = list(dict.fromkeys(names))
    if not wanted:
        if not buildable:
            raise ShipyardError(
                "This workspace has no services or workers to build; "
                "add one with `shipyard add service NAME`."
            )
        return buildable
    selected = []
    for name in wanted:
        member = workspace.member(name)
        if member is None:
            known = ", ".join(m.name for m in buildable) or "none yet"
            raise ShipyardError(
                f"There is no service or worker named {name!r} (services and workers: {known})."
            )
        if not member.deployed:
            raise ShipyardError(
                f"{member.name} is a {member.role}; only services and workers have images."
            )
        selected.append(member)
    return tuple(dict.fromkeys(selected))


def image_tags(name: str, version: str, git_sha: str | None) -> tuple[str, ...]:
    """`NAME:VERSION`, and `NAME:GIT_SHA` when the sha is known."""
    tags = [f"{name}:{_tag(version)}"]
    if git_sha:
        tags.append(f"{name}:{_tag(git_sha)}")
    return tuple(tags)


def plan_builds(
    members: Iterable[Member], versions: Mapping[str, str], git_sha: str | None
) -> tuple[ImageBuild, ...]:
    return tuple(
        ImageBuild(
            member=m.name,
            dockerfile=(m.path / "Dockerfile").as_posix(),
            tags=image_tags(m.name, versions[m.name], git_sha),
        )
        for m in members
    )


def _tag(value: str) -> str:
    """PEP 440 allows '+' (local versions), which a tag can't hold."""
    return _NOT_IN_TAG.sub("-", value).lstrip(".-")[:128] or "0"
