"""Where everything goes: each member's folder to `services/NAME` or `libs/NAME`, its code to
`src/IMPORT_NAME/`, and the import names that change on the way."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from shipyard.adopt.model import Analysis, Code, Found, Move, Rename
from shipyard.errors import ShipyardError

EVERYWHERE = "*"
"""`Rename.member` of shared code: its new name holds in every file."""


@dataclass(frozen=True)
class Layout:
    moves: tuple[Move, ...]
    renames: tuple[Rename, ...]
    packages: tuple[Path, ...]
    """`__init__.py` files to create: a member whose modules are gathered in a new package."""

    def new_path(self, old: Path) -> Path:
        """Where the file or folder at `old` (relative to the root) ends up."""
        path = old.as_posix()
        for source, target in self._moves_as_text:
            if source == ".":
                path = target if path == "." else f"{target}/{path}"
            elif path == source or path.startswith(f"{source}/"):
                path = target + path[len(source) :]
        return Path(path)

    @cached_property
    def _moves_as_text(self) -> tuple[tuple[str, str], ...]:
        # new_path runs for every file and every path a file names: comparing text is some
        # twenty times faster than comparing Path objects with their parents.
        return tuple((move.old.as_posix(), move.new.as_posix()) for move in self.moves)

    def modules(self, member: str) -> dict[str, str]:
        """Old top-level import name -> new dotted name, as the files of `member` see them."""
        seen = {r.old: r.new for r in self.renames if r.member == EVERYWHERE}
        seen.update({r.old: r.new for r in self.renames if r.member == member})
        return seen


def plan_layout(analysis: Analysis) -> Layout:
    moves: list[Move] = []
    renames: list[Rename] = []
    packages: list[Path] = []
    counts = Counter(c.name for m in analysis.members if not m.shared for c in m.code)
    holders = {
        name: sorted(m.name for m in analysis.members if any(c.name == name for c in m.code))
        for name in counts
    }
    for member in _inner_first(analysis.members):
        first = _folder_moves(member)
        moves += first
        after = Layout(tuple(moves), (), ())
        code_moves, code_renames, created = _code_moves(member, after, counts, holders)
        moves += code_moves
        renames += code_renames
        packages += created
    _refuse_collisions(analysis, moves)
    return Layout(tuple(moves), tuple(renames), tuple(packages))


def _inner_first(members: tuple[Found, ...]) -> list[Found]:
    """A member inside a folder the root application moves (`backend/worker`) moves
    out of it first; the others keep their order (the root's first)."""
    root = next((m for m in members if m.old == Path(".") and not m.shared), None)
    if root is None:
        return list(members)
    inner = [
        m
        for m in members
        if m is not root and not m.shared and any(e in m.old.parents for e in root.entries)
    ]
    return inner + [m for m in members if m not in inner]


def _folder_moves(member: Found) -> list[Move]:
    if member.shared:
        return []  # shared code moves piece by piece, straight into its lib's package
    if member.old == Path("."):
        moves = [Move(entry, member.new / entry.name) for entry in member.entries]
        # A root folder named like the destination (`services/` holding the code) can't move
        # into itself: it steps aside first, and in last.
        top = Path(member.new.parts[0])
        if top in member.entries:
            aside = Path(f".shipyard-adopt-{top.name}")
            moves = [Move(top, aside)] + [Move(aside, m.new) if m.old == top else m for m in moves]
            moves.append(moves.pop(next(i for i, m in enumerate(moves) if m.old == aside)))
        return moves
    if member.old == member.new:
        return []
    return [Move(member.old, member.new)]


def _code_moves(
    member: Found, after: Layout, counts: Counter[str], holders: dict[str, list[str]]
) -> tuple[list[Move], list[Rename], list[Path]]:
    package = member.new / "src" / member.import_name
    who = EVERYWHERE if member.shared else member.name
    code = list(member.code)
    anchor = _anchor(member, code)
    moves, renames, created = [], [], []
    if anchor is not None:
        current = after.new_path(anchor.path)
        if anchor.package:
            if current != package:
                moves.append(Move(current, package))
            if not anchor.initialised:
                created.append(package / "__init__.py")
        else:
            moves.append(Move(current, package / "__init__.py"))
        if anchor.name != member.import_name:
            renames.append(
                Rename(who, anchor.name, member.import_name, _why(anchor, counts, holders))
            )
        code.remove(anchor)
    elif code:
        created.append(package / "__init__.py")
    for item in code:
        current = after.new_path(item.path)
        target = package / (item.name if item.package else f"{item.name}.py")
        moves.append(Move(current, target))
        new = f"{member.import_name}.{item.name}"
        renames.append(Rename(who, item.name, new, "gathered into the member's package"))
    return moves, renames, created


def _anchor(member: Found, code: list[Code]) -> Code | None:
    """The code that becomes the member's package itself: its only package, or the package
    already named like the member; None when a new package gathers everything."""
    named = [c for c in code if c.name == member.import_name]
    if named:
        return named[0]
    packages = [c for c in code if c.package]
    if len(code) == 1 and (packages or member.shared):
        return code[0]
    return None


def _why(code: Code, counts: Counter[str], holders: dict[str, list[str]]) -> str:
    if counts[code.name] > 1:
        return f"`{code.name}` is also a package of {', '.join(holders[code.name])}"
    return "a member's package is named after the member"


def _refuse_collisions(analysis: Analysis, moves: list[Move]) -> None:
    """A destination must be new, or be the very thing moving there."""
    sources = {m.old for m in moves}
    destinations: dict[Path, Path] = {}
    for move in moves:
        if move.new in destinations:
            raise ShipyardError(
                f"Both {destinations[move.new]} and {move.old} would move to {move.new}; "
                "rename one of them first."
            )
        destinations[move.new] = move.old
        target = analysis.root / move.new
        if target.exists() and move.new not in sources and not _moved_away(move.new, moves):
            raise ShipyardError(
                f"{move.old} would move to {move.new}, which already exists; move or rename "
                f"{move.new} first."
            )


def _moved_away(path: Path, moves: list[Move]) -> bool:
    return any(m.old == path or m.old in path.parents for m in moves)
