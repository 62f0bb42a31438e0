"""Data a module reaches through `__file__` (`Path(__file__).parent / "data" / "x.json"`,
Django's `BASE_DIR / "templates"`) after the code moved: the data follows the code, or the
path expression follows the data, or the place is named for a person to fix.

Each path is evaluated statically (syspath.evaluate) twice: from the file's old place, which
gives what it reached, and from its new place, which gives what it would reach now. When the
two differ:
- the data moves (`git mv`) to where the unchanged expression now points, when that is inside
  the member's own package: it is then package data, installed with the code, so the path
  holds in the workspace and in the image (which runs the installed package);
- else the part of the expression that names a folder above the file (`Path(__file__).parent`,
  `os.path.dirname(...)`, a module-level `BASE_DIR`) climbs as many more folders as the file
  went deeper, so it reaches the data where the moves left it;
- else it is listed, with file:line."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from pathlib import Path

from shipyard.adopt.layout import Layout
from shipyard.adopt.model import Found, Move, Note
from shipyard.adopt.syspath import evaluate, module_names
from shipyard.adopt.tree import Tree

Anchor = tuple[ast.expr, int]
"""An expression naming a folder above its file, and how many more folders it must climb."""


@dataclass
class FollowedPaths:
    moves: list[Move] = field(default_factory=list)
    anchors: dict[str, list[Anchor]] = field(default_factory=dict)
    """File (old path) -> the expressions to make climb further."""
    notes: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class _Reach:
    file: str
    line: int
    anchor: ast.expr
    old_anchor: Path
    """The folder the anchor named before, relative to the root."""
    tail: Path
    """The rest of the path, below the anchor."""
    tracked: bool = True
    """False: nothing tracked is there (a database file, a .env made later)."""


def follow_file_paths(
    root: Path,
    layout: Layout,
    owners: dict[str, Found],
    trees: dict[str, ast.Module],
    tree: Tree,
) -> FollowedPaths:
    """What to do about every `__file__`-relative path of the moved Python files `trees`
    (old path -> parsed module) that reaches a tracked file or folder."""
    followed = FollowedPaths()
    reaches: list[_Reach] = []
    unhandled: dict[str, set[int]] = {}
    for file, module in sorted(trees.items()):
        new_file = layout.new_path(Path(file))
        if new_file == Path(file) or owners[file].shared:
            continue
        found, unhandled[file] = _reaches(root, file, module, tree)
        reaches += found
    new_files = {layout.new_path(Path(f)) for f in tree.files}
    # The data each reach wants moved, and the extra folders each anchor must climb.
    moves: dict[Path, set[Path]] = {}
    climbs: dict[tuple[str, int], set[int]] = {}
    climbing: dict[Path, set[tuple[str, int]]] = {}
    """Data (where the moves put it) -> the anchors that climb to reach it there."""
    staying: set[Path] = set()
    pending: list[tuple[_Reach, str]] = []
    for reach in (r for r in reaches if r.tracked):
        old_target = reach.old_anchor / reach.tail
        member = owners[reach.file]
        new_file = layout.new_path(Path(reach.file))
        moved_to = layout.new_path(old_target)
        up = len(Path(reach.file).parent.parts) - len(reach.old_anchor.parts)
        now = _up(new_file.parent, up) / reach.tail if up <= len(new_file.parent.parts) else None
        # What moves is the first folder (or file) below the anchor: `data/`, all of it.
        unit = reach.old_anchor / reach.tail.parts[0]
        unit_moved, unit_now = layout.new_path(unit), now and _without_tail(now, reach.tail)
        if now == moved_to:
            staying.add(unit_moved)  # this path holds as it is: the data must stay there
            continue
        package = member.new / "src" / member.import_name
        unit_now = unit_now / reach.tail.parts[0] if unit_now is not None else None
        if (
            unit_now is not None
            and unit_now.is_relative_to(package)
            and unit_moved.is_relative_to(member.new)
            and unit_moved != member.new
            and not _is_code(unit, member)
            and not _occupied(unit_now, new_files)
        ):
            moves.setdefault(unit_moved, set()).add(unit_now)
            pending.append((reach, f"reaches {old_target.as_posix()}: {unit.as_posix()} moved "
                                   f"with the code to {unit_now.as_posix()} (package data, "
                                   "installed with it)."))  # fmt: skip
            continue
        anchor_now = _without_tail(moved_to, reach.tail)
        climbable = climb("", reach.anchor, 1) is not None
        if climbable and anchor_now is not None and new_file.parent.is_relative_to(anchor_now):
            levels = len(new_file.parent.parts) - len(anchor_now.parts) - up
            if levels > 0:
                key = (reach.file, id(reach.anchor))
                climbs.setdefault(key, set()).add(levels)
                climbing.setdefault(unit_moved, set()).add(key)
                pending.append((reach, f"reaches {old_target.as_posix()}, now at "
                                       f"{moved_to.as_posix()}: the folder it starts from "
                                       f"(line {reach.anchor.lineno}) climbs {levels} more, "
                                       "so it still does in the workspace; the image runs the "
                                       "installed package, beside which only package data "
                                       "is."))  # fmt: skip
                continue
        followed.notes.append(_unresolved(reach, old_target, moved_to, now))
    conflicting = {old for old, wanted in moves.items() if len(wanted) > 1}
    conflicting_anchors = {key for key, levels in climbs.items() if len(levels) > 1}
    # Data one path moves into the package while another climbs to where it was: neither.
    for unit in set(moves) & (set(climbing) | staying):
        conflicting.add(unit)
        conflicting_anchors |= climbing.get(unit, set())
    for reach, message in pending:
        old_target = reach.old_anchor / reach.tail
        moved_to = layout.new_path(old_target)
        unit = layout.new_path(reach.old_anchor / reach.tail.parts[0])
        key = (reach.file, id(reach.anchor))
        if unit in conflicting or key in conflicting_anchors:
            followed.notes.append(_unresolved(reach, old_target, moved_to, None))
            continue
        followed.notes.append(Note(f"{reach.file}:{reach.line}", message))
    for old, wanted in sorted(moves.items()):
        if old not in conflicting:
            followed.moves.append(Move(old, next(iter(wanted))))
    done: set[tuple[str, int]] = set()
    for reach in reaches:
        key = (reach.file, id(reach.anchor))
        if not reach.tracked:
            deeper = len(layout.new_path(Path(reach.file)).parts) != len(Path(reach.file).parts)
            if deeper and (key not in climbs or key in conflicting_anchors):
                followed.notes.append(_untracked(reach, layout))
            continue
        if key in climbs and key not in conflicting_anchors and key not in done:
            done.add(key)
            levels = next(iter(climbs[key]))
            followed.anchors.setdefault(reach.file, []).append((reach.anchor, levels))
    for file, lines in sorted(unhandled.items()):
        new_file = layout.new_path(Path(file))
        followed.notes += [
            Note(
                f"{file}:{line}",
                f"builds a path from __file__ that can't be told statically, and the file "
                f"moved ({new_file.as_posix()}): check what it reaches outside its package.",
            )
            for line in sorted(lines)
        ]
    return followed


def _untracked(reach: _Reach, layout: Layout) -> Note:
    new_file = layout.new_path(Path(reach.file))
    deeper = len(new_file.parts) - len(Path(reach.file).parts)
    return Note(
        f"{reach.file}:{reach.line}",
        f"builds {(reach.old_anchor / reach.tail).as_posix()} from __file__ (nothing tracked "
        f"is there: made at run time?), and the file is now {deeper} folders deeper "
        f"({new_file.as_posix()}): check where it is made now.",
    )


def _unresolved(reach: _Reach, old: Path, moved_to: Path, now: Path | None) -> Note:
    where = f"now reaches {now.as_posix()}" if now is not None else "can't follow it"
    return Note(
        f"{reach.file}:{reach.line}",
        f"reaches {old.as_posix()} through __file__ (or Flask's root path), which the moves put at "
        f"{moved_to.as_posix()}; the path {where}: not rewritten, fix it by hand.",
    )


def _reaches(
    root: Path, file: str, module: ast.Module, tree: Tree
) -> tuple[list[_Reach], set[int]]:
    """The outermost path expressions built from `__file__` that reach a file or folder other
    than the file's own folders, with the part of each that names a folder above the file;
    and the lines using `__file__` in a way that can't be told statically."""
    names = module_names(module)
    bound = _bound_to_file(names)
    absolute = root / file
    parents: dict[ast.AST, ast.AST] = {}
    starts: list[ast.Name] = []
    found: list[_Reach] = []
    lines: set[int] = set()
    told: set[int] = set()
    pending: list[ast.AST] = [module]
    while pending:  # one pass, noting each node's parent on the way: large files stay fast
        item = pending.pop()
        for child in ast.iter_child_nodes(item):
            parents[child] = item
            pending.append(child)
        if isinstance(item, ast.Name) and (item.id == "__file__" or item.id in bound):
            starts.append(item)
            if item.id == "__file__":
                lines.add(item.lineno)
        if isinstance(item, ast.Call):
            for beside in _flask_folders(item):
                if tree.is_dir((Path(file).parent / beside).as_posix()):
                    found.append(_Reach(file, item.lineno, item, Path(file).parent, Path(beside)))
                    told.add(item.lineno)
    outermost: dict[int, ast.expr] = {}
    for start in starts:
        top: ast.expr = start
        while True:  # up to the largest expression that is still a path
            parent = parents.get(top)
            if not isinstance(parent, ast.expr) or evaluate(parent, absolute, names) is None:
                break
            top = parent
        outermost.setdefault(id(top), top)
    seen: set[tuple[int, Path]] = set()
    for node in outermost.values():
        value = _relative(evaluate(node, absolute, names), root)
        if value is None:
            continue
        if value == Path(file) and isinstance(parents.get(node), ast.expr):
            continue  # `environ.Path(__file__) - 2`: only `__file__` itself could be told
        told.add(node.lineno)
        if value == Path(".") or Path(file).is_relative_to(value):
            continue
        tracked = tree.has(value.as_posix()) or tree.is_dir(value.as_posix())
        anchor = _anchor(node, absolute, names, root, Path(file))
        if anchor is None:
            continue
        expression, folder = anchor
        if not value.is_relative_to(folder) or (node.lineno, value) in seen:
            continue
        seen.add((node.lineno, value))
        tail = value.relative_to(folder)
        found.append(_Reach(file, node.lineno, expression, folder, tail, tracked))
    return found, lines - told


