"""A pyproject brought from the template's old render to its new one, as data, in the user's
document (tomlkit keeps their comments, order and layout). `add`, `check --fix` and the user
all edit pyprojects, so lines would collide where values do not.

The rule, for every key and recursively inside tables, is compose's (`three_way`): the
template did not change it, the user's value stays; the user did not change it, the template's
new value is taken; both changed it, the user's stays and a note says so. Lists of
requirements merge by distribution (`fastapi>=0.115` and `fastapi>=0.116` are one entry), and
the lists in `SETS` item by item.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Array, Item, Table

from shipyard.errors import ShipyardError
from shipyard.workspace import canonical_name

# Lists whose order carries no meaning: the user's items and the template's merge.
SETS = frozenset({"members", "exclude", "select", "ignore", "extend-select", "src", "addopts"})
REQUIREMENT_TABLES = frozenset({"dependency-groups", "optional-dependencies"})


class _Missing:
    pass


MISSING: Any = _Missing()


def merge_toml(text: str, old: str, new: str, path: Path) -> tuple[str, list[str]]:
    """The user's `text` (the file at `path`) moved from `old` to `new`, and a note for each
    value both changed (the user's was kept)."""
    try:
        user = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ShipyardError(f"{path} is not valid TOML ({exc}); fix it, then rerun.") from None
    notes: list[str] = []
    # The old render is only compared with: plain data will do, and tomllib reads it faster.
    _Merge(notes).table(tomllib.loads(old), user, tomlkit.parse(new), ())
    merged = tomlkit.dumps(user)
    if not text.endswith("\n\n"):  # a table added last brings its blank line (see `_copy`)
        merged = merged.rstrip("\n") + "\n"
    return merged, notes


class _Merge:
    def __init__(self, notes: list[str]) -> None:
        self.notes = notes

    def table(self, old: Any, user: Any, new: Any, where: tuple[str, ...]) -> None:
        before = old if _is_table(old) else {}
        keys = list(user) + [k for k in new if k not in user]
        for key in keys:
            self.value(before.get(key, MISSING), user, key, new.get(key, MISSING), where)

    def value(self, old: Any, user: Any, key: str, new: Any, where: tuple[str, ...]) -> None:
        mine = user.get(key, MISSING)
        if _is_table(mine) and _is_table(new):
            self.table(old, mine, new, (*where, key))
            return
        if _plain(new) == _plain(old) or _plain(mine) == _plain(new):
            return
        if _plain(mine) == _plain(old):
            if new is MISSING:
                del user[key]
            else:
                user[key] = _copy(new)
            return
        if isinstance(mine, Array) and isinstance(new, Array):
            identity = _distribution if _requirements(key, where) else _itself
            if identity is _distribution or key in SETS:
                self.items(old, mine, new, identity, ".".join((*where, key)))
                return
        self.notes.append(f"{'.'.join((*where, key))}: yours kept; the template has {_shown(new)}")

    def items(
        self, old: Any, mine: Array, new: Array, identity: Callable[[Any], str], shown: str
    ) -> None:
        before = {identity(i): _plain(i) for i in (old if isinstance(old, list) else [])}
        after = {identity(i): _plain(i) for i in new}
        multiline = "\n" in mine.as_string()
        for index in reversed(range(len(mine))):
            name = identity(mine[index])
            if name in before and _plain(mine[index]) == before[name]:
                if name not in after:
                    del mine[index]
                elif after[name] != before[name]:
                    mine[index] = after[name]
            elif name in before and before.get(name) != after.get(name):
                theirs = f"has {after[name]!r}" if name in after else "dropped it"
                self.notes.append(f"{shown}: your {name!r} kept; the template {theirs}")
        present = {identity(i) for i in mine}
        for name, item in after.items():
            if name not in before and name not in present:
                mine.append(item)
        if multiline:
            mine.multiline(True)


def _requirements(key: str, where: tuple[str, ...]) -> bool:
    if where == ("project",):
        return key == "dependencies"
    return bool(where) and where[-1] in REQUIREMENT_TABLES


def _distribution(item: Any) -> str:
    try:
        return canonical_name(Requirement(str(item)).name)
    except InvalidRequirement:
        return str(_plain(item))  # `{include-group = "test"}` and the like


def _itself(item: Any) -> str:
    return repr(_plain(item))


def _is_table(value: Any) -> bool:
    return isinstance(value, Table | dict) and not isinstance(value, _Missing)


def _plain(value: Any) -> Any:
    if value is MISSING:
        return value
    return value.unwrap() if isinstance(value, Item) else value


def _copy(value: Any) -> Any:
    """An item of the template's document, re-parsed so it belongs to the user's alone; a
    table ends with a blank line, for the table that may follow it."""
    if isinstance(value, Table):
        table = tomlkit.parse(tomlkit.dumps({"x": value}))["x"]
        table.add(tomlkit.nl())
        return table
    return value


def _shown(value: Any) -> str:
    return "no such key" if value is MISSING else repr(_plain(value))
