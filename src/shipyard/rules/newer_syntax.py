"""Which files that do not parse here are valid Python of a newer version (PEP 695 `type X = int`,
`def f[T]()`, PEP 701 f-strings on 3.11), and which version they need.

The running interpreter's parser knows only its own grammar; ruff's knows every version's, and
says which syntax needs a newer Python ("... (syntax was added in Python 3.12)"). It is asked
once per batch of files that fail to parse, which is rare: a tree of valid code never asks.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ADDED = re.compile(r"\(syntax was added in Python (\d+)\.(\d+)\)")

Version = tuple[int, int]


def newer_syntax(root: Path, paths: list[str]) -> dict[str, Version]:
    """Root-relative path -> the Python version whose grammar it needs, for each of `paths`
    whose every syntax error is syntax added after the running Python; the others are left
    out (a real syntax error, or no answer from ruff)."""
    if not paths:
        return {}
    # Imported here: only a run that meets a file it cannot parse needs them (~5 ms).
    import json
    import subprocess

    try:
        from ruff.__main__ import find_ruff_bin

        ruff = find_ruff_bin()
    except (ImportError, FileNotFoundError):
        return {}
    here = f"py3{sys.version_info.minor}"
    command = [ruff, "check", "--isolated", "--no-cache", "--exit-zero", "--select", "E902"]
    command += ["--target-version", here, "--output-format", "json", "--", *paths]
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
        reported = json.loads(done.stdout or "[]")
    except (OSError, ValueError):
        return {}
    needs: dict[str, Version] = {}
    real: set[str] = set()
    for entry in reported:
        if entry.get("code") not in (None, "invalid-syntax"):
            continue
        path = Path(entry.get("filename", "")).resolve()
        try:
            relative = path.relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
        added = ADDED.search(entry.get("message", ""))
        if added is None:
            real.add(relative)
            continue
        version = (int(added[1]), int(added[2]))
        needs[relative] = max(needs.get(relative, version), version)
    return {path: version for path, version in needs.items() if path not in real}


def admits(requires_python: str | None, version: Version) -> bool:
    """Does `requires-python` allow `version` or a newer Python? Without one, any Python goes."""
    if not requires_python:
        return True
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        specifiers = SpecifierSet(requires_python)
    except InvalidSpecifier:
        return True  # uv would refuse it first; not this rule's business
    major, minor = version
    candidates = [f"{major}.{m}{patch}" for m in range(minor, minor + 20) for patch in ("", ".99")]
    return any(specifiers.contains(c, prereleases=True) for c in candidates)
