"""What a rewrite needs to know about the code that moves: old import name -> new dotted
name, and the names each old module defines, so that a string is rewritten only when it
really names that code (`"app.main:app"`, never `"app.example.com"`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DOTTED = re.compile(
    r"^(?P<top>[A-Za-z_]\w*)(?P<rest>(?:\.[A-Za-z_]\w*)*)(?P<attr>:[A-Za-z_][\w.]*(?:\(\))?)?$"
)


@dataclass(frozen=True)
class Renaming:
    modules: dict[str, str]
    """Old top-level import name -> new dotted name."""
    known: dict[str, frozenset[str]]
    """Old top-level import name -> the submodules and names it defines."""
    app_configs: dict[str, str] = field(default_factory=dict)
    """Old bare name of a Django app -> the AppConfig written to keep its label, which
    `INSTALLED_APPS` names instead (`users.apps.ProjectConfig`)."""

    def __bool__(self) -> bool:
        return bool(self.modules)

    def dotted(self, value: str) -> str | None:
        """`value` rewritten when it is a dotted path (`project.views.fetch`) or an import
        target (`project:create_app()`) into renamed code; None otherwise."""
        match = DOTTED.match(value)
        if match is None or match["top"] not in self.modules:
            return None
        rest, attr = match["rest"], match["attr"] or ""
        following = rest[1:].split(".")[0] if rest else attr[1:].split(".")[0].removesuffix("()")
        if not following or following not in self.known.get(match["top"], frozenset()):
            return None
        return self.modules[match["top"]] + rest + attr
