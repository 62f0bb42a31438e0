"""A user's YAML file read and written back by ruamel.yaml: comments, key order, anchors,
quotes and flow lists survive, so only what is changed on purpose changes.

ruamel.yaml is imported by the modules that edit YAML, which only `add` reaches.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from shipyard.errors import ShipyardError
from shipyard.scaffold.yaml_nodes import own_keys, plain


@dataclass(frozen=True)
class Style:
    """How a file indents, in ruamel's terms: `sequence` is where an item's content starts
    and `offset` where its dash is, both counted from the parent key."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2
    explicit_start: bool = False


def load_mapping(text: str, path: Path) -> CommentedMap:
    """The document in `text`, which must be a YAML mapping; else one sentence naming `path`."""
    try:
        document = _yaml(Style()).load(text)
    except YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        raise ShipyardError(
            f"{path} is not valid YAML{line}; fix it or move it aside, then rerun."
        ) from None
    if not isinstance(document, CommentedMap):
        raise ShipyardError(
            f"{path} is not a YAML mapping of keys to values; fix it or move it aside, then rerun."
        )
    return document


def parse(text: str) -> CommentedMap:
    """A document shipyard rendered itself, so known to be a mapping."""
    document = _yaml(Style()).load(text)
    assert isinstance(document, CommentedMap)
    return document


def dump(document: CommentedMap, style: Style, original: str) -> str:
    """The document as text, its lines from `original` spelled as they were there."""
    stream = io.StringIO()
    _yaml(style).dump(document, stream)
    return _respelled(original, stream.getvalue(), document)


def _respelled(original: str, dumped: str, document: CommentedMap) -> str:
    """ruamel.yaml writes what it read in its own spelling: one indentation for the whole file,
    no trailing spaces or whitespace-only lines, `[a, b]` for `[ a, b ]`. Each line the user
    wrote that it merely re-spelled is put back as written, and the blank lines it dropped,
    unless that would change what the file means (then its spelling stays)."""
    newline = "\r\n" if "\r\n" in original else "\n"
    mine, its = original.splitlines(), dumped.splitlines()
    matcher = difflib.SequenceMatcher(
        None,
        ["".join(line.split()) for line in mine],
        ["".join(line.split()) for line in its],
        autojunk=False,
    )
    lines: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += mine[i1:i2]
        elif tag == "delete":
            lines += [line for line in mine[i1:i2] if not line.strip()]
        else:
            lines += its[j1:j2]
    ending = newline if original.endswith(("\n", "\r")) or lines[-1:] != mine[-1:] else ""
    text = newline.join(lines) + ending
    if text == dumped:
        return text
    try:
        same = plain(_yaml(Style()).load(text)) == plain(document)
    except YAMLError:
        same = False
    return text if same else dumped


def style_of(text: str, document: CommentedMap) -> Style:
    """The indentation the file uses, read from its first nested mapping and first block
    list; shipyard's own (2, 4, 2) where the file has none."""
    mapping = _mapping_indent(document)
    sequence = _sequence_indent(document, 0)
    first = next(
        (line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"), ""
    )
    explicit = first == "---" or first.startswith("--- ")
    if sequence is None:
        return Style(mapping=mapping or 2, explicit_start=explicit)
    content, dash = sequence
    return Style(mapping or 2, content, dash, explicit)


def _mapping_indent(document: CommentedMap) -> int | None:
    """The column of the first key nested in a top-level key (whose column is 0)."""
    for _, value in document.non_merged_items():
        if isinstance(value, CommentedMap) and own_keys(value) and not value.fa.flow_style():
            return int(value.lc.key(own_keys(value)[0])[1])
    return None


def _sequence_indent(node: Any, column: int) -> tuple[int, int] | None:
    """(content, dash) of the first block list, relative to its key's column."""
    if isinstance(node, CommentedMap):
        for key, value in node.non_merged_items():
            key_column = int(node.lc.key(key)[1])
            if isinstance(value, CommentedSeq) and value and not value.fa.flow_style():
                content = int(value.lc.item(0)[1]) - key_column
                return content, max(content - 2, 0)
            found = _sequence_indent(value, key_column)
            if found is not None:
                return found
    return None


def _yaml(style: Style) -> YAML:
    yaml = YAML()  # round-trip mode
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the user wrote on one
    yaml.indent(mapping=style.mapping, sequence=style.sequence, offset=style.offset)
    yaml.explicit_start = style.explicit_start
    return yaml
