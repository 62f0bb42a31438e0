"""One file brought from the template's old render (base) to its new one (theirs), keeping the
user's edits (ours): git's line-based three-way merge (`git merge-file`), as a branch merge does
it. A side that is None has no such file."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from shipyard.errors import ShipyardError


@dataclass(frozen=True)
class Merged:
    content: str | None
    """What the file holds after the upgrade; None: it is not there (removed, or stays away)."""
    conflict: bool = False
    """Needs the user: conflict markers in `content`, or a decision the merge cannot make."""
    note: str | None = None


def merge_file(base: str | None, ours: str | None, theirs: str | None, label: str) -> Merged:
    """`label` names the new version in conflict markers (`>>>>>>> template version 2`)."""
    if ours is None:
        if base is None or theirs == base:
            return Merged(theirs if base is None else None)
        if theirs is None:
            return Merged(None)
        return Merged(None, note="you deleted it; the template's changes to it were not applied")
    if theirs is None:
        if ours == base:
            return Merged(None)
        return Merged(
            ours,
            conflict=True,
            note="the template no longer has it and you edited it: kept, remove it if unused",
        )
    if ours in (base, theirs):
        return Merged(theirs)
    if theirs == base:
        return Merged(ours)
    merged, conflicts = _git_merge_file(_ended(ours), _ended(base or ""), _ended(theirs), label)
    return Merged(merged, conflict=conflicts, note="conflict markers" if conflicts else None)


def _git_merge_file(ours: str, base: str, theirs: str, label: str) -> tuple[str, bool]:
    with tempfile.TemporaryDirectory(prefix="shipyard-merge-") as folder:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(folder) / name
            path.write_bytes(text.encode("utf-8"))
            paths.append(str(path))
        command = ["git", "merge-file", "-p", "-L", "yours", "-L", "base", "-L", label, *paths]
        try:
            done = subprocess.run(command, capture_output=True, check=False)
        except FileNotFoundError:
            raise ShipyardError("upgrade merges files with git, which is not on PATH.") from None
    # The exit status is the number of conflicts; a negative one is git's own error.
    if done.returncode < 0 or done.returncode > 127:
        raise ShipyardError(f"git merge-file failed: {done.stderr.decode(errors='replace')}")
    return done.stdout.decode("utf-8"), done.returncode > 0


def _ended(text: str) -> str:
    # A last line without its newline would fuse with a conflict marker written after it.
    return text if not text or text.endswith(("\n", "\r")) else text + "\n"
