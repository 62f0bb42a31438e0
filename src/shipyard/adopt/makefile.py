"""The repository's own Makefile, kept: it moves to `legacy.mk` with the folders and modules
it names updated, and the generated Makefile forwards each of its targets that it does not
define itself, so `make deploy` still works; the others run as `make -f legacy.mk TARGET`."""

from __future__ import annotations

import re
from pathlib import Path

from shipyard.adopt.codemods.names import Renaming
from shipyard.adopt.codemods.text import rewrite_text
from shipyard.adopt.model import Found

OLD = Path("Makefile")
LEGACY = Path("legacy.mk")
# The generated Makefile's own targets (templates/Makefile.jinja).
GENERATED_TARGETS = frozenset({"help", "install", "test-all", "check", "up", "build"})
TARGET = r"[A-Za-z0-9_][\w.\-]*"
RULE = re.compile(rf"^(?P<targets>{TARGET}(?:[ \t]+{TARGET})*)[ \t]*::?(?!=)")


def legacy_makefile(text: str, members: tuple[Found, ...], renaming: Renaming) -> tuple[str, int]:
    """The old Makefile with member folders (`cd payments`) and renamed modules updated, and
    the number of edits."""
    text, count = rewrite_text(text, renaming)
    for member in members:
        old = member.old.as_posix()
        if old == "." or member.old == member.new:
            continue
        pattern = re.compile(rf"(?<![\w./-]){re.escape(old)}(?=[/\s;:)|&\"']|$)", re.MULTILINE)
        text, n = pattern.subn(member.new.as_posix(), text)
        count += n
    return text, count


def forwarded_targets(text: str) -> list[str]:
    """The old Makefile's targets the generated one does not define (pattern rules and
    special targets like `.PHONY` are not targets one runs)."""
    found: list[str] = []
    for line in text.splitlines():
        match = RULE.match(line)
        if match is None:
            continue
        for target in match["targets"].split():
            if target not in GENERATED_TARGETS and target not in found:
                found.append(target)
    return found
