"""Each Django file's facts, kept in the check cache by file stamp: after an edit, the Django
rules re-read one file, not the member's thousands."""

from __future__ import annotations

import ast
from typing import Any

from shipyard.django.facts import FORMAT, FileFacts, decode, encode, extract, worth_reading
from shipyard.rules.context import CheckContext
from shipyard.workspace import Member

KEY = "django-facts"


def file_facts(
    context: CheckContext, member: Member, paths: list[tuple[str, bool]]
) -> dict[str, FileFacts]:
    """The facts of each `(path, forced)` worth reading (always, when forced); others have
    none. Cached facts hold while the file's stamp and the workspace's shape do (the shape
    decides which files are forced)."""
    cache = context.cache
    shape = context.digests.get("", "")
    name = f"{KEY}:{member.name}"
    # Kept under the shape and the member's digest: rows of unchanged files are reused
    # whatever else changed in the member, and a changed member is written back.
    entry = cache.memo.get(name) if cache is not None else None
    previous: dict[str, tuple[Any, ...]] = {}
    if entry is not None and entry[0].rpartition("|")[0] == f"{FORMAT}|{shape}":
        previous = entry[1]
    rows: dict[str, tuple[Any, ...]] = {}
    found: dict[str, FileFacts] = {}
    for path, forced in paths:
        stamp = context.files.get(path, (0, 0))
        row = previous.get(path)
        if row is None or (row[0], row[1]) != stamp:
            facts = _read(context, path, forced)
            row = (*stamp, encode(facts) if facts is not None else None)
        rows[path] = row
        if row[2] is not None:
            found[path] = decode(row[2])
    if cache is not None:
        cache.remember(name, f"{FORMAT}|{shape}|{context.digests.get(member.name, '')}", rows)
    return found


def _read(context: CheckContext, path: str, forced: bool) -> FileFacts | None:
    text = context.read(path)
    if text is None or not (forced or worth_reading(path, text)):
        return None
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None  # SY001 reports it
    return extract(path, tree)
