"""Every Python codemod on one parse of the file; files that mention nothing renamed and hold
no path hack are not parsed at all."""

from __future__ import annotations

import ast
import re
from functools import cache

from shipyard.adopt.codemods.django import rewrite_app_names
from shipyard.adopt.codemods.imports import rewrite_imports
from shipyard.adopt.codemods.names import Renaming
from shipyard.adopt.codemods.source import Source
from shipyard.adopt.codemods.strings import rewrite_strings
from shipyard.adopt.codemods.syspath import remove_path_hacks
from shipyard.adopt.file_paths import climb

IMPORTS, STRINGS, PATH_HACKS = "imports", "module strings", "sys.path hacks removed"
APP_NAMES, APP_LABELS = "Django app names", "Django app labels kept"
FILE_PATHS = "__file__ paths following their data"


def climb_anchors(source: Source, anchors: tuple[tuple[ast.expr, int], ...]) -> int:
    count = 0
    for node, levels in anchors:
        climbed = climb(source.segment(node), node, levels)
        if climbed is not None:
            source.replace(*source.span(node), climbed)
            count += 1
    return count


@cache
def _mentions(names: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, names))) + r")\b")


def rewrite_python(
    text: str,
    renaming: Renaming,
    hack_lines: frozenset[int] = frozenset(),
    tree: ast.Module | None = None,
    anchors: tuple[tuple[ast.expr, int], ...] = (),
) -> tuple[str, dict[str, int]] | None:
    """The rewritten text and the edits per kind; None when nothing changes. `tree` is
    `text` parsed already, when the caller has it (and `anchors`, expressions of that tree
    naming a folder above the file that must climb further: see adopt.file_paths). Raises
    SyntaxError for a file that does not parse."""
    mentions = bool(renaming) and _mentions(frozenset(renaming.modules)).search(text) is not None
    if not mentions and not hack_lines and not anchors:
        return None
    source = Source(text, tree if tree is not None else ast.parse(text))
    counts = {
        FILE_PATHS: climb_anchors(source, anchors),
        PATH_HACKS: remove_path_hacks(source, hack_lines) if hack_lines else 0,
        IMPORTS: rewrite_imports(source, renaming) if mentions else 0,
        STRINGS: rewrite_strings(source, renaming) if mentions else 0,
    }
    if mentions:
        counts[APP_NAMES], counts[APP_LABELS] = rewrite_app_names(source, renaming)
    counts = {kind: n for kind, n in counts.items() if n}
    rewritten = source.result()
    if not counts or rewritten == text:
        return None
    return rewritten, counts
