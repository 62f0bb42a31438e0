"""Digests of what cached results depend on: equal digests mean the cached findings still hold.

- the *workspace* digest: the members (names, kinds, dependencies), where Python files are (which
  decides what module each import names), the root pyproject, what is installed, and the
  stamps of the files that say where a Django project's apps are (manage.py, apps.py, settings);
- a *member* digest: the path and stat of every file in the member's folder.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Callable, Iterable

from shipyard.django import is_django_file
from shipyard.graph import ModuleIndex
from shipyard.rules.files import Stamp
from shipyard.workspace import Workspace


def digest(parts: Iterable[str]) -> str:
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def workspace_digest(key: str, workspace: Workspace, stamps: dict[str, Stamp]) -> str:
    root = workspace.root
    venvs = sorted(str(p) for p in root.glob(".venv/lib/python3*/site-packages"))
    installed = [f"{p}:{_mtime(p)}" for p in venvs]
    python = sorted(p for p in stamps if p.endswith(".py"))
    pyproject = stamps.get("pyproject.toml")
    django = [f"{p}:{stamps[p]}" for p in python if is_django_file(p)]
    return digest([key, repr(workspace), str(pyproject), *installed, *python, *django])


def member_digests(index: ModuleIndex, stamps: dict[str, Stamp]) -> dict[str, str]:
    grouped: dict[str, list[tuple[str, Stamp]]] = {m.name: [] for m in index.workspace.members}
    for item in stamps.items():
        member = index.member_of(item[0])
        if member is not None:
            grouped[member.name].append(item)
    return {name: _hash(_bytes(sorted(found))) for name, found in grouped.items()}


def inputs_digest(base: str, stamps: dict[str, Stamp], inputs: Callable[[str], bool]) -> str:
    found = sorted(item for item in stamps.items() if inputs(item[0]))
    return _hash(base.encode() + _bytes(found))


def _bytes(value: list[tuple[str, Stamp]]) -> bytes:
    """marshal: the quickest way to turn thousands of stamps into bytes to hash. Version 0:
    later versions mark objects that are shared or interned, so equal values could give
    different bytes from one process to the next, and every member would look changed."""
    return marshal.dumps(value, 0)


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0