def _flask_folders(node: ast.AST) -> list[str]:
    """`Flask(__name__)` finds templates/ and static/ beside its module (its root path is the
    module's folder), `Blueprint("x", __name__, template_folder="templates")` those it names:
    a path from `__file__` that the code does not spell."""
    if not isinstance(node, ast.Call):
        return []
    name = ast.unparse(node.func).rsplit(".", 1)[-1]
    position = {"Flask": 0, "Blueprint": 1}.get(name)
    if position is None or len(node.args) <= position:
        return []
    argument = node.args[position]
    if not (isinstance(argument, ast.Name) and argument.id == "__name__"):
        return []
    given = {k.arg: k.value for k in node.keywords if k.arg}
    folders = []
    for keyword, default in (("template_folder", "templates"), ("static_folder", "static")):
        value = given.get(keyword)
        if value is None and name == "Flask":
            folders.append(default)
        elif isinstance(value, ast.Constant) and isinstance(value.value, str):
            folders.append(value.value)
    return folders


def _anchor(
    node: ast.expr, file: Path, names: dict[str, ast.expr], root: Path, relative: Path
) -> tuple[ast.expr, Path] | None:
    """The largest part of `node` that names a folder above the file (through module-level
    names: `BASE_DIR` is its assignment's value), and that folder relative to the root."""
    current: ast.expr | None = node
    while current is not None:
        if isinstance(current, ast.Name) and current.id in names:
            current = names[current.id]
            continue
        value = _relative(evaluate(current, file, names), root)
        if value is not None and relative.parent.is_relative_to(value):
            return current, value
        current = _inner(current)
    return None


