"""SY205: a member with `[tool.shipyard] export-requirements = true` keeps a requirements.txt
that is exactly its runtime closure in uv.lock, for builds and deploys without uv.

The fresh export comes from uv itself (`uv export`, frozen and offline), compared with the file
as pip reads it (`shipyard.workspace.requirements_export`). A workspace without the key costs
nothing: no uv is started. Results are remembered while uv.lock, every pyproject, the exports
and the uv on PATH are unchanged; a run where uv could not be asked is not.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from shipyard.errors import ShipyardError
from shipyard.rules.cache import decode_findings, encode_findings
from shipyard.rules.context import CheckContext
from shipyard.rules.digest import inputs_digest
from shipyard.rules.finding import Finding, RewriteExport, Severity
from shipyard.rules.registry import REGISTRY
from shipyard.workspace import Member

if TYPE_CHECKING:
    from shipyard.workspace.requirements_export import Export

STALE_EXPORT = REGISTRY.rule(
    "SY205", "stale-requirements-export", Severity.ERROR,
    "A member's exported requirements.txt is missing or differs from uv.lock.",
)  # fmt: skip

FILE = "requirements.txt"
"""In the member's folder."""
FINDINGS_CACHE = "export-findings"
KEY_LINE = re.compile(r"^\s*export-requirements\s*=", re.M)
MOST_SHOWN = 6
"""Changed distributions named in a message; the rest are counted."""


def export_of(root: Path, member: Member) -> Export:
    """The member's runtime closure as uv.lock pins it (raises ShipyardError when uv cannot)."""
    # Imported here: a workspace that exports nothing never pays for them.
    from shipyard.tools import uv_export
    from shipyard.workspace.requirements_export import from_uv

    return from_uv(uv_export(root, member.name))


@REGISTRY.workspace_check(STALE_EXPORT)
def check_exports(context: CheckContext) -> list[Finding]:
    members = [m for m in context.workspace.members if m.export_requirements]
    if not members or "uv.lock" not in context.files:
        return []  # without a lock there is nothing to export from: SY204 says so
    if context.cache is None:
        return _findings(context, members)[0]
    digest = inputs_digest(context.digests[""], context.files, _inputs)
    digest += _uv_identity() + "".join(_stamp(context.root / m.file(FILE)) for m in members)
    rows = context.cache.recall(FINDINGS_CACHE, digest)
    if rows is not None:
        return decode_findings(rows)
    findings, settled = _findings(context, members)
    if settled:
        context.cache.remember(FINDINGS_CACHE, digest, encode_findings(findings))
    return findings


def _inputs(path: str) -> bool:
    return path == "uv.lock" or path.rpartition("/")[2] == "pyproject.toml"


def _uv_identity() -> str:
    """Which uv would export: another uv (an upgrade, another PATH) may write otherwise."""
    uv = shutil.which("uv")
    return _stamp(Path(uv)) if uv else ":no-uv"


def _stamp(path: Path) -> str:
    """Stated apart from the walk's stamps: an export may be left out of the walk (exclude)."""
    try:
        stat = os.stat(path)
    except OSError:
        return f":{path}:absent"
    return f":{path}:{stat.st_mtime_ns}:{stat.st_size}"


def _findings(context: CheckContext, members: list[Member]) -> tuple[list[Finding], bool]:
    """The findings, and whether uv answered for every member (else they are not remembered)."""
    from concurrent.futures import ThreadPoolExecutor

    # Each export is a uv process of some 50 ms, mostly waiting: a few at a time.
    with ThreadPoolExecutor(max_workers=min(4, len(members))) as pool:
        exports = list(pool.map(lambda m: _export_or_error(context, m), members))
    findings: list[Finding] = []
    settled = True
    for member, export in zip(members, exports, strict=True):
        if isinstance(export, str):
            settled = False
            where = member.file("pyproject.toml")
            line = _key_line(context, member)
            findings.append(
                STALE_EXPORT.finding(where, line, 1, f"{FILE} cannot be checked: {export}")
            )
        else:
            findings.extend(_compare(context, member, export))
    return findings, settled


def _export_or_error(context: CheckContext, member: Member) -> Export | str:
    try:
        return export_of(context.root, member)
    except ShipyardError as error:
        return error.message.rstrip(".")


def _compare(context: CheckContext, member: Member, wanted: Export) -> Iterator[Finding]:
    from shipyard.workspace.requirements_export import differences, read

    path = member.file(FILE)
    file = context.root / path  # read even where excluded from the walk: it is there
    fix = RewriteExport(member.folder)
    if not file.is_file():
        message = (
            f"{FILE} is missing (export-requirements is set); `shipyard check --fix` writes it"
        )
        yield STALE_EXPORT.finding(
            member.file("pyproject.toml"), _key_line(context, member), 1, message, fix
        )
        return
    try:
        found = read(file.read_text(encoding="utf-8", errors="replace"))
    except OSError as error:
        message = f"{FILE} cannot be read ({error.strerror}); `shipyard check --fix` rewrites it"
        yield STALE_EXPORT.finding(path, 1, 1, message, fix)
        return
    if found == wanted:
        return
    said = differences(found, wanted)
    if len(said) > MOST_SHOWN:
        said = [*said[:MOST_SHOWN], f"{len(said) - MOST_SHOWN} more"]
    message = f"{FILE} differs from uv.lock ({', '.join(said)}); `shipyard check --fix` rewrites it"
    yield STALE_EXPORT.finding(path, 1, 1, message, fix)


def _key_line(context: CheckContext, member: Member) -> int:
    """Where the member's pyproject sets export-requirements (1 if it cannot be found)."""
    text = context.read(member.file("pyproject.toml")) or ""
    found = KEY_LINE.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 1
