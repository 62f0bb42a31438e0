"""`[tool.shipyard.check]` in the root pyproject, and how it combines with the command line."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from shipyard.errors import ShipyardError
from shipyard.rules.selection import Selection, glob_regex
from shipyard.workspace.load import read_toml

# `django`: read by the Django rules themselves (shipyard.rules.families.django.config).
KEYS = frozenset({"select", "ignore", "per-file-ignores", "exclude", "django"})


@dataclass(frozen=True)
class CheckConfig:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()


def load_check_config(root: Path) -> CheckConfig:
    where = f"{root / 'pyproject.toml'} [tool.shipyard.check]"
    table = read_toml(root / "pyproject.toml").get("tool", {}).get("shipyard", {}).get("check", {})
    if not isinstance(table, dict):
        raise ShipyardError(f"{where} must be a table.")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ShipyardError(f"{where} has unknown keys {unknown}; known: {sorted(KEYS)}.")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ShipyardError(f"{where} per-file-ignores must be a table of glob = [codes].")
    select = table.get("select")
    return CheckConfig(
        select=None if select is None else _strings(select, f"{where} select"),
        ignore=_strings(table.get("ignore", []), f"{where} ignore"),
        per_file_ignores={
            glob: _strings(codes, f"{where} per-file-ignores {glob!r}")
            for glob, codes in per_file.items()
        },
        exclude=_strings(table.get("exclude", []), f"{where} exclude"),
    )


def make_selection(
    config: CheckConfig,
    known: Collection[str],
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Selection:
    """The command line's --select replaces the configured one; its --ignore adds to it."""
    chosen = tuple(select) or config.select or ("ALL",)
    ignored = (*config.ignore, *ignore)
    for code in (*chosen, *ignored, *(c for cs in config.per_file_ignores.values() for c in cs)):
        if code != "ALL" and not any(k.startswith(code) for k in known):
            raise ShipyardError(f"{code!r} matches no rule; see `shipyard check --list-rules`.")
    return Selection(
        select=chosen,
        ignore=ignored,
        per_file=tuple((glob_regex(g), c) for g, c in config.per_file_ignores.items()),
    )


def split_codes(values: Sequence[str]) -> tuple[str, ...]:
    """`--select SY1,SY3 --select SY401` -> ("SY1", "SY3", "SY401")."""
    return tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ShipyardError(f"{where} must be a list of strings.")
    return tuple(value)
