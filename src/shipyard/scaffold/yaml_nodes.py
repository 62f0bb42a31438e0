"""What a parsed ruamel.yaml document holds, seen two ways: the keys a mapping spells out
itself, and the plain data it means."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap


def own_keys(mapping: CommentedMap) -> list[Any]:
    """The keys written in the mapping, not those a `<<: *anchor` merge brings in: only these
    have a place (and comments) in the file."""
    return [key for key, _ in mapping.non_merged_items()]


def plain(value: Any) -> Any:
    """The data alone, merges resolved: dicts, lists, strings and numbers."""
    if isinstance(value, Mapping):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value
