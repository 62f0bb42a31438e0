"""A user's YAML file brought from one render of shipyard's to the next, three ways (see
`three_way`), with the user's comments, blank lines, order, anchors and indentation kept."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from shipyard.errors import ShipyardError
from shipyard.scaffold import yaml_layout
from shipyard.scaffold.three_way import ThreeWay, position_after
from shipyard.scaffold.yaml_nodes import own_keys
from shipyard.scaffold.yaml_roundtrip import dump, load_mapping, parse, style_of

Complete = Callable[[CommentedMap, CommentedMap, CommentedMap], None]
"""Called with (user, old, new) once merged, to add what the merged entries need."""


def merge_text(
    text: str,
    old: str,
    new: str,
    path: Path,
    *,
    set_like: frozenset[str],
    sections: tuple[str, ...] = (),
    complete: Complete | None = None,
) -> str:
    """`text` (the file at `path`) moved from shipyard's render `old` to its render `new`.

    `sections` are top-level mappings whose entries shipyard adds to (compose's `services`):
    each entry keeps the blank lines and comments before it, and one shipyard adds gets those
    of its render, so nothing the user wrote moves when entries come in between."""
    user = load_mapping(text, path)
    style = style_of(text, user)
    before, after = parse(old), parse(new)
    top, end = yaml_layout.detach(user)
    keys = set(user)
    new_top, _ = yaml_layout.detach(after)
    sections = tuple(s for s in sections if isinstance(after.get(s), CommentedMap))
    for section in sections:
        _section(user, section, list(after), path)
    layouts = {}
    for section in sections:
        # Comments of entries shipyard adds move to the column the user's entries are at.
        shift = _column(user[section], style.mapping) - _column(after[section], 2)
        mine, _ = yaml_layout.detach(user[section], (user, section))
        theirs, _ = yaml_layout.detach(after[section], (after, section))
        layouts[section] = (mine, theirs, set(user[section]), shift)

    ThreeWay(set_like).merge(before, user, after)
    if complete is not None:
        complete(user, before, after)

    for section, (mine, theirs, had, shift) in layouts.items():
        for name in set(user[section]) - had:
            mine[name] = yaml_layout.reindent(theirs.get(name, [""]), shift)
        first = next(iter(user[section]), None)
        if first is not None and first not in had:
            # Never a blank line right under the section's key.
            mine[first] = list(itertools.dropwhile(lambda line: not line, mine[first]))
        yaml_layout.attach(user[section], mine, [])
    for key in set(user) - keys:
        top[key] = new_top.get(key, [""])
    yaml_layout.attach(user, top, end)
    return dump(user, style, text)


def _section(document: CommentedMap, key: str, order: list[str], path: Path) -> None:
    """A section the user left empty (`services:` or `{}`) or out is a block mapping to add to
    (put where shipyard's render has it)."""
    value = document.get(key)
    if value is None:
        value = CommentedMap()
        if key in document:
            document[key] = value
        else:
            document.insert(position_after(own_keys(document), order, key), key, value)
    elif not isinstance(value, CommentedMap):
        raise ShipyardError(f"{path}: {key} is not a mapping of names to entries; fix it.")
    if not value:
        value.fa.set_block_style()


def _column(section: CommentedMap, default: int) -> int:
    """The column of a section's entry names, as the user's file has them."""
    if not own_keys(section):
        return default
    return int(section.lc.key(own_keys(section)[0])[1])
