"""A member's exported requirements file (`[tool.shipyard] export-requirements`): its runtime
closure from uv.lock, pinned with hashes, in a form pip alone can install.

pip's hash-checking mode refuses what it cannot hash: a workspace member or any other local
directory ("no single file to hash"). So the file holds every pinned, hashed distribution, and
names the local ones in its header, for a second `pip install --no-deps`. Both commands run
from the workspace root, where uv writes the members' paths from.

Compared as pip reads it, not as text: the requirements and their hashes (in any order, with
any line endings, spacing, blank lines or comments, uv's header and `# via` notes included),
and the members the header installs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from shipyard.workspace.model import canonical_name

LOCAL_COMMAND = "#   pip install --no-deps "
"""How the header's last line starts: what follows are the local requirements, shell-quoted."""

_COMMENT = re.compile(r"(^|\s)#.*$")
_HASH = re.compile(r"--hash[= ](\S+)")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class Entry:
    """One requirement of the file: `idna==3.10`, with a marker when uv wrote one."""

    requirement: str
    hashes: frozenset[str]
    text: str = field(default="", compare=False)
    """As uv wrote it, continuation lines and notes included: what the file shows."""

    @property
    def name(self) -> str:
        found = _NAME.match(self.requirement)
        return canonical_name(found.group()) if found else self.requirement

    @property
    def version(self) -> str:
        _, _, pinned = self.requirement.partition("==")
        return pinned.split(";")[0].strip()


@dataclass(frozen=True)
class Export:
    pinned: frozenset[Entry]
    """What pip installs from the file (with hashes, when shipyard wrote it)."""
    local: tuple[str, ...]
    """Workspace members and other local paths, in uv's order: installed after, without hashes."""


def from_uv(text: str) -> Export:
    """What `uv export` printed, split into what pip can check by hash and what it cannot."""
    pinned, local = [], []
    for entry in _entries(text):
        if entry.hashes or entry.requirement.startswith("--"):
            pinned.append(entry)
        else:
            local.append(entry.requirement.removeprefix("-e ").strip())
    return Export(frozenset(pinned), tuple(local))


def read(text: str) -> Export:
    """An exported file as found on disk."""
    import shlex

    local: tuple[str, ...] = ()
    for line in _lines(text):
        if line.startswith(LOCAL_COMMAND):
            try:
                local = tuple(shlex.split(line.removeprefix(LOCAL_COMMAND)))
            except ValueError:  # unbalanced quotes: a hand edit, so not what shipyard wrote
                local = (line,)
    return Export(frozenset(_entries(text)), local)


def render(export: Export, member: str, path: str) -> str:
    """The file for `member`, whose root-relative path is `path`."""
    import shlex

    lines = [
        f"# The runtime dependencies of {member}, pinned from uv.lock with their hashes.",
        "# Written by shipyard ([tool.shipyard] export-requirements): edit the pyprojects, run",
        "# `uv lock`, then `shipyard check --fix`. Install without uv, from the workspace root:",
        f"#   pip install --require-hashes -r {path}",
    ]
    if export.local:
        lines.append(LOCAL_COMMAND + " ".join(shlex.quote(item) for item in export.local))
    body = [entry.text for entry in sorted(export.pinned, key=_order)]
    return "\n".join([*lines, "", *body]) + "\n"


def differences(found: Export, wanted: Export) -> list[str]:
    """What changed from the file on disk to a fresh export, one short phrase each."""
    old, new = _by_name(found), _by_name(wanted)
    said = []
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name, set()), new.get(name, set())
        if before == after:
            continue
        if not before:
            said.append(f"{name} added")
        elif not after:
            said.append(f"{name} removed")
        elif _versions(before) != _versions(after):
            said.append(f"{name} {_versions(before)} -> {_versions(after)}")
        else:
            said.append(f"{name}'s hashes or markers")
    if found.local != wanted.local:
        said.append("the workspace members to install")
    return said


def _by_name(export: Export) -> dict[str, set[Entry]]:
    """Entries by distribution: one may be pinned twice, under exclusive markers."""
    grouped: dict[str, set[Entry]] = {}
    for entry in export.pinned:
        grouped.setdefault(entry.name, set()).add(entry)
    return grouped


def _versions(entries: set[Entry]) -> str:
    return "/".join(sorted({e.version or "?" for e in entries}))


def _order(entry: Entry) -> tuple[str, str]:
    return entry.name, entry.requirement


def _lines(text: str) -> Iterator[str]:
    """Lines without their ending, whichever it was (\\n, \\r\\n, \\r), or trailing spaces."""
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        yield line.rstrip()


def _entries(text: str) -> Iterator[Entry]:
    """Each requirement with its hashes, as pip reads it: comments dropped, continuation lines
    joined. `Entry.text` keeps the lines as written, notes included, up to the next entry."""
    blocks: list[list[str]] = []
    for line in _lines(text):
        if not line.strip():
            continue
        starts = not line[0].isspace() and not line.startswith("#")
        continued = bool(blocks) and _content(blocks[-1][-1]).endswith("\\")
        if starts and not continued:
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
        # else: a comment before the first requirement, a header (uv's or shipyard's)
    for block in blocks:
        logical = " ".join(_content(line).removesuffix("\\") for line in block)
        hashes = frozenset(_HASH.findall(logical))
        requirement = " ".join(_HASH.sub("", logical).split())
        yield Entry(requirement, hashes, "\n".join(block))


def _content(line: str) -> str:
    return _COMMENT.sub("", line).strip()
