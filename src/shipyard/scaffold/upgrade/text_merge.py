"""One file brought from the template's old render (base) to its new one (theirs), keeping the
user's edits (ours): a line-based three-way merge by `merge3`, as version control does it.
A side that is None has no such file."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import merge3


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
    merger = merge3.Merge3(
        _lines(base or ""),
        _lines(ours),
        _lines(theirs),
        # merge3's protocol wants list[tuple], difflib returns list[Match] (tuples): the same.
        sequence_matcher=_WholeMatcher,  # type: ignore[arg-type]
    )
    conflict = any(region[0] == "conflict" for region in merger.merge_regions())
    merged = "".join(merger.merge_lines(name_a="yours", name_b=label))
    return Merged(merged, conflict=conflict, note="conflict markers" if conflict else None)


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    # A last line without its newline would fuse with a conflict marker written after it.
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    return lines


class _WholeMatcher(difflib.SequenceMatcher[str]):
    """difflib's matcher without its "autojunk" heuristic, which on files over 200 lines
    ignores frequent lines (blank ones, closing brackets) and pairs up the wrong lines."""

    def __init__(
        self,
        isjunk: Callable[[str], bool] | None = None,
        a: Sequence[str] = "",
        b: Sequence[str] = "",
        autojunk: bool = False,
    ) -> None:
        super().__init__(isjunk, a, b, autojunk=False)
