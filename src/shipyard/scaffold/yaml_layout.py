"""The blank lines and comments between the entries of a YAML mapping, kept with the entry
they precede, so that entries can be replaced, inserted and moved without taking a neighbour's
comments along.

ruamel.yaml stores the lines between two entries on the deepest last value of the first one
(or, after a flow list, before the second); `detach` collects them per entry and `attach`
writes them back as comments before each key, which ruamel emits in place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from shipyard.scaffold.yaml_nodes import own_keys

Lines = list[str]
"""Whole lines, without their line ends: blank, or a comment with its indentation."""


def detach(
    mapping: CommentedMap, parent: tuple[CommentedMap, Any] | None = None
) -> tuple[dict[Any, Lines], Lines]:
    """Take the lines before each entry off the document: `{key: lines}`, and the lines after
    the last entry. `parent` (the mapping and key holding `mapping`) is where the lines before
    a nested mapping's first entry are; a document's first entry keeps its header comment."""
    keys = own_keys(mapping)
    leading: dict[Any, Lines] = {key: [] for key in keys}
    if keys and parent is not None:
        leading[keys[0]] = _take_first_comment(mapping, *parent)
    after: Lines = []
    for index, key in enumerate(keys):
        if index:
            leading[key] += _take_before(mapping, key)
        tail = _take_tail(mapping, key)
        if index + 1 < len(keys):
            leading[keys[index + 1]] = tail
        else:
            after = tail
    return leading, after


def attach(mapping: CommentedMap, leading: dict[Any, Lines], after: Lines) -> None:
    """Write `leading` back as comments before the keys, and `after` at the very end."""
    for key in own_keys(mapping):
        slot = mapping.ca.items.setdefault(key, [None, None, None, None])
        lines = leading.get(key, [])
        slot[1] = [_token(line) for line in lines] if lines else None
    if after and mapping:
        _append_at_end(mapping, after)


def reindent(lines: Lines, shift: int) -> Lines:
    """Comment lines moved `shift` columns (left when negative); blank lines stay blank."""
    if shift >= 0:
        return [" " * shift + line if line else line for line in lines]
    return [line[min(-shift, len(line) - len(line.lstrip())) :] for line in lines]


def _take_first_comment(mapping: CommentedMap, parent: CommentedMap, key: Any) -> Lines:
    lines: Lines = []
    own = mapping.ca.comment
    if own is not None and len(own) > 1 and own[1]:
        lines = _lines_of(own[1])
        own[1] = None
    slot = parent.ca.items.get(key)
    if slot is not None and len(slot) > 3 and slot[3]:
        lines = lines or _lines_of(slot[3])
        slot[3] = None
    return lines


def _take_before(mapping: CommentedMap, key: Any) -> Lines:
    slot = mapping.ca.items.get(key)
    if slot is None or not slot[1]:
        return []
    lines = _lines_of(slot[1])
    slot[1] = None
    return lines


def _take_tail(mapping: CommentedMap, key: Any) -> Lines:
    """Cut the lines after an entry off the last comment inside it: those not indented
    deeper than the entry's key belong to what follows, as do any after a blank line."""
    first_line, column = (int(n) for n in mapping.lc.key(key))
    own = [t for t in mapping.ca.items.get(key, ()) if isinstance(t, CommentToken)]
    below = _tokens(mapping[key], set())
    # Only a comment after the entry's last line can hold what follows the entry.
    last_line = _last_line(mapping[key], first_line, set())
    tokens = [t for t in (*own, *below) if _line(t) >= last_line]
    if not tokens:
        return []
    token = max(tokens, key=_line)
    lines = token.value.split("\n")
    if lines[-1] == "":
        lines.pop()
    end_of_line, rest = lines[0], lines[1:]
    inside = 0
    while inside < len(rest) and _is_comment(rest[inside]) and _indent(rest[inside]) > column:
        inside += 1
    if inside == len(rest):
        return []
    token.value = "\n".join([end_of_line, *rest[:inside]]) + "\n"
    return rest[inside:]


def _tokens(node: Any, seen: set[int]) -> Iterator[CommentToken]:
    """Every comment token stored after a value in `node` and below."""
    if not isinstance(node, CommentedMap | CommentedSeq) or id(node) in seen:
        return
    seen.add(id(node))
    for slot in node.ca.items.values():
        for entry in slot:
            if isinstance(entry, CommentToken):
                yield entry
    children = [v for _, v in node.non_merged_items()] if isinstance(node, CommentedMap) else node
    for child in children:
        yield from _tokens(child, seen)


def _last_line(node: Any, line: int, seen: set[int]) -> int:
    """The last line on which a key or item of `node` starts (at least `line`)."""
    if not isinstance(node, CommentedMap | CommentedSeq) or id(node) in seen:
        return line
    seen.add(id(node))
    if isinstance(node, CommentedMap):
        for key, value in node.non_merged_items():
            line = max(line, int(node.lc.key(key)[0]))
            line = _last_line(value, line, seen)
    else:
        for index, value in enumerate(node):
            line = max(line, int(node.lc.item(index)[0]))
            line = _last_line(value, line, seen)
    return line


def _append_at_end(node: Any, lines: Lines) -> None:
    """Add `lines` after the last value of `node`, where the loader would have put them."""
    while True:
        if isinstance(node, CommentedMap) and own_keys(node):
            index: Any = own_keys(node)[-1]
            position = 2
        elif isinstance(node, CommentedSeq) and node:
            index, position = len(node) - 1, 0
        else:
            return
        value = node[index]
        if isinstance(value, CommentedMap | CommentedSeq) and value and not value.fa.flow_style():
            node = value
            continue
        slot = node.ca.items.setdefault(index, [None, None, None, None])
        text = "\n".join(lines) + "\n"
        if slot[position] is None:
            slot[position] = CommentToken("\n" + text, CommentMark(0), None)
        else:
            slot[position].value += text
        return


def _lines_of(tokens: list[CommentToken]) -> Lines:
    lines: Lines = []
    for token in tokens:
        parts = token.value.split("\n")
        if parts[-1] == "":
            parts.pop()
        column = token.column if parts and parts[0] else 0
        lines += [" " * column + parts[0], *parts[1:]] if parts else [""]
    return lines


def _token(line: str) -> CommentToken:
    if not line.strip():
        return CommentToken("\n", CommentMark(0), None)
    return CommentToken(line.lstrip() + "\n", CommentMark(_indent(line)), None)


def _line(token: CommentToken) -> int:
    return int(getattr(token.start_mark, "line", -1))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")
