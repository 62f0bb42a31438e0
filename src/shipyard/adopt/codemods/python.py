"""One parse per Python file for every Python codemod; files that mention nothing renamed
and hold no path hack are not parsed at all."""

from __future__ import annotations

import re
from functools import cache

import libcst as cst
from libcst.metadata import MetadataWrapper

from shipyard.adopt.codemods.imports import ImportRewriter, bare_references
from shipyard.adopt.codemods.names import Renaming
from shipyard.adopt.codemods.strings import StringRewriter
from shipyard.adopt.codemods.syspath import PathHackRemover, UnusedHelperImports

IMPORTS, STRINGS, PATH_HACKS = "imports", "module strings", "sys.path hacks removed"


@cache
def _mentions(names: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, names))) + r")\b")


def rewrite_python(
    text: str, renaming: Renaming, hack_lines: frozenset[int] = frozenset()
) -> tuple[str, dict[str, int]] | None:
    """The rewritten text and the edits per kind; None when nothing changes. Raises
    libcst.ParserSyntaxError for a file that does not parse."""
    mentions = bool(renaming) and _mentions(frozenset(renaming.modules)).search(text) is not None
    if not mentions and not hack_lines:
        return None
    module = cst.parse_module(text)
    counts: dict[str, int] = {}
    if hack_lines:
        remover = PathHackRemover(set(hack_lines))
        module = MetadataWrapper(module).visit(remover)
        if remover.count:
            counts[PATH_HACKS] = remover.count
            module = module.visit(UnusedHelperImports(module))
    if mentions:
        imports = ImportRewriter(renaming, bare_references(module, renaming))
        module = module.visit(imports)
        strings = StringRewriter(renaming)
        module = module.visit(strings)
        if imports.count:
            counts[IMPORTS] = imports.count
        if strings.count:
            counts[STRINGS] = strings.count
    if not counts or module.code == text:
        return None
    return module.code, counts
