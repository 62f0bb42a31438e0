"""The contracts to compare against: the committed snapshots in the working tree, or those at a
git ref (`--base origin/main`), read with one `git cat-file --batch` for all of them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from shipyard.errors import ShipyardError


def from_files(root: Path, paths: list[Path]) -> dict[Path, Any]:
    """Each snapshot's content, keyed by its root-relative path; missing ones are left out."""
    found = {}
    for path in paths:
        try:
            text = (root / path).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError) as exc:
            raise ShipyardError(f"Cannot read {path}: {exc}.") from None
        found[path] = _parse(path, text)
    return found


def from_git(root: Path, ref: str, paths: list[Path]) -> dict[Path, Any]:
    """The same, as the files were at `ref`; a snapshot absent there is left out."""
    git = shutil.which("git")
    if git is None:
        raise ShipyardError("git is not on PATH; it is needed to read contracts at --base.")
    top = _git(git, root, ["rev-parse", "--show-toplevel"], "find the git repository").strip()
    verify = ["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"]
    if subprocess.run([git, *verify], cwd=root, capture_output=True, check=False).returncode:
        raise ShipyardError(f"There is no commit {ref!r} in the repository at {top}.")
    prefix = root.resolve().relative_to(Path(top).resolve())
    names = [(prefix / p).as_posix() for p in paths]
    request = "".join(f"{ref}:{name}\n" for name in names).encode()
    done = subprocess.run(
        [git, "cat-file", "--batch"], cwd=root, input=request, capture_output=True, check=False
    )
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip() or f"exit {done.returncode}"
        raise ShipyardError(f"Could not read the contracts at {ref}: {reason}")
    found = {}
    output = done.stdout
    for path in paths:
        header_end = output.index(b"\n")
        header = output[:header_end].decode(errors="replace").split()
        output = output[header_end + 1 :]
        if len(header) < 3 or header[-1] == "missing" or header[1] != "blob":
            continue
        size = int(header[2])
        text, output = output[:size].decode("utf-8", errors="replace"), output[size + 1 :]
        found[path] = _parse(path, text)
    return found


def _git(git: str, root: Path, args: list[str], what: str) -> str:
    done = subprocess.run([git, *args], cwd=root, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        raise ShipyardError(f"Could not {what}: `git {' '.join(args)}` failed: {reason[0]}")
    return done.stdout


def _parse(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ShipyardError(f"{path.as_posix()} is not valid JSON: {exc}.") from None
