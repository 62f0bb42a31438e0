"""Which codes are reported where: --select/--ignore prefixes and per-file ignores."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(p == "ALL" or code.startswith(p) for p in prefixes)


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A gitignore-like glob: `**` crosses directories, `*` and `?` do not.

    A pattern also matches everything under a directory it matches.
    """
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out).rstrip("/") + "(?:/.*)?")


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    per_file: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = field(default=())

    def enabled(self, code: str) -> bool:
        return _matches(code, self.select) and not _matches(code, self.ignore)

    def reported(self, code: str, path: str) -> bool:
        if not self.enabled(code):
            return False
        return not any(rx.fullmatch(path) and _matches(code, c) for rx, c in self.per_file)
