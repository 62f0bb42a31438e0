"""A three-way merge of parsed YAML: what shipyard rendered before (`old`), the user's file
(`user`) and what shipyard renders now (`new`).

The rule, for every value and recursively inside mappings:

- shipyard's render did not change it (new == old): the user's value stays, edited or not;
- the user did not change it (user == old): shipyard's new value is taken;
- both are mappings: merged key by key inside the user's mapping, so its key order, comments
  and anchor stay; a key shipyard adds goes after the key that precedes it in shipyard's
  render (or before the one that follows it);
- both are lists of plain values under a key whose list is a set (`profiles`, `resources`...):
  the user's items, less those shipyard dropped, plus those it added;
- otherwise both changed it and the user's value wins: their edit is deliberate.

A missing key is a value like any other: a key the user deleted stays deleted unless shipyard
renders it for the first time, and a key shipyard stops rendering goes unless the user edited
it. Values are compared as data (merges resolved): quoting style, comments and key order do not
count.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from shipyard.scaffold.yaml_nodes import own_keys, plain


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class ThreeWay:
    def __init__(self, set_like: frozenset[str]) -> None:
        self._set_like = set_like
        # An anchored value appears more than once: merged once, so the aliases still agree.
        self._done: dict[tuple[int, int, int], Any] = {}

    def merge(self, old: Any, user: Any, new: Any, key: Any = None) -> Any:
        memo = (id(old), id(user), id(new))
        if memo in self._done:
            return self._done[memo]
        result: Any
        if isinstance(user, CommentedMap) and isinstance(new, Mapping):
            result = self._mappings(old, user, new)
        elif plain(new) == plain(old):
            result = user
        elif plain(user) == plain(old):
            result = new
        elif isinstance(user, CommentedSeq) and isinstance(new, list) and key in self._set_like:
            result = self._sets(old, user, new)
        else:
            result = user
        if isinstance(user, CommentedMap | CommentedSeq):
            self._done[memo] = result
        return result

    def _mappings(self, old: Any, user: CommentedMap, new: Mapping[Any, Any]) -> CommentedMap:
        before = old if isinstance(old, Mapping) else {}
        # A key a `<<` merge brings in stays the user's: it has no place of its own to edit.
        for key in own_keys(user):
            merged = self.merge(before.get(key, MISSING), user[key], new.get(key, MISSING), key)
            if merged is MISSING:
                del user[key]
            elif merged is not user[key]:
                user[key] = merged
        for key in new:
            if key not in user:
                merged = self.merge(before.get(key, MISSING), MISSING, new[key], key)
                if merged is not MISSING:
                    user.insert(position_after(own_keys(user), list(new), key), key, merged)
        return user

    def _sets(self, old: Any, user: CommentedSeq, new: list[Any]) -> CommentedSeq:
        if not all(_is_scalar(item) for item in (*user, *new)):
            return user
        before = [plain(item) for item in old] if isinstance(old, list) else []
        after = [plain(item) for item in new]
        for index in reversed(range(len(user))):
            if plain(user[index]) in before and plain(user[index]) not in after:
                del user[index]
        for item in new:
            mine = [plain(u) for u in user]
            if plain(item) not in before and plain(item) not in mine:
                user.insert(position_after(mine, after, plain(item)), item)
        return user


def position_after(present: list[Any], order: list[Any], item: Any) -> int:
    """Where `item` goes in `present`: after the nearest item that precedes it in `order`,
    else before the nearest one that follows it, else last."""
    index = order.index(item)
    for earlier in reversed(order[:index]):
        if earlier in present:
            return present.index(earlier) + 1
    for later in order[index + 1 :]:
        if later in present:
            return present.index(later)
    return len(present)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, Mapping | list)