def _inner(node: ast.expr) -> ast.expr | None:
    """The part of a path expression its value is built on: `a / b` -> a, `join(a, b)` -> a,
    `str(a)` -> a."""
    if isinstance(node, ast.BinOp):
        return node.left
    if isinstance(node, ast.Call) and node.args:
        return node.args[0]
    return None


def _bound_to_file(names: dict[str, ast.expr]) -> set[str]:
    """Module-level names bound to a path built from `__file__` (`HERE = ...__file__...`,
    then `BASE = HERE.parent`...)."""
    bound: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, value in names.items():
            if name not in bound and any(
                _is_file(n) or (isinstance(n, ast.Name) and n.id in bound) for n in ast.walk(value)
            ):
                bound.add(name)
                changed = True
    return bound


def _is_file(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "__file__"


def _relative(value: str | Path | None, root: Path) -> Path | None:
    if value is None:
        return None
    path = Path(os.path.normpath(value))
    if not path.is_absolute() or not path.is_relative_to(root):
        return None
    return path.relative_to(root)


def _up(folder: Path, levels: int) -> Path:
    for _ in range(levels):
        folder = folder.parent
    return folder


def _without_tail(path: Path, tail: Path) -> Path | None:
    if tail == Path("."):
        return path
    if len(path.parts) < len(tail.parts) or path.parts[-len(tail.parts) :] != tail.parts:
        return None
    return Path(*path.parts[: -len(tail.parts)]) if len(path.parts) > len(tail.parts) else Path()


def _is_code(path: Path, member: Found) -> bool:
    return any(path == c.path or c.path in path.parents or path in c.path.parents
               for c in member.code)  # fmt: skip


def _occupied(path: Path, new_files: set[Path]) -> bool:
    return path in new_files or any(path in f.parents for f in new_files)


def climb(segment: str, node: ast.expr, levels: int) -> str | None:
    """`segment` (the source of `node`) made to name a folder `levels` higher: `.parent`
    appended to a pathlib expression, `os.path.dirname(...)` around a string one."""
    dirname = next(
        (
            ast.unparse(n.func)
            for n in ast.walk(node)
            if isinstance(n, ast.Call) and ast.unparse(n.func) in ("os.path.dirname", "dirname")
        ),
        None,
    )
    pathlib = any(
        (isinstance(n, ast.Attribute) and n.attr in ("parent", "parents"))
        or (isinstance(n, ast.Call) and ast.unparse(n.func) in ("Path", "pathlib.Path"))
        for n in ast.walk(node)
    )
    if pathlib and dirname is None:
        atom = segment if not isinstance(node, ast.BinOp) else f"({segment})"
        return atom + ".parent" * levels
    if dirname is not None and not pathlib:
        return f"{dirname}(" * levels + segment + ")" * levels
    return None
